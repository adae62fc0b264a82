"""Energy balance rows (category 1.A, sheet EnergyBalance): the reference approach and the
indirect CO2 of electricity traded across a province's border. Neither gives emission rows:
both are background tables (:mod:`inventory.products`) that never enter a total.

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
national value), fraction of carbon oxidised (``oxidation``, default 1), NCV for mass units,
all from the most specific layer given.

Background table ``energy.reference_approach``: one row per region, year and fuel with the
flows [TJ], apparent consumption, non-energy use, carbon content, carbon, excluded carbon, net
carbon [kt C], COF and CO2 [kt] (CRT Table1.A(b)-(d)); :func:`reference_approach_by_fuel` sums
it over regions the way the CRT sheets and the comparison with the sectoral approach need.

Indirect CO2 of electricity (China's provincial GHG inventory guidelines, NDRC 2011, energy
chapter: CO2 embodied in electricity imported to / exported from the province, valued with the
grid average emission factor): activity ids ``electricity:imports`` and
``electricity:exports`` (MWh, GWh ... converted to TJ on reading). Background table
``energy.electricity_trade``: one row per region, year and flow (electricity [MWh], grid factor,
indirect CO2 [kt]); the report product ``indirect_co2_electricity.csv``
(:func:`indirect_co2_table`) nets imports and exports per region and year. The grid factor is a
``grid_EF`` parameter [t CO2/MWh] (activity ``electricity``, gas CO2) when the compiler gives
one, else the published MEE/NBS factor of ``data/mee_nbs_electricity_co2_factors.csv`` chosen by
the project option ``options: {energy: {grid_factor: {<region or '*'>: '<scope>:<area>'}}}``,
e.g. ``{'*': 'average:China', 'HEB': 'average:Hebei'}``. A year without a factor is an error.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError, MethodInputError
from inventory.methods import (
    MethodInput,
    MethodResult,
    SourceMethod,
    TierSpec,
    combine_lookups,
    register,
)
from inventory.products import BackgroundTable, register_table
from inventory.schema import Column
from sectors.energy.fuel_combustion import _take, fuel_energy
from sectors.energy.fuels import fuels

__all__ = ["FLOWS", "apparent_consumption", "carbon_in_fuel", "excluded_carbon",
           "reference_approach_co2", "indirect_co2_from_electricity", "grid_factors",
           "compute_energy_balance", "reference_approach_by_fuel", "indirect_co2_table",
           "RA_TABLE", "ELECTRICITY_TABLE", "MWH_PER_TJ", "RA_TERMS"]

DATA = Path(__file__).resolve().parent / "data"
C_TO_CO2 = 44.0 / 12.0
MWH_PER_TJ = 1e6 / 3600.0          # 1 TJ = 277.78 MWh
RA_TABLE = "energy.reference_approach"
ELECTRICITY_TABLE = "energy.electricity_trade"


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
    parts = activity.astype(str).str.split(":", n=1)
    return parts.str[0], parts.str[1]


def _bad(rows: pd.DataFrame, mask, problem: str, expected: str):
    first = rows[np.asarray(mask)].iloc[0]
    raise InputError(problem.format(**first.to_dict()), first.get("source_ref"), expected)


def _check_balance(rows: pd.DataFrame) -> None:
    meta = fuels()
    known = rows["fuel"].isin(meta.index)
    if not known.all():
        _bad(rows, ~known, "unknown fuel '{fuel}' in energy balance row '{activity}'",
             "<fuel>:<flow> with a fuel id of sectors/energy/data/fuels.csv")
    okflow = rows["flow"].isin(list(FLOWS))
    if not okflow.all():
        _bad(rows, ~okflow, "unknown flow in energy balance row '{activity}'",
             f"<fuel>:<flow> with flow one of {', '.join(FLOWS)}")
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


def _first_of(groups: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the position of its first row in ``mask`` (-1: none)."""
    out = np.full(n_groups, -1, dtype="int64")
    pos = np.flatnonzero(mask)
    g, first = np.unique(groups[pos], return_index=True)
    out[g] = pos[first]
    return out


def _reference_approach(rows: pd.DataFrame, inp: MethodInput) -> pd.DataFrame:
    """The ``energy.reference_approach`` rows: one per region, year and fuel."""
    fuel, flow = _split(rows["activity"])
    rows = rows.assign(fuel=fuel.to_numpy(), flow=flow.to_numpy())
    _check_balance(rows)
    num = rows[rows["value"].notna()].reset_index(drop=True)
    cols = schema_columns(RA_TABLE)
    if num.empty:
        return pd.DataFrame(columns=cols)
    tj, ncv = fuel_energy(num, inp, fuel=num["fuel"])
    num["tj"] = tj
    keys = ["region", "year", "category", "fuel"]
    grp = num.groupby(keys, sort=False)
    per_fuel = grp.agg(activity_ids=("activity_id", ";".join)).reset_index()
    gid = grp.ngroup().to_numpy()
    flows = num.pivot_table(index=keys, columns="flow", values="tj", aggfunc="sum")
    flows = flows.reindex(columns=list(FLOWS)).reindex(
        pd.MultiIndex.from_frame(per_fuel[keys]))
    f = {k: flows[k].to_numpy(dtype=float) for k in FLOWS}
    has_stock = ~(np.isnan(f["stock_increase"]) & np.isnan(f["stock_decrease"]))
    stock = np.where(has_stock, np.nan_to_num(f["stock_increase"])
                     - np.nan_to_num(f["stock_decrease"]), np.nan)
    z = np.nan_to_num
    ac = apparent_consumption(z(f["production"]), z(f["imports"]), z(f["exports"]),
                              z(f["international_bunkers"]), z(stock))
    q = per_fuel.assign(activity=per_fuel["fuel"])
    cc = inp.factor(q, "carbon_content", "t/TJ")
    ox = inp.factor(q, "oxidation", "fraction")
    carbon = carbon_in_fuel(ac, cc.value)
    excl = excluded_carbon(z(f["nonenergy_use"]), cc.value)
    unit = num["unit"].to_numpy(dtype=str)
    n = len(per_fuel)
    layer, source, ids = combine_lookups(
        [_take(ncv, _first_of(gid, unit == "kt", n)), _take(ncv, _first_of(gid, unit == "m3", n)),
         cc, ox], n)
    out = per_fuel.assign(
        production=f["production"], imports=f["imports"], exports=f["exports"],
        international_bunkers=f["international_bunkers"], stock_change=stock,
        apparent_consumption=ac, nonenergy_use=f["nonenergy_use"], carbon_content=cc.value,
        carbon=carbon, excluded_carbon=excl, net_carbon=carbon - excl, oxidation=ox.value,
        co2=reference_approach_co2(carbon, excl, ox.value), factor_layer=layer,
        factor_source=source, parameter_ids=ids)
    return out[cols]


def _grid_factor(rows: pd.DataFrame, inp: MethodInput) -> tuple[np.ndarray, np.ndarray,
                                                                  np.ndarray, np.ndarray]:
    """Grid factor [t CO2/MWh], layer, source and id per row: a grid_EF parameter, else the
    published table through the project option ``grid_factor``."""
    par = inp.factor(rows, "grid_EF", "t/MWh", "CO2", activity="electricity", required=False)
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


def _electricity(rows: pd.DataFrame, inp: MethodInput) -> pd.DataFrame:
    """The ``energy.electricity_trade`` rows: one per region, year and flow."""
    _, flow = _split(rows["activity"])
    ok = flow.isin(list(ELECTRICITY_FLOWS)).to_numpy()
    if not ok.all():
        _bad(rows, ~ok, "unknown electricity flow in row '{activity}'",
             "electricity:imports or electricity:exports")
    unit_ok = rows["unit"].eq("TJ") | rows["value"].isna()
    if not unit_ok.all():
        _bad(rows, ~unit_ok, "electricity in '{unit}' in row '{activity}'",
             "an energy unit (MWh, GWh, TJ ...)")
    numeric = rows["value"].notna().to_numpy()
    num = rows[numeric].assign(flow=flow[numeric].to_numpy())
    if num.empty:
        return pd.DataFrame(columns=schema_columns(ELECTRICITY_TABLE))
    ef, layer, source, ids = _grid_factor(num, inp)
    mwh = num["value"].to_numpy(dtype=float) * MWH_PER_TJ
    return pd.DataFrame({
        "region": num["region"].to_numpy(), "year": num["year"].to_numpy(),
        "flow": num["flow"].to_numpy(), "electricity_mwh": mwh, "grid_factor": ef,
        "indirect_co2": indirect_co2_from_electricity(mwh, ef), "factor_layer": layer,
        "factor_source": source, "parameter_ids": ids,
        "activity_ids": num["activity_id"].to_numpy()})


def compute_energy_balance(inp: MethodInput) -> MethodResult:
    """The background tables of the EnergyBalance sheet (category 1.A): the reference approach
    by fuel and the indirect CO2 of electricity trade; no emission rows. Rows with a notation
    key add nothing (the reference approach sums flows; a flow that does not occur adds
    nothing)."""
    act = inp.activity
    wrong = act["category"].astype(str) != "1.A"
    if wrong.any():
        _bad(act, wrong, "category {category} on an energy balance row", "category 1.A")
    fuel, _ = _split(act["activity"])
    is_el = (fuel == "electricity").to_numpy()
    tables = {}
    if (~is_el).any():
        tables[RA_TABLE] = _reference_approach(act[~is_el], inp)
    if is_el.any():
        tables[ELECTRICITY_TABLE] = _electricity(act[is_el], inp)
    return MethodResult(schema.empty("emissions"), tables)


# ------------------------------------------------------------------------------- reporting
def reference_approach_by_fuel(table: pd.DataFrame, by: tuple[str, ...] = ("year",)
                               ) -> pd.DataFrame:
    """Table1.A(b) per fuel from ``energy.reference_approach`` rows summed over regions:
    the flows and apparent consumption [TJ] (stock change positive for an increase; a flow
    without any row stays empty), non-energy use [TJ, 0 without rows], carbon content [t C/TJ]
    and COF of the sums, carbon, excluded and net carbon [kt C], CO2 [kt].

    ``by``: grouping columns besides the fuel (default per year)."""
    sums = [*RA_TERMS, "apparent_consumption", "nonenergy_use", "carbon", "excluded_carbon",
            "net_carbon", "co2"]
    cols = [*by, "fuel", *RA_TERMS, "apparent_consumption", "nonenergy_use", "carbon_content",
            "carbon", "excluded_carbon", "net_carbon", "oxidation", "co2"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    t = table.assign(**{c: table[c].astype(float) for c in sums})
    out = t.groupby([*by, "fuel"], sort=True)[sums].sum(min_count=1).reset_index()
    out["nonenergy_use"] = out["nonenergy_use"].fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ac = out["apparent_consumption"].to_numpy(dtype=float)
        out["carbon_content"] = np.where(ac != 0, out["carbon"] * 1e3 / ac, np.nan)
        net_co2 = out["net_carbon"].to_numpy(dtype=float) * C_TO_CO2
        out["oxidation"] = np.where(net_co2 != 0, out["co2"] / net_co2, np.nan)
    return out[cols]


def indirect_co2_table(table: pd.DataFrame) -> pd.DataFrame:
    """Provincial indicator from ``energy.electricity_trade``: indirect CO2 of electricity
    trade per region and year (imports, exports and net [MWh and kt CO2]); never part of any
    inventory total."""
    cols = ["region", "year", "imports_mwh", "exports_mwh", "net_import_mwh", "imports_kt_co2",
            "exports_kt_co2", "net_indirect_kt_co2", "grid_factor_source"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    g = table.pivot_table(index=["region", "year"], columns="flow",
                          values=["electricity_mwh", "indirect_co2"], aggfunc="sum").fillna(0.0)
    out = pd.DataFrame(index=g.index)

    def get(a, f):
        return g[(a, f)] if (a, f) in g.columns else 0.0

    out["imports_mwh"] = get("electricity_mwh", "imports")
    out["exports_mwh"] = get("electricity_mwh", "exports")
    out["net_import_mwh"] = out["imports_mwh"] - out["exports_mwh"]
    out["imports_kt_co2"] = get("indirect_co2", "imports")
    out["exports_kt_co2"] = get("indirect_co2", "exports")
    out["net_indirect_kt_co2"] = out["imports_kt_co2"] - out["exports_kt_co2"]
    src = table.groupby(["region", "year"])["factor_source"].agg(lambda s: "; ".join(
        sorted(set(map(str, s)))))
    out["grid_factor_source"] = src
    return out.reset_index()[cols]


def schema_columns(name: str) -> list[str]:
    from inventory.products import background_tables

    return background_tables()[name].column_names


_PROV_COLUMNS = (
    Column("factor_layer", "str", False, "most specific layer of the factors used"),
    Column("factor_source", "str", False, "sources of the factors used"),
    Column("parameter_ids", "str", False, "ids of the parameter rows used (';'-joined)"),
    Column("activity_ids", "str", True, "ids of the EnergyBalance rows used (';'-joined)"),
)
register_table(BackgroundTable(
    name=RA_TABLE, sector="energy",
    columns=(
        Column("category", "str", True, "IPCC 2006 category of the balance rows (1.A)"),
        Column("fuel", "str", True, "fossil fuel id (sectors/energy/data/fuels.csv)"),
        *(Column(t, "float", False, f"{t.replace('_', ' ')} [TJ] (empty: no row)")
          for t in ("production", "imports", "exports", "international_bunkers")),
        Column("stock_change", "float", False,
               "stock increase - stock decrease [TJ] (empty: no row)"),
        Column("apparent_consumption", "float", True,
               "production + imports - exports - international bunkers - stock change [TJ] "
               "(IPCC 2006 Vol.2 Ch.6 Eq. 6.2)"),
        Column("nonenergy_use", "float", False,
               "feedstocks, reductants, other non-energy use [TJ] (empty: no row)"),
        Column("carbon_content", "float", True, "carbon content used [t C/TJ] (Table 1.3 or "
                                                "country-specific)"),
        Column("carbon", "float", True, "carbon in the apparent consumption [kt C]"),
        Column("excluded_carbon", "float", True,
               "carbon of the non-energy use [kt C] (Eq. 6.4)"),
        Column("net_carbon", "float", True, "carbon - excluded carbon [kt C]"),
        Column("oxidation", "float", True, "fraction of carbon oxidised used"),
        Column("co2", "float", True, "reference-approach CO2 [kt] (Eq. 6.1)"),
        *_PROV_COLUMNS,
    ),
    doc="Reference approach (IPCC 2006 Vol.2 Ch.6) per region, year and fossil fuel: CRT "
        "Table1.A(b), (c) and (d); never part of a total."))
register_table(BackgroundTable(
    name=ELECTRICITY_TABLE, sector="energy",
    columns=(
        Column("flow", "str", True, "imports or exports across the region's border"),
        Column("electricity_mwh", "float", True, "electricity traded [MWh]"),
        Column("grid_factor", "float", True, "grid CO2 emission factor used [t CO2/MWh]"),
        Column("indirect_co2", "float", True, "CO2 embodied in the electricity [kt]"),
        *_PROV_COLUMNS,
    ),
    doc="Indirect CO2 of electricity imported and exported by a province (China, NDRC 2011 "
        "provincial guidelines): a provincial indicator, never part of a total."))

_ROLES = {"carbon_content": "any", "oxidation": "any", "NCV": "any", "NCV_volume": "any",
          "grid_EF": "any"}
register(SourceMethod(
    name="energy_balance",
    sector="energy",
    categories=("1.A",),
    gases=("CO2",),
    tiers={t: TierSpec(t, "reference approach (IPCC 2006 Vol.2 Ch.6) with the most specific "
                          "carbon content, oxidation factor and NCV given (Table 1.3, COF 1 "
                          "and Table 1.2 by default); indirect CO2 of electricity trade with "
                          "the grid factor (background tables, no emission rows)",
                       factors=_ROLES) for t in (1, 2, 3)},
    compute=compute_energy_balance,
    doc=__doc__ or "",
))
