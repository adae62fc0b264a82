"""Read a project's inputs into the activity and parameters tables.

Every row keeps where it came from: ``activity_id`` (compact, ``file!sheet!H12``) and
``source_ref`` (``file demo.xlsx, sheet 'Energy', row 12, column 'H (2007)'``), so every later
check and every emission row can point back at the cell the compiler typed. Input files are only
read, never written.

What is refused, naming the cell (docs/data_format.md): text, Booleans, dates, formulas and
Excel error values in numeric cells; empty cells; non-finite numbers and magnitudes beyond
:data:`MAX_MAGNITUDE`; units outside the whitelist (:func:`inventory.units.check_input_unit`);
parameters outside their physical domain (:mod:`inventory.domains`); a data sheet with only
its header (unless ``not_reported`` names its sector); years outside the inventory years when
``intake.years_outside_range`` is ``error`` (else a warning note says what was left out);
input paths outside the project folder (unless allowed explicitly).
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
from inventory.io.cells import Special, header_text, open_workbook, read_sheet
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
from inventory.units import UnitNotAccepted, check_input_unit, to_canonical

__all__ = ["read_inputs", "read_template_workbook", "read_activity_csv",
           "read_parameters_csv", "InputRecord", "file_sha256", "input_path", "MAX_MAGNITUDE",
           "IntakeNote"]

_KEYS = {k.value for k in NotationKey}
#: Largest magnitude accepted in a numeric cell, in the cell's unit and after conversion to
#: the canonical unit (1e15 TJ, kt, m3 or head is beyond any country by orders of magnitude;
#: 1e308 overflowed the sums of the CRT writer).
MAX_MAGNITUDE = 1e15
_NUMBER = "a number >= 0 or a notation key NO, NE, NA, IE, C"


@dataclass(frozen=True)
class InputRecord:
    path: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class IntakeNote:
    """Something the reader left out or could not fully read, reported as a warning (check
    ``check``, recorded in checks.csv)."""

    check: str
    message: str
    source_ref: str = ""
    details: str = ""


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_path(project: Project, item, allow_outside: bool = False) -> Path:
    """The file of one ``inputs`` item, confined to the project folder: an absolute path, a
    ``..`` step or a symbolic link that leads out of the folder is refused unless
    ``allow_outside`` (``ghgi compile --allow-outside-inputs``)."""
    given = item.given or str(item.path)
    where = f"{project.config_path}, key 'inputs'"
    path = item.path
    if not allow_outside:
        flag = "inside the project folder (or run with --allow-outside-inputs)"
        if Path(given).is_absolute() or given.startswith("~"):
            raise InputError(f"input file '{given}' is an absolute path", where,
                             f"a path relative to {project.root}, {flag}")
        if ".." in Path(given).parts:
            raise InputError(f"input file '{given}' steps out of the project folder ('..')",
                             where, f"a path {flag}")
        root = project.root.resolve()
        try:
            path.resolve().relative_to(root)
        except ValueError:
            raise InputError(f"input file '{given}' is a symbolic link (or lies under one) "
                             f"that leads out of the project folder, to {path.resolve()}",
                             where, f"a real file {flag}") from None
    if not path.exists():
        raise InputError("input file not found", str(path),
                         "the file named under 'inputs' in inventory.yml")
    if path.is_dir():
        raise InputError("input is a folder, not a file", str(path),
                         "an .xlsx or .csv file named under 'inputs' in inventory.yml")
    return path


def read_inputs(project: Project, notes: list | None = None, allow_outside: bool = False,
                ) -> tuple[pd.DataFrame, pd.DataFrame, list[InputRecord]]:
    """All inputs of a project: (activity, parameters, records with hashes). ``notes``
    collects :class:`IntakeNote` warnings (years left out, rows not read)."""
    notes = notes if notes is not None else []
    acts, pars, records = [], [], []
    for item in project.inputs:
        path = input_path(project, item, allow_outside)
        try:
            rel = str(path.relative_to(project.root))
        except ValueError:
            rel = str(path)
        try:
            records.append(InputRecord(rel, file_sha256(path), path.stat().st_size))
        except PermissionError:
            raise InputError("cannot be read: permission denied", str(path),
                             "a file the user running ghgi may read") from None
        if item.table not in (None, "activity", "parameters"):
            a, p = _registered_reader(item.table).read(item, project)
            acts.append(a)
            pars.append(p)
        elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            if item.table is not None:
                raise InputError(f"an Excel workbook listed with table: {item.table}",
                                 f"{project.config_path}, key 'inputs'",
                                 "no 'table' for a workbook (its sheets say what they hold)")
            a, p = read_template_workbook(path, project, notes)
            acts.append(a)
            pars.append(p)
        elif item.table == "parameters":
            pars.append(read_parameters_csv(path, project))
        else:
            acts.append(read_activity_csv(path, project, notes))
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
def read_template_workbook(path: Path, project: Project, notes: list | None = None,
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The data sheets and the Parameters sheet of a template workbook.

    Every sheet is optional (a project without a sector leaves its sheet out, and a workbook
    made before a sector was added stays valid); a sheet that is not a template sheet is an
    error, so a renamed or misspelt sheet is never silently skipped. A data sheet that is
    present with only its header is an error unless inventory.yml declares its sector
    ``not_reported``."""
    notes = notes if notes is not None else []
    sheets = {s.name: s for s in data_sheets()}
    expected = [*sheets, PARAMETERS_SHEET]
    wb = open_workbook(path)
    try:
        found = list(wb.sheetnames)
        extra = [s for s in found if s not in expected and s not in ("README", "Lists")]
        if extra:
            import difflib

            close = difflib.get_close_matches(extra[0], expected, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise InputError(f"sheet '{extra[0]}' is not a sheet of the template (sheets in "
                             f"the file: {found}){hint}", Location(path.name, sheet=extra[0]),
                             f"only the template sheets {expected} (make a fresh one with "
                             "'ghgi template')")
        acts = []
        max_rows = project.intake.max_rows
        for name, spec in sheets.items():
            if name not in found:
                continue
            grid = read_sheet(wb, path.name, name, ID_COLUMNS, max_rows, _year_of)
            _notes(notes, grid.notes)
            act = _read_wide(grid.header, grid.data, path.name, name, project, notes)
            _check_reported(act, spec.sector, project, Location(path.name, name, 2))
            acts.append(act)
        if PARAMETERS_SHEET in found:
            grid = read_sheet(wb, path.name, PARAMETERS_SHEET,
                              PARAMETER_COLUMNS, max_rows)
            _notes(notes, grid.notes)
            params = _parameters_from_frame(grid.header, grid.data, path.name,
                                            PARAMETERS_SHEET, project)
        else:
            params = schema.empty("parameters")
    finally:
        wb.close()
    activity = pd.concat(acts, ignore_index=True) if acts else schema.empty("activity")
    return activity, params


def _notes(notes: list, texts: list[str]) -> None:
    for t in texts:
        where, _, msg = t.partition(": ")
        notes.append(IntakeNote("intake.rows_not_read", msg, where))


def _check_reported(act: pd.DataFrame, sector: str, project: Project, where: Location) -> None:
    declared = sector in project.not_reported
    if act.empty and not declared:
        raise InputError(
            "the sheet has a header but no data rows: every category of this sheet would be "
            "reported as not estimated (NE)", where,
            f"the {sector} data, or 'not_reported: [{sector}]' in inventory.yml if the "
            "project does not report this sector (or leave the sheet out)")
    if not act.empty and declared:
        raise InputError(f"the sheet holds {len(act)} values but inventory.yml declares "
                         f"{sector} not reported", where,
                         f"either the data or '{sector}' under not_reported, not both")


def _header(header: list[str], file: str, sheet: str | None, required: tuple[str, ...],
            ) -> list[str]:
    if not header or all(not h for h in header):
        raise InputError("the sheet is empty", Location(file, sheet, 1),
                         f"a header row with {list(required)}")
    for col in required:
        if col not in header:
            import difflib

            close = difflib.get_close_matches(col, [h for h in header if h], n=1)
            hint = f" (is '{close[0]}' meant to be '{col}'?)" if close else ""
            raise InputError(f"column '{col}' is missing from the header row{hint}",
                             Location(file, sheet, 1), f"the columns {list(required)}")
        if header.count(col) > 1:
            cols = [get_column_letter(i + 1) for i, h in enumerate(header) if h == col]
            raise InputError(f"column '{col}' appears {len(cols)} times (columns "
                             f"{', '.join(cols)})", Location(file, sheet, 1), "each column once")
    return header


def _year_of(label: str) -> int | None:
    t = str(label).strip()
    if t.endswith(".0"):
        t = t[:-2]
    return int(t) if t.isdigit() and len(t) == 4 else None


def _years_outside(project: Project, what: str, where, note_list: list, n_values: int,
                   years: list[int]) -> None:
    """A year outside the inventory range: an error or a warning note, per the setting."""
    span = f"{project.first_year}-{project.last_year}"
    shown = ", ".join(str(y) for y in sorted(set(years))[:8])
    if project.intake.years_outside_range == "error":
        raise InputError(f"{what} {shown} outside the inventory years {span}", where,
                         f"years {span} only (or set intake.years_outside_range: warn to "
                         "leave them out with a warning)")
    note_list.append(IntakeNote(
        "intake.years_outside_range",
        f"{n_values} value(s) of {what} {shown} left out: outside the inventory years "
        f"{span}", str(where), f"years={shown}"))


def _read_wide(header: list[str], data: pd.DataFrame, file: str, sheet: str | None,
               project: Project, notes: list) -> pd.DataFrame:
    """Wide data sheet (years as columns) -> long activity rows."""
    _header(header, file, sheet, ID_COLUMNS)
    year_cols: dict[int, int] = {}
    for i, h in enumerate(header):
        y = _year_of(h)
        if y is None:
            continue
        if y in year_cols.values():
            first = next(p for p, yy in year_cols.items() if yy == y)
            raise InputError(f"year {y} has two columns ({get_column_letter(first + 1)} and "
                             f"{get_column_letter(i + 1)})", Location(file, sheet, 1),
                             "one column per year")
        year_cols[i] = y
    for y in project.years:
        if y not in year_cols.values():
            raise InputError(f"no column for inventory year {y}", Location(file, sheet, 1),
                             f"one column per year {project.first_year}-{project.last_year}")
    if data.empty:
        return schema.empty("activity")
    excel_rows = data.index.to_numpy()
    pos = {c: header.index(c) for c in ID_COLUMNS}
    for col in ID_COLUMNS:
        cells = data.iloc[:, pos[col]].to_numpy(dtype=object)
        special = np.array([isinstance(x, Special) for x in cells], dtype=bool)
        bad_text = np.array([isinstance(x, (int, float)) and col in ("region", "category",
                                                                     "activity", "unit")
                             for x in cells], dtype=bool)
        bad = special | (bad_text & (col != "category"))
        if bad.any():
            i = int(bad.nonzero()[0][0])
            what = cells[i].describe() if isinstance(cells[i], Special) else \
                f"number {header_text(cells[i])}"
            raise InputError(f"{what} in the text column '{col}'", Location(
                file, sheet, int(excel_rows[i]), f"{get_column_letter(pos[col] + 1)} ({col})"),
                f"a {col} typed as text (the tool reads values, not formulas)")
    ids = {c: pd.Series([None if _blank(v) else (header_text(v) if c == "category" else str(v))
                         for v in data.iloc[:, pos[c]].to_numpy(dtype=object)],
                        index=data.index, dtype=object)
           for c in ID_COLUMNS}
    for col in ("region", "category", "activity", "unit"):
        blank = ids[col].map(_blank).to_numpy(dtype=bool)
        if blank.any():
            raise InputError(f"empty '{col}' cell", Location(
                file, sheet, int(excel_rows[blank][0]),
                f"{get_column_letter(pos[col] + 1)} ({col})"), f"a {col}")
    regions = ids["region"].astype(str).str.strip()
    bad_region = ~regions.isin(project.region_codes)
    if bad_region.any():
        i = bad_region.to_numpy().nonzero()[0][0]
        raise InputError(f"unknown region '{regions.iloc[i]}'", Location(
            file, sheet, int(excel_rows[i]), f"{get_column_letter(pos['region'] + 1)}"
            " (region)"), f"one of the regions in inventory.yml {project.region_codes}")
    units = ids["unit"].astype(str).str.strip()
    _check_units(units, lambda i: Location(file, sheet, int(excel_rows[i]),
                                           f"{get_column_letter(pos['unit'] + 1)} (unit)"))
    frames, outside = [], []
    for p, year in year_cols.items():
        if year < project.first_year or year > project.last_year:
            filled = ~data.iloc[:, p].map(_blank).astype(bool)
            if filled.any():
                outside.append((p, year, int(filled.sum())))
            continue
        letter = get_column_letter(p + 1)
        value, key = _parse_cells(data.iloc[:, p], file, sheet, excel_rows, letter, year)
        frames.append(pd.DataFrame({
            "region": regions.to_numpy(), "year": year,
            "category": ids["category"].astype(str).str.strip().to_numpy(),
            "activity": ids["activity"].astype(str).str.strip().to_numpy(),
            "value": value, "unit": units.to_numpy(),
            "notation_key": key,
            "source": ids["source"].to_numpy(), "note": ids["note"].to_numpy(),
            "activity_id": [f"{file}!{sheet}!{letter}{r}" for r in excel_rows],
            "source_ref": [f"{Location(file, sheet, int(r), f'{letter} ({year})')}"
                           for r in excel_rows],
        }))
    if outside:
        p, _, _ = outside[0]
        _years_outside(project, "year column(s)", Location(
            file, sheet, 1, f"{get_column_letter(p + 1)} ({outside[0][1]})"), notes,
            sum(n for *_, n in outside), [y for _, y, _ in outside])
    long = pd.concat(frames, ignore_index=True)
    return _finish_activity(long, file, sheet)


def _blank(v) -> bool:
    """An empty cell: nothing, NaN, or only spaces."""
    return v is None or (isinstance(v, float) and np.isnan(v)) or (
        isinstance(v, str) and not v.strip())


def _check_units(units: pd.Series, locate) -> None:
    for u in pd.unique(units):
        try:
            check_input_unit(u)
        except UnitNotAccepted as exc:
            i = int((units == u).to_numpy().nonzero()[0][0])
            raise InputError(str(exc), locate(i), exc.expected()) from None


def _numbers(s: np.ndarray) -> np.ndarray:
    """Cells -> floats (NaN for anything that is not a number or numeric text)."""
    out = np.full(len(s), np.nan)
    for i, x in enumerate(s):
        if isinstance(x, bool) or isinstance(x, Special) or x is None:
            continue
        if isinstance(x, (int, float, np.integer, np.floating)):
            out[i] = float(x)
        elif isinstance(x, str):
            t = x.strip().replace("\u00a0", "").replace(" ", "")
            try:
                out[i] = float(t)
            except ValueError:
                pass
    return out


def _parse_cells(col: pd.Series, file, sheet, excel_rows, letter, year):
    """Cells -> (float values, notation keys); anything else is an error naming the cell:
    text, a Boolean, a date, a formula, an Excel error value, an empty cell, a non-finite or
    absurd number."""
    s = col.to_numpy(dtype=object)
    with np.errstate(over="ignore", invalid="ignore"):
        value = _numbers(s)
    text = np.array([x.strip().upper().replace("N/A", "NA") if isinstance(x, str) else ""
                     for x in s], dtype=object)
    key = np.where(np.isin(text, list(_KEYS)), text, None).astype(object)
    special = np.array([isinstance(x, Special) for x in s], dtype=bool)
    blank = np.array([_blank(x) for x in s], dtype=bool)
    is_text = np.array([isinstance(x, str) for x in s], dtype=bool)
    bad_text = is_text & ~blank & (key == None) & np.isnan(value)  # noqa: E711
    infinite = np.isinf(value)
    huge = np.isfinite(value) & (np.abs(value) > MAX_MAGNITUDE)
    checks = ((special, "{d} in a numeric cell"),
              (bad_text, "text '{v}' in a numeric cell"),
              (blank, "empty cell"),
              (infinite, "'{v}' is not a finite number"),
              (huge, "{v} is beyond any inventory (at most " + f"{MAX_MAGNITUDE:.0e} in a cell)"))
    first = [(int(m.nonzero()[0][0]), problem) for m, problem in checks if m.any()]
    if first:
        i, problem = min(first, key=lambda t: t[0])
        v = s[i]
        raise InputError(problem.format(v=v, d=v.describe() if isinstance(v, Special) else v),
                         Location(file, sheet, int(excel_rows[i]),
                                  f"{letter} ({year})" if year != "" else letter),
                         _NUMBER + (" (the tool reads values, not formulas: paste values)"
                                    if isinstance(v, Special) and v.kind == "formula" else ""))
    value = np.where(key != None, np.nan, value)  # noqa: E711
    return value, key


# IPCC codes found reportable (a CRT row for them) in this process: the crosswalk is package
# data read once per process, so a code's answer never changes; each sheet of each compile
# asks only about the codes not seen before
_REPORTABLE: set[str] = set()


def _ensure_reportable(long: pd.DataFrame) -> None:
    cats = long["category"].astype(str)
    new = ~cats.isin(_REPORTABLE).to_numpy()
    if not new.any():
        return
    first = long[new].drop_duplicates("category")   # the first row of each new code
    to_crt(first["category"], first["source_ref"])  # an unmapped code: error, first row named
    _REPORTABLE.update(first["category"].astype(str))


def _finish_activity(long: pd.DataFrame, file: str, sheet: str | None) -> pd.DataFrame:
    ensure_known_categories(long["category"], long["source_ref"])
    _ensure_reportable(long)  # reportable: a CRT row exists for it
    if sheet is not None:
        owner = {c: getattr(sheet_for_category(c), "name", None)
                 for c in pd.unique(long["category"])}
        off = long["category"].map(owner) != sheet
        if off.any():
            first = long[off].iloc[0]
            cat = str(first["category"])
            mine = next(s for s in data_sheets() if s.name == sheet).category_prefixes
            if owner[cat] is None and any(p.startswith(cat + ".") for p in mine):
                raise InputError(f"category {cat} is an aggregate: the tool computes it from "
                                 "its subcategories", first["source_ref"],
                                 "the most detailed IPCC 2006 category, e.g. "
                                 f"{min(p for p in mine if p.startswith(cat + '.'))}")
            raise InputError(f"category {cat} does not belong on this sheet"
                             + (f" (it goes on sheet '{owner[cat]}')" if owner[cat] else ""),
                             first["source_ref"], f"a category of sheet '{sheet}'")
    long["value"], long["unit"] = to_canonical(long["value"], long["unit"], long["source_ref"])
    huge = long["value"].abs() > MAX_MAGNITUDE
    if huge.any():
        r = long[huge].iloc[0]
        raise InputError(f"{r['value']:.3g} {r['unit']} is beyond any inventory", r["source_ref"],
                         f"at most {MAX_MAGNITUDE:.0e} {r['unit']} once converted")
    long["notation_key"] = pd.Categorical(long["notation_key"], dtype=NOTATION_DTYPE)
    long["year"] = long["year"].astype("int64")
    return schema.ensure_valid(long, "activity")


# ---------------------------------------------------------------- CSV
def _read_csv_grid(path: Path, max_rows: int) -> tuple[list[str], pd.DataFrame]:
    """A CSV file as (header texts, data frame of text cells indexed by line number)."""
    where = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(64 * 1024)
    except PermissionError:
        raise InputError("cannot be read: permission denied", where) from None
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("is an Excel workbook, not a CSV file", where,
                         "a .csv file, or the workbook named with an .xlsx extension")
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            raise InputError(f"is not UTF-8 text (byte 0x{head[exc.start]:02x} at "
                             f"position {exc.start})", where,
                             "a CSV file saved as UTF-8") from None
        text = head[:exc.start].decode("utf-8-sig", errors="ignore")
    first_line = text.splitlines()[0] if text.strip() else ""
    if first_line.count(",") == 0:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")):
            if first_line.count(sep) >= 2:
                raise InputError(f"the columns are separated by {name}, not commas (the "
                                 "header row is one column)", Location(path.name, None, 1),
                                 "a comma-separated file (in Excel: save as 'CSV UTF-8 "
                                 "(comma delimited)')")
    try:
        raw = pd.read_csv(path, header=None, dtype=object, keep_default_na=False,
                          na_values=[""], comment=None, encoding="utf-8-sig",
                          nrows=max_rows + 2, skip_blank_lines=False)
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", where, "a CSV file saved as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty", Location(path.name, None, 1),
                         "a header row and data rows") from None
    except Exception as exc:
        raise InputError(f"cannot be read as CSV ({str(exc)[:160]})", where) from None
    if len(raw) > max_rows + 1:
        raise InputError(f"the file has more than {max_rows:,} data rows",
                         Location(path.name, None, max_rows + 2),
                         f"at most {max_rows:,} rows per file (or raise intake.max_rows)")
    if raw.empty:
        raise InputError("the file is empty", Location(path.name, None, 1),
                         "a header row and data rows")
    header = [header_text(h) if isinstance(h, str) else "" for h in raw.iloc[0].tolist()]
    data = raw.iloc[1:]
    data = data[~data.isna().all(axis=1)]
    data.index = data.index + 1               # line numbers as an editor shows them
    data.columns = range(data.shape[1])
    data = data.astype(object).where(data.notna(), None)
    return header, data


def read_activity_csv(path: Path, project: Project, notes: list | None = None) -> pd.DataFrame:
    """Activity CSV, either wide (the template sheet's columns) or long (a 'year' column)."""
    notes = notes if notes is not None else []
    header, data = _read_csv_grid(path, project.intake.max_rows)
    if "year" not in header:
        act = _read_wide(header, data, path.name, None, project, notes)
    else:
        act = _read_long(header, data, path, project, notes)
    if act.empty:
        raise InputError("the file has a header but no data rows", Location(path.name, None, 2),
                         "activity rows (or remove the file from 'inputs')")
    return act


def _read_long(header: list[str], data: pd.DataFrame, path: Path, project: Project,
               notes: list) -> pd.DataFrame:
    required = ("region", "year", "category", "activity", "value", "unit")
    _header(header, path.name, None, required)
    data = data.copy()
    data.columns = [h or f"_{i}" for i, h in enumerate(header)]
    lines = data.index.to_numpy()
    years = pd.to_numeric(data["year"], errors="coerce")
    bad_year = years.isna() | (years % 1 != 0)
    if bad_year.any():
        i = bad_year.to_numpy().nonzero()[0][0]
        raise InputError(f"year '{data['year'].iloc[i]}' is not a year",
                         Location(path.name, None, int(lines[i]), "year"), "a 4-digit year")
    outside = ~years.between(project.first_year, project.last_year)
    if outside.any():
        i = outside.to_numpy().nonzero()[0][0]
        _years_outside(project, "rows for year(s)",
                       Location(path.name, None, int(lines[i]), "year"), notes,
                       int(outside.sum()), years[outside].astype(int).tolist())
        data, years, lines = data[~outside], years[~outside], lines[~outside.to_numpy()]
    for col in ("region", "category", "activity", "unit"):
        blank = data[col].map(_blank).to_numpy(dtype=bool)
        if blank.any():
            raise InputError(f"empty '{col}' cell", Location(path.name, None,
                                                              int(lines[blank][0]), col),
                             f"a {col}")
    regions = data["region"].astype(str).str.strip()
    bad_region = ~regions.isin(project.region_codes)
    if bad_region.any():
        i = bad_region.to_numpy().nonzero()[0][0]
        raise InputError(f"unknown region '{regions.iloc[i]}'",
                         Location(path.name, None, int(lines[i]), "region"),
                         f"one of the regions in inventory.yml {project.region_codes}")
    units = data["unit"].astype(str).str.strip()
    _check_units(units, lambda i: Location(path.name, None, int(lines[i]), "unit"))
    value, key = _parse_cells(data["value"], path.name, None, lines, "value", "")
    if "notation_key" in data:
        given = data["notation_key"].fillna("").astype(str).str.strip().str.upper()
        key = np.where(given != "", given, key)
    long = pd.DataFrame({
        "region": regions.to_numpy(), "year": years.astype("int64").to_numpy(),
        "category": data["category"].astype(str).str.strip().to_numpy(),
        "activity": data["activity"].astype(str).str.strip().to_numpy(), "value": value,
        "unit": units.to_numpy(), "notation_key": key,
        "source": data["source"].to_numpy() if "source" in data else None,
        "note": data["note"].to_numpy() if "note" in data else None,
        "activity_id": [f"{path.name}!{n}" for n in lines],
        "source_ref": [str(Location(path.name, None, int(n))) for n in lines],
    })
    if long.empty:
        return schema.empty("activity")
    return _finish_activity(long, path.name, None)


_PARAM_NUMERIC = ("year_from", "year_to", "value", "lower", "upper")
_PARAM_TEXT = ("parameter", "category", "activity", "gas", "region", "unit", "layer", "source",
               "distribution")


def _parameters_from_frame(header: list[str], data: pd.DataFrame, file: str,
                           sheet: str | None, project: Project | None = None) -> pd.DataFrame:
    from inventory.domains import check_domains

    required = tuple(c for c in PARAMETER_COLUMNS if c not in ("lower", "upper",
                                                               "distribution", "note"))
    _header(header, file, sheet, required)
    rows = data.index.to_numpy()
    df = pd.DataFrame({h: data.iloc[:, i].to_numpy(dtype=object) for i, h in enumerate(header)
                       if h and i < data.shape[1]}, index=range(len(data)))
    if df.empty:
        return schema.empty("parameters")

    def cell(i: int, col: str) -> Location:
        return Location(file, sheet, int(rows[i]),
                        f"{get_column_letter(header.index(col) + 1)} ({col})"
                        if sheet is not None else col)

    for col in (*_PARAM_NUMERIC, *_PARAM_TEXT):
        if col not in df:
            continue
        special = df[col].map(lambda v: isinstance(v, Special)).to_numpy(dtype=bool)
        if special.any():
            i = int(special.nonzero()[0][0])
            raise InputError(f"{df[col].iloc[i].describe()} in a "
                             f"{'numeric' if col in _PARAM_NUMERIC else 'text'} cell",
                             cell(i, col), "a value (the tool reads values, not formulas)")
    for col in _PARAM_NUMERIC:
        if col not in df:
            df[col] = np.nan
            continue
        raw = df[col].to_numpy(dtype=object)
        with np.errstate(over="ignore", invalid="ignore"):
            num = _numbers(raw)
        given = np.array([not _blank(v) for v in raw], dtype=bool)
        bad = np.isnan(num) & given
        if bad.any():
            i = int(bad.nonzero()[0][0])
            raise InputError(f"text '{raw[i]}' in a numeric cell", cell(i, col), "a number")
        wild = ~np.isfinite(num) & given | (np.abs(np.nan_to_num(num)) > MAX_MAGNITUDE)
        if bad.any() or wild.any():
            i = int(wild.nonzero()[0][0])
            raise InputError(f"{raw[i]!r} is not a finite number of a sensible size",
                             cell(i, col), f"a finite number, at most {MAX_MAGNITUDE:.0e}")
        if col in ("year_from", "year_to"):
            frac = given & (num % 1 != 0)
            if frac.any():
                i = int(frac.nonzero()[0][0])
                raise InputError(f"year {raw[i]!r} is not a whole year", cell(i, col),
                                 "a 4-digit year")
        df[col] = num.astype("float64")
    if df["value"].isna().any():
        i = int(df["value"].isna().to_numpy().nonzero()[0][0])
        raise InputError("empty value cell", cell(i, "value"), "the parameter's value")
    for col in ("category", "activity", "gas", "region", "parameter", "unit", "layer",
                "source", "distribution"):
        if col in df:
            df[col] = pd.Series([None if _blank(v) else (header_text(v) if col == "category"
                                                         else str(v).strip())
                                 for v in df[col].to_numpy(dtype=object)], dtype=object)
    blank = df[["parameter", "unit", "layer", "source", "category", "activity", "region"]].isna()
    if blank.any().any():
        col = blank.any().idxmax()
        i = int(blank[col].to_numpy().nonzero()[0][0])
        raise InputError(f"empty '{col}' cell", cell(i, col),
                         f"a {col}" + (" ('*' for any)" if col in ("category", "activity",
                                                                      "region") else ""))
    _check_units(df["unit"], lambda i: cell(i, "unit"))
    if project is not None:
        known = {*project.region_codes, "*"}
        bad_region = ~df["region"].isin(known)
        if bad_region.any():
            i = int(bad_region.to_numpy().nonzero()[0][0])
            raise InputError(f"unknown region '{df['region'].iloc[i]}'", cell(i, "region"),
                             f"one of {sorted(known)}")
    if "distribution" not in df:
        df["distribution"] = None
    df["year_from"] = df["year_from"].fillna(1900).astype("int64")
    df["year_to"] = df["year_to"].fillna(2100).astype("int64")
    df["gas"] = df["gas"].fillna("-")
    df["parameter_id"] = [f"{file}!{sheet or ''}!{r}" for r in rows]
    df["source_ref"] = [str(Location(file, sheet, int(r))) for r in rows]
    cols = [c.name for c in schema.PARAMETERS]
    out = df[cols].reset_index(drop=True)
    check_domains(out, lambda i, col: str(cell(i, col)))
    return schema.ensure_valid(out, "parameters")


def read_parameters_csv(path: Path, project: Project | None = None) -> pd.DataFrame:
    max_rows = project.intake.max_rows if project is not None else 200_000
    header, data = _read_csv_grid(path, max_rows)
    return _parameters_from_frame(header, data, path.name, None, project)


