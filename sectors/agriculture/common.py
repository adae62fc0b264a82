"""Shared pieces of the agriculture methods: reference lists, project options, activity-id
parsing, unit checks, qualified factor lookups and the emission-row builder.

Activity ids: a plain id (``dairy_cattle``, ``synthetic_fertiliser``, ``wheat``) is the main
activity of a row; ``<id>:<attribute>`` carries a property of it (``dairy_cattle:weight``,
``dairy_cattle:solid_storage``, ``wheat:production``). See docs/agriculture.md.

Default factors that the IPCC tabulates by IPCC region, development status or climate are keyed
in the CSVs by a qualified activity ``<id>@<qualifier>`` (``dairy_cattle@asia``,
``solid_storage@warm``); a national row keyed by the plain id always wins over them
(:func:`lookup_chain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.errors import InputError, MethodInputError
from inventory.factors import FactorDB, Lookup
from inventory.schema import concat_emissions, describe_rows
from inventory.units import conversion_factor

__all__ = ["DATA", "animals", "manure_systems", "crops", "AgriOptions", "parse_options",
           "split_ids", "values_in", "lookup_chain", "emission_rows", "keyed_rows",
           "N2O_PER_N2O_N", "CO2_PER_C", "ensure_known", "join_ids", "finish", "safe_ratio",
           "detail_json", "category_tiers", "is_2019r", "regional_keys", "CLIMATE_ZONES",
           "STORAGE_MONTHS", "moisture_key"]

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


def values_in(rows: pd.DataFrame, unit: str, what: str) -> np.ndarray:
    """The rows' values converted to ``unit``; a unit of another dimension is an InputError
    naming the row (e.g. a weight typed in 'head')."""
    out = np.full(len(rows), np.nan)
    units = rows["unit"].astype(str).to_numpy()
    vals = rows["value"].to_numpy(dtype=float)
    for u in pd.unique(units):
        sel = units == u
        try:
            f = conversion_factor(u, unit)
        except Exception:
            bad = rows[sel].iloc[0]
            raise InputError(f"{what} '{bad['activity']}' given in '{u}'",
                             bad.get("source_ref"), f"a unit convertible to {unit}") from None
        out[sel] = vals[sel] * f
    return out


def lookup_chain(factors: FactorDB, rows: pd.DataFrame, parameter: str, unit: str,
                 keys: list, gas: str = "-", layers: tuple[str, ...] | None = None,
                 required: bool = True, what: str | None = None) -> Lookup:
    """Look ``parameter`` up for ``rows`` with each activity key of ``keys`` in turn (a
    plain id first, then qualified ids such as ``dairy_cattle@asia``); the first key that
    finds a row wins. ``required``: a row found by none is a MethodInputError naming the
    activity, category, region and year and the keys tried."""
    kw = {} if layers is None else {"layers": layers}
    n = len(rows)
    res = None
    for k in keys:
        q = rows.assign(activity=np.broadcast_to(np.asarray(k, dtype=object), (n,)))
        got = factors.lookup(q, parameter, unit, gas, **kw)
        if res is None:
            res = got
            continue
        fill = ~res.found & got.found
        for f in ("value", "lower", "upper", "parameter_id", "layer", "source", "found"):
            getattr(res, f)[fill] = getattr(got, f)[fill]
    if required and not res.found.all():
        miss = ~res.found
        first = rows[miss].iloc[0]
        tried = ", ".join(dict.fromkeys(str(np.broadcast_to(np.asarray(k, dtype=object),
                                                             (n,))[miss][0]) for k in keys))
        raise MethodInputError(
            f"no {parameter}{'' if gas == '-' else ' ' + gas} value for "
            f"{what or first['activity']} in {first['category']}, region {first['region']} "
            f"year {int(first['year'])} (activity keys tried: {tried})",
            first.get("source_ref") if isinstance(first.get("source_ref"), str) else None,
            f"a parameter row '{parameter}' in layer(s) "
            f"{', '.join(layers or ('any',))} for one of those activity keys")
    return res


def join_ids(*cols) -> list[str]:
    """Row-wise ';'-join of id columns, skipping empty parts and repeats."""
    arrs = [np.broadcast_to(np.asarray(c, dtype=object), (len(cols[0]),)) for c in cols]
    out = []
    for parts in zip(*arrs, strict=True):
        seen: dict[str, None] = {}
        for p in parts:
            if isinstance(p, str) and p:
                for q in p.split(";"):
                    if q:
                        seen[q] = None
        out.append(";".join(seen))
    return out


def emission_rows(keys: pd.DataFrame, *, category, activity, gas: str, value, tier,
                  method: str, equation: str, activity_value, activity_unit: str, ief,
                  ief_unit: str, factor_layer, factor_source, activity_ids, parameter_ids,
                  detail=None) -> pd.DataFrame:
    """Rows of the emissions contract; ``keys`` gives region and year (one per row)."""
    n = len(keys)

    def col(v):
        return np.broadcast_to(np.asarray(v, dtype=object), (n,)).copy() if not isinstance(
            v, (pd.Series, np.ndarray, list)) else np.asarray(v, dtype=object)

    return pd.DataFrame({
        "region": keys["region"].to_numpy(), "year": keys["year"].to_numpy(dtype="int64"),
        "category": col(category), "activity": col(activity), "gas": gas,
        "value": np.asarray(value, dtype=float), "notation_key": None, "memo": False,
        "tier": np.broadcast_to(np.asarray(tier, dtype="int64"), (n,)).copy(),
        "method": method, "equation": equation,
        "activity_value": np.asarray(activity_value, dtype=float),
        "activity_unit": activity_unit, "ief": np.asarray(ief, dtype=float),
        "ief_unit": ief_unit, "factor_layer": col(factor_layer),
        "factor_source": col(factor_source), "activity_ids": col(activity_ids),
        "parameter_ids": col(parameter_ids),
        "detail": col(detail) if detail is not None else None,
    })


def keyed_rows(rows: pd.DataFrame, category, activity, gases: tuple[str, ...], tier,
               method: str, equation: str, activity_unit: str, ief_unit: str) -> pd.DataFrame:
    """Emission rows carrying the activity rows' notation keys (NO, NE, IE, NA, C)."""
    frames = []
    for gas in gases:
        f = emission_rows(rows, category=category, activity=activity, gas=gas,
                          value=np.full(len(rows), np.nan), tier=tier, method=method,
                          equation=equation, activity_value=np.full(len(rows), np.nan),
                          activity_unit=activity_unit, ief=np.full(len(rows), np.nan),
                          ief_unit=ief_unit, factor_layer=None, factor_source=None,
                          activity_ids=rows["activity_id"].to_numpy(), parameter_ids="")
        f["notation_key"] = rows["notation_key"].astype(object).to_numpy()
        frames.append(f)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def safe_ratio(num, den) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def detail_json(frame: pd.DataFrame) -> list[str]:
    """Row-wise JSON of background data for the CRT tables (the ``detail`` column of the
    agriculture emission rows: weights, GE, VS, Nex, system shares ...); NaN becomes null."""
    if frame.empty:
        return []
    return frame.reset_index(drop=True).to_json(orient="records", lines=True,
                                                double_precision=10).splitlines()


def category_tiers(activity: pd.DataFrame, tier: np.ndarray) -> dict[str, int]:
    """Tier per IPCC category as resolved for the activity rows (one tier per category)."""
    return dict(zip(activity["category"].astype(str), np.asarray(tier, dtype=int),
                    strict=True))


def finish(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate emission frames with the contract's dtypes (inventory.schema)."""
    return concat_emissions(frames)

