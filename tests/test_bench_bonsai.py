"""The agreement half of benchmarks/bench_bonsai.py on a small case set: the workbench's
equations and bonsai-ipcc's tier sequences give the same numbers on identical inputs (enteric
fermentation Tier 1 and the landfill FOD). Skipped when no interpreter has bonsai-ipcc (it
cannot share this environment: its dependencies pin numpy<2 and pandas<3; `make
bench-bonsai-env` creates .venv-bonsai). No timing here: speed is measured by the benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_bonsai as bb  # noqa: E402

pytestmark = pytest.mark.slow


def test_enteric_and_fod_agree_with_bonsai_ipcc():
    python = bb.bonsai_python()
    if python is None:
        pytest.skip("bonsai-ipcc not installed (make bench-bonsai-env)")
    methods = [bb.METHODS["enteric_tier1"], bb.METHODS["landfill_fod"]]
    inputs = [m.inputs("small") for m in methods]
    got = bb.run_bonsai([{"method": m.name, "repeat": 1, "inputs": i}
                         for m, i in zip(methods, inputs, strict=True)], python)
    for m, i, b in zip(methods, inputs, got, strict=True):
        ours = m.ours(i)
        assert len(ours) == b["calls"] > 0
        assert np.all(ours > 0)
        bb.compare(m, ours, b["values"])          # raises naming the method


def test_compare_names_the_method_that_disagrees():
    m = bb.METHODS["enteric_tier1"]
    with pytest.raises(AssertionError, match="enteric_tier1: 1 of 2 values differ"):
        bb.compare(m, np.array([1.0, 2.0]), [1.0, 2.0 * (1 + 1e-6)])
