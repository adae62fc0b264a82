"""Approach 2: Monte Carlo simulation of the inventory uncertainty (IPCC 2006 Vol.1 Ch.3
Sect. 3.2.3.2, 2019 Refinement).

Every uncertain input of :func:`inventory.analysis.uncertainty.uncertainty_inputs` is one random
variable, sampled as a multiplier x / estimate from the distribution its ``distribution`` names
(normal, lognormal, triangular, uniform) fitted to its 95 % range; an empty distribution is
normal for a symmetric range and lognormal for an asymmetric one. Each emission row is
E x (product of its variables): a parameter shared by categories or years is the *same* draw in
each (full correlation), activity data of one category, activity and year are shared by the
regions and gases, different years are independent.

The simulation is vectorised: rows with the same variables are merged into units, the units'
multipliers are products of gathered variable draws, the category sums a sparse matrix product,
all in chunks of iterations so memory stays bounded. The same ``seed`` gives the same numbers,
whatever the chunk size: the generator is always drawn in blocks of :data:`BLOCK` iterations,
in order, and a chunk is a whole number of blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from inventory.errors import InputError

from .uncertainty import UncertaintyInputs

__all__ = ["Z95", "normal_sigma", "lognormal_parameters", "uniform_bounds",
           "triangular_bounds", "sample_multipliers", "monte_carlo", "MonteCarloResult",
           "CHUNK", "BLOCK"]

Z95 = 1.959963984540054  # two-sided 95 % quantile of the standard normal
BLOCK = 4_000            # iterations per draw from the generator (fixes the random stream)
CHUNK = BLOCK            # iterations per chunk (memory: units x CHUNK doubles)


def normal_sigma(rel_lower: np.ndarray, rel_upper: np.ndarray) -> np.ndarray:
    """Standard deviation of a normal multiplier with mean 1 from its 95 % range [fraction].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Sect. 3.2.2.4: the 95 % interval of a normal is mean +- 1.96 sigma,
    so sigma = (upper - lower) / (2 x 1.96); an asymmetric range gets the mean half-width
    (give ``lognormal`` for a skewed input).
    """
    return (np.asarray(rel_upper, dtype=float) - np.asarray(rel_lower, dtype=float)) / (2 * Z95)


def lognormal_parameters(rel_lower: np.ndarray, rel_upper: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    """(mu, sigma) of ln x for a lognormal multiplier whose 2.5 and 97.5 percentiles are the
    range bounds [fraction of the estimate].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Sect. 3.2.2.4 (lognormal for positive, skewed inputs): ln x is
    normal, so ln(lower) = mu - 1.96 sigma and ln(upper) = mu + 1.96 sigma; the median is
    exp(mu) = sqrt(lower x upper).
    """
    lo = np.asarray(rel_lower, dtype=float)
    hi = np.asarray(rel_upper, dtype=float)
    if np.any(lo <= 0):
        raise InputError("a lognormal input has a lower bound <= 0", "uncertainty inputs",
                         "lower > 0 for distribution lognormal")
    return (np.log(lo) + np.log(hi)) / 2, (np.log(hi) - np.log(lo)) / (2 * Z95)


def uniform_bounds(rel_lower: np.ndarray, rel_upper: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of a uniform multiplier whose central 95 % is [lower, upper] [fraction].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Sect. 3.2.2.4 (uniform). The bounds are the 2.5 and 97.5
    percentiles, so the full width is (upper - lower) / 0.95 and 2.5 % of it lies beyond
    each bound.
    """
    lo = np.asarray(rel_lower, dtype=float)
    hi = np.asarray(rel_upper, dtype=float)
    w = (hi - lo) / 0.95
    return lo - 0.025 * w, hi + 0.025 * w


def triangular_bounds(rel_lower: np.ndarray, rel_upper: np.ndarray, mode: float = 1.0,
                      iterations: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of a triangular multiplier with mode ``mode`` (the estimate) whose 2.5 and 97.5
    percentiles are the range bounds [fraction].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.3 Sect. 3.2.2.4 (triangular). With F(x) = (x-a)^2/((b-a)(c-a)) below
    the mode c and 1 - (b-x)^2/((b-a)(b-c)) above it, F(lower) = 0.025 and
    F(upper) = 0.975 give a = lower - sqrt(0.025 (b-a)(c-a)) and
    b = upper + sqrt(0.025 (b-a)(b-c)), solved by fixed-point iteration.
    """
    lo = np.asarray(rel_lower, dtype=float)
    hi = np.asarray(rel_upper, dtype=float)
    if np.any(lo >= mode) or np.any(hi <= mode):
        raise InputError("a triangular input has its estimate outside its range",
                         "uncertainty inputs", "lower < estimate < upper")
    a, b = lo.copy(), hi.copy()
    for _ in range(iterations):
        a_new = lo - np.sqrt(0.025 * (b - a) * (mode - a))
        b_new = hi + np.sqrt(0.025 * (b - a) * (b - mode))
        if np.allclose(a_new, a, rtol=0, atol=1e-13) and np.allclose(b_new, b, rtol=0,
                                                                      atol=1e-13):
            a, b = a_new, b_new
            break
        a, b = a_new, b_new
    return a, b


def _kinds(variables: pd.DataFrame) -> np.ndarray:
    d = variables["distribution"].astype(str).str.lower().to_numpy()
    lo = variables["rel_lower"].to_numpy(dtype=float)
    hi = variables["rel_upper"].to_numpy(dtype=float)
    sym = np.isclose(1 - lo, hi - 1, rtol=1e-6, atol=1e-12)
    auto = np.where(sym | (lo <= 0), "normal", "lognormal")
    kind = np.where(np.isin(d, ["", "none", "nan"]), auto, d)
    bad = ~np.isin(kind, ["normal", "lognormal", "triangular", "uniform"])
    if bad.any():
        raise InputError(f"unknown distribution '{kind[bad][0]}' of "
                         f"{variables['variable_id'].to_numpy()[bad][0]}",
                         "parameters table, column 'distribution'",
                         "normal, lognormal, triangular or uniform")
    return kind


class _Sampler:
    """Draws the multipliers of all variables, chunk by chunk, from one generator."""

    def __init__(self, variables: pd.DataFrame, seed: int):
        self.rng = np.random.default_rng(seed)
        self.kind = _kinds(variables)
        lo = variables["rel_lower"].to_numpy(dtype=float)
        hi = variables["rel_upper"].to_numpy(dtype=float)
        self.n = len(variables)
        self.groups = []
        for k in ("normal", "lognormal", "uniform", "triangular"):
            idx = np.flatnonzero(self.kind == k)
            if not len(idx):
                continue
            if k == "normal":
                params = (normal_sigma(lo[idx], hi[idx]),)
            elif k == "lognormal":
                params = lognormal_parameters(lo[idx], hi[idx])
            elif k == "uniform":
                params = uniform_bounds(lo[idx], hi[idx])
            else:
                params = triangular_bounds(lo[idx], hi[idx])
            self.groups.append((k, idx, params))

    def draw(self, n: int) -> np.ndarray:
        """(variables + 1) x n multipliers; the last row is 1 (the 'no variable' slot).

        Drawn block by block (:data:`BLOCK` iterations each, the last one shorter), so the
        numbers depend only on the seed and the iteration, never on how the caller chunks."""
        if n <= BLOCK:
            return self._draw_block(n)
        out = np.empty((self.n + 1, n))
        for start in range(0, n, BLOCK):
            m = min(BLOCK, n - start)
            out[:, start:start + m] = self._draw_block(m)
        return out

    def _draw_block(self, n: int) -> np.ndarray:
        out = np.ones((self.n + 1, n))
        for k, idx, p in self.groups:
            if k == "normal":
                out[idx] = 1.0 + p[0][:, None] * self.rng.standard_normal((len(idx), n))
            elif k == "lognormal":
                out[idx] = np.exp(p[0][:, None] + p[1][:, None]
                                  * self.rng.standard_normal((len(idx), n)))
            elif k == "uniform":
                out[idx] = p[0][:, None] + (p[1] - p[0])[:, None] * self.rng.random(
                    (len(idx), n))
            else:
                a, b = p[0][:, None], p[1][:, None]
                u = self.rng.random((len(idx), n))
                left = u < (1.0 - a) / (b - a)
                out[idx] = np.where(left, a + np.sqrt(u * (b - a) * (1.0 - a)),
                                    b - np.sqrt((1.0 - u) * (b - a) * (b - 1.0)))
        return out


def sample_multipliers(variables: pd.DataFrame, iterations: int, seed: int) -> np.ndarray:
    """Draws of each variable as a multiplier of its estimate: variables x iterations."""
    return _Sampler(variables, seed).draw(iterations)[:-1]


@dataclass
class MonteCarloResult:
    """``categories``: per category/gas and year role (base, latest, trend) the estimate,
    mean, median and 2.5/97.5 percentiles; ``totals``: the same for the national totals
    without and with LULUCF; ``samples``: the totals' draws (for histograms)."""

    categories: pd.DataFrame
    totals: pd.DataFrame
    samples: pd.DataFrame
    iterations: int
    seed: int


def _summary(est: np.ndarray, draws: np.ndarray) -> dict:
    q = np.percentile(draws, [2.5, 50.0, 97.5], axis=-1)
    mean = draws.mean(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(est != 0, (est - q[0]) / np.abs(est) * 100.0, np.nan)
        hi = np.where(est != 0, (q[2] - est) / np.abs(est) * 100.0, np.nan)
    return {"estimate": est, "mean": mean, "median": q[1], "p2_5": q[0], "p97_5": q[2],
            "u_lower_pct": lo, "u_upper_pct": hi}


def monte_carlo(inputs: UncertaintyInputs, base_year: int, latest_year: int,
                iterations: int = 100_000, seed: int = 20240601,
                chunk: int = CHUNK, progress=None) -> MonteCarloResult:
    """Simulate the categories and totals of ``base_year`` and ``latest_year``.

    ``chunk``: iterations simulated at once (rounded to whole :data:`BLOCK` s); memory grows
    with it, the results do not change with it. ``progress(done, total)``: called after each
    chunk with the iterations simulated so far (a progress bar; results do not depend on it)."""
    chunk = max(BLOCK, int(chunk) // BLOCK * BLOCK)
    rows = inputs.rows[inputs.rows["year"].isin([base_year, latest_year])]
    variables = inputs.variables[inputs.variables["status"] != "no range"].reset_index(
        drop=True)
    vindex = pd.Series(np.arange(len(variables)), index=variables["variable_id"])
    lk = inputs.links[inputs.links["row_id"].isin(rows["row_id"])]
    lk = lk.assign(v=vindex.reindex(lk["variable_id"]).to_numpy())
    lk = lk[~np.isnan(lk["v"].to_numpy(dtype=float))].sort_values(["row_id", "v"])
    sig = lk.groupby("row_id")["v"].agg(lambda s: ",".join(str(int(x)) for x in s))
    rows = rows.assign(sig=sig.reindex(rows["row_id"]).fillna("").to_numpy())
    units = rows.groupby(["year", "kca_id", "gas", "lulucf", "sig"], as_index=False)[
        "value"].sum()
    nvar = len(variables)
    vlists = [[int(x) for x in s.split(",")] if s else [] for s in units["sig"]]
    width = max([len(v) for v in vlists] + [1])
    idx = np.full((len(units), width), nvar, dtype=np.int64)
    for i, v in enumerate(vlists):
        idx[i, :len(v)] = v
    groups = units[["year", "kca_id", "gas", "lulucf"]].drop_duplicates().reset_index(drop=True)
    gpos = pd.MultiIndex.from_frame(groups).get_indexer(
        pd.MultiIndex.from_frame(units[["year", "kca_id", "gas", "lulucf"]]))
    gmat = sparse.csr_matrix((units["value"].to_numpy(dtype=float),
                              (gpos, np.arange(len(units)))),
                             shape=(len(groups), len(units)))
    sampler = _Sampler(variables, seed)
    cat = np.empty((len(groups), iterations), dtype=np.float32)
    is_l = groups["lulucf"].to_numpy(dtype=bool)
    yr = groups["year"].to_numpy()
    masks = {(role, cov): (yr == y) & (~is_l if cov == "excluding" else np.ones_like(is_l))
             for role, y in (("base", base_year), ("latest", latest_year))
             for cov in ("excluding", "including")}
    totals = {k: np.empty(iterations) for k in masks}
    for start in range(0, iterations, chunk):
        n = min(chunk, iterations - start)
        v = sampler.draw(n)
        prod = v[idx[:, 0]]
        for k in range(1, width):
            prod *= v[idx[:, k]]
        sums = gmat @ prod
        cat[:, start:start + n] = sums
        for key, m in masks.items():
            totals[key][start:start + n] = sums[m].sum(axis=0)
        if progress is not None:
            progress(start + n, iterations)
    est = np.asarray(gmat.sum(axis=1)).ravel()
    parts = []
    for role, y in (("base", base_year), ("latest", latest_year)):
        m = yr == y
        g = groups[m]
        parts.append(pd.DataFrame({"kca_id": g["kca_id"].to_numpy(), "gas": g["gas"].to_numpy(),
                                   "lulucf": g["lulucf"].to_numpy(), "role": role, "year": y,
                                   **_summary(est[m], cat[m].astype(float))}))
    # trend of each category present in both years with a base-year estimate != 0
    b = groups[yr == base_year].reset_index().set_index(["kca_id", "gas"])
    t = groups[yr == latest_year].reset_index().set_index(["kca_id", "gas"])
    both = b.index.intersection(t.index)
    if len(both):
        ib = b.loc[both, "index"].to_numpy()
        it = t.loc[both, "index"].to_numpy()
        ok = est[ib] != 0
        ib, it = ib[ok], it[ok]
        draws = (cat[it].astype(float) - cat[ib]) / np.abs(cat[ib].astype(float)) * 100.0
        tr = (est[it] - est[ib]) / np.abs(est[ib]) * 100.0
        s = _summary(tr, draws)
        s["u_lower_pct"] = tr - s["p2_5"]      # percentage points for a trend
        s["u_upper_pct"] = s["p97_5"] - tr
        parts.append(pd.DataFrame({"kca_id": groups["kca_id"].to_numpy()[it],
                                   "gas": groups["gas"].to_numpy()[it],
                                   "lulucf": groups["lulucf"].to_numpy()[it], "role": "trend",
                                   "year": latest_year, **s}))
    categories = pd.concat(parts, ignore_index=True)
    trows, samples = [], {}
    for cov in ("excluding", "including"):
        b_est = est[masks[("base", cov)]].sum()
        t_est = est[masks[("latest", cov)]].sum()
        for role, e, d in (("base", b_est, totals[("base", cov)]),
                           ("latest", t_est, totals[("latest", cov)])):
            trows.append({"coverage": cov, "role": role, **{k: float(np.asarray(v))
                                                          for k, v in _summary(
                                                              np.asarray(e), d).items()}})
            samples[f"{role}_{cov}"] = d
        if b_est != 0:
            d = ((totals[("latest", cov)] - totals[("base", cov)])
                 / np.abs(totals[("base", cov)]) * 100.0)
            tr = (t_est - b_est) / abs(b_est) * 100.0
            s = {k: float(np.asarray(v)) for k, v in _summary(np.asarray(tr), d).items()}
            s["u_lower_pct"] = tr - s["p2_5"]
            s["u_upper_pct"] = s["p97_5"] - tr
            trows.append({"coverage": cov, "role": "trend", **s})
            samples[f"trend_{cov}"] = d
    tot = pd.DataFrame(trows)
    tot.insert(2, "year", np.where(tot["role"] == "base", base_year, latest_year))
    return MonteCarloResult(categories, tot, pd.DataFrame(samples), iterations, seed)
