"""IPCC 2006 Vol.2 default factor tables for fuel combustion (sectors/energy/data).

Checks the four transcribed tables (NCV Table 1.2, CO2 Table 1.4, stationary CH4/N2O Tables
2.2-2.5, mobile CH4/N2O Ch.3) for format, fuel ids, citations, bounds, duplicates and a set of
anchor values read against the published IPCC tables.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from inventory.factors import FactorDB, read_default_table

DATA = Path(__file__).resolve().parent.parent / "sectors" / "energy" / "data"
NCV = "ipcc2006_v2_ch1_table1_2_ncv.csv"
CO2 = "ipcc2006_v2_ch1_table1_4_co2.csv"
STATIONARY = "ipcc2006_v2_ch2_tables2_2_to_2_5_ch4_n2o.csv"
MOBILE = "ipcc2006_v2_ch3_mobile_ch4_n2o.csv"
FILES = (NCV, CO2, STATIONARY, MOBILE)
KEY = ["parameter", "category", "activity", "gas"]


@pytest.fixture(scope="module")
def fuel_ids() -> set[str]:
    fuels = pd.read_csv(DATA / "fuels.csv", comment="#")
    return set(fuels["fuel"])


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: read_default_table(DATA / name) for name in FILES}


def _raw(name: str) -> pd.DataFrame:
    """The file as written (keeps the note column that the loader drops)."""
    return pd.read_csv(DATA / name, comment="#", keep_default_na=False,
                       na_values={"value": [""], "lower": [""], "upper": [""]})


def _row(df: pd.DataFrame, parameter: str, category: str, activity: str, gas: str) -> pd.Series:
    hit = df[(df["parameter"] == parameter) & (df["category"] == category)
             & (df["activity"] == activity) & (df["gas"] == gas)]
    assert len(hit) == 1, f"expected one row for {parameter} {category} {activity} {gas}"
    return hit.iloc[0]


def _check(df, parameter, category, activity, gas, value, lower=None, upper=None):
    r = _row(df, parameter, category, activity, gas)
    assert r["value"] == pytest.approx(value)
    if lower is not None:
        assert r["lower"] == pytest.approx(lower)
    if upper is not None:
        assert r["upper"] == pytest.approx(upper)


# --- format and integrity ---------------------------------------------------------------------

@pytest.mark.parametrize("name", FILES)
def test_header(name):
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    comments = [ln for ln in lines if ln.startswith("#")]
    assert lines[: len(comments)] == comments, "comment lines must come first"
    assert lines[len(comments)] == ("parameter,category,activity,gas,value,unit,lower,upper,"
                                    "source,note,edition,efdb_id,efdb_note,efdb_disagrees")
    assert comments[1].startswith("# Source: IPCC 2006 Guidelines for National Greenhouse Gas "
                                  "Inventories, Vol.2 Energy, Ch.")
    assert any(c.startswith("# version: ") for c in comments)
    assert any("2019 Refinement" in c for c in comments)


@pytest.mark.parametrize("name", FILES)
def test_activities_are_fuel_ids(name, tables, fuel_ids):
    # technology rows are <fuel>:<technology> parts of a fuel (Table 3.2.2, road only)
    acts = set(tables[name]["activity"])
    parts = {a for a in acts if ":" in a}
    assert all(a.split(":", 1)[0] in fuel_ids for a in parts), sorted(parts)
    assert not parts or name == MOBILE
    unknown = acts - parts - fuel_ids
    assert not unknown, f"{name}: activities not in fuels.csv: {sorted(unknown)}"


@pytest.mark.parametrize("name", FILES)
def test_every_row_has_source(name, tables):
    src = tables[name]["source"]
    assert (src.str.strip() != "").all()
    assert src.str.startswith("IPCC 2006 Vol.2 Ch.").all()


@pytest.mark.parametrize("name", FILES)
def test_bounds_bracket_value(name, tables):
    df = tables[name]
    assert (df["value"] > 0).all()
    lo, up, v = df["lower"], df["upper"], df["value"]
    assert (lo.isna() | (lo <= v)).all(), df[~(lo.isna() | (lo <= v))]
    assert (up.isna() | (v <= up)).all(), df[~(up.isna() | (v <= up))]


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_keys(name, tables):
    dup = tables[name].duplicated(KEY, keep=False)
    assert not dup.any(), tables[name][dup]


def test_no_duplicate_keys_across_files(tables):
    allrows = pd.concat(tables.values(), ignore_index=True)
    dup = allrows.duplicated(KEY, keep=False)
    assert not dup.any(), allrows[dup]


def test_units_and_gases(tables):
    assert set(tables[NCV]["unit"]) == {"TJ/Gg"}
    assert set(tables[NCV]["gas"]) == {"-"}
    assert set(tables[NCV]["category"]) == {"*"}
    assert set(tables[CO2]["unit"]) == {"kg/TJ"}
    assert set(tables[CO2]["gas"]) == {"CO2"}
    assert set(tables[CO2]["category"]) == {"1.A"}
    for name in (STATIONARY, MOBILE):
        assert set(tables[name]["unit"]) == {"kg/TJ"}
        assert set(tables[name]["gas"]) == {"CH4", "N2O"}
        assert set(tables[name]["parameter"]) == {"EF"}


def test_blank_bounds_only_where_ipcc_gives_none(tables):
    # Only LPG in road transport (Table 3.2.2 prints "n.a." for its ranges) lacks bounds, and
    # the two Table 3.2.2 gasoline technology rows whose ranges were not verified.
    for name, df in tables.items():
        missing = df[df["lower"].isna() | df["upper"].isna()]
        if name == MOBILE:
            pairs = set(zip(missing["category"], missing["activity"], strict=True))
            assert pairs == {("1.A.3.b", "lpg"), ("1.A.3.b", "motor_gasoline:oxidation_catalyst"),
                             ("1.A.3.b", "motor_gasoline:low_mileage_ldv_1995_or_later")}
        else:
            assert missing.empty, missing


def test_co2_table_covers_every_fuel(tables, fuel_ids):
    # Table 1.4 lists all fuels of Table 1.1 / fuels.csv.
    assert set(tables[CO2]["activity"]) == fuel_ids


def test_ncv_table_covers_every_fuel_with_a_value(tables, fuel_ids):
    # Table 1.2 gives no NCV for Industrial Wastes (n.a.).
    assert set(tables[NCV]["activity"]) == fuel_ids - {"industrial_wastes"}


def test_stationary_tables_have_every_fuel_and_gas_per_category(tables, fuel_ids):
    df = tables[STATIONARY]
    cats = {"1.A.1", "1.A.2", "1.A.4.a", "1.A.4.b", "1.A.4.c.i", "1.A.5.a"}
    assert set(df["category"]) == cats
    for cat in cats:
        sub = df[df["category"] == cat]
        for gas in ("CH4", "N2O"):
            assert set(sub[sub["gas"] == gas]["activity"]) == fuel_ids, (cat, gas)


def test_stationary_sources_and_notes():
    raw = _raw(STATIONARY)
    expected = {"1.A.1": "Table 2.2", "1.A.2": "Table 2.3", "1.A.4.a": "Table 2.4",
                "1.A.4.b": "Table 2.5", "1.A.4.c.i": "Table 2.5", "1.A.5.a": "Table 2.4"}
    for cat, table in expected.items():
        src = set(raw[raw["category"] == cat]["source"])
        assert src == {f"IPCC 2006 Vol.2 Ch.2 {table}"}, cat
    # 1.A.5.a borrows commercial/institutional values and says so
    other = raw[raw["category"] == "1.A.5.a"]
    assert other["note"].str.contains("Table 2.4").all()
    assert other["note"].str.contains("closest").all()
    com = raw[raw["category"] == "1.A.4.a"].set_index(["activity", "gas"])
    oth = other.set_index(["activity", "gas"])
    pd.testing.assert_frame_equal(oth[["value", "lower", "upper"]],
                                  com.loc[oth.index, ["value", "lower", "upper"]])
    # Table 2.5 gives one set of values for residential and agriculture/forestry/fishing
    res = raw[raw["category"] == "1.A.4.b"].set_index(["activity", "gas"])
    agr = raw[raw["category"] == "1.A.4.c.i"].set_index(["activity", "gas"])
    pd.testing.assert_frame_equal(agr[["value", "lower", "upper"]],
                                  res.loc[agr.index, ["value", "lower", "upper"]])


def test_mobile_categories(tables):
    df = tables[MOBILE]
    assert set(df["category"]) == {"1.A.3.b", "1.A.4.c.ii", "1.A.3.e.ii", "1.A.5.b", "1.A.3.c",
                                   "1.A.3.d.ii", "1.A.4.c.iii", "1.A.3.a.ii"}
    # Table 3.2.1 road CO2 defaults equal Table 1.4, so the mobile file carries no CO2 rows.
    assert "CO2" not in set(df["gas"])


# --- anchor values (read against the published IPCC 2006 tables) -----------------------------

def test_anchor_ncv(tables):
    df = tables[NCV]
    # IPCC 2006 Vol.2 Ch.1 Table 1.2: natural gas 48.0 (46.5-50.4) TJ/Gg
    _check(df, "NCV", "*", "natural_gas", "-", 48.0, 46.5, 50.4)
    # IPCC 2006 Vol.2 Ch.1 Table 1.2: other bituminous coal 25.8 (19.9-30.5) TJ/Gg
    _check(df, "NCV", "*", "other_bituminous_coal", "-", 25.8, 19.9, 30.5)
    # IPCC 2006 Vol.2 Ch.1 Table 1.2: gas/diesel oil 43.0 (41.4-43.3) TJ/Gg
    _check(df, "NCV", "*", "gas_diesel_oil", "-", 43.0, 41.4, 43.3)


def test_anchor_co2(tables):
    df = tables[CO2]
    # IPCC 2006 Vol.2 Ch.1 Table 1.4 (effective CO2 EF, kg/TJ, default (lower-upper)):
    _check(df, "EF", "1.A", "natural_gas", "CO2", 56100, 54300, 58300)
    _check(df, "EF", "1.A", "other_bituminous_coal", "CO2", 94600, 89500, 99700)
    _check(df, "EF", "1.A", "gas_diesel_oil", "CO2", 74100, 72600, 74800)
    _check(df, "EF", "1.A", "motor_gasoline", "CO2", 69300, 67500, 73000)
    _check(df, "EF", "1.A", "wood_wood_waste", "CO2", 112000, 95000, 132000)


def test_anchor_stationary(tables):
    df = tables[STATIONARY]
    # IPCC 2006 Vol.2 Ch.2 Table 2.2 (energy industries), kg/TJ:
    # coal CH4 1 (0.3-3), N2O 1.5 (0.5-5); natural gas CH4 1 (0.3-3), N2O 0.1 (0.03-0.3)
    _check(df, "EF", "1.A.1", "other_bituminous_coal", "CH4", 1, 0.3, 3)
    _check(df, "EF", "1.A.1", "other_bituminous_coal", "N2O", 1.5, 0.5, 5)
    _check(df, "EF", "1.A.1", "natural_gas", "CH4", 1, 0.3, 3)
    _check(df, "EF", "1.A.1", "natural_gas", "N2O", 0.1, 0.03, 0.3)
    # IPCC 2006 Vol.2 Ch.2 Table 2.5 (residential): coal CH4 300; wood CH4 300, N2O 4
    _check(df, "EF", "1.A.4.b", "other_bituminous_coal", "CH4", 300)
    _check(df, "EF", "1.A.4.b", "wood_wood_waste", "CH4", 300)
    _check(df, "EF", "1.A.4.b", "wood_wood_waste", "N2O", 4)
    # IPCC 2006 Vol.2 Ch.2 Table 2.3 (manufacturing industries): coal CH4 10, N2O 1.5
    _check(df, "EF", "1.A.2", "other_bituminous_coal", "CH4", 10)
    _check(df, "EF", "1.A.2", "other_bituminous_coal", "N2O", 1.5)


def test_anchor_mobile(tables):
    df = tables[MOBILE]
    # IPCC 2006 Vol.2 Ch.3 Table 3.2.2: motor gasoline uncontrolled CH4 33, N2O 3.2;
    # gas/diesel oil CH4 3.9, N2O 3.9 (kg/TJ)
    _check(df, "EF", "1.A.3.b", "motor_gasoline", "CH4", 33)
    _check(df, "EF", "1.A.3.b", "motor_gasoline", "N2O", 3.2)
    _check(df, "EF", "1.A.3.b", "gas_diesel_oil", "CH4", 3.9)
    _check(df, "EF", "1.A.3.b", "gas_diesel_oil", "N2O", 3.9)
    # IPCC 2006 Vol.2 Ch.3 Table 3.3.1: off-road diesel CH4 4.15, N2O 28.6 (kg/TJ)
    _check(df, "EF", "1.A.4.c.ii", "gas_diesel_oil", "CH4", 4.15)
    _check(df, "EF", "1.A.4.c.ii", "gas_diesel_oil", "N2O", 28.6)
    # IPCC 2006 Vol.2 Ch.3 Table 3.6.5: aviation CH4 0.5, N2O 2 (kg/TJ)
    _check(df, "EF", "1.A.3.a.ii", "jet_kerosene", "CH4", 0.5)
    _check(df, "EF", "1.A.3.a.ii", "jet_kerosene", "N2O", 2)


# --- the tables work with the layered lookup --------------------------------------------------

def test_lookup_picks_the_most_specific_table(tables):
    db = FactorDB(pd.concat(tables.values(), ignore_index=True))
    rows = pd.DataFrame({
        "region": "XX", "year": 2020,
        "category": ["1.A.1.a", "1.A.4.c.i", "1.A.4.c.ii", "1.A.4.c.iii", "1.A.5.a", "1.A.3.b.i"],
        "activity": ["natural_gas", "gas_diesel_oil", "gas_diesel_oil", "gas_diesel_oil",
                     "natural_gas", "motor_gasoline"],
    })
    ch4 = db.require(rows, "EF", "kg/TJ", gas="CH4")
    np.testing.assert_allclose(ch4.value, [1, 10, 4.15, 7, 5, 33])
    assert list(ch4.source) == ["IPCC 2006 Vol.2 Ch.2 Table 2.2", "IPCC 2006 Vol.2 Ch.2 Table 2.5",
                                "IPCC 2006 Vol.2 Ch.3 Table 3.3.1",
                                "IPCC 2006 Vol.2 Ch.3 Table 3.5.3",
                                "IPCC 2006 Vol.2 Ch.2 Table 2.4",
                                "IPCC 2006 Vol.2 Ch.3 Table 3.2.2"]
    co2 = db.require(rows, "EF", "kg/TJ", gas="CO2")
    np.testing.assert_allclose(co2.value, [56100, 74100, 74100, 74100, 56100, 69300])
    ncv = db.require(rows, "NCV", "TJ/kt")
    np.testing.assert_allclose(ncv.value, [48.0, 43.0, 43.0, 43.0, 48.0, 44.3])
