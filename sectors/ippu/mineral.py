"""Mineral industry 2.A: cement, lime, glass and other process uses of carbonates (CO2).

IPCC 2006 Vol.3 Ch.2 (the 2019 Refinement did not change these methods or defaults):

* Cement 2.A.1. Tier 1 (Eq. 2.1): clinker estimated from cement production x clinker fraction,
  corrected for clinker trade, x 0.52 t CO2/t clinker (which includes the default 2 % CKD
  correction). Tier 2 (Eq. 2.2): clinker production x EF_clinker x CF_ckd, EF_clinker from the
  clinker's CaO content (Eq. 2.4, default 65 % CaO -> 0.51), CF_ckd default 1.02. Tier 3
  (Eq. 2.3): carbonate feed x carbonate EF x fraction calcined, minus the uncalcined carbonate of
  cement kiln dust lost to the system.
* Lime 2.A.2. Tier 1 (Eq. 2.8): lime x 0.753 (85 % high-calcium, 15 % dolomitic). Tier 2
  (Eq. 2.9): by lime type x Table 2.4 factor x LKD correction x hydrated-lime correction.
  Tier 3 (Eq. 2.10): carbonates calcined.
* Glass 2.A.3. Tier 1 (Eq. 2.11): glass x 0.20 x (1 - cullet ratio). Tiers 2-3 (Eqs. 2.12,
  2.13): carbonates melted.
* Other process uses of carbonates 2.A.4 (ceramics, other soda ash use, non-metallurgical
  magnesia, other) and 2.A.5: carbonates consumed x Table 2.1 factor x fraction calcined
  (Eq. 2.15); a carbonate of unknown species takes the Tier 1 limestone/dolomite mix (Eq. 2.14).

Factor roles (which layers each tier may take a parameter from, declared in the TierSpecs below):
Tier 1 takes the IPCC default emission factors (0.52, 0.753, 0.20, Table 2.1) and the country's
clinker fraction, cullet ratio and calcination fraction where given (national data, default
otherwise); Tiers 2-3 take the carbonate and lime-type factors (Tables 2.1, 2.4), CaO content and
the CKD/LKD and hydrated-lime corrections from any layer (the IPCC Tier 2 mixes country data and
defaults) and the CKD composition of Tier 3 from country or plant data only. Every row records
the most specific layer it used. Activity ids: sectors/ippu/data/activities.csv.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError
from inventory.lookups import choose
from inventory.methods import (
    MethodInput,
    Need,
    SourceMethod,
    TierSpec,
    emission_rows,
    join_ids,
    register,
)
from sectors.ippu.common import begin, tier_groups, when

__all__ = ["CO2_PER_CAO", "cement_co2_from_cement", "cement_co2_from_clinker",
           "clinker_emission_factor", "carbonate_co2", "ckd_uncalcined_co2", "lime_co2",
           "hydrated_lime_correction", "glass_co2", "compute_mineral"]

CO2_PER_CAO = 0.785   # t CO2 / t CaO, IPCC 2006 Vol.3 Ch.2 Eq. 2.4 (44.01 / 56.08)

EQ = {
    ("2.A.1", 1): "IPCC 2006 Vol.3 Ch.2 Eq. 2.1", ("2.A.1", 2): "IPCC 2006 Vol.3 Ch.2 Eq. 2.2",
    ("2.A.1", 3): "IPCC 2006 Vol.3 Ch.2 Eq. 2.3",
    ("2.A.2", 1): "IPCC 2006 Vol.3 Ch.2 Eq. 2.8", ("2.A.2", 2): "IPCC 2006 Vol.3 Ch.2 Eq. 2.9",
    ("2.A.2", 3): "IPCC 2006 Vol.3 Ch.2 Eq. 2.10",
    ("2.A.3", 1): "IPCC 2006 Vol.3 Ch.2 Eq. 2.11", ("2.A.3", 2): "IPCC 2006 Vol.3 Ch.2 Eq. 2.12",
    ("2.A.3", 3): "IPCC 2006 Vol.3 Ch.2 Eq. 2.13",
    ("2.A.4", 1): "IPCC 2006 Vol.3 Ch.2 Eq. 2.14", ("2.A.4", 2): "IPCC 2006 Vol.3 Ch.2 Eq. 2.15",
    ("2.A.4", 3): "IPCC 2006 Vol.3 Ch.2 Eq. 2.15",
}


def _eq(category: str, tier: int) -> str:
    group = category[:5] if category.startswith(("2.A.1", "2.A.2", "2.A.3")) else "2.A.4"
    return EQ[(group, int(tier))]


# ---------------------------------------------------------------- equations
def cement_co2_from_cement(cement, clinker_fraction, clinker_import, clinker_export,
                           ef_clinker):
    """CO2 from cement production estimated from cement output (Tier 1).

    Parameters
    ----------
    cement : array-like [kt cement]
    clinker_fraction : array-like [fraction] clinker in cement
    clinker_import : array-like [kt clinker] imported for consumption
    clinker_export : array-like [kt clinker] exported
    ef_clinker : array-like [t CO2 t-1 clinker] (default 0.52, CKD correction included)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.2 Eq. 2.1: CO2 = [sum(M_ci x C_cli) - Im + Ex] x EF_clc.
    """
    clinker = (np.asarray(cement, dtype=float) * np.asarray(clinker_fraction, dtype=float)
               - np.asarray(clinker_import, dtype=float) + np.asarray(clinker_export, dtype=float))
    return clinker * np.asarray(ef_clinker, dtype=float)


def cement_co2_from_clinker(clinker, ef_clinker, ckd_correction):
    """CO2 from clinker production (Tier 2).

    Parameters
    ----------
    clinker : array-like [kt clinker]
    ef_clinker : array-like [t CO2 t-1 clinker], uncorrected for CKD
    ckd_correction : array-like [fraction >= 1] CF_ckd (default 1.02)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.2 Eq. 2.2: CO2 = M_cl x EF_cl x CF_ckd.
    """
    return (np.asarray(clinker, dtype=float) * np.asarray(ef_clinker, dtype=float)
            * np.asarray(ckd_correction, dtype=float))


def clinker_emission_factor(cao_fraction):
    """Clinker emission factor from the CaO content of clinker.

    Parameters
    ----------
    cao_fraction : array-like [fraction] CaO in clinker (default 0.65)

    Returns
    -------
    array-like [t CO2 t-1 clinker]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.2 Eq. 2.4: EF_cl = CaO content x 0.785 (molecular weight ratio CO2/CaO);
    0.65 x 0.785 = 0.51.
    """
    return np.asarray(cao_fraction, dtype=float) * CO2_PER_CAO


def carbonate_co2(mass, ef_carbonate, fraction_calcined):
    """CO2 released by calcining carbonates.

    Parameters
    ----------
    mass : array-like [kt carbonate] consumed
    ef_carbonate : array-like [t CO2 t-1 carbonate] (Table 2.1)
    fraction_calcined : array-like [fraction] (1 where unknown)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.2 Eq. 2.3 (first term, cement Tier 3); the same form is Eq. 2.10 (lime
    Tier 3), Eqs. 2.12/2.13 (glass) and Eqs. 2.14/2.15 (other process uses of carbonates).
    """
    return (np.asarray(mass, dtype=float) * np.asarray(ef_carbonate, dtype=float)
            * np.asarray(fraction_calcined, dtype=float))


def ckd_uncalcined_co2(ckd_mass, carbonate_fraction, fraction_calcined, ef_carbonate):
    """CO2 in the uncalcined carbonate of cement kiln dust lost to the system (to subtract).

    Parameters
    ----------
    ckd_mass : array-like [kt CKD] not recycled to the kiln
    carbonate_fraction : array-like [fraction] original carbonate in the CKD
    fraction_calcined : array-like [fraction] calcination achieved for the CKD
    ef_carbonate : array-like [t CO2 t-1 carbonate] (calcite 0.43971)

    Returns
    -------
    array-like [kt CO2], a positive amount that Eq. 2.3 subtracts

    Notes
    -----
    IPCC 2006 Vol.3 Ch.2 Eq. 2.3 (second term): M_d x C_d x (1 - F_d) x EF_d.
    """
    return (np.asarray(ckd_mass, dtype=float) * np.asarray(carbonate_fraction, dtype=float)
            * (1.0 - np.asarray(fraction_calcined, dtype=float))
            * np.asarray(ef_carbonate, dtype=float))


def hydrated_lime_correction(hydrated_share, water_content):
    """Correction for hydrated lime in lime production, C_h = 1 - x y.

    Parameters
    ----------
    hydrated_share : array-like [fraction] x, share of hydrated lime (default 0.10)
    water_content : array-like [fraction] y, water in hydrated lime (default 0.28)

    Returns
    -------
    array-like [fraction]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.2 Eq. 2.9 (term C_h,i, Sect. 2.3.1.2): defaults give 1 - 0.1 x 0.28 =
    0.972.
    """
    return 1.0 - np.asarray(hydrated_share, dtype=float) * np.asarray(water_content, dtype=float)


def lime_co2(lime, ef_lime, lkd_correction=1.0, hydrated_correction=1.0):
    """CO2 from lime production.

    Parameters
    ----------
    lime : array-like [kt lime] of one type (Tier 2) or all lime (Tier 1)
    ef_lime : array-like [t CO2 t-1 lime] (Table 2.4; Tier 1 mix 0.753)
    lkd_correction : array-like [fraction >= 1] CF_lkd (Tier 2, default 1.02)
    hydrated_correction : array-like [fraction] C_h (Tier 2)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.2 Eq. 2.9 (Tier 2: EF_lime,i x M_l,i x CF_lkd,i x C_h,i); Tier 1
    (Eq. 2.8) is the same with both corrections 1.
    """
    return (np.asarray(lime, dtype=float) * np.asarray(ef_lime, dtype=float)
            * np.asarray(lkd_correction, dtype=float)
            * np.asarray(hydrated_correction, dtype=float))


def glass_co2(glass, ef_glass, cullet_ratio):
    """CO2 from glass production (Tier 1).

    Parameters
    ----------
    glass : array-like [kt glass] melted
    ef_glass : array-like [t CO2 t-1 glass] (default 0.20)
    cullet_ratio : array-like [fraction] recycled glass in the furnace charge (default 0.50)

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.3 Ch.2 Eq. 2.11: CO2 = M_g x EF x (1 - CR).
    """
    return (np.asarray(glass, dtype=float) * np.asarray(ef_glass, dtype=float)
            * (1.0 - np.asarray(cullet_ratio, dtype=float)))


# ---------------------------------------------------------------- compute
def _co2_rows(rows, kt, tier, method, av, lookups, activity_ids=None):
    return emission_rows(
        rows, gas="CO2", value=kt, tier=tier, method=method,
        equation=[_eq(c, t) for c, t in zip(rows["category"], tier, strict=True)],
        activity_value=av, activity_unit="kt", lookups=lookups, activity_ids=activity_ids)


def _carbonates(inp, rows, tier):
    ef = inp.factor(rows, "EF_mass", "t/t", "CO2", tier=tier)
    frac = inp.factor(rows, "calcination_fraction", "fraction", tier=tier)
    kt = carbonate_co2(rows["value"], ef.value, frac.value)
    return _co2_rows(rows, kt, tier, "carbonate_co2", rows["value"].to_numpy(float),
                     [ef, frac])


def _ckd(inp, rows, tier):
    cd = inp.factor(rows, "ckd_carbonate_fraction", "fraction", tier=tier)
    fd = inp.factor(rows, "ckd_calcination_fraction", "fraction", tier=tier)
    ef = inp.factor(rows, "EF_mass", "t/t", "CO2", tier=tier, activity="carbonate:calcite")
    kt = -ckd_uncalcined_co2(rows["value"], cd.value, fd.value, ef.value)
    return _co2_rows(rows, kt, tier, "ckd_uncalcined_co2", rows["value"].to_numpy(float),
                     [cd, fd, ef])


def _cement_tier1(inp, rows, tier):
    """Eq. 2.1 over the rows of one tier-1 block: cement with clinker trade corrections."""
    keys = ["region", "year", "category"]
    is_main = (rows["activity"] == "cement").to_numpy()
    main, adj, tier = rows[is_main], rows[~is_main], tier[is_main]
    if len(adj):
        orphan = ~adj.set_index(keys).index.isin(main.set_index(keys).index)
        if orphan.any():
            bad = adj[orphan].iloc[0]
            raise InputError(f"'{bad['activity']}' given without a 'cement' row for "
                             f"{bad['region']} {int(bad['year'])}", bad.get("source_ref"),
                             "Tier 1 cement production (activity 'cement') in the same region "
                             "and year")
    wide = adj.pivot_table(index=keys, columns="activity", values="value", aggfunc="sum")
    ids = adj.groupby(keys)["activity_id"].agg(";".join)
    idx = pd.MultiIndex.from_frame(main[keys])
    imp = wide.get("clinker_import", pd.Series(dtype=float)).reindex(idx).fillna(0).to_numpy()
    exp = wide.get("clinker_export", pd.Series(dtype=float)).reindex(idx).fillna(0).to_numpy()
    cf = inp.factor(main, "clinker_fraction", "fraction", tier=tier)
    ef = inp.factor(main, "EF_mass", "t/t", "CO2", tier=tier)
    kt = cement_co2_from_cement(main["value"], cf.value, imp, exp, ef.value)
    clinker = main["value"].to_numpy(float) * cf.value - imp + exp
    if (clinker < 0).any():
        bad = main[clinker < 0].iloc[0]
        raise InputError("clinker imports exceed the clinker content of cement produced",
                         bad.get("source_ref"), "clinker imports <= cement x clinker fraction")
    act_ids = join_ids(main["activity_id"].to_numpy(), ids.reindex(idx).fillna("").to_numpy())
    return _co2_rows(main, kt, tier, "cement_co2_from_cement", clinker, [ef, cf],
                     activity_ids=act_ids)


def _cement_tier2(inp, rows, tier):
    """Eq. 2.2: a country-specific clinker factor where given, else Eq. 2.4 from CaO content."""
    cs = inp.factor(rows, "EF_mass", "t/t", "CO2", tier=tier, required=False)
    cao = inp.factor(rows, "cao_content", "fraction", tier=tier)
    ef = choose(cs.found, cs, cao)
    ef_value = np.where(cs.found, cs.value, clinker_emission_factor(cao.value))
    ckd = inp.factor(rows, "CF_ckd", "fraction", tier=tier)
    kt = cement_co2_from_clinker(rows["value"], ef_value, ckd.value)
    return _co2_rows(rows, kt, tier, "cement_co2_from_clinker",
                     rows["value"].to_numpy(float), [ef, ckd])


def _lime(inp, rows, tier):
    """Eq. 2.8 (Tier 1, 'lime') and Eq. 2.9 (Tier 2, 'lime:<type>' with LKD and hydrated-lime
    corrections)."""
    frames = []
    for t2, sub, t in tier_groups(rows, tier):
        ef = inp.factor(sub, "EF_mass", "t/t", "CO2", tier=t)
        lookups = [ef]
        cf = ch = 1.0
        if t2:
            lkd = inp.factor(sub, "CF_lkd", "fraction", tier=t)
            x = inp.factor(sub, "hydrated_lime_fraction", "fraction", tier=t)
            y = inp.factor(sub, "hydrated_lime_water", "fraction", tier=t)
            cf, ch = lkd.value, hydrated_lime_correction(x.value, y.value)
            lookups += [lkd, x, y]
        kt = lime_co2(sub["value"], ef.value, cf, ch)
        frames.append(_co2_rows(sub, kt, t, "lime_co2", sub["value"].to_numpy(float),
                                lookups))
    return schema.concat_emissions(frames)


def _glass(inp, rows, tier):
    ef = inp.factor(rows, "EF_mass", "t/t", "CO2", tier=tier)
    cr = inp.factor(rows, "cullet_ratio", "fraction", tier=tier)
    kt = glass_co2(rows["value"], ef.value, cr.value)
    return _co2_rows(rows, kt, tier, "glass_co2", rows["value"].to_numpy(float), [ef, cr])


def compute_mineral(inp: MethodInput) -> pd.DataFrame:
    frames, a, _ = begin(inp, "mineral industry", "carbonate_co2", lambda k: [
        _eq(c, t) for c, t in zip(k["category"], inp.tier_of(k), strict=True)])
    t = inp.tier_of(a)
    kind = a["activity"].astype(str)
    cat = a["category"].astype(str)
    routes = (
        (kind.str.startswith("carbonate:"), _carbonates),
        (kind == "ckd_not_recycled", _ckd),
        (cat.eq("2.A.1") & kind.isin(["cement", "clinker_import", "clinker_export"]),
         _cement_tier1),
        (cat.eq("2.A.1") & kind.eq("clinker"), _cement_tier2),
        (cat.eq("2.A.2") & kind.str.startswith("lime"), _lime),
        (cat.eq("2.A.3") & kind.eq("glass"), _glass),
    )
    for mask, fn in routes:
        m = mask.to_numpy()
        if m.any():
            frames.append(fn(inp, a[m], t[m]))
    return schema.concat_emissions(frames)


_CARBONATES = when("carbonate:")
register(SourceMethod(
    name="mineral_industry", sector="ippu", categories=("2.A",), gases=("CO2",),
    tiers={
        1: TierSpec(
            1, "cement from cement output x clinker fraction (Eq. 2.1); lime x 0.753 (Eq. 2.8); "
               "glass x 0.20 x (1 - cullet) (Eq. 2.11); carbonates x Table 2.1 (Eqs. 2.14-2.15)",
            factors={"EF_mass": "default", "clinker_fraction": "any", "cullet_ratio": "any",
                     "calcination_fraction": "any"},
            requires=(Need("EF_mass", "CO2", when("carbonate:", exact=("cement", "lime",
                                                                         "glass")), "t/t"),
                      Need("clinker_fraction", when=when(exact=("cement",)), unit="fraction"),
                      Need("cullet_ratio", when=when(exact=("glass",)), unit="fraction"),
                      Need("calcination_fraction", when=_CARBONATES, unit="fraction"))),
        2: TierSpec(
            2, "clinker x EF_clinker(CaO) x CF_ckd (Eq. 2.2); lime by type with LKD and "
               "hydrated-lime corrections (Eq. 2.9); glass carbonates (Eq. 2.12)",
            factors={"EF_mass": "any", "cao_content": "any", "CF_ckd": "any", "CF_lkd": "any",
                     "hydrated_lime_fraction": "any", "hydrated_lime_water": "any",
                     "calcination_fraction": "any"},
            requires=(Need("EF_mass", "CO2", when("carbonate:", "lime:"), "t/t"),
                      Need("CF_ckd", when=when(exact=("clinker",)), unit="fraction"),
                      *(Need(p, when=when("lime:"), unit="fraction")
                        for p in ("CF_lkd", "hydrated_lime_fraction", "hydrated_lime_water")),
                      Need("calcination_fraction", when=_CARBONATES, unit="fraction"))),
        3: TierSpec(
            3, "carbonate feed x Table 2.1 x fraction calcined, minus uncalcined CKD "
               "(Eqs. 2.3, 2.10, 2.13, 2.15)",
            factors={"EF_mass": "any", "calcination_fraction": "any",
                     "ckd_carbonate_fraction": "country", "ckd_calcination_fraction": "country"},
            requires=(Need("EF_mass", "CO2", _CARBONATES, "t/t"),
                      Need("calcination_fraction", when=_CARBONATES, unit="fraction"),
                      *(Need(p, when=when(exact=("ckd_not_recycled",)), unit="fraction")
                        for p in ("ckd_carbonate_fraction", "ckd_calcination_fraction")))),
    },
    compute=compute_mineral, doc=__doc__ or ""))
