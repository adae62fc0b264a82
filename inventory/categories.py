"""Category trees: IPCC 2006 (from climate_categories) and the CRT tree with its crosswalk.

The CRT renumbers the IPCC 2006 sectors (Agriculture 3, LULUCF 4, Waste 5), so the CRT tree and
the IPCC 2006 -> CRT crosswalk are kept as cited data files in ``inventory/data/``. Methods emit
IPCC 2006 codes; reporting maps them to CRT codes and aggregates over the CRT tree with the
notation-key rules of :mod:`inventory.notation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.factors import first_rows
from inventory.notation import rollup

__all__ = ["covers", "most_specific_prefix", "ipcc2006", "crt_tree", "crosswalk", "crt_ancestors",
           "to_crt", "aggregate_crt", "national_totals", "LULUCF_CRT", "ensure_known_categories",
           "ActivityGrouping", "register_activity_grouping", "activity_groups", "crosswalk_table",
           "has_crt_row", "under"]

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
def _ipcc2006_index() -> dict:
    """The IPCC 2006 codes (primary code of each category, in climate_categories' order) and
    the title of every code and alternative code. Kept in the user's cache
    (:func:`inventory.cache.cache_dir`) per climate-categories version: importing
    climate_categories parses all its categorisations (about a second per process), and a
    compile needs only these two."""
    import json
    from importlib import metadata

    from inventory.atomic import atomic_path
    from inventory.cache import cache_dir

    folder = cache_dir("categories")
    path = folder / f"IPCC2006-{metadata.version('climate-categories')}.json" if folder else None
    if path is not None:
        try:
            index = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(index, dict) and {"codes", "titles"} <= index.keys():
                return index
        except (OSError, ValueError):
            pass
    cats = list(ipcc2006().values())
    index = {"codes": [c.codes[0] for c in cats],
             "titles": {code: str(c.title) for c in cats for code in c.codes}}
    if path is not None:
        try:
            with atomic_path(path) as tmp:
                tmp.write_text(json.dumps(index), encoding="utf-8")
        except OSError:
            pass
    return index


def ipcc2006_codes() -> list[str]:
    """The IPCC 2006 category codes in climate_categories' order (see :func:`ipcc2006`)."""
    return list(_ipcc2006_index()["codes"])


def ipcc2006_title(code: str) -> str:
    """The IPCC 2006 title of ``code`` (a primary or alternative code), '' when unknown."""
    return _ipcc2006_index()["titles"].get(code, "") if isinstance(code, str) else ""


@cache
def _ipcc_codes() -> frozenset[str]:
    return frozenset(_ipcc2006_index()["codes"])


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
    parent = _crt_parents()
    if code not in parent:
        raise KeyError(code)
    return tuple(_chain(code, parent))


@cache
def _crt_parents() -> dict[str, str]:
    """CRT code -> parent code (read once from the tree)."""
    return crt_tree()["parent"].to_dict()


CROSSWALK_COLUMNS = ("ipcc2006", "activity", "gas", "crt", "note")


@cache
def crosswalk_table() -> pd.DataFrame:
    """The IPCC 2006 -> CRT crosswalk, one row per (IPCC code, activity pattern, gas).

    Files ``inventory/data/ipcc2006_to_crt.csv`` and every sector's
    ``data/ipcc2006_to_crt.csv``, columns ``ipcc2006,activity,gas,crt,note`` (``activity`` a
    glob pattern on the activity id, ``gas`` a gas or ``*``; both optional, default ``*``).
    Many IPCC codes may map to one CRT code (many-to-one); an ``ipcc2006`` cell written as a
    formula ``1.A.2.g + 1.A.2.h`` is the same as one row per code. One IPCC code may map to
    several CRT codes by activity or gas (LULUCF: 3.C.4 rows split into 4(III) and 3.D).
    """
    frames = []
    from inventory.plugins import data_files

    with resources.files("inventory.data").joinpath("ipcc2006_to_crt.csv").open(
            "r", encoding="utf-8") as fh:
        frames.append(("inventory/data/ipcc2006_to_crt.csv",
                       pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)))
    for path in data_files("ipcc2006_to_crt.csv"):
        frames.append((str(path), pd.read_csv(path, comment="#", dtype=str,
                                              keep_default_na=False)))
    rows = []
    for source, df in frames:
        for col in ("activity", "gas"):
            if col not in df:
                df[col] = "*"
        df = df.replace({"activity": {"": "*"}, "gas": {"": "*"}})
        for r in df.itertuples(index=False):
            for code in str(r.ipcc2006).split("+"):
                rows.append((code.strip(), r.activity.strip(), r.gas.strip(), r.crt.strip(),
                             getattr(r, "note", ""), source))
    out = pd.DataFrame(rows, columns=[*CROSSWALK_COLUMNS, "file"])
    dup = out.duplicated(["ipcc2006", "activity", "gas"], keep=False)
    if dup.any():
        d = out[dup].iloc[0]
        raise ValueError(f"crosswalk row ({d['ipcc2006']}, {d['activity']}, {d['gas']}) "
                         f"defined more than once ({sorted(set(out[dup]['file']))})")
    unknown = ~out["crt"].isin(crt_tree().index)
    if unknown.any():
        d = out[unknown].iloc[0]
        raise ValueError(f"{d['file']}: CRT code '{d['crt']}' is not in the CRT tree")
    return out


@cache
def crosswalk() -> pd.Series:
    """IPCC 2006 code -> CRT code for the rows that hold for every activity and gas."""
    t = crosswalk_table()
    plain = t[(t["activity"] == "*") & (t["gas"] == "*")]
    return plain.set_index("ipcc2006")["crt"]


@cache
def _crosswalk_by_code() -> dict[str, list[tuple[int, str, str, str]]]:
    """IPCC code -> [(specificity, activity pattern, gas, crt)], most specific first."""
    out: dict[str, list[tuple[int, str, str, str]]] = {}
    for r in crosswalk_table().itertuples(index=False):
        spec = (r.activity != "*") * 2 + (r.gas != "*")
        out.setdefault(r.ipcc2006, []).append((spec, r.activity, r.gas, r.crt))
    for v in out.values():
        v.sort(key=lambda t: -t[0])
    return out


def _crt_of(code: str, activity: str, gas: str) -> str | None:
    cands = _crosswalk_by_code().get(code)
    if not cands:
        return None
    hits = [t for t in cands if (t[2] == "*" or t[2] == gas)
            and (t[1] == "*" or fnmatchcase(activity, t[1]))]
    if not hits:
        return None
    best = [t for t in hits if t[0] == hits[0][0]]
    if len({t[3] for t in best}) > 1:
        raise ValueError(f"crosswalk is ambiguous for ({code}, {activity}, {gas}): "
                         f"{[(t[1], t[2], t[3]) for t in best]}")
    return best[0][3]


def has_crt_row(codes: pd.Series) -> np.ndarray:
    """True where the IPCC code has at least one crosswalk row (for any activity or gas)."""
    known = set(_crosswalk_by_code())
    return codes.astype(str).isin(known).to_numpy()


def to_crt(codes: pd.Series, refs: pd.Series | None = None,
           activities: pd.Series | None = None, gases: pd.Series | None = None) -> pd.Series:
    """Map IPCC 2006 codes (with their activity and gas, where the crosswalk splits a code by
    them) to CRT codes; an unmapped code is an error (never dropped).

    Evaluated once per distinct (code, activity, gas). ``refs`` (file/sheet/row of each code)
    name the first offending input row."""
    codes = codes.astype(str)
    key, crt = _crt_codes(codes, activities, gases)
    out = pd.Series(crt[key], index=codes.index, dtype=object, name="crt")
    if out.isna().any():
        bad = out.isna()
        missing = sorted(set(codes[bad]))
        where = (refs[bad].iloc[0] if refs is not None
                 else "inventory/data/ipcc2006_to_crt.csv")
        raise InputError(f"no CRT reporting row for IPCC 2006 categories {missing}", where,
                         "a category the CRT reports (the most detailed IPCC 2006 code, e.g. "
                         "1.A.2.c rather than 1.A.2)")
    return out.astype(object)


def _crt_codes(codes: pd.Series, activities: pd.Series | None, gases: pd.Series | None
               ) -> tuple[np.ndarray, np.ndarray]:
    """(key of each row, CRT code of each key; None: no crosswalk row): the crosswalk
    evaluated once per distinct (code, activity, gas) (``None`` columns count as '*')."""
    n = len(codes)
    key = np.zeros(n, dtype=np.int64)
    values = []
    for col in (codes, activities, gases):
        if col is None:
            c, u = np.zeros(n, dtype=np.intp), ["*"]
        else:
            c, u = pd.factorize(pd.Series(col).astype(str), use_na_sentinel=False)
            u = list(u)
        values.append((c, u))
        key = pd.factorize(key * max(len(u), 1) + c)[0].astype(np.int64)
    first = first_rows(key)
    crt = np.array([_crt_of(*(u[c[i]] for c, u in values)) for i in first.tolist()],
                   dtype=object)
    return key, crt


def under(codes: pd.Series, prefixes) -> np.ndarray:
    """Boolean mask: each code is one of ``prefixes`` or lies below one (``'1.A'`` covers
    ``'1.A.2.c'``, not ``'1.AB'``). Evaluated once per distinct code."""
    prefixes = (prefixes,) if isinstance(prefixes, str) else tuple(prefixes)
    codes = pd.Series(codes).astype(str)
    hit = {c: any(covers(p, c) for p in prefixes) for c in pd.unique(codes)}
    return codes.map(hit).to_numpy(dtype=bool)


def aggregate_crt(emissions: pd.DataFrame, by: tuple[str, ...] = ("region", "year", "gas"),
                  value: str = "value") -> pd.DataFrame:
    """Roll emissions up the CRT tree: one row per CRT node (every ancestor too); memo rows
    only under the memo nodes outside the national total.

    Returns ``by`` + ``crt``, ``value``, ``notation_key``, ``incomplete``.
    """
    # the CRT node of each row as an integer key (nodes in sorted order, so that grouping by
    # the key orders groups as grouping by the code would)
    if "crt_category" in emissions:
        key, nodes = pd.factorize(np.asarray(emissions["crt_category"], dtype=object),
                                  use_na_sentinel=False)
    else:
        key, nodes = _crt_codes(emissions["category"].astype(str), emissions.get("activity"),
                                emissions.get("gas"))
        if any(c is None for c in nodes):       # the error naming the unmapped codes
            to_crt(emissions["category"], activities=emissions.get("activity"),
                   gases=emissions.get("gas"))
        per_triple, nodes = pd.factorize(nodes)    # one key per CRT node, not per triple
        key = per_triple[key]
    nodes = np.asarray(nodes, dtype=object)
    # memo rows count only under memo nodes (1.D, 5.F), which lie outside TOTAL; a memo row
    # mapped inside the tree (CO2 from biomass under 1.A) is left out
    outside = np.array(["TOTAL" not in crt_ancestors(c) for c in nodes], dtype=bool)
    keep = ~emissions["memo"].astype(bool).to_numpy() | outside[key]
    order = np.argsort(nodes, kind="stable")
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    slim = emissions[[*by, value, "notation_key"]].assign(crt=rank[key])
    if not keep.all():      # only the columns rolled up are taken (not the whole table)
        slim = slim[keep]
    # roll up to the CRT leaves first (large -> small), then copy only those to the ancestors
    leaves = rollup(slim, [*by, "crt"], value=value)
    if len(leaves):
        leaves = leaves.assign(crt=nodes[order][leaves["crt"].to_numpy(dtype=np.intp)])
    return rollup(_with_ancestors(leaves), [*by, "crt"], value=value,
                  incomplete="incomplete")


def _with_ancestors(leaves: pd.DataFrame) -> pd.DataFrame:
    """Each row of ``leaves`` followed by copies for every CRT ancestor of its ``crt`` (the
    rows of ``explode`` over the ancestor chains, in the same order): the chains once per
    distinct node, flattened into one index, the rows taken by position."""
    if leaves.empty:
        return leaves
    codes, nodes = pd.factorize(leaves["crt"].astype(object), use_na_sentinel=False)
    chains = [crt_ancestors(c) for c in nodes]
    lens = np.array([len(c) for c in chains], dtype=np.intp)
    flat = np.array([a for c in chains for a in c], dtype=object)
    starts = np.r_[0, np.cumsum(lens)[:-1]]
    per_row = lens[codes]
    row = np.repeat(np.arange(len(leaves)), per_row)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    out = leaves.iloc[row]
    return out.assign(crt=flat[starts[codes][row] + offset])


def _outside_total(crt: pd.Series) -> np.ndarray:
    out = {c: "TOTAL" not in crt_ancestors(c) for c in pd.unique(crt)}
    return crt.map(out).to_numpy(dtype=bool)


def national_totals(aggregated: pd.DataFrame, value: str = "value",
                    by: tuple[str, ...] = ("region", "year")) -> pd.DataFrame:
    """Totals with and without LULUCF from :func:`aggregate_crt` output in CO2-eq."""
    tot = aggregated[aggregated["crt"] == "TOTAL"].groupby(list(by))[value].sum(min_count=1)
    lulucf = aggregated[aggregated["crt"] == LULUCF_CRT].groupby(list(by))[value].sum()
    out = pd.DataFrame({"total_with_lulucf": tot})
    out["total_without_lulucf"] = out["total_with_lulucf"] - lulucf.reindex(out.index).fillna(0)
    return out.reset_index()
