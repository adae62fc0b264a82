"""Our CRT cells -> ETF variable names, as cited data (one CSV per CRT sheet).

Where: core sheets (Summary1/2/3, Flex_summary, Table7-10) in ``inventory/data/etf/<sheet>.csv``,
a sector's sheets in ``sectors/<sector>/data/etf/<sheet>.csv`` (beside the module that
registers the sheet), so a sheet added later (LULUCF) brings its own file.

Each line: ``row`` (the captured row key, :mod:`inventory.crt.capture`; ``*`` and ``?`` match
as in fnmatch), ``column`` (the column key), ``etf_name``, ``scale`` (factor from the sheet's
unit to the ETF variable's unit, e.g. 1000 for kt -> t), ``status`` (``mapped`` or
``unmapped``) and ``reason`` (why a cell is intentionally unmapped). Every cell of every sheet
we write must match exactly one line (tests/test_etf.py); exact rows win over patterns.
"""

from __future__ import annotations

import fnmatch
import io
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

__all__ = ["MAPPING_HEADER", "mapping_path", "load_mapping", "map_cells", "MappingError",
           "read_commented_csv"]

MAPPING_HEADER = (
    "# CRT sheet {sheet}: captured cells (row key, column key) -> ETF variable name.\n"
    "# Names from the {source}; matched by CRT node, classification, measure, gas and unit\n"
    "# (python -m inventory.etf.mapgen drafts this file; docs/etf.md). status: mapped |\n"
    "# unmapped (reason says why). scale: our unit -> the ETF unit.\n")


class MappingError(ValueError):
    pass


def read_commented_csv(path: Path) -> pd.DataFrame:
    """A CSV whose leading lines starting with '#' are its citation header. Only whole lines
    are comments: row keys such as "2.F #2" (:mod:`inventory.crt.capture`) keep their '#'."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = fh.readlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return pd.read_csv(io.StringIO("".join(lines[start:])), dtype=str, keep_default_na=False)


def mapping_path(spec) -> Path:
    """The mapping file of a registered sheet (:class:`~inventory.crt.registry.SheetSpec`)."""
    module = sys.modules[spec.write.__module__]
    here = Path(module.__file__).resolve().parent
    if spec.write.__module__.startswith("inventory."):
        base = Path(__file__).resolve().parent.parent / "data" / "etf"
    else:
        while not (here / "__init__.py").exists() or here.parent.name != "sectors":
            if here.parent == here:
                break
            here = here.parent
        base = here / "data" / "etf"
    return base / f"{spec.name}.csv"


@dataclass(frozen=True)
class SheetMapping:
    exact: dict[tuple[str, str], dict]
    patterns: list[dict]


PENDING_PATH = Path(__file__).resolve().parent.parent / "data" / "etf" / "pending_sheets.csv"


@cache
def pending_sheets() -> list[tuple[str, str]]:
    """(sheet name pattern, reason) of sheets registered by work that landed after the
    mapping was drafted (``inventory/data/etf/pending_sheets.csv``): while such a sheet has no
    mapping file, its cells are listed as unmapped with that reason. A mapping file wins."""
    if not PENDING_PATH.exists():
        return []
    df = read_commented_csv(PENDING_PATH)
    return list(zip(df["sheet"], df["reason"], strict=True))


def _pending_reason(sheet: str) -> str | None:
    return next((r for p, r in pending_sheets() if fnmatch.fnmatchcase(sheet, p)), None)


@cache
def load_mapping() -> dict[str, SheetMapping]:
    """sheet -> its mapping (every registered sheet; a sheet without a file maps nothing)."""
    from inventory.crt.registry import sheet_specs

    out = {}
    for spec in sheet_specs():
        path = mapping_path(spec)
        exact, patterns = {}, []
        if not path.exists() and _pending_reason(spec.name):
            patterns.append({"row": "*", "column": "*", "etf_name": "", "scale": 1.0,
                             "status": "unmapped", "reason": _pending_reason(spec.name)})
        if path.exists():
            df = read_commented_csv(path)
            for rec in df.to_dict("records"):
                rec["scale"] = float(rec["scale"]) if rec.get("scale") else 1.0
                if any(ch in rec["row"] for ch in "*?[") or any(ch in rec["column"]
                                                                  for ch in "*?["):
                    patterns.append(rec)
                else:
                    exact[(rec["row"], rec["column"])] = rec
        out[spec.name] = SheetMapping(exact, patterns)
    return out


def map_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """``cells`` (inventory.crt.capture) with ``etf_name``, ``scale``, ``status``, ``reason``
    and ``matches`` (how many mapping lines matched: exactly 1 is required)."""
    maps = load_mapping()
    names, scales, status, reasons, matches = [], [], [], [], []
    for sheet, row, col in zip(cells["sheet"], cells["row"], cells["column"], strict=True):
        m = maps.get(sheet)
        if m is None and _pending_reason(sheet):
            m = SheetMapping({}, [{"row": "*", "column": "*", "etf_name": "", "scale": 1.0,
                                   "status": "unmapped", "reason": _pending_reason(sheet)}])
        hit = [m.exact[(row, col)]] if m and (row, col) in m.exact else (
            [p for p in m.patterns if fnmatch.fnmatchcase(row, p["row"])
             and fnmatch.fnmatchcase(col, p["column"])] if m else [])
        matches.append(len(hit))
        h = hit[0] if len(hit) == 1 else {"etf_name": "", "scale": 1.0, "status": "missing",
                                          "reason": "no mapping line" if not hit
                                          else f"{len(hit)} mapping lines match"}
        names.append(h["etf_name"])
        scales.append(h["scale"])
        status.append(h["status"])
        reasons.append(h["reason"])
    return cells.assign(etf_name=names, scale=scales, status=status, reason=reasons,
                        matches=matches)
