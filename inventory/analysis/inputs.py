"""The national category/gas series the analyses work on, from the run's combined emissions
(:mod:`inventory.combine`: CRT code and CO2-eq added once)."""

from __future__ import annotations

import pandas as pd

from .levels import assessment_categories, is_lulucf

__all__ = ["category_series", "SERIES_KEYS"]

SERIES_KEYS = ["kca_id", "gas"]


def category_series(emissions: pd.DataFrame, years: list[int] | None = None) -> pd.DataFrame:
    """National emissions per assessed category and gas [kt CO2-eq], one column per year.

    Rows counted in the national total only (memo items excluded; indirect gases have no
    CO2-eq); a category/gas reported with notation keys in a year has 0 there (it adds nothing
    to the total). Columns: ``kca_id``, ``gas``, ``kca_code``, ``fuel_group``, ``kca_label``,
    ``lulucf`` and the years.
    """
    from inventory.crt.memo import is_memo_only

    em = emissions[~emissions["memo"].astype(bool).to_numpy()
                   & ~is_memo_only(emissions["category"].astype(str))]
    em = em[em["value_co2eq"].notna()]
    cats = assessment_categories(em)
    df = pd.concat([em[["year", "gas"]].reset_index(drop=True),
                    cats.reset_index(drop=True)], axis=1)
    df["value"] = em["value_co2eq"].to_numpy(dtype=float)
    df["lulucf"] = is_lulucf(em["crt_category"])
    wide = df.pivot_table(index=["kca_id", "gas", "kca_code", "fuel_group", "kca_label",
                                 "lulucf"], columns="year", values="value", aggfunc="sum",
                          fill_value=0.0)
    if years is not None:
        wide = wide.reindex(columns=list(years), fill_value=0.0)
    wide.columns = [int(c) for c in wide.columns]
    out = wide.reset_index()
    return out.sort_values(["kca_id", "gas"]).reset_index(drop=True)


