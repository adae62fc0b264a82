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
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.registry import register_sheet
from inventory.notation import rollup_one

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


class _Cols:
    """A small frame's columns as numpy arrays, row order kept.

    The four tables select a few dozen row sets per workbook (land use x remaining/converted
    x origin x source x gas); a numpy mask over these arrays costs microseconds where a
    DataFrame boolean filter costs a tenth of a millisecond per column block. The sums are
    taken over the same values in the same order as before (:func:`rollup_one`, ``nansum``),
    so every cell is the same to the last bit."""

    def __init__(self, cols: dict[str, np.ndarray], n: int) -> None:
        self.cols, self.n = cols, n

    @classmethod
    def of(cls, df: pd.DataFrame, numeric: tuple[str, ...] = ()) -> _Cols:
        cols = {c: (_numeric(df[c]) if c in numeric else df[c].to_numpy(dtype=object))
                for c in df.columns}
        return cls(cols, len(df))

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, col: str) -> np.ndarray:
        return self.cols[col]

    def where(self, mask: np.ndarray) -> _Cols:
        mask = np.asarray(mask, dtype=bool)
        return _Cols({c: a[mask] for c, a in self.cols.items()}, int(mask.sum()))

    def isin(self, col: str, values) -> np.ndarray:
        values = set(values)
        return np.fromiter((x in values for x in self.cols[col]), dtype=bool, count=self.n)


def _numeric(col: pd.Series) -> np.ndarray:
    """``pd.to_numeric(col, errors="coerce")`` as an array (float or integer)."""
    return pd.to_numeric(col, errors="coerce").to_numpy()


def _total(values: np.ndarray) -> float:
    """The pandas ``Series.sum()`` of the values (NaN skipped), as a float."""
    if values.dtype.kind == "f":
        return float(np.nansum(values))
    return float(values.sum())


def _cell(rows: _Cols, missing: str = "NE") -> Cell:
    """The rows' sum with the notation-key rules; ``missing`` without rows."""
    if not len(rows):
        return missing
    total, key, _ = rollup_one(rows["value"], rows["key"])
    return resolve(total, key, missing)


def _kilo(c: Cell) -> Cell:
    """ha -> kha, t -> kt (a key stays a key)."""
    return c if isinstance(c, str) else c / 1e3


def _row_defs(table: str, land_uses, remaining: bool = True, origins: bool = False):
    """(label, indent, selector) per table row; selector(cols) -> boolean mask of the rows."""
    defs = []
    for lu in land_uses:
        L = LETTERS[lu]
        defs.append((f"{table}.{L}. {NAMES[lu]}", 0, lambda d, lu=lu: d["to_lu"] == lu))
        if remaining and not (table == "4(III)" and lu in ("cropland", "other_land")):
            defs.append((f"{table}.{L}.1. {NAMES[lu]} remaining {LOWER[lu]}", 1,
                         lambda d, lu=lu: (d["to_lu"] == lu) & (d["kind"] == "remaining")))
        defs.append((f"{table}.{L}.2. Land converted to {LOWER[lu]}", 1,
                     lambda d, lu=lu: (d["to_lu"] == lu) & (d["kind"] == "converted")))
        if origins:
            others = [o for o in LAND_USES if o != lu]
            for j, o in enumerate(others):
                defs.append((f"{table}.{L}.2.{'abcde'[j]}. {NAMES[o]} converted to "
                             f"{LOWER[lu]}", 2,
                             lambda d, lu=lu, o=o: ((d["to_lu"] == lu)
                                                    & (d["kind"] == "converted")
                                                    & (d["from_lu"] == o))))
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


def _activity(nc: _Cols, sel_rows: _Cols, source: str, col: str,
              category: str | None = None, gas: str | None = None) -> Cell:
    """Sum of an activity column of ``lulucf.nonco2`` over the land categories of
    ``sel_rows`` for ``source`` (one gas, so it is not counted per gas)."""
    if not len(nc):
        return "NE"
    m = nc["source"] == source
    if category is not None:
        m &= nc["category"] == category
    if gas is not None:
        m &= nc["gas"] == gas
    m &= nc.isin("land_category", sel_rows["land_category"])
    if not m.any():
        return "NE" if not len(sel_rows) else "NA"
    return _total(nc[col][m])


def _ief(em: Cell, act: Cell, scale: float) -> Cell:
    if isinstance(em, str):
        return em
    if isinstance(act, str) or not act > 0:
        return "NA"
    return float(em / act * scale)


def _nonco2(data: YearData) -> tuple[_Cols, _Cols]:
    """The year's non-CO2 rows and ``lulucf.nonco2`` activity rows as columns (built once per
    workbook, shared by Tables 4(I)-4(IV))."""
    def build(d: YearData) -> tuple[_Cols, _Cols]:
        r = nonco2_rows(d)
        rows = _Cols.of(r[["source", "land_category", "to_lu", "from_lu", "kind", "category",
                           "gas", "key"]])
        rows.cols["value"] = r["value"].to_numpy(dtype=float)
        nc = d.table("lulucf.nonco2")
        text = [c for c in ("source", "category", "gas", "land_category") if c in nc]
        num = tuple(c for c in ("activity_value", "biomass_burnt") if c in nc)
        return rows, _Cols.of(nc[text + list(num)], numeric=num)

    return data.cached("lulucf.nonco2_cols", build)


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
    rows = rows.where(rows["source"] == "n_inputs")
    row = first
    for label, indent, sel in _row_defs("4(I)", ROW_SETS["4(I)"]):
        r = rows.where(sel(rows))
        n2o = r["gas"] == "N2O"
        d = _cell(r.where((r["category"] == "3.C.4") & n2o))
        i = _cell(r.where((r["category"] == "3.C.5") & n2o))
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
    rows = rows.where(rows.isin("source", ["drainage", "rewetting"]))
    row = first
    for label, indent, sel in _row_defs("4(II)", ROW_SETS["4(II)"]):
        r = rows.where(sel(rows))
        drained = _activity(nc, r, "drainage", "activity_value", gas="CH4")
        rewet = _activity(nc, r, "rewetting", "activity_value", gas="CH4")
        cells: list[Cell] = [_kilo(drained), _kilo(rewet), "IE" if len(r) else "NE"]
        cells += [_cell(r.where(r["gas"] == g)) for g in ("CH4", "N2O")]
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
    rows = rows.where(rows["source"] == "n_mineralisation")
    carbon = data.table("lulucf.carbon")
    carbon = _Cols.of(carbon[["category", "from_lu", "mineral_soil"]],
                      numeric=("mineral_soil",))
    row = first
    for label, indent, sel in _row_defs("4(III)", ROW_SETS["4(III)"], origins=True):
        r = rows.where(sel(rows))
        n2o = r["gas"] == "N2O"
        d = _cell(r.where((r["category"] == "3.C.4") & n2o))
        i = _cell(r.where((r["category"] == "3.C.5") & n2o))
        n = _activity(nc, r, "n_mineralisation", "activity_value", "3.C.4")
        closs: Cell = "NE"
        if len(carbon) and len(r):
            m = carbon.isin("category", r["land_category"])
            origins = [o for o in r["from_lu"] if not pd.isna(o)]
            if origins:
                m &= carbon.isin("from_lu", origins)
            closs = _total(np.clip(-carbon["mineral_soil"][m], 0, None)) / 1e3
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
    rows = rows.where(rows.isin("source", ["wildfire", "controlled_burning"]))
    row = first
    for label, indent, sel in _row_defs("4(IV)", ROW_SETS["4(IV)"]):
        for source, sub_label in (("", None), ("wildfire", "Wildfires"),
                                  ("controlled_burning", "Controlled burning")):
            if sub_label is not None and indent == 0:
                continue   # a land-use total has no per-source rows
            m = sel(rows)
            if source:
                m = m & (rows["source"] == source)
            r = rows.where(m)
            srcs = [source] if source else ["wildfire", "controlled_burning"]
            area = _sum_act(nc, r, srcs, "activity_value")
            burnt = _sum_act(nc, r, srcs, "biomass_burnt")
            ems = [_cell(r.where(r["gas"] == g)) for g in gases]
            if gases[0] == "CO2" and not (r["gas"] == "CO2").any() and len(r):
                ems[0] = "NA" if label.split(". ")[1] != "Forest land" else ems[0]
            iefs = [_ief(e, burnt, 1e3 if g == "CO2" else 1e6)
                    if not isinstance(burnt, str) else burnt for e, g in zip(ems, gases,
                                                                            strict=True)]
            cells = [_kilo(area), _kilo(burnt), *iefs, *ems]
            if sub_label is None:
                write_row(ws, fmt, row, label, cells, cols, indent=indent, bold=indent == 0)
            else:
                write_row(ws, fmt, row, sub_label, cells, cols, indent=indent + 1)
            row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "IPCC 2006 Vol.4 Ch.2 Eq. 2.27: A x M_B x C_f x G_ef (Table 2.5). CO2 only for forest "
        "land (on other land the burnt biomass regrows within the year: NA); the CO2 of "
        "forest fires is reported here and not in the disturbance losses of Table4.A.",
    ])
    finish_sheet(ws, first)


def _sum_act(nc: _Cols, r: _Cols, sources, col: str) -> Cell:
    if not len(nc) or not len(r):
        return "NE" if not len(r) else "NA"
    m = (nc.isin("source", sources) & nc.isin("land_category", r["land_category"])
         & (nc["gas"] == "CH4"))
    if not m.any():
        return "NA"
    return _total(nc[col][m])


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
