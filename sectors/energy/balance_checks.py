"""The energy balance table's own consistency, as checks, and its products.

Checks (stage ``intake``; each returns the offending cells with their ``source_ref``):

* ``energy.balance_not_closing`` (error): per sheet and product, the balance identity of the
  yearbook table -- supply (production + recovered + inflow + imports - outflow - exports -
  bunkers +- stock change) + transformation output - transformation input - losses - final
  consumption = statistical difference -- and the stated subtotals (energy available, final
  consumption, transformation, households) against their parts, within a tolerance
  (``options.energy.balance_tolerance: {relative: 0.001, absolute: 0.05}``, in the table's
  units: the yearbooks print two decimals).
* ``energy.balance_transformation_outputs_exceed_inputs`` (warning): a transformation process
  (coking, refining, power ...) whose outputs exceed its inputs in standard coal.
* ``energy.balance_nonenergy_above_industry`` (error): non-energy use of a product above the
  industry's consumption of it (non-energy use is part of industry).

Products (stage ``sector``, energy): ``energy_balance_mapped.csv`` (every cell with its IPCC
category and fuel, reference-approach flow, standard coal and TJ: the mapping a reviewer
checks) and ``energy_balance_transformation.csv`` (inputs, outputs and transformation loss in
standard coal per region, year and process).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr

from inventory.checks import Check, register_check
from inventory.io.input_readers import InputReader, register_input_reader
from inventory.products import ReportProduct, RunContext, register_product
from sectors.energy.balance import UNITS, BalanceSheet, balance_sheets_of_project
from sectors.energy.balance_mapping import households, map_cells, read_energy_balance

__all__ = ["balance_closing", "transformation_balance", "nonenergy_above_industry",
           "mapped_table", "DEDUCTED"]

DEDUCTED = ("outflow", "exports", "foreign_bunkers")   # '(-)' rows: deducted whatever the sign


def _tolerance(options: dict | None) -> tuple[float, float]:
    t = dict((options or {}).get("balance_tolerance") or {})
    return float(t.get("relative", 0.001)), float(t.get("absolute", 0.05))


def _signed(c: pd.DataFrame) -> pd.Series:
    """Values with the table's sign conventions made explicit."""
    v = c["value"]
    out = v.where(~c["flow"].isin(DEDUCTED), -v.abs())
    tr = c["kind"] == "transformation"
    out = out.where(~(tr & (c["direction"] == "input")), -v.abs())
    out = out.where(~(tr & (c["direction"] == "output")), v.abs())
    return out


def _sheet_closing(sheet: BalanceSheet, rel: float, absolute: float) -> pd.DataFrame:
    c = map_cells(sheet)
    c["signed"] = _signed(c)
    rows = []
    for product, d in c.groupby("product", sort=False):
        kind = d["kind"]
        supply = d.loc[kind == "supply", "signed"].sum()
        transf = d.loc[kind == "transformation", "signed"].sum()
        losses = d.loc[kind == "loss", "signed"].abs().sum()
        fin = households(d)
        final = fin.loc[fin["kind"].isin(["final", "households_total"]), "signed"].sum()
        computed = supply + transf - losses - final
        scale = d.loc[kind.isin(["supply", "transformation", "final", "loss"]),
                      "signed"].abs().sum()
        tol = max(absolute, rel * scale)

        def stated(k, d=d, kind=kind):
            s = d[kind == k]
            return s.iloc[0] if len(s) else None

        hh_parts = d[d["flow"].isin(["urban_households", "rural_households"])]
        checks = [("total_supply", supply, "energy available for consumption"),
                  ("total_final", final, "final consumption"),
                  ("total_transformation", transf, "transformation, net"),
                  ("statistical_difference", computed, "statistical difference")]
        if len(hh_parts):
            checks.append(("households_total", hh_parts["signed"].sum(), "households"))
        for k, value, what in checks:
            s = stated(k)
            if s is None:
                continue
            if abs(s["signed"] - value) > tol:
                rows.append({"region": sheet.region, "year": sheet.year, "activity": product,
                             "source_ref": s["source_ref"], "row": s["row_label"],
                             "stated": s["signed"], "computed": value,
                             "difference": s["signed"] - value, "tolerance": tol,
                             "unit": s["unit"], "what": f"stated {what} is not the sum of its "
                                                        "rows"})
        if stated("statistical_difference") is None and abs(computed) > tol and len(d):
            ref = d.iloc[0]["source_ref"]
            rows.append({"region": sheet.region, "year": sheet.year, "activity": product,
                         "source_ref": ref.rsplit(", row", 1)[0] + ", column " +
                         ref.rsplit("column ", 1)[-1] if "column " in ref else ref,
                         "row": "(balance)", "stated": 0.0, "computed": computed,
                         "difference": -computed, "tolerance": tol, "unit": d.iloc[0]["unit"],
                         "what": "supply + transformation - losses - final consumption is not "
                                 "zero and the sheet has no statistical difference row"})
    return pd.DataFrame(rows)


def balance_closing(sheets: list[BalanceSheet], options: dict | None = None) -> pd.DataFrame:
    """Cells where the balance does not close (see the module docstring)."""
    rel, absolute = _tolerance(options)
    frames = [_sheet_closing(s, rel, absolute) for s in sheets]
    frames = [f for f in frames if len(f)]
    cols = ["region", "year", "activity", "source_ref", "row", "stated", "computed",
            "difference", "tolerance", "unit", "what"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def transformation_balance(sheets: list[BalanceSheet], options: dict | None = None
                           ) -> pd.DataFrame:
    """Per region, year and transformation process: inputs and outputs in standard coal
    [tce], the transformation loss (inputs - outputs) and the efficiency; ``complete`` is
    False where a product of the process has no standard-coal coefficient."""
    cols = ["region", "year", "process", "inputs_tce", "outputs_tce", "loss_tce", "efficiency",
            "complete", "source_ref", "input_cells", "output_cells"]
    frames = []
    for s in sheets:
        c = map_cells(s, options)
        c = c[c["kind"] == "transformation"]
        if c.empty:
            continue
        sign = _signed(c)
        c = c.assign(is_in=sign < 0, t=c["tce"].abs())
        g = c.groupby("flow", sort=False)
        out = pd.DataFrame({
            "inputs_tce": g.apply(lambda d: d.loc[d["is_in"], "t"].sum(), include_groups=False),
            "outputs_tce": g.apply(lambda d: d.loc[~d["is_in"], "t"].sum(),
                                   include_groups=False),
            "complete": g["tce"].apply(lambda v: bool(v.notna().all())),
            "source_ref": g.apply(lambda d: (d.loc[~d["is_in"], "source_ref"].tolist()
                                             or d["source_ref"].tolist())[0],
                                  include_groups=False),
            "input_cells": g.apply(lambda d: ";".join(d.loc[d["is_in"], "cell"]),
                                   include_groups=False),
            "output_cells": g.apply(lambda d: ";".join(d.loc[~d["is_in"], "cell"]),
                                    include_groups=False),
        }).reset_index().rename(columns={"flow": "process"})
        out["loss_tce"] = out["inputs_tce"] - out["outputs_tce"]
        with np.errstate(divide="ignore", invalid="ignore"):
            out["efficiency"] = np.where(out["inputs_tce"] > 0,
                                         out["outputs_tce"] / out["inputs_tce"], np.nan)
        out["region"], out["year"] = s.region, s.year
        frames.append(out[cols])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def _outputs_above_inputs(sheets, options) -> pd.DataFrame:
    t = transformation_balance(sheets, options)
    rel, _ = _tolerance(options)
    bad = t[t["complete"] & (t["outputs_tce"] > t["inputs_tce"] * (1 + rel))
            & (t["outputs_tce"] > 0)]
    return bad.rename(columns={"process": "activity"}).reset_index(drop=True)


def nonenergy_above_industry(sheets: list[BalanceSheet]) -> pd.DataFrame:
    """Non-energy use above the industry consumption of the same product (cells named)."""
    rows = []
    for s in sheets:
        c = s.cells
        ind = c[c["flow"] == "industry"].set_index("product")["value"].abs()
        ne = c[c["flow"] == "nonenergy_use"]
        for _, r in ne.iterrows():
            if abs(r["value"]) > ind.get(r["product"], 0.0) + 1e-9:
                rows.append({"region": s.region, "year": s.year, "activity": r["product"],
                             "source_ref": r["source_ref"], "nonenergy_use": abs(r["value"]),
                             "industry": float(ind.get(r["product"], 0.0)), "unit": r["unit"]})
    cols = ["region", "year", "activity", "source_ref", "nonenergy_use", "industry", "unit"]
    return pd.DataFrame(rows, columns=cols)


def mapped_table(sheets: list[BalanceSheet], options: dict | None = None) -> pd.DataFrame:
    """Every cell of the balance sheets with its inventory meaning (for reviewers)."""
    cols = ["region", "year", "sheet", "row_label", "flow", "kind", "product", "value", "unit",
            "tce", "tj", "use", "ipcc_category", "ipcc_fuel", "reference_flow", "source_ref"]
    frames = [map_cells(s, options) for s in sheets]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


# ------------------------------------------------------------------ registered
def _sheets(ctx: RunContext) -> list[BalanceSheet]:
    return balance_sheets_of_project(ctx.project)


def _options(ctx: RunContext) -> dict:
    return ctx.project.options.get("energy", {})


class BalanceInputKeys(BaseModel):
    """Keys of a ``table: energy_balance`` input (sectors/energy/balance.py)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    region: StrictStr | None = None   # else from the sheet name, or the project's only region
    year: StrictInt | None = None     # else from the sheet name
    unit: Literal[tuple(UNITS)] | None = None  # type: ignore[valid-type]  # every product's unit


register_input_reader(InputReader(
    "energy_balance", read_energy_balance,
    "China's statistical energy balance table (能源平衡表), physical or standard coal, either "
    "yearbook layout, bilingual labels (sectors/energy/balance.py)", sector="energy",
    options=BalanceInputKeys))
register_check(Check(
    "energy.balance_not_closing", "intake", "error",
    "the energy balance table does not add up: supply + transformation - losses - final "
    "consumption differs from the statistical difference, or a stated subtotal from its rows",
    lambda ctx: balance_closing(_sheets(ctx), _options(ctx)), sector="energy"))
register_check(Check(
    "energy.balance_transformation_outputs_exceed_inputs", "intake", "warning",
    "a transformation process of the energy balance puts out more standard coal than it takes in",
    lambda ctx: _outputs_above_inputs(_sheets(ctx), _options(ctx)), sector="energy"))
register_check(Check(
    "energy.balance_nonenergy_above_industry", "intake", "error",
    "non-energy use of a product exceeds the industry's consumption of it in the energy balance",
    lambda ctx: nonenergy_above_industry(_sheets(ctx)), sector="energy"))
register_product(ReportProduct(
    "energy.balance_mapped", "energy_balance_mapped.csv", "sector",
    lambda ctx: mapped_table(_sheets(ctx), _options(ctx)),
    "every cell of the energy balance tables with its IPCC category, fuel, reference-approach "
    "flow, standard coal and TJ", sector="energy"))
register_product(ReportProduct(
    "energy.balance_transformation", "energy_balance_transformation.csv", "sector",
    lambda ctx: transformation_balance(_sheets(ctx), _options(ctx)),
    "transformation inputs, outputs and loss in standard coal per region, year and process",
    sector="energy"))
