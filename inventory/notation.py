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
    "rollup_one",
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
    k = df[key].astype("object").to_numpy()
    v = df[value].to_numpy(dtype="float64")
    has = ~np.isnan(v)
    ne_below = (df[incomplete].fillna(False).to_numpy(dtype=bool) if incomplete
                else np.zeros(len(df), dtype=bool))
    # one integer matrix of flags, reduced with a single groupby max (fast on many groups)
    flags = {"_has": has, "_c_num": has & (k == "C"), "_open_num": has & (k != "C"),
             "_ne": (k == "NE") | ne_below,
             **{f"_{name}": (k == name) & ~has for name in KEY_PRECEDENCE}}
    g = df[by].groupby(by, sort=True, dropna=False, observed=True)
    codes = g.ngroup().to_numpy()
    idx = g.size().reset_index()[by]
    n = len(idx)
    total = np.bincount(codes, weights=np.where(has, v, 0.0), minlength=n)
    agg = pd.DataFrame({name: np.bincount(codes, weights=f, minlength=n) > 0
                        for name, f in flags.items()})
    agg["_sum"] = total
    agg = pd.concat([idx, agg], axis=1)
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


def rollup_one(values, keys) -> tuple[float, str | None, bool]:
    """All rows as one group: (sum, key or None, incomplete) with the rules above.

    The same result as :func:`rollup` over one group (the sum is taken in row order, as
    ``rollup``'s ``bincount`` does, so the two agree to the last bit) without building a
    frame: the CRT sheets call it once per cell.
    """
    v = np.asarray(values, dtype="float64")
    k = np.asarray(keys, dtype=object)
    if not len(v):
        return float("nan"), None, False
    has = ~np.isnan(v)
    if has.any():
        total = float(np.bincount(np.zeros(len(v), dtype=np.intp),
                                  weights=np.where(has, v, 0.0), minlength=1)[0])
        is_c = k == "C"
        only_c = bool((has & is_c).any() and not (has & ~is_c).any())
        return total, ("C" if only_c else None), bool((k == "NE").any())
    present = set(k[[isinstance(x, str) for x in k]])
    for name in KEY_PRECEDENCE:
        if name in present:
            return float("nan"), name, False
    return float("nan"), None, False
