"""The waste methods on the method kit: the TierSpec pre-check, the layer role of each
parameter (a national factor at Tier 1 is reported unused, at Tier 2 used and recorded), tiers
per gas, the background tables (declared columns, hand-checked values), the waste checks and
products, and the demo without false 'country parameter not used' findings."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from inventory import qa  # noqa: F401  (registers the core checks)
from inventory.checks import registered_checks
from inventory.errors import MethodInputError
from inventory.factors import FactorDB
from inventory.methods import MethodInput, MethodResult, TierPlan, method_for, run_methods
from inventory.products import RunContext, background_tables, ensure_table
from inventory.project import load_config
from sectors.waste.qa import (
    fod_history_too_short,
    parameters_outside_ipcc_range,
    swds_ch4_balance,
)
from sectors.waste.solid_waste_disposal import FOD_TABLE, decay_curves
from sectors.waste.wastewater import WASTEWATER_TABLE
from tests.conftest import DEMO, activity_rows, national_parameters

WET = {"climate_zone": "boreal_temperate_wet", "history": {"method": "none",
                                                            "start_year": 2000}}
WW = {"wastewater_region": "asia_middle_east_latin_america"}


def method_input(rows, factors, options=None, tiers=None) -> MethodInput:
    """A MethodInput as run_methods builds it: the registered method of the rows and the
    project's tier plan (tiers per category and gas)."""
    act = activity_rows(*rows)
    plan = TierPlan(tiers or {})
    method = method_for(str(act["category"].iloc[0]), str(act["activity"].iloc[0]))
    return MethodInput(act, plan.resolve(act["category"]), factors, options or {}, method,
                       plan)


def compute(inp: MethodInput) -> pd.DataFrame:
    """The method's emission rows; parameters not found are raised as run_methods does."""
    try:
        out = inp.method.compute(inp)
    except Exception:
        inp.raise_missing()
        raise
    inp.raise_missing()
    return out.emissions if isinstance(out, MethodResult) else out


def run(rows, factors, options, tiers=None):
    act = activity_rows(*rows)
    tables: dict = {}
    em = run_methods(act, factors, tiers or {}, sectors=("waste",),
                     options={"waste": options}, tables=tables)
    return em, {name: ensure_table(name, frames) for name, frames in tables.items()}


def unused(parameters: pd.DataFrame, em: pd.DataFrame) -> pd.DataFrame:
    """What the core check core.country_parameter_not_used reports for these rows."""
    check = next(c for c in registered_checks() if c.name == "core.country_parameter_not_used")
    ctx = RunContext(None, pd.DataFrame(), parameters, None, em)
    return check.find(ctx)


# ---------------------------------------------------------------- TierSpec pre-check
def test_precheck_names_every_missing_parameter_before_computing(ipcc_factors):
    table = ipcc_factors.table
    # no national protein (country data, no default) and an edition without F_NPR and the
    # effluent factor: one message names all three, before compute runs (compute would stop
    # first at the missing treatment utilisation T)
    f = FactorDB(table[~table["parameter"].isin(["F_NPR", "EF_effluent"])])
    rows = [("R", 2020, "4.D.1", "population:urban", 1e6, "head")]
    with pytest.raises(MethodInputError) as exc:
        run(rows, f, WW)
    msg = str(exc.value)
    assert "wastewater is missing 3 parameter(s)" in msg
    assert "protein at Tier 1 (layers ipcc_default, national, provincial, plant) for " \
           "population:urban in 4.D.1" in msg
    assert "F_NPR at Tier 1 (layers ipcc_default)" in msg
    assert "EF_effluent N2O at Tier 1 (layers ipcc_default)" in msg
    assert "utilisation" not in msg


def test_misses_found_while_computing_are_raised_together(ipcc_factors):
    # Tier 2 of 4.B requires country-specific factors: CH4 and N2O of composting both missing
    rows = [("R", 2020, "4.B", "composting", 10.0, "kt")]
    with pytest.raises(MethodInputError, match=r"biological_treatment is missing 2 parameter"
                                               r"\(s\): EF CH4 at Tier 2 \(layers national, "
                                               r"provincial, plant\) for composting in 4\.B.*"
                                               r"\| EF N2O at Tier 2"):
        run(rows, ipcc_factors, {}, {"4.B": 2})


# ---------------------------------------------------------------- national factors by tier
def test_national_mcf_unused_at_tier1_used_at_tier2():
    pars = national_parameters(("MCF", "4.D.2", "anaerobic_reactor", "-", 0.5, "fraction"))
    f = FactorDB.with_defaults(pars)
    rows = [("R", 2020, "4.D.2", "beer_malt:anaerobic_reactor", 100.0, "kt")]
    # Tier 1: Table 6.8 MCF 0.8: 1.827 kt COD x 0.25 x 0.8 = 0.3654 kt; the national row is
    # not used and reported
    em1, _ = run(rows, f, {})
    ch4 = em1[em1["gas"] == "CH4"].iloc[0]
    assert ch4["value"] == pytest.approx(0.3654)
    assert ch4["factor_layer"] == "ipcc_default" and "p0" not in ch4["parameter_ids"]
    assert unused(pars, em1)["parameter"].tolist() == ["MCF"]
    # Tier 2: 1.827 x 0.25 x 0.5 = 0.228375 kt, recorded as national
    em2, _ = run(rows, f, {}, {"4.D": 2})
    ch4 = em2[em2["gas"] == "CH4"].iloc[0]
    assert ch4["value"] == pytest.approx(0.228375)
    assert ch4["tier"] == 2 and ch4["factor_layer"] == "national"
    assert "p0" in ch4["parameter_ids"].split(";")
    assert "test national" in ch4["factor_source"]
    assert unused(pars, em2).empty


def test_national_ox_unused_at_tier1_used_at_tier2():
    pars = national_parameters(("OX", "4.A.1", "*", "-", 0.1, "fraction"))
    f = FactorDB.with_defaults(pars)
    rows = [("R", y, "4.A.1", "food:managed_anaerobic", 100.0, "kt") for y in (2000, 2001)]
    em1, _ = run(rows, f, WET, {"4.A": 1})
    em2, _ = run(rows, f, WET, {"4.A": 2})
    ch4 = [e[(e["gas"] == "CH4") & (e["year"] == 2001)].iloc[0] for e in (em1, em2)]
    # 0.844479 kt generated in 2001 (test_waste_fod); OX 0.1 at Tier 2 only
    assert ch4[0]["value"] == pytest.approx(0.844479, rel=1e-5)
    assert ch4[1]["value"] == pytest.approx(0.844479 * 0.9, rel=1e-5)
    assert (ch4[0]["factor_layer"], ch4[1]["factor_layer"]) == ("ipcc_default", "national")
    assert len(unused(pars, em1)) == 1 and unused(pars, em2).empty


def test_national_dry_matter_makes_the_co2_layer_national():
    # the CO2 row records the most specific layer among dm, CF, FCF and OF (here: dm)
    pars = national_parameters(("dry_matter", "4.C", "industrial", "-", 0.85, "fraction"))
    f = FactorDB.with_defaults(pars)
    rows = [("R", 2020, "4.C.1", "industrial:continuous_fluidised_bed", 10.0, "kt")]
    em, _ = run(rows, f, {}, {"4.C": {"CO2": 2, "*": 1}})
    co2 = em[(em["gas"] == "CO2") & ~em["memo"]].iloc[0]
    # 10 kt x dm 0.85 x CF 0.50 x FCF 0.90 x OF 1 x 44/12 (Table 5.2 industrial)
    assert co2["value"] == pytest.approx(10 * 0.85 * 0.5 * 0.9 * 44 / 12)
    assert co2["factor_layer"] == "national"
    assert co2["parameter_ids"].split(";")[0] == "p0"
    # Tier 1 takes defaults only, and Table 5.2 has no dry matter for industrial waste
    with pytest.raises(MethodInputError, match="dry_matter at Tier 1"):
        run(rows, f, {}, {"4.C": 1})


# ---------------------------------------------------------------- tiers per gas
def test_incineration_tiers_per_gas():
    pars = national_parameters(("EF", "4.C.1", "continuous_stoker", "CH4", 1.0, "g/t"),
                               ("msw_fraction", "4", "paper", "-", 0.5, "fraction"),
                               ("msw_fraction", "4", "plastics", "-", 0.5, "fraction"))
    f = FactorDB.with_defaults(pars)
    rows = [("R", 2020, "4.C.1", "msw:continuous_stoker", 100.0, "kt")]
    em, _ = run(rows, f, {}, {"4.C": {"CO2": 2, "*": 1}})
    tiers = em.groupby(["gas", "memo"])["tier"].first().to_dict()
    assert tiers == {("CO2", False): 2, ("CO2", True): 2, ("CH4", False): 1, ("N2O", False): 1}
    # CH4 at Tier 1: Table 5.3 0.2 kg/Gg x 100 Gg = 2e-5 kt; the national 1 g/t is unused
    assert em.loc[em["gas"] == "CH4", "value"].iloc[0] == pytest.approx(2e-5)
    assert unused(pars, em)["parameter"].tolist() == ["EF"]
    # CH4 at Tier 2: the national factor, 100 kt x 1 g/t = 1e-4 kt
    em2, _ = run(rows, f, {}, {"4.C": {"CO2": 2, "CH4": 2, "*": 1}})
    ch4 = em2[em2["gas"] == "CH4"].iloc[0]
    assert (ch4["value"], ch4["tier"], ch4["factor_layer"]) == (pytest.approx(1e-4), 2,
                                                                 "national")
    assert unused(pars, em2).empty


def test_wastewater_and_biological_treatment_tiers_per_gas():
    pars = national_parameters(("EF", "4.B", "composting", "N2O", 0.5, "g/kg"),
                               ("T", "4.D.1", "urban:septic_tank", "-", 1.0, "fraction"),
                               ("protein", "4.D.1", "*", "-", 25.0, "kg/head/year"),
                               ("EF_effluent", "4.D.1", "*", "N2O", 0.01, "kg/kg"))
    f = FactorDB.with_defaults(pars)
    rows = [("R", 2020, "4.B", "composting", 10.0, "kt"),
            ("R", 2020, "4.D.1", "population:urban", 1e6, "head")]
    em, _ = run(rows, f, WW, {"4.B": {"N2O": 2, "*": 1}, "4.D": {"N2O": 2, "*": 1}})
    by = em.set_index(["category", "gas", "activity"])
    assert by.loc[("4.B", "CH4", "composting"), "tier"] == 1
    assert by.loc[("4.B", "N2O", "composting"), "tier"] == 2
    # composting N2O 10 kt x 0.5 g/kg = 0.005 kt (national), CH4 the Table 4.1 default 4 g/kg
    assert by.loc[("4.B", "N2O", "composting"), "value"] == pytest.approx(0.005)
    assert by.loc[("4.B", "CH4", "composting"), "value"] == pytest.approx(0.04)
    assert by.loc[("4.D.1", "CH4", "septic_tank"), "tier"] == 1
    eff = by.loc[("4.D.1", "N2O", "effluent")]
    assert eff["tier"] == 2 and eff["factor_layer"] == "national"
    # TN = 1e6 x 25 x 0.16 x 1.1 x 1.0 = 4.4 kt N; septic N_REM 0.15; EF 0.01 (national)
    assert eff["value"] == pytest.approx(4.4 * 0.85 * 0.01 * 44 / 28)


# ---------------------------------------------------------------- background tables
def test_fod_table_columns_and_hand_checked_values():
    pars = national_parameters(("OX", "4.A.1", "*", "-", 0.1, "fraction"))
    rows = [("R", y, "4.A.1", "food:managed_anaerobic", 100.0, "kt") for y in (2000, 2001)]
    rows.append(("R", 2001, "4.A.1", "ch4_recovered", 0.3, "kt"))
    em, tables = run(rows, FactorDB.with_defaults(pars), WET, {"4.A": 2})
    fod = tables[FOD_TABLE]
    assert list(fod.columns) == background_tables()[FOD_TABLE].column_names
    r = fod.set_index("year").loc[2001]
    e = math.exp(-0.185)
    assert r["ddocm_accumulated"] == pytest.approx(7.5 + 7.5 * e)
    assert r["ch4_generated"] == pytest.approx(0.844479, rel=1e-5)
    assert r["ch4_recovered"] == pytest.approx(0.3)
    # oxidised in the cover: (0.844479 - 0.3) x 0.1
    assert r["ch4_oxidised"] == pytest.approx(0.0544479, rel=1e-5)
    assert r["ch4_emitted"] == pytest.approx(em.loc[(em["gas"] == "CH4") & ~em["memo"]
                                                    & (em["year"] == 2001), "value"].iloc[0])
    assert (r["waste_type"], r["site_type"], r["stored_c"]) == ("food", "managed_anaerobic",
                                                                pytest.approx(7.5))


def test_wastewater_table_columns_and_hand_checked_values():
    pars = national_parameters(("T", "4.D.1", "urban:centralised_aerobic", "-", 0.6, "fraction"),
                               ("T", "4.D.1", "urban:septic_tank", "-", 0.4, "fraction"),
                               ("protein", "4.D.1", "*", "-", 25.0, "kg/head/year"))
    rows = [("R", 2020, "4.D.1", "population:urban", 1e6, "head"),
            ("R", 2020, "4.D.1", "sludge_removed", 1.679, "kt"),
            ("R", 2020, "4.D.2", "beer_malt:anaerobic_reactor", 100.0, "kt")]
    em, tables = run(rows, FactorDB.with_defaults(pars), WW)
    ww = tables[WASTEWATER_TABLE]
    assert list(ww.columns) == background_tables()[WASTEWATER_TABLE].column_names
    dom = ww[ww["category"] == "4.D.1"].set_index("pathway")
    # P x T; TOW = 0.6e6 x 14.6 kg x I 1.25 = 10.95 kt BOD; S split 10.95 : 5.84
    assert dom.loc["centralised_aerobic", "population"] == pytest.approx(6e5)
    assert dom.loc["centralised_aerobic", "tow"] == pytest.approx(10.95)
    assert dom.loc["centralised_aerobic", "sludge_removed"] == pytest.approx(1.095)
    assert dom["source"].unique().tolist() == ["urban"]
    ind = ww[ww["category"] == "4.D.2"].iloc[0]
    assert (ind["source"], ind["production"], ind["organics"]) == ("beer_malt", 100.0, "COD")
    assert ind["tow"] == pytest.approx(1.827)
    # the table sums to the emission rows per pathway
    ch4 = em[(em["gas"] == "CH4") & ~em["memo"]].groupby("activity")["value"].sum()
    assert dom["ch4_emitted"].sum() == pytest.approx(ch4[["centralised_aerobic",
                                                          "septic_tank"]].sum())


# ---------------------------------------------------------------- checks and products
def test_history_check_flags_short_series():
    rows = [("R", y, "4.A.1", "food:managed_anaerobic", 100.0, "kt") for y in (2000, 2001)]
    _, tables = run(rows, FactorDB.with_defaults(), WET)
    short = fod_history_too_short(tables[FOD_TABLE])
    assert short[["region", "year", "activity", "first_disposal_year", "history_years"]] \
        .values.tolist() == [["R", 2000, "food:managed_anaerobic", 2000, 0]]
    opts = {**WET, "history": {"method": "trend", "growth": 0.02, "start_year": 1950}}
    _, tables = run(rows, FactorDB.with_defaults(), opts)
    assert fod_history_too_short(tables[FOD_TABLE]).empty   # 1950-1999: 50 years


def test_parameter_range_check(ipcc_factors):
    # boreal/temperate wet k: food 0.185 (0.1-0.2), paper 0.06 (0.05-0.07), Table 3.3;
    # MCF of managed anaerobic sites 1.0, Table 3.1 (EFDB 62738): printed without a range, so
    # a national 0.7 is not judged
    pars = national_parameters(("k", "4.A", "food", "-", 0.4, "1/year"),
                               ("k", "4.A", "paper", "-", 0.07, "1/year"),
                               ("MCF", "4.A.1", "managed_anaerobic", "-", 0.7, "fraction"))
    f = FactorDB.with_defaults(pars)
    out = parameters_outside_ipcc_range(pars, f, "boreal_temperate_wet")
    assert out[["parameter", "activity", "value", "ipcc_lower", "ipcc_upper"]].values.tolist() \
        == [["k", "food", 0.4, 0.1, 0.2]]
    assert out["source_ref"].tolist() == ["test parameter 1"]


def test_swds_balance_and_decay_curves():
    rows = [("R", y, "4.A.1", "food:managed_anaerobic", 100.0, "kt") for y in (2000, 2001)]
    rows.append(("R", 2001, "4.A.1", "ch4_recovered", 0.3, "kt"))
    _, tables = run(rows, FactorDB.with_defaults(), WET)
    bal = swds_ch4_balance(tables[FOD_TABLE]).set_index("year").loc[2001]
    assert bal["deposited"] == 100.0
    assert bal["recovery_share"] == pytest.approx(0.3 / 0.844479, rel=1e-5)
    k = pd.DataFrame({"activity": ["food"], "value": [0.185]})
    curve = decay_curves(k, 6.0, 3)
    # nothing decays in the deposit year (6-month delay), then e^-k a year
    assert curve["remaining"].tolist() == pytest.approx([1.0, math.exp(-0.185),
                                                         math.exp(-0.37)])


# ---------------------------------------------------------------- a compiled project
def test_compiled_project_has_no_false_unused_waste_parameters(small_run):
    """The demo's generators on two provinces, 2021-2023: every waste parameter is used by
    some emission row (4.C CH4/N2O run at Tier 1 with CO2 at Tier 2, DEMO_TIERS), the
    background tables and products are written, the FOD table adds up to the 4.A rows."""
    checks = pd.read_csv(small_run / "checks.csv", dtype=str)
    unused_rows = checks[(checks["check"] == "core.country_parameter_not_used")
                         & checks["category"].str.startswith("4")]
    assert unused_rows.empty, unused_rows[["category", "activity", "details"]].head()
    assert load_config(DEMO).tiers["4.C"] == {"CO2": 2, "*": 1}
    em = pd.read_parquet(small_run / "emissions.parquet")
    inc = em[em["category"].str.startswith("4.C") & em["value"].notna()]
    assert inc.groupby("gas")["tier"].unique().map(list).to_dict() == {
        "CH4": [1], "CO2": [2], "N2O": [1]}
    fod = pd.read_csv(small_run / "tables" / f"{FOD_TABLE}.csv")
    assert list(fod.columns) == background_tables()[FOD_TABLE].column_names
    assert fod["year"].min() == 1950 and fod.loc[fod["year"] < 2021, "history"].all()
    for name in ("waste_swds_ch4.csv", "waste_decay_curves.csv"):
        assert len(pd.read_csv(small_run / name))
    inv = fod[~fod["history"]].groupby("year")["ch4_emitted"].sum()
    ch4 = em[em["category"].str.startswith("4.A.") & (em["gas"] == "CH4") & ~em["memo"]]
    assert np.allclose(inv.to_numpy(), ch4.groupby("year")["value"].sum().to_numpy())
