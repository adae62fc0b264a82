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

Tiers: Tier 1 takes the IPCC default parameters (Table 7.9 midpoints; the IPCC gives none for
fire protection and electrical equipment, which therefore need Tier 2); Tier 2 requires
country-specific k, x, d, p, eta (national/provincial/plant layer) and takes the prompt share f
from any layer. A country value at Tier 1 is not used (the check
``core.country_parameter_not_used`` lists it). Parameter 'opening_bank' [t] (country data, any
layer, at both tiers) is keyed by the activity id as entered (e.g. 'stationary_ac:R410A') and
valid from the first inventory year; the rows of the years it still affects record it.

The model's stocks and flows per region, application, species and year are the background table
``ippu.fgas_bank`` (CRT Table2(II)B-Hs2, reviewers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import MethodInputError
from inventory.lookups import grouped, restrict, take
from inventory.methods import (
    MethodInput,
    MethodResult,
    SourceMethod,
    TierSpec,
    emission_rows,
    register,
)
from inventory.products import BackgroundTable, register_table
from inventory.schema import Column
from sectors.ippu.common import (
    blends,
    check_activity,
    fgas_applications,
    keyed,
)

__all__ = ["bank_model", "prompt_emissions", "split_blends", "compute_fgas", "STAGES",
           "BANK_TABLE", "BANK_PARAMETERS"]

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


BANK_PARAMETERS = (("charge_loss", "fraction"), ("leak_rate", "fraction"), ("lifetime", "year"),
                   ("eol_residual", "fraction"), ("recovery_efficiency", "fraction"))
PROMPT_PARAMETERS = (("first_year_fraction", "fraction"),)
_KEYS = ["region", "category", "application", "gas"]

BANK_TABLE = register_table(BackgroundTable(
    name="ippu.fgas_bank", sector="ippu",
    columns=(
        Column("category", "str", True, "IPCC 2006 category of the activity rows (2.F.*, "
                                        "2.G.1)"),
        Column("application", "str", True, "application (sectors/ippu/data/"
                                           "fgas_applications.csv)"),
        Column("gas", "str", True, "species (blends split by mass)"),
        Column("model", "str", True, "'bank' (Eqs. 7.10-7.14) or 'prompt' (Eqs. 7.5, 7.6)"),
        Column("tier", "int", True, "tier of the series"),
        Column("charge", "float", True, "[kt] charged into new products (bank) or sold "
                                        "(prompt) in the year"),
        Column("bank", "float", True, "[kt] bank: nominal charge of products in use at year "
                                      "end; prompt: sold and not yet emitted"),
        Column("e_charge", "float", True, "[kt] first-fill emissions k M (Eq. 7.12; prompt 0)"),
        Column("e_life", "float", True, "[kt] emissions from the bank x B (Eq. 7.13); prompt: "
                                        "all emissions of the year (Eqs. 7.5, 7.6)"),
        Column("retired", "float", False, "[kt] nominal charge retiring (M of year t - d, "
                                          "opening bank over its first d years); prompt "
                                          "empty"),
        Column("remaining", "float", True, "[kt] charge remaining at decommissioning p R "
                                           "(prompt 0)"),
        Column("e_eol", "float", True, "[kt] end-of-life emissions p R (1 - eta) (Eq. 7.14; "
                                       "prompt 0)"),
        Column("recovered", "float", True, "[kt] recovered or destroyed p R eta (prompt 0)"),
        Column("servicing", "float", False, "[kt] refill of leaks x B - (1 - p) R; negative = "
                                            "x and p inconsistent (prompt empty)"),
        Column("sales", "float", True, "[kt] chemical sold: potential emissions (Eq. 7.9)"),
        Column("emissions", "float", True, "[kt] actual emissions (Eq. 7.10)"),
    ),
    doc="F-gas bank model of IPPU 2.F and 2.G.1 per region, application, species and year "
        "(IPCC 2006 Vol.3 Ch.7 Eqs. 7.5-7.14); CRT Table2(II)B-Hs2 and the review of banks, "
        "sales and servicing."))


def _series(num: pd.DataFrame, years: np.ndarray):
    """Wide charge matrix per (region, category, application, gas) and the activity ids per
    series and year."""
    wide = num.pivot_table(index=_KEYS, columns="year", values="value", aggfunc="sum",
                           fill_value=0.0).reindex(columns=years, fill_value=0.0)
    ids = num.groupby(_KEYS + ["year"])["activity_id"].agg(";".join)
    return wide, ids


def _params(inp, idx: pd.DataFrame, years, tier, names):
    """Per (series, year) parameters from the layers the series' tier allows: values (n, y)
    and the lookups (flat, series-major like :func:`_long`)."""
    n, y = len(idx), len(years)
    q = pd.DataFrame({"region": np.repeat(idx["region"].to_numpy(), y),
                      "year": np.tile(years, n),
                      "category": np.repeat(idx["category"].to_numpy(), y),
                      "activity": np.repeat(idx["application"].to_numpy(), y)})
    lookups = {name: inp.factor(q, name, unit, tier=np.repeat(tier, y))
               for name, unit in names}
    return {k: lk.value.reshape(n, y) for k, lk in lookups.items()}, lookups


def _opening(inp, first: pd.DataFrame, idx: pd.DataFrame):
    """Opening bank per series [kt] from parameter 'opening_bank' keyed by the activity id as
    entered (first-year rows), blends split by mass; with its lookup per series (None when no
    series has one)."""
    if first.empty:
        return np.zeros(len(idx)), None
    f = inp.factor(first, "opening_bank", "kt", tier=inp.tier_of(first), required=False)
    ob = split_blends(first.assign(value=np.where(f.found, f.value, 0.0),
                                   _row=np.arange(len(first))))
    pos = pd.MultiIndex.from_frame(idx).get_indexer(pd.MultiIndex.from_frame(ob[_KEYS]))
    ok = pos >= 0
    value = np.bincount(pos[ok], weights=ob["value"].to_numpy()[ok], minlength=len(idx))
    if not f.found.any():
        return value, None
    return value, grouped([take(f, ob["_row"].to_numpy()[ok])], pos[ok], len(idx))


def _long(idx, years, arr, name):
    n, y = arr.shape
    return pd.DataFrame({"region": np.repeat(idx["region"].to_numpy(), y),
                         "category": np.repeat(idx["category"].to_numpy(), y),
                         "application": np.repeat(idx["application"].to_numpy(), y),
                         "gas": np.repeat(idx["gas"].to_numpy(), y),
                         "year": np.tile(years, n), name: arr.ravel()})


def _model(inp, kind, idx, years, m, tier, opening, ob_lookup):
    """Run one model over its series; returns (background rows, stage values, stage activity
    values, sales, the lookups every row of the series used)."""
    y = len(years)
    par, lookups = _params(inp, idx, years, tier,
                           BANK_PARAMETERS if kind == "bank" else PROMPT_PARAMETERS)
    if inp.missing:     # the model cannot run without its parameters: name them all now
        inp.raise_missing()
    if kind == "bank":
        res = bank_model(m, par["charge_loss"], par["leak_rate"], par["lifetime"],
                         par["eol_residual"], par["recovery_efficiency"], opening)
        stage_val = {"charge": res["e_charge"], "lifetime": res["e_life"],
                     "end_of_life": res["e_eol"]}
        stage_av = {"charge": m, "lifetime": res["bank"], "end_of_life": res["remaining"]}
        # the opening bank is in the bank until it has retired (its first d years)
        d0 = np.maximum(np.rint(par["lifetime"][:, :1]), 1) if y else np.ones((len(idx), 1))
        affected = np.arange(y)[None, :] < d0
        table = {"charge": m, "bank": res["bank"], "e_charge": res["e_charge"],
                 "e_life": res["e_life"], "retired": res["retired"],
                 "remaining": res["remaining"], "e_eol": res["e_eol"],
                 "recovered": res["recovered"], "servicing": res["servicing"],
                 "sales": res["sales"], "emissions": res["emissions"]}
    else:
        res = prompt_emissions(m, par["first_year_fraction"], opening)
        stage_val, stage_av = {"use": res["emissions"]}, {"use": m}
        affected = np.broadcast_to(np.arange(y)[None, :] == 0, m.shape)
        zero, empty = np.zeros_like(m), np.full(m.shape, np.nan)
        table = {"charge": m, "bank": res["bank"], "e_charge": zero,
                 "e_life": res["emissions"], "retired": empty, "remaining": zero,
                 "e_eol": zero, "recovered": zero, "servicing": empty, "sales": m,
                 "emissions": res["emissions"]}
    used = list(lookups.values())
    if ob_lookup is not None:
        flat = take(ob_lookup, np.repeat(np.arange(len(idx)), y))
        used.append(restrict(flat, np.asarray(affected).ravel()))
    long = _long(idx, years, m, "charge")
    for name, arr in table.items():
        long[name] = arr.ravel()
    long["model"] = kind
    long["tier"] = np.repeat(tier, y)
    return long, stage_val, stage_av, table["sales"], used


def _run(inp: MethodInput):
    act = inp.activity.reset_index(drop=True)
    info = check_activity(inp, act, "F-gas product uses")
    num_mask = act["value"].notna().to_numpy()
    frames = [keyed(inp, act[~num_mask], info[~num_mask], "bank_model",
                    "IPCC 2006 Vol.3 Ch.7 Eq. 7.10")]
    if not num_mask.any():
        return frames, []
    apps = fgas_applications().set_index("application")
    num = split_blends(act[num_mask].assign(tier=inp.tier_of(act)[num_mask]))
    years = np.arange(int(act["year"].min()), int(act["year"].max()) + 1)
    wide, ids = _series(num, years)
    idx = wide.index.to_frame(index=False)
    tier_of = num.groupby(_KEYS)["tier"].max().reindex(wide.index).to_numpy()
    model = idx["application"].map(apps["model"]).to_numpy()
    first = act[num_mask & (act["year"] == years[0]).to_numpy()]
    first = first.assign(application=first["activity"].str.split(":").str[0])
    opening, ob_lookup = _opening(inp, first, idx)
    tables = []
    for kind in ("bank", "prompt"):
        sel = model == kind
        if not sel.any():
            continue
        sub_idx = idx[sel].reset_index(drop=True)
        ob = None if ob_lookup is None else take(ob_lookup, sel)
        long, stage_val, stage_av, sales, used = _model(
            inp, kind, sub_idx, years, wide.to_numpy()[sel], tier_of[sel], opening[sel], ob)
        tables.append(long)
        key = pd.MultiIndex.from_frame(long[_KEYS + ["year"]])
        base = long[["region", "year"]].assign(activity_id=ids.reindex(key).fillna("")
                                               .to_numpy())
        cat, app, gas = (long[c].to_numpy() for c in ("category", "application", "gas"))
        tiers = long["tier"].to_numpy()
        method = "bank_model" if kind == "bank" else "prompt_emissions"
        for stage, val in stage_val.items():
            stage_cat = np.where(cat == "2.G.1", _G1_STAGE[stage], cat) \
                if stage in _G1_STAGE else cat
            eq = (_EQ[stage] if stage in _EQ else
                  [_EQ_PROMPT.get(c[:5], _EQ_PROMPT["2.F.4"]) for c in stage_cat])
            frames.append(emission_rows(
                base, gas=gas, value=val.ravel(), tier=tiers, method=method, equation=eq,
                activity_value=stage_av[stage].ravel(), activity_unit="kt",
                ief_unit="fraction", lookups=used, category=stage_cat,
                activity=np.char.add(app.astype(str), f":{stage}")))
        potential = emission_rows(
            base, gas=gas, value=sales.ravel(), tier=tiers,
            method="bank_model_sales" if kind == "bank" else "prompt_emissions",
            equation=_EQ["potential"], activity_value=sales.ravel(), activity_unit="kt",
            ief_unit="fraction", lookups=used, category=cat,
            activity=np.char.add(app.astype(str), ":potential"), memo=True)
        potential["ief"] = 1.0        # potential emissions = sales, by definition
        frames.append(potential)
    return frames, tables


def _g1_tier_set_once(inp: MethodInput) -> None:
    """The stages of electrical equipment (2.G.1.a-c) come from one bank model per series of
    2.G.1 rows: a tier set for one stage alone cannot apply (it is an error, never ignored)."""
    if not inp.activity["category"].astype(str).eq("2.G.1").any():
        return
    own = inp.category_tier("2.G.1")
    other = {c: inp.category_tier(c) for c in _G1_STAGE.values()}
    bad = {c: t for c, t in other.items() if t != own}
    if bad:
        c, t = next(iter(bad.items()))
        raise MethodInputError(
            f"Tier {t} is set for {c} but Tier {own} for 2.G.1: the manufacture, use and "
            "disposal emissions of electrical equipment come from one bank model per 2.G.1 "
            "series (IPCC 2006 Vol.3 Ch.8 Sect. 8.2)", "inventory.yml, key 'tiers'",
            "one tier for 2.G.1 (not for 2.G.1.a, 2.G.1.b or 2.G.1.c alone)")


def compute_fgas(inp: MethodInput) -> MethodResult:
    _g1_tier_set_once(inp)
    frames, tables = _run(inp)
    out = schema.concat_emissions(frames)
    # keyed 2.G.1 rows: report the key in each life-cycle stage category
    g1 = out["category"].eq("2.G.1") & out["notation_key"].notna()
    if g1.any():
        rows = out[g1]
        out = schema.concat_emissions([out[~g1]] + [rows.assign(category=c)
                                                    for c in _G1_STAGE.values()])
    bank = (pd.concat(tables, ignore_index=True) if tables
            else pd.DataFrame(columns=BANK_TABLE.column_names))
    return MethodResult(out, tables={BANK_TABLE.name: bank[BANK_TABLE.column_names]})


_FACTORS_T1 = {name: "default" for name, _ in BANK_PARAMETERS + PROMPT_PARAMETERS}
register(SourceMethod(
    name="fgas_product_uses", sector="ippu", categories=("2.F", "2.G.1"),
    gases=("HFCs", "PFCs", "SF6", "NF3"),
    tiers={
        1: TierSpec(1, "bank model (Eqs. 7.10-7.14) / prompt emissions (Eqs. 7.5, 7.6) with "
                       "the IPCC default parameters (Table 7.9 midpoints)",
                    factors={**_FACTORS_T1, "opening_bank": "any"}),
        2: TierSpec(2, "Tier 2a bank model by sub-application with country-specific charge "
                       "loss, leak rate, lifetime, residual charge and recovery",
                    factors={**{name: "country" for name, _ in BANK_PARAMETERS},
                             "first_year_fraction": "any", "opening_bank": "any"}),
    },
    compute=compute_fgas, doc=__doc__ or ""))
