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



def _wait_for_port(port: int, proc, log: Path, timeout: float = 240) -> None:
    """Until the Voila server accepts connections on ``port`` (fail if it exits first)."""
    import socket
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail(f"the server exited:\n{log.read_text(errors='replace')[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    pytest.fail(f"the server did not start:\n{log.read_text(errors='replace')[-3000:]}")

def test_committed_demo_equals_the_generator(tmp_path):
    from timely.demo import write_demo_timely

    new = write_demo_timely(tmp_path / "demo")
    old = ROOT / "demo" / "demoland_timely"
    assert (new / "timely.yml").read_text() == (old / "timely.yml").read_text()
    assert (new / "ippu" / "inventory.yml").read_text() == \
        (old / "ippu" / "inventory.yml").read_text()
    for sheet, df in pd.read_excel(new / "ippu" / "data" / "demoland_timely_ippu.xlsx",
                                   sheet_name=None).items():
        pd.testing.assert_frame_equal(df, pd.read_excel(
            old / "ippu" / "data" / "demoland_timely_ippu.xlsx", sheet_name=sheet))
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


@pytest.mark.browser
def test_outlook_view_in_browser(tmp_path):
    """``ghgi review-outlook``: the grid shows every region in its status colour; a click on a
    region draws its trajectory (the run's numbers) and its LMDI effects."""
    import signal
    import subprocess
    import sys

    from tests.test_review_app import CHROMIUM, CHROMIUM_ARGS, _free_port
    from timely.report import outlook_report
    from timely.review import COLOURS, load_outlook, trajectory

    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian chromium not installed at {CHROMIUM}")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    root = write_project(tmp_path / "p", _tiny_run(tmp_path), _tiny_sheets())
    run = outlook_report(root, tmp_path / "out", run_id="o")
    data = load_outlook(run)
    port = _free_port()
    jd = tmp_path / "jupyter"
    env = dict(os.environ, IPYTHONDIR=str(jd / "ipython"), JUPYTER_RUNTIME_DIR=str(jd / "rt"),
               JUPYTER_DATA_DIR=str(jd / "data"), JUPYTER_CONFIG_DIR=str(jd / "config"),
               PYTHONUNBUFFERED="1")
    env.pop("GHGI_OUTLOOK_RUN", None)
    log = tmp_path / "voila.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "inventory.cli", "review-outlook",
                                 str(run), "--port", str(port)], cwd=ROOT, env=env, stdout=fh,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_port(port, proc, log)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1300, "height": 1000})
                page.set_default_timeout(120_000)
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                    ("http://127.0.0.1", "ws://127.0.0.1", "data:")) else r.abort())
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector(".timely-grid button")
                buttons = page.locator(".timely-grid button")
                assert buttons.count() == 3
                for r in data.status.itertuples(index=False):
                    b = page.locator(f".timely-grid button[title^='{r.region}:']")
                    colour = b.evaluate("e => getComputedStyle(e).backgroundColor")
                    hexc = COLOURS[r.status].lstrip("#")
                    rgb = tuple(int(hexc[i:i + 2], 16) for i in (0, 2, 4))
                    assert colour == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"
                want = trajectory(data, "B")
                want = want[want["scenario"] == "history"]["co2_kt"].tolist()
                js = ("() => { const e = document.querySelector('.timely-trajectory "
                      ".js-plotly-plot'); const h = e && (e.data || []).find(t => t.name === "
                      "'history'); return h ? Array.from(h.y) : []; }")
                # a click before the kernel's widgets are connected is lost: click until the
                # trajectory of B is drawn
                for _ in range(8):
                    page.locator(".timely-grid button[title^='B:']").click()
                    try:
                        page.wait_for_function(f"() => ({js})().length === {len(want)}",
                                               timeout=20_000)
                        break
                    except PlaywrightTimeout:
                        continue
                assert page.evaluate(js) == pytest.approx(want)
                assert "B" in page.locator(".timely-trajectory .gtitle").text_content()
                page.wait_for_selector(".timely-lmdi .main-svg")
                assert "peak" in page.locator("table.timely-gaps").inner_text()          # B: peak target
            finally:
                browser.close()
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if proc.poll() is not None:
                break
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
