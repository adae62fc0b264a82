"""LULUCF checks (:mod:`inventory.checks`): each returns the offending rows, with the input
cell (``source_ref``) where the rows come from one.

* ``lulucf.area_jumps`` (warning): the area of a land use in a region changes by more than
  ``options: lulucf: area_jump`` (default 20 %) from one year to the next - a break in the
  land-use statistics more often than real change (IPCC 2006 Vol.4 Ch.3 Sect. 3.3.4: time
  series consistency of land representation).
* ``lulucf.cropland_soil_loss_vs_agriculture`` (info): the mineral-soil carbon lost by cropland
  remaining cropland (computed here) against ``soil_carbon_loss`` entered on the Agriculture
  sheet for F_SOM (3.C.4, CRT 3.D.a.5): the N2O of that loss is agriculture's, so both should
  agree.
* ``lulucf.removals_sign`` (error): a carbon-stock CO2 row whose sign contradicts the stock
  change of its background rows (removals must be negative).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.checks import Check, register_check
from inventory.products import RunContext

from .common import C_TO_CO2, parse_options

__all__ = ["area_jumps", "cropland_soil_loss", "removals_sign"]


def area_jumps(ctx: RunContext) -> pd.DataFrame:
    t = ctx.table("lulucf.land_use_areas")
    if t.empty:
        return t
    limit = parse_options((ctx.project.raw.get("options") or {}).get("lulucf")
                          if ctx.project is not None else None).area_jump
    t = t.sort_values(["region", "land_use", "year"])
    prev = t.groupby(["region", "land_use"])["area"].shift(1)
    change = (t["area"] - prev) / prev.where(prev > 0)
    # columns first, then the filter: assigning a Series to an empty frame takes its index
    t = t.assign(previous=prev, change_pct=100 * change)
    bad = t[(change.abs() > limit).to_numpy()]
    return bad.rename(columns={"land_use": "activity"})[
        ["region", "year", "activity", "area", "previous", "change_pct", "source_ref"]]


def cropland_soil_loss(ctx: RunContext) -> pd.DataFrame:
    c = ctx.table("lulucf.carbon")
    if c.empty:
        return pd.DataFrame()
    cl = c[c["category"] == "3.B.2.a"]
    loss = (-cl["mineral_soil"].astype(float)).clip(lower=0).groupby(cl["year"]).sum()
    act = ctx.activity
    ag = act[(act["category"] == "3.C.4") & (act["activity"] == "soil_carbon_loss")
             & act["value"].notna()]
    entered = ag.groupby("year")["value"].sum() * 1e3   # kt C -> t C
    years = sorted(set(loss.index) | set(entered.index))
    df = pd.DataFrame({"year": years})
    df["lulucf_loss_t_c"] = df["year"].map(loss).fillna(0.0)
    df["agriculture_entered_t_c"] = df["year"].map(entered).fillna(0.0)
    diff = (df["lulucf_loss_t_c"] - df["agriculture_entered_t_c"]).abs()
    off = diff > np.maximum(1.0, 0.05 * df["lulucf_loss_t_c"])
    return df[off].assign(category="3.B.2.a")


def removals_sign(ctx: RunContext) -> pd.DataFrame:
    em = ctx.emissions
    c = ctx.table("lulucf.carbon")
    if em.empty or c.empty:
        return pd.DataFrame()
    rows = em[(em["method"] == "land_emissions") & (em["gas"] == "CO2")
              & em["category"].astype(str).str.startswith("3.B")
              & em["value"].notna()]
    if rows.empty:
        return pd.DataFrame()
    net = (c["agb_gain"] - c["agb_loss"] + c["bgb_gain"] - c["bgb_loss"]
           + c[["dead_wood", "litter", "mineral_soil", "organic_soil"]].sum(axis=1))
    stock = c.assign(net=net).groupby(["region", "year", "category"])["net"].sum()
    co2 = rows.groupby(["region", "year", "category"])["value"].sum()
    both = pd.concat([stock.rename("stock_change_t_c"), co2.rename("co2_kt")], axis=1).dropna()
    expect = -both["stock_change_t_c"] * C_TO_CO2 * 1e-3
    bad = (expect - both["co2_kt"]).abs() > 1e-6 * np.maximum(1.0, both["co2_kt"].abs())
    return both[bad].reset_index()


register_check(Check(
    "lulucf.area_jumps", stage="emissions", severity="warning",
    doc="land-use area changes by more than the area_jump share from one year to the next "
        "(IPCC 2006 Vol.4 Ch.3 Sect. 3.3.4: consistent land representation)",
    find=area_jumps, sector="lulucf"))
register_check(Check(
    "lulucf.cropland_soil_loss_vs_agriculture", stage="emissions", severity="info",
    doc="mineral-soil C lost by cropland remaining cropland (LULUCF) differs from the "
        "soil_carbon_loss entered for agriculture's F_SOM (3.C.4, CRT 3.D.a.5; IPCC 2006 "
        "Vol.4 Ch.11 Eq. 11.8)",
    find=cropland_soil_loss, sector="lulucf"))
register_check(Check(
    "lulucf.removals_sign", stage="emissions", severity="error",
    doc="carbon-stock CO2 of a land category is not -44/12 x its stock change (removals "
        "negative, CRT sign convention)",
    find=removals_sign, sector="lulucf"))
