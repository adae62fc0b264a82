"""Report products for the review app: small files the run writes so the app never has to
load the sector plug-ins or the category libraries to label what it shows.

* ``review/crt_tree.csv`` -- the CRT tree of the run (code, parent, title, depth, order),
  every sector's rows included (LULUCF appears when its plug-in is installed);
* ``review/categories.csv`` -- each (IPCC 2006 category, CRT category) pair of the emission
  rows with the number of rows and the IPCC title;
* ``review/regions.csv`` -- the party and region codes with their names.

Registered through :func:`inventory.products.register_product` (stage ``report``), so
``ghgi compile`` and ``ghgi run`` both write them; an older run without them still opens
(the loaders fall back to the category module).
"""

from __future__ import annotations

import pandas as pd

from inventory.products import ReportProduct, RunContext, register_product

__all__ = ["crt_tree_table", "categories_table", "regions_table"]


def crt_tree_table(ctx: RunContext) -> pd.DataFrame:
    from inventory.categories import crt_tree

    t = crt_tree().reset_index()
    return t[["code", "parent", "title", "depth", "order"]]


def _ipcc_title(code: str) -> str:
    from inventory.categories import ipcc2006_title

    return ipcc2006_title(code)      # a code climate_categories does not know: ''


def categories_table(ctx: RunContext) -> pd.DataFrame:
    e = ctx.emissions
    cols = ["category", "crt_category", "rows", "title"]
    if e is None or e.empty:
        return pd.DataFrame(columns=cols)
    pairs = (e.groupby(["category", "crt_category"], dropna=True).size()
             .rename("rows").reset_index())
    pairs = pairs.sort_values(["category", "rows"], ascending=[True, False], kind="stable")
    pairs["title"] = pairs["category"].map(_ipcc_title)
    return pairs[cols].reset_index(drop=True)


def regions_table(ctx: RunContext) -> pd.DataFrame:
    p = ctx.project
    rows = [(p.party_code, p.party, "party")] + [(r.code, r.name, "region") for r in p.regions]
    return pd.DataFrame(rows, columns=["code", "name", "kind"])


register_product(ReportProduct(
    "core.review_crt_tree", "review/crt_tree.csv", "report", crt_tree_table,
    "the CRT tree of the run (code, parent, title, depth, order) for the review app"))
register_product(ReportProduct(
    "core.review_categories", "review/categories.csv", "report", categories_table,
    "IPCC 2006 -> CRT category pairs of the emission rows with the IPCC titles, for the "
    "review app"))
register_product(ReportProduct(
    "core.review_regions", "review/regions.csv", "report", regions_table,
    "party and region codes with their names, for the review app"))
