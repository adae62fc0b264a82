"""What a run writes besides the emissions: declared background tables and report products.

* A **background table** is data a method produces beside its emission rows that the CRT
  sheets or a reviewer need (livestock weights and Nex, the FOD series, the reference
  approach by fuel). A sector declares it once (name, columns, meaning) and returns its rows in
  :class:`inventory.methods.MethodResult`; the run checks the columns, stages it and writes it
  to ``tables/<name>.csv``; CRT writers read it with ``YearData.table(name)``. It replaces
  free-form JSON columns: what a table holds is documented where it is declared.
* A **report product** is a table computed from the run (an indicator, a QA table, a
  background table for the NID). Registered with a stage (``"sector"``: right after its
  sector; ``"report"``: after the emissions are combined and the analyses ran) and a file
  name; ``ghgi compile`` and ``ghgi run`` write every product the same way, so both give the
  same run folder.

Both receive a :class:`RunContext`, a read-only view of the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from inventory.errors import InputError
from inventory.schema import Column

__all__ = ["RunContext", "BackgroundTable", "ReportProduct", "register_table",
           "register_product", "background_tables", "report_products", "ensure_table",
           "TABLE_KEYS"]

TABLE_KEYS = ("region", "year")


@dataclass
class RunContext:
    """What products and checks may read: the project, the staged inputs, the factor
    database, the emissions (of one sector or combined), background tables and analyses."""

    project: Any
    activity: pd.DataFrame
    parameters: pd.DataFrame
    factors: Any
    emissions: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    analysis: dict[str, pd.DataFrame] = field(default_factory=dict)
    sector: str | None = None
    run_dir: Any = None                 # the run folder being built (checks that read the
    run_id: str | None = None           # submission store resolve it from here)
    store_url: str | None = None
    # derived tables shared by the checks and products of one run, each stored with the
    # objects it was derived from (inventory.qa.implied_factors: the emissions check and
    # implied_factors.csv compute it once)
    memo: dict = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        spec = background_tables().get(name)
        if name in self.tables:
            return self.tables[name]
        if spec is None:
            raise KeyError(f"no background table '{name}'")
        return pd.DataFrame(columns=[c.name for c in spec.columns])


@dataclass(frozen=True)
class BackgroundTable:
    name: str                      # "<sector>.<table>", e.g. "agriculture.livestock"
    sector: str
    columns: tuple[Column, ...]    # besides region and year
    doc: str

    @property
    def column_names(self) -> list[str]:
        return [*TABLE_KEYS, *(c.name for c in self.columns)]


@dataclass(frozen=True)
class ReportProduct:
    name: str                      # "<sector or core>.<product>"
    filename: str                  # relative to the run folder, e.g. "indirect_co2_electricity.csv"
    stage: str                     # "sector" or "report"
    build: Callable[[RunContext], pd.DataFrame]
    doc: str
    sector: str | None = None
    # a product that is not one CSV (an Excel workbook): write(ctx, path) writes the file
    write: Callable[[RunContext, Any], None] | None = None

    def write_to(self, ctx: RunContext, path) -> None:
        """Write the product to ``path`` (its ``write`` function, else ``build`` as CSV)."""
        if self.write is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.write(ctx, path)
            return
        from inventory.csvsafe import write_csv

        write_csv(self.build(ctx), path)


_TABLES: dict[str, BackgroundTable] = {}
_PRODUCTS: dict[str, ReportProduct] = {}


def register_table(table: BackgroundTable) -> BackgroundTable:
    if table.name in _TABLES and _TABLES[table.name] != table:
        raise ValueError(f"background table {table.name} registered twice")
    _TABLES[table.name] = table
    return table


def register_product(product: ReportProduct) -> ReportProduct:
    if product.stage not in ("sector", "report"):
        raise ValueError(f"{product.name}: stage must be 'sector' or 'report'")
    if product.stage == "sector" and not product.sector:
        raise ValueError(f"{product.name}: a sector-stage product names its sector")
    clash = [p.name for p in _PRODUCTS.values() if p.filename == product.filename
             and p.name != product.name]
    if clash:
        raise ValueError(f"{product.name}: file {product.filename} is written by {clash[0]}")
    _PRODUCTS[product.name] = product
    return product


def background_tables() -> dict[str, BackgroundTable]:
    from inventory.plugins import load_sectors

    load_sectors()
    return dict(_TABLES)


def report_products(stage: str | None = None, sector: str | None = None
                    ) -> list[ReportProduct]:
    from inventory.plugins import load_sectors

    load_sectors()
    out = [p for p in _PRODUCTS.values() if (stage is None or p.stage == stage)
           and (sector is None or p.sector == sector)]
    return sorted(out, key=lambda p: p.name)


def ensure_table(name: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate a background table's frames and check its declared columns."""
    spec = background_tables().get(name)
    if spec is None:
        raise ValueError(f"a method returned the undeclared background table '{name}' "
                         "(declare it with inventory.products.register_table)")
    frames = [f for f in frames if f is not None and len(f)]
    cols = spec.column_names
    if not frames:
        return pd.DataFrame(columns=cols)
    df = pd.concat(frames, ignore_index=True)
    missing = [c for c in cols if c not in df.columns]
    extra = [c for c in df.columns if c not in cols]
    if missing or extra:
        raise InputError(f"background table {name}: missing columns {missing}, undeclared "
                         f"columns {extra}", f"table {name}", f"the columns {cols}")
    return df[cols]
