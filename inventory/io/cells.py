"""Reading the cells of a workbook sheet as the compiler typed them, within bounds.

pandas reads a Boolean cell as 1, a date as a timestamp and a formula as its cached value (or
nothing, when the file was never opened in Excel); it also loads the whole used range, so one
stray cell in column XFD on 300,000 rows costs gigabytes. :func:`read_sheet` streams the sheet
(:mod:`inventory.io.xlsx`) instead:

* only the template's columns are read: the header row decides the width (the last column whose
  header is a template column or a year);
* reading stops at the first block of :data:`EMPTY_BLOCK` fully empty rows (empty in those
  columns); a note says so when the sheet's used range reaches further;
* more than ``max_rows`` rows is an error (never a hang);
* a Boolean, date, formula or Excel error value comes back as a :class:`Special` marker, so
  the reader can say what the cell holds ("formula '=B3*2'") instead of "empty cell" or 1.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from inventory.errors import InputError, Location
from inventory.io.xlsx import Special, Workbook

__all__ = ["Special", "SheetGrid", "open_workbook", "read_sheet", "EMPTY_BLOCK", "header_text"]

EMPTY_BLOCK = 1000


@dataclass
class SheetGrid:
    """The cells of one sheet: ``header`` (texts of row 1), ``data`` (object frame, one column
    per header cell, index = Excel row number) and notes on what was not read."""

    name: str
    header: list[str]
    data: pd.DataFrame
    notes: list[str]


def header_text(v) -> str:
    """A header cell as text (2021 and 2021.0 -> '2021')."""
    if v is None:
        return ""
    if isinstance(v, Special):
        return v.text
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def open_workbook(path: Path) -> Workbook:
    """The workbook opened for streaming; an unreadable file is an InputError saying why."""
    where = str(path)
    if path.is_dir():
        raise InputError("is a folder, not a workbook", where,
                         "an .xlsx file made from 'ghgi template'")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except PermissionError:
        raise InputError("cannot be read: permission denied", where,
                         "a file the user running ghgi may read") from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", where) from None
    if magic != b"PK\x03\x04":
        kind = ("an old .xls (Excel 97-2003) workbook" if magic == b"\xd0\xcf\x11\xe0"
                else "not an .xlsx workbook (no zip archive)")
        raise InputError(f"is {kind}", where,
                         "an .xlsx file made from 'ghgi template' (save as .xlsx)")
    try:
        return Workbook(path)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"cannot be read as an Excel workbook ({type(exc).__name__}: "
                         f"{str(exc)[:120]})", where,
                         "an .xlsx file made from 'ghgi template'") from None


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def read_sheet(wb: Workbook, file: str, sheet: str, template_columns: tuple[str, ...],
               max_rows: int, year_like=None) -> SheetGrid:
    """Stream one worksheet: the header row, then the data rows of the template's columns
    (see the module docstring for the bounds)."""
    where = Location(file, sheet)
    try:
        return _read(wb, file, sheet, template_columns, max_rows, year_like)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"the sheet cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
                         where, "an .xlsx file saved by Excel or LibreOffice") from None


def _read(wb: Workbook, file: str, sheet: str, template_columns, max_rows, year_like):
    from xml.parsers.expat import ExpatError

    limit: dict = {"max_col": None}
    stream = wb.rows(sheet, limit=limit)
    header: list[str] = []
    records, index, notes = [], [], []
    last_row, gap, width = 1, 0, 0
    try:
        for n, vals in stream:
            if not header:
                if n != 1:
                    break                      # no header row: an empty sheet
                header_all = [header_text(v) for v in vals]
                known = set(template_columns)
                used = [i for i, h in enumerate(header_all)
                        if h in known or (year_like is not None and year_like(h) is not None)]
                width = (max(used) + 1) if used else min(len(header_all),
                                                         len(template_columns))
                header = header_all[:width] + [""] * max(0, width - len(header_all))
                limit["max_col"] = width
                if not any(header):
                    break
                continue
            gap = n - last_row - 1
            if gap >= EMPTY_BLOCK:             # the data ended at the first empty block
                break
            if all(_blank(v) for v in vals):
                continue
            if len(records) >= max_rows:
                raise InputError(f"the sheet has more than {max_rows:,} data rows (row {n:,} "
                                 "still holds data)", Location(file, sheet, n),
                                 f"at most {max_rows:,} rows per sheet (split the data over "
                                 "files, or raise intake.max_rows in inventory.yml)")
            records.append(vals)
            index.append(n)
            last_row = n
        else:
            gap = 0
    except ExpatError as exc:
        raise ValueError(f"broken sheet XML: {exc}") from None
    finally:
        stream.close()
    if not header:
        return SheetGrid(sheet, [], pd.DataFrame(), [])
    claimed = wb.dimension_rows(sheet)
    if gap >= EMPTY_BLOCK or (claimed and claimed > last_row + EMPTY_BLOCK):
        notes.append(f"{Location(file, sheet)}: reading stopped after {EMPTY_BLOCK:,} empty "
                     f"rows below row {last_row:,}; the sheet's used range reaches row "
                     f"{claimed or '?'} (rows there, if any, were not read: delete the empty "
                     "rows or move the data up)")
    data = pd.DataFrame(records, index=index, columns=range(width), dtype=object)
    return SheetGrid(sheet, header, data, notes)
