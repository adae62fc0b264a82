"""Memo items of the CRT (Summary1 and Table1) and how emission rows are assigned to them.

Memo items are reported but never counted in the national totals. A row is a memo row when
its ``memo`` flag is set, or when its IPCC 2006 category is memo-only in the CRT whatever the
flag says (the crosswalk inventory/data/ipcc2006_to_crt.csv maps it to a 1.D memo code --
international bunkers 1.A.3.a.i / 1.A.3.d.i, multilateral operations 1.A.5.c -- or it is
indirect N2O, IPCC 2006 5.A) -- so a bunker row can never leak into the national total.

Assignment (first rule that matches):

* CO2 from a biomass fuel (crt_fuel_group ``biomass``)      -> 1.D.3 CO2 emissions from biomass
* the crosswalk's memo code of the IPCC 2006 category, i.e.
  1.A.3.a.i (international aviation)                        -> 1.D.1.a Aviation
  1.A.3.d.i (international water-borne navigation)          -> 1.D.1.b Navigation
  1.A.5.c (multilateral operations)                         -> 1.D.2 Multilateral operations
* IPCC 2006 5.A, gas N2O (indirect N2O)                     -> Indirect N2O
* CO2 rows of category 1.C with activity ``co2_captured:*`` (``co2_captured:domestic_storage``
  / ``co2_captured:export``) -> 1.D.4 CO2 captured (checked first, before the biomass rule)

(The ``ipcc`` lists of :data:`MEMO_ITEMS` repeat the crosswalk's bunker rows so the rules still
hold for a crosswalk without them.)

The run's combine step (:mod:`inventory.combine`) assigns the memo item once, from the row's
crosswalk node (``crt_category``) where that is a memo node (1.D.*, 5.F.*), else by the rules
above. Long-term storage of C in waste disposal sites maps to 5.F.1 through the waste
crosswalk; indirect CO2 has no row convention yet (its cells show "NE"). Memo rows that match
no rule are left out of every sheet. (The reference approach and the indirect CO2 of
electricity trade are background tables of the energy sector, not emission rows.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from inventory.categories import crosswalk

__all__ = ["MemoItem", "MEMO_ITEMS", "CAPTURED_ACTIVITY", "MEMO_ONLY_IPCC", "is_memo_only",
           "assign_memo_items",
           "memo_item"]

_DIRECT = ("CO2", "CH4", "N2O", "NOx", "CO", "NMVOC", "SO2")
CAPTURED_ACTIVITY = "co2_captured:"   # activity prefix of the CO2 captured rows (1.C)


@dataclass(frozen=True)
class MemoItem:
    code: str                       # CRT code (or an id where the CRT has none)
    title: str
    gases: tuple[str, ...] = _DIRECT  # gases the CRT has a cell for; other cells are shaded
    ipcc: tuple[str, ...] = ()      # IPCC 2006 codes (and their sub-codes) that belong here
    children: tuple[str, ...] = ()  # memo items summed into this one
    depth: int = 0


MEMO_ITEMS: tuple[MemoItem, ...] = (
    MemoItem("1.D.1", "International bunkers", children=("1.D.1.a", "1.D.1.b")),
    MemoItem("1.D.1.a", "Aviation", ipcc=("1.A.3.a.i",), depth=1),
    MemoItem("1.D.1.b", "Navigation", ipcc=("1.A.3.d.i",), depth=1),
    MemoItem("1.D.2", "Multilateral operations", ipcc=("1.A.5.c",)),
    MemoItem("1.D.3", "CO2 emissions from biomass", gases=("CO2",)),
    MemoItem("1.D.4", "CO2 captured", gases=("CO2",)),
    MemoItem("5.F.1", "Long-term storage of C in waste disposal sites", gases=("CO2",)),
    MemoItem("indirect_N2O", "Indirect N2O", gases=("N2O",), ipcc=("5.A",)),
    MemoItem("indirect_CO2", "Indirect CO2", gases=("CO2",)),
)

MEMO_ONLY_IPCC: tuple[str, ...] = tuple(c for m in MEMO_ITEMS for c in m.ipcc)

_BY_CODE = {m.code: m for m in MEMO_ITEMS}


def memo_item(code: str) -> MemoItem:
    return _BY_CODE[code]


@cache
def _crosswalk_memo() -> dict[str, str]:
    """IPCC 2006 code -> memo item code, for the crosswalk rows that map to a memo item."""
    return {ipcc: crt for ipcc, crt in crosswalk().items() if crt in _BY_CODE}


def _under(categories: pd.Series, codes: tuple[str, ...]) -> np.ndarray:
    cat = categories.astype(str)
    hit = np.zeros(len(cat), dtype=bool)
    for c in codes:
        hit |= (cat == c).to_numpy() | cat.str.startswith(c + ".").to_numpy()
    return hit


def is_memo_only(categories: pd.Series) -> np.ndarray:
    """True where the IPCC 2006 category is reported only as a CRT memo item."""
    in_cw = categories.astype(str).isin(list(_crosswalk_memo())).to_numpy()
    return in_cw | _under(categories, MEMO_ONLY_IPCC)


def assign_memo_items(rows: pd.DataFrame) -> pd.Series:
    """The memo item code of each (memo) row, None where no rule matches.

    ``rows`` needs ``category``, ``gas`` and ``fuel_group`` columns.
    """
    out = np.full(len(rows), None, dtype=object)
    free = np.ones(len(rows), dtype=bool)
    captured = ((rows["category"].astype(str) == "1.C")
                & rows["activity"].astype(str).str.startswith(CAPTURED_ACTIVITY)
                & (rows["gas"].astype(str) == "CO2")).to_numpy()
    out[captured] = "1.D.4"
    free &= ~captured
    biomass_co2 = ((rows["gas"].astype(str) == "CO2")
                   & (rows["fuel_group"].astype(object) == "biomass")).to_numpy() & free
    out[biomass_co2] = "1.D.3"
    free &= ~biomass_co2
    target = (rows["crt_category"].where(rows["crt_category"].isin(list(_BY_CODE)))
              if "crt_category" in rows else rows["category"].astype(str).map(_crosswalk_memo()))
    ok_gas = np.array([isinstance(t, str) and g in _BY_CODE[t].gases
                       for t, g in zip(target, rows["gas"].astype(str), strict=True)],
                      dtype=bool)
    hit = free & ok_gas
    out[hit] = target.to_numpy()[hit]
    free &= ~hit
    for item in MEMO_ITEMS:
        if not item.ipcc:
            continue
        hit = free & _under(rows["category"], item.ipcc)
        hit &= rows["gas"].astype(str).isin(item.gases).to_numpy()
        out[hit] = item.code
        free &= ~hit
    return pd.Series(out, index=rows.index, dtype=object)
