"""LULUCF part of the synthetic Demoland inventory (SYNTHETIC DATA, not a real country).

A warm temperate country of ~14 Mha (SCALE 0.46 of the land below: the net LULUCF sink is
about a tenth of the gross emissions, issue 14): natural forest (subtropical humid forest, continental
Asia) on low- and high-activity clay soils, a drier west, a little drained organic soil;
afforestation of cropland and grassland, some deforestation for cropland, cropland turning to
no-till, settlements growing on cropland and grassland, harvested wood products. Land is
entered as the year's land-use change matrix (Approach 2) per province and stratum; the
diagonal is computed so that every matrix adds up. Forest biomass at Tier 1 (IPCC tables);
mineral soils at Tier 2 (national SOC_ref with the Table 5.5 factors); settlement trees by
the crown cover method (Tier 2, Table 8.1 default).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .common import LAND_USES, TOP_CODES, category_table

__all__ = ["DEMO_TIERS", "DEMO_OPTIONS", "demo_activity", "demo_parameters", "SCALE",
           "STRATA", "demo_land"]

SOURCE = "Demoland National Forest Inventory and land-use survey (synthetic)"
# scales the land (areas, conversions, harvest, HWP) of the whole demo
SCALE = 0.46

DEMO_TIERS = {"3.B": {"mineral_soil": 2, "*": 1}, "3.B.5.a": {"biomass": 2, "mineral_soil": 2,
                                                              "*": 1}}
DEMO_OPTIONS = {
    "approach": 2,
    "transition_years": 20,
    "history": "constant",
    "continent": "asia_continental",
    "forest_zones": {"warm_temperate_moist": "subtropical_humid_forest",
                     "warm_temperate_dry": "subtropical_dry_forest"},
    "bcef": {"warm_temperate_moist": "temperate@hardwoods@gs_100_200",
             "warm_temperate_dry": "mediterranean_dry_tropical_subtropical@hardwoods@gs_41_80"},
    "hwp_approach": "production",
    "hwp_region": "asia",
}

# strata: (climate, soil, share of each land use's area in the stratum)
STRATA = (("warm_temperate_moist", "lac", 0.55), ("warm_temperate_moist", "hac", 0.30),
          ("warm_temperate_dry", "lac", 0.13), ("warm_temperate_moist", "organic", 0.02))
# national areas at the start of the first year [ha]
INITIAL = {"forest": 11.0e6, "cropland": 9.0e6, "grassland": 6.0e6, "wetlands": 1.2e6,
           "settlements": 1.5e6, "other_land": 1.3e6}
# national conversions per year [ha] (from, to): first-year level and annual growth
CONVERSIONS = {("cropland", "forest"): (40e3, -0.01), ("grassland", "forest"): (30e3, 0.0),
               ("forest", "cropland"): (12e3, -0.03), ("grassland", "cropland"): (15e3, -0.02),
               ("cropland", "grassland"): (10e3, 0.0), ("cropland", "settlements"): (18e3, 0.03),
               ("grassland", "settlements"): (8e3, 0.02), ("forest", "settlements"): (3e3, 0.0),
               ("other_land", "settlements"): (2e3, 0.0), ("forest", "wetlands"): (1.5e3, 0.0)}
CROP_MGMT = ("cultivated.full_till.medium", "cultivated.no_till.medium",
             "cultivated.reduced_till.high")
HARVEST = 7.5e6        # m3 in the first year (grows 1 %/yr)
FUELWOOD = 1.5e6       # m3
HWP = {"sawnwood": (2.6e6, 0.03, "m3"), "wood_panels": (1.6e6, 0.05, "m3"),
       "paper": (1.8e6, 0.04, "t")}


@cache
def _conv_code(fr: str, to: str) -> str:
    cats = category_table()
    if to == "wetlands":
        return "3.B.4.b.iii"
    hit = cats[(cats["to_lu"] == to) & (cats["from_lu"] == fr) & (cats["kind"] == "converted")]
    return hit.index[0]


def _rem_code(lu: str) -> str:
    return TOP_CODES[lu] + ".a"


def demo_land(regions, years, rng: np.random.Generator) -> pd.DataFrame:
    """The land matrix rows (area) per province, stratum and year; the diagonal is what each
    land use keeps of its area, so every year's matrix adds up."""
    years = list(years)
    recs = []
    for code, _, share in regions:
        lvl = share * rng.uniform(0.9, 1.1)
        for climate, soil, sshare in STRATA:
            f = lvl * sshare * SCALE
            area = {lu: INITIAL[lu] * f for lu in LAND_USES}
            if soil == "organic":
                area = {lu: (a if lu in ("forest", "cropland", "wetlands") else 0.0)
                        for lu, a in area.items()}
            no_till = 0.05
            for k, y in enumerate(years):
                conv = {}
                for (fr, to), (base, g) in CONVERSIONS.items():
                    if soil == "organic" and (fr not in area or area[fr] <= 0 or to != "forest"):
                        continue
                    v = base * f * (1 + g) ** k * rng.normal(1.0, 0.05)
                    conv[(fr, to)] = round(max(0.0, min(v, 0.02 * area[fr])), 1)
                for (fr, to), v in conv.items():
                    qual = ("cultivated.full_till.medium" if to == "cropland" else
                            f"from_{fr}" if to == "wetlands" else "")
                    recs.append((code, y, _conv_code(fr, to), climate, soil, qual, v))
                out = {lu: sum(v for (fr, _), v in conv.items() if fr == lu) for lu in LAND_USES}
                inn = {lu: sum(v for (_, to), v in conv.items() if to == lu) for lu in LAND_USES}
                for lu in LAND_USES:
                    keep = round(area[lu] - out[lu], 1)
                    if lu == "cropland" and soil != "organic":
                        no_till = min(0.35, no_till + 0.012)
                        parts = {CROP_MGMT[0]: keep * (0.9 - no_till),
                                 CROP_MGMT[1]: keep * no_till, CROP_MGMT[2]: keep * 0.1}
                        r = {q: round(v, 1) for q, v in parts.items()}
                        r[CROP_MGMT[0]] = round(keep - r[CROP_MGMT[1]] - r[CROP_MGMT[2]], 1)
                        for q, v in r.items():
                            recs.append((code, y, _rem_code(lu), climate, soil, q, v))
                    elif area[lu] > 0 or lu in inn:
                        recs.append((code, y, _rem_code(lu), climate, soil, "", keep))
                    area[lu] = keep + inn[lu]
    df = pd.DataFrame(recs, columns=["region", "year", "category", "climate", "soil",
                                     "qualifier", "value"])
    df = df.groupby(["region", "year", "category", "climate", "soil", "qualifier"],
                    as_index=False)["value"].sum()
    df["activity"] = ("area:" + df["climate"] + ":" + df["soil"]
                      + np.where(df["qualifier"] != "", ":" + df["qualifier"], ""))
    return df.assign(unit="ha")[["region", "year", "category", "activity", "value", "unit"]]


def _per_region(regions, years, rng, category, activity, unit, base, growth, stratum_share=1.0):
    years = np.asarray(list(years))
    rows = []
    for code, _, share in regions:
        lvl = share * rng.uniform(0.9, 1.1) * stratum_share * SCALE
        v = base * lvl * (1 + growth) ** (years - years[0]) * rng.normal(1.0, 0.03, len(years))
        rows.append(pd.DataFrame({"region": code, "year": years, "category": category,
                                  "activity": activity, "value": np.round(v, 1),
                                  "unit": unit}))
    return pd.concat(rows, ignore_index=True)


def demo_activity(regions, years, rng: np.random.Generator) -> pd.DataFrame:
    years = list(years)
    frames = [demo_land(regions, years, rng)]
    for climate, soil, sshare in STRATA:
        s = f"{climate}:{soil}"
        if soil == "organic":
            frames.append(_per_region(regions, years, rng, "3.B.1.a", f"drained_area:{s}", "ha",
                                      INITIAL["forest"] * sshare * 0.4, 0.0))
            frames.append(_per_region(regions, years, rng, "3.B.2.a", f"drained_area:{s}", "ha",
                                      INITIAL["cropland"] * sshare * 0.8, 0.0))
            frames.append(_per_region(regions, years, rng, "3.B.4.a", f"rewetted_area:{s}", "ha",
                                      INITIAL["wetlands"] * sshare * 0.05, 0.08))
            continue
        frames += [
            _per_region(regions, years, rng, "3.B.1.a", f"harvest:{s}", "m3", HARVEST, 0.01,
                        sshare),
            _per_region(regions, years, rng, "3.B.1.a", f"fuelwood:{s}", "m3", FUELWOOD, -0.02,
                        sshare),
            _per_region(regions, years, rng, "3.B.1.a", f"disturbance_area:{s}", "ha", 6e3, 0.0,
                        sshare),
            _per_region(regions, years, rng, "3.B.1.a", f"wildfire_area:{s}", "ha", 9e3, 0.0,
                        sshare),
            _per_region(regions, years, rng, "3.B.3.a", f"wildfire_area:{s}", "ha", 25e3, -0.01,
                        sshare),
            _per_region(regions, years, rng, "3.B.5.a", f"crown_cover_area:{s}", "ha", 1.8e5,
                        0.02, sshare),
        ]
    act = pd.concat(frames, ignore_index=True)
    # N fertiliser on forest land: included in agriculture's synthetic fertiliser total (IE)
    codes = [r[0] for r in regions]
    ie = pd.DataFrame([(c, y, "3.B.1.a", "n_inputs:warm_temperate_moist:lac", np.nan, "t", "IE",
                        "included in 3.C.4 (synthetic fertiliser N of agriculture, CRT 3.D.a.1)")
                       for c in codes for y in years],
                      columns=["region", "year", "category", "activity", "value", "unit",
                               "notation_key", "note"])
    hwp = []
    for product, (base, g, unit) in HWP.items():
        hwp.append(_per_region(regions, years, rng, "3.D.1", f"{product}:production", unit,
                               base, g))
        hwp.append(_per_region(regions, years, rng, "3.D.1", f"{product}:import", unit,
                               base * 0.15, g))
        hwp.append(_per_region(regions, years, rng, "3.D.1", f"{product}:export", unit,
                               base * 0.25, g))
    for flow, frac in (("production", 1.0), ("import", 0.12), ("export", 0.05)):
        hwp.append(_per_region(regions, years, rng, "3.D.1", f"industrial_roundwood:{flow}",
                               "m3", HARVEST * frac, 0.01))
    act = pd.concat([act.assign(notation_key=None, note=None), ie,
                     *[h.assign(notation_key=None, note=None) for h in hwp]], ignore_index=True)
    return act.assign(source=SOURCE)[["region", "year", "category", "activity", "value",
                                      "unit", "notation_key", "source", "note"]]


def demo_parameters() -> pd.DataFrame:
    """Country-specific LULUCF parameters (synthetic, of realistic size)."""
    soil = "Demoland soil survey 2008, 0-30 cm (synthetic)"
    nfi = "Demoland National Forest Inventory 2010 (synthetic)"
    rows = [
        ("SOC_ref", "3.B", "warm_temperate_moist:lac", "-", 63.0, "t/ha", 45.0, 80.0, soil),
        ("SOC_ref", "3.B", "warm_temperate_moist:hac", "-", 88.0, "t/ha", 65.0, 110.0, soil),
        ("SOC_ref", "3.B", "warm_temperate_dry:lac", "-", 24.0, "t/ha", 16.0, 32.0, soil),
        ("B_total", "3.B.2", "*", "-", 10.0, "t/ha", 7.0, 13.0,
         "Demoland crop statistics: standing annual crop biomass (synthetic)"),
        ("B_total", "3.B.3", "*", "-", 6.5, "t/ha", 4.0, 9.0,
         "Demoland rangeland survey (synthetic)"),
        ("B_total", "3.B.5", "*", "-", 5.0, "t/ha", 2.0, 8.0,
         "Demoland urban green survey (synthetic)"),
        ("B_total", "3.B.4", "*", "-", 8.0, "t/ha", 4.0, 12.0, "Demoland wetland survey "
                                                               "(synthetic)"),
        ("DW_stock", "3.B.1", "*", "-", 9.0, "t/ha", 5.0, 14.0, nfi),
        ("LT_stock", "3.B.1", "*", "-", 5.5, "t/ha", 3.0, 8.0, nfi),
        ("fd", "3.B.1", "*", "-", 0.35, "fraction", 0.2, 0.5,
         "Demoland forest health survey: share of biomass lost (synthetic)"),
        ("M_B", "3.B.1", "*", "-", 95.0, "t/ha", 60.0, 130.0, nfi),
        ("C_f", "3.B.1", "*", "-", 0.45, "fraction", 0.3, 0.6, nfi),
        ("M_B", "3.B.3", "*", "-", 6.0, "t/ha", 3.0, 9.0, "Demoland rangeland survey "
                                                          "(synthetic)"),
        ("C_f", "3.B.3", "*", "-", 0.74, "fraction", 0.6, 0.9, "Demoland rangeland survey "
                                                               "(synthetic)"),
        ("C_hwp", "3.D.1", "sawnwood", "-", 0.229, "t/m3", 0.2, 0.26,
         "Demoland wood industry: density x carbon fraction (synthetic)"),
        ("C_hwp", "3.D.1", "wood_panels", "-", 0.269, "t/m3", 0.23, 0.3,
         "Demoland wood industry (synthetic)"),
        ("C_hwp", "3.D.1", "paper", "-", 0.386, "t/t", 0.35, 0.42,
         "Demoland paper industry (synthetic)"),
        ("AD_uncertainty", "3.B", "*", "-", 100.0, "%", 90.0, 110.0,
         "Demoland land-use survey: 95 % range of the areas (synthetic)"),
    ]
    cols = ["parameter", "category", "activity", "gas", "value", "unit", "lower", "upper",
            "source"]
    df = pd.DataFrame(rows, columns=cols)
    df["region"] = "*"
    df["layer"] = "national"
    return df
