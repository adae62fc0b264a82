"""Shared plumbing of the IPPU methods: the activity catalogue, factor look-ups by tier, and
building rows of the emissions contract (numbers with provenance, notation keys passed through).

The equations themselves live in the category modules (mineral, chemical, metal, ...); this
module only moves data. Everything is vectorised over the activity rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError, MethodInputError
from inventory.factors import Lookup
from inventory.methods import MethodInput
from inventory.schema import concat_emissions

__all__ = ["DATA", "catalogue", "fgas_applications", "blends", "check_activity", "Factor",
           "factor", "emission_frame", "keyed_frame", "concat", "join_ids", "DEFAULT_ONLY",
           "COUNTRY_LAYERS", "ALL_LAYERS", "layers_for", "base_of", "qualifier_of",
           "ief_scale", "ief_unit"]

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_ONLY = ("ipcc_default",)
COUNTRY_LAYERS = ("national", "provincial", "plant")
ALL_LAYERS = DEFAULT_ONLY + COUNTRY_LAYERS
MASS_GASES_KT = {"CO2"}          # IEF in t/t; other gases in kg/t


def layers_for(tier: np.ndarray) -> dict[int, tuple[str, ...]]:
    """Emission-factor layers by tier for production x factor equations: Tier 1 takes the IPCC
    default, Tiers 2-3 country-, region- or plant-specific factors (never a quiet fallback)."""
    return {t: (DEFAULT_ONLY if t == 1 else COUNTRY_LAYERS) for t in np.unique(tier)}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, comment="#", dtype=str, keep_default_na=False)


@cache
def catalogue() -> pd.DataFrame:
    """Activity ids per category (sectors/ippu/data/activities.csv) plus the generated F-gas
    ids '<application>:<chemical>'."""
    df = _read("activities.csv")
    apps = fgas_applications()
    chems = fgas_chemicals()
    fg = pd.DataFrame([
        {"category": cat, "activity": f"{app}:{chem}",
         "tiers": "1;2", "unit": "kt",
         "gases": ";".join(blends().get(chem, {chem: 1.0})),
         "description": f"{title}: {chem} charged into new products (bank) or sold (prompt)"}
        for app, cat, model, title in apps[["application", "category", "model", "title"]]
        .itertuples(index=False) for chem in chems])
    fluoro = pd.DataFrame([
        {"category": "2.B.9.b", "activity": f"fluorochemical:{chem}", "tiers": "1;2",
         "unit": "kt", "gases": chem,
         "description": f"{chem} produced (fugitive emissions of its production)"}
        for chem in chems if chem not in blends()])
    return pd.concat([df, fg, fluoro], ignore_index=True)


@cache
def fgas_applications() -> pd.DataFrame:
    return _read("fgas_applications.csv")


@cache
def blends() -> dict[str, dict[str, float]]:
    """blend -> {gas: mass fraction} (refrigerant_blends.csv)."""
    df = _read("refrigerant_blends.csv")
    out: dict[str, dict[str, float]] = {}
    for b, g, f in df.itertuples(index=False):
        out.setdefault(b, {})[g] = float(f)
    return out


@cache
def fgas_chemicals() -> tuple[str, ...]:
    """Chemicals an F-gas application may use: the HFCs, PFCs, SF6 and NF3 of the GWP tables
    (globalwarmingpotentials spelling) and the blends of refrigerant_blends.csv."""
    from inventory.crt.data import PFC_GASES
    from inventory.gases import gwp_table

    gases = [g for g in gwp_table().index
             if g.startswith("HFC") or g in PFC_GASES or g in ("SF6", "NF3")]
    return tuple(sorted(gases)) + tuple(sorted(blends()))


def base_of(activity: pd.Series) -> pd.Series:
    """'nitric_acid:high_pressure' -> 'nitric_acid'."""
    return activity.astype(str).str.split(":", n=1).str[0]


def qualifier_of(activity: pd.Series) -> pd.Series:
    """'nitric_acid:high_pressure' -> 'high_pressure' ('' without a qualifier)."""
    parts = activity.astype(str).str.split(":", n=1)
    return parts.str[1].fillna("")


def check_activity(act: pd.DataFrame, method: str, tier: np.ndarray) -> pd.DataFrame:
    """Known activity id for the category, a unit of the expected dimension, a value >= 0, and
    an activity that belongs to the tier chosen for its category. Returns the catalogue rows
    aligned with ``act`` (columns unit, gases, tiers)."""
    schema.ensure_non_negative(act, "activity")
    cat = catalogue()
    acts = act["activity"].astype(str)
    ckey = cat["category"] + "|" + cat["activity"]
    # 'other:<name>' ids of the country-specific categories match their 'other:*' row
    generic = acts.str.startswith("other:") & acts.str.len().gt(len("other:"))
    wild = (act["category"].astype(str) + "|other:*").isin(set(ckey))
    acts = acts.where(~(generic & wild), "other:*")
    key = act["category"].astype(str) + "|" + acts
    info = cat.set_index(ckey).reindex(key.to_numpy())
    unknown = info["unit"].isna().to_numpy()
    if unknown.any():
        bad = act[unknown].iloc[0]
        valid = cat.loc[cat["category"] == bad["category"], "activity"].tolist()
        shown = ", ".join(valid[:12]) + (" ..." if len(valid) > 12 else "")
        raise InputError(f"unknown activity '{bad['activity']}' for {bad['category']} "
                         f"({method})", bad.get("source_ref"),
                         f"one of {shown}" if valid else "a category the IPPU methods cover "
                         "(sectors/ippu/data/activities.csv)")
    numeric = act["value"].notna().to_numpy()
    allowed = info["unit"].str.split(";")
    wrong_unit = numeric & ~np.array([u in a for u, a in zip(act["unit"].astype(str), allowed,
                                                             strict=True)], dtype=bool)
    if wrong_unit.any():
        bad = act[wrong_unit].iloc[0]
        want = info["unit"].to_numpy()[wrong_unit][0]
        raise InputError(f"activity '{bad['activity']}' in {bad['category']} is in "
                         f"'{bad['unit']}'", bad.get("source_ref"),
                         f"a quantity convertible to {want} (mass t/kt/Mt, energy TJ/GJ, area "
                         "m2/ha, count item)")
    tiers_ok = np.array([str(t) in str(ts).split(";") for t, ts in
                         zip(tier, info["tiers"].to_numpy(), strict=True)], dtype=bool)
    if not tiers_ok.all():
        bad = act[~tiers_ok].iloc[0]
        t = tier[~tiers_ok][0]
        raise MethodInputError(
            f"activity '{bad['activity']}' in {bad['category']} is an input of Tier(s) "
            f"{info['tiers'].to_numpy()[~tiers_ok][0].replace(';', ', ')}, but Tier {t} is set "
            f"for {bad['category']}", bad.get("source_ref"),
            "the activity of the tier chosen in inventory.yml (key 'tiers'), or another tier")
    return info.reset_index(drop=True)


@dataclass
class Factor:
    """A looked-up parameter aligned with the queried rows (value in the requested unit)."""

    value: np.ndarray
    ids: np.ndarray
    layer: np.ndarray
    source: np.ndarray
    found: np.ndarray

    @classmethod
    def of(cls, res: Lookup) -> Factor:
        return cls(res.value, np.where(res.found, res.parameter_id, ""), res.layer, res.source,
                   res.found)

    @classmethod
    def constant(cls, n: int, value: float) -> Factor:
        return cls(np.full(n, float(value)), np.full(n, "", dtype=object),
                   np.full(n, None, dtype=object), np.full(n, None, dtype=object),
                   np.ones(n, dtype=bool))


def factor(inp: MethodInput, rows: pd.DataFrame, parameter: str, unit: str, gas: str = "-",
           layers: tuple[str, ...] = ALL_LAYERS, required: bool = True,
           tier: np.ndarray | None = None, activity: pd.Series | None = None) -> Factor:
    """Look a parameter up for ``rows`` (optionally as if their activity were ``activity``);
    with a per-row ``tier`` Tier 1 rows take the IPCC default layer and Tier 2-3 rows the
    country-specific layers. ``required``: a missing value is a MethodInputError naming the
    activity, category, region and year."""
    q = rows if activity is None else rows.assign(activity=np.asarray(activity))
    if tier is None:
        res = (inp.factors.require(q, parameter, unit, gas, layers) if required
               else inp.factors.lookup(q, parameter, unit, gas, layers))
        return Factor.of(res)
    n = len(rows)
    out = Factor(np.full(n, np.nan), np.full(n, "", dtype=object), np.full(n, None, dtype=object),
                 np.full(n, None, dtype=object), np.zeros(n, dtype=bool))
    for t, lay in layers_for(tier).items():
        m = tier == t
        sub = q[m]
        res = (inp.factors.require(sub, parameter, unit, gas, lay, tier=int(t)) if required
               else inp.factors.lookup(sub, parameter, unit, gas, lay))
        f = Factor.of(res)
        out.value[m], out.ids[m], out.layer[m] = f.value, f.ids, f.layer
        out.source[m], out.found[m] = f.source, f.found
    return out


def join_ids(*parts) -> np.ndarray:
    """Element-wise ';'-join of id arrays, skipping empty ids (vectorised string ops)."""
    out = None
    for p in parts:
        s = pd.Series(np.asarray(p, dtype=object)).fillna("").astype(str)
        if out is None:
            out = s
            continue
        out = out.where(s.eq(""), out.where(out.eq(""), out + ";") + s)
    return (out if out is not None else pd.Series([], dtype=object)).to_numpy(dtype=object)


def ief_scale(gas: str) -> float:
    """kt gas / kt activity -> the IEF unit: t/t for CO2, kg/t for the others."""
    return 1.0 if gas in MASS_GASES_KT else 1e3


def ief_unit(gas: str, activity_unit: str = "kt") -> str:
    if activity_unit == "TJ":
        return "t/TJ" if gas in MASS_GASES_KT else "kg/TJ"
    if activity_unit == "ha":
        return "kg/m^2"
    if activity_unit == "item":
        return "kg/item"
    return "t/t" if gas in MASS_GASES_KT else "kg/t"


def emission_frame(rows: pd.DataFrame, *, gas, value, tier, method: str, equation,
                   activity_value, activity_unit: str, factor_layer, factor_source,
                   parameter_ids, activity=None, category=None, ief=None, ief_unit_=None,
                   memo=False, activity_ids=None) -> pd.DataFrame:
    """Rows of the emissions contract for computed values (kt of gas)."""
    n = len(rows)
    value = np.broadcast_to(np.asarray(value, dtype=float), (n,)).copy()
    av = np.broadcast_to(np.asarray(activity_value, dtype=float), (n,)).copy()
    gas_arr = np.broadcast_to(np.asarray(gas, dtype=object), (n,))
    if ief is None:
        scale = np.array([ief_scale(g) for g in gas_arr]) if n else np.zeros(0)
        if activity_unit == "TJ":   # kt / TJ -> t/TJ (CO2) or kg/TJ
            scale = scale * 1e3
        if activity_unit == "ha":   # kt / ha -> kg / m2: 1e6 kg / 1e4 m2
            scale = np.full(n, 100.0)
        if activity_unit == "item":  # kt / item -> kg / item
            scale = np.full(n, 1e6)
        ief = np.where(av > 0, value / np.where(av > 0, av, 1.0) * scale, np.nan)
    if ief_unit_ is None:
        ief_unit_ = [ief_unit(g, activity_unit) for g in gas_arr]
    return pd.DataFrame({
        "region": rows["region"].to_numpy(), "year": rows["year"].to_numpy(),
        "category": rows["category"].to_numpy() if category is None else category,
        "activity": rows["activity"].to_numpy() if activity is None else activity,
        "gas": gas_arr, "value": value, "notation_key": None, "memo": memo,
        "tier": np.asarray(tier), "method": method, "equation": equation,
        "activity_value": av, "activity_unit": activity_unit, "ief": ief,
        "ief_unit": ief_unit_, "factor_layer": factor_layer, "factor_source": factor_source,
        "activity_ids": rows["activity_id"].to_numpy() if activity_ids is None else activity_ids,
        "parameter_ids": parameter_ids,
    })


def keyed_frame(rows: pd.DataFrame, info: pd.DataFrame, tier: np.ndarray, method: str,
                equation: str) -> pd.DataFrame:
    """Notation-key activity rows -> emission rows with the same key, one per gas the activity
    yields (catalogue column 'gases')."""
    if rows.empty:
        return pd.DataFrame()
    gases = info["gases"].str.split(";").to_numpy()
    rep = np.array([len(g) for g in gases])
    idx = np.repeat(np.arange(len(rows)), rep)
    sub = rows.iloc[idx]
    gas = np.concatenate(gases) if len(gases) else np.array([])
    return pd.DataFrame({
        "region": sub["region"].to_numpy(), "year": sub["year"].to_numpy(),
        "category": sub["category"].to_numpy(), "activity": sub["activity"].to_numpy(),
        "gas": gas, "value": np.nan,
        "notation_key": sub["notation_key"].astype(object).to_numpy(), "memo": False,
        "tier": np.asarray(tier)[idx], "method": method, "equation": equation,
        "activity_value": np.nan, "activity_unit": sub["unit"].to_numpy(), "ief": np.nan,
        "ief_unit": None, "factor_layer": None, "factor_source": None,
        "activity_ids": sub["activity_id"].to_numpy(), "parameter_ids": "",
    })


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate emission frames with the contract's dtypes (inventory.schema)."""
    return concat_emissions(frames)

INDIRECT = ("NOx", "CO", "NMVOC", "SO2")


def ef_unit_for(gas: str) -> str:
    """Unit the production-based emission factor is computed in (kt gas per kt product)."""
    return "t/t"


def by_product(inp: MethodInput, rows: pd.DataFrame, info: pd.DataFrame, tier: np.ndarray,
               fn, method: str, equation, parameter: str = "EF_mass",
               indirect: bool = True) -> list[pd.DataFrame]:
    """Emission rows of 'activity x emission factor' equations for every gas the activity
    yields (catalogue 'gases'; factor ``parameter`` per gas, layers by tier), plus the indirect
    gases NOx, CO, NMVOC, SO2 where a factor for them exists in any layer (optional outputs:
    IPCC 2006 Vol.3 gives no defaults for most of them, Vol.1 Ch.7 refers to EMEP/EEA).

    ``fn(activity, ef)`` is the category's equation; ``equation`` a reference or a function of
    the gas."""
    frames = []
    gases = info["gases"].str.split(";")
    for gas in pd.unique(np.concatenate(gases.to_numpy())) if len(rows) else []:
        m = gases.map(lambda gs, g=gas: g in gs).to_numpy(dtype=bool)
        sub, t = rows[m], tier[m]
        ef = factor(inp, sub, parameter, "t/t", gas, tier=t)
        kt = fn(sub["value"].to_numpy(dtype=float), ef.value)
        frames.append(emission_frame(
            sub, gas=gas, value=kt, tier=t, method=method,
            equation=equation(gas) if callable(equation) else equation,
            activity_value=sub["value"].to_numpy(dtype=float), activity_unit="kt",
            factor_layer=ef.layer, factor_source=ef.source, parameter_ids=ef.ids))
    if indirect:
        frames += indirect_gases(inp, rows, tier, fn, method, equation, parameter)
    return frames


def indirect_gases(inp: MethodInput, rows: pd.DataFrame, tier: np.ndarray, fn, method: str,
                   equation, parameter: str = "EF_mass") -> list[pd.DataFrame]:
    """NOx, CO, NMVOC and SO2 rows (optional outputs) where a factor exists in any layer."""
    frames = []
    if not len(rows):
        return frames
    for gas in INDIRECT:
        ef = factor(inp, rows, parameter, "t/t", gas, required=False)
        if not ef.found.any():
            continue
        m = ef.found
        sub = rows[m]
        kt = fn(sub["value"].to_numpy(dtype=float), ef.value[m])
        frames.append(emission_frame(
            sub, gas=gas, value=kt, tier=tier[m], method=method,
            equation=equation(gas) if callable(equation) else equation,
            activity_value=sub["value"].to_numpy(dtype=float), activity_unit="kt",
            factor_layer=ef.layer[m], factor_source=ef.source[m], parameter_ids=ef.ids[m]))
    return frames
