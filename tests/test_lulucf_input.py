"""The LULUCF and HWP sheets of the Excel template: dropdowns, optional sheets, and bad input
named by file, sheet, row and column (SYNTHETIC demo data, one province, 2022-2023)."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from inventory.checks import run_checks
from inventory.errors import InputError
from inventory.io.readers import read_inputs
from inventory.pipeline import Run
from inventory.project import load_config
from tests.inventories import write_project

STRATUM = "warm_temperate_moist:lac"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("lulucf") / "p", sectors=("lulucf",),
                         name="land")


def _copy(project, tmp_path):
    import shutil

    dst = tmp_path / "p"
    shutil.copytree(project, dst)
    return dst


def _sheet(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["LULUCF"]
    header = [c.value for c in ws[1]]
    return wb, ws, header


def _find(ws, header, category, activity):
    for row in ws.iter_rows(min_row=2):
        if (row[header.index("category")].value == category
                and row[header.index("activity")].value == activity):
            return row
    raise KeyError((category, activity))


def _land(project_dir, tmp_path):
    run = Run.open(project_dir, tmp_path / "run", "t", validate=False)
    run.intake()
    run.timeseries()
    return run, run.sector("lulucf")


@pytest.fixture(scope="module")
def land(project, tmp_path_factory):
    """The unmodified project's LULUCF rows (read-only)."""
    return _land(project, tmp_path_factory.mktemp("land"))


def test_template_has_the_sheets_with_dropdowns(project):
    wb = openpyxl.load_workbook(project / "data" / "land.xlsx")
    assert {"LULUCF", "HWP"} <= set(wb.sheetnames)
    lists = wb["Lists"]
    cols = {c.value: i for i, c in enumerate(lists[1])}
    ids = [r[cols["activity:LULUCF"]].value for r in lists.iter_rows(min_row=2)]
    assert f"area:{STRATUM}" in ids and "harvest:boreal_dry:spodic" in ids
    cats = [r[cols["category"]].value for r in lists.iter_rows(min_row=2)]
    assert {"3.B.1.a", "3.B.2.b.i", "3.B.4.b.ii", "3.D.1"} <= set(cats)
    hwp = [r[cols["activity:HWP"]].value for r in lists.iter_rows(min_row=2)]
    assert "sawnwood:production" in hwp


def test_sheets_are_optional(tmp_path):
    p = write_project(tmp_path / "e", sectors=("waste",), name="w")
    wb = openpyxl.load_workbook(p / "data" / "w.xlsx")
    assert "LULUCF" not in wb.sheetnames
    act, _, _ = read_inputs(load_config(p))
    assert not act["category"].str.startswith("3.B").any()


def test_the_demo_land_reads_back_and_balances(land):
    run, em = land
    m = run.table("tables/lulucf.land_matrix")
    tot = m.groupby("year")["area"].sum()
    assert tot.max() - tot.min() < 1.0          # ha: the land area does not change
    assert (em["category"].str.startswith("3.B") | em["category"].str.startswith("3.C")
            | (em["category"] == "3.D.1")).all()


def test_unknown_stratum_names_sheet_row_and_column(project, tmp_path):
    p = _copy(project, tmp_path)
    wb, ws, header = _sheet(p / "data" / "land.xlsx")
    row = _find(ws, header, "3.B.1.a", f"harvest:{STRATUM}")
    row[header.index("activity")].value = "harvest:atlantis:lac"
    wb.save(p / "data" / "land.xlsx")
    with pytest.raises(InputError) as e:
        _land(p, tmp_path)
    msg = str(e.value)
    assert "unknown climate zone (stratum) in 'harvest:atlantis:lac'" in msg
    assert f"sheet 'LULUCF', row {row[0].row}, column 'G (2022)'" in msg


def test_a_matrix_that_does_not_add_up_names_region_year_and_cells(project, tmp_path):
    p = _copy(project, tmp_path)
    wb, ws, header = _sheet(p / "data" / "land.xlsx")
    row = _find(ws, header, "3.B.1.a", f"area:{STRATUM}")
    cell = row[header.index("2023")]
    cell.value = float(cell.value) + 500.0
    wb.save(p / "data" / "land.xlsx")
    with pytest.raises(InputError) as e:
        _land(p, tmp_path)
    msg = str(e.value)
    assert "land matrix does not add up: region NTH, year 2023, stratum " + STRATUM in msg
    assert "difference +500.0 ha" in msg
    assert f"sheet 'LULUCF', row {row[0].row}, column 'H (2023)'" in msg


def test_area_jump_is_a_finding_on_the_cell(project, tmp_path):
    p = _copy(project, tmp_path)
    wb, ws, header = _sheet(p / "data" / "land.xlsx")
    diag = _find(ws, header, "3.B.1.a", f"area:{STRATUM}")
    conv = _find(ws, header, "3.B.2.b.i",
                 f"area:{STRATUM}:cultivated.full_till.medium")
    moved = 0.4 * float(diag[header.index("2023")].value)
    diag[header.index("2023")].value = float(diag[header.index("2023")].value) - moved
    conv[header.index("2023")].value = float(conv[header.index("2023")].value) + moved
    wb.save(p / "data" / "land.xlsx")
    run, em = _land(p, tmp_path)
    tables = {t: run.table(f"tables/{t}") for t in run.background_tables()
              if t.startswith("lulucf.")}
    _, rows = run_checks("emissions", run.context(em, sector="lulucf", tables=tables),
                         run.policy, only=lambda c: c.name == "lulucf.area_jumps")
    jumps = rows["lulucf.area_jumps"]
    # only the moved cells: every finding names its region, year and land use
    assert jumps[["region", "year", "activity", "area"]].notna().all().all()
    assert set(jumps["year"]) <= {2023, 2024}
    forest = jumps[(jumps["activity"] == "forest") & (jumps["year"] == 2023)].iloc[0]
    assert forest["change_pct"] < -20
    assert "sheet 'LULUCF', row" in forest["source_ref"]


def test_steady_areas_give_no_area_jump_rows():
    from inventory.products import RunContext
    from sectors.lulucf.qa import area_jumps

    t = pd.DataFrame({"region": "R1", "year": [2000, 2001, 2002], "land_use": "forest",
                      "area": [100.0, 101.0, 102.0], "source_ref": "x"})
    ctx = RunContext(project=None, activity=pd.DataFrame(), parameters=pd.DataFrame(),
                     factors=None, emissions=pd.DataFrame(),
                     tables={"lulucf.land_use_areas": t})
    assert area_jumps(ctx).empty
    t.loc[2, "area"] = 150.0
    jump = area_jumps(ctx)
    assert jump[["year", "activity"]].values.tolist() == [[2002, "forest"]]
    assert jump["change_pct"].iloc[0] == pytest.approx(100 * 49 / 101)


def test_hwp_unknown_product_is_named(project, tmp_path):
    p = _copy(project, tmp_path)
    wb = openpyxl.load_workbook(p / "data" / "land.xlsx")
    ws = wb["HWP"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2)
               if r[header.index("activity")].value == "sawnwood:production")
    row[header.index("activity")].value = "plywood:production"
    wb.save(p / "data" / "land.xlsx")
    with pytest.raises(InputError) as e:
        _land(p, tmp_path)
    assert "unknown HWP product or flow in 'plywood:production'" in str(e.value)
    assert f"sheet 'HWP', row {row[0].row}" in str(e.value)


def test_ids_keep_their_cell_in_the_emissions(land):
    _, em = land
    ids = em["activity_ids"].dropna().str.split(";").explode()
    assert ids.str.contains("land.xlsx!LULUCF!").any()
    assert pd.Series(ids).str.contains("land.xlsx!HWP!").any()
