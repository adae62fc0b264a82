"""Approach 2: Monte Carlo simulation of the inventory uncertainty (IPCC 2006 Vol.1 Ch.3
Sect. 3.2.3.2, 2019 Refinement).

Every uncertain input of :func:`inventory.analysis.uncertainty.uncertainty_inputs` is one random
variable, sampled as a multiplier x / estimate from the distribution its ``distribution`` names
(normal, lognormal, triangular, uniform) fitted to its 95 % range; an empty distribution is
normal for a symmetric range and lognormal for an asymmetric one. Each emission row is
E x (product of its variables): a parameter shared by categories or years is the *same* draw in
each (full correlation), activity data of one category, activity and year are shared by the
regions and gases, different years are independent.

The simulation is vectorised (docs/design.md, "Monte Carlo in seconds"): the draws of a block
of :data:`BLOCK` iterations fill one reused buffer, one generator call per distribution family;
rows with the same group and variables are merged into units, and the group sums of a block
are a sparse product over the units followed by a gather of the units' shared factors (see
:class:`_Propagation`). Only the category and total sums are kept per iteration, so memory is
bounded by the block. The same ``seed`` gives the same numbers whatever the chunk size or the
number of threads: the generator is always drawn in blocks of :data:`BLOCK` iterations, in
order, and a chunk is a whole number of blocks.
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
CHUNK = BLOCK            # iterations drawn at once (memory: variables x CHUNK doubles)


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
    """Draws the multipliers of all variables, block by block, from one generator.

    The variables are held in distribution order (normal, lognormal, uniform, triangular;
    within one distribution in input order): one ``standard_normal`` fill covers the normal
    and lognormal rows of a block and one ``random`` fill the uniform and triangular rows,
    then affine / exp transforms work in place. That is the same stream, number for number,
    as one generator call per distribution in that order (numpy's generator fills arrays
    element by element and keeps no state between calls), with no temporary arrays; the
    buffer of a full block is reused, so memory stays at (variables + 1) x BLOCK doubles."""

    ORDER = ("normal", "lognormal", "uniform", "triangular")

    def __init__(self, variables: pd.DataFrame, seed: int):
        self.rng = np.random.default_rng(seed)
        self.kind = _kinds(variables)
        lo = variables["rel_lower"].to_numpy(dtype=float)
        hi = variables["rel_upper"].to_numpy(dtype=float)
        self.n = len(variables)
        # order[j] = input index of buffer row j; row[i] = buffer row of input variable i
        self.order = np.concatenate([np.flatnonzero(self.kind == k) for k in self.ORDER]
                                    ).astype(np.int64)
        self.row = np.empty(self.n + 1, dtype=np.int64)
        self.row[self.order] = np.arange(self.n)
        self.row[self.n] = self.n                       # the 'no variable' slot: ones
        counts = [int((self.kind == k).sum()) for k in self.ORDER]
        edges = np.concatenate([[0], np.cumsum(counts)])
        self.span = {k: (int(edges[i]), int(edges[i + 1])) for i, k in enumerate(self.ORDER)}
        self.params = {}
        for k in self.ORDER:
            a, b = self.span[k]
            if a == b:
                continue
            idx = self.order[a:b]
            if k == "normal":
                p = (normal_sigma(lo[idx], hi[idx]),)
            elif k == "lognormal":
                p = lognormal_parameters(lo[idx], hi[idx])
            elif k == "uniform":
                lo_u, hi_u = uniform_bounds(lo[idx], hi[idx])
                p = (lo_u, hi_u - lo_u)
            else:
                p = triangular_bounds(lo[idx], hi[idx])
            self.params[k] = tuple(x[:, None] for x in p)
        self._buf: np.ndarray | None = None

    def draw(self, n: int) -> np.ndarray:
        """(variables + 1) x n multipliers in input order; the last row is 1 (the 'no
        variable' slot).

        Drawn block by block (:data:`BLOCK` iterations each, the last one shorter), so the
        numbers depend only on the seed and the iteration, never on how the caller chunks."""
        out = np.empty((self.n + 1, n))
        for start in range(0, n, BLOCK):
            m = min(BLOCK, n - start)
            out[:, start:start + m] = self.draw_block(m)[self.row]
        return out

    def draw_block(self, n: int) -> np.ndarray:
        """The next block of n <= :data:`BLOCK` iterations, (variables + 1) x n, rows in
        buffer order (:attr:`row` maps an input variable to its row; the last row is 1).
        A full block reuses one buffer: read it before the next call."""
        if n == BLOCK:
            if self._buf is None:
                self._buf = np.empty((self.n + 1, BLOCK))
            return self.fill(self._buf)
        return self.fill(np.empty((self.n + 1, n)))

    def fill(self, out: np.ndarray) -> np.ndarray:
        """Draw the next block into ``out`` ((variables + 1) x n, C-contiguous, n <=
        :data:`BLOCK`) in buffer order and return it."""
        out[self.n] = 1.0
        a_n, b_n = self.span["normal"]
        a_l, b_l = self.span["lognormal"]
        a_u, b_u = self.span["uniform"]
        a_t, b_t = self.span["triangular"]
        if b_l > a_n:
            self.rng.standard_normal(out=out[a_n:b_l])
        if b_t > a_u:
            self.rng.random(out=out[a_u:b_t])
        if "normal" in self.params:                     # 1 + sigma z
            x = out[a_n:b_n]
            x *= self.params["normal"][0]
            x += 1.0
        if "lognormal" in self.params:                  # exp(mu + sigma z)
            mu, sigma = self.params["lognormal"]
            x = out[a_l:b_l]
            x *= sigma
            x += mu
            np.exp(x, out=x)
        if "uniform" in self.params:                    # a + (b - a) u
            lo_u, width = self.params["uniform"]
            x = out[a_u:b_u]
            x *= width
            x += lo_u
        if "triangular" in self.params:                 # inverse CDF, mode 1
            a, b = self.params["triangular"]
            u = out[a_t:b_t]
            left = u < (1.0 - a) / (b - a)
            u[:] = np.where(left, a + np.sqrt(u * (b - a) * (1.0 - a)),
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


def _unique_rows(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a non-negative integer matrix in lexicographic order, and the
    position of each input row among them (``np.unique(a, axis=0, return_inverse=True)``,
    by one integer code per row when the codes fit in 62 bits)."""
    radix = a.max(axis=0) + 1 if len(a) else np.ones(a.shape[1], dtype=np.int64)
    if float(np.prod(radix.astype(float))) >= 2.0 ** 62:
        uniq, inv = np.unique(a, axis=0, return_inverse=True)
        return uniq, inv.ravel()
    code = np.zeros(len(a), dtype=np.int64)
    for k in range(a.shape[1]):
        code = code * int(radix[k]) + a[:, k]
    order = np.argsort(code, kind="stable")
    c = code[order]
    first = np.ones(len(c), dtype=bool)
    first[1:] = c[1:] != c[:-1]
    inv = np.empty(len(a), dtype=np.int64)
    inv[order] = np.cumsum(first) - 1
    return a[order[first]], inv


def _units(rows: pd.DataFrame, links: pd.DataFrame, vindex: pd.Series, nvar: int
           ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Merge the emission rows into units: rows of one (year, category, gas, lulucf) group
    that use the same variables.

    Returns the groups (year, kca_id, gas, lulucf), per unit its group position, its summed
    estimate [kt CO2-eq] and its variables (units x width, padded with ``nvar``, the 'no
    variable' slot), and the estimate of each group [kt CO2-eq]. Within a unit the variables
    are ordered by how many rows use them, least shared first (ties by index), so the first
    column is the activity-data-like variable that differs between units and the other
    columns repeat across units. A variable linked twice to a row counts twice, as in the
    row's product. Units are in the order of their group and their variable indices as
    text, unit and group estimates summed as pandas and scipy sum them: the estimates are
    the same numbers, bit for bit, as the per-row signatures of the earlier version gave."""
    gkeys = ["year", "kca_id", "gas", "lulucf"]
    grouped = rows.groupby(gkeys, sort=True)
    gcode = grouped.ngroup().to_numpy()
    groups = grouped.size().index.to_frame(index=False)
    rows = rows[gcode >= 0]                             # a key pandas drops (NaN) is dropped
    gcode = gcode[gcode >= 0]
    lk = links[links["row_id"].isin(rows["row_id"])]
    v = vindex.reindex(lk["variable_id"]).to_numpy(dtype=float)
    keep = ~np.isnan(v)
    pos = pd.Index(rows["row_id"]).get_indexer(lk["row_id"].to_numpy()[keep])
    v = v[keep].astype(np.int64)
    share = np.bincount(v, minlength=nvar + 1)
    order = np.lexsort((v, share[v], pos))
    pos, v = pos[order], v[order]
    count = np.bincount(pos, minlength=len(rows))
    width = max(int(count.max()) if len(count) else 0, 1)
    slot = np.arange(len(pos)) - np.repeat(np.cumsum(count) - count, count)
    idx = np.full((len(rows), width), nvar, dtype=np.int64)
    idx[pos, slot] = v
    uniq, inv = _unique_rows(np.column_stack([gcode, idx]))
    sig = [",".join(str(x) for x in sorted(u[u != nvar])) for u in uniq[:, 1:]]
    first = pd.DataFrame({"g": uniq[:, 0], "sig": sig}).sort_values(["g", "sig"]).index
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[first.to_numpy()] = np.arange(len(uniq))
    uniq, inv = uniq[first.to_numpy()], rank[inv]
    value = pd.Series(rows["value"].to_numpy(dtype=float)).groupby(inv).sum().to_numpy()
    est = np.asarray(sparse.csr_matrix((value, (uniq[:, 0], np.arange(len(uniq)))),
                                       shape=(len(groups), len(uniq))).sum(axis=1)).ravel()
    return groups, uniq[:, 0], value, uniq[:, 1:], est


class _Propagation:
    """The emission model of the units as matrices, built once: per block of draws V
    ((variables + 1) x n, :class:`_Sampler` buffer order) the group sums are

        S = R (A V  *  V[f_1]  *  ...)            [kt CO2-eq, groups x n]

    A unit's estimate times its first (least shared) variable is summed over the units that
    share a *key* (group and all other variables) by the sparse product A V (keys x n); each
    key's row is then multiplied by its other variables (gathered rows of V) and the keys
    summed into their groups (R, contiguous runs of keys). Rows that share all their
    variables were merged into units before, so the work per iteration is the number of
    units (sparse product) plus the number of keys (gathers), not the number of rows."""

    def __init__(self, group: np.ndarray, value: np.ndarray, idx: np.ndarray, ngroups: int,
                 buffer_row: np.ndarray):
        nvar = len(buffer_row) - 1
        rest = idx[:, 1:]
        kk, kinv = _unique_rows(np.column_stack([group, rest]))
        self.nkeys = len(kk)
        self.a = sparse.csr_matrix((value, (kinv, buffer_row[idx[:, 0]])),
                                   shape=(self.nkeys, nvar + 1))
        self.a.sum_duplicates()
        # other variables of the keys: per column the keys that have one (padding = nvar)
        self.factors = []
        for k in range(rest.shape[1]):
            has = kk[:, 1 + k] != nvar
            if has.any():
                keys = np.flatnonzero(has)
                self.factors.append((None if has.all() else keys,
                                     buffer_row[kk[keys, 1 + k]]))
        # keys are sorted by group first: each group is one contiguous run
        self.starts = np.searchsorted(kk[:, 0], np.arange(ngroups))

    def sums(self, v: np.ndarray) -> np.ndarray:
        """Group sums of one block of draws (groups x n)."""
        if not len(self.starts):
            return np.zeros((0, v.shape[1]))
        k = self.a @ v
        for keys, rows in self.factors:
            if keys is None:
                k *= v[rows]
            else:
                k[keys] *= v[rows]
        return np.add.reduceat(k, self.starts, axis=0)


def _simulate(sampler: _Sampler, iterations: int, chunk: int, jobs: int, propagate,
              progress=None) -> None:
    """Draw ``iterations`` in chunks of whole blocks and call ``propagate(start, block)`` on
    every block, in order with one job; with more, the blocks of a chunk go to a thread pool
    while the main thread draws the next chunk into the other of two buffers.
    ``progress(done, total)`` is called from this thread after each chunk is propagated."""
    def report(done: int) -> None:
        if progress is not None:
            progress(done, iterations)

    nb = chunk // BLOCK
    if jobs == 1 and nb == 1:
        for start in range(0, iterations, BLOCK):
            n = min(BLOCK, iterations - start)
            propagate(start, sampler.draw_block(n))
            report(start + n)
        return
    from concurrent.futures import ThreadPoolExecutor, wait

    buffers: list[np.ndarray] = []
    pending: list = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for i, start in enumerate(range(0, iterations, chunk)):
            n = min(chunk, iterations - start)
            if len(buffers) < min(jobs, 2):
                buffers.append(np.empty((nb, sampler.n + 1, BLOCK)))
            buf = buffers[i % len(buffers)]     # chunk i - 2 is done with it (waited below)
            blocks = []
            for j, s in enumerate(range(0, n, BLOCK)):
                m = min(BLOCK, n - s)
                v = buf[j] if m == BLOCK else np.empty((sampler.n + 1, m))
                blocks.append((start + s, sampler.fill(v)))
            if jobs == 1:
                for s, v in blocks:
                    propagate(s, v)
                report(start + n)
                continue
            submitted = [pool.submit(propagate, s, v) for s, v in blocks]
            for f in wait(pending)[0]:
                f.result()
            if pending:
                report(start)                   # the chunk before this one is done
            pending = submitted
        if pending:                             # threads: the last chunk
            for f in wait(pending)[0]:
                f.result()
            report(iterations)


def monte_carlo(inputs: UncertaintyInputs, base_year: int, latest_year: int,
                iterations: int = 100_000, seed: int = 20240601,
                chunk: int = CHUNK, jobs: int = 1, progress=None) -> MonteCarloResult:
    """Simulate the categories and totals of ``base_year`` and ``latest_year``.

    ``chunk``: iterations drawn at once (rounded to whole :data:`BLOCK` s); memory grows
    with it, the results do not change with it. ``jobs``: threads; with more than one the
    blocks of a chunk are propagated in parallel while the next chunk is drawn (numpy and
    scipy release the GIL there); the results do not change with it either.
    ``progress(done, total)``: called after each chunk with the iterations simulated so far
    (a progress bar; results do not depend on it)."""
    chunk = max(BLOCK, int(chunk) // BLOCK * BLOCK)
    jobs = max(1, int(jobs))
    rows = inputs.rows[inputs.rows["year"].isin([base_year, latest_year])]
    variables = inputs.variables[inputs.variables["status"] != "no range"].reset_index(
        drop=True)
    nvar = len(variables)
    vindex = pd.Series(np.arange(nvar), index=variables["variable_id"])
    groups, ugroup, uvalue, uidx, est = _units(rows, inputs.links, vindex, nvar)
    sampler = _Sampler(variables, seed)
    prop = _Propagation(ugroup, uvalue, uidx, len(groups), sampler.row)
    cat = np.empty((len(groups), iterations), dtype=np.float32)
    is_l = groups["lulucf"].to_numpy(dtype=bool)
    yr = groups["year"].to_numpy()
    masks = {(role, cov): (yr == y) & (~is_l if cov == "excluding" else np.ones_like(is_l))
             for role, y in (("base", base_year), ("latest", latest_year))
             for cov in ("excluding", "including")}
    totals = {k: np.empty(iterations) for k in masks}

    def propagate(start: int, v: np.ndarray) -> None:
        sums = prop.sums(v)
        stop = start + v.shape[1]
        cat[:, start:stop] = sums
        for key, m in masks.items():
            totals[key][start:stop] = sums[m].sum(axis=0)

    _simulate(sampler, iterations, chunk, jobs, propagate, progress)
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
