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
  ``completeness_checks.csv``;
* ``core.parameter_implausible`` (intake, warning): a country parameter inside its physical
  domain but more than ``intake.implausible_factor`` (default 10) times outside the IPCC default
  range of the same parameter (:func:`inventory.domains.implausible_parameters`);
* ``core.series_dropped`` (intake, warning): a (region, category, activity) with a number in
  one year and no row, or NE, in the next inventory year (IPCC 2006 Vol.1 Ch.5: a time series
  is complete and consistent);
* ``core.series_dropped_since_submission`` (emissions, warning): an emission series with a
  number in the previous submission of the store (``options.analysis.compare_against``) that is
  absent now or NE;
* ``core.sector_without_data`` (intake, warning): a sector with no activity rows at all (its
  categories are reported NE) that inventory.yml does not declare ``not_reported``.
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

__all__ = ["implied_factor_check", "implied_factors"]


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
    n = len(g)
    ief, default, lower, upper = (np.full(n, np.nan) for _ in range(4))
    source = np.full(n, None, dtype=object)
    ipcc = ipcc if ipcc is not None else FactorDB(default_tables())
    # filled per (activity unit, IEF unit, gas) into arrays, assigned once (a .loc assignment
    # per group and column was most of the cost)
    for (a_unit, i_unit, gas), pos in g.groupby(["activity_unit", "ief_unit", "gas"]
                                                ).indices.items():
        sub = g.iloc[pos]
        to_ief = conversion_factor(f"kt/({a_unit})", i_unit)
        act = sub["activity_value"].to_numpy(dtype=float)
        ief[pos] = np.where(act > 0, sub["value"].to_numpy(dtype=float)
                            / np.where(act > 0, act, 1) * to_ief, np.nan)
        try:
            res = ipcc.lookup(sub.assign(region="*"), "EF", i_unit, gas, ("ipcc_default",))
        except InputError:  # the default EF of these rows is in another dimension
            continue
        default[pos], lower[pos], upper[pos] = res.value, res.lower, res.upper
        source[pos] = res.source
    g["ief"] = ief
    g["ipcc_default"], g["ipcc_lower"], g["ipcc_upper"] = default, lower, upper
    g["ipcc_source"] = pd.Series(source, index=g.index, dtype=object)
    g["within_range"] = np.where(
        g["ipcc_lower"].notna() & g["ipcc_upper"].notna(),
        (g["ief"] >= g["ipcc_lower"] * (1 - 1e-9)) & (g["ief"] <= g["ipcc_upper"] * (1 + 1e-9)),
        None)
    return g


def implied_factors(ctx: RunContext) -> pd.DataFrame:
    """:func:`implied_factor_check` of the context's emissions against its IPCC defaults,
    computed once per (emissions table, factor database) of a run: the emissions check and
    the report's ``implied_factors.csv`` share it (``ctx.memo``). Do not modify the result."""
    ipcc = ctx.factors.ipcc_defaults()
    hit = ctx.memo.get("implied_factors")
    if hit is not None and hit[0] is ctx.emissions and hit[1] is ipcc:
        return hit[2]
    g = implied_factor_check(ctx.emissions, ipcc)
    ctx.memo["implied_factors"] = (ctx.emissions, ipcc, g)
    return g


def _implied_outside(ctx: RunContext) -> pd.DataFrame:
    g = implied_factors(ctx)
    out = g[g["within_range"].astype(object).eq(False)]
    return out.drop(columns=["within_range"]).reset_index(drop=True)


def _unused(ctx: RunContext) -> pd.DataFrame:
    # parameters used for background tables (e.g. the reference approach) count as used
    used = [ctx.emissions[["parameter_ids"]],
            *(t[["parameter_ids"]] for t in ctx.tables.values() if "parameter_ids" in t)]
    rows = unused_parameters(ctx.parameters, pd.concat(used, ignore_index=True))
    # activity-data uncertainties are read by the uncertainty analysis, not by emission rows
    from inventory.analysis.uncertainty import AD_PARAMETER

    rows = rows[rows["parameter"] != AD_PARAMETER]
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


def _implausible(ctx: RunContext) -> pd.DataFrame:
    from inventory.domains import implausible_parameters

    factor = float(getattr(getattr(ctx.project, "intake", None), "implausible_factor", 10))
    table = ctx.factors.table
    return implausible_parameters(ctx.parameters, table[table["layer"] == "ipcc_default"],
                                  factor)


_SERIES = ["region", "category", "activity"]


def _series_dropped(ctx: RunContext) -> pd.DataFrame:
    """Numbers in year y-1, nothing (or NE) in year y, per series."""
    act = ctx.activity
    cols = [*_SERIES, "year", "previous_value", "unit", "now", "source_ref"]
    if act.empty:
        return pd.DataFrame(columns=cols)
    years = list(getattr(ctx.project, "years", sorted(act["year"].unique())))
    num = act[act["value"].notna()]
    out = []
    for prev, year in zip(years, years[1:], strict=False):
        before = num[num["year"] == prev]
        if before.empty:
            continue
        now = act[act["year"] == year][[*_SERIES, "notation_key", "value"]]
        m = before.merge(now, on=_SERIES, how="left", suffixes=("", "_now"), indicator=True)
        absent = m["_merge"] == "left_only"
        ne = m["notation_key_now"].astype(object).eq("NE") & m["value_now"].isna()
        hit = m[absent | ne]
        if hit.empty:
            continue
        out.append(pd.DataFrame({
            **{c: hit[c].to_numpy() for c in _SERIES}, "year": year,
            "previous_value": hit["value"].to_numpy(), "unit": hit["unit"].to_numpy(),
            "now": np.where(absent[absent | ne], "absent", "NE"),
            "source_ref": hit["source_ref"].to_numpy()}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=cols)


def _previous_submission(ctx: RunContext) -> pd.DataFrame | None:
    from inventory.analysis.options import analysis_options
    from inventory.store import SubmissionStore, resolve_store_url, store_path

    if ctx.project is None or ctx.run_dir is None:
        return None
    opts = analysis_options(ctx.project)
    against = str(opts.compare_against).lower()
    if against == "none":
        return None
    url = resolve_store_url(ctx.store_url, ctx.run_dir, opts.store_url)
    if not store_path(url).exists():
        return None
    store = SubmissionStore(url, create=False)
    sid = (store.latest(ctx.project.party_code, exclude_run=ctx.run_id)
           if against == "latest" else int(against))
    if sid is None:
        return None
    return store.emissions(sid).assign(submission=sid)


def _dropped_since_submission(ctx: RunContext) -> pd.DataFrame:
    prev = _previous_submission(ctx)
    keys = [*_SERIES, "gas"]
    cols = [*keys, "submission", "previous_years", "now"]
    if prev is None or prev.empty:
        return pd.DataFrame(columns=cols)
    before = prev[prev["value"].notna()].groupby(keys, as_index=False).agg(
        submission=("submission", "first"),
        previous_years=("year", lambda y: f"{int(y.min())}-{int(y.max())}"))
    em = ctx.emissions
    now = em.assign(has_number=em["value"].notna()).groupby(keys, as_index=False).agg(
        has_number=("has_number", "any"))
    m = before.merge(now, on=keys, how="left", indicator=True)
    gone = (m["_merge"] == "left_only") | ~m["has_number"].fillna(False).astype(bool)
    out = m[gone].assign(now=np.where(m.loc[gone, "_merge"] == "left_only", "absent",
                                      "no number (notation key)"))
    return out[cols].reset_index(drop=True)


def _sector_without_data(ctx: RunContext) -> pd.DataFrame:
    from inventory.io.sheets import sheet_for_category
    from inventory.plugins import sectors

    act = ctx.activity
    have = {getattr(sheet_for_category(c), "sector", None) for c in pd.unique(act["category"])}
    declared = set(getattr(ctx.project, "not_reported", ()) or ())
    from inventory.methods import registered_methods

    with_methods = {m.sector for m in registered_methods()}
    rows = [{"category": s.crt_code, "activity": "*", "sector_name": s.name,
             "reported_as": "NE"}
            for s in sectors() if s.name in with_methods and s.name not in have
            and s.name not in declared]
    return pd.DataFrame(rows, columns=["category", "activity", "sector_name", "reported_as"])


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
register_check(Check(
    "core.parameter_implausible", "intake", "warning",
    "country parameter far outside the IPCC default range (more than intake.implausible_factor "
    "times above its upper or below its lower default: possible, but a reviewer should see the "
    "evidence; IPCC 2006 Vol.1 Ch.6 Sect. 6.7.1)", _implausible))
register_check(Check(
    "core.series_dropped", "intake", "warning",
    "a category or fuel with a number in the previous year has no row, or NE, now (IPCC 2006 "
    "Vol.1 Ch.5: complete and consistent time series; report a notation key with a reason)",
    _series_dropped))
register_check(Check(
    "core.series_dropped_since_submission", "emissions", "warning",
    "an emission series with a number in the previous submission is absent now or has no "
    "number (completeness against the submission store; explain it in the recalculations)",
    _dropped_since_submission))
register_check(Check(
    "core.sector_without_data", "intake", "warning",
    "a sector without any activity rows: all its categories are reported NE (declare it under "
    "not_reported in inventory.yml when the project does not report it)",
    _sector_without_data))
