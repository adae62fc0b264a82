"""Run the Great Expectations suites on the input tables and report offending rows.

:func:`validate_tables` validates the ``activity`` and ``parameters`` tables with the suites of
:mod:`validation.suites` (structure from ``validation/suites/*.json`` + the project's regions,
years, categories and units) in an ephemeral GX context, and returns a :class:`ValidationReport`
whose findings name every offending row by its ``source_ref`` (file!sheet!row).

great_expectations is imported inside :func:`validate_tables` only: importing it takes seconds.

A successful validation is cached (:func:`cache_dir`): the same input tables validated with the
same suites, code and great-expectations version give the same report, so a repeated compile
of unchanged inputs reads the report back instead of importing GX and running the suites
(``statistics.cache`` says so). Failed validations are never cached.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from inventory import schema
from inventory.atomic import atomic_path
from inventory.cache import cache_dir as user_cache_dir
from inventory.errors import InputError
from validation import suites

__all__ = ["ValidationReport", "validate_tables", "FINDING_COLUMNS", "MAX_ROWS",
           "ValidationFailed", "cache_dir"]

FINDING_COLUMNS = ("table", "expectation", "column", "source_ref", "observed", "expected")
SUMMARY_COLUMNS = ("table", "expectation", "column", "success", "unexpected_count", "expected")
MAX_ROWS = 20  # offending rows listed per failed expectation (the count is always complete)


class ValidationFailed(InputError):
    """The great-expectations suites found offending rows (the report says which)."""


@dataclass
class ValidationReport:
    """Outcome of :func:`validate_tables`.

    ``findings``: one row per offending row (at most ``MAX_ROWS`` per expectation) or per failed
    table-level expectation (missing column, wrong type: ``source_ref`` empty), columns
    :data:`FINDING_COLUMNS`. ``summary``: one row per expectation run. ``statistics``: counts of
    expectations (total, evaluated, successful, failed), rows and seconds per table.
    """

    success: bool
    findings: pd.DataFrame
    statistics: dict[str, Any] = field(default_factory=dict)
    summary: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SUMMARY_COLUMNS))

    def to_dict(self) -> dict[str, Any]:
        return {
            "success": bool(self.success),
            "statistics": self.statistics,
            "findings": _records(self.findings),
            "summary": _records(self.summary),
        }

    def to_json(self, path: Path | str) -> Path:
        """Write the report as JSON (atomically: a reader never sees half a file)."""
        path = Path(path)
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)
                           + "\n", encoding="utf-8")
        return path

    def describe(self, limit: int = 10) -> str:
        """The first ``limit`` findings, one a line: where (source_ref, column), what, expected."""
        lines = []
        # round robin over the failed expectations: the first offending row of each comes first
        f = self.findings
        order = f.groupby(["table", "expectation", "column"], sort=False).cumcount()
        shown = f.iloc[np.argsort(order.to_numpy(), kind="stable")].head(limit)
        for f in shown.itertuples(index=False):
            where = f"{f.table} table" + (f" {f.source_ref}" if f.source_ref else "")
            lines.append(f"  - {where}, column '{f.column}': {_short(f.expectation)} "
                         f"got {f.observed} (expected {f.expected})")
        failed = self.summary[self.summary["success"] == False]  # noqa: E712 (None = skipped)
        total = int(sum(1 if pd.isna(c) else max(int(c), 1)
                        for c in failed["unexpected_count"])) or len(self.findings)
        more = total - min(limit, len(self.findings))
        if more > 0:
            lines.append(f"  ... and {more} more (see the validation report)")
        return "\n".join(lines)

    def raise_if_failed(self, limit: int = 10) -> None:
        """Raise :class:`InputError` listing the first findings when validation failed."""
        if self.success:
            return
        n = int((self.summary["success"] == False).sum()) or len(self.findings)  # noqa: E712
        raise ValidationFailed(f"{n} data check(s) of the input tables failed "
                         f"(see docs/data_format.md):\n{self.describe(limit)}")


def cache_dir() -> Path | None:
    """Where successful validation reports are kept: ``$GHGI_CACHE_DIR/validation``, else
    ``<temp>/ghgi-<uid>/validation`` (private to the user); None when ``GHGI_CACHE_DIR`` is
    ``off`` or the folder cannot be made private (:func:`inventory.cache.cache_dir`)."""
    return user_cache_dir("validation")


_CODE_FINGERPRINT: list[str] = []


def _code_fingerprint() -> str:
    """The validation code, the saved suites and the GX version: any change is a new key."""
    if not _CODE_FINGERPRINT:
        from importlib import metadata

        h = hashlib.sha256()
        here = Path(__file__).resolve().parent
        for f in sorted([*here.glob("*.py"), *suites.SUITE_DIR.glob("*.json")]):
            h.update(f.name.encode())
            h.update(f.read_bytes())
        try:
            h.update(metadata.version("great-expectations").encode())
        except metadata.PackageNotFoundError:
            h.update(b"no-gx")
        _CODE_FINGERPRINT.append(h.hexdigest())
    return _CODE_FINGERPRINT[0]


def _cache_key(prepared: dict, specs: dict, max_rows: int) -> str:
    h = hashlib.sha256(_code_fingerprint().encode())
    h.update(json.dumps(specs, sort_keys=True, default=str).encode())
    h.update(str(max_rows).encode())
    for table, (df, missing) in prepared.items():
        h.update(f"{table}|{list(df.columns)}|{[str(t) for t in df.dtypes]}|{missing}"
                 .encode())
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    return h.hexdigest()


def _from_cache(folder: Path | None, key: str) -> ValidationReport | None:
    if folder is None:
        return None
    path = folder / f"{key}.json"
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not d.get("success") or d.get("findings"):
        return None
    summary = pd.DataFrame(d.get("summary") or [], columns=list(SUMMARY_COLUMNS)).astype(
        {"unexpected_count": "Int64"})
    stats = dict(d.get("statistics") or {})
    stats["cache"] = f"hit {key[:16]}"
    return ValidationReport(success=True,
                            findings=pd.DataFrame(columns=list(FINDING_COLUMNS)),
                            statistics=stats, summary=summary)


def _to_cache(folder: Path | None, key: str, report: ValidationReport) -> None:
    if folder is None or not report.success or len(report.findings):
        return
    try:
        report.to_json(folder / f"{key}.json")
    except OSError:
        pass   # a cache that cannot be written is only slower


def _short(expectation: str) -> str:
    return expectation.removeprefix("expect_").replace("_", " ") + ":"


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in df.to_dict("records")]


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    return v


def _prepare(df: pd.DataFrame, table: str) -> tuple[pd.DataFrame, list[str]]:
    """The frame GX sees: a fresh RangeIndex, missing optional columns added empty, and a
    ``source_ref`` on every row ('<table> row <i>' where the row did not come from a file).
    Returns it and the missing required columns."""
    cols = schema.TABLES[table]
    missing = [c.name for c in cols if c.required and c.name not in df.columns]
    add: dict[str, Any] = {}
    n = len(df)
    for c in cols:
        if not c.required and c.name not in df.columns:
            add[c.name] = np.full(n, np.nan) if c.dtype == "float" else pd.Series(
                [None] * n, dtype="object")
    ref = df["source_ref"] if "source_ref" in df.columns else pd.Series([None] * n, index=df.index)
    if ref.isna().any():
        fallback = pd.Series([f"{table} row {i}" for i in range(n)], index=df.index)
        add["source_ref"] = ref.astype("object").where(ref.notna(), fallback)
    out = df.reset_index(drop=True)
    if add:
        out = out.assign(**{k: (v.to_numpy() if isinstance(v, pd.Series) else v)
                            for k, v in add.items()})
    return out, missing


def _gx_context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _result_format(max_rows: int) -> dict:
    # SUMMARY + partial_unexpected_count: GX lists the first max_rows offending rows
    # (partial_unexpected_index_list, with their source_ref) and counts all of them; COMPLETE
    # would ship every offending row and value through GX's result objects.
    return {"result_format": "SUMMARY", "partial_unexpected_count": max_rows,
            "unexpected_index_column_names": ["source_ref"]}


def _text(v: Any) -> str:
    return "empty" if v is None or (isinstance(v, float) and np.isnan(v)) else str(_plain(v))


def _observed(entry: dict, columns: list[str]) -> str:
    vals = [(c, entry[c]) for c in columns if c in entry]
    if len(vals) == 1:
        return _text(vals[0][1])
    return ", ".join(f"{c}={_text(v)}" for c, v in vals)


def _exception_message(info: dict | None) -> str | None:
    """The message of an exception GX caught, top level or per metric, else None."""
    if not info:
        return None
    entries = [info] if "raised_exception" in info else [
        v for v in info.values() if isinstance(v, dict)]
    for e in entries:
        if str(e.get("raised_exception")) == "True":
            return str(e.get("exception_message") or "exception")
    return None


def _collect(table: str, result, missing: list[str], max_rows: int,
             findings: list[dict], summary: list[dict]) -> None:
    for r in result.results:
        cfg = r.expectation_config
        meta = cfg.meta or {}
        column = meta.get("column") or cfg.kwargs.get("column") or ""
        expected = meta.get("expected", "")
        res = r.result or {}
        error = _exception_message(r.exception_info)
        count = res.get("unexpected_count")
        summary.append({"table": table, "expectation": cfg.type, "column": column,
                        "success": bool(r.success), "unexpected_count": count,
                        "expected": expected})
        if r.success:
            continue
        base = {"table": table, "expectation": cfg.type, "column": column, "expected": expected}
        if cfg.type != "expect_column_to_exist" and any(c in missing for c in column.split(",")):
            # on a missing required column: its expect_column_to_exist finding says so
            summary[-1]["success"] = None
            continue
        if error is not None:  # GX could not evaluate it (e.g. numbers stored as text)
            findings.append({**base, "source_ref": "", "observed": f"error: {error}"})
            continue
        rows = res.get("partial_unexpected_index_list") or res.get("unexpected_index_list")
        if rows and isinstance(rows[0], dict):
            cols = [c for c in column.split(",") if c]
            for entry in rows[:max_rows]:
                findings.append({**base, "source_ref": str(entry.get("source_ref", "")),
                                 "observed": _observed(entry, cols)})
        else:  # table/column-level expectation (column exists, type): no rows to name
            obs = res.get("observed_value")
            if cfg.type == "expect_column_to_exist":
                obs = "missing"
            findings.append({**base, "source_ref": "", "observed": "" if obs is None else str(obs)})


def validate_tables(activity: pd.DataFrame, parameters: pd.DataFrame, *,
                    regions: Iterable[str], first_year: int, last_year: int,
                    categories: Iterable[str] | None = None, max_rows: int = MAX_ROWS,
                    suite_dir: Path | None = None, cache: bool = True) -> ValidationReport:
    """Validate the ``activity`` and ``parameters`` tables with Great Expectations.

    The suites are the saved structure (``validation/suites/<table>.json``) plus the project's
    ``regions`` (parameters may also say '*'), the years ``first_year``-``last_year`` (activity),
    the IPCC 2006 ``categories`` (default: all codes of climate_categories IPCC2006) and the
    units :func:`inventory.units.parse_unit` accepts. At most ``max_rows`` offending rows are
    listed per failed expectation; ``statistics['unexpected_rows']`` counts them all.
    """
    t0 = time.perf_counter()
    regions = list(regions)
    cats = list(categories) if categories is not None else suites.known_categories()
    frames = {"activity": activity, "parameters": parameters}
    prepared = {t: _prepare(df, t) for t, df in frames.items()}
    unit_values = np.concatenate([pd.unique(df["unit"].astype("object").to_numpy())
                                  for df, _ in prepared.values() if "unit" in df.columns]
                                 or [np.array([], dtype=object)])
    units = suites.parseable_units(unit_values)
    specs = {t: suites.build_suite(t, regions=regions, first_year=first_year,
                                   last_year=last_year, units=units, categories=cats,
                                   structure=suites.saved_suite(t, suite_dir))
             for t in frames}
    t_prep = time.perf_counter()
    folder = cache_dir() if cache else None
    key = _cache_key(prepared, specs, max_rows) if folder is not None else ""
    hit = _from_cache(folder, key) if folder is not None else None
    if hit is not None:
        hit.statistics.setdefault("seconds", {})["total"] = round(time.perf_counter() - t0, 3)
        return hit

    context = _gx_context()  # imports great_expectations (seconds, once per process)
    source = context.data_sources.add_pandas("inventory")
    result_format = _result_format(max_rows)
    t_gx = time.perf_counter()

    findings: list[dict] = []
    summary: list[dict] = []
    stats: dict[str, Any] = {"expectations": 0, "evaluated": 0, "successful": 0, "failed": 0,
                             "unexpected_rows": 0, "rows": {}, "seconds": {}}
    for table, (df, missing) in prepared.items():
        t1 = time.perf_counter()
        suite = context.suites.add(suites.to_gx_suite(specs[table]))
        batch = (source.add_dataframe_asset(table)
                 .add_batch_definition_whole_dataframe(f"{table}_whole")
                 .get_batch(batch_parameters={"dataframe": df}))
        result = batch.validate(suite, result_format=result_format)
        n_before = len(summary)
        _collect(table, result, missing, max_rows, findings, summary)
        s = result.statistics
        stats["expectations"] += len(specs[table]["expectations"])
        stats["evaluated"] += int(s["evaluated_expectations"])
        stats["successful"] += int(s["successful_expectations"])
        stats["failed"] += int(s["unsuccessful_expectations"])
        stats["unexpected_rows"] += int(sum(row["unexpected_count"] or 0
                                            for row in summary[n_before:]))
        stats["rows"][table] = len(df)
        stats["seconds"][table] = round(time.perf_counter() - t1, 3)
    stats["seconds"]["prepare"] = round(t_prep - t0, 3)
    stats["seconds"]["gx_setup"] = round(t_gx - t_prep, 3)
    stats["seconds"]["total"] = round(time.perf_counter() - t0, 3)
    report = ValidationReport(
        success=stats["failed"] == 0,
        findings=pd.DataFrame(findings, columns=list(FINDING_COLUMNS)),
        statistics=stats,
        summary=pd.DataFrame(summary, columns=list(SUMMARY_COLUMNS)).astype(
            {"unexpected_count": "Int64"}),
    )
    _to_cache(folder, key, report)
    return report
