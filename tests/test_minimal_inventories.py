"""Minimal inventories that once crashed the compile (issue 11), each kept as a regression test,
at the level where the fault was: the CRT writer, the uncertainty inputs, the key category
analysis. (The 3.C.4 tier without 3.C.4 activity rows is tested with the agriculture methods.)
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from inventory.analysis.kca import key_category_analysis
from inventory.analysis.options import AnalysisOptions
from inventory.analysis.stage import analyse
from inventory.combine import combine_emissions
from inventory.crt import write_crt_workbooks
from inventory.notation import NOTATION_DTYPE


def _rows(*items) -> pd.DataFrame:
    """(region, year, category, activity, gas, kt or key) -> emissions rows."""
    recs = []
    for region, year, cat, act, gas, v in items:
        key = v if isinstance(v, str) else None
        recs.append({"region": region, "year": year, "category": cat, "activity": act,
                     "gas": gas, "value": np.nan if key else float(v), "notation_key": key,
                     "memo": False, "tier": 1, "method": "test", "equation": "test",
                     "activity_value": np.nan, "activity_unit": None, "ief": np.nan,
                     "ief_unit": None, "factor_layer": None, "factor_source": None,
                     "activity_ids": f"t{len(recs)}", "parameter_ids": ""})
    df = pd.DataFrame(recs)
    df["notation_key"] = df["notation_key"].astype(NOTATION_DTYPE)
    return df


class _Project:
    base_year, last_year, gwp = 2022, 2023, "AR5GWP100"
    years = [2022, 2023]
    party_code = "TST"


def test_fully_estimated_inventory_writes_table9(tmp_path):
    # no NE and no IE anywhere: the completeness table is empty; Table9 used to raise
    # KeyError('key') on the empty frame
    em = combine_emissions([_rows(("R1", 2023, "2.A.1", "cement", "CO2", 500.0))],
                           "AR5GWP100")
    empty = pd.DataFrame(columns=["key", "gas", "sector", "crt_category", "category",
                                  "activity", "memo", "years", "regions", "explanation",
                                  "allocation_ipcc", "allocation_party",
                                  "likely_level_kt_co2eq", "likely_level_source"])
    paths = write_crt_workbooks(em, tmp_path, party="Testland", gwp_set="AR5GWP100",
                                years=[2023], analysis={"completeness": empty})
    wb = openpyxl.load_workbook(paths[0], read_only=True)
    text = [c for r in wb["Table9"].iter_rows(values_only=True) for c in r if c]
    assert any("not estimated (NE)" in str(c) for c in text)
    # no NE row is listed: the only data cells are the headers
    assert not any(str(c).startswith("2.A.1") for c in text)


def test_only_memo_items_carry_numbers():
    # bunkers are the only numbers; everything in the totals is NO: no uncertainty inputs,
    # no key categories, and no crash ("No objects to concatenate")
    em = combine_emissions([_rows(
        ("R1", 2022, "1.A.3.a.i", "jet_kerosene", "CO2", 7.0),
        ("R1", 2023, "1.A.3.a.i", "jet_kerosene", "CO2", 8.0),
        ("R1", 2022, "2.A.1", "cement", "CO2", "NO"),
        ("R1", 2023, "2.A.1", "cement", "CO2", "NO"))], "AR5GWP100")
    assert em.loc[em["category"] == "1.A.3.a.i", "memo"].all()
    res = analyse(em, pd.DataFrame(), pd.DataFrame(columns=["parameter", "parameter_id"]),
                  _Project(), AnalysisOptions(mc_iterations=200), parts=(
                      "uncertainty", "kca", "trends"))
    assert res.tables["uncertainty_approach1"].empty
    assert res.tables["kca"].empty and not res.parts["uncertainty"].get("approach2")
    assert "not applicable" in res.parts["kca"]["assessment"]
    tr = res.tables["trends"]
    bunkers = tr[(tr["node"] == "1.D.1.a") & (tr["gas_group"] == "CO2")
                 & (tr["year"] == 2023)]
    assert bunkers["value_kt"].iloc[0] == pytest.approx(8.0)


def test_zero_base_year_total_makes_the_trend_not_applicable():
    # base year 2022: nothing; latest year 2023: two categories. Eq. 4.2 divides by the
    # base-year total, so the trend assessment is reported as not applicable and the level
    # assessment goes on: 300 / (300 + 100) = 0.75 is key at 95 %, and so is the rest
    series = pd.DataFrame({"kca_id": ["2.A.1", "3.A.1"], "gas": ["CO2", "CH4"],
                           "kca_code": ["2.A.1", "3.A.1"], "fuel_group": ["", ""],
                           "kca_label": ["cement", "enteric"], "lulucf": [False, False],
                           2022: [0.0, 0.0], 2023: [300.0, 100.0]})
    res = key_category_analysis(series, 2022, 2023)
    assert set(res.assessments["criterion"]) == {"L1", "L1 BY"}
    assert "not applicable" in res.notes["trend excluding"]
    l1 = res.assessments[(res.assessments["criterion"] == "L1")
                         & (res.assessments["coverage"] == "excluding")].set_index("kca_id")
    assert l1.loc["2.A.1", "share"] == pytest.approx(0.75)
    assert res.summary["key"].all()
