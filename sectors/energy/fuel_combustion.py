"""Fuel combustion 1.A.1-1.A.5: CO2, CH4 and N2O by fuel, Tiers 1-3, a tier per gas.

Tier 1 (IPCC 2006 Vol.2 Ch.2 Sect. 2.3.1.1): fuel use [TJ] x IPCC default factor
(Table 1.4 for CO2, Tables 2.2-2.5 for stationary CH4/N2O, Ch.3 tables for mobile sources).
Tier 2 (Sect. 2.3.1.2): the same equation with country-specific factors taken from the
national, provincial or plant layer; for CO2 a country-specific carbon content and oxidation
factor may stand in for the factor (China's provincial guidelines work this way). A row with no
country-specific factor at Tier 2 is an error, never a quiet fallback to Tier 1.
Tier 3 (Sect. 2.3.1.3): facility data for CO2; the rest of the sectoral fuel use at the
residual tier (see :func:`plant_reconciliation`).

The gases are computed independently, so ``inventory.yml`` may set a tier per gas (e.g.
``1.A.1.a: {CO2: 2, '*': 1}``); every emission row records the tier of its gas. The factor
layers each tier may use are declared once in the TierSpecs at the end of this module.

Activity in mass or volume is converted to energy with NCV (Table 1.2, or a national NCV, at
every tier). CO2 from biomass fuels is reported as a memo item (Vol.2 Ch.1 Sect. 1.4.1.3), CH4
and N2O from biomass count in the totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.categories import most_specific_prefix
from inventory.errors import InputError, MethodInputError
from inventory.factors import LAYER_RANK, Lookup, key_codes
from inventory.methods import (
    MethodInput,
    MethodResult,
    Need,
    SourceMethod,
    TierSpec,
    combine_lookups,
    emission_rows,
    join_ids,
    keyed_rows,
    register,
    resolve_tiers,
    subset,
    take_text,
)
from inventory.products import BackgroundTable, register_table
from inventory.schema import Column, concat_emissions
from inventory.units import parse_unit
from sectors.energy.fuels import fuels, is_biomass

__all__ = ["fuel_energy_from_mass", "fuel_energy_from_volume", "fuel_combustion_emissions",
           "co2_factor_from_carbon_content", "compute_fuel_combustion", "GASES",
           "equation_for", "plant_reconciliation", "residual_fuel_use", "remainder_fuel_use",
           "fuel_energy", "PLANT_PREFIX", "METHOD", "TIER3_TABLE"]

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
    return np.asarray(_equation_text(categories, gas), dtype=object)


def _equation_text(categories: pd.Series, gas: str):
    """:func:`equation_for` as a text column built by code (once per distinct category)."""
    which = 0 if gas == "CO2" else 1
    codes, distinct = key_codes(pd.Series(categories))
    return take_text(np.array([_EQUATIONS[most_specific_prefix(code, _EQUATIONS)][which]
                               for code in distinct], dtype=object), codes)


def _per_activity(activity: pd.Series, fn) -> np.ndarray:
    """``fn(distinct activity ids) -> bool array``, evaluated once per distinct id and taken
    by code for every row."""
    codes, distinct = key_codes(pd.Series(activity))
    if len(codes) and codes.min() < 0:     # a missing id counts as one more value
        codes, distinct = pd.factorize(pd.Series(activity), use_na_sentinel=False)
    return np.asarray(fn(pd.Series(np.asarray(distinct, dtype=object), dtype=object)),
                      dtype=bool)[codes] if len(codes) else np.zeros(0, dtype=bool)


def _biomass(activity: pd.Series) -> np.ndarray:
    """:func:`is_biomass` per row, evaluated per distinct fuel."""
    return _per_activity(activity, lambda a: is_biomass(a).to_numpy())

METHOD = "fuel_combustion_emissions"      # the ``method`` of every row (the equation function)
TIER3_TABLE = "energy.tier3_plants"
PLANT_PREFIX = "plant:"
TIER3_EQUATION = ("IPCC 2006 Vol.2 Ch.2 Sect. 2.3.1.3 (Tier 3: facility data, the residual of "
                  "the sectoral total at Tier {t}, Eq. 2.1)")
_LOOKUP_FIELDS = ("value", "lower", "upper", "parameter_id", "layer", "source", "found")
_LAYER_OF_RANK = {r: name for name, r in LAYER_RANK.items()}


# ------------------------------------------------------------------------------ lookups
def _nothing(n: int) -> Lookup:
    return Lookup(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan),
                  np.full(n, None, dtype=object), np.full(n, None, dtype=object),
                  np.full(n, None, dtype=object), np.zeros(n, dtype=bool),
                  np.full(n, -1, dtype=np.int64))


def _uncoded(lk: Lookup) -> Lookup:
    return Lookup(*(getattr(lk, f) for f in _LOOKUP_FIELDS))


def _take(lk: Lookup, idx) -> Lookup:
    """The lookup results of rows ``idx`` (-1: no row, nothing used)."""
    idx = np.asarray(idx, dtype="int64")
    out, ok = _nothing(len(idx)), idx >= 0
    for f in _LOOKUP_FIELDS:
        getattr(out, f)[ok] = getattr(lk, f)[idx[ok]]
    if lk.code is None:
        return _uncoded(out)
    out.code[ok] = lk.code[idx[ok]]
    return out


def _scatter(n: int, mask: np.ndarray, lk: Lookup) -> Lookup:
    """A lookup made for the rows ``mask`` of ``n`` rows, aligned with all of them."""
    out = _nothing(n)
    for f in _LOOKUP_FIELDS:
        getattr(out, f)[mask] = getattr(lk, f)
    if lk.code is None:
        return _uncoded(out)
    out.code[mask] = lk.code
    return out


def _fill(out: Lookup, mask: np.ndarray, lk: Lookup) -> Lookup:
    """``out`` with the rows ``mask`` taken from ``lk`` (a lookup of those rows)."""
    for f in _LOOKUP_FIELDS:
        getattr(out, f)[mask] = getattr(lk, f)
    if out.code is None or lk.code is None:
        return _uncoded(out)
    out.code[mask] = lk.code
    return out


def fuel_energy(rows: pd.DataFrame, inp: MethodInput, fuel=None) -> tuple[np.ndarray, Lookup]:
    """Activity in TJ and the calorific value used for each row (nothing where already in TJ).

    Mass [kt] is converted with ``NCV`` [TJ/kt], volume [m3] with ``NCV_volume`` [TJ/m3]
    (:func:`fuel_energy_from_mass`, :func:`fuel_energy_from_volume`), from any layer at every
    tier. ``fuel``: look the NCV up for this fuel id instead of the rows' activity (technology
    parts, plant rows, energy-balance flows)."""
    n = len(rows)
    value = rows["value"].to_numpy(dtype=float)
    ucodes, units = pd.factorize(rows["unit"].astype(str), use_na_sentinel=False)
    units = np.asarray(units, dtype=object)
    is_tj, is_kt, is_m3 = ((units == u)[ucodes] for u in ("TJ", "kt", "m3"))
    other = ~(is_tj | is_kt | is_m3)
    if other.any():
        bad = rows[other].iloc[0]
        raise InputError(f"fuel use in '{bad['unit']}' ({parse_unit(bad['unit'])}) cannot be "
                         "converted to energy", bad.get("source_ref"),
                         "an energy (TJ, GJ, tce ...), mass (t, kt ...) or volume (m3 ...) unit")
    tj = np.where(is_tj, value, np.nan)
    ncv = _nothing(n)
    fuel = None if fuel is None else np.asarray(fuel, dtype=object)
    for mask, param, unit_needed, fn in (
        (is_kt, "NCV", "TJ/kt", fuel_energy_from_mass),
        (is_m3, "NCV_volume", "TJ/m3", fuel_energy_from_volume),
    ):
        if mask.any():
            lk = inp.factor(subset(rows, mask), param, unit_needed,
                            activity=None if fuel is None else fuel[mask])
            tj[mask] = fn(value[mask], lk.value)
            ncv = _fill(ncv, mask, lk)
    return tj, ncv


def _emission_factor(rows: pd.DataFrame, gas: str, tier: np.ndarray, inp: MethodInput,
                     activity=None) -> tuple[np.ndarray, list[Lookup]]:
    """EF of ``gas`` [kg/TJ] for each row at its tier, and the lookups it came from.

    The tier's TierSpec decides the layers (Tier 1 the IPCC default, Tier 2/3 country-specific);
    at Tier 2 a CO2 row without a country-specific EF takes its country-specific carbon content
    x oxidation factor (:func:`co2_factor_from_carbon_content`; oxidation from any layer, the
    IPCC default being 1)."""
    n = len(rows)
    tier = np.broadcast_to(np.asarray(tier, dtype="int64"), (n,))
    cc_route = (tier == 2) if gas == "CO2" else np.zeros(n, dtype=bool)
    if not cc_route.any():      # every row from its EF (no carbon-content route)
        ef = inp.factor(rows, "EF", "kg/TJ", gas, tier=tier, activity=None if activity is None
                        else np.asarray(activity, dtype=object))
        return ef.value, [ef]
    ef = _nothing(n)
    if (~cc_route).any():
        sub = ~cc_route
        ef = _scatter(n, sub, inp.factor(
            subset(rows, sub), "EF", "kg/TJ", gas, tier=tier[sub],
            activity=None if activity is None else np.asarray(activity, dtype=object)[sub]))
    if not cc_route.any():
        return ef.value, [ef]
    rows2 = rows[cc_route]
    act2 = None if activity is None else np.asarray(activity, dtype=object)[cc_route]
    ef2 = inp.factor(rows2, "EF", "kg/TJ", gas, tier=2, required=False, activity=act2)
    ef = _fill(ef, cc_route, ef2)
    need = np.flatnonzero(cc_route)[~ef2.found]
    value = ef.value.copy()
    lookups = [ef]
    if len(need):
        q = rows.iloc[need]
        act3 = None if activity is None else np.asarray(activity, dtype=object)[need]
        cc = inp.factor(q, "carbon_content", "t/TJ", tier=2, activity=act3)
        ox = inp.factor(q, "oxidation", "fraction", tier=2, activity=act3)
        value[need] = co2_factor_from_carbon_content(cc.value, ox.value)
        mask = np.zeros(n, dtype=bool)
        mask[need] = True
        lookups += [_scatter(n, mask, cc), _scatter(n, mask, ox)]
    return value, lookups


# ------------------------------------------------------------------------------ rows
def _tiers(rows: pd.DataFrame, inp: MethodInput) -> dict[str, np.ndarray]:
    return {g: inp.tier_of(rows, g) for g in GASES}


def _fuel_rows(num: pd.DataFrame, tj: np.ndarray, ncv: Lookup, tiers: dict[str, np.ndarray],
               inp: MethodInput, gases: tuple[str, ...] = GASES) -> list[pd.DataFrame]:
    """Emission rows of fuel-use rows with numbers, one frame per gas, each gas at its tier."""
    if not len(num):
        return []
    biomass = _biomass(num["activity"])
    out = []
    for gas in gases:
        ef, lookups = _emission_factor(num, gas, tiers[gas], inp)
        out.append(emission_rows(
            num, gas=gas, value=fuel_combustion_emissions(tj, ef), tier=tiers[gas],
            method=METHOD, equation=_equation_text(num["category"], gas), activity_value=tj,
            activity_unit="TJ", ief_unit="kg/TJ", lookups=[ncv, *lookups],
            memo=biomass if gas == "CO2" else False))
    return out


def _keyed(keyed: pd.DataFrame, inp: MethodInput) -> list[pd.DataFrame]:
    """Rows carrying the fuel rows' notation keys, each gas at its tier."""
    if not len(keyed):
        return []
    biomass = is_biomass(keyed["activity"]).to_numpy()
    return [keyed_rows(keyed, (gas,), tier=inp.tier_of(keyed, gas), method=METHOD,
                       equation=equation_for(keyed["category"], gas),
                       memo=biomass if gas == "CO2" else False, activity_unit="TJ")
            for gas in GASES]


def _piece(rows: pd.DataFrame, gas: str, value, activity_value, tier, lookups,
           activity=None, activity_ids=None) -> pd.DataFrame:
    """A part of an emission row (a technology, the remainder of a fuel, a plant), with the
    provenance of the lookups it used; :func:`_summed` adds the parts up."""
    layer, source, ids = combine_lookups(lookups, len(rows))
    n = len(rows)
    return pd.DataFrame({
        "region": rows["region"].to_numpy(), "year": rows["year"].to_numpy(),
        "category": rows["category"].to_numpy(),
        "activity": rows["activity"].to_numpy() if activity is None
        else np.broadcast_to(np.asarray(activity, dtype=object), (n,)),
        "gas": gas, "value": np.asarray(value, dtype=float),
        "activity_value": np.asarray(activity_value, dtype=float),
        "tier": np.broadcast_to(np.asarray(tier, dtype="int64"), (n,)),
        "rank": [LAYER_RANK.get(x, -1) if isinstance(x, str) else -1 for x in layer],
        "factor_source": source, "parameter_ids": ids,
        "activity_ids": rows["activity_id"].to_numpy() if activity_ids is None
        else np.asarray(activity_ids, dtype=object)})


def _sources(values: pd.Series) -> str:
    parts = (p.strip() for v in values.dropna().astype(str) for p in v.split(";"))
    return "; ".join(dict.fromkeys(p for p in parts if p))


def _ids(values: pd.Series) -> str:
    return join_ids(*values)[0]


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _source_text(values: list) -> str:
    """:func:`_sources` over a list."""
    parts = (p.strip() for v in values if not _missing(v) for p in str(v).split(";"))
    return "; ".join(dict.fromkeys(p for p in parts if p))


def _id_text(values: list) -> str:
    """:func:`_ids` over a list: the ids joined with ';', empty ones and repeats dropped."""
    texts = [str(v) for v in values if not _missing(v) and str(v) != ""]
    if len(texts) == 1 and ";" not in texts[0]:
        return texts[0]
    return ";".join(dict.fromkeys(p for t in texts for p in t.split(";") if p))


def _per_group(codes: np.ndarray, n: int, values: pd.Series, fn) -> np.ndarray:
    buckets: list[list] = [[] for _ in range(n)]
    for c, v in zip(codes.tolist(), values.astype(object).tolist(), strict=True):
        buckets[c].append(v)
    return np.array([fn(b) for b in buckets], dtype=object)


def _summed(pieces: list[pd.DataFrame], equation) -> list[pd.DataFrame]:
    """One emission row per region, year, category, fuel and gas from its parts: values and
    activity summed, the highest tier, the most specific factor layer any part used, every
    source and id. ``equation(rows) -> array`` gives the equation references."""
    pieces = [p for p in pieces if len(p)]
    if not pieces:
        return []
    allp = pd.concat(pieces, ignore_index=True)
    g = allp.groupby(["region", "year", "category", "activity", "gas"], sort=False,
                     as_index=False)
    codes = g.ngroup().to_numpy()
    if len(codes) and codes.min() >= 0:
        # the text columns per group in one pass over the rows (a Python function per group
        # through pandas' agg cost seconds on the demo)
        out = g.agg(value=("value", "sum"), activity_value=("activity_value", "sum"),
                    tier=("tier", "max"), rank=("rank", "max"))
        n = len(out)
        out["factor_source"] = _per_group(codes, n, allp["factor_source"], _source_text)
        out["parameter_ids"] = _per_group(codes, n, allp["parameter_ids"], _id_text)
        out["activity_ids"] = _per_group(codes, n, allp["activity_ids"], _id_text)
    else:
        out = g.agg(value=("value", "sum"), activity_value=("activity_value", "sum"),
                    tier=("tier", "max"), rank=("rank", "max"),
                    factor_source=("factor_source", _sources),
                    parameter_ids=("parameter_ids", _ids), activity_ids=("activity_ids", _ids))
    layer = out["rank"].map(_LAYER_OF_RANK).astype(object)
    return [emission_rows(
        out, gas=out["gas"].to_numpy(), value=out["value"], tier=out["tier"], method=METHOD,
        equation=equation(out), activity_value=out["activity_value"], activity_unit="TJ",
        ief_unit="kg/TJ", memo=(is_biomass(out["activity"]) & (out["gas"] == "CO2")).to_numpy(),
        activity_ids=out["activity_ids"], factor_layer=layer.where(layer.notna(), None),
        factor_source=out["factor_source"].where(out["factor_source"] != "", None),
        parameter_ids=out["parameter_ids"])]


def _equations(rows: pd.DataFrame) -> np.ndarray:
    out = np.empty(len(rows), dtype=object)
    for gas in pd.unique(rows["gas"]):
        m = (rows["gas"] == gas).to_numpy()
        out[m] = equation_for(rows.loc[m, "category"], gas)
    return out


def compute_fuel_combustion(inp: MethodInput) -> MethodResult:
    """Emission rows for fuel combustion activity (numbers and notation keys).

    Rows whose activity starts with ``plant:`` are Tier 3 facility data (see
    :func:`plant_reconciliation`); rows ``<fuel>:<part>`` are technology or flight-phase parts
    of a fuel row (see :func:`remainder_fuel_use`); every other activity must be a fuel id.
    Background table: ``energy.tier3_plants`` (the Tier 3 reconciliation)."""
    act = inp.activity
    is_plant = _per_activity(act["activity"], lambda a: a.astype(str).str.startswith(
        PLANT_PREFIX).to_numpy())
    is_part = _per_activity(act["activity"], lambda a: a.astype(str).str.contains(
        ":", regex=False).to_numpy()) & ~is_plant
    main = subset(act, ~is_plant & ~is_part)
    known = main["activity"].isin(fuels().index)
    if not known.all():
        bad = main[~known].iloc[0]
        raise InputError(f"unknown fuel '{bad['activity']}' in {bad['category']}",
                         bad.get("source_ref"), "a fuel id of sectors/energy/data/fuels.csv "
                         "(or plant:<plant id>:<fuel> for Tier 3 facility data)")
    _check_tier3(act, is_plant, inp)
    numeric = main["value"].notna().to_numpy()
    t3 = inp.tier_of(main, "CO2") == 3
    frames = _keyed(main[~numeric], inp)
    plain = subset(main, numeric & ~t3)
    tj, ncv = fuel_energy(plain, inp)
    if is_part.any():
        frames += _with_parts(plain, tj, ncv, act[is_part], inp)
    else:
        frames += _fuel_rows(plain, tj, ncv, _tiers(plain, inp), inp)
    tables = {}
    if (numeric & t3).any() or is_plant.any():
        t3_frames, rec = _tier3(main[numeric & t3], act[is_plant], inp)
        frames += t3_frames
        tables[TIER3_TABLE] = rec
    return MethodResult(concat_emissions(frames), tables)


def _check_tier3(act: pd.DataFrame, is_plant: np.ndarray, inp: MethodInput) -> None:
    """Facility data are CO2 data: plant rows need CO2 at Tier 3; CH4/N2O at Tier 3 take the
    residual tier of a category whose CO2 is at Tier 3, nothing else."""
    co2 = inp.tier_of(act, "CO2")
    if (is_plant & (co2 != 3)).any():
        i = np.flatnonzero(is_plant & (co2 != 3))[0]
        bad = act.iloc[i]
        raise MethodInputError(
            f"plant data '{bad['activity']}' in {bad['category']}, whose tier is {int(co2[i])}",
            bad.get("source_ref"),
            f"tier 3 for {bad['category']} in inventory.yml (tiers) to use facility data")
    for gas in ("CH4", "N2O"):
        odd = (inp.tier_of(act, gas) == 3) & (co2 != 3)
        if odd.any():
            bad = act[odd].iloc[0]
            raise MethodInputError(
                f"Tier 3 for {gas} in {bad['category']} while its CO2 is at Tier "
                f"{int(co2[odd][0])}", "inventory.yml, key 'tiers'",
                "tier 3 for CO2 (facility data are CO2; CH4 and N2O of a Tier 3 category take "
                "the residual tier) or tier 1/2 for the gas")


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

def _with_parts(main: pd.DataFrame, tj: np.ndarray, ncv: Lookup, parts: pd.DataFrame,
                inp: MethodInput) -> list[pd.DataFrame]:
    """Rows ``<fuel>:<part>`` (technology, e.g. motor_gasoline:three_way_catalyst, or flight
    phase, e.g. jet_kerosene:lto) are parts of the fuel row of the same region, year and
    category: CO2 from the whole fuel, CH4/N2O from each part's factor (parameter activity
    ``<fuel>:<part>``) plus the remainder at the fuel's factor. At Tier 1 the part factor is an
    IPCC default (Table 3.2.2 road gasoline technologies, ipcc2006_v2_ch3_mobile_ch4_n2o.csv);
    a part without one is an error naming its input row. ``main``: the numeric fuel rows (with
    their energy ``tj`` and calorific values ``ncv``)."""
    keys = ["region", "year", "category", "fuel"]
    sp = parts["activity"].astype(str).str.split(":", n=1)
    parts = parts.assign(fuel=sp.str[0].to_numpy())
    known = parts["fuel"].isin(fuels().index)
    if not known.all():
        bad = parts[~known.to_numpy()].iloc[0]
        raise InputError(f"unknown fuel '{bad['fuel']}' in '{bad['activity']}'",
                         bad.get("source_ref"), "<fuel>:<technology or phase> with a fuel id "
                         "of sectors/energy/data/fuels.csv")
    at3 = np.zeros(len(parts), dtype=bool)
    for gas in GASES:
        at3 |= inp.tier_of(parts, gas) == 3
    if at3.any():
        bad = parts[at3].iloc[0]
        raise MethodInputError(f"technology/phase row '{bad['activity']}' in "
                               f"{bad['category']}, a Tier 3 category", bad.get("source_ref"),
                               "technology or phase splits in categories at Tier 1 or 2")
    num = parts[parts["value"].notna()]
    ptj, pncv = fuel_energy(num, inp, fuel=num["fuel"])
    num = num.assign(tj=ptj)
    tot = main.assign(fuel=main["activity"], tj=tj)
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
    tiers = _tiers(main, inp)
    frames = _fuel_rows(main[~split], tj[~split], _take(ncv, np.flatnonzero(~split)),
                        {g: t[~split] for g, t in tiers.items()}, inp)
    whole = main[split]
    wncv = _take(ncv, np.flatnonzero(split))
    frames += _fuel_rows(whole, tj[split], wncv, {g: t[split] for g, t in tiers.items()}, inp,
                         gases=("CO2",))
    rest = has.loc[split, "rest"].to_numpy(dtype=float)
    ptiers = _tiers(num, inp)
    pieces = []
    for gas in ("CH4", "N2O"):
        ef, lks = _emission_factor(whole, gas, tiers[gas][split], inp)
        pieces.append(_piece(whole, gas, fuel_combustion_emissions(rest, ef), rest,
                             tiers[gas][split], [wncv, *lks]))
        ef, lks = _emission_factor(num, gas, ptiers[gas], inp)
        pieces.append(_piece(num, gas, fuel_combustion_emissions(ptj, ef), ptj, ptiers[gas],
                             [pncv, *lks], activity=num["fuel"].to_numpy()))
    named = m[[*keys, "names"]].rename(columns={"fuel": "activity"})

    def equation(rows: pd.DataFrame) -> np.ndarray:
        names = rows.merge(named, on=["region", "year", "category", "activity"],
                           how="left")["names"]
        return np.array([f"{e} (by technology/phase: {n})"
                         for e, n in zip(_equations(rows), names, strict=True)], dtype=object)

    return frames + _summed(pieces, equation)


# ------------------------------------------------------------------------------- Tier 3
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
    at Tier 1 or 2. Plants above the sectoral total are flagged by the check
    ``energy.tier3_plants_above_sectoral_total``.
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

def plant_reconciliation(sector: pd.DataFrame, plants: pd.DataFrame) -> pd.DataFrame:
    """The Tier 3 reconciliation per region, year, category and fuel [TJ].

    ``sector``: the category's fuel rows (region, year, category, fuel, tj, activity_id);
    ``plants``: the plants' fuel-use rows (the same keys, tj, plant, source_ref). Returns the
    sectoral fuel use (``sector_tj``, NaN without a row), the plants' (``plants_tj``,
    ``n_plants``, ``plants``, ``plant_refs``), ``total_tj`` and ``residual_tj``
    (:func:`residual_fuel_use`), ``plants_above_total`` and the ids of the sectoral rows."""
    keys = ["region", "year", "category", "fuel"]
    s = sector.groupby(keys, as_index=False, sort=False).agg(
        sector_tj=("tj", "sum"), sector_ids=("activity_id", ";".join))
    p = plants.groupby(keys, as_index=False, sort=False).agg(
        plants_tj=("tj", "sum"), n_plants=("plant", "nunique"),
        plants=("plant", lambda x: ", ".join(sorted(set(x)))),
        plant_refs=("source_ref", lambda x: "; ".join(map(str, x))))
    # plain object keys (groupby of an empty frame gives keys Arrow cannot merge)
    s, p = s.astype({k: object for k in keys}), p.astype({k: object for k in keys})
    rec = s.merge(p, on=keys, how="outer")
    rec["plants_tj"] = rec["plants_tj"].fillna(0.0)
    rec["n_plants"] = rec["n_plants"].fillna(0).astype("int64")
    total, residual = residual_fuel_use(rec["sector_tj"], rec["plants_tj"])
    rec["total_tj"], rec["residual_tj"] = total, residual
    rec["plants_above_total"] = (rec["sector_tj"].notna()
                                 & (rec["plants_tj"] > rec["sector_tj"] * (1 + 1e-9)))
    return rec


def _tier3(sector_rows: pd.DataFrame, plant_rows: pd.DataFrame, inp: MethodInput
           ) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Emission rows of the Tier 3 categories and their reconciliation table: CO2 = the plants'
    (verified, or plant fuel use x a plant factor) + the residual at the residual tier; CH4 and
    N2O of the whole fuel use at the residual tier (or the gas's own tier 1/2)."""
    keys = ["region", "year", "category", "fuel"]
    pl = _parse_plants(plant_rows)
    use = pl[~pl["verified"] & pl["value"].notna()]
    utj, uncv = fuel_energy(use, inp, fuel=use["fuel"])
    use = use.assign(tj=utj, _u=np.arange(len(use)))
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
    stj, sncv = fuel_energy(sector_rows, inp)
    sec = sector_rows.assign(fuel=sector_rows["activity"], tj=stj, _s=np.arange(len(stj)))
    rec = plant_reconciliation(sec, use)
    rec = rec.merge(sec[[*keys, "_s"]], on=keys, how="left")
    rec["_s"] = rec["_s"].fillna(-1).astype("int64")
    res_map = dict(inp.options.get("tier3_residual_tier", {}) or {})
    rec["residual_tier"] = resolve_tiers(rec["category"], res_map) if len(rec) else []
    bad = ~rec["residual_tier"].isin([1, 2])
    if bad.any():
        raise MethodInputError(f"residual tier {int(rec.loc[bad, 'residual_tier'].iloc[0])} "
                               f"for {rec.loc[bad, 'category'].iloc[0]}",
                               "inventory.yml, options.energy.tier3_residual_tier", "1 or 2")
    rtier = rec["residual_tier"].to_numpy(dtype="int64")
    # the residual of the sectoral fuel use (all of it for fuels without plants), as a fuel row
    resid = rec.assign(activity=rec["fuel"], activity_id=rec["sector_ids"].fillna(""))
    rncv = _take(sncv, rec["_s"].to_numpy())
    tiers = {"CO2": rtier, **{g: _residual_tier(inp.tier_of(resid, g), rtier)
                              for g in ("CH4", "N2O")}}
    alone = (rec["n_plants"] == 0).to_numpy()
    frames = _fuel_rows(resid[alone], rec.loc[alone, "residual_tj"].to_numpy(dtype=float),
                        _take(rncv, np.flatnonzero(alone)),
                        {g: t[alone] for g, t in tiers.items()}, inp)
    # fuels with plants: the residual, the plants' CO2 and their CH4/N2O as parts of one row
    w = ~alone
    wres = resid[w]
    wtj = rec.loc[w, "residual_tj"].to_numpy(dtype=float)
    wncv = _take(rncv, np.flatnonzero(w))
    pieces = []
    for gas in GASES:
        ef, lks = _emission_factor(wres, gas, tiers[gas][w], inp)
        pieces.append(_piece(wres, gas, fuel_combustion_emissions(wtj, ef), wtj,
                             tiers[gas][w], [wncv, *lks]))
    use = use.merge(rec[[*keys, "residual_tier"]], on=keys, how="left")
    urt = use["residual_tier"].to_numpy(dtype="int64")
    uu = use["_u"].to_numpy()
    for gas in ("CH4", "N2O"):
        gt = _residual_tier(inp.tier_of(use, gas), urt)
        ef, lks = _emission_factor(use, gas, gt, inp, activity=use["fuel"].to_numpy())
        pieces.append(_piece(use, gas, fuel_combustion_emissions(use["tj"], ef), use["tj"], gt,
                             [_take(uncv, uu), *lks], activity=use["fuel"].to_numpy()))
    pieces.append(_plant_co2(use, ver, _take(uncv, uu), inp))
    t3_rows = _summed(pieces, lambda rows: _tier3_equations(rows, rec))
    return frames + t3_rows, rec[TIER3_COLUMNS]


TIER3_COLUMNS = ["region", "year", "category", "fuel", "sector_tj", "plants_tj", "n_plants",
                 "plants", "plant_refs", "total_tj", "residual_tj", "residual_tier",
                 "plants_above_total", "sector_ids"]


def _residual_tier(gas_tier: np.ndarray, residual: np.ndarray) -> np.ndarray:
    """CH4/N2O in a Tier 3 category: the gas's own tier 1/2, else the residual tier."""
    return np.where(np.asarray(gas_tier) == 3, residual, gas_tier).astype("int64")


def _plant_co2(use: pd.DataFrame, ver: pd.DataFrame, ncv: Lookup, inp: MethodInput
               ) -> pd.DataFrame:
    """CO2 of each plant: its verified emissions, else its fuel use x its plant factor
    (parameter activity ``plant:<id>:<fuel>``, a country-specific layer)."""
    ver = ver.assign(key=ver["activity"].str.slice(0, -len(":CO2")))
    on = ["region", "year", "category", "activity"]
    use = use.merge(ver[["region", "year", "category", "key", "value", "activity_id"]]
                    .rename(columns={"key": "activity", "value": "verified_kt",
                                     "activity_id": "verified_id"}), on=on, how="left")
    co2 = use["verified_kt"].to_numpy(dtype=float, copy=True)
    need = np.isnan(co2)
    n = len(use)
    verified = Lookup(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan),
                      np.full(n, None, dtype=object),
                      np.where(need, None, "plant").astype(object),
                      np.where(need, None, "verified facility emissions (activity row)"
                               ).astype(object), ~need)
    lookups = [ncv, verified]
    if need.any():
        ef = inp.factor(use[need], "EF", "kg/TJ", "CO2", tier=3)
        co2[need] = fuel_combustion_emissions(use.loc[need, "tj"], ef.value)
        lookups.append(_scatter(n, need, ef))
    ids = np.where(use["verified_id"].isna(), use["activity_id"],
                   use["activity_id"] + ";" + use["verified_id"].fillna(""))
    return _piece(use, "CO2", co2, use["tj"], 3, lookups, activity=use["fuel"].to_numpy(),
                  activity_ids=ids)


def _tier3_equations(rows: pd.DataFrame, rec: pd.DataFrame) -> np.ndarray:
    rt = rows.merge(rec[["region", "year", "category", "fuel", "residual_tier"]].rename(
        columns={"fuel": "activity"}), on=["region", "year", "category", "activity"],
        how="left")["residual_tier"].to_numpy()
    eq = _equations(rows)
    t3 = rows["tier"].to_numpy() == 3
    return np.where(t3, [TIER3_EQUATION.format(t=int(t)) for t in rt], eq).astype(object)


# ------------------------------------------------------------------------------- method
# which rows a need applies to (rows compute rejects, e.g. an unknown fuel, are left to it)
def _plain(rows: pd.DataFrame) -> np.ndarray:
    """Fuel rows (not plant rows, not technology/phase parts) of a known fuel."""
    return _per_activity(rows["activity"], lambda a: a.isin(fuels().index).to_numpy())


def _not_plant(rows: pd.DataFrame) -> np.ndarray:
    """Fuel rows and technology/phase parts of a known fuel."""
    def known(act: pd.Series) -> np.ndarray:
        act = act.astype(str)
        return (~act.str.startswith(PLANT_PREFIX)
                & act.str.split(":", n=1).str[0].isin(fuels().index)).to_numpy()

    return _per_activity(rows["activity"], known)


_CALORIFIC = {"NCV": "any", "NCV_volume": "any"}
_CALORIFIC_NEEDS = (
    Need("NCV", unit="TJ/kt", when=lambda r: _plain(r) & (r["unit"] == "kt").to_numpy()),
    Need("NCV_volume", unit="TJ/m3", when=lambda r: _plain(r) & (r["unit"] == "m3").to_numpy()),
)

register(SourceMethod(
    name="fuel_combustion",
    sector="energy",
    categories=("1.A.1", "1.A.2", "1.A.3", "1.A.4", "1.A.5"),
    gases=GASES,
    tiers={
        1: TierSpec(1, "IPCC default factors (Vol.2 Ch.1 Table 1.4, Ch.2 Tables 2.2-2.5, "
                       "Ch.3 mobile tables); NCV from any layer",
                    factors={"EF": "default", **_CALORIFIC},
                    requires=(*_CALORIFIC_NEEDS,
                              Need("EF", "CO2", when=_plain, unit="kg/TJ"),
                              Need("EF", "CH4", when=_not_plant, unit="kg/TJ"),
                              Need("EF", "N2O", when=_not_plant, unit="kg/TJ"))),
        2: TierSpec(2, "country-specific factors (national/provincial/plant layer) or, for "
                       "CO2, a country-specific carbon content x oxidation factor (any layer, "
                       "IPCC default 1)",
                    factors={"EF": "country", "carbon_content": "country", "oxidation": "any",
                             **_CALORIFIC},
                    requires=(*_CALORIFIC_NEEDS,
                              Need("EF", "CH4", when=_not_plant, unit="kg/TJ"),
                              Need("EF", "N2O", when=_not_plant, unit="kg/TJ"))),
        3: TierSpec(3, "facility data (activity plant:<id>:<fuel> fuel use, "
                       "plant:<id>:<fuel>:CO2 verified CO2, or a country-specific CO2 factor "
                       "for activity plant:<id>:<fuel>); the rest of the sectoral total and "
                       "CH4/N2O at the residual tier (option tier3_residual_tier, default 1)",
                    factors={"EF": "country", **_CALORIFIC}, requires=_CALORIFIC_NEEDS),
    },
    compute=compute_fuel_combustion,
    doc=__doc__ or "",
    tier_per_gas=True,
))

register_table(BackgroundTable(
    name=TIER3_TABLE, sector="energy",
    columns=(
        Column("category", "str", True, "IPCC 2006 category at Tier 3 (CO2)"),
        Column("fuel", "str", True, "fuel id (sectors/energy/data/fuels.csv)"),
        Column("sector_tj", "float", False,
               "the category's fuel use from energy statistics [TJ] (empty: no fuel row)"),
        Column("plants_tj", "float", True, "the plants' fuel use [TJ]"),
        Column("n_plants", "int", True, "number of plants with facility data"),
        Column("plants", "str", False, "plant ids"),
        Column("plant_refs", "str", False, "input cells of the plants' fuel-use rows"),
        Column("total_tj", "float", True,
               "max(sectoral, plants) [TJ]: the activity of the fuel's emission rows"),
        Column("residual_tj", "float", True,
               "total - plants [TJ], estimated at the residual tier"),
        Column("residual_tier", "int", True,
               "tier of the residual (option energy.tier3_residual_tier, default 1)"),
        Column("plants_above_total", "bool", True,
               "the plants' fuel use exceeds the sectoral fuel use (check "
               "energy.tier3_plants_above_sectoral_total)"),
        Column("sector_ids", "str", False, "activity ids of the sectoral fuel rows"),
    ),
    doc="Tier 3 reconciliation of facility data with the sectoral fuel use per region, year, "
        "category and fuel (IPCC 2006 Vol.2 Ch.2 Sect. 2.3.1.3; residual_fuel_use)."))
