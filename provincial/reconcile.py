"""National-provincial reconciliation.

The sum of the provinces' inventories and the national inventory are compiled from different
statistics (provincial energy balances do not add up to the national one) and do not agree.
:func:`reconcile` compares them by report item (sector), fuel and gas, per year, in absolute and
relative terms; rows whose gap is above the thresholds are the findings of the check
``provincial.reconciliation_gap`` (policy as for every check). The gap is then either reported
as its own line (``method: statistical_difference``: national = sum of provinces + statistical
difference) or allocated to the provinces pro rata by an indicator (``method: pro_rata``:
the provinces' own emissions of the same item, fuel and gas, or a table of an indicator by
region and year such as GDP or energy use); the choice is written to ``reconciliation.json``.

``ghgi reconcile --national <run> --provinces <run> [<run> ...]`` (or one run with both levels:
``--national-region <code>``) writes ``reconciliation.csv``, ``reconciliation_adjusted.csv``,
``reconciliation_findings.csv`` and ``reconciliation.json``; :mod:`inventory.review_reconcile`
loads them for a reviewer view (the gap map).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.checks import Check, CheckPolicy, findings_frame, register_check
from inventory.commands import Command, register_command
from inventory.csvsafe import write_csv
from inventory.errors import InputError
from provincial.categories import provincial_item

__all__ = ["reconcile", "allocate", "reconciliation_keys", "run_reconciliation",
           "THRESHOLD_PCT", "MIN_KT", "METHODS", "GAP_CHECK"]

THRESHOLD_PCT = 5.0     # relative gap that flags [% of the national value]
MIN_KT = 1.0            # and absolute gap [kt CO2 eq] below which nothing flags
METHODS = ("statistical_difference", "pro_rata")
KEYS = ["year", "item", "fuel", "gas"]


def reconciliation_keys(emissions: pd.DataFrame) -> pd.DataFrame:
    """Rows with the reconciliation keys: report item, fuel (the activity of fuel-combustion
    rows, '-' elsewhere), gas; memo rows dropped; values in kt gas and kt CO2 eq."""
    e = emissions[~emissions["memo"].astype(bool) & emissions["value"].notna()]
    cat = e["category"].astype(str)
    fuel = np.where(cat.str.match(r"^1\.A\.[1-5]"), e["activity"].astype(str).str.split(":")
                    .str[0], "-")
    return pd.DataFrame({"region": e["region"].to_numpy(), "year": e["year"].to_numpy(),
                         "item": provincial_item(cat, e.get("crt_category")).to_numpy(), "fuel": fuel,
                         "gas": e["gas"].to_numpy(), "value": e["value"].to_numpy(float),
                         "value_co2eq": e["value_co2eq"].to_numpy(float)})


def reconcile(national: pd.DataFrame, provinces: pd.DataFrame,
              threshold_pct: float = THRESHOLD_PCT, min_kt: float = MIN_KT) -> pd.DataFrame:
    """Per year, item, fuel and gas: national and provincial-sum values [kt gas and kt CO2 eq],
    difference (national - provinces), relative difference [% of national] and the flag."""
    n = reconciliation_keys(national).groupby(KEYS)[["value", "value_co2eq"]].sum()
    p = reconciliation_keys(provinces).groupby(KEYS)[["value", "value_co2eq"]].sum()
    t = n.merge(p, how="outer", left_index=True, right_index=True,
                suffixes=("_national", "_provinces")).fillna(0.0).reset_index()
    t["difference"] = t["value_national"] - t["value_provinces"]
    t["difference_co2eq"] = t["value_co2eq_national"] - t["value_co2eq_provinces"]
    with np.errstate(divide="ignore", invalid="ignore"):
        t["relative_pct"] = np.where(t["value_national"] != 0,
                                     t["difference"] / t["value_national"] * 100.0,
                                     np.where(t["difference"] != 0, np.inf, 0.0))
    t["flag"] = (t["relative_pct"].abs() > threshold_pct) & (t["difference_co2eq"].abs() > min_kt)
    return t


def allocate(table: pd.DataFrame, provinces: pd.DataFrame, method: str,
             indicator: pd.DataFrame | None = None) -> pd.DataFrame:
    """The provincial values after reconciliation, per region, year, item, fuel and gas.

    ``statistical_difference``: the provinces unchanged plus one region
    ``statistical_difference`` carrying the gap. ``pro_rata``: the gap shared by the provinces
    in proportion to ``indicator`` (columns region, [year,] value; default the provinces' own
    values of the same key; a key none of them has goes to the statistical difference line).
    The adjusted values add up to the national ones (tested)."""
    if method not in METHODS:
        raise InputError(f"method {method!r}", "ghgi reconcile --method", " | ".join(METHODS))
    p = reconciliation_keys(provinces).groupby(["region", *KEYS])[["value", "value_co2eq"]] \
        .sum().reset_index()
    gaps = table[["year", "item", "fuel", "gas", "difference", "difference_co2eq"]]
    base = p.assign(adjustment=0.0, adjustment_co2eq=0.0)
    if method == "statistical_difference":
        line = gaps.assign(region="statistical_difference", value=0.0, value_co2eq=0.0,
                           adjustment=gaps["difference"],
                           adjustment_co2eq=gaps["difference_co2eq"]).drop(
            columns=["difference", "difference_co2eq"])
        out = pd.concat([base, line[base.columns]], ignore_index=True)
    else:
        if indicator is None:
            w = p.assign(weight=p["value"].abs())
        else:
            ind = indicator.rename(columns={"value": "weight"})
            on = ["region", "year"] if "year" in ind.columns else ["region"]
            w = p.merge(ind[[*on, "weight"]], on=on, how="left")
            missing = w["weight"].isna()
            if missing.any():
                raise InputError(f"no indicator value for region {w.loc[missing, 'region'].iloc[0]}",
                                 "the indicator table", "a value for every province (and year)")
        share = w["weight"] / w.groupby(KEYS)["weight"].transform("sum")
        w = w.merge(gaps, on=KEYS, how="left").fillna({"difference": 0.0,
                                                        "difference_co2eq": 0.0})
        w["adjustment"] = share.fillna(0.0).to_numpy() * w["difference"]
        w["adjustment_co2eq"] = share.fillna(0.0).to_numpy() * w["difference_co2eq"]
        covered = w.groupby(KEYS)["weight"].sum() > 0
        rest = gaps.set_index(KEYS)
        rest = rest[~rest.index.isin(covered[covered].index)].reset_index()
        line = rest.assign(region="statistical_difference", value=0.0, value_co2eq=0.0,
                           adjustment=rest["difference"],
                           adjustment_co2eq=rest["difference_co2eq"])
        cols = list(base.columns)
        out = pd.concat([w[cols], line[cols]], ignore_index=True)
    out["value_adjusted"] = out["value"] + out["adjustment"]
    out["value_co2eq_adjusted"] = out["value_co2eq"] + out["adjustment_co2eq"]
    out["method"] = method
    return out.sort_values(["year", "item", "fuel", "gas", "region"]).reset_index(drop=True)


def _gap_rows(table: pd.DataFrame) -> pd.DataFrame:
    f = table[table["flag"]]
    return pd.DataFrame({"year": f["year"], "category": f["item"], "activity": f["fuel"],
                         "gas": f["gas"], "national": f["value_national"],
                         "provinces": f["value_provinces"], "difference": f["difference"],
                         "relative_pct": f["relative_pct"]}).reset_index(drop=True)


def _in_run(ctx) -> pd.DataFrame:
    """One project with both levels (``reconcile: {national_region: <code>}``)."""
    cfg = ctx.project.raw.get("reconcile") or {}
    code = cfg.get("national_region")
    if not code or ctx.emissions.empty:
        return pd.DataFrame()
    e = ctx.emissions
    pct, kt = cfg.get("threshold_pct"), cfg.get("min_kt")
    t = reconcile(e[e["region"] == code], e[e["region"] != code],
                  float(THRESHOLD_PCT if pct is None else pct), float(MIN_KT if kt is None else kt))
    return _gap_rows(t)


GAP_CHECK = register_check(Check(
    "provincial.reconciliation_gap", "emissions", "warning",
    "national inventory and the sum of the provinces differ by more than the threshold (by "
    "report item, fuel and gas)", _in_run, sector=None))


def _emissions(run: Path) -> tuple[pd.DataFrame, dict]:
    path = Path(run) / "emissions.parquet"
    if not path.exists():
        raise InputError("no emissions.parquet in the run folder", str(run),
                         "a run folder of 'ghgi compile' or 'ghgi run'")
    man = json.loads((Path(run) / "manifest.json").read_text()) \
        if (Path(run) / "manifest.json").exists() else {}
    return pd.read_parquet(path), man


def run_reconciliation(national: Path, provinces: list[Path], out: Path, *,
                       national_region: str | None = None, method: str = "statistical_difference",
                       indicator: Path | None = None, threshold_pct: float = THRESHOLD_PCT,
                       min_kt: float = MIN_KT, policy: str = "record") -> Path:
    """Reconcile run folders and write the tables (see the module docstring)."""
    nat, man = _emissions(national)
    if national_region:
        prov = nat[nat["region"] != national_region]
        nat = nat[nat["region"] == national_region]
        if nat.empty:
            raise InputError(f"no rows of region {national_region}", str(national),
                             "--national-region: a region code of the run")
        sources = [str(national)]
    else:
        if not provinces:
            raise InputError("no provincial runs given", "ghgi reconcile",
                             "--provinces <run folder> ...")
        frames = [_emissions(p)[0] for p in provinces]
        prov = pd.concat(frames, ignore_index=True)
        sources = [str(national), *map(str, provinces)]
    gwp = {d.get("gwp_set") for d in [man]} - {None}
    table = reconcile(nat, prov, threshold_pct, min_kt)
    ind = None
    if indicator is not None:
        ind = pd.read_csv(indicator)
        if not {"region", "value"} <= set(ind.columns):
            raise InputError("columns region and value (and optionally year) expected",
                             str(indicator), "region,value or region,year,value")
    adjusted = allocate(table, prov, method, ind)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(table, out / "reconciliation.csv")
    write_csv(adjusted, out / "reconciliation_adjusted.csv")
    action = CheckPolicy.from_config({"default": policy}).action(GAP_CHECK)
    write_csv(findings_frame(GAP_CHECK, action, _gap_rows(table)),
              out / "reconciliation_findings.csv")
    totals = table.groupby("year")[["value_co2eq_national", "value_co2eq_provinces",
                                    "difference_co2eq"]].sum()
    meta = {"national": str(national), "sources": sources, "national_region": national_region,
            "method": method, "indicator": str(indicator) if indicator else
            ("provinces' own emissions of the same item, fuel and gas" if method == "pro_rata"
             else None),
            "threshold_pct": threshold_pct, "min_kt_co2eq": min_kt,
            "gwp_set": sorted(gwp)[0] if gwp else None, "flagged": int(table["flag"].sum()),
            "totals_kt_co2eq": {int(y): {k: round(float(v), 6) for k, v in r.items()}
                                for y, r in totals.iterrows()}}
    (out / "reconciliation.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False)
                                             + "\n", encoding="utf-8")
    return out


def _add_arguments(p) -> None:
    p.add_argument("--national", type=Path, required=True, help="run folder of the national "
                   "inventory (or of one project with both levels, with --national-region)")
    p.add_argument("--provinces", type=Path, nargs="*", default=[],
                   help="run folders of the provincial inventories")
    p.add_argument("--national-region", help="region code of the national rows in one run")
    p.add_argument("--method", choices=METHODS, default="statistical_difference")
    p.add_argument("--indicator", type=Path, help="CSV region[,year],value for pro_rata "
                   "(default: the provinces' own emissions)")
    p.add_argument("--threshold", type=float, default=THRESHOLD_PCT, help="relative gap [%%]")
    p.add_argument("--min-kt", type=float, default=MIN_KT, help="absolute gap [kt CO2 eq]")
    p.add_argument("--policy", choices=("record", "warn", "raise"), default="record")
    p.add_argument("--out", type=Path, help="default <national run>/reconciliation")


def _run(args) -> int:
    out = run_reconciliation(args.national, args.provinces, args.out or args.national /
                             "reconciliation", national_region=args.national_region,
                             method=args.method, indicator=args.indicator,
                             threshold_pct=args.threshold, min_kt=args.min_kt,
                             policy=args.policy)
    meta = json.loads((out / "reconciliation.json").read_text(encoding="utf-8"))
    print(f"{out}  ({meta['flagged']} gap(s) above {args.threshold} %)")
    if args.policy == "raise" and meta["flagged"]:
        return 1
    return 0


register_command(Command("reconcile", "national-provincial reconciliation of run folders",
                         _add_arguments, _run))
