"""Solid waste disposal 4.A: CH4 from the first-order decay (FOD) model, IPCC 2006 Vol.5 Ch.3.

The FOD model as in the IPCC Waste Model (Vol.5 Ch.3 Sect. 3.2.1 and Annex 3A.1): waste of each
type deposited in each year carries decomposable degradable organic carbon
DDOCm = W x DOC x DOCf x MCF (Eq. 3.2), which decays with rate k (Table 3.3, by climate zone)
after a delay (default 6 months: the reaction starts on 1 January of the year after deposition,
M = 13); the DDOCm decomposed in a year gives CH4 = DDOCm decomp x F x 16/12 (Eq. 3.6); recovered
CH4 is subtracted and the rest is oxidised in the cover by OX (Eq. 3.1).

Waste is given per waste type (food, garden, paper, wood, textiles, nappies, sludge, industrial)
or as bulk MSW, which is split into its components by composition fractions (``msw_fraction``
parameters that must add up to 1) or, with ``msw: bulk``, modelled as one stream with the bulk
DOC (Eq. 2.4 from the composition, or a national DOC) and the bulk-waste k.

History: the activity table holds the inventory years only. Disposal before the first inventory
year comes from ``disposal_history`` parameter rows where given and otherwise from the method
chosen in ``inventory.yml`` (``options: {waste: {history: {method: ...}}}``; IPCC 2006 Vol.5 Ch.3
Sect. 3.2.2): ``trend`` (back-extrapolation with a given or fitted growth rate), ``population``
(disposal proportional to population, i.e. constant per-capita disposal), ``given`` (history
rows only) or ``none``. The choice is recorded on every emission row (``parameter_ids``, an
``option:`` entry). See docs/waste.md.

Tiers (the layer role of each parameter is declared in the TierSpecs below): 1 = IPCC defaults
for DOC, DOCf, MCF, F, k, OX; 2 = the IPCC tier of country-specific activity data (disposal
history, composition), with country-specific parameters where given and defaults elsewhere;
3 = country-specific DOC and k required. Composition, disposal history and population are
country data at every tier. The equations are vectorised over series (region x category x waste
x site) and years: no loop per year (the decay is a matrix product over deposit cohorts). The
model's series are returned as the background table ``waste.fod``.

Memo: the carbon put into long-term storage each year, W x DOC x (1 - DOCf) (Vol.5 Ch.3
Sect. 3.4), is reported as CO2 [kt CO2 = kt C x 44/12] under IPCC 2006 category 4.A, which the
crosswalk maps to the CRT memo item 5.F.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from inventory.errors import InputError, MethodInputError
from inventory.factors import Lookup
from inventory.lookups import fold, place, take
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
    C_TO_CO2,
    CH4_C,
    RECOVERED,
    check_fractions,
    ensure_known,
    recorded_option,
    split_activity,
    swds_sites,
    waste_types,
)

__all__ = ["decomposable_doc", "bulk_doc_from_composition", "fod_decay", "ch4_generated",
           "swds_ch4_emissions", "long_term_stored_carbon", "reaction_start_month",
           "back_extrapolate_trend", "back_extrapolate_population", "fitted_growth",
           "FODOptions", "FODResult", "fod_model", "compute_solid_waste_disposal",
           "decay_curves", "FOD_TABLE", "FOD_COLUMNS", "CLIMATE_ZONES", "HISTORY_METHODS"]

CLIMATE_ZONES = ("boreal_temperate_dry", "boreal_temperate_wet", "tropical_dry", "tropical_wet")
HISTORY_METHODS = ("trend", "population", "given", "none")
EQ_EMISSIONS = "IPCC 2006 Vol.5 Ch.3 Eq. 3.1"
EQ_STORED = "IPCC 2006 Vol.5 Ch.3 Sect. 3.4"
_CHUNK = 4096  # series per block of the cohort matrix (bounds memory: block x years^2 floats)


# ---------------------------------------------------------------- equations (pure functions)
def decomposable_doc(waste, doc, docf, mcf):
    """Decomposable degradable organic carbon deposited (DDOCm).

    Parameters
    ----------
    waste : array-like [kt wet waste]  W, waste deposited
    doc : array-like [fraction, wet weight]  degradable organic carbon
    docf : array-like [fraction]  fraction of DOC that can decompose
    mcf : array-like [fraction]  CH4 correction factor of the site type

    Returns
    -------
    array-like [kt C]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Eq. 3.2: DDOCm = W x DOC x DOCf x MCF.
    """
    return (np.asarray(waste, dtype=float) * np.asarray(doc, dtype=float)
            * np.asarray(docf, dtype=float) * np.asarray(mcf, dtype=float))


def bulk_doc_from_composition(fractions, doc):
    """DOC of bulk waste from its composition.

    Parameters
    ----------
    fractions : array-like [fraction of wet weight], last axis = components (sums to 1)
    doc : array-like [fraction of wet weight], DOC of each component (0 for inert ones)

    Returns
    -------
    array-like [fraction of wet weight]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.2 Eq. 2.4: DOC = sum_i (DOC_i x W_i).
    """
    return np.sum(np.asarray(fractions, dtype=float) * np.asarray(doc, dtype=float), axis=-1)


def reaction_start_month(delay_months):
    """Month in which decay starts (M) for a delay after deposition.

    Parameters
    ----------
    delay_months : float [months], 0-6; IPCC default 6

    Returns
    -------
    float [month of the deposition year, 7-13]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Annex 3A.1 (IPCC Waste Model): waste is deposited on average in the
    middle of the year, so a delay of 6 months means M = 13 (decay starts on 1 January of the
    next year) and no delay M = 7.
    """
    d = float(delay_months)
    if not 0.0 <= d <= 6.0:
        raise ValueError(f"delay of {d} months: the FOD model takes 0 to 6 months")
    return 7.0 + d


def fod_decay(ddocm_deposited, k, reaction_month=13.0):
    """First-order decay of DDOCm deposited year by year.

    Parameters
    ----------
    ddocm_deposited : array (series, years) [kt C]  DDOCm deposited in each year
    k : array (series, years) or broadcastable [1/year]  decay rate of the waste deposited in
        each year (a cohort keeps the k of its deposition year)
    reaction_month : float [month]  M, the month decay starts (13 = 1 January next year)

    Returns
    -------
    (decomposed, accumulated) : arrays (series, years) [kt C]  DDOCm decomposed during each
    year, and DDOCm remaining (accumulated) at the end of each year.

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Eq. 3.4 and Eq. 3.5 with the delay of Annex 3A.1:
    DDOCm_rem(T) = DDOCmd(T) x exp(-k (13 - M) / 12),
    DDOCm_dec(T) = DDOCmd(T) x (1 - exp(-k (13 - M) / 12)),
    DDOCma(T) = DDOCm_rem(T) + DDOCma(T-1) x exp(-k)          (Eq. 3.4)
    DDOCm decomp(T) = DDOCm_dec(T) + DDOCma(T-1) x (1 - exp(-k))  (Eq. 3.5).
    Solved in closed form per deposit cohort s (no loop over years):
    DDOCma(T) = sum_{s<=T} DDOCmd(s) a_s exp(-k_s (T - s)), a_s = exp(-k_s (13 - M) / 12).
    """
    d = np.atleast_2d(np.asarray(ddocm_deposited, dtype=float))
    kk = np.broadcast_to(np.asarray(k, dtype=float), d.shape)
    n, y = d.shape
    frac = (13.0 - float(reaction_month)) / 12.0
    lag = np.arange(y)[None, :] - np.arange(y)[:, None]          # (s, T): T - s
    after = lag >= 0
    later = lag >= 1
    decomposed = np.empty_like(d)
    accumulated = np.empty_like(d)
    for lo in range(0, n, _CHUNK):                                 # blocks of series, not years
        ds, ks = d[lo:lo + _CHUNK], kk[lo:lo + _CHUNK]
        a = np.exp(-ks * frac)                                     # kept after the deposit year
        cohort = ds * a                                            # (i, s)
        with np.errstate(over="ignore", invalid="ignore"):
            keep = np.where(after, np.exp(-ks[:, :, None] * np.where(after, lag, 0)), 0.0)
            step = np.where(later, np.exp(-ks[:, :, None] * np.where(later, lag - 1, 0))
                            * (1.0 - np.exp(-ks[:, :, None])), 0.0)
        accumulated[lo:lo + _CHUNK] = np.einsum("is,ist->it", cohort, keep)
        decomposed[lo:lo + _CHUNK] = ds * (1.0 - a) + np.einsum("is,ist->it", cohort, step)
    return decomposed, accumulated


def ch4_generated(ddocm_decomposed, f):
    """CH4 generated from decomposed DDOCm.

    Parameters
    ----------
    ddocm_decomposed : array-like [kt C]
    f : array-like [fraction]  fraction of CH4 by volume in generated landfill gas

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Eq. 3.6: CH4 generated = DDOCm decomp x F x 16/12.
    """
    return np.asarray(ddocm_decomposed, dtype=float) * np.asarray(f, dtype=float) * CH4_C


def swds_ch4_emissions(generated, recovered, ox):
    """CH4 emitted from SWDS.

    Parameters
    ----------
    generated : array-like [kt CH4]  CH4 generated (summed over waste types)
    recovered : array-like [kt CH4]  CH4 recovered (flared or used)
    ox : array-like [fraction]  oxidation factor of the cover

    Returns
    -------
    array-like [kt CH4]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Eq. 3.1: CH4 = (sum_x CH4 generated_x - R) x (1 - OX).
    """
    return ((np.asarray(generated, dtype=float) - np.asarray(recovered, dtype=float))
            * (1.0 - np.asarray(ox, dtype=float)))


def long_term_stored_carbon(waste, doc, docf):
    """Carbon deposited in a year that stays in the SWDS in the long term.

    Parameters
    ----------
    waste : array-like [kt wet waste]
    doc : array-like [fraction, wet weight]
    docf : array-like [fraction]

    Returns
    -------
    array-like [kt C]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Sect. 3.4 (carbon stored in SWDS): the degradable carbon that does not
    decompose, W x DOC x (1 - DOCf); reported as the CRT memo item 5.F.1 (in CO2: x 44/12).
    """
    return (np.asarray(waste, dtype=float) * np.asarray(doc, dtype=float)
            * (1.0 - np.asarray(docf, dtype=float)))


def fitted_growth(values, years):
    """Annual growth rate of a log-linear trend fitted to each row of ``values``.

    Parameters
    ----------
    values : array (series, years) [any unit], all > 0
    years : array (years,) [year]

    Returns
    -------
    array (series,) [fraction per year]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Sect. 3.2.2 (estimating historical disposal by extrapolating a trend;
    the rate here is the least-squares slope of ln(value) on the year).
    """
    v = np.asarray(values, dtype=float)
    t = np.asarray(years, dtype=float)
    tc = t - t.mean()
    lv = np.log(v)
    slope = ((lv - lv.mean(axis=1, keepdims=True)) * tc).sum(axis=1) / (tc ** 2).sum()
    return np.expm1(slope)


def back_extrapolate_trend(first_value, growth, years_before):
    """Disposal in years before the first inventory year from a constant growth rate.

    Parameters
    ----------
    first_value : array (series,) [kt]  disposal in the first inventory year
    growth : array (series,) or float [fraction per year]
    years_before : array (h,) [years]  first inventory year minus each history year (>= 1)

    Returns
    -------
    array (series, h) [kt]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Sect. 3.2.2: W(t) = W(t0) / (1 + g)^(t0 - t).
    """
    fv = np.asarray(first_value, dtype=float)[:, None]
    g = np.broadcast_to(np.asarray(growth, dtype=float), fv.shape[:1])[:, None]
    return fv / (1.0 + g) ** np.asarray(years_before, dtype=float)[None, :]


def back_extrapolate_population(first_value, population, first_population):
    """Disposal in years before the first inventory year, proportional to population.

    Parameters
    ----------
    first_value : array (series,) [kt]  disposal in the first inventory year
    population : array (series, h) [head]  population in each history year
    first_population : array (series,) [head]  population in the first inventory year

    Returns
    -------
    array (series, h) [kt]

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Sect. 3.2.2: historical disposal from population and a per-capita
    disposal rate, here held at the first inventory year's rate W(t0) / P(t0).
    """
    rate = np.asarray(first_value, dtype=float) / np.asarray(first_population, dtype=float)
    return np.asarray(population, dtype=float) * rate[:, None]


# ---------------------------------------------------------------- options
@dataclass(frozen=True)
class FODOptions:
    climate_zone: str | None = None
    delay_months: float = 6.0
    history: str = "trend"
    start_year: int = 1950
    growth: float | None = None
    fit_years: int = 10
    msw: str = "composition"

    @classmethod
    def from_options(cls, options: dict) -> FODOptions:
        where = "inventory.yml, key 'options: waste'"
        o = dict(options or {})
        hist = o.get("history") or {}
        if isinstance(hist, str):
            hist = {"method": hist}
        extra = sorted(set(hist) - {"method", "start_year", "growth", "fit_years"})
        if extra:
            raise InputError(f"unknown history option(s) {extra}", where + ", history",
                             "keys among fit_years, growth, method, start_year")
        zone = o.get("climate_zone")
        if zone is not None and zone not in CLIMATE_ZONES:
            raise InputError(f"unknown climate_zone '{zone}'", where, f"one of {CLIMATE_ZONES}")
        method = hist.get("method", "trend")
        if method not in HISTORY_METHODS:
            raise InputError(f"unknown history method '{method}'", where + ", history",
                             f"one of {HISTORY_METHODS}")
        msw = o.get("msw", "composition")
        if msw not in ("composition", "bulk"):
            raise InputError(f"unknown msw option '{msw}'", where, "composition or bulk")
        delay = float(o.get("delay_months", 6.0))
        if not 0.0 <= delay <= 6.0:
            raise InputError(f"delay_months {delay}", where, "a delay of 0 to 6 months")
        growth = hist.get("growth")
        return cls(zone, delay, method, int(hist.get("start_year", 1950)),
                   None if growth is None else float(growth), int(hist.get("fit_years", 10)),
                   msw)

    def describe(self, fitted: bool) -> str:
        g = ("fitted" if fitted else f"{self.growth:g}") if self.history == "trend" else ""
        extra = f",growth={g}" if g else ""
        return (f"option:waste.history={self.history}(start={self.start_year}{extra});"
                f"delay_months={self.delay_months:g};msw={self.msw};"
                f"climate_zone={self.climate_zone}")


# ---------------------------------------------------------------- the model over a table
FOD_TABLE = "waste.fod"
FOD_COLUMNS = (
    Column("category", "str", True, "IPCC 2006 category of the SWDS series (4.A.1-4.A.3)"),
    Column("activity", "str", True, "the series' activity id, <waste type>:<site type>"),
    Column("waste_type", "str", True, "waste type of the series (msw = bulk MSW, modelled by "
                                      "its composition or as one stream)"),
    Column("site_type", "str", True, "SWDS site type (sectors/waste/data/swds_sites.csv)"),
    Column("history", "bool", True, "True for the years before the first inventory year "
                                    "(disposal estimated or given as disposal_history)"),
    Column("deposited", "float", True, "waste deposited in the year [kt wet waste]"),
    Column("ddocm_deposited", "float", True, "DDOCm deposited, Eq. 3.2 [kt C]"),
    Column("ddocm_decomposed", "float", True, "DDOCm decomposed in the year, Eq. 3.5 [kt C]"),
    Column("ddocm_accumulated", "float", True, "DDOCm remaining at the end of the year, "
                                               "Eq. 3.4 [kt C]"),
    Column("ch4_generated", "float", True, "CH4 generated, Eq. 3.6 [kt CH4]"),
    Column("ch4_recovered", "float", True, "CH4 recovered, allocated to the series of the "
                                           "category in proportion to generation [kt CH4]"),
    Column("ch4_oxidised", "float", True, "CH4 oxidised in the cover, (generated - recovered) "
                                          "x OX [kt CH4]"),
    Column("ch4_emitted", "float", True, "CH4 emitted, Eq. 3.1 [kt CH4]"),
    Column("stored_c", "float", True, "carbon deposited in the year that stays in the SWDS, "
                                      "W x DOC x (1 - DOCf) (Sect. 3.4; memo 5.F.1) [kt C]"),
    Column("ox", "float", True, "oxidation factor OX of the site type [fraction]"),
    Column("tier", "int", True, "tier of the series"),
)
register_table(BackgroundTable(
    name=FOD_TABLE, sector="waste", columns=FOD_COLUMNS,
    doc="The first-order decay model of 4.A per region, SWDS series (waste type and site type) "
        "and year of the model, history years included (IPCC 2006 Vol.5 Ch.3 Eqs. 3.1-3.6): "
        "the disposal, DDOCm deposited, decomposed and accumulated, CH4 generated, recovered, "
        "oxidised and emitted, and the carbon stored long-term. Returned by the 4.A method; "
        "read by CRT Table5.A (by waste type, stored carbon), the waste notebook and the "
        "products waste.swds_ch4 and the check waste.fod_history_shorter_than_50_years."))


@dataclass
class FODResult:
    """Per series (region, category, activity) and year of the model grid (history included):

    ``deposited`` [kt], ``history`` (True before the first inventory year), ``ddocm_deposited``,
    ``ddocm_decomposed``, ``ddocm_accumulated`` [kt C], ``ch4_generated``, ``ch4_recovered``,
    ``ch4_oxidised``, ``ch4_emitted`` [kt CH4], ``stored_c`` [kt C], ``ox``, ``tier``.

    ``ch4_provenance`` (one per series) holds every lookup the series' CH4 used (all years
    and components: DOC, DOCf, MCF, F, k, OX, composition, history, population);
    ``stored_provenance`` (one per row of ``table``) the lookups of the year's stored carbon
    (DOC, DOCf, composition)."""

    table: pd.DataFrame
    options: FODOptions
    ch4_provenance: Lookup | None = None
    stored_provenance: Lookup | None = None
    fitted: bool = False


def _series_frame(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[["region", "category", "activity"]].drop_duplicates().reset_index(drop=True)


def _query(series: pd.DataFrame, years: np.ndarray, activity) -> pd.DataFrame:
    """Lookup rows for every series x year (series-major)."""
    n, y = len(series), len(years)
    act = (np.repeat(np.asarray(activity, dtype=object), y) if not isinstance(activity, str)
           else activity)
    return pd.DataFrame({"region": np.repeat(series["region"].to_numpy(), y),
                         "year": np.tile(years, n),
                         "category": np.repeat(series["category"].to_numpy(), y),
                         "activity": act})


def _grid(inp: MethodInput, series, years, activity, parameter, unit, tier,
          required: bool = True) -> tuple[Lookup, np.ndarray]:
    """``parameter`` for every series x year at the series' tier: (lookup, values [n, years])."""
    q = _query(series, years, activity)
    res = inp.factor(q, parameter, unit, tier=np.repeat(tier, len(years)), required=required)
    return res, res.value.reshape(len(series), len(years))


def _k_lookup(inp, series, years, waste, tier, opts: FODOptions) -> Lookup:
    """k per series x year: a country-specific 'k' at Tier 2 and 3 (required at Tier 3), else
    the Table 3.3 default of the climate zone ('k_<zone>')."""
    q = _query(series, years, waste)
    t = np.repeat(tier, len(years))
    parts = []
    for lo, required in ((2, False), (3, True)):
        m = np.flatnonzero(t == lo)
        if len(m):
            parts.append((m, inp.factor(q.iloc[m], "k", "1/year", tier=t[m],
                                        required=required)))
    out = place(len(q), parts)
    need_default = ~out.found & (t < 3)
    if need_default.any():
        if opts.climate_zone is None:
            raise MethodInputError("no climate zone for the IPCC default decay rates k",
                                   "inventory.yml, key 'options: waste: climate_zone'",
                                   f"one of {CLIMATE_ZONES} (or national 'k' parameters at "
                                   "Tier 2 or 3)")
        m = np.flatnonzero(need_default)
        out = place(len(q), [(np.arange(len(q)), out),
                                     (m, inp.factor(q.iloc[m], f"k_{opts.climate_zone}",
                                                    "1/year", tier=t[m]))])
    return out


def _deposits(rows: pd.DataFrame, series: pd.DataFrame, years: np.ndarray) -> np.ndarray:
    """Inventory-year disposal per series x grid year (NaN outside the inventory years)."""
    sid = rows.merge(series.reset_index(names="_s"), on=["region", "category", "activity"])
    out = np.full((len(series), len(years)), np.nan)
    out[sid["_s"].to_numpy(), sid["year"].to_numpy() - years[0]] = sid["value"].to_numpy()
    return out


def _history(inp: MethodInput, series, years, first, deposits, tier, opts: FODOptions):
    """Fill the years before ``first``: given rows first, then the chosen method.

    Returns (deposits filled, [(lookup, series index per lookup row)], growth-fitted flag)."""
    h = years < first
    if not h.any():
        return deposits, [], False
    hy = years[h]
    t_h = np.repeat(tier, len(hy))
    q = _query(series, hy, series["activity"].to_numpy())
    given = inp.factor(q, "disposal_history", "kt", tier=t_h, required=False)
    used = [(given, np.repeat(np.arange(len(series)), len(hy)))]
    gv = given.value.reshape(len(series), len(hy))
    found = given.found.reshape(len(series), len(hy))
    first_val = deposits[:, years == first][:, 0]
    fitted = False
    if opts.history == "given":
        est = np.full_like(gv, np.nan)
    elif opts.history == "none":
        est = np.zeros_like(gv)
    elif opts.history == "trend":
        if opts.growth is not None:
            g = np.full(len(series), opts.growth)
        else:
            fitted = True
            window = (years >= first) & (years < first + opts.fit_years)
            vals = deposits[:, window]
            ok = np.isfinite(vals).all(axis=1) & (vals > 0).all(axis=1)
            g = np.zeros(len(series))
            if ok.any():
                g[ok] = fitted_growth(vals[ok], years[window])
            bad = ~ok & ~found.all(axis=1) & (first_val > 0)
            if bad.any():
                s = series.iloc[int(np.flatnonzero(bad)[0])]
                raise MethodInputError(
                    f"cannot fit a disposal trend for {s['activity']} in {s['category']}, "
                    f"region {s['region']}: the first {opts.fit_years} inventory years are not "
                    "all > 0", "inventory.yml, key 'options: waste: history'",
                    "a 'growth' rate, or disposal_history parameter rows")
        est = back_extrapolate_trend(np.nan_to_num(first_val), g, first - hy)
    else:  # population (per region, category 4.A)
        pq = _query(series, np.append(hy, first), "*").assign(category="4.A")
        pop = inp.factor(pq, "population", "head", tier=np.repeat(tier, len(hy) + 1))
        used.append((pop, np.repeat(np.arange(len(series)), len(hy) + 1)))
        pv = pop.value.reshape(len(series), len(hy) + 1)
        est = back_extrapolate_population(np.nan_to_num(first_val), pv[:, :-1], pv[:, -1])
    filled = np.where(found, gv, est)
    if np.isnan(filled).any() and opts.history == "given":
        i, j = np.argwhere(np.isnan(filled))[0]
        s = series.iloc[int(i)]
        raise MethodInputError(
            f"no disposal_history for {s['activity']} in {s['category']}, region "
            f"{s['region']}, year {int(hy[j])} (history method 'given')",
            "parameters table, parameter 'disposal_history'",
            f"a disposal_history row [kt] for every year {opts.start_year}-{first - 1}, or "
            "another history method")
    if (filled < 0).any():
        i, j = np.argwhere(filled < 0)[0]
        s = series.iloc[int(i)]
        raise InputError(f"negative historical disposal for {s['activity']} in "
                         f"{s['category']}, region {s['region']}, year {int(hy[j])}",
                         "parameters table, parameter 'disposal_history'", "a value >= 0")
    out = deposits.copy()
    out[:, h] = filled
    return out, used, fitted


def _composition(inp: MethodInput, series, years, comps, tier):
    """MSW composition per series x year for ``comps`` (the degradable components).

    All MSW components (inert ones included) must add up to 1 per region, category and year;
    the error names the parameter rows. Returns (fractions [n, years, comps], the lookup of
    every component x series x year, and each lookup row's series x year position)."""
    wt = waste_types()
    every = [c for c in wt.index if wt.loc[c, "msw_component"] == "yes"]
    n, y, c = len(series), len(years), len(every)
    q = pd.concat([_query(series, years, comp) for comp in every], ignore_index=True)
    res = inp.factor(q, "msw_fraction", "fraction", tier=np.tile(np.repeat(tier, y), c),
                     required=False)
    val = np.where(res.found, res.value, 0.0)
    found = res.found.reshape(c, n, y)
    if not found.any(axis=0).all():
        i, j = np.argwhere(~found.any(axis=0))[0]
        s = series.iloc[int(i)]
        raise MethodInputError(
            f"no MSW composition (msw_fraction) for region {s['region']}, category "
            f"{s['category']}, year {int(years[j])}", "parameters table",
            "msw_fraction rows [fraction] for the MSW components, adding up to 1, for every "
            "year of the model (history included), or options: waste: msw: bulk")
    refs = inp.factors.table.set_index("parameter_id")["source_ref"]
    table = q.assign(value=val, source_ref=pd.Series(res.parameter_id).map(refs).to_numpy())
    table = table[res.found].drop_duplicates(["region", "category", "year", "activity"])
    check_fractions(table, ["region", "category", "year"], "MSW composition fractions",
                    "msw_fraction values of one region/category/year adding up to 1")
    pick = [every.index(cmp) for cmp in comps]
    frac = val.reshape(c, n, y)[pick].transpose(1, 2, 0)
    return frac, res, np.tile(np.arange(n * y), c)


def fod_model(inp: MethodInput, rows: pd.DataFrame | None = None,
              tier: np.ndarray | None = None) -> FODResult:
    """Run the FOD model over 4.A activity rows with numbers (default: all of ``inp``'s rows,
    at ``inp.tier``)."""
    opts = FODOptions.from_options(inp.options)
    act = inp.activity if rows is None else rows
    row_tier = np.asarray(inp.tier if tier is None else tier)
    num = act[(act["activity"] != RECOVERED).to_numpy()]
    rec = act[(act["activity"] == RECOVERED).to_numpy()]
    series = _series_frame(num)
    n = len(series)
    if n == 0:
        return FODResult(pd.DataFrame(columns=["region", "year", *[c.name for c in
                                                                    FOD_COLUMNS]]), opts)
    first, last = int(act["year"].min()), int(act["year"].max())
    start = min(opts.start_year, first)
    years = np.arange(start, last + 1)
    ny = len(years)
    tier_of = pd.Series(row_tier, index=act.index)
    s_tier = (num.assign(_t=tier_of[num.index].to_numpy())
              .groupby(["region", "category", "activity"], sort=False)["_t"].max())
    tier = s_tier.reindex(pd.MultiIndex.from_frame(series)).to_numpy(dtype=int)
    s_waste, s_site = split_activity(series["activity"])

    deposits = _deposits(num.assign(value=num["value"].fillna(0.0)), series, years)
    inv = years >= first
    if np.isnan(deposits[:, inv]).any():
        i, j = np.argwhere(np.isnan(deposits[:, inv]))[0]
        s = series.iloc[int(i)]
        raise InputError(f"no disposal for {s['activity']} in {s['category']}, region "
                         f"{s['region']}, year {int(years[inv][j])}", "Waste sheet",
                         "a value (or NO) for every inventory year of a disposal series")
    deposits, ch4_parts, fitted = _history(inp, series, years, first, deposits, tier, opts)
    stored_parts = []   # (lookup, series x year grid position of each lookup row)

    def grid_pos(series_idx):
        """Grid positions (series x year) of lookup rows built with _query(series[idx])."""
        return (np.repeat(np.asarray(series_idx), ny) * ny
                + np.tile(np.arange(ny), len(series_idx)))

    # components: MSW split by composition (or bulk), other waste types as they are
    wt = waste_types()
    comps = [c for c in wt.index if wt.loc[c, "msw_component"] == "yes"
             and wt.loc[c, "degradable"] == "yes"]
    is_msw = s_waste == "msw"
    split = is_msw & (opts.msw == "composition")
    streams = []   # (series index, component id, waste [n_s, y])
    if split.any():
        s_idx = np.flatnonzero(split)
        frac, fres, lpos = _composition(inp, series[split], years, comps, tier[split])
        ch4_parts.append((fres, s_idx[lpos // ny]))
        stored_parts.append((fres, s_idx[lpos // ny] * ny + lpos % ny))
        for c_i, comp in enumerate(comps):
            streams.append((s_idx, comp, deposits[split] * frac[:, :, c_i]))
    plain = ~split
    if plain.any():
        streams.append((np.flatnonzero(plain), None, deposits[plain]))
    sidx = np.concatenate([s for s, _, _ in streams])
    sw = np.concatenate([w for _, _, w in streams])
    comp = np.concatenate([np.full(len(s), c if c else "", dtype=object)
                           for s, c, _ in streams])
    kind = np.where(comp == "", s_waste[sidx], comp).astype(object)
    st = series.iloc[sidx].reset_index(drop=True)
    t_st = tier[sidx]

    def used(res, stream_rows=None, stored=False):
        """Record a stream x year lookup for the CH4 (and the stored carbon) provenance."""
        pos = np.arange(len(st)) if stream_rows is None else np.asarray(stream_rows)
        ch4_parts.append((res, np.repeat(sidx[pos], ny)))
        if stored:
            stored_parts.append((res, grid_pos(sidx[pos])))

    # DOC per stream x year; bulk MSW: a DOC of 'msw' where the tier allows one, else Eq. 2.4
    bulk_msw = kind == "msw"
    doc = np.full(sw.shape, np.nan)
    nb = np.flatnonzero(~bulk_msw)
    if len(nb):
        r, v = _grid(inp, st.iloc[nb], years, kind[nb], "DOC", "fraction", t_st[nb])
        doc[nb] = v
        used(r, nb, stored=True)
    bm = np.flatnonzero(bulk_msw)
    if len(bm):
        bsub = st.iloc[bm]
        given, gdoc = _grid(inp, bsub, years, "msw", "DOC", "fraction", t_st[bm],
                            required=False)
        used(given, bm, stored=True)
        calc_rows = ~given.found            # series x year rows that take Eq. 2.4
        calc = np.full(gdoc.shape, np.nan)
        if calc_rows.any():
            sb = sidx[bm]                   # series of each bulk stream
            frac, fres, lpos = _composition(inp, bsub, years, comps, t_st[bm])
            cdoc = np.zeros(frac.shape)
            flat = cdoc.reshape(-1, len(comps))
            q = _query(bsub, years, "msw")[calc_rows]
            t_q = np.repeat(t_st[bm], ny)[calc_rows]
            for c_i, c in enumerate(comps):
                r = inp.factor(q, "DOC", "fraction", activity=c, tier=t_q)
                flat[calc_rows, c_i] = r.value
                ch4_parts.append((r, np.repeat(sb, ny)[calc_rows]))
                stored_parts.append((r, grid_pos(sb)[calc_rows]))
            mask = calc_rows[lpos]
            ch4_parts.append((take(fres, mask), sb[lpos[mask] // ny]))
            stored_parts.append((take(fres, mask), sb[lpos[mask] // ny] * ny
                                 + lpos[mask] % ny))
            calc = bulk_doc_from_composition(frac, cdoc)
        doc[bm] = np.where(given.found.reshape(gdoc.shape), gdoc, calc)
    docf_res, docf = _grid(inp, st, years, kind, "DOCf", "fraction", t_st)
    used(docf_res, stored=True)
    f_res, f = _grid(inp, st, years, kind, "F", "fraction", t_st)
    used(f_res)
    mcf_res, mcf = _grid(inp, st, years, s_site[sidx], "MCF", "fraction", t_st)
    used(mcf_res)
    k_res = _k_lookup(inp, st, years, kind, t_st, opts)
    used(k_res)
    k = k_res.value.reshape(len(st), ny)

    ddocm = decomposable_doc(sw, doc, docf, mcf)
    dec, acc = fod_decay(ddocm, k, reaction_start_month(opts.delay_months))
    gen = ch4_generated(dec, f)
    stored = long_term_stored_carbon(sw, doc, docf)

    # back to series (components summed)
    def per_series(x):
        out = np.zeros((n, ny))
        np.add.at(out, sidx, x)
        return out

    gen_s, dec_s, acc_s, dd_s, st_s = (per_series(x) for x in (gen, dec, acc, ddocm, stored))
    table = pd.DataFrame({
        "region": np.repeat(series["region"].to_numpy(), ny),
        "year": np.tile(years, n),
        "category": np.repeat(series["category"].to_numpy(), ny),
        "activity": np.repeat(series["activity"].to_numpy(), ny),
        "waste_type": np.repeat(s_waste, ny), "site_type": np.repeat(s_site, ny),
        "history": np.tile(~inv, n),
        "deposited": deposits.ravel(), "ddocm_deposited": dd_s.ravel(),
        "ddocm_decomposed": dec_s.ravel(), "ddocm_accumulated": acc_s.ravel(),
        "ch4_generated": gen_s.ravel(), "stored_c": st_s.ravel(),
        "tier": np.repeat(tier, ny),
    })
    # recovery per region/category/year, allocated to the series in proportion to generation
    table["ch4_recovered"] = 0.0
    table["recovery_id"] = ""
    if len(rec):
        r = rec[rec["value"].notna()]
        r = r[r["year"].isin(years[inv])]
        key = ["region", "category", "year"]
        tot = table.groupby(key)["ch4_generated"].transform("sum")
        m = table[key].merge(r[[*key, "value", "activity_id", "source_ref"]], on=key,
                             how="left")
        share = np.where(tot > 0, table["ch4_generated"] / tot.where(tot > 0, 1.0), 0.0)
        rv = m["value"].to_numpy(dtype=float)
        over = np.isfinite(rv) & (rv > tot.to_numpy() * (1 + 1e-9))
        if over.any():
            bad = m[over].iloc[0]
            raise InputError(f"CH4 recovered ({bad['value']:g} kt) exceeds the CH4 generated "
                             f"({tot[over].iloc[0]:.4g} kt) in {bad['category']}, region "
                             f"{bad['region']}, year {int(bad['year'])}",
                             bad["source_ref"] if isinstance(bad["source_ref"], str) else None,
                             "recovery <= CH4 generated by the FOD model")
        table["ch4_recovered"] = np.where(np.isfinite(rv), rv * share, 0.0)
        table["recovery_id"] = m["activity_id"].fillna("").to_numpy()
    ox = inp.factor(table.assign(activity=table["site_type"]), "OX", "fraction",
                    tier=table["tier"].to_numpy())
    ch4_parts.append((ox, np.repeat(np.arange(n), ny)))
    table["ox"] = ox.value
    table["ch4_emitted"] = swds_ch4_emissions(table["ch4_generated"], table["ch4_recovered"],
                                              table["ox"])
    table["ch4_oxidised"] = (table["ch4_generated"] - table["ch4_recovered"]) * table["ox"]
    return FODResult(table, opts, fold(ch4_parts, n),
                     fold(stored_parts, n * ny), fitted)


# ---------------------------------------------------------------- the method
def _validate(act: pd.DataFrame) -> None:
    wt, sites = waste_types(), swds_sites()
    ensure_known(act, ~act["category"].isin(["4.A.1", "4.A.2", "4.A.3"]).to_numpy(),
                 "activity for category", "4.A.1 managed, 4.A.2 unmanaged or 4.A.3 "
                 "uncategorised SWDS (4.A itself only carries the memo of stored carbon)")
    rec = (act["activity"] == RECOVERED).to_numpy()
    waste, site = split_activity(act["activity"])
    ok_waste = pd.Series(waste).isin(wt.index[(wt["degradable"] == "yes")
                                              | (wt["msw_component"] == "yes")]).to_numpy()
    ensure_known(act, ~rec & ~ok_waste, "unknown waste type in",
                 "<waste type>:<site type> with a waste type of sectors/waste/data/"
                 "waste_types.csv (food, garden, paper, wood, textiles, nappies, msw, sludge, "
                 "industrial ...) or ch4_recovered")
    site_cat = pd.Series(site).map(sites["category"]).to_numpy()
    ensure_known(act, ~rec & pd.isna(site_cat), "unknown SWDS site type in",
                 f"<waste type>:<site type> with a site type of {list(sites.index)}")
    ensure_known(act, ~rec & (site_cat != act["category"].to_numpy()),
                 "site type of another category in",
                 "a site type of this category (sectors/waste/data/swds_sites.csv)")
    neg = act["value"].to_numpy(dtype=float) < 0
    ensure_known(act, neg, "negative disposal for", "a value >= 0")
    bad_unit = ~act["unit"].isin(["kt"]).to_numpy() & act["value"].notna().to_numpy()
    ensure_known(act, bad_unit, "waste not in mass units for",
                 "a mass unit (t, kt, Gg ...) of wet waste, or kt CH4 for ch4_recovered")


def compute_solid_waste_disposal(inp: MethodInput) -> MethodResult:
    """Emission rows for 4.A: CH4 per series and inventory year, recovery and stored carbon
    as memo rows; series given only as notation keys give rows with their keys. The FOD
    series (history included) are returned as the background table ``waste.fod``."""
    act = inp.activity
    _validate(act)
    frames = []
    key_only = act.groupby(["region", "category", "activity"])["value"].transform(
        lambda v: v.isna().all()).to_numpy()
    keyed, k_tier = act[key_only], inp.tier[key_only]
    rec_k = (keyed["activity"] == RECOVERED).to_numpy()
    if (~rec_k).any():
        frames += [keyed_rows(keyed[~rec_k], ("CH4",), tier=k_tier[~rec_k],
                              method="swds_ch4_emissions", equation=EQ_EMISSIONS),
                   keyed_rows(keyed[~rec_k], ("CO2",), tier=k_tier[~rec_k],
                              method="long_term_stored_carbon", equation=EQ_STORED,
                              category="4.A", memo=True)]
    if rec_k.any():
        frames.append(keyed_rows(keyed[rec_k], ("CH4",), tier=k_tier[rec_k],
                                 method="swds_ch4_emissions", equation=EQ_EMISSIONS,
                                 memo=True))
    numeric, n_tier = act[~key_only], inp.tier[~key_only]
    mixed_bad = numeric["notation_key"].astype(object).isin(["NE", "C"]).to_numpy()
    ensure_known(numeric, mixed_bad, "NE or C among the numbers of the disposal series",
                 "a number or NO for every year of a series the FOD model runs over")
    tables = {}
    res = fod_model(inp, numeric, n_tier) if len(numeric) else None
    if res is not None and len(res.table):
        table = res.table
        ny = table["year"].nunique()
        pos = np.flatnonzero(~table["history"].to_numpy())
        out = table.iloc[pos].reset_index(drop=True)
        option = recorded_option(res.options.describe(res.fitted), len(out))
        ids = _activity_ids(numeric, out)
        common = dict(tier=out["tier"], activity_value=out["deposited"], activity_unit="kt",
                      ief_unit="t/t")
        frames.append(emission_rows(
            out, gas="CH4", value=out["ch4_emitted"], method="swds_ch4_emissions",
            equation=EQ_EMISSIONS, activity_ids=join_ids(ids, out["recovery_id"]),
            lookups=[take(res.ch4_provenance, pos // ny), option], **common))
        frames.append(emission_rows(
            out, gas="CO2", value=out["stored_c"] * C_TO_CO2, method="long_term_stored_carbon",
            equation=EQ_STORED, category="4.A", memo=True, activity_ids=ids,
            lookups=[take(res.stored_provenance, pos), option], **common))
        tables[FOD_TABLE] = table[[c for c in ("region", "year", *(c.name for c in
                                                                     FOD_COLUMNS))]]
    is_rec = (numeric["activity"] == RECOVERED).to_numpy()
    has = numeric["value"].notna().to_numpy()
    rec = numeric[is_rec & has]
    if len(rec):
        rv = rec["value"].to_numpy(dtype=float)
        frames.append(emission_rows(
            rec, gas="CH4", value=rv, tier=n_tier[is_rec & has], method="swds_ch4_emissions",
            equation=EQ_EMISSIONS, activity_value=rv, activity_unit="kt", ief_unit="t/t",
            memo=True))
    if (is_rec & ~has).any():
        frames.append(keyed_rows(numeric[is_rec & ~has], ("CH4",), tier=n_tier[is_rec & ~has],
                                 method="swds_ch4_emissions", equation=EQ_EMISSIONS,
                                 memo=True))
    return MethodResult(concat_emissions(frames), tables)


def _activity_ids(act: pd.DataFrame, out: pd.DataFrame) -> np.ndarray:
    """For each output row: the ids of the series' activity rows up to that year (the FOD
    emission of a year depends on all earlier disposal)."""
    a = act[act["activity"] != RECOVERED].sort_values("year")
    a = a.assign(_cum=a.groupby(["region", "category", "activity"])["activity_id"]
                 .transform(lambda s: (s.astype(str) + ";").cumsum().str[:-1]))
    m = out[["region", "category", "activity", "year"]].merge(
        a[["region", "category", "activity", "year", "_cum"]], how="left",
        on=["region", "category", "activity", "year"])
    return m["_cum"].fillna("").to_numpy(dtype=object)


def _disposal(rows: pd.DataFrame) -> np.ndarray:
    return (rows["activity"] != RECOVERED).to_numpy()


# DOCf, F and OX are keyed by the category only ('*' activity): checkable before computing.
# DOC, MCF and k are keyed by the waste or site type inside the activity id: looked up as the
# model runs, every miss collected into one message.
_NEEDS = tuple(Need(p, unit="fraction", when=_disposal) for p in ("DOCf", "F", "OX"))
_ZONE_K = {f"k_{zone}": "default" for zone in CLIMATE_ZONES}
_DATA = {"msw_fraction": "any", "disposal_history": "any", "population": "any"}

register(SourceMethod(
    name="solid_waste_disposal",
    sector="waste",
    categories=("4.A",),
    gases=("CH4", "CO2"),
    tiers={
        1: TierSpec(1, "FOD with IPCC default DOC, DOCf, MCF, F, k, OX (Vol.5 Ch.2 Table 2.4, "
                       "Ch.3 Tables 3.1-3.3)",
                    factors={"DOC": "default", "DOCf": "default", "MCF": "default",
                             "F": "default", "OX": "default", **_ZONE_K, **_DATA},
                    requires=_NEEDS),
        2: TierSpec(2, "FOD with country-specific activity data (history, composition) and "
                       "country-specific parameters where given, IPCC defaults elsewhere",
                    factors={"DOC": "any", "DOCf": "any", "MCF": "any", "F": "any",
                             "OX": "any", "k": "country", **_ZONE_K, **_DATA},
                    requires=_NEEDS),
        3: TierSpec(3, "FOD with country-specific DOC and k (required), other parameters "
                       "country-specific where given",
                    factors={"DOC": "country", "k": "country", "DOCf": "any", "MCF": "any",
                             "F": "any", "OX": "any", **_DATA},
                    requires=_NEEDS),
    },
    compute=compute_solid_waste_disposal,
    doc=__doc__ or "",
))


# ---------------------------------------------------------------- default decay curves
def decay_curves(k_defaults: pd.DataFrame, delay_months: float = 6.0,
                 years: int = 50) -> pd.DataFrame:
    """Share of 1 t of DDOCm deposited in year 0 that is still in the SWDS at the end of each
    year, and the share decomposed in each year, for decay rates ``k_defaults`` (columns
    ``activity`` = waste type, ``value`` = k [1/year]).

    Notes
    -----
    IPCC 2006 Vol.5 Ch.3 Eqs. 3.4-3.5 with the delay of Annex 3A.1 (:func:`fod_decay`)."""
    waste = k_defaults["activity"].astype(str).to_numpy()
    k = k_defaults["value"].to_numpy(dtype=float)
    pulse = np.zeros((len(waste), years))
    pulse[:, 0] = 1.0
    dec, acc = fod_decay(pulse, k[:, None], reaction_start_month(delay_months))
    return pd.DataFrame({"waste": np.repeat(waste, years), "k": np.repeat(k, years),
                         "years_after_deposit": np.tile(np.arange(years), len(waste)),
                         "remaining": acc.ravel(), "decomposed": dec.ravel()})
