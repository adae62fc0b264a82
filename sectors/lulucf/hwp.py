"""Harvested wood products (IPCC 2006 Vol.4 Ch.12; CRT 4.G): first-order decay of the carbon
in sawnwood, wood panels and paper, with the production approach by default and the
stock-change and atmospheric-flow approaches as options.

Activity (sheet ``HWP``, category 3.D.1): ``<product>:<flow>`` with product ``sawnwood``,
``wood_panels`` [m3], ``paper`` [t] and the feedstock rows ``industrial_roundwood``,
``wood_chips``, ``wood_residues`` [m3]; flow ``production``, ``import``, ``export`` (FAO
forestry statistics). Parameters: ``C_hwp`` (carbon per product unit, national: the IPCC
conversion factors are not shipped), ``HL`` half-life [yr] (Tier 1 default, Tier 2 national),
``U_hwp`` (Table 12.3, the history rate of Eq. 12.6).

History: the inflow of the years before the first inventory year back to ``hwp_start_year``
(default 1900) is extrapolated from the first year's inflow with Eq. 12.6 and the region's
rate U; every history year is a row of the ``lulucf.hwp`` table with ``history = True`` and
its source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.factors import Lookup
from inventory.methods import MethodInput, emission_rows, keyed_rows

from .common import (
    C_TO_CO2,
    HWP_FLOWS,
    HWP_PRODUCTS,
    LulucfOptions,
    ensure_known,
    factor_chain,
    provenance,
    values_in,
)
from .keys import edition_2019_first

__all__ = ["decay_constant", "hwp_stock", "hwp_history_inflow", "domestic_feedstock_fraction",
           "apparent_consumption", "atmospheric_flow_change", "hwp_emissions", "SEMI_FINISHED",
           "EQ_FOD"]

SEMI_FINISHED = ("sawnwood", "wood_panels", "paper")
UNITS = {"sawnwood": "m3", "wood_panels": "m3", "paper": "t", "industrial_roundwood": "m3",
         "wood_chips": "m3", "wood_residues": "m3"}
EQ_FOD = "IPCC 2006 Vol.4 Ch.12 Eq. 12.1"


def decay_constant(half_life):
    """First-order decay constant of an HWP pool.

    Parameters
    ----------
    half_life : array-like [yr] HL

    Returns
    -------
    array-like [yr-1] k = ln(2) / HL

    Notes
    -----
    IPCC 2006 Vol.4 Ch.12 Eq. 12.1 (definition of k).
    """
    return np.log(2.0) / np.asarray(half_life, dtype=float)


def hwp_stock(inflow, half_life, initial_stock=0.0):
    """Carbon stock and stock change of an HWP pool, first-order decay.

    Parameters
    ----------
    inflow : array-like [n_series, n_years] [t C yr-1] Inflow(i), in year order
    half_life : float [yr] HL of the pool
    initial_stock : array-like [n_series] [t C] C(first year)

    Returns
    -------
    (stock, change) : [n_series, n_years] [t C] C(i) at the start of year i, and
        Delta C(i) = C(i+1) - C(i) [t C yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.12 Eq. 12.1: C(i+1) = e^-k x C(i) + [(1 - e^-k)/k] x Inflow(i),
    Delta C(i) = C(i+1) - C(i). Evaluated as one matrix product: C(n) = e^-kn C(0) +
    sum_{i<n} e^-k(n-1-i) (1 - e^-k)/k Inflow(i).
    """
    x = np.atleast_2d(np.asarray(inflow, dtype=float))
    n = x.shape[1]
    k = float(decay_constant(half_life))
    a = (1.0 - np.exp(-k)) / k
    steps = np.arange(n + 1)
    lag = steps[:, None] - 1 - np.arange(n)[None, :]
    kern = np.where(lag >= 0, a * np.exp(-k * np.clip(lag, 0, None)), 0.0)   # [n+1, n]
    c0 = np.broadcast_to(np.asarray(initial_stock, dtype=float), (x.shape[0],))
    full = x @ kern.T + c0[:, None] * np.exp(-k * steps)[None, :]
    return full[:, :n], np.diff(full, axis=1)


def hwp_history_inflow(first_inflow, first_year, years, rate):
    """Inflow of the years before the first year with data, extrapolated backwards.

    Parameters
    ----------
    first_inflow : array-like [n_series] [t C yr-1] inflow of the first year with data
    first_year : int, that year (t0)
    years : array-like [n_hist] the earlier years
    rate : float [yr-1] U, annual rate of increase of industrial roundwood production
        (Table 12.3)

    Returns
    -------
    [n_series, n_hist] [t C yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.12 Eq. 12.6: V_t = V_1961 x e^(U x (t - 1961)), with the first year
    of the project's data in the place of 1961.
    """
    t = np.asarray(years, dtype=float) - float(first_year)
    return np.asarray(first_inflow, dtype=float)[:, None] * np.exp(float(rate) * t)[None, :]


def domestic_feedstock_fraction(irw_production, irw_import, irw_export, chips_import=0.0,
                                chips_export=0.0, residues_import=0.0, residues_export=0.0):
    """Share of the feedstock of semi-finished wood products that comes from domestic harvest.

    Parameters
    ----------
    irw_production, irw_import, irw_export : array-like [m3] industrial roundwood
    chips_import, chips_export, residues_import, residues_export : array-like [m3] wood chips
        and wood residues traded

    Returns
    -------
    array-like [-] IRW_H / (IRW_H + IRW_IM - IRW_EX + WCH_IM - WCH_EX + WR_IM - WR_EX)

    Notes
    -----
    IPCC 2006 Vol.4 Ch.12 Eq. 12.3: Inflow_DH = P x IRW_H / (IRW_H + IRW_IM - IRW_EX +
    WCH_IM - WCH_EX + WR_IM - WR_EX).
    """
    h = np.asarray(irw_production, dtype=float)
    den = (h + np.asarray(irw_import, dtype=float) - np.asarray(irw_export, dtype=float)
           + np.asarray(chips_import, dtype=float) - np.asarray(chips_export, dtype=float)
           + np.asarray(residues_import, dtype=float) - np.asarray(residues_export, dtype=float))
    return np.clip(np.divide(h, den, out=np.ones_like(h), where=den > 0), 0.0, 1.0)


def apparent_consumption(production, imports, exports):
    """Carbon in the annual consumption of semi-finished wood products.

    Parameters
    ----------
    production, imports, exports : array-like [t C yr-1] P, SFP_IM, SFP_EX

    Returns
    -------
    array-like [t C yr-1] Inflow_DC

    Notes
    -----
    IPCC 2006 Vol.4 Ch.12 Eq. 12.2: Inflow_DC = P + SFP_IM - SFP_EX.
    """
    return np.clip(np.asarray(production, dtype=float) + np.asarray(imports, dtype=float)
                   - np.asarray(exports, dtype=float), 0.0, None)


def atmospheric_flow_change(change_consumed, exports, imports):
    """HWP contribution under the atmospheric-flow approach.

    Parameters
    ----------
    change_consumed : array-like [t C yr-1] Delta C of HWP consumed in the country
    exports, imports : array-like [t C yr-1] carbon in exported / imported wood products

    Returns
    -------
    array-like [t C yr-1] stock-change equivalent (gain positive)

    Notes
    -----
    IPCC 2006 Vol.4 Ch.12 Sect. 12.1 (atmospheric-flow approach): the net flux to the
    atmosphere within the country is -(Delta C_DC + P_EX - P_IM).
    """
    return (np.asarray(change_consumed, dtype=float) + np.asarray(exports, dtype=float)
            - np.asarray(imports, dtype=float))


def _take(lk: Lookup, pos: np.ndarray) -> Lookup:
    return Lookup(*(getattr(lk, f)[pos] for f in ("value", "lower", "upper", "parameter_id",
                                                  "layer", "source", "found")))


def _wide(num: pd.DataFrame, product: str, flow: str, keys: pd.DataFrame) -> np.ndarray:
    sel = num[(num["product"] == product) & (num["flow"] == flow)]
    s = sel.groupby(["region", "year"])["v"].sum()
    idx = pd.MultiIndex.from_frame(keys)
    return s.reindex(idx, fill_value=0.0).to_numpy()


def hwp_emissions(inp: MethodInput, rows: pd.DataFrame, opts: LulucfOptions, years: list[int]
                  ) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Emission rows of 3.D.1 (CO2, removals negative) and the ``lulucf.hwp`` table."""
    parts = rows["activity"].astype(str).str.split(":", n=1, expand=True).reindex(
        columns=[0, 1])
    ensure_known(rows, parts[0].isin(HWP_PRODUCTS) & parts[1].isin(HWP_FLOWS),
                 "HWP product or flow",
                 f"<product>:<flow>, product among {', '.join(HWP_PRODUCTS)}, flow among "
                 f"{', '.join(HWP_FLOWS)}")
    rows = rows.assign(product=parts[0].to_numpy(), flow=parts[1].to_numpy())
    frames = []
    keyed = rows[rows["value"].isna() & rows["product"].isin(SEMI_FINISHED)
                 & (rows["flow"] == "production")]
    if len(keyed):
        frames.append(keyed_rows(keyed.assign(activity=keyed["product"]), ("CO2",),
                                 tier=inp.tier_of(keyed, "CO2"), method="hwp_emissions",
                                 equation=EQ_FOD))
    num = rows[rows["value"].notna()].copy()
    if num.empty:
        return frames, pd.DataFrame()
    num["v"] = 0.0
    for p, u in UNITS.items():
        sel = (num["product"] == p).to_numpy()
        if sel.any():
            num.loc[sel, "v"] = values_in(num[sel], u, f"HWP {p}")
    regions = sorted(num["region"].unique())
    keys = pd.DataFrame([(r, y) for r in regions for y in years], columns=["region", "year"])
    n_r, n_y = len(regions), len(years)
    # feedstock share from domestic harvest (Eq. 12.3); 1 where no roundwood rows exist
    irw = {f: _wide(num, "industrial_roundwood", f, keys) for f in HWP_FLOWS}
    chips = {f: _wide(num, "wood_chips", f, keys) for f in HWP_FLOWS}
    res = {f: _wide(num, "wood_residues", f, keys) for f in HWP_FLOWS}
    has_irw = (irw["production"] > 0)
    f_dh = np.where(has_irw, domestic_feedstock_fraction(
        irw["production"], irw["import"], irw["export"], chips["import"], chips["export"],
        res["import"], res["export"]), 1.0)
    tables, out_rows = [], []
    hist_years = list(range(opts.hwp_start_year, years[0]))
    for product in SEMI_FINISHED:
        prod_rows = num[num["product"] == product]
        if prod_rows.empty:
            continue
        q = prod_rows.drop_duplicates(["region", "year"]).copy()
        tier_q = inp.tier_of(q, "CO2")
        c = inp.factor(q.assign(activity=product), "C_hwp", f"t/{UNITS[product]}",
                       tier=tier_q)
        # 2006 Table 12.2: one half-life for solid wood; 2019 Refinement: sawnwood and wood
        # panels apart. The project's edition decides which key is tried first (only one
        # edition's rows are loaded once the factor database filters by edition).
        solid = product in ("sawnwood", "wood_panels")
        gl = getattr(inp.factors, "guidelines", None)
        hl_keys = ([product, "solid_wood"] if (not solid or edition_2019_first(gl))
                   else ["solid_wood", product])
        hl = factor_chain(inp, q, "HL", "yr", hl_keys, tier=tier_q)
        if not hl.found.all():
            continue
        half = hl.value
        hl_solid = None
        if np.nanmax(half) - np.nanmin(half) > 1e-9:
            bad = q.iloc[int(np.argmax(half != half[0]))]
            raise InputError(f"half-life of {product} differs between regions or years",
                             bad.get("source_ref"), "one half-life per product (first-order "
                             "decay over the whole series)")
        cf = pd.Series(c.value, index=pd.MultiIndex.from_frame(q[["region", "year"]]))
        cf = cf.groupby(level=0).transform("mean").reindex(
            pd.MultiIndex.from_frame(keys)).groupby(level=0).transform(
            lambda s: s.ffill().bfill()).to_numpy()
        flows = {f: _wide(num, product, f, keys) * cf for f in HWP_FLOWS}
        P, IM, EX = flows["production"], flows["import"], flows["export"]
        if opts.hwp_approach == "production":
            pools = {"domestic": np.clip(P - EX, 0, None) * f_dh, "exported": EX * f_dh}
        else:
            pools = {"consumed": apparent_consumption(P, IM, EX)}
        u_rows = inp.factor(q.iloc[:1].assign(activity=opts.hwp_region), "U_hwp", "1/yr",
                            tier=tier_q[:1])
        rate = float(u_rows.value[0])
        change_total = np.zeros(n_r * n_y)
        for pool, inflow in pools.items():
            x = inflow.reshape(n_r, n_y)
            hist = hwp_history_inflow(x[:, 0], years[0], hist_years, rate) if hist_years \
                else np.zeros((n_r, 0))
            series = np.concatenate([hist, x], axis=1)
            stock, change = hwp_stock(series, float(half[0]))
            all_years = hist_years + list(years)
            pad = np.full(len(hist_years), np.nan)
            for j, reg in enumerate(regions):
                sl = slice(j * n_y, (j + 1) * n_y)
                tables.append(pd.DataFrame({
                    "region": reg, "year": all_years, "product": product, "pool": pool,
                    "approach": opts.hwp_approach, "inflow": series[j], "stock": stock[j],
                    "stock_change": change[j], "half_life": float(half[0]),
                    "production": np.r_[pad, P[sl]], "imports": np.r_[pad, IM[sl]],
                    "exports": np.r_[pad, EX[sl]], "f_domestic": np.r_[pad, f_dh[sl]],
                    "history": [y < years[0] for y in all_years],
                    "source": [f"Eq. 12.6: U = {rate:g} /yr (Table 12.3 {opts.hwp_region}) "
                               f"back from {years[0]}" if y < years[0] else "activity data"
                               for y in all_years]}))
            change_total += change[:, len(hist_years):].ravel()
        if opts.hwp_approach == "atmospheric_flow":
            change_total = atmospheric_flow_change(change_total, EX, IM)
        out = keys.assign(category="3.D.1", activity=product, change=change_total,
                          production=P)
        ids = prod_rows.groupby(["region", "year"])["activity_id"].agg(";".join)
        out["activity_id"] = pd.MultiIndex.from_frame(keys).map(ids.to_dict()).fillna("")
        # the lookups were made once per region and year with data: align them with ``out``
        pos = pd.MultiIndex.from_frame(keys).map(
            pd.Series(np.arange(len(q)), index=pd.MultiIndex.from_frame(
                q[["region", "year"]])).to_dict())
        have = ~pd.isna(pos)
        out = out[have]
        pos = np.asarray(pos[have], dtype=int)
        lks = [_take(lk, pos) for lk in (c, hl, hl_solid) if lk is not None and lk.found.any()]
        layer, src, pids = provenance(lks, len(out))
        out_rows.append(emission_rows(
            out, gas="CO2", value=-out["change"].to_numpy() * C_TO_CO2 * 1e-3,
            tier=tier_q[pos], method="hwp_emissions", equation=EQ_FOD,
            activity_value=out["production"], activity_unit="t", ief_unit="t/t",
            factor_layer=layer, factor_source=src, parameter_ids=pids))
    frames += out_rows
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    return frames, table
