"""Managed soils: direct N2O (3.C.4 -> CRT 3.D.a) and indirect N2O (3.C.5 -> CRT 3.D.b).

IPCC 2006 Vol.4 Ch.11 with the 2019 Refinement's aggregated default factors (Tables 11.1 and
11.3; which values changed is stated in the factor CSVs). N sources:

* ``synthetic_fertiliser`` [kt N] (F_SN) and ``synthetic_fertiliser_flooded_rice`` (EF1FR);
* organic N (F_ON): animal manure applied (F_AM, computed from manure management, Eq. 10.34),
  ``sewage_sludge``, ``compost``, ``other_organic`` [kt N];
* urine and dung deposited by grazing animals (F_PRP, computed from the pasture share of the
  livestock, Eq. 11.5 form) with EF3PRP by animal group;
* crop residues (F_CR, Eq. 11.6 with Crop(T) from Eq. 11.7 and the Table 11.2 residue
  equations) from ``<crop>:production`` [kt fresh weight] and ``<crop>:area`` [ha], less the
  area burnt (3.C.1.b rows ``<crop>``) times the combustion factor;
* mineralisation from soil organic matter loss (F_SOM, Eq. 11.8) from ``soil_carbon_loss``
  [kt C] on cropland remaining cropland only (land-use change: LULUCF);
* drained organic soils ``organic_soils_temperate`` / ``organic_soils_tropical`` [ha] (F_OS).

Indirect: N volatilised (Eq. 11.9) and leached (Eq. 11.10, where leaching occurs).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.factors import FactorDB

from .common import (
    N2O_PER_N2O_N,
    AgriOptions,
    crops,
    emission_rows,
    ensure_known,
    is_2019r,
    join_ids,
    keyed_rows,
    lookup_chain,
    moisture_key,
    safe_ratio,
    split_ids,
    values_in,
)

__all__ = ["direct_n2o_from_n", "crop_dry_matter_yield", "above_ground_residue_dry_matter",
           "crop_residue_n", "som_mineralised_n", "organic_soil_n2o", "n_volatilised_soils",
           "n_leached_soils", "managed_soils", "N_SOURCES", "CROP_ATTRIBUTES"]

# plain activity ids of 3.C.4 -> (unit, what)
N_SOURCES = {
    "synthetic_fertiliser": ("kt", "synthetic fertiliser N (F_SN)"),
    "synthetic_fertiliser_flooded_rice": ("kt", "synthetic fertiliser N to flooded rice"),
    "sewage_sludge": ("kt", "N in sewage sludge applied (F_SEW)"),
    "compost": ("kt", "N in compost applied (F_COMP)"),
    "other_organic": ("kt", "N in other organic amendments (F_OOA)"),
    "soil_carbon_loss": ("kt", "soil C lost from mineral soils of cropland remaining cropland"),
    "organic_soils_temperate": ("ha", "drained organic soils, temperate/boreal"),
    "organic_soils_tropical": ("ha", "drained organic soils, tropical"),
}
CROP_ATTRIBUTES = {"production": ("kt", "crop production (fresh weight)"),
                   "area": ("ha", "area harvested"),
                   "frac_removed": ("fraction", "fraction of above-ground residues removed")}
_EQ_DIRECT = "IPCC 2006 Vol.4 Ch.11 Eq. 11.1"
_EQ_CR = "IPCC 2006 Vol.4 Ch.11 Eqs. 11.1, 11.6, 11.7, Table 11.2"
_EQ_SOM = "IPCC 2006 Vol.4 Ch.11 Eqs. 11.1, 11.8"
_EQ_VOL = "IPCC 2006 Vol.4 Ch.11 Eq. 11.9"
_EQ_LEACH = "IPCC 2006 Vol.4 Ch.11 Eq. 11.10"
KG_PER_KT = 1e6


# ---------------------------------------------------------------- equations
def direct_n2o_from_n(n_input, emission_factor):
    """Direct N2O from an N input to managed soils.

    Parameters
    ----------
    n_input : array-like [kg N yr-1]
    emission_factor : array-like [kg N2O-N (kg N)-1] EF1, EF1FR or EF3PRP

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.1: N2O-N = F x EF; N2O = N2O-N x 44/28 (/10^6 for kt).
    """
    return (np.asarray(n_input, dtype=float) * np.asarray(emission_factor, dtype=float)
            * N2O_PER_N2O_N * 1e-6)


def organic_soil_n2o(area, ef2):
    """Direct N2O from drained/managed organic soils.

    Parameters
    ----------
    area : array-like [ha]
    ef2 : array-like [kg N2O-N ha-1 yr-1]

    Returns
    -------
    array-like [kt N2O]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.1 (N2O-N_OS = F_OS x EF2).
    """
    return np.asarray(area, dtype=float) * np.asarray(ef2, dtype=float) * N2O_PER_N2O_N * 1e-6


def crop_dry_matter_yield(production_fresh, area, dry):
    """Harvested dry matter yield.

    Parameters
    ----------
    production_fresh : array-like [kg fresh weight yr-1]
    area : array-like [ha] harvested
    dry : array-like [fraction] dry matter fraction (Table 11.2)

    Returns
    -------
    array-like [kg dm ha-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.7: Crop(T) = Yield_Fresh(T) x DRY.
    """
    return safe_ratio(np.asarray(production_fresh, dtype=float), area) * np.asarray(dry,
                                                                                    dtype=float)


def above_ground_residue_dry_matter(crop_yield, slope, intercept):
    """Above-ground residue dry matter from the harvested yield.

    Parameters
    ----------
    crop_yield : array-like [kg dm ha-1]
    slope : array-like [-]; intercept : array-like [t dm ha-1] (Table 11.2)

    Returns
    -------
    array-like [t dm ha-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Table 11.2: AG_DM(T) = Crop(T) / 1000 x slope(T) + intercept(T).
    """
    return (np.asarray(crop_yield, dtype=float) / 1000.0 * np.asarray(slope, dtype=float)
            + np.asarray(intercept, dtype=float))


def crop_residue_n(crop_yield, area, area_burnt, combustion_factor, frac_renew, ag_dm, n_ag,
                   frac_remove, r_bg_bio, n_bg):
    """N in crop residues returned to soils.

    Parameters
    ----------
    crop_yield : array-like [kg dm ha-1] Crop(T) (Eq. 11.7)
    area, area_burnt : array-like [ha] harvested and burnt area
    combustion_factor : array-like [fraction] C_f (Vol.4 Ch.2 Table 2.6)
    frac_renew : array-like [fraction] share of the area renewed (1 for annual crops)
    ag_dm : array-like [t dm ha-1] above-ground residues (Table 11.2)
    n_ag, n_bg : array-like [kg N (kg dm)-1] N content of above/below-ground residues
    frac_remove : array-like [fraction] above-ground residues removed
    r_bg_bio : array-like [-] below-ground residues to above-ground biomass

    Returns
    -------
    array-like [kg N yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.6 with the Table 11.2 ratios
    R_AG = AG_DM x 1000 / Crop and R_BG = R_BG-BIO x (AG_DM x 1000 + Crop) / Crop:
    F_CR = Crop x (Area - Area_burnt x C_f) x Frac_Renew x [R_AG x N_AG x (1 - Frac_Remove)
    + R_BG x N_BG].
    """
    crop = np.asarray(crop_yield, dtype=float)
    agdm = np.asarray(ag_dm, dtype=float)
    r_ag = safe_ratio(agdm * 1000.0, crop)
    r_bg = np.asarray(r_bg_bio, dtype=float) * safe_ratio(agdm * 1000.0 + crop, crop)
    eff_area = np.asarray(area, dtype=float) - np.asarray(area_burnt, dtype=float) * np.asarray(
        combustion_factor, dtype=float)
    out = crop * eff_area * np.asarray(frac_renew, dtype=float) * (
        r_ag * np.asarray(n_ag, dtype=float) * (1 - np.asarray(frac_remove, dtype=float))
        + r_bg * np.asarray(n_bg, dtype=float))
    return np.where(crop > 0, out, 0.0)


def som_mineralised_n(carbon_loss, cn_ratio):
    """N mineralised with the loss of soil organic C.

    Parameters
    ----------
    carbon_loss : array-like [kg C yr-1] loss of soil C of mineral soils
    cn_ratio : array-like [-] C:N ratio R of soil organic matter

    Returns
    -------
    array-like [kg N yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.8: F_SOM = dC_Mineral x 1/R.
    """
    return np.asarray(carbon_loss, dtype=float) / np.asarray(cn_ratio, dtype=float)


def n_volatilised_soils(f_sn, f_on_prp, frac_gasf, frac_gasm):
    """N volatilised as NH3 and NOx from managed soils.

    Parameters
    ----------
    f_sn : array-like [kg N yr-1] synthetic fertiliser N
    f_on_prp : array-like [kg N yr-1] organic N applied plus urine and dung N
    frac_gasf, frac_gasm : array-like [fraction] Table 11.3

    Returns
    -------
    array-like [kg N yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.9 (before x EF4): F_SN x Frac_GASF + (F_ON + F_PRP) x
    Frac_GASM.
    """
    return (np.asarray(f_sn, dtype=float) * np.asarray(frac_gasf, dtype=float)
            + np.asarray(f_on_prp, dtype=float) * np.asarray(frac_gasm, dtype=float))


def n_leached_soils(n_inputs, frac_leach):
    """N lost by leaching and runoff from managed soils.

    Parameters
    ----------
    n_inputs : array-like [kg N yr-1] F_SN + F_ON + F_PRP + F_CR + F_SOM
    frac_leach : array-like [fraction] FracLEACH-(H), 0 where leaching does not occur

    Returns
    -------
    array-like [kg N yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.10 (before x EF5).
    """
    return np.asarray(n_inputs, dtype=float) * np.asarray(frac_leach, dtype=float)


# ---------------------------------------------------------------- compute
def _crop_residues(cr: pd.DataFrame, burnt: pd.DataFrame, factors: FactorDB) -> pd.DataFrame:
    """F_CR per region, year and crop [kg N] from the crop rows of 3.C.4."""
    keys = ["region", "year", "crop"]
    wide = cr.pivot(index=keys, columns="attr", values="v")
    for a in CROP_ATTRIBUTES:
        if a not in wide:
            wide[a] = np.nan
    meta = cr.groupby(keys).agg(ids=("activity_id", ";".join), ref=("source_ref", "first"),
                                keyed=("v", lambda s: s.isna().all()))
    wide = wide.join(meta).reset_index()
    for a in ("production", "area"):
        miss = wide[a].isna() & ~wide["keyed"]
        if miss.any():
            r = wide[miss].iloc[0]
            raise InputError(f"crop residues of {r['crop']} in {r['region']} {int(r['year'])} "
                             f"need '{r['crop']}:{a}'", r["ref"],
                             f"a row {r['crop']}:{a} in 3.C.4 [{CROP_ATTRIBUTES[a][0]}]")
    wide = wide[~wide["keyed"]].reset_index(drop=True)
    if burnt is not None and len(burnt):
        b = burnt.groupby(["region", "year", "crop"], as_index=False).agg(
            area_burnt=("v", "sum"), burnt_ids=("activity_id", ";".join))
        wide = wide.merge(b, on=keys, how="left")
    else:
        wide["area_burnt"] = np.nan
        wide["burnt_ids"] = ""
    wide["area_burnt"] = wide["area_burnt"].fillna(0.0)
    wide["burnt_ids"] = wide["burnt_ids"].fillna("")
    rows = pd.DataFrame({"region": wide["region"], "year": wide["year"], "category": "3.C.4",
                         "activity": wide["crop"], "source_ref": wide["ref"]})
    c = wide["crop"].to_numpy()
    look = {p: lookup_chain(factors, rows, p, u, [c]) for p, u in (
        ("DRY", "fraction"), ("AG_slope", "fraction"), ("AG_intercept", "t/ha"),
        ("N_AG", "fraction"), ("R_BG_BIO", "fraction"), ("N_BG", "fraction"))}
    burning_rows = rows.assign(category="3.C.1.b")
    cf = lookup_chain(factors, burning_rows, "C_f", "fraction", [c],
                      required=False)
    burnt_pos = wide["area_burnt"].to_numpy() > 0
    if (burnt_pos & ~cf.found).any():
        r = wide[burnt_pos & ~cf.found].iloc[0]
        raise InputError(f"no combustion factor C_f for burnt {r['crop']} residues",
                         r["ref"], "a parameter row 'C_f' for the crop (Vol.4 Ch.2 Table 2.6)")
    renew = lookup_chain(factors, rows, "Frac_Renew", "fraction", [c])
    remove_p = lookup_chain(factors, rows, "Frac_Remove", "fraction", [c])
    remove = np.where(wide["frac_removed"].notna(), wide["frac_removed"], remove_p.value)
    crop_yield = crop_dry_matter_yield(wide["production"].to_numpy() * KG_PER_KT,
                                       wide["area"], look["DRY"].value)
    agdm = above_ground_residue_dry_matter(crop_yield, look["AG_slope"].value,
                                           look["AG_intercept"].value)
    wide["n"] = crop_residue_n(crop_yield, wide["area"], wide["area_burnt"],
                               np.where(cf.found, cf.value, 0.0), renew.value, agdm,
                               look["N_AG"].value, remove, look["R_BG_BIO"].value,
                               look["N_BG"].value)
    wide["ids"] = join_ids(wide["ids"].to_numpy(), wide["burnt_ids"].to_numpy())
    wide["pids"] = join_ids(*(lk.parameter_id for lk in look.values()), renew.parameter_id,
                            np.where(wide["frac_removed"].notna(), "",
                                     remove_p.parameter_id),
                            np.where(burnt_pos, cf.parameter_id, ""))
    wide["layer"] = look["N_AG"].layer
    wide["source"] = look["N_AG"].source
    wide["crop_yield"] = crop_yield
    wide["ag_dm"] = agdm
    return wide


def managed_soils(act: pd.DataFrame, tiers: dict[str, int], factors: FactorDB,
                  opts: AgriOptions, flows: pd.DataFrame | None,
                  burnt: pd.DataFrame | None) -> list[pd.DataFrame]:
    """Emission rows of 3.C.4 and 3.C.5 for the 3.C.4 activity rows plus the livestock N
    ``flows`` (manure applied, pasture deposits) and burnt crop areas ``burnt``."""
    base, attr = split_ids(act["activity"])
    is_crop = base.isin(crops().index) & attr.isin(list(CROP_ATTRIBUTES))
    is_src = attr.eq("") & base.isin(list(N_SOURCES))
    ensure_known(act, is_crop | is_src, "soil N source",
                 f"one of {', '.join(N_SOURCES)}, or <crop>:production|area|frac_removed with "
                 f"a crop of sectors/agriculture/data/crops.csv ({', '.join(crops().index)})")
    tier = tiers.get("3.C.4", 1)
    frames = []
    src = act[is_src.to_numpy()].assign(src=base[is_src].to_numpy())
    keyed = src[src["value"].isna()]
    if len(keyed):
        frames.append(keyed_rows(keyed, "3.C.4", keyed["src"], ("N2O",), tier,
                                 "direct_n2o_from_n", _EQ_DIRECT, "kg", "kg/kg"))
    src = src[src["value"].notna()].copy()
    v = np.full(len(src), np.nan)
    for s, (unit, what) in N_SOURCES.items():
        sel = (src["src"] == s).to_numpy()
        if sel.any():
            v[sel] = values_in(src[sel], unit, what)
    src["v"] = v
    # one frame of N inputs [kg N] per region, year, source
    ins = []
    n_kt = ~src["src"].str.startswith("organic_soils")
    s1 = src[n_kt & (src["src"] != "soil_carbon_loss")]
    ins.append(pd.DataFrame({"region": s1["region"], "year": s1["year"], "source": s1["src"],
                             "n": s1["v"] * KG_PER_KT, "ids": s1["activity_id"], "pids": "",
                             "group": ""}))
    som = src[src["src"] == "soil_carbon_loss"]
    if len(som):
        q = som.assign(activity="*")
        r = lookup_chain(factors, q, "R_CN", "fraction", ["*"], what="C:N ratio R")
        ins.append(pd.DataFrame({"region": som["region"], "year": som["year"],
                                 "source": "som_mineralisation",
                                 "n": som_mineralised_n(som["v"] * KG_PER_KT, r.value),
                                 "ids": som["activity_id"], "pids": r.parameter_id,
                                 "group": ""}))
    cr_rows = act[is_crop.to_numpy()].assign(crop=base[is_crop].to_numpy(),
                                             attr=attr[is_crop].to_numpy())
    cr = pd.DataFrame()
    if len(cr_rows):
        vv = np.full(len(cr_rows), np.nan)
        for a, (unit, what) in CROP_ATTRIBUTES.items():
            sel = (cr_rows["attr"] == a).to_numpy() & cr_rows["value"].notna().to_numpy()
            if sel.any():
                vv[sel] = values_in(cr_rows[sel], unit, what)
        cr_rows["v"] = vv
        cr = _crop_residues(cr_rows, burnt, factors)
        ins.append(pd.DataFrame({"region": cr["region"], "year": cr["year"],
                                 "source": "crop_residues:" + cr["crop"], "n": cr["n"],
                                 "ids": cr["ids"], "pids": cr["pids"], "group": ""}))
    if flows is not None and len(flows):
        applied = flows[flows["fate"] == "managed"].groupby(["region", "year"], as_index=False) \
            .agg(n=("n_applied", "sum"), ids=("ids", lambda s: ";".join(dict.fromkeys(s))),
                 pids=("pid_loss", lambda s: ";".join(dict.fromkeys(p for p in s if p))))
        ins.append(applied.assign(source="animal_manure_applied", group=""))
        prp = flows[flows["fate"] == "pasture"].groupby(["region", "year", "prp_group"],
                                                        as_index=False).agg(
            n=("n", "sum"), ids=("ids", lambda s: ";".join(dict.fromkeys(s))))
        ins.append(prp.assign(source="urine_dung_grazing", pids="",
                              group=prp["prp_group"]).drop(columns="prp_group"))
    inputs = pd.concat([f for f in ins if len(f)], ignore_index=True) if any(
        len(f) for f in ins) else pd.DataFrame(columns=["region", "year", "source", "n", "ids",
                                                        "pids", "group"])
    if len(inputs):
        frames += _direct(inputs, factors, tier, opts)
        frames += _indirect(inputs, factors, opts, tier)
    areas = src[src["src"].str.startswith("organic_soils")]
    if len(areas):
        q = areas.assign(activity=areas["src"])
        ef2 = lookup_chain(factors, q, "EF2", "kg/ha/yr", [areas["src"].to_numpy()], gas="N2O")
        frames.append(emission_rows(
            areas, category="3.C.4", activity=areas["src"].to_numpy(), gas="N2O",
            value=organic_soil_n2o(areas["v"], ef2.value), tier=tier,
            method="organic_soil_n2o", equation=_EQ_DIRECT, activity_value=areas["v"],
            activity_unit="ha", ief=ef2.value * N2O_PER_N2O_N, ief_unit="kg/ha",
            factor_layer=ef2.layer, factor_source=ef2.source,
            activity_ids=areas["activity_id"].to_numpy(), parameter_ids=ef2.parameter_id))
    return frames


def _direct(inputs: pd.DataFrame, factors: FactorDB, tier: int,
            opts: AgriOptions) -> list[pd.DataFrame]:
    """3.C.4 rows: one per region, year and N source (grazing: both EF3PRP groups summed).

    Under the 2019 Refinement with options.agriculture.soil_moisture, EF1 and EF3PRP take the
    values of Table 11.1 disaggregated by climate (EF1: synthetic fertiliser and other inputs
    in wet climates, all inputs in dry climates)."""
    q = pd.DataFrame({"region": inputs["region"], "year": inputs["year"], "category": "3.C.4",
                      "activity": inputs["source"], "source_ref": None})
    layers = ("ipcc_default",) if tier == 1 else None
    ef1_key: object = "*"
    if is_2019r(factors) and opts.soil_moisture == "wet":
        ef1_key = np.where(inputs["source"].str.startswith("synthetic_fertiliser"),
                           "synthetic@wet", "other@wet")
    elif is_2019r(factors) and opts.soil_moisture == "dry":
        ef1_key = "all@dry"
    ef1 = lookup_chain(factors, q, "EF1", "fraction", [ef1_key], gas="N2O", layers=layers)
    ef1fr = lookup_chain(factors, q, "EF1FR", "fraction", ["*"], gas="N2O", layers=layers)
    group = pd.Series(np.where(inputs["group"] != "", inputs["group"], "CPP"))
    keys3 = [group.to_numpy()]
    if is_2019r(factors) and opts.soil_moisture:
        keys3.insert(0, (group + "@" + opts.soil_moisture).to_numpy())
    ef3 = lookup_chain(factors, q, "EF3PRP", "fraction", keys3, gas="N2O", layers=layers)
    is_rice = (inputs["source"] == "synthetic_fertiliser_flooded_rice").to_numpy()
    is_prp = (inputs["source"] == "urine_dung_grazing").to_numpy()
    ef = np.where(is_prp, ef3.value, np.where(is_rice, ef1fr.value, ef1.value))
    pid = np.where(is_prp, ef3.parameter_id, np.where(is_rice, ef1fr.parameter_id,
                                                       ef1.parameter_id))
    d = inputs.assign(kt=direct_n2o_from_n(inputs["n"], ef), efpid=pid,
                      layer=np.where(is_prp, ef3.layer, ef1.layer),
                      src=np.where(is_prp, ef3.source, np.where(is_rice, ef1fr.source,
                                                                ef1.source)))
    g = d.groupby(["region", "year", "source"], as_index=False, sort=False).agg(
        kt=("kt", "sum"), n=("n", "sum"), ids=("ids", lambda s: ";".join(dict.fromkeys(s))),
        pids=("pids", lambda s: ";".join(dict.fromkeys(p for p in s if p))),
        efpid=("efpid", lambda s: ";".join(dict.fromkeys(s))), layer=("layer", "first"),
        src=("src", "first"))
    eq = np.where(g["source"].str.startswith("crop_residues"), _EQ_CR,
                  np.where(g["source"] == "som_mineralisation", _EQ_SOM, _EQ_DIRECT))
    meth = np.where(g["source"].str.startswith("crop_residues"), "crop_residue_n",
                    np.where(g["source"] == "som_mineralisation", "som_mineralised_n",
                             "direct_n2o_from_n"))
    f = emission_rows(g, category="3.C.4", activity=g["source"].to_numpy(), gas="N2O",
                      value=g["kt"], tier=tier, method="direct_n2o_from_n", equation=_EQ_DIRECT,
                      activity_value=g["n"], activity_unit="kg",
                      ief=safe_ratio(g["kt"] * 1e6, g["n"]), ief_unit="kg/kg",
                      factor_layer=g["layer"].to_numpy(), factor_source=g["src"].to_numpy(),
                      activity_ids=g["ids"].to_numpy(),
                      parameter_ids=join_ids(g["pids"].to_numpy(), g["efpid"].to_numpy()))
    f["equation"] = eq
    f["method"] = meth
    return [f]


def _indirect(inputs: pd.DataFrame, factors: FactorDB, opts: AgriOptions,
              tier: int) -> list[pd.DataFrame]:
    """3.C.5 rows per region and year: atmospheric deposition and leaching/runoff."""
    s = inputs["source"]
    syn = s.str.startswith("synthetic_fertiliser")
    org = s.isin(["animal_manure_applied", "sewage_sludge", "compost", "other_organic",
                  "urine_dung_grazing"])
    w = inputs.assign(f_sn=np.where(syn, inputs["n"], 0.0),
                      f_org=np.where(org, inputs["n"], 0.0))
    g = w.groupby(["region", "year"], as_index=False).agg(
        f_sn=("f_sn", "sum"), f_org=("f_org", "sum"), total=("n", "sum"),
        ids=("ids", lambda x: ";".join(dict.fromkeys(x))))
    q = pd.DataFrame({"region": g["region"], "year": g["year"], "category": "3.C.5",
                      "activity": "*", "source_ref": None})
    layers = ("ipcc_default",) if tier == 1 else None
    gasf = lookup_chain(factors, q, "Frac_GASF", "fraction", ["*"], layers=layers)
    gasm = lookup_chain(factors, q, "Frac_GASM", "fraction", ["*"], layers=layers)
    ef4 = lookup_chain(factors, q, "EF4", "fraction", [moisture_key(opts, factors)], gas="N2O",
                       layers=layers)
    n_vol = n_volatilised_soils(g["f_sn"], g["f_org"], gasf.value, gasm.value)
    from .livestock import indirect_n2o_from_n

    vol = emission_rows(
        g, category="3.C.5", activity="atmospheric_deposition", gas="N2O",
        value=indirect_n2o_from_n(n_vol, ef4.value), tier=tier, method="indirect_n2o_from_n",
        equation=_EQ_VOL, activity_value=n_vol, activity_unit="kg",
        ief=ef4.value * N2O_PER_N2O_N, ief_unit="kg/kg", factor_layer=ef4.layer,
        factor_source=ef4.source, activity_ids=g["ids"].to_numpy(),
        parameter_ids=join_ids(gasf.parameter_id, gasm.parameter_id, ef4.parameter_id))
    if not opts.leaching:
        leach = emission_rows(
            g, category="3.C.5", activity="leaching_runoff", gas="N2O",
            value=np.full(len(g), np.nan), tier=tier, method="indirect_n2o_from_n",
            equation=_EQ_LEACH, activity_value=np.full(len(g), np.nan), activity_unit="kg",
            ief=np.full(len(g), np.nan), ief_unit="kg/kg", factor_layer=None,
            factor_source=None, activity_ids=g["ids"].to_numpy(), parameter_ids="")
        leach["notation_key"] = "NO"   # FracLEACH = 0 where leaching does not occur
        return [vol, leach]
    fl = lookup_chain(factors, q, "Frac_LEACH", "fraction", ["*"], layers=layers)
    ef5 = lookup_chain(factors, q, "EF5", "fraction", ["*"], gas="N2O", layers=layers)
    n_leach = n_leached_soils(g["total"], fl.value)
    leach = emission_rows(
        g, category="3.C.5", activity="leaching_runoff", gas="N2O",
        value=indirect_n2o_from_n(n_leach, ef5.value), tier=tier,
        method="indirect_n2o_from_n", equation=_EQ_LEACH, activity_value=n_leach,
        activity_unit="kg", ief=ef5.value * N2O_PER_N2O_N, ief_unit="kg/kg",
        factor_layer=ef5.layer, factor_source=ef5.source, activity_ids=g["ids"].to_numpy(),
        parameter_ids=join_ids(fl.parameter_id, ef5.parameter_id))
    return [vol, leach]
