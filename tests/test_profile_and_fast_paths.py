"""Issue 18: stage profile of a compile and the fast paths that must give the same numbers
as the general code they replace (speed itself is measured in benchmarks/, never here)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from inventory.methods import join_ids
from inventory.notation import NOTATION_DTYPE, rollup, rollup_one
from inventory.profiling import PROFILE_COLUMNS, StageTimer


def test_stage_timer_nests_counts_rows_and_writes_json_and_csv(tmp_path):
    t = StageTimer()
    with t.stage("report", rows=lambda: 7):
        with t.stage("crt_workbooks", rows=3):
            pass
    t.add("load config", 0.5)
    with pytest.raises(ValueError), t.stage("failing", rows=lambda: 1 / 0):
        raise ValueError("the stage's own error wins")
    stages = [r["stage"] for r in t.records]
    assert stages == ["report", "report/crt_workbooks", "load config", "failing"]
    assert t.records[0]["rows"] == 7 and t.records[1]["rows"] == 3
    assert t.records[3]["rows"] is None and t.records[3]["seconds"] >= 0
    t.write(tmp_path)
    js = json.loads((tmp_path / "profile.json").read_text())
    assert [r["stage"] for r in js["stages"]] == stages
    csv = pd.read_csv(tmp_path / "profile.csv")
    assert tuple(csv.columns) == PROFILE_COLUMNS and len(csv) == 4
    assert "crt_workbooks" in t.text()


_KEYS = [None, "NO", "NE", "NA", "IE", "C"]


@pytest.mark.parametrize("seed", range(40))
def test_one_group_rollup_equals_the_frame_rollup(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 8))
    keys = [_KEYS[i] for i in rng.integers(0, len(_KEYS), n)]
    values = np.where(rng.random(n) < 0.5, rng.normal(size=n) * 10.0 ** rng.integers(-3, 6, n),
                      np.nan)
    df = pd.DataFrame({"g": 0, "value": values,
                       "notation_key": pd.Categorical(keys, dtype=NOTATION_DTYPE)})
    ref = rollup(df, ["g"]).iloc[0]
    total, key, incomplete = rollup_one(values, np.array(keys, dtype=object))
    ref_key = ref["notation_key"] if isinstance(ref["notation_key"], str) else None
    assert key == ref_key and incomplete == bool(ref["incomplete"])
    assert (np.isnan(total) and np.isnan(ref["value"])) or total == ref["value"]  # to the bit


@pytest.mark.parametrize("values", [
    ["a", "b"], ["a", None, "a"], [None, np.nan], ["a;b", "b;c"], ["x"], ["a;;b"], [""],
    ["p1", "", "p2;p1"],
])
def test_fuel_combustion_group_texts_equal_the_general_helpers(values):
    from sectors.energy.fuel_combustion import _id_text, _ids, _source_text, _sources

    s = pd.Series(values, dtype=object)
    assert _id_text(values) == _ids(s) == join_ids(*values)[0]
    assert _source_text(values) == _sources(s)


def test_factor_lookup_candidates_are_built_once_and_agree(ipcc_factors):
    from inventory.factors import FactorDB

    rows = pd.DataFrame({"region": ["A", "B"], "year": [1990, 2020],
                         "category": ["1.A.1.a", "1.A.4.b"],
                         "activity": ["natural_gas", "lpg"]})
    fresh = FactorDB(ipcc_factors.table)
    a = fresh.lookup(rows, "EF", "kg/TJ", "CO2")
    b = fresh.lookup(rows, "EF", "kg/TJ", "CO2")     # from the candidate cache
    assert len(fresh._cands) == 1
    np.testing.assert_array_equal(a.value, b.value)
    assert list(a.parameter_id) == list(b.parameter_id) and a.found.all()


@pytest.mark.slow
def test_compile_profile_is_written_to_the_run_folder_and_printed(small_project, tmp_path,
                                                                  capsys):
    from inventory.cli import main

    rc = main(["compile", str(small_project), "--out", str(tmp_path), "--run-id", "p",
               "--no-validate", "--profile", "--jobs", "1", "--quiet"])
    assert rc == 0
    run = tmp_path / "small" / "p"
    prof = pd.read_csv(run / "profile.csv")
    assert tuple(prof.columns) == PROFILE_COLUMNS
    stages = set(prof["stage"])
    assert {"intake", "intake/read", "timeseries", "sector energy", "combine", "analyses",
            "report", "report/crt_workbooks"} <= stages
    assert prof.loc[prof["stage"] == "report/crt_workbooks", "rows"].iloc[0] == 3
    assert json.loads((run / "profile.json").read_text())["stages"]
    manifest = json.loads((run / "manifest.json").read_text())
    assert "profile.csv" not in manifest["outputs"]       # a measurement, not an output
    assert "crt_workbooks" in capsys.readouterr().out


def test_progress_is_plain_off_a_terminal_and_counts_only_when_complete(capsys):
    import io

    from inventory.progress import PlainProgress, RichProgress, make_progress, print_progress

    buf = io.StringIO()
    assert isinstance(make_progress(stream=buf), PlainProgress)   # not a TTY (and in pytest)
    p = make_progress(stream=buf)
    for msg in ("reading inputs", "writing CRT workbooks 1/3", "writing CRT workbooks 3/3"):
        p(msg)
    p.close()
    lines = buf.getvalue().splitlines()
    assert [ln.split("s ", 1)[1] for ln in lines] == ["reading inputs",
                                                     "writing CRT workbooks 3/3"]
    make_progress(quiet=True)("nothing")
    print_progress("writing CRT workbooks 2/3")
    print_progress("writing CRT workbooks 3/3")
    assert capsys.readouterr().out == "writing CRT workbooks 3/3\n"
    r = RichProgress(io.StringIO())            # the terminal display runs through a stage list
    for msg in ("reading inputs", "warning: x", "writing CRT workbooks 1/2",
                "writing CRT workbooks 2/2", "done [sic]"):
        r(msg)
    r.close()
    assert [t.description for t in r.progress.tasks] == ["reading inputs",
                                                         "writing CRT workbooks", r"done \[sic]"]
    assert all(t.finished for t in r.progress.tasks)


def test_default_tables_are_read_back_from_the_cache_unchanged(monkeypatch, tmp_path):
    from inventory import factors

    monkeypatch.setenv("GHGI_CACHE_DIR", str(tmp_path))
    factors._parsed_defaults.cache_clear()
    parsed = factors.default_tables("ipcc2006")          # parsed, then stored
    assert len(list((tmp_path / "factors").glob("*.pkl"))) == 1
    factors._parsed_defaults.cache_clear()
    monkeypatch.setattr(factors, "read_default_table", None)   # a parse would fail now
    pd.testing.assert_frame_equal(factors.default_tables("ipcc2006"), parsed)
    monkeypatch.undo()
    factors._parsed_defaults.cache_clear()


def test_per_distinct_equals_the_function_row_by_row():
    from inventory.methods import per_distinct

    rng = np.random.default_rng(0)
    pool = np.array(["a", "b;a", "", None, np.nan, 3, "a"], dtype=object)
    cols = [pool[rng.integers(0, len(pool), 500)], pool[rng.integers(0, len(pool), 500)],
            np.broadcast_to(np.array("x", dtype=object), (500,))]
    calls = []

    def fn(row):
        calls.append(row)
        return "|".join(map(str, row))

    got = per_distinct(cols, 500, fn)
    want = ["|".join(map(str, row)) for row in zip(*cols, strict=True)]
    # None and NaN are one missing value: a row may be answered by the other's result
    assert [g.replace("nan", "None") for g in got] == [w.replace("nan", "None") for w in want]
    assert len(calls) <= 6 * 6 and per_distinct([], 0, fn).shape == (0,)
