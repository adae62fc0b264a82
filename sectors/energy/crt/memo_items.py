"""CRT Table1.D: international bunkers and multilateral operations (memo items, never in the
national totals), CO2 emissions from biomass and CO2 captured.

Rows: 1.D.1.a aviation bunkers and 1.D.1.b navigation bunkers, each with its total and one row
per fuel that has rows (IPCC 2006 categories 1.A.3.a.i and 1.A.3.d.i), 1.D.2 multilateral
operations (1.A.5.c) likewise; then 1.D.3 CO2 emissions from biomass and 1.D.4 CO2 captured
(a for domestic storage, b for storage in other countries), CO2 only.
Columns: consumption [TJ, NCV]; IEF CO2 [t/TJ], CH4, N2O [kg/TJ]; emissions CO2, CH4, N2O [kt].
IEF = sum of emissions / sum of activity over the rows with both (as in Table1.A(a)).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from inventory.crt.data import YearData
from inventory.crt.layout import (
    NOTES_KEYS,
    Cell,
    Formats,
    SheetContext,
    finish_sheet,
    resolve,
    sum_or_key,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.registry import register_sheet
from inventory.notation import rollup_one
from sectors.energy.crt.tables import CAPTURED_ROWS, captured_amount, fuel_columns

__all__ = ["D_SECTIONS"]

GASES = ("CO2", "CH4", "N2O")
IEF_FACTOR = {"CO2": 1e3, "CH4": 1e6, "N2O": 1e6}
D_SECTIONS = (("1.D.1.a", "1.D.1.a. International bunkers - aviation"),
              ("1.D.1.b", "1.D.1.b. International bunkers - navigation"),
              ("1.D.2", "1.D.2. Multilateral operations"))


def _fuel_names() -> pd.Series:
    from sectors.energy.fuels import fuels

    return fuels().reset_index().set_index("fuel")["ipcc_name"]


def _cells(rows: pd.DataFrame) -> list[Cell]:
    """Activity [TJ, once per region/category/fuel], IEFs and emissions of memo rows. Numpy
    masks over the rows' columns: the same values in the same order as filtering the frame
    per gas, so the same sums."""
    if rows.empty:
        return ["NE"] * 7
    first = ~rows.duplicated(["region", "category", "activity"]).to_numpy()
    gas = rows["gas"].to_numpy(dtype=object)
    value = rows["value"].to_numpy(dtype=float)
    ad_tj = rows["ad_tj"].to_numpy(dtype=float)
    key = rows["key"].astype(object).to_numpy()
    ad = resolve(*rollup_one(ad_tj[first], key[first])[:2])
    em: dict[str, Cell] = {}
    iefs: list[Cell] = []
    for g in GASES:
        m = gas == g
        em[g] = resolve(*rollup_one(value[m], key[m])[:2]) if m.any() else "NE"
        both = m & ~np.isnan(value) & ~np.isnan(ad_tj)
        if isinstance(em[g], str):
            iefs.append(em[g])
        elif not both.any() or not ad_tj[both].sum() > 0:
            iefs.append("NA")
        else:
            iefs.append(float(value[both].sum() / ad_tj[both].sum() * IEF_FACTOR[g]))
    return [ad, *iefs, *(em[g] for g in GASES)]


@register_sheet("Table1.D", order=150)
def write_table1d(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = fuel_columns()
    row = write_title_block(ws, fmt, ctx, "TABLE 1.D SECTORAL BACKGROUND DATA FOR ENERGY - "
                            "International bunkers and multilateral operations")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    memo = data.memo_rows
    names = _fuel_names()
    for code, label in D_SECTIONS:
        rows = memo[memo["memo_item"] == code]
        write_row(ws, fmt, row, label, _cells(rows), cols, bold=True)
        row += 1
        for fuel in sorted(pd.unique(rows["activity"].astype(str))):
            write_row(ws, fmt, row, str(names.get(fuel, fuel)),
                      _cells(rows[rows["activity"] == fuel]), cols, indent=1)
            row += 1
    bio = memo[memo["memo_item"] == "1.D.3"]
    v, k = sum_or_key(bio)
    write_row(ws, fmt, row, "1.D.3. CO2 emissions from biomass",
              [None, None, None, None, resolve(v, k), None, None], cols, bold=True)
    row += 1
    total = sum_or_key(memo[memo["memo_item"] == "1.D.4"])
    write_row(ws, fmt, row, "1.D.4. CO2 captured",
              [None, None, None, None, resolve(*total), None, None], cols, bold=True)
    row += 1
    for act, (sub, title) in CAPTURED_ROWS.items():
        v, k = captured_amount(data, act)
        write_row(ws, fmt, row, f"{sub}. {title}",
                  [None, None, None, None, resolve(v if not math.isnan(v) else v, k), None,
                   None], cols, indent=1)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "Memo items: not included in the national totals. Bunkers: fuel sold to international "
        "aviation and navigation (IPCC 2006 1.A.3.a.i, 1.A.3.d.i); multilateral operations "
        "(1.A.5.c). CO2 captured: amounts reported by capture operators (kt CO2).",
    ])
    finish_sheet(ws, first)
