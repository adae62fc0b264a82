"""Fuel combustion: worked examples by hand from the cited IPCC 2006 default tables."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB
from sectors.energy.fuel_combustion import (
    co2_factor_from_carbon_content,
    fuel_combustion_emissions,
)
from tests.conftest import activity_rows, national_parameters
from tests.test_energy_kit import compute_energy, run_energy
from tests.tiers import examples


def em(df, cat, fuel, gas):
    r = df[(df.category == cat) & (df.activity == fuel) & (df.gas == gas)]
    assert len(r) == 1
    return r.iloc[0]


def test_natural_gas_power_tier1(ipcc_factors):
    out = run_energy(
        activity_rows(("DML", 2020, "1.A.1.a", "natural_gas", 1000.0)), ipcc_factors)
    # 1,000 TJ x 56,100 kg CO2/TJ (Vol.2 Ch.1 Table 1.4) = 56.1e6 kg = 56.1 kt CO2
    co2 = em(out, "1.A.1.a", "natural_gas", "CO2")
    assert co2.value == pytest.approx(56.1)
    assert co2.ief == pytest.approx(56_100) and co2.tier == 1
    assert co2.factor_source == "IPCC 2006 Vol.2 Ch.1 Table 1.4"
    assert co2.equation == "IPCC 2006 Vol.2 Ch.2 Eq. 2.1"
    # CH4: 1,000 TJ x 1 kg/TJ (Table 2.2) = 0.001 kt; N2O: 1,000 x 0.1 kg/TJ = 0.0001 kt
    assert em(out, "1.A.1.a", "natural_gas", "CH4").value == pytest.approx(0.001)
    assert em(out, "1.A.1.a", "natural_gas", "N2O").value == pytest.approx(0.0001)


def test_coal_in_mass_units_uses_ncv(ipcc_factors):
    out = run_energy(
        activity_rows(("DML", 2020, "1.A.2.f", "other_bituminous_coal", 100.0, "kt")),
        ipcc_factors)
    # 100 kt x 25.8 TJ/kt (Table 1.2) = 2,580 TJ
    # CO2: 2,580 TJ x 94,600 kg/TJ (Table 1.4) = 244.068 kt
    # CH4: 2,580 x 10 kg/TJ (Table 2.3) = 0.0258 kt; N2O: 2,580 x 1.5 = 0.00387 kt
    co2 = em(out, "1.A.2.f", "other_bituminous_coal", "CO2")
    assert co2.activity_value == pytest.approx(2580.0)
    assert co2.value == pytest.approx(244.068)
    assert em(out, "1.A.2.f", "other_bituminous_coal", "CH4").value == pytest.approx(0.0258)
    assert em(out, "1.A.2.f", "other_bituminous_coal", "N2O").value == pytest.approx(0.00387)
    assert "ipcc2006_v2_ch1_table1_2_ncv" in co2.parameter_ids


def test_residential_wood_co2_is_memo(ipcc_factors):
    out = run_energy(
        activity_rows(("DML", 2020, "1.A.4.b", "wood_wood_waste", 1000.0)), ipcc_factors)
    # CO2: 1,000 TJ x 112,000 kg/TJ (Table 1.4) = 112 kt, memo item only
    # CH4: 1,000 x 300 kg/TJ (Table 2.5) = 0.3 kt; N2O: 1,000 x 4 = 0.004 kt
    co2 = em(out, "1.A.4.b", "wood_wood_waste", "CO2")
    assert co2.value == pytest.approx(112.0) and bool(co2.memo)
    ch4 = em(out, "1.A.4.b", "wood_wood_waste", "CH4")
    assert ch4.value == pytest.approx(0.3) and not bool(ch4.memo)
    assert em(out, "1.A.4.b", "wood_wood_waste", "N2O").value == pytest.approx(0.004)


def test_road_gasoline_uses_mobile_tables(ipcc_factors):
    out = run_energy(
        activity_rows(("DML", 2020, "1.A.3.b.i", "motor_gasoline", 1000.0)), ipcc_factors)
    # CO2 1,000 x 69,300 (Table 1.4 = Table 3.2.1) = 69.3 kt, Eq. 3.2.1
    # CH4 1,000 x 33 kg/TJ (Table 3.2.2, uncontrolled) = 0.033 kt; N2O 1,000 x 3.2 = 0.0032 kt
    co2 = em(out, "1.A.3.b.i", "motor_gasoline", "CO2")
    assert co2.value == pytest.approx(69.3) and co2.equation.endswith("Eq. 3.2.1")
    ch4 = em(out, "1.A.3.b.i", "motor_gasoline", "CH4")
    assert ch4.value == pytest.approx(0.033) and ch4.equation.endswith("Eq. 3.2.3")
    assert em(out, "1.A.3.b.i", "motor_gasoline", "N2O").value == pytest.approx(0.0032)


def test_tier2_carbon_content_and_oxidation():
    params = national_parameters(
        ("carbon_content", "1.A.1.a", "other_bituminous_coal", "-", 26.18, "t/TJ"),
        ("oxidation", "1.A.1.a", "other_bituminous_coal", "-", 0.98, "fraction"),
        ("EF", "1.A.1.a", "other_bituminous_coal", "CH4", 0.9, "kg/TJ"),
        ("EF", "1.A.1.a", "other_bituminous_coal", "N2O", 1.6, "g/GJ"),
    )
    db = FactorDB.with_defaults(params)
    out = run_energy(
        activity_rows(("DML", 2020, "1.A.1.a", "other_bituminous_coal", 1000.0)), db,
        {"1.A.1.a": 2})
    # EF = 26.18 t C/TJ x 0.98 x 44/12 x 1000 = 94,073.47 kg CO2/TJ -> 1,000 TJ: 94.0735 kt
    co2 = em(out, "1.A.1.a", "other_bituminous_coal", "CO2")
    assert co2.ief == pytest.approx(26.18 * 0.98 * 44 / 12 * 1000)
    assert co2.value == pytest.approx(94.07347, rel=1e-6)
    assert co2.tier == 2 and co2.factor_layer == "national"
    # 1.6 g/GJ = 1.6 kg/TJ -> 0.0016 kt N2O
    assert em(out, "1.A.1.a", "other_bituminous_coal", "N2O").value == pytest.approx(0.0016)


def test_tier2_without_national_factor_names_fuel_and_category(ipcc_factors):
    with pytest.raises(MethodInputError, match=r"EF CH4 at Tier 2 \(layers national, "
                                               r"provincial, plant\) for natural_gas in 1.A.1.a"):
        run_energy(
            activity_rows(("DML", 2020, "1.A.1.a", "natural_gas", 10.0)), ipcc_factors,
            {"1.A.1": 2})


def test_notation_keys_pass_through(ipcc_factors):
    out = run_energy(
        activity_rows(("DML", 2020, "1.A.5.a", "natural_gas", "IE"),
                      ("DML", 2020, "1.A.1.a", "peat", "NO")), ipcc_factors)
    assert set(out[out.category == "1.A.5.a"].notation_key) == {"IE"}
    assert set(out[out.category == "1.A.1.a"].notation_key) == {"NO"}
    assert out["value"].isna().all()


def test_unknown_fuel_and_bad_unit(ipcc_factors):
    with pytest.raises(InputError, match="unknown fuel 'unobtainium'"):
        run_energy(
            activity_rows(("DML", 2020, "1.A.1.a", "unobtainium", 1.0)), ipcc_factors)
    with pytest.raises(InputError, match="cannot be converted to energy"):
        run_energy(
            activity_rows(("DML", 2020, "1.A.1.a", "natural_gas", 1.0, "head")),
            ipcc_factors)


def test_equation_functions_scalar_and_array():
    assert fuel_combustion_emissions(1000.0, 56_100.0) == pytest.approx(56.1)
    np.testing.assert_allclose(fuel_combustion_emissions([0, 2000], [56_100, 1.0]),
                               [0.0, 0.002])
    assert np.isnan(fuel_combustion_emissions(np.nan, 1.0))
    assert co2_factor_from_carbon_content(15.3) == pytest.approx(56_100, rel=1e-3)  # Table 1.3


@settings(max_examples=examples(40), deadline=None)
@given(tj=st.floats(0.1, 1e6), k=st.floats(0.01, 100))
def test_linear_in_activity(ipcc_factors, tj, k):
    def total(x):
        out = compute_energy("fuel_combustion", activity_rows(
            ("DML", 2020, "1.A.4.b", "other_bituminous_coal", x)), ipcc_factors)
        return out.set_index("gas")["value"]
    np.testing.assert_allclose(total(tj * k), total(tj) * k, rtol=1e-9)


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(st.floats(0, 1e5), min_size=2, max_size=6))
@example(parts=[2.225073858507203e-309, 2.225073858507203e-309])   # found in CI
def test_regions_sum_to_national(ipcc_factors, parts):
    regional = compute_energy("fuel_combustion", activity_rows(
        *[(f"R{i}", 2020, "1.A.2.c", "natural_gas", v) for i, v in enumerate(parts)]),
        ipcc_factors)
    whole = compute_energy("fuel_combustion", activity_rows(
        ("N", 2020, "1.A.2.c", "natural_gas", sum(parts))), ipcc_factors)
    # atol: hypothesis draws subnormal activities (2e-309 TJ), whose emissions differ in the
    # last representable bit (5e-324 kt), a relative 1e-8; no real quantity is that small
    np.testing.assert_allclose(regional.groupby("gas")["value"].sum().sort_index(),
                               whole.set_index("gas")["value"].sort_index(), rtol=1e-9,
                               atol=1e-300)
