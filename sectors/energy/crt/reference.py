"""CRT energy sheets of the reference approach: Table1.A(b), Table1.A(c), Table1.A(d).

All three read the background table ``energy.reference_approach`` (sectors/energy/
reference_approach.py: one row per region, year and fossil fuel), summed over the regions of
the workbook by :func:`sectors.energy.reference_approach.reference_approach_by_fuel`.

* **Table1.A(b)** (reference approach): one row per fossil fuel of
  sectors/energy/data/fuels.csv, grouped as liquid (primary, then secondary), solid (primary,
  secondary), gaseous, other fossil fuels, peat, with group and total rows. All energy in TJ
  (NCV) -- the unit column of the CRT is TJ for every fuel, so the conversion-factor column
  (TJ/unit = 1) is left out. Columns: production, imports, exports, international bunkers,
  stock change, apparent consumption [TJ]; carbon emission factor [t C/TJ]; carbon content,
  carbon excluded, net carbon emissions [kt C]; fraction of carbon oxidised; actual CO2
  emissions [kt].
* **Table1.A(c)** (comparison with the sectoral approach), rows liquid (excluding
  international bunkers), solid, gaseous, other fossil fuels, peat, total: reference approach
  apparent energy consumption, the same excluding non-energy use [PJ] and CO2 [kt]; sectoral
  approach energy consumption [PJ] (1.A fuel use of fossil fuels, bunkers are memo items and
  not in it) and CO2 [kt]; differences [%] = (reference - sectoral) / sectoral x 100. A last
  column ``CHECK`` says ``ABOVE 2 %`` where either difference exceeds 2 % in absolute value
  (the threshold above which the difference is to be explained, IPCC 2006 Vol.2 Ch.6
  Sect. 6.8), else ``ok``.
* **Table1.A(d)** (feedstocks, reductants and other non-energy use): per fuel with a
  non-energy use row, the fuel quantity [TJ], the carbon emission factor [t C/TJ] and the
  carbon excluded from the reference approach [kt C] (Eq. 6.4), with a total.

Cells: no reference-approach row for a fuel -> NE everywhere; a term without a row (e.g. no
exports) -> NE; division by zero -> NA.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from inventory.crt.data import FUEL_GROUPS, YearData, load_fuel_groups
from inventory.crt.layout import (
    IEF,
    KT,
    NOTES_KEYS,
    TJ,
    Cell,
    Column,
    Formats,
    SheetContext,
    finish_sheet,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.registry import register_sheet
from sectors.energy.reference_approach import RA_TABLE, reference_approach_by_fuel

__all__ = ["reference_table", "comparison_rows", "table1ab_columns", "table1ac_columns",
           "DIFFERENCE_THRESHOLD"]

DIFFERENCE_THRESHOLD = 2.0     # % (IPCC 2006 Vol.2 Ch.6 Sect. 6.8)
TERMS = ("production", "imports", "exports", "international_bunkers", "stock_change")
FOSSIL_GROUPS = [g for g in FUEL_GROUPS if g[0] != "biomass"]
PERCENT = "0.00"


def _fuels() -> pd.DataFrame:
    from sectors.energy.fuels import fuels

    return fuels().reset_index().set_index("fuel")


def reference_table(data: YearData) -> pd.DataFrame:
    """Table1.A(b) numbers per fuel for the year (all regions of the workbook summed)."""
    return reference_approach_by_fuel(data.table(RA_TABLE)).set_index("fuel")


def _num(v) -> Cell:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "NE"
    return float(v)


def _ratio(a: float, b: float, scale: float = 1.0) -> Cell:
    if not (isinstance(a, float) and isinstance(b, float)) or math.isnan(a) or math.isnan(b):
        return "NE"
    return "NA" if b == 0 else a / b * scale


# ---- Table1.A(b) -----------------------------------------------------------------------

def table1ab_columns() -> list[Column]:
    cols = [Column(t, t.replace("_", " ").capitalize(), "(TJ)", TJ, group="ENERGY (TJ, NCV)")
            for t in TERMS]
    cols += [Column("apparent_consumption", "Apparent consumption", "(TJ)", TJ,
                    group="ENERGY (TJ, NCV)"),
             Column("cef", "Carbon emission factor", "(t C/TJ)", IEF, group="CARBON"),
             Column("carbon", "Carbon content", "(kt C)", KT, group="CARBON"),
             Column("excluded", "Carbon excluded", "(kt C)", KT, group="CARBON"),
             Column("net", "Net carbon emissions", "(kt C)", KT, group="CARBON"),
             Column("cof", "Fraction of carbon oxidized", "(fraction)", IEF, group="CO2"),
             Column("co2", "Actual CO2 emissions", "(kt CO2)", KT, group="CO2")]
    return cols


def _ab_cells(r: pd.Series | None) -> list[Cell]:
    if r is None:
        return ["NE"] * 12
    cells: list[Cell] = [_num(r[t]) for t in TERMS]
    cells.append(_num(r["apparent_consumption"]))
    cells.append(_ratio(r["carbon"], r["apparent_consumption"], 1e3))
    cells.append(_num(r["carbon"]))
    cells.append(_num(r["excluded_carbon"]) if r["nonenergy_use"] else "NE")
    cells.append(_num(r["net_carbon"]))
    cells.append(_ratio(r["co2"], r["net_carbon"] * 44 / 12))
    cells.append(_num(r["co2"]))
    return cells


def _sum_rows(tab: pd.DataFrame) -> pd.Series | None:
    if tab.empty:
        return None
    s = tab[[*TERMS, "apparent_consumption", "nonenergy_use", "carbon", "excluded_carbon",
             "net_carbon", "co2"]].sum(min_count=1)
    return s


@register_sheet("Table1.A(b)", order=120)
def write_table1ab(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = table1ab_columns()
    row = write_title_block(ws, fmt, ctx, "TABLE 1.A(b) SECTORAL BACKGROUND DATA FOR ENERGY - "
                            "CO2 from fuel combustion activities - reference approach (IPCC "
                            "worksheet)", "All fuels in TJ (NCV): conversion factor 1")
    first = write_headers(ws, fmt, row, "FUEL TYPES", cols)
    row = first
    tab = reference_table(data)
    meta = _fuels()
    groups = load_fuel_groups()
    for gid, label in FOSSIL_GROUPS:
        fuels_g = [f for f in meta.index if groups.get(f) == gid]
        write_row(ws, fmt, row, label, _ab_cells(_sum_rows(tab.loc[tab.index.intersection(
            fuels_g)])), cols, bold=True)
        row += 1
        for kind, flag in (("Primary fuels", "yes"), ("Secondary fuels", "no")):
            sub = [f for f in fuels_g if meta.loc[f, "primary"] == flag]
            if not sub:
                continue
            if gid in ("liquid", "solid"):
                ws.write_string(row, 0, kind, fmt.label(1, True))
                row += 1
            for f in sub:
                r = tab.loc[f] if f in tab.index else None
                write_row(ws, fmt, row, meta.loc[f, "ipcc_name"], _ab_cells(r), cols,
                          indent=2)
                row += 1
    write_row(ws, fmt, row, "Total", _ab_cells(_sum_rows(tab)), cols, bold=True)
    row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "IPCC 2006 Vol.2 Ch.6: apparent consumption = production + imports - exports - "
        "international bunkers - stock change (Eq. 6.2); carbon excluded = non-energy use x "
        "carbon content (Eq. 6.4); CO2 = (carbon content - carbon excluded) x fraction oxidised "
        "x 44/12 (Eq. 6.1). Stock change is positive for a stock increase.",
        "Production is reported for primary fuels only (secondary fuels are made from them).",
    ])
    finish_sheet(ws, first)


# ---- Table1.A(c) -----------------------------------------------------------------------

def table1ac_columns() -> list[Column]:
    return [
        Column("ra_ac", "Apparent energy consumption", "(PJ)", TJ, group="REFERENCE APPROACH"),
        Column("ra_ac_x", "Apparent energy consumption (excluding non-energy use, reductants "
               "and feedstocks)", "(PJ)", TJ, group="REFERENCE APPROACH"),
        Column("ra_co2", "CO2 emissions", "(kt)", KT, group="REFERENCE APPROACH"),
        Column("sa_ec", "Energy consumption", "(PJ)", TJ, group="SECTORAL APPROACH"),
        Column("sa_co2", "CO2 emissions", "(kt)", KT, group="SECTORAL APPROACH"),
        Column("d_ec", "Energy consumption", "(%)", PERCENT, group="DIFFERENCE"),
        Column("d_co2", "CO2 emissions", "(%)", PERCENT, group="DIFFERENCE"),
        Column("check", f"|Difference| > {DIFFERENCE_THRESHOLD:g} %", "(check)", PERCENT,
               group="DIFFERENCE"),
    ]


COMPARISON_ROWS = (("liquid", "Liquid fuels (excluding international bunkers)"),
                   ("solid", "Solid fuels (excluding international bunkers)"),
                   ("gaseous", "Gaseous fuels"), ("other_fossil", "Other fossil fuels"),
                   ("peat", "Peat"), (None, "Total"))


def comparison_rows(data: YearData) -> pd.DataFrame:
    """Table1.A(c) numbers: per fuel group and total, reference vs sectoral approach
    (energy in PJ, CO2 in kt, differences in %)."""
    tab = reference_table(data)
    groups = load_fuel_groups()
    ra = tab.assign(group=tab.index.map(groups))
    ra = ra.assign(ac_x=ra["apparent_consumption"] - ra["nonenergy_use"])
    fr = data.fuel_rows
    sa = fr[~fr["memo_eff"] & (fr["fuel_group"] != "biomass")]
    act = data.fuel_activity
    act = act[(act["fuel_group"] != "biomass")]
    out = []
    for gid, label in COMPARISON_ROWS:
        r = ra if gid is None else ra[ra["group"] == gid]
        a = act if gid is None else act[act["fuel_group"] == gid]
        s = sa if gid is None else sa[sa["fuel_group"] == gid]
        co2 = s[(s["gas"] == "CO2") & s["value"].notna()]["value"]
        rec = {"group": gid, "label": label,
               "ra_ac": r["apparent_consumption"].sum() / 1e3 if len(r) else np.nan,
               "ra_ac_x": r["ac_x"].sum() / 1e3 if len(r) else np.nan,
               "ra_co2": r["co2"].sum() if len(r) else np.nan,
               "sa_ec": a["value"].sum() / 1e3 if a["value"].notna().any() else np.nan,
               "sa_co2": co2.sum() if len(co2) else np.nan}
        with np.errstate(divide="ignore", invalid="ignore"):
            rec["d_ec"] = ((rec["ra_ac_x"] - rec["sa_ec"]) / rec["sa_ec"] * 100
                           if rec["sa_ec"] else np.nan)
            rec["d_co2"] = ((rec["ra_co2"] - rec["sa_co2"]) / rec["sa_co2"] * 100
                            if rec["sa_co2"] else np.nan)
        diffs = [abs(d) for d in (rec["d_ec"], rec["d_co2"]) if np.isfinite(d)]
        rec["above_threshold"] = bool(diffs) and max(diffs) > DIFFERENCE_THRESHOLD
        out.append(rec)
    return pd.DataFrame(out)


@register_sheet("Table1.A(c)", order=121)
def write_table1ac(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = table1ac_columns()
    row = write_title_block(ws, fmt, ctx, "TABLE 1.A(c) COMPARISON OF CO2 EMISSIONS FROM FUEL "
                            "COMBUSTION")
    first = write_headers(ws, fmt, row, "FUEL TYPES", cols)
    row = first
    comp = comparison_rows(data)
    for rec in comp.to_dict("records"):
        cells: list[Cell] = [_num(rec[k]) for k in ("ra_ac", "ra_ac_x", "ra_co2", "sa_ec",
                                                     "sa_co2")]
        for k in ("d_ec", "d_co2"):
            v = rec[k]
            cells.append("NA" if not np.isfinite(v) else float(v))
        finite = any(np.isfinite(rec[k]) for k in ("d_ec", "d_co2"))
        cells.append(("ABOVE 2 %" if rec["above_threshold"] else "ok") if finite else "NA")
        write_row(ws, fmt, row, rec["label"], cells, cols, bold=rec["group"] is None)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "Difference = (reference approach - sectoral approach) / sectoral approach x 100; the "
        "energy difference compares the apparent consumption excluding non-energy use with the "
        "sectoral fuel use of fossil fuels (1.A, bunkers excluded). Differences above 2 % are "
        "to be explained (IPCC 2006 Vol.2 Ch.6 Sect. 6.8).",
    ])
    finish_sheet(ws, first)


# ---- Table1.A(d) -----------------------------------------------------------------------

@register_sheet("Table1.A(d)", order=122)
def write_table1ad(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("q", "Fuel quantity", "(TJ)", TJ, group="ACTIVITY DATA"),
            Column("cef", "Carbon emission factor", "(t C/TJ)", IEF, group="ACTIVITY DATA"),
            Column("excl", "Carbon excluded from the reference approach", "(kt C)", KT,
                   group="CARBON EXCLUDED"),
            Column("co2", "CO2 equivalent of the carbon excluded", "(kt CO2)", KT,
                   group="CARBON EXCLUDED")]
    row = write_title_block(ws, fmt, ctx, "TABLE 1.A(d) SECTORAL BACKGROUND DATA FOR ENERGY - "
                            "Feedstocks, reductants and other non-energy use of fuels")
    first = write_headers(ws, fmt, row, "FUEL TYPE", cols)
    row = first
    tab = reference_table(data)
    neu = tab[tab["nonenergy_use"] > 0] if len(tab) else tab
    meta = _fuels()
    for fuel, r in neu.iterrows():
        write_row(ws, fmt, row, meta.loc[fuel, "ipcc_name"],
                  [float(r["nonenergy_use"]), _ratio(r["excluded_carbon"], r["nonenergy_use"],
                                                     1e3),
                   float(r["excluded_carbon"]), float(r["excluded_carbon"]) * 44 / 12], cols,
                  indent=1)
        row += 1
    if len(neu):
        tot = neu[["nonenergy_use", "excluded_carbon"]].sum()
        cells: list[Cell] = [float(tot["nonenergy_use"]),
                             _ratio(tot["excluded_carbon"], tot["nonenergy_use"], 1e3),
                             float(tot["excluded_carbon"]), float(tot["excluded_carbon"]) * 44 / 12]
    else:
        cells = ["NE"] * 4
    write_row(ws, fmt, row, "Total", cells, cols, bold=True)
    row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "Carbon excluded = fuel quantity x carbon content (IPCC 2006 Vol.2 Ch.6 Eq. 6.4). The "
        "CO2 of these uses, where emitted, is reported in 2. IPPU (2.B chemical industry, 2.C "
        "metal industry, 2.D non-energy products) or in 1.A where used as fuel.",
    ])
    finish_sheet(ws, first)
