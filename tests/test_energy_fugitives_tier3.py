"""Fugitive emissions (1.B, 1.C) and Tier 3 facility data of fuel combustion: worked examples
by hand from the cited factors, the Tier 3 reconciliation, bad input."""

import numpy as np
import pytest

from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB
from sectors.energy.fuel_combustion import TIER3_TABLE, residual_fuel_use
from sectors.energy.qa import tier3_plants_above_total
from tests.conftest import activity_rows, national_parameters
from tests.test_energy_kit import run_energy


def row(df, cat, act, gas):
    r = df[(df.category == cat) & (df.activity == act) & (df.gas == gas)]
    assert len(r) == 1, (cat, act, gas, len(r))
    return r.iloc[0]


def test_coal_mining_tier1_recovery_and_flaring(ipcc_factors):
    out = run_energy(activity_rows(
        ("DML", 2020, "1.B.1.a.i.1", "coal_production", 1000.0, "kt"),
        ("DML", 2020, "1.B.1.a.i.2", "coal_production", 1000.0, "kt"),
        ("DML", 2020, "1.B.1.a.ii.1", "coal_production", 500.0, "kt"),
        ("DML", 2020, "1.B.1.a.i.1", "ch4_recovered", 1e6, "m3"),
        ("DML", 2020, "1.B.1.a.i.4", "ch4_flared", 1e6, "m3")), ipcc_factors)
    # underground mining: 1,000 kt = 1e6 t x 18 m3/t x 0.67e-6 kt/m3 = 12.06 kt CH4 (Eq. 4.1.3)
    mining = row(out, "1.B.1.a.i.1", "coal_production", "CH4")
    assert mining.value == pytest.approx(12.06)
    assert mining.ief == pytest.approx(12.06)            # kg CH4 per t of coal
    assert mining.equation.endswith("Eq. 4.1.3") and mining.tier == 1
    # post-mining: 1e6 t x 2.5 m3/t x 0.67e-6 = 1.675 kt (Eq. 4.1.4)
    assert row(out, "1.B.1.a.i.2", "coal_production", "CH4").value == pytest.approx(1.675)
    # surface: 5e5 t x 1.2 m3/t x 0.67e-6 = 0.402 kt (Eq. 4.1.7)
    assert row(out, "1.B.1.a.ii.1", "coal_production", "CH4").value == pytest.approx(0.402)
    # recovered 1e6 m3 x 0.67e-6 = 0.67 kt, subtracted
    assert row(out, "1.B.1.a.i.1", "ch4_recovered", "CH4").value == pytest.approx(-0.67)
    # flared 0.67 kt CH4: CO2 0.67 x 0.98 x 44/16 = 1.80565 kt; unburnt CH4 0.67 x 0.02 = 0.0134
    assert row(out, "1.B.1.a.i.4", "ch4_flared", "CO2").value == pytest.approx(1.80565)
    assert row(out, "1.B.1.a.i.4", "ch4_flared", "CH4").value == pytest.approx(0.0134)
    net = out[out.category == "1.B.1.a.i.1"]["value"].sum()
    assert net == pytest.approx(12.06 - 0.67)


def test_oil_and_gas_by_throughput_and_measured():
    db = FactorDB.with_defaults(national_parameters(
        ("EF", "1.B.2.b.iii.2", "gas_production", "CH4", 2.8e-3, "kt/Mm3"),
        ("EF", "1.B.2.b.iii.2", "gas_production", "CO2", 9.0e-5, "kt/Mm3")))
    out = run_energy(activity_rows(
        ("DML", 2020, "1.B.2.b.iii.2", "gas_production", 2e9, "m3"),
        ("DML", 2020, "1.B.1.a.i.3", "CH4", 9.5, "kt"),
        ("DML", 2020, "1.C.1.a", "CO2", 0.3, "kt"),
        ("DML", 2020, "1.C.1.a", "co2_transported", 500.0, "kt"),
        ("DML", 2020, "1.C", "co2_captured:domestic_storage", 500.0, "kt")), db,
        {"1.B.2": 2})
    # 2e9 m3 = 2,000 Mm3 x 2.8e-3 kt/Mm3 = 5.6 kt CH4; x 9.0e-5 = 0.18 kt CO2 (Eq. 4.2.1)
    assert row(out, "1.B.2.b.iii.2", "gas_production", "CH4").value == pytest.approx(5.6)
    assert row(out, "1.B.2.b.iii.2", "gas_production", "CO2").value == pytest.approx(0.18)
    assert row(out, "1.B.2.b.iii.2", "gas_production", "CH4").factor_layer == "national"
    abandoned = row(out, "1.B.1.a.i.3", "CH4", "CH4")
    assert abandoned.value == pytest.approx(9.5) and abandoned.tier == 3
    leak = row(out, "1.C.1.a", "CO2", "CO2")
    # leakage 0.3 kt of 500 kt transported: IEF 0.3 / 500 = 600 kg/kt
    assert leak.activity_value == pytest.approx(500) and leak.ief == pytest.approx(600)
    captured = row(out, "1.C", "co2_captured:domestic_storage", "CO2")
    assert captured.memo and captured.value == pytest.approx(500)


def test_oil_and_gas_tier1_takes_table_rows_loaded_as_ipcc_default():
    # A row of the Parameters sheet with layer 'ipcc_default' keyed by the plain segment id
    # comes before the shipped Table 4.2.4/4.2.5 rows (keyed <segment>@developed|developing).
    # The numbers below are test inputs, not the table's values.
    db = FactorDB.with_defaults(national_parameters(
        ("EF", "1.B.2.b", "gas_production", "CH4", 1.0e-3, "kt/Mm3", "ipcc_default"),
        ("EF", "1.B.2.b.iii.2", "gas_production", "CH4", 4.0e-3, "kt/Mm3")))
    out = run_energy(activity_rows(
        ("DML", 2020, "1.B.2.b.iii.2", "gas_production", 5e8, "m3")), db)
    # Tier 1 ignores the national row: 500 Mm3 x 1.0e-3 kt/Mm3 = 0.5 kt CH4
    r = row(out, "1.B.2.b.iii.2", "gas_production", "CH4")
    assert r.value == pytest.approx(0.5)
    assert r.tier == 1 and r.factor_layer == "ipcc_default"
    assert len(out) == 1


def test_fugitive_bad_input(ipcc_factors):
    with pytest.raises(InputError, match=r"no EF .* at Tier 1 for gas_production in "
                                         r"1.B.2.b.iii.2"):
        run_energy(activity_rows(
            ("DML", 2020, "1.B.2.b.iii.2", "gas_production", 1e6, "m3")), ipcc_factors)
    with pytest.raises(InputError, match="activity 'coal_production' in category 1.B.2.a.i"):
        run_energy(activity_rows(
            ("DML", 2020, "1.B.2.a.i", "coal_production", 1.0, "kt")), ipcc_factors)
    with pytest.raises(MethodInputError, match=r"EF CH4 at Tier 2 \(layers national, "
                                               r"provincial, plant\) for coal_production in "
                                               r"1.B.1.a.i.1"):
        run_energy(activity_rows(
            ("DML", 2020, "1.B.1.a.i.1", "coal_production", 1.0, "kt")), ipcc_factors,
            {"1.B.1": 2})


def tier3_activity():
    return activity_rows(
        ("DML", 2020, "1.A.1.a", "other_bituminous_coal", 10_000.0),
        ("DML", 2020, "1.A.1.a", "plant:P1:other_bituminous_coal", 4_000.0),
        ("DML", 2020, "1.A.1.a", "plant:P1:other_bituminous_coal:CO2", 380.0, "kt"),
        ("DML", 2020, "1.A.1.a", "plant:P2:other_bituminous_coal", 1_000.0),
        ("DML", 2020, "1.A.1.a", "natural_gas", 500.0))


def test_tier3_reconciliation_worked_example():
    db = FactorDB.with_defaults(national_parameters(
        ("EF", "1.A.1.a", "plant:P2:other_bituminous_coal", "CO2", 92_000, "kg/TJ", "plant")))
    out, tables = run_energy(tier3_activity(), db, {"1.A.1.a": 3}, tables=True)
    co2 = row(out, "1.A.1.a", "other_bituminous_coal", "CO2")
    # sectoral 10,000 TJ; plants P1 4,000 TJ (verified 380 kt) and P2 1,000 TJ (plant factor
    # 92,000 kg/TJ -> 92 kt); residual 10,000 - 5,000 = 5,000 TJ at Tier 1 (residual tier
    # default): 5,000 x 94,600 kg/TJ = 473 kt. Total 380 + 92 + 473 = 945 kt over 10,000 TJ
    assert co2.value == pytest.approx(945.0)
    assert co2.activity_value == pytest.approx(10_000)
    assert co2.tier == 3 and "Tier 3" in co2.equation and "Tier 1" in co2.equation
    assert set(co2.activity_ids.split(";")) == {"t0", "t1", "t2", "t3"}
    # the row names the most specific layer it used (the plants' data) and every factor row
    assert co2.factor_layer == "plant"
    assert set(co2.parameter_ids.split(";")) == {"ipcc2006_v2_ch1_table1_4_co2:33", "p0"}
    rec = tables[TIER3_TABLE].set_index("fuel").loc["other_bituminous_coal"]
    assert (rec.sector_tj, rec.plants_tj, rec.n_plants, rec.residual_tj) == (10_000, 5_000, 2,
                                                                            5_000)
    # CH4 of all 10,000 TJ at the residual tier: 10,000 x 1 kg/TJ (Table 2.2) = 0.01 kt
    ch4 = row(out, "1.A.1.a", "other_bituminous_coal", "CH4")
    assert ch4.value == pytest.approx(0.01) and ch4.tier == 1
    # natural gas without plant data: all at the residual tier
    assert row(out, "1.A.1.a", "natural_gas", "CO2").value == pytest.approx(500 * 0.0561)
    # nothing counted twice: the activity of all rows is the sectoral total
    assert out.groupby("activity")["activity_value"].max()["other_bituminous_coal"] == 10_000


def test_tier3_residual_at_tier2_and_plants_above_total():
    db = FactorDB.with_defaults(national_parameters(
        ("carbon_content", "1.A.1.a", "other_bituminous_coal", "-", 26.0, "t/TJ"),
        ("EF", "1.A.1.a", "other_bituminous_coal", "CH4", 0.9, "kg/TJ"),
        ("EF", "1.A.1.a", "other_bituminous_coal", "N2O", 1.6, "kg/TJ"),
        ("EF", "1.A.1.a", "plant:P2:other_bituminous_coal", "CO2", 92_000, "kg/TJ", "plant")))
    out = run_energy(tier3_activity()[lambda d: d.activity != "natural_gas"], db,
                     {"1.A.1.a": 3}, {"tier3_residual_tier": {"1.A.1.a": 2}})
    # residual 5,000 TJ x 26.0 t C/TJ x 44/12 = 476.667 kt; + 380 + 92
    assert row(out, "1.A.1.a", "other_bituminous_coal", "CO2").value == pytest.approx(
        380 + 92 + 5000 * 26.0 * 44 / 12 / 1000)
    assert row(out, "1.A.1.a", "other_bituminous_coal", "CH4").tier == 2
    # plants above the sectoral total: 4,000 + 1,000 TJ of plants vs 4,500 TJ of statistics
    act = tier3_activity()
    act.loc[act.activity == "other_bituminous_coal", "value"] = 4_500.0
    out, tables = run_energy(act, db, {"1.A.1.a": 3}, tables=True)
    flagged = tier3_plants_above_total(tables[TIER3_TABLE])
    assert len(flagged) == 1
    f = flagged.iloc[0]
    assert f["sector_tj"] == 4500 and f["plants_tj"] == 5000 and f["plants"] == "P1, P2"
    assert (f["region"], f["category"], f["activity"]) == ("DML", "1.A.1.a",
                                                          "other_bituminous_coal")
    assert "test row 2" in f["source_ref"] and "test row 4" in f["source_ref"]
    # the emissions then use the plants' 5,000 TJ as the total (residual 0), nothing dropped
    assert row(out, "1.A.1.a", "other_bituminous_coal", "CO2").value == pytest.approx(472.0)
    total, residual = residual_fuel_use([4500.0, np.nan], [5000.0, 20.0])
    assert list(total) == [5000.0, 20.0] and list(residual) == [0.0, 0.0]


def test_tier3_bad_input(ipcc_factors):
    with pytest.raises(MethodInputError, match=r"plant data 'plant:P1:other_bituminous_coal' "
                                               r"in 1.A.1.a, whose tier is 1"):
        run_energy(tier3_activity(), ipcc_factors)
    with pytest.raises(MethodInputError, match=r"EF CO2 at Tier 3 \(layers national, "
                                               r"provincial, plant\) for "
                                               r"plant:P2:other_bituminous_coal in 1.A.1.a"):
        run_energy(tier3_activity(), ipcc_factors, {"1.A.1.a": 3})
    lonely = activity_rows(("DML", 2020, "1.A.1.a", "plant:P9:natural_gas:CO2", 1.0, "kt"))
    with pytest.raises(InputError, match="verified CO2 of plant P9 .* without the plant's fuel"):
        run_energy(lonely, ipcc_factors, {"1.A.1.a": 3})


def test_fuel_without_factor_at_chosen_tier_names_fuel_and_category(ipcc_factors):
    with pytest.raises(MethodInputError, match=r"missing 2 parameter\(s\): EF CH4 at Tier 2 "
                                               r"\(layers national, provincial, plant\) for "
                                               r"residual_fuel_oil in 1.A.2.c, .* \| EF N2O "
                                               r"at Tier 2"):
        run_energy(activity_rows(
            ("DML", 2020, "1.A.2.c", "residual_fuel_oil", 10.0)),
            FactorDB.with_defaults(national_parameters(
                ("EF", "1.A.2.c", "residual_fuel_oil", "CO2", 77_000, "kg/TJ"))),
            {"1.A.2": 2})
