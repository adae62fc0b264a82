# %% [markdown]
# # 3. Industrial processes and product use (2.A-2.H)
# IPCC 2006 Vol.3: mineral, chemical and metal industries, non-energy products, electronics,
# F-gas product uses with a bank model, other product uses. Methods in `sectors/ippu/`,
# defaults in `sectors/ippu/data/` (docs/ippu.md). This notebook only orchestrates and shows:
# it runs the sector stage of the run and reads what the run wrote (the sector's emissions, the
# background table `ippu.fgas_bank`, the products `ippu_implied_factors.csv` and
# `ippu_fgas_actual_vs_potential.csv`, the check findings).

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
from inventory.working_run import open_run

run = open_run(project_dir, run_dir, run_id, validate, created)
emissions = run.sector("ippu")
bank = run.table("tables/ippu.fgas_bank")
implied = pd.read_csv(run.run_dir / "ippu_implied_factors.csv")
fgas = pd.read_csv(run.run_dir / "ippu_fgas_actual_vs_potential.csv")
print(len(emissions), "emission rows;", len(bank), "rows of ippu.fgas_bank")

# %% [markdown]
# ## At a glance: total, trend by category and gas, implied factors, largest changes
# Charts from the run's tables (`inventory.views`); `region` and `year` in the parameters
# cell choose what they show.

# %%
views.overview(run, "ippu", region=region, year=year)

# %% [markdown]
# ## Tier, method and factor layer per category
# The tier of each row is the tier of its gas (inventory.yml may set tiers per gas); the factor
# layer is the most specific layer among the parameters the row used.

# %%
(emissions[emissions["value"].notna()]
 .groupby(["category", "gas", "tier", "method", "factor_layer"], dropna=False).size()
 .to_frame("rows"))

# %% [markdown]
# ## Production trends (national activity, kt)

# %%
prod = emissions[(emissions["activity_unit"] == "kt") & emissions["gas"].isin(["CO2", "N2O"])
                 & ~emissions["memo"] & emissions["activity_value"].notna()
                 & ~emissions["category"].str.startswith(("2.F", "2.G.1"))]
prod = (prod.drop_duplicates(["region", "year", "category", "activity"])
        .groupby(["year", "category", "activity"], as_index=False)["activity_value"].sum())
px.line(prod, x="year", y="activity_value", color="activity", facet_col="category",
        facet_col_wrap=4, labels={"activity_value": "kt"}).update_yaxes(matches=None)

# %% [markdown]
# ## Emissions of CO2, CH4 and N2O by sub-sector (kt of gas, memo rows excluded)
# CO2 equivalents are computed once, when the run combines the sectors (emissions.csv,
# Table2(I)); F-gases by species follow below in tonnes.

# %%
inv = emissions[~emissions["memo"] & emissions["value"].notna()
                & emissions["gas"].isin(["CO2", "CH4", "N2O"])]
by = (inv.assign(subsector=inv["category"].str.slice(0, 3))
      .groupby(["year", "subsector", "gas"], as_index=False)["value"].sum())
px.area(by, x="year", y="value", color="subsector", facet_col="gas",
        labels={"value": "kt"}).update_yaxes(matches=None)

# %% [markdown]
# ## Implied emission factors against the IPCC defaults (product `ippu.implied_factors`)
# National IEF = sum of emissions / sum of activity; Tier 1 rows equal the default by
# construction (or the default with the country's clinker fraction, cullet ratio, capacity
# utilisation), Tier 2 rows show the country-specific deviation.

# %%
latest = implied[implied["year"] == implied["year"].max()]
latest[["category", "activity", "gas", "tier", "ief", "ipcc_default", "ipcc_lower",
        "ipcc_upper", "ief_unit", "within_range"]].round(4)

# %% [markdown]
# ## F-gas bank over time (nominal charge in use, t; background table `ippu.fgas_bank`)

# %%
stock = (bank[bank["model"] == "bank"].groupby(["year", "application"], as_index=False)
         ["bank"].sum())
px.area(stock.assign(t=stock["bank"] * 1e3), x="year", y="t", color="application",
        labels={"t": "bank (t)"})

# %% [markdown]
# ## F-gas emissions by life-cycle stage (t of gas, all species)

# %%
stages = (bank.groupby("year")[["e_charge", "e_life", "e_eol"]].sum() * 1e3).reset_index()
px.bar(stages.melt(id_vars="year", var_name="stage", value_name="t"), x="year", y="t",
       color="stage", labels={"t": "t of gas"})

# %% [markdown]
# ## Actual against potential emissions (product `ippu.fgas_actual_vs_potential`, t)
# Potential = sales of the chemical (IPCC 2006 Vol.3 Ch.7 Eq. 7.9, memo); a bank application
# emits a fraction of its sales while its bank grows.

# %%
fgas[fgas["year"] == fgas["year"].max()].round(3)

# %% [markdown]
# ## Servicing (refill of leaks) per application (t)
# Negative servicing means the leak rate and the charge left at disposal are inconsistent (the
# check `ippu.fgas_negative_servicing` lists those years when the run combines the sectors).

# %%
serv = (bank[bank["model"] == "bank"].groupby(["year", "application"], as_index=False)
        ["servicing"].sum())
px.line(serv.assign(t=serv["servicing"] * 1e3), x="year", y="t", color="application",
        labels={"t": "servicing (t)"})

# %% [markdown]
# ## Check findings of the sector so far
# Intake: `ippu.energy_feedstock_double_counting` (an Energy row reports a fuel as combustion
# that IPPU reports as feedstock or reductant for the same region and year, without a note
# 'net of ...'). The emission-stage checks (`ippu.fgas_negative_servicing`,
# `core.country_parameter_not_used`) run when the sectors are combined; all findings are in
# `checks.csv`.

# %%
findings = (run.table("findings_intake")
            if (run.stage_dir / "findings_intake.parquet").exists() else pd.DataFrame())
(findings[findings["sector"] == "ippu"].groupby(["check", "category", "activity"]).size()
 .to_frame("findings") if len(findings) else "no findings staged yet")
