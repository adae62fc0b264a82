"""The analyses in the run: outputs of a compiled Demoland run, the CRT sheets that show them,
and a gap-filling rule applied before the sectors read the data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from inventory.analysis.stage import ANALYSIS_FILES, load_analysis
from inventory.pipeline import Run, load_stage
from inventory.project import load_config

DEMO = Path(__file__).resolve().parent.parent / "demo" / "demoland"


@pytest.mark.slow
def test_compiled_run_has_the_analyses(demo_run):
    manifest = json.loads((demo_run / "manifest.json").read_text())
    for name in ("kca", "kca_assessments", "uncertainty_approach1", "uncertainty_approach2",
                 "uncertainty_inputs", "completeness", "completeness_checks", "trends",
                 "timeseries_provenance"):
        assert ANALYSIS_FILES[name] in manifest["outputs"], name
    a = load_analysis(demo_run)
    kca = a["kca"]
    assert kca["key"].any()
    # the key categories without LULUCF cover at least 95 % of the latest level
    lv = a["kca_assessments"]
    lv = lv[(lv["criterion"] == "L1") & (lv["coverage"] == "excluding")]
    assert lv.loc[lv["key"], "share"].sum() >= 0.95
    assert lv.loc[lv["key"], "share"].sum() - lv.loc[lv["key"], "share"].min() < 0.95
    a1 = a["uncertainty_approach1"]
    tot = a1[(a1["kca_id"] == "Total") & (a1["coverage"] == "excluding")].iloc[0]
    # the level uncertainty of the total is sqrt(sum H) of the category rows
    h = a1[(a1["kca_id"] != "Total") & (a1["coverage"] == "excluding")][
        "contribution_to_variance"].sum()
    assert tot["combined_uncertainty_pct"] == pytest.approx(h ** 0.5)
    a2 = a["uncertainty_approach2"]
    t2 = a2[(a2["kca_id"] == "Total") & (a2["role"] == "latest")
            & (a2["coverage"] == "excluding")].iloc[0]
    assert t2["p2_5"] < t2["estimate"] < t2["p97_5"]
    draws = pd.read_parquet(demo_run / "uncertainty_mc_totals.parquet")
    assert len(draws) == json.loads((demo_run / "analysis.json").read_text())[
        "parts"]["uncertainty"]["iterations"]
    # trends: the national total of the latest year equals national_totals.csv
    tr = a["trends"]
    totals = pd.read_csv(demo_run / "national_totals.csv").set_index("year")
    last = int(totals.index.max())
    got = tr[(tr["node"] == "TOTAL") & (tr["gas_group"] == "Total") & (tr["year"] == last)]
    assert got["value_co2eq"].iloc[0] == pytest.approx(totals.loc[last, "total_with_lulucf"])


@pytest.mark.slow
def test_crt_sheets_show_the_analyses(demo_run):
    a = load_analysis(demo_run)
    last = int(a["meta"]["latest_year"])
    wb = openpyxl.load_workbook(next((demo_run / "crt").glob(f"*_{last}.xlsx")), read_only=True)
    for sheet in ("Table7", "Table8s1", "Table8s2", "Table9", "Table10s1", "Table10s6",
                  "Summary2"):
        assert sheet in wb.sheetnames
    labels = {r[0] for r in wb["Table7"].iter_rows(values_only=True) if r and r[0]}
    key = a["kca"][a["kca"]["key"]]
    assert set(key["kca_label"]) <= labels
    rows = {r[0]: r for r in wb["Summary2"].iter_rows(values_only=True) if r and r[0]}
    tr = a["trends"]
    want = tr[(tr["node"] == "TOTAL") & (tr["gas_group"] == "Total") & (tr["year"] == last)]
    total_row = rows["Total CO2 equivalent emissions with LULUCF"]
    assert [v for v in total_row if isinstance(v, float)][-1] == pytest.approx(
        want["value_co2eq"].iloc[0])
    t9 = [c for r in wb["Table9"].iter_rows(values_only=True) for c in r if isinstance(c, str)]
    ie = a["completeness"][a["completeness"]["key"] == "IE"]
    assert set(ie["allocation_party"]) <= set(t9)


def test_gap_filling_rule_runs_before_the_sectors(tmp_path, small_project):
    project = tmp_path / "proj"
    shutil.copytree(small_project, project)
    cfg = yaml.safe_load((project / "inventory.yml").read_text())
    cfg.setdefault("options", {})["analysis"] = {
        "approach2": False,
        "timeseries": [{"category": "1.A.4.b", "activity": "other_kerosene",
                        "region": "NTH", "method": "interpolation", "years": [2022],
                        "note": "2022 survey break"}]}
    (project / "inventory.yml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    run = Run(load_config(project), tmp_path / "run", "t", validate=False)
    run.intake()
    act = run.table("input_activity")
    s = act[(act["region"] == "NTH") & (act["category"] == "1.A.4.b")
            & (act["activity"] == "other_kerosene")].set_index("year")["value"]
    want = (s[2021] + s[2023]) / 2          # linear interpolation, kt
    prov = run.timeseries()
    row = prov[prov["status"] == "filled"].iloc[0]
    assert row["value"] == pytest.approx(want) and row["note"] == "2022 survey break"
    assert pd.read_csv(run.run_dir / "timeseries_provenance.csv")["status"].eq("filled").sum() == 1
    # the energy sector reads the filled activity (the input as read stays staged unchanged)
    em = run.sector("energy")
    e = em[(em["region"] == "NTH") & (em["category"] == "1.A.4.b")
           & (em["activity"] == "other_kerosene") & (em["year"] == 2022)
           & (em["gas"] == "CO2")].iloc[0]
    ncv = e["activity_value"] / want         # TJ per kt as the method converted it
    e1 = em[(em["region"] == "NTH") & (em["category"] == "1.A.4.b")
            & (em["activity"] == "other_kerosene") & (em["year"] == 2021)
            & (em["gas"] == "CO2")].iloc[0]
    assert e1["activity_value"] / s[2021] == pytest.approx(ncv)
    staged = load_stage(run.run_dir, "input_activity").set_index(
        ["region", "category", "activity", "year"])["value"]
    key = ("NTH", "1.A.4.b", "other_kerosene", 2022)
    assert staged.loc[key] == s[2022] != pytest.approx(want)   # the input as read is kept
    assert run.activity.set_index(["region", "category", "activity", "year"]).loc[
        key, "value"] == pytest.approx(want)
