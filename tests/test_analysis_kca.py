"""Key category analysis (IPCC 2006 Vol.1 Ch.4) on a five-category inventory whose level and
trend shares, ranks, cumulative shares and key flags are worked out by hand below."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from inventory.analysis.kca import (
    cumulative_key,
    key_category_analysis,
    level_assessment,
    trend_assessment,
)
from inventory.errors import InputError

BASE, LATEST = 2005, 2023
# base year:   A 100, B 60, C 30, D 8, E 2   (total 200)
# latest year: A 150, B 40, C 31, D 17, E 2  (total 240); F is LULUCF: -50 -> -80
CATS = [("A", 100, 150), ("B", 60, 40), ("C", 30, 31), ("D", 8, 17), ("E", 2, 2)]


def series(with_lulucf: bool = False) -> pd.DataFrame:
    rows = [{"kca_id": k, "gas": "CO2", "kca_code": f"2.A.{i + 1}", "fuel_group": "",
             "kca_label": f"category {k}", "lulucf": False, BASE: float(b), LATEST: float(t)}
            for i, (k, b, t) in enumerate(CATS)]
    if with_lulucf:
        rows.append({"kca_id": "F", "gas": "CO2", "kca_code": "3.B.1.a", "fuel_group": "",
                     "kca_label": "forest land", "lulucf": True, BASE: -50.0, LATEST: -80.0})
    return pd.DataFrame(rows)


def test_level_assessment_by_hand():
    # Eq. 4.1: |E_x| / sum |E|; latest total 240
    got = level_assessment(np.array([150, 40, 31, 17, 2.0]))
    assert got == pytest.approx([150 / 240, 40 / 240, 31 / 240, 17 / 240, 2 / 240])
    # removals count by their size: |-80| / (240 + 80)
    assert level_assessment(np.array([150, 40, 31, 17, 2, -80.0]))[-1] == pytest.approx(0.25)


def test_trend_assessment_by_hand():
    # Eq. 4.2 with the total's trend g = (240 - 200) / 200 = 0.2:
    # T_x = |(E_xt - E_x0) - |E_x0| g| / sum |E_y0|
    t = trend_assessment(np.array([100, 60, 30, 8, 2.0]), np.array([150, 40, 31, 17, 2.0]))
    want = [abs(50 - 100 * 0.2) / 200,   # A 0.15
            abs(-20 - 60 * 0.2) / 200,   # B 0.16
            abs(1 - 30 * 0.2) / 200,     # C 0.025
            abs(9 - 8 * 0.2) / 200,      # D 0.037
            abs(0 - 2 * 0.2) / 200]      # E 0.002
    assert t == pytest.approx(want)
    assert want == pytest.approx([0.15, 0.16, 0.025, 0.037, 0.002])
    # the same as the published form |E_x0|/sum|E_0| * |(E_xt-E_x0)/|E_x0| - g| for A
    assert t[0] == pytest.approx(100 / 200 * abs((150 - 100) / 100 - 0.2))
    # a category new since the base year: T = |E_xt| / sum |E_y0|
    assert trend_assessment(np.array([0.0, 200.0]), np.array([10.0, 230.0]))[0] == \
        pytest.approx(abs(10 - 0) / 200)
    with pytest.raises(InputError, match="base-year total is zero"):
        trend_assessment(np.array([0.0]), np.array([1.0]))


def test_cumulative_key_ranks_and_threshold():
    share, rank, cum, key = cumulative_key(np.array([0.5, 0.3, 0.15, 0.04, 0.01]), 0.95)
    assert rank.tolist() == [1, 2, 3, 4, 5]
    assert cum == pytest.approx([0.5, 0.8, 0.95, 0.99, 1.0])
    # C reaches 95 % and is key; D starts at 95 % and is not
    assert key.tolist() == [True, True, True, False, False]


def test_approach1_levels_and_trend_by_hand():
    res = key_category_analysis(series(), BASE, LATEST, threshold=0.95)
    a = res.assessments[res.assessments["coverage"] == "excluding"]

    def crit(c):
        return a[a["criterion"] == c].set_index("kca_id")

    # latest level: A .625, B .166667, C .129167, D .070833, E .008333
    lv = crit("L1")
    assert lv.loc[list("ABCDE"), "share"].tolist() == pytest.approx(
        [150 / 240, 40 / 240, 31 / 240, 17 / 240, 2 / 240])
    assert lv.loc[list("ABCDE"), "rank"].tolist() == [1, 2, 3, 4, 5]
    assert lv.loc[list("ABCDE"), "cumulative"].tolist() == pytest.approx(
        [0.625, 0.791667, 0.920833, 0.991667, 1.0], abs=1e-6)
    assert set(lv.index[lv["key"]]) == {"A", "B", "C", "D"}   # D starts at 92.1 % < 95 %
    # base-year level: A .5, B .3, C .15 (cumulative exactly .95), D .04, E .01
    by = crit("L1 BY")
    assert by.loc[list("ABCDE"), "cumulative"].tolist() == pytest.approx(
        [0.5, 0.8, 0.95, 0.99, 1.0])
    assert set(by.index[by["key"]]) == {"A", "B", "C"}
    # trend: T = .15, .16, .025, .037, .002 (sum .374): B .427807, A .401070, D .098930,
    # C .066845, E .005348; cumulative B .427807, A .828877, D .927807, C .994652, E 1
    tr = crit("T1")
    assert tr.loc[list("BADCE"), "rank"].tolist() == [1, 2, 3, 4, 5]
    assert tr.loc[list("BADCE"), "share"].tolist() == pytest.approx(
        [0.16 / 0.374, 0.15 / 0.374, 0.037 / 0.374, 0.025 / 0.374, 0.002 / 0.374])
    assert tr.loc[list("BADCE"), "cumulative"].tolist() == pytest.approx(
        [0.427807, 0.828877, 0.927807, 0.994652, 1.0], abs=1e-6)
    assert set(tr.index[tr["key"]]) == {"A", "B", "C", "D"}  # C starts at 92.8 % < 95 %
    s = res.summary.set_index("kca_id")
    assert s.loc["A", "criteria excluding"] == "L1, L1 BY, T1"
    assert s.loc["D", "criteria excluding"] == "L1, T1"
    assert s.loc["E", "criteria excluding"] == "" and not s.loc["E", "key"]


def test_flexibility_threshold_85_percent():
    res = key_category_analysis(series(), BASE, LATEST, threshold=0.85)
    lv = res.assessments[(res.assessments["criterion"] == "L1")
                         & (res.assessments["coverage"] == "excluding")]
    # cumulative before: A 0, B .625, C .791667 (< .85) key; D starts at .920833
    assert set(lv.loc[lv["key"], "kca_id"]) == {"A", "B", "C"}


def test_approach2_weighting_by_uncertainty():
    u = pd.Series({("A", "CO2"): 5.0, ("B", "CO2"): 10.0, ("C", "CO2"): 50.0,
                   ("D", "CO2"): 100.0, ("E", "CO2"): 190.0})
    res = key_category_analysis(series(), BASE, LATEST, uncertainty=u,
                                approach2_threshold=0.90)
    a = res.assessments
    l2 = a[(a["criterion"] == "L2") & (a["coverage"] == "excluding")].set_index("kca_id")
    # Eq. 4.4: L x U = A 150/240 x 5 = 3.125, B 40/240 x 10 = 1.666667,
    # C 31/240 x 50 = 6.458333, D 17/240 x 100 = 7.083333, E 2/240 x 190 = 1.583333;
    # sum 19.916667
    lu = [3.125, 1.666667, 6.458333, 7.083333, 1.583333]
    assert l2.loc[list("ABCDE"), "share"].tolist() == pytest.approx(
        [x / 19.916667 for x in lu], abs=1e-6)
    # order D .355649, C .324268, A .156904, B .083682, E .079498
    assert l2.loc[list("DCABE"), "rank"].tolist() == [1, 2, 3, 4, 5]
    assert l2.loc[list("DCABE"), "cumulative"].tolist() == pytest.approx(
        [0.355649, 0.679916, 0.836820, 0.920502, 1.0], abs=1e-6)
    # 90 %: B starts at 83.7 % and is key, E starts at 92.1 % and is not
    assert set(l2.index[l2["key"]]) == {"D", "C", "A", "B"}
    assert "L2" in res.summary.set_index("kca_id").loc["D", "criteria excluding"]


def test_with_lulucf_and_qualitative():
    res = key_category_analysis(series(with_lulucf=True), BASE, LATEST, qualitative=[
        {"category": "2.A.5", "gas": "CO2", "reason": "new technology, policy relevant"}])
    a = res.assessments
    inc = a[(a["criterion"] == "L1") & (a["coverage"] == "including")].set_index("kca_id")
    assert inc.loc["F", "share"] == pytest.approx(80 / 320)
    assert inc.loc["A", "share"] == pytest.approx(150 / 320)
    exc = a[a["coverage"] == "excluding"]
    assert "F" not in set(exc["kca_id"])   # LULUCF is not in the assessment without it
    s = res.summary.set_index("kca_id")
    assert s.loc["E", "criteria excluding"] == "Q" and s.loc["E", "key"]
    assert s.loc["E", "qualitative"] == "new technology, policy relevant"
    assert s.loc["F", "criteria excluding"] == "" and "L1" in s.loc["F", "criteria including"]
    with pytest.raises(InputError, match="matches no category"):
        key_category_analysis(series(), BASE, LATEST,
                              qualitative=[{"category": "4.D", "reason": "x"}])
