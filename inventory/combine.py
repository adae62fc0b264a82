"""Combine the sectors' emission rows into the run's emissions table: the one place where rows
get their CRT code, their memo status and their CO2 equivalent.

Added columns (docs/data_format.md#emissions, "added by the run"):

* ``crt_category``: the CRT node, from the crosswalk keyed on (IPCC code, activity, gas)
  (:func:`inventory.categories.to_crt`); memo items map to their 1.D / 5.F nodes;
* ``memo``: the method's memo flag, or a category that is reported only as a memo item (the
  crosswalk maps it outside the national total, or it is a memo-only IPCC code); a memo row can
  never reach a national total, whatever a method set;
* ``memo_item``: the CRT memo item of a memo row (:mod:`inventory.crt.memo`);
* ``fuel_group``: the IPCC fuel group of a 1.A row (as the energy sector registered it);
* ``value_co2eq``, ``gwp_set``: :func:`inventory.gases.co2_equivalent`, computed here once;
* ``guidelines``: the edition of the IPCC defaults in force.
"""

from __future__ import annotations

import pandas as pd

from inventory import schema
from inventory.categories import _outside_total, activity_groups, to_crt, under
from inventory.errors import InputError
from inventory.gases import co2_equivalent

__all__ = ["combine_emissions", "ADDED_COLUMNS"]

ADDED_COLUMNS = ("crt_category", "memo_item", "fuel_group", "value_co2eq", "gwp_set",
                 "guidelines")


def combine_emissions(frames: list[pd.DataFrame], gwp_set: str, guidelines: str = ""
                      ) -> pd.DataFrame:
    """The sectors' emission frames as one validated table with the added columns."""
    from inventory.crt.memo import assign_memo_items, is_memo_only

    em = schema.plain_strings(schema.concat_emissions(frames))
    schema.ensure_valid(em, "emissions")
    em = em.reset_index(drop=True)
    em["crt_category"] = to_crt(em["category"], activities=em["activity"],
                                gases=em["gas"]).to_numpy()
    groups = activity_groups("fuel_group")
    in_1a = under(em["category"], "1.A")
    em["fuel_group"] = em["activity"].map(groups).where(in_1a, None).astype(object)
    unknown = in_1a & em["fuel_group"].isna().to_numpy() & ~em["memo"].to_numpy(dtype=bool)
    if unknown.any() and len(groups):
        raise InputError(f"unknown fuel '{em.loc[unknown, 'activity'].iloc[0]}' at "
                         f"{schema.describe_rows(em, unknown)}", "emissions table, column "
                         "'activity'", "a fuel id the energy sector lists (its fuels table)")
    memo = (em["memo"].to_numpy(dtype=bool) | is_memo_only(em["category"])
            | _outside_total(em["crt_category"]))
    bio_co2 = (em["gas"] == "CO2").to_numpy() & (em["fuel_group"] == "biomass").to_numpy()
    if (bio_co2 & ~memo).any():
        bad = bio_co2 & ~memo
        raise InputError(f"CO2 from a biomass fuel counted in the totals at "
                         f"{schema.describe_rows(em, bad)}", "emissions table, column 'memo'",
                         "memo=True for CO2 from biomass (IPCC 2006 Vol.2 Ch.1 Sect. 1.4.1.3)")
    em["memo"] = memo
    em["memo_item"] = None
    if memo.any():
        em.loc[memo, "memo_item"] = assign_memo_items(em[memo]).to_numpy()
    em["value_co2eq"] = co2_equivalent(em["value"], em["gas"], gwp_set).to_numpy()
    em["gwp_set"] = gwp_set
    em["guidelines"] = guidelines
    return em
