"""``ghgi compare``: the CRT Table8 drafts of a finished run folder against an archived
submission (recalculations), with the reasons the compiler fills in."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from inventory.analysis.stage import compare_with_submission
from inventory.atomic import atomic_path
from inventory.csvsafe import write_csv

__all__ = ["compare_run", "read_reasons", "REASON_COLUMNS"]


def _emissions(run_dir: Path) -> pd.DataFrame:
    from inventory.notation import NOTATION_DTYPE

    df = pd.read_parquet(run_dir / "emissions.parquet")
    df["notation_key"] = df["notation_key"].astype(object).astype(NOTATION_DTYPE)
    return df


REASON_COLUMNS = ("node", "gas_group", "reason")


def read_reasons(path: Path) -> pd.DataFrame:
    """The filled ``reasons.csv`` (columns node, gas_group, reason); anything else is an
    InputError naming the file and what is missing."""
    from inventory.errors import InputError

    expected = "the reasons.csv written by 'ghgi compare', with its reason column filled"
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "is a folder", str(path),
                         expected)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", str(path), expected) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(f"cannot be read as CSV ({str(exc)[:120]})", str(path),
                         expected) from None
    missing = [c for c in REASON_COLUMNS if c not in df.columns]
    if missing:
        hint = (" (the columns are separated by semicolons)"
                if len(df.columns) == 1 and ";" in str(df.columns[0]) else "")
        raise InputError(f"columns {missing} are missing{hint} (found {list(df.columns)[:6]})",
                         f"file {path.name}, row 1", expected)
    return df[list(REASON_COLUMNS)]


def compare_run(run_dir: Path | str, against: int, store_url: str | None = None,
                reasons_csv: Path | str | None = None, out_dir: Path | str | None = None
                ) -> Path:
    """``ghgi compare``: the Table8 drafts of a finished run folder against submission
    ``against`` of the store, written to ``<run>/recalculations/against_<id>/``:
    ``recalculations.csv`` (Table8 rows, all years), ``recalculations_series.csv`` (per
    emission series), ``reasons.csv`` (the changed categories with a ``reason`` column to fill
    and feed back with ``--reasons``) and ``Table8_<party>_<year>.xlsx`` (sheets Table8s1 and
    Table8s2 of each year). ``reasons_csv`` (node, gas_group, reason) is stored first."""
    import xlsxwriter

    from inventory.crt import DEFAULT_CREATED, crt_filename
    from inventory.crt.crosscutting import write_table8s1, write_table8s2
    from inventory.crt.data import prepare
    from inventory.crt.layout import WORKBOOK_OPTIONS, Formats, SheetContext
    from inventory.errors import InputError
    from inventory.store import SubmissionStore, resolve_store_url, store_path

    run_dir = Path(run_dir)
    mpath = run_dir / "manifest.json"
    if not mpath.is_file() or not (run_dir / "emissions.parquet").is_file():
        raise InputError("not a run folder (no manifest.json or emissions.parquet)",
                         str(run_dir), "a run folder written by 'ghgi compile' or 'ghgi run'")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"manifest.json is not valid JSON ({exc})", str(run_dir),
                         "an unaltered run folder") from None
    gwp = manifest["gwp_set"]
    url = resolve_store_url(store_url, run_dir)
    if not store_path(url).exists():
        raise InputError("no submission store", url, "a store made by 'ghgi submit'")
    store = SubmissionStore(url, create=False)
    if reasons_csv:
        store.set_reasons(int(against), read_reasons(Path(reasons_csv)))
    emissions = _emissions(run_dir)
    t8, series = compare_with_submission(emissions, gwp, store, int(against))
    out = Path(out_dir) if out_dir else run_dir / "recalculations" / f"against_{int(against)}"
    write_csv(t8, out / "recalculations.csv")
    write_csv(series, out / "recalculations_series.csv")
    changed = t8[t8["change"] != "unchanged"]
    summary = (changed.groupby(["node", "gas_group"], as_index=False)
               .agg(years=("year", lambda y: ", ".join(str(int(v)) for v in sorted(y))),
                    change=("change", lambda c: ", ".join(sorted(set(c)))),
                    reason=("reason", "first")))
    write_csv(summary, out / "reasons.csv")
    prepared = prepare(emissions)
    prepared.analysis = {"recalculations": t8}
    years = manifest.get("years") or [int(emissions["year"].min()), int(emissions["year"].max())]
    for year in range(int(years[0]), int(years[-1]) + 1):
        ctx = SheetContext(party=str(manifest.get("party", "")), year=year, gwp_set=gwp,
                           submission_label=f"run {manifest.get('run_id', '')} against "
                                            f"submission {int(against)} (draft)",
                           coverage=prepared.coverage)
        target = out / crt_filename(manifest.get("party", "party"), year).replace(
            "CRT_", "Table8_")
        with atomic_path(target) as tmp:
            wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
            wb.set_properties({"title": f"CRT Table8 draft {year}", "created": DEFAULT_CREATED})
            fmt = Formats(wb)
            data = prepared.year(year, gwp)
            write_table8s1(wb.add_worksheet("Table8s1"), fmt, data, ctx)
            write_table8s2(wb.add_worksheet("Table8s2"), fmt, data, ctx)
            wb.close()
    return out
