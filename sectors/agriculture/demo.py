"""Agriculture part of the synthetic Demoland inventory (SYNTHETIC DATA, not a real country).

An Asian middle-income country in a warm temperate climate (17 deg C annual average): about
0.56 million dairy cows, 2.6 million other cattle and 0.94 million buffalo characterised for
Tier 2, small ruminants, swine and poultry (broilers from days alive and animals produced,
Eq. 10.1); about 170 kt of synthetic N, 0.66 million ha of rice in five water regimes, some field
burning of crop residues (declining after a 2013 burning ban), lime, urea and calcium ammonium
nitrate (levels set so that agriculture is ~7 % of the gross total, issue 14).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.demo import Stream, streams_activity

__all__ = ["STREAMS", "PER_HEAD", "SHARES", "KEYED", "DEMO_TIERS", "DEMO_OPTIONS",
           "demo_activity", "demo_parameters"]

DEMO_TIERS = {"3.A.1.a": 2, "3.A.1.b": 2, "3.A.2.a": 2, "3.A.2.b": 2, "3.C.1.c": 2, "3.C.6": 2,
              "3.C.8": 2}
DEMO_OPTIONS = {"ipcc_region": "asia", "development": "developing",
                "mean_annual_temperature": 17, "leaching": True, "rice_region": "east_asia",
                "rice_preseason": "nonflooded_lt180"}
SOURCE = "Demoland Bureau of Statistics agricultural census and crop survey (synthetic)"

# national totals in the first year, growth before/after 2013
STREAMS: tuple[Stream, ...] = (
    Stream("3.A.1.a.i", "dairy_cattle", "head", 564_000, 0.025, 0.015),
    Stream("3.A.1.a.ii", "other_cattle", "head", 2_585_000, -0.004, -0.008),
    Stream("3.A.1.b", "buffalo", "head", 940_000, -0.015, -0.02),
    Stream("3.A.1.c", "sheep", "head", 1_410_000, 0.01, 0.0),
    Stream("3.A.1.d", "goats", "head", 2_115_000, 0.015, 0.01),
    Stream("3.A.1.f", "horses", "head", 141_000, -0.03, -0.03),
    Stream("3.A.1.g", "mules_asses", "head", 94_000, -0.04, -0.04),
    Stream("3.A.1.h", "swine", "head", 4_230_000, 0.03, 0.01),
    Stream("3.A.2.i", "poultry_layers", "head", 28_200_000, 0.03, 0.02),
    Stream("3.A.2.i", "broilers:produced", "head", 188_000_000, 0.05, 0.03),
    Stream("3.C.4", "synthetic_fertiliser", "t", 141_000, 0.02, -0.01),
    Stream("3.C.4", "synthetic_fertiliser_flooded_rice", "t", 28_200, 0.01, -0.01),
    Stream("3.C.4", "sewage_sludge", "t", 1_410, 0.04, 0.03),
    Stream("3.C.4", "compost", "t", 3_760, 0.05, 0.04),
    Stream("3.C.4", "other_organic", "t", 940, 0.0, 0.0),
    Stream("3.C.4", "soil_carbon_loss", "t", 70_500, -0.01, -0.02),
    Stream("3.C.4", "organic_soils_temperate", "ha", 18_800, -0.005, -0.005),
    Stream("3.C.4", "maize:production", "t", 2_820_000, 0.03, 0.02),
    Stream("3.C.4", "maize:area", "ha", 517_000, 0.01, 0.005),
    Stream("3.C.4", "wheat:production", "t", 2_115_000, 0.01, 0.01),
    Stream("3.C.4", "wheat:area", "ha", 470_000, -0.005, -0.005),
    Stream("3.C.4", "rice:production", "t", 3_290_000, 0.012, 0.008),
    Stream("3.C.4", "rice:area", "ha", 658_000, 0.0, -0.003),
    Stream("3.C.4", "barley:production", "t", 282_000, 0.0, -0.01),
    Stream("3.C.4", "barley:area", "ha", 94_000, -0.01, -0.01),
    Stream("3.C.4", "soyabean:production", "t", 423_000, 0.04, 0.03),
    Stream("3.C.4", "soyabean:area", "ha", 211_500, 0.03, 0.02),
    Stream("3.C.4", "potato:production", "t", 1_410_000, 0.02, 0.015),
    Stream("3.C.4", "potato:area", "ha", 70_500, 0.01, 0.005),
    Stream("3.C.1.b", "wheat", "ha", 37_600, 0.0, -0.08),
    Stream("3.C.1.b", "maize", "ha", 18_800, 0.0, -0.08),
    Stream("3.C.1.b", "rice", "ha", 56_400, 0.01, -0.10),
    Stream("3.C.1.c", "grassland", "ha", 11_750, 0.0, -0.02),
    Stream("3.C.7", "irrigated_continuously_flooded", "ha", 282_000, -0.01, -0.02),
    Stream("3.C.7", "irrigated_single_drainage", "ha", 188_000, 0.01, 0.02),
    Stream("3.C.7", "irrigated_multiple_drainage", "ha", 70_500, 0.02, 0.03),
    Stream("3.C.7", "rainfed_regular", "ha", 94_000, -0.01, -0.01),
    Stream("3.C.7", "rainfed_drought_prone", "ha", 23_500, -0.01, -0.01),
    Stream("3.C.2", "limestone", "t", 84_600, 0.01, -0.01),
    Stream("3.C.2", "dolomite", "t", 28_200, 0.0, 0.0),
    Stream("3.C.3", "urea", "t", 235_000, 0.02, -0.01),
    Stream("3.C.8", "calcium_ammonium_nitrate", "t", 56_400, 0.01, 0.0),
)

# per-head and per-hectare characteristics: (category, activity, unit, value in the first year,
# annual growth); the same in every region up to a +-3 % regional level
PER_HEAD: tuple[tuple[str, str, str, float, float], ...] = (
    ("3.A.1.a.i", "dairy_cattle:weight", "kg", 450, 0.004),
    ("3.A.1.a.i", "dairy_cattle:milk", "kg/d", 9.0, 0.025),
    ("3.A.1.a.i", "dairy_cattle:fat", "%", 3.8, 0.0),
    ("3.A.1.a.i", "dairy_cattle:pregnant", "%", 80, 0.0),
    ("3.A.1.a.i", "dairy_cattle:de", "%", 64, 0.002),
    ("3.A.1.a.i", "dairy_cattle:ca", "fraction", 0.0, 0.0),
    ("3.A.1.a.i", "dairy_cattle:cp", "%", 15, 0.002),
    ("3.A.1.a.ii", "other_cattle:weight", "kg", 300, 0.003),
    ("3.A.1.a.ii", "other_cattle:mature_weight", "kg", 450, 0.002),
    ("3.A.1.a.ii", "other_cattle:weight_gain", "kg/d", 0.30, 0.005),
    ("3.A.1.a.ii", "other_cattle:work", "h/d", 0.5, -0.04),
    ("3.A.1.a.ii", "other_cattle:pregnant", "%", 30, 0.0),
    ("3.A.1.a.ii", "other_cattle:de", "%", 58, 0.002),
    ("3.A.1.a.ii", "other_cattle:ca", "fraction", 0.17, 0.0),
    ("3.A.1.a.ii", "other_cattle:cp", "%", 10, 0.003),
    ("3.A.1.b", "buffalo:weight", "kg", 400, 0.002),
    ("3.A.1.b", "buffalo:mature_weight", "kg", 500, 0.0),
    ("3.A.1.b", "buffalo:weight_gain", "kg/d", 0.20, 0.0),
    ("3.A.1.b", "buffalo:milk", "kg/d", 2.5, 0.02),
    ("3.A.1.b", "buffalo:fat", "%", 7.0, 0.0),
    ("3.A.1.b", "buffalo:work", "h/d", 1.0, -0.05),
    ("3.A.1.b", "buffalo:pregnant", "%", 40, 0.0),
    ("3.A.1.b", "buffalo:de", "%", 60, 0.001),
    ("3.A.1.b", "buffalo:ca", "fraction", 0.17, 0.0),
    ("3.A.1.b", "buffalo:cp", "%", 9, 0.002),
    ("3.A.2.i", "broilers:days_alive", "d", 50, -0.01),
    # live weights where the 2006 Annex 10A.2 typical animal mass is not shipped (unverified)
    ("3.A.1.h", "swine:weight", "kg", 45, 0.005),
    ("3.A.2.i", "poultry_layers:weight", "kg", 1.6, 0.003),
    ("3.A.2.i", "broilers:weight", "kg", 1.0, 0.004),
    ("3.C.4", "maize:frac_removed", "fraction", 0.30, 0.0),
    ("3.C.4", "wheat:frac_removed", "fraction", 0.40, 0.0),
    ("3.C.4", "rice:frac_removed", "fraction", 0.20, 0.0),
    ("3.C.7", "irrigated_continuously_flooded:days", "d", 120, 0.0),
    ("3.C.7", "irrigated_single_drainage:days", "d", 115, 0.0),
    ("3.C.7", "irrigated_multiple_drainage:days", "d", 110, 0.0),
    ("3.C.7", "rainfed_regular:days", "d", 130, 0.0),
    ("3.C.7", "rainfed_drought_prone:days", "d", 120, 0.0),
    ("3.C.7", "irrigated_continuously_flooded:straw_short", "t/ha", 2.0, -0.02),
    ("3.C.7", "irrigated_single_drainage:farmyard_manure", "t/ha", 1.5, -0.01),
)

# manure management system shares [%] in the first and the last year (linear in between)
SHARES: dict[tuple[str, str], dict[str, tuple[float, float]]] = {
    ("3.A.2.a.i", "dairy_cattle"): {
        "liquid_slurry": (20, 32), "uncovered_anaerobic_lagoon": (5, 3),
        "solid_storage": (35, 33), "dry_lot": (10, 8), "daily_spread": (12, 10),
        "pasture_range_paddock": (18, 14)},
    ("3.A.2.a.ii", "other_cattle"): {
        "pasture_range_paddock": (45, 40), "solid_storage": (25, 30), "dry_lot": (15, 15),
        "daily_spread": (10, 12), "burned_for_fuel": (5, 3)},
    ("3.A.2.b", "buffalo"): {
        "pasture_range_paddock": (40, 38), "solid_storage": (30, 35), "daily_spread": (15, 15),
        "burned_for_fuel": (15, 12)},
    ("3.A.2.c", "sheep"): {"pasture_range_paddock": (80, 80), "solid_storage": (20, 20)},
    ("3.A.2.d", "goats"): {"pasture_range_paddock": (75, 75), "solid_storage": (25, 25)},
    ("3.A.2.f", "horses"): {"pasture_range_paddock": (70, 70), "solid_storage": (30, 30)},
    ("3.A.2.g", "mules_asses"): {"pasture_range_paddock": (85, 85), "solid_storage": (15, 15)},
    ("3.A.2.h", "swine"): {"liquid_slurry": (35, 45), "uncovered_anaerobic_lagoon": (10, 8),
                           "solid_storage": (45, 37), "daily_spread": (10, 10)},
    ("3.A.2.i", "poultry_layers"): {"poultry_without_litter": (60, 70),
                                    "poultry_with_litter": (40, 30)},
    ("3.A.2.i", "broilers"): {"poultry_with_litter": (100, 100)},
}

KEYED = (
    ("3.A.1.e", "camels", "NO", "no camels are kept in Demoland"),
    ("3.A.1.j", "deer", "NO", "no farmed deer in Demoland"),
    ("3.C.4", "organic_soils_tropical", "NO", "Demoland has no tropical organic soils"),
    ("3.C.7", "deep_water", "NO", "no deep-water rice in Demoland"),
)


def _per_head(regions, years, rng: np.random.Generator) -> pd.DataFrame:
    """Characteristics per head (not split by region share), vectorised over regions/years."""
    years = np.asarray(list(years))
    codes = np.array([r[0] for r in regions])
    n_r, n_y = len(codes), len(years)
    frames = []
    for cat, act, unit, base, growth in PER_HEAD:
        level = rng.uniform(0.97, 1.03, n_r)
        trend = (1 + growth) ** (years - years[0])
        value = np.round(base * level[:, None] * trend[None, :], 3)
        frames.append(pd.DataFrame({
            "region": np.repeat(codes, n_y), "year": np.tile(years, n_r), "category": cat,
            "activity": act, "value": value.ravel(), "unit": unit, "notation_key": None,
            "source": "Demoland livestock and crop survey (synthetic)", "note": None}))
    return pd.concat(frames, ignore_index=True)


def _shares(regions, years) -> pd.DataFrame:
    """System shares [%], linear from the first to the last year, summing to 100 exactly."""
    years = np.asarray(list(years))
    codes = np.array([r[0] for r in regions])
    w = (years - years[0]) / max(1, years[-1] - years[0])
    frames = []
    for (cat, animal), systems in SHARES.items():
        names = list(systems)
        first = np.array([systems[s][0] for s in names], dtype=float)
        last = np.array([systems[s][1] for s in names], dtype=float)
        sh = np.round(first[None, :] * (1 - w[:, None]) + last[None, :] * w[:, None], 1)
        sh[:, -1] = np.round(100.0 - sh[:, :-1].sum(axis=1), 1)
        for j, s in enumerate(names):
            frames.append(pd.DataFrame({
                "region": np.repeat(codes, len(years)), "year": np.tile(years, len(codes)),
                "category": cat, "activity": f"{animal}:{s}",
                "value": np.tile(sh[:, j], len(codes)), "unit": "%", "notation_key": None,
                "source": "Demoland manure management survey (synthetic)", "note": None}))
    return pd.concat(frames, ignore_index=True)


def demo_activity(regions, years, rng: np.random.Generator) -> pd.DataFrame:
    streams = streams_activity(STREAMS, regions, years, rng, SOURCE, KEYED, key_unit="head")
    keyed = streams["notation_key"].notna()
    units = {"3.C.4": "ha", "3.C.7": "ha"}
    streams.loc[keyed, "unit"] = streams.loc[keyed, "category"].map(units).fillna("head")
    return pd.concat([streams, _per_head(regions, years, rng), _shares(regions, years)],
                     ignore_index=True)


def demo_parameters() -> pd.DataFrame:
    """Country-specific parameters (synthetic, of realistic size)."""
    rows = [
        ("EF_C", "3.C.8", "calcium_ammonium_nitrate", "CO2", "*", 0.026, "t/t", 0.022, 0.030,
         "Demoland fertiliser registry: CAN with 22 % CaCO3 (synthetic)"),
        ("Frac_LeachMS", "3.A.2", "*", "-", "*", 2.0, "%", 1.0, 4.0,
         "Demoland manure storage survey: leaching from stores (synthetic)"),
        ("fuel_consumed", "3.C.1.c", "grassland", "-", "*", 3.6, "t/ha", 2.5, 4.8,
         "Demoland fire survey: grassland fuel burnt (synthetic)"),
        # the 2006 Annex 10A.2 Bo of buffalo is not shipped (unconfirmed): a national value
        ("Bo", "3.A.2.b", "buffalo", "-", "*", 0.10, "m3/kg", 0.085, 0.115,
         "Demoland livestock research institute: buffalo manure Bo (synthetic)"),
    ]
    cols = ["parameter", "category", "activity", "gas", "region", "value", "unit", "lower",
            "upper", "source"]
    df = pd.DataFrame(rows, columns=cols)
    df["layer"] = "national"
    return df
