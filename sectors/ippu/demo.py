"""IPPU part of the synthetic Demoland inventory (SYNTHETIC DATA, not a real country).

A middle-income industrial economy: ~13 Mt clinker, ~2.6 Mt crude steel, 0.6 Mt ammonia, 0.5 Mt
primary aluminium in 2005, growing; HFC use in refrigeration and air conditioning rising since
the 2000s (levels set so that IPPU is ~15 % of the gross total, issue 14). Every IPPU category
the methods cover has data (or a notation key), so the CRT sheets Table2(I)-Table2(II)B-Hs2 are
filled. F-gas quantities are in tonnes as statistics
offices report them; the rest in kt (TJ for lubricants and waxes, ha of substrate for
electronics).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.demo import DEMO_REGIONS, Stream, streams_activity

__all__ = ["STREAMS", "KEYED", "DEMO_TIERS", "demo_activity", "demo_parameters"]

# Tier 2 for cement (clinker with national CaO content), adipic acid (plant abatement data) and
# aluminium PFCs (slope method with national anode-effect minutes; aluminium CO2 stays at Tier 1
# with the Table 4.10 factor); Tier 1 elsewhere. Fire protection (2.F.3) and switchgear (2.G.1)
# use national bank parameters (IPCC 2006 gives no Table 7.9 defaults for them): Tier 2. Solvent
# NMVOC in 2.D.3 has a national factor (no IPCC default) and the urea catalysts' CO2 a national
# purity (the 2006 default is not shipped, see the default table's header): Tier 2. The 'other'
# rows without an IPCC default method (2.B.10, 2.C.7, 2.E.4-5, 2.F.6, 2.G.2.b-c, 2.G.4, 2.H)
# take country-specific factors: Tier 2.
DEMO_TIERS = {"2": 1, "2.A.1": 2, "2.B.3": 2, "2.C.3": {"*": 2, "CO2": 1}, "2.D.3": 2,
              "2.F.3": 2, "2.G.1": 2, "2.B.10": 2, "2.C.7": 2, "2.E.4": 2, "2.E.5": 2, "2.F.6": 2,
              "2.G.2.b": 2, "2.G.2.c": 2, "2.G.4": 2, "2.H": 2}

S = Stream
STREAMS: tuple[Stream, ...] = (
    S("2.A.1", "clinker", "kt", 12_600, 0.05, 0.01),
    S("2.A.2", "lime", "kt", 1_800, 0.03, 0.0),
    S("2.A.3", "glass", "kt", 375, 0.04, 0.02),
    S("2.A.4.a", "carbonate:calcite", "kt", 75, 0.03, 0.01),
    S("2.A.4.b", "carbonate:sodium_carbonate", "kt", 38, 0.02, 0.0),
    S("2.A.4.c", "carbonate:magnesite", "kt", 20, 0.02, -0.01),
    S("2.B.1", "ammonia", "kt", 600, 0.02, 0.0),
    S("2.B.1", "co2_recovered_urea", "kt", 240, 0.02, 0.0),
    S("2.B.2", "nitric_acid:medium_pressure", "kt", 225, 0.02, -0.04),
    S("2.B.2", "nitric_acid:nscr", "kt", 75, 0.03, 0.08),
    S("2.B.3", "adipic_acid:thermal_destruction", "kt", 38, 0.03, 0.01),
    S("2.B.4", "caprolactam", "kt", 50, 0.04, 0.02),
    S("2.B.5", "calcium_carbide", "kt", 100, 0.03, -0.02),
    S("2.B.5", "silicon_carbide", "kt", 15, 0.02, 0.0),
    S("2.B.6", "rutile_tio2", "kt", 25, 0.05, 0.02),
    S("2.B.8.a", "methanol", "kt", 450, 0.06, 0.03),
    S("2.B.8.b", "ethylene:naphtha", "kt", 360, 0.04, 0.01),
    S("2.B.8.b", "ethylene:ethane", "kt", 120, 0.08, 0.05),
    S("2.B.8.c", "edc", "kt", 150, 0.04, 0.02),
    S("2.B.8.d", "ethylene_oxide", "kt", 90, 0.05, 0.02),
    S("2.B.8.e", "acrylonitrile", "kt", 60, 0.04, 0.01),
    S("2.B.8.f", "carbon_black", "kt", 75, 0.05, 0.02),
    S("2.B.9.a", "hcfc22", "kt", 4, 0.03, -0.06),
    S("2.B.9.b", "fluorochemical:HFC134a", "kt", 2, 0.08, 0.04),
    S("2.B.10", "other:hydrogen", "kt", 150, 0.04, 0.03),
    S("2.C.1", "steel_bof", "kt", 2_000, 0.05, 0.0),
    S("2.C.1", "steel_eaf", "kt", 600, 0.06, 0.03),
    S("2.C.1", "pig_iron", "kt", 75, 0.02, -0.02),
    S("2.C.1", "dri", "kt", 40, 0.05, 0.04),
    S("2.C.1", "sinter", "kt", 2_250, 0.05, 0.0),
    S("2.C.1", "pellet", "kt", 500, 0.04, 0.01),
    S("2.C.2", "ferrosilicon_75", "kt", 75, 0.04, 0.0),
    S("2.C.2", "silicomanganese", "kt", 125, 0.05, 0.01),
    S("2.C.3", "primary_aluminium:cwpb", "kt", 450, 0.08, 0.03),
    S("2.C.3", "primary_aluminium:vss", "kt", 90, -0.05, -0.10),
    S("2.C.4", "magnesium_casting", "kt", 5, 0.05, 0.03),
    S("2.C.5", "lead", "kt", 75, 0.03, 0.0),
    S("2.C.6", "zinc", "kt", 100, 0.04, 0.01),
    S("2.D.1", "lubricants", "TJ", 10_000, 0.02, 0.0),
    S("2.D.2", "paraffin_waxes", "TJ", 1_250, 0.01, 0.0),
    S("2.D.3", "urea_catalyst", "kt", 1, 0.35, 0.15),     # SCR additive since diesel standards
    S("2.D.3", "solvent_use", "kt", 750, 0.05, 0.02),
    S("2.E.1", "semiconductor", "ha", 2, 0.08, 0.05),
    S("2.E.2", "tft_fpd", "ha", 50, 0.10, 0.04),
    S("2.E.3", "photovoltaic", "ha", 125, 0.15, 0.20),
    S("2.F.1.a", "commercial_refrigeration:R404A", "t", 45, 0.12, 0.03),
    S("2.F.1.a", "stationary_ac:R410A", "t", 120, 0.15, 0.06),
    S("2.F.1.a", "domestic_refrigeration:HFC134a", "t", 18, 0.10, 0.02),
    S("2.F.1.a", "industrial_refrigeration:HFC134a", "t", 9, 0.08, 0.03),
    S("2.F.1.a", "transport_refrigeration:R404A", "t", 4, 0.10, 0.05),
    S("2.F.1.b", "mobile_ac:HFC134a", "t", 75, 0.12, 0.04),
    S("2.F.2", "foam_closed_cell:HFC245fa", "t", 200, 0.10, 0.0),
    S("2.F.3", "fire_protection:HFC227ea", "t", 25, 0.10, 0.03),
    S("2.F.4", "aerosols_mdi:HFC134a", "t", 50, 0.05, 0.02),
    S("2.F.4", "aerosols_other:HFC152a", "t", 75, 0.04, 0.02),
    S("2.F.5", "solvents:HFC4310mee", "t", 5, 0.03, 0.0),
    S("2.G.1", "switchgear:SF6", "t", 38, 0.06, 0.03),
    S("2.G.3.a", "n2o_use", "kt", 1, 0.02, 0.01),
)

KEYED = (
    ("2.B.7", "natural_soda_ash", "NO", "no trona deposits in Demoland"),
    ("2.B.3", "adipic_acid:uncontrolled", "NO", "the only plant has thermal N2O destruction"),
    ("2.C.4", "primary_magnesium:dolomite", "NO", "no primary magnesium smelter"),
    ("2.A.4.d", "carbonate:unspecified", "NE", "other carbonate uses not surveyed"),
    ("2.C.7", "other:metals", "NO", "no other metal production"),
    ("2.E.4", "other:heat_transfer_fluids", "NE", "PFC heat transfer fluids not surveyed"),
    ("2.E.5", "other:electronics", "NO", "no other electronics manufacture"),
    ("2.F.6", "other:applications", "NO", "no other ODS-substitute applications"),
    ("2.G.2.a", "awacs", "NO", "no AWACS planes in Demoland"),
    ("2.G.2.b", "accelerator", "NE", "particle accelerators not surveyed"),
    ("2.G.2.c", "other:sf6_pfc_uses", "NE", "sound-proof windows and other SF6 uses not surveyed"),
    ("2.G.4", "other:products", "NO", "no other product manufacture and use"),
    ("2.H.1", "other:pulp_and_paper", "NA", "no direct greenhouse gases (NMVOC only)"),
    ("2.H.2", "other:food_and_beverages", "NA", "no direct greenhouse gases (NMVOC only)"),
    ("2.H.3", "other:ippu", "NO", "no other IPPU sources"),
)
SOURCE = "Demoland Bureau of Statistics industrial production survey (synthetic)"

# Opening F-gas banks in 2005 (t, national; split over regions by their shares)
OPENING_BANKS = (("2.F.1.a", "stationary_ac:R410A", 360.0),
                 ("2.F.1.a", "commercial_refrigeration:R404A", 240.0),
                 ("2.F.1.b", "mobile_ac:HFC134a", 450.0),
                 ("2.G.1", "switchgear:SF6", 625.0))


def demo_activity(regions, years, rng: np.random.Generator) -> pd.DataFrame:
    return streams_activity(STREAMS, regions, years, rng, SOURCE, KEYED, key_unit="kt")


def demo_parameters() -> pd.DataFrame:
    """Country-specific IPPU parameters (synthetic, of realistic size)."""
    src = "Demoland industry association plant survey (synthetic)"
    fsrc = "Demoland F-gas registry and servicing survey (synthetic)"
    rows = [
        # parameter, category, activity, gas, region, value, unit, lower, upper, source
        ("cao_content", "2.A.1", "clinker", "-", "*", 0.648, "fraction", 0.63, 0.66, src),
        ("abatement_utilisation", "2.B.3", "*", "-", "*", 0.92, "fraction", 0.85, 0.98, src),
        ("anode_effect_minutes", "2.C.3", "*", "-", "*", 0.35, "min/day", 0.2, 0.5, src),
        # hydrogen by steam reforming of natural gas, feedstock carbon (plant survey)
        ("EF_mass", "2.B.10", "other:hydrogen", "CO2", "*", 9.0, "t/t", 8.5, 9.5, src),
        ("EF_mass", "2.D.3", "solvent_use", "NMVOC", "*", 0.3, "t/t", 0.2, 0.4, src),
        # no IPCC default is shipped for these two (see the IPPU default tables' headers)
        ("urea_purity", "2.D.3", "urea_catalyst", "-", "*", 0.325, "fraction", 0.30, 0.35,
         "Demoland SCR additive market survey: AUS32 (32.5 % urea) (synthetic)"),
        ("capacity_utilisation", "2.E", "*", "-", "*", 0.8, "fraction", 0.7, 0.9,
         "Demoland electronics industry survey (synthetic)"),
        ("charge_loss", "2.F.3", "fire_protection", "-", "*", 0.01, "fraction", 0.0, 0.02,
         fsrc),
        ("leak_rate", "2.F.3", "fire_protection", "-", "*", 0.04, "fraction", 0.02, 0.06,
         fsrc),
        ("lifetime", "2.F.3", "fire_protection", "-", "*", 20, "year", 15, 25, fsrc),
        ("eol_residual", "2.F.3", "fire_protection", "-", "*", 0.9, "fraction", 0.8, 1.0,
         fsrc),
        ("recovery_efficiency", "2.F.3", "fire_protection", "-", "*", 0.6, "fraction", 0.4,
         0.8, fsrc),
        ("charge_loss", "2.G.1", "switchgear", "-", "*", 0.03, "fraction", 0.01, 0.05, fsrc),
        ("leak_rate", "2.G.1", "switchgear", "-", "*", 0.006, "fraction", 0.003, 0.01, fsrc),
        ("lifetime", "2.G.1", "switchgear", "-", "*", 35, "year", 30, 40, fsrc),
        ("eol_residual", "2.G.1", "switchgear", "-", "*", 0.95, "fraction", 0.9, 1.0, fsrc),
        ("recovery_efficiency", "2.G.1", "switchgear", "-", "*", 0.9, "fraction", 0.8, 0.99,
         fsrc),
    ]
    for cat, act, national in OPENING_BANKS:
        for code, _name, share in DEMO_REGIONS:
            v = round(national * share, 1)
            rows.append(("opening_bank", cat, act, "-", code, v, "t", v * 0.7, v * 1.3, fsrc))
    cols = ["parameter", "category", "activity", "gas", "region", "value", "unit", "lower",
            "upper", "source"]
    df = pd.DataFrame(rows, columns=cols)
    df["layer"] = np.where(df["region"] == "*", "national", "provincial")
    return df
