"""The overview's loaders: national totals with and without LULUCF, the sectors over the time
series, the change against the base year and the previous year, the top key categories and
the counts of check findings (``national_totals.csv``, ``crt_aggregates.csv``, ``kca.csv``,
``checks.csv``; comment counts come from :class:`inventory.review.workflow.ReviewLog`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from inventory.review.analyses import key_categories
from inventory.review.fmt import Col
from inventory.review.run import ReviewRun

__all__ = ["totals", "sector_series", "changes", "top_key_categories", "check_counts",
           "Change", "LULUCF", "TOP_KCA_COLS"]

LULUCF = "4"


def totals(run: ReviewRun) -> pd.DataFrame:
    """year, total_with_lulucf, total_without_lulucf [kt CO2-eq] (``national_totals.csv``;
    for a run without it, the TOTAL aggregate of all gases)."""
    t = run.national_totals
    if t is not None and len(t):
        t = t[t["region"].astype(str) == run.party_code] if "region" in t else t
        return t[["year", "total_with_lulucf", "total_without_lulucf"]].sort_values(
            "year").reset_index(drop=True)
    a = run.aggregates
    a = a[(a["region"] == run.party_code)]
    tot = a[a["crt"] == "TOTAL"].groupby("year")["value_co2eq"].sum(min_count=1)
    lu = a[a["crt"] == LULUCF].groupby("year")["value_co2eq"].sum(min_count=1)
    out = pd.DataFrame({"total_with_lulucf": tot})
    out["total_without_lulucf"] = tot - lu.reindex(tot.index).fillna(0.0)
    return out.reset_index()


def sector_series(run: ReviewRun, region: str | None = None) -> pd.DataFrame:
    """year x CRT sector (1 ... 6, every gas in CO2-eq) from ``crt_aggregates.csv``; a sector
    appears when the run has rows for it (LULUCF net removals are negative)."""
    a = run.aggregates
    region = region or run.party_code
    tree = run.crt_tree
    sectors = [c for c in tree.index[tree["parent"] == "TOTAL"]]
    sel = a[(a["region"] == region) & a["crt"].isin(sectors)]
    wide = sel.pivot_table(index="year", columns="crt", values="value_co2eq", aggfunc="sum")
    wide = wide.loc[:, wide.notna().any()] if len(wide) else wide
    order = [c for c in sectors if c in wide.columns]
    return wide[order].sort_index()


@dataclass(frozen=True)
class Change:
    """The latest year against the base year and the previous year [kt CO2-eq, %]."""

    latest_year: int
    latest: float
    base_year: int
    base: float
    previous_year: int | None
    previous: float | None

    @staticmethod
    def _pct(a: float | None, b: float | None) -> float | None:
        if a is None or b is None or not np.isfinite(a) or not np.isfinite(b) or a == 0:
            return None
        return (b - a) / abs(a) * 100.0

    @property
    def vs_base_pct(self) -> float | None:
        return self._pct(self.base, self.latest)

    @property
    def vs_previous_pct(self) -> float | None:
        return self._pct(self.previous, self.latest)


def changes(run: ReviewRun, column: str = "total_without_lulucf") -> Change | None:
    t = totals(run).dropna(subset=[column])
    if t.empty:
        return None
    by_year = dict(zip(t["year"].astype(int), t[column].astype(float), strict=True))
    latest = max(by_year)
    base = run.base_year if run.base_year in by_year else min(by_year)
    prev = latest - 1 if latest - 1 in by_year else None
    return Change(latest, by_year[latest], base, by_year[base], prev,
                  by_year.get(prev) if prev else None)


TOP_KCA_COLS = [Col("kca_label", "Category", wrap=True), Col("gas", "Gas"),
                Col("latest_estimate", "Latest year", "kt CO2-eq", "kt_co2eq"),
                Col("level", "Level share", kind="share"), Col("criteria", "Criteria")]


def top_key_categories(run: ReviewRun, n: int = 10, coverage: str = "excluding"
                       ) -> pd.DataFrame | None:
    k = key_categories(run, coverage)
    return None if k is None else k.head(n).reset_index(drop=True)


def check_counts(run: ReviewRun) -> dict[str, int]:
    """Findings of ``checks.csv`` by severity (error, warning, info); empty without it."""
    c = run.table("checks.csv")
    if c is None:
        return {}
    counts = c["severity"].astype(str).value_counts().to_dict()
    return {s: int(counts.get(s, 0)) for s in ("error", "warning", "info")}
