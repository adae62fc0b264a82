"""Sector / category: the trend by gas with the previous submission beside it, the emission
rows with tier, factor layer, equation and source (a row opens its input cells and the input
row), the implied factors against the IPCC default and range for every category under the
selection that has one, and the notation keys with their explanations."""

from __future__ import annotations

import html

import ipywidgets as W
import pandas as pd

from inventory.review import selections as sel
from inventory.review import submissions as subs
from inventory.review.charts import PALETTE, Band, Series, line_chart
from inventory.review.fmt import html_table, year_ranges
from inventory.review.views.common import (
    ClickTable,
    ExportBar,
    Session,
    action_button,
    boxed,
    classed,
    heading,
    note,
    post_comment,
    text_box,
)
from inventory.review.views.provenance import ProvenancePanel

__all__ = ["SectorView", "MAX_GAS_LINES", "MAX_ROWS"]

MAX_GAS_LINES = 6
MAX_ROWS = 120   # rows shown (the largest first); the export has them all


class SectorView:
    def __init__(self, session: Session):
        self.s = s = session
        run = s.run
        years = sel.year_options(run)
        wide = W.Layout(width="auto")
        self.region = W.Dropdown(options=sel.region_options(run), value=run.party_code,
                                 description=s.t("sec.region"), layout=W.Layout(width="400px"))
        self.year = W.Dropdown(options=years, value=years[-1], description=s.t("sec.year"),
                               layout=wide)
        self.category = W.Dropdown(options=sel.category_options(run), value="TOTAL",
                                   description=s.t("sec.category"),
                                   layout=W.Layout(width="560px"))
        self.gas = W.Dropdown(options=sel.gas_options(run), value=sel.ALL_GASES,
                              description=s.t("sec.gas"), layout=wide)
        self._subs = subs.submissions(s.store_url, run.party_code, run.run_id)
        opts = [(s.t("sec.no_submission"), 0)] + [
            (f"#{r.id} {r.label} ({str(r.submitted_utc)[:10]})", int(r.id))
            for r in self._subs.itertuples()]
        self.compare = W.Dropdown(options=opts, value=opts[1][1] if len(opts) > 1 else 0,
                                  description=s.t("sec.compare"), layout=W.Layout(width="560px"),
                                  style={"description_width": "initial"})
        for w, cls in ((self.region, "ghgi-region"), (self.year, "ghgi-year"),
                       (self.category, "ghgi-category"), (self.gas, "ghgi-gas"),
                       (self.compare, "ghgi-compare")):
            w.add_class(cls)
        controls = W.HBox([self.region, self.year, self.category, self.gas, self.compare],
                          layout=W.Layout(flex_flow="row wrap"))
        self.trend = classed(W.HTML(), "ghgi-trend")
        self.rows_title = W.HTML()
        self.rows = classed(ClickTable(), "ghgi-rows")
        rows_box = boxed(self.rows)
        self.prov = ProvenancePanel(s)
        self.ief_table = classed(ClickTable(), "ghgi-ief-table")
        ief_box = boxed(self.ief_table)
        self.ief_chart = classed(W.HTML(), "ghgi-ief")
        self.notation = classed(W.HTML(), "ghgi-notation")
        notation_box = boxed(self.notation)
        self.comment_text = text_box(s.t("rv.text"), "ghgi-sector-comment-text")
        self.comment_btn = action_button(s.t("sec.comment"), "ghgi-sector-comment", self._comment)
        self.comment_msg = W.HTML()
        self._rows = pd.DataFrame()
        self._ief = pd.DataFrame()
        self.widget = W.VBox([
            controls, self.trend,
            W.HBox([self.comment_text, self.comment_btn, self.comment_msg],
                   layout=W.Layout(align_items="center", flex_flow="row wrap")),
            self.rows_title, rows_box,
            ExportBar(s, "emission_rows", lambda: self._rows, sel.ROW_COLS),
            self.prov.widget,
            heading(s.t("sec.ief")), ief_box,
            ExportBar(s, "implied_factors", lambda: self._ief, sel.IEF_COLS),
            self.ief_chart,
            heading(s.t("sec.notation")), notation_box,
            ExportBar(s, "notation_keys", lambda: self._keys, sel.NOTATION_COLS),
        ])
        self.widget.add_class("ghgi-sector")
        self.region.observe(lambda _c: self.update(), "value")
        self.category.observe(lambda _c: self.update(), "value")
        self.gas.observe(lambda _c: self.update(), "value")
        self.compare.observe(lambda _c: self.update_trend(), "value")
        self.year.observe(lambda _c: self.update_year(), "value")
        self.rows.observe(self._on_row, "clicked")
        self.ief_table.observe(self._on_ief, "clicked")
        self._keys = pd.DataFrame()
        self.update()

    # ------------------------------------------------------------ selection
    def selection_label(self) -> str:
        run = self.s.run
        gas = "all gases" if self.gas.value == sel.ALL_GASES else self.gas.value
        title = run.crt_titles.get(self.category.value, "")
        return (f"{run.region_label(self.region.value)} \u00b7 {self.category.value} {title} "
                f"\u00b7 {gas}")

    def update(self) -> None:
        self.update_trend()
        self.update_rows()
        self.update_ief()
        self.update_notation()

    def update_year(self) -> None:
        self.update_rows()
        self.update_trend()

    def update_trend(self) -> None:
        s, run = self.s, self.s.run
        region, crt, gas = self.region.value, self.category.value, self.gas.value
        cur = sel.trend_by_gas(run.aggregates, region, crt, gas)
        years = sel.year_options(run)
        series: list[Series] = []
        colors: dict[str, str] = {}
        if len(cur):
            cols = list(cur.columns[:MAX_GAS_LINES])
            for k, g in enumerate(cols):
                colors[g] = PALETTE[k % len(PALETTE)]
                series.append(Series(g, cur[g].reindex(years).tolist(), colors[g],
                                     css=f"gas-{g}"))
            if len(cur.columns) > MAX_GAS_LINES:
                rest = cur[cur.columns[MAX_GAS_LINES:]].sum(axis=1, min_count=1)
                series.append(Series("other gases", rest.reindex(years).tolist(), "#7f7f7f",
                                     css="gas-other"))
            if gas == sel.ALL_GASES and len(cur.columns) > 1:
                series.append(Series("all gases", cur.sum(axis=1, min_count=1)
                                     .reindex(years).tolist(), "#111", css="gas-all"))
        prev_note = ""
        sid = self.compare.value
        if sid:
            prev_agg = subs.submission_table(s.store_url, sid, "crt_aggregates.csv")
            if prev_agg is not None:
                prev = sel.trend_by_gas(prev_agg, region, crt, gas)
                label = f"#{sid}"
                for g in [c for c in prev.columns if c in colors]:
                    series.append(Series(f"{g} ({label})", prev[g].reindex(years).tolist(),
                                         colors[g], dash=True, css=f"prev gas-{g}"))
                if gas == sel.ALL_GASES and len(prev.columns) > 1:
                    series.append(Series(f"all gases ({label})", prev.sum(axis=1, min_count=1)
                                         .reindex(years).tolist(), "#111", dash=True,
                                         css="prev gas-all"))
                prev_note = note(f"dashed: submission #{sid}")
        keys = sel.trend(run, region, crt, gas)
        notes = []
        keyed = keys[keys["value_co2eq"].isna() & keys["notation_key"].notna()]
        if len(keyed):
            notes.append("reported as " + ", ".join(
                f"{k} ({year_ranges(list(g['year']))})"
                for k, g in keyed.groupby("notation_key")))
        if keys["incomplete"].astype(str).isin(["True", "true"]).any():
            notes.append("the aggregate includes rows reported as NE/IE/C (flagged "
                         "incomplete in crt_aggregates.csv)")
        if keys.empty:
            notes.append("no aggregate in crt_aggregates.csv for this selection (memo items "
                         "are reported outside the national total); see the rows below")
        self.trend.value = (line_chart(years, series, unit=s.t("unit.kt_co2eq"),
                                       title=self.selection_label(), highlight=self.year.value,
                                       height=330)
                            + prev_note + "".join(note(n) for n in notes))

    def update_rows(self) -> None:
        s, run = self.s, self.s.run
        rows = sel.year_rows(run, self.region.value, self.category.value, self.gas.value,
                             self.year.value, largest_first=True)
        self._rows = rows
        shown = (f"the {MAX_ROWS} largest of {len(rows):,d}; the export has all"
                 if len(rows) > MAX_ROWS else f"{len(rows):,d}")
        self.rows_title.value = (f"<h3>{html.escape(s.t('sec.rows'))} {self.year.value} "
                                 f"({shown}) \u2013 {html.escape(self.selection_label())}"
                                 f"</h3>{note(s.t('sec.rows_hint'))}")
        self.rows.html = (html_table(rows, sel.ROW_COLS, max_rows=MAX_ROWS, row_ids=True,
                                     note=False)
                          if len(rows) else note(s.t("sec.no_rows")))
        self.prov.clear()

    def update_ief(self) -> None:
        s, run = self.s, self.s.run
        self._ief = sel.ief_choices(run, self.category.value, self.gas.value)
        if self._ief.empty:
            self.ief_table.html = note(s.t("sec.ief_none"))
            self.ief_chart.value = ""
            return
        self.ief_table.html = html_table(self._ief, sel.IEF_COLS, max_rows=300, row_ids=True,
                                         selected=0)
        self.draw_ief(0)

    def draw_ief(self, k: int) -> None:
        run = self.s.run
        c = self._ief.iloc[k]
        series = sel.ief_series(run, c["category"], c["activity"], c["gas"])
        years = series["year"].astype(int).tolist()
        unit = str(series["ief_unit"].dropna().iloc[0]) if series["ief_unit"].notna().any() \
            else ""
        out = series[series["out_of_range"]]
        lines = [Series("IPCC default", series["ipcc_default"].tolist(), "#2ca02c", dash=True,
                        css="ipcc-default"),
                 Series("implied factor (national)", series["ief"].tolist(), "#1f77b4",
                        css="ief"),
                 Series("outside the IPCC range", [v if o else None for v, o in
                                                   zip(series["ief"], series["out_of_range"],
                                                       strict=True)],
                        "#b00020", kind="markers", symbol="x", css="outside")]
        band = Band("IPCC 95 % range", series["ipcc_lower"].tolist(),
                    series["ipcc_upper"].tolist())
        title = (f"{c['category']} {c.get('title', '')} \u00b7 {c['activity']} \u00b7 "
                 f"{c['gas']}: implied factor [{unit}]")
        flag = (f'<span class="ghgi-flag-out">{len(out)} year(s) outside the IPCC range: '
                f"{year_ranges(list(out['year']))}</span>" if len(out)
                else "all years within the IPCC range")
        src = ", ".join(sorted(series["ipcc_source"].dropna().astype(str).unique()))
        self.ief_chart.value = (line_chart(years, lines, unit=unit, title=title, band=band,
                                           zero=False, height=300)
                                + f'<div class="ghgi-note ghgi-ief-flags">{flag} '
                                  f"(IPCC: {html.escape(src)})</div>")

    def update_notation(self) -> None:
        run = self.s.run
        self._keys = sel.notation_rows(run, self.region.value, self.category.value,
                                       self.gas.value)
        self.notation.value = (html_table(self._keys, sel.NOTATION_COLS) if len(self._keys)
                               else note("No rows reported with notation keys for this "
                                         "selection."))

    # ------------------------------------------------------------ clicks
    def _on_row(self, change) -> None:
        row = (change["new"] or {}).get("row")
        if row is None or row >= len(self._rows):
            return
        self.prov.show(self._rows.iloc[int(row)])

    def _on_ief(self, change) -> None:
        row = (change["new"] or {}).get("row")
        if row is not None and row < len(self._ief):
            self.draw_ief(int(row))

    def _comment(self, _b) -> None:
        gas = None if self.gas.value == sel.ALL_GASES else self.gas.value
        post_comment(self.s, self.comment_text, self.comment_msg, year=int(self.year.value),
                     region=self.region.value, crt_category=self.category.value, gas=gas)
