"""The data-entry sheets of the Excel template: one per sector, plus Parameters.

Data sheets are wide, as statistics offices deliver time series: one row per
region/category/activity/unit, one column per year, each cell a number or a notation key.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataSheet", "DATA_SHEETS", "PARAMETERS_SHEET", "ID_COLUMNS", "PARAMETER_COLUMNS",
           "sheet_for_category"]

ID_COLUMNS = ("region", "category", "activity", "unit", "source", "note")
PARAMETER_COLUMNS = ("parameter", "category", "activity", "gas", "region", "year_from",
                     "year_to", "value", "unit", "lower", "upper", "distribution", "source",
                     "layer", "note")
PARAMETERS_SHEET = "Parameters"


@dataclass(frozen=True)
class DataSheet:
    name: str
    sector: str
    category_prefixes: tuple[str, ...]
    activity_label: str          # what the 'activity' column holds on this sheet
    instructions: str


DATA_SHEETS: tuple[DataSheet, ...] = (
    DataSheet("Energy", "energy", ("1.A",), "fuel id (sectors/energy/data/fuels.csv)",
              "Fuel combustion 1.A.1-1.A.5: fuel use per region, IPCC 2006 category and fuel. "
              "Units: TJ, GJ, PJ, tce, toe (energy), t, kt, Mt, 10^4 t (mass, converted with "
              "NCV), m3, Mm3, 10^4 m3 (volume, converted with NCV_volume)."),
)


def sheet_for_category(code: str) -> DataSheet | None:
    for s in DATA_SHEETS:
        if any(code == p or code.startswith(p + ".") for p in s.category_prefixes):
            return s
    return None
