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
from inventory.factors import FactorDB

from .common import (
    CO2_PER_C,
    AgriOptions,
    emission_rows,
    ensure_known,
    keyed_rows,
    lookup_chain,
    values_in,
)

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


def soil_carbonates(act: pd.DataFrame, tiers: dict[str, int], factors: FactorDB,
                    opts: AgriOptions) -> list[pd.DataFrame]:
    cat = act["category"].to_numpy()
    ok = np.ones(len(act), dtype=bool)
    for c, names in _KNOWN.items():
        ok &= (cat != c) | act["activity"].isin(names).to_numpy()
    ensure_known(act, ok, "carbonate product",
                 "limestone or dolomite in 3.C.2, urea in 3.C.3, any product id in 3.C.8 "
                 "(with a national EF_C row)")
    frames = []
    for c in ("3.C.2", "3.C.3", "3.C.8"):
        rows = act[act["category"] == c]
        if rows.empty:
            continue
        tier = tiers.get(c, 1)
        if c == "3.C.8" and tier < 2:
            raise MethodInputError(
                "other carbon-containing fertilisers (3.C.8) have no IPCC default carbon "
                "content, so no Tier 1", "inventory.yml, key 'tiers'",
                "tiers: {'3.C.8': 2} and a national EF_C row (t C per t) per product")
        keyed = rows[rows["value"].isna()]
        if len(keyed):
            frames.append(keyed_rows(keyed, c, keyed["activity"], ("CO2",), tier,
                                     "carbonate_co2", _EQ[c], "t", "t/t"))
        num = rows[rows["value"].notna()]
        if num.empty:
            continue
        mass = values_in(num, "kt", "mass applied")
        layers = ("ipcc_default",) if tier == 1 else ("national", "provincial", "plant")
        ef = lookup_chain(factors, num, "EF_C", "t/t", [num["activity"].to_numpy()],
                          gas="CO2", layers=layers, what="carbon content (t C per t)")
        kt = carbonate_co2(mass, ef.value)
        frames.append(emission_rows(
            num, category=c, activity=num["activity"].to_numpy(), gas="CO2", value=kt,
            tier=tier, method="carbonate_co2", equation=_EQ[c], activity_value=mass * 1000.0,
            activity_unit="t", ief=ef.value * CO2_PER_C, ief_unit="t/t",
            factor_layer=ef.layer, factor_source=ef.source,
            activity_ids=num["activity_id"].to_numpy(), parameter_ids=ef.parameter_id))
    return frames
