"""Product uses as substitutes for ODS 2.F and electrical equipment 2.G.1: HFCs, PFCs, SF6, NF3
by species, with a bank (stock) model.

Activity: '<application>:<chemical>' = chemical charged into new products in the year (bank
applications) or sold (prompt applications); blends (R404A, R410A ...) are split into species by
mass (refrigerant_blends.csv). Applications, their IPCC category and CRT row:
sectors/ippu/data/fgas_applications.csv.

Bank applications (refrigeration and AC, closed-cell foam, fire protection, electrical equipment):
IPCC 2006 Vol.3 Ch.7 Tier 2a emission-factor approach, per region, application and species:

* charge (first-fill) emissions      E_charge,t = M_t x k                       (Eq. 7.12)
* bank (nominal charge in use)       B_t = B_0 + sum_{tau<=t} (M_tau - R_tau)
* lifetime emissions                 E_life,t = B_t x x                         (Eq. 7.13)
* retirement (vintage tau+d)         R_t = M_{t-d}; the opening bank B_0 retires evenly over
                                     its first d years
* end-of-life emissions              E_eol,t = R_t x p x (1 - eta_rec)          (Eq. 7.14)
* recovered / destroyed              Rec_t = R_t x p x eta_rec
* total emissions                    E_t = E_charge + E_life + E_eol            (Eq. 7.10)

and the sales that close the balance, i.e. the potential emissions of the Tier 2b mass balance
(Eq. 7.9: emissions = sales - new charge + charge of retiring equipment - destruction):

* servicing (refill of leaks)        S_t = E_life,t - (1 - p) x R_t
* sales (chemical charged)           Q_t = M_t x (1 + k) + S_t

so that sum(Q) + B_0 = sum(E) + B_T + sum(Rec) exactly (tested as a property). A negative S_t
means the parameters let equipment reach disposal with less charge than the lifetime leak rate
explains (Eq. 7.13 vs 7.14): check x and p. Containers/heels (Eq. 7.11) are not modelled.

Prompt applications (aerosols, solvents, open-cell foam), Eqs. 7.5/7.6: E_t = f x Q_t +
(1 - f) x Q_{t-1}, f = share emitted in the year of sale (0.5; open-cell foam 1.0); the
opening bank stands for the previous year's unemitted stock.

Electrical equipment 2.G.1 uses the same bank model (Vol.3 Ch.8 Sect. 8.2: manufacture, use and
disposal emissions): its activity row is in 2.G.1 and the three life-cycle stages are reported in
2.G.1.a (manufacture), 2.G.1.b (use) and 2.G.1.c (disposal).

Emission rows: activity '<application>:charge|lifetime|end_of_life|use', gas = species,
activity_value = new charge / bank / charge remaining at decommissioning / sales; plus one memo
row per application and species '<application>:potential' (memo=True, not in any total): the
sales Q_t (potential emissions, CRT Table2(II)B-Hs1).

Tiers: Tier 1 takes the IPCC default parameters (Table 7.9 midpoints) where a country value is
missing; Tier 2 requires country-specific k, x, d, p, eta (national/provincial/plant layer).
Parameter 'opening_bank' [t] is keyed by the activity id as entered (e.g.
'stationary_ac:R410A') and valid from the first inventory year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.methods import MethodInput, SourceMethod, TierSpec, register
from sectors.ippu.common import (
    ALL_LAYERS,
    COUNTRY_LAYERS,
    blends,
    check_activity,
    concat,
    emission_frame,
    factor,
    fgas_applications,
    join_ids,
    keyed_frame,
)

__all__ = ["bank_model", "prompt_emissions", "split_blends", "compute_fgas", "STAGES",
           "bank_table"]

STAGES = ("charge", "lifetime", "end_of_life")
_EQ = {"charge": "IPCC 2006 Vol.3 Ch.7 Eq. 7.12", "lifetime": "IPCC 2006 Vol.3 Ch.7 Eq. 7.13",
       "end_of_life": "IPCC 2006 Vol.3 Ch.7 Eq. 7.14", "potential": "IPCC 2006 Vol.3 Ch.7 Eq. 7.9"}
_EQ_PROMPT = {"2.F.4": "IPCC 2006 Vol.3 Ch.7 Eq. 7.6", "2.F.5": "IPCC 2006 Vol.3 Ch.7 Eq. 7.5",
              "2.F.2": "IPCC 2006 Vol.3 Ch.7 Eq. 7.6"}
_G1_STAGE = {"charge": "2.G.1.a", "lifetime": "2.G.1.b", "end_of_life": "2.G.1.c"}


def bank_model(charge, charge_loss, leak_rate, lifetime, eol_residual, recovery,
               opening_bank=0.0) -> dict[str, np.ndarray]:
    """Stock model of a product bank (refrigerant, foam blowing agent, SF6 in switchgear).

    Parameters
    ----------
    charge : array (n_series, n_years) [kt] M_t, chemical charged into new products
    charge_loss : array (n_series, n_years) [fraction] k of the new charge (first fill)
    leak_rate : array (n_series, n_years) [fraction per year] x of the bank
    lifetime : array (n_series, n_years) [years, >= 1] d of the vintage installed that year
    eol_residual : array (n_series, n_years) [fraction] p, charge left at disposal
    recovery : array (n_series, n_years) [fraction] eta, recovered/destroyed of the residual
    opening_bank : array (n_series,) [kt] B_0 before the first year, retiring evenly over the
        first d years (d of the first year)

    Returns
    -------
    dict of arrays (n_series, n_years) [kt]: bank, e_charge, e_life, retired, remaining, e_eol,
    recovered, servicing, sales, emissions

    Notes
    -----
    IPCC 2006 Vol.3 Ch.7 Eq. 7.10 (E = E_containers + E_charge + E_lifetime + E_end-of-life,
    containers not modelled) with Eqs. 7.12-7.14; sales close the mass balance as in the Tier 2b
    Eq. 7.9. Vectorised: retirements are scattered to year tau + d with numpy, the bank is a
    cumulative sum over years.
    """
    m = np.asarray(charge, dtype=float)
    n, y = m.shape
    k, x, p, eta = (np.broadcast_to(np.asarray(a, dtype=float), (n, y))
                    for a in (charge_loss, leak_rate, eol_residual, recovery))
    d = np.maximum(np.rint(np.broadcast_to(np.asarray(lifetime, dtype=float), (n, y))), 1)
    d = d.astype(int)
    b0 = np.broadcast_to(np.asarray(opening_bank, dtype=float), (n,))
    retired = np.zeros((n, y))
    rows, years = np.nonzero(m)
    due = years + d[rows, years]
    ok = due < y
    np.add.at(retired, (rows[ok], due[ok]), m[rows[ok], years[ok]])
    d0 = d[:, 0] if y else np.ones(n, dtype=int)
    t = np.arange(y)[None, :]
    retired += np.where(t < d0[:, None], (b0 / d0)[:, None], 0.0)
    bank = b0[:, None] + np.cumsum(m - retired, axis=1)
    e_charge = m * k
    e_life = bank * x
    remaining = retired * p
    e_eol = remaining * (1.0 - eta)
    recovered = remaining * eta
    servicing = e_life - (1.0 - p) * retired
    sales = m * (1.0 + k) + servicing
    return {"bank": bank, "e_charge": e_charge, "e_life": e_life, "retired": retired,
            "remaining": remaining, "e_eol": e_eol, "recovered": recovered,
            "servicing": servicing, "sales": sales, "emissions": e_charge + e_life + e_eol}


def prompt_emissions(sales, first_year_fraction, opening_stock=0.0) -> dict[str, np.ndarray]:
    """Emissions of a prompt application (aerosols, solvents, open-cell foam).

    Parameters
    ----------
    sales : array (n_series, n_years) [kt] chemical sold in new products
    first_year_fraction : array (n_series, n_years) [fraction] f emitted in the year of sale
    opening_stock : array (n_series,) [kt] unemitted stock from the year before the first

    Returns
    -------
    dict of arrays (n_series, n_years) [kt]: emissions, bank (unemitted stock at year end)

    Notes
    -----
    IPCC 2006 Vol.3 Ch.7 Eq. 7.6 (aerosols: E_t = S_t x EF + S_{t-1} x (1 - EF)); solvents
    Eq. 7.5 has the same form.
    """
    s = np.asarray(sales, dtype=float)
    f = np.broadcast_to(np.asarray(first_year_fraction, dtype=float), s.shape)
    stock = s * (1.0 - f)
    prev = np.concatenate([np.broadcast_to(np.asarray(opening_stock, dtype=float),
                                           (s.shape[0],))[:, None], stock[:, :-1]], axis=1)
    return {"emissions": s * f + prev, "bank": stock}


def split_blends(act: pd.DataFrame) -> pd.DataFrame:
    """Activity rows '<application>:<chemical>' -> one row per species with the blend's mass
    fractions applied; adds columns application, chemical, gas."""
    parts = act["activity"].astype(str).str.split(":", n=1)
    out = act.assign(application=parts.str[0], chemical=parts.str[1])
    comp = blends()
    table = pd.DataFrame([(b, g, f) for b, gs in comp.items() for g, f in gs.items()],
                         columns=["chemical", "gas", "fraction"])
    pure = out[~out["chemical"].isin(comp)].assign(gas=lambda d: d["chemical"], fraction=1.0)
    mixed = out[out["chemical"].isin(comp)].merge(table, on="chemical", how="left")
    res = pd.concat([pure, mixed], ignore_index=True)
    res["value"] = res["value"] * res["fraction"]
    return res.drop(columns="fraction")


def _series(num: pd.DataFrame, years: np.ndarray):
    """Wide charge matrix per (region, category, application, gas) and the opening ids."""
    keys = ["region", "category", "application", "gas"]
    wide = num.pivot_table(index=keys, columns="year", values="value", aggfunc="sum",
                           fill_value=0.0).reindex(columns=years, fill_value=0.0)
    ids = num.groupby(keys + ["year"])["activity_id"].agg(";".join)
    return wide, ids


def _params(inp, idx: pd.DataFrame, years, tier_of, prompt: bool):
    """Per (series, year) parameters with the tier's layers."""
    n, y = len(idx), len(years)
    q = pd.DataFrame({"region": np.repeat(idx["region"].to_numpy(), y),
                      "year": np.tile(years, n),
                      "category": np.repeat(idx["category"].to_numpy(), y),
                      "activity": np.repeat(idx["application"].to_numpy(), y)})
    tier = np.repeat(tier_of, y)
    names = (("first_year_fraction", "fraction"),) if prompt else (
        ("charge_loss", "fraction"), ("leak_rate", "fraction"), ("lifetime", "year"),
        ("eol_residual", "fraction"), ("recovery_efficiency", "fraction"))
    out, ids = {}, {}
    for name, unit in names:
        val = np.full(n * y, np.nan)
        pid = np.full(n * y, "", dtype=object)
        layer = np.full(n * y, None, dtype=object)
        source = np.full(n * y, None, dtype=object)
        for t in np.unique(tier):
            m = tier == t
            lay = ALL_LAYERS if (t == 1 or prompt) else COUNTRY_LAYERS
            f = factor(inp, q[m], name, unit, layers=lay)
            val[m], pid[m], layer[m], source[m] = f.value, f.ids, f.layer, f.source
        out[name] = val.reshape(n, y)
        ids[name] = (pid.reshape(n, y), layer.reshape(n, y), source.reshape(n, y))
    return out, ids


def _opening(inp, act_first: pd.DataFrame, idx: pd.DataFrame) -> np.ndarray:
    """Opening bank per series [kt] from parameter 'opening_bank' keyed by activity id."""
    if act_first.empty:
        return np.zeros(len(idx))
    f = factor(inp, act_first, "opening_bank", "kt", required=False)
    ob = act_first.assign(ob=np.where(f.found, f.value, 0.0))
    ob = split_blends(ob.assign(value=ob["ob"]))
    s = ob.groupby(["region", "category", "application", "gas"])["value"].sum()
    return s.reindex(pd.MultiIndex.from_frame(idx)).fillna(0.0).to_numpy()


def _long(idx, years, arr, name):
    n, y = arr.shape
    return pd.DataFrame({"region": np.repeat(idx["region"].to_numpy(), y),
                         "category": np.repeat(idx["category"].to_numpy(), y),
                         "application": np.repeat(idx["application"].to_numpy(), y),
                         "gas": np.repeat(idx["gas"].to_numpy(), y),
                         "year": np.tile(years, n), name: arr.ravel()})


def bank_table(inp: MethodInput) -> pd.DataFrame:
    """The full bank model output (all flows per region, application, species and year), for
    notebooks and the CRT background table."""
    return _run(inp)[1]


def _run(inp: MethodInput):
    act = inp.activity.reset_index(drop=True)
    tier = np.asarray(inp.tier)
    info = check_activity(act, "F-gas product uses", tier)
    num_mask = act["value"].notna().to_numpy()
    frames = [keyed_frame(act[~num_mask], info[~num_mask], tier[~num_mask], "bank_model",
                          "IPCC 2006 Vol.3 Ch.7 Eq. 7.10")]
    if not num_mask.any():
        return concat(frames), pd.DataFrame()
    apps = fgas_applications().set_index("application")
    num = split_blends(act[num_mask].assign(tier=tier[num_mask]))
    years = np.arange(int(act["year"].min()), int(act["year"].max()) + 1)
    wide, ids = _series(num, years)
    idx = wide.index.to_frame(index=False)
    tier_of = num.groupby(["region", "category", "application", "gas"])["tier"].max() \
        .reindex(wide.index).to_numpy()
    model = idx["application"].map(apps["model"]).to_numpy()
    first = act[num_mask & (act["year"] == years[0]).to_numpy()]
    first = first.assign(application=first["activity"].str.split(":").str[0])
    opening = _opening(inp, first, idx)
    tables = []
    for kind in ("bank", "prompt"):
        sel = model == kind
        if not sel.any():
            continue
        sub_idx = idx[sel].reset_index(drop=True)
        m = wide.to_numpy()[sel]
        par, pids = _params(inp, sub_idx, years, tier_of[sel], kind == "prompt")
        if kind == "bank":
            res = bank_model(m, par["charge_loss"], par["leak_rate"], par["lifetime"],
                             par["eol_residual"], par["recovery_efficiency"], opening[sel])
            stage_val = {"charge": res["e_charge"], "lifetime": res["e_life"],
                         "end_of_life": res["e_eol"]}
            stage_av = {"charge": m, "lifetime": res["bank"], "end_of_life": res["remaining"]}
            stage_par = {"charge": "charge_loss", "lifetime": "leak_rate",
                         "end_of_life": "recovery_efficiency"}
            sales = res["sales"]
        else:
            res = prompt_emissions(m, par["first_year_fraction"], opening[sel])
            stage_val, stage_av = {"use": res["emissions"]}, {"use": m}
            stage_par = {"use": "first_year_fraction"}
            sales = m
            res = {**res, "sales": m}
        long = _long(sub_idx, years, m, "charge")
        for name in ("bank", "e_charge", "e_life", "e_eol", "remaining", "recovered",
                     "servicing", "sales", "emissions"):
            if name in res:
                long[name] = res[name].ravel()
        long["model"] = kind
        tables.append(long)
        tiers = np.repeat(tier_of[sel], len(years))
        key = pd.MultiIndex.from_arrays([long["region"], long["category"], long["application"],
                                         long["gas"], long["year"]])
        act_ids = ids.reindex(key).fillna("").to_numpy()
        base = long[["region", "year"]].assign(activity_id=act_ids)
        for stage, val in stage_val.items():
            pid, layer, source = pids[stage_par[stage]]
            all_ids = join_ids(*(pids[nm][0].ravel() for nm in pids))
            cat = long["category"].to_numpy()
            if stage in _G1_STAGE:
                cat = np.where(cat == "2.G.1", _G1_STAGE[stage], cat)
            eq = (_EQ[stage] if stage in _EQ else
                  [_EQ_PROMPT.get(c[:5], _EQ_PROMPT["2.F.4"]) for c in cat])
            frames.append(emission_frame(
                base, gas=long["gas"].to_numpy(), value=val.ravel(), tier=tiers,
                method="bank_model" if kind == "bank" else "prompt_emissions", equation=eq,
                activity_value=stage_av[stage].ravel(), activity_unit="kt",
                factor_layer=layer.ravel(), factor_source=source.ravel(),
                parameter_ids=np.asarray(all_ids, dtype=object),
                activity=(long["application"] + ":" + stage).to_numpy(), category=cat,
                ief=np.where(stage_av[stage].ravel() > 0,
                             val.ravel() / np.where(stage_av[stage].ravel() > 0,
                                                    stage_av[stage].ravel(), 1.0), np.nan),
                ief_unit_="fraction"))
        frames.append(emission_frame(
            base, gas=long["gas"].to_numpy(), value=sales.ravel(), tier=tiers,
            method="bank_model_sales" if kind == "bank" else "prompt_emissions",
            equation=_EQ["potential"], activity_value=sales.ravel(), activity_unit="kt",
            factor_layer=None, factor_source=None, parameter_ids="",
            activity=(long["application"] + ":potential").to_numpy(),
            category=long["category"].to_numpy(), ief=np.ones(len(long)),
            ief_unit_="fraction", memo=True))
    return concat(frames), pd.concat(tables, ignore_index=True)


def compute_fgas(inp: MethodInput) -> pd.DataFrame:
    out, _ = _run(inp)
    # keyed 2.G.1 rows: report the key in each life-cycle stage category
    g1 = out["category"].eq("2.G.1") & out["notation_key"].notna()
    if g1.any():
        rows = out[g1]
        out = pd.concat([out[~g1]] + [rows.assign(category=c) for c in _G1_STAGE.values()],
                        ignore_index=True)
    return out


register(SourceMethod(
    name="fgas_product_uses", sector="ippu", categories=("2.F", "2.G.1"),
    gases=("HFCs", "PFCs", "SF6", "NF3"),
    tiers={
        1: TierSpec(1, "bank model (Eqs. 7.10-7.14) / prompt emissions (Eqs. 7.5, 7.6) with "
                       "IPCC default parameters where no country value is given (Table 7.9 "
                       "midpoints)", ("charge_loss", "leak_rate", "lifetime", "eol_residual",
                                      "recovery_efficiency"),
                    ("ipcc_default", "national", "provincial", "plant")),
        2: TierSpec(2, "Tier 2a bank model by sub-application with country-specific charge "
                       "loss, leak rate, lifetime, residual charge and recovery",
                    ("charge_loss", "leak_rate", "lifetime", "eol_residual",
                     "recovery_efficiency"), ("national", "provincial", "plant")),
    },
    compute=compute_fgas, doc=__doc__ or ""))
