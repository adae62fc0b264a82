"""LULUCF (issue 14): the land-use change matrix of a chosen year, carbon stock change per
pool and the HWP carbon stock, read from ``tables/lulucf.*.csv`` through the loaders of
:mod:`inventory.review_lulucf`; the tab exists only when the run has LULUCF tables
(:func:`inventory.review_lulucf.lulucf_available`)."""

from __future__ import annotations

import ipywidgets as W

from inventory.review.fmt import html_table
from inventory.review.views.common import Session, boxed, classed, heading, note

__all__ = ["LulucfView"]


class LulucfView:
    def __init__(self, session: Session):
        from inventory import review_lulucf as rl

        self.s = s = session
        self.rl = rl
        years = rl.lulucf_years(s.run) or [s.run.years[-1]]
        self.year = W.Dropdown(options=years, value=years[-1], description=s.t("lulucf.year"))
        self.matrix = classed(W.HTML(), "ghgi-lulucf-matrix")
        self.year.observe(lambda _: self._draw_matrix(), "value")
        self._draw_matrix()
        pools = rl.carbon_by_pool(s.run)
        hwp = rl.hwp_stock(s.run)
        parts = [heading(s.t("lulucf.matrix"), "tables/lulucf.land_matrix.csv: rows = land use "
                         "at the start of the year, columns = at its end"),
                 self.year, boxed(self.matrix),
                 heading(s.t("lulucf.pools"), "tables/lulucf.carbon.csv: gain positive "
                         "(removals are negative in the CRT)"),
                 boxed(classed(W.HTML(note(s.t("lulucf.none")) if pools is None else
                                      html_table(pools.round(1).reset_index())),
                               "ghgi-lulucf-pools"))]
        if hwp is not None:
            parts += [heading(s.t("lulucf.hwp"), "tables/lulucf.hwp.csv"),
                      boxed(classed(W.HTML(html_table(hwp.round(3))), "ghgi-lulucf-hwp"))]
        self.widget = W.VBox(parts)
        self.widget.add_class("ghgi-lulucf-view")

    def _draw_matrix(self) -> None:
        m = self.rl.land_matrix(self.s.run, self.year.value)
        self.matrix.value = (note(self.s.t("lulucf.none")) if m is None
                             else html_table(m.round(2).reset_index()))
