"""Mobile combustion splits: road CH4/N2O by vehicle technology and domestic aviation by
flight phase (LTO/cruise), worked by hand; bad input."""

import pytest

from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB
from sectors.energy.fuel_combustion import remainder_fuel_use
from tests.conftest import activity_rows, national_parameters
from tests.test_energy_kit import run_energy


def row(df, cat, act, gas):
    r = df[(df.category == cat) & (df.activity == act) & (df.gas == gas)]
    assert len(r) == 1
    return r.iloc[0]


@pytest.fixture(scope="module")
def db():
    return FactorDB.with_defaults(national_parameters(
        ("EF", "1.A.3.b", "motor_gasoline", "CO2", 69_300, "kg/TJ"),
        ("EF", "1.A.3.b", "motor_gasoline", "CH4", 33, "kg/TJ"),
        ("EF", "1.A.3.b", "motor_gasoline", "N2O", 3.2, "kg/TJ"),
        ("EF", "1.A.3.b", "motor_gasoline:three_way_catalyst", "CH4", 10, "kg/TJ"),
        ("EF", "1.A.3.b", "motor_gasoline:three_way_catalyst", "N2O", 5, "kg/TJ"),
        ("EF", "1.A.3.a", "jet_kerosene", "CO2", 71_500, "kg/TJ"),
        ("EF", "1.A.3.a", "jet_kerosene", "CH4", 0.1, "kg/TJ"),
        ("EF", "1.A.3.a", "jet_kerosene", "N2O", 2.0, "kg/TJ"),
        ("EF", "1.A.3.a", "jet_kerosene:lto", "CH4", 2.6, "kg/TJ"),
        ("EF", "1.A.3.a", "jet_kerosene:lto", "N2O", 2.1, "kg/TJ")))


def test_road_by_technology(db):
    out = run_energy(activity_rows(
        ("DML", 2020, "1.A.3.b.i", "motor_gasoline", 1000.0),
        ("DML", 2020, "1.A.3.b.i", "motor_gasoline:three_way_catalyst", 600.0),
        ("DML", 2020, "1.A.3.b.iii", "gas_diesel_oil", 100.0)), db, {"1.A.3.b.i": 2})
    # CO2 from the whole fuel: 1,000 TJ x 69,300 kg/TJ = 69.3 kt
    assert row(out, "1.A.3.b.i", "motor_gasoline", "CO2").value == pytest.approx(69.3)
    # CH4: 600 TJ x 10 + 400 TJ x 33 kg/TJ = 19,200 kg = 0.0192 kt
    ch4 = row(out, "1.A.3.b.i", "motor_gasoline", "CH4")
    assert ch4.value == pytest.approx(0.0192) and ch4.activity_value == pytest.approx(1000)
    assert "three_way_catalyst" in ch4.equation and ch4.tier == 2
    # N2O: 600 x 5 + 400 x 3.2 = 4,280 kg = 0.00428 kt
    assert row(out, "1.A.3.b.i", "motor_gasoline", "N2O").value == pytest.approx(0.00428)
    # the unsplit diesel row (Tier 1): 100 TJ x 3.9 kg/TJ (Table 3.2.2) = 0.00039 kt
    assert row(out, "1.A.3.b.iii", "gas_diesel_oil", "CH4").value == pytest.approx(0.00039)
    assert list(remainder_fuel_use([1000.0], [600.0])) == [400.0]


def test_aviation_lto_cruise(db):
    out = run_energy(activity_rows(
        ("DML", 2020, "1.A.3.a.ii", "jet_kerosene", 10.0, "kt"),
        ("DML", 2020, "1.A.3.a.ii", "jet_kerosene:lto", 2.0, "kt")), db, {"1.A.3.a": 2})
    # 10 kt x 44.1 TJ/kt (Table 1.2) = 441 TJ; LTO 2 kt = 88.2 TJ, cruise 352.8 TJ
    # CH4 = 88.2 x 2.6 + 352.8 x 0.1 = 264.6 kg = 0.0002646 kt
    # N2O = 88.2 x 2.1 + 352.8 x 2.0 = 890.82 kg; CO2 = 441 x 71,500 kg = 31.5315 kt
    assert row(out, "1.A.3.a.ii", "jet_kerosene", "CH4").value == pytest.approx(0.0002646)
    assert row(out, "1.A.3.a.ii", "jet_kerosene", "N2O").value == pytest.approx(0.00089082)
    assert row(out, "1.A.3.a.ii", "jet_kerosene", "CO2").value == pytest.approx(31.5315)


def test_split_bad_input(db, ipcc_factors):
    with pytest.raises(InputError, match="add up to 1200 TJ, more than the motor_gasoline "
                                         "total of 1000 TJ in 1.A.3.b.i"):
        run_energy(activity_rows(
            ("DML", 2020, "1.A.3.b.i", "motor_gasoline", 1000.0),
            ("DML", 2020, "1.A.3.b.i", "motor_gasoline:three_way_catalyst", 1200.0)), db,
            {"1.A.3.b.i": 2})
    with pytest.raises(InputError, match="without a row for jet_kerosene"):
        run_energy(activity_rows(
            ("DML", 2020, "1.A.3.a.ii", "jet_kerosene:lto", 2.0)), db, {"1.A.3.a": 2})
    # no IPCC default for a technology: a clear error naming the part and the category
    with pytest.raises(MethodInputError, match=r"EF CH4 at Tier 1 \(layers ipcc_default\) "
                                               r"for motor_gasoline:three_way_catalyst in "
                                               r"1.A.3.b.i"):
        run_energy(activity_rows(
            ("DML", 2020, "1.A.3.b.i", "motor_gasoline", 1000.0),
            ("DML", 2020, "1.A.3.b.i", "motor_gasoline:three_way_catalyst", 600.0)),
            ipcc_factors)
