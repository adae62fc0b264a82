"""End to end: the demo compiled in-process and through the notebooks (papermill)."""

import json

import pandas as pd
import pytest

from inventory.runner import run_notebooks
from tests.conftest import DEMO


def test_compile_writes_every_output(demo_run):
    m = json.loads((demo_run / "manifest.json").read_text())
    assert m["gwp_set"] == "AR5GWP100" and m["synthetic"] is True
    assert m["inputs"][0]["path"] == "data/demoland.xlsx" and len(m["inputs"][0]["sha256"]) == 64
    from inventory.project import load_config

    assert m["packages"]["pandas"] and m["tiers"] == load_config(DEMO).tiers
    assert len(m["crt_workbooks"]) == 19  # one per year 2005-2023
    assert "emissions.csv" in m["outputs"] and m["validated"] is True
    validation = json.loads((demo_run / "validation.json").read_text())
    assert validation["success"] is True


def test_national_total_equals_sum_of_sources(demo_run):
    em = pd.read_parquet(demo_run / "emissions.parquet")
    totals = pd.read_csv(demo_run / "national_totals.csv").set_index("year")
    inv = em[~em["memo"] & ~em["crt_category"].str.startswith("1.D")]
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


def test_region_aggregates_sum_to_national(demo_run):
    agg = pd.read_csv(demo_run / "crt_aggregates.csv")
    tot = agg[agg["crt"] == "TOTAL"]
    national = tot[tot["region"] == "DML"].groupby(["year", "gas"])["value_co2eq"].sum()
    regions = tot[tot["region"] != "DML"].groupby(["year", "gas"])["value_co2eq"].sum()
    pd.testing.assert_series_equal(national, regions, rtol=1e-9)


@pytest.mark.slow
def test_notebooks_run_with_papermill_and_match_compile(tmp_path, demo_run):
    run = run_notebooks(DEMO, tmp_path, run_id="nb", validate=False)
    for nb in ("01_intake_validation", "02_energy", "09_compile_report"):
        text = (run / "notebooks" / f"{nb}.ipynb").read_text()
        assert '"output_type"' in text and "Traceback" not in text
    a = pd.read_parquet(run / "emissions.parquet")
    b = pd.read_parquet(demo_run / "emissions.parquet")
    key = ["region", "year", "category", "activity", "gas"]
    pd.testing.assert_series_equal(a.sort_values(key)["value"].reset_index(drop=True),
                                   b.sort_values(key)["value"].reset_index(drop=True))
    assert json.loads((run / "manifest.json").read_text())["mode"] == "run"
