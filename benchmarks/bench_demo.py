"""Whole compiles through the CLI, as a user runs them: ``ghgi compile <project> --profile``.

Projects: a one-region one-year project and a one-region 35-year project (both from the demo's
generators, tests/inventories.py: every sector, analyses without the Monte Carlo), and
demo/demoland (5 regions x 19 years). Each is compiled ``--repeat`` times in a fresh process;
the first compile of a project starts with an empty validation cache (great-expectations runs),
the later ones find the report of the same inputs there (validation.run). Reported per
project: wall time (best and first), CPU time of the process and its workers (user + sys),
peak resident memory, and the stage times of the best compile (profile.csv). The load average
is printed with every run: on a shared machine the CPU time is the steadier figure.

Run: python benchmarks/bench_demo.py [--repeat 3] [--only demo|one_year|35_years] [--jobs N]
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
    from tests.inventories import ONE_REGION, write_project

    years = range(2023, 2024) if kind == "one_year" else range(1990, 2025)
    return write_project(work / kind, regions=ONE_REGION, years=years, name=kind)


def _compile(project: Path, out: Path, run_id: str, cache: Path, jobs: int | None) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "GHGI_CACHE_DIR": str(cache)}
    cmd = [str(GHGI), "compile", str(project), "--out", str(out), "--run-id", run_id,
           "--profile", "--quiet"] + (["--jobs", str(jobs)] if jobs else [])
    load = os.getloadavg()[0]
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"compile failed: {proc.stderr[-2000:]}")
    run = next(out.glob(f"*/{run_id}"))
    prof = pd.read_csv(run / "profile.csv")
    return {"wall_s": round(wall, 2),
            "cpu_s": round((after.ru_utime - before.ru_utime)
                           + (after.ru_stime - before.ru_stime), 2),
            "max_rss_mb": round(after.ru_maxrss / 1024, 1), "load_1min": round(load, 2),
            "stages": dict(zip(prof["stage"], prof["seconds"], strict=True))}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=("one_year", "35_years", "demo"), action="append")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "demo.json")
    args = ap.parse_args()
    results: dict = {}
    work = Path(tempfile.mkdtemp(prefix="ghgi-bench-"))
    try:
        for kind in args.only or ("one_year", "35_years", "demo"):
            project = _project(kind, work)
            cache = work / f"cache-{kind}"
            runs = []
            for i in range(args.repeat):
                r = _compile(project, work / f"out-{kind}", f"r{i}", cache, args.jobs)
                runs.append(r)
                print(f"{kind:<9} run {i + 1}: {r['wall_s']:7.2f} s wall  {r['cpu_s']:7.2f} s "
                      f"CPU  (load {r['load_1min']:.1f}){'  cold cache' if i == 0 else ''}",
                      flush=True)
            best = min(runs, key=lambda r: r["wall_s"])
            results[kind] = {"first_wall_s": runs[0]["wall_s"], "best_wall_s": best["wall_s"],
                             "best_cpu_s": min(r["cpu_s"] for r in runs),
                             "max_rss_mb": max(r["max_rss_mb"] for r in runs),
                             "stages_of_best": best["stages"], "runs": runs}
            stages = best["stages"]
            print(f"{kind:<9} best {best['wall_s']:.2f} s; stages: "
                  + ", ".join(f"{k} {v:.2f}" for k, v in stages.items() if "/" not in k),
                  flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
