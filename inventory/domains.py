"""Physical domains of method parameters, and how far a country value may stray from the IPCC.

Every sector declares the domain of its parameter names in ``data/parameter_domains.csv``
(read through :func:`inventory.plugins.data_files`)::

    # comment lines citing why
    parameter_name,categories,domain,note
    NCV,*,positive,net calorific value
    oxidation,1,fraction,fraction of carbon oxidised
    msw_fraction,4,share,MSW composition: the components of one region and year add up to 1

``categories`` is the IPCC 2006 code the rule applies to (a code covers its children, ``*``
any); a parameter row is held to every rule whose categories overlap its own (a row for ``*``
to all of them). Domains:

* ``positive``: value > 0 (a calorific value, an emission factor, a carbon content);
* ``non_negative``: value >= 0;
* ``fraction``: in [0, 1] once the unit is converted to a plain number (``%`` / 100); a unit
  with a dimension is only held to >= 0 here (the lookup names a wrong dimension);
* ``share``: a fraction, and the rows of one family add up to 1 (tolerance 0.001): one family
  is the rows of one parameter, category, region, years and layer, split by the part of the
  activity before ``:`` when there is one (``urban_high:septic_tank``);
* ``signed``: any finite value, declared for a parameter whose negative values are physical
  (a rewetted soil taking up CO2, a declining production rate).

A value outside its domain is an input error naming the cell (:func:`check_domains`, called by
the reader). A value inside its domain but far from the IPCC range (more than
``intake.implausible_factor`` times above the upper or below the lower default of the same
parameter and keys) is *possible*: the check ``core.parameter_implausible`` reports it for a
reviewer (:func:`implausible_parameters`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from inventory.errors import InputError

__all__ = ["DOMAINS", "DOMAIN_FILE", "domain_rules", "check_domains", "implausible_parameters",
           "SHARE_TOLERANCE"]

DOMAIN_FILE = "parameter_domains.csv"
DOMAINS = ("positive", "non_negative", "fraction", "share", "signed")
SHARE_TOLERANCE = 1e-3
_EXPECTED = {"positive": "a value > 0", "non_negative": "a value >= 0",
             "fraction": "a fraction between 0 and 1 (0-100 %)",
             "share": "a fraction between 0 and 1 (0-100 %)",
             "signed": "any finite value"}


@cache
def domain_rules() -> pd.DataFrame:
    """All sectors' domain rules: parameter, categories, domain, note, file."""
    from inventory.plugins import data_files

    frames = []
    for path in data_files(DOMAIN_FILE):
        df = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
        need = {"parameter_name", "categories", "domain"}
        if not need <= set(df.columns):
            raise ValueError(f"{path}: columns {sorted(need)} expected")
        bad = ~df["domain"].isin(DOMAINS)
        if bad.any():
            raise ValueError(f"{path}: domain {df['domain'][bad].iloc[0]!r} not in {DOMAINS}")
        frames.append(df.assign(file=f"{path.parent.parent.name}/data/{path.name}"))
    if not frames:
        return pd.DataFrame(columns=["parameter", "categories", "domain", "note", "file"])
    out = pd.concat(frames, ignore_index=True).rename(columns={"parameter_name": "parameter"})
    return out[["parameter", "categories", "domain", "note", "file"]]


def _overlaps(row_cat: str, rule_cat: str) -> bool:
    if row_cat == "*" or rule_cat == "*":
        return True
    return (row_cat == rule_cat or row_cat.startswith(rule_cat + ".")
            or rule_cat.startswith(row_cat + "."))


def _as_number(units: pd.Series) -> np.ndarray:
    """Factor to a plain number per unit (NaN where the unit has a dimension)."""
    from inventory.units import conversion_factor

    out = {}
    for u in pd.unique(units.astype(str)):
        try:
            out[u] = conversion_factor(u, "fraction")
        except Exception:  # a dimension (kg/TJ) or an unknown unit (reported elsewhere)
            out[u] = np.nan
    return units.astype(str).map(out).to_numpy(dtype=float)


def check_domains(params: pd.DataFrame, where: Callable[[int, str], str]) -> None:
    """Raise an InputError at the first parameter row whose value (or lower/upper bound)
    lies outside its declared domain, or at a share family that does not add up to 1.
    ``where(i, column)`` names the cell of row position ``i``."""
    rules = domain_rules()
    if params.empty or rules.empty:
        return
    mine = rules[rules["parameter"].isin(params["parameter"].unique())]
    if mine.empty:
        return
    plain = _as_number(params["unit"])
    names = params["parameter"].to_numpy(dtype=object)
    cats = params["category"].astype(str).to_numpy(dtype=object)
    for rule in mine.itertuples(index=False):
        if rule.domain == "signed":
            continue
        same = names == rule.parameter
        hit = same.copy()
        hit[same] = [_overlaps(c, rule.categories) for c in cats[same]]
        if not hit.any():
            continue
        for col in ("value", "lower", "upper"):
            v = params[col].to_numpy(dtype=float)
            if rule.domain == "positive" and col == "value":
                bad = hit & (v <= 0)
            elif rule.domain == "positive":        # a 95 % bound may reach 0
                bad = hit & (v < 0)
            elif rule.domain == "non_negative":
                bad = hit & (v < 0)
            else:
                x = v * plain
                bad = hit & ((v < 0) | (np.isfinite(plain) & ((x < 0) | (x > 1 + 1e-12))))
            bad &= ~np.isnan(v)
            if bad.any():
                i = int(bad.nonzero()[0][0])
                shown = f"{v[i]:g} {params['unit'].iloc[i]}"
                raise InputError(
                    f"{rule.parameter} {shown} is outside its physical domain"
                    f"{' (' + rule.note + ')' if rule.note else ''}", where(i, col),
                    f"{_EXPECTED[rule.domain]} for {rule.parameter} "
                    f"({rule.file}, categories {rule.categories})")
        if rule.domain == "share":
            _check_family(params[hit], plain[hit], rule, where,
                          np.flatnonzero(hit))


def _check_family(rows: pd.DataFrame, plain: np.ndarray, rule, where, positions) -> None:
    group = rows["activity"].astype(str).str.split(":").str[0].where(
        rows["activity"].astype(str).str.contains(":"), "")
    keys = rows[["category", "region", "year_from", "year_to", "layer"]].astype(str)
    keys = keys.assign(group=group.to_numpy(), x=rows["value"].to_numpy(dtype=float) * plain,
                       pos=positions)
    for _, fam in keys.groupby(["category", "region", "year_from", "year_to", "layer",
                                "group"], sort=False):
        total = float(fam["x"].sum())
        if np.isfinite(total) and abs(total - 1.0) > SHARE_TOLERANCE:
            first = int(fam["pos"].iloc[0])
            label = (f"{rule.parameter} of {fam['category'].iloc[0]}"
                     + (f" {fam['group'].iloc[0]}:*" if fam["group"].iloc[0] else "")
                     + f", region {fam['region'].iloc[0]}, years {fam['year_from'].iloc[0]}-"
                     f"{fam['year_to'].iloc[0]}")
            raise InputError(f"the {len(fam)} shares {label} add up to {total:.4g}, not 1",
                             where(first, "value"),
                             f"shares that add up to 1 ({rule.note or rule.parameter})")


def implausible_parameters(params: pd.DataFrame, defaults: pd.DataFrame,
                           factor: float = 10.0) -> pd.DataFrame:
    """Country parameter rows (layer other than ``ipcc_default``) more than ``factor`` times
    above the highest or below the lowest IPCC default (its 95 % bounds where given) of the
    same parameter and gas whose category and activity match (``*`` matches any).

    Returns the offending rows with ``ipcc_low``, ``ipcc_high`` (in the row's unit) and
    ``ipcc_source``; rows without a comparable default (another dimension, no default) are
    not judged."""
    from inventory.units import conversion_factor

    cols = ["parameter", "category", "activity", "gas", "region", "year_from", "year_to",
            "value", "unit", "layer", "source_ref"]
    own = params[params["layer"] != "ipcc_default"].reset_index(drop=True)
    if own.empty or defaults.empty:
        return pd.DataFrame(columns=[*cols, "ipcc_low", "ipcc_high", "ipcc_source"])
    d = defaults[defaults["parameter"].isin(own["parameter"].unique())]
    d = d.assign(low=d["lower"].where(d["lower"].notna(), d["value"]),
                 high=d["upper"].where(d["upper"].notna(), d["value"]))
    keys = ["parameter", "gas", "category", "activity", "unit"]
    by_param = {}
    for p, g in d.groupby("parameter", sort=False):
        by_param[p] = {c: g[c].astype(object).to_numpy() for c in
                       ("category", "gas", "activity", "unit", "low", "high", "source")}
        # the text keys as numpy strings: the rules of _overlaps over all defaults at once
        for c in ("category", "gas", "activity"):
            by_param[p][f"{c}_str"] = by_param[p][c].astype(str)
        by_param[p]["category_dot"] = np.strings.add(by_param[p]["category_str"], ".")
    ranges = {}
    for key in own[keys].drop_duplicates().itertuples(index=False):
        p, gas, cat, act, unit = (str(k) for k in key)
        m = by_param.get(p)
        if m is None:
            continue
        c, g, a = m["category_str"], m["gas_str"], m["activity_str"]
        if cat == "*":
            cat_ok = np.ones(len(c), dtype=bool)
        else:   # _overlaps(cat, c) for every default row c
            cat_ok = ((c == "*") | (c == cat) | np.strings.startswith(cat, m["category_dot"])
                      | np.strings.startswith(c, cat + "."))
        gas_ok = ((g == gas) | (g == "-")) if gas not in ("*", "-") else np.ones(len(g), bool)
        act_ok = ((a == act) | (a == "*")) if act != "*" else np.ones(len(a), bool)
        sel = cat_ok & gas_ok & act_ok
        lows, highs, sources = [], [], set()
        for u in set(m["unit"][sel]):
            try:
                f = conversion_factor(u, unit)
            except Exception:  # another dimension: not comparable
                continue
            one = sel & (m["unit"] == u)
            lows.append(float(np.min(m["low"][one].astype(float))) * f)
            highs.append(float(np.max(m["high"][one].astype(float))) * f)
            sources |= {str(x) for x in m["source"][one]}
        if lows:
            ranges[tuple(key)] = (min(lows), max(highs), "; ".join(sorted(sources))[:200])
    out = []
    for r in own.to_dict("records"):
        rng = ranges.get(tuple(r[k] for k in keys))
        v = float(r["value"])
        if rng is None or not np.isfinite(v):
            continue
        lo, hi, src = rng
        if (hi > 0 and v > hi * factor) or (lo > 0 and v < lo / factor):
            out.append({**{c: r.get(c) for c in cols}, "ipcc_low": lo, "ipcc_high": hi,
                        "ipcc_source": src})
    return pd.DataFrame(out, columns=[*cols, "ipcc_low", "ipcc_high", "ipcc_source"])
