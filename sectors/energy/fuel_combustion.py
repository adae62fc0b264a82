"""Fuel combustion 1.A.1-1.A.5: CO2, CH4 and N2O by fuel, Tier 1 and Tier 2.

Tier 1 (IPCC 2006 Vol.2 Ch.2 Sect. 2.3.1.1): fuel use [TJ] x IPCC default factor
(Table 1.4 for CO2, Tables 2.2-2.5 for stationary CH4/N2O, Ch.3 tables for mobile sources).
Tier 2 (Sect. 2.3.1.2): the same equation with country-specific factors taken from the
national, provincial or plant layer; for CO2 a country-specific carbon content and oxidation
factor may stand in for the factor (China's provincial guidelines work this way). A row with no
country-specific factor at Tier 2 is an error, never a quiet fallback to Tier 1.

Activity in mass or volume is converted to energy with NCV (Table 1.2, or a national NCV).
CO2 from biomass fuels is reported as a memo item (Vol.2 Ch.1 Sect. 1.4.1.3), CH4 and N2O from
biomass count in the totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.methods import MethodInput, SourceMethod, TierSpec, join_ids, register
from inventory.notation import NOTATION_DTYPE
from inventory.units import parse_unit
from sectors.energy.fuels import fuels, is_biomass

__all__ = ["fuel_energy_from_mass", "fuel_energy_from_volume", "fuel_combustion_emissions",
           "co2_factor_from_carbon_content", "compute_fuel_combustion", "GASES",
           "equation_for"]

GASES = ("CO2", "CH4", "N2O")
C_TO_CO2 = 44.0 / 12.0

# Guideline equation per category prefix and gas family (most specific prefix wins).
_EQUATIONS = {
    "1.A": ("IPCC 2006 Vol.2 Ch.2 Eq. 2.1", "IPCC 2006 Vol.2 Ch.2 Eq. 2.1"),
    "1.A.3.a": ("IPCC 2006 Vol.2 Ch.3 Eq. 3.6.1", "IPCC 2006 Vol.2 Ch.3 Eq. 3.6.1"),
    "1.A.3.b": ("IPCC 2006 Vol.2 Ch.3 Eq. 3.2.1", "IPCC 2006 Vol.2 Ch.3 Eq. 3.2.3"),
    "1.A.3.c": ("IPCC 2006 Vol.2 Ch.3 Eq. 3.4.1", "IPCC 2006 Vol.2 Ch.3 Eq. 3.4.1"),
    "1.A.3.d": ("IPCC 2006 Vol.2 Ch.3 Eq. 3.5.1", "IPCC 2006 Vol.2 Ch.3 Eq. 3.5.1"),
    "1.A.3.e.ii": ("IPCC 2006 Vol.2 Ch.3 Eq. 3.3.1", "IPCC 2006 Vol.2 Ch.3 Eq. 3.3.1"),
    "1.A.4.c.ii": ("IPCC 2006 Vol.2 Ch.3 Eq. 3.3.1", "IPCC 2006 Vol.2 Ch.3 Eq. 3.3.1"),
    "1.A.4.c.iii": ("IPCC 2006 Vol.2 Ch.3 Eq. 3.5.1", "IPCC 2006 Vol.2 Ch.3 Eq. 3.5.1"),
    "1.A.5.b": ("IPCC 2006 Vol.2 Ch.3 Eq. 3.3.1", "IPCC 2006 Vol.2 Ch.3 Eq. 3.3.1"),
}


def fuel_energy_from_mass(fuel_mass, net_calorific_value):
    """Fuel use in energy units from fuel mass.

    Parameters
    ----------
    fuel_mass : array-like [kt]
    net_calorific_value : array-like [TJ kt-1] (= TJ Gg-1)

    Returns
    -------
    array-like [TJ]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.1 Sect. 1.4.1.2: fuel statistics in mass units are converted with the net
    calorific value; default NCVs in Vol.2 Ch.1 Table 1.2.
    """
    return np.asarray(fuel_mass, dtype=float) * np.asarray(net_calorific_value, dtype=float)


def fuel_energy_from_volume(fuel_volume, volumetric_calorific_value):
    """Fuel use in energy units from fuel volume (gaseous fuels).

    Parameters
    ----------
    fuel_volume : array-like [m3]
    volumetric_calorific_value : array-like [TJ m-3]

    Returns
    -------
    array-like [TJ]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.1 Sect. 1.4.1.2; the NCV per volume is country-specific (e.g. China
    GB/T 2589: 38,931 kJ m-3 for natural gas).
    """
    return np.asarray(fuel_volume, dtype=float) * np.asarray(volumetric_calorific_value,
                                                             dtype=float)


def fuel_combustion_emissions(fuel_consumption, emission_factor):
    """Emissions of one gas from burning a fuel.

    Parameters
    ----------
    fuel_consumption : array-like [TJ]
    emission_factor : array-like [kg gas TJ-1]

    Returns
    -------
    array-like [kt gas]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.2 Eq. 2.1 (Tier 1) and Eq. 2.2 (Tier 2, country-specific factor);
    the mobile-source equations Vol.2 Ch.3 Eqs. 3.2.1, 3.2.3, 3.3.1, 3.4.1, 3.5.1 and 3.6.1 have
    the same fuel-based form. kg -> kt is 1e-6.
    """
    return (np.asarray(fuel_consumption, dtype=float)
            * np.asarray(emission_factor, dtype=float) * 1e-6)


def co2_factor_from_carbon_content(carbon_content, oxidation_factor=1.0):
    """Country-specific CO2 emission factor from the fuel's carbon content.

    Parameters
    ----------
    carbon_content : array-like [t C TJ-1]
    oxidation_factor : array-like [fraction], 1 in the IPCC 2006 defaults

    Returns
    -------
    array-like [kg CO2 TJ-1]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.1 Tables 1.3 and 1.4: EF = carbon content x 44/12 x 1000, assuming full
    oxidation (Sect. 1.4.2.1); national methods (China's provincial guidelines) multiply by a
    carbon oxidation rate.
    """
    return (np.asarray(carbon_content, dtype=float) * np.asarray(oxidation_factor, dtype=float)
            * C_TO_CO2 * 1000.0)


def equation_for(categories: pd.Series, gas: str) -> np.ndarray:
    """The guideline equation reference for each category and gas."""
    which = 0 if gas == "CO2" else 1
    out = {}
    for code in pd.unique(categories):
        best = max((p for p in _EQUATIONS if code == p or code.startswith(p + ".")),
                   key=lambda p: p.count("."))
        out[code] = _EQUATIONS[best][which]
    return categories.map(out).to_numpy(dtype=object)


def _energy_tj(rows: pd.DataFrame, inp: MethodInput) -> tuple[np.ndarray, np.ndarray]:
    """Activity in TJ and the NCV parameter ids used ('' where already in TJ)."""
    value = rows["value"].to_numpy(dtype=float)
    unit = rows["unit"].to_numpy(dtype=str)
    tj = np.full(len(rows), np.nan)
    ids = np.full(len(rows), "", dtype=object)
    is_tj, is_kt, is_m3 = unit == "TJ", unit == "kt", unit == "m3"
    other = ~(is_tj | is_kt | is_m3)
    if other.any():
        bad = rows[other].iloc[0]
        raise InputError(f"fuel use in '{bad['unit']}' ({parse_unit(bad['unit'])}) cannot be "
                         "converted to energy", bad.get("source_ref"),
                         "an energy (TJ, GJ, tce ...), mass (t, kt ...) or volume (m3 ...) unit")
    tj[is_tj] = value[is_tj]
    for mask, param, unit_needed, fn in (
        (is_kt, "NCV", "TJ/kt", fuel_energy_from_mass),
        (is_m3, "NCV_volume", "TJ/m3", fuel_energy_from_volume),
    ):
        if mask.any():
            sub = rows[mask]
            ncv = inp.factors.require(sub, param, unit_needed)
            tj[mask] = fn(value[mask], ncv.value)
            ids[mask] = ncv.parameter_id
    return tj, ids


def _co2_factor_tier2(rows: pd.DataFrame, inp: MethodInput, layers):
    """Tier 2 CO2 factor: a country-specific EF, else carbon content x oxidation."""
    ef = inp.factors.lookup(rows, "EF", "kg/TJ", "CO2", layers)
    if ef.found.all():
        return ef
    miss = ~ef.found
    sub = rows[miss]
    cc = inp.factors.require(sub, "carbon_content", "t/TJ", layers=layers, tier=2)
    ox = inp.factors.lookup(sub, "oxidation", "fraction", layers=layers)
    ox_value = np.where(ox.found, ox.value, 1.0)
    ef.value[miss] = co2_factor_from_carbon_content(cc.value, ox_value)
    ef.parameter_id[miss] = join_ids(cc.parameter_id, np.where(ox.found, ox.parameter_id, ""))
    ef.layer[miss] = cc.layer
    ef.source[miss] = cc.source
    ef.found[miss] = True
    ef.lower[miss] = np.nan
    ef.upper[miss] = np.nan
    return ef


def compute_fuel_combustion(inp: MethodInput) -> pd.DataFrame:
    """Emissions rows for fuel combustion activity (numbers and notation keys)."""
    act = inp.activity
    known = act["activity"].isin(fuels().index)
    if not known.all():
        bad = act[~known].iloc[0]
        raise InputError(f"unknown fuel '{bad['activity']}' in {bad['category']}",
                         bad.get("source_ref"), "a fuel id of sectors/energy/data/fuels.csv")
    numeric = act["value"].notna().to_numpy()
    frames = []
    num = act[numeric]
    tier = inp.tier[numeric]
    if len(num):
        tj, ncv_ids = _energy_tj(num, inp)
        biomass = is_biomass(num["activity"]).to_numpy()
        for gas in GASES:
            ef = inp.factors.lookup(num, "EF", "kg/TJ", gas, ("ipcc_default",))
            t2 = tier >= 2
            if t2.any():
                layers = ("national", "provincial", "plant")
                sub = num[t2]
                ef2 = (_co2_factor_tier2(sub, inp, layers) if gas == "CO2"
                       else inp.factors.require(sub, "EF", "kg/TJ", gas, layers, tier=2))
                for f in ("value", "lower", "upper", "parameter_id", "layer", "source",
                          "found"):
                    getattr(ef, f)[t2] = getattr(ef2, f)
            if not ef.found.all():
                inp.factors.require(num[~ef.found], "EF", "kg/TJ", gas, ("ipcc_default",),
                                    tier=1)
            kt = fuel_combustion_emissions(tj, ef.value)
            frames.append(pd.DataFrame({
                "region": num["region"].to_numpy(), "year": num["year"].to_numpy(),
                "category": num["category"].to_numpy(), "activity": num["activity"].to_numpy(),
                "gas": gas, "value": kt, "notation_key": None,
                "memo": biomass if gas == "CO2" else False,
                "tier": tier, "method": "fuel_combustion_emissions",
                "equation": equation_for(num["category"], gas),
                "activity_value": tj, "activity_unit": "TJ",
                "ief": np.where(tj > 0, kt * 1e6 / np.where(tj > 0, tj, 1), np.nan),
                "ief_unit": "kg/TJ",
                "factor_layer": ef.layer, "factor_source": ef.source,
                "activity_ids": num["activity_id"].to_numpy(),
                "parameter_ids": join_ids(ncv_ids, ef.parameter_id),
            }))
    keyed = act[~numeric]
    if len(keyed):
        biomass = is_biomass(keyed["activity"]).to_numpy()
        for gas in GASES:
            frames.append(pd.DataFrame({
                "region": keyed["region"].to_numpy(), "year": keyed["year"].to_numpy(),
                "category": keyed["category"].to_numpy(),
                "activity": keyed["activity"].to_numpy(), "gas": gas, "value": np.nan,
                "notation_key": keyed["notation_key"].astype("object").to_numpy(),
                "memo": biomass if gas == "CO2" else False, "tier": inp.tier[~numeric],
                "method": "fuel_combustion_emissions",
                "equation": equation_for(keyed["category"], gas),
                "activity_value": np.nan, "activity_unit": "TJ", "ief": np.nan,
                "ief_unit": "kg/TJ", "factor_layer": None, "factor_source": None,
                "activity_ids": keyed["activity_id"].to_numpy(), "parameter_ids": "",
            }))
    out = pd.concat(frames, ignore_index=True)
    out["notation_key"] = out["notation_key"].astype(NOTATION_DTYPE)
    out["memo"] = out["memo"].astype(bool)
    return out


register(SourceMethod(
    name="fuel_combustion",
    sector="energy",
    categories=("1.A.1", "1.A.2", "1.A.3", "1.A.4", "1.A.5"),
    gases=GASES,
    tiers={
        1: TierSpec(1, "IPCC default factors (Vol.2 Ch.1 Table 1.4, Ch.2 Tables 2.2-2.5, "
                       "Ch.3 mobile tables)", ("EF",), ("ipcc_default",)),
        2: TierSpec(2, "country-specific factors (national/provincial/plant layer) or "
                       "carbon content x oxidation for CO2", ("EF",),
                    ("national", "provincial", "plant")),
    },
    compute=compute_fuel_combustion,
    doc=__doc__ or "",
))
