# %% [markdown]
# # Early warning: progress toward the carbon targets
# The reviewer's view of one outlook report (`ghgi review-outlook <run folder>`): a grid of
# the regions coloured by their traffic-light status; pick a region for its trajectory
# (history and scenarios, target points) and the LMDI decomposition of its past changes.
# It only reads the run folder's files (`timely.review`); every number was written by
# `ghgi report outlook`.

# %% tags=["parameters"]
run_dir = ""

# %%
import html

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from timely import review as tr

run = tr.load_outlook(run_dir)
grid = tr.status_grid(run)
if run.synthetic:
    display(HTML('<div style="background:#b00020;color:#fff;font-weight:bold;padding:6px 12px;'
                 'display:inline-block">SYNTHETIC DEMO DATA - not real accounts</div>'))
display(HTML(f"<p>Run {html.escape(run.manifest['run_id'])}, scenario for the status: "
             f"{html.escape(str(grid['scenario'].iloc[0]))}; thresholds "
             f"{html.escape(str(run.manifest['parameters']['status']))} "
             "(gap = projected - required annual change, percentage points).</p>"))

# %%
gap_box = W.HTML()
traj_box, lmdi_box = W.Box(), W.Box()
EFFECTS = ["population_effect_kt", "gdp_per_capita_effect_kt", "energy_intensity_effect_kt",
           "carbon_intensity_effect_kt"]


def show(region: str) -> None:
    """Draw the region's trajectory, target gaps and LMDI effects (new figures each time)."""
    t = tr.trajectory(run, region)
    g = tr.gaps(run, region)
    d = tr.decomposition(run, region)
    traj = go.FigureWidget(layout=go.Layout(
        height=380, width=900, yaxis={"title": "CO2 [kt]"},
        title={"text": f"{run.names.get(region, region)}: CO2 trajectory"}))
    for scen, s in t.groupby("scenario", sort=False):
        traj.add_scatter(x=s["year"].tolist(), y=s["co2_kt"].tolist(), mode="lines+markers",
                         name=scen)
    caps = g[g["target"] == "cap"].drop_duplicates("target_year")
    traj.add_scatter(x=caps["target_year"].tolist(), y=caps["target_value"].tolist(),
                     mode="markers", marker={"symbol": "x", "size": 12, "color": "black"},
                     name="cap")
    lmdi = go.FigureWidget(layout=go.Layout(height=330, width=900, barmode="relative",
                                            yaxis={"title": "effect [kt CO2]"},
                                            title={"text": "LMDI decomposition"}))
    labels = [f"{a}-{b}" for a, b in zip(d["from_year"], d["to_year"], strict=True)]
    for eff in EFFECTS:
        lmdi.add_bar(x=labels, y=d[eff].tolist(), name=eff.replace("_effect_kt", ""))
    lmdi.add_scatter(x=labels, y=d["change_kt"].tolist(), mode="markers", name="total change",
                     marker={"color": "black", "size": 10})
    traj_box.children, lmdi_box.children = [traj], [lmdi]
    cols = ["target", "scenario", "target_year", "current", "target_value", "projected",
            "required_change_pct", "projected_change_pct", "gap_pp", "status"]
    rows = "".join("<tr>" + "".join(
        f"<td>{html.escape(f'{v:.3f}' if isinstance(v, float) else str(v))}</td>"
        for v in r) + "</tr>" for r in g[cols].itertuples(index=False))
    gap_box.value = (f"<table class='timely-gaps'><tr>{''.join(f'<th>{c}</th>' for c in cols)}"
                     f"</tr>{rows}</table>")


buttons = []
for r in grid.itertuples(index=False):
    b = W.Button(description=f"{r.name} ({r.status})", tooltip=f"{r.region}: {r.targets}",
                 layout=W.Layout(width="220px", height="48px"))
    b.style.button_color = r.colour
    b.add_class(f"timely-status-{r.status}")
    b.on_click(lambda _b, code=r.region: show(code))
    buttons.append(b)
show(grid["region"].iloc[0])
grid_box = W.GridBox(buttons, layout=W.Layout(grid_template_columns="repeat(3, 230px)"))
grid_box.add_class("timely-grid")
traj_box.add_class("timely-trajectory")
lmdi_box.add_class("timely-lmdi")
gap_box.add_class("timely-gaps")
display(grid_box, traj_box, gap_box, lmdi_box)
