"""Category trees, crosswalk and aggregation."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.categories import (
    _ipcc_codes,
    aggregate_crt,
    crosswalk,
    crt_ancestors,
    crt_tree,
    national_totals,
    to_crt,
)
from inventory.errors import InputError
from inventory.methods import category_matches, registered_methods
from tests.tiers import examples


def test_crt_renumbers_sectors():
    tree = crt_tree()
    assert tree.loc["3", "title"] == "Agriculture"
    assert tree.loc["4", "title"] == "Land use, land-use change and forestry"
    assert tree.loc["5", "title"] == "Waste"


def test_every_method_leaf_maps_to_exactly_one_crt_row():
    cw = crosswalk()
    assert not cw.index.duplicated().any()
    assert set(cw.index) <= _ipcc_codes(), "crosswalk keys must be IPCC 2006 codes"
    assert set(cw) <= set(crt_tree().index), "crosswalk targets must be CRT rows"
    for m in registered_methods():
        leaves = [c for c in _ipcc_codes()
                  if any(category_matches(c, p) for p in m.categories)
                  and not any(o != c and o.startswith(c + ".") for o in _ipcc_codes())]
        missing = [c for c in leaves if c not in cw.index]
        assert not missing, f"{m.name}: leaves without a CRT row: {missing}"


def test_ipcc_2006_manufacturing_codes_map_onto_crt_other():
    # IPCC 2006 1.A.2.h (machinery) is CRT 1.A.2.g.i; 1.A.2.k (construction) is 1.A.2.g.v
    assert to_crt(pd.Series(["1.A.2.h", "1.A.2.k"])).tolist() == ["1.A.2.g.i", "1.A.2.g.v"]
    assert crt_ancestors("1.A.2.g.v") == ("1.A.2.g.v", "1.A.2.g", "1.A.2", "1.A", "1", "TOTAL")


def test_bunkers_are_outside_the_national_total():
    for code in ("1.A.3.a.i", "1.A.3.d.i", "1.A.5.c"):
        assert "TOTAL" not in crt_ancestors(to_crt(pd.Series([code])).iloc[0])


def test_unmapped_code_is_an_error():
    with pytest.raises(InputError, match="no CRT reporting row"):
        to_crt(pd.Series(["9.Z"]))


def emissions(rows):
    df = pd.DataFrame(rows, columns=["region", "year", "category", "gas", "value",
                                     "notation_key"])
    df["memo"] = False
    return df


@settings(max_examples=examples(30), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["1.A.1.a", "1.A.2.c", "1.A.2.k", "1.A.3.b.i",
                                           "1.A.4.b", "1.A.5.a"]),
                          st.floats(0, 1e5)), min_size=1, max_size=15, unique_by=lambda t: t[0]))
def test_children_sum_to_parent(rows):
    agg = aggregate_crt(emissions([("R", 2020, c, "CO2", v, None) for c, v in rows]))
    by = agg.set_index("crt")["value"]
    for parent in ("1.A.1", "1.A.2", "1.A", "1", "TOTAL"):
        kids = [c for c in crt_tree().index if crt_tree().loc[c, "parent"] == parent
                and c in by.index]
        if kids:
            assert by[parent] == pytest.approx(by[kids].sum())
    assert by["TOTAL"] == pytest.approx(sum(v for _, v in rows))


def test_keys_roll_up_and_memo_is_excluded():
    df = emissions([("R", 2020, "1.A.1.a", "CO2", 10.0, None),
                    ("R", 2020, "1.A.5.a", "CO2", np.nan, "IE"),
                    ("R", 2020, "1.A.4.b", "CO2", np.nan, "NE")])
    df.loc[len(df)] = ["R", 2020, "1.A.4.b", "CO2", 99.0, None, True]  # biomass memo row
    df["memo"] = df["memo"].astype(bool)
    agg = aggregate_crt(df).set_index("crt")
    assert agg.loc["1.A.5", "notation_key"] == "IE" and np.isnan(agg.loc["1.A.5", "value"])
    assert agg.loc["1.A.4", "notation_key"] == "NE"
    assert agg.loc["1.A", "value"] == 10.0 and bool(agg.loc["1.A", "incomplete"])


def test_totals_with_and_without_lulucf():
    agg = pd.DataFrame({"region": "R", "year": 2020, "crt": ["TOTAL", "4", "1"],
                        "value": [80.0, -20.0, 100.0]})
    t = national_totals(agg).iloc[0]
    # TOTAL already nets the -20 kt sink: with LULUCF 80, without 80 - (-20) = 100
    assert t["total_with_lulucf"] == 80.0 and t["total_without_lulucf"] == 100.0


def test_ipcc2006_codes_and_titles_come_back_from_the_cache_as_climate_categories_has_them(
        monkeypatch, tmp_path):
    from inventory import categories

    monkeypatch.setenv("GHGI_CACHE_DIR", str(tmp_path))
    categories._ipcc2006_index.cache_clear()
    cats = list(categories.ipcc2006().values())
    built = categories.ipcc2006_codes()                    # built, then stored
    assert built == [c.codes[0] for c in cats]
    assert len(list((tmp_path / "categories").glob("IPCC2006-*.json"))) == 1
    categories._ipcc2006_index.cache_clear()
    monkeypatch.setattr(categories, "ipcc2006", None)     # building again would fail now
    assert categories.ipcc2006_codes() == built
    assert categories.ipcc2006_title("1.A") == "Fuel Combustion Activities"
    assert categories.ipcc2006_title("1A") == "Fuel Combustion Activities"   # alternative code
    assert categories.ipcc2006_title("9.Z") == "" and categories.ipcc2006_title(None) == ""
    assert all(categories.ipcc2006_title(c.codes[0]) == str(c.title) for c in cats)
    monkeypatch.undo()
    categories._ipcc2006_index.cache_clear()
