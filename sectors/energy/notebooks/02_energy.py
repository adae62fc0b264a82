# %% [markdown]
# # 2. Energy (CRT sector 1)
# Fuel combustion 1.A.1-1.A.5 (IPCC 2006 Vol.2 Ch.2 stationary, Ch.3 mobile; Tier 1 defaults,
# Tier 2 country-specific factors, Tier 3 facility data with the residual at Tier 1/2), the
# reference approach (Vol.2 Ch.6), fugitive emissions 1.B (Ch.4), CO2 transport and storage
# 1.C (Ch.5), memo items (bunkers, multilateral operations, CO2 from biomass, CO2 captured) and,
# for provinces, the indirect CO2 of electricity trade (a provincial indicator, never in the
# total). Methods and conventions: docs/energy.md. This notebook only orchestrates and shows.

# %% tags=["parameters"]
project_dir = "../../../demo/demoland"
run_dir = "../../../outputs/scratch"
run_id = "scratch"
validate = True
created = None

# %%
from pathlib import Path

import plotly.express as px

from inventory.factors import FactorDB
from inventory.pipeline import Run
from inventory.project import load_config
from sectors.energy.qa import energy_qa
from sectors.energy.reference_approach import indirect_co2_table, reference_approach_table

run = Run.open(project_dir, run_dir, run_id, validate=validate, created=created)
emissions = run.sector("energy")
project = load_config(project_dir)
print(len(emissions), "emission rows")

# %% [markdown]
# ## Tier and factor layer used, per category

# %%
(emissions.groupby(["category", "method", "tier"], dropna=False).size().to_frame("rows")
 .reset_index())

# %% [markdown]
# ## Fuel mix per sub-sector (fuel combustion, latest year) [PJ]

# %%
latest = int(emissions["year"].max())
fc = emissions[emissions["category"].str.match(r"^1\.A\.\d") & (emissions["gas"] == "CO2")
               & (emissions["method"] == "fuel_combustion_emissions")
               & emissions["activity_value"].notna()]
mix = (fc[fc["year"] == latest].assign(subsector=lambda d: d["category"].str.slice(0, 5),
                                       PJ=lambda d: d["activity_value"] / 1e3)
       .groupby(["subsector", "activity"], as_index=False)["PJ"].sum())
px.bar(mix, x="subsector", y="PJ", color="activity", title=f"Fuel use {latest} [PJ]")

# %% [markdown]
# ## Emissions by gas per sub-sector (national totals, memo items excluded) [kt CO2-eq]

# %%
from inventory.gases import co2_equivalent

inv = emissions[~emissions["memo"] & emissions["value"].notna()
                & ~emissions["category"].isin(["1.A.3.a.i", "1.A.3.d.i", "1.A.5.c"])]
inv = inv.assign(subsector=inv["category"].str.slice(0, 5),
                 kt_co2eq=co2_equivalent(inv["value"], inv["gas"], project.gwp))
by_gas = inv.groupby(["year", "subsector", "gas"], as_index=False)["kt_co2eq"].sum()
px.area(by_gas, x="year", y="kt_co2eq", color="subsector", facet_col="gas",
        title=f"Emissions by gas [kt CO2-eq, {project.gwp}]")

# %% [markdown]
# ## Reference approach vs sectoral approach (Table1.A(c)); differences above 2 % flagged

# %%
qa = energy_qa(emissions, run.activity,
               FactorDB.with_defaults(run.parameters), project.tiers)
comp = qa["reference_vs_sectoral"]
total = comp[comp["group"] == "total"]
px.line(total.melt(id_vars="year", value_vars=["ra_co2", "sa_co2"], var_name="approach",
                   value_name="kt CO2"), x="year", y="kt CO2", color="approach",
        title="CO2 from fuel combustion: reference vs sectoral approach")

# %%
px.bar(comp[comp["group"] != "total"], x="year", y="diff_co2_pct", color="group",
       barmode="group", title="Reference - sectoral approach, CO2 [%] (explain above 2 %)")

# %%
comp[comp["above_threshold"]]

# %% [markdown]
# ## Reference approach by fuel, latest year (Table1.A(b))

# %%
reference_approach_table(emissions[emissions["year"] == latest]).round(2)

# %% [markdown]
# ## QA: implied CO2 factors outside the IPCC range, Tier 3 plants above the sectoral total,
# ## year-on-year jumps above 30 %

# %%
for name in ("implied_co2_outside_ipcc_range", "tier3_plants_above_total",
             "year_on_year_jumps"):
    print(f"{name}: {len(qa.get(name, []))} row(s)")
qa["implied_co2_outside_ipcc_range"]

# %%
qa.get("tier3_plants_above_total")

# %%
qa["year_on_year_jumps"].head(20)

# %% [markdown]
# ## Fugitive emissions 1.B and CO2 transport and storage 1.C [kt of gas]

# %%
fug = emissions[emissions["category"].str.startswith(("1.B", "1.C")) & ~emissions["memo"]]
px.bar(fug.groupby(["year", "category", "gas"], as_index=False)["value"].sum(), x="year",
       y="value", color="category", facet_col="gas", title="Fugitive emissions [kt of gas]")

# %% [markdown]
# ## Memo items [kt CO2]: bunkers, multilateral operations, CO2 from biomass, CO2 captured

# %%
memo = emissions[emissions["memo"] & (emissions["gas"] == "CO2")
                 & ~emissions["method"].isin(["reference_approach",
                                              "indirect_co2_from_electricity"])]
memo = memo.assign(item=memo["category"].map({"1.A.3.a.i": "aviation bunkers",
                                              "1.A.3.d.i": "marine bunkers",
                                              "1.A.5.c": "multilateral operations",
                                              "1.C": "CO2 captured"}).fillna("biomass CO2"))
px.line(memo.groupby(["year", "item"], as_index=False)["value"].sum(), x="year", y="value",
        color="item", title="Memo items [kt CO2]")

# %% [markdown]
# ## Provincial indicator: indirect CO2 of electricity trade (not part of any total)
# Written to `indirect_co2_electricity.csv` in the run folder.

# %%
indirect = indirect_co2_table(emissions)
indirect.to_csv(Path(run_dir) / "indirect_co2_electricity.csv", index=False)
px.line(indirect, x="year", y="net_indirect_kt_co2", color="region",
        title="Net indirect CO2 of electricity imports - exports [kt CO2]")
