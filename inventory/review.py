"""The reviewer's view of one run folder, and the launcher of the Voila review app.

The review app (``notebooks/apps/review.py``, started by ``ghgi review [run]``) only *reads* a
run folder written by ``ghgi compile``/``ghgi run``: ``manifest.json``, ``emissions.parquet``
(or ``.csv``), ``crt_aggregates.csv`` and ``implied_factors.csv``. The functions here load those
files into frames and select/group rows for display. Nothing here computes an emission: every
number shown comes from an output file (the only sums are display roll-ups of rows the run wrote,
e.g. "all gases" adds the CO2-eq aggregates of the three gases).

    run = load_run("outputs/demoland/20250101T000000Z")
    trend(run, region="DML", crt="1.A.1", gas="CO2")        # year, value_co2eq, notation_key
    year_rows(run, "DML", "1.A.1", "CO2", 2020)              # emission rows with provenance
    ief_series(run, "1.A.1.a", "natural_gas", "CH4")         # IEF vs IPCC default and range
    notation_rows(run, "DML", "TOTAL", ALL_GASES)            # rows reported with a key
    key_categories(run, "excluding")                         # kca.csv: the key categories
    uncertainty_table(run, "excluding")                      # uncertainty_approach1.csv
    recalculation_diff(run)                                  # recalculations.csv: changes

``serve(run_dir, port)`` converts the app to a notebook in a temporary folder and runs Voila on
127.0.0.1 with the run folder in ``GHGI_RUN_DIR``.
"""

from __future__ import annotations

import html
import json
import numbers
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["ALL_GASES", "APP_NOTEBOOK", "ENV_RUN_DIR", "ReviewRun", "load_run", "check_run_dir",
           "resolve_run_dir",
           "region_options", "year_options", "category_options", "gas_options", "trend",
           "year_rows", "ief_options", "ief_series", "notation_rows", "html_table",
           "voila_command", "serve", "TABLE_COLUMNS", "ipcc_title", "year_ranges",
           "analysis_table", "key_categories", "uncertainty_table", "recalculation_diff",
           "KCA_COLUMNS", "UNCERTAINTY_COLUMNS", "RECALC_COLUMNS", "check_summary",
           "check_findings", "CHECK_COLUMNS"]

ENV_RUN_DIR = "GHGI_RUN_DIR"
ALL_GASES = "ALL"  # gas selector value: all gases in CO2-eq
APP_NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "apps" / "review.py"
REQUIRED_FILES = ("manifest.json", "crt_aggregates.csv", "implied_factors.csv")


# ------------------------------------------------------------------ loading
@dataclass
class ReviewRun:
    """The tables of one run folder, as written by the pipeline."""

    run_dir: Path
    manifest: dict
    emissions: pd.DataFrame
    aggregates: pd.DataFrame
    implied: pd.DataFrame
    crt_titles: dict[str, str] = field(default_factory=dict)

    @property
    def party_code(self) -> str:
        return str(self.manifest.get("party_code") or "")

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("synthetic"))

    @cached_property
    def crt_of_ipcc(self) -> dict[str, str]:
        """IPCC 2006 code -> CRT code, as the run mapped them (emissions.crt_category)."""
        pairs = self.emissions[["category", "crt_category"]].drop_duplicates()
        return dict(zip(pairs["category"], pairs["crt_category"], strict=True))

    @cached_property
    def crt_chain(self) -> dict[str, tuple[str, ...]]:
        """CRT code of each emission row -> the code and its CRT ancestors up to TOTAL."""
        from inventory.categories import crt_ancestors

        out = {}
        for code in pd.unique(self.emissions["crt_category"].dropna()):
            try:
                out[code] = crt_ancestors(code)
            except KeyError:
                out[code] = (code, "TOTAL")
        return out

    def in_crt(self, crt_codes: pd.Series, crt: str) -> pd.Series:
        """Mask: the rows whose CRT code is ``crt`` or below it."""
        chain = self.crt_chain
        return crt_codes.map(lambda c: crt in chain.get(c, (c, "TOTAL")))


def check_run_dir(path: Path | str) -> Path:
    """``path`` if it holds the files the app reads, else FileNotFoundError naming them."""
    path = Path(path).expanduser()
    missing = [f for f in REQUIRED_FILES if not (path / f).exists()]
    if not (path / "emissions.parquet").exists() and not (path / "emissions.csv").exists():
        missing.append("emissions.parquet")
    if missing:
        raise FileNotFoundError(f"{path} is not a complete run folder (missing {missing}); "
                                "make one with 'ghgi compile <project>'")
    return path


def resolve_run_dir(run_dir: Path | str | None = None) -> Path:
    """The run folder: ``$GHGI_RUN_DIR`` when set, else ``run_dir``."""
    chosen = os.environ.get(ENV_RUN_DIR) or run_dir
    if not chosen:
        raise FileNotFoundError(
            f"no run folder: set {ENV_RUN_DIR} or the notebook parameter run_dir")
    return check_run_dir(chosen)


def _text(s: pd.Series) -> pd.Series:
    """Strings (notation keys are categorical in the parquet file) with None for missing."""
    return s.astype(object).where(s.notna(), None)


def _crt_titles() -> dict[str, str]:
    try:
        from inventory.categories import crt_tree

        return crt_tree()["title"].to_dict()
    except Exception:  # titles are a nicety; the codes are what the run wrote
        return {}


def load_run(run_dir: Path | str | None = None) -> ReviewRun:
    """Read a run folder (``$GHGI_RUN_DIR`` wins over ``run_dir``)."""
    path = resolve_run_dir(run_dir)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    if (path / "emissions.parquet").exists():
        emissions = pd.read_parquet(path / "emissions.parquet")
    else:
        emissions = pd.read_csv(path / "emissions.csv", keep_default_na=False,
                                na_values=[""])
    emissions["notation_key"] = _text(emissions["notation_key"])
    emissions["memo"] = emissions["memo"].astype(bool)
    # CRT codes like "1" or "4" must stay strings; "NA" is a notation key, not a missing value
    aggregates = pd.read_csv(path / "crt_aggregates.csv", dtype={"crt": str, "region": str},
                             keep_default_na=False, na_values=[""])
    aggregates["notation_key"] = _text(aggregates["notation_key"])
    implied = pd.read_csv(path / "implied_factors.csv", dtype={"category": str})
    implied["within_range"] = implied["within_range"].map(
        {True: True, False: False, "True": True, "False": False}).astype("boolean")
    return ReviewRun(run_dir=path, manifest=manifest, emissions=emissions,
                     aggregates=aggregates, implied=implied, crt_titles=_crt_titles())


# ------------------------------------------------------------------ selector options
def region_options(run: ReviewRun) -> list[tuple[str, str]]:
    """(label, code): the national total first, then the provinces in manifest order."""
    present = list(pd.unique(run.aggregates["region"]))
    order = [run.party_code] + list(run.manifest.get("regions") or [])
    codes = [c for c in order if c in present] + sorted(c for c in present if c not in order)
    party = run.manifest.get("party") or run.party_code
    return [(f"{c} national ({party})" if c == run.party_code else c, c) for c in codes]


def year_options(run: ReviewRun) -> list[int]:
    return sorted(int(y) for y in pd.unique(run.aggregates["year"]))


def category_options(run: ReviewRun) -> list[tuple[str, str]]:
    """(label, CRT code) for the CRT categories in the run, in CRT order, indented by depth,
    with the IPCC 2006 codes of the emission rows that map to each leaf. Memo items (outside
    TOTAL, not in crt_aggregates.csv) are listed too, for their emission rows."""
    codes = list(pd.unique(run.aggregates["crt"]))
    codes += sorted({a for chain in run.crt_chain.values() for a in chain} - set(codes))
    try:
        from inventory.categories import crt_tree

        tree = crt_tree()
        order = tree["order"].to_dict()
        depth = tree["depth"].to_dict()
    except Exception:
        order, depth = {}, {}
    codes.sort(key=lambda c: (order.get(c, 10_000), c))
    ipcc_of: dict[str, list[str]] = {}
    for ipcc, crt in sorted(run.crt_of_ipcc.items()):
        ipcc_of.setdefault(crt, []).append(ipcc)
    out = []
    for c in codes:
        label = f"{c}  {run.crt_titles.get(c, '')}".rstrip()
        ipcc = ipcc_of.get(c)
        if ipcc and ipcc != [c]:
            label += f"  [IPCC {', '.join(ipcc)}]"
        out.append(("\u00a0\u00a0" * depth.get(c, 0) + label, c))
    return out


def ipcc_title(code: str) -> str:
    """Title of an IPCC 2006 category (climate_categories), '' when unknown."""
    try:
        from inventory.categories import ipcc2006

        return str(ipcc2006()[code].title)
    except Exception:
        return ""


def gas_options(run: ReviewRun) -> list[tuple[str, str]]:
    gases = sorted(pd.unique(run.aggregates["gas"]))
    return [("All gases (CO2-eq)", ALL_GASES)] + [(g, g) for g in gases]


# ------------------------------------------------------------------ selections
def trend(run: ReviewRun, region: str, crt: str, gas: str) -> pd.DataFrame:
    """Aggregated emissions over the years [kt CO2-eq] from ``crt_aggregates.csv``:
    year, value_co2eq, notation_key, incomplete."""
    a = run.aggregates
    sel = a[(a["region"] == region) & (a["crt"] == crt)]
    if gas != ALL_GASES:
        sel = sel[sel["gas"] == gas]
        out = sel[["year", "value_co2eq", "notation_key", "incomplete"]]
    else:  # display roll-up of the gases' rows; a year with only keys keeps its keys
        out = sel.groupby("year", as_index=False).agg(
            value_co2eq=("value_co2eq", lambda v: v.sum(min_count=1)),
            notation_key=("notation_key",
                          lambda k: ",".join(sorted(set(k.dropna()))) or None),
            incomplete=("incomplete", "any"))
    return out.sort_values("year").reset_index(drop=True)


def _select(run: ReviewRun, region: str, crt: str, gas: str) -> pd.DataFrame:
    e = run.emissions
    mask = run.in_crt(e["crt_category"], crt)
    if region != run.party_code:
        mask &= e["region"] == region
    if gas != ALL_GASES:
        mask &= e["gas"] == gas
    return e[mask]


TABLE_COLUMNS = {  # emissions column -> table header
    "region": "Region", "category": "IPCC 2006", "crt_category": "CRT", "activity": "Fuel",
    "gas": "Gas", "value": "kt gas", "notation_key": "Key", "value_co2eq": "kt CO2-eq",
    "memo": "Memo", "tier": "Tier", "equation": "Equation", "activity_value": "Activity",
    "activity_unit": "Unit", "ief": "IEF", "ief_unit": "IEF unit",
    "factor_layer": "Factor layer", "factor_source": "Factor source",
    "activity_ids": "Activity data ref",
}


def year_rows(run: ReviewRun, region: str, crt: str, gas: str, year: int) -> pd.DataFrame:
    """The emission rows of one year for the selection, with their provenance columns."""
    sel = _select(run, region, crt, gas)
    sel = sel[sel["year"] == int(year)]
    cols = [c for c in TABLE_COLUMNS if c in sel.columns]
    return (sel[cols].sort_values(["category", "activity", "gas", "region", "memo"])
            .reset_index(drop=True))


def ief_options(run: ReviewRun, crt: str, gas: str | None = None
                ) -> dict[str, list[str]]:
    """IPCC category -> fuels that have a national implied factor, for categories under
    ``crt`` (and ``gas`` when it is a single gas)."""
    i = run.implied
    if gas and gas != ALL_GASES:
        i = i[i["gas"] == gas]
    crt_codes = i["category"].map(run.crt_of_ipcc)
    i = i[run.in_crt(crt_codes, crt)]
    out: dict[str, list[str]] = {}
    for cat, acts in i.groupby("category")["activity"]:
        out[cat] = sorted(pd.unique(acts))
    return dict(sorted(out.items()))


def ief_series(run: ReviewRun, category: str, activity: str, gas: str) -> pd.DataFrame:
    """National implied emission factor over the years with the IPCC default and 95 % range
    (``implied_factors.csv``); ``out_of_range`` flags the years outside the range."""
    i = run.implied
    sel = i[(i["category"] == category) & (i["activity"] == activity) & (i["gas"] == gas)]
    sel = sel.sort_values("year").reset_index(drop=True).copy()
    sel["out_of_range"] = (sel["within_range"] == False).fillna(False).astype(bool)  # noqa: E712
    return sel


def notation_rows(run: ReviewRun, region: str, crt: str, gas: str) -> pd.DataFrame:
    """Rows reported with a notation key (NO/NE/NA/IE/C) for the selection: one line per
    category/fuel/key with the regions, gases and years it applies to."""
    sel = _select(run, region, crt, gas)
    sel = sel[sel["notation_key"].notna()]
    cols = ["category", "crt_category", "activity", "notation_key", "memo", "regions",
            "gases", "years"]
    if sel.empty:
        return pd.DataFrame(columns=cols)
    keys = ["region", "category", "crt_category", "activity", "gas", "notation_key", "memo"]
    per = (sel.groupby(keys, as_index=False)["year"]
           .agg(lambda y: year_ranges(sorted({int(v) for v in y}))).rename(
               columns={"year": "years"}))
    order = {c: k for k, (_, c) in enumerate(region_options(run))}
    out = per.groupby(["category", "crt_category", "activity", "notation_key", "memo", "years"],
                      as_index=False).agg(
        regions=("region", lambda r: " ".join(sorted(set(r), key=lambda c: order.get(c, 99)))),
        gases=("gas", lambda g: " ".join(sorted(set(g)))))
    return out[cols].sort_values(["category", "activity", "notation_key"]).reset_index(drop=True)


# ------------------------------------------------------------------ cross-cutting analyses
KCA_COLUMNS = {"kca_label": "Category", "gas": "Gas", "base_estimate": "Base year kt CO2-eq",
               "latest_estimate": "Latest year kt CO2-eq", "level": "Level share (latest)",
               "trend": "Trend share", "criteria": "Criteria", "qualitative": "Qualitative"}
UNCERTAINTY_COLUMNS = {
    "kca_label": "A Category", "gas": "B Gas", "base_emissions": "C Base year",
    "latest_emissions": "D Year t", "ad_uncertainty_pct": "E AD %",
    "ef_uncertainty_pct": "F EF %", "combined_uncertainty_pct": "G Combined %",
    "contribution_to_variance": "H Contribution to variance",
    "type_a_sensitivity_pct": "I Type A %", "type_b_sensitivity_pct": "J Type B %",
    "trend_uncertainty_ef_pct": "K Trend from EF %", "trend_uncertainty_ad_pct": "L Trend from AD %",
    "trend_uncertainty_contribution": "M Trend contribution", "ad_source": "AD source"}
RECALC_COLUMNS = {"node": "CRT", "gas_group": "Gas", "year": "Year", "previous": "Previous",
                  "previous_key": "Prev. key", "latest": "Latest", "latest_key": "Key",
                  "difference": "Difference", "difference_pct": "Difference %",
                  "change": "Change", "reason": "Reason"}


def analysis_table(run: ReviewRun, fname: str) -> pd.DataFrame | None:
    """An analysis output of the run folder (None when the analysis did not run)."""
    p = run.run_dir / fname
    if not p.exists():
        return None
    return pd.read_csv(p, dtype={"kca_id": str, "node": str, "gas": str, "gas_group": str},
                       keep_default_na=False, na_values=[""])


def key_categories(run: ReviewRun, coverage: str = "excluding") -> pd.DataFrame | None:
    """The key categories of ``kca.csv`` without or with LULUCF (``coverage``), largest
    first, with their latest-year level share, trend share and criteria."""
    k = analysis_table(run, "kca.csv")
    if k is None:
        return None
    key = k[k[f"key {coverage}"].astype(str).isin(["True", "true", "1"])]
    out = key.assign(level=key.get(f"L1 {coverage}"), trend=key.get(f"T1 {coverage}"),
                     criteria=key[f"criteria {coverage}"])
    out = out.reindex(out["latest_estimate"].abs().sort_values(ascending=False).index)
    return out[[c for c in KCA_COLUMNS if c in out]].reset_index(drop=True)


def uncertainty_table(run: ReviewRun, coverage: str = "excluding") -> pd.DataFrame | None:
    """Table 3.3 of ``uncertainty_approach1.csv`` (rows by contribution to variance, the total
    last)."""
    u = analysis_table(run, "uncertainty_approach1.csv")
    if u is None:
        return None
    u = u[u["coverage"] == coverage]
    body = u[u["kca_id"] != "Total"].sort_values("contribution_to_variance", ascending=False)
    out = pd.concat([body, u[u["kca_id"] == "Total"]], ignore_index=True)
    return out[[c for c in UNCERTAINTY_COLUMNS if c in out]]


CHECK_COLUMNS = ["check", "severity", "action", "region", "year", "category", "activity", "gas",
                 "source_ref", "details"]


def check_summary(run: ReviewRun) -> pd.DataFrame | None:
    """One row per check that found something (``checks.csv``): severity, what the policy did
    (raise / warn / record), the rule and how many rows it found."""
    c = analysis_table(run, "checks.csv")
    if c is None:
        return None
    if c.empty:
        return c.reindex(columns=["check", "severity", "action", "findings", "message"])
    return (c.groupby(["check", "severity", "action", "message"], as_index=False)
            .size().rename(columns={"size": "findings"})
            [["check", "severity", "action", "findings", "message"]])


def check_findings(run: ReviewRun, check: str | None = None) -> pd.DataFrame | None:
    """The findings of one check (or all), each with the input cell where known."""
    c = analysis_table(run, "checks.csv")
    if c is None:
        return None
    if check:
        c = c[c["check"] == check]
    return c[[col for col in CHECK_COLUMNS if col in c]].reset_index(drop=True)


def recalculation_diff(run: ReviewRun) -> pd.DataFrame | None:
    """Changed rows of ``recalculations.csv`` (compile time) or, else, of the newest
    ``recalculations/against_<id>/recalculations.csv`` ('ghgi compare')."""
    r = analysis_table(run, "recalculations.csv")
    if r is None:
        drafts = sorted((run.run_dir / "recalculations").glob("against_*/recalculations.csv"),
                        key=lambda p: p.stat().st_mtime)
        if not drafts:
            return None
        r = pd.read_csv(drafts[-1], dtype={"node": str, "gas_group": str},
                        keep_default_na=False, na_values=[""])
    changed = r[r["change"] != "unchanged"]
    return changed[[c for c in ["against", *RECALC_COLUMNS] if c in changed]].reset_index(
        drop=True)


def year_ranges(years: list[int]) -> str:
    parts, start = [], None
    for k, y in enumerate(years):
        if start is None:
            start = y
        if k + 1 == len(years) or years[k + 1] != y + 1:
            parts.append(str(y) if start == y else f"{start}\u2013{y}")
            start = None
    return ", ".join(parts)


# ------------------------------------------------------------------ display
def _is_number(v) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, (bool, np.bool_))


def _fmt(v, col: str) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else ""
    if isinstance(v, numbers.Integral) or col in ("year", "tier"):
        return str(int(v))
    if isinstance(v, float):
        if col in ("value", "value_co2eq"):
            return f"{v:,.3f}" if abs(v) >= 0.001 or v == 0 else f"{v:.3e}"
        if col in ("ief", "activity_value", "ipcc_default", "ipcc_lower", "ipcc_upper"):
            return f"{v:,.1f}" if abs(v) >= 10 else f"{v:,.4g}"
        return f"{v:,.4g}"
    return str(v)


def html_table(df: pd.DataFrame, headers: dict[str, str] | None = None, max_rows: int = 500,
               css_class: str = "ghgi-table-html") -> str:
    """A plain HTML table (numbers right-aligned); longer frames are cut with a note."""
    headers = headers or {}
    cols = list(df.columns)
    head = "".join(f"<th>{html.escape(headers.get(c, c))}</th>" for c in cols)
    body = []
    for rec in df.head(max_rows).itertuples(index=False):
        cells = []
        for c, v in zip(cols, rec, strict=True):
            style = ' style="text-align:right"' if _is_number(v) else ""
            cells.append(f'<td class="col-{html.escape(c)}"{style}>'
                         f"{html.escape(_fmt(v, c))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = ""
    if len(df) > max_rows:
        note = f"<p><i>showing the first {max_rows} of {len(df)} rows</i></p>"
    return (f'<table class="{css_class}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>{note}")


# ------------------------------------------------------------------ launcher
# The lab template links Font Awesome from a CDN and has no option for it; this template
# extends it without those links so the app makes no request off this machine.
_OFFLINE_TEMPLATE = "ghgi-offline"
_OFFLINE_INDEX = """{%- extends 'voila/templates/lab/index.html.j2' -%}
{%- block notebook_css -%}
{%- for line in super().splitlines() if '://' not in line or '<link' not in line %}
{{ line }}
{%- endfor %}
{%- endblock notebook_css -%}
"""


def _write_offline_template(root: Path) -> Path:
    """A Voila template ``ghgi-offline`` (= lab without CDN links) under ``root``; returns the
    folder to put on JUPYTER_PATH."""
    tdir = root / "voila" / "templates" / _OFFLINE_TEMPLATE
    tdir.mkdir(parents=True, exist_ok=True)
    (tdir / "conf.json").write_text(json.dumps({"base_template": "lab"}))
    (tdir / "index.html.j2").write_text(_OFFLINE_INDEX)
    return root


def _write_notebook(target: Path) -> Path:
    import jupytext

    nb = jupytext.read(APP_NOTEBOOK)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    jupytext.write(nb, target)
    return target


def voila_command(notebook: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
            f"--template={_OFFLINE_TEMPLATE}",
            "--VoilaConfiguration.show_tracebacks=True",
            # the jupytext lab extension fails to load in Voila's page (harmless, but noisy)
            "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
            str(notebook)]


def serve(run_dir: Path | str, port: int = 8866) -> int:
    """Run the review app for ``run_dir`` on http://127.0.0.1:<port>/ until interrupted;
    returns Voila's exit code. The notebook is generated in a temporary folder (``$TMPDIR``)
    that is removed afterwards."""
    run_dir = check_run_dir(Path(run_dir).expanduser().resolve())
    with tempfile.TemporaryDirectory(prefix="ghgi-review-") as tmp:
        work = Path(tmp)
        notebook = _write_notebook(work / "review.ipynb")
        share = _write_offline_template(work / "share")
        env = dict(os.environ)
        env[ENV_RUN_DIR] = str(run_dir.resolve())
        env["JUPYTER_PATH"] = os.pathsep.join(
            p for p in (str(share), env.get("JUPYTER_PATH", "")) if p)
        for var, sub in (("IPYTHONDIR", "ipython"), ("JUPYTER_RUNTIME_DIR", "runtime")):
            env.setdefault(var, str(work / sub))
        print(f"review app for {run_dir}: http://127.0.0.1:{port}/  (Ctrl-C stops it)",
              file=sys.stderr, flush=True)
        proc = subprocess.Popen(voila_command(notebook, port), env=env, cwd=work)

        def _stop(signum, _frame):
            raise KeyboardInterrupt

        old = None
        try:
            old = signal.signal(signal.SIGTERM, _stop)
        except ValueError:  # not the main thread
            pass
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            return 0
        finally:
            if old is not None:
                signal.signal(signal.SIGTERM, old)
