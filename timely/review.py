"""The early-warning view of an outlook report run folder: loaders that only read the files
the report wrote (``status.csv``, ``target_gaps.csv``, ``trajectory.csv``, ``lmdi.csv``,
``manifest.json``) and the Voila launcher (``ghgi review-outlook <run folder>``). The view
computes nothing: every number shown was written by ``ghgi report outlook``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from inventory.errors import InputError

__all__ = ["OutlookRun", "load_outlook", "status_grid", "trajectory", "decomposition",
           "gaps", "COLOURS", "ENV_RUN_DIR", "app_path", "serve"]

ENV_RUN_DIR = "GHGI_OUTLOOK_RUN"
COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "grey": "#9e9e9e"}
FILES = ("status.csv", "target_gaps.csv", "trajectory.csv", "lmdi.csv", "manifest.json")


@dataclass
class OutlookRun:
    folder: Path
    manifest: dict
    status: pd.DataFrame
    gaps: pd.DataFrame
    trajectory: pd.DataFrame
    lmdi: pd.DataFrame
    names: dict

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("synthetic"))


def load_outlook(run_dir: Path | str | None = None) -> OutlookRun:
    """Read an outlook run folder (``$GHGI_OUTLOOK_RUN`` wins over the argument)."""
    folder = Path(os.environ.get(ENV_RUN_DIR) or run_dir or "")
    missing = [f for f in FILES if not (folder / f).is_file()]
    if missing:
        raise InputError(f"not an outlook report run folder (missing {', '.join(missing)})",
                         str(folder), "a folder written by ghgi report outlook")
    man = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = man.get("region_names", {})
    return OutlookRun(folder, man, pd.read_csv(folder / "status.csv"),
                      pd.read_csv(folder / "target_gaps.csv"),
                      pd.read_csv(folder / "trajectory.csv"), pd.read_csv(folder / "lmdi.csv"),
                      names)


def status_grid(run: OutlookRun) -> pd.DataFrame:
    """One row per region: code, name, status, colour, targets."""
    s = run.status.copy()
    s["name"] = s["region"].map(run.names).fillna(s["region"])
    s["colour"] = s["status"].map(COLOURS).fillna(COLOURS["grey"])
    return s[["region", "name", "status", "colour", "targets", "scenario"]]


def trajectory(run: OutlookRun, region: str) -> pd.DataFrame:
    """History and each scenario's projection of one region (year, scenario, co2_kt,
    co2_per_gdp)."""
    t = run.trajectory
    return t[t["region"] == region].sort_values(["scenario", "year"])


def gaps(run: OutlookRun, region: str) -> pd.DataFrame:
    g = run.gaps
    return g[g["region"] == region]


def decomposition(run: OutlookRun, region: str) -> pd.DataFrame:
    """The LMDI rows of one region (effects [kt] per period)."""
    d = run.lmdi
    return d[d["region"] == region]


def app_path() -> Path:
    return Path(str(resources.files("timely").joinpath("notebooks", "apps", "outlook.py")))


def serve(run_dir: Path | str, port: int = 8867) -> int:
    """The Voila view of ``run_dir`` on http://127.0.0.1:<port>/ until interrupted."""
    import jupytext

    run = load_outlook(Path(run_dir).expanduser().resolve())
    with tempfile.TemporaryDirectory(prefix="ghgi-outlook-") as tmp:
        work = Path(tmp)
        nb = jupytext.read(app_path())
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        jupytext.write(nb, work / "outlook.ipynb")
        env = dict(os.environ, **{ENV_RUN_DIR: str(run.folder)})
        for var, sub in (("IPYTHONDIR", "ipython"), ("JUPYTER_RUNTIME_DIR", "runtime")):
            env.setdefault(var, str(work / sub))
        print(f"outlook view of {run.folder}: http://127.0.0.1:{port}/  (Ctrl-C stops it)",
              file=sys.stderr, flush=True)
        proc = subprocess.Popen([sys.executable, "-m", "voila", "--no-browser",
                                 f"--port={port}", "--Voila.ip=127.0.0.1",
                                 "--Voila.port_retries=0", str(work / "outlook.ipynb")],
                                env=env, cwd=work)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait(timeout=10)
            return 0
