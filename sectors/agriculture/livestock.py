"""Livestock: enteric fermentation (3.A.1), manure management CH4 and direct N2O (3.A.2),
indirect N2O from manure management (3.C.6), and the manure N that reaches soils.

IPCC 2006 Vol.4 Ch.10, with the defaults of the project's guideline edition (``guidelines``:
the 2019 Refinement's structure under ``ipcc2006_2019r``). Populations are annual averages
(Eq. 10.1 from days alive and animals produced where those are given instead). Enteric CH4:
Tier 1 = head x default factor of the IPCC region (Table 10.11, cattle) or development status
(Table 10.10); under the 2019 Refinement of the region and productivity system
(``options.agriculture.productivity``; Africa and the Middle East are separate regions);
Tier 2 for cattle and buffalo = gross energy from the net energy equations (Eqs. 10.3-10.16)
and Ym (Eq. 10.21; 2019 Table 10.12 by milk yield or feed class). Manure CH4 at Tier 1: 2006:
head x factor per head, Table 10.14 (cattle, buffalo, swine, by region and annual
temperature) or Table 10.15 (other species, by climate); 2019 Refinement: Eq. 10.23 from VS
= VS rate x typical animal mass (Eq. 10.22A, Table 10.13A), Bo (Table 10.16) and the MCF of
each system (Table 10.17 by climate zone and, for liquid/slurry, storage months), deer per
head. At Tier 2: Eq. 10.23 with VS from GE (Eq. 10.24) or national. Manure N: Nex from Eq.
10.30 (Tier 1) or Eqs. 10.31-10.33 (Tier 2 cattle/buffalo with crude protein), split over the
systems by their shares; direct N2O Eq. 10.25 (EF3, Table 10.21), indirect Eqs. 10.26-10.29;
N available for application to soils Eq. 10.34 (without bedding) with FracLossMS of Table
10.23, or of Eq. 10.34A under the 2019 Refinement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from inventory.errors import InputError, MethodInputError
from inventory.factors import Lookup
from inventory.lookups import grouped, merged, no_lookup, overlay, restrict, scatter, take
from inventory.methods import MethodInput, emission_rows, join_ids, keyed_rows

from .common import (
    N2O_PER_N2O_N,
    AgriOptions,
    animals,
    ensure_known,
    enteric_keys,
    factor_chain,
    is_2019r,
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
    "manure_ch4_emission_factor", "volatile_solids_from_mass", "frac_loss_mms",
    "n_excretion_tier1", "n_intake_tier2",
    "n_retention_cattle", "n_excretion_tier2", "manure_n2o_direct", "n_volatilised_mms",
    "n_leached_mms", "indirect_n2o_from_n", "manure_n_available", "livestock_emissions",
    "LIVESTOCK_ATTRIBUTES", "SHARE_TOLERANCE", "CHARACTERISATION", "Livestock",
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
# the characterisation attributes kept in the background table agriculture.livestock
CHARACTERISATION = ("weight", "mature_weight", "weight_gain", "milk", "fat", "work", "pregnant",
                    "de", "ca", "cp")
SHARE_TOLERANCE = 0.5   # percentage points the system shares may miss 100 %
_EQ_ENT_T1 = "IPCC 2006 Vol.4 Ch.10 Eq. 10.19"
_EQ_ENT_T2 = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.3-10.16, 10.21"
_EQ_MAN_CH4 = "IPCC 2006 Vol.4 Ch.10 Eq. 10.22"
_EQ_MAN_CH4_VS = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.22, 10.23"
_EQ_MAN_CH4_VS19 = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.22, 10.22A, 10.23 (2019 Refinement)"
_EQ_MAN_N2O = "IPCC 2006 Vol.4 Ch.10 Eq. 10.25"
_EQ_MAN_VOL = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.26, 10.27"
_EQ_MAN_LEACH = "IPCC 2006 Vol.4 Ch.10 Eqs. 10.28, 10.29"


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


def volatile_solids_from_mass(vs_rate, typical_animal_mass):
    """Volatile solid excretion per head from the default excretion rate per animal mass.

    Parameters
    ----------
    vs_rate : array-like [kg VS (1000 kg animal mass)-1 d-1] Table 10.13A (2019 Refinement)
    typical_animal_mass : array-like [kg head-1]

    Returns
    -------
    array-like [kg VS head-1 d-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.22A of the 2019 Refinement: VS = VS_rate x TAM / 1000 (the
    Tier 1 of manure CH4 under ``guidelines: ipcc2006_2019r``).
    """
    return (np.asarray(vs_rate, dtype=float) * np.asarray(typical_animal_mass, dtype=float)
            / 1000.0)


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


def frac_loss_mms(frac_gas, frac_leach, r_n2, ef3):
    """Total fraction of managed manure N lost before application to soils.

    Parameters
    ----------
    frac_gas : array-like [fraction] FracGasMS (Table 10.22)
    frac_leach : array-like [fraction] FracLeachMS (Table 10.22; 0 where none applies)
    r_n2 : array-like [-] R_N2(N2O): kg N2-N per kg N2O-N (Table 10.23)
    ef3 : array-like [kg N2O-N (kg N)-1] EF3 of the system (Table 10.21)

    Returns
    -------
    array-like [fraction]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.10 Eq. 10.34A of the 2019 Refinement: FracLossMS = FracGasMS +
    FracLeachMS + FracN2MS + EF3 with FracN2MS = R_N2(N2O) x EF3 (the Refinement drops the
    2006 Table 10.23 of total losses).
    """
    ef3 = np.asarray(ef3, dtype=float)
    return (np.asarray(frac_gas, dtype=float) + np.asarray(frac_leach, dtype=float)
            + np.asarray(r_n2, dtype=float) * ef3 + ef3)


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


def _mcf_keys(sh: pd.DataFrame, mmsref: pd.DataFrame, opts: AgriOptions, r19: bool) -> list:
    """Activity keys of the MCF of each system share: IPCC 2006 Table 10.17 by annual average
    temperature (liquid systems, lagoons: whole degrees) or climate class; 2019 Refinement
    Table 10.17 by climate class, IPCC climate zone (lagoons) and zone and storage months
    (liquid/slurry)."""
    if sh.empty:
        return [sh["mms"].to_numpy(dtype=object)]
    temp_dep = sh["mms"].map(mmsref["temperature_dependent"]).eq("yes").to_numpy()
    if not r19:
        qual = np.where(temp_dep, sh["mms"] + "@" + opts.temperature_key,
                        sh["mms"] + "@" + opts.climate)
        return [sh["mms"].to_numpy(dtype=object), qual.astype(object)]
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
    return [sh["mms"].to_numpy(dtype=object), band.to_numpy(dtype=object),
            zone.to_numpy(dtype=object),
            (zone + "@" + str(opts.manure_storage_months or "")).to_numpy(dtype=object)]


def _regional(inp: MethodInput, rows: pd.DataFrame, parameter: str, unit: str, keys: list,
              opts: AgriOptions, gas: str = "-", tier=None) -> Lookup:
    """:func:`factor_chain` over the keys of a default tabulated by IPCC region (and, under
    the 2019 Refinement, productivity system). A row without a value under the 2019
    Refinement while options.agriculture.productivity is not set is an error naming that
    option (the tables give many animals by productivity system only); other misses are
    collected with the method's others."""
    if not is_2019r(inp.factors) or opts.productivity:
        return factor_chain(inp, rows, parameter, unit, keys, gas, tier)
    lk = factor_chain(inp, rows, parameter, unit, keys, gas, tier, required=False)
    if len(rows) and not lk.found.all():
        r = rows[~lk.found].iloc[0]
        raise MethodInputError(
            f"no 2019 Refinement {parameter} for {r['activity']} in {r['category']}, region "
            f"{r['region']} year {int(r['year'])} (options.agriculture.ipcc_region "
            f"{opts.ipcc_region!r}, no productivity system)",
            "inventory.yml, key 'options: agriculture'",
            "productivity: high or low (2019 Refinement tables by region and productivity "
            "system), or a national parameter row")
    return lk


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
    return np.char.add("cattle_buffalo@", np.where(milk > 0, cls, other).astype(str)
                       ).astype(object)


def _rows_for(herd: pd.DataFrame, category: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"region": herd["region"].to_numpy(), "year": herd["year"].to_numpy(),
                         "category": np.asarray(category), "activity": herd["animal"].to_numpy(),
                         "source_ref": herd["source_ref"].to_numpy()})


def _tier2_energy(inp: MethodInput, herd: pd.DataFrame, tier: np.ndarray
                  ) -> tuple[pd.DataFrame, list[Lookup]]:
    """Gross energy and the net energy terms for the Tier 2 rows of ``herd``, and the lookups
    they used (Cfi, C_pregnancy, C_growth, and Ym where no ``<animal>:ym`` row is given)."""
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
    cfi = inp.factor(rows, "Cfi", "MJ/d/kg", tier=tier)
    cp = inp.factor(rows, "C_pregnancy", "fraction", tier=tier)
    cg = inp.factor(rows, "C_growth", "fraction", tier=tier)
    ym_given = herd["ym"].notna().to_numpy()
    # Ym: the animal's (national) or Table 10.12 (2006: one value; 2019 Refinement: by milk
    # yield or feed digestibility class)
    r19 = is_2019r(inp.factors)
    keys = [herd["animal"].to_numpy(dtype=object)[~ym_given]]
    if r19:
        keys.append(_ym_keys(herd[~ym_given]))
    ym_l = factor_chain(inp, rows[~ym_given], "Ym", "%", keys, tier=tier[~ym_given],
                        required=not r19)
    if not ym_l.found.all():
        r = herd[~ym_given][~ym_l.found].iloc[0]
        raise MethodInputError(
            f"no Ym for {r['animal']} in {r['region']} {int(r['year'])} (2019 Refinement "
            "Table 10.12: high-producing dairy herds > 8500 kg milk yr-1 take 5.7 or 6.0 by "
            "NDF)", r["source_ref"], f"a row {r['animal']}:ym [%] or a national Ym parameter")
    ym_p = scatter(ym_l, ~ym_given)
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
    ym = np.where(ym_given, herd["ym"].to_numpy(), ym_p.value)
    out = pd.DataFrame({"ge": ge, "ym": ym, "nem": nem, "nea": nea, "neg": neg, "nel": nel,
                        "nework": nework, "nep": nep, "rem": rem, "reg": reg},
                       index=herd.index)
    return out, [cfi, cp, cg, ym_p]


@dataclass
class Livestock:
    """What the livestock computation passes on: emission frames, the manure N flows to soils
    (one row per region, year, animal and system: ``n`` [kg N yr-1] excreted into it, its
    ``fate``, ``n_applied`` [kg N yr-1] available for application, the EF3PRP group) with the
    lookups behind ``n_applied`` (``loss``, aligned with ``flows``), and the background tables
    ``agriculture.livestock`` and ``agriculture.manure_systems``."""

    frames: list[pd.DataFrame]
    flows: pd.DataFrame
    loss: Lookup
    tables: dict[str, pd.DataFrame]


def _keyed_herd(inp: MethodInput, keyed: pd.DataFrame) -> list[pd.DataFrame]:
    """Every gas of an animal whose population row carries a notation key gets the key."""
    ref = animals()
    kr = keyed.assign(activity_id=keyed["ids"], notation_key=keyed["key"])
    frames = []
    ecat = kr["animal"].map(ref["enteric_category"]).to_numpy()
    ent = ecat != ""
    if ent.any():
        e = kr[ent].assign(category=ecat[ent])
        frames.append(keyed_rows(e, ("CH4",), tier=inp.tier_of(e, "CH4"),
                                 method="livestock_ch4_emissions", equation=_EQ_ENT_T1,
                                 activity=e["animal"].to_numpy(), activity_unit="head"))
    m = kr.assign(category=kr["animal"].map(ref["manure_category"]).to_numpy())
    for gas in ("CH4", "N2O"):
        frames.append(keyed_rows(m, (gas,), tier=inp.tier_of(m, gas),
                                 method="livestock_ch4_emissions", equation=_EQ_MAN_CH4,
                                 activity=m["animal"].to_numpy(), activity_unit="head"))
    return frames


def livestock_emissions(inp: MethodInput, act: pd.DataFrame, opts: AgriOptions) -> Livestock:
    """Emission rows of 3.A.1, 3.A.2 and 3.C.6, the manure N flows to soils and the livestock
    background tables. Tiers per category and gas (``inventory.yml``): enteric CH4, manure CH4
    and manure N2O each take their own; 3.C.6 takes the tier set for it."""
    ref = animals()
    mmsref = manure_systems()
    long = _long(act)
    herd = _herd(long)
    _ensure_no_orphan_shares(long, herd)
    frames: list[pd.DataFrame] = []
    keyed = herd[herd["population"].isna()]
    if len(keyed):
        frames += _keyed_herd(inp, keyed)
    herd = herd[herd["population"].notna()].reset_index(drop=True)
    if herd.empty:
        return Livestock(frames, _no_flows(), no_lookup(0), {})
    shares = _shares(long, herd)
    animal = herd["animal"].to_numpy(dtype=object)
    ecat = herd["animal"].map(ref["enteric_category"])
    mcat = herd["animal"].map(ref["manure_category"])
    has_ent = (ecat != "").to_numpy()
    erows = _rows_for(herd, ecat)
    mrows = _rows_for(herd, mcat)
    t_ent = np.where(has_ent, inp.tier_of(erows, "CH4"), 1)
    t_ch4 = inp.tier_of(mrows, "CH4")
    t_n2o = inp.tier_of(mrows, "N2O")
    is_t2_animal = (herd["animal"].map(ref["tier2"]) == "yes").to_numpy()
    cp_given = herd["cp"].notna().to_numpy()
    n_head = herd["population"].to_numpy()
    n = len(herd)

    # ---- gross energy where Tier 2 characterisation is used (enteric, manure VS or Nex)
    need_ge = is_t2_animal & ((has_ent & (t_ent >= 2)) | (t_ch4 >= 2)
                              | ((t_n2o >= 2) & cp_given))
    ge, ym_used, neg = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    ge_lk: list[Lookup] = []
    if need_ge.any():
        t_ge = np.maximum.reduce([t_ent, t_ch4, t_n2o])[need_ge]
        e2, lks = _tier2_energy(inp, herd[need_ge], t_ge)
        ge[need_ge], ym_used[need_ge], neg[need_ge] = e2["ge"], e2["ym"], e2["neg"]
        ge_lk = [scatter(lk, need_ge) for lk in lks]

    # ---- 3.A.1 enteric fermentation
    r19 = is_2019r(inp.factors)
    ef_ent = np.full(n, np.nan)
    t2c = has_ent & (t_ent >= 2) & is_t2_animal
    by_ef = has_ent & ~t2c
    ent_lk: list[Lookup] = [restrict(lk, t2c) for lk in ge_lk]
    if by_ef.any():
        # Tier 1: the IPCC default of the region / development status (2019 Refinement: and
        # productivity system); Tier 2 animals without characterisation: a national factor
        t1 = has_ent & (t_ent == 1)
        t2o = by_ef & ~t1
        if t1.any():
            lk = _regional(inp, erows[t1], "EF_enteric", "kg/head/yr",
                           enteric_keys(herd["animal"][t1], opts, inp.factors), opts, gas="CH4",
                           tier=t_ent[t1])
            ef_ent[t1] = lk.value
            ent_lk.append(scatter(lk, t1))
        if t2o.any():
            lk = inp.factor(erows[t2o], "EF_enteric", "kg/head/yr", "CH4", tier=t_ent[t2o],
                            activity=animal[t2o])
            ef_ent[t2o] = lk.value
            ent_lk.append(scatter(lk, t2o))
    ef_ent[t2c] = enteric_emission_factor_tier2(ge[t2c], ym_used[t2c])
    if has_ent.any():
        h = herd[has_ent]
        frames.append(emission_rows(
            h, gas="CH4", value=livestock_ch4_emissions(ef_ent[has_ent], n_head[has_ent]),
            tier=t_ent[has_ent], category=ecat[has_ent].to_numpy(),
            activity=animal[has_ent],
            method=np.where(t2c[has_ent], "enteric_emission_factor_tier2",
                            "livestock_ch4_emissions"),
            equation=np.where(t2c[has_ent], _EQ_ENT_T2, _EQ_ENT_T1),
            activity_value=n_head[has_ent], activity_unit="head", ief_unit="kg/head",
            activity_ids=h["ids"].to_numpy(),
            lookups=[take(lk, has_ent) for lk in ent_lk]))

    # ---- 3.A.2 manure CH4: MCF per system; VS and Bo (Eq. 10.23) or a factor per head
    sh = shares.merge(herd[["region", "year", "animal"]].reset_index(),
                      on=["region", "year", "animal"])
    idx = sh["index"].to_numpy()
    sh_rows = pd.DataFrame({"region": sh["region"], "year": sh["year"],
                            "category": sh["category"], "activity": sh["mms"],
                            "source_ref": None})
    mcf = factor_chain(inp, sh_rows, "MCF", "fraction", _mcf_keys(sh, mmsref, opts, r19),
                       tier=t_ch4[idx])
    sh["mcf"] = mcf.value
    wmcf = (sh["share"] * sh["mcf"]).groupby(sh["index"]).sum().reindex(herd.index).to_numpy()
    share_ids = sh.groupby("index")["activity_id"].agg(";".join).reindex(herd.index).fillna("")
    all_ids = join_ids(herd["ids"].to_numpy(), share_ids.to_numpy())

    group = herd["animal"].map(ref["frac_group"]).to_numpy()
    # activity keys of the defaults by IPCC region: 2006 <animal>@<region> (typical animal
    # mass also by development status); 2019 Refinement also by productivity system
    if r19:
        reg_keys = regional_keys(herd["animal"], opts, inp.factors)
        tam_keys = [animal, *reg_keys]
    else:
        reg_keys = [(herd["animal"] + "@" + (opts.ipcc_region or "")).to_numpy(dtype=object)]
        tam_keys = [animal, *reg_keys,
                    (herd["animal"] + "@" + opts.development).to_numpy(dtype=object)]
    # Tier 1 per head: IPCC 2006 Tables 10.14 (cattle, buffalo, swine, by region and annual
    # temperature) and 10.15 (other species, by climate); the 2019 Refinement computes every
    # species but deer from VS (Eq. 10.22A), Bo and the MCFs of the systems
    vs_route = (t_ch4 >= 2) | (r19 & (animal != "deer"))
    vs_t2 = vs_route & (t_ch4 >= 2) & need_ge
    vs_def = vs_route & ~vs_t2
    # VS without characterisation: at Tier 2 a national VS; under the 2019 Refinement
    # otherwise (and at Tier 1) VS = VS rate x TAM / 1000 (Eq. 10.22A, Table 10.13A)
    nat = vs_def & (t_ch4 >= 2)
    vs_nat = no_lookup(n)
    if nat.any():
        vs_nat = scatter(factor_chain(inp, mrows[nat], "VS", "kg/head/d", [animal[nat]],
                                      tier=t_ch4[nat], required=not r19), nat)
    by_rate = vs_def & ~vs_nat.found if r19 else np.zeros(n, dtype=bool)
    nex_t2 = need_ge & cp_given & (t_n2o >= 2)
    by_nrate = ~nex_t2
    # typical animal mass where no live weight is given: Nex (Eq. 10.30) and, under the 2019
    # Refinement, VS (Eq. 10.22A); looked up once, counted on the rows that use it
    tam = herd["weight"].to_numpy(dtype=float).copy()
    need_tam = ~np.isfinite(tam) & (by_rate | by_nrate)
    tam_lk = no_lookup(n)
    if need_tam.any():
        lk = _regional(inp, mrows[need_tam], "TAM", "kg", [k[need_tam] for k in tam_keys],
                       opts, tier=t_n2o[need_tam])
        tam[need_tam] = lk.value
        tam_lk = scatter(lk, need_tam)

    ef_m, vs, bo = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    man_lk: list[Lookup] = []
    if vs_route.any():
        if vs_t2.any():
            ue = inp.factor(mrows[vs_t2], "UE", "fraction", tier=t_ch4[vs_t2])
            ash = inp.factor(mrows[vs_t2], "ASH", "fraction", tier=t_ch4[vs_t2])
            vs[vs_t2] = volatile_solids_tier2(ge[vs_t2], herd["de"].to_numpy()[vs_t2],
                                              ue.value, ash.value)
            man_lk += [scatter(ue, vs_t2), scatter(ash, vs_t2)]
            man_lk += [restrict(lk, vs_t2) for lk in ge_lk]
        if vs_nat.found.any():
            vs[vs_nat.found] = vs_nat.value[vs_nat.found]
            man_lk.append(vs_nat)
        if by_rate.any():
            rate = _regional(inp, mrows[by_rate], "VS_rate", "kg/t/d",
                             [k[by_rate] for k in reg_keys], opts, tier=t_ch4[by_rate])
            vs[by_rate] = volatile_solids_from_mass(rate.value, tam[by_rate])
            man_lk += [scatter(rate, by_rate), restrict(tam_lk, by_rate)]
        if (vs_route & (t_ch4 == 1)).any():
            opts.region()
        b = _regional(inp, mrows[vs_route], "Bo", "m3/kg",
                      [animal[vs_route], *(k[vs_route] for k in reg_keys)], opts,
                      tier=t_ch4[vs_route])
        bo[vs_route] = b.value
        ef_m[vs_route] = manure_ch4_emission_factor(vs[vs_route], bo[vs_route],
                                                    wmcf[vs_route])
        man_lk += [scatter(b, vs_route), restrict(grouped([mcf], idx, n), vs_route)]
    t1o = ~vs_route
    if t1o.any():
        per_region = np.isin(group, ["dairy", "other_cattle", "swine"]) & ~r19
        if (per_region & t1o).any():
            opts.region()
        key = np.where(per_region,
                       herd["animal"] + "@" + (opts.ipcc_region or "") + "@"
                       + (opts.temperature_key if (per_region & t1o).any() else ""),
                       herd["animal"] + "@" + opts.development + "@" + opts.climate)
        lk = factor_chain(inp, mrows[t1o], "EF_manure_CH4", "kg/head/yr",
                          [animal[t1o], key.astype(object)[t1o]], gas="CH4", tier=t_ch4[t1o])
        ef_m[t1o] = lk.value
        man_lk.append(scatter(lk, t1o))
    eq_vs = np.where(r19 & ~((t_ch4 >= 2) & need_ge), _EQ_MAN_CH4_VS19, _EQ_MAN_CH4_VS)
    frames.append(emission_rows(
        herd, gas="CH4", value=livestock_ch4_emissions(ef_m, n_head), tier=t_ch4,
        category=mcat.to_numpy(), activity=animal, method="livestock_ch4_emissions",
        equation=np.where(vs_route, eq_vs, _EQ_MAN_CH4), activity_value=n_head,
        activity_unit="head", ief_unit="kg/head", activity_ids=all_ids, lookups=man_lk))

    # ---- Nex: Tier 2 (cattle/buffalo with crude protein) or Eq. 10.30
    nex = np.full(n, np.nan)
    nex_lk: list[Lookup] = [restrict(lk, nex_t2) for lk in ge_lk]
    if by_nrate.any():
        lk = _regional(inp, mrows[by_nrate], "N_rate", "kg/t/d",
                       [animal[by_nrate], *(k[by_nrate] for k in reg_keys)], opts,
                       tier=t_n2o[by_nrate])
        nex[by_nrate] = n_excretion_tier1(lk.value, tam[by_nrate])
        nex_lk += [scatter(lk, by_nrate), restrict(tam_lk, by_nrate)]
    if nex_t2.any():
        h2 = herd[nex_t2]
        nin = n_intake_tier2(ge[nex_t2], h2["cp"].to_numpy())
        nret = n_retention_cattle(h2["milk"].fillna(0.0).to_numpy(),
                                  h2["fat"].fillna(0.0).to_numpy(),
                                  h2["weight_gain"].fillna(0.0).to_numpy(), neg[nex_t2])
        nex[nex_t2] = n_excretion_tier2(nin, nret)
    nex_prov = merged(nex_lk, n)

    # ---- 3.A.2 direct N2O per managed system
    sh["nex"] = nex[idx]
    sh["population"] = n_head[idx]
    sh["n"] = sh["population"] * sh["nex"] * sh["share"]
    sh["fate"] = sh["mms"].map(mmsref["fate"])
    sh["group"] = group[idx]
    sh["ids"] = np.asarray(all_ids, dtype=object)[idx]
    is_managed = ((sh["fate"] == "managed") & (sh["share"] > 0)).to_numpy()
    managed = sh[is_managed].reset_index(drop=True)
    m_idx = managed["index"].to_numpy()
    m_rows = pd.DataFrame({"region": managed["region"], "year": managed["year"],
                           "category": managed["category"], "activity": managed["mms"],
                           "source_ref": None})
    ef3 = inp.factor(m_rows, "EF3", "fraction", "N2O", tier=t_n2o[m_idx])
    if len(managed):
        frames.append(emission_rows(
            managed, gas="N2O", value=manure_n2o_direct(managed["n"], ef3.value),
            tier=t_n2o[m_idx], category=managed["category"].to_numpy(),
            activity=(managed["animal"] + ":" + managed["mms"]).to_numpy(),
            method="manure_n2o_direct", equation=_EQ_MAN_N2O,
            activity_value=managed["n"].to_numpy(), activity_unit="kg", ief_unit="kg/kg",
            activity_ids=managed["ids"].to_numpy(), lookups=[take(nex_prov, m_idx), ef3]))
    # animals whose manure is all on pasture or burned: no managed manure, so no direct N2O
    # in 3.A.2 (their N2O is in 3.C.4 or Energy): the N2O row is NO, not missing
    none = ~np.isin(np.arange(n), m_idx)
    if none.any():
        kr = herd[none].assign(activity_id=np.asarray(all_ids, dtype=object)[none],
                               notation_key="NO")
        frames.append(keyed_rows(kr, ("N2O",), tier=t_n2o[none],
                                 category=mcat[none].to_numpy(), activity=animal[none],
                                 method="manure_n2o_direct", equation=_EQ_MAN_N2O,
                                 activity_unit="kg"))

    # ---- indirect N2O from manure management (3.C.6) and N available for soils (3.C.4)
    t6 = inp.category_tier("3.C.6", "N2O")
    t4 = inp.category_tier("3.C.4", "N2O")
    mk = [(managed["animal"] + "@" + managed["mms"]).to_numpy(dtype=object),
          (managed["group"] + "@" + managed["mms"]).to_numpy(dtype=object)]
    fgas = factor_chain(inp, m_rows, "Frac_GasMS", "fraction", mk, tier=t6)
    # FracLeachMS: IPCC 2006 gives no default (Sect. 10.5.4: country data); the 2019
    # Refinement Table 10.22 does. Without one, leaching is NE (never 0).
    fleach = factor_chain(inp, m_rows, "Frac_LeachMS", "fraction",
                          mk + [managed["mms"].to_numpy(dtype=object)], tier=t6,
                          required=False)
    # FracLossMS: Table 10.23 (2006) or a national value; the 2019 Refinement drops the
    # table: Eq. 10.34A from the FracGasMS, FracLeachMS and EF3 used above and R_N2
    floss = factor_chain(inp, m_rows, "Frac_LossMS", "fraction", mk, tier=t4,
                         required=not r19)
    if r19 and not floss.found.all():
        calc = ~floss.found
        rn2 = inp.factor(m_rows[calc], "R_N2", "fraction", tier=t4, activity="*")
        value = frac_loss_mms(fgas.value[calc], np.nan_to_num(fleach.value[calc]),
                              rn2.value, ef3.value[calc])
        sub = merged([take(fgas, calc), take(restrict(fleach, fleach.found), calc), rn2,
                      take(ef3, calc)], int(calc.sum()))
        sub.value[:] = value
        sub.found[:] = np.isfinite(value)
        floss = overlay(floss, sub, calc)
    managed["n_vol"] = n_volatilised_mms(managed["n"], fgas.value)
    managed["n_leach"] = n_leached_mms(managed["n"], fleach.value)
    managed["frac_loss"] = floss.value
    managed["n_applied"] = manure_n_available(managed["n"], floss.value)
    frames += _indirect_mms(inp, managed, fgas, fleach, t6, opts)

    flows = sh[["region", "year", "animal", "mms", "n", "fate", "ids"]].copy()
    flows["n_applied"] = 0.0
    flows.loc[is_managed, "n_applied"] = managed["n_applied"].to_numpy()
    flows["prp_group"] = flows["animal"].map(ref["prp_group"])
    loss = scatter(floss, is_managed)

    systems = sh[["region", "year", "animal", "category", "mms", "fate", "share", "mcf",
                  "n"]].rename(columns={"mms": "system", "n": "n_excreted"})
    for col, src in (("n_volatilised", "n_vol"), ("n_leached", "n_leach"),
                     ("frac_loss", "frac_loss"), ("n_applied", "n_applied")):
        systems[col] = np.nan
        systems.loc[is_managed, col] = managed[src].to_numpy()
    # a managed system with share 0 receives no N, so it loses and passes on none: 0 kg N,
    # not the NaN of the factors never looked up for it (NaN stays for 'not estimated')
    unused = ((sh["fate"] == "managed") & (sh["share"] == 0)).to_numpy()
    systems.loc[unused, ["n_volatilised", "n_applied"]] = 0.0
    livestock = pd.DataFrame({
        "region": herd["region"], "year": herd["year"], "animal": animal,
        "enteric_category": ecat.to_numpy(), "manure_category": mcat.to_numpy(),
        "tier_enteric": pd.Series(t_ent, dtype="Int64").where(has_ent).array,
        "tier_manure_ch4": t_ch4, "tier_manure_n2o": t_n2o, "population": n_head,
        "population_eq10_1": herd["eq10_1"].to_numpy(dtype=bool),
        **{a: herd[a].to_numpy(dtype=float) for a in CHARACTERISATION},
        "ge": ge, "ym": ym_used, "ef_enteric": ef_ent, "climate": opts.climate,
        "mcf": wmcf, "vs": vs, "bo": bo, "tam": tam, "ef_manure_ch4": ef_m, "nex": nex})
    return Livestock(frames, flows, loss, {"agriculture.livestock": livestock,
                                           "agriculture.manure_systems": systems})


def _no_flows() -> pd.DataFrame:
    return pd.DataFrame(columns=["region", "year", "animal", "mms", "n", "fate", "ids",
                                 "n_applied", "prp_group"])


def _indirect_mms(inp: MethodInput, managed: pd.DataFrame, fgas: Lookup, fleach: Lookup,
                  tier: int, opts: AgriOptions) -> list[pd.DataFrame]:
    """3.C.6 rows per region and year: volatilisation (Eq. 10.27) and leaching (Eq. 10.29);
    EF4 of the climate under the 2019 Refinement with options.agriculture.soil_moisture."""
    if managed.empty:
        return []
    by = managed.groupby(["region", "year"])
    codes = by.ngroup().to_numpy()
    g = by.agg(n_vol=("n_vol", "sum"), n_leach=("n_leach", "sum"),
               ids=("ids", lambda s: ";".join(dict.fromkeys(s)))).reset_index()
    leach_all = pd.Series(fleach.found).groupby(codes).all().to_numpy()
    q = pd.DataFrame({"region": g["region"], "year": g["year"], "category": "3.C.6",
                      "activity": "*", "source_ref": None})
    ef4 = inp.factor(q, "EF4", "fraction", "N2O", tier=tier,
                     activity=moisture_key(opts, inp.factors))
    ef5 = inp.factor(q, "EF5", "fraction", "N2O", tier=tier)
    out = [emission_rows(
        g, gas="N2O", value=indirect_n2o_from_n(g["n_vol"], ef4.value), tier=tier,
        category="3.C.6", activity="volatilisation", method="indirect_n2o_from_n",
        equation=_EQ_MAN_VOL, activity_value=g["n_vol"].to_numpy(), activity_unit="kg",
        ief_unit="kg/kg", activity_ids=g["ids"].to_numpy(),
        lookups=[grouped([fgas], codes, len(g)), ef4])]
    ok = leach_all
    if ok.any():
        out.append(emission_rows(
            g[ok], gas="N2O", value=indirect_n2o_from_n(g["n_leach"][ok], ef5.value[ok]),
            tier=tier, category="3.C.6", activity="leaching", method="indirect_n2o_from_n",
            equation=_EQ_MAN_LEACH, activity_value=g["n_leach"][ok].to_numpy(),
            activity_unit="kg", ief_unit="kg/kg", activity_ids=g["ids"][ok].to_numpy(),
            lookups=[take(grouped([fleach], codes, len(g)), ok), take(ef5, ok)]))
    if (~ok).any():
        # no FracLeachMS (none in IPCC 2006, Table 10.22 in the 2019 Refinement; national
        # data): NE, never 0
        ne = g[~ok].assign(activity_id=g["ids"][~ok], notation_key="NE")
        out.append(keyed_rows(ne, ("N2O",), tier=tier, category="3.C.6", activity="leaching",
                              method="indirect_n2o_from_n", equation=_EQ_MAN_LEACH,
                              activity_unit="kg"))
    return out
