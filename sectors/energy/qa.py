"""Quality checks and report products of the energy sector, registered with the core so that
``ghgi compile`` and ``ghgi run`` both run and write them (``checks.csv``, ``checks/<check>.csv``
and the product files of the run folder).

Checks (:mod:`inventory.checks`, stage ``emissions``; each returns the offending rows):

* ``energy.implied_co2_outside_ipcc_range`` (warning) -- :func:`implied_co2_outside_range`:
  national implied CO2 factor per year, category and fuel outside the IPCC 2006 lower/upper
  limits of Vol.2 Ch.1 Table 1.4.
* ``energy.reference_vs_sectoral_above_2pct`` (warning) -- :func:`reference_vs_sectoral`: the
  reference approach (background table ``energy.reference_approach``) against the sectoral
  approach per year and fuel group, where energy or CO2 differ by more than 2 % (IPCC 2006
  Vol.2 Ch.6 Sect. 6.8).
* ``energy.tier3_plants_above_sectoral_total`` (warning) -- :func:`tier3_plants_above_total`:
  Tier 3 facility fuel use above the sectoral fuel use of the same region, year, category and
  fuel (background table ``energy.tier3_plants``; the plants' input cells are named).
* ``energy.year_on_year_jumps`` (info) -- :func:`year_on_year_jumps`: national emissions per
  category, fuel and gas that change by more than 30 % from one year to the next.

Report products (:mod:`inventory.products`, stage ``sector``):

* ``energy.reference_vs_sectoral`` -> ``energy_reference_vs_sectoral.csv`` (Table1.A(c) per
  year and fuel group);
* ``energy.indirect_co2_electricity`` -> ``indirect_co2_electricity.csv`` (provincial
  indicator from the background table ``energy.electricity_trade``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.checks import Check, register_check
from inventory.factors import FactorDB, default_tables
from inventory.products import ReportProduct, RunContext, register_product
from sectors.energy.fuel_combustion import TIER3_TABLE
from sectors.energy.fuels import fuels
from sectors.energy.reference_approach import (
    ELECTRICITY_TABLE,
    RA_TABLE,
    indirect_co2_table,
    reference_approach_by_fuel,
)

__all__ = ["implied_co2_outside_range", "reference_vs_sectoral", "tier3_plants_above_total",
           "year_on_year_jumps", "DIFFERENCE_THRESHOLD", "JUMP_THRESHOLD"]

DIFFERENCE_THRESHOLD = 2.0   # %
JUMP_THRESHOLD = 0.30        # relative change


def _fuel_combustion(emissions: pd.DataFrame) -> pd.DataFrame:
    from inventory.crt.memo import is_memo_only

    cat = emissions["category"].astype(str)
    fc = emissions[cat.str.startswith("1.A.") & emissions["activity"].isin(fuels().index)]
    return fc[~is_memo_only(fc["category"])]


def _table_1_4(factors: FactorDB | None) -> FactorDB:
    table = factors.table if factors is not None else default_tables()
    return FactorDB(table[(table["layer"] == "ipcc_default")
                          & table["source"].str.contains("Table 1.4", regex=False)])


def implied_co2_outside_range(emissions: pd.DataFrame, factors: FactorDB | None = None
                              ) -> pd.DataFrame:
    """National CO2 IEF [kg/TJ] per year, category and fuel outside the Table 1.4 range
    (the IPCC defaults of ``factors``, else the shipped tables)."""
    fc = _fuel_combustion(emissions)
    fc = fc[(fc["gas"] == "CO2") & fc["value"].notna() & (fc["activity_value"] > 0)]
    cols = ["year", "category", "activity", "gas", "value", "activity_value", "ief",
            "ipcc_lower", "ipcc_upper", "activity_ids"]
    if fc.empty:
        return pd.DataFrame(columns=cols)
    g = fc.groupby(["year", "category", "activity"], as_index=False).agg(
        value=("value", "sum"), activity_value=("activity_value", "sum"),
        activity_ids=("activity_ids", lambda s: ";".join(s.astype(str))))
    g["ief"] = g["value"] * 1e6 / g["activity_value"]
    g["gas"] = "CO2"
    res = _table_1_4(factors).lookup(g.assign(region="*"), "EF", "kg/TJ", "CO2",
                                     ("ipcc_default",))
    g["ipcc_lower"], g["ipcc_upper"] = res.lower, res.upper
    out = g[(g["ief"] < g["ipcc_lower"] * (1 - 1e-9)) | (g["ief"] > g["ipcc_upper"] * (1 + 1e-9))]
    return out[cols].reset_index(drop=True)


def reference_vs_sectoral(reference: pd.DataFrame, emissions: pd.DataFrame,
                          threshold: float = DIFFERENCE_THRESHOLD) -> pd.DataFrame:
    """Per year and fuel group (and 'total'): the reference approach (rows of the background
    table ``energy.reference_approach``) -- apparent consumption excluding non-energy use [TJ]
    and CO2 [kt] -- against the sectoral approach (fossil fuel combustion rows of
    ``emissions``, memo items excluded), differences [%] and the flag ``above_threshold``."""
    groups = fuels()["crt_fuel_group"]
    ra = reference_approach_by_fuel(reference)
    ra = ra.assign(group=ra["fuel"].map(groups),
                   ra_energy=ra["apparent_consumption"] - ra["nonenergy_use"])
    fc = _fuel_combustion(emissions)
    fc = fc.assign(group=fc["activity"].map(groups))
    fc = fc[fc["group"] != "biomass"]
    co2 = fc[(fc["gas"] == "CO2") & fc["value"].notna()]
    energy = fc.drop_duplicates(["region", "year", "category", "activity"])
    parts = []
    for r, e, c in ((ra, energy, co2), (ra.assign(group="total"), energy.assign(group="total"),
                                        co2.assign(group="total"))):
        a = r.groupby(["year", "group"])[["ra_energy", "co2"]].sum().rename(
            columns={"co2": "ra_co2"})
        b = e.groupby(["year", "group"])["activity_value"].sum().rename("sa_energy")
        s = c.groupby(["year", "group"])["value"].sum().rename("sa_co2")
        parts.append(pd.concat([a, b, s], axis=1))
    out = pd.concat(parts).reset_index()
    num = ["ra_energy", "ra_co2", "sa_energy", "sa_co2"]
    out[num] = out.reindex(columns=num).astype(float)   # empty groups give object columns
    with np.errstate(divide="ignore", invalid="ignore"):
        out["diff_energy_pct"] = (out["ra_energy"] - out["sa_energy"]) / out["sa_energy"] * 100
        out["diff_co2_pct"] = (out["ra_co2"] - out["sa_co2"]) / out["sa_co2"] * 100
    out["above_threshold"] = (out[["diff_energy_pct", "diff_co2_pct"]].abs() > threshold
                              ).any(axis=1)
    return out.sort_values(["year", "group"]).reset_index(drop=True)


def tier3_plants_above_total(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """Facility fuel use above the sectoral total [TJ] (rows of the background table
    ``energy.tier3_plants``), with the plants' input cells as ``source_ref``."""
    cols = ["region", "year", "category", "activity", "sector_tj", "plants_tj", "n_plants",
            "plants", "source_ref", "sector_ids"]
    rec = reconciliation[reconciliation["plants_above_total"].astype(bool)]
    return rec.rename(columns={"fuel": "activity", "plant_refs": "source_ref"})[cols] \
        .reset_index(drop=True)


def year_on_year_jumps(emissions: pd.DataFrame, threshold: float = JUMP_THRESHOLD,
                       min_kt: float = 1e-3) -> pd.DataFrame:
    """National emissions per category, activity and gas changing by more than ``threshold``
    (relative) between consecutive years; rows below ``min_kt`` in both years are ignored."""
    e = emissions[emissions["value"].notna() & emissions["category"].astype(str)
                  .str.startswith("1.")]
    g = e.groupby(["category", "activity", "gas", "memo", "year"], as_index=False).agg(
        value=("value", "sum"), activity_ids=("activity_ids", lambda s: ";".join(
            s.astype(str))))
    g = g.sort_values(["category", "activity", "gas", "memo", "year"])
    prev = g.groupby(["category", "activity", "gas", "memo"])[["year", "value",
                                                               "activity_ids"]].shift(1)
    g["previous_year"], g["previous_value"] = prev["year"], prev["value"]
    g["previous_activity_ids"] = prev["activity_ids"]
    with np.errstate(divide="ignore", invalid="ignore"):
        g["change"] = (g["value"] - g["previous_value"]) / g["previous_value"].abs()
    keep = (g["previous_year"] == g["year"] - 1) & (
        g[["value", "previous_value"]].abs().max(axis=1) >= min_kt) & (
        g["change"].abs() > threshold)
    return g[keep].reset_index(drop=True)


# ------------------------------------------------------------------ registered
def _energy_rows(ctx: RunContext) -> pd.DataFrame:
    return ctx.emissions[ctx.emissions["category"].astype(str).str.startswith("1.")]


def _ra_flagged(ctx: RunContext) -> pd.DataFrame:
    comp = reference_vs_sectoral(ctx.table(RA_TABLE), _energy_rows(ctx))
    flagged = comp[comp["above_threshold"]].reset_index(drop=True)
    return flagged.assign(category="1.A", gas="CO2")   # fuel combustion CO2, national


register_check(Check(
    "energy.implied_co2_outside_ipcc_range", "emissions", "warning",
    "implied CO2 factor of a fuel outside the IPCC 2006 Vol.2 Ch.1 Table 1.4 range",
    lambda ctx: implied_co2_outside_range(_energy_rows(ctx), ctx.factors), sector="energy"))
register_check(Check(
    "energy.reference_vs_sectoral_above_2pct", "emissions", "warning",
    "reference and sectoral approach differ by more than 2 % (IPCC 2006 Vol.2 Ch.6 "
    "Sect. 6.8: explain the difference)", _ra_flagged, sector="energy"))
register_check(Check(
    "energy.year_on_year_jumps", "emissions", "info",
    f"national emissions of a category, fuel and gas change by more than "
    f"{JUMP_THRESHOLD:.0%} from one year to the next", lambda ctx: year_on_year_jumps(
        _energy_rows(ctx)), sector="energy"))
register_check(Check(
    "energy.tier3_plants_above_sectoral_total", "emissions", "warning",
    "Tier 3 facility fuel use above the sectoral fuel use of the same region, year, "
    "category and fuel", lambda ctx: tier3_plants_above_total(ctx.table(TIER3_TABLE)),
    sector="energy"))
register_product(ReportProduct(
    "energy.indirect_co2_electricity", "indirect_co2_electricity.csv", "sector",
    lambda ctx: indirect_co2_table(ctx.table(ELECTRICITY_TABLE)),
    "provincial indicator: indirect CO2 of electricity imports and exports across the "
    "border per region and year (never part of a total)", sector="energy"))
register_product(ReportProduct(
    "energy.reference_vs_sectoral", "energy_reference_vs_sectoral.csv", "sector",
    lambda ctx: reference_vs_sectoral(ctx.table(RA_TABLE), ctx.emissions),
    "reference approach against the sectoral approach per year and fuel group (Table1.A(c))",
    sector="energy"))
