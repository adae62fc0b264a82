"""CRT sector 4 in the workbooks of the shared small run (SYNTHETIC Demoland data): Table4,
Table4.1, Tables 4.A-4.F, 4(I)-4(IV), 4.Gs1/4.Gs2, and sector 4 in Summary1, Table7 and
Table10 through the core."""

from __future__ import annotations

import math

import numpy as np
import openpyxl
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def book(small_run):
    path = sorted((small_run / "crt").glob("CRT_*_2023.xlsx"))[0]
    return openpyxl.load_workbook(path, read_only=True)


def rows(book, sheet) -> dict[str, list]:
    """Label -> the row's cells (first match)."""
    out: dict[str, list] = {}
    for r in book[sheet].iter_rows(values_only=True):
        if r and isinstance(r[0], str) and r[0] not in out:
            out[r[0]] = list(r[1:])
    return out


def num(x) -> float:
    return float(x) if isinstance(x, (int, float)) else math.nan


def test_every_lulucf_sheet_is_written(book):
    assert {"Table4", "Table4.1", "Table4.A", "Table4.B", "Table4.C", "Table4.D", "Table4.E",
            "Table4.F", "Table4(I)", "Table4(II)", "Table4(III)", "Table4(IV)",
            "Table4.Gs1", "Table4.Gs2"} <= set(book.sheetnames)


def test_table4_total_is_summary1_sector_4_and_a_sink(book, small_run):
    t4 = rows(book, "Table4")
    s1 = rows(book, "Summary1")
    total = num(t4["Total LULUCF"][0])
    assert total == pytest.approx(num(s1["4. Land use, land-use change and forestry"][0]))
    # removals negative: Demoland's forests and HWP are a sink
    assert total < 0
    assert num(t4["4.A. Forest land"][0]) < 0 and num(t4["4.G. Harvested wood products"][0]) < 0
    # the with/without LULUCF totals differ by sector 4 (all gases, CO2 eq)
    nt = pd.read_csv(small_run / "national_totals.csv").set_index("year").loc[2023]
    em = pd.read_parquet(small_run / "emissions.parquet")
    lul = em[(em["year"] == 2023) & em["crt_category"].astype(str).str.startswith("4")
             & ~em["memo"]]["value_co2eq"].sum()
    assert nt["total_with_lulucf"] - nt["total_without_lulucf"] == pytest.approx(lul)


def test_table4a_co2_is_the_carbon_stock_change(book):
    r = rows(book, "Table4.A")["4.A. Forest land"]
    # columns: area, drained, 8 implied factors, 8 carbon stock changes [kt C], net CO2 [kt]
    c = [num(x) for x in r[10:18]]
    agb_gain, agb_loss, agb_net, bgb, dw, lt, mineral, organic = c
    assert agb_net == pytest.approx(agb_gain + agb_loss)
    assert num(r[18]) == pytest.approx(-(agb_net + bgb + dw + lt + mineral + organic) * 44 / 12)
    # implied factor = stock change / area: AGB gains [t C/ha] = kt C / kha
    assert num(r[2]) == pytest.approx(agb_gain / num(r[0]))
    # Table4: forest CO2 = the stock change + the CO2 of forest fires (Table4(IV))
    fire = num(rows(book, "Table4(IV)")["4(IV).A. Forest land"][5])
    assert num(rows(book, "Table4")["4.A. Forest land"][0]) == pytest.approx(num(r[18]) + fire)


def test_table41_matrix_adds_up(book):
    r = rows(book, "Table4.1")
    uses = ["Forest land", "Cropland", "Grassland", "Wetlands", "Settlements", "Other land"]
    initial = sum(num(r[u][6]) for u in uses)
    final = sum(num(x) for x in r["Final area"][:6])
    assert initial == pytest.approx(final)
    for j, u in enumerate(uses):   # a row's initial area = the sum of its cells
        assert num(r[u][6]) == pytest.approx(sum(num(x) for x in r[u][:6]))
        assert num(r["Net change"][j]) == pytest.approx(num(r["Final area"][j]) - num(r[u][6]))


def test_nonco2_tables(book):
    iv = rows(book, "Table4(IV)")
    g = iv["4(IV).C. Grassland"]
    # grassland wildfires: CH4 IEF = savanna and grassland 2.3 g/kg = 2.3 kg/t dm (EF 415130)
    assert num(g[3]) == pytest.approx(2.3)
    assert g[2] == "NA"                       # no CO2 from grass that regrows
    i = rows(book, "Table4(I)")
    assert i["4(I).A.1. Forest land remaining forest land"][2] == "IE"   # in agriculture 3.D
    iii = rows(book, "Table4(III)")
    b = iii["4(III).B.2.a. Forest land converted to cropland"]
    # direct N2O = F_SOM x EF1 0.01 x 44/28; implied N2O-N per N = 0.01
    assert num(b[2]) == pytest.approx(0.01)
    assert num(b[1]) == pytest.approx(num(b[0]) / 15)      # F_SOM = C loss / R (15)
    ii = rows(book, "Table4(II)")
    assert ii["4(II).A. Forest land"][2] == "IE"          # CO2 in Table4.A organic soils


def test_hwp_tables(book):
    gs1 = rows(book, "Table4.Gs1")
    total = gs1["Total 4.G (as reported in Table4)"]
    assert num(total[4]) == pytest.approx(-num(total[3]) * 44 / 12)
    assert num(total[4]) == pytest.approx(num(rows(book, "Table4")["4.G. Harvested wood "
                                                                   "products"][0]))
    assert num(gs1["Sawnwood"][0]) in (30.0, 35.0)         # 2006 solid wood / 2019 sawnwood
    gs2 = rows(book, "Table4.Gs2")
    assert num(gs2["Sawnwood"][0]) > 0 and 0 < num(gs2["Sawnwood"][3]) <= 1


def test_key_categories_with_and_without_lulucf_differ(small_run, book):
    kca = pd.read_csv(small_run / "kca.csv")
    lul = kca[kca["lulucf"]]
    assert len(lul) and not lul["key excluding"].any()
    assert lul["key including"].any()
    t7 = rows(book, "Table7")
    forest = [k for k in t7 if k.startswith("3.B.1")]
    assert forest and all(t7[k][1] in ("", None) for k in forest)   # no L excluding LULUCF


def test_table10_has_sector_4(book):
    t10 = rows(book, "Table10s1")
    r = t10["4. Land use, land-use change and forestry"]
    assert all(num(x) < 0 for x in r[:3])
    s6 = rows(book, "Table10s6")
    assert num(s6["Total (with LULUCF)"][2]) < num(s6["Total (without LULUCF)"][2])


def test_activity_uncertainty_rows_are_not_unused_parameters(small_run):
    """The small project's AD_uncertainty row of 3.B (+-10 %) is read by the uncertainty
    analysis, not by emission rows: core.country_parameter_not_used does not list it."""
    path = small_run / "checks" / "core.country_parameter_not_used.csv"
    unused = pd.read_csv(path) if path.exists() else pd.DataFrame({"parameter": []})
    assert "AD_uncertainty" not in set(unused["parameter"])
    u = pd.read_csv(small_run / "uncertainty_inputs.csv", dtype={"category": str})
    land = u[(u["kind"] == "activity") & u["category"].str.startswith("3.B")]
    assert len(land) and np.allclose(land["u_pct"], 10.0)     # (110 - 90) / 2 / 100
