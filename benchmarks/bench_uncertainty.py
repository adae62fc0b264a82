"""Monte Carlo (Approach 2) on the large synthetic inventory: 31 regions, every Table 1.4 fuel
in every stationary 1.A sub-sector plus the demo's streams (benchmark_activity), base year 1990
and latest year 2024, 100,000 iterations over all source categories. Reports the time and peak
memory of the uncertainty inputs, Approach 1 and the Monte Carlo.

Run: python benchmarks/bench_uncertainty.py [--iterations 100000] [--regions 31] [--jobs 1]

CPU seconds (``time.process_time``, all threads of the process) are the comparable figure on a
shared machine; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inventory import schema  # noqa: E402
from inventory.analysis.inputs import category_series  # noqa: E402
from inventory.analysis.montecarlo import monte_carlo  # noqa: E402
from inventory.analysis.uncertainty import approach1_table, uncertainty_inputs  # noqa: E402
from inventory.categories import to_crt  # noqa: E402
from inventory.demo import demo_parameters  # noqa: E402
from inventory.factors import FactorDB  # noqa: E402
from inventory.gases import co2_equivalent  # noqa: E402
from inventory.methods import run_methods  # noqa: E402
from inventory.notation import NOTATION_DTYPE  # noqa: E402
from inventory.units import to_canonical  # noqa: E402
from sectors.energy.demo import benchmark_activity  # noqa: E402


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


TRACE = False   # --trace: tracemalloc peaks (slows pandas stages several-fold)


def timed(label, results, fn, *args, trace=True, **kw):
    trace = trace and TRACE
    if trace:
        tracemalloc.start()
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else float("nan")
    if trace:
        tracemalloc.stop()
    results[label] = {"seconds": round(dt, 2), "cpu_seconds": round(cpu, 2),
                      "python_peak_mb": round(peak, 1), "max_rss_mb_after": round(max_rss_mb(),
                                                                                   1)}
    print(f"{label:<34} {dt:8.2f} s  CPU {cpu:8.2f} s  traced peak {peak:8.1f} MB  "
          f"max RSS {max_rss_mb():8.1f} MB", flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=31)
    ap.add_argument("--first", type=int, default=1990)
    ap.add_argument("--last", type=int, default=2024)
    ap.add_argument("--iterations", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--jobs", type=int, default=1, help="Monte Carlo threads")
    ap.add_argument("--trace", action="store_true",
                    help="tracemalloc peaks per stage (slows the pandas stages)")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" /
                    "uncertainty.json")
    args = ap.parse_args()
    global TRACE
    TRACE = args.trace
    res: dict = {}
    raw, _ = timed("generate large inventory", res, benchmark_activity, args.regions,
                   args.first, args.last, trace=False)
    raw = raw[raw["year"].isin([args.first, args.last])].reset_index(drop=True)
    act = raw.copy()
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"])
    act["notation_key"] = act["notation_key"].astype(NOTATION_DTYPE)
    act["activity_id"] = "bench!" + pd.Series(np.arange(len(act))).astype(str)
    act["source_ref"] = act["activity_id"]
    act = schema.ensure_valid(act, "activity")
    params = demo_parameters()
    params["parameter_id"] = [f"p{i}" for i in range(len(params))]
    params["source_ref"] = params["parameter_id"]
    for col, default in (("year_from", 1900), ("year_to", 2100), ("region", "*")):
        params[col] = params[col].fillna(default)
    params[["year_from", "year_to"]] = params[["year_from", "year_to"]].astype("int64")
    params = params[[c.name for c in schema.PARAMETERS]]
    em = timed("methods (base + latest year)", res, run_methods, act,
               FactorDB.with_defaults(params), {}, trace=False)
    em["crt_category"] = to_crt(em["category"])
    em["value_co2eq"] = co2_equivalent(em["value"], em["gas"], "AR5GWP100")
    series = category_series(em, [args.first, args.last])
    inputs = timed("uncertainty inputs", res, uncertainty_inputs, em, params,
                   [args.first, args.last])
    timed("Approach 1 (Table 3.3)", res, approach1_table, inputs, series, args.first,
          args.last)
    rss_before = max_rss_mb()
    mc = timed(f"Monte Carlo {args.iterations:,} iterations", res, monte_carlo, inputs,
               args.first, args.last, args.iterations, args.seed, jobs=args.jobs)
    res["shape"] = {"regions": args.regions, "years": [args.first, args.last],
                    "emission_rows": int(len(em)), "rows_in_analysis": int(len(inputs.rows)),
                    "uncertain_variables": int((inputs.variables["status"] != "no range")
                                               .sum()),
                    "links": int(len(inputs.links)),
                    "categories_gas": int(len(series)), "iterations": args.iterations,
                    "jobs": args.jobs}
    res["process_max_rss_mb"] = round(max_rss_mb(), 1)
    res["load_average"] = [round(x, 2) for x in os.getloadavg()]
    res["process_max_rss_before_mc_mb"] = round(rss_before, 1)
    tot = mc.totals.set_index(["coverage", "role"]).loc[("excluding", "latest")]
    res["result_latest_total"] = {k: round(float(tot[k]), 3) for k in
                                  ("estimate", "p2_5", "p97_5", "u_lower_pct", "u_upper_pct")}
    print(json.dumps(res["shape"]), f"max RSS {res['process_max_rss_mb']} MB",
          f"load average {res['load_average']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
