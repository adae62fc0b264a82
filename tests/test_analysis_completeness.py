"""Completeness (CRT Table9) and the ETF notation-key rules for NE, IE and C."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from inventory.analysis.completeness import (
    completeness_checks,
    insignificance_threshold,
    notation_key_entries,
)
from inventory.notation import NOTATION_DTYPE
from tests.conftest import activity_rows, national_parameters


def em(rows) -> pd.DataFrame:
    """(region, year, category, crt, gas, value, key, activity id)."""
    recs = [{"region": r, "year": y, "category": c, "crt_category": crt, "activity": "fuel",
             "gas": g, "value": np.nan if v is None else float(v), "notation_key": k,
             "memo": False, "activity_ids": aid, "parameter_ids": None,
             "value_co2eq": np.nan if v is None else float(v)}
            for r, y, c, crt, g, v, k, aid in rows]
    df = pd.DataFrame(recs)
    df["notation_key"] = df["notation_key"].astype(NOTATION_DTYPE)
    return df


def test_insignificance_threshold():
    # 0.05 % of 200,000 = 100 kt < 500 kt; 0.05 % of 2,000,000 = 1,000 -> 500 kt
    assert insignificance_threshold(200_000) == pytest.approx(100.0)
    assert insignificance_threshold(2_000_000) == pytest.approx(500.0)


def test_ne_and_ie_entries_and_checks():
    act = activity_rows(("R1", 2020, "1.A.1.c", "lignite", "NE"),
                        ("R1", 2020, "1.A.5.a", "natural_gas", "IE"),
                        ("R1", 2020, "1.A.5.b", "gas_diesel_oil", "IE"),
                        ("R1", 2020, "1.A.2.e", "lpg", "NE"))
    act.loc[0, "note"] = "briquetting plants, not surveyed"
    act.loc[1, "note"] = "included in 1.A.4.a (commercial)"
    act.loc[2, "note"] = "somewhere else"
    rows = em([("R1", 2020, "1.A.1.c", "1.A.1.c", "CO2", None, "NE", act.loc[0, "activity_id"]),
               ("R1", 2020, "1.A.5.a", "1.A.5.a", "CO2", None, "IE", act.loc[1, "activity_id"]),
               ("R1", 2020, "1.A.5.b", "1.A.5.b", "CO2", None, "IE", act.loc[2, "activity_id"]),
               ("R1", 2020, "1.A.2.e", "1.A.2.e", "CO2", None, "NE", act.loc[3, "activity_id"]),
               ("R1", 2020, "1.A.4.a", "1.A.4.a", "CO2", 1000.0, None, "x")])
    par = national_parameters(("NE_likely_level", "1.A.1.c", "*", "CO2", 50.0, "kt"),
                              ("NE_likely_level", "1.A.2.e", "*", "CO2", 150.0, "kt"))
    entries = notation_key_entries(rows, act, par)
    e = entries.set_index("category")
    assert e.loc["1.A.1.c", "explanation"] == "briquetting plants, not surveyed"
    assert e.loc["1.A.1.c", "likely_level_kt_co2eq"] == pytest.approx(50.0)
    assert e.loc["1.A.5.a", "allocation_party"] == "1.A.4.a"
    assert e.loc["1.A.5.a", "years"] == "2020"
    checks = completeness_checks(rows, entries, pd.Series({2020: 200_000.0}))
    c = {(r.check, r.category): r.status for r in checks.itertuples()}
    # limit 100 kt: 50 passes, 150 fails; 1.A.2.e has no explanation
    assert c[("NE insignificant", "1.A.1.c")] == "pass"
    assert c[("NE insignificant", "1.A.2.e")] == "fail"
    assert c[("NE explained", "1.A.2.e")] == "fail"
    assert c[("NE explained", "1.A.1.c")] == "pass"
    # aggregate: 50 + 150 = 200 kt > 0.1 % of 200,000 = 200 -> not below: fail
    agg = checks[checks["check"] == "NE insignificant in aggregate"]
    assert agg["status"].tolist() == ["fail"]
    assert c[("IE says where", "1.A.5.a")] == "pass"   # 1.A.4.a reports CO2
    assert c[("IE says where", "1.A.5.b")] == "fail"   # no category code in the note


def test_confidential_values_must_stay_hidden():
    # 1.A.1.a is C (10 kt) and 1.A.1.b shows 5 kt: 1.A.1 shows 15 and reveals 15 - 5 = 10
    rows = em([("R1", 2020, "1.A.1.a", "1.A.1.a", "CO2", 10.0, "C", "a"),
               ("R1", 2020, "1.A.1.b", "1.A.1.b", "CO2", 5.0, None, "b")])
    checks = completeness_checks(rows, notation_key_entries(rows), pd.Series({2020: 1e5}))
    c = checks[checks["check"] == "C aggregated"]
    assert c["status"].tolist() == ["fail"] and "1.A.1" in c["message"].iloc[0]
    # two confidential categories aggregated at 1.A.1: only their sum shows
    rows2 = em([("R1", 2020, "1.A.1.a", "1.A.1.a", "CO2", 10.0, "C", "a"),
                ("R1", 2020, "1.A.1.b", "1.A.1.b", "CO2", 5.0, "C", "b"),
                ("R1", 2020, "1.A.2.a", "1.A.2.a", "CO2", 7.0, None, "c")])
    checks2 = completeness_checks(rows2, notation_key_entries(rows2), pd.Series({2020: 1e5}))
    assert set(checks2.loc[checks2["check"] == "C aggregated", "status"]) == {"pass"}
    # a region's confidential number as the only hidden part of a national number
    rows3 = em([("R1", 2020, "1.A.1.a", "1.A.1.a", "CO2", 10.0, "C", "a"),
                ("R2", 2020, "1.A.1.a", "1.A.1.a", "CO2", 4.0, None, "b")])
    checks3 = completeness_checks(rows3, notation_key_entries(rows3), pd.Series({2020: 1e5}))
    reg = checks3[checks3["check"] == "C aggregated (regions)"]
    assert reg["status"].tolist() == ["fail"] and reg["regions"].iloc[0] == "R1"
