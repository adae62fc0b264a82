"""The whole compile of the large synthetic inventory, as a user runs it: ``ghgi compile``.

The project: every sector's demo generators (tests/inventories.py, as bench_demo.py uses)
for ``--regions`` regions x ``--first``..``--last``, plus the large energy inventory of
bench_compile.py (every Table 1.4 fuel in every stationary 1.A sub-sector the demo uses,
:func:`sectors.energy.demo.benchmark_streams`): 31 x 35 gives about 1.3 M activity rows,
written as long CSV files (inventory.yml ``inputs``, ``table: activity``) with the demo
parameters as a CSV. Analyses as in bench_demo.py's projects (no Approach 2 Monte Carlo).

Reported: wall time with the load average, CPU time of the process and its workers (user +
sys), peak RSS of the compile (the largest process: ``ru_maxrss`` of the children), the
stage times of ``profile.csv``, and the in-process CPU without the CRT workbooks (another
engineer's part; printed separately).

Run: python benchmarks/bench_large_compile.py [--regions 31] [--first 1990] [--last 2024]
     [--validate] [--jobs N] [--keep DIR]
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

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GHGI = Path(sys.executable).parent / "ghgi"
CSV_ROWS = 190_000          # rows per activity CSV (intake reads at most 200,000 per file)


def write_large_project(root: Path, n_regions: int, years: range) -> tuple[Path, int]:
    """The project folder; returns it and its number of activity rows."""
    from inventory.demo import demo_config, demo_parameters, streams_activity
    from inventory.methods import TierPlan
    from sectors.energy.demo import STREAMS, benchmark_streams
    from tests.inventories import project_activity

    regions = [(f"R{i:02d}", f"Region {i}", 1.0 / n_regions) for i in range(n_regions)]
    act = project_activity(None, regions, years)
    taken = set(zip(act["category"], act["activity"], strict=True))
    cfg = demo_config(regions, years, None, "large")
    plan = TierPlan(cfg["tiers"])       # extra fuels only where the demo runs at Tier 1
    extra = tuple(s for s in benchmark_streams()[len(STREAMS):]
                  if (s.category, s.activity) not in taken
                  and all(plan.tier(s.category, g) == 1 for g in ("CO2", "CH4", "N2O")))
    big = streams_activity(extra, regions, years, np.random.default_rng(7),
                           "benchmark (synthetic)")
    act = pd.concat([act, big], ignore_index=True)
    # a long CSV holds a number or a notation key in 'value'
    keyed = act["notation_key"].notna().to_numpy()
    act["value"] = np.where(keyed, act["notation_key"].astype(object), act["value"])
    cols = ["region", "year", "category", "activity", "value", "unit", "source", "note"]
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    inputs = []
    for k, start in enumerate(range(0, len(act), CSV_ROWS)):
        name = f"data/activity_{k:02d}.csv"
        act[cols].iloc[start:start + CSV_ROWS].to_csv(root / name, index=False)
        inputs.append({"file": name, "table": "activity"})
    params = demo_parameters(None, regions, years)
    params = params[params["region"].isin(["*", *(r[0] for r in regions)])]
    params.to_csv(data / "parameters.csv", index=False)
    inputs.append({"file": "data/parameters.csv", "table": "parameters"})
    cfg["options"] = {**cfg.get("options", {}),
                      "analysis": {"approach2": False, "compare_against": "none"}}
    cfg["inputs"] = inputs
    (root / "inventory.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return root, len(act)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=31)
    ap.add_argument("--first", type=int, default=1990)
    ap.add_argument("--last", type=int, default=2024)
    ap.add_argument("--validate", action="store_true",
                    help="run the great-expectations suites (default: --no-validate)")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", type=Path, default=None, help="write the project and run here")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" /
                    "large_compile.json")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ghgi-large-"))
    try:
        t = time.perf_counter()
        project, n_rows = write_large_project(work / "project", args.regions,
                                              range(args.first, args.last + 1))
        print(f"project: {n_rows:,} activity rows, written in {time.perf_counter() - t:.1f} s",
              flush=True)
        cmd = [str(GHGI), "compile", str(project), "--out", str(work / "out"), "--run-id",
               "large", "--profile", "--quiet"]
        cmd += [] if args.validate else ["--no-validate"]
        cmd += ["--jobs", str(args.jobs)] if args.jobs else []
        env = {**os.environ, "GHGI_CACHE_DIR": str(work / "cache")}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode:
            print(proc.stdout[-3000:], proc.stderr[-3000:])
            return 1
        run = next((work / "out").glob("*/large"))
        prof = pd.read_csv(run / "profile.csv")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        result = {
            "activity_rows": n_rows, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "peak_rss_mb": round(after.ru_maxrss / 1024, 1),
            "load_1min_before_after": [round(load[0], 2), round(os.getloadavg()[0], 2)],
            "validate": args.validate, "jobs": args.jobs,
            "emission_rows": int(len(pd.read_parquet(run / "emissions.parquet",
                                                     columns=["gas"])))
            if (run / "emissions.parquet").exists() else None,
            "stages": prof.to_dict(orient="records"),
        }
        print(prof.to_string(index=False))
        print(json.dumps({k: v for k, v in result.items() if k != "stages"}))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
