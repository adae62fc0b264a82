"""CRT agriculture sheets: Table3, Table3.A, Table3.B(a), Table3.B(b), Table3.C, Table3.D,
Table3.E, Table3.F and Table3.G-I.

Table3 is the sectoral report (rows 3.A-3.J, CO2, CH4, N2O, NOx, CO, NMVOC, SO2 in kt), from
the CRT tree aggregates every sheet shares. The background tables are built from the
agriculture emission rows (activity, emissions and implied factors: ``activity_value`` is the
population, N, area or mass) and from the declared background tables of the run
(sectors/agriculture/tables.py, read with ``YearData.table``): the livestock characterisation
(``agriculture.livestock``: weight, GE, Ym, DE, VS, Bo, TAM, Nex), the N per manure system
(``agriculture.manure_systems``), the rice factors (``agriculture.rice``) and the fuel burnt
(``agriculture.burning``).

Rules (as in the energy sheets): implied factors = sum of emissions / sum of activity over the
rows that carry both, never an average of row IEFs; per-head characteristics are population
weighted over the regions; a cell whose rows all carry a notation key shows the key (rolled up
by the precedence of :mod:`inventory.notation`); a cell without any row is "NE"; a cell the
CRT does not have is shaded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.crt.data import YearData
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
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.registry import register_sheet
from inventory.notation import KEY_PRECEDENCE

__all__ = ["TABLE3_ROWS", "LIVESTOCK_ROWS", "agriculture_rows", "livestock_table",
           "manure_n_table", "soils_table", "rice_table", "burning_table", "carbonates_table"]

N2O_N = 28.0 / 44.0
TABLE3_GASES = ("CO2", "CH4", "N2O", "NOx", "CO", "NMVOC", "SO2")
TABLE3_ROWS = ("3", "3.A", "3.A.1", "3.A.2", "3.A.3", "3.A.4", "3.B", "3.B.1", "3.B.2",
               "3.B.3", "3.B.4", "3.B.5", "3.C", "3.D", "3.D.a", "3.D.b", "3.E", "3.F", "3.G",
               "3.H", "3.I", "3.J")
# CRT Table3 cells that exist (others shaded unless data arrive there)
_OPEN = {"CO2": ("3", "3.G", "3.H", "3.I", "3.J"),
         "CH4": ("3", "3.A", "3.B", "3.C", "3.E", "3.F", "3.J"),
         "N2O": ("3", "3.B", "3.D", "3.E", "3.F", "3.J")}
# (label, CRT node of the livestock row, depth); animal rows carry the CRT code of animals.csv
LIVESTOCK_ROWS = (
    ("Cattle", "1", 0), ("Dairy cattle", "1.a", 1), ("Non-dairy cattle", "1.b", 1),
    ("Sheep", "2", 0), ("Swine", "3", 0), ("Other livestock", "4", 0),
    ("Buffalo", "4.a", 1), ("Camels", "4.b", 1), ("Deer", "4.c", 1), ("Goats", "4.d", 1),
    ("Horses", "4.e", 1), ("Mules and asses", "4.f", 1), ("Poultry", "4.g", 1),
    ("Other", "4.h", 1),
)
MMS_COLUMNS = ("Anaerobic lagoon", "Liquid system", "Daily spread", "Solid storage and dry lot",
               "Pasture, range and paddock", "Composting", "Digesters",
               "Burned for fuel or as waste", "Other")
RICE_ROWS = (
    ("3.C.1. Irrigated", None, 0),
    ("Continuously flooded", ("irrigated_continuously_flooded",), 1),
    ("Intermittently flooded - single aeration", ("irrigated_single_drainage",), 1),
    ("Intermittently flooded - multiple aeration", ("irrigated_multiple_drainage",), 1),
    ("3.C.2. Rain-fed", None, 0),
    ("Regular rainfed (flood prone)", ("rainfed_regular",), 1),
    ("Drought prone", ("rainfed_drought_prone",), 1),
    ("3.C.3. Deep water", ("deep_water",), 0),
    ("3.C.4. Other (please specify)", ("other",), 0),
)
_RICE_GROUPS = {"3.C.1. Irrigated": ("irrigated_continuously_flooded", "irrigated_single_drainage",
                                     "irrigated_multiple_drainage"),
                "3.C.2. Rain-fed": ("rainfed_regular", "rainfed_drought_prone")}
SOIL_ROWS = (
    ("3.D.a. Direct N2O emissions from managed soils", "direct", 0),
    ("1. Inorganic N fertilizers", ("synthetic_fertiliser", "synthetic_fertiliser_flooded_rice"), 1),
    ("2. Organic N fertilizers", ("animal_manure_applied", "sewage_sludge", "compost",
                                  "other_organic"), 1),
    ("a. Animal manure applied to soils", ("animal_manure_applied",), 2),
    ("b. Sewage sludge applied to soils", ("sewage_sludge",), 2),
    ("c. Other organic fertilizers applied to soils", ("compost", "other_organic"), 2),
    ("3. Urine and dung deposited by grazing animals", ("urine_dung_grazing",), 1),
    ("4. Crop residues", ("crop_residues",), 1),
    ("5. Mineralization/immobilization associated with loss/gain of soil organic matter",
     ("som_mineralisation",), 1),
    ("6. Cultivation of organic soils (i.e. histosols)", ("organic_soils_temperate",
                                                          "organic_soils_tropical"), 1),
    ("3.D.b. Indirect N2O emissions from managed soils", "indirect", 0),
    ("1. Atmospheric deposition", ("atmospheric_deposition",), 1),
    ("2. Nitrogen leaching and run-off", ("leaching_runoff",), 1),
)


# ---------------------------------------------------------------- shared helpers
def agriculture_rows(data: YearData) -> pd.DataFrame:
    """Inventory rows of CRT sector 3 with ``base`` (the activity id before any ``:``); built
    once per workbook."""
    return data.cached("agriculture.rows", _agriculture_rows)


def _agriculture_rows(data: YearData) -> pd.DataFrame:
    r = data.inventory_rows
    r = r[r["crt"].astype(str).str.startswith("3")].copy()
    r["base"] = r["activity"].astype(str).str.split(":").str[0]
    return r


def _key(keys: pd.Series) -> str:
    present = set(keys.dropna().astype(str))
    for k in KEY_PRECEDENCE:
        if k in present:
            return k
    return "NE"


def _sum_cell(rows: pd.DataFrame, col: str = "value", scale: float = 1.0) -> Cell:
    """Sum of ``col`` over rows with a number; the rows' key when none has one; NE when
    there are no rows. A confidential row makes the cell C."""
    if rows.empty:
        return "NE"
    keys = rows["key"].to_numpy(dtype=object)
    if (keys == "C").any():
        return "C"
    if col in rows:
        v = rows[col].to_numpy(dtype=float)
        ok = ~np.isnan(v)
        if ok.any():
            return float(v[ok].sum()) * scale
    return _key(rows["key"])


def _sum_values(keys: np.ndarray, values: np.ndarray, scale: float = 1.0) -> Cell:
    """:func:`_sum_cell` of rows given as their key and value arrays."""
    if not len(keys):
        return "NE"
    if (keys == "C").any():
        return "C"
    ok = ~np.isnan(values)
    if ok.any():
        return float(values[ok].sum()) * scale
    return _key(pd.Series(keys, dtype=object))


def _ratio_cell(num_cell: Cell, den_cell: Cell, num: float, den: float,
                scale: float = 1.0) -> Cell:
    """IEF cell: the emission cell's key, else the activity's key, else num/den (NA if 0)."""
    if isinstance(num_cell, str):
        return num_cell
    if isinstance(den_cell, str):
        return den_cell
    return num / den * scale if den > 0 else "NA"


def _weighted(table: pd.DataFrame, col: str, weight: str = "population") -> Cell:
    """Weighted mean of a characteristic over background-table rows (population or area
    weighted); NA unless every row with a weight gives it (an aggregate of animals
    characterised differently has no average)."""
    if col not in table or table.empty:
        return "NA"
    return _weighted_values(table[col].to_numpy(dtype=float),
                            table[weight].to_numpy(dtype=float))


def _weighted_values(v: np.ndarray, w: np.ndarray) -> Cell:
    """:func:`_weighted` of a characteristic ``v`` and weights ``w`` given as arrays."""
    weighted = ~np.isnan(w) & (w > 0)
    ok = ~np.isnan(v) & weighted
    if not ok.any() or (weighted & np.isnan(v)).any():
        return "NA"
    return float((v[ok] * w[ok]).sum() / w[ok].sum())


def _animal_crt():
    from sectors.agriculture.common import animals

    return animals()["crt_code"]


def _no_enteric(node: str) -> bool:
    """True when no animal of the CRT row has an IPCC 2006 enteric category (poultry)."""
    from sectors.agriculture.common import animals

    a = animals()
    mine = a[a["crt_code"] == f"3.A.{node}"]
    return len(mine) > 0 and (mine["enteric_category"] == "").all()


def _livestock_selector(prefix: str, node: str, column: str = "base"):
    """Row mask function for a Table3.A/3.B row: CRT code ``prefix`` + node (e.g. 3.A + 1.a),
    matched on the animal's own CRT row (data/animals.csv) and all rows below it; the animal
    is in ``column`` (emission rows: ``base``; background tables: ``animal``)."""
    code = f"{prefix}.{node}"

    def select(rows: pd.DataFrame) -> np.ndarray:
        if rows.empty:
            return np.zeros(0, dtype=bool)
        animals = rows[column].astype(str).to_numpy(dtype=object)
        crt = _animal_crt()
        hit = {}
        for a in set(animals):   # decided once per distinct animal
            own = crt.get(a)
            own = "" if own is None or pd.isna(own) else str(own).replace("3.A.", f"{prefix}.")
            hit[a] = own == code or own.startswith(code + ".")
        return np.fromiter((hit[a] for a in animals), dtype=bool, count=len(animals))

    return select


# ---------------------------------------------------------------- Table3
def _table3_columns() -> list[Column]:
    return [Column(g, g, "(kt)", KT if g == "CO2" else KT_FINE, group="EMISSIONS")
            for g in TABLE3_GASES]


def _open(code: str, gas: str) -> bool:
    allowed = _OPEN.get(gas)
    if allowed is None:
        return True
    return any(code == a or code.startswith(a + ".") for a in allowed)


@register_sheet("Table3", order=300)
def write_table3(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = _table3_columns()
    row = write_title_block(ws, fmt, ctx, "TABLE 3 SECTORAL REPORT FOR AGRICULTURE")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for code in TABLE3_ROWS:
        label = "3. Total agriculture" if code == "3" else crt_label(code)
        cells: list[Cell] = []
        for g in TABLE3_GASES:
            found = data.by_crt_gas.get((code, g))
            if found is None and not _open(code, g):
                cells.append(None)
            else:
                cells.append(resolve(*(found or (float("nan"), None))))
        depth = code.count(".")
        write_row(ws, fmt, row, label, cells, cols, indent=depth, bold=depth <= 1)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "3.B.5 holds the indirect N2O of manure management (IPCC 2006 3.C.6); N2O from "
        "manure deposited on pasture is in 3.D.a.3. Soil N2O from land-use change and CO2 "
        "of drained organic soils are LULUCF (Table4), see docs/agriculture.md.",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table3.A and 3.B(a)
def livestock_table(data: YearData, prefix: str) -> list[tuple[str, int, list[Cell]]]:
    """Rows of Table3.A (prefix '3.A') or Table3.B(a) (prefix '3.B'): population [1000 head],
    then the characterisation columns, IEF [kg CH4/head/yr] and CH4 [kt]."""
    rows = agriculture_rows(data)
    rows = rows[rows["crt"].astype(str).str.startswith(prefix) & (rows["gas"] == "CH4")]
    live = data.table("agriculture.livestock")
    if prefix == "3.A":     # the animals with an enteric category (not poultry)
        live = live[live["enteric_category"].astype(str) != ""]
    # the columns as arrays, selected per table row with a mask: the same values in the same
    # order as filtering the frames per row, so the same sums
    key = rows["key"].to_numpy(dtype=object)
    value = rows["value"].to_numpy(dtype=float)
    act = rows["activity_value"].to_numpy(dtype=float)
    both_num = ~np.isnan(value) & ~np.isnan(act)
    chars = (("ge", "ym", "weight", "de", "milk", "work", "pregnant") if prefix == "3.A"
             else ("tam", "vs", "bo"))
    weight = live["population"].to_numpy(dtype=float)
    char = {c: live[c].to_numpy(dtype=float) for c in chars if c in live}
    if prefix != "3.A":
        pop_all = live["population"].astype(float).to_numpy()
        climate = live["climate"].to_numpy(dtype=object)
    out = []
    for label, node, depth in LIVESTOCK_ROWS:
        m = _livestock_selector(prefix, node)(rows)
        dm = _livestock_selector(prefix, node, "animal")(live)
        pop = _sum_values(key[m], act[m], 1e-3)
        em = _sum_values(key[m], value[m])
        if not m.any() and prefix == "3.A" and _no_enteric(node):
            pop = em = "NA"     # no enteric category in IPCC 2006 (poultry)
        b = m & both_num
        ief = _ratio_cell(em, pop, value[b].sum() * 1e6, act[b].sum())
        extra: list[Cell] = []
        if prefix != "3.A":
            w = pop_all[dm]
            known = ~np.isnan(w)
            for c in ("cool", "temperate", "warm"):
                tot = w[known].sum()
                share = (float(w[(climate[dm] == c) & known].sum() / tot * 100) if tot > 0
                         else "NA")
                extra.append("NO" if share == 0 else share)     # no animals in that climate
        extra += [_weighted_values(char[c][dm], weight[dm]) if c in char and dm.any()
                  else "NA" for c in chars]
        if isinstance(pop, str):
            extra = [pop] * len(extra)
        out.append((label, depth, [pop, *extra, ief, em]))
    return out


def _write_livestock(name: str, prefix: str, title: str):
    def write(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
        if prefix == "3.A":
            cols = [Column("pop", "Population size", "(1000s)", TJ, "ACTIVITY DATA"),
                    Column("ge", "Gross energy intake (GE)", "(MJ/head/day)", IEF,
                           "ADDITIONAL INFORMATION (Tier 2)"),
                    Column("ym", "CH4 conversion rate (Ym)", "(%)", IEF,
                           "ADDITIONAL INFORMATION (Tier 2)"),
                    Column("w", "Weight", "(kg)", TJ, "ADDITIONAL INFORMATION (Tier 2)"),
                    Column("de", "Digestibility of feed (DE)", "(%)", IEF,
                           "ADDITIONAL INFORMATION (Tier 2)"),
                    Column("milk", "Milk yield", "(kg/head/day)", IEF,
                           "ADDITIONAL INFORMATION (Tier 2)"),
                    Column("work", "Work", "(h/day)", IEF, "ADDITIONAL INFORMATION (Tier 2)"),
                    Column("preg", "Pregnant", "(%)", IEF, "ADDITIONAL INFORMATION (Tier 2)")]
        else:
            cols = [Column("pop", "Population size", "(1000s)", TJ, "ACTIVITY DATA"),
                    *(Column(c, c.capitalize(), "(%)", IEF, "ALLOCATION BY CLIMATE REGION")
                      for c in ("cool", "temperate", "warm")),
                    Column("tam", "Typical animal mass (average)", "(kg)", TJ,
                           "ADDITIONAL INFORMATION"),
                    Column("vs", "VS daily excretion (average)", "(kg dm/head/day)", IEF,
                           "ADDITIONAL INFORMATION"),
                    Column("bo", "CH4 producing potential (Bo)", "(m3 CH4/kg VS)", IEF,
                           "ADDITIONAL INFORMATION")]
        cols += [Column("ief", "CH4", "(kg CH4/head/yr)", IEF, "IMPLIED EMISSION FACTOR"),
                 Column("CH4", "CH4", "(kt)", KT_FINE, "EMISSIONS")]
        row = write_title_block(ws, fmt, ctx, title)
        first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
        row = first
        total_code = prefix
        tot = data.by_crt_gas.get((total_code, "CH4"), (float("nan"), None))
        cells: list[Cell] = [None] * (len(cols) - 1) + [resolve(*tot)]
        write_row(ws, fmt, row, crt_label(total_code), cells, cols, bold=True)
        row += 1
        for label, depth, vals in livestock_table(data, prefix):
            write_row(ws, fmt, row, label, vals, cols, indent=1 + depth, bold=depth == 0)
            row += 1
        write_notes(ws, fmt, row, [
            NOTES_KEYS,
            "Population = annual average population (IPCC 2006 Vol.4 Ch.10 Eq. 10.1 where "
            "days alive and animals produced are given). Characteristics are population-"
            "weighted over the regions; NA where the tier used does not need them.",
            "IEF = sum of emissions / sum of population over the same rows.",
        ])
        finish_sheet(ws, first)

    write.__name__ = f"write_{name}"
    return write


register_sheet("Table3.A", order=310)(_write_livestock(
    "Table3.A", "3.A", "TABLE 3.A SECTORAL BACKGROUND DATA FOR AGRICULTURE - Enteric "
    "fermentation"))
register_sheet("Table3.B(a)", order=320)(_write_livestock(
    "Table3.B(a)", "3.B", "TABLE 3.B(a) SECTORAL BACKGROUND DATA FOR AGRICULTURE - CH4 "
    "emissions from manure management"))


# ---------------------------------------------------------------- Table3.B(b)
def manure_n_table(data: YearData) -> list[tuple[str, int, list[Cell]]]:
    """Rows of Table3.B(b): population, Nex, N per MMS column [kg N/yr], total N, IEF
    [kg N2O-N/kg N managed], direct N2O [kt]."""
    from sectors.agriculture.common import manure_systems

    col_of = manure_systems()["crt_column"]
    rows = agriculture_rows(data)
    man = rows[rows["crt"].astype(str).str.match(r"^3\.B\.[1-4]")]
    ch4 = man[man["gas"] == "CH4"]
    n2o = man[man["gas"] == "N2O"]
    live = data.table("agriculture.livestock")
    systems = data.table("agriculture.manure_systems")
    # the N per system as arrays, one mask per system built once (not a filter per row and
    # system); the same values in the same order as a filter of the table per system
    n_excreted = systems["n_excreted"].astype(float).to_numpy()
    system = systems["system"].to_numpy(dtype=object)
    by_system = {m: system == m for m in col_of.index}
    out = []
    for label, node, depth in LIVESTOCK_ROWS:
        sel = _livestock_selector("3.B", node)
        c, e = ch4[sel(ch4)], n2o[sel(n2o)]
        d = live[_livestock_selector("3.B", node, "animal")(live)]
        in_row = _livestock_selector("3.B", node, "animal")(systems)
        pop = _sum_cell(c, "activity_value", 1e-3)
        em = _sum_cell(e)
        if isinstance(pop, str):
            out.append((label, depth, [pop] * (5 + len(MMS_COLUMNS)) + [em]))
            continue
        head = float(d["population"].astype(float).sum())
        n_total = np.nansum(d["population"].astype(float) * d["nex"].astype(float))
        per_col = dict.fromkeys(MMS_COLUMNS, 0.0)
        for m, cc in col_of.items():
            per_col[cc] += float(np.nansum(n_excreted[in_row & by_system[m]]))
        managed = e[e["activity_value"].notna()]
        n_managed = managed["activity_value"].sum()
        ief = _ratio_cell(em, pop, managed["value"].sum() * 1e6 * N2O_N, n_managed)
        mms_cells = [v if v > 0 else "NO" for v in per_col.values()]   # system not used
        out.append((label, depth, [pop, float(n_total / head) if head > 0 else "NA",
                                   *mms_cells, float(n_total),
                                   float(n_managed) if n_managed > 0 else "NO", ief, em]))
    return out


@register_sheet("Table3.B(b)", order=330)
def write_table3_bb(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("pop", "Population size", "(1000s)", TJ, "ACTIVITY DATA"),
            Column("nex", "N excretion rate", "(kg N/head/yr)", IEF, "ACTIVITY DATA"),
            *(Column(f"mms{i}", m, "(kg N/yr)", TJ, "NITROGEN EXCRETION PER MMS")
              for i, m in enumerate(MMS_COLUMNS)),
            Column("ntot", "Total N excreted", "(kg N/yr)", TJ, "NITROGEN EXCRETION PER MMS"),
            Column("nman", "N in managed systems", "(kg N/yr)", TJ, "NITROGEN EXCRETION PER MMS"),
            Column("ief", "N2O-N", "(kg N2O-N/kg N)", IEF, "IMPLIED EMISSION FACTOR"),
            Column("N2O", "Direct N2O", "(kt)", KT_FINE, "EMISSIONS")]
    row = write_title_block(ws, fmt, ctx, "TABLE 3.B(b) SECTORAL BACKGROUND DATA FOR "
                            "AGRICULTURE - N2O emissions from manure management")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    tot = data.by_crt_gas.get(("3.B", "N2O"), (float("nan"), None))
    write_row(ws, fmt, row, crt_label("3.B"), [None] * (len(cols) - 1) + [resolve(*tot)],
              cols, bold=True)
    row += 1
    for label, depth, vals in manure_n_table(data):
        write_row(ws, fmt, row, label, vals, cols, indent=1 + depth, bold=depth == 0)
        row += 1
    rows = agriculture_rows(data)
    ind = rows[(rows["crt"] == "3.B.5") & (rows["gas"] == "N2O")]
    write_row(ws, fmt, row, crt_label("3.B.5"),
              [None] * (len(cols) - 1) + [resolve(*data.by_crt_gas.get(
                  ("3.B.5", "N2O"), (float("nan"), None)))], cols, indent=1, bold=True)
    row += 1
    for act, label in (("volatilisation", "Atmospheric deposition (N volatilised)"),
                       ("leaching", "Nitrogen leaching and run-off")):
        r = ind[ind["activity"] == act]
        em = _sum_cell(r)
        n = _sum_cell(r, "activity_value")
        both = r[r["value"].notna() & r["activity_value"].notna()]
        ief = _ratio_cell(em, n, both["value"].sum() * 1e6 * N2O_N,
                          both["activity_value"].sum())
        cells = [None] * (len(cols) - 4) + [n, None, ief, em]
        write_row(ws, fmt, row, label, cells, cols, indent=2)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "N excretion per MMS = population x Nex x system share; 'Pasture, range and paddock' "
        "N is reported as an input to soils (3.D.a.3), 'Burned for fuel' in Energy; the IEF "
        "refers to the N in managed systems. Indirect rows: N volatilised / leached [kg N/yr] "
        "in the 'Total N excreted' column.",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table3.C
def rice_table(data: YearData) -> list[tuple[str, int, list[Cell]]]:
    rows = agriculture_rows(data)
    rice = rows[(rows["crt"] == "3.C") & (rows["gas"] == "CH4")]
    table = data.table("agriculture.rice")
    out = []
    for label, regimes, depth in RICE_ROWS:
        regimes = _RICE_GROUPS.get(label, regimes)
        r = rice[rice["activity"].isin(regimes).to_numpy()]
        d = table[table["regime"].isin(regimes).to_numpy()]
        area = _sum_cell(r, "activity_value", 1e-3)
        em = _sum_cell(r)
        both = r[r["value"].notna() & r["activity_value"].notna()]
        ief = _ratio_cell(em, area, both["value"].sum() * 1e6, both["activity_value"].sum(),
                          0.1)
        days = _weighted(d, "days", "area") if not isinstance(area, str) else area
        daily = _weighted(d, "ef_daily", "area") if not isinstance(area, str) else area
        out.append((label, depth, [area, days, daily, ief, em]))
    return out


@register_sheet("Table3.C", order=340)
def write_table3_c(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("area", "Harvested area", "(kha/yr)", TJ, "ACTIVITY DATA"),
            Column("days", "Cultivation period", "(days)", TJ, "ACTIVITY DATA"),
            Column("daily", "Daily emission factor", "(kg CH4/ha/day)", IEF,
                   "IMPLIED EMISSION FACTOR"),
            Column("ief", "CH4", "(g CH4/m2)", IEF, "IMPLIED EMISSION FACTOR"),
            Column("CH4", "CH4", "(kt)", KT_FINE, "EMISSIONS")]
    row = write_title_block(ws, fmt, ctx, "TABLE 3.C SECTORAL BACKGROUND DATA FOR "
                            "AGRICULTURE - Rice cultivation")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    tot = data.by_crt_gas.get(("3.C", "CH4"), (float("nan"), None))
    write_row(ws, fmt, row, crt_label("3.C"), [None] * 4 + [resolve(*tot)], cols, bold=True)
    row += 1
    for label, depth, vals in rice_table(data):
        write_row(ws, fmt, row, label, vals, cols, indent=1 + depth, bold=depth == 0)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "Daily emission factor = EFc x SFw x SFp x SFo (IPCC 2006 Vol.4 Ch.5 Eq. 5.2, 2019 "
        "Refinement defaults), area weighted; IEF = emissions / harvested area (1 g/m2 = "
        "10 kg/ha).",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table3.D
def soils_table(data: YearData) -> list[tuple[str, int, list[Cell]]]:
    rows = agriculture_rows(data)
    soil = rows[rows["crt"].isin(["3.D.a", "3.D.b"]) & (rows["gas"] == "N2O")]
    out = []
    for label, sources, depth in SOIL_ROWS:
        if sources == "direct":
            r = soil[soil["crt"] == "3.D.a"]
        elif sources == "indirect":
            r = soil[soil["crt"] == "3.D.b"]
        else:
            r = soil[soil["base"].isin(sources)]
        if sources in ("direct", "indirect"):
            ad: Cell = None
            ief: Cell = None
        else:
            # organic soils: an area [ha -> kha]; the other rows: N [kg -> kt]
            num = r[r["activity_value"].notna()]
            area = len(num) > 0 and bool((num["activity_unit"] == "ha").all())
            scale = 1e-3 if area else 1e-6
            ad = _sum_cell(r, "activity_value", scale)
            em_ = _sum_cell(r)
            both = r[r["value"].notna() & r["activity_value"].notna()]
            ief = _ratio_cell(em_, ad, both["value"].sum() * 1e6 * N2O_N,
                              both["activity_value"].sum())
        out.append((label, depth, [ad, ief, _sum_cell(r)]))
    return out


@register_sheet("Table3.D", order=350)
def write_table3_d(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("ad", "N input / area", "(kt N/yr; organic soils: kha)", TJ,
                   "ACTIVITY DATA"),
            Column("ief", "N2O-N", "(kg N2O-N/kg N; organic soils: kg N2O-N/ha)", IEF,
                   "IMPLIED EMISSION FACTOR"),
            Column("N2O", "N2O", "(kt)", KT_FINE, "EMISSIONS")]
    row = write_title_block(ws, fmt, ctx, "TABLE 3.D SECTORAL BACKGROUND DATA FOR "
                            "AGRICULTURE - Direct and indirect N2O emissions from agricultural "
                            "soils")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for label, depth, vals in soils_table(data):
        write_row(ws, fmt, row, label, vals, cols, indent=depth, bold=depth == 0)
        row += 1
    rows = agriculture_rows(data)
    soil = rows[rows["crt"] == "3.D.a"]
    n_in = soil[soil["activity_unit"] == "kg"]
    vol = rows[rows["activity"] == "atmospheric_deposition"]
    lea = rows[rows["activity"] == "leaching_runoff"]
    tot_n = n_in["activity_value"].sum()
    notes = [NOTES_KEYS,
             "Manure applied (Eq. 10.34) and urine and dung (pasture share) come from the "
             "livestock characterisation; crop residues from IPCC 2006 Vol.4 Ch.11 Eq. 11.6 "
             "and Table 11.2; mineralisation only for cropland remaining cropland (land-use "
             "change: LULUCF Table4(III))."]
    if tot_n > 0:
        f_vol = vol["activity_value"].sum() / tot_n
        f_lea = lea["activity_value"].sum() / tot_n if lea["activity_value"].notna().any() \
            else float("nan")
        notes.append(f"Additional information: N volatilised / N inputs = {f_vol:.4f}; "
                     f"N leached / N inputs = {f_lea:.4f} (FracGASF, FracGASM, FracLEACH of "
                     "the 2019 Refinement Table 11.3 unless national values are given).")
    write_notes(ws, fmt, row, notes)
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table3.E and 3.F
BURNING_GASES = ("CH4", "N2O", "NOx", "CO")


def burning_table(data: YearData, crt: str, groups) -> list[tuple[str, int, list[Cell]]]:
    rows = agriculture_rows(data)
    fire = rows[rows["crt"] == crt]
    burning = data.table("agriculture.burning")
    category = {"3.E": "3.C.1.c", "3.F": "3.C.1.b"}[crt]
    burning = burning[(burning["category"] == category) & (burning["gas"] == "CH4")]
    out = []
    for label, acts, depth in groups:
        r = fire[fire["activity"].isin(acts).to_numpy()]
        d = burning[burning["activity"].isin(acts).to_numpy()]
        ch4 = r[r["gas"] == "CH4"]
        area = _sum_cell(ch4, "activity_value", 1e-3)
        fuel = _weighted(d, "fuel_consumed", "area") if not isinstance(area, str) else area
        burnt = (float(area) * float(fuel) if not isinstance(area, str)
                 and not isinstance(fuel, str) else area)
        cells = [area, fuel, burnt]
        ems = {g: _sum_cell(r[r["gas"] == g]) for g in BURNING_GASES}
        for g in ("CH4", "N2O"):
            cells.append(_ratio_cell(ems[g], burnt, ems[g] if not isinstance(ems[g], str)
                                     else 0.0, burnt if not isinstance(burnt, str) else 0.0,
                                     1e3))
        cells += [ems[g] for g in BURNING_GASES]
        out.append((label, depth, cells))
    return out


def _burning_columns() -> list[Column]:
    return [Column("area", "Area burned", "(kha/yr)", TJ, "ACTIVITY DATA"),
            Column("fuel", "Biomass burned per area", "(t dm/ha)", IEF, "ACTIVITY DATA"),
            Column("burnt", "Biomass burned", "(kt dm)", TJ, "ACTIVITY DATA"),
            Column("ief_CH4", "CH4", "(kg/t dm)", IEF, "IMPLIED EMISSION FACTOR"),
            Column("ief_N2O", "N2O", "(kg/t dm)", IEF, "IMPLIED EMISSION FACTOR"),
            *(Column(g, g, "(kt)", KT_FINE, "EMISSIONS") for g in BURNING_GASES)]


def _crop_groups():
    from sectors.agriculture.common import crops

    c = crops()
    out = []
    for code, title in (("3.F.1", "3.F.1. Cereals"), ("3.F.2", "3.F.2. Pulses"),
                        ("3.F.3", "3.F.3. Tubers and roots"), ("3.F.4", "3.F.4. Sugar cane"),
                        ("3.F.5", "3.F.5. Other")):
        ids = tuple(c.index[c["crt_code"] == code])
        out.append((title, ids, 0))
        if code == "3.F.1":
            out += [(c.loc[i, "label"], (i,), 1) for i in ids]
    return out


def _write_burning(name: str, crt: str, title: str, groups_fn):
    def write(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
        cols = _burning_columns()
        row = write_title_block(ws, fmt, ctx, title)
        first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
        row = first
        tot = [resolve(*data.by_crt_gas.get((crt, g), (float("nan"), None)))
               for g in BURNING_GASES]
        write_row(ws, fmt, row, crt_label(crt), [None] * 5 + tot, cols, bold=True)
        row += 1
        for label, depth, vals in burning_table(data, crt, groups_fn(data)):
            write_row(ws, fmt, row, label, vals, cols, indent=1 + depth, bold=depth == 0)
            row += 1
        write_notes(ws, fmt, row, [
            NOTES_KEYS,
            "Biomass burned = area x fuel actually burnt (M_B x C_f, IPCC 2006 Vol.4 Ch.2 "
            "Table 2.4 or national); emissions by Eq. 2.27; CO2 is not reported (regrowth).",
        ])
        finish_sheet(ws, first)

    write.__name__ = f"write_{name}"
    return write


def _savanna_groups(data: YearData):
    rows = agriculture_rows(data)
    acts = sorted(pd.unique(rows.loc[rows["crt"] == "3.E", "activity"].astype(str)))
    return [(a.replace("_", " ").capitalize(), (a,), 0) for a in acts] or [
        ("Savanna", ("savanna",), 0)]


register_sheet("Table3.E", order=360)(_write_burning(
    "Table3.E", "3.E", "TABLE 3.E SECTORAL BACKGROUND DATA FOR AGRICULTURE - Prescribed "
    "burning of savannas", _savanna_groups))
register_sheet("Table3.F", order=370)(_write_burning(
    "Table3.F", "3.F", "TABLE 3.F SECTORAL BACKGROUND DATA FOR AGRICULTURE - Field burning "
    "of agricultural residues", lambda data: _crop_groups()))


# ---------------------------------------------------------------- Table3.G-I
CARBONATE_ROWS = (("3.G. Liming", "3.G", None, 0), ("Limestone CaCO3", "3.G", "limestone", 1),
                  ("Dolomite CaMg(CO3)2", "3.G", "dolomite", 1),
                  ("3.H. Urea application", "3.H", None, 0),
                  ("3.I. Other carbon-containing fertilizers", "3.I", None, 0))


def carbonates_table(data: YearData) -> list[tuple[str, int, list[Cell]]]:
    rows = agriculture_rows(data)
    co2 = rows[(rows["gas"] == "CO2") & rows["crt"].isin(["3.G", "3.H", "3.I"])]
    out = []
    for label, crt, act, depth in CARBONATE_ROWS:
        r = co2[(co2["crt"] == crt) & ((co2["activity"] == act) if act else True)]
        mass = _sum_cell(r, "activity_value", 1e-3)
        em = _sum_cell(r)
        both = r[r["value"].notna() & r["activity_value"].notna()]
        ief = _ratio_cell(em, mass, both["value"].sum() * 1e3 * 12.0 / 44.0,
                          both["activity_value"].sum())
        out.append((label, depth, [mass, ief, em]))
    return out


@register_sheet("Table3.G-I", order=380)
def write_table3_gi(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("mass", "Total amount applied", "(kt/yr)", TJ, "ACTIVITY DATA"),
            Column("ief", "CO2-C", "(t C/t)", IEF, "IMPLIED EMISSION FACTOR"),
            Column("CO2", "CO2", "(kt)", KT, "EMISSIONS")]
    row = write_title_block(ws, fmt, ctx, "TABLE 3.G-I SECTORAL BACKGROUND DATA FOR "
                            "AGRICULTURE - Liming, urea application and other carbon-"
                            "containing fertilizers")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for label, depth, vals in carbonates_table(data):
        write_row(ws, fmt, row, label, vals, cols, indent=depth, bold=depth == 0)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "IPCC 2006 Vol.4 Ch.11 Eq. 11.12 (limestone 0.12, dolomite 0.13 t C/t) and Eq. 11.13 "
        "(urea 0.20 t C/t); other carbon-containing fertilisers with national C contents.",
    ])
    finish_sheet(ws, first)
