"""County scale on one machine: generate the synthetic China-sized county inventory (2,844
counties x 35 years x 966 category/fuel pairs = 96.2 M activity rows, Parquet) and compile it
out of core with DuckDB (``ghgi scale``; docs/scale.md). Generation and compile run in
separate processes; each reports wall and CPU time (user + sys of the process, DuckDB's
threads included), its peak resident memory (``getrusage`` max RSS) and the load average.

Run: python benchmarks/bench_county.py [--counties 2844] [--years 1990-2024]
     [--dir /work/.scratch/county] [--memory-limit 4GB] [--threads N] [--keep]
The data (about 0.5 GB) and the run folder are deleted afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _usage() -> dict:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": round(r.ru_utime + r.ru_stime, 2), "max_rss_mb": round(r.ru_maxrss / 1024)}


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _stage(args) -> int:
    """One measured stage in this process; prints a JSON line."""
    load0 = os.getloadavg()
    t = time.perf_counter()
    if args.stage == "generate":
        from provincial.scale.generate import generate

        info = generate(args.dir / "project", args.counties, args.years, threads=args.threads)
        info["bytes"] = _du(args.dir / "project")
    else:
        from provincial.scale.engine import compile_scale

        run = compile_scale(args.dir / "project", args.dir / "out", args.memory_limit,
                            args.threads)
        m = json.loads((run / "manifest.json").read_text())
        info = {k: m[k] for k in ("activity_rows", "emission_rows", "output_rows",
                                  "factor_keys", "factor_rows", "stages")}
        info["run_bytes"] = _du(run)
    info.update(wall_s=round(time.perf_counter() - t, 2), **_usage(),
                load_before=[round(x, 1) for x in load0],
                load_after=[round(x, 1) for x in os.getloadavg()])
    print("RESULT " + json.dumps(info), flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--counties", type=int, default=2844)
    ap.add_argument("--years", default="1990-2024")
    ap.add_argument("--dir", type=Path, default=None,
                    help="work folder (default: a new folder under $TMPDIR)")
    ap.add_argument("--memory-limit", default="4GB")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--stage", choices=("generate", "compile"), help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" /
                    "county.json")
    args = ap.parse_args()
    if args.stage:
        return _stage(args)
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench_county."))
    work.mkdir(parents=True, exist_ok=True)
    results = {"counties": args.counties, "years": args.years,
               "memory_limit": args.memory_limit, "threads": args.threads or os.cpu_count()}
    try:
        for stage in ("generate", "compile"):
            cmd = [sys.executable, __file__, "--stage", stage, "--dir", str(work),
                   "--counties", str(args.counties), "--years", args.years,
                   "--memory-limit", args.memory_limit]
            if args.threads:
                cmd += ["--threads", str(args.threads)]
            out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if out.returncode:
                print(out.stdout, out.stderr, file=sys.stderr)
                return out.returncode
            line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
            results[stage] = json.loads(line[7:])
            r = results[stage]
            rows = r.get("activity_rows", 0)
            print(f"{stage:<9} wall {r['wall_s']:8.1f} s  CPU {r['cpu_s']:8.1f} s  max RSS "
                  f"{r['max_rss_mb']:6,} MB  load {r['load_before'][0]}->{r['load_after'][0]}"
                  f"  {rows:,} rows  {rows / r['wall_s']:,.0f} rows/s wall  "
                  f"{rows / max(r['cpu_s'], 1e-9):,.0f} rows/s CPU", flush=True)
        for s in results["compile"]["stages"]:
            print(f"  {s['stage']:<36} wall {s['wall_s']:8.1f} s  CPU {s['cpu_s']:8.1f} s")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
