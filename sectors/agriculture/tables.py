"""Background tables of agriculture (:mod:`inventory.products`): what the methods computed
besides the emission rows and what the CRT background tables (Table3.A-3.F) and reviewers
read. Every table has ``region`` and ``year`` first; units in brackets. The methods return
their rows (``MethodResult.tables``); the run writes them to ``tables/<name>.csv``; the CRT
sheets read them with ``YearData.table(name)``."""

from __future__ import annotations

from inventory.products import BackgroundTable, register_table
from inventory.schema import column as _c

__all__ = ["LIVESTOCK", "MANURE_SYSTEMS", "CROP_RESIDUES", "RICE", "BURNING"]


_CHARACTERISATION = (
    _c("weight", "float", "average live weight as entered [kg]"),
    _c("mature_weight", "float", "mature live weight of an adult female [kg]"),
    _c("weight_gain", "float", "average daily weight gain [kg d-1]"),
    _c("milk", "float", "milk yield [kg head-1 d-1]"),
    _c("fat", "float", "fat content of milk [%]"),
    _c("work", "float", "hours of work [h d-1]"),
    _c("pregnant", "float", "share of females giving birth in the year [%]"),
    _c("de", "float", "digestibility of feed [% of GE]"),
    _c("ca", "float", "activity coefficient Ca (Table 10.5) [-]"),
    _c("cp", "float", "crude protein of the diet [%]"),
)

LIVESTOCK = register_table(BackgroundTable(
    name="agriculture.livestock", sector="agriculture",
    columns=(
        _c("animal", "str", "animal id (sectors/agriculture/data/animals.csv)", True),
        _c("enteric_category", "str", "IPCC 2006 enteric category ('' for poultry)", True),
        _c("manure_category", "str", "IPCC 2006 manure management category", True),
        _c("tier_enteric", "int", "tier of the enteric CH4 (empty for poultry)"),
        _c("tier_manure_ch4", "int", "tier of the manure CH4", True),
        _c("tier_manure_n2o", "int", "tier of the manure N2O and of Nex", True),
        _c("population", "float", "annual average population [head]", True),
        _c("population_eq10_1", "bool", "population from days alive and animals produced "
                                        "(IPCC 2006 Vol.4 Ch.10 Eq. 10.1)", True),
        *_CHARACTERISATION,
        _c("ge", "float", "gross energy intake, Eq. 10.16 (Tier 2 characterisation) "
                          "[MJ head-1 d-1]"),
        _c("ym", "float", "methane conversion factor used with GE (Eq. 10.21) [%]"),
        _c("ef_enteric", "float", "enteric CH4 emission factor [kg CH4 head-1 yr-1]"),
        _c("climate", "str", "climate class of the MCF (Table 10.17: cool, temperate, warm; "
                             "2019 Refinement: from the climate zone)"),
        _c("mcf", "float", "MCF weighted by the system shares [fraction]"),
        _c("vs", "float", "volatile solid excretion where manure CH4 is computed from VS: "
                          "Eq. 10.24 (Tier 2), a national VS, or VS rate x TAM (2019 "
                          "Refinement Eq. 10.22A); empty where a factor per head is used "
                          "(2006 Tables 10.14, 10.15) [kg dm head-1 d-1]"),
        _c("bo", "float", "maximum CH4 producing capacity [m3 CH4 (kg VS)-1]"),
        _c("tam", "float", "typical animal mass: the weight entered, else Annex 10A.2 "
                           "(2019 Refinement: Table 10.19) [kg]"),
        _c("ef_manure_ch4", "float", "manure CH4 emission factor [kg CH4 head-1 yr-1]"),
        _c("nex", "float", "N excretion (Eq. 10.30 or Eqs. 10.31-10.33) "
                           "[kg N head-1 yr-1]"),
    ),
    doc="one row per region, year and animal with a numeric population: the "
        "characterisation entered and the factors computed from it (CRT Table3.A, 3.B(a), "
        "3.B(b))"))

MANURE_SYSTEMS = register_table(BackgroundTable(
    name="agriculture.manure_systems", sector="agriculture",
    columns=(
        _c("animal", "str", "animal id", True),
        _c("category", "str", "IPCC 2006 manure management category", True),
        _c("system", "str", "manure management system (data/manure_systems.csv)", True),
        _c("fate", "str", "managed | pasture | fuel", True),
        _c("share", "float", "share of the manure in the system [fraction]", True),
        _c("mcf", "float", "MCF of the system at the project's climate [fraction]"),
        _c("n_excreted", "float", "N excreted into the system = population x Nex x share "
                                  "[kg N yr-1]", True),
        _c("n_volatilised", "float", "N volatilised, Eq. 10.26 (managed systems) [kg N yr-1]"),
        _c("n_leached", "float", "N leached, Eq. 10.28 (managed systems, with FracLeachMS) "
                                 "[kg N yr-1]"),
        _c("frac_loss", "float", "FracLossMS used for the N available: Table 10.23 (2006), "
                                 "a national value, or Eq. 10.34A (2019 Refinement) "
                                 "[fraction]"),
        _c("n_applied", "float", "managed N available for application to soils, Eq. 10.34 "
                                 "[kg N yr-1]"),
    ),
    doc="one row per region, year, animal and manure management system: the N flows of "
        "IPCC 2006 Vol.4 Ch.10 Sect. 10.5 (CRT Table3.B(b); N flows product)"))

CROP_RESIDUES = register_table(BackgroundTable(
    name="agriculture.crop_residues", sector="agriculture",
    columns=(
        _c("crop", "str", "crop id (data/crops.csv)", True),
        _c("production", "float", "crop production, fresh weight [kt]", True),
        _c("area", "float", "area harvested [ha]", True),
        _c("area_burnt", "float", "area whose residues were burnt (3.C.1.b) [ha]", True),
        _c("frac_remove", "float", "fraction of above-ground residues removed [fraction]", True),
        _c("crop_yield", "float", "harvested dry matter yield, Eq. 11.7 [kg dm ha-1]", True),
        _c("ag_dm", "float", "above-ground residue dry matter, Table 11.2 [t dm ha-1]", True),
        _c("n_residues", "float", "N in crop residues returned to soils, Eq. 11.6 "
                                  "[kg N yr-1]", True),
    ),
    doc="one row per region, year and crop: the crop residue N (F_CR) of 3.C.4"))

RICE = register_table(BackgroundTable(
    name="agriculture.rice", sector="agriculture",
    columns=(
        _c("regime", "str", "water regime during cultivation", True),
        _c("tier", "int", "tier", True),
        _c("area", "float", "harvested area [ha]", True),
        _c("days", "float", "cultivation period [d]", True),
        _c("efc", "float", "baseline emission factor EFc [kg CH4 ha-1 d-1]", True),
        _c("sf_water", "float", "scaling factor of the water regime (Table 5.12) [-]", True),
        _c("sf_preseason", "float", "scaling factor of the pre-season regime (Table 5.13) [-]",
           True),
        _c("sf_organic", "float", "scaling factor of organic amendments, Eq. 5.3 [-]", True),
        _c("ef_daily", "float", "adjusted daily emission factor, Eq. 5.2 [kg CH4 ha-1 d-1]",
           True),
    ),
    doc="one row per region, year and water regime with a numeric area (CRT Table3.C)"))

BURNING = register_table(BackgroundTable(
    name="agriculture.burning", sector="agriculture",
    columns=(
        _c("category", "str", "3.C.1.b (crop residues) or 3.C.1.c (savanna)", True),
        _c("activity", "str", "burnt crop or vegetation", True),
        _c("gas", "str", "CH4, N2O, CO or NOx", True),
        _c("tier", "int", "tier of the gas", True),
        _c("area", "float", "area burnt [ha]", True),
        _c("fuel_consumed", "float", "fuel burnt M_B x C_f (Table 2.4) [t dm ha-1]", True),
        _c("g_ef", "float", "emission factor (Table 2.5) [g (kg dm)-1]", True),
    ),
    doc="one row per region, year, burnt crop or vegetation and gas (CRT Table3.E, 3.F)"))
