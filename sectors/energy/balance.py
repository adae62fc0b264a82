"""China's statistical energy balance table (能源平衡表) as an input format.

A province (or the nation) has its energy data as the balance table of the statistical yearbook:
energy products in columns (raw coal ... electricity, other energy), flows in rows (supply,
transformation inputs and outputs, losses, final consumption by sector, the statistical
difference), in physical units (10^4 t, 10^8 m3, 10^8 kWh, 10^10 kJ) or in standard coal
(10^4 tce). ``inventory.yml``::

    inputs:
      - file: data/balance_NTH.xlsx
        table: energy_balance
        region: NTH            # else the sheet name '<region> <year>' (or the only region)
        year: 2021             # else the sheet name ('2021', 'NTH 2021')

Each sheet holds one region and year, in either layout of the yearbooks (products as columns,
or products as rows: found from the labels). Labels may be Chinese, English or both in one cell
("原煤 Raw Coal", units in brackets). The unit of each product comes from a unit row under the
header, a unit in the header label, or the product's yearbook unit
(``data/energy_balance_products.csv``); a sheet in standard coal says so in its unit row or with
``unit: 10^4 tce`` on the input.

Mapping (cited, editable data files): products -> IPCC 2006 fuels
(``energy_balance_products.csv``), rows -> IPCC 2006 categories and reference-approach flows
(``energy_balance_flows.csv``), exceptions per cell (``energy_balance_cells.csv``: the transport
row by mode). This module reads the sheets into cells; :mod:`sectors.energy.balance_mapping`
maps the cells to the activity rows the energy sector's methods already compute (fuel
combustion, reference-approach flows, electricity trade) and is the input reader.

Energy content: standard coal x 29.3076 GJ/tce, physical quantities through the GB/T 2589
coefficients of ``energy_balance_products.csv`` (a sheet in standard coal needs none; a product
without a verified coefficient needs a standard-coal sheet or
``options.energy.balance_coefficients``). Every activity row names the cells it came from.

Structural errors (an unknown product column or row label, text in a numeric cell, an unknown
unit) stop the intake naming file, sheet, row and column; the table's own consistency (balance
closing, transformation outputs above inputs, non-energy use above industry) is checked by the
checks of :mod:`sectors.energy.balance_checks`, which name the cells too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from inventory.errors import InputError, Location
from inventory.labels import label, register_labels

__all__ = ["products", "flows", "cell_rules", "read_balance_workbook", "BalanceSheet",
           "parse_sheet", "TJ_PER_TCE", "UNITS", "balance_sheets_of_project", "sheets_of_input",
           "message"]

DATA = Path(__file__).resolve().parent / "data"
TJ_PER_TCE = 29.3076e-3          # GB/T 2589: 1 kgce = 29,307.6 kJ
MWH_PER_TJ = 1e6 / 3600.0

# unit label -> (unit the coefficient's denominator understands, multiplier)
UNITS = {
    "10^4 t": ("t", 1e4), "万吨": ("t", 1e4), "t": ("t", 1.0), "吨": ("t", 1.0),
    "10^8 m3": ("m3", 1e8), "亿立方米": ("m3", 1e8), "10^4 m3": ("m3", 1e4),
    "万立方米": ("m3", 1e4), "m3": ("m3", 1.0),
    "10^8 kWh": ("MWh", 1e5), "亿千瓦时": ("MWh", 1e5), "亿千瓦小时": ("MWh", 1e5),
    "10^4 kWh": ("MWh", 10.0), "万千瓦时": ("MWh", 10.0), "MWh": ("MWh", 1.0),
    "10^10 kJ": ("GJ", 1e4), "万百万千焦": ("GJ", 1e4), "GJ": ("GJ", 1.0),
    "10^4 tce": ("tce", 1e4), "万吨标准煤": ("tce", 1e4), "tce": ("tce", 1.0),
    "吨标准煤": ("tce", 1.0),
}
_STANDARD_COAL = {"10^4 tce", "万吨标准煤", "tce", "吨标准煤"}
register_labels("energy", DATA / "labels.csv")


def message(key: str, language: str) -> str:
    """The fixed part of a message in the project's language (data/labels.csv)."""
    return label(f"energy.{key}", language)


# ---------------------------------------------------------------------------- mapping data
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, comment="#", dtype=str, keep_default_na=False)


def _norm(text) -> str:
    """A label reduced for matching: no numbering, 'of which', brackets, spaces or case."""
    t = str(text).strip().lower()
    t = t.replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":")
    t = re.sub(r"\([-+]\)", "", t)
    t = re.sub(r"^(其中|of which)\s*:?", "", t)
    t = re.sub(r"^([一二三四五六七八九十]+[、.]|\(?\d+\)?[、.)]?|\([一二三四五六七八九十]+\))\s*", "", t)
    t = re.sub(r"\((万吨标准煤|万吨|亿立方米|亿千瓦小时|亿千瓦时|万百万千焦|10\^?\d+[^)]*|104[^)]*"
               r"|108[^)]*|1010[^)]*)\)", "", t)
    return re.sub(r"[\s\"'、,.·]", "", t).replace("()", "")


def _labels(df: pd.DataFrame, key: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, r in df.iterrows():
        for lab in [r["zh"], r["en"], *[a for a in r["aliases"].split("|") if a]]:
            out[_norm(lab)] = r[key]
    return out


@cache
def products() -> pd.DataFrame:
    """``energy_balance_products.csv`` indexed by product id."""
    df = _read("energy_balance_products.csv")
    df["tce_per_unit"] = pd.to_numeric(df["tce_per_unit"].replace("", np.nan))
    return df.set_index("product", drop=False)


@cache
def flows() -> pd.DataFrame:
    """``energy_balance_flows.csv`` indexed by flow id."""
    return _read("energy_balance_flows.csv").set_index("flow", drop=False)


@cache
def cell_rules() -> pd.DataFrame:
    """``energy_balance_cells.csv``: category/fuel of particular (row, product) cells."""
    return _read("energy_balance_cells.csv")


@cache
def _product_labels() -> dict[str, str]:
    return _labels(products().reset_index(drop=True), "product")


@cache
def _flow_labels() -> dict[str, str]:
    return _labels(flows().reset_index(drop=True), "flow")


def _match(label: str, table: dict[str, str]) -> str | None:
    """Product or flow id of a (possibly bilingual) label: the whole label, else its Chinese
    part, else its other part."""
    n = _norm(label)
    if not n:
        return None
    if n in table:
        return table[n]
    zh = "".join(re.findall(r"[\u4e00-\u9fff、，（）()]+", str(label)))
    rest = re.sub(r"[\u4e00-\u9fff]+", " ", str(label))
    for part in (zh, rest):
        p = _norm(part)
        if p and p in table:
            return table[p]
    # a label with the flow's direction spelled out ('火力发电 投入', 'Thermal Power Input')
    base = re.sub(r"(投入|产出|input|output)$", "", n)
    return table.get(base) if base != n else None


# ---------------------------------------------------------------------------- parsing
@dataclass
class BalanceSheet:
    """One sheet of a balance workbook, parsed: one row per non-empty cell."""

    file: str
    sheet: str
    region: str
    year: int
    standard_coal: bool
    cells: pd.DataFrame      # flow, product, direction, value, unit, row_label, source_ref, cell


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def _is_number_text(t: str) -> bool:
    try:
        float(t.replace(",", "").replace(" ", ""))
        return True
    except ValueError:
        return False


def _find_header(grid: np.ndarray) -> tuple[int, str]:
    """(row index, 'columns' or 'rows'): the first row with three or more product labels
    (products as columns) or, failing that, three or more flow labels (products as rows)."""
    plabels, flabels = _product_labels(), _flow_labels()
    for i in range(min(len(grid), 15)):
        texts = [_text(v) for v in grid[i]]
        if sum(_match(t, plabels) is not None for t in texts if t) >= 3:
            return i, "columns"
        if sum(_match(t, flabels) is not None for t in texts if t) >= 3:
            return i, "rows"
    raise InputError("no header row with energy products or balance rows found in the first "
                     "15 rows", None, "the yearbook's energy balance layout: product names "
                     "(原煤 Raw Coal, ...) as column headers, or balance rows as column headers")


def _unit_of(label: str) -> str | None:
    m = re.search(r"[（(]\s*([^()（）]+?)\s*[)）]", label)
    if m and m.group(1) in UNITS:
        return m.group(1)
    return None


def parse_sheet(raw: pd.DataFrame, file: str, sheet: str, region: str | None,
                year: int | None, unit: str | None = None, language: str = "en"
                ) -> BalanceSheet:
    """Cells of one balance sheet (either layout) with their flow, product, value and unit;
    structural problems are errors naming the cell."""
    grid = raw.to_numpy(dtype=object)
    try:
        h, layout = _find_header(grid)
    except InputError as exc:
        raise InputError(message("msg.no_header", language), Location(file, sheet),
                         exc.expected) from None
    rows = np.arange(grid.shape[0])
    cols = np.arange(grid.shape[1])
    # work in 'products as columns' orientation, keeping the Excel coordinates of every cell
    if layout == "rows":
        grid = grid.T
        rows, cols = cols, rows
        h, _ = _find_header(grid)     # the products' labels now head the columns
    header = [_text(v) for v in grid[h]]

    def where(i, j):
        r, c = (rows[i], cols[j]) if layout == "columns" else (cols[j], rows[i])
        return int(r) + 1, get_column_letter(int(c) + 1)

    plabels, flabels = _product_labels(), _flow_labels()
    first = next(j for j, t in enumerate(header) if _match(t, plabels))
    prod_cols: dict[int, str] = {}
    for j in range(first, len(header)):
        t = header[j]
        if not t:
            continue
        p = _match(t, plabels)
        if p is None:
            if _norm(t) in ("合计", "total", "能源合计", "totalenergy"):
                continue
            r, c = where(h, j)
            raise InputError(f"{message('msg.unknown_product', language)} '{t}'",
                             Location(file, sheet, r, c), message("expect.product", language))
        prod_cols[j] = p
    # a unit row right under the header
    units = {j: unit or _unit_of(header[j]) for j in prod_cols}
    body_start = h + 1
    if body_start < len(grid):
        row_units = {j: _text(grid[body_start][j]) for j in prod_cols}
        if sum(u in UNITS for u in row_units.values()) >= max(1, len(prod_cols) // 2):
            for j, u in row_units.items():
                if u and u not in UNITS:
                    r, c = where(body_start, j)
                    raise InputError(f"{message('msg.unknown_unit', language)} '{u}'",
                                     Location(file, sheet, r, c), f"{sorted(UNITS)}")
                units[j] = unit or u or units[j]
            body_start += 1
    meta = products()
    for j, p in prod_cols.items():
        units[j] = units[j] or meta.loc[p, "unit"]
    standard = all(u in _STANDARD_COAL for u in units.values())
    recs = []
    for i in range(body_start, len(grid)):
        text = " ".join(_text(v) for v in grid[i][:first] if _text(v))
        values = {j: grid[i][j] for j in prod_cols}
        texts = {j: _text(v) for j, v in values.items()}
        if not text and not any(texts.values()):
            continue
        flow = _match(text, flabels)
        if flow is None:
            if not any(texts.values()):
                continue          # a heading or note line without numbers
            r, _ = where(i, 0)
            col = get_column_letter(int(cols[0] if layout == "columns" else rows[0]) + 1)
            raise InputError(f"{message('msg.unknown_row', language)} '{text}'",
                             Location(file, sheet, r, col), message("expect.row", language))
        n = _norm(text)
        direction = ("input" if re.search(r"(投入|input)$", n) and
                     flows().loc[flow, "kind"] == "transformation" else
                     "output" if re.search(r"(产出|output)$", n) and
                     flows().loc[flow, "kind"] == "transformation" else "")
        for j, p in prod_cols.items():
            v, t = values[j], texts[j]
            if t in ("", "-", "—", "–", "…", "..."):
                continue
            if isinstance(v, bool) or (isinstance(v, str) and not _is_number_text(t)):
                r, c = where(i, j)
                raise InputError(f"{message('msg.text_in_numeric', language)}: '{t}'", Location(
                    file, sheet, r, f"{c} ({meta.loc[p, 'en']})"), message("expect.number", language))
            val = float(str(v).replace(",", "").replace(" ", "")) if isinstance(v, str) \
                else float(v)
            r, c = where(i, j)
            recs.append({"flow": flow, "product": p, "direction": direction, "value": val,
                         "unit": units[j], "row_label": text, "cell": f"{c}{r}",
                         "source_ref": str(Location(file, sheet, r,
                                                    f"{c} ({meta.loc[p, 'en']})"))})
    cells = pd.DataFrame(recs, columns=["flow", "product", "direction", "value", "unit",
                                        "row_label", "cell", "source_ref"])
    return BalanceSheet(file, sheet, region or "", int(year) if year else 0, standard, cells)


def _sheet_keys(name: str, item_region, item_year, codes) -> tuple[str, int]:
    """(region, year) of a sheet: the input's keys, else the sheet name ('NTH 2021',
    '2021'), else the project's only region."""
    m = re.search(r"(\d{4})", name)
    year = item_year or (int(m.group(1)) if m else None)
    region = item_region or next((c for c in codes if re.search(rf"(^|[\s_-]){re.escape(c)}"
                                                               rf"($|[\s_-])", name)), None)
    if region is None and len(codes) == 1:
        region = codes[0]
    if region is None or year is None:
        raise InputError(f"sheet '{name}': region or year not known", None,
                         "keys region and year on the input in inventory.yml, or a sheet name "
                         "'<region code> <year>'")
    if region not in codes:
        raise InputError(f"sheet '{name}': unknown region '{region}'", None,
                         f"one of the regions in inventory.yml {codes}")
    return region, int(year)


def read_balance_workbook(path: Path, codes: tuple[str, ...], years: tuple[int, int],
                          region: str | None = None, year: int | None = None,
                          unit: str | None = None, language: str = "en"
                          ) -> list[BalanceSheet]:
    """Every sheet of a balance workbook (sheets named README, 说明 or starting with '#'
    are notes and skipped)."""
    try:
        book = pd.read_excel(path, sheet_name=None, dtype=object, header=None,
                             engine="openpyxl", keep_default_na=False, na_values=[""])
    except Exception as exc:
        raise InputError(f"cannot be read as an Excel workbook ({exc})", str(path),
                         "an .xlsx energy balance table") from None
    out = []
    for name, raw in book.items():
        if name.startswith("#") or name.lower() in ("readme", "说明", "notes"):
            continue
        try:
            reg, yr = _sheet_keys(name, region, year, list(codes))
        except InputError as exc:
            raise InputError(f"{message('msg.region_year_unknown', language)} '{name}': "
                             f"{exc.problem}", Location(path.name, name), exc.expected) from None
        if not (years[0] <= yr <= years[1]):
            continue
        out.append(parse_sheet(raw, path.name, name, reg, yr, unit, language))
    return out


@cache
def _cached_workbook(path: str, mtime: int, codes, years, region, year, unit, language):
    return read_balance_workbook(Path(path), codes, years, region, year, unit, language)


def sheets_of_input(item, project) -> list[BalanceSheet]:
    """The parsed sheets of one ``table: energy_balance`` input (each file version read once
    per process)."""
    o = item.options
    year = o.get("year")
    return _cached_workbook(str(item.path), item.path.stat().st_mtime_ns,
                            tuple(project.region_codes), (project.first_year, project.last_year),
                            o.get("region"), int(year) if year else None, o.get("unit"),
                            getattr(project, "language", "en"))


def balance_sheets_of_project(project) -> list[BalanceSheet]:
    """The parsed balance sheets of every ``table: energy_balance`` input: what the intake,
    the checks and the mapped-table product read."""
    return [s for item in project.inputs if item.table == "energy_balance"
            for s in sheets_of_input(item, project)]
