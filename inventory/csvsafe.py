"""CSV outputs that a spreadsheet cannot execute.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel and LibreOffice when the CSV is opened ("CSV injection": a region or a
source named ``=HYPERLINK(...)``). :func:`neutralise` prefixes such text with ``'`` (the
quote Excel itself uses to mark text), as the CRT workbooks write every user text as a string
cell. Numbers are never touched: numeric columns are written as numbers, and text that is a
plain number (``-12.5``, ``+3``) stays as it is, so negative values are not corrupted.

:func:`write_csv` is the one writer of the run's CSV files (atomic, ``\\n`` line ends).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from inventory.atomic import atomic_path

__all__ = ["neutralise", "neutralise_text", "write_csv", "csv_text", "FORMULA_LEADS"]

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise_text(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula;
    a carriage return inside text becomes a line feed (the CSV writer quotes line feeds, not
    lone carriage returns, which would split the row for a reader)."""
    if isinstance(value, str) and value:
        if value[0] in FORMULA_LEADS and not _NUMBER.match(value):
            value = "'" + value
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _risky(v) -> bool:
    return isinstance(v, str) and bool(v) and (v[0] in FORMULA_LEADS or "\r" in v)


def _distinct(vals: pd.Series):
    """The distinct cells of a column (each tested once: a run's tables repeat their texts
    thousands of times); the cells themselves when they cannot be hashed."""
    try:
        return pd.unique(vals.to_numpy(dtype=object))
    except TypeError:
        return vals


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells cannot start a formula (numbers unchanged)."""
    out = None
    for c in df.columns:
        col = df[c]
        if col.dtype.kind in "biufcmM":
            continue
        vals = col.astype(object)
        if not any(_risky(v) for v in _distinct(vals)):
            continue
        if out is None:
            out = df.copy()
        fixed = vals.map(neutralise_text)
        out[c] = fixed.astype(object) if not isinstance(col.dtype, pd.CategoricalDtype) \
            else fixed.astype(object)
    if out is None:
        out = df
    if isinstance(out.columns, pd.Index) and any(
            isinstance(c, str) and c and c[0] in FORMULA_LEADS for c in out.columns):
        out = out.rename(columns=neutralise_text)
    return out


def write_csv(df: pd.DataFrame, path: Path | str) -> None:
    """Write ``df`` as CSV atomically, formula-leading text neutralised."""
    with atomic_path(Path(path)) as tmp:
        neutralise(df).to_csv(tmp, index=False, lineterminator="\n")


def csv_text(df: pd.DataFrame) -> str:
    """The CSV that :func:`write_csv` writes, as text (downloads built in memory)."""
    return neutralise(df).to_csv(index=False, lineterminator="\n")
