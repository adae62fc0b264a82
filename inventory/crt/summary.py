"""CRT Summary1: summary report for national greenhouse gas inventories.

Rows: Total national emissions and removals; 1. Energy with 1.A (1.A.1-1.A.5), 1.B (1.B.1,
1.B.2) and 1.C; 2. IPPU; 3. Agriculture; 4. LULUCF; 5. Waste; 6. Other; memo items
(international bunkers with aviation and navigation, multilateral operations, CO2 emissions from
biomass, CO2 captured, long-term storage of C in waste disposal sites, indirect N2O, indirect
CO2); then total CO2 equivalent emissions without and with LULUCF.

Columns: net CO2, CH4, N2O [kt of gas]; HFCs, PFCs, unspecified mix of HFCs and PFCs, SF6,
NF3 [kt CO2 eq]; Total GHG emissions/removals [kt CO2 eq] with the GWP set of the title block.
Which columns are in kt of gas is set in one place, ``data.SUMMARY_MASS_COLUMNS``.

Notation keys:

* A sector (or any cell) with no emission rows at all is shown as "NE" (not estimated) --
  unless rows with a notation key exist, whose keys roll up by :mod:`inventory.notation`
  (e.g. NO in every region gives NO).
* Cells the CRT does not have (F-gases outside IPPU and "Other", gases a memo item does not
  cover) are shaded and left empty -- unless data arrive there, which are then shown.
* The Total column sums the CO2 eq of all Kyoto gases of the row with the same rules; the
  totals without LULUCF = total - 4. LULUCF (when LULUCF is a number).
* Gases outside the Summary1 columns (NOx, CO, NMVOC, SO2, HCFCs, HFEs ...) are not shown here;
  the indirect gases are in Table1.
"""

from __future__ import annotations

import math

from inventory.categories import LULUCF_CRT

from .data import SUMMARY_MASS_COLUMNS, YearData
from .layout import (
    CO2EQ,
    KT,
    KT_FINE,
    Cell,
    Column,
    Formats,
    SheetContext,
    crt_label,
    finish_sheet,
    gwp_label,
    resolve,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from .memo import MEMO_ITEMS
from .registry import register_sheet

__all__ = ["SUMMARY_ROWS", "SUMMARY_COLUMNS", "summary_columns", "summary_cells"]

SUMMARY_ROWS = ("TOTAL", "1", "1.A", "1.A.1", "1.A.2", "1.A.3", "1.A.4", "1.A.5", "1.B",
                "1.B.1", "1.B.2", "1.C", "2", "3", "4", "5", "6")
SUMMARY_COLUMNS = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "mix", "SF6", "NF3", "Total")
F_GASES = ("HFCs", "PFCs", "mix", "SF6", "NF3")
# Sectors whose F-gas cells the CRT does not have (shaded).
NO_FGAS_SECTORS = ("1", "3", "4", "5")


def summary_columns(gwp_set: str) -> list[Column]:
    gwp = gwp_label(gwp_set)
    head = {"CO2": "Net CO2 emissions/removals", "CH4": "CH4", "N2O": "N2O", "HFCs": "HFCs",
            "PFCs": "PFCs", "mix": "Unspecified mix of HFCs and PFCs", "SF6": "SF6",
            "NF3": "NF3", "Total": "Total GHG emissions/removals"}
    cols = []
    for c in SUMMARY_COLUMNS:
        if c in SUMMARY_MASS_COLUMNS:   # kt of gas (data.py decides what is converted)
            cols.append(Column(c, head[c], "(kt)", KT if c == "CO2" else KT_FINE))
        else:
            cols.append(Column(c, head[c], f"(kt CO2 eq, {gwp})", CO2EQ))
    return cols


def _open(code: str, column: str) -> bool:
    """Does the CRT have this cell? (F-gases only in 2. IPPU, 6. Other and the total.)"""
    if column in F_GASES:
        return not any(code == s or code.startswith(s + ".") for s in NO_FGAS_SECTORS)
    return True


def summary_cells(data: YearData, code: str) -> list[Cell]:
    cells: list[Cell] = []
    for c in SUMMARY_COLUMNS:
        found = data.summary_by_crt.get((code, c))
        if found is None and not _open(code, c):
            cells.append(None)
        else:
            cells.append(resolve(*(found or (math.nan, None))))
    return cells


def _memo_cells(data: YearData, code: str, gases: tuple[str, ...]) -> list[Cell]:
    cells: list[Cell] = []
    for c in SUMMARY_COLUMNS:
        found = data.summary_memo.get((code, c))
        if found is None and c != "Total" and c not in gases:
            cells.append(None)
        else:
            cells.append(resolve(*(found or (math.nan, None))))
    return cells


def _totals(cells_total: Cell, cells_lulucf: Cell) -> tuple[Cell, Cell]:
    """(without LULUCF, with LULUCF) from the Total column of TOTAL and 4. LULUCF."""
    with_l = cells_total
    if isinstance(with_l, str):
        return with_l, with_l
    without = with_l - cells_lulucf if isinstance(cells_lulucf, float) else with_l
    return without, with_l


@register_sheet("Summary1", order=900)
def write_summary1(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = summary_columns(ctx.gwp_set)
    row = write_title_block(ws, fmt, ctx, "SUMMARY 1 SUMMARY REPORT FOR NATIONAL GREENHOUSE "
                            "GAS INVENTORIES")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for code in SUMMARY_ROWS:
        depth = 0 if code == "TOTAL" else code.count(".") + 1
        write_row(ws, fmt, row, crt_label(code), summary_cells(data, code), cols,
                  indent=max(0, depth - 1), bold=depth <= 1)
        row += 1
    ws.write_string(row, 0, "Memo items:", fmt.label(0, True))
    row += 1
    for item in MEMO_ITEMS:
        label = f"{item.code}. {item.title}" if item.code[0].isdigit() else item.title
        write_row(ws, fmt, row, label, _memo_cells(data, item.code, item.gases), cols,
                  indent=1 + item.depth)
        row += 1
    row += 1
    total = summary_cells(data, "TOTAL")[-1]
    lulucf = summary_cells(data, LULUCF_CRT)[-1]
    without, with_l = _totals(total, lulucf)
    blank: list[Cell] = [None] * (len(cols) - 1)
    write_row(ws, fmt, row, "Total CO2 equivalent emissions without LULUCF", [*blank, without],
              cols, bold=True)
    write_row(ws, fmt, row + 1, "Total CO2 equivalent emissions with LULUCF", [*blank, with_l],
              cols, bold=True)
    row += 2
    write_notes(ws, fmt, row, [
        "Notation keys: NO = not occurring, NE = not estimated, NA = not applicable, IE = "
        "included elsewhere, C = confidential. A sector or cell with no emission row at all is "
        "reported as NE.",
        f"{', '.join(c.header for c in cols if c.key not in SUMMARY_MASS_COLUMNS)} in kt "
        f"CO2 eq ({gwp_label(ctx.gwp_set)}); "
        f"{', '.join(c.header for c in cols if c.key in SUMMARY_MASS_COLUMNS)} in kt of gas.",
        "Memo items are not included in the national totals. Shaded cells have no entry in "
        "the CRT.",
    ])
    finish_sheet(ws, first)
