"""The remaining IPPU categories (sectors/ippu/other.py): hand calculations from the cited
defaults (sectors/ippu/data/ipcc2006_other_ippu_defaults.csv) and country factors."""

import pytest

from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB
from inventory.methods import method_for, run_methods
from tests.conftest import activity_rows, national_parameters
from tests.test_ippu_methods import ippu


def one(df, activity, gas):
    r = df[(df.activity == activity) & (df.gas == gas)]
    assert len(r) == 1, r
    return r.iloc[0]


def test_more_specific_categories_leave_the_broad_methods():
    # 2.B.9.b and 2.B.10 are under 'chemical_industry' (2.B), 2.F.6 under the F-gas bank model
    assert method_for("2.B.9.b").name == "ippu_other_defaults"
    assert method_for("2.B.9.a").name == "chemical_industry"
    assert method_for("2.B.10").name == "ippu_country_specific"
    assert method_for("2.C.7").name == "ippu_country_specific"
    assert method_for("2.F.6").name == "ippu_country_specific"
    assert method_for("2.F.1.a").name == "fgas_product_uses"
    assert method_for("2.H.2").name == "ippu_country_specific"


def test_fluorochemical_fugitive_tier1(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.B.9.b", "fluorochemical:HFC134a", 20.0, "kt"),
        ("DML", 2020, "2.B.9.b", "fluorochemical:SF6", 4.0, "kt")), ipcc_factors)
    # Vol.3 Sect. 3.10.2 Tier 1: 0.5 % of production
    # HFC-134a: 20 kt x 0.005 = 0.1 kt; SF6: 4 kt x 0.005 = 0.02 kt
    hfc = one(out, "fluorochemical:HFC134a", "HFC134a")
    assert hfc.value == pytest.approx(0.1)
    assert one(out, "fluorochemical:SF6", "SF6").value == pytest.approx(0.02)
    assert hfc.tier == 1 and hfc.factor_layer == "ipcc_default"
    assert hfc.equation == "IPCC 2006 Vol.3 Ch.3 Sect. 3.10.2"
    assert "Sect. 3.10.2" in hfc.factor_source


def test_fluorochemical_tier2_plant_fraction():
    db = FactorDB.with_defaults(national_parameters(
        ("fugitive_fraction", "2.B.9.b", "fluorochemical:HFC32", "-", 0.002, "fraction",
         "plant")))
    out = ippu(activity_rows(
        ("DML", 2020, "2.B.9.b", "fluorochemical:HFC32", 50.0, "kt")), db, {"2.B.9.b": 2})
    # 50 kt x 0.2 % = 0.1 kt HFC-32, plant layer, Tier 2
    r = one(out, "fluorochemical:HFC32", "HFC32")
    assert r.value == pytest.approx(0.1) and r.factor_layer == "plant" and r.tier == 2


def test_fluorochemical_tier2_without_plant_data_is_an_error(ipcc_factors):
    with pytest.raises(MethodInputError, match="fugitive_fraction.*fluorochemical:HFC32"):
        ippu(activity_rows(
            ("DML", 2020, "2.B.9.b", "fluorochemical:HFC32", 50.0, "kt")), ipcc_factors,
            {"2.B.9.b": 2})


def _purity():
    # the 2006 default purity (Vol.2 Ch.3) is not shipped (unconfirmed): a national value
    return FactorDB.with_defaults(national_parameters(
        ("urea_purity", "2.D.3", "urea_catalyst", "-", 0.325, "fraction")))


def test_urea_catalyst_co2_with_national_purity(ipcc_factors):
    act = activity_rows(("DML", 2020, "2.D.3", "urea_catalyst", 100.0, "kt"))
    with pytest.raises(MethodInputError, match="urea_purity"):
        ippu(act, ipcc_factors)
    out = ippu(act, _purity(), {"2.D.3": 2})
    # Vol.2 Eq. 3.2.2: 100 kt x 12/60 x 0.325 x 44/12 = 100 x 0.2 x 0.325 x 3.666667
    #                = 23.8333 kt CO2
    r = one(out, "urea_catalyst", "CO2")
    assert r.value == pytest.approx(100 * 0.2 * 0.325 * 44 / 12)
    assert r.value == pytest.approx(23.8333, rel=1e-5)
    assert r.ief == pytest.approx(0.238333, rel=1e-5)      # t CO2 per t additive
    assert r.equation == "IPCC 2006 Vol.2 Ch.3 Eq. 3.2.2"


def test_urea_catalyst_is_linear_in_activity():
    db = _purity()
    a = ippu(activity_rows(
        ("DML", 2020, "2.D.3", "urea_catalyst", 37.0, "kt")), db, {"2.D.3": 2})
    b = ippu(activity_rows(
        ("DML", 2020, "2.D.3", "urea_catalyst", 3 * 37.0, "kt")), db, {"2.D.3": 2})
    assert b.value.sum() == pytest.approx(3 * a.value.sum())


def test_solvent_nmvoc_needs_a_country_factor(ipcc_factors):
    act = activity_rows(("DML", 2020, "2.D.3", "solvent_use", 400.0, "kt"))
    with pytest.raises(MethodInputError, match=r"EF_mass NMVOC at Tier 2 \(layers national"):
        ippu(act, ipcc_factors, {"2.D.3": {"NMVOC": 2}})
    db = FactorDB.with_defaults(national_parameters(
        ("EF_mass", "2.D.3", "solvent_use", "NMVOC", 0.55, "t/t")))
    # no IPCC default: at Tier 1 there is nothing to take (the national factor is not used)
    with pytest.raises(MethodInputError, match=r"EF_mass NMVOC at Tier 1 \(layers ipcc_default"):
        ippu(act, db)
    out = ippu(act, db, {"2.D.3": {"NMVOC": 2}})
    # 400 kt solvent x 0.55 t NMVOC/t = 220 kt NMVOC, Tier 2 (the tier of NMVOC)
    r = one(out, "solvent_use", "NMVOC")
    assert r.value == pytest.approx(220.0) and r.tier == 2 and r.factor_layer == "national"


def test_awacs_tier1_per_plane_and_tier2_refills(ipcc_factors):
    t1 = ippu(activity_rows(
        ("DML", 2020, "2.G.2.a", "awacs", 4.0, "item")), ipcc_factors)
    # Table 8.7: 4 planes x 740 kg SF6 = 2,960 kg = 0.00296 kt SF6
    r = one(t1, "awacs", "SF6")
    assert r.value == pytest.approx(0.00296)
    assert r.ief == pytest.approx(740.0) and r.ief_unit == "kg/item"
    t2 = ippu(activity_rows(
        ("DML", 2020, "2.G.2.a", "sf6_refill", 0.0025, "kt")), ipcc_factors, {"2.G.2": 2})
    # all 2.5 t (0.0025 kt, canonical unit after intake) bought for refills is emitted
    assert one(t2, "sf6_refill", "SF6").value == pytest.approx(0.0025)


def test_refills_are_not_a_tier1_input(ipcc_factors):
    with pytest.raises(MethodInputError, match="sf6_refill.*Tier"):
        ippu(activity_rows(
            ("DML", 2020, "2.G.2.a", "sf6_refill", 0.0025, "kt")), ipcc_factors)


def test_country_specific_other_process_all_gases_with_factors():
    db = FactorDB.with_defaults(national_parameters(
        ("EF_mass", "2.B.10", "other:hydrogen", "CO2", 9.0, "t/t"),
        ("EF_mass", "2.B.10", "other:hydrogen", "CH4", 0.5, "kg/t"),
        ("EF_mass", "2.H.2", "*", "CO2", 0.02, "t/t")))
    out = ippu(activity_rows(
        ("DML", 2020, "2.B.10", "other:hydrogen", 300.0, "kt"),
        ("DML", 2020, "2.H.2", "other:beer", 1000.0, "kt")), db, {"2.B.10": 2, "2.H": 2})
    # hydrogen: 300 kt x 9.0 t/t = 2,700 kt CO2; 300 kt x 0.5 kg/t = 150 t = 0.15 kt CH4
    assert one(out, "other:hydrogen", "CO2").value == pytest.approx(2700.0)
    assert one(out, "other:hydrogen", "CH4").value == pytest.approx(0.15)
    # food and beverages: 1,000 kt x 0.02 = 20 kt CO2, and no CH4 row (no factor)
    assert one(out, "other:beer", "CO2").value == pytest.approx(20.0)
    assert len(out) == 3
    assert set(out.equation) == {"IPCC 2006 Vol.1 Ch.1 Eq. 1.1"}
    assert set(out.factor_layer) == {"national"}


def test_country_specific_counts_use_per_unit_factor():
    db = FactorDB.with_defaults(national_parameters(
        ("EF_unit", "2.G.2.b", "accelerator", "SF6", 20.0, "kg/item")))
    out = ippu(activity_rows(
        ("DML", 2020, "2.G.2.b", "accelerator", 15.0, "item")), db, {"2.G.2": 2})
    # 15 accelerators x 20 kg SF6 = 300 kg = 0.0003 kt
    r = one(out, "accelerator", "SF6")
    assert r.value == pytest.approx(0.0003) and r.ief == pytest.approx(20.0)


def test_country_specific_without_factor_names_the_row(ipcc_factors):
    with pytest.raises(MethodInputError) as e:
        ippu(activity_rows(
            ("DML", 2020, "2.C.7", "other:tin", 5.0, "kt")), ipcc_factors, {"2.C": 2})
    msg = str(e.value)
    assert "other:tin" in msg and "2.C.7" in msg and "test row 1" in msg
    assert "no default method" in msg


def test_country_specific_categories_have_no_tier1(ipcc_factors):
    act = activity_rows(("DML", 2020, "2.H.1", "other:pulp", 5.0, "kt"))
    with pytest.raises(MethodInputError, match="Tier 1 is not offered for 2.H.1"):
        run_methods(act, ipcc_factors, {})


def test_notation_keys_and_unknown_ids(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.H.1", "other:pulp_and_paper", "NO", "kt")), ipcc_factors,
        {"2.H": 2})
    assert set(out.gas) == {"CO2", "CH4", "N2O"} and set(out.notation_key) == {"NO"}
    with pytest.raises(InputError, match="unknown activity 'hydrogen' for 2.B.10"):
        ippu(activity_rows(
            ("DML", 2020, "2.B.10", "hydrogen", 1.0, "kt")), ipcc_factors, {"2.B": 2})
