"""The emissions table the analyses work on, and its national category/gas series.

The analysis stage runs after the sector stages and before the report stage, so it combines the
staged ``emissions_<sector>.parquet`` files itself (with the same CRT mapping and CO2-eq
conversion as the report stage); for a finished run folder it reads ``emissions.parquet``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from inventory import schema
from inventory.notation import NOTATION_DTYPE

from .levels import assessment_categories, is_lulucf

__all__ = ["combined_emissions", "category_series", "SERIES_KEYS"]

SERIES_KEYS = ["kca_id", "gas"]


def _restore_keys(df: pd.DataFrame) -> pd.DataFrame:
    if "notation_key" in df:
        df["notation_key"] = df["notation_key"].astype(object).astype(NOTATION_DTYPE)
    return df


def combined_emissions(run_dir: Path | str, gwp_set: str) -> pd.DataFrame:
    """All sectors' emission rows of a run folder with ``crt_category``, ``value_co2eq`` and
    ``gwp_set`` (as the report stage adds them)."""
    from inventory.categories import to_crt
    from inventory.gases import co2_equivalent
    from inventory.pipeline import STAGE_DIR, sectors_in_order

    run_dir = Path(run_dir)
    if (run_dir / "emissions.parquet").exists():
        return _restore_keys(pd.read_parquet(run_dir / "emissions.parquet"))
    frames = [_restore_keys(pd.read_parquet(run_dir / STAGE_DIR / f"emissions_{s}.parquet"))
              for s in sectors_in_order()
              if (run_dir / STAGE_DIR / f"emissions_{s}.parquet").exists()]
    em = pd.concat(frames, ignore_index=True) if frames else schema.empty("emissions")
    schema.ensure_valid(em, "emissions")
    em["crt_category"] = to_crt(em["category"])
    em["value_co2eq"] = co2_equivalent(em["value"], em["gas"], gwp_set)
    em["gwp_set"] = gwp_set
    return em


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


