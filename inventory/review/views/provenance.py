"""The provenance panel: for one emission row, its input cells (file, sheet, row, column,
value), the whole input row of the selected cell as it is in the workbook, and the parameters
(factors) it used."""

from __future__ import annotations

import html

import ipywidgets as W
import pandas as pd

from inventory.review import provenance as pv
from inventory.review.fmt import Col, fmt_value, html_table
from inventory.review.views.common import ClickTable, Session, boxed, classed, note

__all__ = ["ProvenancePanel"]


class ProvenancePanel:
    def __init__(self, session: Session, css: str = "ghgi-provenance"):
        self.s = session
        self.title = W.HTML()
        self.cells = classed(ClickTable(), "ghgi-input-cells")
        self.row = classed(W.HTML(), "ghgi-input-row")
        self.params = classed(W.HTML(), "ghgi-parameters")
        boxes = []
        for w in (self.cells, self.row, self.params):
            b = boxed(w)
            boxes.append(b)
        self._cells = pd.DataFrame()
        self.widget = W.VBox([self.title, boxes[0], boxes[1], boxes[2]])
        self.widget.add_class(css)
        self.widget.layout.display = "none"
        self.cells.observe(self._on_cell, "clicked")

    def clear(self) -> None:
        self.widget.layout.display = "none"
        self._cells = pd.DataFrame()

    def show(self, row: pd.Series) -> None:
        s = self.s
        self.widget.layout.display = None
        what = " \u00b7 ".join(str(row.get(k)) for k in ("region", "year", "category",
                                                          "activity", "gas") if k in row)
        value = row.get("notation_key") or fmt_value(row.get("value"), "kt") + " kt"
        facts = [f"<b>{html.escape(what)}</b>: {html.escape(str(value))}"]
        for key, label in (("tier", "tier"), ("equation", "equation"),
                           ("factor_layer", "factor layer"), ("factor_source", "source")):
            v = row.get(key)
            if v is not None and not (isinstance(v, float) and v != v) and str(v):
                facts.append(f"{label}: {html.escape(str(v))}")
        self.title.value = (f"<h4>{html.escape(s.t('crt.inputs'))}</h4>"
                            f"<div class='ghgi-note'>{' &middot; '.join(facts)}</div>")
        self._cells = pv.input_cells(s.run, row.get("activity_ids"))
        if self._cells.empty:
            self.cells.html = note("no input cell recorded for this row (computed from "
                                   "parameters or other rows)")
            self.row.value = ""
        else:
            self.cells.html = html_table(self._cells, pv.INPUT_COLS, max_rows=200,
                                         row_ids=True, selected=0)
            self.open_row(0)
        p = pv.parameter_rows(s.run, row.get("parameter_ids"))
        self.params.value = ("<h4>Parameters used</h4>" + html_table(p, pv.PARAMETER_COLS)
                             if len(p) else "")

    def open_row(self, k: int) -> None:
        """The workbook row of input cell ``k`` (one column per year, the cell marked)."""
        aid = str(self._cells.iloc[k]["activity_id"])
        wide = pv.input_row(self.s.run, aid)
        if wide.empty:
            self.row.value = note(f"input row of {aid} not found in stage/input_activity")
            return
        year = str(int(self._cells.iloc[k]["year"]))
        cols = [Col("file", "File"), Col("sheet", "Sheet"), Col("row", "Row", kind="year"),
                Col("region", "Region"), Col("category", "Category"),
                Col("activity", "Activity"), Col("unit", "Unit")]
        cols += [Col(c, c, kind="num", unit_col="unit") for c in wide.columns
                 if c.isdigit()]
        cols += [Col("source", "Source", wrap=True), Col("note", "Note", wrap=True)]
        table = html_table(wide, cols)
        # mark the cell of the emission row's year
        table = table.replace(f'<td class="col-{year} num">', f'<td class="col-{year} num '
                              'ghgi-cell-mark" style="background:#ffe9a8;font-weight:bold">')
        self.row.value = (f"<h4>{html.escape(self.s.t('crt.input_row'))}: "
                          f"{html.escape(aid)}</h4>{table}")

    def _on_cell(self, change) -> None:
        row = (change["new"] or {}).get("row")
        if row is not None and row < len(self._cells):
            self.open_row(int(row))
