"""UNFCCC notation keys as typed values, and the rules for rolling them up the category tree.

Keys (UNFCCC decision 18/CMA.1 annex, para. 31): NO not occurring, NE not estimated,
NA not applicable, IE included elsewhere, C confidential.

Roll-up rules for a parent from its children (one gas, one region, one year):

1. Any child carries a number -> the parent is the sum of the numbers (IE, NO, NA children add
   nothing). If any child is NE, the parent keeps the number and is flagged ``incomplete``.
2. A child marked C with a number contributes it to the sum; if every numeric child is C the
   parent is reported as C (the sum would disclose it), otherwise the number shows.
3. No child carries a number -> the parent takes the single key if all children agree, else the
   first present in the precedence NE > C > IE > NO > NA (a gap outranks "does not occur").
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd

__all__ = [
    "NotationKey",
    "NOTATION_DTYPE",
    "KEY_PRECEDENCE",
    "parse_notation_key",
    "rollup",
]


class NotationKey(StrEnum):
    NO = "NO"
    NE = "NE"
    NA = "NA"
    IE = "IE"
    C = "C"


NOTATION_DTYPE = pd.CategoricalDtype([k.value for k in NotationKey])
KEY_PRECEDENCE = ("NE", "C", "IE", "NO", "NA")


def parse_notation_key(text: object) -> NotationKey | None:
    """Return the key a cell holds (case-insensitive, 'NA' and 'N/A' alike) or None."""
    if not isinstance(text, str):
        return None
    t = text.strip().upper().replace("N/A", "NA")
    return NotationKey(t) if t in NotationKey.__members__ else None


def rollup(df: pd.DataFrame, by: list[str], value: str = "value",
           key: str = "notation_key", incomplete: str | None = None) -> pd.DataFrame:
    """Aggregate rows to ``by`` groups with the notation-key rules above (vectorised).

    ``incomplete``: a column of already-aggregated rows flagging an NE below them; with it,
    rolling up partial roll-ups gives the same result as rolling up the leaves at once.
    Returns columns ``by + [value, key, "incomplete"]``.
    """
    if df.empty:
        return pd.DataFrame(columns=[*by, value, key, "incomplete"])
    k = df[key].astype("object")
    v = df[value].astype("float64")
    work = pd.DataFrame({
        "_v": v,
        "_has": v.notna(),
        "_c_num": v.notna() & (k == "C"),
        "_open_num": v.notna() & (k != "C"),
        **{f"_{name}": (k == name) & v.isna() for name in KEY_PRECEDENCE},
        "_ne": (k == "NE") | (df[incomplete].fillna(False).astype(bool) if incomplete
                              else False),
    })
    for col in by:
        work[col] = df[col].to_numpy()
    g = work.groupby(by, sort=True, observed=True, dropna=False)
    agg = g.agg(
        _sum=("_v", "sum"), _has=("_has", "any"), _c_num=("_c_num", "any"),
        _open_num=("_open_num", "any"), _ne=("_ne", "any"),
        **{f"_{n}": (f"_{n}", "any") for n in KEY_PRECEDENCE},
    ).reset_index()
    out_key = np.full(len(agg), None, dtype=object)
    # rule 3: no numbers -> precedence (checked lowest first so the highest wins)
    for name in reversed(KEY_PRECEDENCE):
        out_key = np.where(agg[f"_{name}"].to_numpy() & ~agg["_has"].to_numpy(), name, out_key)
    # rule 2: only confidential numbers -> C
    only_c = agg["_c_num"].to_numpy() & ~agg["_open_num"].to_numpy()
    out_key = np.where(only_c, "C", out_key)
    result = agg[by].copy()
    result[value] = np.where(agg["_has"], agg["_sum"], np.nan)
    result[key] = pd.Categorical(out_key, dtype=NOTATION_DTYPE)
    result["incomplete"] = agg["_has"].to_numpy() & agg["_ne"].to_numpy()
    return result
