"""Solid waste disposal 4.A: the FOD model against hand calculations, its mass balance, limit
cases, the history methods, composition and recovery."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB
from inventory.methods import MethodInput
from sectors.waste.solid_waste_disposal import (
    back_extrapolate_trend,
    compute_solid_waste_disposal,
    fitted_growth,
    fod_decay,
    fod_model,
)
from tests.conftest import activity_rows, national_parameters
from tests.test_waste_kit import compute, method_input
from tests.tiers import examples

WET = {"climate_zone": "boreal_temperate_wet", "history": {"method": "none",
                                                            "start_year": 2000}}


def run(rows, factors, options, tier=1):
    return method_input(rows, factors, options, {"4.A": tier})


def series(activity, years, values, cat="4.A.1", region="R"):
    return [(region, y, cat, activity, v, "kt") for y, v in zip(years, values, strict=True)]


def test_fod_worked_example_by_hand(ipcc_factors):
    # 100 kt food waste a year in a managed anaerobic site, boreal/temperate wet, Tier 1:
    # DDOCm = W x DOC x DOCf x MCF = 100 x 0.15 x 0.5 x 1.0 = 7.5 kt C a year (Eq. 3.2)
    # k = 0.185 /yr (Table 3.3), delay 6 months -> decay starts 1 January of the next year.
    inp = run(series("food:managed_anaerobic", [2000, 2001, 2002], [100, 100, 100]),
              ipcc_factors, WET)
    t = fod_model(inp).table.set_index("year")
    e = math.exp(-0.185)                       # 0.8311042...
    assert t.loc[2000, "ddocm_deposited"] == pytest.approx(7.5)
    # 2000: nothing decomposes in the deposit year
    assert t.loc[2000, "ch4_generated"] == pytest.approx(0.0, abs=1e-12)
    # 2001: DDOCma(2000) = 7.5; decomposed = 7.5 x (1 - e^-0.185) = 1.26672
    #       CH4 = 1.26672 x F 0.5 x 16/12 = 0.844479 kt
    assert t.loc[2001, "ddocm_decomposed"] == pytest.approx(7.5 * (1 - e))
    assert t.loc[2001, "ch4_generated"] == pytest.approx(0.844479, rel=1e-5)
    # 2002: DDOCma(2001) = 7.5 + 7.5 x e = 13.73328; decomposed = 13.73328 x (1 - e) = 2.31949
    #       CH4 = 2.31949 x 0.5 x 16/12 = 1.546329 kt
    assert t.loc[2001, "ddocm_accumulated"] == pytest.approx(7.5 + 7.5 * e)
    assert t.loc[2002, "ch4_generated"] == pytest.approx(1.546329, rel=1e-5)
    # OX = 0 (Table 3.2), no recovery: emitted = generated
    em = compute(inp)
    ch4 = em[(em["gas"] == "CH4") & ~em["memo"]].set_index("year")["value"]
    assert ch4[2002] == pytest.approx(1.546329, rel=1e-5)
    # memo: stored carbon = W x DOC x (1 - DOCf) = 100 x 0.15 x 0.5 = 7.5 kt C = 27.5 kt CO2
    stored = em[(em["gas"] == "CO2") & em["memo"]]
    assert (stored["category"] == "4.A").all()
    assert stored["value"].to_numpy() == pytest.approx([7.5 * 44 / 12] * 3)


def reference_recursion(d, k, m):
    """Eqs. 3.4/3.5 with the Annex 3A.1 delay, year by year (the test's own loop)."""
    a = math.exp(-k * (13 - m) / 12)
    acc_prev, dec_out, acc_out = 0.0, [], []
    for dep in d:
        dec = dep * (1 - a) + acc_prev * (1 - math.exp(-k))
        acc = dep * a + acc_prev * math.exp(-k)
        dec_out.append(dec)
        acc_out.append(acc)
        acc_prev = acc
    return np.array(dec_out), np.array(acc_out)


@settings(max_examples=examples(60), deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 40)),
              elements=st.floats(0, 1e4)),
       st.floats(1e-3, 5.0), st.floats(0, 6))
def test_mass_balance_and_recursion_for_any_history(deposits, k, delay):
    m = 7 + delay
    dec, acc = fod_decay(deposits, k, m)
    # DOC deposited = DOC decomposed + DOC remaining, year by year and in total
    assert deposits.sum(axis=1) == pytest.approx(dec.sum(axis=1) + acc[:, -1], rel=1e-9,
                                                 abs=1e-6)
    prev = np.hstack([np.zeros((len(deposits), 1)), acc[:, :-1]])
    assert np.allclose(prev + deposits, dec + acc, rtol=1e-9, atol=1e-6)
    assert (dec >= -1e-9).all() and (acc >= -1e-9).all()
    for i, row in enumerate(deposits):
        rd, ra = reference_recursion(row, k, m)
        assert np.allclose(dec[i], rd, rtol=1e-9, atol=1e-6)
        assert np.allclose(acc[i], ra, rtol=1e-9, atol=1e-6)


def test_cohort_keeps_the_k_of_its_deposit_year():
    # two cohorts with different k: each decays at its own rate
    d = np.array([[10.0, 10.0, 0.0, 0.0]])
    k = np.array([[0.1, 0.5, 0.5, 0.5]])
    dec, acc = fod_decay(d, k, 13)
    # end of year 3: 10 e^-0.1x3 + 10 e^-0.5x2
    assert acc[0, 3] == pytest.approx(10 * math.exp(-0.3) + 10 * math.exp(-1.0))


def test_very_large_k_emits_in_the_disposal_year_without_delay():
    d = np.array([[5.0, 0.0, 3.0, 0.0]])
    dec, acc = fod_decay(d, 1e6, 7)           # no delay: decay from mid deposit year
    assert dec == pytest.approx(d)
    assert acc == pytest.approx(np.zeros_like(d))
    dec6, _ = fod_decay(d, 1e6, 13)           # 6-month delay: all of it the next year
    assert dec6 == pytest.approx(np.array([[0.0, 5.0, 0.0, 3.0]]))


def test_zero_disposal_gives_declining_emissions(ipcc_factors):
    years = list(range(2000, 2012))
    values = [100.0] * 4 + [0.0] * 8
    inp = run(series("paper:managed_anaerobic", years, values), ipcc_factors, WET)
    em = compute(inp)
    ch4 = em[(em["gas"] == "CH4") & ~em["memo"]].set_index("year")["value"]
    after = ch4.loc[2005:].to_numpy()
    assert (after > 0).all()
    assert (np.diff(after) < 0).all()
    # pure exponential decay after disposal stops: ratio e^-k (paper, k = 0.06)
    assert after[1:] / after[:-1] == pytest.approx(np.full(len(after) - 1, math.exp(-0.06)))


def test_history_trend_with_given_growth(ipcc_factors):
    opts = {"climate_zone": "boreal_temperate_wet",
            "history": {"method": "trend", "start_year": 1990, "growth": 0.05}}
    inp = run(series("wood:managed_anaerobic", [2000, 2001], [100, 110]), ipcc_factors, opts)
    t = fod_model(inp).table.set_index("year")
    # W(1995) = 100 / 1.05^5 = 78.3526
    assert t.loc[1995, "deposited"] == pytest.approx(100 / 1.05 ** 5)
    assert t.loc[1990, "history"] and not t.loc[2000, "history"]
    assert back_extrapolate_trend(np.array([100.0]), 0.05, np.array([5]))[0, 0] == \
        pytest.approx(78.3526, rel=1e-5)
    em = compute(inp)
    assert em["parameter_ids"].str.contains("history=trend").all()


def test_fitted_growth_recovers_an_exponential_trend():
    years = np.arange(2000, 2010)
    values = 50 * 1.03 ** (years - 2000)
    assert fitted_growth(values[None, :], years)[0] == pytest.approx(0.03)


def test_history_population_and_given_rows(ipcc_factors):
    pars = national_parameters(
        *[("population", "4.A", "*", "-", 1e6 * (1 + 0.01 * (y - 1995)), "head")
          for y in range(1995, 2001)])
    pars["year_from"] = pars["year_to"] = list(range(1995, 2001))
    hist = national_parameters(("disposal_history", "4.A.1", "food:managed_anaerobic", "-",
                                42.0, "kt"))
    hist["year_from"] = hist["year_to"] = 1997
    hist["parameter_id"] = "hist1997"
    f = FactorDB.with_defaults(pd.concat([pars, hist], ignore_index=True))
    opts = {"climate_zone": "tropical_wet",
            "history": {"method": "population", "start_year": 1995}}
    inp = run(series("food:managed_anaerobic", [2000, 2001], [100, 100]), f, opts)
    t = fod_model(inp).table.set_index("year")
    # population method: W(1996) = W(2000) x P(1996)/P(2000) = 100 x 1.01/1.05
    assert t.loc[1996, "deposited"] == pytest.approx(100 * 1.01 / 1.05)
    # a given disposal_history row wins over the method
    assert t.loc[1997, "deposited"] == pytest.approx(42.0)
    em = compute(inp)
    # CH4 depends on the history (given row and population); the carbon stored in an
    # inventory year only on that year's disposal
    ch4 = em[em["gas"] == "CH4"]["parameter_ids"].str.split(";")
    assert ch4.map(lambda ids: {"hist1997", "p0", "p4", "p5"} <= set(ids)).all()
    stored = em[em["gas"] == "CO2"]["parameter_ids"]
    assert not stored.str.contains("hist1997").any()


def test_history_given_requires_every_year(ipcc_factors):
    opts = {"climate_zone": "tropical_wet", "history": {"method": "given",
                                                          "start_year": 1998}}
    inp = run(series("food:managed_anaerobic", [2000], [100]), ipcc_factors, opts)
    with pytest.raises(MethodInputError, match="no disposal_history .* year 1998"):
        compute(inp)


def composition(**fr):
    return national_parameters(*[("msw_fraction", "4", c, "-", v, "fraction")
                                 for c, v in fr.items()])


def test_msw_split_by_composition_equals_its_components(ipcc_factors):
    f = FactorDB.with_defaults(composition(food=0.5, paper=0.3, plastics=0.2))
    years = [2000, 2001, 2002, 2003]
    msw = run(series("msw:managed_anaerobic", years, [100] * 4), f, WET)
    parts = run(series("food:managed_anaerobic", years, [50] * 4)
                + series("paper:managed_anaerobic", years, [30] * 4), f, WET)
    a = compute(msw)
    b = compute(parts)
    ch4_a = a[(a["gas"] == "CH4") & ~a["memo"]].groupby("year")["value"].sum()
    ch4_b = b[(b["gas"] == "CH4") & ~b["memo"]].groupby("year")["value"].sum()
    assert ch4_a.to_numpy() == pytest.approx(ch4_b.to_numpy())
    assert ch4_a.iloc[-1] > 0


def test_bulk_msw_uses_the_composition_doc(ipcc_factors):
    # bulk DOC = 0.5 x 0.15 + 0.3 x 0.40 = 0.195 (Eq. 2.4); DDOCm = 100 x 0.195 x 0.5 x 1
    f = FactorDB.with_defaults(composition(food=0.5, paper=0.3, plastics=0.2))
    inp = run(series("msw:managed_anaerobic", [2000, 2001], [100, 100]), f,
              {**WET, "msw": "bulk"})
    t = fod_model(inp).table.set_index("year")
    assert t.loc[2000, "ddocm_deposited"] == pytest.approx(100 * 0.195 * 0.5)
    # bulk waste k (boreal/temperate wet) = 0.09
    assert t.loc[2001, "ddocm_decomposed"] == pytest.approx(9.75 * (1 - math.exp(-0.09)))


def test_recovery_and_oxidation_tier2():
    f = FactorDB.with_defaults(national_parameters(("OX", "4.A.1", "*", "-", 0.1,
                                                    "fraction")))
    rows = series("food:managed_anaerobic", [2000, 2001], [100, 100]) + \
        [("R", 2001, "4.A.1", "ch4_recovered", 0.3, "kt")]
    inp = run(rows, f, WET, tier=2)
    em = compute(inp)
    ch4 = em[(em["gas"] == "CH4") & ~em["memo"]].set_index("year")["value"]
    # (0.844479 - 0.3) x (1 - 0.1) = 0.490031
    assert ch4[2001] == pytest.approx((0.844479 - 0.3) * 0.9, rel=1e-5)
    rec = em[(em["activity"] == "ch4_recovered")]
    assert rec["memo"].all() and rec["value"].iloc[0] == pytest.approx(0.3)
    # Tier 1 ignores the national OX: generated = emitted
    em1 = compute(run(rows, f, WET, tier=1))
    assert em1[(em1["gas"] == "CH4") & ~em1["memo"]].set_index("year")["value"][2001] == \
        pytest.approx(0.844479 - 0.3, rel=1e-5)


def test_notation_key_series_give_keyed_rows(ipcc_factors):
    inp = run([("R", 2000, "4.A.2", "wood:unmanaged_shallow", "NO"),
               ("R", 2001, "4.A.2", "wood:unmanaged_shallow", "NO")], ipcc_factors, WET)
    em = compute(inp)
    assert set(em["notation_key"].astype(str)) == {"NO"}
    assert em["value"].isna().all()


def test_tier3_requires_national_doc_and_k(ipcc_factors):
    inp = run(series("food:managed_anaerobic", [2000, 2001], [100, 100]), ipcc_factors, WET,
              tier=3)
    # one message naming both country-specific parameters Tier 3 requires
    with pytest.raises(MethodInputError, match=r"missing 2 parameter\(s\): DOC at Tier 3 "
                                               r"\(layers national, provincial, plant\) for "
                                               r"food in 4\.A\.1.* \| k at Tier 3"):
        compute(inp)


def test_missing_climate_zone_is_named(ipcc_factors):
    inp = run(series("food:managed_anaerobic", [2000], [100]), ipcc_factors,
              {"history": {"method": "none"}})
    with pytest.raises(MethodInputError, match="climate_zone"):
        compute(inp)


# ---------------------------------------------------------------- bad input
def test_composition_not_summing_to_one_names_the_rows():
    pars = composition(food=0.5, paper=0.3, plastics=0.1)  # 0.9
    f = FactorDB.with_defaults(pars)
    inp = run(series("msw:managed_anaerobic", [2000], [100]), f, WET)
    with pytest.raises(InputError, match=r"test parameter 1.*add up to 0\.9000, not 1"):
        compute(inp)


def test_negative_disposal_is_rejected(ipcc_factors):
    with pytest.raises(InputError, match="negative value"):
        activity_rows(("R", 2000, "4.A.1", "food:managed_anaerobic", -5.0, "kt"))
    act = activity_rows(("R", 2000, "4.A.1", "food:managed_anaerobic", 5.0, "kt"))
    act.loc[0, "value"] = -5.0   # a table that bypassed the schema check
    with pytest.raises(InputError, match="test row 1: negative disposal"):
        compute_solid_waste_disposal(MethodInput(act, np.ones(1, int), ipcc_factors, WET))


def test_negative_disposal_history_is_rejected():
    hist = national_parameters(("disposal_history", "4.A.1", "food:managed_anaerobic", "-",
                                -1.0, "kt"))
    hist["year_from"] = hist["year_to"] = 1999
    f = FactorDB.with_defaults(hist)
    opts = {"climate_zone": "tropical_wet", "history": {"method": "given",
                                                          "start_year": 1999}}
    with pytest.raises(InputError, match="negative historical disposal"):
        compute(run(series("food:managed_anaerobic", [2000], [1.0]), f, opts))


@pytest.mark.parametrize("activity, cat, message", [
    ("food:landfill", "4.A.1", "unknown SWDS site type"),
    ("food:unmanaged_deep", "4.A.1", "site type of another category"),
    ("pizza:managed_anaerobic", "4.A.1", "unknown waste type"),
])
def test_bad_activity_ids_are_named(ipcc_factors, activity, cat, message):
    inp = run([("R", 2000, cat, activity, 1.0, "kt")], ipcc_factors, WET)
    with pytest.raises(InputError, match=f"test row 1: {message}"):
        compute(inp)


def test_recovery_above_generation_is_an_error(ipcc_factors):
    rows = series("food:managed_anaerobic", [2000, 2001], [100, 100]) + \
        [("R", 2001, "4.A.1", "ch4_recovered", 5.0, "kt")]
    with pytest.raises(InputError, match="exceeds the CH4 generated"):
        compute(run(rows, ipcc_factors, WET))


def test_bulk_msw_national_doc_only_from_tier_2():
    # a national DOC of bulk MSW (0.18) replaces Eq. 2.4 at Tier 2; at Tier 1 the composition
    # DOC (0.195, test above) is used and the national row is left unused
    pars = pd.concat([composition(food=0.5, paper=0.3, plastics=0.2),
                      national_parameters(("DOC", "4.A", "msw", "-", 0.18, "fraction"))
                      .assign(parameter_id="doc_msw")], ignore_index=True)
    f = FactorDB.with_defaults(pars)
    rows = series("msw:managed_anaerobic", [2000, 2001], [100, 100])
    t1 = fod_model(run(rows, f, {**WET, "msw": "bulk"}, tier=1)).table.set_index("year")
    t2 = fod_model(run(rows, f, {**WET, "msw": "bulk"}, tier=2)).table.set_index("year")
    assert t1.loc[2000, "ddocm_deposited"] == pytest.approx(100 * 0.195 * 0.5)
    assert t2.loc[2000, "ddocm_deposited"] == pytest.approx(100 * 0.18 * 0.5)
    em1 = compute(run(rows, f, {**WET, "msw": "bulk"}, tier=1))
    em2 = compute(run(rows, f, {**WET, "msw": "bulk"}, tier=2))
    assert not em1["parameter_ids"].str.contains("doc_msw").any()
    assert em2["parameter_ids"].str.split(";").map(lambda ids: "doc_msw" in ids).all()
    assert set(em2.loc[em2["gas"] == "CO2", "factor_layer"]) == {"national"}
