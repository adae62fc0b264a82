"""CRT energy sheets: Table1 and Table1.A(a)s1-s4.

Table1 (sectoral report for energy): rows 1. Energy, 1.A with 1.A.1-1.A.5 and their
subcategories to the CRT's Table1 depth, 1.B with 1.B.1 and 1.B.2, 1.C, and the memo items
1.D.1 international bunkers (aviation, navigation), 1.D.2 multilateral operations, 1.D.3 CO2
emissions from biomass, 1.D.4 CO2 captured; columns CO2, CH4, N2O, NOx, CO, NMVOC, SO2 [kt].

Table1.A(a) (sectoral background data for fuel combustion) is split over four sheets as in the
CRT (and the CRF before it): s1 = 1.A total and 1.A.1 energy industries, s2 = 1.A.2
manufacturing industries and construction, s3 = 1.A.3 transport, s4 = 1.A.4 other sectors and
1.A.5 other. Each category row carries the category total; below it one row per fuel group
(liquid, solid, gaseous, other fossil fuels, peat, biomass). Columns: aggregate activity data
[TJ, NCV], implied emission factors CO2 [t/TJ], CH4 [kg/TJ], N2O [kg/TJ], emissions CO2, CH4,
N2O [kt].

Rules:

* IEF = sum of emissions / sum of activity over the same aggregated rows (the rows that carry
  both numbers), never an average of row IEFs. CO2 IEF in t/TJ = kt/TJ x 1e3; CH4 and N2O IEF
  in kg/TJ = kt/TJ x 1e6.
* CO2 from biomass is a memo item: the biomass row shows it (with its IEF), the category total
  excludes it -- total CO2 and its IEF cover fossil fuels only, while the total activity
  includes biomass (total fuel use) and the CH4/N2O totals include biomass.
* Notation keys: where rows exist, the rows' keys roll up with :mod:`inventory.notation`
  (all regions NO -> NO; a number anywhere -> the number; C -> C and the number never shows).
  Where no row exists at all the cell is "NE": an empty CRT cell is not allowed, the exporter
  cannot know whether a fuel does not occur (NO) or was not estimated (NE), and NE keeps the
  gap visible until the compiler records NO/IE/NA rows (the UNFCCC reporting rule that every
  cell without a number carries a key; decision 18/CMA.1 annex para. 31).
* IEF cells: the emission cell's key when it has one; "C" when the activity is confidential;
  the activity cell's key when there is no activity number; "NA" when no row carries both an
  emission and an activity number (no IEF can be computed).
* Activity is taken once per region, category and fuel (all gas rows of a fuel must agree,
  else an InputError); activity not in an energy unit gives "NE" activity.
"""

from __future__ import annotations

from inventory.categories import crt_tree
from inventory.crt.data import FUEL_GROUPS, YearData
from inventory.crt.layout import (
    IEF,
    KT,
    KT_FINE,
    NOTES_KEYS,
    TJ,
    Cell,
    Column,
    Formats,
    SheetContext,
    crt_label,
    finish_sheet,
    resolve,
    sum_or_key,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.memo import MEMO_ITEMS
from inventory.crt.registry import register_sheet

__all__ = ["TABLE1_ROWS", "FUEL_SHEETS", "table1_columns", "fuel_columns", "crt_label",
           "captured_amount", "sum_or_key"]

# ---- Table1 ------------------------------------------------------------------------------

TABLE1_GASES = ("CO2", "CH4", "N2O", "NOx", "CO", "NMVOC", "SO2")
TABLE1_ROWS = (
    "1", "1.A", "1.A.1", "1.A.1.a", "1.A.1.b", "1.A.1.c",
    "1.A.2", "1.A.2.a", "1.A.2.b", "1.A.2.c", "1.A.2.d", "1.A.2.e", "1.A.2.f", "1.A.2.g",
    "1.A.3", "1.A.3.a", "1.A.3.b", "1.A.3.c", "1.A.3.d", "1.A.3.e",
    "1.A.4", "1.A.4.a", "1.A.4.b", "1.A.4.c",
    "1.A.5", "1.A.5.a", "1.A.5.b",
    "1.B", "1.B.1", "1.B.1.a", "1.B.1.b", "1.B.1.c",
    "1.B.2", "1.B.2.a", "1.B.2.b", "1.B.2.c", "1.B.2.d",
    "1.C", "1.C.1", "1.C.2", "1.C.3",
)
TABLE1_MEMO = ("1.D.1", "1.D.1.a", "1.D.1.b", "1.D.2", "1.D.3", "1.D.4")
# CRT sub-rows of 1.D.4 (CO2 captured): activity of the captured rows -> (code, title)
CAPTURED_ROWS = {"co2_captured:domestic_storage": ("1.D.4.a", "For domestic storage"),
                 "co2_captured:export": ("1.D.4.b", "For storage in other countries")}



def table1_columns() -> list[Column]:
    return [Column(g, g, "(kt)", KT if g == "CO2" else KT_FINE, group="EMISSIONS")
            for g in TABLE1_GASES]



def _depth(code: str) -> int:
    return int(crt_tree().loc[code, "depth"])


def captured_amount(data: YearData, activity: str) -> tuple[float, str | None]:
    """CO2 captured [kt] of one 1.D.4 sub-row (the memo rows of memo item 1.D.4)."""
    r = data.rows
    return sum_or_key(r[(r["memo_item"] == "1.D.4") & (r["activity"] == activity)
                        & (r["gas"] == "CO2")])


@register_sheet("Table1", order=100)
def write_table1(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = table1_columns()
    row = write_title_block(ws, fmt, ctx, "TABLE 1 SECTORAL REPORT FOR ENERGY")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    base = _depth("1")
    for code in TABLE1_ROWS:
        label = "Total energy" if code == "1" else crt_label(code)
        cells = [resolve(*data.by_crt_gas.get((code, g), (float("nan"), None)))
                 for g in TABLE1_GASES]
        write_row(ws, fmt, row, label, cells, cols, indent=_depth(code) - base,
                  bold=_depth(code) - base <= 1)
        row += 1
    ws.write_string(row, 0, "1.D. Memo items:", fmt.label(0, True))
    row += 1
    memo = {m.code: m for m in MEMO_ITEMS}
    for code in TABLE1_MEMO:
        item = memo[code]
        cells: list[Cell] = []
        for g in TABLE1_GASES:
            found = data.memo_by_gas.get((code, g))
            if g not in item.gases and found is None:
                cells.append(None)  # no such cell in the CRT
            else:
                cells.append(resolve(*(found or (float("nan"), None))))
        write_row(ws, fmt, row, f"{code}. {item.title}", cells, cols, indent=1 + item.depth)
        row += 1
        if code == "1.D.4":
            for act, (sub, title) in CAPTURED_ROWS.items():
                v, k = captured_amount(data, act)
                cells = [resolve(v, k) if g == "CO2" else None for g in TABLE1_GASES]
                write_row(ws, fmt, row, f"{sub}. {title}", cells, cols, indent=2)
                row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "Memo items are not included in the national totals; CO2 from biomass is reported "
        "under 1.D.3 only.",
    ])
    finish_sheet(ws, first)


# ---- Table1.A(a)s1-s4 --------------------------------------------------------------------

GASES = ("CO2", "CH4", "N2O")
IEF_FACTOR = {"CO2": 1e3, "CH4": 1e6, "N2O": 1e6}   # kt/TJ -> t/TJ, kg/TJ
IEF_UNIT = {"CO2": "(t/TJ)", "CH4": "(kg/TJ)", "N2O": "(kg/TJ)"}

# sheet -> (root categories, sheet title suffix); s1 also opens with the 1.A total.
FUEL_SHEETS: dict[str, tuple[tuple[str, ...], str]] = {
    "Table1.A(a)s1": (("1.A", "1.A.1"), "Sheet 1 of 4: 1.A fuel combustion, 1.A.1 energy "
                      "industries"),
    "Table1.A(a)s2": (("1.A.2",), "Sheet 2 of 4: 1.A.2 manufacturing industries and "
                      "construction"),
    "Table1.A(a)s3": (("1.A.3",), "Sheet 3 of 4: 1.A.3 transport"),
    "Table1.A(a)s4": (("1.A.4", "1.A.5"), "Sheet 4 of 4: 1.A.4 other sectors, 1.A.5 other"),
}


def fuel_columns() -> list[Column]:
    cols = [Column("ad", "Consumption", "(TJ, NCV)", TJ, group="AGGREGATE ACTIVITY DATA")]
    cols += [Column(f"ief_{g}", g, IEF_UNIT[g], IEF, group="IMPLIED EMISSION FACTORS")
             for g in GASES]
    cols += [Column(g, g, "(kt)", KT if g == "CO2" else KT_FINE, group="EMISSIONS")
             for g in GASES]
    return cols


def sheet_categories(roots: tuple[str, ...]) -> list[str]:
    """The CRT categories of a sheet in CRT order: the roots and all their descendants, except
    that the 1.A root stands alone (its subsectors have sheets of their own)."""
    codes = list(crt_tree().sort_values("order").index)
    out: list[str] = []
    for root in roots:
        if root == "1.A":
            out.append(root)
            continue
        out += [c for c in codes if c == root or c.startswith(root + ".")]
    return out


def _ief_cell(em: Cell, ad: Cell, sums: tuple[float, float] | None, gas: str) -> Cell:
    if isinstance(em, str):
        return em
    if ad == "C":
        return "C"
    if isinstance(ad, str):
        return ad
    if sums is None or not sums[1] > 0:
        return "NA"
    return sums[0] / sums[1] * IEF_FACTOR[gas]


def fuel_row_cells(data: YearData, node: str, group: str | None) -> list[Cell]:
    """The 7 cells of one Table1.A(a) row: a fuel group of ``node``, or its total (None)."""
    ft = data.fuel_tables
    nan = (float("nan"), None)
    if group is None:
        ad = resolve(*ft.ad_total.get((node,), nan))
        em = {g: resolve(*ft.em_total.get((node, g), nan)) for g in GASES}
        sums = {g: ft.ief_total.get((node, g)) for g in GASES}
    else:
        ad = resolve(*ft.ad_group.get((node, group), nan))
        em = {g: resolve(*ft.em_group.get((node, group, g), nan)) for g in GASES}
        sums = {g: ft.ief_group.get((node, group, g)) for g in GASES}
    iefs = [_ief_cell(em[g], ad, sums[g], g) for g in GASES]
    return [ad, *iefs, *(em[g] for g in GASES)]


def _write_fuel_sheet(name: str):
    roots, subtitle = FUEL_SHEETS[name]

    def write(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
        cols = fuel_columns()
        row = write_title_block(ws, fmt, ctx, "TABLE 1.A(a) SECTORAL BACKGROUND DATA FOR "
                                "ENERGY - Fuel combustion activities - sectoral approach",
                                subtitle)
        first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES",
                              cols)
        row = first
        base = min(_depth(r) for r in roots)
        for code in sheet_categories(roots):
            indent = 2 * (_depth(code) - base)
            write_row(ws, fmt, row, crt_label(code), fuel_row_cells(data, code, None), cols,
                      indent=indent, bold=True)
            row += 1
            for group, label in FUEL_GROUPS:
                write_row(ws, fmt, row, label, fuel_row_cells(data, code, group), cols,
                          indent=indent + 1)
                row += 1
        write_notes(ws, fmt, row, [
            NOTES_KEYS,
            "Each category row holds the category total. CO2 from biomass is a memo item: it "
            "is shown in the biomass row and excluded from the total CO2 (and its IEF), while "
            "the total activity and the CH4 and N2O totals include biomass.",
            "IEF = sum of emissions / sum of activity over the same rows (CO2 in t/TJ, CH4 and "
            "N2O in kg/TJ); NA where no row has both an emission and an activity number.",
        ])
        finish_sheet(ws, first)

    write.__name__ = f"write_{name}"
    return write


for _order, _name in enumerate(FUEL_SHEETS, start=110):
    register_sheet(_name, order=_order)(_write_fuel_sheet(_name))
