"""Side by side with bonsai-ipcc on identical inputs: the workbench's equation functions
(vectorised over every case at once, as the sector methods call them) against bonsai-ipcc's
published tier sequences (one call per case, as bonsai computes a set of regions and years).

For each method the same generated inputs go through both; the results must agree (to the
tolerance named per method, else the script stops with the method's name and exit 1); then
both are timed (CPU time, best of ``--repeat``) and the ratio is printed and written to
benchmarks/results/bonsai.json.

bonsai-ipcc is optional (extra ``bench``). Its dependencies pin numpy<2 and pandas<3, so it
usually lives in its own environment: ``make bench-bonsai-env`` creates ``.venv-bonsai``; the
bonsai half (benchmarks/bonsai_side.py) then runs there as a subprocess. It runs in-process when
bonsai_ipcc is importable here; ``GHGI_BONSAI_PYTHON`` names another interpreter. Without any of
them the script prints one line and exits 0.

Run: python benchmarks/bench_bonsai.py [--repeat 3] [--size small|full] [--method NAME ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent

from sectors.agriculture.livestock import (  # noqa: E402
    livestock_ch4_emissions,
    manure_ch4_emission_factor,
    volatile_solids_from_mass,
)
from sectors.ippu.mineral import cement_co2_from_cement, clinker_emission_factor  # noqa: E402
from sectors.waste.solid_waste_disposal import (  # noqa: E402
    ch4_generated,
    decomposable_doc,
    fod_decay,
    swds_ch4_emissions,
)

__all__ = ["METHODS", "Method", "bonsai_python", "compare", "run_bonsai"]

# ISO codes: bonsai validates every region against its dimension table
REGIONS = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
           "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "NO",
           "CH", "IS", "GB")
YEARS = tuple(range(1990, 2025))


@dataclass(frozen=True)
class Method:
    """One method both packages implement: inputs, our computation, how close they must be."""

    name: str
    what: str            # the equations on each side
    unit: str            # unit of the compared values (bonsai's)
    rtol: float          # agreement tolerance, relative
    why_rtol: str
    inputs: Callable[[str], dict]          # size -> inputs (lists, one entry per case)
    ours: Callable[[dict], np.ndarray]     # inputs -> values in ``unit``


def _grid(size: str, n_regions: int, n_years: int, extra: tuple = ("",)) -> list[tuple]:
    if size == "small":
        n_regions, n_years = min(n_regions, 2), min(n_years, 3)
    return [(r, y, e) for r in REGIONS[:n_regions] for y in YEARS[:n_years] for e in extra]


# ---------------------------------------------------------------- cement, Tier 1
def _cement_inputs(size: str) -> dict:
    cases = _grid(size, 31, 35)
    rng = np.random.default_rng(11)
    n = len(cases)
    return {"region": [c[0] for c in cases], "year": [c[1] for c in cases],
            "m_c": rng.uniform(5e5, 2e7, n).round(0).tolist(),          # t cement
            "c_cl": rng.uniform(0.6, 0.95, n).round(3).tolist(),        # clinker fraction
            "im_cl": rng.uniform(0, 5e4, n).round(0).tolist(),          # t clinker
            "ex_cl": rng.uniform(0, 5e4, n).round(0).tolist(),
            "cao_in_clinker": rng.uniform(0.6, 0.67, n).round(3).tolist(),
            "ckd_correc_fact": rng.uniform(1.0, 1.04, n).round(3).tolist()}


def _cement_ours(inp: dict) -> np.ndarray:
    a = {k: np.asarray(v, dtype=float) for k, v in inp.items() if k not in ("region", "year")}
    ef = clinker_emission_factor(a["cao_in_clinker"]) * a["ckd_correc_fact"]
    kt = cement_co2_from_cement(a["m_c"] / 1e3, a["c_cl"], a["im_cl"] / 1e3, a["ex_cl"] / 1e3, ef)
    return kt * 1e3                                                    # t CO2


# ---------------------------------------------------------------- enteric fermentation, Tier 1
_ANIMALS = ("cattle-dairy", "cattle-other", "sheep")


def _enteric_inputs(size: str) -> dict:
    cases = _grid(size, 10, 35, _ANIMALS)
    rng = np.random.default_rng(12)
    n = len(cases)
    return {"region": [c[0] for c in cases], "year": [c[1] for c in cases],
            "animal": [c[2] for c in cases],
            "n": rng.uniform(1e4, 5e6, n).round(0).tolist(),           # head
            "ef": rng.uniform(5, 130, n).round(1).tolist()}            # kg CH4 head-1 yr-1


def _enteric_ours(inp: dict) -> np.ndarray:
    return livestock_ch4_emissions(inp["ef"], inp["n"])               # kt = Gg CH4


# ---------------------------------------------------------------- manure CH4, Tier 1 (2019 VS)
_SYSTEMS = ("lagoon", "liquid-slurry", "solid-storage", "pasture")
_MCF = np.array([0.73, 0.27, 0.04, 0.0047])   # per system, fraction (illustrative, same both sides)


def _manure_inputs(size: str) -> dict:
    cases = _grid(size, 5, 35, ("cattle-dairy", "swine"))
    rng = np.random.default_rng(13)
    n = len(cases)
    ms = rng.dirichlet(np.ones(len(_SYSTEMS)), n).round(4)
    ms[:, -1] = 1.0 - ms[:, :-1].sum(axis=1)
    bo = np.where(np.array([c[2] for c in cases]) == "swine", 0.45, 0.24)   # m3 CH4 (kg VS)-1
    return {"region": [c[0] for c in cases], "year": [c[1] for c in cases],
            "animal": [c[2] for c in cases],
            "climate_zone": ["temperate-cool"] * n, "moisture_regime": ["moist"] * n,
            "n": rng.uniform(1e4, 2e6, n).round(0).tolist(),           # head
            "vs_rate": rng.uniform(3, 9, n).round(2).tolist(),         # kg VS (1000 kg)-1 d-1
            "tam": rng.uniform(60, 650, n).round(0).tolist(),          # kg head-1
            "ms": ms.tolist(), "bo": bo.tolist(), "mcf": [_MCF.tolist()] * n,
            # bonsai's per-system factor [g CH4 (kg VS)-1] = Bo x 0.67 x MCF x 1000
            "ef_vs": (bo[:, None] * 0.67 * _MCF[None, :] * 1000.0).tolist(),
            "systems": [list(_SYSTEMS)] * n}


def _manure_ours(inp: dict) -> np.ndarray:
    vs = volatile_solids_from_mass(inp["vs_rate"], inp["tam"])          # kg VS head-1 d-1
    weighted = (np.asarray(inp["mcf"]) * np.asarray(inp["ms"])).sum(axis=1)
    ef = manure_ch4_emission_factor(vs, inp["bo"], weighted)           # kg CH4 head-1 yr-1
    return livestock_ch4_emissions(ef, inp["n"]) * 1e6                  # kg CH4


# ---------------------------------------------------------------- solid waste disposal, FOD
_WASTE = {"msw_food": (0.15, 0.185), "msw_paper": (0.40, 0.06), "msw_wood": (0.43, 0.03)}  # DOC, k


def _fod_inputs(size: str) -> dict:
    # deposits constant over time per series: bonsai-ipcc 0.5.3's tier1_ch4 accumulates the
    # deposits newest first (benchmarks/README.md), which only a constant series leaves unchanged
    n_regions, years = (1, YEARS[:6]) if size == "small" else (2, YEARS)
    rng = np.random.default_rng(14)
    series = {}
    for r in REGIONS[:n_regions]:
        pop, rate, frac = round(rng.uniform(2e6, 2e7)), rng.uniform(0.3, 0.6), rng.uniform(0.4, 0.9)
        shares = rng.uniform(0.1, 0.4, len(_WASTE)).round(3).tolist()
        series[r] = {w: [(y, float(pop), round(rate, 3), round(frac, 3), t) for y in years]
                     for w, t in zip(_WASTE, shares, strict=True)}
    cases = [(r, w, y) for r in series for w in _WASTE for y in years[1:]]
    n = len(cases)
    return {"region": [c[0] for c in cases], "waste": [c[1] for c in cases],
            "year": [c[2] for c in cases], "first_year": [years[0]] * n, "series": [series] * n,
            "site": ["managed"] * n, "doc": [{w: v[0] for w, v in _WASTE.items()}] * n,
            "docf": [0.5] * n, "mcf": [1.0] * n, "ox": [0.1] * n, "f": [0.5] * n,
            "k": [{w: v[1] for w, v in _WASTE.items()}] * n}


def _fod_ours(inp: dict) -> np.ndarray:
    series, doc, k = inp["series"][0], inp["doc"][0], inp["k"][0]
    keys = [(r, w) for r in series for w in series[r]]
    rows = np.array([series[r][w] for r, w in keys], dtype=float)     # (series, years, 5)
    years = rows[0, :, 0].astype(int)
    waste = rows[:, :, 1] * rows[:, :, 2] * rows[:, :, 3] * rows[:, :, 4] / 1e3   # kt
    ddocm = decomposable_doc(waste, np.array([doc[w] for _, w in keys])[:, None],
                             inp["docf"][0], inp["mcf"][0])
    kk = np.array([k[w] for _, w in keys])[:, None]
    decomposed, _ = fod_decay(ddocm, kk, reaction_month=13.0)         # bonsai: no delay
    ch4 = swds_ch4_emissions(ch4_generated(decomposed, inp["f"][0]), 0.0, inp["ox"][0])
    at = {key: i for i, key in enumerate(keys)}
    col = {int(y): j for j, y in enumerate(years)}
    return np.array([ch4[at[(r, w)], col[y]] for r, w, y in
                     zip(inp["region"], inp["waste"], inp["year"], strict=True)])   # kt = Gg CH4


METHODS = {m.name: m for m in (
    Method("cement_tier1", "IPCC 2006 Vol.3 Ch.2 Eqs. 2.1, 2.4 (CO2 from cement output)", "t CO2",
           1e-3, "Eq. 2.4 prints 0.785 t CO2/t CaO (used here); bonsai computes 0.43971/0.5603 "
           "= 0.78478 from molar masses: 0.03 % apart", _cement_inputs, _cement_ours),
    Method("enteric_tier1", "IPCC 2006 Vol.4 Ch.10 Eq. 10.19 (head x default factor)", "Gg CH4",
           1e-9, "same arithmetic", _enteric_inputs, _enteric_ours),
    Method("manure_ch4_tier1", "2019 Refinement Vol.4 Ch.10 Eqs. 10.22A, 10.23 (VS x Bo x MCF "
           "over 4 systems)", "kg CH4", 1e-9, "same arithmetic", _manure_inputs, _manure_ours),
    Method("landfill_fod", "IPCC 2006 Vol.5 Ch.3 Eqs. 3.1-3.6 (FOD, no delay, 3 waste types, "
           "1990 deposits on)", "Gg CH4", 1e-9, "same arithmetic (closed form vs recursion)",
           _fod_inputs, _fod_ours),
)}


# ---------------------------------------------------------------- running bonsai
def bonsai_python() -> str | None:
    """The interpreter that has bonsai-ipcc: this one, $GHGI_BONSAI_PYTHON or .venv-bonsai."""
    if importlib.util.find_spec("bonsai_ipcc") is not None:
        return sys.executable
    for cand in (os.environ.get("GHGI_BONSAI_PYTHON"), str(ROOT / ".venv-bonsai/bin/python")):
        if cand and Path(cand).exists():
            return cand
    return None


def run_bonsai(specs: list[dict], python: str) -> list[dict]:
    """Each spec through benchmarks/bonsai_side.py, in-process or in ``python``."""
    if python == sys.executable:
        sys.path.insert(0, str(HERE))
        from bonsai_side import run
        return [run(s) for s in specs]
    # one process for all: importing bonsai-ipcc costs 10-20 s of CPU (it filters its
    # parameter tables row by row at import), more than most of the timed sequences
    p = subprocess.run([python, str(HERE / "bonsai_side.py")], input=json.dumps(specs),
                       capture_output=True, text=True, check=False)
    if p.returncode:
        raise RuntimeError(f"bonsai-ipcc failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout)


def compare(method: Method, ours: np.ndarray, theirs: list[float]) -> None:
    """Raise AssertionError naming the method and the worst case when the values disagree."""
    theirs = np.asarray(theirs, dtype=float)
    if ours.shape != theirs.shape:
        raise AssertionError(f"{method.name}: {ours.shape} values here, {theirs.shape} in bonsai")
    bad = ~np.isclose(ours, theirs, rtol=method.rtol, atol=0.0)
    if bad.any():
        i = int(np.argmax(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)))
        raise AssertionError(f"{method.name}: {int(bad.sum())} of {len(ours)} values differ "
                             f"beyond rtol {method.rtol} from bonsai-ipcc; worst case {i}: "
                             f"{ours[i]!r} here, {theirs[i]!r} in bonsai [{method.unit}]")


def _cpu(fn, repeat: int) -> float:
    """Best CPU seconds per call of ``fn``, looping each trial to at least 0.05 s."""
    loops, best = 1, float("inf")
    while True:
        t = time.process_time()
        for _ in range(loops):
            fn()
        spent = time.process_time() - t
        if spent >= 0.05:
            break
        loops *= 4
    best = spent / loops
    for _ in range(repeat - 1):
        t = time.process_time()
        for _ in range(loops):
            fn()
        best = min(best, (time.process_time() - t) / loops)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", choices=("small", "full"), default="full")
    ap.add_argument("--method", action="append", choices=sorted(METHODS))
    args = ap.parse_args(argv)
    python = bonsai_python()
    if python is None:
        print("bench_bonsai: bonsai-ipcc not installed (make bench-bonsai-env): skipped")
        return 0
    methods = [METHODS[m] for m in (args.method or METHODS)]
    inputs = {m.name: m.inputs(args.size) for m in methods}
    specs = [{"method": m.name, "repeat": args.repeat, "inputs": inputs[m.name]} for m in methods]
    theirs = run_bonsai(specs, python)
    rows = []
    for m, b in zip(methods, theirs, strict=True):
        ours = m.ours(inputs[m.name])
        try:
            compare(m, ours, b["values"])
        except AssertionError as e:
            print(f"bench_bonsai: DISAGREEMENT: {e}", file=sys.stderr)
            return 1
        cpu = _cpu(lambda m=m: m.ours(inputs[m.name]), args.repeat)
        rows.append({"method": m.name, "equations": m.what, "cases": len(ours),
                     "bonsai_calls": b["calls"], "bonsai_cpu_s": b["cpu_s"], "ours_cpu_s": cpu,
                     "ratio": b["cpu_s"] / cpu, "max_rel_diff": float(np.max(
                         np.abs(ours - b["values"]) / np.maximum(np.abs(b["values"]), 1e-300))),
                     "rtol": m.rtol})
    print(f"bonsai-ipcc {theirs[0]['version']} ({python}), best of {args.repeat}, CPU time, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'method':18} {'cases':>6} {'bonsai s':>9} {'ours ms':>9} {'ratio':>8} {'max rel diff':>13}")
    for r in rows:
        print(f"{r['method']:18} {r['cases']:6d} {r['bonsai_cpu_s']:9.2f} "
              f"{r['ours_cpu_s'] * 1e3:9.3f} {r['ratio']:7.0f}x {r['max_rel_diff']:13.1e}")
    out = HERE / "results" / "bonsai.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"bonsai_ipcc": theirs[0]["version"], "size": args.size,
                               "repeat": args.repeat, "load_average": os.getloadavg(),
                               "methods": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
