"""Energy sector (IPCC 2006 Vol.2; CRT sector 1): fuel combustion 1.A (sectoral approach, Tiers
1-3, a tier per gas), the reference approach and electricity trade (1.A energy balance:
background tables, never in a total), fugitive emissions 1.B and CO2 transport and storage 1.C;
checks and report products in ``qa``. See docs/energy.md."""

from inventory.categories import ActivityGrouping, register_activity_grouping
from inventory.io.sheets import DataSheet, register_data_sheet
from inventory.plugins import Sector
from sectors.energy import (  # noqa: F401
    balance_checks,
    crt,
    fuel_combustion,
    fugitives,
    grid_input,
    qa,
    reference_approach,
)
from sectors.energy.fuels import fuels

SECTOR = Sector(name="energy", title="1. Energy", crt_code="1", order=100,
                package=__name__, demo=f"{__name__}.demo",
                options=("tier3_residual_tier", "oil_gas_tier1_table", "oil_gas_range_point",
                         "grid_factor", "balance_coefficients", "balance_tolerance"))

register_activity_grouping(ActivityGrouping(
    "fuel_group", ("1.A",), lambda: fuels()["crt_fuel_group"]))

FUEL_CATEGORIES = ("1.A.1", "1.A.2", "1.A.3", "1.A.4", "1.A.5")


def _balance_choices() -> list[str]:
    fossil = fuels()[fuels()["crt_fuel_group"] != "biomass"].index
    return ([f"{f}:{flow}" for f in fossil for flow in reference_approach.FLOWS]
            + [f"electricity:{flow}" for flow in reference_approach.ELECTRICITY_FLOWS])


register_data_sheet(DataSheet(
    name="Energy", sector="energy", order=100, category_prefixes=FUEL_CATEGORIES,
    activity_label="fuel id (sectors/energy/data/fuels.csv) or plant:<id>:<fuel>",
    activity_choices=lambda: list(fuels().index),
    instructions="Fuel combustion 1.A.1-1.A.5 (bunkers 1.A.3.a.i/1.A.3.d.i and multilateral "
                 "operations 1.A.5.c are memo items): fuel use per region, IPCC 2006 category "
                 "and fuel. Units: TJ, GJ, PJ, tce, toe (energy), t, kt, Mt, 10^4 t (mass, "
                 "converted with NCV), m3, Mm3, 10^4 m3 (volume, converted with NCV_volume). "
                 "Tier 3 facility data (category at tier 3 in inventory.yml): "
                 "plant:<plant id>:<fuel> = the plant's fuel use, plant:<plant id>:<fuel>:CO2 = "
                 "its verified CO2 in kt (e.g. from an emissions trading scheme); the plants' "
                 "fuel use is taken out of the category's fuel row and the rest is estimated at "
                 "the residual tier (options.energy.tier3_residual_tier, default 1)."))

register_data_sheet(DataSheet(
    name="EnergyBalance", sector="energy", order=101, category_prefixes=("1.A",),
    activity_label="<fuel>:<flow> or electricity:imports / electricity:exports",
    activity_choices=_balance_choices,
    instructions="Energy balance (category 1.A) for the reference approach (IPCC 2006 Vol.2 "
                 "Ch.6): <fuel>:production (primary fuels only), :imports, :exports, "
                 ":international_bunkers, :stock_increase, :stock_decrease, :nonenergy_use "
                 "(feedstocks, reductants and other non-energy use: carbon excluded, CRT "
                 "Table1.A(d)); in TJ, kt, m3 ... (converted with NCV). Provincial inventories: "
                 "electricity:imports and electricity:exports across the border in MWh or GWh "
                 "(indirect CO2 with the grid factor: a provincial indicator, never in the "
                 "total). All rows are memo items."))

register_data_sheet(DataSheet(
    name="Fugitives", sector="energy", order=102, category_prefixes=("1.B", "1.C"),
    activity_label="coal_production, ch4_recovered, ch4_flared, CO2/CH4/N2O (measured), "
                   "<segment> throughput, co2_transported, co2_injected, co2_captured:...",
    activity_choices=lambda: ["coal_production", "ch4_recovered", "ch4_flared", "CO2", "CH4",
                              "N2O", "oil_production", "gas_production", "gas_processed",
                              "gas_transmission", "gas_distribution", "oil_refined",
                              "co2_transported", "co2_injected",
                              "co2_captured:domestic_storage", "co2_captured:export"],
    instructions="Fugitive emissions 1.B and CO2 transport and storage 1.C. coal_production "
                 "(kt) in 1.B.1.a.i.1/.2 and 1.B.1.a.ii.1/.2; ch4_recovered (m3, 1.B.1.a.i.1) "
                 "and ch4_flared (m3, 1.B.1.a.i.4) for drained methane; CO2, CH4, N2O (kt) for "
                 "measured or reported emissions (Tier 3, e.g. abandoned mines 1.B.1.a.i.3, "
                 "CCS leakage 1.C); oil and gas segments in 1.B.2 by throughput (m3, kt, TJ) "
                 "with EF parameters [kt per unit]; co2_transported / co2_injected (kt) as 1.C "
                 "activity data; co2_captured:domestic_storage and co2_captured:export (kt, "
                 "category 1.C) for memo item 1.D.4."))
