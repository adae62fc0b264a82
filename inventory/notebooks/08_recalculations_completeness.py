# %% [markdown]
# # 8. Completeness, trends and recalculations
# CRT Table9 from the notation keys with the ETF checks (NE only when insignificant, IE says
# where, C aggregated), the emission trends of Table10, and the comparison with the latest
# archived submission of the store (Table8; `ghgi submit` archives a run).

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

run_ = open_run(project_dir, run_dir, run_id, validate, created, needs="combine")
meta = run_.analyses(parts=("completeness", "trends", "recalculations"))
run = run_.run_dir
{k: v for k, v in meta["parts"].items() if k in ("completeness", "trends", "recalculations")}

# %% [markdown]
# ## Completeness (Table9) and the notation-key checks

# %%
pd.read_csv(run / "completeness.csv", keep_default_na=False)

# %%
checks = pd.read_csv(run / "completeness_checks.csv", keep_default_na=False)
checks[checks["status"] != "pass"]

# %% [markdown]
# ## Emission trends by sector [kt CO2-eq] (Table10)

# %%
tr = pd.read_csv(run / "trends.csv", dtype={"node": str}, keep_default_na=False,
                 na_values=[""])
sectors = tr[tr["node"].isin(["1", "2", "3", "4", "5"]) & (tr["gas_group"] == "Total")]
px.area(sectors, x="year", y="value_co2eq", color="node",
        labels={"value_co2eq": "kt CO2-eq", "node": "CRT sector"})

# %% [markdown]
# ## Recalculations against the latest archived submission (Table8)

# %%
rc = run / "recalculations.csv"
if rc.exists():
    t8 = pd.read_csv(rc, dtype={"node": str}, keep_default_na=False, na_values=[""])
    display(t8[t8["change"] != "unchanged"].head(200))  # noqa: F821 (IPython)
else:
    print(meta["parts"]["recalculations"].get("why"))
