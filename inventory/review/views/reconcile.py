"""National-provincial reconciliation (issue 16): ``<run>/reconciliation/`` as written by
``ghgi reconcile``, read through :mod:`inventory.review_reconcile`; the tab exists only when
the run folder has one (:func:`has_reconciliation`)."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as W
import pandas as pd

from inventory.review.fmt import Col, html_table
from inventory.review.views.common import ExportBar, Session, boxed, classed, heading, note

__all__ = ["ReconcileView", "has_reconciliation", "FOLDER"]

FOLDER = "reconciliation"


def has_reconciliation(run_dir: Path) -> bool:
    return (Path(run_dir) / FOLDER / "reconciliation.csv").exists()


def _gap_cols(df: pd.DataFrame) -> list[Col]:
    return [Col("item", "item")] + [Col(c, str(c), "% of national", kind="pct")
                                    for c in df.columns if c != "item"]


# the findings are check findings (inventory.checks columns)
_FINDING_COLS = [Col("check", "check"), Col("severity", "severity"), Col("year", "year",
                                                                         kind="year"),
                 Col("region", "region"), Col("category", "category"), Col("gas", "gas"),
                 Col("message", "message", wrap=True), Col("details", "details", wrap=True)]


class ReconcileView:
    def __init__(self, session: Session):
        from inventory.review_reconcile import gap_map, load_reconciliation

        self.s = s = session
        rec = load_reconciliation(s.run.run_dir / FOLDER)
        meta = rec["meta"]
        self.gaps = gap_map(rec["table"]).reset_index() if not rec["table"].empty \
            else pd.DataFrame()
        self.findings = rec["findings"]
        year = int(rec["table"]["year"].max()) if "year" in rec["table"] else None
        summary = classed(W.HTML(
            f"<p>{html.escape(s.t('rec.method'))}: <b>{html.escape(str(meta.get('method')))}"
            f"</b>; {int(meta.get('flagged', 0) or 0):,d} {html.escape(s.t('rec.flagged'))} "
            f"{html.escape(str(meta.get('threshold_pct')))} %</p>"), "ghgi-rec-summary")
        gaps = classed(W.HTML(note(s.t("rec.none")) if self.gaps.empty
                              else html_table(self.gaps, _gap_cols(self.gaps))), "ghgi-rec-gaps")
        self.findings_html = finds = classed(W.HTML(note(s.t("rec.no_findings")) if self.findings.empty
                               else html_table(self.findings, _FINDING_COLS)),
                        "ghgi-rec-findings")
        self.widget = W.VBox([
            summary,
            heading(f"{s.t('rec.gap_map')}{'' if year is None else f', {year}'}",
                    "reconciliation/reconciliation.csv: national - sum of the provinces, "
                    "per report item and gas, summed over fuels"),
            boxed(gaps),
            ExportBar(s, "reconciliation_gaps", lambda: self.gaps, _gap_cols(self.gaps)),
            heading(s.t("rec.findings"), "reconciliation/reconciliation_findings.csv"),
            boxed(finds),
            ExportBar(s, "reconciliation_findings", lambda: self.findings, _FINDING_COLS),
        ])
        self.widget.add_class("ghgi-reconcile-view")
