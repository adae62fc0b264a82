"""The review app in a browser (slow tier): Voila served by ``inventory.review.server`` as
``ghgi review`` does, headless Debian chromium driven by playwright.

* ``test_views_in_browser``: every view on the full demo shows the run's numbers, formatted,
  without page-level horizontal overflow, and follows its selections; the CRT browser goes
  from a cell to its emission rows to the input row.
* ``test_review_workflow_in_browser``: a reviewer comments on a CRT cell, a compiler answers,
  approval is refused while the thread is open, an approver resolves it and signs the sector
  off, the overview counts follow, and the exported review log opens in Excel (openpyxl).
* ``test_team_server_auth_hosts_and_accounts``: team mode refuses requests without a token,
  refuses foreign Host headers, signs reviewers in with their token or password and passes
  the account (name, role) to the page; a zh run shows Chinese labels.
* ``test_kernels_end_when_pages_close``: ten pages run ten kernels; a closed tab ends its
  kernel at once; kernels of browsers that vanished are culled after the idle timeout.

Requests that leave 127.0.0.1 are blocked and must not happen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from inventory import review as rv
from inventory.review.fmt import fmt_number

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
TIMEOUT_MS = 90_000
READY = ".ghgi-overview-kpis .ghgi-kpi"
TABS = ("overview", "sector", "crt", "checks", "recalc", "kca", "review")

pytestmark = [pytest.mark.slow, pytest.mark.browser]


# ------------------------------------------------------------------ serving
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``inventory.review.server.serve`` in its own process group; killed by ``stop``."""

    def __init__(self, run_dir: Path, work: Path, **options):
        self.port = _free_port()
        self.work = work
        self.log = work / "voila.log"
        jd = work / "jupyter"
        env = dict(os.environ)
        env.update(IPYTHONDIR=str(jd / "ipython"), JUPYTER_RUNTIME_DIR=str(jd / "runtime"),
                   JUPYTER_DATA_DIR=str(jd / "data"), JUPYTER_CONFIG_DIR=str(jd / "config"),
                   TMPDIR=str(jd / "tmp"), PYTHONUNBUFFERED="1",
                   GHGI_STORE_URL=str(work / "store.sqlite"))
        env.pop(rv.ENV_RUN_DIR, None)
        (jd / "tmp").mkdir(parents=True, exist_ok=True)
        code = ("import json, sys; from inventory.review.server import ServeOptions, serve; "
                "sys.exit(serve(sys.argv[1], port=int(sys.argv[2]), "
                "options=ServeOptions(**json.loads(sys.argv[3]))))")
        with self.log.open("wb") as fh:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", code, str(run_dir), str(self.port), json.dumps(options)],
                cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}/"

    def wait(self, pool: bool = True, timeout: float = 240) -> Server:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                pytest.fail(f"the server exited:\n{self.log.read_text()[-3000:]}")
            text = self.log.read_text(errors="replace")
            if (pool and "filled with" in text) or (not pool and "is running at" in text):
                return self
            time.sleep(0.5)
        pytest.fail(f"the server did not start:\n{self.log.read_text()[-3000:]}")

    def kernels(self) -> int:
        import psutil

        n = 0
        for p in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if p.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(
                        p.cmdline()):
                    n += 1
            except psutil.Error:  # ended while we looked
                continue
        return n

    def stop(self) -> None:
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=wait)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue
        try:  # the kernels are in the same process group
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A browser page on the app, recording page errors and off-machine requests."""

    def __init__(self, browser, url: str):
        self.ctx = browser.new_context(viewport={"width": 1400, "height": 1000},
                                       accept_downloads=True)
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.external: list[str] = []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                r.continue_()
            else:
                self.external.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(url, timeout=TIMEOUT_MS)

    def ready(self) -> Page:
        self.page.wait_for_selector(READY)
        return self

    def tab(self, name: str) -> None:
        self.page.locator(".ghgi-tabs .lm-TabBar-tab").nth(TABS.index(name)).click()
        self.page.wait_for_selector(f".ghgi-page-{name} > *")

    def text(self, css: str) -> str:
        return self.page.locator(css).first.inner_text()

    def select(self, css: str, pattern: str) -> str:
        """Choose the first option of the dropdown ``css`` whose label matches."""
        labels = self.page.locator(f"{css} select option").all_text_contents()
        for label in labels:
            if re.search(pattern, label.replace("\u00a0", " ")):
                self.page.locator(f"{css} select").select_option(label=label)
                return label
        raise AssertionError(f"no option matching {pattern!r} in {css}: {labels[:20]}")

    def no_horizontal_overflow(self) -> None:
        over = self.page.evaluate("() => document.documentElement.scrollWidth - "
                                  "document.documentElement.clientWidth")
        assert over <= 1, f"the page is {over}px wider than the window"

    def sign_in(self, name: str, role: str) -> None:
        if self.page.locator(".ghgi-logout").count():
            self.page.locator(".ghgi-logout button, button.ghgi-logout").first.click()
        self.page.locator(".ghgi-login-name input").fill(name)
        self.page.locator(".ghgi-login-role select").select_option(value=role)
        self.page.locator("button.ghgi-login").click()
        self.page.wait_for_function(
            "(n) => { const e = document.querySelector('.ghgi-user-name');"
            " return e && e.innerText === n; }", arg=name)

    def close(self, unload: bool = True) -> None:
        self.page.close(run_before_unload=unload)
        if unload:  # let the page's shutdown beacon leave before the profile goes
            time.sleep(1.5)
        self.ctx.close()

    def check_clean(self) -> None:
        errors = [e for e in self.errors if "[anywidget] Failed to initialize model" not in e]
        assert not errors, f"page errors: {errors}"
        assert not self.external, f"the app asked for off-machine resources: {self.external}"


@pytest.fixture(scope="module")
def demo_server(demo_run, tmp_path_factory):
    server = Server(demo_run, tmp_path_factory.mktemp("demo-server"), pool_size=1)
    try:
        yield server.wait()
    finally:
        server.stop()


# ------------------------------------------------------------------ the views
def test_views_in_browser(demo_server, demo_run, browser):
    run = rv.load_run(demo_run)
    p = Page(browser, demo_server.url).ready()
    page = p.page
    # header: party, run id, GWP set, guideline edition, synthetic banner
    header = p.text(".ghgi-header")
    assert run.party in header and run.run_id in header and run.gwp_set in header
    assert "Guidelines" in header
    assert p.text(".ghgi-banner-synthetic").startswith("SYNTHETIC DEMO DATA")
    # overview: totals formatted for humans, sectors stacked over the years, counts
    totals = pd.read_csv(demo_run / "national_totals.csv").sort_values("year")
    latest = totals.iloc[-1]
    kpis = p.text(".ghgi-overview-kpis")
    assert fmt_number(latest["total_without_lulucf"], 1) in kpis and "kt CO2-eq" in kpis
    assert re.search(r"vs base year \d{4}: [+-]\d+\.\d %", kpis)
    series = page.locator(".ghgi-sector-chart g.series").evaluate_all(
        "els => els.map(e => [e.dataset.name, JSON.parse(e.dataset.values)])")
    sectors = {name.split()[0]: vals for name, vals in series if name[0].isdigit()}
    assert set(sectors) == {"1", "2", "3", "4", "5"}   # the demo has LULUCF (sector 4)
    assert sum(v[-1] for v in sectors.values()) == pytest.approx(latest["total_with_lulucf"])
    assert "no LULUCF rows" not in p.text(".ghgi-overview")
    top = rv.key_categories(run)
    assert top["kca_label"].iloc[0] in p.text(".ghgi-overview-kca")
    assert "%" in p.text(".ghgi-overview-kca") and "e+0" not in p.text(".ghgi-overview-kca")
    assert p.text(".ghgi-count-open") == "0"
    p.no_horizontal_overflow()

    # sector / category: trend by gas, rows with provenance, the input row, factors, keys
    p.tab("sector")
    page.wait_for_selector(".ghgi-rows table")
    p.select(".ghgi-category", r"^\s*1\.A\.3\.a\s")
    page.wait_for_function("() => document.querySelector('.ghgi-trend').innerText"
                           ".includes('1.A.3.a')")
    want = rv.trend_by_gas(run.aggregates, "DML", "1.A.3.a")
    got = dict(page.locator(".ghgi-trend g.series").evaluate_all(
        "els => els.map(e => [e.dataset.name, JSON.parse(e.dataset.values)])"))
    assert got["CO2"] == pytest.approx(want["CO2"].tolist())
    page.wait_for_function("() => !document.querySelector('.ghgi-rows').innerText"
                           ".includes('1.A.1.a')")
    cats = set(page.locator(".ghgi-rows td.col-category").all_text_contents())
    assert cats == {"1.A.3.a.ii"}
    rows_text = p.text(".ghgi-rows")
    assert "Emissions [kt CO2-eq]" in rows_text and "Tier" in rows_text
    assert re.search(r"\d{1,3}(,\d{3})*\.\d{2}", rows_text)
    page.locator(".ghgi-rows tr[data-row]").first.click()
    page.wait_for_selector(".ghgi-input-row table")
    assert "demoland.xlsx" in p.text(".ghgi-input-cells")
    assert page.locator(".ghgi-input-row .ghgi-cell-mark").count() == 1
    p.select(".ghgi-category", r"^\s*1\.A\s")
    page.wait_for_function("(n) => document.querySelectorAll('.ghgi-ief-table tr[data-row]')"
                           ".length === n", arg=len(rv.ief_choices(run, "1.A")))
    assert "IPCC 95 % range" in p.text(".ghgi-ief")
    p.select(".ghgi-gas", r"^N2O$")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.ghgi-rows "
                           "td.col-gas')).every(e => e.textContent === 'N2O')")
    p.select(".ghgi-gas", r"^All gases")
    p.select(".ghgi-category", r"^Total")
    page.wait_for_function("() => document.querySelector('.ghgi-notation').innerText"
                           ".includes('not estimated')")
    assert "not surveyed" in p.text(".ghgi-notation")  # the compiler's explanation
    p.no_horizontal_overflow()

    # CRT browser: a cell, the emission rows behind it, one row's input cells
    p.tab("crt")
    page.wait_for_selector(".ghgi-crt-table td[data-cell]")
    p.select(".ghgi-crt-sheet", r"^Table1\.A\(a\)s1$")
    page.wait_for_function("() => document.querySelector('.ghgi-crt-table').innerText"
                           ".includes('Liquid fuels')")
    cell = page.locator(".ghgi-crt-table tr", has_text="Liquid fuels").first.locator(
        "td[data-cell$=',5']")  # column F: CO2 emissions
    shown = cell.inner_text()
    cell.click()
    page.wait_for_selector(".ghgi-cell-rows table")
    info = p.text(".ghgi-cell-info")
    assert "fuel group liquid" in info and "gas CO2" in info
    assert f"add up to {shown}" in info.replace("\n", " ") or shown.split(".")[0] in info
    page.locator(".ghgi-cell-rows tr[data-row]").first.click()
    page.wait_for_selector(".ghgi-crt-provenance .ghgi-input-row table")
    p.no_horizontal_overflow()

    # checks: filterable, each linked to its rows
    p.tab("checks")
    summary = rv.check_summary(run)
    one = summary.sort_values("findings").iloc[0]
    p.select(".ghgi-check", rf"^{re.escape(one['check'])} ")
    page.wait_for_function(f"() => document.querySelector('.ghgi-checks-view').innerText"
                           f".includes('Findings: {int(one['findings']):,d}')")
    page.locator(".ghgi-checks tr[data-row]").first.click()
    page.wait_for_selector(".ghgi-finding-rows h4")
    assert "Input rows" in p.text(".ghgi-finding-rows")
    # recalculations: no stored submission yet
    p.tab("recalc")
    assert "ghgi submit" in p.text(".ghgi-page-recalc")
    # key categories and uncertainty, both coverages
    p.tab("kca")
    for coverage, button in (("excluding", "without LULUCF"), ("including", "with LULUCF")):
        page.locator(".ghgi-coverage button").filter(
            has_text=re.compile(f"^\\s*{button}\\s*$")).click()
        k = rv.key_categories(run, coverage)
        page.wait_for_function("(n) => document.querySelector('.ghgi-kca').innerText"
                               ".includes(n + ' key categories')", arg=str(len(k)))
        u = rv.uncertainty_table(run, coverage)
        last = page.locator(".ghgi-uncertainty tbody tr").last
        assert last.locator("td.col-kca_label").inner_text() == "Total"
        assert last.locator("td.col-combined_uncertainty_pct").inner_text() == \
            f"{fmt_number(u['combined_uncertainty_pct'].iloc[-1], 1)} %"
    p.no_horizontal_overflow()
    p.check_clean()
    p.close()


# ------------------------------------------------------------------ the review workflow
def test_review_workflow_in_browser(demo_server, demo_run, browser, tmp_path):
    p = Page(browser, demo_server.url).ready()
    page = p.page
    p.sign_in("Ana", "reviewer")
    # a reviewer comments on a CRT cell
    p.tab("crt")
    page.wait_for_selector(".ghgi-crt-table td[data-cell]")
    p.select(".ghgi-crt-sheet", r"^Table1\.A\(a\)s1$")
    page.wait_for_function("() => document.querySelector('.ghgi-crt-table').innerText"
                           ".includes('Liquid fuels')")
    page.locator(".ghgi-crt-table td.num[data-cell]").nth(3).click()
    page.wait_for_selector(".ghgi-cell-info h4")
    page.locator(".ghgi-cell-comment-text textarea").fill("CO2 IEF of liquid fuels is low")
    page.locator("button.ghgi-cell-comment").click()
    page.wait_for_function("() => document.querySelector('.ghgi-crt-browser').innerText"
                           ".match(/comment #\\d+ posted on Table1\\.A\\(a\\)s1!/)")
    page.wait_for_selector(".ghgi-crt-table td.commented")
    p.tab("overview")
    page.wait_for_function("() => document.querySelector('.ghgi-count-open').innerText === '1'")
    # a compiler answers, pointing to a new run
    p.sign_in("Li", "compiler")
    p.tab("review")
    page.locator(".ghgi-threads tr[data-row]").first.click()
    page.wait_for_selector(".ghgi-thread h4")
    assert "Table1.A(a)s1" in p.text(".ghgi-thread")
    page.locator(".ghgi-reply-text textarea").fill("NCV of diesel corrected")
    page.locator(".ghgi-new-run input").fill("run-2")
    page.locator("button.ghgi-answer").click()
    page.wait_for_function("() => document.querySelector('.ghgi-thread').innerText"
                           ".includes('answered')")
    # the compiler puts sector 1 under review
    p.select(".ghgi-signoff-scope", r"^1 Energy")
    p.select(".ghgi-signoff-to", r"^under review$")
    page.locator("button.ghgi-signoff-apply").click()
    page.wait_for_function("() => document.querySelector('.ghgi-signoff-msg').innerText"
                           ".includes('under review')")
    p.tab("overview")
    page.wait_for_function("() => document.querySelector('.ghgi-count-answered').innerText "
                           "=== '1' && document.querySelector('.ghgi-count-open').innerText "
                           "=== '0'")
    # an approver may not approve while the thread is unresolved; resolves it, approves
    p.sign_in("Mei", "approver")
    p.tab("review")
    p.select(".ghgi-signoff-scope", r"^1 Energy")
    p.select(".ghgi-signoff-to", r"^approved$")
    page.locator("button.ghgi-signoff-apply").click()
    page.wait_for_function("() => document.querySelector('.ghgi-signoff-msg').innerText"
                           ".includes('not resolved')")
    page.locator(".ghgi-threads tr[data-row]").first.click()
    page.locator("button.ghgi-resolve").click()
    page.wait_for_function("() => document.querySelector('.ghgi-thread').innerText"
                           ".includes('resolved')")
    page.locator("button.ghgi-signoff-apply").click()
    page.wait_for_function("() => document.querySelector('.ghgi-signoffs "
                           "tr[data-key=\"1\"]').innerText.includes('approved')")
    p.tab("overview")
    page.wait_for_function("() => document.querySelector('.ghgi-count-resolved').innerText "
                           "=== '1'")
    page.wait_for_function("() => document.querySelector(\".ghgi-signoff-list "
                           "li[data-scope='1']\").innerText.includes('approved')")
    # export the review log and open it
    p.tab("review")
    page.locator("button.ghgi-log-xlsx").click()
    link = page.locator(".ghgi-log-link a.ghgi-download")
    link.wait_for()
    with page.expect_download() as dl:
        link.click()
    target = tmp_path / dl.value.suggested_filename
    dl.value.save_as(target)
    wb = openpyxl.load_workbook(target)
    comments = [[c.value for c in r] for r in wb["comments"].iter_rows(values_only=False)]
    flat = " ".join(str(v) for r in comments for v in r)
    assert "CO2 IEF of liquid fuels is low" in flat and "NCV of diesel corrected" in flat
    assert "Table1.A(a)s1" in flat
    states = [r[3] for r in wb["signoffs"].iter_rows(min_row=2, values_only=True)]
    assert states == ["under_review", "approved"]
    authors = {r[2] for r in wb["audit"].iter_rows(min_row=2, values_only=True)}
    assert {"Ana", "Li", "Mei"} <= authors
    page.locator("button.ghgi-log-csv").click()
    page.wait_for_selector(".ghgi-log-link a[download$='.csv']")
    with page.expect_download() as dl:
        page.locator(".ghgi-log-link a.ghgi-download").click()
    csv = tmp_path / "log.csv"
    dl.value.save_as(csv)
    log = pd.read_csv(csv, encoding="utf-8-sig")
    assert {"comment", "answer", "sign-off", "status"} <= set(log["entry"])
    p.check_clean()
    p.close()


# ------------------------------------------------------------------ team mode
@pytest.fixture(scope="module")
def zh_run(small_run, tmp_path_factory):
    """The small run with the project's language set to Chinese."""
    target = tmp_path_factory.mktemp("zh") / "run"
    shutil.copytree(small_run, target)
    m = json.loads((target / "manifest.json").read_text())
    m["language"] = "zh"
    (target / "manifest.json").write_text(json.dumps(m))
    return target


def _get(url: str, headers: dict | None = None) -> tuple[int, str, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, r.headers.get("Location", ""), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location", ""), ""


def test_team_server_auth_hosts_and_accounts(zh_run, browser, tmp_path):
    from inventory.review.accounts import add_account

    accounts = tmp_path / "accounts.yml"
    ana = add_account(accounts, "ana", "Ana Silva", "reviewer", "ana-password")
    add_account(accounts, "mei", "王梅", "approver", "mei-password")
    server = Server(zh_run, tmp_path, team=True, accounts=str(accounts),
                    allowed_hosts=["review.example.org"], pool_size=1).wait()
    try:
        base = server.url
        # no token, a wrong token: refused (sent to the login form), never the app
        for url in (base, base + "?token=wrong"):
            status, location, body = _get(url)
            assert status == 302 and "/login" in location and "ghgi" not in body
        assert _get(base + "api/kernels/0d6a6c5e-0000-4000-8000-000000000000")[0] == 403
        # a foreign Host header is refused even with a valid token; a listed name is served
        assert _get(base + f"?token={ana}", {"Host": "evil.example.com"})[0] == 403
        assert _get(base + "login", {"Host": f"review.example.org:{server.port}"})[0] == 200
        assert _get(base + f"?token={ana}")[0] == 200
        # the account reaches the page: name and role, no name typed in
        p = Page(browser, base + f"?token={ana}").ready()
        p.page.wait_for_selector(".ghgi-user-name")
        assert p.text(".ghgi-user-name") == "Ana Silva"
        assert p.page.locator(".ghgi-login-name").count() == 0
        assert p.page.locator(".ghgi-tabs .lm-TabBar-tab").first.inner_text() == "概览"
        p.tab("review")
        p.page.locator(".ghgi-new-comment-text textarea").fill("核对活动数据")
        p.page.locator("button.ghgi-new-comment").click()
        p.page.wait_for_selector(".ghgi-threads tr[data-row]")
        assert "Ana Silva" in p.text(".ghgi-threads")
        p.check_clean()
        p.close()
        # the login form: the approver signs in with a password
        p = Page(browser, base)
        p.page.wait_for_selector("input[name=username]")
        p.page.fill("input[name=username]", "mei")
        p.page.fill("input[name=password]", "mei-password")
        p.page.click("button[type=submit]")
        p.ready()
        p.page.wait_for_selector(".ghgi-user-name")
        assert p.text(".ghgi-user-name") == "王梅" and "批准人" in p.text(".ghgi-user")
        p.close()
        from inventory.review.workflow import ReviewLog

        threads = ReviewLog(tmp_path / "store.sqlite").threads()
        assert threads["author"].tolist() == ["Ana Silva"]
        assert threads["role"].tolist() == ["reviewer"]
    finally:
        server.stop()


# ------------------------------------------------------------------ kernels
def test_kernels_end_when_pages_close(small_run, browser, tmp_path):
    server = Server(small_run, tmp_path, pool_size=0, max_kernels=12, cull_idle_timeout=15,
                    cull_interval=3).wait(pool=False)
    try:
        # a closed tab ends its kernel at once (the page's beacon)
        p = Page(browser, server.url).ready()
        assert server.kernels() == 1
        p.close(unload=True)
        end = time.monotonic() + 30  # (well below the cull timeout + interval: 15 + 3 s)
        while server.kernels() and time.monotonic() < end:
            time.sleep(0.5)
        assert server.kernels() == 0
        assert "Kernel shutdown" in server.log.read_text()
        assert "Culling '" not in server.log.read_text()  # the beacon, not the culler
        # ten pages, ten kernels; the browser vanishes: the idle kernels are culled
        from playwright.sync_api import sync_playwright  # noqa: F401 (browser of the fixture)

        pages = [Page(browser, server.url) for _ in range(10)]
        for pg in pages:
            pg.ready()
        assert server.kernels() == 10
        # connected pages are never culled, however idle (their tabs are open)
        time.sleep(15 + 3 * 2)
        assert server.kernels() == 10
        assert "Culling '" not in server.log.read_text()
        for pg in pages:
            pg.close(unload=False)  # no beacon: as if the browser had crashed
        end = time.monotonic() + 15 + 3 * 3 + 30
        while server.kernels() and time.monotonic() < end:
            time.sleep(1)
        assert server.kernels() == 0
        assert server.log.read_text().count("Culling '") == 10  # all ten by the culler
    finally:
        server.stop()
