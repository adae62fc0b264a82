"""Energy sector (IPCC 2006 Vol.2; CRT sector 1)."""

from inventory.io.sheets import DataSheet, register_data_sheet
from sectors.energy import fuel_combustion  # noqa: F401  (registers the method)
from sectors.energy.fuels import fuels

register_data_sheet(DataSheet(
    name="Energy", sector="energy", order=100, category_prefixes=("1.A",),
    activity_label="fuel id (sectors/energy/data/fuels.csv)",
    activity_choices=lambda: list(fuels().index),
    instructions="Fuel combustion 1.A.1-1.A.5: fuel use per region, IPCC 2006 category and "
                 "fuel. Units: TJ, GJ, PJ, tce, toe (energy), t, kt, Mt, 10^4 t (mass, "
                 "converted with NCV), m3, Mm3, 10^4 m3 (volume, converted with NCV_volume)."))
