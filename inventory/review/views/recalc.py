"""Recalculations against any stored submission (CRT Table8 rows), the notation-key changes,
and the compiler's reasons (edited here, stored in the review log and the store)."""

from __future__ import annotations

import html

import ipywidgets as W
import pandas as pd

from inventory.review import submissions as subs
from inventory.review.fmt import html_table
from inventory.review.views.common import (
    ExportBar,
    Session,
    action_button,
    boxed,
    classed,
    heading,
    message,
    note,
    text_box,
)

__all__ = ["RecalcView"]


class RecalcView:
    def __init__(self, session: Session):
        self.s = s = session
        run = s.run
        self._subs = subs.submissions(s.store_url, run.party_code, run.run_id)
        if self._subs.empty:
            self.widget = classed(W.HTML(f"<p>{s.t('rc.none')}</p>"), "ghgi-recalc")
            return
        opts = [(f"#{r.id} {r.label} ({str(r.submitted_utc)[:10]}, run {r.run_id})", int(r.id))
                for r in self._subs.itertuples()]
        self.against = W.Dropdown(options=opts, value=opts[0][1], description=s.t("rc.against"),
                                  layout=W.Layout(width="620px"),
                                  style={"description_width": "initial"})
        self.against.add_class("ghgi-recalc-against")
        self.summary = W.HTML()
        self.table = classed(W.HTML(), "ghgi-recalc")
        box = boxed(self.table)
        self.keys = classed(W.HTML(), "ghgi-recalc-keys")
        kbox = boxed(self.keys)
        self.pick = W.Dropdown(description=s.t("rc.pick"), layout=W.Layout(width="520px"),
                               style={"description_width": "initial"})
        self.pick.add_class("ghgi-reason-pick")
        self.reason = text_box(s.t("rc.reason"), "ghgi-reason-text")
        self.save = action_button(s.t("rc.save"), "ghgi-reason-save", self._save)
        self.msg = W.HTML()
        self.pick.observe(lambda _c: self._fill_reason(), "value")
        self._recalc: pd.DataFrame | None = None
        self._keys: pd.DataFrame | None = None
        self.widget = W.VBox([
            self.against, self.summary, box,
            ExportBar(s, "recalculations", lambda: self._recalc, subs.RECALC_COLS),
            heading(s.t("rc.keys")), kbox,
            ExportBar(s, "notation_key_changes", lambda: self._keys, subs.RECALC_COLS),
            heading(s.t("rc.reason")),
            W.HBox([self.pick, self.reason, self.save, self.msg],
                   layout=W.Layout(flex_flow="row wrap", align_items="center")),
        ])
        self.widget.add_class("ghgi-recalc-view")
        self.against.observe(lambda _c: self.update(), "value")
        self.update()

    def _reasons(self) -> pd.DataFrame | None:
        s = self.s
        if s.log is None:
            return None
        return s.log.reasons(s.run.run_id, self.against.value)

    def update(self) -> None:
        s = self.s
        r = subs.recalculations(s.run, s.store_url, self.against.value, self._reasons())
        self._recalc = r
        self._keys = subs.key_changes(r)
        if r is None:
            self.summary.value = note("The run or the submission has no trends.csv to compare.")
            self.table.value = self.keys.value = ""
            self.pick.options = []
            return
        if r.empty:
            self.summary.value = f"<p>{html.escape(s.t('rc.unchanged'))}</p>"
        else:
            self.summary.value = (f"<p><b class='ghgi-recalc-n'>{len(r):,d}</b> "
                                  f"{html.escape(s.t('rc.changed'))}</p>")
        self.table.value = html_table(r, subs.RECALC_COLS, max_rows=600) if len(r) else ""
        k = self._keys
        self.keys.value = (html_table(k, subs.RECALC_COLS, max_rows=300) if k is not None and
                           len(k) else note("no notation-key changes"))
        pairs = (r[["node", "gas_group"]].drop_duplicates().astype(str).itertuples(index=False)
                 if len(r) else [])
        current = self.pick.value
        self.pick.options = [(f"{n} {s.run.crt_titles.get(n, '')} \u00b7 {g}", f"{n}|{g}")
                             for n, g in pairs]
        values = [v for _, v in self.pick.options]
        self.pick.value = current if current in values else (values[0] if values else None)
        self._fill_reason()

    def _fill_reason(self) -> None:
        if not self.pick.value or self._recalc is None:
            return
        node, gas = self.pick.value.split("|", 1)
        r = self._recalc
        got = r[(r["node"].astype(str) == node) & (r["gas_group"].astype(str) == gas)]
        self.reason.value = str(got["reason"].iloc[0]) if len(got) and got["reason"].iloc[0] \
            else ""

    def _save(self, _b) -> None:
        s = self.s
        if s.log is None or s.user is None:
            self.msg.value = message(False, s.t("login.need") if s.log is not None
                                     else s.log_error)
            return
        if not self.pick.value:
            return
        node, gas = self.pick.value.split("|", 1)
        try:
            s.log.set_reason(s.run.run_id, self.against.value, node, gas, self.reason.value,
                             s.user.name, s.user.role)
        except Exception as exc:  # a refused step is shown, not raised
            self.msg.value = message(False, str(exc))
            return
        self.msg.value = message(True, s.t("rc.saved"))
        self.update()
