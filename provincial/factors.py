"""China's default factors as a factor set: ``national_cn``.

``inventory.yml``::

    factor_set:
      default: national_cn          # ipcc_default (the default) | national_cn
      edition: 2025                 # the provincial guideline edition (only 2025 values ship)
      by_category: {"1.A.1": ipcc_default}     # most specific prefix wins
      by_fuel: {natural_gas: ipcc_default}     # wins over by_category

For every (category, fuel) of the project's fuel-combustion and energy-balance rows that
chooses ``national_cn``, the parameter source adds the values of ``data/national_cn_factors.csv``
as parameter rows of layer ``national`` whose source starts with ``national_cn:`` -- so every
emission row that used one names the set in ``factor_source`` and ``parameter_ids``. NCVs are
added for rows in mass or volume units (used at every tier); carbon content and oxidation rate
where the category's CO2 tier is 2 or more (China's method: carbon content x oxidation x 44/12,
IPCC 2006 Vol.2 Ch.2 Tier 2) and for the reference approach (category 1.A). A category at Tier 1
keeps the IPCC default emission factors whatever the set (the tier decides, as everywhere).
A pair choosing ``ipcc_default`` gets no rows: the IPCC defaults apply.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import schema
from inventory.categories import most_specific_prefix
from inventory.errors import InputError
from inventory.io.input_readers import ParameterSource, register_parameter_source
from inventory.methods import TierPlan

__all__ = ["national_cn_table", "factor_set_parameters", "FACTOR_SETS", "EDITIONS"]

DATA = Path(__file__).resolve().parent / "data"
FACTOR_SETS = ("ipcc_default", "national_cn")
EDITIONS = ("2025",)
_WHERE = "inventory.yml, key 'factor_set'"
_FUEL_CATEGORIES = ("1.A.1", "1.A.2", "1.A.3", "1.A.4", "1.A.5")


@cache
def national_cn_table() -> pd.DataFrame:
    """``data/national_cn_factors.csv`` with the line number of every value."""
    path = DATA / "national_cn_factors.csv"
    n_comment = sum(1 for line in path.read_text(encoding="utf-8").splitlines()
                    if line.startswith("#"))
    df = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    df["value"] = df["value"].astype(float)
    df["line"] = np.arange(len(df)) + n_comment + 2
    return df


def _config(project) -> dict | None:
    raw = project.raw.get("factor_set")
    if raw is None:
        return None
    cfg = {"default": raw} if isinstance(raw, str) else dict(raw)
    unknown = set(cfg) - {"default", "edition", "by_category", "by_fuel"}
    if unknown:
        raise InputError(f"unknown keys {sorted(unknown)}", _WHERE,
                         "default, edition, by_category, by_fuel")
    cfg["default"] = cfg.get("default") or "ipcc_default"
    cfg["by_category"] = {str(k): v for k, v in (cfg.get("by_category") or {}).items()}
    cfg["by_fuel"] = dict(cfg.get("by_fuel") or {})
    for where, v in [("default", cfg["default"]), *(("by_category " + k, v) for k, v in
                                                      cfg["by_category"].items()),
                     *(("by_fuel " + k, v) for k, v in cfg["by_fuel"].items())]:
        if v not in FACTOR_SETS:
            raise InputError(f"factor set {v!r} ({where})", _WHERE, " | ".join(FACTOR_SETS))
    edition = str(cfg.get("edition") or EDITIONS[-1])
    if edition not in EDITIONS:
        raise InputError(f"edition {edition!r}: no verified values of that edition are shipped",
                         _WHERE, f"one of {list(EDITIONS)} (see the header of "
                         "provincial/data/national_cn_factors.csv)")
    cfg["edition"] = edition
    return cfg


def _choice(cfg: dict, category: str, fuel: str) -> str:
    if fuel in cfg["by_fuel"]:
        return cfg["by_fuel"][fuel]
    best = most_specific_prefix(category, cfg["by_category"])
    return cfg["by_category"][best] if best is not None else cfg["default"]


def factor_set_parameters(project, activity: pd.DataFrame) -> pd.DataFrame:
    """Parameter rows of the chosen factor sets for the project's (category, fuel) pairs."""
    cfg = _config(project)
    if cfg is None or activity.empty:
        return schema.empty("parameters")
    cat = activity["category"].astype(str)
    fuel_rows = activity[(cat.isin(["1.A"]) | cat.str.match(r"^1\.A\.[1-5]"))
                         & activity["value"].notna()]
    if fuel_rows.empty:
        return schema.empty("parameters")
    fuel = fuel_rows["activity"].astype(str).str.split(":").str[0]
    pairs = pd.DataFrame({"category": fuel_rows["category"].astype(str), "fuel": fuel,
                          "unit": fuel_rows["unit"].astype(str)}).drop_duplicates()
    plan = TierPlan(project.tiers)
    table = national_cn_table()
    table = table[table["edition"].isin([cfg["edition"], "GB/T 2589"])]
    out = []
    for (category, f), sub in pairs.groupby(["category", "fuel"]):
        if _choice(cfg, category, f) != "national_cn":
            continue
        units = set(sub["unit"])
        want = set()
        if "kt" in units:
            want.add("NCV")
        if "m3" in units:
            want.add("NCV_volume")
        if category == "1.A" or plan.tier(category, "CO2") >= 2:
            want |= {"carbon_content", "oxidation"}
        rows = table[(table["activity"] == f) & table["parameter"].isin(want)]
        if len(rows):
            out.append(rows.assign(category=category))
    if not out:
        return schema.empty("parameters")
    df = pd.concat(out, ignore_index=True)
    res = pd.DataFrame({
        "parameter": df["parameter"], "category": df["category"], "activity": df["activity"],
        "gas": "-", "region": "*", "year_from": 1900, "year_to": 2100,
        "value": df["value"].astype(float), "unit": df["unit"], "lower": np.nan,
        "upper": np.nan, "distribution": None,
        "source": "national_cn: " + df["source"] + " (" + df["verified"] + ")",
        "layer": "national",
        "parameter_id": "national_cn:" + df["line"].astype(str) + ":" + df["category"],
        "source_ref": "national_cn_factors.csv!line " + df["line"].astype(str)})
    res["year_from"] = res["year_from"].astype("int64")
    res["year_to"] = res["year_to"].astype("int64")
    return schema.ensure_valid(res, "parameters")


register_parameter_source(ParameterSource(
    "factor_set", factor_set_parameters,
    "China's default factors (national_cn) chosen per category and fuel in inventory.yml "
    "key factor_set (provincial/factors.py)"))
