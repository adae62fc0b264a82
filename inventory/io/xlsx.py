"""A small streaming reader for .xlsx workbooks: cell values as typed, within bounds.

Why not openpyxl or pandas here: pandas turns a Boolean into 1 and a formula into its cached
value (or nothing), and loads the whole used range (one stray cell in column XFD on 300,000
rows costs gigabytes); openpyxl's read-only mode streams but builds an object per cell, which
made reading the template the slowest part of a failed run. This reader parses the sheet XML
with expat as it is decompressed and keeps, per row, only the cells up to ``max_col``:

* ``t="s"``/``inlineStr``/``str`` text, numbers as ``float``;
* a cell with a formula (``<f>``) is ``Special("formula", "=...")`` whatever its cached value;
* ``t="b"`` is ``Special("boolean")``, ``t="e"`` ``Special("error value")``, a date (``t="d"``
  or a number in a date format) ``Special("date")``.

The caller stops reading by leaving the generator (:meth:`Workbook.rows` reads no further).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

__all__ = ["Special", "Workbook", "column_index"]

_CHUNK = 1 << 16
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class Special:
    """A cell that is not a plain number or text: ``kind`` is ``formula``, ``boolean``,
    ``date`` or ``error value``; ``text`` how Excel shows it."""

    kind: str
    text: str

    def describe(self) -> str:
        return f"{self.kind} {self.text!r}" if self.kind != "boolean" else f"boolean {self.text}"

    def __str__(self) -> str:
        return self.text


_LETTERS = re.compile(r"^([A-Za-z]+)(\d*)$")


def column_index(ref: str) -> int:
    """0-based column of a cell reference ('A1' -> 0, 'XFD7' -> 16383)."""
    m = _LETTERS.match(ref)
    n = 0
    for ch in (m.group(1) if m else ref).upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _parse(data: bytes, start, end=None, text=None) -> None:
    p = expat.ParserCreate()
    p.StartElementHandler = start
    if end is not None:
        p.EndElementHandler = end
    if text is not None:
        p.CharacterDataHandler = text
    p.Parse(data, True)


class Workbook:
    """An .xlsx file opened for streaming its sheets (see the module docstring)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.zip = zipfile.ZipFile(self.path)
        self._sheets: dict[str, str] = {}
        self._strings: list[str] | None = None
        self._dates: set[int] | None = None
        self._read_workbook()

    # ------------------------------------------------------------ workbook parts
    def _member(self, target: str, base: str = "xl") -> str:
        t = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(base, target))
        return t

    def _read_workbook(self) -> None:
        rels: dict[str, str] = {}

        def rel(name, attrs):
            if _local(name) == "Relationship":
                rels[attrs.get("Id", "")] = attrs.get("Target", "")

        _parse(self.zip.read("xl/_rels/workbook.xml.rels"), rel)
        order: list[tuple[str, str]] = []

        def sheet(name, attrs):
            if _local(name) == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                order.append((attrs.get("name", ""), rid))

        _parse(self.zip.read("xl/workbook.xml"), sheet)
        for name, rid in order:
            if rid in rels:
                self._sheets[name] = self._member(rels[rid])

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    def _shared_strings(self) -> list[str]:
        if self._strings is not None:
            return self._strings
        out: list[str] = []
        state = {"in_si": False, "in_t": False, "rph": 0, "buf": []}

        def start(name, _attrs):
            n = _local(name)
            if n == "si":
                state["in_si"], state["buf"] = True, []
            elif n == "t" and state["in_si"] and not state["rph"]:
                state["in_t"] = True
            elif n == "rPh":                 # phonetic runs are not part of the text
                state["rph"] += 1

        def end(name):
            n = _local(name)
            if n == "si":
                out.append("".join(state["buf"]))
                state["in_si"] = False
            elif n == "t":
                state["in_t"] = False
            elif n == "rPh":
                state["rph"] -= 1

        def text(data):
            if state["in_t"]:
                state["buf"].append(data)

        name = next((n for n in self.zip.namelist() if n.lower() == "xl/sharedstrings.xml"),
                    None)
        if name is not None:
            _parse(self.zip.read(name), start, end, text)
        self._strings = out
        return out

    def _date_styles(self) -> set[int]:
        if self._dates is not None:
            return self._dates
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        formats: dict[int, str] = {}
        xfs: list[int] = []
        state = {"in_xfs": False}

        def start(name, attrs):
            n = _local(name)
            if n == "numFmt":
                formats[int(attrs.get("numFmtId", -1))] = attrs.get("formatCode", "")
            elif n == "cellXfs":
                state["in_xfs"] = True
            elif n == "xf" and state["in_xfs"]:
                xfs.append(int(attrs.get("numFmtId", 0)))

        def end(name):
            if _local(name) == "cellXfs":
                state["in_xfs"] = False

        if "xl/styles.xml" in self.zip.namelist():
            _parse(self.zip.read("xl/styles.xml"), start, end)
        dates = set()
        for i, fid in enumerate(xfs):
            code = formats.get(fid, BUILTIN_FORMATS.get(fid, ""))
            if code and is_date_format(code):
                dates.add(i)
        self._dates = dates
        return dates

    # ------------------------------------------------------------ sheets
    def dimension_rows(self, sheet: str) -> int | None:
        """The last row of the sheet's declared used range (``<dimension ref>``), if any."""
        found: dict = {}

        class _Stop(Exception):
            pass

        def start(name, attrs):
            n = _local(name)
            if n == "dimension":
                ref = attrs.get("ref", "").split(":")[-1]
                m = _LETTERS.match(ref)
                if m and m.group(2):
                    found["rows"] = int(m.group(2))
                raise _Stop
            if n == "sheetData":
                raise _Stop

        p = expat.ParserCreate()
        p.StartElementHandler = start
        with self.zip.open(self._sheets[sheet]) as fh:
            try:
                while chunk := fh.read(_CHUNK):
                    p.Parse(chunk, False)
            except _Stop:
                pass
        return found.get("rows")

    def rows(self, sheet: str, max_col: int | None = None,
             limit: dict | None = None) -> Iterator[tuple[int, list]]:
        """``(row number, values)`` for every row element of ``sheet``: the values of columns
        0..max_col-1, None where a cell is empty (full width when ``max_col`` is None).
        ``limit`` ({"max_col": n}) may be changed by the caller while reading (the header
        row decides the width of the rest)."""
        strings = self._shared_strings()
        dates = self._date_styles()
        limit = limit if limit is not None else {"max_col": max_col}
        done: list[tuple[int, dict]] = []
        st = {"row": 0, "vals": {}, "col": -1, "t": "n", "s": 0, "f": None, "v": None,
              "in": None, "skip": False, "is": False, "next": 0}
        buf: list[str] = []

        def start(name, attrs):
            if ":" in name:
                name = name.rsplit(":", 1)[1]
            if name == "c":
                ref = attrs.get("r")
                col = column_index(ref) if ref else st["next"]
                st["next"] = col + 1
                st["col"] = col
                mc = limit["max_col"]
                st["skip"] = mc is not None and col >= mc
                st["t"] = attrs.get("t", "n")
                s_ = attrs.get("s")
                st["s"] = int(s_) if s_ else 0
                st["f"] = st["v"] = None
                st["is"] = False
            elif name == "v" or name == "f" or name == "t":
                if st["skip"] or (name == "t" and not st["is"]):
                    return
                if name == "f":
                    st["f"] = ""       # a shared formula has no text of its own
                st["in"] = name
                buf.clear()
            elif name == "row":
                r = attrs.get("r")
                st["row"] = int(r) if r else st["row"] + 1
                st["vals"] = {}
                st["next"] = 0
            elif name == "is":
                st["is"] = True

        def end(name):
            if ":" in name:
                name = name.rsplit(":", 1)[1]
            if name == "c":
                if not st["skip"]:
                    v = self._value(st, strings, dates)
                    if v is not None:
                        st["vals"][st["col"]] = v
            elif st["in"] == name:
                text = "".join(buf)
                if name == "v":
                    st["v"] = text
                elif name == "f":
                    st["f"] = text
                else:
                    st["v"] = (st["v"] or "") + text
                st["in"] = None
            elif name == "row":
                done.append((st["row"], st["vals"]))

        def text(data):
            if st["in"] is not None:
                buf.append(data)

        p = expat.ParserCreate()
        p.StartElementHandler = start
        p.EndElementHandler = end
        p.CharacterDataHandler = text
        p.buffer_text = True
        with self.zip.open(self._sheets[sheet]) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                p.Parse(chunk, not chunk)
                for r, vals in done:
                    mc = limit["max_col"]
                    width = mc if mc is not None else (max(vals) + 1 if vals else 0)
                    yield r, [vals.get(i) for i in range(width)]
                done.clear()
                if not chunk:
                    break

    @staticmethod
    def _value(st: dict, strings: list[str], dates: set[int]):
        t, v, f = st["t"], st["v"], st["f"]
        if f is not None:
            return Special("formula", "=" + f if f else "=(shared formula)")
        if t == "inlineStr":
            return v if v is not None else None
        if v is None:
            return None
        if t == "s":
            try:
                return strings[int(v)]
            except (ValueError, IndexError):
                return Special("error value", f"#shared string {v}")
        if t == "str":
            return v
        if t == "b":
            return Special("boolean", "TRUE" if v.strip() in ("1", "true") else "FALSE")
        if t == "e":
            return Special("error value", v)
        if t == "d":
            return Special("date", v)
        try:
            x = float(v)
        except ValueError:
            return v
        if st["s"] in dates:
            try:
                from openpyxl.utils.datetime import from_excel

                return Special("date", from_excel(x).isoformat())
            except (ValueError, OverflowError, TypeError):
                return Special("date", v)
        return x

    def close(self) -> None:
        self.zip.close()

