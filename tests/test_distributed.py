"""The sector stage on Dask (inventory.distributed): a LocalCluster of two worker processes
compiles the small project (two regions, three years, every sector) and the run folder
equals the single-machine compile: the same files, every emission row (values to 1e-12
relative), every CRT cell value and analysis table (to 1e-9 relative, the tolerance of
/work/tools/compare_runs.py). The numbers are not bit-identical: a region's rows are summed
in another order than all regions' rows, which moves the last bits (0.9999999999999999 for 1),
and a trend uncertainty, a difference of near-equal numbers, shows that as ~1e-11 relative.
Bad addresses and a cluster that goes away give one-line errors and leave no run folder.

The cluster tests are in the slow tier (a cluster and a compile cost tens of seconds); the
address parsing is fast (it imports no dask)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from inventory.distributed import ClusterSpec, parse_cluster
from inventory.errors import InputError

RTOL, ATOL = 1e-9, 1e-12          # every file, as /work/tools/compare_runs.py
RTOL_ROWS, ATOL_ROWS = 1e-12, 1e-15   # the emission rows themselves


# ------------------------------------------------------------------ fast: the --cluster text
@pytest.mark.parametrize("text, spec", [
    ("local", ClusterSpec("local", None, None)),
    ("local:2", ClusterSpec("local:2", None, 2)),
    ("tcp://10.0.0.5:8786", ClusterSpec("tcp://10.0.0.5:8786", "tcp://10.0.0.5:8786")),
    ("scheduler:8786", ClusterSpec("scheduler:8786", "tcp://scheduler:8786")),
    ("tls://sched.example.org:8786/", ClusterSpec("tls://sched.example.org:8786/",
                                                  "tls://sched.example.org:8786")),
])
def test_cluster_addresses(text, spec):
    assert parse_cluster(text) == spec


@pytest.mark.parametrize("text", ["", "local:0", "locale", "http://sched:8786", "tcp://",
                                  "scheduler", "local:two"])
def test_bad_cluster_text_is_refused(text):
    with pytest.raises(InputError, match="--cluster") as err:
        parse_cluster(text)
    assert "\n" not in str(err.value)


# ------------------------------------------------------------------ slow: on a LocalCluster
def _cells(path: Path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    return {s: list(wb[s].iter_rows(values_only=True)) for s in wb.sheetnames}


def _same(a, b, rtol: float = RTOL, atol: float = ATOL) -> bool:
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):   # the run id in the submission label
        return a.startswith("run ") and b.startswith("run ")
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)
    return False


def _sorted_csv(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return df.sort_values(list(df.columns), kind="stable").reset_index(drop=True)


def _compare_folders(a: Path, b: Path, rtol: float = RTOL, atol: float = ATOL,
                     only: str = "") -> list[str]:
    """Differences between two run folders (as /work/tools/compare_runs.py, which sorts the
    rows of each CSV; ``only``: the files whose name starts so)."""
    out = []
    files = lambda root: {str(p.relative_to(root)) for p in root.rglob("*")  # noqa: E731
                          if p.is_file() and "stage" not in p.relative_to(root).parts}
    fa, fb = files(a), files(b)
    if fa != fb:
        out.append(f"files only in one: {sorted(fa ^ fb)}")
    for f in sorted(x for x in fa & fb if x.endswith(".csv") and x.startswith(only)):
        da, db = _sorted_csv(a / f), _sorted_csv(b / f)
        if list(da.columns) != list(db.columns) or len(da) != len(db):
            out.append(f"{f}: shape {da.shape} vs {db.shape}")
            continue
        for c in da.columns:
            x, y = da[c], db[c]
            ne = (x != y).to_numpy()
            if not ne.any():
                continue
            xn, yn = pd.to_numeric(x, errors="coerce"), pd.to_numeric(y, errors="coerce")
            close = ((xn - yn).abs() <= rtol * xn.abs() + atol).to_numpy()
            # sorting as text may pair rows that differ only in the last bits differently:
            # then the whole column, sorted as numbers, must agree
            if (ne & ~close).any():
                xs, ys = xn.sort_values().to_numpy(), yn.sort_values().to_numpy()
                if not (xn.notna().all() and all(math.isclose(u, v, rel_tol=rtol,
                                                              abs_tol=atol)
                                                  for u, v in zip(xs, ys, strict=True))):
                    i = (ne & ~close).nonzero()[0][0]
                    out.append(f"{f}: column {c}: {x.iloc[i]!r} vs {y.iloc[i]!r}")
    for f in sorted(x for x in fa & fb if x.endswith(".xlsx") and x.startswith(only)):
        ca, cb = _cells(a / f), _cells(b / f)
        if list(ca) != list(cb):
            out.append(f"{f}: sheets differ")
            continue
        for sheet in ca:
            ra, rb = ca[sheet], cb[sheet]
            bad = [(i + 1, j + 1, u, v) for i, (x, y) in enumerate(zip(ra, rb, strict=True))
                   for j, (u, v) in enumerate(zip(x, y, strict=True))
                   if not _same(u, v, rtol, atol)]
            if len(ra) != len(rb) or bad:
                out.append(f"{f} {sheet}: {bad[:3]}")
    return out


@pytest.fixture(scope="module")
def local_cluster():
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster:
        yield cluster


@pytest.mark.slow
def test_local_cluster_equals_single_machine(small_project, small_run, local_cluster,
                                             tmp_path):
    from inventory.runner import compile_project

    messages = []
    run = compile_project(small_project, tmp_path, run_id="on-dask", jobs=1,
                          cluster=local_cluster.scheduler_address, progress=messages.append)
    assert any("2 region(s) on 2 Dask worker(s)" in m for m in messages)
    assert _compare_folders(small_run, run) == []
    assert _compare_folders(small_run, run, RTOL_ROWS, ATOL_ROWS, only="emissions.csv") == []
    em_a = pd.read_parquet(small_run / "emissions.parquet")
    em_b = pd.read_parquet(run / "emissions.parquet")
    assert len(em_a) == len(em_b) > 1000
    assert sorted(em_b["region"].unique()) == ["CAP", "NTH"]
    assert em_b["value_co2eq"].sum() == pytest.approx(em_a["value_co2eq"].sum(), rel=RTOL_ROWS)
    engine = json.loads((run / "manifest.json").read_text())["engine"]
    assert engine["sectors"] == "dask.distributed"
    assert engine["cluster"] == local_cluster.scheduler_address
    assert (engine["workers"], engine["tasks"], engine["partitions"]) == (2, 2, "region")
    assert "engine" not in json.loads((small_run / "manifest.json").read_text())


@pytest.mark.slow
def test_bad_address_is_one_line_and_writes_nothing(small_project, tmp_path, monkeypatch,
                                                    capsys):
    pytest.importorskip("distributed")
    import socket

    from inventory import distributed as dist
    from inventory.cli import EXIT_INPUT, main

    monkeypatch.setattr(dist, "CONNECT_TIMEOUT", 2.0)
    with socket.socket() as s:          # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = main(["compile", str(small_project), "--out", str(tmp_path / "out"), "--quiet",
                 "--no-validate", "--cluster", f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_INPUT
    assert err.startswith(f"error: --cluster: cannot reach a Dask scheduler at "
                          f"tcp://127.0.0.1:{port}")
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("manifest.json"))


@pytest.mark.slow
def test_cluster_that_goes_away_stops_cleanly(small_project, tmp_path):
    distributed = pytest.importorskip("distributed")
    import logging

    from inventory.runner import compile_project

    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)

    def progress(msg: str) -> None:       # the tasks are submitted: the cluster goes away
        if "Dask worker(s)" in msg:
            cluster.close()

    try:
        with pytest.raises(InputError, match="went away during the sector stage") as err:
            compile_project(small_project, tmp_path, run_id="gone", validate=False,
                            cluster=cluster.scheduler_address, progress=progress)
    finally:
        cluster.close()
    assert "\n" not in str(err.value)
    assert list(tmp_path.rglob("manifest.json")) == []
    assert not (tmp_path / "small" / "gone").exists()
