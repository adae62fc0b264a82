"""Maintainer tool: draft the CRT cell -> ETF variable name mapping from the common-variables list.

    python -m inventory.etf.mapgen <run folder> [--reference <common variables csv.gz>]

Collects every cell the registered sheets fill for the run's years, proposes for each the one
ETF variable name of the UNFCCC "CRF-CRT Common Variables" list (July 2024) that matches its
CRT node, classification, measure, gas and unit, and writes the mapping files of
:mod:`inventory.etf.mapping` (one CSV per sheet, in the package of the module that registers
the sheet) plus the UID table ``inventory/data/etf/common_variables.csv`` (the rows of the
list the mapping uses). Cells without exactly one candidate are written as ``unmapped`` with
the reason. The files are data: review them, and re-run after adding a sheet. The rules are
here, the result is checked by tests/test_etf.py.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import pandas as pd

from .mapping import MAPPING_HEADER, mapping_path
from .names import REFERENCE_SOURCE, etf_gas, split_name

__all__ = ["propose", "main"]

GASES = {"CO2", "CH4", "N2O", "NOx", "CO", "NMVOC", "SO2", "SF6", "NF3", "HFCs", "PFCs", "mix"}
TOTAL_ROWS = {"Total national emissions and removals": ("Total (with LULUCF)", "TOTAL"),
              "Total CO2 equivalent emissions with LULUCF": ("Total (with LULUCF)", "TOTAL"),
              "Total CO2 equivalent emissions without LULUCF": ("Total (without LULUCF)",
                                                                "TOTAL")}
SECTOR_ROWS = {"Total energy": "1", "Total LULUCF": "4", "Total waste": "5"}
# measures (after the node/classification) for the non-gas columns, by column key
MEASURES = {
    "ad": ("Fuel Consumption", "Activity Data", "Annual waste at the SWDS",
           "Annual waste amount treated", "Amount of wastes incinerated", "Amount of fuel produced",
           "Population", "Amount of wastes (wet)"),
    "pop": ("Population",), "tow": ("Total organic product",), "n": ("N in effluent",),
    "rec": ("Recovery", "Amount of CH₄ for energy recovery", "Recovery/Flaring"),
    "rec_CH4": ("Recovery/Flaring",), "ge": ("Average gross energy intake (GE)",),
    "ym": ("Average CH₄ conversion rate (Ym)",), "w": ("Weight",), "de": ("Digestibility of feed",),
    "milk": ("Milk yield",), "work": ("Work",), "preg": ("Pregnant",),
    "vs": ("VS daily excretion (average)",), "bo": ("CH₄ producing potential (Bo) (average)",),
    "nex": ("N excretion per MMS",), "area": ("Area burned", "Harvested area", "Area"),
    "mass": ("Mass",), "docbox": ("Documentation box",),
}
# unit conversions our column unit -> ETF unit (factor to multiply our value by)
_SCALES = {
    ("kt", "kt"): 1.0, ("kt", "t"): 1e3, ("kt co2 eq", "kt co₂ equivalent"): 1.0,
    ("kt co2 eq", "t co₂ equivalent"): 1e3, ("t/tj", "t/tj"): 1.0, ("kg/tj", "kg/tj"): 1.0,
    ("tj", "tj"): 1.0, ("t/t", "t/t"): 1.0, ("t/t", "kg/t"): 1e3, ("kg/t", "kg/t"): 1.0,
    ("t c/tj", "t/tj"): 1.0, ("kt c", "kt"): 1.0, ("kt co2", "kt"): 1.0, ("g/kg", "g/kg"): 1.0,
    ("kt", "kt wet weight"): 1.0, ("", ""): 1.0, ("code", ""): 1.0, ("text", ""): 1.0,
    ("t", "t"): 1.0, ("mt", "mt"): 1.0, ("kg/unit", "kg/unit"): 1.0, ("kg/t", "t/t"): 1e-3,
    ("kg/t dm", "kg/t dm"): 1.0, ("t/t waste", "t/t"): 1.0, ("kha/yr", "kha/year"): 1.0,
    ("kha/yr", "10^9m^2/year"): 0.01,   # 1 kha = 10^7 m2
}
# Sheets whose cells are by design not ETF input variables (reason in the mapping file)
UNMAPPED_SHEETS = {
    "Table10s1": "trend table: a column of another year is that year's variable, exported in "
                 "its own inventory_year block; the ETF tool builds Table10 itself",
    "Table10s2": "trend table (see Table10s1)", "Table10s3": "trend table (see Table10s1)",
    "Table10s4": "trend table (see Table10s1)", "Table10s5": "trend table (see Table10s1)",
    "Table10s6": "trend table (see Table10s1)",
    "Table7": "key category analysis: rows depend on the run; the ETF tool records Table7 in "
              "its own grid (not in the CRF-CRT common variables)",
    "Table8s1": "recalculation table: computed by the ETF tool from the previous submission",
    "Table8s2": "recalculation table: computed by the ETF tool from the previous submission",
    "Flex_summary": "flexibility provisions: not among the CRF-CRT common variables (only in the "
                    "ETF tool's metadata file)",
    "Table9": "completeness table: its explanations are exported as NK_explanation / "
              "Allocation_by_Party comments on the NE/IE cells (inventory.etf.writer)",
}


# Table1.A(b), reference approach: our row (IPCC fuel name, group or total) -> the fuel
# classification of the list's 1.A(b) node, where the two are the same fuel. Rows the list
# names differently or merges (Motor/Aviation/Jet Gasoline -> "Gasoline", Brown Coal
# Briquettes + Patent Fuel -> "BKB and Patent Fuel", Peat listed twice) stay unmapped.
RA_NODE = "1.A(b)"
RA_FUELS = {
    "Total": "Fossil fuels", "Liquid fuels": "Liquid Fuels", "Solid fuels": "Solid Fuels",
    "Gaseous fuels": "Gaseous Fuels", "Other fossil fuels": "Other Fossil Fuels",
    "Crude Oil": "Crude Oil", "Orimulsion": "Orimulsion",
    "Natural Gas Liquids": "Natural Gas Liquids", "Shale Oil": "Shale Oil",
    "Jet Kerosene": "Jet Kerosene", "Other Kerosene": "Other Kerosene",
    "Gas/Diesel Oil": "Gas/Diesel Oil", "Residual Fuel Oil": "Residual Fuel Oil",
    "Liquefied Petroleum Gases": "Liquefied Petroleum Gases (LPG)", "Ethane": "Ethane",
    "Naphtha": "Naphtha", "Bitumen": "Bitumen", "Lubricants": "Lubricants",
    "Petroleum Coke": "Petroleum Coke", "Refinery Feedstocks": "Refinery Feedstocks",
    "Anthracite": "Anthracite", "Coking Coal": "Coking Coal",
    "Other Bituminous Coal": "Other Bituminous Coal",
    "Sub-Bituminous Coal": "Sub-bituminous Coal", "Lignite": "Lignite",
    "Oil Shale and Tar Sands": "Oil Shale and Tar Sand", "Coal Tar": "Coal Tar",
    "Natural Gas": "Natural Gas (Dry)",
}
# our column -> (measure, gas) of the list; production, imports, exports, bunkers and stock
# change are CRT-only (not in the list)
RA_MEASURES = {
    "apparent_consumption": ("Apparent Consumptuion (TJ)", ""),   # sic, as in the list
    "cef": ("Carbon emissions factor", "C"), "carbon": ("Carbon content", "C"),
    "excluded": ("Carbon stored", "C"), "net": ("Net carbon emissions", "C"),
    "cof": ("Fraction of carbon oxidized", ""), "co2": ("Emissions", "CO₂"),
}


def _reference_approach(idx, row: str, col: str, unit: str) -> dict:
    if col == "docbox":
        return _pick([c for c in idx.get(RA_NODE, []) if c["cls"] == "Fuels"
                      and c["measure"] == "Documentation box"], unit, "documentation box")
    fuel = RA_FUELS.get(row)
    if fuel is None:
        return _un(f"reference-approach row '{row}' is not one fuel of the list's 1.A(b) node "
                   "(merged or named differently there)")
    if col not in RA_MEASURES:
        return _un(f"reference-approach column '{col}' is CRT-only (not in the July 2024 list: "
                   "needs the ETF metadata file)")
    measure, gas = RA_MEASURES[col]
    cand = [c for c in idx.get(RA_NODE, []) if c["cls"] == fuel and c["measure"] == measure
            and c["gas"] == gas]
    if col == "cof" and len(cand) == 1:   # a fraction on both sides, the list gives no unit
        return {"etf_name": cand[0]["name"], "scale": 1.0, "status": "mapped", "reason": ""}
    return _pick(cand, unit, f"{RA_NODE} {fuel} {measure}")


def _unit(u: str) -> str:
    u = str(u or "").strip().strip("()").lower()
    u = re.sub(r",.*$", "", u) if "co2 eq" in u or u.endswith((", ncv", ", gcv")) else u
    return u.strip()


def _index(ref: pd.DataFrame) -> dict[str, list[dict]]:
    idx: dict[str, list[dict]] = {}
    for name, uid in zip(ref["CRT_name"], ref["UID"], strict=True):
        p = split_name(name)
        if p is None:
            continue
        idx.setdefault(p["code"], []).append({**p, "name": name, "uid": uid})
    return idx


def _cands(idx, code, *, measure=None, gas=None, cls=None, param=None, unit=None):
    out = []
    for c in idx.get(code, []):
        if measure is not None and c["measure"] not in measure:
            continue
        if gas is not None and c["gas"] != gas:
            continue
        if param is not None and c["param"] != param:
            continue
        if cls is not None and (c["cls"] or "").lower() != cls.lower():
            continue
        out.append(c)
    if len(out) > 1 and cls is None:   # prefer the category's own (unclassified) variable
        for pref in ("", "fossil fuels" if gas == "CO₂" else "fuels", "fuels"):
            narrowed = [c for c in out if (c["cls"] or "").lower() == pref]
            if len(narrowed) == 1:
                return narrowed
    if len(out) > 1 and param is None:
        narrowed = [c for c in out if c["param"] in ("no parameter", "")]
        if len(narrowed) >= 1:
            out = narrowed
    return out


def _scale(ours: str, theirs: str) -> float | None:
    return _SCALES.get((_unit(ours), _unit(theirs)))


def propose(cells: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    """One mapping line per distinct (sheet, row, column) of ``cells``."""
    idx = _index(ref)
    cells = cells.drop_duplicates(["sheet", "row", "column"])
    top: dict[str, str] = {}
    for sheet, row in zip(cells["sheet"], cells["row"], strict=True):
        code = SECTOR_ROWS.get(row, row.partition(" / ")[0])
        if row in TOTAL_ROWS:
            top[sheet] = "TOTAL"
        if top.get(sheet) == "TOTAL":
            continue
        if re.match(r"^\d", code) and (sheet not in top or code.count(".")
                                        < top[sheet].count(".")):
            top[sheet] = code
    out = []
    for r in cells.itertuples(index=False):
        row = f"{top.get(r.sheet, '')} / docbox" if r.column == "docbox" else r.row
        out.append({"sheet": r.sheet, "row": r.row, "column": r.column,
                    **_one(idx, r.sheet, row, r.column, r.unit)})
    return pd.DataFrame(out)


def _one(idx, sheet: str, row: str, col: str, unit: str) -> dict:
    if sheet in UNMAPPED_SHEETS:
        return _un(UNMAPPED_SHEETS[sheet])
    if sheet == "Table1.A(b)":
        return _reference_approach(idx, row, col, unit)
    code, _, sub = row.partition(" / ")
    param = None
    if code in TOTAL_ROWS:
        param, code = TOTAL_ROWS[code]
    code = SECTOR_ROWS.get(code, code)
    if code == "TOTAL":
        code = "Sectors/Totals"
    if col == "docbox":
        cand = _cands(idx, code, measure=("Documentation box",))
        if len(cand) > 1:
            cand = [c for c in cand if c["cls"] in ("", "Fuels")][:1] or cand
        return _pick(cand, unit, "documentation box")
    if not re.match(r"^\d|^Sectors", code):
        return _un(f"row '{row}' has no CRT code: no node in the common-variables list")
    cls = sub or None
    if sheet == "Summary2" and col in ("CH4", "N2O"):
        return _un("CO2 eq of a single gas: derived by the ETF tool from kt and the GWP")
    gas, measure = None, None
    if col.endswith(("_method", "_ef")):
        g, _, what = col.rpartition("_")
        gas = etf_gas(g)
        measure = ("Method",) if what == "method" else ("Emission factor information",)
    elif col == "Total":
        gas, measure = "Aggregate GHGs", ("Emissions",)
    elif col in GASES or col in ("total",):
        gas, measure = etf_gas(col), ("Emissions",)
    elif col.startswith("ief_") or col == "ief":
        g = col[4:] if col.startswith("ief_") else None
        gas, measure = (etf_gas(g) if g else None), ("Implied emission factor",)
    elif re.match(r"^(HFC|C\d|CF4|SF6|NF3)", col):
        gas, measure = etf_gas(col), ("Emissions",)
    elif col in MEASURES:
        measure = MEASURES[col]
    else:
        return _un(f"column '{col}' has no counterpart in the common-variables list")
    cand = _cands(idx, code, measure=measure, gas=gas, cls=cls, param=param)
    if not cand and cls:
        return _un(f"no common variable for node {code}, classification '{cls}'")
    return _pick(cand, unit, f"{code} {measure[0] if measure else ''} {gas or ''}".strip())


def _pick(cand, unit, what) -> dict:
    if not cand:
        return _un(f"no common variable for {what} (CRT-only or not in the July 2024 list: "
                   "needs the ETF metadata file)")
    if len(cand) > 1:
        return _un(f"{len(cand)} common variables match {what}")
    c = cand[0]
    scale = _scale(unit, c["unit"]) if c["unit"] or unit else 1.0
    if c["measure"] == "Documentation box":
        scale = 1.0
    if scale is None:
        return _un(f"unit '{unit}' of the sheet has no conversion to '{c['unit']}' of {c['name']}")
    return {"etf_name": c["name"], "scale": scale, "status": "mapped", "reason": ""}


def _un(reason: str) -> dict:
    return {"etf_name": "", "scale": "", "status": "unmapped", "reason": reason}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("run", type=Path)
    ap.add_argument("--reference", type=Path, required=True,
                    help="crf_crt_common_variables_2024-07.csv.gz (CRF_name, CRT_name, UID)")
    ap.add_argument("--cells", type=Path, help="cache of the collected cells (parquet)")
    args = ap.parse_args(argv)
    ref = pd.read_csv(args.reference, dtype=str)
    if args.cells and args.cells.exists():
        cells = pd.read_parquet(args.cells)
    else:
        cells = _collect(args.run)
        if args.cells:
            cells.to_parquet(args.cells)
    lines = propose(cells, ref)
    _write(lines, ref)
    _report(lines)
    return 0


def _collect(run: Path) -> pd.DataFrame:
    from inventory.crt.collect import collect_cells
    from inventory.crt.layout import SheetContext
    from inventory.crt.registry import sheet_specs

    from .source import load_run

    src = load_run(run)
    prepared = src.prepared()
    parts = []
    for year in src.years:
        ctx = SheetContext(party=src.party, year=year, gwp_set=src.gwp_set,
                           coverage=prepared.coverage,
                           documentation={s.name: "x" for s in sheet_specs()})
        parts.append(collect_cells(prepared.year(year, src.gwp_set), ctx))
    return pd.concat(parts, ignore_index=True)


def _write(lines: pd.DataFrame, ref: pd.DataFrame) -> None:
    from inventory.crt.registry import sheet_specs

    used = set(lines["etf_name"]) - {""}
    for spec in sheet_specs():
        part = lines[lines["sheet"] == spec.name].drop(columns="sheet")
        if spec.name in UNMAPPED_SHEETS:   # rows depend on the run: one line covers them all
            part = pd.DataFrame([{"row": "*", "column": "*",
                                  **_un(UNMAPPED_SHEETS[spec.name])}])
        path = mapping_path(spec)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(MAPPING_HEADER.format(sheet=spec.name, source=REFERENCE_SOURCE))
            _csv(part, fh)
    uids = ref[ref["CRT_name"].isin(used)][["CRT_name", "UID"]]
    uids = uids.rename(columns={"CRT_name": "etf_name", "UID": "uid"})
    uids["uid"] = uids["uid"].str.lower()
    from .names import COMMON_VARIABLES_HEADER, COMMON_VARIABLES_PATH

    with COMMON_VARIABLES_PATH.open("w", encoding="utf-8", newline="") as fh:
        fh.write(COMMON_VARIABLES_HEADER)
        _csv(uids.sort_values("etf_name"), fh)


def _csv(df: pd.DataFrame, fh) -> None:
    """The rows of ``df`` below the citation header already written to ``fh`` (data files
    of the repository, reviewed in git: ETF names and reasons, no user text)."""
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(df.columns)
    w.writerows(df.itertuples(index=False, name=None))


def _report(lines: pd.DataFrame) -> None:
    print(lines.groupby(["sheet", "status"]).size().unstack(fill_value=0).to_string())


if __name__ == "__main__":
    raise SystemExit(main())
