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

``ippu_other_defaults`` sets tiers per gas: 2.D.3 holds the urea catalysts (CO2, Tier 1 with the
default purity) and solvent use (NMVOC, a country factor: Tier 2 for NMVOC), e.g.
``2.D.3: {NMVOC: 2}`` in inventory.yml; each row records the tier of its gas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory import schema
from inventory.categories import covers
from inventory.errors import MethodInputError
from inventory.lookups import take
from inventory.methods import MethodInput, Need, SourceMethod, TierSpec, emission_rows, register
from sectors.ippu.common import INDIRECT, begin, qualifier_of, when

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


def _fluorochemical(inp, rows):
    gas = qualifier_of(rows["activity"]).to_numpy()
    tier = np.zeros(len(rows), dtype="int64")
    for g in pd.unique(gas):
        tier[gas == g] = inp.tier_of(rows[gas == g], g)
    frac = inp.factor(rows, "fugitive_fraction", "fraction", tier=tier)
    kt = fluorochemical_fugitive_emissions(rows["value"], frac.value)
    return [emission_rows(rows, gas=gas, value=kt, tier=tier,
                          method="fluorochemical_fugitive_emissions",
                          equation="IPCC 2006 Vol.3 Ch.3 Sect. 3.10.2",
                          activity_value=rows["value"], activity_unit="kt", lookups=[frac])]


def _urea_catalyst(inp, rows):
    tier = inp.tier_of(rows, "CO2")
    purity = inp.factor(rows, "urea_purity", "fraction", tier=tier)
    co2 = urea_catalyst_co2(rows["value"], purity.value)
    return [emission_rows(rows, gas="CO2", value=co2, tier=tier, method="urea_catalyst_co2",
                          equation="IPCC 2006 Vol.2 Ch.3 Eq. 3.2.2",
                          activity_value=rows["value"], activity_unit="kt", lookups=[purity])]


def _solvent_nmvoc(inp, rows):
    # no IPCC default: a country factor (Tier 2 for NMVOC), required (NMVOC is the row's only
    # output)
    tier = inp.tier_of(rows, "NMVOC")
    ef = inp.factor(rows, "EF_mass", "t/t", "NMVOC", tier=tier)
    kt = activity_times_factor(rows["value"], ef.value)
    return [emission_rows(rows, gas="NMVOC", value=kt, tier=tier,
                          method="activity_times_factor", equation="IPCC 2006 Vol.1 Ch.1 Eq. 1.1",
                          activity_value=rows["value"], activity_unit="kt", lookups=[ef])]


def _awacs(inp, rows):
    frames = []
    tier = inp.tier_of(rows, "SF6")
    planes = (rows["activity"] == "awacs").to_numpy()
    if planes.any():
        sub, t = rows[planes], tier[planes]
        ef = inp.factor(sub, "EF_unit", "kt/item", "SF6", tier=t)
        frames.append(emission_rows(
            sub, gas="SF6", value=awacs_sf6(sub["value"], ef.value), tier=t,
            method="awacs_sf6", equation="IPCC 2006 Vol.3 Ch.8 Sect. 8.3.2 (Tier 1)",
            activity_value=sub["value"], activity_unit="item", ief_unit="kg/item",
            lookups=[ef]))
    refill = ~planes
    if refill.any():
        sub = rows[refill]
        frames.append(emission_rows(
            sub, gas="SF6", value=sub["value"].to_numpy(dtype=float), tier=tier[refill],
            method="awacs_sf6_refill", equation="IPCC 2006 Vol.3 Ch.8 Sect. 8.3.2 (Tier 2)",
            activity_value=sub["value"], activity_unit="kt"))
    return frames


def compute_other_defaults(inp: MethodInput) -> pd.DataFrame:
    frames, a, _ = begin(inp, "other IPPU", "ippu_other_defaults",
                         "IPCC 2006 Vol.3 Chs.3, 5, 8; Vol.2 Ch.3")
    base = a["activity"].astype(str).str.split(":", n=1).str[0].to_numpy()
    for name, fn in (("fluorochemical", _fluorochemical), ("urea_catalyst", _urea_catalyst),
                     ("solvent_use", _solvent_nmvoc)):
        m = base == name
        if m.any():
            frames += fn(inp, a[m])
    m = np.isin(base, ("awacs", "sf6_refill"))
    if m.any():
        frames += _awacs(inp, a[m])
    return schema.concat_emissions(frames)


def _candidate_gases(inp: MethodInput, category: str, tier: int) -> list[str]:
    """Gases with a factor (EF_mass or EF_unit) for ``category`` in the layers ``tier`` allows
    (each distinct factor category is tested once)."""
    tab = inp.factors.table
    layers = set(inp.layers("EF_mass", tier)) | set(inp.layers("EF_unit", tier))
    sel = tab[tab["parameter"].isin(("EF_mass", "EF_unit")) & tab["layer"].isin(layers)]
    cats = sel["category"].astype(str)
    hit = {c: c == "*" or covers(c, category) for c in pd.unique(cats)}
    return sorted(pd.unique(sel.loc[cats.map(hit).to_numpy(dtype=bool), "gas"]))


def compute_country_specific(inp: MethodInput) -> pd.DataFrame:
    frames, a, _ = begin(inp, "country-specific IPPU", "activity_times_factor",
                         "IPCC 2006 Vol.1 Ch.1 Eq. 1.1")
    t = inp.tier_of(a)
    covered = np.zeros(len(a), dtype=bool)
    for cat in pd.unique(a["category"]):
        in_cat = (a["category"] == cat).to_numpy()
        gases = sorted({g for tt in np.unique(t[in_cat])
                        for g in _candidate_gases(inp, cat, int(tt))})
        for gas in gases:
            for unit, parameter, ef_unit, ief_unit in (("kt", "EF_mass", "t/t", None),
                                                       ("item", "EF_unit", "kt/item",
                                                        "kg/item")):
                m = in_cat & (a["unit"] == unit).to_numpy()
                if not m.any():
                    continue
                ef = inp.factor(a[m], parameter, ef_unit, gas, tier=t[m], required=False)
                if not ef.found.any():
                    continue
                f = ef.found
                sub = a[m][f]
                kt = activity_times_factor(sub["value"], ef.value[f])
                frames.append(emission_rows(
                    sub, gas=gas, value=kt, tier=t[m][f], method="activity_times_factor",
                    equation="IPCC 2006 Vol.1 Ch.1 Eq. 1.1", activity_value=sub["value"],
                    activity_unit=unit, ief_unit=ief_unit, lookups=[take(ef, f)]))
                covered[np.flatnonzero(m)[f]] = True
    if not covered.all():
        bad = a[~covered].iloc[0]
        raise MethodInputError(
            f"no country-specific emission factor for '{bad['activity']}' in "
            f"{bad['category']} (region {bad['region']}, year {int(bad['year'])}): IPCC 2006 "
            "has no default method for this category",
            bad.get("source_ref"),
            "a parameter row EF_mass [t/t] (activity in kt) or EF_unit [kt/item] (counts) for "
            "at least one gas, in the national, provincial or plant layer")
    return schema.concat_emissions(frames)


# the same rows need a factor at both tiers; the tier decides the layers (factors=...)
_OTHER_NEEDS = (
    Need("fugitive_fraction", when=when("fluorochemical:"), unit="fraction"),
    Need("urea_purity", when=when(exact=("urea_catalyst",)), unit="fraction"),
    Need("EF_unit", "SF6", when(exact=("awacs",)), "kt/item"),
    Need("EF_mass", "NMVOC", when(exact=("solvent_use",)), "t/t"),
)
register(SourceMethod(
    name="ippu_other_defaults", sector="ippu", categories=DEFAULT_CATEGORIES,
    gases=("CO2", "SF6", "NMVOC", "HFCs", "PFCs", "NF3"), tier_per_gas=True,
    tiers={1: TierSpec(1, "fluorochemical production x 0.5 % (Vol.3 Sect. 3.10.2); urea "
                          "additive x 12/60 x 32.5 % x 44/12 (Vol.2 Eq. 3.2.2); AWACS x 740 kg "
                          "SF6 (Vol.3 Table 8.7)",
                       factors={"fugitive_fraction": "default", "urea_purity": "default",
                                "EF_unit": "default", "EF_mass": "default"},
                       requires=_OTHER_NEEDS),
           2: TierSpec(2, "plant- or country-specific loss fraction and purity; solvent NMVOC "
                          "with a country factor; SF6 refills of AWACS systems (all emitted)",
                       factors={"fugitive_fraction": "country", "urea_purity": "country",
                                "EF_unit": "country", "EF_mass": "country"},
                       requires=_OTHER_NEEDS)},
    compute=compute_other_defaults, doc=__doc__ or ""))

register(SourceMethod(
    name="ippu_country_specific", sector="ippu", categories=COUNTRY_SPECIFIC_CATEGORIES,
    gases=("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3") + INDIRECT,
    tiers={2: TierSpec(2, "activity x country- or region-specific factor per gas (no IPCC "
                          "default method)", factors={"EF_mass": "country", "EF_unit": "country"}),
           3: TierSpec(3, "activity x plant-specific factor per gas",
                       factors={"EF_mass": "country", "EF_unit": "country"})},
    compute=compute_country_specific, doc=__doc__ or ""))
