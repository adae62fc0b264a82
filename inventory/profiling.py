"""Stage times of a compilation (``ghgi compile --profile``).

:class:`StageTimer` records, for each stage of :class:`inventory.pipeline.Run`, its wall time
[s], the number of rows it handled and the CPU time of this process [s] (on a shared machine
the CPU time is the steadier figure); :meth:`StageTimer.write` puts them into the run folder
as ``profile.json`` and ``profile.csv`` (columns stage, seconds, rows, cpu_seconds) and
:meth:`StageTimer.text` formats them for the terminal. Nested stages are named
``parent/child`` (``report/crt_workbooks``); a parent's time includes its children's.

The profile is written after the manifest (it is a measurement of this run on this machine,
not an output of the inventory), so it is not listed there and never makes two runs of the
same inputs differ in their inventory files.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from inventory.atomic import atomic_path

__all__ = ["StageTimer", "PROFILE_COLUMNS"]

PROFILE_COLUMNS = ("stage", "seconds", "rows", "cpu_seconds")


class StageTimer:
    """Wall time and rows per stage, in the order the stages started."""

    def __init__(self) -> None:
        self.records: list[dict] = []
        self._path: list[str] = []

    @contextmanager
    def stage(self, name: str, rows: int | Callable[[], int | None] | None = None
              ) -> Iterator[dict]:
        """Time the block as stage ``name``; ``rows`` is a count or a function called when the
        block ends (the rows it produced). The yielded dict may be given ``rows`` inside."""
        full = "/".join([*self._path, name])
        rec = {"stage": full, "seconds": None, "rows": None, "cpu_seconds": None}
        self.records.append(rec)
        self._path.append(name)
        t, c = time.perf_counter(), time.process_time()
        try:
            yield rec
        finally:
            rec["seconds"] = round(time.perf_counter() - t, 4)
            rec["cpu_seconds"] = round(time.process_time() - c, 4)
            self._path.pop()
            if rec["rows"] is None and rows is not None:
                try:
                    rec["rows"] = rows() if callable(rows) else rows
                except Exception:  # a count must never hide the stage's own error
                    rec["rows"] = None
            if rec["rows"] is not None:
                rec["rows"] = int(rec["rows"])

    def add(self, name: str, seconds: float, rows: int | None = None,
            cpu_seconds: float | None = None) -> None:
        """A stage timed elsewhere (e.g. before the run existed)."""
        full = "/".join([*self._path, name])
        self.records.append({"stage": full, "seconds": round(float(seconds), 4),
                             "rows": None if rows is None else int(rows),
                             "cpu_seconds": None if cpu_seconds is None
                             else round(float(cpu_seconds), 4)})

    def write(self, run_dir: Path | str) -> list[Path]:
        """``profile.json`` and ``profile.csv`` in ``run_dir``; returns their paths."""
        import pandas as pd

        from inventory.csvsafe import write_csv

        run_dir = Path(run_dir)
        js = run_dir / "profile.json"
        with atomic_path(js) as tmp:
            tmp.write_text(json.dumps({"stages": self.records}, indent=2) + "\n")
        csv = run_dir / "profile.csv"
        df = pd.DataFrame(self.records, columns=list(PROFILE_COLUMNS))
        df["rows"] = df["rows"].astype("Int64")
        write_csv(df, csv)
        return [js, csv]

    def text(self) -> str:
        """One line per stage: seconds, rows, name (indented by nesting)."""
        lines = [f"{'seconds':>8} {'cpu s':>8} {'rows':>10}  stage"]
        for r in self.records:
            depth = r["stage"].count("/")
            rows = "" if r["rows"] is None else f"{r['rows']:,}"
            sec = "" if r["seconds"] is None else f"{r['seconds']:.2f}"
            cpu = "" if r.get("cpu_seconds") is None else f"{r['cpu_seconds']:.2f}"
            lines.append(f"{sec:>8} {cpu:>8} {rows:>10}  {'  ' * depth}"
                         f"{r['stage'].rsplit('/', 1)[-1]}")
        return "\n".join(lines)
