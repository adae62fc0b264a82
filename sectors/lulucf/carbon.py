"""Carbon stock changes of the land categories (IPCC 2006 3.B; CRT 4.A-4.F) and the non-CO2
emissions that come with land (biomass burning 3.C.1 -> CRT Table4(IV), N2O from N
mineralisation and N inputs 3.C.4/3.C.5 -> Table4(III)/4(I), drainage and rewetting ->
Table4(II)).

The thin layer: it looks parameters up (``factor_chain``: national stratum keys first, then the
keys of the IPCC default tables), calls the equations of :mod:`.biomass`, :mod:`.soils` and
:mod:`.fire`, and builds the emission rows and the background tables. Tiers are set per
category and *pool* (``tiers: {3.B.2.a: {mineral_soil: 2, "*": 1}}``; pool keys ``biomass``,
``dead_wood``, ``litter``, ``mineral_soil``, ``organic_soil``; the non-CO2 sources take the
tier of their gas). Tier 3 pools take the model or inventory results entered as
``gain.<pool>`` / ``loss.<pool>`` [t C] per stratum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.factors import LAYER_RANK
from inventory.methods import MethodInput, emission_rows, keyed_rows

from . import biomass as bm
from . import soils as so
from .common import (
    CH4_C_TO_CH4,
    N2O_N_TO_N2O,
    POOLS,
    QUANTITIES,
    TOP_CODES,
    LulucfOptions,
    category_table,
    crt_code,
    domain,
    factor_chain,
    management_parts,
    parse_ids,
    provenance,
    regime,
    soc_climate,
    values_in,
)
from .fire import fire_emissions
from .keys import bcef_keys, cf_keys, fire_ef_keys, growth_keys, national_keys, root_shoot_keys
from .land import SOC_YEARS, build_land

__all__ = ["land_emissions", "POOL_TIER", "EQUATIONS", "CARBON_COLUMNS", "NONCO2_COLUMNS"]

POOL_TIER = {"agb": "biomass", "bgb": "biomass", "dead_wood": "dead_wood",
             "litter": "litter", "mineral_soil": "mineral_soil", "organic_soil": "organic_soil"}
EQUATIONS = {
    "agb": "IPCC 2006 Vol.4 Ch.2 Eq. 2.7", "bgb": "IPCC 2006 Vol.4 Ch.2 Eq. 2.7",
    "dead_wood": "IPCC 2006 Vol.4 Ch.2 Eq. 2.23", "litter": "IPCC 2006 Vol.4 Ch.2 Eq. 2.23",
    "mineral_soil": "IPCC 2006 Vol.4 Ch.2 Eq. 2.25",
    "organic_soil": "IPCC 2006 Vol.4 Ch.2 Eq. 2.26",
}
EQ_FIRE = "IPCC 2006 Vol.4 Ch.2 Eq. 2.27"
EQ_NMIN = "IPCC 2006 Vol.4 Ch.11 Eq. 11.8"
EQ_NDIRECT = "IPCC 2006 Vol.4 Ch.11 Eq. 11.1"
EQ_NINDIRECT = "IPCC 2006 Vol.4 Ch.11 Eq. 11.10"
EQ_DRAIN = "IPCC 2013 Wetlands Supplement Ch.2 Eq. 2.6"
EQ_REWET = "IPCC 2013 Wetlands Supplement Ch.3 Eq. 3.8"
CARBON_COLUMNS = ["region", "year", "category", "climate", "soil", "qualifier", "from_lu",
                  "to_lu", "kind", "area", "converted", "agb_gain", "agb_loss", "bgb_gain",
                  "bgb_loss", "dead_wood", "litter", "mineral_soil", "organic_soil",
                  "drained_area", "tier_biomass", "tier_dead_wood", "tier_litter",
                  "tier_mineral_soil", "tier_organic_soil", "source_ref"]
NONCO2_COLUMNS = ["region", "year", "category", "land_category", "source", "gas",
                  "activity_value", "activity_unit", "biomass_burnt", "value"]
_DEFAULT_FIRE_GASES = ("CH4", "N2O", "CO", "NOx")


def _lu_rows(df: pd.DataFrame, land_use: pd.Series | str, kind: str = "remaining"
             ) -> pd.DataFrame:
    """Lookup rows as if ``df``'s strata were in ``land_use``'s remaining category."""
    lu = land_use if isinstance(land_use, pd.Series) else pd.Series(land_use, index=df.index)
    code = lu.map(lambda x: TOP_CODES[x] + (".a" if x != "wetlands" else ".a"))
    return df.assign(category=code.to_numpy(), to_lu=lu.to_numpy(), kind=kind)


def _prov(lookups, n):
    layer, source, ids = provenance(lookups, n)
    return (pd.Series(layer, dtype=object), pd.Series(source, dtype=object),
            pd.Series(ids, dtype=object))


class _Provenance:
    """Collects, per carbon row and pool, the lookups a pool used."""

    def __init__(self, n: int):
        self.n = n
        self.by_pool: dict[str, list] = {p: [] for p in POOLS}
        self.by_pool.update({"nonco2": []})

    def add(self, pools, lookup, mask=None):
        if lookup is None:
            return
        if mask is not None:
            lookup = _masked(lookup, mask)
        for p in pools:
            self.by_pool[p].append(lookup)

    def columns(self, pool):
        return _prov(self.by_pool[pool], self.n)


def _masked(lk, mask):
    from inventory.factors import Lookup

    m = np.asarray(mask, dtype=bool)
    return Lookup(np.where(m, lk.value, np.nan), lk.lower, lk.upper,
                  np.where(m, lk.parameter_id, None), np.where(m, lk.layer, None),
                  np.where(m, lk.source, None), lk.found & m)


def _attach(A: pd.DataFrame, Q: pd.DataFrame, quantity: str) -> np.ndarray:
    """Values of ``quantity`` rows aligned with the carbon rows ``A``: rows given for a
    stratum without qualifier are shared over the stratum's qualifier rows by area; rows
    with a qualifier go to that row. A quantity row without a matching land row is an
    error."""
    q = Q[Q["quantity"] == quantity]
    out = np.zeros(len(A))
    if q.empty:
        return out
    key = ["region", "year", "category", "climate", "soil"]
    plain = q[q["qualifier"] == ""]
    qual = q[q["qualifier"] != ""]
    a = A.reset_index(drop=True).assign(_i=np.arange(len(A)))
    if len(plain):
        s = plain.groupby(key)["v"].sum().rename("_v").reset_index()
        w = a["area"] + a["converted"]
        a["_w"] = w
        tot = a.groupby(key)["_w"].transform("sum")
        m = a.merge(s, on=key, how="inner")
        miss = plain.merge(a[key].drop_duplicates(), on=key, how="left", indicator=True)
        miss = miss[miss["_merge"] == "left_only"]
        if len(miss) and (miss["v"] > 0).any():
            bad = miss[miss["v"] > 0].iloc[0]
            raise InputError(f"{quantity} in {bad['category']} stratum {bad['climate']}:"
                             f"{bad['soil']}, region {bad['region']}, year {int(bad['year'])} "
                             "has no land area", bad.get("source_ref"),
                             "an area row for the same category and stratum")
        share = np.where(tot.to_numpy()[m["_i"]] > 0, m["_w"] / tot.to_numpy()[m["_i"]], 0.0)
        np.add.at(out, m["_i"].to_numpy(), m["_v"].to_numpy() * share)
    if len(qual):
        s = qual.groupby([*key, "qualifier"])["v"].sum().rename("_v").reset_index()
        m = a.merge(s, on=[*key, "qualifier"], how="right", indicator=True)
        bad = m[m["_merge"] == "right_only"]
        if len(bad) and (bad["_v"] > 0).any():
            b = bad[bad["_v"] > 0].iloc[0]
            row = qual[(qual["category"] == b["category"]) & (qual["qualifier"] == b["qualifier"])]
            raise InputError(f"{quantity} in {b['category']} stratum {b['climate']}:{b['soil']}:"
                             f"{b['qualifier']} has no land area", row["source_ref"].iloc[0]
                             if len(row) else None, "an area row with the same qualifier")
        m = m[m["_merge"] == "both"]
        np.add.at(out, m["_i"].astype(int).to_numpy(), m["_v"].to_numpy())
    return out


def _year_diff(A: pd.DataFrame, density: np.ndarray) -> np.ndarray:
    """density(t) - density(t-1) per carbon row's stratum series (the first year takes the
    change to the second year)."""
    key = ["region", "category", "climate", "soil", "qualifier"]
    s = pd.Series(density, index=pd.MultiIndex.from_frame(A[[*key, "year"]]))
    g = s.groupby(level=list(range(len(key))))
    back = s - g.shift(1)
    fwd = g.shift(-1) - s
    return back.fillna(fwd).fillna(0.0).to_numpy()


def land_emissions(inp: MethodInput, act: pd.DataFrame, opts: LulucfOptions,
                   years: list[int]) -> tuple[list[pd.DataFrame], dict[str, pd.DataFrame]]:
    """Emission rows and background tables of the land categories (activity rows in 3.B)."""
    ids = parse_ids(act)
    act = act.assign(quantity=ids["quantity"].to_numpy(), climate=ids["climate"].to_numpy(),
                     soil=ids["soil"].to_numpy(), qualifier=ids["qualifier"].to_numpy())
    frames: list[pd.DataFrame] = []
    keyed = _keyed(inp, act[act["value"].isna()])
    num = act[act["value"].notna()]
    area_rows = num[num["quantity"] == "area"]
    if area_rows.empty:
        if len(num):
            bad = num.iloc[0]
            raise InputError(f"{bad['activity']} without any land area", bad.get("source_ref"),
                             "area rows for the land categories (options: lulucf: approach)")
        return frames, {}
    land = build_land(area_rows, ids.loc[area_rows.index], years, opts)
    A = land.areas
    A = A[(A["area"] > 0) | (A["converted"] > 0) | (A["soc_window"] > 0)].reset_index(drop=True)
    A = A.rename(columns={"code": "category"})
    A = A.astype({c: object for c in A.columns if A[c].dtype != float and
                  A[c].dtype != "int64"})   # plain object text: far faster than Arrow strings
    A["activity"] = national_keys(A)[0]
    Q = num[num["quantity"] != "area"].copy()
    if len(Q):
        Q["v"] = np.nan
        for qty in pd.unique(Q["quantity"]):
            sel = (Q["quantity"] == qty).to_numpy()
            Q.loc[sel, "v"] = values_in(Q[sel], QUANTITIES[qty][0], qty)
    for qty in QUANTITIES:
        if qty != "area":
            A[qty] = _attach(A, Q, qty) if len(Q) else 0.0
    n = len(A)
    tiers = {p: inp.tier_of(A, p) for p in set(POOL_TIER.values())}
    prov = _Provenance(n)
    res = {p: np.zeros(n) for p in ("agb_gain", "agb_loss", "bgb_gain", "bgb_loss",
                                    "dead_wood", "litter", "mineral_soil", "organic_soil")}
    _biomass(inp, A, opts, tiers["biomass"], res, prov)
    _dom(inp, A, opts, tiers, res, prov)
    dmin = _mineral_soil(inp, A, opts, tiers["mineral_soil"], res, prov)
    nonco2 = _organic_soil(inp, A, opts, tiers["organic_soil"], res, prov)
    for pool in POOLS:   # Tier 3: model or inventory results
        t3 = tiers[POOL_TIER[pool]] == 3
        if not t3.any():
            continue
        gain, loss = A[f"gain.{pool}"].to_numpy(), A[f"loss.{pool}"].to_numpy()
        group = [p for p in POOLS if POOL_TIER[p] == POOL_TIER[pool]]   # agb + bgb: biomass
        given = np.zeros(len(A), dtype=bool)
        for p in group:
            given |= (A[f"gain.{p}"].to_numpy() > 0) | (A[f"loss.{p}"].to_numpy() > 0)
        if pool in ("agb", "bgb"):
            res[f"{pool}_gain"] = np.where(t3, gain, res[f"{pool}_gain"])
            res[f"{pool}_loss"] = np.where(t3, loss, res[f"{pool}_loss"])
        else:
            res[pool] = np.where(t3, gain - loss, res[pool])
        if pool == "mineral_soil":
            dmin = np.where(t3, gain - loss, dmin)
        need = t3 & ~given & (A["area"].to_numpy() > 0)
        q3 = [f"{d}.{p}" for p in group for d in ("gain", "loss")]
        if need.any() and not (len(Q) and Q["quantity"].isin(q3).any()):
            bad = A[need].iloc[0]
            raise InputError(f"Tier 3 for the {pool} pool of {bad['category']} needs the model "
                             f"or inventory results {' / '.join(q3)} [t C]",
                             bad.get("source_ref"), f"rows gain.{pool}:<stratum> and "
                             f"loss.{pool}:<stratum>, or a lower tier in inventory.yml")
    nonco2 += _n_mineralisation(inp, A, opts, dmin)
    nonco2 += _n_inputs(inp, A, opts)
    nonco2 += _fires(inp, A, opts)
    carbon = A.assign(**res)
    carbon["drained_area"] = A["drained_area"]
    for p in ("biomass", "dead_wood", "litter", "mineral_soil", "organic_soil"):
        carbon[f"tier_{p}"] = tiers[p]
    frames.append(_carbon_rows(carbon, prov))
    nc = pd.concat(nonco2, ignore_index=True) if nonco2 else pd.DataFrame()
    if len(nc):
        frames.append(_nonco2_rows(nc))
    if len(keyed):   # a key where no stratum of the category has a number
        key = ["region", "year", "category", "activity", "gas"]
        have = pd.concat([f[key] for f in frames], ignore_index=True).drop_duplicates()
        m = keyed.merge(have, on=key, how="left", indicator=True)
        frames.append(keyed[(m["_merge"] == "left_only").to_numpy()])
    tables = {
        "lulucf.carbon": carbon[CARBON_COLUMNS],
        "lulucf.land_matrix": land.matrix,
        "lulucf.land_use_areas": _land_use_areas(land),
        "lulucf.nonco2": (nc[NONCO2_COLUMNS] if len(nc)
                          else pd.DataFrame(columns=NONCO2_COLUMNS)),
    }
    return frames, tables


def _keyed(inp: MethodInput, keyed: pd.DataFrame) -> pd.DataFrame:
    """Emission rows carrying the notation keys of the activity rows (NO, NE, IE ...): an
    area -> CO2 of its category; n_inputs -> N2O of 3.C.4/3.C.5 (the IE rule: N applied to
    forest land included in agriculture's fertiliser total); burnt areas -> the fire gases of
    3.C.1; drained areas -> CH4 (and N2O outside cropland and grassland)."""
    if keyed.empty:
        return keyed_rows(keyed, ("CO2",), tier=1, method="land_emissions",
                          equation=EQUATIONS["agb"])
    lu = keyed["category"].map(category_table()["to_lu"])
    parts = []

    def add(rows, gases, category, activity, equation):
        if len(rows):
            parts.append(keyed_rows(rows, gases, tier=inp.tier_of(rows, gases[0]),
                                    method="land_emissions", equation=equation,
                                    category=category, activity=activity))
    q = keyed["quantity"]
    a = keyed[q.isin(["area"]) | q.str.startswith("gain.") | q.str.startswith("loss.")]
    add(a, ("CO2",), None, None, EQUATIONS["agb"])
    n = keyed[q == "n_inputs"]
    for cat in ("3.C.4", "3.C.5"):
        add(n, ("N2O",), cat, ("n_inputs@" + n["category"]).to_numpy(dtype=object),
            EQ_NDIRECT if cat == "3.C.4" else EQ_NINDIRECT)
    for src, qty in (("wildfire", "wildfire_area"),
                     ("controlled_burning", "controlled_burning_area")):
        f = keyed[q == qty]
        fl = lu[f.index]
        cat = fl.map(FIRE_CATEGORY).to_numpy(dtype=object)
        act = (src + "@" + f["category"]).to_numpy(dtype=object)
        add(f, _DEFAULT_FIRE_GASES, cat, act, EQ_FIRE)
        add(f[(fl == "forest").to_numpy()], ("CO2",), cat[(fl == "forest").to_numpy()],
            act[(fl == "forest").to_numpy()], EQ_FIRE)
    d = keyed[q == "drained_area"]
    add(d, ("CH4",), None, ("drainage@" + d["category"]).to_numpy(dtype=object), EQ_DRAIN)
    dn = d[~lu[d.index].isin(["cropland", "grassland"]).to_numpy()]
    add(dn, ("N2O",), "3.C.4", ("drainage@" + dn["category"]).to_numpy(dtype=object),
        EQ_NDIRECT)
    if not parts:
        return keyed_rows(keyed.iloc[:0], ("CO2",), tier=1, method="land_emissions",
                          equation=EQUATIONS["agb"])
    out = pd.concat(parts, ignore_index=True)
    return out.drop_duplicates(["region", "year", "category", "activity", "gas"])


def _land_use_areas(land) -> pd.DataFrame:
    t = land.transitions
    out = t.groupby(["region", "year", "to_lu"]).agg(
        area=("area", "sum"), source_ref=("source_ref", "first")).reset_index()
    return out.rename(columns={"to_lu": "land_use"})


# ------------------------------------------------------------------ biomass
def _biomass(inp, A, opts, tier, res, prov):
    gl = inp.factors.guidelines if hasattr(inp.factors, "guidelines") else None
    lu, kind = A["to_lu"], A["kind"]
    frm = A["from_lu"]
    area, conv = A["area"].to_numpy(), A["converted"].to_numpy()
    forest = (lu == "forest").to_numpy()
    young = (kind == "converted").to_numpy()
    not3 = tier != 3
    sd_cats = [c for c, m in opts.biomass_method.items() if m == "stock_difference"]
    sd = np.array([any(c == x or c.startswith(x + ".") for x in sd_cats)
                   for c in A["category"]], dtype=bool) & forest & not3
    gain_loss = forest & not3 & ~sd
    cf = factor_chain(inp, A, "CF", "fraction", cf_keys(A, opts), tier=tier,
                      required=False)
    # R: national first; default by the stand's above-ground biomass class
    need_r = forest & not3
    r_nat = factor_chain(inp, A, "R", "fraction", national_keys(A), tier=tier, required=False)
    dist = A["disturbance_area"].to_numpy()
    # B_W: required for disturbances (Eq. 2.14); for the R class of Table 4.4 only a
    # classification, taken from the tier's layers or else the default table
    need_d = (dist > 0) & forest & not3
    sel_bw = (need_r & ~r_nat.found) | need_d
    bw = factor_chain(inp, A[sel_bw], "B_W", "t/ha",
                      growth_keys(A[sel_bw], young[sel_bw], opts, gl), tier=tier[sel_bw],
                      required=False)
    if (~bw.found).any():
        miss = np.flatnonzero(sel_bw)[~bw.found]
        cls = np.zeros(len(A), dtype=bool)
        cls[miss] = True
        cls &= ~need_d
        if cls.any():
            d1 = factor_chain(inp, A[cls], "B_W", "t/ha", growth_keys(A[cls], young[cls], opts,
                                                                      gl),
                              tier=np.ones(int(cls.sum()), dtype="int64"), required=False)
            pos = np.searchsorted(np.flatnonzero(sel_bw), np.flatnonzero(cls))
            for f in ("value", "lower", "upper", "parameter_id", "layer", "source", "found"):
                getattr(bw, f)[pos] = getattr(d1, f)
        if need_d.any():   # disturbances: the tier's B_W, reported as missing
            dm = need_d[sel_bw] & ~bw.found
            if dm.any():
                sub = A[sel_bw][dm]
                factor_chain(inp, sub, "B_W", "t/ha",
                             growth_keys(sub, young[sel_bw][dm], opts, gl),
                             tier=tier[sel_bw][dm])
    bw_full = np.full(len(A), np.nan)
    bw_full[sel_bw] = bw.value
    r = factor_chain(inp, A[need_r], "R", "fraction",
                     root_shoot_keys(A[need_r], bw_full[need_r], opts, gl), tier=tier[need_r])
    R = np.zeros(len(A))
    R[need_r] = np.where(r_nat.found[need_r], r_nat.value[need_r], r.value)
    cf_needed = (area > 0) | (conv > 0)
    if (cf_needed & ~cf.found).any():
        factor_chain(inp, A[cf_needed & ~cf.found], "CF", "fraction",
                     cf_keys(A[cf_needed & ~cf.found], opts), tier=tier[cf_needed & ~cf.found])
    CF = np.nan_to_num(cf.value)
    prov.add(("agb", "bgb"), cf, cf_needed & not3)
    prov.add(("bgb",), _expand(r, need_r, len(A)))
    # forest growth (gain-loss, Eq. 2.9/2.10)
    gw = factor_chain(inp, A[gain_loss], "G_W", "t/ha/yr",
                      growth_keys(A[gain_loss], young[gain_loss], opts, gl),
                      tier=tier[gain_loss])
    gain = np.zeros(len(A))
    gain[gain_loss] = bm.biomass_carbon_gain(area[gain_loss], gw.value, CF[gain_loss])
    res["agb_gain"] += gain
    res["bgb_gain"] += gain * R
    prov.add(("agb", "bgb"), _expand(gw, gain_loss, len(A)))
    # losses: wood removals, fuelwood (Eqs. 2.12, 2.13), disturbances (Eq. 2.14)
    h = A["harvest"].to_numpy() + A["fuelwood"].to_numpy()
    need_b = (h > 0) & forest & not3 & ~sd
    if need_b.any():
        bcef = factor_chain(inp, A[need_b], "BCEF_R", "t/m3", bcef_keys(A[need_b], opts),
                            tier=tier[need_b])
        loss = bm.wood_removal_loss(h[need_b], bcef.value, 0.0, CF[need_b])
        res["agb_loss"][need_b] += loss
        res["bgb_loss"][need_b] += loss * R[need_b]
        prov.add(("agb", "bgb"), _expand(bcef, need_b, len(A)))
    if need_d.any():
        fd = factor_chain(inp, A[need_d], "fd", "fraction", national_keys(A[need_d]),
                          tier=tier[need_d])
        loss = bm.disturbance_loss(dist[need_d], bw_full[need_d], 0.0, CF[need_d], fd.value)
        res["agb_loss"][need_d] += loss
        res["bgb_loss"][need_d] += loss * R[need_d]
        prov.add(("agb", "bgb"), _expand(fd, need_d, len(A)))
    # B_W enters the estimate only through the disturbance losses (the R class is a choice)
    prov.add(("agb", "bgb"), _masked(_expand(bw, sel_bw, len(A)), need_d))
    # stock difference (Eq. 2.8) from the growing stock per ha
    if sd.any():
        bs = factor_chain(inp, A[sd], "BCEF_S", "t/m3", bcef_keys(A[sd], opts), tier=tier[sd])
        dens = np.zeros(len(A))
        dens[sd] = bm.biomass_carbon_stock(A["growing_stock"].to_numpy()[sd], bs.value, 0.0,
                                           CF[sd])
        d = _year_diff(A, dens) * area
        res["agb_gain"] += np.where(sd, np.clip(d, 0, None), 0.0)
        res["agb_loss"] += np.where(sd, np.clip(-d, 0, None), 0.0)
        res["bgb_gain"] += np.where(sd, np.clip(d, 0, None) * R, 0.0)
        res["bgb_loss"] += np.where(sd, np.clip(-d, 0, None) * R, 0.0)
        prov.add(("agb", "bgb"), _expand(bs, sd, len(A)))
    # conversions (Eq. 2.16): the old use's biomass is lost in the conversion year (B_AFTER =
    # 0), a non-forest new use gains its biomass in that year
    from_forest = young & (frm == "forest").to_numpy() & not3 & (conv > 0)
    if from_forest.any():
        sub = _lu_rows(A[from_forest], "forest")
        bwf = factor_chain(inp, sub, "B_W", "t/ha",
                           growth_keys(sub, np.zeros(len(sub), dtype=bool), opts, gl),
                           tier=tier[from_forest])
        rf_nat = factor_chain(inp, sub, "R", "fraction", national_keys(sub),
                              tier=tier[from_forest], required=False)
        rf = factor_chain(inp, sub, "R", "fraction", root_shoot_keys(sub, bwf.value, opts, gl),
                          tier=tier[from_forest]) if not rf_nat.found.all() else rf_nat
        loss = bm.conversion_biomass_change(conv[from_forest], 0.0, bwf.value,
                                            CF[from_forest])
        res["agb_loss"][from_forest] += -loss
        res["bgb_loss"][from_forest] += -loss * rf.value
        prov.add(("agb", "bgb"), _expand(bwf, from_forest, len(A)))
    from_other = young & ~(frm == "forest").to_numpy() & (frm != "other_land").to_numpy() \
        & not3 & (conv > 0)
    if from_other.any():
        sub = _lu_rows(A[from_other], frm[from_other])
        bt = factor_chain(inp, sub, "B_total", "t/ha", national_keys(sub),
                          tier=tier[from_other])
        res["agb_loss"][from_other] += -bm.conversion_biomass_change(
            conv[from_other], 0.0, bt.value, CF[from_other])
        prov.add(("agb",), _expand(bt, from_other, len(A)))
    to_nonforest = young & ~forest & (lu != "other_land").to_numpy() & not3 & (conv > 0)
    if to_nonforest.any():
        sub = _lu_rows(A[to_nonforest], lu[to_nonforest])
        bt = factor_chain(inp, sub, "B_total", "t/ha", national_keys(sub),
                          tier=tier[to_nonforest])
        res["agb_gain"][to_nonforest] += conv[to_nonforest] * bt.value * CF[to_nonforest]
        prov.add(("agb",), _expand(bt, to_nonforest, len(A)))
    # non-forest land remaining: Tier 1 no change; Tier 2 national growth and loss, or for
    # settlements the crown cover method (Ch.8 Eq. 8.2, Table 8.1)
    rem_nf = ~forest & ~young & (tier == 2)
    crown = A["crown_cover_area"].to_numpy()
    cc = rem_nf & (lu == "settlements").to_numpy() & (crown > 0)
    if cc.any():
        crw = factor_chain(inp, A[cc], "C_RW", "t/ha/yr", [*national_keys(A[cc]), "*"],
                           tier=tier[cc])
        res["agb_gain"][cc] += bm.crown_cover_gain(crown[cc], crw.value)
        prov.add(("agb",), _expand(crw, cc, len(A)))
    gl2 = rem_nf & ~cc & (area > 0)
    if gl2.any():
        g = factor_chain(inp, A[gl2], "G_W", "t/ha/yr", national_keys(A[gl2]), tier=tier[gl2])
        lw = factor_chain(inp, A[gl2], "L_W", "t/ha/yr", national_keys(A[gl2]),
                          tier=tier[gl2])
        res["agb_gain"][gl2] += bm.biomass_carbon_gain(area[gl2], g.value, CF[gl2])
        res["agb_loss"][gl2] += bm.biomass_carbon_gain(area[gl2], lw.value, CF[gl2])
        prov.add(("agb",), _expand(g, gl2, len(A)))
        prov.add(("agb",), _expand(lw, gl2, len(A)))


def _expand(lk, mask, n):
    from inventory.factors import FactorDB

    out = FactorDB._empty(n)
    m = np.asarray(mask, dtype=bool)
    for f in ("value", "lower", "upper", "parameter_id", "layer", "source", "found"):
        getattr(out, f)[m] = getattr(lk, f)
    return out


# ------------------------------------------------------------------ dead organic matter
def _dom(inp, A, opts, tiers, res, prov):
    area, conv = A["area"].to_numpy(), A["converted"].to_numpy()
    young = (A["kind"] == "converted").to_numpy()
    T = float(opts.transition_years)
    for pool, par, qty in (("dead_wood", "DW_stock", "dead_wood_stock"),
                           ("litter", "LT_stock", "litter_stock")):
        tier = tiers[pool]
        # Tier 2 land remaining: stock difference (Eq. 2.19) where stocks are entered
        rem2 = ~young & (tier == 2) & (A[qty].to_numpy() > 0)
        if rem2.any():
            d = _year_diff(A, A[qty].to_numpy())
            res[pool] += np.where(rem2, bm.dom_stock_difference(area, d, 0.0), 0.0)
        # conversions (Eq. 2.23): old stock lost in the conversion year, new stock built up
        # over the transition period; Tier 1: forest DOM from DW_stock/LT_stock, 0 elsewhere
        cv = young & (tier != 3)
        if not cv.any():
            continue
        sub = A[cv]
        old = _lu_rows(sub, sub["from_lu"])
        new = _lu_rows(sub, sub["to_lu"])
        old_forest = (sub["from_lu"] == "forest").to_numpy()
        new_forest = (sub["to_lu"] == "forest").to_numpy()
        c_old = np.zeros(len(sub))
        c_new = np.zeros(len(sub))
        t_sub = tier[cv]
        if old_forest.any():
            lk = factor_chain(inp, old[old_forest], par, "t/ha", national_keys(old[old_forest]),
                              tier=t_sub[old_forest])
            c_old[old_forest] = lk.value
            prov.add((pool,), _expand(_expand(lk, old_forest, len(sub)), cv, len(A)))
        if (~old_forest).any():
            lk = factor_chain(inp, old[~old_forest], par, "t/ha",
                              national_keys(old[~old_forest]), tier=t_sub[~old_forest],
                              required=False)
            c_old[~old_forest] = np.nan_to_num(lk.value)
        if new_forest.any():
            lk = factor_chain(inp, new[new_forest], par, "t/ha", national_keys(new[new_forest]),
                              tier=t_sub[new_forest])
            c_new[new_forest] = lk.value
            prov.add((pool,), _expand(_expand(lk, new_forest, len(sub)), cv, len(A)))
        if (~new_forest).any():
            lk = factor_chain(inp, new[~new_forest], par, "t/ha",
                              national_keys(new[~new_forest]), tier=t_sub[~new_forest],
                              required=False)
            c_new[~new_forest] = np.nan_to_num(lk.value)
        change = (bm.dom_conversion_change(conv[cv], 0.0, c_old, 1.0)
                  + bm.dom_conversion_change(area[cv], c_new, 0.0, T))
        res[pool][cv] += change


# ------------------------------------------------------------------ mineral soils
def _stock_factors(inp, df: pd.DataFrame, land_use: pd.Series, qualifier: pd.Series, tier):
    """F_LU x F_MG x F_I per row for ``df``'s strata under ``land_use`` with management
    ``qualifier``; forest, settlements, other land, wetlands and nominal grassland take F = 1
    (IPCC 2006 Vol.4 Ch.2 Sect. 2.3.3.1, Tier 1). Returns (F, lookups)."""
    n = len(df)
    base = df.assign(qualifier=qualifier.to_numpy())
    f = np.ones(n)
    lookups = []
    lu = land_use.to_numpy()
    rg = base["climate"].map(regime).to_numpy(dtype=object)
    crop = lu == "cropland"
    if crop.any():
        parts = [management_parts("cropland", q) for q in qualifier[crop]]
        sub = base[crop]
        for j, par in enumerate(("F_LU", "F_MG", "F_I")):
            lvl = np.array([p[j] for p in parts], dtype=object)
            lk = factor_chain(inp, sub, par, "fraction",
                              [*national_keys(sub), lvl + "@" + rg[crop], lvl],
                              tier=tier[crop], category="3.B.2")
            f[crop] *= lk.value
            lookups.append(_expand(lk, crop, n))
    grass = lu == "grassland"
    if grass.any():
        parts = [management_parts("grassland", q) for q in qualifier[grass]]
        mg = np.array([p[0] for p in parts], dtype=object)
        inp_lvl = np.array([p[1] for p in parts], dtype=object)
        for par, lvl, unit_level in (("F_MG", mg, "nominal"), ("F_I", inp_lvl, "medium")):
            need = lvl != unit_level
            if not need.any():
                continue
            m = np.zeros(n, dtype=bool)
            m[np.flatnonzero(grass)[need]] = True
            sub = base[m]
            lk = factor_chain(inp, sub, par, "fraction",
                              [*national_keys(sub), lvl[need] + "@" + rg[m], lvl[need]],
                              tier=tier[m], category="3.B.3")
            f[m] *= lk.value
            lookups.append(_expand(lk, m, n))
    return f, lookups


def _soc_ref(inp, df: pd.DataFrame, tier):
    """SOC_REF [t C/ha] of ``df``'s strata (Table 2.3 keyed <climate>@<soil>)."""
    return factor_chain(inp, df, "SOC_ref", "t/ha",
                        [*national_keys(df),
                         (df["climate"].map(soc_climate) + "@" + df["soil"]).to_numpy(
                             dtype=object)], tier=tier, category="3.B")


def _mineral_soil(inp, A, opts, tier, res, prov):
    """Eq. 2.25 with D = 20 years: land remaining from the change of its per-ha equilibrium
    stock (management) over D years, land converted from the old and new uses' stocks per
    cohort within D years. SOC_ref is only needed where the stock change factors differ."""
    mineral = (A["soil"] != "organic").to_numpy() & (tier != 3)
    dmin = np.zeros(len(A))
    if not mineral.any():
        return dmin
    sub = A[mineral].reset_index(drop=True)
    t = tier[mineral]
    f_new, lk_new = _stock_factors(inp, sub, sub["to_lu"], sub["qualifier"], t)
    conv = (sub["kind"] == "converted").to_numpy()
    f_old = np.ones(len(sub))
    lk_old = []
    if conv.any():
        c = sub[conv]
        old_rows = _lu_rows(c, c["from_lu"])
        fo, lk_old = _stock_factors(inp, old_rows, c["from_lu"],
                                    c["from_lu"].map(lambda _: ""), t[conv])
        f_old[conv] = fo
    # strata whose remaining land changes management (cropland / grassland) need SOC_ref
    key = ["region", "category", "climate", "soil"]
    vary = pd.Series(f_new).groupby([sub[k] for k in key]).transform(
        lambda x: x.max() - x.min() > 1e-12).to_numpy(dtype=bool)
    need = (conv & (np.abs(f_new - f_old) > 1e-12)) | (~conv & vary)
    soc = np.zeros(len(sub))
    if need.any():
        lk = _soc_ref(inp, sub[need], t[need])
        soc[need] = lk.value
        prov.add(("mineral_soil",), _expand(_expand(lk, need, len(sub)), mineral, len(A)))
        for lk2 in [*lk_new]:
            prov.add(("mineral_soil",), _expand(_masked(lk2, need), mineral, len(A)))
        for lk2 in lk_old:
            prov.add(("mineral_soil",), _expand(_expand(_masked(lk2, need[conv]), conv,
                                                        len(sub)), mineral, len(A)))
    soc_new = soc * f_new
    change = np.zeros(len(sub))
    if conv.any():
        c = sub[conv]
        w = c["soc_window"].to_numpy()
        change[conv] = so.mineral_soil_change(w * soc_new[conv], w * soc[conv] * f_old[conv],
                                              SOC_YEARS)
    rem = ~conv & need
    if rem.any():
        r = sub[rem].assign(_soc=soc_new[rem], _i=np.flatnonzero(rem))
        r["_w"] = r["area"] * r["_soc"]
        per = r.groupby([*key, "year"])[["_w", "area"]].sum()
        dens = (per["_w"] / per["area"].where(per["area"] > 0)).rename("d")
        wide = dens.unstack("year").reindex(columns=sorted(A["year"].unique()))
        wide = wide.T.ffill().bfill().T   # years without area keep the neighbouring density
        arr = wide.to_numpy()
        ext = np.concatenate([np.repeat(arr[:, :1], SOC_YEARS, axis=1), arr], axis=1)
        past = ext[:, :arr.shape[1]]   # density D years before each year (constant history)
        dd = pd.DataFrame(arr - past, index=wide.index, columns=wide.columns)
        dd = dd.stack().rename("dd").reset_index()
        r = r.merge(dd, on=[*key, "year"], how="left")
        change[r["_i"].to_numpy()] = (r["area"].to_numpy() * r["dd"].fillna(0.0).to_numpy()
                                      / SOC_YEARS)
    dmin[mineral] = change
    res["mineral_soil"] += dmin
    return dmin


# ------------------------------------------------------------------ organic soils
def _organic_soil(inp, A, opts, tier, res, prov) -> list[pd.DataFrame]:
    """CO2 of drained (Eq. 2.26) and rewetted organic soils, and the CH4 and N2O that come
    with drainage and rewetting (Table4(II)); N2O of drained organic cropland and grassland
    is agriculture (3.D.a.6, docs/lulucf.md)."""
    out = []
    drained = A["drained_area"].to_numpy()
    rewet = A["rewetted_area"].to_numpy()
    dom = A["climate"].map(domain).to_numpy(dtype=object)
    top = A["to_lu"].map(TOP_CODES).to_numpy(dtype=object)
    peat = (A["category"].astype(str).str.startswith("3.B.4.a.i")
            | A["category"].astype(str).str.startswith("3.B.4.b.i")).to_numpy()
    cat_key = np.where(peat, "3.B.4.a.i", top)
    d = (drained > 0) & (tier != 3)
    gas_tier = {g: inp.tier_of(A, g) for g in ("CH4", "N2O")}
    if d.any():
        sub = A[d]
        keys = [*national_keys(sub), np.where(peat[d], "peat_extraction@" + np.where(
            dom[d] == "tropical", "tropical", "temperate_boreal"), "@" + dom[d]),
            "@" + dom[d] + "@nutrient_rich", "@" + dom[d]]
        ef = factor_chain(inp, sub.assign(category=cat_key[d]), "EF_organic", "t/ha/yr",
                          keys, tier=tier[d])
        res["organic_soil"][d] -= so.organic_soil_loss(drained[d], ef.value)
        prov.add(("organic_soil",), _expand(ef, d, len(A)))
        dg = drained > 0
        ch4 = factor_chain(inp, A[dg].assign(category=cat_key[dg]), "EF_CH4_organic", "kg/ha/yr",
                           [*national_keys(A[dg]), "@" + dom[dg], "@" + dom[dg] + "@nutrient_rich"],
                           gas="CH4", tier=gas_tier["CH4"][dg])
        out.append(_nonco2_frame(A[dg], "drainage", "CH4", drained[dg], "ha",
                                 so.area_emission(drained[dg], ch4.value), ch4, EQ_DRAIN,
                                 gas_tier["CH4"][dg]))
        n2o_sel = dg & ~A["to_lu"].isin(["cropland", "grassland"]).to_numpy()
        if n2o_sel.any():
            s = A[n2o_sel]
            keys = [*national_keys(s), np.where(peat[n2o_sel], "peat_extraction@" + np.where(
                dom[n2o_sel] == "tropical", "tropical", "temperate_boreal"), "@" + dom[n2o_sel]),
                "@" + dom[n2o_sel], "@" + dom[n2o_sel] + "@nutrient_rich"]
            ef2 = factor_chain(inp, s.assign(category=cat_key[n2o_sel]), "EF_N2O_organic",
                               "kg/ha/yr", keys, gas="N2O", tier=gas_tier["N2O"][n2o_sel])
            out.append(_nonco2_frame(s, "drainage", "N2O", drained[n2o_sel], "ha",
                                     so.area_emission(drained[n2o_sel], ef2.value)
                                     * N2O_N_TO_N2O, ef2, EQ_NDIRECT,
                                     gas_tier["N2O"][n2o_sel], category="3.C.4"))
    w = (rewet > 0) & (tier != 3)
    if w.any():
        sub = A[w]
        keys = [*national_keys(sub), "@" + dom[w] + "@nutrient_rich", "@" + dom[w]]
        ef = factor_chain(inp, sub, "EF_rewetted", "t/ha/yr", keys, tier=tier[w],
                          category="3.B")
        res["organic_soil"][w] -= so.organic_soil_loss(rewet[w], ef.value)
        prov.add(("organic_soil",), _expand(ef, w, len(A)))
        ch4 = factor_chain(inp, sub, "EF_CH4_rewetted", "kg/ha/yr", keys, gas="CH4",
                           tier=gas_tier["CH4"][w], category="3.B")
        out.append(_nonco2_frame(sub, "rewetting", "CH4", rewet[w], "ha",
                                 so.area_emission(rewet[w], ch4.value) * CH4_C_TO_CH4, ch4,
                                 EQ_REWET, gas_tier["CH4"][w]))
    return out


def _nonco2_frame(rows, source, gas, activity_value, activity_unit, value, lookup, equation,
                  tier, category=None, biomass_burnt=None, land_category=None):
    n = len(rows)
    layer, src, ids = provenance([lookup], n)
    land = rows["category"].to_numpy() if land_category is None else land_category
    return pd.DataFrame({
        "region": rows["region"].to_numpy(), "year": rows["year"].to_numpy(),
        "category": rows["category"].to_numpy() if category is None else category,
        "land_category": land, "from_lu": rows["from_lu"].to_numpy(),
        "source": source, "gas": gas, "activity_value": np.asarray(activity_value, float),
        "activity_unit": activity_unit,
        "biomass_burnt": (np.full(n, np.nan) if biomass_burnt is None
                          else np.asarray(biomass_burnt, float)),
        "value": np.asarray(value, float), "tier": np.asarray(tier, dtype="int64"),
        "equation": equation, "factor_layer": layer, "factor_source": src,
        "parameter_ids": ids, "activity_ids": rows["activity_ids"].to_numpy()
        if "activity_ids" in rows else ""})


# ------------------------------------------------------------------ soil N2O
def _agri_factor(inp, rows, parameter, category, gas, tier):
    """A managed-soils factor of IPCC 2006 Vol.4 Ch.11 (the tables agriculture ships, keyed on
    3.C.4 / 3.C.5 / 3.C)."""
    return factor_chain(inp, rows, parameter, "fraction", ["*"], gas=gas, tier=tier,
                        category=category)


def _n_mineralisation(inp, A, opts, dmin) -> list[pd.DataFrame]:
    """N2O from the N mineralised with mineral-soil C losses (Eq. 11.8) of every land category
    except cropland remaining cropland (agriculture 3.D.a.5)."""
    loss = np.clip(-dmin, 0.0, None)
    sel = (loss > 1e-6) & (A["category"] != "3.B.2.a").to_numpy()   # t C: rounding noise
    if not sel.any():
        return []
    sub = A[sel]
    t = inp.tier_of(sub, "N2O")
    rcn = factor_chain(inp, sub, "R_CN", "fraction", [*national_keys(sub), "*"], tier=t,
                       category="3.B")
    f_som = so.n_mineralised(loss[sel], rcn.value)
    ef1 = _agri_factor(inp, sub, "EF1", "3.C.4", "N2O", t)
    out = [_nonco2_frame(sub, "n_mineralisation", "N2O", f_som, "t",
                         so.direct_n2o(f_som, ef1.value), _merge_lk(rcn, ef1), EQ_NMIN, t,
                         category="3.C.4")]
    if opts.leaching:
        fl = factor_chain(inp, sub, "Frac_LEACH", "fraction", ["*"], tier=t, category="3.C.5")
        ef5 = _agri_factor(inp, sub, "EF5", "3.C.5", "N2O", t)
        out.append(_nonco2_frame(sub, "n_mineralisation", "N2O", f_som, "t",
                                 so.leached_n2o(f_som, fl.value, ef5.value),
                                 _merge_lk(rcn, fl, ef5), EQ_NINDIRECT, t, category="3.C.5"))
    return out


def _n_inputs(inp, A, opts) -> list[pd.DataFrame]:
    """Direct and indirect N2O from N inputs to forest, wetland and settlement soils
    (Table4(I)); N on cropland and grassland is agriculture 3.D."""
    n_in = A["n_inputs"].to_numpy()
    sel = n_in > 0
    if not sel.any():
        return []
    sub = A[sel]
    t = inp.tier_of(sub, "N2O")
    ef1 = _agri_factor(inp, sub, "EF1", "3.C.4", "N2O", t)
    out = [_nonco2_frame(sub, "n_inputs", "N2O", n_in[sel], "t",
                         so.direct_n2o(n_in[sel], ef1.value), ef1, EQ_NDIRECT, t,
                         category="3.C.4")]
    fg = factor_chain(inp, sub, "Frac_GASF", "fraction", ["*"], tier=t, category="3.C.5")
    ef4 = _agri_factor(inp, sub, "EF4", "3.C.5", "N2O", t)
    ind = so.direct_n2o(n_in[sel] * fg.value, ef4.value)
    lks = [fg, ef4]
    if opts.leaching:
        fl = factor_chain(inp, sub, "Frac_LEACH", "fraction", ["*"], tier=t, category="3.C.5")
        ef5 = _agri_factor(inp, sub, "EF5", "3.C.5", "N2O", t)
        ind = ind + so.leached_n2o(n_in[sel], fl.value, ef5.value)
        lks += [fl, ef5]
    out.append(_nonco2_frame(sub, "n_inputs", "N2O", n_in[sel], "t", ind, _merge_lk(*lks),
                             EQ_NINDIRECT, t, category="3.C.5"))
    return out


def _merge_lk(*lks):
    from inventory.factors import FactorDB

    n = len(lks[0].value)
    layer, src, ids = provenance(lks, n)
    out = FactorDB._empty(n)
    out.layer[:] = layer
    out.source[:] = src
    out.parameter_id[:] = ids
    out.found[:] = True
    return out


# ------------------------------------------------------------------ fires
FIRE_CATEGORY = {"forest": "3.C.1.a", "cropland": "3.C.1.b", "grassland": "3.C.1.c",
                 "wetlands": "3.C.1.d", "settlements": "3.C.1.d", "other_land": "3.C.1.d"}


def _fires(inp, A, opts) -> list[pd.DataFrame]:
    """Eq. 2.27 for wildfires and controlled burning; CO2 on forest land only (on other land
    the burnt biomass regrows within the year, Vol.4 Ch.2 Sect. 2.4)."""
    out = []
    for source, qty in (("wildfire", "wildfire_area"),
                        ("controlled_burning", "controlled_burning_area")):
        burnt = A[qty].to_numpy()
        sel = burnt > 0
        if not sel.any():
            continue
        sub = A[sel]
        t_any = inp.tier_of(sub, "CH4")
        mb = factor_chain(inp, sub, "M_B", "t/ha", national_keys(sub), tier=t_any)
        cf = factor_chain(inp, sub, "C_f", "fraction", national_keys(sub), tier=t_any)
        fuel = burnt[sel] * mb.value * cf.value
        forest = (sub["to_lu"] == "forest").to_numpy()
        cat = sub["to_lu"].map(FIRE_CATEGORY).to_numpy(dtype=object)
        for gas in ("CO2", *_DEFAULT_FIRE_GASES):
            g_sel = forest if gas == "CO2" else np.ones(len(sub), dtype=bool)
            if not g_sel.any():
                continue
            s = sub[g_sel]
            t = inp.tier_of(s, gas)
            ef = factor_chain(inp, s, "G_ef", "g/kg", fire_ef_keys(s, s["to_lu"]), gas=gas,
                              tier=t, category="3.C.1")
            val = fire_emissions(burnt[sel][g_sel], mb.value[g_sel], cf.value[g_sel], ef.value)
            lk = _merge_lk(_sub_lk(mb, g_sel), _sub_lk(cf, g_sel), ef)
            out.append(_nonco2_frame(s, source, gas, burnt[sel][g_sel], "ha", val, lk,
                                     EQ_FIRE, t, category=cat[g_sel],
                                     biomass_burnt=fuel[g_sel]))
    return out


def _sub_lk(lk, m):
    from inventory.factors import Lookup

    return Lookup(*(getattr(lk, f)[m] for f in ("value", "lower", "upper", "parameter_id",
                                                  "layer", "source", "found")))


# ------------------------------------------------------------------ emission rows
def _joined(code: np.ndarray, n_groups: int, values: pd.Series, sep: str) -> np.ndarray:
    """Per group (``code``: each row's group number, -1 for none), its distinct non-empty
    ``values`` in order of appearance joined with ``sep``; NaN for a group without any.
    Vectorised: one pass per position within the group, pieces de-duplicated once per
    distinct text."""
    out = np.full(n_groups, np.nan, dtype=object)
    v = values.astype(object).to_numpy()
    keep = pd.notna(v) & (code >= 0)
    keep[keep] = v[keep] != ""
    rows = np.flatnonzero(keep)
    if not rows.size:
        return out
    c, v = code[rows].astype(np.int64), v[rows]
    vcode, uniq = pd.factorize(v)
    _, first = np.unique(c * len(uniq) + vcode, return_index=True)   # first of each pair
    first.sort()
    c, v = c[first], v[first]
    order = np.argsort(c, kind="stable")                  # by group, in order of appearance
    c, v = c[order], v[order]
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    pos = np.arange(len(c)) - np.repeat(starts, np.diff(np.r_[starts, len(c)]))
    for p in range(int(pos.max()) + 1):
        m = pos == p
        out[c[m]] = (out[c[m]] + sep + v[m]) if p else v[m]
    split = sep.strip() or sep
    texts = [u for u in pd.unique(out[c[pos == 0]]) if split in u]
    clean = {u: sep.join(dict.fromkeys(x.strip() for x in u.split(split) if x.strip()))
             for u in texts}
    if clean:
        out = np.array([clean.get(u, u) if isinstance(u, str) else u for u in out],
                       dtype=object)
    return out


def _agg_prov(df: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    """Per group: the factor layer that ranks highest, and the factor sources, parameter ids
    and activity ids of its rows (the group-by numbers its groups once for all three)."""
    g = df.groupby(group, sort=False)
    agg = g.agg(layer_rank=("_rank", "max"))
    code = g.ngroup().to_numpy()          # sort=False: the order of agg's rows
    for col, sep in (("factor_source", "; "), ("parameter_ids", ";"), ("activity_ids", ";")):
        agg[col] = _joined(code, len(agg), df[col], sep)
    agg["parameter_ids"] = agg["parameter_ids"].fillna("")
    agg["activity_ids"] = agg["activity_ids"].fillna("")
    inv = {v: k for k, v in LAYER_RANK.items()}
    agg["factor_layer"] = agg["layer_rank"].map(inv)
    return agg.drop(columns="layer_rank")


def _carbon_rows(carbon: pd.DataFrame, prov: _Provenance) -> pd.DataFrame:
    frames = []
    carbon = carbon.assign(_from=np.where(carbon["category"].isin(["3.B.4.b.ii", "3.B.4.b.iii"]),
                                          ":from_" + carbon["from_lu"].astype(str), ""))
    net = {"agb": carbon["agb_gain"] - carbon["agb_loss"],
           "bgb": carbon["bgb_gain"] - carbon["bgb_loss"],
           **{p: carbon[p] for p in ("dead_wood", "litter", "mineral_soil", "organic_soil")}}
    for pool in POOLS:
        layer, src, ids = prov.columns(pool)
        df = pd.DataFrame({
            "region": carbon["region"], "year": carbon["year"], "category": carbon["category"],
            "activity": pool + carbon["_from"], "change": net[pool].to_numpy(),
            "area": carbon["area"].to_numpy(), "tier": carbon[f"tier_{POOL_TIER[pool]}"],
            "_rank": layer.map(LAYER_RANK).fillna(-1).to_numpy(),
            "factor_source": src.to_numpy(), "parameter_ids": ids.to_numpy(),
            "activity_ids": carbon["activity_ids"].to_numpy()})
        if pool == "organic_soil":
            df = df[(carbon["soil"] == "organic").to_numpy()
                    | (carbon["drained_area"].to_numpy() > 0)]
        group = ["region", "year", "category", "activity"]
        s = df.groupby(group, sort=False).agg(change=("change", "sum"), area=("area", "sum"),
                                              tier=("tier", "max"))
        p = _agg_prov(df, group)
        s = s.join(p).reset_index()
        # no factor and no change: the Tier 1 assumption of no change in the pool (dead
        # organic matter and non-forest biomass of land remaining, Vol.4 Ch.2 Sects. 2.3.1.1,
        # 2.3.2.1): reported NO, not as a computed 0
        none = (s["parameter_ids"] == "") & (s["change"] == 0)
        if none.any():
            k = s[none].assign(notation_key="NO", unit="ha", activity_id=s.loc[none,
                                                                              "activity_ids"])
            frames.append(keyed_rows(k, ("CO2",), tier=k["tier"], method="land_emissions",
                                     equation=EQUATIONS[pool], activity_unit="ha"))
        s = s[~none]
        frames.append(emission_rows(
            s, gas="CO2", value=bm.co2_from_carbon_change(s["change"]) + 0.0, tier=s["tier"],
            method="land_emissions", equation=EQUATIONS[pool], activity_value=s["area"],
            activity_unit="ha", factor_layer=s["factor_layer"],
            factor_source=s["factor_source"], parameter_ids=s["parameter_ids"],
            activity_ids=s["activity_ids"]))
    return pd.concat(frames, ignore_index=True)


def _nonco2_rows(nc: pd.DataFrame) -> pd.DataFrame:
    nc = nc.assign(activity=nc["source"] + "@" + nc["land_category"] + np.where(
        nc["land_category"].isin(["3.B.4.b.ii", "3.B.4.b.iii"]),
        ":from_" + nc["from_lu"].astype(str), ""),
        _rank=nc["factor_layer"].map(LAYER_RANK).fillna(-1))
    # CH4 of drainage / rewetting stays on the land category (no IPCC 2006 3.C code)
    group = ["region", "year", "category", "activity", "gas"]
    s = nc.groupby(group, sort=False).agg(value=("value", "sum"),
                                          activity_value=("activity_value", "sum"),
                                          activity_unit=("activity_unit", "first"),
                                          tier=("tier", "max"), equation=("equation", "first"))
    p = _agg_prov(nc, group)
    s = s.join(p).reset_index()
    frames = []
    for unit in pd.unique(s["activity_unit"]):
        u = s[s["activity_unit"] == unit]
        frames.append(emission_rows(
            u, gas=u["gas"], value=u["value"], tier=u["tier"], method="land_emissions",
            equation=u["equation"], activity_value=u["activity_value"], activity_unit=unit,
            factor_layer=u["factor_layer"], factor_source=u["factor_source"],
            parameter_ids=u["parameter_ids"], activity_ids=u["activity_ids"]))
    return pd.concat(frames, ignore_index=True)


def crt_of(category: str, from_lu: str | None = None) -> str:
    return crt_code(category, from_lu)


_ = category_table
