"""The annual carbon-emission account: CO2 by region, year, account sector and fuel, taken from
the emission rows of inventory runs (the engine computed them; nothing is recomputed here), and
the indicators the targets use (docs/timely.md, Eq. A1-A7).

Pure functions over pandas tables; the run folders are read in :mod:`timely.report`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["ACCOUNT_COLUMNS", "sector_map", "account_from_emissions", "add_nation",
           "constant_price_gdp", "co2_intensity", "co2_per_capita", "change_rate",
           "energy_tce_from_tj", "indicators", "FUELS"]

DATA = Path(__file__).resolve().parent / "data"
ACCOUNT_COLUMNS = ["region", "year", "sector", "kind", "fuel", "co2_kt", "energy_tj"]
FUELS = {"solid": "coal", "liquid": "oil", "gaseous": "gas"}
TJ_PER_10K_TCE = 293.076   # 10^4 tce x 29.3076 GJ/tce (GB/T 2589: 1 kgce = 29,307.6 kJ)


def sector_map(path: Path | None = None) -> pd.DataFrame:
    """IPCC 2006 category prefix -> account sector and kind (``data/account_sectors.csv``)."""
    df = pd.read_csv(path or DATA / "account_sectors.csv", comment="#", dtype=str)
    return df.sort_values("prefix", key=lambda s: s.str.len(), ascending=False,
                          kind="stable").reset_index(drop=True)


def _assign_sector(categories: pd.Series, smap: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    sector = pd.Series(None, index=categories.index, dtype=object)
    kind = pd.Series(None, index=categories.index, dtype=object)
    cat = categories.astype(str)
    for prefix, sec, knd in smap[["prefix", "sector", "kind"]].itertuples(index=False):
        hit = sector.isna() & ((cat == prefix) | cat.str.startswith(prefix + "."))
        sector[hit], kind[hit] = sec, knd
    return sector, kind


def account_from_emissions(emissions: pd.DataFrame, smap: pd.DataFrame | None = None
                           ) -> pd.DataFrame:
    """CO2 [kt] and fuel energy [TJ] by region, year, account sector and fuel (Eq. A1).

    Takes the CO2 rows of an inventory run that are numbers (no notation key), not memo items
    (bunkers, biomass CO2), and whose category maps to an account sector; energy rows by fuel
    group (solid -> coal, liquid -> oil, gaseous -> gas, else other), process rows with fuel
    ``process``. ``energy_tj`` sums the activity of energy rows given in TJ.
    """
    smap = sector_map() if smap is None else smap
    e = emissions
    memo = e["memo"].astype(str).str.lower().isin(("true", "1")) if "memo" in e else False
    keep = (e["gas"] == "CO2") & ~memo & pd.to_numeric(e["value"], errors="coerce").notna()
    e = e[keep].copy()
    e["sector"], e["kind"] = _assign_sector(e["category"], smap)
    e = e[e["sector"].notna()]
    fg = e["fuel_group"] if "fuel_group" in e else pd.Series("", index=e.index)
    e["fuel"] = np.where(e["kind"] == "process", "process",
                         fg.map(FUELS).fillna("other").to_numpy())
    e["co2_kt"] = pd.to_numeric(e["value"])
    tj = (e["kind"] == "energy") & (e.get("activity_unit", "") == "TJ")
    e["energy_tj"] = np.where(tj, pd.to_numeric(e.get("activity_value", 0.0), errors="coerce"),
                              0.0)
    out = (e.groupby(["region", "year", "sector", "kind", "fuel"], as_index=False)
           [["co2_kt", "energy_tj"]].sum())
    out["region"] = out["region"].astype(str)
    out["year"] = out["year"].astype(int)
    return out[ACCOUNT_COLUMNS].sort_values(ACCOUNT_COLUMNS[:5]).reset_index(drop=True)


def add_nation(account: pd.DataFrame, nation: str, regions: list[str]) -> pd.DataFrame:
    """Add the nation as the sum of ``regions`` (used when no national inventory is given)."""
    part = account[account["region"].isin(regions)]
    total = part.groupby(["year", "sector", "kind", "fuel"], as_index=False)[
        ["co2_kt", "energy_tj"]].sum().assign(region=nation)
    return pd.concat([account, total[ACCOUNT_COLUMNS]], ignore_index=True)


def constant_price_gdp(gdp_current_base: float, index_previous_year: pd.Series) -> pd.Series:
    """GDP at constant prices of the base year [10^8 yuan] from the base year's GDP at current
    prices and the real GDP index (previous year = 100) of the following years (Eq. A2).

    Notes: NBS practice; ``index_previous_year`` is indexed by year, its first year is the base
    year (its value is not used): GDP_c(t) = GDP_c(t-1) x index(t) / 100.
    """
    idx = index_previous_year.sort_index().astype(float) / 100.0
    factors = idx.copy()
    factors.iloc[0] = 1.0
    return float(gdp_current_base) * factors.cumprod()


def co2_intensity(co2_kt, gdp_1e8_yuan):
    """CO2 per unit of GDP [t CO2 per 10^4 yuan] (Eq. A3): kt x 1000 / (10^8 yuan x 10^4)."""
    return np.asarray(co2_kt, dtype=float) / (np.asarray(gdp_1e8_yuan, dtype=float) * 10.0)


def co2_per_capita(co2_kt, population_1e4):
    """CO2 per capita [t CO2 per person] (Eq. A4): kt x 1000 / (10^4 persons x 10^4)."""
    return np.asarray(co2_kt, dtype=float) / (np.asarray(population_1e4, dtype=float) * 10.0)


def change_rate(value_t, value_ref):
    """Relative change [%] of ``value_t`` against ``value_ref`` (Eq. A5)."""
    value_t, value_ref = np.asarray(value_t, dtype=float), np.asarray(value_ref, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(value_ref != 0, (value_t / value_ref - 1.0) * 100.0, np.nan)


def energy_tce_from_tj(energy_tj):
    """Energy [10^4 tce] from [TJ] (GB/T 2589: 29.3076 GJ/tce)."""
    return np.asarray(energy_tj, dtype=float) / TJ_PER_10K_TCE


def indicators(account: pd.DataFrame, drivers: pd.DataFrame, indirect: pd.DataFrame,
               base_year: int) -> pd.DataFrame:
    """Per region and year: energy, process and total CO2 [kt], net indirect CO2 of the
    electricity inflow [kt] and the total with it (Eq. A6), GDP, population, energy, CO2 per
    GDP and per capita with and without indirect CO2, their change on the previous year and on
    ``base_year`` [%] (Eq. A5, A7).

    ``drivers``: region, year, gdp [10^8 yuan, constant prices], population [10^4], optional
    energy [10^4 tce]; ``indirect``: region, year, net_indirect_kt_co2 (from the inventory's
    ``indirect_co2_electricity.csv``; missing rows are 0 and flagged).
    """
    by_kind = account.pivot_table(index=["region", "year"], columns="kind", values="co2_kt",
                                  aggfunc="sum", fill_value=0.0)
    out = pd.DataFrame(index=by_kind.index)
    out["energy_co2_kt"] = by_kind["energy"] if "energy" in by_kind else 0.0
    out["process_co2_kt"] = by_kind["process"] if "process" in by_kind else 0.0
    out["total_co2_kt"] = out["energy_co2_kt"] + out["process_co2_kt"]
    out["fuel_energy_tj"] = account.groupby(["region", "year"])["energy_tj"].sum()
    out = out.reset_index()
    ind = indirect[["region", "year", "net_indirect_kt_co2"]] if len(indirect) else \
        pd.DataFrame(columns=["region", "year", "net_indirect_kt_co2"])
    ind = ind.astype({"region": str, "year": int}).rename(
        columns={"net_indirect_kt_co2": "net_indirect_co2_kt"})
    out = out.merge(ind, on=["region", "year"], how="left")
    out["indirect_available"] = out["net_indirect_co2_kt"].notna()
    out["net_indirect_co2_kt"] = out["net_indirect_co2_kt"].fillna(0.0)
    out["total_with_indirect_kt"] = out["total_co2_kt"] + out["net_indirect_co2_kt"]
    d = drivers.copy()
    if "energy" not in d:
        d["energy"] = np.nan
    out = out.merge(d[["region", "year", "gdp", "population", "energy"]],
                    on=["region", "year"], how="left")
    out["energy_source"] = np.where(out["energy"].notna(), "drivers sheet",
                                    "fossil fuel burnt (account)")
    out["energy"] = out["energy"].fillna(pd.Series(energy_tce_from_tj(out["fuel_energy_tj"]),
                                                   index=out.index))
    out["co2_per_gdp"] = co2_intensity(out["total_co2_kt"], out["gdp"])
    out["co2_per_gdp_with_indirect"] = co2_intensity(out["total_with_indirect_kt"], out["gdp"])
    out["co2_per_capita"] = co2_per_capita(out["total_co2_kt"], out["population"])
    out["co2_per_capita_with_indirect"] = co2_per_capita(out["total_with_indirect_kt"],
                                                         out["population"])
    out = out.sort_values(["region", "year"]).reset_index(drop=True)
    for col in ("total_co2_kt", "total_with_indirect_kt", "co2_per_gdp",
                "co2_per_gdp_with_indirect", "co2_per_capita"):
        g = out.groupby("region")[col]
        prev = g.shift(1).where(out["year"].diff().eq(1) & out["region"].eq(
            out["region"].shift(1)))
        out[f"{col}_change_pct"] = change_rate(out[col], prev)
        base = out["region"].map(out[out["year"] == base_year].set_index("region")[col])
        out[f"{col}_vs_base_pct"] = change_rate(out[col], base)
    return out
