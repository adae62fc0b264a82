"""LULUCF (IPCC 2006 Vol.4 AFOLU categories 3.B, the land parts of 3.C and 3.D.1; CRT
sector 4).

Methods:

* ``land_emissions``: land representation (Ch.3) and the carbon stock changes of the six land
  categories and their conversions (Ch.2, 4-9): biomass, dead wood, litter, mineral and organic
  soils (3.B -> CRT 4.A-4.F); with them the non-CO2 of land: biomass burning (3.C.1 -> 4(IV)),
  N2O from N mineralisation and N inputs (3.C.4/3.C.5 -> 4(III)/4(I)), drainage and rewetting
  (-> 4(II)).
* ``harvested_wood_products``: HWP (Ch.12, 3.D.1 -> 4.G).

Tiers per category and pool (docs/lulucf.md). The agriculture/LULUCF boundary is stated in
docs/lulucf.md and drawn by the crosswalk (``data/ipcc2006_to_crt.csv``).
"""

from inventory.io.sheets import DataSheet, register_data_sheet
from inventory.methods import MethodInput, MethodResult, SourceMethod, TierSpec, register
from inventory.plugins import Sector
from inventory.schema import concat_emissions

from . import crt, crt_nonco2, qa, tables  # noqa: F401  (CRT sheets, checks, tables register)
from .carbon import land_emissions
from .common import CLIMATES, HWP_FLOWS, HWP_PRODUCTS, QUANTITIES, SOILS, LulucfOptions, parse_options
from .hwp import hwp_emissions

SECTOR = Sector(name="lulucf", title="4. Land use, land-use change and forestry", crt_code="4",
                order=400, package=__name__, demo=f"{__name__}.demo",
                options=tuple(LulucfOptions.__dataclass_fields__))

__all__ = ["SECTOR", "compute_land", "compute_hwp", "activity_ids", "hwp_activity_ids",
           "LAND_TIERS", "HWP_TIERS"]


def _years(inp: MethodInput) -> list[int]:
    return sorted(int(y) for y in inp.activity["year"].unique())


def compute_land(inp: MethodInput) -> MethodResult:
    """3.B rows -> carbon stock changes (CO2) and the non-CO2 of land."""
    frames, tabs = land_emissions(inp, inp.activity, parse_options(inp.options), _years(inp))
    return MethodResult(concat_emissions(frames), tabs)


def compute_hwp(inp: MethodInput) -> MethodResult:
    """3.D.1 rows -> HWP stock changes (CO2)."""
    frames, table = hwp_emissions(inp, inp.activity, parse_options(inp.options), _years(inp))
    return MethodResult(concat_emissions(frames), {"lulucf.hwp": table} if len(table) else {})


_EF = ("G_W", "B_W", "SOC_ref", "EF_organic", "EF_CH4_organic", "EF_N2O_organic",
       "EF_rewetted", "EF_CH4_rewetted", "G_ef")
_DATA = ("R", "CF", "BCEF_R", "BCEF_S", "F_LU", "F_MG", "F_I", "C_RW", "R_CN", "EF1", "EF4",
         "EF5", "Frac_LEACH", "Frac_GASF", "fd", "M_B", "C_f", "DW_stock", "LT_stock",
         "B_total")
LAND_TIERS = {
    1: TierSpec(1, "IPCC defaults: Vol.4 Ch.4 Tables 4.3, 4.4, 4.5, 4.7, 4.9 (forest biomass), "
                   "Ch.2 Table 2.3 and Ch.5/6 Tables 5.5, 6.2 (mineral soils, 20 years), 2013 "
                   "Wetlands Supplement (organic soils), Ch.2 Table 2.5 (fires), Ch.8 Table "
                   "8.1 (settlement trees); no change in dead organic matter and non-forest "
                   "biomass of land remaining",
                factors={**{p: "default" for p in (*_EF, "R", "CF", "BCEF_R", "BCEF_S", "F_LU",
                                                   "F_MG", "F_I", "C_RW", "R_CN", "EF1", "EF4",
                                                   "EF5", "Frac_LEACH", "Frac_GASF")},
                         **{p: "any" for p in ("fd", "M_B", "C_f", "DW_stock", "LT_stock",
                                               "B_total")}}),
    2: TierSpec(2, "country-specific growth, stocks, SOC_ref and emission factors; stock "
                   "difference for biomass (options: biomass_method) and dead organic matter "
                   "(entered stocks); crown cover method for settlements",
                factors={**{p: "country" for p in (*_EF, "L_W")},
                         **{p: "any" for p in _DATA}}),
    3: TierSpec(3, "model or inventory results per stratum (gain.<pool> / loss.<pool> [t C]) "
                   "with their own uncertainty (AD_uncertainty parameter rows)",
                factors={"*": "any"}),
}
HWP_TIERS = {
    1: TierSpec(1, "IPCC 2006 Vol.4 Ch.12 Tier 1: first-order decay with default half-lives, "
                   "Eq. 12.6 history with Table 12.3 rates",
                factors={"HL": "default", "U_hwp": "default", "C_hwp": "any"}),
    2: TierSpec(2, "first-order decay with country-specific half-lives",
                factors={"HL": "country", "U_hwp": "any", "C_hwp": "any"}),
}

register(SourceMethod(
    name="land_emissions", sector="lulucf", categories=("3.B",),
    gases=("CO2", "CH4", "N2O", "CO", "NOx"), tiers=LAND_TIERS, compute=compute_land,
    doc=compute_land.__doc__ or "", tier_per_gas=True))
register(SourceMethod(
    name="harvested_wood_products", sector="lulucf", categories=("3.D.1",), gases=("CO2",),
    tiers=HWP_TIERS, compute=compute_hwp, doc=compute_hwp.__doc__ or "", tier_per_gas=True))

DROPDOWN_QUANTITIES = ("area", "harvest", "fuelwood", "disturbance_area", "wildfire_area",
                       "controlled_burning_area", "drained_area", "rewetted_area", "n_inputs",
                       "crown_cover_area", "growing_stock", "dead_wood_stock", "litter_stock")


def activity_ids() -> list[str]:
    """The ids the LULUCF sheet's dropdown offers: quantity x climate zone x soil type
    (qualifiers and Tier 3 ``gain.<pool>`` / ``loss.<pool>`` are typed)."""
    return [f"{q}:{c}:{s}" for q in DROPDOWN_QUANTITIES for c in CLIMATES for s in SOILS
            if QUANTITIES[q] and (s == "organic" or q not in ("drained_area", "rewetted_area"))]


def hwp_activity_ids() -> list[str]:
    return [f"{p}:{f}" for p in HWP_PRODUCTS for f in HWP_FLOWS]


register_data_sheet(DataSheet(
    name="LULUCF", sector="lulucf", order=400, category_prefixes=("3.B",),
    activity_label="<quantity>:<climate zone>:<soil type>[:<qualifier>] (docs/lulucf.md)",
    activity_choices=activity_ids,
    instructions="LULUCF land categories 3.B (IPCC 2006 codes: 3.B.1.a forest land remaining "
                 "forest land, 3.B.2.b.i forest land converted to cropland ...). Areas: "
                 "area:<climate zone>:<soil type> [ha] in the remaining and conversion "
                 "categories = the year's land-use change matrix (approach 2/3: diagonal = "
                 "land remaining, conversions = land converted during the year), or in "
                 "3.B.1 ... 3.B.6 = net areas (options: lulucf: approach: 1). Qualifiers: "
                 "cropland <land use>.<tillage>.<input> (cultivated.no_till.medium), "
                 "grassland <management>[.<input>] (improved.high), forest natural|planted, "
                 "land converted to wetlands from_<land use>. Forest: harvest, fuelwood [m3], "
                 "disturbance_area [ha], growing_stock [m3/ha] (stock difference). All land: "
                 "wildfire_area, controlled_burning_area [ha]; drained_area, rewetted_area "
                 "[ha] on soil type organic; dead_wood_stock, litter_stock [t C/ha] (Tier 2); "
                 "n_inputs [t N] (forest, wetlands, settlements; IE where agriculture "
                 "includes it); crown_cover_area [ha] (settlements); peat_extracted [t]. "
                 "Tier 3: gain.<pool>, loss.<pool> [t C] per stratum, pools agb, bgb, "
                 "dead_wood, litter, mineral_soil, organic_soil."))
register_data_sheet(DataSheet(
    name="HWP", sector="lulucf", order=410, category_prefixes=("3.D.1",),
    activity_label="<product>:<flow>", activity_choices=hwp_activity_ids,
    instructions="Harvested wood products 3.D.1 (FAO forestry statistics): sawnwood, "
                 "wood_panels [m3], paper [t] and the feedstock industrial_roundwood, "
                 "wood_chips, wood_residues [m3], each :production, :import, :export. Carbon "
                 "per unit: parameter C_hwp per product (national)."))
