"""County scale out of core (provincial/scale, issue 18): the DuckDB compile gives the same
emissions, provenance and totals as the in-memory pipeline on the same rows, and bad input is
one message naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from inventory.cli import main
from provincial.scale.engine import compile_scale, read_parameters
from provincial.scale.generate import DEFAULT_TIERS, county_table, generate, provinces


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """4 counties in provinces 11-14 (14: provincial coal NCVs with a break at 2010) x 2009-2010
    x the 966 category/fuel pairs: 7,728 activity rows."""
    folder = tmp_path_factory.mktemp("scale") / "counties"
    generate(folder, counties=4, years="2009-2010", threads=1, memory_limit="500MB")
    return folder


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """1 county x 1 year x 966 pairs, for the bad-input cases."""
    folder = tmp_path_factory.mktemp("scale") / "tiny"
    generate(folder, counties=1, years="2010", threads=1, memory_limit="500MB")
    return folder


def _in_memory(folder: Path) -> pd.DataFrame:
    """The in-memory pipeline on the same rows: intake normalisation, the FactorDB with the
    project's parameters (a provincial row applies to each county of its province), the
    registered methods and the combine step."""
    from inventory import schema
    from inventory.combine import combine_emissions
    from inventory.factors import FactorDB
    from inventory.methods import TierPlan, run_methods
    from inventory.notation import NOTATION_DTYPE
    from inventory.units import to_canonical

    act = pd.concat([pd.read_parquet(p) for p in sorted((folder / "activity").rglob(
        "*.parquet"))], ignore_index=True)
    act["region"] = act["region"].astype(object)
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"])
    act["notation_key"] = pd.Series([None] * len(act), dtype=object).astype(NOTATION_DTYPE)
    act["note"] = None
    act["activity_id"] = [f"a{i}" for i in range(len(act))]
    act["source_ref"] = act["activity_id"]
    county_of = act.drop_duplicates("region").groupby("province")["region"].agg(list)
    act = schema.ensure_valid(act[[c.name for c in schema.ACTIVITY]], "activity")
    params = read_parameters(folder / "parameters.csv", set(provinces()["code"]))
    national = params[params["region"] == "*"]
    provincial = params[params["region"] != "*"]
    per_county = [provincial[provincial["region"] == p].assign(region=c)
                  for p in provincial["region"].unique() for c in county_of.get(p, [])]
    db = FactorDB.with_defaults(pd.concat([national, *per_county], ignore_index=True))
    em = run_methods(act, db, TierPlan(DEFAULT_TIERS))
    return combine_emissions([em], "AR5GWP100", "ipcc2006")


@pytest.mark.slow
def test_every_emission_equals_the_in_memory_compile(small, tmp_path):
    run = compile_scale(small, tmp_path / "out", memory_limit="500MB", threads=1, rows=True)
    rows = pd.read_parquet(run / "emissions")
    factors = pd.read_parquet(run / "factors.parquet")
    mem = _in_memory(small)
    assert len(rows) == len(mem) == 7_728 * 3
    eng = rows.merge(factors.drop(columns=["category", "activity", "unit", "gas",
                                           "crt_category"]),
                     on="factor_key")
    keys = ["region", "year", "category", "activity", "gas"]
    m = mem.merge(eng.astype({"region": object, "year": "int64"}), on=keys,
                  suffixes=("", "_eng"), validate="one_to_one")
    assert len(m) == len(mem)
    for a, b in (("value", "value_eng"), ("activity_value", "activity_tj"),
                 ("value_co2eq", "value_co2eq_eng")):
        np.testing.assert_allclose(m[b].to_numpy(float), m[a].to_numpy(float), rtol=1e-9,
                                   atol=0)
    for col in ("tier", "method", "equation", "factor_layer", "factor_source",
                "parameter_ids", "crt_category", "memo", "memo_item"):
        left = m[col].astype(object).where(m[col].notna(), None).tolist()
        right = m[f"{col}_eng"].astype(object).where(m[f"{col}_eng"].notna(), None).tolist()
        assert left == right, col
    # the provincial layer and both Tier 2 mobile categories were exercised
    assert set(m.loc[m["region"].str.startswith("14"), "factor_layer"]) >= {"provincial"}
    assert (m.loc[m["category"] == "1.A.3.b.i", "tier"] == 2).all()
    # Shanxi's coal NCV changes in 2010 (24.9 -> 24.2 TJ/kt): two year segments
    coal = m[(m["region"].str.startswith("14")) & (m["activity"] == "other_bituminous_coal")
             & (m["gas"] == "CO2") & (m["category"] == "1.A.1.a")].set_index("year")
    ids = coal["parameter_ids_eng"]
    assert ids[2009] != ids[2010]
    assert "parameters:" in ids[2009] and "parameters:" in ids[2010]

    # totals: national and provincial roll-ups equal the in-memory rows rolled up the CRT tree
    from inventory.categories import aggregate_crt

    nat = pd.read_parquet(run / "national.parquet")
    ref = aggregate_crt(mem.assign(value=mem["value_co2eq"]), by=("year", "gas"))
    chk = ref.merge(nat, on=["year", "crt", "gas"], suffixes=("", "_eng"), validate="1:1")
    assert len(chk) == len(ref) == len(nat)
    np.testing.assert_allclose(chk["value_co2eq"], chk["value"], rtol=1e-9)
    prov = pd.read_parquet(run / "province.parquet")
    ref = aggregate_crt(mem.assign(province=mem["region"].str[:2]), by=("province", "year",
                                                                         "gas"))
    chk = ref.merge(prov.rename(columns={"region": "province"}), on=["province", "year", "crt",
                                                                      "gas"],
                    suffixes=("", "_eng"), validate="1:1")
    assert len(chk) == len(ref) == len(prov)
    np.testing.assert_allclose(chk["value_eng"], chk["value"], rtol=1e-9)
    county = pd.read_parquet(run / "county.parquet")
    assert set(county["region"]) == set(county_table(4)["region"])
    tot = county[county["crt"] == "TOTAL"].groupby("year")["value_co2eq"].sum()
    nat_tot = nat[nat["crt"] == "TOTAL"].groupby("year")["value_co2eq"].sum()
    np.testing.assert_allclose(tot.to_numpy(), nat_tot.to_numpy(), rtol=1e-12)


def _bad_copy(small: Path, tmp_path: Path, change) -> Path:
    """A copy of the small project whose first activity file is changed by ``change(df)``."""
    import shutil

    dst = tmp_path / "bad"
    shutil.copytree(small, dst)
    f = sorted((dst / "activity").rglob("*.parquet"))[0]
    df = pd.read_parquet(f)
    change(df)
    df.to_parquet(f, index=False)
    return dst


def _set(col, value, row=5):
    def change(df):
        if col == "value":
            df[col] = df[col].astype(float)
        if col == "year" and value is None:
            df[col] = df[col].astype("Int64")   # a NULL year, still an integer column
        df.loc[row, col] = value
    return change


SLOW = pytest.mark.slow


@pytest.mark.parametrize("change, expected", [
    (_set("value", -3.5), "file activity/province=11/part-0.parquet, row 6, column 'value': "
                          "-3.5 (expected a number >= 0"),
    (_set("unit", "mt"), "row 6, column 'unit': unit 'mt'"),
    (_set("category", "3.A.1"), "row 6, column 'category': category '3.A.1' is not covered"),
    pytest.param(_set("value", np.nan), "row 6, column 'value': empty cell (expected a number",
                 marks=SLOW),
    pytest.param(_set("activity", "plant:P1:natural_gas"), "row 6, column 'activity': "
                 "activity 'plant:P1:natural_gas' is not covered", marks=SLOW),
    pytest.param(_set("province", "99"), "row 6, column 'province': '99' (expected a "
                 "two-digit province", marks=SLOW),
    pytest.param(_set("region", "110099"), "row 6, column 'region': county '110099' not listed",
                 marks=SLOW),
    pytest.param(_set("year", 1999), "row 6, column 'year': 1999 (expected a year in "
                 "2010-2010", marks=SLOW),
    # an empty key cell dropped its row out of the joins (exit 0, a total 3 rows short)
    (_set("year", None), "row 6, column 'year': empty cell (expected the year of every row"),
    pytest.param(_set("activity", None), "row 6, column 'activity': empty cell", marks=SLOW),
    pytest.param(_set("province", None), "row 6, column 'province': empty cell", marks=SLOW),
])
def test_bad_activity_is_one_message(tiny, tmp_path, capsys, change, expected):
    folder = _bad_copy(tiny, tmp_path, change)
    assert main(["scale", "compile", str(folder), "--out", str(tmp_path / "out"),
                 "--memory-limit", "500MB", "--threads", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: file activity/") and expected in err, err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "out" / "counties_synthetic").exists() or not any(
        (tmp_path / "out" / "counties_synthetic").iterdir())


def test_county_parameters_are_refused(tiny, tmp_path, capsys):
    import shutil

    dst = tmp_path / "p"
    shutil.copytree(tiny, dst)
    p = pd.read_csv(dst / "parameters.csv", dtype=str, keep_default_na=False)
    p.loc[2, "region"] = "110001"
    p.to_csv(dst / "parameters.csv", index=False)
    assert main(["scale", "compile", str(dst), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: file parameters.csv, row 4, column 'region': region '110001'")


@pytest.mark.slow
def test_an_unreadable_parquet_file_is_one_message(tiny, tmp_path, capsys):
    import shutil

    dst = tmp_path / "p"
    shutil.copytree(tiny, dst)
    sorted((dst / "activity").rglob("*.parquet"))[0].write_bytes(b"not parquet")
    assert main(["scale", "compile", str(dst), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {dst}: DuckDB could not read the input:"), err
    assert "part-0.parquet" in err and len(err.splitlines()) == 1


def test_rows_of_a_csv_count_its_comment_lines(tiny, tmp_path, capsys):
    import shutil

    dst = tmp_path / "p"
    shutil.copytree(tiny, dst)
    text = (dst / "parameters.csv").read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1].split(",")
    first[header.split(",").index("value")] = "abc"
    # two comment lines above the header: the bad value sits on line 4 of the file
    (dst / "parameters.csv").write_text("\n".join(["# national factors", "# (synthetic)", header,
                                                   ",".join(first), *text[2:]]) + "\n",
                                        encoding="utf-8")
    assert main(["scale", "compile", str(dst), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: file parameters.csv, row 4, column 'value': 'abc'"), err


@pytest.mark.parametrize("option, value, expected", [
    ("--memory-limit", "lots", "a size such as 4GB"),
    ("--threads", "-1", "a whole number of threads >= 1"),
])
def test_a_bad_engine_setting_is_one_message(tiny, tmp_path, capsys, option, value, expected):
    assert main(["scale", "compile", str(tiny), "--out", str(tmp_path / "out"),
                 option, value]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {option}") and expected in err and "\n" not in err, err
