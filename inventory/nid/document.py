"""``ghgi nid <run>``: the National Inventory Document draft of a run, as Markdown and Word.

The document is a list of blocks (heading, paragraph, table, image, narrative) built from the
run's tables (:mod:`inventory.nid.outline` for the chapters), written to
``<run>/nid/NID_<party>.md`` and ``.docx`` with the charts as PNG (matplotlib, Agg backend:
no browser or kaleido needed offline).

Narrative: every place where the compiler writes text is a marked block::

    <!-- BEGIN NARRATIVE ch1.circumstances -->
    *[To be written by the compiler: National circumstances ...]*
    <!-- END NARRATIVE ch1.circumstances -->

On regeneration the text between the markers of an existing Markdown file is kept (by block
id) and the numbers, tables and charts around it are rebuilt; the Word file is rebuilt from
the same blocks, so an edit made in the Markdown reaches it. A block whose id no longer exists
is appended under "Orphaned narrative" rather than lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.atomic import atomic_path

from .outline import CATEGORY_SECTIONS, SECTOR_CHAPTERS, T, heading

__all__ = ["Block", "build_blocks", "write_nid", "read_narratives", "to_markdown",
           "NARRATIVE_RE"]

NARRATIVE_RE = re.compile(r"<!-- BEGIN NARRATIVE (\S+) -->\n(.*?)<!-- END NARRATIVE \1 -->",
                          re.S)


@dataclass
class Block:
    kind: str               # heading | para | table | image | narrative
    text: str = ""
    level: int = 1
    table: pd.DataFrame | None = None
    path: str = ""
    id: str = ""


def read_narratives(md: str) -> dict[str, str]:
    """block id -> the compiler's text between the markers (as written)."""
    return {m.group(1): m.group(2) for m in NARRATIVE_RE.finditer(md)}


def _placeholder(key: str, language: str, what: str) -> str:
    return f"*[{heading('placeholder', language)}: {what}]*\n"


def _fmt(v) -> str:
    if isinstance(v, float):
        return "" if np.isnan(v) else f"{v:,.2f}"
    return str(v)


def _sector_trend(trends: pd.DataFrame) -> pd.DataFrame:
    t = trends[(trends["gas_group"] == "Total") & trends["node"].isin(
        [c for c, *_ in SECTOR_CHAPTERS] + ["TOTAL"])]
    wide = t.pivot_table(index="node", columns="year", values="value_co2eq", aggfunc="sum")
    order = [c for c in ["1", "2", "3", "4", "5", "6", "TOTAL"] if c in wide.index]
    wide = wide.loc[order]
    names = {c: en for c, en, _ in SECTOR_CHAPTERS} | {"TOTAL": "Total"}
    wide.index = [names[c] for c in wide.index]
    wide.columns = [str(int(c)) for c in wide.columns]
    return wide


def _charts(trends: pd.DataFrame, out: Path, language: str) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = []
    wide = _sector_trend(trends).drop(index="Total", errors="ignore").fillna(0.0)
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
    years = [int(y) for y in wide.columns]
    bottom = np.zeros(len(years))
    neg = np.zeros(len(years))
    for name, row in wide.iterrows():
        v = row.to_numpy(dtype=float)
        base = np.where(v >= 0, bottom, neg)
        ax.bar(years, v, bottom=base, label=name)
        bottom += np.where(v >= 0, v, 0)
        neg += np.where(v < 0, v, 0)
    ax.set_ylabel("kt CO2 eq")
    ax.set_title(T["chart.trend"][0])
    ax.legend(fontsize=7)
    fig.tight_layout()
    p = out / "nid_trend_by_sector.png"
    fig.savefig(p, metadata={"Software": None})
    plt.close(fig)
    paths.append(p)
    latest = int(trends["year"].max())
    g = trends[(trends["node"] == "TOTAL") & (trends["year"] == latest)
               & (trends["gas_group"] != "Total")]
    g = g[g["value_co2eq"].fillna(0) > 0]
    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    ax.barh(g["gas_group"].astype(str), g["value_co2eq"].astype(float))
    ax.set_xlabel("kt CO2 eq")
    ax.set_title(f"{T['chart.gas'][0]} ({latest})")
    fig.tight_layout()
    p = out / "nid_gases_latest.png"
    fig.savefig(p, metadata={"Software": None})
    plt.close(fig)
    paths.append(p)
    return paths


def _activity_table(em: pd.DataFrame, sector: str, year: int, limit: int = 80
                    ) -> pd.DataFrame:
    """Activity data and factors of a sector in ``year``: per CRT category, activity and gas,
    the activity summed over regions, the implied emission factor (range over regions), the
    factor layer and the factor's source, as recorded on the emission rows."""
    e = em[(em["year"] == year) & em["crt_category"].astype(str).str.match(
        rf"^{re.escape(sector)}(\.|$)") & ~em["memo"].astype(bool) & em["value"].notna()]
    if e.empty:
        return pd.DataFrame()

    def join(s):
        return "; ".join(sorted({str(x) for x in s.dropna() if str(x)}))[:160]

    def rng(s):
        s = s.dropna().astype(float)
        if s.empty:
            return ""
        lo, hi = s.min(), s.max()
        def f(v):
            return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"

        return f(lo) if np.isclose(lo, hi) else f"{f(lo)} - {f(hi)}"

    g = e.groupby(["crt_category", "activity", "gas"], sort=True, dropna=False).agg(
        activity_data=("activity_value", lambda s: s.sum(min_count=1)),
        activity_unit=("activity_unit", join), ief=("ief", rng), ief_unit=("ief_unit", join),
        factor=("factor_layer", join), source=("factor_source", join)).reset_index()
    return g.head(limit).rename(columns={"crt_category": "CRT category"})


def _category_table(em: pd.DataFrame, sector: str, year: int) -> pd.DataFrame:
    from inventory.crt.summary3 import LAYER_CODES, TIER_CODES

    e = em[(em["year"] == year) & em["crt_category"].astype(str).str.match(
        rf"^{re.escape(sector)}(\.|$)") & ~em["memo"].astype(bool)]
    if e.empty:
        return pd.DataFrame()

    def join(s):
        return ", ".join(sorted({str(x) for x in s.dropna() if str(x)}))

    g = e.groupby(["crt_category", "gas"], sort=True).agg(
        emissions_kt=("value", lambda s: s.sum(min_count=1)),
        keys=("notation_key", lambda s: join(s.astype(object))),
        method=("tier", lambda s: join(s.dropna().astype(int).map(TIER_CODES))),
        ef=("factor_layer", lambda s: join(s.map(LAYER_CODES))),
        sources=("factor_source", lambda s: "; ".join(sorted({str(x) for x in s.dropna()}))[:160]),
    ).reset_index()
    g["emissions_kt"] = [k if pd.isna(v) and k else v for v, k in zip(g["emissions_kt"],
                                                                          g["keys"], strict=True)]
    return g.drop(columns="keys").rename(columns={"crt_category": "CRT category"})


def build_blocks(src, *, language: str = "en", img_dir: Path) -> list[Block]:
    """The NID blocks of a run (:class:`inventory.etf.source.RunSource`)."""
    from inventory.analysis.trends import trend_table

    h = lambda k: heading(k, language)  # noqa: E731
    prepared = src.prepared()
    trends = trend_table(prepared, src.gwp_set)
    latest, base = max(src.years), min(src.years)
    B: list[Block] = [Block("heading", f"{h('title')}: {src.party}", 0)]
    B.append(Block("para", f"Draft generated from run {src.manifest.get('run_id', '')} "
                           f"({base}-{latest}, {src.gwp_set}). Numbers, tables and charts are "
                           "regenerated; text in narrative blocks is kept."))

    def narr(id_: str, what: str):
        B.append(Block("narrative", _placeholder(id_, language, what), id=id_))

    B.append(Block("heading", h("es"), 1))
    for k in ("es.background", "es.trends", "es.overview"):
        B.append(Block("heading", h(k), 2))
        narr(k, T[k][0])
    sector_tab = _sector_trend(trends)
    B.append(Block("table", h("table.sector_trend"), table=sector_tab.reset_index(
        names="Sector")))
    B.append(Block("heading", h("ch1"), 1))
    for k in ("ch1.circumstances", "ch1.preparation", "ch1.methods"):
        B.append(Block("heading", h(k), 2))
        narr(k, T[k][0])
    B.append(Block("heading", h("ch1.metrics"), 2))
    B.append(Block("para", f"GWP values: {src.gwp_set} (IPCC, 100-year time horizon)."))
    B.append(Block("heading", h("ch1.kca"), 2))
    kca = src.analysis.get("kca")
    if kca is not None and len(kca):
        key = kca[kca["key"].astype(str).isin(["True", "true", "1"])] if "key" in kca else kca
        B.append(Block("table", "Key categories (Approach 1 and 2)", table=key[[
            c for c in ("kca_label", "gas", "criteria excluding", "criteria including")
            if c in key]].head(60)))
    narr("ch1.kca", T["ch1.kca"][0])
    B.append(Block("heading", h("ch1.qaqc"), 2))
    narr("ch1.qaqc", T["ch1.qaqc"][0])
    B.append(Block("heading", h("ch1.uncertainty"), 2))
    unc = src.analysis.get("uncertainty_approach1")
    if unc is not None and len(unc):
        top = unc.sort_values("contribution_to_variance", ascending=False).head(15)
        B.append(Block("table", "Largest contributions to the variance (Approach 1)",
                       table=top[[c for c in ("coverage", "kca_label", "gas", "latest_emissions",
                                              "combined_uncertainty_pct") if c in top]]))
    narr("ch1.uncertainty", T["ch1.uncertainty"][0])
    B.append(Block("heading", h("ch1.completeness"), 2))
    narr("ch1.completeness", T["ch1.completeness"][0])
    B.append(Block("heading", h("ch1.flexibility"), 2))
    narr("ch1.flexibility", T["ch1.flexibility"][0])
    B.append(Block("heading", h("ch2"), 1))
    paths = _charts(trends, img_dir, language)
    B.append(Block("heading", h("ch2.aggregate"), 2))
    B.append(Block("image", h("chart.trend"), path=str(paths[0])))
    narr("ch2.aggregate", T["ch2.aggregate"][0])
    B.append(Block("heading", h("ch2.gas"), 2))
    B.append(Block("image", h("chart.gas"), path=str(paths[1])))
    narr("ch2.gas", T["ch2.gas"][0])
    B.append(Block("heading", h("ch2.sector"), 2))
    narr("ch2.sector", T["ch2.sector"][0])
    em = src.emissions
    for n, (code, en, zh) in enumerate(SECTOR_CHAPTERS, start=3):
        title = {"zh": zh, "en": en}.get(language, f"{en} / {zh}")
        B.append(Block("heading", f"{n}. {title} (CRT sector {code})", 1))
        B.append(Block("heading", h("overview"), 2))
        narr(f"s{code}.overview", f"{en}: overview")
        tab = _category_table(em, code, latest)
        if tab.empty:
            B.append(Block("para", "No emission rows in this sector in the run (reported NE)."))
            continue
        B.append(Block("table", f"{h('table.categories')} {latest}", table=tab))
        act = _activity_table(em, code, latest)
        if len(act):
            B.append(Block("table", f"{h('table.activity')} {latest}", table=act))
        for cat in sorted(tab["CRT category"].unique(), key=str):
            if str(cat).count(".") > 1:
                continue
            B.append(Block("heading", f"{cat}", 2))
            for sec in CATEGORY_SECTIONS:
                B.append(Block("heading", h(sec), 3))
                narr(f"c{cat}.{sec}", f"{cat}: {T[sec][0]}")
    B.append(Block("heading", h("ch_indirect"), 1))
    narr("ch_indirect", T["ch_indirect"][0])
    B.append(Block("heading", h("ch_recalc"), 1))
    for k in ("ch_recalc.explain", "ch_recalc.planned"):
        B.append(Block("heading", h(k), 2))
        narr(k, T[k][0])
    B.append(Block("heading", h("annexes"), 1))
    for k in ("annex.kca", "annex.uncertainty", "annex.methods", "annex.crt"):
        B.append(Block("heading", h(k), 2))
        narr(k, T[k][0])
    return B


def to_markdown(blocks: list[Block], keep: dict[str, str] | None = None,
                base: Path | None = None) -> str:
    keep = dict(keep or {})
    used = set()
    out = []
    for b in blocks:
        if b.kind == "heading":
            out.append("#" * (b.level + 1) + " " + b.text + "\n")
        elif b.kind == "para":
            out.append(b.text + "\n")
        elif b.kind == "narrative":
            text = keep.get(b.id, b.text)
            used.add(b.id)
            out.append(f"<!-- BEGIN NARRATIVE {b.id} -->\n{text}<!-- END NARRATIVE {b.id} -->\n")
        elif b.kind == "table" and b.table is not None:
            out.append(f"*{b.text}*\n")
            df = b.table
            out.append("| " + " | ".join(map(str, df.columns)) + " |")
            out.append("|" + "---|" * len(df.columns))
            for r in df.itertuples(index=False):
                out.append("| " + " | ".join(_fmt(v).replace("|", "/") for v in r) + " |")
            out.append("")
        elif b.kind == "image":
            rel = Path(b.path).name if base is None else Path(b.path).relative_to(base)
            out.append(f"![{b.text}]({rel})\n")
    orphans = {k: v for k, v in keep.items() if k not in used}
    if orphans:
        out.append("## Orphaned narrative (its section is gone from the outline)\n")
        for k, v in orphans.items():
            out.append(f"<!-- BEGIN NARRATIVE {k} -->\n{v}<!-- END NARRATIVE {k} -->\n")
    return "\n".join(out)


def _docx(blocks: list[Block], keep: dict[str, str], path: Path) -> None:
    from docx import Document
    from docx.shared import Inches

    doc = Document()
    for b in blocks:
        if b.kind == "heading":
            doc.add_heading(b.text, level=min(b.level, 9))
        elif b.kind == "para":
            doc.add_paragraph(b.text)
        elif b.kind == "narrative":
            for line in keep.get(b.id, b.text).strip().splitlines() or [""]:
                doc.add_paragraph(line.strip("*") if line.startswith("*[") else line)
        elif b.kind == "table" and b.table is not None and len(b.table.columns):
            doc.add_paragraph(b.text).italic = True
            df = b.table
            t = doc.add_table(rows=1, cols=len(df.columns))
            t.style = "Table Grid"
            for i, c in enumerate(df.columns):
                t.rows[0].cells[i].text = str(c)
            for r in df.itertuples(index=False):
                cells = t.add_row().cells
                for i, v in enumerate(r):
                    cells[i].text = _fmt(v)
        elif b.kind == "image":
            doc.add_picture(b.path, width=Inches(6))
            doc.add_paragraph(b.text)
    doc.core_properties.author = "GHG Inventory Workbench"
    with atomic_path(path) as tmp:
        doc.save(str(tmp))


def write_nid(run_dir: Path | str, out_dir: Path | str | None = None, *,
              language: str | None = None, project_dir: Path | str | None = None
              ) -> tuple[Path, Path]:
    """Write (or regenerate, keeping the narrative) ``NID_<party>.md`` and ``.docx``."""
    from inventory.etf.source import load_run

    src = load_run(run_dir)
    if language is None:
        language = "en"
        if project_dir:
            from inventory.project import load_config

            language = str(load_config(project_dir).raw.get("language") or "en")
    out = Path(out_dir) if out_dir else src.run_dir / "nid"
    out.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", src.party).strip("_") or "party"
    md_path, docx_path = out / f"NID_{safe}.md", out / f"NID_{safe}.docx"
    keep = read_narratives(md_path.read_text(encoding="utf-8")) if md_path.exists() else {}
    blocks = build_blocks(src, language=language, img_dir=out)
    with atomic_path(md_path) as tmp:
        tmp.write_text(to_markdown(blocks, keep, base=out), encoding="utf-8")
    _docx(blocks, keep, docx_path)
    return md_path, docx_path
