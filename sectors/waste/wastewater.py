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
plant layer), defaults elsewhere (IPCC 2006 Vol.5 Ch.6 Sect. 6.2.2.1: e.g. a country-specific
factor for a prominent treatment system). CH4 and N2O are computed independently, so their
tiers may differ. Utilisation T, protein and BOD per person are country data at every tier; BOD
per person: a national BOD, or the IPCC region chosen with ``options: {waste:
{wastewater_region: ...}}``. The population, organics, sludge, recovery and nitrogen per income
group (or industry) and pathway are returned as the background table ``waste.wastewater``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError, MethodInputError
from inventory.lookups import fold, take
from inventory.methods import (
    MethodInput,
    MethodResult,
    Need,
    SourceMethod,
    TierSpec,
    emission_rows,
    join_ids,
    keyed_rows,
    register,
)
from inventory.products import BackgroundTable, register_table
from inventory.schema import Column, concat_emissions
from sectors.waste.common import (
    N2O_N,
    RECOVERED,
    check_fractions,
    ensure_known,
    split_activity,
    wastewater_industries,
    wastewater_pathways,
)

__all__ = ["total_organics_domestic", "wastewater_ch4_factor", "wastewater_ch4",
           "total_nitrogen_domestic", "plant_n2o", "effluent_nitrogen", "effluent_n2o",
           "total_organics_industrial", "compute_wastewater", "WASTEWATER_TABLE",
           "WASTEWATER_COLUMNS"]

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


# ---------------------------------------------------------------- background table
WASTEWATER_TABLE = "waste.wastewater"
WASTEWATER_COLUMNS = (
    Column("category", "str", True, "4.D.1 domestic or 4.D.2 industrial wastewater"),
    Column("source", "str", True, "income group (4.D.1) or industry (4.D.2)"),
    Column("pathway", "str", True, "treatment or discharge pathway "
                                   "(sectors/waste/data/wastewater_pathways.csv)"),
    Column("population", "float", False, "4.D.1: persons of the income group using the "
                                         "pathway, P x T [head]"),
    Column("utilisation", "float", False, "4.D.1: T, the income group's share using the "
                                          "pathway [fraction]"),
    Column("production", "float", False, "4.D.2: the industry's production [kt product]"),
    Column("organics", "str", True, "BOD (domestic) or COD (industrial)"),
    Column("tow", "float", True, "organics in the wastewater, TOW, Eq. 6.3 / 6.6 [kt BOD or "
                                 "COD]"),
    Column("sludge_removed", "float", True, "S, organics removed as sludge, allocated in "
                                            "proportion to TOW [kt BOD or COD]"),
    Column("ch4_ef", "float", True, "EF = Bo x MCF of the pathway, Eq. 6.2 / 6.5 [kg CH4 per "
                                    "kg BOD or COD]"),
    Column("ch4_recovered", "float", True, "R, CH4 recovered, allocated in proportion to the "
                                           "CH4 generated [kt CH4]"),
    Column("ch4_emitted", "float", True, "CH4 emitted, Eq. 6.1 / 6.4 [kt CH4]"),
    Column("nitrogen", "float", False, "4.D.1: total nitrogen, TN (2006 Eq. 6.8 form) [kt N]"),
    Column("nitrogen_effluent", "float", False, "4.D.1: nitrogen discharged after treatment, "
                                                "2019 Eq. 6.8 [kt N]"),
    Column("n2o_plant", "float", False, "4.D.1: N2O from centralised treatment plants, 2019 "
                                        "Eq. 6.9 [kt N2O]"),
    Column("n2o_effluent", "float", False, "4.D.1: N2O from the effluent, 2019 Eq. 6.7 "
                                           "[kt N2O]"),
)
register_table(BackgroundTable(
    name=WASTEWATER_TABLE, sector="waste", columns=WASTEWATER_COLUMNS,
    doc="Wastewater 4.D per region, year, income group or industry and pathway: population "
        "(P x T) or production, organics (TOW), sludge removed, the pathway's CH4 factor, CH4 "
        "recovered and emitted, and for domestic wastewater the nitrogen and N2O (IPCC 2006 "
        "Vol.5 Ch.6; 2019 Refinement Eqs. 6.7-6.9). Sums over income groups equal the 4.D "
        "emission rows per pathway. Returned by the 4.D method; read by the waste notebook."))


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


def _by_pathway(key: pd.DataFrame, **cols) -> tuple[pd.DataFrame, np.ndarray]:
    """Sum ``cols`` over the income groups of each region/year/category/pathway; returns the
    sums (with the max tier and the joined activity ids) and each row's group."""
    keys = ["region", "year", "category", "activity"]
    g = key[keys].reset_index(drop=True).assign(**cols)
    grp = g.groupby(keys, sort=False)
    agg = grp.agg(**{c: (c, "sum") for c in cols if c not in ("tier", "ids")},
                  tier=("tier", "max"), ids=("ids", ";".join)).reset_index()
    return agg, grp.ngroup().to_numpy()


# ---------------------------------------------------------------- domestic
def _domestic(inp: MethodInput, act: pd.DataFrame) -> tuple[list, pd.DataFrame | None]:
    frames = []
    first, second = split_activity(act["activity"])
    pop_mask = first == "population"
    ensure_known(act, ~(pop_mask | np.isin(act["activity"], [SLUDGE, RECOVERED])),
                 "unknown domestic wastewater activity",
                 f"population:<income group> [head], {SLUDGE} [kt BOD] or {RECOVERED} [kt CH4]")
    ensure_known(act, pop_mask & (second == ""), "population without an income group in",
                 "population:<income group>, e.g. population:urban_high")
    keyed = act["value"].isna().to_numpy()
    k = act[keyed & pop_mask]
    if len(k):
        frames += [keyed_rows(k, ("CH4",), tier=inp.tier_of(k, "CH4"),
                              method="wastewater_ch4", equation=EQ_CH4_DOM),
                   keyed_rows(k, ("N2O",), tier=inp.tier_of(k, "N2O"),
                              method="effluent_n2o", equation=EQ_N2O_EFF)]
    pop = act[pop_mask & ~keyed].reset_index(drop=True)
    if pop.empty:
        return frames, None
    ensure_known(pop, pop["unit"].to_numpy() != "head", "population not in persons for",
                 "a population in head (persons)")
    income = second[pop_mask & ~keyed]
    pw = wastewater_pathways()
    paths = list(pw.index)
    # utilisation T_ij for every income group x pathway (missing = 0), must add up to 1
    grid = pop.loc[pop.index.repeat(len(paths))].reset_index(drop=True)
    g_income = np.repeat(income, len(paths))
    g_path = np.tile(np.array(paths, dtype=object), len(pop))
    tq = grid.assign(activity=[f"{i}:{p}" for i, p in zip(g_income, g_path, strict=True)])
    t = inp.factor(tq, "T", "fraction", tier=inp.tier_of(grid, "CH4"), required=False)
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
    t = take(t, sel)
    path = g_path[sel]
    t_ch4, t_n2o = inp.tier_of(g, "CH4"), inp.tier_of(g, "N2O")
    p_ij = g["value"].to_numpy(dtype=float) * t.value
    collected = (pd.Series(path).map(pw["collected"]) == "yes").to_numpy()
    system = np.where(collected, "collected", "uncollected")
    region_opt = inp.options.get("wastewater_region")
    if not region_opt and not inp.factor(g, "BOD", "g/head/day", activity="*", tier=t_ch4,
                                         required=False).found.all():
        raise MethodInputError("no BOD per person: no national BOD and no IPCC region",
                               "inventory.yml, key 'options: waste: wastewater_region'",
                               "an IPCC region of Table 6.4 (e.g. "
                               "asia_middle_east_latin_america) or national BOD rows")
    bod = inp.factor(g, "BOD", "g/head/day", activity=region_opt or "*", tier=t_ch4)
    corr = inp.factor(g, "I", "fraction", activity=system, tier=t_ch4)
    bo = inp.factor(g, "Bo", "kg/kg", activity=path, tier=t_ch4)
    mcf = inp.factor(g, "MCF", "fraction", activity=path, tier=t_ch4)
    # Eq. 6.3 counts 365 days a year: g/person/day x 0.001 x 365 = kg/person/year
    tow = total_organics_domestic(p_ij, bod.value * 1e-3 * 365, corr.value)
    ef = wastewater_ch4_factor(bo.value, mcf.value)
    # aggregate income groups into pathways
    key = g.assign(activity=path)
    agg, grp = _by_pathway(key, tow=tow, ch4_gross=tow * ef, tier=t_ch4,
                           ids=g["activity_id"].to_numpy())
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
    ch4_used = [(lk, grp) for lk in (t, bod, corr, bo, mcf)]
    frames.append(emission_rows(
        agg, gas="CH4", value=ch4, tier=agg["tier"], method="wastewater_ch4",
        equation=EQ_CH4_DOM, activity_value=agg["tow"], activity_unit="kt", ief_unit="kg/kg",
        activity_ids=join_ids(agg["ids"], s_ids, r_ids),
        lookups=[fold(ch4_used, len(agg))]))
    if len(r_rows):
        rv = r_rows["value"].to_numpy(dtype=float)
        frames.append(emission_rows(
            r_rows, gas="CH4", value=rv, tier=inp.tier_of(r_rows, "CH4"),
            method="wastewater_ch4", equation=EQ_CH4_DOM, activity_value=rv,
            activity_unit="kt", ief_unit="t/t", memo=True))

    # N2O: total nitrogen, plants and effluent
    protein = inp.factor(g, "protein", "kg/head/year", activity="*", tier=t_n2o)
    f_npr = inp.factor(g, "F_NPR", "kg/kg", activity="*", tier=t_n2o)
    f_nc = inp.factor(g, "F_NON_CON", "fraction", activity="*", tier=t_n2o)
    f_ic = inp.factor(g, "F_IND_COM", "fraction", activity=system, tier=t_n2o)
    tn = total_nitrogen_domestic(p_ij, protein.value, f_npr.value, f_nc.value, f_ic.value)
    nrem = inp.factor(g, "N_REM", "fraction", activity=path, tier=t_n2o)
    n_eff = effluent_nitrogen(tn, nrem.value)
    n_used = [t, protein, f_npr, f_nc, f_ic]
    plant = np.flatnonzero((pd.Series(path).map(pw["plant"]) == "yes").to_numpy())
    n2o_plant = np.full(len(g), np.nan)
    n2o_plant[~np.isin(np.arange(len(g)), plant)] = 0.0
    if len(plant):
        efp = inp.factor(g.iloc[plant], "EF_plant", "kg/kg", "N2O", activity=path[plant],
                         tier=t_n2o[plant])
        n2o_plant[plant] = plant_n2o(tn[plant], efp.value)
        pa, pgrp = _by_pathway(key.iloc[plant], tn=tn[plant], n2o=n2o_plant[plant],
                               tier=t_n2o[plant], ids=g["activity_id"].to_numpy()[plant])
        frames.append(emission_rows(
            pa, gas="N2O", value=pa["n2o"], tier=pa["tier"], method="plant_n2o",
            equation=EQ_N2O_PLANT, activity_value=pa["tn"], activity_unit="kt",
            ief_unit="kg/kg", activity_ids=join_ids(pa["ids"]),
            lookups=[fold([*((take(lk, plant), pgrp) for lk in n_used),
                                   (efp, pgrp)], len(pa))]))
    efe = inp.factor(g, "EF_effluent", "kg/kg", "N2O", activity="*", tier=t_n2o)
    n2o_eff = effluent_n2o(n_eff, efe.value)
    ea, egrp = _by_pathway(key.assign(activity=EFFLUENT), n=n_eff, n2o=n2o_eff, tier=t_n2o,
                           ids=g["activity_id"].to_numpy())
    frames.append(emission_rows(
        ea, gas="N2O", value=ea["n2o"], tier=ea["tier"], method="effluent_n2o",
        equation=EQ_N2O_EFF, activity_value=ea["n"], activity_unit="kt", ief_unit="kg/kg",
        activity_ids=join_ids(ea["ids"]),
        lookups=[fold([(lk, egrp) for lk in (*n_used, nrem, efe)], len(ea))]))

    # background rows per income group and pathway (sludge and recovery by TOW share)
    tow_agg = agg["tow"].to_numpy()[grp]
    share = np.where(tow_agg > 0, tow / np.where(tow_agg > 0, tow_agg, 1.0), 0.0)
    s_i, r_i, ef_i = s_alloc[grp] * share, r_alloc[grp] * share, ef_path[grp]
    table = pd.DataFrame({
        "region": g["region"].to_numpy(), "year": g["year"].to_numpy(),
        "category": g["category"].to_numpy(), "source": income[np.flatnonzero(sel) //
                                                               len(paths)],
        "pathway": path, "population": p_ij, "utilisation": t.value, "production": np.nan,
        "organics": "BOD", "tow": tow, "sludge_removed": s_i, "ch4_ef": ef_i,
        "ch4_recovered": r_i, "ch4_emitted": wastewater_ch4(tow, s_i, ef_i, r_i),
        "nitrogen": tn, "nitrogen_effluent": n_eff, "n2o_plant": n2o_plant,
        "n2o_effluent": n2o_eff})
    return frames, table


# ---------------------------------------------------------------- industrial
def _industrial(inp: MethodInput, act: pd.DataFrame) -> tuple[list, pd.DataFrame | None]:
    frames = []
    industry, path = split_activity(act["activity"])
    special = np.isin(act["activity"], [SLUDGE, RECOVERED])
    known = (pd.Series(industry).isin(wastewater_industries().index).to_numpy()
             & pd.Series(path).isin(wastewater_pathways().index).to_numpy())
    ensure_known(act, ~(known | special), "unknown industrial wastewater activity",
                 "<industry>:<pathway> (sectors/waste/data/wastewater_industries.csv, "
                 f"wastewater_pathways.csv), {SLUDGE} [kt COD] or {RECOVERED} [kt CH4]")
    keyed = act["value"].isna().to_numpy()
    k = act[keyed & ~special]
    if len(k):
        frames.append(keyed_rows(k, ("CH4",), tier=inp.tier_of(k, "CH4"),
                                 method="wastewater_ch4", equation=EQ_CH4_IND))
    sel = ~keyed & ~special
    rows = act[sel].reset_index(drop=True)
    if rows.empty:
        return frames, None
    ensure_known(rows, rows["unit"].to_numpy() != "kt", "production not in mass units for",
                 "the industry's production in t, kt ...")
    tier = inp.tier_of(rows, "CH4")
    w = inp.factor(rows, "W", "m3/t", activity=industry[sel], tier=tier)
    cod = inp.factor(rows, "COD", "kg/m3", activity=industry[sel], tier=tier)
    bo = inp.factor(rows, "Bo", "kg/kg", activity=path[sel], tier=tier)
    mcf = inp.factor(rows, "MCF", "fraction", activity=path[sel], tier=tier)
    prod = rows["value"].to_numpy(dtype=float)
    tow = total_organics_industrial(prod, w.value, cod.value)
    ef = wastewater_ch4_factor(bo.value, mcf.value)
    extra = act[~keyed]
    s_alloc, s_ids = _allocate(rows, tow, extra[extra["activity"] == SLUDGE],
                               "sludge removed (COD)")
    gross = (tow - s_alloc) * ef
    r_rows = extra[extra["activity"] == RECOVERED]
    r_alloc, r_ids = _allocate(rows, gross, r_rows, "CH4 recovered")
    ch4 = wastewater_ch4(tow, s_alloc, ef, r_alloc)
    frames.append(emission_rows(
        rows, gas="CH4", value=ch4, tier=tier, method="wastewater_ch4", equation=EQ_CH4_IND,
        activity_value=tow, activity_unit="kt", ief_unit="kg/kg",
        activity_ids=join_ids(rows["activity_id"], s_ids, r_ids), lookups=[w, cod, bo, mcf]))
    if len(r_rows):
        rv = r_rows["value"].to_numpy(dtype=float)
        frames.append(emission_rows(
            r_rows, gas="CH4", value=rv, tier=inp.tier_of(r_rows, "CH4"),
            method="wastewater_ch4", equation=EQ_CH4_IND, activity_value=rv,
            activity_unit="kt", ief_unit="t/t", memo=True))
    table = pd.DataFrame({
        "region": rows["region"].to_numpy(), "year": rows["year"].to_numpy(),
        "category": rows["category"].to_numpy(), "source": industry[sel], "pathway": path[sel],
        "population": np.nan, "utilisation": np.nan, "production": prod, "organics": "COD",
        "tow": tow, "sludge_removed": s_alloc, "ch4_ef": ef, "ch4_recovered": r_alloc,
        "ch4_emitted": ch4, "nitrogen": np.nan, "nitrogen_effluent": np.nan,
        "n2o_plant": np.nan, "n2o_effluent": np.nan})
    return frames, table


def compute_wastewater(inp: MethodInput) -> MethodResult:
    act = inp.activity
    cat = act["category"].to_numpy()
    ensure_known(act, ~np.isin(cat, ["4.D.1", "4.D.2"]), "activity for category",
                 "4.D.1 domestic or 4.D.2 industrial wastewater")
    ensure_known(act, act["value"].to_numpy(dtype=float) < 0, "negative value for",
                 "a value >= 0")
    frames, tables = [], []
    dom = cat == "4.D.1"
    for part, fn in ((dom, _domestic), (~dom, _industrial)):
        if part.any():
            f, t = fn(inp, act[part])
            frames += f
            tables.append(t)
    tables = [t for t in tables if t is not None]
    out = {WASTEWATER_TABLE: pd.concat(tables, ignore_index=True)} if tables else {}
    return MethodResult(concat_emissions(frames), out)


def _population(rows: pd.DataFrame) -> np.ndarray:
    return rows["activity"].astype(str).str.startswith("population:").to_numpy()


def _production(rows: pd.DataFrame) -> np.ndarray:
    return ((rows["category"] == "4.D.2")
            & ~rows["activity"].isin([SLUDGE, RECOVERED])).to_numpy()


def _treated(rows: pd.DataFrame) -> np.ndarray:
    return _population(rows) | _production(rows)


# Parameters keyed by the category only ('*' activity) are checked before computing; those
# keyed by the pathway, income group, industry or IPCC region inside or beside the activity id
# are looked up as the method runs (misses collected into one message).
_NEEDS = (Need("Bo", unit="kg/kg", when=_treated),
          Need("protein", unit="kg/head/year", when=_population),
          Need("F_NPR", unit="kg/kg", when=_population),
          Need("F_NON_CON", unit="fraction", when=_population),
          Need("EF_effluent", "N2O", unit="kg/kg", when=_population))
_COUNTRY_DATA = {"T": "any", "protein": "any", "BOD": "any"}
_DEFAULTS = ("Bo", "MCF", "I", "W", "COD", "F_NPR", "F_NON_CON", "F_IND_COM", "N_REM",
             "EF_plant", "EF_effluent")

register(SourceMethod(
    name="wastewater",
    sector="waste",
    categories=("4.D",),
    gases=("CH4", "N2O"),
    tiers={
        1: TierSpec(1, "IPCC defaults (2006 Vol.5 Ch.6 Tables 6.2, 6.4, 6.8, 6.9, 6.11; 2019 "
                       "Refinement Tables 6.3, 6.8A, 6.10c); utilisation, protein and BOD per "
                       "person are country data",
                    factors={**dict.fromkeys(_DEFAULTS, "default"), **_COUNTRY_DATA},
                    requires=_NEEDS),
        2: TierSpec(2, "country-specific factors where given (e.g. the MCF of a prominent "
                       "treatment system), IPCC defaults elsewhere (Vol.5 Ch.6 Sect. 6.2.2.1)",
                    factors={**dict.fromkeys(_DEFAULTS, "any"), **_COUNTRY_DATA},
                    requires=_NEEDS),
    },
    compute=compute_wastewater,
    doc=__doc__ or "",
    tier_per_gas=True,
))
