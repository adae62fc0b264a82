"""The ordered registry of CRT sheet writers.

Each sheet module registers one writer per sheet at import time::

    @register_sheet("Table2(I)", order=200)
    def write_table2(ws, fmt, data, ctx): ...

``order`` follows the CRT workbook: energy tables 100-199, IPPU 200-299, agriculture 300-399,
LULUCF 400-499, waste 500-599, summary tables 900+. A writer gets the worksheet, the
workbook's :class:`~inventory.crt.layout.Formats`, the year's
:class:`~inventory.crt.data.YearData` and the :class:`~inventory.crt.layout.SheetContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["SheetSpec", "SheetWriter", "register_sheet", "sheet_specs"]

SheetWriter = Callable[[Any, Any, Any, Any], None]


@dataclass(frozen=True)
class SheetSpec:
    name: str       # the CRT sheet name, e.g. "Table1.A(a)s1"
    order: int
    write: SheetWriter


_SHEETS: list[SheetSpec] = []


def register_sheet(name: str, order: int) -> Callable[[SheetWriter], SheetWriter]:
    """Decorator: add a sheet writer; a sheet name or order used twice is an error."""
    if len(name) > 31 or any(ch in name for ch in "[]:*?/\\"):
        raise ValueError(f"'{name}' is not a valid Excel sheet name")

    def deco(fn: SheetWriter) -> SheetWriter:
        for s in _SHEETS:
            if s.name == name:
                raise ValueError(f"sheet '{name}' is registered twice")
            if s.order == order:
                raise ValueError(f"sheets '{s.name}' and '{name}' share order {order}")
        _SHEETS.append(SheetSpec(name, order, fn))
        return fn

    return deco


def sheet_specs() -> list[SheetSpec]:
    """The registered sheets in workbook order (the core's and every loaded sector's)."""
    from inventory.plugins import load_sectors

    load_sectors()
    return sorted(_SHEETS, key=lambda s: s.order)
