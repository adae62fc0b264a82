"""Small synthetic inventories for tests, from the demo's generators (SYNTHETIC DATA).

``write_project(root, ...)`` writes a project folder (inventory.yml + Excel template) with a
chosen subset of sectors, regions and years; ``keys`` decides what happens to the rows the
demo reports with notation keys: ``"demo"`` keeps them, ``"none"`` drops them (a fully
estimated inventory), ``"random"`` also turns a random tenth of the self-contained numeric
series (no attributes or parts in other rows) into NO/NE rows with an explanation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from inventory.demo import DEMO_REGIONS, demo_activity, demo_config, demo_parameters
from inventory.io.template import write_template
from inventory.project import load_config

ONE_REGION = (("NTH", "Northland", 1.0),)


def project_activity(sectors, regions, years, keys: str = "demo",
                     rng: np.random.Generator | None = None) -> pd.DataFrame:
    act = demo_activity(regions, years, sectors)
    keyed = act["notation_key"].notna()
    if keys == "none":
        # a fully estimated inventory: only numbers (series with a key anywhere go)
        series = ["region", "category", "activity", "unit"]
        bad = act[keyed][series].drop_duplicates()
        act = act.merge(bad, on=series, how="left", indicator=True)
        act = act[act["_merge"] == "left_only"].drop(columns="_merge")
    elif keys == "random":
        rng = rng or np.random.default_rng(0)
        series = act[["region", "category", "activity", "unit"]].drop_duplicates()
        # only self-contained series: an activity with attributes or parts in the same
        # category ('dairy_cattle' and 'dairy_cattle:weight', 'motor_gasoline' and
        # 'motor_gasoline:three_way_catalyst') must be keyed together or not at all
        base = series["activity"].str.split(":").str[0]
        shared = series.assign(base=base).groupby(["region", "category", "base"])[
            "activity"].transform("size") > 1
        series = series[~shared.to_numpy() & ~series["activity"].str.contains(":")]
        pick = series.sample(frac=0.1, random_state=int(rng.integers(1 << 31)))
        hit = act.merge(pick.assign(_pick=True), how="left",
                        on=["region", "category", "activity", "unit"])["_pick"].eq(True)
        hit = hit.to_numpy() & act["value"].notna().to_numpy()
        which = rng.choice(["NO", "NE"], size=int(hit.sum()))
        act.loc[hit, "value"] = np.nan
        act.loc[hit, "notation_key"] = which
        act.loc[hit, "note"] = np.where(which == "NE", "not surveyed (test)",
                                        "does not occur (test)")
    return act.reset_index(drop=True)


def write_project(root: Path, *, sectors=None, regions=ONE_REGION, years=range(2022, 2024),
                  keys: str = "demo", name: str = "mini", seed: int = 0,
                  config: dict | None = None) -> Path:
    root = Path(root)
    (root / "data").mkdir(parents=True, exist_ok=True)
    cfg = demo_config(regions, years, sectors, name)
    cfg["options"] = {**cfg.get("options", {}),
                      "analysis": {"approach2": False, "compare_against": "none"}}
    cfg.update(config or {})
    (root / "inventory.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    project = load_config(root)
    params = demo_parameters(sectors, regions, years)
    params = params[params["region"].isin(["*", *project.region_codes])]
    act = project_activity(sectors, regions, years, keys, np.random.default_rng(seed))
    write_template(root / "data" / f"{name}.xlsx", project, act, params,
                   created=dt.datetime(2026, 1, 1), sectors=sectors)
    return root


__all__ = ["write_project", "project_activity", "ONE_REGION", "DEMO_REGIONS"]
