"""The energy balance table input: a hand-built small balance mapped and computed by hand
(non-energy use, a transformation loss, the reference approach, electricity trade), both
yearbook layouts, and bad input named by sheet, row and column (SYNTHETIC numbers)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from inventory.errors import InputError
from sectors.energy import balance as b
from sectors.energy.balance_checks import (
    balance_closing,
    nonenergy_above_industry,
    transformation_balance,
)
from sectors.energy.balance_mapping import balance_activity
from tests.balance_fixtures import HEADER, ROWS, UNITS, write_small_balance

TJ_PER_TCE = 29.3076e-3          # GB/T 2589: 1 kgce = 29,307.6 kJ
COAL, COKE, DIESEL = 0.7143, 0.9714, 1.4571      # tce/t (GB/T 2589 Appendix A)
GAS = 1.33                                       # tce per 1000 m3


def _sheets(path):
    return b.read_balance_workbook(path, ("NTH",), (2021, 2021))


def _activity(path) -> dict:
    a = balance_activity(_sheets(path)[0])
    return {(r.category, r.activity): r.value for r in a.itertuples()}


def test_small_balance_by_hand(tmp_path):
    act = _activity(write_small_balance(tmp_path / "b.xlsx"))
    # thermal power: 40 x 10^4 t raw coal burnt (the input cell is -40)
    assert act[("1.A.1.a.i", "other_bituminous_coal")] == pytest.approx(
        40e4 * COAL * TJ_PER_TCE)
    # industry natural gas: 4 x 10^8 m3, of which 2 used as raw material -> 2 x 10^8 m3 burnt
    assert act[("1.A.2.m", "natural_gas")] == pytest.approx((4 - 2) * 1e5 * GAS * TJ_PER_TCE)
    assert act[("1.A.2.m", "coke_oven_coke")] == pytest.approx(18e4 * COKE * TJ_PER_TCE)
    # transport diesel -> road transport (energy_balance_cells.csv)
    assert act[("1.A.3.b", "gas_diesel_oil")] == pytest.approx(15e4 * DIESEL * TJ_PER_TCE)
    assert act[("1.A.4.b", "natural_gas")] == pytest.approx(5e5 * GAS * TJ_PER_TCE)
    # reference approach: production of the primary fuel, outflow as exports, a stock
    # increase (-5) as stock_increase, inflow as imports, the non-energy use
    assert act[("1.A", "other_bituminous_coal:production")] == pytest.approx(
        100e4 * COAL * TJ_PER_TCE)
    assert act[("1.A", "other_bituminous_coal:exports")] == pytest.approx(10e4 * COAL
                                                                            * TJ_PER_TCE)
    assert act[("1.A", "other_bituminous_coal:stock_increase")] == pytest.approx(
        5e4 * COAL * TJ_PER_TCE)
    assert act[("1.A", "other_bituminous_coal:stock_decrease")] == 0  # both flows, every year
    assert act[("1.A", "gas_diesel_oil:imports")] == pytest.approx(20e4 * DIESEL * TJ_PER_TCE)
    assert act[("1.A", "natural_gas:nonenergy_use")] == pytest.approx(2e5 * GAS * TJ_PER_TCE)
    # electricity across the border: 10^8 kWh = 10^5 MWh
    assert act[("1.A", "electricity:imports")] == pytest.approx(30e5)
    assert act[("1.A", "electricity:exports")] == pytest.approx(8e5)
    # the coke made and the electricity made are not fuel use; losses are not either
    assert not [k for k in act if k[1] == "coke_oven_coke" and k[0] == "1.A.1.a.i"]


def test_transformation_loss_by_hand(tmp_path):
    t = transformation_balance(_sheets(write_small_balance(tmp_path / "b.xlsx")))
    coking = t.set_index("process").loc["coking"]
    assert coking["inputs_tce"] == pytest.approx(30e4 * COAL)          # 214,290 tce
    assert coking["outputs_tce"] == pytest.approx(18e4 * COKE)         # 174,852 tce
    assert coking["loss_tce"] == pytest.approx(30e4 * COAL - 18e4 * COKE)   # 39,438 tce
    power = t.set_index("process").loc["thermal_power"]
    assert power["outputs_tce"] == pytest.approx(10e5 * 0.1229)        # 10^8 kWh x 0.1229
    assert power["loss_tce"] == pytest.approx(40e4 * COAL - 10e5 * 0.1229)


def test_the_small_balance_closes(tmp_path):
    sheets = _sheets(write_small_balance(tmp_path / "b.xlsx"))
    assert balance_closing(sheets).empty
    assert nonenergy_above_industry(sheets).empty


def test_products_as_rows_give_the_same_activity(tmp_path):
    cols = list(zip(*[[HEADER[0], *[r[0] for r in ROWS]]] + [
        [HEADER[j], *[r[j] for r in ROWS]] for j in range(1, len(HEADER))], strict=True))
    # transpose: products down the first column, balance rows across
    grid = [list(c) for c in zip(*cols, strict=True)]
    grid = [[row[0], *row[1:]] for row in grid]
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "NTH 2021"
    ws.append(["Energy balance (products as rows) SYNTHETIC"])
    for row in grid:
        ws.append(row)
    p = tmp_path / "t.xlsx"
    wb.save(p)
    # units from the products' yearbook units (no unit row): the same as the fixture's
    assert _activity(p) == pytest.approx(_activity(write_small_balance(tmp_path / "b.xlsx")))
    assert UNITS[1:] == ["万吨", "万吨", "万吨", "亿立方米", "亿千瓦时"]


def test_unknown_product_column_names_the_cell(tmp_path):
    header = [*HEADER[:3], "神秘燃料 Mystery Fuel", *HEADER[4:]]
    p = write_small_balance(tmp_path / "b.xlsx", header=header)
    with pytest.raises(InputError) as exc:
        _sheets(p)
    msg = str(exc.value)
    assert "sheet 'NTH 2021', row 2, column 'D'" in msg and "Mystery Fuel" in msg


def test_messages_in_the_project_language(tmp_path):
    header = [*HEADER[:3], "神秘燃料 Mystery Fuel", *HEADER[4:]]
    p = write_small_balance(tmp_path / "b.xlsx", header=header)
    with pytest.raises(InputError) as exc:
        b.read_balance_workbook(p, ("NTH",), (2021, 2021), language="zh+en")
    assert "表头中未知的能源品种 / unknown energy product in the header '神秘燃料 Mystery Fuel'" \
        in str(exc.value)
    with pytest.raises(InputError) as exc:
        b.read_balance_workbook(p, ("NTH",), (2021, 2021), language="zh")
    assert "表头中未知的能源品种" in str(exc.value) and "unknown" not in str(exc.value)


def test_text_in_a_numeric_cell_names_the_cell(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[12][3] = "约15"              # transport diesel
    p = write_small_balance(tmp_path / "b.xlsx", rows=rows)
    with pytest.raises(InputError) as exc:
        _sheets(p)
    assert "sheet 'NTH 2021', row 16, column 'D (Diesel Oil)'" in str(exc.value)
    assert "约15" in str(exc.value)


def test_unknown_row_names_the_row(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[13][0] = "3.火星消费"
    with pytest.raises(InputError) as exc:
        _sheets(write_small_balance(tmp_path / "b.xlsx", rows=rows))
    assert "sheet 'NTH 2021', row 17, column 'A'" in str(exc.value)


def test_a_balance_that_does_not_close_is_named(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[12][3] = 25                  # transport diesel 25 instead of 15: 10 unaccounted
    rows[9][3] = 27                   # final consumption stated consistently
    found = balance_closing(_sheets(write_small_balance(tmp_path / "b.xlsx", rows=rows)))
    assert list(found["activity"]) == ["diesel"]
    ref = found["source_ref"].iloc[0]
    assert "sheet 'NTH 2021', row 18, column 'D (Diesel Oil)'" in ref     # statistical diff.
    assert found["computed"].iloc[0] == pytest.approx(20 - 27)
    assert found["stated"].iloc[0] == pytest.approx(3)


def test_a_stated_subtotal_that_does_not_add_up_is_named(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][1] = 95                   # energy available for raw coal: rows give 85
    found = balance_closing(_sheets(write_small_balance(tmp_path / "b.xlsx", rows=rows)))
    first = found[found["row"].str.contains("可供")].iloc[0]
    assert "row 4, column 'B (Raw Coal)'" in first["source_ref"]
    assert first["difference"] == pytest.approx(10)


def test_transformation_outputs_above_inputs_are_found(tmp_path):
    from sectors.energy.balance_checks import _outputs_above_inputs

    rows = [list(r) for r in ROWS]
    rows[7][2] = 40                   # coking: 40 x 10^4 t coke from 30 x 10^4 t coal
    found = _outputs_above_inputs(_sheets(write_small_balance(tmp_path / "b.xlsx", rows=rows)),
                                  {})
    assert list(found["activity"]) == ["coking"]
    assert "row 11, column 'C (Coke)'" in found["source_ref"].iloc[0]


def _project(tmp_path, rows=ROWS, extra=None):
    root = tmp_path / "proj"
    write_small_balance(root / "data" / "b.xlsx", rows=rows)
    cfg = {"name": "bal", "party": "Test (synthetic)", "regions": [{"code": "NTH"}],
           "years": [2021, 2021], "inputs": [{"file": "data/b.xlsx", "table": "energy_balance"}],
           "options": {"energy": {"grid_factor": {"*": "average:China"}}}, **(extra or {})}
    (root / "inventory.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return root


def test_the_intake_reads_the_balance_and_runs_its_checks(tmp_path):
    from inventory.checks import CheckFailed, CheckPolicy, run_checks
    from inventory.io.readers import read_inputs
    from inventory.products import RunContext
    from inventory.project import load_config
    from inventory.schema import empty

    project = load_config(_project(tmp_path))
    act, par, _ = read_inputs(project)
    assert {"1.A.1.a.i", "1.A.2.m", "1.A.3.b", "1.A.4.b", "1.A"} <= set(act["category"])
    assert act["source_ref"].str.contains("sheet 'NTH 2021', cells").all()
    from inventory.factors import FactorDB

    ctx = RunContext(project, act, par, FactorDB.with_defaults(par), empty("emissions"))
    findings, _ = run_checks("intake", ctx, CheckPolicy())
    assert not findings["check"].str.startswith("energy.").any()   # the balance closes
    rows = [list(r) for r in ROWS]
    rows[12][3], rows[9][3] = 25, 27
    project = load_config(_project(tmp_path / "bad", rows=rows))
    act, par, _ = read_inputs(project)
    with pytest.raises(CheckFailed) as exc:
        run_checks("intake", RunContext(project, act, par, FactorDB.with_defaults(par),
                                        empty("emissions")), CheckPolicy())
    assert "energy.balance_not_closing" in str(exc.value)
    assert "row 18, column 'D (Diesel Oil)'" in str(exc.value)


def test_a_product_without_a_verified_coefficient_needs_one(tmp_path):
    header = [*HEADER[:2], "其他洗煤 Other Washed Coal", *HEADER[3:]]
    p = write_small_balance(tmp_path / "b.xlsx", header=header)
    with pytest.raises(InputError) as exc:
        balance_activity(_sheets(p)[0])
    assert "other_washed_coal" in str(exc.value) and "balance_coefficients" in str(exc.value)
    act = balance_activity(_sheets(p)[0], {"balance_coefficients": {"other_washed_coal": 0.3}})
    assert (act["activity"] == "other_bituminous_coal").any()


def test_mapping_tables_are_consistent():
    from sectors.energy.fuels import fuels

    prods = b.products()
    mapped = prods["ipcc_fuel"][prods["ipcc_fuel"] != ""]
    assert set(mapped) <= set(fuels().index)
    f = b.flows()
    assert set(f["kind"]) <= {"supply", "total_supply", "transformation", "total_transformation",
                              "loss", "final", "nonenergy", "total_final", "households_total",
                              "statistical_difference", "total_consumption"}
    rules = b.cell_rules()
    assert set(rules["flow"]) <= set(f.index)
    assert set(rules["product"]) - {"*"} <= set(prods.index)
    assert pd.Series(b.UNITS).map(lambda u: u[1] > 0).all()


def test_units_of_the_yearbook_to_standard_coal():
    from sectors.energy.balance_mapping import to_tce

    cells = pd.DataFrame({"product": ["heat", "electricity", "natural_gas", "raw_coal",
                                      "other_energy"],
                          "unit": ["10^10 kJ", "亿千瓦时", "10^8 m3", "万吨", "万吨标准煤"],
                          "value": [1.0, 1.0, 1.0, 1.0, 1.0]})
    # 10^10 kJ = 10^4 GJ x 0.03412 tce/GJ; 10^8 kWh = 10^5 MWh x 0.1229; 10^8 m3 = 10^5
    # thousand m3 x 1.33; 10^4 t x 0.7143; 10^4 tce as given
    assert to_tce(cells) == pytest.approx([341.2, 12290.0, 133000.0, 7143.0, 1e4])


def test_a_standard_coal_sheet_gives_the_energy(tmp_path):
    from openpyxl import load_workbook

    p = write_small_balance(tmp_path / "b.xlsx")
    wb = load_workbook(p)
    phys = wb["NTH 2021"]
    tce = wb.create_sheet("NTH 2021 tce")
    for r in phys.iter_rows(values_only=True):
        tce.append(list(r))
    for c in range(2, 7):                      # the unit row: standard coal
        tce.cell(3, c).value = "万吨标准煤"
    wb.save(p)
    sheets = _sheets(p)
    assert sorted(s.standard_coal for s in sheets) == [False, True]
    from inventory.project import load_config
    from sectors.energy.balance_mapping import read_energy_balance

    root = tmp_path / "proj"
    (root / "data").mkdir(parents=True)
    p.rename(root / "data" / "b.xlsx")
    (root / "inventory.yml").write_text(yaml.safe_dump({
        "name": "t", "party": "T (synthetic)", "regions": [{"code": "NTH"}],
        "years": [2021, 2021], "inputs": [{"file": "data/b.xlsx", "table": "energy_balance"}]}),
        encoding="utf-8")
    project = load_config(root)
    act, _ = read_energy_balance(project.inputs[0], project)
    coal = act[(act["category"] == "1.A.1.a.i")]
    # the cell -40 read as 40 x 10^4 tce: 400,000 tce x 29.3076 GJ/tce
    assert coal["value"].iloc[0] == pytest.approx(40e4 * TJ_PER_TCE)
    assert "sheet 'NTH 2021 tce'" in coal["source_ref"].iloc[0]
