"""The CRT cells the compile stores (``<run>/crt_cells.parquet``) are exactly the cells the ETF
export used to capture by running the sheet writers again, and ``ghgi etf export`` reads them
instead (falling back to the capture when the file is missing or was recorded with other
documentation texts)."""

from __future__ import annotations

import shutil
from datetime import datetime

import pandas as pd
import pytest

from inventory.crt import write_crt_workbooks
from inventory.crt.cells import CELLS_FILE, read_cells
from inventory.etf import writer
from inventory.etf.source import load_run
from inventory.etf.writer import export_run, year_cells


def test_compile_stores_every_year_and_export_reads_it(small_run, tmp_path, monkeypatch):
    src = load_run(small_run)
    stored = read_cells(small_run / CELLS_FILE, src.years, documentation={}, flexibility={})
    assert stored is not None
    assert sorted(stored["year"].unique()) == src.years == [2021, 2022, 2023]
    assert not stored.duplicated(["year", "sheet", "row", "column"]).any()
    assert {"Summary1", "Table1", "Table2(I)", "Table3", "Table5"} <= set(stored["sheet"])
    # another documentation text, or a year the file lacks: the caller must capture itself
    assert read_cells(small_run / CELLS_FILE, [2023], documentation={"Table1": "x"},
                      flexibility={}) is None
    assert read_cells(small_run / CELLS_FILE, [2020], documentation={},
                      flexibility={}) is None

    def no_capture(*args, **kwargs):
        raise AssertionError("the sheet writers ran again")

    monkeypatch.setattr(writer, "year_cells", no_capture)
    res = export_run(small_run, tmp_path / "etf" / "x.json", years=[2023])
    assert len(res.cells) == (stored["year"] == 2023).sum()
    assert res.document["data"]["values"][0]["inventory_year"] == 2023


def test_a_new_combine_drops_the_stored_cells(small_project, small_run, tmp_path):
    """A working run whose rows are combined again must not keep cells of the old rows."""
    from inventory.pipeline import Run

    run_dir = tmp_path / "run"
    shutil.copytree(small_run, run_dir)
    assert (run_dir / CELLS_FILE).exists()
    Run.open(small_project, run_dir, "again", validate=False).combine()
    assert not (run_dir / CELLS_FILE).exists()


@pytest.mark.slow
def test_stored_cells_equal_the_captured_ones(small_run, tmp_path):
    """Written with a banner, a guidelines line and documentation boxes (which the export's
    null worksheets never see): the same frame as the export's capture, value for value."""
    src = load_run(small_run)
    docs = {"Table1": "Energy documentation =SUM(A1)", "Table5.A": "SWDS: see NID 7.2"}
    flex = {"kca_threshold": {"applied": True, "timeframe": "2028"}}
    cells_path = tmp_path / CELLS_FILE
    write_crt_workbooks(src.emissions, tmp_path / "crt", party=src.party,
                        gwp_set=src.gwp_set, years=[2023], submission_label="run t",
                        banner="SYNTHETIC - a banner line", created=datetime(2000, 1, 1),
                        analysis=src.analysis, tables=src.tables, guidelines="ipcc2006",
                        jobs=1, documentation=docs, flexibility=flex, cells_path=cells_path)
    stored = read_cells(cells_path, [2023], documentation=docs, flexibility=flex)
    captured = year_cells(src.prepared(), 2023, party=src.party, gwp_set=src.gwp_set,
                          documentation=docs, flexibility=flex)
    pd.testing.assert_frame_equal(stored, captured)
    assert (stored["row"] == "Documentation box").sum() == 2


@pytest.mark.slow
def test_export_identical_with_and_without_the_stored_cells(small_run, tmp_path):
    old = tmp_path / "old_run"
    shutil.copytree(small_run, old)
    (old / CELLS_FILE).unlink()          # a run of an earlier version: captured again
    a = export_run(small_run, tmp_path / "a" / "x.json", years=[2022, 2023])
    b = export_run(old, tmp_path / "b" / "x.json", years=[2022, 2023])
    assert a.path.read_bytes() == b.path.read_bytes()
    assert ((tmp_path / "a" / "etf_cells.csv").read_bytes()
            == (tmp_path / "b" / "etf_cells.csv").read_bytes())


def _exact(lookup: dict) -> dict:
    """A lookup with its values as repr text: floats compared to the last bit, NaN == NaN."""
    return {k: repr(v) for k, v in lookup.items()}


def test_all_years_lookups_equal_the_per_year_ones(small_run):
    """The aggregates the sheets share are built once per run for all years (the year one more
    group-by key); each year's part must equal the same lookup built from that year's rows
    alone (the YearData of an archived table without the prepared rows takes that path)."""
    from dataclasses import astuple

    from inventory.crt.data import YearData, prepare
    from inventory.crt.summary3 import method_codes, method_codes_by_year
    from sectors.ippu import crt as ippu_crt

    src = load_run(small_run)
    prepared = prepare(src.emissions, gwp_set=src.gwp_set)
    by_year = method_codes_by_year(prepared)
    for year in src.years[-1:]:     # one year keeps the test fast; the lookups hold all years
        assert sorted(by_year) == src.years
        run_wide = prepared.year(year, src.gwp_set)
        alone = YearData(year, run_wide.rows, src.gwp_set)
        assert run_wide.by_crt_gas, year
        for name in ("by_crt_gas", "memo_by_gas", "summary_by_crt", "summary_memo"):
            assert _exact(getattr(run_wide, name)) == _exact(getattr(alone, name)), name
        assert run_wide.by_crt_gas[("2", "CO2")] == alone.by_crt_gas[("2", "CO2")]
        for mine, theirs in zip(astuple(run_wide.fuel_tables), astuple(alone.fuel_tables),
                                strict=True):
            assert mine and _exact(mine) == _exact(theirs)
        pd.testing.assert_frame_equal(run_wide.fuel_activity, alone.fuel_activity)
        assert by_year[year] == method_codes(run_wide.rows) != {}
        a, b = ippu_crt._aggregates(run_wide), ippu_crt._aggregates(alone)
        assert a.em and a.actual
        for attr in ("em", "ad", "ad_key", "ief", "rec", "actual", "potential"):
            assert _exact(getattr(a, attr)) == _exact(getattr(b, attr)), attr
