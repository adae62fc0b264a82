"""Overview: national totals with and without LULUCF, the sectors stacked over the years,
the change against the base and the previous year, the top key categories, the open
comments and check findings, the sign-off states, the guideline edition and the GWP set."""

from __future__ import annotations

import html

import ipywidgets as W

from inventory.review import overview as ov
from inventory.review.charts import SECTOR_COLORS, Series, line_chart
from inventory.review.fmt import fmt_number, fmt_signed_pct, html_table
from inventory.review.views.common import ExportBar, Session, classed, heading, note

__all__ = ["OverviewView"]


class OverviewView:
    def __init__(self, session: Session):
        self.s = session
        run = session.run
        self.kpis = classed(W.HTML(), "ghgi-overview-kpis")
        self.chart = classed(W.HTML(), "ghgi-overview-chart")
        self.kca = classed(W.HTML(), "ghgi-overview-kca")
        self.counts = classed(W.HTML(), "ghgi-overview-counts")
        self.signoff = classed(W.HTML(), "ghgi-overview-signoff")
        self._series = ov.sector_series(run)
        self._totals = ov.totals(run)
        box = W.Box([self.kca], layout=W.Layout(overflow="auto"))
        box.add_class("ghgi-box")
        self.widget = W.VBox([
            self.kpis, heading(session.t("ov.by_sector")), self.chart,
            W.HBox([W.VBox([heading(session.t("ov.top_kca")), box,
                            ExportBar(session, "key_categories",
                                      lambda: ov.top_key_categories(run, 50),
                                      ov.TOP_KCA_COLS)],
                           layout=W.Layout(flex="1 1 560px", min_width="0")),
                    W.VBox([self.counts, self.signoff],
                           layout=W.Layout(flex="0 1 380px", min_width="0"))],
                   layout=W.Layout(flex_flow="row wrap", width="100%")),
        ])
        self.widget.add_class("ghgi-overview")
        self._draw_static()
        self.refresh()
        session.on("comments", lambda **_: self.refresh())
        session.on("signoff", lambda **_: self.refresh())

    def _kpi(self, label: str, value: float | None, unit: str, css: str, detail: str = ""
             ) -> str:
        v = "\u2013" if value is None else fmt_number(value, 1)
        return (f'<div class="ghgi-kpi {css}"><div class="l">{html.escape(label)}</div>'
                f'<div class="v">{html.escape(v)} <small>{html.escape(unit)}</small></div>'
                f'<div class="d">{detail}</div></div>')

    def _draw_static(self) -> None:
        s, run = self.s, self.s.run
        unit = s.t("unit.kt_co2eq")
        cards = []
        for col, key, css in (("total_without_lulucf", "ov.total_without", "total-without"),
                              ("total_with_lulucf", "ov.total_with", "total-with")):
            ch = ov.changes(run, col)
            if ch is None:
                cards.append(self._kpi(s.t(key), None, unit, css))
                continue
            detail = (f"{s.t('ov.latest')} {ch.latest_year} &middot; "
                      f"{s.t('ov.vs_base')} {ch.base_year}: "
                      f"<b class='vs-base'>{fmt_signed_pct(ch.vs_base_pct)}</b>")
            if ch.previous_year:
                detail += (f" &middot; {s.t('ov.vs_prev')} {ch.previous_year}: "
                           f"<b class='vs-prev'>{fmt_signed_pct(ch.vs_previous_pct)}</b>")
            cards.append(self._kpi(s.t(key), ch.latest, unit, css, detail))
        guide = run.guidelines_label or s.t("app.guidelines_unknown")
        cards.append(f'<div class="ghgi-kpi edition"><div class="l">{s.t("app.guidelines")} '
                     f'&middot; {s.t("app.gwp")}</div><div class="v" style="font-size:1.1em">'
                     f"{html.escape(guide)}</div><div class='d'>{html.escape(run.gwp_set)}"
                     "</div></div>")
        self.kpis.value = '<div class="ghgi-kpis">' + "".join(cards) + "</div>"
        # sectors stacked over the years, with the national total as a line
        w = self._series
        series = [Series(f"{c} {run.crt_titles.get(c, '')}", w[c].tolist(),
                         SECTOR_COLORS.get(c, ""), kind="area", css=f"sector-{c}")
                  for c in w.columns]
        tot = self._totals
        years = [int(y) for y in (w.index if len(w) else tot["year"])]
        if len(tot):
            t = tot.set_index("year").reindex(years)
            series.append(Series(s.t("ov.total_with"), t["total_with_lulucf"].tolist(),
                                 "#222", css="total-with"))
            if (t["total_with_lulucf"] - t["total_without_lulucf"]).abs().max() > 0:
                series.append(Series(s.t("ov.total_without"), t["total_without_lulucf"].tolist(),
                                     "#555", dash=True, css="total-without"))
        lulucf = "" if ov.LULUCF in w.columns else note(
            f"4 {run.crt_titles.get('4', 'LULUCF')}: {s.t('ov.no_lulucf')}")
        self.chart.value = line_chart(years, series, unit=unit, height=340,
                                      css="ghgi-sector-chart") + lulucf
        k = ov.top_key_categories(run)
        self.kca.value = (note(s.t("kca.none")) if k is None
                          else html_table(k, ov.TOP_KCA_COLS))

    def refresh(self) -> None:
        s, run = self.s, self.s.run
        checks = ov.check_counts(run)
        failed = checks.get("error", 0) + checks.get("warning", 0)
        rows = []
        if s.log is not None:
            c = s.log.comment_counts(run.run_id)
            rows += [("open", c["open"], s.t("ov.open_comments")),
                     ("answered", c["answered"], s.t("ov.answered_comments")),
                     ("resolved", c["resolved"], s.t("ov.resolved_comments"))]
        rows += [("failed-checks", failed, s.t("ov.failed_checks")),
                 ("info-checks", checks.get("info", 0), s.t("ov.info_checks"))]
        cards = "".join(
            f'<div class="ghgi-kpi count-{key}{" warn" if n and key in ("open", "failed-checks") else ""}">'
            f'<div class="v ghgi-count-{key}">{n:,d}</div><div class="l">{html.escape(label)}'
            "</div></div>" for key, n, label in rows)
        extra = "" if s.log is not None else note(s.log_error)
        counts = f'<div class="ghgi-kpis">{cards}</div>{extra}'
        if s.log is None:
            self.signoff.value = ""
            self.counts.value = counts
            return
        states = s.log.signoffs(run.run_id).set_index("scope")
        scopes = [c for c in self._series.columns] + ["inventory"]
        items = []
        for scope in scopes:
            st = states["state"].get(scope, "draft") if len(states) else "draft"
            name = (s.t("rv.inventory") if scope == "inventory"
                    else f"{scope} {run.crt_titles.get(scope, '')}")
            who = ""
            if len(states) and scope in states.index:
                who = (f" <small>{html.escape(str(states.loc[scope, 'author']))}, "
                       f"{html.escape(str(states.loc[scope, 'time_utc'])[:16])}</small>")
            items.append(f'<li data-scope="{html.escape(scope)}">{html.escape(name)}: '
                         f'<span class="ghgi-status {st}">{html.escape(s.t("state." + st))}'
                         f"</span>{who}</li>")
        self.signoff.value = (f"<h4>{html.escape(s.t('ov.signoff'))}</h4><ul "
                              f'class="ghgi-signoff-list">{"".join(items)}</ul>')
        self.counts.value = counts  # after the sign-off list: the counts show a finished refresh
