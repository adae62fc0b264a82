"""Chemical industry 2.B: CO2, CH4, N2O and HFC-23.

IPCC 2006 Vol.3 Ch.3 (2019 Refinement not applied; see the notes of the default tables):

* Ammonia 2.B.1 (CO2). Tier 1 (Eq. 3.1): production x total fuel requirement (Table 3.1,
  37.5 GJ/t natural gas) x carbon content x carbon oxidation x 44/12. Tier 2 (Eq. 3.2): total
  fuel requirement by fuel [TJ] x carbon content x oxidation x 44/12. In both, CO2 recovered for
  urea production is subtracted (reported as a negative row 'co2_recovered_urea'): its carbon is
  emitted where urea is applied or used (agriculture 3.H, or 2.D/1.A.3 for urea catalysts), so
  counting it here too would double count. Recovery larger than the generated CO2 is an error.
* Nitric acid 2.B.2 (N2O). Tier 1 (Eq. 3.5): production by technology x Table 3.3 factor.
  Tier 2 (Eq. 3.6): the same with a plant destruction factor x abatement utilisation where given.
* Adipic acid 2.B.3 (N2O). Tier 1 (Eq. 3.7): production x 300 kg N2O/t (no abatement).
  Tier 2 (Eq. 3.8): x (1 - destruction factor (Table 3.4 by technology) x abatement system
  utilisation (plant data, required)).
* Caprolactam, glyoxal, glyoxylic acid 2.B.4 (N2O, Eq. 3.9); carbides 2.B.5 (CO2, CH4,
  Eqs. 3.11-3.12); titanium dioxide 2.B.6 (CO2, Eq. 3.13); natural soda ash 2.B.7 (CO2,
  Eq. 3.14); petrochemicals 2.B.8 (CO2 Eq. 3.15, CH4 Eq. 3.16); HFC-23 from HCFC-22 2.B.9.a
  (Tier 1, Eq. 3.30): production x default factor. Tier 1 takes the IPCC defaults, Tier 2 a
  country- or plant-specific factor (national/provincial/plant layer, else an error).

Two methods, because their factor rules differ: ``chemical_industry`` (ammonia and the
production x factor categories; Tier 2 emission factors are country-specific) and
``nitric_adipic_acid`` (2.B.2, 2.B.3; the Tier 2 equations keep the technology factors of
Tables 3.3/3.4 from any layer and add plant abatement data). Both set tiers per gas: the
indirect gases NOx, CO, NMVOC, SO2 have no IPCC defaults, so a country factor for them is a
Tier 2 for that gas (e.g. ``2.B.2: {"*": 1, NOx: 2}`` in inventory.yml).

Feedstock fuels of ammonia and petrochemicals are IPPU activity: they must not also be on the
Energy sheet (sectors/ippu/double_counting.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError
from inventory.lookups import restrict
from inventory.methods import (
    MethodInput,
    Need,
    SourceMethod,
    TierSpec,
    emission_rows,
    register,
)
from sectors.ippu.common import (
    begin,
    by_product,
    indirect_gases,
    known,
    tier_groups,
    when,
    yields,
)

__all__ = ["C_TO_CO2", "ammonia_co2_from_production", "ammonia_co2_from_fuel",
           "nitric_acid_n2o", "adipic_acid_n2o", "abated_n2o", "production_emissions",
           "compute_chemical", "compute_nitric_adipic"]

C_TO_CO2 = 44.0 / 12.0

_EQ_PRODUCT = {
    "2.B.4": {"N2O": "IPCC 2006 Vol.3 Ch.3 Eq. 3.9"},
    "2.B.5": {"CO2": "IPCC 2006 Vol.3 Ch.3 Eq. 3.11", "CH4": "IPCC 2006 Vol.3 Ch.3 Eq. 3.12"},
    "2.B.6": {"CO2": "IPCC 2006 Vol.3 Ch.3 Eq. 3.13"},
    "2.B.7": {"CO2": "IPCC 2006 Vol.3 Ch.3 Eq. 3.14"},
    "2.B.8": {"CO2": "IPCC 2006 Vol.3 Ch.3 Eq. 3.15", "CH4": "IPCC 2006 Vol.3 Ch.3 Eq. 3.16"},
    "2.B.9": {"HFC23": "IPCC 2006 Vol.3 Ch.3 Eq. 3.30"},
}


# ---------------------------------------------------------------- equations
def ammonia_co2_from_production(ammonia, fuel_requirement, carbon_content,
                                carbon_oxidation=1.0):
    """Gross CO2 from ammonia production from output and the fuel requirement (Tier 1).

    Parameters
    ----------
    ammonia : array-like [kt NH3]
    fuel_requirement : array-like [TJ kt-1 NH3] (= GJ/t; Table 3.1, 37.5 for natural gas)
    carbon_content : array-like [kt C TJ-1] of the fuel (natural gas 15.3 t C/TJ)
    carbon_oxidation : array-like [fraction] (1)

    Returns
    -------
    array-like [kt CO2] before subtracting CO2 recovered for urea

    Notes
    -----
    IPCC 2006 Vol.3 Ch.3 Eq. 3.1: E = AP x FR x CCF x COF x 44/12 - R_CO2 (R subtracted by the
    caller, see :func:`compute_chemical`).
    """
    return (np.asarray(ammonia, dtype=float) * np.asarray(fuel_requirement, dtype=float)
            * np.asarray(carbon_content, dtype=float) * np.asarray(carbon_oxidation, dtype=float)
            * C_TO_CO2)


def ammonia_co2_from_fuel(fuel_requirement, carbon_content, carbon_oxidation=1.0):
    """Gross CO2 from ammonia production from the total fuel requirement by fuel (Tier 2).

    Parameters
    ----------
    fuel_requirement : array-like [TJ] of one fuel (feedstock and fuel)
    carbon_content : array-like [kt C TJ-1]
    carbon_oxidation : array-like [fraction]

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.3 Eq. 3.2 (E = sum(TFR_i x CCF_i x COF_i) x 44/12 - R_CO2).
    """
    return (np.asarray(fuel_requirement, dtype=float) * np.asarray(carbon_content, dtype=float)
            * np.asarray(carbon_oxidation, dtype=float) * C_TO_CO2)


def nitric_acid_n2o(production, emission_factor, destruction_factor=0.0,
                    abatement_utilisation=0.0):
    """N2O from nitric acid production.

    Parameters
    ----------
    production : array-like [kt HNO3 (100 %)]
    emission_factor : array-like [kt N2O kt-1] of the technology (Table 3.3)
    destruction_factor : array-like [fraction] of an additional abatement (Tier 2; 0 = none)
    abatement_utilisation : array-like [fraction] of operating time the abatement ran

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.3 Eq. 3.6 (Tier 2; Tier 1 Eq. 3.5 is the case without abatement).
    """
    return abated_n2o(production, emission_factor, destruction_factor, abatement_utilisation)


def adipic_acid_n2o(production, emission_factor, destruction_factor=0.0,
                    abatement_utilisation=0.0):
    """N2O from adipic acid production.

    Parameters
    ----------
    production : array-like [kt adipic acid]
    emission_factor : array-like [kt N2O kt-1] before abatement (300 kg/t, Table 3.4)
    destruction_factor : array-like [fraction] of the abatement technology (Table 3.4)
    abatement_utilisation : array-like [fraction] of operating time the abatement ran

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.3 Eq. 3.8 (Tier 2; Tier 1 Eq. 3.7 is the case without abatement).
    """
    return abated_n2o(production, emission_factor, destruction_factor, abatement_utilisation)


def abated_n2o(production, emission_factor, destruction_factor, abatement_utilisation):
    """Production x EF x (1 - DF x ASUF), the common form of the N2O equations.

    Parameters
    ----------
    production : array-like [kt product]
    emission_factor : array-like [kt N2O kt-1 product]
    destruction_factor : array-like [fraction]
    abatement_utilisation : array-like [fraction]

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.3 Eqs. 3.6 and 3.8 (shared form).
    """
    return (np.asarray(production, dtype=float) * np.asarray(emission_factor, dtype=float)
            * (1.0 - np.asarray(destruction_factor, dtype=float)
               * np.asarray(abatement_utilisation, dtype=float)))


def production_emissions(production, emission_factor):
    """Emissions as production (or raw-material use) times a default emission factor.

    Parameters
    ----------
    production : array-like [kt product or raw material]
    emission_factor : array-like [kt gas kt-1]

    Returns
    -------
    array-like [kt gas]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.3 Eq. 3.9 (caprolactam etc.); the same Tier 1 form is Eqs. 3.11-3.16
    (carbide, titanium dioxide, soda ash, petrochemicals) and Eq. 3.30 (HFC-23).
    """
    return np.asarray(production, dtype=float) * np.asarray(emission_factor, dtype=float)


# ---------------------------------------------------------------- compute
def _eq_product(category: str):
    table = _EQ_PRODUCT[category[:5]]
    return lambda gas: table.get(gas, next(iter(table.values())))


def _ammonia(inp, rows):
    keys = ["region", "year", "category"]
    tier = inp.tier_of(rows, "CO2")
    rec = rows["activity"].eq("co2_recovered_urea").to_numpy()
    gross_rows, rec_rows = rows[~rec], rows[rec]
    gt, rt = tier[~rec], tier[rec]
    frames = []
    # Tier 1: ammonia produced, as 'ammonia' (mixed plants) or 'ammonia:<process type>'
    # (Table 3.1 fuel requirement by process type)
    act = gross_rows["activity"].astype(str)
    t1 = (act.eq("ammonia") | act.str.startswith("ammonia:")).to_numpy()
    gross = np.zeros(len(gross_rows))
    if t1.any():
        sub, t = gross_rows[t1], gt[t1]
        fr = inp.factor(sub, "fuel_requirement", "TJ/kt", tier=t)
        cc = inp.factor(sub, "carbon_content", "kt/TJ", tier=t)
        cof = inp.factor(sub, "carbon_oxidation", "fraction", tier=t)
        kt = ammonia_co2_from_production(sub["value"], fr.value, cc.value, cof.value)
        gross[t1] = kt
        frames.append(emission_rows(
            sub, gas="CO2", value=kt, tier=t, method="ammonia_co2_from_production",
            equation="IPCC 2006 Vol.3 Ch.3 Eq. 3.1", activity_value=sub["value"],
            activity_unit="kt", lookups=[fr, cc, cof]))
    if (~t1).any():
        sub, t = gross_rows[~t1], gt[~t1]
        cc = inp.factor(sub, "carbon_content", "kt/TJ", tier=t)
        cof = inp.factor(sub, "carbon_oxidation", "fraction", tier=t)
        kt = ammonia_co2_from_fuel(sub["value"], cc.value, cof.value)
        gross[~t1] = kt
        frames.append(emission_rows(
            sub, gas="CO2", value=kt, tier=t, method="ammonia_co2_from_fuel",
            equation="IPCC 2006 Vol.3 Ch.3 Eq. 3.2", activity_value=sub["value"],
            activity_unit="TJ", lookups=[cc, cof]))
    if len(rec_rows):
        total = pd.Series(gross, index=pd.MultiIndex.from_frame(gross_rows[keys])) \
            .groupby(level=[0, 1, 2]).sum()
        avail = total.reindex(pd.MultiIndex.from_frame(rec_rows[keys])).fillna(0).to_numpy()
        r = rec_rows["value"].to_numpy(dtype=float)
        over = r > avail * (1 + 1e-9)
        if over.any():
            bad = rec_rows[over].iloc[0]
            raise InputError(
                f"CO2 recovered for urea ({r[over][0]:g} kt) exceeds the CO2 generated by "
                f"ammonia production ({avail[over][0]:g} kt) in {bad['region']} "
                f"{int(bad['year'])}", bad.get("source_ref"),
                "recovered CO2 <= gross CO2 of 2.B.1 (IPCC 2006 Vol.3 Ch.3 Eq. 3.1)")
        frames.append(emission_rows(
            rec_rows, gas="CO2", value=-r, tier=rt, method="ammonia_co2_recovered_for_urea",
            equation="IPCC 2006 Vol.3 Ch.3 Eq. 3.1", activity_value=r, activity_unit="kt"))
    return frames


def compute_chemical(inp: MethodInput) -> pd.DataFrame:
    """Ammonia (Eqs. 3.1, 3.2, urea recovery subtracted) and production x factor for 2.B.4-2.B.9.a
    (Eqs. 3.9-3.16, 3.30), each gas at its own tier."""
    frames, a, inf = begin(inp, "chemical industry", "production_emissions",
                           "IPCC 2006 Vol.3 Ch.3")
    cat = a["category"].astype(str).to_numpy()
    ammonia = cat == "2.B.1"
    if ammonia.any():
        frames += _ammonia(inp, a[ammonia])
    for c in pd.unique(cat[~ammonia]):
        m = cat == c
        frames += by_product(inp, a[m], inf[m], production_emissions, "production_emissions",
                             _eq_product(c))
    return schema.concat_emissions(frames)


def _n2o_abated(inp, rows, kind):
    """Eq. 3.5/3.7 (Tier 1) and Eq. 3.6/3.8 (Tier 2 with the plant's abatement) per row."""
    fn, eq1, eq2 = ((nitric_acid_n2o, "IPCC 2006 Vol.3 Ch.3 Eq. 3.5",
                     "IPCC 2006 Vol.3 Ch.3 Eq. 3.6") if kind == "nitric" else
                    (adipic_acid_n2o, "IPCC 2006 Vol.3 Ch.3 Eq. 3.7",
                     "IPCC 2006 Vol.3 Ch.3 Eq. 3.8"))
    name = "nitric_acid_n2o" if kind == "nitric" else "adipic_acid_n2o"
    tier = inp.tier_of(rows, "N2O")
    frames = []
    for t2, sub, t in tier_groups(rows, tier):
        ef = inp.factor(sub, "EF_mass", "t/t", "N2O", tier=t)
        lookups, df, asuf = [ef], 0.0, 0.0
        if t2:
            # adipic acid: destruction factor by technology (Table 3.4) and the plant's
            # utilisation, both needed; nitric acid: plant abatement where both are given
            need = kind == "adipic"
            d = inp.factor(sub, "destruction_factor", "fraction", tier=t, required=need)
            u = inp.factor(sub, "abatement_utilisation", "fraction", tier=t, required=need)
            both = d.found & u.found
            df, asuf = np.where(both, d.value, 0.0), np.where(both, u.value, 0.0)
            lookups += [restrict(d, both), restrict(u, both)]
        kt = fn(sub["value"], ef.value, df, asuf)
        frames.append(emission_rows(sub, gas="N2O", value=kt, tier=t, method=name,
                                    equation=eq2 if t2 else eq1, activity_value=sub["value"],
                                    activity_unit="kt", lookups=lookups))
    return frames


def compute_nitric_adipic(inp: MethodInput) -> pd.DataFrame:
    """N2O from nitric acid (Eqs. 3.5, 3.6) and adipic acid (Eqs. 3.7, 3.8) production, plus
    the indirect gases where country factors are given."""
    frames, a, _ = begin(inp, "nitric and adipic acid", "production_emissions",
                         "IPCC 2006 Vol.3 Ch.3")
    cat = a["category"].astype(str).to_numpy()
    for kind, code, eq in (("nitric", "2.B.2", "IPCC 2006 Vol.3 Ch.3 Eq. 3.5"),
                           ("adipic", "2.B.3", "IPCC 2006 Vol.3 Ch.3 Eq. 3.7")):
        m = cat == code
        if m.any():
            frames += _n2o_abated(inp, a[m], kind)
            frames += indirect_gases(inp, a[m], production_emissions, "production_emissions",
                                     eq)
    return schema.concat_emissions(frames)


_FUELS = when("fuel:")
_AMMONIA = when(exact=("ammonia",))


def _ef_needs(tier):
    """EF_mass of every gas a product of the tier yields (ammonia computes from fuel)."""
    return tuple(Need("EF_mass", g, yields(g, tier, skip=("2.B.1",)), "t/t")
                 for g in ("CO2", "CH4", "N2O", "HFC23"))


register(SourceMethod(
    name="chemical_industry", sector="ippu", categories=("2.B",),
    gases=("CO2", "CH4", "N2O", "HFC23"), tier_per_gas=True,
    tiers={
        1: TierSpec(
            1, "IPCC default factors: ammonia fuel requirement (Table 3.1), caprolactam/"
               "glyoxal, carbide, TiO2, soda ash, petrochemical and HCFC-22 defaults "
               "(Tables 3.5-3.28)",
            factors={"EF_mass": "default", "fuel_requirement": "default",
                     "carbon_content": "default", "carbon_oxidation": "default"},
            requires=(*_ef_needs(1),
                      *(Need(p, when=_AMMONIA, unit=u) for p, u in (
                          ("fuel_requirement", "TJ/kt"), ("carbon_content", "kt/TJ"),
                          ("carbon_oxidation", "fraction"))))),
        2: TierSpec(
            2, "ammonia total fuel requirement by fuel with carbon content and oxidation "
               "(Eq. 3.2; defaults of Vol.2 Table 1.3 where no country value); country- or "
               "plant-specific factors for the other products",
            factors={"EF_mass": "country", "carbon_content": "any", "carbon_oxidation": "any"},
            requires=(*_ef_needs(2),
                      Need("carbon_content", when=_FUELS, unit="kt/TJ"),
                      Need("carbon_oxidation", when=_FUELS, unit="fraction"))),
    },
    compute=compute_chemical, doc=__doc__ or ""))

register(SourceMethod(
    name="nitric_adipic_acid", sector="ippu", categories=("2.B.2", "2.B.3"),
    gases=("N2O",), tier_per_gas=True,
    tiers={
        1: TierSpec(1, "production by technology x Table 3.3 (nitric acid, Eq. 3.5) or x 300 kg "
                       "N2O/t (adipic acid, Eq. 3.7), no abatement",
                    factors={"EF_mass": "default"},
                    requires=(Need("EF_mass", "N2O", known, "t/t"),)),
        2: TierSpec(2, "the same with the plant's abatement: destruction factor x abatement "
                       "system utilisation (Eqs. 3.6, 3.8); technology factors and Table 3.4 "
                       "destruction factors from any layer, utilisation from plant data",
                    factors={"EF_mass": "any", "destruction_factor": "any",
                             "abatement_utilisation": "country"},
                    requires=(Need("EF_mass", "N2O", known, "t/t"),
                              *(Need(p, when=when("adipic_acid:"), unit="fraction") for p in
                                ("destruction_factor", "abatement_utilisation")))),
    },
    compute=compute_nitric_adipic, doc=__doc__ or ""))
