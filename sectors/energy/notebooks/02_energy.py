# %% [markdown]
# # 2. Energy (CRT sector 1)
# Fuel combustion 1.A.1-1.A.5 (IPCC 2006 Vol.2 Ch.2 stationary, Ch.3 mobile; Tier 1 defaults,
# Tier 2 country-specific factors, Tier 3 facility data with the residual at Tier 1/2), the
# reference approach (Vol.2 Ch.6), fugitive emissions 1.B (Ch.4), CO2 transport and storage
# 1.C (Ch.5), memo items (bunkers, multilateral operations, CO2 from biomass, CO2 captured) and,
# for provinces, the indirect CO2 of electricity trade (a provincial indicator, never in the
# total). Methods and conventions: docs/energy.md. This notebook runs the sector stage of the
# run and shows what it wrote: the sector's emission rows, its background tables
# (`tables/energy.*`), its products and its checks. It computes nothing itself.

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
from sectors.energy.reference_approach import reference_approach_by_fuel

run = open_run(project_dir, run_dir, run_id, validate, created)
emissions = run.sector("energy")
tables = {t: run.table(f"tables/{t}") for t in run.background_tables()
          if t.startswith("energy.")}
folder = run.run_dir
latest = int(emissions["year"].max())
print(len(emissions), "emission rows;",
      "; ".join(f"{name}: {len(df)} rows" for name, df in tables.items()))

# %% [markdown]
# ## At a glance: total, trend by category and gas, implied factors, largest changes
# Charts from the run's tables (`inventory.views`); `region` and `year` in the parameters
# cell choose what they show.

# %%
views.overview(run, "energy", region=region, year=year)

# %% [markdown]
# ## Tier and factor layer used, per category and gas

# %%
(emissions.groupby(["category", "gas", "method", "tier", "factor_layer"], dropna=False).size()
 .to_frame("rows").reset_index())

# %% [markdown]
# ## Fuel mix per sub-sector (fuel combustion, latest year) [PJ]

# %%
fc = emissions[emissions["category"].str.match(r"^1\.A\.\d") & (emissions["gas"] == "CO2")
               & emissions["activity_value"].notna()]
mix = (fc[fc["year"] == latest].assign(subsector=lambda d: d["category"].str.slice(0, 5),
                                       PJ=lambda d: d["activity_value"] / 1e3)
       .groupby(["subsector", "activity"], as_index=False)["PJ"].sum())
px.bar(mix, x="subsector", y="PJ", color="activity", title=f"Fuel use {latest} [PJ]")

# %% [markdown]
# ## Emissions by gas per sub-sector (memo items excluded) [kt of gas]
# CO2 equivalents are computed once, when the run combines the sectors (`emissions.csv`).

# %%
memo_cats = ["1.A.3.a.i", "1.A.3.d.i", "1.A.5.c"]
inv = emissions[~emissions["memo"] & emissions["value"].notna()
                & ~emissions["category"].isin(memo_cats)]
by_gas = (inv.assign(subsector=inv["category"].str.slice(0, 5))
          .groupby(["year", "subsector", "gas"], as_index=False)["value"].sum())
fig = px.area(by_gas, x="year", y="value", color="subsector", facet_col="gas",
              title="Emissions by gas [kt of gas]")
fig.update_yaxes(matches=None, showticklabels=True)

# %% [markdown]
# ## Reference approach vs sectoral approach (Table1.A(c)); differences above 2 % flagged
# Product `energy_reference_vs_sectoral.csv`.

# %%
comp = pd.read_csv(folder / "energy_reference_vs_sectoral.csv")
total = comp[comp["group"] == "total"]
px.line(total.melt(id_vars="year", value_vars=["ra_co2", "sa_co2"], var_name="approach",
                   value_name="kt CO2"), x="year", y="kt CO2", color="approach",
        title="CO2 from fuel combustion: reference vs sectoral approach")

# %%
px.bar(comp[comp["group"] != "total"], x="year", y="diff_co2_pct", color="group",
       barmode="group", title="Reference - sectoral approach, CO2 [%] (explain above 2 %)")

# %% [markdown]
# ## Reference approach by fuel, latest year (Table1.A(b))
# Background table `tables/energy.reference_approach.csv`, summed over the regions.

# %%
ra = tables["energy.reference_approach"]
reference_approach_by_fuel(ra[ra["year"] == latest]).round(2)

# %% [markdown]
# ## Tier 3: facility data against the sectoral fuel use (latest year) [TJ]
# Background table `tables/energy.tier3_plants.csv`.

# %%
t3 = tables.get("energy.tier3_plants", pd.DataFrame())
t3[t3["year"] == latest] if len(t3) else "no Tier 3 category"

# %% [markdown]
# ## Checks of the energy sector
# The registered checks (`sectors/energy/qa.py`) over the sector's rows and tables; the run
# records them in `checks.csv` when it combines the sectors.

# %%
findings, rows = run_checks("emissions", run.context(emissions, sector="energy", tables=tables),
                            run.policy, only=lambda c: c.sector == "energy")
findings.groupby(["check", "severity", "action"]).size().to_frame("findings")

# %%
for name, found in rows.items():
    print(name)
    display(found.head(20))  # noqa: F821 (IPython)

# %% [markdown]
# ## Fugitive emissions 1.B and CO2 transport and storage 1.C [kt of gas]

# %%
fug = emissions[emissions["category"].str.startswith(("1.B", "1.C")) & ~emissions["memo"]]
px.bar(fug.groupby(["year", "category", "gas"], as_index=False)["value"].sum(), x="year",
       y="value", color="category", facet_col="gas", title="Fugitive emissions [kt of gas]")

# %% [markdown]
# ## Memo items [kt CO2]: bunkers, multilateral operations, CO2 from biomass, CO2 captured

# %%
memo = emissions[(emissions["memo"] | emissions["category"].isin(memo_cats))
                 & (emissions["gas"] == "CO2")]
memo = memo.assign(item=memo["category"].map({"1.A.3.a.i": "aviation bunkers",
                                              "1.A.3.d.i": "marine bunkers",
                                              "1.A.5.c": "multilateral operations",
                                              "1.C": "CO2 captured"}).fillna("biomass CO2"))
px.line(memo.groupby(["year", "item"], as_index=False)["value"].sum(), x="year", y="value",
        color="item", title="Memo items [kt CO2]")

# %% [markdown]
# ## Provincial indicator: indirect CO2 of electricity trade (not part of any total)
# Product `indirect_co2_electricity.csv` (from the background table
# `tables/energy.electricity_trade.csv`).

# %%
indirect = pd.read_csv(folder / "indirect_co2_electricity.csv")
px.line(indirect, x="year", y="net_indirect_kt_co2", color="region",
        title="Net indirect CO2 of electricity imports - exports [kt CO2]")
