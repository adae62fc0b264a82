"""Non-energy products from fuels 2.D, electronics 2.E and N2O from product uses 2.G.3.

* Lubricant use 2.D.1 and paraffin wax use 2.D.2 (CO2, IPCC 2006 Vol.3 Ch.5 Eqs. 5.2 and 5.4):
  consumption [TJ] x carbon content (20.0 kg C/GJ) x fraction oxidised during use (ODU 0.2) x
  44/12. Consumption in kt is converted with the NCV of Vol.2 Ch.1 Table 1.2 (40.2 TJ/kt).
  Lubricants blended into two-stroke engine fuel are burnt as fuel: Energy (Vol.3 Ch.5
  Sect. 5.2.1), not here.
* Electronics 2.E (PFCs, HFC-23, SF6, NF3; Tier 1, Vol.3 Ch.6 Eq. 6.1): design capacity
  [substrate area] x capacity utilisation (default 80 %) x Table 6.2 factor per gas.
* N2O from product uses 2.G.3 (Vol.3 Ch.8 Eq. 8.24): N2O supplied x 1 (all of it is emitted).

Only Tier 1 is offered: carbon content, ODU and the Table 6.2 factors are IPCC defaults (a
country value for them is not used, and the check ``core.country_parameter_not_used`` lists
it); the NCV of a consumption in kt and the capacity utilisation are country data where given
(default otherwise).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory import schema
from inventory.lookups import take
from inventory.methods import MethodInput, Need, SourceMethod, TierSpec, emission_rows, register
from sectors.ippu.common import begin, by_product, gas_tiers, when, yields

__all__ = ["C_TO_CO2", "non_energy_product_co2", "electronics_fc_emissions",
           "product_use_n2o", "compute_product_use"]

C_TO_CO2 = 44.0 / 12.0


def non_energy_product_co2(consumption, carbon_content, oxidised_during_use):
    """CO2 from the non-energy use of lubricants or paraffin waxes.

    Parameters
    ----------
    consumption : array-like [TJ]
    carbon_content : array-like [kt C TJ-1] (20.0 t C/TJ)
    oxidised_during_use : array-like [fraction] ODU (0.2)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.5 Eq. 5.2 (lubricants: LC x CC x ODU x 44/12); paraffin waxes Eq. 5.4
    has the same form.
    """
    return (np.asarray(consumption, dtype=float) * np.asarray(carbon_content, dtype=float)
            * np.asarray(oxidised_during_use, dtype=float) * C_TO_CO2)


def electronics_fc_emissions(design_capacity, capacity_utilisation, emission_factor):
    """Emissions of one fluorinated gas from electronics manufacture (Tier 1).

    Parameters
    ----------
    design_capacity : array-like [ha] substrate processed at full capacity (1 Gm2 = 1e5 ha)
    capacity_utilisation : array-like [fraction] (default 0.8)
    emission_factor : array-like [kt gas ha-1] (Table 6.2, given in kg/m2 or g/m2)

    Returns
    -------
    array-like [kt gas]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.6 Eq. 6.1: FC_i = EF_i x C_u x C_d.
    """
    return (np.asarray(design_capacity, dtype=float)
            * np.asarray(capacity_utilisation, dtype=float)
            * np.asarray(emission_factor, dtype=float))


def product_use_n2o(n2o_supplied, emission_factor=1.0):
    """N2O from medical, propellant and other product uses.

    Parameters
    ----------
    n2o_supplied : array-like [kt N2O]
    emission_factor : array-like [fraction] emitted (1.0)

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.8 Eq. 8.24 (all N2O supplied is emitted in the year).
    """
    return np.asarray(n2o_supplied, dtype=float) * np.asarray(emission_factor, dtype=float)


def _non_energy(inp, rows):
    frames = []
    tier = inp.tier_of(rows)
    value = rows["value"].to_numpy(dtype=float)
    in_kt = rows["unit"].eq("kt").to_numpy()
    for kt in (False, True):
        m = in_kt == kt
        if not m.any():
            continue
        sub, t = rows[m], tier[m]
        lookups = []
        tj = value[m]
        if kt:      # consumption in kt: x NCV (Vol.2 Ch.1 Table 1.2) to TJ
            ncv = inp.factor(sub, "NCV", "TJ/kt", tier=t)
            tj, lookups = tj * ncv.value, [ncv]
        cc = inp.factor(sub, "carbon_content", "kt/TJ", tier=t)
        odu = inp.factor(sub, "oxidised_during_use", "fraction", tier=t)
        eq = np.where(sub["category"].eq("2.D.1"), "IPCC 2006 Vol.3 Ch.5 Eq. 5.2",
                      "IPCC 2006 Vol.3 Ch.5 Eq. 5.4")
        frames.append(emission_rows(
            sub, gas="CO2", value=non_energy_product_co2(tj, cc.value, odu.value), tier=t,
            method="non_energy_product_co2", equation=eq, activity_value=tj,
            activity_unit="TJ", lookups=[*lookups, cc, odu]))
    return frames


def _electronics(inp, rows, info):
    tier = inp.tier_of(rows)
    cu = inp.factor(rows, "capacity_utilisation", "fraction", tier=tier)
    frames = []
    for gas, part in gas_tiers(inp, rows, info["gases"]).groupby("gas", sort=False):
        i = part["i"].to_numpy()
        sub, t = rows.iloc[i], part["tier"].to_numpy()
        ef = inp.factor(sub, "EF_area", "kt/ha", gas, tier=t)
        av = sub["value"].to_numpy(dtype=float)
        frames.append(emission_rows(
            sub, gas=gas, value=electronics_fc_emissions(av, cu.value[i], ef.value), tier=t,
            method="electronics_fc_emissions", equation="IPCC 2006 Vol.3 Ch.6 Eq. 6.1",
            activity_value=av, activity_unit="ha", ief_unit="kg/m^2",
            lookups=[ef, take(cu, i)]))
    return frames


def compute_product_use(inp: MethodInput) -> pd.DataFrame:
    frames, a, inf = begin(inp, "product use", "product_use", "IPCC 2006 Vol.3 Chs.5, 6, 8")
    cat = a["category"].astype(str)
    ne = cat.str.startswith("2.D").to_numpy()
    el = cat.str.startswith("2.E").to_numpy()
    n2o = cat.str.startswith("2.G.3").to_numpy()
    if ne.any():
        frames += _non_energy(inp, a[ne])
    if el.any():
        frames += _electronics(inp, a[el], inf[el])
    if n2o.any():
        frames += by_product(inp, a[n2o], inf[n2o], product_use_n2o, "product_use_n2o",
                             "IPCC 2006 Vol.3 Ch.8 Eq. 8.24")
    return schema.concat_emissions(frames)


_ELECTRONICS = ("semiconductor", "tft_fpd", "photovoltaic")
_NON_ENERGY = when(exact=("lubricants", "paraffin_waxes"))
register(SourceMethod(
    name="non_energy_electronics_n2o_use", sector="ippu",
    categories=("2.D.1", "2.D.2", "2.E.1", "2.E.2", "2.E.3", "2.G.3"),
    gases=("CO2", "CF4", "C2F6", "C3F8", "HFC23", "SF6", "NF3", "N2O"),
    tiers={1: TierSpec(
        1, "lubricants/paraffin wax x carbon content x ODU (Eqs. 5.2, 5.4); electronics design "
           "capacity x utilisation x Table 6.2 (Eq. 6.1); N2O supplied x 1 (Eq. 8.24)",
        factors={"NCV": "any", "carbon_content": "default", "oxidised_during_use": "default",
                 "capacity_utilisation": "any", "EF_area": "default", "EF_mass": "default"},
        requires=(Need("NCV", when=lambda r: _NON_ENERGY(r) & r["unit"].eq("kt").to_numpy(),
                       unit="TJ/kt"),
                  *(Need(p, when=_NON_ENERGY, unit=u)
                    for p, u in (("carbon_content", "kt/TJ"), ("oxidised_during_use",
                                                                "fraction"))),
                  Need("capacity_utilisation", when=when(exact=_ELECTRONICS),
                       unit="fraction"),
                  *(Need("EF_area", g, yields(g, 1, skip=("2.G.3",)), "kt/ha")
                    for g in ("CF4", "C2F6", "C3F8", "HFC23", "SF6", "NF3")),
                  Need("EF_mass", "N2O", when(exact=("n2o_use",)), "t/t")))},
    compute=compute_product_use, doc=__doc__ or ""))
