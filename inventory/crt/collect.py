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

__all__ = ["NullWorksheet", "NullWorkbook", "collect_cells"]


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
            write_docbox(ws, fmt, spec.name, ctx, None)
    return rec.frame()
