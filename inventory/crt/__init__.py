"""CRT workbooks: one xlsx per inventory year in the layout of the UNFCCC Common Reporting
Tables (decision 5/CMA.3 annex I).

Sheets are written by the writers registered in :mod:`inventory.crt.registry`, in CRT order.
The core holds the layout toolkit (:mod:`~inventory.crt.layout`), the shared aggregates
(:mod:`~inventory.crt.data`) and the cross-sector tables (Summary1/2, Table7-Table10 in
:mod:`~inventory.crt.summary` and :mod:`~inventory.crt.crosscutting`); every sector brings its
own sheets (``sectors/<sector>/crt*.py`` with ``@register_sheet("Table2(I)", order=200)``),
registered when the sector plug-in loads (:mod:`inventory.plugins`).

See docs/crt_export.md for the row/column layout and the notation-key and IEF rules.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import xlsxwriter

from inventory.atomic import atomic_path
from inventory.gases import gwp_table
from inventory.paths import slugify

from . import crosscutting, registry, summary, summary3  # noqa: F401  (core sheets register here)
from .capture import CellRecorder, paused, recording
from .cells import write_cells
from .collect import record_docbox, tap_labels
from .data import Prepared, YearData, prepare
from .docbox import write_docbox
from .layout import WORKBOOK_OPTIONS, Formats, SheetContext, gwp_label

__all__ = ["write_crt_workbooks", "write_workbook", "crt_filename", "DEFAULT_CREATED",
           "AUTHOR"]

AUTHOR = "GHG Inventory Workbench"
# Used when no ``created`` is given and SOURCE_DATE_EPOCH is unset: a fixed date keeps the
# files byte-for-byte reproducible.
DEFAULT_CREATED = datetime(2000, 1, 1, 0, 0, 0)


def crt_filename(party: str, year: int) -> str:
    """'CRT_<party>_<year>.xlsx' with the party as a safe file-name part: Unicode letters and
    digits kept (a Chinese party name keeps its characters), anything else '_', capped in
    length (:func:`inventory.paths.slugify`)."""
    return f"CRT_{slugify(str(party), fallback='party')}_{int(year)}.xlsx"


def _created(created: datetime | None) -> datetime:
    if created is not None:
        return created
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return DEFAULT_CREATED


def write_workbook(path: Path | str, data: YearData, ctx: SheetContext,
                   created: datetime, record: bool = False) -> pd.DataFrame | None:
    """Write one CRT workbook for one year to ``path`` (all registered sheets, in order).

    ``record``: also return every cell the sheets fill (:data:`~.capture.CELL_COLUMNS` plus
    ``year``), the same cells :func:`~.collect.collect_cells` captures for the ETF export."""
    # in_memory: the XML parts are zipped from memory instead of ~70 temporary files per
    # workbook (half of xlsxwriter's close); the parts are the same, only their time stamp in
    # the zip is Excel's 1980-01-01 instead of 1980-01-31
    wb = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "in_memory": True})
    wb.set_properties({
        "title": f"Common Reporting Tables {ctx.party} {ctx.year}",
        "subject": f"GHG inventory {ctx.year}, {gwp_label(ctx.gwp_set)}",
        "author": AUTHOR,
        "comments": " ".join(p for p in (ctx.submission_label, ctx.banner) if p),
        "created": created,
    })
    fmt = Formats(wb)
    rec = CellRecorder() if record else None
    with recording(rec) if rec is not None else nullcontext():
        for spec in registry.sheet_specs():
            ws = wb.add_worksheet(spec.name)
            if rec is None:
                spec.write(ws, fmt, data, ctx)
                write_docbox(ws, fmt, spec.name, ctx)
                continue
            rec.begin_sheet(spec.name)
            spec.write(tap_labels(ws, rec), fmt, data, ctx)
            with paused():
                write_docbox(ws, fmt, spec.name, ctx)
            record_docbox(rec, spec.name, ctx)
    wb.close()
    return rec.frame().assign(year=int(ctx.year)) if rec is not None else None


def write_crt_workbooks(emissions: pd.DataFrame, out_dir: Path, *, party: str, gwp_set: str,
                        years: Iterable[int], submission_label: str = "",
                        region: str | None = None, banner: str = "",
                        created: datetime | None = None,
                        analysis: dict | None = None, tables: dict | None = None,
                        guidelines: str = "", jobs: int | None = None,
                        progress=None, documentation: dict | None = None,
                        flexibility: dict | None = None,
                        cells_path: Path | str | None = None) -> list[Path]:
    """Write ``out_dir/CRT_<party>_<year>.xlsx`` for each year; returns the paths.

    Parameters
    ----------
    emissions : the emissions table (docs/data_format.md#emissions); validated here.
    party : shown in every title block (and, made file-name safe, in the file name).
    gwp_set : e.g. 'AR5GWP100' (shown as 'AR5 GWP100'); used for every CO2 eq number.
    years : inventory years, one workbook each; a year without rows is an InputError.
    submission_label : free text for the title block (written as text, never a formula).
    region : report one region only; None sums all regions with the notation-key roll-up rules.
    banner : a line under the title block, e.g. "Synthetic demo data".
    created : workbook creation time in the file properties; default SOURCE_DATE_EPOCH or
        :data:`DEFAULT_CREATED`, so the same input gives the same bytes.
    analysis : the cross-cutting analysis tables of the run
        (:func:`inventory.analysis.stage.load_analysis`) for Table7, Table8s1/s2 and Table9;
        without them those sheets say the analysis was not run (Table10 and Summary2 come from
        the emissions themselves).
    tables : the run's background tables (:mod:`inventory.products`) by name, read by the
        sector sheets through ``YearData.table(name)``.
    guidelines : the edition of the IPCC defaults, shown in every title block.
    jobs : worker processes for the years (``ghgi compile --jobs``); None: $GHGI_CRT_WORKERS,
        else the cores, and one process for fewer than four years (a worker costs seconds).
    progress : called as ``progress(done, total)`` after each workbook.
    documentation : sheet name -> text of its documentation box
        (:func:`inventory.crt.docbox.read_documentation`).
    flexibility : inventory.yml ``flexibility`` for the Flex_summary sheet.
    cells_path : also store every cell the sheets fill, all years, at this path
        (:mod:`inventory.crt.cells`; the compile writes ``<run>/crt_cells.parquet``, which
        ``ghgi etf export`` reads instead of running the sheet writers again).

    Each file is written to a temporary path and moved into place only when complete
    (:func:`inventory.atomic.atomic_path`): a failure leaves no partial file and keeps an
    existing file of that name untouched.
    """
    gwp_table(gwp_set)  # unknown GWP set: fail before writing anything
    prepared: Prepared = prepare(emissions, region=region, gwp_set=gwp_set)
    prepared.analysis = dict(analysis or {})
    prepared.tables = dict(tables or {})
    stamp = _created(created)
    out_dir = Path(out_dir)
    jobs_wanted, jobs = jobs, []
    for year in dict.fromkeys(int(y) for y in years):
        prepared.year(year, gwp_set)  # a year without rows fails here, before any writing
        ctx = SheetContext(party=str(party), year=year, gwp_set=gwp_set,
                           submission_label=str(submission_label), banner=str(banner),
                           coverage=prepared.coverage, guidelines=str(guidelines or ""),
                           documentation=dict(documentation or {}),
                           flexibility=dict(flexibility or {}))
        jobs.append((year, ctx, out_dir / crt_filename(party, year)))
    if jobs:
        # the all-years trend tables (Table10, Summary2) once, before the workers start: they
        # travel with the prepared rows instead of being rebuilt in every process
        crosscutting.warm(prepared.year(jobs[0][0], gwp_set))
    workers = _workers(len(jobs), jobs_wanted)
    record = cells_path is not None
    cells: list[pd.DataFrame] = []
    if workers <= 1:
        _init_worker(prepared, gwp_set, stamp, record)
        for i, job in enumerate(jobs, start=1):
            cells.append(_write_one(job))
            if progress is not None:
                progress(i, len(jobs))
    else:
        # one workbook per year is independent: spread the years over the cores. 'spawn'
        # (not fork): forking a process that holds Arrow thread pools can deadlock.
        # Workers die with the run: a worker watches its parent (and on Linux asks the
        # kernel for SIGKILL when the parent dies), and any exception or signal in the
        # parent (SIGTERM -> inventory.cli) terminates them before the temporary run folder
        # is removed: nothing keeps writing for minutes after the run was stopped.
        ctx_mp = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(workers, mp_context=ctx_mp, initializer=_init_worker,
                                   initargs=(prepared, gwp_set, stamp, record, os.getpid()))
        try:
            for i, year_cells in enumerate(pool.map(_write_one, jobs), start=1):
                cells.append(year_cells)
                if progress is not None:
                    progress(i, len(jobs))
        except BaseException:
            _terminate(pool)
            raise
        pool.shutdown(wait=True)
    if record and cells:
        write_cells(pd.concat(cells, ignore_index=True), cells_path,  # type: ignore[arg-type]
                    documentation=documentation, flexibility=flexibility)
    return [target for _, _, target in jobs]


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: cancel queued jobs, terminate (then kill) the workers."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join(timeout=5)


_STATE: dict = {}


def _workers(n_jobs: int, wanted: int | None = None) -> int:
    """``wanted`` (--jobs), else GHGI_CRT_WORKERS, else the cores; one process for fewer than
    four workbooks unless asked for (a worker costs ~2 s to start)."""
    if wanted is not None:
        return max(1, min(int(wanted), n_jobs))
    env = os.environ.get("GHGI_CRT_WORKERS")
    wanted = int(env) if env else (os.cpu_count() or 1)
    return max(1, min(wanted, n_jobs if n_jobs >= 4 else 1))


def _init_worker(prepared: Prepared, gwp_set: str, stamp: datetime, record: bool = False,
                 parent: int | None = None) -> None:
    _STATE.update(prepared=prepared, gwp_set=gwp_set, stamp=stamp, record=record)
    if parent is not None:
        _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """End this worker process when ``parent`` is gone (SIGKILL of the run)."""
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)     # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="ghgi-parent-watch", daemon=True).start()


def _write_one(job) -> pd.DataFrame | None:
    year, ctx, target = job
    data = _STATE["prepared"].year(year, _STATE["gwp_set"])
    with atomic_path(target) as tmp:
        return write_workbook(tmp, data, ctx, _STATE["stamp"], _STATE.get("record", False))
