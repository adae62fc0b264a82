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

Feedstock fuels of ammonia and petrochemicals are IPPU activity: they must not also be on the
Energy sheet (sectors/ippu/double_counting.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.methods import MethodInput, SourceMethod, TierSpec, register
from sectors.ippu.common import (
    ALL_LAYERS,
    COUNTRY_LAYERS,
    Factor,
    by_product,
    check_activity,
    concat,
    emission_frame,
    factor,
    indirect_gases,
    join_ids,
    keyed_frame,
)

__all__ = ["C_TO_CO2", "ammonia_co2_from_production", "ammonia_co2_from_fuel",
           "nitric_acid_n2o", "adipic_acid_n2o", "abated_n2o", "production_emissions",
           "compute_chemical"]

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


def _ammonia(inp, rows, tier):
    keys = ["region", "year", "category"]
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
        sub = gross_rows[t1]
        fr = factor(inp, sub, "fuel_requirement", "TJ/kt")
        cc = factor(inp, sub, "carbon_content", "kt/TJ")
        cof = factor(inp, sub, "carbon_oxidation", "fraction")
        kt = ammonia_co2_from_production(sub["value"], fr.value, cc.value, cof.value)
        gross[t1] = kt
        frames.append(emission_frame(
            sub, gas="CO2", value=kt, tier=gt[t1], method="ammonia_co2_from_production",
            equation="IPCC 2006 Vol.3 Ch.3 Eq. 3.1", activity_value=sub["value"],
            activity_unit="kt", factor_layer=fr.layer, factor_source=fr.source,
            parameter_ids=join_ids(fr.ids, cc.ids, cof.ids)))
    if (~t1).any():
        sub = gross_rows[~t1]
        cc = factor(inp, sub, "carbon_content", "kt/TJ")
        cof = factor(inp, sub, "carbon_oxidation", "fraction")
        kt = ammonia_co2_from_fuel(sub["value"], cc.value, cof.value)
        gross[~t1] = kt
        frames.append(emission_frame(
            sub, gas="CO2", value=kt, tier=gt[~t1], method="ammonia_co2_from_fuel",
            equation="IPCC 2006 Vol.3 Ch.3 Eq. 3.2", activity_value=sub["value"],
            activity_unit="TJ", factor_layer=cc.layer, factor_source=cc.source,
            parameter_ids=join_ids(cc.ids, cof.ids)))
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
        frames.append(emission_frame(
            rec_rows, gas="CO2", value=-r, tier=rt, method="ammonia_co2_recovered_for_urea",
            equation="IPCC 2006 Vol.3 Ch.3 Eq. 3.1", activity_value=r, activity_unit="kt",
            factor_layer=None, factor_source=None, parameter_ids="", ief=np.full(len(r), -1.0),
            ief_unit_="t/t"))
    return frames


def _n2o_abated(inp, rows, tier, kind):
    t2 = tier >= 2
    fn, eq1, eq2 = ((nitric_acid_n2o, "IPCC 2006 Vol.3 Ch.3 Eq. 3.5",
                     "IPCC 2006 Vol.3 Ch.3 Eq. 3.6") if kind == "nitric" else
                    (adipic_acid_n2o, "IPCC 2006 Vol.3 Ch.3 Eq. 3.7",
                     "IPCC 2006 Vol.3 Ch.3 Eq. 3.8"))
    # Table 3.3/3.4 factors are by technology: a Tier 2 input too (any layer, recorded)
    ef = factor(inp, rows, "EF_mass", "t/t", "N2O", ALL_LAYERS)
    n = len(rows)
    df = Factor.constant(n, 0.0)
    asuf = Factor.constant(n, 0.0)
    if t2.any():
        sub = rows[t2]
        if kind == "adipic":
            d = factor(inp, sub, "destruction_factor", "fraction")
            a = factor(inp, sub, "abatement_utilisation", "fraction", layers=COUNTRY_LAYERS)
        else:
            d = factor(inp, sub, "destruction_factor", "fraction", layers=COUNTRY_LAYERS,
                       required=False)
            a = factor(inp, sub, "abatement_utilisation", "fraction", layers=COUNTRY_LAYERS,
                       required=False)
            both = d.found & a.found
            d.value, a.value = np.where(both, d.value, 0.0), np.where(both, a.value, 0.0)
            d.ids, a.ids = np.where(both, d.ids, ""), np.where(both, a.ids, "")
        for f, g in ((df, d), (asuf, a)):
            f.value[t2], f.ids[t2] = g.value, g.ids
    kt = fn(rows["value"], ef.value, df.value, asuf.value)
    name = "nitric_acid_n2o" if kind == "nitric" else "adipic_acid_n2o"
    return [emission_frame(rows, gas="N2O", value=kt, tier=tier, method=name,
                           equation=np.where(t2, eq2, eq1), activity_value=rows["value"],
                           activity_unit="kt", factor_layer=ef.layer, factor_source=ef.source,
                           parameter_ids=join_ids(ef.ids, df.ids, asuf.ids))]


def compute_chemical(inp: MethodInput) -> pd.DataFrame:
    act = inp.activity.reset_index(drop=True)
    tier = np.asarray(inp.tier)
    info = check_activity(act, "chemical industry", tier)
    num = act["value"].notna().to_numpy()
    frames = [keyed_frame(act[~num], info[~num], tier[~num], "production_emissions",
                          "IPCC 2006 Vol.3 Ch.3")]
    a, t, inf = act[num], tier[num], info[num].reset_index(drop=True)
    cat = a["category"].astype(str).to_numpy()
    groups = {
        "ammonia": cat == "2.B.1",
        "nitric": cat == "2.B.2",
        "adipic": cat == "2.B.3",
    }
    if groups["ammonia"].any():
        m = groups["ammonia"]
        frames += _ammonia(inp, a[m], t[m])
    for kind, eq in (("nitric", "IPCC 2006 Vol.3 Ch.3 Eq. 3.5"),
                     ("adipic", "IPCC 2006 Vol.3 Ch.3 Eq. 3.7")):
        m = groups[kind]
        if m.any():
            frames += _n2o_abated(inp, a[m], t[m], kind)
            frames += indirect_gases(inp, a[m], t[m], production_emissions,
                                     "production_emissions", eq)
    rest = ~(groups["ammonia"] | groups["nitric"] | groups["adipic"])
    for c in pd.unique(cat[rest]):
        m = cat == c
        frames += by_product(inp, a[m], inf[m], t[m], production_emissions,
                             "production_emissions", _eq_product(c))
    return concat(frames)


register(SourceMethod(
    name="chemical_industry", sector="ippu", categories=("2.B",),
    gases=("CO2", "CH4", "N2O", "HFC23"),
    tiers={
        1: TierSpec(1, "IPCC default factors: ammonia fuel requirement (Table 3.1), N2O by "
                       "technology without abatement (Tables 3.3-3.6), carbide/TiO2/soda ash/"
                       "petrochemical/HCFC-22 defaults (Tables 3.7-3.28)", ("EF_mass",),
                    ("ipcc_default",)),
        2: TierSpec(2, "ammonia total fuel requirement by fuel (Eq. 3.2); N2O with plant "
                       "abatement (destruction factor x utilisation, Eqs. 3.6, 3.8); "
                       "country-specific factors for the other products", ("EF_mass",),
                    ("national", "provincial", "plant")),
    },
    compute=compute_chemical, doc=__doc__ or ""))
