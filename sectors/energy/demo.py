"""Energy part of the synthetic Demoland inventory (SYNTHETIC DATA, not a real country).

About 2,400 PJ of fuel use in 2023, 60 % coal in power; statistics in the physical units offices
report (kt, Mm3, TJ), converted back with IPCC 2006 Vol.2 Ch.1 Table 1.2 NCVs. Besides fuel use
(sheet Energy, with Tier 3 power-plant data in 1.A.1.a and bunkers/multilateral operations) the
demo has an energy balance for the reference approach and electricity trade between provinces
(sheet EnergyBalance), coal mining, oil and gas fugitives and a CCS pilot (sheet Fugitives).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.demo import Stream, streams_activity
from sectors.energy.fuels import fuels

__all__ = ["STREAMS", "MEMO_STREAMS", "SPLITS", "KEYED", "DEMO_TIERS", "DEMO_OPTIONS", "PLANTS",
           "demo_activity",
           "demo_parameters", "benchmark_activity", "benchmark_streams"]

# Public electricity and heat at Tier 3 (power-plant data from the Demoland ETS, the rest at
# Tier 2 with national carbon contents and CH4/N2O factors); multilateral operations and oil and
# gas fugitives at Tier 2 (national factors); coal mining at Tier 1.
DEMO_TIERS = {"1.A": 1, "1.A.1.a": 3, "1.A.3.a.ii": 2, "1.A.3.b.i": 2, "1.A.5.c": 2, "1.B": 1,
              "1.B.2": 2}
# Tier 2 mobile splits: passenger-car gasoline by technology, domestic aviation LTO/cruise
SPLITS = (("1.A.3.b.i", "motor_gasoline", "three_way_catalyst", 0.45, 0.03),
          ("1.A.3.a.ii", "jet_kerosene", "lto", 0.22, 0.0))
DEMO_OPTIONS = {"tier3_residual_tier": {"1.A.1.a": 2}}

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
    _s("1.A.3.e.ii", "gas_diesel_oil", "kt", 4_000, 0.02, 0.01),
    _s("1.A.4.b", "charcoal", "TJ", 3_000, -0.03, -0.04),
)
# memo items: international bunkers and multilateral operations (kept out of STREAMS, which
# the benchmark inventory extends with every fuel in every stationary category it names)
MEMO_STREAMS: tuple[Stream, ...] = (
    _s("1.A.3.a.i", "jet_kerosene", "kt", 38_000, 0.07, 0.05),
    _s("1.A.3.d.i", "residual_fuel_oil", "kt", 21_000, 0.03, 0.01),
    _s("1.A.3.d.i", "gas_diesel_oil", "kt", 4_000, 0.02, 0.02),
    _s("1.A.5.c", "gas_diesel_oil", "kt", 600, 0.0, 0.02),
)

# (category, fuel, key, why): rows reported with a notation key in every region
KEYED = (
    ("1.A.1.a", "peat", "NO", "no peat is burnt in Demoland"),
    ("1.A.5.a", "natural_gas", "IE", "included in 1.A.4.a (commercial/institutional)"),
    ("1.A.5.b", "gas_diesel_oil", "IE", "military fuel use included in 1.A.3.b.iii"),
    ("1.A.1.c", "lignite", "NE", "briquetting plants, not surveyed (insignificant)"),
)
SOURCE = "Demoland Bureau of Statistics energy balance (synthetic)"


PLANTS = (  # (plant id, region, fuel, share of the region's 1.A.1.a fuel use, CO2 verified?)
    ("NTH-PP01", "NTH", "other_bituminous_coal", 0.34, True),
    ("NTH-PP02", "NTH", "other_bituminous_coal", 0.21, True),
    ("STH-PP01", "STH", "other_bituminous_coal", 0.42, True),
    ("EST-PP01", "EST", "natural_gas", 0.30, False),
)
# plant-specific: NCV 21.5 TJ/kt, carbon content 26.3 t C/TJ, oxidation 0.985 (ETS monitoring)
_PLANT_CO2_T_PER_KT = 21.5 * 26.3 * 0.985 * 44 / 12
ETS = "Demoland emissions trading scheme, verified annual emission reports (synthetic)"
BALANCE = "Demoland energy balance (synthetic)"
FUGITIVE = "Demoland coal, oil and gas production statistics (synthetic)"
# (category, fuel-use stream, share of it) -> TJ of the primary fuel in the balance
_COAL_UG, _COAL_SURF = 0.62, 0.38            # underground / surface share of coal production
_CCS_START = 2018


def _tj(act: pd.DataFrame) -> pd.Series:
    per_unit = act["unit"].map({"kt": np.nan, "Mm3": _NG_TJ_PER_MM3, "TJ": 1.0})
    ncv = act["activity"].map(_NCV)
    return act["value"] * per_unit.fillna(ncv)


def _plants(fuel_use: pd.DataFrame) -> pd.DataFrame:
    """Tier 3 rows: each plant a share of its region's 1.A.1.a fuel row (so the plants never
    exceed the statistics), verified CO2 from plant-specific NCV, carbon content, oxidation."""
    frames = []
    for plant, region, fuel, share, verified in PLANTS:
        base = fuel_use[(fuel_use["region"] == region) & (fuel_use["category"] == "1.A.1.a")
                        & (fuel_use["activity"] == fuel)]
        amount = np.round(base["value"].to_numpy() * share, 1)
        rows = base.assign(activity=f"plant:{plant}:{fuel}", value=amount, source=ETS,
                           note="facility fuel use")
        frames.append(rows)
        if verified:
            frames.append(base.assign(
                activity=f"plant:{plant}:{fuel}:CO2", unit="kt", source=ETS,
                value=np.round(amount * _PLANT_CO2_T_PER_KT / 1000, 1),
                note="verified CO2 (kt)"))
    return pd.concat(frames, ignore_index=True)


def _balance(fuel_use: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Energy balance rows (TJ) consistent with the sectoral fuel use up to a statistical
    difference of about +-1.5 %, plus electricity trade (GWh)."""
    tj = fuel_use.assign(tj=_tj(fuel_use))
    memo_cats = ["1.A.3.a.i", "1.A.3.d.i", "1.A.5.c"]      # bunkers, multilateral: not domestic
    fossil = tj[~tj["activity"].isin(["wood_wood_waste", "charcoal"])
                & ~tj["category"].isin(memo_cats)]
    by = fossil.groupby(["region", "year", "activity"])["tj"].sum().unstack(fill_value=0.0)
    liquids = ["residual_fuel_oil", "gas_diesel_oil", "motor_gasoline", "lpg", "jet_kerosene",
               "petroleum_coke", "other_kerosene", "refinery_gas"]
    idx = by.index
    stat = rng.normal(1.0, 0.006, (len(idx), 4))
    rows = []

    def add(fuel, flow, values, unit="TJ"):
        rows.append(pd.DataFrame({"region": idx.get_level_values(0),
                                  "year": idx.get_level_values(1), "activity": f"{fuel}:{flow}",
                                  "value": np.round(np.asarray(values), 1), "unit": unit}))
    liquid_use = by[[c for c in liquids if c in by]].sum(axis=1).to_numpy()
    neu = 0.09 * liquid_use                          # naphtha for petrochemicals (2.B.8)
    crude = liquid_use * stat[:, 0] * 1.004
    add("crude_oil", "production", 0.35 * crude)
    add("crude_oil", "imports", 0.65 * crude)
    add("naphtha", "imports", neu)
    add("naphtha", "nonenergy_use", neu)
    add("bitumen", "imports", 0.03 * liquid_use)
    add("bitumen", "nonenergy_use", 0.03 * liquid_use)
    # coal in kt, as the statistics office reports it (converted with the same national NCV
    # as the sectoral rows)
    coal = (by["other_bituminous_coal"] / _NCV["other_bituminous_coal"]).to_numpy() * stat[:, 1]
    add("other_bituminous_coal", "production", 1.18 * coal, "kt")
    add("other_bituminous_coal", "exports", 0.16 * coal, "kt")
    add("other_bituminous_coal", "stock_increase", 0.02 * coal, "kt")
    coke = (by["coke_oven_coke"] + by["coke_oven_gas"]).to_numpy() * stat[:, 2]
    add("coking_coal", "imports", 1.01 * coke)
    gas = by["natural_gas"].to_numpy() * stat[:, 3]
    add("natural_gas", "production", 0.55 * gas)
    add("natural_gas", "imports", 0.47 * gas)
    add("natural_gas", "stock_increase", 0.02 * gas)
    bal = pd.concat(rows, ignore_index=True)
    bal = bal.assign(category="1.A", notation_key=None, source=BALANCE, note=None)
    # bunkers: the international bunker fuel of the sectoral rows, as a supply flow
    bunk = tj[tj["category"].isin(memo_cats[:2])]
    bunk = bunk.groupby(["region", "year", "activity"], as_index=False)["tj"].sum()
    extra = []
    for fuel in ("jet_kerosene", "residual_fuel_oil", "gas_diesel_oil"):
        b = bunk[bunk["activity"] == fuel]
        for flow in ("imports", "international_bunkers"):
            extra.append(b.assign(activity=f"{fuel}:{flow}", value=np.round(b["tj"], 1)))
    bal = pd.concat([bal, *[e.drop(columns="tj").assign(
        category="1.A", unit="TJ", notation_key=None, source=BALANCE, note=None)
        for e in extra]], ignore_index=True)
    return bal


_ELECTRICITY = {"NTH": ("exports", 21_000), "WST": ("exports", 6_500), "STH": ("imports", 9_000),
                "EST": ("imports", 11_000), "CAP": ("imports", 7_500)}   # GWh in the first year


def _electricity(regions, years, rng) -> pd.DataFrame:
    frames = []
    years = np.asarray(list(years))
    for code, *_ in regions:
        flow, base = _ELECTRICITY.get(code, ("imports", 1_000))
        other = "imports" if flow == "exports" else "exports"
        trend = (1.04 ** (years - years[0])) * rng.normal(1.0, 0.03, len(years))
        for f, v in ((flow, base * trend), (other, 0.08 * base * trend)):
            frames.append(pd.DataFrame({"region": code, "year": years, "category": "1.A",
                                        "activity": f"electricity:{f}",
                                        "value": np.round(v, 1), "unit": "GWh",
                                        "notation_key": None, "source": BALANCE,
                                        "note": "electricity across the province's border"}))
    return pd.concat(frames, ignore_index=True)


FUGITIVE_STREAMS = (
    Stream("1.B.2.a.iii.2", "oil_production", "Mm3", 9.5, 0.01, -0.02),
    Stream("1.B.2.a.iii.4", "oil_refined", "Mm3", 27.0, 0.03, 0.01),
    Stream("1.B.2.a.i", "oil_production", "Mm3", 9.5, 0.01, -0.02),
    Stream("1.B.2.a.ii", "oil_production", "Mm3", 9.5, 0.01, -0.02),
    Stream("1.B.2.b.iii.2", "gas_production", "Mm3", 1_700, 0.05, 0.04),
    Stream("1.B.2.b.iii.3", "gas_processed", "Mm3", 1_700, 0.05, 0.04),
    Stream("1.B.2.b.iii.4", "gas_transmission", "Mm3", 3_100, 0.05, 0.04),
    Stream("1.B.2.b.iii.5", "gas_distribution", "Mm3", 1_900, 0.06, 0.04),
    Stream("1.B.2.b.ii", "gas_production", "Mm3", 1_700, 0.05, 0.04),
    Stream("1.B.1.a.i.1", "ch4_recovered", "Mm3", 55, 0.08, 0.06),
    Stream("1.B.1.a.i.4", "ch4_flared", "Mm3", 8, 0.10, 0.08),
    Stream("1.B.1.a.i.3", "CH4", "kt", 9, 0.02, 0.0),
)
FUGITIVE_KEYED = (
    ("1.B.1.b", "CH4", "NE", "uncontrolled combustion in coal dumps: no method/data"),
    ("1.B.1.c", "CH4", "IE", "coke ovens: included in 2.C.1 iron and steel"),
    ("1.B.2.b.i", "CH4", "IE", "gas venting included in 1.B.2.b.iii.2 production"),
)


def _fugitives(fuel_use, regions, years, rng) -> pd.DataFrame:
    fug = streams_activity(FUGITIVE_STREAMS, regions, years, rng, FUGITIVE, FUGITIVE_KEYED,
                           key_unit="kt")
    # coal production (kt) from the balance's coal production, split underground/surface
    coal = fuel_use[fuel_use["activity"] == "other_bituminous_coal"]
    coal = coal.groupby(["region", "year"], as_index=False)["value"].sum()
    prod = coal["value"] * 1.18
    frames = [fug]
    for cat, share in (("1.B.1.a.i.1", _COAL_UG), ("1.B.1.a.i.2", _COAL_UG),
                       ("1.B.1.a.ii.1", _COAL_SURF), ("1.B.1.a.ii.2", _COAL_SURF)):
        frames.append(coal.assign(category=cat, activity="coal_production",
                                  value=np.round(prod * share, 1), unit="kt", notation_key=None,
                                  source=FUGITIVE, note=None))
    # CCS pilot in Northland from 2018: captured, transported, injected, measured leakage
    ys = np.asarray(list(years))
    codes = [r[0] for r in regions]
    ccs = []
    for code in codes:
        op = (ys >= _CCS_START) & (code == "NTH")
        amount = np.where(op, np.round(380 * 1.05 ** np.maximum(ys - _CCS_START, 0)
                                       * rng.normal(1, 0.02, len(ys)), 1), np.nan)
        key = np.where(op, None, "NO")
        for cat, act, factor in (("1.C", "co2_captured:domestic_storage", 1.0),
                                 ("1.C", "co2_captured:export", np.nan),
                                 ("1.C.1.a", "co2_transported", 1.0),
                                 ("1.C.1.a", "CO2", 0.0006),
                                 ("1.C.2.a", "co2_injected", 0.998),
                                 ("1.C.2.a", "CO2", 0.0004),
                                 ("1.C.2.b", "CO2", np.nan)):
            val = np.round(amount * factor, 3) if np.isfinite(factor) else np.full(len(ys),
                                                                                   np.nan)
            k = key if np.isfinite(factor) else np.full(len(ys), "NO", dtype=object)
            ccs.append(pd.DataFrame({"region": code, "year": ys, "category": cat,
                                     "activity": act, "value": val, "unit": "kt",
                                     "notation_key": k, "source": "Demoland CCS pilot operator "
                                     "monitoring reports (synthetic)", "note": None}))
    frames += ccs
    return pd.concat(frames, ignore_index=True)


def _splits(fuel_use: pd.DataFrame) -> pd.DataFrame:
    """Technology / flight-phase rows: a growing share of the fuel row (catalyst cars) or a
    fixed share (fuel burnt in landing/take-off cycles)."""
    frames = []
    for cat, fuel, part, share, growth in SPLITS:
        base = fuel_use[(fuel_use["category"] == cat) & (fuel_use["activity"] == fuel)]
        frac = np.minimum(share * (1 + growth) ** (base["year"] - base["year"].min()), 0.95)
        frames.append(base.assign(activity=f"{fuel}:{part}",
                                  value=np.round(base["value"] * frac, 1),
                                  note="share of the fuel row"))
    return pd.concat(frames, ignore_index=True)


def demo_activity(regions, years, rng: np.random.Generator) -> pd.DataFrame:
    fuel_use = streams_activity(STREAMS + MEMO_STREAMS, regions, years, rng, SOURCE, KEYED,
                                key_unit="TJ")
    numeric = fuel_use[fuel_use["value"].notna()]
    return pd.concat([fuel_use, _plants(numeric), _splits(numeric), _balance(numeric, rng),
                      _electricity(regions, years, rng),
                      _fugitives(numeric, regions, years, rng)], ignore_index=True)


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
    grid = "Demoland grid operator, average CO2 factor of grid electricity (synthetic)"
    rows += [
        ("EF", "1.A.1.a", "plant:EST-PP01:natural_gas", "CO2", "*", 56_300, "kg/TJ", 55_900,
         56_700, "EST-PP01 gas analysis, ETS monitoring plan (synthetic)"),
        ("EF", "1.A.5.c", "gas_diesel_oil", "CO2", "*", 74_100, "kg/TJ", 72_600, 74_800,
         "Demoland defence ministry fuel statistics, IPCC Table 1.4 value (synthetic)"),
        ("EF", "1.A.5.c", "gas_diesel_oil", "CH4", "*", 3.9, "kg/TJ", 1.6, 9.5,
         "Demoland defence ministry fuel statistics (synthetic)"),
        ("EF", "1.A.5.c", "gas_diesel_oil", "N2O", "*", 3.9, "kg/TJ", 1.3, 12,
         "Demoland defence ministry fuel statistics (synthetic)"),
    ]
    road = "Demoland vehicle emission test programme (synthetic)"
    air = "Demoland civil aviation authority LTO/cruise study (synthetic)"
    for cat, act, gas, v, src in (
            ("1.A.3.b", "motor_gasoline", "CO2", 69_300, road),
            ("1.A.3.b", "motor_gasoline", "CH4", 33.0, road),
            ("1.A.3.b", "motor_gasoline", "N2O", 3.2, road),
            ("1.A.3.b", "motor_gasoline:three_way_catalyst", "CH4", 9.5, road),
            ("1.A.3.b", "motor_gasoline:three_way_catalyst", "N2O", 6.1, road),
            ("1.A.3.b", "lpg", "CO2", 63_100, road),
            ("1.A.3.b", "lpg", "CH4", 62.0, road),
            ("1.A.3.b", "lpg", "N2O", 0.2, road),
            ("1.A.3.a", "jet_kerosene", "CO2", 71_500, air),
            ("1.A.3.a", "jet_kerosene", "CH4", 0.1, air),
            ("1.A.3.a", "jet_kerosene", "N2O", 2.0, air),
            ("1.A.3.a", "jet_kerosene:lto", "CH4", 2.6, air),
            ("1.A.3.a", "jet_kerosene:lto", "N2O", 2.1, air)):
        rows.append(("EF", cat, act, gas, "*", v, "kg/TJ", v * 0.6, v * 1.6, src))
    og = "Demoland national oil and gas measurement programme (synthetic)"
    for cat, act, gas, v in (
            ("1.B.2.a.iii.2", "oil_production", "CH4", 2.2),
            ("1.B.2.a.iii.2", "oil_production", "CO2", 0.29),
            ("1.B.2.a.iii.4", "oil_refined", "CH4", 0.021),
            ("1.B.2.a.i", "oil_production", "CH4", 1.2),
            ("1.B.2.a.i", "oil_production", "CO2", 0.095),
            ("1.B.2.a.ii", "oil_production", "CO2", 41.0),
            ("1.B.2.a.ii", "oil_production", "CH4", 0.025),
            ("1.B.2.a.ii", "oil_production", "N2O", 6.4e-4),
            ("1.B.2.b.iii.2", "gas_production", "CH4", 2.8e-3),
            ("1.B.2.b.iii.2", "gas_production", "CO2", 9.0e-5),
            ("1.B.2.b.iii.3", "gas_processed", "CH4", 5.2e-4),
            ("1.B.2.b.iii.3", "gas_processed", "CO2", 4.0e-2),
            ("1.B.2.b.iii.4", "gas_transmission", "CH4", 7.0e-4),
            ("1.B.2.b.iii.5", "gas_distribution", "CH4", 1.3e-3),
            ("1.B.2.b.ii", "gas_production", "CO2", 1.4e-3),
            ("1.B.2.b.ii", "gas_production", "CH4", 8.0e-7)):
        rows.append(("EF", cat, act, gas, "*", v, "kt/Mm3", v * 0.5, v * 2, og))
    for region, value in (("*", 0.74), ("NTH", 0.86), ("WST", 0.42)):
        rows.append(("grid_EF", "*", "electricity", "CO2", region, value, "t/MWh",
                     value * 0.95, value * 1.05, grid))
    for fuel, ch4, n2o in (("other_bituminous_coal", 0.9, 1.6), ("natural_gas", 1.1, 0.1),
                           ("residual_fuel_oil", 2.8, 0.5), ("wood_wood_waste", 28.0, 3.8)):
        rows.append(("EF", "1.A.1.a", fuel, "CH4", "*", ch4, "kg/TJ", ch4 * 0.5, ch4 * 2,
                     campaign))
        rows.append(("EF", "1.A.1.a", fuel, "N2O", "*", n2o, "kg/TJ", n2o * 0.5, n2o * 2,
                     campaign))
    cols = ["parameter", "category", "activity", "gas", "region", "value", "unit", "lower",
            "upper", "source"]
    df = pd.DataFrame(rows, columns=cols)
    df["layer"] = np.where(df["activity"].str.startswith("plant:"), "plant",
                           np.where(df["region"] == "*", "national", "provincial"))
    return df


def benchmark_streams() -> tuple[Stream, ...]:
    """The category/fuel pairs of the large synthetic inventories (965 streams): the demo's
    streams plus every fuel of Table 1.4 in every stationary 1.A sub-sector the demo uses
    (2,000 TJ in the first year, +1 % a year). Shared by :func:`benchmark_activity` and the
    county-scale generator (``ghgi scale generate``)."""
    cats = sorted({s.category for s in STREAMS} | {
        "1.A.2.b", "1.A.2.d", "1.A.2.e", "1.A.2.h", "1.A.2.i", "1.A.2.j", "1.A.2.k", "1.A.2.l"})
    mobile = ("1.A.3", "1.A.4.c.ii", "1.A.4.c.iii", "1.A.5.b")
    stationary = [c for c in cats if not c.startswith(mobile)]
    taken = {(s.category, s.activity) for s in STREAMS}
    extra = tuple(Stream(c, f, "TJ", 2_000.0, 0.01, 0.0) for c in stationary
                  for f in fuels().index if (c, f) not in taken)
    return STREAMS + extra


def benchmark_activity(n_regions: int = 31, first_year: int = 1990, last_year: int = 2024,
                       seed: int = 7) -> tuple[pd.DataFrame, list[tuple[str, str, float]]]:
    """The large synthetic energy inventory: :func:`benchmark_streams` for ``n_regions``
    regions."""
    regions = [(f"R{i:02d}", f"Region {i}", 1.0 / n_regions) for i in range(n_regions)]
    act = streams_activity(benchmark_streams(), regions, range(first_year, last_year + 1),
                           np.random.default_rng(seed), "benchmark (synthetic)")
    return act, regions
