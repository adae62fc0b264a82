# %% [markdown]
# # 1. Data intake and validation
# Reads the project's inputs (Excel templates, CSV), normalises units, runs the
# great-expectations suites and stages the activity and parameters tables for the sector
# notebooks. Method logic lives in the `inventory` package; this notebook only calls it.

# %% tags=["parameters"]
project_dir = "../demo/demoland"
run_dir = "../outputs/scratch"
run_id = "scratch"
validate = True

# %%

from inventory.pipeline import load_stage, stage_intake
from inventory.project import load_config

project = load_config(project_dir)
print(project.party, project.first_year, "-", project.last_year, "regions:",
      ", ".join(project.region_codes))
if project.banner:
    print(project.banner)

# %%
summary = stage_intake(project_dir, run_dir, validate=validate)
summary

# %% [markdown]
# ## Activity data staged (canonical units: TJ, kt, m3)

# %%
activity = load_stage(run_dir, "activity")
activity.groupby(["category", "activity", "unit"])["value"].sum().round(1).to_frame().head(40)

# %% [markdown]
# ## Rows reported with notation keys

# %%
activity[activity["notation_key"].notna()].groupby(
    ["category", "activity", "notation_key", "note"], dropna=False).size().to_frame("rows")

# %% [markdown]
# ## Country-specific parameters (override IPCC defaults)

# %%
load_stage(run_dir, "parameters")[["parameter", "category", "activity", "gas", "region",
                                   "value", "unit", "layer", "source"]]
