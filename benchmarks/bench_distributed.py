"""The single-machine compile against the same compile with the sectors on a Dask LocalCluster.

``ghgi compile <project> --no-validate --profile`` in a fresh process, then the same with
``--cluster local:N`` (N worker processes started by the compile: their start-up and imports
are part of the figure). Reported for each: wall time, CPU time of the process and all its
descendants (user + sys, from ``RUSAGE_CHILDREN``: the Dask nanny and worker processes are
children of the compile), peak resident memory of the largest process, the time of the
sector stage (``sector <s>`` rows of profile.csv, or ``sectors on dask`` plus the staging),
and the load average before and after. Both run folders are then compared like
/work/tools/compare_runs.py (every CSV sorted, every CRT cell; numbers to 1e-9 relative or
1e-9 absolute; profile.* left out).

Validation is off in both (the great-expectations cache would favour whichever runs second);
the CRT workbooks use ``--jobs 1`` in both so the only difference is the sector stage.

On one 2-core machine the cluster is not faster: each worker process pays its own imports,
and a method called on one region pays its fixed cost once per region. The point is
scale-out: the same command with ``--cluster tcp://scheduler:8786`` spreads the regions over
the workers of many machines (docs/distributed.md).

Run: python benchmarks/bench_distributed.py [--project demo|small] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GHGI = Path(sys.executable).parent / "ghgi"


def _project(kind: str, work: Path) -> Path:
    if kind == "demo":
        return ROOT / "demo" / "demoland"
    from tests.inventories import write_project

    regions = (("NTH", "Northland", 0.7), ("CAP", "Capital District", 0.3))
    return write_project(work / "small", regions=regions, years=range(2021, 2024),
                         name="small")


def _compile(project: Path, out: Path, run_id: str, cluster: str | None) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    cmd = [str(GHGI), "compile", str(project), "--out", str(out), "--run-id", run_id,
           "--no-validate", "--profile", "--quiet", "--jobs", "1"]
    if cluster:
        cmd += ["--cluster", cluster]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    run_dir = Path(done.stdout.strip().splitlines()[-1].split("  (")[0])
    prof = pd.read_csv(run_dir / "profile.csv")
    stage = prof["stage"].astype(str)
    sectors = prof[stage.str.startswith("sector ") | (stage == "sectors on dask")]
    return {
        "engine": f"dask {cluster}" if cluster else "in process",
        "wall_s": round(wall, 1),
        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
                       1),
        "peak_rss_mb": round(after.ru_maxrss / 1024),
        "sector_stage_wall_s": round(float(sectors["seconds"].sum()), 1),
        "sector_stage_cpu_s_client": round(float(sectors["cpu_seconds"].sum()), 1),
        "load_before": round(load0, 1), "load_after": round(os.getloadavg()[0], 1),
        "run_dir": str(run_dir),
    }


def compare(a: Path, b: Path) -> list[str]:
    """The differences of two run folders (tests/test_distributed.py: every CSV sorted, every
    CRT cell) to 1e-9 relative or 1e-9 absolute (a trend uncertainty of -4.7e-05 % differs by
    1.1e-12 between the two on the demo: a difference of near-equal numbers), profile.* left
    out (stage times, and the cluster run has one stage more)."""
    from tests.test_distributed import _compare_folders

    out = _compare_folders(a, b, rtol=1e-9, atol=1e-9)
    return [d for d in out if not d.startswith("profile.")
            and not (d.startswith("files only in one") and "profile" in d)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", choices=("demo", "small"), default="demo")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the run folders")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ghgi-bench-dist-"))
    try:
        project = _project(args.project, work)
        rows = [_compile(project, work / "out", "single", None),
                _compile(project, work / "out", "dask", f"local:{args.workers}")]
        diffs = compare(Path(rows[0]["run_dir"]), Path(rows[1]["run_dir"]))
        table = pd.DataFrame(rows).drop(columns="run_dir")
        print(f"project {args.project}, {os.cpu_count()} cores")
        print(table.to_string(index=False))
        print("run folders:", "the same (numbers to 1e-9 relative or absolute)" if not diffs
              else f"{len(diffs)} differences: {diffs[:5]}")
        out = ROOT / "benchmarks" / "results"
        out.mkdir(exist_ok=True)
        (out / f"distributed_{args.project}.json").write_text(json.dumps(
            {"project": args.project, "runs": table.to_dict("records"),
             "differences": diffs}, indent=2) + "\n")
        return 1 if diffs else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
