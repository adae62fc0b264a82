"""``--jobs`` (inventory.jobs): the worker count rule, and the ETF capture over years gives the
same cells in one process and in two."""

from __future__ import annotations

import pandas as pd
import pytest

from inventory.errors import InputError
from inventory.jobs import check_jobs, process_map, workers


def test_worker_count_follows_the_compile_semantics(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert workers(35) == 8                 # default: the cores
    assert workers(3) == 1                  # few pieces: in process unless asked
    assert workers(3, jobs=2) == 2
    assert workers(35, jobs=1) == 1         # 1 = in this process
    assert workers(2, jobs=16) == 2         # never more processes than pieces
    assert workers(1, jobs=4) == 1
    assert check_jobs(None) is None and check_jobs(3) == 3
    with pytest.raises(InputError, match="--jobs 0"):
        check_jobs(0)


def test_process_map_in_process_keeps_order_and_reports_progress():
    seen = []
    assert process_map(abs, [-3, 2, -1], jobs=1, progress=lambda i, n: seen.append((i, n))) \
        == [3, 2, 1]
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.slow
def test_etf_capture_is_identical_with_one_and_two_jobs(small_run):
    # documentation texts the compile did not have: the stored cells do not apply, the sheet
    # writers run again for each year (the path --jobs parallelises)
    from inventory.crt.cells import CELLS_FILE, read_cells
    from inventory.etf.source import load_run
    from inventory.etf.writer import run_cells

    src = load_run(small_run)
    docs = {"Table1": "Energy: see NID 3.2"}
    assert read_cells(src.run_dir / CELLS_FILE, [2022, 2023], documentation=docs,
                      flexibility={}) is None
    one = run_cells(src, [2022, 2023], documentation=docs, flexibility={}, jobs=1)
    two = run_cells(src, [2022, 2023], documentation=docs, flexibility={}, jobs=2)
    assert len(one) > 1000 and set(one["year"]) == {2022, 2023}
    pd.testing.assert_frame_equal(one, two)
