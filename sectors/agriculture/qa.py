"""Agriculture QA: report products a reviewer reads and checks that return the offending
rows (:mod:`inventory.products`, :mod:`inventory.checks`). They read the run's emission rows,
background tables and factor database only: no estimate is computed again here.

Products (written by ``ghgi compile`` and ``ghgi run`` after the agriculture stage):

* ``agriculture.n_flows`` (``agriculture_n_flows.csv``): national N flows per year [kt N]:
  N excreted by fate of the manure, N inputs to soils by source, N volatilised and leached
  from soils and from manure stores (IPCC 2006 Vol.4 Ch.10 Sect. 10.5, Ch.11 Sect. 11.2);
* ``agriculture.enteric_ief_vs_default`` (``agriculture_enteric_ief_vs_default.csv``):
  national enteric CH4 implied factors per year and animal against the IPCC Tier 1 factor of
  the project's region or development status (Tables 10.10, 10.11).

Checks:

* ``agriculture.tier2_enteric_ef_far_from_default`` (emissions, warning): a Tier 2 enteric
  factor more than 50 % above or below the Tier 1 default (the uncertainty IPCC gives with
  Tables 10.10/10.11 is +-30-50 %): explain it in the NIR (Vol.4 Ch.10 QA/QC: compare
  country-specific factors with the defaults);
* ``agriculture.dry_matter_intake_outside_range`` (emissions, warning): the dry matter intake
  implied by the Tier 2 gross energy (GE / 18.45 MJ per kg dm) below 1.5 % or above 4 % of
  the body weight (Vol.4 Ch.10 Sect. 10.2.2: in the order of 2-3 %, high-producing dairy
  cows above 4 %): check the characterisation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.checks import Check, register_check
from inventory.factors import FactorDB
from inventory.products import ReportProduct, RunContext, register_product

from .common import enteric_keys, parse_options

__all__ = ["n_flows", "enteric_vs_default", "far_from_default", "dry_matter_intake",
           "RATIO_RANGE", "DMI_RANGE", "GE_PER_KG_DM"]

RATIO_RANGE = (0.5, 1.5)      # Tier 2 enteric EF / Tier 1 default
DMI_RANGE = (0.015, 0.04)     # dry matter intake / body weight
GE_PER_KG_DM = 18.45          # MJ per kg dry matter (IPCC 2006 Vol.4 Ch.10 Sect. 10.2.2)


def _agriculture(emissions: pd.DataFrame) -> pd.DataFrame:
    return emissions[emissions["category"].astype(str).str.startswith("3.")]


def n_flows(emissions: pd.DataFrame, systems: pd.DataFrame) -> pd.DataFrame:
    """National N flows per year [kt N] (long: year, flow, value, unit): N excreted into
    managed systems, on pasture and burned for fuel (``agriculture.manure_systems``); N inputs
    to soils by source (3.C.4 rows in kg N); N volatilised and leached from soils (3.C.5) and
    from manure stores (3.C.6)."""
    parts = []
    if len(systems):
        s = systems.assign(flow="excreted_" + systems["fate"].astype(str))
        parts.append(s.groupby(["year", "flow"], as_index=False)["n_excreted"].sum()
                     .rename(columns={"n_excreted": "value"}))
    e = _agriculture(emissions)
    e = e[e["activity_value"].notna() & e["gas"].eq("N2O")]
    soil = e[(e["category"] == "3.C.4") & (e["activity_unit"] == "kg")]
    parts.append(soil.assign(flow="soil_" + soil["activity"].astype(str).str.split(":").str[0])
                 .groupby(["year", "flow"], as_index=False)["activity_value"].sum()
                 .rename(columns={"activity_value": "value"}))
    for cat, act, name in (("3.C.5", "atmospheric_deposition", "volatilised_soils"),
                           ("3.C.5", "leaching_runoff", "leached_soils"),
                           ("3.C.6", "volatilisation", "volatilised_manure_stores"),
                           ("3.C.6", "leaching", "leached_manure_stores")):
        r = e[(e["category"] == cat) & (e["activity"] == act)]
        parts.append(r.groupby("year", as_index=False)["activity_value"].sum()
                     .rename(columns={"activity_value": "value"}).assign(flow=name))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=["year", "flow", "value", "unit"])
    out = pd.concat(parts, ignore_index=True)
    out["value"] = out["value"] / 1e6
    out["unit"] = "kt N"
    return out[["year", "flow", "value", "unit"]].sort_values(["year", "flow"],
                                                             ignore_index=True)


def enteric_vs_default(emissions: pd.DataFrame, factors: FactorDB, options: dict,
                       by: tuple[str, ...] = ("year",)) -> pd.DataFrame:
    """Enteric CH4 implied factors [kg CH4 head-1 yr-1] (sum of emissions / sum of population
    over ``by``, which includes ``year``, and animal) against the IPCC Tier 1 factor of the
    project's guideline edition for its region (Table 10.11) or development status (Table
    10.10; 2019 Refinement: region and productivity system), with their ratio."""
    cols = [*by, "category", "activity", "gas", "tier", "head", "ief", "ipcc_tier1", "ratio",
            "ipcc_source"]
    e = _agriculture(emissions)
    ent = e[e["category"].astype(str).str.startswith("3.A.1") & (e["gas"] == "CH4")
            & e["value"].notna() & e["activity_value"].notna()]
    if ent.empty:
        return pd.DataFrame(columns=cols)
    opts = parse_options(options)
    g = ent.groupby([*by, "category", "activity", "gas"], as_index=False).agg(
        kt=("value", "sum"), head=("activity_value", "sum"), tier=("tier", "max"))
    g["ief"] = np.where(g["head"] > 0, g["kt"] * 1e6 / g["head"].where(g["head"] > 0, 1.0),
                        np.nan)
    # the keys of the Tier 1 lookup (2019 Refinement: region and productivity system)
    ipcc = factors.ipcc_defaults()   # built once per run, shared with the core's checks
    res = None
    for key in enteric_keys(g["activity"], opts, factors):
        q = pd.DataFrame({"region": "*", "year": g["year"], "category": g["category"],
                          "activity": key})
        got = ipcc.lookup(q, "EF_enteric", "kg/head/yr", "CH4", ("ipcc_default",))
        if res is None:
            res = got
            continue
        fill = ~res.found & got.found
        res.value[fill], res.source[fill] = got.value[fill], got.source[fill]
        res.found[fill] = True
    g["ipcc_tier1"] = res.value
    g["ratio"] = g["ief"] / g["ipcc_tier1"]
    g["ipcc_source"] = res.source
    return g[cols]


def far_from_default(ctx: RunContext) -> pd.DataFrame:
    """Tier 2 enteric factors per region, year and animal outside :data:`RATIO_RANGE` of the
    Tier 1 default."""
    t = enteric_vs_default(ctx.emissions, ctx.factors,
                           ctx.project.options.get("agriculture", {}), by=("region", "year"))
    lo, hi = RATIO_RANGE
    bad = (t["tier"] >= 2) & t["ratio"].notna() & ((t["ratio"] < lo) | (t["ratio"] > hi))
    return t[bad].reset_index(drop=True)


def dry_matter_intake(livestock: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``agriculture.livestock`` with a Tier 2 gross energy whose dry matter intake
    (GE / 18.45) is outside :data:`DMI_RANGE` of the body weight."""
    cols = ["region", "year", "category", "activity", "gas", "ge", "weight", "dmi",
            "dmi_share_of_weight"]
    t = livestock[livestock["ge"].notna() & livestock["weight"].notna()] if len(livestock) \
        else livestock
    if len(t) == 0:
        return pd.DataFrame(columns=cols)
    dmi = t["ge"].astype(float) / GE_PER_KG_DM
    share = dmi / t["weight"].astype(float)
    lo, hi = DMI_RANGE
    bad = ((share < lo) | (share > hi)).to_numpy()
    out = pd.DataFrame({"region": t["region"], "year": t["year"],
                        "category": t["enteric_category"], "activity": t["animal"],
                        "gas": "CH4", "ge": t["ge"], "weight": t["weight"], "dmi": dmi,
                        "dmi_share_of_weight": share})
    return out[bad].reset_index(drop=True)[cols]


register_product(ReportProduct(
    "agriculture.n_flows", "agriculture_n_flows.csv", "sector",
    lambda ctx: n_flows(ctx.emissions, ctx.table("agriculture.manure_systems")),
    "national N flows per year [kt N]: excreted by fate, inputs to soils by source, "
    "volatilised and leached from soils and manure stores", sector="agriculture"))
register_product(ReportProduct(
    "agriculture.enteric_ief_vs_default", "agriculture_enteric_ief_vs_default.csv", "sector",
    lambda ctx: enteric_vs_default(ctx.emissions, ctx.factors,
                                   ctx.project.options.get("agriculture", {})),
    "national enteric CH4 implied factors per year and animal against the IPCC Tier 1 "
    "default of the project's region (Table 10.11) or development status (Table 10.10)",
    sector="agriculture"))
register_check(Check(
    "agriculture.tier2_enteric_ef_far_from_default", "emissions", "warning",
    "Tier 2 enteric CH4 factor more than 50 % above or below the IPCC Tier 1 default "
    "(uncertainty of Tables 10.10/10.11 +-30-50 %): explain the difference (IPCC 2006 Vol.4 "
    "Ch.10, QA/QC of enteric fermentation)", far_from_default, sector="agriculture"))
register_check(Check(
    "agriculture.dry_matter_intake_outside_range", "emissions", "warning",
    "dry matter intake implied by the Tier 2 gross energy (GE / 18.45 MJ/kg dm) below 1.5 % "
    "or above 4 % of the body weight (IPCC 2006 Vol.4 Ch.10 Sect. 10.2.2: in the order of "
    "2-3 %): check the characterisation",
    lambda ctx: dry_matter_intake(ctx.table("agriculture.livestock")), sector="agriculture"))
