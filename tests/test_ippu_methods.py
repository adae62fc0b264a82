"""IPPU worked examples by hand from the cited default tables (sectors/ippu/data/*.csv)."""

import numpy as np
import pandas as pd
import pytest

from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB
from inventory.methods import run_methods, unused_parameters
from tests.conftest import activity_rows, national_parameters


def ippu(activity, factors, tiers=None, tables=None):
    """The IPPU methods over ``activity`` as a run calls them: rows routed to their method,
    the TierSpec pre-check, tiers per category and gas, misses raised together."""
    return run_methods(activity, factors, tiers or {}, sectors=("ippu",), tables=tables)


def row(df, activity, gas="CO2", category=None):
    r = df[(df.activity == activity) & (df.gas == gas)
           & ((df.category == category) if category else True)]
    assert len(r) == 1, r
    return r.iloc[0]


# ---- 2.A mineral ---------------------------------------------------------------------------
def test_cement_tier2_clinker_with_default_ckd(ipcc_factors):
    out = ippu(
        activity_rows(("DML", 2020, "2.A.1", "clinker", 1000.0, "kt")), ipcc_factors,
        {"2.A.1": 2})
    # EF_clinker = 0.65 CaO x 0.785 = 0.51025 t/t; x CKD 1.02 = 0.520455 t/t ("0.52")
    # 1,000 kt clinker x 0.520455 = 520.455 kt CO2
    r = row(out, "clinker")
    assert r.value == pytest.approx(520.455)
    assert r.ief == pytest.approx(0.520455) and r.tier == 2
    assert r.equation == "IPCC 2006 Vol.3 Ch.2 Eq. 2.2"
    assert r.method == "cement_co2_from_clinker"


def test_cement_tier2_national_cao_overrides_default(ipcc_factors):
    db = FactorDB.with_defaults(national_parameters(
        ("cao_content", "2.A.1", "clinker", "-", 0.62, "fraction")))
    out = ippu(
        activity_rows(("DML", 2020, "2.A.1", "clinker", 500.0, "kt")), db, {"2.A.1": 2})
    # 500 x 0.62 x 0.785 x 1.02 = 248.217 kt
    r = row(out, "clinker")
    assert r.value == pytest.approx(248.217) and r.factor_layer == "national"


def test_cement_tier1_with_clinker_trade(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.A.1", "cement", 1000.0, "kt"),
        ("DML", 2020, "2.A.1", "clinker_import", 50.0, "kt"),
        ("DML", 2020, "2.A.1", "clinker_export", 20.0, "kt")), ipcc_factors)
    # clinker = 1,000 x 0.75 - 50 + 20 = 720 kt; x 0.52 = 374.4 kt CO2 (Eq. 2.1)
    r = row(out, "cement")
    assert r.activity_value == pytest.approx(720.0)
    assert r.value == pytest.approx(374.4)
    assert set(r.activity_ids.split(";")) == {"t0", "t1", "t2"}
    assert len(out) == 1


def test_cement_tier3_carbonates_minus_ckd():
    db = FactorDB.with_defaults(national_parameters(
        ("ckd_carbonate_fraction", "2.A.1", "ckd_not_recycled", "-", 0.6, "fraction"),
        ("ckd_calcination_fraction", "2.A.1", "ckd_not_recycled", "-", 0.5, "fraction")))
    out = ippu(activity_rows(
        ("DML", 2020, "2.A.1", "carbonate:calcite", 1000.0, "kt"),
        ("DML", 2020, "2.A.1", "ckd_not_recycled", 20.0, "kt")), db, {"2.A.1": 3})
    # calcite 1,000 x 0.43971 x 1 = 439.71; CKD 20 x 0.6 x (1 - 0.5) x 0.43971 = 2.63826
    assert row(out, "carbonate:calcite").value == pytest.approx(439.71)
    assert row(out, "ckd_not_recycled").value == pytest.approx(-2.63826)
    assert out["value"].sum() == pytest.approx(439.71 - 2.63826)


def test_lime_tier1_and_tier2(ipcc_factors):
    t1 = ippu(
        activity_rows(("DML", 2020, "2.A.2", "lime", 100.0, "kt")), ipcc_factors)
    # Tier 1: 100 x (0.85 x 0.75 + 0.15 x 0.77 = 0.753) = 75.3 kt
    assert row(t1, "lime").value == pytest.approx(75.3)
    # Tier 2 needs the share x of hydrated lime (no shipped default: a national value)
    with pytest.raises(MethodInputError, match="hydrated_lime_fraction"):
        ippu(activity_rows(("DML", 2020, "2.A.2", "lime:dolomitic", 100.0, "kt")),
             ipcc_factors, {"2.A.2": 2})
    db = FactorDB.with_defaults(national_parameters(
        ("hydrated_lime_fraction", "2.A.2", "*", "-", 0.10, "fraction")))
    t2 = ippu(activity_rows(
        ("DML", 2020, "2.A.2", "lime:dolomitic", 100.0, "kt"),
        ("DML", 2020, "2.A.2", "lime:dolomitic_developed", 100.0, "kt")), db, {"2.A.2": 2})
    # Tier 2: 100 x 0.77 (Table 2.4, developing; EF ID 27514) x 1.02 (LKD, 213929) x
    # (1 - 0.10 x 0.28 (23036) = 0.972) = 76.34088 kt; developed 0.86 (23029): 85.26384 kt
    assert row(t2, "lime:dolomitic").value == pytest.approx(76.34088)
    assert row(t2, "lime:dolomitic_developed").value == pytest.approx(85.26384)


def test_glass_and_other_carbonates(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.A.3", "glass", 100.0, "kt"),
        ("DML", 2020, "2.A.4.b", "carbonate:sodium_carbonate", 10.0, "kt"),
        ("DML", 2020, "2.A.4.a", "carbonate:unspecified", 100.0, "kt")), ipcc_factors)
    # glass 100 x 0.20 x (1 - 0.5) = 10 kt; soda ash 10 x 0.41492 = 4.1492 kt
    # unspecified 100 x (0.85 x 0.43971 + 0.15 x 0.47732 = 0.44535) = 44.535 kt
    assert row(out, "glass").value == pytest.approx(10.0)
    assert row(out, "carbonate:sodium_carbonate").value == pytest.approx(4.1492)
    assert row(out, "carbonate:unspecified").value == pytest.approx(44.535, rel=1e-4)


@pytest.mark.parametrize("mineral,formula_mass,co2_per_mol", [
    ("calcite", 40.078 + 12.011 + 3 * 15.999, 1),
    ("magnesite", 24.305 + 12.011 + 3 * 15.999, 1),
    ("dolomite", 40.078 + 24.305 + 2 * (12.011 + 3 * 15.999), 2),
    ("siderite", 55.845 + 12.011 + 3 * 15.999, 1),
    ("rhodochrosite", 54.938 + 12.011 + 3 * 15.999, 1),
    ("sodium_carbonate", 2 * 22.990 + 12.011 + 3 * 15.999, 1),
])
def test_carbonate_factors_are_stoichiometric(ipcc_factors, mineral, formula_mass, co2_per_mol):
    q = pd.DataFrame({"region": ["X"], "year": [2020], "category": ["2.A.4.a"],
                      "activity": [f"carbonate:{mineral}"]})
    ef = ipcc_factors.require(q, "EF_mass", "t/t", "CO2").value[0]
    assert ef == pytest.approx(co2_per_mol * 44.009 / formula_mass, rel=1.5e-3)


# ---- 2.B chemical --------------------------------------------------------------------------
def test_ammonia_tier1_minus_urea(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.B.1", "ammonia", 100.0, "kt"),
        ("DML", 2020, "2.B.1", "co2_recovered_urea", 50.0, "kt")), ipcc_factors)
    # 100 kt NH3 x 37.5 GJ/t x 15.3 kg C/GJ x 1 x 44/12 = 210.375 kt CO2 (= 2.104 t/t)
    gross = row(out, "ammonia")
    assert gross.value == pytest.approx(210.375) and gross.ief == pytest.approx(2.10375)
    # recovered for urea is subtracted: net 210.375 - 50 = 160.375
    assert row(out, "co2_recovered_urea").value == pytest.approx(-50.0)
    assert out["value"].sum() == pytest.approx(160.375)


def test_ammonia_tier2_by_fuel(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.B.1", "fuel:natural_gas", 1000.0, "TJ"),
        ("DML", 2020, "2.B.1", "fuel:naphtha", 100.0, "TJ")), ipcc_factors, {"2.B.1": 2})
    # 1,000 TJ x 15.3 t C/TJ x 44/12 = 56.1 kt; 100 TJ x 20.0 x 44/12 = 7.3333 kt
    assert row(out, "fuel:natural_gas").value == pytest.approx(56.1)
    assert row(out, "fuel:naphtha").value == pytest.approx(7.33333, rel=1e-5)
    assert row(out, "fuel:natural_gas").ief_unit == "t/TJ"


def test_nitric_and_adipic_acid_with_abatement(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.B.2", "nitric_acid:high_pressure", 100.0, "kt"),
        ("DML", 2020, "2.B.2", "nitric_acid:nscr", 100.0, "kt"),
        ("DML", 2020, "2.B.3", "adipic_acid:thermal_destruction", 10.0, "kt")),
        ipcc_factors)
    # Tier 1: 100 kt x 9 kg N2O/t = 0.9 kt; NSCR 100 x 2 = 0.2 kt; adipic 10 x 300 kg/t = 3 kt
    assert row(out, "nitric_acid:high_pressure", "N2O").value == pytest.approx(0.9)
    assert row(out, "nitric_acid:nscr", "N2O").value == pytest.approx(0.2)
    assert row(out, "adipic_acid:thermal_destruction", "N2O").value == pytest.approx(3.0)
    db = FactorDB.with_defaults(national_parameters(
        ("abatement_utilisation", "2.B.3", "*", "-", 0.9, "fraction")))
    t2 = ippu(activity_rows(
        ("DML", 2020, "2.B.3", "adipic_acid:thermal_destruction", 10.0, "kt")), db,
        {"2.B.3": 2})
    # Tier 2: 10 x 0.3 x (1 - 0.985 x 0.9) = 3 x 0.1135 = 0.3405 kt N2O
    r = row(t2, "adipic_acid:thermal_destruction", "N2O")
    assert r.value == pytest.approx(0.3405) and r.equation.endswith("Eq. 3.8")


def test_adipic_tier2_without_plant_utilisation_is_an_error(ipcc_factors):
    with pytest.raises(MethodInputError, match="abatement_utilisation"):
        ippu(activity_rows(
            ("DML", 2020, "2.B.3", "adipic_acid:catalytic_destruction", 10.0, "kt")),
            ipcc_factors, {"2.B.3": 2})


def test_products_and_hfc23(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.B.8.b", "ethylene:naphtha", 100.0, "kt"),
        ("DML", 2020, "2.B.5", "silicon_carbide", 10.0, "kt"),
        ("DML", 2020, "2.B.9.a", "hcfc22", 10.0, "kt")), ipcc_factors)
    # ethylene 100 x 1.73 = 173 kt CO2, 100 x 3 kg CH4/t = 0.3 kt CH4
    assert row(out, "ethylene:naphtha").value == pytest.approx(173.0)
    assert row(out, "ethylene:naphtha", "CH4").value == pytest.approx(0.3)
    # SiC 10 x 2.62 = 26.2 kt CO2, 10 x 11.6 kg/t = 0.116 kt CH4
    assert row(out, "silicon_carbide").value == pytest.approx(26.2)
    assert row(out, "silicon_carbide", "CH4").value == pytest.approx(0.116)
    # HFC-23: 10 kt HCFC-22 x 0.04 = 0.4 kt
    assert row(out, "hcfc22", "HFC23").value == pytest.approx(0.4)


# ---- 2.C metal -----------------------------------------------------------------------------
def test_steel_tier1_by_route(ipcc_factors):
    rows = activity_rows(("DML", 2020, "2.C.1", "steel_bof", 1000.0, "kt"),
                         ("DML", 2020, "2.C.1", "steel_eaf", 500.0, "kt"),
                         ("DML", 2020, "2.C.1", "sinter", 100.0, "kt"))
    # 2019 Refinement Tables 4.1a/4.1b (guidelines: ipcc2006_2019r): BOF 1,000 x 1.58 =
    # 1,580; EAF 500 x 0.18 = 90; sinter 100 x 0.21 = 21 kt CO2
    r19 = ippu(rows, FactorDB.with_defaults(guidelines="ipcc2006_2019r"))
    assert row(r19, "steel_bof").value == pytest.approx(1580.0)
    assert row(r19, "steel_eaf").value == pytest.approx(90.0)
    assert row(r19, "sinter").value == pytest.approx(21.0)
    assert row(r19, "steel_bof").factor_source.startswith("2019 Refinement")
    out = ippu(rows, ipcc_factors)
    # IPCC 2006 Table 4.1 (guidelines: ipcc2006): BOF 1,000 x 1.46 (EF ID 214095) = 1,460;
    # EAF 500 x 0.08 (214097) = 40; sinter 100 x 0.20 (214091) = 20 kt CO2
    assert row(out, "steel_bof").value == pytest.approx(1460.0)
    assert row(out, "steel_eaf").value == pytest.approx(40.0)
    assert row(out, "sinter").value == pytest.approx(20.0)
    assert row(out, "steel_bof").factor_source == "IPCC 2006 Vol.3 Ch.4 Table 4.1"
    # sinter CH4 100 kt x 0.07 kg/t (Table 4.2, 214099) = 0.007 kt
    assert row(out, "sinter", "CH4").value == pytest.approx(0.007)
    assert row(out, "steel_bof").equation == "IPCC 2006 Vol.3 Ch.4 Eq. 4.1"


def test_steel_tier2_mass_balance(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.C.1", "input:coke", 500.0, "kt"),
        ("DML", 2020, "2.C.1", "input:limestone", 100.0, "kt"),
        ("DML", 2020, "2.C.1", "output:steel", 1000.0, "kt"),
        ("DML", 2020, "2.C.1", "output:blast_furnace_gas_exported", 200.0, "kt")),
        ipcc_factors, {"2.C.1": 2})
    # C in: 500 x 0.83 + 100 x 0.12 = 427; C out: 1,000 x 0.01 + 200 x 0.17 = 44
    # (427 - 44) x 44/12 = 1,404.333 kt CO2
    r = row(out, "mass_balance")
    assert r.value == pytest.approx(383 * 44 / 12)
    assert r.activity_value == 1000.0 and r.equation.endswith("Eq. 4.9")


def test_aluminium_tier1_and_slope(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.C.3", "primary_aluminium:cwpb", 100.0, "kt")), ipcc_factors)
    # CO2 100 x 1.6 = 160; CF4 100 x 0.4 kg/t = 0.04 kt; C2F6 100 x 0.04 = 0.004 kt
    assert row(out, "primary_aluminium:cwpb").value == pytest.approx(160.0)
    assert row(out, "primary_aluminium:cwpb", "CF4").value == pytest.approx(0.04)
    assert row(out, "primary_aluminium:cwpb", "C2F6").value == pytest.approx(0.004)
    db = FactorDB.with_defaults(national_parameters(
        ("anode_effect_minutes", "2.C.3", "*", "-", 0.5, "min/day")))
    t2 = ippu(activity_rows(
        ("DML", 2020, "2.C.3", "primary_aluminium:cwpb", 100.0, "kt")), db,
        {"2.C.3": {"*": 2, "CO2": 1}})
    # slope: 0.143 kg CF4/t per AE-min/cell-day x 0.5 x 100 kt = 7.15 t = 0.00715 kt CF4
    # C2F6 = 0.00715 x 0.121 = 0.00086515 kt
    cf4 = row(t2, "primary_aluminium:cwpb", "CF4")
    assert cf4.value == pytest.approx(0.00715) and cf4.method == "cf4_slope"
    assert cf4.tier == 2 and cf4.factor_layer == "national"
    c2f6 = row(t2, "primary_aluminium:cwpb", "C2F6")
    assert c2f6.value == pytest.approx(0.00086515) and c2f6.tier == 2
    # tiers per gas: CO2 stays at Tier 1 with Table 4.10 (100 x 1.6 = 160 kt), recorded so
    co2 = row(t2, "primary_aluminium:cwpb")
    assert co2.value == pytest.approx(160.0)
    assert co2.tier == 1 and co2.factor_layer == "ipcc_default"


def test_aluminium_tier2_co2_needs_a_country_factor(ipcc_factors):
    # a plain Tier 2 for 2.C.3 includes CO2: Table 4.10 is a Tier 1 default, not taken
    with pytest.raises(MethodInputError, match=r"metal_industry is missing 1 parameter\(s\): "
                                               r"EF_mass CO2 at Tier 2 \(layers national, "
                                               r"provincial, plant\) for primary_aluminium:cwpb"):
        ippu(activity_rows(("DML", 2020, "2.C.3", "primary_aluminium:cwpb", 100.0, "kt")),
             FactorDB.with_defaults(national_parameters(
                 ("anode_effect_minutes", "2.C.3", "*", "-", 0.5, "min/day"))), {"2.C.3": 2})


def test_aluminium_overvoltage_and_missing_data(ipcc_factors):
    db = FactorDB.with_defaults(national_parameters(
        ("anode_effect_overvoltage", "2.C.3", "*", "-", 1.5, "mV"),
        ("current_efficiency", "2.C.3", "*", "-", 0.95, "fraction")))
    out = ippu(activity_rows(
        ("DML", 2020, "2.C.3", "primary_aluminium:swpb", 100.0, "kt")), db,
        {"2.C.3": {"*": 2, "CO2": 1}})
    # 3.65 kg/t/mV x 1.5 mV / 0.95 x 100 kt = 576.3158 t = 0.5763158 kt CF4
    cf4 = row(out, "primary_aluminium:swpb", "CF4")
    assert cf4.value == pytest.approx(3.65 * 1.5 / 0.95 * 0.1)
    assert cf4.method == "cf4_overvoltage"
    with pytest.raises(MethodInputError, match="anode-effect data"):
        ippu(activity_rows(
            ("DML", 2020, "2.C.3", "primary_aluminium:swpb", 100.0, "kt")), ipcc_factors,
            {"2.C.3": {"*": 2, "CO2": 1}})


def test_other_metals(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.C.2", "silicon_metal", 10.0, "kt"),
        ("DML", 2020, "2.C.4", "magnesium_casting", 10.0, "kt"),
        ("DML", 2020, "2.C.5", "lead:imperial_smelting", 10.0, "kt"),
        ("DML", 2020, "2.C.6", "zinc", 10.0, "kt")), ipcc_factors)
    # Si 10 x 5.0 = 50 CO2, 10 x 1.2 kg/t = 0.012 CH4; Mg 10 x 1 kg SF6/t = 0.01 kt SF6
    # lead 10 x 0.59 = 5.9; zinc 10 x 1.72 = 17.2
    assert row(out, "silicon_metal").value == pytest.approx(50.0)
    assert row(out, "silicon_metal", "CH4").value == pytest.approx(0.012)
    assert row(out, "magnesium_casting", "SF6").value == pytest.approx(0.01)
    assert row(out, "lead:imperial_smelting").value == pytest.approx(5.9)
    assert row(out, "zinc").value == pytest.approx(17.2)


# ---- 2.D, 2.E, 2.G.3 -----------------------------------------------------------------------
def test_lubricants_electronics_n2o(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.D.1", "lubricants", 1000.0, "TJ"),
        ("DML", 2020, "2.D.2", "paraffin_waxes", 10.0, "kt"),
        ("DML", 2020, "2.E.1", "semiconductor", 10.0, "ha"),
        ("DML", 2020, "2.G.3.a", "n2o_use", 2.0, "kt")), FactorDB.with_defaults(
            national_parameters(("capacity_utilisation", "2.E", "*", "-", 0.8, "fraction"))))
    # lubricants 1,000 TJ x 20 t C/TJ x 0.2 x 44/12 = 14.6667 kt
    assert row(out, "lubricants").value == pytest.approx(14.66667, rel=1e-6)
    # wax 10 kt x 40.2 TJ/kt = 402 TJ -> x 20 x 0.2 x 44/12 = 5.896 kt
    assert row(out, "paraffin_waxes").activity_value == pytest.approx(402.0)
    assert row(out, "paraffin_waxes").value == pytest.approx(5.896)
    # semiconductors: 10 ha = 1e5 m2 x 0.8 (national capacity utilisation: no shipped default)
    # x 0.9 kg CF4/m2 (Table 6.2) = 72,000 kg = 0.072 kt
    cf4 = row(out, "semiconductor", "CF4")
    assert cf4.value == pytest.approx(0.072) and cf4.ief == pytest.approx(0.72)
    # N2O product use: all emitted
    assert row(out, "n2o_use", "N2O").value == pytest.approx(2.0)


# ---- bad input -----------------------------------------------------------------------------
def test_unknown_technology_names_row_and_choices(ipcc_factors):
    with pytest.raises(InputError, match=r"test row 1: unknown activity 'nitric_acid:plasma'"
                                         r".*nitric_acid:high_pressure"):
        ippu(activity_rows(
            ("DML", 2020, "2.B.2", "nitric_acid:plasma", 1.0, "kt")), ipcc_factors)


def test_negative_production_is_rejected(ipcc_factors):
    act = activity_rows(("DML", 2020, "2.C.1", "steel_bof", 5.0, "kt"))
    act.loc[0, "value"] = -5.0
    with pytest.raises(InputError, match="negative value at test row 1"):
        ippu(act, ipcc_factors)


def test_wrong_unit_and_wrong_tier(ipcc_factors):
    with pytest.raises(InputError, match="'steel_bof' in 2.C.1 is in 'TJ'"):
        ippu(activity_rows(
            ("DML", 2020, "2.C.1", "steel_bof", 5.0, "TJ")), ipcc_factors)
    with pytest.raises(MethodInputError, match="input of Tier.*2.*but Tier 1 is set"):
        ippu(activity_rows(
            ("DML", 2020, "2.A.1", "clinker", 5.0, "kt")), ipcc_factors)


def test_tier2_production_factor_needs_country_value(ipcc_factors):
    with pytest.raises(MethodInputError, match="EF_mass CO2 at Tier 2 .*for zinc in 2.C.6"):
        ippu(activity_rows(
            ("DML", 2020, "2.C.6", "zinc", 5.0, "kt")), ipcc_factors, {"2.C.6": 2})


def test_notation_keys_pass_through_per_gas(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.B.5", "silicon_carbide", "NO", "kt")), ipcc_factors)
    assert sorted(out.gas) == ["CH4", "CO2"] and set(out.notation_key) == {"NO"}
    assert out["value"].isna().all()


def test_indirect_gases_only_where_factors_given(ipcc_factors):
    act = activity_rows(("DML", 2020, "2.B.2", "nitric_acid:medium_pressure", 100.0, "kt"))
    assert set(ippu(act, ipcc_factors).gas) == {"N2O"}
    db = FactorDB.with_defaults(national_parameters(
        ("EF_mass", "2.B.2", "*", "NOx", 10.0, "kg/t")))
    # the IPCC gives no NOx default: at Tier 1 the national factor is not used ...
    at_t1 = ippu(act, db)
    assert set(at_t1.gas) == {"N2O"}
    assert list(unused_parameters(db.table[db.table["layer"] == "national"],
                                  at_t1)["parameter_id"]) == ["p0"]
    # ... with NOx at Tier 2 (tiers per gas) it is, and N2O stays at Tier 1 (Table 3.3)
    out = ippu(act, db, {"2.B.2": {"*": 1, "NOx": 2}})
    # NOx 100 kt x 10 kg/t = 1 kt (optional output, national factor)
    nox = row(out, "nitric_acid:medium_pressure", "NOx")
    assert nox.value == pytest.approx(1.0) and nox.tier == 2 and nox.factor_layer == "national"
    assert nox.parameter_ids == "p0"
    n2o = row(out, "nitric_acid:medium_pressure", "N2O")
    # 100 kt x 7 kg N2O/t = 0.7 kt
    assert n2o.value == pytest.approx(0.7) and n2o.tier == 1


def test_vectorised_over_regions_sum_to_national(ipcc_factors):
    parts = [10.0, 20.0, 30.5]
    regional = ippu(activity_rows(
        *[(f"R{i}", 2020, "2.C.1", "steel_bof", v, "kt") for i, v in enumerate(parts)]),
        ipcc_factors)
    whole = ippu(activity_rows(
        ("N", 2020, "2.C.1", "steel_bof", sum(parts), "kt")), ipcc_factors)
    np.testing.assert_allclose(regional["value"].sum(), whole["value"].sum())
