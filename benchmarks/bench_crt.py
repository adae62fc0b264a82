"""CPU time to write the CRT workbooks of a 35-year run (1990-2024) in one process.

The run is the shared small test inventory (two provinces, every sector, the demo's
generators and notation keys) over 35 years, as in ``bench_etf.py``; ``--run`` reuses a
finished run folder (e.g. the one ``bench_etf.py --keep <dir>`` compiled). Measured: the
process CPU time (user + sys, ``resource.getrusage``) of ``write_crt_workbooks`` for all
years with ``jobs=1`` (no workers, so nothing is left out), once without and once with the
cells file the compile now stores (``crt_cells.parquet``, for ``ghgi etf export``).

Run: python benchmarks/bench_crt.py [--run <run folder>] -> benchmarks/results/crt.json
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inventory.crt import write_crt_workbooks  # noqa: E402

REGIONS = (("NTH", "Northland", 0.7), ("CAP", "Capital District", 0.3))
YEARS = range(1990, 2025)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run", type=Path, help="an existing run folder (skips the compile)")
    ap.add_argument("--years", type=int, default=0, help="only the first N years")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench_crt_"))
    run = args.run
    if run is None:
        from inventory.runner import compile_project
        from tests.inventories import write_project

        proj = write_project(work / "proj", regions=REGIONS, years=YEARS, name="bench35")
        run = compile_project(proj, work / "out", run_id="bench", validate=False)
    from inventory.etf.source import load_run

    src = load_run(run)
    years = src.years[:args.years] if args.years else src.years
    common = dict(party=src.party, gwp_set=src.gwp_set, years=years,
                  submission_label="run bench", analysis=src.analysis, tables=src.tables,
                  guidelines=str(src.manifest.get("guidelines", "")), jobs=1)
    fig: dict[str, float | int | str] = {"years": len(years),
                                         "load_average": round(os.getloadavg()[0], 1)}
    write_crt_workbooks(src.emissions, work / "warm", **{**common, "years": years[:1]})
    t, w = _cpu(), time.perf_counter()
    write_crt_workbooks(src.emissions, work / "crt", **common)
    fig["crt_workbooks_cpu_s"] = round(_cpu() - t, 2)
    fig["crt_workbooks_wall_s"] = round(time.perf_counter() - w, 2)
    fig["per_workbook_cpu_s"] = round(float(fig["crt_workbooks_cpu_s"]) / len(years), 3)
    if "cells_path" in inspect.signature(write_crt_workbooks).parameters:
        t = _cpu()
        write_crt_workbooks(src.emissions, work / "crt2", cells_path=work / "cells.parquet",
                            **common)
        fig["crt_workbooks_and_cells_cpu_s"] = round(_cpu() - t, 2)
    fig["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    fig["run"] = str(run)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "crt.json").write_text(json.dumps(fig, indent=1), encoding="utf-8")
    for k, v in fig.items():
        print(f"{k:34s} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
