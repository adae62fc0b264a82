"""The Excel data-entry template in the project's language: README lines and header-cell
notes from the one label table (inventory/data/labels_template.csv); the header texts stay the
names the reader expects, and an English project's template is unchanged."""

import dataclasses

import openpyxl

from inventory.io.sheets import ID_COLUMNS, data_sheets
from inventory.io.template import write_template
from inventory.labels import label
from inventory.project import load_config


def _readme_and_energy(path):
    wb = openpyxl.load_workbook(path)
    readme = [r[0] for r in wb["README"].iter_rows(values_only=True) if r[0]]
    return readme, wb["Energy"], wb["Parameters"]


def test_zh_en_template_has_both_languages(small_project, tmp_path):
    project = dataclasses.replace(load_config(small_project), language="zh+en")
    readme, energy, params = _readme_and_energy(write_template(tmp_path / "t.xlsx", project))
    assert readme[0].startswith("温室气体清单数据填报表：") and " / GHG inventory data entry: " \
        in readme[0]
    for key in ("cells", "structure", "parameters"):
        assert label(f"template.readme.{key}", "zh") in readme
        assert label(f"template.readme.{key}", "en") in readme
    assert any(line.startswith("工作表 Energy：燃料燃烧 1.A.1-1.A.5") for line in readme)
    assert sum(line.startswith("Sheet ") for line in readme) == len(data_sheets())
    # header texts unchanged (the reader needs them); the note says the column in both
    assert [c.value for c in energy[1][:len(ID_COLUMNS)]] == list(ID_COLUMNS)
    assert energy["A1"].comment.text == "地区代码 / region code"
    assert energy.cell(1, len(ID_COLUMNS) + 1).comment.text.startswith("年份")
    assert params["A1"].comment.text == "参数名称 / parameter name"


def test_zh_template_and_english_template(small_project, tmp_path):
    base = load_config(small_project)
    readme, energy, _ = _readme_and_energy(
        write_template(tmp_path / "zh.xlsx", dataclasses.replace(base, language="zh")))
    assert label("template.readme.cells", "zh") in readme
    assert label("template.readme.cells", "en") not in readme
    assert energy["B1"].comment.text == "IPCC 2006 类别代码"
    readme, energy, _ = _readme_and_energy(write_template(tmp_path / "en.xlsx", base))
    assert readme[0] == f"GHG inventory data entry: {base.party}"
    assert label("template.readme.cells", "en") in readme
    assert energy["A1"].comment is None
