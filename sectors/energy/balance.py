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
row by mode). The reader returns activity rows the energy sector's methods already compute:

* fuel combustion (category 1.A.x, IPCC fuel, TJ): final consumption by sector with the
  non-energy use of industry subtracted, and the fuel inputs to thermal power and heating;
* the reference approach (category 1.A, ``<fuel>:<flow>``, TJ): production (primary fuels),
  imports (+ inflow from other provinces), exports (+ outflow), international bunkers, stock
  changes, non-energy use;
* electricity inflow/outflow (``electricity:imports`` / ``electricity:exports``, MWh) for the
  indirect-CO2 indicator.

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

from inventory import schema
from inventory.errors import InputError, Location
from inventory.labels import label, register_labels
from inventory.notation import NOTATION_DTYPE
from inventory.units import conversion_factor

__all__ = ["products", "flows", "cell_rules", "read_balance_workbook", "BalanceSheet",
           "parse_sheet", "balance_activity", "map_cells", "TJ_PER_TCE", "UNITS",
           "read_energy_balance", "balance_sheets_of_project", "sheets_of_input"]

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


def _t(key: str, language: str) -> str:
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
        raise InputError(_t("msg.no_header", language), Location(file, sheet),
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
            raise InputError(f"{_t('msg.unknown_product', language)} '{t}'",
                             Location(file, sheet, r, c), _t("expect.product", language))
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
                    raise InputError(f"{_t('msg.unknown_unit', language)} '{u}'",
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
            raise InputError(f"{_t('msg.unknown_row', language)} '{text}'",
                             Location(file, sheet, r, col), _t("expect.row", language))
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
                raise InputError(f"{_t('msg.text_in_numeric', language)}: '{t}'", Location(
                    file, sheet, r, f"{c} ({meta.loc[p, 'en']})"), _t("expect.number", language))
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
            raise InputError(f"{_t('msg.region_year_unknown', language)} '{name}': "
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


# ---------------------------------------------------------------------------- mapping
def _coefficients(options: dict | None) -> pd.Series:
    coef = products()["tce_per_unit"].copy()
    for p, v in ((options or {}).get("balance_coefficients") or {}).items():
        if p not in coef.index:
            raise InputError(f"unknown product '{p}'", "inventory.yml, key "
                             "options.energy.balance_coefficients",
                             "a product id of sectors/energy/data/energy_balance_products.csv")
        coef[p] = float(v)
    return coef


def to_tce(cells: pd.DataFrame, options: dict | None = None) -> np.ndarray:
    """Standard coal [tce] of each cell: the value itself for a standard-coal unit, else
    physical x the GB/T 2589 coefficient (NaN where the product has none)."""
    meta = products()
    coef = _coefficients(options)
    out = np.full(len(cells), np.nan)
    for (p, u), idx in cells.groupby(["product", "unit"]).groups.items():
        base, mult = UNITS[u]
        if base == "tce":
            out[cells.index.get_indexer(idx)] = cells.loc[idx, "value"].to_numpy() * mult
            continue
        denom = meta.loc[p, "tce_unit"].split("/", 1)[1]
        f = mult * conversion_factor(base, denom)
        out[cells.index.get_indexer(idx)] = cells.loc[idx, "value"].to_numpy() * f * coef[p]
    return out


def map_cells(sheet: BalanceSheet, options: dict | None = None) -> pd.DataFrame:
    """Every cell of a parsed sheet with its inventory meaning: standard coal, TJ, the IPCC
    category and fuel where it is fuel combustion, the reference-approach flow, and ``use``
    (combustion, reference, electricity, nonenergy, check_only)."""
    c = sheet.cells.copy()
    f = flows()
    meta = products()
    c["kind"] = c["flow"].map(f["kind"])
    c["tce"] = to_tce(c, options)
    c["tj"] = c["tce"] * TJ_PER_TCE
    c["ipcc_fuel"] = c["product"].map(meta["ipcc_fuel"]).replace("", None)
    cat = c["flow"].map(f["ipcc_category"]).replace("", None)
    rules = cell_rules()
    for _, r in rules.iterrows():
        hit = (c["flow"] == r["flow"]) & ((c["product"] == r["product"]) | (
            (r["product"] == "*") & cat.eq(f.loc[r["flow"], "ipcc_category"])
            & ~c["product"].isin(rules.loc[(rules["flow"] == r["flow"])
                                           & (rules["product"] != "*"), "product"])))
        cat = cat.where(~hit, r["ipcc_category"])
        if r["ipcc_fuel"]:
            c.loc[hit, "ipcc_fuel"] = r["ipcc_fuel"]
    # combustion: final consumption and the inputs (negative cells) of power and heat
    transf_in = (c["kind"] == "transformation") & (
        (c["direction"] == "input") | ((c["direction"] == "") & (c["value"] < 0)))
    combust = (c["kind"].isin(["final", "households_total"]) | transf_in) & cat.notna() & \
        c["ipcc_fuel"].notna()
    c["ipcc_category"] = cat.where(combust, None)
    c["reference_flow"] = c["flow"].map(f["reference_flow"]).replace("", None)
    c["region"], c["year"], c["sheet"] = sheet.region, sheet.year, sheet.sheet
    c["use"] = np.select(
        [combust, c["kind"].eq("nonenergy") & c["ipcc_fuel"].notna(),
         c["reference_flow"].notna() & c["ipcc_fuel"].notna(),
         (c["product"] == "electricity") & c["flow"].isin(["inflow", "outflow", "imports",
                                                           "exports"])],
        ["combustion", "nonenergy", "reference", "electricity"], "check_only")
    return c


def _households(c: pd.DataFrame) -> pd.DataFrame:
    """Drop the households total where its urban and rural parts are given (per product)."""
    parts = c[c["flow"].isin(["urban_households", "rural_households"])]["product"].unique()
    return c[~((c["flow"] == "households") & c["product"].isin(parts))]


def balance_activity(sheet: BalanceSheet, options: dict | None = None,
                     language: str = "en") -> pd.DataFrame:
    """Activity rows of one sheet (fuel combustion in TJ with non-energy use subtracted from
    industry, reference-approach flows in TJ, electricity trade in MWh)."""
    c = _households(map_cells(sheet, options))
    missing = c[c["use"].isin(["combustion", "nonenergy", "reference"]) & c["tj"].isna()
                & (c["value"] != 0)]
    if len(missing):
        first = missing.iloc[0]
        raise InputError(f"{_t('msg.no_coefficient', language)} '{first['product']}' "
                         f"({first['unit']})", first["source_ref"],
                         _t("expect.coefficient", language))
    frames = []
    comb = c[c["use"] == "combustion"].assign(tj=lambda d: d["tj"].abs())
    # non-energy use of industry: subtracted from the industry cell of the same product
    ne = c[c["use"] == "nonenergy"]
    if len(comb):
        comb = comb.copy()
        ne_tj = ne.groupby("product")["tj"].sum()
        is_ind = (comb["flow"] == "industry").to_numpy()
        sub = comb.loc[is_ind, "product"].map(ne_tj).fillna(0.0).to_numpy()
        comb.loc[is_ind, "tj"] = comb.loc[is_ind, "tj"].to_numpy() - sub
        comb.loc[is_ind, "ne_cells"] = comb.loc[is_ind, "product"].map(
            ne.groupby("product")["cell"].agg(";".join))
        comb = comb[comb["tj"] > 0]
        frames.append(_rows(comb, "ipcc_category", comb["ipcc_fuel"], "TJ", "tj", sheet,
                            "fuel combustion from the energy balance"))
    ref = c[c["use"].isin(["reference", "nonenergy"])].copy()
    if len(ref):
        ref["ra"] = np.where(ref["use"] == "nonenergy", "nonenergy_use", ref["reference_flow"])
        stock = ref["ra"] == "stock"
        ref.loc[stock, "ra"] = np.where(ref.loc[stock, "value"] < 0, "stock_increase",
                                        "stock_decrease")
        ref["tj"] = ref["tj"].abs()
        ref = ref[ref["tj"] > 0]
        # production counts for primary fuels only (IPCC 2006 Vol.2 Ch.6 Eq. 6.3)
        from sectors.energy.fuels import fuels

        prim = ref["ipcc_fuel"].map(fuels()["primary"]).eq("yes")
        ref = ref[(ref["ra"] != "production") | prim]
        ref["cat"] = "1.A"
        frames.append(_rows(ref, "cat", ref["ipcc_fuel"] + ":" + ref["ra"], "TJ", "tj",
                            sheet, "energy balance flow (reference approach)"))
    el = c[c["use"] == "electricity"].copy()
    if len(el):
        el["mwh"] = el["value"].abs() * el["unit"].map(lambda u: UNITS[u][1]
                                                       * conversion_factor(UNITS[u][0], "MWh")
                                                       if UNITS[u][0] != "tce" else np.nan)
        el["cat"] = "1.A"
        direction = np.where(el["flow"].isin(["inflow", "imports"]), "imports", "exports")
        frames.append(_rows(el, "cat", "electricity:" + pd.Series(direction, index=el.index),
                            "MWh", "mwh", sheet, "electricity inflow/outflow (indirect CO2)"))
    frames = [f for f in frames if len(f)]
    if not frames:
        return schema.empty("activity")
    return pd.concat(frames, ignore_index=True)


def _rows(c: pd.DataFrame, cat_col: str, activity: pd.Series, unit: str, value_col: str,
          sheet: BalanceSheet, what: str) -> pd.DataFrame:
    """Cells summed into activity rows per (category, activity); ids name every cell."""
    d = c.assign(_cat=c[cat_col].to_numpy(), _act=activity.to_numpy())
    if "ne_cells" in d:
        d["cell"] = np.where(d["ne_cells"].notna() & (d["ne_cells"] != ""),
                             d["cell"] + " - " + d["ne_cells"].fillna(""), d["cell"])
    g = d.groupby(["_cat", "_act"], sort=True).agg(
        value=(value_col, "sum"), cells=("cell", ";".join),
        products=("product", lambda s: ", ".join(dict.fromkeys(s))),
        first_ref=("source_ref", "first")).reset_index()
    ref_base = f"file {sheet.file}, sheet '{sheet.sheet}'"
    return pd.DataFrame({
        "region": sheet.region, "year": sheet.year, "category": g["_cat"],
        "activity": g["_act"], "value": g["value"].to_numpy(dtype=float), "unit": unit,
        "notation_key": None,
        "source": "energy balance table (" + ("standard coal" if sheet.standard_coal else
                                              "physical quantities, GB/T 2589 coefficients") + ")",
        "note": what + ": " + g["products"],
        "activity_id": f"{sheet.file}!{sheet.sheet}!" + g["cells"].str.split(";").str[0]
        + np.where(g["cells"].str.contains(";"), "+", ""),
        "source_ref": ref_base + ", cells " + g["cells"],
    })


def read_energy_balance(item, project) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The input reader ``table: energy_balance``: activity rows of every sheet (a region and
    year given both as a standard-coal and a physical sheet takes its energy from the
    standard-coal sheet)."""
    from inventory.categories import ensure_known_categories, to_crt
    from inventory.units import to_canonical

    sheets = sheets_of_input(item, project)
    options = project.options.get("energy", {})
    language = getattr(project, "language", "en")
    by_key: dict[tuple, BalanceSheet] = {}
    for s in sheets:
        key = (s.region, s.year)
        if key in by_key and by_key[key].standard_coal == s.standard_coal:
            raise InputError(f"{_t('msg.twice', language)}: {s.region} {s.year} "
                             f"('{by_key[key].sheet}', '{s.sheet}')", Location(s.file, s.sheet),
                             "one physical and/or one standard-coal sheet per region and year")
        if key not in by_key or s.standard_coal:
            by_key[key] = s
    frames = [balance_activity(s, options, language) for s in by_key.values()]
    frames = [f for f in frames if len(f)]
    if not frames:
        return schema.empty("activity"), schema.empty("parameters")
    act = pd.concat(frames, ignore_index=True)
    ensure_known_categories(act["category"], act["source_ref"])
    to_crt(act["category"], act["source_ref"])
    act["value"], act["unit"] = to_canonical(act["value"], act["unit"], act["source_ref"])
    act["notation_key"] = pd.Categorical([None] * len(act), dtype=NOTATION_DTYPE)
    act["year"] = act["year"].astype("int64")
    return schema.ensure_valid(act, "activity"), schema.empty("parameters")
