"""Category trees: IPCC 2006 (from climate_categories) and the CRT tree with its crosswalk.

The CRT renumbers the IPCC 2006 sectors (Agriculture 3, LULUCF 4, Waste 5), so the CRT tree and
the IPCC 2006 -> CRT crosswalk are kept as cited data files in ``inventory/data/``. Methods emit
IPCC 2006 codes; reporting maps them to CRT codes and aggregates over the CRT tree with the
notation-key rules of :mod:`inventory.notation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from inventory.errors import InputError
from inventory.notation import rollup

__all__ = ["covers", "most_specific_prefix", "ipcc2006", "crt_tree", "crosswalk", "crt_ancestors",
           "to_crt", "aggregate_crt", "national_totals", "LULUCF_CRT", "ensure_known_categories",
           "ActivityGrouping", "register_activity_grouping", "activity_groups"]

LULUCF_CRT = "4"


def covers(prefix: str, code: str) -> bool:
    """True if category ``code`` is ``prefix`` or lies below it ('1.A' covers '1.A.2.c')."""
    return code == prefix or code.startswith(prefix + ".")


def most_specific_prefix(code: str, prefixes) -> str | None:
    """The most specific (most dotted) of ``prefixes`` covering ``code``; the first listed wins
    a tie; None if none covers it. Methods, tiers, data sheets and equation references are all
    chosen this way."""
    best, depth = None, -1
    for p in prefixes:
        if covers(p, code) and p.count(".") > depth:
            best, depth = p, p.count(".")
    return best


def _read_data(name: str) -> pd.DataFrame:
    """The core file ``inventory/data/<name>`` followed by every sector's
    ``sectors/<sector>/data/<name>`` (sectors add their CRT rows and crosswalk rows there)."""
    with resources.files("inventory.data").joinpath(name).open("r", encoding="utf-8") as fh:
        frames = [pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)]
    from inventory.plugins import data_files

    for path in data_files(name):
        frames.append(pd.read_csv(path, comment="#", dtype=str, keep_default_na=False))
    df = pd.concat(frames, ignore_index=True)
    key = df.columns[0]
    dup = df[key].duplicated(keep=False)
    if dup.any():
        raise ValueError(f"{name}: {sorted(set(df[key][dup]))} defined more than once")
    return df


@dataclass(frozen=True)
class ActivityGrouping:
    """A classification of the activity ids of some categories that reporting needs, e.g.
    the IPCC fuel group (liquid, solid, gaseous, other fossil, peat, biomass; IPCC 2006 Vol.2
    Ch.1 Table 1.1) of every fuel of 1.A, which the CRT fuel tables, the memo item 1.D.3 and
    the key category analysis by fuel use. A sector registers it; the core reads it."""

    column: str
    categories: tuple[str, ...]
    groups: Callable[[], pd.Series]      # activity id -> group


_GROUPINGS: dict[str, ActivityGrouping] = {}


def register_activity_grouping(grouping: ActivityGrouping) -> ActivityGrouping:
    _GROUPINGS[grouping.column] = grouping
    return grouping


def activity_groups(column: str) -> pd.Series:
    """activity id -> group of the registered grouping ``column`` (empty when no sector
    registered it)."""
    from inventory.plugins import load_sectors

    load_sectors()
    g = _GROUPINGS.get(column)
    return g.groups() if g is not None else pd.Series(dtype=object)


@cache
def ipcc2006():
    """The IPCC 2006 categorisation of climate_categories (loaded once)."""
    import climate_categories as cc

    return cc.IPCC2006


@cache
def _ipcc_codes() -> frozenset[str]:
    cat = ipcc2006()
    return frozenset(c.codes[0] for c in cat.values())


def ensure_known_categories(codes: pd.Series, refs: pd.Series | None = None) -> None:
    """Every code must be an IPCC 2006 category; the first unknown one is named with its row."""
    known = _ipcc_codes()
    bad = ~codes.astype(str).isin(known)
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        where = refs.iloc[i] if refs is not None else "column 'category'"
        raise InputError(f"unknown IPCC 2006 category '{codes.iloc[i]}'", where,
                         "an IPCC 2006 code such as 1.A.1.a (see climate_categories IPCC2006)")


@cache
def crt_tree() -> pd.DataFrame:
    """CRT categories: code, parent, title, depth and the order rows appear in the CRT."""
    df = _read_data("crt_categories.csv")
    parent = dict(zip(df["code"], df["parent"], strict=True))
    df["depth"] = [len(_chain(c, parent)) - 1 for c in df["code"]]
    df["order"] = range(len(df))
    return df.set_index("code")


def _chain(code: str, parent: dict[str, str]) -> list[str]:
    out = [code]
    while parent.get(out[-1]):
        out.append(parent[out[-1]])
    return out


@cache
def crt_ancestors(code: str) -> tuple[str, ...]:
    """The code and all its CRT ancestors up to TOTAL."""
    tree = crt_tree()
    if code not in tree.index:
        raise KeyError(code)
    return tuple(_chain(code, tree["parent"].to_dict()))


@cache
def crosswalk() -> pd.Series:
    """IPCC 2006 code -> CRT code."""
    df = _read_data("ipcc2006_to_crt.csv")
    return df.set_index("ipcc2006")["crt"]


def to_crt(codes: pd.Series, refs: pd.Series | None = None) -> pd.Series:
    """Map IPCC 2006 codes to CRT codes; an unmapped code is an error (never dropped).

    ``refs`` (file/sheet/row of each code) name the first offending input row."""
    cw = crosswalk()
    out = codes.map(cw)
    if out.isna().any():
        missing = sorted(set(codes[out.isna()]))
        where = (refs[out.isna()].iloc[0] if refs is not None
                 else "inventory/data/ipcc2006_to_crt.csv")
        raise InputError(f"no CRT reporting row for IPCC 2006 categories {missing}", where,
                         "a category the CRT reports (the most detailed IPCC 2006 code, e.g. "
                         "1.A.2.c rather than 1.A.2)")
    return out


def aggregate_crt(emissions: pd.DataFrame, by: tuple[str, ...] = ("region", "year", "gas"),
                  value: str = "value") -> pd.DataFrame:
    """Roll non-memo emissions up the CRT tree: one row per CRT node (every ancestor too).

    Returns ``by`` + ``crt``, ``value``, ``notation_key``, ``incomplete``.
    """
    rows = emissions[~emissions["memo"].astype(bool)]
    slim = rows[[*by, value, "notation_key"]].assign(crt=to_crt(rows["category"]).to_numpy())
    # roll up to the CRT leaves first (large -> small), then copy only those to the ancestors
    leaves = rollup(slim, [*by, "crt"], value=value)
    anc = {c: crt_ancestors(c) for c in pd.unique(leaves["crt"])}
    exploded = leaves.assign(crt=leaves["crt"].map(anc)).explode("crt")
    return rollup(exploded, [*by, "crt"], value=value, incomplete="incomplete")


def national_totals(aggregated: pd.DataFrame, value: str = "value",
                    by: tuple[str, ...] = ("region", "year")) -> pd.DataFrame:
    """Totals with and without LULUCF from :func:`aggregate_crt` output in CO2-eq."""
    tot = aggregated[aggregated["crt"] == "TOTAL"].groupby(list(by))[value].sum(min_count=1)
    lulucf = aggregated[aggregated["crt"] == LULUCF_CRT].groupby(list(by))[value].sum()
    out = pd.DataFrame({"total_with_lulucf": tot})
    out["total_without_lulucf"] = out["total_with_lulucf"] - lulucf.reindex(out.index).fillna(0)
    return out.reset_index()
