"""inventory.lookups: provenance follows the value when a method reshapes its rows."""

from __future__ import annotations

import numpy as np

from inventory.factors import Lookup
from inventory.lookups import (
    choose,
    first_found,
    fold,
    grouped,
    merged,
    no_lookup,
    place,
    restrict,
    scatter,
    stack,
    take,
)


def lk(values, ids, layers, sources=None) -> Lookup:
    n = len(values)
    found = np.array([i != "" for i in ids])
    return Lookup(np.array(values, dtype=float), np.full(n, np.nan), np.full(n, np.nan),
                  np.array(ids, dtype=object),
                  np.array([x if f else None for x, f in zip(layers, found, strict=True)], dtype=object),
                  np.array(sources or [f"src {i}" if i else None for i in ids], dtype=object),
                  found)


EF = lk([1.0, 2.0, 3.0], ["a", "b", ""], ["ipcc_default", "national", "ipcc_default"])
NCV = lk([10.0, 20.0, 30.0], ["n1", "n1", "n2"], ["ipcc_default", "ipcc_default", "provincial"])


def test_take_restrict_scatter_choose():
    assert list(take(EF, [2, 0]).parameter_id) == ["", "a"]
    r = restrict(EF, [False, True, True])
    assert list(r.found) == [False, True, False] and np.isnan(r.value[0]) and r.value[1] == 2
    s = scatter(take(EF, [0]), [False, True, False])
    assert list(s.parameter_id) == ["", "a", ""] and s.value[1] == 1.0
    c = choose([True, False, True], EF, NCV)
    assert list(c.value) == [1.0, 20.0, 3.0] and list(c.layer) == ["ipcc_default", "ipcc_default", None]


def test_place_and_first_found_keep_the_first_found_value():
    f = first_found(EF, NCV)
    assert list(f.value) == [1.0, 2.0, 30.0]
    assert list(f.parameter_id) == ["a", "b", "n2"]
    p = place(4, [(np.array([1, 3]), take(NCV, [0, 2]))])
    assert list(p.found) == [False, True, False, True] and p.value[3] == 30.0


def test_stack_concatenates_blocks():
    s = stack([take(EF, [0]), NCV])
    assert list(s.parameter_id) == ["a", "n1", "n1", "n2"] and len(s.found) == 4
    assert len(stack([]).value) == 0 and len(no_lookup(3).found) == 3


def test_fold_most_specific_layer_distinct_ids_in_order():
    # rows 0 and 1 -> output 0, row 2 -> output 1
    out = grouped([EF, NCV], np.array([0, 0, 1]), 2)
    assert out.parameter_id[0] == "a;b;n1"          # EF rows 0 and 1, then NCV (n1 once)
    assert out.layer[0] == "national"                # national beats default
    assert out.parameter_id[1] == "n2" and out.layer[1] == "provincial"
    assert out.source[0] == "src a; src b; src n1"
    assert np.isnan(out.value).all() and list(out.found) == [True, True]


def test_fold_joined_ids_are_split_and_unfound_rows_ignored():
    joined = lk([1.0, 1.0], ["x;y", "y;z"], ["ipcc_default", "ipcc_default"])
    out = fold([(joined, np.array([0, 0])), (EF, np.array([1, 1, 1]))], 3)
    assert out.parameter_id[0] == "x;y;z"
    assert out.parameter_id[1] == "a;b"              # the EF row not found adds nothing
    assert not out.found[2] and out.layer[2] is None


def test_merged_is_row_by_row():
    m = merged([EF, None, NCV], 3)
    assert list(m.parameter_id) == ["a;n1", "b;n1", "n2"]
    assert list(m.layer) == ["ipcc_default", "national", "provincial"]
