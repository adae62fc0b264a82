"""The three reports as run folders: ``outputs/<project>/<annual|quick|outlook>/<run id>/``
with CSV tables, one Excel workbook in the project's language (labels from the one label
table), and a manifest (input hashes, the inventory runs used, parameters); built atomically
like the inventory's run folder (docs/timely.md "Outputs").

The account comes from inventory runs: each ``inventories`` item of ``timely.yml`` is a run
folder, or a project that is compiled with the engine (``inventory.runner.compile_project``),
unless its latest run under the output root has the same input files (reused, recorded).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.atomic import atomic_dir
from inventory.csvsafe import write_csv
from inventory.errors import InputError
from inventory.io.readers import file_sha256
from inventory.labels import label
from inventory.paths import check_path_part
from inventory.pipeline import new_run_id
from timely import account as acc
from timely import electricity as el
from timely import outlook as ol
from timely import quick as qk
from timely.inputs import TimelyProject, load_project, read_inputs

__all__ = ["Accounts", "load_accounts", "annual_report", "quick_report", "outlook_report",
           "write_excel", "REPORTS", "grid_rows"]

Progress = Callable[[str], None]


def _noop(_m: str) -> None:
    pass


@dataclass
class Accounts:
    account: pd.DataFrame           # region, year, sector, kind, fuel, co2_kt, energy_tj
    indirect: pd.DataFrame          # region, year, net_indirect_kt_co2 ...
    runs: list[dict]                # the inventory runs used
    region_names: dict[str, str]


def _same_inputs(run: Path, project_dir: Path) -> bool:
    """The run read the input files as they are now, and ``inventory.yml`` was not modified
    after the run was made."""
    try:
        m = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
        made = dt.datetime.fromisoformat(m["created_utc"]).replace(tzinfo=dt.UTC)
        edited = dt.datetime.fromtimestamp((project_dir / "inventory.yml").stat().st_mtime,
                                           dt.UTC)
        return edited <= made and all(file_sha256(project_dir / i["path"]) == i["sha256"]
                                      for i in m["inputs"])
    except (OSError, KeyError, ValueError):
        return False


def _inventory_run(project_dir: Path, out_root: Path, recompile: bool,
                   progress: Progress, jobs: int | None = None) -> tuple[Path, str]:
    from inventory.project import load_config
    from inventory.runner import compile_project

    project = load_config(project_dir)
    runs = sorted(p for p in (out_root / project.name).glob("*")
                  if (p / "manifest.json").is_file())
    if runs and not recompile and _same_inputs(runs[-1], project_dir):
        return runs[-1], "reused (input files and inventory.yml unchanged)"
    progress(f"compiling the inventory {project_dir}")
    return compile_project(project_dir, out_root, progress=progress, jobs=jobs), "compiled"


def _read_run(run: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    if not (run / "manifest.json").is_file():
        raise InputError("not an inventory run folder (no manifest.json)", str(run),
                         "a folder written by ghgi compile / ghgi run")
    em = pd.read_parquet(run / "emissions.parquet") if (run / "emissions.parquet").is_file() \
        else pd.read_csv(run / "emissions.csv")
    ind_path = run / "indirect_co2_electricity.csv"
    ind = pd.read_csv(ind_path) if ind_path.is_file() else pd.DataFrame(
        columns=["region", "year", "net_indirect_kt_co2"])
    return em, ind, json.loads((run / "manifest.json").read_text(encoding="utf-8"))


def load_accounts(project: TimelyProject, out_root: Path, recompile: bool = False,
                  progress: Progress = _noop, jobs: int | None = None) -> Accounts:
    """The account of every inventory of the project (regions of several inventories side by
    side; a region in two of them is an error) and the nation (the ``nation`` region, else the
    sum of all regions)."""
    frames, inds, runs, names = [], [], [], {}
    for item in project.inventories:
        if item.run is not None:
            run, how = item.run, "given"
        else:
            run, how = _inventory_run(item.project, out_root, recompile, progress, jobs)
            from inventory.project import load_config

            for r in load_config(item.project).regions:      # the first inventory's name
                names.setdefault(r.code, r.name)
        em, ind, man = _read_run(run)
        a = acc.account_from_emissions(em)
        keys = ["region", "year", "sector"]
        for other in frames:                         # e.g. energy in one, IPPU in another
            both = a[keys].drop_duplicates().merge(other[keys].drop_duplicates())
            if len(both):
                r = both.iloc[0]
                raise InputError(f"two inventories both report {r['sector']} CO2 of region "
                                 f"{r['region']} in {int(r['year'])} (double counting; "
                                 f"{len(both)} such cases)", str(project.config_path),
                                 "each region's sector in one inventory")
        frames.append(a)
        inds.append(ind)
        runs.append({"run": str(run), "run_id": man.get("run_id"), "project": man.get("project"),
                     "how": how, "regions": man.get("regions")})
    account = pd.concat(frames, ignore_index=True)
    indirect = pd.concat([i for i in inds if len(i)] or inds, ignore_index=True)
    dup = indirect.duplicated(["region", "year"])
    if dup.any():
        r = indirect[dup].iloc[0]
        raise InputError(f"two inventories both give the indirect CO2 of electricity of region "
                         f"{r['region']} in {int(r['year'])}", str(project.config_path),
                         "the electricity trade of a region in one inventory")
    if project.nation not in set(account["region"]):
        regions = sorted(set(account["region"]))
        account = acc.add_nation(account, project.nation, regions)
        nat = indirect.groupby("year", as_index=False)["net_indirect_kt_co2"].sum().assign(
            region=project.nation)
        indirect = pd.concat([indirect, nat], ignore_index=True)
        names.setdefault(project.nation, "全国（各省合计） Nation (sum of the regions)")
    names.update(project.region_names)
    return Accounts(account, indirect, runs, names)


# ------------------------------------------------------------------ Excel
def _col_label(col: str, language: str) -> str:
    return label(f"timely.col.{col}", language)


_TRANSLATE = ("sector", "fuel", "status", "target", "kind")


def write_excel(path: Path, sheets: dict[str, pd.DataFrame], project: TimelyProject,
                names: dict[str, str], readme: list[str]) -> None:
    """One workbook: a README sheet and one sheet per table; headers, sheet names, sectors,
    fuels, statuses and targets in the project's language; columns in kt are shown in 10^4 t
    (万吨, as Chinese statistics print them)."""
    lang = project.language
    with pd.ExcelWriter(path, engine="xlsxwriter") as xw:
        intro = [label("timely.readme.title", lang)]
        if project.synthetic:
            intro.append(label("timely.readme.synthetic", lang))
        pd.DataFrame({"": intro + readme}).to_excel(xw, sheet_name="README", index=False)
        for key, df in sheets.items():
            d = df.copy()
            for c in d.columns:
                if c.endswith("_kt"):
                    d[c] = pd.to_numeric(d[c], errors="coerce") / 10.0
                if c in _TRANSLATE:
                    d[c] = d[c].map(lambda v, c=c: label(f"timely.{c}.{v}", lang)
                                    if isinstance(v, str) else v)
                if c == "region":
                    d.insert(d.columns.get_loc("region") + 1, "region_name",
                             d["region"].map(names).fillna(d["region"]))
            d.columns = [_col_label(c, lang) for c in d.columns]
            name = label(f"timely.sheet.{key}", lang, sep=" ")[:31]
            for ch in "[]:*?/\\":
                name = name.replace(ch, " ")
            d.to_excel(xw, sheet_name=name, index=False)
            xw.sheets[name].set_column(0, len(d.columns) - 1, 16)


# ------------------------------------------------------------------ run folders
def _manifest(project: TimelyProject, kind: str, run_id: str, accounts: Accounts,
              folder: Path, extra: dict) -> dict:
    from inventory.pipeline import package_versions

    outputs = {str(p.relative_to(folder)): file_sha256(p) for p in sorted(folder.rglob("*"))
               if p.is_file()}
    return {"run_id": run_id, "report": kind,
            "created_utc": dt.datetime.now(dt.UTC).replace(tzinfo=None,
                                                           microsecond=0).isoformat(),
            "project": project.name, "synthetic": project.synthetic,
            "language": project.language,
            "inputs": [{"path": p.name, "sha256": file_sha256(p)}
                       for p in (project.config_path, project.workbook) if p.is_file()],
            "inventory_runs": accounts.runs, "region_names": accounts.region_names,
            "parameters": {"base_year": project.base_year, "nation": project.nation,
                           "horizon": project.horizon,
                           "status": {"green_max": project.green_max,
                                      "amber_max": project.amber_max}, **extra},
            "packages": package_versions(), "outputs": outputs}


def _write_run(project: TimelyProject, kind: str, out_root: Path, run_id: str | None,
               accounts: Accounts, tables: dict[str, pd.DataFrame], excel: dict[str, str],
               readme: list[str], extra: dict) -> Path:
    run_id = check_path_part(run_id, "run id", "--run-id") if run_id else new_run_id()
    target = Path(out_root) / project.name / kind / run_id
    with atomic_dir(target) as tmp:
        for name, df in tables.items():
            write_csv(df, tmp / f"{name}.csv")
        write_excel(tmp / f"{kind}_report.xlsx", {k: tables[v] for k, v in excel.items()},
                    project, accounts.region_names, readme)
        man = _manifest(project, kind, run_id, accounts, tmp, extra)
        (tmp / "manifest.json").write_text(json.dumps(man, indent=2, ensure_ascii=False),
                                           encoding="utf-8")
    return target


def _load(project_dir, out_root, recompile, progress, sheets, jobs=None):
    project = load_project(project_dir)
    inputs = read_inputs(project, sheets)
    accounts = load_accounts(project, Path(out_root), recompile, progress, jobs)
    return project, inputs, accounts


def _indicators(project, inputs, accounts) -> pd.DataFrame:
    d = inputs["drivers"]
    if project.nation not in set(d["region"]):           # the nation: sum of the regions
        n = d["region"].nunique()                     # a sum only where every region has it
        tot = d.groupby("year", as_index=False)[["gdp", "population", "energy"]].sum(
            min_count=n).assign(region=project.nation)
        d = pd.concat([d, tot], ignore_index=True)
    return acc.indicators(accounts.account, d, accounts.indirect, project.base_year)


def annual_report(project_dir: Path | str, out_root: Path | str = "outputs",
                  run_id: str | None = None, recompile: bool = False,
                  progress: Progress = _noop, jobs: int | None = None) -> Path:
    """The annual carbon-emission accounting report (docs/timely.md, section 1). ``jobs``: CRT
    workbook processes of the inventories compiled (as ``ghgi compile --jobs``)."""
    project, inputs, accounts = _load(project_dir, out_root, recompile, progress, ("drivers",),
                                      jobs)
    ind = _indicators(project, inputs, accounts)
    a = accounts.account
    by_sector = a.groupby(["region", "year", "sector", "kind"], as_index=False)[
        ["co2_kt", "energy_tj"]].sum()
    by_fuel = a[a["kind"] == "energy"].groupby(["region", "year", "fuel"], as_index=False)[
        ["co2_kt", "energy_tj"]].sum()
    summary = ind[["region", "year", "energy_co2_kt", "process_co2_kt", "total_co2_kt",
                   "net_indirect_co2_kt", "total_with_indirect_kt", "gdp", "population",
                   "co2_per_gdp", "co2_per_gdp_with_indirect", "co2_per_capita",
                   "co2_per_capita_with_indirect", "total_co2_kt_change_pct",
                   "co2_per_gdp_change_pct", "co2_per_gdp_vs_base_pct",
                   "co2_per_gdp_with_indirect_vs_base_pct"]]
    tables = {"account": a, "indicators": ind, "account_by_sector": by_sector,
              "account_by_fuel": by_fuel}
    readme = [f"base year (constant prices): {project.base_year}",
              "inventory runs: " + "; ".join(f"{r['project']} {r['run_id']} ({r['how']})"
                                             for r in accounts.runs)]
    return _write_run(project, "annual", Path(out_root), run_id, accounts,
                      {**tables, "summary": summary},
                      {"summary": "summary", "by_sector": "account_by_sector",
                       "by_fuel": "account_by_fuel"}, readme, {})


def grid_rows(project: TimelyProject, grid_sheet: pd.DataFrame | None) -> pd.DataFrame:
    """Grid factor rows (region or ``*``, year, value [t CO2/MWh], source): the workbook's
    ``grid_factors`` sheet, plus for ``grid_factor: {region or '*': 'scope:area'}`` in
    timely.yml the published MEE/NBS factors the energy sector ships (cited CSV)."""
    rows = [] if grid_sheet is None else [grid_sheet[["region", "year", "value", "source"]]]
    if project.grid_factor:
        from sectors.energy.reference_approach import grid_factors

        table = grid_factors()
        for region, pick in project.grid_factor.items():
            scope, _, area = str(pick).partition(":")
            hit = table[(table["scope"] == scope) & (table["area"] == area)]
            if hit.empty:
                raise InputError(f"grid_factor {region}: '{pick}' not in the published table",
                                 str(project.config_path), "scope:area of "
                                 "sectors/energy/data/mee_nbs_electricity_co2_factors.csv")
            rows.append(pd.DataFrame({
                "region": str(region), "year": hit["year"].astype(int), "value": hit["value"],
                "source": hit["source"] + f" ({scope} {area}; mee_nbs_electricity_co2_factors.csv)"}))
    if not rows:
        return pd.DataFrame(columns=["region", "year", "value", "source"])
    g = pd.concat(rows, ignore_index=True)
    return g.drop_duplicates(["region", "year"], keep="first")


def quick_report(project_dir: Path | str, out_root: Path | str = "outputs",
                 run_id: str | None = None, recompile: bool = False,
                 against: Path | None = None, progress: Progress = _noop,
                 jobs: int | None = None) -> Path:
    """The quick report (docs/timely.md, sections 2 and 3): proxy scaling, back-test, revision
    table, and the electricity-carbon model when the workbook has an electricity sheet.
    ``jobs``: as :func:`annual_report`."""
    project, inputs, accounts = _load(project_dir, out_root, recompile, progress,
                                      ("proxies", "proxy_map", "electricity", "grid_factors"),
                                      jobs)
    a = accounts.account
    pmap = inputs["proxy_map"]
    if pmap is None:
        pmap = pd.read_csv(acc.DATA / "proxy_map.csv", comment="#")
    pmap = pmap[["sector", "fuel", "indicator", "elasticity"]].fillna({"elasticity": 1.0})
    proxies = inputs["proxies"]
    quick = qk.quick_estimates(a, proxies, pmap)
    bt = qk.backtest(a, proxies, pmap)
    if project.nation not in set(proxies["region"]):      # the nation as the sum of regions
        quick = _nation_as_sum(quick, project.nation, ["year", "months", "sector", "kind",
                                                       "fuel", "reference"],
                               ["co2_ref_kt", "co2_kt", "co2_ytd_kt"])
        bt = _nation_as_sum(bt, project.nation, ["year", "sector", "fuel"],
                            ["estimate_kt", "final_kt"])
        bt["error_pct"] = qk.relative_error(bt["estimate_kt"], bt["final_kt"])
    stats = qk.error_statistics(bt)
    summary = quick.groupby(["region", "year", "months"], as_index=False)[
        ["co2_kt", "co2_ytd_kt"]].sum()
    tot = stats[stats["sector"] == "total"][["region", "mape", "bias", "max_abs_error"]]
    summary = summary.merge(tot, on="region", how="left")
    summary["low_kt"] = summary["co2_kt"] * (1 - summary["max_abs_error"] / 100)
    summary["high_kt"] = summary["co2_kt"] * (1 + summary["max_abs_error"] / 100)
    if against is not None:
        prev = pd.read_csv(Path(against) / "quick_estimates.csv")
        revision = qk.revision_table(prev, a, f"quick report {Path(against).name}")
    else:
        revision = qk.revision_table(bt.rename(columns={"estimate_kt": "co2_kt"}), a,
                                     "back-test (no earlier quick report given)")
    tables = {"quick_estimates": quick, "quick_summary": summary, "backtest": bt,
              "backtest_statistics": stats, "revision": revision,
              "elasticity_fit": qk.fitted_elasticities(a, proxies, pmap)}
    excel = {"quick_summary": "quick_summary", "quick_estimates": "quick_estimates",
             "backtest_statistics": "backtest_statistics", "revision": "revision"}
    extra = {"proxy_map": pmap.to_dict("records")}
    if inputs["electricity"] is not None:
        e = inputs["electricity"]
        regions = sorted(set(e["region"]))
        grid = el.grid_factor_by_year(grid_rows(project, inputs["grid_factors"]), regions,
                                      sorted(set(e["year"])))
        cal_year = int(min(a["year"].max(), e["year"].max()))
        cal = el.calibrate(a, e, cal_year)
        est = el.estimate(e[e["year"] > cal_year], cal, grid)
        cols = ["region", "sector", "year", "month", "day", "mwh", "intensity_t_per_mwh",
                "grid_factor", "direct_kt", "indirect_kt", "power_kt", "consumption_based_kt",
                "production_based_kt", "grid_factor_source"]
        ebt = el.backtest(a, e, grid)
        tables.update({"electricity_carbon": est[cols],
                       "electricity_carbon_annual": el.annual_estimate(est),
                       "electricity_calibration": cal, "electricity_backtest": ebt,
                       "electricity_backtest_statistics": _elec_stats(ebt),
                       "grid_factors": grid})
        excel.update({"electricity_annual": "electricity_carbon_annual",
                      "electricity_calibration": "electricity_calibration",
                      "electricity_backtest": "electricity_backtest_statistics"})
    readme = [f"last final account: {int(a['year'].max())}",
              "quick estimate = last annual account x indicator growth (Eq. Q1-Q4)"]
    return _write_run(project, "quick", Path(out_root), run_id, accounts, tables, excel,
                      readme, extra)


def _nation_as_sum(df: pd.DataFrame, nation: str, keys: list[str], values: list[str]
                   ) -> pd.DataFrame:
    """Replace the nation's rows by the sum of the other regions' (the nation has no proxies
    of its own): basis ``sum of the regions``."""
    rest = df[df["region"] != nation]
    if rest.empty:
        return df
    tot = rest.groupby(keys, as_index=False, dropna=False)[values].sum().assign(
        region=nation, basis="sum of the regions", indicator="(regions)")
    return pd.concat([rest, tot], ignore_index=True)[df.columns]


def _elec_stats(bt: pd.DataFrame) -> pd.DataFrame:
    if bt.empty:
        return pd.DataFrame(columns=["region", "basis", "sector", "n", "mape", "bias",
                                     "max_abs_error"])
    d = bt.dropna(subset=["error_pct"])
    return d.groupby(["region", "basis", "sector"], as_index=False)["error_pct"].agg(
        n="count", mape=lambda e: float(np.mean(np.abs(e))), bias="mean",
        max_abs_error=lambda e: float(np.max(np.abs(e))))


def outlook_report(project_dir: Path | str, out_root: Path | str = "outputs",
                   run_id: str | None = None, recompile: bool = False,
                   progress: Progress = _noop, jobs: int | None = None) -> Path:
    """Projection and early warning (docs/timely.md, section 4). ``jobs``: as
    :func:`annual_report`."""
    project, inputs, accounts = _load(project_dir, out_root, recompile, progress,
                                      ("drivers", "targets", "scenarios"), jobs)
    ind = _indicators(project, inputs, accounts)
    hist = ind[["region", "year", "total_co2_kt", "gdp", "population", "energy",
                "co2_per_gdp", "energy_source"]].rename(columns={"total_co2_kt": "co2_kt"})
    f = ol.kaya_factors(hist["co2_kt"], hist["gdp"], hist["population"], hist["energy"])
    kaya = hist.assign(**f)
    if kaya[list(ol.KAYA_FACTORS)].isna().any().any():
        miss = kaya[kaya[list(ol.KAYA_FACTORS)].isna().any(axis=1)].iloc[0]
        raise InputError(f"no drivers for region {miss['region']} year {int(miss['year'])}",
                         str(project.workbook.name) + ", sheet 'drivers'",
                         "gdp and population of every region and account year")
    lmdi = ol.decompose(kaya).rename(columns={k: f"{k}_effect_kt" for k in ol.KAYA_FACTORS})
    horizon = max(project.horizon, int(inputs["targets"]["target_year"].max()))
    proj = ol.projection(kaya, inputs["scenarios"], horizon)
    gaps = ol.target_gaps(hist, proj, inputs["targets"], project.green_max, project.amber_max)
    status = ol.region_status(gaps)
    trajectory = pd.concat([kaya.assign(scenario="history"), proj], ignore_index=True)[
        ["region", "scenario", "year", "co2_kt", "gdp", "energy", "co2_per_gdp",
         *ol.KAYA_FACTORS]]
    tables = {"kaya": kaya, "lmdi": lmdi, "projection": proj, "trajectory": trajectory,
              "target_gaps": gaps, "status": status}
    excel = {"status": "status", "target_gaps": "target_gaps", "lmdi": "lmdi",
             "trajectory": "trajectory"}
    readme = [f"status thresholds [percentage points per year]: green <= {project.green_max}, "
              f"amber <= {project.amber_max}, else red",
              "gap = projected - required average annual change (Eq. G1-G3)"]
    return _write_run(project, "outlook", Path(out_root), run_id, accounts, tables, excel,
                      readme, {"horizon": horizon})


REPORTS = {"annual": annual_report, "quick": quick_report, "outlook": outlook_report}
