"""Key categories (``kca.csv``) and uncertainty (IPCC 2006 Vol.1 Table 3.3,
``uncertainty_approach1.csv``), without or with LULUCF, formatted."""

from __future__ import annotations

import html

import ipywidgets as W

from inventory.review import analyses as an
from inventory.review.fmt import html_table
from inventory.review.views.common import ExportBar, Session, boxed, classed, heading, note

__all__ = ["KcaView"]


class KcaView:
    def __init__(self, session: Session):
        self.s = s = session
        self.coverage = W.ToggleButtons(options=[(s.t("kca.without"), "excluding"),
                                                 (s.t("kca.with"), "including")],
                                        value="excluding", description=s.t("kca.coverage"))
        self.coverage.add_class("ghgi-coverage")
        self.kca = classed(W.HTML(), "ghgi-kca")
        self.unc = classed(W.HTML(), "ghgi-uncertainty")
        boxes = []
        for w in (self.kca, self.unc):
            b = boxed(w)
            boxes.append(b)
        run = s.run
        self.widget = W.VBox([
            self.coverage,
            heading(s.t("kca.title"), "kca.csv: Approach 1 level (L1, base year L1 BY) and "
                                      "trend (T1), Approach 2 (L2, T2), qualitative (Q)"),
            boxes[0],
            ExportBar(s, "key_categories", lambda: an.key_categories(run, self.coverage.value),
                      an.KCA_COLS),
            heading(s.t("unc.title"), "uncertainty_approach1.csv, latest year against the base "
                                      "year; rows by contribution to variance, total last"),
            boxes[1],
            ExportBar(s, "uncertainty", lambda: an.uncertainty_table(run, self.coverage.value),
                      an.UNC_COLS),
        ])
        self.widget.add_class("ghgi-kca-view")
        self.coverage.observe(lambda _c: self.update(), "value")
        self.update()

    def update(self) -> None:
        s, run = self.s, self.s.run
        k = an.key_categories(run, self.coverage.value)
        self.kca.value = (note(s.t("kca.none")) if k is None else
                          f"<p><b>{len(k)}</b> {html.escape(s.t('kca.n'))}</p>"
                          + html_table(k, an.KCA_COLS))
        u = an.uncertainty_table(run, self.coverage.value)
        self.unc.value = (note(s.t("unc.none")) if u is None
                          else html_table(u, an.UNC_COLS))
