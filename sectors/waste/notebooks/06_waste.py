# %% [markdown]
# # 6. Waste (4.A-4.D; CRT sector 5)
# IPCC 2006 Vol.5 with the 2019 Refinement where it changes a default (wastewater MCF and N2O).
# Solid waste disposal by the first-order decay model with the disposal history back to the
# start year chosen in `inventory.yml` (`options: waste: history`); biological treatment,
# incineration and open burning, domestic and industrial wastewater. Methods, tiers and the
# layer role of each parameter: docs/waste.md. This notebook only orchestrates and shows: the
# sector's emissions, its background tables (`waste.fod`, `waste.wastewater`), its products
# and its checks, all from the run.

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
from inventory.products import report_products
from inventory.working_run import open_run

run = open_run(project_dir, run_dir, run_id, validate, created)
emissions = run.sector("waste")
fod = run.table("tables/waste.fod")
wastewater = run.table("tables/waste.wastewater")
products = {p.name: pd.read_csv(run.run_dir / p.filename)
            for p in report_products("sector", sector="waste")}
print(len(emissions), "emission rows; options:", run.project.options.get("waste", {}))

# %% [markdown]
# ## At a glance: total, trend by category and gas, implied factors, largest changes
# Charts from the run's tables (`inventory.views`); `region` and `year` in the parameters
# cell choose what they show.

# %%
views.overview(run, "waste", region=region, year=year)

# %% [markdown]
# ## Tier and most specific factor layer used, per category and gas

# %%
(emissions[emissions["value"].notna()]
 .groupby(["category", "gas", "memo", "tier"], dropna=False)["factor_layer"]
 .agg(lambda s: ", ".join(sorted(s.dropna().unique()))).to_frame("factor layers")
 .reset_index())

# %% [markdown]
# ## Emissions by category and gas, latest year [kt of gas]

# %%
latest = emissions["year"].max()
(emissions[(emissions["year"] == latest) & ~emissions["memo"]]
 .pivot_table(index="category", columns="gas", values="value", aggfunc="sum").round(3))

# %% [markdown]
# ## Disposal history: waste deposited per year [kt], estimated years before the inventory
# Background table `waste.fod` (per region, SWDS series and year of the FOD model).

# %%
history = (fod.assign(period=fod["history"].map({True: "estimated history",
                                                  False: "inventory data"}))
           .groupby(["year", "waste_type", "period"], as_index=False)["deposited"].sum())
px.bar(history, x="year", y="deposited", color="waste_type", pattern_shape="period",
       labels={"deposited": "kt waste deposited"})

# %% [markdown]
# ## Decay curves: share of the decomposable carbon of one year's deposit left in the SWDS
# Product `waste_decay_curves.csv`: IPCC default k of the climate zone (Table 3.3), delay as in
# `inventory.yml`.

# %%
px.line(products["waste.decay_curves"], x="years_after_deposit", y="remaining", color="waste",
        labels={"remaining": "share of DDOCm remaining"})

# %% [markdown]
# ## Methane generated, recovered, oxidised and emitted [kt CH4], national
# Product `waste_swds_ch4.csv`.

# %%
balance = products["waste.swds_ch4"]
flows = ["ch4_generated", "ch4_recovered", "ch4_oxidised", "ch4_emitted"]
px.line(balance.groupby("year", as_index=False)[flows].sum()
        .melt(id_vars="year", var_name="flow", value_name="kt CH4"),
        x="year", y="kt CH4", color="flow")

# %% [markdown]
# ## Domestic wastewater: population by treatment and discharge pathway, latest year [million]
# Background table `waste.wastewater`.

# %%
dom = wastewater[(wastewater["category"] == "4.D.1") & (wastewater["year"] == latest)]
px.bar(dom.assign(million=dom["population"] / 1e6), x="pathway", y="million", color="source",
       labels={"million": "persons [million]", "source": "income group"})

# %% [markdown]
# ## Memo items: carbon stored long-term in SWDS and biogenic CO2 from incineration [kt CO2]

# %%
memo = emissions[emissions["memo"] & (emissions["gas"] == "CO2")]
memo.groupby(["year", "category"])["value"].sum().unstack().round(1)

# %% [markdown]
# ## Checks of the sector
# The waste checks and the core check for country parameters no emission row used (its waste
# rows); the run records them in `checks.csv` when the sectors are combined.

# %%
context = run.context(emissions, sector="waste", tables=run.tables_dict())
found, _ = run_checks("emissions", context, run.policy,
                      only=lambda c: c.sector == "waste"
                      or c.name == "core.country_parameter_not_used")
intake = run.table("findings_intake")
found = pd.concat([intake[intake["sector"] == "waste"],
                   found[(found["sector"] == "waste")
                         | found["category"].astype(str).str.startswith("4")]],
                  ignore_index=True)
print(len(found), "finding(s)")
found[["check", "action", "region", "year", "category", "activity", "details"]]
