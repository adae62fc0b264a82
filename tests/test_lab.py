"""The compiler's notebooks in JupyterLab: ``ghgi lab``, the working run, the sector views.

* fast: the working run reuses its current stages and re-runs exactly the stale ones (a tier
  or an input changed: the intake, then only the sector asked for); ``ghgi run``'s run folder
  stays a plain :class:`Run`; the workspace copies (kernel named, README listing, edited copies
  kept, unedited ones following the package); the views' totals against ``ghgi compile``'s
  CRT aggregates; the JupyterLab extensions the lab relies on are installed.
* slow/browser: ``ghgi lab`` on a copy of the shared small project, Debian chromium opens
  ``02_energy.py`` as a notebook, runs all cells (no error, charts drawn, the last cell's chart
  there), then sets ``region`` in the parameters cell and checks the displayed total is that
  region's energy total of the compiled run; then a tier changed in ``inventory.yml`` re-runs
  the intake and the energy sector (no other) in the same kernel and the total changes.
  Requests off 127.0.0.1 are blocked and must not happen.
* slow: every workspace notebook runs top to bottom with no parameter injected.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from inventory import views
from inventory import working_run as wr
from inventory.lab import KERNEL_HEADER, lab_command, prepare_workspace
from inventory.pipeline import Run, sectors_in_order
from inventory.project import load_config

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def _copy_project(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def _set_tier(project: Path, category: str, tier: int, residual: bool = False) -> None:
    """Set a tier in the project's inventory.yml (``residual``: the tier of the fuel use
    left after a Tier 3 category's plants, ``options.energy.tier3_residual_tier``)."""
    path = project / "inventory.yml"
    cfg = yaml.safe_load(path.read_text())
    where = (cfg["options"]["energy"].setdefault("tier3_residual_tier", {}) if residual
             else cfg.setdefault("tiers", {}))
    where[category] = tier
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))


# ---------------------------------------- the working run (slow: compiles the project stage by stage)
@pytest.mark.slow
def test_working_run_reuses_current_stages(small_project, tmp_path, monkeypatch):
    project = _copy_project(small_project, tmp_path / "proj")
    monkeypatch.setenv(wr.ENV_PROJECT, str(project))
    monkeypatch.setenv(wr.ENV_RUN_DIR, str(tmp_path / "work"))
    with pytest.raises(ValueError, match="needs"):
        wr.WorkingRun(load_config(project), tmp_path / "work").stale("everything")

    run = wr.open_run(validate=False, needs=None)
    assert isinstance(run, wr.WorkingRun) and run.run_dir == tmp_path / "work"
    assert run.stale("intake") == ["intake"]
    assert run.refresh("intake") == ["intake"]
    assert wr.open_run(validate=False).stale("intake") == []     # nothing to do the 2nd time
    run.sector("energy")
    assert "sector:energy" not in run.stale("sectors")
    assert run.refresh("sectors") == [f"sector:{s}" for s in sectors_in_order()
                                      if s != "energy"]
    assert wr.open_run(validate=False, needs="sectors").stale("analyses") == [
        "combine", "analysis:uncertainty", "analysis:kca", "analysis:completeness",
        "analysis:trends", "analysis:recalculations"]

    # a tier (inventory.yml): the intake and every stage after it are stale; a sector notebook
    # re-runs the intake and its sector, the other sectors stay stale until a notebook needs them
    _set_tier(project, "1.A.1.a", 1, residual=True)
    run = wr.open_run(validate=False, needs=None)
    others = [f"sector:{s}" for s in sectors_in_order() if s != "energy"]
    assert run.stale("combine") == ["intake", "sector:energy", *others, "combine"]
    assert run.refresh("intake") == ["intake"]
    run.sector("energy")
    assert run.stale("combine") == [*others, "combine"]
    # validation switched on, or an input file changed: the intake runs again first
    assert wr.open_run(validate=True, needs=None).stale("intake") == ["intake"]
    data = next((project / "data").glob("*.xlsx"))
    data.write_bytes(data.read_bytes() + b"\0")
    assert wr.open_run(validate=False, needs=None).stale("intake") == ["intake"]

    # a project typed into the parameters cell gets its own working folder under $GHGI_OUT
    other = _copy_project(small_project, tmp_path / "other")
    monkeypatch.setenv(wr.ENV_OUT, str(tmp_path / "out"))
    assert wr.open_run(other, needs=None).run_dir == (tmp_path / "out" / "small" / "lab"
                                                       / "run").resolve()
    # ghgi run (papermill) names the run folder: a plain Run, nothing refreshed
    plain = wr.open_run(project, tmp_path / "given", "r1", False, "2026-01-01T00:00:00")
    assert type(plain) is Run and plain.run_id == "r1" and not (tmp_path / "given").exists()
    monkeypatch.delenv(wr.ENV_PROJECT)
    with pytest.raises(Exception, match="ghgi lab"):
        wr.open_run()


def test_views_totals_match_the_compiled_run(small_project, small_run, tmp_path):
    run = wr.WorkingRun(load_config(small_project), tmp_path / "work", validate=False)
    run.refresh("intake")
    run.sector("energy")
    rows = views.sector_emissions(run, "energy")
    agg = pd.read_csv(small_run / "crt_aggregates.csv", dtype={"crt": str})
    year = int(rows["year"].max())
    for region, code in ((None, "DML"), ("CAP", "CAP")):
        want = agg[(agg["crt"] == "1") & (agg["year"] == year) & (agg["region"] == code)]
        assert views.sector_total(rows, year, region) == pytest.approx(
            want["value_co2eq"].sum(), rel=1e-9)
    html = views.total_html(rows, "Energy", year, "CAP", "AR5GWP100")
    assert f"CAP, {year}" in html and "kt CO2-eq" in html
    assert float(re.search(r'data-total="([^"]+)"', html).group(1)) == pytest.approx(
        views.sector_total(rows, year, "CAP"))

    trend = views.trend_figure(rows, "Energy")
    assert "1.A.1 Energy industries" in {t.name for t in trend.data}
    assert {a.text for a in trend.layout.annotations} >= {"CO2", "CH4", "N2O"}
    ief = views.implied_factor_figure(run, rows, year)
    assert len(ief.data) == 3 and 0 < len(ief.data[0].y) <= 40
    changes = views.top_changes_figure(rows, year, n=5)
    assert len(changes.data[0].x) == 5
    first = views.top_changes_figure(rows, int(rows["year"].min()))
    assert "first year" in first.layout.annotations[0].text
    with pytest.raises(Exception, match="region 'XXX'"):
        views._check_choice(rows, "XXX", None)
    with pytest.raises(Exception, match="year 1990"):
        views._check_choice(rows, None, 1990)


# ------------------------------------------------------------------ the workspace (fast)
def test_workspace_copies_follow_the_package_unless_edited(small_project, tmp_path,
                                                           monkeypatch):
    src = tmp_path / "pkg"
    src.mkdir()
    (src / "02_energy.py").write_text("# %% [markdown]\n# # 2. Energy\n\n# %%\nx = 1\n")
    (src / "03_ippu.py").write_text("# %% [markdown]\n# # 3. IPPU\n\n# %%\ny = 1\n")
    monkeypatch.setattr("inventory.runner.notebooks", lambda: sorted(src.glob("*.py")))
    project = load_config(small_project)
    ws = prepare_workspace(project, tmp_path / "lab")
    energy, ippu = ws.notebooks / "02_energy.py", ws.notebooks / "03_ippu.py"
    assert energy.read_text().startswith(KERNEL_HEADER) and ws.notes == []
    readme = (ws.notebooks / "README.md").read_text()
    assert "| [02_energy.py](02_energy.py) | 2. Energy |" in readme
    settings = json.loads((ws.jupyter / "lab" / "user-settings" / "@jupyterlab"
                           / "docmanager-extension" / "plugin.jupyterlab-settings").read_text())
    assert settings["defaultViewers"]["python"] == "Jupytext Notebook"
    assert "formats" not in (ws.root / "jupytext.toml").read_text()  # no paired .ipynb

    ippu.write_text(ippu.read_text() + "\n# %%\nmine = 2\n")           # the compiler's edit
    for p in src.glob("*.py"):                                         # a new package version
        p.write_text(p.read_text().replace("= 1", "= 10"))
    ws = prepare_workspace(project, tmp_path / "lab")
    assert "x = 10" in energy.read_text()                              # followed
    assert "y = 1\n" in ippu.read_text() and "mine = 2" in ippu.read_text()   # kept
    assert len(ws.notes) == 1 and ws.notes[0].startswith("03_ippu.py: your edited copy")

    cmd = lab_command(ws, 8899, "tok")
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--IdentityProvider.token=tok" in cmd
    assert f"--ServerApp.root_dir={ws.root}" in cmd


def test_jupyterlab_extensions_installed():
    """JupyterLab opens the .py notebooks (jupytext), draws plotly and runs ipywidgets."""
    share = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    for ext in ("jupyterlab-jupytext", "jupyterlab-plotly",
                "@jupyter-widgets/jupyterlab-manager"):
        assert (share / ext / "package.json").exists(), f"{ext} missing under {share}"
    server_cfg = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d"
    assert (server_cfg / "jupytext.json").exists()


# ------------------------------------------------------------------ every notebook, headless
@pytest.mark.slow
def test_every_workspace_notebook_runs_top_to_bottom(small_project, small_run, tmp_path,
                                                     monkeypatch):
    """Each workspace copy, in a fresh kernel with the environment ``ghgi lab`` gives it and
    no parameter injected (what *Run All* does), in the listed order; the working run ends
    with the compiled run's national totals."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    from inventory.lab import lab_env

    project = load_config(_copy_project(small_project, tmp_path / "proj"))
    ws = prepare_workspace(project, tmp_path / "lab")
    for var, value in lab_env(project, ws, tmp_path / "out").items():
        monkeypatch.setenv(var, value)
    for path in sorted(ws.notebooks.glob("*.py")):
        nb = jupytext.read(path)
        NotebookClient(nb, kernel_name="python3", timeout=900,
                       resources={"metadata": {"path": str(ws.notebooks)}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
        assert not errors, f"{path.name}: {errors}"
        nbformat.validate(nb)
    state = json.loads((ws.run_dir / "stage" / wr.STATE_FILE).read_text())
    assert set(state) == {"intake", "sectors", "combine", "analyses"}
    want = pd.read_csv(small_run / "national_totals.csv")
    got = pd.read_csv(ws.run_dir / "national_totals.csv")
    pd.testing.assert_frame_equal(got, want)


# ------------------------------------------------------------------ ghgi lab in a browser
@pytest.fixture()
def lab(small_project, tmp_path):
    """``ghgi lab`` on a copy of the small project (Jupyter's files under tmp); yields
    (url, project copy, workspace); stopped with SIGTERM (ghgi stops JupyterLab)."""
    project = _copy_project(small_project, tmp_path / "proj")
    jd = tmp_path / "jupyter"
    env = dict(os.environ)
    env.update(IPYTHONDIR=str(jd / "ipython"), JUPYTER_RUNTIME_DIR=str(jd / "runtime"),
               JUPYTER_DATA_DIR=str(jd / "data"), JUPYTER_CONFIG_DIR=str(jd / "config"),
               PYTHONUNBUFFERED="1")
    for var in (wr.ENV_PROJECT, wr.ENV_RUN_DIR, wr.ENV_OUT):
        env.pop(var, None)
    log = tmp_path / "lab.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "inventory.cli", "lab", str(project),
                                 "--out", str(tmp_path / "out"), "--port", "8921"],
                                cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        url, end = None, time.monotonic() + 180
        while url is None and time.monotonic() < end:
            if proc.poll() is not None:
                pytest.fail(f"ghgi lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            m = re.search(r"http://127\.0\.0\.1:\d+/lab/tree/notebooks/README\.md\?token=\w+",
                          log.read_text())
            url = m.group(0) if m else time.sleep(0.3)
        if url is None:
            pytest.fail(f"ghgi lab printed no URL within 180 s:\n{log.read_text()[-3000:]}")
        yield url, project, tmp_path / "out" / "small" / "lab", log
    finally:
        servers = list((jd / "runtime").glob("jpserver-*.json"))
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        for info in servers:  # JupyterLab runs in its own session: make sure it is gone
            try:
                os.kill(json.loads(info.read_text())["pid"], signal.SIGKILL)
            except (ProcessLookupError, FileNotFoundError, json.JSONDecodeError):
                pass


PROMPTS = ("() => Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell "
           ".jp-InputPrompt')).map(e => e.textContent.trim())")
# done when every code cell ran after `after` (its prompt number); an error ends it early
FINISHED = """(after) => {
  const errors = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output'
      + '[data-mime-type="application/vnd.jupyter.stderr"]'))
    .filter(e => e.textContent.includes('Traceback'));
  if (errors.length) return 'error';
  const p = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt'))
    .map(e => e.textContent.trim());
  return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t) && +t.slice(1, -2) > after)
    ? 'done' : false; }"""


def _run_all(page, timeout_ms: int = 300_000) -> float:
    numbers = [int(t[1:-2]) for t in page.evaluate(PROMPTS) if re.match(r"^\[\d+\]:$", t)]
    t0 = time.perf_counter()
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    state = page.wait_for_function(FINISHED, arg=max(numbers, default=0),
                                   timeout=timeout_ms).json_value()
    if state == "error":
        errors = page.locator(".jp-OutputArea-output[data-mime-type="
                              "'application/vnd.jupyter.stderr']").all_text_contents()
        pytest.fail("a cell failed:\n" + "\n".join(e for e in errors if "Traceback" in e))
    return time.perf_counter() - t0


def _total(page) -> float:
    return float(page.locator(".ghgi-lab-total").get_attribute("data-total"))


def _set_parameter(page, line: str) -> None:
    """Replace the parameter assigned in ``line`` in the parameters cell (first code cell)."""
    editor = page.locator(".jp-NotebookPanel .jp-CodeCell").first.locator(".cm-content")
    name = line.split("=")[0].strip()
    lines = editor.locator(".cm-line").all_text_contents()
    text = "\n".join(lines)
    new = "\n".join(line if re.match(rf"^{name}\s*=", t) else t for t in lines)
    assert new != text, f"no parameter {name} in the parameters cell:\n{text}"
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(new)
    page.keyboard.press("Escape")


@pytest.mark.browser
@pytest.mark.slow
def test_lab_runs_the_energy_notebook_in_a_browser(lab, small_run):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    url, project, workspace, log = lab
    agg = pd.read_csv(small_run / "crt_aggregates.csv", dtype={"crt": str})
    year = int(agg["year"].max())

    def energy_total(region: str) -> float:
        return agg[(agg["crt"] == "1") & (agg["year"] == year)
                   & (agg["region"] == region)]["value_co2eq"].sum()

    external: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)

            def route(r):
                if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:")):
                    r.continue_()
                else:
                    external.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            # the printed URL opens the notebook list
            page.goto(url)
            page.wait_for_selector(".jp-RenderedMarkdown a[href*='02_energy.py']")
            assert "03_ippu.py" in page.locator(".jp-RenderedMarkdown").inner_text()

            # 02_energy.py opens as a notebook with the kernel named in the workspace copy
            page.goto(url.replace("README.md", "02_energy.py"))
            page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell .cm-content")
            page.wait_for_selector(".jp-StatusBar-TextItem:has-text('Idle')")
            first = _run_all(page)
            assert page.locator(".jp-NotebookPanel .js-plotly-plot").count() >= 4
            last = page.locator(".jp-NotebookPanel .jp-CodeCell").last
            assert last.locator(".jp-OutputArea-output").count() > 0
            assert last.locator(".js-plotly-plot").count() == 1
            assert last.locator(".js-plotly-plot .main-svg").count() > 0
            assert _total(page) == pytest.approx(energy_total("DML"), rel=1e-9)
            assert (workspace / "run" / "stage" / "emissions_energy.parquet").exists()
            if os.environ.get("GHGI_LAB_SCREENSHOT"):
                page.locator(".ghgi-lab-total").evaluate(
                    "e => e.scrollIntoView({block: 'start'})")
                page.mouse.move(800, 500)
                page.mouse.wheel(0, -90)
                time.sleep(2)
                page.screenshot(path=os.environ["GHGI_LAB_SCREENSHOT"])

            # a value changed in the parameters cell: the region's total is displayed
            _set_parameter(page, 'region = "CAP"')
            _run_all(page)
            assert "CAP, " in page.locator(".ghgi-lab-total").text_content()
            assert _total(page) == pytest.approx(energy_total("CAP"), rel=1e-9)

            # a tier changed in inventory.yml (the small project's CAP has residual natural
            # gas in 1.A.1.a beside its plants, with a national EF at Tier 2 that differs from
            # the IPCC default): the intake and this sector run again, no other sector
            before = _total(page)
            _set_tier(project, "1.A.1.a", 1, residual=True)
            again = _run_all(page)
            out = page.locator(".jp-NotebookPanel .jp-CodeCell").nth(1).text_content()
            assert "stale: intake" in out and "computing energy" in out
            assert "computing ippu" not in out
            assert _total(page) != pytest.approx(before, rel=1e-9)
            print(f"\nrun all cells of 02_energy.py: first {first:.1f} s (intake and "
                  f"validation included), after a tier change {again:.1f} s")
        finally:
            browser.close()
    assert not external, f"the lab asked for off-machine resources: {external}"
