"""Recalculations: the current run against an archived submission (CRT Table8s1/Table8s2).

Two comparisons:

* :func:`compare_trends`: per CRT category (the Summary1 rows and memo items), gas group and
  year, previous and latest estimate [kt CO2-eq], difference, difference in % of the previous
  estimate (the Table8 layout), notation-key changes, and a ``reason`` the compiler fills.
* :func:`compare_series`: per IPCC category, activity, gas and year (national), the same for
  every emission series, including new and dropped series.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["change_type", "difference_pct", "compare_trends", "compare_series",
           "CHANGE_TYPES"]

CHANGE_TYPES = ("recalculated", "notation key changed", "new", "dropped", "unchanged")
_TOL = 1e-9


def difference_pct(previous: np.ndarray, latest: np.ndarray) -> np.ndarray:
    """Difference of the latest against the previous estimate in % of the previous one
    (CRT Table8: (latest - previous) / |previous| x 100); NaN where previous is 0 or absent."""
    p = np.asarray(previous, dtype=float)
    t = np.asarray(latest, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(p) & (p != 0), (t - p) / np.abs(p) * 100.0, np.nan)


def change_type(prev_present, prev_value, prev_key, cur_present, cur_value, cur_key
                ) -> np.ndarray:
    """Classify each pair: new / dropped series, notation key changed, recalculated,
    unchanged (numbers equal within 1e-9 relative)."""
    pv = np.asarray(prev_value, dtype=float)
    cv = np.asarray(cur_value, dtype=float)
    pk = pd.Series(prev_key, dtype=object).fillna("").to_numpy()
    ck = pd.Series(cur_key, dtype=object).fillna("").to_numpy()
    pp = np.asarray(prev_present, dtype=bool)
    cp = np.asarray(cur_present, dtype=bool)
    both_num = np.isfinite(pv) & np.isfinite(cv)
    diff = np.abs(np.nan_to_num(cv) - np.nan_to_num(pv)) > _TOL * np.maximum(
        1.0, np.abs(np.nan_to_num(pv)))
    out = np.full(len(pv), "unchanged", dtype=object)
    key_changed = (pk != ck) | (np.isfinite(pv) != np.isfinite(cv))
    out[key_changed] = "notation key changed"
    out[both_num & diff & ~(pk != ck)] = "recalculated"
    out[~pp & cp] = "new"
    out[pp & ~cp] = "dropped"
    return out


def _merge(prev: pd.DataFrame, cur: pd.DataFrame, keys: list[str], value: str, key: str
           ) -> pd.DataFrame:
    p = prev[keys + [value, key]].rename(columns={value: "previous", key: "previous_key"})
    c = cur[keys + [value, key]].rename(columns={value: "latest", key: "latest_key"})
    m = p.assign(_p=True).merge(c.assign(_c=True), on=keys, how="outer")
    m["_p"] = m["_p"].fillna(False).astype(bool)
    m["_c"] = m["_c"].fillna(False).astype(bool)
    for k in ("previous_key", "latest_key"):
        m[k] = m[k].astype(object).where(m[k].notna(), None)
    m["difference"] = m["latest"] - m["previous"]
    m["difference_pct"] = difference_pct(m["previous"], m["latest"])
    m["change"] = change_type(m["_p"], m["previous"], m["previous_key"], m["_c"],
                              m["latest"], m["latest_key"])
    return m.drop(columns=["_p", "_c"])


def compare_trends(previous: pd.DataFrame, current: pd.DataFrame,
                   reasons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Table8 rows from two :func:`inventory.analysis.trends.trend_table` outputs.

    ``reasons``: columns ``node``, ``gas_group``, ``reason`` (stored by the compiler)."""
    keys = ["node", "memo", "gas_group", "year"]
    out = _merge(previous, current, keys, "value_co2eq", "key")
    out["reason"] = ""
    if reasons is not None and len(reasons):
        r = reasons.drop_duplicates(["node", "gas_group"], keep="last").set_index(
            ["node", "gas_group"])["reason"]
        idx = pd.MultiIndex.from_frame(out[["node", "gas_group"]])
        out["reason"] = r.reindex(idx).fillna("").to_numpy()
    return out.sort_values(keys).reset_index(drop=True)


def _national_series(em: pd.DataFrame) -> pd.DataFrame:
    from inventory.notation import rollup

    e = em.assign(notation_key=em["notation_key"].astype(object),
                  memo=em["memo"].astype(bool))
    return rollup(e, ["category", "activity", "gas", "memo", "year"]).rename(
        columns={"notation_key": "key"})


def compare_series(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Per national emission series (IPCC category, activity, gas, memo) and year [kt gas]."""
    keys = ["category", "activity", "gas", "memo", "year"]
    return _merge(_national_series(previous), _national_series(current), keys, "value",
                  "key").sort_values(keys).reset_index(drop=True)
