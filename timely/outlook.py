"""Projection and early warning: the Kaya identity of each region's account, an additive
LMDI-I decomposition of past changes, projections to the target years under scenario drivers,
the gap between the required and the projected annual change for each target, and a
traffic-light status (docs/timely.md, Eq. K1-K3, L1-L3, G1-G4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["KAYA_FACTORS", "kaya_factors", "kaya_emissions", "logarithmic_mean",
           "lmdi_additive", "decompose", "project_factor", "projection",
           "required_annual_change", "projected_annual_change", "target_gaps",
           "traffic_light", "region_status"]

# (name, numerator, denominator): population P, affluence G/P, energy intensity E/G,
# carbon intensity of energy C/E
KAYA_FACTORS = ("population", "gdp_per_capita", "energy_intensity", "carbon_intensity")


# ------------------------------------------------------------------ Kaya (Eq. K1-K3)
def kaya_factors(co2_kt, gdp, population, energy) -> dict[str, np.ndarray]:
    """The four Kaya factors (Eq. K1): P [10^4 persons], G/P [10^8 yuan per 10^4 persons],
    E/G [10^4 tce per 10^8 yuan], C/E [kt CO2 per 10^4 tce]; their product is C [kt]."""
    c, g, p, e = (np.asarray(x, dtype=float) for x in (co2_kt, gdp, population, energy))
    with np.errstate(divide="ignore", invalid="ignore"):
        return {"population": p, "gdp_per_capita": g / p, "energy_intensity": e / g,
                "carbon_intensity": c / e}


def kaya_emissions(population, gdp_per_capita, energy_intensity, carbon_intensity):
    """CO2 [kt] as the product of the Kaya factors (Eq. K2): C = P x G/P x E/G x C/E."""
    return (np.asarray(population, dtype=float) * np.asarray(gdp_per_capita, dtype=float)
            * np.asarray(energy_intensity, dtype=float) * np.asarray(carbon_intensity,
                                                                     dtype=float))


def project_factor(value_base, annual_change_pct, years):
    """A factor ``years`` years after the base year under a constant annual change [%]
    (Eq. K3): X(T + n) = X(T) x (1 + r/100)^n."""
    return np.asarray(value_base, dtype=float) * np.power(
        1.0 + np.asarray(annual_change_pct, dtype=float) / 100.0, np.asarray(years, dtype=float))


# ------------------------------------------------------------------ LMDI (Eq. L1-L3)
def logarithmic_mean(a, b):
    """Logarithmic mean L(a, b) = (a - b) / (ln a - ln b), L(a, a) = a (Eq. L1; Ang 2004);
    L(a, 0) = L(0, b) = 0 (the limit)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(np.isclose(a, b, rtol=1e-12, atol=0.0), a,
                       (a - b) / (np.log(a) - np.log(b)))
    return np.where((a <= 0) | (b <= 0), 0.0, out)


def lmdi_additive(total_0, total_t, factors_0: dict, factors_t: dict) -> dict[str, np.ndarray]:
    """Additive LMDI-I of a change of a product V = prod x_k from period 0 to t (Eq. L2; Ang
    2004, Ang 2005): dV_k = L(V_t, V_0) x ln(x_k,t / x_k,0); the terms add up to V_t - V_0
    exactly (sum of logs = log of the product).

    Zero values (Ang and Liu 2007, the limit of the small-value strategy): if V_0 or V_t is 0,
    the factor(s) that are 0 in one period take the whole change V_t - V_0 (shared equally if
    several are), the others 0 (Eq. L3). Factors 0 in both periods contribute 0.
    """
    v0, vt = np.asarray(total_0, dtype=float), np.asarray(total_t, dtype=float)
    lm = logarithmic_mean(vt, v0)
    zero = {k: (np.asarray(factors_0[k], dtype=float) <= 0)
            ^ (np.asarray(factors_t[k], dtype=float) <= 0) for k in factors_0}
    n_zero = sum(z.astype(int) for z in zero.values())
    out = {}
    for k in factors_0:
        x0, xt = np.asarray(factors_0[k], dtype=float), np.asarray(factors_t[k], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            term = lm * np.log(xt / x0)
        special = n_zero > 0
        share = np.where(zero[k], (vt - v0) / np.maximum(n_zero, 1), 0.0)
        out[k] = np.where(special, share, np.nan_to_num(term, nan=0.0, posinf=0.0,
                                                          neginf=0.0))
    return out


def decompose(kaya: pd.DataFrame) -> pd.DataFrame:
    """LMDI of each region's change between consecutive account years and from its first to
    its last year. ``kaya``: region, year, co2_kt and the four factors. Returns region,
    from_year, to_year, change_kt and one column per factor [kt]."""
    rows = []
    for region, g in kaya.sort_values("year").groupby("region"):
        years = g["year"].tolist()
        pairs = list(zip(years[:-1], years[1:], strict=True))
        if len(years) > 2:
            pairs.append((years[0], years[-1]))
        gi = g.set_index("year")
        for y0, yt in pairs:
            a, b = gi.loc[y0], gi.loc[yt]
            terms = lmdi_additive(a["co2_kt"], b["co2_kt"], {k: a[k] for k in KAYA_FACTORS},
                                  {k: b[k] for k in KAYA_FACTORS})
            rows.append({"region": region, "from_year": int(y0), "to_year": int(yt),
                         "co2_from_kt": float(a["co2_kt"]), "co2_to_kt": float(b["co2_kt"]),
                         "change_kt": float(b["co2_kt"] - a["co2_kt"]),
                         **{k: float(v) for k, v in terms.items()}})
    out = pd.DataFrame(rows)
    if len(out):
        out["sum_of_terms_kt"] = out[list(KAYA_FACTORS)].sum(axis=1)
    return out


# ------------------------------------------------------------------ projection
def projection(kaya: pd.DataFrame, scenarios: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """Each region's Kaya factors and CO2 from its last account year T to ``horizon`` under
    each scenario (Eq. K2, K3). ``scenarios``: region (or ``*``), scenario, from_year,
    to_year and the annual change [%] of population, gdp_per_capita, energy_intensity,
    carbon_intensity for the years from_year..to_year (a year without a rate keeps its
    factor). Also GDP, energy, CO2 per GDP [t per 10^4 yuan]."""
    rows = []
    for region, g in kaya.sort_values("year").groupby("region"):
        last = g.iloc[-1]
        t0 = int(last["year"])
        own = scenarios[scenarios["region"] == region]
        sc = own if len(own) else scenarios[scenarios["region"] == "*"]
        for name, s in sc.groupby("scenario", sort=False):
            f = {k: float(last[k]) for k in KAYA_FACTORS}
            for year in range(t0 + 1, horizon + 1):
                hit = s[(s["from_year"] <= year) & (s["to_year"] >= year)]
                for k in KAYA_FACTORS:
                    rate = float(hit[k].iloc[0]) if len(hit) else 0.0
                    f[k] = float(project_factor(f[k], rate, 1))
                rows.append({"region": region, "scenario": name, "year": year, **f})
    out = pd.DataFrame(rows, columns=["region", "scenario", "year", *KAYA_FACTORS])
    out["co2_kt"] = kaya_emissions(*(out[k] for k in KAYA_FACTORS))
    out["gdp"] = out["population"] * out["gdp_per_capita"]
    out["energy"] = out["gdp"] * out["energy_intensity"]
    out["co2_per_gdp"] = out["co2_kt"] / (out["gdp"] * 10.0)
    return out


# ------------------------------------------------------------------ targets (Eq. G1-G4)
def required_annual_change(value_now, value_target, years):
    """Average annual change needed to go from the current value to the target [%/a]
    (Eq. G1): r_req = ((V_target / V_now)^(1/n) - 1) x 100."""
    v, t, n = (np.asarray(x, dtype=float) for x in (value_now, value_target, years))
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.power(t / v, 1.0 / n) - 1.0) * 100.0


def projected_annual_change(value_now, value_projected, years):
    """Average annual change of the projection over the same years [%/a] (Eq. G2)."""
    return required_annual_change(value_now, value_projected, years)


def traffic_light(gap_pp, green_max: float, amber_max: float) -> np.ndarray:
    """Status from the gap projected - required [percentage points per year] (Eq. G4):
    ``green`` if gap <= green_max, ``amber`` if gap <= amber_max, else ``red``; NaN -> grey."""
    g = np.asarray(gap_pp, dtype=float)
    return np.where(np.isnan(g), "grey", np.where(g <= green_max, "green",
                                                  np.where(g <= amber_max, "amber", "red")))


def target_gaps(history: pd.DataFrame, proj: pd.DataFrame, targets: pd.DataFrame,
                green_max: float, amber_max: float) -> pd.DataFrame:
    """For each target and scenario: the current value, the target value, the required and
    projected annual change and the gap (Eq. G1-G3), with its traffic light.

    ``history``: region, year, co2_kt, co2_per_gdp; ``targets``: region, target
    (``intensity_reduction`` | ``cap`` | ``peak``), base_year, target_year, value (% reduction
    from the base year's intensity; cap [kt]; peak: unused), optional base_value (the base
    year's intensity [t/10^4 yuan] when the account does not cover the base year).
    Intensity and cap: gap = r_proj - r_req. Peak by year Y: r_req = 0 after Y and r_proj is
    the projection's average annual change from Y to its last year (or, before Y is reached,
    the projected peak year is reported too)."""
    rows = []
    for t in targets.itertuples(index=False):
        h = history[history["region"] == t.region].sort_values("year")
        if h.empty:
            continue
        now = h.iloc[-1]
        t0 = int(now["year"])
        for scen, p in proj[proj["region"] == t.region].groupby("scenario", sort=False):
            p = p.set_index("year")
            rec = {"region": t.region, "target": t.target, "scenario": scen,
                   "base_year": t.base_year, "target_year": int(t.target_year),
                   "current_year": t0, "projected_peak_year": np.nan}
            n = int(t.target_year) - t0
            if t.target == "intensity_reduction":
                base = getattr(t, "base_value", np.nan)
                if pd.isna(base):
                    hb = h[h["year"] == int(t.base_year)]
                    base = float(hb["co2_per_gdp"].iloc[0]) if len(hb) else np.nan
                tgt = base * (1.0 - float(t.value) / 100.0)
                cur = float(now["co2_per_gdp"])
                projv = float(p.loc[int(t.target_year), "co2_per_gdp"]) \
                    if int(t.target_year) in p.index else np.nan
                rec.update(current=cur, target_value=tgt, projected=projv,
                           unit="t CO2/10^4 yuan")
            elif t.target == "cap":
                cur = float(now["co2_kt"])
                tgt = float(t.value)
                projv = float(p.loc[int(t.target_year), "co2_kt"]) \
                    if int(t.target_year) in p.index else np.nan
                rec.update(current=cur, target_value=tgt, projected=projv, unit="kt CO2")
            else:                                                   # peak
                series = pd.concat([h.set_index("year")["co2_kt"], p["co2_kt"]])
                rec["projected_peak_year"] = int(series.idxmax())
                y = int(t.target_year)
                yb = y if y in series.index else t0
                end_year = int(series.index.max())
                cur = tgt = float(series.loc[yb])
                projv = float(series.loc[end_year])
                n = end_year - yb
                rec.update(current=cur, target_value=tgt, projected=projv, unit="kt CO2",
                           period_end=end_year)
            if n <= 0:
                r_req = r_proj = np.nan
            else:
                r_req = float(required_annual_change(rec["current"], rec["target_value"], n))
                r_proj = float(projected_annual_change(rec["current"], rec["projected"], n))
            rec.update(years=n, required_change_pct=r_req, projected_change_pct=r_proj,
                       gap_pp=r_proj - r_req)
            rows.append(rec)
    out = pd.DataFrame(rows)
    if len(out):
        out["status"] = traffic_light(out["gap_pp"], green_max, amber_max)
    return out


_ORDER = {"grey": 0, "green": 1, "amber": 2, "red": 3}


def region_status(gaps: pd.DataFrame, scenario: str | None = None) -> pd.DataFrame:
    """Worst status of each region over its targets (for one scenario, default the first)."""
    if gaps.empty:
        return pd.DataFrame(columns=["region", "scenario", "status", "targets"])
    scenario = scenario or gaps["scenario"].iloc[0]
    g = gaps[gaps["scenario"] == scenario].copy()
    g["rank"] = g["status"].map(_ORDER)
    worst = g.sort_values("rank").groupby("region").tail(1)
    names = g.groupby("region")["target"].agg(lambda s: ", ".join(s))
    return pd.DataFrame({"region": worst["region"], "scenario": scenario,
                         "status": worst["status"], "targets": worst["region"].map(names)}
                        ).sort_values("region").reset_index(drop=True)
