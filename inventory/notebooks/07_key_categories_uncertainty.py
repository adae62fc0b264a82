# %% [markdown]
# # 7. Uncertainty and key categories
# Combines the sectors' emissions (CRT code and CO2-eq, once) and runs the cross-cutting
# analyses over them (IPCC 2006 Vol.1 Chs. 3-4, 2019 Refinement): Approach 1 uncertainty (Table 3.3),
# Approach 2 Monte Carlo, and the key category analysis (Approaches 1 and 2, qualitative).
# Settings: `inventory.yml` `options: {analysis: {...}}` (docs/analyses.md).

# %% tags=["parameters"]
project_dir = None  # None: the project `ghgi lab` was started on ($GHGI_PROJECT)
run_dir = None      # None: the lab's working run folder (its current stages are reused)
run_id = None
validate = True
created = None

# %%
import pandas as pd
import plotly.express as px

from inventory.working_run import open_run

run_ = open_run(project_dir, run_dir, run_id, validate, created, needs="sectors")
run_.combine()
meta = run_.analyses(parts=("uncertainty", "kca"))
run = run_.run_dir
{k: v for k, v in meta["parts"].items() if k in ("uncertainty", "kca")}

# %% [markdown]
# ## Approach 1 uncertainty (Table 3.3), latest year against the base year, without LULUCF

# %%
a1 = pd.read_csv(run / "uncertainty_approach1.csv", dtype={"kca_id": str})
cols = ["kca_label", "gas", "base_emissions", "latest_emissions", "ad_uncertainty_pct",
        "ef_uncertainty_pct", "combined_uncertainty_pct", "contribution_to_variance",
        "type_a_sensitivity_pct", "type_b_sensitivity_pct", "trend_uncertainty_ef_pct",
        "trend_uncertainty_ad_pct", "trend_uncertainty_contribution", "ad_source"]
a1[a1["coverage"] == "excluding"][cols].round(3)

# %%
a1[a1["kca_id"] == "Total"][["coverage", "base_emissions", "latest_emissions",
                             "combined_uncertainty_pct", "trend_pct",
                             "trend_uncertainty_pct"]].round(2)

# %% [markdown]
# ## Approach 2: Monte Carlo (95 % intervals) and the distribution of the total

# %%
p2 = run / "uncertainty_approach2.csv"
if p2.exists():
    a2 = pd.read_csv(p2, dtype={"kca_id": str})
    display(a2[a2["kca_id"] == "Total"].round(2))  # noqa: F821 (IPython)
    draws = pd.read_parquet(run / "uncertainty_mc_totals.parquet")
    fig = px.histogram(draws, x="latest_excluding", nbins=80,
                       labels={"latest_excluding": "national total without LULUCF, latest "
                                                   "year [kt CO2-eq]"},
                       title=f"Monte Carlo, {meta['parts']['uncertainty'].get('iterations')} "
                             "iterations")
    tot = a2[(a2["kca_id"] == "Total") & (a2["role"] == "latest")
             & (a2["coverage"] == "excluding")].iloc[0]
    for x in (tot["p2_5"], tot["p97_5"]):
        fig.add_vline(x=x, line_dash="dash")
    fig.add_vline(x=tot["estimate"], line_color="red")
    fig.show()
else:
    print("Approach 2 is off (options.analysis.approach2: false)")

# %% [markdown]
# ## Key categories (NIR table; CRT Table7)

# %%
kca = pd.read_csv(run / "kca.csv", dtype={"kca_id": str})
kca[kca["key"]][["kca_label", "gas", "base_estimate", "latest_estimate",
                 "criteria excluding", "criteria including", "qualitative"]].round(1)

# %%
lv = pd.read_csv(run / "kca_assessments.csv", dtype={"kca_id": str})
sel = lv[(lv["criterion"] == "L1") & (lv["coverage"] == "excluding")].sort_values("rank")
px.bar(sel, x="kca_label", y="share", color="key", hover_data=["gas", "cumulative"],
       title="Level assessment, latest year (Approach 1, without LULUCF)")
