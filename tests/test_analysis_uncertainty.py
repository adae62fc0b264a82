"""Uncertainty (IPCC 2006 Vol.1 Ch.3): Approach 1 against a hand-computed Table 3.3, the Monte
Carlo against the analytical result for normal inputs, known lognormal/uniform/triangular
quantiles, correlation of shared factors, reproducibility with a seed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from inventory import schema
from inventory.analysis.inputs import category_series
from inventory.analysis.montecarlo import (
    lognormal_parameters,
    monte_carlo,
    sample_multipliers,
    triangular_bounds,
)
from inventory.analysis.uncertainty import (
    UncertaintyInputs,
    approach1_table,
    combined_uncertainty_product,
    combined_uncertainty_sum,
    half_width_pct,
    uncertainty_inputs,
)
from inventory.notation import NOTATION_DTYPE

BASE, LATEST = 2005, 2023


def emissions(rows) -> pd.DataFrame:
    """(category, year, kt CO2, parameter ids) -> emissions table with CRT code and CO2-eq."""
    recs = []
    for cat, year, value, pids in rows:
        recs.append({"region": "R1", "year": year, "category": cat, "activity": "product",
                     "gas": "CO2", "value": float(value), "notation_key": None, "memo": False,
                     "tier": 1, "method": "m", "equation": "e", "activity_value": np.nan,
                     "activity_unit": None, "ief": np.nan, "ief_unit": None,
                     "factor_layer": "national", "factor_source": "test", "activity_ids": "a",
                     "parameter_ids": pids, "crt_category": "2", "value_co2eq": float(value),
                     "gwp_set": "AR5GWP100"})
    df = pd.DataFrame(recs)
    df["notation_key"] = df["notation_key"].astype(NOTATION_DTYPE)
    return df


def params(*rows) -> pd.DataFrame:
    """(parameter, category, id, value, lower, upper[, distribution])."""
    recs = []
    for r in rows:
        p, cat, pid, v, lo, hi = r[:6]
        recs.append({"parameter": p, "category": cat, "activity": "*", "gas": "-",
                     "region": "*", "year_from": 1900, "year_to": 2100, "value": float(v),
                     "unit": "%" if p.endswith("_uncertainty") else "t/t", "lower": float(lo),
                     "upper": float(hi), "distribution": r[6] if len(r) > 6 else "",
                     "source": "test", "layer": "national", "parameter_id": pid,
                     "source_ref": pid})
    return schema.ensure_valid(pd.DataFrame(recs), "parameters")


NO_DEFAULTS = schema.empty("parameters")


def test_equations_3_1_and_3_2_by_hand():
    assert combined_uncertainty_product(5.0, 10.0) == pytest.approx(math.sqrt(125))
    # Eq. 3.2: sqrt((10 x 120)^2 + (50 x 40)^2) / |120 + 40| = 2332.38 / 160
    assert combined_uncertainty_sum([10.0, 50.0], [120.0, 40.0]) == pytest.approx(
        math.sqrt(1200 ** 2 + 2000 ** 2) / 160)
    # asymmetric range 0.45-1.8 around 0.9: the larger side, (1.8 - 0.9) / 0.9 = 100 %
    assert half_width_pct(0.9, 0.45, 1.8) == pytest.approx(100.0)


def two_category_case():
    # X (2.A.1): C = 100, D = 120, AD +-5 %, EF +-10 %; Y (2.A.2): C = 50, D = 40, AD +-10 %,
    # EF +-50 %
    em = emissions([("2.A.1", BASE, 100, "pX"), ("2.A.1", LATEST, 120, "pX"),
                    ("2.A.2", BASE, 50, "pY"), ("2.A.2", LATEST, 40, "pY")])
    par = params(("EF", "2.A.1", "pX", 1.0, 0.9, 1.1, "normal"),
                 ("EF", "2.A.2", "pY", 1.0, 0.5, 1.5, "normal"),
                 ("AD_uncertainty", "2.A.1", "adX", 100, 95, 105, "normal"),
                 ("AD_uncertainty", "2.A.2", "adY", 100, 90, 110, "normal"))
    return em, par


def test_approach1_table_3_3_by_hand():
    em, par = two_category_case()
    inputs = uncertainty_inputs(em, par, [BASE, LATEST], default_parameters=NO_DEFAULTS)
    assert set(inputs.rows["ad_source"]) == {"parameter"}
    t = approach1_table(inputs, category_series(em), BASE, LATEST)
    t = t[t["coverage"] == "excluding"].set_index("kca_id")
    x, y, tot = t.loc["2.A.1"], t.loc["2.A.2"], t.loc["Total"]
    assert (x["base_emissions"], x["latest_emissions"]) == (100, 120)
    assert (x["ad_uncertainty_pct"], x["ef_uncertainty_pct"]) == pytest.approx((5, 10))
    assert (y["ad_uncertainty_pct"], y["ef_uncertainty_pct"]) == pytest.approx((10, 50))
    # G = sqrt(E^2 + F^2)
    assert x["combined_uncertainty_pct"] == pytest.approx(math.sqrt(25 + 100))      # 11.1803
    assert y["combined_uncertainty_pct"] == pytest.approx(math.sqrt(100 + 2500))    # 50.9902
    # H = (G D)^2 / (sum D)^2: X 125 x 120^2 / 160^2 = 70.3125, Y 2600 x 40^2 / 160^2 = 162.5
    assert x["contribution_to_variance"] == pytest.approx(70.3125)
    assert y["contribution_to_variance"] == pytest.approx(162.5)
    assert tot["combined_uncertainty_pct"] == pytest.approx(math.sqrt(70.3125 + 162.5))
    # I = ((0.01 D + sum D - (0.01 C + sum C)) / (0.01 C + sum C) - (sum D - sum C)/sum C) x 100
    i_x = (0.01 * 120 + 160 - (0.01 * 100 + 150)) / (0.01 * 100 + 150) * 100 - 10 / 150 * 100
    i_y = (0.01 * 40 + 160 - (0.01 * 50 + 150)) / (0.01 * 50 + 150) * 100 - 10 / 150 * 100
    assert x["type_a_sensitivity_pct"] == pytest.approx(i_x)
    assert i_x == pytest.approx(0.088300, abs=1e-6) and i_y == pytest.approx(-0.088594,
                                                                              abs=1e-6)
    # J = D / sum C
    assert x["type_b_sensitivity_pct"] == pytest.approx(120 / 150)
    assert y["type_b_sensitivity_pct"] == pytest.approx(40 / 150)
    # K = I F, L = J E sqrt 2, M = K^2 + L^2
    assert x["trend_uncertainty_ef_pct"] == pytest.approx(i_x * 10)
    assert y["trend_uncertainty_ef_pct"] == pytest.approx(i_y * 50)
    assert x["trend_uncertainty_ad_pct"] == pytest.approx(0.8 * 5 * math.sqrt(2))
    assert y["trend_uncertainty_ad_pct"] == pytest.approx(40 / 150 * 10 * math.sqrt(2))
    m_x = (i_x * 10) ** 2 + (0.8 * 5 * math.sqrt(2)) ** 2          # 32.7797
    m_y = (i_y * 50) ** 2 + (40 / 150 * 10 * math.sqrt(2)) ** 2    # 33.8444
    assert x["trend_uncertainty_contribution"] == pytest.approx(m_x)
    assert tot["trend_uncertainty_pct"] == pytest.approx(math.sqrt(m_x + m_y))
    assert tot["trend_uncertainty_pct"] == pytest.approx(8.1624, abs=1e-3)
    assert tot["trend_pct"] == pytest.approx((160 - 150) / 150 * 100)


def test_monte_carlo_converges_to_analytical_for_normal_inputs():
    # only factor uncertainty (no AD for 2.A): E_X ~ N(120, (12/1.96)^2), E_Y ~ N(40, (20/1.96)^2)
    em = emissions([("2.A.1", BASE, 100, "pX"), ("2.A.1", LATEST, 120, "pX"),
                    ("2.A.2", BASE, 50, "pY"), ("2.A.2", LATEST, 40, "pY")])
    par = params(("EF", "2.A.1", "pX", 1.0, 0.9, 1.1, "normal"),
                 ("EF", "2.A.2", "pY", 1.0, 0.5, 1.5, "normal"))
    inputs = uncertainty_inputs(em, par, [BASE, LATEST], default_parameters=NO_DEFAULTS)
    assert set(inputs.rows["ad_source"]) == {"missing"}   # no default for 2.A: reported
    a1 = approach1_table(inputs, category_series(em), BASE, LATEST)
    analytic = a1.set_index("kca_id").loc["Total"].iloc[0]["combined_uncertainty_pct"]
    # Eq. 3.2: sqrt((10 x 120)^2 + (50 x 40)^2) / 160 = 14.5774 %
    assert analytic == pytest.approx(math.sqrt(1200 ** 2 + 2000 ** 2) / 160)
    mc = monte_carlo(inputs, BASE, LATEST, iterations=100_000, seed=11)
    t = mc.totals.set_index(["coverage", "role"]).loc[("excluding", "latest")]
    half = (t["p97_5"] - t["p2_5"]) / 2 / 160 * 100
    assert half == pytest.approx(analytic, rel=0.015)
    assert t["mean"] == pytest.approx(160, rel=2e-3)
    cat = mc.categories.set_index(["kca_id", "role"])
    x = cat.loc[("2.A.1", "latest")]
    assert (x["p97_5"] - x["p2_5"]) / 2 == pytest.approx(12.0, rel=0.015)


def test_monte_carlo_product_close_to_approach1_for_small_uncertainties():
    em, par = two_category_case()
    inputs = uncertainty_inputs(em, par, [BASE, LATEST], default_parameters=NO_DEFAULTS)
    mc = monte_carlo(inputs, BASE, LATEST, iterations=100_000, seed=3)
    x = mc.categories.set_index(["kca_id", "role"]).loc[("2.A.1", "latest")]
    # Eq. 3.1 for AD 5 % x EF 10 %: 11.18 % of 120 = 13.42 kt
    assert (x["p97_5"] - x["p2_5"]) / 2 == pytest.approx(120 * math.sqrt(125) / 100, rel=0.02)


def test_shared_factor_is_fully_correlated_across_categories_and_years():
    # both categories use parameter pZ (+-10 %): the total's range is 10 % (not Eq. 3.2's
    # sqrt(120^2 + 40^2) x 10 % / 160 = 7.9 %); the trend has no uncertainty at all
    em = emissions([("2.A.1", BASE, 100, "pZ"), ("2.A.1", LATEST, 120, "pZ"),
                    ("2.A.2", BASE, 50, "pZ"), ("2.A.2", LATEST, 40, "pZ")])
    par = params(("EF", "2", "pZ", 1.0, 0.9, 1.1, "normal"))
    inputs = uncertainty_inputs(em, par, [BASE, LATEST], default_parameters=NO_DEFAULTS)
    mc = monte_carlo(inputs, BASE, LATEST, iterations=50_000, seed=5)
    t = mc.totals.set_index(["coverage", "role"])
    latest = t.loc[("excluding", "latest")]
    assert (latest["p97_5"] - latest["p2_5"]) / 2 / 160 * 100 == pytest.approx(10.0, rel=0.02)
    trend = t.loc[("excluding", "trend")]
    assert trend["estimate"] == pytest.approx((160 - 150) / 150 * 100)
    assert trend["p97_5"] - trend["p2_5"] == pytest.approx(0.0, abs=1e-9)


def test_monte_carlo_reproducible_with_seed():
    em, par = two_category_case()
    inputs = uncertainty_inputs(em, par, [BASE, LATEST], default_parameters=NO_DEFAULTS)
    seen = []   # the progress hook (a bar in the CLI and notebooks) changes no result
    a = monte_carlo(inputs, BASE, LATEST, iterations=5_000, seed=42,
                    progress=lambda done, total: seen.append((done, total)))
    b = monte_carlo(inputs, BASE, LATEST, iterations=5_000, seed=42)
    assert seen and seen[-1] == (5_000, 5_000) and all(t == 5_000 for _, t in seen)
    assert [d for d, _ in seen] == sorted({d for d, _ in seen})
    c = monte_carlo(inputs, BASE, LATEST, iterations=5_000, seed=43)
    assert np.array_equal(a.samples.to_numpy(), b.samples.to_numpy())
    assert not np.array_equal(a.samples.to_numpy(), c.samples.to_numpy())


def variables(dist: str, lower: float, upper: float, value: float = 10.0) -> pd.DataFrame:
    return pd.DataFrame({"variable_id": ["v"], "distribution": [dist],
                         "rel_lower": [lower / value], "rel_upper": [upper / value]})


def test_lognormal_quantiles():
    # value 10, 95 % range 5-20: ln x ~ N(0, (ln 2 / 1.96)^2): P2.5 = 0.5, median 1, P97.5 = 2,
    # P84.13 = exp(sigma) = exp(0.353653) = 1.424283
    mu, sigma = lognormal_parameters(np.array([0.5]), np.array([2.0]))
    assert mu[0] == pytest.approx(0.0) and sigma[0] == pytest.approx(math.log(2) / 1.959964,
                                                                     rel=1e-6)
    x = sample_multipliers(variables("lognormal", 5, 20), 200_000, seed=1)[0]
    q = np.percentile(x, [2.5, 50, 84.134475, 97.5])
    assert q == pytest.approx([0.5, 1.0, 1.424283, 2.0], rel=0.01)
    # an empty distribution with an asymmetric range is lognormal too
    y = sample_multipliers(variables("", 5, 20), 200_000, seed=1)[0]
    assert np.array_equal(x, y)


def test_uniform_and_triangular_keep_95_percent_in_range():
    u = sample_multipliers(variables("uniform", 8, 12), 200_000, seed=2)[0]
    assert np.percentile(u, [2.5, 97.5]) == pytest.approx([0.8, 1.2], rel=0.003)
    # full width (1.2 - 0.8) / 0.95: bounds 0.8 - 0.025 x 0.421053 = 0.789474 and 1.210526
    assert u.min() >= 0.789474 - 1e-9 and u.max() <= 1.210526 + 1e-9
    a, b = triangular_bounds(np.array([0.8]), np.array([1.3]))
    t = sample_multipliers(variables("triangular", 8, 13), 200_000, seed=2)[0]
    assert np.percentile(t, [2.5, 97.5]) == pytest.approx([0.8, 1.3], rel=0.005)
    assert t.min() >= a[0] and t.max() <= b[0]
    n = sample_multipliers(variables("normal", 9, 11), 200_000, seed=2)[0]
    assert n.std() == pytest.approx(0.1 / 1.959964, rel=0.01)


@pytest.fixture(scope="module")
def two_category_inputs():
    em, par = two_category_case()
    return uncertainty_inputs(em, par, [BASE, LATEST], default_parameters=NO_DEFAULTS)


@pytest.fixture(scope="module")
def reference_10_500(two_category_inputs):
    return monte_carlo(two_category_inputs, BASE, LATEST, iterations=10_500, seed=7,
                       chunk=4_000)


@pytest.mark.parametrize(("chunk", "jobs"), [(12_000, 1), (100_000, 1), (1, 2), (8_000, 3)])
def test_monte_carlo_gives_the_same_numbers_for_a_seed_whatever_the_chunk(
        two_category_inputs, reference_10_500, chunk, jobs):
    """The random stream is drawn in fixed blocks: the chunk size (memory) and the threads
    never change a percentile; 10,500 iterations end in a partial block."""
    ref = reference_10_500
    seen = []
    mc = monte_carlo(two_category_inputs, BASE, LATEST, iterations=10_500, seed=7,
                     chunk=chunk, jobs=jobs, progress=lambda done, total: seen.append(done))
    assert seen[-1] == 10_500 and seen == sorted(set(seen))    # the progress hook, in order
    pd.testing.assert_frame_equal(mc.categories, ref.categories, check_exact=True)
    pd.testing.assert_frame_equal(mc.totals, ref.totals, check_exact=True)
    pd.testing.assert_frame_equal(mc.samples, ref.samples, check_exact=True)
    other = monte_carlo(two_category_inputs, BASE, LATEST, iterations=10_500, seed=8,
                        chunk=chunk, jobs=jobs)
    assert not other.totals["p97_5"].equals(ref.totals["p97_5"])


def test_draws_are_one_generator_call_per_distribution_in_fixed_order():
    """The stream of a seed, written out: per block of 4,000 iterations, standard normals for
    the normal then the lognormal variables, uniforms for the uniform then the triangular
    ones (each in input order), transformed to multipliers of the estimate."""
    v = pd.DataFrame({"variable_id": list("abcdef"),
                      "distribution": ["uniform", "normal", "triangular", "lognormal",
                                       "normal", ""],
                      "rel_lower": [0.8, 0.9, 0.7, 0.5, 0.95, 0.6],
                      "rel_upper": [1.2, 1.1, 1.2, 2.0, 1.05, 1.5]})
    got = sample_multipliers(v, 4_500, seed=3)
    rng = np.random.default_rng(3)
    want = np.empty((6, 4_500))
    sig = lambda i: (v["rel_upper"][i] - v["rel_lower"][i]) / (2 * 1.959963984540054)  # noqa
    for start, n in ((0, 4_000), (4_000, 500)):
        z = rng.standard_normal((4, n))         # normal b, e; lognormal d, f (asymmetric)
        u = rng.random((2, n))                  # uniform a; triangular c
        cols = slice(start, start + n)
        want[1, cols], want[4, cols] = 1 + sig(1) * z[0], 1 + sig(4) * z[1]
        for row, k in ((3, 2), (5, 3)):
            mu, s = lognormal_parameters(v["rel_lower"][row], v["rel_upper"][row])
            want[row, cols] = np.exp(mu + s * z[k])
        w = (1.2 - 0.8) / 0.95
        want[0, cols] = (0.8 - 0.025 * w) + ((1.2 + 0.025 * w) - (0.8 - 0.025 * w)) * u[0]
        a, b = triangular_bounds(np.array([0.7]), np.array([1.2]))
        want[2, cols] = np.where(u[1] < (1 - a) / (b - a), a + np.sqrt(u[1] * (b - a) * (1 - a)),
                                 b - np.sqrt((1 - u[1]) * (b - a) * (b - 1)))
    np.testing.assert_array_equal(got, want)


def test_monte_carlo_totals_are_the_row_products_summed():
    """Every draw of a total is sum over its rows of estimate x product of the row's
    multipliers (rows merged into units, keys and sparse sums are only a faster order of the
    same arithmetic): a factor shared by rows and categories, an activity variable shared
    by two categories, three-variable rows, a row without uncertain input, LULUCF."""
    rows = pd.DataFrame({
        "row_id": range(9), "year": [BASE] * 3 + [LATEST] * 6,
        "kca_id": ["A", "A", "B", "A", "A", "B", "L", "A", "A"],
        "gas": ["CO2", "CO2", "CH4", "CO2", "CO2", "CH4", "CO2", "CO2", "CO2"],
        "lulucf": [False] * 6 + [True, False, False],
        "value": [100.0, 50.0, 30.0, 120.0, 10.0, 25.0, -40.0, 7.0, 3.0]})
    uses = {0: ["ad1", "ef1"], 1: ["ad2", "ef1"], 2: ["ad1", "ef2", "ncv"],
            3: ["ad3", "ef1"], 4: [], 5: ["ad4", "ef2", "ncv"], 6: ["ad5", "ef3"],
            7: ["ef1", "ad3"], 8: ["ad3"]}
    links = pd.DataFrame([(r, v) for r, vs in uses.items() for v in vs],
                         columns=["row_id", "variable_id"])
    names = ["ad1", "ad2", "ad3", "ad4", "ad5", "ef1", "ef2", "ef3", "ncv", "gone"]
    variables = pd.DataFrame({
        "variable_id": names,
        "distribution": ["normal", "normal", "uniform", "", "normal", "lognormal", "",
                         "triangular", "normal", ""],
        "rel_lower": [0.95, 0.9, 0.9, 0.8, 0.7, 0.6, 0.5, 0.7, 0.97, np.nan],
        "rel_upper": [1.05, 1.1, 1.1, 1.3, 1.3, 1.5, 1.5, 1.2, 1.03, np.nan],
        "status": ["given"] * 9 + ["no range"]})
    inputs = UncertaintyInputs(rows, variables, links)
    mc = monte_carlo(inputs, BASE, LATEST, iterations=5_000, seed=9)
    mult = sample_multipliers(variables.iloc[:9], 5_000, seed=9)
    pos = {n: i for i, n in enumerate(names)}
    draws = np.array([rows["value"][r] * np.prod([mult[pos[v]] for v in uses[r]], axis=0)
                      * np.ones(5_000) for r in range(9)])
    for name, keep in (("base_excluding", rows["year"] == BASE),
                       ("latest_excluding", (rows["year"] == LATEST) & ~rows["lulucf"]),
                       ("latest_including", rows["year"] == LATEST)):
        np.testing.assert_allclose(mc.samples[name], draws[keep.to_numpy()].sum(axis=0),
                                   rtol=1e-13)
    cat = mc.categories.set_index(["kca_id", "role"])
    a = draws[[3, 4, 7, 8]].sum(axis=0)
    assert cat.loc[("A", "latest"), "estimate"] == pytest.approx(140.0)
    assert cat.loc[("A", "latest"), "p97_5"] == pytest.approx(np.percentile(a, 97.5),
                                                              rel=1e-6)
