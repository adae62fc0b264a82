"""The malformed-input suite (issue 13): every case of tests/malformed.py through
``inventory.cli.main``.

For each case: the exit code; for an error, one message (one ``error:`` line, no traceback)
naming the file, sheet, row and column where a cell is at fault; for an accepted case, the
warning or finding it must raise; in every case no run folder and no temporary folder left
under the outputs root, and every input file unchanged (hashes before and after).

Error cases run ``ghgi compile`` (they stop in intake, seconds); accepted cases run
``ghgi check --no-validate`` (intake only: no full compile where intake decides).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from inventory.cli import main
from tests.malformed import CASES, SILENT_CLASSES, Template, build_case, hashes
from tests.tiers import sample

_OUTCOMES: Counter = Counter()


@pytest.fixture(scope="session")
def template(small_project) -> Template:
    return Template.parse(small_project)


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _left_behind(out: Path) -> list[Path]:
    """Run folders, temporary folders or files under the outputs root (logs excluded)."""
    if not out.exists():
        return []
    return [p for p in out.rglob("*") if ".logs" not in p.parts]


# the fast tier runs the first case of each class; `make test` (CI) runs all of them
@pytest.mark.parametrize("case", sample(CASES, key=lambda c: c.klass), ids=[c.id for c in CASES])
def test_malformed_input(case, template, tmp_path, capsys):
    proj = build_case(case, template, tmp_path)
    if "abs_input" in case.extra:          # an input named by its absolute path
        cfg = yaml.safe_load((proj / "inventory.yml").read_text())
        cfg["inputs"] = [{"file": str(proj.parent / case.extra["abs_input"])}]
        (proj / "inventory.yml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    before = hashes(proj)
    out = tmp_path / "out"
    cmd = case.cmd or ("compile" if case.expect == "error" else "check")
    argv = [cmd, str(proj), "--out", str(out)]
    if cmd == "compile":
        argv.append("--quiet")
    if cmd == "check":
        argv.append("--no-validate")
    code, stdout, stderr = _run(argv + list(case.argv), capsys)
    text = stdout + stderr

    assert "Traceback" not in text and "internal error" not in text, text
    if case.expect == "error":
        assert code == 2, f"exit {code}, expected 2 (error):\n{text}"
        errors = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, f"one message expected:\n{stderr}"
        msg = stderr[stderr.index("error:"):]
        assert re.search(case.pattern, msg, flags=re.S), f"{case.pattern!r} not in:\n{msg}"
        for part in case.where:
            assert part in msg, f"{part!r} not named in:\n{msg}"
        _OUTCOMES["clear error"] += 1
    else:
        assert code == 0, f"exit {code}, expected 0 (accepted):\n{text}"
        if case.pattern:
            assert re.search(case.pattern, text, flags=re.S), f"{case.pattern!r} not in:\n{text}"
        _OUTCOMES["correctly accepted"] += 1
    assert _left_behind(out) == [], "left under the outputs root"
    assert hashes(proj) == before, "an input file changed"


def test_suite_size_and_classes():
    """At least 100 cases; every silent class of the issue has an error or a finding case."""
    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES)
    covered = {c.klass for c in CASES}
    assert set(SILENT_CLASSES) - {"S16"} <= covered  # S16 also has tests/test_hardening.py
    assert "S16" in covered


def pytest_terminal_summary(terminalreporter):  # pragma: no cover - reporting only
    if _OUTCOMES:
        terminalreporter.write_line(f"malformed-input suite: {dict(_OUTCOMES)}")
