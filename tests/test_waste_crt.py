"""CRT waste sheets (Table5, Table5.A-5.D) written from a small waste inventory and read back
with openpyxl: numbers where rows exist, keys where they do not, IEFs, memo items, and the
Table5.A background by waste type read from the background table waste.fod."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest

from inventory.crt import write_crt_workbooks
from inventory.factors import FactorDB
from inventory.methods import run_methods
from inventory.products import ensure_table
from tests.conftest import activity_rows, national_parameters

OPTIONS = {"waste": {"climate_zone": "boreal_temperate_wet",
                     "history": {"method": "none", "start_year": 2000}}}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    rows = [("R", y, "4.A.1", "food:managed_anaerobic", 100.0, "kt") for y in (2000, 2001)]
    rows += [("R", 2001, "4.A.1", "ch4_recovered", 0.3, "kt"),
             ("R", 2001, "4.B", "composting", 10.0, "kt"),
             ("R", 2001, "4.C.1", "msw:continuous_stoker", 100.0, "kt"),
             ("R", 2001, "4.D.2", "beer_malt:anaerobic_reactor", 100.0, "kt"),
             ("R", 2001, "4.A.2", "wood:unmanaged_shallow", "NO")]
    rows += [("R", 2000, c, a, v, *rest) for _, y, c, a, v, *rest in rows[3:]]
    act = activity_rows(*rows)
    f = FactorDB.with_defaults(national_parameters(
        ("msw_fraction", "4", "paper", "-", 0.5, "fraction"),
        ("msw_fraction", "4", "plastics", "-", 0.5, "fraction")))
    tables: dict = {}
    em = run_methods(act, f, {}, sectors=("waste",), options=OPTIONS, tables=tables)
    out = tmp_path_factory.mktemp("crt")
    path = write_crt_workbooks(em, out, party="Testland", gwp_set="AR5GWP100",
                               years=[2001], tables={name: ensure_table(name, frames)
                                                     for name, frames in tables.items()})[0]
    return openpyxl.load_workbook(path, read_only=True), em


def find(ws, label):
    for r in ws.iter_rows(values_only=True):
        if r[0] == label:
            return r[1:]
    raise KeyError(label)


def test_table5_totals_and_memo(workbook):
    wb, em = workbook
    ws = wb["Table5"]
    total = find(ws, "Total waste")
    e = em[(em["year"] == 2001) & ~em["memo"]]
    assert total[1] == pytest.approx(e.loc[e["gas"] == "CH4", "value"].sum())
    assert total[0] == pytest.approx(e.loc[e["gas"] == "CO2", "value"].sum())
    # (0.844479 - 0.3) kt CH4 from the FOD hand calculation
    assert find(ws, "5.A.1.a. Anaerobic")[1] == pytest.approx(0.544479, rel=1e-5)
    assert find(ws, "5.A.2. Unmanaged waste disposal sites")[1] == "NO"
    assert find(ws, "5.A. Solid waste disposal")[0] == "NA"   # biogenic CO2, not reported
    assert find(ws, "5.E. Other (waste)")[1] == "NE"
    # 5.F.1: 100 x 0.15 x 0.5 x 44/12 = 27.5 kt CO2
    assert find(ws, "5.F.1. Long-term storage of C in waste disposal sites")[0] == \
        pytest.approx(27.5)


def test_table5a_activity_ief_and_recovery(workbook):
    ws = workbook[0]["Table5.A"]
    r = find(ws, "5.A.1. Managed waste disposal sites")
    assert r[0] == pytest.approx(100.0)
    assert r[1] == pytest.approx(0.544479 / 100, rel=1e-5)
    assert r[3] == pytest.approx(0.3)
    assert find(ws, "5.A.1.a. Anaerobic")[3] == "IE"


def test_table5a_by_waste_type_from_the_fod_table(workbook):
    ws = workbook[0]["Table5.A"]
    # food: 100 kt disposed in 2001, CH4 (0.844479 - 0.3) kt, stored C 100 x 0.15 x 0.5 kt
    # = 7.5 kt C = 27.5 kt CO2 (waste.fod); wood: only NO rows (no FOD series)
    assert find(ws, "food") == pytest.approx((100.0, 0.544479 / 100, 0.544479, 27.5),
                                             rel=1e-5)
    assert find(ws, "wood") == ("NO", "NO", "NO", "NO")


def test_table5b_c_d_values(workbook):
    wb, _ = workbook
    b = find(wb["Table5.B"], "5.B.1. Composting")
    assert b[0] == pytest.approx(10.0) and b[1] == pytest.approx(4.0)   # g/kg
    c = find(wb["Table5.C"], "5.C.1. Waste incineration")
    fossil = 100 * (0.5 * 0.9 * 0.46 * 0.01 + 0.5 * 1.0 * 0.75) * 44 / 12
    assert c[4] == pytest.approx(fossil) and c[1] == pytest.approx(fossil / 100)
    d = find(wb["Table5.D"], "5.D.2. Industrial wastewater")
    assert d[0] == pytest.approx(1.827) and d[2] == pytest.approx(0.3654)
    assert d[1] == pytest.approx(0.2)                                     # Bo x MCF
    assert find(wb["Table5.D"], "5.D.1. Domestic wastewater")[2] == "NE"


def test_no_empty_cells_in_waste_tables(workbook):
    wb, _ = workbook
    for name in ("Table5", "Table5.A", "Table5.B", "Table5.C", "Table5.D"):
        ws = wb[name]
        for r in ws.iter_rows(values_only=True):
            if isinstance(r[0], str) and r[0][:1] == "5" and r[0][:6].count(".") >= 1 \
                    and ":" not in r[0][:6]:
                vals = [v for v in r[1:] if v is not None]
                assert vals, (name, r[0])
                assert all(isinstance(v, (float, int, str)) for v in vals)
                assert not any(isinstance(v, float) and np.isnan(v) for v in vals)
