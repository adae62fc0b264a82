"""Agriculture on the method kit: the TierSpec pre-check, the layer role of each parameter per
tier (a national factor at Tier 1 is reported and not used, at Tier 2 it is used and named),
tiers per category and gas, the tier of computed categories (3.C.4/3.C.5/3.C.6 without
activity rows), the declared background tables, and the sector's checks and products."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import inventory.qa  # noqa: F401  (registers the core checks)
from inventory.checks import registered_checks
from inventory.errors import MethodInputError
from inventory.factors import FactorDB
from inventory.methods import registered_methods
from inventory.products import RunContext, background_tables
from sectors.agriculture import qa
from tests.conftest import national_parameters
from tests.test_agriculture_methods import OPTS, herd, pick, run_agriculture

N2O_N = 44 / 28
WHEAT = [("R1", 2020, "3.C.1.b", "wheat", 200, "ha")]


def _unused_check(params: pd.DataFrame, em: pd.DataFrame) -> pd.DataFrame:
    """The core check core.country_parameter_not_used as the run evaluates it."""
    check = next(c for c in registered_checks("emissions")
                 if c.name == "core.country_parameter_not_used")
    ctx = RunContext(None, pd.DataFrame(), params, None, em)
    return check.find(ctx)


# ------------------------------------------------------------------ the TierSpecs
def test_every_method_declares_roles_for_its_tiers():
    methods = [m for m in registered_methods() if m.sector == "agriculture"]
    assert {m.name for m in methods} == {"livestock_and_managed_soils", "savanna_burning",
                                         "rice_cultivation", "soil_carbonates"}
    for m in methods:
        for spec in m.tiers.values():
            assert spec.factors and "*" not in spec.factors, m.name   # no legacy form
            for need in spec.requires:
                assert need.parameter in spec.factors, (m.name, need.parameter)
    live = next(m for m in methods if m.name == "livestock_and_managed_soils")
    assert live.tier_per_gas
    t1, t2 = live.tiers[1].factors, live.tiers[2].factors
    assert t1["EF_enteric"] == "default" and t2["EF_enteric"] == "country"
    assert t1["EF3"] == "default" and t2["EF3"] == "any"
    assert t1["TAM"] == "any" and t1["Frac_Remove"] == "any"      # country data at Tier 1
    # FracLeachMS: no 2006 default (leaching NE at Tier 1 under ipcc2006), the 2019
    # Refinement Table 10.22 default under ipcc2006_2019r; national where given at Tier 2
    assert t1["Frac_LeachMS"] == "default" and t2["Frac_LeachMS"] == "any"
    # 2019 Refinement structures (issue 12): VS rate (Eq. 10.22A), R_N2 (Eq. 10.34A)
    assert t1["VS_rate"] == "default" and t1["R_N2"] == "default" and "VS" not in t1
    # burning at Tier 2: national fuel burnt; national G_ef where given, else Table 2.5
    assert t2["fuel_consumed"] == "country" and t2["G_ef"] == "any"


def test_precheck_names_every_missing_parameter_in_one_message(ipcc_factors, monkeypatch):
    """Burning at Tier 2 without national data: the fuel burnt of savanna, crop residues and
    the enteric factor of Tier 2 sheep are all named at once, before anything is computed;
    the emission factors are not asked for (Tier 2 takes Table 2.5 where no national value
    is given)."""
    import sectors.agriculture as agri

    def boom(*args, **kwargs):
        raise AssertionError("compute ran before the pre-check")

    monkeypatch.setattr(agri, "biomass_burning", boom)
    monkeypatch.setattr(agri, "livestock_emissions", boom)
    rows = [("R1", 2020, "3.C.1.c", "grassland", 1000, "ha")]
    with pytest.raises(MethodInputError) as e:
        run_agriculture(rows, ipcc_factors, {"3.C.1.c": 2})
    msg = str(e.value)
    assert "savanna_burning is missing 1 parameter(s)" in msg and "G_ef" not in msg
    assert "fuel_consumed at Tier 2" in msg
    assert "layers national, provincial, plant" in msg and "grassland in 3.C.1.c" in msg
    rows = [*WHEAT, *herd("sheep", "3.A.1.c", "3.A.2.c", 100, {"pasture_range_paddock": 100})]
    with pytest.raises(MethodInputError) as e:
        run_agriculture(rows, ipcc_factors, {"3.C.1.b": 2, "3.A.1.c": 2})
    msg = str(e.value)
    assert "livestock_and_managed_soils is missing 2 parameter(s)" in msg
    assert "EF_enteric CH4 at Tier 2" in msg and "fuel_consumed at Tier 2" in msg
    assert "wheat in 3.C.1.b" in msg and "sheep in 3.A.1.c" in msg


def test_precheck_names_the_rows_of_a_missing_parameter(ipcc_factors):
    """Tier 2 sheep need a national EF_enteric; Tier 2 liming and urea a national EF_C: the
    message names the parameter, the tier, its layers and every activity without one."""
    rows = herd("sheep", "3.A.1.c", "3.A.2.c", 100, {"pasture_range_paddock": 100})
    with pytest.raises(MethodInputError, match="EF_enteric CH4 at Tier 2") as e:
        run_agriculture(rows, ipcc_factors, {"3.A.1.c": 2})
    assert "sheep in 3.A.1.c" in str(e.value) and "test row 1" in str(e.value)
    with pytest.raises(MethodInputError, match="EF_C CO2 at Tier 2") as e:
        run_agriculture([("R1", 2020, "3.C.2", "limestone", 1, "t"),
                         ("R1", 2020, "3.C.3", "urea", 1, "t")], ipcc_factors,
                        {"3.C.2": 2, "3.C.3": 2})
    assert "limestone in 3.C.2" in str(e.value) and "urea in 3.C.3" in str(e.value)


# ------------------------------------------------------------------ national factors by tier
def test_national_rice_efc_ignored_at_tier1_used_at_tier2(ipcc_factors):
    params = national_parameters(("EF_rice_base", "3.C.7", "*", "CH4", 1.5, "kg/ha/d"))
    f = FactorDB.with_defaults(params)
    rows = [("R1", 2020, "3.C.7", "rainfed_regular", 1000, "ha"),
            ("R1", 2020, "3.C.7", "rainfed_regular:days", 100, "d")]
    t1 = run_agriculture(rows, f)
    r = pick(t1, "3.C.7", "rainfed_regular", "CH4")
    # IPCC 2006 Table 5.11 global EFc 1.30 x SFw 0.28 (Table 5.12) x 100 d x 1000 ha
    assert r["value"] == pytest.approx(1.30 * 0.28 * 100 * 1000 / 1e6)
    assert r["tier"] == 1 and r["factor_layer"] == "ipcc_default"
    found = _unused_check(params, t1)
    assert list(found["parameter"]) == ["EF_rice_base"] and found["source_ref"].iloc[0] == \
        "test parameter 1"
    t2 = run_agriculture(rows, f, {"3.C.7": 2})
    r = pick(t2, "3.C.7", "rainfed_regular", "CH4")
    assert r["value"] == pytest.approx(1.5 * 0.28 * 100 * 1000 / 1e6)
    assert r["tier"] == 2 and r["factor_layer"] == "national"
    assert "p0" in r["parameter_ids"].split(";") and "test national" in r["factor_source"]
    assert _unused_check(params, t2).empty


def test_national_ef3_and_sheep_enteric_factor_by_tier(ipcc_factors):
    params = national_parameters(("EF3", "3.A.2", "solid_storage", "N2O", 0.02, "fraction"),
                                 ("EF_enteric", "3.A.1.c", "sheep", "CH4", 7.0, "kg/head/yr"))
    f = FactorDB.with_defaults(params)
    rows = herd("sheep", "3.A.1.c", "3.A.2.c", 1000, {"solid_storage": 100})
    t1 = run_agriculture(rows, f)
    assert pick(t1, "3.A.1.c", "sheep", "CH4")["ief"] == pytest.approx(5.0)   # Table 10.10
    d = pick(t1, "3.A.2.c", "sheep:solid_storage", "N2O")
    # 2006 Table 10.21 solid storage 0.005
    assert d["ief"] == pytest.approx(0.005 * N2O_N) and d["factor_layer"] == "ipcc_default"
    assert sorted(_unused_check(params, t1)["parameter"]) == ["EF3", "EF_enteric"]
    t2 = run_agriculture(rows, f, {"3.A.1.c": 2, "3.A.2.c": {"N2O": 2, "CH4": 1}})
    e = pick(t2, "3.A.1.c", "sheep", "CH4")
    assert e["ief"] == pytest.approx(7.0) and e["factor_layer"] == "national"
    d = pick(t2, "3.A.2.c", "sheep:solid_storage", "N2O")
    assert d["ief"] == pytest.approx(0.02 * N2O_N) and d["factor_layer"] == "national"
    assert d["tier"] == 2 and _unused_check(params, t2).empty


def test_national_typical_animal_mass_is_used_at_tier1(ipcc_factors):
    """Country data (role "any"): a national TAM changes Nex at Tier 1 and is named."""
    params = national_parameters(("TAM", "3.A.2.h", "swine", "-", 40, "kg"))
    rows = herd("swine", "3.A.1.h", "3.A.2.h", 1000, {"solid_storage": 100})
    em = run_agriculture(rows, FactorDB.with_defaults(params))
    d = pick(em, "3.A.2.h", "swine:solid_storage", "N2O")
    # Eq. 10.30 with the 2006 Table 10.19 Asia swine rate 0.42 (EF ID 417244)
    assert d["activity_value"] == pytest.approx(1000 * 0.42 * 40 / 1000 * 365)
    assert d["tier"] == 1 and d["factor_layer"] == "national"
    assert _unused_check(params, em).empty


# ------------------------------------------------------------------ tiers per gas
def test_manure_ch4_and_n2o_take_their_own_tier(ipcc_factors):
    # the 2006 Annex 10A-7 Bo and TAM of Asian swine are not shipped (unconfirmed): national
    params = national_parameters(("VS", "3.A.2.h", "swine", "-", 0.4, "kg/head/d"),
                                 ("Bo", "3.A.2.h", "swine", "-", 0.29, "m3/kg"),
                                 ("EF3", "3.A.2.h", "solid_storage", "N2O", 0.02, "fraction"))
    f = FactorDB.with_defaults(params)
    rows = herd("swine", "3.A.1.h", "3.A.2.h", 1000, {"solid_storage": 100},
                (("weight", 28, "kg"),))
    tables: dict = {}
    em = run_agriculture(rows, f, {"3.A.2.h": {"CH4": 2, "N2O": 1}}, tables=tables)
    ch4 = pick(em, "3.A.2.h", "swine", "CH4")
    # Eq. 10.23: national VS 0.4 and Bo 0.29, solid storage MCF 4 % (Table 10.17)
    assert ch4["ief"] == pytest.approx(0.4 * 365 * 0.29 * 0.67 * 0.04)
    assert ch4["tier"] == 2 and ch4["factor_layer"] == "national"
    n2o = pick(em, "3.A.2.h", "swine:solid_storage", "N2O")
    # default EF3 solid storage 0.005 (2006 Table 10.21)
    assert n2o["tier"] == 1 and n2o["ief"] == pytest.approx(0.005 * N2O_N)
    assert list(_unused_check(params, em)["parameter"]) == ["EF3"]
    live = tables["agriculture.livestock"].iloc[0]
    assert (live["tier_enteric"], live["tier_manure_ch4"], live["tier_manure_n2o"]) == (1, 2, 1)


def test_burning_gases_take_their_own_tier(ipcc_factors):
    """Crop residue burning with CH4 at Tier 2 (national fuel and CH4 factor), the other
    gases at Tier 1; the pre-check asks each gas for its own tier's data only."""
    params = national_parameters(("fuel_consumed", "3.C.1.b", "wheat", "-", 3.0, "t/ha"),
                                 ("G_ef", "3.C.1.b", "wheat", "CH4", 3.5, "g/kg"))
    f = FactorDB.with_defaults(params)
    tables: dict = {}
    em = run_agriculture(WHEAT, f, {"3.C.1.b": {"CH4": 2, "*": 1}}, tables=tables)
    ch4 = pick(em, "3.C.1.b", "wheat", "CH4")
    assert ch4["tier"] == 2 and ch4["value"] == pytest.approx(200 * 3.0 * 3.5 / 1e6)
    assert ch4["factor_layer"] == "national"
    n2o = pick(em, "3.C.1.b", "wheat", "N2O")     # Table 2.4 wheat 4.0 t/ha, Table 2.5 0.07
    assert n2o["tier"] == 1 and n2o["value"] == pytest.approx(200 * 4.0 * 0.07 / 1e6)
    burn = tables["agriculture.burning"].set_index("gas")
    assert burn.loc["CH4", "fuel_consumed"] == 3.0 and burn.loc["N2O", "fuel_consumed"] == 4.0
    assert burn.loc["CH4", "tier"] == 2 and burn.loc["CO", "tier"] == 1
    # the other way round: no national CH4 factor is asked for while CH4 is at Tier 1
    params = national_parameters(("fuel_consumed", "3.C.1.b", "wheat", "-", 3.0, "t/ha"),
                                 *(("G_ef", "3.C.1.b", "wheat", g, 1.0, "g/kg")
                                   for g in ("N2O", "CO", "NOx")))
    em = run_agriculture(WHEAT, FactorDB.with_defaults(params),
                         {"3.C.1.b": {"*": 2, "CH4": 1}})
    assert pick(em, "3.C.1.b", "wheat", "CH4")["value"] == pytest.approx(200 * 4.0 * 2.7 / 1e6)
    assert pick(em, "3.C.1.b", "wheat", "CO")["value"] == pytest.approx(200 * 3.0 * 1.0 / 1e6)


# ------------------------------------------------------------------ computed categories
def test_tier_of_3c4_applies_without_3c4_activity_rows(ipcc_factors):
    """Regression (issue 11): a tier set for 3.C.4 was ignored when the project had no 3.C.4
    activity row (tiers came from the activity rows only); the manure N on pasture still
    produces 3.C.4 rows, which must take that tier and its national EF3PRP."""
    params = national_parameters(("EF3PRP", "3.C.4", "CPP", "N2O", 0.006, "fraction"))
    f = FactorDB.with_defaults(params)
    rows = herd("dairy_cattle", "3.A.1.a.i", "3.A.2.a.i", 1000, {"pasture_range_paddock": 100})
    nex = 0.47 * 350 / 1000 * 365            # Table 10.19 Asia dairy, TAM 350 kg (10A-4)
    t1 = run_agriculture(rows, f)
    g = pick(t1, "3.C.4", "urine_dung_grazing", "N2O")
    # 2006 Table 11.1 EF3PRP cattle, poultry, pigs 0.02
    assert g["tier"] == 1 and g["value"] == pytest.approx(1000 * nex * 0.02 * N2O_N / 1e6)
    em = run_agriculture(rows, f, {"3.C.4": 2, "3.C.5": 2})
    g = pick(em, "3.C.4", "urine_dung_grazing", "N2O")
    assert g["tier"] == 2 and g["factor_layer"] == "national"
    assert g["value"] == pytest.approx(1000 * nex * 0.006 * N2O_N / 1e6)
    assert pick(em, "3.C.5", "atmospheric_deposition", "N2O")["tier"] == 2
    assert _unused_check(params, em).empty


# ------------------------------------------------------------------ background tables
def test_background_tables_declared_columns_and_hand_values(ipcc_factors):
    rows = herd("dairy_cattle", "3.A.1.a.i", "3.A.2.a.i", 1000,
                {"solid_storage": 60, "pasture_range_paddock": 40})
    rows += [("R1", 2020, "3.C.4", "wheat:production", 4000, "t"),
             ("R1", 2020, "3.C.4", "wheat:area", 1000, "ha"), *WHEAT,
             ("R1", 2020, "3.C.7", "irrigated_single_drainage", 500, "ha"),
             ("R1", 2020, "3.C.7", "irrigated_single_drainage:days", 100, "d")]
    tables: dict = {}
    run_agriculture(rows, ipcc_factors, tables=tables)
    specs = {k: v for k, v in background_tables().items() if v.sector == "agriculture"}
    assert set(tables) == set(specs) == {
        "agriculture.livestock", "agriculture.manure_systems", "agriculture.crop_residues",
        "agriculture.rice", "agriculture.burning"}
    for name, df in tables.items():
        assert list(df.columns) == specs[name].column_names, name
        assert all(c.doc for c in specs[name].columns)
    nex = 0.47 * 350 / 1000 * 365
    live = tables["agriculture.livestock"].iloc[0]
    assert live["nex"] == pytest.approx(nex) and live["tam"] == pytest.approx(350)
    assert live["ef_enteric"] == pytest.approx(68) and live["climate"] == "temperate"
    # Tier 1 manure CH4 per head (2006 Table 10.14, Asia dairy cows at 17 C: 15 kg): no VS or
    # Bo used; the MCFs of the systems are still shown (2006 Table 10.17 temperate: solid
    # storage 4 %, pasture 1.5 %)
    assert live["ef_manure_ch4"] == pytest.approx(15)
    assert np.isnan(live["vs"]) and np.isnan(live["bo"])
    assert live["mcf"] == pytest.approx(0.6 * 0.04 + 0.4 * 0.015)
    sys_ = tables["agriculture.manure_systems"].set_index("system")
    assert sys_.loc["solid_storage", "n_excreted"] == pytest.approx(1000 * nex * 0.6)
    assert sys_.loc["solid_storage", "n_applied"] == pytest.approx(1000 * nex * 0.6 * 0.6)
    assert sys_.loc["solid_storage", "n_volatilised"] == pytest.approx(1000 * nex * 0.6 * 0.3)
    assert np.isnan(sys_.loc["pasture_range_paddock", "n_applied"])
    assert np.isnan(sys_.loc["solid_storage", "n_leached"])     # no FracLeachMS at Tier 1
    rice = tables["agriculture.rice"].iloc[0]
    # IPCC 2006 EFc 1.30 x SFw single drainage 0.60 (Tables 5.11, 5.12)
    assert rice["ef_daily"] == pytest.approx(1.30 * 0.60) and rice["days"] == 100
    burn = tables["agriculture.burning"]
    assert set(burn["gas"]) == {"CH4", "N2O", "CO", "NOx"}
    assert (burn["fuel_consumed"] == 4.0).all() and (burn["area"] == 200).all()
    cr = tables["agriculture.crop_residues"].iloc[0]
    crop = 4_000_000 / 1000 * 0.89                      # Eq. 11.7, Table 11.2 wheat
    assert cr["crop_yield"] == pytest.approx(crop)
    assert cr["ag_dm"] == pytest.approx(crop / 1000 * 1.51 + 0.52)
    assert cr["area_burnt"] == 200 and cr["frac_remove"] == 0


def test_no_detail_column_and_no_method_joins():
    """Background data travel in declared tables: no JSON column on the emission rows, no
    CRT writer selecting rows by the method that computed them."""
    from pathlib import Path

    import sectors.agriculture as agri

    src = "\n".join(p.read_text() for p in Path(agri.__file__).parent.glob("*.py"))
    for banned in ('"detail"', "detail_json", "json.loads", "rows_of_method", "lookup_chain",
                   "layers=", "factors.lookup(", "factors.require("):
        assert banned not in src, banned


# ------------------------------------------------------------------ checks and products
def test_dry_matter_intake_check_returns_the_offending_rows():
    live = pd.DataFrame({"region": ["R1", "R2"], "year": [2020, 2020],
                         "animal": ["dairy_cattle"] * 2, "enteric_category": ["3.A.1.a.i"] * 2,
                         "ge": [400.0, 200.0], "weight": [500.0, 500.0]})
    out = qa.dry_matter_intake(live)
    # 400 / 18.45 = 21.7 kg dm = 4.3 % of 500 kg (flagged); 200 MJ = 2.2 % (not)
    assert list(out["region"]) == ["R1"] and out["category"].iloc[0] == "3.A.1.a.i"
    assert out["dmi_share_of_weight"].iloc[0] == pytest.approx(400 / 18.45 / 500)
    assert qa.dry_matter_intake(live.iloc[0:0]).empty


def test_tier2_enteric_factor_far_from_default_and_products(ipcc_factors):
    from tests.test_agriculture_methods import DAIRY_T2

    rows = herd("dairy_cattle", "3.A.1.a.i", "3.A.2.a.i", 500, {"solid_storage": 60,
                                                                "pasture_range_paddock": 40},
                DAIRY_T2)
    rows += herd("sheep", "3.A.1.c", "3.A.2.c", 1000, {"pasture_range_paddock": 100})
    tables: dict = {}
    em = run_agriculture(rows, ipcc_factors, {"3.A.1.a": 2}, tables=tables)

    class Project:
        options = {"agriculture": OPTS}

    ctx = RunContext(Project(), pd.DataFrame(), pd.DataFrame(), ipcc_factors, em, tables)
    flagged = qa.far_from_default(ctx)
    # the 600 kg cow giving 20 kg milk: 143.5 kg CH4/head/yr against Asia's 68 (ratio 2.1)
    assert list(flagged["activity"]) == ["dairy_cattle"] and flagged["region"].iloc[0] == "R1"
    assert flagged["ratio"].iloc[0] == pytest.approx(pick(em, "3.A.1.a.i", "dairy_cattle",
                                                          "CH4")["ief"] / 68)
    ief = qa.enteric_vs_default(em, ipcc_factors, OPTS).set_index("activity")
    assert ief.loc["sheep", "ratio"] == pytest.approx(1.0) and ief.loc["sheep", "tier"] == 1
    flows = qa.n_flows(em, tables["agriculture.manure_systems"]).set_index("flow")["value"]
    n_cow = pick(em, "3.A.2.a.i", "dairy_cattle:solid_storage", "N2O")["activity_value"]
    assert flows["excreted_managed"] == pytest.approx(n_cow / 1e6)
    pasture = tables["agriculture.manure_systems"].query("fate == 'pasture'")["n_excreted"]
    assert flows["excreted_pasture"] == pytest.approx(pasture.sum() / 1e6)
    assert flows["soil_urine_dung_grazing"] == pytest.approx(pasture.sum() / 1e6)
    assert flows["soil_animal_manure_applied"] == pytest.approx(n_cow * 0.6 / 1e6)
