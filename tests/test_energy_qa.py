"""Energy QA checks report the rows involved: implied CO2 factors outside the IPCC range and
year-on-year jumps (reference vs sectoral and Tier 3 plants: test_energy_reference_approach.py,
test_energy_fugitives_tier3.py); the checks and products are registered for every run."""

import pytest

from inventory.checks import registered_checks
from inventory.factors import FactorDB
from inventory.products import report_products
from sectors.energy.qa import implied_co2_outside_range, year_on_year_jumps
from tests.conftest import activity_rows, national_parameters
from tests.test_energy_kit import run_energy


def test_implied_co2_factor_outside_table_1_4_range():
    db = FactorDB.with_defaults(national_parameters(
        ("EF", "1.A.1.a", "other_bituminous_coal", "CO2", 120_000, "kg/TJ"),
        ("EF", "1.A.1.a", "other_bituminous_coal", "CH4", 1, "kg/TJ"),
        ("EF", "1.A.1.a", "other_bituminous_coal", "N2O", 1.5, "kg/TJ")))
    em = run_energy(activity_rows(
        ("R1", 2020, "1.A.1.a", "other_bituminous_coal", 600.0),
        ("R2", 2020, "1.A.1.a", "other_bituminous_coal", 400.0),
        ("R1", 2020, "1.A.2.c", "other_bituminous_coal", 100.0)), db, {"1.A.1.a": 2})
    out = implied_co2_outside_range(em, db)
    # 1.A.1.a: 1,000 TJ x 120,000 kg/TJ -> IEF 120,000 > upper 99,700 (Table 1.4): flagged, with
    # the activity rows of both regions; 1.A.2.c at the default 94,600 is inside the range
    assert len(out) == 1
    r = out.iloc[0]
    assert r["category"] == "1.A.1.a" and r["ief"] == pytest.approx(120_000)
    assert r["ipcc_upper"] == pytest.approx(99_700)
    assert set(r["activity_ids"].split(";")) == {"t0", "t1"}


def test_year_on_year_jump_above_30_percent(ipcc_factors):
    em = run_energy(activity_rows(
        ("R1", 2020, "1.A.4.b", "natural_gas", 100.0),
        ("R1", 2021, "1.A.4.b", "natural_gas", 200.0),
        ("R1", 2022, "1.A.4.b", "natural_gas", 210.0)), ipcc_factors)
    jumps = year_on_year_jumps(em, min_kt=0)
    # 2020 -> 2021: +100 % for CO2, CH4 and N2O (flagged); 2021 -> 2022: +5 % (not flagged)
    assert sorted(jumps["gas"]) == ["CH4", "CO2", "N2O"]
    assert set(jumps["year"]) == {2021}
    co2 = jumps[jumps["gas"] == "CO2"].iloc[0]
    assert co2["change"] == pytest.approx(1.0)
    assert co2["previous_value"] == pytest.approx(100 * 0.0561)     # 100 TJ x 56,100 kg/TJ
    assert co2["activity_ids"] == "t1" and co2["previous_activity_ids"] == "t0"


def test_checks_and_products_are_registered():
    checks = {c.name: c for c in registered_checks() if c.sector == "energy"}
    assert set(checks) == {"energy.implied_co2_outside_ipcc_range",
                           "energy.reference_vs_sectoral_above_2pct",
                           "energy.tier3_plants_above_sectoral_total",
                           "energy.year_on_year_jumps",
                           # the energy balance table (sectors/energy/balance_checks.py)
                           "energy.balance_not_closing",
                           "energy.balance_transformation_outputs_exceed_inputs",
                           "energy.balance_nonenergy_above_industry"}
    assert {c.stage for c in checks.values() if ".balance_" not in c.name} == {"emissions"}
    assert {c.stage for c in checks.values() if ".balance_" in c.name} == {"intake"}
    products = {p.name: p.filename for p in report_products(sector="energy")}
    assert products == {"energy.indirect_co2_electricity": "indirect_co2_electricity.csv",
                        "energy.reference_vs_sectoral": "energy_reference_vs_sectoral.csv",
                        "energy.balance_mapped": "energy_balance_mapped.csv",
                        "energy.balance_transformation": "energy_balance_transformation.csv"}


def test_registered_checks_return_the_offending_rows_with_their_keys(ipcc_factors):
    from inventory.products import RunContext

    # reference approach: gas 1,030 TJ against 1,000 TJ in the sectoral approach (+3 %);
    # Tier 3: plants 1,200 TJ above the sectoral 1,000 TJ of coal in 1.A.1.a
    em, tables = run_energy(activity_rows(
        ("DML", 2020, "1.A", "natural_gas:production", 1030.0),
        ("DML", 2020, "1.A.4.b", "natural_gas", 1000.0),
        ("DML", 2020, "1.A.1.a", "other_bituminous_coal", 1000.0),
        ("DML", 2020, "1.A.1.a", "plant:P1:other_bituminous_coal", 1200.0),
        ("DML", 2020, "1.A.1.a", "plant:P1:other_bituminous_coal:CO2", 110.0, "kt")),
        ipcc_factors, {"1.A.1.a": 3}, tables=True)
    ctx = RunContext(None, em.iloc[:0], em.iloc[:0], ipcc_factors, em, tables)
    checks = {c.name: c for c in registered_checks("emissions") if c.sector == "energy"}
    ra = checks["energy.reference_vs_sectoral_above_2pct"].find(ctx)
    gas = ra[ra["group"] == "gaseous"].iloc[0]
    assert (gas["year"], gas["category"], gas["gas"]) == (2020, "1.A", "CO2")
    assert gas["diff_energy_pct"] == pytest.approx(3.0)
    plants = checks["energy.tier3_plants_above_sectoral_total"].find(ctx)
    assert len(plants) == 1
    p = plants.iloc[0]
    assert (p["region"], p["year"], p["category"], p["activity"]) == (
        "DML", 2020, "1.A.1.a", "other_bituminous_coal")
    assert (p["sector_tj"], p["plants_tj"], p["source_ref"]) == (1000, 1200, "test row 4")
