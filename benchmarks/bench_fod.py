"""FOD model time for 31 regions x 75 years x 8 waste types (1949-2023 with the history
estimated back to 1949 from 2005), plus the decay kernel alone.
Run: python benchmarks/bench_fod.py  -> benchmarks/results/fod.json"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inventory.factors import FactorDB  # noqa: E402
from inventory.methods import MethodInput  # noqa: E402
from inventory.notation import NOTATION_DTYPE  # noqa: E402
from sectors.waste.solid_waste_disposal import (  # noqa: E402
    compute_solid_waste_disposal,
    fod_decay,
)

WASTE = ("food", "garden", "paper", "wood", "textiles", "nappies", "sludge", "industrial")


def activity(n_regions=31, first=2005, last=2023, seed=3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    years = np.arange(first, last + 1)
    regions = [f"R{i:02d}" for i in range(n_regions)]
    idx = pd.MultiIndex.from_product([regions, WASTE, years], names=["region", "w", "year"])
    df = idx.to_frame(index=False)
    df["category"] = "4.A.1"
    df["activity"] = df["w"] + ":managed_anaerobic"
    df["value"] = rng.uniform(10, 200, len(df)).round(1)
    df["unit"] = "kt"
    df["notation_key"] = pd.Categorical([None] * len(df), dtype=NOTATION_DTYPE)
    df["source"] = "benchmark"
    df["note"] = None
    df["activity_id"] = [f"b{i}" for i in range(len(df))]
    df["source_ref"] = None
    return df.drop(columns="w")


def main() -> dict:
    act = activity()
    factors = FactorDB.with_defaults()
    opts = {"climate_zone": "tropical_wet",
            "history": {"method": "trend", "start_year": 1949, "growth": 0.02}}
    inp = MethodInput(act, np.ones(len(act), dtype=int), factors, opts)
    compute_solid_waste_disposal(inp)            # warm-up (imports, caches)
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        em = compute_solid_waste_disposal(inp)
        runs.append(time.perf_counter() - t)
    d = np.random.default_rng(1).uniform(0, 10, (31 * 8, 75))
    t = time.perf_counter()
    fod_decay(d, 0.17, 13)
    kernel = time.perf_counter() - t
    res = {"regions": 31, "years_modelled": 75, "inventory_years": 19, "waste_types": 8,
           "series": 31 * 8, "activity_rows": len(act), "emission_rows": len(em),
           "method_seconds_best_of_3": round(min(runs), 3),
           "method_seconds_runs": [round(r, 3) for r in runs],
           "decay_kernel_seconds": round(kernel, 4)}
    out = ROOT / "benchmarks" / "results" / "fod.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    main()
