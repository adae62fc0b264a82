"""Energy part of the synthetic Demoland inventory (SYNTHETIC DATA, not a real country).

About 2,400 PJ of fuel use in 2023, 60 % coal in power; statistics in the physical units offices
report (kt, Mm3, TJ), converted back with IPCC 2006 Vol.2 Ch.1 Table 1.2 NCVs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.demo import Stream, streams_activity

__all__ = ["STREAMS", "KEYED", "DEMO_TIERS", "demo_activity", "demo_parameters"]

# Tier 2 for public electricity and heat: national carbon contents and CH4/N2O factors
DEMO_TIERS = {"1.A": 1, "1.A.1.a": 2}

_NCV = {"other_bituminous_coal": 25.8, "residual_fuel_oil": 40.4, "gas_diesel_oil": 43.0,
        "motor_gasoline": 44.3, "lpg": 47.3, "jet_kerosene": 44.1, "petroleum_coke": 32.5,
        "other_kerosene": 43.8, "coke_oven_coke": 28.2, "lignite": 11.9}
_NG_TJ_PER_MM3 = 38.931


def _s(cat, fuel, unit, base_tj, g1, g2):
    per_unit = {"kt": _NCV.get(fuel), "Mm3": _NG_TJ_PER_MM3, "TJ": 1.0}[unit]
    return Stream(cat, fuel, unit, base_tj / per_unit, g1, g2)


STREAMS: tuple[Stream, ...] = (
    _s("1.A.1.a", "other_bituminous_coal", "kt", 520_000, 0.045, -0.015),
    _s("1.A.1.a", "natural_gas", "Mm3", 60_000, 0.06, 0.07),
    _s("1.A.1.a", "residual_fuel_oil", "kt", 18_000, -0.02, -0.05),
    _s("1.A.1.a", "wood_wood_waste", "TJ", 9_000, 0.05, 0.08),
    _s("1.A.1.b", "refinery_gas", "TJ", 28_000, 0.01, 0.005),
    _s("1.A.1.b", "residual_fuel_oil", "kt", 9_000, 0.0, -0.02),
    _s("1.A.1.c", "coke_oven_gas", "TJ", 12_000, 0.02, -0.01),
    _s("1.A.2.a", "coke_oven_coke", "kt", 45_000, 0.03, -0.02),
    _s("1.A.2.a", "natural_gas", "Mm3", 15_000, 0.04, 0.03),
    _s("1.A.2.c", "natural_gas", "Mm3", 38_000, 0.05, 0.03),
    _s("1.A.2.c", "lpg", "kt", 6_000, 0.02, 0.01),
    _s("1.A.2.f", "other_bituminous_coal", "kt", 70_000, 0.05, -0.02),
    _s("1.A.2.f", "petroleum_coke", "kt", 22_000, 0.06, 0.0),
    _s("1.A.2.f", "natural_gas", "Mm3", 12_000, 0.04, 0.05),
    _s("1.A.2.m", "gas_diesel_oil", "kt", 25_000, 0.01, -0.01),
    _s("1.A.2.m", "natural_gas", "Mm3", 20_000, 0.03, 0.03),
    _s("1.A.3.a.ii", "jet_kerosene", "kt", 14_000, 0.06, 0.04),
    _s("1.A.3.b.i", "motor_gasoline", "kt", 150_000, 0.05, 0.02),
    _s("1.A.3.b.i", "lpg", "kt", 8_000, 0.03, -0.03),
    _s("1.A.3.b.iii", "gas_diesel_oil", "kt", 170_000, 0.045, 0.015),
    _s("1.A.3.b.iii", "natural_gas", "Mm3", 2_000, 0.15, 0.10),
    _s("1.A.3.b.iv", "motor_gasoline", "kt", 12_000, 0.03, -0.02),
    _s("1.A.3.c", "gas_diesel_oil", "kt", 9_000, -0.01, -0.03),
    _s("1.A.3.d.ii", "gas_diesel_oil", "kt", 7_000, 0.01, 0.0),
    _s("1.A.3.d.ii", "residual_fuel_oil", "kt", 4_000, 0.0, -0.01),
    _s("1.A.4.a", "natural_gas", "Mm3", 30_000, 0.05, 0.04),
    _s("1.A.4.a", "gas_diesel_oil", "kt", 12_000, -0.01, -0.04),
    _s("1.A.4.b", "natural_gas", "Mm3", 55_000, 0.06, 0.04),
    _s("1.A.4.b", "lpg", "kt", 24_000, 0.02, -0.01),
    _s("1.A.4.b", "other_bituminous_coal", "kt", 40_000, -0.02, -0.08),
    _s("1.A.4.b", "other_kerosene", "kt", 5_000, -0.03, -0.05),
    _s("1.A.4.b", "wood_wood_waste", "TJ", 60_000, -0.01, -0.02),
    _s("1.A.4.c.i", "gas_diesel_oil", "kt", 6_000, 0.0, -0.01),
    _s("1.A.4.c.ii", "gas_diesel_oil", "kt", 18_000, 0.01, 0.0),
    _s("1.A.4.c.iii", "gas_diesel_oil", "kt", 5_000, -0.02, -0.02),
)

# (category, fuel, key, why): rows reported with a notation key in every region
KEYED = (
    ("1.A.1.a", "peat", "NO", "no peat is burnt in Demoland"),
    ("1.A.5.a", "natural_gas", "IE", "included in 1.A.4.a (commercial/institutional)"),
    ("1.A.5.b", "gas_diesel_oil", "IE", "military fuel use included in 1.A.3.b.iii"),
    ("1.A.1.c", "lignite", "NE", "briquetting plants, not surveyed (insignificant)"),
)
SOURCE = "Demoland Bureau of Statistics energy balance (synthetic)"


def demo_activity(regions, years, rng: np.random.Generator) -> pd.DataFrame:
    return streams_activity(STREAMS, regions, years, rng, SOURCE, KEYED, key_unit="TJ")


def demo_parameters() -> pd.DataFrame:
    """Country-specific parameters (synthetic, of realistic size)."""
    src = "Demoland national energy statistics office, fuel quality survey (synthetic)"
    campaign = "Demoland power plant measurement campaign 2012 (synthetic)"
    rows = [
        # parameter, category, activity, gas, region, value, unit, lower, upper, source
        ("NCV_volume", "*", "natural_gas", "-", "*", 38.931, "TJ/Mm3", 38.2, 39.6,
         "Demoland natural gas NCV 38,931 kJ/m3 as in GB/T 2589-2020 (synthetic use)"),
        ("NCV", "*", "other_bituminous_coal", "-", "*", 23.6, "TJ/kt", 21.0, 26.0, src),
        ("NCV", "*", "other_bituminous_coal", "-", "NTH", 22.4, "TJ/kt", 20.5, 24.3,
         "Northland provincial coal quality survey (synthetic)"),
        ("carbon_content", "1.A.1.a", "other_bituminous_coal", "-", "*", 26.18, "t/TJ", 25.4,
         27.0, src),
        ("oxidation", "1.A.1.a", "other_bituminous_coal", "-", "*", 0.98, "fraction", 0.96,
         0.99, src),
        ("EF", "1.A.1.a", "natural_gas", "CO2", "*", 55_800, "kg/TJ", 55_000, 56_600, src),
        ("EF", "1.A.1.a", "residual_fuel_oil", "CO2", "*", 77_100, "kg/TJ", 75_800, 78_400,
         src),
        ("EF", "1.A.1.a", "wood_wood_waste", "CO2", "*", 110_000, "kg/TJ", 95_000, 125_000,
         src),
    ]
    for fuel, ch4, n2o in (("other_bituminous_coal", 0.9, 1.6), ("natural_gas", 1.1, 0.1),
                           ("residual_fuel_oil", 2.8, 0.5), ("wood_wood_waste", 28.0, 3.8)):
        rows.append(("EF", "1.A.1.a", fuel, "CH4", "*", ch4, "kg/TJ", ch4 * 0.5, ch4 * 2,
                     campaign))
        rows.append(("EF", "1.A.1.a", fuel, "N2O", "*", n2o, "kg/TJ", n2o * 0.5, n2o * 2,
                     campaign))
    cols = ["parameter", "category", "activity", "gas", "region", "value", "unit", "lower",
            "upper", "source"]
    df = pd.DataFrame(rows, columns=cols)
    df["layer"] = np.where(df["region"] == "*", "national", "provincial")
    return df
