"""Read a CRT Data Exchange JSON back into our CRT tables.

``read_document(doc)`` -> one line per (year, variable) with the decoded value;
``to_cells(values)`` -> the cells of our sheets (sheet, row, column, kind, value, text) through
the mapping data (a variable shown on several sheets fills every one of them), so a JSON the
workbench wrote, or one exported from the ETF tool, can be compared cell by cell with a run.
Accepts both public spellings: ``numeric``/``number`` and ``inventory_year`` as integer or
string.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from inventory.errors import InputError

from .encoding import decode_value
from .metadata import read_json

__all__ = ["read_document", "read_file", "to_cells"]

VALUE_COLUMNS = ["year", "variable_uid", "type", "kind", "value", "text", "comments"]


def read_file(path: Path | str) -> pd.DataFrame:
    return read_document(read_json(path))


def read_document(doc: dict) -> pd.DataFrame:
    """Every value of ``data.values[].values[]`` (:data:`VALUE_COLUMNS`)."""
    try:
        blocks = doc["data"]["values"]
    except (KeyError, TypeError):
        raise InputError("no data.values", "CRT Data Exchange JSON",
                         "{'data': {'values': [{'inventory_year', 'values': [...]}]}}") from None
    out = []
    for b in blocks:
        year = int(b["inventory_year"])
        for v in b.get("values", []):
            kind, num, text = decode_value(v["value"])
            out.append((year, str(v["variable_uid"]).lower(), v["value"].get("type"), kind,
                        num, text, v.get("comments") or []))
    return pd.DataFrame(out, columns=VALUE_COLUMNS)


def to_cells(values: pd.DataFrame, uids: dict[str, str]) -> pd.DataFrame:
    """Values -> our cells. ``uids``: ETF name -> UID (as used for writing)."""
    from .mapping import load_mapping

    by_uid = {u.lower(): n for n, u in uids.items()}
    rows = []
    for sheet, m in load_mapping().items():
        for (row, col), rec in m.exact.items():
            if rec["status"] == "mapped":
                rows.append((sheet, row, col, rec["etf_name"], rec["scale"]))
    targets = pd.DataFrame(rows, columns=["sheet", "row", "column", "etf_name", "scale"])
    v = values.assign(etf_name=values["variable_uid"].map(by_uid))
    cells = v.merge(targets, on="etf_name", how="inner")
    num = cells["kind"] == "number"
    cells.loc[num, "value"] = cells.loc[num, "value"] / cells.loc[num, "scale"]
    return cells[["year", "sheet", "row", "column", "kind", "value", "text", "etf_name",
                  "variable_uid"]]
