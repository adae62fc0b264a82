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

The gases are computed independently, so their tiers may differ (``tiers: {4.C: {CO2: 2,
"*": 1}}``). CO2 Tier 1: IPCC defaults for dry matter, carbon content, fossil carbon fraction and
oxidation factor; Tier 2 (2a/2b): country-specific values where given, defaults elsewhere. CH4
and N2O Tier 1: the default factors; Tier 2: country-specific factors required. The MSW
composition is country data at every tier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.lookups import first_found, fold, place, take
from inventory.methods import (
    MethodInput,
    Need,
    SourceMethod,
    TierSpec,
    emission_rows,
    keyed_rows,
    register,
)
from inventory.schema import concat_emissions
from sectors.waste.common import (
    C_TO_CO2,
    check_fractions,
    ensure_known,
    incineration_technologies,
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


def _msw_composition(inp: MethodInput, base: pd.DataFrame, comps: list[str],
                     tier: np.ndarray):
    """The ``msw_fraction`` of every MSW component for the bulk-MSW rows ``base`` (checked to
    add up to 1): (query rows component-major, fractions, lookup)."""
    q = pd.concat([base.assign(activity=c) for c in comps], ignore_index=True)
    frac = inp.factor(q, "msw_fraction", "fraction", tier=np.tile(tier, len(comps)),
                      required=False)
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
    return q, fv, frac


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
    k = act[keyed]
    for gas, method, eq in (("CO2", "incineration_co2", EQ_CO2),
                            ("CH4", "incineration_ch4", EQ_CH4),
                            ("N2O", "incineration_n2o", EQ_N2O)):
        if len(k):
            frames.append(keyed_rows(k, (gas,), tier=inp.tier_of(k, gas), method=method,
                                     equation=eq))
    rows = act[~keyed].reset_index(drop=True)
    if rows.empty:
        return concat_emissions(frames)
    ensure_known(rows, rows["unit"].to_numpy() != "kt", "waste not in mass units for",
                 "a mass of wet waste (t, kt ...)")
    t_co2, t_ch4, t_n2o = (inp.tier_of(rows, g) for g in ("CO2", "CH4", "N2O"))
    w_ = waste[~keyed]
    t_ = technology[~keyed]
    sw = rows["value"].to_numpy(dtype=float)
    n = len(rows)
    common = dict(activity_value=sw, activity_unit="kt")

    # ---- CO2: components of MSW (composition) or the waste type itself
    comps = [c for c in wt.index if wt.loc[c, "msw_component"] == "yes"]
    is_msw = w_ == "msw"
    fossil = np.zeros(n)
    bio = np.zeros(n)
    msw_q = msw_fv = msw_frac = None
    co2_used = []                      # (lookup, row of `rows` it serves)
    if is_msw.any():
        pos = np.flatnonzero(is_msw)
        owner = np.tile(pos, len(comps))
        msw_q, msw_fv, msw_frac = _msw_composition(inp, rows.iloc[pos], comps, t_co2[pos])
        t_rep = np.tile(t_co2[pos], len(comps))
        dm, cf, fcf, of = (inp.factor(msw_q, p, "fraction", tier=t_rep)
                           for p in ("dry_matter", "carbon_content", "fossil_carbon_fraction",
                                     "OF"))
        sw_c = np.tile(sw[pos], len(comps)) * msw_fv
        f_c = incineration_co2(sw_c, dm.value, cf.value, fcf.value, of.value)
        b_c = incineration_co2(sw_c, dm.value, cf.value, 1.0 - fcf.value, of.value)
        fossil[pos] = f_c.reshape(len(comps), len(pos)).sum(axis=0)
        bio[pos] = b_c.reshape(len(comps), len(pos)).sum(axis=0)
        co2_used += [(lk, owner) for lk in (msw_frac, dm, cf, fcf, of)]
    other = np.flatnonzero(~is_msw)
    if len(other):
        q = rows.iloc[other].assign(activity=w_[other])
        dm, cf, fcf, of = (inp.factor(q, p, "fraction", tier=t_co2[other])
                           for p in ("dry_matter", "carbon_content", "fossil_carbon_fraction",
                                     "OF"))
        fossil[other] = incineration_co2(sw[other], dm.value, cf.value, fcf.value, of.value)
        bio[other] = incineration_co2(sw[other], dm.value, cf.value, 1.0 - fcf.value,
                                      of.value)
        co2_used += [(lk, other) for lk in (dm, cf, fcf, of)]
    co2 = dict(gas="CO2", tier=t_co2, method="incineration_co2",
               equation=np.where(is_msw, EQ_CO2_MSW, EQ_CO2), ief_unit="t/t",
               lookups=[fold(co2_used, n)], **common)
    frames += [emission_rows(rows, value=fossil, **co2),
               emission_rows(rows, value=bio, memo=True, **co2)]

    # ---- CH4 by technology
    ch4_ef = inp.factor(rows, "EF", "g/t", "CH4", activity=t_, tier=t_ch4)
    frames.append(emission_rows(
        rows, gas="CH4", value=incineration_ch4(sw, ch4_ef.value), tier=t_ch4,
        method="incineration_ch4", equation=EQ_CH4, ief_unit="g/t", lookups=[ch4_ef],
        **common))

    # ---- N2O by waste type (MSW components take the MSW factors): wet basis, else dry
    # basis x dry matter (of bulk MSW: the composition's)
    group = np.where(pd.Series(w_).map(wt["msw_component"]).to_numpy() == "yes", "msw", w_)
    full = np.array([f"{g}:{t}" for g, t in zip(group, t_, strict=True)], dtype=object)
    wet, dry = (first_found(inp.factor(rows, p, "g/t", "N2O", activity=full, tier=t_n2o,
                                       required=False),
                            inp.factor(rows, p, "g/t", "N2O", activity=group, tier=t_n2o,
                                       required=False)) for p in ("EF", "EF_dry"))
    use_dry = ~wet.found & dry.found
    neither = np.flatnonzero(~wet.found & ~dry.found)
    if len(neither):       # collected with the method's other misses
        inp.factor(rows.iloc[neither], "EF", "g/t", "N2O", activity=group[neither],
                   tier=t_n2o[neither])
    ef = place(n, [(np.flatnonzero(~use_dry), take(wet, ~use_dry)),
                           (np.flatnonzero(use_dry), take(dry, use_dry))])
    n2o_used = [(ef, np.arange(n))]
    mass = sw.copy()
    dry_msw = np.flatnonzero(use_dry & is_msw)
    if len(dry_msw):
        sel = np.isin(np.tile(np.flatnonzero(is_msw), len(comps)), dry_msw)
        owner = np.tile(np.flatnonzero(is_msw), len(comps))[sel]
        dm = inp.factor(msw_q[sel], "dry_matter", "fraction", tier=t_n2o[owner])
        msw_dm = np.zeros(n)
        np.add.at(msw_dm, owner, msw_fv[sel] * dm.value)
        mass[dry_msw] = sw[dry_msw] * msw_dm[dry_msw]
        n2o_used += [(take(msw_frac, sel), owner), (dm, owner)]
    dry_other = np.flatnonzero(use_dry & ~is_msw)
    if len(dry_other):
        dm = inp.factor(rows.iloc[dry_other], "dry_matter", "fraction",
                        activity=w_[dry_other], tier=t_n2o[dry_other])
        mass[dry_other] = sw[dry_other] * dm.value
        n2o_used.append((dm, dry_other))
    frames.append(emission_rows(
        rows, gas="N2O", value=incineration_n2o(mass, ef.value), tier=t_n2o,
        method="incineration_n2o", equation=EQ_N2O, ief_unit="g/t",
        lookups=[fold(n2o_used, n)], **common))
    return concat_emissions(frames)


# OF is keyed by the category only ('*' activity): checkable before computing (CO2 only, but
# the IPCC default serves every tier, so the category's tier is as good as the CO2 tier). The
# other parameters are keyed by the waste type or technology inside the activity id.
_NEEDS = (Need("OF", unit="fraction"),)

register(SourceMethod(
    name="incineration",
    sector="waste",
    categories=("4.C",),
    gases=("CO2", "CH4", "N2O"),
    tiers={
        1: TierSpec(1, "IPCC defaults (Vol.5 Ch.2 Table 2.4, Ch.5 Tables 5.2, 5.3, 5.6)",
                    factors={"dry_matter": "default", "carbon_content": "default",
                             "fossil_carbon_fraction": "default", "OF": "default",
                             "EF": "default", "EF_dry": "default", "msw_fraction": "any"},
                    requires=_NEEDS),
        2: TierSpec(2, "CO2: country-specific composition, dry matter, carbon contents and "
                       "oxidation where given, defaults elsewhere (Tier 2a/2b); CH4, N2O: "
                       "country-specific emission factors",
                    factors={"dry_matter": "any", "carbon_content": "any",
                             "fossil_carbon_fraction": "any", "OF": "any",
                             "EF": "country", "EF_dry": "country", "msw_fraction": "any"},
                    requires=_NEEDS),
    },
    compute=compute_incineration,
    doc=__doc__ or "",
    tier_per_gas=True,
))
