"""IPPU on the method kit: TierSpec roles and pre-checks, country parameters at Tier 1, tiers
per gas, the background table ippu.fgas_bank, the sector's checks and products."""

import pandas as pd
import pytest

import inventory.qa  # noqa: F401  (registers the core checks)
from inventory.checks import registered_checks
from inventory.errors import MethodInputError
from inventory.factors import FactorDB
from inventory.methods import registered_methods
from inventory.products import RunContext, background_tables, report_products
from inventory.project import load_config
from inventory.units import to_canonical
from sectors.ippu.fgas import BANK_TABLE
from sectors.ippu.qa import fgas_actual_vs_potential, implied_factors
from tests.conftest import DEMO, activity_rows, national_parameters
from tests.test_ippu_methods import ippu


def one(df, activity, gas="CO2"):
    r = df[(df.activity == activity) & (df.gas == gas) & ~df.memo]
    assert len(r) == 1, r
    return r.iloc[0]


def check(name):
    return next(c for c in registered_checks() if c.name == name)


def context(act, db, em, tables=None):
    params = db.table[db.table["layer"] != "ipcc_default"]
    return RunContext(None, act, params, db, em, tables or {})


def fgas_rows(years, *streams):
    rows = [(reg, y, cat, act, v, "t") for (reg, cat, act, v) in streams for y in years]
    act = activity_rows(*rows)
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"])
    return act


# ---- one method kit ----------------------------------------------------------------------
def test_every_ippu_tierspec_declares_its_factor_roles():
    methods = [m for m in registered_methods() if m.sector == "ippu"]
    assert {m.name for m in methods} == {
        "mineral_industry", "chemical_industry", "nitric_adipic_acid", "metal_industry",
        "non_energy_electronics_n2o_use", "fgas_product_uses", "ippu_other_defaults",
        "ippu_country_specific"}
    for m in methods:
        for spec in m.tiers.values():
            assert spec.factors and "*" not in spec.factors, (m.name, spec.tier)
    # Tier 1 emission factors are IPCC defaults; country data (clinker fraction) any layer
    mineral = next(m for m in methods if m.name == "mineral_industry")
    assert mineral.tiers[1].factors["EF_mass"] == "default"
    assert mineral.tiers[1].factors["clinker_fraction"] == "any"
    assert mineral.tiers[3].factors["ckd_carbonate_fraction"] == "country"


def test_pre_check_names_every_missing_parameter_in_one_message(ipcc_factors):
    act = activity_rows(("DML", 2020, "2.A.1", "carbonate:calcite", 1000.0, "kt"),
                        ("DML", 2020, "2.A.1", "ckd_not_recycled", 20.0, "kt"))
    with pytest.raises(MethodInputError) as e:
        ippu(act, ipcc_factors, {"2.A.1": 3})
    msg = str(e.value)
    # both CKD parameters of Tier 3 (plant data, country layers), in one message
    assert "mineral_industry is missing 2 parameter(s)" in msg
    assert ("ckd_carbonate_fraction at Tier 3 (layers national, provincial, plant) for "
            "ckd_not_recycled in 2.A.1") in msg
    assert "ckd_calcination_fraction at Tier 3" in msg and "test row 2" in msg


def test_pre_check_per_gas_names_both_gases(ipcc_factors):
    with pytest.raises(MethodInputError, match=r"chemical_industry is missing 2 parameter\(s\): "
                                               r"EF_mass CO2 at Tier 2 .*silicon_carbide in "
                                               r"2.B.5.* \| EF_mass CH4 at Tier 2"):
        ippu(activity_rows(("DML", 2020, "2.B.5", "silicon_carbide", 10.0, "kt")),
             ipcc_factors, {"2.B.5": 2})


# ---- country parameters at Tier 1: reported, not used; used at Tier 2 ---------------------
def test_national_factor_at_tier1_is_reported_and_at_tier2_used():
    db = FactorDB.with_defaults(national_parameters(
        ("EF_mass", "2.C.6", "zinc", "CO2", 2.0, "t/t")))
    act = activity_rows(("DML", 2020, "2.C.6", "zinc", 10.0, "kt"))
    t1 = ippu(act, db)
    # Tier 1 takes Table 4.24: 10 kt x 1.72 = 17.2 kt, the national 2.0 t/t is not used ...
    r = one(t1, "zinc")
    assert r.value == pytest.approx(17.2) and r.factor_layer == "ipcc_default"
    assert r.tier == 1
    # ... and the core check lists it
    found = check("core.country_parameter_not_used").find(context(act, db, t1))
    assert list(found["parameter"]) == ["EF_mass"] and list(found["category"]) == ["2.C.6"]
    t2 = ippu(act, db, {"2.C.6": 2})
    r = one(t2, "zinc")
    # 10 kt x 2.0 t/t = 20 kt, national layer, Tier 2; the check has nothing left to report
    assert r.value == pytest.approx(20.0) and r.factor_layer == "national" and r.tier == 2
    assert r.parameter_ids == "p0"
    assert check("core.country_parameter_not_used").find(context(act, db, t2)).empty


def test_national_clinker_fraction_at_tier1_is_used_and_recorded():
    db = FactorDB.with_defaults(national_parameters(
        ("clinker_fraction", "2.A.1", "cement", "-", 0.70, "fraction")))
    act = activity_rows(("DML", 2020, "2.A.1", "cement", 1000.0, "kt"))
    r = one(ippu(act, db), "cement")
    # country data at Tier 1 (Eq. 2.1): 1,000 x 0.70 x 0.52 = 364 kt; the row says national
    assert r.value == pytest.approx(364.0) and r.tier == 1
    assert r.factor_layer == "national"
    default, national = r.parameter_ids.split(";")
    assert default.startswith("ipcc2006_v3_ch2_cement_lime_glass_defaults:")   # EF 0.52
    assert national == "p0"


def test_no_unused_country_parameter_on_the_demo():
    """Every IPPU parameter of the demo is used by some emission row (its parameter_ids):
    core.country_parameter_not_used has no false positive there."""
    from inventory import schema
    from inventory.demo import demo_activity, demo_parameters, demo_tiers

    act = demo_activity(years=[2005, 2006, 2007], sectors=["ippu"])
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"])
    act["activity_id"] = [f"a{i}" for i in range(len(act))]
    act["source_ref"] = None
    act = schema.ensure_valid(act, "activity")
    par = demo_parameters(sectors=["ippu"])
    par["parameter_id"] = [f"p{i}" for i in range(len(par))]
    par["source_ref"] = par["parameter_id"]
    db = FactorDB.with_defaults(par)
    em = ippu(act, db, demo_tiers(["ippu"]))
    assert len(par) == 37 and em["value"].notna().any()
    found = check("core.country_parameter_not_used").find(context(act, db, em))
    assert found.empty, found


def test_opening_bank_is_recorded_where_it_is_used(ipcc_factors):
    act = fgas_rows([2020, 2021, 2022], ("DML", "2.F.1.b", "mobile_ac:HFC134a", 1000.0))
    db = FactorDB.with_defaults(national_parameters(
        ("opening_bank", "2.F.1.b", "mobile_ac:HFC134a", "-", 5000.0, "t", "provincial",
         "DML")))
    tables = {}
    em = ippu(act, db, tables=tables)
    life = em[em.activity == "mobile_ac:lifetime"].set_index("year")
    # the opening bank retires over its first d = 12 years: used in every year here
    assert all("p0" in ids.split(";") for ids in life["parameter_ids"])
    assert set(life["factor_layer"]) == {"provincial"}
    # 2020: bank = 5,000 - 5,000/12 + 1,000 t; E_life = 0.15 x bank
    bank = 5.0 - 5.0 / 12 + 1.0
    assert life.loc[2020, "activity_value"] == pytest.approx(bank)
    assert life.loc[2020, "value"] == pytest.approx(0.15 * bank)
    assert check("core.country_parameter_not_used").find(context(act, db, em)).empty


# ---- tiers per gas -----------------------------------------------------------------------
def test_demo_sets_tiers_per_gas():
    tiers = load_config(DEMO).tiers
    assert tiers["2.C.3"] == {"*": 2, "CO2": 1}
    assert tiers["2.D.3"] == 2     # urea purity and solvent NMVOC: national values
    assert tiers["2.F.3"] == 2 and tiers["2.G.1"] == 2


def test_per_gas_tiers_in_one_category():
    # the purity is loaded as an IPCC-default-layer row (no 2006 default is shipped: see
    # ipcc2006_other_ippu_defaults.csv), so that CO2 can stay at Tier 1
    db = FactorDB.with_defaults(national_parameters(
        ("EF_mass", "2.D.3", "solvent_use", "NMVOC", 0.3, "t/t"),
        ("urea_purity", "2.D.3", "urea_catalyst", "-", 0.325, "fraction", "ipcc_default")))
    out = ippu(activity_rows(("DML", 2020, "2.D.3", "urea_catalyst", 100.0, "kt"),
                             ("DML", 2020, "2.D.3", "solvent_use", 10.0, "kt"),
                             ("DML", 2021, "2.D.3", "urea_catalyst", "NO", "kt")),
               db, {"2.D.3": {"NMVOC": 2}})
    urea = out[(out.activity == "urea_catalyst") & out.value.notna()].iloc[0]
    # CO2 at Tier 1 with the purity 32.5 %: 100 x 0.2 x 0.325 x 44/12 = 23.8333 kt
    assert urea.value == pytest.approx(23.8333, rel=1e-5) and urea.tier == 1
    assert urea.factor_layer == "ipcc_default"
    solvent = one(out, "solvent_use", "NMVOC")
    assert solvent.value == pytest.approx(3.0) and solvent.tier == 2
    # a notation-key row carries the tier of its gas too
    keyed = out[out.notation_key.notna()]
    assert list(keyed.tier) == [1]


def test_sinter_ch4_at_tier1_beside_a_tier2_mass_balance(ipcc_factors):
    out = ippu(activity_rows(
        ("DML", 2020, "2.C.1", "sinter", 100.0, "kt"),
        ("DML", 2020, "2.C.1", "input:coke", 500.0, "kt"),
        ("DML", 2020, "2.C.1", "output:steel", 1000.0, "kt")), ipcc_factors,
        {"2.C.1": {"CO2": 2, "CH4": 1}})
    # CO2 from the mass balance only (500 x 0.83 - 1,000 x 0.01) x 44/12 = 1,485 kt
    co2 = out[out.gas == "CO2"]
    assert list(co2.activity) == ["mass_balance"] and co2.value.iloc[0] == pytest.approx(1485.0)
    assert co2.tier.iloc[0] == 2
    # sinter CH4 at Tier 1: 100 kt x 0.07 kg/t = 0.007 kt
    ch4 = one(out, "sinter", "CH4")
    assert ch4.value == pytest.approx(0.007) and ch4.tier == 1


def test_tier_for_one_stage_of_electrical_equipment_is_an_error(ipcc_factors):
    act = fgas_rows([2020], ("DML", "2.G.1", "switchgear:SF6", 10.0))
    with pytest.raises(MethodInputError, match="Tier 2 is set for 2.G.1.b but Tier 1 for 2.G.1"):
        ippu(act, ipcc_factors, {"2.G.1.b": 2})


# ---- background table ----------------------------------------------------------------------
def test_fgas_bank_table_columns_and_a_hand_checked_row(ipcc_factors):
    assert background_tables()["ippu.fgas_bank"] is BANK_TABLE
    assert BANK_TABLE.column_names == [
        "region", "year", "category", "application", "gas", "model", "tier", "charge", "bank",
        "e_charge", "e_life", "retired", "remaining", "e_eol", "recovered", "servicing",
        "sales", "emissions"]
    tables = {}
    ippu(fgas_rows([2019, 2020], ("DML", "2.F.1.b", "mobile_ac:HFC134a", 1000.0),
                   ("DML", "2.F.4", "aerosols_mdi:HFC134a", 100.0)),
         ipcc_factors, tables=tables)
    t = pd.concat(tables["ippu.fgas_bank"])
    assert list(t.columns) == BANK_TABLE.column_names
    r = t[(t.year == 2020) & (t.application == "mobile_ac")].iloc[0]
    # Table 7.9 mobile AC (k 0.35 %, midpoint of 0.2-0.5 %; x 15 %, d 12): bank 2.0 kt, E_life
    # 0.3 kt, E_charge 0.0035 kt; sales = 1.0 x 1.0035 + servicing (0.3 - 0.75 x 0) = 1.3035 kt
    assert (r.model, r.tier, r.category) == ("bank", 1, "2.F.1.b")
    assert r.bank == pytest.approx(2.0) and r.e_life == pytest.approx(0.3)
    assert r.e_charge == pytest.approx(0.0035) and r.sales == pytest.approx(1.3035)
    assert r.emissions == pytest.approx(0.3035)   # 0.3 + 0.0035
    a = t[(t.year == 2020) & (t.application == "aerosols_mdi")].iloc[0]
    # prompt, f = 0.5: 0.5 x 0.1 + 0.5 x 0.1 = 0.1 kt; unemitted at year end 0.05 kt
    assert a.model == "prompt" and a.emissions == pytest.approx(0.1)
    assert a.bank == pytest.approx(0.05) and a.e_charge == 0.0
    # product: national tonnes, actual / potential
    prod = fgas_actual_vs_potential(t)
    m = prod[(prod.year == 2020) & (prod.application == "mobile_ac")].iloc[0]
    assert m.actual_t == pytest.approx(303.5) and m.potential_t == pytest.approx(1303.5)
    assert m.actual_to_potential == pytest.approx(303.5 / 1303.5)


# ---- checks and products -------------------------------------------------------------------
def test_negative_servicing_check():
    # k 0, x 1 %/yr, d 1 year, p 50 %, eta 0: in 2021 the 2020 vintage (100 t) retires;
    # servicing = 0.01 x 100 - (1 - 0.5) x 100 = -49 t < 0
    db = FactorDB.with_defaults(national_parameters(*[
        (p, "2.F.1.a", "domestic_refrigeration", "-", v, u) for p, v, u in (
            ("charge_loss", 0.0, "fraction"), ("leak_rate", 0.01, "fraction"),
            ("lifetime", 1, "year"), ("eol_residual", 0.5, "fraction"),
            ("recovery_efficiency", 0.0, "fraction"))]))
    act = fgas_rows([2020, 2021], ("DML", "2.F.1.a", "domestic_refrigeration:HFC134a", 100.0))
    tables = {}
    em = ippu(act, db, {"2.F.1": 2}, tables=tables)
    ctx = context(act, db, em, {k: pd.concat(v) for k, v in tables.items()})
    found = check("ippu.fgas_negative_servicing").find(ctx)
    assert list(found["year"]) == [2021] and list(found["activity"]) == ["domestic_refrigeration"]
    assert found["servicing"].iloc[0] == pytest.approx(-0.049)
    assert check("ippu.fgas_negative_servicing").sector == "ippu"


def test_implied_factor_product(ipcc_factors):
    db = FactorDB.with_defaults(national_parameters(
        ("abatement_utilisation", "2.B.3", "*", "-", 0.9, "fraction")))
    em = ippu(activity_rows(
        ("DML", 2020, "2.B.2", "nitric_acid:medium_pressure", 100.0, "kt"),
        ("EST", 2020, "2.B.2", "nitric_acid:medium_pressure", 50.0, "kt"),
        ("DML", 2020, "2.B.3", "adipic_acid:thermal_destruction", 10.0, "kt")), db,
        {"2.B.3": 2})
    out = implied_factors(em, db).set_index("activity")
    nitric = out.loc["nitric_acid:medium_pressure"]
    # national: 150 kt x 7 kg/t = 1.05 kt N2O; IEF 7 kg/t = the Table 3.3 default (5.6-8.4)
    assert nitric.activity_value == pytest.approx(150.0) and nitric.ief == pytest.approx(7.0)
    assert nitric.ipcc_default == pytest.approx(7.0) and nitric.within_range is True
    adipic = out.loc["adipic_acid:thermal_destruction"]
    # Tier 2 with abatement: 300 x (1 - 0.985 x 0.9) = 34.05 kg/t, outside 270-330
    assert adipic.ief == pytest.approx(34.05) and adipic.within_range is False
    assert adipic.tier == 2
    names = {p.name: p for p in report_products("sector", sector="ippu")}
    assert names["ippu.implied_factors"].filename == "ippu_implied_factors.csv"
    assert names["ippu.fgas_actual_vs_potential"].filename == "ippu_fgas_actual_vs_potential.csv"
