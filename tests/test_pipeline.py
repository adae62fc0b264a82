"""End to end: a project compiled in-process and through the notebooks (papermill)."""

import json

import pandas as pd
import pytest

from inventory.runner import run_notebooks
from tests.conftest import DEMO


def test_compile_writes_every_output(small_run, small_project):
    m = json.loads((small_run / "manifest.json").read_text())
    assert m["gwp_set"] == "AR5GWP100" and m["synthetic"] is True
    assert m["inputs"][0]["path"] == "data/small.xlsx" and len(m["inputs"][0]["sha256"]) == 64
    from inventory.project import load_config

    assert m["packages"]["pandas"] and m["tiers"] == load_config(small_project).tiers
    assert len(m["crt_workbooks"]) == 3  # one per year 2021-2023
    assert "emissions.csv" in m["outputs"] and m["validated"] is True
    for f in ("checks.csv", "timeseries_provenance.csv", "indirect_co2_electricity.csv",
              "implied_factors.csv", "kca.csv", "trends.csv"):
        assert f in m["outputs"], f
    validation = json.loads((small_run / "validation.json").read_text())
    assert validation["success"] is True


def test_checks_are_recorded_with_their_rows(small_run):
    checks = pd.read_csv(small_run / "checks.csv", dtype=str)
    assert set(checks.columns) >= {"check", "severity", "action", "region", "year",
                                   "category", "source_ref", "details"}
    assert set(checks["action"]) <= {"warn", "record"}       # nothing raised: the run exists
    for name, rows in checks.groupby("check"):
        full = pd.read_csv(small_run / "checks" / f"{name}.csv")
        assert len(full) == len(rows)


def test_national_total_equals_sum_of_sources(small_run):
    em = pd.read_parquet(small_run / "emissions.parquet")
    totals = pd.read_csv(small_run / "national_totals.csv").set_index("year")
    inv = em[~em["memo"]]
    assert not inv["crt_category"].str.startswith(("1.D", "5.F")).any()
    by_year = inv.groupby("year")["value_co2eq"].sum()
    pd.testing.assert_series_equal(totals["total_with_lulucf"], by_year, check_names=False,
                                   rtol=1e-9)
    # every emission row keeps its provenance: the input cells always; the factor rows
    # wherever a factor multiplied the activity (reported amounts - measured Tier 3 emissions,
    # CO2 captured or recovered for urea, memo items such as potential F-gas emissions - have
    # no factor to cite)
    nums = em[em["value"].notna()]
    assert nums["activity_ids"].fillna("").str.len().gt(0).all()
    reported = {"measured_emissions", "co2_captured", "ammonia_co2_recovered_for_urea"}
    factored = nums[~nums["memo"] & ~nums["method"].isin(reported)]
    assert factored["parameter_ids"].fillna("").str.len().gt(0).all(), \
        factored[factored["parameter_ids"].fillna("") == ""][["category", "method"]]
    assert factored["factor_source"].notna().all()
    assert factored["equation"].str.startswith("IPCC").all()


def test_region_aggregates_sum_to_national(small_run):
    agg = pd.read_csv(small_run / "crt_aggregates.csv")
    tot = agg[agg["crt"] == "TOTAL"]
    national = tot[tot["region"] == "DML"].groupby(["year", "gas"])["value_co2eq"].sum()
    regions = tot[tot["region"] != "DML"].groupby(["year", "gas"])["value_co2eq"].sum()
    pd.testing.assert_series_equal(national, regions, rtol=1e-9)


def _files(run) -> dict:
    return {str(p.relative_to(run)): p.read_bytes() for p in sorted(run.rglob("*"))
            if p.is_file() and p.relative_to(run).parts[0] not in ("stage", "notebooks")}


@pytest.mark.slow
def test_compile_and_notebook_run_write_the_same_folder(small_project, tmp_path):
    """ghgi compile and ghgi run give byte-identical run folders (every file but the executed
    notebooks; the manifest differs only in its mode)."""
    import datetime as dt

    from inventory.runner import compile_project

    when = dt.datetime(2026, 6, 1, 12, 0, 0)
    a = compile_project(small_project, tmp_path / "a", run_id="same", validate=False,
                        created=when)
    b = run_notebooks(small_project, tmp_path / "b", run_id="same", validate=False,
                      created=when)
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    ma, mb = json.loads(fa.pop("manifest.json")), json.loads(fb.pop("manifest.json"))
    assert (ma.pop("mode"), mb.pop("mode")) == ("compile", "run")
    assert ma == mb
    differ = [f for f in fa if fa[f] != fb[f]]
    assert differ == []
    for nb in ("01_intake_validation", "02_energy", "09_compile_report"):
        text = (b / "notebooks" / f"{nb}.ipynb").read_text()
        assert '"output_type"' in text and "Traceback" not in text


@pytest.mark.slow
def test_demo_compiles_every_year(demo_run):
    m = json.loads((demo_run / "manifest.json").read_text())
    assert len(m["crt_workbooks"]) == 19  # one per year 2005-2023
    assert m["inputs"][0]["path"] == "data/demoland.xlsx"
    assert json.loads((demo_run / "validation.json").read_text())["success"] is True
    assert DEMO.exists()
