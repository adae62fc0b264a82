# %% [markdown]
# # 6. Waste (4.A-4.D; CRT sector 5)
# IPCC 2006 Vol.5 with the 2019 Refinement where it changes a default (wastewater MCF and N2O).
# Solid waste disposal by the first-order decay model with the disposal history back to the
# start year chosen in `inventory.yml` (`options: waste: history`); biological treatment,
# incineration and open burning, domestic and industrial wastewater. See docs/waste.md.

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
from inventory.factors import FactorDB
from inventory.working_run import open_run
from sectors.waste.solid_waste_disposal import decay_curves, fod_details

run = open_run(project_dir, run_dir, run_id, validate, created)
emissions = run.sector("waste")
options = run.project.options.get("waste", {})
print(len(emissions), "emission rows; options:", options)

# %% [markdown]
# ## At a glance: total, trend by category and gas, implied factors, largest changes
# Charts from the run's tables (`inventory.views`); `region` and `year` in the parameters
# cell choose what they show.

# %%
views.overview(run, "waste", region=region, year=year)

# %% [markdown]
# ## Emissions by category and gas, latest year [kt of gas]

# %%
latest = emissions["year"].max()
(emissions[(emissions["year"] == latest) & ~emissions["memo"]]
 .pivot_table(index="category", columns="gas", values="value", aggfunc="sum").round(3))

# %% [markdown]
# ## Disposal history: waste deposited per year [kt], estimated years before the inventory

# %%
fod = fod_details(run.project.root, run.run_dir).table
history = (fod.assign(waste=fod["activity"].str.split(":").str[0],
                      period=fod["history"].map({True: "estimated history",
                                                  False: "inventory data"}))
           .groupby(["year", "waste", "period"], as_index=False)["deposited"].sum())
px.bar(history, x="year", y="deposited", color="waste", pattern_shape="period",
       labels={"deposited": "kt waste deposited"})

# %% [markdown]
# ## Decay curves: share of the decomposable carbon of one year's deposit left in the SWDS
# IPCC default k of the climate zone (Table 3.3), delay as in `inventory.yml`.

# %%
curves = decay_curves(FactorDB.with_defaults(), options.get("climate_zone",
                                                            "boreal_temperate_wet"),
                      options.get("delay_months", 6))
px.line(curves, x="years_after_deposit", y="remaining", color="waste",
        labels={"remaining": "share of DDOCm remaining"})

# %% [markdown]
# ## Methane generated, recovered and emitted [kt CH4], national

# %%
ch4 = (fod.groupby("year", as_index=False)[["ch4_generated", "ch4_recovered", "ch4_emitted"]]
       .sum().melt(id_vars="year", var_name="flow", value_name="kt CH4"))
px.line(ch4[ch4["year"] >= 1990], x="year", y="kt CH4", color="flow")

# %% [markdown]
# ## Memo items: carbon stored long-term in SWDS and biogenic CO2 from incineration [kt CO2]

# %%
memo = emissions[emissions["memo"] & (emissions["gas"] == "CO2")]
memo.groupby(["year", "category"])["value"].sum().unstack().round(1)
