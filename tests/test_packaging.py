"""The wheel is the product: installed into a clean virtual environment (no checkout on the
path), ``ghgi demo``, ``ghgi run`` (the notebooks are package data) and ``ghgi review`` (the
Voila app is package data) work."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _uv() -> str:
    for cand in (shutil.which("uv"), str(Path.home() / ".local" / "bin" / "uv")):
        if cand and Path(cand).exists():
            return cand
    pytest.skip("uv is not installed (scripts/bootstrap.sh installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd, cwd, env, timeout=900):
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=timeout)
    assert res.returncode == 0, f"{cmd}\nstdout:\n{res.stdout[-3000:]}\nstderr:\n{res.stderr[-3000:]}"
    return res


def test_wheel_in_a_clean_venv_runs_and_reviews(tmp_path):
    uv = _uv()
    dist = tmp_path / "dist"
    _run([uv, "build", "--wheel", "--out-dir", str(dist), str(ROOT)], tmp_path, dict(os.environ))
    wheel = next(dist.glob("*.whl"))
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], tmp_path, env)
    py = venv / "bin" / "python"
    _run([uv, "pip", "install", "--quiet", "--python", str(py), "-r",
          str(ROOT / "requirements.lock")], tmp_path, env)
    _run([uv, "pip", "install", "--quiet", "--python", str(py), "--no-deps", str(wheel)],
         tmp_path, env)
    work = tmp_path / "work"
    work.mkdir()
    env.update({"IPYTHONDIR": str(tmp_path / "ipy"), "JUPYTER_DATA_DIR": str(tmp_path / "jd"),
                "JUPYTER_RUNTIME_DIR": str(tmp_path / "jr"),
                "JUPYTER_CONFIG_DIR": str(tmp_path / "jc")})
    ghgi = str(venv / "bin" / "ghgi")
    # the installed package, not the checkout
    where = _run([str(py), "-c", "import inventory, sectors; print(inventory.__file__)"],
                 work, env).stdout
    assert str(venv) in where and str(ROOT) not in where
    _run([ghgi, "demo", "proj", "--regions", "1", "--years", "2023"], work, env)
    out = _run([ghgi, "run", "proj", "--out", "out", "--no-validate"], work, env)
    run_dir = work / out.stdout.split()[0]
    assert (run_dir / "notebooks" / "09_compile_report.ipynb").exists()
    assert (run_dir / "crt").is_dir() and (run_dir / "manifest.json").exists()
    port = _free_port()
    proc = subprocess.Popen([ghgi, "review", str(run_dir), "--port", str(port)], cwd=work,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.time() + 120
        status, body = None, ""
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as r:
                    status, body = r.status, r.read().decode("utf-8", "replace")
                break
            except OSError:
                time.sleep(1)
        assert status == 200, proc.stdout.read1(4000) if proc.stdout else ""
        assert "voila" in body.lower()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
