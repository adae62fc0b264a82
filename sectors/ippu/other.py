"""The remaining IPPU categories: fluorochemical fugitives, urea catalysts and solvents, military
SF6, and the 'other' rows the guidelines leave to national methods.

Two methods, because their tiers differ:

``ippu_other_defaults`` (Tier 1 with IPCC defaults, Tier 2 with country/plant factors):

* Fugitive emissions from fluorochemical production 2.B.9.b (IPCC 2006 Vol.3 Ch.3 Sect. 3.10.2,
  Tier 1): production of each fluorinated compound x a default loss of 0.5 % of production
  (uncertainty 0.5 +/- 0.5 %, Sect. 3.10.2.3). Activity 'fluorochemical:<gas>' [kt produced];
  the emitted gas is the compound itself.
* Urea-based catalytic converters 2.D.3 (CO2, IPCC 2006 Vol.2 Ch.3 Eq. 3.2.2, reported under
  IPPU in the CRT): additive [kt] x 12/60 x purity (default 32.5 % urea) x 44/12. The fuel's
  own CO2 stays in 1.A.3.b.
* Solvent use 2.D.3 (NMVOC only, an optional indirect gas): solvent used [kt] x a country
  factor. IPCC 2006 gives no default (Vol.3 Ch.5 Sect. 5.5 refers to EMEP/EEA); no factor is an
  error, since the row's only output would be missing.
* SF6 from AWACS, military applications 2.G.2.a (IPCC 2006 Vol.3 Ch.8 Sect. 8.3.2): Tier 1
  planes [item] x 740 kg SF6 per plane per year (Table 8.7); Tier 2 the SF6 bought to refill
  the systems [kt], all of it emitted (a system holds ~13 kg against ~740 kg lost a year, so
  refills equal emissions).

``ippu_country_specific`` (Tiers 2-3 only): 2.B.10, 2.C.7, 2.E.4, 2.E.5, 2.F.6, 2.G.2.b
(particle accelerators), 2.G.2.c, 2.G.4, 2.H. IPCC 2006 has no default method or factor for
these; each activity 'other:<name>' (or 'accelerator' in 2.G.2.b) gives emissions = activity
x the country-, region- or plant-specific factor of every gas that has one (EF_mass [t/t] for
activity in kt, EF_unit [kt/item] for counts). A numeric row without any factor is an error;
notation-key rows report their key for the category's usual gases.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.categories import covers
from inventory.errors import MethodInputError
from inventory.methods import MethodInput, SourceMethod, TierSpec, register
from sectors.ippu.common import (
    ALL_LAYERS,
    COUNTRY_LAYERS,
    INDIRECT,
    check_activity,
    concat,
    emission_frame,
    factor,
    keyed_frame,
    qualifier_of,
)

__all__ = ["fluorochemical_fugitive_emissions", "urea_catalyst_co2", "awacs_sf6",
           "activity_times_factor", "compute_other_defaults", "compute_country_specific",
           "DEFAULT_CATEGORIES", "COUNTRY_SPECIFIC_CATEGORIES"]

DEFAULT_CATEGORIES = ("2.B.9.b", "2.D.3", "2.G.2.a")
COUNTRY_SPECIFIC_CATEGORIES = ("2.B.10", "2.C.7", "2.E.4", "2.E.5", "2.F.6", "2.G.2.b",
                               "2.G.2.c", "2.G.4", "2.H")
UREA_C_FRACTION = 12.0 / 60.0     # C in CO(NH2)2 by mass
C_TO_CO2 = 44.0 / 12.0


def fluorochemical_fugitive_emissions(production, fugitive_fraction):
    """Fugitive emissions of a fluorinated compound from its production.

    Parameters
    ----------
    production : array-like [kt compound produced]
    fugitive_fraction : array-like [fraction of production] (Tier 1 default 0.005)

    Returns
    -------
    array-like [kt compound]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.3 Sect. 3.10.2 (Tier 1): E_k = P_k x EF_default,k.
    """
    return np.asarray(production, dtype=float) * np.asarray(fugitive_fraction, dtype=float)


def urea_catalyst_co2(additive, purity):
    """CO2 from urea-based additives in catalytic converters (selective catalytic reduction).

    Parameters
    ----------
    additive : array-like [kt urea-based additive consumed]
    purity : array-like [fraction urea in the additive] (default 0.325)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.3 Eq. 3.2.2: Emissions = Activity x 12/60 x Purity x 44/12.
    """
    return (np.asarray(additive, dtype=float) * UREA_C_FRACTION
            * np.asarray(purity, dtype=float) * C_TO_CO2)


def awacs_sf6(planes, emission_per_plane):
    """SF6 from the radar systems of AWACS reconnaissance planes (Tier 1).

    Parameters
    ----------
    planes : array-like [item] planes in the national fleet
    emission_per_plane : array-like [kt SF6 item-1 yr-1] (740 kg = 7.4e-4 kt, Table 8.7)

    Returns
    -------
    array-like [kt SF6]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.8 Sect. 8.3.2 Tier 1: emissions = number of planes x emission factor.
    """
    return np.asarray(planes, dtype=float) * np.asarray(emission_per_plane, dtype=float)


def activity_times_factor(activity, emission_factor):
    """Emissions of a category without an IPCC default method: activity x country factor.

    Parameters
    ----------
    activity : array-like [kt] or [item]
    emission_factor : array-like [kt gas kt-1] or [kt gas item-1]

    Returns
    -------
    array-like [kt gas]

    Notes
    -----
    IPCC 2006 Vol.1 Ch.1 Eq. 1.1 (Emissions = AD x EF) with a country-, region- or
    plant-specific EF: the guidelines give no default method for these categories.
    """
    return np.asarray(activity, dtype=float) * np.asarray(emission_factor, dtype=float)


def _fluorochemical(inp, rows, tier):
    gas = qualifier_of(rows["activity"]).to_numpy()
    frac = factor(inp, rows, "fugitive_fraction", "fraction", tier=tier)
    kt = fluorochemical_fugitive_emissions(rows["value"], frac.value)
    return [emission_frame(rows, gas=gas, value=kt, tier=tier,
                           method="fluorochemical_fugitive_emissions",
                           equation="IPCC 2006 Vol.3 Ch.3 Sect. 3.10.2",
                           activity_value=rows["value"], activity_unit="kt",
                           factor_layer=frac.layer, factor_source=frac.source,
                           parameter_ids=frac.ids)]


def _urea_catalyst(inp, rows, tier):
    purity = factor(inp, rows, "urea_purity", "fraction", tier=tier)
    co2 = urea_catalyst_co2(rows["value"], purity.value)
    return [emission_frame(rows, gas="CO2", value=co2, tier=tier, method="urea_catalyst_co2",
                           equation="IPCC 2006 Vol.2 Ch.3 Eq. 3.2.2",
                           activity_value=rows["value"], activity_unit="kt",
                           factor_layer=purity.layer, factor_source=purity.source,
                           parameter_ids=purity.ids)]


def _solvent_nmvoc(inp, rows, tier):
    # no IPCC default: a factor from any layer, required (NMVOC is the row's only output)
    ef = factor(inp, rows, "EF_mass", "t/t", "NMVOC")
    kt = activity_times_factor(rows["value"], ef.value)
    return [emission_frame(rows, gas="NMVOC", value=kt, tier=tier,
                           method="activity_times_factor", equation="IPCC 2006 Vol.1 Ch.1 Eq. 1.1",
                           activity_value=rows["value"], activity_unit="kt",
                           factor_layer=ef.layer, factor_source=ef.source,
                           parameter_ids=ef.ids)]


def _awacs(inp, rows, tier):
    frames = []
    planes = (rows["activity"] == "awacs").to_numpy()
    if planes.any():
        sub = rows[planes]
        ef = factor(inp, sub, "EF_unit", "kt/item", "SF6", tier=tier[planes])
        frames.append(emission_frame(
            sub, gas="SF6", value=awacs_sf6(sub["value"], ef.value), tier=tier[planes],
            method="awacs_sf6", equation="IPCC 2006 Vol.3 Ch.8 Sect. 8.3.2 (Tier 1)",
            activity_value=sub["value"], activity_unit="item", factor_layer=ef.layer,
            factor_source=ef.source, parameter_ids=ef.ids))
    refill = ~planes
    if refill.any():
        sub = rows[refill]
        frames.append(emission_frame(
            sub, gas="SF6", value=sub["value"].to_numpy(dtype=float), tier=tier[refill],
            method="awacs_sf6_refill", equation="IPCC 2006 Vol.3 Ch.8 Sect. 8.3.2 (Tier 2)",
            activity_value=sub["value"], activity_unit="kt", factor_layer=None,
            factor_source=None, parameter_ids=""))
    return frames


def compute_other_defaults(inp: MethodInput) -> pd.DataFrame:
    act = inp.activity.reset_index(drop=True)
    tier = np.asarray(inp.tier)
    info = check_activity(act, "other IPPU", tier)
    num = act["value"].notna().to_numpy()
    frames = [keyed_frame(act[~num], info[~num], tier[~num], "ippu_other_defaults",
                          "IPCC 2006 Vol.3 Chs.3, 5, 8; Vol.2 Ch.3")]
    a, t = act[num], tier[num]
    base = a["activity"].astype(str).str.split(":", n=1).str[0].to_numpy()
    for name, fn in (("fluorochemical", _fluorochemical), ("urea_catalyst", _urea_catalyst),
                     ("solvent_use", _solvent_nmvoc)):
        m = base == name
        if m.any():
            frames += fn(inp, a[m], t[m])
    m = np.isin(base, ("awacs", "sf6_refill"))
    if m.any():
        frames += _awacs(inp, a[m], t[m])
    return concat(frames)


def _candidate_gases(inp: MethodInput, category: str) -> list[str]:
    """Gases with a country-specific factor (EF_mass or EF_unit) for ``category``."""
    tab = inp.factors.table
    sel = tab[tab["parameter"].isin(("EF_mass", "EF_unit"))
              & tab["layer"].isin(COUNTRY_LAYERS)]
    cats = sel["category"].astype(str)
    hit = {c: c == "*" or covers(c, category) for c in pd.unique(cats)}   # per distinct code
    return sorted(pd.unique(sel.loc[cats.map(hit).to_numpy(dtype=bool), "gas"]))


def compute_country_specific(inp: MethodInput) -> pd.DataFrame:
    act = inp.activity.reset_index(drop=True)
    tier = np.asarray(inp.tier)
    info = check_activity(act, "country-specific IPPU", tier)
    num = act["value"].notna().to_numpy()
    frames = [keyed_frame(act[~num], info[~num], tier[~num], "activity_times_factor",
                          "IPCC 2006 Vol.1 Ch.1 Eq. 1.1")]
    a, t = act[num], tier[num]
    covered = np.zeros(len(a), dtype=bool)
    for cat in pd.unique(a["category"]):
        in_cat = (a["category"] == cat).to_numpy()
        for gas in _candidate_gases(inp, cat):
            for unit, parameter, ef_unit in (("kt", "EF_mass", "t/t"),
                                             ("item", "EF_unit", "kt/item")):
                m = in_cat & (a["unit"] == unit).to_numpy()
                if not m.any():
                    continue
                ef = factor(inp, a[m], parameter, ef_unit, gas, layers=COUNTRY_LAYERS,
                            required=False)
                if not ef.found.any():
                    continue
                f = ef.found
                sub = a[m][f]
                kt = activity_times_factor(sub["value"], ef.value[f])
                frames.append(emission_frame(
                    sub, gas=gas, value=kt, tier=t[m][f], method="activity_times_factor",
                    equation="IPCC 2006 Vol.1 Ch.1 Eq. 1.1", activity_value=sub["value"],
                    activity_unit=unit, factor_layer=ef.layer[f], factor_source=ef.source[f],
                    parameter_ids=ef.ids[f]))
                idx = np.flatnonzero(m)[f]
                covered[idx] = True
    if not covered.all():
        bad = a[~covered].iloc[0]
        raise MethodInputError(
            f"no country-specific emission factor for '{bad['activity']}' in "
            f"{bad['category']} (region {bad['region']}, year {int(bad['year'])}): IPCC 2006 "
            "has no default method for this category",
            bad.get("source_ref"),
            "a parameter row EF_mass [t/t] (activity in kt) or EF_unit [kt/item] (counts) for "
            "at least one gas, in the national, provincial or plant layer")
    return concat(frames)


register(SourceMethod(
    name="ippu_other_defaults", sector="ippu", categories=DEFAULT_CATEGORIES,
    gases=("CO2", "SF6", "NMVOC", "HFCs", "PFCs", "NF3"),
    tiers={1: TierSpec(1, "fluorochemical production x 0.5 % (Vol.3 Sect. 3.10.2); urea "
                          "additive x 12/60 x 32.5 % x 44/12 (Vol.2 Eq. 3.2.2); AWACS x 740 kg "
                          "SF6 (Vol.3 Table 8.7)",
                       ("fugitive_fraction", "urea_purity", "EF_unit"), ALL_LAYERS[:1]),
           2: TierSpec(2, "plant- or country-specific loss fraction and purity; SF6 refills "
                          "of AWACS systems (all emitted)",
                       ("fugitive_fraction", "urea_purity"), COUNTRY_LAYERS)},
    compute=compute_other_defaults, doc=__doc__ or ""))

register(SourceMethod(
    name="ippu_country_specific", sector="ippu", categories=COUNTRY_SPECIFIC_CATEGORIES,
    gases=("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3") + INDIRECT,
    tiers={2: TierSpec(2, "activity x country- or region-specific factor per gas (no IPCC "
                          "default method)", ("EF_mass", "EF_unit"), COUNTRY_LAYERS),
           3: TierSpec(3, "activity x plant-specific factor per gas", ("EF_mass", "EF_unit"),
                       COUNTRY_LAYERS)},
    compute=compute_country_specific, doc=__doc__ or ""))
