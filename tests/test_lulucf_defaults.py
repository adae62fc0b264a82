"""Every LULUCF default row agrees with the IPCC Emission Factor Database row it cites.

The reference is the EFDB export ``../shared/reference/efdb_ipcc_defaults.csv.gz`` (or
``$GHGI_REFERENCE_DIR``); the product never reads it, and this test is skipped when it is
absent. A row without an EF ID says why in ``efdb_note``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "sectors" / "lulucf" / "data"
NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"


def _reference() -> Path | None:
    for folder in (os.environ.get("GHGI_REFERENCE_DIR"), ROOT.parent / "shared" / "reference",
                   ROOT.parent.parent / "shared" / "reference"):
        if folder and (Path(folder) / "efdb_ipcc_defaults.csv.gz").exists():
            return Path(folder) / "efdb_ipcc_defaults.csv.gz"
    return None


def _parse(text: str):
    s = str(text).strip()
    if m := re.fullmatch(rf"({NUM})", s):
        return float(m[1]), None, None
    if m := re.fullmatch(rf"({NUM})\s*\(\s*({NUM})\s*[-?]\s*({NUM})\s*\)?", s):
        return float(m[1]), float(m[2]), float(m[3])
    if m := re.fullmatch(rf"({NUM})\s*\+/-\s*({NUM})", s):
        return float(m[1]), float(m[1]) - float(m[2]), float(m[1]) + float(m[2])
    return None


def _tables() -> pd.DataFrame:
    frames = []
    for p in sorted(DATA.glob("*.csv")):
        head = next(line for line in p.read_text().splitlines() if not line.startswith("#"))
        if head.startswith("parameter,"):
            df = pd.read_csv(p, comment="#", dtype=str, keep_default_na=False)
            frames.append(df.assign(file=p.name))
    return pd.concat(frames, ignore_index=True)


def test_every_row_has_an_edition_and_an_ef_id_or_a_note():
    t = _tables()
    assert set(t["edition"]) <= {"2006", "2019R", "2006+2019R"}
    no_id = t[t["efdb_id"].str.strip() == ""]
    assert (no_id["efdb_note"].str.len() > 20).all(), no_id[["file", "parameter", "activity"]]


def test_values_agree_with_the_efdb():
    ref = _reference()
    if ref is None:
        pytest.skip("EFDB reference not found (shared/reference/efdb_ipcc_defaults.csv.gz)")
    efdb = pd.read_csv(ref, dtype=str).set_index("EF ID")
    t = _tables()
    problems = []
    for r in t[t["efdb_id"].str.strip() != ""].itertuples(index=False):
        for ef in r.efdb_id.split():
            ref_row = efdb.loc[ef]
            parsed = _parse(ref_row["Value"])
            if parsed is None:
                problems.append(f"{r.file} {r.activity}: EF ID {ef} value {ref_row['Value']!r}")
                continue
            v, lo, hi = parsed
            if abs(float(r.value) - v) > 1e-9 * max(1, abs(v)):
                problems.append(f"{r.file} {r.parameter} {r.activity}: {r.value} != {v} ({ef})")
            if lo is not None and r.lower and abs(float(r.lower) - lo) > 1e-6 * max(1, abs(lo)):
                problems.append(f"{r.file} {r.activity}: lower {r.lower} != {lo} ({ef})")
            if hi is not None and r.upper and abs(float(r.upper) - hi) > 1e-6 * max(1, abs(hi)):
                problems.append(f"{r.file} {r.activity}: upper {r.upper} != {hi} ({ef})")
            typ = str(ref_row["Type of parameter"])
            if r.edition == "2019R":
                ok = "2019" in typ
            elif r.edition == "2006":
                ok = "2006" in typ
            else:   # 2006+2019R: a 2006 row (or a Wetlands Supplement row serving both)
                ok = "2006" in typ or "2013 WS" in typ or "2019" in typ
            if not ok:
                problems.append(f"{r.file} {r.activity}: edition {r.edition} cites {typ} ({ef})")
    assert not problems, "\n".join(problems[:20])
