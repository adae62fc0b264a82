"""Great Expectations validation of the activity and parameters tables (validation/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from inventory import schema
from inventory.errors import InputError
from inventory.notation import NOTATION_DTYPE
from validation import suites

# Importing great_expectations costs ~5 s of CPU; under pytest-xdist these tests share one
# worker so that one process pays it, not each.
pytestmark = pytest.mark.xdist_group("great_expectations")

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ["CN", "BJ", "SH"]
YEARS = (2005, 2020)


def ref(row: int, year: int = 2010) -> str:
    return f"demo.xlsx!Energy!R{row} col {year}"


def activity_rows(rows: list[tuple]) -> pd.DataFrame:
    """rows: (row, region, year, category, activity, value, unit, key)."""
    df = pd.DataFrame(rows, columns=["row", "region", "year", "category", "activity", "value",
                                     "unit", "notation_key"])
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    df["source"] = "statistics yearbook"
    df["note"] = None
    df["activity_id"] = [f"act:{r}" for r in df["row"]]
    df["source_ref"] = [ref(r, y) for r, y in zip(df["row"], df["year"], strict=True)]
    return df[[c.name for c in schema.ACTIVITY]]


GOOD_ACTIVITY = [
    (2, "CN", 2010, "1.A.1.a", "natural_gas", 120.5, "TJ", None),
    (3, "BJ", 2010, "1.A.1.a", "natural_gas", 0.0, "PJ", None),
    (4, "SH", 2015, "1.A.2.a", "other_bituminous_coal", 3.2, "10^4 t", None),
    (5, "CN", 2020, "1.A.3.b", "gas_diesel_oil", None, "TJ", "NO"),
    (6, "CN", 2005, "1.A.4.b", "lpg", 7.0, "kt", "C"),
]


def parameter_rows(rows: list[tuple]) -> pd.DataFrame:
    """rows: (line, parameter, category, activity, gas, region, year_from, year_to, value, unit,
    lower, upper, layer)."""
    df = pd.DataFrame(rows, columns=["line", "parameter", "category", "activity", "gas",
                                     "region", "year_from", "year_to", "value", "unit", "lower",
                                     "upper", "layer"])
    for c in ("year_from", "year_to"):
        df[c] = df[c].astype("int64")
    for c in ("value", "lower", "upper"):
        df[c] = df[c].astype("float64")
    df["distribution"] = ""
    df["source"] = "IPCC 2006 Vol.2 Ch.1 Table 1.4"
    df["parameter_id"] = [f"par:{n}" for n in df["line"]]
    df["source_ref"] = [f"factors.csv!line {n}" for n in df["line"]]
    return df[[c.name for c in schema.PARAMETERS]]


GOOD_PARAMETERS = [
    (5, "EF", "1.A", "natural_gas", "CO2", "*", 1900, 2100, 56100, "kg/TJ", 54300, 58300,
     "ipcc_default"),
    (6, "EF", "*", "natural_gas", "CH4", "*", 1900, 2100, 1, "kg/TJ", 0.3, 3, "ipcc_default"),
    (7, "NCV", "*", "natural_gas", "-", "CN", 2005, 2020, 38.9, "TJ/Mm3", None, None,
     "national"),
    (8, "EF", "1.A.1.a", "natural_gas", "CO2", "BJ", 2010, 2010, 55800, "kg/TJ", None, 56000,
     "provincial"),
]


@pytest.fixture(scope="module")
def good():
    act = activity_rows(GOOD_ACTIVITY)
    act["notation_key"] = act["notation_key"].astype(NOTATION_DTYPE)
    return act, parameter_rows(GOOD_PARAMETERS)


@pytest.fixture(scope="module")
def bad_report():
    from validation.run import validate_tables

    act = activity_rows(GOOD_ACTIVITY + [
        (10, "CN", 2010, "1.A.1.b", "natural_gas", -5.0, "TJ", None),        # negative
        (11, "CN", 2010, "1.Z.9", "natural_gas", 1.0, "TJ", None),           # unknown category
        (12, "CN", 2010, "1.A.1.c", "natural_gas", 1.0, "bananas", None),    # unknown unit
        (13, "CN", 1850, "1.A.1.a", "natural_gas", 1.0, "TJ", None),         # year outside
        (14, "SH", 2011, "1.A.2.b", "lpg", 1.0, "TJ", None),                 # duplicate ...
        (15, "SH", 2011, "1.A.2.b", "lpg", 2.0, "TJ", None),                 # ... of this one
        (16, "CN", 2012, "1.A.4.a", "lpg", None, "TJ", "XX"),                # unknown key
        (17, "ZZ", 2012, "1.A.4.a", "lpg", 1.0, "TJ", None),                 # unknown region
        (18, "CN", 2013, "1.A.4.a", "lpg", None, "TJ", None),                # neither
        (19, "CN", 2014, "1.A.4.a", "lpg", 4.0, "TJ", "NO"),                 # both
    ])
    par = parameter_rows(GOOD_PARAMETERS + [
        (20, "EF", "1.A", "lpg", "CO2", "*", 2010, 2000, 63100, "kg/TJ", None, None,
         "ipcc_default"),                                                    # years reversed
        (21, "EF", "1.A", "coke", "CO2", "*", 1900, 2100, 100, "kg/TJ", 120, 130,
         "ipcc_default"),                                                    # lower > value
        (22, "EF", "1.A", "peat", "CO2", "*", 1900, 2100, 106000, "kg/TJ", None, 1000,
         "ipcc_default"),                                                    # value > upper
        (23, "EF", "1.A", "lpg", "N2O", "*", 1900, 2100, 0.1, "bananas", None, None,
         "regional"),                                                        # unit, layer
        (24, "EF", "9.Q", "lpg", "CH4", "XX", 1900, 2100, 1, "kg/TJ", None, None,
         "national"),                                                        # category, region
    ])
    return validate_tables(act, par, regions=REGIONS, first_year=YEARS[0], last_year=YEARS[1])


def named(report, table: str, expectation: str, column: str) -> set[str]:
    f = report.findings
    hit = f[(f["table"] == table) & (f["expectation"] == expectation) & (f["column"] == column)]
    return set(hit["source_ref"])


# -- no GX needed --------------------------------------------------------------------------------

def test_saved_json_suites_equal_built_ones():
    for table in suites.TABLES:
        assert suites.saved_suite(table) == suites.static_suite(table), (
            f"validation/suites/{table}.json is stale: run python -m validation.suites --write")


def test_write_suites_round_trips(tmp_path):
    suites.write_suites(tmp_path)
    for table in suites.TABLES:
        assert suites.saved_suite(table, tmp_path) == suites.static_suite(table)
        assert (tmp_path / f"{table}.json").read_text(encoding="utf-8") == (
            suites.SUITE_DIR / f"{table}.json").read_text(encoding="utf-8")


def test_project_expectations():
    exp = suites.project_expectations("parameters", regions=["CN"], first_year=1990,
                                      last_year=2020, units=["TJ"])
    by_col = {e["kwargs"]["column"]: e for e in exp}
    assert by_col["region"]["kwargs"]["value_set"] == ["*", "CN"]
    assert "*" in by_col["category"]["kwargs"]["value_set"]
    assert "1.A.1.a" in by_col["category"]["kwargs"]["value_set"]
    assert "year" not in by_col
    assert suites.parseable_units(["TJ", "bananas", "kg/TJ", None, "TJ"]) == ["TJ", "kg/TJ"]


def test_import_does_not_load_great_expectations():
    code = ("import sys, validation, validation.suites, validation.run; "
            "sys.exit('great_expectations' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# -- with GX (one import per session, a few validations) ----------------------------------------

def test_saved_suites_load_into_great_expectations():
    for table in suites.TABLES:
        gx_suite = suites.to_gx_suite(suites.saved_suite(table))
        types = [e.expectation_type for e in gx_suite.expectations]
        assert types == [e["type"] for e in suites.static_suite(table)["expectations"]]


def test_clean_tables_pass(good, tmp_path):
    from validation.run import validate_tables

    report = validate_tables(*good, regions=REGIONS, first_year=YEARS[0], last_year=YEARS[1])
    assert report.success, report.describe()
    assert report.findings.empty
    st = report.statistics
    assert st["failed"] == 0 and st["evaluated"] == st["expectations"] > 40
    assert st["rows"] == {"activity": len(GOOD_ACTIVITY), "parameters": len(GOOD_PARAMETERS)}
    report.raise_if_failed()  # no error
    out = report.to_json(tmp_path / "validation.json")
    assert json.loads(out.read_text())["success"] is True


@pytest.mark.parametrize(("table", "expectation", "column", "refs"), [
    ("activity", "expect_column_values_to_be_between", "value", {ref(10)}),
    ("activity", "expect_column_values_to_be_in_set", "category", {ref(11)}),
    ("activity", "expect_column_values_to_be_in_set", "unit", {ref(12)}),
    ("activity", "expect_column_values_to_be_between", "year", {ref(13, 1850)}),
    ("activity", "expect_compound_columns_to_be_unique", "region,year,category,activity",
     {ref(14, 2011), ref(15, 2011)}),
    ("activity", "expect_column_values_to_be_in_set", "notation_key", {ref(16, 2012)}),
    ("activity", "expect_column_values_to_be_in_set", "region", {ref(17, 2012)}),
    ("activity", "expect_column_values_to_not_be_null", "value", {ref(18, 2013)}),
    ("activity", "expect_column_values_to_be_null", "value", {ref(19, 2014)}),
    ("parameters", "expect_column_pair_values_a_to_be_greater_than_b", "year_from,year_to",
     {"factors.csv!line 20"}),
    ("parameters", "expect_column_pair_values_a_to_be_greater_than_b", "lower,value",
     {"factors.csv!line 21"}),
    ("parameters", "expect_column_pair_values_a_to_be_greater_than_b", "value,upper",
     {"factors.csv!line 22"}),
    ("parameters", "expect_column_values_to_be_in_set", "unit", {"factors.csv!line 23"}),
    ("parameters", "expect_column_values_to_be_in_set", "layer", {"factors.csv!line 23"}),
    ("parameters", "expect_column_values_to_be_in_set", "category", {"factors.csv!line 24"}),
    ("parameters", "expect_column_values_to_be_in_set", "region", {"factors.csv!line 24"}),
])
def test_findings_name_the_offending_rows(bad_report, table, expectation, column, refs):
    assert named(bad_report, table, expectation, column) == refs


def test_bad_report_totals_and_clean_rows(bad_report):
    r = bad_report
    assert not r.success
    assert list(r.findings.columns) == ["table", "expectation", "column", "source_ref",
                                        "observed", "expected"]
    # every finding is one of the bad rows; the good rows (R2-R6, lines 5-8) are never named
    good_refs = {ref(row, year) for row, _, year, *_ in GOOD_ACTIVITY}
    good_refs |= {f"factors.csv!line {n}" for n, *_ in GOOD_PARAMETERS}
    assert not good_refs & set(r.findings["source_ref"])
    assert r.statistics["failed"] == 16
    assert r.statistics["unexpected_rows"] == len(r.findings) == 17
    row = r.findings[r.findings["source_ref"] == ref(12)].iloc[0]
    assert row["observed"] == "bananas" and "unit" in row["expected"]


def test_raise_if_failed_names_file_sheet_row_column(bad_report, tmp_path):
    with pytest.raises(InputError) as err:
        bad_report.raise_if_failed(limit=16)
    msg = str(err.value)
    assert "16 data check(s)" in msg
    assert f"{ref(10)}, column 'value'" in msg
    assert f"{ref(11)}, column 'category'" in msg and "got 1.Z.9" in msg
    assert "factors.csv!line 20, column 'year_from,year_to'" in msg
    data = json.loads(bad_report.to_json(tmp_path / "v.json").read_text())
    assert data["success"] is False and len(data["findings"]) == 17
    assert any(f["source_ref"] == ref(12) and f["column"] == "unit" and f["observed"] == "bananas"
               for f in data["findings"])


def test_missing_column_wrong_type_and_rows_without_source_ref(good):
    from validation.run import validate_tables

    act, par = good
    act = act.drop(columns=["activity_id", "source_ref"]).assign(
        value=["120.5", "0", "3.2", None, "7"])  # numbers left as text
    par = par.assign(year_from=par["year_from"].astype("float64"))
    report = validate_tables(act, par, regions=REGIONS, first_year=YEARS[0],
                             last_year=YEARS[1])
    f = report.findings.set_index(["table", "expectation", "column"])["observed"]
    assert f[("activity", "expect_column_to_exist", "activity_id")] == "missing"
    assert f[("activity", "expect_column_values_to_be_of_type", "value")] == "str"
    assert f[("activity", "expect_column_values_to_be_between", "value")].startswith("error: ")
    assert f[("parameters", "expect_column_values_to_be_of_type", "year_from")] == "float64"
    # expectations on the missing column are not reported a second time
    assert len(report.findings) == 4, report.findings
    assert set(report.findings["source_ref"]) == {""}  # table-level findings name no row

    bad = good[0].assign(value=[-1.0, 0.0, 1.0, np.nan, 7.0]).drop(columns="source_ref")
    report = validate_tables(bad, good[1], regions=REGIONS, first_year=YEARS[0],
                             last_year=YEARS[1])
    assert set(report.findings["source_ref"]) == {"activity row 0"}


def test_a_successful_report_is_cached_and_read_back(good, monkeypatch, tmp_path):
    """Unchanged inputs validated again read the report back (no great-expectations run);
    a changed table is a new key; failed validations are never cached."""
    from validation import run as vrun

    monkeypatch.setenv("GHGI_CACHE_DIR", str(tmp_path / "cache"))
    kw = {"regions": REGIONS, "first_year": YEARS[0], "last_year": YEARS[1]}
    first = vrun.validate_tables(*good, **kw)
    assert first.success and "cache" not in first.statistics
    assert len(list((tmp_path / "cache" / "validation").glob("*.json"))) == 1

    def no_gx():
        raise AssertionError("great-expectations ran on a cached report")

    monkeypatch.setattr(vrun, "_gx_context", no_gx)
    again = vrun.validate_tables(*good, **kw)
    assert again.statistics["cache"].startswith("hit ")
    a, b = first.to_dict(), again.to_dict()
    a.pop("statistics"), b.pop("statistics")
    assert a == b
    changed = good[0].copy()
    changed.loc[0, "value"] = 121.0
    with pytest.raises(AssertionError, match="cached report"):
        vrun.validate_tables(changed, good[1], **kw)      # a new key: GX would run
    with pytest.raises(AssertionError, match="cached report"):
        vrun.validate_tables(*good, **{**kw, "regions": REGIONS[:2] + ["GZ"]})
    monkeypatch.undo()
    monkeypatch.setenv("GHGI_CACHE_DIR", str(tmp_path / "cache"))
    bad = good[0].copy()
    bad.loc[0, "value"] = -1.0
    assert not vrun.validate_tables(bad, good[1], **kw).success
    assert len(list((tmp_path / "cache" / "validation").glob("*.json"))) == 1
    monkeypatch.setenv("GHGI_CACHE_DIR", "off")
    assert vrun.cache_dir() is None
