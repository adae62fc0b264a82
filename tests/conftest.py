"""Shared fixtures: the factor database with the IPCC defaults, activity-row builders, the
shared small inventory (two provinces, three years, every sector; compiled once per session,
with validation) for the fast tier, and the full Demoland run for the slow tier."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings

from inventory import schema
from inventory.factors import FactorDB
from inventory.methods import MethodInput, resolve_tiers
from inventory.notation import NOTATION_DTYPE

# No hypothesis deadline anywhere: a test must not depend on the speed of a shared CI
# machine (a 200 ms deadline failed a notation property under load).
settings.register_profile("ghgi", deadline=None)
settings.load_profile("ghgi")

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "demoland"


@pytest.fixture(autouse=True, scope="session")
def _jupyter_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("jupyter")
    for var in ("IPYTHONDIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR"):
        os.environ.setdefault(var, str(base / var.lower()))
    # successful validation reports are cached for this session only (validation.run)
    os.environ.setdefault("GHGI_CACHE_DIR", str(base / "ghgi-cache"))


@pytest.fixture(scope="session")
def ipcc_factors() -> FactorDB:
    return FactorDB.with_defaults()


def activity_rows(*rows: tuple, unit: str = "TJ") -> pd.DataFrame:
    """Rows (region, year, category, fuel, value-or-key[, unit]) -> activity table."""
    recs = []
    for i, r in enumerate(rows):
        region, year, cat, fuel, v = r[:5]
        key = v if isinstance(v, str) else None
        recs.append({"region": region, "year": year, "category": cat, "activity": fuel,
                     "value": np.nan if key else float(v),
                     "unit": r[5] if len(r) > 5 else unit, "notation_key": key,
                     "source": "test", "note": None, "activity_id": f"t{i}",
                     "source_ref": f"test row {i + 1}"})
    df = pd.DataFrame(recs)
    df["notation_key"] = df["notation_key"].astype(NOTATION_DTYPE)
    df["year"] = df["year"].astype("int64")
    return schema.ensure_valid(df, "activity")


def method_input(activity: pd.DataFrame, factors: FactorDB, tiers: dict | None = None,
                 ) -> MethodInput:
    return MethodInput(activity, resolve_tiers(activity["category"], tiers or {}), factors)


def national_parameters(*rows: tuple) -> pd.DataFrame:
    """(parameter, category, activity, gas, value, unit[, layer, region]) -> parameters."""
    recs = []
    for i, r in enumerate(rows):
        p, cat, act, gas, value, unit = r[:6]
        recs.append({"parameter": p, "category": cat, "activity": act, "gas": gas,
                     "region": r[7] if len(r) > 7 else "*", "year_from": 1900,
                     "year_to": 2100, "value": float(value), "unit": unit, "lower": np.nan,
                     "upper": np.nan, "distribution": None, "source": "test national",
                     "layer": r[6] if len(r) > 6 else "national", "parameter_id": f"p{i}",
                     "source_ref": f"test parameter {i + 1}"})
    return pd.DataFrame(recs)


SMALL_REGIONS = (("NTH", "Northland", 0.7), ("CAP", "Capital District", 0.3))
SMALL_YEARS = range(2021, 2024)


@pytest.fixture(scope="session")
def small_project(tmp_path_factory) -> Path:
    """A small synthetic project from the demo's generators: NTH and CAP, 2021-2023, every
    sector, the demo's notation keys (read-only: copy it before editing)."""
    from tests.inventories import write_project

    return write_project(tmp_path_factory.mktemp("small") / "proj", regions=SMALL_REGIONS,
                         years=SMALL_YEARS, name="small")


class ProgressLog(list):
    """A progress display that records what a run tells it: ("msg", text), ("done", step)."""

    def __call__(self, msg: str) -> None:
        self.append(("msg", msg))

    def done(self, step: str, ok: bool = True) -> None:
        self.append(("done" if ok else "failed", step))


SMALL_RUN_PROGRESS = ProgressLog()   # what the compile of small_run reported (test_progress_hook)


@pytest.fixture(scope="session")
def small_run(small_project, tmp_path_factory) -> Path:
    """The small project compiled once (with the great-expectations validation)."""
    from inventory.runner import compile_project

    out = tmp_path_factory.mktemp("small_outputs")
    return compile_project(small_project, out, run_id="small-run", progress=SMALL_RUN_PROGRESS)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> Path:
    """Demoland compiled once (with validation) for the tests that read outputs."""
    from inventory.runner import compile_project

    out = tmp_path_factory.mktemp("outputs")
    return compile_project(DEMO, out, run_id="test-run")


# The session-compiled runs are the costliest fixtures: under pytest-xdist (`make test-fast`
# runs `-n auto --dist loadgroup`) every test that reads one goes to the same worker, so each
# run is compiled once per session rather than once per worker.
_COMPILED_RUNS = ("small_run", "demo_run")


@pytest.hookimpl(tryfirst=True)   # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        used = [name for name in _COMPILED_RUNS if name in getattr(item, "fixturenames", ())]
        if used:
            item.add_marker(pytest.mark.xdist_group(used[0]))
