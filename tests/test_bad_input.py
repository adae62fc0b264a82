"""Bad input: one clear message naming file, sheet, row and column; no partial outputs."""

import shutil
from pathlib import Path

import openpyxl
import pytest

from inventory.errors import InputError
from inventory.io.readers import read_inputs
from inventory.project import load_config
from inventory.runner import compile_project


@pytest.fixture
def project_copy(tmp_path, small_project) -> Path:
    dst = tmp_path / "proj"
    shutil.copytree(small_project, dst)
    return dst


def edit(project: Path, fn) -> None:
    path = project / "data" / "small.xlsx"
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)


def energy_cell(wb, header: str, row: int):
    ws = wb["Energy"]
    col = [c.value for c in ws[1]].index(header) + 1
    return ws.cell(row=row, column=col)


def expect_error(project: Path, pattern: str, tmp_path: Path):
    with pytest.raises(InputError, match=pattern) as info:
        read_inputs(load_config(project))
    # the whole pipeline fails the same way and leaves nothing under outputs/
    out = tmp_path / "out"
    with pytest.raises(InputError):
        compile_project(project, out, run_id="bad", validate=False)
    assert not any(out.rglob("*.xlsx")) and not (out / "small" / "bad").exists()
    assert not [p for p in out.rglob("*") if p.is_file()]
    return str(info.value)


def test_unknown_category(project_copy, tmp_path):
    edit(project_copy, lambda wb: setattr(energy_cell(wb, "category", 5), "value", "1.A.9.z"))
    msg = expect_error(project_copy, "unknown IPCC 2006 category '1.A.9.z'", tmp_path)
    assert "file small.xlsx, sheet 'Energy', row 5" in msg


def test_unknown_unit(project_copy, tmp_path):
    edit(project_copy, lambda wb: setattr(energy_cell(wb, "unit", 8), "value", "bananas"))
    msg = expect_error(project_copy, "unknown unit 'bananas'", tmp_path)
    assert "sheet 'Energy', row 8" in msg


def test_text_in_numeric_cell(project_copy, tmp_path):
    edit(project_copy, lambda wb: setattr(energy_cell(wb, "2022", 3), "value", "about 40"))
    msg = expect_error(project_copy, "text 'about 40' in a numeric cell", tmp_path)
    # 2022 is the 8th column (region, category, activity, unit, source, note, 2021, 2022)
    assert "sheet 'Energy', row 3, column 'H (2022)'" in msg


def test_negative_fuel_use(project_copy, tmp_path):
    edit(project_copy, lambda wb: setattr(energy_cell(wb, "2022", 4), "value", -12.0))
    msg = expect_error(project_copy, "negative value", tmp_path)
    assert "sheet 'Energy', row 4, column 'H (2022)'" in msg


def test_duplicate_rows(project_copy, tmp_path):
    def dup(wb):
        ws = wb["Energy"]
        ws.append([c.value for c in ws[2]])
    edit(project_copy, dup)
    msg = expect_error(project_copy, "duplicate rows", tmp_path)
    assert "sheet 'Energy', row 2" in msg


def test_missing_year_column(project_copy, tmp_path):
    edit(project_copy, lambda wb: setattr(energy_cell(wb, "2022", 1), "value", "Notes"))
    expect_error(project_copy, r"sheet 'Energy', row 1: no column for inventory year 2022",
                 tmp_path)


def test_empty_cell(project_copy, tmp_path):
    edit(project_copy, lambda wb: setattr(energy_cell(wb, "2023", 6), "value", None))
    expect_error(project_copy, r"row 6, column 'I \(2023\)': empty cell", tmp_path)


def test_renamed_sheet(project_copy, tmp_path):
    edit(project_copy, lambda wb: setattr(wb["Energy"], "title", "Energie"))
    msg = expect_error(project_copy, "sheet 'Energie' is not a sheet of the template", tmp_path)
    assert "did you mean 'Energy'" in msg and "file small.xlsx" in msg


def test_unknown_region(project_copy, tmp_path):
    edit(project_copy, lambda wb: setattr(energy_cell(wb, "region", 9), "value", "ATLANTIS"))
    expect_error(project_copy, r"row 9, column 'A \(region\)': unknown region 'ATLANTIS'",
                 tmp_path)


def test_input_file_is_never_modified(small_run, small_project):
    # the manifest holds the hash taken when the run read the file; after the whole run the
    # file on disk must still have it
    import json

    from inventory.io.readers import file_sha256

    manifest = json.loads((small_run / "manifest.json").read_text())
    for rec in manifest["inputs"]:
        assert file_sha256(small_project / rec["path"]) == rec["sha256"]
