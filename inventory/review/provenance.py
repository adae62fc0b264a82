"""From an emission row back to the input cells it came from.

Every emission row names its input cells in ``activity_ids`` (``file!sheet!H12`` for a
template cell, ``file!12`` for a line of a CSV activity file, several joined by ``;``) and its
parameters in ``parameter_ids`` (``file!sheet!row`` of a Parameters sheet, or
``<default table>:<line>`` of an IPCC default table). The staged input tables
(``stage/input_activity``, ``stage/input_parameters``: what the reader took from the files,
units already converted to the canonical unit) resolve them:

* :func:`input_cells` -- the input activity rows of the ids (file, sheet, row, column, value);
* :func:`input_row` -- the whole template row of one cell, one column per year, as the
  compiler sees it in Excel;
* :func:`parameter_rows` -- the parameter rows (value, unit, layer, source) of the ids.
"""

from __future__ import annotations

import re

import pandas as pd

from inventory.review.fmt import Col
from inventory.review.run import ReviewRun

__all__ = ["parse_activity_id", "split_ids", "input_cells", "input_row", "parameter_rows",
           "input_rows_for", "INPUT_COLS", "PARAMETER_COLS"]

_CELL = re.compile(r"^(?P<file>[^!]+)!(?P<sheet>[^!]*)!(?P<col>[A-Z]+)(?P<row>\d+)$")
_LINE = re.compile(r"^(?P<file>[^!]+)!(?P<row>\d+)$")

INPUT_COLS = [Col("file", "File"), Col("sheet", "Sheet"), Col("cell", "Cell"),
              Col("region", "Region"), Col("year", "Year", kind="year"),
              Col("category", "Category"), Col("activity", "Activity"),
              Col("value", "Value", kind="num", unit_col="unit"), Col("unit", "Unit"),
              Col("notation_key", "Key"), Col("source", "Source", wrap=True),
              Col("note", "Note", wrap=True), Col("source_ref", "Input cell", wrap=True)]
PARAMETER_COLS = [Col("parameter_id", "Parameter id"), Col("parameter", "Parameter"),
                  Col("category", "Category"), Col("activity", "Activity"), Col("gas", "Gas"),
                  Col("region", "Region"), Col("value", "Value", kind="num", unit_col="unit"),
                  Col("unit", "Unit"), Col("layer", "Layer"),
                  Col("source", "Source", wrap=True), Col("source_ref", "Input cell", wrap=True)]


def parse_activity_id(aid: str) -> dict:
    """``demo.xlsx!Energy!G6`` -> file, sheet, col 'G', row 6; ``act.csv!12`` -> file, row."""
    m = _CELL.match(aid)
    if m:
        return {"file": m["file"], "sheet": m["sheet"], "col": m["col"], "row": int(m["row"])}
    m = _LINE.match(aid)
    if m:
        return {"file": m["file"], "sheet": "", "col": "", "row": int(m["row"])}
    return {"file": aid, "sheet": "", "col": "", "row": None}


def split_ids(ids) -> list[str]:
    if ids is None or (isinstance(ids, float) and ids != ids):
        return []
    if isinstance(ids, str):
        return [i for i in ids.split(";") if i]
    return [str(i) for i in ids if i]


def _located(run: ReviewRun) -> pd.DataFrame | None:
    """The staged input activity with file, sheet, cell, row parsed from ``activity_id``
    (once per run)."""
    if "_located" not in run._cache:
        a = run.input_activity
        if a is None:
            run._cache["_located"] = None
        else:
            parts = a["activity_id"].astype(str).str.extract(
                r"^(?P<file>[^!]+)!(?:(?P<sheet>[^!]*)!(?P<col>[A-Z]+))?(?P<row>\d+)$")
            a = a.assign(file=parts["file"], sheet=parts["sheet"].fillna(""),
                         col=parts["col"].fillna(""),
                         xrow=pd.to_numeric(parts["row"], errors="coerce"))
            a["cell"] = a["col"] + a["xrow"].astype("Int64").astype(str)
            run._cache["_located"] = a
    return run._cache["_located"]


def input_cells(run: ReviewRun, activity_ids) -> pd.DataFrame:
    """The input activity rows of ``activity_ids`` (a ``;``-joined string or a list), in
    the order given."""
    ids = split_ids(activity_ids)
    a = _located(run)
    cols = [c.key for c in INPUT_COLS] + ["activity_id"]
    if a is None or not ids:
        return pd.DataFrame(columns=cols)
    pos = {i: k for k, i in enumerate(ids)}
    sel = a[a["activity_id"].isin(pos)]
    sel = sel.assign(_o=sel["activity_id"].map(pos)).sort_values("_o")
    return sel[[c for c in cols if c in sel]].reset_index(drop=True)


def input_row(run: ReviewRun, activity_id: str) -> pd.DataFrame:
    """The template row (or CSV line) that holds ``activity_id``: file, sheet, row, region,
    category, activity, unit, source, note and one column per year (value or notation key),
    as the compiler sees it in the input workbook."""
    a = _located(run)
    p = parse_activity_id(activity_id)
    if a is None or p["row"] is None:
        return pd.DataFrame()
    sel = a[(a["file"] == p["file"]) & (a["sheet"] == p["sheet"]) & (a["xrow"] == p["row"])]
    if sel.empty:
        return pd.DataFrame()
    cell = sel["value"].astype(object).where(sel["notation_key"].isna(), sel["notation_key"])
    wide = sel.assign(_cell=cell).pivot_table(
        index=["file", "sheet", "xrow", "region", "category", "activity", "unit"],
        columns="year", values="_cell", aggfunc="first", dropna=False)
    wide.columns = [str(int(c)) for c in wide.columns]
    wide = wide.reset_index().rename(columns={"xrow": "row"})
    meta = sel.iloc[0]
    wide["source"] = meta.get("source")
    wide["note"] = meta.get("note")
    return wide


def parameter_rows(run: ReviewRun, parameter_ids) -> pd.DataFrame:
    """The parameter rows of ``parameter_ids``: from the project's inputs
    (``stage/input_parameters``), or, for the IPCC defaults, the table and line."""
    ids = split_ids(parameter_ids)
    cols = [c.key for c in PARAMETER_COLS]
    if not ids:
        return pd.DataFrame(columns=cols)
    p = run.input_parameters
    found = p[p["parameter_id"].isin(ids)] if p is not None else pd.DataFrame()
    rest = [i for i in ids if found.empty or i not in set(found["parameter_id"])]
    extra = pd.DataFrame({"parameter_id": rest, "layer": "ipcc_default",
                          "source": [f"IPCC default table {i.split(':')[0]}, line "
                                     f"{i.split(':')[-1]}" if ":" in i else i for i in rest]})
    out = pd.concat([found, extra], ignore_index=True) if len(found) else extra
    return out.reindex(columns=cols)


def input_rows_for(run: ReviewRun, source_ref: str | None = None, region=None, year=None,
                   category=None, activity=None) -> pd.DataFrame:
    """Input activity rows of a check finding: its input cell (``source_ref``) when known,
    else the rows of its region(s), year, category and activity."""
    a = _located(run)
    cols = [c.key for c in INPUT_COLS] + ["activity_id"]
    if a is None:
        return pd.DataFrame(columns=cols)
    if source_ref:
        sel = a[a["source_ref"] == source_ref]
        if len(sel):
            return sel[[c for c in cols if c in sel]].reset_index(drop=True)
    mask = pd.Series(True, index=a.index)
    named = False
    for col, v in (("category", category), ("activity", activity)):
        if isinstance(v, str) and v:
            mask &= a[col] == v
            named = True
    if not named:
        return pd.DataFrame(columns=cols)
    if region:
        mask &= a["region"].isin(list(region))
    if year is not None and pd.notna(year) and str(year) != "":
        mask &= a["year"] == int(float(year))
    return a[mask][[c for c in cols if c in a]].reset_index(drop=True)
