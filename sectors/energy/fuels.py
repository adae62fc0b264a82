"""The fuel master list (sectors/energy/data/fuels.csv)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

__all__ = ["fuels", "is_biomass"]

DATA = Path(__file__).resolve().parent / "data"


@cache
def fuels() -> pd.DataFrame:
    """Fuel id -> IPCC name and CRT fuel group (liquid, solid, gaseous, other_fossil, peat,
    biomass)."""
    return pd.read_csv(DATA / "fuels.csv", comment="#", dtype=str).set_index("fuel")


def is_biomass(fuel: pd.Series) -> pd.Series:
    return fuel.map(fuels()["crt_fuel_group"]).eq("biomass")
