"""Land representation (IPCC 2006 Vol.4 Ch.3): from the areas entered to the land-use change
matrix, the areas of "land remaining" and "land converted" per category, and the checks that
the matrix adds up.

* **Approach 2/3** (default): each ``area:<stratum>[:<qualifier>]`` row of a *remaining*
  category (``3.B.1.a`` ...) is the diagonal cell of the year's matrix (land that was and
  stayed forest), each row of a *conversion* category (``3.B.2.b.i`` forest -> cropland ...)
  the area converted during the year. Rows of a year: initial land use -> final land use.
* **Approach 1**: ``area`` rows in the land-use codes ``3.B.1`` ... ``3.B.6`` are the areas of
  each land use at the end of the year; the matrix is derived from the net changes: the land
  a use gains comes from the uses that lose land, in proportion to their losses (the minimal
  matrix consistent with the net areas; IPCC 2006 Vol.4 Ch.3 Sect. 3.3.1 notes that Approach 1
  does not identify conversions).

Converted land stays in "land converted to X" for the transition period (default 20 years,
Vol.4 Ch.3 Sect. 3.3.1 and Ch.2 Sect. 2.3.1.2): the area of "Y converted to X" in year t is the
sum of the Y -> X conversions of the years t-T+1 .. t; "X remaining X" is the rest of X.
Conversions before the first inventory year (``history``): ``constant`` repeats the first
year's conversions, ``none`` assumes none.

Checks (errors name region, year, stratum and the cells): the area a land use starts a year
with (row sum) equals the area it ended the previous year with (column sum); the total land
area of a region is the same every year (and equals ``total_area`` where given).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from inventory.errors import InputError

from .common import LAND_USES, TOP_CODES, LulucfOptions, category_table, values_in

__all__ = ["LandTables", "transitions_approach2", "transitions_approach1", "build_land",
           "window_sums", "matrix_balance", "AREA_TOLERANCE"]

AREA_TOLERANCE = 1.0   # ha: a matrix cell sum may differ by rounding up to this (or 1e-6 rel.)

KEYS = ["region", "climate", "soil"]


@dataclass
class LandTables:
    """What the land representation gives the pool methods and the reports.

    ``transitions``: the year's matrix cells (region, year, climate, soil, qualifier, code,
    from_lu, to_lu, kind, wetland_type, area [ha], activity_ids, source_ref).
    ``areas``: the reporting areas per IPCC land category (region, year, climate, soil,
    qualifier, code, from_lu, to_lu, kind, wetland_type, area = the category's area [ha],
    converted = converted during the year [ha], soc_window = converted within the SOC
    transition time D [ha], activity_ids, source_ref).
    ``matrix``: region, year, from_lu, to_lu, area [ha] (Table4.1)."""

    transitions: pd.DataFrame
    areas: pd.DataFrame
    matrix: pd.DataFrame


def window_sums(series: np.ndarray, window: int, prefix: np.ndarray | None = None
                ) -> np.ndarray:
    """Sum of each row's last ``window`` values up to each column (inclusive).

    Parameters
    ----------
    series : [n_series, n_years] annual conversions [ha]
    window : number of years summed (transition period T or the SOC time D)
    prefix : [n_series] value assumed for each year before the first (``None``: 0)

    Returns
    -------
    [n_series, n_years] area converted within the window [ha]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.3 Sect. 3.3.1 (20-year default transition period): land converted in
    year s is "land converted" in the years s .. s+T-1.
    """
    series = np.asarray(series, dtype=float)
    n, m = series.shape
    k = window - 1
    pre = np.zeros((n, k)) if prefix is None else np.repeat(
        np.asarray(prefix, dtype=float)[:, None], k, axis=1)
    ext = np.concatenate([pre, series], axis=1)
    cs = np.concatenate([np.zeros((n, 1)), np.cumsum(ext, axis=1)], axis=1)
    idx = np.arange(m) + k + 1
    return cs[:, idx] - cs[:, idx - window]


def _cat_columns(df: pd.DataFrame) -> pd.DataFrame:
    cats = category_table()
    out = df.assign(to_lu=df["code"].map(cats["to_lu"]), kind=df["code"].map(cats["kind"]),
                    wetland_type=df["code"].map(cats["wetland_type"]))
    from_lu = df["code"].map(cats["from_lu"])
    q = df["qualifier"].astype(str)
    from_q = q.str.replace("from_", "", regex=False).where(q.str.startswith("from_"))
    out["from_lu"] = from_lu.where(from_lu.notna(), from_q)
    return out


def transitions_approach2(rows: pd.DataFrame) -> pd.DataFrame:
    """Matrix cells from area rows of remaining and conversion categories (one row each)."""
    df = rows.rename(columns={"category": "code"})
    out = _cat_columns(df)
    top = out["kind"] == "total"
    if top.any():
        bad = out[top].iloc[0]
        raise InputError(f"area in the land-use code {bad['code']} with approach 2/3",
                         bad.get("source_ref"), "areas in the remaining/conversion categories "
                         "(3.B.1.a, 3.B.2.b.i ...) or options: lulucf: approach: 1")
    cols = ["region", "year", "climate", "soil", "qualifier", "code", "from_lu", "to_lu",
            "kind", "wetland_type", "area", "activity_id", "source_ref"]
    return out[cols].rename(columns={"activity_id": "activity_ids"}).reset_index(drop=True)


def transitions_approach1(rows: pd.DataFrame) -> pd.DataFrame:
    """Matrix cells derived from the net areas of each land use (Approach 1).

    Per region and stratum: the losses of the uses whose area fell are shared out to the uses
    whose area grew in proportion to their gains; each use keeps its smaller of the two
    years' areas as the diagonal. Qualifiers (management) are kept as the shares of the year's
    rows. The first year has no conversions."""
    cats = category_table()
    df = rows.rename(columns={"category": "code"}).copy()
    kind = df["code"].map(cats["kind"])
    if (kind != "total").any():
        bad = df[(kind != "total").to_numpy()].iloc[0]
        raise InputError(f"area in {bad['code']} with approach 1", bad.get("source_ref"),
                         "areas in the land-use codes 3.B.1 ... 3.B.6 (net areas), or "
                         "options: lulucf: approach: 2")
    df["lu"] = df["code"].map(cats["to_lu"])
    tot = df.groupby([*KEYS, "year", "lu"], sort=True)["area"].sum().unstack("lu", fill_value=0.0)
    tot = tot.reindex(columns=list(LAND_USES), fill_value=0.0)
    years = sorted(df["year"].unique())
    idx = tot.index.to_frame(index=False)
    a = tot.to_numpy()
    prev = tot.groupby(level=KEYS).shift(1).to_numpy()
    first = np.isnan(prev).all(axis=1)
    prev = np.where(np.isnan(prev), a, prev)
    d = a - prev
    gain, loss = np.clip(d, 0, None), np.clip(-d, 0, None)
    tl = loss.sum(axis=1, keepdims=True)
    share = np.divide(loss, tl, out=np.zeros_like(loss), where=tl > 0)
    frames = []
    n = len(LAND_USES)
    for j, to in enumerate(LAND_USES):
        for i, fr in enumerate(LAND_USES):
            if i == j:
                v = prev[:, j] - loss[:, j]
            else:
                v = gain[:, j] * share[:, i]
            keep = (v > 0) | ((i == j) & first)
            if not keep.any():
                continue
            frames.append(idx[keep].assign(from_lu=fr, to_lu=to, area=v[keep]))
    del n, years
    cells = pd.concat(frames, ignore_index=True)
    # split each cell over the final use's qualifiers (shares of the year's rows)
    q = df.groupby([*KEYS, "year", "lu", "qualifier"], sort=False).agg(
        qa=("area", "sum"), activity_ids=("activity_id", ";".join),
        source_ref=("source_ref", "first")).reset_index()
    q["share"] = q["qa"] / q.groupby([*KEYS, "year", "lu"])["qa"].transform("sum")
    cells = cells.merge(q.rename(columns={"lu": "to_lu"}), on=[*KEYS, "year", "to_lu"],
                        how="left")
    cells["area"] = cells["area"] * cells["share"].fillna(1.0)
    cells["qualifier"] = cells["qualifier"].fillna("")
    # the IPCC code of each cell
    rem = {lu: (TOP_CODES[lu] + ".a") for lu in LAND_USES}
    conv = {(r.from_lu, r.to_lu): c for c, r in cats[cats["kind"] == "converted"].iterrows()
            if r.from_lu is not None}
    code = [rem[t] if f == t else conv.get((f, t), "3.B.4.b.iii")
            for f, t in zip(cells["from_lu"], cells["to_lu"], strict=True)]
    cells["code"] = code
    wet_conv = (cells["to_lu"] == "wetlands") & (cells["from_lu"] != "wetlands")
    cells.loc[wet_conv, "qualifier"] = "from_" + cells.loc[wet_conv, "from_lu"]
    cells["kind"] = np.where(cells["from_lu"] == cells["to_lu"], "remaining", "converted")
    cells["wetland_type"] = np.where(cells["to_lu"] == "wetlands", "other_wetlands", "")
    cols = ["region", "year", "climate", "soil", "qualifier", "code", "from_lu", "to_lu",
            "kind", "wetland_type", "area", "activity_ids", "source_ref"]
    return cells[cols]


def matrix_balance(trans: pd.DataFrame) -> pd.DataFrame:
    """Per region, stratum, year and land use: the area at the start of the year (row sum of
    the year's matrix) against the area at the end of the previous year (column sum).
    Returns the rows that do not add up (``start``, ``end_previous``, ``difference`` [ha],
    ``source_ref`` of a cell of the row)."""
    start = trans.groupby([*KEYS, "year", "from_lu"]).agg(
        start=("area", "sum"), source_ref=("source_ref", "first")).reset_index()
    end = trans.groupby([*KEYS, "year", "to_lu"])["area"].sum().reset_index()
    end = end.rename(columns={"to_lu": "from_lu", "area": "end_previous"})
    end["year"] = end["year"] + 1
    years = sorted(trans["year"].unique())
    m = start.merge(end, on=[*KEYS, "year", "from_lu"], how="outer")
    m = m[(m["year"] > years[0]) & (m["year"] <= years[-1])]
    m[["start", "end_previous"]] = m[["start", "end_previous"]].fillna(0.0)
    m["difference"] = m["start"] - m["end_previous"]
    tol = np.maximum(AREA_TOLERANCE, 1e-6 * m[["start", "end_previous"]].abs().max(axis=1))
    return m[m["difference"].abs() > tol].reset_index(drop=True)


def _check_balance(trans: pd.DataFrame, opts: LulucfOptions) -> None:
    bad = matrix_balance(trans)
    if len(bad):
        r = bad.iloc[0]
        cells = trans[(trans["region"] == r["region"]) & (trans["climate"] == r["climate"])
                      & (trans["soil"] == r["soil"])
                      & (((trans["year"] == r["year"]) & (trans["from_lu"] == r["from_lu"]))
                         | ((trans["year"] == r["year"] - 1) & (trans["to_lu"] == r["from_lu"])))]
        refs = "; ".join(dict.fromkeys(cells["source_ref"].dropna().astype(str)))
        raise InputError(
            f"land matrix does not add up: region {r['region']}, year {int(r['year'])}, "
            f"stratum {r['climate']}:{r['soil']}: {r['from_lu']} starts the year with "
            f"{r['start']:,.1f} ha (row: {r['from_lu']} -> any land use in {int(r['year'])}) "
            f"but ended {int(r['year']) - 1} with {r['end_previous']:,.1f} ha (column: any -> "
            f"{r['from_lu']}); difference {r['difference']:+,.1f} ha"
            + (f" ({len(bad) - 1} more cells)" if len(bad) > 1 else "")
            + f"; cells: {refs}", r.get("source_ref"),
            "the area of each land use at the start of a year (sum of its row) equal to its "
            "area at the end of the previous year (sum of its column), per region and stratum")
    total = trans.groupby(["region", "year"])["area"].sum()
    for region, s in total.groupby(level="region"):
        ref = trans.loc[trans["region"] == region, "source_ref"].iloc[0]
        if s.max() - s.min() > max(AREA_TOLERANCE, 1e-6 * s.max()):
            y0, y1 = s.idxmin()[1], s.idxmax()[1]
            raise InputError(f"total land area of region {region} changes: {s.min():,.1f} ha "
                             f"in {y0}, {s.max():,.1f} ha in {y1}", ref,
                             "the same total land area in every year (land only changes use)")
        want = opts.total_area.get(region)
        if want is not None and abs(s.iloc[0] - float(want)) > max(AREA_TOLERANCE,
                                                                    1e-6 * float(want)):
            raise InputError(f"total land area of region {region} is {s.iloc[0]:,.1f} ha, "
                             f"options: lulucf: total_area says {float(want):,.1f} ha", ref,
                             "areas of all land uses adding up to the region's land area")


def build_land(area_rows: pd.DataFrame, ids: pd.DataFrame, years: list[int],
               opts: LulucfOptions) -> LandTables:
    """The land tables from the ``area`` activity rows (numbers only; ``ids`` their parsed
    activity ids)."""
    rows = area_rows.assign(area=values_in(area_rows, "ha", "area"),
                            climate=ids["climate"].to_numpy(), soil=ids["soil"].to_numpy(),
                            qualifier=ids["qualifier"].to_numpy())
    trans = (transitions_approach1(rows) if opts.approach == 1
             else transitions_approach2(rows))
    _check_balance(trans, opts)
    matrix = trans.groupby(["region", "year", "from_lu", "to_lu"], sort=True)["area"].sum()
    matrix = matrix.reset_index()
    areas = _reporting_areas(trans, years, opts)
    return LandTables(trans, areas, matrix)


SOC_YEARS = 20   # IPCC 2006 Vol.4 Ch.2 Eq. 2.25: D, the default time dependence (20 years)


def _reporting_areas(trans: pd.DataFrame, years: list[int], opts: LulucfOptions
                     ) -> pd.DataFrame:
    """Areas of "land converted to X" (sum of the conversions within the transition period)
    and "X remaining X" (the rest of X's area) per stratum and qualifier."""
    ident = ["region", "climate", "soil", "qualifier", "code", "from_lu", "to_lu", "kind",
             "wetland_type"]
    conv = trans[trans["kind"] == "converted"]
    out = []
    if len(conv):
        wide = conv.pivot_table(index=ident, columns="year", values="area", aggfunc="sum",
                                fill_value=0.0).reindex(columns=years, fill_value=0.0)
        arr = wide.to_numpy()
        prefix = arr[:, 0] if opts.history == "constant" else None
        in_t = window_sums(arr, opts.transition_years, prefix)
        in_d = window_sums(arr, SOC_YEARS, prefix)
        idx = wide.index.to_frame(index=False)
        for j, y in enumerate(years):
            out.append(idx.assign(year=y, area=in_t[:, j], converted=arr[:, j],
                                  soc_window=in_d[:, j]))
    conv_areas = pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=[*ident, "year", "area", "converted", "soc_window"])
    # remaining = end-of-year area of the use (per stratum) - land in transition
    end = trans.groupby(["region", "climate", "soil", "year", "to_lu"])["area"].sum()
    in_trans = conv_areas.groupby(["region", "climate", "soil", "year", "to_lu"])["area"].sum()
    remaining_total = end.sub(in_trans, fill_value=0.0)
    diag = trans[trans["kind"] == "remaining"]
    d = diag.groupby(["region", "climate", "soil", "year", "to_lu", "code", "wetland_type",
                      "qualifier"])["area"].sum().reset_index()
    d["share"] = d["area"] / d.groupby(["region", "climate", "soil", "year", "to_lu"])[
        "area"].transform("sum")
    d["share"] = d["share"].fillna(0.0)
    rt = remaining_total.rename("total").reset_index()
    d = d.drop(columns="area").merge(rt, on=["region", "climate", "soil", "year", "to_lu"],
                                     how="left")
    d["area"] = d["total"].fillna(0.0) * d["share"]
    d["shortfall"] = np.minimum(d["area"], 0.0)
    d["area"] = d["area"].clip(lower=0.0)
    d = d.assign(from_lu=d["to_lu"], kind="remaining", converted=0.0, soc_window=0.0)
    key = ["region", "year", "code", "climate", "soil", "qualifier"]
    g = trans.groupby(key, sort=False)
    prov = g.agg(source_ref=("source_ref", "first")).reset_index()
    ids = trans["activity_ids"].astype(object)
    ids = ids.where(ids.notna(), "")
    pos = g.cumcount().to_numpy()
    code = g.ngroup().to_numpy()
    joined = np.full(int(code.max()) + 1 if len(code) else 0, "", dtype=object)
    vals = ids.to_numpy(dtype=object)
    for p in range(int(pos.max()) + 1 if len(pos) else 0):   # a cell per position in group
        m = pos == p
        c = code[m]
        joined[c] = np.where(joined[c] == "", vals[m], joined[c] + ";" + vals[m])
    prov["activity_ids"] = joined
    cols = ["region", "year", "climate", "soil", "qualifier", "code", "from_lu", "to_lu",
            "kind", "wetland_type", "area", "converted", "soc_window"]
    areas = pd.concat([d[cols], conv_areas[cols]], ignore_index=True)
    areas = areas.merge(prov, on=["region", "year", "code", "climate", "soil", "qualifier"],
                        how="left")
    areas["activity_ids"] = areas["activity_ids"].fillna("")
    return areas.sort_values(["region", "year", "code", "climate", "soil", "qualifier"]
                             ).reset_index(drop=True)
