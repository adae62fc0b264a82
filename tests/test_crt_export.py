"""CRT workbook export: write a small hand-made inventory and read the xlsx back with openpyxl.

Inventory (kt = TJ x EF[kg/TJ] x 1e-6), AR5 GWP100 (CH4 28, N2O 265):

2020, region R1                                      2020, region R2
  1.A.1.a natural gas  600 TJ  CO2 33.66             1.A.1.a natural gas  400 TJ  CO2 22.44
  1.A.1.a bit. coal    200 TJ  CO2 18.92             1.A.4.b natural gas   50 TJ  CO2 2.805
  1.A.1.a wood         100 TJ  CO2 11.2 (memo)
  1.A.4.b natural gas  NO
  1.A.1.b residual fuel oil NO
  1.A.3.a.i jet kerosene 100 TJ  CO2 7.15 (international bunkers, memo)
  1.A.1.a natural gas  NOx 0.05 kt
2021, region R1: 1.A.1.a natural gas 700 TJ
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from inventory.crt import registry, write_crt_workbooks
from inventory.errors import InputError
from inventory.notation import NOTATION_DTYPE

EF = {  # kg/TJ (IPCC 2006 Vol.2 Ch.1 Table 1.4, Ch.2 Table 2.2 defaults)
    "natural_gas": {"CO2": 56_100, "CH4": 1, "N2O": 0.1},
    "other_bituminous_coal": {"CO2": 94_600, "CH4": 1, "N2O": 1.5},
    "wood_wood_waste": {"CO2": 112_000, "CH4": 30, "N2O": 4},
    "jet_kerosene": {"CO2": 71_500, "CH4": 0.5, "N2O": 2},
    "residual_fuel_oil": {"CO2": 77_400, "CH4": 3, "N2O": 0.6},
}
SHEETS = ["Table1", "Table1.A(a)s1", "Table1.A(a)s2", "Table1.A(a)s3", "Table1.A(a)s4",
          "Summary1"]
CREATED = datetime(2026, 3, 1, 12, 0, 0)


def _fuel_rows(region, year, category, fuel, tj=None, key=None, memo=False, biomass=False,
               ef=None):
    out = []
    for gas, f in (ef or EF[fuel]).items():
        out.append({
            "region": region, "year": year, "category": category, "activity": fuel,
            "gas": gas, "value": np.nan if key else tj * f * 1e-6, "notation_key": key,
            "memo": memo or (biomass and gas == "CO2"), "tier": 1,
            "method": "fuel_combustion_emissions", "equation": "IPCC 2006 Vol.2 Ch.2 Eq. 2.1",
            "activity_value": np.nan if key else tj, "activity_unit": "TJ",
        })
    return out


def emissions_frame() -> pd.DataFrame:
    rows = []
    rows += _fuel_rows("R1", 2020, "1.A.1.a", "natural_gas", 600)
    rows += _fuel_rows("R2", 2020, "1.A.1.a", "natural_gas", 400)
    rows += _fuel_rows("R1", 2020, "1.A.1.a", "other_bituminous_coal", 200)
    rows += _fuel_rows("R1", 2020, "1.A.1.a", "wood_wood_waste", 100, biomass=True)
    rows += _fuel_rows("R1", 2020, "1.A.4.b", "natural_gas", key="NO")
    rows += _fuel_rows("R2", 2020, "1.A.4.b", "natural_gas", 50, ef={"CO2": 56_100, "CH4": 5,
                                                                      "N2O": 0.1})
    rows += _fuel_rows("R1", 2020, "1.A.1.b", "residual_fuel_oil", key="NO")
    rows += _fuel_rows("R1", 2020, "1.A.3.a.i", "jet_kerosene", 100, memo=True)
    nox = _fuel_rows("R1", 2020, "1.A.1.a", "natural_gas", 600, ef={"NOx": 0.0})[0]
    nox["value"] = 0.05
    rows.append(nox)
    rows += _fuel_rows("R1", 2021, "1.A.1.a", "natural_gas", 700)
    df = pd.DataFrame(rows)
    df["notation_key"] = df["notation_key"].astype(NOTATION_DTYPE)
    return df


def write(tmp_path: Path, emissions: pd.DataFrame | None = None, **kw) -> list[Path]:
    args = dict(party="Demoland", gwp_set="AR5GWP100", years=[2020, 2021],
                submission_label="=1+1", banner="Synthetic demo data", created=CREATED)
    args.update(kw)
    return write_crt_workbooks(emissions_frame() if emissions is None else emissions,
                               tmp_path, **args)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("crt")
    paths = write(out)
    return paths, openpyxl.load_workbook(paths[0])


def find_row(ws, label: str, after: int = 1) -> int:
    for r in range(after, ws.max_row + 1):
        if ws.cell(r, 1).value == label:
            return r
    raise AssertionError(f"row '{label}' not found in {ws.title}")


def fuel_row(ws, category_label: str, fuel_label: str | None = None) -> int:
    """Row of a category (its total) or of one fuel group below it."""
    r = find_row(ws, category_label)
    return r if fuel_label is None else find_row(ws, fuel_label, after=r + 1)


# Table1.A(a) columns: A label, B activity, C/D/E IEF CO2/CH4/N2O, F/G/H emissions CO2/CH4/N2O
AD, IEF_CO2, IEF_CH4, IEF_N2O, CO2, CH4, N2O = range(2, 9)
# Summary1 columns: B CO2, C CH4, D N2O, E HFCs, F PFCs, G mix, H SF6, I NF3, J Total
S_CO2, S_CH4, S_N2O, S_HFC, S_TOTAL = 2, 3, 4, 5, 10


def test_one_file_per_year_with_crt_sheet_names(book, tmp_path):
    paths, wb = book
    assert [p.name for p in paths] == ["CRT_Demoland_2020.xlsx", "CRT_Demoland_2021.xlsx"]
    assert all(p.exists() for p in paths)
    # every registered sheet in registry order; the energy core sheets of this test among them
    expected = [spec.name for spec in registry.sheet_specs()]
    assert wb.sheetnames == expected
    assert set(SHEETS) <= set(expected)
    assert openpyxl.load_workbook(paths[1]).sheetnames == expected


def test_fuel_combustion_activity_ief_and_emissions(book):
    _, wb = book
    ws = wb["Table1.A(a)s1"]
    cat = "1.A.1.a. Public electricity and heat production"
    gas = fuel_row(ws, cat, "Gaseous fuels")
    # natural gas R1 600 TJ + R2 400 TJ = 1,000 TJ; CO2 1,000 TJ x 56,100 kg/TJ = 56.1 kt
    assert ws.cell(gas, AD).value == pytest.approx(1000.0)
    assert ws.cell(gas, CO2).value == pytest.approx(56.1)
    # IEF = 56.1 kt / 1,000 TJ x 1e3 = 56.1 t/TJ
    assert ws.cell(gas, IEF_CO2).value == pytest.approx(56.1)
    assert ws.cell(gas, IEF_CH4).value == pytest.approx(1.0)          # kg/TJ
    assert ws.cell(gas, N2O).value == pytest.approx(1000 * 0.1e-6)

    solid = fuel_row(ws, cat, "Solid fuels")
    assert ws.cell(solid, CO2).value == pytest.approx(18.92)          # 200 TJ x 94,600 kg/TJ
    assert ws.cell(solid, IEF_CO2).value == pytest.approx(94.6)

    bio = fuel_row(ws, cat, "Biomass")
    # biomass CO2 is shown in its row (memo item): 100 TJ x 112,000 kg/TJ = 11.2 kt, 112 t/TJ
    assert ws.cell(bio, CO2).value == pytest.approx(11.2)
    assert ws.cell(bio, IEF_CO2).value == pytest.approx(112.0)
    assert ws.cell(bio, CH4).value == pytest.approx(0.003)           # 100 TJ x 30 kg/TJ

    total = fuel_row(ws, cat)
    # category total = sum of the fuel rows:
    # activity 1,000 + 200 + 100 = 1,300 TJ (biomass fuel use included)
    assert ws.cell(total, AD).value == pytest.approx(1300.0)
    # CO2 56.1 + 18.92 = 75.02 kt (biomass CO2 11.2 kt is a memo item, not in the total)
    assert ws.cell(total, CO2).value == pytest.approx(75.02)
    assert ws.cell(total, CO2).value == pytest.approx(
        ws.cell(gas, CO2).value + ws.cell(solid, CO2).value)
    # CO2 IEF over the fossil rows: 75.02 kt / 1,200 TJ x 1e3 = 62.5167 t/TJ (not the mean of
    # 56.1 and 94.6)
    assert ws.cell(total, IEF_CO2).value == pytest.approx(75.02 / 1200 * 1e3)
    # CH4 0.001 + 0.0002 + 0.003 = 0.0042 kt over all 1,300 TJ = 3.2308 kg/TJ
    assert ws.cell(total, CH4).value == pytest.approx(0.0042)
    assert ws.cell(total, IEF_CH4).value == pytest.approx(0.0042 / 1300 * 1e6)
    # N2O 0.0001 + 0.0003 + 0.0004 = 0.0008 kt
    assert ws.cell(total, N2O).value == pytest.approx(0.0008)

    # 1.A (fuel combustion total, top of sheet 1) adds 1.A.4.b gas of R2: 50 TJ, 2.805 kt
    fc = fuel_row(ws, "1.A. Fuel combustion - sectoral approach")
    assert ws.cell(fc, AD).value == pytest.approx(1350.0)
    assert ws.cell(fc, CO2).value == pytest.approx(75.02 + 2.805)


def test_number_formats_and_key_alignment(book):
    _, wb = book
    ws = wb["Table1.A(a)s1"]
    gas = fuel_row(ws, "1.A.1.a. Public electricity and heat production", "Gaseous fuels")
    assert ws.cell(gas, CO2).number_format == "#,##0.00"
    assert ws.cell(gas, IEF_CO2).number_format == "#,##0.000"
    assert ws.cell(gas, CH4).number_format == "#,##0.0000"
    peat = fuel_row(ws, "1.A.1.a. Public electricity and heat production", "Peat")
    assert ws.cell(peat, AD).alignment.horizontal == "center"
    assert ws.column_dimensions["A"].width > 50


def test_notation_keys_are_text_not_zero(book):
    _, wb = book
    ws = wb["Table1.A(a)s1"]
    # 1.A.1.b: only R1 reports residual fuel oil, as NO -> the national cell is "NO"
    refining = "1.A.1.b. Petroleum refining"
    liquid = fuel_row(ws, refining, "Liquid fuels")
    for col in (AD, IEF_CO2, CO2, CH4, N2O):
        assert ws.cell(liquid, col).value == "NO"
        assert ws.cell(liquid, col).data_type == "s"
    assert ws.cell(fuel_row(ws, refining), CO2).value == "NO"
    # no row at all for peat in 1.A.1.a -> "NE"
    peat = fuel_row(ws, "1.A.1.a. Public electricity and heat production", "Peat")
    assert ws.cell(peat, CO2).value == "NE"
    assert ws.cell(peat, AD).value == "NE"

    s4 = wb["Table1.A(a)s4"]
    # 1.A.4.b natural gas: R1 NO + R2 50 TJ -> the number (NO adds nothing)
    res = fuel_row(s4, "1.A.4.b. Residential", "Gaseous fuels")
    assert s4.cell(res, AD).value == pytest.approx(50.0)
    assert s4.cell(res, CO2).value == pytest.approx(2.805)        # 50 TJ x 56,100 kg/TJ
    assert s4.cell(res, IEF_CH4).value == pytest.approx(5.0)

    summary = wb["Summary1"]
    agri = find_row(summary, "3. Agriculture")
    assert summary.cell(agri, S_CO2).value == "NE"
    assert summary.cell(agri, S_TOTAL).value == "NE"
    # no cell anywhere holds a 0 written for a missing value (a 0 % change from the base year
    # in the trend tables is a real value: this one-year workbook's base year is its year)
    for sheet in wb.worksheets:
        pct_cols = {c.column for r in sheet.iter_rows(max_row=15) for c in r
                    if c.value == "(%)"}
        for row in sheet.iter_rows():
            for c in row:
                if c.column in pct_cols:
                    continue
                assert not (isinstance(c.value, (int, float)) and c.value == 0), c.coordinate


def test_summary1_totals_and_memo_items(book):
    _, wb = book
    ws = wb["Summary1"]
    tot = find_row(ws, "Total national emissions and removals")
    # CO2 75.02 (1.A.1.a) + 2.805 (1.A.4.b) = 77.825 kt; bunkers and biomass CO2 excluded
    assert ws.cell(tot, S_CO2).value == pytest.approx(77.825)
    # CH4 0.0042 + 0.00025 = 0.00445 kt; N2O 0.0008 + 0.000005 = 0.000805 kt
    assert ws.cell(tot, S_CH4).value == pytest.approx(0.00445)
    assert ws.cell(tot, S_N2O).value == pytest.approx(0.000805)
    # total (AR5): 77.825 + 0.00445 x 28 + 0.000805 x 265 = 78.162925 kt CO2 eq
    total = 77.825 + 0.00445 * 28 + 0.000805 * 265
    assert ws.cell(tot, S_TOTAL).value == pytest.approx(total)
    energy = find_row(ws, "1. Energy")
    assert ws.cell(energy, S_TOTAL).value == pytest.approx(total)
    assert ws.cell(energy, S_HFC).value is None                    # shaded: no CRT cell
    assert ws.cell(find_row(ws, "2. Industrial processes and product use"), S_HFC).value \
        == "NE"
    without = find_row(ws, "Total CO2 equivalent emissions without LULUCF")
    assert ws.cell(without, S_TOTAL).value == pytest.approx(total)  # LULUCF is NE
    assert ws.cell(find_row(ws, "1.D.3. CO2 emissions from biomass"), S_CO2).value \
        == pytest.approx(11.2)
    assert ws.cell(find_row(ws, "1.D.1.a. Aviation"), S_CO2).value == pytest.approx(7.15)
    assert ws.cell(find_row(ws, "1.D.1. International bunkers"), S_CO2).value \
        == pytest.approx(7.15)
    assert ws.cell(find_row(ws, "1.D.1.b. Navigation"), S_CO2).value == "NE"
    assert ws.cell(2, 1).value == "Party:" and ws.cell(2, 2).value == "Demoland"
    assert ws.cell(5, 2).value == "AR5 GWP100"
    assert ws.cell(7, 1).value == "Synthetic demo data"


def test_table1_energy_and_memo(book):
    _, wb = book
    ws = wb["Table1"]
    ela = find_row(ws, "1.A.1.a. Public electricity and heat production")
    assert ws.cell(ela, 2).value == pytest.approx(75.02)            # CO2
    assert ws.cell(ela, 5).value == pytest.approx(0.05)             # NOx
    assert ws.cell(ela, 6).value == "NE"                            # CO: no rows
    assert ws.cell(find_row(ws, "Total energy"), 2).value == pytest.approx(77.825)
    assert ws.cell(find_row(ws, "1.D.1.a. Aviation"), 2).value == pytest.approx(7.15)
    assert ws.cell(find_row(ws, "1.D.1. International bunkers"), 2).value \
        == pytest.approx(7.15)
    bio = find_row(ws, "1.D.3. CO2 emissions from biomass")
    assert ws.cell(bio, 2).value == pytest.approx(11.2)
    assert ws.cell(bio, 3).value is None                            # no CH4 cell


def test_submission_label_is_text_not_formula(book):
    paths, wb = book
    for ws in wb.worksheets:
        r = find_row(ws, "Submission:")
        cell = ws.cell(r, 2)
        assert cell.value == "=1+1"
        assert cell.data_type == "s"
    with zipfile.ZipFile(paths[0]) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode()


def test_frozen_panes_below_headers_right_of_labels(book):
    _, wb = book
    for ws in wb.worksheets:
        text = " ".join(str(c.value) for r in ws.iter_rows() for c in r if c.value)
        if "was not run for this export" in text:
            continue  # analysis sheets without an analysis: a note, no table to freeze
        assert ws.freeze_panes is not None, ws.title
        col, row = ws.freeze_panes[0], int(ws.freeze_panes[1:])
        assert col == "B"
        units = [ws.cell(row - 1, c).value for c in range(2, ws.max_column + 1)]
        assert all(isinstance(u, str) and u.startswith("(") for u in units), ws.title
        assert ws.cell(row, 1).value not in (None, "")              # first data row


def test_properties_and_reproducible_bytes(book, tmp_path):
    a = book[0][0]                                    # 2020, written by the module fixture
    b = write(tmp_path / "b", years=[2020])[0]
    assert a.read_bytes() == b.read_bytes()
    props = openpyxl.load_workbook(a).properties
    assert props.creator == "GHG Inventory Workbench"
    assert props.created == CREATED
    assert "Demoland" in props.title


def test_failed_write_leaves_no_file(tmp_path, monkeypatch):
    good = write(tmp_path, years=[2020])[0]
    before = good.read_bytes()

    def boom(ws, fmt, data, ctx):
        ws.write_string(0, 0, "half written")
        raise RuntimeError("disk full")

    # fails after the first energy sheet was written: the workbook is half made
    monkeypatch.setattr(registry, "_SHEETS",
                        [*registry._SHEETS, registry.SheetSpec("Boom", 105, boom)])
    with pytest.raises(RuntimeError, match="disk full"):
        write(tmp_path, years=[2020])
    assert good.read_bytes() == before                  # the old file is untouched
    with pytest.raises(RuntimeError):
        write(tmp_path / "fresh", years=[2020])
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [good.name]


def test_single_region(tmp_path):
    path = write(tmp_path, years=[2020], region="R2")[0]
    wb = openpyxl.load_workbook(path)
    ws = wb["Table1.A(a)s1"]
    gas = fuel_row(ws, "1.A.1.a. Public electricity and heat production", "Gaseous fuels")
    assert ws.cell(gas, AD).value == pytest.approx(400.0)           # R2 only
    assert ws.cell(gas, CO2).value == pytest.approx(22.44)          # 400 TJ x 56,100 kg/TJ
    liquid = fuel_row(ws, "1.A.1.b. Petroleum refining", "Liquid fuels")
    assert ws.cell(liquid, CO2).value == "NE"                       # R2 has no such row
    assert wb["Summary1"].cell(6, 2).value == "region R2"


def test_second_year(book):
    paths, _ = book
    ws = openpyxl.load_workbook(paths[1])["Table1.A(a)s1"]
    gas = fuel_row(ws, "1.A.1.a. Public electricity and heat production", "Gaseous fuels")
    assert ws.cell(gas, AD).value == pytest.approx(700.0)
    assert ws.cell(gas, CO2).value == pytest.approx(39.27)          # 700 x 56,100e-6
    assert ws.cell(find_row(ws, "Inventory year:"), 2).value == "2021"


def test_confidential_number_never_shown(tmp_path):
    df = emissions_frame()
    rows = pd.DataFrame(_fuel_rows("R1", 2020, "1.A.2.c", "natural_gas", 300))
    rows["notation_key"] = "C"
    df = pd.concat([df, rows], ignore_index=True)
    df["notation_key"] = df["notation_key"].astype(NOTATION_DTYPE)
    ws = openpyxl.load_workbook(write(tmp_path, df, years=[2020])[0])["Table1.A(a)s2"]
    gas = fuel_row(ws, "1.A.2.c. Chemicals", "Gaseous fuels")
    assert [ws.cell(gas, c).value for c in (AD, IEF_CO2, CO2)] == ["C", "C", "C"]


def test_biomass_co2_must_be_memo(tmp_path):
    df = emissions_frame()
    df.loc[(df["activity"] == "wood_wood_waste") & (df["gas"] == "CO2"), "memo"] = False
    with pytest.raises(InputError, match="biomass"):
        write(tmp_path, df)
    assert not any(tmp_path.iterdir())


def test_year_without_rows_is_an_error(tmp_path):
    with pytest.raises(InputError, match="2019"):
        write(tmp_path, years=[2019])


def test_bunker_row_without_memo_flag_stays_out_of_totals(tmp_path):
    df = emissions_frame()
    df.loc[df["category"] == "1.A.3.a.i", "memo"] = False
    ws = openpyxl.load_workbook(write(tmp_path, df, years=[2020])[0])["Summary1"]
    # the crosswalk reports 1.A.3.a.i as memo 1.D.1.a whatever the flag says
    assert ws.cell(find_row(ws, "1.D.1.a. Aviation"), S_CO2).value == pytest.approx(7.15)
    assert ws.cell(find_row(ws, "Total national emissions and removals"), S_CO2).value \
        == pytest.approx(77.825)


def test_summary1_gas_columns():
    from inventory.crt.data import summary_column

    assert [summary_column(g) for g in ("CO2", "HFC134a", "CF4", "cC4F8", "SF6", "NF3",
                                        "UnspMixOfHFCsPFCs", "NOx", "HCFC22")] == \
        ["CO2", "HFCs", "PFCs", "PFCs", "SF6", "NF3", "mix", None, None]
