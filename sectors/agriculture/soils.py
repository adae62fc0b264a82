"""Managed soils: direct N2O (3.C.4 -> CRT 3.D.a) and indirect N2O (3.C.5 -> CRT 3.D.b).

IPCC 2006 Vol.4 Ch.11 with the default factors (Tables 11.1 and 11.3) of the project's
guideline edition: ``ipcc2006`` the printed 2006 values, ``ipcc2006_2019r`` the 2019
Refinement's aggregated values or, with ``options.agriculture.soil_moisture`` (wet | dry), its
values disaggregated by climate (EF1, EF3PRP, EF4). N sources:

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
from inventory.factors import Lookup
from inventory.lookups import grouped, merged, no_lookup, restrict, scatter, stack, take
from inventory.methods import MethodInput, emission_rows, join_ids, keyed_rows

from .common import (
    N2O_PER_N2O_N,
    AgriOptions,
    crops,
    ensure_known,
    factor_chain,
    is_2019r,
    moisture_key,
    safe_ratio,
    split_ids,
    values_in,
)
from .livestock import Livestock, indirect_n2o_from_n

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
def _crop_residues(inp: MethodInput, cr: pd.DataFrame, burnt: pd.DataFrame | None,
                   tier: int) -> tuple[pd.DataFrame, Lookup]:
    """F_CR per region, year and crop [kg N] from the crop rows of 3.C.4, with the lookups
    each value used (Table 11.2 residue data, renewal and removal fractions, C_f of the burnt
    share)."""
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
    look = {p: inp.factor(rows, p, u, tier=tier) for p, u in (
        ("DRY", "fraction"), ("AG_slope", "fraction"), ("AG_intercept", "t/ha"),
        ("N_AG", "fraction"), ("R_BG_BIO", "fraction"), ("N_BG", "fraction"))}
    cf = inp.factor(rows.assign(category="3.C.1.b"), "C_f", "fraction", tier=tier,
                    required=False)
    burnt_pos = wide["area_burnt"].to_numpy() > 0
    if (burnt_pos & ~cf.found).any():
        r = wide[burnt_pos & ~cf.found].iloc[0]
        raise InputError(f"no combustion factor C_f for burnt {r['crop']} residues",
                         r["ref"], "a parameter row 'C_f' for the crop (Vol.4 Ch.2 Table 2.6)")
    renew = inp.factor(rows, "Frac_Renew", "fraction", tier=tier)
    given = wide["frac_removed"].notna().to_numpy()
    remove_p = scatter(inp.factor(rows[~given], "Frac_Remove", "fraction", tier=tier), ~given)
    remove = np.where(given, wide["frac_removed"], remove_p.value)
    crop_yield = crop_dry_matter_yield(wide["production"].to_numpy() * KG_PER_KT,
                                       wide["area"], look["DRY"].value)
    agdm = above_ground_residue_dry_matter(crop_yield, look["AG_slope"].value,
                                           look["AG_intercept"].value)
    wide["n"] = crop_residue_n(crop_yield, wide["area"], wide["area_burnt"],
                               np.where(cf.found, cf.value, 0.0), renew.value, agdm,
                               look["N_AG"].value, remove, look["R_BG_BIO"].value,
                               look["N_BG"].value)
    wide["ids"] = join_ids(wide["ids"].to_numpy(), wide["burnt_ids"].to_numpy())
    wide["frac_remove"] = remove
    wide["crop_yield"] = crop_yield
    wide["ag_dm"] = agdm
    used = merged([*look.values(), renew, remove_p, restrict(cf, burnt_pos)], len(wide))
    return wide, used


def managed_soils(inp: MethodInput, act: pd.DataFrame, opts: AgriOptions,
                  live: Livestock | None, burnt: pd.DataFrame | None
                  ) -> tuple[list[pd.DataFrame], dict[str, pd.DataFrame]]:
    """Emission rows of 3.C.4 and 3.C.5 for the 3.C.4 activity rows plus the livestock N
    flows (manure applied, pasture deposits) and burnt crop areas ``burnt``, and the
    background table ``agriculture.crop_residues``. The tiers are those set for 3.C.4 and
    3.C.5, whether or not the project has activity rows in them."""
    base, attr = split_ids(act["activity"])
    is_crop = base.isin(crops().index) & attr.isin(list(CROP_ATTRIBUTES))
    is_src = attr.eq("") & base.isin(list(N_SOURCES))
    ensure_known(act, is_crop | is_src, "soil N source",
                 f"one of {', '.join(N_SOURCES)}, or <crop>:production|area|frac_removed with "
                 f"a crop of sectors/agriculture/data/crops.csv ({', '.join(crops().index)})")
    t4 = inp.category_tier("3.C.4", "N2O")
    t5 = inp.category_tier("3.C.5", "N2O")
    frames = []
    tables: dict[str, pd.DataFrame] = {}
    src = act[is_src.to_numpy()].assign(src=base[is_src].to_numpy())
    keyed = src[src["value"].isna()]
    if len(keyed):
        unit = np.where(keyed["src"].str.startswith("organic_soils"), "ha", "kg")
        frames.append(keyed_rows(keyed, ("N2O",), tier=t4, category="3.C.4",
                                 activity=keyed["src"].to_numpy(), method="direct_n2o_from_n",
                                 equation=_EQ_DIRECT, activity_unit=unit))
    src = src[src["value"].notna()].copy()
    v = np.full(len(src), np.nan)
    for s, (unit, what) in N_SOURCES.items():
        sel = (src["src"] == s).to_numpy()
        if sel.any():
            v[sel] = values_in(src[sel], unit, what)
    src["v"] = v
    # N inputs [kg N] per region, year and source, each with the lookups behind it
    ins: list[tuple[pd.DataFrame, Lookup]] = []
    n_kt = ~src["src"].str.startswith("organic_soils")
    s1 = src[n_kt & (src["src"] != "soil_carbon_loss")]
    ins.append((pd.DataFrame({"region": s1["region"], "year": s1["year"], "source": s1["src"],
                              "n": s1["v"] * KG_PER_KT, "ids": s1["activity_id"],
                              "group": ""}), no_lookup(len(s1))))
    som = src[src["src"] == "soil_carbon_loss"]
    if len(som):
        r = inp.factor(som.assign(activity="*"), "R_CN", "fraction", tier=t4)
        ins.append((pd.DataFrame({"region": som["region"], "year": som["year"],
                                  "source": "som_mineralisation",
                                  "n": som_mineralised_n(som["v"] * KG_PER_KT, r.value),
                                  "ids": som["activity_id"], "group": ""}), r))
    cr_rows = act[is_crop.to_numpy()].assign(crop=base[is_crop].to_numpy(),
                                             attr=attr[is_crop].to_numpy())
    if len(cr_rows):
        vv = np.full(len(cr_rows), np.nan)
        for a, (unit, what) in CROP_ATTRIBUTES.items():
            sel = (cr_rows["attr"] == a).to_numpy() & cr_rows["value"].notna().to_numpy()
            if sel.any():
                vv[sel] = values_in(cr_rows[sel], unit, what)
        cr_rows["v"] = vv
        cr, used = _crop_residues(inp, cr_rows, burnt, t4)
        ins.append((pd.DataFrame({"region": cr["region"], "year": cr["year"],
                                  "source": "crop_residues:" + cr["crop"], "n": cr["n"],
                                  "ids": cr["ids"], "group": ""}), used))
        tables["agriculture.crop_residues"] = cr[[
            "region", "year", "crop", "production", "area", "area_burnt", "frac_remove",
            "crop_yield", "ag_dm", "n"]].rename(columns={"n": "n_residues"})
    if live is not None and len(live.flows):
        flows = live.flows
        man = (flows["fate"] == "managed").to_numpy()
        by = flows[man].groupby(["region", "year"])
        applied = by.agg(n=("n_applied", "sum"),
                         ids=("ids", lambda s: ";".join(dict.fromkeys(s)))).reset_index()
        ins.append((applied.assign(source="animal_manure_applied", group=""),
                    grouped([take(live.loss, np.flatnonzero(man))], by.ngroup().to_numpy(),
                            len(applied))))
        prp = flows[flows["fate"] == "pasture"].groupby(["region", "year", "prp_group"],
                                                        as_index=False).agg(
            n=("n", "sum"), ids=("ids", lambda s: ";".join(dict.fromkeys(s))))
        ins.append((prp.assign(source="urine_dung_grazing", group=prp["prp_group"])
                    .drop(columns="prp_group"), no_lookup(len(prp))))
    ins = [(f, lk) for f, lk in ins if len(f)]
    if ins:
        inputs = pd.concat([f for f, _ in ins], ignore_index=True)
        used = stack([lk for _, lk in ins])
        frames += _direct(inp, inputs, used, t4, opts)
        frames += _indirect(inp, inputs, opts, t5)
    areas = src[src["src"].str.startswith("organic_soils")]
    if len(areas):
        ef2 = inp.factor(areas.assign(activity=areas["src"]), "EF2", "kg/ha/yr", "N2O",
                         tier=t4)
        frames.append(emission_rows(
            areas, gas="N2O", value=organic_soil_n2o(areas["v"], ef2.value), tier=t4,
            category="3.C.4", activity=areas["src"].to_numpy(), method="organic_soil_n2o",
            equation=_EQ_DIRECT, activity_value=areas["v"].to_numpy(), activity_unit="ha",
            ief_unit="kg/ha", lookups=[ef2]))
    return frames, tables


def _direct(inp: MethodInput, inputs: pd.DataFrame, used: Lookup, tier: int,
            opts: AgriOptions) -> list[pd.DataFrame]:
    """3.C.4 rows: one per region, year and N source (grazing: both EF3PRP groups summed).

    Under the 2019 Refinement with options.agriculture.soil_moisture, EF1 and EF3PRP take the
    values of Table 11.1 disaggregated by climate (EF1: synthetic fertiliser and other inputs
    in wet climates, all inputs in dry climates)."""
    q = pd.DataFrame({"region": inputs["region"], "year": inputs["year"], "category": "3.C.4",
                      "activity": inputs["source"], "source_ref": None})
    is_rice = (inputs["source"] == "synthetic_fertiliser_flooded_rice").to_numpy()
    is_prp = (inputs["source"] == "urine_dung_grazing").to_numpy()
    other = ~is_rice & ~is_prp
    r19 = is_2019r(inp.factors)
    ef1_key: object = "*"
    if r19 and opts.soil_moisture == "wet":
        ef1_key = np.where(inputs["source"].str.startswith("synthetic_fertiliser"),
                           "synthetic@wet", "other@wet")[other]
    elif r19 and opts.soil_moisture == "dry":
        ef1_key = "all@dry"
    ef1 = scatter(inp.factor(q[other], "EF1", "fraction", "N2O", tier=tier,
                             activity=ef1_key), other)
    ef1fr = scatter(inp.factor(q[is_rice], "EF1FR", "fraction", "N2O", tier=tier,
                               activity="*"), is_rice)
    group = pd.Series(inputs["group"].to_numpy(dtype=object)[is_prp])
    group = group.where(group != "", "CPP")
    keys3 = [group.to_numpy(dtype=object)]
    if r19 and opts.soil_moisture:
        keys3.insert(0, (group + "@" + opts.soil_moisture).to_numpy(dtype=object))
    ef3 = scatter(factor_chain(inp, q[is_prp], "EF3PRP", "fraction", keys3, gas="N2O",
                               tier=tier), is_prp)
    ef = np.where(is_prp, ef3.value, np.where(is_rice, ef1fr.value, ef1.value))
    d = inputs.assign(kt=direct_n2o_from_n(inputs["n"], ef))
    by = d.groupby(["region", "year", "source"], sort=False)
    g = by.agg(kt=("kt", "sum"), n=("n", "sum"),
               ids=("ids", lambda s: ";".join(dict.fromkeys(s)))).reset_index()
    codes = by.ngroup().to_numpy()
    is_cr = g["source"].str.startswith("crop_residues").to_numpy()
    is_som = (g["source"] == "som_mineralisation").to_numpy()
    return [emission_rows(
        g, gas="N2O", value=g["kt"].to_numpy(), tier=tier, category="3.C.4",
        activity=g["source"].to_numpy(),
        method=np.where(is_cr, "crop_residue_n",
                        np.where(is_som, "som_mineralised_n", "direct_n2o_from_n")),
        equation=np.where(is_cr, _EQ_CR, np.where(is_som, _EQ_SOM, _EQ_DIRECT)),
        activity_value=g["n"].to_numpy(), activity_unit="kg", ief_unit="kg/kg",
        activity_ids=g["ids"].to_numpy(),
        lookups=[grouped([used, ef1, ef1fr, ef3], codes, len(g))])]


def _indirect(inp: MethodInput, inputs: pd.DataFrame, opts: AgriOptions,
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
    gasf = inp.factor(q, "Frac_GASF", "fraction", tier=tier)
    gasm = inp.factor(q, "Frac_GASM", "fraction", tier=tier)
    ef4 = inp.factor(q, "EF4", "fraction", "N2O", tier=tier,
                     activity=moisture_key(opts, inp.factors))
    n_vol = n_volatilised_soils(g["f_sn"], g["f_org"], gasf.value, gasm.value)
    out = [emission_rows(
        g, gas="N2O", value=indirect_n2o_from_n(n_vol, ef4.value), tier=tier,
        category="3.C.5", activity="atmospheric_deposition", method="indirect_n2o_from_n",
        equation=_EQ_VOL, activity_value=np.asarray(n_vol, dtype=float), activity_unit="kg",
        ief_unit="kg/kg", activity_ids=g["ids"].to_numpy(), lookups=[gasf, gasm, ef4])]
    if not opts.leaching:   # FracLEACH = 0 where leaching does not occur
        no = g.assign(activity_id=g["ids"], notation_key="NO")
        out.append(keyed_rows(no, ("N2O",), tier=tier, category="3.C.5",
                              activity="leaching_runoff", method="indirect_n2o_from_n",
                              equation=_EQ_LEACH, activity_unit="kg"))
        return out
    fl = inp.factor(q, "Frac_LEACH", "fraction", tier=tier)
    ef5 = inp.factor(q, "EF5", "fraction", "N2O", tier=tier)
    n_leach = n_leached_soils(g["total"], fl.value)
    out.append(emission_rows(
        g, gas="N2O", value=indirect_n2o_from_n(n_leach, ef5.value), tier=tier,
        category="3.C.5", activity="leaching_runoff", method="indirect_n2o_from_n",
        equation=_EQ_LEACH, activity_value=np.asarray(n_leach, dtype=float),
        activity_unit="kg", ief_unit="kg/kg", activity_ids=g["ids"].to_numpy(),
        lookups=[fl, ef5]))
    return out
