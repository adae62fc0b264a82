"""The data-entry sheets of the Excel template: one per sector (registered by the sector
packages), plus Parameters.

Data sheets are wide, as statistics offices deliver time series: one row per
region/category/activity/unit, one column per year, each cell a number or a notation key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DataSheet", "register_data_sheet", "data_sheets", "PARAMETERS_SHEET", "ID_COLUMNS",
           "PARAMETER_COLUMNS", "sheet_for_category"]

ID_COLUMNS = ("region", "category", "activity", "unit", "source", "note")
PARAMETER_COLUMNS = ("parameter", "category", "activity", "gas", "region", "year_from",
                     "year_to", "value", "unit", "lower", "upper", "distribution", "source",
                     "layer", "note")
PARAMETERS_SHEET = "Parameters"


@dataclass(frozen=True)
class DataSheet:
    name: str                    # Excel sheet name
    sector: str
    order: int                   # position in the workbook (energy 100, IPPU 200 ...)
    category_prefixes: tuple[str, ...]
    activity_label: str          # what the 'activity' column holds on this sheet
    activity_choices: Callable[[], list[str]]   # ids offered in the dropdown
    instructions: str


_SHEETS: dict[str, DataSheet] = {}


def register_data_sheet(sheet: DataSheet) -> DataSheet:
    _SHEETS[sheet.name] = sheet
    return sheet


def data_sheets() -> tuple[DataSheet, ...]:
    """All registered data sheets in workbook order (importing the sectors registers them)."""
    from inventory.plugins import load_sectors

    load_sectors()

    return tuple(sorted(_SHEETS.values(), key=lambda s: s.order))


def sheet_for_category(code: str) -> DataSheet | None:
    """The sheet whose most specific prefix covers ``code``."""
    from inventory.categories import most_specific_prefix

    owner: dict[str, DataSheet] = {}
    for sheet in data_sheets():
        for p in sheet.category_prefixes:
            owner.setdefault(p, sheet)
    best = most_specific_prefix(code, owner)
    return owner[best] if best is not None else None
