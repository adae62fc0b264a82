"""Waste sector (IPCC 2006 Vol.5, 2019 Refinement where it changes a default; CRT sector 5).

Methods: solid waste disposal 4.A (first-order decay), biological treatment 4.B, incineration and
open burning 4.C, wastewater treatment and discharge 4.D. See docs/waste.md.
"""

from inventory.io.sheets import DataSheet, register_data_sheet
from inventory.plugins import Sector
from sectors.waste import (  # noqa: F401  (importing registers methods, tables, checks, sheets)
    biological_treatment,
    crt,
    incineration,
    qa,
    solid_waste_disposal,
    wastewater,
)
from sectors.waste.common import RECOVERED, swds_sites, waste_types

SECTOR = Sector(name="waste", title="5. Waste", crt_code="5", order=500, package=__name__,
                demo=f"{__name__}.demo",
                options=("climate_zone", "delay_months", "history", "msw",   # FODOptions
                         "biological_basis", "wastewater_region"))


def _activity_choices() -> list[str]:
    wt = waste_types()
    fod = [w for w in wt.index if wt.loc[w, "degradable"] == "yes"
           or wt.loc[w, "msw_component"] == "yes"]
    ids = [f"{w}:{s}" for w in fod for s in swds_sites().index]
    return [*ids, RECOVERED]


register_data_sheet(DataSheet(
    name="Waste", sector="waste", order=500, category_prefixes=("4.A", "4.B", "4.C", "4.D"),
    activity_label="<waste or treatment>:<site/technology/pathway> (docs/waste.md)",
    activity_choices=_activity_choices,
    instructions="Waste 4.A-4.D (kt of wet waste unless stated). 4.A solid waste disposal: "
                 "<waste type>:<site type> disposed per year (e.g. food:managed_anaerobic, "
                 "msw:uncategorised) and ch4_recovered [kt CH4]; history before the first "
                 "inventory year: disposal_history parameters or options: waste: history. "
                 "4.B: composting, anaerobic_digestion [kt waste], <treatment>:ch4_recovered. "
                 "4.C: <waste type>:<technology> [kt wet waste]. 4.D.1: population:<income "
                 "group> [head], sludge_removed [kt BOD], ch4_recovered; 4.D.2: "
                 "<industry>:<pathway> [kt product], sludge_removed [kt COD], ch4_recovered."))
