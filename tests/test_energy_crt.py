"""Energy CRT sheets filled from method results, read back with openpyxl: Table1.A(b)-(d),
Table1.B.1, Table1.B.2, Table1.C, Table1.D and the memo rows that must stay out of the totals.

Inventory (one region, 2022; IPCC defaults):
  sectoral: 1.A.1.a natural gas 1,000 TJ (56.1 kt CO2), 1.A.3.a.i jet kerosene 500 TJ (bunker)
  balance:  natural gas production 700 + imports 330 TJ -> 1,030 TJ, 57.783 kt (+3 %)
            naphtha imports 300, non-energy use 100 TJ; electricity imports 10,000 MWh
  fugitive: underground coal 1,000 kt (12.06 kt CH4), recovered 1e6 m3 (0.67 kt)
            CCS: captured 500 kt, transported 500 kt, leakage 0.3 kt CO2
"""

import openpyxl
import pytest

from inventory.crt import write_crt_workbooks
from inventory.factors import FactorDB
from tests.conftest import activity_rows, national_parameters
from tests.test_crt_export import find_row
from tests.test_energy_kit import run_energy


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    db = FactorDB.with_defaults(national_parameters(
        ("grid_EF", "*", "electricity", "CO2", 0.5366, "t/MWh"),
        ("EF", "1.B.2.a.iii.2", "oil_production", "CH4", 2.2, "kt/Mm3")))
    y = 2022
    em, tables = run_energy(activity_rows(
        ("R1", y, "1.A.1.a", "natural_gas", 1000.0),
        ("R1", y, "1.A.3.a.i", "jet_kerosene", 500.0),
        ("R1", y, "1.A", "natural_gas:production", 700.0),
        ("R1", y, "1.A", "natural_gas:imports", 330.0),
        ("R1", y, "1.A", "naphtha:imports", 300.0),
        ("R1", y, "1.A", "naphtha:nonenergy_use", 100.0),
        ("R1", y, "1.A", "electricity:imports", 36.0),
        ("R1", y, "1.B.1.a.i.1", "coal_production", 1000.0, "kt"),
        ("R1", y, "1.B.1.a.i.1", "ch4_recovered", 1e6, "m3"),
        ("R1", y, "1.C.1.a", "CO2", 0.3, "kt"),
        ("R1", y, "1.C.1.a", "co2_transported", 500.0, "kt"),
        ("R1", y, "1.C", "co2_captured:domestic_storage", 500.0, "kt"),
        ("R1", y, "1.B.2.a.iii.2", "oil_production", 8e6, "m3")), db, {"1.B.2": 2},
        tables=True)
    # the energy balance gives background tables only: no emission row of category 1.A
    assert not em["category"].eq("1.A").any()
    out = tmp_path_factory.mktemp("crt_energy")
    path = write_crt_workbooks(em, out, party="Demoland", gwp_set="AR5GWP100", years=[y],
                               tables=tables)[0]
    return openpyxl.load_workbook(path)


def test_energy_sheets_present_in_crt_order(book):
    names = [n for n in book.sheetnames if n == "Table1" or n.startswith("Table1.")]
    assert names == ["Table1", "Table1.A(a)s1", "Table1.A(a)s2", "Table1.A(a)s3",
                     "Table1.A(a)s4", "Table1.A(b)", "Table1.A(c)", "Table1.A(d)", "Table1.B.1",
                     "Table1.B.2", "Table1.C", "Table1.D"]


def test_reference_approach_sheet(book):
    ws = book["Table1.A(b)"]
    r = find_row(ws, "Natural Gas")
    # columns B-F production ... stock change, G apparent consumption, H t C/TJ, I kt C, ...
    assert ws.cell(r, 2).value == pytest.approx(700)
    assert ws.cell(r, 3).value == pytest.approx(330)
    assert ws.cell(r, 4).value == "NE"                         # no export row
    assert ws.cell(r, 7).value == pytest.approx(1030)
    assert ws.cell(r, 8).value == pytest.approx(15.3)          # Table 1.3
    assert ws.cell(r, 9).value == pytest.approx(1030 * 15.3 / 1000)   # 15.759 kt C
    assert ws.cell(r, 12).value == pytest.approx(1.0)
    assert ws.cell(r, 13).value == pytest.approx(15.759 * 44 / 12)    # 57.783 kt CO2
    n = find_row(ws, "Naphtha")
    assert ws.cell(n, 10).value == pytest.approx(100 * 20.0 / 1000)   # 2 kt C excluded
    assert ws.cell(find_row(ws, "Peat", after=r), 2).value == "NE"


def test_comparison_sheet_flags_difference_above_2_percent(book):
    ws = book["Table1.A(c)"]
    gas = find_row(ws, "Gaseous fuels")
    # RA 1.030 PJ vs SA 1.000 PJ: +3 %; CO2 57.783 vs 56.1 kt: +3.0 %
    assert ws.cell(gas, 2).value == pytest.approx(1.03)
    assert ws.cell(gas, 5).value == pytest.approx(1.0)
    assert ws.cell(gas, 7).value == pytest.approx(3.0)
    assert ws.cell(gas, 8).value == pytest.approx((57.783 / 56.1 - 1) * 100, rel=1e-3)
    assert ws.cell(gas, 9).value == "ABOVE 2 %"
    liquid = find_row(ws, "Liquid fuels (excluding international bunkers)")
    # naphtha: RA 0.3 PJ, 0.2 PJ without non-energy use; no sectoral liquid fuel (bunkers are
    # a memo item) -> no difference can be computed
    assert ws.cell(liquid, 3).value == pytest.approx(0.2)
    assert ws.cell(liquid, 7).value == "NA"
    ad = book["Table1.A(d)"]
    nap = find_row(ad, "Naphtha")
    assert ad.cell(nap, 2).value == pytest.approx(100) and ad.cell(nap, 4).value == \
        pytest.approx(2.0)


def test_fugitive_sheets(book):
    ws = book["Table1.B.1"]
    r = find_row(ws, "1.B.1.a.i.1. Mining activities")
    # 1 Mt coal; CH4 12.06 - 0.67 = 11.39 kt after recovery; IEF 11.39 kg/t; recovery 0.67 kt
    assert ws.cell(r, 2).value == pytest.approx(1.0)
    assert ws.cell(r, 5).value == pytest.approx(11.39)
    assert ws.cell(r, 3).value == pytest.approx(11.39)
    assert ws.cell(r, 7).value == pytest.approx(0.67)
    b2 = book["Table1.B.2"]
    prod = find_row(b2, "1.B.2.a.ii. Production and upgrading")
    # 8e6 m3 = 8 x 10^6 m3 x 2.2 kt/Mm3 = 17.6 kt CH4; IEF 2.2e6 kg per 10^6 m3
    assert [b2.cell(prod, c).value for c in (2, 3, 4)] == ["oil_production", "10^6 m3",
                                                           pytest.approx(8.0)]
    assert b2.cell(prod, 6).value == pytest.approx(2.2e6)
    assert b2.cell(prod, 9).value == pytest.approx(17.6)
    # exploration (1.B.2.a.i) is not production and upgrading (1.B.2.a.ii): no row -> NE
    assert b2.cell(find_row(b2, "1.B.2.a.i. Exploration"), 4).value == "NE"
    c = book["Table1.C"]
    p = find_row(c, "1.C.1.a. Pipelines")
    assert c.cell(p, 2).value == pytest.approx(500)
    assert c.cell(p, 3).value == pytest.approx(0.06)           # 0.3 / 500 x 100 %
    assert c.cell(p, 4).value == pytest.approx(0.3)
    assert c.cell(find_row(c, "Total amount captured for storage"), 4).value == \
        pytest.approx(500)


def test_memo_items_and_totals(book):
    d = book["Table1.D"]
    av = find_row(d, "1.D.1.a. International bunkers - aviation")
    # 500 TJ jet kerosene x 71,500 kg/TJ = 35.75 kt CO2, IEF 71.5 t/TJ
    assert d.cell(av, 2).value == pytest.approx(500)
    assert d.cell(av, 3).value == pytest.approx(71.5)
    assert d.cell(av, 6).value == pytest.approx(35.75)
    t1 = book["Table1"]
    assert t1.cell(find_row(t1, "1.D.4.a. For domestic storage"), 2).value == pytest.approx(500)
    assert t1.cell(find_row(t1, "1.D.4. CO2 captured"), 2).value == pytest.approx(500)
    s = book["Summary1"]
    total = find_row(s, "Total national emissions and removals")
    # only 56.1 kt CO2 (1.A.1.a) + 0.3 kt (1.C leakage) count; reference approach, electricity
    # trade, bunkers and captured CO2 are memo rows
    assert s.cell(total, 2).value == pytest.approx(56.1 + 0.3)
