"""Biomass burning on agricultural land: field burning of crop residues (IPCC 2006 3.C.1.b ->
CRT 3.F) and prescribed burning of savannas (3.C.1.c -> CRT 3.E).

IPCC 2006 Vol.4 Ch.2 Eq. 2.27: L_fire = A x M_B x C_f x G_ef x 10^-3, with the fuel actually
burnt (M_B x C_f) of Table 2.4 and the emission factors of Table 2.5. CH4, N2O, CO and NOx are
reported; CO2 is not (the biomass regrows within the year, Vol.4 Ch.2 Sect. 2.4).

Activity: ``<crop>`` [ha burnt] in 3.C.1.b (crops of data/crops.csv with a Table 2.4 value, or
a national ``fuel_consumed``); ``<vegetation>`` [ha burnt] in 3.C.1.c (``grassland``,
``tropical_grassland`` under ``guidelines: ipcc2006_2019r``, whose Table 2.4 gives them, or any
type with a national ``fuel_consumed``: the 2006 Table 2.4 grassland values are not shipped,
see the table's header). Tier 2: country-specific ``fuel_consumed`` (national, provincial or
plant layer), and ``G_ef`` of those layers where given, else of Table 2.5. Tiers may differ per
gas: each gas takes the fuel burnt and emission factor of its own tier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.methods import MethodInput, emission_rows, keyed_rows

from .common import AgriOptions, crops, ensure_known, split_ids, values_in

__all__ = ["fire_emissions", "biomass_burning", "BURNING_GASES"]

BURNING_GASES = ("CH4", "N2O", "CO", "NOx")
_EQ = "IPCC 2006 Vol.4 Ch.2 Eq. 2.27"


def fire_emissions(area_burnt, fuel_consumed, emission_factor):
    """Emissions of one gas from fire.

    Parameters
    ----------
    area_burnt : array-like [ha]
    fuel_consumed : array-like [t dm ha-1] M_B x C_f (Table 2.4, or M_B and C_f multiplied)
    emission_factor : array-like [g (kg dm burnt)-1] G_ef (Table 2.5)

    Returns
    -------
    array-like [kt gas]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.27: L_fire = A x M_B x C_f x G_ef x 10^-3 [t]; /10^3 for kt.
    """
    return (np.asarray(area_burnt, dtype=float) * np.asarray(fuel_consumed, dtype=float)
            * np.asarray(emission_factor, dtype=float) * 1e-6)


def burnt_crop_areas(act: pd.DataFrame) -> pd.DataFrame:
    """Area burnt per region, year and crop [ha] (numbers only), for the F_CR equation."""
    rows = act[act["category"] == "3.C.1.b"]
    if rows.empty:
        return pd.DataFrame(columns=["region", "year", "crop", "v", "activity_id"])
    num = rows[rows["value"].notna()]
    return pd.DataFrame({"region": num["region"], "year": num["year"],
                         "crop": num["activity"], "activity_id": num["activity_id"],
                         "v": values_in(num, "ha", "area burnt")})


def biomass_burning(inp: MethodInput, act: pd.DataFrame, opts: AgriOptions
                    ) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Emission rows of 3.C.1.b and 3.C.1.c, and the background table ``agriculture.burning``
    (per region, year, category, burnt crop or vegetation and gas: area, fuel burnt per
    hectare, emission factor). Each gas takes its own tier (``inventory.yml``)."""
    base, attr = split_ids(act["activity"])
    crop_rows = act["category"].eq("3.C.1.b").to_numpy()
    ensure_known(act, attr.eq("").to_numpy() & (~crop_rows | base.isin(crops().index)),
                 "burnt crop or vegetation",
                 f"in 3.C.1.b a crop of sectors/agriculture/data/crops.csv "
                 f"({', '.join(crops().index)}); in 3.C.1.c a vegetation type (grassland, "
                 "tropical_grassland under the 2019 Refinement, or one with a national "
                 "fuel_consumed row at Tier 2)")
    frames, tables = [], []
    keyed = act[act["value"].isna()]
    for gas in BURNING_GASES:
        if len(keyed):
            frames.append(keyed_rows(keyed, (gas,), tier=inp.tier_of(keyed, gas),
                                     method="fire_emissions", equation=_EQ,
                                     activity_unit="ha"))
    num = act[act["value"].notna()]
    if num.empty:
        return frames, pd.DataFrame()
    area = values_in(num, "ha", "area burnt")
    for gas in BURNING_GASES:
        tier = inp.tier_of(num, gas)
        fuel = inp.factor(num, "fuel_consumed", "t/ha", tier=tier)
        gef = inp.factor(num, "G_ef", "g/kg", gas, tier=tier)
        frames.append(emission_rows(
            num, gas=gas, value=fire_emissions(area, fuel.value, gef.value), tier=tier,
            method="fire_emissions", equation=_EQ, activity_value=area, activity_unit="ha",
            ief_unit="kg/ha", lookups=[fuel, gef]))
        tables.append(pd.DataFrame({
            "region": num["region"].to_numpy(), "year": num["year"].to_numpy(),
            "category": num["category"].to_numpy(), "activity": num["activity"].to_numpy(),
            "gas": gas, "tier": tier, "area": area, "fuel_consumed": fuel.value,
            "g_ef": gef.value}))
    return frames, pd.concat(tables, ignore_index=True)
