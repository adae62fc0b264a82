"""CRT LULUCF sheets, part 2: the non-CO2 tables 4(I)-4(IV) and the harvested wood products
tables 4.Gs1 and 4.Gs2.

The CRT (decision 5/CMA.3, as the UNFCCC variable list of July 2024 names them) has four
non-CO2 background tables, each by land category remaining / converted:

* Table4(I): direct and indirect N2O from N inputs to managed soils (forest land, wetlands,
  settlements; N on cropland and grassland is agriculture 3.D);
* Table4(II): emissions and removals from drainage and rewetting of organic soils (CH4, N2O;
  CO2 is in Tables 4.A-4.F, organic soils);
* Table4(III): direct and indirect N2O from N mineralisation with the loss of soil organic
  matter (cropland remaining cropland is agriculture 3.D.a.5);
* Table4(IV): biomass burning (wildfires, controlled burning; CO2, CH4, N2O).

(The CRF tables had five: 4(IV) was indirect N2O and 4(V) biomass burning; the CRT merged the
indirect N2O into 4(I) and 4(III), so biomass burning is 4(IV).) Emissions come from the
combined emission rows (keys included), activity data from ``lulucf.nonco2``.

Table4.Gs1: per HWP product the approach, half-life, annual change in stock [kt C] of HWP
produced and consumed domestically / produced and exported (production approach) or consumed
(stock-change approach) and the net CO2 [kt]; Table4.Gs2: the activity data (carbon in
production, imports, exports [kt C], domestic feedstock share) and the Eq. 12.6 history.
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
    finish_sheet,
    resolve,
    sum_or_key,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.registry import register_sheet

from .common import C_TO_CO2, LAND_USES, category_table
from .crt import KEYS_NOTE, LETTERS, NAMES

__all__ = ["nonco2_rows", "ROW_SETS"]

NAN = (math.nan, None)
LOWER = {k: v.lower() for k, v in NAMES.items()}


def nonco2_rows(data: YearData) -> pd.DataFrame:
    """The year's LULUCF non-CO2 emission rows with ``source``, ``land_category``,
    ``to_lu``, ``from_lu`` and ``kind``."""
    r = data.rows
    r = r[(r["method"] == "land_emissions") & r["activity"].astype(str).str.contains("@")]
    if r.empty:
        return r.assign(source=None, land_category=None, to_lu=None, from_lu=None, kind=None)
    act = r["activity"].astype(str)
    src = act.str.split("@").str[0]
    rest = act.str.split("@").str[1]
    land = rest.str.split(":").str[0]
    frm = rest.str.extract(r":from_(.+)$")[0]
    cats = category_table()
    from_lu = land.map(cats["from_lu"]).where(lambda s: s.notna(), frm)
    return r.assign(source=src.to_numpy(), land_category=land.to_numpy(),
                    to_lu=land.map(cats["to_lu"]).to_numpy(), from_lu=from_lu.to_numpy(),
                    kind=land.map(cats["kind"]).to_numpy())


def _cell(rows: pd.DataFrame, missing: str = "NE") -> Cell:
    """The rows' sum with the notation-key rules; ``missing`` without rows."""
    return resolve(*sum_or_key(rows), missing) if len(rows) else missing


def _kilo(c: Cell) -> Cell:
    """ha -> kha, t -> kt (a key stays a key)."""
    return c if isinstance(c, str) else c / 1e3


def _row_defs(table: str, land_uses, remaining: bool = True, origins: bool = False):
    """(label, indent, selector) per table row; selector(df) -> rows of df."""
    defs = []
    for lu in land_uses:
        L = LETTERS[lu]
        defs.append((f"{table}.{L}. {NAMES[lu]}", 0, lambda d, lu=lu: d[d["to_lu"] == lu]))
        if remaining and not (table == "4(III)" and lu in ("cropland", "other_land")):
            defs.append((f"{table}.{L}.1. {NAMES[lu]} remaining {LOWER[lu]}", 1,
                         lambda d, lu=lu: d[(d["to_lu"] == lu) & (d["kind"] == "remaining")]))
        defs.append((f"{table}.{L}.2. Land converted to {LOWER[lu]}", 1,
                     lambda d, lu=lu: d[(d["to_lu"] == lu) & (d["kind"] == "converted")]))
        if origins:
            others = [o for o in LAND_USES if o != lu]
            for j, o in enumerate(others):
                defs.append((f"{table}.{L}.2.{'abcde'[j]}. {NAMES[o]} converted to "
                             f"{LOWER[lu]}", 2,
                             lambda d, lu=lu, o=o: d[(d["to_lu"] == lu) & (d["kind"] ==
                                                                           "converted")
                                                     & (d["from_lu"] == o)]))
    return defs


ROW_SETS = {
    "4(I)": ("forest", "wetlands", "settlements"),
    "4(II)": LAND_USES,
    "4(III)": LAND_USES,
    "4(IV)": LAND_USES,
}


def _header(ws, fmt, ctx, title, cols):
    row = write_title_block(ws, fmt, ctx, title)
    return write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)


def _activity(nc: pd.DataFrame, sel_rows: pd.DataFrame, source: str, col: str,
              category: str | None = None, gas: str | None = None) -> Cell:
    """Sum of an activity column of ``lulucf.nonco2`` over the land categories of
    ``sel_rows`` for ``source`` (one gas, so it is not counted per gas)."""
    if nc.empty:
        return "NE"
    s = nc[(nc["source"] == source)]
    if category is not None:
        s = s[s["category"] == category]
    if gas is not None:
        s = s[s["gas"] == gas]
    lc = set(sel_rows["land_category"])
    s = s[s["land_category"].isin(lc)]
    if s.empty:
        return "NE" if sel_rows.empty else "NA"
    v = pd.to_numeric(s[col], errors="coerce").sum()
    return float(v)


def _ief(em: Cell, act: Cell, scale: float) -> Cell:
    if isinstance(em, str):
        return em
    if isinstance(act, str) or not act > 0:
        return "NA"
    return float(em / act * scale)


def _nonco2(data: YearData) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = nonco2_rows(data)
    nc = data.table("lulucf.nonco2")
    if len(nc):
        cats = category_table()
        nc = nc.assign(to_lu=nc["land_category"].map(cats["to_lu"]),
                       kind=nc["land_category"].map(cats["kind"]))
    return rows, nc


# ---------------------------------------------------------------- Table4(I)
@register_sheet("Table4(I)", order=410)
def write_table4_i(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("n", "Total amount of N applied", "(kt N)", KT_FINE, group="ACTIVITY DATA"),
            Column("ief", "N2O-N direct", "(kg N2O-N/kg N)", IEF, group="IMPLIED EMISSION "
                   "FACTOR"),
            Column("direct", "Direct N2O", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("indirect", "Indirect N2O", "(kt)", KT_FINE, group="EMISSIONS")]
    first = _header(ws, fmt, ctx, "TABLE 4(I) DIRECT AND INDIRECT N2O EMISSIONS FROM NITROGEN "
                    "INPUTS TO MANAGED SOILS", cols)
    rows, nc = _nonco2(data)
    rows = rows[rows["source"] == "n_inputs"]
    row = first
    for label, indent, sel in _row_defs("4(I)", ROW_SETS["4(I)"]):
        r = sel(rows)
        d = _cell(r[(r["category"] == "3.C.4") & (r["gas"] == "N2O")])
        i = _cell(r[(r["category"] == "3.C.5") & (r["gas"] == "N2O")])
        n = _activity(nc, r, "n_inputs", "activity_value", "3.C.4")
        n = _kilo(n) if not isinstance(n, str) else (d if isinstance(d, str) else n)
        ief = _ief(d, n, 1e3 * 28.0 / 44.0 / 1e3) if not isinstance(n, str) else n
        write_row(ws, fmt, row, label, [n, ief, d, i], cols, indent=indent, bold=indent == 0)
        row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "IPCC 2006 Vol.4 Ch.11 Eqs. 11.1 (EF1), 11.9 (Frac_GASF, EF4) and 11.10 (Frac_LEACH, "
        "EF5). N applied to cropland and grassland is reported in agriculture (3.D.a.1); N "
        "applied to forest land that the fertiliser statistics include in that total is IE "
        "here (docs/lulucf.md, boundary).",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table4(II)
@register_sheet("Table4(II)", order=411)
def write_table4_ii(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("drained", "Drained organic soils", "(kha)", KT, group="ACTIVITY DATA"),
            Column("rewetted", "Rewetted organic soils", "(kha)", KT, group="ACTIVITY DATA"),
            Column("CO2", "CO2", "(kt)", KT, group="EMISSIONS"),
            Column("CH4", "CH4", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("N2O", "N2O", "(kt)", KT_FINE, group="EMISSIONS")]
    first = _header(ws, fmt, ctx, "TABLE 4(II) EMISSIONS AND REMOVALS FROM DRAINAGE AND "
                    "REWETTING AND OTHER MANAGEMENT OF ORGANIC AND MINERAL SOILS", cols)
    rows, nc = _nonco2(data)
    rows = rows[rows["source"].isin(["drainage", "rewetting"])]
    row = first
    for label, indent, sel in _row_defs("4(II)", ROW_SETS["4(II)"]):
        r = sel(rows)
        drained = _activity(nc, r, "drainage", "activity_value", gas="CH4")
        rewet = _activity(nc, r, "rewetting", "activity_value", gas="CH4")
        cells: list[Cell] = [_kilo(drained), _kilo(rewet), "IE" if len(r) else "NE"]
        cells += [_cell(r[r["gas"] == g]) for g in ("CH4", "N2O")]
        if len(r) and isinstance(cells[4], str) and cells[4] == "NE":
            lu = label.split(". ")[1].split(" ")[0].lower()
            cells[4] = "IE" if lu in ("cropland", "grassland") else "NE"
        write_row(ws, fmt, row, label, cells, cols, indent=indent, bold=indent == 0)
        row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "CO2 of drained and rewetted organic soils is included in Tables 4.A-4.F (organic "
        "soils; IPCC 2006 Vol.4 Ch.2 Eq. 2.26 with the 2013 Wetlands Supplement factors): IE "
        "here. CH4: Wetlands Supplement Ch.2 Eq. 2.6 (drained), Ch.3 Eq. 3.8 (rewetted). N2O "
        "of drained organic cropland and grassland soils is agriculture 3.D.a.6 (IE here).",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table4(III)
@register_sheet("Table4(III)", order=412)
def write_table4_iii(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("closs", "Carbon loss of mineral soils", "(kt C)", KT, group="ACTIVITY "
                   "DATA"),
            Column("n", "N mineralised (F_SOM)", "(kt N)", KT_FINE, group="ACTIVITY DATA"),
            Column("ief", "N2O-N direct", "(kg N2O-N/kg N)", IEF, group="IMPLIED EMISSION "
                   "FACTOR"),
            Column("direct", "Direct N2O", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("indirect", "Indirect N2O", "(kt)", KT_FINE, group="EMISSIONS")]
    first = _header(ws, fmt, ctx, "TABLE 4(III) DIRECT AND INDIRECT N2O EMISSIONS FROM "
                    "NITROGEN MINERALIZATION/IMMOBILIZATION ASSOCIATED WITH LOSS/GAIN OF SOIL "
                    "ORGANIC MATTER", cols)
    rows, nc = _nonco2(data)
    rows = rows[rows["source"] == "n_mineralisation"]
    carbon = data.table("lulucf.carbon")
    row = first
    for label, indent, sel in _row_defs("4(III)", ROW_SETS["4(III)"], origins=True):
        r = sel(rows)
        d = _cell(r[(r["category"] == "3.C.4") & (r["gas"] == "N2O")])
        i = _cell(r[(r["category"] == "3.C.5") & (r["gas"] == "N2O")])
        n = _activity(nc, r, "n_mineralisation", "activity_value", "3.C.4")
        closs: Cell = "NE"
        if len(carbon) and len(r):
            sub = carbon[carbon["category"].isin(set(r["land_category"]))]
            if len(r["from_lu"].dropna()):
                sub = sub[sub["from_lu"].isin(set(r["from_lu"].dropna()))]
            closs = float(np.clip(-pd.to_numeric(sub["mineral_soil"]), 0, None).sum() / 1e3)
        nk = _kilo(n) if not isinstance(n, str) else (d if isinstance(d, str) else n)
        ief = _ief(d, nk, 28.0 / 44.0) if not isinstance(nk, str) else nk
        if isinstance(d, str):
            closs = d
        write_row(ws, fmt, row, label, [closs, nk, ief, d, i], cols, indent=indent,
                  bold=indent == 0)
        row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "F_SOM = soil C lost / R (C:N ratio, 15 for land-use change; IPCC 2006 Vol.4 Ch.11 "
        "Eq. 11.8); direct N2O = F_SOM x EF1 x 44/28 (Eq. 11.1), indirect = F_SOM x "
        "Frac_LEACH x EF5 x 44/28 (Eq. 11.10). Cropland remaining cropland is agriculture "
        "3.D.a.5 (enter its soil C loss there as soil_carbon_loss).",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table4(IV)
@register_sheet("Table4(IV)", order=413)
def write_table4_iv(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    gases = ("CO2", "CH4", "N2O")
    cols = [Column("area", "Area burnt", "(kha)", KT, group="ACTIVITY DATA"),
            Column("burnt", "Biomass burnt", "(kt dm)", KT, group="ACTIVITY DATA")]
    cols += [Column(f"ief_{g}", g, "(t/t dm)" if g == "CO2" else "(kg/t dm)", IEF,
                    group="IMPLIED EMISSION FACTORS") for g in gases]
    cols += [Column(g, g, "(kt)", KT if g == "CO2" else KT_FINE, group="EMISSIONS")
             for g in gases]
    first = _header(ws, fmt, ctx, "TABLE 4(IV) BIOMASS BURNING", cols)
    rows, nc = _nonco2(data)
    rows = rows[rows["source"].isin(["wildfire", "controlled_burning"])]
    row = first
    for label, indent, sel in _row_defs("4(IV)", ROW_SETS["4(IV)"]):
        for source, sub_label in (("", None), ("wildfire", "Wildfires"),
                                  ("controlled_burning", "Controlled burning")):
            r = sel(rows)
            if source:
                r = r[r["source"] == source]
            srcs = [source] if source else ["wildfire", "controlled_burning"]
            area = _sum_act(nc, r, srcs, "activity_value")
            burnt = _sum_act(nc, r, srcs, "biomass_burnt")
            ems = [_cell(r[r["gas"] == g]) for g in gases]
            if gases[0] == "CO2" and not len(r[r["gas"] == "CO2"]) and len(r):
                ems[0] = "NA" if label.split(". ")[1] != "Forest land" else ems[0]
            iefs = [_ief(e, burnt, 1e3 if g == "CO2" else 1e6)
                    if not isinstance(burnt, str) else burnt for e, g in zip(ems, gases,
                                                                            strict=True)]
            cells = [_kilo(area), _kilo(burnt), *iefs, *ems]
            if sub_label is None:
                write_row(ws, fmt, row, label, cells, cols, indent=indent, bold=indent == 0)
            elif indent > 0:
                write_row(ws, fmt, row, sub_label, cells, cols, indent=indent + 1)
            else:
                continue
            row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "IPCC 2006 Vol.4 Ch.2 Eq. 2.27: A x M_B x C_f x G_ef (Table 2.5). CO2 only for forest "
        "land (on other land the burnt biomass regrows within the year: NA); the CO2 of "
        "forest fires is reported here and not in the disturbance losses of Table4.A.",
    ])
    finish_sheet(ws, first)


def _sum_act(nc: pd.DataFrame, r: pd.DataFrame, sources, col: str) -> Cell:
    if nc.empty or r.empty:
        return "NE" if r.empty else "NA"
    s = nc[nc["source"].isin(sources) & nc["land_category"].isin(set(r["land_category"]))
           & (nc["gas"] == "CH4")]
    if s.empty:
        return "NA"
    return float(pd.to_numeric(s[col], errors="coerce").sum())


# ---------------------------------------------------------------- Table4.Gs1 / 4.Gs2
_PRODUCTS = (("sawnwood", "Sawnwood"), ("wood_panels", "Wood panels"),
             ("paper", "Paper and paperboard"))
_POOL_LABEL = {"domestic": "HWP produced and consumed domestically",
               "exported": "HWP produced and exported", "consumed": "HWP consumed domestically"}


@register_sheet("Table4.Gs1", order=420)
def write_table4_gs1(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("hl", "Half-life", "(years)", IEF, group=""),
            Column("inflow", "Carbon inflow", "(kt C)", KT, group="HWP POOL"),
            Column("stock", "Carbon stock at the start of the year", "(kt C)", KT,
                   group="HWP POOL"),
            Column("change", "Annual change in stock", "(kt C)", KT, group="HWP POOL"),
            Column("co2", "Net CO2 emissions/removals", "(kt)", KT, group="")]
    first = _header(ws, fmt, ctx, "TABLE 4.Gs1 SECTORAL BACKGROUND DATA FOR LAND USE, "
                    "LAND-USE CHANGE AND FORESTRY - Harvested wood products", cols)
    t = data.table("lulucf.hwp")
    row = first
    if t.empty:
        write_row(ws, fmt, row, "4.G Harvested wood products", ["NE"] * len(cols), cols)
        finish_sheet(ws, first)
        return
    for c in ("inflow", "stock", "stock_change", "half_life"):
        t[c] = pd.to_numeric(t[c])
    approach = str(t["approach"].iloc[0])
    ws.write_string(row, 0, f"Approach: {approach.replace('_', ' ')}", fmt.label(0, True))
    row += 1
    for pool in [p for p in ("domestic", "exported", "consumed") if p in set(t["pool"])]:
        sub = t[t["pool"] == pool]
        write_row(ws, fmt, row, _POOL_LABEL[pool], _gs1_cells(sub), cols, bold=True)
        row += 1
        for prod, label in _PRODUCTS:
            p = sub[sub["product"] == prod]
            write_row(ws, fmt, row, label, _gs1_cells(p, prod) if len(p) else ["NE"] * 5,
                      cols, indent=1)
            row += 1
    total = _gs1_cells(t)
    reported = resolve(*(data.by_crt_gas.get(("4.G", "CO2")) or NAN))
    write_row(ws, fmt, row, "Total 4.G (as reported in Table4)", [None, *total[1:4], reported],
              cols, bold=True)
    row += 1
    write_notes(ws, fmt, row, [
        "IPCC 2006 Vol.4 Ch.12 Eq. 12.1 (first-order decay, k = ln2/HL); production approach: "
        "HWP from domestic harvest (Eq. 12.3 feedstock share), consumed at home or exported; "
        "stock-change approach: apparent consumption (Eq. 12.2). A stock gain is a removal "
        "(negative CO2).",
        "History before the first inventory year: Eq. 12.6 with the Table 12.3 rate (see "
        "Table4.Gs2 and tables/lulucf.hwp.csv).",
    ])
    finish_sheet(ws, first)


def _gs1_cells(sub: pd.DataFrame, product: str | None = None) -> list[Cell]:
    hl: Cell = float(sub["half_life"].iloc[0]) if product else None
    change = float(sub["stock_change"].sum())
    return [hl, float(sub["inflow"].sum()) / 1e3, float(sub["stock"].sum()) / 1e3,
            change / 1e3, -change * C_TO_CO2 / 1e3]


@register_sheet("Table4.Gs2", order=421)
def write_table4_gs2(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("production", "Production", "(kt C)", KT, group="CARBON IN HWP"),
            Column("imports", "Imports", "(kt C)", KT, group="CARBON IN HWP"),
            Column("exports", "Exports", "(kt C)", KT, group="CARBON IN HWP"),
            Column("f", "Share from domestic harvest", "(fraction)", IEF, group=""),
            Column("hist", "Inflow history before the first year", "(kt C, sum)", KT,
                   group="")]
    first = _header(ws, fmt, ctx, "TABLE 4.Gs2 HARVESTED WOOD PRODUCTS - activity data", cols)
    t = data.table("lulucf.hwp")
    row = first
    if t.empty:
        write_row(ws, fmt, row, "4.G Harvested wood products", ["NE"] * len(cols), cols)
        finish_sheet(ws, first)
        return
    hist_all = data.prepared.tables.get("lulucf.hwp") if data.prepared is not None else None
    for prod, label in _PRODUCTS:
        p = t[(t["product"] == prod) & (t["pool"] == t["pool"].iloc[0])]
        if p.empty:
            write_row(ws, fmt, row, label, ["NE"] * len(cols), cols)
            row += 1
            continue
        vals = [float(pd.to_numeric(p[c]).sum()) / 1e3 for c in ("production", "imports",
                                                                 "exports")]
        f = float(pd.to_numeric(p["f_domestic"]).mean())
        hist: Cell = "NA"
        if hist_all is not None and len(hist_all):
            h = hist_all[(hist_all["product"] == prod) & hist_all["history"].astype(bool)]
            if len(h):
                hist = float(pd.to_numeric(h["inflow"]).sum()) / 1e3
        write_row(ws, fmt, row, label, [*vals, f, hist], cols, indent=1)
        row += 1
    src = ""
    if hist_all is not None and len(hist_all):
        h = hist_all[hist_all["history"].astype(bool)]
        if len(h):
            src = str(h["source"].iloc[0])
    write_notes(ws, fmt, row, [
        "Carbon = product quantity (FAO forestry statistics: m3 of sawnwood and panels, t of "
        "paper) x the national carbon factor C_hwp. Share from domestic harvest: IPCC 2006 "
        "Vol.4 Ch.12 Eq. 12.3 (industrial roundwood, chips and residues traded).",
        f"History: {src or 'none'} (provenance per year in tables/lulucf.hwp.csv).",
    ])
    finish_sheet(ws, first)
