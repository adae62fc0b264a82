"""``ghgi lab``: JupyterLab on 127.0.0.1 with a project's notebooks.

The lab works in a workspace folder per project (default ``<out>/<name>/lab/``)::

    notebooks/        copies of the pipeline notebooks (jupytext py:percent text) the compiler
                      may edit, and README.md listing them in order
    run/              the working run folder (inventory.working_run): stages reused while current
    jupytext.toml     the copies stay text (no paired .ipynb), with their kernel named
    .jupyter/         JupyterLab settings (.py opens as a notebook), runtime files, IPython

The notebooks are bound to the project through the environment (``GHGI_PROJECT``,
``GHGI_RUN_DIR``) that the server passes to its kernels: the files are not edited, and their
``parameters`` cell keeps ``None``, so a value typed there still wins.

Copies, not the package's files: the package may be installed read-only and is replaced on an
upgrade, and a compiler's extra cell belongs to the project. A copy the compiler has not
edited follows the package (refreshed at every start); an edited one is kept, and the start
message names the package's newer version (docs/design.md).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from inventory.project import Project, load_config
from inventory.servers import serve_until_stopped, stop_process
from inventory.working_run import ENV_OUT, ENV_OUTSIDE, ENV_PROJECT, ENV_RUN_DIR

__all__ = ["Workspace", "prepare_workspace", "workspace_dir", "lab_command", "lab_url",
           "serve_lab"]

NOTEBOOKS, RUN, STATE = "notebooks", "run", ".ghgi-lab.json"
KERNEL_HEADER = """# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

"""
JUPYTEXT_TOML = """# ghgi lab workspace: the notebooks stay py:percent text (no paired .ipynb)
# and keep the kernel they name
notebook_metadata_filter = "kernelspec,-all"
cell_metadata_filter = "tags,-all"
"""
# JupyterLab user settings of the workspace (written once; the compiler may change them)
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {
        "defaultViewers": {"python": "Jupytext Notebook", "markdown": "Markdown Preview"}},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}


@dataclass
class Workspace:
    root: Path
    notes: list[str] = field(default_factory=list)

    @property
    def notebooks(self) -> Path:
        return self.root / NOTEBOOKS

    @property
    def run_dir(self) -> Path:
        return self.root / RUN

    @property
    def jupyter(self) -> Path:
        return self.root / ".jupyter"


def workspace_dir(project: Project, out_root: Path | str = "outputs") -> Path:
    return (Path(out_root) / project.name / "lab").resolve()


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def _title(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# # "):
            return line[4:].strip()
    return ""


def prepare_workspace(project: Project, root: Path | str) -> Workspace:
    """Create or refresh the workspace (see the module docstring); ``notes`` says what a
    compiler should know (edited copies kept while the package's version changed)."""
    from inventory.runner import notebooks

    ws = Workspace(Path(root).resolve())
    for d in (ws.notebooks, ws.run_dir, ws.jupyter):
        d.mkdir(parents=True, exist_ok=True)
    state_path = ws.root / STATE
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    listing = []
    for src in notebooks():
        text = KERNEL_HEADER + src.read_text(encoding="utf-8")
        dest, rec = ws.notebooks / src.name, state.get(src.name) or {}
        current = dest.read_text(encoding="utf-8") if dest.exists() else None
        if current is None or current == text or rec.get("copy") == _sha(current):
            if current != text:  # new, or not edited since it was copied: follow the package
                dest.write_text(text, encoding="utf-8")
            state[src.name] = {"copy": _sha(text), "package": _sha(text)}
        elif rec.get("package") != _sha(text):
            ws.notes.append(f"{src.name}: your edited copy is kept; the package's version "
                            f"changed since: {src}")
        listing.append((src.name, _title(text)))
    state_path.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")
    (ws.root / "jupytext.toml").write_text(JUPYTEXT_TOML)
    (ws.notebooks / "README.md").write_text(_readme(project, ws, listing), encoding="utf-8")
    for plugin, values in SETTINGS.items():
        path = ws.jupyter / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2) + "\n")
    return ws


def _readme(project: Project, ws: Workspace, listing: list[tuple[str, str]]) -> str:
    rows = "\n".join(f"| [{name}]({name}) | {title} |" for name, title in listing)
    return f"""# {project.party}: the inventory's notebooks

Project `{project.root.resolve()}`, working run folder `{ws.run_dir}`.
{project.banner}

Open a notebook and run it top to bottom (*Run > Run All Cells*). Each one calls the same
stages as `ghgi compile` on the working run folder and reuses the earlier stages that are
still current: after you change an input file or `inventory.yml` (a tier, an option), a sector
notebook re-runs the intake (reading and validation) and its own sector, not the others.
The `parameters` cell (first code cell) keeps `None` for the project and the run folder,
which means "the project `ghgi lab` was started on"; a sector notebook's `region` and `year`
choose what its charts show.

| notebook | what |
|---|---|
{rows}

These are your copies: edit them freely (a copy you did not edit follows the package's
version). For a run to submit use `ghgi compile` or `ghgi run`: they build a new run folder
from scratch.
"""


def lab_command(ws: Workspace, port: int, token: str) -> list[str]:
    settings = ws.jupyter / "lab"
    return [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", f"--ServerApp.root_dir={ws.root}",
            f"--IdentityProvider.token={token}",
            f"--LabApp.user_settings_dir={settings / 'user-settings'}",
            f"--LabApp.workspaces_dir={settings / 'workspaces'}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            # containers and CI run as root; Jupyter refuses that without the flag
            *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else [])]


def lab_url(port: int, token: str) -> str:
    """The notebook list (README.md of the workspace's notebooks) with the token."""
    return f"http://127.0.0.1:{port}/lab/tree/{NOTEBOOKS}/README.md?token={token}"


def lab_env(project: Project, ws: Workspace, out_root: Path | str,
            allow_outside_inputs: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env.update({ENV_PROJECT: str(project.root.resolve()), ENV_RUN_DIR: str(ws.run_dir),
                ENV_OUT: str(Path(out_root).resolve()), "PYTHONUNBUFFERED": "1",
                ENV_OUTSIDE: "1" if allow_outside_inputs else "0"})
    # Jupyter's own files go to the workspace, never the home folder (unless set already)
    for var, sub in (("IPYTHONDIR", "ipython"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTER_DATA_DIR", "data")):
        env.setdefault(var, str(ws.jupyter / sub))
    return env


def _wait_for_server(proc: subprocess.Popen, info: Path, timeout: float) -> dict | None:
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            return json.loads(info.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            time.sleep(0.2)
    return None


def serve_lab(project_dir: Path | str = ".", out_root: Path | str = "outputs",
              port: int = 8888, workspace: Path | str | None = None,
              timeout: float = 180, allow_outside_inputs: bool = False) -> int:
    """Start JupyterLab for the project, print the URL with its token and wait until the
    server stops (Ctrl-C or SIGTERM stop it); returns its exit code."""
    project = load_config(project_dir)
    ws = prepare_workspace(project, workspace or workspace_dir(project, out_root))
    token = secrets.token_hex(24)
    env = lab_env(project, ws, out_root, allow_outside_inputs)
    # its own session: Ctrl-C in the terminal reaches this process, which stops the server
    proc = subprocess.Popen(lab_command(ws, port, token), cwd=ws.root, env=env,
                            start_new_session=True)
    try:
        info = Path(env["JUPYTER_RUNTIME_DIR"]) / f"jpserver-{proc.pid}.json"
        server = _wait_for_server(proc, info, timeout)
        if server is None:
            if proc.poll() is None:
                raise TimeoutError(f"JupyterLab did not start within {timeout:.0f} s")
            return proc.returncode
        for note in ws.notes:
            print(f"note: {note}", flush=True)
        print(f"JupyterLab for {project.party}: notebooks in {ws.notebooks}, working run "
              f"{ws.run_dir}\n{lab_url(int(server['port']), token)}\n(Ctrl-C stops it)",
              flush=True)
        return serve_until_stopped(proc)
    finally:
        stop_process(proc)


