"""Biomass burning on agricultural land: field burning of crop residues (IPCC 2006 3.C.1.b ->
CRT 3.F) and prescribed burning of savannas (3.C.1.c -> CRT 3.E).

IPCC 2006 Vol.4 Ch.2 Eq. 2.27: L_fire = A x M_B x C_f x G_ef x 10^-3, with the fuel actually
burnt (M_B x C_f) of Table 2.4 and the emission factors of Table 2.5. CH4, N2O, CO and NOx are
reported; CO2 is not (the biomass regrows within the year, Vol.4 Ch.2 Sect. 2.4).

Activity: ``<crop>`` [ha burnt] in 3.C.1.b (crops of data/crops.csv with a Table 2.4 value, or
a national ``fuel_consumed``); ``<vegetation>`` [ha burnt] in 3.C.1.c (any type with a
national ``fuel_consumed``: the Table 2.4 grassland values are not shipped, see the table's
header). Tier 2: national ``fuel_consumed``, and ``G_ef`` of the national layer where given,
else of Table 2.5.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.factors import FactorDB

from .common import (
    AgriOptions,
    crops,
    emission_rows,
    ensure_known,
    join_ids,
    keyed_rows,
    lookup_chain,
    split_ids,
    values_in,
)

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


def biomass_burning(act: pd.DataFrame, tiers: dict[str, int], factors: FactorDB,
                    opts: AgriOptions) -> list[pd.DataFrame]:
    base, attr = split_ids(act["activity"])
    crop_rows = act["category"].eq("3.C.1.b").to_numpy()
    ensure_known(act, attr.eq("").to_numpy() & (~crop_rows | base.isin(crops().index)),
                 "burnt crop or vegetation",
                 f"in 3.C.1.b a crop of sectors/agriculture/data/crops.csv "
                 f"({', '.join(crops().index)}); in 3.C.1.c a vegetation type with a national "
                 "fuel_consumed row (Tier 2)")
    frames = []
    for cat in ("3.C.1.b", "3.C.1.c"):
        rows = act[act["category"] == cat]
        if rows.empty:
            continue
        tier = tiers.get(cat, 1)
        keyed = rows[rows["value"].isna()]
        if len(keyed):
            frames.append(keyed_rows(keyed, cat, keyed["activity"], BURNING_GASES, tier,
                                     "fire_emissions", _EQ, "ha", "kg/ha"))
        num = rows[rows["value"].notna()]
        if num.empty:
            continue
        area = values_in(num, "ha", "area burnt")
        layers = ("ipcc_default",) if tier == 1 else ("national", "provincial", "plant")
        fuel = lookup_chain(factors, num, "fuel_consumed", "t/ha", [num["activity"].to_numpy()],
                            layers=layers, what="fuel burnt (M_B x C_f)")
        # Tier 2: national fuel consumption; G_ef national where given, else Table 2.5
        gef_layers = layers if tier == 1 else None
        for gas in BURNING_GASES:
            gef = lookup_chain(factors, num, "G_ef", "g/kg", [num["activity"].to_numpy(), "*"],
                               gas=gas, layers=gef_layers)
            kt = fire_emissions(area, fuel.value, gef.value)
            frames.append(emission_rows(
                num, category=cat, activity=num["activity"].to_numpy(), gas=gas, value=kt,
                tier=tier, method="fire_emissions", equation=_EQ, activity_value=area,
                activity_unit="ha", ief=fuel.value * gef.value, ief_unit="kg/ha",
                factor_layer=gef.layer, factor_source=gef.source,
                activity_ids=num["activity_id"].to_numpy(),
                parameter_ids=join_ids(fuel.parameter_id, gef.parameter_id),
                detail=[f'{{"fuel_consumed": {f:.6g}}}' for f in fuel.value]))
    return frames
