"""Biological treatment of solid waste 4.B: composting and anaerobic digestion, CH4 and N2O.

IPCC 2006 Vol.5 Ch.4, Tier 1: emissions = mass of waste treated x default factor of Table 4.1
(wet or dry weight basis, chosen with ``options: {waste: {biological_basis: wet|dry}}``, default
wet); recovered CH4 (``<treatment>:ch4_recovered`` rows, kt CH4) is subtracted (Eq. 4.1).
Tier 2: country-specific factors (national/provincial/plant layer) required. N2O from anaerobic
digestion is assumed negligible (Table 4.1) and reported NA.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.methods import MethodInput, SourceMethod, TierSpec, register
from sectors.waste.common import (
    RECOVERED,
    biological_treatments,
    emission_frame,
    ensure_known,
    finish,
    join_ids,
    keyed_frame,
    lookup_param,
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
    common = dict(method="biological_treatment_ch4", activity_unit="kt", ief_unit="g/kg")
    if (keyed & ~is_rec).any():
        frames.append(keyed_frame(act[keyed & ~is_rec], ("CH4", "N2O"),
                                  tier=inp.tier[keyed & ~is_rec], equation=EQ_CH4, **common))
    num = ~keyed & ~is_rec
    rows = act[num]
    if len(rows):
        ensure_known(rows, rows["unit"].to_numpy() != "kt", "waste not in mass units for",
                     "a mass of waste treated (t, kt ...)")
        q = rows.assign(activity=treat[num])
        tier = inp.tier[num]
        ch4_ef = lookup_param(inp.factors, q, ef_name, "g/kg", "CH4", tier,
                              required_from_tier=2)
        m = rows["value"].to_numpy(dtype=float)
        rec = act[~keyed & is_rec].assign(activity=treat[~keyed & is_rec])
        r = rows[["region", "year", "category"]].assign(activity=treat[num]).merge(
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
        ch4 = biological_treatment_ch4(m, ch4_ef.value, rv)
        frames.append(emission_frame(
            rows, "CH4", ch4, tier=tier, equation=EQ_CH4, activity_value=m, ief_scale=1e3,
            factor_layer=ch4_ef.layer, factor_source=ch4_ef.source,
            activity_ids=join_ids(rows["activity_id"], r["activity_id"].fillna("")),
            parameter_ids=ch4_ef.parameter_id, **common))
        negligible = (pd.Series(treat[num]).map(bt["n2o"]) == "negligible").to_numpy()
        if negligible.any():
            frames.append(keyed_frame(rows[negligible], ("N2O",), tier=tier[negligible],
                                      method="biological_treatment_n2o", equation=EQ_N2O,
                                      activity_unit="kt", ief_unit="g/kg", key="NA"))
        est = ~negligible
        if est.any():
            n2o_ef = lookup_param(inp.factors, q[est], ef_name, "g/kg", "N2O", tier[est],
                                  required_from_tier=2)
            frames.append(emission_frame(
                rows[est], "N2O", biological_treatment_n2o(m[est], n2o_ef.value),
                tier=tier[est], method="biological_treatment_n2o", equation=EQ_N2O,
                activity_value=m[est], activity_unit="kt", ief_unit="g/kg", ief_scale=1e3,
                factor_layer=n2o_ef.layer, factor_source=n2o_ef.source,
                activity_ids=rows["activity_id"].to_numpy()[est],
                parameter_ids=n2o_ef.parameter_id))
    recs = act[~keyed & is_rec]
    if len(recs):
        rv = recs["value"].to_numpy(dtype=float)
        frames.append(emission_frame(
            recs, "CH4", rv, tier=inp.tier[~keyed & is_rec], equation=EQ_CH4,
            activity_value=rv, ief_scale=1.0, factor_layer=None, factor_source=None,
            activity_ids=recs["activity_id"].to_numpy(), parameter_ids="", memo=True,
            method="biological_treatment_ch4", activity_unit="kt", ief_unit="t/t"))
    return finish(frames)


register(SourceMethod(
    name="biological_treatment",
    sector="waste",
    categories=("4.B",),
    gases=("CH4", "N2O"),
    tiers={
        1: TierSpec(1, "IPCC default factors (Vol.5 Ch.4 Table 4.1)", ("EF",),
                    ("ipcc_default",)),
        2: TierSpec(2, "country-specific factors (national/provincial/plant layer)", ("EF",),
                    ("national", "provincial", "plant")),
    },
    compute=compute_biological_treatment,
    doc=__doc__ or "",
))
