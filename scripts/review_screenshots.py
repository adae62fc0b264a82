"""Screenshots of every view of the review app for the docs (``docs/review/*.png``).

    .venv/bin/python scripts/review_screenshots.py outputs/demoland/<run id>

Serves the run with a throw-away store, plays a short review (a reviewer comments on a CRT
cell, a compiler answers, a sector goes under review) and photographs each tab in Debian
chromium. For the recalculation view the store gets an *illustrative* earlier submission: a
copy of the run whose 1.A.1 CO2 is 3 % lower (its files re-hashed in its manifest), labelled
as such. A copy of the run with ``language: zh`` gives the Chinese overview.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "review"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _illustrative_previous(run: Path, work: Path) -> Path:
    """A copy of the run with 1.A.1 CO2 3 % lower, re-hashed, as an earlier submission."""
    prev = work / "previous"
    shutil.copytree(run, prev, ignore=shutil.ignore_patterns("stage"))
    chain = ["1.A.1", "1.A", "1", "TOTAL"]
    agg = pd.read_csv(prev / "crt_aggregates.csv", dtype={"crt": str}, keep_default_na=False,
                      na_values=[""])
    base = agg[(agg["crt"] == "1.A.1") & (agg["gas"] == "CO2")].set_index(["region", "year"])
    delta = 0.03 * base["value_co2eq"]
    for code in chain:
        m = (agg["crt"] == code) & (agg["gas"] == "CO2")
        idx = pd.MultiIndex.from_frame(agg.loc[m, ["region", "year"]])
        agg.loc[m, "value_co2eq"] -= delta.reindex(idx).fillna(0.0).to_numpy()
    agg.to_csv(prev / "crt_aggregates.csv", index=False)
    tr = pd.read_csv(prev / "trends.csv", dtype={"node": str}, keep_default_na=False,
                     na_values=[""])
    national = delta.xs(agg["region"].iloc[0], level="region") if len(delta) else delta
    for code in chain:
        for group in ("CO2", "Total"):
            m = (tr["node"] == code) & (tr["gas_group"] == group)
            tr.loc[m, "value_co2eq"] -= tr.loc[m, "year"].map(national).fillna(0.0).to_numpy()
    tr.to_csv(prev / "trends.csv", index=False)
    m = json.loads((prev / "manifest.json").read_text())
    m["run_id"] = "previous-illustrative"
    for rel in list(m.get("outputs", {})):
        p = prev / rel
        if p.exists():
            m["outputs"][rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    (prev / "manifest.json").write_text(json.dumps(m, indent=2))
    return prev


class Server:
    def __init__(self, run: Path, work: Path, store: Path):
        self.port = _port()
        env = dict(os.environ, GHGI_STORE_URL=str(store), PYTHONUNBUFFERED="1")
        for var in ("IPYTHONDIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR"):
            env[var] = str(work / var.lower())
        self.log = work / f"server-{self.port}.log"
        with self.log.open("wb") as fh:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "inventory.cli", "review", str(run), "--port",
                 str(self.port)], env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=work,
                start_new_session=True)
        end = time.monotonic() + 300
        while "filled with" not in self.log.read_text(errors="replace"):
            if self.proc.poll() is not None or time.monotonic() > end:
                raise RuntimeError(self.log.read_text()[-3000:])
            time.sleep(0.5)
        self.url = f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)


def _select(page, css: str, text: str) -> None:
    for label in page.locator(f"{css} select option").all_text_contents():
        if label.replace("\u00a0", " ").strip().startswith(text):
            page.locator(f"{css} select").select_option(label=label)
            return
    raise ValueError(f"{text} not in {css}")


def _sign_in(page, name: str, role: str) -> None:
    if page.locator("button.ghgi-logout").count():
        page.locator("button.ghgi-logout").click()
    page.locator(".ghgi-login-name input").fill(name)
    page.locator(".ghgi-login-role select").select_option(value=role)
    page.locator("button.ghgi-login").click()
    page.wait_for_selector(".ghgi-user-name")


def _page(p, url: str):
    """A new chromium and a page on the app, the overview loaded."""
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = b.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(120_000)
    page.goto(url)
    page.wait_for_selector(".ghgi-overview-kpis .ghgi-kpi")
    return b, page


def _tab(page, k: int, wait: str) -> None:
    page.locator(".ghgi-tabs .lm-TabBar-tab").nth(k).click()
    page.wait_for_selector(wait)
    time.sleep(0.8)


def _shot(page, name: str, height: int) -> None:
    page.set_viewport_size({"width": 1400, "height": height})
    time.sleep(0.6)
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png", f"{(OUT / f'{name}.png').stat().st_size / 1024:.0f} kB")


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from inventory.store import SubmissionStore

    run = Path(argv[0]).resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="review-shots-"))
    store = work / "store.sqlite"
    SubmissionStore(store).submit(_illustrative_previous(run, work),
                                  label="earlier submission (illustrative: 1.A.1 CO2 -3 %)")
    zh = work / "zh"
    shutil.copytree(run, zh, ignore=shutil.ignore_patterns("stage"))
    m = json.loads((zh / "manifest.json").read_text())
    m["language"] = "zh"
    (zh / "manifest.json").write_text(json.dumps(m))
    server = Server(run, work, store)
    try:
        with sync_playwright() as p:
            b, page = _page(p, server.url)
            # a short review: comment on a cell, answer, a sector under review
            _sign_in(page, "Ana Silva", "reviewer")
            _tab(page, 2, ".ghgi-crt-table td[data-cell]")
            _select(page, ".ghgi-crt-sheet", "Table1.A(a)s1")
            page.wait_for_function("() => document.querySelector('.ghgi-crt-table')"
                                   ".innerText.includes('Liquid fuels')")
            page.locator(".ghgi-crt-table tr", has_text="Liquid fuels").first.locator(
                "td[data-cell$=',5']").click()  # column F: CO2 emissions
            page.wait_for_selector(".ghgi-cell-rows table")
            page.locator(".ghgi-cell-comment-text textarea").fill(
                "Liquid fuels CO2 rose 4 % while consumption fell: check the diesel NCV.")
            page.locator("button.ghgi-cell-comment").click()
            page.wait_for_selector(".ghgi-crt-table td.commented")
            page.locator(".ghgi-cell-rows tr[data-row]").first.click()
            page.wait_for_selector(".ghgi-crt-provenance .ghgi-input-row table")
            _shot(page, "crt", 2000)
            _sign_in(page, "Li Ming", "compiler")
            _tab(page, 6, ".ghgi-review-view")
            page.locator(".ghgi-threads tr[data-row]").first.click()
            page.locator(".ghgi-reply-text textarea").fill(
                "The 2023 diesel NCV was a typo (43.0 instead of 42.6 TJ/kt); fixed.")
            page.locator("button.ghgi-answer").click()
            page.wait_for_function("() => document.querySelector('.ghgi-thread')"
                                   ".innerText.includes('answered')")
            _select(page, ".ghgi-signoff-scope", "3 ")
            _select(page, ".ghgi-signoff-to", "under review")
            page.locator("button.ghgi-signoff-apply").click()
            page.wait_for_selector(".ghgi-signoffs tr[data-key='3']")
            time.sleep(1)
            _shot(page, "review", 1250)
            _tab(page, 0, ".ghgi-overview-kpis")
            _shot(page, "overview", 1500)
            _tab(page, 1, ".ghgi-rows table")
            _select(page, ".ghgi-category", "1.A.1  ")
            page.wait_for_function("() => document.querySelector('.ghgi-trend')"
                                   ".innerText.includes('1.A.1 Energy')")
            page.locator(".ghgi-rows tr[data-row]").first.click()
            page.wait_for_selector(".ghgi-input-row table")
            _shot(page, "sector", 2300)
            _tab(page, 3, ".ghgi-checks table")
            page.locator(".ghgi-checks tr[data-row]").nth(12).click()
            page.wait_for_selector(".ghgi-finding-rows h4")
            _shot(page, "checks", 1800)
            _tab(page, 4, ".ghgi-recalc-view")
            _shot(page, "recalc", 1200)
            _tab(page, 5, ".ghgi-kca table")
            _shot(page, "kca", 1300)
            b.close()
    finally:
        server.stop()
    server = Server(zh, work, work / "zh.sqlite")
    try:
        with sync_playwright() as p:
            b, page = _page(p, server.url)
            _shot(page, "overview_zh", 1000)
            b.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
