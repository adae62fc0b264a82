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

from inventory.categories import most_specific_prefix
from inventory.errors import InputError, MethodInputError
from inventory.methods import MethodInput, SourceMethod, TierSpec, join_ids, register
from inventory.notation import NOTATION_DTYPE
from inventory.schema import concat_emissions
from inventory.units import parse_unit
from sectors.energy.fuels import fuels, is_biomass

__all__ = ["fuel_energy_from_mass", "fuel_energy_from_volume", "fuel_combustion_emissions",
           "co2_factor_from_carbon_content", "compute_fuel_combustion", "GASES",
           "equation_for", "plant_reconciliation", "residual_fuel_use", "remainder_fuel_use",
           "PLANT_PREFIX"]

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
        out[code] = _EQUATIONS[most_specific_prefix(code, _EQUATIONS)][which]
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


def _numeric(num: pd.DataFrame, tier: np.ndarray, inp: MethodInput,
             gases: tuple[str, ...] = GASES) -> list[pd.DataFrame]:
    """Tier 1/2 emission rows of fuel-use rows with numbers (one frame per gas)."""
    frames: list[pd.DataFrame] = []
    if not len(num):
        return frames
    tj, ncv_ids = _energy_tj(num, inp)
    biomass = is_biomass(num["activity"]).to_numpy()
    for gas in gases:
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
            "parameter_ids": [";".join(p for p in (a, b) if p)
                              for a, b in zip(ncv_ids, ef.parameter_id, strict=True)],
        }))
    return frames


def _keyed(keyed: pd.DataFrame, tier: np.ndarray) -> list[pd.DataFrame]:
    if not len(keyed):
        return []
    biomass = is_biomass(keyed["activity"]).to_numpy()
    return [pd.DataFrame({
        "region": keyed["region"].to_numpy(), "year": keyed["year"].to_numpy(),
        "category": keyed["category"].to_numpy(),
        "activity": keyed["activity"].to_numpy(), "gas": gas, "value": np.nan,
        "notation_key": keyed["notation_key"].astype("object").to_numpy(),
        "memo": biomass if gas == "CO2" else False, "tier": tier,
        "method": "fuel_combustion_emissions",
        "equation": equation_for(keyed["category"], gas),
        "activity_value": np.nan, "activity_unit": "TJ", "ief": np.nan,
        "ief_unit": "kg/TJ", "factor_layer": None, "factor_source": None,
        "activity_ids": keyed["activity_id"].to_numpy(), "parameter_ids": "",
    }) for gas in GASES]


def compute_fuel_combustion(inp: MethodInput) -> pd.DataFrame:
    """Emissions rows for fuel combustion activity (numbers and notation keys).

    Rows whose activity starts with ``plant:`` are Tier 3 facility data (see
    :func:`plant_reconciliation`); every other activity must be a fuel id."""
    act = inp.activity
    is_plant = act["activity"].astype(str).str.startswith(PLANT_PREFIX).to_numpy()
    is_part = act["activity"].astype(str).str.contains(":", regex=False).to_numpy() & ~is_plant
    main, tier = act[~is_plant & ~is_part], inp.tier[~is_plant & ~is_part]
    known = main["activity"].isin(fuels().index)
    if not known.all():
        bad = main[~known].iloc[0]
        raise InputError(f"unknown fuel '{bad['activity']}' in {bad['category']}",
                         bad.get("source_ref"), "a fuel id of sectors/energy/data/fuels.csv "
                         "(or plant:<plant id>:<fuel> for Tier 3 facility data)")
    plant_tier = inp.tier[is_plant]
    if (plant_tier != 3).any():
        bad = act[is_plant][plant_tier != 3].iloc[0]
        raise MethodInputError(
            f"plant data '{bad['activity']}' in {bad['category']}, whose tier is "
            f"{int(plant_tier[plant_tier != 3][0])}", bad.get("source_ref"),
            f"tier 3 for {bad['category']} in inventory.yml (tiers) to use facility data")
    numeric = main["value"].notna().to_numpy()
    t3 = tier == 3
    frames = _keyed(main[~numeric], tier[~numeric])
    if is_part.any():
        frames.append(_with_parts(main[numeric & ~t3], tier[numeric & ~t3], act[is_part],
                                  inp.tier[is_part], inp))
    else:
        frames += _numeric(main[numeric & ~t3], tier[numeric & ~t3], inp)
    if (numeric & t3).any() or is_plant.any():
        frames += _tier3(main[numeric & t3], act[is_plant], inp)
    return concat_emissions(frames)


# ------------------------------------------------------------------- technology / phase split
def remainder_fuel_use(fuel_total, parts_total):
    """Fuel use not covered by the technology or phase rows of a fuel.

    Parameters
    ----------
    fuel_total : array-like [TJ], the fuel's use in the category
    parts_total : array-like [TJ], the sum of its ``<fuel>:<part>`` rows

    Returns
    -------
    array-like [TJ] (the remainder takes the fuel's own CH4/N2O factor)

    Notes
    -----
    IPCC 2006 Vol.2 Ch.3 Eq. 3.2.3 (road CH4/N2O by fuel and vehicle technology) and Eqs.
    3.6.2-3.6.3 (aviation Tier 2: LTO emissions from LTO fuel, cruise from the rest): emissions
    = sum over parts of fuel x EF_part + remainder x EF_fuel.
    """
    return np.asarray(fuel_total, dtype=float) - np.asarray(parts_total, dtype=float)


def _with_parts(main: pd.DataFrame, tier: np.ndarray, parts: pd.DataFrame,
                part_tier: np.ndarray, inp: MethodInput) -> pd.DataFrame:
    """Rows ``<fuel>:<part>`` (technology, e.g. motor_gasoline:three_way_catalyst, or flight
    phase, e.g. jet_kerosene:lto) are parts of the fuel row of the same region, year and
    category: CO2 from the whole fuel, CH4/N2O from each part's factor (parameter activity
    ``<fuel>:<part>``) plus the remainder at the fuel's factor. At Tier 1 the part factor is an
    IPCC default (Table 3.2.2 road gasoline technologies, ipcc2006_v2_ch3_mobile_ch4_n2o.csv);
    a part without one is an error naming its input row."""
    keys = ["region", "year", "category", "fuel"]
    sp = parts["activity"].astype(str).str.split(":", n=1)
    parts = parts.assign(fuel=sp.str[0].to_numpy(), tier=part_tier)
    known = parts["fuel"].isin(fuels().index)
    if not known.all():
        bad = parts[~known.to_numpy()].iloc[0]
        raise InputError(f"unknown fuel '{bad['fuel']}' in '{bad['activity']}'",
                         bad.get("source_ref"), "<fuel>:<technology or phase> with a fuel id "
                         "of sectors/energy/data/fuels.csv")
    if (part_tier == 3).any():
        bad = parts[part_tier == 3].iloc[0]
        raise MethodInputError(f"technology/phase row '{bad['activity']}' in "
                               f"{bad['category']}, a Tier 3 category", bad.get("source_ref"),
                               "technology or phase splits in categories at Tier 1 or 2")
    num = parts[parts["value"].notna()]
    num = num.assign(tj=_energy_of(num.assign(activity=num["fuel"]), inp))
    tot = main[main["value"].notna()]
    tot = tot.assign(fuel=tot["activity"], tj=_energy_of(tot, inp))
    sums = num.groupby(keys, as_index=False).agg(parts_tj=("tj", "sum"),
                                                names=("activity", lambda x: ", ".join(
                                                    sorted(set(x)))))
    m = sums.merge(tot[[*keys, "tj"]], on=keys, how="left")
    if m["tj"].isna().any():
        b = m[m["tj"].isna()].iloc[0]
        raise InputError(f"{b['names']} in {b['category']} without a row for {b['fuel']} "
                         f"(region {b['region']} year {int(b['year'])})", None,
                         f"a row {b['fuel']} with the fuel's total use in the category")
    m["rest"] = remainder_fuel_use(m["tj"], m["parts_tj"])
    over = m["rest"] < -1e-9 * m["tj"].abs().clip(lower=1)
    if over.any():
        b = m[over].iloc[0]
        raise InputError(f"{b['names']} add up to {b['parts_tj']:.6g} TJ, more than the "
                         f"{b['fuel']} total of {b['tj']:.6g} TJ in {b['category']} (region "
                         f"{b['region']} year {int(b['year'])})", None,
                         "parts that are shares of the fuel's total")
    has = tot.merge(m[[*keys, "rest", "names"]], on=keys, how="left")
    split = has["rest"].notna().to_numpy()
    t_tot = tier
    frames: list[pd.DataFrame] = []
    plain = tot[~split].drop(columns=["fuel", "tj"])
    frames += _numeric(plain, t_tot[~split], inp)
    whole = tot[split].drop(columns=["fuel", "tj"])
    frames += _numeric(whole, t_tot[split], inp, gases=("CO2",))
    rest = has[split].assign(value=has.loc[split, "rest"], unit="TJ")
    pieces = _numeric(rest.drop(columns=["fuel", "tj", "rest", "names"]), t_tot[split], inp,
                      gases=("CH4", "N2O"))
    q = num.assign(value=num["tj"], unit="TJ").drop(columns=["fuel", "tj", "tier"])
    for t in np.unique(num["tier"]):
        sel = (num["tier"] == t).to_numpy()
        for f in _numeric(q[sel], np.full(sel.sum(), t), inp, gases=("CH4", "N2O")):
            f["activity"] = f["activity"].str.split(":", n=1).str[0]
            pieces.append(f)
    if pieces:
        allp = pd.concat(pieces, ignore_index=True)
        g = allp.groupby(["region", "year", "category", "activity", "gas"], sort=False,
                         as_index=False)
        out = g.agg(value=("value", "sum"), activity_value=("activity_value", "sum"),
                    memo=("memo", "first"), tier=("tier", "max"), method=("method", "first"),
                    factor_layer=("factor_layer", _join_unique),
                    factor_source=("factor_source", _join_unique),
                    activity_ids=("activity_ids", _join_unique),
                    parameter_ids=("parameter_ids", _join_unique))
        names = out.merge(m[[*keys, "names"]].rename(columns={"fuel": "activity"}),
                          on=["region", "year", "category", "activity"], how="left")["names"]
        out["equation"] = [f"{e} (by technology/phase: {n})" for e, n in zip(
            [equation_for(pd.Series([c]), g)[0] for c, g in zip(out["category"], out["gas"],
                                                                 strict=True)],
            names, strict=True)]
        out["notation_key"] = None
        out["activity_unit"], out["ief_unit"] = "TJ", "kg/TJ"
        av = out["activity_value"].to_numpy(dtype=float)
        out["ief"] = np.where(av > 0, out["value"] * 1e6 / np.where(av > 0, av, 1), np.nan)
        frames.append(out)
    res = pd.concat([f for f in frames if len(f)], ignore_index=True)
    res["notation_key"] = res["notation_key"].astype(object).astype(NOTATION_DTYPE)
    res["memo"] = res["memo"].astype(bool)
    res["tier"] = res["tier"].astype("int64")
    return res


# ------------------------------------------------------------------------------- Tier 3
PLANT_PREFIX = "plant:"
TIER3_EQUATION = ("IPCC 2006 Vol.2 Ch.2 Sect. 2.3.1.3 (Tier 3: facility data, the residual of "
                  "the sectoral total at Tier {t}, Eq. 2.1)")


def residual_fuel_use(sector_total, plant_total):
    """Fuel use left for the plants without facility data.

    Parameters
    ----------
    sector_total : array-like [TJ], the category's fuel use from energy statistics (NaN: none)
    plant_total : array-like [TJ], the sum of the facility-level fuel use of the same fuel

    Returns
    -------
    (total, residual) : arrays [TJ]; total = max(sector total, plant total) so that nothing is
        counted twice or dropped; residual = total - plant total (>= 0)

    Notes
    -----
    IPCC 2006 Vol.2 Ch.2 Sect. 2.3.1.3 and Vol.1 Ch.2 Sect. 2.2 (facility data): emissions of the
    plants with data are taken from them, the remaining fuel use of the category is estimated
    at Tier 1 or 2. Plants above the sectoral total are flagged by the QA check
    ``tier3_plants_above_total``.
    """
    sector = np.asarray(sector_total, dtype=float)
    plants = np.asarray(plant_total, dtype=float)
    total = np.fmax(np.where(np.isnan(sector), plants, sector), plants)
    return total, total - plants


def _parse_plants(rows: pd.DataFrame) -> pd.DataFrame:
    parts = rows["activity"].astype(str).str.split(":")
    n = parts.str.len()
    ok = n.isin([3, 4]) & ((n == 3) | (parts.str[3] == "CO2"))
    if not ok.all():
        bad = rows[~ok.to_numpy()].iloc[0]
        raise InputError(f"plant activity '{bad['activity']}'", bad.get("source_ref"),
                         "plant:<plant id>:<fuel> (fuel use) or plant:<plant id>:<fuel>:CO2 "
                         "(verified CO2 in kt)")
    out = rows.assign(plant=parts.str[1].to_numpy(), fuel=parts.str[2].to_numpy(),
                      verified=(n == 4).to_numpy())
    known = out["fuel"].isin(fuels().index)
    if not known.all():
        bad = out[~known.to_numpy()].iloc[0]
        raise InputError(f"unknown fuel '{bad['fuel']}' in plant row '{bad['activity']}'",
                         bad.get("source_ref"), "a fuel id of sectors/energy/data/fuels.csv")
    return out


def _energy_of(rows: pd.DataFrame, inp: MethodInput) -> np.ndarray:
    tj, _ = _energy_tj(rows, inp)
    return tj


def plant_reconciliation(sector_rows: pd.DataFrame, plant_rows: pd.DataFrame,
                         inp: MethodInput) -> pd.DataFrame:
    """Per region, year, category and fuel: sectoral fuel use, facility fuel use, the residual
    and the plants involved (the Tier 3 reconciliation). Fuel use in TJ."""
    keys = ["region", "year", "category", "fuel"]
    pl = _parse_plants(plant_rows)
    use = pl[~pl["verified"] & pl["value"].notna()]
    use = use.assign(tj=_energy_of(use.assign(activity=use["fuel"]), inp)) if len(use) \
        else use.assign(tj=pd.Series(dtype=float))
    ver = pl[pl["verified"] & pl["value"].notna()]
    bad_unit = ver["unit"] != "kt"
    if bad_unit.any():
        b = ver[bad_unit.to_numpy()].iloc[0]
        raise InputError(f"verified CO2 '{b['activity']}' in '{b['unit']}'",
                         b.get("source_ref"), "a mass unit of CO2 (t, kt ...)")
    lonely = ver.merge(use[["region", "year", "category", "plant", "fuel"]], how="left",
                       on=["region", "year", "category", "plant", "fuel"], indicator=True)
    if (lonely["_merge"] == "left_only").any():
        b = lonely[lonely["_merge"] == "left_only"].iloc[0]
        raise InputError(f"verified CO2 of plant {b['plant']} ({b['fuel']}, {b['category']}) "
                         "without the plant's fuel use", b.get("source_ref"),
                         f"a row plant:{b['plant']}:{b['fuel']} with its fuel use, so that it "
                         "can be taken out of the sectoral total")
    sec = sector_rows.assign(fuel=sector_rows["activity"])
    sec = sec.assign(tj=_energy_of(sec, inp)) if len(sec) else sec.assign(
        tj=pd.Series(dtype=float))
    s = sec.groupby(keys, as_index=False).agg(sector_tj=("tj", "sum"),
                                             sector_ids=("activity_id", ";".join))
    p = use.groupby(keys, as_index=False).agg(
        plants_tj=("tj", "sum"), n_plants=("plant", "nunique"),
        plants=("plant", lambda x: ", ".join(sorted(set(x)))),
        plant_refs=("source_ref", lambda x: "; ".join(map(str, x))))
    # plain object keys (groupby of an empty frame gives keys Arrow cannot merge)
    s, p = s.astype({k: object for k in keys}), p.astype({k: object for k in keys})
    rec = s.merge(p, on=keys, how="outer")
    rec["plants_tj"] = rec["plants_tj"].fillna(0.0)
    rec["n_plants"] = rec["n_plants"].fillna(0).astype(int)
    total, residual = residual_fuel_use(rec["sector_tj"], rec["plants_tj"])
    rec["total_tj"], rec["residual_tj"] = total, residual
    rec["plants_above_total"] = rec["sector_tj"].notna() & (
        rec["plants_tj"] > rec["sector_tj"] * (1 + 1e-9))
    return rec


def _tier3(sector_rows: pd.DataFrame, plant_rows: pd.DataFrame, inp: MethodInput
           ) -> list[pd.DataFrame]:
    from inventory.methods import resolve_tiers

    rec = plant_reconciliation(sector_rows, plant_rows, inp)
    res_map = dict(inp.options.get("tier3_residual_tier", {}) or {})
    rec["rtier"] = resolve_tiers(rec["category"], res_map) if len(rec) else []
    bad = ~rec["rtier"].isin([1, 2])
    if bad.any():
        raise MethodInputError(f"residual tier {int(rec.loc[bad, 'rtier'].iloc[0])} for "
                               f"{rec.loc[bad, 'category'].iloc[0]}",
                               "inventory.yml, options.energy.tier3_residual_tier", "1 or 2")
    parts: list[pd.DataFrame] = []
    # residual of the sectoral total, at the residual tier; fuels without any plant pass
    # through unchanged (only the fuels with plants are combined below)
    resid = rec.assign(activity=rec["fuel"], value=rec["residual_tj"], unit="TJ",
                       activity_id=rec["sector_ids"].fillna(""), source_ref=None)
    alone: list[pd.DataFrame] = []
    for t in (1, 2):
        m = (resid["rtier"] == t).to_numpy()
        with_plants = (resid["n_plants"] > 0).to_numpy()
        parts += _numeric(resid[m & with_plants], np.full((m & with_plants).sum(), t), inp)
        alone += _numeric(resid[m & ~with_plants], np.full((m & ~with_plants).sum(), t), inp)
    # facility fuel use: CH4 and N2O at the residual tier; CO2 verified or plant-specific factor
    pl = _parse_plants(plant_rows)
    use = pl[~pl["verified"] & pl["value"].notna()]
    if len(use):
        use = use.merge(rec[["region", "year", "category", "fuel", "rtier"]],
                        on=["region", "year", "category", "fuel"], how="left")
        use["plant_activity"] = use["activity"]
        use["activity"] = use["fuel"]
        for t in (1, 2):
            m = (use["rtier"] == t).to_numpy()
            parts += _numeric(use[m], np.full(m.sum(), t), inp, gases=("CH4", "N2O"))
        ver = pl[pl["verified"] & pl["value"].notna()]
        ver = ver.assign(key=ver["activity"].str.slice(0, -len(":CO2")))
        on = ["region", "year", "category", "plant_activity"]
        use = use.merge(ver[["region", "year", "category", "key", "value", "activity_id"]]
                        .rename(columns={"key": "plant_activity", "value": "verified_kt",
                                         "activity_id": "verified_id"}), on=on, how="left")
        tj = _energy_of(use, inp)
        co2 = use["verified_kt"].to_numpy(dtype=float, copy=True)
        layer = np.where(np.isnan(co2), None, "plant").astype(object)
        source = np.where(np.isnan(co2), None, "verified facility emissions (activity row)"
                          ).astype(object)
        pids = np.full(len(use), "", dtype=object)
        need = np.isnan(co2)
        if need.any():
            q = use[need].assign(activity=use.loc[need, "plant_activity"])
            ef = inp.factors.require(q, "EF", "kg/TJ", "CO2", ("plant",), tier=3)
            co2[need] = fuel_combustion_emissions(tj[need], ef.value)
            layer[need], source[need], pids[need] = ef.layer, ef.source, ef.parameter_id
        ids = np.where(use["verified_id"].isna(), use["activity_id"],
                       use["activity_id"] + ";" + use["verified_id"].fillna(""))
        parts.append(pd.DataFrame({
            "region": use["region"].to_numpy(), "year": use["year"].to_numpy(),
            "category": use["category"].to_numpy(), "activity": use["fuel"].to_numpy(),
            "gas": "CO2", "value": co2, "notation_key": None,
            "memo": is_biomass(use["fuel"]).to_numpy(), "tier": 3,
            "method": "fuel_combustion_emissions", "equation": "",
            "activity_value": tj, "activity_unit": "TJ", "ief": np.nan, "ief_unit": "kg/TJ",
            "factor_layer": layer, "factor_source": source, "activity_ids": ids,
            "parameter_ids": pids}))
    parts = [f for f in parts if len(f)]
    if not parts:
        return alone
    allp = pd.concat(parts, ignore_index=True)
    allp["_t3"] = allp["tier"] == 3
    g = allp.groupby(["region", "year", "category", "activity", "gas"], sort=False,
                     as_index=False)
    out = g.agg(value=("value", "sum"), activity_value=("activity_value", "sum"),
                memo=("memo", "first"), tier=("tier", "max"), any_t3=("_t3", "any"),
                method=("method", "first"), factor_layer=("factor_layer", _join_unique),
                factor_source=("factor_source", _join_unique),
                activity_ids=("activity_ids", _join_unique),
                parameter_ids=("parameter_ids", _join_unique))
    rt = out.merge(rec[["region", "year", "category", "fuel", "rtier"]].rename(
        columns={"fuel": "activity"}), on=["region", "year", "category", "activity"],
        how="left")["rtier"].to_numpy()
    out["equation"] = [TIER3_EQUATION.format(t=int(t)) if any3 else e for t, any3, e in zip(
        rt, out["any_t3"], equation_for(out["category"], "CO2"), strict=True)]
    out["notation_key"] = None
    out["activity_unit"], out["ief_unit"] = "TJ", "kg/TJ"
    av = out["activity_value"].to_numpy(dtype=float)
    out["ief"] = np.where(av > 0, out["value"] * 1e6 / np.where(av > 0, av, 1), np.nan)
    return [*alone, out.drop(columns=["any_t3"])]


def _join_unique(s: pd.Series) -> str:
    return ";".join(dict.fromkeys(p for v in s.dropna().astype(str) for p in v.split(";")
                                  if p and p != "None"))


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
        3: TierSpec(3, "facility data (activity plant:<id>:<fuel> fuel use, "
                       "plant:<id>:<fuel>:CO2 verified CO2, or a plant-layer CO2 factor); the "
                       "rest of the sectoral total at the residual tier (option "
                       "tier3_residual_tier, default 1)", ("EF",), ("plant",)),
    },
    compute=compute_fuel_combustion,
    doc=__doc__ or "",
))
