"""Grid emission factors given by the project (``table: grid_factors``): the rows the option
``energy.grid_factor`` picks become grid_EF parameters of the region and year, which the
electricity-trade indicator uses before the packaged MEE/NBS table; bad rows are errors
naming file, line and column."""

import pytest
import yaml

from inventory.errors import InputError
from inventory.factors import FactorDB
from inventory.project import load_config
from sectors.energy.grid_input import read_grid_factors
from sectors.energy.reference_approach import ELECTRICITY_TABLE

# Fictional values of a fictional area (the tests' own numbers, not published factors)
GOOD = """# synthetic test rows: not published values
scope,area,area_zh,year,value,unit,source
average,Northland,北地,2021,0.6012,kg/kWh,test announcement table 2
average,Northland,北地,2022,0.5900,t/MWh,test announcement table 2
average,Southland,南地,2021,0.3000,kg/kWh,test announcement table 2
"""


def _project(tmp_path, text=GOOD, pick=None, extra_item=None):
    root = tmp_path / "proj"
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "grid.csv").write_text(text, encoding="utf-8")
    item = {"file": "data/grid.csv", "table": "grid_factors", **(extra_item or {})}
    cfg = {"name": "grid", "party": "Test (synthetic)",
           "regions": [{"code": "NTH"}, {"code": "STH"}], "years": [2021, 2022],
           "inputs": [item],
           "options": {"energy": {"grid_factor": pick or {"NTH": "average:Northland",
                                                          "*": "average:China"}}}}
    (root / "inventory.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True),
                                        encoding="utf-8")
    return load_config(root)


def test_picked_rows_become_grid_factors_of_the_region(tmp_path):
    project = _project(tmp_path)
    act, par = read_grid_factors(project.inputs[0], project)
    assert act.empty
    got = par.set_index(["region", "year_from"])["value"].to_dict()
    # NTH picks Northland (2021 and 2022); STH picks China, which is not in the file
    assert got == {("NTH", 2021): 0.6012, ("NTH", 2022): 0.59}
    assert set(par["parameter"]) == {"grid_EF"} and set(par["unit"]) == {"t/MWh"}
    assert (par["year_from"] == par["year_to"]).all()
    assert par["source"].str.contains(r"test announcement table 2 \(average Northland 2021; "
                                      r"grid\.csv!line 3\)").any()


def test_the_project_factor_is_used_for_the_electricity_indicator(tmp_path, ipcc_factors):
    from tests.test_energy_reference_approach import balance

    project = _project(tmp_path)
    _, par = read_grid_factors(project.inputs[0], project)
    par = par.assign(region="DML")[par["year_from"] == 2021]
    out = balance(("electricity:imports", 36.0), year=2021, factors=FactorDB.with_defaults(par),
                  options={"grid_factor": {"*": "average:China"}})
    t = out[ELECTRICITY_TABLE].iloc[0]
    # 36 TJ = 10,000 MWh x 0.6012 t/MWh = 6.012 kt (not the national 0.5568)
    assert t["indirect_co2"] == pytest.approx(6.012)
    assert t["factor_layer"] == "national"
    assert "grid.csv!line 3" in t["factor_source"]


@pytest.mark.parametrize("line, pattern, where", [
    ("average,Northland,,2021,536.6,g/kWh,t", r"unit 'g/kWh'", "row 3, column 'unit'"),
    ("average,Northland,,2021,536.6,kg/kWh,t", r"value 536\.6 kg/kWh is outside 0-3",
     "row 3, column 'value'"),
    ("average,Northland,,2021,0.6,kg/kWh,", r"empty source", "row 3, column 'source'"),
    ("average,Northland,,about 2021,0.6,kg/kWh,t", r"year 'about 2021' is not a year",
     "row 3, column 'year'"),
    ("mean,Northland,,2021,0.6,kg/kWh,t", r"scope 'mean'", "row 3, column 'scope'"),
    ("average,Northland,,2021,0.6,kg/kWh,t\naverage,Northland,,2021,0.7,kg/kWh,t",
     r"average Northland 2021 is given twice \(lines 3 and 4\)", "row 4, column 'area'"),
])
def test_bad_rows_name_file_line_and_column(tmp_path, line, pattern, where):
    text = "# c\nscope,area,area_zh,year,value,unit,source\n" + line + "\n"
    project = _project(tmp_path, text)
    with pytest.raises(InputError, match=pattern) as exc:
        read_grid_factors(project.inputs[0], project)
    assert "file grid.csv" in str(exc.value) and where in str(exc.value)


def test_missing_column_and_unknown_item_key(tmp_path):
    project = _project(tmp_path, "scope,area,year,value,source\n")
    with pytest.raises(InputError, match=r"missing columns \['unit'\]"):
        read_grid_factors(project.inputs[0], project)
    with pytest.raises(InputError, match=r"unknown keys \['region'\] for table 'grid_factors'"):
        _project(tmp_path, extra_item={"region": "NTH"})
