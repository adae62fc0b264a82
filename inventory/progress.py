"""Progress of a run on the terminal: rich progress bars on a TTY, plain lines otherwise.

A run reports progress as messages (:attr:`inventory.pipeline.Run.progress`): a new message
starts a stage; a message ending in ``<done>/<total>`` (``writing CRT workbooks 3/19``) moves
the bar of the stage it names; ``warning: ...`` is printed above the bars. :func:`make_progress`
picks the display: rich bars when stderr is a terminal (not under pytest, not with
``GHGI_PROGRESS=plain``), else one plain line per stage with the elapsed time (the count
messages shown only when the stage is complete, so logs stay short); ``quiet`` shows nothing.

A display may also have a ``done(step)`` method: :class:`StepTracker` (what a run wraps its
callback in) calls it when a step ends: when the next step starts or the stage method that
started it returns (``done(step, ok=False)`` when it raised). :func:`notebook_progress` is the
display of an interactive notebook (``ghgi lab`` kernels): rich bars rendered in the notebook,
plain ``print`` when not in an interactive kernel, under pytest or with ``GHGI_PROGRESS=plain``.
"""

from __future__ import annotations

import os
import re
import sys
import time
from typing import TextIO

__all__ = ["make_progress", "notebook_progress", "NotebookProgress", "PlainProgress",
           "RichProgress", "StepTracker",
           "COUNT", "print_progress"]

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

    def __init__(self, stream: TextIO | None = None, console=None):
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
                                 console=console or Console(file=stream or sys.stderr))
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

    def done(self, step: str, ok: bool = True) -> None:
        """End the bar of ``step`` (a failed step keeps its bar where it stopped)."""
        if self.task is not None and step == self.stage:
            if ok:
                self._finish()
            else:
                self.progress.stop_task(self.task)
                self.task = None

    def close(self) -> None:
        self._finish()
        self.progress.stop()


class StepTracker:
    """The progress callback of a run: passes every message on to ``callback`` and tells it
    (``callback.done``, when it has one) which step ended.

    A message that is neither a count of the current step (``<step> i/n``) nor a warning
    starts a step and ends the one before it; :meth:`end` ends the open one (a run calls it
    when a stage method returns), so every step started is reported finished exactly once.
    """

    def __init__(self, callback=None):
        self.callback = callback if callback is not None else (lambda _msg: None)
        self.current: str | None = None

    def __call__(self, msg: str) -> None:
        if not msg.startswith("warning:"):
            m = COUNT.fullmatch(msg)
            if m is None or m["stage"] != self.current:
                self.end()
                self.current = m["stage"] if m else msg
        self.callback(msg)

    def end(self, ok: bool = True) -> None:
        """The open step (if any) ended; ``ok=False``: it raised."""
        if self.current is not None:
            step, self.current = self.current, None
            done = getattr(self.callback, "done", None)
            if done is not None:
                done(step, ok)

    def close(self) -> None:
        self.end()
        close = getattr(self.callback, "close", None)
        if close is not None:
            close()


def _interactive_kernel() -> bool:
    """In a Jupyter kernel with a front end (not under pytest, not GHGI_PROGRESS=plain)."""
    if "PYTEST_CURRENT_TEST" in os.environ or os.environ.get("GHGI_PROGRESS", "").lower() == "plain":
        return False
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def notebook_progress(interactive: bool | None = None):
    """The progress display of an interactive notebook: rich bars rendered in the notebook
    (rich's Jupyter support) in a ``ghgi lab`` kernel, else ``print`` (see the module
    docstring). ``interactive``: force the choice (None: detect it)."""
    if not (_interactive_kernel() if interactive is None else interactive):
        return print
    return NotebookProgress()


class NotebookProgress:
    """Rich bars in a notebook: one live display per step, shown in the output of the cell
    running it and stopped when the step ends (no display thread outlives a step)."""

    def __init__(self):
        self.bar: RichProgress | None = None

    def _console(self):
        from rich.console import Console

        return Console(force_jupyter=True)

    def __call__(self, msg: str) -> None:
        m = COUNT.fullmatch(msg)
        if msg.startswith("warning:") or (m and self.bar is not None
                                          and m["stage"] == self.bar.stage):
            if self.bar is not None:
                self.bar(msg)
            else:
                print(msg, flush=True)
            return
        self.close()
        self.bar = RichProgress(console=self._console())
        self.bar(msg)

    def done(self, step: str, ok: bool = True) -> None:
        if self.bar is not None and self.bar.stage == step:
            self.bar.done(step, ok)
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.progress.stop()
            self.bar = None


def make_progress(quiet: bool = False, stream: TextIO | None = None):
    """The progress display for the command line (see the module docstring)."""
    if quiet:
        return _quiet
    stream = stream or sys.stderr
    rich_ok = (stream.isatty() and "PYTEST_CURRENT_TEST" not in os.environ
               and os.environ.get("GHGI_PROGRESS", "").lower() != "plain")
    return RichProgress(stream) if rich_ok else PlainProgress(stream)
