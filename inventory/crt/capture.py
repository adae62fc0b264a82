"""Every CRT cell the sheet writers fill, as data: (sheet, row, column) -> number / key / text.

:func:`inventory.crt.layout.write_row` reports each row it writes to the active
:class:`CellRecorder`, so every sheet -- the core's, each sector's and any sheet a sector adds
later (LULUCF) -- is captured by the same mechanism without a line of its own. The ETF Data
Exchange JSON (:mod:`inventory.etf`) is built from these records, and the round-trip test
compares them.

Row keys: a label that starts with a CRT code ("1.A.1.a. Public electricity ...") is keyed by
the code ("1.A.1.a"); any other label by its text. A text label used more than once on a sheet
("Liquid fuels" under every 1.A category) is prefixed by the nearest CRT code row above it
("1.A.1.a / Liquid fuels"), and, if still not unique, by the nearest section heading (a label
written without cells, e.g. "a. Biogenic"); a key still repeated gets "#2", "#3" ... in order.

Cell kinds: ``number`` (a float), ``key`` (a notation key NO/NE/NA/IE/C, several joined by
","), ``text`` (anything else, e.g. the Summary3 codes "T1,CS": the ETF variable decides how
a text is encoded). A shaded cell (None) does not exist in the CRT and is not recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

__all__ = ["CellRecorder", "recording", "paused", "active_recorder", "row_code", "cell_kind",
           "NOTATION_KEYS", "METHOD_CODES",
           "CELL_COLUMNS"]

NOTATION_KEYS = ("NO", "NE", "NA", "IE", "C")
# Summary3 codes (CRT Summary3 notes): methods T1, T1a, T1b, T1c, T2, T3, CR, M, RA, CS, OTH;
# emission factors D, CS, PS, M, OTH, CR.
METHOD_CODES = ("T1", "T1a", "T1b", "T1c", "T2", "T3", "CR", "CS", "D", "M", "OTH", "PS",
                "RA")
CELL_COLUMNS = ["sheet", "row", "column", "unit", "kind", "value", "text", "label", "order"]

_CODE = re.compile(r"^(\d(?:\.[A-Za-z0-9]+)*)\.\s")


def row_code(label: str) -> str | None:
    """'1.A.1.a. Public electricity ...' -> '1.A.1.a'; None for a label without a CRT code.

    A code of the CRT tree counts only when the label's text is the node's title (so the
    numbered lines "1. Inorganic N fertilizers" of Table3.D are not read as "1. Energy"); a
    code outside the tree needs two parts at least ("1.D.4.a")."""
    m = _CODE.match(str(label))
    if not m:
        return None
    code = m.group(1)
    titles = _titles()
    if code in titles:
        rest = re.sub(r"[^a-z]", "", str(label)[m.end():].lower())
        return code if rest[:5] == titles[code][:5] else None
    return code if "." in code else None


@cache
def _titles() -> dict[str, str]:
    from inventory.categories import crt_tree

    t = crt_tree()
    return {str(c): re.sub(r"[^a-z]", "", str(x).lower())
            for c, x in zip(t.index, t["title"], strict=True)}


def cell_kind(cell: object) -> tuple[str, float | None, str | None]:
    """(kind, number, text) of one written cell."""
    if isinstance(cell, str):
        parts = [p.strip() for p in cell.split(",")]
        if parts and all(p in NOTATION_KEYS for p in parts):
            return "key", None, ",".join(parts)
        return "text", None, cell
    return "number", float(cell), None  # type: ignore[arg-type]


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, str, int, list[tuple[str, object]]]] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)


class CellRecorder:
    """Collects the rows ``write_row`` writes, sheet by sheet."""

    def __init__(self) -> None:
        self._sheets: list[_Sheet] = []
        self._current: _Sheet | None = None
        self._seq = 0
        self._muted = 0

    @contextmanager
    def labels_muted(self) -> Iterator[None]:
        """Ignore :meth:`label` in the block (the title block reports its own labels)."""
        self._muted += 1
        try:
            yield
        finally:
            self._muted -= 1

    def begin_sheet(self, name: str) -> None:
        self._current = _Sheet(name)
        self._sheets.append(self._current)

    def label(self, row: int, text: str) -> None:
        """A text in the label column (a section heading when no cells follow on its row)."""
        if self._current is not None and not self._muted:
            self._current.labels[int(row)] = str(text)

    def row(self, row: int, label: str, cells: list, keys: list[str], units: list[str]
            ) -> None:
        if self._current is None:
            return
        self._seq += 1
        self._current.rows.append((int(row), str(label), self._seq,
                                   [(k, u, c) for k, u, c in zip(keys, units, cells,
                                                                 strict=True)
                                    if c is not None]))

    def frame(self) -> pd.DataFrame:
        """One line per recorded cell (:data:`CELL_COLUMNS`), rows keyed as the module says."""
        out = []
        for sheet in self._sheets:
            for key, label, seq, cells in _keyed_rows(sheet):
                for col, unit, cell in cells:
                    kind, num, text = cell_kind(cell)
                    out.append((sheet.name, key, col, unit, kind, num, text, label, seq))
        return pd.DataFrame(out, columns=CELL_COLUMNS)


def _keyed_rows(sheet: _Sheet) -> Iterator[tuple[str, str, int, list]]:
    rows = sorted(sheet.rows, key=lambda r: (r[0], r[2]))
    with_cells = {r[0] for r in rows}
    sections = {r: t for r, t in sheet.labels.items() if r not in with_cells}
    counts: dict[str, int] = {}
    for _, label, _, _ in rows:
        counts[label] = counts.get(label, 0) + 1
    code_ctx, section_ctx = None, None
    keyed: list[tuple[str, str, int, list]] = []
    section_rows = sorted(sections)
    si = 0
    for rownum, label, seq, cells in rows:
        while si < len(section_rows) and section_rows[si] < rownum:
            section_ctx = sections[section_rows[si]]
            si += 1
        code = row_code(label)
        if code is not None:
            key = code
            code_ctx, section_ctx = code, None
        elif counts[label] == 1:
            key = label
        else:
            key = f"{code_ctx} / {label}" if code_ctx else label
        keyed.append((key, label, seq, cells, section_ctx))  # type: ignore[arg-type]
    # second pass: still-repeated keys take their section, then a running number
    n: dict[str, int] = {}
    for k, *_ in keyed:
        n[k] = n.get(k, 0) + 1
    seen: dict[str, int] = {}
    for key, label, seq, cells, section in keyed:  # type: ignore[misc]
        if n[key] > 1 and section and row_code(label) is None:
            parts = key.rsplit(" / ", 1)
            key = (f"{parts[0]} / {section} / {parts[1]}" if len(parts) == 2
                   else f"{section} / {key}")
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key} #{seen[key]}"
        yield key, label, seq, cells


_ACTIVE: list[CellRecorder | None] = []


def active_recorder() -> CellRecorder | None:
    return _ACTIVE[-1] if _ACTIVE else None


@contextmanager
def paused() -> Iterator[None]:
    """No recorder receives the ``write_row`` calls of the block (a workbook's own
    documentation box, which :func:`inventory.crt.collect.record_docbox` records instead)."""
    _ACTIVE.append(None)
    try:
        yield
    finally:
        _ACTIVE.pop()


@contextmanager
def recording(recorder: CellRecorder | None = None) -> Iterator[CellRecorder]:
    """Make ``recorder`` (a new one by default) receive every ``write_row`` in the block."""
    rec = recorder or CellRecorder()
    _ACTIVE.append(rec)
    try:
        yield rec
    finally:
        _ACTIVE.pop()
