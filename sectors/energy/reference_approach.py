"""Energy balance rows (category 1.A, sheet EnergyBalance): the reference approach and the
indirect CO2 of electricity traded across a province's border. Both give memo rows only: they
never enter the national total.

Reference approach (IPCC 2006 Vol.2 Ch.6): CO2 from the carbon in the fossil fuels a country
supplies to itself, a top-down check of the sectoral approach (1.A.1-1.A.5).

    Apparent consumption = production + imports - exports - international bunkers - stock change
                                                     (Eq. 6.2; secondary fuels have no production)
    Excluded carbon      = non-energy use x carbon content                            (Eq. 6.4)
    CO2 = (apparent consumption x carbon content - excluded carbon) x COF x 44/12    (Eq. 6.1)

Activity ids on the EnergyBalance sheet: ``<fuel>:<flow>`` with flow one of :data:`FLOWS`
(``production`` only for primary fuels, fuels.csv column ``primary``; stock changes as two
non-negative flows ``stock_increase`` / ``stock_decrease``, since activity values are >= 0).
Factors: carbon content (``carbon_content`` [t C/TJ], IPCC 2006 Vol.2 Ch.1 Table 1.3 or a
national value), fraction of carbon oxidised (``oxidation``, default 1), NCV for mass units.

Emission rows (memo, method ``reference_approach``) decompose Eq. 6.1 linearly, one row per fuel
and term, so that the rows of a fuel add up to its reference-approach CO2:

* ``<fuel>:<flow>`` for production, imports, exports, international_bunkers, stock_change:
  ``activity_value`` = the flow's signed contribution to apparent consumption [TJ];
  ``value`` = the CO2 of its carbon [kt] (flow x CC x 44/12, same sign);
* ``<fuel>:excluded_carbon``: ``activity_value`` = - non-energy use [TJ], ``value`` =
  - excluded carbon x 44/12 [kt CO2];
* ``<fuel>:unoxidised``: ``value`` = - net carbon x (1 - COF) x 44/12 [kt CO2], no activity.

So: apparent consumption = sum of the flow rows' activity; apparent consumption excluding
non-energy use = that plus the excluded-carbon row; carbon content = flow CO2 / flow TJ / (44/12);
COF = 1 - unoxidised / (flows + excluded). :func:`reference_approach_table` rebuilds the
CRT Table1.A(b) columns from these rows.

Indirect CO2 of electricity (China's provincial GHG inventory guidelines, NDRC 2011, energy
chapter: CO2 embodied in electricity imported to / exported from the province, valued with the
grid average emission factor): activity ids ``electricity:imports`` and
``electricity:exports`` (MWh, GWh ... converted to TJ on reading). Memo rows
``electricity:imports`` (+) and ``electricity:exports`` (-), method
``indirect_co2_from_electricity``. The grid factor is a ``grid_EF`` parameter [t CO2/MWh]
(activity ``electricity``, gas CO2) when the compiler gives one, else the published MEE/NBS
factor of ``data/mee_nbs_electricity_co2_factors.csv`` chosen by the project option
``options: {energy: {grid_factor: {<region or '*'>: '<scope>:<area>'}}}``, e.g.
``{'*': 'average:China', 'HEB': 'average:Hebei'}``. A year without a factor is an error.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError, MethodInputError
from inventory.methods import MethodInput, SourceMethod, TierSpec, register
from sectors.energy.fuels import fuels

__all__ = ["FLOWS", "apparent_consumption", "carbon_in_fuel", "excluded_carbon",
           "reference_approach_co2", "indirect_co2_from_electricity", "grid_factors",
           "compute_energy_balance", "reference_approach_table", "indirect_co2_table",
           "RA_METHOD", "ELECTRICITY_METHOD", "MWH_PER_TJ"]

DATA = Path(__file__).resolve().parent / "data"
C_TO_CO2 = 44.0 / 12.0
MWH_PER_TJ = 1e6 / 3600.0          # 1 TJ = 277.78 MWh
RA_METHOD = "reference_approach"
ELECTRICITY_METHOD = "indirect_co2_from_electricity"

# flow -> sign in apparent consumption (Eq. 6.2)
FLOWS = {"production": 1.0, "imports": 1.0, "exports": -1.0, "international_bunkers": -1.0,
         "stock_increase": -1.0, "stock_decrease": 1.0, "nonenergy_use": 0.0}
ELECTRICITY_FLOWS = {"imports": 1.0, "exports": -1.0}
RA_TERMS = ("production", "imports", "exports", "international_bunkers", "stock_change")


def apparent_consumption(production, imports, exports, international_bunkers, stock_change):
    """Apparent consumption of a fuel.

    Parameters
    ----------
    production, imports, exports, international_bunkers : array-like [TJ]
    stock_change : array-like [TJ], positive when stocks increase

    Returns
    -------
    array-like [TJ]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.6 Eq. 6.2 (primary fuels); for secondary fuels production is zero
    (Eq. 6.3), their carbon being counted in the primary fuels they are made from.
    """
    return (np.asarray(production, dtype=float) + np.asarray(imports, dtype=float)
            - np.asarray(exports, dtype=float) - np.asarray(international_bunkers, dtype=float)
            - np.asarray(stock_change, dtype=float))


def carbon_in_fuel(apparent_consumption_tj, carbon_content):
    """Carbon in the apparent consumption of a fuel.

    Parameters
    ----------
    apparent_consumption_tj : array-like [TJ]
    carbon_content : array-like [t C TJ-1]

    Returns
    -------
    array-like [kt C]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.6 Eq. 6.1 (first term, apparent consumption x carbon content x 1e-3).
    """
    return (np.asarray(apparent_consumption_tj, dtype=float)
            * np.asarray(carbon_content, dtype=float) * 1e-3)


def excluded_carbon(nonenergy_use_tj, carbon_content):
    """Carbon of fuels used as feedstock, reductant or for other non-energy use.

    Parameters
    ----------
    nonenergy_use_tj : array-like [TJ]
    carbon_content : array-like [t C TJ-1]

    Returns
    -------
    array-like [kt C]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.6 Eq. 6.4: excluded carbon = activity data x carbon content x 1e-3; the
    CO2 of these uses, where emitted, is reported in IPPU (Vol.3 Ch.5) or 1.A.
    """
    return (np.asarray(nonenergy_use_tj, dtype=float)
            * np.asarray(carbon_content, dtype=float) * 1e-3)


def reference_approach_co2(carbon_kt, excluded_carbon_kt, oxidation_factor=1.0):
    """CO2 emissions of a fuel by the reference approach.

    Parameters
    ----------
    carbon_kt : array-like [kt C], carbon in the apparent consumption
    excluded_carbon_kt : array-like [kt C]
    oxidation_factor : array-like [fraction], 1 by default

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.2 Ch.6 Eq. 6.1: CO2 = (carbon - excluded carbon) x COF x 44/12.
    """
    return ((np.asarray(carbon_kt, dtype=float) - np.asarray(excluded_carbon_kt, dtype=float))
            * np.asarray(oxidation_factor, dtype=float) * C_TO_CO2)


def indirect_co2_from_electricity(electricity_mwh, grid_emission_factor):
    """CO2 embodied in electricity traded across a province's border.

    Parameters
    ----------
    electricity_mwh : array-like [MWh], imports positive, exports negative
    grid_emission_factor : array-like [t CO2 MWh-1] (= kg CO2/kWh)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    China, NDRC (2011) Guidelines for provincial GHG inventories (trial), energy chapter:
    indirect CO2 of electricity imported/exported = electricity x grid average emission factor
    (MEE/NBS electricity CO2 emission factors). Not part of the national total.
    """
    return (np.asarray(electricity_mwh, dtype=float)
            * np.asarray(grid_emission_factor, dtype=float) * 1e-3)


@cache
def grid_factors(path: Path = DATA / "mee_nbs_electricity_co2_factors.csv") -> pd.DataFrame:
    """The published MEE/NBS electricity CO2 factors: scope, area, year, value [t CO2/MWh]."""
    df = pd.read_csv(path, comment="#", dtype={"scope": str, "area": str})
    bad = df["unit"] != "kg/kWh"
    if bad.any():
        raise InputError(f"unit '{df.loc[bad, 'unit'].iloc[0]}' (line of {df.loc[bad, 'area'].iloc[0]}"
                         f" {df.loc[bad, 'year'].iloc[0]})", str(path), "kg/kWh")
    df["line"] = np.arange(len(df)) + 1
    return df


# ------------------------------------------------------------------------------- compute
def _split(activity: pd.Series) -> tuple[pd.Series, pd.Series]:
    parts = activity.astype(str).str.split(":", n=1, expand=True)
    if parts.shape[1] < 2:
        parts[1] = None
    return parts[0], parts[1]


def _bad(rows: pd.DataFrame, mask, problem: str, expected: str):
    first = rows[np.asarray(mask)].iloc[0]
    raise InputError(problem.format(**first.to_dict()), first.get("source_ref"), expected)


def _frame(rows: pd.DataFrame, activity, value, activity_value, method, equation, tier,
           layer=None, source=None, parameter_ids="", activity_unit="TJ", ief_unit="kg/TJ"):
    av = np.asarray(activity_value, dtype=float)
    v = np.asarray(value, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ief = np.where(np.isfinite(av) & (av != 0), v * 1e6 / np.where(av != 0, av, 1), np.nan)
    return pd.DataFrame({
        "region": rows["region"].to_numpy(), "year": rows["year"].to_numpy(),
        "category": rows["category"].to_numpy(), "activity": np.asarray(activity, dtype=object),
        "gas": "CO2", "value": v, "notation_key": None, "memo": True, "tier": tier,
        "method": method, "equation": equation, "activity_value": av,
        "activity_unit": activity_unit, "ief": ief, "ief_unit": ief_unit,
        "factor_layer": layer, "factor_source": source,
        "activity_ids": rows["activity_ids"].to_numpy(), "parameter_ids": parameter_ids})


def _reference_approach(rows: pd.DataFrame, tier: np.ndarray, inp: MethodInput):
    from sectors.energy.fuel_combustion import _energy_tj

    fuel, flow = _split(rows["activity"])
    rows = rows.assign(fuel=fuel.to_numpy(), flow=flow.to_numpy(), tier=tier)
    known = rows["fuel"].isin(fuels().index)
    if not known.all():
        _bad(rows, ~known, "unknown fuel '{fuel}' in energy balance row '{activity}'",
             "<fuel>:<flow> with a fuel id of sectors/energy/data/fuels.csv")
    okflow = rows["flow"].isin(list(FLOWS))
    if not okflow.all():
        _bad(rows, ~okflow, "unknown flow in energy balance row '{activity}'",
             f"<fuel>:<flow> with flow one of {', '.join(FLOWS)}")
    meta = fuels()
    bio = rows["fuel"].map(meta["crt_fuel_group"]).eq("biomass")
    if bio.any():
        _bad(rows, bio, "biomass fuel in energy balance row '{activity}'",
             "fossil fuels only: the reference approach covers fossil CO2 (IPCC 2006 Vol.2 "
             "Ch.6); report biomass under 1.A fuel combustion")
    secondary = rows["flow"].eq("production") & rows["fuel"].map(meta["primary"]).ne("yes")
    if secondary.any():
        _bad(rows, secondary, "production of the secondary fuel in row '{activity}'",
             "production for primary fuels only (IPCC 2006 Vol.2 Ch.6 Eq. 6.3: secondary fuels "
             "are made from primary fuels already counted); enter imports, exports, bunkers and "
             "stock changes")
    num = rows[rows["value"].notna()]
    frames = []
    if num.empty:
        return frames
    q = num.assign(activity=num["fuel"])
    tj, ncv_ids = _energy_tj(q, inp)
    num = num.assign(tj=tj, ncv_ids=ncv_ids)
    num["signed"] = num["tj"] * num["flow"].map(FLOWS)
    num["term"] = num["flow"].replace({"stock_increase": "stock_change",
                                       "stock_decrease": "stock_change"})
    keys = ["region", "year", "category", "fuel"]
    per_fuel = num.groupby(keys, sort=False, as_index=False).agg(tier=("tier", "max"))
    per_fuel["activity"] = per_fuel["fuel"]
    cc = inp.factors.require(per_fuel, "carbon_content", "t/TJ", tier=None)
    ox = inp.factors.require(per_fuel, "oxidation", "fraction")
    per_fuel = per_fuel.assign(cc=cc.value, cc_id=cc.parameter_id, cc_layer=cc.layer,
                               cc_source=cc.source, cof=ox.value, cof_id=ox.parameter_id)
    # flow terms (stock increase/decrease netted into one stock_change term)
    terms = num[num["term"] != "nonenergy_use"].groupby([*keys, "term"], sort=False,
                                                         as_index=False).agg(
        signed=("signed", "sum"), ids=("activity_id", ";".join), ncv=("ncv_ids", _join))
    terms = terms.merge(per_fuel, on=keys, how="left")
    co2 = carbon_in_fuel(terms["signed"], terms["cc"]) * C_TO_CO2
    frames.append(_frame(terms.assign(activity_ids=terms["ids"]),
                         terms["fuel"] + ":" + terms["term"], co2, terms["signed"], RA_METHOD,
                         "IPCC 2006 Vol.2 Ch.6 Eq. 6.2", terms["tier"].to_numpy(),
                         terms["cc_layer"].to_numpy(), terms["cc_source"].to_numpy(),
                         [_join([a, b]) for a, b in zip(terms["ncv"], terms["cc_id"],
                                                        strict=True)]))
    # excluded carbon (non-energy use) and unoxidised carbon, per fuel
    neu = num[num["term"] == "nonenergy_use"].groupby(keys, sort=False, as_index=False).agg(
        neu_tj=("tj", "sum"), neu_ids=("activity_id", ";".join))
    ac = terms.groupby(keys, sort=False, as_index=False).agg(ac=("signed", "sum"),
                                                              ids=("ids", ";".join))
    fuel_tab = per_fuel.merge(ac, on=keys, how="left").merge(neu, on=keys, how="left")
    fuel_tab["ac"] = fuel_tab["ac"].fillna(0.0)
    carbon = carbon_in_fuel(fuel_tab["ac"], fuel_tab["cc"])
    has_neu = fuel_tab["neu_tj"].notna().to_numpy()
    excl = excluded_carbon(fuel_tab["neu_tj"].fillna(0.0), fuel_tab["cc"])
    if has_neu.any():
        sub = fuel_tab[has_neu]
        frames.append(_frame(sub.assign(activity_ids=sub["neu_ids"]), sub["fuel"] + ":excluded_carbon",
                             -excl[has_neu] * C_TO_CO2, -sub["neu_tj"], RA_METHOD,
                             "IPCC 2006 Vol.2 Ch.6 Eq. 6.4", sub["tier"].to_numpy(),
                             sub["cc_layer"].to_numpy(), sub["cc_source"].to_numpy(),
                             sub["cc_id"].to_numpy()))
    total = reference_approach_co2(carbon, excl, fuel_tab["cof"])
    unox = total - (carbon - excl) * C_TO_CO2          # = -(net C) x (1 - COF) x 44/12
    frames.append(_frame(fuel_tab.assign(activity_ids=fuel_tab["ids"].fillna("")),
                         fuel_tab["fuel"] + ":unoxidised", unox, np.nan, RA_METHOD,
                         "IPCC 2006 Vol.2 Ch.6 Eq. 6.1", fuel_tab["tier"].to_numpy(),
                         "", "fraction of carbon oxidised", fuel_tab["cof_id"].to_numpy()))
    return frames


def _grid_factor(rows: pd.DataFrame, inp: MethodInput) -> tuple[np.ndarray, np.ndarray,
                                                                  np.ndarray, np.ndarray]:
    """Grid factor [t CO2/MWh], layer, source and id per row: a grid_EF parameter, else the
    published table through the project option ``grid_factor``."""
    q = rows.assign(activity="electricity")
    par = inp.factors.lookup(q, "grid_EF", "t/MWh", "CO2")
    value, layer = par.value.copy(), par.layer.copy()
    source, ids = par.source.copy(), par.parameter_id.copy()
    miss = ~par.found
    if miss.any():
        choice = dict(inp.options.get("grid_factor", {}) or {})
        table = grid_factors()
        for i in np.flatnonzero(miss):
            r = rows.iloc[i]
            pick = choice.get(str(r["region"]), choice.get("*"))
            if not pick:
                raise MethodInputError(
                    f"no grid emission factor for electricity trade of region {r['region']} "
                    f"year {int(r['year'])}", r.get("source_ref"),
                    "a 'grid_EF' parameter [t CO2/MWh, activity electricity, gas CO2] or the "
                    "inventory.yml option energy.grid_factor {region or '*': 'scope:area'}")
            scope, _, area = str(pick).partition(":")
            hit = table[(table["scope"] == scope) & (table["area"] == area)
                        & (table["year"] == int(r["year"]))]
            if hit.empty:
                years = sorted(table.loc[(table["scope"] == scope) & (table["area"] == area),
                                         "year"].tolist())
                raise MethodInputError(
                    f"no published {scope} grid factor for {area} in {int(r['year'])} "
                    f"(published years: {years or 'none'})", r.get("source_ref"),
                    "a row in sectors/energy/data/mee_nbs_electricity_co2_factors.csv or a "
                    "'grid_EF' parameter for that year")
            h = hit.iloc[0]
            value[i] = float(h["value"])          # kg/kWh = t/MWh
            layer[i] = "national"
            # provenance in factor_source (the published table is reference data, not a
            # parameter row: parameter_ids name parameter rows only)
            source[i] = (f"{h['source']} ({scope} {area} {int(h['year'])}; "
                         f"mee_nbs_electricity_co2_factors.csv line {int(h['line'])})")
            ids[i] = ""
    return value, layer, source, ids


def _electricity(rows: pd.DataFrame, tier: np.ndarray, inp: MethodInput):
    _, flow = _split(rows["activity"])
    ok = flow.isin(list(ELECTRICITY_FLOWS)).to_numpy()
    if not ok.all():
        _bad(rows, ~ok, "unknown electricity flow in row '{activity}'",
             "electricity:imports or electricity:exports")
    unit_ok = rows["unit"].eq("TJ") | rows["value"].isna()
    if not unit_ok.all():
        _bad(rows, ~unit_ok, "electricity in '{unit}' in row '{activity}'",
             "an energy unit (MWh, GWh, TJ ...)")
    num = rows[rows["value"].notna()].assign(flow=flow[rows["value"].notna()].to_numpy(),
                                             tier=tier[rows["value"].notna().to_numpy()])
    if num.empty:
        return []
    ef, layer, source, ids = _grid_factor(num, inp)
    mwh = num["value"].to_numpy(dtype=float) * MWH_PER_TJ * num["flow"].map(
        ELECTRICITY_FLOWS).to_numpy()
    kt = indirect_co2_from_electricity(mwh, ef)
    out = _frame(num.assign(activity_ids=num["activity_id"]), num["activity"], kt, mwh,
                 ELECTRICITY_METHOD, "NDRC 2011 provincial GHG inventory guidelines, "
                 "electricity imported/exported", num["tier"].to_numpy(), layer, source, ids,
                 activity_unit="MWh", ief_unit="kg/MWh")
    return [out]


def _join(values) -> str:
    return ";".join(dict.fromkeys(v for part in values for v in str(part or "").split(";")
                                  if v and v != "nan"))


def compute_energy_balance(inp: MethodInput) -> pd.DataFrame:
    """Memo rows for the EnergyBalance sheet (category 1.A): reference approach and indirect
    CO2 of electricity trade. Rows with a notation key give no emission rows (the reference
    approach sums flows; a flow that does not occur adds nothing)."""
    act = inp.activity
    wrong = act["category"].astype(str) != "1.A"
    if wrong.any():
        _bad(act, wrong, "category {category} on an energy balance row", "category 1.A")
    fuel, _ = _split(act["activity"])
    is_el = (fuel == "electricity").to_numpy()
    frames = []
    if (~is_el).any():
        frames += _reference_approach(act[~is_el], inp.tier[~is_el], inp)
    if is_el.any():
        frames += _electricity(act[is_el], inp.tier[is_el], inp)
    out = schema.concat_emissions(frames)
    out["memo"] = True  # reference approach and electricity trade never enter the totals
    return out


# ------------------------------------------------------------------------------- reporting
def reference_approach_table(emissions: pd.DataFrame, by: tuple[str, ...] = ("year",)
                             ) -> pd.DataFrame:
    """Table1.A(b) per fuel from the reference-approach rows: production ... stock change,
    apparent consumption, carbon content, carbon, excluded carbon, net carbon, COF, CO2.

    Energy columns in TJ (stock change positive for a stock increase), carbon in kt C, CO2 in kt.
    ``by``: grouping columns besides the fuel (default per year, all regions summed)."""
    ra = emissions[emissions["method"] == RA_METHOD]
    cols = [*by, "fuel", *RA_TERMS, "apparent_consumption", "nonenergy_use", "carbon_content",
            "carbon", "excluded_carbon", "net_carbon", "oxidation", "co2"]
    if ra.empty:
        return pd.DataFrame(columns=cols)
    fuel, term = _split(ra["activity"])
    ra = ra.assign(fuel=fuel.to_numpy(), term=term.to_numpy())
    keys = [*by, "fuel"]
    flows = ra[ra["term"].isin(RA_TERMS)]
    sign = {"exports": -1.0, "international_bunkers": -1.0, "stock_change": -1.0}
    wide = flows.assign(shown=flows["activity_value"] * flows["term"].map(sign).fillna(1.0)
                        ).pivot_table(index=keys, columns="term", values="shown",
                                      aggfunc="sum")
    out = wide.reindex(columns=list(RA_TERMS)).reset_index()
    sums = flows.groupby(keys)[["activity_value", "value"]].sum()
    out = out.merge(sums.rename(columns={"activity_value": "apparent_consumption",
                                         "value": "co2_flows"}).reset_index(), on=keys)
    excl = ra[ra["term"] == "excluded_carbon"].groupby(keys)[["activity_value", "value"]].sum()
    out = out.merge((-excl).rename(columns={"activity_value": "nonenergy_use",
                                            "value": "excl_co2"}).reset_index(), on=keys,
                    how="left")
    unox = ra[ra["term"] == "unoxidised"].groupby(keys)["value"].sum().rename("unox")
    out = out.merge(unox.reset_index(), on=keys, how="left")
    out[["nonenergy_use", "excl_co2", "unox"]] = out[["nonenergy_use", "excl_co2",
                                                      "unox"]].fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["carbon_content"] = np.where(out["apparent_consumption"] != 0, out["co2_flows"]
                                         / C_TO_CO2 * 1e3 / out["apparent_consumption"], np.nan)
        out["carbon"] = out["co2_flows"] / C_TO_CO2
        out["excluded_carbon"] = out["excl_co2"] / C_TO_CO2
        out["net_carbon"] = out["carbon"] - out["excluded_carbon"]
        net_co2 = out["co2_flows"] - out["excl_co2"]
        out["oxidation"] = np.where(net_co2 != 0, 1.0 + out["unox"] / net_co2, np.nan)
        out["co2"] = net_co2 + out["unox"]
    return out[cols]


def indirect_co2_table(emissions: pd.DataFrame) -> pd.DataFrame:
    """Provincial indicator: indirect CO2 of electricity trade per region and year
    (imports, exports and net [MWh and kt CO2]); never part of any inventory total."""
    el = emissions[emissions["method"] == ELECTRICITY_METHOD]
    cols = ["region", "year", "imports_mwh", "exports_mwh", "net_import_mwh", "imports_kt_co2",
            "exports_kt_co2", "net_indirect_kt_co2", "grid_factor_source"]
    if el.empty:
        return pd.DataFrame(columns=cols)
    _, flow = _split(el["activity"])
    el = el.assign(flow=flow.to_numpy())
    g = el.pivot_table(index=["region", "year"], columns="flow",
                       values=["activity_value", "value"], aggfunc="sum").fillna(0.0)
    out = pd.DataFrame(index=g.index)

    def get(a, f):
        return g[(a, f)] if (a, f) in g.columns else 0.0

    out["imports_mwh"] = get("activity_value", "imports")
    out["exports_mwh"] = -get("activity_value", "exports")
    out["net_import_mwh"] = out["imports_mwh"] - out["exports_mwh"]
    out["imports_kt_co2"] = get("value", "imports")
    out["exports_kt_co2"] = -get("value", "exports")
    out["net_indirect_kt_co2"] = out["imports_kt_co2"] - out["exports_kt_co2"]
    src = el.groupby(["region", "year"])["factor_source"].agg(lambda s: "; ".join(
        sorted(set(map(str, s)))))
    out["grid_factor_source"] = src
    return out.reset_index()[cols]


register(SourceMethod(
    name="energy_balance",
    sector="energy",
    categories=("1.A",),
    gases=("CO2",),
    tiers={t: TierSpec(t, "reference approach (IPCC 2006 Vol.2 Ch.6) with the most specific "
                          "carbon content given (national, else Table 1.3); indirect CO2 of "
                          "electricity trade with the grid factor", ("carbon_content",),
                       ("ipcc_default", "national", "provincial", "plant")) for t in (1, 2, 3)},
    compute=compute_energy_balance,
    doc=__doc__ or "",
))
