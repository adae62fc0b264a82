"""Shared pieces of the waste methods: reference lists, activity ids, emission-row building,
parameter lookups with provenance, and the composition check.

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
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError
from inventory.factors import FactorDB, Lookup
from inventory.schema import concat_emissions

__all__ = ["DATA", "reference", "waste_types", "swds_sites", "biological_treatments",
           "incineration_technologies", "wastewater_pathways", "wastewater_industries",
           "split_activity", "emission_frame", "keyed_frame", "join_ids", "lookup_param",
           "check_fractions", "ensure_known", "finish", "RECOVERED", "C_TO_CO2", "CH4_C",
           "N2O_N"]

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


def join_ids(*columns) -> list[str]:
    """Row-wise ';'-join of id columns, skipping empty pieces and repeats."""
    cols = [np.asarray(c, dtype=object) for c in columns]
    out = []
    for parts in zip(*cols, strict=True):
        seen: list[str] = []
        for p in parts:
            if isinstance(p, str) and p:
                for q in p.split(";"):
                    if q and q not in seen:
                        seen.append(q)
        out.append(";".join(seen))
    return out


def lookup_param(factors: FactorDB, rows: pd.DataFrame, parameter: str, unit: str,
                 gas: str = "-", tier: np.ndarray | None = None,
                 national_from_tier: int = 2, required_from_tier: int | None = None,
                 ) -> Lookup:
    """A method parameter for each row, with the tier rule of the waste methods.

    Rows below ``national_from_tier`` take the IPCC default where one exists; rows at or above
    it take the most specific layer (national, provincial, plant) and fall back to the default;
    rows at or above ``required_from_tier`` must have a country-specific value (a
    MethodInputError otherwise). A parameter with no IPCC default (population, protein,
    composition) is taken from the country's rows at any tier. A row without any value is a
    MethodInputError naming activity, category, region and year.
    """
    n = len(rows)
    tier = np.ones(n, dtype=int) if tier is None else np.asarray(tier)
    out = factors.lookup(rows, parameter, unit, gas, ("ipcc_default",))
    high = tier >= national_from_tier
    if high.any():
        nat_layers = ("national", "provincial", "plant")
        sub = rows[high]
        if required_from_tier is not None and (tier[high] >= required_from_tier).any():
            need = tier[high] >= required_from_tier
            factors.require(sub[need], parameter, unit, gas, nat_layers,
                            tier=int(tier[high][need][0]))
        nat = factors.lookup(sub, parameter, unit, gas, nat_layers)
        idx = np.flatnonzero(high)[nat.found]
        for f in ("value", "lower", "upper", "parameter_id", "layer", "source", "found"):
            getattr(out, f)[idx] = getattr(nat, f)[nat.found]
    if not out.found.all():
        # parameters without an IPCC default (population, protein, composition ...) come from
        # the country's data at every tier; none at all is an error naming the row
        miss = ~out.found
        anyl = factors.require(rows[miss], parameter, unit, gas, schema.LAYERS,
                               tier=int(tier[miss][0]))
        idx = np.flatnonzero(miss)
        for f in ("value", "lower", "upper", "parameter_id", "layer", "source", "found"):
            getattr(out, f)[idx] = getattr(anyl, f)
    return out


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


def emission_frame(rows: pd.DataFrame, gas: str, value, *, tier, method: str,
                   equation: str, activity_value, activity_unit: str, ief_unit: str,
                   ief_scale: float, factor_layer, factor_source, activity_ids,
                   parameter_ids, memo=False, activity=None, category=None) -> pd.DataFrame:
    """Emission rows (kt of gas) aligned with ``rows`` (region, year, category, activity).

    ``ief`` = value / activity_value x ``ief_scale`` where the activity is > 0."""
    value = np.asarray(value, dtype=float)
    av = np.asarray(activity_value, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ief = np.where(av > 0, value / np.where(av > 0, av, 1.0) * ief_scale, np.nan)
    n = len(rows)
    return pd.DataFrame({
        "region": rows["region"].to_numpy(), "year": rows["year"].to_numpy(dtype="int64"),
        "category": rows["category"].to_numpy() if category is None else category,
        "activity": rows["activity"].to_numpy() if activity is None else activity,
        "gas": gas, "value": value, "notation_key": None,
        "memo": np.broadcast_to(np.asarray(memo, dtype=bool), (n,)).copy(),
        "tier": np.broadcast_to(np.asarray(tier, dtype="int64"), (n,)).copy(),
        "method": method, "equation": equation, "activity_value": av,
        "activity_unit": activity_unit, "ief": ief, "ief_unit": ief_unit,
        "factor_layer": np.broadcast_to(np.asarray(factor_layer, dtype=object), (n,)).copy(),
        "factor_source": np.broadcast_to(np.asarray(factor_source, dtype=object),
                                         (n,)).copy(),
        "activity_ids": np.broadcast_to(np.asarray(activity_ids, dtype=object), (n,)).copy(),
        "parameter_ids": np.broadcast_to(np.asarray(parameter_ids, dtype=object),
                                         (n,)).copy(),
    })


def keyed_frame(rows: pd.DataFrame, gases: tuple[str, ...], *, tier, method: str,
                equation: str, activity_unit: str, ief_unit: str, key=None,
                memo_gases: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows with a notation key instead of a number, one per gas (the activity row's key, or
    ``key`` where given, e.g. NA for N2O from anaerobic digestion)."""
    frames = []
    for gas in gases:
        k = (rows["notation_key"].astype(object).to_numpy() if key is None
             else np.full(len(rows), key, dtype=object))
        frames.append(pd.DataFrame({
            "region": rows["region"].to_numpy(), "year": rows["year"].to_numpy(dtype="int64"),
            "category": rows["category"].to_numpy(), "activity": rows["activity"].to_numpy(),
            "gas": gas, "value": np.nan, "notation_key": k, "memo": gas in memo_gases,
            "tier": np.asarray(tier, dtype="int64"), "method": method, "equation": equation,
            "activity_value": np.nan, "activity_unit": activity_unit, "ief": np.nan,
            "ief_unit": ief_unit, "factor_layer": None, "factor_source": None,
            "activity_ids": rows["activity_id"].to_numpy(), "parameter_ids": ""}))
    return pd.concat(frames, ignore_index=True) if frames else schema.empty("emissions")


def finish(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate emission frames with the contract's dtypes (inventory.schema)."""
    return concat_emissions(frames)

