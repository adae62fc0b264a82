"""Time-series consistency (IPCC 2006 Vol.1 Ch.5): the splicing techniques on worked examples
and the rules applied to activity and parameters tables with provenance."""

from __future__ import annotations

import pandas as pd
import pytest

from inventory.analysis.timeseries import (
    apply_rules,
    extrapolate_trend,
    interpolate_linear,
    overlap_splice,
    surrogate_splice,
)
from inventory.errors import InputError
from tests.conftest import activity_rows, national_parameters


def test_overlap_eq_5_1():
    # old method 2000-2004: 100 110 120 130 140; new method only 2002-2004: 126 136.5 147
    # ratios y/x = 1.05 in each overlap year -> y_2000 = 100 x 1.05, y_2001 = 110 x 1.05
    got = overlap_splice([100.0, 110.0], [126.0, 136.5, 147.0], [120.0, 130.0, 140.0])
    assert got == pytest.approx([105.0, 115.5])
    # unequal ratios: their mean, (1.1 + 1.0) / 2 = 1.05
    assert overlap_splice([200.0], [110.0, 100.0], [100.0, 100.0]) == pytest.approx([210.0])


def test_surrogate_eq_5_2():
    # y_2010 = 50 with population s_2010 = 10; s_2005 = 8 -> y_2005 = 50 x 8 / 10 = 40
    assert surrogate_splice([8.0], [50.0], [10.0]) == pytest.approx([40.0])


def test_interpolation_and_extrapolation():
    # 2008 = 100, 2011 = 130: 2009 = 110, 2010 = 120
    assert interpolate_linear([2008, 2011], [100.0, 130.0], [2009, 2010]) == pytest.approx(
        [110.0, 120.0])
    with pytest.raises(InputError, match="both sides"):
        interpolate_linear([2008, 2011], [100.0, 130.0], [2012])
    # 2010-2014: 10 12 14 16 18 -> slope 2: 2015 = 20, 2016 = 22
    assert extrapolate_trend([2010, 2011, 2012, 2013, 2014], [10, 12, 14, 16, 18.0],
                             [2015, 2016]) == pytest.approx([20.0, 22.0])
    # backwards, falling below zero: set to 0
    assert extrapolate_trend([2010, 2011], [1.0, 5.0], [2008]) == pytest.approx([0.0])


def activity():
    rows = []
    for y, v in zip(range(2005, 2011), [100, "NE", "NE", 130, 140, 150], strict=True):
        rows.append(("NTH", y, "1.A.4.b", "lpg", v))
        rows.append(("NTH", y, "1.A.4.a", "lpg", 50 + 10 * (y - 2005)))
    for y in range(2005, 2011):
        rows.append(("NTH", y, "1.A.2.c", "lpg", "NE" if y < 2007 else 20.0 * (1.1 ** (y - 2005))))
    rows.append(("NTH", 2007, "1.A.4.c.i", "lpg", "NE"))
    rows.append(("NTH", 2006, "1.A.4.c.i", "lpg", 5.0))
    rows.append(("NTH", 2008, "1.A.4.c.i", "lpg", 6.0))
    return activity_rows(*rows)


def test_rules_fill_activity_with_provenance():
    act = activity()
    rules = [
        {"category": "1.A.4.b", "activity": "lpg", "method": "interpolation",
         "note": "survey missing"},
        {"category": "1.A.2.c", "activity": "lpg", "method": "surrogate",
         "reference": {"category": "1.A.4.a", "activity": "lpg"}, "reference_years": [2007]},
    ]
    filled, _, prov = apply_rules(act, national_parameters(), rules)
    s = filled[filled["category"] == "1.A.4.b"].set_index("year")
    # 2005 = 100, 2008 = 130: 2006 = 110, 2007 = 120
    assert s.loc[2006, "value"] == pytest.approx(110.0)
    assert s.loc[2007, "value"] == pytest.approx(120.0)
    assert pd.isna(s.loc[2007, "notation_key"])
    assert "interpolation" in s.loc[2007, "source"] and s.loc[2007, "note"] == "survey missing"
    # the row keeps its id: emission rows computed from it point at it
    assert s.loc[2007, "activity_id"] == act.set_index(["category", "year"]).loc[
        ("1.A.4.b", 2007), "activity_id"]
    # surrogate: 1.A.2.c 2007 = 20 x 1.1^2 = 24.2 with 1.A.4.a 2007 = 70 -> ratio 24.2 / 70;
    # 2005: 50 x 24.2 / 70 = 17.2857, 2006: 60 x 24.2 / 70 = 20.7429
    c = filled[filled["category"] == "1.A.2.c"].set_index("year")
    assert c.loc[2005, "value"] == pytest.approx(50 * 24.2 / 70)
    assert c.loc[2006, "value"] == pytest.approx(60 * 24.2 / 70)
    p = prov[prov["status"] == "filled"]
    assert len(p) == 4 and set(p["method"]) == {"interpolation", "surrogate"}
    assert set(p["equation"]) == {"IPCC 2006 Vol.1 Ch.5 Sect. 5.3.3.3",
                                  "IPCC 2006 Vol.1 Ch.5 Eq. 5.2"}
    assert (p["value_before"] == "NE").all()
    # the NE between reported years without a rule is listed, not filled
    gaps = prov[prov["status"] == "unfilled gap"]
    assert gaps[["category", "year"]].values.tolist() == [["1.A.4.c.i", 2007]]
    assert filled.query("category == '1.A.4.c.i' and year == 2007")["notation_key"].iloc[0] \
        == "NE"


def test_rules_splice_parameters_by_overlap():
    par = national_parameters(("EF", "1.A.4.b", "lpg", "CH4", 5.0, "kg/TJ"))
    par = par.assign(year_from=2008, year_to=2008)
    extra = national_parameters(("EF", "1.A.4.b", "lpg", "CH4", 6.0, "kg/TJ")).assign(
        year_from=2009, year_to=2009, parameter_id="p9")
    par = pd.concat([par, extra], ignore_index=True)
    # the old series (IPCC default for LPG in 1.A.4.b, 5 kg/TJ) given inline here: 4 in 2005,
    # 5 in 2008, 5 in 2009 -> mean ratio new/old over 2008-2009 = (5/5 + 6/5) / 2 = 1.1
    rule = {"table": "parameters", "parameter": "EF", "category": "1.A.4.b", "activity": "lpg",
            "gas": "CH4", "method": "overlap", "years": [2005],
            "reference_values": {2005: 4.0, 2008: 5.0, 2009: 5.0}}
    _, out, prov = apply_rules(activity(), par, [rule])
    new = out[out["parameter_id"].str.startswith("timeseries:")]
    assert new[["year_from", "year_to"]].values.tolist() == [[2005, 2005]]
    assert new["value"].iloc[0] == pytest.approx(4.0 * 1.1)
    assert "overlap 2008-2009" in prov["inputs"].iloc[0]
    with pytest.raises(InputError, match="method"):
        apply_rules(activity(), par, [{"category": "1.A.4.b", "activity": "lpg",
                                        "method": "guess"}])


def test_rule_errors_name_the_rule():
    with pytest.raises(InputError, match="rule 1"):
        apply_rules(activity(), national_parameters(), [
            {"category": "1.A.9", "activity": "lpg", "method": "interpolation"}])
