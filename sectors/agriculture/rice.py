"""Rice cultivation (IPCC 2006 3.C.7 -> CRT 3.C): CH4 from flooded rice fields.

IPCC 2006 Vol.4 Ch.5 Sect. 5.5 with the default factors (Tables 5.11-5.14) of the project's
guideline edition (the 2019 Refinement adds the regional EFc of Table 5.11A and the
pre-season regime nonflooded_gt365).
Activity rows per water regime (``irrigated_continuously_flooded``, ``irrigated_single_drainage``,
``irrigated_multiple_drainage``, ``rainfed_regular``, ``rainfed_drought_prone``, ``deep_water``):

* ``<regime>`` [ha] annual harvested area (double cropping counts twice);
* ``<regime>:days`` [d] cultivation period;
* ``<regime>:<amendment>`` [t/ha] organic amendment applied (``straw_short``, ``straw_long``
  dry weight; ``compost``, ``farmyard_manure``, ``green_manure`` fresh weight), optional.

Tier 1: EF = EFc x SFw x SFp x SFo (Eq. 5.2) with the global or regional EFc and the default
scaling factors; Tier 2: a country-specific EFc (parameter ``EF_rice_base``, keyed by the water
regime or ``*``) and, where given, country-specific scaling factors. The pre-season water
regime is ``options.agriculture.rice_preseason``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.lookups import restrict
from inventory.methods import MethodInput, emission_rows, keyed_rows

from .common import (
    AgriOptions,
    ensure_known,
    factor_chain,
    split_ids,
    values_in,
)

__all__ = ["rice_daily_emission_factor", "organic_amendment_scaling_factor",
           "rice_ch4_emissions", "rice_cultivation", "WATER_REGIMES", "AMENDMENTS"]

WATER_REGIMES = ("irrigated_continuously_flooded", "irrigated_single_drainage",
                 "irrigated_multiple_drainage", "rainfed_regular", "rainfed_drought_prone",
                 "deep_water")
AMENDMENTS = ("straw_short", "straw_long", "compost", "farmyard_manure", "green_manure")
_EQ = "IPCC 2006 Vol.4 Ch.5 Eqs. 5.1, 5.2, 5.3"


def rice_daily_emission_factor(ef_baseline, sf_water, sf_preseason, sf_organic,
                               sf_soil=1.0):
    """Adjusted daily CH4 emission factor of a rice ecosystem.

    Parameters
    ----------
    ef_baseline : array-like [kg CH4 ha-1 d-1] EFc, continuously flooded, no amendments
    sf_water : array-like [-] water regime during cultivation (Table 5.12)
    sf_preseason : array-like [-] water regime before cultivation (Table 5.13)
    sf_organic : array-like [-] organic amendments (Eq. 5.3)
    sf_soil : array-like [-] soil type / cultivar (1 at Tier 1)

    Returns
    -------
    array-like [kg CH4 ha-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.5 Eq. 5.2: EF_i = EF_c x SF_w x SF_p x SF_o x SF_s,r.
    """
    f = np.asarray
    return (f(ef_baseline, dtype=float) * f(sf_water, dtype=float)
            * f(sf_preseason, dtype=float) * f(sf_organic, dtype=float) * f(sf_soil, dtype=float))


def organic_amendment_scaling_factor(rates, conversion_factors):
    """Scaling factor for organic amendments.

    Parameters
    ----------
    rates : array-like [t ha-1], shape (n, k): application rate of each amendment
        (straw dry weight, others fresh weight)
    conversion_factors : array-like [-], shape (n, k) or (k,): CFOA (Table 5.14)

    Returns
    -------
    array-like [-], shape (n,)

    Notes
    -----
    IPCC 2006 Vol.4 Ch.5 Eq. 5.3: SF_o = (1 + sum_i ROA_i x CFOA_i)^0.59.
    """
    r = np.atleast_2d(np.asarray(rates, dtype=float))
    return (1.0 + (r * np.asarray(conversion_factors, dtype=float)).sum(axis=1)) ** 0.59


def rice_ch4_emissions(daily_emission_factor, cultivation_period, area):
    """CH4 from rice cultivation.

    Parameters
    ----------
    daily_emission_factor : array-like [kg CH4 ha-1 d-1]
    cultivation_period : array-like [d]
    area : array-like [ha yr-1] harvested

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.5 Eq. 5.1: CH4 = sum(EF_ijk x t_ijk x A_ijk x 10^-6) (Gg = kt).
    """
    return (np.asarray(daily_emission_factor, dtype=float)
            * np.asarray(cultivation_period, dtype=float) * np.asarray(area, dtype=float) * 1e-6)


def rice_cultivation(inp: MethodInput, act: pd.DataFrame, opts: AgriOptions
                     ) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Emission rows of 3.C.7 and the background table ``agriculture.rice`` (per region,
    year and water regime: area, cultivation period, EFc, scaling factors, daily factor)."""
    base, attr = split_ids(act["activity"])
    ensure_known(act, base.isin(WATER_REGIMES) & attr.isin(("", "days", *AMENDMENTS)),
                 "rice activity", f"a water regime ({', '.join(WATER_REGIMES)}), "
                 f"<regime>:days or <regime>:<amendment> ({', '.join(AMENDMENTS)})")
    a = act.assign(regime=base.to_numpy(), attr=attr.to_numpy())
    units = {"": ("ha", "rice area harvested"), "days": ("d", "cultivation period")}
    v = np.full(len(a), np.nan)
    num = a["value"].notna().to_numpy()
    for key in ("", "days", *AMENDMENTS):
        sel = (a["attr"] == key).to_numpy() & num
        if sel.any():
            unit, what = units.get(key, ("t/ha", "organic amendment rate"))
            v[sel] = values_in(a[sel], unit, what)
    a["v"] = v
    keys = ["region", "year", "regime"]
    area = a[a["attr"] == ""]
    frames = []
    keyed = area[area["v"].isna()]
    if len(keyed):
        frames.append(keyed_rows(keyed, ("CH4",), tier=inp.tier_of(keyed, "CH4"),
                                 category="3.C.7", activity=keyed["regime"].to_numpy(),
                                 method="rice_ch4_emissions", equation=_EQ,
                                 activity_unit="ha"))
    area = area[area["v"].notna()]
    if area.empty:
        return frames, pd.DataFrame()
    wide = a[a["attr"] != ""].pivot(index=keys, columns="attr", values="v")
    ids = a.groupby(keys)["activity_id"].agg(";".join)
    g = area.set_index(keys)[["v", "source_ref", "category"]].rename(columns={"v": "area"})
    g = g.join(wide).join(ids.rename("ids")).reset_index()
    if "days" not in g or g["days"].isna().any():
        r = g[g.get("days", pd.Series(np.nan, index=g.index)).isna()].iloc[0]
        raise InputError(f"rice area {r['regime']} in {r['region']} {int(r['year'])} has no "
                         "cultivation period", r["source_ref"],
                         f"a row {r['regime']}:days in 3.C.7 [d]")
    rows = pd.DataFrame({"region": g["region"], "year": g["year"], "category": "3.C.7",
                         "activity": g["regime"], "source_ref": g["source_ref"]})
    tier = inp.tier_of(rows, "CH4")
    # Tier 1: the regional EFc of Table 5.11A where a region is set, else the global one;
    # Tier 2: the national EFc of the row (or of every regime)
    t1 = tier == 1
    region_keys = [f"@{opts.rice_region}", "*"] if opts.rice_region else ["*"]
    efc = factor_chain(inp, rows, "EF_rice_base", "kg/ha/d",
                       [np.where(t1, k, g["regime"]) for k in region_keys], gas="CH4",
                       tier=tier)
    sfw = inp.factor(rows, "SF_water", "fraction", tier=tier)
    sfp = inp.factor(rows, "SF_preseason", "fraction", tier=tier, activity=opts.rice_preseason)
    rates = np.column_stack([g[am].fillna(0.0).to_numpy() if am in g else np.zeros(len(g))
                             for am in AMENDMENTS])
    # a conversion factor is needed only where the amendment is applied (the 2006 Table 5.14
    # and the 2019 Refinement's do not give the same amendments)
    cfoa = [inp.factor(rows, "CFOA", "fraction", tier=tier, activity=am, required=False)
            for am in AMENDMENTS]
    for i, am in enumerate(AMENDMENTS):
        need = (rates[:, i] > 0) & ~cfoa[i].found
        if need.any():      # collected with the method's other misses
            inp.factor(rows[need], "CFOA", "fraction", tier=tier[need], activity=am)
    cf = np.column_stack([np.where(rates[:, i] > 0, c.value, 0.0)
                          for i, c in enumerate(cfoa)])
    sfo = organic_amendment_scaling_factor(rates, cf)
    ef = rice_daily_emission_factor(efc.value, sfw.value, sfp.value, sfo)
    kt = rice_ch4_emissions(ef, g["days"], g["area"])
    used = rates > 0
    frames.append(emission_rows(
        g, gas="CH4", value=kt, tier=tier, category="3.C.7", activity=g["regime"].to_numpy(),
        method="rice_ch4_emissions", equation=_EQ, activity_value=g["area"].to_numpy(),
        activity_unit="ha", ief_unit="kg/ha", activity_ids=g["ids"].to_numpy(),
        lookups=[efc, sfw, sfp, *(restrict(c, used[:, i]) for i, c in enumerate(cfoa))]))
    table = pd.DataFrame({"region": g["region"], "year": g["year"], "regime": g["regime"],
                          "tier": tier, "area": g["area"], "days": g["days"],
                          "efc": efc.value, "sf_water": sfw.value, "sf_preseason": sfp.value,
                          "sf_organic": sfo, "ef_daily": ef})
    return frames, table
