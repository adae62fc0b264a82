"""``ghgi etf export``: the CRT Data Exchange JSON of a run, one block per inventory year.

Every CRT cell we fill (:mod:`inventory.crt.capture`) that the mapping data give an ETF
variable name (:mod:`inventory.etf.mapping`) becomes ``{"variable_uid": ..., "value": {...}}``
(:mod:`inventory.etf.encoding`). UIDs come from the ETF metadata file when the project names one
(``etf: {metadata: <file>}`` in inventory.yml), else from the CRF-CRT common-variables table
shipped with the project (:mod:`inventory.etf.names`). A variable shown on several sheets
(Table1 and Summary1) is written once; sheets that disagree are reported. NE and IE cells carry
the completeness explanation of the run (``completeness.csv``, Table9) as comments of type
``NK_explanation`` / ``Allocation_by_Party`` (the types invdb-py writes).

The document: ``{"version": {...}, "country_specific_data": {"nodes", "variables", "grids",
"drop_downs", "line_description", "dimension_instances"}, "data": {"values": [{"inventory_year":
..., "values": [...]}]}}`` -- the parts etf-cli reads (countrydata.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from inventory.atomic import atomic_path
from inventory.csvsafe import write_csv

from .encoding import EncodeOptions, encode_cell
from .mapping import map_cells
from .names import common_variables, etf_gas, split_name

__all__ = ["ExportResult", "build_document", "export_run", "year_cells", "run_cells",
           "GENERATOR"]

GENERATOR = "GHG Inventory Workbench"


@dataclass
class ExportResult:
    document: dict
    cells: pd.DataFrame                 # every captured cell with mapping status and uid
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    path: Path | None = None

    def counts(self) -> pd.DataFrame:
        """Per sheet: cells mapped (with / without UID) and unmapped."""
        c = self.cells
        st = c["status"].where(c["status"] != "mapped",
                               c["uid"].notna().map({True: "mapped_uid",
                                                     False: "mapped_no_uid"}))
        return (c.assign(st=st).groupby(["sheet", "st"]).size().unstack(fill_value=0)
                .reindex(columns=["mapped_uid", "mapped_no_uid", "unmapped", "missing"],
                         fill_value=0))


def year_cells(prepared, year: int, *, party: str, gwp_set: str,
               documentation: dict | None = None, flexibility: dict | None = None
               ) -> pd.DataFrame:
    """Every cell of the registered sheets for one year (null worksheets, no xlsx)."""
    from inventory.crt.collect import collect_cells
    from inventory.crt.layout import SheetContext

    ctx = SheetContext(party=party, year=int(year), gwp_set=gwp_set,
                       coverage=prepared.coverage, documentation=dict(documentation or {}),
                       flexibility=dict(flexibility or {}))
    return collect_cells(prepared.year(int(year), gwp_set), ctx).assign(year=int(year))


def _comments(completeness: pd.DataFrame | None) -> dict[tuple[str, str, str], list[dict]]:
    out: dict[tuple[str, str, str], list[dict]] = {}
    if completeness is None or completeness.empty:
        return out
    for r in completeness.to_dict("records"):
        key = (str(r.get("crt_category")), etf_gas(str(r.get("gas"))), str(r.get("key")))
        items = out.setdefault(key, [])
        expl = r.get("explanation")
        if isinstance(expl, str) and expl and {"comment": expl, "type": "NK_explanation"} \
                not in items:
            items.append({"comment": expl, "type": "NK_explanation"})
        where = r.get("allocation_party")
        if r.get("key") == "IE" and isinstance(where, str) and where:
            c = {"comment": f"IE reported at: {where}", "type": "Allocation_by_Party"}
            if c not in items:
                items.append(c)
    return out


def build_document(cells: pd.DataFrame, *, uids: dict[str, str],
                   options: EncodeOptions | None = None, version: dict | None = None,
                   completeness: pd.DataFrame | None = None,
                   country_specific: dict | None = None,
                   calculated: set[str] | None = None) -> ExportResult:
    """The JSON document from captured cells of one or more years (column ``year``).

    ``uids``: ETF variable name -> UID. ``calculated``: UIDs the tool computes itself (from the
    metadata file): their values are left out, as the tool's import requires."""
    options = options or EncodeOptions()
    mapped = map_cells(cells)
    mapped["uid"] = mapped["etf_name"].map(uids).where(mapped["status"] == "mapped")
    comments = _comments(completeness)
    blocks, conflicts = [], []
    ok = mapped[mapped["uid"].notna()]
    if calculated:
        ok = ok[~ok["uid"].isin(calculated)]
    for year, part in ok.groupby("year", sort=True):
        seen: dict[str, tuple] = {}
        values = []
        for r in part.itertuples(index=False):
            parts = split_name(r.etf_name) or {}
            obj = encode_cell(r.kind, r.value, r.text, parts.get("measure", ""), r.scale,
                              options)
            sig = (obj["type"], round(obj["value"], 9) if isinstance(obj["value"], float)
                   else obj["value"])
            if r.uid in seen:
                first = seen[r.uid]
                if not _same(first[0], sig):
                    conflicts.append({"year": year, "etf_name": r.etf_name, "sheet": r.sheet,
                                      "row": r.row, "column": r.column, "value": sig[1],
                                      "first_sheet": first[1], "first_value": first[0][1]})
                continue
            seen[r.uid] = (sig, r.sheet)
            entry = {"variable_uid": r.uid, "value": obj}
            if r.kind == "key":
                node_code = parts.get("code", "")
                c = comments.get((node_code, parts.get("gas", ""), r.text))
                if c:
                    entry["comments"] = c
            values.append(entry)
        blocks.append({"inventory_year": options.year(int(year)), "values": values})
    csd = {"nodes": [], "variables": [], "grids": [], "drop_downs": [],
           "line_description": [], "dimension_instances": []}
    csd.update(country_specific or {})
    doc = {"version": version or {"name": "CRF-CRT common variables (July 2024)",
                                  "generator": GENERATOR},
           "country_specific_data": csd, "data": {"values": blocks}}
    return ExportResult(doc, mapped, pd.DataFrame(conflicts))


def _same(a: tuple, b: tuple) -> bool:
    if a[0] != b[0]:
        return False
    if isinstance(a[1], float) and isinstance(b[1], float):
        return abs(a[1] - b[1]) <= 1e-6 * max(1.0, abs(a[1]))
    return a[1] == b[1]


_YEAR_STATE: dict = {}


def _init_year_worker(prepared, kwargs: dict) -> None:
    _YEAR_STATE.update(prepared=prepared, kwargs=kwargs)


def _year_cells_worker(year: int) -> pd.DataFrame:
    return year_cells(_YEAR_STATE["prepared"], year, **_YEAR_STATE["kwargs"])


def export_run(run_dir: Path | str, out: Path | str | None = None, *,
               project_dir: Path | str | None = None, options: EncodeOptions | None = None,
               years: list[int] | None = None, jobs: int | None = None,
               progress=None) -> ExportResult:
    """Write ``<run>/etf/CRT_<party>.json`` (or ``out``) and ``etf_cells.csv`` beside it (every
    cell, its ETF name, UID or the reason it has none).

    ``jobs``: processes capturing the years' cells when the run has no stored cells for them
    (:func:`run_cells`; default the cores from 4 years on, 1 = in this process); the files do
    not depend on it. ``progress(done, total)``: years captured."""
    from inventory.crt.docbox import read_documentation

    from .metadata import load_metadata
    from .source import load_run

    src = load_run(run_dir)
    cfg = _etf_config(project_dir)
    options = options or EncodeOptions(
        number_type=cfg.get("number_type", "numeric"),
        year_as_string=bool(cfg.get("year_as_string", False)))
    uids = dict(common_variables())
    version, calculated = None, None
    if cfg.get("metadata"):
        from inventory.paths import confined

        root = Path(project_dir)   # type: ignore[arg-type]
        meta = load_metadata(confined(root / cfg["metadata"], root, "etf.metadata",
                                      str(root / "inventory.yml")))
        uids.update(meta.by_name)
        version = {**meta.version, "generator": GENERATOR}
        calculated = {u for u in meta.variables if meta.is_calculated(u)}
    docs = read_documentation(project_dir) if project_dir else {}
    flex = _project_raw(project_dir).get("flexibility") or {}
    cells = run_cells(src, years or src.years, documentation=docs, flexibility=flex, jobs=jobs,
                      progress=progress)
    res = build_document(cells, uids=uids, options=options, version=version,
                         completeness=src.analysis.get("completeness"),
                         calculated=calculated)
    from inventory.crt import crt_filename

    target = Path(out) if out else (src.run_dir / "etf" / crt_filename(src.party, 0)
                                    .replace("_0.xlsx", ".json"))
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(res.document, ensure_ascii=False, indent=1),
                       encoding="utf-8")
    write_csv(res.cells.drop(columns=["matches"]), target.with_name("etf_cells.csv"))
    res.path = target
    return res


def run_cells(src, years: list[int], *, documentation: dict, flexibility: dict,
              jobs: int | None = None, progress=None) -> pd.DataFrame:
    """Every CRT cell of ``years`` of a run: read from ``<run>/crt_cells.parquet``, which the
    compile wrote while writing the workbooks (:mod:`inventory.crt.cells`), when it holds those
    years with the same documentation boxes and flexibility settings; else captured here by
    running the sheet writers against null worksheets (runs of earlier versions, or an export
    given other documentation texts than the compile). ``jobs``: processes capturing the years
    in that case (:mod:`inventory.jobs`); the cells do not depend on it."""
    from inventory.crt.cells import CELLS_FILE, read_cells
    from inventory.jobs import process_map

    stored = read_cells(src.run_dir / CELLS_FILE, years, documentation=documentation,
                        flexibility=flexibility)
    if stored is not None:
        return stored
    kwargs = {"party": src.party, "gwp_set": src.gwp_set, "documentation": documentation,
              "flexibility": flexibility}
    return pd.concat(process_map(_year_cells_worker, years, jobs=jobs,
                                 initializer=_init_year_worker,
                                 initargs=(src.prepared(), kwargs), progress=progress),
                     ignore_index=True)


def _project_raw(project_dir) -> dict:
    if not project_dir:
        return {}
    from inventory.project import load_config

    return dict(load_config(project_dir).raw)


def _etf_config(project_dir) -> dict:
    return dict(_project_raw(project_dir).get("etf") or {})
