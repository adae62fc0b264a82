"""The method kit every sector plugs into.

A :class:`SourceMethod` declares the IPCC 2006 categories (and, where a category is shared
between sectors, the activity patterns) it covers, its gases, and one :class:`TierSpec` per tier
it offers. A TierSpec is executable:

* ``factors`` says, for every parameter the tier looks up, which factor layers it may come from
  (the *role*): ``"default"`` = the IPCC default only, ``"country"`` = country-specific layers
  only (national, provincial, plant), ``"any"`` = the most specific layer present. This is the
  one place where a tier's layer rule lives; :meth:`MethodInput.factor` applies it and refuses a
  parameter the tier did not declare.
* ``requires`` lists the parameters that every activity row of the tier needs (keyed by the
  row's own category/activity/gas); :func:`run_methods` checks them against the factor database
  *before* computing and raises one message naming everything that is missing.

Lookups the method makes with derived keys (``dairy_cattle@asia``, ``k_<climate zone>``) are
checked as they happen; a miss is collected, and after ``compute`` all misses of the method are
raised together, so the compiler sees the whole list at once.

The tier comes from ``inventory.yml`` per category prefix and, optionally, per gas
(:class:`TierPlan`); it is checked against the tiers the method offers before computing and is
recorded on every emission row. :func:`emission_rows` is the one factory of emission rows:
provenance from the lookups used (the most specific layer really used, every source and
parameter id) and the implied emission factor converted with pint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import numpy as np
import pandas as pd
import pyarrow as pa

from inventory import schema
from inventory.categories import covers, most_specific_prefix
from inventory.errors import InputError, MethodInputError
from inventory.factors import LAYER_RANK, FactorDB, Lookup, first_rows, key_codes
from inventory.notation import NOTATION_DTYPE

__all__ = ["TierSpec", "Need", "SourceMethod", "MethodInput", "MethodResult", "TierPlan",
           "register", "registered_methods", "method_for", "resolve_tiers", "run_methods",
           "category_matches", "in_categories", "join_ids", "emission_rows", "keyed_rows",
           "ROLE_LAYERS", "DEFAULT", "COUNTRY", "ANY", "unused_parameters", "combine_lookups",
           "subset", "text_column", "take_text", "constant_text", "TEXT_DTYPE"]

DEFAULT = ("ipcc_default",)
COUNTRY = ("national", "provincial", "plant")
ANY = ("ipcc_default", "national", "provincial", "plant")
ROLE_LAYERS = {"default": DEFAULT, "country": COUNTRY, "any": ANY}
_FIELDS = ("value", "lower", "upper", "parameter_id", "layer", "source", "found")
#: the dtype pandas gives a column of Python str (its Arrow-backed text type)
TEXT_DTYPE = pd.Series(["a"]).dtype


def subset(df: pd.DataFrame, mask) -> pd.DataFrame:
    """``df[mask]``, or ``df`` itself when the mask keeps every row (a boolean take of Arrow
    text columns over a million rows costs a second and is the common case)."""
    mask = np.asarray(mask, dtype=bool)
    return df if mask.all() else df[mask]


def text_column(values: pd.Series | np.ndarray | pd.api.extensions.ExtensionArray):
    """A text column to build an emission frame from: a column of pandas' text dtype as its
    Arrow array (no round trip through a million Python objects), anything else as numpy."""
    if isinstance(values, pd.Series):
        return values.array if values.dtype == TEXT_DTYPE else values.to_numpy()
    return values


def take_text(uniques: np.ndarray, codes: np.ndarray):
    """``uniques[codes]`` as the column pandas would infer from that object array, built by
    code: the distinct texts once, then an Arrow take (text, with None as missing) or a numpy
    take (anything else: all None, numbers, no rows)."""
    uniques = np.asarray(uniques, dtype=object)
    codes = np.asarray(codes, dtype=np.intp)
    if len(codes):
        used = uniques[np.flatnonzero(np.bincount(codes, minlength=len(uniques)))]
        texts = [isinstance(v, str) for v in used]
        if any(texts) and all(t or v is None for t, v in zip(texts, used, strict=True)):
            # a dictionary-encoded Arrow array cast to plain text: the bytes copied in C
            # (several times faster than a take of the text array)
            values = [v if isinstance(v, str) else None for v in uniques.tolist()]
            dictionary = pa.DictionaryArray.from_arrays(
                pa.array(codes, type=pa.int32() if len(uniques) < 2**31 else pa.int64()),
                pa.array(values, type=pa.large_string()))
            return pd.array(dictionary.cast(pa.large_string()), dtype=TEXT_DTYPE)
    return uniques[codes]


def constant_text(value, n: int):
    """A column of ``n`` times the text ``value`` in pandas' text dtype (built in C), or
    ``value`` itself when it is not a text (pandas broadcasts it)."""
    if isinstance(value, str) and n:
        return pd.array(pa.repeat(pa.scalar(value, type=pa.large_string()), n),
                        dtype=TEXT_DTYPE)
    return value


@dataclass(frozen=True)
class Need:
    """A parameter every activity row of a tier needs (checked before computing).

    ``when`` selects the rows that need it (default all numeric rows); the lookup keys are the
    row's region, year, category and activity."""

    parameter: str
    gas: str = "-"
    when: Callable[[pd.DataFrame], np.ndarray] | None = None
    unit: str | None = None


@dataclass(frozen=True)
class TierSpec:
    tier: int
    description: str
    factors: Mapping[str, str] = field(default_factory=dict)   # parameter -> role
    requires: tuple[Need, ...] = ()

    def __post_init__(self):
        if not isinstance(self.factors, Mapping):
            raise TypeError(f"Tier {self.tier}: factors must map each parameter to its role "
                            "('default', 'country' or 'any')")
        bad = {p: r for p, r in self.factors.items() if r not in ROLE_LAYERS}
        if bad:
            raise ValueError(f"Tier {self.tier}: unknown factor roles {bad} "
                             f"(one of {sorted(ROLE_LAYERS)})")

    def layers(self, parameter: str) -> tuple[str, ...]:
        """The factor layers this tier may take ``parameter`` from."""
        role = self.factors.get(parameter, self.factors.get("*"))
        if role is None:
            raise KeyError(parameter)
        return ROLE_LAYERS[role]


@dataclass
class MethodResult:
    """What ``compute`` returns when it has more than emission rows: background tables for
    the CRT and reviewers, declared in :mod:`inventory.products` (name -> rows)."""

    emissions: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceMethod:
    name: str
    sector: str
    categories: tuple[str, ...]         # IPCC 2006 code prefixes covered
    gases: tuple[str, ...]
    tiers: dict[int, TierSpec]
    compute: Callable[[MethodInput], pd.DataFrame | MethodResult]
    doc: str = ""
    activities: tuple[str, ...] = ("*",)   # activity id patterns (glob) it takes
    tier_per_gas: bool = False          # True: the method resolves tiers per gas (tier_of)

    def tier_spec(self, tier: int) -> TierSpec:
        return self.tiers[int(tier)]


class TierPlan:
    """The project's tier choice: ``{category prefix: tier}`` or ``{category prefix: {gas:
    tier}}`` (``"*"`` = the other gases). For a category and gas the most specific prefix that
    names the gas (or ``*``/a plain tier) wins; default Tier 1."""

    def __init__(self, spec: Mapping | None = None):
        self.spec: dict[str, dict[str, int]] = {}
        self._memo: dict[str, dict[str, int]] = {}    # gas -> category -> tier
        for prefix, v in (spec or {}).items():
            self.spec[str(prefix)] = ({str(g): int(t) for g, t in v.items()}
                                      if isinstance(v, Mapping) else {"*": int(v)})

    def tier(self, category: str, gas: str = "*") -> int:
        cands = {p: by_gas for p, by_gas in self.spec.items()
                 if gas in by_gas or "*" in by_gas}
        best = most_specific_prefix(category, cands)
        if best is None:
            return 1
        by_gas = self.spec[best]
        return int(by_gas.get(gas, by_gas.get("*", 1)))

    def resolve(self, categories: pd.Series, gas: str = "*") -> np.ndarray:
        cats = pd.Series(categories)
        if not (cats.dtype == object or isinstance(cats.dtype, pd.StringDtype)):
            cats = cats.astype(str)
        memo = self._memo.setdefault(gas, {})
        # factorized once per column (an Arrow text column in C): a tier per distinct category
        codes, distinct = key_codes(cats)
        if len(codes) and codes.min() < 0:     # a missing category counts as one more value
            codes, distinct = pd.factorize(cats, use_na_sentinel=False)
        tiers = [memo[c] if c in memo else memo.setdefault(c, self.tier(str(c), gas))
                 for c in list(distinct)]
        return np.asarray(tiers, dtype="int64")[codes] if len(tiers) else \
            np.zeros(0, dtype="int64")

    def as_dict(self) -> dict:
        return {p: (v["*"] if list(v) == ["*"] else dict(v)) for p, v in self.spec.items()}


@dataclass
class MethodInput:
    activity: pd.DataFrame              # the method's activity rows, canonical units
    tier: np.ndarray                    # tier per activity row (all gases)
    factors: FactorDB
    options: dict = field(default_factory=dict)
    method: SourceMethod | None = None
    plan: TierPlan | None = None
    missing: list = field(default_factory=list)

    def tier_of(self, rows: pd.DataFrame | None = None, gas: str = "*") -> np.ndarray:
        """Tier per row for ``gas`` (the project may set tiers per gas)."""
        rows = self.activity if rows is None else rows
        if self.plan is None:
            if rows is self.activity:
                return np.asarray(self.tier)
            return np.ones(len(rows), dtype="int64")
        return self.plan.resolve(rows["category"], gas)

    def category_tier(self, category: str, gas: str = "*") -> int:
        """Tier of one category (rows or not: a category computed from other categories'
        rows, e.g. 3.C.4 from the manure N, still takes the tier the project set for it)."""
        return self.plan.tier(category, gas) if self.plan is not None else 1

    def layers(self, parameter: str, tier: int) -> tuple[str, ...]:
        if self.method is None:
            return ANY if tier > 1 else DEFAULT
        spec = self.method.tiers.get(int(tier))
        if spec is None:
            raise MethodInputError(f"Tier {tier} is not offered by {self.method.name}",
                                   "inventory.yml, key 'tiers'",
                                   f"one of tiers {sorted(self.method.tiers)}")
        try:
            return spec.layers(parameter)
        except KeyError:
            raise ValueError(f"{self.method.name} Tier {tier} looks up '{parameter}' but its "
                             "TierSpec does not declare it (add it to TierSpec.factors)"
                             ) from None

    def factor(self, rows: pd.DataFrame, parameter: str, unit: str, gas: str = "-",
               tier: np.ndarray | int | None = None, required: bool = True,
               activity: Iterable | str | None = None, tier_gas: str | None = None) -> Lookup:
        """``parameter`` for each of ``rows`` from the layers its tier allows.

        ``tier``: per row (default: the rows' tier for ``tier_gas`` or ``gas``);
        ``activity``: look up as if the rows' activity were this (a derived key);
        ``required``: a row with no value is collected as missing (reported together with the
        method's other misses) and gets NaN."""
        n = len(rows)
        q = rows if activity is None else rows.assign(
            activity=np.broadcast_to(np.asarray(activity, dtype=object), (n,)))
        if tier is None:
            tier = self.tier_of(rows, tier_gas or (gas if gas != "-" else "*"))
        tier = np.broadcast_to(np.asarray(tier, dtype="int64"), (n,))
        out = None
        coded = True
        for t in np.sort(pd.unique(tier)):
            m = tier == t
            qt = subset(q, m)
            res = self.factors.lookup(qt, parameter, unit, gas, self.layers(parameter, int(t)))
            if qt is q and isinstance(getattr(res, "code", None), np.ndarray):
                out = res       # one tier for every row: the lookup's own arrays
                if required and not res.found.all():
                    self.missing.append((parameter, gas, int(t),
                                         self.layers(parameter, int(t)), qt[~res.found]))
                continue
            if out is None:
                out = FactorDB._empty(n)
            for f in _FIELDS:
                getattr(out, f)[m] = getattr(res, f)
            if getattr(res, "code", None) is not None:
                out.code[m] = res.code
            else:
                coded = False
            if required and not res.found.all():
                miss = qt[~np.asarray(res.found, dtype=bool)]
                self.missing.append((parameter, gas, int(t), self.layers(parameter, int(t)),
                                     miss))
        if out is None:
            out = FactorDB._empty(n)
        if not coded:
            out = Lookup(*(getattr(out, f) for f in _FIELDS))
        return out

    def check(self, rows: pd.DataFrame, parameter: str, unit: str, gas: str, tier: int) -> None:
        """Collect the rows with no ``parameter`` at ``tier`` as missing (what :meth:`factor`
        records, without building the lookup's columns: the requirement pre-check)."""
        layers = self.layers(parameter, int(tier))
        found = getattr(self.factors, "found", None)
        if found is None:       # another factor source: the lookup itself
            self.factor(rows, parameter, unit, gas, tier=np.full(len(rows), int(tier)))
            return
        hit = found(rows, parameter, unit, gas, layers)
        if not hit.all():
            self.missing.append((parameter, gas, int(tier), layers, rows[~hit]))

    def raise_missing(self) -> None:
        """One error naming every parameter the method could not find."""
        if not self.missing:
            return
        parts, first_ref = [], None
        for parameter, gas, tier, layers, miss in self.missing:
            combos = miss[["activity", "category"]].drop_duplicates()
            listing = "; ".join(f"{a} in {c}" for a, c in combos.head(4).itertuples(index=False))
            more = f" (+{len(combos) - 4} more)" if len(combos) > 4 else ""
            first = miss.iloc[0]
            ref = first.get("source_ref") if isinstance(first.get("source_ref"), str) else None
            first_ref = first_ref or ref
            parts.append(f"{parameter}{'' if gas == '-' else ' ' + gas} at Tier {tier} "
                         f"(layers {', '.join(layers)}) for {listing}{more}, e.g. region "
                         f"{first['region']} year {int(first['year'])}")
        name = self.method.name if self.method else "the method"
        self.missing = []
        raise MethodInputError(f"{name} is missing {len(parts)} parameter(s): "
                               + " | ".join(dict.fromkeys(parts)), first_ref,
                               "a parameter row for each (on the Parameters sheet, in the layer "
                               "the tier allows), or another tier in inventory.yml")


_REGISTRY: dict[str, SourceMethod] = {}


def register(method: SourceMethod) -> SourceMethod:
    if method.name in _REGISTRY and _REGISTRY[method.name] is not method:
        raise ValueError(f"method {method.name} registered twice")
    for t, spec in method.tiers.items():
        if spec.tier != t:
            raise ValueError(f"{method.name}: TierSpec {spec.tier} registered as tier {t}")
    _REGISTRY[method.name] = method
    _method_index.cache = None
    return method


def registered_methods() -> list[SourceMethod]:
    from inventory.plugins import load_sectors

    load_sectors()  # importing the sector packages registers their methods
    return list(_REGISTRY.values())


def category_matches(code: str, prefix: str) -> bool:
    return covers(prefix, code)


def in_categories(codes: pd.Series, prefixes: tuple[str, ...]) -> np.ndarray:
    """Boolean mask: each code lies under one of ``prefixes`` (evaluated per distinct code)."""
    from inventory.categories import under

    return under(codes, prefixes)


def _text(v) -> str:
    """A provenance cell as text: missing (None, NaN, NA) is ''."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return v if isinstance(v, str) else str(v)


def _join_id_row(values: tuple) -> str:
    out = ""
    for v in values:
        t = _text(v)
        out = out + ";" + t if out and t else out + t
    if ";" in out:   # drop repeated ids (one id may reach a row through two lookups)
        out = ";".join(dict.fromkeys(p for p in out.split(";") if p))
    return out


def join_ids(*columns) -> np.ndarray:
    """Join provenance id columns row by row with ';', skipping empty ids and repeats (each
    distinct combination of the columns' values joined once)."""
    n = max((len(np.atleast_1d(c)) for c in columns), default=0)
    if not columns:
        return np.zeros(0, dtype=object)
    cols = [np.broadcast_to(np.asarray(c, dtype=object), (n,)) for c in columns]
    return per_distinct(cols, n, _join_id_row)


def per_distinct(columns: list[np.ndarray], n: int, fn) -> np.ndarray:
    """``fn(row)`` for each of ``n`` rows (``row``: the tuple of the columns' values),
    called once per distinct combination of values (factorized codes, no Python loop over
    the rows): provenance texts repeat across thousands of rows. None and NaN count as one
    value (missing): ``fn`` must treat them alike."""
    if n == 0:
        return np.empty(0, dtype=object)
    key = np.zeros(n, dtype=np.int64)
    for col in columns:
        codes, distinct = pd.factorize(np.ascontiguousarray(col, dtype=object),
                                       use_na_sentinel=False)
        key = pd.factorize(key * max(len(distinct), 1) + codes)[0].astype(np.int64)
    _, first = np.unique(key, return_index=True)    # codes 0..k-1: first row of each
    out = np.empty(len(first), dtype=object)
    for j, i in enumerate(first.tolist()):
        out[j] = fn(tuple(col[i] for col in columns))
    return out[key]


def _method_index() -> list[tuple[str, str, SourceMethod]]:
    if _method_index.cache is None:
        _method_index.cache = [(p, a, m) for m in registered_methods() for p in m.categories
                               for a in m.activities]
    return _method_index.cache


_method_index.cache = None


def method_for(code: str, activity: str = "") -> SourceMethod | None:
    """The registered method for a (category, activity): the most specific category prefix
    covering ``code``; among equal prefixes an activity pattern beats ``*``."""
    best, score = None, (-1, -1)
    for prefix, pattern, m in _method_index():
        if not covers(prefix, code):
            continue
        if pattern != "*" and not fnmatchcase(activity, pattern):
            continue
        s = (prefix.count("."), pattern != "*")
        if s > score:
            best, score = m, s
    return best


def resolve_tiers(categories: pd.Series, tiers: Mapping | TierPlan | None,
                  gas: str = "*") -> np.ndarray:
    """Tier per row from the project's tier plan (default 1)."""
    plan = tiers if isinstance(tiers, TierPlan) else TierPlan(tiers)
    return plan.resolve(categories, gas)


def _check_requires(m: SourceMethod, rows: pd.DataFrame, inp: MethodInput) -> None:
    """Look up every declared need of every tier in use before computing; misses collected."""
    numeric = rows["value"].notna().to_numpy()
    num = subset(rows, numeric)
    gases = ["*", *dict.fromkeys(n.gas for s in m.tiers.values() for n in s.requires
                                 if n.gas != "-" and m.tier_per_gas)]
    tiers = {g: (np.asarray(inp.tier)[numeric] if g == "*"
                 else inp.tier_of(num, g)) for g in gases}
    for g, tier in tiers.items():
        for t in np.unique(tier):
            sub = subset(num, tier == t)
            spec = m.tiers.get(int(t))      # a tier not offered is reported by compute
            for need in (spec.requires if spec is not None else ()):
                # a per-gas method checks a gas's needs at the tier of that gas
                if (need.gas if m.tier_per_gas and need.gas != "-" else "*") != g:
                    continue
                q = sub if need.when is None else subset(sub, need.when(sub))
                if len(q):
                    inp.check(q, need.parameter, need.unit or "", need.gas, int(t))


def _codes_with_missing(s: pd.Series) -> tuple[np.ndarray, list]:
    """:func:`~inventory.factors.key_codes` of ``s`` as text, a missing value counting as
    one more value (as ``astype(str)`` then ``factorize(use_na_sentinel=False)``)."""
    codes, values = key_codes(s)
    if len(codes) and codes.min() < 0:
        codes, values = pd.factorize(s.astype(str), use_na_sentinel=False)
        values = list(values)
    return codes, values


def run_methods(activity: pd.DataFrame, factors: FactorDB, tiers: Mapping | TierPlan | None,
                sectors: tuple[str, ...] | None = None, progress=None,
                options: dict | None = None, tables: dict | None = None) -> pd.DataFrame:
    """Run every registered method over its activity rows; returns the emissions table.

    ``options``: the project's per-sector settings (``inventory.yml`` key ``options``); each
    method gets its sector's dict. ``tables``: when given, the background tables the methods
    return are added to it (name -> list of frames)."""
    plan = tiers if isinstance(tiers, TierPlan) else TierPlan(tiers)
    methods = registered_methods()
    # the owner of each distinct (category, activity) pair, taken by code for every row
    cc, cat_u = _codes_with_missing(activity["category"])
    ac, act_u = _codes_with_missing(activity["activity"])
    pair, first = np.unique(cc.astype(np.int64) * max(len(act_u), 1) + ac, return_inverse=True)
    names = np.array([getattr(method_for(cat_u[k // max(len(act_u), 1)],
                                         act_u[k % max(len(act_u), 1)]), "name", None)
                      for k in pair.tolist()], dtype=object)
    owner_codes, owners = pd.factorize(names, use_na_sentinel=True)
    owner_of_row = owner_codes[first] if len(first) else np.zeros(0, dtype=np.intp)
    owner_index = {name: i for i, name in enumerate(owners.tolist())}
    unassigned = owner_of_row < 0
    if unassigned.any():
        first = activity[unassigned].iloc[0]
        raise InputError(f"no method for category {first['category']} activity "
                         f"'{first['activity']}'", first.get("source_ref"),
                         "a category (and activity) a sector method covers")
    frames = []
    for m in methods:
        if sectors is not None and m.sector not in sectors:
            continue
        if m.name not in owner_index:
            continue
        mine = owner_of_row == owner_index[m.name]
        rows = activity.copy(deep=False) if mine.all() else activity[mine]
        if rows.empty:
            continue
        tier = plan.resolve(rows["category"])
        used = {int(plan.tier(c, g)) for c in pd.unique(rows["category"].astype(str))
                for g in ("*", *m.gases)}
        bad = sorted(used - set(m.tiers)) or sorted(set(np.unique(tier)) - set(m.tiers))
        if bad:
            cat = next(c for c in pd.unique(rows["category"].astype(str))
                       if {plan.tier(c, g) for g in ("*", *m.gases)} - set(m.tiers))
            raise MethodInputError(
                f"Tier {bad[0]} is not offered for {cat} by {m.name}",
                "inventory.yml, key 'tiers'", f"one of tiers {sorted(m.tiers)}")
        if not m.tier_per_gas:
            for c in pd.unique(rows["category"].astype(str)):
                by_gas = {g: plan.tier(c, g) for g in ("*", *m.gases)}
                if len(set(by_gas.values())) > 1:
                    raise MethodInputError(
                        f"{c}: tiers set per gas {by_gas}, but {m.name} uses one tier for all "
                        "its gases", "inventory.yml, key 'tiers'",
                        f"one tier for {c} (a plain number)")
        inp = MethodInput(rows, tier, factors, dict((options or {}).get(m.sector, {})), m, plan)
        _check_requires(m, rows, inp)
        inp.raise_missing()
        try:
            out = m.compute(inp)
        except Exception:
            if inp.missing:      # the root cause: parameters that were not found
                inp.raise_missing()
            raise
        inp.raise_missing()
        if isinstance(out, MethodResult):
            if tables is not None:
                for name, df in out.tables.items():
                    tables.setdefault(name, []).append(df)
            out = out.emissions
        frames.append(out)
        if progress:
            progress(m.name, len(rows))
    if not frames:
        return schema.empty("emissions")
    em = schema.concat_emissions(frames)
    return schema.ensure_valid(em, "emissions")


# ------------------------------------------------------------------ emission rows
def combine_lookups(lookups: Iterable[Lookup | None], n: int) -> tuple[np.ndarray, ...]:
    """(factor_layer, factor_source, parameter_ids) of rows that used ``lookups``: the most
    specific layer any of them came from, their distinct sources ('; ') and ids (';')."""
    key, layer, source, ids = _combine_by_code([lk for lk in lookups if lk is not None], n)
    if key is None:
        return layer, source, ids
    return layer[key], source[key], ids[key]


def _combine_by_code(lookups: list[Lookup], n: int) -> tuple:
    """:func:`combine_lookups` evaluated once per distinct combination of the chosen
    parameter rows (``Lookup.code``; the provenance of a row is a function of them): returns
    (key, layer, source, ids) with the texts per key, or (None, layer, source, ids) per row
    when a lookup carries no codes."""
    if not lookups or not n or any(getattr(lk, "code", None) is None for lk in lookups):
        return (None, *_combine_rows(lookups, n))
    key = np.zeros(n, dtype=np.int64)
    for lk in lookups:
        codes, distinct = pd.factorize(np.asarray(lk.code, dtype=np.int64))
        key = pd.factorize(key * max(len(distinct), 1) + codes)[0].astype(np.int64)
    first = first_rows(key)
    reps = [Lookup(*(np.asarray(getattr(lk, f))[first] for f in _FIELDS)) for lk in lookups]
    return (key, *_combine_rows(reps, len(first)))


def _combine_rows(lookups: list[Lookup], n: int) -> tuple[np.ndarray, ...]:
    rank = np.full(n, -1)
    layer = np.full(n, None, dtype=object)
    sources: list[np.ndarray] = []
    ids: list[np.ndarray] = []
    for lk in lookups:
        if lk is None:
            continue
        lay = np.asarray(lk.layer, dtype=object)
        codes, distinct = pd.factorize(lay, use_na_sentinel=False)
        r = np.array([LAYER_RANK.get(x, -1) if isinstance(x, str) else -1
                      for x in distinct.tolist()], dtype=np.int64)[codes] if n else \
            np.zeros(0, dtype=np.int64)
        better = r > rank
        rank = np.where(better, r, rank)
        layer = np.where(better, lay, layer)
        sources.append(np.where(lk.found, np.asarray(lk.source, dtype=object), ""))
        ids.append(np.where(lk.found, np.asarray(lk.parameter_id, dtype=object), ""))
    if not sources:
        empty = np.full(n, "", dtype=object)
        return layer, np.full(n, None, dtype=object), empty
    return layer, per_distinct(sources, n, _join_source_row), join_ids(*ids)


def _join_source_row(values: tuple) -> str | None:
    """Distinct sources of one row, '; '-joined in order (a source already contained in the
    text so far is not repeated); None when there is none."""
    out = _text(values[0])
    for v in values[1:]:
        t = _text(v)
        if t and t not in out:
            out = out + "; " + t if out else t
    return out or None


def _ief_factor(activity_unit: str, ief_unit: str) -> float:
    from inventory.units import conversion_factor

    return conversion_factor(f"kt/({activity_unit})", ief_unit)


def default_ief_unit(gas: str, activity_unit: str) -> str:
    """The unit implied factors are shown in: per TJ, per t of product, per head, per ha,
    per item; CO2 in t, other gases in kg (the CRT's convention)."""
    mass = "t" if gas == "CO2" else "kg"
    if activity_unit in ("TJ", "kt", "t", "Mt"):
        return f"{mass}/TJ" if activity_unit == "TJ" else f"{mass}/t"
    return f"{mass}/({activity_unit})"


def emission_rows(rows: pd.DataFrame, *, gas, value, tier, method: str, equation,
                  activity_value=None, activity_unit: str | None = None,
                  lookups: Iterable[Lookup | None] = (), category=None, activity=None,
                  memo=False, activity_ids=None, ief_unit: str | None = None,
                  factor_layer=None, factor_source=None, parameter_ids=None) -> pd.DataFrame:
    """Rows of the emissions contract for computed values [kt of gas].

    ``rows`` gives region, year (and, unless overridden, category, activity and the
    activity ids); ``lookups`` are the factor lookups the values used: the row records the most
    specific layer among them, all their sources and ids (explicit ``factor_layer`` /
    ``factor_source`` / ``parameter_ids`` override). The implied emission factor is
    ``value / activity_value`` converted with pint from kt per ``activity_unit`` to
    ``ief_unit`` (default :func:`default_ief_unit`)."""
    n = len(rows)

    def col(v, dtype=object):
        return np.broadcast_to(np.asarray(v, dtype=dtype), (n,)).copy()

    def text(v):
        # a text column as given (Arrow) when it has one value per row, else broadcast
        if isinstance(v, pd.api.extensions.ExtensionArray) and len(v) == n:
            return v
        return col(v)

    value = col(value, float)
    gas_arr = col(gas)
    key, layer, source, pids = _combine_by_code([lk for lk in lookups if lk is not None], n)
    if key is not None:     # provenance texts once per distinct combination of factor rows
        layer, source, pids = (take_text(x, key) for x in (layer, source, pids))
    if factor_layer is not None:
        layer = text(factor_layer)
    if factor_source is not None:
        source = text(factor_source)
    if parameter_ids is not None:
        pids = text(parameter_ids)
    if activity_value is None:
        av = np.full(n, np.nan)
    else:
        av = col(activity_value, float)
    ief = np.full(n, np.nan)
    # the gases by code: a unit and a pint factor per gas, not per row
    if np.ndim(gas) == 0 or not n:
        gas_codes, gases = np.zeros(n, dtype=np.intp), gas_arr[:1]
    else:
        gas_codes, gases = pd.factorize(gas_arr, use_na_sentinel=False)
        gases = np.asarray(gases, dtype=object)
    gas_units = np.full(len(gases), None, dtype=object)
    if activity_unit is not None and n:
        for j, g in enumerate(gases.tolist()):
            m = slice(None) if len(gases) == 1 else gas_codes == j
            iu = ief_unit or default_ief_unit(str(g), activity_unit)
            f = _ief_factor(activity_unit, iu)
            with np.errstate(divide="ignore", invalid="ignore"):
                ief[m] = np.where(av[m] > 0, value[m] / np.where(av[m] > 0, av[m], 1.0) * f,
                                  np.nan)
            gas_units[j] = iu
    units = take_text(gas_units, gas_codes)
    gas_arr = take_text(gases, gas_codes)
    return pd.DataFrame({
        "region": text_column(rows["region"]), "year": rows["year"].to_numpy(dtype="int64"),
        "category": text_column(rows["category"]) if category is None else text(category),
        "activity": text_column(rows["activity"]) if activity is None else text(activity),
        "gas": gas_arr, "value": value, "notation_key": None, "memo": col(memo, bool),
        "tier": col(tier, "int64"), "method": constant_text(method, n),
        "equation": text(equation), "activity_value": av,
        "activity_unit": constant_text(activity_unit, n), "ief": ief, "ief_unit": units,
        "factor_layer": layer, "factor_source": source,
        "activity_ids": (text_column(rows["activity_id"]) if activity_ids is None
                         else text(activity_ids)),
        "parameter_ids": pids,
    })


def keyed_rows(rows: pd.DataFrame, gases, *, tier, method: str, equation,
               category=None, activity=None, memo=False, activity_unit=None) -> pd.DataFrame:
    """Emission rows carrying the activity rows' notation keys (NO, NE, IE, NA, C): one per
    row and gas (``gases``: one tuple for all rows, or one ';'-joined string per row)."""
    n = len(rows)
    if n == 0:
        return schema.empty("emissions")
    if isinstance(gases, (tuple, list)):
        per_row = [tuple(gases)] * n
    else:
        per_row = [tuple(str(g).split(";")) for g in np.asarray(gases, dtype=object)]
    rep = np.array([len(g) for g in per_row])
    idx = np.repeat(np.arange(n), rep)
    sub = rows.iloc[idx]

    def col(v, dtype=object):
        arr = np.broadcast_to(np.asarray(v, dtype=dtype), (n,))
        return arr[idx]

    out = pd.DataFrame({
        "region": sub["region"].to_numpy(), "year": sub["year"].to_numpy(dtype="int64"),
        "category": sub["category"].to_numpy() if category is None else col(category),
        "activity": sub["activity"].to_numpy() if activity is None else col(activity),
        "gas": np.concatenate([np.asarray(g, dtype=object) for g in per_row]),
        "value": np.nan, "notation_key": sub["notation_key"].astype(object).to_numpy(),
        "memo": col(memo, bool), "tier": col(tier, "int64"), "method": method,
        "equation": col(equation), "activity_value": np.nan,
        "activity_unit": (sub["unit"].to_numpy() if activity_unit is None
                          else col(activity_unit)),
        "ief": np.nan, "ief_unit": None, "factor_layer": None, "factor_source": None,
        "activity_ids": sub["activity_id"].to_numpy(), "parameter_ids": "",
    })
    out["notation_key"] = out["notation_key"].astype(NOTATION_DTYPE)
    return out


def unused_parameters(parameters: pd.DataFrame, emissions: pd.DataFrame) -> pd.DataFrame:
    """Country parameter rows (layers above ``ipcc_default``) that no emission row used:
    given for a category that runs at Tier 1 (where the tier takes IPCC defaults), or for a
    category, activity, region or year the inventory does not have. Returns those rows."""
    given = parameters[parameters["layer"] != "ipcc_default"]
    if given.empty:
        return given
    used: set[str] = set()
    for s in pd.unique(emissions["parameter_ids"].dropna().astype(str)):
        used.update(p for p in s.split(";") if p)
    return given[~given["parameter_id"].astype(str).isin(used)].reset_index(drop=True)
