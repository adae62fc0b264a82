"""Loader for a reviewer view of a national-provincial reconciliation (``ghgi reconcile``):
reads the folder it wrote and shapes the gap map; computes nothing new.

``load_reconciliation(folder)`` -> {"table", "adjusted", "findings", "meta"};
``gap_map(table, year=None, value="relative_pct")`` -> items x gases (the relative gap in % of
the national value by default), the grid a reviewer scans for the cells that flag.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

__all__ = ["load_reconciliation", "gap_map"]


def load_reconciliation(folder: Path | str) -> dict:
    folder = Path(folder)
    if not (folder / "reconciliation.csv").exists():
        raise FileNotFoundError(f"no reconciliation.csv in {folder} (run 'ghgi reconcile')")
    read = {"table": "reconciliation.csv", "adjusted": "reconciliation_adjusted.csv",
            "findings": "reconciliation_findings.csv"}
    out = {k: pd.read_csv(folder / f, dtype={"item": str, "fuel": str, "gas": str})
           if (folder / f).exists() else pd.DataFrame() for k, f in read.items()}
    meta = folder / "reconciliation.json"
    out["meta"] = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    return out


def gap_map(table: pd.DataFrame, year: int | None = None,
            value: str = "relative_pct") -> pd.DataFrame:
    """Report items x gases of ``value`` summed over fuels (relative gaps recomputed from the
    sums); ``year`` default the latest."""
    if table.empty:
        return pd.DataFrame()
    year = int(table["year"].max()) if year is None else year
    t = table[table["year"] == year]
    g = t.groupby(["item", "gas"])[["value_national", "difference"]].sum()
    if value == "relative_pct":
        g[value] = g["difference"] / g["value_national"].where(g["value_national"] != 0) * 100
    return g[value].unstack("gas")
