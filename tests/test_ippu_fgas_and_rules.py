"""F-gas bank model (mass balance property, worked example), double-counting rules and the IPPU
CRT sheets."""

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from inventory.crt import write_crt_workbooks
from inventory.errors import InputError
from inventory.factors import FactorDB
from inventory.units import to_canonical
from sectors.ippu.common import blends
from sectors.ippu.double_counting import energy_overlaps
from sectors.ippu.fgas import bank_model, prompt_emissions
from tests.conftest import activity_rows, national_parameters
from tests.test_ippu_methods import ippu
from tests.tiers import examples

fractions = st.floats(0.0, 1.0)


@settings(max_examples=examples(60), deadline=None)
@given(charge=arrays(float, (3, 12), elements=st.floats(0, 1e4)),
       k=fractions, x=fractions, p=fractions, eta=fractions, d=st.integers(1, 15),
       b0=st.floats(0, 1e5))
def test_bank_mass_balance(charge, k, x, p, eta, d, b0):
    """charged (sales) + opening bank = emitted + bank at the end + recovered/destroyed."""
    r = bank_model(charge, k, x, np.full(charge.shape, d), p, eta, np.full(3, b0))
    lhs = r["sales"].sum(axis=1) + b0
    rhs = r["emissions"].sum(axis=1) + r["bank"][:, -1] + r["recovered"].sum(axis=1)
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9, atol=1e-6)
    # the bank is the nominal charge of equipment not yet retired: never negative
    assert (r["bank"] >= -1e-6).all()
    # every retired vintage leaves the bank exactly once: retired <= charged + opening
    assert r["retired"].sum() <= charge.sum() + 3 * b0 + 1e-6


def test_bank_worked_example():
    # M = 100 t/yr for 4 years, k 2 %, x 10 %/yr, d 2 years, p 50 %, eta 40 %, no opening bank
    r = bank_model(np.array([[100.0, 100, 100, 100]]), 0.02, 0.10, 2, 0.5, 0.4)
    # bank: 100, 200, 200 (year 3 retires year 1), 200
    np.testing.assert_allclose(r["bank"][0], [100, 200, 200, 200])
    # E_charge = 2; E_life = 10, 20, 20, 20; E_eol = 100 x 0.5 x 0.6 = 30 from year 3
    np.testing.assert_allclose(r["e_charge"][0], [2, 2, 2, 2])
    np.testing.assert_allclose(r["e_life"][0], [10, 20, 20, 20])
    np.testing.assert_allclose(r["e_eol"][0], [0, 0, 30, 30])
    np.testing.assert_allclose(r["recovered"][0], [0, 0, 20, 20])
    # sales = M (1 + k) + E_life - (1 - p) R = 102 + 20 - 50 = 72 in year 3
    np.testing.assert_allclose(r["sales"][0], [112, 122, 72, 72])


def test_prompt_emissions_aerosols():
    r = prompt_emissions(np.array([[10.0, 20.0, 30.0]]), 0.5, 4.0)
    # E_t = 0.5 S_t + 0.5 S_t-1; first year adds the opening stock 4
    np.testing.assert_allclose(r["emissions"][0], [9.0, 15.0, 25.0])


def test_blends_sum_to_one():
    for blend, comp in blends().items():
        assert sum(comp.values()) == pytest.approx(1.0), blend


def _fgas_rows(years, *streams):
    rows = [(reg, y, cat, act, v, "t") for (reg, cat, act, v) in streams for y in years]
    act = activity_rows(*rows)
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"])
    return act


def test_refrigeration_default_parameters_by_species(ipcc_factors):
    act = _fgas_rows(range(2020, 2022), ("DML", "2.F.1.a", "stationary_ac:R410A", 100.0))
    out = ippu(act, ipcc_factors)
    y = out[(out.year == 2021) & ~out.memo]
    # R410A = 50 % HFC32 + 50 % HFC125: 50 t each charged per year
    # charge: 50 t x 0.006 = 0.3 t = 0.0003 kt; lifetime: bank 100 t x 0.055 = 5.5 t
    ch = y[(y.activity == "stationary_ac:charge") & (y.gas == "HFC32")].iloc[0]
    assert ch.value == pytest.approx(0.0003) and ch.equation.endswith("Eq. 7.12")
    life = y[(y.activity == "stationary_ac:lifetime") & (y.gas == "HFC125")].iloc[0]
    assert life.value == pytest.approx(0.0055) and life.activity_value == pytest.approx(0.1)
    assert set(y.gas) == {"HFC32", "HFC125"}
    pot = out[out.memo & (out.year == 2021)]
    assert set(pot.activity) == {"stationary_ac:potential"}


def test_switchgear_stages_and_tier2_needs_national(ipcc_factors):
    act = _fgas_rows([2020], ("DML", "2.G.1", "switchgear:SF6", 10.0))
    # no IPCC default for switchgear: Tier 1 names all five missing parameters at once
    with pytest.raises(InputError, match=r"missing 5 parameter\(s\): charge_loss at Tier 1 "
                                         r"\(layers ipcc_default\) for switchgear in 2.G.1.*"
                                         r"leak_rate.*lifetime.*eol_residual.*recovery"):
        ippu(act, ipcc_factors)
    db = FactorDB.with_defaults(national_parameters(
        ("charge_loss", "2.G.1", "switchgear", "-", 0.05, "fraction"),
        ("leak_rate", "2.G.1", "switchgear", "-", 0.01, "fraction"),
        ("lifetime", "2.G.1", "switchgear", "-", 30, "year"),
        ("eol_residual", "2.G.1", "switchgear", "-", 0.95, "fraction"),
        ("recovery_efficiency", "2.G.1", "switchgear", "-", 0.9, "fraction")))
    out = ippu(act, db, {"2.G": 2})
    cats = set(out[~out.memo].category)
    assert cats == {"2.G.1.a", "2.G.1.b", "2.G.1.c"}
    # manufacture 10 t x 0.05 = 0.5 t; use: bank 10 t x 0.01 = 0.1 t
    m = out[out.category == "2.G.1.a"].iloc[0]
    assert m.value == pytest.approx(0.0005) and m.tier == 2


# ---- double counting with Energy ---------------------------------------------------------
def test_coke_production_is_energy_not_ippu(ipcc_factors):
    with pytest.raises(InputError, match=r"coke production is an Energy-sector source.*1.A.1.c"):
        ippu(activity_rows(
            ("DML", 2020, "2.C.1", "coke", 100.0, "kt")), ipcc_factors)


def test_urea_recovery_subtracted_once_and_bounded(ipcc_factors):
    with pytest.raises(InputError, match="exceeds the CO2 generated"):
        ippu(activity_rows(
            ("DML", 2020, "2.B.1", "ammonia", 10.0, "kt"),
            ("DML", 2020, "2.B.1", "co2_recovered_urea", 50.0, "kt")), ipcc_factors)


def test_energy_overlap_flags_feedstock_in_1a2(ipcc_factors):
    act = activity_rows(
        ("NTH", 2020, "2.B.1", "ammonia", 100.0, "kt"),
        ("NTH", 2020, "1.A.2.c", "natural_gas", 500.0),   # same region/year: flagged
        ("STH", 2020, "1.A.2.c", "natural_gas", 500.0),   # no ammonia in STH: fine
        ("NTH", 2020, "1.A.4.b", "natural_gas", 500.0),   # residential: fine
        ("NTH", 2020, "2.C.1", "input:coke", 100.0, "kt"),
        ("NTH", 2020, "1.A.2.a", "coke_oven_coke", 50.0, "kt"))
    flagged = energy_overlaps(act)
    assert sorted(zip(flagged.category, flagged.activity, strict=True)) == [
        ("1.A.2.a", "coke_oven_coke"), ("1.A.2.c", "natural_gas")]
    noted = act.copy()
    noted.loc[noted.category == "1.A.2.c", "note"] = "net of ammonia feedstock"
    assert list(energy_overlaps(noted).category) == ["1.A.2.a"]


# ---- CRT sheets ---------------------------------------------------------------------------
def test_crt_sheets_show_ippu_numbers(ipcc_factors, tmp_path):
    tables = {}
    frames = [
        ippu(activity_rows(
            ("DML", 2020, "2.C.1", "steel_bof", 1000.0, "kt"),
            ("DML", 2020, "2.C.3", "primary_aluminium:cwpb", 100.0, "kt")), ipcc_factors),
        ippu(_fgas_rows([2019, 2020], (
            "DML", "2.F.1.b", "mobile_ac:HFC134a", 1000.0)), ipcc_factors, tables=tables),
    ]
    em = pd.concat(frames, ignore_index=True)
    em["notation_key"] = em["notation_key"].astype(frames[0]["notation_key"].dtype)
    # Table2(II)B-Hs2 reads the background table ippu.fgas_bank, as in a run
    path = write_crt_workbooks(em, tmp_path, party="Testland", gwp_set="AR5GWP100",
                               years=[2020],
                               tables={k: pd.concat(v) for k, v in tables.items()})[0]
    wb = openpyxl.load_workbook(path)

    def find(ws, label):
        for r in ws.iter_rows(values_only=True):
            if r[0] == label:
                return r
        raise AssertionError(label)

    t2 = find(wb["Table2(I)"], "2.C.1. Iron and steel production")
    assert t2[1] == pytest.approx(1460.0)   # 1,000 kt BOF x 1.46 (2006 Table 4.1, 214095)
    # PFCs in CO2 eq: 0.04 kt CF4 x 6,630 + 0.004 kt C2F6 x 11,100 (AR5) = 309.6
    assert find(wb["Table2(I)"], "2.C.3. Aluminium production")[5] == pytest.approx(309.6)
    bg = find(wb["Table2(I).A-H"], "2.C.1.a. Steel")
    assert bg[1] == pytest.approx(1000.0) and bg[2] == pytest.approx(1.46)
    s1 = wb["Table2(II)B-Hs1"]
    head = [c.value for c in s1[10]]
    col = head.index("HFC134a")
    mac = [r for r in s1.iter_rows(values_only=True) if r[0] == "2.F.1.e. Mobile air-conditioning"]
    assert len(mac) == 2 and mac[0][col] > 0 and mac[1][col] > mac[0][col]  # potential > actual
    s2 = find(wb["Table2(II)B-Hs2"], "2.F.1.e. Mobile air-conditioning")
    # Table 7.9 mobile AC: k 0.35 % (midpoint of 0.2-0.5 %), x 15 %/yr, d 12 years; 1,000 t
    # charged in 2019 and 2020: filled 1,000 t; bank 2,000 t (nothing retired yet);
    # manufacturing 1,000 x 0.0035 = 3.5 t;
    # stocks 2,000 x 0.15 = 300 t; nothing at disposal
    assert s2[1] == pytest.approx(1000.0)                  # t filled into new products
    assert s2[2] == pytest.approx(2000.0)                  # t in operating systems
    assert s2[3] == "NA" or s2[3] == pytest.approx(0.0)
    assert s2[4] == pytest.approx(3.5) and s2[5] == pytest.approx(300.0)
    assert s2[8] == pytest.approx(0.35)   # charge loss 0.35 % (midpoint of Table 7.9 0.2-0.5 %)
    assert s2[9] == pytest.approx(15.0)                    # product life factor 15 %/yr
