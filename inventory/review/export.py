"""Export of any table the app shows, and of the review log, to Excel and CSV.

Files are built in memory and handed to the browser as a download link (a ``data:`` URI), so
the app writes nothing on the server. Excel workbooks are written with xlsxwriter without
turning text into formulas, numbers or links (a comment "=1+1" stays text), a first sheet
names the run and the time of the export, and headers carry their units.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re

import pandas as pd

from inventory.csvsafe import csv_text
from inventory.review.fmt import Col

__all__ = ["to_csv_bytes", "to_xlsx_bytes", "download_link", "XLSX_MIME", "CSV_MIME",
           "safe_filename", "review_log_csv", "with_headers"]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
# the same guard as the CRT workbooks (inventory/crt/layout.py WORKBOOK_OPTIONS): user text
# never becomes a formula, a number or a link
_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "in_memory": True}


def safe_filename(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "table"


def with_headers(df: pd.DataFrame, cols: list[Col] | None) -> pd.DataFrame:
    """The frame with the displayed headers (units in brackets) instead of column names."""
    if not cols:
        return df
    keep = [c for c in cols if c.key in df.columns]
    return df[[c.key for c in keep]].rename(columns={c.key: c.title for c in keep})


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads Chinese text correctly); text that a
    spreadsheet would run as a formula (a comment "=1+1") is neutralised as in every CSV of
    the run (:func:`inventory.csvsafe.csv_text`)."""
    return csv_text(df).encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame], title: str = "",
                  about: dict[str, str] | None = None) -> bytes:
    """An Excel workbook: an 'About' sheet (title, ``about`` items, export time) and one
    sheet per frame, bold headers, frozen first row, columns sized to their content."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, _OPTIONS)
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                          "valign": "top", "border": 1})
    num = wb.add_format({"num_format": "#,##0.000"})
    ws = wb.add_worksheet("About")
    ws.write_string(0, 0, title or "GHG Inventory Workbench export", bold)
    row = 2
    for k, v in {**(about or {}), "exported (UTC)": dt.datetime.now(dt.UTC).replace(
            microsecond=0).isoformat()}.items():
        ws.write_string(row, 0, str(k), bold)
        ws.write_string(row, 1, str(v))
        row += 1
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 60)
    used: set[str] = {"About"}
    for name, df in sheets.items():
        sheet = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "Sheet"
        base, k = sheet, 1
        while sheet in used:
            k += 1
            sheet = f"{base[:28]}_{k}"
        used.add(sheet)
        ws = wb.add_worksheet(sheet)
        for c, col in enumerate(df.columns):
            ws.write_string(0, c, str(col), head)
            values = df[col].tolist()
            width = len(str(col))
            for r, v in enumerate(values, start=1):
                if v is None or (isinstance(v, float) and v != v):
                    continue
                if isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(r, c, float(v), num if isinstance(v, float) else None)
                    width = max(width, 12)
                else:
                    text = str(v)
                    ws.write_string(r, c, text)
                    width = max(width, min(len(text), 60))
            ws.set_column(c, c, min(max(width + 2, 8), 62))
        ws.freeze_panes(1, 0)
    wb.close()
    return buf.getvalue()


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """An ``<a download>`` link holding the file (what the browser saves)."""
    b64 = base64.b64encode(data).decode("ascii")
    size = f"{len(data) / 1024:,.1f} kB"
    return (f'<a class="ghgi-download" download="{html.escape(safe_filename(filename))}" '
            f'href="data:{mime};base64,{b64}">{html.escape(label)} '
            f"<small>({html.escape(filename)}, {size})</small></a>")


def review_log_csv(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The review log as one table for CSV: every comment with its thread's anchor and
    current status, then every sign-off step and reason (column ``entry``)."""
    threads = frames["threads"].set_index("thread")
    c = frames["comments"].copy()
    c.insert(0, "entry", c["kind"])
    c["thread_status"] = c["thread"].map(threads["status"]) if len(threads) else None
    s = frames["signoffs"].rename(columns={"state": "body"}).assign(entry="sign-off")
    r = frames["reasons"].rename(columns={"reason": "body"}).assign(entry="recalculation reason")
    st = frames["status"].rename(columns={"status": "body"}).assign(entry="status")
    out = pd.concat([c, st, s, r], ignore_index=True, sort=False)
    time = out["created_utc"].fillna(out.get("time_utc"))
    out.insert(1, "time", time)
    drop = [x for x in ("created_utc", "time_utc") if x in out]
    return out.drop(columns=drop).sort_values(["time", "entry"], kind="stable").reset_index(
        drop=True)
