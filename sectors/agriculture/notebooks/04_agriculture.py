# %% [markdown]
# # 4. Agriculture (CRT sector 3; IPCC 2006 Vol.4 categories 3.A and 3.C)
# Enteric fermentation and manure management (Tier 1 by IPCC region and climate, Tier 2 for
# cattle and buffalo), rice, managed soils (direct and indirect N2O), field burning of crop
# residues and savanna burning, liming, urea and other carbon-containing fertilisers. The IPCC
# region, development status and climate come from `inventory.yml` (`options: agriculture`).
# Methods and defaults: docs/agriculture.md.

# %% tags=["parameters"]
project_dir = None  # None: the project `ghgi lab` was started on ($GHGI_PROJECT)
run_dir = None      # None: the lab's working run folder (its current stages are reused)
run_id = None
validate = True
created = None
region = None       # charts: a region code, or None for the national inventory
year = None         # charts: the year compared with the year before (None: the latest)

# %%
import plotly.express as px

from inventory import views
from inventory.working_run import open_run
from sectors.agriculture.report import implied_vs_default, n_flows, populations

run = open_run(project_dir, run_dir, run_id, validate, created)
emissions = run.sector("agriculture")
options = run.project.options.get("agriculture", {})
print(len(emissions), "emission rows; options:", options)

# %% [markdown]
# ## At a glance: total, trend by category and gas, implied factors, largest changes
# Charts from the run's tables (`inventory.views`); `region` and `year` in the parameters
# cell choose what they show.

# %%
views.overview(run, "agriculture", region=region, year=year)

# %% [markdown]
# ## Tier and factor layer used, per category

# %%
emissions.groupby(["category", "tier", "factor_layer"], dropna=False).size().to_frame("rows")

# %% [markdown]
# ## Livestock populations (annual average, national, thousand head)

# %%
pop = populations(emissions) / 1e3
px.line(pop.reset_index().melt(id_vars="year", var_name="animal", value_name="1000 head"),
        x="year", y="1000 head", color="animal", log_y=True)

# %% [markdown]
# ## Enteric CH4: implied factors against the IPCC Tier 1 defaults (latest year)
# Tier 2 cattle and buffalo differ from the regional default by design (their milk yield,
# weight and feed); Tier 1 animals must equal it (ratio 1).

# %%
implied_vs_default(emissions, options).round(3)

# %% [markdown]
# ## National emissions by category and gas, latest year [kt of gas]

# %%
latest = emissions["year"].max()
(emissions[emissions["year"] == latest]
 .pivot_table(index="category", columns="gas", values="value", aggfunc="sum").round(3))

# %% [markdown]
# ## Nitrogen flows [kt N]: excreted by fate, inputs to soils, volatilised and leached

# %%
flows = n_flows(emissions)
flows.round(1)

# %%
px.area(flows.reset_index().melt(id_vars="year", var_name="flow", value_name="kt N"),
        x="year", y="kt N", color="flow")

# %% [markdown]
# ## CH4 and N2O by category over time [kt]

# %%
by_cat = (emissions[emissions["gas"].isin(["CH4", "N2O"])]
          .assign(group=lambda d: d["category"].str.slice(0, 5))
          .groupby(["year", "group", "gas"], as_index=False)["value"].sum())
px.line(by_cat, x="year", y="value", color="group", facet_col="gas",
        labels={"value": "kt of gas"})
