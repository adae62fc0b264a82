"""Demoland: a synthetic but realistic inventory, generated deterministically.

SYNTHETIC DATA - Demoland is not a real country. Magnitudes are set to look like a
middle-income economy of ~25 million people (about 2,400 PJ of fuel use in 2023, 60 % coal in
power), so implied factors, trends and shares behave like real inventories.
The same generator, scaled up (31 regions x 35 years x every fuel and sub-sector), is the
benchmark inventory of ``benchmarks/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from inventory.atomic import atomic_path

__all__ = ["DEMO_REGIONS", "DEMO_STREAMS", "demo_activity", "demo_parameters", "write_demo",
           "benchmark_activity"]

DEMO_REGIONS = (("NTH", "Northland", 0.32), ("STH", "Southland", 0.24), ("EST", "Eastshore", 0.21),
                ("WST", "Westridge", 0.15), ("CAP", "Capital District", 0.08))


@dataclass(frozen=True)
class Stream:
    category: str
    fuel: str
    unit: str
    base_tj: float        # national fuel use in the first year [TJ]
    growth: float         # annual growth before the turning year
    growth_late: float    # annual growth from the turning year
    turn: int = 2013


# Physical units as statistics offices report them; NCV (TJ/kt) used to turn TJ into mass here
# is the IPCC 2006 Vol.2 Ch.1 Table 1.2 default, natural gas volume at 38.931 TJ/Mm3.
_NCV = {"other_bituminous_coal": 25.8, "residual_fuel_oil": 40.4, "gas_diesel_oil": 43.0,
        "motor_gasoline": 44.3, "lpg": 47.3, "jet_kerosene": 44.1, "petroleum_coke": 32.5,
        "other_kerosene": 43.8, "coke_oven_coke": 28.2, "lignite": 11.9}
_NG_TJ_PER_MM3 = 38.931

DEMO_STREAMS: tuple[Stream, ...] = (
    Stream("1.A.1.a", "other_bituminous_coal", "kt", 520_000, 0.045, -0.015),
    Stream("1.A.1.a", "natural_gas", "Mm3", 60_000, 0.06, 0.07),
    Stream("1.A.1.a", "residual_fuel_oil", "kt", 18_000, -0.02, -0.05),
    Stream("1.A.1.a", "wood_wood_waste", "TJ", 9_000, 0.05, 0.08),
    Stream("1.A.1.b", "refinery_gas", "TJ", 28_000, 0.01, 0.005),
    Stream("1.A.1.b", "residual_fuel_oil", "kt", 9_000, 0.0, -0.02),
    Stream("1.A.1.c", "coke_oven_gas", "TJ", 12_000, 0.02, -0.01),
    Stream("1.A.2.a", "coke_oven_coke", "kt", 45_000, 0.03, -0.02),
    Stream("1.A.2.a", "natural_gas", "Mm3", 15_000, 0.04, 0.03),
    Stream("1.A.2.c", "natural_gas", "Mm3", 38_000, 0.05, 0.03),
    Stream("1.A.2.c", "lpg", "kt", 6_000, 0.02, 0.01),
    Stream("1.A.2.f", "other_bituminous_coal", "kt", 70_000, 0.05, -0.02),
    Stream("1.A.2.f", "petroleum_coke", "kt", 22_000, 0.06, 0.0),
    Stream("1.A.2.f", "natural_gas", "Mm3", 12_000, 0.04, 0.05),
    Stream("1.A.2.m", "gas_diesel_oil", "kt", 25_000, 0.01, -0.01),
    Stream("1.A.2.m", "natural_gas", "Mm3", 20_000, 0.03, 0.03),
    Stream("1.A.3.a.ii", "jet_kerosene", "kt", 14_000, 0.06, 0.04),
    Stream("1.A.3.b.i", "motor_gasoline", "kt", 150_000, 0.05, 0.02),
    Stream("1.A.3.b.i", "lpg", "kt", 8_000, 0.03, -0.03),
    Stream("1.A.3.b.iii", "gas_diesel_oil", "kt", 170_000, 0.045, 0.015),
    Stream("1.A.3.b.iii", "natural_gas", "Mm3", 2_000, 0.15, 0.10),
    Stream("1.A.3.b.iv", "motor_gasoline", "kt", 12_000, 0.03, -0.02),
    Stream("1.A.3.c", "gas_diesel_oil", "kt", 9_000, -0.01, -0.03),
    Stream("1.A.3.d.ii", "gas_diesel_oil", "kt", 7_000, 0.01, 0.0),
    Stream("1.A.3.d.ii", "residual_fuel_oil", "kt", 4_000, 0.0, -0.01),
    Stream("1.A.4.a", "natural_gas", "Mm3", 30_000, 0.05, 0.04),
    Stream("1.A.4.a", "gas_diesel_oil", "kt", 12_000, -0.01, -0.04),
    Stream("1.A.4.b", "natural_gas", "Mm3", 55_000, 0.06, 0.04),
    Stream("1.A.4.b", "lpg", "kt", 24_000, 0.02, -0.01),
    Stream("1.A.4.b", "other_bituminous_coal", "kt", 40_000, -0.02, -0.08),
    Stream("1.A.4.b", "other_kerosene", "kt", 5_000, -0.03, -0.05),
    Stream("1.A.4.b", "wood_wood_waste", "TJ", 60_000, -0.01, -0.02),
    Stream("1.A.4.c.i", "gas_diesel_oil", "kt", 6_000, 0.0, -0.01),
    Stream("1.A.4.c.ii", "gas_diesel_oil", "kt", 18_000, 0.01, 0.0),
    Stream("1.A.4.c.iii", "gas_diesel_oil", "kt", 5_000, -0.02, -0.02),
)

# (category, fuel, key, why): rows the compiler reports with a notation key in every region
_KEYED = (
    ("1.A.1.a", "peat", "NO", "no peat is burnt in Demoland"),
    ("1.A.5.a", "natural_gas", "IE", "included in 1.A.4.a (commercial/institutional)"),
    ("1.A.5.b", "gas_diesel_oil", "IE", "military fuel use included in 1.A.3.b.iii"),
    ("1.A.1.c", "lignite", "NE", "briquetting plants, not surveyed (insignificant)"),
)


def _mass_or_volume(tj: np.ndarray, fuel: str, unit: str) -> np.ndarray:
    if unit == "kt":
        return tj / _NCV[fuel]
    if unit == "Mm3":
        return tj / _NG_TJ_PER_MM3
    return tj


def demo_activity(regions=DEMO_REGIONS, years=range(2005, 2024), streams=DEMO_STREAMS,
                  seed: int = 20240601, keyed=_KEYED) -> pd.DataFrame:
    """Long activity rows (region, year, category, activity, value, unit, notation_key,
    source, note) for the synthetic inventory. Vectorised: one array per stream."""
    rng = np.random.default_rng(seed)
    years = np.asarray(list(years))
    frames = []
    for s in streams:
        t = years - years[0]
        early = np.minimum(years, s.turn) - years[0]
        late = np.maximum(years - s.turn, 0)
        trend = (1 + s.growth) ** early * (1 + s.growth_late) ** late
        for code, _name, share in regions:
            # each region deviates a little in level and in year-to-year noise
            level = share * rng.uniform(0.85, 1.15)
            noise = rng.normal(1.0, 0.025, len(years))
            tj = s.base_tj * level * trend * noise * (1 + 0.0 * t)
            value = np.round(_mass_or_volume(tj, s.fuel, s.unit), 1)
            frames.append(pd.DataFrame({
                "region": code, "year": years, "category": s.category, "activity": s.fuel,
                "value": value, "unit": s.unit, "notation_key": None,
                "source": "Demoland Bureau of Statistics energy balance (synthetic)",
                "note": None}))
    for cat, fuel, key, why in keyed:
        for code, _name, _share in regions:
            frames.append(pd.DataFrame({
                "region": code, "year": years, "category": cat, "activity": fuel,
                "value": np.nan, "unit": "TJ", "notation_key": key,
                "source": "Demoland inventory team (synthetic)", "note": why}))
    return pd.concat(frames, ignore_index=True)


def demo_parameters() -> pd.DataFrame:
    """Country-specific parameters of Demoland (synthetic, but of realistic size).

    Tier 2 is used for public electricity and heat (1.A.1.a), so it needs national CO2
    carbon contents and CH4/N2O factors for every fuel burnt there.
    """
    src = "Demoland national energy statistics office, fuel quality survey (synthetic)"
    rows = [
        # parameter, category, activity, gas, region, from, to, value, unit, lower, upper, src
        ("NCV_volume", "*", "natural_gas", "-", "*", 1900, 2100, 38.931, "TJ/Mm3", 38.2, 39.6,
         "Demoland natural gas NCV 38,931 kJ/m3 as in GB/T 2589-2020 (synthetic use)"),
        ("NCV", "*", "other_bituminous_coal", "-", "*", 1900, 2100, 23.6, "TJ/kt", 21.0, 26.0,
         src),
        ("NCV", "*", "other_bituminous_coal", "-", "NTH", 1900, 2100, 22.4, "TJ/kt", 20.5, 24.3,
         "Northland provincial coal quality survey (synthetic)"),
        ("carbon_content", "1.A.1.a", "other_bituminous_coal", "-", "*", 1900, 2100, 26.18,
         "t/TJ", 25.4, 27.0, src),
        ("oxidation", "1.A.1.a", "other_bituminous_coal", "-", "*", 1900, 2100, 0.98,
         "fraction", 0.96, 0.99, src),
        ("EF", "1.A.1.a", "natural_gas", "CO2", "*", 1900, 2100, 55_800, "kg/TJ", 55_000,
         56_600, src),
        ("EF", "1.A.1.a", "residual_fuel_oil", "CO2", "*", 1900, 2100, 77_100, "kg/TJ",
         75_800, 78_400, src),
        ("EF", "1.A.1.a", "wood_wood_waste", "CO2", "*", 1900, 2100, 110_000, "kg/TJ",
         95_000, 125_000, src),
    ]
    for fuel, ch4, n2o in (("other_bituminous_coal", 0.9, 1.6), ("natural_gas", 1.1, 0.1),
                           ("residual_fuel_oil", 2.8, 0.5), ("wood_wood_waste", 28.0, 3.8)):
        rows.append(("EF", "1.A.1.a", fuel, "CH4", "*", 1900, 2100, ch4, "kg/TJ", ch4 * 0.5,
                     ch4 * 2, "Demoland power plant measurement campaign 2012 (synthetic)"))
        rows.append(("EF", "1.A.1.a", fuel, "N2O", "*", 1900, 2100, n2o, "kg/TJ", n2o * 0.5,
                     n2o * 2, "Demoland power plant measurement campaign 2012 (synthetic)"))
    cols = ["parameter", "category", "activity", "gas", "region", "year_from", "year_to",
            "value", "unit", "lower", "upper", "source"]
    df = pd.DataFrame(rows, columns=cols)
    df["layer"] = np.where(df["region"] == "*", "national", "provincial")
    df["distribution"] = "normal"
    df["note"] = None
    return df


DEMO_CONFIG = {
    "name": "demoland",
    "party": "Demoland (synthetic)",
    "party_code": "DML",
    "synthetic": True,
    "regions": [{"code": c, "name": n} for c, n, _ in DEMO_REGIONS],
    "years": [2005, 2023],
    "base_year": 2005,
    "gwp": "AR5GWP100",
    "tiers": {"1.A": 1, "1.A.1.a": 2},
    "inputs": [{"file": "data/demoland.xlsx"}],
}


def write_demo(root: Path | str, created: dt.datetime | None = None) -> Path:
    """Write the Demoland project folder (inventory.yml + the filled Excel template)."""
    from inventory.io.template import FIXED_CREATED, write_template
    from inventory.project import load_config

    root = Path(root)
    (root / "data").mkdir(parents=True, exist_ok=True)
    with atomic_path(root / "inventory.yml") as tmp:
        header = ("# Demoland: SYNTHETIC demo inventory (not a real country).\n"
                  "# Generated by `python -m inventory.demo`; edit the generator, not this file.\n")
        tmp.write_text(header + yaml.safe_dump(DEMO_CONFIG, sort_keys=False), encoding="utf-8")
    project = load_config(root)
    write_template(root / "data" / "demoland.xlsx", project, demo_activity(), demo_parameters(),
                   created=created or FIXED_CREATED)
    return root


def benchmark_activity(n_regions: int = 31, first_year: int = 1990, last_year: int = 2024,
                       seed: int = 7) -> tuple[pd.DataFrame, list[tuple[str, str, float]]]:
    """The large synthetic inventory: every demo stream plus every fuel of Table 1.4 in every
    1.A leaf sub-sector the demo uses (TJ), for ``n_regions`` regions."""
    from sectors.energy.fuels import fuels

    regions = [(f"R{i:02d}", f"Region {i}", 1.0 / n_regions) for i in range(n_regions)]
    cats = sorted({s.category for s in DEMO_STREAMS} | {"1.A.2.b", "1.A.2.d", "1.A.2.e",
                                                        "1.A.2.h", "1.A.2.i", "1.A.2.j",
                                                        "1.A.2.k", "1.A.2.l"})
    stationary = [c for c in cats if not c.startswith("1.A.3")]
    extra = tuple(Stream(c, f, "TJ", 2_000.0, 0.01, 0.0) for c in stationary
                  for f in fuels().index if f not in {s.fuel for s in DEMO_STREAMS
                                                      if s.category == c})
    act = demo_activity(regions, range(first_year, last_year + 1), DEMO_STREAMS + extra,
                        seed=seed, keyed=())
    return act, regions


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent \
        / "demo" / "demoland"
    print(write_demo(target))
