"""Biological treatment 4.B, incineration 4.C and wastewater 4.D: worked examples with the
cited IPCC defaults (arithmetic in the tests), memo rows and bad input."""

from __future__ import annotations

import pytest

from inventory.errors import InputError
from inventory.factors import FactorDB
from tests.conftest import national_parameters
from tests.test_waste_kit import compute, method_input


def inp(rows, factors, options=None, tiers=None):
    return method_input(rows, factors, options, tiers)




def value(em, gas, activity=None, memo=False):
    sel = (em["gas"] == gas) & (em["memo"] == memo)
    if activity is not None:
        sel &= em["activity"] == activity
    return em.loc[sel, "value"].sum()


# ---------------------------------------------------------------- 4.B
def test_biological_treatment_table_4_1(ipcc_factors):
    em = compute(inp([
        ("R", 2020, "4.B", "composting", 10.0, "kt"),
        ("R", 2020, "4.B", "anaerobic_digestion", 10.0, "kt"),
        ("R", 2020, "4.B", "anaerobic_digestion:ch4_recovered", 0.005, "kt")], ipcc_factors))
    # composting, wet basis: CH4 = 10 kt x 4 g/kg x 1e-3 = 0.04 kt; N2O = 10 x 0.3e-3 = 0.003
    assert value(em, "CH4", "composting") == pytest.approx(0.04)
    assert value(em, "N2O", "composting") == pytest.approx(0.003)
    # anaerobic digestion: CH4 = 10 x 0.8e-3 - 0.005 recovered = 0.003 kt; N2O negligible: NA
    assert value(em, "CH4", "anaerobic_digestion") == pytest.approx(0.003)
    ad_n2o = em[(em["activity"] == "anaerobic_digestion") & (em["gas"] == "N2O")]
    assert ad_n2o["notation_key"].astype(str).tolist() == ["NA"]
    assert value(em, "CH4", "anaerobic_digestion:ch4_recovered", memo=True) == \
        pytest.approx(0.005)
    # IEF in g/kg
    comp = em[(em["activity"] == "composting") & (em["gas"] == "CH4")]
    assert comp["ief"].iloc[0] == pytest.approx(4.0)


def test_biological_treatment_dry_basis(ipcc_factors):
    em = compute(inp([("R", 2020, "4.B", "composting", 4.0, "kt")],
                                          ipcc_factors, {"biological_basis": "dry"}))
    # 4 kt dry x 10 g/kg = 0.04 kt CH4; N2O 4 x 0.6e-3 = 0.0024 kt
    assert value(em, "CH4") == pytest.approx(0.04)
    assert value(em, "N2O") == pytest.approx(0.0024)


# ---------------------------------------------------------------- 4.C
def msw_composition(factors_extra=()):
    return FactorDB.with_defaults(national_parameters(
        ("msw_fraction", "4", "paper", "-", 0.5, "fraction"),
        ("msw_fraction", "4", "plastics", "-", 0.5, "fraction"), *factors_extra))


def test_incineration_msw_by_composition():
    f = msw_composition()
    em = compute(inp([("R", 2020, "4.C.1", "msw:continuous_stoker", 100.0, "kt"),
                                   ("R", 2020, "4.C.2", "msw:open_burning", 10.0, "kt")], f))
    # Eq. 5.2, Table 2.4 defaults:
    # paper   0.5 x dm 0.90 x CF 0.46 x FCF 0.01 = 0.00207 t fossil C per t MSW
    # plastic 0.5 x dm 1.00 x CF 0.75 x FCF 1.00 = 0.375
    fossil_c = 0.5 * 0.9 * 0.46 * 0.01 + 0.5 * 1.0 * 0.75 * 1.0
    assert value(em[em["category"] == "4.C.1"], "CO2") == \
        pytest.approx(100 * fossil_c * 1.0 * 44 / 12)          # = 138.259 kt
    assert value(em[em["category"] == "4.C.1"], "CO2") == pytest.approx(138.259, rel=1e-4)
    # biogenic memo: paper 0.5 x 0.9 x 0.46 x 0.99 x 44/12 x 100 = 75.141 kt
    assert value(em[em["category"] == "4.C.1"], "CO2", memo=True) == \
        pytest.approx(100 * 0.5 * 0.9 * 0.46 * 0.99 * 44 / 12)
    # open burning: OF 0.58 (2006 Table 5.2, EF ID 615021; the 2019 Refinement's 0.71 applies
    # under guidelines: ipcc2006_2019r): 10 kt x 0.37707 x 0.58 x 44/12 = 8.0190 kt
    assert value(em[em["category"] == "4.C.2"], "CO2") == \
        pytest.approx(10 * fossil_c * 0.58 * 44 / 12)
    # CH4: continuous stoker 0.2 kg/Gg x 100 Gg = 20 kg; open burning 6500 g/t x 10 kt = 65 t
    assert value(em[em["category"] == "4.C.1"], "CH4") == pytest.approx(2e-5)
    assert value(em[em["category"] == "4.C.2"], "CH4") == pytest.approx(0.065)
    # N2O: MSW continuous 50 g/t wet x 100 kt = 5 t; open burning 150 g/t dry x 10 kt x dm
    # (0.5 x 0.9 + 0.5 x 1.0 = 0.95) = 1.425 t
    assert value(em[em["category"] == "4.C.1"], "N2O") == pytest.approx(0.005)
    assert value(em[em["category"] == "4.C.2"], "N2O") == pytest.approx(0.001425)


def test_incineration_clinical_waste_table_5_2(ipcc_factors):
    f = FactorDB.with_defaults(national_parameters(("EF", "4.C.1", "clinical", "N2O", 100.0,
                                                    "g/t")))
    # CO2 and N2O at Tier 2 (N2O: the national factor), CH4 at Tier 1 (the default)
    em = compute(inp([("R", 2020, "4.C.1", "clinical:batch_stoker", 10.0, "kt")],
                                  f, tiers={"4.C": {"CH4": 1, "*": 2}}))
    # Table 5.2 clinical: dm 0.65, CF 0.60, FCF 0.40, OF 1: 10 x 0.65 x 0.6 x 0.4 x 44/12
    assert value(em, "CO2") == pytest.approx(5.72)
    assert value(em, "CO2", memo=True) == pytest.approx(8.58)
    # batch stoker CH4 60 kg/Gg x 10 Gg = 600 kg
    assert value(em, "CH4") == pytest.approx(6e-4)
    assert value(em, "N2O") == pytest.approx(1e-3)


def test_incineration_composition_must_add_up():
    f = FactorDB.with_defaults(national_parameters(
        ("msw_fraction", "4", "paper", "-", 0.5, "fraction"),
        ("msw_fraction", "4", "plastics", "-", 0.6, "fraction")))
    with pytest.raises(InputError, match=r"add up to 1\.1000"):
        compute(inp([("R", 2020, "4.C.1", "msw:continuous_stoker", 1.0, "kt")],
                                 f))


def test_incineration_bad_technology(ipcc_factors):
    with pytest.raises(InputError, match="test row 1: technology of another category"):
        compute(inp([("R", 2020, "4.C.1", "msw:open_burning", 1.0, "kt")],
                                 ipcc_factors))


# ---------------------------------------------------------------- 4.D
def domestic_factors(t_aerobic=0.6, t_septic=0.4, guidelines="ipcc2006_2019r"):
    return FactorDB.with_defaults(national_parameters(
        ("T", "4.D.1", "urban:centralised_aerobic", "-", t_aerobic, "fraction"),
        ("T", "4.D.1", "urban:septic_tank", "-", t_septic, "fraction"),
        ("protein", "4.D.1", "*", "-", 25.0, "kg/head/year")), guidelines=guidelines)


WW = {"wastewater_region": "asia_middle_east_latin_america"}


def test_domestic_wastewater_worked_example():
    em = compute(inp([("R", 2020, "4.D.1", "population:urban", 1e6, "head")],
                                domestic_factors(), WW))
    # BOD 40 g/person/day = 14.6 kg/yr (Table 6.4); Bo 0.6 (Table 6.2)
    # aerobic plant: TOW = 1e6 x 0.6 x 14.6 x I 1.25 = 10.95 kt BOD; MCF 0.03 (2019)
    #   CH4 = 10.95 x 0.6 x 0.03 = 0.1971 kt
    assert value(em, "CH4", "centralised_aerobic") == pytest.approx(0.1971)
    # septic: TOW = 1e6 x 0.4 x 14.6 x 1.0 = 5.84 kt; CH4 = 5.84 x 0.6 x 0.5 = 1.752 kt
    assert value(em, "CH4", "septic_tank") == pytest.approx(1.752)
    # N: TN plant = 1e6 x 0.6 x 25 x 0.16 x 1.1 x 1.25 = 3.3 kt N
    #   plant N2O = 3.3 x 0.016 x 44/28 = 0.0829714 kt (2019 Table 6.8A)
    assert value(em, "N2O", "centralised_aerobic") == pytest.approx(3.3 * 0.016 * 44 / 28)
    # effluent: TN septic = 1e6 x 0.4 x 25 x 0.16 x 1.1 = 1.76 kt; N_REM 0.40 / 0.15
    #   N eff = 3.3 x 0.6 + 1.76 x 0.85 = 3.476; N2O = 3.476 x 0.005 x 44/28 = 0.0273114
    assert value(em, "N2O", "effluent") == pytest.approx(3.476 * 0.005 * 44 / 28)
    aer = em[(em["activity"] == "centralised_aerobic") & (em["gas"] == "CH4")]
    assert aer["ief"].iloc[0] == pytest.approx(0.6 * 0.03)   # kg CH4 / kg BOD
    # guidelines: ipcc2006: the 2006 Table 6.3 MCF of a well-managed aerobic plant is 0 (EF ID
    # 614862): no CH4 from the plant; the septic tank (MCF 0.5) is the same in both editions
    em06 = compute(inp([("R", 2020, "4.D.1", "population:urban", 1e6, "head")],
                       domestic_factors(guidelines="ipcc2006"), WW))
    assert value(em06, "CH4", "centralised_aerobic") == pytest.approx(0.0)
    assert value(em06, "CH4", "septic_tank") == pytest.approx(1.752)


def test_domestic_sludge_and_recovery():
    em = compute(inp([("R", 2020, "4.D.1", "population:urban", 1e6, "head"),
                                 ("R", 2020, "4.D.1", "sludge_removed", 1.679, "kt"),
                                 ("R", 2020, "4.D.1", "ch4_recovered", 0.5, "kt")],
                                domestic_factors(), WW))
    # S (1.679 kt BOD) is split 10.95 : 5.84 -> 1.095 / 0.584 kt
    # CH4 before R: (10.95 - 1.095) x 0.018 + (5.84 - 0.584) x 0.3 = 0.17739 + 1.5768 = 1.75419
    # R 0.5 kt in proportion: total emitted = 1.75419 - 0.5 = 1.25419
    assert value(em, "CH4") == pytest.approx(1.25419, rel=1e-5)
    assert value(em, "CH4", "ch4_recovered", memo=True) == pytest.approx(0.5)


def test_utilisation_not_summing_to_one_is_named():
    with pytest.raises(InputError, match=r"test parameter 1; test parameter 2: treatment "
                                         r"utilisation fractions T add up to 0\.9000"):
        compute(inp([("R", 2020, "4.D.1", "population:urban", 1e6, "head")],
                               domestic_factors(0.5, 0.4), WW))


def test_industrial_wastewater_table_6_9(ipcc_factors):
    em = compute(inp([
        ("R", 2020, "4.D.2", "beer_malt:anaerobic_reactor", 100.0, "kt"),
        ("R", 2020, "4.D.2", "ch4_recovered", 0.1, "kt")], ipcc_factors))
    # TOW = 100 kt x 6.3 m3/t x 2.9 kg/m3 = 1.827 kt COD (Eq. 6.6)
    # CH4 = 1.827 x Bo 0.25 x MCF 0.8 - R 0.1 = 0.3654 - 0.1 = 0.2654 kt (Eq. 6.4)
    assert value(em, "CH4", "beer_malt:anaerobic_reactor") == pytest.approx(0.2654)
    row = em[em["activity"] == "beer_malt:anaerobic_reactor"]
    assert row["activity_value"].iloc[0] == pytest.approx(1.827)


def test_industrial_recovery_above_generation_is_an_error(ipcc_factors):
    with pytest.raises(InputError, match="CH4 recovered .* exceeds"):
        compute(inp([
            ("R", 2020, "4.D.2", "beer_malt:anaerobic_reactor", 100.0, "kt"),
            ("R", 2020, "4.D.2", "ch4_recovered", 1.0, "kt")], ipcc_factors))


def test_unknown_wastewater_activity(ipcc_factors):
    with pytest.raises(InputError, match="test row 1: unknown industrial wastewater activity"):
        compute(inp([("R", 2020, "4.D.2", "steel:anaerobic_reactor", 1.0, "kt")],
                               ipcc_factors))
