# %% [markdown]
# # 5. LULUCF (IPCC 2006 3.B, the land parts of 3.C, 3.D.1; CRT sector 4)
# Land representation (Approach 2 land-use change matrices or Approach 1 net areas, 20-year
# transition period), carbon stock changes of the six land categories and their conversions
# (biomass, dead wood, litter, mineral and organic soils), the non-CO2 of land (biomass
# burning, drainage and rewetting, N2O from N inputs and mineralisation) and harvested wood
# products. Methods, tiers and the boundary with agriculture: docs/lulucf.md. This notebook
# runs the sector stage of the run and shows what it wrote: the emission rows, the background
# tables (`tables/lulucf.*`) and the checks. It computes nothing itself.

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
from inventory.working_run import open_run

run = open_run(project_dir, run_dir, run_id, validate, created)
emissions = run.sector("lulucf")
tables = {t: run.table(f"tables/{t}") for t in run.background_tables()
          if t.startswith("lulucf.")}
latest = int(emissions["year"].max())
print(len(emissions), "emission rows;",
      "; ".join(f"{name}: {len(df)} rows" for name, df in tables.items()))

# %% [markdown]
# ## At a glance: total, trend by category and gas, implied factors, largest changes
# Charts from the run's tables (`inventory.views`); `region` and `year` in the parameters
# cell choose what they show.

# %%
views.overview(run, "lulucf", region=region, year=year)

# %% [markdown]
# ## Tier and factor layer used, per category and gas

# %%
(emissions.groupby(["category", "gas", "tier", "factor_layer"], dropna=False).size()
 .to_frame("rows").reset_index())

# %% [markdown]
# ## Land-use change matrix, latest year [kha] (CRT Table4.1)
# Rows: land use at the start of the year; columns: at its end; summed over the regions and
# strata (`tables/lulucf.land_matrix.csv`).

# %%
m = tables["lulucf.land_matrix"]
m = m[m["year"] == latest]
order = ["forest", "cropland", "grassland", "wetlands", "settlements", "other_land"]
wide = (m.pivot_table(index="from_lu", columns="to_lu", values="area", aggfunc="sum",
                      fill_value=0.0).reindex(index=order, columns=order, fill_value=0.0)
        / 1e3)
px.imshow(wide, text_auto=".1f", color_continuous_scale="Greens", aspect="auto",
          labels={"x": "to (end of year)", "y": "from (start of year)", "color": "kha"},
          title=f"Land-use change matrix {latest} [kha]")

# %% [markdown]
# ## Conversions only (off-diagonal), latest year [kha]

# %%
conv = wide.where(~pd.DataFrame(
    [[a == b for b in order] for a in order], index=order, columns=order), 0.0)
px.imshow(conv, text_auto=".2f", color_continuous_scale="Oranges", aspect="auto",
          labels={"x": "to", "y": "from", "color": "kha"},
          title=f"Land converted in {latest} [kha]")

# %% [markdown]
# ## Land-use areas over time [kha]

# %%
areas = tables["lulucf.land_use_areas"]
px.area(areas.groupby(["year", "land_use"], as_index=False)["area"].sum()
        .assign(kha=lambda d: d["area"] / 1e3), x="year", y="kha", color="land_use",
        title="Area of each land use at the end of the year [kha]")

# %% [markdown]
# ## Carbon stock changes per pool [kt C per year] (gain positive)
# From `tables/lulucf.carbon.csv`: above- and below-ground biomass (gains less losses), dead
# wood, litter, mineral and organic soils, summed over regions, categories and strata.

# %%
c = tables["lulucf.carbon"]
pools = c.assign(above_ground=c["agb_gain"] - c["agb_loss"],
                 below_ground=c["bgb_gain"] - c["bgb_loss"])
per_pool = (pools.groupby("year")[["above_ground", "below_ground", "dead_wood", "litter",
                                   "mineral_soil", "organic_soil"]].sum() / 1e3)
px.line(per_pool.reset_index().melt(id_vars="year", var_name="pool", value_name="kt C"),
        x="year", y="kt C", color="pool", title="Carbon stock change per pool [kt C/yr]")

# %% [markdown]
# ## Stock trajectories per pool: carbon gained since the first year [Mt C]
# The running sum of the yearly stock changes above (the change of each pool's stock).

# %%
px.line((per_pool.cumsum() / 1e3).reset_index().melt(id_vars="year", var_name="pool",
                                                    value_name="Mt C"),
        x="year", y="Mt C", color="pool", title="Cumulative carbon stock change [Mt C]")

# %% [markdown]
# ## Net CO2 per land category [kt CO2] (removals negative)

# %%
co2 = emissions[(emissions["gas"] == "CO2") & emissions["value"].notna()]
by_land = co2.assign(land=co2["category"].str.slice(0, 5))
px.bar(by_land.groupby(["year", "land"], as_index=False)["value"].sum(), x="year",
       y="value", color="land", title="Net CO2 emissions/removals [kt CO2]")

# %% [markdown]
# ## Harvested wood products: carbon stock of the pools [Mt C], history included
# `tables/lulucf.hwp.csv`: the years before the first inventory year are extrapolated with
# Eq. 12.6 (column `source`).

# %%
hwp = tables.get("lulucf.hwp", pd.DataFrame())
if len(hwp):
    h = hwp.groupby(["year", "product", "history"], as_index=False)["stock"].sum()
    display(px.line(h.assign(Mt_C=h["stock"] / 1e6), x="year", y="Mt_C",  # noqa: F821
                    color="product", line_dash="history",
                    title="HWP carbon stock at the start of the year [Mt C]"))
    print(hwp[hwp["history"]]["source"].drop_duplicates().tolist())

# %% [markdown]
# ## Non-CO2 of land, latest year [kt of gas] (CRT Tables 4(I)-4(IV))

# %%
nc = tables["lulucf.nonco2"]
nc[nc["year"] == latest].pivot_table(index=["source", "land_category"], columns="gas",
                                     values="value", aggfunc="sum").round(4)

# %% [markdown]
# ## Checks of the LULUCF sector
# The registered checks (`sectors/lulucf/qa.py`); the run records them in `checks.csv`.

# %%
findings, rows = run_checks("emissions", run.context(emissions, sector="lulucf", tables=tables),
                            run.policy, only=lambda ch: ch.sector == "lulucf")
findings.groupby(["check", "severity", "action"]).size().to_frame("findings")
