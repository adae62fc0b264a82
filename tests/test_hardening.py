"""Faults, paths and processes (issue 13): what the malformed-input suite cannot show with one
broken input file. CSV neutralisation, units and domains against the shipped defaults, the
previous-submission completeness check, duplicate submissions, one-line messages for the
other commands (review, compare, submit, demo, template), disk full, a read-only outputs
folder, unexpected errors with a log file, SIGTERM, workers that die with their parent, the
run-folder lock, ghgi clean, the kept validation report, Unicode file names, a sparse
300,000-row workbook."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from inventory.cli import main
from inventory.errors import InputError
from tests.malformed import Template, build_case, write_book

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project_copy(tmp_path, small_project) -> Path:
    dst = tmp_path / "proj"
    shutil.copytree(small_project, dst)
    return dst


def _cli(argv, capsys) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def _nothing_left(out: Path) -> None:
    left = [p for p in out.rglob("*") if ".logs" not in p.parts] if out.exists() else []
    assert left == [], left


# ------------------------------------------------------------------ S16: CSV outputs
def test_csv_outputs_neutralise_formula_leading_text(tmp_path):
    from inventory.csvsafe import write_csv

    df = pd.DataFrame({
        "region": ['=HYPERLINK("http://x","y")', "+cmd", "@SUM(A1)", "\tx", "\rx", "-x", "NTH"],
        "text_number": ["-12.5", "+3", "1e5", "-1e-3", "-", "=1", "7"],
        "value": [-1.5, -2e-9, 3.0, np.nan, 0.0, -0.0, 1e6]})
    path = tmp_path / "out.csv"
    write_csv(df, path)
    back = pd.read_csv(path, dtype={"region": str, "text_number": str}, keep_default_na=False)
    assert back["region"].tolist()[:6] == ["'" + v.replace("\r", "\n")
                                           for v in df["region"][:6]]
    assert back["region"].iloc[6] == "NTH"
    assert back["text_number"].tolist() == ["-12.5", "+3", "1e5", "-1e-3", "'-", "'=1", "7"]
    got = pd.read_csv(path)["value"]
    assert np.allclose(got.fillna(99), df["value"].fillna(99))  # negative numbers untouched


def test_every_core_csv_goes_through_the_neutraliser():
    """No raw DataFrame.to_csv in the core: inventory.csvsafe.write_csv is the one writer."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "inventory").rglob("*.py")
                 if ".to_csv(" in p.read_text(encoding="utf-8") and p.name != "csvsafe.py"]
    assert offenders == []


# ------------------------------------------------------------------ units and domains
def test_default_tables_satisfy_the_declared_domains_and_units():
    from inventory.domains import check_domains, domain_rules
    from inventory.factors import GUIDELINES, default_tables
    from inventory.units import check_input_unit

    for guidelines in GUIDELINES:       # the defaults of both editions
        d = default_tables(guidelines)
        check_domains(d, lambda i, col, d=d: f"{d['source_ref'].iloc[i]}, {col}")
        for u in d["unit"].unique():
            check_input_unit(u)
        assert set(d["parameter"]) <= set(domain_rules()["parameter"])
    rules = domain_rules()
    assert {"NCV", "EF", "carbon_content", "oxidation", "msw_fraction"} <= set(rules["parameter"])
    assert not rules.duplicated(["parameter", "categories"]).any()


def test_unit_Mt_is_a_megatonne_and_mt_is_refused(small_project, tmp_path):
    from inventory.io.readers import read_inputs
    from inventory.project import load_config
    from tests.malformed import Case

    template = Template.parse(small_project)
    base, _, _ = read_inputs(load_config(small_project))
    row = base[base["source_ref"].str.contains("sheet 'Energy', row 2,")]
    for unit, factor in (("Mt", 1000.0), ("10^4 t", 10.0), ("Gg", 1.0)):
        proj = build_case(Case("u", "S07", "accepted", "",
                               sheets=lambda s, u=unit: s.set("Energy", "unit", 2, u)),
                          template, tmp_path / unit.replace(" ", "").replace("^", ""))
        act, _, _ = read_inputs(load_config(proj))
        got = act[act["source_ref"].str.contains("sheet 'Energy', row 2,")]
        assert np.allclose(got["value"].to_numpy(), row["value"].to_numpy() * factor)
        assert set(got["unit"]) == {"kt"}
    proj = build_case(Case("m", "S07", "error", "",
                           sheets=lambda s: s.set("Energy", "unit", 2, "mt")),
                      template, tmp_path / "mt")
    with pytest.raises(InputError, match=r"unit 'mt' is not accepted.*did you mean 'Mt'"):
        read_inputs(load_config(proj))


def test_implausible_parameter_is_a_finding_not_an_error():
    from inventory.domains import implausible_parameters
    from inventory.factors import default_tables

    d = default_tables()
    own = pd.DataFrame([
        {"parameter": "NCV", "category": "*", "activity": "natural_gas", "gas": "-",
         "region": "*", "year_from": 1900, "year_to": 2100, "value": 600.0, "unit": "TJ/kt",
         "layer": "national", "source_ref": "x"},
        {"parameter": "NCV", "category": "*", "activity": "natural_gas", "gas": "-",
         "region": "*", "year_from": 1900, "year_to": 2100, "value": 48.0, "unit": "TJ/kt",
         "layer": "provincial", "source_ref": "y"}])
    found = implausible_parameters(own, d, factor=10)
    assert found["source_ref"].tolist() == ["x"]
    assert found["ipcc_high"].iloc[0] < 60


# ------------------------------------------------------------------ S06: previous submission
@pytest.fixture(scope="module")
def store_with_small_run(small_run, tmp_path_factory) -> tuple[Path, str]:
    from inventory.store import SubmissionStore

    db = tmp_path_factory.mktemp("store") / "submissions.sqlite"
    sid = SubmissionStore(db).submit(small_run, label="previous")
    assert sid == 1
    return small_run, str(db)


def test_fuel_in_previous_submission_absent_now_is_a_finding(store_with_small_run,
                                                             small_project):
    from inventory.pipeline import load_stage
    from inventory.products import RunContext
    from inventory.project import load_config
    from inventory.qa import _dropped_since_submission

    run, db = store_with_small_run
    em = pd.read_parquet(run / "emissions.parquet")
    gone = (em["category"] == "1.A.4.b") & (em["activity"] == "lpg") & (em["region"] == "NTH")
    assert gone.any()
    project = load_config(small_project)   # compare_against: none in the small project
    project = dataclasses.replace(project, raw={**project.raw, "options": {
        **project.options, "analysis": {"compare_against": "latest"}}})
    ctx = RunContext(project, load_stage(run, "activity"), load_stage(run, "parameters"), None,
                     em[~gone].reset_index(drop=True), run_dir=run.parent / ".new.tmp",
                     run_id="new", store_url=db)
    found = _dropped_since_submission(ctx)
    assert set(zip(found["region"], found["category"], found["activity"], strict=True)) == {
        ("NTH", "1.A.4.b", "lpg")}
    assert set(found["now"]) == {"absent"}
    # the same emissions as submitted: nothing dropped
    same = RunContext(project, ctx.activity, ctx.parameters, None, em, run_dir=ctx.run_dir,
                      run_id="new", store_url=db)
    assert _dropped_since_submission(same).empty


def test_series_with_a_number_last_year_and_NE_now_is_a_finding(small_project):
    from inventory.io.readers import read_inputs
    from inventory.products import RunContext
    from inventory.project import load_config
    from inventory.qa import _series_dropped

    project = load_config(small_project)
    act, par, _ = read_inputs(project)
    assert _series_dropped(RunContext(project, act, par, None, None)).empty
    hit = (act["year"] == 2023) & act["value"].notna()
    first = act[hit].index[0]
    act = act.copy()
    act.loc[first, "value"] = np.nan
    act.loc[first, "notation_key"] = "NE"
    act = act.drop(index=act[hit].index[1])            # and one row removed outright
    found = _series_dropped(RunContext(project, act, par, None, None))
    assert sorted(found["now"]) == ["NE", "absent"]
    assert set(found["year"]) == {2023}


# ------------------------------------------------------------------ submissions and CLI
def test_same_run_submitted_twice_is_refused(store_with_small_run, capsys):
    run, db = store_with_small_run
    code, text = _cli(["submit", run, "--db", db], capsys)
    assert code == 2
    assert "already archived as submission 1" in text


def test_review_of_a_folder_that_does_not_exist(capsys, tmp_path):
    code, text = _cli(["review", tmp_path / "nonexistent"], capsys)
    assert code == 2 and text.startswith("error:") and "nonexistent" in text
    assert len(text.strip().splitlines()) == 1


def test_compare_with_a_wrong_reasons_file(store_with_small_run, capsys, tmp_path):
    run, db = store_with_small_run
    bad = tmp_path / "reasons.csv"
    bad.write_text("node;gas_group;reason\n1.A;CO2;new statistics\n")
    code, text = _cli(["compare", run, "--against", 1, "--db", db, "--reasons", bad,
                       "--out", tmp_path / "cmp"], capsys)
    assert code == 2
    assert "columns ['node', 'gas_group', 'reason'] are missing" in text
    assert "semicolons" in text and "reasons.csv" in text
    code, text = _cli(["compare", run, "--against", 1, "--db", db, "--reasons",
                       tmp_path / "none.csv", "--out", tmp_path / "cmp"], capsys)
    assert code == 2 and "no such file" in text
    code, text = _cli(["compare", tmp_path, "--against", 1, "--db", db], capsys)
    assert code == 2 and "not a run folder" in text


@pytest.mark.parametrize("argv, pattern", [
    (["submit", "/nonexistent/run"], "no manifest.json"),
    (["submissions", "--db", "/nonexistent/x.sqlite"], "no submission store"),
    (["demo", "{tmp}/d", "--years", "abc"], "--years 'abc'"),
    (["demo", "{tmp}/d", "--sectors", "energy,lulucf2"], r"unknown sector\(s\) \['lulucf2'\]"),
    (["compile", "{tmp}/nothing"], "project folder not found"),
    (["check", "{tmp}/nothing"], "project folder not found"),
])
def test_other_commands_fail_with_one_message(argv, pattern, tmp_path, capsys):
    import re

    code, text = _cli([a.format(tmp=tmp_path) for a in argv], capsys)
    assert code == 2, text
    assert re.search(pattern, text), text
    assert len([line for line in text.splitlines() if line.startswith("error:")]) == 1


def test_template_written_onto_a_folder(project_copy, capsys):
    (project_copy / "outdir.xlsx").mkdir()
    code, text = _cli(["template", project_copy, "-o", project_copy / "outdir.xlsx"], capsys)
    assert code == 2 and "is a folder" in text


# ------------------------------------------------------------------ faults while writing
def test_disk_full_is_one_message_and_leaves_nothing(project_copy, tmp_path, capsys,
                                                     monkeypatch):
    import inventory.pipeline as pipeline

    def full(df, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pipeline, "_write_parquet", full)
    out = tmp_path / "out"
    code, text = _cli(["compile", project_copy, "--out", out, "--no-validate", "--quiet"],
                      capsys)
    assert code == 2
    assert "no space left on the device" in text and "input_activity.parquet" in text
    assert len(text.strip().splitlines()) == 1
    _nothing_left(out)


def test_read_only_outputs_folder(project_copy, tmp_path, capsys, monkeypatch):
    import inventory.atomic as atomic

    def denied(*a, dir=None, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(atomic.tempfile, "mkdtemp", denied)
    out = tmp_path / "out"
    code, text = _cli(["compile", project_copy, "--out", out, "--quiet"], capsys)
    assert code == 2 and "permission denied" in text and str(out) in text
    _nothing_left(out)


def test_unreadable_workbook(project_copy, tmp_path, capsys, monkeypatch):
    real_open = Path.open

    def guarded(self, *a, **k):
        if self.name == "small.xlsx":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", guarded)
    code, text = _cli(["compile", project_copy, "--out", tmp_path / "out", "--quiet"], capsys)
    assert code == 2 and "small.xlsx" in text and "permission denied" in text


def test_unexpected_error_prints_a_short_message_and_the_log(project_copy, tmp_path, capsys,
                                                             monkeypatch):
    import inventory.runner as runner

    def boom(self):
        raise ZeroDivisionError("division by zero in a place nobody expected")

    monkeypatch.setattr(runner.Run, "compile", boom)
    out = tmp_path / "out"
    code, text = _cli(["compile", project_copy, "--out", out, "--quiet"], capsys)
    assert code == 3
    assert text.startswith("internal error: ZeroDivisionError: division by zero")
    log = Path(text.strip().splitlines()[-1].split(" is in ")[1].split(" (")[0])
    assert log.parent == out / ".logs" and log.exists()
    assert "Traceback" in log.read_text() and "ZeroDivisionError" in log.read_text()
    _nothing_left(out)


def test_failed_validation_keeps_its_report(project_copy, tmp_path, capsys, monkeypatch):
    import validation.run as vrun

    def failing(activity, parameters, **kw):
        findings = pd.DataFrame([{"table": "activity", "expectation": "expect_x",
                                  "column": "value", "source_ref": "file small.xlsx, row 2",
                                  "observed": "1", "expected": "2"}])
        return vrun.ValidationReport(False, findings)

    monkeypatch.setattr(vrun, "validate_tables", failing)
    out = tmp_path / "out"
    code, text = _cli(["compile", project_copy, "--out", out, "--run-id", "r1", "--quiet"],
                      capsys)
    assert code == 2
    kept = out / "small" / "failed" / "r1" / "validation.json"
    assert f"report kept: {kept}" in text
    assert json.loads(kept.read_text())["success"] is False
    assert (out / "small" / "failed" / "r1" / "checks.csv").exists()
    assert not (out / "small" / "r1").exists()
    assert not [p for p in (out / "small").iterdir() if p.name.startswith(".")]


# ------------------------------------------------------------------ processes
def test_second_writer_of_a_run_folder_is_refused(project_copy, tmp_path):
    from inventory.locks import lock_path, run_lock
    from inventory.runner import compile_project

    target = tmp_path / "out" / "small" / "same-id"
    with run_lock(target):
        with pytest.raises(InputError, match=r"being written by another process \(pid \d+\)"):
            compile_project(project_copy, tmp_path / "out", run_id="same-id")
    assert not lock_path(target).exists()


def test_run_ids_stay_inside_the_outputs_root(project_copy, tmp_path):
    from inventory.runner import compile_project

    for bad in ("../x", "/abs", "..", ".hidden", "a/b"):
        with pytest.raises(InputError, match="run id"):
            compile_project(project_copy, tmp_path / "out", run_id=bad)
    _nothing_left(tmp_path / "out")


def test_clean_lists_and_removes_stale_temporaries(tmp_path, capsys):
    from inventory.locks import run_lock

    proj = tmp_path / "out" / "small"
    stale = proj / ".20260101T000000Z-dead.abc123.tmp"
    (stale / "crt").mkdir(parents=True)
    (stale / "crt" / "x.xlsx").write_bytes(b"0" * 1000)
    (proj / ".old-run.lock").write_text("123")
    live = proj / ".live.def456.tmp"
    live.mkdir()
    with run_lock(proj / "live"):
        code, text = _cli(["clean", "--out", tmp_path / "out"], capsys)
        assert code == 0 and str(stale) in text and ".old-run.lock" in text
        assert str(live) not in text
        code, text = _cli(["clean", "--out", tmp_path / "out", "--remove"], capsys)
        assert code == 0 and not stale.exists() and not (proj / ".old-run.lock").exists()
        assert live.exists()
    code, text = _cli(["clean", "--out", tmp_path / "out"], capsys)
    assert str(live) in text          # no process holds it any more


_WORKER_SCRIPT = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from inventory.crt import _die_with_parent

def init(parent):
    _die_with_parent(parent)

def work(_):
    print(os.getpid(), flush=True)
    time.sleep(120)

if __name__ == "__main__":
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"),
                               initializer=init, initargs=(os.getpid(),))
    list(pool.map(work, [1, 2], timeout=300))
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:   # gone between the two looks
        return False


# slow tier: real process orchestration (a compile killed from outside), seconds of waiting
@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="process checks through /proc")
def test_crt_workers_die_with_a_killed_parent(tmp_path):
    script = tmp_path / "pool.py"
    script.write_text(textwrap.dedent(_WORKER_SCRIPT))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                              env=env, cwd=tmp_path)
    try:
        workers = [int(parent.stdout.readline()) for _ in range(2)]
        assert all(_alive(w) for w in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "a worker outlived its killed parent"
    finally:
        parent.kill()


@pytest.mark.skipif(sys.platform != "linux", reason="process checks through /proc")
def test_terminate_stops_a_pool_at_once():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from inventory.crt import _terminate

    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
    futures = [pool.submit(time.sleep, 60) for _ in range(4)]
    time.sleep(0.5)
    procs = list(pool._processes.values())
    t = time.monotonic()
    _terminate(pool)
    # Asked of the operating system, not of Process.is_alive(): the pool's manager thread
    # reaps workers concurrently, and a Process whose pid another thread reaped can read as
    # alive forever (CI saw it twice). Far less than the 60 s the workers would sleep.
    pids = [p.pid for p in procs]
    while any(_alive(pid) for pid in pids) and time.monotonic() - t < 10:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)
    assert all(f.cancelled() or f.done() for f in futures[2:])


# slow tier: a real compile in a child process stopped by SIGTERM
@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="signals")
def test_sigterm_during_a_compile_leaves_nothing(project_copy, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "inventory.cli", "compile",
                             str(project_copy), "--out", str(out), "--no-validate"],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    # wait until the run is under way (its temporary folder exists), then stop it
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("small/.*.tmp")):
        time.sleep(0.05)
    assert list(out.glob("small/.*.tmp")), "the run never started"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted (SIGTERM)" in err and "Traceback" not in err
    assert not [p for p in out.rglob("*") if p.name != ".logs"], list(out.rglob("*"))


# ------------------------------------------------------------------ names and sizes
def test_unicode_party_keeps_its_letters_in_file_names():
    from inventory.crt import crt_filename
    from inventory.paths import slugify

    assert crt_filename("中华人民共和国", 2023) == "CRT_中华人民共和国_2023.xlsx"
    assert crt_filename("Demoland (synthetic)", 2023) == "CRT_Demoland_synthetic_2023.xlsx"
    assert crt_filename("../../etc/passwd", 2023) == "CRT_etc_passwd_2023.xlsx"
    long = crt_filename("P" * 5000, 2023)
    assert len(long.encode()) < 255
    assert slugify("Côte d’Ivoire") == "Côte_d_Ivoire"


def test_project_name_becomes_a_folder_keeping_its_letters(small_project, tmp_path):
    import yaml

    from inventory.project import load_config
    from inventory.runner import run_target

    proj = tmp_path / "p"
    shutil.copytree(small_project, proj)
    cfg = yaml.safe_load((proj / "inventory.yml").read_text())
    cfg["name"] = "全国 清单 2026"
    (proj / "inventory.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True),
                                        encoding="utf-8")
    project = load_config(proj)
    assert project.folder == "全国_清单_2026"
    assert run_target(project, tmp_path / "out", "r1") == tmp_path / "out" / "全国_清单_2026" / "r1"


# slow tier: builds and reads a 300,000-row workbook (a memory bound, not a unit)
@pytest.mark.slow
def test_sparse_workbook_of_300000_rows_is_read_in_seconds(small_project, tmp_path):
    """One cell in column XFD on 300,000 rows: intake stops at the first 1,000 empty rows
    and says so, instead of loading the used range (1.6 GB and a hang before)."""
    import tracemalloc

    from inventory.io.readers import read_inputs
    from inventory.project import load_config

    template = Template.parse(small_project)
    proj = tmp_path / "proj"
    (proj / "data").mkdir(parents=True)
    shutil.copyfile(small_project / "inventory.yml", proj / "inventory.yml")
    sheets = {k: list(v) for k, v in template.sheets.items()}
    sheets["Energy"] = sheets["Energy"] + [{16383: "x"} for _ in range(300_000)]
    write_book(proj / "data" / "small.xlsx", sheets)
    notes: list = []
    tracemalloc.start()
    act, _, _ = read_inputs(load_config(proj), notes)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # memory, not wall time, shows the used range was not loaded (timing a shared CI machine
    # would make the test flaky); the speed is in benchmarks
    assert peak < 300e6, peak
    full, _, _ = read_inputs(load_config(small_project))   # every sector's rows, LULUCF's too
    assert len(act) == len(full)
    assert any("reading stopped after 1,000 empty rows" in n.message for n in notes)


def test_tiers_per_gas_reach_the_tier_plan(small_project, tmp_path):
    import yaml

    from inventory.methods import TierPlan
    from inventory.project import load_config

    proj = tmp_path / "p"
    shutil.copytree(small_project, proj)
    cfg = yaml.safe_load((proj / "inventory.yml").read_text())
    cfg["tiers"]["1.A.1.a"] = {"CO2": 3, "*": 1}
    (proj / "inventory.yml").write_text(yaml.safe_dump(cfg))
    plan = TierPlan(load_config(proj).tiers)
    assert plan.tier("1.A.1.a", "CO2") == 3 and plan.tier("1.A.1.a", "CH4") == 1


@pytest.mark.slow
def test_formula_text_reaches_no_csv_output_raw(tmp_path):
    """End to end (S16): a source '=HYPERLINK(...)' on the Parameters sheet travels into
    emissions.csv as factor_source; every CSV of the run has it neutralised."""
    import openpyxl

    from inventory.runner import compile_project
    from tests.inventories import ONE_REGION, write_project

    proj = write_project(tmp_path / "p", sectors=("energy",), regions=ONE_REGION,
                         years=range(2023, 2024), name="mini")
    book = proj / "data" / "mini.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Parameters"]
    col = [c.value for c in ws[1]].index("source") + 1
    evil = '=HYPERLINK("http://example.invalid","click")'
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value is not None:
            ws.cell(r, col).value = evil
            ws.cell(r, col).data_type = "s"
    wb.save(book)
    run = compile_project(proj, tmp_path / "out", run_id="r", validate=False)
    em = pd.read_csv(run / "emissions.csv", dtype=str, keep_default_na=False)
    assert ("'" + evil) in set(em["factor_source"])
    for csv in run.rglob("*.csv"):
        for line in csv.read_text(encoding="utf-8").splitlines():
            for cell in line.split(","):
                assert not cell.startswith(("=", "@")), (csv.name, cell)
