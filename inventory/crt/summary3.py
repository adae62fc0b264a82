"""CRT Summary3 (methods and emission factors used) and Flex_summary (flexibility provisions).

Summary3: per CRT category (rows of ``inventory/data/summary3_rows.csv``, from the ETF list's
[Method] nodes) and gas column (CO2, CH4, N2O, HFCs, PFCs, unspecified mix, SF6, NF3) the
method applied and the emission-factor type, from the ``tier`` and ``factor_layer`` recorded on
every emission row under the category: tier 1/2/3 -> T1/T2/T3; layer ``ipcc_default`` -> D,
``national`` / ``provincial`` -> CS, ``plant`` -> PS, another recorded layer -> OTH. Several
values join with "," (e.g. "T1,T2"); a category/gas without estimated rows is NA; F-gas cells
the CRT does not have are shaded. Only rows with a number count (a key says nothing of the
method).

Flex_summary: one row per flexibility provision of decision 18/CMA.1 annex
(``inventory/data/flexibility_provisions.csv``), "Yes"/"No" from the project setting
``flexibility`` in inventory.yml and the three texts para. 6 asks for::

    flexibility:
      kca_threshold: {applied: true, constraints: "...", timeframe: "2028 submission"}
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from inventory.categories import covers

from .data import Prepared, YearData, summary_column
from .layout import (
    Cell,
    Column,
    Formats,
    SheetContext,
    finish_sheet,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from .registry import register_sheet
from .summary import F_GASES, _open

__all__ = ["summary3_rows", "flexibility_provisions", "method_codes", "method_codes_by_year",
           "SUMMARY3_GASES",
           "TIER_CODES", "LAYER_CODES"]

DATA = Path(__file__).resolve().parent.parent / "data"
SUMMARY3_GASES = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "mix", "SF6", "NF3")
HEAD = {"CO2": "CO2", "CH4": "CH4", "N2O": "N2O", "HFCs": "HFCs", "PFCs": "PFCs",
        "mix": "Unspecified mix of HFCs and PFCs", "SF6": "SF6", "NF3": "NF3"}
TIER_CODES = {1: "T1", 2: "T2", 3: "T3"}
LAYER_CODES = {"ipcc_default": "D", "national": "CS", "provincial": "CS", "plant": "PS"}
_ORDER = ("T1", "T1a", "T1b", "T1c", "T2", "T3", "CR", "M", "RA", "CS", "D", "PS", "OTH")


@cache
def summary3_rows() -> pd.DataFrame:
    return pd.read_csv(DATA / "summary3_rows.csv", dtype=str, comment="#")


@cache
def flexibility_provisions() -> pd.DataFrame:
    return pd.read_csv(DATA / "flexibility_provisions.csv", dtype=str, comment="#")


def _join(codes) -> str:
    s = {c for c in codes if c}
    return ",".join(sorted(s, key=lambda c: _ORDER.index(c) if c in _ORDER else 99))


def method_codes(rows: pd.DataFrame) -> dict[tuple[str, str], tuple[str, str]]:
    """(Summary3 code, gas column) -> (method codes, emission-factor codes) of ``rows``."""
    return _method_codes(rows, by_year=False).get(None, {})


def method_codes_by_year(prepared: Prepared) -> dict[int, dict[tuple[str, str],
                                                              tuple[str, str]]]:
    """:func:`method_codes` of every year's rows, built once per run from all years' rows."""
    return prepared.cached("summary3.method_codes",
                           lambda p: _method_codes(p.rows, by_year=True))


def _method_codes(rows: pd.DataFrame, by_year: bool) -> dict:
    """year (None unless ``by_year``) -> (Summary3 code, gas column) -> (method codes,
    emission-factor codes). The rows are reduced to their distinct (year, CRT code, column,
    tier code, factor code) tuples first; a Summary3 code unites those of the CRT codes under
    it. A (code, column) with estimated rows but neither a tier nor a layer recorded still
    gets an entry ("", ""): it is NA, not a shaded F-gas cell."""
    est = rows[rows["value"].notna() & ~rows["memo_eff"].astype(bool)]
    column = est["gas"].map(summary_column)
    keep = (column.isin(SUMMARY3_GASES) & est["crt"].notna()).to_numpy()
    est, column = est[keep], column[keep]
    n = len(est)
    years = (est["year"].astype(int).to_numpy() if by_year else [None] * n)
    # emission tables without a method record (older runs, hand-made tables): NA
    tiers = ([None if pd.isna(t) else TIER_CODES.get(int(t)) for t in est["tier"]]
             if "tier" in est else [None] * n)
    layers = ([None if pd.isna(x) else LAYER_CODES.get(str(x), "OTH")
               for x in est["factor_layer"]] if "factor_layer" in est else [None] * n)
    found: dict[tuple, tuple[set, set]] = {}   # (year, crt, column) -> (tiers, layers)
    for y, c, col, t, la in set(zip(years, est["crt"].astype(str), column, tiers, layers,
                                    strict=True)):
        ts, ls = found.setdefault((y, c, col), (set(), set()))
        ts.add(t)
        ls.add(la)
    crts = {c for _, c, _ in found}
    below = {code: [c for c in crts if covers(code, c)] for code in summary3_rows()["code"]}
    by_crt: dict[tuple, list[tuple]] = {}
    for (y, c, col), tl in found.items():
        by_crt.setdefault((y, c), []).append((col, tl))
    out: dict = {}
    for y in dict.fromkeys(years):
        merged: dict[tuple[str, str], tuple[set, set]] = {}
        for code, cs in below.items():
            for c in cs:
                for col, (ts, ls) in by_crt.get((y, c), ()):
                    mt, ml = merged.setdefault((code, col), (set(), set()))
                    mt |= ts
                    ml |= ls
        out[y] = {k: (_join(ts), _join(ls)) for k, (ts, ls) in merged.items()}
    return out


@register_sheet("Summary3", order=960)
def write_summary3(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    row = write_title_block(ws, fmt, ctx, "SUMMARY 3 SUMMARY REPORT FOR METHODS AND EMISSION "
                            "FACTORS USED")
    cols = []
    for g in SUMMARY3_GASES:
        cols.append(Column(f"{g}_method", "Method applied", "(code)", group=HEAD[g], width=10))
        cols.append(Column(f"{g}_ef", "Emission factor", "(code)", group=HEAD[g], width=10))
    first = write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)
    row = first
    codes = (method_codes_by_year(data.prepared).get(data.year, {})
             if data.prepared is not None else method_codes(data.rows))
    for r in summary3_rows().itertuples(index=False):
        cells: list[Cell] = []
        for g in SUMMARY3_GASES:
            found = codes.get((r.code, g))
            if found is None and g in F_GASES and not _open(r.code, g):
                cells += [None, None]
            else:
                m, e = found or ("", "")
                cells += [m or "NA", e or "NA"]
        depth = r.code.count(".") + 1
        write_row(ws, fmt, row, f"{r.code}. {r.title}", cells, cols,
                  indent=max(0, depth - 1), bold=depth <= 1)
        row += 1
    write_notes(ws, fmt, row, [
        "Method applied: T1, T2, T3 = IPCC tier 1, 2, 3 (from the tier recorded on each emission "
        "row). Emission factor: D = IPCC default, CS = country-specific (national or "
        "provincial factors), PS = plant-specific, OTH = other.",
        "NA: no estimated emission row in the category for the gas. Shaded: the CRT has no "
        "cell. Codes are the union over the category's rows and all regions.",
    ])
    finish_sheet(ws, first)


@register_sheet("Flex_summary", order=970)
def write_flex_summary(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    row = write_title_block(ws, fmt, ctx, "FLEXIBILITY PROVISIONS APPLIED (decision 18/CMA.1 "
                            "annex)")
    cols = [Column("paragraph", "MPG paragraph", "(para.)", width=10),
            Column("applied", "Flexibility applied", "(Yes/No)", width=12),
            Column("description", "Description of the flexibility applied", "(text)",
                   width=40),
            Column("constraints", "Clarification of capacity constraints", "(text)", width=40),
            Column("timeframe", "Estimated time frame for improvements", "(text)", width=30)]
    first = write_headers(ws, fmt, row, "PROVISION", cols)
    row = first
    setting = dict(ctx.flexibility or {})
    for r in flexibility_provisions().itertuples(index=False):
        s = setting.get(r.provision) or {}
        applied = bool(s.get("applied")) if isinstance(s, dict) else bool(s)
        s = s if isinstance(s, dict) else {}
        write_row(ws, fmt, row, r.title,
                  [f"para. {r.paragraph}", "Yes" if applied else "No",
                   str(s.get("description", "")) or ("-" if not applied else "(to be filled)"),
                   str(s.get("constraints", "")) or ("-" if not applied else "(to be filled)"),
                   str(s.get("timeframe", "")) or ("-" if not applied else "(to be filled)")],
                  cols)
        row += 1
    write_notes(ws, fmt, row, [
        "Set in inventory.yml under 'flexibility' (provision: {applied, description, "
        "constraints, timeframe}); decision 18/CMA.1 annex para. 6 asks for the provision, the "
        "capacity constraints and self-determined time frames for improvements."])
    finish_sheet(ws, first)
