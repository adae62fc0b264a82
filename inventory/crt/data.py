"""The emissions table prepared for CRT reporting, and the aggregates the sheets share.

:func:`prepare` validates and classifies the emissions table once; :meth:`Prepared.year`
gives a :class:`YearData` whose cached aggregates every sheet writer can use.

National inventory = the sum of the regions' rows: no region column survives into the
aggregates, so rows of all regions are rolled up together with the rules of
:mod:`inventory.notation` (a number in one region and NO in another gives the number; NO in
every region gives NO; C keeps its number out of sight).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from inventory.categories import aggregate_crt, crosswalk, crt_ancestors
from inventory.errors import InputError
from inventory.gases import UNSPECIFIED_MIX
from inventory.notation import KEY_PRECEDENCE, rollup
from inventory.schema import describe_rows, ensure_valid
from inventory.units import conversion_factor

from .memo import MEMO_ITEMS, is_memo_only, memo_item

__all__ = ["Prepared", "YearData", "prepare", "load_fuel_groups", "with_ancestors",
           "lookup", "FUEL_GROUPS", "summary_column", "PFC_GASES", "UNSPECIFIED_MIX",
           "SUMMARY_MASS_COLUMNS"]


# CRT Table1.A(a) fuel rows: group id -> row label.
FUEL_GROUPS: tuple[tuple[str, str], ...] = (
    ("liquid", "Liquid fuels"),
    ("solid", "Solid fuels"),
    ("gaseous", "Gaseous fuels"),
    ("other_fossil", "Other fossil fuels"),
    ("peat", "Peat"),
    ("biomass", "Biomass"),
)

PFC_GASES = frozenset({"CF4", "C2F6", "C3F8", "cC3F6", "cC4F8", "C4F10", "C5F12", "C6F14",
                       "C7F16", "C8F18", "C10F18"})
# Summary1 columns reported in kt of gas; all other Summary1 columns are in kt CO2 eq.
SUMMARY_MASS_COLUMNS = ("CO2", "CH4", "N2O")


def summary_column(gas: str) -> str | None:
    """The Summary1 column a gas is reported in (None: not a Summary1 gas)."""
    if gas in ("CO2", "CH4", "N2O", "SF6", "NF3"):
        return gas
    if gas.startswith("HFC"):
        return "HFCs"
    if gas in PFC_GASES:
        return "PFCs"
    if gas == UNSPECIFIED_MIX:
        return "mix"
    return None


def load_fuel_groups() -> pd.Series:
    """fuel id -> CRT fuel group, as the energy sector registered it
    (:func:`inventory.categories.activity_groups`)."""
    from inventory.categories import activity_groups

    return activity_groups("fuel_group")


def with_ancestors(df: pd.DataFrame, col: str = "crt", node: str = "node") -> pd.DataFrame:
    """One copy of each row per CRT ancestor of its category (the category itself included)."""
    if df.empty:
        return df.assign(**{node: pd.Series(dtype=object)})
    anc = {c: crt_ancestors(c) for c in pd.unique(df[col])}
    return df.assign(**{node: df[col].map(anc)}).explode(node)


def lookup(agg: pd.DataFrame, keys: list[str], value: str = "value",
           key: str | None = None) -> dict[tuple, tuple[float, str | None]]:
    """Rollup output -> {key tuple: (value, notation key or None)}; the key column is
    ``key``, else 'key' or 'notation_key', whichever the frame has."""
    out: dict[tuple, tuple[float, str | None]] = {}
    if agg.empty:
        return out
    if key is None:
        key = "key" if "key" in agg else "notation_key"
    idx = agg[keys].itertuples(index=False, name=None)
    vals = agg[value].to_numpy(dtype=float)
    ks = agg[key].astype(object).to_numpy()
    for i, v, k in zip(idx, vals, ks, strict=True):
        out[tuple(i)] = (float(v), k if isinstance(k, str) else None)
    return out


@dataclass
class Prepared:
    """The validated, classified emissions rows of the reported region(s)."""

    rows: pd.DataFrame
    coverage: str
    regions: tuple[str, ...]
    # cross-cutting analysis tables (inventory.analysis.stage.load_analysis), by name
    analysis: dict = field(default_factory=dict)
    # background tables of the run (inventory.products), by name
    tables: dict = field(default_factory=dict)

    def cached(self, name: str, build):
        """``build(self)`` once per run (per worker process): lookups over all years that the
        sheets would otherwise rebuild from every year's rows, e.g. Summary3's method codes.
        Callers must not modify the result in place."""
        memo = vars(self).setdefault("_run_memo", {})
        if name not in memo:
            memo[name] = build(self)
        return memo[name]

    def year(self, year: int, gwp_set: str) -> YearData:
        sub = self.rows[self.rows["year"] == int(year)]
        if sub.empty:
            raise InputError(f"no emission rows for inventory year {year}",
                             "emissions table, column 'year'",
                             f"rows for every year asked for ({self.coverage})")
        from inventory.gases import with_co2eq

        sub = with_co2eq(sub, gwp_set)   # the run's CO2 eq, unless another set is asked for
        return YearData(int(year), _compact(sub.reset_index(drop=True)), gwp_set,
                        prepared=self)


def prepare(emissions: pd.DataFrame, *, region: str | None = None,
            gwp_set: str | None = None) -> Prepared:
    """Add the columns the CRT sheets need to the run's emissions table.

    The table normally comes from the run's combine step (:mod:`inventory.combine`), which gave
    every row its CRT code, memo status, memo item, fuel group and CO2 equivalent; a table
    without them (an archived submission of an earlier version) is combined here first with
    ``gwp_set``. Added here: ``key`` (notation key as text or None), ``memo_eff``, ``crt``
    (non-memo rows and the memo rows of a 1.A category) and ``ad_tj`` (activity in TJ where the
    activity unit is an energy unit)."""
    from inventory.combine import ADDED_COLUMNS, combine_emissions
    ensure_valid(emissions, "emissions")
    if any(c not in emissions for c in ADDED_COLUMNS):
        gwp = gwp_set or (str(emissions["gwp_set"].iloc[0]) if "gwp_set" in emissions
                          and len(emissions) else "AR5GWP100")
        emissions = combine_emissions([emissions.drop(columns=[c for c in ADDED_COLUMNS
                                                               if c in emissions])], gwp)
    df = emissions.copy()
    if region is not None:
        df = df[df["region"].astype(str) == str(region)]
        if df.empty:
            raise InputError(f"no emission rows for region '{region}'",
                             "emissions table, column 'region'", "a region of the table")
        coverage = f"region {region}"
    else:
        n = df["region"].nunique()
        coverage = ("national total" if n == 1
                    else f"national total = sum of {n} regions")
    regions = tuple(sorted(df["region"].astype(str).unique()))
    df = df.reset_index(drop=True)
    df["year"] = df["year"].astype(int)
    df["category"] = df["category"].astype(str)
    df["gas"] = df["gas"].astype(str)
    df["key"] = df["notation_key"].astype(object).where(df["notation_key"].notna(), None)
    df["value"] = df["value"].astype(float)
    df["memo_eff"] = df["memo"].astype(bool).to_numpy() | is_memo_only(df["category"])
    memo = df["memo_eff"].to_numpy()
    in_1a = df["category"].str.startswith("1.A.").to_numpy()
    df["crt"] = df["crt_category"].where(~memo | in_1a, None)
    memo_1a = memo & in_1a
    if memo_1a.any():   # a 1.A memo row (biomass CO2, bunkers) keeps its category's node
        df.loc[memo_1a, "crt"] = df.loc[memo_1a, "category"].map(crosswalk()).to_numpy()
    df["ad_tj"] = _activity_tj(df)
    _ensure_consistent_activity(df)
    return Prepared(_compact(df), coverage, regions)


def _compact(df: pd.DataFrame) -> pd.DataFrame:
    """The same rows with text as plain object columns in one consolidated block per dtype:
    the sheets filter these rows a few thousand times per workbook, and a boolean filter
    then costs one numpy take per dtype instead of one (Arrow) take per column."""
    cols = {}
    for c in df.columns:
        col = df[c]
        if isinstance(col.dtype, pd.StringDtype):
            col = col.astype(object).where(col.notna(), None)
        if col.dtype == object:
            col = pd.Series(col.to_numpy(dtype=object), index=df.index, dtype=object)
        cols[c] = col
    out = pd.DataFrame(cols, index=df.index, columns=df.columns)
    return out.copy()   # consolidates the blocks


def _activity_tj(df: pd.DataFrame) -> np.ndarray:
    out = np.full(len(df), np.nan)
    if "activity_value" not in df or "activity_unit" not in df:
        return out
    av = df["activity_value"].astype(float)
    has = av.notna() & df["activity_unit"].notna()
    for unit in pd.unique(df.loc[has, "activity_unit"].astype(str)):
        sel = (has & (df["activity_unit"].astype(str) == unit)).to_numpy()
        try:
            factor = conversion_factor(unit, "TJ")
        except ValueError as exc:
            if "unknown unit" in str(exc):
                raise InputError(f"unknown activity unit '{unit}' at {describe_rows(df, sel)}",
                                 "emissions table, column 'activity_unit'",
                                 "a unit pint understands (TJ, GJ, kt ...)") from exc
            continue  # not an energy unit: no TJ activity for the CRT
        except Exception:  # pint DimensionalityError: not an energy unit
            continue
        out[sel] = av[sel].to_numpy() * factor
    return out


def _ensure_consistent_activity(df: pd.DataFrame) -> None:
    """All gas rows of one fuel in one category share one activity (the Table1.A(a) AD)."""
    fc = df[df["crt"].notna() & df["fuel_group"].notna() & df["ad_tj"].notna()]
    if fc.empty:
        return
    g = fc.groupby(["region", "year", "category", "activity"])["ad_tj"]
    lo, hi = g.transform("min"), g.transform("max")
    bad = (hi - lo).abs() > 1e-9 * np.maximum(1.0, hi.abs())
    if bad.any():
        raise InputError(f"rows of one fuel and category disagree on the activity at "
                         f"{describe_rows(fc, bad.to_numpy())}",
                         "emissions table, column 'activity_value'",
                         "the same fuel use [TJ] on every gas row of a fuel")


@dataclass
class YearData:
    """One inventory year's rows with cached aggregates for the sheet writers."""

    year: int
    rows: pd.DataFrame
    gwp_set: str
    # all years' rows and the analysis tables (trend, key category, recalculation sheets)
    prepared: Prepared | None = None

    # ---- per-workbook memo ----------------------------------------------------------------
    def cached(self, name: str, build):
        """``build(self)`` once per workbook: the row subsets and aggregates several sheets (or
        several cells) of a sector share, e.g. ``data.cached("waste.rows", _waste_rows)``.
        Callers must not modify the result in place (pandas copy-on-write protects frames
        derived from it)."""
        memo = vars(self).setdefault("_memo", {})
        if name not in memo:
            memo[name] = build(self)
        return memo[name]

    # ---- background tables ---------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """The year's rows of a declared background table (all regions of the workbook,
        or the one region reported); an empty frame with its columns when the run has none."""
        from inventory.products import background_tables

        p = self.prepared
        df = p.tables.get(name) if p is not None else None
        if df is None:
            spec = background_tables().get(name)
            if spec is None:
                raise KeyError(f"no background table '{name}'")
            return pd.DataFrame(columns=spec.column_names)
        out = df[df["year"].astype(int) == self.year]
        if p is not None and len(p.regions):
            out = out[out["region"].astype(str).isin(p.regions)]
        return out.reset_index(drop=True)

    # ---- row subsets -------------------------------------------------------------------
    @cached_property
    def inventory_rows(self) -> pd.DataFrame:
        """Rows counted in the national totals (memo rows excluded)."""
        return self.rows[~self.rows["memo_eff"]]

    @cached_property
    def memo_rows(self) -> pd.DataFrame:
        """Memo rows assigned to a CRT memo item."""
        return self.rows[self.rows["memo_eff"] & self.rows["memo_item"].notna()]

    # ---- all years at once ---------------------------------------------------------------
    def _all_years(self, name: str, build) -> dict | None:
        """This year's part of ``build(rows of every year)`` -> {year: lookup}, built once per
        run (and GWP set) on the prepared rows; None for a YearData made without them.

        Every lookup below groups by the year as one more key: the sums run over the same
        rows in the same order as a group-by of this year's rows alone (the roll-ups sum in
        row order within a group), so the numbers are the same to the last bit."""
        p = self.prepared
        if p is None:
            return None
        gwp = self.gwp_set

        def run(prep: Prepared) -> dict:
            from inventory.gases import with_co2eq

            return build(with_co2eq(prep.rows, gwp))

        return p.cached(f"{name}@{gwp}", run).get(self.year, {})

    # ---- per gas over the CRT tree -------------------------------------------------------
    @cached_property
    def by_crt_gas(self) -> dict[tuple, tuple[float, str | None]]:
        """(crt code, gas) -> (kt of gas, key) over the CRT tree, every ancestor included."""
        found = self._all_years("by_crt_gas", _by_crt_gas)
        if found is not None:
            return found
        return _by_crt_gas(self.rows.assign(year=self.year)).get(self.year, {})

    @cached_property
    def memo_by_gas(self) -> dict[tuple, tuple[float, str | None]]:
        """(memo item, gas) -> (kt of gas, key); parents (1.D.1) roll up their children."""
        found = self._all_years("memo_by_gas", _memo_by_gas)
        if found is not None:
            return found
        return _memo_by_gas(self.rows.assign(year=self.year)).get(self.year, {})

    # ---- Summary1 ------------------------------------------------------------------------
    @cached_property
    def summary_by_crt(self) -> dict[tuple, tuple[float, str | None]]:
        """(crt code, Summary1 column) -> (value as reported, key); column 'Total' in CO2 eq."""
        found = self._all_years("summary_by_crt", _summary_by_crt)
        if found is not None:
            return found
        return _summary_by_crt(self.rows.assign(year=self.year)).get(self.year, {})

    @cached_property
    def summary_memo(self) -> dict[tuple, tuple[float, str | None]]:
        """(memo item, Summary1 column) -> (value, key); 'Total' in kt CO2 eq over the CO2,
        CH4 and N2O of the item."""
        found = self._all_years("summary_memo", _summary_memo)
        if found is not None:
            return found
        return _summary_memo(self.rows.assign(year=self.year)).get(self.year, {})

    # ---- Table1.A(a): fuel combustion by fuel group -----------------------------------------
    @cached_property
    def fuel_rows(self) -> pd.DataFrame:
        """1.A rows of the sheets: non-memo rows and the memo CO2 of biomass fuels."""
        return _fuel_rows(self.rows)

    @cached_property
    def fuel_activity(self) -> pd.DataFrame:
        """One row per region/category/fuel: ``value`` = fuel use [TJ] and ``key``.

        Key: C when any gas row of the fuel is confidential (the number still adds up);
        NE when emissions are estimated but no activity in energy units is given; else the
        rows' own key (NO, IE ...) by the precedence of :mod:`inventory.notation`.
        """
        found = self._fuel()
        if "activity" in found:
            return found["activity"]
        cols = ["region", "category", "crt", "activity", "fuel_group", "value", "key"]
        return pd.DataFrame(columns=cols)

    def _fuel(self) -> dict:
        found = self._all_years("fuel", _fuel_all)
        if found is None:
            found = self.cached("fuel", lambda d: _fuel_all(d.rows.assign(year=d.year))
                                .get(d.year, {}))
        return found

    @cached_property
    def fuel_tables(self) -> FuelTables:
        return self._fuel().get("tables") or FuelTables({}, {}, {}, {}, {}, {})


def _fuel_rows(r: pd.DataFrame) -> pd.DataFrame:
    in_fc = (r["crt"].astype(str).str.startswith("1.A") & r["fuel_group"].notna())
    keep = in_fc & (~r["memo_eff"] | (r["memo_item"] == "1.D.3"))
    return r[keep]


def _fuel_activity(fr: pd.DataFrame) -> pd.DataFrame:
    """:attr:`YearData.fuel_activity` of the fuel rows of any years (``year`` a group key):
    the flags per group are group maxima of row flags, the row key the highest-precedence key
    present, as group maxima too (no Python call per group)."""
    keys = fr["key"].astype(object).to_numpy()
    flags = {"_num": fr["value"].notna().to_numpy(), "_c": keys == "C",
             **{f"_k{i}": keys == k for i, k in enumerate(KEY_PRECEDENCE)}}
    g = fr.assign(**flags).groupby(["year", "region", "category", "activity"], sort=False,
                                   dropna=False)
    out = g.agg(crt=("crt", "first"), fuel_group=("fuel_group", "first"),
                value=("ad_tj", "max"), any_num=("_num", "max"), any_c=("_c", "max"),
                **{f"_k{i}": (f"_k{i}", "max") for i in range(len(KEY_PRECEDENCE))}
                ).reset_index()
    rowkey = np.full(len(out), None, dtype=object)
    for i, k in reversed(list(enumerate(KEY_PRECEDENCE))):   # the first listed wins
        rowkey = np.where(out[f"_k{i}"].to_numpy(dtype=bool), k, rowkey)
    out = out.drop(columns=[f"_k{i}" for i in range(len(KEY_PRECEDENCE))])
    out["any_num"] = out["any_num"].astype(bool)
    out["any_c"] = out["any_c"].astype(bool)
    out["rowkey"] = rowkey
    key = np.where(out["value"].notna(), np.where(out["any_c"], "C", None),
                   np.where(out["any_num"], "NE", out["rowkey"]))
    out["key"] = pd.Series(key, dtype=object).where(pd.notna(key), None)
    return out


def _fuel_all(rows: pd.DataFrame) -> dict[int, dict]:
    """year -> {"activity": fuel activity frame, "tables": FuelTables} for every year with
    fuel rows, in one group-by per lookup with the year as a key."""
    fr = _fuel_rows(rows)
    if fr.empty:
        return {}
    act = _fuel_activity(fr)
    out: dict[int, dict] = {}
    for y, part in act.groupby("year", sort=False):
        out[int(y)] = {"activity": part.drop(columns="year").reset_index(drop=True)}
    for y, tables in FuelTables.build_years(fr, act).items():
        out.setdefault(y, {})["tables"] = tables
    return out


def _memo_rollup(rows: pd.DataFrame, by: str, value: str,
                 keys: tuple[str, ...] = ()) -> pd.DataFrame:
    """Roll memo rows up to (``keys``, memo item, ``by``); a parent item (1.D.1) also gets its
    children's rows."""
    parts = [rows]
    for item in MEMO_ITEMS:
        if item.children:
            parts.append(rows[rows["memo_item"].isin(item.children)].assign(memo_item=item.code))
    return rollup(pd.concat(parts, ignore_index=True), [*keys, "memo_item", by], value=value,
                  key="key")


def _by_year(found: dict[tuple, tuple]) -> dict[int, dict[tuple, tuple]]:
    """{(year, *key): value} -> {year: {key: value}}."""
    out: dict[int, dict[tuple, tuple]] = {}
    for (year, *key), v in found.items():
        out.setdefault(int(year), {})[tuple(key)] = v
    return out


def _inventory(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows counted in the national totals (memo rows excluded), as CRT roll-up input."""
    inv = rows[~rows["memo_eff"]]
    return inv.assign(memo=False, notation_key=inv["key"])


def _memo(rows: pd.DataFrame) -> pd.DataFrame:
    """Memo rows assigned to a CRT memo item."""
    return rows[rows["memo_eff"] & rows["memo_item"].notna()]


def _with_summary_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """Adds ``column`` (Summary1 column), ``col_value`` (kt of gas for the
    :data:`SUMMARY_MASS_COLUMNS`, kt CO2 eq for the others) and ``co2eq`` (kt CO2 eq) to the
    rows of Summary1 gases."""
    col = rows["gas"].map(summary_column)
    rows = rows[col.notna()].assign(column=col[col.notna()])
    co2eq = rows["value_co2eq"].to_numpy(dtype=float)
    in_mass = rows["column"].isin(SUMMARY_MASS_COLUMNS).to_numpy()
    return rows.assign(co2eq=co2eq,
                       col_value=np.where(in_mass, rows["value"].to_numpy(dtype=float), co2eq))


def _by_crt_gas(rows: pd.DataFrame) -> dict[int, dict]:
    agg = aggregate_crt(_inventory(rows), by=("year", "gas"))
    return _by_year(lookup(agg, ["year", "crt", "gas"]))


def _memo_by_gas(rows: pd.DataFrame) -> dict[int, dict]:
    return _by_year(lookup(_memo_rollup(_memo(rows), "gas", "value", ("year",)),
                           ["year", "memo_item", "gas"], value="value", key="key"))


def _summary_by_crt(rows: pd.DataFrame) -> dict[int, dict]:
    rows = _with_summary_columns(_inventory(rows))
    per_col = aggregate_crt(rows, by=("year", "column"), value="col_value")
    total = aggregate_crt(rows.assign(column="Total"), by=("year", "column"), value="co2eq")
    out = lookup(per_col, ["year", "crt", "column"], value="col_value")
    out.update(lookup(total, ["year", "crt", "column"], value="co2eq"))
    return _by_year(out)


def _summary_memo(rows: pd.DataFrame) -> dict[int, dict]:
    rows = _with_summary_columns(_memo(rows))
    rows = rows[rows["column"].isin(["CO2", "CH4", "N2O"])]
    ok = [g in memo_item(m).gases for g, m in zip(rows["gas"], rows["memo_item"], strict=True)]
    rows = rows[np.asarray(ok, dtype=bool)]
    out = lookup(_memo_rollup(rows, "column", "col_value", ("year",)),
                 ["year", "memo_item", "column"], value="col_value", key="key")
    total = _memo_rollup(rows.assign(column="Total"), "column", "co2eq", ("year",))
    out.update(lookup(total, ["year", "memo_item", "column"], value="co2eq", key="key"))
    return _by_year(out)


@dataclass
class FuelTables:
    """Lookups for Table1.A(a): per CRT node (every ancestor) and fuel group / total."""

    ad_group: dict[tuple, tuple[float, str | None]]
    ad_total: dict[tuple, tuple[float, str | None]]
    em_group: dict[tuple, tuple[float, str | None]]
    em_total: dict[tuple, tuple[float, str | None]]
    ief_group: dict[tuple, tuple[float, float]]
    ief_total: dict[tuple, tuple[float, float]]

    @classmethod
    def build_years(cls, rows: pd.DataFrame, activity: pd.DataFrame) -> dict[int, FuelTables]:
        """year -> the lookups of that year's fuel rows and activity (both with ``year``)."""
        act = with_ancestors(activity)
        ex = with_ancestors(rows)
        tot = ex[~ex["memo_eff"]]
        # IEF = sum of emissions / sum of activity over the same rows (both numeric).
        matched = ex[ex["value"].notna() & ex["ad_tj"].notna()]
        parts = [
            lookup(rollup(act, ["year", "node", "fuel_group"], key="key"),
                   ["year", "node", "fuel_group"]),
            lookup(rollup(act, ["year", "node"], key="key"), ["year", "node"]),
            lookup(rollup(ex, ["year", "node", "fuel_group", "gas"], key="key"),
                   ["year", "node", "fuel_group", "gas"]),
            lookup(rollup(tot, ["year", "node", "gas"], key="key"), ["year", "node", "gas"]),
            _sums(matched, ["year", "node", "fuel_group", "gas"]),
            _sums(matched[~matched["memo_eff"]], ["year", "node", "gas"]),
        ]
        split = [_by_year(p) for p in parts]
        years = sorted(set().union(*split))
        return {y: cls(*(part.get(y, {}) for part in split)) for y in years}


def _sums(df: pd.DataFrame, by: list[str]) -> dict[tuple, tuple[float, float]]:
    if df.empty:
        return {}
    s = df.groupby(by, sort=False)[["value", "ad_tj"]].sum()
    return {(k if isinstance(k, tuple) else (k,)): (float(v), float(a))
            for k, v, a in zip(s.index, s["value"], s["ad_tj"], strict=True)}
