"""Activity keys of the IPCC default tables of forest land (Vol.4 Ch.4 Tables 4.3, 4.4, 4.5,
4.7, 4.9, 2006 and 2019 Refinement), built per stratum from the project's options.

The default CSVs key a row by ``<ecological zone>@<continent>[@<age or status>]`` (2006:
``le20`` / ``gt20`` for stands up to / older than 20 years; 2019 Refinement: ``primary``,
``secondary_gt20``, ``secondary_le20``, ``secondary`` or ``all``), Table 4.4 by ecological
zone and above-ground biomass class. The 2019 Refinement re-structured the tables (status
classes, origin and continent in Table 4.4), so both key forms are tried, the project's edition
first; only one edition's rows are loaded (``guidelines``), so the other form finds nothing.
National rows keyed by the stratum (``<climate>:<soil>[:<qualifier>]``) are tried before all
of them (:func:`sectors.lulucf.common.stratum_keys`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import LulucfOptions, domain

__all__ = ["edition_2019_first", "growth_keys", "agb_keys", "root_shoot_keys", "cf_keys", "fire_ef_keys",
           "bcef_keys", "national_keys"]

INF = np.inf
# 2006 Table 4.4 above-ground biomass classes [t dm/ha] by ecological zone (row labels)
_CLASSES_2006 = {
    "tropical_moist_deciduous_forest": ((125, "agb_lt125"), (INF, "agb_gt125")),
    "subtropical_humid_forest": ((125, "agb_lt125"), (INF, "agb_gt125")),
    "tropical_dry_forest": ((20, "agb_lt20"), (INF, "agb_gt20")),
    "subtropical_dry_forest": ((20, "agb_lt20"), (INF, "agb_gt20")),
}
_TEMPERATE_2006 = {
    "conifers": ((50, "agb_lt50"), (150, "agb_50_150"), (INF, "agb_gt150")),
    "eucalyptus": ((50, "agb_lt50"), (150, "agb_50_150"), (INF, "agb_gt150")),
    "other_broadleaf": ((75, "agb_lt75"), (150, "agb_75_150"), (INF, "agb_gt150")),
    "quercus": ((INF, "agb_gt70"),),
}
_BOREAL_2006 = ((75, "agb_lt75"), (INF, "agb_gt75"))


def edition_2019_first(guidelines: str | None) -> bool:
    return str(guidelines or "") == "ipcc2006_2019r"


def _order(k2006: list, k2019: list, guidelines: str | None) -> list:
    return k2019 + k2006 if edition_2019_first(guidelines) else k2006 + k2019


def _zone(df: pd.DataFrame, opts: LulucfOptions) -> pd.Series:
    z = df["climate"].map(opts.forest_zones).astype(object)
    return z.where(z.notna(), "no_forest_zone").astype(str)


def national_keys(df: pd.DataFrame) -> list[np.ndarray]:
    """``c:s:q`` (where a qualifier is given), ``c:s``, ``c``."""
    cs = (df["climate"] + ":" + df["soil"]).to_numpy(dtype=object)
    q = df["qualifier"].astype(str).to_numpy(dtype=object)
    csq = np.where(q != "", cs + ":" + q, cs)
    return [csq, cs, df["climate"].to_numpy(dtype=object)]


def _statuses(young: np.ndarray, opts: LulucfOptions) -> list[np.ndarray]:
    old = "primary" if opts.forest_status == "primary" else "secondary_gt20"
    first = np.where(young, "secondary_le20", old)
    return [first, np.full(len(young), "secondary", dtype=object),
            np.where(young, "secondary", "primary_or_secondary_gt20"),
            np.full(len(young), "all", dtype=object)]


def growth_keys(df: pd.DataFrame, young: np.ndarray, opts: LulucfOptions,
                guidelines: str | None) -> list:
    """Keys of G_W (Table 4.9) and, the same form, B_W (Table 4.7)."""
    base = (_zone(df, opts) + "@" + opts.continent).to_numpy(dtype=object)
    k2006 = [base + "@" + np.where(young, "le20", "gt20"), base]
    k2019 = [base + "@" + s for s in _statuses(young, opts)]
    return national_keys(df) + _order(k2006, k2019, guidelines)


agb_keys = growth_keys


def _class(agb: np.ndarray, bounds) -> np.ndarray:
    out = np.full(len(agb), bounds[-1][1], dtype=object)
    for b, label in reversed(bounds):
        out = np.where(agb <= b, label, out)
    return out


def root_shoot_keys(df: pd.DataFrame, agb: np.ndarray, opts: LulucfOptions,
                    guidelines: str | None) -> list:
    """Keys of R (Table 4.4) from the ecological zone and the stand's above-ground biomass
    [t dm/ha]."""
    zone = _zone(df, opts).to_numpy(dtype=object)
    agb = np.nan_to_num(np.asarray(agb, dtype=float), nan=0.0)
    cls = np.full(len(df), "", dtype=object)
    for z, bounds in _CLASSES_2006.items():
        m = zone == z
        cls[m] = _class(agb[m], bounds)
    veg = opts.forest_vegetation or "conifers"
    tcls = _class(agb, _TEMPERATE_2006.get(veg, _TEMPERATE_2006["conifers"]))
    bcls = _class(agb, _BOREAL_2006)
    k2006 = [np.where(cls != "", zone + "@" + cls, zone), "temperate@" + veg + "@" + tcls,
             "boreal@" + bcls]
    origin = np.where(df["qualifier"].astype(str).to_numpy() == "planted", "planted", "natural")
    c125 = np.where(agb <= 125, "agb_le125", "agb_gt125")
    c75 = np.where(agb <= 75, "agb_le75", "agb_gt75")
    head = zone + "@" + opts.continent + "@" + origin
    v19 = {"conifers": "conifer", "other_broadleaf": "other_broadleaf",
           "quercus": "quercus", "eucalyptus": "eucalyptus"}.get(veg, veg)
    k2019 = [head + "@" + c125, head + "@" + v19 + "@" + c125, head + "@" + v19 + "@all",
             head + "@" + v19, "boreal@" + c75]
    return national_keys(df) + _order(k2006, k2019, guidelines)


def cf_keys(df: pd.DataFrame, opts: LulucfOptions) -> list:
    """Keys of CF (Table 4.3): national, the domain's 'all', then the table's 'all'."""
    dom = df["climate"].map(lambda c: "tropical_and_subtropical" if (
        c.startswith("tropical") or c.startswith("warm_temperate"))
        else "temperate_and_boreal").to_numpy(dtype=object)
    part = {"conifers": "conifers", "other_broadleaf": "broad_leaved",
            "quercus": "broad_leaved", "eucalyptus": "broad_leaved"}.get(
        opts.forest_vegetation, "all")
    keys = national_keys(df) + [dom + "@" + part, dom + "@all"]
    return keys + ["all@all"]


def bcef_keys(df: pd.DataFrame, opts: LulucfOptions) -> list:
    """Keys of BCEF_R / BCEF_S / BCEF_I (Table 4.5): national, then the row the project names
    per climate zone (``options: lulucf: bcef``)."""
    named = df["climate"].map(opts.bcef).astype(object)
    named = named.where(named.notna(), "no_bcef_key").to_numpy(dtype=object)
    return national_keys(df) + [named]


def fire_ef_keys(df: pd.DataFrame, land_use: pd.Series) -> list:
    """Keys of G_ef (Table 2.5) by the land use burnt."""
    dom = df["climate"].map(domain).to_numpy(dtype=object)
    lu = land_use.to_numpy(dtype=object)
    key = np.select([lu == "forest", lu == "grassland", lu == "cropland"],
                    [np.where(dom == "tropical", "@tropical_forest",
                              "@extra_tropical_forest"), "@savanna_grassland",
                     "@agricultural_residues"], "@no_default")
    return national_keys(df) + [key]
