"""Reference approach (IPCC 2006 Vol.2 Ch.6) and indirect CO2 of electricity trade: worked
examples by hand from the cited tables, the comparison with the sectoral approach, bad input."""

from pathlib import Path

import numpy as np
import pytest

from inventory.errors import InputError, MethodInputError
from inventory.factors import read_default_table
from sectors.energy.qa import reference_vs_sectoral
from sectors.energy.reference_approach import (
    ELECTRICITY_TABLE,
    RA_TABLE,
    apparent_consumption,
    grid_factors,
    indirect_co2_table,
    reference_approach_by_fuel,
    reference_approach_co2,
)
from tests.conftest import activity_rows, national_parameters
from tests.test_energy_kit import run_energy

DATA = Path(__file__).resolve().parent.parent / "sectors" / "energy" / "data"


def balance(*rows, year=2020, options=None, factors=None, ipcc=None):
    """The energy balance rows' background tables (the method gives no emission rows)."""
    act = activity_rows(*[("DML", year, "1.A", a, v, *u) for a, v, *u in rows])
    em, tables = run_energy(act, factors or ipcc, options=options, tables=True)
    assert em.empty
    return tables


def test_table_1_3_reproduces_table_1_4():
    # CO2 factor = carbon content x 44/12 x 1000, e.g. natural gas 15.3 t C/TJ -> 56,100 kg/TJ
    cc = read_default_table(DATA / "ipcc2006_v2_ch1_table1_3_carbon_content.csv")
    ef = read_default_table(DATA / "ipcc2006_v2_ch1_table1_4_co2.csv")
    both = cc.set_index("activity")["value"].to_frame("cc").join(
        ef.set_index("activity")["value"].rename("ef"))
    assert len(both) == 53 and both["ef"].notna().all()
    np.testing.assert_allclose(both["cc"] * 44 / 12 * 1000, both["ef"], rtol=3e-3)
    assert both.loc["natural_gas", "cc"] * 44 / 12 * 1000 == pytest.approx(56_100)


def test_crude_oil_and_naphtha_worked_example(ipcc_factors):
    out = balance(("crude_oil:production", 1000.0), ("crude_oil:imports", 500.0),
                  ("crude_oil:exports", 200.0), ("crude_oil:stock_increase", 100.0),
                  ("naphtha:imports", 300.0), ("naphtha:nonenergy_use", 100.0),
                  ipcc=ipcc_factors)
    tab = reference_approach_by_fuel(out[RA_TABLE]).set_index("fuel")
    # crude oil: apparent consumption 1,000 + 500 - 200 - 100 = 1,200 TJ (Eq. 6.2)
    # carbon 1,200 TJ x 20.0 t C/TJ (Table 1.3) = 24 kt C; CO2 = 24 x 44/12 = 88 kt (Eq. 6.1)
    crude = tab.loc["crude_oil"]
    assert crude["apparent_consumption"] == pytest.approx(1200)
    assert crude["stock_change"] == pytest.approx(100)
    assert crude["carbon_content"] == pytest.approx(20.0)
    assert crude["carbon"] == pytest.approx(24.0)
    assert crude["co2"] == pytest.approx(88.0)
    # naphtha: 300 TJ x 20.0 = 6 kt C; excluded 100 TJ x 20.0 = 2 kt C (Eq. 6.4);
    # CO2 = (6 - 2) x 44/12 = 14.6667 kt
    naphtha = tab.loc["naphtha"]
    assert naphtha["excluded_carbon"] == pytest.approx(2.0)
    assert naphtha["net_carbon"] == pytest.approx(4.0)
    assert naphtha["co2"] == pytest.approx(4 * 44 / 12)
    # provenance: the Table 1.3 rows and the input rows of each fuel
    rows = out[RA_TABLE].set_index("fuel")
    assert rows.loc["crude_oil", "activity_ids"] == "t0;t1;t2;t3"
    assert rows.loc["naphtha", "parameter_ids"].startswith("ipcc2006_v2_ch1_table1_3_carbon")


def test_national_carbon_content_and_oxidation_and_mass_units(ipcc_factors):
    from inventory.factors import FactorDB

    db = FactorDB.with_defaults(national_parameters(
        ("carbon_content", "1.A", "other_bituminous_coal", "-", 26.0, "t/TJ"),
        ("oxidation", "1.A", "other_bituminous_coal", "-", 0.98, "fraction"),
        ("NCV", "*", "other_bituminous_coal", "-", 23.6, "TJ/kt")))
    out = balance(("other_bituminous_coal:production", 100.0, "kt"), factors=db)
    tab = reference_approach_by_fuel(out[RA_TABLE]).set_index("fuel").loc[
        "other_bituminous_coal"]
    # 100 kt x 23.6 TJ/kt = 2,360 TJ; x 26.0 t C/TJ = 61.36 kt C; x 0.98 x 44/12 = 220.4869 kt
    assert tab["apparent_consumption"] == pytest.approx(2360)
    assert tab["carbon"] == pytest.approx(61.36)
    assert tab["oxidation"] == pytest.approx(0.98)
    assert tab["co2"] == pytest.approx(61.36 * 0.98 * 44 / 12)
    assert reference_approach_co2(61.36, 0.0, 0.98) == pytest.approx(220.48693, rel=1e-6)
    row = out[RA_TABLE].iloc[0]
    assert row.factor_layer == "national" and set(row.parameter_ids.split(";")) == {
        "p0", "p1", "p2"}


def test_equations_scalar():
    assert apparent_consumption(10, 5, 2, 1, 3) == pytest.approx(9)   # 10 + 5 - 2 - 1 - 3
    assert reference_approach_co2(12.0, 2.0) == pytest.approx(10 * 44 / 12)


def test_comparison_with_sectoral_approach_known_difference(ipcc_factors):
    """Gas: reference 1,030 TJ vs sectoral 1,000 TJ -> +3 % (flagged above 2 %);
    coal: reference 1,010 TJ vs sectoral 1,000 TJ -> +1 % (not flagged)."""
    ra = balance(("natural_gas:production", 700.0), ("natural_gas:imports", 330.0),
                 ("other_bituminous_coal:imports", 1010.0), ipcc=ipcc_factors)
    sa = run_energy(activity_rows(
        ("DML", 2020, "1.A.1.a", "natural_gas", 600.0),
        ("DML", 2020, "1.A.4.b", "natural_gas", 400.0),
        ("DML", 2020, "1.A.1.a", "other_bituminous_coal", 1000.0),
        ("DML", 2020, "1.A.3.a.i", "jet_kerosene", 500.0)), ipcc_factors)
    comp = reference_vs_sectoral(ra[RA_TABLE], sa).set_index("group")
    gas = comp.loc["gaseous"]
    # RA CO2: 1,030 TJ x 15.3 t C/TJ x 44/12 = 57.783 kt; SA: 1,000 TJ x 56,100 kg/TJ = 56.1 kt
    assert gas["diff_energy_pct"] == pytest.approx(3.0)
    assert gas["diff_co2_pct"] == pytest.approx((1030 * 15.3 * 44 / 12 / 1000 / 56.1 - 1) * 100)
    assert bool(gas["above_threshold"])
    coal = comp.loc["solid"]
    # RA 1,010 x 25.8 x 44/12 = 95.546 kt vs SA 1,000 x 94,600 = 94.6 kt: +1.0 % both
    assert coal["diff_energy_pct"] == pytest.approx(1.0)
    assert coal["diff_co2_pct"] == pytest.approx((1010 * 25.8 * 44 / 12 / 1e3 / 94.6 - 1) * 100)
    assert not bool(coal["above_threshold"])
    # bunkers (1.A.3.a.i jet kerosene) are a memo item: not in the sectoral energy
    assert comp.loc["total", "sa_energy"] == pytest.approx(2000.0)


def test_bad_input(ipcc_factors):
    with pytest.raises(InputError, match="production of the secondary fuel"):
        balance(("motor_gasoline:production", 10.0), ipcc=ipcc_factors)
    with pytest.raises(InputError, match="unknown flow"):
        balance(("crude_oil:smuggling", 10.0), ipcc=ipcc_factors)
    with pytest.raises(InputError, match="biomass"):
        balance(("wood_wood_waste:imports", 10.0), ipcc=ipcc_factors)
    with pytest.raises(InputError, match="unknown fuel 'unobtainium'"):
        balance(("unobtainium:imports", 10.0), ipcc=ipcc_factors)


def test_indirect_co2_from_electricity_with_published_factor(ipcc_factors):
    # 36 TJ = 10,000 MWh imported x 0.5366 t/MWh (MEE/NBS 2022 national average) = 5.366 kt;
    # 3.6 TJ = 1,000 MWh exported -> -0.5366 kt; net 4.8294 kt
    out = balance(("electricity:imports", 36.0), ("electricity:exports", 3.6), year=2022,
                  options={"grid_factor": {"*": "average:China"}}, ipcc=ipcc_factors)
    t = indirect_co2_table(out[ELECTRICITY_TABLE]).iloc[0]
    assert t["imports_mwh"] == pytest.approx(10_000)
    assert t["imports_kt_co2"] == pytest.approx(5.366)
    assert t["exports_kt_co2"] == pytest.approx(0.5366)
    assert t["net_indirect_kt_co2"] == pytest.approx(4.8294)
    assert "2024-12-20" in t["grid_factor_source"]
    # a provincial factor (Yunnan 2022: 0.1073) for one region
    out = balance(("electricity:imports", 36.0), year=2022,
                  options={"grid_factor": {"DML": "average:Yunnan"}}, ipcc=ipcc_factors)
    assert out[ELECTRICITY_TABLE]["indirect_co2"].iloc[0] == pytest.approx(10_000 * 0.1073 / 1000)


def test_grid_factor_parameter_takes_precedence_and_missing_year_is_an_error(ipcc_factors):
    from inventory.factors import FactorDB

    db = FactorDB.with_defaults(national_parameters(
        ("grid_EF", "*", "electricity", "CO2", 0.8, "t/MWh", "provincial")))
    out = balance(("electricity:imports", 3.6), year=2022, factors=db,
                  options={"grid_factor": {"*": "average:China"}})
    # 1,000 MWh x 0.8 t/MWh
    assert out[ELECTRICITY_TABLE]["indirect_co2"].iloc[0] == pytest.approx(1000 * 0.8 / 1000)
    with pytest.raises(MethodInputError, match=r"no published average grid factor for China "
                                               r"in 2019 \(published years: \[2021, 2022, 2023\]"):
        balance(("electricity:imports", 3.6), year=2019,
                options={"grid_factor": {"*": "average:China"}}, ipcc=ipcc_factors)
    with pytest.raises(MethodInputError, match="no grid emission factor"):
        balance(("electricity:imports", 3.6), year=2022, ipcc=ipcc_factors)


def test_published_grid_factor_table():
    g = grid_factors()
    assert g.duplicated(["scope", "area", "year"]).sum() == 0
    nat = g[(g["scope"] == "average") & (g["area"] == "China")].set_index("year")["value"]
    assert nat.to_dict() == {2021: 0.5568, 2022: 0.5366, 2023: 0.5306}
    assert g["value"].between(0.05, 1.0).all()
