"""Formats, title block, headers and cell writing shared by every CRT sheet.

A sheet module describes its table as a list of :class:`Column` and writes rows of
:data:`Cell` values; everything about how a cell looks lives here:

* numbers go through ``worksheet.write_number`` with the column's number format;
* notation keys (NO, NE, NA, IE, C) are written as centred text with ``write_string`` -- never
  as 0;
* ``None`` is a shaded cell: the CRT has no entry there (e.g. HFCs in 1. Energy);
* every piece of text that may come from a user (party, submission label, category titles,
  notes) goes through ``write_string`` so "=SUM(A1)" or "+1" stays text. The workbook is also
  created with ``strings_to_formulas=False`` and ``strings_to_numbers=False`` as a second guard.
"""

from __future__ import annotations

import math
import re
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .capture import active_recorder

__all__ = [
    "Cell",
    "Column",
    "Formats",
    "SheetContext",
    "WORKBOOK_OPTIONS",
    "KT",
    "KT_FINE",
    "TJ",
    "IEF",
    "CO2EQ",
    "LABEL_WIDTH",
    "gwp_label",
    "guidelines_label",
    "resolve",
    "write_title_block",
    "write_headers",
    "write_row",
    "write_notes",
    "finish_sheet",
    "crt_label",
    "crt_depth",
    "sum_or_key",
    "NOTES_KEYS",
]

NOTES_KEYS = ("Notation keys: NO = not occurring, NE = not estimated, NA = not applicable, "
              "IE = included elsewhere, C = confidential. A cell with no emission row at all "
              "is reported as NE.")

# A cell of a CRT table: a number, a notation key, or None for a shaded (not applicable) cell.
Cell = float | str | None

# Options for xlsxwriter.Workbook: user text must never turn into formulas, numbers or links.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}

# Number formats (display only; the cell keeps the full value).
KT = "#,##0.00"          # kt CO2 and other large masses
KT_FINE = "#,##0.0000"   # kt CH4, N2O and indirect gases (often well below 1 kt)
TJ = "#,##0.00"          # activity data
IEF = "#,##0.000"        # implied emission factors
CO2EQ = "#,##0.00"       # kt CO2 eq

LABEL_WIDTH = 62
NUMBER_WIDTH = 15


@dataclass(frozen=True)
class Column:
    """One data column of a CRT table."""

    key: str            # internal id (gas, "ad", "ief_CO2" ...)
    header: str         # header text, e.g. "CH4"
    unit: str           # unit row text, e.g. "(kt)"
    num_format: str = KT
    group: str = ""     # spanning header above consecutive columns, e.g. "EMISSIONS"
    width: float = NUMBER_WIDTH


@dataclass(frozen=True)
class SheetContext:
    """What the title block of every sheet shows."""

    party: str
    year: int
    gwp_set: str
    submission_label: str = ""
    banner: str = ""
    coverage: str = ""
    guidelines: str = ""
    # sheet name -> text of its documentation box (inventory.crt.docbox), from the project
    documentation: dict = field(default_factory=dict, compare=False)
    # inventory.yml 'flexibility' (provision -> {applied, description, ...}) for Flex_summary
    flexibility: dict = field(default_factory=dict, compare=False)


GUIDELINES_LABELS = {
    "ipcc2006": "2006 IPCC Guidelines (printed 2006 defaults)",
    "ipcc2006_2019r": "2006 IPCC Guidelines with the 2019 Refinement defaults",
}


def guidelines_label(guidelines: str) -> str:
    return GUIDELINES_LABELS.get(str(guidelines), str(guidelines))


def gwp_label(gwp_set: str) -> str:
    """'AR5GWP100' -> 'AR5 GWP100' (as written in the CRT); other spellings unchanged."""
    m = re.fullmatch(r"(SAR|TAR|AR\d+(?:CCF)?)(GWP\d+)", str(gwp_set))
    return f"{m.group(1)} {m.group(2)}" if m else str(gwp_set)


def resolve(value: object, key: object, missing: str = "NE") -> float | str:
    """The cell for an aggregated (value, notation key) pair.

    A key always wins (C keeps its confidential number out of the sheet); else the number;
    else ``missing`` -- an empty CRT cell is not allowed, so a gap is reported as a key.
    """
    if isinstance(key, str) and key:
        return key
    if value is not None and not (isinstance(value, float) and math.isnan(value)):
        return float(value)  # type: ignore[arg-type]
    return missing


class Formats:
    """The cell formats of one workbook (xlsxwriter formats belong to a workbook)."""

    def __init__(self, wb: Workbook):
        self._wb = wb
        border = {"border": 1, "border_color": "#A6A6A6"}
        self.title = wb.add_format({"bold": True, "font_size": 12})
        self.subtitle = wb.add_format({"italic": True})
        self.meta_label = wb.add_format({"bold": True})
        self.meta_value = wb.add_format({})
        self.banner = wb.add_format({"bold": True, "font_color": "#C00000"})
        self.header = wb.add_format({"bold": True, "text_wrap": True, "align": "center",
                                     "valign": "vcenter", "bg_color": "#DDEBF7", **border})
        self.label_header = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                                           "bg_color": "#DDEBF7", **border})
        self.unit = wb.add_format({"italic": True, "text_wrap": True, "align": "center",
                                   "valign": "vcenter", "bg_color": "#DDEBF7", **border})
        self.key = wb.add_format({"align": "center", **border})
        self.shaded = wb.add_format({"bg_color": "#BFBFBF", **border})
        self.note = wb.add_format({"italic": True, "font_size": 9})
        self._border = border
        self._labels: dict[tuple[int, bool], object] = {}
        self._numbers: dict[tuple[str, bool], object] = {}
        self._keys: dict[bool, object] = {False: self.key}

    def label(self, indent: int = 0, bold: bool = False):
        k = (max(0, int(indent)), bool(bold))
        if k not in self._labels:
            self._labels[k] = self._wb.add_format({"indent": k[0], "bold": k[1], **self._border})
        return self._labels[k]

    def number(self, num_format: str, bold: bool = False):
        k = (num_format, bool(bold))
        if k not in self._numbers:
            self._numbers[k] = self._wb.add_format({"num_format": num_format, "bold": k[1],
                                                    **self._border})
        return self._numbers[k]

    def key_format(self, bold: bool = False):
        if bold not in self._keys:
            self._keys[bold] = self._wb.add_format({"align": "center", "bold": True,
                                                    **self._border})
        return self._keys[bold]


def _title_lines(ctx: SheetContext, title: str, subtitle: str) -> list[tuple[int, int, str, str]]:
    """(row, column, text, format name) of the title block."""
    lines = [(0, 0, title, "title")]
    row = 1
    if subtitle:
        lines.append((row, 0, subtitle, "subtitle"))
        row += 1
    meta = [
        ("Party:", str(ctx.party)),
        ("Inventory year:", str(int(ctx.year))),
        ("Submission:", str(ctx.submission_label)),
        ("GWP:", gwp_label(ctx.gwp_set)),
    ]
    if ctx.coverage:
        meta.append(("Coverage:", str(ctx.coverage)))
    if ctx.guidelines:
        meta.append(("Guidelines:", guidelines_label(ctx.guidelines)))
    for label, value in meta:
        lines.append((row, 0, label, "meta_label"))
        lines.append((row, 1, value, "meta_value"))
        row += 1
    if ctx.banner:
        lines.append((row, 0, str(ctx.banner), "banner"))
    return lines


def write_title_block(ws: Worksheet, fmt: Formats, ctx: SheetContext, title: str,
                      subtitle: str = "") -> int:
    """Title, party, inventory year, submission label, GWP set, coverage and banner.

    Returns the next free row (0-based) after one blank row.

    A cell recorder (:mod:`.capture`) receives the label column of the block as the ETF
    export has always captured it: without submission label, guidelines and banner (the
    export's sheet context has none), so the row keys that fall back on a section heading do
    not depend on the banner a project chose (the compile and the export record the same
    cells)."""
    lines = _title_lines(ctx, title, subtitle)
    rec = active_recorder()
    with (rec.labels_muted() if rec is not None else nullcontext()):
        for row, col, text, name in lines:
            ws.write_string(row, col, text, getattr(fmt, name))
    if rec is not None:
        plain = replace(ctx, submission_label="", banner="", guidelines="")
        for row, col, text, _ in _title_lines(plain, title, subtitle):
            if col == 0:
                rec.label(row, text)
    return (1 + max(r for r, *_ in lines)) + 1


def write_headers(ws: Worksheet, fmt: Formats, row: int, label_header: str,
                  columns: list[Column]) -> int:
    """Header rows: optional spanning groups, column names, units. Returns the first data row.

    Also sets the column widths (label column and data columns).
    """
    has_groups = any(c.group for c in columns)
    first = row
    if has_groups:
        col = 1
        while col <= len(columns):
            group = columns[col - 1].group
            end = col
            while end < len(columns) and columns[end].group == group:
                end += 1
            if end > col:
                ws.merge_range(row, col, row, end, group, fmt.header)
            else:
                ws.write_string(row, col, group, fmt.header)
            col = end + 1
        row += 1
    for i, c in enumerate(columns, start=1):
        ws.write_string(row, i, c.header, fmt.header)
        ws.write_string(row + 1, i, c.unit, fmt.unit)
    if row + 1 > first:
        ws.merge_range(first, 0, row + 1, 0, label_header, fmt.label_header)
    ws.set_row(row, 45)
    ws.set_column(0, 0, LABEL_WIDTH)
    for i, c in enumerate(columns, start=1):
        ws.set_column(i, i, c.width)
    return row + 2


def write_row(ws: Worksheet, fmt: Formats, row: int, label: str, cells: list[Cell],
              columns: list[Column], indent: int = 0, bold: bool = False) -> None:
    """One table row: the label (text) and its cells (number / key / shaded)."""
    if len(cells) != len(columns):
        raise ValueError(f"row '{label}': {len(cells)} cells for {len(columns)} columns")
    rec = active_recorder()
    if rec is not None:   # every filled cell, for the ETF JSON (inventory.crt.capture)
        rec.row(row, str(label), cells, [c.key for c in columns], [c.unit for c in columns])
    ws.write_string(row, 0, str(label), fmt.label(indent, bold))
    for i, (cell, col) in enumerate(zip(cells, columns, strict=True), start=1):
        if cell is None:
            ws.write_blank(row, i, None, fmt.shaded)
        elif isinstance(cell, str):
            ws.write_string(row, i, cell, fmt.key_format(bold))
        else:
            value = float(cell)
            if math.isnan(value) or math.isinf(value):
                raise ValueError(f"row '{label}', column '{col.header}': {value} is not a "
                                 "reportable number")
            ws.write_number(row, i, value, fmt.number(col.num_format, bold))


def write_notes(ws: Worksheet, fmt: Formats, row: int, notes: list[str]) -> int:
    """Footnotes below a table (text only). Returns the next free row."""
    row += 1
    for note in notes:
        ws.write_string(row, 0, str(note), fmt.note)
        row += 1
    return row


def finish_sheet(ws: Worksheet, first_data_row: int) -> None:
    """Freeze the panes below the headers and right of the row labels."""
    ws.freeze_panes(first_data_row, 1)


def crt_label(code: str) -> str:
    """'1.A.1.a' -> '1.A.1.a. Public electricity and heat production'."""
    from inventory.categories import crt_tree

    title = crt_tree().loc[code, "title"]
    return str(title) if code == "TOTAL" else f"{code}. {title}"


def crt_depth(code: str) -> int:
    """Depth of a CRT code in the CRT tree (TOTAL 0, sectors 1 ...)."""
    from inventory.categories import crt_tree

    return int(crt_tree().loc[code, "depth"])


def sum_or_key(rows: pd.DataFrame | None, value: str = "value") -> tuple[float, str | None]:
    """Roll rows up to one (number, key) pair with the notation-key rules (see
    :mod:`inventory.notation`); (nan, None) when there are no rows."""
    from inventory.notation import rollup_one

    if rows is None or len(rows) == 0:
        return float("nan"), None
    total, key, _ = rollup_one(rows[value].to_numpy(dtype=float),
                               rows["key"].astype(object).to_numpy())
    return total, key
