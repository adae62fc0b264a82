"""The SQLite submission store: archive, immutability, a writer killed with SIGKILL in the
middle of a submission, and the recalculation diff between two stored submissions with known
changes (CRT Table8), also through ``ghgi submit`` / ``ghgi compare``."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from inventory.analysis.recalculations import compare_series
from inventory.analysis.stage import compare_with_submission
from inventory.errors import InputError
from inventory.gases import co2_equivalent
from inventory.notation import NOTATION_DTYPE
from inventory.store import SubmissionStore, resolve_store_url, store_path

ROOT = Path(__file__).resolve().parent.parent


def emissions(rows) -> pd.DataFrame:
    """(year, category, fuel, gas, value or key) -> national emissions table (region DML)."""
    recs = []
    for year, cat, fuel, gas, v in rows:
        key = v if isinstance(v, str) else None
        recs.append({"region": "DML", "year": year, "category": cat, "activity": fuel,
                     "gas": gas, "value": np.nan if key else float(v), "notation_key": key,
                     "memo": False, "tier": 1, "method": "fuel_combustion_emissions",
                     "equation": "IPCC 2006 Vol.2 Ch.2 Eq. 2.1", "activity_value": np.nan,
                     "activity_unit": None, "ief": np.nan, "ief_unit": None,
                     "factor_layer": "ipcc_default", "factor_source": "test",
                     "activity_ids": "a", "parameter_ids": "p", "crt_category": cat})
    df = pd.DataFrame(recs)
    df["notation_key"] = df["notation_key"].astype(NOTATION_DTYPE)
    df["value_co2eq"] = co2_equivalent(df["value"], df["gas"], "AR5GWP100")
    df["gwp_set"] = "AR5GWP100"
    return df


PREVIOUS = emissions([
    (2019, "1.A.1.a", "natural_gas", "CO2", 90.0), (2020, "1.A.1.a", "natural_gas", "CO2", 100.0),
    (2019, "1.A.1.a", "natural_gas", "CH4", 1.0), (2020, "1.A.1.a", "natural_gas", "CH4", 1.0),
    (2019, "1.A.4.b", "natural_gas", "CO2", "NE"), (2020, "1.A.4.b", "natural_gas", "CO2", "NE"),
])
CURRENT = emissions([
    (2019, "1.A.1.a", "natural_gas", "CO2", 90.0),                 # unchanged
    (2020, "1.A.1.a", "natural_gas", "CO2", 110.0),                # recalculated +10 (+10 %)
    (2019, "1.A.1.a", "natural_gas", "CH4", 1.0),                  # 2020 CH4 dropped
    (2019, "1.A.4.b", "natural_gas", "CO2", "NE"),
    (2020, "1.A.4.b", "natural_gas", "CO2", 20.0),                 # NE -> 20
    (2020, "1.A.2.c", "natural_gas", "CO2", 5.0),                  # new series
])


def manifest(run_id: str) -> dict:
    return {"run_id": run_id, "project": "demoland", "party": "Demoland (synthetic)",
            "party_code": "DML", "gwp_set": "AR5GWP100", "years": [2019, 2020]}


def run_folder(tmp: Path, run_id: str, em: pd.DataFrame) -> Path:
    run = tmp / "outputs" / "demoland" / run_id
    run.mkdir(parents=True)
    em.to_parquet(run / "emissions.parquet", index=False)
    m = manifest(run_id)
    m["outputs"] = {"emissions.parquet": hashlib.sha256(
        (run / "emissions.parquet").read_bytes()).hexdigest()}
    (run / "manifest.json").write_text(json.dumps(m))
    return run


def test_urls_and_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("GHGI_STORE_URL", raising=False)
    assert store_path("sqlite:///outputs/s.sqlite") == Path("outputs/s.sqlite")
    assert store_path("sqlite:////tmp/s.sqlite") == Path("/tmp/s.sqlite")
    assert store_path(tmp_path / "x.sqlite") == tmp_path / "x.sqlite"
    with pytest.raises(InputError, match="not supported"):
        store_path("postgresql://host/db")
    run = tmp_path / "outputs" / "demoland" / "r1"
    assert resolve_store_url(None, run) == str(tmp_path / "outputs" / "submissions.sqlite")
    monkeypatch.setenv("GHGI_STORE_URL", "sqlite:///env.sqlite")
    assert resolve_store_url(None, run) == "sqlite:///env.sqlite"
    assert resolve_store_url("given.sqlite", run) == "given.sqlite"


def test_submit_archive_and_immutability(tmp_path):
    run = run_folder(tmp_path, "r1", PREVIOUS)
    store = SubmissionStore(tmp_path / "s.sqlite")
    sid = store.submit(run, label="first")
    assert sid == 1
    rec = store.get(sid)
    assert rec["label"] == "first" and rec["manifest"]["run_id"] == "r1"
    back = store.emissions(sid)
    assert len(back) == len(PREVIOUS)
    assert back["value"].sum() == pytest.approx(PREVIOUS["value"].sum())
    assert back["notation_key"].astype(object).tolist() == \
        PREVIOUS["notation_key"].astype(object).tolist()
    assert store.file(sid, "emissions.parquet") == (run / "emissions.parquet").read_bytes()
    con = sqlite3.connect(store.path)
    for sql in ("UPDATE submissions SET label = 'x'", "DELETE FROM submission_emissions",
                "DELETE FROM submission_files"):
        with pytest.raises(sqlite3.DatabaseError, match="immutable"):
            con.execute(sql)
    con.close()
    # a run folder changed after its manifest was written is refused
    (run / "emissions.parquet").write_bytes(b"changed")
    with pytest.raises(InputError, match="differs from its manifest"):
        store.submit(run)
    assert store.list()["id"].tolist() == [1]


def test_recalculation_diff_between_two_submissions(tmp_path):
    store = SubmissionStore(tmp_path / "s.sqlite")
    files = {"manifest.json": b"{}"}
    s1 = store.submit_frames(manifest("r1"), PREVIOUS, files, "2024 submission")
    s2 = store.submit_frames(manifest("r2"), CURRENT, files, "2025 submission")
    assert (s1, s2) == (1, 2)
    series = compare_series(store.emissions(s1), store.emissions(s2)).set_index(
        ["category", "gas", "year"])
    assert series.loc[("1.A.1.a", "CO2", 2019), "change"] == "unchanged"
    r = series.loc[("1.A.1.a", "CO2", 2020)]
    assert r["change"] == "recalculated"
    assert (r["previous"], r["latest"], r["difference"]) == pytest.approx((100, 110, 10))
    assert r["difference_pct"] == pytest.approx(10.0)
    assert series.loc[("1.A.1.a", "CH4", 2020), "change"] == "dropped"
    k = series.loc[("1.A.4.b", "CO2", 2020)]
    assert k["change"] == "notation key changed"
    assert k["previous_key"] == "NE" and k["latest"] == pytest.approx(20.0)
    assert series.loc[("1.A.2.c", "CO2", 2020), "change"] == "new"
    assert series.loc[("1.A.4.b", "CO2", 2019), "change"] == "unchanged"
    # Table8 rows (CRT nodes, kt CO2-eq with AR5 GWP CH4 = 28)
    store.set_reasons(s1, pd.DataFrame({"node": ["1.A.1.a"], "gas_group": ["CO2"],
                                        "reason": ["new plant-level NCV (Tier 2)"]}))
    t8, _ = compare_with_submission(store.emissions(s2), "AR5GWP100", store, s1)
    t8 = t8.set_index(["node", "gas_group", "year"])
    a = t8.loc[("1.A.1.a", "CO2", 2020)]
    assert (a["previous"], a["latest"], a["difference_pct"]) == pytest.approx((100, 110, 10))
    assert a["reason"] == "new plant-level NCV (Tier 2)"
    # total 2020: previous 100 + 1 x 28 = 128; latest 110 + 20 + 5 = 135 -> +7 (+5.46875 %)
    tot = t8.loc[("TOTAL", "Total", 2020)]
    assert (tot["previous"], tot["latest"]) == pytest.approx((128, 135))
    assert tot["difference_pct"] == pytest.approx(7 / 128 * 100)
    assert t8.loc[("TOTAL", "Total", 2019), "change"] == "unchanged"
    assert store.latest("DML") == s2 and store.latest("DML", exclude_run="r2") == s1


WRITER = textwrap.dedent("""
    import sys
    import pandas as pd
    from inventory.store import SubmissionStore
    store = SubmissionStore(sys.argv[1])
    em = pd.read_parquet(sys.argv[2])
    big = pd.concat([em] * 40_000, ignore_index=True)
    print("writing", flush=True)
    store.submit_frames({"run_id": "big", "party_code": "DML"}, big, {"m": b"{}"}, "big")
    print("done", flush=True)
""")


@pytest.mark.slow
def test_store_survives_writer_killed_mid_write(tmp_path):
    db = tmp_path / "s.sqlite"
    store = SubmissionStore(db)
    files = {"manifest.json": b"{}"}
    store.submit_frames(manifest("r1"), PREVIOUS, files, "one")
    store.submit_frames(manifest("r2"), CURRENT, files, "two")
    before = [store.emissions(i) for i in (1, 2)]
    src = tmp_path / "em.parquet"
    CURRENT.to_parquet(src, index=False)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(src)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        wal = Path(str(db) + "-wal")
        end = time.monotonic() + 60
        # the transaction is under way once the writer has spilled pages into the WAL
        while time.monotonic() < end and not (wal.exists() and wal.stat().st_size > 1 << 20):
            time.sleep(0.02)
        assert wal.stat().st_size > 1 << 20, "the writer never got going"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert "done" not in proc.stdout.read()
    store = SubmissionStore(db)
    assert store.integrity() == "ok"
    assert store.list()["label"].tolist() == ["one", "two"]
    for i, want in zip((1, 2), before, strict=True):
        pd.testing.assert_frame_equal(store.emissions(i), want)
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM submission_emissions").fetchone()[0] == \
        len(PREVIOUS) + len(CURRENT)
    con.close()
    assert store.submit_frames(manifest("r3"), CURRENT, files, "three") == 3


def test_cli_submit_and_compare(tmp_path, monkeypatch):
    from inventory.cli import main

    monkeypatch.delenv("GHGI_STORE_URL", raising=False)
    r1 = run_folder(tmp_path, "r1", PREVIOUS)
    r2 = run_folder(tmp_path, "r2", CURRENT)
    assert main(["submit", str(r1), "--label", "2024"]) == 0
    db = tmp_path / "outputs" / "submissions.sqlite"
    assert db.exists()
    assert main(["compare", str(r2), "--against", "1"]) == 0
    out = r2 / "recalculations" / "against_1"
    reasons = pd.read_csv(out / "reasons.csv", dtype=str, keep_default_na=False)
    assert {"node", "gas_group", "change", "reason"} <= set(reasons.columns)
    assert ("1.A.1.a", "CO2") in set(zip(reasons["node"], reasons["gas_group"], strict=True))
    reasons.loc[(reasons["node"] == "1.A.1.a") & (reasons["gas_group"] == "CO2"),
                "reason"] = "corrected fuel statistics"
    reasons.to_csv(tmp_path / "filled.csv", index=False)
    assert main(["compare", str(r2), "--against", "1", "--reasons",
                 str(tmp_path / "filled.csv")]) == 0
    t8 = pd.read_csv(out / "recalculations.csv", dtype={"node": str})
    row = t8[(t8["node"] == "1.A.1.a") & (t8["gas_group"] == "CO2") & (t8["year"] == 2020)]
    assert row["reason"].tolist() == ["corrected fuel statistics"]
    import openpyxl

    wb = openpyxl.load_workbook(out / "Table8_Demoland_synthetic_2020.xlsx", read_only=True)
    assert wb.sheetnames == ["Table8s1", "Table8s2"]
    text = [c for r in wb["Table8s2"].iter_rows(values_only=True) for c in r
            if isinstance(c, str)]
    assert "corrected fuel statistics" in text
    assert main(["compare", str(r2), "--against", "9"]) == 2   # unknown id: a clear error
