# %% [markdown]
# # 2. Energy: fuel combustion (1.A.1-1.A.5)
# IPCC 2006 Vol.2 Ch.2 (stationary) and Ch.3 (mobile): Tier 1 with IPCC defaults, Tier 2 with
# country-specific factors where `inventory.yml` asks for it. CO2 from biomass is a memo item.

# %% tags=["parameters"]
project_dir = "../demo/demoland"
run_dir = "../outputs/scratch"
run_id = "scratch"
validate = True

# %%
import plotly.express as px

from inventory.pipeline import stage_sector

emissions = stage_sector(project_dir, run_dir, "energy")
print(len(emissions), "emission rows")

# %% [markdown]
# ## Tier and factor layer used, per category

# %%
emissions.groupby(["category", "tier", "factor_layer"], dropna=False).size().to_frame("rows")

# %% [markdown]
# ## National emissions by category and gas, latest year [kt of gas]

# %%
latest = emissions["year"].max()
table = (emissions[(emissions["year"] == latest) & ~emissions["memo"]]
         .pivot_table(index="category", columns="gas", values="value", aggfunc="sum"))
table.round(3)

# %% [markdown]
# ## CO2 by sub-sector over time [kt]

# %%
co2 = (emissions[(emissions["gas"] == "CO2") & ~emissions["memo"]]
       .assign(subsector=lambda d: d["category"].str.slice(0, 5))
       .groupby(["year", "subsector"], as_index=False)["value"].sum())
px.area(co2, x="year", y="value", color="subsector", labels={"value": "kt CO2"})

# %% [markdown]
# ## Memo item: CO2 from biomass [kt]

# %%
emissions[emissions["memo"]].groupby("year")["value"].sum().round(1).to_frame("kt CO2")
