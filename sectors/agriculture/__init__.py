"""Agriculture (IPCC 2006 Vol.4 AFOLU categories 3.A and 3.C; CRT sector 3).

Methods (one per group of categories that share data):

* ``livestock_and_managed_soils``: enteric fermentation 3.A.1, manure management 3.A.2,
  indirect N2O from manure management 3.C.6, field burning of crop residues 3.C.1.b, direct
  and indirect N2O from managed soils 3.C.4/3.C.5. One method because the N of the manure
  (applied, deposited on pasture) and the crop residues left after burning flow into soils.
* ``savanna_burning``: 3.C.1.c; ``rice_cultivation``: 3.C.7;
* ``soil_carbonates``: liming 3.C.2, urea 3.C.3, other carbon-containing fertilisers 3.C.8.

The agriculture/LULUCF boundary is in docs/agriculture.md.
"""

from inventory.errors import InputError
from inventory.io.sheets import DataSheet, register_data_sheet
from inventory.methods import MethodInput, SourceMethod, TierSpec, register
from inventory.plugins import Sector

from . import crt  # noqa: F401  (the CRT sheets register on import)
from .burning import biomass_burning, burnt_crop_areas
from .carbonates import soil_carbonates
from .common import animals, category_tiers, crops, finish, manure_systems, parse_options
from .livestock import LIVESTOCK_ATTRIBUTES, livestock_emissions
from .rice import AMENDMENTS, WATER_REGIMES, rice_cultivation
from .soils import CROP_ATTRIBUTES, N_SOURCES, managed_soils

SECTOR = Sector(name="agriculture", title="3. Agriculture", crt_code="3", order=300,
                package=__name__, demo=f"{__name__}.demo")

__all__ = ["SECTOR", "compute_livestock_and_managed_soils", "compute_savanna_burning",
           "compute_rice_cultivation", "compute_soil_carbonates", "activity_ids"]


def _prefix(cats, prefix):
    return cats.eq(prefix) | cats.str.startswith(prefix + ".")


def compute_livestock_and_managed_soils(inp: MethodInput):
    """3.A.1, 3.A.2, 3.C.1.b, 3.C.4, 3.C.5 and 3.C.6 rows from the livestock, crop and soil
    activity rows; the manure N and burnt crop areas pass from one to the next here."""
    act = inp.activity
    opts = parse_options(inp.options)
    tiers = category_tiers(act, inp.tier)
    cats = act["category"].astype(str)
    computed = _prefix(cats, "3.C.5") | _prefix(cats, "3.C.6")
    if computed.any():
        bad = act[computed].iloc[0]
        raise InputError(f"activity row in {bad['category']}", bad.get("source_ref"),
                         "no activity rows in 3.C.5/3.C.6: indirect N2O is computed from the "
                         "3.C.4 and livestock rows")
    frames = []
    flows = None
    live = act[_prefix(cats, "3.A").to_numpy()]
    if len(live):
        f, flows = livestock_emissions(live, tiers, inp.factors, opts)
        frames += f
    burn = act[_prefix(cats, "3.C.1.b").to_numpy()]
    if len(burn):
        frames += biomass_burning(burn, tiers, inp.factors, opts)
    soil = act[_prefix(cats, "3.C.4").to_numpy()]
    if len(soil) or (flows is not None and len(flows)):
        frames += managed_soils(soil, tiers, inp.factors, opts, flows, burnt_crop_areas(burn))
    return finish(frames)


def compute_savanna_burning(inp: MethodInput):
    return finish(biomass_burning(inp.activity, category_tiers(inp.activity, inp.tier),
                                  inp.factors, parse_options(inp.options)))


def compute_rice_cultivation(inp: MethodInput):
    return finish(rice_cultivation(inp.activity, category_tiers(inp.activity, inp.tier),
                                   inp.factors, parse_options(inp.options)))


def compute_soil_carbonates(inp: MethodInput):
    return finish(soil_carbonates(inp.activity, category_tiers(inp.activity, inp.tier),
                                  inp.factors, parse_options(inp.options)))


register(SourceMethod(
    name="livestock_and_managed_soils", sector="agriculture",
    categories=("3.A", "3.C.1.b", "3.C.4", "3.C.5", "3.C.6"), gases=("CH4", "N2O", "CO", "NOx"),
    tiers={
        1: TierSpec(1, "IPCC default factors: Vol.4 Ch.10 Tables 10.10/10.11 (enteric, by "
                       "region), 10.15 and Annex 10A.2 with Table 10.17 (manure CH4), 10.19, "
                       "10.21-10.23 (manure N), Ch.11 Tables 11.1-11.3 (soils, 2019 "
                       "Refinement), Ch.2 Tables 2.4-2.6 (burning)",
                    ("EF_enteric", "EF_manure_CH4", "MCF", "EF3", "EF1"), ("ipcc_default",)),
        2: TierSpec(2, "cattle/buffalo: gross energy from the net energy equations "
                       "(Eqs. 10.3-10.16), Ym (Eq. 10.21), VS from GE (Eq. 10.24), Nex from "
                       "N intake and retention (Eqs. 10.31-10.33); other categories: "
                       "country-specific factors (national layer)",
                    ("Cfi", "C_pregnancy", "C_growth", "Ym", "Bo", "MCF", "EF3", "EF1"),
                    ("national", "provincial", "plant", "ipcc_default")),
    },
    compute=compute_livestock_and_managed_soils, doc=compute_livestock_and_managed_soils.__doc__
    or ""))
register(SourceMethod(
    name="savanna_burning", sector="agriculture", categories=("3.C.1.c",),
    gases=("CH4", "N2O", "CO", "NOx"),
    tiers={1: TierSpec(1, "Vol.4 Ch.2 Eq. 2.27 with Tables 2.4 and 2.5",
                       ("fuel_consumed", "G_ef"), ("ipcc_default",)),
           2: TierSpec(2, "Eq. 2.27 with national fuel consumption and emission factors",
                       ("fuel_consumed", "G_ef"), ("national", "provincial", "plant"))},
    compute=compute_savanna_burning))
register(SourceMethod(
    name="rice_cultivation", sector="agriculture", categories=("3.C.7",), gases=("CH4",),
    tiers={1: TierSpec(1, "Vol.4 Ch.5 Eqs. 5.1-5.3 with the 2019 Refinement EFc and scaling "
                          "factors (Tables 5.11-5.14)",
                       ("EF_rice_base", "SF_water", "SF_preseason", "CFOA"), ("ipcc_default",)),
           2: TierSpec(2, "Eqs. 5.1-5.3 with a national baseline EFc",
                       ("EF_rice_base",), ("national", "provincial", "plant"))},
    compute=compute_rice_cultivation))
register(SourceMethod(
    name="soil_carbonates", sector="agriculture", categories=("3.C.2", "3.C.3", "3.C.8"),
    gases=("CO2",),
    tiers={1: TierSpec(1, "Vol.4 Ch.11 Eqs. 11.12 and 11.13 with the default C contents",
                       ("EF_C",), ("ipcc_default",)),
           2: TierSpec(2, "Eqs. 11.12/11.13 with national C contents (required for 3.C.8)",
                       ("EF_C",), ("national", "provincial", "plant"))},
    compute=compute_soil_carbonates))


def activity_ids() -> list[str]:
    """Every activity id the Agriculture sheet accepts (the template's dropdown)."""
    ids = []
    for a in animals().index:
        ids.append(a)
        ids += [f"{a}:{attr}" for attr in LIVESTOCK_ATTRIBUTES if attr]
        ids += [f"{a}:{m}" for m in manure_systems().index]
    for c in crops().index:
        ids.append(c)
        ids += [f"{c}:{attr}" for attr in CROP_ATTRIBUTES]
    ids += list(N_SOURCES)
    for r in WATER_REGIMES:
        ids += [r, f"{r}:days"] + [f"{r}:{am}" for am in AMENDMENTS]
    ids += ["grassland", "tropical_grassland", "limestone", "dolomite", "urea",
            "calcium_ammonium_nitrate"]
    return list(dict.fromkeys(ids))


register_data_sheet(DataSheet(
    name="Agriculture", sector="agriculture", order=300,
    category_prefixes=("3.A", "3.C.1.b", "3.C.1.c", "3.C.2", "3.C.3", "3.C.4", "3.C.7",
                       "3.C.8"),
    activity_label="activity id (docs/agriculture.md): <animal>[:attribute|:system], N source, "
                   "<crop>:production|area, rice <regime>[:days|:amendment], burnt crop or "
                   "vegetation, limestone/dolomite/urea",
    activity_choices=activity_ids,
    instructions="Agriculture 3.A and 3.C (IPCC 2006 codes). Livestock: <animal> = annual "
                 "average population [head] in its enteric category (poultry: 3.A.2.i), or "
                 "<animal>:days_alive [d] and <animal>:produced [head] (Eq. 10.1); Tier 2 "
                 "cattle/buffalo: <animal>:weight [kg], :mature_weight [kg], :weight_gain "
                 "[kg/d], :milk [kg/d], :fat [%], :work [h/d], :pregnant [%], :de [%], :ca "
                 "[fraction], optional :ym [%], :cp [%]. Manure: <animal>:<system> [%] in the "
                 "manure category, summing to 100 %. Soils 3.C.4: synthetic_fertiliser [t N], "
                 "sewage_sludge, compost, other_organic [t N], soil_carbon_loss [t C], "
                 "organic_soils_temperate/_tropical [ha], <crop>:production [t], <crop>:area "
                 "[ha]. Burning: <crop> [ha burnt] in 3.C.1.b, grassland [ha] in 3.C.1.c. Rice "
                 "3.C.7: <regime> [ha], <regime>:days [d], <regime>:<amendment> [t/ha]. "
                 "Liming 3.C.2 limestone/dolomite [t], urea 3.C.3 [t], other C fertilisers "
                 "3.C.8 [t]. Region and climate: inventory.yml options: agriculture."))
