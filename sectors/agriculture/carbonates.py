"""CO2 from liming (IPCC 2006 3.C.2 -> CRT 3.G), urea application (3.C.3 -> CRT 3.H) and other
carbon-containing fertilisers (3.C.8 -> CRT 3.I).

IPCC 2006 Vol.4 Ch.11 Eq. 11.12 (limestone 0.12, dolomite 0.13 t C/t) and Eq. 11.13 (urea
0.20 t C/t). Other carbon-containing fertilisers (e.g. the carbonate in calcium ammonium
nitrate) have no IPCC default: they take the same form with a national carbon content
(parameter ``EF_C``, t C per t product, national layer) and are Tier 2 only.

Activity: ``limestone``, ``dolomite`` [kt] in 3.C.2; ``urea`` [kt] in 3.C.3; any product id
[kt] in 3.C.8.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import MethodInputError
from inventory.methods import MethodInput, emission_rows, keyed_rows

from .common import CO2_PER_C, AgriOptions, ensure_known, values_in

__all__ = ["carbonate_co2", "soil_carbonates"]

_EQ = {"3.C.2": "IPCC 2006 Vol.4 Ch.11 Eq. 11.12", "3.C.3": "IPCC 2006 Vol.4 Ch.11 Eq. 11.13",
       "3.C.8": "IPCC 2006 Vol.4 Ch.11 Eq. 11.13 (form of)"}
_KNOWN = {"3.C.2": ("limestone", "dolomite"), "3.C.3": ("urea",)}


def carbonate_co2(mass, carbon_factor):
    """CO2 from carbon applied to soils in lime, urea or other carbon-containing fertiliser.

    Parameters
    ----------
    mass : array-like [kt yr-1] product applied
    carbon_factor : array-like [t C t-1] EF (limestone 0.12, dolomite 0.13, urea 0.20)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.12 (liming) and Eq. 11.13 (urea): CO2-C = M x EF;
    CO2 = CO2-C x 44/12.
    """
    return np.asarray(mass, dtype=float) * np.asarray(carbon_factor, dtype=float) * CO2_PER_C


def soil_carbonates(inp: MethodInput, act: pd.DataFrame, opts: AgriOptions
                    ) -> list[pd.DataFrame]:
    """Emission rows of 3.C.2, 3.C.3 and 3.C.8."""
    cat = act["category"].to_numpy()
    ok = np.ones(len(act), dtype=bool)
    for c, names in _KNOWN.items():
        ok &= (cat != c) | act["activity"].isin(names).to_numpy()
    ensure_known(act, ok, "carbonate product",
                 "limestone or dolomite in 3.C.2, urea in 3.C.3, any product id in 3.C.8 "
                 "(with a national EF_C row)")
    tier = inp.tier_of(act, "CO2")
    if ((cat == "3.C.8") & (tier < 2)).any():
        raise MethodInputError(
            "other carbon-containing fertilisers (3.C.8) have no IPCC default carbon "
            "content, so no Tier 1", "inventory.yml, key 'tiers'",
            "tiers: {'3.C.8': 2} and a national EF_C row (t C per t) per product")
    equation = act["category"].map(_EQ).to_numpy()
    frames = []
    keyed = act["value"].isna().to_numpy()
    if keyed.any():
        frames.append(keyed_rows(act[keyed], ("CO2",), tier=tier[keyed],
                                 method="carbonate_co2", equation=equation[keyed],
                                 activity_unit="t"))
    num = act[~keyed]
    if num.empty:
        return frames
    mass = values_in(num, "kt", "mass applied")
    ef = inp.factor(num, "EF_C", "t/t", "CO2", tier=tier[~keyed])
    frames.append(emission_rows(
        num, gas="CO2", value=carbonate_co2(mass, ef.value), tier=tier[~keyed],
        method="carbonate_co2", equation=equation[~keyed], activity_value=mass * 1000.0,
        activity_unit="t", ief_unit="t/t", lookups=[ef]))
    return frames
