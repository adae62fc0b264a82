"""Agriculture CRT sheets read back with openpyxl, the cited default tables, the crosswalk and
the demo: every number in the background tables traces to a hand calculation or an invariant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from inventory.categories import crosswalk, crt_tree
from inventory.crt import write_crt_workbooks
from inventory.factors import FactorDB
from sectors.agriculture import activity_ids
from sectors.agriculture.common import DATA, parse_options
from tests.test_agriculture_methods import run_agriculture

OPTS = {"ipcc_region": "asia", "development": "developing", "mean_annual_temperature": 17}
T2 = (("milk", 20, "kg/d"), ("fat", 4.0, "%"), ("pregnant", 90, "%"), ("de", 65, "%"),
      ("ca", 0.0, "fraction"))


def _rows():
    out = []
    for region, head, weight in (("R1", 1000, 600), ("R2", 500, 500)):
        out += [(region, 2020, "3.A.1.a.i", "dairy_cattle", head, "head"),
                (region, 2020, "3.A.1.a.i", "dairy_cattle:weight", weight, "kg")]
        out += [(region, 2020, "3.A.1.a.i", f"dairy_cattle:{a}", v, u) for a, v, u in T2]
        out += [(region, 2020, "3.A.2.a.i", "dairy_cattle:solid_storage", 50, "%"),
                (region, 2020, "3.A.2.a.i", "dairy_cattle:liquid_slurry", 30, "%"),
                (region, 2020, "3.A.2.a.i", "dairy_cattle:pasture_range_paddock", 20, "%"),
                (region, 2020, "3.A.1.c", "sheep", 2000, "head"),
                (region, 2020, "3.A.2.c", "sheep:pasture_range_paddock", 100, "%"),
                (region, 2020, "3.C.4", "synthetic_fertiliser", 100, "t"),
                (region, 2020, "3.C.7", "rainfed_regular", 1000, "ha"),
                (region, 2020, "3.C.7", "rainfed_regular:days", 100, "d"),
                (region, 2020, "3.C.2", "limestone", 1000, "t")]
    out.append(("R1", 2020, "3.A.1.e", "camels", "NO", "head"))
    return out


@pytest.fixture(scope="module")
def workbook(ipcc_factors, tmp_path_factory) -> tuple[openpyxl.Workbook, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {}
    em = run_agriculture(_rows(), ipcc_factors, {"3.A.1.a": 2, "3.A.2.a": 2}, OPTS, tables)
    out = tmp_path_factory.mktemp("crt")
    path = write_crt_workbooks(em, Path(out), party="Testland", gwp_set="AR5GWP100",
                               years=[2020], tables=tables)[0]
    return openpyxl.load_workbook(path), em


def _row(ws, label: str) -> list:
    for r in ws.iter_rows(values_only=True):
        if r[0] == label:
            return list(r[1:])
    raise AssertionError(f"no row '{label}' in {ws.title}")


def test_sheets_are_there(workbook):
    wb, _ = workbook
    for s in ("Table3", "Table3.A", "Table3.B(a)", "Table3.B(b)", "Table3.C", "Table3.D",
              "Table3.E", "Table3.F", "Table3.G-I"):
        assert s in wb.sheetnames


def test_table3a_population_weighted_background(workbook):
    wb, em = workbook
    pop, ge, ym, weight, de, milk, work, preg, ief, ch4 = _row(wb["Table3.A"], "Dairy cattle")
    assert pop == pytest.approx(1.5)                       # (1000 + 500) / 1000
    assert weight == pytest.approx((600 * 1000 + 500 * 500) / 1500)
    assert de == pytest.approx(65) and milk == pytest.approx(20) and ym == pytest.approx(6.5)
    assert work == "NA"                                    # no work rows given
    rows = em[(em["category"] == "3.A.1.a.i")]
    assert ch4 == pytest.approx(rows["value"].sum())
    assert ief == pytest.approx(rows["value"].sum() * 1e6 / 1500)   # sum / sum, not a mean
    assert _row(wb["Table3.A"], "Camels")[0] == "NO"
    assert _row(wb["Table3.A"], "Sheep")[-2] == pytest.approx(5.0)  # Table 10.10 developing


def test_table3bb_n_per_system_adds_up(workbook):
    wb, em = workbook
    vals = _row(wb["Table3.B(b)"], "Dairy cattle")
    pop, nex, *mms, n_total, n_managed, ief, n2o = vals
    assert sum(v for v in mms if isinstance(v, float)) == pytest.approx(n_total)
    assert "NO" in mms and 0 not in mms           # unused systems are NO, never 0
    assert n_total == pytest.approx(pop * 1000 * nex)
    # pasture N is not managed: managed = 80 % of the excreted N
    assert n_managed == pytest.approx(0.8 * n_total)
    direct = em[(em["category"] == "3.A.2.a.i") & (em["gas"] == "N2O")]
    assert n2o == pytest.approx(direct["value"].sum())
    # EF3 (2006 Table 10.21, EF IDs 417262, 417264): solid storage 0.005 (50 %), liquid slurry
    # with crust 0.005 (30 %): IEF = (50 x 0.005 + 30 x 0.005) / 80 = 0.005
    assert ief == pytest.approx((50 * 0.005 + 30 * 0.005) / 80)


def test_table3_and_soils_and_carbonates(workbook):
    wb, em = workbook
    t3 = _row(wb["Table3"], "3. Total agriculture")
    assert t3[1] == pytest.approx(em.loc[em["gas"] == "CH4", "value"].sum())
    assert t3[2] == pytest.approx(em.loc[em["gas"] == "N2O", "value"].sum())
    assert t3[0] == pytest.approx(2 * 0.12 * 44 / 12)     # limestone only
    ad, ief, n2o = _row(wb["Table3.D"], "1. Inorganic N fertilizers")
    assert ad == pytest.approx(0.2)                        # 2 x 100 t N = 0.2 kt N
    assert ief == pytest.approx(0.01)                      # EF1 (2006 Table 11.1, 417317)
    mass, c, co2 = _row(wb["Table3.G-I"], "Limestone CaCO3")
    assert (mass, c, co2) == pytest.approx((2.0, 0.12, 2 * 0.12 * 44 / 12))
    area, days, daily, ief_r, ch4 = _row(wb["Table3.C"], "Regular rainfed (flood prone)")
    assert area == pytest.approx(2.0) and days == pytest.approx(100)
    # EFc 1.30 x SFw 0.28 (2006 Tables 5.11, 5.12; EF IDs 415830, 415835)
    assert daily == pytest.approx(1.30 * 0.28)
    assert ief_r == pytest.approx(1.30 * 0.28 * 100 / 10)  # kg/ha -> g/m2


def test_default_tables_cite_their_source():
    for path in sorted(DATA.glob("ipcc20??_v*.csv")):
        head = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
        text = "\n".join(head)
        assert "# Source:" in text and "2019 Refinement" in text, path.name
        df = pd.read_csv(path, comment="#")
        assert df["source"].str.contains(r"IPCC 2006|2019 Refinement").all(), path.name


def test_crosswalk_covers_every_category_the_methods_emit():
    cw = crosswalk()
    tree = crt_tree()
    for code in ("3.A.1.a.i", "3.A.1.a.ii", "3.A.1.b", "3.A.1.c", "3.A.1.h", "3.A.1.j",
                 "3.A.2.a.i", "3.A.2.i", "3.A.2.j", "3.C.1.b", "3.C.1.c", "3.C.2", "3.C.3",
                 "3.C.4", "3.C.5", "3.C.6", "3.C.7", "3.C.8"):
        assert cw[code] in tree.index and tree.loc[cw[code], "title"]
    assert cw["3.C.6"] == "3.B.5" and cw["3.C.4"] == "3.D.a" and cw["3.C.1.c"] == "3.E"
    # the LULUCF side of AFOLU is not reported under Agriculture (it is CRT sector 4 where a
    # LULUCF sector is installed)
    assert not any(k.startswith(("3.B.", "3.C.1.a", "3.C.1.d")) and not cw[k].startswith("4")
                   for k in cw.index if k.startswith("3."))


def test_demo_uses_known_ids_and_options():
    from inventory.demo import DEMO_REGIONS
    from sectors.agriculture import demo

    act = demo.demo_activity(DEMO_REGIONS[:1], range(2005, 2007), np.random.default_rng(1))
    assert set(act["activity"]) <= set(activity_ids())
    opts = parse_options(demo.DEMO_OPTIONS)
    assert opts.climate == "temperate" and opts.temperature_key == "17"
    shares = act[act["unit"] == "%"]
    shares = shares[shares["activity"].str.split(":").str[1].isin(
        pd.read_csv(DATA / "manure_systems.csv", comment="#")["mms"])]
    tot = shares.assign(animal=shares["activity"].str.split(":").str[0]).groupby(
        ["region", "year", "animal"])["value"].sum()
    assert np.allclose(tot, 100.0)


def test_no_zero_written_for_a_missing_value(workbook):
    wb, em = workbook
    # sheep are all on pasture: no managed manure, so direct manure N2O is NO (not NE, not 0)
    assert _row(wb["Table3.B(b)"], "Sheep")[-1] == "NO"
    assert em[(em["activity"] == "sheep") & (em["gas"] == "N2O")]["notation_key"].eq("NO").all()
    for ws in (wb[s] for s in wb.sheetnames if s.startswith("Table3")):
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, (int, float)) and c.value == 0), \
                    f"{ws.title}!{c.coordinate}"


def test_mixed_keyed_and_numeric_rows_background_cells(ipcc_factors, tmp_path):
    """Organic soils in kha although one type is NO; Nex of 'Other livestock' although camels
    are NO (both were wrong before: the NO row's unit and population spoiled the cell);
    savanna fuel burnt and rice days from the background tables."""
    rows = [("R1", 2020, "3.C.4", "organic_soils_temperate", 500, "ha"),
            ("R1", 2020, "3.C.4", "organic_soils_tropical", "NO", "ha"),
            ("R1", 2020, "3.A.1.e", "camels", "NO", "head"),
            ("R1", 2020, "3.A.1.d", "goats", 1000, "head"),
            ("R1", 2020, "3.A.2.d", "goats:solid_storage", 100, "%"),
            ("R1", 2020, "3.C.1.c", "grassland", 1000, "ha")]
    tables: dict = {}
    # Table 2.4 grassland fuel consumption ships for the 2019 Refinement only (EFDB 327515)
    factors = FactorDB.with_defaults(guidelines="ipcc2006_2019r")
    em = run_agriculture(rows, factors, {}, {**OPTS, "productivity": "low"}, tables)
    path = write_crt_workbooks(em, tmp_path, party="Testland", gwp_set="AR5GWP100",
                               years=[2020], tables=tables)[0]
    wb = openpyxl.load_workbook(path)
    ad, ief, n2o = _row(wb["Table3.D"], "6. Cultivation of organic soils (i.e. histosols)")
    assert ad == pytest.approx(0.5)                       # 500 ha = 0.5 kha
    assert ief == pytest.approx(8.0)                      # EF2 temperate (Table 11.1)
    nex = tables["agriculture.livestock"]["nex"].iloc[0]
    vals = _row(wb["Table3.B(b)"], "Other livestock")
    assert vals[0] == pytest.approx(1.0) and vals[1] == pytest.approx(nex)
    area, fuel, burnt = _row(wb["Table3.E"], "Grassland")[:3]
    assert (area, fuel, burnt) == pytest.approx((1.0, 4.1, 4.1))   # 2019R Table 2.4 grassland
