"""The three tidy tables that are the workbench's contract (see docs/data_format.md).

* **activity**: what happened (fuel burnt, animals kept, waste landfilled), per region/year/category.
* **parameters**: emission factors and other method parameters, layered by specificity.
* **emissions**: what the methods computed, one row per region/year/category/activity/gas,
  with the provenance of every number.

``ensure_valid(df, table)`` runs small ``ensure_*`` checks; each raises :class:`InputError`
naming the offending rows (their ``source_ref`` = file/sheet/row when the row came from a file).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.notation import NOTATION_DTYPE, NotationKey

__all__ = [
    "Column",
    "column",
    "ACTIVITY",
    "PARAMETERS",
    "EMISSIONS",
    "LAYERS",
    "TABLES",
    "ensure_valid",
    "ensure_columns",
    "ensure_value_or_key",
    "ensure_non_negative",
    "ensure_unique",
    "empty",
    "concat_emissions",
    "describe_rows",
    "plain_strings",
]


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "str", "int", "float", "bool", "key"
    required: bool
    doc: str


def column(name: str, dtype: str, doc: str, required: bool = False) -> Column:
    """A column described in the order a table reads best (name, type, what it holds); the
    plug-ins' background tables declare theirs with it."""
    return Column(name, dtype, required, doc)


ACTIVITY: tuple[Column, ...] = (
    Column("region", "str", True, "Region code from inventory.yml (national total: the country code)"),
    Column("year", "int", True, "Inventory year"),
    Column("category", "str", True, "IPCC 2006 category code, e.g. '1.A.1.a'"),
    Column("activity", "str", True, "Activity within the category: fuel, animal, product, waste type"),
    Column("value", "float", False, "Activity data; empty when a notation key is given"),
    Column("unit", "str", True, "Unit of value, parsed by pint (TJ, kt, Mm3, head ...)"),
    Column("notation_key", "key", False, "NO, NE, NA, IE or C instead of a number"),
    Column("source", "str", False, "Where the number comes from (statistics office table ...)"),
    Column("note", "str", False, "Free text; IE rows say where the activity is included"),
    Column("activity_id", "str", True, "Stable row id used for provenance"),
    Column("source_ref", "str", False, "file!sheet!row the row was read from"),
)

PARAMETERS: tuple[Column, ...] = (
    Column("parameter", "str", True, "Parameter name: EF, NCV, NCV_volume, oxidation ..."),
    Column("category", "str", True, "IPCC 2006 code it applies to ('*' = any; a parent covers children)"),
    Column("activity", "str", True, "Activity it applies to ('*' = any)"),
    Column("gas", "str", True, "Gas for emission factors; '-' for gas-independent parameters"),
    Column("region", "str", True, "Region it applies to ('*' = any)"),
    Column("year_from", "int", True, "First year it applies to"),
    Column("year_to", "int", True, "Last year it applies to"),
    Column("value", "float", True, "The value"),
    Column("unit", "str", True, "Unit of value, parsed by pint"),
    Column("lower", "float", False, "Lower bound of the 95 % range, same unit as value"),
    Column("upper", "float", False, "Upper bound of the 95 % range, same unit as value"),
    Column("distribution", "str", False, "normal, lognormal, triangular, uniform"),
    Column("source", "str", True, "Citation, e.g. 'IPCC 2006 Vol.2 Ch.1 Table 1.4'"),
    Column("layer", "str", True, "ipcc_default < national < provincial < plant"),
    Column("parameter_id", "str", True, "Stable row id used for provenance"),
    Column("source_ref", "str", False, "file!sheet!row the row was read from"),
)

EMISSIONS: tuple[Column, ...] = (
    Column("region", "str", True, "Region code"),
    Column("year", "int", True, "Inventory year"),
    Column("category", "str", True, "IPCC 2006 category code"),
    Column("activity", "str", True, "Fuel / animal / product the row is for"),
    Column("gas", "str", True, "CO2, CH4, N2O, HFC134a ... (globalwarmingpotentials spelling)"),
    Column("value", "float", False, "Emissions [kt of gas]; empty when notation_key is set"),
    Column("notation_key", "key", False, "NO, NE, NA, IE or C"),
    Column("memo", "bool", True, "Memo item, not in national totals (CO2 from biomass, bunkers)"),
    Column("tier", "int", True, "IPCC tier used"),
    Column("method", "str", True, "Function that computed the row"),
    Column("equation", "str", True, "Guideline reference, e.g. 'IPCC 2006 Vol.2 Ch.2 Eq. 2.1'"),
    Column("activity_value", "float", False, "Activity data as used by the equation"),
    Column("activity_unit", "str", False, "Unit of activity_value (TJ for fuel combustion)"),
    Column("ief", "float", False, "Implied emission factor = value / activity_value"),
    Column("ief_unit", "str", False, "Unit of ief, e.g. 'kg/TJ'"),
    Column("factor_layer", "str", False, "Layer of the emission factor used"),
    Column("factor_source", "str", False, "Citation of the emission factor used"),
    Column("activity_ids", "str", False, "Ids of the activity rows used (';'-joined)"),
    Column("parameter_ids", "str", False, "Ids of the parameter rows used (';'-joined)"),
)

TABLES = {"activity": ACTIVITY, "parameters": PARAMETERS, "emissions": EMISSIONS}
LAYERS = ("ipcc_default", "national", "provincial", "plant")
DISTRIBUTIONS = ("normal", "lognormal", "triangular", "uniform")
_PANDAS_DTYPE = {"str": "object", "int": "int64", "float": "float64", "bool": "bool"}


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    cols = TABLES[table]
    return pd.DataFrame({c.name: pd.Series(dtype=NOTATION_DTYPE if c.dtype == "key"
                                           else _PANDAS_DTYPE[c.dtype]) for c in cols})


def concat_emissions(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate a method's emission frames and give the result the contract's dtypes
    (notation keys categorical, memo bool, tier and year int); no frames -> an empty table."""
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return empty("emissions")
    out = pd.concat(frames, ignore_index=True)
    out["notation_key"] = out["notation_key"].astype(object).astype(NOTATION_DTYPE)
    out["memo"] = out["memo"].astype(bool)
    out["tier"] = out["tier"].astype("int64")
    out["year"] = out["year"].astype("int64")
    return out


def plain_strings(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain ``object`` columns (missing = None), whatever pandas inferred.

    Tables move between stages in memory (``ghgi compile``) or through parquet files
    (notebooks); pandas 3 reads text back as its Arrow string type. One canonical type keeps
    both paths identical to the byte and avoids Arrow's failures on empty string merges."""
    cols = [c for c, t in df.dtypes.items() if isinstance(t, pd.StringDtype)]
    if not cols:
        return df
    out = df.copy(deep=False)   # copy-on-write: only the replaced columns are new
    for c in cols:   # one conversion per column (astype + where cost 2.5x as much)
        out[c] = pd.Series(df[c].to_numpy(dtype=object, na_value=None), index=df.index,
                           dtype=object)
    return out


def describe_rows(df: pd.DataFrame, mask: pd.Series | np.ndarray, limit: int = 5) -> str:
    """Name offending rows by their source_ref (file!sheet!row) when known, else by index."""
    bad = df[np.asarray(mask, dtype=bool)]
    if "source_ref" in bad and bad["source_ref"].notna().all():
        refs = bad["source_ref"].astype(str).tolist()
    else:
        refs = [f"row index {i}" for i in bad.index]
    more = f" and {len(refs) - limit} more" if len(refs) > limit else ""
    return "; ".join(refs[:limit]) + more


def _fail(df, mask, problem, table, column=None, expected=""):
    where = f"{table} table" + (f", column '{column}'" if column else "")
    raise InputError(f"{problem} at {describe_rows(df, mask)}", where, expected)


def ensure_columns(df: pd.DataFrame, table: str) -> None:
    missing = [c.name for c in TABLES[table] if c.required and c.name not in df.columns]
    if missing:
        raise InputError(f"missing columns {missing}", f"{table} table",
                         f"the columns of docs/data_format.md#{table}")


def ensure_no_missing(df: pd.DataFrame, table: str) -> None:
    for c in TABLES[table]:
        if c.required and c.dtype != "bool" and c.name in df and df[c.name].isna().any():
            _fail(df, df[c.name].isna(), "empty required cell", table, c.name, "a value")


def ensure_value_or_key(df: pd.DataFrame, table: str) -> None:
    """Exactly one of value / notation_key, except C which may keep its (confidential) number."""
    has_v = df["value"].notna()
    key = df["notation_key"].astype("object")
    has_k = key.notna()
    bad_key = has_k & ~key.isin([k.value for k in NotationKey])
    if bad_key.any():
        _fail(df, bad_key, "unknown notation key", table, "notation_key", "NO, NE, NA, IE or C")
    neither = ~has_v & ~has_k
    if neither.any():
        _fail(df, neither, "neither a number nor a notation key", table, "value",
              "a number or one of NO, NE, NA, IE, C")
    both = has_v & has_k & (key != "C")
    if both.any():
        _fail(df, both, "both a number and a notation key", table, "value",
              "either a number or a notation key (only C may keep a number)")


def ensure_non_negative(df: pd.DataFrame, table: str, column: str = "value") -> None:
    neg = df[column] < 0
    if neg.any():
        _fail(df, neg, "negative value", table, column, "a value >= 0")


def ensure_unique(df: pd.DataFrame, table: str, keys: list[str]) -> None:
    dup = df.duplicated(keys, keep=False)
    if dup.any():
        _fail(df, dup, f"duplicate rows for the same {'/'.join(keys)}", table, None,
              "one row per key")


def ensure_layers(df: pd.DataFrame, table: str) -> None:
    bad = ~df["layer"].isin(LAYERS)
    if bad.any():
        _fail(df, bad, "unknown layer", table, "layer", " < ".join(LAYERS))
    span = df["year_from"] > df["year_to"]
    if span.any():
        _fail(df, span, "year_from after year_to", table, "year_from", "year_from <= year_to")


def ensure_valid(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Check ``df`` against the contract of ``table``; returns it unchanged when valid."""
    ensure_columns(df, table)
    ensure_no_missing(df, table)
    if table == "activity":
        ensure_value_or_key(df, table)
        ensure_non_negative(df, table)
        ensure_unique(df, table, ["region", "year", "category", "activity"])
    elif table == "parameters":
        ensure_layers(df, table)
        ensure_unique(df, table, ["parameter", "category", "activity", "gas", "region",
                                  "year_from", "layer"])
    elif table == "emissions":
        ensure_value_or_key(df, table)
        ensure_unique(df, table, ["region", "year", "category", "activity", "gas", "memo"])
    return df
