"""LULUCF on the large synthetic inventory: 31 regions x 35 years (1990-2024), the full 6 x 6
land-use change matrix (all 30 conversions every year) in 4 climate zones x 3 soil types
(12 strata), forest harvest and wildfires, HWP production and trade (SYNTHETIC DATA).

Measures the sector stage (land representation, carbon pools, non-CO2, HWP: ``run_methods``
for the LULUCF sector) and the process's peak resident memory.
Run: python benchmarks/bench_lulucf.py  -> benchmarks/results/lulucf.json"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inventory import schema  # noqa: E402
from inventory.factors import FactorDB  # noqa: E402
from inventory.methods import run_methods  # noqa: E402
from inventory.notation import NOTATION_DTYPE  # noqa: E402
from sectors.lulucf.common import LAND_USES, TOP_CODES, category_table  # noqa: E402

CLIMATES = ("warm_temperate_moist", "warm_temperate_dry", "tropical_moist",
            "cool_temperate_moist")
SOILS = ("hac", "lac", "sandy")
YEARS = range(1990, 2025)
OPTIONS = {
    "continent": "asia_continental",
    "forest_zones": {"warm_temperate_moist": "subtropical_humid_forest",
                     "warm_temperate_dry": "subtropical_dry_forest",
                     "tropical_moist": "tropical_moist_deciduous_forest",
                     "cool_temperate_moist": "temperate_continental_forest"},
    "bcef": {"warm_temperate_moist": "temperate@hardwoods@gs_100_200",
             "warm_temperate_dry": "mediterranean_dry_tropical_subtropical@hardwoods@gs_41_80",
             "tropical_moist": "humid_tropical@natural_forests@gs_80_120",
             "cool_temperate_moist": "temperate@pines@gs_100_200"},
    "forest_vegetation": "conifers", "hwp_region": "asia",
}
TIERS = {"3.B": {"mineral_soil": 2, "*": 1}}
INITIAL = {"forest": 40e3, "cropland": 30e3, "grassland": 20e3, "wetlands": 4e3,
           "settlements": 5e3, "other_land": 3e3}


def _code(fr: str, to: str) -> str:
    if fr == to:
        return TOP_CODES[to] + ".a"
    if to == "wetlands":
        return "3.B.4.b.iii"
    cats = category_table()
    return cats[(cats["to_lu"] == to) & (cats["from_lu"] == fr)].index[0]


def activity(n_regions: int = 31, seed: int = 5) -> pd.DataFrame:
    """The transition matrices (diagonal computed so that every matrix adds up) and the
    other quantities, vectorised over regions and strata; years run in a loop of 35."""
    rng = np.random.default_rng(seed)
    regions = [f"R{i:02d}" for i in range(n_regions)]
    strata = [(c, s) for c in CLIMATES for s in SOILS]
    n = n_regions * len(strata)
    reg = np.repeat(regions, len(strata))
    clim = np.tile([c for c, _ in strata], n_regions)
    soil = np.tile([s for _, s in strata], n_regions)
    area = {lu: INITIAL[lu] * rng.uniform(0.5, 1.5, n) for lu in LAND_USES}
    rate = {(f, t): rng.uniform(0.0005, 0.004, n) for f in LAND_USES for t in LAND_USES
            if f != t}
    cols = {k: [] for k in ("region", "year", "category", "activity", "value")}

    def add(y, code, act, v):
        cols["region"].append(reg)
        cols["year"].append(np.full(n, y))
        cols["category"].append(np.full(n, code, dtype=object))
        cols["activity"].append(act)
        cols["value"].append(np.round(v, 1))

    base = "area:" + pd.Series(clim) + ":" + pd.Series(soil)
    for y in YEARS:
        conv = {k: np.round(area[k[0]] * r, 1) for k, r in rate.items()}
        out = {lu: sum(v for (f, _), v in conv.items() if f == lu) for lu in LAND_USES}
        inn = {lu: sum(v for (_, t), v in conv.items() if t == lu) for lu in LAND_USES}
        for (f, t), v in conv.items():
            q = (":cultivated.full_till.medium" if t == "cropland" else
                 f":from_{f}" if t == "wetlands" else "")
            add(y, _code(f, t), (base + q).to_numpy(dtype=object), v)
        for lu in LAND_USES:
            keep = np.round(area[lu] - out[lu], 1)
            q = ":cultivated.full_till.medium" if lu == "cropland" else ""
            add(y, _code(lu, lu), (base + q).to_numpy(dtype=object), keep)
            area[lu] = keep + inn[lu]
        st = (pd.Series(clim) + ":" + pd.Series(soil)).to_numpy(dtype=object)
        add(y, "3.B.1.a", "harvest:" + st, area["forest"] * 1.5)
        add(y, "3.B.1.a", "wildfire_area:" + st, area["forest"] * 0.002)
        add(y, "3.B.3.a", "wildfire_area:" + st, area["grassland"] * 0.01)
    df = pd.DataFrame({k: np.concatenate(v) for k, v in cols.items()})
    hwp = []
    for r_i, r in enumerate(regions):
        for product, base_v in (("sawnwood", 5e4), ("wood_panels", 3e4), ("paper", 4e4)):
            for flow, f in (("production", 1.0), ("import", 0.1), ("export", 0.2)):
                v = base_v * f * (1 + r_i / 50) * 1.02 ** np.arange(len(YEARS))
                hwp.append(pd.DataFrame({"region": r, "year": list(YEARS), "category": "3.D.1",
                                         "activity": f"{product}:{flow}", "value": v.round(1)}))
    df = pd.concat([df, *hwp], ignore_index=True)
    df["unit"] = np.where(df["activity"].str.startswith(("harvest", "sawnwood", "wood_panels")),
                          "m3", np.where(df["activity"].str.startswith("paper"), "t", "ha"))
    df["notation_key"] = pd.Categorical([None] * len(df), dtype=NOTATION_DTYPE)
    df["source"] = "benchmark"
    df["note"] = None
    df["activity_id"] = [f"b{i}" for i in range(len(df))]
    df["source_ref"] = None
    df["year"] = df["year"].astype("int64")
    return df


def parameters() -> pd.DataFrame:
    rows = [("SOC_ref", "3.B", f"{c}:{s}", 40.0 + 10 * i) for i, (c, s) in
            enumerate((c, s) for c in CLIMATES for s in SOILS)]
    rows += [("B_total", TOP_CODES[lu], "*", v) for lu, v in
             (("cropland", 10.0), ("grassland", 6.5), ("settlements", 5.0), ("wetlands", 8.0))]
    rows += [("DW_stock", "3.B.1", "*", 9.0), ("LT_stock", "3.B.1", "*", 5.5),
             ("M_B", "3.B.1", "*", 95.0), ("C_f", "3.B.1", "*", 0.45),
             ("M_B", "3.B.3", "*", 6.0), ("C_f", "3.B.3", "*", 0.74),
             ("C_hwp", "3.D.1", "sawnwood", 0.229), ("C_hwp", "3.D.1", "wood_panels", 0.269),
             ("C_hwp", "3.D.1", "paper", 0.386)]
    units = {"SOC_ref": "t/ha", "B_total": "t/ha", "DW_stock": "t/ha", "LT_stock": "t/ha",
             "M_B": "t/ha", "C_f": "fraction"}
    df = pd.DataFrame(rows, columns=["parameter", "category", "activity", "value"])
    df["unit"] = [units.get(p, "t/m3" if a != "paper" else "t/t")
                  for p, a in zip(df["parameter"], df["activity"], strict=True)]
    df = df.assign(gas="-", region="*", year_from=1900, year_to=2100, lower=np.nan,
                   upper=np.nan, distribution="", source="benchmark", layer="national",
                   parameter_id=[f"bp{i}" for i in range(len(df))], source_ref=None)
    return df[[c.name for c in schema.PARAMETERS]]


def main() -> dict:
    t0 = time.perf_counter()
    act = activity()
    t_gen = time.perf_counter() - t0
    factors = FactorDB.with_defaults(parameters())
    tables: dict = {}
    t0 = time.perf_counter()
    em = run_methods(act, factors, TIERS, sectors=("lulucf",), options={"lulucf": OPTIONS},
                     tables=tables)
    t_run = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # kB -> MB (Linux)
    carbon = pd.concat(tables["lulucf.carbon"])
    res = {"regions": 31, "years": len(YEARS), "strata": len(CLIMATES) * len(SOILS),
           "land_matrix": "6 x 6", "activity_rows": len(act), "emission_rows": len(em),
           "carbon_table_rows": len(carbon), "generate_seconds": round(t_gen, 1),
           "sector_seconds": round(t_run, 1), "peak_rss_mb": round(peak),
           "net_co2eq_mt_last_year": round(float(
               em[(em["year"] == max(YEARS)) & (em["gas"] == "CO2")]["value"].sum()) / 1e3, 2)}
    out = ROOT / "benchmarks" / "results" / "lulucf.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    for k, v in res.items():
        print(f"{k:>26}: {v}")
    return res


if __name__ == "__main__":
    main()
