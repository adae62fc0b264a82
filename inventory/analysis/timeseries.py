"""Time-series consistency: gap filling and splicing (IPCC 2006 Vol.1 Ch.5, 2019 Refinement).

Pure functions, one per technique of Sect. 5.3.3, and :func:`apply_rules`, which applies the
compiler's rules (``inventory.yml`` ``options.analysis.timeseries``) to the staged activity
and parameters tables and records every filled value as provenance
(``timeseries_provenance.csv``). A rule::

    - table: activity              # activity (default) or parameters
      category: 1.A.2.m            # the series: category, activity (and region; default all)
      activity: gas_diesel_oil
      method: interpolation        # overlap | surrogate | interpolation | extrapolation
      years: [2008, 2009]          # default: the years the series reports NE
      reference: {category: 1.A.2.m, activity: natural_gas}   # overlap / surrogate series
      reference_values: {2005: 21.3, 2006: 21.9}                # ... or given inline
      overlap_years: [2012, 2014]  # overlap: first and last year both series exist
      window: 5                    # extrapolation: nearest known years the trend is fitted to
      note: survey missing 2008-2009

Parameters rules name ``parameter``, ``gas`` and ``layer`` too (default ``national``) and need
``years``; filled values become one-year parameter rows of that layer. A filled activity row
keeps its ``activity_id`` (so emission rows still point at it) and says how it was filled in
``source`` and ``note``. Series with NE between reported years and no rule are listed as
unfilled gaps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory.errors import InputError

__all__ = ["overlap_splice", "surrogate_splice", "interpolate_linear", "extrapolate_trend",
           "apply_rules", "METHODS", "PROVENANCE_COLUMNS", "find_gaps"]

METHODS = {
    "overlap": "IPCC 2006 Vol.1 Ch.5 Eq. 5.1",
    "surrogate": "IPCC 2006 Vol.1 Ch.5 Eq. 5.2",
    "interpolation": "IPCC 2006 Vol.1 Ch.5 Sect. 5.3.3.3",
    "extrapolation": "IPCC 2006 Vol.1 Ch.5 Sect. 5.3.3.4",
}
PROVENANCE_COLUMNS = ["rule", "table", "status", "region", "category", "activity", "parameter",
                      "gas", "year", "method", "equation", "value_before", "value", "unit",
                      "inputs", "note", "row_id"]


# ------------------------------------------------------------------ the techniques
def overlap_splice(old_target: np.ndarray, new_overlap: np.ndarray,
                   old_overlap: np.ndarray) -> np.ndarray:
    """Estimates of the new method for years it does not cover, from the old method [unit].

    Parameters
    ----------
    old_target : old-method (or reference series) values in the years to fill [unit].
    new_overlap, old_overlap : new and old values in the overlap years m..n [unit].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.5 Eq. 5.1: y_0 = x_0 * (1 / (n - m + 1)) * sum_{i=m..n} (y_i / x_i),
    y the new estimates, x the old ones, m..n the years both exist.
    """
    ratio = np.mean(np.asarray(new_overlap, dtype=float) / np.asarray(old_overlap, dtype=float))
    return np.asarray(old_target, dtype=float) * ratio


def surrogate_splice(surrogate_target: np.ndarray, known: np.ndarray,
                     surrogate_known: np.ndarray) -> np.ndarray:
    """Estimates for the years to fill from a statistic that drives the series [unit].

    Parameters
    ----------
    surrogate_target : the surrogate statistic s_0 in the years to fill.
    known : the series y_t in the reference years [unit].
    surrogate_known : the surrogate s_t in the same reference years.

    Notes
    -----
    IPCC 2006 Vol.1 Ch.5 Eq. 5.2: y_0 = y_t * (s_0 / s_t); with several reference years the
    ratio y_t / s_t is their mean.
    """
    ratio = np.mean(np.asarray(known, dtype=float) / np.asarray(surrogate_known, dtype=float))
    return np.asarray(surrogate_target, dtype=float) * ratio


def interpolate_linear(known_years: np.ndarray, known: np.ndarray, years: np.ndarray
                       ) -> np.ndarray:
    """Linear interpolation between the nearest reported years [unit].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.5 Sect. 5.3.3.3 (interpolation): for a year t between reported years
    a < t < b, y_t = y_a + (y_b - y_a) (t - a) / (b - a). Years outside the reported range
    are not interpolated (use extrapolation).
    """
    ky = np.asarray(known_years, dtype=float)
    yrs = np.asarray(years, dtype=float)
    if len(ky) < 2 or yrs.min() < ky.min() or yrs.max() > ky.max():
        raise InputError("interpolation needs reported years on both sides of every year to "
                         f"fill (reported {sorted(int(y) for y in ky)}, to fill "
                         f"{sorted(int(y) for y in yrs)})", "options.analysis.timeseries",
                         "method extrapolation for years at the ends of the series")
    order = np.argsort(ky)
    return np.interp(yrs, ky[order], np.asarray(known, dtype=float)[order])


def extrapolate_trend(known_years: np.ndarray, known: np.ndarray, years: np.ndarray,
                      window: int = 5) -> np.ndarray:
    """Trend extrapolation from the nearest reported years [unit].

    Notes
    -----
    IPCC 2006 Vol.1 Ch.5 Sect. 5.3.3.4 (trend extrapolation): a linear trend fitted by least
    squares to the ``window`` reported years nearest to the years to fill, extended to them;
    a negative result is set to 0 (activity data and factors are not negative).
    """
    ky = np.asarray(known_years, dtype=float)
    kv = np.asarray(known, dtype=float)
    yrs = np.asarray(years, dtype=float)
    if len(ky) < 2:
        raise InputError(f"trend extrapolation needs at least 2 reported years (has {len(ky)})",
                         "options.analysis.timeseries", "a series with reported years")
    centre = yrs.mean()
    near = np.argsort(np.abs(ky - centre), kind="stable")[:max(2, int(window))]
    slope, intercept = np.polyfit(ky[near], kv[near], 1)
    return np.maximum(intercept + slope * yrs, 0.0)


# ------------------------------------------------------------------ applying rules
def _series_mask(df: pd.DataFrame, rule: dict, keys: tuple[str, ...]) -> pd.Series:
    m = pd.Series(True, index=df.index)
    for k in keys:
        if rule.get(k) not in (None, "", "*"):
            m &= df[k].astype(str) == str(rule[k])
    return m


def _reference(rule: dict, table: pd.DataFrame, region: str, where: str) -> pd.Series:
    """The reference/surrogate series by year (inline values or another series)."""
    if rule.get("reference_values"):
        return pd.Series({int(k): float(v) for k, v in rule["reference_values"].items()})
    ref = rule.get("reference")
    if not ref:
        raise InputError("no reference series", where,
                         "reference: {category, activity} or reference_values: {year: value}")
    r = table[(table["category"].astype(str) == str(ref["category"]))
              & (table["activity"].astype(str) == str(ref["activity"]))
              & (table["region"].astype(str) == str(ref.get("region", region)))
              & table["value"].notna()]
    if r.empty:
        raise InputError(f"reference series {ref} has no values in region {region}", where,
                         "a reported series")
    return r.groupby("year")["value"].sum()


def _fill(method: str, rule: dict, years: np.ndarray, known: pd.Series, ref: pd.Series | None,
          where: str) -> tuple[np.ndarray, str]:
    if method == "interpolation":
        return interpolate_linear(known.index.to_numpy(), known.to_numpy(), years), (
            f"between reported years {', '.join(str(int(y)) for y in known.index)}")
    if method == "extrapolation":
        w = int(rule.get("window", 5))
        return extrapolate_trend(known.index.to_numpy(), known.to_numpy(), years, w), (
            f"linear trend of the {min(w, len(known))} nearest reported years")
    missing = [int(y) for y in years if y not in ref.index]
    if missing:
        raise InputError(f"the reference series has no value for {missing}", where,
                         "reference values in every year to fill")
    if method == "overlap":
        ov = rule.get("overlap_years")
        common = [y for y in known.index if y in ref.index]
        if ov:
            common = [y for y in common if int(ov[0]) <= y <= int(ov[-1])]
        if not common:
            raise InputError("no overlap years where both series have values", where,
                             "overlap_years within the years both series are reported")
        out = overlap_splice(ref.reindex(years).to_numpy(), known.reindex(common).to_numpy(),
                             ref.reindex(common).to_numpy())
        ratio = np.mean(known.reindex(common).to_numpy() / ref.reindex(common).to_numpy())
        return out, (f"overlap {min(common)}-{max(common)}, mean ratio new/old "
                     f"{ratio:.6g}")
    if method == "surrogate":
        refy = [int(y) for y in (rule.get("reference_years") or [])] or [
            int(min(known.index, key=lambda k: min(abs(k - y) for y in years)))]
        out = surrogate_splice(ref.reindex(years).to_numpy(), known.reindex(refy).to_numpy(),
                               ref.reindex(refy).to_numpy())
        return out, f"surrogate scaled to reference year(s) {', '.join(map(str, refy))}"
    raise InputError(f"unknown method '{method}'", where, ", ".join(METHODS))


def find_gaps(activity: pd.DataFrame) -> pd.DataFrame:
    """Activity series with NE in a year between reported years (rows of the provenance
    table with status ``unfilled gap``)."""
    a = activity
    has = a["value"].notna()
    ne = a["notation_key"].astype(object) == "NE"
    keys = ["region", "category", "activity"]
    span = a[has].groupby(keys)["year"].agg(["min", "max"])
    cand = a[ne].join(span, on=keys, how="inner")
    cand = cand[(cand["year"] > cand["min"]) & (cand["year"] < cand["max"])]
    return pd.DataFrame({
        "rule": 0, "table": "activity", "status": "unfilled gap",
        "region": cand["region"].to_numpy(), "category": cand["category"].to_numpy(),
        "activity": cand["activity"].to_numpy(), "parameter": None, "gas": None,
        "year": cand["year"].to_numpy(), "method": None, "equation": None,
        "value_before": "NE", "value": np.nan, "unit": cand["unit"].to_numpy(),
        "inputs": "NE between reported years: fill it (options.analysis.timeseries) or "
                  "explain the gap", "note": cand["note"].to_numpy(),
        "row_id": cand["activity_id"].to_numpy()}, columns=PROVENANCE_COLUMNS)


def apply_rules(activity: pd.DataFrame, parameters: pd.DataFrame, rules) -> tuple[
        pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Apply the rules; returns (activity, parameters, provenance)."""
    activity = activity.copy()
    parameters = parameters.copy()
    prov: list[dict] = []
    for n, rule in enumerate(rules, start=1):
        where = f"inventory.yml, options.analysis.timeseries rule {n}"
        method = str(rule.get("method", ""))
        if method not in METHODS:
            raise InputError(f"method {method!r}", where, ", ".join(METHODS))
        table = rule.get("table", "activity")
        if table == "activity":
            prov += _apply_activity(activity, rule, n, method, where)
        elif table == "parameters":
            parameters, rows = _apply_parameters(parameters, rule, n, method, where)
            prov += rows
        else:
            raise InputError(f"table {table!r}", where, "activity or parameters")
    out = pd.DataFrame(prov, columns=PROVENANCE_COLUMNS)
    gaps = find_gaps(activity)
    out = pd.concat([out, gaps], ignore_index=True) if len(gaps) else out
    return activity, parameters, out


def _apply_activity(act: pd.DataFrame, rule: dict, n: int, method: str, where: str
                    ) -> list[dict]:
    for k in ("category", "activity"):
        if not rule.get(k):
            raise InputError(f"missing key '{k}'", where, "the series to fill")
    sel = _series_mask(act, rule, ("category", "activity", "region"))
    if not sel.any():
        raise InputError(f"no activity series {rule.get('category')} / {rule.get('activity')}",
                         where, "a series of the activity table")
    out = []
    for region, idx in act[sel].groupby("region").groups.items():
        s = act.loc[idx]
        known = s[s["value"].notna()].set_index("year")["value"]
        if rule.get("years"):
            years = np.array(sorted(int(y) for y in rule["years"]))
        else:
            years = np.array(sorted(s.loc[s["notation_key"].astype(object) == "NE", "year"]))
        if not len(years):
            continue
        known = known.drop(index=[y for y in years if y in known.index])
        ref = None if method in ("interpolation", "extrapolation") else _reference(
            rule, act, str(region), where)
        values, how = _fill(method, rule, years, known, ref, where)
        for y, v in zip(years, values, strict=True):
            row = s[s["year"] == y]
            if row.empty:
                raise InputError(f"no row for year {y} in region {region}", where,
                                 "a row (e.g. NE) for each year to fill")
            i = row.index[0]
            before = act.at[i, "notation_key"]
            before = str(before) if isinstance(before, str) else act.at[i, "value"]
            text = f"gap-filled by {method} ({METHODS[method]}): {how}"
            act.at[i, "value"] = float(v)
            act.at[i, "notation_key"] = np.nan
            old = act.at[i, "source"]
            act.at[i, "source"] = f"{old}; {text}" if isinstance(old, str) and old else text
            act.at[i, "note"] = rule.get("note") or text
            out.append({"rule": n, "table": "activity", "status": "filled",
                        "region": region, "category": act.at[i, "category"],
                        "activity": act.at[i, "activity"], "parameter": None, "gas": None,
                        "year": int(y), "method": method, "equation": METHODS[method],
                        "value_before": before, "value": float(v), "unit": act.at[i, "unit"],
                        "inputs": how, "note": rule.get("note"),
                        "row_id": act.at[i, "activity_id"]})
    return out


def _apply_parameters(par: pd.DataFrame, rule: dict, n: int, method: str, where: str
                      ) -> tuple[pd.DataFrame, list[dict]]:
    from inventory.factors import FactorDB

    for k in ("parameter", "category", "years"):
        if not rule.get(k):
            raise InputError(f"missing key '{k}'", where, "parameter, category, years")
    layer = rule.get("layer", "national")
    gas = rule.get("gas", "-")
    activity = rule.get("activity", "*")
    region = rule.get("region", "*")
    sel = par[(par["parameter"] == rule["parameter"]) & (par["category"] == rule["category"])
              & (par["activity"] == activity) & (par["gas"] == gas) & (par["region"] == region)
              & (par["layer"] == layer)]
    if sel.empty:
        raise InputError(f"no {layer} parameter series {rule['parameter']} {rule['category']} "
                         f"{activity} {gas}", where, "parameter rows of that key")
    unit = sel["unit"].iloc[0]
    known = {}
    for r in sel.itertuples(index=False):
        for y in range(int(r.year_from), int(r.year_to) + 1):
            if 1800 < y < 2200 and r.year_to - r.year_from < 200:
                known[y] = float(r.value)
    years = np.array(sorted(int(y) for y in rule["years"]))
    known = pd.Series(known).sort_index().drop(index=[y for y in years if y in known],
                                               errors="ignore")
    ref = None
    if method in ("overlap", "surrogate"):
        if rule.get("reference_values"):
            ref = pd.Series({int(k): float(v) for k, v in rule["reference_values"].items()})
        else:  # the parameter as another layer (e.g. the IPCC default) gives it, per year
            ref_layer = (rule.get("reference") or {}).get("layer", "ipcc_default")
            from inventory.factors import default_tables

            db = FactorDB(pd.concat([default_tables(), par], ignore_index=True))
            yrs = sorted(set(known.index) | set(years))
            q = pd.DataFrame({"region": "*" if region == "*" else region, "year": yrs,
                              "category": rule["category"],
                              "activity": activity if activity != "*" else "*"})
            res = db.lookup(q, rule["parameter"], unit, gas, (ref_layer,))
            ref = pd.Series(res.value, index=yrs).dropna()
    values, how = _fill(method, rule, years, known, ref, where)
    new = []
    out = []
    template = sel.iloc[0]
    for y, v in zip(years, values, strict=True):
        pid = f"timeseries:rule{n}:{rule['parameter']}:{rule['category']}:{activity}:{gas}:{y}"
        text = f"spliced by {method} ({METHODS[method]}): {how}"
        rec = template.to_dict()
        rec.update({"year_from": int(y), "year_to": int(y), "value": float(v),
                    "lower": np.nan, "upper": np.nan, "source": text, "parameter_id": pid,
                    "source_ref": where})
        if pd.notna(template["lower"]) and pd.notna(template["upper"]) and template["value"]:
            rec["lower"] = float(v) * template["lower"] / template["value"]
            rec["upper"] = float(v) * template["upper"] / template["value"]
        new.append(rec)
        out.append({"rule": n, "table": "parameters", "status": "filled", "region": region,
                    "category": rule["category"], "activity": activity,
                    "parameter": rule["parameter"], "gas": gas, "year": int(y),
                    "method": method, "equation": METHODS[method], "value_before": None,
                    "value": float(v), "unit": unit, "inputs": how, "note": rule.get("note"),
                    "row_id": pid})
    # a filled year must win over the series' wider rows: one-year rows are narrower, so the
    # factor lookup prefers them (same layer, narrower year range)
    return pd.concat([par, pd.DataFrame(new)], ignore_index=True), out
