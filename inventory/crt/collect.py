"""Run the registered CRT sheet writers without building a workbook, to collect their cells.

:func:`collect_cells` runs every sheet writer of :mod:`inventory.crt.registry` for one year
against :class:`NullWorksheet` (writes nothing) while a
:class:`~inventory.crt.capture.CellRecorder` receives each ``write_row`` call, and returns the
cells (:data:`~inventory.crt.capture.CELL_COLUMNS`). Kept apart from :mod:`.capture` (which
:mod:`.layout` imports) so that the sheet modules it runs do not import back into it.
"""

from __future__ import annotations

import pandas as pd

from . import registry
from .capture import CellRecorder, recording
from .docbox import write_docbox
from .layout import Formats

__all__ = ["NullWorksheet", "NullWorkbook", "collect_cells", "tap_labels", "record_docbox"]


class NullWorksheet:
    """A worksheet that writes nothing: the sheet writers run against it to collect cells
    without building an xlsx. Texts in the label column are passed to the recorder."""

    def __init__(self, recorder: CellRecorder | None = None):
        self._rec = recorder

    def write_string(self, row, col, text, *args, **kwargs):
        if col == 0 and self._rec is not None:
            self._rec.label(row, text)
        return 0

    def __getattr__(self, name):
        def _noop(*args, **kwargs):
            return 0
        return _noop


class NullWorkbook:
    """Enough of an xlsxwriter workbook for :class:`~inventory.crt.layout.Formats`."""

    def add_format(self, *args, **kwargs):
        return object()


def collect_cells(data, ctx, sheets=None) -> pd.DataFrame:
    """Run the registered sheet writers (or ``sheets``, names) for one year against null
    worksheets and return every cell they fill (:data:`CELL_COLUMNS`)."""
    fmt = Formats(NullWorkbook())  # type: ignore[arg-type]
    with recording() as rec:
        for spec in registry.sheet_specs():
            if sheets is not None and spec.name not in sheets:
                continue
            rec.begin_sheet(spec.name)
            ws = NullWorksheet(rec)
            spec.write(ws, fmt, data, ctx)
            record_docbox(rec, spec.name, ctx)
    return rec.frame()


def record_docbox(rec: CellRecorder, sheet: str, ctx) -> None:
    """Record the documentation box of ``sheet`` as :func:`collect_cells` always has: written
    to a null worksheet, whose row count is unknown, so the box is keyed at row 0 (its cell
    comes first among the sheet's cells and the title row counts as a row with cells). The
    compile records it this way too, so the cells it stores are the ones an export captures."""
    write_docbox(NullWorksheet(rec), _NULL_FORMATS, sheet, ctx, None)


_NULL_FORMATS = Formats(NullWorkbook())  # type: ignore[arg-type]


def tap_labels(ws, rec: CellRecorder):
    """Make a real worksheet report the texts of its label column to ``rec``, as
    :class:`NullWorksheet` does, so that a workbook being written records the same cells
    (section headings included) as :func:`collect_cells`. Returns ``ws``."""
    write_string = ws.write_string

    def tapped(row, col, text, *args, **kwargs):
        if col == 0:
            rec.label(row, text)
        return write_string(row, col, text, *args, **kwargs)

    ws.write_string = tapped
    return ws
