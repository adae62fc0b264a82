"""Read a project's inputs into the activity and parameters tables.

Every row keeps where it came from: ``activity_id`` (compact, ``file!sheet!H12``) and
``source_ref`` (``file demo.xlsx, sheet 'Energy', row 12, column 'H' (2007)``), so every later
check and every emission row can point back at the cell the compiler typed. Input files are only
read, never written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from inventory import schema
from inventory.categories import ensure_known_categories, to_crt
from inventory.errors import InputError, Location
from inventory.io.input_readers import input_readers, parameter_sources
from inventory.io.sheets import (
    ID_COLUMNS,
    PARAMETER_COLUMNS,
    PARAMETERS_SHEET,
    data_sheets,
    sheet_for_category,
)
from inventory.notation import NOTATION_DTYPE, NotationKey
from inventory.project import Project
from inventory.units import to_canonical

__all__ = ["read_inputs", "read_template_workbook", "read_activity_csv",
           "read_parameters_csv", "InputRecord", "file_sha256"]

_KEYS = {k.value for k in NotationKey}


@dataclass(frozen=True)
class InputRecord:
    path: str
    sha256: str
    bytes: int


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_inputs(project: Project) -> tuple[pd.DataFrame, pd.DataFrame, list[InputRecord]]:
    """All inputs of a project: (activity, parameters, records with hashes)."""
    acts, pars, records = [], [], []
    for item in project.inputs:
        path = item.path
        if not path.exists():
            raise InputError("input file not found", str(path),
                             "the file named under 'inputs' in inventory.yml")
        records.append(InputRecord(str(path.relative_to(project.root)), file_sha256(path),
                                   path.stat().st_size))
        if item.table not in (None, "activity", "parameters"):
            a, p = _registered_reader(item.table).read(item, project)
            acts.append(a)
            pars.append(p)
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            a, p = read_template_workbook(path, project)
            acts.append(a)
            pars.append(p)
        elif item.table == "parameters":
            pars.append(read_parameters_csv(path))
        else:
            acts.append(read_activity_csv(path, project))
    activity = pd.concat(acts, ignore_index=True) if acts else schema.empty("activity")
    pars += [src.build(project, activity) for src in parameter_sources()]
    pars = [p for p in pars if p is not None and len(p)]
    parameters = pd.concat(pars, ignore_index=True) if pars else schema.empty("parameters")
    schema.ensure_valid(activity, "activity")
    schema.ensure_valid(parameters, "parameters")
    return activity, parameters, records


def _registered_reader(name: str):
    """The input reader registered for ``table: <name>`` (inventory.io.input_readers)."""
    readers = input_readers()
    if name not in readers:
        raise InputError(f"no input reader for table '{name}'", "inventory.yml, key 'inputs'",
                         f"activity, parameters or one of {sorted(readers)}")
    return readers[name]


# ---------------------------------------------------------------- Excel template workbook
def read_template_workbook(path: Path, project: Project) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The data sheets and the Parameters sheet of a template workbook.

    Every sheet is optional (a project without a sector leaves its sheet out, and a workbook
    made before a sector was added stays valid); a sheet that is not a template sheet is an
    error, so a renamed or misspelt sheet is never silently skipped."""
    sheets = {s.name: s for s in data_sheets()}
    expected = [*sheets, PARAMETERS_SHEET]
    try:
        # keep_default_na off: pandas would read the notation key 'NA' (and 'N/A', 'NULL')
        # as an empty cell
        book = pd.read_excel(path, sheet_name=None, dtype=object, header=None,
                             engine="openpyxl", keep_default_na=False, na_values=[""])
    except Exception as exc:
        raise InputError(f"cannot be read as an Excel workbook ({exc})", str(path),
                         "an .xlsx file made from 'ghgi template'") from None
    found = list(book)
    extra = [s for s in found if s not in expected and s not in ("README", "Lists")]
    if extra:
        import difflib

        close = difflib.get_close_matches(extra[0], expected, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise InputError(f"sheet '{extra[0]}' is not a sheet of the template (sheets in the "
                         f"file: {found}){hint}", Location(path.name, sheet=extra[0]),
                         f"only the template sheets {expected} (make a fresh one with "
                         "'ghgi template')")
    acts = [_read_wide(book[name], path.name, name, project) for name in sheets
            if name in book]
    params = (_parameters_from_frame(book[PARAMETERS_SHEET], path.name, PARAMETERS_SHEET)
              if PARAMETERS_SHEET in book else schema.empty("parameters"))
    activity = pd.concat(acts, ignore_index=True) if acts else schema.empty("activity")
    return activity, params


def _header(raw: pd.DataFrame, file: str, sheet: str | None, required: tuple[str, ...],
            ) -> list[str]:
    if raw.empty:
        raise InputError("the sheet is empty", Location(file, sheet, 1),
                         f"a header row with {list(required)}")
    header = [str(h).strip() if pd.notna(h) else "" for h in raw.iloc[0].tolist()]
    for col in required:
        if col not in header:
            raise InputError(f"column '{col}' is missing from the header row",
                             Location(file, sheet, 1), f"the columns {list(required)}")
    return header


def _year_of(label: str) -> int | None:
    t = label.strip()
    if t.endswith(".0"):
        t = t[:-2]
    return int(t) if t.isdigit() and len(t) == 4 else None


def _read_wide(raw: pd.DataFrame, file: str, sheet: str | None, project: Project,
               ) -> pd.DataFrame:
    """Wide data sheet (years as columns) -> long activity rows."""
    header = _header(raw, file, sheet, ID_COLUMNS)
    year_cols = {i: _year_of(h) for i, h in enumerate(header) if _year_of(h) is not None}
    for y in project.years:
        if y not in year_cols.values():
            raise InputError(f"no column for inventory year {y}", Location(file, sheet, 1),
                             f"one column per year {project.first_year}-{project.last_year}")
    data = raw.iloc[1:]
    data = data[~data.isna().all(axis=1)]  # fully blank rows are ignored
    excel_rows = data.index.to_numpy() + 1
    ids = {c: data.iloc[:, header.index(c)] for c in ID_COLUMNS}
    for col in ("region", "category", "activity", "unit"):
        blank = ids[col].isna().to_numpy()
        if blank.any():
            raise InputError(f"empty '{col}' cell", Location(
                file, sheet, int(excel_rows[blank][0]),
                f"{get_column_letter(header.index(col) + 1)} ({col})"), f"a {col}")
    regions = ids["region"].astype(str).str.strip()
    bad_region = ~regions.isin(project.region_codes)
    if bad_region.any():
        i = bad_region.to_numpy().nonzero()[0][0]
        raise InputError(f"unknown region '{regions.iloc[i]}'", Location(
            file, sheet, int(excel_rows[i]), f"{get_column_letter(header.index('region') + 1)}"
            " (region)"), f"one of the regions in inventory.yml {project.region_codes}")
    frames = []
    for pos, year in year_cols.items():
        if year < project.first_year or year > project.last_year:
            continue
        letter = get_column_letter(pos + 1)
        value, key = _parse_cells(data.iloc[:, pos], file, sheet, excel_rows, letter, year)
        frames.append(pd.DataFrame({
            "region": regions.to_numpy(), "year": year,
            "category": ids["category"].astype(str).str.strip().to_numpy(),
            "activity": ids["activity"].astype(str).str.strip().to_numpy(),
            "value": value, "unit": ids["unit"].astype(str).str.strip().to_numpy(),
            "notation_key": key,
            "source": ids["source"].to_numpy(), "note": ids["note"].to_numpy(),
            "activity_id": [f"{file}!{sheet}!{letter}{r}" for r in excel_rows],
            "source_ref": [f"{Location(file, sheet, int(r), f'{letter} ({year})')}"
                           for r in excel_rows],
        }))
    long = pd.concat(frames, ignore_index=True)
    return _finish_activity(long, file, sheet)


def _parse_cells(col: pd.Series, file, sheet, excel_rows, letter, year):
    """Cells -> (float values, notation keys); text that is neither is an error."""
    s = col.to_numpy(dtype=object)
    value = pd.to_numeric(pd.Series(s), errors="coerce").to_numpy(dtype=float)
    is_text = np.array([isinstance(x, str) for x in s], dtype=bool)
    text = np.array([x.strip().upper().replace("N/A", "NA") if isinstance(x, str) else ""
                     for x in s], dtype=object)
    key = np.where(np.isin(text, list(_KEYS)), text, None).astype(object)
    # numbers typed as text ("1 234.5") are accepted; anything else textual is an error
    bad_text = is_text & (key == None) & np.isnan(value)  # noqa: E711
    blank = np.array([x is None or (isinstance(x, float) and np.isnan(x))
                      or (isinstance(x, str) and not x.strip()) for x in s], dtype=bool)
    for mask, problem in ((bad_text, "text '{v}' in a numeric cell"),
                          (blank, "empty cell")):
        if mask.any():
            i = mask.nonzero()[0][0]
            raise InputError(problem.format(v=s[i]),
                             Location(file, sheet, int(excel_rows[i]), f"{letter} ({year})"),
                             "a number >= 0 or a notation key NO, NE, NA, IE, C")
    value = np.where(key != None, np.nan, value)  # noqa: E711
    return value, key


def _finish_activity(long: pd.DataFrame, file: str, sheet: str | None) -> pd.DataFrame:
    ensure_known_categories(long["category"], long["source_ref"])
    to_crt(long["category"], long["source_ref"])  # reportable: a CRT row exists for it
    if sheet is not None:
        wrong = long["category"].map(lambda c: getattr(sheet_for_category(c), "name", None))
        off = wrong != sheet
        if off.any():
            first = long[off].iloc[0]
            raise InputError(f"category {first['category']} does not belong on this sheet",
                             first["source_ref"], f"a category of sheet '{sheet}'")
    long["value"], long["unit"] = to_canonical(long["value"], long["unit"], long["source_ref"])
    long["notation_key"] = pd.Categorical(long["notation_key"], dtype=NOTATION_DTYPE)
    long["year"] = long["year"].astype("int64")
    return schema.ensure_valid(long, "activity")


# ---------------------------------------------------------------- CSV
def _read_csv_raw(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, header=None, dtype=object, keep_default_na=False,
                           na_values=[""], comment=None)
    except Exception as exc:
        raise InputError(f"cannot be read as CSV ({exc})", str(path)) from None


def read_activity_csv(path: Path, project: Project) -> pd.DataFrame:
    """Activity CSV, either wide (the template sheet's columns) or long (a 'year' column)."""
    raw = _read_csv_raw(path)
    header = [str(h).strip() for h in raw.iloc[0].tolist()] if len(raw) else []
    if "year" not in header:
        return _read_wide(raw, path.name, None, project)
    required = ("region", "year", "category", "activity", "value", "unit")
    header = _header(raw, path.name, None, required)
    data = raw.iloc[1:].reset_index(drop=True)
    data.columns = header
    lines = np.arange(len(data)) + 2
    years = pd.to_numeric(data["year"], errors="coerce")
    if years.isna().any():
        i = years.isna().to_numpy().nonzero()[0][0]
        raise InputError(f"year '{data['year'].iloc[i]}' is not a year",
                         Location(path.name, None, int(lines[i]), "year"), "a 4-digit year")
    value, key = _parse_cells(data["value"], path.name, None, lines, "value", "")
    if "notation_key" in data:
        given = data["notation_key"].fillna("").astype(str).str.strip().str.upper()
        key = np.where(given != "", given, key)
    long = pd.DataFrame({
        "region": data["region"].astype(str).str.strip(), "year": years.astype("int64"),
        "category": data["category"].astype(str).str.strip(),
        "activity": data["activity"].astype(str).str.strip(), "value": value,
        "unit": data["unit"].astype(str).str.strip(), "notation_key": key,
        "source": data.get("source"), "note": data.get("note"),
        "activity_id": [f"{path.name}!{n}" for n in lines],
        "source_ref": [str(Location(path.name, None, int(n))) for n in lines],
    })
    outside = ~long["year"].between(project.first_year, project.last_year)
    long = long[~outside].reset_index(drop=True)
    return _finish_activity(long, path.name, None)


def _parameters_from_frame(raw: pd.DataFrame, file: str, sheet: str | None) -> pd.DataFrame:
    required = tuple(c for c in PARAMETER_COLUMNS if c not in ("lower", "upper",
                                                               "distribution", "note"))
    header = _header(raw, file, sheet, required)
    data = raw.iloc[1:]
    data = data[~data.isna().all(axis=1)]
    rows = data.index.to_numpy() + 1
    df = pd.DataFrame({h: data.iloc[:, i].to_numpy() for i, h in enumerate(header) if h})
    if df.empty:
        return schema.empty("parameters")
    for col in ("year_from", "year_to", "value", "lower", "upper"):
        if col not in df:
            df[col] = np.nan
            continue
        num = pd.to_numeric(df[col], errors="coerce")
        bad = num.isna() & df[col].notna()
        if bad.any():
            i = bad.to_numpy().nonzero()[0][0]
            raise InputError(f"text '{df[col].iloc[i]}' in a numeric cell",
                             Location(file, sheet, int(rows[i]),
                                      f"{get_column_letter(header.index(col) + 1)} ({col})"),
                             "a number")
        df[col] = num.astype("float64")
    for col in ("category", "activity", "gas", "region", "parameter", "unit", "layer",
                "source"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
        df[col] = df[col].map(lambda v: str(v).strip() if v is not None else None)
    df["distribution"] = df.get("distribution", pd.Series(index=df.index, dtype=object))
    df["year_from"] = df["year_from"].fillna(1900).astype("int64")
    df["year_to"] = df["year_to"].fillna(2100).astype("int64")
    df["gas"] = df["gas"].fillna("-")
    df["parameter_id"] = [f"{file}!{sheet or ''}!{r}" for r in rows]
    df["source_ref"] = [str(Location(file, sheet, int(r))) for r in rows]
    cols = [c.name for c in schema.PARAMETERS]
    return schema.ensure_valid(df[cols], "parameters")


def read_parameters_csv(path: Path) -> pd.DataFrame:
    return _parameters_from_frame(_read_csv_raw(path), path.name, None)
