"""Livestock: enteric fermentation (3.A.1), manure management CH4 and direct N2O (3.A.2),
indirect N2O from manure management (3.C.6), and the manure N that reaches soils.

IPCC 2006 Vol.4 Ch.10. Populations are annual averages (Eq. 10.1 from days alive and animals
produced where those are given instead). Enteric CH4: Tier 1 = head x default factor of the
IPCC region (Table 10.11, cattle) or development status (Table 10.10); Tier 2 for cattle and
buffalo = gross energy from the net energy equations (Eqs. 10.3-10.16) and Ym (Eq. 10.21).
Manure CH4: Eq. 10.23 from VS, Bo and the MCF of each system (Table 10.17), with VS from GE
(Eq. 10.24) at Tier 2, the IPCC regional VS and Bo (Annex 10A.2) at Tier 1 for cattle, buffalo
and swine, and head x Table 10.15 factor by climate for the other species at Tier 1. Manure N:
Nex from Eq. 10.30 (Tier 1) or Eqs. 10.31-10.33 (Tier 2 cattle/buffalo with crude protein), split
over the systems by their shares; direct N2O Eq. 10.25 (EF3, Table 10.21), indirect Eqs.
10.26-10.29; N available for application to soils Eq. 10.34 (without bedding).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB

from .common import (
    N2O_PER_N2O_N,
    AgriOptions,
    animals,
    detail_json,
    emission_rows,
    ensure_known,
    is_2019r,
    join_ids,
    keyed_rows,
    lookup_chain,
    manure_systems,
    moisture_key,
    regional_keys,
    split_ids,
    values_in,
)

__all__ = [
    "annual_average_population", "net_energy_maintenance", "net_energy_activity",
    "net_energy_growth", "net_energy_lactation", "net_energy_work", "net_energy_pregnancy",
    "ratio_maintenance_energy", "ratio_growth_energy", "gross_energy",
    "enteric_emission_factor_tier2", "livestock_ch4_emissions", "volatile_solids_tier2",
    "manure_ch4_emission_factor", "n_excretion_tier1", "n_intake_tier2",
    "n_retention_cattle", "n_excretion_tier2", "manure_n2o_direct", "n_volatilised_mms",
    "n_leached_mms", "indirect_n2o_from_n", "manure_n_available", "livestock_emissions",
    "LIVESTOCK_ATTRIBUTES", "SHARE_TOLERANCE",
]

# attribute of '<animal>:<attribute>' -> (unit the equations use, what it is)
LIVESTOCK_ATTRIBUTES = {
    "": ("head", "annual average population"),
    "days_alive": ("d", "days alive (Eq. 10.1)"),
    "produced": ("head", "animals produced (slaughtered) per year (Eq. 10.1)"),
    "weight": ("kg", "average live weight"),
    "mature_weight": ("kg", "mature live weight of an adult female"),
    "weight_gain": ("kg/d", "average daily weight gain"),
    "milk": ("kg/d", "milk produced per head and day"),
    "fat": ("%", "fat content of milk"),
    "work": ("h/d", "hours of work per day"),
    "pregnant": ("%", "share of females giving birth in the year"),
    "de": ("%", "digestibility of feed (DE % of GE)"),
    "ca": ("fraction", "activity coefficient Ca (Table 10.5: stall 0, pasture 0.17, "
                       "large grazing areas 0.36)"),
    "ym": ("%", "methane conversion factor Ym"),
    "cp": ("%", "crude protein content of the diet"),
}
TIER2_REQUIRED = ("weight", "de", "ca")
SHARE_TOLERANCE = 0.5   # percentage points the system shares may miss 100 %
_EQ_ENT_T1 = "IPCC 2006 Vol.4 Ch.10 Eq. 10.19"
_EQ_ENT_T2 = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.3-10.16, 10.21"
_EQ_MAN_CH4 = "IPCC 2006 Vol.4 Ch.10 Eq. 10.22"
_EQ_MAN_CH4_VS = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.22, 10.23"
_EQ_MAN_N2O = "IPCC 2006 Vol.4 Ch.10 Eq. 10.25"
_EQ_MAN_VOL = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.26, 10.27"
_EQ_MAN_LEACH = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.28, 10.29"
NATIONAL = ("national", "provincial", "plant")
DEFAULT = ("ipcc_default",)


# ---------------------------------------------------------------- equations
def annual_average_population(days_alive, animals_produced):
    """Annual average population of animals alive for part of the year.

    Parameters
    ----------
    days_alive : array-like [d] average days an animal is alive
    animals_produced : array-like [head yr-1] animals produced (slaughtered) per year

    Returns
    -------
    array-like [head]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.1: AAP = Days_alive x NAPA / 365.
    """
    return np.asarray(days_alive, dtype=float) * np.asarray(animals_produced, dtype=float) / 365.0


def net_energy_maintenance(cfi, weight):
    """Net energy for maintenance.

    Parameters
    ----------
    cfi : array-like [MJ d-1 kg-0.75] coefficient of Table 10.4
    weight : array-like [kg] live weight

    Returns
    -------
    array-like [MJ head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.3: NEm = Cfi x Weight^0.75.
    """
    return np.asarray(cfi, dtype=float) * np.asarray(weight, dtype=float) ** 0.75


def net_energy_activity(ca, nem):
    """Net energy for animal activity (cattle and buffalo).

    Parameters
    ----------
    ca : array-like [-] activity coefficient of the feeding situation (Table 10.5)
    nem : array-like [MJ head-1 d-1]

    Returns
    -------
    array-like [MJ head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.4: NEa = Ca x NEm.
    """
    return np.asarray(ca, dtype=float) * np.asarray(nem, dtype=float)


def net_energy_growth(weight, growth_coefficient, mature_weight, weight_gain):
    """Net energy for growth (cattle and buffalo).

    Parameters
    ----------
    weight : array-like [kg] average live weight
    growth_coefficient : array-like [-] C: 0.8 females, 1.0 castrates, 1.2 bulls
    mature_weight : array-like [kg] mature live weight of an adult female
    weight_gain : array-like [kg d-1]

    Returns
    -------
    array-like [MJ head-1 d-1]; 0 where there is no weight gain

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.6: NEg = 22.02 x (BW / (C x MW))^0.75 x WG^1.097.
    """
    bw = np.asarray(weight, dtype=float)
    c = np.asarray(growth_coefficient, dtype=float)
    mw = np.asarray(mature_weight, dtype=float)
    wg = np.asarray(weight_gain, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = 22.02 * (bw / (c * mw)) ** 0.75 * wg ** 1.097
    return np.where(wg > 0, out, 0.0)


def net_energy_lactation(milk, fat):
    """Net energy for lactation (beef, dairy cattle and buffalo).

    Parameters
    ----------
    milk : array-like [kg head-1 d-1]
    fat : array-like [%] fat content of milk

    Returns
    -------
    array-like [MJ head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.8: NEl = Milk x (1.47 + 0.40 x Fat).
    """
    return np.asarray(milk, dtype=float) * (1.47 + 0.40 * np.asarray(fat, dtype=float))


def net_energy_work(nem, hours):
    """Net energy for work (draft cattle and buffalo).

    Parameters
    ----------
    nem : array-like [MJ head-1 d-1]
    hours : array-like [h d-1] hours of work per day

    Returns
    -------
    array-like [MJ head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.11: NEwork = 0.10 x NEm x Hours.
    """
    return 0.10 * np.asarray(nem, dtype=float) * np.asarray(hours, dtype=float)


def net_energy_pregnancy(c_pregnancy, nem, share_pregnant):
    """Net energy for pregnancy, averaged over the herd.

    Parameters
    ----------
    c_pregnancy : array-like [-] Table 10.7 (0.10 cattle and buffalo)
    nem : array-like [MJ head-1 d-1]
    share_pregnant : array-like [fraction] females giving birth in the year

    Returns
    -------
    array-like [MJ head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.13: NEp = Cpregnancy x NEm, applied to the share of females
    that go through gestation in the year (Sect. 10.2.2, text after Eq. 10.13).
    """
    return (np.asarray(c_pregnancy, dtype=float) * np.asarray(nem, dtype=float)
            * np.asarray(share_pregnant, dtype=float))


def ratio_maintenance_energy(de):
    """Ratio of net energy available in the diet for maintenance to digestible energy.

    Parameters
    ----------
    de : array-like [%] digestibility of feed

    Returns
    -------
    array-like [-]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.14:
    REM = 1.123 - 4.092e-3 x DE + 1.126e-5 x DE^2 - 25.4 / DE.
    """
    de = np.asarray(de, dtype=float)
    return 1.123 - 4.092e-3 * de + 1.126e-5 * de ** 2 - 25.4 / de


def ratio_growth_energy(de):
    """Ratio of net energy available for growth to digestible energy consumed.

    Parameters
    ----------
    de : array-like [%] digestibility of feed

    Returns
    -------
    array-like [-]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.15:
    REG = 1.164 - 5.160e-3 x DE + 1.308e-5 x DE^2 - 37.4 / DE.
    """
    de = np.asarray(de, dtype=float)
    return 1.164 - 5.160e-3 * de + 1.308e-5 * de ** 2 - 37.4 / de


def gross_energy(nem, nea, nel, nework, nep, rem, neg, reg, de):
    """Gross energy intake of cattle and buffalo.

    Parameters
    ----------
    nem, nea, nel, nework, nep, neg : array-like [MJ head-1 d-1] net energy for maintenance,
        activity, lactation, work, pregnancy and growth
    rem, reg : array-like [-] Eqs. 10.14 and 10.15
    de : array-like [%] digestibility of feed

    Returns
    -------
    array-like [MJ head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.16:
    GE = [((NEm + NEa + NEl + NEwork + NEp) / REM) + (NEg / REG)] / (DE / 100).
    """
    f = np.asarray
    return (((f(nem, dtype=float) + f(nea, dtype=float) + f(nel, dtype=float)
              + f(nework, dtype=float) + f(nep, dtype=float)) / f(rem, dtype=float)
             + f(neg, dtype=float) / f(reg, dtype=float)) / (f(de, dtype=float) / 100.0))


def enteric_emission_factor_tier2(ge, ym):
    """Tier 2 enteric CH4 emission factor.

    Parameters
    ----------
    ge : array-like [MJ head-1 d-1] gross energy intake
    ym : array-like [%] methane conversion factor

    Returns
    -------
    array-like [kg CH4 head-1 yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.21: EF = GE x (Ym / 100) x 365 / 55.65 (55.65 MJ/kg CH4).
    """
    return np.asarray(ge, dtype=float) * np.asarray(ym, dtype=float) / 100.0 * 365.0 / 55.65


def livestock_ch4_emissions(emission_factor, population):
    """CH4 from enteric fermentation or manure management of one livestock category.

    Parameters
    ----------
    emission_factor : array-like [kg CH4 head-1 yr-1]
    population : array-like [head]

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.19 (enteric) and Eq. 10.22 (manure): E = EF x N / 10^6
    (Gg = kt).
    """
    return np.asarray(emission_factor, dtype=float) * np.asarray(population, dtype=float) * 1e-6


def volatile_solids_tier2(ge, de, ue, ash):
    """Volatile solid excretion from the feed intake.

    Parameters
    ----------
    ge : array-like [MJ head-1 d-1]
    de : array-like [%]
    ue : array-like [fraction of GE] urinary energy (0.04)
    ash : array-like [fraction] ash content of manure (0.08)

    Returns
    -------
    array-like [kg dm head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.24:
    VS = [GE x (1 - DE/100) + (UE x GE)] x [(1 - ASH) / 18.45].
    """
    ge = np.asarray(ge, dtype=float)
    return ((ge * (1 - np.asarray(de, dtype=float) / 100.0) + np.asarray(ue, dtype=float) * ge)
            * (1 - np.asarray(ash, dtype=float)) / 18.45)


def manure_ch4_emission_factor(vs, bo, weighted_mcf):
    """CH4 emission factor of manure management from volatile solids.

    Parameters
    ----------
    vs : array-like [kg dm head-1 d-1] volatile solid excretion
    bo : array-like [m3 CH4 (kg VS)-1] maximum CH4 producing capacity
    weighted_mcf : array-like [fraction] sum over systems of MCF(S,k)/100 x MS(T,S,k)

    Returns
    -------
    array-like [kg CH4 head-1 yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.23: EF = VS x 365 x [Bo x 0.67 x sum(MCF/100 x MS)]
    (0.67 kg CH4 per m3 CH4).
    """
    return (np.asarray(vs, dtype=float) * 365.0 * np.asarray(bo, dtype=float) * 0.67
            * np.asarray(weighted_mcf, dtype=float))


def n_excretion_tier1(n_rate, typical_animal_mass):
    """Annual N excretion per head from the default excretion rate.

    Parameters
    ----------
    n_rate : array-like [kg N (1000 kg animal mass)-1 d-1] Table 10.19
    typical_animal_mass : array-like [kg head-1]

    Returns
    -------
    array-like [kg N head-1 yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.30: Nex = N_rate x TAM / 1000 x 365.
    """
    return (np.asarray(n_rate, dtype=float) * np.asarray(typical_animal_mass, dtype=float)
            / 1000.0 * 365.0)


def n_intake_tier2(ge, crude_protein):
    """Daily N intake of cattle from gross energy and dietary crude protein.

    Parameters
    ----------
    ge : array-like [MJ head-1 d-1]
    crude_protein : array-like [%] crude protein in dry matter

    Returns
    -------
    array-like [kg N head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.32: N_intake = GE / 18.45 x (CP% / 100) / 6.25.
    """
    return (np.asarray(ge, dtype=float) / 18.45 * np.asarray(crude_protein, dtype=float)
            / 100.0 / 6.25)


def n_retention_cattle(milk, fat, weight_gain, neg):
    """Daily N retained in milk and growth by cattle.

    Parameters
    ----------
    milk : array-like [kg head-1 d-1]
    fat : array-like [%] milk fat (milk protein % = 1.9 + 0.4 x fat %)
    weight_gain : array-like [kg d-1]
    neg : array-like [MJ head-1 d-1] net energy for growth

    Returns
    -------
    array-like [kg N head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.33:
    N_retention = Milk x (PR% / 100) / 6.38 + WG x [268 - 7.03 x NEg / WG] / 1000 / 6.25.
    """
    milk = np.asarray(milk, dtype=float)
    pr = 1.9 + 0.4 * np.asarray(fat, dtype=float)
    wg = np.asarray(weight_gain, dtype=float)
    neg = np.asarray(neg, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        growth = np.where(wg > 0, wg * (268.0 - 7.03 * neg / np.where(wg > 0, wg, 1.0))
                          / 1000.0 / 6.25, 0.0)
    return milk * pr / 100.0 / 6.38 + growth


def n_excretion_tier2(n_intake, n_retention):
    """Annual N excretion per head from intake and retention.

    Parameters
    ----------
    n_intake : array-like [kg N head-1 d-1]
    n_retention : array-like [kg N head-1 d-1]

    Returns
    -------
    array-like [kg N head-1 yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.31 with N_retention of Eq. 10.33 in kg N per day:
    Nex = (N_intake - N_retention) x 365 (the form of 2019 Refinement Eq. 10.31A).
    """
    return (np.asarray(n_intake, dtype=float) - np.asarray(n_retention, dtype=float)) * 365.0


def manure_n2o_direct(n_managed, ef3):
    """Direct N2O from a manure management system.

    Parameters
    ----------
    n_managed : array-like [kg N yr-1] N excreted into the system (N x Nex x MS)
    ef3 : array-like [kg N2O-N (kg N)-1] Table 10.21

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.25: N2O = sum(N x Nex x MS) x EF3 x 44/28 (/10^6 for kt).
    """
    return np.asarray(n_managed, dtype=float) * np.asarray(ef3, dtype=float) * N2O_PER_N2O_N * 1e-6


def n_volatilised_mms(n_managed, frac_gas):
    """N lost by volatilisation of NH3 and NOx from manure management.

    Parameters
    ----------
    n_managed : array-like [kg N yr-1]
    frac_gas : array-like [fraction] FracGasMS (Table 10.22)

    Returns
    -------
    array-like [kg N yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.26.
    """
    return np.asarray(n_managed, dtype=float) * np.asarray(frac_gas, dtype=float)


def n_leached_mms(n_managed, frac_leach):
    """N lost by leaching and runoff from manure management.

    Parameters
    ----------
    n_managed : array-like [kg N yr-1]
    frac_leach : array-like [fraction] FracLeachMS (no IPCC 2006 default; national value)

    Returns
    -------
    array-like [kg N yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.28.
    """
    return np.asarray(n_managed, dtype=float) * np.asarray(frac_leach, dtype=float)


def indirect_n2o_from_n(n_lost, emission_factor):
    """Indirect N2O from volatilised (EF4) or leached (EF5) N.

    Parameters
    ----------
    n_lost : array-like [kg N yr-1]
    emission_factor : array-like [kg N2O-N (kg N)-1]

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.27 (volatilisation, EF4) and Eq. 10.29 (leaching, EF5);
    the same form as Vol.4 Ch.11 Eqs. 11.9 and 11.10.
    """
    return np.asarray(n_lost, dtype=float) * np.asarray(emission_factor, dtype=float) \
        * N2O_PER_N2O_N * 1e-6


def manure_n_available(n_managed, frac_loss):
    """Managed manure N available for application to soils (no bedding N).

    Parameters
    ----------
    n_managed : array-like [kg N yr-1]
    frac_loss : array-like [fraction] FracLossMS (Table 10.23)

    Returns
    -------
    array-like [kg N yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.34 without the bedding term (N_beddingMS, national data).
    """
    return np.asarray(n_managed, dtype=float) * (1 - np.asarray(frac_loss, dtype=float))


# ---------------------------------------------------------------- compute
def _long(act: pd.DataFrame) -> pd.DataFrame:
    """Livestock activity rows with animal, attribute, value in the equations' unit."""
    base, attr = split_ids(act["activity"])
    ref = animals()
    mms = manure_systems()
    ensure_known(act, base.isin(ref.index), "animal type",
                 f"an animal id of sectors/agriculture/data/animals.csv "
                 f"({', '.join(ref.index)}), optionally ':<attribute>'")
    is_mms = attr.isin(mms.index)
    ensure_known(act, attr.isin(list(LIVESTOCK_ATTRIBUTES)) | is_mms,
                 "livestock attribute",
                 "<animal>, <animal>:<attribute> with attribute one of "
                 f"{', '.join(a for a in LIVESTOCK_ATTRIBUTES if a)}, or <animal>:<system> "
                 f"with a system of data/manure_systems.csv ({', '.join(mms.index)})")
    # where each row belongs: shares in the manure category, the rest in the population one
    want = np.where(is_mms, base.map(ref["manure_category"]),
                    base.map(ref["population_category"]))
    wrong = act["category"].to_numpy() != want
    if wrong.any():
        i = wrong.nonzero()[0][0]
        row = act.iloc[i]
        what = ("manure management system shares" if is_mms.iloc[i]
                else "population and characterisation")
        raise InputError(f"'{row['activity']}' is entered under {row['category']}",
                         row.get("source_ref"), f"category {want[i]} ({what} of {base.iloc[i]})")
    out = act.assign(animal=base.to_numpy(), attr=attr.to_numpy(), is_mms=is_mms.to_numpy())
    v = np.full(len(out), np.nan)
    for a, (unit, what) in LIVESTOCK_ATTRIBUTES.items():
        sel = (out["attr"] == a).to_numpy() & out["value"].notna().to_numpy()
        if sel.any():
            v[sel] = values_in(out[sel], unit, what)
    sel = out["is_mms"].to_numpy() & out["value"].notna().to_numpy()
    if sel.any():
        v[sel] = values_in(out[sel], "%", "manure management system share")
    out["v"] = v
    return out


def _herd(long: pd.DataFrame) -> pd.DataFrame:
    """One row per region, year and animal: population (Eq. 10.1 where needed) and the
    characterisation attributes, with the notation key of the population row."""
    keys = ["region", "year", "animal"]
    char = long[~long["is_mms"]]
    wide = char.pivot(index=keys, columns="attr", values="v")
    for a in LIVESTOCK_ATTRIBUTES:
        if a not in wide:
            wide[a] = np.nan
    nk = char[char["attr"] == ""].set_index(keys)["notation_key"].astype(object)
    refs = char.groupby(keys)["source_ref"].first()
    ids = char.groupby(keys)["activity_id"].agg(";".join)
    herd = wide.rename(columns={"": "population"})
    herd["key"] = nk.reindex(herd.index)
    herd["ids"] = ids.reindex(herd.index)
    herd["source_ref"] = refs.reindex(herd.index)
    has_pop = char[char["attr"] == ""].set_index(keys).index
    herd["has_pop_row"] = herd.index.isin(has_pop)
    herd = herd.reset_index()
    # Eq. 10.1 where days alive and animals produced are given instead of a population
    d, p = herd["days_alive"].notna(), herd["produced"].notna()
    both = herd["has_pop_row"] & (d | p)
    if both.any():
        r = herd[both].iloc[0]
        raise InputError(f"{r['animal']} in {r['region']} {int(r['year'])} has a population "
                         "row and days_alive/produced rows", r["source_ref"],
                         "either the annual average population or days_alive and produced "
                         "(IPCC 2006 Vol.4 Ch.10 Eq. 10.1)")
    half = ~herd["has_pop_row"] & (d ^ p)
    nothing = ~herd["has_pop_row"] & ~d & ~p
    for mask, msg in ((half, "only one of days_alive and produced"),
                      (nothing, "no population row")):
        if mask.any():
            r = herd[mask].iloc[0]
            raise InputError(f"{r['animal']} in {r['region']} {int(r['year'])}: {msg}",
                             r["source_ref"], f"a row '{r['animal']}' (annual average "
                             "population, head) or both days_alive and produced (Eq. 10.1)")
    aap = d & p
    herd.loc[aap, "population"] = annual_average_population(herd.loc[aap, "days_alive"],
                                                            herd.loc[aap, "produced"])
    herd["eq10_1"] = aap
    return herd


def _ensure_no_orphan_shares(long: pd.DataFrame, herd: pd.DataFrame) -> None:
    """System shares of an animal with no population row in that region and year."""
    sh = long[long["is_mms"]]
    if sh.empty:
        return
    tot = sh.groupby(["region", "year", "animal"], as_index=False).agg(
        ref=("source_ref", "first"))
    known = tot.merge(herd[["region", "year", "animal"]], how="left", indicator=True)
    orphan = (known["_merge"] == "left_only").to_numpy()
    if orphan.any():
        r = known[orphan].iloc[0]
        raise InputError(f"manure management shares for {r['animal']} in {r['region']} "
                         f"{int(r['year'])} but no population", r["ref"],
                         f"a row '{r['animal']}' (head) in "
                         f"{animals().loc[r['animal'], 'population_category']}")


def _shares(long: pd.DataFrame, herd: pd.DataFrame) -> pd.DataFrame:
    """System shares [fraction] per region, year, animal and system, checked to sum to 1."""
    sh = long[long["is_mms"]].rename(columns={"attr": "mms"})
    keyed = sh["v"].isna()
    if keyed.any():
        raise InputError(f"manure management share '{sh[keyed].iloc[0]['activity']}' has a "
                         "notation key", sh[keyed].iloc[0].get("source_ref"),
                         "a share in % (write 0 for a system not used)")
    live = herd[herd["population"].notna()][["region", "year", "animal"]]
    tot = sh.groupby(["region", "year", "animal"], as_index=False).agg(
        total=("v", "sum"), ref=("source_ref", "first"))

    chk = live.merge(tot, on=["region", "year", "animal"], how="left")
    missing = chk["total"].isna()
    if missing.any():
        r = chk[missing].iloc[0]
        cat = animals().loc[r["animal"], "manure_category"]
        raise InputError(f"no manure management system shares for {r['animal']} in "
                         f"{r['region']} {int(r['year'])}", f"category {cat}",
                         f"rows {r['animal']}:<system> in {cat} summing to 100 % (systems of "
                         "sectors/agriculture/data/manure_systems.csv)")
    off = (chk["total"] - 100.0).abs() > SHARE_TOLERANCE
    if off.any():
        r = chk[off].iloc[0]
        raise InputError(f"manure management system shares of {r['animal']} in {r['region']} "
                         f"{int(r['year'])} sum to {r['total']:.2f} %", r["ref"],
                         "shares summing to 100 % (within 0.5 percentage points)")
    out = sh[["region", "year", "animal", "mms", "v", "activity_id", "category"]].copy()
    out["share"] = out["v"] / 100.0
    return out.drop(columns="v")


def _enteric_keys(herd: pd.DataFrame, opts: AgriOptions, factors: FactorDB) -> list:
    """Tier 1 activity keys: IPCC 2006 Table 10.11 by region (cattle) or Table 10.10 by
    development status; the 2019 Refinement tables by region (cattle, buffalo) and
    productivity system (options.agriculture.productivity) or one value for all."""
    how = herd["animal"].map(animals()["ef_enteric_key"]).to_numpy()
    if is_2019r(factors):
        if np.isin(herd["animal"], ["dairy_cattle", "other_cattle", "buffalo"]).any():
            opts.region()
        return regional_keys(herd["animal"], opts, factors)
    reg = herd["animal"] + "@" + (opts.ipcc_region or "")
    dev = herd["animal"] + "@" + opts.development
    if (how == "region").any():
        opts.region()
    return [np.where(how == "region", reg, dev)]


def _mcf_keys(sh: pd.DataFrame, mmsref: pd.DataFrame, opts: AgriOptions, r19: bool) -> list:
    """Activity keys of the MCF of each system share: IPCC 2006 Table 10.17 by annual average
    temperature (liquid systems, lagoons: whole degrees) or climate class; 2019 Refinement
    Table 10.17 by climate class, IPCC climate zone (lagoons) and zone and storage months
    (liquid/slurry)."""
    if sh.empty:
        return [sh["mms"].to_numpy()]
    temp_dep = sh["mms"].map(mmsref["temperature_dependent"]).eq("yes").to_numpy()
    if not r19:
        qual = np.where(temp_dep, sh["mms"] + "@" + opts.temperature_key,
                        sh["mms"] + "@" + opts.climate)
        return [sh["mms"].to_numpy(), qual]
    where = "inventory.yml, key 'options: agriculture'"
    liquid = temp_dep & ~sh["mms"].eq("uncovered_anaerobic_lagoon").to_numpy()
    if temp_dep.any() and opts.climate_zone is None:
        raise InputError("missing option 'climate_zone'", where,
                         "the IPCC climate zone of the lagoons and liquid systems (2019 "
                         "Refinement Vol.4 Ch.10 Table 10.17; guidelines: ipcc2006_2019r)")
    if liquid.any() and opts.manure_storage_months is None:
        raise InputError("missing option 'manure_storage_months'", where,
                         "1, 3, 4, 6 or 12: the storage period of liquid/slurry manure (2019 "
                         "Refinement Vol.4 Ch.10 Table 10.17)")
    zone = sh["mms"] + "@" + (opts.climate_zone or "")
    band = sh["mms"] + "@" + (opts.climate if not temp_dep.all() else "")
    return [sh["mms"].to_numpy(), band.to_numpy(), zone.to_numpy(),
            (zone + "@" + str(opts.manure_storage_months or "")).to_numpy()]


def _rows_for(herd: pd.DataFrame, category: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"region": herd["region"].to_numpy(), "year": herd["year"].to_numpy(),
                         "category": np.asarray(category), "activity": herd["animal"].to_numpy(),
                         "source_ref": herd["source_ref"].to_numpy()})


def _hint(herd: pd.DataFrame, factors: FactorDB) -> str | None:
    """Error text of a missing regional default under the 2019 Refinement: the option that
    selects its productivity system."""
    if not is_2019r(factors) or herd.empty:
        return None
    return (f"{herd['animal'].iloc[0]} (2019 Refinement tables by region and productivity "
            "system: options.agriculture.ipcc_region and productivity high|low)")


def _ym_keys(herd: pd.DataFrame) -> np.ndarray:
    """2019 Refinement Table 10.12 class of each Tier 2 row: lactating cattle and buffalo by
    annual milk yield (dairy_medium 5000-8500 kg, dairy_low < 5000 kg; a herd above 8500 kg
    needs a national Ym), the others by digestibility (forage DE <= 62 %, mixed 62-72 %,
    feedlot >= 72 %)."""
    milk = herd["milk"].fillna(0.0).to_numpy() * 365.0
    de = herd["de"].to_numpy()
    cls = np.where(milk > 8500, "dairy_high", np.where(milk >= 5000, "dairy_medium",
                                                        "dairy_low"))
    other = np.where(de <= 62, "forage", np.where(de < 72, "mixed", "feedlot"))
    return np.char.add("cattle_buffalo@", np.where(milk > 0, cls, other).astype(str))


def _tier2_energy(herd: pd.DataFrame, factors: FactorDB) -> pd.DataFrame:
    """Gross energy and the net energy terms for the Tier 2 rows of ``herd``."""
    ref = animals()
    rows = _rows_for(herd, herd["animal"].map(ref["enteric_category"]))
    for a in TIER2_REQUIRED:
        miss = herd[a].isna()
        if miss.any():
            r = herd[miss].iloc[0]
            raise MethodInputError(
                f"Tier 2 for {r['animal']} in {r['region']} {int(r['year'])} needs "
                f"'{r['animal']}:{a}' ({LIVESTOCK_ATTRIBUTES[a][1]})", r["source_ref"],
                f"a row {r['animal']}:{a} in {ref.loc[r['animal'], 'enteric_category']} "
                f"[{LIVESTOCK_ATTRIBUTES[a][0]}]")
    milk = herd["milk"].fillna(0.0).to_numpy()
    fat = herd["fat"].to_numpy()
    if ((milk > 0) & np.isnan(fat)).any():
        r = herd[(milk > 0) & np.isnan(fat)].iloc[0]
        raise MethodInputError(f"{r['animal']} in {r['region']} {int(r['year'])} gives milk "
                               "but no fat content", r["source_ref"],
                               f"a row {r['animal']}:fat [%] (Eq. 10.8)")
    wg = herd["weight_gain"].fillna(0.0).to_numpy()
    if ((wg > 0) & herd["mature_weight"].isna().to_numpy()).any():
        r = herd[(wg > 0) & herd["mature_weight"].isna()].iloc[0]
        raise MethodInputError(f"{r['animal']} in {r['region']} {int(r['year'])} gives a "
                               "weight gain but no mature weight", r["source_ref"],
                               f"a row {r['animal']}:mature_weight [kg] (Eq. 10.6)")
    cfi = lookup_chain(factors, rows, "Cfi", "MJ/d/kg", [herd["animal"].to_numpy()])
    cp = lookup_chain(factors, rows, "C_pregnancy", "fraction", [herd["animal"].to_numpy()])
    cg = lookup_chain(factors, rows, "C_growth", "fraction", [herd["animal"].to_numpy()])
    ym_keys = [herd["animal"].to_numpy()]
    if is_2019r(factors):
        ym_keys.append(_ym_keys(herd))
    ym_p = lookup_chain(factors, rows, "Ym", "%", ym_keys, required=False)
    miss = ~ym_p.found & herd["ym"].isna().to_numpy()
    if miss.any():
        r = herd[miss].iloc[0]
        why = ("high-producing dairy herds > 8500 kg milk yr-1: 5.7 or 6.0 by NDF"
               if is_2019r(factors) else "no default")
        raise MethodInputError(
            f"no Ym for {r['animal']} in {r['region']} {int(r['year'])} (Table 10.12: {why})",
            r["source_ref"], f"a row {r['animal']}:ym [%] or a national Ym parameter")
    w = herd["weight"].to_numpy()
    de = herd["de"].to_numpy()
    nem = net_energy_maintenance(cfi.value, w)
    nea = net_energy_activity(herd["ca"].to_numpy(), nem)
    neg = net_energy_growth(w, cg.value, herd["mature_weight"].to_numpy(), wg)
    nel = net_energy_lactation(milk, np.nan_to_num(fat))
    nework = net_energy_work(nem, herd["work"].fillna(0.0).to_numpy())
    nep = net_energy_pregnancy(cp.value, nem, herd["pregnant"].fillna(0.0).to_numpy() / 100.0)
    rem, reg = ratio_maintenance_energy(de), ratio_growth_energy(de)
    ge = gross_energy(nem, nea, nel, nework, nep, rem, neg, reg, de)
    ym = np.where(herd["ym"].notna(), herd["ym"].to_numpy(), ym_p.value)
    ym_id = np.where(herd["ym"].notna(), "", ym_p.parameter_id)
    pids = join_ids(cfi.parameter_id, cp.parameter_id, cg.parameter_id, ym_id)
    return pd.DataFrame({"ge": ge, "ym": ym, "nem": nem, "nea": nea, "neg": neg, "nel": nel,
                         "nework": nework, "nep": nep, "rem": rem, "reg": reg,
                         "pids": pids, "layer": cfi.layer, "source": cfi.source},
                        index=herd.index)


def livestock_emissions(act: pd.DataFrame, tiers: dict[str, int], factors: FactorDB,
              opts: AgriOptions) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Emission rows of 3.A.1, 3.A.2 and 3.C.6, and the manure N flows to soils.

    Returns (emission frames, flows) where flows has one row per region, year, animal and
    system with ``n`` [kg N yr-1] excreted into it, its fate (managed, pasture, fuel), the
    N available for application ``n_applied`` [kg N yr-1] and the animal's EF3PRP group.
    """
    ref = animals()
    mmsref = manure_systems()
    long = _long(act)
    herd = _herd(long)
    _ensure_no_orphan_shares(long, herd)
    frames: list[pd.DataFrame] = []

    # ---- notation keys on the population: every gas of the animal gets the key
    keyed = herd[herd["population"].isna()]
    if len(keyed):
        kr = keyed.assign(activity_id=keyed["ids"], notation_key=keyed["key"])
        ent = kr[kr["animal"].map(ref["enteric_category"]) != ""]
        if len(ent):
            frames.append(keyed_rows(ent, ent["animal"].map(ref["enteric_category"]),
                                     ent["animal"], ("CH4",),
                                     [tiers.get(c, 1) for c in ent["animal"].map(
                                         ref["enteric_category"])],
                                     "livestock_ch4_emissions", _EQ_ENT_T1, "head",
                                     "kg/head"))
        mcat = kr["animal"].map(ref["manure_category"])
        frames.append(keyed_rows(kr, mcat, kr["animal"], ("CH4", "N2O"),
                                 [tiers.get(c, 1) for c in mcat], "livestock_ch4_emissions",
                                 _EQ_MAN_CH4, "head", "kg/head"))
    herd = herd[herd["population"].notna()].reset_index(drop=True)
    if herd.empty:
        return frames, pd.DataFrame(columns=["region", "year", "animal", "mms", "n",
                                             "n_applied", "fate", "prp_group", "ids"])
    shares = _shares(long, herd)
    ecat = herd["animal"].map(ref["enteric_category"])
    mcat = herd["animal"].map(ref["manure_category"])
    t_ent = np.array([tiers.get(c, 1) for c in ecat])
    t_man = np.array([tiers.get(c, tiers.get(e, 1)) for c, e in zip(mcat, ecat, strict=True)])
    is_t2_animal = (herd["animal"].map(ref["tier2"]) == "yes").to_numpy()
    n_head = herd["population"].to_numpy()

    # ---- gross energy where Tier 2 characterisation is used (enteric or manure Tier 2)
    need_ge = is_t2_animal & ((t_ent >= 2) | (t_man >= 2))
    energy = pd.DataFrame(index=herd.index, columns=["ge", "ym", "pids", "neg"], dtype=object)
    if need_ge.any():
        e2 = _tier2_energy(herd[need_ge], factors)
        energy = energy.astype({"ge": float, "ym": float, "neg": float})
        energy.loc[need_ge, ["ge", "ym", "neg"]] = e2[["ge", "ym", "neg"]].to_numpy()
        energy.loc[need_ge, "pids"] = e2["pids"].to_numpy()
    ge = energy["ge"].to_numpy(dtype=float)

    # ---- 3.A.1 enteric fermentation
    has_ent = (ecat != "").to_numpy()
    if has_ent.any():
        h = herd[has_ent]
        rows = _rows_for(h, ecat[has_ent])
        t = t_ent[has_ent]
        ef = np.full(len(h), np.nan)
        pid = np.full(len(h), "", dtype=object)
        layer = np.full(len(h), None, dtype=object)
        src = np.full(len(h), None, dtype=object)
        t1 = t == 1
        if t1.any():
            lk = lookup_chain(factors, rows[t1], "EF_enteric", "kg/head/yr",
                              _enteric_keys(h[t1], opts, factors), gas="CH4", layers=DEFAULT,
                              what=_hint(h[t1], factors))
            ef[t1], pid[t1], layer[t1], src[t1] = lk.value, lk.parameter_id, lk.layer, lk.source
        t2c = (t >= 2) & is_t2_animal[has_ent]
        if t2c.any():
            g = ge[has_ent][t2c]
            ym = energy["ym"].to_numpy(dtype=float)[has_ent][t2c]
            ef[t2c] = enteric_emission_factor_tier2(g, ym)
            pid[t2c] = energy["pids"].to_numpy()[has_ent][t2c]
            layer[t2c] = "tier2_characterisation"
            src[t2c] = "IPCC 2006 Vol.4 Ch.10 Eq. 10.21 from national characterisation"
        t2o = (t >= 2) & ~is_t2_animal[has_ent]
        if t2o.any():
            lk = lookup_chain(factors, rows[t2o], "EF_enteric", "kg/head/yr",
                              [h["animal"].to_numpy()[t2o]], gas="CH4", layers=NATIONAL)
            ef[t2o], pid[t2o], layer[t2o], src[t2o] = lk.value, lk.parameter_id, lk.layer, \
                lk.source
        kt = livestock_ch4_emissions(ef, h["population"])
        det = detail_json(pd.DataFrame({
            "population": h["population"].to_numpy(), "weight": h["weight"].to_numpy(),
            "ge": ge[has_ent], "ym": energy["ym"].to_numpy(dtype=float)[has_ent],
            "de": h["de"].to_numpy(), "milk": h["milk"].to_numpy(),
            "fat": h["fat"].to_numpy(), "work": h["work"].to_numpy(),
            "pregnant": h["pregnant"].to_numpy(), "ca": h["ca"].to_numpy(),
            "weight_gain": h["weight_gain"].to_numpy()}))
        frames.append(emission_rows(
            h, category=ecat[has_ent].to_numpy(), activity=h["animal"].to_numpy(), gas="CH4",
            value=kt, tier=t, method="livestock_ch4_emissions", equation=_EQ_ENT_T1,
            activity_value=h["population"], activity_unit="head", ief=ef,
            ief_unit="kg/head", factor_layer=layer, factor_source=src,
            activity_ids=h["ids"].to_numpy(), parameter_ids=pid, detail=det))
        frames[-1].loc[t2c, "method"] = "enteric_emission_factor_tier2"
        frames[-1].loc[t2c, "equation"] = _EQ_ENT_T2

    # ---- manure: VS, Bo, MCF per system, Nex
    mrows = _rows_for(herd, mcat)
    sh = shares.merge(herd[["region", "year", "animal"]].reset_index(), on=["region", "year",
                                                                         "animal"])
    sh_rows = pd.DataFrame({"region": sh["region"], "year": sh["year"],
                            "category": sh["category"], "activity": sh["mms"],
                            "source_ref": None})
    r19 = is_2019r(factors)
    mcf = lookup_chain(factors, sh_rows, "MCF", "fraction", _mcf_keys(sh, mmsref, opts, r19),
                       what="manure system MCF")
    sh["mcf"] = mcf.value
    sh["mcf_pid"] = mcf.parameter_id
    wmcf = (sh["share"] * sh["mcf"]).groupby(sh["index"]).sum().reindex(herd.index).to_numpy()
    mcf_pids = sh.groupby("index")["mcf_pid"].agg(lambda s: ";".join(dict.fromkeys(s)))
    mcf_pids = mcf_pids.reindex(herd.index).fillna("").to_numpy()
    share_ids = sh.groupby("index")["activity_id"].agg(";".join).reindex(herd.index).fillna("")
    all_ids = join_ids(herd["ids"].to_numpy(), share_ids.to_numpy())

    group = herd["animal"].map(ref["frac_group"]).to_numpy()
    animal = herd["animal"].to_numpy()
    # typical animal mass (Eq. 10.30; under the 2019 Refinement also VS of Eq. 10.22A)
    if r19:
        reg_keys = regional_keys(herd["animal"], opts, factors)
    else:
        reg_keys = [(herd["animal"] + "@" + (opts.ipcc_region or "")).to_numpy()]
    tam_given = herd["weight"].to_numpy()
    tam = lookup_chain(factors, mrows, "TAM", "kg",
                       [animal] + reg_keys + ([] if r19 else
                                              [(herd["animal"] + "@"
                                                + opts.development).to_numpy()]),
                       required=False)
    tam_v = np.where(np.isfinite(tam_given), tam_given, tam.value)
    tam_pid = np.where(np.isfinite(tam_given), "", tam.parameter_id)
    # Tier 1 per head: IPCC 2006 Tables 10.14 (cattle, buffalo, swine) and 10.15; the 2019
    # Refinement computes every species but deer from VS (Eq. 10.22A), Bo and the MCFs
    vs_route = (t_man >= 2) | (r19 & (animal != "deer"))
    ef_m = np.full(len(herd), np.nan)
    pid_m = np.full(len(herd), "", dtype=object)
    layer_m = np.full(len(herd), None, dtype=object)
    src_m = np.full(len(herd), None, dtype=object)
    vs = np.full(len(herd), np.nan)
    bo = np.full(len(herd), np.nan)
    if vs_route.any():
        if (vs_route & (t_man == 1)).any():
            opts.region()
        sub = mrows[vs_route]
        vs_t2 = (t_man >= 2) & need_ge
        ue = lookup_chain(factors, sub, "UE", "fraction", [animal[vs_route]])
        ash = lookup_chain(factors, sub, "ASH", "fraction", [animal[vs_route]])
        vs_calc = volatile_solids_tier2(ge[vs_route], herd["de"].to_numpy()[vs_route],
                                        ue.value, ash.value)
        vs_def = lookup_chain(factors, sub, "VS", "kg/head/d", [animal[vs_route]],
                              layers=NATIONAL, required=False)
        vs_def_v, vs_def_pid = vs_def.value, vs_def.parameter_id
        if r19:
            # 2019 Refinement Eq. 10.22A: VS = VS_rate x TAM / 1000 (Table 10.13A)
            rate = lookup_chain(factors, sub, "VS_rate", "kg/t/d",
                                [k[vs_route] for k in reg_keys], required=False)
            vs_def_v = np.where(vs_def.found, vs_def.value, rate.value * tam_v[vs_route]
                                / 1000.0)
            vs_def_pid = np.where(vs_def.found, vs_def.parameter_id,
                                  join_ids(rate.parameter_id, tam_pid[vs_route]))
        vs_sel = np.where(vs_t2[vs_route], vs_calc, vs_def_v)
        if np.isnan(vs_sel).any():
            i = np.isnan(vs_sel).nonzero()[0][0]
            r = sub.iloc[i]
            raise MethodInputError(
                f"no volatile solids (VS) for {r['activity']} in {r['category']}, region "
                f"{r['region']} year {int(r['year'])}", None,
                "a parameter row 'VS' [kg/head/d] for the animal (national), Tier 2 "
                "characterisation (cattle, buffalo)" + (
                    ", or the 2019 VS rate and typical mass of its region and productivity "
                    "system (options.agriculture.ipcc_region, productivity)" if r19 else ""))
        bo_l = lookup_chain(factors, sub, "Bo", "m3/kg",
                            [animal[vs_route]] + [k[vs_route] for k in reg_keys],
                            what=_hint(herd[vs_route], factors))
        vs[vs_route] = vs_sel
        bo[vs_route] = bo_l.value
        ef_m[vs_route] = manure_ch4_emission_factor(vs_sel, bo_l.value, wmcf[vs_route])
        pid_m[vs_route] = join_ids(np.where(vs_t2[vs_route],
                                            join_ids(ue.parameter_id, ash.parameter_id,
                                                     energy["pids"].to_numpy()[vs_route]),
                                            vs_def_pid),
                                   bo_l.parameter_id, mcf_pids[vs_route])
        layer_m[vs_route] = np.where(vs_t2[vs_route], "tier2_characterisation", bo_l.layer)
        src_m[vs_route] = np.where(
            vs_t2[vs_route] | ~r19, "IPCC 2006 Vol.4 Ch.10 Eq. 10.23 (VS, Bo, MCF by system)",
            "2019 Refinement Vol.4 Ch.10 Eqs. 10.22A, 10.23 (VS rate, Bo, MCF by system)")
    t1o = ~vs_route
    if t1o.any():
        per_region = np.isin(group, ["dairy", "other_cattle", "swine"]) & ~r19
        if per_region[t1o].any():
            opts.region()
        key = np.where(per_region,
                       herd["animal"] + "@" + (opts.ipcc_region or "") + "@"
                       + (opts.temperature_key if per_region.any() else ""),
                       herd["animal"] + "@" + opts.development + "@" + opts.climate)[t1o]
        lk = lookup_chain(factors, mrows[t1o], "EF_manure_CH4", "kg/head/yr",
                          [animal[t1o], key], gas="CH4", layers=DEFAULT)
        ef_m[t1o], pid_m[t1o], layer_m[t1o], src_m[t1o] = lk.value, lk.parameter_id, \
            lk.layer, lk.source

    # Nex: Tier 2 (cattle/buffalo with crude protein) or Eq. 10.30
    nrate = lookup_chain(factors, mrows, "N_rate", "kg/t/d", [animal] + reg_keys,
                         required=False)
    nex = n_excretion_tier1(nrate.value, tam_v)
    nex_t2 = need_ge & herd["cp"].notna().to_numpy() & (t_man >= 2)
    if nex_t2.any():
        h2 = herd[nex_t2]
        nin = n_intake_tier2(ge[nex_t2], h2["cp"].to_numpy())
        nret = n_retention_cattle(h2["milk"].fillna(0.0).to_numpy(),
                                  h2["fat"].fillna(0.0).to_numpy(),
                                  h2["weight_gain"].fillna(0.0).to_numpy(),
                                  energy["neg"].to_numpy(dtype=float)[nex_t2])
        nex[nex_t2] = n_excretion_tier2(nin, nret)
    if np.isnan(nex).any():
        i = np.isnan(nex).nonzero()[0][0]
        r = mrows.iloc[i]
        what = "N_rate" if np.isnan(nrate.value[i]) else "TAM (typical animal mass)"
        raise MethodInputError(
            f"no {what} for {r['activity']} in {r['category']}, region {r['region']} year "
            f"{int(r['year'])} (N excretion, IPCC 2006 Vol.4 Ch.10 Eq. 10.30)", None,
            f"a parameter row '{what.split()[0]}' for {r['activity']} (national layer), or "
            f"'{r['activity']}:weight' for the mass")
    nex_pid = np.where(nex_t2, energy["pids"].fillna("").to_numpy(),
                       join_ids(nrate.parameter_id, tam_pid))

    kt = livestock_ch4_emissions(ef_m, n_head)
    ms_wide = sh.pivot_table(index="index", columns="mms", values="share", aggfunc="sum")
    ms_wide = ms_wide.reindex(herd.index).add_prefix("ms_")
    det = detail_json(pd.concat([pd.DataFrame({
        "population": n_head, "vs": vs, "bo": bo, "tam": tam_v, "mcf": wmcf, "nex": nex,
        "climate": opts.climate if len(sh) else None}), ms_wide.reset_index(drop=True)],
        axis=1))
    frames.append(emission_rows(
        herd, category=mcat.to_numpy(), activity=herd["animal"].to_numpy(), gas="CH4",
        value=kt, tier=t_man, method="livestock_ch4_emissions",
        equation=_EQ_MAN_CH4, activity_value=n_head,
        activity_unit="head", ief=ef_m, ief_unit="kg/head", factor_layer=layer_m,
        factor_source=src_m, activity_ids=all_ids, parameter_ids=pid_m, detail=det))
    frames[-1]["equation"] = np.where(vs_route, _EQ_MAN_CH4_VS, _EQ_MAN_CH4)

    # ---- N per system
    sh["nex"] = nex[sh["index"].to_numpy()]
    sh["population"] = n_head[sh["index"].to_numpy()]
    sh["n"] = sh["population"] * sh["nex"] * sh["share"]
    sh["fate"] = sh["mms"].map(mmsref["fate"])
    sh["tier"] = t_man[sh["index"].to_numpy()]
    sh["ids"] = np.asarray(all_ids, dtype=object)[sh["index"].to_numpy()]
    sh["nex_pid"] = nex_pid[sh["index"].to_numpy()]
    sh["group"] = group[sh["index"].to_numpy()]
    managed = sh[(sh["fate"] == "managed") & (sh["share"] > 0)].reset_index(drop=True)
    m_rows = pd.DataFrame({"region": managed["region"], "year": managed["year"],
                           "category": managed["category"], "activity": managed["mms"],
                           "source_ref": None})
    ef3 = lookup_chain(factors, m_rows, "EF3", "fraction", [managed["mms"].to_numpy()],
                       gas="N2O", what="manure system EF3")
    kt_n2o = manure_n2o_direct(managed["n"], ef3.value)
    frames.append(emission_rows(
        managed, category=managed["category"].to_numpy(),
        activity=(managed["animal"] + ":" + managed["mms"]).to_numpy(), gas="N2O",
        value=kt_n2o, tier=managed["tier"].to_numpy(), method="manure_n2o_direct",
        equation=_EQ_MAN_N2O, activity_value=managed["n"], activity_unit="kg",
        ief=ef3.value * N2O_PER_N2O_N, ief_unit="kg/kg", factor_layer=ef3.layer,
        factor_source=ef3.source, activity_ids=managed["ids"].to_numpy(),
        parameter_ids=join_ids(managed["nex_pid"].to_numpy(), ef3.parameter_id),
        detail=detail_json(pd.DataFrame({"population": managed["population"],
                                         "nex": managed["nex"], "share": managed["share"]}))))

    # animals whose manure is all on pasture or burned: no managed manure, so no direct N2O
    # in 3.A.2 (their N2O is in 3.C.4 or Energy): the N2O row is NO, not missing
    none = ~herd.set_index(["region", "year", "animal"]).index.isin(
        managed.set_index(["region", "year", "animal"]).index)
    if none.any():
        h = herd[none]
        kr = h.assign(activity_id=np.asarray(all_ids, dtype=object)[none], notation_key="NO")
        frames.append(keyed_rows(kr, mcat[none], h["animal"], ("N2O",), t_man[none],
                                 "manure_n2o_direct", _EQ_MAN_N2O, "kg", "kg/kg"))

    # ---- indirect N2O from manure management (3.C.6) and N available for soils
    mk = [(managed["animal"] + "@" + managed["mms"]).to_numpy(),
          (managed["group"] + "@" + managed["mms"]).to_numpy()]
    fgas = lookup_chain(factors, m_rows, "Frac_GasMS", "fraction", mk, what="FracGasMS")
    floss = lookup_chain(factors, m_rows, "Frac_LossMS", "fraction", mk, what="FracLossMS",
                         required=not is_2019r(factors))
    fleach = lookup_chain(factors, m_rows, "Frac_LeachMS", "fraction",
                          mk + [managed["mms"].to_numpy()], required=False)
    if is_2019r(factors) and not floss.found.all():
        # 2019 Refinement Eq. 10.34A: FracLossMS = FracGasMS + FracLeachMS + FracN2MS + EF3,
        # FracN2MS = R_N2(N2:N2O) x EF3 (Table 10.23 (Updated) gives no total loss)
        rn2 = lookup_chain(factors, m_rows, "R_N2", "fraction", ["*"], what="R_N2")
        calc = (fgas.value + np.nan_to_num(fleach.value) + (rn2.value + 1.0) * ef3.value)
        m = ~floss.found
        floss.value[m] = calc[m]
        floss.parameter_id[m] = np.asarray(join_ids(fgas.parameter_id, fleach.parameter_id,
                                                    rn2.parameter_id, ef3.parameter_id),
                                           dtype=object)[m]
        floss.found[m] = True
    managed["n_vol"] = n_volatilised_mms(managed["n"], fgas.value)
    managed["n_leach"] = n_leached_mms(managed["n"], fleach.value)
    managed["leach_found"] = fleach.found
    managed["pid_vol"] = fgas.parameter_id
    managed["pid_leach"] = fleach.parameter_id
    managed["layer_vol"] = fgas.layer
    managed["n_applied"] = manure_n_available(managed["n"], floss.value)
    managed["pid_loss"] = floss.parameter_id
    frames += _indirect_mms(managed, factors, opts)

    flows = sh[["region", "year", "animal", "mms", "n", "fate", "ids"]].copy()
    flows = flows.merge(managed[["region", "year", "animal", "mms", "n_applied", "pid_loss"]],
                        on=["region", "year", "animal", "mms"], how="left")
    flows["n_applied"] = flows["n_applied"].fillna(0.0)
    flows["pid_loss"] = flows["pid_loss"].fillna("")
    flows["prp_group"] = flows["animal"].map(ref["prp_group"])
    return frames, flows


def _indirect_mms(managed: pd.DataFrame, factors: FactorDB,
                  opts: AgriOptions) -> list[pd.DataFrame]:
    """3.C.6 rows per region and year: volatilisation (Eq. 10.27) and leaching (Eq. 10.29)."""
    if managed.empty:
        return []
    g = managed.groupby(["region", "year"], as_index=False).agg(
        n_vol=("n_vol", "sum"), n_leach=("n_leach", "sum"),
        leach_all=("leach_found", "all"), ids=("ids", lambda s: ";".join(dict.fromkeys(s))),
        pid_vol=("pid_vol", lambda s: ";".join(dict.fromkeys(s))),
        pid_leach=("pid_leach", lambda s: ";".join(dict.fromkeys(p for p in s if p))),
        national=("layer_vol", lambda s: bool((s != "ipcc_default").any())))
    q = pd.DataFrame({"region": g["region"], "year": g["year"], "category": "3.C.6",
                      "activity": "*", "source_ref": None})
    ef4 = lookup_chain(factors, q, "EF4", "fraction", [moisture_key(opts, factors)], gas="N2O",
                       what="EF4")
    ef5 = lookup_chain(factors, q, "EF5", "fraction", ["*"], gas="N2O", what="EF5")
    tier = np.where(g["national"] | (ef4.layer != "ipcc_default"), 2, 1)
    vol = emission_rows(
        g, category="3.C.6", activity="volatilisation", gas="N2O",
        value=indirect_n2o_from_n(g["n_vol"], ef4.value), tier=tier,
        method="indirect_n2o_from_n", equation=_EQ_MAN_VOL, activity_value=g["n_vol"],
        activity_unit="kg", ief=ef4.value * N2O_PER_N2O_N, ief_unit="kg/kg",
        factor_layer=ef4.layer, factor_source=ef4.source, activity_ids=g["ids"].to_numpy(),
        parameter_ids=join_ids(g["pid_vol"].to_numpy(), ef4.parameter_id))
    leach = emission_rows(
        g, category="3.C.6", activity="leaching", gas="N2O",
        value=np.where(g["leach_all"], indirect_n2o_from_n(g["n_leach"], ef5.value), np.nan),
        tier=np.where(g["leach_all"], 2, 1), method="indirect_n2o_from_n",
        equation=_EQ_MAN_LEACH, activity_value=np.where(g["leach_all"], g["n_leach"], np.nan),
        activity_unit="kg", ief=ef5.value * N2O_PER_N2O_N, ief_unit="kg/kg",
        factor_layer=ef5.layer, factor_source=ef5.source, activity_ids=g["ids"].to_numpy(),
        parameter_ids=join_ids(g["pid_leach"].to_numpy(), ef5.parameter_id))
    # IPCC 2006 gives no default FracLeachMS (Sect. 10.5.4): without a national value: NE
    leach["notation_key"] = np.where(g["leach_all"], None, "NE")
    leach.loc[~g["leach_all"].to_numpy(), "ief"] = np.nan
    return [vol, leach]

