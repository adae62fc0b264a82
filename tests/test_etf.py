"""CRT Data Exchange JSON: capture, mapping completeness, round trip over every sector of the
shared small inventory, the reader on a fixture shaped like a real export, encoding, the
import rules (one violation each), Summary3/Flex_summary rows against their reference lists,
documentation boxes."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pandas as pd
import pytest

from inventory.etf.encoding import BITS, EncodeOptions, decode_bits, encode_bits
from inventory.etf.mapping import map_cells
from inventory.etf.metadata import Metadata
from inventory.etf.names import common_variables, etf_gas, split_name
from inventory.etf.reader import read_document, read_file, to_cells
from inventory.etf.rules import RULES, check_document
from inventory.etf.source import load_run
from inventory.etf.writer import build_document, year_cells

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def src(small_run):
    return load_run(small_run)


@pytest.fixture(scope="module")
def cells(src):
    p = src.prepared()
    docs = {"Table1": "Energy documentation =SUM(A1)", "Table5.A": "SWDS: see NID 7.2"}
    # two years are enough for every multi-year rule (blocks per year, keys across years)
    return pd.concat([year_cells(p, y, party=src.party, gwp_set=src.gwp_set,
                                 documentation=docs) for y in src.years[-2:]], ignore_index=True)


def test_capture_keys_unique(cells):
    assert not cells.duplicated(["year", "sheet", "row", "column"]).any()
    assert {"Summary1", "Summary3", "Flex_summary", "Table1", "Table2(I)", "Table3",
            "Table5"} <= set(cells["sheet"])


def test_mapping_complete_per_sheet(cells):
    m = map_cells(cells)
    bad = m[m["matches"] != 1]
    assert bad.empty, bad[["sheet", "row", "column", "reason"]].drop_duplicates().head(20)
    counts = m.groupby(["sheet", "status"]).size().unstack(fill_value=0)
    assert counts.get("mapped", pd.Series(dtype=int)).sum() > 2000
    un = m[m["status"] == "unmapped"]
    assert (un["reason"].str.len() > 10).all()   # every unmapped cell says why


def test_json_round_trip_all_sectors(cells):
    uids = common_variables()
    res = build_document(cells, uids=uids)
    doc = json.loads(json.dumps(res.document, ensure_ascii=False))
    back = to_cells(read_document(doc), uids)
    orig = res.cells[res.cells["uid"].notna()]
    # the value a variable carries is the first sheet's (conflicts are reported, not merged)
    if len(res.conflicts):
        orig = orig.merge(res.conflicts[["year", "sheet", "row", "column"]], how="left",
                          indicator=True)
        orig = orig[orig["_merge"] == "left_only"].drop(columns="_merge")
    both = orig.merge(back, on=["year", "sheet", "row", "column"], suffixes=("", "_back"))
    assert len(both) == len(orig)
    assert (both["kind"] == both["kind_back"]).all()
    num = both[both["kind"] == "number"]
    assert ((num["value"] - num["value_back"]).abs()
            <= 1e-9 * num["value"].abs().clip(lower=1)).all()
    keys = both[both["kind"] != "number"]
    assert (keys["text"] == keys["text_back"]).all()
    sectors = {s[len("Table"):len("Table") + 1] for s in both["sheet"] if s.startswith("Table")}
    assert {"1", "2", "3", "5"} <= sectors
    assert check_document(doc, known_variables=uids).empty


def test_writer_options_and_comments(cells, src):
    uids = common_variables()
    one = cells[cells["year"] == max(src.years)]
    res = build_document(one, uids=uids, options=EncodeOptions("number", True),
                         completeness=src.analysis.get("completeness"))
    block = res.document["data"]["values"][0]
    assert block["inventory_year"] == str(max(src.years))
    types = {v["value"]["type"] for v in block["values"]}
    assert "number" in types and "numeric" not in types and "NK" in types
    text = [v for v in block["values"] if v["value"]["type"] == "text"]
    assert any(v["value"]["value"].startswith("Energy documentation") for v in text)


def test_reader_on_export_shaped_fixture():
    vals = read_file(DATA / "etf_export_fixture.json")
    assert sorted(vals["year"].unique()) == [2022, 2023]
    assert vals["variable_uid"].str.islower().all()
    r = vals.set_index(["year", "variable_uid"])
    assert r.loc[(2022, "f58f59a4-b902-4fd6-a8e6-448eac9a8b62"), "value"] == 2.5
    assert r.loc[(2023, "f58f59a4-b902-4fd6-a8e6-448eac9a8b62"), "value"] == 3.0
    assert r.loc[(2022, "27e7168e-9b90-4ec9-bda9-7b02224eabd5"), "text"] == "IE,NO"
    assert r.loc[(2023, "8ef3e9a8-8a8a-48a9-ac25-c1929b7c0983"), "text"] == "CS,T1"
    assert r.loc[(2023, "00000000-0000-4000-8000-00000000000a"), "kind"] == "text"
    cells = to_cells(vals, common_variables())
    assert len(cells) >= 1


def test_encoding_bits():
    assert encode_bits("IE,NO") == 2080 and decode_bits(2080) == "IE,NO"
    assert encode_bits("T1,CS") == BITS["T1"] + BITS["CS"]
    with pytest.raises(ValueError):
        encode_bits("XX")
    with pytest.raises(ValueError):
        decode_bits(4096)   # reserved bit


def test_names():
    p = split_name("[1.A.1.a. Public electricity and heat production][Liquid Fuels]"
                   "[Implied emission factor][CO₂][no parameter][t/TJ]")
    assert (p["code"], p["cls"], p["measure"], p["gas"], p["unit"]) == (
        "1.A.1.a", "Liquid Fuels", "Implied emission factor", "CO₂", "t/TJ")
    assert etf_gas("HFC4310mee") == "HFC-43-10mee" and etf_gas("C2F6") == "C₂F₆"


# ------------------------------------------------------------------ import rules
TPL = "aaaaaaaa-0000-4000-8000-000000000001"
PARENT = "aaaaaaaa-0000-4000-8000-000000000002"
CALC = "bbbbbbbb-0000-4000-8000-000000000001"
TVAR = "bbbbbbbb-0000-4000-8000-000000000002"
NODE, CHILD, VAR, CVAR = "0" * 23 + "1", "0" * 23 + "2", "0" * 23 + "3", "0" * 23 + "4"


def _meta() -> Metadata:
    return Metadata.from_dict({"Metadata": [{
        "version": {"name": "test"},
        "node": [{"uid": PARENT, "name_prefix": "2.H.", "name": "Other",
                  "node": [{"uid": TPL, "name_prefix": "2.H.3.", "name": "Other - Template"}]}],
        "variable": [{"uid": CALC, "node_uid": PARENT, "name": "[2.H. Other][Emissions][CO₂]",
                      "is_calculated": True},
                     {"uid": TVAR, "node_uid": TPL, "name": "[2.H.3 Other - Template][x]",
                      "is_calculated": False}],
        "grid": [{"node_uid": TPL, "group": [{"uid": "g-tpl", "variable_uid": TVAR}]}]}]})


def _valid_doc() -> dict:
    child = {"uid": CHILD, "template_node_uid": TPL, "name_prefix": "2.H.3.a.i.",
             "name": "Sub"}
    return {"version": {"name": "test"},
            "country_specific_data": {
                "nodes": [{"uid": NODE, "parent_uid": PARENT, "template_node_uid": TPL,
                           "name_prefix": "2.H.3.a.", "name": "Country product",
                           "node": [child]}],
                "variables": [{"uid": VAR, "node_uid": NODE, "template_var_uid": TVAR},
                              {"uid": CVAR, "node_uid": CHILD, "template_var_uid": TVAR}],
                "grids": [{"node_uid": NODE, "group": [{"uid": "g1", "template_group_uid":
                                                        "g-tpl", "variable_uid": VAR}]},
                          {"node_uid": CHILD, "group": [{"uid": "g2", "template_group_uid":
                                                         "g-tpl", "variable_uid": CVAR}]}]},
            "data": {"values": [{"inventory_year": 2023, "values": [
                {"variable_uid": VAR, "value": {"type": "numeric", "value": 1.0}}]}]}}


def _break(rule: str, doc: dict) -> dict:
    csd = doc["country_specific_data"]
    vals = doc["data"]["values"][0]["values"]
    if rule == "structure":
        del doc["version"]
    elif rule == "parent_nested":       # child left flat with a parent_uid
        child = csd["nodes"][0].pop("node")[0]
        csd["nodes"].append({**child, "parent_uid": NODE})
    elif rule == "parent_known":
        csd["nodes"][0]["parent_uid"] = "cccccccc-0000-4000-8000-000000000009"
    elif rule == "template_known":
        del csd["nodes"][0]["node"][0]["template_node_uid"]
    elif rule == "grid_present":
        csd["grids"].pop()
    elif rule == "grid_cloned":
        csd["grids"][0]["group"][0]["uid"] = "g-tpl"
    elif rule == "calculated_value":
        vals.append({"variable_uid": CALC, "value": {"type": "numeric", "value": 5.0}})
    elif rule == "unknown_variable":
        vals.append({"variable_uid": "dddddddd-0000-4000-8000-000000000000",
                     "value": {"type": "NK", "value": 1024}})
    elif rule == "duplicate_value":
        vals.append(copy.deepcopy(vals[0]))
    return doc


def test_valid_country_specific_nodes_pass():
    assert check_document(_valid_doc(), _meta()).empty


@pytest.mark.parametrize("rule", RULES)
def test_each_import_rule_reports_its_violation(rule):
    v = check_document(_break(rule, _valid_doc()), _meta())
    assert rule in set(v["rule"]), v
    row = v[v["rule"] == rule].iloc[0]
    assert row["message"]
    if rule in ("parent_known", "grid_present", "grid_cloned", "template_known"):
        assert row["node"]           # reported by node
    if rule in ("calculated_value", "unknown_variable", "duplicate_value"):
        assert row["variable"]       # reported by variable name
    if rule == "calculated_value":
        assert row["variable"].startswith("[2.H. Other]") and row["node"] == "2.H. Other"


# ------------------------------------------------------------------ new sheets
def test_summary3_and_flex_rows_follow_reference(cells):
    from inventory.crt.summary3 import flexibility_provisions, summary3_rows

    s3 = cells[(cells["sheet"] == "Summary3") & (cells["year"] == cells["year"].max())]
    labels = list(dict.fromkeys(s3.sort_values("order")["label"]))
    ref = summary3_rows()
    assert labels == [f"{c}. {t}" for c, t in zip(ref["code"], ref["title"], strict=True)]
    fx = cells[(cells["sheet"] == "Flex_summary") & (cells["year"] == cells["year"].max())]
    assert list(dict.fromkeys(fx.sort_values("order")["label"])) == list(
        flexibility_provisions()["title"])
    energy = s3[s3["row"] == "1.A.1"].set_index("column")["text"]
    assert set(energy["CO2_method"].split(",")) <= {"T1", "T2", "T3"}
    assert set(energy["CO2_ef"].split(",")) <= {"D", "CS", "PS", "OTH"}


def test_documentation_box_from_project(tmp_path):
    from inventory.crt.docbox import read_documentation

    (tmp_path / "documentation").mkdir()
    (tmp_path / "documentation" / "Table1.md").write_text("Energy notes\n", encoding="utf-8")
    (tmp_path / "documentation" / "Table1.A(a)s1.txt").write_text("", encoding="utf-8")
    assert read_documentation(tmp_path) == {"Table1": "Energy notes"}


def test_sheets_landed_after_the_mapping_are_listed_unmapped_with_the_reason(monkeypatch):
    import inventory.etf.mapping as mapping

    monkeypatch.setattr(mapping, "pending_sheets",
                        lambda: [("Table9?*", "sector 9 landed after the mapping was drafted")])
    c = pd.DataFrame([{"sheet": "Table9X.A", "row": "9.A.1", "column": "CO2"},
                      {"sheet": "Table1", "row": "no such row", "column": "CO2"}])
    m = map_cells(c).set_index("sheet")
    assert m.loc["Table9X.A", "status"] == "unmapped"
    assert "landed after" in m.loc["Table9X.A", "reason"]
    assert m.loc["Table9X.A", "matches"] == 1
    assert m.loc["Table1", "status"] == "missing"   # a sheet with its file: no fallback
    assert mapping_sheets_have_files()


def mapping_sheets_have_files() -> bool:
    """Every registered sheet has its mapping file (LULUCF's too, since it landed)."""
    from inventory.crt.registry import sheet_specs
    from inventory.etf.mapping import mapping_path

    return all(mapping_path(s).exists() for s in sheet_specs())


def test_etf_settings_in_inventory_yml(small_project, tmp_path):
    import shutil

    import yaml

    from inventory.errors import InputError
    from inventory.project import load_config

    proj = tmp_path / "p"
    shutil.copytree(small_project, proj)
    cfg = yaml.safe_load((proj / "inventory.yml").read_text(encoding="utf-8"))
    cfg.update(language="zh", etf={"number_type": "number", "year_as_string": True},
               flexibility={"kca_threshold": {"applied": True, "timeframe": "2028"}})
    (proj / "inventory.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    raw = load_config(proj).raw
    assert raw["language"] == "zh" and raw["etf"]["number_type"] == "number"
    assert raw["flexibility"]["kca_threshold"]["applied"] is True
    cfg["flexibility"] = {"kca_treshold": {"applied": True}}
    (proj / "inventory.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    with pytest.raises(InputError, match="kca_treshold"):
        load_config(proj)


def test_export_with_the_tool_metadata_and_check_cli(small_run, small_project, tmp_path,
                                                     capsys):
    """inventory.yml etf.metadata: its UIDs win over the common variables, its calculated
    variables get no value; a file written without it passes ``ghgi etf check``."""
    import shutil

    import yaml

    from inventory.cli import main
    from inventory.etf.writer import export_run

    plain = export_run(small_run, tmp_path / "plain" / "y.json", years=[2023])
    assert main(["etf", "check", str(plain.path)]) == 0
    assert (tmp_path / "plain" / "etf_cells.csv").exists()
    by_uid = {u: n for n, u in common_variables().items()}
    written = [v["variable_uid"] for v in plain.document["data"]["values"][0]["values"]]
    own, calc = written[0], written[1]
    proj = tmp_path / "p"
    shutil.copytree(small_project, proj)
    new_uid = "11111111-2222-4333-8444-555555555555"
    meta = {"Metadata": [{"version": {"name": "tool metadata (test)"}, "node": [],
                          "variable": [{"uid": new_uid, "name": by_uid[own],
                                        "is_calculated": False},
                                       {"uid": calc, "name": by_uid[calc],
                                        "is_calculated": True}], "grid": []}]}
    (proj / "etf_metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    cfg = yaml.safe_load((proj / "inventory.yml").read_text(encoding="utf-8"))
    cfg["etf"] = {"metadata": "etf_metadata.json"}
    (proj / "inventory.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    res = export_run(small_run, tmp_path / "out" / "x.json", project_dir=proj, years=[2023])
    values = {v["variable_uid"] for v in res.document["data"]["values"][0]["values"]}
    assert new_uid in values and own not in values and calc not in values
    assert res.document["version"]["name"] == "tool metadata (test)"
    assert main(["etf", "check", str(res.path)]) == 2     # the new uid is unknown without it
    assert "unknown_variable" in capsys.readouterr().out
