"""Comments and sign-off: the comment threads of the run (filter by status), a thread with its
replies (reply, answer pointing to a new run, resolve, reopen), new comments, the sign-off
state of each sector and the inventory, and the export of the review log."""

from __future__ import annotations

import html

import ipywidgets as W
import pandas as pd

from inventory.review import export as ex
from inventory.review.fmt import Col, html_table
from inventory.review.views.common import (
    ClickTable,
    Session,
    action_button,
    boxed,
    classed,
    heading,
    message,
    note,
    post_comment,
    text_box,
)
from inventory.review.workflow import INVENTORY, STATES, STATUSES, allowed

__all__ = ["ReviewView", "THREAD_COLS", "SIGNOFF_COLS"]

THREAD_COLS = [Col("thread", "#", kind="int"), Col("status", "Status"),
               Col("crt_category", "CRT"), Col("gas", "Gas"), Col("region", "Region"),
               Col("year", "Year", kind="year"), Col("crt_sheet", "Sheet"),
               Col("crt_cell", "Cell"), Col("body", "Comment", wrap=True),
               Col("author", "Author"), Col("role", "Role"),
               Col("replies", "Replies", kind="int"), Col("last_activity", "Last activity"),
               Col("answered_in", "Answered in run")]
SIGNOFF_COLS = [Col("scope_label", "Scope"), Col("state", "State"), Col("author", "By"),
                Col("role", "Role"), Col("time_utc", "When (UTC)"), Col("note", "Note", wrap=True)]


class ReviewView:
    def __init__(self, session: Session):
        self.s = s = session
        if s.log is None:
            self.widget = W.HTML(note(s.log_error))
            return
        self.filter = W.Dropdown(options=[(s.t("rv.all"), "")] + [
            (s.t(f"status.{x}"), x) for x in STATUSES], value="", description=s.t("rv.filter"),
            layout=W.Layout(width="auto"))
        self.filter.add_class("ghgi-thread-filter")
        self.threads = classed(ClickTable(), "ghgi-threads")
        tbox = boxed(self.threads)
        self.thread = classed(W.HTML(), "ghgi-thread")
        self.reply_text = text_box(s.t("rv.reply"), "ghgi-reply-text")
        self.new_run = W.Text(placeholder="run id (optional)", description=s.t("rv.new_run"),
                              layout=W.Layout(width="360px"), style={"description_width": "initial"})
        self.new_run.add_class("ghgi-new-run")
        self.btn_reply = W.Button(description=s.t("rv.reply"), layout=W.Layout(width="auto"))
        self.btn_answer = W.Button(description=s.t("rv.answer"), layout=W.Layout(width="auto"))
        self.btn_resolve = W.Button(description=s.t("rv.resolve"), button_style="success",
                                    layout=W.Layout(width="auto"))
        self.btn_reopen = W.Button(description=s.t("rv.reopen"), layout=W.Layout(width="auto"))
        for b, cls in ((self.btn_reply, "ghgi-reply"), (self.btn_answer, "ghgi-answer"),
                       (self.btn_resolve, "ghgi-resolve"), (self.btn_reopen, "ghgi-reopen")):
            b.add_class(cls)
        self.btn_reply.on_click(lambda _b: self._reply(False))
        self.btn_answer.on_click(lambda _b: self._reply(True))
        self.btn_resolve.on_click(lambda _b: self._status("resolved"))
        self.btn_reopen.on_click(lambda _b: self._status("open"))
        self.thread_msg = W.HTML()
        self.thread_actions = W.VBox([
            self.thread, W.HBox([self.reply_text, W.VBox([self.new_run])],
                                layout=W.Layout(flex_flow="row wrap")),
            W.HBox([self.btn_reply, self.btn_answer, self.btn_resolve, self.btn_reopen,
                    self.thread_msg], layout=W.Layout(flex_flow="row wrap",
                                                      align_items="center"))])
        self.thread_actions.layout.display = "none"
        # a general comment (inventory level, optionally a category and gas)
        self.new_text = text_box(s.t("rv.text"), "ghgi-new-comment-text")
        self.new_crt = W.Text(placeholder="CRT code (optional)", layout=W.Layout(width="160px"))
        self.new_gas = W.Text(placeholder="gas (optional)", layout=W.Layout(width="120px"))
        self.new_btn = action_button(s.t("rv.post"), "ghgi-new-comment", self._post)
        self.new_msg = W.HTML()
        # sign-off
        run = s.run
        self._sectors = [c for c in run.crt_tree.index[run.crt_tree["parent"] == "TOTAL"]
                         if (run.aggregates["crt"] == c).any()]
        scopes = [(f"{c} {run.crt_titles.get(c, '')}", c) for c in self._sectors]
        scopes.append((s.t("rv.inventory"), INVENTORY))
        self._scope_labels = dict((v, k) for k, v in scopes)
        self.scope = W.Dropdown(options=scopes, value=scopes[0][1], description=s.t("rv.scope"),
                                layout=W.Layout(width="420px"))
        self.to = W.Dropdown(options=[(s.t(f"state.{x}"), x) for x in STATES],
                             value="under_review", description=s.t("rv.to"),
                             layout=W.Layout(width="auto"))
        self.so_note = W.Text(placeholder=s.t("rv.note"), layout=W.Layout(width="300px"))
        self.so_btn = W.Button(description=s.t("rv.apply"), button_style="primary",
                               layout=W.Layout(width="auto"))
        for w, cls in ((self.scope, "ghgi-signoff-scope"), (self.to, "ghgi-signoff-to"),
                       (self.so_note, "ghgi-signoff-note"), (self.so_btn, "ghgi-signoff-apply")):
            w.add_class(cls)
        self.so_msg = classed(W.HTML(), "ghgi-signoff-msg")
        self.so_btn.on_click(self._signoff)
        self.signoffs = classed(W.HTML(), "ghgi-signoffs")
        # export of the review log
        self.exp_xlsx = W.Button(description=f"{s.t('rv.export_log')} (Excel)",
                                 layout=W.Layout(width="auto"))
        self.exp_csv = W.Button(description=f"{s.t('rv.export_log')} (CSV)",
                                layout=W.Layout(width="auto"))
        self.exp_xlsx.add_class("ghgi-log-xlsx")
        self.exp_csv.add_class("ghgi-log-csv")
        self.exp_link = classed(W.HTML(), "ghgi-log-link")
        self.exp_xlsx.on_click(lambda _b: self._export("xlsx"))
        self.exp_csv.on_click(lambda _b: self._export("csv"))
        self._threads = pd.DataFrame()
        self._current: int | None = None
        self.widget = W.VBox([
            heading(s.t("rv.comments")), self.filter, tbox, self.thread_actions,
            heading(s.t("rv.new")),
            W.HBox([self.new_text, self.new_crt, self.new_gas, self.new_btn, self.new_msg],
                   layout=W.Layout(flex_flow="row wrap", align_items="center")),
            heading(s.t("rv.signoff"), f"block_approval_on = {s.block_on}: approval is refused "
                                      "while comment threads of the scope block it"),
            self.signoffs,
            W.HBox([self.scope, self.to, self.so_note, self.so_btn],
                   layout=W.Layout(flex_flow="row wrap", align_items="center")),
            self.so_msg,
            heading(s.t("rv.log")), W.HBox([self.exp_xlsx, self.exp_csv, self.exp_link],
                                          layout=W.Layout(flex_flow="row wrap",
                                                          align_items="center")),
        ])
        self.widget.add_class("ghgi-review-view")
        self.filter.observe(lambda _c: self.refresh(), "value")
        self.threads.observe(self._on_thread, "clicked")
        session.on("comments", lambda **_: self.refresh())
        session.on("user", lambda **_: self._permissions())
        self.refresh()
        self._permissions()

    # ------------------------------------------------------------ threads
    def refresh(self) -> None:
        s = self.s
        t = s.log.threads(s.run.run_id, status=self.filter.value or None)
        self._threads = t
        if t.empty:
            self.threads.html = note(s.t("rv.no_comments"))
        else:
            shown = t.assign(status=t["status"].map(lambda x: s.t(f"status.{x}")))
            self.threads.html = html_table(shown, THREAD_COLS, row_ids=True, row_key="thread",
                                           selected=self._index_of(self._current))
        if self._current is not None:
            self.show_thread(self._current)
        self.draw_signoffs()

    def _index_of(self, tid: int | None) -> int | None:
        if tid is None or self._threads.empty:
            return None
        hits = self._threads.index[self._threads["thread"] == tid]
        return int(hits[0]) if len(hits) else None

    def _on_thread(self, change) -> None:
        row = (change["new"] or {}).get("row")
        if row is None or row >= len(self._threads):
            return
        self._current = int(self._threads.iloc[int(row)]["thread"])
        self.thread_msg.value = ""
        self.show_thread(self._current)

    def show_thread(self, tid: int) -> None:
        s = self.s
        comments = s.log.thread(tid)
        status = s.log.status(tid)
        head = self._threads[self._threads["thread"] == tid]
        anchor = ""
        if len(head):
            h = head.iloc[0]
            parts = [f"{k} {h[k]}" for k in ("crt_category", "gas", "region", "year",
                                              "crt_sheet", "crt_cell")
                     if h[k] is not None and str(h[k]) not in ("", "nan", "None")]
            anchor = " &middot; ".join(html.escape(p) for p in parts)
        items = []
        for c in comments.itertuples():
            extra = (f" &rarr; run <code>{html.escape(str(c.new_run_id))}</code>"
                     if c.new_run_id else "")
            items.append(f'<div class="c {html.escape(c.kind)}"><div class="who">'
                         f"{html.escape(c.author)} ({html.escape(c.role)}), "
                         f"{html.escape(str(c.created_utc))} &middot; {html.escape(c.kind)}"
                         f"{extra}</div>{html.escape(c.body)}</div>")
        self.thread.value = (f"<h4>#{tid} <span class='ghgi-status {status}'>"
                             f"{html.escape(s.t('status.' + status))}</span> "
                             f"<small>{anchor}</small></h4>{''.join(items)}")
        self.thread_actions.layout.display = None
        self._permissions()

    def _permissions(self) -> None:
        u = self.s.user
        role = u.role if u else ""
        self.btn_answer.disabled = not allowed("answer", role)
        self.btn_resolve.disabled = not allowed("resolve", role)
        self.btn_reopen.disabled = not allowed("reopen", role)
        self.btn_reply.disabled = not allowed("reply", role)
        self.new_run.disabled = not allowed("answer", role)

    def _need_user(self, out: W.HTML) -> bool:
        if self.s.user is None:
            out.value = message(False, self.s.t("login.need"))
            return False
        return True

    def _reply(self, answer: bool) -> None:
        s = self.s
        if self._current is None or not self._need_user(self.thread_msg):
            return
        try:
            s.log.reply(self._current, s.user.name, s.user.role, self.reply_text.value,
                        answer=answer, new_run_id=self.new_run.value.strip() or None)
        except Exception as exc:  # a refused step is shown, not raised
            self.thread_msg.value = message(False, str(exc))
            return
        self.reply_text.value = ""
        self.new_run.value = ""
        self.thread_msg.value = message(True, "answered" if answer else "replied")
        s.notify("comments", thread=self._current)

    def _status(self, status: str) -> None:
        s = self.s
        if self._current is None or not self._need_user(self.thread_msg):
            return
        try:
            s.log.set_status(self._current, status, s.user.name, s.user.role,
                             self.reply_text.value.strip())
        except Exception as exc:  # a refused step is shown, not raised
            self.thread_msg.value = message(False, str(exc))
            return
        self.thread_msg.value = message(True, s.t(f"status.{status}"))
        s.notify("comments", thread=self._current)

    def _post(self, _b) -> None:
        s = self.s
        post_comment(s, self.new_text, self.new_msg, region=s.run.party_code,
                     crt_category=self.new_crt.value.strip() or None,
                     gas=self.new_gas.value.strip() or None)

    # ------------------------------------------------------------ sign-off
    def draw_signoffs(self) -> None:
        s = self.s
        cur = s.log.signoffs(s.run.run_id).set_index("scope")
        rows = []
        for scope in [*self._sectors, INVENTORY]:
            r = cur.loc[scope] if scope in cur.index else None
            state = r["state"] if r is not None else "draft"
            rows.append({"scope": scope, "scope_label": self._scope_labels.get(scope, scope),
                         "state": s.t(f"state.{state}"),
                         "author": r["author"] if r is not None else "",
                         "role": r["role"] if r is not None else "",
                         "time_utc": r["time_utc"] if r is not None else "",
                         "note": r["note"] if r is not None else ""})
        df = pd.DataFrame(rows)
        table = html_table(df, SIGNOFF_COLS, row_key="scope")
        self.signoffs.value = table

    def _signoff(self, _b) -> None:
        s = self.s
        if not self._need_user(self.so_msg):
            return
        try:
            s.log.transition(s.run.run_id, self.scope.value, self.to.value, s.user.name,
                             s.user.role, self.so_note.value, block_on=s.block_on,
                             sectors=self._sectors)
        except Exception as exc:  # a refused step is shown, not raised
            self.so_msg.value = message(False, str(exc))
            return
        self.so_msg.value = message(True, f"{self._scope_labels.get(self.scope.value)}: "
                                          f"{s.t('state.' + self.to.value)}")
        self.so_note.value = ""
        self.draw_signoffs()
        s.notify("signoff", scope=self.scope.value)

    # ------------------------------------------------------------ export
    def _export(self, kind: str) -> None:
        s, run = self.s, self.s.run
        frames = s.log.export_frames(run.run_id)
        base = f"review_log_{run.run_id}"
        if kind == "xlsx":
            data = ex.to_xlsx_bytes(frames, f"Review log: {run.party}, run {run.run_id}",
                                    {"party": run.party, "run": run.run_id,
                                     "store": str(s.store_url)})
            self.exp_link.value = ex.download_link(data, f"{base}.xlsx", ex.XLSX_MIME,
                                                   s.t("exp.download"))
        else:
            data = ex.to_csv_bytes(ex.review_log_csv(frames))
            self.exp_link.value = ex.download_link(data, f"{base}.csv", ex.CSV_MIME,
                                                   s.t("exp.download"))
