"""Small hand-built inputs for the timely-accounts tests: an inventory run folder (the files
the reports read) and a timely project with its workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml


def emission_rows(rows: list[tuple]) -> pd.DataFrame:
    """(region, year, category, gas, value, fuel_group, activity_value TJ, memo)."""
    df = pd.DataFrame(rows, columns=["region", "year", "category", "gas", "value", "fuel_group",
                                     "activity_value", "memo"])
    df["activity_unit"] = "TJ"
    df["notation_key"] = ""
    return df


def write_run(folder: Path, emissions: pd.DataFrame, indirect: pd.DataFrame | None = None,
              name: str = "tiny") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    emissions.to_csv(folder / "emissions.csv", index=False)
    if indirect is not None:
        indirect.to_csv(folder / "indirect_co2_electricity.csv", index=False)
    (folder / "manifest.json").write_text(json.dumps({
        "run_id": folder.name, "project": name,
        "regions": sorted(emissions["region"].unique().tolist())}))
    return folder


def write_project(root: Path, run: Path, sheets: dict[str, pd.DataFrame], **cfg) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    with pd.ExcelWriter(root / "data" / "inputs.xlsx", engine="openpyxl") as xw:
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name, index=False)
    conf = {"name": "tiny_timely", "base_year": 2020, "workbook": "data/inputs.xlsx",
            "inventories": [{"run": str(run)}], "language": "zh+en", "synthetic": True, **cfg}
    (root / "timely.yml").write_text(yaml.safe_dump(conf), encoding="utf-8")
    return root


def monthly(region: str, indicator: str, year: int, annual: float, months: int = 12
            ) -> list[tuple]:
    """An indicator spread evenly over the months (so year-to-date sums are exact)."""
    return [(region, indicator, year, m, annual / 12, "10^4 t") for m in range(1, months + 1)]
