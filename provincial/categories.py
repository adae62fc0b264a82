"""The categories of the provincial guideline's report tables and their crosswalk to IPCC 2006
and the CRT (``data/crosswalk.csv``, cited in its header).

:func:`provincial_item` assigns each emission row (IPCC 2006 code) the most specific report item
whose IPCC prefixes cover it; :func:`by_item` sums emissions over the items (leaves and their
parents), so the provincial totals are the inventory's totals by construction (tested).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.categories import covers

__all__ = ["crosswalk", "leaves", "provincial_item", "by_item", "ancestors"]

DATA = Path(__file__).resolve().parent / "data"


@cache
def crosswalk() -> pd.DataFrame:
    """The crosswalk table: code, parent, zh, en, ipcc2006 (tuple of prefixes), crt (tuple)."""
    df = pd.read_csv(DATA / "crosswalk.csv", comment="#", dtype=str, keep_default_na=False)
    df["ipcc"] = df["ipcc2006"].map(lambda s: tuple(p.strip() for p in s.split("+") if p))
    df["crt_codes"] = df["crt"].map(lambda s: tuple(p.strip() for p in s.split("+") if p))
    df["level"] = df["code"].str.count(r"\.") + (df["parent"] != "").astype(int)
    return df.set_index("code", drop=False)


@cache
def leaves() -> pd.DataFrame:
    cw = crosswalk()
    return cw[~cw["code"].isin(cw["parent"])]


def ancestors(code: str) -> list[str]:
    cw = crosswalk()
    out = []
    while code:
        out.append(code)
        code = cw.loc[code, "parent"]
    return out


def _item_of(ipcc: str) -> str | None:
    best, depth = None, -1
    for code, prefixes in leaves()["ipcc"].items():
        for p in prefixes:
            if covers(p, ipcc) and p.count(".") > depth:
                best, depth = code, p.count(".")
    return best


def _lulucf_item_of(crt: str) -> str | None:
    for code, listed in leaves()["crt_codes"].items():
        if code.startswith("L") and any(covers(t, crt) for t in listed):
            return code
    return None


def provincial_item(codes: pd.Series, crt: pd.Series | None = None) -> pd.Series:
    """The report item (leaf) of each IPCC 2006 code; None where no item covers it.

    ``crt``: the rows' CRT codes (``crt_category``). A row of a shared IPCC code (3.C.1, 3.C.4,
    3.C.5) that the crosswalk reports in CRT sector 4 (fires on land, N2O of land) goes to the
    LULUCF leaf whose CRT rows cover it, not to the agriculture item of its IPCC code."""
    codes = pd.Series(codes).astype(str)
    m = {c: _item_of(c) for c in pd.unique(codes)}
    out = codes.map(m)
    if crt is None:
        return out
    crt = pd.Series(crt).astype(str).to_numpy()
    land = pd.Series(crt).str.match(r"4(\.|$)").to_numpy() & ~out.fillna("").str.startswith(
        "L").to_numpy()
    if land.any():
        lm = {c: _lulucf_item_of(c) for c in pd.unique(crt[land])}
        out[land] = [lm[c] or i for c, i in zip(crt[land], out[land], strict=True)]
    return out


def by_item(emissions: pd.DataFrame, value: str = "value_co2eq",
            by: tuple[str, ...] = ("gas",)) -> pd.DataFrame:
    """Sum of ``value`` per report item (every level) and ``by`` columns, memo rows excluded."""
    e = emissions[~emissions["memo"].astype(bool) & emissions[value].notna()]
    e = e.assign(item=provincial_item(e["category"], e.get("crt_category")).to_numpy())
    if e["item"].isna().any():
        bad = sorted(e.loc[e["item"].isna(), "category"].unique())
        raise ValueError(f"IPCC categories without a provincial report item: {bad}")
    g = e.groupby(["item", *by], sort=False)[value].sum().reset_index()
    rows = []
    for item, sub in g.groupby("item"):
        for a in ancestors(item):
            rows.append(sub.assign(item=a))
    out = pd.concat(rows, ignore_index=True).groupby(["item", *by], sort=False)[value] \
        .sum().reset_index()
    order = {c: i for i, c in enumerate(crosswalk()["code"])}
    return out.sort_values("item", key=lambda s: s.map(order).fillna(np.inf)).reset_index(drop=True)
