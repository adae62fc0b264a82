"""Re-running one sector notebook in the lab after a tier change, against a full compile.

What a compiler does in JupyterLab (``ghgi lab``), without the browser: a kernel started the
way the lab starts it (``GHGI_PROJECT``, ``GHGI_RUN_DIR`` in its environment) runs every cell
of the workspace copy of ``02_energy.py`` on a copy of the Demoland project:

1. first *Run All* in a fresh working run (the intake with its validation runs first);
2. *Run All* again, nothing changed (intake reused, the sector runs);
3. a tier changed in ``inventory.yml`` (the residual fuel use of 1.A.1.a beside its Tier 3
   plants, ``options.energy.tier3_residual_tier``, 2 -> 1), *Run All* in the same kernel: the
   intake (inventory.yml changed), the energy stage and the charts run again, no other sector;
4. an input file changed (one byte appended to a copy): the intake runs again first.

``--compile`` also times ``ghgi compile`` of the same project (the alternative before the lab).
Writes benchmarks/results/lab.json.

    python benchmarks/bench_lab.py [--project demo/demoland] [--compile]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from inventory.lab import lab_env, prepare_workspace  # noqa: E402
from inventory.project import load_config  # noqa: E402

CPU = ("import resource as _r; _u = _r.getrusage(_r.RUSAGE_SELF); "
       "print(f'cpu={_u.ru_utime + _u.ru_stime}')")


def run_all(kc, cells: list[str], cpu: list[float]) -> tuple[float, str]:
    """Execute the cells in order in the kernel; the wall time and the text printed. The
    kernel's CPU seconds for the cells are appended to ``cpu`` (a figure the other users
    of a shared machine do not inflate)."""
    out, t = [], time.perf_counter()
    for code in [CPU, *cells, CPU]:
        msg_id = kc.execute(code, store_history=True)
        while True:
            msg = kc.get_iopub_msg(timeout=900)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                raise RuntimeError("a cell failed:\n" + "\n".join(content["traceback"]))
            elif kind == "status" and content["execution_state"] == "idle":
                break
    text = "".join(out)
    marks = [float(x) for x in re.findall(r"^cpu=([0-9.]+)$", text, re.M)]
    cpu.append(marks[-1] - marks[0])
    return time.perf_counter() - t, text


def _cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", type=Path, default=ROOT / "demo" / "demoland")
    ap.add_argument("--compile", action="store_true", help="also time ghgi compile")
    args = ap.parse_args()

    import jupytext
    from jupyter_client.manager import start_new_kernel

    tmp = Path(tempfile.mkdtemp(prefix="bench-lab-"))
    try:
        project_dir = shutil.copytree(args.project, tmp / "project")
        project = load_config(project_dir)
        ws = prepare_workspace(project, tmp / "lab")
        env = lab_env(project, ws, tmp / "out")
        nb = jupytext.read(ws.notebooks / "02_energy.py")
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(ws.notebooks))
        figures, cpu = {}, []
        try:
            figures["first run all (intake + validation + energy + charts)"], _ = run_all(
                kc, cells, cpu)
            figures["run all again, nothing changed"], out = run_all(kc, cells, cpu)
            assert "every stage up to intake is current" in out, out[:2000]

            cfg_path = project_dir / "inventory.yml"
            cfg = yaml.safe_load(cfg_path.read_text())
            cfg["options"]["energy"]["tier3_residual_tier"]["1.A.1.a"] = 1
            cfg_path.write_text(yaml.safe_dump(cfg, sort_keys=False))
            figures["run all after a tier change (1.A.1.a residual 2 -> 1)"], out = run_all(
                kc, cells, cpu)
            assert "stale: intake" in out and "computing ippu" not in out

            data = next((project_dir / "data").glob("*.xlsx"))
            data.write_bytes(data.read_bytes() + b"\0")
            figures["run all after an input file changed (intake again)"], out = run_all(
                kc, cells, cpu)
            assert "reading inputs" in out
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        if args.compile:
            from inventory.runner import compile_project

            t, c = time.perf_counter(), _cpu()
            compile_project(args.project, tmp / "compiled", run_id="bench")
            figures["ghgi compile of the same project (every stage, every sector)"] = (
                time.perf_counter() - t)
            cpu.append(_cpu() - c)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    width = max(map(len, figures))
    print(f"{'':<{width}}  {'wall':>9}  {'CPU':>9}")
    for (name, seconds), used in zip(figures.items(), cpu, strict=True):
        print(f"{name:<{width}}  {seconds:7.1f} s  {used:7.1f} s")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "lab.json").write_text(json.dumps(
        {"project": str(args.project), "cores": os.cpu_count(), "load": os.getloadavg(),
         "seconds": figures, "cpu_seconds": dict(zip(figures, cpu, strict=True))},
        indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
