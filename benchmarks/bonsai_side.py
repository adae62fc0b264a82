"""The bonsai-ipcc half of ``bench_bonsai.py``: loads the benchmark's inputs into bonsai-ipcc's
parameter tables and runs bonsai's published tier sequences once per case, timing the
sequence calls (CPU time of this process, best of ``repeat``).

It imports nothing of the workbench, so it runs in any interpreter that has bonsai-ipcc:
in-process when bonsai-ipcc is importable next to the workbench, otherwise as
``<bonsai python> benchmarks/bonsai_side.py`` with a list of specs as JSON on stdin and the
list of results as JSON on stdout (bonsai-ipcc 0.5.3 pins numpy<2 and pandas<3 through its dependencies
bonsai_dataio and fitter, so it cannot share the workbench's environment: see
benchmarks/README.md).

Spec: ``{"method": name, "repeat": n, "inputs": {...}}`` (lists of plain values, one entry per
case, made by ``bench_bonsai.py``). Result: ``{"values": [...], "cpu_s": best, "calls": n,
"version": bonsai_ipcc.__version__}``; ``values`` in the unit named in ``bench_bonsai.py``.
"""

from __future__ import annotations

import json
import logging
import sys
import time

import pandas as pd

__all__ = ["run"]


def _table(module, name: str, rows: dict, unit: str = "") -> None:
    """Replace bonsai parameter table ``name`` by ``rows`` ({coords tuple: value}) at property
    'def', with the index names of the shipped table."""
    names = list(getattr(module.parameter, name).index.names)
    keyed = "property" in names
    index = [tuple(k) + (("def",) if keyed else ()) for k in rows]
    if len(names) == 1:
        index = pd.Index([i[0] for i in index], name=names[0])
    else:
        index = pd.MultiIndex.from_tuples(index, names=names)
    df = pd.DataFrame({"value": list(rows.values()), "unit": unit}, index=index)
    setattr(module.parameter, name, df)


def _cases(inp: dict) -> list[dict]:
    n = len(next(iter(inp.values())))
    return [{k: v[i] for k, v in inp.items()} for i in range(n)]


# ---------------------------------------------------------------- one setup + runner per method
def _cement_tier1(inp: dict):
    from bonsai_ipcc.industry import mineral as m

    cases = _cases(inp)
    for name in ("m_c", "c_cl", "im_cl", "ex_cl"):
        _table(m, name, {(c["year"], c["region"], "portland"): c[name] for c in cases})
    for name in ("cao_in_clinker", "ckd_correc_fact"):
        _table(m, name, {(c["year"], c["region"]): c[name] for c in cases})

    def run():
        return [m.sequence.tier1_co2_cement(year=c["year"], region=c["region"], product="portland",
                                            uncertainty="def").co2_emissions_tier1_.value
                for c in cases]
    return run


def _enteric_tier1(inp: dict):
    from bonsai_ipcc.agriculture import livestock_manure as lm

    cases = _cases(inp)
    _table(lm, "ef", {(c["year"], c["region"], c["animal"]): c["ef"] for c in cases})
    _table(lm, "n", {(c["year"], c["region"], c["animal"]): c["n"] for c in cases})

    def run():
        return [lm.sequence.tier1_ch4_enteric(year=c["year"], region=c["region"],
                                              product=c["animal"], uncertainty="def").e.value
                for c in cases]
    return run


def _manure_ch4_tier1(inp: dict):
    """One bonsai sequence call per (case, manure system), summed over the systems (bonsai's
    tier1_ch4_manure takes one system per call)."""
    from bonsai_ipcc.agriculture import livestock_manure as lm

    cases = _cases(inp)
    systems = inp["systems"][0]
    key = [(c["year"], c["region"], c["animal"]) for c in cases]
    _table(lm, "n", dict(zip(key, inp["n"], strict=True)))
    _table(lm, "vs_rate", dict(zip(key, inp["vs_rate"], strict=True)))
    _table(lm, "weight", dict(zip(key, inp["tam"], strict=True)))
    _table(lm, "ms", {k + (s,): c["ms"][j] for k, c in zip(key, cases, strict=True)
                      for j, s in enumerate(systems)})
    animals = sorted({c["animal"] for c in cases})
    ef = {}
    for c in cases:   # g CH4 (kg VS)-1 of each system: Bo x 0.67 x MCF x 1000 (2019 Eq. 10.23A)
        for j, s in enumerate(systems):
            ef[(c["animal"], s, c["climate_zone"], c["moisture_regime"])] = c["ef_vs"][j]
    assert {k[0] for k in ef} == set(animals)
    _table(lm, "ef_ch4_v4c10", ef)

    def run():
        out = []
        for c in cases:
            total = 0.0
            for s in systems:
                total += lm.sequence.tier1_ch4_manure(
                    year=c["year"], region=c["region"], animal=c["animal"], activity=s,
                    climate_zone=c["climate_zone"], moisture_regime=c["moisture_regime"],
                    uncertainty="def").ch4_mm.value
            out.append(total)
        return out
    return run


def _landfill_fod(inp: dict):
    """bonsai's tier1_ch4 gives one year's CH4 of one waste type in one region and recomputes
    the deposits and the decay of ``past_years`` before it on every call: a time series is one
    call per year."""
    from bonsai_ipcc.waste import swd

    cases = _cases(inp)   # one case = (region, waste type, report year)
    first = inp["first_year"][0]
    series = inp["series"][0]   # {region: {waste: [(year, pop, rate, frac_swds, type_frac)]}}
    site = inp["site"][0]
    pop, rate, frac, tfrac, sfrac = {}, {}, {}, {}, {}
    for region, by_waste in series.items():
        for waste, rows in by_waste.items():
            for year, p, r, f, t in rows:
                pop[(year, region)] = p
                rate[(year, region)] = r
                frac[(year, region)] = f
                tfrac[(year, region, waste)] = t
                sfrac[(year, region, site)] = 1.0
    _table(swd, "urb_population", pop)
    _table(swd, "msw_gen_rate", rate)
    _table(swd, "msw_frac_to_swds", frac)
    _table(swd, "msw_type_frac", tfrac)
    _table(swd, "swdstype_frac", sfrac)
    regions = sorted(series)
    wastes = sorted({w for s in series.values() for w in s})
    doc, docf, k = inp["doc"][0], inp["docf"][0], inp["k"][0]
    _table(swd, "doc", {(r, w, "wet"): doc[w] for r in regions for w in wastes})
    _table(swd, "doc_f", {(r, w): docf for r in regions for w in wastes})
    _table(swd, "mcf", {(site,): inp["mcf"][0]})
    _table(swd, "ox", {(site,): inp["ox"][0]})
    _table(swd, "f", {(): inp["f"][0]})
    _table(swd, "r_swd", {(y, r, site): 0.0 for (y, r) in pop})
    _table(swd, "climate_zone", {(r,): "boreal_temperate" for r in regions})
    _table(swd, "moisture_regime", {(r,): "wet" for r in regions})
    _table(swd, "k", {(w, "wet", "boreal_temperate"): k[w] for w in wastes})

    def run():
        return [swd.sequence.tier1_ch4(year=c["year"], region=c["region"], product=c["waste"],
                                       wastemoisture="wet", past_years=c["year"] - first,
                                       activity=site, uncertainty="def").ch4_emissions.value
                for c in cases]
    return run


METHODS = {"cement_tier1": _cement_tier1, "enteric_tier1": _enteric_tier1,
           "manure_ch4_tier1": _manure_ch4_tier1, "landfill_fod": _landfill_fod}


def run(spec: dict) -> dict:
    """Run one method's cases through bonsai-ipcc: values and the best CPU time."""
    import bonsai_ipcc

    logging.disable(logging.INFO)   # bonsai logs every sequence step at INFO
    runner = METHODS[spec["method"]](spec["inputs"])
    best, values = float("inf"), None
    for _ in range(int(spec.get("repeat", 3))):
        t = time.process_time()
        values = runner()
        best = min(best, time.process_time() - t)
    return {"values": [float(v) for v in values], "cpu_s": best, "calls": len(values),
            "version": bonsai_ipcc.__version__}


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")   # bonsai's pandas FutureWarnings would flood stderr
    json.dump([run(spec) for spec in json.load(sys.stdin)], sys.stdout)
