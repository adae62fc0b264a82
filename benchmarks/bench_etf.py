"""Time to write the ETF outputs of a 35-year run (1990-2024): the CRT Data Exchange JSON
(``ghgi etf export``: every cell of every CRT sheet per year, mapped and encoded) and the NID
draft (``ghgi nid``: Markdown, Word, PNG charts), plus the compile that writes the 35 CRT
workbooks, for scale.

The project is the shared small test inventory (two provinces, every sector, the demo's
generators and notation keys) over 35 years.
Run: python benchmarks/bench_etf.py [--run <existing run folder>] -> benchmarks/results/etf.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inventory.etf.writer import export_run  # noqa: E402
from inventory.nid.document import write_nid  # noqa: E402

REGIONS = (("NTH", "Northland", 0.7), ("CAP", "Capital District", 0.3))


def _cpu() -> float:
    """CPU seconds (user + sys) of this process and its finished children (CRT workers)."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
YEARS = range(1990, 2025)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run", type=Path, help="an existing run folder (skips the compile)")
    ap.add_argument("--keep", type=Path, help="write the project and run here (kept)")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_etf_"))
    fig: dict[str, float | int | str] = {}
    run = args.run
    if run is None:
        from inventory.runner import compile_project
        from tests.inventories import write_project

        proj = write_project(work / "proj", regions=REGIONS, years=YEARS, name="bench35")
        t, c = time.perf_counter(), _cpu()
        run = compile_project(proj, work / "out", run_id="bench", validate=False)
        fig["compile_with_35_crt_workbooks_s"] = round(time.perf_counter() - t, 1)
        fig["compile_cpu_s"] = round(_cpu() - c, 1)
    fig["cells_file"] = (Path(run) / "crt_cells.parquet").exists()
    t, c = time.perf_counter(), _cpu()
    res = export_run(run, work / "etf" / "CRT.json")
    fig["etf_export_s"] = round(time.perf_counter() - t, 1)
    fig["etf_export_cpu_s"] = round(_cpu() - c, 1)
    c = res.cells
    fig["years"] = int(c["year"].nunique())
    fig["cells"] = len(c)
    fig["json_values"] = sum(len(b["values"]) for b in res.document["data"]["values"])
    fig["json_mb"] = round(res.path.stat().st_size / 1e6, 1)
    t, c = time.perf_counter(), _cpu()
    write_nid(run, work / "nid")
    fig["nid_s"] = round(time.perf_counter() - t, 1)
    fig["nid_cpu_s"] = round(_cpu() - c, 1)
    fig["load_average"] = round(os.getloadavg()[0], 1)
    fig["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    fig["run"] = str(run)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "etf.json").write_text(json.dumps(fig, indent=1), encoding="utf-8")
    for k, v in fig.items():
        print(f"{k:34s} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
