"""QA of the IPPU sector: checks that return the offending rows, and the report products a
reviewer reads. Both are registered here and written by ``ghgi compile`` and ``ghgi run``
alike (the notebook only shows them).

Checks (:mod:`inventory.checks`; the project's policy in ``inventory.yml`` decides raise / warn /
record):

* ``ippu.energy_feedstock_double_counting`` (intake): registered in
  :mod:`sectors.ippu.double_counting`.
* ``ippu.fgas_negative_servicing`` (emissions, warning): bank-model years where the servicing
  (refill of leaks) comes out negative, x B - (1 - p) R < 0: the leak rate x and the charge left
  at disposal p are inconsistent (equipment reaches disposal with less charge than the leaks
  explain), so the sales (potential emissions, IPCC 2006 Vol.3 Ch.7 Eq. 7.9) are understated.
  The IPCC Table 7.9 midpoints themselves do this for domestic refrigeration and closed-cell
  foam; country values of x and p remove it.

Report products (:mod:`inventory.products`, sector stage):

* ``ippu.implied_factors`` -> ``ippu_implied_factors.csv``: national implied emission factor
  per year, category, activity and gas (sum of emissions / sum of activity over the regions)
  against the IPCC default of the same keys and its range (IPCC 2006 Vol.1 Ch.6 Sect. 6.7.1);
  Tier 1 rows equal the default by construction, Tier 2-3 rows show the country deviation.
* ``ippu.fgas_actual_vs_potential`` -> ``ippu_fgas_actual_vs_potential.csv``: national F-gas
  banks, actual emissions and potential emissions (sales) per year, category, application and
  species [t], with their ratio (from the background table ``ippu.fgas_bank``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.checks import Check, register_check
from inventory.factors import FactorDB
from inventory.products import ReportProduct, RunContext, register_product

__all__ = ["implied_factors", "fgas_actual_vs_potential", "negative_servicing",
           "IEF_PARAMETER"]

# the default factor an implied factor is compared with, by the unit of the activity
IEF_PARAMETER = {"kt": "EF_mass", "ha": "EF_area", "item": "EF_unit"}
_IEF_COLUMNS = ["year", "category", "activity", "gas", "tier", "activity_unit", "ief_unit",
                "value", "activity_value", "ief", "ipcc_default", "ipcc_lower", "ipcc_upper",
                "ipcc_source", "within_range"]


def implied_factors(emissions: pd.DataFrame, factors: FactorDB) -> pd.DataFrame:
    """National implied factors of the IPPU emission rows against the IPCC defaults.

    Parameters
    ----------
    emissions : the sector's emission rows (numbers only are used; memo rows and the F-gas
        bank stages, whose implied factor is a fraction of a stock, are left out)
    factors : the run's factor database (its ``ipcc_default`` layer is used)

    Returns
    -------
    DataFrame, one row per year, category, activity and gas: ``value`` [kt], ``activity_value``
    [activity_unit], ``ief`` [ief_unit], ``ipcc_default``/``ipcc_lower``/``ipcc_upper`` in the
    same unit (empty where the IPCC gives none), ``within_range`` (empty without a range).
    """
    rows = emissions[emissions["value"].notna() & emissions["activity_value"].gt(0)
                     & ~emissions["memo"].astype(bool)
                     & emissions["activity_unit"].isin(list(IEF_PARAMETER))
                     & emissions["ief_unit"].notna() & emissions["ief_unit"].ne("fraction")]
    if rows.empty:
        return pd.DataFrame(columns=_IEF_COLUMNS)
    keys = ["year", "category", "activity", "gas", "activity_unit", "ief_unit"]
    g = rows.groupby(keys, as_index=False).agg(value=("value", "sum"),
                                               activity_value=("activity_value", "sum"),
                                               tier=("tier", "max"))
    from inventory.units import conversion_factor

    ipcc = factors.ipcc_defaults()   # built once per run, shared with the core's checks
    for col in ("ief", "ipcc_default", "ipcc_lower", "ipcc_upper"):
        g[col] = np.nan
    g["ipcc_source"] = None
    for (a_unit, i_unit, gas), idx in g.groupby(["activity_unit", "ief_unit", "gas"]).groups.items():
        sub = g.loc[idx]
        g.loc[idx, "ief"] = (sub["value"] / sub["activity_value"]
                             * conversion_factor(f"kt/({a_unit})", i_unit)).to_numpy()
        res = ipcc.lookup(sub.assign(region="*"), IEF_PARAMETER[a_unit], i_unit, gas,
                          ("ipcc_default",))
        g.loc[idx, "ipcc_default"] = res.value
        g.loc[idx, "ipcc_lower"] = res.lower
        g.loc[idx, "ipcc_upper"] = res.upper
        g.loc[idx, "ipcc_source"] = res.source
    has_range = g["ipcc_lower"].notna() & g["ipcc_upper"].notna()
    inside = ((g["ief"] >= g["ipcc_lower"] * (1 - 1e-9))
              & (g["ief"] <= g["ipcc_upper"] * (1 + 1e-9)))
    g["within_range"] = inside.astype(object).where(has_range, None)
    return g[_IEF_COLUMNS].sort_values(["year", "category", "activity", "gas"],
                                       ignore_index=True)


def fgas_actual_vs_potential(bank: pd.DataFrame) -> pd.DataFrame:
    """National F-gas quantities per year, category, application and species [t] from the
    background table ``ippu.fgas_bank``: amount charged or sold, bank at year end, actual
    emissions (Eq. 7.10; prompt: Eqs. 7.5, 7.6) and potential emissions = sales (Eq. 7.9),
    ``actual_to_potential`` = actual / potential (empty where the potential is not positive)."""
    cols = ["year", "category", "application", "gas", "model", "charge_t", "bank_t",
            "actual_t", "potential_t", "actual_to_potential"]
    if bank.empty:
        return pd.DataFrame(columns=cols)
    g = (bank.groupby(["year", "category", "application", "gas", "model"], as_index=False)
         [["charge", "bank", "emissions", "sales"]].sum())
    out = g.rename(columns={"charge": "charge_t", "bank": "bank_t", "emissions": "actual_t",
                            "sales": "potential_t"})
    out[["charge_t", "bank_t", "actual_t", "potential_t"]] *= 1e3
    pot = out["potential_t"]
    out["actual_to_potential"] = (out["actual_t"] / pot.where(pot > 0)).astype(float)
    return out[cols].sort_values(["year", "category", "application", "gas"],
                                 ignore_index=True)


def negative_servicing(bank: pd.DataFrame, tolerance: float = 1e-12) -> pd.DataFrame:
    """Bank-model rows (region, year, application, species) whose servicing is negative
    [kt]: x B < (1 - p) R (see the module docstring)."""
    cols = ["region", "year", "category", "activity", "gas", "tier", "servicing", "e_life",
            "retired", "bank"]
    if bank.empty:
        return pd.DataFrame(columns=cols)
    bad = bank[bank["model"].eq("bank") & bank["servicing"].lt(-tolerance)]
    return bad.rename(columns={"application": "activity"})[cols].reset_index(drop=True)


register_check(Check(
    "ippu.fgas_negative_servicing", "emissions", "warning",
    "F-gas bank model: servicing (refill of leaks) is negative because the leak rate x and the "
    "charge left at disposal p are inconsistent; the sales (potential emissions, IPCC 2006 "
    "Vol.3 Ch.7 Eq. 7.9) are understated: give country values of x and p (leak_rate, "
    "eol_residual)",
    lambda ctx: negative_servicing(ctx.table("ippu.fgas_bank")), sector="ippu"))


def _ippu_rows(ctx: RunContext) -> pd.DataFrame:
    em = ctx.emissions
    return em[em["category"].astype(str).str.match(r"^2(\.|$)")]


register_product(ReportProduct(
    "ippu.implied_factors", "ippu_implied_factors.csv", "sector",
    lambda ctx: implied_factors(_ippu_rows(ctx), ctx.factors),
    "national implied emission factors of IPPU against the IPCC defaults and their ranges",
    sector="ippu"))
register_product(ReportProduct(
    "ippu.fgas_actual_vs_potential", "ippu_fgas_actual_vs_potential.csv", "sector",
    lambda ctx: fgas_actual_vs_potential(ctx.table("ippu.fgas_bank")),
    "national F-gas banks, actual and potential emissions per application and species [t]",
    sector="ippu"))
