"""Shared pieces of the waste methods: reference lists, activity ids, the composition check
and the folding of factor provenance onto aggregated rows.

Activity ids on the Waste sheet name what a row is, ``<thing>:<qualifier>``:

* 4.A solid waste disposal: ``<waste type>:<site type>`` (``food:managed_anaerobic``,
  ``msw:uncategorised``) and ``ch4_recovered`` [kt CH4];
* 4.B biological treatment: ``composting``, ``anaerobic_digestion`` [kt waste] and
  ``<treatment>:ch4_recovered`` [kt CH4];
* 4.C incineration and open burning: ``<waste type>:<technology>`` [kt waste, wet];
* 4.D.1 domestic wastewater: ``population:<income group>`` [head], ``sludge_removed`` [kt BOD],
  ``ch4_recovered`` [kt CH4];
* 4.D.2 industrial wastewater: ``<industry>:<pathway>`` [kt product], ``sludge_removed``
  [kt COD], ``ch4_recovered`` [kt CH4].

The reference lists live in ``sectors/waste/data/*.csv`` (waste types, SWDS site types,
biological treatments, incineration technologies, wastewater pathways and industries).

Emission rows come from :func:`inventory.methods.emission_rows` / ``keyed_rows``; factor
lookups from :meth:`inventory.methods.MethodInput.factor` (the tier's layer rule). Where one
emission row is built from many lookup rows (the components of MSW, every year of an FOD series,
the income groups of a wastewater pathway), :func:`inventory.lookups.fold` folds their
provenance onto the row, so the row still records every parameter id, every source and the most specific layer
used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.factors import Lookup

__all__ = ["DATA", "reference", "waste_types", "swds_sites", "biological_treatments",
           "incineration_technologies", "wastewater_pathways", "wastewater_industries",
           "split_activity", "check_fractions", "ensure_known", "recorded_option", "RECOVERED",
           "C_TO_CO2", "CH4_C", "N2O_N"]

DATA = Path(__file__).resolve().parent / "data"
RECOVERED = "ch4_recovered"
C_TO_CO2 = 44.0 / 12.0     # mass CO2 per mass C
CH4_C = 16.0 / 12.0        # mass CH4 per mass C
N2O_N = 44.0 / 28.0        # mass N2O per mass N2O-N
FRACTION_TOLERANCE = 1e-3  # composition and utilisation fractions must add up to 1 within this


@cache
def reference(name: str) -> pd.DataFrame:
    """A reference list ``sectors/waste/data/<name>.csv`` indexed by its first column."""
    df = pd.read_csv(DATA / f"{name}.csv", comment="#", dtype=str, keep_default_na=False)
    return df.set_index(df.columns[0])


def waste_types() -> pd.DataFrame:
    return reference("waste_types")


def swds_sites() -> pd.DataFrame:
    return reference("swds_sites")


def biological_treatments() -> pd.DataFrame:
    return reference("biological_treatments")


def incineration_technologies() -> pd.DataFrame:
    return reference("incineration_technologies")


def wastewater_pathways() -> pd.DataFrame:
    return reference("wastewater_pathways")


def wastewater_industries() -> pd.DataFrame:
    return reference("wastewater_industries")


def split_activity(activity: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """'food:managed_anaerobic' -> ('food', 'managed_anaerobic'); no ':' -> (id, '')."""
    parts = activity.astype(str).str.split(":", n=1, expand=True)
    first = parts[0].to_numpy(dtype=object)
    second = (parts[1].fillna("").to_numpy(dtype=object) if parts.shape[1] > 1
              else np.full(len(activity), "", dtype=object))
    return first, second


def ensure_known(rows: pd.DataFrame, mask: np.ndarray, what: str, expected: str) -> None:
    """Raise an InputError naming the first activity row where ``mask`` is True."""
    if np.any(mask):
        bad = rows[np.asarray(mask, dtype=bool)].iloc[0]
        raise InputError(f"{what} '{bad['activity']}' in {bad['category']}",
                         bad.get("source_ref") if isinstance(bad.get("source_ref"), str)
                         else None, expected)


def check_fractions(table: pd.DataFrame, group: list[str], what: str, expected: str) -> None:
    """Fractions in ``table['value']`` must add up to 1 within each ``group``; the error names
    the parameter rows (their source_ref) and the sum found."""
    if table.empty:
        return
    sums = table.groupby(group, sort=True)["value"].transform("sum")
    bad = (sums - 1.0).abs() > FRACTION_TOLERANCE
    if bad.any():
        first = table[bad.to_numpy()].iloc[0]
        sel = table[np.logical_and.reduce([(table[g] == first[g]).to_numpy() for g in group])]
        refs = sel["source_ref"].dropna().astype(str).tolist() if "source_ref" in sel else []
        where = "; ".join(refs[:6]) + (f" and {len(refs) - 6} more" if len(refs) > 6 else "")
        keys = ", ".join(f"{g} {first[g]}" for g in group)
        raise InputError(f"{what} add up to {sums[bad].iloc[0]:.4f}, not 1 ({keys})",
                         where or "parameters table", expected)





def recorded_option(text, n: int) -> Lookup:
    """A method option recorded among a row's ``parameter_ids`` (e.g.
    ``option:waste.history=population``): no value, no layer, no source."""
    return Lookup(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan),
                  np.broadcast_to(np.asarray(text, dtype=object), (n,)).copy(),
                  np.full(n, None, dtype=object), np.full(n, None, dtype=object),
                  np.ones(n, dtype=bool))
