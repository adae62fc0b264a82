"""Uncertainty inputs and Approach 1 (error propagation) in the layout of IPCC 2006 Vol.1 Ch.3
Table 3.3 (2019 Refinement).

Each emission row is modelled as E = AD x p_1 x ... x p_n: activity data times the parameters
whose ids the method recorded in ``parameter_ids`` (emission factor, NCV, carbon content,
oxidation ...). That is exact for the energy methods and a first-order approximation for a
method whose parameters enter otherwise; a parameter row ``EF_uncertainty`` (below) replaces
the product for a category when the compiler has a better estimate.

Inputs, each a 95 % range:

* parameters: ``lower``/``upper`` of the parameter rows (IPCC default tables and the
  project's parameters); one uncertain variable per ``parameter_id``, so a factor shared by
  several categories or years is fully correlated across them (as Approach 1 assumes for the
  trend).
* activity data: parameters rows ``parameter: AD_uncertainty`` (``value`` 100, ``lower``/
  ``upper`` the 95 % bounds in % of the estimate, unit ``%``, keyed like any parameter by
  category, activity, region and years), else the default by data-collection type of
  ``data/ad_uncertainty_defaults.csv`` (IPCC 2006 Vol.2 Ch.2 Table 2.15; the
  ``statistics``/``ad_collection`` options), else *missing* (reported, never invented). One
  variable per national category, activity and year: the regions' activity data of a year are
  taken as fully correlated (one energy balance), different years as independent.
* ``parameter: EF_uncertainty`` rows (value 100, bounds in %) keyed by category/activity/gas
  replace the recorded parameters of the matching rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .levels import assessment_categories, is_lulucf

__all__ = ["AD_PARAMETER", "EF_PARAMETER", "half_width_pct", "combined_uncertainty_product",
           "combined_uncertainty_sum", "contribution_to_variance", "type_a_sensitivity",
           "type_b_sensitivity", "trend_uncertainty_from_factor",
           "trend_uncertainty_from_activity", "trend_uncertainty_contribution",
           "UncertaintyInputs", "uncertainty_inputs", "approach1_table", "TABLE_3_3",
           "ad_default_table"]

AD_PARAMETER = "AD_uncertainty"
EF_PARAMETER = "EF_uncertainty"
AD_DEFAULTS_CSV = Path(__file__).resolve().parent / "data" / "ad_uncertainty_defaults.csv"

# Table 3.3 columns: output column -> (letter, header)
TABLE_3_3 = {
    "kca_label": ("A", "IPCC category"),
    "gas": ("B", "Gas"),
    "base_emissions": ("C", "Base year emissions or removals [kt CO2-eq]"),
    "latest_emissions": ("D", "Year t emissions or removals [kt CO2-eq]"),
    "ad_uncertainty_pct": ("E", "Activity data uncertainty [%]"),
    "ef_uncertainty_pct": ("F", "Emission factor / estimation parameter uncertainty [%]"),
    "combined_uncertainty_pct": ("G", "Combined uncertainty [%]"),
    "contribution_to_variance": ("H", "Contribution to variance by category in year t"),
    "type_a_sensitivity_pct": ("I", "Type A sensitivity [%]"),
    "type_b_sensitivity_pct": ("J", "Type B sensitivity [%]"),
    "trend_uncertainty_ef_pct": ("K", "Uncertainty in trend in national emissions introduced "
                                      "by emission factor / estimation parameter uncertainty "
                                      "[%]"),
    "trend_uncertainty_ad_pct": ("L", "Uncertainty in trend in national emissions introduced "
                                      "by activity data uncertainty [%]"),
    "trend_uncertainty_contribution": ("M", "Uncertainty introduced into the trend in total "
                                            "national emissions [%^2]"),
}


# ------------------------------------------------------------------ the equations
def half_width_pct(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Approach 1 input uncertainty: half the 95 % range as % of the estimate [%].

    Parameters
    ----------
    value : the estimate [any unit].
    lower, upper : bounds of its 95 % confidence interval [same unit].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Sect. 3.2.3.1: U = half the 95 % confidence interval divided by the
    estimate, in %. For an asymmetric range the larger of the two distances from the estimate
    is taken (the conservative choice for error propagation).
    """
    v = np.asarray(value, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = (v - np.asarray(lower, dtype=float)) / np.abs(v)
        hi = (np.asarray(upper, dtype=float) - v) / np.abs(v)
    return 100.0 * np.fmax(lo, hi)


def combined_uncertainty_product(*uncertainties: np.ndarray) -> np.ndarray:
    """Uncertainty of a product of uncertain quantities [%].

    Parameters
    ----------
    uncertainties : percentage uncertainties U_1 ... U_n of the factors [%].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Eq. 3.1: U_total = sqrt(U_1^2 + U_2^2 + ... + U_n^2).
    """
    return np.sqrt(sum(np.square(np.asarray(u, dtype=float)) for u in uncertainties))


def combined_uncertainty_sum(uncertainties: np.ndarray, values: np.ndarray) -> float:
    """Uncertainty of a sum of independent uncertain quantities [%].

    Parameters
    ----------
    uncertainties : percentage uncertainties U_i of the terms [%].
    values : the terms x_i [any unit].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Eq. 3.2: U_total = sqrt((U_1 x_1)^2 + ... + (U_n x_n)^2) /
    |x_1 + ... + x_n|.
    """
    u = np.asarray(uncertainties, dtype=float)
    x = np.asarray(values, dtype=float)
    return float(np.sqrt(np.sum((u * x) ** 2)) / abs(x.sum()))


def contribution_to_variance(combined_pct: np.ndarray, latest: np.ndarray,
                             total_latest: float) -> np.ndarray:
    """Contribution of each category to the variance of the year-t total [%^2].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Table 3.3 column H: H = (G D)^2 / (sum D)^2; the uncertainty of
    the total is sqrt(sum H) [%].
    """
    return (np.asarray(combined_pct, dtype=float) * np.asarray(latest, dtype=float)) ** 2 \
        / total_latest ** 2


def type_a_sensitivity(base: np.ndarray, latest: np.ndarray, total_base: float,
                       total_latest: float) -> np.ndarray:
    """Change in the trend of the total per 1 % increase of a category in both years [%/%].

    Parameters
    ----------
    base, latest : category estimates C and D [kt CO2-eq].
    total_base, total_latest : sum C and sum D [kt CO2-eq].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Table 3.3 column I:
    I = ((0.01 D_x + sum D - (0.01 C_x + sum C)) / (0.01 C_x + sum C)) x 100
        - ((sum D - sum C) / sum C) x 100.
    """
    c = np.asarray(base, dtype=float)
    d = np.asarray(latest, dtype=float)
    return ((0.01 * d + total_latest - (0.01 * c + total_base)) / (0.01 * c + total_base)
            * 100.0 - (total_latest - total_base) / total_base * 100.0)


def type_b_sensitivity(latest: np.ndarray, total_base: float) -> np.ndarray:
    """Change in the trend of the total per 1 % increase of a category in year t only [%/%].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Table 3.3 column J: J = D_x / sum C.
    """
    return np.asarray(latest, dtype=float) / total_base


def trend_uncertainty_from_factor(type_a: np.ndarray, factor_pct: np.ndarray) -> np.ndarray:
    """Trend uncertainty from the factor uncertainty, factors fully correlated between the
    years [%].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Table 3.3 column K: K = I F.
    """
    return np.asarray(type_a, dtype=float) * np.asarray(factor_pct, dtype=float)


def trend_uncertainty_from_activity(type_b: np.ndarray, activity_pct: np.ndarray
                                    ) -> np.ndarray:
    """Trend uncertainty from the activity-data uncertainty, independent between the years [%].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Table 3.3 column L: L = J E sqrt(2).
    """
    return np.asarray(type_b, dtype=float) * np.asarray(activity_pct, dtype=float) * np.sqrt(2)


def trend_uncertainty_contribution(k: np.ndarray, l_: np.ndarray) -> np.ndarray:
    """Contribution of a category to the variance of the trend [%^2].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Table 3.3 column M: M = K^2 + L^2; the trend uncertainty of the total
    is sqrt(sum M) [percentage points].
    """
    return np.square(np.asarray(k, dtype=float)) + np.square(np.asarray(l_, dtype=float))


# ------------------------------------------------------------------ inputs
def ad_default_table() -> pd.DataFrame:
    return pd.read_csv(AD_DEFAULTS_CSV, comment="#", dtype={"prefix": str, "fuel_group": str},
                       keep_default_na=False)


@dataclass
class UncertaintyInputs:
    """``rows``: emission rows (row_id, year, category, activity, gas, region, kca_id, gas,
    lulucf, value = kt CO2-eq, ad_source); ``variables``: one uncertain input each
    (variable_id, kind, parameter, value, lower, upper, distribution, u_pct, source, status);
    ``links``: row_id -> variable_id (kind ``activity`` or ``factor``)."""

    rows: pd.DataFrame
    variables: pd.DataFrame
    links: pd.DataFrame


def _ad_defaults(rows: pd.DataFrame, fuel: pd.Series, statistics: str, collection: str
                 ) -> tuple[np.ndarray, np.ndarray]:
    table = ad_default_table()
    col = f"{statistics}_{collection}"
    # decided once per distinct (category, fuel group) pair, then spread over the rows
    c_codes, c_uniq = pd.factorize(rows["category"].astype(str).to_numpy())
    f_codes, f_uniq = pd.factorize(np.asarray(fuel, dtype=object))
    codes, pairs = pd.factorize(c_codes.astype(np.int64) * max(len(f_uniq), 1) + f_codes)
    n = len(pairs)
    u = np.full(n, np.nan)
    src = np.full(n, None, dtype=object)
    best = np.full(n, -1)
    cats = pd.Series(np.asarray(c_uniq, dtype=object)[pairs // max(len(f_uniq), 1)],
                     dtype=object)
    fuels = np.asarray(f_uniq, dtype=object)[pairs % max(len(f_uniq), 1)]
    for prefix, fg, val, source in table[["prefix", "fuel_group", col, "source"]].itertuples(
            index=False):
        m = ((cats == prefix) | cats.str.startswith(prefix + ".")).to_numpy().copy()
        if fg:
            m &= fuels == fg
        score = prefix.count(".") * 2 + (1 if fg else 0)
        take = m & (score > best)
        u[take] = float(val)
        src[take] = f"default {source}; {statistics.replace('_', ' ')} statistics, {collection}"
        best[take] = score
    if not len(codes):
        return np.full(0, np.nan), np.full(0, None, dtype=object)
    return u[codes], src[codes]


def _distribution(d: pd.Series) -> pd.Series:
    return d.astype(object).where(d.notna() & (d.astype(str) != "") & (d.astype(str) != "nan"),
                                  "")


def _split_ids(ids: pd.Series, row_id: np.ndarray) -> pd.DataFrame:
    """(row_id, pid) for every ';'-separated id of every row, in row order (a row without
    ids gives one empty pid): ``str.split`` + ``explode``, splitting each distinct text once."""
    codes, uniq = pd.factorize(ids.astype(object).where(ids.notna(), ""), use_na_sentinel=False)
    parts = [str(u).split(";") for u in uniq]
    length = np.array([len(x) for x in parts], dtype=np.int64)
    flat = np.array([x for p in parts for x in p], dtype=object)
    n = length[codes]
    within = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    pid = flat[np.repeat((np.cumsum(length) - length)[codes], n) + within]
    return pd.DataFrame({"row_id": np.repeat(row_id, n), "pid": pid})


def uncertainty_inputs(emissions: pd.DataFrame, parameters: pd.DataFrame | None,
                       years: list[int], statistics: str = "less_developed",
                       ad_collection: str = "survey",
                       default_parameters: pd.DataFrame | None = None) -> UncertaintyInputs:
    """Collect the uncertain inputs of the emission rows of ``years`` (see the module doc).

    ``parameters``: the project's parameters table (``stage/parameters.parquet``);
    ``default_parameters``: the IPCC default tables (default :func:`default_tables`).
    """
    from inventory.crt.data import load_fuel_groups
    from inventory.crt.memo import is_memo_only
    from inventory.factors import FactorDB, default_tables

    em = emissions[emissions["year"].isin(years).to_numpy()
                   & ~emissions["memo"].astype(bool).to_numpy()
                   & ~is_memo_only(emissions["category"].astype(str))]
    em = em[em["value_co2eq"].notna() & em["value"].notna()].reset_index(drop=True)
    if em.empty:    # nothing in the totals carries a number (e.g. only memo items do)
        return _no_inputs()
    cats = assessment_categories(em)
    rows = pd.DataFrame({
        "row_id": np.arange(len(em)), "year": em["year"].astype(int).to_numpy(),
        "region": em["region"].astype(str).to_numpy(),
        "category": em["category"].astype(str).to_numpy(),
        "activity": em["activity"].astype(str).to_numpy(),
        "gas": em["gas"].astype(str).to_numpy(), "kca_id": cats["kca_id"].to_numpy(),
        "kca_label": cats["kca_label"].to_numpy(), "lulucf": is_lulucf(em["crt_category"]),
        "value": em["value_co2eq"].to_numpy(dtype=float)})
    defaults = default_tables() if default_parameters is None else default_parameters
    own = parameters if parameters is not None else defaults.iloc[:0]
    table = pd.concat([defaults, own], ignore_index=True).drop_duplicates(
        "parameter_id", keep="last").set_index("parameter_id")
    q = rows.assign(source_ref=None)
    var_frames, link_frames = [], []

    # ---- explicit EF_uncertainty overrides (per gas)
    override = np.zeros(len(rows), dtype=bool)
    special = own[own["parameter"].isin([AD_PARAMETER, EF_PARAMETER])] if len(own) else own
    db = FactorDB(special) if len(special) else None
    if db is not None and (special["parameter"] == EF_PARAMETER).any():
        for gas in pd.unique(rows["gas"]):
            m = (rows["gas"] == gas).to_numpy()
            res = db.lookup(q[m], EF_PARAMETER, "%", gas)
            if not res.found.any():
                continue
            idx = np.flatnonzero(m)[res.found]
            override[idx] = True
            link_frames.append(pd.DataFrame({"row_id": idx, "variable_id": [
                f"P|{p}" for p in res.parameter_id[res.found]], "kind": "factor"}))
    # ---- factor variables from the recorded parameter ids
    ex = _split_ids(em["parameter_ids"], rows["row_id"].to_numpy())
    ex = ex[(ex["pid"] != "") & ex["pid"].notna() & ~override[ex["row_id"].to_numpy()]]
    # ids that are not parameter rows (a method's recorded option, e.g. 'option:...') carry
    # no range: they are listed with status 'not a parameter row' and count as certain
    known = ex["pid"].isin(table.index)
    unknown = pd.unique(ex.loc[~known, "pid"])
    if len(unknown):
        var_frames.append(pd.DataFrame({
            "variable_id": "P|" + pd.Series(unknown), "kind": "factor", "parameter": None,
            "parameter_id": unknown, "category": None, "activity": None, "gas": None,
            "region": None, "year": -1, "value": np.nan, "lower": np.nan, "upper": np.nan,
            "unit": None, "distribution": "", "source": "not a parameter row",
            "status": "no range"}))
    link_frames.append(pd.DataFrame({"row_id": ex["row_id"].to_numpy(),
                                     "variable_id": "P|" + ex["pid"], "kind": "factor"}))
    linked = [f["variable_id"] for f in link_frames if len(f)]
    # rows with no factor at all (Tier 3 reported amounts) link no factor variable
    used = pd.unique(pd.concat(linked).str.slice(2)) if linked else []
    p = table.loc[[u for u in used if u in table.index]]
    ok = p["lower"].notna() & p["upper"].notna() & (p["value"] != 0)
    var_frames.append(pd.DataFrame({
        "variable_id": "P|" + p.index.to_series(), "kind": "factor",
        "parameter": p["parameter"].to_numpy(), "parameter_id": p.index.to_numpy(),
        "category": p["category"].to_numpy(), "activity": p["activity"].to_numpy(),
        "gas": p["gas"].to_numpy(), "region": p["region"].to_numpy(), "year": -1,
        "value": p["value"].to_numpy(dtype=float), "lower": p["lower"].to_numpy(dtype=float),
        "upper": p["upper"].to_numpy(dtype=float), "unit": p["unit"].to_numpy(),
        "distribution": _distribution(p["distribution"]).to_numpy(),
        "source": p["source"].to_numpy(),
        "status": np.where(ok, np.where(p["parameter"] == EF_PARAMETER, "override", "given"),
                           "no range")}).reset_index(drop=True))

    # ---- activity-data variables
    ad_pid = np.full(len(rows), None, dtype=object)
    if db is not None and (special["parameter"] == AD_PARAMETER).any():
        res = db.lookup(q, AD_PARAMETER, "%", "-")
        ad_pid[res.found] = res.parameter_id[res.found]
    fuel = rows["activity"].map(load_fuel_groups()).fillna("")
    u_def, src_def = _ad_defaults(rows, fuel, statistics, ad_collection)
    has_p = pd.notna(ad_pid)
    has_d = ~has_p & ~np.isnan(u_def)
    rows["ad_source"] = np.where(has_p, "parameter", np.where(has_d, "default", "missing"))
    base = rows["category"] + "|" + rows["activity"] + "|" + rows["year"].astype(str)
    if has_p.any():
        pr = table.loc[ad_pid[has_p]]
        regional = (pr["region"] != "*").to_numpy()
        vid = ("AD|" + pd.Series(ad_pid[has_p]) + "|" + base[has_p].to_numpy()
               + np.where(regional, "|" + rows.loc[has_p, "region"].to_numpy(), ""))
        link_frames.append(pd.DataFrame({"row_id": rows.loc[has_p, "row_id"].to_numpy(),
                                         "variable_id": vid.to_numpy(), "kind": "activity"}))
        v = pd.DataFrame({"variable_id": vid.to_numpy(), "kind": "activity",
                          "parameter": AD_PARAMETER, "parameter_id": ad_pid[has_p],
                          "category": rows.loc[has_p, "category"].to_numpy(),
                          "activity": rows.loc[has_p, "activity"].to_numpy(), "gas": "-",
                          "region": np.where(regional, rows.loc[has_p, "region"], "*"),
                          "year": rows.loc[has_p, "year"].to_numpy(),
                          "value": pr["value"].to_numpy(dtype=float),
                          "lower": pr["lower"].to_numpy(dtype=float),
                          "upper": pr["upper"].to_numpy(dtype=float), "unit": "%",
                          "distribution": _distribution(pr["distribution"]).to_numpy(),
                          "source": pr["source"].to_numpy(),
                          "status": np.where(pr["lower"].notna() & pr["upper"].notna(),
                                             "given", "no range")})
        var_frames.append(v.drop_duplicates("variable_id"))
    if has_d.any():
        vid = "AD|default|" + base[has_d]
        link_frames.append(pd.DataFrame({"row_id": rows.loc[has_d, "row_id"].to_numpy(),
                                         "variable_id": vid.to_numpy(), "kind": "activity"}))
        v = pd.DataFrame({"variable_id": vid.to_numpy(), "kind": "activity",
                          "parameter": AD_PARAMETER, "parameter_id": None,
                          "category": rows.loc[has_d, "category"].to_numpy(),
                          "activity": rows.loc[has_d, "activity"].to_numpy(), "gas": "-",
                          "region": "*", "year": rows.loc[has_d, "year"].to_numpy(),
                          "value": 100.0, "lower": 100.0 - u_def[has_d],
                          "upper": 100.0 + u_def[has_d], "unit": "%", "distribution": "normal",
                          "source": src_def[has_d], "status": "default"})
        var_frames.append(v.drop_duplicates("variable_id"))
    variables = pd.concat(var_frames, ignore_index=True).drop_duplicates("variable_id")
    variables["u_pct"] = np.where(variables["status"] == "no range", np.nan, half_width_pct(
        variables["value"], variables["lower"], variables["upper"]))
    variables["rel_lower"] = variables["lower"] / variables["value"]
    variables["rel_upper"] = variables["upper"] / variables["value"]
    links = pd.concat(link_frames, ignore_index=True)
    n_missing = links.merge(variables[["variable_id", "status"]], on="variable_id")
    miss = n_missing[n_missing["status"] == "no range"].groupby("row_id").size()
    rows["factor_inputs_without_range"] = miss.reindex(rows["row_id"], fill_value=0).to_numpy()
    usable = variables.loc[variables["status"] != "no range", "variable_id"]
    links = links[links["variable_id"].isin(usable)].reset_index(drop=True)
    return UncertaintyInputs(rows, variables.sort_values("variable_id").reset_index(drop=True),
                             links)


def _no_inputs() -> UncertaintyInputs:
    rows = pd.DataFrame(columns=["row_id", "year", "region", "category", "activity", "gas",
                                 "kca_id", "kca_label", "lulucf", "value", "ad_source",
                                 "factor_inputs_without_range"])
    variables = pd.DataFrame(columns=["variable_id", "kind", "parameter", "parameter_id",
                                      "category", "activity", "gas", "region", "year", "value",
                                      "lower", "upper", "unit", "distribution", "source",
                                      "status", "u_pct", "rel_lower", "rel_upper"])
    links = pd.DataFrame(columns=["row_id", "variable_id", "kind"])
    return UncertaintyInputs(rows, variables, links)


# ------------------------------------------------------------------ Approach 1
def _component_pct(inputs: UncertaintyInputs, year: int) -> pd.DataFrame:
    """Per (kca_id, gas): activity and factor uncertainty [%] of the category in ``year``:
    sqrt(sum over variables of (sum over the category's rows using it of U_v E_r)^2) / |E|
    (a variable shared by rows of a category counts fully correlated; Eq. 3.2 across
    variables, Eq. 3.1 along each row's product)."""
    r = inputs.rows[inputs.rows["year"] == year]
    total = r.groupby(["kca_id", "gas"])["value"].sum()
    lk = inputs.links.merge(r[["row_id", "kca_id", "gas", "value"]], on="row_id").merge(
        inputs.variables[["variable_id", "u_pct"]], on="variable_id")
    lk["ue"] = lk["u_pct"] * lk["value"]
    per_var = lk.groupby(["kca_id", "gas", "kind", "variable_id"])["ue"].sum()
    comp = np.sqrt((per_var ** 2).groupby(level=["kca_id", "gas", "kind"]).sum()).unstack(
        "kind")
    comp = comp.reindex(total.index).fillna(0.0)
    out = pd.DataFrame(index=total.index)
    absd = total.abs().where(total.abs() > 0)
    for kind, col in (("activity", "ad_uncertainty_pct"), ("factor", "ef_uncertainty_pct")):
        out[col] = (comp[kind] / absd).fillna(0.0) if kind in comp else 0.0
    out["ad_source"] = r.groupby(["kca_id", "gas"])["ad_source"].agg(
        lambda s: ", ".join(sorted(set(s))))
    out["factor_inputs_without_range"] = r.groupby(["kca_id", "gas"])[
        "factor_inputs_without_range"].sum()
    return out


APPROACH1_COLUMNS = ["coverage", "kca_id", "kca_label", "gas", "base_year", "latest_year",
                     "base_emissions", "latest_emissions", "ad_uncertainty_pct",
                     "ef_uncertainty_pct", "combined_uncertainty_pct",
                     "contribution_to_variance", "type_a_sensitivity_pct",
                     "type_b_sensitivity_pct", "trend_uncertainty_ef_pct",
                     "trend_uncertainty_ad_pct", "trend_uncertainty_contribution",
                     "combined_base_pct", "ad_source", "factor_inputs_without_range",
                     "trend_pct", "trend_uncertainty_pct"]


def approach1_table(inputs: UncertaintyInputs, series: pd.DataFrame, base_year: int,
                    latest_year: int) -> pd.DataFrame:
    """IPCC 2006 Vol.1 Ch.3 Table 3.3 for ``latest_year`` against ``base_year``, excluding and
    including LULUCF (column ``coverage``), one row per category/gas plus a ``Total`` row.

    ``series``: :func:`inventory.analysis.inputs.category_series` (the C and D columns).
    Extra columns: ``combined_base_pct`` (G for the base year, used by Approach 2 KCA of the
    base year), ``ad_source`` (parameter / default / missing) and
    ``factor_inputs_without_range`` (recorded parameters without a 95 % range, counted as
    certain).
    """
    latest = _component_pct(inputs, latest_year)
    base = _component_pct(inputs, base_year)
    s = series.set_index(["kca_id", "gas"])
    out = []
    for coverage, keep in (("excluding", ~s["lulucf"]), ("including", s["lulucf"] | True)):
        t = s[keep.astype(bool)]
        if t.empty:
            continue
        c = t[base_year].to_numpy(dtype=float)
        d = t[latest_year].to_numpy(dtype=float)
        tot_c, tot_d = c.sum(), d.sum()
        comp = latest.reindex(t.index)
        e = comp["ad_uncertainty_pct"].fillna(0.0).to_numpy()
        f = comp["ef_uncertainty_pct"].fillna(0.0).to_numpy()
        g = combined_uncertainty_product(e, f)
        bcomp = base.reindex(t.index)
        g_base = combined_uncertainty_product(bcomp["ad_uncertainty_pct"].fillna(0.0),
                                              bcomp["ef_uncertainty_pct"].fillna(0.0))
        h = contribution_to_variance(g, d, tot_d)
        if tot_c != 0:
            i = type_a_sensitivity(c, d, tot_c, tot_d)
            j = type_b_sensitivity(d, tot_c)
            k = trend_uncertainty_from_factor(i, f)
            l_ = trend_uncertainty_from_activity(j, e)
            m = trend_uncertainty_contribution(k, l_)
        else:   # no base-year total: the trend (columns I-M) is not applicable
            i = j = k = l_ = m = np.full(len(t), np.nan)
        rows = pd.DataFrame({
            "coverage": coverage, "kca_id": t.index.get_level_values(0),
            "kca_label": t["kca_label"].to_numpy(), "gas": t.index.get_level_values(1),
            "base_year": base_year, "latest_year": latest_year, "base_emissions": c,
            "latest_emissions": d, "ad_uncertainty_pct": e, "ef_uncertainty_pct": f,
            "combined_uncertainty_pct": g, "contribution_to_variance": h,
            "type_a_sensitivity_pct": i, "type_b_sensitivity_pct": j,
            "trend_uncertainty_ef_pct": k, "trend_uncertainty_ad_pct": l_,
            "trend_uncertainty_contribution": m, "combined_base_pct": np.asarray(g_base),
            "ad_source": comp["ad_source"].fillna("none").to_numpy(),
            "factor_inputs_without_range": comp["factor_inputs_without_range"].fillna(0)
            .astype(int).to_numpy()})
        total = {"coverage": coverage, "kca_id": "Total", "kca_label": "Total", "gas": "all",
                 "base_year": base_year, "latest_year": latest_year, "base_emissions": tot_c,
                 "latest_emissions": tot_d,
                 "combined_uncertainty_pct": float(np.sqrt(h.sum())),
                 "contribution_to_variance": float(h.sum()),
                 "trend_uncertainty_contribution": float(m.sum()) if tot_c != 0 else np.nan,
                 "trend_pct": (tot_d - tot_c) / abs(tot_c) * 100.0 if tot_c != 0 else np.nan,
                 "trend_uncertainty_pct": float(np.sqrt(m.sum())) if tot_c != 0 else np.nan}
        out.append(pd.concat([rows, pd.DataFrame([total])], ignore_index=True))
    if not out:     # no category carries a number in the totals
        return pd.DataFrame(columns=APPROACH1_COLUMNS)
    return pd.concat(out, ignore_index=True)
