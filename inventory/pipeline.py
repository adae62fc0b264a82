"""A compilation run that flows one way:

    intake -> time-series consistency -> sectors -> combine -> analyses -> products -> report
    (read, validate)  (gap filling, splicing)   (methods)  (CRT code,      (key categories,
                                                            CO2-eq, once)   uncertainty ...)

:class:`Run` holds the project, its configuration and its factor database (built once) and
passes each stage's tables to the next; every stage also writes its tables into the run folder,
which is therefore the serialisation of the run. ``ghgi compile`` runs all stages in one
process; ``ghgi run`` runs them from the parameterized notebooks (each notebook opens the run
folder with :meth:`Run.open` and calls its stages), and both write the same files.

Run folder::

    stage/                      the tables passed between stages (parquet)
      input_activity, input_parameters      as read from the inputs
      activity, parameters                  after the time-series rules (what sectors read)
      emissions_<sector>                    per sector; tables/<name> background tables
    validation.json             great-expectations findings on the inputs
    timeseries_provenance.csv   gap filling and splicing (IPCC 2006 Vol.1 Ch.5)
    emissions.parquet/.csv      all rows, with CRT code, memo item, CO2-eq, edition
    tables/<name>.csv           background tables (declared in inventory.products)
    <products>                  indicators and QA tables of the sectors and the core
    kca.csv, uncertainty_*.csv, completeness*.csv, trends.csv, recalculations*.csv, analysis.json
    crt/CRT_<party>_<year>.xlsx, crt_aggregates.csv, national_totals.csv, implied_factors.csv
    checks.csv, checks/<check>.csv   every check finding (inventory.checks)
    manifest.json               inputs and their hashes, versions, settings, outputs
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import secrets
import shutil
import subprocess
from functools import cached_property, wraps
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import (
    __version__,
    qa,  # noqa: F401  (registers the core checks)
    schema,
)
from inventory.atomic import atomic_path
from inventory.checks import FINDING_COLUMNS, CheckPolicy, run_checks
from inventory.csvsafe import write_csv
from inventory.errors import InputError
from inventory.factors import FactorDB
from inventory.methods import TierPlan, registered_methods, run_methods
from inventory.notation import NOTATION_DTYPE
from inventory.products import RunContext, background_tables, ensure_table, report_products
from inventory.profiling import StageTimer
from inventory.progress import StepTracker, print_progress
from inventory.project import Project, load_config
from inventory.qa import implied_factor_check, implied_factors
from inventory.review import products as _review_products  # noqa: F401 (registers them)

__all__ = ["Run", "new_run_id", "sectors_in_order", "compute_sector", "STAGE_DIR",
           "implied_factor_check", "load_stage", "package_versions", "write_csv"]

STAGE_DIR = "stage"
_PACKAGES = ("pandas", "numpy", "pint", "xlsxwriter", "openpyxl", "climate-categories",
             "globalwarmingpotentials", "great-expectations", "papermill", "pyarrow")


def sectors_in_order() -> tuple[str, ...]:
    """Sectors that have registered methods, in CRT order."""
    from inventory.plugins import sector_names

    present = {m.sector for m in registered_methods()}
    return tuple(s for s in sector_names() if s in present)


def compute_sector(activity: pd.DataFrame, name: str, factors: FactorDB, plan: TierPlan,
                   options: dict | None) -> tuple[pd.DataFrame, dict[str, list]]:
    """The sector stage of one sector, pure: the activity rows whose (category, activity)
    the sector's methods own -> (emission rows with provenance, background tables as
    name -> list of frames). The single-machine path calls it with all regions; the
    distributed path (:mod:`inventory.distributed`) with one region per task."""
    from inventory.methods import method_for

    act = activity
    pairs = act[["category", "activity"]].astype(str).drop_duplicates()
    mine = {(c, a) for c, a in pairs.itertuples(index=False)
            if getattr(method_for(c, a), "sector", None) == name}
    keys = list(zip(act["category"].astype(str), act["activity"].astype(str), strict=True))
    rows = act[np.fromiter((k in mine for k in keys), bool, len(keys))]
    tables: dict[str, list] = {}
    emissions = run_methods(rows, factors, plan, sectors=(name,), options=options,
                            tables=tables)
    return emissions, tables


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable and unique: UTC time to the microsecond plus a random suffix, so two runs
    started in the same second never share a folder."""
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%S.%fZ").replace(".", "") + "-" + secrets.token_hex(2)


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False)


def _restore_keys(df: pd.DataFrame) -> pd.DataFrame:
    if "notation_key" in df:
        df["notation_key"] = df["notation_key"].astype(object).astype(NOTATION_DTYPE)
    return df


def load_stage(run_dir: Path | str, name: str) -> pd.DataFrame:
    """A staged table of a run folder (notation keys restored to their categorical type,
    text as plain object columns: the same types the stage had in memory)."""
    return _restore_keys(schema.plain_strings(
        pd.read_parquet(Path(run_dir) / STAGE_DIR / f"{name}.parquet")))


def _json(obj) -> str:
    return json.dumps(obj, indent=2, default=str, sort_keys=False) + "\n"


def _ends_step(method):
    """A stage method of :class:`Run`: the progress step it started ends when it returns
    (reported failed when it raises), so a display never shows a step running after it."""
    @wraps(method)
    def stage(self, *args, **kwargs):
        try:
            out = method(self, *args, **kwargs)
        except BaseException:
            self.progress.end(ok=False)
            raise
        self.progress.end()
        return out
    return stage


class Run:
    """One compilation of a project into a run folder (see the module docstring)."""

    def __init__(self, project: Project, run_dir: Path | str, run_id: str,
                 mode: str = "compile", validate: bool = True,
                 created: dt.datetime | None = None, store_url: str | None = None,
                 progress=None, allow_outside_inputs: bool = False):
        self.project = project
        self.allow_outside_inputs = allow_outside_inputs
        self.run_dir = Path(run_dir)
        self.run_id = run_id
        self.mode = mode
        self.validate = validate
        self.created = created
        self.store_url = store_url
        self.progress = StepTracker(progress)   # ends each step when its stage returns
        self.warnings: list[str] = []
        self._tables: dict[str, pd.DataFrame] = {}
        self.timer = StageTimer()   # stage times (ghgi compile --profile)
        # CRT workbook processes (None: inventory.crt default), Monte Carlo threads (None: 1)
        self.jobs: int | None = None
        # the sector stage computed elsewhere: run -> {sector: (emissions, tables)} (the
        # regions on a Dask cluster, inventory.distributed; None: in this process), and what
        # computed it (recorded in the manifest)
        self.sector_stage = None
        self.engine: dict | None = None
        self._memo: dict = {}   # RunContext.memo: derived tables shared by checks/products
        self._staged: dict[str, pd.DataFrame] = {}   # what _stage wrote, by stage name

    @classmethod
    def open(cls, project_dir: Path | str, run_dir: Path | str, run_id: str | None = None,
             mode: str = "run", validate: bool = True, created: str | None = None,
             progress=None, allow_outside_inputs: bool = False) -> Run:
        """The run of a folder being built (or finished): what a notebook calls."""
        run_dir = Path(run_dir)
        when = dt.datetime.fromisoformat(created) if created else None
        return cls(load_config(project_dir), run_dir, run_id or run_dir.name, mode, validate,
                   when, progress=progress or print_progress,
                   allow_outside_inputs=allow_outside_inputs)

    # ------------------------------------------------------------ staged tables
    @property
    def stage_dir(self) -> Path:
        return self.run_dir / STAGE_DIR

    def table(self, name: str) -> pd.DataFrame:
        """A staged table, from memory or from the stage folder (read once)."""
        if name not in self._tables:
            path = self.stage_dir / f"{name}.parquet"
            if not path.exists():
                raise InputError(f"the run has no stage table '{name}' yet", str(path),
                                 "the earlier stages of the run (intake, sectors) first")
            self._tables[name] = load_stage(self.run_dir, name)
        return self._tables[name]

    def _stage(self, name: str, df: pd.DataFrame) -> None:
        df = schema.plain_strings(df)
        self._tables[name] = df
        path = self.stage_dir / f"{name}.parquet"
        # the same table staged under a second name (the activity and parameters after the
        # time-series stage when no rule changed them): the file is copied, not re-encoded
        same = next((n for n, t in self._staged.items() if t is df and n != name), None)
        if same is not None:
            with atomic_path(path) as tmp:
                shutil.copyfile(self.stage_dir / f"{same}.parquet", tmp)
        else:
            _write_parquet(df, path)
        self._staged[name] = df

    def _has(self, name: str) -> bool:
        return name in self._tables or (self.stage_dir / f"{name}.parquet").exists()

    @property
    def activity(self) -> pd.DataFrame:
        return self.table("activity")

    @property
    def parameters(self) -> pd.DataFrame:
        return self.table("parameters")

    @cached_property
    def factors(self) -> FactorDB:
        """IPCC defaults of the project's edition plus the project's parameters (built once)."""
        return FactorDB.with_defaults(self.parameters, guidelines=self.guidelines or None)

    @property
    def guidelines(self) -> str:
        return str(getattr(self.project, "guidelines", "") or "")

    @cached_property
    def plan(self) -> TierPlan:
        return TierPlan(self.project.tiers)

    @cached_property
    def policy(self) -> CheckPolicy:
        return CheckPolicy.from_config(self.project.raw.get("checks"))

    def context(self, emissions: pd.DataFrame | None = None, sector: str | None = None,
                tables: dict | None = None, analysis: dict | None = None) -> RunContext:
        return RunContext(self.project, self.activity, self.parameters, self.factors,
                          emissions if emissions is not None else schema.empty("emissions"),
                          tables if tables is not None else {}, analysis or {}, sector,
                          run_dir=self.run_dir, run_id=self.run_id, store_url=self.store_url,
                          memo=self._memo)

    # ------------------------------------------------------------ 1. intake
    @_ends_step
    def intake(self) -> dict:
        """Read the inputs (never modified), validate them, stage them as read."""
        from inventory.io.readers import read_inputs
        from inventory.options import check_option_sections

        check_option_sections(self.project.options, str(self.project.root / "inventory.yml"))
        self.progress("reading inputs")
        notes: list = []
        with self.timer.stage("read", rows=lambda: len(activity) + len(parameters)):
            activity, parameters, records = read_inputs(self.project, notes,
                                                        self.allow_outside_inputs)
        summary = {"inputs": [r.__dict__ for r in records], "activity_rows": len(activity),
                   "parameter_rows": len(parameters)}
        self.stage_dir.mkdir(parents=True, exist_ok=True)
        self._stage("input_activity", activity)
        self._stage("input_parameters", parameters)
        for note in notes:
            self._warn(f"{note.source_ref}: {note.message}")
        if self.validate:
            from validation.run import validate_tables  # great_expectations loads only here

            self.progress("validating inputs (great-expectations)")
            with self.timer.stage("validate", rows=len(activity) + len(parameters)):
                report = validate_tables(activity, parameters,
                                         regions=self.project.region_codes,
                                         first_year=self.project.first_year,
                                         last_year=self.project.last_year)
            report.to_json(self.run_dir / "validation.json")
            gx = _gx_findings(report)
            if not report.success:   # staged before raising; else once, with the checks
                self._record("intake", gx)
            report.raise_if_failed()
            summary["validation"] = "passed"
        else:
            gx = pd.DataFrame(columns=FINDING_COLUMNS)
        self._tables["activity"], self._tables["parameters"] = activity, parameters
        with self.timer.stage("checks"):
            findings, full = run_checks("intake", self.context(), self.policy, self._warn)
        found = [f for f in (gx, _note_findings(notes) if notes else None, findings)
                 if f is not None and len(f)]
        self._record("intake", pd.concat(found, ignore_index=True) if found else findings,
                     full)
        with atomic_path(self.stage_dir / "intake.json") as tmp:
            tmp.write_text(_json(summary))
        return summary

    # ------------------------------------------------------------ 2. time series
    @_ends_step
    def timeseries(self) -> pd.DataFrame:
        """Apply the project's gap-filling and splicing rules (before any sector reads the
        data) and stage the tables the sectors read; returns the provenance."""
        from inventory.analysis.options import analysis_options
        from inventory.analysis.timeseries import PROVENANCE_COLUMNS, apply_rules, find_gaps

        activity = self.table("input_activity")
        parameters = self.table("input_parameters")
        rules = analysis_options(self.project).timeseries
        if rules:
            self.progress(f"time-series consistency: {len(rules)} rule(s)")
            activity, parameters, prov = apply_rules(activity, parameters, rules)
            schema.ensure_valid(activity, "activity")
            schema.ensure_valid(parameters, "parameters")
        else:
            prov = find_gaps(activity)
        self._stage("activity", activity)
        self._stage("parameters", parameters)
        self.__dict__.pop("factors", None)
        prov = prov.reindex(columns=PROVENANCE_COLUMNS)
        write_csv(prov, self.run_dir / "timeseries_provenance.csv")
        return prov

    # ------------------------------------------------------------ 3. sectors
    @_ends_step
    def sector(self, name: str, computed: tuple[pd.DataFrame, dict] | None = None
               ) -> pd.DataFrame:
        """One sector's methods over its activity rows; stages its emissions, background
        tables and sector products. ``computed``: the (emissions, tables) of
        :func:`compute_sector` already computed elsewhere (the regions on a Dask cluster,
        :mod:`inventory.distributed`); staging and products are the same either way."""
        if computed is None:
            self.progress(f"computing {name}")
            emissions, tables = compute_sector(self.activity, name, self.factors, self.plan,
                                               self.project.options)
        else:
            emissions, tables = computed[0], dict(computed[1])
        self._stage(f"emissions_{name}", emissions)
        done = {}
        for tname, spec in background_tables().items():
            if spec.sector != name:
                continue
            df = ensure_table(tname, tables.pop(tname, []))
            self._stage(f"tables/{tname}", df)
            done[tname] = df
        if tables:
            raise ValueError(f"{name} returned undeclared background tables {sorted(tables)}")
        ctx = self.context(emissions, sector=name, tables=done)
        for product in report_products("sector", sector=name):
            product.write_to(ctx, self.run_dir / product.filename)
        return emissions

    def sectors(self) -> None:
        for name in sectors_in_order():
            self.sector(name)

    # ------------------------------------------------------------ 4. combine
    @_ends_step
    def combine(self) -> pd.DataFrame:
        """All sectors' rows as one table with CRT code, memo item and CO2-eq (once)."""
        from inventory.combine import combine_emissions

        self.progress("combining the sectors")
        frames = [self.table(f"emissions_{s}") for s in sectors_in_order()
                  if self._has(f"emissions_{s}")]
        em = combine_emissions(frames, self.project.gwp, self.guidelines)
        self._tables["emissions"] = em
        write_csv(em, self.run_dir / "emissions.csv")
        _write_parquet(em, self.run_dir / "emissions.parquet")
        # CRT cells stored by an earlier report stage (a re-run in a working run) were built
        # from the old rows: gone, so `ghgi etf export` never reads them (the report writes
        # them again)
        from inventory.crt.cells import CELLS_FILE

        (self.run_dir / CELLS_FILE).unlink(missing_ok=True)
        for tname in self.background_tables():
            write_csv(self.table(f"tables/{tname}"), self.run_dir / "tables" / f"{tname}.csv")
        findings, full = run_checks("emissions", self.context(em, tables=self.tables_dict()),
                                    self.policy, self._warn)
        self._record("emissions", findings, full)
        return em

    @property
    def emissions(self) -> pd.DataFrame:
        if "emissions" not in self._tables:
            path = self.run_dir / "emissions.parquet"
            if not path.exists():
                raise InputError("the run has no combined emissions yet", str(path),
                                 "the combine stage first")
            self._tables["emissions"] = _restore_keys(schema.plain_strings(
                pd.read_parquet(path)))
        return self._tables["emissions"]

    def background_tables(self) -> list[str]:
        return [t for t in background_tables() if self._has(f"tables/{t}")]

    def tables_dict(self) -> dict[str, pd.DataFrame]:
        return {t: self.table(f"tables/{t}") for t in self.background_tables()}

    # ------------------------------------------------------------ 5. analyses
    @_ends_step
    def analyses(self, parts=None) -> dict:
        """Key categories, uncertainty, completeness, trends, recalculations (pure functions
        over the combined emissions); writes their tables and ``analysis.json``."""
        from inventory.analysis.options import analysis_options
        from inventory.analysis.stage import ANALYSES, ANALYSIS_FILES, analyse

        parts = tuple(p for p in ANALYSES if p in (parts or ANALYSES))
        self.progress("analyses: " + ", ".join(parts))
        opts = analysis_options(self.project)
        a1_path = self.run_dir / ANALYSIS_FILES["uncertainty_approach1"]
        a1 = (pd.read_csv(a1_path, dtype={"kca_id": str, "gas": str})
              if "uncertainty" not in parts and a1_path.exists() else None)
        res = analyse(self.emissions, self.activity, self.parameters, self.project, opts,
                      parts, store_url=self.store_url, run_id=self.run_id,
                      run_dir=self.run_dir, approach1=a1, jobs=self.jobs,
                      progress=lambda i, n: self.progress(f"Monte Carlo {i}/{n}"))
        for name, df in res.tables.items():
            write_csv(df, self.run_dir / ANALYSIS_FILES[name])
        if res.mc_samples is not None:
            _write_parquet(res.mc_samples, self.run_dir / "uncertainty_mc_totals.parquet")
        meta_path = self.run_dir / "analysis.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {"parts": {}}
        meta["parts"].update(res.parts)
        meta["parts"] = {p: meta["parts"][p] for p in ANALYSES if p in meta["parts"]}
        meta.update({"base_year": self.project.base_year,
                     "latest_year": self.project.last_year, "gwp_set": self.project.gwp,
                     "options": {k: v for k, v in opts.__dict__.items() if k != "extra"}})
        with atomic_path(meta_path) as tmp:
            tmp.write_text(_json(meta))
        return meta

    def analysis_tables(self) -> dict:
        from inventory.analysis.stage import load_analysis

        return load_analysis(self.run_dir)

    # ------------------------------------------------------------ 6. report
    @_ends_step
    def report(self) -> dict:
        """Report products, checks on the analyses, CRT workbooks, aggregates, implied
        factors, checks.csv and the manifest."""
        from inventory.crt import write_crt_workbooks
        from inventory.crt.cells import CELLS_FILE
        from inventory.crt.docbox import read_documentation

        em = self.emissions
        analysis = self.analysis_tables()
        ctx = self.context(em, tables=self.tables_dict(), analysis=analysis)
        with self.timer.stage("products"):
            for product in report_products("report"):
                self.progress(f"product {product.name}")
                product.write_to(ctx, self.run_dir / product.filename)
        with self.timer.stage("checks"):
            findings, full = run_checks("analyses", ctx, self.policy, self._warn)
            self._record("analyses", findings, full)

        self.progress("aggregating over the CRT tree")
        with self.timer.stage("aggregates", rows=len(em)):
            self._aggregates(em)
        with self.timer.stage("implied_factors", rows=len(em)):
            write_csv(implied_factors(ctx), self.run_dir / "implied_factors.csv")

        self.progress("writing CRT workbooks")
        created = self.created or dt.datetime(2000, 1, 1)
        with self.timer.stage("crt_workbooks", rows=len(self.project.years)):
            workbooks = write_crt_workbooks(
                em, self.run_dir / "crt", party=self.project.party, gwp_set=self.project.gwp,
                years=self.project.years, submission_label=f"run {self.run_id}",
                banner=self.project.banner, created=created, analysis=analysis,
                tables=self.tables_dict(), guidelines=self.guidelines, jobs=self.jobs,
                progress=lambda i, n: self.progress(f"writing CRT workbooks {i}/{n}"),
                documentation=read_documentation(self.project.root),
                flexibility=self.project.raw.get("flexibility"),
                cells_path=self.run_dir / CELLS_FILE)
        with self.timer.stage("manifest"):
            self._write_checks()
            manifest = self._manifest()
            if self.engine is not None:
                manifest["engine"] = self.engine
            manifest["crt_workbooks"] = [str(Path(p).relative_to(self.run_dir))
                                         for p in workbooks]
            with atomic_path(self.run_dir / "manifest.json") as tmp:
                tmp.write_text(_json(manifest))
        return manifest

    def _aggregates(self, em: pd.DataFrame) -> None:
        """crt_aggregates.csv (national and per region, per gas) and national_totals.csv."""
        from inventory.categories import aggregate_crt, national_totals

        eq = em.assign(value=em["value_co2eq"])
        by_region = aggregate_crt(eq, by=("region", "year", "gas"))
        national = aggregate_crt(eq.assign(region=self.project.party_code),
                                 by=("region", "year", "gas"))
        aggregates = pd.concat([national, by_region], ignore_index=True)
        aggregates = aggregates.rename(columns={"value": "value_co2eq"})
        aggregates["gwp_set"] = self.project.gwp
        write_csv(aggregates, self.run_dir / "crt_aggregates.csv")
        all_gases = aggregate_crt(eq.assign(region=self.project.party_code, gas="CO2eq"),
                                  by=("region", "year", "gas"))
        totals = national_totals(all_gases)
        totals["gwp_set"] = self.project.gwp
        write_csv(totals, self.run_dir / "national_totals.csv")

    def _ipcc_defaults(self) -> FactorDB:
        return self.factors.ipcc_defaults()

    # ------------------------------------------------------------ all of it
    def compile(self) -> dict:
        t = self.timer
        with t.stage("intake", rows=lambda: len(self.table("input_activity"))):
            self.intake()
        with t.stage("timeseries", rows=lambda: len(self.activity)):
            self.timeseries()
        computed: dict = {}
        if self.sector_stage is not None:
            with t.stage("sectors on dask", rows=lambda: len(self.activity)):
                computed = self.sector_stage(self)
        for name in sectors_in_order():
            with t.stage(f"sector {name}",
                         rows=lambda name=name: len(self.table(f"emissions_{name}"))):
                self.sector(name, computed.get(name))
        with t.stage("combine", rows=lambda: len(self.emissions)):
            self.combine()
        with t.stage("analyses", rows=lambda: len(self.emissions)):
            self.analyses()
        with t.stage("report", rows=lambda: len(self.emissions)):
            return self.report()

    # ------------------------------------------------------------ checks and warnings
    def _warn(self, msg: str) -> None:
        self.warnings.append(msg)
        self.progress(f"warning: {msg}")

    def _record(self, stage: str, findings: pd.DataFrame, full: dict | None = None) -> None:
        """Stage the findings of one stage (notebook runs span processes)."""
        if findings is None or findings.empty:
            findings = pd.DataFrame(columns=FINDING_COLUMNS)
        name = f"findings_{stage}"
        prev = self._tables.get(name)
        if prev is None and (self.stage_dir / f"{name}.parquet").exists():
            prev = load_stage(self.run_dir, name)
        if prev is not None and len(prev):
            findings = pd.concat([prev[~prev["check"].isin(findings["check"])], findings],
                                 ignore_index=True)
        self._stage(name, findings.map(lambda v: None if v is None or (isinstance(v, float)
                                                                        and np.isnan(v))
                                       else str(v)).astype(object))
        for check, rows in (full or {}).items():
            write_csv(rows, self.run_dir / "checks" / f"{check}.csv")

    def _write_checks(self) -> None:
        frames = [self.table(f"findings_{s}") for s in ("intake", "emissions", "analyses")
                  if self._has(f"findings_{s}")]
        frames = [f for f in frames if len(f)]
        out = (pd.concat(frames, ignore_index=True) if frames
               else pd.DataFrame(columns=FINDING_COLUMNS))
        write_csv(out.sort_values(["stage", "check"], kind="stable"),
                  self.run_dir / "checks.csv")

    # ------------------------------------------------------------ manifest
    def _manifest(self) -> dict:
        from inventory.io.readers import file_sha256
        from inventory.plugins import sectors

        project = self.project
        intake = json.loads((self.stage_dir / "intake.json").read_text())
        factor_tables = {f"{s.package.replace('.', '/')}/data/{p.name}": file_sha256(p)
                         for s in sectors() for p in sorted(s.data_dir.glob("*.csv"))}
        outputs = {}
        for p in sorted(self.run_dir.rglob("*")):
            rel = p.relative_to(self.run_dir)
            if p.is_file() and rel.parts[0] not in (STAGE_DIR, "notebooks") \
                    and rel.name != "manifest.json":
                outputs[str(rel)] = file_sha256(p)
        checks = pd.read_csv(self.run_dir / "checks.csv", dtype=str)
        return {
            "run_id": self.run_id, "mode": self.mode,
            "created_utc": (self.created or dt.datetime(2000, 1, 1)).isoformat(),
            "project": project.name, "party": project.party,
            "party_code": project.party_code, "synthetic": project.synthetic,
            "years": [project.first_year, project.last_year],
            "base_year": project.base_year, "regions": project.region_codes,
            "gwp_set": project.gwp, "guidelines": self.guidelines,
            "language": getattr(project, "language", "en"),
            "tiers": self.plan.as_dict(), "options": project.options,
            "validated": self.validate,
            "allow_outside_inputs": self.allow_outside_inputs,
            "inputs": intake["inputs"], "default_factor_tables": factor_tables,
            "checks": {"findings": len(checks),
                       "by_action": checks["action"].value_counts().sort_index().to_dict()},
            "packages": package_versions(),
            "code_commit": _git_commit(Path(__file__).resolve().parent),
            "outputs": outputs,
        }


def _note_findings(notes) -> pd.DataFrame:
    """The reader's notes (years left out, rows not read) as findings: severity warning,
    action warn (the setting ``intake.years_outside_range: warn`` asked for it)."""
    return pd.DataFrame([{
        "check": n.check, "severity": "warning", "action": "warn", "stage": "intake",
        "sector": "", "message": n.message, "region": None, "year": None, "category": None,
        "activity": None, "gas": None, "source_ref": n.source_ref, "details": n.details}
        for n in notes], columns=FINDING_COLUMNS)


def _gx_findings(report) -> pd.DataFrame:
    """The great-expectations findings as check findings (check ``validation.<expectation>``,
    severity error: a failed expectation stops the run)."""
    f = report.findings
    if f is None or f.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    out = pd.DataFrame({
        "check": "validation." + f["expectation"].astype(str), "severity": "error",
        "action": "raise", "stage": "intake", "sector": "",
        "message": f["table"].astype(str) + " table, column " + f["column"].astype(str)
        + ": expected " + f["expected"].astype(str),
        "region": None, "year": None, "category": None, "activity": None, "gas": None,
        "source_ref": f["source_ref"], "details": "observed=" + f["observed"].astype(str)})
    return out[FINDING_COLUMNS]


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
