"""Energy-sector compile time on the large synthetic inventory (31 regions x 35 years).

Two workloads:

* ``fuel`` -- the fuel-combustion benchmark of bench_compile.py (the demo's streams plus every
  Table 1.4 fuel in every stationary 1.A sub-sector the demo uses, all regions and years);
* ``full`` (default) -- that plus the rest of sector 1 at the same scale: the energy balance of
  the reference approach and electricity trade (category 1.A), Tier 3 plant rows in 1.A.1.a of
  three regions with the residual at Tier 1, bunkers and multilateral operations, coal mining,
  oil and gas fugitives and CCS (1.B,
  1.C), with the demo's tiers and options.

Times every energy method (``run_methods`` progress callback) and the whole sector; writes
benchmarks/results/energy.json. ``GHGI_ROOT=<checkout>`` runs the same workload against another
checkout of the workbench (e.g. the commit before the energy-sector work, ``--workload fuel``),
which is how the before/after figures of benchmarks/README.md are made.

    python benchmarks/bench_energy.py [--workload full|fuel] [--regions 31]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("GHGI_ROOT", HERE.parent)).resolve()
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from inventory import schema  # noqa: E402
from inventory.demo import demo_parameters  # noqa: E402
from inventory.factors import FactorDB  # noqa: E402
from inventory.methods import run_methods  # noqa: E402
from inventory.notation import NOTATION_DTYPE  # noqa: E402
from inventory.units import to_canonical  # noqa: E402
from sectors.energy.demo import benchmark_activity  # noqa: E402


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rest_of_sector(regions, years, fuel_use: pd.DataFrame) -> pd.DataFrame:
    """Energy balance, electricity, plants and fugitives rows at benchmark scale, from the
    energy demo's generators (sectors/energy/demo.py)."""
    from sectors.energy import demo

    rng = np.random.default_rng(11)
    numeric = fuel_use[fuel_use["value"].notna()]
    plants = []
    for i, (plant, _, fuel, _share, _verified) in enumerate(demo.PLANTS):
        code = regions[i % 3][0]
        base = numeric[(numeric["region"] == code) & (numeric["category"] == "1.A.1.a")
                       & (numeric["activity"] == fuel)]
        plants.append(demo._plants(base.assign(region="NTH")).assign(region=code)
                      [lambda d, p=plant: d["activity"].str.contains(p)])
    return pd.concat([demo._balance(numeric, rng), demo._electricity(regions, years, rng),
                      demo._fugitives(numeric, regions, years, rng), *plants],
                     ignore_index=True)


def prepare(raw: pd.DataFrame) -> pd.DataFrame:
    act = raw.copy()
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"])
    act["notation_key"] = act["notation_key"].astype(NOTATION_DTYPE)
    act["activity_id"] = "bench!" + pd.Series(np.arange(len(act))).astype(str)
    act["source_ref"] = act["activity_id"]
    return schema.ensure_valid(act, "activity")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workload", choices=("full", "fuel"), default="full")
    ap.add_argument("--regions", type=int, default=31)
    ap.add_argument("--first", type=int, default=1990)
    ap.add_argument("--last", type=int, default=2024)
    ap.add_argument("--json", type=Path, default=HERE / "results" / "energy.json")
    args = ap.parse_args()
    from sectors.energy import demo as energy_demo

    t0 = time.perf_counter()
    raw, regions = benchmark_activity(args.regions, args.first, args.last)
    years = range(args.first, args.last + 1)
    tiers = {"1.A": 1}
    options: dict = {}
    if args.workload == "full":
        from inventory.demo import streams_activity

        memo = streams_activity(energy_demo.MEMO_STREAMS, regions, years,
                                np.random.default_rng(5), "benchmark (synthetic)")
        raw = pd.concat([raw, memo], ignore_index=True)
        raw = pd.concat([raw, rest_of_sector(regions, years, raw)], ignore_index=True)
        tiers = dict(energy_demo.DEMO_TIERS)
        # every Table 1.4 fuel is burnt in 1.A.1.a here, most without national factors: the
        # residual of the Tier 3 plants is estimated at Tier 1
        options = {"energy": {"tier3_residual_tier": {"1.A.1.a": 1}}}
    act = prepare(raw)
    t_gen = time.perf_counter() - t0
    params = demo_parameters()
    # sectors that give no year range get NaN when another sector's demo has one
    params["year_from"] = params["year_from"].fillna(1900).astype("int64")
    params["year_to"] = params["year_to"].fillna(2100).astype("int64")
    params["parameter_id"] = [f"p{i}" for i in range(len(params))]
    params["source_ref"] = params["parameter_id"]
    db = FactorDB.with_defaults(params[[c.name for c in schema.PARAMETERS]])
    stamps: list[tuple[str, int, float]] = []
    t1 = time.perf_counter()
    em = run_methods(act, db, tiers, sectors=("energy",), options=options,
                     progress=lambda name, n: stamps.append((name, n, time.perf_counter())))
    total = time.perf_counter() - t1
    methods, last = {}, t1
    for name, n, t in stamps:
        methods[name] = {"rows": n, "seconds": round(t - last, 2),
                         "rows_per_s": round(n / max(t - last, 1e-9))}
        last = t
    result = {"workload": args.workload, "code": str(ROOT), "regions": args.regions,
              "years": len(years), "activity_rows": len(act), "emission_rows": len(em),
              "generate_and_prepare_s": round(t_gen, 2), "energy_sector_s": round(total, 2),
              "rows_per_s": round(len(act) / total), "methods": methods,
              "process_max_rss_mb": round(max_rss_mb(), 1)}
    print(json.dumps(result, indent=2))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
