"""The progress hook of a run (inventory.progress.StepTracker): the CLI's rich bars and the
notebooks' bars are fed by it, so it must name every step and end every step it started."""

from __future__ import annotations

import pytest

from inventory.pipeline import Run
from inventory.progress import StepTracker, notebook_progress
from inventory.project import load_config
from tests.inventories import write_project


class Recorder:
    """A progress display that records what it is told."""

    def __init__(self):
        self.events: list[tuple[str, str]] = []

    def __call__(self, msg: str) -> None:
        self.events.append(("msg", msg))

    def done(self, step: str, ok: bool = True) -> None:
        self.events.append(("done" if ok else "failed", step))


def test_the_hook_reports_the_stages_of_a_small_compile(tmp_path):
    project = write_project(tmp_path / "p", sectors=("energy",), years=range(2023, 2024))
    rec = Recorder()
    run = Run(load_config(project), tmp_path / "run", "r", validate=False, progress=rec)
    run.intake()
    run.timeseries()
    run.sector("energy")
    run.combine()
    started = [m for kind, m in rec.events if kind == "msg" and not m.startswith("warning:")]
    assert started == ["reading inputs", "computing energy", "combining the sectors"]
    # every step started is reported done once, in order, before the next one starts
    assert rec.events == [e for m in started for e in (("msg", m), ("done", m))]


def test_a_count_moves_the_step_and_a_failing_stage_reports_its_step_failed():
    rec = Recorder()
    hook = StepTracker(rec)
    hook("writing CRT workbooks")
    hook("writing CRT workbooks 1/2")
    hook("warning: something")
    hook("writing CRT workbooks 2/2")
    hook("Monte Carlo 4096/5000")       # a counted step of its own
    hook.end(ok=False)
    hook.end()                          # nothing open: nothing reported
    assert [e for e in rec.events if e[0] != "msg"] == [
        ("done", "writing CRT workbooks"), ("failed", "Monte Carlo")]


def test_notebooks_print_plain_lines_outside_an_interactive_kernel():
    assert notebook_progress() is print            # under pytest: off
    assert notebook_progress(interactive=False) is print
    bars = notebook_progress(interactive=True)
    try:
        bars("computing energy")
        bars("computing energy")                   # a repeated name is a new step
        bars.done("computing energy")
        assert bars.bar is None
    finally:
        bars.close()


@pytest.mark.parametrize("ok", [True, False])
def test_a_stage_method_ends_its_step(tmp_path, ok):
    class Failing(Run):
        def _boom(self):
            self.progress("a step")
            if not ok:
                raise RuntimeError("boom")

    from inventory.pipeline import _ends_step

    Failing.boom = _ends_step(Failing._boom)
    rec = Recorder()
    project = write_project(tmp_path / "p", sectors=("energy",), years=range(2023, 2024))
    run = Failing(load_config(project), tmp_path / "run", "r", validate=False, progress=rec)
    if ok:
        run.boom()
    else:
        with pytest.raises(RuntimeError):
            run.boom()
    assert rec.events == [("msg", "a step"), ("done" if ok else "failed", "a step")]
