"""Metal industry 2.C: iron and steel, ferroalloys, aluminium, magnesium, lead, zinc.

IPCC 2006 Vol.3 Ch.4:

* Iron and steel 2.C.1. Tier 1 (Eqs. 4.1-4.5): production by route (BOF, EAF, OHF steel; pig
  iron not converted; DRI; sinter; pellets) x Table 4.1 factor (values of the 2019 Refinement
  Tables 4.1a/4.1b); CH4 from sinter (Table 4.2).
  Tier 2 (Eq. 4.9): carbon mass balance of the plant: carbon in coke, injected coal, limestone,
  dolomite, electrodes, EAF charge carbon and coke oven gas minus carbon in steel, pig iron
  leaving the plant and blast furnace gas transferred out, x 44/12 (Table 4.3 carbon fractions).
* Ferroalloys 2.C.2 (Tier 1, Eq. 4.15 CO2 / Eq. 4.18 CH4, Tables 4.5 and 4.7).
* Aluminium 2.C.3: CO2 (Eq. 4.19, Table 4.10, prebake 1.6 / Soderberg 1.7 t/t); PFCs Tier 1
  (Eq. 4.25, Table 4.15 by cell technology) and Tier 2 (Table 4.16 coefficients with plant
  anode-effect data): slope method (Eq. 4.26, CF4 = S x AEM x MP) where anode-effect minutes
  are given, else overvoltage method (Eq. 4.27, CF4 = OVC x AEO / CE x MP); C2F6 = CF4 x
  F(C2F6/CF4).
* Magnesium 2.C.4: CO2 from primary production (Eq. 4.28), SF6 from casting (Eq. 4.29).
* Lead 2.C.5 (Eq. 4.32, Table 4.21), zinc 2.C.6 (Eqs. 4.33-4.34, Table 4.24).

Tiers are set per gas (``tier_per_gas``): aluminium CO2 may stay at Tier 1 (Table 4.10) while
the PFCs use plant anode-effect data (``2.C.3: {"*": 2, CO2: 1}``), and 2.C.1 sinter CH4 may stay
at Tier 1 beside a Tier 2 CO2 mass balance (``2.C.1: {CO2: 2, CH4: 1}``); each row records the
tier of its gas. Tier 2 emission factors, anode-effect data and current efficiency are country
or plant data; the Table 4.3 carbon fractions and Table 4.16 coefficients are taken from any
layer (the IPCC Tier 2 uses them as defaults).

Double counting with Energy (IPCC 2006 Vol.3 Ch.4 Sect. 4.2.1; Vol.2 Ch.2 Box 1.1):

1. Coke production is an Energy source (1.A.1.c / 1.B.1.b): a 'coke' row in 2.C.1 is rejected.
2. Coke, coal and gases consumed as reducing agents in iron and steel production are IPPU
   (2.C.1 Tier 2 inputs, or implied by the Tier 1 factors): the Energy sheet's 1.A.2.a must not
   contain them. :func:`sectors.ippu.double_counting.energy_overlaps` lists suspicious rows.
3. Blast furnace gas and coke oven gas transferred to energy use leave the mass balance: their
   carbon is subtracted here and their combustion is reported in Energy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError, MethodInputError
from inventory.lookups import grouped, take
from inventory.methods import (
    MethodInput,
    Need,
    SourceMethod,
    TierSpec,
    emission_rows,
    register,
)
from sectors.ippu.common import begin, by_product, when, yields

__all__ = ["C_TO_CO2", "steel_co2_by_route", "iron_steel_co2_mass_balance",
           "aluminium_co2", "pfc_tier1", "cf4_slope", "cf4_overvoltage", "c2f6_from_cf4",
           "metal_production_emissions", "compute_metal", "ENERGY_SOURCES_IN_2C1"]

C_TO_CO2 = 44.0 / 12.0
ENERGY_SOURCES_IN_2C1 = ("coke", "coke_production", "metallurgical_coke")

_EQ_STEEL = {"steel_bof": "Eq. 4.1", "steel_eaf": "Eq. 4.1", "steel_ohf": "Eq. 4.1",
             "pig_iron": "Eq. 4.2", "dri": "Eq. 4.3", "sinter": "Eq. 4.4", "pellet": "Eq. 4.5"}
_EQ_OTHER = {
    "2.C.2": {"CO2": "IPCC 2006 Vol.3 Ch.4 Eq. 4.15", "CH4": "IPCC 2006 Vol.3 Ch.4 Eq. 4.18"},
    "2.C.3": {"CO2": "IPCC 2006 Vol.3 Ch.4 Eq. 4.19", "CF4": "IPCC 2006 Vol.3 Ch.4 Eq. 4.25",
              "C2F6": "IPCC 2006 Vol.3 Ch.4 Eq. 4.25"},
    "2.C.4": {"CO2": "IPCC 2006 Vol.3 Ch.4 Eq. 4.28", "SF6": "IPCC 2006 Vol.3 Ch.4 Eq. 4.29"},
    "2.C.5": {"CO2": "IPCC 2006 Vol.3 Ch.4 Eq. 4.32"},
    "2.C.6": {"CO2": "IPCC 2006 Vol.3 Ch.4 Eq. 4.33"},
}


# ---------------------------------------------------------------- equations
def steel_co2_by_route(production, emission_factor):
    """CO2 from iron and steel production by route (Tier 1).

    Parameters
    ----------
    production : array-like [kt] crude steel of a route, pig iron, DRI, sinter or pellets
    emission_factor : array-like [t CO2 t-1] (2006 Table 4.1; 2019 Tables 4.1a/4.1b)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.4 Eq. 4.1 (steel: BOF x EF_BOF + EAF x EF_EAF + OHF x EF_OHF); the same
    form is Eqs. 4.2-4.5 (pig iron not converted, DRI, sinter, pellets).
    """
    return np.asarray(production, dtype=float) * np.asarray(emission_factor, dtype=float)


def iron_steel_co2_mass_balance(carbon_in, carbon_out):
    """CO2 of an iron and steel plant from its carbon balance (Tier 2).

    Parameters
    ----------
    carbon_in : array-like [kt C] in coke, injected coal, limestone, dolomite, electrodes,
        EAF charge carbon and coke oven gas consumed (mass x carbon fraction, summed)
    carbon_out : array-like [kt C] in steel, pig iron leaving and blast furnace gas
        transferred off the process

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.4 Eq. 4.9: E = [PC x C_PC + sum(COB x C) + CI x C_CI + L x C_L +
    D x C_D + CE x C_CE + sum(O x C) + COG x C_COG - S x C_S - IP x C_IP - BG x C_BG] x 44/12.
    """
    return (np.asarray(carbon_in, dtype=float) - np.asarray(carbon_out, dtype=float)) * C_TO_CO2


def aluminium_co2(production, emission_factor):
    """CO2 from primary aluminium (anode or paste consumption), Tier 1.

    Parameters
    ----------
    production : array-like [kt Al] by cell technology
    emission_factor : array-like [t CO2 t-1 Al] (Table 4.10: prebake 1.6, Soderberg 1.7)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.4 Eq. 4.19: E = EF_P x MP_P + EF_S x MP_S.
    """
    return np.asarray(production, dtype=float) * np.asarray(emission_factor, dtype=float)


def pfc_tier1(production, emission_factor):
    """CF4 or C2F6 from primary aluminium by cell technology (Tier 1).

    Parameters
    ----------
    production : array-like [kt Al]
    emission_factor : array-like [kt PFC kt-1 Al] (Table 4.15)

    Returns
    -------
    array-like [kt PFC]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.4 Eq. 4.25: E_CF4 = sum(EF_CF4,i x MP_i), likewise C2F6.
    """
    return np.asarray(production, dtype=float) * np.asarray(emission_factor, dtype=float)


def cf4_slope(production, slope, anode_effect_minutes):
    """CF4 from primary aluminium by the slope method (Tier 2/3).

    Parameters
    ----------
    production : array-like [kt Al]
    slope : array-like [kt CF4 kt-1 Al per (AE-minutes cell-day-1)] (Table 4.16)
    anode_effect_minutes : array-like [AE-minutes cell-day-1]

    Returns
    -------
    array-like [kt CF4]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.4 Eq. 4.26: E_CF4 = S_CF4 x AEM x MP.
    """
    return (np.asarray(slope, dtype=float) * np.asarray(anode_effect_minutes, dtype=float)
            * np.asarray(production, dtype=float))


def cf4_overvoltage(production, overvoltage_coefficient, anode_effect_overvoltage,
                    current_efficiency):
    """CF4 from primary aluminium by the overvoltage method (Tier 2/3).

    Parameters
    ----------
    production : array-like [kt Al]
    overvoltage_coefficient : array-like [kt CF4 kt-1 Al per (mV day-1)] (Table 4.16)
    anode_effect_overvoltage : array-like [mV] per cell-day
    current_efficiency : array-like [fraction]

    Returns
    -------
    array-like [kt CF4]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.4 Eq. 4.27: E_CF4 = OVC x AEO / CE x MP (CE as a fraction here; the
    Guidelines write it in percent with the coefficient scaled to match).
    """
    return (np.asarray(overvoltage_coefficient, dtype=float)
            * np.asarray(anode_effect_overvoltage, dtype=float)
            / np.asarray(current_efficiency, dtype=float) * np.asarray(production, dtype=float))


def c2f6_from_cf4(cf4, weight_fraction):
    """C2F6 from CF4 with the C2F6/CF4 weight fraction (Tier 2/3).

    Parameters
    ----------
    cf4 : array-like [kt CF4]
    weight_fraction : array-like [kt C2F6 kt-1 CF4] (Table 4.16)

    Returns
    -------
    array-like [kt C2F6]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.4 Eq. 4.26 (second line, and Eq. 4.27): E_C2F6 = E_CF4 x F_C2F6/CF4.
    """
    return np.asarray(cf4, dtype=float) * np.asarray(weight_fraction, dtype=float)


def metal_production_emissions(production, emission_factor):
    """Production x default factor for ferroalloys, magnesium, lead and zinc (Tier 1).

    Parameters
    ----------
    production : array-like [kt metal or alloy]
    emission_factor : array-like [kt gas kt-1]

    Returns
    -------
    array-like [kt gas]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.4 Eq. 4.15 (ferroalloys CO2); the same form is Eq. 4.18 (ferroalloys
    CH4), Eqs. 4.28-4.29 (magnesium), Eq. 4.32 (lead), Eqs. 4.33-4.34 (zinc).
    """
    return np.asarray(production, dtype=float) * np.asarray(emission_factor, dtype=float)


# ---------------------------------------------------------------- compute
def _reject_coke(act: pd.DataFrame) -> None:
    bad = act["category"].eq("2.C.1") & act["activity"].isin(ENERGY_SOURCES_IN_2C1)
    if bad.any():
        row = act[bad].iloc[0]
        raise InputError(
            f"'{row['activity']}' in 2.C.1: metallurgical coke production is an Energy-sector "
            "source (IPCC 2006 Vol.3 Ch.4 Sect. 4.2.1: report it in 1.A.1.c and 1.B.1.b)",
            row.get("source_ref"),
            "coke production on the Energy sheet; coke consumed in iron and steel as "
            "'input:coke' (Tier 2) in 2.C.1")


def _steel_tier1(inp, rows, info):
    """Eqs. 4.1-4.5 by route; the CH4 of sinter uses the same form (Table 4.2)."""
    eq = {a: f"IPCC 2006 Vol.3 Ch.4 {e}" for a, e in _EQ_STEEL.items()}
    frames = by_product(inp, rows, info, steel_co2_by_route, "steel_co2_by_route",
                        "IPCC 2006 Vol.3 Ch.4 Eq. 4.1")
    for f in frames:
        f["equation"] = f["activity"].map(eq).to_numpy()
    return frames


def _steel_tier2(inp, rows):
    keys = ["region", "year", "category"]
    tier = inp.tier_of(rows, "CO2")
    cf = inp.factor(rows, "carbon_fraction", "fraction", tier=tier)
    carbon = rows["value"].to_numpy(dtype=float) * cf.value
    sign_in = rows["activity"].str.startswith("input:").to_numpy()
    df = rows[keys].assign(c_in=np.where(sign_in, carbon, 0.0),
                           c_out=np.where(sign_in, 0.0, carbon),
                           steel=np.where(rows["activity"].eq("output:steel"),
                                          rows["value"].to_numpy(dtype=float), 0.0),
                           ids=rows["activity_id"].to_numpy(), tier=tier)
    codes, uniq = pd.factorize(pd.MultiIndex.from_frame(rows[keys]))
    g = df.groupby(codes, sort=True).agg(
        c_in=("c_in", "sum"), c_out=("c_out", "sum"), steel=("steel", "sum"),
        ids=("ids", ";".join), tier=("tier", "max"))
    g[keys] = uniq.to_frame(index=False).to_numpy()
    kt = iron_steel_co2_mass_balance(g["c_in"], g["c_out"])
    neg = kt < 0
    if neg.any():
        bad = g[neg].iloc[0]
        raise InputError(
            f"2.C.1 carbon balance is negative for {bad['region']} {int(bad['year'])}: carbon "
            f"out ({bad['c_out']:g} kt C) exceeds carbon in ({bad['c_in']:g} kt C)",
            "IPPU sheet, 2.C.1 'input:*' and 'output:*' rows",
            "inputs and outputs of the same plants and year (IPCC 2006 Vol.3 Ch.4 Eq. 4.9)")
    return [emission_rows(g, gas="CO2", value=kt, tier=g["tier"].to_numpy(),
                          method="iron_steel_co2_mass_balance",
                          equation="IPCC 2006 Vol.3 Ch.4 Eq. 4.9",
                          activity_value=np.where(g["steel"] > 0, g["steel"], np.nan),
                          activity_unit="kt", activity="mass_balance",
                          activity_ids=g["ids"].to_numpy(),
                          lookups=[grouped([cf], codes, len(g))])]


def _cf4_tier2(inp, sub, tier):
    """CF4 of Tier 2 rows: slope method (Eq. 4.26) where anode-effect minutes are given, else
    overvoltage method (Eq. 4.27). Yields (rows mask, CF4 [kt], method, equation, lookups)
    per method."""
    p = sub["value"].to_numpy(dtype=float)
    aem = inp.factor(sub, "anode_effect_minutes", "min/day", tier=tier, required=False)
    aeo = inp.factor(sub, "anode_effect_overvoltage", "mV", tier=tier, required=False)
    slope = aem.found
    over = ~slope & aeo.found
    if not (slope | over).all():
        bad = sub[~(slope | over)].iloc[0]
        raise MethodInputError(
            f"Tier 2 PFCs for {bad['activity']} in 2.C.3 ({bad['region']} "
            f"{int(bad['year'])}) need plant anode-effect data", bad.get("source_ref"),
            "a parameter 'anode_effect_minutes' [min/day per cell] (slope method, Eq. 4.26)"
            " or 'anode_effect_overvoltage' [mV] with 'current_efficiency' (overvoltage "
            "method, Eq. 4.27) in a national/provincial/plant layer")
    if slope.any():
        s = inp.factor(sub[slope], "slope_cf4", "t/t", tier=tier[slope])
        yield (slope, cf4_slope(p[slope], s.value, aem.value[slope]), "cf4_slope",
               "IPCC 2006 Vol.3 Ch.4 Eq. 4.26", [s, take(aem, slope)])
    if over.any():
        o = inp.factor(sub[over], "overvoltage_coefficient", "t/t/mV", tier=tier[over])
        ce = inp.factor(sub[over], "current_efficiency", "fraction", tier=tier[over])
        yield (over, cf4_overvoltage(p[over], o.value, aeo.value[over], ce.value),
               "cf4_overvoltage", "IPCC 2006 Vol.3 Ch.4 Eq. 4.27", [o, take(aeo, over), ce])


def _aluminium(inp, rows):
    mp = rows["value"].to_numpy(dtype=float)
    t_co2 = inp.tier_of(rows, "CO2")
    ef = inp.factor(rows, "EF_mass", "t/t", "CO2", tier=t_co2)
    frames = [emission_rows(rows, gas="CO2", value=aluminium_co2(mp, ef.value), tier=t_co2,
                            method="aluminium_co2", equation="IPCC 2006 Vol.3 Ch.4 Eq. 4.19",
                            activity_value=mp, activity_unit="kt", lookups=[ef])]
    for gas in ("CF4", "C2F6"):
        tier = inp.tier_of(rows, gas)
        t1 = tier == 1
        if t1.any():
            sub = rows[t1]
            e = inp.factor(sub, "EF_mass", "t/t", gas, tier=tier[t1])
            frames.append(emission_rows(
                sub, gas=gas, value=pfc_tier1(mp[t1], e.value), tier=tier[t1],
                method="pfc_tier1", equation="IPCC 2006 Vol.3 Ch.4 Eq. 4.25",
                activity_value=mp[t1], activity_unit="kt", lookups=[e]))
        if t1.all():
            continue
        sub, t = rows[~t1], tier[~t1]
        for m, cf4, method, eq, lookups in _cf4_tier2(inp, sub, t):
            rows_m, value = sub[m], cf4
            if gas == "C2F6":       # Eqs. 4.26/4.27 second line: C2F6 = CF4 x F(C2F6/CF4)
                ratio = inp.factor(rows_m, "c2f6_cf4_ratio", "fraction", tier=t[m])
                value, method, lookups = (c2f6_from_cf4(cf4, ratio.value), "c2f6_from_cf4",
                                          [*lookups, ratio])
            frames.append(emission_rows(
                rows_m, gas=gas, value=value, tier=t[m], method=method, equation=eq,
                activity_value=rows_m["value"].to_numpy(dtype=float), activity_unit="kt",
                lookups=lookups))
    return frames


def compute_metal(inp: MethodInput) -> pd.DataFrame:
    _reject_coke(inp.activity)
    frames, a, inf = begin(inp, "metal industry", "metal_production_emissions",
                           "IPCC 2006 Vol.3 Ch.4")
    cat = a["category"].astype(str).to_numpy()
    steel = cat == "2.C.1"
    mb = steel & a["activity"].str.contains(":").to_numpy()
    if (steel & ~mb).any():
        m = steel & ~mb
        frames += _steel_tier1(inp, a[m], inf[m])
    if mb.any():
        frames += _steel_tier2(inp, a[mb])
    alu = cat == "2.C.3"
    if alu.any():
        frames += _aluminium(inp, a[alu])
    for c in pd.unique(cat[~(steel | alu)]):
        m = cat == c
        table = _EQ_OTHER[c]
        frames += by_product(inp, a[m], inf[m], metal_production_emissions,
                             "metal_production_emissions",
                             lambda gas, tb=table: tb.get(gas, next(iter(tb.values()))))
    return schema.concat_emissions(frames)


_GASES = ("CO2", "CH4", "CF4", "C2F6", "SF6")
register(SourceMethod(
    name="metal_industry", sector="ippu", categories=("2.C",), gases=_GASES,
    tier_per_gas=True,
    tiers={
        1: TierSpec(
            1, "production by route/product x IPCC default (Tables 4.1, 4.5, 4.10, 4.15, 4.21, "
               "4.24); PFCs by cell technology",
            factors={"EF_mass": "default"},
            requires=tuple(Need("EF_mass", g, yields(g, 1), "t/t") for g in _GASES)),
        2: TierSpec(
            2, "iron and steel carbon mass balance (Eq. 4.9, Table 4.3); aluminium PFCs by slope "
               "(Eq. 4.26) or overvoltage (Eq. 4.27) with plant anode-effect data; "
               "country-specific factors for the other metals and aluminium CO2",
            factors={"EF_mass": "country", "carbon_fraction": "any",
                     "anode_effect_minutes": "country", "anode_effect_overvoltage": "country",
                     "current_efficiency": "country", "slope_cf4": "any",
                     "overvoltage_coefficient": "any", "c2f6_cf4_ratio": "any"},
            requires=(Need("carbon_fraction", when=when("input:", "output:"), unit="fraction"),
                      *(Need("EF_mass", g, yields(g, 2, skip=("2.C.1",)), "t/t")
                        for g in ("CO2", "CH4", "SF6")))),
    },
    compute=compute_metal, doc=__doc__ or ""))
