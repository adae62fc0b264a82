"""The method interface every sector plugs into.

A :class:`SourceMethod` declares the IPCC 2006 categories it covers, its gases, the tiers it
offers and what each tier needs; its ``compute`` turns activity rows into rows of the emissions
contract. The tier for each category comes from ``inventory.yml`` (most specific code prefix
wins, default Tier 1) and is recorded on every emission row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from inventory import schema
from inventory.categories import covers, most_specific_prefix
from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB

__all__ = ["TierSpec", "SourceMethod", "MethodInput", "register", "registered_methods",
           "method_for", "resolve_tiers", "run_methods", "category_matches", "in_categories",
           "join_ids"]


@dataclass(frozen=True)
class TierSpec:
    tier: int
    description: str
    needs: tuple[str, ...]              # parameter names the tier requires
    ef_layers: tuple[str, ...]          # layers the tier may take emission factors from


@dataclass
class MethodInput:
    activity: pd.DataFrame              # the method's activity rows, canonical units
    tier: np.ndarray                    # tier per activity row
    factors: FactorDB
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SourceMethod:
    name: str
    sector: str
    categories: tuple[str, ...]         # IPCC 2006 code prefixes covered
    gases: tuple[str, ...]
    tiers: dict[int, TierSpec]
    compute: Callable[[MethodInput], pd.DataFrame]
    doc: str = ""


_REGISTRY: dict[str, SourceMethod] = {}


def register(method: SourceMethod) -> SourceMethod:
    if method.name in _REGISTRY and _REGISTRY[method.name] is not method:
        raise ValueError(f"method {method.name} registered twice")
    _REGISTRY[method.name] = method
    return method


def registered_methods() -> list[SourceMethod]:
    from inventory.plugins import load_sectors

    load_sectors()  # importing the sector packages registers their methods

    return list(_REGISTRY.values())


def category_matches(code: str, prefix: str) -> bool:
    return covers(prefix, code)


def in_categories(codes: pd.Series, prefixes: tuple[str, ...]) -> np.ndarray:
    """Boolean mask: each code lies under one of ``prefixes`` (evaluated per distinct code)."""
    hit = {c: any(category_matches(c, p) for p in prefixes) for c in pd.unique(codes)}
    return codes.map(hit).to_numpy(dtype=bool)


def join_ids(*columns) -> np.ndarray:
    """Join provenance id columns row by row with ';', skipping empty ids (vectorised)."""
    out = None
    for col in columns:
        col = pd.Series(np.asarray(col, dtype=object)).fillna("").astype(str)
        if out is None:
            out = col
        else:
            sep = np.where((out != "") & (col != ""), ";", "")
            out = out + sep + col
    return out.to_numpy(dtype=object)


def method_for(code: str) -> SourceMethod | None:
    """The registered method whose most specific category prefix covers ``code``."""
    owner: dict[str, SourceMethod] = {}
    for m in registered_methods():
        for p in m.categories:
            owner.setdefault(p, m)
    best = most_specific_prefix(code, owner)
    return owner[best] if best is not None else None


def resolve_tiers(categories: pd.Series, tiers: dict[str, int]) -> np.ndarray:
    """Tier per row from the project's {category prefix: tier} map (default 1)."""
    out = {}
    for code in pd.unique(categories):
        best = most_specific_prefix(code, tiers)
        out[code] = int(tiers[best]) if best is not None else 1
    return categories.map(out).to_numpy(dtype="int64")


def run_methods(activity: pd.DataFrame, factors: FactorDB, tiers: dict[str, int],
                sectors: tuple[str, ...] | None = None, progress=None,
                options: dict | None = None) -> pd.DataFrame:
    """Run every registered method over its activity rows; returns the emissions table.

    ``options``: the project's per-sector settings (``inventory.yml`` key ``options``, e.g.
    ``{"agriculture": {"ipcc_region": "Asia"}}``); each method gets its sector's dict."""
    methods = registered_methods()
    cats = pd.unique(activity["category"])
    assigned = activity["category"].map(
        {c: getattr(method_for(c), "name", None) for c in cats})
    unassigned = assigned.isna()
    if unassigned.any():
        first = activity[unassigned].iloc[0]
        raise InputError(f"no method for category {first['category']}",
                         first.get("source_ref"), "a category a sector method covers")
    frames = []
    for m in methods:
        if sectors is not None and m.sector not in sectors:
            continue
        rows = activity[assigned == m.name]
        if rows.empty:
            continue
        tier = resolve_tiers(rows["category"], tiers)
        bad = ~np.isin(tier, list(m.tiers))
        if bad.any():
            cat = rows["category"].to_numpy()[bad][0]
            raise MethodInputError(
                f"Tier {tier[bad][0]} is not offered for {cat} by {m.name}",
                "inventory.yml, key 'tiers'", f"one of tiers {sorted(m.tiers)}")
        out = m.compute(MethodInput(rows, tier, factors, dict((options or {}).get(m.sector,
                                                                                  {}))))
        frames.append(out)
        if progress:
            progress(m.name, len(rows))
    if not frames:
        return schema.empty("emissions")
    em = pd.concat(frames, ignore_index=True)
    return schema.ensure_valid(em, "emissions")
