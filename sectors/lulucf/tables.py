"""Background tables of LULUCF (:mod:`inventory.products`): what the methods computed besides
the emission rows, for the CRT sheets (Table4.1, 4.A-4.F, 4(I)-4(IV), 4.Gs1/4.Gs2), the
notebook and the review app. ``region`` and ``year`` come first; units in brackets."""

from __future__ import annotations

from inventory.products import BackgroundTable, register_table
from inventory.schema import column as _c

__all__ = ["CARBON", "LAND_MATRIX", "LAND_USE_AREAS", "NONCO2", "HWP"]


CARBON = register_table(BackgroundTable(
    name="lulucf.carbon", sector="lulucf",
    columns=(
        _c("category", "str", "IPCC 2006 land category (3.B.1.a ...)", True),
        _c("climate", "str", "climate zone of the stratum", True),
        _c("soil", "str", "soil type of the stratum", True),
        _c("qualifier", "str", "management / origin qualifier ('' = default)"),
        _c("from_lu", "str", "land use before (= to_lu for land remaining)", True),
        _c("to_lu", "str", "land use of the category", True),
        _c("kind", "str", "remaining | converted", True),
        _c("area", "float", "area of the category: land remaining, or land converted within "
                            "the transition period [ha]", True),
        _c("converted", "float", "area converted in the year [ha]"),
        _c("agb_gain", "float", "above-ground biomass carbon gain [t C]"),
        _c("agb_loss", "float", "above-ground biomass carbon loss [t C] (positive)"),
        _c("bgb_gain", "float", "below-ground biomass carbon gain [t C]"),
        _c("bgb_loss", "float", "below-ground biomass carbon loss [t C] (positive)"),
        _c("dead_wood", "float", "net change in dead wood carbon [t C]"),
        _c("litter", "float", "net change in litter carbon [t C]"),
        _c("mineral_soil", "float", "net change in mineral soil carbon [t C]"),
        _c("organic_soil", "float", "net change in organic soil carbon [t C]"),
        _c("drained_area", "float", "drained organic soils [ha]"),
        _c("tier_biomass", "int", "tier of the biomass pools"),
        _c("tier_dead_wood", "int", "tier of dead wood"),
        _c("tier_litter", "int", "tier of litter"),
        _c("tier_mineral_soil", "int", "tier of mineral soils"),
        _c("tier_organic_soil", "int", "tier of organic soils"),
        _c("source_ref", "str", "an input cell of the row's area"),
    ),
    doc="carbon stock changes per region, year, land category and stratum (gain positive; "
        "CRT Tables 4.A-4.F)"))

LAND_MATRIX = register_table(BackgroundTable(
    name="lulucf.land_matrix", sector="lulucf",
    columns=(_c("from_lu", "str", "land use at the start of the year", True),
             _c("to_lu", "str", "land use at the end of the year", True),
             _c("area", "float", "area [ha]", True)),
    doc="the year's land-use change matrix summed over strata (CRT Table4.1)"))

LAND_USE_AREAS = register_table(BackgroundTable(
    name="lulucf.land_use_areas", sector="lulucf",
    columns=(_c("land_use", "str", "land use", True),
             _c("area", "float", "area at the end of the year [ha]", True),
             _c("source_ref", "str", "an input cell of the area")),
    doc="area of each land use at the end of the year (area checks, notebook)"))

NONCO2 = register_table(BackgroundTable(
    name="lulucf.nonco2", sector="lulucf",
    columns=(_c("category", "str", "IPCC 2006 category of the emission (3.C.1.a, 3.C.4 ...)",
                True),
             _c("land_category", "str", "IPCC 2006 land category (3.B.1.a ...)", True),
             _c("source", "str", "wildfire | controlled_burning | drainage | rewetting | "
                                 "n_mineralisation | n_inputs", True),
             _c("gas", "str", "gas", True),
             _c("activity_value", "float", "area [ha] or N [t N]"),
             _c("activity_unit", "str", "ha or t"),
             _c("biomass_burnt", "float", "biomass burnt A x M_B x C_f [t dm] (fires)"),
             _c("value", "float", "emissions [kt gas]", True)),
    doc="non-CO2 of land (and CO2 of forest fires) by source (CRT Tables 4(I)-4(IV))"))

HWP = register_table(BackgroundTable(
    name="lulucf.hwp", sector="lulucf",
    columns=(_c("product", "str", "sawnwood | wood_panels | paper", True),
             _c("pool", "str", "domestic | exported (production approach) or consumed", True),
             _c("approach", "str", "production | stock_change | atmospheric_flow", True),
             _c("inflow", "float", "carbon inflow of the year [t C]", True),
             _c("stock", "float", "carbon stock at the start of the year [t C]", True),
             _c("stock_change", "float", "stock change of the year [t C]", True),
             _c("half_life", "float", "half-life [yr]", True),
             _c("production", "float", "carbon in the production of the product [t C]"),
             _c("imports", "float", "carbon in its imports [t C]"),
             _c("exports", "float", "carbon in its exports [t C]"),
             _c("f_domestic", "float", "share of the feedstock from domestic harvest "
                                       "(Eq. 12.3; 1 without roundwood rows)"),
             _c("history", "bool", "a year before the first inventory year (Eq. 12.6)", True),
             _c("source", "str", "activity data, or the Eq. 12.6 extrapolation used")),
    doc="HWP pools by product from the history start to the last inventory year "
        "(CRT Table4.Gs1/4.Gs2)"))
