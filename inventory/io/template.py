"""The Excel data-entry template (``ghgi template``) and writing data into it.

Compilers send the template to statistics offices and read it back unchanged with
:func:`inventory.io.readers.read_template_workbook`. The demo inventory is written through the
same function, so the demo is exactly what a user fills.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from inventory.atomic import atomic_path
from inventory.categories import ipcc2006_codes, most_specific_prefix
from inventory.io.sheets import (
    ID_COLUMNS,
    PARAMETER_COLUMNS,
    PARAMETERS_SHEET,
    data_sheets,
    sheet_for_category,
)
from inventory.labels import label, labels
from inventory.notation import NotationKey
from inventory.project import Project
from inventory.schema import LAYERS

__all__ = ["write_template", "FIXED_CREATED"]

FIXED_CREATED = dt.datetime(2026, 1, 1)
_UNITS = ("TJ", "GJ", "PJ", "tce", "toe", "t", "kt", "Mt", "10^4 t", "m3", "Mm3", "10^4 m3",
          "head", "ha")


def _categories(prefixes: tuple[str, ...]) -> list[str]:
    codes = ipcc2006_codes()
    return sorted(c for c in codes if most_specific_prefix(c, prefixes) is not None)


def write_template(path: Path | str, project: Project, activity: pd.DataFrame | None = None,
                   parameters: pd.DataFrame | None = None,
                   created: dt.datetime = FIXED_CREATED, sectors=None) -> Path:
    """Write the data-entry workbook for ``project`` (atomically).

    ``activity`` (long: region, year, category, activity, value, unit, notation_key, source,
    note) fills the data sheets as one row per region/category/activity/unit and one column
    per year; ``parameters`` fills the Parameters sheet. Without them the sheets are empty, with
    dropdowns for regions, categories, fuels, units and notation keys. ``sectors``: only these
    sectors' sheets (default all; every sheet is optional when the workbook is read).
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                            "strings_to_numbers": False,
                                            "strings_to_urls": False})
        wb.set_properties({"title": f"GHG inventory data entry - {project.party}",
                           "author": "GHG Inventory Workbench", "created": created})
        fmt = {
            "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                   "text_wrap": True, "valign": "top"}),
            "num": wb.add_format({"num_format": "#,##0.###"}),
            "key": wb.add_format({"align": "center", "font_color": "#7F6000"}),
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        }
        _write_readme(wb, project, fmt)
        lists = _list_refs(project)
        for sheet in data_sheets():
            if sectors is not None and sheet.sector not in sectors:
                continue
            rows = None
            if activity is not None:
                on_sheet = activity["category"].map(
                    lambda c: getattr(sheet_for_category(c), "name", None))
                rows = activity[on_sheet == sheet.name]
            _write_data_sheet(wb, sheet, project, rows, fmt, lists)
        _write_parameters(wb, parameters, fmt, lists, project)
        _write_lists(wb, project)
        wb.close()
    return path


def _list_columns(project: Project) -> dict[str, list[str]]:
    """The dropdown lists, one column each on the hidden 'Lists' sheet."""
    return {
        "region": project.region_codes,
        "category": _categories(tuple(p for s in data_sheets() for p in s.category_prefixes)),
        **{f"activity:{s.name}": s.activity_choices() for s in data_sheets()},
        "unit": list(_UNITS),
        "key": [k.value for k in NotationKey],
        "layer": [lay for lay in LAYERS if lay != "ipcc_default"],
    }


def _list_refs(project: Project) -> dict[str, str]:
    refs = {}
    for j, (name, values) in enumerate(_list_columns(project).items()):
        col = xl_col_to_name(j)
        refs[name] = f"=Lists!${col}$2:${col}${len(values) + 1}"
    return refs


def _write_lists(wb, project: Project) -> None:
    ws = wb.add_worksheet("Lists")
    for j, (name, values) in enumerate(_list_columns(project).items()):
        ws.write_string(0, j, name)
        for i, v in enumerate(values, start=1):
            ws.write_string(i, j, str(v))
    ws.hide()


def _write_readme(wb, project: Project, fmt) -> None:
    ws = wb.add_worksheet("README")
    ws.set_column(0, 0, 110)
    language = getattr(project, "language", "en")
    if language == "en":
        lines = [
            f"GHG inventory data entry: {project.party}",
            project.banner,
            f"Years {project.first_year}-{project.last_year}; regions "
            f"{', '.join(project.region_codes)}.",
            *(label(f"template.readme.{k}") for k in ("rows", "cells", "structure",
                                                       "parameters")),
        ] + [f"Sheet {s.name}: {s.instructions}" for s in data_sheets()]
    else:
        lines = _readme_lines(project, language)
    ws.write_string(0, 0, lines[0], fmt["title"])
    for i, line in enumerate(lines[1:], start=2):
        if line:
            ws.write_string(i, 0, line, fmt["wrap"])


def _readme_lines(project: Project, language: str) -> list[str]:
    """README lines in Chinese (``zh``) or Chinese then English (``zh+en``), from the label
    table; each sheet: its Chinese summary, then the sector's full instructions in English."""
    langs = ("zh",) if language == "zh" else ("zh", "en")
    colon = {"zh": "：", "en": ": "}

    def both(key: str) -> list[str]:
        return [label(key, lang) for lang in langs]

    years = f"{project.first_year}-{project.last_year}"
    lines = [" / ".join(f"{label('template.readme.title', lang)}{colon[lang]}{project.party}"
                        for lang in langs), project.banner]
    lines += [f"{label('template.readme.years', lang)} {years}; "
              f"{label('template.readme.regions', lang)} {', '.join(project.region_codes)}"
              for lang in langs]
    for k in ("rows", "cells", "structure", "parameters"):
        lines += both(f"template.readme.{k}")
    known = labels().index
    for sheet in data_sheets():
        key = f"template.sheet.{sheet.name}"
        zh = label(key, "zh") if key in known else ""
        lines.append(f"{label('template.readme.sheet', 'zh')} {sheet.name}{colon['zh']}{zh}"
                     f"（{label('template.readme.english_only', 'zh')}）")
        lines.append(f"Sheet {sheet.name}: {sheet.instructions}")
    return lines


def _header_notes(ws, header: list[str], project: Project) -> None:
    """A note on each header cell with the column's name in the project's language (the
    header text stays the name the reader expects)."""
    language = getattr(project, "language", "en")
    if language == "en":
        return
    known = labels().index
    for j, h in enumerate(header):
        key = f"template.col.{h}" if f"template.col.{h}" in known else "template.col.year"
        ws.write_comment(0, j, label(key, language, sep=" / "))


def _write_data_sheet(wb, sheet, project: Project, rows: pd.DataFrame | None, fmt,
                      lists) -> None:
    ws = wb.add_worksheet(sheet.name)
    years = project.years
    header = list(ID_COLUMNS) + [str(y) for y in years]
    for j, h in enumerate(header):
        ws.write_string(0, j, h, fmt["head"])
    _header_notes(ws, header, project)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 26)
    ws.set_column(3, 3, 8)
    ws.set_column(4, 5, 24)
    ws.set_column(6, 6 + len(years), 11)
    ws.freeze_panes(1, 4)
    n_rows = 0
    if rows is not None and len(rows):
        keycols = ["region", "category", "activity", "unit"]
        rows = rows.assign(_cell=rows["value"].astype(object).where(
            rows["value"].notna(), rows["notation_key"].astype(object)))
        wide = rows.pivot_table(index=keycols, columns="year", values="_cell",
                                aggfunc="first", sort=False)
        meta = rows.groupby(keycols, sort=False)[["source", "note"]].first()
        for i, (idx, vals) in enumerate(wide.iterrows(), start=1):
            for j, v in enumerate(idx):
                ws.write_string(i, j, str(v))
            src, note = meta.loc[idx]
            if isinstance(src, str):
                ws.write_string(i, 4, src)
            if isinstance(note, str):
                ws.write_string(i, 5, note)
            for k, y in enumerate(years):
                v = vals.get(y)
                if isinstance(v, str):
                    ws.write_string(i, 6 + k, v, fmt["key"])
                elif v is not None and pd.notna(v):
                    ws.write_number(i, 6 + k, float(v), fmt["num"])
            n_rows = i
    last = max(n_rows + 500, 1000)
    for col, ref in ((0, "region"), (1, "category"), (2, f"activity:{sheet.name}"),
                     (3, "unit")):
        ws.data_validation(1, col, last, col, {"validate": "list", "source": lists[ref],
                                               "error_type": "warning"})
    ws.data_validation(1, 6, last, 5 + len(years), {
        "validate": "any", "input_title": "Number or notation key",
        "input_message": "A number >= 0, or NO, NE, NA, IE, C"})


def _write_parameters(wb, parameters: pd.DataFrame | None, fmt, lists,
                      project: Project | None = None) -> None:
    ws = wb.add_worksheet(PARAMETERS_SHEET)
    for j, h in enumerate(PARAMETER_COLUMNS):
        ws.write_string(0, j, h, fmt["head"])
    if project is not None:
        _header_notes(ws, list(PARAMETER_COLUMNS), project)
    ws.set_column(0, len(PARAMETER_COLUMNS), 13)
    ws.set_column(PARAMETER_COLUMNS.index("source"), PARAMETER_COLUMNS.index("source"), 40)
    ws.freeze_panes(1, 0)
    if parameters is not None:
        for i, rec in enumerate(parameters.to_dict("records"), start=1):
            for j, col in enumerate(PARAMETER_COLUMNS):
                v = rec.get(col)
                if v is None or (isinstance(v, float) and pd.isna(v)):
                    continue
                if isinstance(v, str):
                    ws.write_string(i, j, v)
                else:
                    ws.write_number(i, j, float(v))
    ws.data_validation(1, PARAMETER_COLUMNS.index("layer"), 1000,
                       PARAMETER_COLUMNS.index("layer"),
                       {"validate": "list", "source": lists["layer"]})
