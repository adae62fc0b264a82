"""Demoland: a synthetic but realistic inventory, generated deterministically.

SYNTHETIC DATA - Demoland is not a real country: a middle-income economy of ~25 million people
in five provinces. Each sector contributes its part from ``sectors/<sector>/demo.py``
(``demo_activity(regions, years, rng)``, ``demo_parameters()``, ``DEMO_TIERS``), each with a
random stream of its own, so adding a sector does not change the others' numbers.
The same machinery, scaled up (31 regions x 35 years x every fuel and sub-sector), is the
benchmark inventory of ``benchmarks/`` (``sectors.energy.demo.benchmark_activity``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from inventory.atomic import atomic_path

__all__ = ["DEMO_REGIONS", "DEMO_YEARS", "Stream", "streams_activity", "demo_activity",
           "demo_parameters", "demo_tiers", "write_demo", "sector_demos"]

DEMO_REGIONS = (("NTH", "Northland", 0.32), ("STH", "Southland", 0.24), ("EST", "Eastshore", 0.21),
                ("WST", "Westridge", 0.15), ("CAP", "Capital District", 0.08))
DEMO_YEARS = range(2005, 2024)
SEED = 20240601


@dataclass(frozen=True)
class Stream:
    """A national activity series: level in the first year, growth before/after a turn."""

    category: str
    activity: str
    unit: str
    base: float           # national value in the first year [unit]
    growth: float         # annual growth before the turning year
    growth_late: float    # annual growth from the turning year
    turn: int = 2013


def streams_activity(streams, regions, years, rng: np.random.Generator, source: str,
                     keyed=(), key_unit: str = "TJ") -> pd.DataFrame:
    """Long activity rows for ``streams`` split over ``regions`` (code, name, share) with a
    regional level deviation (+-15 %) and year-to-year noise (2.5 %), plus notation-key rows
    ``keyed`` = (category, activity, key, note). Vectorised over regions and years."""
    years = np.asarray(list(years))
    codes = np.array([r[0] for r in regions])
    shares = np.array([r[2] for r in regions])
    n_r, n_y = len(regions), len(years)
    frames = []
    for s in streams:
        early = np.minimum(years, s.turn) - years[0]
        late = np.maximum(years - s.turn, 0)
        trend = (1 + s.growth) ** early * (1 + s.growth_late) ** late
        level = shares * rng.uniform(0.85, 1.15, n_r)
        noise = rng.normal(1.0, 0.025, (n_r, n_y))
        value = np.round(s.base * level[:, None] * trend[None, :] * noise, 1)
        frames.append(pd.DataFrame({
            "region": np.repeat(codes, n_y), "year": np.tile(years, n_r),
            "category": s.category, "activity": s.activity, "value": value.ravel(),
            "unit": s.unit, "notation_key": None, "source": source, "note": None}))
    for cat, act, key, why in keyed:
        frames.append(pd.DataFrame({
            "region": np.repeat(codes, n_y), "year": np.tile(years, n_r), "category": cat,
            "activity": act, "value": np.nan, "unit": key_unit, "notation_key": key,
            "source": "Demoland inventory team (synthetic)", "note": why}))
    return pd.concat(frames, ignore_index=True)


def sector_demos() -> list:
    """The ``demo`` modules of the sectors (:attr:`inventory.plugins.Sector.demo`), in CRT
    order."""
    from inventory.plugins import sectors

    return [importlib.import_module(s.demo) for s in sectors() if s.demo]


def _rng(module) -> np.random.Generator:
    return np.random.default_rng([SEED, zlib.crc32(module.__name__.encode())])


def _demos(sectors=None) -> list:
    return [m for m in sector_demos() if sectors is None or m.__name__.split(".")[1] in sectors]


def demo_activity(regions=DEMO_REGIONS, years=DEMO_YEARS, sectors=None) -> pd.DataFrame:
    frames = [m.demo_activity(regions, years, _rng(m)) for m in _demos(sectors)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["region", "year", "category", "activity", "value", "unit", "notation_key",
                 "source", "note"])


def _sector_parameters(module, regions, years) -> pd.DataFrame:
    import inspect

    if "regions" in inspect.signature(module.demo_parameters).parameters:
        return module.demo_parameters(regions=regions, years=years)
    return module.demo_parameters()


def demo_parameters(sectors=None, regions=DEMO_REGIONS, years=DEMO_YEARS) -> pd.DataFrame:
    frames = [_sector_parameters(m, regions, years) for m in _demos(sectors)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["parameter", "category", "activity", "gas", "region",
                                     "year_from", "year_to", "value", "unit", "lower", "upper",
                                     "distribution", "source", "layer", "note"])
    df = pd.concat(frames, ignore_index=True)
    for col, default in (("year_from", 1900), ("year_to", 2100), ("distribution", "normal"),
                         ("note", None)):
        # a sector's demo may leave a column out: fill it for that sector's rows only
        df[col] = df[col].fillna(default) if col in df else default
    df["year_from"] = df["year_from"].astype("int64")
    df["year_to"] = df["year_to"].astype("int64")
    return df


def demo_tiers(sectors=None) -> dict[str, int]:
    tiers: dict[str, int] = {}
    for m in _demos(sectors):
        tiers.update(getattr(m, "DEMO_TIERS", {}))
    return tiers


def demo_options(sectors=None) -> dict:
    """Per-sector settings the sectors' demos declare (``DEMO_OPTIONS``)."""
    return {m.__name__.split(".")[1]: m.DEMO_OPTIONS for m in _demos(sectors)
            if getattr(m, "DEMO_OPTIONS", None)}


def demo_config(regions=DEMO_REGIONS, years=DEMO_YEARS, sectors=None,
                name: str = "demoland") -> dict:
    years = list(years)
    options = demo_options(sectors)
    return {
        "name": name,
        "party": "Demoland (synthetic)",
        "party_code": "DML",
        "synthetic": True,
        "regions": [{"code": c, "name": n} for c, n, _ in regions],
        "years": [years[0], years[-1]],
        "base_year": years[0],
        "gwp": "AR5GWP100",
        "tiers": demo_tiers(sectors),
        **({"options": options} if options else {}),
        "inputs": [{"file": f"data/{name}.xlsx"}],
    }


def write_demo(root: Path | str, created: dt.datetime | None = None, *,
               regions=DEMO_REGIONS, years=DEMO_YEARS, sectors=None,
               name: str = "demoland") -> Path:
    """Write the Demoland project folder (inventory.yml + the filled Excel template).

    ``regions`` ((code, name, share), ...), ``years`` and ``sectors`` (names; default all)
    make smaller synthetic projects from the same generators (tests, benchmarks, a starter
    project: ``ghgi demo my_project --regions 1 --years 2023``)."""
    from inventory.io.template import FIXED_CREATED, write_template
    from inventory.project import load_config

    root = Path(root)
    (root / "data").mkdir(parents=True, exist_ok=True)
    with atomic_path(root / "inventory.yml") as tmp:
        header = ("# Demoland: SYNTHETIC demo inventory (not a real country).\n"
                  "# Generated by `ghgi demo`; edit the generators (sectors/*/demo.py), "
                  "not this file.\n")
        tmp.write_text(header + yaml.safe_dump(demo_config(regions, years, sectors, name),
                                               sort_keys=False), encoding="utf-8")
    project = load_config(root)
    params = demo_parameters(sectors, regions, years)
    params = params[params["region"].isin(["*", *project.region_codes])]
    write_template(root / "data" / f"{name}.xlsx", project,
                   demo_activity(regions, years, sectors), params,
                   created=created or FIXED_CREATED, sectors=sectors)
    return root


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent \
        / "demo" / "demoland"
    print(write_demo(target))
