# %% [markdown]
# # 1. Data intake and validation
# Reads the project's inputs (Excel templates, CSV), normalises units, runs the
# great-expectations suites, applies the time-series rules and stages the activity and
# parameters tables for the sector notebooks. Method logic lives in the `inventory` package;
# this notebook only calls it.

# %% tags=["parameters"]
project_dir = None  # None: the project `ghgi lab` was started on ($GHGI_PROJECT)
run_dir = None      # None: the lab's working run folder (its current stages are reused)
run_id = None
validate = True
created = None
allow_outside_inputs = None  # None: as `ghgi lab` was started (--allow-outside-inputs)

# %%
from inventory.working_run import open_run

run = open_run(project_dir, run_dir, run_id, validate, created, needs=None,
               allow_outside_inputs=allow_outside_inputs)
project = run.project
print(project.party, project.first_year, "-", project.last_year, "regions:",
      ", ".join(project.region_codes))
if project.banner:
    print(project.banner)

# %%
summary = run.intake()
provenance = run.timeseries()
summary

# %% [markdown]
# ## Activity data staged (canonical units: TJ, kt, m3)

# %%
activity = run.activity
activity.groupby(["category", "activity", "unit"])["value"].sum().round(1).to_frame().head(40)

# %% [markdown]
# ## Rows reported with notation keys

# %%
activity[activity["notation_key"].notna()].groupby(
    ["category", "activity", "notation_key", "note"], dropna=False).size().to_frame("rows")

# %% [markdown]
# ## Country-specific parameters (override IPCC defaults)

# %%
run.parameters[["parameter", "category", "activity", "gas", "region",
                                   "value", "unit", "layer", "source"]]

# %% [markdown]
# ## Time-series consistency (IPCC 2006 Vol.1 Ch.5): filled values and unfilled gaps
# The project's gap-filling and splicing rules run here, before any sector reads the data.

# %%
provenance
