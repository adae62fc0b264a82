"""Reshaping factor lookups to the rows they serve.

A :class:`~inventory.factors.Lookup` is aligned with the rows it was asked for. Methods often
compute an emission row from other rows than the ones they looked factors up for: a subset
(the rows of one tier), the herd row of each manure system, the components of one
incineration row, every year of one FOD series. The provenance must follow the value: these
functions move a lookup's fields (value, bounds, parameter id, layer, source, found) to the
rows that really used them, so every emission row names each factor behind it.

They were written once per sector before (IPPU ``subset/choose/only/grouped``, agriculture
``take/scatter/restrict/stack/overlay/merged/grouped``, waste ``fold_lookups/place_lookups/
first_found``); one set here keeps the rule for "which layer and which sources a combined row
reports" in one place (:func:`fold`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from inventory.factors import LAYER_RANK, Lookup

FIELDS = ("value", "lower", "upper", "parameter_id", "layer", "source", "found")


def no_lookup(n: int) -> Lookup:
    """A lookup of ``n`` rows that found nothing (no factor used)."""
    return Lookup(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan),
                  np.full(n, "", dtype=object), np.full(n, None, dtype=object),
                  np.full(n, None, dtype=object), np.zeros(n, dtype=bool))


def take(lk: Lookup, rows) -> Lookup:
    """The lookup of ``rows`` (a boolean mask or integer positions; one output row per
    position, e.g. the herd row of each manure system share)."""
    rows = np.asarray(rows)
    return Lookup(*(np.asarray(getattr(lk, f))[rows] for f in FIELDS))


def restrict(lk: Lookup, mask) -> Lookup:
    """``lk`` on the rows where ``mask`` holds; elsewhere the factor counts as not used (for
    factors a row may or may not use, e.g. plant abatement data of nitric acid plants)."""
    mask = np.asarray(mask, dtype=bool)
    out = no_lookup(len(mask))
    for f in FIELDS:
        getattr(out, f)[mask] = np.asarray(getattr(lk, f))[mask]
    return out


def scatter(lk: Lookup, mask) -> Lookup:
    """A lookup made for the rows where ``mask`` holds, placed into all ``len(mask)`` rows
    (the others: not used)."""
    mask = np.asarray(mask, dtype=bool)
    out = no_lookup(len(mask))
    for f in FIELDS:
        getattr(out, f)[mask] = np.asarray(getattr(lk, f))
    return out


def choose(mask, a: Lookup, b: Lookup) -> Lookup:
    """Per row ``a`` where ``mask`` holds, else ``b`` (the factor a row really used, e.g. a
    country clinker factor where given, else the CaO-based one)."""
    m = np.asarray(mask, dtype=bool)
    return Lookup(*(np.where(m, np.asarray(getattr(a, f)), np.asarray(getattr(b, f)))
                    for f in FIELDS))


def overlay(lk: Lookup, sub: Lookup, mask) -> Lookup:
    """``lk`` with the rows where ``mask`` holds replaced by ``sub`` (a lookup of those rows
    only, e.g. a value computed from other lookups where no factor row was found)."""
    mask = np.asarray(mask, dtype=bool)
    out = Lookup(*(np.array(getattr(lk, f), copy=True) for f in FIELDS))
    for f in FIELDS:
        getattr(out, f)[mask] = np.asarray(getattr(sub, f))
    return out


def place(n: int, parts: Iterable[tuple[np.ndarray, Lookup]]) -> Lookup:
    """One lookup of ``n`` rows from lookups of row subsets: ``parts`` = (row positions,
    lookup) pairs; a later part fills only rows no earlier part found."""
    out = no_lookup(n)
    out.parameter_id[:] = None
    for pos, lk in parts:
        pos = np.asarray(pos)
        new = np.asarray(lk.found, dtype=bool) & ~out.found[pos]
        for f in FIELDS:
            getattr(out, f)[pos[new]] = np.asarray(getattr(lk, f))[new]
    return out


def first_found(*lookups: Lookup) -> Lookup:
    """Per row, the first of ``lookups`` (aligned with the same rows) that found a value."""
    n = len(lookups[0].value)
    return place(n, ((np.arange(n), lk) for lk in lookups))


def stack(lookups: list[Lookup]) -> Lookup:
    """Lookups of consecutive blocks of rows as one (rows concatenated in order)."""
    if not lookups:
        return no_lookup(0)
    return Lookup(*(np.concatenate([np.asarray(getattr(lk, f)) for lk in lookups])
                    for f in FIELDS))


def fold(parts: Iterable[tuple[Lookup | None, np.ndarray]], n: int) -> Lookup:
    """The provenance of lookup rows folded onto ``n`` target rows.

    ``parts``: pairs (lookup, target) where ``target`` gives, for each row of the lookup, the
    index (0 .. n-1) of the row it serves (the MSW components of one incineration row, every
    year of one FOD series, the manure systems of a herd). Each target row reports the most
    specific layer among its found rows and their distinct sources ('; ') and parameter ids
    (';'), in order of appearance: by part, then by row (the ids of one parameter stay
    together). ``value`` is NaN: the values were used by the caller."""
    grp, lay, src, ids = [], [], [], []
    for lk, target in parts:
        if lk is None:
            continue
        found = np.asarray(lk.found, dtype=bool)
        if not found.any():
            continue
        grp.append(np.broadcast_to(np.asarray(target), found.shape)[found])
        lay.append(np.asarray(lk.layer, dtype=object)[found])
        src.append(np.asarray(lk.source, dtype=object)[found])
        ids.append(np.asarray(lk.parameter_id, dtype=object)[found])
    out = no_lookup(n)
    if not grp:
        return out
    g_all = np.concatenate(grp).astype("int64")
    best: dict[int, tuple[int, object]] = {}
    texts: dict[str, dict[int, dict[str, None]]] = {"source": {}, "id": {}}
    splits: dict[tuple[str, str], list[str]] = {}
    for g, layer, source, pid in zip(g_all.tolist(), np.concatenate(lay),
                                     np.concatenate(src), np.concatenate(ids), strict=True):
        rank = LAYER_RANK.get(layer, -1) if isinstance(layer, str) else -1
        if g not in best or rank >= best[g][0]:
            best[g] = (rank, layer)
        # a source or an id may itself be a joined list (a lookup already combined)
        for col, sep, v in (("source", "; ", source), ("id", ";", pid)):
            if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
                continue
            v = v if isinstance(v, str) else str(v)
            parts = splits.get((v, sep))
            if parts is None:
                parts = splits[(v, sep)] = [p for p in v.split(sep) if p != ""]
            if parts:
                texts[col].setdefault(g, {}).update(dict.fromkeys(parts))
    for g, (rank, layer) in best.items():
        out.layer[g] = layer if rank >= 0 else None
    for col, sep, field in (("source", "; ", out.source), ("id", ";", out.parameter_id)):
        for g, parts in texts[col].items():
            field[g] = sep.join(parts)
    out.found[np.unique(g_all)] = True
    return out


def grouped(lookups: Iterable[Lookup | None], groups, n: int) -> Lookup:
    """Provenance per group of rows (``groups``: the output row 0..n-1 of each row, aligned
    with every lookup): an emission row made from several computed rows used every factor
    any of them used (the N inputs of a region and year, the 2.C.1 carbon mass balance)."""
    return fold(((lk, groups) for lk in lookups), n)


def merged(lookups: Iterable[Lookup | None], n: int) -> Lookup:
    """The provenance of rows that each used all ``lookups``, as one lookup of ``n`` rows."""
    return grouped(lookups, np.arange(n), n)
