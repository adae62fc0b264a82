"""``--jobs`` (inventory.jobs): the worker count rule, and the ETF export over years gives the
same files in one process and in two."""

from __future__ import annotations

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
def test_etf_export_is_identical_with_one_and_two_jobs(small_run, tmp_path):
    from inventory.etf.writer import export_run

    one = export_run(small_run, tmp_path / "one" / "x.json", years=[2022, 2023], jobs=1)
    two = export_run(small_run, tmp_path / "two" / "x.json", years=[2022, 2023], jobs=2)
    assert len(one.cells) > 1000 and set(one.cells["year"]) == {2022, 2023}
    assert one.path.read_bytes() == two.path.read_bytes()
    assert (one.path.with_name("etf_cells.csv").read_bytes()
            == two.path.with_name("etf_cells.csv").read_bytes())
