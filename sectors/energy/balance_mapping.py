"""The energy balance's cells as inventory activity (the reading is :mod:`sectors.energy.balance`).

:func:`map_cells` gives every cell its meaning -- standard coal and TJ (GB/T 2589 coefficients of
``data/energy_balance_products.csv``, or the standard-coal sheet's own numbers), the IPCC 2006
category and fuel where it is fuel combustion, the reference-approach flow -- and
:func:`balance_activity` sums the cells into the activity rows the energy methods compute:

* fuel combustion (category 1.A.x, IPCC fuel, TJ): final consumption by sector with the
  non-energy use of industry subtracted, and the fuel inputs to thermal power and heating;
* the reference approach (category 1.A, ``<fuel>:<flow>``, TJ): production (primary fuels),
  imports (+ inflow from other provinces), exports (+ outflow), international bunkers, stock
  changes, non-energy use;
* electricity inflow/outflow (``electricity:imports`` / ``electricity:exports``, MWh) for the
  indirect-CO2 indicator.

:func:`read_energy_balance` is the input reader ``table: energy_balance``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError, Location
from inventory.notation import NOTATION_DTYPE
from inventory.units import conversion_factor
from sectors.energy.balance import (
    TJ_PER_TCE,
    UNITS,
    BalanceSheet,
    cell_rules,
    flows,
    message,
    products,
    sheets_of_input,
)

__all__ = ["to_tce", "map_cells", "balance_activity", "read_energy_balance", "households"]


def _coefficients(options: dict | None) -> pd.Series:
    coef = products()["tce_per_unit"].copy()
    for p, v in ((options or {}).get("balance_coefficients") or {}).items():
        if p not in coef.index:
            raise InputError(f"unknown product '{p}'", "inventory.yml, key "
                             "options.energy.balance_coefficients",
                             "a product id of sectors/energy/data/energy_balance_products.csv")
        coef[p] = float(v)
    return coef


def to_tce(cells: pd.DataFrame, options: dict | None = None) -> np.ndarray:
    """Standard coal [tce] of each cell: the value itself for a standard-coal unit, else
    physical x the GB/T 2589 coefficient (NaN where the product has none)."""
    meta = products()
    coef = _coefficients(options)
    out = np.full(len(cells), np.nan)
    for (p, u), idx in cells.groupby(["product", "unit"]).groups.items():
        base, mult = UNITS[u]
        if base == "tce":
            out[cells.index.get_indexer(idx)] = cells.loc[idx, "value"].to_numpy() * mult
            continue
        denom = meta.loc[p, "tce_unit"].split("/", 1)[1]
        f = mult * conversion_factor(base, denom)
        out[cells.index.get_indexer(idx)] = cells.loc[idx, "value"].to_numpy() * f * coef[p]
    return out


def map_cells(sheet: BalanceSheet, options: dict | None = None) -> pd.DataFrame:
    """Every cell of a parsed sheet with its inventory meaning: standard coal, TJ, the IPCC
    category and fuel where it is fuel combustion, the reference-approach flow, and ``use``
    (combustion, reference, electricity, nonenergy, check_only)."""
    c = sheet.cells.copy()
    f = flows()
    meta = products()
    c["kind"] = c["flow"].map(f["kind"])
    c["tce"] = to_tce(c, options)
    c["tj"] = c["tce"] * TJ_PER_TCE
    c["ipcc_fuel"] = c["product"].map(meta["ipcc_fuel"]).replace("", None)
    cat = c["flow"].map(f["ipcc_category"]).replace("", None)
    rules = cell_rules()
    for _, r in rules.iterrows():
        hit = (c["flow"] == r["flow"]) & ((c["product"] == r["product"]) | (
            (r["product"] == "*") & cat.eq(f.loc[r["flow"], "ipcc_category"])
            & ~c["product"].isin(rules.loc[(rules["flow"] == r["flow"])
                                           & (rules["product"] != "*"), "product"])))
        cat = cat.where(~hit, r["ipcc_category"])
        if r["ipcc_fuel"]:
            c.loc[hit, "ipcc_fuel"] = r["ipcc_fuel"]
    # combustion: final consumption and the inputs (negative cells) of power and heat
    transf_in = (c["kind"] == "transformation") & (
        (c["direction"] == "input") | ((c["direction"] == "") & (c["value"] < 0)))
    combust = (c["kind"].isin(["final", "households_total"]) | transf_in) & cat.notna() & \
        c["ipcc_fuel"].notna()
    c["ipcc_category"] = cat.where(combust, None)
    c["reference_flow"] = c["flow"].map(f["reference_flow"]).replace("", None)
    c["region"], c["year"], c["sheet"] = sheet.region, sheet.year, sheet.sheet
    c["use"] = np.select(
        [combust, c["kind"].eq("nonenergy") & c["ipcc_fuel"].notna(),
         c["reference_flow"].notna() & c["ipcc_fuel"].notna(),
         (c["product"] == "electricity") & c["flow"].isin(["inflow", "outflow", "imports",
                                                           "exports"])],
        ["combustion", "nonenergy", "reference", "electricity"], "check_only")
    return c


def households(c: pd.DataFrame) -> pd.DataFrame:
    """Drop the households total where its urban and rural parts are given (per product)."""
    parts = c[c["flow"].isin(["urban_households", "rural_households"])]["product"].unique()
    return c[~((c["flow"] == "households") & c["product"].isin(parts))]


def balance_activity(sheet: BalanceSheet, options: dict | None = None,
                     language: str = "en") -> pd.DataFrame:
    """Activity rows of one sheet (fuel combustion in TJ with non-energy use subtracted from
    industry, reference-approach flows in TJ, electricity trade in MWh)."""
    c = households(map_cells(sheet, options))
    missing = c[c["use"].isin(["combustion", "nonenergy", "reference"]) & c["tj"].isna()
                & (c["value"] != 0)]
    if len(missing):
        first = missing.iloc[0]
        raise InputError(f"{message('msg.no_coefficient', language)} '{first['product']}' "
                         f"({first['unit']})", first["source_ref"],
                         message("expect.coefficient", language))
    frames = []
    comb = c[c["use"] == "combustion"].assign(tj=lambda d: d["tj"].abs())
    # non-energy use of industry: subtracted from the industry cell of the same product
    ne = c[c["use"] == "nonenergy"]
    if len(comb):
        comb = comb.copy()
        ne_tj = ne.groupby("product")["tj"].sum()
        is_ind = (comb["flow"] == "industry").to_numpy()
        sub = comb.loc[is_ind, "product"].map(ne_tj).fillna(0.0).to_numpy()
        comb.loc[is_ind, "tj"] = comb.loc[is_ind, "tj"].to_numpy() - sub
        comb.loc[is_ind, "ne_cells"] = comb.loc[is_ind, "product"].map(
            ne.groupby("product")["cell"].agg(";".join))
        comb = comb[comb["tj"] > 0]
        frames.append(_rows(comb, "ipcc_category", comb["ipcc_fuel"], "TJ", "tj", sheet,
                            "fuel combustion from the energy balance"))
    ref = c[c["use"].isin(["reference", "nonenergy"])].copy()
    if len(ref):
        ref["ra"] = np.where(ref["use"] == "nonenergy", "nonenergy_use", ref["reference_flow"])
        # a stock change cell gives both flows, the one of the other sign as 0: the sign
        # flips from year to year, and a series must not look dropped (core.series_dropped)
        stock = ref["ra"] == "stock"
        inc, dec = ref[stock].copy(), ref[stock].copy()
        inc["ra"], dec["ra"] = "stock_increase", "stock_decrease"
        inc["tj"] = np.where(inc["value"] < 0, inc["tj"].abs(), 0.0)
        dec["tj"] = np.where(dec["value"] > 0, dec["tj"].abs(), 0.0)
        ref = pd.concat([ref[~stock], inc, dec])
        ref["tj"] = ref["tj"].abs()
        ref = ref[(ref["tj"] > 0) | ref["ra"].str.startswith("stock_")]
        # production counts for primary fuels only (IPCC 2006 Vol.2 Ch.6 Eq. 6.3)
        from sectors.energy.fuels import fuels

        prim = ref["ipcc_fuel"].map(fuels()["primary"]).eq("yes")
        ref = ref[(ref["ra"] != "production") | prim]
        ref["cat"] = "1.A"
        frames.append(_rows(ref, "cat", ref["ipcc_fuel"] + ":" + ref["ra"], "TJ", "tj",
                            sheet, "energy balance flow (reference approach)"))
    el = c[c["use"] == "electricity"].copy()
    if len(el):
        el["mwh"] = el["value"].abs() * el["unit"].map(lambda u: UNITS[u][1]
                                                       * conversion_factor(UNITS[u][0], "MWh")
                                                       if UNITS[u][0] != "tce" else np.nan)
        el["cat"] = "1.A"
        direction = np.where(el["flow"].isin(["inflow", "imports"]), "imports", "exports")
        frames.append(_rows(el, "cat", "electricity:" + pd.Series(direction, index=el.index),
                            "MWh", "mwh", sheet, "electricity inflow/outflow (indirect CO2)"))
    frames = [f for f in frames if len(f)]
    if not frames:
        return schema.empty("activity")
    return pd.concat(frames, ignore_index=True)


def _rows(c: pd.DataFrame, cat_col: str, activity: pd.Series, unit: str, value_col: str,
          sheet: BalanceSheet, what: str) -> pd.DataFrame:
    """Cells summed into activity rows per (category, activity); ids name every cell."""
    d = c.assign(_cat=c[cat_col].to_numpy(), _act=activity.to_numpy())
    if "ne_cells" in d:
        d["cell"] = np.where(d["ne_cells"].notna() & (d["ne_cells"] != ""),
                             d["cell"] + " - " + d["ne_cells"].fillna(""), d["cell"])
    g = d.groupby(["_cat", "_act"], sort=True).agg(
        value=(value_col, "sum"), cells=("cell", ";".join),
        products=("product", lambda s: ", ".join(dict.fromkeys(s))),
        first_ref=("source_ref", "first")).reset_index()
    ref_base = f"file {sheet.file}, sheet '{sheet.sheet}'"
    return pd.DataFrame({
        "region": sheet.region, "year": sheet.year, "category": g["_cat"],
        "activity": g["_act"], "value": g["value"].to_numpy(dtype=float), "unit": unit,
        "notation_key": None,
        "source": "energy balance table (" + ("standard coal" if sheet.standard_coal else
                                              "physical quantities, GB/T 2589 coefficients") + ")",
        "note": what + ": " + g["products"],
        "activity_id": f"{sheet.file}!{sheet.sheet}!" + g["cells"].str.split(";").str[0]
        + np.where(g["cells"].str.contains(";"), "+", "")
        + np.where(g["_act"].str.contains(":stock_"), ":" + g["_act"].str.split(":").str[-1],
                   ""),                   # one stock cell, two flows
        "source_ref": ref_base + ", cells " + g["cells"],
    })


def read_energy_balance(item, project) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The input reader ``table: energy_balance``: activity rows of every sheet (a region and
    year given both as a standard-coal and a physical sheet takes its energy from the
    standard-coal sheet)."""
    from inventory.categories import ensure_known_categories, to_crt
    from inventory.units import to_canonical

    sheets = sheets_of_input(item, project)
    options = project.options.get("energy", {})
    language = getattr(project, "language", "en")
    by_key: dict[tuple, BalanceSheet] = {}
    for s in sheets:
        key = (s.region, s.year)
        if key in by_key and by_key[key].standard_coal == s.standard_coal:
            raise InputError(f"{message('msg.twice', language)}: {s.region} {s.year} "
                             f"('{by_key[key].sheet}', '{s.sheet}')", Location(s.file, s.sheet),
                             "one physical and/or one standard-coal sheet per region and year")
        if key not in by_key or s.standard_coal:
            by_key[key] = s
    frames = [balance_activity(s, options, language) for s in by_key.values()]
    frames = [f for f in frames if len(f)]
    if not frames:
        return schema.empty("activity"), schema.empty("parameters")
    act = pd.concat(frames, ignore_index=True)
    ensure_known_categories(act["category"], act["source_ref"])
    to_crt(act["category"], act["source_ref"])
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"], act["source_ref"])
    act["notation_key"] = pd.Categorical([None] * len(act), dtype=NOTATION_DTYPE)
    act["year"] = act["year"].astype("int64")
    return schema.ensure_valid(act, "activity"), schema.empty("parameters")
