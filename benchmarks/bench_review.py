"""The review app under load: first view, selection changes, memory of many reviewers.

    python benchmarks/bench_review.py                      # latest run under outputs/ (or
                                                           # compile the demo first)
    python benchmarks/bench_review.py --run outputs/demoland/<id> --pages 10 --team

Starts ``ghgi review`` (local, or team mode with throw-away accounts) in its own process
group and drives Debian chromium with playwright:

* **first view**: a new browser (empty cache) opens the page; time until the overview shows
  its totals (``.ghgi-overview-kpis .ghgi-kpi``). ``warm``: a pre-rendered kernel was waiting
  (the normal case); ``cold``: the pool was empty (two pages opened at once).
* **selection change**: on the sector view, time from choosing a category / year / gas /
  region to the chart and rows showing it; on the CRT browser, from a click on a cell to the
  rows behind it.
* **memory**: ``--pages`` browsers open the app at once and each opens the sector view; the
  proportional set size (PSS, shared pages split between processes) and the RSS of the server
  and all its kernels are summed.

Writes ``benchmarks/results/review.json``. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
READY = ".ghgi-overview-kpis .ghgi-kpi"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    runs = sorted(p for p in (ROOT / "outputs").glob("*/*") if (p / "manifest.json").exists())
    if runs:
        return max(runs, key=lambda p: p.name)
    out = Path(tempfile.mkdtemp(prefix="bench-review-"))
    print("compiling the demo (a few minutes) ...", flush=True)
    res = subprocess.run([sys.executable, "-m", "inventory.cli", "compile",
                          str(ROOT / "demo" / "demoland"), "--out", str(out)],
                         capture_output=True, text=True, check=True)
    return Path(res.stdout.split()[0])


def tree_memory(pid: int) -> dict:
    """PSS and RSS [MB] of a process and its children, and how many are kernels."""
    import psutil

    root = psutil.Process(pid)
    pss = rss = 0
    kernels = 0
    for p in [root, *root.children(recursive=True)]:
        try:
            m = p.memory_full_info()
            pss += m.pss
            rss += m.rss
            kernels += "ipykernel_launcher" in " ".join(p.cmdline())
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return {"pss_mb": round(pss / 2**20, 1), "rss_mb": round(rss / 2**20, 1),
            "kernels": kernels}


class Server:
    def __init__(self, run_dir: Path, port: int, workdir: Path, extra: list[str]):
        self.port, self.log = port, workdir / "server.log"
        env = dict(os.environ)
        for var in ("IPYTHONDIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR",
                    "JUPYTER_CONFIG_DIR"):
            env[var] = str(workdir / var.lower())
        env["GHGI_STORE_URL"] = str(workdir / "store.sqlite")
        with self.log.open("wb") as fh:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "inventory.cli", "review", str(run_dir),
                 "--port", str(port), *extra], cwd=workdir, env=env, stdout=fh,
                stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self, timeout: float = 180) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text()[-3000:])
            if "filled with" in self.log.read_text(errors="replace"):
                return
            time.sleep(0.5)
        raise TimeoutError(self.log.read_text()[-3000:])

    def pool_filled(self, count: int, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.log.read_text(errors="replace").count("filled with") >= count:
                return
            time.sleep(0.25)

    def stop(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=20)
                return
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue


def _open(browser, url: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.set_default_timeout(180_000)
    t = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(READY)
    return ctx, page, time.perf_counter() - t


def _tab(page, index: int, selector: str) -> None:
    page.locator(".ghgi-tabs .lm-TabBar-tab").nth(index).click()
    page.wait_for_selector(selector)


def _selection_changes(page) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"category": [], "year": [], "gas": [], "region": [],
                                   "crt_cell": []}
    _tab(page, 1, ".ghgi-rows table")

    def labels(css: str) -> list[str]:
        return page.locator(f"{css} select option").all_text_contents()

    def change(kind: str, css: str, label: str, marker: str) -> None:
        before = page.locator(".ghgi-trend").inner_html()
        t = time.perf_counter()
        page.locator(f"{css} select").select_option(label=label)
        page.wait_for_function(
            "([m, b]) => { const e = document.querySelector('.ghgi-trend');"
            " return e && e.innerHTML !== b && e.innerText.includes(m); }",
            arg=[marker, before])
        out[kind].append(time.perf_counter() - t)

    cats = labels(".ghgi-category")
    for code in ("1.A.1", "1.A.3", "2", "3", "5", "1", "TOTAL"):
        hit = [c for c in cats if re.match(rf"^\s*{re.escape(code)}\s", c.replace("\xa0", " "))]
        if code == "TOTAL":
            hit = [cats[0]]
        if hit:
            change("category", ".ghgi-category", hit[0], code if code != "TOTAL" else "Total")
    for y in labels(".ghgi-year")[-2:-5:-1]:
        # the rows title names the year
        t = time.perf_counter()
        page.locator(".ghgi-year select").select_option(label=y)
        page.wait_for_function(f"() => document.querySelector('.ghgi-sector h3') && "
                               f"document.querySelector('.ghgi-sector h3').innerText"
                               f".includes(' {y} ')")
        out["year"].append(time.perf_counter() - t)
    for g in ("CO2", "CH4", "N2O"):
        change("gas", ".ghgi-gas", g, g)
    for r in labels(".ghgi-region")[1:3]:
        change("region", ".ghgi-region", r, r.replace("\xa0", " "))
    _tab(page, 2, ".ghgi-crt-table table")
    cells = page.locator(".ghgi-crt-table td.num[data-cell]")
    for k in (0, 5, 10):
        before = page.locator(".ghgi-cell-info").inner_html()
        t = time.perf_counter()
        cells.nth(k).click()
        page.wait_for_function(
            "(b) => { const e = document.querySelector('.ghgi-cell-info');"
            " return e && e.innerHTML !== b; }", arg=before)
        out["crt_cell"].append(time.perf_counter() - t)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run")
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--team", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "review.json")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    run_dir = _run_dir(args.run)
    work = Path(tempfile.mkdtemp(prefix="bench-review-srv-"))
    port = _free_port()
    extra = ["--max-kernels", str(args.pages + 2)]
    url = f"http://127.0.0.1:{port}/"
    if args.team:
        from inventory.review.accounts import add_account

        token = add_account(work / "accounts.yml", "bench", "Bench Reviewer", "reviewer")
        extra += ["--team", "--accounts", str(work / "accounts.yml")]
        url += f"?token={token}"
    result: dict = {"run": str(run_dir), "mode": "team" if args.team else "local",
                    "pages": args.pages, "cpus": os.cpu_count(),
                    "load_average_at_start": os.getloadavg()}
    server = Server(run_dir, port, work, extra)
    try:
        t = time.perf_counter()
        server.wait()
        result["server_ready_s"] = round(time.perf_counter() - t, 2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            warm = []
            for k in range(3):  # a pre-rendered kernel is waiting for each
                server.pool_filled(k + 1)
                ctx, page, dt = _open(browser, url)
                warm.append(dt)
                if k < 2:
                    page.close(run_before_unload=True)
                    ctx.close()
            # cold: two pages at once, one gets the pre-rendered kernel, the other a new one
            server.pool_filled(4)
            pair = []
            for _ in range(2):
                c = browser.new_context(viewport={"width": 1400, "height": 1000})
                pg = c.new_page()
                pg.set_default_timeout(180_000)
                pair.append((c, pg, time.perf_counter()))
                pg.goto(url, wait_until="commit")
            times = []
            for _c, pg, t0 in pair:
                pg.wait_for_selector(READY)
                times.append(time.perf_counter() - t0)
            cold = max(times)
            for c, pg, _ in pair:
                pg.close(run_before_unload=True)
                c.close()
            result["first_view_s"] = {"warm": [round(v, 2) for v in warm],
                                      "cold": round(cold, 2)}
            sel = _selection_changes(page)
            result["selection_change_s"] = {
                k: {"median": round(statistics.median(v), 3), "max": round(max(v), 3),
                    "n": len(v)} for k, v in sel.items() if v}
            page.close(run_before_unload=True)
            ctx.close()
            time.sleep(2)
            result["idle_memory"] = tree_memory(server.proc.pid)
            # many reviewers at once: every page opens the overview and the sector view
            contexts = []
            t = time.perf_counter()
            for _ in range(args.pages):
                c = browser.new_context(viewport={"width": 1400, "height": 1000})
                pg = c.new_page()
                pg.set_default_timeout(300_000)
                pg.goto(url, wait_until="commit")
                contexts.append((c, pg))
            for _, pg in contexts:
                pg.wait_for_selector(READY)
            result["all_pages_ready_s"] = round(time.perf_counter() - t, 1)
            for _, pg in contexts:
                _tab(pg, 1, ".ghgi-rows table")
            time.sleep(3)
            result["memory"] = tree_memory(server.proc.pid)
            result["memory"]["per_page_pss_mb"] = round(
                (result["memory"]["pss_mb"] - result["idle_memory"]["pss_mb"]) / args.pages, 1)
            for c, pg in contexts:
                pg.close(run_before_unload=True)
                c.close()
            time.sleep(5)
            result["after_close"] = tree_memory(server.proc.pid)
            browser.close()
    finally:
        server.stop()
    result["load_average_at_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
