"""Review tables of the agriculture notebook (notebooks/04_agriculture.py): populations,
implied emission factors against the IPCC Tier 1 defaults, and the national N flows. They only
read the emission rows the methods wrote (no estimate is recomputed here)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from inventory.factors import FactorDB, default_tables

from .common import animals, parse_options

__all__ = ["populations", "implied_vs_default", "n_flows"]


def _details(rows: pd.DataFrame) -> pd.DataFrame:
    parsed = rows["detail"].map(lambda s: json.loads(s) if isinstance(s, str) else {})
    return pd.DataFrame(parsed.tolist(), index=rows.index)


def populations(emissions: pd.DataFrame) -> pd.DataFrame:
    """National annual average population [head] per year (rows) and animal (columns), from
    the manure CH4 rows (every animal has one)."""
    ch4 = emissions[emissions["category"].str.startswith("3.A.2") & (emissions["gas"] == "CH4")
                    & emissions["activity_value"].notna()]
    return ch4.pivot_table(index="year", columns="activity", values="activity_value",
                           aggfunc="sum")


def implied_vs_default(emissions: pd.DataFrame, options: dict, year: int | None = None
                       ) -> pd.DataFrame:
    """Enteric CH4 implied factors [kg CH4/head/yr] (sum of emissions / sum of population)
    against the IPCC 2006 Tier 1 factor of the project's region (Table 10.11) or development
    status (Table 10.10), with the ratio; ``year`` default the latest."""
    opts = parse_options(options)
    ent = emissions[emissions["category"].str.startswith("3.A.1") & (emissions["gas"] == "CH4")
                    & emissions["value"].notna()]
    year = int(ent["year"].max()) if year is None else int(year)
    ent = ent[ent["year"] == year]
    g = ent.groupby("activity", as_index=False).agg(
        kt=("value", "sum"), head=("activity_value", "sum"), tier=("tier", "max"),
        category=("category", "first"))
    g["ief"] = g["kt"] * 1e6 / g["head"]
    how = g["activity"].map(animals()["ef_enteric_key"])
    key = np.where(how == "region", g["activity"] + "@" + str(opts.ipcc_region),
                   g["activity"] + "@" + opts.development)
    q = pd.DataFrame({"region": "*", "year": year, "category": g["category"],
                      "activity": key})
    res = FactorDB(default_tables()).lookup(q, "EF_enteric", "kg/head/yr", "CH4",
                                            ("ipcc_default",))
    g["ipcc_tier1"] = res.value
    g["ratio"] = g["ief"] / g["ipcc_tier1"]
    g["ipcc_source"] = res.source
    return g[["activity", "tier", "head", "ief", "ipcc_tier1", "ratio", "ipcc_source"]]


def n_flows(emissions: pd.DataFrame) -> pd.DataFrame:
    """National N flows [kt N] per year: excreted (managed, pasture, burned for fuel), manure
    applied, other inputs to soils, volatilised and leached (soils and manure stores)."""
    e = emissions[emissions["activity_value"].notna()]
    out = {}
    man = e[e["category"].str.startswith("3.A.2") & (e["gas"] == "CH4")]
    if len(man):
        d = _details(man)
        head = man["activity_value"].to_numpy()
        nex = d["nex"].astype(float).to_numpy()
        ms = d.filter(like="ms_").astype(float).fillna(0.0)
        from .common import manure_systems

        fate = manure_systems()["fate"]
        for f in ("managed", "pasture", "fuel"):
            cols = [f"ms_{m}" for m in fate.index[fate == f] if f"ms_{m}" in ms]
            share = ms[cols].sum(axis=1).to_numpy() if cols else 0.0
            out[f"excreted_{f}"] = pd.Series(head * nex * share, index=man.index).groupby(
                man["year"]).sum()
    soil = e[(e["category"] == "3.C.4") & (e["activity_unit"] == "kg")]
    src = soil["activity"].str.split(":").str[0]
    for s in pd.unique(src):
        out[f"soil_{s}"] = soil[src == s].groupby("year")["activity_value"].sum()
    for cat, act, name in (("3.C.5", "atmospheric_deposition", "volatilised_soils"),
                           ("3.C.5", "leaching_runoff", "leached_soils"),
                           ("3.C.6", "volatilisation", "volatilised_manure_stores"),
                           ("3.C.6", "leaching", "leached_manure_stores")):
        r = e[(e["category"] == cat) & (e["activity"] == act)]
        out[name] = r.groupby("year")["activity_value"].sum()
    return pd.DataFrame(out).fillna(0.0) / 1e6
