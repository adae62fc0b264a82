"""What every view shares: the session (run, language, signed-in user, review log), a
clickable table widget, export buttons, the page's CSS."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

import anywidget
import ipywidgets as W
import pandas as pd
import traitlets

from inventory.review.export import (
    CSV_MIME,
    XLSX_MIME,
    download_link,
    to_csv_bytes,
    to_xlsx_bytes,
    with_headers,
)
from inventory.review.fmt import Col
from inventory.review.labels import t
from inventory.review.run import ReviewRun

__all__ = ["Session", "User", "ClickTable", "ExportBar", "PAGE_CSS", "heading", "note",
           "message", "error_text", "classed", "boxed", "post_comment", "text_box",
           "action_button"]

PAGE_CSS = """
<style>
.ghgi-review, .ghgi-review * {font-family: "Noto Sans CJK SC", "Noto Sans SC", "Noto Sans",
  "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;}
.ghgi-review {max-width: 100%; min-width: 0;}
.ghgi-review .widget-tab, .ghgi-review .lm-TabPanel-tabContents {min-width: 0; max-width: 100%;}
.ghgi-tabs .lm-TabBar-tab {flex: 0 0 auto !important; max-width: none !important;
  min-width: 0 !important; padding: 0 14px !important;}
.ghgi-tabs .lm-TabBar-tabLabel {overflow: visible !important;}
.ghgi-banner-synthetic {background:#b00020;color:#fff;font-weight:bold;font-size:1.1em;
  padding:4px 12px;border-radius:4px;letter-spacing:.05em;display:inline-block}
.ghgi-header h2 {margin: 4px 0;}
.ghgi-header .meta span {margin-right: 1.2em; white-space: nowrap;}
.ghgi-user {background:#f3f6fa; border:1px solid #d0d7e2; border-radius:4px; padding:4px 8px;}
.ghgi-box {max-height: 460px; overflow: auto; border: 1px solid #ddd; max-width: 100%;}
.ghgi-box.tall {max-height: 640px;}
.ghgi-clicktable {display:block; max-width:100%;}
table.ghgi-table-html, table.ghgi-crt {border-collapse: collapse; font-size: 12px;}
table.ghgi-table-html th {position: sticky; top: 0; background: #eef2f7; text-align: left;
  vertical-align: bottom; z-index: 1;}
table.ghgi-table-html th, table.ghgi-table-html td {padding: 2px 6px;
  border-bottom: 1px solid #eee; white-space: nowrap;}
table.ghgi-table-html td.wrap {white-space: normal; min-width: 12em; max-width: 32em;}
table.ghgi-table-html td.num, table.ghgi-table-html th.num {text-align: right;
  font-variant-numeric: tabular-nums;}
table.ghgi-table-html tr[data-row] {cursor: pointer;}
table.ghgi-table-html tr[data-row]:hover td {background: #f5f9ff;}
table.ghgi-table-html tr.selected td, table.ghgi-crt td.selected {background: #ffe9a8 !important;}
table.ghgi-crt th {background:#DDEBF7; border:1px solid #a6a6a6; font-weight:600;
  padding:2px 6px; white-space: normal; min-width: 6em; position: sticky; top: 0;}
table.ghgi-crt td {border:1px solid #c8c8c8; padding:1px 6px; white-space: nowrap;}
table.ghgi-crt td.lbl {white-space: normal; min-width: 22em; max-width: 34em;}
table.ghgi-crt td.num {text-align: right; font-variant-numeric: tabular-nums;}
table.ghgi-crt td.key {text-align: center;}
table.ghgi-crt td.shaded {background: #bfbfbf;}
table.ghgi-crt td[data-cell] {cursor: pointer;}
table.ghgi-crt td[data-cell]:hover {outline: 2px solid #1f77b4;}
table.ghgi-crt td.commented {box-shadow: inset 0 0 0 2px #d62728;}
.ghgi-crt-title {font-weight: bold; margin: 4px 0;}
.ghgi-crt-meta {font-size: 12px; color: #444;}
.ghgi-kpis {display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0;}
.ghgi-kpi {border: 1px solid #d0d7e2; border-radius: 6px; padding: 6px 12px; min-width: 200px;
  background: #fbfcfe;}
.ghgi-kpi .v {font-size: 1.5em; font-weight: 600; font-variant-numeric: tabular-nums;}
.ghgi-kpi .l {font-size: 12px; color: #555;}
.ghgi-kpi .d {font-size: 12px;}
.ghgi-kpi.warn .v {color: #b00020;}
.ghgi-chart svg {max-width: 100%; height: auto; font-size: 11px;}
.ghgi-chart .grid {stroke: #e5e5e5;} .ghgi-chart .grid.zero {stroke: #999;}
.ghgi-chart .ytick, .ghgi-chart .xtick, .ghgi-chart .yunit {fill: #444; font-size: 11px;}
.ghgi-chart-title {font-weight: 600; font-size: 13px; fill: #222;}
.ghgi-chart .highlight {stroke: #d62728; stroke-dasharray: 3 3;}
.ghgi-legend {font-size: 12px; margin: 2px 0 6px 78px;}
.ghgi-legend .lg {margin-right: 14px; white-space: nowrap;}
.ghgi-legend .sw {display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: middle;}
.ghgi-legend .ln {display: inline-block; width: 18px; border-top: 3px solid; margin-right: 4px;
  vertical-align: middle;} .ghgi-legend .ln.dash {border-top-style: dashed;}
.ghgi-note {font-size: 12px; color: #555;}
.ghgi-msg-ok {color: #1b7e3c;} .ghgi-msg-err {color: #b00020; font-weight: 600;}
.ghgi-flag-out {color: #b00020; font-weight: bold;}
.ghgi-download {margin-right: 12px;}
.ghgi-thread .c {border-left: 3px solid #c9d6e8; padding: 2px 8px; margin: 4px 0;}
.ghgi-thread .c.answer {border-left-color: #2ca02c;}
.ghgi-thread .who {font-size: 11px; color: #555;}
.ghgi-status {display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px;}
.ghgi-status.open {background: #fde2e1;} .ghgi-status.answered {background: #fff1c2;}
.ghgi-status.resolved {background: #d9f2df;} .ghgi-status.approved {background: #d9f2df;}
.ghgi-status.under_review {background: #fff1c2;} .ghgi-status.draft {background: #eee;}
</style>
"""


@dataclass
class User:
    name: str
    role: str
    username: str = ""
    team: bool = False           # an account of the team server (cannot be switched)


@dataclass
class Session:
    """The state the views share: the run, the language, who is signed in, the review log
    and the submission store; views subscribe to changes (``on``) and announce them
    (``notify``)."""

    run: ReviewRun
    store_url: str | None = None
    user: User | None = None
    log: object = None                       # ReviewLog, or None when the store is unusable
    log_error: str = ""
    listeners: dict[str, list[Callable]] = field(default_factory=dict)
    requests: dict = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.run.language

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def on(self, event: str, fn: Callable) -> None:
        self.listeners.setdefault(event, []).append(fn)

    def notify(self, event: str, **info) -> None:
        for fn in list(self.listeners.get(event, [])):
            fn(**info)

    @property
    def block_on(self) -> str:
        return str(self.run.review_settings.get("block_approval_on", "unresolved"))


class ClickTable(anywidget.AnyWidget):
    """An HTML table whose rows (``tr[data-row]``) or cells (``td[data-cell]``) report clicks
    to Python in ``clicked`` ({row} or {cell, ref}, with a counter ``n``)."""

    _esm = """
    function render({ model, el }) {
      el.classList.add("ghgi-clicktable");
      const draw = () => { el.innerHTML = model.get("html"); };
      draw();
      model.on("change:html", draw);
      el.addEventListener("click", (ev) => {
        const td = ev.target.closest("td[data-cell]");
        const tr = ev.target.closest("tr[data-row]");
        let payload = null;
        el.querySelectorAll(".selected").forEach((e) => e.classList.remove("selected"));
        if (td) {
          payload = { cell: td.dataset.cell, ref: td.dataset.ref || "" };
          td.classList.add("selected");
        } else if (tr) {
          payload = { row: parseInt(tr.dataset.row) };
          tr.classList.add("selected");
        }
        if (!payload) return;
        payload.n = ((model.get("clicked") || {}).n || 0) + 1;
        model.set("clicked", payload);
        model.save_changes();
      });
    }
    export default { render };
    """
    html = traitlets.Unicode("").tag(sync=True)
    clicked = traitlets.Dict({}).tag(sync=True)


class ExportBar(W.HBox):
    """'Export: Excel | CSV' buttons; a click builds the file from ``frames()`` (name ->
    frame, or one frame) and shows the download link."""

    def __init__(self, session: Session, name: str,
                 frames: Callable[[], dict[str, pd.DataFrame] | pd.DataFrame | None],
                 cols: list[Col] | None = None, css: str = ""):
        self.session, self.name, self.frames, self.cols = session, name, frames, cols
        self.xlsx = W.Button(description=session.t("exp.excel"), icon="",
                             layout=W.Layout(width="auto"))
        self.csv = W.Button(description=session.t("exp.csv"), layout=W.Layout(width="auto"))
        self.link = W.HTML()
        self.xlsx.add_class("ghgi-export-xlsx")
        self.csv.add_class("ghgi-export-csv")
        self.link.add_class("ghgi-export-link")
        self.xlsx.on_click(lambda _b: self._make("xlsx"))
        self.csv.on_click(lambda _b: self._make("csv"))
        super().__init__([W.HTML(f"<small>{html.escape(session.t('exp.label'))}:</small>"),
                          self.xlsx, self.csv, self.link],
                         layout=W.Layout(align_items="center", flex_flow="row wrap"))
        self.add_class("ghgi-export")
        if css:
            self.add_class(css)

    def _make(self, kind: str) -> None:
        got = self.frames()
        if got is None:
            self.link.value = "<small>nothing to export</small>"
            return
        frames = got if isinstance(got, dict) else {self.name: got}
        frames = {k: with_headers(v, self.cols) if len(frames) == 1 else v
                  for k, v in frames.items()}
        run = self.session.run
        base = f"{self.name}_{run.run_id}"
        if kind == "xlsx":
            about = {"party": run.party, "run": run.run_id, "GWP set": run.gwp_set,
                     "guidelines": run.guidelines or "-", "table": self.name}
            data = to_xlsx_bytes(frames, f"{run.party}: {self.name}", about)
            self.link.value = download_link(data, f"{base}.xlsx", XLSX_MIME,
                                            self.session.t("exp.download"))
        else:
            first = next(iter(frames.values()))
            self.link.value = download_link(to_csv_bytes(first), f"{base}.csv", CSV_MIME,
                                            self.session.t("exp.download"))


def post_comment(session: Session, text: W.Textarea, msg: W.HTML, where: str = "",
                 **anchor) -> int | None:
    """Post the text of ``text`` as a new thread anchored to ``anchor`` (year, region,
    crt_category, gas, crt_sheet, crt_cell) on the session's run, as the signed-in user;
    the outcome (or why not) goes to ``msg``; the other views hear of it."""
    s = session
    if s.log is None or s.user is None:
        msg.value = message(False, s.t("login.need") if s.log is not None else s.log_error)
        return None
    try:
        tid = s.log.post_comment(s.user.name, s.user.role, text.value, run_id=s.run.run_id,
                                 **anchor)
    except Exception as exc:  # a refused step is shown, not raised
        msg.value = message(False, str(exc))
        return None
    text.value = ""
    msg.value = message(True, f"comment #{tid} posted{where}")
    s.notify("comments", thread=tid)
    return tid


def text_box(placeholder: str, css: str, width: str = "520px") -> W.Textarea:
    """A text area for a comment, a reply or a reason."""
    return classed(W.Textarea(placeholder=placeholder,
                              layout=W.Layout(width=width, height="60px")), css)


def action_button(label: str, css: str, on_click: Callable, **kw) -> W.Button:
    """A button sized to its label that calls ``on_click`` (with the button)."""
    b = classed(W.Button(description=label, layout=W.Layout(width="auto"), **kw), css)
    b.on_click(on_click)
    return b


def classed(widget: W.Widget, *classes: str) -> W.Widget:
    """The widget with CSS classes added (views and tests find widgets by class)."""
    for c in classes:
        widget.add_class(c)
    return widget


def boxed(widget: W.Widget, *classes: str) -> W.Box:
    """The widget in a scrolling box (wide tables scroll inside, never the page)."""
    return classed(W.Box([widget]), "ghgi-box", *classes)


def heading(text: str, hint: str = "", level: int = 3) -> W.HTML:
    h = f"<h{level}>{html.escape(text)}</h{level}>"
    if hint:
        h += f'<div class="ghgi-note">{html.escape(hint)}</div>'
    return W.HTML(h)


def note(text: str) -> str:
    return f'<p class="ghgi-note">{html.escape(text)}</p>'


def message(ok: bool, text: str) -> str:
    return f'<span class="{"ghgi-msg-ok" if ok else "ghgi-msg-err"}">{html.escape(text)}</span>'


def error_text(exc: Exception) -> str:
    return str(exc)
