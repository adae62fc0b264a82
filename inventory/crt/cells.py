"""The CRT cells of a run, stored once by the compile: ``<run>/crt_cells.parquet``.

While the compile writes the CRT workbooks, every cell the sheet writers fill is recorded
(:mod:`inventory.crt.capture`, exactly as :func:`inventory.crt.collect.collect_cells` records
them against null worksheets) and stored here: one line per (year, sheet, row, column) with
the columns :data:`~inventory.crt.capture.CELL_COLUMNS` plus ``year``. ``ghgi etf export``
reads this file instead of running every sheet writer a second time
(:func:`inventory.etf.writer.export_run`).

The cells depend on the run and on two things of the project that the export may be given
differently: the documentation-box texts and the ``flexibility`` settings of inventory.yml.
Both are stored with the cells (parquet key-value metadata, :data:`CONTEXT_KEY`);
:func:`read_cells` returns the cells only when the export asks for the same ones and for
years the file holds, else None (the caller captures the cells itself, as before).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from inventory.atomic import atomic_path

from .capture import CELL_COLUMNS

__all__ = ["CELLS_FILE", "CONTEXT_KEY", "FORMAT_VERSION", "cells_context", "write_cells",
           "read_cells"]

CELLS_FILE = "crt_cells.parquet"
CONTEXT_KEY = b"ghgi.crt_cells"
# raise when the recorded cells change meaning (row keys, kinds): older files are then ignored
FORMAT_VERSION = 1


def cells_context(documentation: dict | None, flexibility: dict | None) -> dict:
    """What besides the run decides the cells: documentation texts and flexibility settings
    (as canonical JSON text, so YAML dates and nested settings compare exactly)."""
    def canon(d: dict | None) -> str:
        return json.dumps(dict(d or {}), sort_keys=True, default=str, ensure_ascii=False)

    return {"version": FORMAT_VERSION, "documentation": canon(documentation),
            "flexibility": canon(flexibility)}


def write_cells(cells: pd.DataFrame, path: Path | str, *, documentation: dict | None,
                flexibility: dict | None) -> Path:
    """Store the recorded cells of all years (``year`` + :data:`CELL_COLUMNS`) at ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    cols = ["year", *CELL_COLUMNS]
    table = pa.Table.from_pandas(cells[cols], preserve_index=False)
    meta = dict(table.schema.metadata or {})
    ctx = {**cells_context(documentation, flexibility),
           "years": sorted(int(y) for y in pd.unique(cells["year"]))}
    meta[CONTEXT_KEY] = json.dumps(ctx).encode()
    table = table.replace_schema_metadata(meta)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
    return path


def read_cells(path: Path | str, years: Iterable[int], *, documentation: dict | None,
               flexibility: dict | None) -> pd.DataFrame | None:
    """The stored cells of ``years`` (in that order), or None when the file is missing, of
    another format version, lacks a year, or was recorded with other documentation texts or
    flexibility settings than those given."""
    import pyarrow.parquet as pq

    path = Path(path)
    if not path.is_file():
        return None
    meta = pq.read_schema(path).metadata or {}
    raw = meta.get(CONTEXT_KEY)
    if raw is None:
        return None
    stored = json.loads(raw)
    if {k: stored.get(k) for k in ("version", "documentation", "flexibility")} \
            != cells_context(documentation, flexibility):
        return None
    years = [int(y) for y in years]
    if not set(years) <= set(stored.get("years", [])):
        return None
    cells = pd.read_parquet(path)
    parts = [cells[cells["year"] == y] for y in years]
    out = pd.concat(parts, ignore_index=True) if parts else cells.iloc[:0]
    return out[[*CELL_COLUMNS, "year"]].reset_index(drop=True)
