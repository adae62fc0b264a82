"""The timely-accounts project (``timely.yml``) and its input workbook: socio-economic drivers,
monthly proxies, electricity consumption, grid factors, targets, scenarios (docs/timely.md
"Inputs"). Every sheet is long (one value per row); bad input stops with one message naming
file, sheet, row and column, as the inventory's intake does.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.config import load_yaml_strict
from inventory.errors import InputError, Location
from inventory.labels import LANGUAGES
from inventory.paths import check_path_part

__all__ = ["TimelyProject", "load_project", "SHEETS", "read_sheet", "read_inputs",
           "electricity_mwh", "drivers_table"]

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Col:
    name: str
    kind: str                    # str | int | float
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None


TARGETS = ("intensity_reduction", "cap", "peak")
ELEC_UNITS = {"MWh": 1.0, "kWh": 1e-3, "10^4 kWh": 10.0, "10^8 kWh": 1e5, "GWh": 1e3}
SHEETS: dict[str, tuple[Col, ...]] = {
    "drivers": (Col("region", "str"), Col("year", "int"),
                Col("gdp", "float", False, minimum=0), Col("gdp_current", "float", False,
                                                           minimum=0),
                Col("gdp_index", "float", False, minimum=0),
                Col("population", "float", minimum=0), Col("energy", "float", False, minimum=0)),
    "proxies": (Col("region", "str"), Col("indicator", "str"), Col("year", "int"),
                Col("month", "int", minimum=1), Col("value", "float", minimum=0),
                Col("unit", "str", False)),
    "electricity": (Col("region", "str"), Col("sector", "str"), Col("year", "int"),
                    Col("month", "int", minimum=1), Col("day", "int", False, minimum=1),
                    Col("value", "float", minimum=0),
                    Col("unit", "str", choices=tuple(ELEC_UNITS))),
    "grid_factors": (Col("region", "str"), Col("year", "int"), Col("value", "float", minimum=0),
                     Col("unit", "str", choices=("t/MWh", "kg/kWh")), Col("source", "str")),
    "targets": (Col("region", "str"), Col("target", "str", choices=TARGETS),
                Col("base_year", "int", False), Col("target_year", "int"),
                Col("value", "float", False), Col("base_value", "float", False, minimum=0),
                Col("note", "str", False)),
    "scenarios": (Col("region", "str"), Col("scenario", "str"), Col("from_year", "int"),
                  Col("to_year", "int"), Col("population", "float"),
                  Col("gdp_per_capita", "float"), Col("energy_intensity", "float"),
                  Col("carbon_intensity", "float")),
    "proxy_map": (Col("sector", "str"), Col("fuel", "str"), Col("indicator", "str"),
                  Col("elasticity", "float", False)),
}
KEYS = {"name", "synthetic", "language", "base_year", "inventories", "nation", "workbook",
        "grid_factor", "horizon", "status", "region_names"}

@dataclass(frozen=True)
class Inventory:
    project: Path | None = None
    run: Path | None = None


@dataclass(frozen=True)
class TimelyProject:
    root: Path
    name: str
    workbook: Path
    inventories: tuple[Inventory, ...]
    base_year: int
    nation: str = "NATION"
    nation_given: bool = False
    language: str = "en"
    synthetic: bool = False
    horizon: int = 2035
    green_max: float = 0.0
    amber_max: float = 1.0
    grid_factor: dict = field(default_factory=dict, compare=False)
    region_names: dict = field(default_factory=dict, compare=False)
    config: dict = field(default_factory=dict, compare=False)

    @property
    def config_path(self) -> Path:
        return self.root / "timely.yml"


def _need(cfg: dict, key: str, where: str, expected: str):
    if key not in cfg:
        raise InputError(f"missing key '{key}'", where, expected)
    return cfg[key]


def load_project(root: Path | str) -> TimelyProject:
    """Read ``<root>/timely.yml`` (keys in docs/timely.md)."""
    root = Path(root)
    path = root / "timely.yml"
    if not path.is_file():
        raise InputError("timely.yml not found", str(path),
                         "a timely-accounts project folder (docs/timely.md)")
    cfg = load_yaml_strict(path) or {}
    where = str(path)
    if not isinstance(cfg, dict):
        raise InputError("not a mapping of keys", where, "the keys of docs/timely.md")
    unknown = sorted(set(map(str, cfg)) - KEYS)
    if unknown:
        near = difflib.get_close_matches(unknown[0], sorted(KEYS), n=1)
        raise InputError(f"unknown key '{unknown[0]}'" + (f" (did you mean '{near[0]}'?)"
                                                          if near else ""), where,
                         ", ".join(sorted(KEYS)))
    check_path_part(str(_need(cfg, "name", where, "a folder-safe project name")), "name",
                    f"{where}, key 'name'")
    invs = []
    for i, item in enumerate(_need(cfg, "inventories", where, "a list of {project: <folder>} "
                                   "or {run: <run folder>}")):
        if not isinstance(item, dict) or not ({"project", "run"} & set(item)):
            raise InputError(f"inventories item {i + 1}: {item!r}", where,
                             "{project: <inventory project folder>} or {run: <run folder>}")
        invs.append(Inventory(project=(root / item["project"]) if "project" in item else None,
                              run=(root / item["run"]) if "run" in item else None))
    lang = str(cfg.get("language", "en"))
    if lang not in LANGUAGES:
        raise InputError(f"language '{lang}'", where, " | ".join(LANGUAGES))
    status = cfg.get("status", {}) or {}
    green, amber = float(status.get("green_max", 0.0)), float(status.get("amber_max", 1.0))
    if amber < green:
        raise InputError(f"status thresholds green_max {green} > amber_max {amber}", where,
                         "green_max <= amber_max [percentage points per year]")
    return TimelyProject(
        root=root, name=str(_need(cfg, "name", where, "a folder-safe project name")),
        workbook=root / str(_need(cfg, "workbook", where, "the input workbook, e.g. "
                                  "data/timely_inputs.xlsx")),
        inventories=tuple(invs), base_year=int(_need(cfg, "base_year", where,
                                                     "the constant-price base year")),
        nation=str(cfg.get("nation", "NATION")), nation_given="nation" in cfg,
        language=lang, synthetic=bool(cfg.get("synthetic", False)),
        horizon=int(cfg.get("horizon", 2035)), green_max=green, amber_max=amber,
        grid_factor=dict(cfg.get("grid_factor", {}) or {}),
        region_names=dict(cfg.get("region_names", {}) or {}), config=cfg)


def _convert(series: pd.Series, col: Col, file: str, sheet: str) -> pd.Series:
    def fail(i, problem, expected):
        raise InputError(problem, Location(file, sheet, int(i) + 2, col.name), expected)

    s = series
    blank = s.isna() | s.astype(str).str.strip().eq("")
    if col.required and blank.any():
        fail(blank.idxmax(), "empty cell", f"a {col.kind} value")
    if col.kind == "str":
        out = s.where(blank, s.astype(str).str.strip())
        if col.choices:
            bad = ~blank & ~out.isin(col.choices)
            if bad.any():
                fail(bad.idxmax(), f"'{out[bad.idxmax()]}'", " | ".join(col.choices))
        return out
    num = pd.to_numeric(s.where(~blank), errors="coerce")
    bad = ~blank & num.isna()
    if bad.any():
        fail(bad.idxmax(), f"text '{s[bad.idxmax()]}' in a numeric cell", "a number")
    if col.kind == "int":
        frac = num.notna() & (num != np.floor(num.fillna(0)))
        if frac.any():
            fail(frac.idxmax(), f"'{s[frac.idxmax()]}' is not a whole number", "a year/month")
    if col.minimum is not None:
        low = num.notna() & (num < col.minimum)
        if low.any():
            fail(low.idxmax(), f"{num[low.idxmax()]} below {col.minimum}",
                 f"a number >= {col.minimum}")
    return num


def read_sheet(path: Path, sheet: str, required: bool = True) -> pd.DataFrame | None:
    """One sheet of the workbook, checked against :data:`SHEETS` (missing optional sheet:
    None)."""
    spec = SHEETS[sheet]
    if not path.is_file():
        raise InputError("input workbook not found", str(path), "the workbook named in "
                         "timely.yml")
    try:
        raw = pd.read_excel(path, sheet_name=sheet, dtype=object)
    except ValueError as exc:
        if "not found" in str(exc) or "Worksheet" in str(exc):
            if required:
                raise InputError(f"no sheet '{sheet}'", str(path.name),
                                 f"a sheet '{sheet}' with columns "
                                 f"{', '.join(c.name for c in spec)}") from exc
            return None
        raise
    raw.columns = [str(c).strip() for c in raw.columns]
    known = {c.name for c in spec}
    for i, c in enumerate(raw.columns):
        if c not in known and not c.startswith("Unnamed"):
            raise InputError(f"unknown column '{c}'", Location(path.name, sheet, 1,
                                                              chr(65 + i) if i < 26 else c),
                             ", ".join(known))
    for c in spec:
        if c.required and c.name not in raw.columns:
            raise InputError(f"missing column '{c.name}'", Location(path.name, sheet, 1),
                             ", ".join(x.name for x in spec))
    raw = raw.dropna(how="all")
    out = pd.DataFrame(index=raw.index)
    for c in spec:
        if c.name in raw.columns:
            out[c.name] = _convert(raw[c.name], c, path.name, sheet)
            if c.kind == "int" and c.required:
                out[c.name] = out[c.name].astype(int)
        else:
            out[c.name] = np.nan
    out["source_row"] = raw.index + 2
    return out.reset_index(drop=True)


def _check_month(df: pd.DataFrame, file: str, sheet: str) -> None:
    bad = df["month"] > 12
    if bad.any():
        i = int(bad.idxmax())
        raise InputError(f"month {int(df.loc[i, 'month'])}",
                         Location(file, sheet, int(df.loc[i, "source_row"]), "month"), "1-12")


def _check_duplicates(df: pd.DataFrame, keys: list[str], file: str, sheet: str) -> None:
    dup = df.duplicated(keys, keep="first")
    if dup.any():
        i = int(dup.idxmax())
        raise InputError(f"the same {', '.join(keys)} given twice ("
                         + ", ".join(str(df.loc[i, k]) for k in keys) + ")",
                         Location(file, sheet, int(df.loc[i, "source_row"])), "one row each")


def drivers_table(d: pd.DataFrame, base_year: int, file: str) -> pd.DataFrame:
    """GDP at constant prices per region and year: the ``gdp`` column, else built from
    ``gdp_current`` of the base year and ``gdp_index`` (previous year = 100) (Eq. A2)."""
    from timely.account import constant_price_gdp

    d = d.copy()
    for region, g in d.groupby("region"):
        if g["gdp"].notna().all():
            continue
        g = g.sort_values("year")
        base = g[g["year"] == base_year]
        if base.empty or pd.isna(base["gdp_current"].iloc[0]):
            raise InputError(f"region {region}: no gdp and no gdp_current of the base year "
                             f"{base_year}", Location(file, "drivers"),
                             "gdp (constant prices) per year, or gdp_current of the base year "
                             "and gdp_index (previous year = 100) for the later years")
        later = g[g["year"] >= base_year]
        miss = later["gdp_index"].isna() & (later["year"] > base_year)
        if miss.any():
            i = miss.idxmax()
            raise InputError("empty cell", Location(file, "drivers", int(d.loc[i, "source_row"]),
                                                    "gdp_index"),
                             "the real GDP index (previous year = 100)")
        gdp = constant_price_gdp(float(base["gdp_current"].iloc[0]),
                                 later.set_index("year")["gdp_index"])
        d.loc[later.index, "gdp"] = later["year"].map(gdp).to_numpy()
    return d


def electricity_mwh(e: pd.DataFrame) -> pd.DataFrame:
    """The electricity sheet with its value in MWh (``mwh``)."""
    e = e.copy()
    e["mwh"] = e["value"] * e["unit"].map(ELEC_UNITS)
    return e


def read_inputs(project: TimelyProject, sheets: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """The sheets a report needs (``drivers`` and ``targets``... ), checked; optional sheets
    (``grid_factors``, ``proxy_map``) are None when absent."""
    from timely.electricity import END_USE_SECTORS

    path, file = project.workbook, project.workbook.name
    out: dict[str, pd.DataFrame | None] = {}
    for s in sheets:
        df = read_sheet(path, s, required=s not in ("grid_factors", "proxy_map"))
        out[s] = df
        if df is None:
            continue
        if "month" in df:
            _check_month(df, file, s)
        if s == "drivers":
            _check_duplicates(df, ["region", "year"], file, s)
            out[s] = drivers_table(df, project.base_year, file)
        if s == "proxies":
            _check_duplicates(df, ["region", "indicator", "year", "month"], file, s)
        if s == "electricity":
            keys = ["region", "sector", "year", "month"] + (["day"] if df["day"].notna().any()
                                                            else [])
            _check_duplicates(df, keys, file, s)
            bad = ~df["sector"].isin(END_USE_SECTORS)
            if bad.any():
                i = int(bad.idxmax())
                raise InputError(f"sector '{df.loc[i, 'sector']}'",
                                 Location(file, s, int(df.loc[i, "source_row"]), "sector"),
                                 " | ".join(END_USE_SECTORS))
            out[s] = electricity_mwh(df)
        if s == "targets":
            need_base = df["target"].eq("intensity_reduction") & df["base_year"].isna()
            need_val = df["target"].isin(("intensity_reduction", "cap")) & df["value"].isna()
            for mask, col in ((need_base, "base_year"), (need_val, "value")):
                if mask.any():
                    i = int(mask.idxmax())
                    raise InputError("empty cell", Location(file, s, int(df.loc[i, "source_row"]),
                                                            col),
                                     "the plan's base year and the reduction [%] or cap [kt]")
    return out
