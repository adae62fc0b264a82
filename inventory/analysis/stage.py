"""The cross-cutting analyses over the combined emissions of a run (pure: no file I/O except
reading the submission store for recalculations). :class:`inventory.pipeline.Run` writes what
they return into the run folder:

    uncertainty_inputs.csv       every uncertain input with its range, distribution, source
    uncertainty_approach1.csv    Table 3.3 (Vol.1 Ch.3), without and with LULUCF
    uncertainty_approach2.csv    Monte Carlo: categories and totals, 95 % intervals
    uncertainty_mc_totals.parquet  the totals' Monte Carlo draws (histograms)
    kca.csv                      key categories: one row per category/gas (NIR table, Table7)
    kca_assessments.csv          each assessment ranked with cumulative shares (Tables 4.2/4.3)
    completeness.csv             CRT Table9 entries (NE, IE)
    completeness_checks.csv      the ETF rules for NE, IE and C
    trends.csv                   CRT node x gas group x year (Table10, Summary2)
    recalculations.csv           against an archived submission (Table8), when one exists
    recalculations_series.csv    the same per emission series
    analysis.json                what ran, with which settings and inputs

Time-series consistency (gap filling and splicing, ``timeseries_provenance.csv``) is not an
analysis of the emissions: it runs before the sectors (:meth:`inventory.pipeline.Run.timeseries`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .options import AnalysisOptions

__all__ = ["analyse", "AnalysisResult", "load_analysis", "compare_with_submission",
           "ANALYSES", "ANALYSIS_FILES"]

ANALYSES = ("uncertainty", "kca", "completeness", "trends", "recalculations")
ANALYSIS_FILES = {
    "kca": "kca.csv", "kca_assessments": "kca_assessments.csv",
    "uncertainty_inputs": "uncertainty_inputs.csv",
    "uncertainty_approach1": "uncertainty_approach1.csv",
    "uncertainty_approach2": "uncertainty_approach2.csv",
    "timeseries_provenance": "timeseries_provenance.csv",
    "completeness": "completeness.csv", "completeness_checks": "completeness_checks.csv",
    "trends": "trends.csv", "recalculations": "recalculations.csv",
    "recalculations_series": "recalculations_series.csv",
}
_DTYPES = {"node": str, "kca_id": str, "crt_category": str, "category": str, "gas": str,
           "kca_code": str, "gas_group": str}


@dataclass
class AnalysisResult:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)   # by ANALYSIS_FILES name
    mc_samples: pd.DataFrame | None = None
    parts: dict[str, dict] = field(default_factory=dict)            # what ran, per part


def load_analysis(run_dir: Path | str) -> dict[str, pd.DataFrame]:
    """The analysis tables present in a run folder, by name (see :data:`ANALYSIS_FILES`);
    notation keys ('NA', 'NO' ...) stay text."""
    run_dir = Path(run_dir)
    out = {}
    for name, fname in ANALYSIS_FILES.items():
        p = run_dir / fname
        if p.exists():
            out[name] = pd.read_csv(p, dtype=_DTYPES, keep_default_na=False,
                                    na_values=[""])
    meta = run_dir / "analysis.json"
    if meta.exists():
        out["meta"] = json.loads(meta.read_text())
    return out


def compare_with_submission(emissions: pd.DataFrame, gwp_set: str, store, against: int
                            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(Table8 rows, series rows) of ``emissions`` against submission ``against``."""
    from .recalculations import compare_series, compare_trends
    from .trends import emissions_trends

    prev = store.emissions(against)
    prev_gwp = store.get(against)["gwp_set"] or gwp_set
    t8 = compare_trends(emissions_trends(prev, prev_gwp), emissions_trends(emissions, gwp_set),
                        store.reasons(against))
    t8.insert(0, "against", int(against))
    series = compare_series(prev, emissions)
    series.insert(0, "against", int(against))
    return t8, series


def analyse(emissions: pd.DataFrame, activity: pd.DataFrame, parameters: pd.DataFrame,
            project, opts: AnalysisOptions, parts=None, *, store_url: str | None = None,
            run_id: str | None = None, run_dir: Path | None = None,
            approach1: pd.DataFrame | None = None, progress=None,
            jobs: int | None = None) -> AnalysisResult:
    """Run the analyses ``parts`` (default all, in :data:`ANALYSES` order) over the combined
    emissions. ``approach1``: an earlier Table 3.3 (for Approach 2 key categories when the
    uncertainty part is not in ``parts``). ``progress(done, total)``: Monte Carlo iterations
    simulated, after each chunk. ``jobs``: threads of the Monte Carlo (None: one; the numbers
    do not depend on it)."""
    from .inputs import category_series

    parts = tuple(p for p in ANALYSES if p in (parts or ANALYSES))
    res = AnalysisResult()
    base, latest = project.base_year, project.last_year
    series = category_series(emissions, project.years)
    a1 = approach1
    if "uncertainty" in parts:
        from .uncertainty import approach1_table, uncertainty_inputs

        inputs = uncertainty_inputs(emissions, parameters, [base, latest], opts.statistics,
                                    opts.ad_collection)
        res.tables["uncertainty_inputs"] = inputs.variables.drop(columns=["rel_lower",
                                                                          "rel_upper"])
        a1 = approach1_table(inputs, series, base, latest)
        res.tables["uncertainty_approach1"] = a1
        info = {"approach1": True, "ad_sources": inputs.rows["ad_source"].value_counts()
                .to_dict()}
        if opts.approach2 and len(inputs.variables):
            from .montecarlo import monte_carlo  # scipy loads only for Approach 2

            mc = monte_carlo(inputs, base, latest, opts.mc_iterations, opts.mc_seed,
                             progress=progress, jobs=jobs or 1)
            labels = series.drop_duplicates(["kca_id"]).set_index("kca_id")["kca_label"]
            cats = mc.categories.assign(kca_label=mc.categories["kca_id"].map(labels))
            tot = mc.totals.assign(kca_id="Total", gas="all", kca_label="Total")
            res.tables["uncertainty_approach2"] = pd.concat([tot, cats], ignore_index=True)
            res.mc_samples = mc.samples
            info.update(approach2=True, iterations=opts.mc_iterations, seed=opts.mc_seed)
        elif opts.approach2:
            info.update(approach2=False, why="no uncertain inputs (no numeric emissions)")
        res.parts["uncertainty"] = info
    if "kca" in parts:
        from .kca import key_category_analysis

        unc = None
        if a1 is not None and len(a1):
            inc = a1[(a1["coverage"] == "including") & (a1["kca_id"] != "Total")]
            unc = inc.set_index(["kca_id", "gas"])["combined_uncertainty_pct"]
        kres = key_category_analysis(series, base, latest, opts.kca_threshold,
                                     opts.kca_approach2_threshold, unc,
                                     opts.qualitative_key_categories)
        res.tables["kca"] = kres.summary
        res.tables["kca_assessments"] = kres.assessments
        res.parts["kca"] = {"threshold": opts.kca_threshold, "approach2": unc is not None,
                            "key_categories": int(kres.summary["key"].sum()),
                            "categories": len(kres.summary), **kres.notes}
    if "completeness" in parts:
        from .completeness import completeness_checks, notation_key_entries
        from .levels import is_lulucf

        entries = notation_key_entries(emissions, activity, parameters)
        inv = emissions[~emissions["memo"].astype(bool) & ~is_lulucf(emissions["crt_category"])]
        totals = inv.groupby("year")["value_co2eq"].sum()
        checks = completeness_checks(emissions, entries, totals)
        res.tables["completeness"] = entries
        res.tables["completeness_checks"] = checks
        res.parts["completeness"] = {"entries": len(entries),
                                     "checks": checks["status"].value_counts().to_dict()}
    if "trends" in parts:
        from .trends import emissions_trends

        tr = emissions_trends(emissions, project.gwp)
        res.tables["trends"] = tr
        res.parts["trends"] = {"rows": len(tr)}
    if "recalculations" in parts:
        res.parts["recalculations"] = _recalculations(project, opts, run_dir, emissions,
                                                      store_url, run_id, res)
    return res


def _recalculations(project, opts, run_dir, emissions, store_url, run_id,
                    res: AnalysisResult) -> dict:
    from inventory.store import SubmissionStore, resolve_store_url, store_path

    against = str(opts.compare_against).lower()
    if against == "none":
        return {"compared": False, "why": "compare_against: none"}
    url = resolve_store_url(store_url, run_dir, opts.store_url)
    if not store_path(url).exists():
        return {"compared": False, "why": "no submission store"}
    store = SubmissionStore(url, create=False)
    sid = (store.latest(project.party_code, exclude_run=run_id) if against == "latest"
           else int(against))
    if sid is None:
        return {"compared": False, "why": f"no earlier submission of {project.party_code}"}
    t8, series = compare_with_submission(emissions, project.gwp, store, sid)
    res.tables["recalculations"] = t8
    res.tables["recalculations_series"] = series
    return {"compared": True, "against": sid,
            "changes": t8["change"].value_counts().to_dict()}
