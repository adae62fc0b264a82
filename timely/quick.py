"""Quick (preliminary) report: the latest year and year-to-date from monthly proxies, scaling
the last annual account by the growth of each (sector, fuel)'s indicator; the back-test of that
relation on the years with a final account; the revision table quick vs final
(docs/timely.md, Eq. Q1-Q5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["indicator_growth", "scaled_emissions", "year_to_date_emissions",
           "annualised_emissions", "relative_error", "match_proxies", "proxy_totals",
           "quick_estimates", "backtest", "error_statistics", "revision_table",
           "log_log_slope", "fitted_elasticities"]

KEYS = ["region", "sector", "fuel"]


# ------------------------------------------------------------------ equations (one each)
def indicator_growth(indicator_t, indicator_ref):
    """Growth ratio of a proxy indicator [-] (Eq. Q1): I(t) / I(ref), both summed over the
    same months. A zero or missing reference gives NaN (no growth can be formed)."""
    t, ref = np.asarray(indicator_t, dtype=float), np.asarray(indicator_ref, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ref > 0, t / ref, np.nan)


def scaled_emissions(co2_ref_kt, growth, elasticity=1.0):
    """CO2 of year t [kt] from the account of the reference year (Eq. Q2):
    E(t) = E(ref) x g^beta, with g the indicator growth and beta the elasticity."""
    return np.asarray(co2_ref_kt, dtype=float) * np.power(np.asarray(growth, dtype=float),
                                                         np.asarray(elasticity, dtype=float))


def year_to_date_emissions(co2_ref_kt, indicator_ytd, indicator_ref_year):
    """CO2 emitted in months 1..m of year t [kt] (Eq. Q3):
    E_ytd(t, m) = E(ref) x I(t, 1..m) / I(ref, 1..12) (emissions follow the indicator over
    the months, elasticity 1)."""
    return np.asarray(co2_ref_kt, dtype=float) * indicator_growth(indicator_ytd,
                                                                  indicator_ref_year)


def annualised_emissions(co2_ref_kt, indicator_ytd, indicator_ref_ytd, elasticity=1.0):
    """Full-year CO2 of year t estimated after m months [kt] (Eq. Q4):
    E(t | m) = E(ref) x (I(t, 1..m) / I(ref, 1..m))^beta."""
    return scaled_emissions(co2_ref_kt, indicator_growth(indicator_ytd, indicator_ref_ytd),
                            elasticity)


def relative_error(estimate, final):
    """Relative error of an estimate against the final account [%] (Eq. Q5):
    100 x (estimate - final) / final; NaN where the final value is 0."""
    est, fin = np.asarray(estimate, dtype=float), np.asarray(final, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(fin != 0, (est - fin) / fin * 100.0, np.nan)


def log_log_slope(indicator, emissions):
    """Elasticity of emissions to the indicator fitted over years [-] (Eq. Q6): the
    least-squares slope of ln E on ln I, cov(ln I, ln E) / var(ln I)."""
    x, y = np.log(np.asarray(indicator, dtype=float)), np.log(np.asarray(emissions, dtype=float))
    x, y = x - x.mean(), y - y.mean()
    den = float((x * x).sum())
    return float((x * y).sum() / den) if den > 0 else float("nan")


# ------------------------------------------------------------------ tables
def match_proxies(account: pd.DataFrame, proxy_map: pd.DataFrame) -> pd.DataFrame:
    """The indicator and elasticity of each (sector, fuel) of the account: an exact fuel row
    wins over ``*``; pairs without a row get indicator ``none`` (carried forward)."""
    pairs = account[["sector", "fuel"]].drop_duplicates()
    exact = pairs.merge(proxy_map[proxy_map["fuel"] != "*"], on=["sector", "fuel"], how="left")
    star = pairs.merge(proxy_map[proxy_map["fuel"] == "*"].drop(columns="fuel"), on="sector",
                       how="left")
    out = exact.copy()
    miss = out["indicator"].isna().to_numpy()
    out.loc[miss, "indicator"] = star.loc[miss, "indicator"].to_numpy()
    out.loc[miss, "elasticity"] = star.loc[miss, "elasticity"].to_numpy()
    out["indicator"] = out["indicator"].fillna("none")
    out["elasticity"] = pd.to_numeric(out["elasticity"]).fillna(1.0)
    return out[["sector", "fuel", "indicator", "elasticity"]]


def proxy_totals(proxies: pd.DataFrame, months: int = 12) -> pd.DataFrame:
    """Sum of each region's indicator over months 1..``months`` of each year, with the number
    of months present (a year is complete when all of them are)."""
    p = proxies[proxies["month"] <= months]
    g = p.groupby(["region", "indicator", "year"])
    return g["value"].sum().to_frame("value").join(g["month"].nunique().rename("n_months")
                                                   ).reset_index()


def _growth_table(proxies: pd.DataFrame, months: int, year: int, ref_year: int,
                  ref_months: int | None = None) -> pd.DataFrame:
    cur = proxy_totals(proxies, months)
    cur = cur[(cur["year"] == year) & (cur["n_months"] == months)]
    ref = proxy_totals(proxies, ref_months or months)
    ref = ref[(ref["year"] == ref_year) & (ref["n_months"] == (ref_months or months))]
    g = cur.merge(ref, on=["region", "indicator"], suffixes=("", "_ref"))
    g["growth"] = indicator_growth(g["value"], g["value_ref"])
    return g[["region", "indicator", "value", "value_ref", "growth"]]


def _scale(base: pd.DataFrame, pmap: pd.DataFrame, growth: pd.DataFrame) -> pd.DataFrame:
    b = base.merge(pmap, on=["sector", "fuel"], how="left")
    b = b.merge(growth, on=["region", "indicator"], how="left")
    carried = b["indicator"].eq("none") | b["growth"].isna()
    b["growth"] = b["growth"].where(~carried, 1.0)
    b["basis"] = np.where(b["indicator"].eq("none"), "no proxy: carried forward",
                          np.where(carried, "proxy missing: carried forward",
                                   "scaled by proxy"))
    b["co2_kt"] = scaled_emissions(b["co2_ref_kt"], b["growth"], b["elasticity"])
    return b


def quick_estimates(account: pd.DataFrame, proxies: pd.DataFrame,
                    proxy_map: pd.DataFrame) -> pd.DataFrame:
    """Quick estimates for every year after the last final year that has proxy data: a year
    with 12 months is estimated whole (Eq. Q2), a partial year gives the annualised estimate
    after m months (Eq. Q4) and the year-to-date CO2 (Eq. Q3). Each year scales the year
    before it (the final account, or the quick estimate of an earlier year: chained).

    Returns region, year, months, sector, fuel, indicator, growth, co2_ref_kt, co2_kt
    (full-year), co2_ytd_kt, basis, reference."""
    last = int(account["year"].max())
    pmap = match_proxies(account, proxy_map)
    base = account[account["year"] == last][[*KEYS, "kind", "co2_kt"]].rename(
        columns={"co2_kt": "co2_ref_kt"})
    ref_label, ref_year, out = f"final account {last}", last, []
    years = sorted(y for y in proxies["year"].unique() if y > last)
    for year in years:
        months = int(proxies.loc[proxies["year"] == year, "month"].max())
        g = _growth_table(proxies, months, year, ref_year)
        est = _scale(base, pmap, g)
        gy = _growth_table(proxies, months, year, ref_year, ref_months=12)
        ytd = base.merge(pmap, on=["sector", "fuel"], how="left").merge(
            gy[["region", "indicator", "growth"]], on=["region", "indicator"], how="left")
        est["co2_ytd_kt"] = year_to_date_emissions(
            ytd["co2_ref_kt"], ytd["growth"].fillna(months / 12.0), 1.0)
        est = est.assign(year=year, months=months, reference=ref_label)
        out.append(est)
        if months < 12:
            break                        # a partial year cannot be the base of a later one
        base = est[[*KEYS, "kind", "co2_kt"]].rename(columns={"co2_kt": "co2_ref_kt"})
        ref_label, ref_year = f"quick estimate {year}", year
    cols = ["region", "year", "months", "sector", "kind", "fuel", "indicator", "elasticity",
            "growth", "co2_ref_kt", "co2_kt", "co2_ytd_kt", "basis", "reference"]
    if not out:
        return pd.DataFrame(columns=cols)
    return pd.concat(out, ignore_index=True)[cols]


def backtest(account: pd.DataFrame, proxies: pd.DataFrame,
             proxy_map: pd.DataFrame) -> pd.DataFrame:
    """The quick estimate of each final year t from the final account of t-1 and the proxies
    of t and t-1 (12 months each), against the final account of t (Eq. Q2, Q5).

    Returns region, year, sector, fuel, indicator, estimate_kt, final_kt, error_pct."""
    pmap = match_proxies(account, proxy_map)
    out = []
    years = sorted(account["year"].unique())
    for year in years[1:]:
        if year - 1 not in years:
            continue
        base = account[account["year"] == year - 1][[*KEYS, "kind", "co2_kt"]].rename(
            columns={"co2_kt": "co2_ref_kt"})
        g = _growth_table(proxies, 12, year, year - 1)
        if g.empty:
            continue
        est = _scale(base, pmap, g)
        fin = account[account["year"] == year][[*KEYS, "co2_kt"]].rename(
            columns={"co2_kt": "final_kt"})
        est = est.merge(fin, on=KEYS, how="outer")
        est["year"] = year
        out.append(est)
    cols = ["region", "year", "sector", "fuel", "indicator", "basis", "estimate_kt",
            "final_kt", "error_pct"]
    if not out:
        return pd.DataFrame(columns=cols)
    bt = pd.concat(out, ignore_index=True).rename(columns={"co2_kt": "estimate_kt"})
    bt[["estimate_kt", "final_kt"]] = bt[["estimate_kt", "final_kt"]].fillna(0.0)
    bt["indicator"] = bt["indicator"].fillna("none")
    bt["basis"] = bt["basis"].fillna("not in the previous account")
    bt["error_pct"] = relative_error(bt["estimate_kt"], bt["final_kt"])
    return bt[cols]


def _stats(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    g = df.groupby(by, as_index=False)[["estimate_kt", "final_kt"]].sum()
    g["error_pct"] = relative_error(g["estimate_kt"], g["final_kt"])
    g = g.dropna(subset=["error_pct"])
    agg = g.groupby([c for c in by if c != "year"], as_index=False)["error_pct"].agg(
        n="count", mape=lambda e: float(np.mean(np.abs(e))), bias=lambda e: float(np.mean(e)),
        max_abs_error=lambda e: float(np.max(np.abs(e))),
        min_error=lambda e: float(np.min(e)), max_error=lambda e: float(np.max(e)))
    return agg


def error_statistics(bt: pd.DataFrame) -> pd.DataFrame:
    """Error statistics of the back-test [%]: per region and sector, and per region over all
    sectors (sector ``total``): number of years, MAPE (mean absolute percentage error), bias
    (mean percentage error), maximum absolute error, smallest and largest error."""
    if bt.empty:
        return pd.DataFrame(columns=["region", "sector", "n", "mape", "bias", "max_abs_error",
                                     "min_error", "max_error"])
    by_sector = _stats(bt, ["region", "sector", "year"])
    total = _stats(bt, ["region", "year"]).assign(sector="total")
    return pd.concat([by_sector, total], ignore_index=True)[
        ["region", "sector", "n", "mape", "bias", "max_abs_error", "min_error", "max_error"]]


def revision_table(quick: pd.DataFrame, account: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Quick vs final for every region, year and sector with both (full-year estimates):
    quick, final [kt], revision final - quick [kt] and in % of the quick estimate; ``basis``
    names where the quick numbers come from (an earlier quick report, or the back-test)."""
    q = quick[quick.get("months", 12) == 12] if "months" in quick else quick
    q = q.groupby(["region", "year", "sector"], as_index=False)["co2_kt"].sum().rename(
        columns={"co2_kt": "quick_kt"})
    f = account.groupby(["region", "year", "sector"], as_index=False)["co2_kt"].sum().rename(
        columns={"co2_kt": "final_kt"})
    r = q.merge(f, on=["region", "year", "sector"], how="inner")
    tot = r.groupby(["region", "year"], as_index=False)[["quick_kt", "final_kt"]].sum().assign(
        sector="total")
    r = pd.concat([r, tot], ignore_index=True)
    r["revision_kt"] = r["final_kt"] - r["quick_kt"]
    with np.errstate(divide="ignore", invalid="ignore"):
        r["revision_pct"] = np.where(r["quick_kt"] != 0, r["revision_kt"] / r["quick_kt"] * 100,
                                     np.nan)
    r["basis"] = basis
    return r.sort_values(["region", "year", "sector"]).reset_index(drop=True)


def fitted_elasticities(account: pd.DataFrame, proxies: pd.DataFrame,
                        proxy_map: pd.DataFrame, min_years: int = 3) -> pd.DataFrame:
    """The elasticity each (region, sector, fuel) shows over the final years with 12 months
    of its indicator (Eq. Q6), beside the one the map uses: a check of the proxy relation
    (a project adopts a fitted value by writing it into its proxy map)."""
    pmap = match_proxies(account, proxy_map)
    tot = proxy_totals(proxies, 12)
    tot = tot[tot["n_months"] == 12][["region", "indicator", "year", "value"]]
    d = account.merge(pmap, on=["sector", "fuel"]).merge(tot, on=["region", "indicator",
                                                                  "year"])
    d = d[(d["co2_kt"] > 0) & (d["value"] > 0)]
    rows = []
    for (region, sector, fuel, indicator), g in d.groupby(["region", "sector", "fuel",
                                                           "indicator"]):
        if len(g) < min_years:
            continue
        rows.append((region, sector, fuel, indicator, len(g), float(g["elasticity"].iloc[0]),
                     log_log_slope(g["value"], g["co2_kt"])))
    return pd.DataFrame(rows, columns=["region", "sector", "fuel", "indicator", "n",
                                       "elasticity", "fitted_elasticity"])
