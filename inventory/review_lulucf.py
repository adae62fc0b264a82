"""The reviewer's LULUCF view of one run folder: loaders for the background tables the
LULUCF sector writes (``tables/lulucf.*.csv``). Like :mod:`inventory.review`, nothing here
computes an estimate: the functions read the run's files and select or sum rows for display
(national = the regions' rows added up).

    lulucf_available(run_dir)                    # the run has a LULUCF sector
    land_matrix(run_dir, 2023)                   # the year's land-use change matrix [kha]
    land_use_areas(run_dir)                      # area of each land use per year [kha]
    carbon_by_pool(run_dir)                      # carbon stock change per pool [kt C]
    hwp_stock(run_dir)                           # HWP carbon stock per product [Mt C]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["LAND_USES", "lulucf_available", "lulucf_years", "land_matrix", "land_use_areas",
           "carbon_by_pool", "hwp_stock", "POOL_COLUMNS"]

LAND_USES = ("forest", "cropland", "grassland", "wetlands", "settlements", "other_land")
POOL_COLUMNS = ("above_ground", "below_ground", "dead_wood", "litter", "mineral_soil",
                "organic_soil")


def _dir(run) -> Path:
    return Path(getattr(run, "run_dir", run))


def _table(run, name: str) -> pd.DataFrame | None:
    path = _dir(run) / "tables" / f"{name}.csv"
    if not path.exists():
        return None
    return pd.read_csv(path, dtype={"region": str}, keep_default_na=False,
                       na_values={"area": [""], "value": [""]})


def _region(df: pd.DataFrame, region: str | None) -> pd.DataFrame:
    if region is None or region not in set(df["region"].astype(str)):
        return df       # a national code: the regions' rows together
    return df[df["region"].astype(str) == region]


def lulucf_available(run) -> bool:
    return (_dir(run) / "tables" / "lulucf.land_matrix.csv").exists()


def lulucf_years(run) -> list[int]:
    t = _table(run, "lulucf.land_matrix")
    return sorted(int(y) for y in t["year"].unique()) if t is not None else []


def land_matrix(run, year: int, region: str | None = None) -> pd.DataFrame | None:
    """The land-use change matrix of ``year`` [kha]: rows = land use at the start of the year,
    columns = at its end (``tables/lulucf.land_matrix.csv``)."""
    t = _table(run, "lulucf.land_matrix")
    if t is None:
        return None
    t = _region(t[t["year"] == int(year)], region)
    wide = t.pivot_table(index="from_lu", columns="to_lu", values="area", aggfunc="sum",
                         fill_value=0.0).reindex(index=list(LAND_USES), columns=list(LAND_USES),
                                                 fill_value=0.0) / 1e3
    wide.index.name, wide.columns.name = "from (start of year)", "to (end of year)"
    return wide


def land_use_areas(run, region: str | None = None) -> pd.DataFrame | None:
    """Area of each land use at the end of each year [kha] (year x land use)."""
    t = _table(run, "lulucf.land_use_areas")
    if t is None:
        return None
    t = _region(t, region)
    return (t.pivot_table(index="year", columns="land_use", values="area", aggfunc="sum")
            .reindex(columns=list(LAND_USES)) / 1e3)


def carbon_by_pool(run, region: str | None = None, category: str | None = None
                   ) -> pd.DataFrame | None:
    """Carbon stock change per pool and year [kt C], gain positive (``lulucf.carbon``);
    ``category``: an IPCC land code prefix (3.B.1 forest land ...)."""
    t = _table(run, "lulucf.carbon")
    if t is None:
        return None
    t = _region(t, region)
    if category:
        cat = t["category"].astype(str)
        t = t[(cat == category) | cat.str.startswith(category + ".")]
    t = t.assign(above_ground=t["agb_gain"] - t["agb_loss"],
                 below_ground=t["bgb_gain"] - t["bgb_loss"])
    return t.groupby("year")[list(POOL_COLUMNS)].sum() / 1e3


def hwp_stock(run, region: str | None = None) -> pd.DataFrame | None:
    """HWP carbon stock at the start of each year per product [Mt C], with ``history``
    (the years extrapolated by IPCC 2006 Vol.4 Ch.12 Eq. 12.6)."""
    t = _table(run, "lulucf.hwp")
    if t is None:
        return None
    t = _region(t, region)
    out = t.groupby(["year", "product"], as_index=False).agg(
        stock=("stock", "sum"), history=("history", "max"))
    out["stock"] = out["stock"] / 1e6
    return out
