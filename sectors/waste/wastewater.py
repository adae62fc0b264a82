"""Wastewater treatment and discharge 4.D: CH4 (domestic and industrial) and N2O (domestic).

IPCC 2006 Vol.5 Ch.6 with the 2019 Refinement where it changes a default or the method:

* Domestic CH4 (2006 Eqs. 6.1-6.3): total organics TOW = P x BOD x I x 365 [kg BOD/yr] per
  income group i and pathway j (utilisation T_ij, ``T`` parameters of ``<income>:<pathway>``
  adding up to 1 per income group); CH4_j = (TOW_j - S_j) x Bo x MCF_j - R_j, with sludge removed
  S and CH4 recovered R allocated to the pathways in proportion to TOW and CH4. MCF defaults of
  the 2019 Refinement Table 6.3 (Updated) (centralised aerobic plants 0.03, discharge to rivers
  0.035 / lakes 0.19).
* Domestic N2O (2019 Refinement Eqs. 6.7-6.9): total nitrogen TN = P x Protein x F_NPR x
  F_NON-CON x F_IND-COM (2006 Eq. 6.8 form; F_IND-COM for collected systems only), N2O from
  centralised plants = TN_plant x EF_plant x 44/28 (EF 0.016 kg N2O-N/kg N, 2019 Table 6.8A),
  N2O from effluent = TN x (1 - N_REM) x EF_effluent x 44/28 (N_REM 2019 Table 6.10c, EF 0.005).
* Industrial CH4 (2006 Eqs. 6.4-6.6): TOW_i = P_i x W_i x COD_i per industry (Table 6.9), CH4 =
  (TOW - S) x Bo x MCF_j - R (Bo 0.25 kg CH4/kg COD, MCF Table 6.8). Industrial N2O (2019
  Refinement) is not estimated.

Tier 1: IPCC defaults; Tier 2: country-specific values where given (national, provincial or
plant layer), defaults elsewhere. BOD per person: the IPCC region chosen with
``options: {waste: {wastewater_region: ...}}`` or a national BOD.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError, MethodInputError
from inventory.methods import MethodInput, SourceMethod, TierSpec, register
from sectors.waste.common import (
    N2O_N,
    RECOVERED,
    check_fractions,
    emission_frame,
    ensure_known,
    finish,
    join_ids,
    keyed_frame,
    lookup_param,
    split_activity,
    wastewater_industries,
    wastewater_pathways,
)

__all__ = ["total_organics_domestic", "wastewater_ch4_factor", "wastewater_ch4",
           "total_nitrogen_domestic", "plant_n2o", "effluent_nitrogen", "effluent_n2o",
           "total_organics_industrial", "compute_wastewater"]

SLUDGE = "sludge_removed"
EFFLUENT = "effluent"
EQ_CH4_DOM = "IPCC 2006 Vol.5 Ch.6 Eq. 6.1"
EQ_CH4_IND = "IPCC 2006 Vol.5 Ch.6 Eq. 6.4"
EQ_N2O_PLANT = "IPCC 2019 Refinement Vol.5 Ch.6 Eq. 6.9"
EQ_N2O_EFF = "IPCC 2019 Refinement Vol.5 Ch.6 Eq. 6.7"


# ---------------------------------------------------------------- equations
def total_organics_domestic(population, bod, correction):
    """Total organically degradable material in domestic wastewater.

    Parameters
    ----------
    population : array-like [head]  P (of an income group, in a pathway)
    bod : array-like [kg BOD head-1 yr-1]  per-capita BOD (Table 6.4 gives g/person/day)
    correction : array-like [fraction]  I, industrial BOD co-discharged (1.25 collected)

    Returns
    -------
    array-like [kt BOD yr-1]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.6 Eq. 6.3: TOW = P x BOD x 0.001 x I x 365 [kg BOD/yr with BOD in
    g/person/day]; here BOD is per year already and kg -> kt is 1e-6.
    """
    return (np.asarray(population, dtype=float) * np.asarray(bod, dtype=float)
            * np.asarray(correction, dtype=float) * 1e-6)


def wastewater_ch4_factor(bo, mcf):
    """CH4 emission factor of a treatment/discharge pathway.

    Parameters
    ----------
    bo : array-like [kg CH4 per kg BOD or COD]  maximum CH4 producing capacity
    mcf : array-like [fraction]  methane correction factor of the pathway

    Returns
    -------
    array-like [kg CH4 per kg BOD or COD]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.6 Eq. 6.2 (domestic) and Eq. 6.5 (industrial): EF_j = Bo x MCF_j.
    """
    return np.asarray(bo, dtype=float) * np.asarray(mcf, dtype=float)


def wastewater_ch4(tow, sludge_removed, emission_factor, recovered):
    """CH4 emitted by a pathway (domestic) or an industry's pathway (industrial).

    Parameters
    ----------
    tow : array-like [kt BOD or COD]  organics in the wastewater of the pathway
    sludge_removed : array-like [kt BOD or COD]  S, organics removed as sludge
    emission_factor : array-like [kg CH4 per kg BOD or COD]
    recovered : array-like [kt CH4]  R

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.6 Eq. 6.1 (domestic: sum_ij (U_i T_ij EF_j) (TOW - S) - R) and Eq. 6.4
    (industrial: sum_i (TOW_i - S_i) EF_i - R_i), per pathway.
    """
    return ((np.asarray(tow, dtype=float) - np.asarray(sludge_removed, dtype=float))
            * np.asarray(emission_factor, dtype=float) - np.asarray(recovered, dtype=float))


def total_nitrogen_domestic(population, protein, f_npr, f_non_con, f_ind_com):
    """Total nitrogen in domestic wastewater.

    Parameters
    ----------
    population : array-like [head]
    protein : array-like [kg protein head-1 yr-1]
    f_npr : array-like [kg N per kg protein]  (0.16)
    f_non_con : array-like [fraction]  non-consumed protein added to wastewater
    f_ind_com : array-like [fraction]  industrial and commercial co-discharged protein

    Returns
    -------
    array-like [kt N yr-1]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.6 Eq. 6.8 (before subtracting sludge N), as used for TN_DOM by the 2019
    Refinement (Vol.5 Ch.6 Eq. 6.10, F_IND-COM for centralised systems only).
    """
    return (np.asarray(population, dtype=float) * np.asarray(protein, dtype=float)
            * np.asarray(f_npr, dtype=float) * np.asarray(f_non_con, dtype=float)
            * np.asarray(f_ind_com, dtype=float) * 1e-6)


def plant_n2o(nitrogen, emission_factor):
    """N2O from centralised wastewater treatment plants.

    Parameters
    ----------
    nitrogen : array-like [kt N]  total nitrogen entering the plants
    emission_factor : array-like [kg N2O-N per kg N]

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2019 Refinement Vol.5 Ch.6 Eq. 6.9: N2O_plants = sum (U_i T_ij EF_j) TN x 44/28.
    """
    return (np.asarray(nitrogen, dtype=float) * np.asarray(emission_factor, dtype=float)
            * N2O_N)


def effluent_nitrogen(nitrogen, n_removal):
    """Nitrogen discharged in effluent after treatment.

    Parameters
    ----------
    nitrogen : array-like [kt N]  total nitrogen of a pathway
    n_removal : array-like [fraction]  N_REM, fraction removed by the treatment

    Returns
    -------
    array-like [kt N]

    Notes
    -----
    IPCC 2019 Refinement Vol.5 Ch.6 Eq. 6.8: N_EFFLUENT = sum_j TN_j x (1 - N_REM_j).
    """
    return np.asarray(nitrogen, dtype=float) * (1.0 - np.asarray(n_removal, dtype=float))


def effluent_n2o(effluent_n, emission_factor):
    """N2O from wastewater effluent discharged to aquatic environments.

    Parameters
    ----------
    effluent_n : array-like [kt N]
    emission_factor : array-like [kg N2O-N per kg N]

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2019 Refinement Vol.5 Ch.6 Eq. 6.7: N2O = N_EFFLUENT x EF_EFFLUENT x 44/28.
    """
    return (np.asarray(effluent_n, dtype=float) * np.asarray(emission_factor, dtype=float)
            * N2O_N)


def total_organics_industrial(production, wastewater, cod):
    """Total organically degradable material in an industry's wastewater.

    Parameters
    ----------
    production : array-like [kt product]  P_i
    wastewater : array-like [m3 per t product]  W_i
    cod : array-like [kg COD per m3]  COD_i

    Returns
    -------
    array-like [kt COD]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.6 Eq. 6.6: TOW_i = P_i x W_i x COD_i [kg COD/yr with P in t]. With P in
    kt: P x 1e3 [t] x W x COD [kg] = P x W x COD x 1e-3 [kt COD].
    """
    return (np.asarray(production, dtype=float) * np.asarray(wastewater, dtype=float)
            * np.asarray(cod, dtype=float) * 1e-3)


# ---------------------------------------------------------------- helpers
def _allocate(rows: pd.DataFrame, weight: np.ndarray, extra: pd.DataFrame, what: str,
              limit: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Allocate ``extra`` (region, year, category, value) rows to ``rows`` in proportion to
    ``weight`` within region/year/category; returns (allocated, activity ids)."""
    key = ["region", "year", "category"]
    if extra.empty:
        return np.zeros(len(rows)), np.full(len(rows), "", dtype=object)
    frame = rows[key].reset_index(drop=True).assign(_w=weight)
    tot = frame.groupby(key)["_w"].transform("sum").to_numpy()
    m = frame.merge(extra[[*key, "value", "activity_id", "source_ref"]], how="left", on=key)
    val = m["value"].to_numpy(dtype=float)
    share = np.where(tot > 0, weight / np.where(tot > 0, tot, 1.0), 0.0)
    cap = tot if limit is None else limit
    over = np.isfinite(val) & (val > cap * (1 + 1e-9))
    if over.any():
        bad = m[over].iloc[0]
        raise InputError(f"{what} ({bad['value']:g} kt) exceeds what it is taken from "
                         f"({cap[over][0]:.4g} kt) in {bad['category']}, region "
                         f"{bad['region']}, year {int(bad['year'])}", bad["source_ref"],
                         f"{what} <= the total it is part of")
    return np.where(np.isfinite(val), val * share, 0.0), m["activity_id"].fillna("").to_numpy()


# ---------------------------------------------------------------- domestic
def _domestic(inp: MethodInput, act: pd.DataFrame, tier_all: np.ndarray) -> list:
    frames = []
    first, second = split_activity(act["activity"])
    pop_mask = first == "population"
    ensure_known(act, ~(pop_mask | np.isin(act["activity"], [SLUDGE, RECOVERED])),
                 "unknown domestic wastewater activity",
                 f"population:<income group> [head], {SLUDGE} [kt BOD] or {RECOVERED} [kt CH4]")
    ensure_known(act, pop_mask & (second == ""), "population without an income group in",
                 "population:<income group>, e.g. population:urban_high")
    keyed = act["value"].isna().to_numpy()
    if (keyed & pop_mask).any():
        frames.append(keyed_frame(act[keyed & pop_mask], ("CH4", "N2O"),
                                  tier=tier_all[keyed & pop_mask], method="wastewater_ch4",
                                  equation=EQ_CH4_DOM, activity_unit="kt", ief_unit="kg/kg"))
    pop = act[pop_mask & ~keyed].reset_index(drop=True)
    if pop.empty:
        return frames
    ensure_known(pop, pop["unit"].to_numpy() != "head", "population not in persons for",
                 "a population in head (persons)")
    tier_p = tier_all[pop_mask & ~keyed]
    income = second[pop_mask & ~keyed]
    pw = wastewater_pathways()
    paths = list(pw.index)
    # utilisation T_ij for every income group x pathway (missing = 0), must add up to 1
    grid = pop.loc[pop.index.repeat(len(paths))].reset_index(drop=True)
    g_income = np.repeat(income, len(paths))
    g_path = np.tile(np.array(paths, dtype=object), len(pop))
    g_tier = np.repeat(tier_p, len(paths))
    tq = grid.assign(activity=[f"{i}:{p}" for i, p in zip(g_income, g_path, strict=True)])
    t = inp.factors.lookup(tq, "T", "fraction")
    refs = inp.factors.table.set_index("parameter_id")["source_ref"]
    if not t.found.reshape(len(pop), len(paths)).any(axis=1).all():
        i = int(np.flatnonzero(~t.found.reshape(len(pop), len(paths)).any(axis=1))[0])
        r = pop.iloc[i]
        raise MethodInputError(
            f"no treatment utilisation (T) for {r['activity']}, region {r['region']}, "
            f"year {int(r['year'])}", r["source_ref"],
            f"T parameters [fraction] for <income group>:<pathway>, pathways {paths}")
    check_fractions(tq.assign(value=np.where(t.found, t.value, 0.0), income=g_income,
                              source_ref=pd.Series(t.parameter_id).map(refs).to_numpy())
                    [t.found], ["region", "year", "income"],
                    "treatment utilisation fractions T",
                    "T values of one income group, region and year adding up to 1")
    sel = t.found & (t.value > 0)
    g = grid[sel].reset_index(drop=True)
    path = g_path[sel]
    tier = g_tier[sel]
    p_ij = g["value"].to_numpy(dtype=float) * t.value[sel]
    collected = (pd.Series(path).map(pw["collected"]) == "yes").to_numpy()
    system = np.where(collected, "collected", "uncollected")
    region_opt = inp.options.get("wastewater_region")
    bq = g.assign(activity=region_opt if region_opt else "*")
    nat_bod = inp.factors.lookup(bq, "BOD", "g/head/day", "-",
                                 ("national", "provincial", "plant"))
    if not region_opt and not nat_bod.found.all():
        raise MethodInputError("no BOD per person: no national BOD and no IPCC region",
                               "inventory.yml, key 'options: waste: wastewater_region'",
                               "an IPCC region of Table 6.4 (e.g. "
                               "asia_middle_east_latin_america) or national BOD rows")
    bod = lookup_param(inp.factors, bq, "BOD", "g/head/day", tier=tier)
    corr = lookup_param(inp.factors, g.assign(activity=system), "I", "fraction", tier=tier)
    pq = g.assign(activity=path)
    bo = lookup_param(inp.factors, pq, "Bo", "kg/kg", tier=tier)
    mcf = lookup_param(inp.factors, pq, "MCF", "fraction", tier=tier)
    # Eq. 6.3 counts 365 days a year: g/person/day x 0.001 x 365 = kg/person/year
    tow = total_organics_domestic(p_ij, bod.value * 1e-3 * 365, corr.value)
    ids = join_ids(g["activity_id"], t.parameter_id[sel])
    pids = join_ids(bod.parameter_id, corr.parameter_id, bo.parameter_id, mcf.parameter_id)
    # aggregate income groups into pathways
    key = pd.DataFrame({"region": g["region"].to_numpy(), "year": g["year"].to_numpy(),
                        "category": g["category"].to_numpy(), "activity": path})
    ef = wastewater_ch4_factor(bo.value, mcf.value)
    base = key.assign(tow=tow, ch4_gross=tow * ef, ef=ef, tier=tier, ids=ids, pids=pids,
                      layer=mcf.layer, source=mcf.source, collected=collected)
    agg = base.groupby(["region", "year", "category", "activity"], sort=False).agg(
        tow=("tow", "sum"), ch4_gross=("ch4_gross", "sum"), tier=("tier", "max"),
        ids=("ids", ";".join), pids=("pids", ";".join), layer=("layer", "first"),
        source=("source", "first")).reset_index()
    extra = act[~keyed]
    s_rows = extra[extra["activity"] == SLUDGE]
    r_rows = extra[extra["activity"] == RECOVERED]
    s_alloc, s_ids = _allocate(agg, agg["tow"].to_numpy(), s_rows, "sludge removed (BOD)")
    with np.errstate(invalid="ignore", divide="ignore"):
        ef_path = np.where(agg["tow"] > 0, agg["ch4_gross"] / agg["tow"].where(agg["tow"] > 0,
                                                                            1.0), 0.0)
    gross = (agg["tow"].to_numpy() - s_alloc) * ef_path
    r_alloc, r_ids = _allocate(agg, gross, r_rows, "CH4 recovered", limit=None)
    ch4 = wastewater_ch4(agg["tow"], s_alloc, ef_path, r_alloc)
    frames.append(emission_frame(
        agg, "CH4", ch4, tier=agg["tier"], method="wastewater_ch4", equation=EQ_CH4_DOM,
        activity_value=agg["tow"], activity_unit="kt", ief_unit="kg/kg", ief_scale=1.0,
        factor_layer=agg["layer"], factor_source=agg["source"],
        activity_ids=join_ids(agg["ids"], s_ids, r_ids), parameter_ids=join_ids(agg["pids"])))
    if len(r_rows):
        rv = r_rows["value"].to_numpy(dtype=float)
        frames.append(emission_frame(
            r_rows, "CH4", rv, tier=tier_all[~keyed][(extra["activity"] == RECOVERED)
                                                     .to_numpy()],
            method="wastewater_ch4", equation=EQ_CH4_DOM, activity_value=rv,
            activity_unit="kt", ief_unit="t/t", ief_scale=1.0, factor_layer=None,
            factor_source=None, activity_ids=r_rows["activity_id"].to_numpy(),
            parameter_ids="", memo=True))

    # N2O: total nitrogen, plants and effluent
    aq = g.assign(activity="*")
    protein = lookup_param(inp.factors, aq, "protein", "kg/head/year", tier=tier)
    f_npr = lookup_param(inp.factors, aq, "F_NPR", "kg/kg", tier=tier)
    f_nc = lookup_param(inp.factors, aq, "F_NON_CON", "fraction", tier=tier)
    f_ic = lookup_param(inp.factors, g.assign(activity=system), "F_IND_COM", "fraction",
                        tier=tier)
    tn = total_nitrogen_domestic(p_ij, protein.value, f_npr.value, f_nc.value, f_ic.value)
    nrem = lookup_param(inp.factors, pq, "N_REM", "fraction", tier=tier)
    n_eff = effluent_nitrogen(tn, nrem.value)
    plant = (pd.Series(path).map(pw["plant"]) == "yes").to_numpy()
    n_ids = join_ids(protein.parameter_id, f_npr.parameter_id, f_nc.parameter_id,
                     f_ic.parameter_id)
    if plant.any():
        efp = lookup_param(inp.factors, pq[plant], "EF_plant", "kg/kg", "N2O", tier[plant])
        pb = key[plant].assign(tn=tn[plant], n2o=plant_n2o(tn[plant], efp.value),
                               tier=tier[plant], ids=np.asarray(ids, dtype=object)[plant],
                               pids=join_ids(np.asarray(n_ids, dtype=object)[plant],
                                             efp.parameter_id),
                               layer=efp.layer, source=efp.source)
        pa = pb.groupby(["region", "year", "category", "activity"], sort=False).agg(
            tn=("tn", "sum"), n2o=("n2o", "sum"), tier=("tier", "max"), ids=("ids", ";".join),
            pids=("pids", ";".join), layer=("layer", "first"),
            source=("source", "first")).reset_index()
        frames.append(emission_frame(
            pa, "N2O", pa["n2o"], tier=pa["tier"], method="plant_n2o", equation=EQ_N2O_PLANT,
            activity_value=pa["tn"], activity_unit="kt", ief_unit="kg/kg", ief_scale=1.0,
            factor_layer=pa["layer"], factor_source=pa["source"],
            activity_ids=join_ids(pa["ids"]), parameter_ids=join_ids(pa["pids"])))
    efe = lookup_param(inp.factors, aq, "EF_effluent", "kg/kg", "N2O", tier)
    eb = key.assign(activity=EFFLUENT, n=n_eff, n2o=effluent_n2o(n_eff, efe.value), tier=tier,
                    ids=ids, pids=join_ids(n_ids, nrem.parameter_id, efe.parameter_id),
                    layer=efe.layer, source=efe.source)
    ea = eb.groupby(["region", "year", "category", "activity"], sort=False).agg(
        n=("n", "sum"), n2o=("n2o", "sum"), tier=("tier", "max"), ids=("ids", ";".join),
        pids=("pids", ";".join), layer=("layer", "first"),
        source=("source", "first")).reset_index()
    frames.append(emission_frame(
        ea, "N2O", ea["n2o"], tier=ea["tier"], method="effluent_n2o", equation=EQ_N2O_EFF,
        activity_value=ea["n"], activity_unit="kt", ief_unit="kg/kg", ief_scale=1.0,
        factor_layer=ea["layer"], factor_source=ea["source"],
        activity_ids=join_ids(ea["ids"]), parameter_ids=join_ids(ea["pids"])))
    return frames


# ---------------------------------------------------------------- industrial
def _industrial(inp: MethodInput, act: pd.DataFrame, tier_all: np.ndarray) -> list:
    frames = []
    industry, path = split_activity(act["activity"])
    special = np.isin(act["activity"], [SLUDGE, RECOVERED])
    known = (pd.Series(industry).isin(wastewater_industries().index).to_numpy()
             & pd.Series(path).isin(wastewater_pathways().index).to_numpy())
    ensure_known(act, ~(known | special), "unknown industrial wastewater activity",
                 "<industry>:<pathway> (sectors/waste/data/wastewater_industries.csv, "
                 f"wastewater_pathways.csv), {SLUDGE} [kt COD] or {RECOVERED} [kt CH4]")
    keyed = act["value"].isna().to_numpy()
    if (keyed & ~special).any():
        frames.append(keyed_frame(act[keyed & ~special], ("CH4",),
                                  tier=tier_all[keyed & ~special], method="wastewater_ch4",
                                  equation=EQ_CH4_IND, activity_unit="kt", ief_unit="kg/kg"))
    sel = ~keyed & ~special
    rows = act[sel].reset_index(drop=True)
    if rows.empty:
        return frames
    ensure_known(rows, rows["unit"].to_numpy() != "kt", "production not in mass units for",
                 "the industry's production in t, kt ...")
    tier = tier_all[sel]
    iq = rows.assign(activity=industry[sel])
    w = lookup_param(inp.factors, iq, "W", "m3/t", tier=tier)
    cod = lookup_param(inp.factors, iq, "COD", "kg/m3", tier=tier)
    pq = rows.assign(activity=path[sel])
    bo = lookup_param(inp.factors, pq, "Bo", "kg/kg", tier=tier)
    mcf = lookup_param(inp.factors, pq, "MCF", "fraction", tier=tier)
    prod = rows["value"].to_numpy(dtype=float)
    tow = total_organics_industrial(prod, w.value, cod.value)
    ef = wastewater_ch4_factor(bo.value, mcf.value)
    extra = act[~keyed]
    s_alloc, s_ids = _allocate(rows, tow, extra[extra["activity"] == SLUDGE],
                               "sludge removed (COD)")
    gross = (tow - s_alloc) * ef
    r_rows = extra[extra["activity"] == RECOVERED]
    r_alloc, r_ids = _allocate(rows, gross, r_rows, "CH4 recovered")
    frames.append(emission_frame(
        rows, "CH4", wastewater_ch4(tow, s_alloc, ef, r_alloc), tier=tier,
        method="wastewater_ch4", equation=EQ_CH4_IND, activity_value=tow, activity_unit="kt",
        ief_unit="kg/kg", ief_scale=1.0, factor_layer=mcf.layer, factor_source=mcf.source,
        activity_ids=join_ids(rows["activity_id"], s_ids, r_ids),
        parameter_ids=join_ids(w.parameter_id, cod.parameter_id, bo.parameter_id,
                               mcf.parameter_id)))
    if len(r_rows):
        rv = r_rows["value"].to_numpy(dtype=float)
        frames.append(emission_frame(
            r_rows, "CH4", rv, tier=1, method="wastewater_ch4", equation=EQ_CH4_IND,
            activity_value=rv, activity_unit="kt", ief_unit="t/t", ief_scale=1.0,
            factor_layer=None, factor_source=None, activity_ids=r_rows["activity_id"],
            parameter_ids="", memo=True))
    return frames


def compute_wastewater(inp: MethodInput) -> pd.DataFrame:
    act = inp.activity
    cat = act["category"].to_numpy()
    ensure_known(act, ~np.isin(cat, ["4.D.1", "4.D.2"]), "activity for category",
                 "4.D.1 domestic or 4.D.2 industrial wastewater")
    ensure_known(act, act["value"].to_numpy(dtype=float) < 0, "negative value for",
                 "a value >= 0")
    frames = []
    dom = cat == "4.D.1"
    if dom.any():
        frames += _domestic(inp, act[dom], inp.tier[dom])
    if (~dom).any():
        frames += _industrial(inp, act[~dom], inp.tier[~dom])
    return finish(frames)


register(SourceMethod(
    name="wastewater",
    sector="waste",
    categories=("4.D",),
    gases=("CH4", "N2O"),
    tiers={
        1: TierSpec(1, "IPCC defaults (2006 Vol.5 Ch.6 Tables 6.2, 6.4, 6.8, 6.9, 6.11; 2019 "
                       "Refinement Tables 6.3, 6.8A, 6.10c)", ("Bo", "MCF", "BOD", "EF_plant",
                                                               "EF_effluent"),
                    ("ipcc_default",)),
        2: TierSpec(2, "country-specific values where given, defaults elsewhere",
                    ("Bo", "MCF", "BOD", "EF_plant", "EF_effluent"),
                    ("national", "provincial", "plant", "ipcc_default")),
    },
    compute=compute_wastewater,
    doc=__doc__ or "",
))
