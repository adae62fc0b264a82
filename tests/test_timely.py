"""Timely accounts (issue 17): hand-computed scaling, LMDI terms adding up exactly, Kaya
projections by hand, the traffic light at its thresholds, back-tests on synthetic data with a
known relation, the electricity-carbon model, bad input named by file/sheet/row/column, and the
three reports end to end on a hand-built inventory run."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.errors import InputError
from tests.tiers import examples
from tests.timely_fixtures import emission_rows, monthly, write_project, write_run
from timely import account as acc
from timely import electricity as el
from timely import outlook as ol
from timely import quick as qk

PMAP = pd.DataFrame([("industry", "coal", "coal_apparent", 1.0),
                     ("power_heat", "*", "thermal_generation", 1.0),
                     ("cement", "process", "clinker", 0.5)],
                    columns=["sector", "fuel", "indicator", "elasticity"])


def _account(rows):
    return pd.DataFrame(rows, columns=["region", "year", "sector", "kind", "fuel", "co2_kt",
                                       "energy_tj"])


def _proxies(rows):
    return pd.DataFrame(rows, columns=["region", "indicator", "year", "month", "value", "unit"])


# ------------------------------------------------------------------ the account
def test_account_from_emission_rows_takes_co2_numbers_without_memo_items():
    em = emission_rows([
        ("A", 2021, "1.A.2.m", "CO2", 100.0, "solid", 1000.0, False),
        ("A", 2021, "1.A.2.k", "CO2", 5.0, "liquid", 70.0, False),
        ("A", 2021, "1.A.1.a.i", "CO2", 200.0, "solid", 2000.0, False),
        ("A", 2021, "1.A.1.a.i", "CH4", 1.0, "solid", 2000.0, False),     # not CO2
        ("A", 2021, "1.A.3.a.i", "CO2", 9.0, "liquid", 120.0, True),      # bunkers: memo
        ("A", 2021, "1.A.4.b", "CO2", 7.0, "biomass", 90.0, True),        # biomass CO2: memo
        ("A", 2021, "1.B.1.a", "CO2", 3.0, "", 0.0, False),               # fugitive: not in it
        ("A", 2021, "2.A.1", "CO2", 50.0, "", 0.0, False),
        ("A", 2021, "2.C.1", "CO2", None, "", 0.0, False),                # notation key
    ])
    a = acc.account_from_emissions(em).set_index(["sector", "fuel"])
    assert a.loc[("industry", "coal"), "co2_kt"] == 100.0
    assert a.loc[("construction", "oil"), "co2_kt"] == 5.0
    assert a.loc[("power_heat", "coal"), "energy_tj"] == 2000.0
    assert a.loc[("cement", "process"), "kind"] == "process"
    assert a["co2_kt"].sum() == 355.0


def test_constant_price_gdp_from_the_real_index():
    # base 2020 at 100 (current prices); +5 % and +4 % real growth -> 105, 109.2
    s = acc.constant_price_gdp(100.0, pd.Series([100.0, 105.0, 104.0], index=[2020, 2021, 2022]))
    assert s.tolist() == pytest.approx([100.0, 105.0, 109.2])


def test_indicators_by_hand():
    a = _account([("A", 2020, "industry", "energy", "coal", 800.0, 9000.0),
                  ("A", 2020, "cement", "process", "process", 200.0, 0.0),
                  ("A", 2021, "industry", "energy", "coal", 990.0, 9900.0),
                  ("A", 2021, "cement", "process", "process", 210.0, 0.0)])
    drivers = pd.DataFrame({"region": "A", "year": [2020, 2021], "gdp": [1000.0, 1100.0],
                            "population": [500.0, 500.0]})
    ind = pd.DataFrame({"region": ["A"], "year": [2021], "net_indirect_kt_co2": [100.0]})
    out = acc.indicators(a, drivers, ind, base_year=2020).set_index("year")
    # 1000 kt / (1000 x 10^8 yuan) = 10^6 t / 10^7 (10^4 yuan) = 0.1 t per 10^4 yuan
    assert out.loc[2020, "co2_per_gdp"] == pytest.approx(0.1)
    assert out.loc[2021, "co2_per_gdp"] == pytest.approx(1200 / 11000)
    assert out.loc[2021, "co2_per_gdp_with_indirect"] == pytest.approx(1300 / 11000)
    assert out.loc[2020, "co2_per_capita"] == pytest.approx(1e6 / 5e6)
    assert out.loc[2021, "total_co2_kt_change_pct"] == pytest.approx(20.0)
    assert out.loc[2021, "co2_per_gdp_vs_base_pct"] == pytest.approx((1200 / 11000 / 0.1 - 1) * 100)
    assert not out.loc[2020, "indirect_available"]           # no row: 0 and flagged
    assert out.loc[2020, "energy"] == pytest.approx(9000 / 293.076)


# ------------------------------------------------------------------ quick report
def _quick_case():
    account = _account([("A", 2021, "industry", "energy", "coal", 100.0, 0.0),
                        ("A", 2021, "power_heat", "energy", "coal", 200.0, 0.0),
                        ("A", 2021, "cement", "process", "process", 50.0, 0.0),
                        ("A", 2021, "households", "energy", "gas", 10.0, 0.0)])
    p = (monthly("A", "coal_apparent", 2021, 1200) + monthly("A", "coal_apparent", 2022, 1320)
         + monthly("A", "coal_apparent", 2023, 1452, months=3)
         + monthly("A", "thermal_generation", 2021, 600)
         + monthly("A", "thermal_generation", 2022, 540)
         + monthly("A", "thermal_generation", 2023, 540, months=3)
         + monthly("A", "clinker", 2021, 400) + monthly("A", "clinker", 2022, 484)
         + monthly("A", "clinker", 2023, 484, months=3))
    return account, _proxies(p)


def test_quick_estimate_scales_the_last_account_by_hand():
    account, proxies = _quick_case()
    q = qk.quick_estimates(account, proxies, PMAP).set_index(["year", "sector"])
    # 2022: industry 100 x 1320/1200 = 110; power 200 x 540/600 = 180;
    # cement 50 x (484/400)^0.5 = 55; households: no proxy row -> carried forward 10
    assert q.loc[(2022, "industry"), "co2_kt"] == pytest.approx(110.0)
    assert q.loc[(2022, "power_heat"), "co2_kt"] == pytest.approx(180.0)
    assert q.loc[(2022, "cement"), "co2_kt"] == pytest.approx(55.0)
    assert q.loc[(2022, "households"), "co2_kt"] == 10.0
    assert q.loc[(2022, "households"), "basis"] == "no proxy: carried forward"
    assert q.loc[(2022, "industry"), "reference"] == "final account 2021"
    # 2023 after 3 months, chained on the 2022 quick estimate: I(2023, 1-3) = 363,
    # I(2022, 1-3) = 330 -> 110 x 1.1 = 121; year to date 110 x 363 / 1320 = 30.25
    assert q.loc[(2023, "industry"), "months"] == 3
    assert q.loc[(2023, "industry"), "co2_kt"] == pytest.approx(121.0)
    assert q.loc[(2023, "industry"), "co2_ytd_kt"] == pytest.approx(30.25)
    assert q.loc[(2023, "industry"), "reference"] == "quick estimate 2022"


def test_equations_of_the_quick_report():
    assert qk.indicator_growth(110, 100) == pytest.approx(1.1)
    assert np.isnan(qk.indicator_growth(5, 0))
    assert qk.scaled_emissions(200, 1.21, 0.5) == pytest.approx(220)
    assert qk.year_to_date_emissions(120, 30, 120) == pytest.approx(30)
    assert qk.annualised_emissions(120, 33, 30) == pytest.approx(132)
    assert qk.relative_error(105, 100) == pytest.approx(5.0)


def test_backtest_recovers_a_known_relation():
    """E(t) = k x I(t)^beta exactly: with the right elasticity the back-test errors are 0,
    the fitted elasticity is beta; with noise eps_t the error is (1+eps_t-1)/(1+eps_t) - 1."""
    years = range(2015, 2023)
    rng = np.random.default_rng(7)
    ind = {y: 1000 * 1.04 ** (y - 2015) * rng.uniform(0.9, 1.1) for y in years}
    beta, k = 0.7, 3.0
    exact = _account([("A", y, "cement", "process", "process", k * ind[y] ** beta, 0.0)
                      for y in years])
    proxies = _proxies([r for y in years for r in monthly("A", "clinker", y, ind[y])])
    pmap = PMAP.assign(elasticity=[1.0, 1.0, beta])
    bt = qk.backtest(exact, proxies, pmap)
    assert len(bt) == len(years) - 1
    assert np.abs(bt["error_pct"]).max() < 1e-9
    fit = qk.fitted_elasticities(exact, proxies, pmap).set_index("sector")
    assert fit.loc["cement", "fitted_elasticity"] == pytest.approx(beta, abs=1e-9)
    eps = {y: rng.normal(0, 0.02) for y in years}
    noisy = exact.assign(co2_kt=[v * (1 + eps[y]) for v, y in zip(exact["co2_kt"],
                                                                  exact["year"], strict=True)])
    bt = qk.backtest(noisy, proxies, pmap).set_index("year")
    for y in list(years)[1:]:
        assert bt.loc[y, "error_pct"] == pytest.approx(((1 + eps[y - 1]) / (1 + eps[y]) - 1) * 100)
    stats = qk.error_statistics(qk.backtest(noisy, proxies, pmap))
    tot = stats[stats["sector"] == "total"].iloc[0]
    errs = np.array([((1 + eps[y - 1]) / (1 + eps[y]) - 1) * 100 for y in list(years)[1:]])
    assert tot["n"] == len(errs)
    assert tot["mape"] == pytest.approx(np.abs(errs).mean())
    assert tot["bias"] == pytest.approx(errs.mean())
    assert tot["max_abs_error"] == pytest.approx(np.abs(errs).max())


def test_revision_table_quick_vs_final():
    quick = pd.DataFrame({"region": "A", "year": 2022, "months": 12,
                          "sector": ["industry", "power_heat"], "co2_kt": [110.0, 180.0]})
    final = _account([("A", 2022, "industry", "energy", "coal", 121.0, 0.0),
                      ("A", 2022, "power_heat", "energy", "coal", 171.0, 0.0)])
    r = qk.revision_table(quick, final, "quick report x").set_index("sector")
    assert r.loc["industry", "revision_kt"] == pytest.approx(11.0)
    assert r.loc["industry", "revision_pct"] == pytest.approx(10.0)
    assert r.loc["total", "quick_kt"] == 290.0 and r.loc["total", "final_kt"] == 292.0


# ------------------------------------------------------------------ electricity-carbon
def _elec(rows):
    df = pd.DataFrame(rows, columns=["region", "sector", "year", "month", "mwh"])
    df["day"] = np.nan
    return df


def test_electricity_carbon_model_by_hand():
    account = _account([("A", 2021, "industry", "energy", "coal", 100.0, 0.0),
                        ("A", 2021, "services", "energy", "gas", 20.0, 0.0),
                        ("A", 2021, "power_heat", "energy", "coal", 500.0, 0.0)])
    e = _elec([("A", "industry", 2021, m, 1e6 / 12) for m in range(1, 13)]
              + [("A", "services", 2021, m, 5e5 / 12) for m in range(1, 13)]
              + [("A", "industry", 2022, 1, 1e5)])
    cal = el.calibrate(account, e, 2021).set_index("sector")
    assert cal.loc["industry", "intensity_t_per_mwh"] == pytest.approx(0.1)     # 100 kt / 1 TWh
    assert cal.loc["services", "intensity_t_per_mwh"] == pytest.approx(0.04)
    assert cal.loc["power_heat", "intensity_t_per_mwh"] == pytest.approx(1 / 3)  # 500 / 1.5 TWh
    grid = pd.DataFrame({"region": ["A"], "year": [2022], "grid_factor": [0.5],
                         "grid_factor_source": ["test"]})
    est = el.estimate(e[e["year"] == 2022], cal.reset_index(), grid).iloc[0]
    assert est["direct_kt"] == pytest.approx(10.0)
    assert est["indirect_kt"] == pytest.approx(50.0)
    assert est["power_kt"] == pytest.approx(100 / 3)
    assert est["consumption_based_kt"] == pytest.approx(60.0)
    assert est["production_based_kt"] == pytest.approx(10 + 100 / 3)


def test_electricity_backtest_recovers_constant_intensities():
    c = {"industry": 0.12, "services": 0.05, "power_heat": 0.6}
    use = {2021: {"industry": 9e5, "services": 3e5}, 2022: {"industry": 1e6, "services": 2.8e5}}
    rows, erows = [], []
    for y, u in use.items():
        for s, q in u.items():
            rows.append(("A", y, s, "energy", "coal", c[s] * q / 1e3, 0.0))
            erows += [("A", s, y, m, q / 12) for m in range(1, 13)]
        rows.append(("A", y, "power_heat", "energy", "coal", c["power_heat"] * sum(u.values())
                     / 1e3, 0.0))
    grid = el.grid_factor_by_year(pd.DataFrame({"region": ["*"], "year": [2020], "value": [0.55],
                                                "source": ["published 2020"]}), ["A"],
                                  [2021, 2022])
    assert grid["grid_factor_source"].iloc[1] == "published 2020 (year 2020 carried forward)"
    bt = el.backtest(_account(rows), _elec(erows), grid)
    assert set(bt["basis"]) == {"production-based", "consumption-based"}
    assert np.abs(bt["error_pct"]).max() < 1e-9


# ------------------------------------------------------------------ LMDI and Kaya
def test_lmdi_by_hand_adds_up_exactly():
    f0 = {"population": 10.0, "gdp_per_capita": 2.0, "energy_intensity": 0.5,
          "carbon_intensity": 3.0}
    ft = {"population": 11.0, "gdp_per_capita": 3.0, "energy_intensity": 0.4,
          "carbon_intensity": 2.5}
    c0, ct = 30.0, 33.0
    terms = ol.lmdi_additive(c0, ct, f0, ft)
    lm = (33 - 30) / (math.log(33) - math.log(30))          # Ang 2004, L(33, 30)
    assert float(terms["population"]) == pytest.approx(lm * math.log(1.1))
    assert float(terms["gdp_per_capita"]) == pytest.approx(lm * math.log(1.5))
    assert float(terms["energy_intensity"]) == pytest.approx(lm * math.log(0.8))
    assert float(terms["carbon_intensity"]) == pytest.approx(lm * math.log(2.5 / 3))
    assert sum(float(v) for v in terms.values()) == pytest.approx(3.0, abs=1e-12)
    assert float(ol.logarithmic_mean(5.0, 5.0)) == 5.0


def test_lmdi_zero_values_take_the_whole_change():
    f0 = {"population": 10.0, "gdp_per_capita": 2.0, "energy_intensity": 0.5,
          "carbon_intensity": 0.0}
    ft = {"population": 11.0, "gdp_per_capita": 3.0, "energy_intensity": 0.4,
          "carbon_intensity": 2.5}
    terms = ol.lmdi_additive(0.0, 33.0, f0, ft)
    assert float(terms["carbon_intensity"]) == 33.0
    assert all(float(terms[k]) == 0.0 for k in ("population", "gdp_per_capita",
                                                "energy_intensity"))


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.floats(0.01, 1e4), min_size=8, max_size=8))
def test_lmdi_terms_add_up_to_the_change(x):
    f0 = dict(zip(ol.KAYA_FACTORS, x[:4], strict=True))
    ft = dict(zip(ol.KAYA_FACTORS, x[4:], strict=True))
    c0, ct = math.prod(x[:4]), math.prod(x[4:])
    s = sum(float(v) for v in ol.lmdi_additive(c0, ct, f0, ft).values())
    assert s == pytest.approx(ct - c0, rel=1e-9, abs=1e-9 * max(c0, ct))


def test_decompose_table_sums_and_covers_consecutive_and_whole_period():
    kaya = pd.DataFrame({"region": "A", "year": [2020, 2021, 2022],
                         "co2_kt": [30.0, 33.0, 31.0], "population": [10.0, 11.0, 11.0],
                         "gdp_per_capita": [2.0, 3.0, 3.1], "energy_intensity": [0.5, 0.4, 0.4],
                         "carbon_intensity": [3.0, 2.5, 31.0 / (11 * 3.1 * 0.4)]})
    d = ol.decompose(kaya)
    assert list(zip(d["from_year"], d["to_year"], strict=True)) == [(2020, 2021), (2021, 2022),
                                                                    (2020, 2022)]
    assert np.allclose(d["sum_of_terms_kt"], d["change_kt"], rtol=0, atol=1e-10)


def test_kaya_projection_by_hand():
    f = ol.kaya_factors(1500.0, 1000.0, 100.0, 500.0)
    assert [float(f[k]) for k in ol.KAYA_FACTORS] == [100.0, 10.0, 0.5, 3.0]
    kaya = pd.DataFrame({"region": ["A"], "year": [2023], "co2_kt": [1500.0],
                         **{k: [float(v)] for k, v in f.items()}})
    scen = pd.DataFrame({"region": ["*"], "scenario": ["s"], "from_year": [2024],
                         "to_year": [2025], "population": [1.0], "gdp_per_capita": [5.0],
                         "energy_intensity": [-3.0], "carbon_intensity": [-2.0]})
    p = ol.projection(kaya, scen, 2026).set_index("year")
    step = 1.01 * 1.05 * 0.97 * 0.98
    assert p.loc[2024, "co2_kt"] == pytest.approx(1500 * step)
    assert p.loc[2025, "co2_kt"] == pytest.approx(1500 * step ** 2)
    assert p.loc[2026, "co2_kt"] == pytest.approx(1500 * step ** 2)       # no rate: unchanged
    assert p.loc[2025, "gdp"] == pytest.approx(1000 * (1.01 * 1.05) ** 2)


# ------------------------------------------------------------------ targets, traffic light
def test_traffic_light_at_its_thresholds():
    s = ol.traffic_light([-0.1, 0.0, 0.5, 1.0, 1.0001, np.nan], green_max=0.0, amber_max=1.0)
    assert s.tolist() == ["green", "green", "amber", "amber", "red", "grey"]


def test_target_gaps_by_hand():
    hist = pd.DataFrame({"region": "A", "year": [2022, 2023], "co2_kt": [1000.0, 1000.0],
                         "co2_per_gdp": [1.05, 1.0]})
    proj = pd.DataFrame({"region": "A", "scenario": "s", "year": [2024, 2025, 2030],
                         "co2_kt": [1010.0, 1020.0, 1100.0], "co2_per_gdp": [0.97, 0.95, 0.8]})
    targets = pd.DataFrame({"region": "A", "target": ["intensity_reduction", "cap", "peak"],
                            "base_year": [2020, np.nan, np.nan], "target_year": [2025, 2030, 2025],
                            "value": [25.0, 900.0, np.nan], "base_value": [1.2, np.nan, np.nan]})
    g = ol.target_gaps(hist, proj, targets, 0.0, 1.0).set_index("target")
    # intensity: target 1.2 x 0.75 = 0.9; required (0.9/1.0)^(1/2) - 1; projected (0.95)^(1/2) - 1
    req, pro = (0.9 ** 0.5 - 1) * 100, (0.95 ** 0.5 - 1) * 100
    assert g.loc["intensity_reduction", "target_value"] == pytest.approx(0.9)
    assert g.loc["intensity_reduction", "gap_pp"] == pytest.approx(pro - req)
    assert g.loc["intensity_reduction", "status"] == "red"          # 2.49 pp behind
    # cap 900 kt in 2030 from 1000 kt in 2023: 7 years
    assert g.loc["cap", "required_change_pct"] == pytest.approx((0.9 ** (1 / 7) - 1) * 100)
    assert g.loc["cap", "projected_change_pct"] == pytest.approx((1.1 ** (1 / 7) - 1) * 100)
    # peak by 2025: required 0 after 2025, projected 1020 -> 1100 over 5 years
    assert g.loc["peak", "required_change_pct"] == 0.0
    assert g.loc["peak", "projected_change_pct"] == pytest.approx(((1100 / 1020) ** 0.2 - 1) * 100)
    assert g.loc["peak", "projected_peak_year"] == 2030
    st_ = ol.region_status(g.reset_index())
    assert st_["status"].tolist() == ["red"]


# ------------------------------------------------------------------ input sheets
def _tiny_run(tmp_path):
    em = emission_rows([(r, y, c, "CO2", v * (1 + 0.05 * (y - 2020)), fg, v * 10, False)
                        for r in ("A", "B") for y in (2020, 2021, 2022)
                        for c, v, fg in (("1.A.1.a.i", 200.0, "solid"), ("1.A.2.m", 100.0, "solid"),
                                         ("1.A.3.b", 50.0, "liquid"), ("2.A.1", 30.0, ""))])
    ind = pd.DataFrame({"region": ["A", "B"], "year": [2022, 2022],
                        "net_indirect_kt_co2": [20.0, -20.0]})
    return write_run(tmp_path / "run", em, ind)


def _tiny_sheets():
    drivers = pd.DataFrame({"region": ["A", "A", "A", "B", "B", "B"],
                            "year": [2020, 2021, 2022] * 2,
                            "gdp": [1000.0, 1050.0, 1100.0, 500.0, 520.0, 540.0],
                            "population": [100.0] * 3 + [60.0] * 3})
    prox = []
    for r in ("A", "B"):
        for y in (2020, 2021, 2022, 2023):
            for ind in ("thermal_generation", "coal_apparent", "oil_products_apparent",
                        "clinker"):
                prox += monthly(r, ind, y, 1200 * (1 + 0.05 * (y - 2020)))
    proxies = _proxies(prox)
    elec = pd.DataFrame([(r, s, y, m, 10.0 * (1 + 0.05 * (y - 2020)), "10^8 kWh")
                         for r in ("A", "B") for s in ("industry", "transport")
                         for y in (2021, 2022, 2023) for m in range(1, 13)],
                        columns=["region", "sector", "year", "month", "value", "unit"])
    grid = pd.DataFrame({"region": ["*"], "year": [2021], "value": [0.58], "unit": ["t/MWh"],
                         "source": ["project input (test)"]})
    targets = pd.DataFrame({"region": ["A", "B", "NATION"], "target": ["cap", "peak", "cap"],
                            "base_year": [None, None, None], "target_year": [2030, 2030, 2030],
                            "value": [500.0, None, 700.0]})
    scen = pd.DataFrame({"region": ["*"], "scenario": ["base"], "from_year": [2023],
                         "to_year": [2030], "population": [0.0], "gdp_per_capita": [5.0],
                         "energy_intensity": [-3.0], "carbon_intensity": [-1.0]})
    return {"drivers": drivers, "proxies": proxies, "electricity": elec, "grid_factors": grid,
            "targets": targets, "scenarios": scen}


@pytest.mark.parametrize("sheet, row, col, value, message", [
    ("proxies", 3, "value", "about 5",
     "file inputs.xlsx, sheet 'proxies', row 3, column 'value': text 'about 5' in a numeric "
     "cell (expected a number)"),
    ("proxies", 2, "month", 13, "sheet 'proxies', row 2, column 'month': month 13 (expected 1-12)"),
    ("electricity", 4, "sector", "mining", "sheet 'electricity', row 4, column 'sector': "
     "sector 'mining' (expected agriculture | industry"),
    ("targets", 2, "target", "halve", "sheet 'targets', row 2, column 'target': 'halve' "
     "(expected intensity_reduction | cap | peak)"),
    ("drivers", 5, "population", -1, "sheet 'drivers', row 5, column 'population': -1 below 0"),
    ("drivers", 3, "gdp", None, "sheet 'drivers', row 3, column 'gdp_index': empty cell"),
    ("electricity", 2, "unit", "TWh", "sheet 'electricity', row 2, column 'unit': 'TWh'"),
])
def test_bad_input_names_file_sheet_row_and_column(tmp_path, sheet, row, col, value, message):
    from timely.inputs import load_project, read_inputs

    df = _tiny_sheets()[sheet].astype(object)
    df.loc[row - 2, col] = value
    if sheet == "drivers" and col == "gdp":     # region A by current prices and the index
        df.loc[0:2, "gdp"] = None
        df = df.assign(gdp_current=[1000.0] + [None] * 5, gdp_index=[None, None, 104.0] +
                       [None] * 3)
    root = write_project(tmp_path / "p", _tiny_run(tmp_path), {sheet: df})
    with pytest.raises(InputError) as exc:
        read_inputs(load_project(root), (sheet,))
    assert message in str(exc.value)


def test_unknown_column_missing_sheet_and_duplicates_are_refused(tmp_path):
    from timely.inputs import load_project, read_inputs

    sheets = {"drivers": _tiny_sheets()["drivers"].assign(gdp_nominal=1.0)}
    root = write_project(tmp_path / "p", _tiny_run(tmp_path), sheets)
    with pytest.raises(InputError, match=r"sheet 'drivers', row 1, column 'E': unknown column "
                                         r"'gdp_nominal'"):
        read_inputs(load_project(root), ("drivers",))
    proxies = _tiny_sheets()["proxies"].iloc[:3]
    sheets = {"proxies": pd.concat([proxies, proxies.iloc[[0]]])}
    root = write_project(tmp_path / "q", _tiny_run(tmp_path / "q"), sheets)
    with pytest.raises(InputError, match="no sheet 'scenarios'"):
        read_inputs(load_project(root), ("scenarios",))
    with pytest.raises(InputError, match=r"row 5: the same region, indicator, year, month "
                                         r"given twice \(A, thermal_generation, 2020, 1\)"):
        read_inputs(load_project(root), ("proxies",))


# ------------------------------------------------------------------ reports end to end
def test_three_reports_on_a_hand_built_run(tmp_path):
    from openpyxl import load_workbook

    from timely.report import annual_report, outlook_report, quick_report

    root = write_project(tmp_path / "p", _tiny_run(tmp_path), _tiny_sheets())
    out = tmp_path / "out"
    a = annual_report(root, out, run_id="a")
    s = pd.read_csv(a / "summary.csv").set_index(["region", "year"])
    # region A 2022: (200 + 100 + 50) x 1.1 energy + 30 x 1.1 process = 418 kt; + 20 indirect
    assert s.loc[("A", 2022), "total_co2_kt"] == pytest.approx(418.0)
    assert s.loc[("A", 2022), "total_with_indirect_kt"] == pytest.approx(438.0)
    assert s.loc[("NATION", 2022), "total_co2_kt"] == pytest.approx(836.0)   # sum of A and B
    wb = load_workbook(a / "annual_report.xlsx", read_only=True)
    assert "年度核算指标 Annual indicators" in wb.sheetnames
    ws = wb["年度核算指标 Annual indicators"]
    head = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert "二氧化碳排放总量（万吨） / Total CO2 [10^4 t]" in head
    col = head.index("二氧化碳排放总量（万吨） / Total CO2 [10^4 t]")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows[2][col] == pytest.approx(41.8)                                # 418 kt = 41.8 x 10^4 t
    earlier = tmp_path / "earlier_quick"                  # an earlier quick report of 2022
    earlier.mkdir()
    pd.DataFrame({"region": "A", "year": 2022, "months": 12, "sector": ["industry"],
                  "co2_kt": [100.0]}).to_csv(earlier / "quick_estimates.csv", index=False)
    q = quick_report(root, out, run_id="q", against=earlier)
    qs = pd.read_csv(q / "quick_summary.csv").set_index(["region", "year"])
    assert qs.loc[("A", 2023), "co2_kt"] == pytest.approx(418.0 * 1.15 / 1.1)
    assert qs.loc[("NATION", 2023), "co2_kt"] == pytest.approx(2 * 418.0 * 1.15 / 1.1)
    assert pd.read_csv(q / "backtest_statistics.csv")["max_abs_error"].max() < 1e-9
    rev = pd.read_csv(q / "revision.csv").set_index("sector")
    assert rev.loc["industry", "revision_kt"] == pytest.approx(110.0 - 100.0)
    assert rev.loc["industry", "basis"] == "quick report earlier_quick"
    eb = pd.read_csv(q / "electricity_backtest.csv")
    assert set(eb["year"]) == {2022}
    assert (q / "electricity_carbon.csv").is_file() and (q / "quick_report.xlsx").is_file()
    o = outlook_report(root, out, run_id="o")
    st_ = pd.read_csv(o / "status.csv")
    assert set(st_["region"]) == {"A", "B", "NATION"}
    lm = pd.read_csv(o / "lmdi.csv")
    effects = [c for c in lm.columns if c.endswith("_effect_kt")]
    assert np.allclose(lm[effects].sum(axis=1), lm["change_kt"], atol=1e-9)
    man = __import__("json").loads((o / "manifest.json").read_text())
    assert man["report"] == "outlook" and man["inventory_runs"][0]["how"] == "given"


def test_timely_yml_is_read_strictly(tmp_path):
    from timely.inputs import load_project

    root = tmp_path / "p"
    root.mkdir()
    base = "name: t\nbase_year: 2020\nworkbook: w.xlsx\ninventories: [{run: r}]\n"
    for text, message in ((base + "horizn: 2035\n", "unknown key 'horizn' (did you mean "
                                                    "'horizon'?)"),
                          (base + "base_year: 2021\n", "key 'base_year' is given twice"),
                          (base.replace("name: t", "name: ../t"), "key 'name'"),
                          (base + "status: {green_max: 2, amber_max: 1}\n",
                           "green_max 2.0 > amber_max 1.0"),
                          (base.replace("[{run: r}]", "[r]"), "inventories item 1")):
        (root / "timely.yml").write_text(text)
        with pytest.raises(InputError, match=re.escape(message)):
            load_project(root)


def test_an_inventory_run_is_reused_only_for_the_same_inputs(tmp_path):
    import datetime as dt
    import json
    import os

    from inventory.io.readers import file_sha256
    from timely.report import _same_inputs

    proj, run = tmp_path / "proj", tmp_path / "run"
    (proj / "data").mkdir(parents=True)
    run.mkdir()
    (proj / "inventory.yml").write_text("name: x\n")
    (proj / "data" / "a.csv").write_text("1\n")
    os.utime(proj / "inventory.yml", (1e9, 1e9))                      # 2001

    def manifest(created):
        (run / "manifest.json").write_text(json.dumps({
            "created_utc": created, "inputs": [{"path": "data/a.csv",
                                                "sha256": file_sha256(proj / "data" / "a.csv")}]}))

    manifest(dt.datetime(2026, 1, 1).isoformat())
    assert _same_inputs(run, proj)
    (proj / "data" / "a.csv").write_text("2\n")                       # an input changed
    assert not _same_inputs(run, proj)
    manifest(dt.datetime(2026, 1, 1).isoformat())
    os.utime(proj / "inventory.yml", None)                            # edited after the run
    assert not _same_inputs(run, proj)


def test_two_inventories_of_one_region_add_up_unless_they_double_count(tmp_path):
    from timely.inputs import load_project
    from timely.report import load_accounts

    energy = write_run(tmp_path / "energy", emission_rows(
        [("A", 2021, "1.A.2.m", "CO2", 100.0, "solid", 1000.0, False)]))
    ippu = write_run(tmp_path / "ippu", emission_rows(
        [("A", 2021, "2.A.1", "CO2", 30.0, "", 0.0, False)]))
    root = write_project(tmp_path / "p", energy, {"drivers": _tiny_sheets()["drivers"]})
    cfg = (root / "timely.yml").read_text().replace(
        "inventories:\n", f"inventories:\n- run: {ippu}\n")
    (root / "timely.yml").write_text(cfg)
    acc_ = load_accounts(load_project(root), tmp_path / "out").account
    assert acc_[acc_["region"] == "A"]["co2_kt"].sum() == 130.0
    (root / "timely.yml").write_text(cfg.replace(str(ippu), str(energy)))
    with pytest.raises(InputError, match="two inventories both report industry CO2 of region "
                                         "A in 2021"):
        load_accounts(load_project(root), tmp_path / "out")
