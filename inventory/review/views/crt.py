"""CRT browser: any sheet of any year's CRT workbook as a table; a click on a cell lists the
emission rows behind it and, for a row, the input cells and the input row it came from."""

from __future__ import annotations

import html

import ipywidgets as W
import pandas as pd

from inventory.review import crtview as cv
from inventory.review import selections as sel
from inventory.review.fmt import fmt_number, html_table
from inventory.review.views.common import (
    ClickTable,
    ExportBar,
    Session,
    action_button,
    boxed,
    classed,
    note,
    post_comment,
    text_box,
)
from inventory.review.views.provenance import ProvenancePanel

__all__ = ["CrtView", "DEFAULT_SHEET"]

DEFAULT_SHEET = "Summary1"


class CrtView:
    def __init__(self, session: Session):
        self.s = s = session
        run = s.run
        self.books = cv.crt_workbooks(run)
        if not self.books:
            self.widget = W.HTML(note(s.t("crt.none")))
            return
        years = list(self.books)
        self.year = W.Dropdown(options=years, value=years[-1], description=s.t("crt.year"),
                               layout=W.Layout(width="auto"))
        names = cv.crt_sheet_names(run, years[-1])
        self.sheet = W.Dropdown(options=names,
                                value=DEFAULT_SHEET if DEFAULT_SHEET in names else names[0],
                                description=s.t("crt.sheet"), layout=W.Layout(width="320px"))
        self.year.add_class("ghgi-crt-year")
        self.sheet.add_class("ghgi-crt-sheet")
        self.table = classed(ClickTable(), "ghgi-crt-table")
        box = boxed(self.table, "tall")
        self.cell_info = classed(W.HTML(), "ghgi-cell-info")
        self.rows = classed(ClickTable(), "ghgi-cell-rows")
        rows_box = boxed(self.rows)
        self.prov = ProvenancePanel(s, "ghgi-crt-provenance")
        self.comment_text = text_box(s.t("rv.text"), "ghgi-cell-comment-text")
        self.comment_btn = action_button(s.t("crt.comment"), "ghgi-cell-comment", self._comment,
                                         disabled=True)
        self.comment_msg = W.HTML()
        self._sheet: cv.CrtSheet | None = None
        self._anchor: cv.Anchor | None = None
        self._rows = pd.DataFrame()
        self.widget = W.VBox([
            W.HBox([self.year, self.sheet], layout=W.Layout(flex_flow="row wrap")),
            W.HTML(note(s.t("crt.hint"))), box,
            ExportBar(s, "crt_sheet", self._sheet_frame),
            self.cell_info,
            W.HBox([self.comment_text, self.comment_btn, self.comment_msg],
                   layout=W.Layout(align_items="center", flex_flow="row wrap")),
            rows_box, ExportBar(s, "cell_rows", lambda: self._rows, sel.ROW_COLS),
            self.prov.widget])
        self.widget.add_class("ghgi-crt-browser")
        self.year.observe(self._on_year, "value")
        self.sheet.observe(lambda _c: self.draw(), "value")
        self.table.observe(self._on_cell, "clicked")
        self.rows.observe(self._on_row, "clicked")
        session.on("comments", lambda **_: self.draw(keep=True))
        self.draw()

    def _on_year(self, _change) -> None:
        names = cv.crt_sheet_names(self.s.run, self.year.value)
        current = self.sheet.value
        self.sheet.options = names
        self.sheet.value = current if current in names else names[0]
        self.draw()

    def _commented(self) -> set[str]:
        s = self.s
        if s.log is None:
            return set()
        t = s.log.threads(s.run.run_id)
        t = t[(t["crt_sheet"] == self.sheet.value) & (t["year"] == self.year.value)]
        return set(t["crt_cell"].dropna())

    def draw(self, keep: bool = False) -> None:
        self._sheet = cv.crt_sheet(self.s.run, self.year.value, self.sheet.value)
        sel_cell = (self._anchor.row, self._anchor.col) if keep and self._anchor else None
        self.table.html = cv.sheet_html(self._sheet, sel_cell, self._commented())
        if not keep:
            self._anchor = None
            self.cell_info.value = ""
            self.rows.html = ""
            self._rows = pd.DataFrame()
            self.comment_btn.disabled = True
            self.prov.clear()

    def _sheet_frame(self) -> pd.DataFrame | None:
        sh = self._sheet
        if sh is None:
            return None
        heads = [" / ".join(x for x in sh.header(c)[:2] if x) or f"col {c}"
                 for c in range(sh.ncols)]
        heads[0] = "Category"
        units = [sh.header(c)[2] for c in range(sh.ncols)]
        heads = [f"{h} {u}".strip() for h, u in zip(heads, units, strict=True)]
        seen: dict[str, int] = {}
        for k, h in enumerate(heads):  # unique column names
            if h in seen:
                seen[h] += 1
                heads[k] = f"{h} ({seen[h]})"
            else:
                seen[h] = 1
        return pd.DataFrame([list(r) for r in sh.rows[sh.data_start:]], columns=heads)

    def _on_cell(self, change) -> None:
        cell = (change["new"] or {}).get("cell")
        if not cell or self._sheet is None:
            return
        r, c = (int(x) for x in cell.split(","))
        self.open_cell(r, c)

    def open_cell(self, r: int, c: int) -> None:
        s, run = self.s, self.s.run
        a = cv.cell_anchor(run, self._sheet, r, c)
        self._anchor = a
        self._rows = cv.cell_rows(run, a) if a.measure != "other" else pd.DataFrame()
        value = a.value
        shown = fmt_number(value, 4) if isinstance(value, (int, float)) else (value or "")
        facts = [f"<b>{html.escape(a.sheet)}!{a.ref}</b> ({a.year})",
                 f"{html.escape(a.label)}", f"{html.escape(a.header)} {html.escape(a.unit)}",
                 f"value: <b class='cell-value'>{html.escape(str(shown))}</b>"]
        anchor = [f"CRT {a.code}"] if a.code else []
        if a.fuel_group:
            anchor.append(f"fuel group {a.fuel_group}")
        if a.activity:
            anchor.append(f"activity {a.activity}")
        if a.gases:
            anchor.append("gas " + ", ".join(a.gases[:8]) + ("\u2026" if len(a.gases) > 8
                                                             else ""))
        anchor.append(f"measure {a.measure}")
        text = " &middot; ".join(facts) + "<br><span class='ghgi-note'>anchor: " + \
            html.escape(", ".join(anchor)) + "</span>"
        if a.note:
            text += note(a.note)
        if len(self._rows):
            total = ""
            if a.measure == "emissions":
                kt, eq = cv.rows_total(self._rows, bool(a.code) and run.is_memo_code(a.code))
                total = (f"; the rows the CRT counts add up to {fmt_number(kt, 4)} kt of gas = "
                         f"{fmt_number(eq, 2)} kt CO2-eq (memo rows are listed but kept out of "
                         "national totals)")
            text += note(f"{len(self._rows):,d} emission rows{total}")
            self.rows.html = html_table(self._rows, sel.ROW_COLS, max_rows=400, row_ids=True)
        else:
            self.rows.html = note(s.t("crt.no_match")) if a.measure != "other" else ""
        self.cell_info.value = f"<h4>{html.escape(s.t('crt.rows_behind'))}</h4>{text}"
        self.comment_btn.disabled = a.code is None
        self.comment_msg.value = ""
        self.prov.clear()

    def _on_row(self, change) -> None:
        row = (change["new"] or {}).get("row")
        if row is not None and row < len(self._rows):
            self.prov.show(self._rows.iloc[int(row)])

    def _comment(self, _b) -> None:
        s, a = self.s, self._anchor
        if a is not None:
            post_comment(s, self.comment_text, self.comment_msg, f" on {a.sheet}!{a.ref}",
                         year=int(a.year), region=s.run.party_code, crt_category=a.code,
                         gas=a.gases[0] if len(a.gases) == 1 else None, crt_sheet=a.sheet,
                         crt_cell=a.ref)
