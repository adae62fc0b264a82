"""Compile the large synthetic inventory: 31 regions x 35 years x every Table 1.4 fuel in every
1.A sub-sector the demo uses (plus the demo's physical-unit streams). Reports rows/s per stage
and peak memory. Run: `make bench` (or python benchmarks/bench_compile.py [--regions N]).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inventory import schema  # noqa: E402
from inventory.categories import aggregate_crt  # noqa: E402
from inventory.demo import demo_parameters  # noqa: E402
from inventory.factors import FactorDB  # noqa: E402
from inventory.gases import co2_equivalent  # noqa: E402
from inventory.methods import run_methods  # noqa: E402
from inventory.notation import NOTATION_DTYPE  # noqa: E402
from inventory.units import to_canonical  # noqa: E402
from sectors.energy.demo import benchmark_activity  # noqa: E402


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, results: dict, fn, *args, rows: int | None = None, **kw):
    """Wall and CPU time of one stage (the CPU time is the comparable figure on a shared
    machine: wall time moves with the load average, printed too), and the process's peak
    resident memory after it (tracemalloc is not used: it slows allocation-heavy pandas code
    several-fold and distorts timings)."""
    load = os.getloadavg()[0]
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    rss = max_rss_mb()
    results[label] = {"seconds": round(dt, 3), "cpu_seconds": round(cpu, 3),
                      "load_1min": round(load, 2), "max_rss_mb_after": round(rss, 1)}
    if rows:
        results[label]["rows"] = rows
        results[label]["rows_per_s"] = round(rows / dt)
        results[label]["rows_per_cpu_s"] = round(rows / max(cpu, 1e-9))
    print(f"{label:<28} {dt:8.2f} s  cpu {cpu:7.2f} s  load {load:5.1f}  max RSS {rss:8.1f} MB"
          + (f"  {rows:>9,} rows  {rows / max(cpu, 1e-9):>12,.0f} rows/cpu-s" if rows else ""),
          flush=True)
    return out


def prepare(raw: pd.DataFrame) -> pd.DataFrame:
    act = raw.copy()
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"])
    act["notation_key"] = act["notation_key"].astype(NOTATION_DTYPE)
    act["activity_id"] = "bench!" + pd.Series(np.arange(len(act))).astype(str)
    act["source_ref"] = act["activity_id"]
    return schema.ensure_valid(act, "activity")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=31)
    ap.add_argument("--first", type=int, default=1990)
    ap.add_argument("--last", type=int, default=2024)
    ap.add_argument("--validate", action="store_true", help="also time the GX suites")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" /
                    "compile.json")
    args = ap.parse_args()
    results: dict = {}
    raw, regions = timed("generate", results, benchmark_activity, args.regions, args.first,
                         args.last)
    act = timed("normalise units + contract", results, prepare, raw, rows=len(raw))
    params = demo_parameters()
    params["parameter_id"] = [f"p{i}" for i in range(len(params))]
    params["source_ref"] = params["parameter_id"]
    params = params[[c.name for c in schema.PARAMETERS]]
    db = timed("factor database", results, FactorDB.with_defaults, params)
    if args.validate:
        from validation.run import validate_tables

        timed("validation (GX, warm)", results, lambda: None)
        validate_tables(act.head(100), params, regions=[r[0] for r in regions],
                        first_year=args.first, last_year=args.last)  # import + warm-up
        timed("validation (GX)", results, validate_tables, act, params,
              regions=[r[0] for r in regions], first_year=args.first, last_year=args.last,
              rows=len(act))
    em = timed("fuel combustion methods", results, run_methods, act, db, {},
               rows=len(act))
    em["value_co2eq"] = timed("CO2-eq (AR5)", results, co2_equivalent, em["value"], em["gas"],
                              rows=len(em))
    timed("aggregate over CRT tree", results, aggregate_crt, em.assign(value=em["value_co2eq"]),
          rows=len(em))
    results["shape"] = {"regions": args.regions, "years": args.last - args.first + 1,
                        "activity_rows": len(act), "emission_rows": len(em),
                        "category_fuel_pairs": int(act[["category", "activity"]]
                                                   .drop_duplicates().shape[0])}
    results["process_max_rss_mb"] = round(max_rss_mb(), 1)
    print(json.dumps(results["shape"]), f"max RSS {results['process_max_rss_mb']} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
