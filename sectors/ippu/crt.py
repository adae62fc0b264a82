"""CRT sheets of sector 2 (IPPU): Table2(I), Table2(I).A-H, Table2(II), Table2(II)B-Hs1 and
Table2(II)B-Hs2.

* Table2(I) sectoral report: rows 2. IPPU and every CRT category of sector 2
  (sectors/ippu/data/crt_categories.csv); columns CO2, CH4, N2O [kt], HFCs, PFCs, unspecified
  mix, SF6, NF3 [kt CO2 eq], NOx, CO, NMVOC, SO2 [kt].
* Table2(I).A-H background data: per category and per CRT sub-row (product or sub-application,
  sectors/ippu/data/crt_subrows.csv): activity data [kt], implied emission factors CO2 [t/t],
  CH4 and N2O [kg/t], emissions CO2, CH4, N2O [kt], CO2 recovered [kt] (ammonia for urea).
* Table2(II) F-gases by category: HFCs, PFCs, unspecified mix, SF6, NF3 and total [kt CO2 eq].
* Table2(II)B-Hs1 F-gases by species [t of gas]: actual emissions per category and sub-row, then
  the potential emissions (sales of the chemical, IPCC 2006 Vol.3 Ch.7 Eq. 7.9) of 2.F and 2.G.1.
* Table2(II)B-Hs2 background of the F-gas banks (2.F, 2.G.1) per sub-application and species
  [t], from the background table ``ippu.fgas_bank`` (sectors/ippu/fgas.py): amount filled into
  new products, in operating systems (bank), remaining at decommissioning, emissions from
  manufacturing, stocks and disposal, recovery; implied factors [%]: product manufacturing,
  product life (per year), disposal loss.

Rules as in the energy sheets: national = sum of regions with the notation-key roll-up; a cell
without any row is NE; IEF = sum of emissions / sum of activity over the rows carrying both
(activity in kt only), NA where none; memo rows (potential emissions) never enter a total.
"""

from __future__ import annotations

import fnmatch
import math
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.categories import crt_tree
from inventory.crt.data import PFC_GASES, YearData
from inventory.crt.layout import (
    CO2EQ,
    IEF,
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
from inventory.crt.registry import register_sheet
from inventory.notation import rollup

__all__ = ["ippu_rows", "subrows", "FGAS_SPECIES_ORDER", "table2_cells", "background_cells",
           "species_cells", "bank_cells"]

IPPU_DATA = Path(__file__).resolve().parents[2] / "sectors" / "ippu" / "data"
NAN = (math.nan, None)
NOTES_KEYS = ("Notation keys: NO = not occurring, NE = not estimated, NA = not applicable, "
              "IE = included elsewhere, C = confidential. A cell with no emission row at all "
              "is reported as NE.")
FGAS_COLS = ("HFCs", "PFCs", "mix", "SF6", "NF3")
FGAS_SPECIES_ORDER = ("HFC23", "HFC32", "HFC41", "HFC125", "HFC134", "HFC134a", "HFC143",
                      "HFC143a", "HFC152", "HFC152a", "HFC161", "HFC227ea", "HFC236cb",
                      "HFC236ea", "HFC236fa", "HFC245ca", "HFC245fa", "HFC365mfc",
                      "HFC4310mee", "CF4", "C2F6", "C3F8", "C4F10", "cC4F8", "C5F12", "C6F14",
                      "C10F18", "cC3F6", "SF6", "NF3")
FGAS_CATS = ("2.B.9", "2.C.3", "2.C.4", "2.E", "2.F", "2.G.1", "2.G.2")


def _is_fgas(gas: str) -> bool:
    return gas.startswith("HFC") or gas in PFC_GASES or gas in ("SF6", "NF3")


@cache
def ippu_rows() -> tuple[str, ...]:
    """'2' and its CRT descendants in CRT order."""
    tree = crt_tree().sort_values("order")
    return ("2",) + tuple(c for c in tree.index if c.startswith("2."))


@cache
def subrows() -> pd.DataFrame:
    return pd.read_csv(IPPU_DATA / "crt_subrows.csv", comment="#", dtype=str)


def _depth(code: str) -> int:
    return code.count(".") + 1 if code != "2" else 0


def _matches(activity: pd.Series, pattern: str) -> np.ndarray:
    """Rows whose activity matches one of the '|'-separated fnmatch patterns (each distinct
    activity id tested once)."""
    codes, uniq = pd.factorize(activity.astype(str), sort=False)
    ok = np.array([any(fnmatch.fnmatchcase(a, p) for p in pattern.split("|")) for a in uniq],
                  dtype=bool)
    return ok[codes] if len(codes) else np.zeros(0, dtype=bool)


def _rows_with_nodes(rows: pd.DataFrame) -> pd.DataFrame:
    """The non-memo IPPU rows among ``rows``, one copy per CRT ancestor within sector 2 and per
    matching sub-row (column ``node``), the rows' order kept within each node."""
    r = rows[~rows["memo_eff"].astype(bool)]
    r = r[r["crt"].astype(str).str.match(r"^2(\.|$)")]
    if r.empty:
        return r.assign(node=pd.Series(dtype=object))
    tree = crt_tree()
    parent = tree["parent"].to_dict()
    chains = {}
    for c in pd.unique(r["crt"]):
        chain, cur = [], c
        while cur and cur != "TOTAL":
            chain.append(cur)
            cur = parent.get(cur)
        chains[c] = chain
    ex = r.assign(node=r["crt"].map(chains)).explode("node")
    parts = [ex]
    for code, par, _title, pattern in subrows().itertuples(index=False):
        sub = r[r["crt"] == par]
        if len(sub):
            m = _matches(sub["activity"], pattern)
            parts.append(sub[m].assign(node=code))
    return pd.concat(parts, ignore_index=True)


def _aggregates(data: YearData) -> _IppuYear:
    """The year's IPPU aggregates. Built once per run for all years from the prepared rows
    (one group-by with the year as a key: the sums run over the same rows in the same order as
    a group-by of the year's rows alone, so they are the same to the last bit); from the year's
    own rows for a YearData made without them."""
    if data.prepared is not None:
        by_year = data.prepared.cached("ippu.aggregates", lambda p: _build_all(p.rows))
        return by_year.get(data.year) or _IppuYear()
    return data.cached("ippu.aggregates",
                       lambda d: _build_all(d.rows.assign(year=d.year)).get(d.year)
                       or _IppuYear())


class _IppuYear:
    """One year's lookups for Table2(I).A-H and Table2(II)B-Hs1, by CRT node (incl. sub-rows).

    ``em``: (node, gas) -> (kt, key) for CO2, CH4, N2O; ``ad``: (node,) -> activity [kt], once
    per region/category/activity (max over gases), kt rows, no recovery; ``ad_key``: (node,)
    -> the key of the first keyed row; ``ief``: (node, gas) -> (sum of emissions, sum of
    activity) over rows with both; ``rec``: (node,) -> CO2 recovered [kt]; ``actual`` /
    ``potential``: (node, species) -> (kt, key) of the F-gases."""

    def __init__(self) -> None:
        self.em: dict = {}
        self.ad: dict = {}
        self.ad_key: dict = {}
        self.ief: dict = {}
        self.rec: dict = {}
        self.actual: dict = {}
        self.potential: dict = {}

    def cells(self, node: str) -> list[Cell]:
        ad: Cell = self.ad.get((node,))
        if ad is None:
            ad = self.ad_key.get((node,), "NE")
        em = {g: resolve(*self.em.get((node, g), NAN)) for g in BG_GASES}
        iefs: list[Cell] = []
        for g in BG_GASES:
            if isinstance(em[g], str):
                iefs.append(em[g])
                continue
            s = self.ief.get((node, g))
            iefs.append(s[0] / s[1] * BG_IEF[g][0] if s and s[1] > 0 else "NA")
        rec: Cell = self.rec.get((node,), "NA" if node != "2.B.1" else "NO")
        return [ad, *iefs, *(em[g] for g in BG_GASES), rec]


def _build_all(rows: pd.DataFrame) -> dict[int, _IppuYear]:
    """year -> :class:`_IppuYear` for every year of ``rows``."""
    out: dict[int, _IppuYear] = {}

    def put(attr: str, year, key: tuple, value) -> None:
        y = int(year)
        if y not in out:
            out[y] = _IppuYear()
        getattr(out[y], attr)[key] = value

    ex = _rows_with_nodes(rows)
    kt = ex["activity_unit"].astype(str).eq("kt") & ex["gas"].isin(BG_GASES)
    rec = ex["activity"].astype(str).eq("co2_recovered_urea")
    em = ex[ex["gas"].isin(BG_GASES)]
    for (y, *k), v in _lookup(rollup(em, ["year", "node", "gas"], key="key"),
                              ["year", "node", "gas"]).items():
        put("em", y, tuple(k), v)
    a = ex[kt & ~rec & ex["activity_value"].notna()]
    a1 = a.groupby(["year", "node", "region", "category", "activity"], as_index=False)[
        "activity_value"].max()
    for (y, n), v in a1.groupby(["year", "node"])["activity_value"].sum().items():
        put("ad", y, (n,), float(v))
    keyed = ex[ex["value"].isna() & ex["key"].notna()]
    for (y, n), k in keyed.groupby(["year", "node"])["key"].first().items():
        put("ad_key", y, (n,), k)
    both = ex[kt & ~rec & ex["value"].notna() & ex["activity_value"].notna()]
    s = both.groupby(["year", "node", "gas"])[["value", "activity_value"]].sum()
    for (y, n, g), v, av in zip(s.index, s["value"], s["activity_value"], strict=True):
        put("ief", y, (n, g), (float(v), float(av)))
    r = ex[rec & ex["value"].notna()]
    for (y, n), v in r.groupby(["year", "node"])["value"].sum().items():
        put("rec", y, (n,), -float(v))
    fg = ex[ex["gas"].astype(str).map(_is_fgas)]
    for (y, *k), v in _lookup(rollup(fg, ["year", "node", "gas"], key="key"),
                              ["year", "node", "gas"]).items():
        put("actual", y, tuple(k), v)
    pot = _potential_rows(rows)
    pot = pot[pot["gas"].astype(str).map(_is_fgas)]
    for (y, *k), v in _lookup(rollup(pot, ["year", "node", "gas"], key="key"),
                              ["year", "node", "gas"]).items():
        put("potential", y, tuple(k), v)
    return out


def _potential_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The potential-emission memo rows (2.F, 2.G.1) with ``node`` per CRT row they show in."""
    r = rows[rows["memo"].astype(bool) & rows["activity"].astype(str).str.endswith(":potential")]
    r = r.assign(crt=r["category"].map(_potential_crt))
    parts = [r.assign(node=r["crt"])]
    for code, par, _t2, pattern in subrows().itertuples(index=False):
        sub = r[r["crt"] == par]
        if len(sub):
            parts.append(sub[_matches(sub["activity"], pattern)].assign(node=code))
    for top in ("2.F", "2.G.1"):
        parts.append(r[r["crt"].astype(str).str.startswith(top)].assign(node=top))
    return pd.concat(parts, ignore_index=True)


def _lookup(agg: pd.DataFrame, keys: list[str], value: str = "value") -> dict:
    out = {}
    if agg.empty:
        return out
    key_col = "key" if "key" in agg else "notation_key"
    for k, v, nk in zip(agg[keys].itertuples(index=False, name=None), agg[value], agg[key_col],
                        strict=True):
        out[k] = (float(v), nk if isinstance(nk, str) else None)
    return out


# ---- Table2(I) ----------------------------------------------------------------------------
TABLE2_GASES = ("CO2", "CH4", "N2O")
TABLE2_INDIRECT = ("NOx", "CO", "NMVOC", "SO2")


def table2_columns(gwp_set: str) -> list[Column]:
    g = gwp_label(gwp_set)
    cols = [Column(x, x, "(kt)", KT if x == "CO2" else KT_FINE, group="EMISSIONS")
            for x in TABLE2_GASES]
    head = {"HFCs": "HFCs", "PFCs": "PFCs", "mix": "Unspecified mix of HFCs and PFCs",
            "SF6": "SF6", "NF3": "NF3"}
    cols += [Column(x, head[x], f"(kt CO2 eq, {g})", CO2EQ, group="EMISSIONS")
             for x in FGAS_COLS]
    cols += [Column(x, x, "(kt)", KT_FINE, group="EMISSIONS") for x in TABLE2_INDIRECT]
    return cols


def table2_cells(data: YearData, code: str) -> list[Cell]:
    cells: list[Cell] = []
    for g in TABLE2_GASES + TABLE2_INDIRECT:
        cells.append(resolve(*data.by_crt_gas.get((code, g), NAN)))
    fg = [resolve(*data.summary_by_crt.get((code, c), NAN)) for c in FGAS_COLS]
    return cells[:3] + fg + cells[3:]


@register_sheet("Table2(I)", order=200)
def write_table2(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = table2_columns(ctx.gwp_set)
    row = write_title_block(ws, fmt, ctx, "TABLE 2(I) SECTORAL REPORT FOR INDUSTRIAL PROCESSES "
                            "AND PRODUCT USE")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for code in ippu_rows():
        label = "2. Total industrial processes and product use" if code == "2" \
            else crt_label(code)
        write_row(ws, fmt, row, label, table2_cells(data, code), cols, indent=_depth(code) - 1
                  if code != "2" else 0, bold=_depth(code) <= 1)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        f"HFCs, PFCs, unspecified mix, SF6 and NF3 in kt CO2 eq ({gwp_label(ctx.gwp_set)}); "
        "by species in Table2(II)B-Hs1. NOx, CO, NMVOC, SO2 only where factors were given "
        "(IPCC 2006 Vol.3 gives few defaults for them).",
        "Potential emissions of 2.F/2.G.1 (memo rows) are not included in any total.",
    ])
    finish_sheet(ws, first)


# ---- Table2(I).A-H ------------------------------------------------------------------------
BG_GASES = ("CO2", "CH4", "N2O")
BG_IEF = {"CO2": (1.0, "(t/t)"), "CH4": (1e3, "(kg/t)"), "N2O": (1e3, "(kg/t)")}


def background_columns() -> list[Column]:
    cols = [Column("ad", "Production/consumption quantity", "(kt)", KT,
                   group="ACTIVITY DATA")]
    cols += [Column(f"ief_{g}", g, BG_IEF[g][1], IEF, group="IMPLIED EMISSION FACTORS")
             for g in BG_GASES]
    cols += [Column(g, g, "(kt)", KT if g == "CO2" else KT_FINE, group="EMISSIONS")
             for g in BG_GASES]
    cols.append(Column("rec", "CO2 recovered", "(kt)", KT, group="RECOVERY"))
    return cols


def background_cells(data: YearData, node: str) -> list[Cell]:
    return _aggregates(data).cells(node)


def _with_subrows(codes) -> tuple[tuple[str, str, int], ...]:
    """(code, label, indent) with the CRT sub-rows after their parent (static: built once per
    process for a list of codes)."""
    return _with_subrows_of(tuple(codes))


@cache
def _with_subrows_of(codes: tuple[str, ...]) -> tuple[tuple[str, str, int], ...]:
    children: dict[str, list[tuple[str, str]]] = {}
    for c, par, title, _pat in subrows().itertuples(index=False):
        children.setdefault(par, []).append((c, title))
    out = []
    for code in codes:
        out.append((code, "2. Total industrial processes and product use" if code == "2"
                    else crt_label(code), max(0, _depth(code) - 1)))
        for c, title in children.get(code, ()):
            out.append((c, f"{c}. {title}", _depth(code)))
    return tuple(out)


@register_sheet("Table2(I).A-H", order=201)
def write_table2_background(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = background_columns()
    row = write_title_block(ws, fmt, ctx, "TABLE 2(I).A-H SECTORAL BACKGROUND DATA FOR "
                            "INDUSTRIAL PROCESSES AND PRODUCT USE",
                            "Emissions of CO2, CH4 and N2O")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    bg = _aggregates(data)
    for code, label, indent in _with_subrows(ippu_rows()):
        write_row(ws, fmt, row, label, bg.cells(code), cols, indent=indent,
                  bold=_depth(code) <= 1)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "Activity data: production or raw-material use in kt, taken once per region, category "
        "and activity; activity in other units (TJ of ammonia feedstock, lubricants; ha of "
        "substrate) is not summed here and those rows give IEF NA.",
        "IEF = sum of emissions / sum of activity over the rows that carry both (CO2 t/t, CH4 "
        "and N2O kg/t). CO2 emissions of 2.B.1 are net of the CO2 recovered for urea, shown in "
        "the last column.",
    ])
    finish_sheet(ws, first)


# ---- Table2(II) ---------------------------------------------------------------------------
def _fgas_codes() -> list[str]:
    return ["2"] + [c for c in ippu_rows() if c.startswith(FGAS_CATS)]


def fgas_columns(gwp_set: str) -> list[Column]:
    g = gwp_label(gwp_set)
    head = {"HFCs": "HFCs", "PFCs": "PFCs", "mix": "Unspecified mix of HFCs and PFCs",
            "SF6": "SF6", "NF3": "NF3", "total": "Total F-gases"}
    return [Column(c, head[c], f"(kt CO2 eq, {g})", CO2EQ, group="EMISSIONS")
            for c in (*FGAS_COLS, "total")]


def _fgas_total(data: YearData, code: str) -> Cell:
    vals = [data.summary_by_crt.get((code, c)) for c in FGAS_COLS]
    nums = [v[0] for v in vals if v and v[1] is None and not math.isnan(v[0])]
    if nums:
        return float(sum(nums))
    keys = [v[1] for v in vals if v and v[1]]
    return keys[0] if keys else "NE"


@register_sheet("Table2(II)", order=202)
def write_table2_fgases(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = fgas_columns(ctx.gwp_set)
    row = write_title_block(ws, fmt, ctx, "TABLE 2(II) SECTORAL REPORT FOR INDUSTRIAL "
                            "PROCESSES AND PRODUCT USE", "Emissions of fluorinated gases")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for code in _fgas_codes():
        cells = [resolve(*data.summary_by_crt.get((code, c), NAN)) for c in FGAS_COLS]
        cells.append(_fgas_total(data, code))
        write_row(ws, fmt, row, "2. Total F-gas emissions of IPPU" if code == "2"
                  else crt_label(code), cells, cols, indent=max(0, _depth(code) - 1),
                  bold=_depth(code) <= 1)
        row += 1
    write_notes(ws, fmt, row, [NOTES_KEYS, "By species in Table2(II)B-Hs1."])
    finish_sheet(ws, first)


# ---- Table2(II)B-Hs1 ----------------------------------------------------------------------
def _species(data: YearData) -> list[str]:
    present = [g for g in pd.unique(data.rows["gas"].astype(str)) if _is_fgas(g)]
    ordered = [g for g in FGAS_SPECIES_ORDER if g in present]
    return ordered + sorted(set(present) - set(ordered))


def species_cells(data: YearData, node: str, species: list[str], potential: bool = False
                  ) -> list[Cell]:
    agg = _aggregates(data)
    rows = agg.potential if potential else agg.actual
    return [_t(rows.get((node, g))) for g in species]


def _t(found) -> Cell:
    if found is None:
        return "NE"
    v, k = found
    return k if k else v * 1e3


def _potential_crt(category: str) -> str:
    from inventory.categories import crosswalk

    return crosswalk().get(category, category)


@register_sheet("Table2(II)B-Hs1", order=203)
def write_table2_species(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    species = _species(data) or ["HFCs"]
    cols = [Column(g, g, "(t)", KT_FINE, group="EMISSIONS BY SPECIES") for g in species]
    row = write_title_block(ws, fmt, ctx, "TABLE 2(II)B-H SECTORAL BACKGROUND DATA FOR "
                            "INDUSTRIAL PROCESSES AND PRODUCT USE",
                            "Sheet 1 of 2: emissions of fluorinated gases by species (actual "
                            "and potential)")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    actual = _aggregates(data).actual
    for code, label, indent in _with_subrows(_fgas_codes()):
        write_row(ws, fmt, row, label, [_t(actual.get((code, g))) for g in species], cols,
                  indent=indent, bold=_depth(code) <= 1)
        row += 1
    ws.write_string(row, 0, "Potential emissions (sales of the chemical, IPCC 2006 Vol.3 "
                    "Ch.7 Eq. 7.9; memo, not in totals):", fmt.label(0, True))
    row += 1
    pot = _aggregates(data).potential
    codes = [c for c in _fgas_codes() if c.startswith(("2.F", "2.G.1")) and c != "2.G.1.a"
             and c != "2.G.1.b" and c != "2.G.1.c"]
    for code, label, indent in _with_subrows(codes):
        write_row(ws, fmt, row, label, [_t(pot.get((code, g))) for g in species], cols,
                  indent=indent)
        row += 1
    write_notes(ws, fmt, row, [NOTES_KEYS, "Tonnes of each gas (not CO2 eq)."])
    finish_sheet(ws, first)


# ---- Table2(II)B-Hs2 ----------------------------------------------------------------------
BANK_COLS = (
    ("filled", "Filled into new manufactured products", "(t)", "AMOUNT OF FLUID"),
    ("stock", "In operating systems (bank)", "(t)", "AMOUNT OF FLUID"),
    ("remaining", "Remaining in products at decommissioning", "(t)", "AMOUNT OF FLUID"),
    ("e_manuf", "From manufacturing", "(t)", "EMISSIONS"),
    ("e_stock", "From stocks", "(t)", "EMISSIONS"),
    ("e_disp", "From disposal", "(t)", "EMISSIONS"),
    ("recovery", "Recovery", "(t)", "RECOVERY"),
    ("f_manuf", "Product manufacturing factor", "(% per annum)", "IMPLIED EMISSION FACTORS"),
    ("f_life", "Product life factor", "(% per annum)", "IMPLIED EMISSION FACTORS"),
    ("f_disp", "Disposal loss factor", "(%)", "IMPLIED EMISSION FACTORS"),
)
BANK_TABLE = "ippu.fgas_bank"


def bank_table(data: YearData) -> pd.DataFrame:
    """One row per (application, gas): the Table2(II)B-Hs2 quantities in t (national), from the
    background table ``ippu.fgas_bank`` (the bank model's stocks and flows). Prompt
    applications: the amount filled is the sale, emissions from stocks are all their
    emissions, no stock in operating systems."""
    t = data.table(BANK_TABLE)
    cols = ["application", "gas", *[c[0] for c in BANK_COLS]]
    if t.empty:
        return pd.DataFrame(columns=cols)
    bank = t["model"].eq("bank").to_numpy()
    q = pd.DataFrame({
        "application": t["application"].to_numpy(), "gas": t["gas"].to_numpy(),
        "filled": t["charge"].to_numpy(dtype=float),
        "stock": np.where(bank, t["bank"].to_numpy(dtype=float), 0.0),
        "remaining": t["remaining"].to_numpy(dtype=float),
        "e_manuf": t["e_charge"].to_numpy(dtype=float),
        "e_stock": t["e_life"].to_numpy(dtype=float),
        "e_disp": t["e_eol"].to_numpy(dtype=float),
        "recovery": t["recovered"].to_numpy(dtype=float)})
    g = q.groupby(["application", "gas"], as_index=False).sum()
    amounts = ["filled", "stock", "remaining", "e_manuf", "e_stock", "e_disp", "recovery"]
    g[amounts] = g[amounts] * 1e3
    for k, num, den in (("f_manuf", "e_manuf", "filled"), ("f_life", "e_stock", "stock"),
                        ("f_disp", "e_disp", "remaining")):
        with np.errstate(divide="ignore", invalid="ignore"):
            g[k] = np.where(g[den] > 0, g[num] / g[den] * 100, math.nan)
    return g[cols]


def bank_cells(rec: dict) -> list[Cell]:
    cells: list[Cell] = []
    for key, *_ in BANK_COLS:
        v = rec.get(key, math.nan)
        cells.append("NA" if v is None or (isinstance(v, float) and math.isnan(v)) else v)
    return cells


@register_sheet("Table2(II)B-Hs2", order=204)
def write_table2_banks(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    from sectors.ippu.common import fgas_applications

    cols = [Column(k, h, u, IEF if k.startswith("f_") else KT_FINE, group=grp)
            for k, h, u, grp in BANK_COLS]
    row = write_title_block(ws, fmt, ctx, "TABLE 2(II)B-H SECTORAL BACKGROUND DATA FOR "
                            "INDUSTRIAL PROCESSES AND PRODUCT USE",
                            "Sheet 2 of 2: product uses as substitutes for ODS (2.F) and "
                            "electrical equipment (2.G.1): banks by sub-application and gas")
    first = write_headers(ws, fmt, row, "SUB-APPLICATION / GAS", cols)
    row = first
    table = bank_table(data)
    apps = fgas_applications()
    # the columns as arrays, one mask per application (the table is sorted by application and
    # gas): the same sums and rows as filtering the frame per application
    app_of = table["application"].to_numpy(dtype=object)
    gas_of = table["gas"].to_numpy(dtype=object)
    values = {k: table[k].to_numpy(dtype=float) for k, *_ in BANK_COLS}
    for app, _cat, model, crt_row, title in apps.itertuples(index=False):
        m = app_of == app
        label = f"{crt_row}. {title}" + (" (prompt emissions)" if model == "prompt" else "")
        if not m.any():
            write_row(ws, fmt, row, label, ["NE"] * len(cols), cols, bold=True)
            row += 1
            continue
        total = {k: float(np.nansum(v[m])) for k, v in values.items()}
        for k, num, den in (("f_manuf", "e_manuf", "filled"), ("f_life", "e_stock", "stock"),
                            ("f_disp", "e_disp", "remaining")):
            total[k] = total[num] / total[den] * 100 if total[den] > 0 else math.nan
        write_row(ws, fmt, row, label, bank_cells(total), cols, bold=True)
        row += 1
        for i in sorted(np.flatnonzero(m), key=lambda j: gas_of[j]):
            rec = {k: float(v[i]) for k, v in values.items()}
            write_row(ws, fmt, row, gas_of[i], bank_cells(rec), cols, indent=1)
            row += 1
    write_notes(ws, fmt, row, [
        "Tonnes of each gas. Bank = nominal charge of products in use at year end (IPCC 2006 "
        "Vol.3 Ch.7 Eq. 7.13); recovery = residual charge at decommissioning x recovery "
        "efficiency (Eq. 7.14). Prompt applications: the amount filled is the sale, emissions "
        "from stocks cover the year of sale and the next (Eqs. 7.5, 7.6).",
        "Implied factors: manufacturing = emissions from manufacturing / amount filled; life = "
        "emissions from stocks / bank; disposal = emissions from disposal / amount remaining.",
    ])
    finish_sheet(ws, first)
