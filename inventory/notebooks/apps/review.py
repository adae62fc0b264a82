# %% [markdown]
# # Inventory review
# The reviewer's dashboard of one run folder (`ghgi review [run]`). It only reads the run's
# output files (`manifest.json`, `emissions.parquet`, `crt_aggregates.csv`,
# `implied_factors.csv`, and the analyses' `kca.csv`, `uncertainty_approach1.csv`,
# `recalculations.csv`): every number shown was written by the compilation.

# %% tags=["parameters"]
run_dir = ""

# %%
import html

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import display

from inventory import review as rv
from inventory.crt.layout import guidelines_label

run = rv.load_run(run_dir)  # $GHGI_RUN_DIR wins over the parameter
m = run.manifest
years = rv.year_options(run)
region_labels = dict((code, label) for label, code in rv.region_options(run))
crt_labels = {code: label.strip("\u00a0") for label, code in rv.category_options(run)}
PAGE_CSS = """
<style>
.ghgi-banner-synthetic {background:#b00020;color:#fff;font-weight:bold;font-size:1.2em;
  padding:6px 12px;border-radius:4px;letter-spacing:.05em;display:inline-block}
.ghgi-table-box {max-height:420px;overflow:auto;border:1px solid #ddd}
table.ghgi-table-html {border-collapse:collapse;font-size:12px}
table.ghgi-table-html th {position:sticky;top:0;background:#f3f3f3;text-align:left}
table.ghgi-table-html th, table.ghgi-table-html td {padding:2px 6px;border-bottom:1px solid #eee;
  white-space:nowrap}
.ghgi-flag-out {color:#b00020;font-weight:bold}
</style>
"""

# %%
banner = ('<div class="ghgi-banner-synthetic">SYNTHETIC DEMO DATA \u2013 not a real '
          "inventory</div>") if run.synthetic else ""
header = W.HTML(
    PAGE_CSS + banner +
    f"<h2>Review: {html.escape(str(m.get('party', '')))}</h2>"
    f"<p><b>Run</b> <code>{html.escape(str(m.get('run_id', '')))}</code> &nbsp; "
    f"<b>GWP set</b> {html.escape(str(m.get('gwp_set', '')))} &nbsp; "
    f"<b>Guidelines</b> {html.escape(guidelines_label(str(m.get('guidelines', ''))))} &nbsp; "
    f"<b>Years</b> {years[0]}\u2013{years[-1]} &nbsp; "
    f"<b>Mode</b> {html.escape(str(m.get('mode', '')))} &nbsp; "
    f"<b>Created (UTC)</b> {html.escape(str(m.get('created_utc', '')))}<br>"
    f"<small>{html.escape(str(run.run_dir))}</small></p>")
header.add_class("ghgi-header")
if run.synthetic:
    header.add_class("ghgi-synthetic")

# %%
wide = W.Layout(width="auto")
region = W.Dropdown(options=rv.region_options(run), value=run.party_code, description="Region",
                    layout=wide)
year = W.Dropdown(options=years, value=years[-1], description="Year", layout=wide)
category = W.Dropdown(options=rv.category_options(run), value="TOTAL", description="Category",
                      layout=W.Layout(width="520px"))
gas = W.Dropdown(options=rv.gas_options(run), value=rv.ALL_GASES, description="Gas",
                 layout=wide)
for w, cls in ((region, "ghgi-region"), (year, "ghgi-year"), (category, "ghgi-category"),
               (gas, "ghgi-gas")):
    w.add_class(cls)
controls = W.HBox([region, year, category, gas], layout=W.Layout(flex_flow="row wrap"))

# ---- trend chart: crt_aggregates.csv
trend_fig = go.FigureWidget(
    data=[go.Scatter(x=[], y=[], mode="lines+markers", name="emissions",
                     hovertemplate="%{x}: %{y:,.1f} kt CO2-eq<extra></extra>"),
          go.Scatter(x=[], y=[], mode="markers", name="selected year",
                     marker={"size": 14, "symbol": "circle-open", "color": "#d62728"},
                     hoverinfo="skip")],
    layout=go.Layout(height=380, width=1100, title={"font": {"size": 14}},
                     margin={"l": 70, "r": 20, "t": 50, "b": 40},
                     yaxis={"title": {"text": "kt CO2-eq"}, "rangemode": "tozero"},
                     xaxis={"dtick": 1 if len(years) <= 12 else 2},
                     showlegend=False, template="plotly_white"))
trend_fig.add_class("ghgi-trend-figure")
trend_note = W.HTML()
trend_note.add_class("ghgi-trend-note")
trend_box = W.VBox([trend_fig, trend_note])
trend_box.add_class("ghgi-trend")

# ---- emission rows of the selected year, with provenance
table_title = W.HTML()
table = W.HTML()
table.add_class("ghgi-table")
table_box = W.Box([table])
table_box.add_class("ghgi-table-box")

# ---- implied emission factor vs IPCC default and range: implied_factors.csv
ief_category = W.Dropdown(description="IPCC cat.", layout=W.Layout(width="420px"))
ief_fuel = W.Dropdown(description="Fuel", layout=wide)
ief_gas = W.Dropdown(description="Gas", layout=wide)
for w, cls in ((ief_category, "ghgi-ief-category"), (ief_fuel, "ghgi-ief-fuel"),
               (ief_gas, "ghgi-ief-gas")):
    w.add_class(cls)
ief_fig = go.FigureWidget(
    data=[go.Scatter(x=[], y=[], mode="lines", line={"width": 0}, name="IPCC upper",
                     showlegend=False,
                     hovertemplate="upper %{y:,.4g}<extra></extra>"),
          go.Scatter(x=[], y=[], mode="lines", line={"width": 0}, fill="tonexty",
                     fillcolor="rgba(44,160,44,0.18)", name="IPCC 95 % range",
                     hovertemplate="lower %{y:,.4g}<extra></extra>"),
          go.Scatter(x=[], y=[], mode="lines", line={"dash": "dash", "color": "#2ca02c"},
                     name="IPCC default", hovertemplate="default %{y:,.4g}<extra></extra>"),
          go.Scatter(x=[], y=[], mode="lines+markers", line={"color": "#1f77b4"},
                     name="implied EF (national)",
                     hovertemplate="%{x}: %{y:,.4g}<extra></extra>"),
          go.Scatter(x=[], y=[], mode="markers", name="outside IPCC range",
                     marker={"symbol": "x", "size": 13, "color": "#b00020"},
                     hovertemplate="%{x}: %{y:,.4g} outside range<extra></extra>")],
    layout=go.Layout(height=340, width=1100, title={"font": {"size": 14}},
                     margin={"l": 70, "r": 20, "t": 50, "b": 40},
                     template="plotly_white", legend={"orientation": "h", "y": -0.15}))
ief_fig.add_class("ghgi-ief-figure")
ief_flags = W.HTML()
ief_flags.add_class("ghgi-ief-flags")
ief_box = W.VBox([W.HBox([ief_category, ief_fuel, ief_gas],
                         layout=W.Layout(flex_flow="row wrap")), ief_fig, ief_flags])
ief_box.add_class("ghgi-ief")

# ---- rows reported with notation keys
notation = W.HTML()
notation.add_class("ghgi-notation")
_ = notation  # (add_class returns the widget: keep it from being displayed here)


# ---- cross-cutting analyses: key categories, uncertainty (Table 3.3), recalculations
coverage = W.ToggleButtons(options=[("without LULUCF", "excluding"),
                                    ("with LULUCF", "including")], value="excluding",
                           description="LULUCF")
coverage.add_class("ghgi-coverage")
kca_view = W.HTML()
kca_view.add_class("ghgi-kca")
kca_box = W.Box([kca_view])
kca_box.add_class("ghgi-table-box")
unc_view = W.HTML()
unc_view.add_class("ghgi-uncertainty")
unc_box = W.Box([unc_view])
unc_box.add_class("ghgi-table-box")
recalc_view = W.HTML()
recalc_view.add_class("ghgi-recalc")
recalc_box = W.Box([recalc_view])
recalc_box.add_class("ghgi-table-box")


def update_analyses(change=None):
    k = rv.key_categories(run, coverage.value)
    kca_view.value = ("<p>No key category analysis in this run folder.</p>" if k is None
                      else f"<p><b>{len(k)}</b> key categories</p>"
                      + rv.html_table(k, rv.KCA_COLUMNS))
    u = rv.uncertainty_table(run, coverage.value)
    unc_view.value = ("<p>No uncertainty analysis in this run folder.</p>" if u is None
                      else rv.html_table(u, rv.UNCERTAINTY_COLUMNS))


def update_recalc():
    r = rv.recalculation_diff(run)
    if r is None:
        recalc_view.value = ("<p>No comparison with an earlier submission: archive a run with "
                             "<code>ghgi submit</code>, then compile again or run "
                             "<code>ghgi compare</code>.</p>")
    elif r.empty:
        recalc_view.value = "<p>No recalculations: every estimate equals the submission's.</p>"
    else:
        recalc_view.value = (f"<p><b>{len(r)}</b> changed category/gas/year cells</p>"
                             + rv.html_table(r, rv.RECALC_COLUMNS))


coverage.observe(update_analyses, "value")
update_analyses()
update_recalc()


# %%
def _clean(values):
    """Plotly wants None, not NaN, for gaps."""
    return [None if v != v else float(v) for v in values]


def selection_label():
    return (f"{region_labels.get(region.value, region.value)} \u00b7 "
            f"{crt_labels.get(category.value, category.value)} \u00b7 "
            f"{'all gases' if gas.value == rv.ALL_GASES else gas.value}")


def update_trend():
    t = rv.trend(run, region.value, category.value, gas.value)
    x, y = t["year"].astype(int).tolist(), _clean(t["value_co2eq"])
    sel = t[t["year"] == year.value]
    with trend_fig.batch_update():
        trend_fig.data[0].x, trend_fig.data[0].y = x, y
        trend_fig.data[1].x = [year.value] if len(sel) else []
        trend_fig.data[1].y = _clean(sel["value_co2eq"]) if len(sel) else []
        trend_fig.layout.title.text = html.escape(selection_label())
    notes = []
    keyed = t[t["value_co2eq"].isna() & t["notation_key"].notna()]
    if len(keyed):
        notes.append("reported as " + ", ".join(
            f"{k} ({rv.year_ranges(sorted(g['year'].astype(int)))})"
            for k, g in keyed.groupby("notation_key")))
    if t["incomplete"].astype(bool).any():
        notes.append("the aggregate includes rows reported with notation keys NE/IE/C "
                     "(flagged incomplete in crt_aggregates.csv)")
    if t.empty:
        notes.append("no aggregate in crt_aggregates.csv for this selection (memo items are "
                     "reported outside the national total); see the rows below")
    trend_note.value = "<small>" + "; ".join(notes) + "</small>" if notes else ""


def update_table():
    rows = rv.year_rows(run, region.value, category.value, gas.value, year.value)
    table_title.value = (f"<h3>Emission rows {year.value} ({len(rows)}) \u2013 "
                         f"{html.escape(selection_label())}</h3>"
                         "<small>kt of gas and kt CO2-eq; activity in TJ; IEF in kg/TJ; "
                         "tier, factor layer and source are the provenance of each row"
                         "</small>")
    table.value = (rv.html_table(rows, rv.TABLE_COLUMNS, max_rows=300) if len(rows)
                   else "<p>No emission rows for this selection.</p>")


def update_notation():
    keys = rv.notation_rows(run, region.value, category.value, gas.value)
    heads = {"category": "IPCC 2006", "crt_category": "CRT", "activity": "Fuel",
             "notation_key": "Key", "memo": "Memo", "regions": "Regions", "gases": "Gases",
             "years": "Years"}
    notation.value = (rv.html_table(keys, heads) if len(keys)
                      else "<p>No rows reported with notation keys for this selection.</p>")


_busy = {"ief": False}


def refresh_ief_options():
    """IEF choices follow the main category (and gas, when one gas is selected)."""
    opts = rv.ief_options(run, category.value, gas.value)
    _busy["ief"] = True
    try:
        cats = list(opts)
        ief_category.options = [(f"{c}  {rv.ipcc_title(c)}".strip(), c) for c in cats]
        ief_category.value = ief_category.value if ief_category.value in cats else (
            cats[0] if cats else None)
        refresh_ief_fuels()
    finally:
        _busy["ief"] = False
    update_ief()


def refresh_ief_fuels():
    opts = rv.ief_options(run, category.value, gas.value)
    fuels = opts.get(ief_category.value, [])
    ief_fuel.options = fuels
    ief_fuel.value = ief_fuel.value if ief_fuel.value in fuels else (fuels[0] if fuels else None)
    i = run.implied
    gases = sorted(i[(i["category"] == ief_category.value)
                     & (i["activity"] == ief_fuel.value)]["gas"].unique())
    want = gas.value if gas.value in gases else (
        ief_gas.value if ief_gas.value in gases else ("CO2" if "CO2" in gases else None))
    ief_gas.options = gases
    ief_gas.value = want if want in gases else (gases[0] if gases else None)


def update_ief():
    if _busy["ief"]:
        return
    if not (ief_category.value and ief_fuel.value and ief_gas.value):
        s = None
    else:
        s = rv.ief_series(run, ief_category.value, ief_fuel.value, ief_gas.value)
    with ief_fig.batch_update():
        if s is None or s.empty:
            for tr in ief_fig.data:
                tr.x, tr.y = [], []
            ief_fig.layout.title.text = "no national implied emission factor for this selection"
        else:
            x = s["year"].astype(int).tolist()
            for k, col in enumerate(("ipcc_upper", "ipcc_lower", "ipcc_default", "ief")):
                ief_fig.data[k].x, ief_fig.data[k].y = x, _clean(s[col])
            out = s[s["out_of_range"]]
            ief_fig.data[4].x = out["year"].astype(int).tolist()
            ief_fig.data[4].y = _clean(out["ief"])
            unit = s["ief_unit"].dropna().iloc[0] if s["ief_unit"].notna().any() else ""
            ief_fig.layout.title.text = html.escape(
                f"{ief_category.value} {ief_fuel.value} {ief_gas.value}: implied EF [{unit}]")
            ief_fig.layout.yaxis.title.text = unit
    if s is None or s.empty:
        ief_flags.value = ""
        return
    src = ", ".join(sorted(s["ipcc_source"].dropna().unique())) or "no IPCC default found"
    out = s[s["out_of_range"]]
    no_range = s["within_range"].isna().all()
    if len(out):
        flag = (f'<span class="ghgi-flag-out">{len(out)} year(s) outside the IPCC range: '
                f"{rv.year_ranges(sorted(out['year'].astype(int)))}</span>")
    elif no_range:
        flag = "no IPCC range to compare with"
    else:
        flag = "all years within the IPCC range"
    ief_flags.value = f"<small>{flag} &nbsp; (IPCC: {html.escape(src)})</small>"


def on_selection(change=None):
    update_trend()
    update_table()
    update_notation()


def on_category_or_gas(change=None):
    on_selection()
    refresh_ief_options()


def on_year(change=None):
    update_trend()
    update_table()


def on_ief_category(change):
    if _busy["ief"]:
        return
    _busy["ief"] = True
    try:
        refresh_ief_fuels()
    finally:
        _busy["ief"] = False
    update_ief()


def on_ief_fuel(change):
    if _busy["ief"]:
        return
    _busy["ief"] = True
    try:
        refresh_ief_fuels()
    finally:
        _busy["ief"] = False
    update_ief()


def on_trend_click(trace, points, state):
    if points.xs and int(points.xs[0]) in years:
        year.value = int(points.xs[0])


region.observe(on_selection, "value")
year.observe(on_year, "value")
category.observe(on_category_or_gas, "value")
gas.observe(on_category_or_gas, "value")
ief_category.observe(on_ief_category, "value")
ief_fuel.observe(on_ief_fuel, "value")
ief_gas.observe(lambda change: update_ief(), "value")
trend_fig.data[0].on_click(on_trend_click)
on_category_or_gas()

# %%
# ---- checks: checks.csv (every rule's findings; the policy decided raise / warn / record)
checks_summary = rv.check_summary(run)
check_pick = W.Dropdown(
    options=[("all checks", "")] + ([(f"{r.check} ({r.findings})", r.check)
                                     for r in checks_summary.itertuples()]
                                    if checks_summary is not None else []),
    value="", description="Check", layout=W.Layout(width="520px"))
check_pick.add_class("ghgi-check")
checks_box = W.HTML()
checks_box.add_class("ghgi-checks")


def update_checks(change=None):
    if checks_summary is None:
        checks_box.value = "<p>This run has no checks.csv (made before checks were recorded).</p>"
        return
    summary = rv.html_table(checks_summary) if check_pick.value == "" else ""
    rows = rv.check_findings(run, check_pick.value or None)
    checks_box.value = (summary + "<h4>Findings</h4>" + rv.html_table(rows, max_rows=300)
                        if len(rows) else "<p>No findings.</p>")


check_pick.observe(update_checks, "value")
update_checks()

# %%
# ---- LULUCF (tables/lulucf.*.csv; loaders in inventory/review_lulucf.py)
from inventory import review_lulucf as rl  # noqa: E402

lulucf_box = W.HTML()
lulucf_box.add_class("ghgi-lulucf")
lulucf_year = W.Dropdown(options=rl.lulucf_years(run) or [years[-1]],
                         value=(rl.lulucf_years(run) or [years[-1]])[-1],
                         description="Year", layout=wide)


def update_lulucf(change=None):
    if not rl.lulucf_available(run):
        lulucf_box.value = "<p>This run has no LULUCF sector.</p>"
        return
    reg = region.value
    matrix = rl.land_matrix(run, lulucf_year.value, reg)
    pools = rl.carbon_by_pool(run, reg)
    hwp = rl.hwp_stock(run, reg)
    parts = ["<h4>Land-use change matrix [kha] (rows: start of year, columns: end)</h4>",
             rv.html_table(matrix.round(2).reset_index()),
             "<h4>Carbon stock change per pool [kt C], gain positive</h4>",
             rv.html_table(pools.round(1).reset_index())]
    if hwp is not None:
        last = hwp[hwp["year"] == lulucf_year.value]
        parts += ["<h4>HWP carbon stock at the start of the year [Mt C]</h4>",
                  rv.html_table(last.round(3))]
    lulucf_box.value = "".join(parts)


lulucf_year.observe(update_lulucf, "value")
region.observe(update_lulucf, "value")
update_lulucf()


# ---- national-provincial reconciliation (issue 16; a short section until the app is rewritten):
# <run>/reconciliation/ as written by `ghgi reconcile`, loaded by inventory/review_reconcile.py
from inventory.review_reconcile import gap_map, load_reconciliation

rec_box = W.HTML("<p>No reconciliation in this run folder (<code>ghgi reconcile --national "
                 "&lt;this run&gt; --provinces ...</code> writes one).</p>")
if (run.run_dir / "reconciliation" / "reconciliation.csv").exists():
    rec = load_reconciliation(run.run_dir / "reconciliation")
    rec_box.value = (f"<p>method: {html.escape(str(rec['meta'].get('method')))}; "
                     f"{rec['meta'].get('flagged', 0)} gap(s) above "
                     f"{rec['meta'].get('threshold_pct')} %</p><h4>Gap map, latest year "
                     "(national - provinces, % of national)</h4>"
                     + rv.html_table(gap_map(rec["table"]).round(2).reset_index())
                     + "<h4>Findings</h4>" + rv.html_table(rec["findings"], max_rows=200))

# %%
app = W.VBox([
    header, controls, trend_box, table_title, table_box,
    W.HTML("<h3>Implied emission factors vs IPCC 2006 defaults (national)</h3>"
           "<small>shaded: IPCC 95 % range; dashed: IPCC default; red crosses: years outside "
           "the range</small>"),
    ief_box,
    W.HTML("<h3>Notation keys</h3><small>rows reported as NO, NE, NA, IE or C for the "
           "selected region, category and gas</small>"),
    notation,
    W.HTML("<h3>Key categories</h3><small>kca.csv: Approach 1 level (L1, base year L1 BY) "
           "and trend (T1), Approach 2 (L2, T2), qualitative (Q)</small>"),
    coverage, kca_box,
    W.HTML("<h3>Uncertainty (IPCC 2006 Vol.1 Table 3.3)</h3><small>"
           "uncertainty_approach1.csv, latest year against the base year</small>"),
    unc_box,
    W.HTML("<h3>Recalculations</h3><small>changes against the compared submission "
           "(recalculations.csv)</small>"),
    recalc_box,
    W.HTML("<h3>Checks</h3><small>checks.csv: every finding of the validation, sector QA, "
           "implied-factor, completeness and parameter-use rules, with the input cell</small>"),
    check_pick, checks_box,
    W.HTML("<h3>LULUCF</h3><small>tables/lulucf.land_matrix.csv, lulucf.carbon.csv, "
           "lulucf.hwp.csv</small>"),
    lulucf_year, lulucf_box,
    W.HTML("<h3>National-provincial reconciliation</h3><small>reconciliation/: the national "
           "inventory against the sum of the provinces by report item and gas</small>"),
    rec_box,
])
app.add_class("ghgi-review")
# plotly copies a FigureWidget's data into the widget state only when the figure itself is
# displayed; inside a box it is not, so push the data computed above explicitly
for fig in (trend_fig, ief_fig):
    fig._repr_mimebundle_()
display(app)
