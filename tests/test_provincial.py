"""Provincial inventories: the crosswalk both ways, bilingual labels, the national_cn factor
set, the reconciliation arithmetic, the report tables and the Demoland provinces demo
(SYNTHETIC data)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

from inventory.categories import covers, crt_tree, ipcc2006
from inventory.errors import InputError
from provincial.categories import by_item, crosswalk, leaves, provincial_item
from provincial.factors import factor_set_parameters, national_cn_table
from provincial.labels import label, labels
from provincial.reconcile import allocate, reconcile

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "demoland_provinces"


# ------------------------------------------------------------------ crosswalk
def _known_ipcc() -> set[str]:
    return {c.codes[0] for c in ipcc2006().values()}


def test_every_provincial_item_maps_to_ipcc_and_crt():
    known = _known_ipcc()
    crt = set(crt_tree().index) if hasattr(crt_tree(), "index") else set(crt_tree())
    for code, row in crosswalk().iterrows():
        assert row["ipcc"], code
        for p in row["ipcc"]:
            assert p in known, f"{code}: IPCC 2006 code {p} unknown"
        for c in row["crt_codes"]:
            assert c in crt, f"{code}: CRT code {c} unknown"


def test_every_crosswalk_ipcc_leaf_reaches_the_listed_crt_rows():
    """IPCC -> CRT through the core crosswalk lands under the CRT rows the item lists (memo
    items 1.D and 5.F excepted: they are memo lines of the report)."""
    from inventory.categories import crosswalk_table

    cw = crosswalk_table()
    items = provincial_item(cw["ipcc2006"].astype(str), cw["crt"].astype(str))
    for (c, crt), item in zip(zip(cw["ipcc2006"].astype(str), cw["crt"].astype(str),
                                  strict=True), items, strict=True):
        if not isinstance(item, str) or crt.startswith(("1.D", "5.F")) or c in ("1", "2", "3", "4"):
            continue
        listed = crosswalk().loc[item, "crt_codes"]
        assert any(covers(t, crt) for t in listed), (item, c, crt, listed)


def test_every_emission_row_maps_to_one_item_and_totals_agree(small_run):
    em = pd.read_parquet(small_run / "emissions.parquet")
    rows = em[~em["memo"].astype(bool) & em["value_co2eq"].notna()]
    items = provincial_item(rows["category"], rows["crt_category"])
    assert items.notna().all()
    # fires and N2O of land (IPCC 3.C.1/3.C.4/3.C.5, CRT sector 4) are LULUCF items
    land = rows["crt_category"].astype(str).str.startswith("4")
    assert land.any() and items[land.to_numpy()].str.startswith("L").all()
    assert (items[(rows["category"].astype(str).str.startswith("3.C")
                   & land).to_numpy()] == "L1").any()
    assert set(items) <= set(leaves().index)
    totals = by_item(rows, by=("year",))
    top = totals[totals["item"].isin(crosswalk().query("parent == ''").index)]
    got = top.groupby("year")["value_co2eq"].sum()
    want = rows.groupby("year")["value_co2eq"].sum()
    pd.testing.assert_series_equal(got, want, check_names=False, rtol=1e-9)
    # every leaf adds up to its parent
    for parent in crosswalk()["parent"].unique():
        if not parent:
            continue
        kids = crosswalk()[crosswalk()["parent"] == parent].index
        for year in totals["year"].unique():
            t = totals[totals["year"] == year].set_index("item")["value_co2eq"]
            if parent in t:
                assert t.reindex(kids).fillna(0).sum() == pytest.approx(t[parent], rel=1e-9)


def test_no_ipcc_prefix_is_claimed_by_two_leaves():
    seen = {}
    for code, row in leaves().iterrows():
        for p in row["ipcc"]:
            assert p not in seen, f"{p} in {seen.get(p)} and {code}"
            seen[p] = code


# ------------------------------------------------------------------ labels
def test_every_category_and_label_has_both_names():
    t = labels()            # the one label table: provincial, its categories, energy messages
    assert {"provincial", "provincial.categories", "energy", "template"} <= set(t["owner"])
    assert (t["zh"].str.strip() != "").all() and (t["en"].str.strip() != "").all()
    assert t["zh"].str.contains(r"[\u4e00-\u9fff]").all()
    for code in crosswalk().index:
        assert f"category.{code}" in t.index
    from sectors.energy.fuels import fuels

    for fuel in fuels().index:
        assert f"fuel.{fuel}" in t.index, fuel
    assert label("gas.CO2", "zh") == "二氧化碳"
    assert label("gas.CO2", "zh+en") == "二氧化碳 / CO2"
    with pytest.raises(KeyError):
        label("no.such.key")


def test_language_key_is_validated(tmp_path):
    from inventory.project import load_config

    cfg = yaml.safe_load((DEMO / "provinces" / "inventory.yml").read_text(encoding="utf-8"))
    cfg["language"] = "fr"
    (tmp_path / "inventory.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True),
                                            encoding="utf-8")
    with pytest.raises(InputError, match="language"):
        load_config(tmp_path)


# ------------------------------------------------------------------ factor set
class _P:
    def __init__(self, raw, tiers=None):
        self.raw, self.tiers = raw, tiers or {}


def _act(*rows):
    return pd.DataFrame([{"category": c, "activity": a, "unit": u, "value": 1.0}
                         for c, a, u in rows])


def test_factor_set_adds_national_cn_rows_by_choice():
    act = _act(("1.A.3.b", "motor_gasoline", "TJ"), ("1.A.3.b", "gas_diesel_oil", "kt"),
               ("1.A.1.a.i", "other_bituminous_coal", "TJ"), ("1.A", "lpg:imports", "TJ"))
    p = factor_set_parameters(_P({"factor_set": {"default": "national_cn",
                                                 "by_fuel": {"motor_gasoline": "ipcc_default"}}},
                                 {"1.A.3.b": {"CO2": 2}}), act)
    got = set(zip(p["category"], p["activity"], p["parameter"], strict=True))
    assert ("1.A.3.b", "gas_diesel_oil", "carbon_content") in got
    assert ("1.A.3.b", "gas_diesel_oil", "NCV") in got          # kt rows need an NCV
    assert not any(a == "motor_gasoline" for _, a, _ in got)    # chosen ipcc_default
    # 1.A.1.a.i at Tier 1: carbon content would not be used, so it is not added
    assert ("1.A.1.a.i", "other_bituminous_coal", "oxidation") not in got
    assert ("1.A", "lpg", "carbon_content") in got              # reference approach
    assert (p["layer"] == "national").all() and p["source"].str.startswith("national_cn").all()
    diesel = p[(p["activity"] == "gas_diesel_oil") & (p["parameter"] == "carbon_content")]
    assert diesel["value"].iloc[0] == 20.2 and diesel["unit"].iloc[0] == "t/TJ"


def test_factor_set_errors_name_the_key():
    act = _act(("1.A.3.b", "motor_gasoline", "TJ"))
    for bad in ({"default": "cn"}, {"edition": 2011}, {"colour": "red"}):
        with pytest.raises(InputError, match="factor_set"):
            factor_set_parameters(_P({"factor_set": bad}), act)
    assert factor_set_parameters(_P({}), act).empty


def test_national_cn_values_cite_their_source_and_verification():
    t = national_cn_table()
    assert (t["source"] != "").all() and (t["verified"].str.split().str.len() >= 2).all()
    assert set(t["parameter"]) == {"carbon_content", "oxidation", "NCV", "NCV_volume"}
    assert t.loc[t["parameter"] == "oxidation", "value"].between(0.9, 1.0).all()


# ------------------------------------------------------------------ reconciliation
def _em(rows):
    df = pd.DataFrame(rows, columns=["region", "year", "category", "activity", "gas", "value"])
    gwp = {"CO2": 1.0, "CH4": 28.0}
    return df.assign(memo=False, value_co2eq=df["value"] * df["gas"].map(gwp))


NATIONAL = _em([("DLP", 2021, "1.A.1.a.i", "other_bituminous_coal", "CO2", 1000.0),
                ("DLP", 2021, "1.A.3.b", "gas_diesel_oil", "CO2", 200.0),
                ("DLP", 2021, "4.A", "msw", "CH4", 10.0)])
PROVINCES = _em([("NTH", 2021, "1.A.1.a.i", "other_bituminous_coal", "CO2", 600.0),
                 ("STH", 2021, "1.A.1.a.i", "other_bituminous_coal", "CO2", 300.0),
                 ("NTH", 2021, "1.A.3.b", "gas_diesel_oil", "CO2", 120.0),
                 ("STH", 2021, "1.A.3.b", "gas_diesel_oil", "CO2", 78.0),
                 ("NTH", 2021, "4.A", "msw", "CH4", 10.0)])


def test_reconciliation_arithmetic():
    t = reconcile(NATIONAL, PROVINCES, threshold_pct=5.0, min_kt=1.0).set_index(
        ["item", "fuel", "gas"])
    coal = t.loc[("E1.1", "other_bituminous_coal", "CO2")]
    assert coal["value_provinces"] == 900.0 and coal["difference"] == 100.0
    assert coal["relative_pct"] == pytest.approx(10.0) and bool(coal["flag"])
    diesel = t.loc[("E1.3", "gas_diesel_oil", "CO2")]
    assert diesel["difference"] == pytest.approx(2.0)
    assert diesel["relative_pct"] == pytest.approx(1.0) and not bool(diesel["flag"])
    waste = t.loc[("W1", "-", "CH4")]
    assert waste["difference"] == 0.0 and waste["difference_co2eq"] == 0.0


def test_statistical_difference_line_and_pro_rata_add_up_to_national():
    t = reconcile(NATIONAL, PROVINCES)
    nat = NATIONAL.groupby("gas")["value"].sum()
    for method in ("statistical_difference", "pro_rata"):
        a = allocate(t, PROVINCES, method)
        assert a.groupby("gas")["value_adjusted"].sum().to_dict() == pytest.approx(nat.to_dict())
    sd = allocate(t, PROVINCES, "statistical_difference")
    line = sd[sd["region"] == "statistical_difference"].set_index("fuel")["adjustment"]
    assert line["other_bituminous_coal"] == 100.0
    pr = allocate(t, PROVINCES, "pro_rata").set_index(["region", "fuel"])
    # 100 kt shared 600:300 -> NTH +66.67, STH +33.33
    assert pr.loc[("NTH", "other_bituminous_coal"), "adjustment"] == pytest.approx(200 / 3)
    assert pr.loc[("STH", "other_bituminous_coal"), "adjustment"] == pytest.approx(100 / 3)
    ind = pd.DataFrame({"region": ["NTH", "STH"], "value": [1.0, 3.0]})
    pi = allocate(t, PROVINCES, "pro_rata", ind).set_index(["region", "fuel"])
    assert pi.loc[("STH", "other_bituminous_coal"), "adjustment"] == pytest.approx(75.0)
    with pytest.raises(InputError):
        allocate(t, PROVINCES, "magic")


def test_reconcile_command_writes_its_tables(tmp_path):
    from inventory.cli import main
    from provincial.reconcile import run_reconciliation

    for name, em in (("nat", NATIONAL), ("prov", PROVINCES)):
        (tmp_path / name).mkdir()
        em.to_parquet(tmp_path / name / "emissions.parquet")
    out = run_reconciliation(tmp_path / "nat", [tmp_path / "prov"], tmp_path / "rec",
                             method="pro_rata")
    meta = json.loads((out / "reconciliation.json").read_text(encoding="utf-8"))
    assert meta["method"] == "pro_rata" and meta["flagged"] == 1
    f = pd.read_csv(out / "reconciliation_findings.csv")
    assert list(f["check"]) == ["provincial.reconciliation_gap"]
    assert main(["reconcile", "--national", str(tmp_path / "nat"), "--provinces",
                 str(tmp_path / "prov"), "--out", str(tmp_path / "rec2")]) == 0
    from inventory.review_reconcile import gap_map, load_reconciliation

    r = load_reconciliation(tmp_path / "rec2")
    m = gap_map(r["table"])
    assert m.loc["E1.1", "CO2"] == pytest.approx(10.0)


# ------------------------------------------------------------------ demo and report
def test_demo_files_equal_the_generator(tmp_path):
    from provincial.demo import write_demo_provinces

    new = write_demo_provinces(tmp_path / "d")
    files = sorted(p.relative_to(new) for p in new.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(DEMO) for p in DEMO.rglob("*") if p.is_file())
    for rel in files:
        if rel.suffix == ".xlsx":
            a, b = openpyxl.load_workbook(new / rel), openpyxl.load_workbook(DEMO / rel)
            assert a.sheetnames == b.sheetnames
            for s in a.sheetnames:
                assert [list(r) for r in a[s].iter_rows(values_only=True)] == \
                       [list(r) for r in b[s].iter_rows(values_only=True)], (rel, s)
        else:
            assert (new / rel).read_bytes() == (DEMO / rel).read_bytes(), rel


@pytest.mark.slow
def test_demo_balances_close_and_name_fictional_provinces():
    from inventory.project import load_config
    from sectors.energy.balance import balance_sheets_of_project
    from sectors.energy.balance_checks import balance_closing, transformation_balance

    for part in ("provinces", "national"):
        project = load_config(DEMO / part)
        sheets = balance_sheets_of_project(project)
        assert len(sheets) == len(project.regions) * 3
        assert balance_closing(sheets).empty
        t = transformation_balance(sheets)
        assert (t["outputs_tce"] <= t["inputs_tce"]).all()
    names = [r.name for r in load_config(DEMO / "provinces").regions]
    assert any("北原省" in n for n in names) and all(" " in n for n in names)


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory):
    from inventory.runner import compile_project

    out = tmp_path_factory.mktemp("dp")
    return {part: compile_project(DEMO / part, out, run_id=part, validate=False)
            for part in ("provinces", "national")}


@pytest.mark.slow
def test_demo_compiles_reports_and_reconciles(demo_runs, tmp_path):
    from provincial.reconcile import run_reconciliation

    prov = demo_runs["provinces"]
    em = pd.read_parquet(prov / "emissions.parquet")
    co2 = em[(em["category"] == "1.A.3.b") & (em["gas"] == "CO2")]
    assert co2["factor_source"].str.startswith("national_cn").all()
    assert (co2["tier"] == 2).all()
    other = em[(em["category"] == "1.A.1.a.i") & (em["gas"] == "CO2")]
    assert (other["factor_layer"] == "ipcc_default").all() and (other["tier"] == 1).all()
    wb = openpyxl.load_workbook(prov / "crt" / "provincial_report_tables.xlsx")
    assert len(wb.sheetnames) == 7 and wb.sheetnames[1].startswith("表1")
    summary = [r for r in wb.worksheets[1].iter_rows(min_row=4, values_only=True)]
    energy = [r for r in summary if r[1] and str(r[1]).startswith("E ")]
    assert energy and all(r[-1] > 0 for r in energy)
    # the summary's energy total equals the inventory's energy total [10^4 t CO2 eq]
    want = em[~em["memo"] & em["category"].str.startswith("1.")].groupby("year")[
        "value_co2eq"].sum() * 0.1
    got = {r[0]: r[-1] for r in energy}
    assert got == pytest.approx(want.to_dict())
    out = run_reconciliation(demo_runs["national"], [prov], tmp_path / "rec")
    t = pd.read_csv(out / "reconciliation.csv")
    assert len(t) and np.isfinite(t["difference_co2eq"]).all()
    adj = pd.read_csv(out / "reconciliation_adjusted.csv")
    nat = t.groupby("year")["value_co2eq_national"].sum()
    assert adj.groupby("year")["value_co2eq_adjusted"].sum().to_numpy() == \
        pytest.approx(nat.to_numpy())


def test_one_project_with_both_levels_flags_in_the_run():
    from inventory.checks import CheckPolicy, run_checks
    from inventory.products import RunContext
    from inventory.schema import empty

    em = pd.concat([NATIONAL, PROVINCES], ignore_index=True)

    class P:
        raw = {"reconcile": {"national_region": "DLP", "threshold_pct": 5}}

    findings, full = run_checks("emissions", RunContext(P(), empty("activity"),
                                                         empty("parameters"), None, em),
                                CheckPolicy(), only=lambda c: c.name.startswith("provincial."))
    rows = full["provincial.reconciliation_gap"]
    assert list(rows["activity"]) == ["other_bituminous_coal"]
    assert rows["difference"].iloc[0] == 100.0
    assert list(findings["action"]) == ["record"]
