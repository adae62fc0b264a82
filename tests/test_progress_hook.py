"""The progress hook of a run (inventory.progress.StepTracker): the CLI's rich bars and the
notebooks' bars are fed by it, so it must name every step and end every step it started."""

from __future__ import annotations

import pytest

from inventory.pipeline import _ends_step
from inventory.progress import StepTracker, notebook_progress
from tests.conftest import SMALL_RUN_PROGRESS, ProgressLog


def test_the_hook_reports_the_stages_of_a_small_compile(small_run):
    events = list(SMALL_RUN_PROGRESS)   # recorded while the session fixture compiled small_run
    started = [m for kind, m in events if kind == "msg" and not m.startswith("warning:")]
    steps = [m for m in started if not m.endswith(("/1", "/2", "/3"))]   # CRT counts 1/3 ...
    expected = ["reading inputs", "computing energy", "computing ippu", "computing agriculture",
                "computing waste", "combining the sectors", "aggregating over the CRT tree",
                "writing CRT workbooks"]
    assert [s for s in steps if s in expected] == expected
    assert any(s.startswith("analyses: ") and "uncertainty" in s for s in steps)
    assert [m for m in started if m.startswith("writing CRT workbooks ")][-1] == \
        "writing CRT workbooks 3/3"   # one workbook per year, 2021-2023
    # every step started is reported done exactly once, before the next one starts
    flow = [e for e in events if not (e[0] == "msg" and (e[1].startswith("warning:")
                                                         or e[1] not in steps))]
    assert flow == [e for m in steps for e in (("msg", m), ("done", m))]


def test_a_count_moves_the_step_and_a_failing_stage_reports_its_step_failed():
    log = ProgressLog()
    hook = StepTracker(log)
    hook("writing CRT workbooks")
    hook("writing CRT workbooks 1/2")
    hook("warning: something")
    hook("writing CRT workbooks 2/2")
    hook("Monte Carlo 4000/5000")       # a counted step of its own
    hook.end(ok=False)
    hook.end()                          # nothing open: nothing reported
    assert [e for e in log if e[0] != "msg"] == [
        ("done", "writing CRT workbooks"), ("failed", "Monte Carlo")]


@pytest.mark.parametrize("ok", [True, False])
def test_a_stage_method_ends_its_step(ok):
    class Stage:
        def __init__(self):
            self.progress = StepTracker(log)

        @_ends_step
        def run(self):
            self.progress("a step")
            if not ok:
                raise RuntimeError("boom")

    log = ProgressLog()
    if ok:
        Stage().run()
    else:
        with pytest.raises(RuntimeError):
            Stage().run()
    assert log == [("msg", "a step"), ("done" if ok else "failed", "a step")]


def test_notebooks_print_plain_lines_outside_an_interactive_kernel():
    assert notebook_progress() is print            # under pytest: off
    assert notebook_progress(interactive=False) is print
