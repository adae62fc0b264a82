"""LULUCF methods against hand calculations with the cited IPCC defaults (SYNTHETIC areas).

Every expected number is worked out in the comment above its assert, with the default table
row and its EFDB EF ID."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from inventory.errors import InputError
from inventory.factors import FactorDB
from inventory.methods import run_methods
from sectors.lulucf.biomass import co2_from_carbon_change
from sectors.lulucf.hwp import decay_constant, hwp_history_inflow, hwp_stock
from sectors.lulucf.land import matrix_balance, window_sums
from tests.conftest import activity_rows, national_parameters

BASE = {"continent": "asia_continental",
        "forest_zones": {"warm_temperate_moist": "subtropical_humid_forest"},
        "bcef": {"warm_temperate_moist": "temperate@hardwoods@gs_100_200"},
        "history": "none"}
S = "warm_temperate_moist:lac"          # a stratum with forest defaults (subtropical humid)
M = "tropical_montane:hac"              # the stratum whose SOC_ref the EFDB holds


def run(rows, params=(), tiers=None, options=None):
    act = activity_rows(*rows)
    pars = national_parameters(*params) if params else None
    db = FactorDB.with_defaults(pars)
    tables: dict = {}
    em = run_methods(act, db, tiers or {}, sectors=("lulucf",),
                     options={"lulucf": {**BASE, **(options or {})}}, tables=tables)
    return em, {k: pd.concat(v, ignore_index=True) for k, v in tables.items()}


def value(em, category, activity, gas="CO2", year=None):
    sel = (em["category"] == category) & (em["activity"] == activity) & (em["gas"] == gas)
    if year is not None:
        sel &= em["year"] == year
    return em.loc[sel, "value"].sum()


# ------------------------------------------------------------------ forest biomass
def test_forest_growth_is_area_times_growth_times_cf():
    em, t = run([("R1", 2020, "3.B.1.a", f"area:{S}", 1000, "ha")])
    # Tier 1: G_W = 2.0 t dm/ha/yr (Table 4.9, subtropical humid forest, Asia continental,
    # >20 y, EF ID 515550); CF = 0.47 (Table 4.3 tropical and subtropical, EF ID 515150);
    # gain = 1000 ha x 2.0 x 0.47 = 940 t C
    c = t["lulucf.carbon"].iloc[0]
    assert c["agb_gain"] == pytest.approx(940.0)
    # R = 0.24 (Table 4.4, subtropical humid forest above 125 t/ha, EF ID 515168; the stand
    # holds 180 t dm/ha, Table 4.7, EF ID 515370): below ground 940 x 0.24 = 225.6 t C
    assert c["bgb_gain"] == pytest.approx(225.6)
    # removals negative: -940 t C x 44/12 = -3.4467 kt CO2
    assert value(em, "3.B.1.a", "agb") == pytest.approx(-940 * 44 / 12 / 1e3)
    assert value(em, "3.B.1.a", "bgb") == pytest.approx(-225.6 * 44 / 12 / 1e3)
    row = em[(em["activity"] == "agb")].iloc[0]
    assert "ipcc2006_v4_ch4_table4_9_growth_natural_forest" in row["parameter_ids"]
    assert row["tier"] == 1 and row["factor_layer"] == "ipcc_default"
    assert row["equation"] == "IPCC 2006 Vol.4 Ch.2 Eq. 2.7"


def test_harvest_loss_uses_bcef_r_root_shoot_and_cf():
    em, t = run([("R1", 2020, "3.B.1.a", f"area:{S}", 1000, "ha"),
                 ("R1", 2020, "3.B.1.a", f"harvest:{S}", 100, "m3")])
    c = t["lulucf.carbon"].iloc[0]
    # Eq. 2.12: 100 m3 x BCEF_R 1.17 (Table 4.5 temperate hardwoods 100-200 m3, EF ID 515261)
    # x 0.47 = 54.99 t C above ground; below ground x R 0.24 = 13.1976 t C
    assert c["agb_loss"] == pytest.approx(54.99)
    assert c["bgb_loss"] == pytest.approx(13.1976)
    assert value(em, "3.B.1.a", "agb") == pytest.approx(-(940 - 54.99) * 44 / 12 / 1e3)


def test_tier2_needs_national_growth_and_says_so():
    with pytest.raises(InputError, match=r"G_W at Tier 2 .*national"):
        run([("R1", 2020, "3.B.1.a", f"area:{S}", 1000, "ha")],
            tiers={"3.B.1.a": {"biomass": 2, "*": 1}})
    em, t = run([("R1", 2020, "3.B.1.a", f"area:{S}", 1000, "ha")],
                params=[("G_W", "3.B.1", "*", "-", 3.0, "t/ha/yr")],
                tiers={"3.B.1.a": {"biomass": 2, "*": 1}})
    # national 3.0 t dm/ha/yr: 1000 x 3.0 x 0.47 = 1410 t C
    assert t["lulucf.carbon"]["agb_gain"].iloc[0] == pytest.approx(1410.0)
    assert em[em["activity"] == "agb"]["factor_layer"].iloc[0] == "national"


# ------------------------------------------------------------------ mineral soils
def test_soc_change_over_20_years_for_a_tillage_change():
    # 100 ha of cropland (tropical montane, HAC) in full tillage until 2004, no-till from 2005
    rows = []
    for y in range(2000, 2026):
        rows += [("R1", y, "3.B.2.a", f"area:{M}:cultivated.full_till.medium",
                  100 if y < 2005 else 0, "ha"),
                 ("R1", y, "3.B.2.a", f"area:{M}:cultivated.no_till.medium",
                  0 if y < 2005 else 100, "ha")]
    em, t = run(rows, options={"history": "constant"})
    c = t["lulucf.carbon"].groupby("year")["mineral_soil"].sum()
    # Eq. 2.25: SOC_ref 88 t C/ha (Table 2.3, tropical montane HAC, EF ID 515111) x F_LU 0.64
    # (Table 5.5 long-term cultivated, tropical montane, 515801) x F_MG (full 1.0, 515807;
    # no-till 1.16, 515817) x F_I 1.0 (medium, 515823); D = 20 years:
    # 100 ha x 88 x 0.64 x (1.16 - 1.00) / 20 = 45.056 t C per year for 2005-2024
    expected = 100 * 88 * 0.64 * (1.16 - 1.0) / 20
    assert c.loc[2000:2004].abs().max() < 1e-9
    assert np.allclose(c.loc[2005:2024], expected)
    assert abs(c.loc[2025]) < 1e-9
    # over the 20 years the whole difference of the equilibrium stocks: 901.12 t C
    assert c.sum() == pytest.approx(100 * 88 * 0.64 * 0.16)
    # a gain is a removal: negative CO2
    assert value(em, "3.B.2.a", "mineral_soil", year=2010) == pytest.approx(
        -expected * 44 / 12 / 1e3)


# forest defaults for the tropical montane stratum (the test's own 'ipcc_default' rows keyed
# '*': Table 4.7/4.9 give only ranges there) and national dead organic matter stocks
CONVERSION_PARAMS = [("DW_stock", "3.B.1", "*", "-", 5.0, "t/ha"),
                     ("LT_stock", "3.B.1", "*", "-", 3.0, "t/ha"),
                     ("B_total", "3.B.2", "*", "-", 10.0, "t/ha"),
                     ("B_W", "3.B.1", "*", "-", 200.0, "t/ha", "ipcc_default"),
                     ("G_W", "3.B.1", "*", "-", 1.0, "t/ha/yr", "ipcc_default"),
                     ("R", "3.B.1", "*", "-", 0.25, "fraction", "ipcc_default")]


def _conversion_rows(years, converted_year, ha=10.0):
    rows, forest, crop = [], 1000.0, 500.0
    for y in years:
        conv = ha if y == converted_year else 0.0
        rows += [("R1", y, "3.B.1.a", f"area:{M}", forest - conv, "ha"),
                 ("R1", y, "3.B.2.b.i", f"area:{M}", conv, "ha"),
                 ("R1", y, "3.B.2.a", f"area:{M}", crop, "ha")]
        forest -= conv
        crop += conv
    return rows


def test_a_conversion_year_by_year_through_the_transition_period():
    years = list(range(2000, 2023))
    em, t = run(_conversion_rows(years, 2001), params=CONVERSION_PARAMS,
                options={"forest_zones": {}})
    c = t["lulucf.carbon"]
    conv = c[c["category"] == "3.B.2.b.i"].set_index("year")
    rem = c[c["category"] == "3.B.2.a"].set_index("year")
    # 10 ha forest -> cropland in 2001 stay "land converted to cropland" for 20 years
    # (2001-2020), then become cropland remaining cropland
    assert list(conv.index) == list(range(2001, 2021))
    assert (conv["area"] == 10.0).all()
    assert rem.loc[2020, "area"] == 500.0 and rem.loc[2021, "area"] == 510.0
    # biomass, dead wood, litter lost in the conversion year only (Eqs. 2.16, 2.23, T_on = 1):
    # 10 ha x 200 t dm/ha x 0.47 = 940 t C above ground, x 0.25 = 235 t C below ground,
    # 10 x 5 = 50 t C dead wood, 10 x 3 = 30 t C litter; the crop gains 10 x 10 x 0.47 = 47
    y01 = conv.loc[2001]
    assert y01["agb_loss"] == pytest.approx(940.0) and y01["bgb_loss"] == pytest.approx(235)
    assert y01["agb_gain"] == pytest.approx(47.0)
    assert (y01["dead_wood"], y01["litter"]) == (pytest.approx(-50.0), pytest.approx(-30.0))
    assert (conv.loc[2002:, ["agb_loss", "dead_wood", "litter"]] == 0).all().all()
    # mineral soil: (SOC_crop - SOC_forest) / 20 every year of the cohort, 2001-2020:
    # 10 ha x 88 x (0.64 - 1) / 20 = -15.84 t C per year; nothing left in 2021
    assert np.allclose(conv["mineral_soil"], 10 * 88 * (0.64 - 1.0) / 20)
    assert value(em, "3.B.2.b.i", "mineral_soil", year=2021) == 0
    # N2O of the mineralised N (Eq. 11.8): F_SOM = 15.84 / 15 (R_CN) = 1.056 t N;
    # N2O = 1.056 x EF1 0.01 x 44/28 = 0.016594 t = 1.6594e-5 kt (3.C.4 -> CRT 4(III))
    n2o = value(em, "3.C.4", "n_mineralisation@3.B.2.b.i", "N2O", 2005)
    assert n2o == pytest.approx(15.84 / 15 * 0.01 * 44 / 28 / 1e3)
    # deforestation is an emission: positive CO2
    assert value(em, "3.B.2.b.i", "agb", year=2001) > 0


def test_history_constant_fills_the_transition_period_before_the_first_year():
    rows = _conversion_rows([2000, 2001], 2000)
    _, t = run(rows, params=CONVERSION_PARAMS, options={"history": "constant"})
    conv = t["lulucf.carbon"]
    conv = conv[conv["category"] == "3.B.2.b.i"].set_index("year")
    # 10 ha converted in 2000 and assumed for each of the 19 years before: 200 ha in 2000
    assert conv.loc[2000, "area"] == pytest.approx(200.0)
    # 2001 converts nothing: 2000's cohort and 18 of the assumed ones remain (190 ha)
    assert conv.loc[2001, "area"] == pytest.approx(190.0)


# ------------------------------------------------------------------ land representation
def test_window_sums_is_the_transition_period():
    s = np.array([[10.0, 0, 0, 5, 0]])
    assert window_sums(s, 3).tolist() == [[10, 10, 10, 5, 5]]
    assert window_sums(s, 2, prefix=np.array([1.0])).tolist() == [[11, 10, 0, 5, 5]]


def test_land_matrix_mass_balance():
    _, t = run(_conversion_rows(list(range(2000, 2005)), 2002), params=CONVERSION_PARAMS)
    m = t["lulucf.land_matrix"]
    start = m.groupby(["year", "from_lu"])["area"].sum()
    end = m.groupby(["year", "to_lu"])["area"].sum()
    # each use starts a year with the area it ended the previous year with
    for y in range(2001, 2005):
        for lu in ("forest", "cropland"):
            assert start.get((y, lu), 0.0) == pytest.approx(end.get((y - 1, lu), 0.0))
    # the total land area is the same every year
    tot = m.groupby("year")["area"].sum()
    assert np.allclose(tot, 1500.0)
    trans = m.rename(columns={"from_lu": "from_lu"}).assign(
        climate="c", soil="s", source_ref="x")
    assert matrix_balance(trans).empty


def test_a_matrix_that_does_not_add_up_names_region_year_stratum_and_cells():
    rows = _conversion_rows([2000, 2001], 2001)
    rows[-1] = ("R1", 2001, "3.B.2.a", f"area:{M}", 480.0, "ha")   # cropland lost 20 ha
    with pytest.raises(InputError) as e:
        run(rows, params=CONVERSION_PARAMS)
    msg = str(e.value)
    assert "region R1, year 2001, stratum tropical_montane:hac" in msg
    assert "cropland starts the year with 480.0 ha" in msg and "ended 2000 with 500.0" in msg
    assert "test row 3" in msg and "test row 6" in msg      # the cells of row and column


def test_total_area_must_match_the_option():
    with pytest.raises(InputError, match="total land area of region R1 is 1,000.0 ha"):
        run([("R1", 2020, "3.B.1.a", f"area:{S}", 1000, "ha")],
            options={"total_area": {"R1": 1200}})


def test_approach1_derives_conversions_from_net_areas():
    rows = [("R1", 2000, "3.B.1", f"area:{M}", 1000, "ha"),
            ("R1", 2000, "3.B.2", f"area:{M}", 500, "ha"),
            ("R1", 2001, "3.B.1", f"area:{M}", 990, "ha"),
            ("R1", 2001, "3.B.2", f"area:{M}", 510, "ha")]
    _, t = run(rows, params=CONVERSION_PARAMS, options={"approach": 1})
    m = t["lulucf.land_matrix"]
    m01 = m[m["year"] == 2001].set_index(["from_lu", "to_lu"])["area"]
    # the 10 ha forest lost are the 10 ha cropland gained
    assert m01[("forest", "cropland")] == pytest.approx(10.0)
    assert m01[("forest", "forest")] == pytest.approx(990.0)
    assert m01[("cropland", "cropland")] == pytest.approx(500.0)


def test_unknown_stratum_is_named_with_its_cell():
    with pytest.raises(InputError, match=r"unknown climate zone \(stratum\) in "
                                         r"'area:atlantis:lac'.*test row 1"):
        run([("R1", 2020, "3.B.1.a", "area:atlantis:lac", 1000, "ha")])
    with pytest.raises(InputError, match=r"unknown qualifier in 'area:.*:cultivated.deep'"):
        run([("R1", 2020, "3.B.2.a", f"area:{S}:cultivated.deep", 10, "ha")])


# ------------------------------------------------------------------ organic soils, fires
def test_drained_organic_forest_soil_co2_ch4_n2o():
    o = "warm_temperate_moist:organic"
    em, t = run([("R1", 2020, "3.B.1.a", f"area:{o}", 100, "ha"),
                 ("R1", 2020, "3.B.1.a", f"drained_area:{o}", 100, "ha")])
    # Eq. 2.26: 100 ha x 2.6 t C/ha/yr (2013 Wetlands Supplement Table 2.1, temperate forest,
    # EF ID 522839) = 260 t C lost = +0.95333 kt CO2
    assert t["lulucf.carbon"]["organic_soil"].sum() == pytest.approx(-260.0)
    assert value(em, "3.B.1.a", "organic_soil") == pytest.approx(260 * 44 / 12 / 1e3)
    # CH4: 100 ha x 2.5 kg/ha (EF ID 522848) = 0.00025 kt; N2O: 100 x 2.8 kg N2O-N
    # (522857) x 44/28 = 0.00044 kt
    assert value(em, "3.B.1.a", "drainage@3.B.1.a", "CH4") == pytest.approx(2.5e-4)
    assert value(em, "3.C.4", "drainage@3.B.1.a", "N2O") == pytest.approx(100 * 2.8 * 44 / 28
                                                                         * 1e-6)


def test_burning_each_gas():
    em, t = run([("R1", 2020, "3.B.1.a", f"area:{S}", 1000, "ha"),
                 ("R1", 2020, "3.B.1.a", f"wildfire_area:{S}", 100, "ha"),
                 ("R1", 2020, "3.B.3.a", f"area:{S}", 500, "ha"),
                 ("R1", 2020, "3.B.3.a", f"wildfire_area:{S}", 50, "ha")],
                params=[("M_B", "3.B.1", "*", "-", 100.0, "t/ha"),
                        ("C_f", "3.B.1", "*", "-", 0.5, "fraction"),
                        ("M_B", "3.B.3", "*", "-", 6.0, "t/ha"),
                        ("C_f", "3.B.3", "*", "-", 0.74, "fraction")])
    # Eq. 2.27, forest: 100 ha x 100 t/ha x 0.5 = 5000 t dm burnt x G_ef (Table 2.5 extra
    # tropical forest): CO2 1569 (515123), CH4 4.7 (515133), N2O 0.26 (515138), CO 107
    # (515128), NOx 3.0 (515143) g/kg -> kt = 5000 x G_ef x 1e-6
    for gas, ef in (("CO2", 1569), ("CH4", 4.7), ("N2O", 0.26), ("CO", 107), ("NOx", 3.0)):
        assert value(em, "3.C.1.a", "wildfire@3.B.1.a", gas) == pytest.approx(5000 * ef * 1e-6)
    # grassland: 50 x 6 x 0.74 = 222 t dm x savanna and grassland CH4 2.3 (415130), N2O 0.21
    # (415135); no CO2 (the grass regrows)
    assert value(em, "3.C.1.c", "wildfire@3.B.3.a", "CH4") == pytest.approx(222 * 2.3e-6)
    assert value(em, "3.C.1.c", "wildfire@3.B.3.a", "N2O") == pytest.approx(222 * 0.21e-6)
    assert value(em, "3.C.1.c", "wildfire@3.B.3.a", "CO2") == 0
    from inventory.categories import to_crt
    rows = em[em["activity"].str.startswith("wildfire@")]
    crt = to_crt(rows["category"], activities=rows["activity"], gases=rows["gas"])
    # reported in the land category's CRT row (Table4(IV)), not agriculture's 3.E / 3.F
    assert set(crt) == {"4.A.1", "4.C.1"}


# ------------------------------------------------------------------ HWP
def test_hwp_decay_against_the_closed_form():
    inflow, hl = 1000.0, 35.0
    k = math.log(2) / hl
    stock, change = hwp_stock(np.full((1, 40), inflow), hl)
    # constant inflow I from C(0) = 0: C(n) = I / k x (1 - e^-kn)
    for n in (1, 10, 39):
        assert stock[0, n] == pytest.approx(inflow / k * (1 - math.exp(-k * n)))
    # first year's stock change: I (1 - e^-k) / k
    assert change[0, 0] == pytest.approx(inflow * (1 - math.exp(-k)) / k)
    assert decay_constant(2.0) == pytest.approx(math.log(2) / 2)
    # mass balance: stock change = inflow - decay of the stock
    assert np.allclose(change[0, 1:] + stock[0, 1:] * (1 - math.exp(-k)) / 1.0,
                       change[0, 1:] + stock[0, 1:] - stock[0, 1:] * math.exp(-k))
    hist = hwp_history_inflow(np.array([100.0]), 2000, [1999, 1990], 0.0217)
    # Eq. 12.6: V_t = V_t0 e^(U (t - t0)) with U = 0.0217 (Table 12.3 Asia, EF ID 517429)
    assert hist[0].tolist() == pytest.approx([100 * math.exp(-0.0217),
                                              100 * math.exp(-0.0217 * 10)])


def test_hwp_production_approach_run_with_history_provenance():
    rows = []
    for y in (2000, 2001):
        rows += [("R1", y, "3.D.1", "sawnwood:production", 1000, "m3"),
                 ("R1", y, "3.D.1", "sawnwood:export", 0, "m3"),
                 ("R1", y, "3.D.1", "sawnwood:import", 0, "m3")]
    params = [("C_hwp", "3.D.1", "sawnwood", "-", 0.229, "t/m3")]
    em, t = run(rows, params=params, options={"hwp_start_year": 2000, "hwp_region": "asia"})
    # no history: 229 t C a year into a pool of half-life 30 years (2006 solid wood, EF ID
    # 517419) or 35 (2019 Refinement sawnwood): first year's gain 229 (1 - e^-k) / k
    hl = t["lulucf.hwp"]["half_life"].iloc[0]
    k = math.log(2) / hl
    gain = 229 * (1 - math.exp(-k)) / k
    assert value(em, "3.D.1", "sawnwood", year=2000) == pytest.approx(-gain * 44 / 12 / 1e3)
    _, t2 = run(rows, params=params, options={"hwp_start_year": 1990, "hwp_region": "asia"})
    h = t2["lulucf.hwp"]
    hist = h[h["history"]]
    assert sorted(hist["year"].unique()) == list(range(1990, 2000))
    assert hist["source"].str.contains("Eq. 12.6: U = 0.0217").all()
    dom = hist[hist["pool"] == "domestic"].set_index("year")
    assert dom.loc[1999, "inflow"] == pytest.approx(229 * math.exp(-0.0217))


def test_hwp_approaches_with_trade():
    # 1000 m3 sawnwood produced, 300 exported, 200 imported; industrial roundwood 800 m3
    # harvested, 200 imported, 0 exported: f_DH = 800 / (800 + 200) = 0.8 (Eq. 12.3)
    rows = [("R1", 2000, "3.D.1", "sawnwood:production", 1000, "m3"),
            ("R1", 2000, "3.D.1", "sawnwood:export", 300, "m3"),
            ("R1", 2000, "3.D.1", "sawnwood:import", 200, "m3"),
            ("R1", 2000, "3.D.1", "industrial_roundwood:production", 800, "m3"),
            ("R1", 2000, "3.D.1", "industrial_roundwood:import", 200, "m3"),
            ("R1", 2000, "3.D.1", "industrial_roundwood:export", 0, "m3")]
    params = [("C_hwp", "3.D.1", "sawnwood", "-", 0.2, "t/m3")]
    opts = {"hwp_start_year": 2000, "hwp_region": "asia"}
    out = {}
    for approach in ("production", "stock_change", "atmospheric_flow"):
        em, t = run(rows, params=params, options={**opts, "hwp_approach": approach})
        out[approach] = value(em, "3.D.1", "sawnwood")
        hl = t["lulucf.hwp"]["half_life"].iloc[0]
    g = (1 - math.exp(-math.log(2) / hl)) / (math.log(2) / hl)   # first-year gain per t C
    to_kt = 44 / 12 / 1e3
    # production approach: domestic use (1000 - 300) x 0.2 x 0.8 = 112 t C and exported
    # 300 x 0.2 x 0.8 = 48 t C, both from domestic harvest: 160 t C inflow
    assert out["production"] == pytest.approx(-160 * g * to_kt)
    # stock-change approach: apparent consumption (Eq. 12.2) 1000 + 200 - 300 = 900 m3
    # = 180 t C, whatever its origin
    assert out["stock_change"] == pytest.approx(-180 * g * to_kt)
    # atmospheric-flow approach: the consumed stock change plus exports less imports
    # 180 g + 60 - 40 t C
    assert out["atmospheric_flow"] == pytest.approx(-(180 * g + 60 - 40) * to_kt)


# ------------------------------------------------------------------ signs, tiers, uncertainty
def test_sign_convention():
    assert co2_from_carbon_change(12.0) == pytest.approx(-0.044)   # a gain is a removal
    assert co2_from_carbon_change(-12.0) == pytest.approx(0.044)   # a loss is an emission
    from inventory.combine import combine_emissions
    from inventory.products import RunContext
    from sectors.lulucf.qa import removals_sign
    em, t = run([("R1", 2020, "3.B.1.a", f"area:{S}", 1000, "ha")])
    comb = combine_emissions([em], "AR5GWP100")
    ctx = RunContext(None, None, None, None, comb, t)
    assert removals_sign(ctx).empty
    assert comb.loc[comb["gas"] == "CO2", "value_co2eq"].sum() < 0


def test_tier3_results_with_their_own_uncertainty():
    from inventory.analysis.uncertainty import uncertainty_inputs
    from inventory.combine import combine_emissions
    rows = [("R1", y, "3.B.1.a", f"area:{S}", 1000, "ha") for y in (2020, 2021)]
    rows += [("R1", y, "3.B.1.a", f"gain.agb:{S}", 1500, "t") for y in (2020, 2021)]
    rows += [("R1", y, "3.B.1.a", f"loss.agb:{S}", 500, "t") for y in (2020, 2021)]
    # the model's own 95 % range, +-25 %, as an AD_uncertainty row of its category and pool
    pars = national_parameters(("AD_uncertainty", "3.B.1.a", "agb", "-", 100.0, "%"))
    pars.loc[0, ["lower", "upper"]] = [75.0, 125.0]
    act = activity_rows(*rows)
    tables: dict = {}
    em = run_methods(act, FactorDB.with_defaults(pars), {"3.B.1.a": {"biomass": 3, "*": 1}},
                     sectors=("lulucf",), options={"lulucf": BASE}, tables=tables)
    # Tier 3: the model's net gain 1500 - 500 = 1000 t C -> -3.6667 kt CO2
    agb = em[(em["activity"] == "agb") & (em["year"] == 2020)].iloc[0]
    assert agb["value"] == pytest.approx(-1000 * 44 / 12 / 1e3) and agb["tier"] == 3
    assert agb["parameter_ids"] == ""          # a reported amount: no factor
    inputs = uncertainty_inputs(combine_emissions([em], "AR5GWP100"), pars, [2020, 2021])
    v = inputs.variables
    ad = v[(v["kind"] == "activity") & (v["activity"] == "agb")]
    assert np.allclose(ad["u_pct"], 25.0)


def test_uncertainty_inputs_for_the_new_categories():
    from inventory.analysis.uncertainty import uncertainty_inputs
    from inventory.combine import combine_emissions
    em, _ = run([("R1", y, "3.B.1.a", f"area:{S}", 1000, "ha") for y in (2020, 2021)])
    pars = national_parameters(("AD_uncertainty", "3.B", "*", "-", 100.0, "%"))
    pars.loc[0, ["lower", "upper"]] = [90.0, 110.0]
    inputs = uncertainty_inputs(combine_emissions([em], "AR5GWP100"), pars, [2020, 2021])
    v = inputs.variables.set_index("parameter")
    # activity data: the area survey's +-10 % for every LULUCF row
    assert np.allclose(v.loc["AD_uncertainty", "u_pct"], 10.0)
    # factors with the ranges of their tables: CF 0.47 (0.44-0.49, Table 4.3, EF ID 515150):
    # (0.47 - 0.44) / 0.47 = 6.38 %; R 0.24 (0.22-0.33, Table 4.4, EF ID 515168):
    # (0.33 - 0.24) / 0.24 = 37.5 %
    assert v.loc["CF", "u_pct"] == pytest.approx(100 * 0.03 / 0.47)
    assert v.loc["R", "u_pct"] == pytest.approx(37.5)
    # the stand's biomass (only the R class) is no input of the estimate
    assert "B_W" not in v.index
    r = inputs.rows
    assert set(r["kca_id"]) == {"3.B.1.a"} and r["lulucf"].all()


def test_provenance_of_a_group_joins_its_distinct_sources_and_ids():
    from inventory.factors import LAYER_RANK
    from sectors.lulucf.carbon import _agg_prov

    nat, ipcc = LAYER_RANK["national"], LAYER_RANK["ipcc_default"]
    df = pd.DataFrame({
        "region": ["R1", "R1", "R1", "R2"], "category": ["3.B.1.a"] * 4,
        "_rank": [ipcc, nat, ipcc, -1.0],
        "factor_source": ["IPCC T4.7", "IPCC T4.7", "x; y;IPCC T4.7", None],
        "parameter_ids": ["p1;p2", "p2", "", ""],
        "activity_ids": [None, "a9", "a9", "a3"]})
    p = _agg_prov(df, ["region", "category"])
    r1, r2 = p.loc[("R1", "3.B.1.a")], p.loc[("R2", "3.B.1.a")]
    # R1: each distinct piece once, in order of appearance; the highest layer wins
    assert (r1["factor_source"], r1["parameter_ids"], r1["activity_ids"]) == (
        "IPCC T4.7; x; y", "p1;p2", "a9")
    assert r1["factor_layer"] == "national"
    # R2: no source and no parameter at all
    assert pd.isna(r2["factor_source"]) and r2["parameter_ids"] == ""
    assert r2["activity_ids"] == "a3"
