"""Shared pieces of the agriculture methods: reference lists, project options, activity-id
parsing, unit checks, factor lookups with qualified activity keys, and the provenance of rows
computed from several lookups.

Activity ids: a plain id (``dairy_cattle``, ``synthetic_fertiliser``, ``wheat``) is the main
activity of a row; ``<id>:<attribute>`` carries a property of it (``dairy_cattle:weight``,
``dairy_cattle:solid_storage``, ``wheat:production``). See docs/agriculture.md.

Default factors that the IPCC tabulates by IPCC region, development status or climate are keyed
in the CSVs by a qualified activity ``<id>@<qualifier>`` (``dairy_cattle@asia``,
``solid_storage@warm``); a national row keyed by the plain id is tried first
(:func:`factor_chain`). Which layers a tier may take a parameter from is decided by the
method's TierSpecs alone (``sectors/agriculture/__init__.py``), never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.factors import FactorDB, Lookup
from inventory.lookups import FIELDS
from inventory.methods import MethodInput
from inventory.schema import describe_rows
from inventory.units import values_in  # re-exported: the agriculture modules import it from here

__all__ = ["DATA", "animals", "manure_systems", "crops", "AgriOptions", "parse_options",
           "split_ids", "values_in", "N2O_PER_N2O_N", "CO2_PER_C", "ensure_known",
           "safe_ratio", "factor_chain", "is_2019r", "regional_keys", "enteric_keys",
           "moisture_key", "CLIMATE_ZONES", "STORAGE_MONTHS"]

DATA = Path(__file__).resolve().parent / "data"
N2O_PER_N2O_N = 44.0 / 28.0
CO2_PER_C = 44.0 / 12.0

IPCC_REGIONS = ("north_america", "western_europe", "eastern_europe", "oceania", "latin_america",
                "asia", "africa_middle_east", "africa", "middle_east", "indian_subcontinent")
DEVELOPMENT = ("developed", "developing")
PRODUCTIVITY = ("high", "low")
#: IPCC climate zones of the 2019 Refinement Table 10.17 (lagoons, liquid systems)
CLIMATE_ZONES = ("tropical_montane", "tropical_wet", "tropical_moist", "tropical_dry",
                 "warm_temperate_moist", "warm_temperate_dry", "cool_temperate_moist",
                 "cool_temperate_dry", "boreal_moist", "boreal_dry")
#: storage periods (months) of the 2019 Table 10.17 liquid/slurry rows
STORAGE_MONTHS = (1, 3, 4, 6, 12)
SOIL_MOISTURE = ("wet", "dry")
PRESEASON = ("nonflooded_lt180", "nonflooded_gt180", "flooded_gt30", "nonflooded_gt365")


@cache
def animals() -> pd.DataFrame:
    """Livestock reference list (sectors/agriculture/data/animals.csv), indexed by animal id."""
    return pd.read_csv(DATA / "animals.csv", comment="#", dtype=str,
                       keep_default_na=False).set_index("animal")


@cache
def manure_systems() -> pd.DataFrame:
    """Manure management systems (data/manure_systems.csv), indexed by system id."""
    return pd.read_csv(DATA / "manure_systems.csv", comment="#", dtype=str,
                       keep_default_na=False).set_index("mms")


@cache
def crops() -> pd.DataFrame:
    """Crops with residue and burning defaults (data/crops.csv), indexed by crop id."""
    return pd.read_csv(DATA / "crops.csv", comment="#", dtype=str,
                       keep_default_na=False).set_index("crop")


@dataclass(frozen=True)
class AgriOptions:
    """``inventory.yml`` ``options: agriculture:`` settings (see docs/agriculture.md)."""

    ipcc_region: str | None = None            # Table 10.11, 10.19, Annex 10A.2 region
    development: str = "developing"           # Table 10.10, 10.15: developed | developing
    mean_annual_temperature: float | None = None   # deg C, for MCF (Table 10.17)
    leaching: bool = True                     # FracLEACH applies (wet regions / irrigation)
    rice_region: str | None = None            # Table 5.11A region, else the global EFc
    rice_preseason: str = "nonflooded_lt180"  # Table 5.13 pre-season water regime
    # used under guidelines: ipcc2006_2019r only (the 2006 tables have no such classes)
    productivity: str | None = None           # 2019 Tables 10.10/10.11/10.13A/10.16/10.19
    climate_zone: str | None = None           # 2019 Table 10.17 (lagoons, liquid systems)
    manure_storage_months: int | None = None  # 2019 Table 10.17 (liquid/slurry storage)
    soil_moisture: str | None = None          # 2019 Tables 11.1/11.3 (wet | dry climate)

    @property
    def climate(self) -> str:
        """Climate class of IPCC 2006 Table 10.17 from the annual average temperature (under
        the 2019 Refinement from ``climate_zone`` where given: boreal and cool temperate =
        cool, warm temperate = temperate, tropical = warm)."""
        if self.climate_zone is not None:
            z = self.climate_zone
            return ("warm" if z.startswith("tropical") else
                    "temperate" if z.startswith("warm_temperate") else "cool")
        t = self.temperature
        return "cool" if t < 15 else ("temperate" if t <= 25 else "warm")

    @property
    def temperature(self) -> float:
        if self.mean_annual_temperature is None:
            raise InputError("missing option 'mean_annual_temperature'",
                             "inventory.yml, key 'options: agriculture'",
                             "the annual average temperature in deg C (manure MCF, IPCC 2006 "
                             "Vol.4 Ch.10 Table 10.17)")
        return float(self.mean_annual_temperature)

    @property
    def temperature_key(self) -> str:
        """Whole degrees 10..28 as keyed in the liquid-system rows of Table 10.17."""
        return str(int(min(28, max(10, round(self.temperature)))))

    def region(self) -> str:
        if self.ipcc_region is None:
            raise InputError("missing option 'ipcc_region'",
                             "inventory.yml, key 'options: agriculture'",
                             f"one of {', '.join(IPCC_REGIONS)} (IPCC 2006 Vol.4 Ch.10 "
                             "Tables 10.11, 10.19)")
        return self.ipcc_region


def parse_options(raw: dict | None) -> AgriOptions:
    """Check the agriculture options of ``inventory.yml``; a bad value names the key."""
    raw = dict(raw or {})
    where = "inventory.yml, key 'options: agriculture'"
    known = set(AgriOptions.__dataclass_fields__)
    extra = sorted(set(raw) - known)
    if extra:
        raise InputError(f"unknown option(s) {extra}", where, f"keys among {sorted(known)}")
    checks = (("ipcc_region", IPCC_REGIONS), ("development", DEVELOPMENT),
              ("rice_preseason", PRESEASON), ("productivity", PRODUCTIVITY),
              ("climate_zone", CLIMATE_ZONES), ("manure_storage_months", STORAGE_MONTHS),
              ("soil_moisture", SOIL_MOISTURE))
    for key, allowed in checks:
        if key in raw and raw[key] not in allowed:
            raise InputError(f"{key} is {raw[key]!r}", f"{where}: {key}",
                             f"one of {', '.join(allowed)}")
    if "mean_annual_temperature" in raw:
        try:
            raw["mean_annual_temperature"] = float(raw["mean_annual_temperature"])
        except (TypeError, ValueError):
            raise InputError(f"mean_annual_temperature is {raw['mean_annual_temperature']!r}",
                             f"{where}: mean_annual_temperature",
                             "a number (deg C)") from None
    if "leaching" in raw and not isinstance(raw["leaching"], bool):
        raise InputError(f"leaching is {raw['leaching']!r}", f"{where}: leaching",
                         "true or false")
    return AgriOptions(**raw)


def is_2019r(factors: FactorDB) -> bool:
    """The factors hold the 2019 Refinement defaults (``guidelines: ipcc2006_2019r``)."""
    return getattr(factors, "guidelines", None) == "ipcc2006_2019r"


def regional_keys(base, opts: AgriOptions, factors: FactorDB, fallback: str | None = None
                  ) -> list:
    """Activity keys (most specific first) of a default tabulated by IPCC region.

    ``ipcc2006``: ``<base>@<region>`` (the Africa and Middle East column is keyed under
    africa_middle_east, africa and middle_east), then ``<base>@<fallback>`` (e.g. the
    development status) when given. ``ipcc2006_2019r``: ``<base>@<region>@<productivity>``
    (options.agriculture.productivity), ``<base>@<region>`` (the regional average, or the
    only value of a developed region), ``<base>@<productivity>``, then ``<base>`` (one value
    for all regions); Africa and the Middle East are separate regions."""
    base = pd.Series(np.asarray(base, dtype=object))
    region = opts.ipcc_region or ""
    if is_2019r(factors):
        if region == "africa_middle_east":
            raise InputError("ipcc_region is 'africa_middle_east'",
                             "inventory.yml, key 'options: agriculture: ipcc_region'",
                             "africa or middle_east: the 2019 Refinement tabulates them "
                             "separately (guidelines: ipcc2006_2019r)")
        keys = []
        if opts.productivity:
            keys.append((base + f"@{region}@{opts.productivity}").to_numpy())
        keys.append((base + f"@{region}").to_numpy())
        if opts.productivity:
            keys.append((base + f"@{opts.productivity}").to_numpy())
        keys.append(base.to_numpy())
        return keys
    keys = [(base + f"@{region}").to_numpy()]
    if fallback:
        keys.append((base + f"@{fallback}").to_numpy())
    return keys


def enteric_keys(animal: pd.Series, opts: AgriOptions, factors: FactorDB) -> list:
    """Activity keys (most specific first) of the Tier 1 EF_enteric of each animal: IPCC 2006
    Table 10.11 by region (cattle) or Table 10.10 by development status; the 2019 Refinement
    tables by region (cattle, buffalo) and productivity system (options.agriculture.
    productivity) or one value for all (:func:`regional_keys`)."""
    animal = pd.Series(np.asarray(animal, dtype=object))
    how = animal.map(animals()["ef_enteric_key"]).to_numpy()
    if is_2019r(factors):
        if animal.isin(["dairy_cattle", "other_cattle", "buffalo"]).any():
            opts.region()
        return regional_keys(animal, opts, factors)
    reg = animal + "@" + (opts.ipcc_region or "")
    dev = animal + "@" + opts.development
    if (how == "region").any():
        opts.region()
    return [np.where(how == "region", reg, dev).astype(object)]


def moisture_key(opts: AgriOptions, factors: FactorDB, prefix: str = "") -> str:
    """Activity key of a soil N2O default disaggregated by climate in the 2019 Refinement
    (Tables 11.1, 11.3: ``[<prefix>@]wet|dry`` under ipcc2006_2019r with
    options.agriculture.soil_moisture set); otherwise the aggregated row ``*``."""
    if is_2019r(factors) and opts.soil_moisture:
        return f"{prefix}@{opts.soil_moisture}" if prefix else opts.soil_moisture
    return "*"


def split_ids(activity: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'dairy_cattle:weight' -> ('dairy_cattle', 'weight'); a plain id has attribute ''."""
    if activity.empty:
        empty = pd.Series(dtype=object, index=activity.index)
        return empty, empty
    parts = activity.astype(str).str.split(":", n=1, expand=True)
    base = parts[0]
    attr = parts[1].fillna("") if parts.shape[1] > 1 else pd.Series("", index=activity.index)
    return base, attr


def ensure_known(rows: pd.DataFrame, ok: pd.Series | np.ndarray, what: str,
                 expected: str) -> None:
    """Raise an InputError naming the first activity row that is not ``ok``."""
    ok = np.asarray(ok, dtype=bool)
    if not ok.all():
        bad = rows[~ok].iloc[0]
        raise InputError(f"unknown {what} '{bad['activity']}' in {bad['category']} "
                         f"(at {describe_rows(rows, ~ok, limit=3)})",
                         bad.get("source_ref"), expected)



def safe_ratio(num, den) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


# ---------------------------------------------------------------- factor lookups
def factor_chain(inp: MethodInput, rows: pd.DataFrame, parameter: str, unit: str, keys: list,
                 gas: str = "-", tier=None, required: bool = True) -> Lookup:
    """``parameter`` for ``rows`` looked up with each activity key of ``keys`` in turn (a plain
    id first, then qualified ids such as ``dairy_cattle@asia``); the first key that finds a
    row wins. The layers come from the tier (:meth:`MethodInput.factor`, the method's
    TierSpec); ``required``: rows found by no key are collected as missing (under the first
    key, the id a national row would use) and reported with the method's other misses."""
    n = len(rows)
    res = None
    for k in keys:
        got = inp.factor(rows, parameter, unit, gas, tier=tier, activity=k, required=False)
        if res is None:
            res = got
            continue
        fill = ~res.found & got.found
        for f in FIELDS:
            getattr(res, f)[fill] = getattr(got, f)[fill]
    if required and n and not res.found.all():
        miss = ~res.found
        first = np.broadcast_to(np.asarray(keys[0], dtype=object), (n,))[miss]
        t = None if tier is None else np.broadcast_to(np.asarray(tier), (n,))[miss]
        inp.factor(rows[miss], parameter, unit, gas, tier=t, activity=first, required=True)
    return res








