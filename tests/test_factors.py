"""Layered factor lookup: IPCC default < national < provincial < plant."""

import numpy as np
import pandas as pd
import pytest

from inventory import schema
from inventory.errors import MethodInputError
from inventory.factors import FactorDB
from tests.conftest import national_parameters
from tests.tiers import sample


def keys(*rows):
    return pd.DataFrame(rows, columns=["region", "year", "category", "activity"])


@pytest.fixture(scope="module")
def layered():
    p = national_parameters(
        ("NCV", "*", "other_bituminous_coal", "-", 23.6, "TJ/kt"),
        ("NCV", "*", "other_bituminous_coal", "-", 22.4, "TJ/kt", "provincial", "NTH"),
        ("NCV", "1.A.1.a", "other_bituminous_coal", "-", 21000, "TJ/Mt", "plant", "NTH"),
    )
    p.loc[2, "year_from"] = 2020
    return FactorDB.with_defaults(p)


def test_most_specific_layer_wins(layered):
    r = layered.lookup(keys(("STH", 2010, "1.A.2.f", "other_bituminous_coal"),
                            ("NTH", 2010, "1.A.2.f", "other_bituminous_coal"),
                            ("NTH", 2021, "1.A.1.a", "other_bituminous_coal"),
                            ("NTH", 2019, "1.A.1.a", "other_bituminous_coal"),
                            ("NTH", 2010, "1.A.2.f", "lignite")), "NCV", "TJ/kt")
    # 21000 TJ/Mt = 21.0 TJ/kt (unit converted by pint); lignite: Table 1.2 default 11.9
    assert r.value.tolist() == pytest.approx([23.6, 22.4, 21.0, 22.4, 11.9])
    assert r.layer.tolist() == ["national", "provincial", "plant", "provincial", "ipcc_default"]
    assert r.source[-1] == "IPCC 2006 Vol.2 Ch.1 Table 1.2"


def test_category_specificity_within_a_layer(ipcc_factors):
    # Table 2.2 (1.A.1) gives coal CH4 1 kg/TJ, Table 2.5 (1.A.4.b) gives 300 kg/TJ
    r = ipcc_factors.lookup(keys(("X", 2000, "1.A.1.a", "other_bituminous_coal"),
                                 ("X", 2000, "1.A.4.b", "other_bituminous_coal")),
                            "EF", "kg/TJ", "CH4")
    assert r.value.tolist() == [1.0, 300.0]
    assert "Table 2.2" in r.source[0] and "Table 2.5" in r.source[1]


def test_missing_factor_is_a_clear_error(ipcc_factors):
    with pytest.raises(MethodInputError, match=r"no EF CO2 factor at Tier 2 for natural_gas "
                                               r"in 1.A.1.a"):
        ipcc_factors.require(keys(("X", 2000, "1.A.1.a", "natural_gas")), "EF", "kg/TJ", "CO2",
                             ("national",), tier=2)


def test_not_found_is_nan(ipcc_factors):
    r = ipcc_factors.lookup(keys(("X", 2000, "1.A.1.a", "no_such_fuel")), "EF", "kg/TJ", "CO2")
    assert not r.found[0] and np.isnan(r.value[0])


def _reference_lookup(table: pd.DataFrame, rows: pd.DataFrame, parameter: str, gas: str,
                      layers: tuple[str, ...]) -> list:
    """The documented rule, one row at a time: among matching parameter rows the most
    specific layer, then category depth, then a specific region, then an exact activity,
    then the narrower year range; an exact tie goes to the later row (rows of the row's
    activity first, then the '*' ones, each in table order)."""
    t = table[(table["parameter"] == parameter) & (table["gas"] == gas)
              & table["layer"].isin(layers)]
    t = pd.concat([t[t["activity"] != "*"], t[t["activity"] == "*"]])
    out, cands = [], list(t.itertuples(index=False))
    for r in rows.itertuples(index=False):
        best, best_score = None, None
        for c in cands:
            if not (c.category == "*" or c.category == r.category
                    or r.category.startswith(c.category + ".")):
                continue
            if c.activity not in ("*", r.activity) or c.region not in ("*", r.region):
                continue
            if not c.year_from <= r.year <= c.year_to:
                continue
            depth = 0 if c.category == "*" else c.category.count(".") + 1
            score = (schema.LAYERS.index(c.layer) * 10_000 + depth * 100
                     + (c.activity != "*") * 1.0 + (c.region != "*") * 10.0
                     + 1.0 / (2.0 + (c.year_to - c.year_from)))
            if best_score is None or score >= best_score:
                best, best_score = c, score
        out.append(None if best is None else best.parameter_id)
    return out


@pytest.mark.parametrize("seed", sample(range(3), key=lambda _: 0))
def test_indexed_lookup_equals_the_rule_row_by_row(seed):
    # random overlapping layers, regions, wildcards and year ranges (ranges of the same width
    # that overlap are exact ties)
    rng = np.random.default_rng(seed)
    cats = ["*", "1", "1.A", "1.A.1", "1.A.1.a", "1.A.2", "1.A.2.f", "2.A.1"]
    acts, regions = ["*", "coal", "gas"], ["*", "N", "S"]
    n = 60
    t = pd.DataFrame({
        "parameter": "EF", "gas": rng.choice(["CO2", "CH4"], n),
        "category": rng.choice(cats, n), "activity": rng.choice(acts, n),
        "region": rng.choice(regions, n), "layer": rng.choice(schema.LAYERS, n),
        "year_from": rng.choice([1900, 1990, 1995, 2000, 2010], n)})
    t["year_to"] = t["year_from"] + rng.choice([5, 10, 200], n)
    tie = {"parameter": "EF", "gas": "CO2", "category": "1.A.1.a", "activity": "coal",
           "region": "*", "layer": "plant"}
    t = pd.concat([t, pd.DataFrame([{**tie, "year_from": 1990, "year_to": 2000},
                                    {**tie, "year_from": 1995, "year_to": 2005}])])
    t = t.drop_duplicates(["gas", "category", "activity", "region", "year_from", "layer"],
                          keep="last", ignore_index=True)
    t["value"] = np.arange(len(t), dtype=float)
    t["parameter_id"] = [f"r{i}" for i in range(len(t))]
    for col, v in (("unit", "kg/TJ"), ("lower", np.nan), ("upper", np.nan),
                   ("distribution", None), ("source", "test"), ("source_ref", "test")):
        t[col] = v
    db = FactorDB(t)
    q = pd.DataFrame({"region": rng.choice(["N", "S", "W"], 100),
                      "year": rng.choice([1980, 1995, 2000, 2005, 2012, 2300], 100),
                      "category": rng.choice(cats[1:] + ["1.A.1.b", "3.A"], 100),
                      "activity": rng.choice(["coal", "gas", "oil"], 100)})
    for gas in ("CO2", "CH4"):
        for layers in (schema.LAYERS, ("ipcc_default",), ("national", "plant")):
            got = db.lookup(q, "EF", "kg/TJ", gas, layers)
            want = _reference_lookup(db.table, q, "EF", gas, layers)
            assert [p if f else None for p, f in zip(got.parameter_id, got.found,
                                                     strict=True)] == want
            vals = db.table.set_index("parameter_id")["value"]
            assert np.array_equal(got.value[got.found],
                                  vals.loc[[w for w in want if w]].to_numpy())
