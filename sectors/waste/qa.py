"""Waste QA: registered checks (offending rows; the policy in ``inventory.yml`` decides raise /
warn / record) and report products (tables a reviewer reads), written by ``ghgi compile`` and
``ghgi run`` alike.

Checks:

* ``waste.fod_history_shorter_than_50_years`` (emissions, warning): an SWDS series whose
  disposal (given or estimated) starts less than 50 years before the first inventory year. The
  FOD model needs the disposal of 3 to 5 half-lives of the waste before the inventory year;
  IPCC 2006 Vol.5 Ch.3 Sect. 3.2.2 (as remembered) asks for at least 50 years of disposal data.
* ``waste.country_parameter_outside_ipcc_range`` (intake, warning): a country-specific waste
  parameter (DOC, k, MCF, Bo, BOD, N_REM, W, COD ...) outside the range of the IPCC default it
  replaces (IPCC 2006 Vol.1 Ch.6 Sect. 6.7.1 and the QA/QC sections of Vol.5 Ch.3 and Ch.6:
  compare country-specific parameters with the defaults and document the differences).

Products:

* ``waste.swds_ch4`` -> ``waste_swds_ch4.csv``: CH4 generated, recovered, oxidised and emitted
  by SWDS per region, year and category with the recovery share (from ``waste.fod``);
* ``waste.decay_curves`` -> ``waste_decay_curves.csv``: share of one year's DDOCm remaining and
  decomposed per year after deposit with the IPCC default k of the project's climate zone and
  its delay (IPCC 2006 Vol.5 Ch.3 Table 3.3, Annex 3A.1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.checks import Check, register_check
from inventory.errors import InputError
from inventory.factors import FactorDB
from inventory.products import ReportProduct, RunContext, register_product
from sectors.waste.solid_waste_disposal import (
    CLIMATE_ZONES,
    FOD_TABLE,
    FODOptions,
    decay_curves,
)

__all__ = ["fod_history_too_short", "parameters_outside_ipcc_range", "swds_ch4_balance",
           "default_decay_curves", "MIN_HISTORY_YEARS"]

MIN_HISTORY_YEARS = 50


def _options(ctx: RunContext) -> FODOptions:
    return FODOptions.from_options((ctx.project.options or {}).get("waste", {}))


def fod_history_too_short(fod: pd.DataFrame, min_years: int = MIN_HISTORY_YEARS
                          ) -> pd.DataFrame:
    """SWDS series whose first year with disposal > 0 lies less than ``min_years`` before the
    first inventory year: one row per region, category and activity (``year`` = the first
    inventory year, ``first_disposal_year``, ``history_years``)."""
    cols = ["region", "year", "category", "activity", "first_disposal_year", "history_years"]
    if fod.empty:
        return pd.DataFrame(columns=cols)
    keys = ["region", "category", "activity"]
    inv = fod[~fod["history"].astype(bool)]
    first_inv = inv.groupby(keys)["year"].min().rename("year")
    dep = fod[fod["deposited"].astype(float) > 0]
    first_dep = dep.groupby(keys)["year"].min().rename("first_disposal_year")
    out = pd.concat([first_inv, first_dep], axis=1).dropna(subset=["year"]).reset_index()
    out["first_disposal_year"] = out["first_disposal_year"].fillna(out["year"])
    out["history_years"] = (out["year"] - out["first_disposal_year"]).astype(int)
    out = out[out["history_years"] < min_years]
    return out[cols].astype({"year": int, "first_disposal_year": int}).reset_index(drop=True)


def parameters_outside_ipcc_range(parameters: pd.DataFrame, factors: FactorDB,
                                  climate_zone: str | None = None) -> pd.DataFrame:
    """Country-specific parameter rows of sector 4 outside the 95 % range (lower, upper) of
    the IPCC default for the same parameter, category, activity and gas (``k`` against the
    default ``k_<climate zone>``). Rows whose default has no range are not judged."""
    cols = ["parameter", "category", "activity", "gas", "region", "year_from", "year_to",
            "value", "unit", "layer", "ipcc_default", "ipcc_lower", "ipcc_upper",
            "ipcc_source", "source_ref"]
    given = parameters[(parameters["layer"] != "ipcc_default")
                       & parameters["category"].astype(str).str.startswith("4")]
    ipcc = factors.ipcc_defaults()   # built once per run, shared with the core's checks
    found = []
    for (param, gas, unit), rows in given.groupby(["parameter", "gas", "unit"], sort=False):
        name = f"k_{climate_zone}" if param == "k" and climate_zone in CLIMATE_ZONES else param
        q = pd.DataFrame({"region": "*", "year": rows["year_from"].clip(1900, 2100).to_numpy(),
                          "category": rows["category"].to_numpy(),
                          "activity": rows["activity"].to_numpy()})
        try:
            res = ipcc.lookup(q, name, unit, gas)
        except InputError:        # the default is in another dimension: not comparable
            continue
        value = rows["value"].to_numpy(dtype=float)
        ranged = res.found & np.isfinite(res.lower) & np.isfinite(res.upper)
        out = ranged & ((value < res.lower * (1 - 1e-9)) | (value > res.upper * (1 + 1e-9)))
        if out.any():
            found.append(rows[out].assign(ipcc_default=res.value[out], ipcc_lower=res.lower[out],
                                          ipcc_upper=res.upper[out],
                                          ipcc_source=res.source[out]))
    if not found:
        return pd.DataFrame(columns=cols)
    return pd.concat(found, ignore_index=True)[cols]


def swds_ch4_balance(fod: pd.DataFrame) -> pd.DataFrame:
    """CH4 of the SWDS per region, inventory year and category [kt CH4] with waste deposited
    [kt] and the share of the CH4 generated that was recovered."""
    cols = ["region", "year", "category", "deposited", "ch4_generated", "ch4_recovered",
            "ch4_oxidised", "ch4_emitted", "recovery_share"]
    inv = fod[~fod["history"].astype(bool)] if len(fod) else fod
    if inv.empty:
        return pd.DataFrame(columns=cols)
    out = inv.groupby(["region", "year", "category"], as_index=False)[cols[3:-1]].sum()
    gen = out["ch4_generated"].to_numpy(dtype=float)
    out["recovery_share"] = np.where(gen > 0, out["ch4_recovered"] / np.where(gen > 0, gen, 1),
                                     np.nan)
    return out[cols]


def default_decay_curves(ctx: RunContext, years: int = 50) -> pd.DataFrame:
    """Decay curves with the IPCC default k of the project's climate zone (empty without one
    or without 4.A series in the run)."""
    opts = _options(ctx)
    if opts.climate_zone is None or ctx.table(FOD_TABLE).empty:
        return pd.DataFrame(columns=["waste", "k", "years_after_deposit", "remaining",
                                     "decomposed"])
    table = ctx.factors.table
    k = table[(table["parameter"] == f"k_{opts.climate_zone}")
              & (table["layer"] == "ipcc_default")].drop_duplicates("activity")
    return decay_curves(k.sort_values("activity"), opts.delay_months, years)


def _fod(ctx: RunContext) -> pd.DataFrame:
    return ctx.table(FOD_TABLE)


register_check(Check(
    "waste.fod_history_shorter_than_50_years", "emissions", "warning",
    "SWDS disposal series starting less than 50 years before the first inventory year (the FOD "
    "model needs 3-5 half-lives of disposal history; IPCC 2006 Vol.5 Ch.3 Sect. 3.2.2): give "
    "disposal_history rows or an earlier options: waste: history: start_year",
    lambda ctx: fod_history_too_short(_fod(ctx)), sector="waste"))
register_check(Check(
    "waste.country_parameter_outside_ipcc_range", "intake", "warning",
    "country-specific waste parameter outside the range of the IPCC default it replaces "
    "(document the difference; IPCC 2006 Vol.1 Ch.6 Sect. 6.7.1, Vol.5 Ch.3 and Ch.6 QA/QC)",
    lambda ctx: parameters_outside_ipcc_range(ctx.parameters, ctx.factors,
                                              _options(ctx).climate_zone), sector="waste"))
register_product(ReportProduct(
    "waste.swds_ch4", "waste_swds_ch4.csv", "sector",
    lambda ctx: swds_ch4_balance(_fod(ctx)),
    "CH4 generated, recovered, oxidised and emitted by SWDS per region, year and category "
    "[kt CH4], waste deposited [kt] and the recovery share (from the FOD model, waste.fod)",
    sector="waste"))
register_product(ReportProduct(
    "waste.decay_curves", "waste_decay_curves.csv", "sector", default_decay_curves,
    "share of one year's DDOCm remaining in and decomposed by the SWDS per year after deposit, "
    "IPCC default k of the project's climate zone (Vol.5 Ch.3 Table 3.3) and its delay",
    sector="waste"))
