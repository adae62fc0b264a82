"""CRT LULUCF sheets, part 1: Table4 (sectoral report), Table4.1 (land transition matrix) and
Tables 4.A-4.F (carbon stock changes per land category, with implied carbon stock change
factors).

* Table4: rows 4 and 4.A-4.H with their remaining/converted rows; columns net CO2
  emissions/removals, CH4, N2O, NOx, CO [kt]; from the combined emission rows (removals
  negative).
* Table4.1: the year's land-use change matrix [kha]: rows the land use at the start of the
  year (initial), columns at its end (final); the initial and final areas and the net change.
* Table4.A-4.F: per CRT row: area [kha] and drained organic soils [kha]; implied carbon stock
  change factors [t C/ha] = stock change / area; carbon stock changes [kt C] of above-ground
  biomass (gains, losses, net), below-ground biomass, dead wood, litter, mineral and organic
  soils; net CO2 = -44/12 x the total [kt]. From the background table ``lulucf.carbon``.

A stock gain is positive in the kt C columns and a removal negative in the CO2 column (the
CRT sign convention). Cells follow docs/crt_export.md: NE where no row exists, NA for a factor
without area.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from inventory.crt.data import YearData
from inventory.crt.layout import (
    IEF,
    KT,
    KT_FINE,
    Cell,
    Column,
    Formats,
    SheetContext,
    crt_label,
    finish_sheet,
    resolve,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.registry import register_sheet

from .common import C_TO_CO2, LAND_USES, category_table, crt_code

__all__ = ["table4_rows", "land_nodes", "carbon_by_node", "KEYS_NOTE"]

KEYS_NOTE = ("Notation keys: NO = not occurring, NE = not estimated, NA = not applicable, "
             "IE = included elsewhere, C = confidential. A cell with no row at all is NE.")
SIGN_NOTE = ("Sign convention: carbon stock gains are positive in kt C; in the CO2 columns "
             "emissions are positive and removals negative.")
NAN = (math.nan, None)
LETTERS = dict(zip(LAND_USES, "ABCDEF", strict=True))
NAMES = {"forest": "Forest land", "cropland": "Cropland", "grassland": "Grassland",
         "wetlands": "Wetlands", "settlements": "Settlements", "other_land": "Other land"}


def land_nodes(land_use: str) -> list[str]:
    """The CRT rows of a land category in table order (4.A, 4.A.1, 4.A.2, 4.A.2.a ...)."""
    from inventory.categories import crt_tree

    tree = crt_tree()
    top = f"4.{LETTERS[land_use]}"
    codes = [c for c in tree.index if c == top or c.startswith(top + ".")]
    return sorted(codes, key=lambda c: tree.loc[c, "order"])


def table4_rows() -> tuple[str, ...]:
    """The rows of Table4: 4, each land category with its remaining/converted rows, 4.G,
    4.H (read from the CRT tree when the sheet is written: the tree needs the loaded
    sectors)."""
    return ("4", *[c for lu in LAND_USES for c in land_nodes(lu) if c.count(".") <= 2],
            "4.G", "4.H")


def _with_nodes(df: pd.DataFrame) -> pd.DataFrame:
    """Carbon rows with their CRT row ``crt`` and one copy per CRT ancestor (``node``)."""
    from inventory.crt.data import with_ancestors

    if df.empty:
        return df.assign(crt=pd.Series(dtype=object), node=pd.Series(dtype=object))
    crt = [crt_code(c, f) for c, f in zip(df["category"], df["from_lu"], strict=True)]
    return with_ancestors(df.assign(crt=crt), "crt", "node")


VALUE_COLS = ("area", "drained_area", "agb_gain", "agb_loss", "bgb_gain", "bgb_loss",
              "dead_wood", "litter", "mineral_soil", "organic_soil")


def carbon_by_node(data: YearData) -> pd.DataFrame:
    """Sums of the ``lulucf.carbon`` columns per CRT node (every ancestor), this year; built
    once per workbook for the six land-use sheets (callers must not modify it)."""
    return data.cached("lulucf.carbon_by_node", _carbon_by_node)


def _carbon_by_node(data: YearData) -> pd.DataFrame:
    c = data.table("lulucf.carbon")
    if c.empty:
        return pd.DataFrame(columns=["node", *VALUE_COLS])
    c = c.copy()
    for col in VALUE_COLS:
        c[col] = pd.to_numeric(c[col], errors="coerce").fillna(0.0)
    ex = _with_nodes(c)
    return ex.groupby("node")[list(VALUE_COLS)].sum()


def _gas_cell(data: YearData, code: str, gas: str) -> Cell:
    return resolve(*(data.by_crt_gas.get((code, gas)) or NAN))


def _header(ws, fmt, ctx, title, cols, label="GREENHOUSE GAS SOURCE AND SINK CATEGORIES"):
    row = write_title_block(ws, fmt, ctx, title)
    return write_headers(ws, fmt, row, label, cols)


# ---------------------------------------------------------------- Table4
@register_sheet("Table4", order=400)
def write_table4(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    gases = ("CO2", "CH4", "N2O", "NOx", "CO")
    cols = [Column(g, "Net CO2 emissions/removals" if g == "CO2" else g, "(kt)",
                   KT if g == "CO2" else KT_FINE, group="EMISSIONS / REMOVALS") for g in gases]
    first = _header(ws, fmt, ctx, "TABLE 4 SECTORAL REPORT FOR LAND USE, LAND-USE CHANGE AND "
                    "FORESTRY", cols)
    row = first
    for code in table4_rows():
        cells = [_gas_cell(data, code, g) for g in gases]
        label = "Total LULUCF" if code == "4" else crt_label(code)
        depth = code.count(".")
        write_row(ws, fmt, row, label, cells, cols, indent=depth, bold=depth <= 1)
        row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE, SIGN_NOTE,
        "CH4, N2O, NOx and CO of each land category include biomass burning (Table4(IV)), "
        "drainage and rewetting (Table4(II)) and N2O from N inputs and N mineralisation "
        "(Tables 4(I), 4(III)); CO2 of fires on forest land is in Table4(IV).",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table4.1
@register_sheet("Table4.1", order=401)
def write_table41(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column(lu, NAMES[lu], "(kha)", KT, group="FINAL (end of the year)")
            for lu in LAND_USES] + [Column("initial", "Initial area", "(kha)", KT, group="")]
    first = _header(ws, fmt, ctx, "TABLE 4.1 LAND TRANSITION MATRIX - Areas and changes in "
                    "areas between the previous and the current inventory year", cols,
                    label="FROM (start of the year) / TO (end of the year)")
    m = data.table("lulucf.land_matrix")
    row = first
    if m.empty:
        write_row(ws, fmt, row, "No land representation", ["NE"] * len(cols), cols)
        finish_sheet(ws, first)
        return
    m = m.assign(area=pd.to_numeric(m["area"]))
    wide = m.pivot_table(index="from_lu", columns="to_lu", values="area", aggfunc="sum",
                         fill_value=0.0).reindex(index=list(LAND_USES), columns=list(LAND_USES),
                                                 fill_value=0.0) / 1e3
    for lu in LAND_USES:
        cells: list[Cell] = [float(wide.loc[lu, to]) for to in LAND_USES]
        cells.append(float(wide.loc[lu].sum()))
        write_row(ws, fmt, row, NAMES[lu], cells, cols, indent=1)
        row += 1
    final = [float(wide[to].sum()) for to in LAND_USES]
    write_row(ws, fmt, row, "Final area", [*final, float(wide.to_numpy().sum())], cols,
              bold=True)
    row += 1
    net = [float(wide[lu].sum() - wide.loc[lu].sum()) for lu in LAND_USES]
    write_row(ws, fmt, row, "Net change", [*net, None], cols, bold=True)
    row += 1
    write_notes(ws, fmt, row, [
        "Rows: land use at the start of the year; columns: at the end. The diagonal is land "
        "remaining in its use; off-diagonal cells are conversions during the year "
        "(IPCC 2006 Vol.4 Ch.3, Approach 2; Approach 1 projects derive them from net areas).",
        "Every row's initial area equals the previous year's final area of that use (checked "
        "when the data are read; an error names the region, year and cells).",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Tables 4.A - 4.F
_POOL_COLS = (("agb_gain", "AGB gains"), ("agb_loss", "AGB losses"), ("agb_net", "AGB net"),
              ("bgb_net", "BGB net"), ("dead_wood", "Dead wood net"), ("litter", "Litter net"),
              ("mineral_soil", "Mineral soils net"), ("organic_soil", "Organic soils net"))


def _columns() -> list[Column]:
    cols = [Column("area", "Total area", "(kha)", KT, group="ACTIVITY DATA"),
            Column("drained", "Area of drained organic soils", "(kha)", KT,
                   group="ACTIVITY DATA")]
    cols += [Column(f"ief_{k}", h, "(t C/ha)", IEF, group="IMPLIED CARBON STOCK CHANGE "
                    "FACTORS") for k, h in _POOL_COLS]
    cols += [Column(f"c_{k}", h, "(kt C)", KT, group="CARBON STOCK CHANGES")
             for k, h in _POOL_COLS]
    cols.append(Column("co2", "Net CO2 emissions/removals", "(kt)", KT, group=""))
    return cols


def _land_sheet(land_use: str, order: int):
    name = f"Table4.{LETTERS[land_use]}"
    title = (f"TABLE 4.{LETTERS[land_use]} SECTORAL BACKGROUND DATA FOR LAND USE, LAND-USE "
             f"CHANGE AND FORESTRY - {NAMES[land_use]}")

    @register_sheet(name, order=order)
    def write(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
        cols = _columns()
        first = _header(ws, fmt, ctx, title, cols, label="LAND-USE CATEGORY")
        agg = carbon_by_node(data)
        row = first
        for code in land_nodes(land_use):
            write_row(ws, fmt, row, crt_label(code), _land_cells(data, agg, code), cols,
                      indent=code.count(".") - 1, bold=code.count(".") == 1)
            row += 1
        write_notes(ws, fmt, row, [
            KEYS_NOTE, SIGN_NOTE,
            "Area: land remaining in the category, or land converted to it within the "
            "transition period (default 20 years, options: lulucf: transition_years). "
            "Implied factors = carbon stock change / area (organic soils: per ha drained).",
            "Gain-loss method: IPCC 2006 Vol.4 Ch.2 Eqs. 2.7, 2.9-2.14, 2.16; stock difference "
            "Eq. 2.8; dead organic matter Eqs. 2.19, 2.23; mineral soils Eq. 2.25; organic "
            "soils Eq. 2.26. Background: tables/lulucf.carbon.csv of the run.",
        ])
        finish_sheet(ws, first)

    return write


def _land_cells(data: YearData, agg: pd.DataFrame, code: str) -> list[Cell]:
    n = 2 + 2 * len(_POOL_COLS) + 1
    if code not in agg.index:
        key = data.by_crt_gas.get((code, "CO2"))
        k = key[1] if key and key[1] else "NE"
        return [k] * n
    r = agg.loc[code]
    vals = {"agb_gain": r["agb_gain"], "agb_loss": -r["agb_loss"],
            "agb_net": r["agb_gain"] - r["agb_loss"], "bgb_net": r["bgb_gain"] - r["bgb_loss"],
            "dead_wood": r["dead_wood"], "litter": r["litter"],
            "mineral_soil": r["mineral_soil"], "organic_soil": r["organic_soil"]}
    area, drained = float(r["area"]), float(r["drained_area"])
    cells: list[Cell] = [area / 1e3, drained / 1e3 if drained > 0 else "NO"]
    for k, _ in _POOL_COLS:
        base = drained if k == "organic_soil" else area
        cells.append(float(vals[k] / base) if base > 0 else "NA")
    cells += [float(vals[k] / 1e3) for k, _ in _POOL_COLS]
    total = sum(vals[k] for k in ("agb_net", "bgb_net", "dead_wood", "litter", "mineral_soil",
                                  "organic_soil"))
    cells.append(float(-total * C_TO_CO2 / 1e3))
    return [c if isinstance(c, str) or np.isfinite(c) else "NA" for c in cells]


for _i, _lu in enumerate(LAND_USES):
    _land_sheet(_lu, 402 + _i)

_ = category_table
