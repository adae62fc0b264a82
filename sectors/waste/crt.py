"""CRT waste sheets: Table5 (sectoral report for waste) and Table5.A-5.D (sectoral background
data with implied emission factors).

* Table5: 5. Total waste, 5.A-5.E with their CRT subcategories, memo items 5.F.1-5.F.3;
  columns CO2, CH4, N2O, NOx, CO, NMVOC, SO2 [kt]. 5.B.1 composting / 5.B.2 anaerobic
  digestion are one IPCC 2006 category (4.B) split by activity; 5.A.1.a/b by SWDS site type
  (``sectors/waste/data/swds_sites.csv``).
* Table5.A: annual waste at the SWDS [kt], CH4 IEF [t CH4 per t waste disposed that year], CH4
  emissions and CH4 recovered [kt], per 5.A row; below, waste disposed and CH4 per waste type.
* Table5.B: waste treated [kt], IEF CH4 and N2O [g/kg], CH4, CH4 recovered, N2O [kt].
* Table5.C: amount of waste [kt wet], IEF CO2 [t/t], CH4 and N2O [kg/t], emissions; the
  biogenic rows show biogenic CO2 (memo: not in the totals), the non-biogenic rows fossil CO2.
* Table5.D: total organic product [kt BOD (domestic) / kt COD (industrial)], CH4 IEF [kg/kg],
  CH4 and CH4 recovered [kt], nitrogen in effluent [kt N], N2O IEF [kg N2O/kg N], N2O [kt];
  below, domestic wastewater per treatment pathway.

Cells follow the rules of docs/crt_export.md: keys roll up with inventory.notation, a cell with
no row at all is NE (CH4 recovery with no recovery rows in a category that has rows: NO), IEF =
sum of emissions / sum of activity over the rows that carry both, else the emission's key or NA.
Memo rows of the waste methods: CH4 recovered (activity ``ch4_recovered``) and biogenic CO2
(4.C) carry memo=True and are read here, never counted; stored carbon (IPCC 2006 4.A, CO2) is
the memo item 5.F.1.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from inventory.crt.data import YearData
from inventory.crt.layout import (
    IEF,
    KT,
    KT_FINE,
    TJ,
    Cell,
    Column,
    Formats,
    SheetContext,
    crt_label,
    finish_sheet,
    resolve,
    write_headers,
    write_notes,
    write_row,
    write_title_block,
)
from inventory.crt.registry import register_sheet
from inventory.notation import rollup_one
from sectors.waste.common import C_TO_CO2
from sectors.waste.solid_waste_disposal import FOD_TABLE

__all__ = ["TABLE5_ROWS", "waste_rows", "cell"]

GASES = ("CO2", "CH4", "N2O", "NOx", "CO", "NMVOC", "SO2")
TABLE5_ROWS = ("5", "5.A", "5.A.1", "5.A.1.a", "5.A.1.b", "5.A.2", "5.A.3", "5.B", "5.B.1",
               "5.B.2", "5.C", "5.C.1", "5.C.2", "5.D", "5.D.1", "5.D.2", "5.D.3", "5.E")
MEMO = ("5.F.1", "5.F.2", "5.F.3")
RECOVERED = "ch4_recovered"
KEYS_NOTE = ("Notation keys: NO = not occurring, NE = not estimated, NA = not applicable, "
             "IE = included elsewhere, C = confidential. A cell with no emission row at all is "
             "reported as NE.")
NAN = (math.nan, None)


def _ref(name: str) -> pd.DataFrame:
    from sectors.waste.common import reference

    return reference(name)


def waste_rows(data: YearData) -> pd.DataFrame:
    """The year's rows of IPCC 2006 sector 4 with ``node`` (the CRT row they belong to at the
    finest level of the sheets), ``first`` / ``second`` (the two parts of the activity id);
    built once per workbook."""
    return data.cached("waste.rows", _waste_rows)


def _waste_rows(data: YearData) -> pd.DataFrame:
    r = data.rows[data.rows["category"].astype(str).str.startswith("4")].copy()
    if r.empty:
        return r.assign(node=None, first=None, second=None)
    parts = r["activity"].astype(str).str.split(":", n=1, expand=True)
    r["first"] = parts[0]
    r["second"] = parts[1] if parts.shape[1] > 1 else ""
    r["second"] = r["second"].fillna("")
    cw = {"4.A.1": "5.A.1", "4.A.2": "5.A.2", "4.A.3": "5.A.3", "4.B": "5.B",
          "4.C.1": "5.C.1", "4.C.2": "5.C.2", "4.D.1": "5.D.1", "4.D.2": "5.D.2",
          "4.E": "5.E"}
    node = r["category"].map(cw)
    site_row = r["second"].map(_ref("swds_sites")["crt_row"])
    node = node.where(~((r["category"] == "4.A.1") & site_row.notna()), site_row)
    bio = r["first"].map(_ref("biological_treatments")["crt_row"])
    node = node.where(~((r["category"] == "4.B") & bio.notna()), bio)
    r["node"] = node
    return r


def cell(rows: pd.DataFrame, value: str = "value", missing: str = "NE") -> Cell:
    """Sum of ``rows`` with the notation-key rules; ``missing`` where there are no rows."""
    if rows.empty:
        return missing
    total, key, _ = rollup_one(rows[value].to_numpy(dtype=float),
                               rows["key"].astype(object).to_numpy())
    return resolve(total, key, missing)


def _under(rows: pd.DataFrame, node: str) -> pd.DataFrame:
    """Rows whose CRT row is ``node`` or below it (one boolean filter; the test per distinct
    node, in Python, costs less than pandas string methods on these few rows)."""
    nodes = rows["node"].to_numpy(dtype=object)
    below = node + "."
    hit = {}
    for x in set(nodes):
        t = str(x)
        hit[x] = t == node or t.startswith(below)
    return rows[np.fromiter((hit[x] for x in nodes), dtype=bool, count=len(nodes))]


def _ief(em: Cell, rows: pd.DataFrame, scale: float, activity: str = "activity_value"
         ) -> Cell:
    if isinstance(em, str):
        return em
    both = rows[rows["value"].notna() & rows[activity].notna()]
    total = both[activity].sum()
    if both.empty or not total > 0:
        return "NA"
    return float(both["value"].sum() / total * scale)


def _emissions(rows: pd.DataFrame, gas: str) -> pd.DataFrame:
    return rows[(rows["gas"].to_numpy(dtype=object) == gas)
                & ~rows["memo_eff"].to_numpy(dtype=bool)]


def _recovery(rows: pd.DataFrame) -> Cell:
    """CH4 recovered: the rows whose activity names it (a mask over the columns, no frame)."""
    first = rows["first"].to_numpy(dtype=object)
    second = rows["second"].to_numpy(dtype=object)
    m = (((first == RECOVERED) | (second == RECOVERED))
         & (rows["gas"].to_numpy(dtype=object) == "CH4"))
    if not m.any():
        return "NO" if len(rows) else "NE"
    total, key, _ = rollup_one(rows["value"].to_numpy(dtype=float)[m],
                               rows["key"].astype(object).to_numpy()[m])
    return resolve(total, key, "NE")


# IPCC 2006 Vol.5: CO2 from SWDS, biological treatment and wastewater is biogenic and not
# reported (Ch.3 Sect. 3.1, Ch.4 Sect. 4.1, Ch.6 Sect. 6.1); SWDS are no N2O source (Ch.3).
_NOT_A_SOURCE = {("5.A", "CO2"), ("5.A", "N2O"), ("5.B", "CO2"), ("5.D", "CO2")}


def _not_applicable(code: str, gas: str, c: Cell) -> Cell:
    """NA instead of NE where the guidelines have no such source and no row exists."""
    if c == "NE" and any((code == n or code.startswith(n + ".")) and gas == g
                         for n, g in _NOT_A_SOURCE):
        return "NA"
    return c


def _header(ws, fmt, ctx, title, cols):
    row = write_title_block(ws, fmt, ctx, title)
    return write_headers(ws, fmt, row, "GREENHOUSE GAS SOURCE AND SINK CATEGORIES", cols)


def _depth(code: str) -> int:
    return code.count(".")


# ---------------------------------------------------------------- Table5
@register_sheet("Table5", order=500)
def write_table5(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column(g, g, "(kt)", KT if g == "CO2" else KT_FINE, group="EMISSIONS")
            for g in GASES]
    first = _header(ws, fmt, ctx, "TABLE 5 SECTORAL REPORT FOR WASTE", cols)
    rows = waste_rows(data)
    row = first
    for code in TABLE5_ROWS:
        cells: list[Cell] = []
        for g in GASES:
            found = data.by_crt_gas.get((code, g))
            if found is None and code in ("5.A.1.a", "5.A.1.b", "5.B.1", "5.B.2"):
                sub = _emissions(_under(rows, code), g)
                cells.append(cell(sub))
            else:
                cells.append(resolve(*(found or NAN)))
        cells = [_not_applicable(code, g, c) for g, c in zip(GASES, cells, strict=True)]
        label = "Total waste" if code == "5" else crt_label(code)
        write_row(ws, fmt, row, label, cells, cols, indent=_depth(code), bold=_depth(code) <= 1)
        row += 1
    ws.write_string(row, 0, "Memo items:", fmt.label(0, True))
    row += 1
    for code in MEMO:
        cells = [resolve(*data.memo_by_gas.get((code, "CO2"), NAN)) if g == "CO2" else None
                 for g in GASES]
        write_row(ws, fmt, row, crt_label(code), cells, cols, indent=1)
        row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "5.F.1: carbon put into long-term storage in SWDS in the year, W x DOC x (1 - DOCf) "
        "(IPCC 2006 Vol.5 Ch.3 Sect. 3.4), as kt CO2 (kt C x 44/12); not in the totals.",
        "Biogenic CO2 from incineration and open burning is not included (see Table5.C). NA: "
        "CO2 from 5.A, 5.B and 5.D is biogenic and N2O is no SWDS source (IPCC 2006 Vol.5).",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table5.A
def _by_waste_type(data: YearData, rows: pd.DataFrame) -> dict[str, tuple[Cell, ...]]:
    """Table5.A background by waste type: waste disposed, CH4 IEF, CH4 and the carbon stored
    long-term [kt CO2], from the FOD series of the background table ``waste.fod`` (the year's
    rows); series given only as notation keys add their keys (sectors/waste/
    solid_waste_disposal.py)."""
    fod = data.table(FOD_TABLE)
    fod = fod[~fod["history"].astype(bool)]
    model = pd.DataFrame({"first": fod["waste_type"].astype(str),
                          "value": fod["ch4_emitted"].astype(float),
                          "activity_value": fod["deposited"].astype(float),
                          "stored": fod["stored_c"].astype(float) * C_TO_CO2, "key": None})
    ch4 = _emissions(rows, "CH4")
    keyed = ch4[ch4["value"].isna()]
    stored_keyed = data.rows[(data.rows["category"].astype(str) == "4.A")
                             & (data.rows["gas"] == "CO2") & data.rows["value"].isna()]
    stored_keyed = stored_keyed.assign(
        first=stored_keyed["activity"].astype(str).str.split(":").str[0])
    out = {}
    for waste in sorted(set(model["first"]) | set(ch4["first"].astype(str))):
        sub = pd.concat([model[model["first"] == waste],
                         keyed.loc[keyed["first"] == waste, ["first", "value",
                                                             "activity_value", "key"]]],
                        ignore_index=True)
        em = cell(sub)
        st = pd.concat([model.loc[model["first"] == waste, ["stored", "key"]]
                        .rename(columns={"stored": "value"}),
                        stored_keyed.loc[stored_keyed["first"] == waste, ["value", "key"]]],
                       ignore_index=True)
        out[waste] = (cell(sub, "activity_value"), _ief(em, sub, 1.0), em, cell(st))
    return out


@register_sheet("Table5.A", order=501)
def write_table5a(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("ad", "Annual waste at the SWDS", "(kt)", TJ, group="ACTIVITY DATA"),
            Column("ief", "CH4", "(t/t waste)", IEF, group="IMPLIED EMISSION FACTOR"),
            Column("CH4", "CH4", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("rec", "CH4 recovery", "(kt)", KT_FINE, group="EMISSIONS")]
    first = _header(ws, fmt, ctx, "TABLE 5.A SECTORAL BACKGROUND DATA FOR WASTE - Solid "
                    "waste disposal", cols)
    rows = _under(waste_rows(data), "5.A")
    row = first
    for code in ("5.A", "5.A.1", "5.A.1.a", "5.A.1.b", "5.A.2", "5.A.3"):
        sub = _under(rows, code)
        em_rows = _emissions(sub, "CH4")
        em = cell(em_rows)
        ad = cell(em_rows, "activity_value") if len(em_rows) else "NE"
        rec = _recovery(sub)
        if code in ("5.A.1.a", "5.A.1.b") and not isinstance(_recovery(_under(rows, "5.A.1")),
                                                             str):
            rec = "IE"   # recovery is reported per category, in 5.A.1
        write_row(ws, fmt, row, crt_label(code), [ad, _ief(em, em_rows, 1.0), em, rec],
                  cols, indent=_depth(code) - 1, bold=_depth(code) <= 1)
        row += 1
    # background: by waste type
    row += 1
    bcols = [Column("ad", "Waste disposed", "(kt)", TJ, group="BY WASTE TYPE"),
             Column("ief", "CH4 IEF", "(t/t waste)", IEF, group="BY WASTE TYPE"),
             Column("CH4", "CH4", "(kt)", KT_FINE, group="BY WASTE TYPE"),
             Column("stored", "Long-term stored C", "(kt CO2)", KT, group="BY WASTE TYPE")]
    row = write_headers(ws, fmt, row, "Waste type (all SWDS)", bcols)
    for waste, (ad, ief, em, stored) in _by_waste_type(data, rows).items():
        write_row(ws, fmt, row, waste, [ad, ief, em, stored], bcols, indent=1)
        row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "CH4 from the first-order decay model (IPCC 2006 Vol.5 Ch.3): emissions of a year come "
        "from all waste disposed since the start of the disposal history. IEF = CH4 emitted / "
        "waste disposed in the inventory year.",
        "CH4 recovery is subtracted before oxidation (Eq. 3.1).",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table5.B
@register_sheet("Table5.B", order=502)
def write_table5b(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("ad", "Annual waste amount treated", "(kt)", TJ, group="ACTIVITY DATA"),
            Column("ief_CH4", "CH4", "(g/kg)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("ief_N2O", "N2O", "(g/kg)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("CH4", "CH4", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("rec", "CH4 recovery", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("N2O", "N2O", "(kt)", KT_FINE, group="EMISSIONS")]
    first = _header(ws, fmt, ctx, "TABLE 5.B SECTORAL BACKGROUND DATA FOR WASTE - Biological "
                    "treatment of solid waste", cols)
    rows = _under(waste_rows(data), "5.B")
    row = first
    for code in ("5.B", "5.B.1", "5.B.2"):
        sub = _under(rows, code)
        c = _emissions(sub, "CH4")
        n = _emissions(sub, "N2O")
        em_c, em_n = cell(c), cell(n)
        ad = cell(c, "activity_value") if len(c) else "NE"
        write_row(ws, fmt, row, crt_label(code),
                  [ad, _ief(em_c, c, 1e3), _ief(em_n, n, 1e3), em_c, _recovery(sub), em_n],
                  cols, indent=_depth(code) - 1, bold=_depth(code) <= 1)
        row += 1
    write_notes(ws, fmt, row, [KEYS_NOTE, "IPCC 2006 Vol.5 Ch.4 Eqs. 4.1-4.2; IEF in g gas "
                               "per kg waste treated (basis as in inventory.yml)."])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table5.C
@register_sheet("Table5.C", order=503)
def write_table5c(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("ad", "Amount of wastes (wet)", "(kt)", TJ, group="ACTIVITY DATA"),
            Column("ief_CO2", "CO2", "(t/t)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("ief_CH4", "CH4", "(kg/t)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("ief_N2O", "N2O", "(kg/t)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("CO2", "CO2", "(kt)", KT, group="EMISSIONS"),
            Column("CH4", "CH4", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("N2O", "N2O", "(kt)", KT_FINE, group="EMISSIONS")]
    first = _header(ws, fmt, ctx, "TABLE 5.C SECTORAL BACKGROUND DATA FOR WASTE - "
                    "Incineration and open burning of waste", cols)
    rows = _under(waste_rows(data), "5.C")
    wt = _ref("waste_types")
    is_msw = (rows["first"].astype(str) == "msw") | rows["first"].map(
        wt["msw_component"]).eq("yes")
    row = first
    for code in ("5.C", "5.C.1", "5.C.2"):
        sub = _under(rows, code)
        co2, ch4, n2o = (_emissions(sub, g) for g in ("CO2", "CH4", "N2O"))
        e = {g: cell(x) for g, x in (("CO2", co2), ("CH4", ch4), ("N2O", n2o))}
        ad = cell(co2, "activity_value") if len(co2) else "NE"
        write_row(ws, fmt, row, crt_label(code),
                  [ad, _ief(e["CO2"], co2, 1.0), _ief(e["CH4"], ch4, 1e3),
                   _ief(e["N2O"], n2o, 1e3), e["CO2"], e["CH4"], e["N2O"]],
                  cols, indent=_depth(code) - 1, bold=True)
        row += 1
        if code == "5.C":
            continue
        for label, memo in (("a. Biogenic (CO2 not in totals)", True),
                            ("b. Non-biogenic", False)):
            ws.write_string(row, 0, label, fmt.label(2))
            row += 1
            for cls_label, sel in (("i. Municipal solid waste", True), ("ii. Other", False)):
                part = sub[(sub["gas"] == "CO2") & (sub["memo_eff"] == memo)
                           & (is_msw[sub.index] == sel)]
                em = cell(part)
                adp = cell(part, "activity_value") if len(part) else "NO"
                if not len(part):
                    em = "NO" if len(sub) else "NE"
                write_row(ws, fmt, row, cls_label,
                          [adp, _ief(em, part, 1.0), None, None, em, None, None], cols,
                          indent=3)
                row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "IPCC 2006 Vol.5 Ch.5 Eqs. 5.1/5.2 (CO2), 5.4 (CH4), 5.5 (N2O). Category rows: fossil "
        "CO2, CH4 and N2O (in the totals). Biogenic rows: CO2 from biomass carbon, reported for "
        "information only.",
    ])
    finish_sheet(ws, first)


# ---------------------------------------------------------------- Table5.D
@register_sheet("Table5.D", order=504)
def write_table5d(ws, fmt: Formats, data: YearData, ctx: SheetContext) -> None:
    cols = [Column("tow", "Total organic product", "(kt BOD / kt COD)", TJ,
                   group="ACTIVITY DATA"),
            Column("ief_CH4", "CH4", "(kg/kg)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("CH4", "CH4", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("rec", "CH4 recovery", "(kt)", KT_FINE, group="EMISSIONS"),
            Column("n", "N in effluent", "(kt N)", TJ, group="ACTIVITY DATA (N2O)"),
            Column("ief_N2O", "N2O", "(kg N2O/kg N)", IEF, group="IMPLIED EMISSION FACTORS"),
            Column("N2O", "N2O", "(kt)", KT_FINE, group="EMISSIONS")]
    first = _header(ws, fmt, ctx, "TABLE 5.D SECTORAL BACKGROUND DATA FOR WASTE - Wastewater "
                    "treatment and discharge", cols)
    rows = _under(waste_rows(data), "5.D")
    row = first
    for code in ("5.D", "5.D.1", "5.D.2", "5.D.3"):
        sub = _under(rows, code)
        c, n = _emissions(sub, "CH4"), _emissions(sub, "N2O")
        eff = n[n["activity"] == "effluent"]
        em_c, em_n = cell(c), cell(n)
        tow = cell(c, "activity_value") if len(c) else "NE"
        ief_c = _ief(em_c, c, 1.0)
        if code == "5.D":
            tow, ief_c = "NA", "NA"   # BOD (domestic) and COD (industrial) do not add up
        n_eff = cell(eff, "activity_value") if len(eff) else ("NA" if len(sub) else "NE")
        ief_n = _ief(cell(eff), eff, 1.0) if len(eff) else ("NA" if len(sub) else "NE")
        write_row(ws, fmt, row, crt_label(code),
                  [tow, ief_c, em_c, _recovery(sub), n_eff, ief_n, em_n],
                  cols, indent=_depth(code) - 1, bold=_depth(code) <= 1)
        row += 1
    row += 1
    bcols = [Column("tow", "Organics (TOW)", "(kt BOD)", TJ, group="5.D.1 BY PATHWAY"),
             Column("ief", "CH4 IEF", "(kg/kg BOD)", IEF, group="5.D.1 BY PATHWAY"),
             Column("CH4", "CH4", "(kt)", KT_FINE, group="5.D.1 BY PATHWAY"),
             Column("N2O", "N2O from plants", "(kt)", KT_FINE, group="5.D.1 BY PATHWAY")]
    row = write_headers(ws, fmt, row, "Treatment and discharge pathway", bcols)
    dom = _under(rows, "5.D.1")
    dom_c = _emissions(dom, "CH4")
    names = _ref("wastewater_pathways")["name"]
    for path in [p for p in names.index if (dom_c["activity"] == p).any()]:
        c = dom_c[dom_c["activity"] == path]
        n = _emissions(dom, "N2O")
        n = n[n["activity"] == path]
        em = cell(c)
        write_row(ws, fmt, row, str(names[path]),
                  [cell(c, "activity_value"), _ief(em, c, 1.0), em,
                   cell(n) if len(n) else "NA"], bcols, indent=1)
        row += 1
    write_notes(ws, fmt, row, [
        KEYS_NOTE,
        "CH4: IPCC 2006 Vol.5 Ch.6 Eqs. 6.1-6.6 with the 2019 Refinement MCFs; N2O: 2019 "
        "Refinement Eqs. 6.7-6.9 (plants and effluent). Domestic organics in BOD, industrial "
        "in COD. Industrial N2O is not estimated.",
    ])
    finish_sheet(ws, first)
