# %% [markdown]
# # 3. Industrial processes and product use (2.A-2.G)
# IPCC 2006 Vol.3: mineral, chemical and metal industries, non-energy products, electronics,
# F-gas product uses with a bank model, N2O from product uses. Methods in `sectors/ippu/`,
# defaults in `sectors/ippu/data/` (docs/ippu.md). This notebook only orchestrates and shows.

# %% tags=["parameters"]
project_dir = "../../../demo/demoland"
run_dir = "../../../outputs/scratch"
run_id = "scratch"
validate = True
created = None

# %%
import plotly.express as px

from inventory.gases import co2_equivalent
from inventory.pipeline import Run
from inventory.project import load_config
from sectors.ippu.double_counting import energy_overlaps

run = Run.open(project_dir, run_dir, run_id, validate=validate, created=created)
emissions = run.sector("ippu")
gwp = load_config(project_dir).gwp
print(len(emissions), "emission rows; GWP set", gwp)

# %% [markdown]
# ## Tier, method and factor layer per category

# %%
(emissions[emissions["value"].notna()]
 .groupby(["category", "tier", "method", "factor_layer"], dropna=False).size().to_frame("rows"))

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
# ## Emissions by sub-sector, kt CO2 eq (memo rows excluded)

# %%
inv = emissions[~emissions["memo"] & emissions["value"].notna()].copy()
inv["kt_co2eq"] = co2_equivalent(inv["value"], inv["gas"], gwp)
by = (inv.assign(subsector=inv["category"].str.slice(0, 3))
      .groupby(["year", "subsector"], as_index=False)["kt_co2eq"].sum())
px.area(by, x="year", y="kt_co2eq", color="subsector", labels={"kt_co2eq": "kt CO2 eq"})

# %% [markdown]
# ## Implied emission factors against the IPCC defaults
# National IEF = sum of emissions / sum of activity; the IPCC default is the factor of the
# default tables for the same category, activity and gas (Tier 1 rows equal it by
# construction; Tier 2 rows show the country-specific deviation).

# %%
from inventory.factors import FactorDB  # noqa: E402

ief = (inv[inv["activity_unit"].eq("kt") & inv["activity_value"].gt(0)
           & inv["gas"].isin(["CO2", "CH4", "N2O"])]
       .groupby(["year", "category", "activity", "gas", "ief_unit"], as_index=False)
       [["value", "activity_value"]].sum())
ief["ief"] = ief["value"] / ief["activity_value"] * ief["gas"].map(
    {"CO2": 1.0, "CH4": 1e3, "N2O": 1e3})
defaults = FactorDB.with_defaults()
for gas in ("CO2", "CH4", "N2O"):
    m = ief["gas"] == gas
    res = defaults.lookup(ief[m].assign(region="*"), "EF_mass",
                          "t/t" if gas == "CO2" else "kg/t", gas, ("ipcc_default",))
    ief.loc[m, "ipcc_default"] = res.value
latest = ief[ief["year"] == ief["year"].max()]
latest[["category", "activity", "gas", "ief", "ipcc_default", "ief_unit"]].round(4)

# %% [markdown]
# ## F-gas bank over time (nominal charge in use, t) and emissions by life-cycle stage

# %%
fg = emissions[emissions["method"].isin(["bank_model", "prompt_emissions"])
               & ~emissions["memo"]].copy()
fg["application"] = fg["activity"].str.rsplit(":", n=1).str[0]
fg["stage"] = fg["activity"].str.rsplit(":", n=1).str[1]
bank = (fg[fg["stage"] == "lifetime"].groupby(["year", "application"], as_index=False)
        ["activity_value"].sum())
bank["t"] = bank["activity_value"] * 1e3
px.area(bank, x="year", y="t", color="application", labels={"t": "bank (t)"})

# %%
fg["kt_co2eq"] = co2_equivalent(fg["value"], fg["gas"], gwp)
px.bar(fg.groupby(["year", "stage"], as_index=False)["kt_co2eq"].sum(), x="year",
       y="kt_co2eq", color="stage", labels={"kt_co2eq": "kt CO2 eq"})

# %% [markdown]
# ## Potential (sales) against actual F-gas emissions, kt CO2 eq

# %%
pot = emissions[emissions["memo"] & emissions["activity"].str.endswith(":potential")].copy()
pot["kt_co2eq"] = co2_equivalent(pot["value"], pot["gas"], gwp)
cmp = (fg.groupby("year")["kt_co2eq"].sum().to_frame("actual")
       .join(pot.groupby("year")["kt_co2eq"].sum().rename("potential")))
cmp.round(1)

# %% [markdown]
# ## Double counting with Energy: feedstock/reductant fuels also on the Energy sheet
# Rows listed here report, for a region and year with IPPU feedstock or reductant use, the same
# fuel as combustion in the matching 1.A.2 category without a note 'net of ...'.

# %%
energy_overlaps(run.activity).head(20)
