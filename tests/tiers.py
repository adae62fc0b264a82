"""The two test tiers (README "Tests"): the fast tier (`make test-fast`, `-m "not slow"`,
64-78 s on 2 idle cores, CPU bound) runs every test at a reduced size; `make test` (CI) runs everything at
full size. The size is chosen by ``GHGI_TEST_TIER`` (``fast`` unless ``make test`` sets
``full``), so one test body serves both tiers and the full size is never skipped in CI."""

from __future__ import annotations

import os

import pytest

FULL = os.environ.get("GHGI_TEST_TIER", "fast") == "full"


def examples(full: int) -> int:
    """Hypothesis examples for a property test: ``full`` in the full tier, an eighth (at
    least 4) in the fast tier: enough to catch a broken invariant, cheap enough to keep the
    fast tier fast."""
    return full if FULL else max(4, full // 8)


def sample(items, key, slow_mark=pytest.mark.slow) -> list:
    """Parametrize ``items`` with the first item of each ``key(item)`` group in the fast tier
    and the others marked slow (they run in `make test`, i.e. in CI)."""
    seen: set = set()
    out = []
    for item in items:
        k = key(item)
        out.append(item if k not in seen else pytest.param(item, marks=slow_mark))
        seen.add(k)
    return out
