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

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.io.sheets import DataSheet, register_data_sheet
from inventory.methods import MethodInput, MethodResult, Need, SourceMethod, TierSpec, register
from inventory.plugins import Sector
from inventory.schema import concat_emissions

from . import crt, qa, tables  # noqa: F401  (CRT sheets, checks, products, tables register)
from .burning import BURNING_GASES, biomass_burning, burnt_crop_areas
from .carbonates import soil_carbonates
from .common import AgriOptions, animals, crops, manure_systems, parse_options
from .livestock import LIVESTOCK_ATTRIBUTES, livestock_emissions
from .rice import AMENDMENTS, WATER_REGIMES, rice_cultivation
from .soils import CROP_ATTRIBUTES, N_SOURCES, managed_soils

SECTOR = Sector(name="agriculture", title="3. Agriculture", crt_code="3", order=300,
                package=__name__, demo=f"{__name__}.demo",
                options=tuple(AgriOptions.__dataclass_fields__))

__all__ = ["SECTOR", "compute_livestock_and_managed_soils", "compute_savanna_burning",
           "compute_rice_cultivation", "compute_soil_carbonates", "activity_ids",
           "LIVESTOCK_TIERS", "SAVANNA_TIERS", "RICE_TIERS", "CARBONATE_TIERS"]


def _prefix(cats, prefix):
    return cats.eq(prefix) | cats.str.startswith(prefix + ".")


def _result(frames: list[pd.DataFrame], background: dict[str, pd.DataFrame]) -> MethodResult:
    return MethodResult(concat_emissions(frames),
                        {k: v for k, v in background.items() if v is not None and len(v)})


def compute_livestock_and_managed_soils(inp: MethodInput) -> MethodResult:
    """3.A.1, 3.A.2, 3.C.1.b, 3.C.4, 3.C.5 and 3.C.6 rows from the livestock, crop and soil
    activity rows; the manure N and burnt crop areas pass from one to the next here."""
    act = inp.activity
    opts = parse_options(inp.options)
    cats = act["category"].astype(str)
    computed = _prefix(cats, "3.C.5") | _prefix(cats, "3.C.6")
    if computed.any():
        bad = act[computed].iloc[0]
        raise InputError(f"activity row in {bad['category']}", bad.get("source_ref"),
                         "no activity rows in 3.C.5/3.C.6: indirect N2O is computed from the "
                         "3.C.4 and livestock rows")
    frames: list[pd.DataFrame] = []
    out: dict[str, pd.DataFrame] = {}
    live = None
    herds = act[_prefix(cats, "3.A").to_numpy()]
    if len(herds):
        live = livestock_emissions(inp, herds, opts)
        frames += live.frames
        out.update(live.tables)
    burn = act[_prefix(cats, "3.C.1.b").to_numpy()]
    if len(burn):
        f, out["agriculture.burning"] = biomass_burning(inp, burn, opts)
        frames += f
    soil = act[_prefix(cats, "3.C.4").to_numpy()]
    if len(soil) or (live is not None and len(live.flows)):
        f, t = managed_soils(inp, soil, opts, live, burnt_crop_areas(burn))
        frames += f
        out.update(t)
    return _result(frames, out)


def compute_savanna_burning(inp: MethodInput) -> MethodResult:
    """3.C.1.c rows (IPCC 2006 Vol.4 Ch.2 Eq. 2.27)."""
    frames, table = biomass_burning(inp, inp.activity, parse_options(inp.options))
    return _result(frames, {"agriculture.burning": table})


def compute_rice_cultivation(inp: MethodInput) -> MethodResult:
    """3.C.7 rows (IPCC 2006 Vol.4 Ch.5 Eqs. 5.1-5.3)."""
    frames, table = rice_cultivation(inp, inp.activity, parse_options(inp.options))
    return _result(frames, {"agriculture.rice": table})


def compute_soil_carbonates(inp: MethodInput) -> MethodResult:
    """3.C.2, 3.C.3 and 3.C.8 rows (IPCC 2006 Vol.4 Ch.11 Eqs. 11.12, 11.13)."""
    return _result(soil_carbonates(inp, inp.activity, parse_options(inp.options)), {})


# ------------------------------------------------------------------ the tiers offered
# Roles (inventory.methods): "default" = the IPCC default only, "country" = national,
# provincial or plant layers only, "any" = the most specific layer present. At Tier 1 the
# emission factors and the IPCC fractions that define the N flows are IPCC defaults; data
# describing the country's animals, crops and practices (typical animal mass, residue ratios,
# removal, combustion factor, C:N ratio) may be national. At Tier 2 the tier-defining factor
# is country-specific where the method has one (EF_enteric of other animals, the fuel burnt,
# EFc of rice, EF_C); the rest mixes country data with defaults ("any"): e.g. FracLeachMS
# (no 2006 default; 2019 Refinement Table 10.22) and the burning emission factors (Table 2.5)
# where no national value is given. The defaults are those of the project's guideline
# edition (FactorDB.with_defaults(..., guidelines=)); the 2019 Refinement adds VS_rate
# (Eq. 10.22A) and R_N2 (Eq. 10.34A). docs/agriculture.md lists every parameter with its role.
_CROP_DATA = {p: "any" for p in ("DRY", "AG_slope", "AG_intercept", "N_AG", "R_BG_BIO", "N_BG",
                                 "Frac_Renew", "Frac_Remove", "C_f", "R_CN")}
_SOIL_T1 = {p: "default" for p in ("EF1", "EF1FR", "EF3PRP", "EF2", "Frac_GASF", "Frac_GASM",
                                   "Frac_LEACH", "EF4", "EF5")}
_SOIL_T2 = dict.fromkeys(_SOIL_T1, "any")


def _plain(rows: pd.DataFrame) -> np.ndarray:
    return ~rows["activity"].astype(str).str.contains(":", regex=False).to_numpy()


def _in(prefix: str):
    def when(rows: pd.DataFrame) -> np.ndarray:
        return _prefix(rows["category"].astype(str), prefix).to_numpy()
    return when


def _organic_soils(rows: pd.DataFrame) -> np.ndarray:
    return (rows["category"].eq("3.C.4")
            & rows["activity"].astype(str).str.startswith("organic_soils")).to_numpy()


def _other_animals(rows: pd.DataFrame) -> np.ndarray:
    """Population rows of animals without Tier 2 characterisation, in their enteric
    category: Tier 2 takes a country-specific EF_enteric keyed by the animal."""
    ref = animals()
    a = rows["activity"].astype(str)
    ok = a.isin(ref.index[ref["tier2"] != "yes"]) & _plain(rows)
    return (ok & (rows["category"].astype(str) == a.map(ref["enteric_category"]))).to_numpy()


def _burning_needs(prefix: str) -> tuple[Need, ...]:
    return (Need("fuel_consumed", unit="t/ha", when=_in(prefix)),
            *(Need("G_ef", g, unit="g/kg", when=_in(prefix)) for g in BURNING_GASES))


LIVESTOCK_TIERS = {
    1: TierSpec(
        1, "IPCC default factors of the project's guideline edition: Vol.4 Ch.10 Tables "
           "10.10/10.11 (enteric, by region; 2019 Refinement also by productivity system), "
           "10.14/10.15 (manure CH4 per head; 2019 Refinement: VS rate, Table 10.13A, with Bo "
           "and the MCF of Table 10.17), 10.19, 10.21-10.23 (manure N; 2019 Refinement: "
           "FracLeachMS and FracLossMS of Eq. 10.34A), Ch.11 Tables 11.1-11.3 (soils), Ch.2 "
           "Tables 2.4-2.6 (burning)",
        factors={"EF_enteric": "default", "VS_rate": "default", "Bo": "default",
                 "MCF": "default", "EF_manure_CH4": "default", "N_rate": "default",
                 "TAM": "any", "EF3": "default", "Frac_GasMS": "default",
                 "Frac_LeachMS": "default", "Frac_LossMS": "default", "R_N2": "default",
                 **_SOIL_T1, **_CROP_DATA, "fuel_consumed": "default", "G_ef": "default"},
        requires=(*_burning_needs("3.C.1.b"),
                  Need("EF2", "N2O", unit="kg/ha/yr", when=_organic_soils))),
    2: TierSpec(
        2, "cattle/buffalo: gross energy from the net energy equations (Eqs. 10.3-10.16), Ym "
           "(Eq. 10.21), VS from GE (Eq. 10.24), Nex from N intake and retention (Eqs. "
           "10.31-10.33); other animals: country-specific EF_enteric; country-specific "
           "fuel burnt; FracLeachMS, burning emission factors and the other factors "
           "country-specific where given, else IPCC defaults",
        factors={"EF_enteric": "country", "Cfi": "any", "C_pregnancy": "any",
                 "C_growth": "any", "Ym": "any", "UE": "any", "ASH": "any", "VS": "any",
                 "VS_rate": "any", "Bo": "any", "MCF": "any", "N_rate": "any", "TAM": "any",
                 "EF3": "any", "Frac_GasMS": "any", "Frac_LossMS": "any", "R_N2": "any",
                 "Frac_LeachMS": "any", **_SOIL_T2, **_CROP_DATA,
                 "fuel_consumed": "country", "G_ef": "any"},
        requires=(Need("EF_enteric", "CH4", unit="kg/head/yr", when=_other_animals),
                  *_burning_needs("3.C.1.b"),
                  Need("EF2", "N2O", unit="kg/ha/yr", when=_organic_soils))),
}
SAVANNA_TIERS = {
    1: TierSpec(1, "Vol.4 Ch.2 Eq. 2.27 with Tables 2.4 and 2.5 (the grassland fuel "
                   "consumption of Table 2.4 ships for the 2019 Refinement only)",
                factors={"fuel_consumed": "default", "G_ef": "default"},
                requires=_burning_needs("3.C.1.c")),
    2: TierSpec(2, "Eq. 2.27 with country-specific fuel consumption; country-specific "
                   "emission factors where given, else Table 2.5",
                factors={"fuel_consumed": "country", "G_ef": "any"},
                requires=_burning_needs("3.C.1.c")),
}
RICE_TIERS = {
    1: TierSpec(1, "Vol.4 Ch.5 Eqs. 5.1-5.3 with the EFc and scaling factors of Tables "
                   "5.11-5.14 (2019 Refinement: also the regional EFc of Table 5.11A)",
                factors={"EF_rice_base": "default", "SF_water": "default",
                         "SF_preseason": "default", "CFOA": "default"},
                requires=(Need("SF_water", unit="fraction", when=_plain),)),
    2: TierSpec(2, "Eqs. 5.1-5.3 with a country-specific baseline EFc; scaling factors "
                   "country-specific where given",
                factors={"EF_rice_base": "country", "SF_water": "any", "SF_preseason": "any",
                         "CFOA": "any"},
                requires=(Need("EF_rice_base", "CH4", unit="kg/ha/d", when=_plain),
                          Need("SF_water", unit="fraction", when=_plain))),
}
CARBONATE_TIERS = {
    1: TierSpec(1, "Vol.4 Ch.11 Eqs. 11.12 and 11.13 with the default C contents",
                factors={"EF_C": "default"},
                requires=(Need("EF_C", "CO2", unit="t/t",
                               when=lambda r: r["category"].ne("3.C.8").to_numpy()),)),
    2: TierSpec(2, "Eqs. 11.12/11.13 with country-specific C contents (required for 3.C.8)",
                factors={"EF_C": "country"},
                requires=(Need("EF_C", "CO2", unit="t/t"),)),
}

register(SourceMethod(
    name="livestock_and_managed_soils", sector="agriculture",
    categories=("3.A", "3.C.1.b", "3.C.4", "3.C.5", "3.C.6"), gases=("CH4", "N2O", "CO", "NOx"),
    tiers=LIVESTOCK_TIERS, compute=compute_livestock_and_managed_soils,
    doc=compute_livestock_and_managed_soils.__doc__ or "", tier_per_gas=True))
register(SourceMethod(
    name="savanna_burning", sector="agriculture", categories=("3.C.1.c",),
    gases=BURNING_GASES, tiers=SAVANNA_TIERS, compute=compute_savanna_burning,
    doc=compute_savanna_burning.__doc__ or "", tier_per_gas=True))
register(SourceMethod(
    name="rice_cultivation", sector="agriculture", categories=("3.C.7",), gases=("CH4",),
    tiers=RICE_TIERS, compute=compute_rice_cultivation,
    doc=compute_rice_cultivation.__doc__ or ""))
register(SourceMethod(
    name="soil_carbonates", sector="agriculture", categories=("3.C.2", "3.C.3", "3.C.8"),
    gases=("CO2",), tiers=CARBONATE_TIERS, compute=compute_soil_carbonates,
    doc=compute_soil_carbonates.__doc__ or ""))


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
