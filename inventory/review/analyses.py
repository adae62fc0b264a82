"""Loaders of the cross-cutting analyses and the checks: key categories (``kca.csv``),
uncertainty (``uncertainty_approach1.csv``), check findings (``checks.csv``) and the rows
each finding points at."""

from __future__ import annotations

import pandas as pd

from inventory.review.fmt import Col
from inventory.review.run import ReviewRun

__all__ = ["analysis_table", "key_categories", "uncertainty_table", "check_summary",
           "check_findings", "finding_rows", "KCA_COLUMNS", "KCA_COLS", "UNCERTAINTY_COLUMNS",
           "UNC_COLS", "CHECK_COLUMNS", "CHECK_COLS", "CHECK_SUMMARY_COLS"]


def analysis_table(run: ReviewRun, fname: str) -> pd.DataFrame | None:
    """An analysis output of the run folder (None when the analysis did not run)."""
    return run.table(fname)


KCA_COLS = [
    Col("kca_label", "Category", wrap=True), Col("gas", "Gas"),
    Col("base_estimate", "Base year", "kt CO2-eq", "kt_co2eq"),
    Col("latest_estimate", "Latest year", "kt CO2-eq", "kt_co2eq"),
    Col("level", "Level share (latest)", kind="share"),
    Col("level_base", "Level share (base year)", kind="share"),
    Col("trend", "Trend share", kind="share"),
    Col("criteria", "Criteria"), Col("qualitative", "Qualitative", wrap=True),
]
KCA_COLUMNS = {c.key: c.header for c in KCA_COLS}


def key_categories(run: ReviewRun, coverage: str = "excluding") -> pd.DataFrame | None:
    """The key categories of ``kca.csv`` without or with LULUCF (``coverage``), largest
    first, with their latest-year and base-year level shares, trend share and criteria."""
    k = analysis_table(run, "kca.csv")
    if k is None:
        return None
    key = k[k[f"key {coverage}"].astype(str).isin(["True", "true", "1"])]
    out = key.assign(level=key.get(f"L1 {coverage}"), level_base=key.get(f"L1 BY {coverage}"),
                     trend=key.get(f"T1 {coverage}"), criteria=key[f"criteria {coverage}"])
    out = out.reindex(out["latest_estimate"].abs().sort_values(ascending=False,
                                                                kind="stable").index)
    return out[[c.key for c in KCA_COLS if c.key in out]].reset_index(drop=True)


UNC_COLS = [
    Col("kca_label", "A Category", wrap=True), Col("gas", "B Gas"),
    Col("base_emissions", "C Base year", "kt CO2-eq", "kt_co2eq"),
    Col("latest_emissions", "D Year t", "kt CO2-eq", "kt_co2eq"),
    Col("ad_uncertainty_pct", "E Activity data", "%", "pct"),
    Col("ef_uncertainty_pct", "F Emission factor", "%", "pct"),
    Col("combined_uncertainty_pct", "G Combined", "%", "pct"),
    Col("contribution_to_variance", "H Contribution to variance", kind="num"),
    Col("type_a_sensitivity_pct", "I Type A sensitivity", "%", "pct"),
    Col("type_b_sensitivity_pct", "J Type B sensitivity", "%", "pct"),
    Col("trend_uncertainty_ef_pct", "K Trend from EF", "%", "pct"),
    Col("trend_uncertainty_ad_pct", "L Trend from AD", "%", "pct"),
    Col("trend_uncertainty_contribution", "M Trend contribution", kind="num"),
    Col("ad_source", "AD uncertainty source"),
]
UNCERTAINTY_COLUMNS = {c.key: c.header for c in UNC_COLS}


def uncertainty_table(run: ReviewRun, coverage: str = "excluding") -> pd.DataFrame | None:
    """Table 3.3 of ``uncertainty_approach1.csv`` (rows by contribution to variance, the total
    last)."""
    u = analysis_table(run, "uncertainty_approach1.csv")
    if u is None:
        return None
    u = u[u["coverage"] == coverage]
    body = u[u["kca_id"] != "Total"].sort_values("contribution_to_variance", ascending=False)
    out = pd.concat([body, u[u["kca_id"] == "Total"]], ignore_index=True)
    return out[[c.key for c in UNC_COLS if c.key in out]]


# ------------------------------------------------------------------ checks
CHECK_COLUMNS = ["check", "severity", "action", "region", "year", "category", "activity", "gas",
                 "source_ref", "details"]
CHECK_COLS = [Col("check", "Check"), Col("severity", "Severity"), Col("action", "Action"),
              Col("region", "Region"), Col("year", "Year", kind="year"),
              Col("category", "Category"), Col("activity", "Activity"), Col("gas", "Gas"),
              Col("source_ref", "Input cell", wrap=True), Col("details", "Details", wrap=True)]
CHECK_SUMMARY_COLS = [Col("check", "Check"), Col("severity", "Severity"),
                      Col("action", "Action"), Col("findings", "Findings", kind="int"),
                      Col("message", "Rule", wrap=True)]


def check_summary(run: ReviewRun) -> pd.DataFrame | None:
    """One row per check that found something (``checks.csv``): severity, what the policy did
    (raise / warn / record), the rule and how many rows it found."""
    c = analysis_table(run, "checks.csv")
    if c is None:
        return None
    cols = ["check", "severity", "action", "findings", "message"]
    if c.empty:
        return c.reindex(columns=cols)
    return (c.groupby(["check", "severity", "action", "message"], as_index=False, dropna=False)
            .size().rename(columns={"size": "findings"})[cols])


def check_findings(run: ReviewRun, check: str | None = None, severity: str | None = None,
                   text: str = "") -> pd.DataFrame | None:
    """The findings of one check (or all), optionally of one severity and containing
    ``text`` (region, category, activity, gas, input cell or details), each with the input
    cell where known."""
    c = analysis_table(run, "checks.csv")
    if c is None:
        return None
    if check:
        c = c[c["check"] == check]
    if severity:
        c = c[c["severity"] == severity]
    if text:
        hay = c[[x for x in ("region", "category", "activity", "gas", "source_ref", "details")
                 if x in c]].astype(object).fillna("").astype(str).agg(" ".join, axis=1)
        c = c[hay.str.contains(text, case=False, regex=False)]
    return c[[col for col in CHECK_COLUMNS if col in c]].reset_index(drop=True)


def _regions(value) -> list[str]:
    return [r for r in str(value).split() if r] if isinstance(value, str) else []


def finding_rows(run: ReviewRun, finding: pd.Series) -> dict[str, pd.DataFrame]:
    """What a finding points at: ``emissions`` (the emission rows of its region(s), year,
    category, activity and gas, as far as the finding names them), ``inputs`` (the input
    activity rows of its input cell, or of the same keys) and ``parameters`` (the input
    parameter row of its cell, for a finding on a parameter)."""
    from inventory.review.provenance import input_rows_for

    e = run.emissions
    mask = pd.Series(True, index=e.index)
    named = False
    for col in ("category", "activity", "gas"):
        v = finding.get(col)
        if isinstance(v, str) and v:
            mask &= e[col] == v
            named = True
    regions = _regions(finding.get("region"))
    if regions:
        mask &= e["region"].isin(regions)
    year = finding.get("year")
    if year is not None and pd.notna(year) and str(year) != "":
        mask &= e["year"] == int(float(year))
    em = e[mask] if named else e.iloc[0:0]
    ref = finding.get("source_ref")
    ref = ref if isinstance(ref, str) and ref else None
    inputs = input_rows_for(run, source_ref=ref, region=regions, year=year,
                            category=finding.get("category"), activity=finding.get("activity"))
    p = run.input_parameters
    params = (p[p["source_ref"] == ref].reset_index(drop=True) if p is not None and ref
              else pd.DataFrame())
    return {"emissions": em.reset_index(drop=True), "inputs": inputs, "parameters": params}
