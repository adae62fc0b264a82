"""Gases and global warming potentials.

GWP values come from the ``globalwarmingpotentials`` package (IPCC assessment report tables);
AR5 GWP100 is the ETF reporting default (decision 18/CMA.1 annex para. 37), AR4/AR6 selectable.
Every output records the set used.
"""

from __future__ import annotations

import globalwarmingpotentials as gwp
import numpy as np
import pandas as pd

from inventory.errors import InputError

__all__ = ["DEFAULT_GWP_SET", "GWP_SETS", "KYOTO_GASES", "canonical_gas", "gwp_table",
           "co2_equivalent", "with_co2eq", "UNSPECIFIED_MIX"]

DEFAULT_GWP_SET = "AR5GWP100"
GWP_SETS = ("AR4GWP100", "AR5GWP100", "AR6GWP100")
KYOTO_GASES = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
INDIRECT_GASES = ("NOx", "CO", "NMVOC", "SO2")
# An unspecified mix of HFCs and PFCs (CRT Summary1, Table2(II)) is reported in kt CO2 eq
# already: its "GWP" is 1.
UNSPECIFIED_MIX = "UnspMixOfHFCsPFCs"


def canonical_gas(name: str) -> str:
    """'HFC-134a' -> 'HFC134a', 'co2' -> 'CO2' (the globalwarmingpotentials spelling)."""
    t = str(name).strip().replace("-", "").replace(" ", "")
    upper = t.upper()
    for g in ("CO2", "CH4", "N2O", "SF6", "NF3", "NOX", "CO", "NMVOC", "SO2"):
        if upper == g:
            return {"NOX": "NOx"}.get(g, g)
    if upper.startswith(("HFC", "PFC", "HCFC", "CFC")):
        return upper[:3] + t[3:] if upper.startswith(("HFC", "PFC", "CFC")) else t
    return t


def gwp_table(gwp_set: str = DEFAULT_GWP_SET) -> pd.Series:
    """GWP by gas for a set, CO2 = 1 added (the package has no CO2 row)."""
    if gwp_set not in gwp.data:
        raise InputError(f"unknown GWP set '{gwp_set}'", "inventory.yml, key 'gwp'",
                         ", ".join(GWP_SETS))
    values = dict(gwp.data[gwp_set])
    values["CO2"] = 1.0
    return pd.Series(values, dtype="float64", name=gwp_set)


def co2_equivalent(values: pd.Series, gases: pd.Series, gwp_set: str = DEFAULT_GWP_SET,
                   ) -> pd.Series:
    """Emissions [kt gas] times GWP -> [kt CO2-eq]. Indirect gases have no GWP here: NaN.

    The only place CO2 equivalents are computed: the run's combine step calls it once and
    every table downstream reads its ``value_co2eq`` column. An unspecified mix of HFCs and
    PFCs (:data:`UNSPECIFIED_MIX`) is already in kt CO2 eq."""
    table = gwp_table(gwp_set).copy()
    table[UNSPECIFIED_MIX] = 1.0
    g = gases.astype(str)
    unknown = ~g.isin(table.index) & ~g.isin(INDIRECT_GASES)
    if unknown.any():
        raise InputError(f"no {gwp_set} value for gas {sorted(set(g[unknown]))}",
                         "emissions table, column 'gas'", "a gas of the GWP table")
    factor = g.map(table).astype("float64").to_numpy()
    return pd.Series(values.to_numpy(dtype="float64") * factor, index=values.index,
                     name="value_co2eq").where(~np.isnan(factor))


def with_co2eq(emissions: pd.DataFrame, gwp_set: str) -> pd.DataFrame:
    """``emissions`` with ``value_co2eq`` in ``gwp_set`` (recomputed only when the table has
    none or carries another set, e.g. an archived submission compared under a new GWP set)."""
    same = ("value_co2eq" in emissions and "gwp_set" in emissions
            and (emissions["gwp_set"].astype(str) == gwp_set).all())
    if same:
        return emissions
    return emissions.assign(value_co2eq=co2_equivalent(emissions["value"], emissions["gas"],
                                                       gwp_set).to_numpy(),
                            gwp_set=gwp_set)
