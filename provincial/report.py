"""The provincial guideline's report tables (报告大纲及报表格式) as an Excel workbook next to the
CRT workbooks: ``crt/provincial_report_tables.xlsx``, written by ``ghgi compile`` and
``ghgi run`` alike for a project with the ``inventory.yml`` key ``provincial`` (e.g.
``provincial: {report: true}``), in the project's ``language`` (``zh``, ``en`` or ``zh+en``).

Tables (one sheet each, every label from :mod:`provincial.labels`):

1. summary by gas and report item (energy, industrial processes, agriculture, land use change
   and forestry, waste, and their sub-items: ``data/crosswalk.csv``) per year, in 10^4 t of each
   gas and 10^4 t CO2 eq (HFCs and PFCs as CO2 eq), with the memo lines (international bunkers,
   CO2 from biomass) and the indirect CO2 of electricity (never in a total);
2. energy: per item and fuel, activity data [TJ], implied CO2 factor [t/TJ], CO2, CH4, N2O,
   the CO2 tier and the factor source (``national_cn`` or IPCC);
3. the other sectors: per item, IPCC category and activity, activity data, gas, emissions,
   implied factor and tier;
4. key categories and 5. uncertainty (the run's analyses, as computed);
6. indirect CO2 of electricity inflow and outflow (the energy sector's indicator).

The 2025 edition's printed layout was not reachable when this was written; the tables follow
the 2011 trial edition's chapters and the items the 2025 edition names (README sheet says so).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xlsxwriter

from inventory.products import ReportProduct, RunContext, register_product
from provincial.categories import by_item, crosswalk, provincial_item
from provincial.labels import category_names, label

__all__ = ["summary_table", "energy_table", "sector_table", "write_report_tables",
           "REPORT_FILE"]

REPORT_FILE = "crt/provincial_report_tables.xlsx"
GAS_COLUMNS = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
TO_10KT = 0.1          # kt -> 10^4 t


def _gas_group(gas: pd.Series) -> pd.Series:
    g = gas.astype(str)
    return np.where(g.str.startswith("HFC") | g.str.contains("HFCs"), "HFCs",
                    np.where(g.str.match(r"^(CF4|C2F6|C3F8|c-C4F8|C4F10|C5F12|C6F14|C10F18|"
                                         r"PFC|Unsp)"), "PFCs", g))


def summary_table(emissions: pd.DataFrame) -> pd.DataFrame:
    """Per year and report item: each gas [10^4 t; HFCs, PFCs as CO2 eq] and the total
    [10^4 t CO2 eq]."""
    e = emissions.assign(gas=_gas_group(emissions["gas"]))
    mass = e.assign(v=np.where(e["gas"].isin(["HFCs", "PFCs"]), e["value_co2eq"], e["value"]))
    parts = []
    for year, sub in mass.groupby("year"):
        g = by_item(sub, value="v", by=("gas",))
        wide = g.pivot_table(index="item", columns="gas", values="v", aggfunc="sum")
        tot = by_item(sub, value="value_co2eq", by=()).set_index("item")["value_co2eq"]
        wide = wide.reindex(columns=list(GAS_COLUMNS)).assign(total=tot)
        wide = wide.reindex([c for c in crosswalk()["code"] if c in wide.index])
        parts.append((wide * TO_10KT).reset_index().assign(year=int(year)))
    cols = ["year", "item", *GAS_COLUMNS, "total"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def energy_table(emissions: pd.DataFrame) -> pd.DataFrame:
    """Per year, energy item and fuel: activity [TJ], CO2 IEF [t/TJ], CO2, CH4, N2O
    [10^4 t], CO2 tier and factor source (fuel combustion rows, memo items excluded)."""
    e = emissions[emissions["category"].astype(str).str.match(r"^1\.A\.[1-5]")
                  & ~emissions["memo"].astype(bool) & emissions["value"].notna()]
    cols = ["year", "item", "fuel", "activity_tj", "co2_ief_t_per_tj", "CO2", "CH4", "N2O",
            "tier_co2", "factor_source_co2"]
    if e.empty:
        return pd.DataFrame(columns=cols)
    e = e.assign(item=provincial_item(e["category"]).to_numpy(),
                 fuel=e["activity"].astype(str).str.split(":").str[0])
    keys = ["year", "item", "fuel"]
    co2 = e[e["gas"] == "CO2"].groupby(keys).agg(
        activity_tj=("activity_value", "sum"), co2=("value", "sum"), tier_co2=("tier", "max"),
        factor_source_co2=("factor_source", lambda s: "; ".join(sorted(set(map(str, s.dropna()))))))
    gases = e.pivot_table(index=keys, columns="gas", values="value", aggfunc="sum")
    out = co2.join(gases.reindex(columns=["CO2", "CH4", "N2O"]), how="outer").reset_index()
    out["co2_ief_t_per_tj"] = np.where(out["activity_tj"] > 0,
                                       out["co2"] * 1e3 / out["activity_tj"], np.nan)
    for g in ("CO2", "CH4", "N2O"):
        out[g] = out[g] * TO_10KT
    order = {c: i for i, c in enumerate(crosswalk()["code"])}
    out = out.sort_values(["year", "item", "fuel"], key=lambda s: s.map(order)
                          if s.name == "item" else s)
    return out[cols].reset_index(drop=True)


def sector_table(emissions: pd.DataFrame) -> pd.DataFrame:
    """Per year, item (not fuel combustion), IPCC category, activity and gas: activity data,
    emissions [10^4 t], implied factor and tier."""
    e = emissions[~emissions["category"].astype(str).str.match(r"^1\.A\.[1-5]")
                  & ~emissions["memo"].astype(bool) & emissions["value"].notna()]
    cols = ["year", "item", "category", "activity", "activity_value", "activity_unit", "gas",
            "emissions", "ief", "ief_unit", "tier"]
    if e.empty:
        return pd.DataFrame(columns=cols)
    e = e.assign(item=provincial_item(e["category"]).to_numpy())
    g = e.groupby(["year", "item", "category", "activity", "gas"], dropna=False).agg(
        activity_value=("activity_value", "sum"), activity_unit=("activity_unit", "first"),
        emissions=("value", "sum"), ief=("ief", "mean"), ief_unit=("ief_unit", "first"),
        tier=("tier", "max")).reset_index()
    g["emissions"] = g["emissions"] * TO_10KT
    return g[cols]


# ------------------------------------------------------------------ Excel
def _header(c: str, lang: str) -> str:
    keys = {"item": "col.item", "fuel": "col.fuel", "year": "col.year", "category":
            "col.category", "activity": "col.activity", "activity_value": "col.activity_value",
            "activity_unit": "col.unit", "gas": "col.gas", "emissions": "col.emissions",
            "ief": "col.ief", "ief_unit": "col.ief_unit", "tier": "col.tier", "region":
            "col.region", "total": "gas.total", "tier_co2": "col.tier",
            "factor_source_co2": "col.source", "activity_tj": "col.activity_value",
            "imports_mwh": "col.imports_mwh", "exports_mwh": "col.exports_mwh",
            "net_import_mwh": "col.net_import_mwh", "imports_kt_co2": "col.imports_co2",
            "exports_kt_co2": "col.exports_co2", "net_indirect_kt_co2": "col.net_indirect_co2",
            "grid_factor_source": "col.grid_factor_source"}
    if c in GAS_COLUMNS:
        return label(f"gas.{c}", lang, "\n")
    if c == "co2_ief_t_per_tj":
        return label("col.ief", lang, "\n") + " (t/TJ)"
    return label(keys[c], lang, "\n") if c in keys else c


def _write_sheet(wb, name: str, df: pd.DataFrame, lang: str, fmt: dict, note: str = "",
                 names: dict | None = None) -> None:
    ws = wb.add_worksheet(name[:31])
    ws.write(0, 0, name, fmt["title"])
    r0 = 1
    if note:
        ws.write(1, 0, note, fmt["note"])
        r0 = 2
    for j, c in enumerate(df.columns):
        ws.write(r0, j, _header(str(c), lang), fmt["head"])
        ws.set_column(j, j, 14 if c not in ("item", "factor_source_co2") else 34)
    for i, row in enumerate(df.itertuples(index=False), start=r0 + 1):
        for j, v in enumerate(row):
            col = df.columns[j]
            if col == "item" and names is not None and v in names:
                v = f"{v} {names[v]}"
            elif col == "fuel" and isinstance(v, str) and v != "-":
                try:
                    v = label(f"fuel.{v}", lang)
                except KeyError:
                    pass
            if isinstance(v, (float, np.floating)):
                if np.isnan(v):
                    ws.write_blank(i, j, None)
                elif np.isinf(v):
                    ws.write_string(i, j, "inf")
                else:
                    ws.write_number(i, j, float(v), fmt["num"])
            elif isinstance(v, (int, np.integer)):
                ws.write_number(i, j, int(v))
            elif v is None or (isinstance(v, float) and np.isnan(v)):
                ws.write_blank(i, j, None)
            else:
                ws.write_string(i, j, str(v))
    ws.freeze_panes(r0 + 1, 0)


def _memo_lines(emissions: pd.DataFrame, ctx: RunContext) -> pd.DataFrame:
    e = emissions[emissions["value"].notna() & emissions["memo"].astype(bool)]
    item = e.get("memo_item", pd.Series(index=e.index, dtype=object)).astype(str)
    rows = []
    for year in sorted(emissions["year"].unique()):
        ey = e[e["year"] == year]
        bunkers = ey[item[ey.index].str.startswith("1.D.1") & (ey["gas"] == "CO2")]["value"].sum()
        bio = ey[item[ey.index].str.startswith("1.D.3")]["value"].sum()
        rows += [(int(year), "memo.bunkers", bunkers * TO_10KT),
                 (int(year), "memo.biomass_co2", bio * TO_10KT)]
    el = _electricity(ctx)
    for year, sub in el.groupby("year") if len(el) else []:
        rows.append((int(year), "memo.indirect", sub["net_indirect_kt_co2"].sum() * TO_10KT))
    return pd.DataFrame(rows, columns=["year", "key", "value"])


def _electricity(ctx: RunContext) -> pd.DataFrame:
    from sectors.energy.reference_approach import ELECTRICITY_TABLE, indirect_co2_table

    t = ctx.table(ELECTRICITY_TABLE)
    return indirect_co2_table(t) if len(t) else indirect_co2_table(t.iloc[0:0])


def write_report_tables(ctx: RunContext, path) -> None:
    """The workbook for the project's language (nothing when the project does not ask for
    the provincial report: ``inventory.yml`` key ``provincial``)."""
    project = ctx.project
    if not project.raw.get("provincial"):
        return
    lang = getattr(project, "language", "en")
    em = ctx.emissions
    names = category_names(lang)
    from inventory.atomic import atomic_path

    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                            "strings_to_numbers": False,
                                            "strings_to_urls": False})
        import datetime as dt

        wb.set_properties({"title": label("text.readme", "en")[:60], "created":
                           dt.datetime(2026, 1, 1), "author": "GHG Inventory Workbench"})
        fmt = {"title": wb.add_format({"bold": True, "font_size": 12}),
               "head": wb.add_format({"bold": True, "text_wrap": True, "bg_color": "#DDEBF7",
                                      "border": 1}),
               "num": wb.add_format({"num_format": "#,##0.000"}),
               "note": wb.add_format({"italic": True, "font_color": "#7F7F7F"})}
        ws = wb.add_worksheet(label("sheet.readme", lang, " ")[:31])
        lines = [project.party, f"{project.first_year}-{project.last_year}",
                 label("text.readme", lang, "\n"),
                 f"{label('text.gwp', lang)}: {project.gwp}"]
        if project.synthetic:
            lines.insert(0, label("text.synthetic", lang))
        for i, t in enumerate(lines):
            ws.write(i, 0, t)
        ws.set_column(0, 0, 120)
        summary = summary_table(em)
        memo = _memo_lines(em, ctx)
        if len(memo):      # memo lines under the table, CO2 column (never in a total)
            summary = pd.concat([summary, pd.DataFrame({
                "year": memo["year"], "item": [label(k, lang) for k in memo["key"]],
                "CO2": memo["value"]})], ignore_index=True)
        unit = label("unit.10kt", lang) + ", " + label("unit.10kt_co2eq", lang)
        _write_sheet(wb, label("sheet.summary", lang, " "), summary, lang, fmt, unit, names)
        _write_sheet(wb, label("sheet.energy", lang, " "), energy_table(em), lang, fmt,
                     label("unit.10kt", lang), names)
        _write_sheet(wb, label("sheet.sector", lang, " "), sector_table(em), lang, fmt,
                     label("unit.10kt", lang), names)
        for key, table in (("sheet.key_categories", "kca"),
                           ("sheet.uncertainty", "uncertainty_approach1")):
            df = ctx.analysis.get(table)
            if df is None or len(df) == 0:
                df = pd.DataFrame({"note": [label("text.not_run", lang)]})
            _write_sheet(wb, label(key, lang, " "), df, lang, fmt)
        _write_sheet(wb, label("sheet.electricity", lang, " "), _electricity(ctx), lang, fmt,
                     label("memo.indirect", lang))
        wb.close()


register_product(ReportProduct(
    "provincial.report_tables", REPORT_FILE, "report", lambda ctx: summary_table(ctx.emissions),
    "the provincial guideline's report tables (summary by gas and item, energy, other sectors, "
    "key categories, uncertainty, indirect CO2 of electricity), zh/en/zh+en",
    write=write_report_tables))
