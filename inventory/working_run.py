"""The run a notebook works on: the run folder ``ghgi run`` gives it, or, in JupyterLab, the
lab's working run folder, whose stages are reused while they are still current.

Every notebook starts with::

    run = open_run(project_dir, run_dir, run_id, validate, created)

* Under papermill (``ghgi run``) the parameters name the project and the run folder being built:
  ``open_run`` is :meth:`inventory.pipeline.Run.open`, nothing more, so ``ghgi run`` and
  ``ghgi compile`` still write the same folder.
* Interactively the parameters keep their ``None`` defaults and the project comes from the
  environment ``ghgi lab`` sets (:data:`ENV_PROJECT`, :data:`ENV_RUN_DIR`); a path typed into
  the parameters cell wins. The run is a :class:`WorkingRun` on the lab's working folder: each
  stage records what it was computed from (hashes of the input files and of ``inventory.yml``,
  in ``stage/lab.json``), and a notebook re-runs only the earlier stages that are stale: after
  a change to an input or to ``inventory.yml`` (a tier, an option), a sector notebook re-runs
  the intake and its own sector, not the other sectors, combine or the analyses; with nothing
  changed it reads the intake as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from inventory import __version__
from inventory.atomic import atomic_path
from inventory.errors import InputError
from inventory.pipeline import Run, sectors_in_order
from inventory.progress import notebook_progress
from inventory.project import Project, load_config

__all__ = ["open_run", "WorkingRun", "working_run_dir", "ENV_PROJECT", "ENV_RUN_DIR", "ENV_OUT",
           "ENV_OUTSIDE", "NEEDS"]

ENV_PROJECT = "GHGI_PROJECT"      # the project folder the lab was started on
ENV_RUN_DIR = "GHGI_RUN_DIR"      # its working run folder
ENV_OUT = "GHGI_OUT"              # output root for the working folder of another project
ENV_OUTSIDE = "GHGI_ALLOW_OUTSIDE_INPUTS"  # "1": ghgi lab --allow-outside-inputs
STATE_FILE = "lab.json"           # in stage/: what each stage was computed from
WORKING_RUN_ID = "lab"
NEEDS = ("intake", "sectors", "combine", "analyses")


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def _same(a: Path | str, b: Path | str) -> bool:
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def working_run_dir(project: Project, out_root: Path | str | None = None) -> Path:
    """The lab's working run folder of a project: ``<out>/<name>/lab/run``."""
    out = Path(out_root or os.environ.get(ENV_OUT) or "outputs")
    return (out / project.name / "lab" / "run").resolve()


def open_run(project_dir: Path | str | None = None, run_dir: Path | str | None = None,
             run_id: str | None = None, validate: bool = True, created: str | None = None,
             *, needs: str | None = "intake", allow_outside_inputs: bool | None = None) -> Run:
    """The run of a notebook (see the module docstring).

    ``needs``: the stages this notebook reads and does not run itself ("intake", "sectors",
    "combine", "analyses", or None); in the working folder the stale ones are re-run first.
    ``allow_outside_inputs``: input files outside the project folder accepted (``None``: as
    ``ghgi lab`` was started, :data:`ENV_OUTSIDE`).
    """
    if allow_outside_inputs is None:
        allow_outside_inputs = os.environ.get(ENV_OUTSIDE) == "1"
    env_project = os.environ.get(ENV_PROJECT)
    project_dir = project_dir or env_project
    if project_dir is None:
        raise InputError("no project for this notebook", "the parameters cell",
                         f"start the notebooks with 'ghgi lab <project>' (it sets "
                         f"{ENV_PROJECT}), or set project_dir in the parameters cell")
    if run_dir is not None:  # papermill (ghgi run) or a folder the compiler named
        return Run.open(project_dir, run_dir, run_id, validate=validate, created=created,
                        allow_outside_inputs=allow_outside_inputs)
    project = load_config(project_dir)
    env_run = os.environ.get(ENV_RUN_DIR)
    if env_run and env_project and _same(project.root, env_project):
        folder = Path(env_run)
    else:
        folder = working_run_dir(project)
    when = dt.datetime.fromisoformat(created) if created else _now()
    run = WorkingRun(project, folder, run_id or WORKING_RUN_ID, validate=validate,
                     created=when, allow_outside_inputs=allow_outside_inputs,
                     progress=notebook_progress())   # rich bars in a lab kernel, else print
    if needs is not None:
        run.refresh(needs)
    return run


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class WorkingRun(Run):
    """A :class:`Run` on a working folder that remembers what its stages were computed from.

    The stage methods are those of :class:`Run`; each also records its key in
    ``stage/lab.json``, and :meth:`refresh` re-runs exactly the stages whose key changed:

    * intake (read, validate, time series): the input files' hashes and the whole
      ``inventory.yml`` (tiers and options too: input readers, parameter sources and intake
      checks of the plug-ins read them, e.g. ``options.energy.grid_factor`` and the tiers of a
      ``factor_set``), the validation switch, the package version;
    * a sector: the intake key and the sector;
    * combine: the sectors' keys; an analysis: the combine key and the analysis.
    """

    def __init__(self, project: Project, run_dir: Path | str, run_id: str = WORKING_RUN_ID,
                 validate: bool = True, created: dt.datetime | None = None, progress=print,
                 allow_outside_inputs: bool = False):
        super().__init__(project, run_dir, run_id, mode="lab", validate=validate,
                         created=created, progress=progress,
                         allow_outside_inputs=allow_outside_inputs)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._intake_key: str | None = None

    # ------------------------------------------------------------ keys
    def intake_key(self) -> str:
        p = self.project
        files = [(str(f.path), _file_hash(f.path)) for f in p.inputs]
        return _digest({"inputs": files, "config": p.raw, "validate": self.validate,
                        "outside": self.allow_outside_inputs, "version": __version__})

    def sector_key(self, name: str) -> str:
        return _digest({"intake": self.intake_key(), "sector": name})

    def combine_key(self) -> str:
        return _digest({"sectors": {s: self.sector_key(s) for s in sectors_in_order()}})

    def analysis_key(self, part: str) -> str:
        return _digest({"combine": self.combine_key(), "part": part})

    # ------------------------------------------------------------ state
    @property
    def state_path(self) -> Path:
        return self.stage_dir / STATE_FILE

    def state(self) -> dict:
        try:
            return json.loads(self.state_path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def _save(self, state: dict) -> None:
        self.stage_dir.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.state_path) as tmp:
            tmp.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")

    def _mark(self, stage: str, key: str, name: str | None = None) -> None:
        state = self.state()
        entry = {"key": key, "at": _now().isoformat()}
        if name is None:
            state[stage] = entry
        else:
            state.setdefault(stage, {})[name] = entry
        self._save(state)

    def stale(self, needs: str = "analyses") -> list[str]:
        """The stages (``intake``, ``sector:<name>``, ``combine``, ``analysis:<part>``) that
        must run again before a notebook needing ``needs`` may read the folder."""
        from inventory.analysis.stage import ANALYSES

        if needs not in NEEDS:
            raise ValueError(f"needs is {needs!r}; expected one of {NEEDS}")
        state, out = self.state(), []

        def key(stage, name=None):
            entry = state.get(stage, {}) if name is None else state.get(stage, {}).get(name, {})
            return entry.get("key")

        if key("intake") != self.intake_key() or not self._has("activity"):
            out.append("intake")
        upto = NEEDS.index(needs)
        if upto >= 1:
            out += [f"sector:{s}" for s in sectors_in_order()
                    if "intake" in out or key("sectors", s) != self.sector_key(s)]
        if upto >= 2 and (len(out) or key("combine") != self.combine_key()):
            out.append("combine")
        if upto >= 3:
            out += [f"analysis:{p}" for p in ANALYSES
                    if "combine" in out or key("analyses", p) != self.analysis_key(p)]
        return out

    def refresh(self, needs: str = "intake") -> list[str]:
        """Re-run the stale stages up to ``needs``; returns what ran."""
        todo = self.stale(needs)
        if not todo:
            self.progress(f"working run {self.run_dir}: every stage up to {needs} is current "
                          "(inputs and inventory.yml unchanged), reused")
            return todo
        self.progress(f"working run {self.run_dir}: running the stages not yet run or stale: "
                      + ", ".join(todo))
        if "intake" in todo:
            self.intake()
            self.timeseries()
        for s in (t.split(":", 1)[1] for t in todo if t.startswith("sector:")):
            self.sector(s)
        if "combine" in todo:
            self.combine()
        parts = tuple(t.split(":", 1)[1] for t in todo if t.startswith("analysis:"))
        if parts:
            self.analyses(parts)
        return todo

    # ------------------------------------------------------------ the stages, recorded
    def intake(self) -> dict:
        self._intake_key = self.intake_key()
        self._save({})  # every stage of the folder is stale until it runs again
        return super().intake()

    def timeseries(self):
        prov = super().timeseries()
        self._mark("intake", self._intake_key or self.intake_key())
        return prov

    def sector(self, name: str):
        em = super().sector(name)
        self._mark("sectors", self.sector_key(name), name)
        return em

    def combine(self):
        em = super().combine()
        self._mark("combine", self.combine_key())
        return em

    def analyses(self, parts=None) -> dict:
        from inventory.analysis.stage import ANALYSES

        meta = super().analyses(parts)
        for p in (p for p in ANALYSES if p in (parts or ANALYSES)):
            self._mark("analyses", self.analysis_key(p), p)
        return meta


def _file_hash(path: Path) -> str:
    from inventory.io.readers import file_sha256

    return file_sha256(path) if path.exists() else "missing"
