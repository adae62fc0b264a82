"""Incineration and open burning of waste 4.C: fossil CO2, CH4 and N2O; biogenic CO2 as memo.

IPCC 2006 Vol.5 Ch.5. Activity: ``<waste type>:<technology>`` [kt wet waste] in 4.C.1
(incineration technologies of Table 5.3) or 4.C.2 (``open_burning``).

* CO2 (Eq. 5.1, and Eq. 5.2 for MSW by composition): SW x dm x CF x FCF x OF x 44/12, with dry
  matter dm, carbon content CF (dry basis) and fossil carbon fraction FCF per waste type (Table 2.4
  for MSW components, Table 5.2 for the others) and oxidation factor OF (1 incineration,
  0.58 open burning). Bulk ``msw`` is split into components with the ``msw_fraction``
  parameters of its category (they must add up to 1). The non-fossil part,
  SW x dm x CF x (1 - FCF) x OF x 44/12, is biogenic CO2: a memo row, not in the totals.
* CH4 (Eq. 5.4): SW x EF by technology (Table 5.3; open burning Sect. 5.4.2).
* N2O (Eq. 5.5): SW x EF by waste type (Table 5.6), wet basis, or dry basis x dm.

MSW components (paper, food ...) given as their own rows take the MSW CH4/N2O factors.
Tier 2: country-specific values where given (national/provincial/plant layers), defaults
elsewhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.methods import MethodInput, SourceMethod, TierSpec, register
from sectors.waste.common import (
    C_TO_CO2,
    check_fractions,
    emission_frame,
    ensure_known,
    finish,
    incineration_technologies,
    join_ids,
    keyed_frame,
    lookup_param,
    split_activity,
    waste_types,
)

__all__ = ["incineration_co2", "incineration_ch4", "incineration_n2o",
           "compute_incineration"]

EQ_CO2 = "IPCC 2006 Vol.5 Ch.5 Eq. 5.1"
EQ_CO2_MSW = "IPCC 2006 Vol.5 Ch.5 Eq. 5.2"
EQ_CH4 = "IPCC 2006 Vol.5 Ch.5 Eq. 5.4"
EQ_N2O = "IPCC 2006 Vol.5 Ch.5 Eq. 5.5"


def incineration_co2(waste, dry_matter, carbon_fraction, fossil_carbon_fraction,
                     oxidation_factor):
    """Fossil CO2 from incineration or open burning of one waste type.

    Parameters
    ----------
    waste : array-like [kt wet waste]  SW
    dry_matter : array-like [fraction of wet weight]  dm
    carbon_fraction : array-like [fraction of dry matter]  CF, total carbon content
    fossil_carbon_fraction : array-like [fraction of total carbon]  FCF
    oxidation_factor : array-like [fraction]  OF

    Returns
    -------
    array-like [kt CO2]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.5 Eq. 5.1: CO2 = sum_i (SW_i x dm_i x CF_i x FCF_i x OF_i) x 44/12;
    for MSW by composition Eq. 5.2 sums the same product over the components (weights WF_j).
    Biogenic CO2 is the same product with (1 - FCF).
    """
    return (np.asarray(waste, dtype=float) * np.asarray(dry_matter, dtype=float)
            * np.asarray(carbon_fraction, dtype=float)
            * np.asarray(fossil_carbon_fraction, dtype=float)
            * np.asarray(oxidation_factor, dtype=float) * C_TO_CO2)


def incineration_ch4(waste, emission_factor):
    """CH4 from incineration or open burning.

    Parameters
    ----------
    waste : array-like [kt wet waste]
    emission_factor : array-like [g CH4 per t wet waste]

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.5 Eq. 5.4: CH4 = sum_i (IW_i x EF_i) x 10^-6 [Gg, IW in Gg, EF in
    kg/Gg]; here EF in g/t (= kg/kt) and waste in kt, so x 10^-6 gives kt.
    """
    return np.asarray(waste, dtype=float) * np.asarray(emission_factor, dtype=float) * 1e-6


def incineration_n2o(waste, emission_factor):
    """N2O from incineration or open burning.

    Parameters
    ----------
    waste : array-like [kt waste] (wet, or dry when the factor is on a dry basis)
    emission_factor : array-like [g N2O per t waste]

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.5 Eq. 5.5: N2O = sum_i (IW_i x EF_i) x 10^-6 [Gg].
    """
    return np.asarray(waste, dtype=float) * np.asarray(emission_factor, dtype=float) * 1e-6


def _carbon_parameters(inp, q, tier):
    """dm, CF, FCF lookups for the query rows (activity = waste type / component)."""
    dm = lookup_param(inp.factors, q, "dry_matter", "fraction", tier=tier)
    cf = lookup_param(inp.factors, q, "carbon_content", "fraction", tier=tier)
    fcf = lookup_param(inp.factors, q, "fossil_carbon_fraction", "fraction", tier=tier)
    return dm, cf, fcf


def _first_found(inp, q_list, parameter, unit, gas, tier):
    """Lookup trying each query frame in turn (most specific activity first)."""
    res = None
    for q in q_list:
        r = inp.factors.lookup(q, parameter, unit, gas,
                               ("ipcc_default",) if (tier < 2).all() else
                               ("ipcc_default", "national", "provincial", "plant"))
        if res is None:
            res = r
            continue
        miss = ~res.found & r.found
        for f in ("value", "lower", "upper", "parameter_id", "layer", "source", "found"):
            getattr(res, f)[miss] = getattr(r, f)[miss]
    return res


def compute_incineration(inp: MethodInput) -> pd.DataFrame:
    act = inp.activity
    wt, tech = waste_types(), incineration_technologies()
    waste, technology = split_activity(act["activity"])
    ensure_known(act, ~pd.Series(waste).isin(wt.index).to_numpy(), "unknown waste type in",
                 "<waste type>:<technology> with a waste type of sectors/waste/data/"
                 "waste_types.csv")
    t_cat = pd.Series(technology).map(tech["category"]).to_numpy()
    ensure_known(act, pd.isna(t_cat), "unknown technology in",
                 f"<waste type>:<technology> with a technology of {list(tech.index)}")
    ensure_known(act, t_cat != act["category"].to_numpy(), "technology of another category in",
                 "incineration technologies in 4.C.1, open_burning in 4.C.2")
    frames = []
    keyed = act["value"].isna().to_numpy()
    if keyed.any():
        frames.append(keyed_frame(act[keyed], ("CO2", "CH4", "N2O"), tier=inp.tier[keyed],
                                  method="incineration_co2", equation=EQ_CO2,
                                  activity_unit="kt", ief_unit="t/t"))
    rows = act[~keyed].reset_index(drop=True)
    if rows.empty:
        return finish(frames)
    ensure_known(rows, rows["unit"].to_numpy() != "kt", "waste not in mass units for",
                 "a mass of wet waste (t, kt ...)")
    tier = inp.tier[~keyed]
    w_ = waste[~keyed]
    t_ = technology[~keyed]
    sw = rows["value"].to_numpy(dtype=float)
    n = len(rows)

    # ---- CO2: components of MSW (composition) or the waste type itself
    comps = [c for c in wt.index if wt.loc[c, "msw_component"] == "yes"]
    is_msw = w_ == "msw"
    fossil = np.zeros(n)
    bio = np.zeros(n)
    ids = np.full(n, "", dtype=object)
    layer = np.full(n, "ipcc_default", dtype=object)
    source = np.full(n, "", dtype=object)
    msw_dm = np.full(n, np.nan)        # dry matter of bulk MSW from its composition
    if is_msw.any():
        base = rows[is_msw]
        q = pd.concat([base.assign(activity=c) for c in comps], ignore_index=True)
        frac = inp.factors.lookup(q, "msw_fraction", "fraction")
        ensure_known(base, ~frac.found.reshape(len(comps), -1).any(axis=0),
                     "no MSW composition (msw_fraction parameters) for",
                     "msw_fraction rows of the MSW components for this category, region and "
                     "year, adding up to 1")
        refs = inp.factors.table.set_index("parameter_id")["source_ref"]
        fv = np.where(frac.found, frac.value, 0.0)
        check_fractions(q.assign(value=fv, source_ref=pd.Series(frac.parameter_id).map(refs)
                                 .to_numpy())[frac.found],
                        ["region", "category", "year"], "MSW composition fractions",
                        "msw_fraction values of one region/category/year adding up to 1")
        t_rep = np.tile(tier[is_msw], len(comps))
        dm, cf, fcf = _carbon_parameters(inp, q, t_rep)
        of = lookup_param(inp.factors, q, "OF", "fraction", tier=t_rep)
        sw_c = np.tile(sw[is_msw], len(comps)) * fv
        f_c = incineration_co2(sw_c, dm.value, cf.value, fcf.value, of.value)
        b_c = incineration_co2(sw_c, dm.value, cf.value, 1.0 - fcf.value, of.value)
        k = len(base)
        msw_dm[is_msw] = (fv * dm.value).reshape(len(comps), k).sum(axis=0)
        fossil[is_msw] = f_c.reshape(len(comps), k).sum(axis=0)
        bio[is_msw] = b_c.reshape(len(comps), k).sum(axis=0)
        allids = np.array(join_ids(frac.parameter_id, dm.parameter_id, cf.parameter_id,
                                   fcf.parameter_id, of.parameter_id), dtype=object)
        ids[is_msw] = [";".join(dict.fromkeys(";".join(col).split(";")))
                       for col in allids.reshape(len(comps), k).T.tolist()]
        source[is_msw] = "IPCC 2006 Vol.5 Ch.2 Table 2.4; Ch.5 Table 5.2"
        nat = (pd.Series(frac.layer).isin(["national", "provincial", "plant"])
               .to_numpy().reshape(len(comps), k).any(axis=0))
        layer[is_msw] = np.where(nat, "national", "ipcc_default")
    other = ~is_msw
    if other.any():
        q = rows[other].assign(activity=w_[other])
        dm, cf, fcf = _carbon_parameters(inp, q, tier[other])
        of = lookup_param(inp.factors, q, "OF", "fraction", tier=tier[other])
        fossil[other] = incineration_co2(sw[other], dm.value, cf.value, fcf.value, of.value)
        bio[other] = incineration_co2(sw[other], dm.value, cf.value, 1.0 - fcf.value,
                                      of.value)
        ids[other] = join_ids(dm.parameter_id, cf.parameter_id, fcf.parameter_id,
                              of.parameter_id)
        layer[other] = cf.layer
        source[other] = ["; ".join(dict.fromkeys(s)) for s in zip(dm.source, cf.source,
                                                                   fcf.source, strict=True)]
    eq = np.where(is_msw, EQ_CO2_MSW, EQ_CO2)
    common = dict(tier=tier, activity_value=sw, activity_unit="kt", ief_unit="t/t",
                  ief_scale=1.0, activity_ids=rows["activity_id"].to_numpy())
    co2 = emission_frame(rows, "CO2", fossil, method="incineration_co2", equation="",
                         factor_layer=layer, factor_source=source, parameter_ids=ids, **common)
    co2["equation"] = eq
    bco2 = emission_frame(rows, "CO2", bio, method="incineration_co2", equation="",
                          factor_layer=layer, factor_source=source, parameter_ids=ids,
                          memo=True, **common)
    bco2["equation"] = eq
    frames += [co2, bco2]

    # ---- CH4 by technology, N2O by waste type (MSW components take the MSW factors)
    group = np.where(pd.Series(w_).map(wt["msw_component"]).to_numpy() == "yes", "msw", w_)
    q_tech = rows.assign(activity=t_)
    ch4_ef = _first_found(inp, [q_tech], "EF", "g/t", "CH4", tier)
    ensure_known(rows, ~ch4_ef.found, "no CH4 emission factor for",
                 "a CH4 EF (parameter EF, gas CH4) for the technology (Table 5.3) or a "
                 "national one")
    frames.append(emission_frame(
        rows, "CH4", incineration_ch4(sw, ch4_ef.value), method="incineration_ch4",
        equation=EQ_CH4, factor_layer=ch4_ef.layer, factor_source=ch4_ef.source,
        parameter_ids=ch4_ef.parameter_id, **{**common, "ief_unit": "g/t",
                                              "ief_scale": 1e6}))
    q_full = rows.assign(activity=[f"{g}:{t}" for g, t in zip(group, t_, strict=True)])
    q_waste = rows.assign(activity=group)
    wet = _first_found(inp, [q_full, q_waste], "EF", "g/t", "N2O", tier)
    dry = _first_found(inp, [q_full, q_waste], "EF_dry", "g/t", "N2O", tier)
    use_dry = ~wet.found & dry.found
    ensure_known(rows, ~wet.found & ~dry.found, "no N2O emission factor for",
                 "an N2O EF (parameter EF or EF_dry, gas N2O) for the waste type (Table 5.6) "
                 "or a national one")
    n2o_ids = np.asarray(wet.parameter_id, dtype=object).copy()
    mass = sw.copy()
    dry_msw = use_dry & is_msw
    mass[dry_msw] = sw[dry_msw] * msw_dm[dry_msw]
    n2o_ids[dry_msw] = join_ids(dry.parameter_id[dry_msw], ids[dry_msw])
    dry_other = use_dry & ~is_msw
    if dry_other.any():
        dmq = rows[dry_other].assign(activity=w_[dry_other])
        dm = lookup_param(inp.factors, dmq, "dry_matter", "fraction", tier=tier[dry_other])
        mass[dry_other] = sw[dry_other] * dm.value
        n2o_ids[dry_other] = join_ids(dry.parameter_id[dry_other], dm.parameter_id)
    ef = np.where(use_dry, dry.value, wet.value)
    frames.append(emission_frame(
        rows, "N2O", incineration_n2o(mass, ef), method="incineration_n2o", equation=EQ_N2O,
        factor_layer=np.where(use_dry, dry.layer, wet.layer),
        factor_source=np.where(use_dry, dry.source, wet.source), parameter_ids=n2o_ids,
        **{**common, "ief_unit": "g/t", "ief_scale": 1e6}))
    return finish(frames)


register(SourceMethod(
    name="incineration",
    sector="waste",
    categories=("4.C",),
    gases=("CO2", "CH4", "N2O"),
    tiers={
        1: TierSpec(1, "IPCC defaults (Vol.5 Ch.2 Table 2.4, Ch.5 Tables 5.2, 5.3, 5.6)",
                    ("dry_matter", "carbon_content", "fossil_carbon_fraction", "OF", "EF"),
                    ("ipcc_default",)),
        2: TierSpec(2, "country-specific waste composition, carbon contents and factors where "
                       "given, defaults elsewhere",
                    ("dry_matter", "carbon_content", "fossil_carbon_fraction", "OF", "EF"),
                    ("national", "provincial", "plant", "ipcc_default")),
    },
    compute=compute_incineration,
    doc=__doc__ or "",
))
