"""The level of aggregation of the key category analysis and the uncertainty table (IPCC 2006
Vol.1 Ch.4 Table 4.1), applied to the emissions table.

:func:`assessment_categories` gives every emission row its assessed category: the IPCC code cut
to the depth of ``data/kca_levels.csv`` and, for the gases assessed per fuel type (CO2 of
stationary combustion), the CRT fuel group; e.g. CO2 of coal in 1.A.1.a ->
``1.A.1 solid`` "1.A.1 Energy Industries - Solid fuels", CH4 of coal in 1.A.1.a -> ``1.A.1``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["LEVELS_CSV", "kca_levels", "assessment_categories", "category_title",
           "is_lulucf"]

LEVELS_CSV = Path(__file__).resolve().parent / "data" / "kca_levels.csv"
FUEL_LABELS = {"liquid": "Liquid fuels", "solid": "Solid fuels", "gaseous": "Gaseous fuels",
               "other_fossil": "Other fossil fuels", "peat": "Peat", "biomass": "Biomass"}


@cache
def kca_levels() -> pd.DataFrame:
    df = pd.read_csv(LEVELS_CSV, comment="#", dtype=str, keep_default_na=False)
    df["depth"] = df["depth"].astype(int)
    return df


@cache
def _level_rows() -> tuple[tuple[str, int, str], ...]:
    return tuple(kca_levels()[["prefix", "depth", "by_fuel"]].itertuples(index=False,
                                                                         name=None))


@cache
def _rule(code: str) -> tuple[int, frozenset[str]]:
    best, depth, fuel = -1, 3, frozenset()
    for prefix, d, by_fuel in _level_rows():
        if prefix == "*" or code == prefix or code.startswith(prefix + "."):
            n = 0 if prefix == "*" else prefix.count(".") + 1
            if n > best:
                best, depth = n, d
                fuel = frozenset(g for g in by_fuel.split(";") if g)
    return depth, fuel


@cache
def category_title(code: str) -> str:
    """IPCC 2006 title of a code (climate_categories), '' when unknown."""
    from inventory.categories import ipcc2006_title

    return ipcc2006_title(code)


def is_lulucf(crt_codes: pd.Series) -> np.ndarray:
    """Rows in CRT sector 4 (LULUCF)."""
    from inventory.categories import LULUCF_CRT

    c = crt_codes.astype(str)
    return ((c == LULUCF_CRT) | c.str.startswith(LULUCF_CRT + ".")).to_numpy()


def assessment_categories(emissions: pd.DataFrame,
                          fuel_groups: pd.Series | None = None) -> pd.DataFrame:
    """Columns ``kca_code``, ``fuel_group`` ('' unless assessed per fuel), ``kca_id``
    (code, or 'code fuel_group') and ``kca_label`` for each row (same index).

    An IPCC code whose rows are reported partly in LULUCF (CRT 4) and partly elsewhere (3.C.1
    biomass burning, 3.C.4/3.C.5 soil N2O: agriculture and Table4(I)-(IV)) is assessed as two
    categories: the LULUCF part gets ``kca_id`` '<code> LULUCF' (when the rows carry their
    ``crt_category``), so the assessment without LULUCF never mixes in LULUCF rows."""
    if fuel_groups is None:
        from inventory.crt.data import load_fuel_groups

        fuel_groups = load_fuel_groups()
    lul = (is_lulucf(emissions["crt_category"]) if "crt_category" in emissions
           else np.zeros(len(emissions), dtype=bool))
    keys = pd.DataFrame({"category": emissions["category"].astype(str).to_numpy(),
                         "gas": emissions["gas"].astype(str).to_numpy(),
                         "activity": emissions["activity"].astype(str).to_numpy(),
                         "lul": lul})
    uniq = keys.drop_duplicates().reset_index(drop=True)
    rules = {c: _rule(c) for c in pd.unique(uniq["category"])}
    code = uniq["category"].map(lambda c: ".".join(c.split(".")[:rules[c][0]]))
    split = np.array([g in rules[c][1] for c, g in zip(uniq["category"], uniq["gas"],
                                                         strict=True)], dtype=bool)
    fuel = uniq["activity"].map(fuel_groups).fillna("").where(split, "")
    titles = {c: category_title(c) for c in pd.unique(code)}
    label = (code + " " + code.map(titles)).str.strip()
    label = label.where(fuel == "", label + " - " + fuel.map(FUEL_LABELS).fillna(fuel))
    kca_id = code.where(fuel == "", code + " " + fuel)
    # a shared IPCC code (not a land code 3.B / 3.D) reported in LULUCF: its own category
    shared = uniq["lul"].to_numpy(dtype=bool) & ~code.str.match(r"^3\.(B|D)(\.|$)").to_numpy()
    kca_id = kca_id.where(~shared, kca_id + " LULUCF")
    label = label.where(~shared, label + " (LULUCF)")
    uniq = uniq.assign(kca_code=code, fuel_group=fuel, kca_id=kca_id, kca_label=label)
    out = keys.merge(uniq, on=["category", "gas", "activity", "lul"], how="left")
    out.index = emissions.index
    return out[["kca_code", "fuel_group", "kca_id", "kca_label"]]
