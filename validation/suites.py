"""Great Expectations suites for the ``activity`` and ``parameters`` tables.

The suites are built from the table contract (:mod:`inventory.schema`) in two parts:

* **structure** (:func:`static_suite`): what holds for every project: columns exist, column
  types, required cells filled, activity values >= 0, notation keys known, exactly one of value /
  notation key, layer known, year_from <= year_to, lower <= value <= upper, one row per key.
  It is saved as JSON in ``validation/suites/<table>.json`` (GX ExpectationSuite format without
  ids) by ``python -m validation.suites --write``; a test checks the files equal what
  :func:`static_suite` builds, so they cannot drift.
* **project expectations** (:func:`project_expectations`): added at run time from the project:
  regions, the inventory year range, the IPCC 2006 category codes and the units pint accepts.

Suites are plain dicts here (``{"name", "expectations": [{"type", "kwargs", "meta"}], "meta"}``)
so that building and comparing them does not import great_expectations (10-20 s);
:func:`to_gx_suite` turns one into a ``gx.ExpectationSuite`` and imports GX lazily.

Every expectation's ``meta`` carries ``column`` (the column(s) a finding is about) and
``expected`` (plain words for the error message).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from inventory import schema
from inventory.notation import NotationKey

__all__ = [
    "TABLES",
    "KEYS",
    "PARAMETER_YEARS",
    "SUITE_DIR",
    "static_suite",
    "project_expectations",
    "build_suite",
    "parseable_units",
    "known_categories",
    "saved_suite",
    "write_suites",
    "to_gx_suite",
]

TABLES = ("activity", "parameters")
KEYS = {
    "activity": ("region", "year", "category", "activity"),
    "parameters": ("parameter", "category", "activity", "gas", "region", "year_from", "layer"),
}
PARAMETER_YEARS = (1900, 2100)  # = inventory.factors.ALL_YEARS, the span of a default factor
SUITE_DIR = Path(__file__).resolve().parent / "suites"
ANY = "*"  # parameters: applies to any region / category

# contract dtype -> the ``type_`` of expect_column_values_to_be_of_type. GX compares the scalar
# type of the pandas dtype, so 'str' accepts pandas' str/string dtypes and object columns of
# str values; 'int64' accepts int64 and Int64; 'float64' accepts float64 and Float64.
# Notation keys (categorical or text) are checked by their value set instead.
_GX_TYPE = {"str": "str", "int": "int64", "float": "float64", "bool": "bool"}
_KEYS_TEXT = ", ".join(k.value for k in NotationKey)


def _exp(kind: str, about: str, expected: str, **kwargs: Any) -> dict:
    """One expectation; ``about`` = the column(s) a finding names, ``expected`` in words."""
    return {"type": kind, "kwargs": kwargs, "meta": {"column": about, "expected": expected}}


def _columns(table: str) -> tuple[schema.Column, ...]:
    if table not in TABLES:
        raise ValueError(f"no suite for table '{table}' (known: {', '.join(TABLES)})")
    return schema.TABLES[table]


def _structure(table: str) -> list[dict]:
    cols = _columns(table)
    out: list[dict] = []
    # 1. columns exist: required ones always; optional ones that expectations below use are
    #    added (empty) by validation.run when missing
    for c in cols:
        if c.required:
            out.append(_exp("expect_column_to_exist", c.name, "the column to be present",
                            column=c.name))
    # 2. types: required columns and numeric optional ones (an empty optional text column reads
    #    as float from Excel, so free-text columns get no type check)
    for c in cols:
        if c.dtype in _GX_TYPE and (c.required or c.dtype != "str"):
            out.append(_exp("expect_column_values_to_be_of_type", c.name,
                            f"{c.dtype} values", column=c.name, type_=_GX_TYPE[c.dtype]))
    # 3. required cells filled
    for c in cols:
        if c.required and c.dtype != "bool":
            out.append(_exp("expect_column_values_to_not_be_null", c.name, "a value",
                            column=c.name))
    if table == "activity":
        out += [
            _exp("expect_column_values_to_be_between", "value", "a value >= 0",
                 column="value", min_value=0),
            _exp("expect_column_values_to_be_in_set", "notation_key", _KEYS_TEXT,
                 column="notation_key", value_set=[k.value for k in NotationKey]),
            # a notation key other than C (confidential keeps its number) means no number
            _exp("expect_column_values_to_be_null", "value",
                 "an empty value where a notation key NO, NE, NA or IE is given",
                 column="value",
                 row_condition={"type": "comparison", "column": {"name": "notation_key"},
                                "operator": "IN",
                                "parameter": [k.value for k in NotationKey if k != "C"]}),
            _exp("expect_column_values_to_not_be_null", "value",
                 f"a number or one of the notation keys {_KEYS_TEXT}",
                 column="value",
                 row_condition={"type": "nullity", "column": {"name": "notation_key"},
                                "is_null": True}),
        ]
    else:
        out += [
            _exp("expect_column_values_to_be_in_set", "layer", " < ".join(schema.LAYERS),
                 column="layer", value_set=list(schema.LAYERS)),
            _exp("expect_column_values_to_be_in_set", "distribution",
                 ", ".join(schema.DISTRIBUTIONS) + " or empty",
                 column="distribution", value_set=[*schema.DISTRIBUTIONS, ""]),
            _exp("expect_column_values_to_be_between", "year_from",
                 f"a year in {PARAMETER_YEARS[0]}-{PARAMETER_YEARS[1]}", column="year_from",
                 min_value=PARAMETER_YEARS[0], max_value=PARAMETER_YEARS[1]),
            _exp("expect_column_values_to_be_between", "year_to",
                 f"a year in {PARAMETER_YEARS[0]}-{PARAMETER_YEARS[1]}", column="year_to",
                 min_value=PARAMETER_YEARS[0], max_value=PARAMETER_YEARS[1]),
            _exp("expect_column_pair_values_a_to_be_greater_than_b", "year_from,year_to",
                 "year_from <= year_to", column_A="year_to", column_B="year_from",
                 or_equal=True),
            _exp("expect_column_pair_values_a_to_be_greater_than_b", "lower,value",
                 "lower <= value where lower is given", column_A="value", column_B="lower",
                 or_equal=True, ignore_row_if="either_value_is_missing"),
            _exp("expect_column_pair_values_a_to_be_greater_than_b", "value,upper",
                 "value <= upper where upper is given", column_A="upper", column_B="value",
                 or_equal=True, ignore_row_if="either_value_is_missing"),
        ]
    keys = list(KEYS[table])
    out.append(_exp("expect_compound_columns_to_be_unique", ",".join(keys),
                    f"one row per {'/'.join(keys)}", column_list=keys))
    return out


def static_suite(table: str) -> dict:
    """The project-independent suite of ``table`` (= ``validation/suites/<table>.json``)."""
    return {
        "name": table,
        "expectations": _structure(table),
        "meta": {"contract": "inventory.schema", "part": "structure; project expectations "
                 "(regions, years, categories, units) are added at run time"},
    }


def known_categories() -> list[str]:
    """The IPCC 2006 category codes (climate_categories IPCC2006), sorted."""
    from inventory.categories import _ipcc_codes

    return sorted(_ipcc_codes())


def parseable_units(units: Iterable[object]) -> list[str]:
    """The distinct units among ``units`` that :func:`inventory.units.parse_unit` accepts.

    Used as the value set of the unit expectation: a row whose unit is not in it is named.
    """
    from inventory.units import parse_unit

    ok = []
    for u in sorted({u for u in units if isinstance(u, str)}):
        try:
            parse_unit(u)
        except ValueError:
            continue
        ok.append(u)
    return ok


def project_expectations(table: str, *, regions: Iterable[str], first_year: int,
                         last_year: int, units: Iterable[str],
                         categories: Iterable[str] | None = None) -> list[dict]:
    """Expectations that depend on the project: regions, years, categories, units.

    ``units`` is the set of accepted unit strings (see :func:`parseable_units`); ``categories``
    defaults to the IPCC 2006 codes.
    """
    _columns(table)
    regions = sorted(set(regions))
    cats = sorted(set(categories if categories is not None else known_categories()))
    units = sorted(set(units))
    if first_year > last_year:
        raise ValueError(f"first_year {first_year} after last_year {last_year}")
    anyv = [] if table == "activity" else [ANY]
    anyt = "" if table == "activity" else " or '*'"
    out = [
        _exp("expect_column_values_to_be_in_set", "region",
             f"a region of the project ({', '.join(regions[:10])}"
             f"{' ...' if len(regions) > 10 else ''}){anyt}",
             column="region", value_set=[*anyv, *regions]),
        _exp("expect_column_values_to_be_in_set", "category",
             f"an IPCC 2006 category code such as 1.A.1.a{anyt}",
             column="category", value_set=[*anyv, *cats]),
        _exp("expect_column_values_to_be_in_set", "unit",
             "a unit pint understands (TJ, GJ, PJ, tce, toe, t, kt, Mt, kg, m3, Mm3, head, ha, "
             "kg/TJ ...)", column="unit", value_set=units),
    ]
    if table == "activity":
        out.insert(0, _exp("expect_column_values_to_be_between", "year",
                           f"an inventory year in {first_year}-{last_year}", column="year",
                           min_value=int(first_year), max_value=int(last_year)))
    return out


def build_suite(table: str, *, regions: Iterable[str], first_year: int, last_year: int,
                units: Iterable[str], categories: Iterable[str] | None = None,
                structure: dict | None = None) -> dict:
    """Full suite of ``table``: the saved structure (or :func:`static_suite`) + the project's."""
    base = structure if structure is not None else static_suite(table)
    return {
        "name": base["name"],
        "expectations": [*base["expectations"],
                         *project_expectations(table, regions=regions, first_year=first_year,
                                               last_year=last_year, units=units,
                                               categories=categories)],
        "meta": dict(base.get("meta", {})),
    }


def _path(table: str, suite_dir: Path | None = None) -> Path:
    return (suite_dir or SUITE_DIR) / f"{table}.json"


def _dumps(suite: dict) -> str:
    return json.dumps(suite, indent=2, ensure_ascii=False) + "\n"


def saved_suite(table: str, suite_dir: Path | None = None) -> dict:
    """The structure suite saved in ``validation/suites/<table>.json``."""
    _columns(table)
    return json.loads(_path(table, suite_dir).read_text(encoding="utf-8"))


def write_suites(suite_dir: Path | None = None) -> list[Path]:
    """(Re)write ``validation/suites/<table>.json`` from :func:`static_suite` (atomically)."""
    from inventory.atomic import atomic_path

    written = []
    for table in TABLES:
        target = _path(table, suite_dir)
        with atomic_path(target) as tmp:
            tmp.write_text(_dumps(static_suite(table)), encoding="utf-8")
        written.append(target)
    return written


def to_gx_suite(suite: dict):
    """A ``great_expectations.ExpectationSuite`` from a suite dict (imports GX: seconds)."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    expectations = [ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"],
                                             meta=e.get("meta")).to_domain_obj()
                    for e in suite["expectations"]]
    return gx.ExpectationSuite(name=suite["name"], expectations=expectations,
                               meta=suite.get("meta"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m validation.suites",
                                description="Write or check validation/suites/*.json")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", action="store_true", help="rewrite the JSON suites")
    g.add_argument("--check", action="store_true", help="fail if the JSON suites are stale")
    args = p.parse_args(argv)
    if args.write:
        for path in write_suites():
            print(f"wrote {path}")
        return 0
    stale = [t for t in TABLES
             if not _path(t).exists() or saved_suite(t) != static_suite(t)]
    for t in stale:
        print(f"{_path(t)} is stale: run python -m validation.suites --write", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
