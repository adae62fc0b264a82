"""Run a whole compilation: in-process (``ghgi compile``) or through the parameterized
notebooks with papermill (``ghgi run``). Both build ``outputs/<project>/<run id>/`` atomically
from the same :class:`inventory.pipeline.Run` stages, so both give the same files (the
notebook run adds the executed notebooks under ``notebooks/``).

Safety around the run folder:

* the folder is ``<out root>/<project name>/<run id>``, both checked to stay one folder name
  each (:func:`inventory.paths.check_path_part`) and the result confined to the out root;
* one writer per run folder (:func:`inventory.locks.run_lock`);
* a run that fails after its inputs were judged keeps its reports: ``validation.json``, the
  check findings so far (``checks.csv``) and ``failure.json`` go to
  ``<out root>/<project>/failed/<run id>/`` and the error message names that folder; the
  temporary run folder itself is removed.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from inventory.atomic import atomic_dir
from inventory.errors import InputError
from inventory.locks import run_lock
from inventory.paths import check_path_part, confined
from inventory.pipeline import Run, new_run_id
from inventory.project import Project, load_config

__all__ = ["compile_project", "check_project", "run_notebooks", "notebooks", "core_notebook_dir", "app_path",
           "run_target", "FAILED_DIR"]

FAILED_DIR = "failed"

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


def run_target(project: Project, out_root: Path | str, run_id: str) -> Path:
    """``<out_root>/<project folder>/<run id>``, refused when it would not be a new folder
    directly there (an id with a separator or '..', an existing run)."""
    check_path_part(run_id, "run id", "--run-id")
    root = Path(out_root)
    target = root / project.folder / run_id
    confined(target, root, "run folder", "--out / --run-id")
    if target.exists():
        raise InputError(f"run folder {target} exists already", "--run-id",
                         "a new run id (run folders are never overwritten)")
    return target


def _keep_failed(tmp: Path, target: Path, exc: BaseException) -> Path | None:
    """Copy the reports of a run stopped by its validation or a check (validation.json,
    the findings so far) to ``<project outputs>/failed/<run id>/``; None for other failures
    (their message says everything) or when there is nothing to keep."""
    import json
    import shutil

    import pandas as pd

    from inventory.checks import CheckFailed
    from inventory.csvsafe import write_csv

    if not (isinstance(exc, CheckFailed) or type(exc).__name__ == "ValidationFailed"
            or getattr(exc, "ename", None) in ("ValidationFailed", "CheckFailed")):
        return None

    report = tmp / "validation.json"
    findings = sorted((tmp / "stage").glob("findings_*.parquet"))
    frames = [f for f in (pd.read_parquet(p) for p in findings) if len(f)]
    if not report.exists() and not frames:
        return None
    dest = target.parent / FAILED_DIR / target.name
    dest.mkdir(parents=True, exist_ok=True)
    if report.exists():
        shutil.copy2(report, dest / "validation.json")
    if frames:
        write_csv(pd.concat(frames, ignore_index=True), dest / "checks.csv")
    (dest / "failure.json").write_text(json.dumps({
        "run_id": target.name, "error": type(exc).__name__, "message": str(exc),
        "when_utc": _now().isoformat()}, indent=2) + "\n", encoding="utf-8")
    return dest


def _annotate(exc: BaseException, kept: Path | None) -> None:
    if kept is not None and isinstance(exc, InputError) and exc.args:
        name = "validation.json" if (kept / "validation.json").exists() else "checks.csv"
        exc.args = (f"{exc.args[0]}\nreport kept: {kept / name}",)
        exc.report = kept


def _build(project: Project, target: Path, fn) -> Path:
    """Build ``target`` atomically under its lock with ``fn(tmp)``; on failure keep the
    reports and remove the temporary folder."""
    created = [p for p in (target.parent.parent, target.parent) if not p.exists()]
    try:
        with run_lock(target):
            if target.exists():
                raise InputError(f"run folder {target} exists already", "--run-id",
                                 "a new run id (run folders are never overwritten)")
            with atomic_dir(target) as tmp:
                try:
                    fn(tmp)
                except BaseException as exc:
                    try:
                        kept = _keep_failed(tmp, target, exc) if isinstance(exc, Exception) \
                            else None
                    except Exception:  # keeping a report must never hide the real error
                        kept = None
                    _annotate(exc, kept)
                    raise
    except BaseException:
        for folder in reversed(created):  # folders this run made and left empty
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    return target


def compile_project(project_dir: Path | str, out_root: Path | str = "outputs",
                    run_id: str | None = None, validate: bool = True,
                    progress: Progress = _noop, created: dt.datetime | None = None,
                    allow_outside_inputs: bool = False, profile: bool = False,
                    on_profile: Callable[[str], None] | None = None,
                    jobs: int | None = None, cluster: str | None = None) -> Path:
    """All stages in this process; returns the run folder.

    ``profile``: also write the stage times to ``profile.json`` / ``profile.csv`` in the run
    folder (:mod:`inventory.profiling`) and pass their text to ``on_profile``. ``jobs``: worker
    processes for the CRT workbooks (None: :func:`inventory.crt.default_workers`).
    ``cluster``: run the sector stage on Dask (``local[:N]`` or a scheduler address,
    :mod:`inventory.distributed`); None: in this process."""
    from inventory.profiling import StageTimer

    t0, c0 = time.perf_counter(), time.process_time()
    if cluster is not None:
        from inventory.distributed import parse_cluster

        parse_cluster(cluster)   # a bad --cluster stops here, before any folder exists
    project = load_config(project_dir)
    run_id = run_id or new_run_id()
    target = run_target(project, out_root, run_id)
    timer = StageTimer()
    timer.add("load config", time.perf_counter() - t0, cpu_seconds=time.process_time() - c0)

    def build(tmp: Path) -> None:
        run = Run(project, tmp, run_id, "compile", validate, created or _now(),
                  progress=progress, allow_outside_inputs=allow_outside_inputs)
        run.timer = timer
        run.jobs = jobs
        if cluster is not None:
            from inventory.distributed import run_sector_stage

            run.sector_stage = lambda r: run_sector_stage(r, cluster)
        run.compile()
        if profile:
            timer.add("total (in process, after imports)", time.perf_counter() - t0,
                      cpu_seconds=time.process_time() - c0)
            timer.write(tmp)
            if on_profile is not None:
                on_profile(timer.text())

    return _build(project, target, build)


def check_project(project_dir: Path | str, out_root: Path | str = "outputs",
                  validate: bool = True, progress: Progress = _noop,
                  allow_outside_inputs: bool = False) -> dict:
    """``ghgi check``: the intake stage only (read, validate, intake checks) in a temporary
    folder that is removed; returns the intake summary with the warnings and findings."""
    import tempfile

    import pandas as pd

    project = load_config(project_dir)
    with tempfile.TemporaryDirectory(prefix="ghgi-check-") as tmp:
        run = Run(project, Path(tmp) / "run", "check", "check", validate, _now(),
                  progress=progress, allow_outside_inputs=allow_outside_inputs)
        summary = run.intake()
        findings = run.table("findings_intake") if run._has("findings_intake") else \
            pd.DataFrame()
    summary["warnings"] = list(run.warnings)
    summary["findings"] = findings
    return summary


def _kernel_env(work: Path) -> None:
    """Keep Jupyter's runtime files out of the home folder."""
    for var, sub in (("IPYTHONDIR", "ipython"), ("JUPYTER_RUNTIME_DIR", "runtime")):
        os.environ.setdefault(var, str(work / sub))
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)


def run_notebooks(project_dir: Path | str, out_root: Path | str = "outputs",
                  run_id: str | None = None, validate: bool = True,
                  progress: Progress = _noop, created: dt.datetime | None = None,
                  allow_outside_inputs: bool = False, jobs: int | None = None) -> Path:
    """Execute the notebooks with papermill; executed copies are kept in the run folder.
    ``jobs``: worker processes for the CRT workbooks (passed to the kernels as
    ``GHGI_CRT_WORKERS``)."""
    if jobs is not None:
        os.environ["GHGI_CRT_WORKERS"] = str(int(jobs))
    import jupytext
    import papermill

    project = load_config(project_dir)
    run_id = run_id or new_run_id()
    target = run_target(project, out_root, run_id)
    created = created or _now()

    def build(tmp: Path) -> None:
        _kernel_env(Path(out_root).resolve() / ".jupyter")
        nb_out = tmp / "notebooks"
        nb_out.mkdir()
        params = {"project_dir": str(project.root.resolve()), "run_dir": str(tmp.resolve()),
                  "run_id": run_id, "validate": validate, "created": created.isoformat(),
                  "allow_outside_inputs": allow_outside_inputs}
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

    return _build(project, target, build)
