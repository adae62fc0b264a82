"""``--jobs`` for the commands whose work splits into independent pieces (one per year, one per
inventory): how many processes, and an ordered map over a process pool.

Semantics (the same as ``ghgi compile --jobs`` for the CRT workbooks): ``jobs`` given -> that
many processes (at most one per piece; ``1`` = in this process); not given -> the cores, but
one process for fewer than ``min_pieces`` pieces (a spawned worker costs ~2-5 s of imports).
Results come back in the order of the pieces, so the output never depends on ``jobs``.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

from inventory.errors import InputError

__all__ = ["workers", "process_map", "check_jobs"]


def check_jobs(jobs: int | None, where: str = "--jobs") -> int | None:
    """``jobs`` as given on the command line, refused unless None or >= 1."""
    if jobs is not None and int(jobs) < 1:
        raise InputError(f"--jobs {jobs}", where, "a number of processes >= 1")
    return None if jobs is None else int(jobs)


def workers(n_pieces: int, jobs: int | None = None, min_pieces: int = 4) -> int:
    """Processes for ``n_pieces`` independent pieces (see the module docstring)."""
    if n_pieces <= 1:
        return 1
    if jobs is not None:
        return max(1, min(int(jobs), n_pieces))
    return max(1, min(os.cpu_count() or 1, n_pieces if n_pieces >= min_pieces else 1))


def process_map(fn: Callable, pieces: Iterable, *, jobs: int | None = None,
                initializer: Callable | None = None, initargs: tuple = (),
                progress: Callable[[int, int], None] | None = None,
                min_pieces: int = 4) -> list:
    """``[fn(p) for p in pieces]``, over :func:`workers` processes when more than one.

    ``initializer(*initargs)`` runs once in each process (and here when in process): the
    large shared inputs travel once per worker, not once per piece. Processes are spawned
    (forking a process that holds Arrow thread pools can deadlock); on any exception here
    (Ctrl-C, a failing piece) the workers are stopped before it propagates.
    ``progress(done, total)`` after each piece."""
    pieces = list(pieces)
    n = workers(len(pieces), jobs, min_pieces)
    out = []
    if n <= 1:
        if initializer is not None:
            initializer(*initargs)
        for i, p in enumerate(pieces, start=1):
            out.append(fn(p))
            if progress is not None:
                progress(i, len(pieces))
        return out
    pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"),
                               initializer=initializer, initargs=initargs)
    try:
        for i, r in enumerate(pool.map(fn, pieces), start=1):
            out.append(r)
            if progress is not None:
                progress(i, len(pieces))
    except BaseException:
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.terminate()
        raise
    pool.shutdown(wait=True)
    return out
