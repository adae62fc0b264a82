"""Rules that keep IPPU and Energy from counting the same carbon twice.

IPCC 2006 Vol.3 Ch.1 Sect. 1.3 and Box 1.1; Vol.3 Ch.4 Sect. 4.2.1; Vol.2 Ch.1 Sect. 1.2:

1. Fuels used as feedstock or reducing agent (ammonia feedstock, petrochemical feedstock, coke
   and coal in blast furnaces, carbon in ferroalloy and carbide furnaces) are IPPU activity: the
   CO2 of their carbon is reported in 2.B/2.C, and the Energy sheet must not report them as fuel
   combustion in 1.A.2 (IPPU_FEEDSTOCK_FUELS lists which fuel in which 1.A.2 category).
2. Metallurgical coke production is Energy (1.A.1.c, 1.B.1.b); IPPU rejects a coke row in 2.C.1
   (sectors/ippu/metal.py).
3. Gases leaving an IPPU process for energy use (blast furnace gas, coke oven gas) are subtracted
   in the 2.C.1 mass balance; their combustion is reported in Energy.
4. CO2 recovered for urea production is subtracted in 2.B.1 (the urea's carbon is emitted where
   the urea is used: 3.H, 1.A.3.b catalysts).

:func:`energy_overlaps` applies rule 1 to a whole activity table: it lists Energy rows whose fuel
is also an IPPU feedstock or reductant reported for the same region and year, so that the
compiler can check they exclude the non-energy use (a note starting 'net of' on the Energy row
marks it as checked).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["IPPU_FEEDSTOCK_FUELS", "energy_overlaps"]

# (IPPU category, IPPU activity, Energy category prefix, Energy fuel id)
IPPU_FEEDSTOCK_FUELS: tuple[tuple[str, str, str, str], ...] = (
    ("2.B.1", "fuel:natural_gas", "1.A.2.c", "natural_gas"),
    ("2.B.1", "ammonia", "1.A.2.c", "natural_gas"),
    ("2.B.1", "fuel:naphtha", "1.A.2.c", "naphtha"),
    ("2.B.1", "fuel:residual_fuel_oil", "1.A.2.c", "residual_fuel_oil"),
    ("2.B.1", "fuel:other_bituminous_coal", "1.A.2.c", "other_bituminous_coal"),
    ("2.B.1", "fuel:petroleum_coke", "1.A.2.c", "petroleum_coke"),
    ("2.B.5", "silicon_carbide_petcoke", "1.A.2.c", "petroleum_coke"),
    ("2.B.5", "calcium_carbide_petcoke", "1.A.2.c", "petroleum_coke"),
    ("2.C.1", "input:coke", "1.A.2.a", "coke_oven_coke"),
    ("2.C.1", "input:coal_injected", "1.A.2.a", "other_bituminous_coal"),
    ("2.C.1", "input:coke_oven_gas", "1.A.2.a", "coke_oven_gas"),
    ("2.D.1", "lubricants", "1.A", "lubricants"),
    ("2.D.2", "paraffin_waxes", "1.A", "paraffin_waxes"),
)


def energy_overlaps(activity: pd.DataFrame) -> pd.DataFrame:
    """Energy rows that may double count an IPPU feedstock/reductant (rule 1).

    Returns the Energy rows (with the IPPU row's category and activity in ``ippu_category``,
    ``ippu_activity``) where, for the same region and year, the IPPU activity has a number and
    the Energy row reports the same fuel as combustion in the matching 1.A category with a number,
    unless the Energy row's note starts with 'net of' (the compiler has subtracted the IPPU use).
    """
    rules = pd.DataFrame(IPPU_FEEDSTOCK_FUELS, columns=["ippu_category", "ippu_activity",
                                                        "energy_prefix", "fuel"])
    act = activity[activity["value"].notna()]
    # plain object keys on both sides (an empty Arrow-backed column cannot be merged)
    act = act.astype({"category": object, "activity": object, "region": object})
    ippu = act.merge(rules, left_on=["category", "activity"],
                     right_on=["ippu_category", "ippu_activity"])
    if ippu.empty:
        return act.iloc[0:0].assign(ippu_category=None, ippu_activity=None)
    energy = act[act["category"].astype(str).str.startswith("1.A")]
    cand = energy.merge(ippu[["region", "year", "ippu_category", "ippu_activity",
                              "energy_prefix", "fuel"]].drop_duplicates(),
                        left_on=["region", "year", "activity"],
                        right_on=["region", "year", "fuel"])
    cat = cand["category"].astype(str)
    pre = cand["energy_prefix"].astype(str)
    in_cat = (cat == pre) | pd.Series([c.startswith(p + ".") for c, p in zip(cat, pre,
                                                                               strict=True)],
                                      index=cand.index, dtype=bool)
    noted = cand["note"].fillna("").astype(str).str.lower().str.startswith("net of")
    out = cand[in_cat & ~noted]
    return out.drop(columns=["energy_prefix", "fuel"]).reset_index(drop=True)


def _register() -> None:
    from inventory.checks import Check, register_check

    register_check(Check(
        "ippu.energy_feedstock_double_counting", "intake", "warning",
        "an Energy row reports a fuel as combustion that IPPU reports as feedstock or reducing "
        "agent for the same region and year (IPCC 2006 Vol.3 Ch.1 Box 1.1): subtract it and "
        "start the Energy row's note with 'net of'",
        lambda ctx: energy_overlaps(ctx.activity), sector="ippu"))


_register()
