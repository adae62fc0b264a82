"""Completeness: CRT Table9 from the notation keys, and the ETF rules for NE, IE and C
(decision 18/CMA.1 annex paras. 30-32; CRT decision 5/CMA.3).

* ``NE`` (not estimated): every entry needs an explanation (the activity row's ``note``); NE
  is allowed for an insignificant category only: likely level below 0.05 % of the national
  total without LULUCF or 500 kt CO2-eq, whichever is lower, and all insignificant categories
  together below 0.1 % (para. 32). The likely level comes from a parameters row
  ``parameter: NE_likely_level`` (unit ``kt``, meaning kt CO2-eq) keyed like any parameter;
  without one the check says *unverified*.
* ``IE`` (included elsewhere): the note must say where (an IPCC/CRT code is looked for); the
  category named must report numbers for the gas and years.
* ``C`` (confidential): no aggregate that is shown as a number may reveal a single confidential
  value: at the first CRT ancestor of a confidential leaf that shows a number, at least two
  confidential leaves must be aggregated (else parent - visible children = the secret); and a
  region's confidential value must not be the only confidential part of a national number.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["NE_PARAMETER", "notation_key_entries", "completeness_checks", "CODE_RE",
           "insignificance_threshold", "CHECK_COLUMNS"]

NE_PARAMETER = "NE_likely_level"
CODE_RE = re.compile(r"\b([1-6](?:\.[A-Z](?:\.\d+(?:\.[a-z](?:\.[ivx]+)?)?)?)?)\b")
CHECK_COLUMNS = ["check", "status", "key", "gas", "category", "crt_category", "activity",
                 "years", "regions", "message"]


def insignificance_threshold(national_total: float) -> float:
    """Largest likely level of an insignificant category [kt CO2-eq].

    Notes
    -----
    Decision 18/CMA.1 annex para. 32: a category is insignificant when its likely level is
    below 0.05 % of the national total GHG emissions excluding LULUCF or 500 kt CO2-eq,
    whichever is lower.
    """
    return min(0.0005 * abs(national_total), 500.0)


def _ranges(years) -> str:
    from inventory.review import year_ranges

    return year_ranges(sorted({int(y) for y in years}))


def _notes(emissions: pd.DataFrame, activity: pd.DataFrame | None) -> pd.Series:
    """The activity note of each emission row (via its activity ids), '' when none."""
    if activity is None or activity.empty or "activity_ids" not in emissions:
        return pd.Series("", index=emissions.index)
    notes = activity.set_index("activity_id")["note"]
    notes = notes[notes.notna() & (notes.astype(str) != "")]
    first = emissions["activity_ids"].astype(object).where(
        emissions["activity_ids"].notna(), "").str.split(";").str[0]
    return first.map(notes).fillna("").astype(str)


def notation_key_entries(emissions: pd.DataFrame, activity: pd.DataFrame | None = None,
                         parameters: pd.DataFrame | None = None) -> pd.DataFrame:
    """CRT Table9 rows: one per key, gas, category and activity with the years and regions it
    applies to, the explanation, for IE where it is included and for NE the likely level."""
    from inventory.categories import crt_tree

    em = emissions[emissions["notation_key"].astype(object).isin(["NE", "IE"])].copy()
    cols = ["key", "gas", "sector", "crt_category", "category", "activity", "memo", "years",
            "regions", "explanation", "allocation_ipcc", "allocation_party",
            "likely_level_kt_co2eq", "likely_level_source"]
    if em.empty:
        return pd.DataFrame(columns=cols)
    em["key"] = em["notation_key"].astype(str)
    em["explanation"] = _notes(em, activity).to_numpy()
    em["likely"] = np.nan
    em["likely_src"] = None
    if parameters is not None and len(parameters) and (
            parameters["parameter"] == NE_PARAMETER).any():
        from inventory.factors import FactorDB

        db = FactorDB(parameters[parameters["parameter"] == NE_PARAMETER])
        for gas in pd.unique(em["gas"]):
            m = ((em["gas"] == gas) & (em["key"] == "NE")).to_numpy()
            if m.any():
                res = db.lookup(em[m], NE_PARAMETER, "kt", gas)
                em.loc[m, "likely"] = res.value
                em.loc[m, "likely_src"] = res.source
    titles = crt_tree()["title"].to_dict()
    g = em.groupby(["key", "gas", "crt_category", "category", "activity", "memo"], dropna=False)
    out = g.agg(years=("year", _ranges), regions=("region", lambda r: " ".join(sorted(set(r)))),
                explanation=("explanation", lambda s: "; ".join(sorted({x for x in s if x}))),
                likely_level_kt_co2eq=("likely", "max"),
                likely_level_source=("likely_src", "first")).reset_index()
    out["sector"] = out["crt_category"].astype(str).str.split(".").str[0].map(
        lambda s: f"{s}. {titles.get(s, '')}".strip())
    out["allocation_ipcc"] = out["category"]
    found = out["explanation"].map(lambda t: ", ".join(m.group(1) for m in CODE_RE.finditer(t)
                                                      if "." in m.group(1)))
    out["allocation_party"] = np.where(out["key"] == "IE", found, "")
    return out[cols].sort_values(["key", "crt_category", "gas"]).reset_index(drop=True)


def _check(check, status, row=None, message="", **kw) -> dict:
    base = {c: None for c in CHECK_COLUMNS}
    if row is not None:
        for c in ("key", "gas", "category", "crt_category", "activity", "years", "regions"):
            if c in row:
                base[c] = row[c]
    base.update(kw)
    base.update({"check": check, "status": status, "message": message})
    return base


def completeness_checks(emissions: pd.DataFrame, entries: pd.DataFrame,
                        national_total_excl_lulucf: pd.Series) -> pd.DataFrame:
    """One row per rule and entry: status ``pass``, ``fail`` or ``unverified``.

    ``national_total_excl_lulucf``: by year [kt CO2-eq].
    """
    out: list[dict] = []
    latest = int(national_total_excl_lulucf.index.max()) if len(
        national_total_excl_lulucf) else None
    total = float(national_total_excl_lulucf.get(latest, np.nan)) if latest else np.nan
    limit = insignificance_threshold(total) if np.isfinite(total) else np.nan
    ne = entries[entries["key"] == "NE"]
    for _, r in ne.iterrows():
        if not r["explanation"]:
            out.append(_check("NE explained", "fail", r, "NE without an explanation: say why "
                              "it is not estimated (activity note)"))
        else:
            out.append(_check("NE explained", "pass", r, r["explanation"]))
        lv = r["likely_level_kt_co2eq"]
        if pd.isna(lv):
            out.append(_check("NE insignificant", "unverified", r,
                              f"no likely level given (parameter {NE_PARAMETER}); NE is "
                              f"allowed below {limit:,.1f} kt CO2-eq (0.05 % of the "
                              f"{latest} total without LULUCF or 500 kt)"))
        else:
            ok = lv < limit
            out.append(_check("NE insignificant", "pass" if ok else "fail", r,
                              f"likely level {lv:,.3f} kt CO2-eq "
                              f"{'below' if ok else 'not below'} {limit:,.1f} kt CO2-eq"))
    if len(ne) and np.isfinite(total):
        given = ne["likely_level_kt_co2eq"].dropna()
        agg = float(given.sum())
        ok = agg < 0.001 * abs(total)
        status = ("pass" if ok and len(given) == len(ne) else
                  "fail" if not ok else "unverified")
        out.append(_check("NE insignificant in aggregate", status, None,
                          f"likely levels of {len(given)} of {len(ne)} NE entries sum to "
                          f"{agg:,.3f} kt CO2-eq; limit 0.1 % of the {latest} total without "
                          f"LULUCF = {0.001 * abs(total):,.1f} kt CO2-eq"))
    # IE: where is it included?
    num = emissions[emissions["value"].notna()]
    num_cat = num["category"].astype(str)
    num_cats = pd.unique(num_cat.to_numpy(dtype=object))
    for _, r in entries[entries["key"] == "IE"].iterrows():
        if not r["explanation"]:
            out.append(_check("IE says where", "fail", r, "IE without saying where the "
                              "emissions are included (activity note)"))
            continue
        if not r["allocation_party"]:
            out.append(_check("IE says where", "fail", r, f"no category code in "
                              f"'{r['explanation']}' (name it, e.g. 'included in 1.A.4.a')"))
            continue
        codes = [c.strip() for c in r["allocation_party"].split(",")]
        inside = [c for c in num_cats if any(c == x or c.startswith(x + ".") for x in codes)]
        there = num[(num["gas"] == r["gas"]) & num_cat.isin(inside)]
        status = "pass" if len(there) else "fail"
        out.append(_check("IE says where", status, r,
                          f"included in {r['allocation_party']}" + (
                              "" if len(there) else f", which reports no {r['gas']} numbers")))
    out += _confidential_checks(emissions)
    return pd.DataFrame(out, columns=CHECK_COLUMNS)


def _confidential_checks(emissions: pd.DataFrame) -> list[dict]:
    from inventory.categories import crt_ancestors
    from inventory.notation import rollup

    em = emissions[~emissions["memo"].astype(bool)]
    key = em["notation_key"].astype(object)
    c_rows = em[(key == "C") & em["value"].notna()]
    if c_rows.empty:
        return [_check("C aggregated", "pass", None, "no confidential numbers")]
    out = []
    # national leaf values: the region dimension
    nat = rollup(em.assign(notation_key=key), ["year", "gas", "crt_category"])
    nat_key = {(r.year, r.gas, r.crt_category): r.notation_key
               for r in nat.itertuples(index=False)}
    for (year, gas, crt), grp in c_rows.groupby(["year", "gas", "crt_category"]):
        k = nat_key.get((year, gas, crt))
        if k != "C" and grp["region"].nunique() == 1:
            out.append(_check("C aggregated (regions)", "fail", None,
                              f"the confidential value of region {grp['region'].iloc[0]} is "
                              f"the only confidential part of the national {crt} {gas} "
                              f"{year} number: it can be derived from the regional tables",
                              gas=gas, crt_category=crt, years=str(year),
                              regions=grp["region"].iloc[0]))
    # the CRT tree: first ancestor shown as a number must aggregate >= 2 confidential leaves
    leaves = nat[nat["notation_key"].astype(object) == "C"]
    exploded = em.assign(notation_key=key, node=em["crt_category"].map(
        lambda c: crt_ancestors(c))).explode("node")
    agg = rollup(exploded, ["year", "gas", "node"])
    shown = {(r.year, r.gas, r.node): (r.notation_key != "C")
             for r in agg.itertuples(index=False)}
    for r in leaves.itertuples(index=False):
        anc = crt_ancestors(r.crt_category)[1:]
        first = next((a for a in anc if shown.get((r.year, r.gas, a))), None)
        if first is None:
            continue
        others = leaves[(leaves["year"] == r.year) & (leaves["gas"] == r.gas)]
        n = sum(first in crt_ancestors(c) for c in others["crt_category"])
        status = "pass" if n >= 2 else "fail"
        out.append(_check("C aggregated", status, None,
                          f"{r.crt_category} is confidential and {first} shows a number "
                          + ("aggregating it with other confidential categories" if n >= 2
                             else "that, less the visible categories, reveals it: report it "
                                  "as IE and include it in another category, or aggregate it "
                                  "with another confidential source"),
                          gas=r.gas, crt_category=r.crt_category, years=str(r.year)))
    if not out:
        out.append(_check("C aggregated", "pass", None, "confidential values stay hidden"))
    return out
