"""Shared vocabulary of the LULUCF methods: land-use categories and their IPCC 2006 / CRT codes,
climate zones and soil types (the strata), activity-id grammar, project options, unit helpers
and factor lookups with a chain of keys.

Activity ids on the LULUCF sheet (docs/lulucf.md):

* ``<quantity>:<climate zone>:<soil type>[:<qualifier>]`` in a land category (IPCC 2006
  3.B.*), e.g. ``area:warm_temperate_moist:lac``,
  ``area:warm_temperate_moist:lac:cultivated.no_till.medium`` (cropland management),
  ``harvest:warm_temperate_moist:lac``; in 3.B.4.b.* (land converted to wetlands) the
  qualifier names the previous land use, ``from_forest``.
* ``<product>:<flow>`` in 3.D.1 (HWP sheet), e.g. ``sawnwood:production``.

A *stratum* is ``<climate zone>:<soil type>`` (IPCC 2006 Vol.4 Ch.3 Annex 3A.5 climate
zones, Ch.2 Table 2.3 soil types); the qualifier refines it (management, forest origin).
Land never moves between strata, so the land matrix balances per region and stratum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.factors import Lookup
from inventory.methods import MethodInput
from inventory.schema import describe_rows
from inventory.units import values_in

__all__ = ["LAND_USES", "SHORT", "TOP_CODES", "CLIMATES", "SOILS", "POOLS", "QUANTITIES",
           "C_TO_CO2", "N2O_N_TO_N2O", "CH4_C_TO_CH4", "category_table", "land_codes",
           "LulucfOptions", "parse_options", "parse_ids", "values_in", "soc_climate",
           "regime", "domain", "factor_chain", "ensure_known", "HWP_PRODUCTS", "HWP_FLOWS",
           "CROPLAND_MANAGEMENT", "GRASSLAND_MANAGEMENT", "FOREST_ORIGINS", "management_parts",
           "stratum_keys", "WETLAND_TYPES", "crt_code", "provenance"]

C_TO_CO2 = 44.0 / 12.0
N2O_N_TO_N2O = 44.0 / 28.0
CH4_C_TO_CH4 = 16.0 / 12.0

LAND_USES = ("forest", "cropland", "grassland", "wetlands", "settlements", "other_land")
SHORT = {"forest": "FL", "cropland": "CL", "grassland": "GL", "wetlands": "WL",
         "settlements": "SL", "other_land": "OL"}
TOP_CODES = {lu: f"3.B.{i}" for i, lu in enumerate(LAND_USES, start=1)}
CRT_LETTER = {lu: "ABCDEF"[i] for i, lu in enumerate(LAND_USES)}
ROMAN = ("i", "ii", "iii", "iv", "v")

# IPCC 2006 Vol.4 Ch.3 Annex 3A.5 climate zones
CLIMATES = ("tropical_montane", "tropical_wet", "tropical_moist", "tropical_dry",
            "warm_temperate_moist", "warm_temperate_dry", "cool_temperate_moist",
            "cool_temperate_dry", "boreal_moist", "boreal_dry", "polar_moist", "polar_dry")
# IPCC 2006 Vol.4 Ch.2 Table 2.3 soil types (organic: Sect. 2.3.3.1, drained organic soils)
SOILS = ("hac", "lac", "sandy", "spodic", "volcanic", "wetland", "organic")
POOLS = ("agb", "bgb", "dead_wood", "litter", "mineral_soil", "organic_soil")

# wetland types: (remaining code, conversion code, CRT remaining, CRT conversion)
WETLAND_TYPES = {
    "peat_extraction": ("3.B.4.a.i", "3.B.4.b.i", "4.D.1.a", "4.D.2.a"),
    "flooded_land": ("3.B.4.a.ii", "3.B.4.b.ii", "4.D.1.b", "4.D.2.b"),
    "other_wetlands": ("3.B.4.a", "3.B.4.b.iii", "4.D.1.c", "4.D.2.c"),
}

CROPLAND_MANAGEMENT = {   # IPCC 2006 Vol.4 Ch.5 Table 5.5 levels
    "land_use": ("cultivated", "paddy", "perennial", "set_aside"),
    "tillage": ("full_till", "reduced_till", "no_till"),
    "input": ("low", "medium", "high", "high_manure"),
}
GRASSLAND_MANAGEMENT = {  # IPCC 2006 Vol.4 Ch.6 Table 6.2 levels
    "management": ("nominal", "moderately_degraded", "severely_degraded", "improved"),
    "input": ("medium", "high"),
}
FOREST_ORIGINS = ("natural", "planted")

# quantity -> (unit dimension it is converted to, land uses allowed or None = all, what it is)
QUANTITIES = {
    "area": ("ha", None, "land area (Approach 2/3: the transition of the year; Approach 1: "
                         "the area of the land use at the end of the year)"),
    "harvest": ("m3", ("forest",), "wood removals (merchantable volume over bark)"),
    "fuelwood": ("m3", ("forest",), "fuelwood removals as whole trees"),
    "disturbance_area": ("ha", ("forest",), "area affected by disturbances other than fire"),
    "wildfire_area": ("ha", None, "area burnt by wildfires"),
    "controlled_burning_area": ("ha", None, "area of controlled (prescribed) burning"),
    "drained_area": ("ha", None, "drained organic soils (soil type 'organic')"),
    "rewetted_area": ("ha", None, "rewetted organic soils (soil type 'organic')"),
    "n_inputs": ("t", ("forest", "wetlands", "settlements"),
                 "N applied to managed soils outside agriculture [t N]"),
    "crown_cover_area": ("ha", ("settlements",), "tree crown cover area in settlements"),
    "peat_extracted": ("t", ("wetlands",), "horticultural peat extracted [t dry matter]"),
    "growing_stock": ("m3/ha", ("forest",), "growing stock volume per ha (stock difference)"),
    "dead_wood_stock": ("t/ha", None, "dead wood carbon per ha [t C/ha] (Tier 2 stock "
                                      "difference)"),
    "litter_stock": ("t/ha", None, "litter carbon per ha [t C/ha] (Tier 2 stock difference)"),
    **{f"gain.{p}": ("t", None, f"Tier 3 carbon gain of the {p} pool [t C]") for p in POOLS},
    **{f"loss.{p}": ("t", None, f"Tier 3 carbon loss of the {p} pool [t C]") for p in POOLS},
}

HWP_PRODUCTS = ("sawnwood", "wood_panels", "paper", "industrial_roundwood", "wood_chips",
                "wood_residues")
HWP_FLOWS = ("production", "import", "export")


@cache
def category_table() -> pd.DataFrame:
    """Every IPCC 2006 land category code the LULUCF sheet accepts: ``code``, ``to_lu``,
    ``from_lu`` (None where the qualifier names it: 3.B.4.b.*), ``kind`` (``total``,
    ``remaining``, ``converted``), ``wetland_type`` and the CRT row ``crt``."""
    rows = []
    for lu in LAND_USES:
        top = TOP_CODES[lu]
        letter = CRT_LETTER[lu]
        rows.append((top, lu, None, "total", "", f"4.{letter}"))
        if lu == "wetlands":
            for wt, (rem, conv, crt_rem, crt_conv) in WETLAND_TYPES.items():
                rows.append((rem, lu, lu, "remaining", wt, crt_rem))
                rows.append((conv, lu, None, "converted", wt, crt_conv))
            continue
        rows.append((f"{top}.a", lu, lu, "remaining", "", f"4.{letter}.1"))
        others = [o for o in LAND_USES if o != lu]
        for i, o in enumerate(others):
            rows.append((f"{top}.b.{ROMAN[i]}", lu, o, "converted", "",
                         f"4.{letter}.2.{'abcde'[i]}"))
    return pd.DataFrame(rows, columns=["code", "to_lu", "from_lu", "kind", "wetland_type",
                                       "crt"]).set_index("code")


def land_codes() -> list[str]:
    return list(category_table().index)


def crt_code(code: str, from_lu: str | None = None) -> str:
    """The CRT row of an IPCC land category (and, for land converted to flooded land or other
    wetlands, of the previous land use)."""
    t = category_table()
    crt = t.loc[code, "crt"]
    if code in ("3.B.4.b.ii", "3.B.4.b.iii") and from_lu:
        others = [o for o in LAND_USES if o != "wetlands"]
        crt = f"{crt}.{ROMAN[others.index(from_lu)]}"
    return crt


def soc_climate(climate: str) -> str:
    """Climate key of IPCC 2006 Vol.4 Ch.2 Table 2.3 (boreal zones share one column)."""
    return "boreal" if climate.startswith("boreal") else climate


def regime(climate: str) -> str:
    """Temperature/moisture regime of IPCC 2006 Vol.4 Ch.5 Table 5.5 / Ch.6 Table 6.2."""
    if climate == "tropical_montane":
        return "tropical_montane"
    if climate.startswith("tropical"):
        return "tropical_dry" if climate == "tropical_dry" else "tropical_moist"
    return "temperate_boreal_dry" if climate.endswith("_dry") else "temperate_boreal_moist"


def domain(climate: str) -> str:
    """Climate domain: tropical, temperate or boreal (polar counted as boreal)."""
    if climate.startswith("tropical"):
        return "tropical"
    if "temperate" in climate:
        return "temperate"
    return "boreal"


def management_parts(land_use: str, qualifier: str) -> tuple[str, ...]:
    """The qualifier's parts for the SOC factors: cropland (land use, tillage, input),
    grassland (management, input); ``''`` means the default level."""
    parts = qualifier.split(".") if qualifier else []
    if land_use == "cropland":
        lu, till, inp = (parts + ["", "", ""])[:3]
        return (lu or "cultivated", till or "full_till", inp or "medium")
    if land_use == "grassland":
        mg, inp = (parts + ["", ""])[:2]
        return (mg or "nominal", inp or "medium")
    return tuple(parts)


def stratum_keys(climate: str, soil: str, qualifier: str = "") -> list[str]:
    """National parameter keys of a stratum, most specific first: ``c:s:q``, ``c:s``, ``c``."""
    keys = []
    if qualifier:
        keys.append(f"{climate}:{soil}:{qualifier}")
    keys += [f"{climate}:{soil}", climate]
    return keys


@dataclass(frozen=True)
class LulucfOptions:
    """``inventory.yml`` ``options: lulucf:`` settings (docs/lulucf.md)."""

    approach: int = 2                   # land representation: 1 net areas, 2/3 transitions
    transition_years: int = 20          # years converted land stays "land converted to X"
    history: str = "constant"           # conversions before the first year: constant | none
    continent: str = ""                 # Tables 4.4/4.7/4.9 region (asia_continental ...)
    forest_zones: dict = field(default_factory=dict)   # climate zone -> ecological zone
    forest_status: str = "secondary"    # 2019R Tables 4.7/4.9: primary | secondary
    forest_vegetation: str = ""         # 2006 Table 4.4 temperate rows: conifers ...
    bcef: dict = field(default_factory=dict)            # climate zone -> Table 4.5 key
    leaching: bool = True               # Frac_LEACH applies to mineralised N (Eq. 11.10)
    biomass_method: dict = field(default_factory=dict)  # category -> gain_loss|stock_difference
    hwp_approach: str = "production"    # production | stock_change | atmospheric_flow
    hwp_region: str = "world_wide"      # Table 12.3 region of the Eq. 12.6 history
    hwp_start_year: int = 1900          # first year of the Eq. 12.6 history
    total_area: dict = field(default_factory=dict)      # region -> land area [ha]
    area_jump: float = 0.2              # year-on-year change of a category area flagged


_APPROACHES = (1, 2, 3)
_HISTORY = ("constant", "none")
_HWP = ("production", "stock_change", "atmospheric_flow")


def parse_options(raw: dict | None) -> LulucfOptions:
    """Check the LULUCF options of ``inventory.yml``; a bad value names the key."""
    raw = dict(raw or {})
    where = "inventory.yml, key 'options: lulucf'"
    known = set(LulucfOptions.__dataclass_fields__)
    extra = sorted(set(raw) - known)
    if extra:
        raise InputError(f"unknown option(s) {extra}", where, f"keys among {sorted(known)}")
    checks = (("approach", _APPROACHES), ("history", _HISTORY), ("hwp_approach", _HWP),
              ("forest_status", ("primary", "secondary")))
    for key, allowed in checks:
        if key in raw and raw[key] not in allowed:
            raise InputError(f"{key} is {raw[key]!r}", f"{where}: {key}",
                             f"one of {', '.join(map(str, allowed))}")
    t = raw.get("transition_years", 20)
    if not isinstance(t, int) or t < 1:
        raise InputError(f"transition_years is {t!r}", f"{where}: transition_years",
                         "a whole number of years >= 1 (IPCC default 20)")
    bad = [c for c in raw.get("forest_zones", {}) if c not in CLIMATES]
    if bad:
        raise InputError(f"forest_zones: unknown climate zone {bad[0]!r}",
                         f"{where}: forest_zones", f"one of {', '.join(CLIMATES)}")
    for cat, m in raw.get("biomass_method", {}).items():
        if m not in ("gain_loss", "stock_difference"):
            raise InputError(f"biomass_method of {cat} is {m!r}", f"{where}: biomass_method",
                             "gain_loss or stock_difference")
    return LulucfOptions(**raw)


def parse_ids(rows: pd.DataFrame) -> pd.DataFrame:
    """Split the activity ids of land-category rows into ``quantity``, ``climate``, ``soil``,
    ``qualifier``; an unknown quantity, climate zone, soil type or qualifier is an InputError
    naming the cell."""
    parts = rows["activity"].astype(str).str.split(":", n=3, expand=True)
    parts = parts.reindex(columns=range(4))
    out = pd.DataFrame({"quantity": parts[0], "climate": parts[1], "soil": parts[2],
                        "qualifier": parts[3].astype(object).where(parts[3].notna(), "")},
                       index=rows.index)
    ensure_known(rows, out["quantity"].isin(list(QUANTITIES)), "LULUCF quantity",
                 f"<quantity>:<climate zone>:<soil type>[:<qualifier>] with a quantity among "
                 f"{', '.join(QUANTITIES)}")
    ensure_known(rows, out["climate"].isin(CLIMATES), "climate zone (stratum)",
                 f"a climate zone among {', '.join(CLIMATES)} as the second part of the id")
    ensure_known(rows, out["soil"].isin(SOILS), "soil type (stratum)",
                 f"a soil type among {', '.join(SOILS)} as the third part of the id")
    cats = category_table()
    to_lu = rows["category"].map(cats["to_lu"])
    ensure_known(rows, to_lu.notna(), "land category",
                 f"one of the land categories {', '.join(cats.index)}")
    allowed = out["quantity"].map(lambda q: QUANTITIES[q][1])
    ok = [a is None or lu in a for a, lu in zip(allowed, to_lu, strict=True)]
    ensure_known(rows, np.asarray(ok), "quantity for this land use",
                 "harvest, fuelwood, disturbance_area, growing_stock only on forest land; "
                 "crown_cover_area on settlements; n_inputs on forest, wetlands, settlements; "
                 "peat_extracted on wetlands")
    organic_only = out["quantity"].isin(["drained_area", "rewetted_area"])
    ensure_known(rows, ~organic_only | (out["soil"] == "organic"), "soil type for drainage",
                 "drained_area and rewetted_area on strata with soil type 'organic'")
    # qualifiers
    conv_wet = rows["category"].astype(str).str.startswith("3.B.4.b").to_numpy()
    q = out["qualifier"]
    qual_ok = np.ones(len(rows), dtype=bool)
    qual_ok[conv_wet] = q[conv_wet].isin([f"from_{lu}" for lu in LAND_USES if lu != "wetlands"])
    pairs = pd.DataFrame({"lu": to_lu.to_numpy(dtype=object), "q": q.to_numpy(dtype=object)})
    valid = {(lu, qq): _qualifier_ok(lu, qq)
             for lu, qq in pairs.drop_duplicates().itertuples(index=False)}
    ok = (pairs["lu"].astype(str) + "|" + pairs["q"].astype(str)).map(
        {f"{lu}|{qq}": v for (lu, qq), v in valid.items()}).to_numpy(dtype=bool)
    qual_ok = np.where(conv_wet, qual_ok, ok)
    ensure_known(rows, qual_ok, "qualifier",
                 "cropland <land use>.<tillage>.<input> (e.g. cultivated.no_till.medium), "
                 "grassland <management>[.<input>] (e.g. improved.high), forest natural|planted,"
                 " land converted to wetlands from_<land use>; none elsewhere")
    return out


def _qualifier_ok(land_use, qualifier: str) -> bool:
    if not qualifier:
        return True
    p = qualifier.split(".")
    if land_use == "cropland":
        return (len(p) == 3 and p[0] in CROPLAND_MANAGEMENT["land_use"]
                and p[1] in CROPLAND_MANAGEMENT["tillage"] and p[2] in CROPLAND_MANAGEMENT["input"])
    if land_use == "grassland":
        return (len(p) in (1, 2) and p[0] in GRASSLAND_MANAGEMENT["management"]
                and (len(p) == 1 or p[1] in GRASSLAND_MANAGEMENT["input"]))
    if land_use == "forest":
        return qualifier in FOREST_ORIGINS
    return False


def ensure_known(rows: pd.DataFrame, ok, what: str, expected: str) -> None:
    """Raise an InputError naming the first activity row that is not ``ok``."""
    ok = np.asarray(ok, dtype=bool)
    if not ok.all():
        bad = rows[~ok].iloc[0]
        raise InputError(f"unknown {what} in '{bad['activity']}' ({bad['category']}, at "
                         f"{describe_rows(rows, ~ok, limit=3)})",
                         bad.get("source_ref") if isinstance(bad.get("source_ref"), str)
                         else None, expected)


_FIELDS = ("value", "lower", "upper", "parameter_id", "layer", "source", "found")


_KEYS_CACHE: dict = {}


def _distinct(columns) -> tuple[np.ndarray, np.ndarray]:
    """(index of the first row of each distinct combination, combination of each row) for
    aligned columns: one integer code per column, combined arithmetically (far faster than a
    MultiIndex of object columns)."""
    code = np.zeros(len(columns[0]), dtype=np.int64)
    for c in columns:
        k, u = pd.factorize(np.asarray(c, dtype=object) if np.asarray(c).dtype == object
                            else np.asarray(c))
        code = code * (len(u) + 1) + k
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    return first, inverse


def _known_activities(inp: MethodInput, parameter: str, gas: str) -> frozenset:
    """The activity keys the factor database holds for ``parameter`` and ``gas`` (any
    layer): a key no row has need not be looked up."""
    table = inp.factors.table
    ck = (id(table), len(table), parameter, gas)
    hit = _KEYS_CACHE.get(ck)
    if hit is None:
        t = table[(table["parameter"] == parameter) & (table["gas"] == gas)]
        hit = frozenset(t["activity"].astype(str))
        if len(_KEYS_CACHE) > 512:
            _KEYS_CACHE.clear()
        _KEYS_CACHE[ck] = hit
    return hit


def factor_chain(inp: MethodInput, rows: pd.DataFrame, parameter: str, unit: str,
                 keys: list, gas: str = "-", tier=None, required: bool = True,
                 category: str | None = None) -> Lookup:
    """``parameter`` for ``rows`` looked up with each activity key of ``keys`` in turn
    (``keys``: a list of per-row arrays or scalars; national stratum keys first, then the
    qualified keys of the IPCC default tables); the first key that finds a row wins. The
    layers come from the tier (the method's TierSpec). ``category``: look up as if the rows
    were in this category (e.g. the parent code a default table is keyed on). Only the rows
    still without a value are looked up with the next key, and only where the factor database
    has that key (or ``*``). Rows no key finds are collected as missing under the first key."""
    from inventory.factors import FactorDB

    n = len(rows)
    q = rows if category is None else rows.assign(category=category)
    res = FactorDB._empty(n)
    tiers = (inp.tier_of(q, gas if gas != "-" else "*") if tier is None
             else np.broadcast_to(np.asarray(tier, dtype="int64"), (n,)))
    known = _known_activities(inp, parameter, gas)
    wild = "*" in known
    for k in keys:
        karr = np.broadcast_to(np.asarray(k, dtype=object), (n,))
        todo = ~res.found
        if not wild:
            todo &= pd.Series(karr).isin(known).to_numpy()
        if not todo.any():
            if res.found.all():
                break
            continue
        # one lookup per distinct (region, year, category, key, tier)
        cols = (q["region"].to_numpy()[todo], q["year"].to_numpy()[todo],
                q["category"].to_numpy()[todo], karr[todo], tiers[todo])
        first, pos = _distinct(cols)
        u = pd.DataFrame({"region": cols[0][first], "year": cols[1][first],
                          "category": cols[2][first], "activity": cols[3][first]})
        got = inp.factor(u, parameter, unit, gas, tier=cols[4][first], required=False)
        idx = np.flatnonzero(todo)
        for f in _FIELDS:
            getattr(res, f)[idx] = getattr(got, f)[pos]
    if required and n and not res.found.all():
        miss = ~res.found
        first = np.broadcast_to(np.asarray(keys[0], dtype=object), (n,))[miss]
        inp.factor(q[miss].assign(activity=first), parameter, unit, gas, tier=tiers[miss])
    return res


def provenance(lookups, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(factor_layer, factor_source, parameter_ids) of rows that used ``lookups``: the most
    specific layer found, the distinct sources ('; ') and ids (';'). Joined once per distinct
    combination of parameter rows (few, however many rows)."""
    from inventory.factors import LAYER_RANK

    lks = [lk for lk in lookups if lk is not None]
    if not lks or n == 0:
        return (np.full(n, None, dtype=object), np.full(n, None, dtype=object),
                np.full(n, "", dtype=object))
    pid_cols, src_cols = [], []
    best = np.full(n, -1, dtype=np.int64)
    for lk in lks:
        found = np.asarray(lk.found, dtype=bool)
        pid_cols.append(np.where(found, np.asarray(lk.parameter_id, dtype=object), ""))
        src_cols.append(np.where(found, np.asarray(lk.source, dtype=object), ""))
        rank = pd.Series(np.asarray(lk.layer, dtype=object)).map(LAYER_RANK).fillna(-1)
        best = np.maximum(best, np.where(found, rank.to_numpy(dtype=np.int64), -1))
    inv = {v: k for k, v in LAYER_RANK.items()}
    layer = pd.Series(best).map(inv).to_numpy(dtype=object)
    first, codes = _distinct([*pid_cols, *src_cols])
    ids_u, src_u = [], []
    for i in first:
        ids_u.append(";".join(dict.fromkeys(p for c in pid_cols for p in str(c[i]).split(";")
                                            if p and p != "None")))
        srcs = "; ".join(dict.fromkeys(str(c[i]) for c in src_cols
                                       if c[i] and str(c[i]) != "None"))
        src_u.append(srcs or None)
    return (layer, np.asarray(src_u, dtype=object)[codes],
            np.asarray(ids_u, dtype=object)[codes])
