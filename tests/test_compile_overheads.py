"""The fixed per-compile overheads cut for small inventories (issue 18, one-region one-year)
keep their results: the implied-factor table computed once per run and shared by the check
and implied_factors.csv, plain text columns, a table staged twice copied not re-encoded."""

import pandas as pd
import pytest

from inventory import qa, schema
from inventory.analysis.levels import assessment_categories
from inventory.pipeline import Run, load_stage
from inventory.products import RunContext
from tests.conftest import activity_rows, national_parameters
from tests.test_energy_kit import run_energy


def test_implied_factors_once_per_emissions_table(ipcc_factors, monkeypatch):
    em = run_energy(activity_rows(("R1", 2020, "1.A.1.a", "natural_gas", 1000.0)),
                    ipcc_factors)
    calls = []
    real = qa.implied_factor_check
    monkeypatch.setattr(qa, "implied_factor_check",
                        lambda e, i: calls.append(1) or real(e, i))
    ctx = RunContext(None, pd.DataFrame(), pd.DataFrame(), ipcc_factors, em)
    first = qa.implied_factors(ctx)
    # the report's context: a new RunContext sharing the run's memo, same emissions object
    again = qa.implied_factors(RunContext(None, pd.DataFrame(), pd.DataFrame(),
                                          ipcc_factors, em, memo=ctx.memo))
    assert again is first and len(calls) == 1
    # natural gas CO2, IPCC 2006 Vol.2 Ch.2 Table 2.2: 56,100 kg/TJ -> IEF 56,100 kg/TJ
    co2 = first[first["gas"] == "CO2"].iloc[0]
    assert co2["ief"] == pytest.approx(56_100) and co2["ipcc_default"] == pytest.approx(56_100)
    # another emissions table (a copy, even with equal values) is computed again
    other = qa.implied_factors(RunContext(None, pd.DataFrame(), pd.DataFrame(), ipcc_factors,
                                          em.copy(), memo=ctx.memo))
    assert len(calls) == 2
    pd.testing.assert_frame_equal(other, real(em, ipcc_factors.ipcc_defaults()))


def test_plain_strings_gives_object_text_with_none_and_leaves_the_input():
    df = pd.DataFrame({"a": pd.array(["x", None, "z"], dtype="str"), "v": [1.0, 2.0, 3.0],
                       "k": pd.Categorical(["NO", None, "NE"])}, index=[5, 6, 7])
    out = schema.plain_strings(df)
    assert out["a"].dtype == object and out["a"].tolist() == ["x", None, "z"]
    assert list(out.index) == [5, 6, 7] and out["v"].tolist() == [1.0, 2.0, 3.0]
    assert isinstance(out["k"].dtype, pd.CategoricalDtype)
    assert isinstance(df["a"].dtype, pd.StringDtype)        # the input is not modified
    plain = pd.DataFrame({"a": pd.Series(["x"], dtype=object)})
    assert schema.plain_strings(plain) is plain             # nothing to convert: no copy


def test_a_table_staged_under_two_names_is_copied(tmp_path, monkeypatch):
    run = Run(project=None, run_dir=tmp_path, run_id="r")
    run.stage_dir.mkdir()
    act = activity_rows(("R1", 2020, "1.A.1.a", "natural_gas", 1000.0))
    encoded = []
    real = pd.DataFrame.to_parquet
    monkeypatch.setattr(pd.DataFrame, "to_parquet",
                        lambda self, *a, **k: encoded.append(1) or real(self, *a, **k))
    run._stage("input_activity", act)
    run._stage("activity", run.table("input_activity"))   # unchanged by the time series
    run._stage("parameters", national_parameters(
        ("EF", "1.A.1.a", "natural_gas", "CH4", 1, "kg/TJ")))
    assert len(encoded) == 2
    a, b = load_stage(tmp_path, "input_activity"), load_stage(tmp_path, "activity")
    pd.testing.assert_frame_equal(a, b)
    assert a["value"].tolist() == [1000.0] and a["category"].tolist() == ["1.A.1.a"]


def test_assessment_categories_per_fuel_and_per_category():
    em = pd.DataFrame({"category": ["1.A.1.a", "1.A.1.a", "3.A.1.a"],
                       "gas": ["CO2", "CH4", "CH4"],
                       "activity": ["natural_gas", "natural_gas", "dairy_cows"]})
    out = assessment_categories(em)
    # IPCC 2006 Vol.1 Ch.4 Table 4.1: stationary combustion CO2 per fuel type, CH4 per
    # category; the repeated call (rules cached per code) gives the same
    assert out["kca_id"].tolist() == ["1.A.1 gaseous", "1.A.1", "3.A.1"]
    pd.testing.assert_frame_equal(assessment_categories(em), out)


def test_pint_definitions_cached_once_and_a_damaged_cache_is_parsed_again(tmp_path,
                                                                            monkeypatch):
    from inventory.units import unit_registry

    monkeypatch.setenv("GHGI_CACHE_DIR", str(tmp_path))
    first = unit_registry()
    folders = list(tmp_path.glob("pint-*"))
    assert len(folders) == 1 and (folders[0] / "complete").exists()
    pickles = list(folders[0].glob("*.pickle"))
    assert pickles and not list(folders[0].glob(".build-*"))   # published, build folder gone
    for f in pickles:                                          # damaged: parsed again
        f.write_bytes(b"not a pickle")
    damaged = unit_registry()
    for reg in (first, damaged):   # pint's own definitions: 1 kWh = 3.6 MJ
        assert reg.Quantity(1.0, "kWh").to("MJ").magnitude == pytest.approx(3.6)


def test_implausible_parameters_match_wildcards_and_sub_or_parent_categories():
    from inventory.domains import implausible_parameters

    base = {"parameter": "EF", "activity": "natural_gas", "region": "*", "year_from": 1900,
            "year_to": 2100, "source": "IPCC 2006 Vol.2 Ch.2 Table 2.2"}
    defaults = pd.DataFrame([{**base, "category": "1.A.1.a", "gas": "CO2", "unit": "kg/TJ",
                              "value": 56_100.0, "lower": 54_300.0, "upper": 58_300.0,
                              "layer": "ipcc_default", "source_ref": "d1"}])
    own = pd.DataFrame([
        # 20 x the upper bound, for a parent category and any gas: flagged
        {**base, "category": "1.A", "gas": "*", "unit": "kg/TJ", "value": 58_300.0 * 20},
        # a sub-category, in t/TJ (1,166 t/TJ = 1,166,000 kg/TJ): flagged
        {**base, "category": "1.A.1.a.i", "gas": "CO2", "unit": "t/TJ", "value": 1_166.0},
        # 5 x the upper bound: inside the factor 10
        {**base, "category": "*", "gas": "CO2", "unit": "kg/TJ", "value": 58_300.0 * 5},
        # another category tree and another gas: not judged
        {**base, "category": "2.A", "gas": "CO2", "unit": "kg/TJ", "value": 1e9},
        {**base, "category": "1.A.1.a", "gas": "CH4", "unit": "kg/TJ", "value": 1e9},
    ]).assign(layer="national", lower=None, upper=None,
              source_ref=lambda d: [f"p{i}" for i in range(len(d))])
    out = implausible_parameters(own, defaults, 10.0)
    assert out["source_ref"].tolist() == ["p0", "p1"]
    assert out["ipcc_high"].tolist() == pytest.approx([58_300.0, 58.3])   # in the row's unit
