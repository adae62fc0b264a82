"""The core's quality checks and the implied-factor table (sectors add their own checks).

Registered checks (:mod:`inventory.checks`):

* ``core.implied_factor_outside_ipcc_range`` (emissions, warning): national implied emission
  factor per year, category, activity and gas outside the 95 % range of the IPCC default
  (IPCC 2006 Vol.1 Ch.6 Sect. 6.7.1: compare implied factors with the defaults);
* ``core.country_parameter_not_used`` (emissions, warning): a country-specific parameter row
  that no emission row (nor any background table with a ``parameter_ids`` column) used, e.g. a
  national emission factor for a category that runs at Tier 1 (Tier 1 takes the IPCC default:
  raise the tier to use it) or a key that matches no activity;
* ``core.completeness_rule_failed`` (analyses, warning) and ``core.completeness_unverified``
  (analyses, info): the ETF rules for NE, IE and C (decision 18/CMA.1 annex paras. 30-32) from
  ``completeness_checks.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.checks import Check, register_check
from inventory.errors import InputError
from inventory.factors import FactorDB, default_tables
from inventory.methods import unused_parameters
from inventory.products import RunContext
from inventory.units import conversion_factor

__all__ = ["implied_factor_check"]


def implied_factor_check(emissions: pd.DataFrame, ipcc: FactorDB | None = None
                         ) -> pd.DataFrame:
    """National implied emission factors per year/category/activity/gas against the IPCC
    default and its 95 % range (the reviewer's first question). Read by the review app.

    IEF = sum of emissions / sum of activity over the regions (never an average of IEFs), in
    the ``ief_unit`` the method declared; the IPCC default is looked up in that unit."""
    keys = ["year", "category", "activity", "gas", "activity_unit", "ief_unit"]
    rows = emissions[emissions["value"].notna() & emissions["activity_value"].notna()
                     & emissions["ief_unit"].notna()]
    g = rows.groupby(keys, as_index=False).agg(value=("value", "sum"),
                                               activity_value=("activity_value", "sum"))
    g["ief"] = np.nan
    for col in ("ipcc_default", "ipcc_lower", "ipcc_upper"):
        g[col] = np.nan
    g["ipcc_source"] = None
    ipcc = ipcc if ipcc is not None else FactorDB(default_tables())
    for (a_unit, i_unit, gas), idx in g.groupby(["activity_unit", "ief_unit", "gas"]).groups.items():
        sub = g.loc[idx]
        to_ief = conversion_factor(f"kt/({a_unit})", i_unit)
        g.loc[idx, "ief"] = np.where(sub["activity_value"] > 0, sub["value"] / sub[
            "activity_value"].where(sub["activity_value"] > 0, 1) * to_ief, np.nan)
        try:
            res = ipcc.lookup(sub.assign(region="*"), "EF", i_unit, gas, ("ipcc_default",))
        except InputError:  # the default EF of these rows is in another dimension
            continue
        g.loc[idx, "ipcc_default"] = res.value
        g.loc[idx, "ipcc_lower"] = res.lower
        g.loc[idx, "ipcc_upper"] = res.upper
        g.loc[idx, "ipcc_source"] = res.source
    g["within_range"] = np.where(
        g["ipcc_lower"].notna() & g["ipcc_upper"].notna(),
        (g["ief"] >= g["ipcc_lower"] * (1 - 1e-9)) & (g["ief"] <= g["ipcc_upper"] * (1 + 1e-9)),
        None)
    return g


def _ipcc_of(ctx: RunContext) -> FactorDB:
    table = ctx.factors.table
    return FactorDB(table[table["layer"] == "ipcc_default"])


def _implied_outside(ctx: RunContext) -> pd.DataFrame:
    g = implied_factor_check(ctx.emissions, _ipcc_of(ctx))
    out = g[g["within_range"].astype(object).eq(False)]
    return out.drop(columns=["within_range"]).reset_index(drop=True)


def _unused(ctx: RunContext) -> pd.DataFrame:
    # parameters used for background tables (e.g. the reference approach) count as used
    used = [ctx.emissions[["parameter_ids"]],
            *(t[["parameter_ids"]] for t in ctx.tables.values() if "parameter_ids" in t)]
    rows = unused_parameters(ctx.parameters, pd.concat(used, ignore_index=True))
    cols = ["parameter", "category", "activity", "gas", "region", "year_from", "year_to",
            "value", "unit", "layer", "source_ref"]
    return rows[cols]


def _completeness(status: tuple[str, ...]):
    def find(ctx: RunContext) -> pd.DataFrame:
        t = ctx.analysis.get("completeness_checks")
        if t is None or t.empty:
            return pd.DataFrame()
        out = t[t["status"].isin(status)].rename(columns={"regions": "region"})
        return out.reset_index(drop=True)
    return find


register_check(Check(
    "core.implied_factor_outside_ipcc_range", "emissions", "warning",
    "national implied emission factor outside the 95 % range of the IPCC default "
    "(IPCC 2006 Vol.1 Ch.6 Sect. 6.7.1)", _implied_outside))
register_check(Check(
    "core.country_parameter_not_used", "emissions", "warning",
    "country-specific parameter not used by any emission row: its category may run at Tier 1 "
    "(which takes IPCC defaults; set tier 2 in inventory.yml to use it) or its keys match no "
    "activity", _unused))
register_check(Check(
    "core.completeness_rule_failed", "analyses", "warning",
    "notation key against the ETF rules (NE explained and insignificant, IE says where, C "
    "aggregated; decision 18/CMA.1 annex paras. 30-32)", _completeness(("fail",))))
register_check(Check(
    "core.completeness_unverified", "analyses", "info",
    "notation key whose rule could not be verified (e.g. NE without a likely level)",
    _completeness(("unverified",))))
