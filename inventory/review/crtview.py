"""The CRT browser's loaders: any sheet of any year's CRT workbook as a table, and for a cell
the emission rows behind it.

A sheet is read from ``crt/CRT_<party>_<year>.xlsx`` (openpyxl, read-only: one sheet in a
few milliseconds). Every CRT sheet has the same frame (``inventory/crt/layout.py``): a title
block, a blank row, header rows (an optional spanning group row, the column names, the units)
and the data rows, each labelled with a CRT code and title ("1.A.1.a. Public electricity ...")
or a sub-row of the last coded row ("Liquid fuels", "Dairy cattle", "Jet Kerosene").

A cell is anchored (:func:`cell_anchor`) to the CRT code of its row, a sub-row filter (a CRT
child by title, a fuel group, an activity or a gas), the gas or gases of its column (``CO2``,
``HFCs`` = every HFC, ``Total`` = all) and the measure (emissions, implied factor, activity);
a column headed by a year (Table10) sets the year. :func:`cell_rows` returns the run's
emission rows of that anchor: the national rows of every region of the workbook's year. The
anchoring reads labels, so it works for the sheets of any sector plug-in that follows the
layout toolkit; a cell it cannot anchor says so instead of guessing.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from inventory.review.fmt import fmt_number
from inventory.review.run import ReviewRun

__all__ = ["CrtSheet", "Anchor", "crt_workbooks", "crt_sheet_names", "crt_sheet",
           "sheet_html", "cell_anchor", "cell_rows", "cell_ref", "rows_total", "FUEL_GROUPS"]

FUEL_GROUPS = {"liquid fuels": "liquid", "solid fuels": "solid", "gaseous fuels": "gaseous",
               "other fossil fuels": "other_fossil", "peat": "peat", "biomass": "biomass"}
_CODE = re.compile(r"^(?P<code>\d(?:\.[A-Za-z0-9]+)*)\.?\s+\S")
_YEAR = re.compile(r"(19|20)\d\d")
_GAS_TOKENS = ("NMVOC", "CO2", "CH4", "N2O", "NOx", "SO2", "SF6", "NF3")
_SHEET_SECTOR = re.compile(r"^Table([1-5])(?!\d)")  # Table1 ... Table5, not Table10
_ENUM = re.compile(r"^(?:\d+|[a-z]|[ivx]+)\.\s+")    # "1. ", "a. ", "iv. " before a sub-row title
_KEYS = {"NO", "NE", "NA", "IE", "C"}
_NOT_ANCHORED = {"Table7": "Table7 lists the key categories by IPCC 2006 code: see the key "
                           "category view", "Table8s1": "Table8 compares with a submission: "
                           "see the recalculation view", "Table8s2": "Table8 compares with "
                           "a submission: see the recalculation view"}


def cell_ref(row: int, col: int) -> str:
    """Excel reference of a 0-based (row, col): (12, 5) -> 'F13'."""
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


@dataclass
class CrtSheet:
    year: int
    name: str
    rows: list[tuple]                # every row's values (None for empty)
    header_start: int                # first header row (0-based)
    data_start: int                  # first data row
    title: str = ""
    ncols: int = 0
    codes: list[str | None] = field(default_factory=list)   # CRT code of each row's context
    row_notes: dict[int, str] = field(default_factory=dict)  # rows anchored approximately

    def header(self, col: int) -> tuple[str, str, str]:
        """(group, column name, unit) of a data column."""
        heads = self.rows[self.header_start:self.data_start]
        if not heads or col == 0:
            return "", "", ""
        unit_row = heads[-1] if _is_unit_row(heads[-1]) else None
        names = heads[:-1] if unit_row is not None else heads
        name = ""
        for r in reversed(names):
            v = r[col] if col < len(r) else None
            if v not in (None, ""):
                name = str(v)
                break
        group = ""
        if len(names) >= 2:
            first = names[0]
            for c in range(col, 0, -1):
                v = first[c] if c < len(first) else None
                if v not in (None, ""):
                    group = str(v)
                    break
            if group == name:
                group = ""
        unit = str(unit_row[col]) if unit_row is not None and col < len(unit_row) and \
            unit_row[col] is not None else ""
        return group, name, unit


def _is_unit_row(r: tuple) -> bool:
    vals = [str(v) for v in r[1:] if v not in (None, "")]
    return bool(vals) and all(v.startswith("(") for v in vals)


def crt_workbooks(run: ReviewRun) -> dict[int, Path]:
    """year -> CRT workbook of the run (manifest ``crt_workbooks``, else ``crt/*.xlsx``)."""
    if "_crt_books" not in run._cache:
        paths = [run.run_dir / p for p in run.manifest.get("crt_workbooks") or []]
        if not paths:
            paths = sorted((run.run_dir / "crt").glob("CRT_*.xlsx"))
        out = {}
        for p in paths:
            m = re.search(r"_(\d{4})\.xlsx$", p.name)
            if m and p.exists():
                out[int(m.group(1))] = p
        run._cache["_crt_books"] = dict(sorted(out.items()))
    return run._cache["_crt_books"]


def _open(run: ReviewRun, year: int):
    key = ("_crt_wb", int(year))
    if key not in run._cache:
        import openpyxl

        path = crt_workbooks(run)[int(year)]
        run._cache[key] = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return run._cache[key]


def crt_sheet_names(run: ReviewRun, year: int) -> list[str]:
    return list(_open(run, year).sheetnames)


def crt_sheet(run: ReviewRun, year: int, name: str) -> CrtSheet:
    """One sheet of one year, with its header block located and each row's CRT context."""
    key = ("_crt_sheet", int(year), name)
    if key in run._cache:
        return run._cache[key]
    ws = _open(run, year)[name]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    ncols = max((len(r) for r in rows), default=0)
    rows = [r + (None,) * (ncols - len(r)) for r in rows]
    blank = next((k for k, r in enumerate(rows) if all(v in (None, "") for v in r)), 0)
    header_start = blank + 1
    data_start = header_start
    if header_start < len(rows) and rows[header_start][0] not in (None, ""):
        data_start = header_start + 1
        while data_start < len(rows) and rows[data_start][0] in (None, "") and \
                any(v not in (None, "") for v in rows[data_start]):
            data_start += 1
    else:  # no table on this sheet (e.g. Table8 without an earlier submission)
        header_start = data_start = blank + 1
    title = str(rows[0][0]) if rows and rows[0][0] else name
    sheet = CrtSheet(int(year), name, rows, header_start, data_start, title, ncols)
    sheet.codes = _row_codes(run, sheet)
    run._cache[key] = sheet
    return sheet


def _sheet_sector(sheet: CrtSheet) -> str:
    m = _SHEET_SECTOR.match(sheet.name)
    return m.group(1) if m else "TOTAL"


def _own_code(run: ReviewRun, sheet: CrtSheet, text: str) -> tuple[str | None, str]:
    """The CRT code a row label starts with, if it is one of this sheet's sector, and a note
    when the code is not in the CRT tree (its nearest ancestor stands in for it)."""
    m = _CODE.match(text)
    if not m:
        return None, ""
    code, sector = m.group("code"), _sheet_sector(sheet)
    if sector != "TOTAL" and code != sector and not code.startswith(sector + "."):
        return None, ""  # "1. Inorganic N fertilizers" in Table3.D is a sub-row, not Energy
    tree = run.crt_tree.index
    if code in tree or run.is_memo_code(code):
        return code, ""
    parent = code
    while "." in parent:
        parent = parent.rsplit(".", 1)[0]
        if parent in tree:
            return parent, (f"{code} is not a row of the run's CRT tree: the rows of {parent} "
                            "are shown")
    return None, ""


def _row_codes(run: ReviewRun, sheet: CrtSheet) -> list[str | None]:
    """The CRT code each data row belongs to (its own code, or the last coded row above);
    notes for rows whose code had to be approximated go to ``sheet.row_notes``."""
    out: list[str | None] = [None] * len(sheet.rows)
    current: str | None = None
    for k in range(sheet.data_start, len(sheet.rows)):
        label = sheet.rows[k][0]
        if label in (None, ""):
            if all(v in (None, "") for v in sheet.rows[k]):
                current = None  # the table ended (notes follow)
            continue
        text = str(label).strip()
        code, why = _own_code(run, sheet, text)
        if code:
            current = code
            if why:
                sheet.row_notes[k] = why
        elif text.lower().startswith("total national"):
            current = "TOTAL"
        elif text.lower().startswith("total") and current is None:
            current = _sheet_sector(sheet)
        out[k] = current
    return out


def sheet_html(sheet: CrtSheet, selected: tuple[int, int] | None = None,
               commented: set[str] | None = None) -> str:
    """The sheet as an HTML table: header rows as headers, data cells with
    ``data-cell="<row>,<col>"`` (clickable), numbers with thousands separators and the
    decimals of the CRT's number formats, notation keys centred, shaded cells grey;
    ``commented`` cell references get a marker."""
    commented = commented or set()
    out = [f'<div class="ghgi-crt-title">{html.escape(sheet.title)}</div>']
    for r in sheet.rows[1:max(1, sheet.header_start - 1)]:
        if r[0] not in (None, ""):
            extra = f" {html.escape(str(r[1]))}" if len(r) > 1 and r[1] not in (None, "") else ""
            out.append(f'<div class="ghgi-crt-meta"><b>{html.escape(str(r[0]))}</b>{extra}</div>')
    out.append('<table class="ghgi-crt">')
    if sheet.data_start > sheet.header_start:
        out.append("<thead>")
        for r in sheet.rows[sheet.header_start:sheet.data_start]:
            cells = "".join(f"<th>{html.escape(str(v)) if v not in (None, '') else ''}</th>"
                            for v in r)
            out.append(f"<tr>{cells}</tr>")
        out.append("</thead>")
    out.append("<tbody>")
    for k in range(sheet.data_start, len(sheet.rows)):
        r = sheet.rows[k]
        if all(v in (None, "") for v in r):
            out.append(f'<tr class="gap"><td colspan="{sheet.ncols}"></td></tr>')
            continue
        cells = [f'<td class="lbl">{html.escape(str(r[0])) if r[0] is not None else ""}</td>']
        for c in range(1, sheet.ncols):
            v = r[c]
            ref = cell_ref(k, c)
            cls = []
            if selected == (k, c):
                cls.append("selected")
            if ref in commented:
                cls.append("commented")
            if v is None:
                cls.append("shaded")
                text = ""
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cls.append("num")
                _, _, unit = sheet.header(c)
                text = fmt_number(float(v), _crt_decimals(unit, sheet.header(c)[1]))
            else:
                text = str(v)
                if text in _KEYS:
                    cls.append("key")
            attr = f' data-cell="{k},{c}" data-ref="{ref}"' if sheet.codes[k] or v is not None \
                else ""
            cells.append(f'<td class="{" ".join(cls)}"{attr}>{html.escape(text)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _crt_decimals(unit: str, name: str) -> int:
    """The CRT's display formats (inventory/crt/layout.py): kt CO2, kt CO2 eq, TJ: 2
    decimals; kt of CH4, N2O and the indirect gases: 4; implied factors and the rest: 3."""
    u = unit.lower()
    if "co2 eq" in u or "tj" in u:
        return 2
    if u in ("(kt)",):
        return 2 if name.strip().upper().startswith("CO2") or "CO2 " in name.upper() \
            or name.lower().startswith("net co2") else 4
    if u.startswith("(%") or "%" in u:
        return 1
    return 3


@dataclass(frozen=True)
class Anchor:
    """What a CRT cell reports: CRT code, sub-row filter, gases, measure and year."""

    sheet: str
    year: int
    row: int
    col: int
    label: str
    header: str
    unit: str
    measure: str = "emissions"            # emissions | ief | activity | other
    crt: str | None = None
    sub_crt: str | None = None             # a CRT child named by the sub-row
    fuel_group: str | None = None
    activity: str | None = None
    gases: tuple[str, ...] = ()            # () = every gas
    value: object = None
    note: str = ""

    @property
    def ref(self) -> str:
        return cell_ref(self.row, self.col)

    @property
    def code(self) -> str | None:
        return self.sub_crt or self.crt


def _gases_of(text: str, run_gases: list[str]) -> tuple[str, ...] | None:
    """The gases a header names: a single gas, 'HFCs'/'PFCs' (every species of the run),
    the unspecified mix, a species (HFC134a), or None (all gases / not a gas)."""
    s = text.strip()
    if not s:
        return None
    if s in run_gases:
        return (s,)
    up = s.upper()
    if "F-GAS" in up or "F GAS" in up:
        return tuple(g for g in run_gases if g.upper().startswith(
            ("HFC", "CF4", "C2F6", "C3F8", "C4F", "C5F", "C6F", "C7F", "C8F", "C10F", "CC3F6",
             "CC4F8", "SF6", "NF3", "UNSPMIX")))
    if up.startswith("TOTAL") or "GHG" in up:
        return None
    if "UNSPECIFIED MIX" in up:
        return tuple(g for g in run_gases if g.lower().startswith("unspmix")) or ("UnspMixOfHFCsPFCs",)
    if re.search(r"\bHFCS\b", up):
        return tuple(g for g in run_gases if g.upper().startswith("HFC"))
    if re.search(r"\bPFCS\b", up):
        return tuple(g for g in run_gases if g.upper().startswith(("CF4", "C2F6", "C3F8", "C4F",
                                                                   "C5F", "C6F", "C7F", "C8F",
                                                                   "C10F", "CC3F6", "CC4F8")))
    if re.fullmatch(r"CO( EMISSIONS)?", up):
        return ("CO",)
    for g in _GAS_TOKENS:
        if re.search(rf"(^|[^A-Z0-9]){g.upper()}([^A-Z0-9]|$)", up):
            return (g,)
    return None


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def cell_anchor(run: ReviewRun, sheet: CrtSheet, row: int, col: int) -> Anchor:
    """What cell (row, col) of ``sheet`` reports (see the module doc)."""
    r = sheet.rows[row]
    label = str(r[0]).strip() if r[0] is not None else ""
    group, name, unit = sheet.header(col)
    value = r[col] if col < len(r) else None
    gases_all = sorted(pd.unique(run.aggregates["gas"]))
    base = dict(sheet=sheet.name, year=sheet.year, row=row, col=col, label=label,
                header=" / ".join(x for x in (group, name) if x), unit=unit, value=value)
    code = sheet.codes[row] if row < len(sheet.codes) else None
    if sheet.name in _NOT_ANCHORED:
        return Anchor(**base, measure="other", note=_NOT_ANCHORED[sheet.name])
    if row < sheet.data_start or code is None:
        return Anchor(**base, measure="other", note="this cell is not part of a CRT category row")
    year = sheet.year
    g_up = group.upper()
    measure = "emissions"
    if any(w in g_up for w in ("REFERENCE APPROACH", "SECTORAL APPROACH", "DIFFERENCE")):
        return Anchor(**base, measure="other", crt=code,
                      note="the reference approach is background data "
                           "(tables/energy.reference_approach.csv), not emission rows")
    if "RECOVER" in g_up or "RECOVER" in name.upper():
        measure = "activity"  # recovered amounts: the rows are context, not the cell's sum
    elif "IMPLIED" in g_up or "FACTOR" in g_up:
        measure = "ief"
    elif "ACTIVITY" in g_up or "AMOUNT" in g_up or "ALLOCATION" in g_up or \
            "ADDITIONAL" in g_up or "NITROGEN" in g_up or "ENERGY" in g_up or "CARBON" in g_up:
        measure = "activity"
    if name.strip().isdigit() and _YEAR.fullmatch(name.strip()) or name.startswith("Base year"):
        year = int(_YEAR.search(name).group(0))  # Table10: one column per year
        gases = _gases_of(sheet.title.split(" - ")[-1], gases_all) \
            if " - " in sheet.title else None
    else:
        gases = _gases_of(name, gases_all)
    sub_crt = fuel = activity = None
    note = sheet.row_notes.get(row, "")
    own = _own_code(run, sheet, label)[0]
    if not own and not label.lower().startswith("total"):
        # a sub-row of `code`: a child category by title, a fuel group, a gas or an activity
        titles = run.crt_tree["title"]
        low = _ENUM.sub("", label.lower())
        children = [c for c in titles.index if c != code and code in run.crt_chain_of(c)
                    and str(titles[c]).lower() == low]
        if children:
            sub_crt = children[0]
        elif low in FUEL_GROUPS:
            fuel = FUEL_GROUPS[low]
        elif label in gases_all:
            gases = (label,)
        else:
            e = run.emissions
            acts = pd.unique(e.loc[run.in_crt(e["crt_category"], code) |
                                   e["memo_item"].astype(object).isin([code]), "activity"])
            key = _norm(low)
            exact = [a for a in acts if _norm(str(a)) == key]
            loose = [a for a in acts if key and (key in _norm(str(a)) or _norm(str(a)) in key)]
            pick = exact or loose
            if pick:
                activity = pick[0] if len(pick) == 1 else None
                if activity is None:
                    note = f"sub-row '{label}' matches several activities: {', '.join(pick)}"
            else:
                note = f"sub-row '{label}' could not be matched to a category or activity; " \
                       f"showing every row of {code}"
    return Anchor(**{**base, "year": year}, measure=measure, crt=code, sub_crt=sub_crt,
                  fuel_group=fuel, activity=activity, gases=tuple(gases or ()), note=note)


def cell_rows(run: ReviewRun, a: Anchor) -> pd.DataFrame:
    """The emission rows behind an anchored cell (every region, the anchor's year), memo
    rows included (the column ``memo`` says which ones the CRT keeps out of the totals)."""
    e = run.emissions
    if a.code is None:
        return e.iloc[0:0]
    code = a.code
    mask = run.in_crt(e["crt_category"], code)
    if "memo_item" in e:
        memo_codes = [c for c in pd.unique(e["memo_item"].dropna()) if code in
                      run.crt_chain_of(str(c))]
        mask |= e["memo_item"].isin(memo_codes)
    mask &= e["year"] == int(a.year)
    if a.gases:
        mask &= e["gas"].isin(list(a.gases))
    if a.fuel_group:
        mask &= e["fuel_group"] == a.fuel_group
    if a.activity:
        mask &= e["activity"] == a.activity
    out = e[mask]
    return out.sort_values(["category", "activity", "gas", "region"]).reset_index(drop=True)


def rows_total(rows: pd.DataFrame, memo_code: bool = False) -> tuple[float, float]:
    """Sum of the rows [kt gas, kt CO2-eq] the CRT counts: the memo rows for a memo code
    (1.D, 5.F), else the others; when there are only memo rows (the biomass CO2 of a
    category), those."""
    if rows.empty:
        return math.nan, math.nan
    keep = rows["memo"] if memo_code else ~rows["memo"]
    r = rows[keep] if keep.any() else rows
    return float(r["value"].sum(min_count=1)), float(r["value_co2eq"].sum(min_count=1))
