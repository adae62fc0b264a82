"""CRT energy sheets for fugitive emissions and CO2 transport and storage: Table1.B.1,
Table1.B.2, Table1.C (rows as in the CRT, see docs/crt_export.md and the PRIMAP CRT reader
specification cited there).

* **Table1.B.1** (solid fuels): rows 1.B.1.a coal mining and handling (a.i underground mines:
  1 mining, 2 post-mining, 3 abandoned mines, 4 flaring of drained methane; a.ii surface mines:
  1 mining, 2 post-mining), 1.B.1.b fuel transformation, 1.B.1.c other. Columns: activity data
  = amount of coal produced [Mt] (the ``coal_production`` rows of the mining leaf; a post-mining
  leaf shows its own copy; a.i/a.ii show their mining leaf's, 1.B.1.a their sum); IEF CH4 and
  CO2 [kg/t]; emissions CH4, CO2 [kt] after subtracting recovery; recovery/flaring CH4 and CO2
  [kt] (methane recovered, the rows of activity ``ch4_recovered``; flaring CO2 is an emission
  of a.i.4, so the CO2 recovery cell is NO where rows exist).
* **Table1.B.2** (oil, natural gas and other): rows 1.B.2.a (i-vi), 1.B.2.b (i-vi), 1.B.2.c
  venting (1 oil, 2 gas, 3 combined) and flaring (1-3), 1.B.2.d. Columns: activity data
  description (the activity ids), unit and value (throughput rows; m3 shown in 10^6 m3); IEF
  CO2, CH4, N2O [kg/unit]; emissions CO2, CH4, N2O [kt].
* **Table1.C**: rows 1.C.1 (a pipelines, b ships, c other), 1.C.2 (a injection, b storage),
  1.C.3 other; columns: CO2 transported or injected [kt] (``co2_transported`` /
  ``co2_injected`` rows), IEF [%] (leakage / amount x 100), emissions CO2 [kt]; then the
  information items: total amount captured for storage (1.D.4), of imports for storage (NE:
  no row convention), total A, exports for storage, CO2 injected at storage sites, leakage from
  transport, injection and storage, total B and the difference A - B.

Emission cells come from the CRT roll-up (``YearData.by_crt_gas``) with the notation-key rules;
cells without any row are NE.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from inventory.categories import crt_tree
from inventory.crt.data import YearData
from inventory.crt.layout import (
    IEF,
    KT,
    KT_FINE,
    NOTES_KEYS,
    TJ,
    Cell,
    Column,
    Formats,
    SheetContext,
    crt_label,
    finish_sheet,
    resolve,
    sum_or_key,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.registry import register_sheet
from sectors.energy.crt.tables import captured_amount

__all__ = ["B1_ROWS", "B2_ROWS", "C_ROWS"]

B1_ROWS = ("1.B.1.a", "1.B.1.a.i", "1.B.1.a.i.1", "1.B.1.a.i.2", "1.B.1.a.i.3", "1.B.1.a.i.4",
           "1.B.1.a.ii", "1.B.1.a.ii.1", "1.B.1.a.ii.2", "1.B.1.b", "1.B.1.c")
B2_ROWS = ("1.B.2.a", "1.B.2.a.i", "1.B.2.a.ii", "1.B.2.a.iii", "1.B.2.a.iv", "1.B.2.a.v",
           "1.B.2.a.vi", "1.B.2.b", "1.B.2.b.i", "1.B.2.b.ii", "1.B.2.b.iii", "1.B.2.b.iv",
           "1.B.2.b.v", "1.B.2.b.vi", "1.B.2.c", "1.B.2.c.i", "1.B.2.c.i.1", "1.B.2.c.i.2",
           "1.B.2.c.i.3", "1.B.2.c.ii", "1.B.2.c.ii.1", "1.B.2.c.ii.2", "1.B.2.c.ii.3",
           "1.B.2.d")
C_ROWS = ("1.C.1", "1.C.1.a", "1.C.1.b", "1.C.1.c", "1.C.2", "1.C.2.a", "1.C.2.b", "1.C.3")
NAN = (float("nan"), None)


def _measured_gases() -> tuple[str, ...]:
    """Activity ids of measured/reported emissions (imported here, not at module level, so
    that the methods register in the order fuel combustion, fugitives)."""
    from sectors.energy.fugitives import MEASURED_GASES

    return MEASURED_GASES


def _indent(code: str, base: str) -> int:
    return int(crt_tree().loc[code, "depth"] - crt_tree().loc[base, "depth"])


def _em(data: YearData, code: str, gas: str) -> Cell:
    return resolve(*data.by_crt_gas.get((code, gas), NAN))


def _under(crt, code: str):
    """CRT codes equal to ``code`` or below it (1.B.2.a.i does not cover 1.B.2.a.ii)."""
    c = crt.astype(str)
    return (c == code) | c.str.startswith(code + ".")


def _leaf_rows(data: YearData, code: str):
    """The inventory rows at ``code`` or below it: one boolean filter, the codes tested once
    per distinct CRT code (factorised once per workbook)."""
    r = data.inventory_rows
    codes, uniq = data.cached("energy.crt_codes",
                              lambda d: pd.factorize(d.inventory_rows["crt"].astype(str)))
    below = code + "."
    # a missing code (-1) takes the appended False
    hit = np.array([c == code or c.startswith(below) for c in uniq] + [False], dtype=bool)
    return r[hit[codes]]


def _ief(em: Cell, ad: Cell, scale: float) -> Cell:
    if isinstance(em, str):
        return em
    if isinstance(ad, str):
        return ad
    return "NA" if not ad else em / ad * scale


# ---- Table1.B.1 ---------------------------------------------------------------------------

def _coal_ad(data: YearData, code: str) -> Cell:
    """Coal produced [Mt] behind a Table1.B.1 row."""
    mining = {"1.B.1.a.i": ("1.B.1.a.i.1",), "1.B.1.a.ii": ("1.B.1.a.ii.1",),
              "1.B.1.a": ("1.B.1.a.i.1", "1.B.1.a.ii.1")}.get(code, (code,))
    r = data.inventory_rows
    rows = r[r["crt"].isin(mining) & (r["activity"] == "coal_production") & (r["gas"] == "CH4")]
    if rows.empty:
        return "NE" if code.startswith("1.B.1.a") and code.count(".") >= 4 else None
    v, k = sum_or_key(rows.assign(value=rows["activity_value"]))
    return resolve(v / 1e6 if not math.isnan(v) else v, k)


@register_sheet("Table1.B.1", order=130)
def write_table1b1(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("ad", "Amount of fuel produced", "(Mt)", IEF, group="ACTIVITY DATA"),
            Column("ief_CH4", "CH4", "(kg/t)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("ief_CO2", "CO2", "(kg/t)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("CH4", "CH4", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("CO2", "CO2", "(kt)", KT, group="EMISSIONS"),
            Column("rec_CH4", "CH4", "(kt)", KT_FINE, group="RECOVERY/FLARING"),
            Column("rec_CO2", "CO2", "(kt)", KT, group="RECOVERY/FLARING")]
    row = write_title_block(ws, fmt, ctx, "TABLE 1.B.1 SECTORAL BACKGROUND DATA FOR ENERGY - "
                            "Fugitive emissions from solid fuels")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    rec_rows = data.rows[data.rows["activity"] == "ch4_recovered"]
    for code in B1_ROWS:
        ad = _coal_ad(data, code)
        ch4, co2 = _em(data, code, "CH4"), _em(data, code, "CO2")
        ad_ok = ad if ad is not None else "NA"
        rec = rec_rows[_under(rec_rows["crt"], code)]
        if len(rec):
            v, k = sum_or_key(rec)
            rec_ch4: Cell = resolve(-v, k)
            rec_co2: Cell = "NO"
        else:
            rec_ch4 = rec_co2 = "NE" if code.startswith("1.B.1.a.i") else "NA"
        # kt / Mt = kg / t
        cells: list[Cell] = [ad, _ief(ch4, ad_ok, 1.0), _ief(co2, ad_ok, 1.0), ch4, co2,
                             rec_ch4, rec_co2]
        write_row(ws, fmt, row, crt_label(code), cells, cols, indent=_indent(code, "1.B.1.a"),
                  bold=code.count(".") <= 3)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "Emissions are after subtracting the CH4 recovered (IPCC 2006 Vol.2 Ch.4 Eq. 4.1.2); "
        "the recovery column shows the CH4 recovered for energy use or flaring. CO2 from "
        "flaring of drained methane is an emission of 1.B.1.a.i.4. IEF in kg per t of coal "
        "produced. Shaded activity: not applicable to the row.",
    ])
    finish_sheet(ws, first)


# ---- Table1.B.2 ---------------------------------------------------------------------------

def _throughput(data: YearData, code: str):
    r = _leaf_rows(data, code)
    r = r[~r["activity"].isin(_measured_gases()) & r["activity_value"].notna()]
    if r.empty:
        return None
    one = r.drop_duplicates(["region", "category", "activity"])
    units = sorted(set(one["activity_unit"].astype(str)))
    desc = ", ".join(sorted(set(one["activity"].astype(str))))
    if len(units) != 1:
        return desc, "mixed", "NA"
    unit = units[0]
    v = float(one["activity_value"].sum())
    if unit == "m3":
        return desc, "10^6 m3", v / 1e6
    return desc, unit, v


@register_sheet("Table1.B.2", order=131)
def write_table1b2(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    gases = ("CO2", "CH4", "N2O")
    cols = [Column("desc", "Description", "(activity ids)", IEF, group="ACTIVITY DATA",
                   width=24),
            Column("unit", "Unit", "(of the value)", IEF, group="ACTIVITY DATA"),
            Column("value", "Value", "(unit)", TJ, group="ACTIVITY DATA")]
    cols += [Column(f"ief_{g}", g, "(kg/unit)", IEF, group="IMPLIED EMISSION FACTORS")
             for g in gases]
    cols += [Column(g, g, "(kt)", KT if g == "CO2" else KT_FINE, group="EMISSIONS")
             for g in gases]
    row = write_title_block(ws, fmt, ctx, "TABLE 1.B.2 SECTORAL BACKGROUND DATA FOR ENERGY - "
                            "Fugitive emissions from oil, natural gas and other emissions from "
                            "energy production")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for code in B2_ROWS:
        em = {g: _em(data, code, g) for g in gases}
        leaf = not any(c.startswith(code + ".") for c in B2_ROWS)
        tp = _throughput(data, code) if leaf else None
        if not leaf:
            ad_cells: list[Cell] = [None, None, None]
            iefs: list[Cell] = [None] * 3
        elif tp is None:
            key = next((em[g] for g in gases if isinstance(em[g], str) and em[g] != "NE"),
                       "NE")
            ad_cells = [key, key, key]
            iefs = [_ief(em[g], key, 1e6) for g in gases]
        else:
            desc, unit, value = tp
            ad_cells = [desc, unit, value]
            iefs = [_ief(em[g], value, 1e6) for g in gases]      # kt/unit x 1e6 = kg/unit
        write_row(ws, fmt, row, crt_label(code), [*ad_cells, *iefs, *(em[g] for g in gases)],
                  cols, indent=_indent(code, "1.B.2.a"), bold=code.count(".") <= 3)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "Activity data: the throughput the factors apply to (IPCC 2006 Vol.2 Ch.4 Eq. 4.2.1); "
        "volumes in 10^6 m3. IEF in kg per unit of the activity value. Venting and flaring of "
        "oil (IPCC 2006 1.B.2.a.i/ii) and gas (1.B.2.b.i/ii) are reported under 1.B.2.c.",
    ])
    finish_sheet(ws, first)


# ---- Table1.C -----------------------------------------------------------------------------

def _ccs_amount(data: YearData, code: str) -> Cell:
    r = data.rows
    m = r["activity"].isin(_measured_gases()) & _under(r["crt"], code) \
        & r["activity_value"].notna()
    rows = r[m]
    if rows.empty:
        return "NE"
    return float(rows.drop_duplicates(["region", "category"])["activity_value"].sum())


@register_sheet("Table1.C", order=140)
def write_table1c(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("ad", "CO2 transported or injected", "(kt)", KT, group="ACTIVITY DATA"),
            Column("ief", "CO2", "(%)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("CO2", "CO2", "(kt)", KT, group="EMISSIONS")]
    row = write_title_block(ws, fmt, ctx, "TABLE 1.C SECTORAL BACKGROUND DATA FOR ENERGY - CO2 "
                            "transport and storage")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for code in C_ROWS:
        em = _em(data, code, "CO2")
        ad = _ccs_amount(data, code)
        write_row(ws, fmt, row, crt_label(code), [ad, _ief(em, ad, 100.0), em], cols,
                  indent=_indent(code, "1.C.1"), bold=code.count(".") <= 2)
        row += 1
    ws.write_string(row, 0, "Information item (kt CO2)", fmt.label(0, True))
    row += 1
    dom = captured_amount(data, "co2_captured:domestic_storage")
    exp = captured_amount(data, "co2_captured:export")
    inj = _ccs_amount(data, "1.C.2.a")
    leak = _em(data, "1.C", "CO2")
    captured = resolve(*dom)
    total_a: Cell = captured
    exports = resolve(*exp)
    parts = [exports, inj, leak]
    total_b: Cell = (sum(p for p in parts if isinstance(p, float))
                     if any(isinstance(p, float) for p in parts) else "NE")
    diff: Cell = (total_a - total_b if isinstance(total_a, float) and isinstance(total_b, float)
                  else "NA")
    info = [("Total amount captured for storage", captured),
            ("Total amount of imports for storage", "NE"),
            ("Total A", total_a),
            ("Total amount of exports for storage", exports),
            ("Total amount of CO2 injected at storage sites", inj),
            ("Total leakage from transport, injection and storage", leak),
            ("Total B", total_b),
            ("Difference (A-B)", diff)]
    for label, cell in info:
        if isinstance(cell, float) and not np.isfinite(cell):
            cell = "NA"
        write_row(ws, fmt, row, label, [None, None, cell], cols, indent=1)
        row += 1
    write_notes(ws, fmt, row, [
        NOTES_KEYS,
        "IEF = leakage / amount transported or injected x 100 (%). Amounts exclude CO2 "
        "recycled for enhanced recovery. Emissions are measured/reported (IPCC 2006 Vol.2 Ch.5, "
        "Tier 3).",
    ])
    finish_sheet(ws, first)
