"""Road transport CH4/N2O by vehicle technology at Tier 1: the IPCC 2006 Vol.2 Ch.3 Table 3.2.2
technology rows (p. 3.21) shipped as technology parts ``motor_gasoline:<technology>`` of the
road gasoline row, worked by hand; provenance; an unknown technology stays an error."""

from pathlib import Path

import pandas as pd
import pytest

from inventory.errors import Location, MethodInputError
from inventory.factors import read_default_table
from tests.conftest import activity_rows
from tests.test_energy_kit import run_energy

MOBILE = (Path(__file__).resolve().parent.parent / "sectors" / "energy" / "data"
          / "ipcc2006_v2_ch3_mobile_ch4_n2o.csv")
OXCAT = "motor_gasoline:oxidation_catalyst"
LOWMIL = "motor_gasoline:low_mileage_ldv_1995_or_later"


def row(df, cat, act, gas):
    r = df[(df.category == cat) & (df.activity == act) & (df.gas == gas)]
    assert len(r) == 1
    return r.iloc[0]


def table_row(activity, gas):
    df = read_default_table(MOBILE)
    r = df[(df.category == "1.A.3.b") & (df.activity == activity) & (df.gas == gas)]
    assert len(r) == 1
    return r.iloc[0]


@pytest.mark.parametrize(("activity", "gas", "value"), [
    (OXCAT, "CH4", 25.0), (OXCAT, "N2O", 8.0), (LOWMIL, "CH4", 3.8), (LOWMIL, "N2O", 5.7)])
def test_table_3_2_2_technology_rows(activity, gas, value):
    r = table_row(activity, gas)
    assert r.value == value and r.unit == "kg/TJ" and r.layer == "ipcc_default"
    assert r.source == "IPCC 2006 Vol.2 Ch.3 Table 3.2.2"
    # ranges not verified: left empty
    assert pd.isna(r.lower) and pd.isna(r.upper)


def test_header_says_source_and_verification():
    header = "\n".join(ln for ln in MOBILE.read_text(encoding="utf-8").splitlines()
                       if ln.startswith("#"))
    assert "Table 3.2.2" in header and "p. 3.21" in header
    assert OXCAT in header and LOWMIL in header
    assert "ranges were NOT verified" in header


def test_oxidation_catalyst_tier1(ipcc_factors):
    out = run_energy(activity_rows(
        ("DML", 2020, "1.A.3.b.i", "motor_gasoline", 1000.0),
        ("DML", 2020, "1.A.3.b.i", OXCAT, 1000.0)), ipcc_factors)
    # CH4: 1,000 TJ x 25 kg/TJ = 25,000 kg = 25 t = 0.025 kt (remainder 0 TJ at 33 kg/TJ)
    ch4 = row(out, "1.A.3.b.i", "motor_gasoline", "CH4")
    assert ch4.value == pytest.approx(0.025)
    assert ch4.activity_value == pytest.approx(1000) and ch4.ief == pytest.approx(25)
    # N2O: 1,000 TJ x 8.0 kg/TJ = 8,000 kg = 8 t = 0.008 kt
    n2o = row(out, "1.A.3.b.i", "motor_gasoline", "N2O")
    assert n2o.value == pytest.approx(0.008)
    # CO2 from the whole fuel at Table 1.4: 1,000 TJ x 69,300 kg/TJ = 69.3 kt
    assert row(out, "1.A.3.b.i", "motor_gasoline", "CO2").value == pytest.approx(69.3)
    # provenance: Tier 1, IPCC default layer, Table 3.2.2, the technology row's id, Eq. 3.2.3
    for r in (ch4, n2o):
        assert r.tier == 1 and r.factor_layer == "ipcc_default"
        assert r.factor_source == "IPCC 2006 Vol.2 Ch.3 Table 3.2.2"
        assert "Eq. 3.2.3" in r.equation and OXCAT in r.equation
    assert table_row(OXCAT, "CH4").parameter_id in ch4.parameter_ids.split(";")
    assert table_row(OXCAT, "N2O").parameter_id in n2o.parameter_ids.split(";")


def test_mixed_fleet_tier1(ipcc_factors):
    out = run_energy(activity_rows(
        ("DML", 2021, "1.A.3.b.i", "motor_gasoline", 1000.0),
        ("DML", 2021, "1.A.3.b.i", OXCAT, 300.0),
        ("DML", 2021, "1.A.3.b.i", LOWMIL, 500.0),
        ("DML", 2021, "1.A.3.b.iii", "gas_diesel_oil", 200.0)), ipcc_factors)
    # CH4 = 300 x 25 + 500 x 3.8 + 200 (uncontrolled remainder) x 33
    #     = 7,500 + 1,900 + 6,600 = 16,000 kg = 0.016 kt
    ch4 = row(out, "1.A.3.b.i", "motor_gasoline", "CH4")
    assert ch4.value == pytest.approx(0.016) and ch4.ief == pytest.approx(16)
    # N2O = 300 x 8.0 + 500 x 5.7 + 200 x 3.2 = 2,400 + 2,850 + 640 = 5,890 kg = 0.00589 kt
    n2o = row(out, "1.A.3.b.i", "motor_gasoline", "N2O")
    assert n2o.value == pytest.approx(0.00589)
    assert LOWMIL in n2o.equation and OXCAT in n2o.equation
    ids = set(n2o.parameter_ids.split(";"))
    assert {table_row(OXCAT, "N2O").parameter_id, table_row(LOWMIL, "N2O").parameter_id,
            table_row("motor_gasoline", "N2O").parameter_id} <= ids
    # the unsplit diesel row: 200 TJ x 3.9 kg/TJ = 780 kg = 0.00078 kt
    assert row(out, "1.A.3.b.iii", "gas_diesel_oil", "CH4").value == pytest.approx(0.00078)


def test_unknown_technology_is_an_error(ipcc_factors):
    act = activity_rows(("DML", 2020, "1.A.3.b.ii", "motor_gasoline", 1000.0),
                        ("DML", 2020, "1.A.3.b.ii", "motor_gasoline:hydrogen_fairy", 100.0))
    where = str(Location("demoland.xlsx", "Energy", 14, "H (2020)"))
    act.loc[1, "source_ref"] = where
    with pytest.raises(MethodInputError, match=r"EF CH4 at Tier 1 \(layers ipcc_default\) "
                                               r"for motor_gasoline:hydrogen_fairy in "
                                               r"1.A.3.b.ii") as e:
        run_energy(act, ipcc_factors)
    assert str(e.value).startswith("file demoland.xlsx, sheet 'Energy', row 14, column "
                                   "'H (2020)': ")


def test_technology_outside_road_is_an_error(ipcc_factors):
    # Table 3.2.2 is road transport: no default for an oxidation catalyst in off-road machinery
    with pytest.raises(MethodInputError, match=rf"EF CH4 at Tier 1 \(layers ipcc_default\) "
                                               rf"for {OXCAT} in 1.A.4.c.ii"):
        run_energy(activity_rows(
            ("DML", 2020, "1.A.4.c.ii", "motor_gasoline", 100.0),
            ("DML", 2020, "1.A.4.c.ii", OXCAT, 10.0)), ipcc_factors)
