"""Key category analysis (IPCC 2006 Vol.1 Ch.4, 2019 Refinement; ETF MPG paras 25-26).

Approach 1: level assessment for the base year and the latest year (Eq. 4.1) and trend
assessment (Eq. 4.2), each without and with LULUCF; a category is key when it is among the
categories that, taken in descending order, add up to the cumulative threshold (95 %, 85 % for
Parties using the flexibility provision of MPG para. 25). Approach 2 weights the same
assessments by the category's uncertainty (Eqs. 4.4, 4.5) with a 90 % threshold. Qualitative
key categories are added by the compiler (Sect. 4.3.3).

Categories are those of :mod:`.levels` (Table 4.1) per gas, in kt CO2-eq.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from inventory.errors import InputError

__all__ = ["level_assessment", "trend_assessment", "level_assessment_approach2",
           "trend_assessment_approach2", "cumulative_key", "key_category_analysis",
           "KCAResult", "CRITERIA"]

# criterion -> (assessment, approach, year role)
CRITERIA = {"L1": ("level", 1, "latest"), "L1 BY": ("level", 1, "base"),
            "T1": ("trend", 1, "trend"), "L2": ("level", 2, "latest"),
            "L2 BY": ("level", 2, "base"), "T2": ("trend", 2, "trend")}


ASSESSMENT_COLUMNS = ["criterion", "assessment", "approach", "year", "base_year", "coverage",
                      "kca_id", "gas", "kca_label", "estimate", "base_estimate",
                      "uncertainty_pct", "assessment_value", "share", "rank", "cumulative",
                      "threshold", "key"]


def level_assessment(emissions: np.ndarray) -> np.ndarray:
    """Level assessment of each category, Approach 1 [fraction of the total].

    Parameters
    ----------
    emissions : estimates of the categories in one year [kt CO2-eq]; removals negative.

    Notes
    -----
    IPCC 2006 Vol.1 Ch.4 Eq. 4.1: L_x,t = |E_x,t| / sum_y |E_y,t|. Absolute values let
    removals (LULUCF) count by their size.
    """
    e = np.abs(np.asarray(emissions, dtype=float))
    total = e.sum()
    return e / total if total > 0 else np.zeros_like(e)


def trend_assessment(base: np.ndarray, latest: np.ndarray) -> np.ndarray:
    """Trend assessment of each category, Approach 1 [dimensionless].

    Parameters
    ----------
    base : estimates in the base year [kt CO2-eq].
    latest : estimates in the latest year [kt CO2-eq].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.4 Eq. 4.2:
    T_x,t = |E_x,0| / sum_y |E_y,0| * |(E_x,t - E_x,0) / |E_x,0| - (E_t - E_0) / |E_0||
    with E_0, E_t the totals. Multiplied out, T_x,t = |(E_x,t - E_x,0) - |E_x,0| g| /
    sum_y |E_y,0| with g the relative trend of the total; that form is used here, as it also
    holds for a category whose base-year estimate is zero (T = |E_x,t| / sum_y |E_y,0|).
    """
    e0 = np.asarray(base, dtype=float)
    et = np.asarray(latest, dtype=float)
    abs_total0 = np.abs(e0).sum()
    total0, total_t = e0.sum(), et.sum()
    if abs_total0 == 0 or total0 == 0:
        raise InputError("the base-year total is zero", "key category analysis",
                         "base-year emissions to assess the trend against")
    g = (total_t - total0) / abs(total0)
    return np.abs((et - e0) - np.abs(e0) * g) / abs_total0


def level_assessment_approach2(level: np.ndarray, uncertainty: np.ndarray) -> np.ndarray:
    """Level assessment weighted by uncertainty, Approach 2 [fraction].

    Parameters
    ----------
    level : Approach 1 level assessment L_x,t [fraction].
    uncertainty : combined uncertainty of each category U_x,t [%].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.4 Eq. 4.4: LU_x,t = L_x,t U_x,t / sum_y (L_y,t U_y,t).
    """
    lu = np.asarray(level, dtype=float) * np.asarray(uncertainty, dtype=float)
    total = lu.sum()
    return lu / total if total > 0 else np.zeros_like(lu)


def trend_assessment_approach2(trend: np.ndarray, uncertainty: np.ndarray) -> np.ndarray:
    """Trend assessment weighted by uncertainty, Approach 2 [fraction].

    Parameters
    ----------
    trend : Approach 1 trend assessment T_x,t.
    uncertainty : combined uncertainty of each category in the latest year U_x,t [%].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.4 Eq. 4.5: TU_x,t = T_x,t U_x,t / sum_y (T_y,t U_y,t).
    """
    tu = np.asarray(trend, dtype=float) * np.asarray(uncertainty, dtype=float)
    total = tu.sum()
    return tu / total if total > 0 else np.zeros_like(tu)


def cumulative_key(contribution: np.ndarray, threshold: float,
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Share, rank, cumulative share and key flag of each category.

    Categories are sorted by contribution, largest first (ties keep the input order); the
    cumulative share of a category includes it. Key categories are those reached before the
    running total attains ``threshold``: the category that crosses it is key, the next is not
    (IPCC 2006 Vol.1 Ch.4 Sect. 4.3.1, Tables 4.2 and 4.3).
    """
    c = np.asarray(contribution, dtype=float)
    total = c.sum()
    share = c / total if total > 0 else np.zeros_like(c)
    order = np.argsort(-share, kind="stable")
    cum_sorted = np.cumsum(share[order])
    before = cum_sorted - share[order]
    key_sorted = (before < threshold - 1e-12) & (share[order] > 0)
    rank = np.empty(len(c), dtype=int)
    rank[order] = np.arange(1, len(c) + 1)
    cumulative = np.empty(len(c))
    cumulative[order] = cum_sorted
    key = np.empty(len(c), dtype=bool)
    key[order] = key_sorted
    return share, rank, cumulative, key


@dataclass
class KCAResult:
    """``assessments``: one row per assessment, coverage and category/gas (ranks, shares,
    cumulative shares, key flag); ``summary``: one row per category/gas (the NIR table and
    CRT Table7)."""

    assessments: pd.DataFrame
    summary: pd.DataFrame
    base_year: int
    latest_year: int
    threshold: float
    approach2_threshold: float
    notes: dict = field(default_factory=dict)   # e.g. why the trend assessment was not made


def _qualitative(series: pd.DataFrame, qualitative) -> pd.Series:
    reasons = pd.Series("", index=series.index, dtype=object)
    for q in qualitative:
        cat, gas = str(q["category"]), q.get("gas")
        code = series["kca_code"].astype(str)
        m = (code == cat) | code.str.startswith(cat + ".") | pd.Series(
            [cat.startswith(c + ".") for c in code], index=series.index)
        if gas:
            m &= series["gas"] == gas
        if not m.any():
            raise InputError(f"qualitative key category {cat}{' ' + gas if gas else ''} "
                             "matches no category of the inventory",
                             "inventory.yml, options.analysis.qualitative_key_categories",
                             "an IPCC 2006 category (and gas) that has estimates")
        reasons[m] = reasons[m].where(reasons[m] == "", reasons[m] + "; ") + q["reason"]
    return reasons


def key_category_analysis(series: pd.DataFrame, base_year: int, latest_year: int,
                          threshold: float = 0.95, approach2_threshold: float = 0.90,
                          uncertainty: pd.Series | None = None,
                          qualitative=()) -> KCAResult:
    """Run Approaches 1 (and 2 when ``uncertainty`` is given) over ``series``.

    Parameters
    ----------
    series : :func:`inventory.analysis.inputs.category_series` output (kca_id, gas,
        kca_code, kca_label, lulucf and year columns) [kt CO2-eq].
    uncertainty : combined uncertainty [%] per (kca_id, gas) (Table 3.3 column G); enables
        Approach 2.
    qualitative : ``{category, gas, reason}`` items added as key categories (criterion Q).
    """
    s = series.reset_index(drop=True)
    if s.empty:     # no category carries a number in the totals: nothing to assess
        summary = pd.DataFrame(columns=["kca_id", "kca_code", "fuel_group", "gas", "kca_label",
                                        "lulucf", "base_year", "latest_year", "base_estimate",
                                        "latest_estimate", "criteria excluding",
                                        "criteria including", "qualitative",
                                        "key excluding", "key including", "key"])
        summary["key"] = summary["key"].astype(bool)
        return KCAResult(pd.DataFrame(columns=ASSESSMENT_COLUMNS), summary, base_year,
                         latest_year, threshold, approach2_threshold,
                         {"assessment": "not applicable: no category has estimates in the "
                                        "national total"})
    for y in (base_year, latest_year):
        if y not in s.columns:
            raise InputError(f"no estimates for year {y}", "key category analysis",
                             "estimates for the base year and the latest year")
    u = None
    if uncertainty is not None:
        u = pd.MultiIndex.from_frame(s[["kca_id", "gas"]]).map(
            lambda k: uncertainty.get(k, np.nan)).to_numpy(dtype=float)
        u = np.nan_to_num(u, nan=0.0)
    rows = []
    notes: dict[str, str] = {}
    flags: dict[tuple[str, str], np.ndarray] = {}
    for coverage, mask in (("excluding", ~s["lulucf"].to_numpy(dtype=bool)),
                           ("including", np.ones(len(s), dtype=bool))):
        sub = s[mask]
        if sub.empty:
            continue
        e0 = sub[base_year].to_numpy(dtype=float)
        et = sub[latest_year].to_numpy(dtype=float)
        values = {"L1 BY": (level_assessment(e0), threshold),
                  "L1": (level_assessment(et), threshold)}
        # Eq. 4.2 divides by the base-year total: without one there is no trend to assess
        trend_ok = np.abs(e0).sum() != 0 and e0.sum() != 0
        if trend_ok:
            values["T1"] = (trend_assessment(e0, et), threshold)
        else:
            notes[f"trend {coverage}"] = (f"not applicable: the base-year ({base_year}) total "
                                          "is zero")
        if u is not None:
            us = u[mask]
            values["L2 BY"] = (level_assessment_approach2(values["L1 BY"][0], us),
                               approach2_threshold)
            values["L2"] = (level_assessment_approach2(values["L1"][0], us),
                            approach2_threshold)
            if trend_ok:
                values["T2"] = (trend_assessment_approach2(values["T1"][0], us),
                                approach2_threshold)
        for crit, (val, thr) in values.items():
            share, rank, cum, key = cumulative_key(val, thr)
            assessment, approach, role = CRITERIA[crit]
            full = np.full(len(s), False)
            full[mask] = key
            flags[(crit, coverage)] = full
            rows.append(pd.DataFrame({
                "criterion": crit, "assessment": assessment, "approach": approach,
                "year": base_year if role == "base" else latest_year,
                "base_year": base_year, "coverage": coverage,
                "kca_id": sub["kca_id"].to_numpy(), "gas": sub["gas"].to_numpy(),
                "kca_label": sub["kca_label"].to_numpy(),
                "estimate": (e0 if role == "base" else et),
                "base_estimate": e0, "uncertainty_pct": (u[mask] if u is not None
                                                         else np.nan),
                "assessment_value": val, "share": share, "rank": rank,
                "cumulative": cum, "threshold": thr, "key": key}))
    if not rows:   # nothing assessed (e.g. only memo items carry numbers)
        rows = [pd.DataFrame(columns=ASSESSMENT_COLUMNS)]
    assessments = (pd.concat(rows, ignore_index=True)
                   .sort_values(["coverage", "criterion", "rank"], ascending=[False, True, True])
                   .reset_index(drop=True))
    summary = s[["kca_id", "kca_code", "fuel_group", "gas", "kca_label", "lulucf"]].copy()
    summary["base_year"] = base_year
    summary["latest_year"] = latest_year
    summary["base_estimate"] = s[base_year].to_numpy(dtype=float)
    summary["latest_estimate"] = s[latest_year].to_numpy(dtype=float)
    for coverage in ("excluding", "including"):
        sub = assessments[assessments["coverage"] == coverage]
        for crit in CRITERIA:
            a = sub[sub["criterion"] == crit].set_index(["kca_id", "gas"])
            if a.empty:
                continue
            idx = pd.MultiIndex.from_frame(summary[["kca_id", "gas"]])
            summary[f"{crit} {coverage}"] = a["share"].reindex(idx).to_numpy()
        crits = [c for c in CRITERIA if (c, coverage) in flags]
        summary[f"criteria {coverage}"] = [
            ", ".join(c for c in crits if flags[(c, coverage)][i]) for i in range(len(s))]
    summary["qualitative"] = _qualitative(summary, qualitative).to_numpy()
    for coverage in ("excluding", "including"):
        col = f"criteria {coverage}"
        q = summary["qualitative"] != ""
        summary[col] = np.where(q, np.where(summary[col] != "", summary[col] + ", Q", "Q"),
                                summary[col])
        summary[f"key {coverage}"] = summary[col] != ""
    summary.loc[summary["lulucf"], "key excluding"] = False
    summary.loc[summary["lulucf"], "criteria excluding"] = ""
    summary["key"] = summary["key excluding"] | summary["key including"]
    summary = summary.sort_values(["key", "latest_estimate"], ascending=[False, False],
                                  key=lambda c: c.abs() if c.name == "latest_estimate" else c)
    return KCAResult(assessments, summary.reset_index(drop=True), base_year, latest_year,
                     threshold, approach2_threshold, notes)
