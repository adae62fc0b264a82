"""Run a whole compilation: in-process (``ghgi compile``) or through the parameterized
notebooks with papermill (``ghgi run``). Both build ``outputs/<project>/<run id>/`` atomically
from the same :class:`inventory.pipeline.Run` stages, so both give the same files (the
notebook run adds the executed notebooks under ``notebooks/``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from inventory.atomic import atomic_dir
from inventory.pipeline import Run, new_run_id
from inventory.project import load_config

__all__ = ["compile_project", "run_notebooks", "notebooks", "core_notebook_dir", "app_path"]

Progress = Callable[[str], None]


def core_notebook_dir() -> Path:
    """The core's notebooks (intake, analyses, report) and apps, shipped with the package."""
    return Path(str(resources.files("inventory").joinpath("notebooks")))


def app_path(name: str = "review") -> Path:
    return core_notebook_dir() / "apps" / f"{name}.py"


def notebooks() -> list[Path]:
    """The pipeline notebooks in execution order: the core's and every sector's
    ``notebooks/NN_<name>.py``, sorted by NN (01 intake, 02-06 the sectors in CRT order,
    07-08 analyses, 09 report)."""
    from inventory.plugins import sectors

    dirs = [core_notebook_dir()] + [s.data_dir.parent / "notebooks" for s in sectors()]
    found = [p for d in dirs if d.is_dir() for p in d.glob("[0-9][0-9]_*.py")]
    return sorted(found, key=lambda p: p.name)


def _noop(_msg: str) -> None:
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def compile_project(project_dir: Path | str, out_root: Path | str = "outputs",
                    run_id: str | None = None, validate: bool = True,
                    progress: Progress = _noop, created: dt.datetime | None = None) -> Path:
    """All stages in this process; returns the run folder."""
    project = load_config(project_dir)
    run_id = run_id or new_run_id()
    target = Path(out_root) / project.name / run_id
    with atomic_dir(target) as tmp:
        Run(project, tmp, run_id, "compile", validate, created or _now(),
            progress=progress).compile()
    return target


def _kernel_env(work: Path) -> None:
    """Keep Jupyter's runtime files out of the home folder."""
    for var, sub in (("IPYTHONDIR", "ipython"), ("JUPYTER_RUNTIME_DIR", "runtime")):
        os.environ.setdefault(var, str(work / sub))
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)


def run_notebooks(project_dir: Path | str, out_root: Path | str = "outputs",
                  run_id: str | None = None, validate: bool = True,
                  progress: Progress = _noop, created: dt.datetime | None = None) -> Path:
    """Execute the notebooks with papermill; executed copies are kept in the run folder."""
    import jupytext
    import papermill

    project = load_config(project_dir)
    run_id = run_id or new_run_id()
    target = Path(out_root) / project.name / run_id
    created = created or _now()
    with atomic_dir(target) as tmp:
        _kernel_env(Path(out_root).resolve() / ".jupyter")
        nb_out = tmp / "notebooks"
        nb_out.mkdir()
        params = {"project_dir": str(project.root.resolve()), "run_dir": str(tmp.resolve()),
                  "run_id": run_id, "validate": validate, "created": created.isoformat()}
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
                                       progress_bar=False, cwd=str(path.parent))
            src.unlink()
    return target
