"""CRT sheets of the cross-cutting analyses: Table7 (key categories), Table8s1/Table8s2
(recalculations), Table9 (completeness), Table10s1-s6 (emission trends) and Summary2.

Table10 and Summary2 are built from the emissions themselves (all years of the prepared rows,
rolled up like Summary1, :func:`inventory.analysis.trends.trend_table`). Table7, Table8 and
Table9 show the tables of the analysis stage (``kca.csv``, ``recalculations.csv``,
``completeness.csv``) that ``write_crt_workbooks(..., analysis=...)`` receives; without them
the sheet says so. See docs/analyses.md.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from inventory.categories import LULUCF_CRT

from .data import YearData
from .layout import (
    CO2EQ,
    KT,
    KT_FINE,
    Cell,
    Column,
    Formats,
    SheetContext,
    crt_label,
    finish_sheet,
    gwp_label,
    resolve,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from .memo import MEMO_ITEMS
from .registry import register_sheet
from .summary import F_GASES, SUMMARY_ROWS, _open

__all__ = ["trend_lookup", "warm", "TEXT"]

TEXT = 40  # width of text columns
GROUP_HEAD = {"CO2": "CO2", "CH4": "CH4", "N2O": "N2O", "HFCs": "HFCs", "PFCs": "PFCs",
              "mix": "Unspecified mix of HFCs and PFCs", "SF6": "SF6", "NF3": "NF3",
              "Total": "Total"}


def _label(code: str) -> str:
    for item in MEMO_ITEMS:
        if item.code == code:
            return f"{item.code}. {item.title}" if item.code[0].isdigit() else item.title
    try:
        return crt_label(code)
    except KeyError:
        return code


def _depth(code: str) -> int:
    return 0 if code == "TOTAL" else code.count(".") + 1


def _trends(data: YearData) -> pd.DataFrame:
    """All years' trend table of the export (cached on the prepared rows)."""
    from inventory.analysis.trends import trend_table

    prepared = data.prepared
    if prepared is None:  # a YearData made by hand: this year only
        from .data import Prepared

        prepared = Prepared(data.rows, "", ())
    cache = vars(prepared).setdefault("_trend_cache", {})
    if data.gwp_set not in cache:
        cache[data.gwp_set] = trend_table(prepared, data.gwp_set)
    return cache[data.gwp_set]


def trend_lookup(data: YearData, column: str = "value_co2eq"
                 ) -> dict[tuple, tuple[float, str | None]]:
    """(node, gas group, year) -> (value, key) over all years (built once per export)."""
    t = _trends(data)
    cache = vars(data.prepared).setdefault("_trend_cache", {}) if data.prepared else {}
    if (data.gwp_set, column) not in cache:
        cache[(data.gwp_set, column)] = {
            (n, g, int(y)): (float(v), k if isinstance(k, str) else None)
            for n, g, y, v, k in zip(t["node"], t["gas_group"], t["year"].to_numpy(),
                                     t[column].to_numpy(dtype=float), t["key"], strict=True)}
    return cache[(data.gwp_set, column)]


def warm(data: YearData) -> None:
    """Build the all-years trend lookups of ``data.prepared`` now (they are cached on it)."""
    if data.prepared is None:
        return
    for column in ("value_co2eq", "value_kt"):
        trend_lookup(data, column)


def _analysis(data: YearData, name: str) -> pd.DataFrame | None:
    if data.prepared is None:
        return None
    return data.prepared.analysis.get(name)


def _not_run(ws, fmt: Formats, row: int, what: str) -> None:
    ws.set_column(0, 0, 62)
    write_notes(ws, fmt, row, [f"{what} was not run for this export: run 'ghgi compile' (the "
                               "analysis stage) or see docs/analyses.md."])


def _years(text: str) -> set[int]:
    out: set[int] = set()
    for part in str(text).split(","):
        nums = [int(x) for x in re.findall(r"\d{4}", part)]
        if len(nums) == 1:
            out.add(nums[0])
        elif len(nums) == 2:
            out.update(range(nums[0], nums[1] + 1))
    return out


# ------------------------------------------------------------------ Table7
@register_sheet("Table7", order=700)
def write_table7(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    row = write_title_block(ws, fmt, ctx, "TABLE 7 SUMMARY OVERVIEW FOR KEY CATEGORIES")
    kca = _analysis(data, "kca")
    if kca is None:
        _not_run(ws, fmt, row, "The key category analysis")
        return
    g = "Criteria used for key category identification"
    cols = [Column("gas", "Gas", "", KT, "", 10),
            Column("l_ex", "L", "excluding LULUCF", KT, g, 14),
            Column("t_ex", "T", "excluding LULUCF", KT, g, 14),
            Column("l_in", "L", "including LULUCF", KT, g, 14),
            Column("t_in", "T", "including LULUCF", KT, g, 14),
            Column("q", "Q", "qualitative", KT, g, 10),
            Column("comment", "Comments", "", KT, "", TEXT)]
    first = write_headers(ws, fmt, row, "KEY CATEGORIES OF EMISSIONS AND REMOVALS", cols)
    row = first
    key = kca[kca["key"].astype(str).isin(["True", "true", "1"])].rename(
        columns={"criteria excluding": "crit_ex", "criteria including": "crit_in"})
    for r in key.itertuples(index=False):
        crit_ex = r.crit_ex if isinstance(r.crit_ex, str) else ""
        crit_in = r.crit_in if isinstance(r.crit_in, str) else ""

        def pick(crit: str, letter: str) -> str:
            toks = [t.strip() for t in crit.split(",") if t.strip().startswith(letter)]
            return ", ".join(toks)

        qual = str(r.qualitative) if isinstance(r.qualitative, str) else ""
        cells: list[Cell] = [str(r.gas), pick(crit_ex, "L"), pick(crit_ex, "T"),
                             pick(crit_in, "L"), pick(crit_in, "T"), "Q" if qual else "",
                             qual]
        write_row(ws, fmt, row, str(r.kca_label), cells, cols)
        row += 1
    meta_all = (data.prepared.analysis.get("meta") or {}) if data.prepared else {}
    base = int(meta_all.get("base_year", kca["base_year"].iloc[0] if len(kca) else ctx.year))
    latest = int(meta_all.get("latest_year", kca["latest_year"].iloc[0] if len(kca)
                              else ctx.year))
    meta = meta_all.get("options", {})
    thr = meta.get("kca_threshold", 0.95)
    thr2 = meta.get("kca_approach2_threshold", 0.90)
    write_notes(ws, fmt, row, [
        f"Key category analysis of {latest} (level L, trend T against {base}) following IPCC "
        "2006 Vol.1 Ch.4 with the 2019 Refinement, at the category/gas level of Table 4.1.",
        f"L1/T1: Approach 1 (cumulative {thr:.0%}); L2/T2: Approach 2, weighted by the "
        f"Approach 1 uncertainty (cumulative {thr2:.0%}); 'BY': level in the base year "
        f"{base}; Q: qualitative criteria (comment).",
        f"The analysis covers the submission; the same table is shown in the workbook of "
        f"every year (this workbook: {ctx.year}).",
    ])
    finish_sheet(ws, first)


# ------------------------------------------------------------------ Table8s1 / s2
def _recalc_columns(groups: tuple[str, ...], gwp: str) -> list[Column]:
    cols = []
    for g in groups:
        for key, head in (("prev", "Previous submission"), ("latest", "Latest submission"),
                          ("diff", "Difference"), ("pct", "Difference")):
            unit = "(%)" if key == "pct" else f"(kt CO2 eq, {gwp})"
            cols.append(Column(f"{g}_{key}", head, unit, "0.00" if key == "pct" else CO2EQ,
                               GROUP_HEAD[g]))
    return cols


def _recalc_rows(data: YearData) -> pd.DataFrame | None:
    rc = _analysis(data, "recalculations")
    if rc is None:
        return None
    return rc[rc["year"].astype(int) == data.year]


def _recalc_cells(rc: dict, code: str, groups) -> list[Cell]:
    cells: list[Cell] = []
    for g in groups:
        r = rc.get((code, g))
        if r is None:
            cells += ["NE", "NE", "NA", "NA"] if _open(code, g) else [None] * 4
            continue
        prev = resolve(r["previous"], r["previous_key"])
        cur = resolve(r["latest"], r["latest_key"])
        both = isinstance(prev, float) and isinstance(cur, float)
        diff = cur - prev if both else "NA"
        pct = (diff / abs(prev) * 100.0 if both and prev != 0 else "NA")
        cells += [prev, cur, diff, pct]
    return cells


def _write_recalc(ws, fmt, data, ctx, title, groups, with_totals: bool) -> None:
    row = write_title_block(ws, fmt, ctx, title, f"Recalculated year: {ctx.year}")
    rc = _recalc_rows(data)
    if rc is None:
        _not_run(ws, fmt, row, "The comparison with an earlier submission (ghgi submit, then "
                               "compile or 'ghgi compare')")
        return
    cols = _recalc_columns(groups, gwp_label(ctx.gwp_set))
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    by_key = {(n, g): r for n, g, r in zip(rc["node"], rc["gas_group"],
                                           rc.to_dict("records"), strict=True)}
    for code in SUMMARY_ROWS:
        depth = _depth(code)
        write_row(ws, fmt, row, crt_label(code), _recalc_cells(by_key, code, groups), cols,
                  indent=max(0, depth - 1), bold=depth <= 1)
        row += 1
    against = int(rc["against"].iloc[0]) if len(rc) else None
    notes = [f"Compared with submission {against} of the submission store; all values in kt "
             f"CO2 eq ({gwp_label(ctx.gwp_set)}). Difference (%) = (latest - previous) / "
             "previous x 100; NA where a side has no number."]
    if with_totals and len(rc):
        tot = rc[(rc["node"] == "TOTAL") & (rc["gas_group"] == "Total")]
        lul = rc[(rc["node"] == LULUCF_CRT) & (rc["gas_group"] == "Total")]
        if len(tot):
            t = tot.iloc[0]
            lp = float(lul["previous"].iloc[0]) if len(lul) and pd.notna(
                lul["previous"].iloc[0]) else 0.0
            lc = float(lul["latest"].iloc[0]) if len(lul) and pd.notna(
                lul["latest"].iloc[0]) else 0.0
            for label, p, c in (("without LULUCF", t["previous"] - lp, t["latest"] - lc),
                                ("with LULUCF", t["previous"], t["latest"])):
                if pd.notna(p) and pd.notna(c) and p:
                    notes.append(f"Impact of recalculations on total emissions {label}: "
                                 f"{c - p:,.2f} kt CO2 eq ({(c - p) / abs(p) * 100:.4f} %)")
        row = write_notes(ws, fmt, row, notes)
        changed = rc[rc["change"] != "unchanged"]
        ecols = [Column("gas", "Gas", "", KT, "", 12), Column("change", "Change", "", KT, "",
                                                                 22),
                 Column("prev", "Previous", "(kt CO2 eq)", CO2EQ),
                 Column("latest", "Latest", "(kt CO2 eq)", CO2EQ),
                 Column("reason", "Reason for the recalculation", "", KT, "", 60)]
        row = write_headers(ws, fmt, row + 1, "EXPLANATORY INFORMATION", ecols)
        for r in changed.itertuples(index=False):
            reason = r.reason if isinstance(r.reason, str) and r.reason else "(to be filled)"
            write_row(ws, fmt, row, _label(r.node),
                      [GROUP_HEAD.get(r.gas_group, r.gas_group), str(r.change),
                       resolve(r.previous, r.previous_key, "-"),
                       resolve(r.latest, r.latest_key, "-"), reason], ecols)
            row += 1
        if changed.empty:
            write_notes(ws, fmt, row, ["No recalculations for this year."])
    else:
        write_notes(ws, fmt, row, notes)
    finish_sheet(ws, first)


@register_sheet("Table8s1", order=800)
def write_table8s1(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    _write_recalc(ws, fmt, data, ctx, "TABLE 8 RECALCULATION - RECALCULATED DATA (CO2, CH4, "
                  "N2O)", ("CO2", "CH4", "N2O"), False)


@register_sheet("Table8s2", order=801)
def write_table8s2(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    _write_recalc(ws, fmt, data, ctx, "TABLE 8 RECALCULATION - RECALCULATED DATA (F-GASES, "
                  "TOTAL) AND EXPLANATORY INFORMATION", (*F_GASES, "Total"), True)


# ------------------------------------------------------------------ Table9
@register_sheet("Table9", order=850)
def write_table9(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    row = write_title_block(ws, fmt, ctx, "TABLE 9 COMPLETENESS - INFORMATION ON NOTATION KEYS")
    entries = _analysis(data, "completeness")
    if entries is None:
        _not_run(ws, fmt, row, "The completeness analysis")
        return
    # an explicit boolean mask: an empty object-typed mask would select columns (pandas 3)
    in_year = np.fromiter((data.year in _years(t) for t in entries["years"]), bool,
                          len(entries))
    entries = entries[in_year]
    ne_cols = [Column("gas", "GHG", "", KT, "", 10), Column("sector", "Sector", "", KT, "", 24),
               Column("expl", "Explanation", "", KT, "", 60),
               Column("level", "Likely level", "(kt CO2 eq)", CO2EQ)]
    first = write_headers(ws, fmt, row, "Sources and sinks not estimated (NE) - source/sink "
                          "category", ne_cols)
    row = first
    for r in entries[entries["key"] == "NE"].itertuples(index=False):
        lvl = r.likely_level_kt_co2eq
        write_row(ws, fmt, row, f"{_label(r.crt_category)} ({r.activity})",
                  [r.gas, str(r.sector), str(r.explanation or "(explanation missing)"),
                   float(lvl) if pd.notna(lvl) else "not given"], ne_cols)
        row += 1
    ie_cols = [Column("gas", "GHG", "", KT, "", 10),
               Column("ipcc", "Allocation as per IPCC Guidelines", "", KT, "", 24),
               Column("party", "Allocation used by the Party", "", KT, "", 24),
               Column("expl", "Explanation", "", KT, "", 60)]
    row = write_headers(ws, fmt, row + 1, "Sources and sinks reported elsewhere (IE) - "
                        "source/sink category", ie_cols)
    for r in entries[entries["key"] == "IE"].itertuples(index=False):
        write_row(ws, fmt, row, f"{_label(r.crt_category)} ({r.activity})",
                  [r.gas, str(r.allocation_ipcc), str(r.allocation_party or "(not said)"),
                   str(r.explanation or "(explanation missing)")], ie_cols)
        row += 1
    checks = _analysis(data, "completeness_checks")
    notes = ["Decision 18/CMA.1 annex para. 32: NE only for categories whose likely level is "
             "below 0.05 % of the national total without LULUCF or 500 kt CO2 eq (whichever "
             "is lower), all together below 0.1 %."]
    if checks is not None and len(checks):
        counts = checks["status"].value_counts()
        notes.append("Checks of the notation keys: " + ", ".join(
            f"{n} {s}" for s, n in counts.items()) + " (completeness_checks.csv).")
    write_notes(ws, fmt, row, notes)
    finish_sheet(ws, first)


# ------------------------------------------------------------------ Table10s1-s6
def _trend_columns(years: list[int], unit: str, fmt_: str) -> list[Column]:
    cols = [Column("base", f"Base year ({years[0]})", unit, fmt_)]
    cols += [Column(str(y), str(y), unit, fmt_) for y in years[1:]]
    cols.append(Column("change", "Change from base to latest reported year", "(%)", "0.00"))
    return cols


def _trend_cells(lk, node: str, group: str, years: list[int]) -> list[Cell]:
    cells: list[Cell] = [resolve(*lk.get((node, group, y), (math.nan, None))) for y in years]
    b, t = cells[0], cells[-1]
    cells.append((t - b) / abs(b) * 100.0 if isinstance(b, float) and isinstance(t, float)
                 and b != 0 else "NA")
    return cells


def _years_to(data: YearData) -> list[int]:
    t = _trends(data)
    return sorted(int(y) for y in pd.unique(t["year"]) if int(y) <= data.year)


def _write_trend_gas(ws, fmt, data, ctx, title: str, group: str, mass: bool) -> None:
    row = write_title_block(ws, fmt, ctx, title)
    years = _years_to(data)
    unit = "(kt)" if mass else f"(kt CO2 eq, {gwp_label(ctx.gwp_set)})"
    cols = _trend_columns(years, unit, KT_FINE if mass and group != "CO2" else KT)
    lk = trend_lookup(data, "value_kt" if mass else "value_co2eq")
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for code in SUMMARY_ROWS:
        depth = _depth(code)
        write_row(ws, fmt, row, crt_label(code), _trend_cells(lk, code, group, years), cols,
                  indent=max(0, depth - 1), bold=depth <= 1)
        row += 1
    ws.write_string(row, 0, "Memo items:", fmt.label(0, True))
    row += 1
    for item in MEMO_ITEMS:
        if group not in ("Total",) and group not in item.gases:
            continue
        write_row(ws, fmt, row, _label(item.code), _trend_cells(lk, item.code, group, years),
                  cols, indent=1 + item.depth)
        row += 1
    write_notes(ws, fmt, row, [
        "Base year = the first inventory year. A year without a row is NE; notation keys roll "
        "up as in Summary1. Memo items are not included in the totals."])
    finish_sheet(ws, first)


@register_sheet("Table10s1", order=870)
def write_table10s1(ws, fmt, data, ctx) -> None:
    _write_trend_gas(ws, fmt, data, ctx, "TABLE 10 EMISSION TRENDS - GHG (CO2 EQUIVALENT)",
                     "Total", False)


@register_sheet("Table10s2", order=871)
def write_table10s2(ws, fmt, data, ctx) -> None:
    _write_trend_gas(ws, fmt, data, ctx, "TABLE 10 EMISSION TRENDS - CO2", "CO2", True)


@register_sheet("Table10s3", order=872)
def write_table10s3(ws, fmt, data, ctx) -> None:
    _write_trend_gas(ws, fmt, data, ctx, "TABLE 10 EMISSION TRENDS - CH4", "CH4", True)


@register_sheet("Table10s4", order=873)
def write_table10s4(ws, fmt, data, ctx) -> None:
    _write_trend_gas(ws, fmt, data, ctx, "TABLE 10 EMISSION TRENDS - N2O", "N2O", True)


@register_sheet("Table10s5", order=874)
def write_table10s5(ws, fmt, data, ctx) -> None:
    row = write_title_block(ws, fmt, ctx, "TABLE 10 EMISSION TRENDS - HFCs, PFCs, SF6 AND NF3")
    years = _years_to(data)
    cols = _trend_columns(years, f"(kt CO2 eq, {gwp_label(ctx.gwp_set)})", CO2EQ)
    lk = trend_lookup(data)
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS EMISSIONS", cols)
    row = first
    for g in F_GASES:
        write_row(ws, fmt, row, f"Emissions of {GROUP_HEAD[g]}",
                  _trend_cells(lk, "TOTAL", g, years), cols)
        row += 1
    write_notes(ws, fmt, row, ["National totals of each F-gas group in CO2 eq; a group without "
                               "rows is NE."])
    finish_sheet(ws, first)


@register_sheet("Table10s6", order=875)
def write_table10s6(ws, fmt, data, ctx) -> None:
    row = write_title_block(ws, fmt, ctx, "TABLE 10 EMISSION TRENDS - SUMMARY")
    years = _years_to(data)
    cols = _trend_columns(years, f"(kt CO2 eq, {gwp_label(ctx.gwp_set)})", CO2EQ)
    lk = trend_lookup(data)

    def without(group: str) -> list[Cell]:
        cells: list[Cell] = []
        for y in years:
            tot = resolve(*lk.get(("TOTAL", group, y), (math.nan, None)))
            lul = lk.get((LULUCF_CRT, group, y))
            cells.append(tot - lul[0] if isinstance(tot, float) and lul and not math.isnan(
                lul[0]) else tot)
        b, t = cells[0], cells[-1]
        cells.append((t - b) / abs(b) * 100.0 if isinstance(b, float) and isinstance(t, float)
                     and b else "NA")
        return cells

    first = write_headers(ws, fmt, row, "GREENHOUSE GAS EMISSIONS", cols)
    row = first
    names = {"CO2": "CO2 emissions", "CH4": "CH4 emissions", "N2O": "N2O emissions"}
    for g in ("CO2", "CH4", "N2O"):
        write_row(ws, fmt, row, f"{names[g]} without {g} from LULUCF", without(g), cols)
        write_row(ws, fmt, row + 1, f"{names[g]} with {g} from LULUCF",
                  _trend_cells(lk, "TOTAL", g, years), cols)
        row += 2
    for g in F_GASES:
        write_row(ws, fmt, row, GROUP_HEAD[g], _trend_cells(lk, "TOTAL", g, years), cols)
        row += 1
    write_row(ws, fmt, row, "Total (without LULUCF)", without("Total"), cols, bold=True)
    write_row(ws, fmt, row + 1, "Total (with LULUCF)", _trend_cells(lk, "TOTAL", "Total", years),
              cols, bold=True)
    row += 3
    row = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    for code in ("1", "2", "3", "4", "5", "6"):
        write_row(ws, fmt, row, crt_label(code), _trend_cells(lk, code, "Total", years), cols)
        row += 1
    write_row(ws, fmt, row, "Total (including LULUCF)",
              _trend_cells(lk, "TOTAL", "Total", years), cols, bold=True)
    write_notes(ws, fmt, row + 1, [f"All values in kt CO2 eq ({gwp_label(ctx.gwp_set)})."])
    finish_sheet(ws, first)


# ------------------------------------------------------------------ Summary2
@register_sheet("Summary2", order=950)
def write_summary2(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    gwp = gwp_label(ctx.gwp_set)
    row = write_title_block(ws, fmt, ctx, "SUMMARY 2 SUMMARY REPORT FOR CO2 EQUIVALENT "
                            "EMISSIONS")
    groups = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "mix", "SF6", "NF3", "Total")
    heads = {**GROUP_HEAD, "CO2": "CO2 (net emissions/removals)",
             "Total": "Total GHG emissions/removals"}
    cols = [Column(g, heads[g], f"(kt CO2 eq, {gwp})", CO2EQ) for g in groups]
    lk = trend_lookup(data)
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    for code in SUMMARY_ROWS:
        cells: list[Cell] = []
        for g in groups:
            found = lk.get((code, g, data.year))
            cells.append(None if found is None and not _open(code, g)
                         else resolve(*(found or (math.nan, None))))
        depth = _depth(code)
        write_row(ws, fmt, row, crt_label(code), cells, cols, indent=max(0, depth - 1),
                  bold=depth <= 1)
        row += 1
    ws.write_string(row, 0, "Memo items:", fmt.label(0, True))
    row += 1
    for item in MEMO_ITEMS:
        cells = []
        for g in groups:
            found = lk.get((item.code, g, data.year))
            cells.append(None if found is None and g != "Total" and g not in item.gases
                         else resolve(*(found or (math.nan, None))))
        write_row(ws, fmt, row, _label(item.code), cells, cols, indent=1 + item.depth)
        row += 1
    row += 1
    tot = resolve(*lk.get(("TOTAL", "Total", data.year), (math.nan, None)))
    lul = lk.get((LULUCF_CRT, "Total", data.year))
    without = tot - lul[0] if isinstance(tot, float) and lul and not math.isnan(lul[0]) else tot
    blank: list[Cell] = [None] * (len(cols) - 1)
    write_row(ws, fmt, row, "Total CO2 equivalent emissions without LULUCF", [*blank, without],
              cols, bold=True)
    write_row(ws, fmt, row + 1, "Total CO2 equivalent emissions with LULUCF", [*blank, tot],
              cols, bold=True)
    write_notes(ws, fmt, row + 2, [
        f"All gases in kt CO2 eq ({gwp}). Memo items are not included in the national totals. "
        "Shaded cells have no entry in the CRT; a cell without any emission row is NE."])
    finish_sheet(ws, first)
