"""Progress of a run on the terminal: rich progress bars on a TTY, plain lines otherwise.

A run reports progress as messages (:attr:`inventory.pipeline.Run.progress`): a new message
starts a stage; a message ending in ``<done>/<total>`` (``writing CRT workbooks 3/19``) moves
the bar of the stage it names; ``warning: ...`` is printed above the bars. :func:`make_progress`
picks the display: rich bars when stderr is a terminal (not under pytest, not with
``GHGI_PROGRESS=plain``), else one plain line per stage with the elapsed time (the count
messages shown only when the stage is complete, so logs stay short); ``quiet`` shows nothing.
"""

from __future__ import annotations

import os
import re
import sys
import time
from typing import TextIO

__all__ = ["make_progress", "PlainProgress", "RichProgress", "COUNT", "print_progress"]

COUNT = re.compile(r"(?P<stage>.*\S)\s+(?P<done>\d+)/(?P<total>\d+)")


def print_progress(msg: str) -> None:
    """``print`` for the notebooks: counted stages only when complete."""
    m = COUNT.fullmatch(msg)
    if not m or m["done"] == m["total"]:
        print(msg, flush=True)


def _quiet(_msg: str) -> None:
    pass


_quiet.close = lambda: None  # type: ignore[attr-defined]


class PlainProgress:
    """One line per stage on ``stream``: elapsed seconds and the message."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()

    def __call__(self, msg: str) -> None:
        m = COUNT.fullmatch(msg)
        if m and m["done"] != m["total"]:
            return
        print(f"{time.perf_counter() - self.start:6.1f}s {msg}", file=self.stream, flush=True)

    def close(self) -> None:
        pass


class RichProgress:
    """Every stage a row with a spinner (or a bar, for counted stages) and its elapsed time."""

    def __init__(self, stream: TextIO | None = None):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(file=stream or sys.stderr))
        self.progress.start()
        self.task = None
        self.stage: str | None = None

    def _finish(self) -> None:
        if self.task is not None:
            t = self.progress.tasks[-1]
            total = t.total if t.total is not None else 1
            self.progress.update(self.task, total=total, completed=total)
            self.task = None

    def __call__(self, msg: str) -> None:
        if msg.startswith("warning:"):
            self.progress.console.print(msg, markup=False, highlight=False)
            return
        m = COUNT.fullmatch(msg)
        if m and self.task is not None and m["stage"] == self.stage:
            self.progress.update(self.task, completed=int(m["done"]), total=int(m["total"]))
            return
        self._finish()
        self.stage = m["stage"] if m else msg
        self.task = self.progress.add_task(self.stage.replace("[", r"\["),
                                           total=int(m["total"]) if m else None,
                                           completed=int(m["done"]) if m else 0)

    def close(self) -> None:
        self._finish()
        self.progress.stop()


def make_progress(quiet: bool = False, stream: TextIO | None = None):
    """The progress display for the command line (see the module docstring)."""
    if quiet:
        return _quiet
    stream = stream or sys.stderr
    rich_ok = (stream.isatty() and "PYTEST_CURRENT_TEST" not in os.environ
               and os.environ.get("GHGI_PROGRESS", "").lower() != "plain")
    return RichProgress(stream) if rich_ok else PlainProgress(stream)
