"""The analysis stage of the pipeline: after the sector stages, before the report stage.

    stage_analysis(project_dir, run_dir)            # everything (ghgi compile)
    stage_analysis(..., parts=("timeseries", "uncertainty", "kca"))   # notebook 07
    stage_analysis(..., parts=("completeness", "trends", "recalculations"))  # notebook 08

writes into the run folder:

    timeseries_provenance.csv    filled/spliced values and unfilled gaps (Vol.1 Ch.5)
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
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pandas as pd

from inventory.atomic import atomic_path

from .options import AnalysisOptions, analysis_options

__all__ = ["stage_analysis", "stage_timeseries", "load_analysis", "compare_with_submission",
           "ANALYSES", "ANALYSIS_FILES"]

ANALYSES = ("timeseries", "uncertainty", "kca", "completeness", "trends", "recalculations")
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


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False)


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


def _rules_hash(rules) -> str:
    return hashlib.sha256(json.dumps(list(rules), sort_keys=True, default=str).encode()
                          ).hexdigest()


def stage_timeseries(project, run_dir: Path, opts: AnalysisOptions) -> pd.DataFrame:
    """Apply the gap-filling/splicing rules to the staged activity and parameters tables and
    re-run the sectors whose inputs changed (once per rule set); returns the provenance."""
    from inventory import schema
    from inventory.methods import registered_methods
    from inventory.pipeline import STAGE_DIR, load_stage, stage_sector

    from .inputs import _restore_keys
    from .timeseries import PROVENANCE_COLUMNS, apply_rules, find_gaps

    stage = run_dir / STAGE_DIR
    marker = stage / "timeseries.json"
    digest = _rules_hash(opts.timeseries)
    activity = _restore_keys(load_stage(run_dir, "activity"))
    if marker.exists() and json.loads(marker.read_text()).get("rules") == digest:
        prov = pd.read_parquet(stage / "timeseries.parquet")
    elif not opts.timeseries:
        prov = find_gaps(activity)
    else:
        parameters = load_stage(run_dir, "parameters")
        activity, parameters, prov = apply_rules(activity, parameters, opts.timeseries)
        schema.ensure_valid(activity, "activity")
        schema.ensure_valid(parameters, "parameters")
        for name, df in (("activity", activity), ("parameters", parameters)):
            with atomic_path(stage / f"{name}.parquet") as tmp:
                df.to_parquet(tmp, index=False)
        filled = prov[prov["status"] == "filled"]
        touched = set(filled["category"].astype(str))
        sectors = sorted({m.sector for m in registered_methods() for p in m.categories
                          for c in touched
                          if c == "*" or c == p or c.startswith(p + ".") or p.startswith(c + ".")})
        for sector in sectors:
            stage_sector(project.root, run_dir, sector)
        with atomic_path(stage / "timeseries.parquet") as tmp:
            prov.astype({"value_before": str}).to_parquet(tmp, index=False)
        with atomic_path(marker) as tmp:
            tmp.write_text(json.dumps({"rules": digest, "sectors_rerun": sectors}))
    prov = prov.reindex(columns=PROVENANCE_COLUMNS)
    _write_csv(prov, run_dir / ANALYSIS_FILES["timeseries_provenance"])
    return prov


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


def stage_analysis(project_dir: Path | str, run_dir: Path | str, parts=None,
                   store_url: str | None = None, run_id: str | None = None) -> dict:
    """Run the cross-cutting analyses ``parts`` (default all, in :data:`ANALYSES` order) over
    the staged emissions of ``run_dir``; returns what ran (also in ``analysis.json``)."""
    from inventory.pipeline import load_stage
    from inventory.project import load_config

    from .inputs import category_series, combined_emissions

    project = load_config(project_dir)
    opts = analysis_options(project)
    run_dir = Path(run_dir)
    parts = tuple(p for p in ANALYSES if p in (parts or ANALYSES))
    meta_path = run_dir / "analysis.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {"parts": {}}
    base, latest = project.base_year, project.last_year
    timings: dict[str, float] = {}

    def done(part: str, **info) -> None:
        meta["parts"][part] = {"seconds": round(time.perf_counter() - t0, 3), **info}

    if "timeseries" in parts:
        t0 = time.perf_counter()
        prov = stage_timeseries(project, run_dir, opts)
        done("timeseries", rules=len(opts.timeseries),
             filled=int((prov["status"] == "filled").sum()),
             unfilled_gaps=int((prov["status"] == "unfilled gap").sum()))
    emissions = combined_emissions(run_dir, project.gwp)
    series = category_series(emissions, project.years)
    a1 = None
    if "uncertainty" in parts:
        from .montecarlo import monte_carlo
        from .uncertainty import approach1_table, uncertainty_inputs

        t0 = time.perf_counter()
        inputs = uncertainty_inputs(emissions, load_stage(run_dir, "parameters"),
                                    [base, latest], opts.statistics, opts.ad_collection)
        _write_csv(inputs.variables.drop(columns=["rel_lower", "rel_upper"]),
                   run_dir / ANALYSIS_FILES["uncertainty_inputs"])
        a1 = approach1_table(inputs, series, base, latest)
        _write_csv(a1, run_dir / ANALYSIS_FILES["uncertainty_approach1"])
        info = {"approach1": True, "ad_sources": inputs.rows["ad_source"].value_counts()
                .to_dict()}
        if opts.approach2:
            mc = monte_carlo(inputs, base, latest, opts.mc_iterations, opts.mc_seed)
            labels = series.drop_duplicates(["kca_id"]).set_index("kca_id")["kca_label"]
            cats = mc.categories.assign(kca_label=mc.categories["kca_id"].map(labels))
            tot = mc.totals.assign(kca_id="Total", gas="all", kca_label="Total")
            _write_csv(pd.concat([tot, cats], ignore_index=True),
                       run_dir / ANALYSIS_FILES["uncertainty_approach2"])
            with atomic_path(run_dir / "uncertainty_mc_totals.parquet") as tmp:
                mc.samples.to_parquet(tmp, index=False)
            info.update(approach2=True, iterations=opts.mc_iterations, seed=opts.mc_seed)
        done("uncertainty", **info)
    if "kca" in parts:
        from .kca import key_category_analysis

        t0 = time.perf_counter()
        if a1 is None and (run_dir / ANALYSIS_FILES["uncertainty_approach1"]).exists():
            a1 = pd.read_csv(run_dir / ANALYSIS_FILES["uncertainty_approach1"], dtype=_DTYPES)
        unc = None
        if a1 is not None:
            inc = a1[(a1["coverage"] == "including") & (a1["kca_id"] != "Total")]
            unc = inc.set_index(["kca_id", "gas"])["combined_uncertainty_pct"]
        res = key_category_analysis(series, base, latest, opts.kca_threshold,
                                    opts.kca_approach2_threshold, unc,
                                    opts.qualitative_key_categories)
        _write_csv(res.summary, run_dir / ANALYSIS_FILES["kca"])
        _write_csv(res.assessments, run_dir / ANALYSIS_FILES["kca_assessments"])
        done("kca", threshold=opts.kca_threshold, approach2=unc is not None,
             key_categories=int(res.summary["key"].sum()), categories=len(res.summary))
    if "completeness" in parts:
        from .completeness import completeness_checks, notation_key_entries
        from .levels import is_lulucf

        t0 = time.perf_counter()
        entries = notation_key_entries(emissions, load_stage(run_dir, "activity"),
                                       load_stage(run_dir, "parameters"))
        inv = emissions[~emissions["memo"].astype(bool) & ~is_lulucf(emissions["crt_category"])]
        totals = inv.groupby("year")["value_co2eq"].sum()
        checks = completeness_checks(emissions, entries, totals)
        _write_csv(entries, run_dir / ANALYSIS_FILES["completeness"])
        _write_csv(checks, run_dir / ANALYSIS_FILES["completeness_checks"])
        done("completeness", entries=len(entries),
             checks=checks["status"].value_counts().to_dict())
    if "trends" in parts:
        from .trends import emissions_trends

        t0 = time.perf_counter()
        tr = emissions_trends(emissions, project.gwp)
        _write_csv(tr, run_dir / ANALYSIS_FILES["trends"])
        done("trends", rows=len(tr))
    if "recalculations" in parts:
        t0 = time.perf_counter()
        info = _recalculations(project, opts, run_dir, emissions, store_url, run_id)
        done("recalculations", **info)
    meta.update({"base_year": base, "latest_year": latest, "gwp_set": project.gwp,
                 "options": {k: v for k, v in opts.__dict__.items() if k != "extra"}})
    with atomic_path(meta_path) as tmp:
        tmp.write_text(json.dumps(meta, indent=2, default=str))
    _ = timings
    return meta


def _recalculations(project, opts, run_dir, emissions, store_url, run_id) -> dict:
    from inventory.store import SubmissionStore, resolve_store_url, store_path

    against = str(opts.compare_against).lower()
    if against == "none":
        return {"compared": False, "why": "compare_against: none"}
    url = resolve_store_url(store_url, run_dir, opts.store_url)
    if not store_path(url).exists():
        return {"compared": False, "why": f"no submission store at {url}"}
    store = SubmissionStore(url, create=False)
    sid = (store.latest(project.party_code, exclude_run=run_id) if against == "latest"
           else int(against))
    if sid is None:
        return {"compared": False, "why": f"no earlier submission of {project.party_code}"}
    t8, series = compare_with_submission(emissions, project.gwp, store, sid)
    _write_csv(t8, run_dir / ANALYSIS_FILES["recalculations"])
    _write_csv(series, run_dir / ANALYSIS_FILES["recalculations_series"])
    return {"compared": True, "against": sid, "store": url,
            "changes": t8["change"].value_counts().to_dict()}


def compare_run(run_dir: Path | str, against: int, store_url: str | None = None,
                reasons_csv: Path | str | None = None, out_dir: Path | str | None = None
                ) -> Path:
    """``ghgi compare``: the Table8 drafts of a finished run folder against submission
    ``against`` of the store, written to ``<run>/recalculations/against_<id>/``:
    ``recalculations.csv`` (Table8 rows, all years), ``recalculations_series.csv`` (per
    emission series), ``reasons.csv`` (the changed categories with a ``reason`` column to fill
    and feed back with ``--reasons``) and ``Table8_<party>_<year>.xlsx`` (sheets Table8s1 and
    Table8s2 of each year). ``reasons_csv`` (node, gas_group, reason) is stored first."""
    import xlsxwriter

    from inventory.crt import DEFAULT_CREATED, crt_filename
    from inventory.crt.crosscutting import write_table8s1, write_table8s2
    from inventory.crt.data import prepare
    from inventory.crt.layout import WORKBOOK_OPTIONS, Formats, SheetContext
    from inventory.store import SubmissionStore, resolve_store_url, store_path

    from .inputs import combined_emissions

    run_dir = Path(run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    gwp = manifest["gwp_set"]
    url = resolve_store_url(store_url, run_dir)
    if not store_path(url).exists():
        from inventory.errors import InputError

        raise InputError("no submission store", url, "a store made by 'ghgi submit'")
    store = SubmissionStore(url, create=False)
    if reasons_csv:
        r = pd.read_csv(reasons_csv, dtype=str, keep_default_na=False)
        store.set_reasons(int(against), r)
    emissions = combined_emissions(run_dir, gwp)
    t8, series = compare_with_submission(emissions, gwp, store, int(against))
    out = Path(out_dir) if out_dir else run_dir / "recalculations" / f"against_{int(against)}"
    _write_csv(t8, out / "recalculations.csv")
    _write_csv(series, out / "recalculations_series.csv")
    changed = t8[t8["change"] != "unchanged"]
    summary = (changed.groupby(["node", "gas_group"], as_index=False)
               .agg(years=("year", lambda y: ", ".join(str(int(v)) for v in sorted(y))),
                    change=("change", lambda c: ", ".join(sorted(set(c)))),
                    reason=("reason", "first")))
    _write_csv(summary, out / "reasons.csv")
    prepared = prepare(emissions)
    prepared.analysis = {"recalculations": t8}
    years = manifest.get("years") or [int(emissions["year"].min()), int(emissions["year"].max())]
    for year in range(int(years[0]), int(years[-1]) + 1):
        ctx = SheetContext(party=str(manifest.get("party", "")), year=year, gwp_set=gwp,
                           submission_label=f"run {manifest.get('run_id', '')} against "
                                            f"submission {int(against)} (draft)",
                           coverage=prepared.coverage)
        target = out / crt_filename(manifest.get("party", "party"), year).replace(
            "CRT_", "Table8_")
        with atomic_path(target) as tmp:
            wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
            wb.set_properties({"title": f"CRT Table8 draft {year}", "created": DEFAULT_CREATED})
            fmt = Formats(wb)
            data = prepared.year(year, gwp)
            write_table8s1(wb.add_worksheet("Table8s1"), fmt, data, ctx)
            write_table8s2(wb.add_worksheet("Table8s2"), fmt, data, ctx)
            wb.close()
    return out
