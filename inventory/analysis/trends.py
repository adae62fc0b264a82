"""Emission trends over all inventory years (CRT Table10s1-s6, Summary2).

One long table: CRT node (the rows of Summary1 and the memo items) x gas group x year, with
the value in kt of gas (CO2, CH4, N2O) and in kt CO2-eq, rolled up with the notation-key rules
of :mod:`inventory.notation` from the same prepared rows the CRT sheets use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["trend_table", "emissions_trends", "GAS_GROUPS", "MASS_GROUPS", "change_pct"]

GAS_GROUPS = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "mix", "SF6", "NF3", "Total")
MASS_GROUPS = ("CO2", "CH4", "N2O")


def change_pct(base: np.ndarray, latest: np.ndarray) -> np.ndarray:
    """Change from the base year to the latest year [%]: (latest - base) / |base| x 100;
    NaN where the base is 0 or missing (CRT Table10 'Change from base to latest reported
    year')."""
    b = np.asarray(base, dtype=float)
    t = np.asarray(latest, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(b) & (b != 0), (t - b) / np.abs(b) * 100.0, np.nan)


def trend_table(prepared, gwp_set: str) -> pd.DataFrame:
    """Columns ``node`` (CRT code or memo item), ``memo``, ``gas_group``, ``year``,
    ``value_kt`` (kt of gas for CO2/CH4/N2O, else NaN), ``value_co2eq`` [kt CO2-eq], ``key``
    and ``incomplete``, for every year of ``prepared`` (:func:`inventory.crt.data.prepare`)."""
    from inventory.categories import aggregate_crt
    from inventory.crt.data import _memo_rollup, summary_column
    from inventory.notation import rollup

    rows = prepared.rows
    col = rows["gas"].map(summary_column)
    rows = rows[col.notna()].assign(gas_group=col[col.notna()])
    rows = rows.assign(co2eq=rows["value_co2eq"].to_numpy(dtype=float),
                       notation_key=rows["key"])
    inv = rows[~rows["memo_eff"]].assign(memo=False)
    parts = []
    eq = aggregate_crt(inv, by=("year", "gas_group"), value="co2eq").rename(
        columns={"crt": "node", "co2eq": "value_co2eq", "notation_key": "key"})
    mass = aggregate_crt(inv[inv["gas_group"].isin(MASS_GROUPS)], by=("year", "gas_group"),
                         value="value").rename(columns={"crt": "node", "value": "value_kt"})
    eq = eq.merge(mass[["node", "year", "gas_group", "value_kt"]], how="left",
                  on=["node", "year", "gas_group"])
    tot = aggregate_crt(inv.assign(gas_group="Total"), by=("year", "gas_group"),
                        value="co2eq").rename(columns={"crt": "node", "co2eq": "value_co2eq",
                                                       "notation_key": "key"})
    parts += [eq, tot.assign(value_kt=np.nan)]
    memo = rows[rows["memo_eff"] & rows["memo_item"].notna()]
    memo = memo[memo["gas_group"].isin(MASS_GROUPS)]
    if len(memo):
        for value, out in (("co2eq", "value_co2eq"), ("value", "value_kt")):
            r = _memo_rollup(memo.assign(yg=memo["year"].astype(str) + "|" + memo["gas_group"]),
                             "yg", value)
            r[["year", "gas_group"]] = r["yg"].str.split("|", expand=True)
            r["year"] = r["year"].astype(int)
            parts.append(r.rename(columns={"memo_item": "node", value: out}).drop(columns="yg")
                         .assign(memo=True))
        t = _memo_rollup(memo.assign(yg=memo["year"].astype(str)), "yg", "co2eq")
        t = t.rename(columns={"memo_item": "node", "co2eq": "value_co2eq"})
        t["year"] = t.pop("yg").astype(int)
        parts.append(t.assign(gas_group="Total", memo=True, value_kt=np.nan))
    out = pd.concat(parts, ignore_index=True)
    out["memo"] = out["memo"].fillna(False).astype(bool) if "memo" in out else False
    out["key"] = out["key"].astype(object).where(out["key"].notna(), None)
    # memo rollups of kt and CO2-eq come as separate rows: merge them
    out = out.groupby(["node", "memo", "gas_group", "year"], as_index=False, dropna=False).agg(
        value_kt=("value_kt", "max"), value_co2eq=("value_co2eq", "max"),
        key=("key", "first"), incomplete=("incomplete", "max"))
    out["incomplete"] = out["incomplete"].fillna(False).astype(bool)
    _ = rollup  # (imported for the notation-key rules the aggregation follows)
    return out.sort_values(["memo", "node", "gas_group", "year"]).reset_index(drop=True)


def emissions_trends(emissions: pd.DataFrame, gwp_set: str) -> pd.DataFrame:
    """:func:`trend_table` of a national emissions table (all regions summed)."""
    from inventory.crt.data import prepare
    from inventory.gases import with_co2eq

    return trend_table(prepare(with_co2eq(emissions, gwp_set), gwp_set=gwp_set), gwp_set)
