"""Loaders of the submission store for the review app: the stored submissions, the output
files archived with each (``crt_aggregates.csv``, ``trends.csv`` ...), and the recalculations
of the run against any of them (CRT Table8 rows: the run's ``trends.csv`` against the
submission's, with the compiler's reasons)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from inventory.review.fmt import Col
from inventory.review.run import ReviewRun

__all__ = ["submissions", "submission_table", "recalculations", "key_changes",
           "recalculation_diff", "RECALC_COLUMNS", "RECALC_COLS"]

_CACHE: dict = {}


def _store(url: str | None):
    from inventory.store import SubmissionStore, store_path

    if not url or not Path(store_path(url)).exists():
        return None
    return SubmissionStore(url, create=False)


def submissions(url: str | None, party_code: str | None = None,
                exclude_run: str | None = None) -> pd.DataFrame:
    """The store's submissions (newest first) of the party, without the run itself."""
    store = _store(url)
    cols = ["id", "label", "submitted_utc", "run_id", "party_code", "gwp_set"]
    if store is None:
        return pd.DataFrame(columns=cols)
    s = store.list()
    if party_code:
        s = s[s["party_code"].astype(str) == party_code]
    if exclude_run:
        s = s[s["run_id"].astype(str) != exclude_run]
    return s[cols].sort_values("id", ascending=False).reset_index(drop=True)


def submission_table(url: str, sid: int, rel: str) -> pd.DataFrame | None:
    """An output file archived with submission ``sid`` (CSV), None when it has none."""
    from inventory.review.run import read_csv
    from inventory.store import SubmissionNotFound

    key = (url, int(sid), rel)
    if key not in _CACHE:
        store = _store(url)
        try:
            data = store.file(int(sid), rel) if store is not None else None
        except SubmissionNotFound:
            data = None
        _CACHE[key] = None if data is None else read_csv(io.BytesIO(data))
    return _CACHE[key]


RECALC_COLS = [
    Col("node", "CRT"), Col("title", "Category", wrap=True), Col("gas_group", "Gas"),
    Col("year", "Year", kind="year"),
    Col("previous", "Previous submission", "kt CO2-eq", "kt_co2eq"),
    Col("previous_key", "Previous key"), Col("latest", "This run", "kt CO2-eq", "kt_co2eq"),
    Col("latest_key", "Key"), Col("difference", "Difference", "kt CO2-eq", "kt_co2eq"),
    Col("difference_pct", "Difference", "%", "pct"), Col("change", "Change"),
    Col("reason", "Reason", wrap=True),
]
RECALC_COLUMNS = {c.key: c.header for c in RECALC_COLS}


def recalculations(run: ReviewRun, url: str | None, sid: int,
                   reasons: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """Table8 rows of the run against submission ``sid``: the run's ``trends.csv`` against
    the submission's archived ``trends.csv`` (the pure comparison of
    :func:`inventory.analysis.recalculations.compare_trends`), every changed cell with the
    compiler's reason (``reasons``: node, gas_group, reason). None when either side has no
    trends table."""
    from inventory.analysis.recalculations import compare_trends

    cur = run.table("trends.csv")
    prev = submission_table(url, sid, "trends.csv") if url else None
    if cur is None or prev is None:
        return None
    out = compare_trends(prev, cur, reasons)
    out = out[out["change"] != "unchanged"].copy()
    out["title"] = out["node"].map(lambda c: run.crt_titles.get(str(c), ""))
    return out[[c.key for c in RECALC_COLS if c.key in out]].reset_index(drop=True)


def key_changes(recalc: pd.DataFrame | None) -> pd.DataFrame | None:
    """The notation-key changes among the recalculations (and new or dropped series)."""
    if recalc is None:
        return None
    return recalc[recalc["change"].isin(["notation key changed", "new", "dropped"])
                  ].reset_index(drop=True)


def recalculation_diff(run: ReviewRun) -> pd.DataFrame | None:
    """Changed rows of the run's own ``recalculations.csv`` (compared at compile time) or,
    else, of the newest ``recalculations/against_<id>/recalculations.csv`` (``ghgi
    compare``); None when the run was compared with nothing."""
    from inventory.review.run import read_csv

    r = run.table("recalculations.csv")
    if r is None:
        drafts = sorted((run.run_dir / "recalculations").glob("against_*/recalculations.csv"),
                        key=lambda p: p.stat().st_mtime)
        if not drafts:
            return None
        r = read_csv(drafts[-1])
    changed = r[r["change"] != "unchanged"].copy()
    changed["title"] = changed["node"].map(lambda c: run.crt_titles.get(str(c), ""))
    return changed[[c for c in ["against", *RECALC_COLUMNS] if c in changed]].reset_index(
        drop=True)
