"""Checks: every finding of ``checks.csv`` (validation, sector QA, implied-factor ranges,
completeness, double counting, unused parameters), filterable by check, severity and text,
each linked to its emission rows and input rows; and the completeness rules' results."""

from __future__ import annotations

import html

import ipywidgets as W
import pandas as pd

from inventory.review import analyses as an
from inventory.review import provenance as pv
from inventory.review import selections as sel
from inventory.review.fmt import Col, html_table
from inventory.review.views.common import ClickTable, ExportBar, Session, boxed, classed, heading, note

__all__ = ["ChecksView", "COMPLETENESS_COLS"]

COMPLETENESS_COLS = [Col("check", "Rule"), Col("status", "Status"), Col("key", "Key"),
                     Col("gas", "Gas"), Col("category", "IPCC 2006"),
                     Col("crt_category", "CRT"), Col("activity", "Activity"),
                     Col("years", "Years"), Col("regions", "Regions"),
                     Col("message", "Message", wrap=True)]


class ChecksView:
    def __init__(self, session: Session):
        self.s = s = session
        run = s.run
        self.summary = an.check_summary(run)
        if self.summary is None:
            self.widget = W.HTML(note(s.t("chk.none")))
            return
        checks = [(s.t("chk.all"), "")] + [(f"{r.check} ({r.findings:,d})", r.check)
                                           for r in self.summary.itertuples()]
        self.check = W.Dropdown(options=checks, value="", description=s.t("chk.check"),
                                layout=W.Layout(width="520px"))
        sevs = sorted(set(self.summary["severity"].astype(str)))
        self.severity = W.Dropdown(options=[(s.t("chk.all"), "")] + [(v, v) for v in sevs],
                                   value="", description=s.t("chk.severity"),
                                   layout=W.Layout(width="auto"))
        self.text = W.Text(placeholder="region, category, activity, gas or input cell",
                           description="Filter", layout=W.Layout(width="360px"))
        for w, cls in ((self.check, "ghgi-check"), (self.severity, "ghgi-severity"),
                       (self.text, "ghgi-check-text")):
            w.add_class(cls)
        self.summary_html = W.HTML(html_table(self.summary, an.CHECK_SUMMARY_COLS))
        self.summary_html.add_class("ghgi-check-summary")
        self.count = W.HTML()
        self.findings = classed(ClickTable(), "ghgi-checks")
        fbox = boxed(self.findings)
        self.detail = classed(W.HTML(), "ghgi-finding-rows")
        dbox = boxed(self.detail)
        comp = run.table("completeness_checks.csv")
        self._comp = comp
        comp_html = note("no completeness_checks.csv in this run")
        if comp is not None:
            order = {"fail": 0, "unverified": 1, "pass": 2}
            comp = comp.sort_values("status", key=lambda v: v.map(order).fillna(3),
                                    kind="stable")
            self._comp = comp
            comp_html = html_table(comp, COMPLETENESS_COLS)
        cbox = W.Box([W.HTML(comp_html)])
        cbox.add_class("ghgi-box")
        self._rows = pd.DataFrame()
        self.widget = W.VBox([
            heading(s.t("chk.summary")), self.summary_html,
            W.HBox([self.check, self.severity, self.text], layout=W.Layout(flex_flow="row wrap")),
            self.count, fbox, ExportBar(s, "check_findings", lambda: self._rows, an.CHECK_COLS),
            dbox,
            heading("Completeness rules (Table9; NE and IE need an explanation)"), cbox,
            ExportBar(s, "completeness_checks", lambda: self._comp, COMPLETENESS_COLS),
        ])
        self.widget.add_class("ghgi-checks-view")
        for w in (self.check, self.severity):
            w.observe(lambda _c: self.update(), "value")
        self.text.observe(lambda _c: self.update(), "value")
        self.findings.observe(self._on_finding, "clicked")
        self.update()

    def update(self) -> None:
        s = self.s
        rows = an.check_findings(s.run, self.check.value or None, self.severity.value or None,
                                 self.text.value.strip())
        self._rows = rows
        self.count.value = (f"<h4>{html.escape(s.t('chk.findings'))}: {len(rows):,d}</h4>"
                            f"{note(s.t('chk.hint'))}")
        self.findings.html = (html_table(rows, an.CHECK_COLS, max_rows=500, row_ids=True)
                              if len(rows) else note("No findings."))
        self.detail.value = ""

    def _on_finding(self, change) -> None:
        row = (change["new"] or {}).get("row")
        if row is None or row >= len(self._rows):
            return
        f = self._rows.iloc[int(row)]
        got = an.finding_rows(self.s.run, f)
        em, inp = got["emissions"], got["inputs"]
        parts = [f"<h4>{html.escape(self.s.t('chk.rows'))}: {html.escape(str(f['check']))}</h4>"]
        parts.append(f"<b>Emission rows</b> ({len(em):,d})")
        parts.append(html_table(em, sel.ROW_COLS, max_rows=200) if len(em)
                     else note("the finding names no emission row (an input-level finding)"))
        params = got["parameters"]
        if len(params):
            parts.append(f"<b>Parameter row</b> ({len(params):,d})")
            parts.append(html_table(params, pv.PARAMETER_COLS))
        parts.append(f"<b>Input rows</b> ({len(inp):,d})")
        parts.append(html_table(inp, pv.INPUT_COLS, max_rows=200) if len(inp)
                     else note("no input row matches the finding's cell or keys"))
        self.detail.value = "".join(parts)
