"""The compilation pipeline, as stages that both ``ghgi compile`` (in-process) and the
parameterized notebooks of ``ghgi run`` (papermill) call, so both give the same numbers.

Stages write into a run folder that is built under a temporary name and renamed only when every
stage succeeded: a failed run leaves nothing behind under ``outputs/``.

    stage_intake   inputs -> activity.parquet, parameters.parquet, validation.json
    stage_sector   activity + factor DB -> emissions_<sector>.parquet
    stage_analysis (inventory.analysis.stage) kca.csv, uncertainty_*.csv, completeness*.csv,
                   trends.csv, timeseries_provenance.csv, recalculations*.csv, analysis.json
    stage_report   emissions_* -> emissions.csv/.parquet, crt_aggregates.csv, implied_factors.csv,
                   CRT workbooks (with the analysis tables), manifest.json
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import __version__, schema
from inventory.atomic import atomic_path
from inventory.categories import aggregate_crt, national_totals, to_crt
from inventory.errors import InputError
from inventory.factors import FactorDB, default_tables
from inventory.gases import co2_equivalent
from inventory.io.readers import file_sha256, read_inputs
from inventory.methods import in_categories, registered_methods, run_methods
from inventory.project import Project, load_config
from inventory.units import conversion_factor

__all__ = ["stage_intake", "stage_sector", "stage_report", "new_run_id", "sectors_in_order",
           "STAGE_DIR", "implied_factor_check", "load_stage", "package_versions"]

def sectors_in_order() -> tuple[str, ...]:
    """Sectors that have registered methods, in CRT order."""
    from inventory.plugins import sector_names

    present = {m.sector for m in registered_methods()}
    return tuple(s for s in sector_names() if s in present)


STAGE_DIR = "stage"
_PACKAGES = ("pandas", "numpy", "pint", "xlsxwriter", "openpyxl", "climate-categories",
             "globalwarmingpotentials", "great-expectations", "papermill", "pyarrow")


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ")


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False)


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False)


def load_stage(run_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(Path(run_dir) / STAGE_DIR / f"{name}.parquet")


def _restore_keys(df: pd.DataFrame) -> pd.DataFrame:
    if "notation_key" in df:
        from inventory.notation import NOTATION_DTYPE

        df["notation_key"] = df["notation_key"].astype(object).astype(NOTATION_DTYPE)
    return df


# ------------------------------------------------------------------ stage 1: intake
def stage_intake(project_dir: Path | str, run_dir: Path | str, validate: bool = True) -> dict:
    """Read and validate the inputs; stage activity and parameters tables."""
    project = load_config(project_dir)
    run_dir = Path(run_dir)
    activity, parameters, records = read_inputs(project)
    summary = {"inputs": [r.__dict__ for r in records], "activity_rows": len(activity),
               "parameter_rows": len(parameters)}
    if validate:
        from validation.run import validate_tables  # great_expectations loads only here

        report = validate_tables(activity, parameters, regions=project.region_codes,
                                 first_year=project.first_year, last_year=project.last_year)
        report.to_json(run_dir / "validation.json")
        report.raise_if_failed()
        summary["validation"] = "passed"
    stage = run_dir / STAGE_DIR
    stage.mkdir(parents=True, exist_ok=True)
    _write_parquet(activity, stage / "activity.parquet")
    _write_parquet(parameters, stage / "parameters.parquet")
    with atomic_path(stage / "intake.json") as tmp:
        tmp.write_text(json.dumps(summary, indent=2))
    return summary


# ------------------------------------------------------------------ stage 2: sectors
def stage_sector(project_dir: Path | str, run_dir: Path | str, sector: str) -> pd.DataFrame:
    """Run one sector's methods over the staged activity; stage its emissions."""
    project = load_config(project_dir)
    activity = _restore_keys(load_stage(run_dir, "activity"))
    parameters = load_stage(run_dir, "parameters")
    factors = FactorDB.with_defaults(parameters)
    methods = [m for m in registered_methods() if m.sector == sector]
    prefixes = tuple(p for m in methods for p in m.categories)
    mine = activity[in_categories(activity["category"], prefixes)]
    emissions = run_methods(mine, factors, project.tiers, sectors=(sector,),
                            options=project.options)
    _write_parquet(emissions, Path(run_dir) / STAGE_DIR / f"emissions_{sector}.parquet")
    return emissions


# ------------------------------------------------------------------ stage 3: report
def implied_factor_check(emissions: pd.DataFrame) -> pd.DataFrame:
    """National implied emission factors per year/category/activity/gas against the IPCC
    default and its 95 % range (the reviewer's first question). Read by the review app.

    IEF = sum of emissions / sum of activity over the regions (never an average of IEFs), in
    the ``ief_unit`` the method declared; the IPCC default is looked up in that unit."""
    keys = ["year", "category", "activity", "gas", "activity_unit", "ief_unit"]
    rows = emissions[emissions["value"].notna() & emissions["activity_value"].notna()
                     & emissions["ief_unit"].notna()]
    g = rows.groupby(keys, as_index=False).agg(value=("value", "sum"),
                                               activity_value=("activity_value", "sum"))
    g["ief"] = np.nan
    for col in ("ipcc_default", "ipcc_lower", "ipcc_upper"):
        g[col] = np.nan
    g["ipcc_source"] = None
    ipcc = FactorDB(default_tables())
    for (a_unit, i_unit, gas), idx in g.groupby(["activity_unit", "ief_unit", "gas"]).groups.items():
        sub = g.loc[idx]
        to_ief = conversion_factor(f"kt/({a_unit})", i_unit)
        g.loc[idx, "ief"] = np.where(sub["activity_value"] > 0, sub["value"] / sub[
            "activity_value"].where(sub["activity_value"] > 0, 1) * to_ief, np.nan)
        try:
            res = ipcc.lookup(sub.assign(region="*"), "EF", i_unit, gas, ("ipcc_default",))
        except InputError:  # the default EF of these rows is in another dimension
            continue
        g.loc[idx, "ipcc_default"] = res.value
        g.loc[idx, "ipcc_lower"] = res.lower
        g.loc[idx, "ipcc_upper"] = res.upper
        g.loc[idx, "ipcc_source"] = res.source
    g["within_range"] = np.where(
        g["ipcc_lower"].notna() & g["ipcc_upper"].notna(),
        (g["ief"] >= g["ipcc_lower"] * (1 - 1e-9)) & (g["ief"] <= g["ipcc_upper"] * (1 + 1e-9)),
        None)
    return g


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "ghg-inventory-workbench": __version__}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _git_commit(path: Path) -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=path, capture_output=True,
                              text=True, check=True, timeout=5).stdout.strip()
    except Exception:
        return None


def stage_report(project_dir: Path | str, run_dir: Path | str, run_id: str, mode: str,
                 parameters: dict | None = None,
                 created: dt.datetime | None = None) -> dict:
    """Combine the sectors' emissions, aggregate, export CRT workbooks, write the manifest."""
    from inventory.crt import write_crt_workbooks

    project = load_config(project_dir)
    run_dir = Path(run_dir)
    frames = [_restore_keys(load_stage(run_dir, f"emissions_{s}")) for s in sectors_in_order()
              if (run_dir / STAGE_DIR / f"emissions_{s}.parquet").exists()]
    emissions = pd.concat(frames, ignore_index=True) if frames else schema.empty("emissions")
    schema.ensure_valid(emissions, "emissions")
    emissions["crt_category"] = to_crt(emissions["category"])
    emissions["value_co2eq"] = co2_equivalent(emissions["value"], emissions["gas"], project.gwp)
    emissions["gwp_set"] = project.gwp
    _write_csv(emissions, run_dir / "emissions.csv")
    _write_parquet(emissions, run_dir / "emissions.parquet")

    eq = emissions.assign(value=emissions["value_co2eq"])
    by_region = aggregate_crt(eq, by=("region", "year", "gas"))
    national = aggregate_crt(eq.assign(region=project.party_code), by=("region", "year", "gas"))
    aggregates = pd.concat([national, by_region], ignore_index=True)
    aggregates = aggregates.rename(columns={"value": "value_co2eq"})
    aggregates["gwp_set"] = project.gwp
    _write_csv(aggregates, run_dir / "crt_aggregates.csv")
    all_gases = aggregate_crt(eq.assign(region=project.party_code, gas="CO2eq"),
                              by=("region", "year", "gas"))
    totals = national_totals(all_gases)
    totals["gwp_set"] = project.gwp
    _write_csv(totals, run_dir / "national_totals.csv")
    _write_csv(implied_factor_check(emissions), run_dir / "implied_factors.csv")

    created = created or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    from inventory.analysis.stage import load_analysis  # the analysis stage's outputs, if any

    workbooks = write_crt_workbooks(
        emissions, run_dir / "crt", party=project.party, gwp_set=project.gwp,
        years=project.years, submission_label=f"run {run_id}", banner=project.banner,
        created=created, analysis=load_analysis(run_dir))

    manifest = _manifest(project, run_dir, run_id, mode, parameters or {}, created)
    manifest["crt_workbooks"] = [str(Path(p).relative_to(run_dir)) for p in workbooks]
    with atomic_path(run_dir / "manifest.json") as tmp:
        tmp.write_text(json.dumps(manifest, indent=2, default=str))
    return manifest


def _manifest(project: Project, run_dir: Path, run_id: str, mode: str, parameters: dict,
              created: dt.datetime) -> dict:
    intake = json.loads((run_dir / STAGE_DIR / "intake.json").read_text())
    from inventory.plugins import sectors

    factor_tables = {f"{s.package.replace('.', '/')}/data/{p.name}": file_sha256(p)
                     for s in sectors() for p in sorted(s.data_dir.glob("*.csv"))}
    outputs = {}
    for p in sorted(run_dir.rglob("*")):
        if p.is_file() and STAGE_DIR not in p.relative_to(run_dir).parts[:1]:
            outputs[str(p.relative_to(run_dir))] = file_sha256(p)
    return {
        "run_id": run_id, "mode": mode, "created_utc": created.isoformat(),
        "project": project.name, "party": project.party, "party_code": project.party_code,
        "synthetic": project.synthetic, "years": [project.first_year, project.last_year],
        "regions": project.region_codes, "gwp_set": project.gwp, "tiers": project.tiers,
        "inputs": intake["inputs"], "default_factor_tables": factor_tables,
        "parameters": parameters, "packages": package_versions(),
        "code_commit": _git_commit(Path(__file__).resolve().parent),
        "outputs": outputs,
    }
