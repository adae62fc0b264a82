"""Charts a compiler would rather look at than read: one sector of a run at a glance.

Every figure is built from the run's tables and never recomputes an emission: the sector's
staged rows (``stage/emissions_<sector>``) get their CRT code, memo status and CO2 equivalent
from :func:`inventory.combine.combine_emissions` (the one place CO2-eq is computed), implied
factors and IPCC ranges come from :func:`inventory.qa.implied_factor_check`. Plotly figures
(interactive in JupyterLab, Voila and the executed notebooks; see docs/design.md).

In a sector notebook::

    views.overview(run, "energy", region=region, year=year)
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from inventory.categories import crt_tree
from inventory.combine import combine_emissions
from inventory.errors import InputError
from inventory.qa import implied_factor_check

__all__ = ["sector_emissions", "inventory_rows", "sector_total", "total_html", "trend_figure",
           "implied_factor_figure", "top_changes_figure", "overview"]

INCREASE, DECREASE = "#c0392b", "#1e8449"
KEYS = ["crt_category", "activity", "gas"]


def sector_emissions(run, sector: str) -> pd.DataFrame:
    """The sector's staged emission rows with CRT code, memo flag and ``value_co2eq``."""
    return combine_emissions([run.table(f"emissions_{sector}")], run.project.gwp,
                             run.guidelines)


def inventory_rows(rows: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """Numeric rows that count in the inventory total (memo items and notation keys out), of
    one region or all (``None``: the national inventory, the sum of the regions)."""
    keep = rows["value_co2eq"].notna() & ~rows["memo"].astype(bool)
    if region is not None:
        keep &= rows["region"] == region
    return rows[keep]


def _check_choice(rows: pd.DataFrame, region: str | None, year: int | None) -> int:
    if region is not None and region not in set(rows["region"]):
        raise InputError(f"region {region!r} has no rows in this sector", "parameter 'region'",
                         "None (national) or one of " + ", ".join(sorted(set(rows["region"]))))
    years = sorted(int(y) for y in rows["year"].unique())
    if not years:
        raise InputError("the sector has no emission rows", "the sector stage",
                         "activity rows for this sector in the project's inputs")
    if year is None:
        return years[-1]
    if int(year) not in years:
        raise InputError(f"year {year} is not in the run", "parameter 'year'",
                         f"None (the latest) or a year {years[0]}-{years[-1]}")
    return int(year)


def sector_total(rows: pd.DataFrame, year: int, region: str | None = None) -> float:
    """Total of the sector in a year [kt CO2-eq] (memo items excluded)."""
    sel = inventory_rows(rows, region)
    return float(sel.loc[sel["year"] == year, "value_co2eq"].sum())


def total_html(rows: pd.DataFrame, title: str, year: int, region: str | None = None,
               gwp: str = "") -> str:
    """One line: the sector's total of ``year`` and the change from the year before."""
    now = sector_total(rows, year, region)
    where = region or "national"
    text = f"<b>{html.escape(title)}</b>, {where}, {year}: <b>{now:,.1f}</b> kt CO2-eq"
    if (rows["year"] == year - 1).any():
        before = sector_total(rows, year - 1, region)
        pct = f"{(now - before) / abs(before) * 100:+.1f} %" if before else "n/a"
        text += f" ({year - 1}: {before:,.1f}; {pct})"
    text += f" &middot; memo items excluded &middot; {html.escape(gwp)}"
    return (f'<div class="ghgi-lab-total" data-total="{now!r}" style="font-size:1.1em;'
            f'margin:0.4em 0">{text}</div>')


def _group(codes: pd.Series) -> pd.Series:
    """CRT codes cut to the level that shows the sector's structure: two levels (3.A, 5.B)
    unless that gives fewer than four groups (energy: 1.A.1, 1.A.2 ... 1.B.2)."""
    parts = codes.astype(str).str.split(".")
    two = parts.str[:2].str.join(".")
    return two if two.nunique() >= 4 else parts.str[:3].str.join(".")


def _label(codes: pd.Series) -> pd.Series:
    titles = crt_tree()["title"]
    return codes.map(lambda c: f"{c} {titles.get(c, '')}".strip())


def trend_figure(rows: pd.DataFrame, title: str, region: str | None = None):
    """Stacked bars per year [kt CO2-eq], one panel per gas (each with its own scale: CH4 and
    N2O would vanish beside CO2), colour = CRT category."""
    import plotly.express as px

    sel = inventory_rows(rows, region)
    g = (sel.assign(category=_label(_group(sel["crt_category"])))
         .groupby(["year", "category", "gas"], as_index=False)["value_co2eq"].sum())
    gases = [x for x in ("CO2", "CH4", "N2O") if x in set(g["gas"])]
    gases += sorted(set(g["gas"]) - set(gases))
    fig = px.bar(g, x="year", y="value_co2eq", color="category", facet_col="gas",
                 facet_col_wrap=3, category_orders={"gas": gases},
                 labels={"value_co2eq": "kt CO2-eq", "category": "CRT category"},
                 title=f"{title}: emissions by category and gas [kt CO2-eq], "
                       f"{region or 'national'}")
    fig.update_yaxes(matches=None, showticklabels=True)
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    fig.update_layout(barmode="relative", height=420 + 260 * ((len(gases) - 1) // 3),
                      legend={"orientation": "h", "y": -0.15})
    return fig


def _ief_table(run, rows: pd.DataFrame, year: int, region: str | None, n: int) -> pd.DataFrame:
    sel = rows[rows["year"] == year]
    if region is not None:
        sel = sel[sel["region"] == region]
    g = implied_factor_check(sel, run._ipcc_defaults())
    g = g[g["ief"].notna() & g["ipcc_default"].notna() & (g["ipcc_default"] != 0)]
    weight = (inventory_rows(sel).groupby(["category", "activity", "gas"])["value_co2eq"].sum()
              .rename("kt_co2eq"))
    g = g.merge(weight, on=["category", "activity", "gas"], how="left")
    g["outside"] = g["within_range"].astype(object).eq(False)
    g = g.sort_values(["outside", "kt_co2eq"], ascending=False).head(n)
    g["label"] = g["category"] + " " + g["activity"] + " " + g["gas"]
    return g.sort_values(["category", "activity", "gas"], ascending=False)


def implied_factor_figure(run, rows: pd.DataFrame, year: int, region: str | None = None,
                          n: int = 40):
    """Implied emission factors of ``year`` against the IPCC default and its 95 % range, as a
    ratio to the default (one axis for every unit): the rows outside the range first, then the
    largest emitters, at most ``n``."""
    import plotly.graph_objects as go

    g = _ief_table(run, rows, year, region, n)
    fig = go.Figure()
    if g.empty:
        fig.add_annotation(text="no implied factor with an IPCC default in this sector",
                           showarrow=False)
        return fig.update_layout(height=200)
    lo = (g["ipcc_lower"] / g["ipcc_default"]).fillna(1.0)
    hi = (g["ipcc_upper"] / g["ipcc_default"]).fillna(1.0)
    fig.add_trace(go.Scatter(
        x=np.ones(len(g)), y=g["label"], mode="markers", name="IPCC default and 95 % range",
        marker={"symbol": "line-ns-open", "size": 14, "color": "#555"},
        error_x={"type": "data", "symmetric": False, "array": hi - 1, "arrayminus": 1 - lo,
                 "color": "#999", "thickness": 6, "width": 0},
        customdata=g[["ipcc_default", "ipcc_lower", "ipcc_upper", "ief_unit",
                      "ipcc_source"]].astype(object).to_numpy(),
        hovertemplate="IPCC default %{customdata[0]:.4g} %{customdata[3]}<br>range "
                      "%{customdata[1]:.4g} - %{customdata[2]:.4g}<br>%{customdata[4]}"
                      "<extra></extra>"))
    for outside, name, colour in ((False, "implied factor (within the range or no range)",
                                   "#1f77b4"), (True, "implied factor outside the range",
                                                INCREASE)):
        part = g[g["outside"] == outside]
        fig.add_trace(go.Scatter(
            x=part["ief"] / part["ipcc_default"], y=part["label"], mode="markers", name=name,
            marker={"size": 10, "color": colour},
            customdata=part[["ief", "ief_unit"]].astype(object).to_numpy(),
            hovertemplate="%{y}<br>IEF %{customdata[0]:.4g} %{customdata[1]}<br>"
                          "%{x:.3f} x the default<extra></extra>"))
    spread = max(hi.max(), (g["ief"] / g["ipcc_default"]).max()) / max(
        min(lo.min(), (g["ief"] / g["ipcc_default"]).min()), 1e-9)
    fig.update_xaxes(type="log" if spread > 30 else "linear",
                     title="implied factor / IPCC default")
    fig.update_layout(title=f"Implied emission factors {year} against the IPCC range "
                            f"({region or 'national'})",
                      height=160 + 22 * len(g), legend={"orientation": "h", "y": -0.15})
    return fig


def _changes(rows: pd.DataFrame, year: int, region: str | None, n: int) -> pd.DataFrame:
    sel = inventory_rows(rows, region)
    two = sel[sel["year"].isin([year - 1, year])]
    g = two.pivot_table(index=KEYS, columns="year", values="value_co2eq", aggfunc="sum",
                        fill_value=0.0)
    g = g.reindex(columns=[year - 1, year], fill_value=0.0)
    g.columns = ["before", "now"]
    g = g.reset_index()
    g["change"] = g["now"] - g["before"]
    g["pct"] = np.where(g["before"] != 0, g["change"] / g["before"].abs() * 100, np.nan)
    g = g.reindex(g["change"].abs().sort_values(ascending=False).index).head(n)
    g["label"] = g["crt_category"] + " " + g["activity"] + " " + g["gas"]
    return g.iloc[::-1]


def top_changes_figure(rows: pd.DataFrame, year: int, region: str | None = None, n: int = 12):
    """The ``n`` largest changes from the year before [kt CO2-eq], by CRT category, activity
    and gas."""
    import plotly.graph_objects as go

    fig = go.Figure()
    if not (rows["year"] == year - 1).any():
        fig.add_annotation(text=f"{year} is the first year: no previous year to compare",
                           showarrow=False)
        return fig.update_layout(height=200)
    g = _changes(rows, year, region, n)
    fig.add_trace(go.Bar(
        x=g["change"], y=g["label"], orientation="h",
        marker_color=np.where(g["change"] >= 0, INCREASE, DECREASE),
        customdata=g[["before", "now", "pct"]].to_numpy(),
        hovertemplate=f"%{{y}}<br>{year - 1}: %{{customdata[0]:,.1f}}<br>{year}: "
                      "%{customdata[1]:,.1f}<br>%{customdata[2]:+.1f} %<extra></extra>"))
    fig.update_layout(title=f"Largest changes {year - 1} -> {year} [kt CO2-eq] "
                            f"({region or 'national'})",
                      height=160 + 26 * len(g), xaxis_title="kt CO2-eq")
    return fig


def overview(run, sector: str, region: str | None = None, year: int | None = None) -> None:
    """Display the sector's total, trend by category and gas, implied factors against the
    IPCC range and the largest changes from the year before (in a notebook)."""
    from IPython.display import HTML, display

    from inventory.plugins import sector as sector_of

    title = sector_of(sector).title
    rows = sector_emissions(run, sector)
    year = _check_choice(rows, region, year)
    display(HTML(total_html(rows, title, year, region, run.project.gwp)))
    display(trend_figure(rows, title, region))
    display(implied_factor_figure(run, rows, year, region))
    display(top_changes_figure(rows, year, region))
