# %% [markdown]
# # 4. Agriculture (CRT sector 3; IPCC 2006 Vol.4 categories 3.A and 3.C)
# Enteric fermentation and manure management (Tier 1 by IPCC region and climate, Tier 2 for
# cattle and buffalo), rice, managed soils (direct and indirect N2O), field burning of crop
# residues and savanna burning, liming, urea and other carbon-containing fertilisers. The IPCC
# region, development status and climate come from `inventory.yml` (`options: agriculture`).
# Methods, tiers and defaults: docs/agriculture.md. This notebook runs the agriculture stage of
# the run and shows what it wrote: emission rows, background tables, products and checks.

# %% tags=["parameters"]
project_dir = None  # None: the project `ghgi lab` was started on ($GHGI_PROJECT)
run_dir = None      # None: the lab's working run folder (its current stages are reused)
run_id = None
validate = True
created = None
region = None       # charts: a region code, or None for the national inventory
year = None         # charts: the year compared with the year before (None: the latest)

# %%
import pandas as pd
import plotly.express as px

from inventory import views
from inventory.checks import run_checks
from inventory.products import background_tables, report_products
from inventory.working_run import open_run

run = open_run(project_dir, run_dir, run_id, validate, created)
emissions = run.sector("agriculture")
tables = {name: run.table(f"tables/{name}") for name, spec in background_tables().items()
          if spec.sector == "agriculture"}
products = {p.name: pd.read_csv(run.run_dir / p.filename)
            for p in report_products("sector", sector="agriculture")}
latest = int(emissions["year"].max())
print(len(emissions), "emission rows;", ", ".join(f"{k}: {len(v)} rows" for k, v in
                                                  tables.items()))

# %% [markdown]
# ## At a glance: total, trend by category and gas, implied factors, largest changes
# Charts from the run's tables (`inventory.views`); `region` and `year` in the parameters
# cell choose what they show.

# %%
views.overview(run, "agriculture", region=region, year=year)

# %% [markdown]
# ## Tier and factor layer used, per category and gas

# %%
(emissions.groupby(["category", "gas", "tier", "factor_layer"], dropna=False).size()
 .to_frame("rows").reset_index())

# %% [markdown]
# ## National emissions by category and gas, latest year [kt of gas]

# %%
(emissions[emissions["year"] == latest]
 .pivot_table(index="category", columns="gas", values="value", aggfunc="sum").round(3))

# %% [markdown]
# ## CH4 and N2O by category over time [kt]

# %%
by_cat = (emissions[emissions["gas"].isin(["CH4", "N2O"])]
          .assign(group=lambda d: d["category"].str.slice(0, 5))
          .groupby(["year", "group", "gas"], as_index=False)["value"].sum())
px.line(by_cat, x="year", y="value", color="group", facet_col="gas",
        labels={"value": "kt of gas"})

# %% [markdown]
# ## Livestock populations (annual average, national, thousand head)
# From the background table `agriculture.livestock`.

# %%
live = tables["agriculture.livestock"]
pop = live.groupby(["year", "animal"], as_index=False)["population"].sum()
px.line(pop.assign(population=pop["population"] / 1e3), x="year", y="population",
        color="animal", log_y=True, labels={"population": "1000 head"})

# %% [markdown]
# ## Tier 2 characterisation, latest year (population-weighted over the regions)

# %%
t2 = live[(live["year"] == latest) & live["ge"].notna()]
cols = ["weight", "milk", "de", "ge", "ym", "ef_enteric", "vs", "ef_manure_ch4", "nex"]
(t2[cols].mul(t2["population"], axis=0).groupby(t2["animal"]).sum(min_count=1)
 .div(t2.groupby("animal")["population"].sum(), axis=0).round(2))

# %% [markdown]
# ## Enteric CH4: implied factors against the IPCC Tier 1 defaults, latest year
# Product `agriculture.enteric_ief_vs_default`. Tier 2 cattle and buffalo differ from the
# regional default by design (their milk yield, weight and feed); Tier 1 animals equal it.

# %%
ief = products["agriculture.enteric_ief_vs_default"]
ief[ief["year"] == latest].round(3)

# %% [markdown]
# ## Nitrogen flows [kt N]: excreted by fate, inputs to soils, volatilised and leached
# Product `agriculture.n_flows`.

# %%
flows = products["agriculture.n_flows"]
flows[flows["year"] == latest].round(1)

# %%
px.area(flows, x="year", y="value", color="flow", labels={"value": "kt N"})

# %% [markdown]
# ## Rice: area and daily emission factor by water regime, latest year

# %%
rice = tables["agriculture.rice"]
(rice[rice["year"] == latest].groupby("regime")
 .apply(lambda d: pd.Series({"area_kha": d["area"].sum() / 1e3,
                             "ef_daily": (d["ef_daily"] * d["area"]).sum() / d["area"].sum()}),
        include_groups=False).round(3))

# %% [markdown]
# ## Checks of the agriculture sector
# The rules registered by the sector (sectors/agriculture/qa.py) on this stage's rows; the run
# records them in `checks.csv` when the sectors are combined.

# %%
ctx = run.context(emissions, sector="agriculture", tables=tables)
findings, _ = run_checks("emissions", ctx, run.policy,
                         only=lambda c: c.sector == "agriculture")
findings[["check", "severity", "region", "year", "category", "activity", "details"]]
