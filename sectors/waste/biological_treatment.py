"""Biological treatment of solid waste 4.B: composting and anaerobic digestion, CH4 and N2O.

IPCC 2006 Vol.5 Ch.4, Tier 1: emissions = mass of waste treated x default factor of Table 4.1
(wet or dry weight basis, chosen with ``options: {waste: {biological_basis: wet|dry}}``, default
wet); recovered CH4 (``<treatment>:ch4_recovered`` rows, kt CH4) is subtracted (Eq. 4.1).
Tier 2: country-specific factors (national/provincial/plant layer) required. CH4 and N2O are
computed independently, so their tiers may differ (``tiers: {4.B: {CH4: 2, N2O: 1}}``). N2O from
anaerobic digestion is assumed negligible (Table 4.1) and reported NA.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.methods import (
    MethodInput,
    SourceMethod,
    TierSpec,
    emission_rows,
    join_ids,
    keyed_rows,
    register,
)
from inventory.schema import concat_emissions
from sectors.waste.common import (
    RECOVERED,
    biological_treatments,
    ensure_known,
    split_activity,
)

__all__ = ["biological_treatment_ch4", "biological_treatment_n2o",
           "compute_biological_treatment"]

EQ_CH4 = "IPCC 2006 Vol.5 Ch.4 Eq. 4.1"
EQ_N2O = "IPCC 2006 Vol.5 Ch.4 Eq. 4.2"


def biological_treatment_ch4(waste_treated, emission_factor, recovered=0.0):
    """CH4 from composting or anaerobic digestion.

    Parameters
    ----------
    waste_treated : array-like [kt waste] (wet or dry, as the factor)
    emission_factor : array-like [g CH4 per kg waste]
    recovered : array-like [kt CH4]  CH4 recovered

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.4 Eq. 4.1: CH4 = sum_i (M_i x EF_i) x 10^-3 - R [Gg]; with M in kt
    (= Gg) and EF in g/kg the product M x EF x 10^-3 is in Gg = kt.
    """
    return (np.asarray(waste_treated, dtype=float) * np.asarray(emission_factor, dtype=float)
            * 1e-3 - np.asarray(recovered, dtype=float))


def biological_treatment_n2o(waste_treated, emission_factor):
    """N2O from composting or anaerobic digestion.

    Parameters
    ----------
    waste_treated : array-like [kt waste]
    emission_factor : array-like [g N2O per kg waste]

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.4 Eq. 4.2: N2O = sum_i (M_i x EF_i) x 10^-3 [Gg].
    """
    return (np.asarray(waste_treated, dtype=float)
            * np.asarray(emission_factor, dtype=float) * 1e-3)


def compute_biological_treatment(inp: MethodInput) -> pd.DataFrame:
    act = inp.activity
    bt = biological_treatments()
    treat, qual = split_activity(act["activity"])
    known = pd.Series(treat).isin(bt.index).to_numpy() & np.isin(qual, ["", RECOVERED])
    ensure_known(act, ~known, "unknown biological treatment",
                 f"one of {list(bt.index)} or <treatment>:{RECOVERED}")
    basis = str(inp.options.get("biological_basis", "wet"))
    if basis not in ("wet", "dry"):
        raise InputError(f"unknown biological_basis '{basis}'",
                         "inventory.yml, key 'options: waste'", "wet or dry")
    ef_name = "EF" if basis == "wet" else "EF_dry"
    is_rec = qual == RECOVERED
    frames = []
    keyed = act["value"].isna().to_numpy()
    ch4 = dict(method="biological_treatment_ch4", equation=EQ_CH4)
    n2o = dict(method="biological_treatment_n2o", equation=EQ_N2O)
    k = act[keyed & ~is_rec]
    if len(k):
        frames += [keyed_rows(k, ("CH4",), tier=inp.tier_of(k, "CH4"), **ch4),
                   keyed_rows(k, ("N2O",), tier=inp.tier_of(k, "N2O"), **n2o)]
    rows = act[~keyed & ~is_rec]
    if len(rows):
        ensure_known(rows, rows["unit"].to_numpy() != "kt", "waste not in mass units for",
                     "a mass of waste treated (t, kt ...)")
        t_ch4, t_n2o = inp.tier_of(rows, "CH4"), inp.tier_of(rows, "N2O")
        ch4_ef = inp.factor(rows, ef_name, "g/kg", "CH4", tier=t_ch4)
        m = rows["value"].to_numpy(dtype=float)
        rec = act[~keyed & is_rec].assign(activity=treat[~keyed & is_rec])
        r = rows[["region", "year", "category", "activity"]].merge(
            rec[["region", "year", "category", "activity", "value", "activity_id",
                 "source_ref"]], how="left", on=["region", "year", "category", "activity"])
        rv = r["value"].fillna(0.0).to_numpy(dtype=float)
        gen = m * ch4_ef.value * 1e-3
        over = rv > gen * (1 + 1e-9)
        if over.any():
            bad = r[over].iloc[0]
            raise InputError(f"CH4 recovered ({bad['value']:g} kt) exceeds the CH4 generated "
                             f"({gen[over][0]:.4g} kt) by {bad['activity']}",
                             bad["source_ref"], "recovery <= M x EF")
        frames.append(emission_rows(
            rows, gas="CH4", value=biological_treatment_ch4(m, ch4_ef.value, rv), tier=t_ch4,
            activity_value=m, activity_unit="kt", ief_unit="g/kg", lookups=[ch4_ef],
            activity_ids=join_ids(rows["activity_id"], r["activity_id"].fillna("")), **ch4))
        negligible = (pd.Series(rows["activity"].to_numpy()).map(bt["n2o"])
                      == "negligible").to_numpy()
        if negligible.any():   # Table 4.1: N2O from anaerobic digestion is negligible
            frames.append(keyed_rows(rows[negligible].assign(notation_key="NA"), ("N2O",),
                                     tier=t_n2o[negligible], **n2o))
        est = rows[~negligible]
        if len(est):
            n2o_ef = inp.factor(est, ef_name, "g/kg", "N2O", tier=t_n2o[~negligible])
            frames.append(emission_rows(
                est, gas="N2O", value=biological_treatment_n2o(m[~negligible], n2o_ef.value),
                tier=t_n2o[~negligible], activity_value=m[~negligible], activity_unit="kt",
                ief_unit="g/kg", lookups=[n2o_ef], **n2o))
    recs = act[~keyed & is_rec]
    if len(recs):
        rv = recs["value"].to_numpy(dtype=float)
        frames.append(emission_rows(
            recs, gas="CH4", value=rv, tier=inp.tier_of(recs, "CH4"), activity_value=rv,
            activity_unit="kt", ief_unit="t/t", memo=True, **ch4))
    return concat_emissions(frames)


register(SourceMethod(
    name="biological_treatment",
    sector="waste",
    categories=("4.B",),
    gases=("CH4", "N2O"),
    tiers={
        # EF (wet basis) or EF_dry (dry basis) by the option biological_basis: the factor is
        # looked up as the method runs (a pre-check could not know which of the two)
        1: TierSpec(1, "IPCC default factors (Vol.5 Ch.4 Table 4.1)",
                    factors={"EF": "default", "EF_dry": "default"}),
        2: TierSpec(2, "country-specific factors (national/provincial/plant layer)",
                    factors={"EF": "country", "EF_dry": "country"}),
    },
    compute=compute_biological_treatment,
    doc=__doc__ or "",
    tier_per_gas=True,
))
