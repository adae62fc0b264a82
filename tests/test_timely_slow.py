"""Timely accounts, slow tier: the committed demo equals its generator, the report notebooks
and the early-warning view execute (papermill) on a hand-built project."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from tests.test_timely import _tiny_run, _tiny_sheets
from tests.timely_fixtures import write_project

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def test_committed_demo_equals_the_generator(tmp_path):
    from timely.demo import write_demo_timely

    new = write_demo_timely(tmp_path / "demo")
    old = ROOT / "demo" / "demoland_timely"
    assert (new / "timely.yml").read_text() == (old / "timely.yml").read_text()
    a = pd.read_excel(new / "data" / "timely_inputs.xlsx", sheet_name=None)
    b = pd.read_excel(old / "data" / "timely_inputs.xlsx", sheet_name=None)
    assert list(a) == list(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=False, rtol=1e-12)


def _execute(notebook: Path, out: Path, params: dict, tmp_path: Path) -> None:
    import jupytext
    import papermill

    for var in ("IPYTHONDIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR"):
        os.environ.setdefault(var, str(tmp_path / var.lower()))
    nb = jupytext.read(notebook)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    src = out.with_suffix(".source.ipynb")
    jupytext.write(nb, src)
    papermill.execute_notebook(str(src), str(out), parameters=params, kernel_name="python3",
                               progress_bar=False, cwd=str(ROOT))


def test_report_notebooks_and_the_outlook_view_execute(tmp_path):
    from timely.review import app_path, load_outlook, status_grid

    root = write_project(tmp_path / "p", _tiny_run(tmp_path), _tiny_sheets())
    nbdir = app_path().parent.parent
    out = tmp_path / "out"
    for kind in ("annual", "quick", "outlook"):
        _execute(nbdir / f"{kind}.py", tmp_path / f"{kind}.ipynb",
                 {"project_dir": str(root), "out_root": str(out), "run_id": kind}, tmp_path)
        assert (out / "tiny_timely" / kind / kind / "manifest.json").is_file()
    run = out / "tiny_timely" / "outlook" / "outlook"
    grid = status_grid(load_outlook(run))
    assert set(grid["region"]) == {"A", "B", "NATION"}
    _execute(app_path(), tmp_path / "app.ipynb", {"run_dir": str(run)}, tmp_path)
    # papermill raises on a failing cell; the grid's buttons carry their status
    assert (tmp_path / "app.ipynb").is_file() and len(grid) == 3
