"""Waste part of the synthetic Demoland inventory (SYNTHETIC DATA, not a real country).

About 20 million people in 2005 and 25 million in 2023; some 2.4 Mt of MSW landfilled in 2005
(managed sites growing, unmanaged dumps closing), methane recovery at managed sites from 2012,
composting and anaerobic digestion, MSW and industrial waste incineration, open burning in
rural areas, domestic wastewater by income group and treatment pathway, industrial wastewater of
four industries. Disposal history back to 1950 is estimated from population (IPCC 2006 Vol.5
Ch.3 Sect. 3.2.2), with a synthetic population series per province.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.demo import Stream, streams_activity

__all__ = ["STREAMS", "KEYED", "DEMO_TIERS", "DEMO_OPTIONS", "demo_activity",
           "demo_parameters", "MSW_COMPOSITION", "demo_population"]

# Tier 2 for solid waste disposal (national oxidation factor of covered managed sites) and for
# CO2 from incineration (national dry matter of industrial waste, Tier 2b); CH4 and N2O from
# incineration take the IPCC default factors (Tier 1; Tier 2 requires country-specific ones).
DEMO_TIERS = {"4.A": 2, "4.B": 1, "4.C": {"CO2": 2, "*": 1}, "4.D": 1}
DEMO_OPTIONS = {
    "climate_zone": "boreal_temperate_wet",
    "delay_months": 6,
    "history": {"method": "population", "start_year": 1950},
    "msw": "composition",
    "biological_basis": "wet",
    "wastewater_region": "asia_middle_east_latin_america",
}

STREAMS: tuple[Stream, ...] = (
    # solid waste disposal [kt wet waste]
    Stream("4.A.1", "msw:managed_anaerobic", "kt", 1_200, 0.05, 0.02),
    Stream("4.A.1", "msw:managed_semi_aerobic", "kt", 160, 0.06, 0.04),
    Stream("4.A.1", "sludge:managed_anaerobic", "kt", 60, 0.05, 0.03),
    Stream("4.A.1", "industrial:managed_anaerobic", "kt", 160, 0.02, 0.0),
    Stream("4.A.2", "msw:unmanaged_deep", "kt", 600, -0.03, -0.08),
    Stream("4.A.2", "msw:unmanaged_shallow", "kt", 240, -0.04, -0.10),
    Stream("4.A.3", "msw:uncategorised", "kt", 120, -0.02, -0.05),
    # biological treatment [kt wet waste]
    Stream("4.B", "composting", "kt", 120, 0.08, 0.05),
    Stream("4.B", "anaerobic_digestion", "kt", 30, 0.12, 0.10),
    # incineration and open burning [kt wet waste]
    Stream("4.C.1", "msw:continuous_stoker", "kt", 150, 0.10, 0.08),
    Stream("4.C.1", "industrial:continuous_fluidised_bed", "kt", 40, 0.03, 0.02),
    Stream("4.C.2", "msw:open_burning", "kt", 200, -0.04, -0.08),
    # domestic wastewater [head], sludge removed [kt BOD]
    Stream("4.D.1", "population:urban_high", "head", 5.0e6, 0.03, 0.025),
    Stream("4.D.1", "population:urban_low", "head", 6.0e6, 0.015, 0.01),
    Stream("4.D.1", "population:rural", "head", 9.0e6, -0.005, -0.01),
    Stream("4.D.1", "sludge_removed", "kt", 15, 0.04, 0.03),
    # industrial wastewater [kt product]
    Stream("4.D.2", "pulp_paper:centralised_aerobic", "kt", 750, 0.03, 0.01),
    Stream("4.D.2", "beer_malt:anaerobic_reactor", "kt", 1_000, 0.05, 0.03),
    Stream("4.D.2", "meat_poultry:anaerobic_shallow_lagoon", "kt", 300, 0.04, 0.02),
    Stream("4.D.2", "starch:untreated_river", "kt", 100, 0.02, -0.05),
)

# (category, activity, key, why): rows reported with a notation key in every region
KEYED = (
    ("4.C.1", "hazardous:batch_stoker", "NO", "no hazardous waste incineration in Demoland"),
    ("4.D.2", "dairy:anaerobic_reactor", "NE", "dairy wastewater not surveyed (insignificant)"),
)
SOURCE = "Demoland Environment Agency waste and wastewater statistics (synthetic)"

# CH4 recovered at managed SWDS from 2012 (national, kt CH4) and at industrial wastewater
# plants (40 % of the beer/malt reactors' CH4)
RECOVERY_START = 2012
SWDS_RECOVERY_2012 = 4.8
SWDS_RECOVERY_GROWTH = 0.08
INDUSTRIAL_RECOVERY = 1.25

# Demoland MSW composition (fraction of wet weight; adds up to 1)
MSW_COMPOSITION = {"food": 0.40, "garden": 0.05, "paper": 0.12, "wood": 0.03,
                   "textiles": 0.04, "nappies": 0.03, "rubber_leather": 0.01,
                   "plastics": 0.13, "metal": 0.03, "glass": 0.04, "other_inert": 0.12}

POPULATION_1950 = 9.0e6
POPULATION_2005 = 20.0e6


def demo_population(regions, years) -> pd.DataFrame:
    """Synthetic population per province and year [head] (smooth growth 1950-2005)."""
    years = np.asarray(list(years))
    g = (POPULATION_2005 / POPULATION_1950) ** (1 / 55) - 1
    nat = POPULATION_1950 * (1 + g) ** (years - 1950)
    rows = [(code, int(y), round(share * p, -2)) for code, _, share in regions
            for y, p in zip(years, nat, strict=True)]
    return pd.DataFrame(rows, columns=["region", "year", "population"])


def _recovery(regions, years, rng, category, base, growth, start) -> pd.DataFrame:
    years = np.asarray(list(years))
    codes = np.array([r[0] for r in regions])
    shares = np.array([r[2] for r in regions]) * rng.uniform(0.9, 1.1, len(regions))
    trend = np.where(years >= start, base * (1 + growth) ** np.maximum(years - start, 0), 0)
    value = np.round(shares[:, None] * trend[None, :], 3)
    on = np.broadcast_to(years >= start, value.shape)
    return pd.DataFrame({
        "region": np.repeat(codes, len(years)), "year": np.tile(years, len(regions)),
        "category": category, "activity": "ch4_recovered",
        "value": np.where(on, value, np.nan).ravel(), "unit": "kt",
        "notation_key": np.where(on, None, "NO").ravel(), "source": SOURCE,
        "note": np.where(on, None, "no recovery before " + str(start)).ravel()})


def demo_activity(regions, years, rng: np.random.Generator) -> pd.DataFrame:
    act = streams_activity(STREAMS, regions, years, rng, SOURCE, KEYED, key_unit="kt")
    years = list(years)
    rec = [_recovery(regions, years, rng, "4.A.1", SWDS_RECOVERY_2012, SWDS_RECOVERY_GROWTH,
                     RECOVERY_START),
           _recovery(regions, years, rng, "4.D.2", INDUSTRIAL_RECOVERY, 0.03, years[0])]
    return pd.concat([act, *rec], ignore_index=True)


def demo_parameters(regions=None, years=None) -> pd.DataFrame:
    """Country-specific waste parameters (synthetic, of realistic size); the population
    history before the first inventory year of ``years`` (default 2005) drives the FOD
    history."""
    from inventory.demo import DEMO_REGIONS

    regions = regions or DEMO_REGIONS
    first = min(years) if years is not None else 2005

    src = "Demoland waste composition survey 2010 (synthetic)"
    rows = [("msw_fraction", "4", comp, "-", "*", 1900, 2100, frac, "fraction", src)
            for comp, frac in MSW_COMPOSITION.items()]
    rows += [
        ("OX", "4.A.1", "*", "-", "*", 1900, 2100, 0.1, "fraction",
         "Demoland landfill regulation: managed sites covered with soil (IPCC 2006 Vol.5 "
         "Ch.3 Table 3.2 OX 0.1) (synthetic)"),
        ("dry_matter", "4.C", "industrial", "-", "*", 1900, 2100, 0.85, "fraction",
         "Demoland incinerator operators' reports (synthetic)"),
        # no IPCC default DOC of bulk industrial waste is shipped (unconfirmed)
        ("DOC", "4.A", "industrial", "-", "*", 1900, 2100, 0.15, "fraction",
         "Demoland industrial waste survey (synthetic)"),
        ("protein", "4.D.1", "*", "-", "*", 1900, 2100, 25.0, "kg/head/year",
         "FAOSTAT-style food balance for Demoland (synthetic)"),
    ]
    treatment = {"urban_high": {"centralised_aerobic": 0.85, "septic_tank": 0.15},
                 "urban_low": {"centralised_aerobic": 0.45, "septic_tank": 0.25,
                               "latrine_wet": 0.10, "untreated_river": 0.20},
                 "rural": {"septic_tank": 0.30, "latrine_dry_small": 0.35, "latrine_wet": 0.15,
                           "untreated_river": 0.20}}
    census = "Demoland census 2010, sanitation module (synthetic)"
    rows += [("T", "4.D.1", f"{inc}:{path}", "-", "*", 1900, 2100, t, "fraction", census)
             for inc, paths in treatment.items() for path, t in paths.items()]
    pop = demo_population(regions, range(1950, first + 1))
    rows += [("population", "4.A", "*", "-", r.region, int(r.year), int(r.year),
              float(r.population), "head", "Demoland historical population estimates "
              "(synthetic)") for r in pop.itertuples(index=False)]
    cols = ["parameter", "category", "activity", "gas", "region", "year_from", "year_to",
            "value", "unit", "source"]
    df = pd.DataFrame(rows, columns=cols)
    df["lower"] = np.nan
    df["upper"] = np.nan
    df["layer"] = np.where(df["region"] == "*", "national", "provincial")
    return df
