"""The guideline edition as a project setting (issue 12): which default rows each setting
loads, the project key, and worked examples computed by hand from the printed tables of each
edition (enteric, manure N2O, soils direct and indirect N2O, rice, solid waste FOD, a fuel).
Every number cites its table and EFDB row; a test fails when a setting picks the other
edition's value."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from inventory.errors import InputError, MethodInputError
from inventory.factors import (
    DEFAULT_GUIDELINES,
    EDITIONS,
    GUIDELINES,
    FactorDB,
    default_table_paths,
    default_tables,
    editions_of,
    read_default_provenance,
)
from inventory.methods import MethodInput
from inventory.project import load_config
from sectors.waste.solid_waste_disposal import fod_model
from tests.conftest import activity_rows
from tests.test_agriculture_methods import run_agriculture

N2O_N = 44 / 28
OPTS = {"ipcc_region": "asia", "development": "developing", "mean_annual_temperature": 17}


@pytest.fixture(scope="module")
def db06() -> FactorDB:
    return FactorDB.with_defaults(guidelines="ipcc2006")


@pytest.fixture(scope="module")
def db19() -> FactorDB:
    return FactorDB.with_defaults(guidelines="ipcc2006_2019r")


def run(rows, factors, options=OPTS, tiers=None):
    """The agriculture methods as a run calls them (TierSpec roles and pre-check)."""
    return run_agriculture(rows, factors, tiers, options)


def pick(em, category, activity, gas):
    r = em[(em["category"] == category) & (em["activity"] == activity) & (em["gas"] == gas)]
    assert len(r) == 1, f"{category} {activity} {gas}: {len(r)} rows"
    return r.iloc[0]


# ------------------------------------------------------------------ the setting
def test_settings_and_default():
    assert set(GUIDELINES) == {"ipcc2006", "ipcc2006_2019r"}
    assert DEFAULT_GUIDELINES == "ipcc2006"
    assert editions_of("ipcc2006") == ("2006", "2006+2019R")
    assert editions_of("ipcc2006_2019r") == ("2019R", "2006+2019R")
    assert FactorDB.with_defaults().guidelines == "ipcc2006"
    with pytest.raises(InputError, match="unknown guidelines 'ipcc2019'"):
        FactorDB.with_defaults(guidelines="ipcc2019")


def test_every_default_row_names_an_edition():
    for path in default_table_paths():
        df = read_default_provenance(path)
        assert df["edition"].isin(EDITIONS).all(), path.name


@pytest.mark.parametrize("guidelines", ["ipcc2006", "ipcc2006_2019r"])
def test_one_value_per_key_and_setting(guidelines):
    """No lookup can see two editions' values: within one setting every key is unique."""
    t = default_tables(guidelines)
    key = ["parameter", "category", "activity", "gas", "region", "year_from", "year_to"]
    dup = t[t.duplicated(key, keep=False)]
    assert dup.empty, dup[key + ["value", "source_ref"]].head()


def test_sources_name_the_edition(db06, db19):
    q = pd.DataFrame({"region": ["R"], "year": [2020], "category": ["3.A.2"],
                      "activity": ["solid_storage"]})
    a = db06.lookup(q, "EF3", "fraction", "N2O")
    b = db19.lookup(q, "EF3", "fraction", "N2O")
    # Table 10.21 solid storage: 2006 0.005 (EFDB 417262), 2019 Refinement 0.01 (329684)
    assert a.value[0] == pytest.approx(0.005) and a.source[0].startswith("IPCC 2006 ")
    assert b.value[0] == pytest.approx(0.01) and b.source[0].startswith("2019 Refinement ")


def test_project_setting(tmp_path):
    (tmp_path / "inventory.yml").write_text(
        "name: t\nparty: T\nregions: [{code: R, name: R}]\nyears: [2020, 2020]\n"
        "guidelines: ipcc2006_2019r\ninputs: [data.csv]\n", encoding="utf-8")
    assert load_config(tmp_path).guidelines == "ipcc2006_2019r"
    (tmp_path / "inventory.yml").write_text(
        "name: t\nparty: T\nregions: [{code: R, name: R}]\nyears: [2020, 2020]\ninputs: [data.csv]\n",
        encoding="utf-8")
    assert load_config(tmp_path).guidelines == "ipcc2006"
    (tmp_path / "inventory.yml").write_text(
        "name: t\nparty: T\nregions: [{code: R, name: R}]\nyears: [2020, 2020]\n"
        "guidelines: 2019\ninputs: [data.csv]\n", encoding="utf-8")
    with pytest.raises(InputError, match="guidelines"):
        load_config(tmp_path)


# ------------------------------------------------------------------ enteric fermentation
def herd(animal, cat, mcat, head, shares, extra=()):
    rows = [("R1", 2020, cat, animal, head, "head")]
    rows += [("R1", 2020, cat, f"{animal}:{a}", v, u) for a, v, u in extra]
    rows += [("R1", 2020, mcat, f"{animal}:{m}", s, "%") for m, s in shares.items()]
    return rows


def test_enteric_by_edition(db06, db19):
    rows = herd("dairy_cattle", "3.A.1.a.i", "3.A.2.a.i", 1000, {"pasture_range_paddock": 100})
    rows += herd("sheep", "3.A.1.c", "3.A.2.c", 1000, {"pasture_range_paddock": 100})
    # 2006 Table 10.11 Asia dairy 68 kg CH4/head/yr (EFDB 415945); Table 10.10 sheep,
    # developing countries 5 (415927): 1,000 head -> 0.068 and 0.005 kt
    em = run(rows, db06)
    assert pick(em, "3.A.1.a.i", "dairy_cattle", "CH4")["value"] == pytest.approx(0.068)
    assert pick(em, "3.A.1.c", "sheep", "CH4")["value"] == pytest.approx(0.005)
    # 2019 Refinement Table 10.11 Asia dairy, high productivity 96 (328744); Table 10.10
    # sheep, high productivity 9 (328713): 0.096 and 0.009 kt
    em = run(rows, db19, {**OPTS, "productivity": "high",
                                                                "climate_zone":
                                                                "warm_temperate_moist"})
    d = pick(em, "3.A.1.a.i", "dairy_cattle", "CH4")
    assert d["value"] == pytest.approx(0.096) and d["factor_source"].startswith("2019")
    assert pick(em, "3.A.1.c", "sheep", "CH4")["value"] == pytest.approx(0.009)
    # sheep have no regional average in Table 10.10 and the Asian Bo of Table 10.16 is given
    # by productivity system only: without the option the run names it
    with pytest.raises(MethodInputError, match="productivity"):
        run(rows, db19)
    # a developed region has one value: Western Europe dairy 126 (Table 10.11, 328727)
    em = run(rows[:2], db19,
             {**OPTS, "ipcc_region": "western_europe"})
    assert pick(em, "3.A.1.a.i", "dairy_cattle", "CH4")["value"] == pytest.approx(0.126)


def test_africa_middle_east_is_one_region_in_2006_only(db06, db19):
    rows = herd("other_cattle", "3.A.1.a.ii", "3.A.2.a.ii", 1000,
                {"pasture_range_paddock": 100})
    # 2006 Table 10.11 Africa and Middle East, other cattle 31 (415948)
    em = run(rows, db06,
             {**OPTS, "ipcc_region": "africa_middle_east"})
    assert pick(em, "3.A.1.a.ii", "other_cattle", "CH4")["ief"] == pytest.approx(31)
    with pytest.raises(InputError, match="africa or middle_east"):
        run(rows, db19,
            {**OPTS, "ipcc_region": "africa_middle_east"})


# ------------------------------------------------------------------ manure CH4
def test_manure_ch4_by_edition(db06, db19):
    rows = herd("dairy_cattle", "3.A.1.a.i", "3.A.2.a.i", 1000,
                {"solid_storage": 50, "liquid_slurry": 50})
    opts = {**OPTS, "ipcc_region": "western_europe"}
    # 2006: Table 10.14 per head, Western Europe dairy cows at 17 C: 40 kg CH4/head/yr
    # (EFDB 416040; the factor embeds the regional system mix)
    em = run(rows, db06, opts)
    r = pick(em, "3.A.2.a.i", "dairy_cattle", "CH4")
    assert r["ief"] == pytest.approx(40) and "Table 10.14" in r["factor_source"]
    # 2019 Refinement (Eqs. 10.22A, 10.23): VS = VS rate 8.4 kg/(1000 kg)/d (Table 10.13A,
    # 328789) x 600 kg (Table 10.19, 329470) / 1000 = 5.04 kg VS/d; Bo 0.24 (Table 10.16,
    # 329303); MCF solid storage, temperate 4 % (Table 10.17, 329417) and liquid/slurry,
    # warm temperate moist, 3 months 24 % (329367): EF = 5.04 x 365 x 0.24 x 0.67 x
    # (0.5 x 0.04 + 0.5 x 0.24) = 1839.6 x 0.24 x 0.67 x 0.14 = 41.4131 kg CH4/head/yr
    em = run(rows, db19,
             {**opts, "climate_zone": "warm_temperate_moist", "manure_storage_months": 3})
    ef = 5.04 * 365 * 0.24 * 0.67 * (0.5 * 0.04 + 0.5 * 0.24)
    r = pick(em, "3.A.2.a.i", "dairy_cattle", "CH4")
    assert ef == pytest.approx(41.4131, abs=1e-4)
    assert r["ief"] == pytest.approx(ef) and r["value"] == pytest.approx(ef * 1000 / 1e6)
    # the liquid system needs the storage period (2019 Table 10.17)
    with pytest.raises(InputError, match="manure_storage_months"):
        run(rows, db19,
            {**opts, "climate_zone": "warm_temperate_moist"})


# ------------------------------------------------------------------ manure N2O
def test_manure_n2o_by_edition(db06, db19):
    rows = herd("dairy_cattle", "3.A.1.a.i", "3.A.2.a.i", 1000, {"solid_storage": 100})
    # 2006: Nex = N rate 0.47 (Table 10.19 Asia dairy, 417232) x TAM 350 kg (Table 10A-4)
    # / 1000 x 365 = 60.0425 kg N; N2O = 1,000 x 60.0425 x EF3 0.005 (Table 10.21 solid
    # storage, 417262) x 44/28 = 0.000471762 kt
    em = run(rows, db06)
    nex06 = 0.47 * 350 / 1000 * 365
    r = pick(em, "3.A.2.a.i", "dairy_cattle:solid_storage", "N2O")
    assert r["value"] == pytest.approx(1000 * nex06 * 0.005 * N2O_N / 1e6)
    assert r["value"] == pytest.approx(0.000471762, rel=1e-5)
    # 2019 Refinement, high productivity: N rate 0.55 and live weight 485 kg (Table 10.19,
    # 329483) -> Nex = 0.55 x 485 / 1000 x 365 = 97.36375; EF3 solid storage 0.01 (329684):
    # 1,000 x 97.36375 x 0.01 x 44/28 = 0.00152999 kt
    em = run(rows, db19, {**OPTS, "productivity": "high"})
    r = pick(em, "3.A.2.a.i", "dairy_cattle:solid_storage", "N2O")
    assert r["value"] == pytest.approx(1000 * 97.36375 * 0.01 * N2O_N / 1e6)
    assert r["value"] == pytest.approx(0.00152999, rel=1e-5)


def test_liquid_slurry_without_crust(db06):
    rows = herd("swine", "3.A.1.h", "3.A.2.h", 1000,
                {"liquid_slurry": 50, "liquid_slurry_no_crust": 50}, (("weight", 28, "kg"),))
    em = run(rows, db06)
    # 2006 Table 10.21: with natural crust 0.005 (417264), without 0 (417265)
    crust = pick(em, "3.A.2.h", "swine:liquid_slurry", "N2O")
    nocrust = pick(em, "3.A.2.h", "swine:liquid_slurry_no_crust", "N2O")
    assert crust["value"] > 0 and nocrust["value"] == pytest.approx(0.0)


# ------------------------------------------------------------------ managed soils
def test_soils_direct_and_indirect_by_edition(db06, db19):
    rows = [("R1", 2020, "3.C.4", "synthetic_fertiliser", 100, "t")]
    n = 100_000   # kg N
    cases = {
        # 2006 Table 11.1 EF1 0.01 (417317); Table 11.3 FracGASF 0.10 (417416), EF4 0.010
        # (417414), FracLEACH 0.30 (417418), EF5 0.0075 (417415)
        "2006": (db06, OPTS, 0.01, 0.10, 0.010, 0.30, 0.0075),
        # 2019 Refinement aggregated: EF1 0.010 (330391), FracGASF 0.11 (330502), EF4 0.010
        # (330498), FracLEACH 0.24 (330508), EF5 0.011 (330501)
        "2019R": (db19, OPTS, 0.010, 0.11, 0.010, 0.24, 0.011),
        # 2019 Refinement, wet climate: EF1 synthetic fertiliser 0.016 (330392), EF4 0.014
        # (330499)
        "2019R wet": (db19, {**OPTS, "soil_moisture": "wet"}, 0.016, 0.11, 0.014, 0.24, 0.011),
    }
    for name, (db, opts, ef1, gasf, ef4, leach, ef5) in cases.items():
        em = run(rows, db, opts)
        assert pick(em, "3.C.4", "synthetic_fertiliser", "N2O")["value"] == pytest.approx(
            n * ef1 * N2O_N / 1e6), name
        assert pick(em, "3.C.5", "atmospheric_deposition", "N2O")["value"] == pytest.approx(
            n * gasf * ef4 * N2O_N / 1e6), name
        assert pick(em, "3.C.5", "leaching_runoff", "N2O")["value"] == pytest.approx(
            n * leach * ef5 * N2O_N / 1e6), name
    # e.g. 2006: 100 t N x 0.01 x 44/28 = 1.571 t N2O; 2019 wet: x 0.016 = 2.514 t N2O


def test_grazing_ef3prp_by_edition(db06, db19):
    rows = herd("dairy_cattle", "3.A.1.a.i", "3.A.2.a.i", 1000, {"pasture_range_paddock": 100})
    nex06 = 0.47 * 350 / 1000 * 365
    # 2006 Table 11.1 EF3PRP cattle, poultry, pigs 0.02 (417324)
    em = run(rows, db06)
    assert pick(em, "3.C.4", "urine_dung_grazing", "N2O")["value"] == pytest.approx(
        1000 * nex06 * 0.02 * N2O_N / 1e6)
    # 2019 Refinement Table 11.1 EF3PRP,CPP wet climate 0.006 (330400); Nex from the 2019
    # Table 10.19, Asia, high productivity: 0.55 x 485 kg (329483)
    em = run(rows, db19,
             {**OPTS, "soil_moisture": "wet", "productivity": "high"})
    nex19 = 0.55 * 485 / 1000 * 365
    assert pick(em, "3.C.4", "urine_dung_grazing", "N2O")["value"] == pytest.approx(
        1000 * nex19 * 0.006 * N2O_N / 1e6)


# ------------------------------------------------------------------ rice
def test_rice_by_edition(db06, db19):
    rows = [("R1", 2020, "3.C.7", "irrigated_single_drainage", 500, "ha"),
            ("R1", 2020, "3.C.7", "irrigated_single_drainage:days", 100, "d")]
    # 2006: EFc 1.30 kg CH4/ha/d (Table 5.11, 415830) x SFw 0.60 (Table 5.12, 415833) x SFp 1
    # (415840) x 100 d x 500 ha = 39,000 kg = 0.039 kt
    em = run(rows, db06)
    assert pick(em, "3.C.7", "irrigated_single_drainage", "CH4")["value"] == \
        pytest.approx(0.039)
    # 2019 Refinement: EFc 1.19 (Table 5.11) x SFw 0.71 (Table 5.12) x 100 x 500 = 0.042245 kt
    em = run(rows, db19)
    assert pick(em, "3.C.7", "irrigated_single_drainage", "CH4")["value"] == \
        pytest.approx(0.042245)
    # a 2019 factor that is not shipped is an error naming it, never the 2006 value
    rainfed = [("R1", 2020, "3.C.7", "rainfed_regular", 500, "ha"),
               ("R1", 2020, "3.C.7", "rainfed_regular:days", 100, "d")]
    with pytest.raises(MethodInputError, match="SF_water"):
        run(rainfed, db19)


# ------------------------------------------------------------------ solid waste (FOD)
def test_fod_docf_by_edition(db06, db19):
    # 100 kt food waste a year, managed anaerobic site, boreal/temperate wet, Tier 1:
    # DDOCm = W x DOC 0.15 (Table 2.4) x DOCf x MCF 1.0; DOCf 0.5 in 2006 (Sect. 3.2.3, EFDB
    # 615067) -> 7.5 kt C a year; 0.7 for food in the 2019 Refinement (Table 3.0) -> 10.5.
    # Next year's CH4 = DDOCm x (1 - e^-0.185) x F 0.5 x 16/12
    wet = {"climate_zone": "boreal_temperate_wet",
           "history": {"method": "none", "start_year": 2000}}
    e = math.exp(-0.185)
    for db, ddocm in ((db06, 7.5), (db19, 10.5)):
        act = activity_rows(*[("R", y, "4.A.1", "food:managed_anaerobic", 100, "kt")
                              for y in (2000, 2001)])
        t = fod_model(MethodInput(act, np.ones(len(act), dtype=int), db, wet)).table
        t = t.set_index("year")
        assert t.loc[2000, "ddocm_deposited"] == pytest.approx(ddocm)
        assert t.loc[2001, "ch4_generated"] == pytest.approx(ddocm * (1 - e) * 0.5 * 16 / 12)


# ------------------------------------------------------------------ a fuel
@pytest.mark.parametrize("guidelines", ["ipcc2006", "ipcc2006_2019r"])
def test_fuel_combustion_factor_is_the_same_in_both_editions(guidelines):
    # Vol.2 Ch.1 Table 1.4 natural gas 56,100 kg CO2/TJ (EFDB row cited in the CSV): 1,000 TJ
    # -> 56.1 kt under both settings (edition 2006+2019R)
    db = FactorDB.with_defaults(guidelines=guidelines)
    q = pd.DataFrame({"region": ["R"], "year": [2020], "category": ["1.A.1.a"],
                      "activity": ["natural_gas"]})
    ef = db.require(q, "EF", "kg/TJ", "CO2")
    assert 1000 * ef.value[0] / 1e6 == pytest.approx(56.1)
    assert ef.source[0] == "IPCC 2006 Vol.2 Ch.1 Table 1.4"
