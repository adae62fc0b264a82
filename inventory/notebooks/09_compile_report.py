# %% [markdown]
# # 9. Compile and report
# Combines the sectors' emissions, converts to CO2-eq with the project's GWP set, aggregates
# over the CRT tree, writes one CRT workbook per year and the run manifest.

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

run = open_run(project_dir, run_dir, run_id, validate, created, needs="analyses")
manifest = run.report()
print("GWP set:", manifest["gwp_set"], "| CRT workbooks:", len(manifest["crt_workbooks"]))

# %% [markdown]
# ## National totals [kt CO2-eq]

# %%
totals = pd.read_csv(run.run_dir / "national_totals.csv")
px.line(totals, x="year", y="total_without_lulucf", labels={"total_without_lulucf": "kt CO2-eq"})

# %%
totals.round(1)

# %% [markdown]
# ## Implied emission factors outside the IPCC default range

# %%
ief = pd.read_csv(run.run_dir / "implied_factors.csv")
ief[ief["within_range"] == False]  # noqa: E712
