"""Notation-key roll-up rules (inventory/notation.py docstring)."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from inventory.notation import NotationKey, parse_notation_key, rollup


def frame(*cells):
    values = [np.nan if isinstance(c, str) else c for c in cells]
    keys = [c if isinstance(c, str) else None for c in cells]
    return pd.DataFrame({"g": "parent", "value": values, "notation_key": keys})


def one(*cells):
    r = rollup(frame(*cells), ["g"]).iloc[0]
    return r["value"], r["notation_key"], bool(r["incomplete"])


def test_all_no_children_give_no():
    v, k, inc = one("NO", "NO")
    assert np.isnan(v) and k == "NO" and not inc


def test_number_plus_ne_stays_number_flagged_incomplete():
    v, k, inc = one(12.5, "NE", 0.5)
    assert v == 13.0 and pd.isna(k) and inc


def test_number_plus_no_and_ie_is_the_number():
    v, k, inc = one(3.0, "NO", "IE", "NA")
    assert v == 3.0 and pd.isna(k) and not inc


def test_keys_only_follow_precedence():
    assert one("NO", "NA")[1] == "NO"
    assert one("NO", "IE")[1] == "IE"
    assert one("IE", "NE", "NO")[1] == "NE"
    assert one("NA", "NA")[1] == "NA"


def test_confidential_only_parent_stays_confidential():
    df = pd.DataFrame({"g": "p", "value": [4.0, 2.0], "notation_key": ["C", "C"]})
    r = rollup(df, ["g"]).iloc[0]
    assert r["notation_key"] == "C" and r["value"] == 6.0
    # with a public number beside it, the sum can be shown
    df = pd.DataFrame({"g": "p", "value": [4.0, 2.0], "notation_key": ["C", None]})
    r = rollup(df, ["g"]).iloc[0]
    assert pd.isna(r["notation_key"]) and r["value"] == 6.0


def test_parse_notation_key():
    assert parse_notation_key(" n/a ") is NotationKey.NA
    assert parse_notation_key("ne") is NotationKey.NE
    assert parse_notation_key("0") is None and parse_notation_key(3.0) is None


@given(st.lists(st.one_of(st.floats(0, 1e6), st.sampled_from(["NO", "NE", "NA", "IE"])),
                min_size=1, max_size=12))
def test_parent_is_sum_of_numeric_children(cells):
    v, k, inc = one(*cells)
    nums = [c for c in cells if not isinstance(c, str)]
    if nums:
        assert np.isclose(v, sum(nums)) and pd.isna(k)
        assert inc == ("NE" in cells)
    else:
        assert np.isnan(v) and k in {"NO", "NE", "NA", "IE"}
