"""Emission factor database: layered, cited, vectorised lookup.

Layers, least to most specific: ``ipcc_default < national < provincial < plant``. For every
activity row the lookup picks, among the parameter rows whose keys match (category equal or a
parent of the row's category or '*'; activity equal or '*'; region equal or '*'; year inside
[year_from, year_to]), the one of the most specific layer, then the most specific category,
region and activity. The chosen row's id, layer and source travel into the emissions table.

Default tables ship as CSV under ``sectors/<sector>/data/`` (one file per IPCC table). Their
columns: parameter, category, activity, gas, value, unit, lower, upper, source (+ optional
region, year_from, year_to, distribution, note); the loader adds region '*', all years and
layer ``ipcc_default``.

Guideline editions. Every default row names the edition it was printed in (column
``edition``): ``2006`` (the printed 2006 value, used under ``guidelines: ipcc2006`` only),
``2019R`` (a 2019 Refinement value, used under ``guidelines: ipcc2006_2019r`` only) or
``2006+2019R`` (a 2006 value that stands under both settings: the Refinement kept it, or its
revision is not shipped, as the table's header says). :func:`default_tables` and
:meth:`FactorDB.with_defaults` load exactly one setting's rows, so no lookup ever sees two
editions' values for the same key. The provenance columns ``efdb_id`` (the IPCC Emission Factor
Database rows the value was checked against), ``efdb_note`` and ``efdb_disagrees`` are read by
:func:`read_default_provenance` (docs, tests); the product never reads the EFDB itself.
"""

from __future__ import annotations

import hashlib
import pickle
import weakref
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import schema
from inventory.atomic import atomic_path
from inventory.errors import InputError, MethodInputError
from inventory.units import conversion_factor

__all__ = ["FactorDB", "read_default_table", "read_default_provenance", "default_tables",
           "default_table_paths", "LAYER_RANK", "ALL_YEARS", "Lookup", "GUIDELINES",
           "DEFAULT_GUIDELINES", "EDITIONS", "editions_of", "check_guidelines", "key_codes",
           "first_rows"]

LAYER_RANK = {name: i for i, name in enumerate(schema.LAYERS)}
ALL_YEARS = (1900, 2100)

#: ``inventory.yml`` key ``guidelines``: which edition's IPCC defaults the project uses.
GUIDELINES = {
    "ipcc2006": "2006 IPCC Guidelines, the printed 2006 defaults everywhere",
    "ipcc2006_2019r": "2006 IPCC Guidelines with the 2019 Refinement defaults where the "
                      "Refinement changed a default (2006 elsewhere)",
}
#: The setting used when ``inventory.yml`` has no ``guidelines`` key (docs/design.md,
#: "Guideline edition").
DEFAULT_GUIDELINES = "ipcc2006"
#: Values of the ``edition`` column of the default tables.
EDITIONS = ("2006", "2019R", "2006+2019R")
_EDITIONS_OF = {"ipcc2006": ("2006", "2006+2019R"), "ipcc2006_2019r": ("2019R", "2006+2019R")}
PROVENANCE_COLUMNS = ("edition", "efdb_id", "efdb_note", "efdb_disagrees")


def check_guidelines(guidelines: str | None, where: str = "inventory.yml, key 'guidelines'"
                     ) -> str:
    """``guidelines`` checked (None: :data:`DEFAULT_GUIDELINES`); an unknown value is an
    InputError naming the allowed settings."""
    if guidelines is None:
        return DEFAULT_GUIDELINES
    if guidelines not in GUIDELINES:
        raise InputError(f"unknown guidelines {guidelines!r}", where,
                         " or ".join(GUIDELINES))
    return str(guidelines)


def editions_of(guidelines: str | None) -> tuple[str, ...]:
    """The ``edition`` column values loaded under ``guidelines``."""
    return _EDITIONS_OF[check_guidelines(guidelines)]


def read_default_table(path: Path, guidelines: str | None = None) -> pd.DataFrame:
    """Read one default-factor CSV into the parameters contract (layer ipcc_default).

    ``guidelines``: keep only the rows of that setting's editions (None: all rows, as in
    the file; for documentation and checks, never for a lookup)."""
    df = _read_csv(path)
    if guidelines is not None:
        df = df[df["edition"].isin(editions_of(guidelines))]
    cols = [c.name for c in schema.PARAMETERS]
    return schema.ensure_valid(df[cols].reset_index(drop=True), "parameters")


def read_default_provenance(path: Path) -> pd.DataFrame:
    """One default-factor CSV with the parameters contract columns plus ``edition``,
    ``efdb_id``, ``efdb_note`` and ``efdb_disagrees`` (all rows, every edition)."""
    df = _read_csv(path)
    cols = [c.name for c in schema.PARAMETERS] + list(PROVENANCE_COLUMNS)
    return df[cols].reset_index(drop=True)


def _read_csv(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, comment="#", dtype={"category": str, "activity": str, "gas": str,
                                               "edition": str, "efdb_id": str},
                     keep_default_na=False, na_values={"value": [""], "lower": [""],
                                                       "upper": [""]})
    if "edition" not in df:
        raise InputError("default table without an 'edition' column", str(path),
                         f"an edition per row: {', '.join(EDITIONS)}")
    bad = ~df["edition"].isin(EDITIONS)
    if bad.any():
        raise InputError(f"edition {df['edition'][bad].iloc[0]!r}", str(path),
                         f"one of {', '.join(EDITIONS)}")
    for col in PROVENANCE_COLUMNS[1:]:
        if col not in df:
            df[col] = ""
    for col, default in (("region", "*"), ("year_from", ALL_YEARS[0]),
                         ("year_to", ALL_YEARS[1]), ("distribution", "")):
        if col not in df:
            df[col] = default
    df["year_from"] = pd.to_numeric(df["year_from"]).astype("int64")
    df["year_to"] = pd.to_numeric(df["year_to"]).astype("int64")
    df["layer"] = "ipcc_default"
    # line numbers as a user sees them: header comment lines + header + 1-based data row
    n_comment = sum(1 for line in path.read_text(encoding="utf-8").splitlines()
                    if line.startswith("#"))
    lines = np.arange(len(df)) + n_comment + 2
    df["parameter_id"] = [f"{path.stem}:{n}" for n in lines]
    df["source_ref"] = [f"{path.name}!line {n}" for n in lines]
    for col in ("lower", "upper", "value"):
        df[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
    return df


def default_table_paths() -> list[Path]:
    """The default-factor CSVs of every sector (``data/*.csv`` whose header starts with
    ``parameter,``), in sector order."""
    from inventory.plugins import sectors

    return [p for s in sectors() for p in sorted(s.data_dir.glob("*.csv"))
            if _is_factor_table(p)]


def default_tables(guidelines: str | None = None) -> pd.DataFrame:
    """The default-factor tables of all sectors for one guideline setting (None:
    :data:`DEFAULT_GUIDELINES`), concatenated (parsed once per process, and kept between
    processes in the user's cache, see :func:`_parsed_defaults`; a copy is returned, so
    callers may change it)."""
    return _parsed_defaults(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                                  for p in default_table_paths()),
                            check_guidelines(guidelines)).copy()


@cache
def _parsed_defaults(paths: tuple[tuple[str, int, int], ...], guidelines: str
                     ) -> pd.DataFrame:
    """Keyed on the files and their modification times: an edited table is parsed again.
    Between processes the parsed table is read back from ``<cache>/factors/<key>.pkl``
    (:func:`inventory.cache.cache_dir`, private to the user), the key a SHA-256 of every
    table's name and bytes, the guideline setting and the parsing code (this module, the
    schema, the pandas version): parsing the ~70 CSVs costs about a second per process."""
    from inventory.cache import cache_dir

    folder = cache_dir("factors")
    key = _defaults_key([Path(p) for p, _, _ in paths], guidelines) if folder else ""
    if folder is not None:
        try:
            with (folder / f"{key}.pkl").open("rb") as fh:
                df = pickle.load(fh)
            if isinstance(df, pd.DataFrame):
                return df
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    frames = [read_default_table(Path(p), guidelines) for p, _, _ in paths]
    df = pd.concat(frames, ignore_index=True) if frames else schema.empty("parameters")
    if folder is not None:
        try:
            with atomic_path(folder / f"{key}.pkl") as tmp, tmp.open("wb") as fh:
                pickle.dump(df, fh, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass
    return df


def _defaults_key(paths: list[Path], guidelines: str) -> str:
    h = hashlib.sha256(f"{guidelines}|{pd.__version__}|{np.__version__}".encode())
    for code in (Path(__file__), Path(schema.__file__)):
        h.update(code.read_bytes())
    for p in paths:
        h.update(f"|{p.parent.parent.name}/{p.name}|".encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _is_factor_table(path: Path) -> bool:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                return line.startswith("parameter,")
    return False


@dataclass(frozen=True)
class Lookup:
    """Result of a lookup, aligned with the queried rows."""

    value: np.ndarray           # in the requested unit; NaN where nothing matched
    lower: np.ndarray
    upper: np.ndarray
    parameter_id: np.ndarray
    layer: np.ndarray
    source: np.ndarray
    found: np.ndarray           # bool
    # the chosen parameter row (its position in the FactorDB table, -1: none) when the lookup
    # came from a FactorDB; provenance is a function of it, so rows are combined per distinct
    # code instead of per row (inventory.methods.combine_lookups). None: not known.
    code: np.ndarray | None = None


def _text_values(s: pd.Series) -> np.ndarray:
    """A key column as an object array of str (text columns as they are: no conversion)."""
    if s.dtype == object or isinstance(s.dtype, pd.StringDtype):
        return s.to_numpy(dtype=object)
    return s.astype(str).to_numpy(dtype=object)


_CODES: dict[int, tuple] = {}


def key_codes(s: pd.Series) -> tuple[np.ndarray, list]:
    """Factorized codes of a key column (missing: -1) and its distinct values as Python
    objects. A text column is factorized as it is (an Arrow string column in C, no per-row
    object array), once per column: the codes are remembered for as long as the column's
    immutable Arrow data lives (a method looks the same rows up a dozen times: the
    requirement check, each gas, each calorific value). The codes are read-only."""
    data = getattr(s.array, "_pa_array", None)
    if data is not None:
        hit = _CODES.get(id(data))
        if hit is not None and hit[0]() is data:
            return hit[1], hit[2]
    if not (s.dtype == object or isinstance(s.dtype, pd.StringDtype)):
        s = s.astype(str)
    codes, uniques = pd.factorize(s)
    codes = np.asarray(codes, dtype=np.intp)
    codes.flags.writeable = False
    uniques = list(uniques)
    if data is not None:
        key = id(data)
        try:
            ref = weakref.ref(data, lambda _, k=key: _CODES.pop(k, None))
        except TypeError:
            return codes, uniques
        _CODES[key] = (ref, codes, uniques)
    return codes, uniques


def first_rows(key: np.ndarray) -> np.ndarray:
    """The first row of each code 0..k-1 of ``key`` (factorized codes), without a sort."""
    k = int(key.max()) + 1 if len(key) else 0
    first = np.empty(k, dtype=np.intp)
    first[key[::-1]] = np.arange(len(key) - 1, -1, -1)    # the earliest write comes last
    return first


def _distinct_pairs(category: pd.Series, activity: pd.Series
                    ) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Codes of each row's (category, activity) pair and the pairs in order of appearance
    (a dict of tuples for a few thousand rows; factorizes, no Python loop, above)."""
    if len(category) <= 20_000:
        cats, acts = _text_values(category), _text_values(activity)
        index: dict[tuple[str, str], int] = {}
        codes = np.fromiter((index.setdefault(k, len(index))
                             for k in zip(cats, acts, strict=True)),
                            dtype=np.intp, count=len(cats))
        return codes, list(index)
    cc, cat_u = key_codes(category)
    ac, act_u = key_codes(activity)
    na = max(len(act_u), 1)
    codes, combined = pd.factorize(cc.astype(np.int64) * na + ac)
    return codes.astype(np.intp), [(cat_u[k // na], act_u[k % na]) for k in combined.tolist()]


def _table_arrays(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns the lookup reads, as numpy arrays over the whole table, and each row's own
    rank (no property of a queried row enters it): layer first, then category depth, then a
    specific region, then an exact activity, then a narrower year range (docs/data_format.md)."""
    category = table["category"].astype(str).to_numpy(dtype=object)
    activity = table["activity"].to_numpy(dtype=object)
    region = table["region"].astype(str).to_numpy(dtype=object)
    y_from, y_to = table["year_from"].to_numpy(), table["year_to"].to_numpy()
    depth = np.array([0 if c == "*" else c.count(".") + 1 for c in category], dtype="int64")
    score = (table["layer"].map(LAYER_RANK).to_numpy() * 10_000 + depth * 100
             + (activity != "*") * 1.0 + (region != "*") * 10.0
             + 1.0 / (2.0 + (y_to - y_from)))
    return {"category": category, "activity": activity, "region": region,
            "y_from": y_from, "y_to": y_to, "score": score,
            "value": table["value"].to_numpy(dtype=float),
            "lower": table["lower"].to_numpy(dtype=float),
            "upper": table["upper"].to_numpy(dtype=float),
            "parameter_id": table["parameter_id"].to_numpy(dtype=object),
            "layer": table["layer"].to_numpy(dtype=object),
            "source": table["source"].to_numpy(dtype=object),
            "unit": table["unit"].to_numpy(dtype=object)}


class _Index:
    """The candidates of one (parameter, gas, layers) (``pos``: their table rows, in table
    order) and, per (category, activity) pair asked for, their positions in the order the
    lookup tries them (built once per FactorDB and key)."""

    __slots__ = ("table", "pos", "region", "y_from", "y_to", "value", "lower", "upper",
                 "parameter_id", "layer", "source", "unit", "score", "by_activity", "wild",
                 "category", "pairs", "units", "region_names", "region_inv", "any_region")

    def __init__(self, table: pd.DataFrame, arrays: dict[str, np.ndarray], pos: np.ndarray):
        self.table, self.pos = table, pos
        for name in ("region", "y_from", "y_to", "value", "lower", "upper", "parameter_id",
                     "layer", "source", "unit", "score", "category"):
            setattr(self, name, arrays[name][pos])
        self.region_names, self.region_inv = np.unique(self.region.astype(str),
                                                       return_inverse=True)
        self.any_region = self.region_names[self.region_inv] == "*"
        activity = arrays["activity"][pos]
        wild = activity == "*"
        self.wild = np.flatnonzero(wild)
        self.by_activity: dict = {}
        for i in np.flatnonzero(~wild):
            self.by_activity.setdefault(activity[i], []).append(i)
        self.pairs: dict[tuple[str, str], np.ndarray] = {}
        self.units: dict[tuple[str, str], float] = {}

    def order(self, category: str, activity: str) -> np.ndarray:
        """Candidate positions for one (category, activity) pair, best first: the candidates
        of that activity then the wildcard ones (table order), kept where the category is
        '*', equal or a parent; ranked by score, a tie going to the later one."""
        key = (category, activity)
        got = self.pairs.get(key)
        if got is None:
            pos = np.array(self.by_activity.get(activity, []) + self.wild.tolist(),
                           dtype=np.intp)
            keep = [c == "*" or c == category or category.startswith(c + ".")
                    for c in self.category[pos]]
            pos = pos[np.asarray(keep, dtype=bool)]
            got = pos[np.lexsort((np.arange(len(pos)), self.score[pos]))[::-1]]
            self.pairs[key] = got
        return got

    def choose(self, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, bool]:
        """(rows answered, the candidate chosen for each, whether every row was answered
        per pair): the choice of :meth:`lookup` without building its columns."""
        n = len(rows)
        none = np.zeros(0, dtype=np.intp)
        if n == 0 or len(self.value) == 0:
            return none, none, False
        # 1. the distinct (category, activity) pairs: few, whatever the rows
        codes, pairs = _distinct_pairs(rows["category"], rows["activity"])
        orders = [self.order(c, a) for c, a in pairs]
        if not any(len(o) for o in orders):
            return none, none, False
        # 2. a candidate for every region and every year the rows have ends its pair's list
        # (the ones after it are never reached); where it comes first, it is the answer for
        # every row of the pair: one lookup per pair, not per row
        years = rows["year"].to_numpy()
        y0, y1 = years.min(), years.max()
        always = self.any_region & (self.y_from <= y0) & (self.y_to >= y1)
        direct = np.full(len(orders), -1, dtype=np.intp)
        for j, o in enumerate(orders):
            stop = np.flatnonzero(always[o])
            if len(stop):
                if stop[0] == 0:
                    direct[j], orders[j] = o[0], o[:0]
                else:
                    orders[j] = o[:stop[0] + 1]
        pick = direct[codes]
        idx_d = np.flatnonzero(pick >= 0)
        idx, best = idx_d, pick[idx_d]
        lens = np.array([len(o) for o in orders], dtype=np.intp)
        if lens.any():
            # 3. the other rows against their pair's candidates, best first; the first that
            # fits the row's region and year wins
            flat = np.concatenate(orders)
            starts = np.r_[0, np.cumsum(lens)[:-1]]
            per_row = lens[codes]
            row = np.repeat(np.arange(n), per_row)
            offset = np.arange(len(row)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
            ci = flat[starts[codes][row] + offset]
            region_codes, regions = key_codes(rows["region"])
            code_of = {r: i for i, r in enumerate(regions)}
            cand_region = np.array([-2 if r == "*" else code_of.get(r, -1)
                                    for r in self.region_names], dtype=np.intp)[self.region_inv]
            year = years[row]
            ok = (((cand_region[ci] == -2) | (cand_region[ci] == region_codes[row]))
                  & (year >= self.y_from[ci]) & (year <= self.y_to[ci]))
            hit = np.flatnonzero(ok)
            first = np.r_[True, row[hit][1:] != row[hit][:-1]] if len(hit) else hit
            idx = np.concatenate([idx_d, row[hit][first]])
            best = np.concatenate([best, ci[hit][first]])
        return idx, best, len(idx_d) == n

    def found(self, rows: pd.DataFrame, unit: str) -> np.ndarray:
        """Which rows :meth:`lookup` finds a value for (the chosen factors' units checked)."""
        idx, best, _ = self.choose(rows)
        out = np.zeros(len(rows), dtype=bool)
        if len(idx):
            self._unit_factors(best, unit)
            out[idx] = True
        return out

    def lookup(self, rows: pd.DataFrame, unit: str) -> Lookup:
        n = len(rows)
        idx, best, whole = self.choose(rows)
        if len(idx) == 0:
            return FactorDB._empty(n)
        # convert only the chosen rows: other sectors' factors may be in other dimensions
        f = self._unit_factors(best, unit)
        if whole:               # every row answered per pair: the arrays taken at once
            return Lookup(self.value[best] * f, self.lower[best] * f, self.upper[best] * f,
                          self.parameter_id[best], self.layer[best], self.source[best],
                          np.ones(n, dtype=bool), self.pos[best].astype(np.int64))
        out = FactorDB._empty(n)
        out.value[idx] = self.value[best] * f
        out.lower[idx] = self.lower[best] * f
        out.upper[idx] = self.upper[best] * f
        out.parameter_id[idx] = self.parameter_id[best]
        out.layer[idx] = self.layer[best]
        out.source[idx] = self.source[best]
        out.found[idx] = True
        out.code[idx] = self.pos[best]
        return out

    def _unit_factors(self, best: np.ndarray, unit: str) -> np.ndarray:
        """Conversion factor to ``unit`` for each chosen candidate (one pint call per distinct
        unit, remembered); a chosen factor of the wrong dimension is an error naming its
        row (the first such row in table order)."""
        inv, chosen = pd.factorize(best)     # the distinct chosen candidates (hash, no sort)
        order = np.argsort(chosen)
        rank = np.empty(len(order), dtype=np.intp)
        rank[order] = np.arange(len(order))
        chosen, inv = chosen[order], rank[inv]   # in table order, as np.unique gives them
        units = self.unit[chosen]
        distinct = pd.unique(units)
        for u in distinct:
            if (u, unit) not in self.units:
                try:
                    self.units[(u, unit)] = conversion_factor(u, unit)
                except Exception:
                    bad = self.table.iloc[int(self.pos[chosen[units == u].min()])]
                    raise InputError(f"factor unit '{u}' cannot be converted to '{unit}'",
                                     bad["source_ref"] or bad["parameter_id"],
                                     f"a unit of the same dimension as {unit}") from None
        if len(distinct) == 1:
            return np.full(len(best), self.units[(distinct[0], unit)])
        # one factor per distinct chosen candidate, taken by code (not a map over the rows)
        return np.array([self.units[(u, unit)] for u in units], dtype=float)[inv]


class FactorDB:
    """Parameters table with layered lookup.

    ``guidelines``: the setting whose IPCC defaults the table holds (``ipcc2006`` or
    ``ipcc2006_2019r``; None: :data:`DEFAULT_GUIDELINES`). Methods read it where the 2019
    Refinement changed the structure of a method (e.g. productivity classes), never to pick
    values: the values come from the rows loaded."""

    def __init__(self, parameters: pd.DataFrame, guidelines: str | None = None):
        self.table = schema.ensure_valid(parameters.reset_index(drop=True), "parameters")
        self.guidelines = check_guidelines(guidelines)
        self._cands: dict[tuple, _Index] = {}
        self._by_key: dict[tuple, np.ndarray] | None = None
        self._arrays: dict[str, np.ndarray] | None = None
        self._ipcc: FactorDB | None = None

    def _index(self, parameter: str, gas: str, layers: tuple[str, ...]) -> _Index:
        """The lookup index of one parameter and gas in ``layers`` (table order); built once
        per key (a compile asks a few hundred times)."""
        key = (parameter, gas, tuple(layers))
        if key not in self._cands:
            if self._by_key is None:
                t = self.table
                self._by_key = {k: np.asarray(v) for k, v in t.groupby(
                    [t["parameter"].astype(object), t["gas"].astype(object)],
                    sort=False, dropna=False).indices.items()}
            if self._arrays is None:
                self._arrays = _table_arrays(self.table)
            pos = np.sort(self._by_key.get((parameter, gas), np.zeros(0, dtype=np.intp)))
            pos = pos[np.isin(self._arrays["layer"][pos], list(layers))]
            self._cands[key] = _Index(self.table, self._arrays, pos)
        return self._cands[key]

    def ipcc_defaults(self) -> FactorDB:
        """The database of this one's ``ipcc_default`` rows only (built once: the implied
        factor check and table compare against it)."""
        if self._ipcc is None:
            t = self.table
            self._ipcc = FactorDB(t[t["layer"] == "ipcc_default"], self.guidelines)
        return self._ipcc

    @classmethod
    def with_defaults(cls, overrides: pd.DataFrame | None = None,
                      guidelines: str | None = None) -> FactorDB:
        """The IPCC default tables of one guideline setting with the project's
        ``overrides`` on top.

        ``guidelines``: ``ipcc2006`` (rows of edition 2006 and 2006+2019R) or
        ``ipcc2006_2019r`` (rows of edition 2019R and 2006+2019R); None:
        :data:`DEFAULT_GUIDELINES`. Exactly one edition's value is loaded per key."""
        guidelines = check_guidelines(guidelines)
        frames = [default_tables(guidelines)]
        if overrides is not None and len(overrides):
            frames.append(overrides)
        return cls(pd.concat(frames, ignore_index=True), guidelines)

    def lookup(self, rows: pd.DataFrame, parameter: str, unit: str, gas: str = "-",
               layers: tuple[str, ...] = schema.LAYERS) -> Lookup:
        """Best parameter row for each of ``rows`` (columns region, year, category, activity).

        ``unit``: the unit the caller computes in; each candidate is converted (pint checks the
        dimension, so a factor in the wrong unit is an error naming its row).
        """
        return self._index(parameter, gas, layers).lookup(rows, unit)

    def found(self, rows: pd.DataFrame, parameter: str, unit: str, gas: str = "-",
              layers: tuple[str, ...] = schema.LAYERS) -> np.ndarray:
        """Boolean mask: the rows :meth:`lookup` finds ``parameter`` for (a requirement
        check: the choice and the unit check only, no value or provenance columns)."""
        return self._index(parameter, gas, layers).found(rows, unit)

    def require(self, rows: pd.DataFrame, parameter: str, unit: str, gas: str = "-",
                layers: tuple[str, ...] = schema.LAYERS, tier: int | None = None) -> Lookup:
        """Like :meth:`lookup`, but a row with no factor is a :class:`MethodInputError` naming
        the activity, category, region and year (never a silent fallback to another tier)."""
        res = self.lookup(rows, parameter, unit, gas, layers)
        if not res.found.all():
            miss = rows[~res.found]
            first = miss.iloc[0]
            combos = miss[["activity", "category"]].drop_duplicates()
            listing = "; ".join(f"{a} in {c}" for a, c in combos.head(5).itertuples(index=False))
            more = f" (+{len(combos) - 5} more)" if len(combos) > 5 else ""
            tier_txt = f" at Tier {tier}" if tier else ""
            raise MethodInputError(
                f"no {parameter}{'' if gas == '-' else ' ' + gas} factor{tier_txt} for "
                f"{listing}{more}, e.g. region {first['region']} year {int(first['year'])}",
                first.get("source_ref") if isinstance(first.get("source_ref"), str) else None,
                f"a parameter row in layer(s) {', '.join(layers)}")
        return res

    @staticmethod
    def _empty(n: int) -> Lookup:
        return Lookup(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan),
                      np.full(n, None, dtype=object), np.full(n, None, dtype=object),
                      np.full(n, None, dtype=object), np.zeros(n, dtype=bool),
                      np.full(n, -1, dtype=np.int64))
