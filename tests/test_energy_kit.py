"""The energy sector on the method kit: declared factor roles per tier, the pre-check of the
TierSpecs, national factors at Tier 1 (reported, not used) and Tier 2 (used, layer national),
tiers per gas, the background tables. ``run_energy`` runs the energy methods the way a run
does (:func:`inventory.methods.run_methods`); the other energy tests use it too."""

from __future__ import annotations

import pandas as pd
import pytest

from inventory import qa  # noqa: F401  (registers the core checks)
from inventory.checks import registered_checks
from inventory.errors import MethodInputError
from inventory.factors import FactorDB
from inventory.methods import (
    MethodInput,
    MethodResult,
    TierPlan,
    registered_methods,
    run_methods,
)
from inventory.products import RunContext, background_tables, ensure_table
from sectors.energy.fuel_combustion import TIER3_TABLE
from sectors.energy.reference_approach import ELECTRICITY_TABLE, RA_TABLE
from tests.conftest import activity_rows, national_parameters


def run_energy(activity: pd.DataFrame, factors: FactorDB, tiers: dict | None = None,
               options: dict | None = None, tables: bool = False):
    """The energy methods over ``activity`` (pre-check, compute, every miss in one message);
    with ``tables=True`` also the background tables they returned (name -> rows)."""
    found: dict[str, list] = {}
    em = run_methods(activity, factors, tiers or {}, sectors=("energy",),
                     options={"energy": dict(options or {})}, tables=found)
    if not tables:
        return em
    return em, {name: ensure_table(name, frames) for name, frames in found.items()}


def compute_energy(method: str, activity: pd.DataFrame, factors: FactorDB,
                   tiers: dict | None = None, options: dict | None = None) -> pd.DataFrame:
    """One energy method's emission rows at the method level (no pre-check: faster, for the
    property tests), with the method's TierSpecs and the tier plan; misses raised together."""
    m = next(x for x in registered_methods() if x.name == method)
    plan = TierPlan(tiers)
    inp = MethodInput(activity, plan.resolve(activity["category"]), factors,
                      dict(options or {}), m, plan)
    out = m.compute(inp)
    inp.raise_missing()
    return out.emissions if isinstance(out, MethodResult) else out


def one(df: pd.DataFrame, category: str, activity: str, gas: str) -> pd.Series:
    r = df[(df.category == category) & (df.activity == activity) & (df.gas == gas)]
    assert len(r) == 1, (category, activity, gas, len(r))
    return r.iloc[0]


def not_used(parameters: pd.DataFrame, factors: FactorDB, emissions: pd.DataFrame,
             tables: dict | None = None) -> pd.DataFrame:
    """The core check core.country_parameter_not_used over these inputs."""
    check = next(c for c in registered_checks("emissions")
                 if c.name == "core.country_parameter_not_used")
    return check.find(RunContext(None, pd.DataFrame(), parameters, factors, emissions,
                                 tables or {}))


def test_every_energy_tier_declares_its_factor_roles():
    methods = [m for m in registered_methods() if m.sector == "energy"]
    assert {m.name for m in methods} == {"fuel_combustion", "fugitives", "energy_balance"}
    for m in methods:
        for spec in m.tiers.values():
            assert "*" not in spec.factors, (m.name, spec.tier)   # no legacy TierSpec form
    fc = next(m for m in methods if m.name == "fuel_combustion")
    assert fc.tier_per_gas
    assert fc.tiers[1].factors == {"EF": "default", "NCV": "any", "NCV_volume": "any"}
    assert fc.tiers[2].factors["EF"] == "country"
    assert fc.tiers[2].factors["carbon_content"] == "country"
    assert fc.tiers[2].factors["oxidation"] == "any"


def test_precheck_names_every_missing_parameter_in_one_message(ipcc_factors):
    # Tier 2 for 1.A.2 without any national factor: CH4 and N2O of both fuels are missing
    # (the TierSpec's requires); the pre-check raises before anything is computed
    act = activity_rows(("DML", 2020, "1.A.2.c", "residual_fuel_oil", 10.0),
                        ("DML", 2020, "1.A.2.f", "natural_gas", 5.0))
    with pytest.raises(MethodInputError) as e:
        run_energy(act, ipcc_factors, {"1.A.2": 2})
    msg = str(e.value)
    assert "fuel_combustion is missing 2 parameter(s)" in msg
    assert ("EF CH4 at Tier 2 (layers national, provincial, plant) for residual_fuel_oil in "
            "1.A.2.c; natural_gas in 1.A.2.f") in msg
    assert "EF N2O at Tier 2 (layers national, provincial, plant) for residual_fuel_oil" in msg
    assert msg.startswith("test row 1: ")


def test_precheck_of_fugitives_names_coal_factor_and_flaring_efficiency():
    # a project that replaced the defaults of the density and the flaring efficiency by
    # nothing: every need of the coal and flaring rows in one message
    db = FactorDB(national_parameters(("EF", "1.B.1.a.i.1", "coal_production", "CH4", 10,
                                       "m3/t", "ipcc_default")))
    act = activity_rows(("DML", 2020, "1.B.1.a.i.1", "coal_production", 1.0, "kt"),
                        ("DML", 2020, "1.B.1.a.i.4", "ch4_flared", 1e6, "m3"))
    with pytest.raises(MethodInputError) as e:
        run_energy(act, db)
    msg = str(e.value)
    assert "fugitives is missing 2 parameter(s)" in msg
    assert "CH4_density at Tier 1" in msg and "coal_production in 1.B.1.a.i.1; ch4_flared" in msg
    assert "flaring_efficiency at Tier 1" in msg


def test_national_factor_at_tier1_is_reported_not_used_and_used_at_tier2():
    params = national_parameters(
        ("EF", "1.A.4.b", "natural_gas", "CO2", 50_000, "kg/TJ"),
        ("EF", "1.A.4.b", "natural_gas", "CH4", 4.0, "kg/TJ"),
        ("EF", "1.A.4.b", "natural_gas", "N2O", 0.2, "kg/TJ"))
    db = FactorDB.with_defaults(params)
    act = activity_rows(("DML", 2020, "1.A.4.b", "natural_gas", 1000.0))
    t1 = run_energy(act, db)
    co2 = one(t1, "1.A.4.b", "natural_gas", "CO2")
    # Tier 1: 1,000 TJ x 56,100 kg/TJ (Table 1.4) = 56.1 kt, the national 50,000 not used
    assert co2.value == pytest.approx(56.1) and co2.tier == 1
    assert co2.factor_layer == "ipcc_default" and "p0" not in co2.parameter_ids
    unused = not_used(params, db, t1)
    assert sorted(unused["parameter"] + " " + unused["gas"]) == ["EF CH4", "EF CO2", "EF N2O"]
    # Tier 2: the same rows are used: 1,000 TJ x 50,000 kg/TJ = 50 kt; CH4 1,000 x 4 = 4 t
    t2 = run_energy(act, db, {"1.A.4.b": 2})
    co2 = one(t2, "1.A.4.b", "natural_gas", "CO2")
    assert co2.value == pytest.approx(50.0) and co2.tier == 2
    assert co2.factor_layer == "national" and co2.parameter_ids == "p0"
    assert co2.factor_source == "test national"
    assert one(t2, "1.A.4.b", "natural_gas", "CH4").value == pytest.approx(0.004)
    assert not_used(params, db, t2).empty


def test_national_ncv_at_tier1_is_used_and_named_as_the_layer():
    params = national_parameters(("NCV", "*", "other_bituminous_coal", "-", 23.6, "TJ/kt"))
    db = FactorDB.with_defaults(params)
    out = run_energy(activity_rows(("DML", 2020, "1.A.2.f", "other_bituminous_coal", 100.0,
                                    "kt")), db)
    co2 = one(out, "1.A.2.f", "other_bituminous_coal", "CO2")
    # 100 kt x 23.6 TJ/kt = 2,360 TJ x 94,600 kg/TJ (Table 1.4) = 223.256 kt: Tier 1 with a
    # national NCV; the row names the most specific layer it used (national)
    assert co2.activity_value == pytest.approx(2360) and co2.value == pytest.approx(223.256)
    assert co2.tier == 1 and co2.factor_layer == "national"
    assert co2.parameter_ids.split(";")[0] == "p0"
    assert "ipcc2006_v2_ch1_table1_4_co2" in co2.parameter_ids
    assert co2.factor_source == "test national; IPCC 2006 Vol.2 Ch.1 Table 1.4"
    assert not_used(params, db, out).empty


def test_tiers_per_gas():
    params = national_parameters(("EF", "1.A.1.a", "natural_gas", "CO2", 55_800, "kg/TJ"),
                                 ("EF", "1.A.1.a", "natural_gas", "CH4", 3.0, "kg/TJ"))
    db = FactorDB.with_defaults(params)
    act = activity_rows(("DML", 2020, "1.A.1.a", "natural_gas", 1000.0),
                        ("DML", 2020, "1.A.1.a", "peat", "NO"))
    # CO2 at Tier 2 (national factor), CH4 and N2O at Tier 1 (defaults; the national CH4
    # factor is not used): the pre-check looks for CH4/N2O at Tier 1, not at the '*' tier
    out = run_energy(act, db, {"1.A.1.a": {"CO2": 2, "*": 1}})
    co2, ch4 = one(out, "1.A.1.a", "natural_gas", "CO2"), one(out, "1.A.1.a", "natural_gas",
                                                             "CH4")
    assert co2.value == pytest.approx(55.8) and co2.tier == 2 and co2.factor_layer == "national"
    assert ch4.value == pytest.approx(0.001) and ch4.tier == 1      # 1,000 TJ x 1 kg/TJ
    assert ch4.factor_layer == "ipcc_default"
    assert one(out, "1.A.1.a", "natural_gas", "N2O").tier == 1
    keyed = out[out.activity == "peat"].set_index("gas")
    assert keyed["tier"].to_dict() == {"CO2": 2, "CH4": 1, "N2O": 1}
    assert list(not_used(params, db, out)["gas"]) == ["CH4"]
    # the other way round: the '*' tier is 2, CH4 and N2O at Tier 1 -- no national CH4/N2O
    # factor needed (a pre-check at the '*' tier would have asked for them)
    out = run_energy(act.iloc[:1], FactorDB.with_defaults(params.iloc[:1]),
                     {"1.A.1.a": {"CH4": 1, "N2O": 1, "*": 2}})
    assert one(out, "1.A.1.a", "natural_gas", "CO2").tier == 2
    assert one(out, "1.A.1.a", "natural_gas", "N2O").value == pytest.approx(0.0001)
    # CH4 at Tier 3 while CO2 is not: facility data are CO2 data
    with pytest.raises(MethodInputError, match="Tier 3 for CH4 in 1.A.1.a while its CO2 is at "
                                               "Tier 1"):
        run_energy(act, db, {"1.A.1.a": {"CH4": 3, "*": 1}})


def test_fugitive_tiers_per_gas():
    db = FactorDB.with_defaults(national_parameters(
        ("EF", "1.B.2.a.iii.2", "oil_production", "CH4", 2.2, "kt/Mm3"),
        ("EF", "1.B.2.a.iii.2", "oil_production", "CO2", 0.1, "kt/Mm3", "ipcc_default")))
    out = run_energy(activity_rows(
        ("DML", 2020, "1.B.2.a.iii.2", "oil_production", 1e6, "m3")), db,
        {"1.B.2": {"CH4": 2, "*": 1}})
    # CH4 at Tier 2: 1 Mm3 x 2.2 kt/Mm3; CO2 at Tier 1 from the row loaded as IPCC default
    ch4, co2 = (one(out, "1.B.2.a.iii.2", "oil_production", g) for g in ("CH4", "CO2"))
    assert (ch4.value, ch4.tier, ch4.factor_layer) == (pytest.approx(2.2), 2, "national")
    assert (co2.value, co2.tier, co2.factor_layer) == (pytest.approx(0.1), 1, "ipcc_default")


def test_background_tables_declared_columns_and_values():
    db = FactorDB.with_defaults(national_parameters(
        ("grid_EF", "*", "electricity", "CO2", 0.8, "t/MWh", "provincial"),
        ("EF", "1.A.1.a", "plant:P2:other_bituminous_coal", "CO2", 92_000, "kg/TJ", "plant")))
    act = activity_rows(
        ("DML", 2022, "1.A", "crude_oil:production", 1000.0),
        ("DML", 2022, "1.A", "crude_oil:imports", 500.0),
        ("DML", 2022, "1.A", "crude_oil:exports", 200.0),
        ("DML", 2022, "1.A", "crude_oil:stock_increase", 100.0),
        ("DML", 2022, "1.A", "electricity:imports", 3.6),
        ("DML", 2022, "1.A.1.a", "other_bituminous_coal", 10_000.0),
        ("DML", 2022, "1.A.1.a", "plant:P2:other_bituminous_coal", 1_000.0))
    em, tables = run_energy(act, db, {"1.A.1.a": 3}, tables=True)
    declared = background_tables()
    assert set(tables) == {RA_TABLE, ELECTRICITY_TABLE, TIER3_TABLE}
    for name, df in tables.items():
        assert list(df.columns) == declared[name].column_names
        assert declared[name].sector == "energy" and declared[name].doc
    # the energy balance gives no emission rows (no memo rows of its own any more)
    assert not em["category"].eq("1.A").any()
    ra = tables[RA_TABLE].iloc[0]
    # crude oil: 1,000 + 500 - 200 - 100 = 1,200 TJ x 20.0 t C/TJ (Table 1.3) = 24 kt C;
    # x 44/12 = 88 kt CO2 (Eq. 6.1, 6.2)
    assert (ra.fuel, ra.apparent_consumption, ra.carbon, ra.co2) == (
        "crude_oil", pytest.approx(1200), pytest.approx(24.0), pytest.approx(88.0))
    assert ra.factor_layer == "ipcc_default" and ra.activity_ids == "t0;t1;t2;t3"
    assert pd.isna(ra.international_bunkers) and pd.isna(ra.nonenergy_use)
    el = tables[ELECTRICITY_TABLE].iloc[0]
    # 3.6 TJ = 1,000 MWh x 0.8 t/MWh = 0.8 kt; the provincial grid factor row is recorded
    assert (el.electricity_mwh, el.indirect_co2, el.factor_layer, el.parameter_ids) == (
        pytest.approx(1000), pytest.approx(0.8), "provincial", "p0")
    t3 = tables[TIER3_TABLE].iloc[0]
    assert (t3.sector_tj, t3.plants_tj, t3.residual_tj, t3.residual_tier) == (
        10_000, 1_000, 9_000, 1)
    # the grid factor is used by a background table only: core.country_parameter_not_used
    # does not report it (nor the plant factor, used by the Tier 3 row)
    params = national_parameters(
        ("grid_EF", "*", "electricity", "CO2", 0.8, "t/MWh", "provincial"),
        ("EF", "1.A.1.a", "plant:P2:other_bituminous_coal", "CO2", 92_000, "kg/TJ", "plant"))
    assert not_used(params, db, em, tables).empty
    assert list(not_used(params, db, em)["parameter"]) == ["grid_EF"]
