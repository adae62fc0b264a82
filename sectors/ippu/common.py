"""Shared plumbing of the IPPU methods: the activity catalogue and its checks, the tier of
each gas, and the 'activity x factor' pattern most categories use.

The equations themselves live in the category modules (mineral, chemical, metal, ...); factor
lookups go through :meth:`inventory.methods.MethodInput.factor` (the layers each tier may use
are declared once, in the method's TierSpecs) and emission rows through
:func:`inventory.methods.emission_rows` / :func:`~inventory.methods.keyed_rows`. Everything is
vectorised over the activity rows.

A row records every lookup it used (``emission_rows(lookups=...)``); :mod:`inventory.lookups`
(``take``, ``choose``, ``restrict``, ``grouped``) shapes a lookup to the rows that really used it
(a subset of rows, one of two alternatives per row, optional plant data, an output row that
gathers several activity rows), so ``factor_layer`` and ``parameter_ids`` stay exact.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import schema
from inventory.errors import InputError, MethodInputError
from inventory.lookups import take
from inventory.methods import MethodInput, emission_rows, keyed_rows

__all__ = ["DATA", "INDIRECT", "catalogue", "fgas_applications", "blends", "fgas_chemicals",
           "check_activity", "serves", "gas_tiers", "keyed", "base_of", "qualifier_of",
           "by_product", "indirect_gases", "begin", "tier_groups", "when", "yields", "known"]

DATA = Path(__file__).resolve().parent / "data"
INDIRECT = ("NOx", "CO", "NMVOC", "SO2")


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


def serves(tiers, tier) -> np.ndarray:
    """Rows whose activity is an input of ``tier`` (catalogue column 'tiers', e.g. '1;2')."""
    return np.array([str(int(t)) in str(ts).split(";") for ts, t in
                     zip(np.asarray(tiers), np.asarray(tier), strict=True)], dtype=bool)


def gas_tiers(inp: MethodInput, rows: pd.DataFrame, gases: pd.Series) -> pd.DataFrame:
    """One line per row and gas (``gases``: ';'-joined per row) with the tier of that gas:
    columns ``i`` (position in ``rows``), ``gas``, ``tier``. A method that sets tiers per gas
    (``tier_per_gas``) resolves each gas; the others take the category's tier."""
    split = gases.astype(str).str.split(";").to_numpy()
    i = np.repeat(np.arange(len(rows)), [len(g) for g in split])
    gas = np.concatenate(split) if len(split) else np.array([], dtype=object)
    tier = np.zeros(len(i), dtype="int64")
    per_gas = inp.method is not None and inp.method.tier_per_gas
    for g in pd.unique(gas):
        m = gas == g
        tier[m] = inp.tier_of(rows.iloc[i[m]], g if per_gas else "*")
    return pd.DataFrame({"i": i, "gas": gas, "tier": tier})


def check_activity(inp: MethodInput, act: pd.DataFrame, method: str) -> pd.DataFrame:
    """Known activity id for the category, a unit of the expected dimension, a value >= 0, and
    an activity that belongs to the tier chosen for its category (for a method with tiers per
    gas: the tier of one of the gases it yields). Returns the catalogue rows aligned with
    ``act`` (columns unit, gases, tiers)."""
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
    info = info.reset_index(drop=True)
    gt = gas_tiers(inp, act, info["gases"])
    gt["ok"] = serves(info["tiers"].to_numpy()[gt["i"].to_numpy()], gt["tier"])
    ok = gt.groupby("i")["ok"].any().reindex(range(len(act)), fill_value=True).to_numpy()
    if not ok.all():
        first = int(np.flatnonzero(~ok)[0])
        bad = act.iloc[first]
        line = gt[gt["i"] == first].iloc[0]
        per_gas = inp.method is not None and inp.method.tier_per_gas
        raise MethodInputError(
            f"activity '{bad['activity']}' in {bad['category']} is an input of Tier(s) "
            f"{info['tiers'].iloc[first].replace(';', ', ')}, but Tier {line['tier']} is set "
            f"for {bad['category']}" + (f" ({line['gas']})" if per_gas else ""),
            bad.get("source_ref"),
            "the activity of the tier chosen in inventory.yml (key 'tiers'), or another tier")
    return info


def keyed(inp: MethodInput, rows: pd.DataFrame, info: pd.DataFrame, method: str,
          equation) -> pd.DataFrame:
    """Notation-key activity rows -> emission rows with the same key, one per gas the activity
    yields (catalogue column 'gases'), each with the tier of its gas."""
    if rows.empty:
        return schema.empty("emissions")
    gt = gas_tiers(inp, rows, info["gases"])
    out = keyed_rows(rows, info["gases"].to_numpy(), tier=0, method=method,
                     equation=equation)
    out["tier"] = gt["tier"].to_numpy()
    return out


def begin(inp: MethodInput, label: str, method: str, equation):
    """The common start of an IPPU ``compute``: the method's activity rows checked
    (:func:`check_activity`), its notation-key rows as emission rows with the same key, and the
    numeric rows with their catalogue info. ``equation``: a reference, or a function of the
    keyed rows giving one per row. Returns (frames, numeric rows, their catalogue info)."""
    act = inp.activity.reset_index(drop=True)
    info = check_activity(inp, act, label)
    num = act["value"].notna().to_numpy()
    keyed_rows_ = act[~num]
    eq = equation(keyed_rows_) if callable(equation) else equation
    frames = [keyed(inp, keyed_rows_, info[~num], method, eq)]
    return frames, act[num], info[num].reset_index(drop=True)


def tier_groups(rows: pd.DataFrame, tier: np.ndarray):
    """Yield (higher, rows, tiers) for the Tier 1 rows and for the Tier 2-3 rows of ``rows``
    (equations whose higher tiers add terms, e.g. lime corrections or plant abatement)."""
    for higher in (False, True):
        m = (np.asarray(tier) >= 2) == higher
        if m.any():
            yield higher, rows[m], np.asarray(tier)[m]


def by_product(inp: MethodInput, rows: pd.DataFrame, info: pd.DataFrame, fn, method: str,
               equation, parameter: str = "EF_mass", indirect: bool = True
               ) -> list[pd.DataFrame]:
    """Emission rows of 'activity x emission factor' equations for every gas the activity
    yields (catalogue 'gases'; factor ``parameter`` per gas from the layers the gas's tier
    allows), plus the indirect gases NOx, CO, NMVOC, SO2 where a factor for them exists
    (:func:`indirect_gases`). A row whose activity is not an input of a gas's tier (a method
    with tiers per gas, e.g. 2.C.1 sinter CH4 at Tier 1 beside a Tier 2 CO2 mass balance)
    gives no row for that gas.

    ``fn(activity, ef)`` is the category's equation; ``equation`` a reference or a function of
    the gas."""
    frames = []
    if rows.empty:
        return frames
    gt = gas_tiers(inp, rows, info["gases"])
    gt = gt[serves(info["tiers"].to_numpy()[gt["i"].to_numpy()], gt["tier"])]
    for gas, part in gt.groupby("gas", sort=False):
        sub, t = rows.iloc[part["i"].to_numpy()], part["tier"].to_numpy()
        ef = inp.factor(sub, parameter, "t/t", gas, tier=t)
        av = sub["value"].to_numpy(dtype=float)
        frames.append(emission_rows(
            sub, gas=gas, value=fn(av, ef.value), tier=t, method=method,
            equation=equation(gas) if callable(equation) else equation,
            activity_value=av, activity_unit="kt", lookups=[ef]))
    if indirect:
        frames += indirect_gases(inp, rows, fn, method, equation, parameter)
    return frames


def indirect_gases(inp: MethodInput, rows: pd.DataFrame, fn, method: str, equation,
                   parameter: str = "EF_mass") -> list[pd.DataFrame]:
    """NOx, CO, NMVOC and SO2 rows (optional outputs) where a factor exists in the layers the
    gas's tier allows. IPCC 2006 Vol.3 gives no defaults for them (Vol.1 Ch.7 refers to the
    EMEP/EEA Guidebook), so they come from country factors: a Tier 2 for that gas (tiers per
    gas in inventory.yml, e.g. ``2.B.2: {"*": 1, NOx: 2}``). A country factor for a gas at
    Tier 1 is not used and is reported by the check ``core.country_parameter_not_used``."""
    frames = []
    if rows.empty:
        return frames
    for gas in INDIRECT:
        t = inp.tier_of(rows, gas)
        ef = inp.factor(rows, parameter, "t/t", gas, tier=t, required=False)
        if not ef.found.any():
            continue
        m = ef.found
        sub = rows[m]
        av = sub["value"].to_numpy(dtype=float)
        frames.append(emission_rows(
            sub, gas=gas, value=fn(av, ef.value[m]), tier=t[m], method=method,
            equation=equation(gas) if callable(equation) else equation,
            activity_value=av, activity_unit="kt", lookups=[take(ef, m)]))
    return frames




def when(*prefixes: str, exact: tuple[str, ...] = ()):
    """A TierSpec ``Need.when``: the rows whose activity starts with one of ``prefixes`` or
    equals one of ``exact`` (and is in the catalogue: an unknown id is reported by
    :func:`check_activity`, not as a missing parameter)."""
    def select(rows: pd.DataFrame) -> np.ndarray:
        a = rows["activity"].astype(str)
        hit = a.isin(exact).to_numpy().copy()
        if prefixes:
            hit |= a.str.startswith(prefixes).to_numpy()
        return hit & known(rows)
    return select


def known(rows: pd.DataFrame) -> np.ndarray:
    """Rows whose (category, activity) is in the catalogue (a TierSpec ``Need.when``)."""
    key = rows["category"].astype(str) + "|" + rows["activity"].astype(str)
    return key.isin(_catalogue_index().index).to_numpy()



@cache
def _catalogue_index() -> pd.DataFrame:
    cat = catalogue()
    return cat[["gases", "tiers"]].set_axis(cat["category"] + "|" + cat["activity"])


def yields(gas: str, tier: int | None = None, skip: tuple[str, ...] = ()):
    """A TierSpec ``Need.when``: the rows whose activity yields ``gas`` (catalogue column
    'gases') and, with ``tier``, is an input of that tier (catalogue column 'tiers'), outside
    the categories ``skip``."""
    def select(rows: pd.DataFrame) -> np.ndarray:
        key = rows["category"].astype(str) + "|" + rows["activity"].astype(str)
        info = _catalogue_index().reindex(key.to_numpy()).fillna("")
        hit = np.array([gas in str(g).split(";") for g in info["gases"]], dtype=bool)
        if tier is not None:
            hit &= serves(info["tiers"].to_numpy(), np.full(len(rows), tier))
        return hit & ~rows["category"].astype(str).isin(skip).to_numpy()
    return select
