"""Fugitive emissions from fuels (1.B) and CO2 transport and storage (1.C), sheet Fugitives.

Activity ids (one row per region, IPCC 2006 category and activity):

* ``coal_production`` [kt] in 1.B.1.a.i.1, 1.B.1.a.i.2, 1.B.1.a.ii.1, 1.B.1.a.ii.2: Tier 1/2
  CH4 = production x EF [m3 CH4/t] x CH4 density (IPCC 2006 Vol.2 Ch.4 Eqs. 4.1.3, 4.1.4,
  4.1.7, 4.1.8; Tier 1 factors of ipcc2006_v2_ch4_coal_mining_ch4.csv, Tier 2 basin or
  country-specific factors from the national/provincial layer).
* ``ch4_recovered`` [m3 CH4] in 1.B.1.a.i.1: methane drained and recovered for energy use or
  flared, subtracted from the mining emissions (Vol.2 Ch.4 Eq. 4.1.2 / Sect. 4.1.3.2: CH4 =
  mining + post-mining - recovered). It gives a CH4 row of negative value (the recovery; the
  CRT column RECOVERY/FLARING) so that the category total is the net emission.
* ``ch4_flared`` [m3 CH4] in 1.B.1.a.i.4: drained methane flared or oxidised: CO2 = V x density
  x efficiency x 44/16, CH4 = V x density x (1 - efficiency), efficiency 0.98 (Sect. 4.1.3.2).
* ``CO2``, ``CH4``, ``N2O`` [kt of gas] in any 1.B or 1.C category: measured or reported
  emissions (Tier 3: mine ventilation and drainage measurements, abandoned-mine estimates,
  operator-reported venting/flaring, CCS leakage monitoring, Vol.2 Ch.5).
* any other activity id in 1.B.2 / 1.B.3 (e.g. ``gas_production``, ``oil_production``,
  ``gas_transmission``) with a volume, mass or energy unit: E = A x EF for every gas with an
  EF for that category and activity (Vol.2 Ch.4 Eq. 4.2.1, Tier 1 by throughput; Tier 2 with
  country-specific factors). Factors in kt per m3 (e.g. Gg per 10^6 m3), kt per kt or kt per TJ.
  Tier 1 defaults: Tables 4.2.4 (developed countries) and 4.2.5 (developing countries and
  economies in transition), ipcc2006_v2_ch4_tables4_2_4_4_2_5_oil_gas.csv, keyed
  ``<segment>@developed|developing``; the table is ``options.energy.oil_gas_tier1_table``
  ("4.2.4" or "4.2.5") and, where the table prints a range, the point taken is
  ``options.energy.oil_gas_range_point`` (low, mid or high). Segment ids: see the CSV header.
* ``co2_transported`` / ``co2_injected`` [kt CO2] in 1.C: activity data of Table1.C (no
  emission), attached to the measured CO2 row of the same category.
* ``co2_captured:domestic_storage`` / ``co2_captured:export`` [kt CO2] in category 1.C: CO2
  captured (memo item 1.D.4.a / 1.D.4.b), memo rows outside the totals.

A row with a notation key gives emission rows with that key for the gases of its kind.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError, MethodInputError
from inventory.factors import Lookup
from inventory.methods import (
    MethodInput,
    Need,
    SourceMethod,
    TierSpec,
    emission_rows,
    keyed_rows,
    register,
)

__all__ = ["coal_mining_ch4", "methane_mass", "flaring_emissions",
           "fugitive_emissions_by_throughput", "compute_fugitives", "COAL_CATEGORIES",
           "MEASURED_GASES", "CAPTURED", "CCS_ACTIVITY"]

CH4_TO_CO2 = 44.0 / 16.0
COAL_CATEGORIES = ("1.B.1.a.i.1", "1.B.1.a.i.2", "1.B.1.a.ii.1", "1.B.1.a.ii.2")
COAL_EQUATION = {"1.B.1.a.i.1": "IPCC 2006 Vol.2 Ch.4 Eq. 4.1.3",
                 "1.B.1.a.i.2": "IPCC 2006 Vol.2 Ch.4 Eq. 4.1.4",
                 "1.B.1.a.ii.1": "IPCC 2006 Vol.2 Ch.4 Eq. 4.1.7",
                 "1.B.1.a.ii.2": "IPCC 2006 Vol.2 Ch.4 Eq. 4.1.8"}
MEASURED_GASES = ("CO2", "CH4", "N2O")
CAPTURED = ("co2_captured:domestic_storage", "co2_captured:export")
CCS_ACTIVITY = ("co2_transported", "co2_injected")
THROUGHPUT_GASES = ("CO2", "CH4", "N2O")
_METHOD_OF_KIND = {"coal": "coal_mining_ch4", "recovered": "methane_mass",
                   "flared": "flaring_emissions", "measured": "measured_emissions",
                   "throughput": "fugitive_emissions_by_throughput", "captured": "co2_captured"}


def coal_mining_ch4(coal_production_t, emission_factor_m3_per_t, ch4_density_kt_per_m3):
    """CH4 from coal mining or post-mining handling.

    Parameters
    ----------
    coal_production_t : array-like [t]
    emission_factor_m3_per_t : array-like [m3 CH4 t-1]
    ch4_density_kt_per_m3 : array-like [kt m-3] (0.67e-6 Gg/m3 at 20 degC, 1 atm)

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.4 Eq. 4.1.3 (underground mining), 4.1.4 (underground post-mining),
    4.1.7 (surface mining), 4.1.8 (surface post-mining): CH4 = EF x production x conversion factor.
    """
    return (np.asarray(coal_production_t, dtype=float)
            * np.asarray(emission_factor_m3_per_t, dtype=float)
            * np.asarray(ch4_density_kt_per_m3, dtype=float))


def methane_mass(volume_m3, ch4_density_kt_per_m3):
    """Mass of a volume of methane (recovered or flared).

    Parameters
    ----------
    volume_m3 : array-like [m3 CH4]
    ch4_density_kt_per_m3 : array-like [kt m-3]

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.4 Sect. 4.1.3.2 (Eq. 4.1.2, CH4 recovered subtracted from the mining
    emissions; conversion factor of Eq. 4.1.3).
    """
    return np.asarray(volume_m3, dtype=float) * np.asarray(ch4_density_kt_per_m3, dtype=float)


def flaring_emissions(ch4_flared_kt, flaring_efficiency):
    """CO2 and unburnt CH4 from flaring (or catalytic oxidation) of drained methane.

    Parameters
    ----------
    ch4_flared_kt : array-like [kt CH4]
    flaring_efficiency : array-like [fraction] (0.98 by default)

    Returns
    -------
    (co2, ch4) : arrays [kt CO2], [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.4 Sect. 4.1.3.2 (flaring of drained methane): CO2 = flared CH4 x
    efficiency x 44/16; unburnt CH4 = flared CH4 x (1 - efficiency).
    """
    m = np.asarray(ch4_flared_kt, dtype=float)
    eff = np.asarray(flaring_efficiency, dtype=float)
    return m * eff * CH4_TO_CO2, m * (1.0 - eff)


def fugitive_emissions_by_throughput(activity, emission_factor):
    """Fugitive emissions of one gas of an oil or gas industry segment.

    Parameters
    ----------
    activity : array-like [unit of throughput: m3, kt or TJ]
    emission_factor : array-like [kt gas per unit of throughput]

    Returns
    -------
    array-like [kt gas]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.4 Eq. 4.2.1 (Tier 1; Tier 2 with country-specific factors):
    E_gas,segment = A_segment x EF_gas,segment.
    """
    return np.asarray(activity, dtype=float) * np.asarray(emission_factor, dtype=float)


_UNIT_OF_FACTOR = {"m3": "kt/m3", "kt": "kt/kt", "TJ": "kt/TJ"}
MEASURED_SOURCE = "measured/reported by operators (activity row)"
CAPTURED_SOURCE = "reported by operators (activity row)"
#: options.energy.oil_gas_tier1_table -> activity qualifier of the Tier 1 rows
OIL_GAS_TABLES = {"4.2.4": "developed", "4.2.5": "developing"}
RANGE_POINTS = ("low", "mid", "high")


def _oil_gas_options(inp: MethodInput) -> tuple[str | None, str | None]:
    """(activity qualifier, range point) of the Tier 1 oil and gas factors, checked."""
    where = "inventory.yml, key 'options: energy'"
    table = inp.options.get("oil_gas_tier1_table")
    point = inp.options.get("oil_gas_range_point")
    if table is not None and str(table) not in OIL_GAS_TABLES:
        raise InputError(f"oil_gas_tier1_table is {table!r}", f"{where}: oil_gas_tier1_table",
                         '"4.2.4" (developed countries) or "4.2.5" (developing countries and '
                         "economies in transition), IPCC 2006 Vol.2 Ch.4")
    if point is not None and point not in RANGE_POINTS:
        raise InputError(f"oil_gas_range_point is {point!r}", f"{where}: oil_gas_range_point",
                         "low, mid or high")
    return (OIL_GAS_TABLES[str(table)] if table is not None else None), point


def _tier1_oil_gas(inp: MethodInput, sub: pd.DataFrame, fu: str, gas: str, ef: Lookup,
                   tier1: np.ndarray) -> Lookup:
    """Fill ``ef`` (the lookup of the plain activity ids) for the rows ``tier1`` (Tier 1 for
    ``gas``) that have no factor yet from the Table 4.2.4/4.2.5 rows of the project's table
    (activity ``<segment>@developed|developing``, the Tier 1 role of EF: IPCC defaults
    only), at the project's point of a printed range."""
    group, point = _oil_gas_options(inp)
    need = np.asarray(tier1, dtype=bool) & ~ef.found
    if group is None or not need.any():
        return ef
    q = sub[need]
    t1 = inp.factor(q, "EF", fu, gas, tier=np.ones(len(q), dtype="int64"),
                    activity=(q["activity"].astype(str) + "@" + group).to_numpy(dtype=object),
                    required=False)
    got = t1.found
    if not got.any():
        return ef
    ranged = got & np.isfinite(t1.lower) & np.isfinite(t1.upper)
    if ranged.any() and point is None:
        first = q[ranged].iloc[0]
        raise InputError(f"the Tier 1 factor of {first['activity']} in {first['category']} "
                         f"({gas}) is a range", "inventory.yml, key 'options: energy'",
                         "oil_gas_range_point: low, mid or high (the point of the ranges of "
                         "IPCC 2006 Vol.2 Ch.4 Tables 4.2.4/4.2.5 the inventory uses)")
    pick = {"low": t1.lower, "high": t1.upper}.get(point, t1.value)
    value = np.where(ranged, pick, t1.value)
    rows = np.flatnonzero(need)[got]
    for f in ("value", "lower", "upper", "parameter_id", "layer", "source", "found"):
        getattr(ef, f)[rows] = (value if f == "value" else getattr(t1, f))[got]
    return ef


def _coal(rows: pd.DataFrame, inp: MethodInput) -> list[pd.DataFrame]:
    tier = inp.tier_of(rows, "CH4")
    dens = inp.factor(rows, "CH4_density", "kt/m3", tier=tier)
    ef = inp.factor(rows, "EF", "m3/t", "CH4", tier=tier)
    t = rows["value"].to_numpy(dtype=float) * 1e3            # kt -> t
    return [emission_rows(rows, gas="CH4", value=coal_mining_ch4(t, ef.value, dens.value),
                          tier=tier, method="coal_mining_ch4",
                          equation=rows["category"].map(COAL_EQUATION).to_numpy(),
                          activity_value=t, activity_unit="t", ief_unit="kg/t",
                          lookups=[ef, dens])]


def _recovered(rows: pd.DataFrame, inp: MethodInput) -> list[pd.DataFrame]:
    tier = inp.tier_of(rows, "CH4")
    dens = inp.factor(rows, "CH4_density", "kt/m3", tier=tier)
    m3 = rows["value"].to_numpy(dtype=float)
    return [emission_rows(rows, gas="CH4", value=-methane_mass(m3, dens.value), tier=tier,
                          method="methane_mass", equation="IPCC 2006 Vol.2 Ch.4 Eq. 4.1.2",
                          activity_value=m3, activity_unit="m3", ief_unit="kg/m3",
                          lookups=[dens])]


def _flared(rows: pd.DataFrame, inp: MethodInput) -> list[pd.DataFrame]:
    dens = inp.factor(rows, "CH4_density", "kt/m3")
    eff = inp.factor(rows, "flaring_efficiency", "fraction")
    m3 = rows["value"].to_numpy(dtype=float)
    co2, ch4 = flaring_emissions(methane_mass(m3, dens.value), eff.value)
    return [emission_rows(rows, gas=g, value=x, tier=inp.tier_of(rows, g),
                          method="flaring_emissions",
                          equation="IPCC 2006 Vol.2 Ch.4 Sect. 4.1.3.2 (flaring of drained "
                                   "methane)", activity_value=m3, activity_unit="m3",
                          ief_unit="kg/m3", lookups=[dens, eff])
            for g, x in (("CO2", co2), ("CH4", ch4))]


def _measured(rows: pd.DataFrame, ccs_ad: pd.DataFrame) -> list[pd.DataFrame]:
    """Measured or reported emissions (Tier 3); in 1.C with the amount of CO2 transported or
    injected as activity (IEF = leakage per kt)."""
    unit_ok = rows["unit"].eq("kt")
    if not unit_ok.all():
        bad = rows[~unit_ok].iloc[0]
        raise InputError(f"measured {bad['activity']} in '{bad['unit']}' in {bad['category']}",
                         bad.get("source_ref"), "a mass unit (t, kt, Gg ...) of the gas")
    ad = rows[["region", "year", "category"]].merge(ccs_ad, how="left",
                                                   on=["region", "year", "category"])["ad"]
    has_ad = ad.notna().to_numpy()
    out = []
    for m, unit in ((has_ad, "kt"), (~has_ad, None)):
        if m.any():
            r = rows[m]
            out.append(emission_rows(
                r, gas=r["activity"].to_numpy(), value=r["value"].to_numpy(dtype=float),
                tier=3, method="measured_emissions",
                equation="IPCC 2006 Vol.2 Ch.4 Tier 3 (measured/reported emissions)",
                activity_value=ad[m].to_numpy(dtype=float) if unit else None,
                activity_unit=unit, ief_unit="kg/kt" if unit else None,
                factor_layer="plant", factor_source=MEASURED_SOURCE))
    return out


def _throughput(rows: pd.DataFrame, inp: MethodInput) -> list[pd.DataFrame]:
    units = rows["unit"].astype(str)
    bad = ~units.isin(list(_UNIT_OF_FACTOR))
    if bad.any():
        first = rows[bad.to_numpy()].iloc[0]
        raise InputError(f"throughput of '{first['activity']}' in '{first['unit']}'",
                         first.get("source_ref"), "a volume (m3, 10^6 m3), mass or energy unit")
    out, found_any = [], np.zeros(len(rows), dtype=bool)
    for gas in THROUGHPUT_GASES:
        for u, fu in _UNIT_OF_FACTOR.items():
            m = (units == u).to_numpy()
            if not m.any():
                continue
            sub = rows[m]
            tier = inp.tier_of(sub, gas)
            ef = inp.factor(sub, "EF", fu, gas, tier=tier, required=False)
            ef = _tier1_oil_gas(inp, sub, fu, gas, ef, np.asarray(tier) == 1)
            if not ef.found.any():
                continue
            hit = ef.found
            found_any[np.flatnonzero(m)[hit]] = True
            s = sub[hit]
            out.append(emission_rows(
                s, gas=gas, value=fugitive_emissions_by_throughput(s["value"], ef.value[hit]),
                tier=tier[hit], method="fugitive_emissions_by_throughput",
                equation="IPCC 2006 Vol.2 Ch.4 Eq. 4.2.1",
                activity_value=s["value"].to_numpy(dtype=float), activity_unit=u,
                ief_unit=f"kg/{u}", lookups=[_subset(ef, hit)]))
    if not found_any.all():
        miss = rows[~found_any]
        first = miss.iloc[0]
        tier = int(inp.tier_of(miss).max())
        combos = "; ".join(f"{a} in {c}" for a, c in
                           miss[["activity", "category"]].drop_duplicates().head(5)
                           .itertuples(index=False))
        raise MethodInputError(
            f"no EF (CO2, CH4 or N2O) at Tier {tier} for {combos}, e.g. region "
            f"{first['region']} year {int(first['year'])}", first.get("source_ref"),
            f"EF parameter rows in layer(s) {', '.join(inp.layers('EF', tier))} [kt per "
            f"{first['unit']}]" + (
                " or, at Tier 1, a segment of IPCC 2006 Vol.2 Ch.4 Tables 4.2.4/4.2.5 with "
                "options.energy.oil_gas_tier1_table set (segment ids: "
                "ipcc2006_v2_ch4_tables4_2_4_4_2_5_oil_gas.csv)" if tier == 1 else ""))
    return out


def _subset(lk: Lookup, mask: np.ndarray) -> Lookup:
    return Lookup(*(getattr(lk, f)[mask] for f in ("value", "lower", "upper", "parameter_id",
                                                    "layer", "source", "found")))


def _captured(rows: pd.DataFrame, inp: MethodInput) -> list[pd.DataFrame]:
    if not rows["unit"].eq("kt").all():
        bad = rows[~rows["unit"].eq("kt")].iloc[0]
        raise InputError(f"CO2 captured in '{bad['unit']}'", bad.get("source_ref"),
                         "a mass unit (t, kt ...)")
    kt = rows["value"].to_numpy(dtype=float)
    return [emission_rows(rows, gas="CO2", value=kt, tier=inp.tier_of(rows, "CO2"),
                          method="co2_captured", equation="IPCC 2006 Vol.2 Ch.2 Sect. 2.3.4 "
                          "(CO2 capture); CRT memo item 1.D.4", activity_value=kt,
                          activity_unit="kt", ief_unit="kg/kt", memo=True,
                          factor_layer="plant", factor_source=CAPTURED_SOURCE)]


def _keyed(rows: pd.DataFrame, kind: np.ndarray, inp: MethodInput) -> list[pd.DataFrame]:
    """Rows carrying the notation keys: measured rows for their gas, captured and flared rows
    for CO2, the others for CH4."""
    out = []
    for k in pd.unique(kind):
        r = rows[kind == k]
        gases = (pd.unique(r["activity"].astype(str)) if k == "measured"
                 else ["CO2"] if k in ("captured", "flared") else ["CH4"])
        for gas in gases:
            sub = r[r["activity"].astype(str) == gas] if k == "measured" else r
            out.append(keyed_rows(sub, (gas,), tier=inp.tier_of(sub, gas),
                                  method=_METHOD_OF_KIND[k], equation="IPCC 2006 Vol.2 Ch.4",
                                  memo=k == "captured"))
    return out


def _kind(rows: pd.DataFrame) -> np.ndarray:
    cat, act = rows["category"].astype(str), rows["activity"].astype(str)
    kind = np.full(len(rows), "throughput", dtype=object)
    kind[act.isin(MEASURED_GASES).to_numpy()] = "measured"
    kind[act.isin(CAPTURED).to_numpy()] = "captured"
    kind[act.isin(CCS_ACTIVITY).to_numpy()] = "ccs_activity"
    kind[(act == "coal_production").to_numpy()] = "coal"
    kind[(act == "ch4_recovered").to_numpy()] = "recovered"
    kind[(act == "ch4_flared").to_numpy()] = "flared"
    checks = (
        ("coal", cat.isin(COAL_CATEGORIES), f"one of {', '.join(COAL_CATEGORIES)}"),
        ("recovered", cat == "1.B.1.a.i.1", "1.B.1.a.i.1 (underground mining)"),
        ("flared", cat == "1.B.1.a.i.4", "1.B.1.a.i.4 (flaring of drained methane)"),
        ("captured", cat == "1.C", "category 1.C (CO2 captured, memo item 1.D.4)"),
        ("ccs_activity", cat.str.startswith("1.C."), "a 1.C sub-category"),
        ("throughput", cat.str.startswith(("1.B.2", "1.B.3")),
         "a 1.B.2/1.B.3 category (other 1.B.1/1.C rows: coal_production, ch4_recovered, "
         "ch4_flared, CO2/CH4/N2O measured, co2_transported, co2_injected, co2_captured:...)"),
    )
    for k, ok, where in checks:
        bad = (kind == k) & ~ok.to_numpy()
        if bad.any():
            first = rows[bad].iloc[0]
            raise InputError(f"activity '{first['activity']}' in category {first['category']}",
                             first.get("source_ref"), f"this activity in {where}")
    return kind



def compute_fugitives(inp: MethodInput) -> pd.DataFrame:
    """Emission rows for 1.B and 1.C activity (numbers and notation keys), each gas at its
    tier (measured emissions at Tier 3)."""
    act = inp.activity
    kind = _kind(act)
    numeric = act["value"].notna().to_numpy()
    ccs = act[(kind == "ccs_activity") & numeric]
    ccs_ad = (ccs.groupby(["region", "year", "category"], as_index=False)["value"].sum()
              .rename(columns={"value": "ad"}))
    frames: list[pd.DataFrame] = []
    for k, fn in (("coal", _coal), ("recovered", _recovered), ("flared", _flared),
                  ("measured", lambda r, _inp: _measured(r, ccs_ad)),
                  ("throughput", _throughput), ("captured", _captured)):
        m = (kind == k) & numeric
        if m.any():
            frames += fn(act[m], inp)
    keyed = ~numeric & (kind != "ccs_activity")
    if keyed.any():
        frames += _keyed(act[keyed], kind[keyed], inp)
    return schema.concat_emissions(frames)


def _kinds(*kinds: str):
    return lambda rows: np.isin(_kind(rows), kinds)


_ROLES = {"CH4_density": "any", "flaring_efficiency": "any"}
_DENSITY_NEEDS = (
    Need("CH4_density", unit="kt/m3", when=_kinds("coal", "recovered", "flared")),
    Need("flaring_efficiency", unit="fraction", when=_kinds("flared")),
)

register(SourceMethod(
    name="fugitives",
    sector="energy",
    categories=("1.B", "1.C"),
    gases=("CO2", "CH4", "N2O"),
    tiers={
        1: TierSpec(1, "IPCC default factors (Vol.2 Ch.4 Eqs. 4.1.3-4.1.8 coal mining; "
                       "Eq. 4.2.1 oil and gas with Tables 4.2.4/4.2.5 or factors given as "
                       "parameters in layer ipcc_default); CH4 density and flaring efficiency "
                       "from any layer",
                    factors={"EF": "default", **_ROLES},
                    requires=(*_DENSITY_NEEDS,
                              Need("EF", "CH4", when=_kinds("coal"), unit="m3/t"))),
        2: TierSpec(2, "country- or basin-specific factors (national/provincial/plant layer)",
                    factors={"EF": "country", **_ROLES},
                    requires=(*_DENSITY_NEEDS,
                              Need("EF", "CH4", when=_kinds("coal"), unit="m3/t"))),
        3: TierSpec(3, "measured/reported emissions (activity ids CO2, CH4, N2O in kt); other "
                       "rows of a Tier 3 category with country-specific factors",
                    factors={"EF": "country", **_ROLES},
                    requires=(*_DENSITY_NEEDS,
                              Need("EF", "CH4", when=_kinds("coal"), unit="m3/t"))),
    },
    compute=compute_fugitives,
    doc=__doc__ or "",
    tier_per_gas=True,
))
