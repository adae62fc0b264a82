"""The electricity-carbon model: CO2 from electricity consumption by region, sector and period
(month or day), with each end-use sector's direct fuel CO2 per kWh calibrated on an annual
account, the indirect CO2 of the electricity with the supplying grid's factor (consumption-
based), and the power sector's CO2 per kWh consumed (production-based); a back-test as in the
quick report (docs/timely.md, Eq. E1-E5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timely.quick import relative_error

__all__ = ["END_USE_SECTORS", "carbon_intensity_of_electricity_use", "direct_co2_from_electricity",
           "indirect_co2_of_consumption", "calibrate", "estimate", "annual_estimate",
           "backtest", "grid_factor_by_year"]

END_USE_SECTORS = ("agriculture", "industry", "construction", "transport", "services",
                   "households")
POWER = "power_heat"


def carbon_intensity_of_electricity_use(direct_co2_kt, electricity_mwh):
    """Carbon intensity of a sector's electricity use [t CO2/MWh] (Eq. E1):
    c_s = D_s(T) / Q_s(T), the sector's direct fuel CO2 of the calibration year over its
    electricity consumption; for the power sector (production-based) D is the power and heat
    CO2 and Q the region's total consumption. NaN where Q is 0."""
    d, q = np.asarray(direct_co2_kt, dtype=float), np.asarray(electricity_mwh, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(q > 0, d * 1e3 / q, np.nan)


def direct_co2_from_electricity(electricity_mwh, intensity_t_per_mwh):
    """Direct CO2 of a sector (or of power generation) in a period [kt] (Eq. E2, E4):
    D_s(p) = c_s x Q_s(p)."""
    return (np.asarray(electricity_mwh, dtype=float)
            * np.asarray(intensity_t_per_mwh, dtype=float) * 1e-3)


def indirect_co2_of_consumption(electricity_mwh, grid_factor_t_per_mwh):
    """Indirect CO2 of the electricity consumed [kt] (Eq. E3): Q(p) x EF_grid, the factor of
    the supplying grid in the period's year."""
    return (np.asarray(electricity_mwh, dtype=float)
            * np.asarray(grid_factor_t_per_mwh, dtype=float) * 1e-3)


def grid_factor_by_year(grid: pd.DataFrame, regions: list[str], years: list[int]
                        ) -> pd.DataFrame:
    """Grid factor per region and year from rows (region or ``*``, year, value, source): the
    region's own row wins over ``*``; a year without a row takes the latest earlier year
    (recorded in ``grid_factor_source`` as carried forward)."""
    rows = []
    for r in regions:
        own = grid[grid["region"] == r]
        cand = own if len(own) else grid[grid["region"] == "*"]
        for y in years:
            hit = cand[cand["year"] <= y].sort_values("year")
            if hit.empty:
                rows.append((r, y, np.nan, "no grid factor"))
                continue
            h = hit.iloc[-1]
            note = "" if int(h["year"]) == y else f" (year {int(h['year'])} carried forward)"
            rows.append((r, y, float(h["value"]), f"{h['source']}{note}"))
    return pd.DataFrame(rows, columns=["region", "year", "grid_factor", "grid_factor_source"])


def _annual_use(electricity: pd.DataFrame, year: int) -> pd.DataFrame:
    e = electricity[electricity["year"] == year]
    return e.groupby(["region", "sector"], as_index=False)["mwh"].sum()


def calibrate(account: pd.DataFrame, electricity: pd.DataFrame, year: int) -> pd.DataFrame:
    """Intensities c_s of every region's end-use sectors and its power sector (``power_heat``)
    on the account and the electricity consumption of ``year`` (Eq. E1)."""
    acc = account[(account["year"] == year) & (account["kind"] == "energy")]
    direct = acc.groupby(["region", "sector"], as_index=False)["co2_kt"].sum()
    use = _annual_use(electricity, year)
    end = use.merge(direct, on=["region", "sector"], how="left").fillna({"co2_kt": 0.0})
    tot = use.groupby("region", as_index=False)["mwh"].sum().assign(sector=POWER)
    pw = tot.merge(direct[direct["sector"] == POWER], on=["region", "sector"], how="left"
                   ).fillna({"co2_kt": 0.0})
    cal = pd.concat([end, pw], ignore_index=True)
    cal["intensity_t_per_mwh"] = carbon_intensity_of_electricity_use(cal["co2_kt"], cal["mwh"])
    cal["calibration_year"] = year
    return cal.rename(columns={"co2_kt": "direct_co2_kt", "mwh": "electricity_mwh"})[
        ["region", "sector", "calibration_year", "direct_co2_kt", "electricity_mwh",
         "intensity_t_per_mwh"]]


def estimate(electricity: pd.DataFrame, calibration: pd.DataFrame, grid: pd.DataFrame
             ) -> pd.DataFrame:
    """CO2 per region, period and sector (Eq. E2-E5): direct (c_s x Q_s), indirect
    (Q_s x EF_grid), and the power sector's production-based CO2 (c_power x Q_s, allocated to
    the consuming sector). Consumption-based = direct + indirect; production-based = direct +
    power. ``electricity``: region, sector, year, month[, day], mwh."""
    e = electricity.merge(calibration[["region", "sector", "intensity_t_per_mwh"]],
                          on=["region", "sector"], how="left")
    pw = calibration[calibration["sector"] == POWER][["region", "intensity_t_per_mwh"]]
    e = e.merge(pw.rename(columns={"intensity_t_per_mwh": "power_intensity_t_per_mwh"}),
                on="region", how="left")
    e = e.merge(grid, on=["region", "year"], how="left")
    e["direct_kt"] = direct_co2_from_electricity(e["mwh"], e["intensity_t_per_mwh"].fillna(0.0))
    e["indirect_kt"] = indirect_co2_of_consumption(e["mwh"], e["grid_factor"])
    e["power_kt"] = direct_co2_from_electricity(e["mwh"],
                                                e["power_intensity_t_per_mwh"].fillna(0.0))
    e["consumption_based_kt"] = e["direct_kt"] + e["indirect_kt"]
    e["production_based_kt"] = e["direct_kt"] + e["power_kt"]
    return e


def annual_estimate(est: pd.DataFrame) -> pd.DataFrame:
    """The period estimates summed per region and year (months present counted)."""
    cols = ["mwh", "direct_kt", "indirect_kt", "power_kt", "consumption_based_kt",
            "production_based_kt"]
    g = est.groupby(["region", "year"])
    return g[cols].sum().join(g["month"].nunique().rename("months")).reset_index()


def backtest(account: pd.DataFrame, electricity: pd.DataFrame, grid: pd.DataFrame
             ) -> pd.DataFrame:
    """Each final year t with 12 months of electricity data, estimated with intensities
    calibrated on t-1, against the final account of t: production-based CO2 vs the account's
    energy CO2 (per sector: each end-use sector's direct CO2, ``power_heat`` vs the power
    sector) and consumption-based vs the account's end-use CO2 + Q(t) x EF_grid (Eq. E5)."""
    out = []
    years = sorted(set(account["year"]) & set(electricity["year"]))
    for year in years:
        if year - 1 not in years:
            continue
        cur = electricity[electricity["year"] == year]
        if cur.groupby("region")["month"].nunique().min() < 12:
            continue
        cal = calibrate(account, electricity, year - 1)
        est = estimate(cur, cal, grid)
        by_sector = est.groupby(["region", "sector"], as_index=False)[
            ["direct_kt", "power_kt", "indirect_kt"]].sum()
        acc = account[(account["year"] == year) & (account["kind"] == "energy")]
        fin = acc.groupby(["region", "sector"], as_index=False)["co2_kt"].sum()
        end = by_sector[["region", "sector", "direct_kt"]].rename(
            columns={"direct_kt": "estimate_kt"})
        pw = by_sector.groupby("region", as_index=False)["power_kt"].sum().rename(
            columns={"power_kt": "estimate_kt"}).assign(sector=POWER)
        rows = pd.concat([end, pw], ignore_index=True).merge(
            fin.rename(columns={"co2_kt": "final_kt"}), on=["region", "sector"], how="outer")
        rows["basis"] = "production-based"
        ind = by_sector.groupby("region", as_index=False)["indirect_kt"].sum()
        e_end = fin[fin["sector"] != POWER].groupby("region", as_index=False)["co2_kt"].sum()
        cons = ind.merge(e_end, on="region", how="left").fillna({"co2_kt": 0.0})
        cons_est = by_sector.groupby("region", as_index=False)["direct_kt"].sum()
        cons = cons.merge(cons_est, on="region")
        cons = pd.DataFrame({"region": cons["region"], "sector": "total",
                             "estimate_kt": cons["direct_kt"] + cons["indirect_kt"],
                             "final_kt": cons["co2_kt"] + cons["indirect_kt"],
                             "basis": "consumption-based"})
        prod_tot = rows.groupby("region", as_index=False)[["estimate_kt", "final_kt"]].sum(
            min_count=1).assign(sector="total", basis="production-based")
        out.append(pd.concat([rows, prod_tot, cons], ignore_index=True).assign(year=year))
    cols = ["region", "year", "basis", "sector", "estimate_kt", "final_kt", "error_pct"]
    if not out:
        return pd.DataFrame(columns=cols)
    bt = pd.concat(out, ignore_index=True)
    bt[["estimate_kt", "final_kt"]] = bt[["estimate_kt", "final_kt"]].fillna(0.0)
    bt["error_pct"] = relative_error(bt["estimate_kt"], bt["final_kt"])
    return bt[cols].sort_values(["region", "year", "basis", "sector"]).reset_index(drop=True)
