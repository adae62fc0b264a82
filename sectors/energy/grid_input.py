"""Published grid emission factors as a project input (``table: grid_factors``).

The indirect CO2 of electricity crossing a province's border (``energy.electricity_trade``)
needs the grid factor of that province and year. The package ships only the MEE/NBS values
it could verify (``data/mee_nbs_electricity_co2_factors.csv``: national 2021-2023, regional
grids, ten provinces of 2022); the other provincial factors of the announcements could not be
verified from a reachable source, so no number of them is shipped (see the header of that
file). A compiler who holds the announcement gives them as a file of the project, in the
format of the packaged table::

    # provincial factors of MEE & NBS announcement 2024 No. 12 (2021), table 2 (transcribed by ...)
    scope,area,area_zh,year,value,unit,source
    average,Northland,北地,2021,0.6012,kg/kWh,MEE & NBS announcement 2024 No. 12 table 2

``inventory.yml``::

    inputs:
      - file: data/grid_factors.csv
        table: grid_factors
    options:
      energy:
        grid_factor: {NTH: "average:Northland", "*": "average:China"}

Columns: ``scope`` (``average``, ``average_excl_market_nonfossil``, ``fossil``), ``area``
(the name the option ``grid_factor`` picks), ``area_zh`` (optional), ``year``, ``value``
(``kg/kWh`` or ``t/MWh``, the same number; 0 <= value < 3), ``unit``, ``source`` (the
announcement and table the value was read from: required). Lines starting with ``#`` are
comments. Each (scope, area, year) at most once. The reader turns the rows that the
option ``grid_factor`` picks for a region into ``grid_EF`` parameters of that region and year
(layer national, source with file and line), which take precedence over the packaged table;
rows nobody picks are read and checked but not used. Errors name the file, line and column.
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd

from inventory import schema
from inventory.errors import InputError, Location
from inventory.io.input_readers import InputReader, register_input_reader

__all__ = ["read_grid_factors", "GRID_COLUMNS", "GRID_UNITS", "MAX_GRID_FACTOR"]

GRID_COLUMNS = ("scope", "area", "year", "value", "unit", "source")
GRID_UNITS = ("kg/kWh", "t/MWh")           # the same number (kg CO2/kWh = t CO2/MWh)
SCOPES = ("average", "average_excl_market_nonfossil", "fossil")
MAX_GRID_FACTOR = 3.0                      # t CO2/MWh: above any coal plant (about 1.2)
_EXPECTED_HEADER = "scope,area,area_zh,year,value,unit,source (area_zh optional)"


def _lines(path) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the data lines: comments and blank lines left out."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte at position {exc.start})", str(path),
                         "a CSV file saved as UTF-8") from None
    out = []
    for n, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
            continue
        out.append((n, [c.strip() for c in cells]))
    return out


def _table(path) -> pd.DataFrame:
    lines = _lines(path)
    name = path.name
    if not lines:
        raise InputError("the file has no header row", Location(name, None, 1),
                         _EXPECTED_HEADER)
    head_line, header = lines[0]
    missing = [c for c in GRID_COLUMNS if c not in header]
    if missing:
        raise InputError(f"missing columns {missing}", Location(name, None, head_line),
                         _EXPECTED_HEADER)
    unknown = [c for c in header if c not in (*GRID_COLUMNS, "area_zh", "note")]
    if unknown:
        raise InputError(f"unknown columns {unknown}", Location(name, None, head_line),
                         _EXPECTED_HEADER)
    rows, seen = [], {}
    for line, cells in lines[1:]:
        rec = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))

        def at(col: str, _line=line) -> Location:
            return Location(name, None, _line, col)

        for col in GRID_COLUMNS:
            if not rec.get(col):
                raise InputError(f"empty {col}", at(col),
                                 "the announcement and table the value was read from"
                                 if col == "source" else f"a {col}")
        if rec["scope"] not in SCOPES:
            raise InputError(f"scope '{rec['scope']}'", at("scope"), " | ".join(SCOPES))
        if rec["unit"] not in GRID_UNITS:
            raise InputError(f"unit '{rec['unit']}'", at("unit"),
                             " or ".join(GRID_UNITS) + " (g/kWh: divide by 1000)")
        try:
            year = int(rec["year"])
        except ValueError:
            raise InputError(f"year '{rec['year']}' is not a year", at("year"),
                             "a year such as 2021") from None
        try:
            value = float(rec["value"])
        except ValueError:
            raise InputError(f"value '{rec['value']}' is not a number", at("value"),
                             "a number in kg CO2/kWh, e.g. 0.5366") from None
        if not math.isfinite(value) or not 0 <= value < MAX_GRID_FACTOR:
            raise InputError(f"value {rec['value']} {rec['unit']} is outside 0-"
                             f"{MAX_GRID_FACTOR:g}", at("value"),
                             "a grid factor in kg CO2/kWh (0.5366, not 536.6 g/kWh)")
        key = (rec["scope"], rec["area"], year)
        if key in seen:
            raise InputError(f"{rec['scope']} {rec['area']} {year} is given twice (lines "
                             f"{seen[key]} and {line})", at("area"),
                             "each scope, area and year once")
        seen[key] = line
        rows.append({"scope": rec["scope"], "area": rec["area"], "year": year, "value": value,
                     "source": rec["source"], "line": line})
    return pd.DataFrame(rows, columns=["scope", "area", "year", "value", "source", "line"])


def read_grid_factors(item, project) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The input reader ``table: grid_factors``: ``grid_EF`` parameters of the regions whose
    ``options.energy.grid_factor`` pick is in the file."""
    table = _table(item.path)
    choice = dict((project.options.get("energy") or {}).get("grid_factor") or {})
    years = set(project.years)
    recs = []
    for region in project.region_codes:
        pick = choice.get(region, choice.get("*"))
        if not pick:
            continue
        scope, _, area = str(pick).partition(":")
        hit = table[(table["scope"] == scope) & (table["area"] == area)
                    & table["year"].isin(years)]
        for r in hit.itertuples():
            ref = f"{item.path.name}!line {r.line}"
            recs.append({
                "parameter": "grid_EF", "category": "*", "activity": "electricity",
                "gas": "CO2", "region": region, "year_from": r.year, "year_to": r.year,
                "value": r.value, "unit": "t/MWh", "lower": float("nan"),
                "upper": float("nan"), "distribution": None,
                "source": f"{r.source} ({scope} {area} {r.year}; {ref})", "layer": "national",
                "parameter_id": f"grid_factors:{item.path.name}:{r.line}:{region}",
                "source_ref": ref})
    if not recs:
        return schema.empty("activity"), schema.empty("parameters")
    par = pd.DataFrame(recs)
    par["year_from"] = par["year_from"].astype("int64")
    par["year_to"] = par["year_to"].astype("int64")
    return schema.empty("activity"), schema.ensure_valid(par, "parameters")


register_input_reader(InputReader(
    "grid_factors", read_grid_factors,
    "published grid emission factors (MEE/NBS format: scope, area, year, value, unit, source) "
    "given by the project: grid_EF of the regions picked by options.energy.grid_factor "
    "(sectors/energy/grid_input.py)", sector="energy"))
