"""The sector / category view's loaders: choices, trends, emission rows, implied factors and
notation keys for a (region, CRT category, gas) selection. They select and group rows the
run wrote; the only sums are display roll-ups of those rows (e.g. "all gases" adds the
CO2-eq aggregates of the gases)."""

from __future__ import annotations

import weakref

import pandas as pd

from inventory.review.fmt import Col, year_ranges
from inventory.review.labels import notation_meaning, t
from inventory.review.run import ReviewRun

__all__ = ["ALL_GASES", "region_options", "year_options", "category_options", "gas_options",
           "trend", "trend_by_gas", "year_rows", "ief_options", "ief_choices", "ief_series",
           "notation_rows", "ipcc_title", "ROW_COLS", "TABLE_COLUMNS", "NOTATION_COLS",
           "IEF_COLS"]

ALL_GASES = "ALL"  # gas selector value: all gases in CO2-eq
_INDEX: dict[int, tuple] = {}  # id(aggregates table) -> (weak reference, (region, crt) rows)


def region_options(run: ReviewRun) -> list[tuple[str, str]]:
    """(label, code): the national total first, then the regions in manifest order, with
    their names."""
    present = list(pd.unique(run.aggregates["region"]))
    order = [run.party_code] + list(run.manifest.get("regions") or [])
    codes = [c for c in order if c in present] + sorted(c for c in present if c not in order)
    out = []
    for c in codes:
        label = (f"{run.party} \u2013 national ({c})" if c == run.party_code
                 else run.region_label(c))
        out.append((label, c))
    return out


def year_options(run: ReviewRun) -> list[int]:
    return sorted(int(y) for y in pd.unique(run.aggregates["year"]))


def category_options(run: ReviewRun) -> list[tuple[str, str]]:
    """(label, CRT code) in CRT order, indented by depth: every CRT sector of the tree (a
    sector without rows says so, e.g. LULUCF before its methods exist) and every category the
    run has rows for, with the IPCC 2006 codes that map to a leaf. Memo items (outside the
    national total) are listed too, for their emission rows."""
    tree = run.crt_tree
    codes = set(pd.unique(run.aggregates["crt"]))
    for c in pd.unique(run.category_pairs["crt_category"].dropna()):
        codes.update(run.crt_chain_of(c))
    sectors = set(tree.index[tree["parent"] == "TOTAL"])
    empty = sectors - codes
    codes |= sectors | {"TOTAL"}
    order = tree["order"].to_dict()
    depth = tree["depth"].to_dict()
    ranked = sorted(codes, key=lambda c: (order.get(c, 10_000), c))
    ipcc_of: dict[str, list[str]] = {}
    for ipcc, crt in sorted(set(zip(run.category_pairs["category"],
                                    run.category_pairs["crt_category"], strict=True))):
        ipcc_of.setdefault(crt, []).append(ipcc)
    out = []
    for c in ranked:
        label = f"{c}  {run.crt_titles.get(c, '')}".rstrip() if c != "TOTAL" else \
            run.crt_titles.get("TOTAL", "Total")
        ipcc = ipcc_of.get(c)
        if ipcc and ipcc != [c]:
            label += f"  [IPCC {', '.join(ipcc)}]"
        if c in empty:
            label += f"  \u2013 {t('sec.no_rows_sector', run.language)}"
        out.append(("\u00a0\u00a0" * int(depth.get(c, 0)) + label, c))
    return out


def ipcc_title(code: str, run: ReviewRun | None = None) -> str:
    """Title of an IPCC 2006 category: the run's copy, else climate_categories, else ''."""
    if run is not None and code in run.ipcc_titles:
        return run.ipcc_titles[code]
    from inventory.categories import ipcc2006_title

    return ipcc2006_title(code)


def gas_options(run: ReviewRun) -> list[tuple[str, str]]:
    gases = sorted(pd.unique(run.aggregates["gas"]))
    return [(t("sec.all_gases", run.language), ALL_GASES)] + [(g, g) for g in gases]


# ------------------------------------------------------------------ trends
def _rows_of(a: pd.DataFrame, region: str, crt: str) -> pd.DataFrame:
    """The rows of one (region, CRT code) of an aggregates table (indexed once per table)."""
    hit = _INDEX.get(id(a))
    if hit is None or hit[0]() is not a:
        hit = (weakref.ref(a), a.groupby(["region", "crt"], sort=False).indices)
        _INDEX[id(a)] = hit
    pos = hit[1].get((region, crt))
    return a.iloc[pos] if pos is not None else a.iloc[0:0]


def _trend_of(a: pd.DataFrame, region: str, crt: str, gas: str) -> pd.DataFrame:
    sel = _rows_of(a, region, crt)
    if gas != ALL_GASES:
        out = sel[sel["gas"] == gas][["year", "value_co2eq", "notation_key", "incomplete"]]
    else:  # display roll-up of the gases' rows; a year with only keys keeps its keys
        g = sel.groupby("year")
        out = pd.DataFrame({"value_co2eq": g["value_co2eq"].sum(min_count=1),
                            "incomplete": sel["incomplete"].astype(str).isin(["True", "true"])
                            .groupby(sel["year"]).any()})
        keyed = sel[sel["notation_key"].notna()]
        keys = {y: ",".join(sorted(set(k))) for y, k in
                keyed.groupby("year")["notation_key"]} if len(keyed) else {}
        out["notation_key"] = [keys.get(y) for y in out.index]
        out = out.reset_index()[["year", "value_co2eq", "notation_key", "incomplete"]]
    return out.sort_values("year").reset_index(drop=True)


def trend(run: ReviewRun, region: str, crt: str, gas: str) -> pd.DataFrame:
    """Aggregated emissions over the years [kt CO2-eq] from ``crt_aggregates.csv``:
    year, value_co2eq, notation_key, incomplete."""
    return _trend_of(run.aggregates, region, crt, gas)


def trend_by_gas(aggregates: pd.DataFrame, region: str, crt: str, gas: str = ALL_GASES
                 ) -> pd.DataFrame:
    """year x gas [kt CO2-eq] of ``crt_aggregates.csv`` (the run's or a stored
    submission's), gases with at least one number, largest first."""
    sel = _rows_of(aggregates, region, crt)
    if gas != ALL_GASES:
        sel = sel[sel["gas"] == gas]
    wide = sel.pivot_table(index="year", columns="gas", values="value_co2eq", aggfunc="sum",
                           dropna=False)
    wide = wide.loc[:, wide.notna().any()]
    if wide.empty:
        return wide
    order = wide.abs().sum().sort_values(ascending=False).index
    return wide[order].sort_index()


# ------------------------------------------------------------------ emission rows
ROW_COLS = [
    Col("region", "Region"), Col("category", "IPCC 2006"), Col("crt_category", "CRT"),
    Col("activity", "Activity"), Col("gas", "Gas"), Col("value", "Emissions", "kt gas", "kt"),
    Col("notation_key", "Key"), Col("value_co2eq", "Emissions", "kt CO2-eq", "kt_co2eq"),
    Col("memo", "Memo"), Col("tier", "Tier", kind="int"), Col("equation", "Equation", wrap=True),
    Col("activity_value", "Activity data", kind="num", unit_col="activity_unit"),
    Col("activity_unit", "AD unit"), Col("ief", "Implied factor", kind="num", unit_col="ief_unit"),
    Col("ief_unit", "IEF unit"), Col("factor_layer", "Factor layer"),
    Col("factor_source", "Factor source", wrap=True),
    Col("activity_ids", "Input cells", wrap=True),
]
TABLE_COLUMNS = {c.key: c.header for c in ROW_COLS}  # column -> header (earlier API)


def _selected(run: ReviewRun, rows: pd.DataFrame, region: str, crt: str, gas: str
              ) -> pd.DataFrame:
    """The rows (of the emissions or a table cut from them) under the CRT code ``crt``, of
    the region (the party: every region) and the gas (``ALL_GASES``: every gas)."""
    mask = run.in_crt(rows["crt_category"], crt)
    if region != run.party_code:
        mask &= rows["region"] == region
    if gas != ALL_GASES:
        mask &= rows["gas"] == gas
    return rows[mask]


def _year_frame(run: ReviewRun, year: int) -> pd.DataFrame:
    """The emission rows of one year (cut once per year and kernel)."""
    cache = run._cache.setdefault("_by_year", {})
    if not cache:
        e = run.emissions
        cache.update({int(y): e.iloc[pos] for y, pos in e.groupby("year").indices.items()})
    return cache.get(int(year), run.emissions.iloc[0:0])


def year_rows(run: ReviewRun, region: str, crt: str, gas: str, year: int,
              largest_first: bool = False) -> pd.DataFrame:
    """The emission rows of one year for the selection, with their provenance columns
    (tier, equation, factor layer and source, input cells); by category, or the largest
    (|kt CO2-eq|) first."""
    sel = _selected(run, _year_frame(run, year), region, crt, gas)
    cols = [c.key for c in ROW_COLS if c.key in sel.columns]
    if largest_first:
        order = sel["value_co2eq"].abs().fillna(-1.0).sort_values(ascending=False,
                                                                  kind="stable").index
        return sel.loc[order, cols].reset_index(drop=True)
    return (sel[cols].sort_values(["category", "activity", "gas", "region", "memo"])
            .reset_index(drop=True))


# ------------------------------------------------------------------ implied factors
IEF_COLS = [
    Col("category", "IPCC 2006"), Col("title", "Category", wrap=True), Col("activity", "Activity"),
    Col("gas", "Gas"), Col("ief", "Implied factor (latest)", kind="num", unit_col="ief_unit"),
    Col("ipcc_default", "IPCC default", kind="num", unit_col="ief_unit"),
    Col("ipcc_lower", "Lower", kind="num", unit_col="ief_unit"),
    Col("ipcc_upper", "Upper", kind="num", unit_col="ief_unit"),
    Col("ief_unit", "Unit"), Col("years_outside", "Years outside the range"),
    Col("ipcc_source", "IPCC source", wrap=True),
]


def _implied_under(run: ReviewRun, crt: str, gas: str | None) -> pd.DataFrame:
    i = run.implied
    if gas and gas != ALL_GASES:
        i = i[i["gas"] == gas]
    crt_codes = i["category"].map(run.crt_of_ipcc)
    return i[run.in_crt(crt_codes, crt)]


def ief_options(run: ReviewRun, crt: str, gas: str | None = None) -> dict[str, list[str]]:
    """IPCC category -> activities that have a national implied factor, for categories under
    ``crt`` (and ``gas`` when it is a single gas)."""
    i = _implied_under(run, crt, gas)
    out: dict[str, list[str]] = {}
    for cat, acts in i.groupby("category")["activity"]:
        out[cat] = sorted(pd.unique(acts))
    return dict(sorted(out.items()))


def ief_choices(run: ReviewRun, crt: str, gas: str | None = None) -> pd.DataFrame:
    """Every (IPCC category, activity, gas) under the selection that has an IPCC default
    (``implied_factors.csv``), with the latest implied factor, the default and its range and
    the years outside it; the largest emitters first. Empty when no category has a default
    (then the view says so instead of drawing an empty chart)."""
    cols = [c.key for c in IEF_COLS] + ["value"]
    if "_ief_latest" not in run._cache:  # once per run: every factor that has a default
        i = run.implied
        i = i[i["ipcc_default"].notna() | i["ipcc_lower"].notna()]
        if i.empty:
            latest = pd.DataFrame(columns=[*cols, "crt"])
        else:
            keys = ["category", "activity", "gas"]
            latest = i.sort_values("year").groupby(keys, as_index=False).last()
            out_years = (i[i["within_range"] == False]  # noqa: E712
                         .groupby(keys)["year"].agg(lambda y: year_ranges(list(y))))
            latest["years_outside"] = [out_years.get(k, "") for k in
                                       latest[keys].itertuples(index=False, name=None)]
            latest["title"] = latest["category"].map(lambda c: ipcc_title(c, run))
            latest["crt"] = latest["category"].map(run.crt_of_ipcc)
            latest = latest.reindex(latest["value"].abs().sort_values(ascending=False).index)
        run._cache["_ief_latest"] = latest.reset_index(drop=True)
    latest = run._cache["_ief_latest"]
    mask = run.in_crt(latest["crt"], crt)
    if gas and gas != ALL_GASES:
        mask &= latest["gas"] == gas
    out = latest[mask]
    return out[[c for c in cols if c in out]].reset_index(drop=True)


def ief_series(run: ReviewRun, category: str, activity: str, gas: str) -> pd.DataFrame:
    """National implied emission factor over the years with the IPCC default and 95 % range
    (``implied_factors.csv``); ``out_of_range`` flags the years outside the range."""
    i = run.implied
    sel = i[(i["category"] == category) & (i["activity"] == activity) & (i["gas"] == gas)]
    sel = sel.sort_values("year").reset_index(drop=True).copy()
    sel["out_of_range"] = (sel["within_range"] == False).fillna(False).astype(bool)  # noqa: E712
    return sel


# ------------------------------------------------------------------ notation keys
NOTATION_COLS = [
    Col("category", "IPCC 2006"), Col("crt_category", "CRT"), Col("activity", "Activity"),
    Col("notation_key", "Key"), Col("meaning", "Meaning"),
    Col("explanation", "Explanation", wrap=True), Col("memo", "Memo"),
    Col("regions", "Regions"), Col("gases", "Gases"), Col("years", "Years"),
]


def notation_rows(run: ReviewRun, region: str, crt: str, gas: str) -> pd.DataFrame:
    """Rows reported with a notation key (NO/NE/NA/IE/C) for the selection: one line per
    category/activity/key with what the key means, the compiler's explanation
    (``completeness.csv``: NE and IE need one) and the regions, gases and years."""
    cols = [c.key for c in NOTATION_COLS]
    keys = ["region", "category", "crt_category", "activity", "gas", "notation_key", "memo"]
    if "_keyed" not in run._cache:  # once per run: every keyed series with its years
        e = run.emissions
        keyed = e[e["notation_key"].notna()]
        run._cache["_keyed"] = (keyed.groupby(keys, as_index=False)["year"]
                                .agg(lambda y: year_ranges(list(y)))
                                .rename(columns={"year": "years"}))
    per = _selected(run, run._cache["_keyed"], region, crt, gas)
    if per.empty:
        return pd.DataFrame(columns=cols)
    order = {c: k for k, (_, c) in enumerate(region_options(run))}
    out = per.groupby(["category", "crt_category", "activity", "notation_key", "memo", "years"],
                      as_index=False).agg(
        regions=("region", lambda r: " ".join(sorted(set(r), key=lambda c: order.get(c, 99)))),
        gases=("gas", lambda g: " ".join(sorted(set(g)))))
    out["meaning"] = out["notation_key"].map(lambda k: notation_meaning(k, run.language))
    comp = run.table("completeness.csv")
    expl: dict = {}
    if comp is not None and len(comp):
        for r in comp.itertuples(index=False):
            if isinstance(r.explanation, str) and r.explanation:
                expl.setdefault((r.category, r.activity, r.key), r.explanation)
    out["explanation"] = [expl.get((c, a, k), "") for c, a, k in
                          out[["category", "activity", "notation_key"]].itertuples(index=False)]
    return out[cols].sort_values(["category", "activity", "notation_key"]).reset_index(drop=True)
