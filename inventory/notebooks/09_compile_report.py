# %% [markdown]
# # 9. Compile and report
# Combines the sectors' emissions, converts to CO2-eq with the project's GWP set, aggregates
# over the CRT tree, writes one CRT workbook per year and the run manifest.

# %% tags=["parameters"]
project_dir = "../../demo/demoland"
run_dir = "../../outputs/scratch"
run_id = "scratch"
validate = True
created = None

# %%
from pathlib import Path

import pandas as pd
import plotly.express as px

from inventory.pipeline import Run

manifest = Run.open(project_dir, run_dir, run_id, validate=validate, created=created).report()
print("GWP set:", manifest["gwp_set"], "| CRT workbooks:", len(manifest["crt_workbooks"]))

# %% [markdown]
# ## National totals [kt CO2-eq]

# %%
totals = pd.read_csv(Path(run_dir) / "national_totals.csv")
px.line(totals, x="year", y="total_without_lulucf", labels={"total_without_lulucf": "kt CO2-eq"})

# %%
totals.round(1)

# %% [markdown]
# ## Implied emission factors outside the IPCC default range

# %%
ief = pd.read_csv(Path(run_dir) / "implied_factors.csv")
ief[ief["within_range"] == False]  # noqa: E712
