"""Numbers for humans: thousands separators, fixed decimals per unit, shares as %, units in
the headers; and the HTML tables every view shows.

A table is described by :class:`Col` specs (column, header, unit, kind). The kind decides the
format, e.g. ``kt_co2eq`` -> ``544,878.50``, ``share`` (a fraction) -> ``22.9 %``, ``pct``
(already in %) -> ``7.3 %``; numbers too small for the fixed decimals show as ``< 0.01``
instead of a misleading ``0.00``. Notation keys and text pass through (escaped).
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Col", "fmt_number", "fmt_value", "html_table", "DECIMALS", "UNIT_DECIMALS",
           "cols_from_headers", "year_ranges", "fmt_signed_pct"]

# fixed decimals per kind of number
DECIMALS = {"kt_co2eq": 2, "kt": 3, "pct": 1, "share": 1, "tj": 1, "ief": 3, "num": 3,
            "int": 0, "year": 0}
# fixed decimals per unit (activity data and implied factors carry their unit on each row)
UNIT_DECIMALS = {"TJ": 1, "kt": 3, "t": 2, "head": 0, "1000 head": 1, "ha": 1, "kha": 3,
                 "m3": 0, "Mm3": 3, "kg/TJ": 1, "t/TJ": 2, "kg CO2/TJ": 1, "%": 1,
                 "kt CO2-eq": 2, "kg/head": 2, "kg/head/yr": 2, "t/t": 4, "kg/t": 3}


@dataclass(frozen=True)
class Col:
    """One column of a displayed table."""

    key: str                 # column of the frame
    header: str              # header text
    unit: str = ""           # shown in brackets after the header, e.g. "kt CO2-eq"
    kind: str = "text"       # text | kt_co2eq | kt | pct | share | tj | ief | num | int | year
    unit_col: str = ""       # per-row unit column: decimals follow UNIT_DECIMALS of that unit
    wrap: bool = False       # long text that may wrap (else kept on one line)

    @property
    def title(self) -> str:
        return f"{self.header} [{self.unit}]" if self.unit else self.header


def _missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def fmt_number(v: float, decimals: int) -> str:
    """``1234567.891, 2`` -> ``1,234,567.89``; nonzero values below the last decimal show as
    ``< 0.01`` (``> -0.01``)."""
    v = float(v)
    if math.isinf(v):
        return "\u221e" if v > 0 else "-\u221e"
    step = 10.0 ** -decimals
    if v != 0 and abs(v) < step / 2:
        return f"< {step:.{decimals}f}" if v > 0 else f"> -{step:.{decimals}f}"
    out = f"{v:,.{decimals}f}"
    return "0" + out[2:] if out.startswith("-0") and float(out.replace(",", "")) == 0 else out


def fmt_signed_pct(v: float, decimals: int = 1) -> str:
    """``+3.2 %`` / ``-0.4 %``; '' when missing."""
    if _missing(v):
        return ""
    return f"{float(v):+,.{decimals}f} %"


def fmt_value(v, kind: str = "text", unit: str = "") -> str:
    """One cell as text (see the module doc)."""
    if _missing(v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else ""
    if isinstance(v, str):
        return v
    if not isinstance(v, numbers.Number):
        return str(v)
    if kind in ("year",):
        return str(int(v))
    if kind == "int":
        return f"{int(round(float(v))):,d}"
    if kind == "share":
        return fmt_number(float(v) * 100.0, DECIMALS["share"]) + " %"
    if kind == "pct":
        return fmt_number(float(v), DECIMALS["pct"]) + " %"
    if unit and unit in UNIT_DECIMALS and kind in ("num", "ief", "tj", "activity"):
        return fmt_number(float(v), UNIT_DECIMALS[unit])
    if kind in DECIMALS:
        return fmt_number(float(v), DECIMALS[kind])
    if kind == "text":
        if isinstance(v, numbers.Integral):
            return f"{int(v):,d}" if abs(int(v)) >= 10_000 else str(int(v))
        return fmt_number(float(v), 3)
    return fmt_number(float(v), 3)


def cols_from_headers(df: pd.DataFrame, headers: Mapping[str, str] | None) -> list[Col]:
    """Specs for the frame's columns from a plain ``column -> header`` mapping (numbers get
    three decimals, years stay years)."""
    headers = headers or {}
    out = []
    for c in df.columns:
        kind = "year" if c == "year" else ("int" if c in ("tier", "findings", "n") else "text")
        out.append(Col(c, headers.get(c, c), kind=kind))
    return out


def html_table(df: pd.DataFrame, cols: Iterable[Col] | Mapping[str, str] | None = None,
               max_rows: int = 500, css_class: str = "ghgi-table-html",
               row_ids: bool = False, selected: int | None = None,
               row_key: str | None = None, note: bool = True) -> str:
    """A plain HTML table (numbers right-aligned, units in the headers); longer frames are
    cut with a note. ``row_ids`` adds ``data-row="<position>"`` to each row (clickable
    tables); ``selected`` marks one row; ``row_key`` names a column whose value each row
    carries as ``data-key``."""
    if cols is None or isinstance(cols, Mapping):
        specs = cols_from_headers(df, cols)  # type: ignore[arg-type]
    else:
        specs = [c for c in cols if c.key in df.columns]
    head = "".join(
        f'<th class="col-{html.escape(c.key)}{" num" if c.kind not in ("text",) else ""}">'
        f"{html.escape(c.title)}</th>" for c in specs)
    body = []
    frame = df.head(max_rows)
    columns = []
    for c in specs:  # each column formatted at once: text, with the class of each cell
        values = frame[c.key].tolist()
        units = (frame[c.unit_col].tolist() if c.unit_col and c.unit_col in frame
                 else [c.unit] * len(values))
        base = f"col-{html.escape(c.key)}" + (" wrap" if c.wrap else "")
        numeric = c.kind not in ("text", "year")
        cells = []
        for v, unit in zip(values, units, strict=True):
            if v is None or isinstance(v, str):
                text = "" if v is None else v
                num = False
            else:
                text = fmt_value(v, c.kind, unit if isinstance(unit, str) else "")
                num = numeric and isinstance(v, numbers.Number) and not isinstance(
                    v, (bool, np.bool_))
            if "<" in text or "&" in text or ">" in text or '"' in text:
                text = html.escape(text)
            cells.append(f'<td class="{base}{" num" if num else ""}">{text}</td>')
        columns.append(cells)
    keys = frame[row_key].tolist() if row_key is not None else []
    for i in range(len(frame)):
        attrs = f' data-row="{i}"' if row_ids else ""
        if row_key is not None:
            attrs += f' data-key="{html.escape(str(keys[i]))}"'
        if selected is not None and i == selected:
            attrs += ' class="selected"'
        body.append(f"<tr{attrs}>" + "".join(col[i] for col in columns) + "</tr>")
    cut = ""
    if note and len(df) > max_rows:
        cut = (f"<p class='ghgi-note'><i>showing the first {max_rows:,d} of {len(df):,d} "
               "rows (the export has all)</i></p>")
    return (f'<table class="{css_class}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>{cut}")


def year_ranges(years: list[int]) -> str:
    """``[2005, 2006, 2007, 2010]`` -> ``2005–2007, 2010``."""
    parts, start = [], None
    years = sorted({int(y) for y in years})
    for k, y in enumerate(years):
        if start is None:
            start = y
        if k + 1 == len(years) or years[k + 1] != y + 1:
            parts.append(str(y) if start == y else f"{start}\u2013{y}")
            start = None
    return ", ".join(parts)
