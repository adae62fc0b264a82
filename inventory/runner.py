"""Run a whole compilation: in-process (``ghgi compile``) or through the parameterized
notebooks with papermill (``ghgi run``). Both build ``outputs/<project>/<run id>/`` atomically.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from inventory.atomic import atomic_dir
from inventory.pipeline import (
    new_run_id,
    sectors_in_order,
    stage_intake,
    stage_report,
    stage_sector,
)
from inventory.project import load_config

__all__ = ["compile_project", "run_notebooks", "notebooks", "NOTEBOOK_DIR"]

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def notebooks() -> list[Path]:
    """The pipeline notebooks in execution order: ``notebooks/NN_<name>.py`` sorted by NN
    (01 intake, 02-06 sectors in CRT order, 07-08 analyses, 09 compile and report)."""
    return sorted(p for p in NOTEBOOK_DIR.glob("[0-9][0-9]_*.py"))

Progress = Callable[[str], None]


def _noop(_msg: str) -> None:
    pass


def compile_project(project_dir: Path | str, out_root: Path | str = "outputs",
                    run_id: str | None = None, validate: bool = True,
                    progress: Progress = _noop) -> Path:
    """All stages in this process; returns the run folder."""
    project = load_config(project_dir)
    run_id = run_id or new_run_id()
    target = Path(out_root) / project.name / run_id
    timings = {}
    with atomic_dir(target) as tmp:
        t0 = time.perf_counter()
        progress("reading and validating inputs")
        stage_intake(project.root, tmp, validate=validate)
        timings["intake"] = time.perf_counter() - t0
        for sector in sectors_in_order():
            t = time.perf_counter()
            progress(f"computing {sector}")
            stage_sector(project.root, tmp, sector)
            timings[sector] = time.perf_counter() - t
        t = time.perf_counter()
        progress("cross-cutting analyses: time series, uncertainty, key categories, "
                 "completeness, trends, recalculations")
        from inventory.analysis.stage import stage_analysis

        stage_analysis(project.root, tmp, run_id=run_id)
        timings["analysis"] = time.perf_counter() - t
        t = time.perf_counter()
        progress("aggregating, writing CRT workbooks and manifest")
        stage_report(project.root, tmp, run_id, "compile",
                     parameters={"validate": validate, "timings_s": timings})
        timings["report"] = time.perf_counter() - t
    return target


def _kernel_env(work: Path) -> None:
    """Keep Jupyter's runtime files out of the home folder."""
    for var, sub in (("IPYTHONDIR", "ipython"), ("JUPYTER_RUNTIME_DIR", "runtime")):
        os.environ.setdefault(var, str(work / sub))
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)


def run_notebooks(project_dir: Path | str, out_root: Path | str = "outputs",
                  run_id: str | None = None, validate: bool = True,
                  progress: Progress = _noop) -> Path:
    """Execute the notebooks with papermill; executed copies are kept in the run folder."""
    import jupytext
    import papermill

    project = load_config(project_dir)
    run_id = run_id or new_run_id()
    target = Path(out_root) / project.name / run_id
    with atomic_dir(target) as tmp:
        _kernel_env(Path(out_root).resolve() / ".jupyter")
        nb_out = tmp / "notebooks"
        nb_out.mkdir()
        params = {"project_dir": str(project.root.resolve()), "run_dir": str(tmp.resolve()),
                  "run_id": run_id, "validate": validate}
        for path in notebooks():
            progress(f"executing notebook {path.name}")
            src = nb_out / (path.stem + ".source.ipynb")
            nb = jupytext.read(path)
            # the text notebooks carry no kernel metadata (jupytext.toml filters it out)
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                         "language": "python"}
            nb.metadata["language_info"] = {"name": "python"}
            jupytext.write(nb, src)
            papermill.execute_notebook(str(src), str(nb_out / (path.stem + ".ipynb")),
                                       parameters=params, kernel_name="python3",
                                       progress_bar=False, cwd=str(NOTEBOOK_DIR))
            src.unlink()
        # the report notebook wrote the manifest with the final run folder name in mind
    return target
