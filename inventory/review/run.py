"""One run folder as the reviewer sees it: the files the compilation wrote, read lazily.

Nothing here computes an emission. Tables are read on first use (``cached_property``), so a
view that needs only ``national_totals.csv`` never parses ``emissions.parquet``. The CRT tree,
the IPCC titles and the region names come from the small ``review/*.csv`` files the run
writes at report time (:mod:`inventory.review.products`); for an older run without them the
loader falls back to the category module (slower: it loads the sector plug-ins).
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from inventory.review.labels import language_of

__all__ = ["ReviewRun", "load_run", "check_run_dir", "resolve_run_dir", "ENV_RUN_DIR",
           "REQUIRED_FILES", "read_csv"]

ENV_RUN_DIR = "GHGI_RUN_DIR"
REQUIRED_FILES = ("manifest.json", "crt_aggregates.csv", "implied_factors.csv")
_STR = {"crt": str, "region": str, "category": str, "crt_category": str, "node": str,
        "gas": str, "gas_group": str, "kca_id": str, "kca_code": str, "code": str,
        "parent": str, "activity": str, "ipcc": str}


def read_csv(path: Path) -> pd.DataFrame:
    """A CSV of the run: codes such as '1' or '4' stay text, 'NA' is a notation key and not a
    missing value (only empty cells are missing)."""
    if hasattr(path, "read"):
        data = path.read()
        head = pd.read_csv(io.BytesIO(data), nrows=0).columns
        path = io.BytesIO(data)
    else:
        head = pd.read_csv(path, nrows=0).columns
    return pd.read_csv(path, dtype={c: t for c, t in _STR.items() if c in head},
                       keep_default_na=False, na_values=[""])


def _text(s: pd.Series) -> pd.Series:
    """Strings (notation keys are categorical in the parquet file) with None for missing."""
    return s.astype(object).where(s.notna(), None)


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


@dataclass
class ReviewRun:
    """The tables of one run folder, as written by the pipeline (read on first use)."""

    run_dir: Path
    manifest: dict
    _cache: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ manifest facts
    @property
    def party_code(self) -> str:
        return str(self.manifest.get("party_code") or "")

    @property
    def party(self) -> str:
        return str(self.manifest.get("party") or self.party_code)

    @property
    def run_id(self) -> str:
        return str(self.manifest.get("run_id") or self.run_dir.name)

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("synthetic"))

    @property
    def gwp_set(self) -> str:
        return str(self.manifest.get("gwp_set") or "")

    @property
    def guidelines(self) -> str:
        """The guideline edition of the run ('' when the run did not record one)."""
        g = self.manifest.get("guidelines")
        if g:
            return str(g)
        if "emissions" in self.__dict__ and "guidelines" in self.emissions:
            vals = sorted({str(v) for v in self.emissions["guidelines"].dropna() if v})
            return ", ".join(vals)
        return ""

    @property
    def guidelines_label(self) -> str:
        """The edition as the CRT writes it ('2006 IPCC Guidelines, 2019 Refinement'), ''
        when the run did not record one."""
        from inventory.crt.layout import guidelines_label

        return ", ".join(guidelines_label(g.strip()) for g in self.guidelines.split(",")
                         if g.strip())

    @property
    def language(self) -> str:
        return language_of(self.manifest)

    @property
    def years(self) -> list[int]:
        y = self.manifest.get("years")
        if y:
            return list(range(int(y[0]), int(y[-1]) + 1))
        return sorted(int(v) for v in pd.unique(self.aggregates["year"]))

    @property
    def base_year(self) -> int:
        return int(self.manifest.get("base_year") or self.years[0])

    @property
    def review_settings(self) -> dict:
        """``options.review`` of the project (e.g. ``block_approval_on``)."""
        r = (self.manifest.get("options") or {}).get("review") or {}
        return dict(r) if isinstance(r, dict) else {}

    # ------------------------------------------------------------ tables
    def has(self, rel: str) -> bool:
        return (self.run_dir / rel).exists()

    def table(self, rel: str) -> pd.DataFrame | None:
        """A CSV output of the run (cached), None when the run did not write it."""
        if rel not in self._cache:
            p = self.run_dir / rel
            self._cache[rel] = read_csv(p) if p.exists() else None
        return self._cache[rel]

    @cached_property
    def aggregates(self) -> pd.DataFrame:
        a = read_csv(self.run_dir / "crt_aggregates.csv")
        a["notation_key"] = _text(a["notation_key"])
        return a

    @cached_property
    def national_totals(self) -> pd.DataFrame | None:
        return self.table("national_totals.csv")

    @cached_property
    def emissions(self) -> pd.DataFrame:
        path = self.run_dir
        if (path / "emissions.parquet").exists():
            e = pd.read_parquet(path / "emissions.parquet")
        else:
            e = read_csv(path / "emissions.csv")
        e["notation_key"] = _text(e["notation_key"])
        e["memo"] = e["memo"].astype(bool)
        return e

    @cached_property
    def implied(self) -> pd.DataFrame:
        i = read_csv(self.run_dir / "implied_factors.csv")
        i["within_range"] = i["within_range"].map(
            {True: True, False: False, "True": True, "False": False}).astype("boolean")
        return i

    @cached_property
    def input_activity(self) -> pd.DataFrame | None:
        """The activity table as read from the input files (``stage/input_activity``)."""
        p = self.run_dir / "stage" / "input_activity.parquet"
        if not p.exists():
            return None
        a = pd.read_parquet(p)
        a["notation_key"] = _text(a["notation_key"])
        return a

    @cached_property
    def input_parameters(self) -> pd.DataFrame | None:
        p = self.run_dir / "stage" / "input_parameters.parquet"
        return pd.read_parquet(p) if p.exists() else None

    # ------------------------------------------------------------ categories and names
    @cached_property
    def crt_tree(self) -> pd.DataFrame:
        """CRT categories indexed by code: parent, title, depth, order (the run's copy)."""
        t = self.table("review/crt_tree.csv")
        if t is None:
            from inventory.categories import crt_tree

            t = crt_tree().reset_index()
        t = t.copy()
        t["parent"] = t["parent"].fillna("")
        return t.set_index("code")

    @property
    def crt_titles(self) -> dict[str, str]:
        return self.crt_tree["title"].to_dict()

    @cached_property
    def crt_parent(self) -> dict[str, str]:
        return self.crt_tree["parent"].to_dict()

    def crt_chain_of(self, code: str) -> tuple[str, ...]:
        """The code and its CRT ancestors (up to TOTAL, or to the memo root)."""
        chain = self._cache.setdefault("_chains", {})
        if code not in chain:
            out = [code]
            parent = self.crt_parent
            if code not in parent:
                out.append("TOTAL")
            while parent.get(out[-1]):
                out.append(parent[out[-1]])
            chain[code] = tuple(out)
        return chain[code]

    @cached_property
    def crt_chain(self) -> dict[str, tuple[str, ...]]:
        """CRT code of each emission row -> the code and its CRT ancestors."""
        return {c: self.crt_chain_of(c) for c in pd.unique(self.emissions["crt_category"].dropna())}

    def in_crt(self, crt_codes: pd.Series, crt: str) -> pd.Series:
        """Mask: the rows whose CRT code is ``crt`` or below it."""
        codes = pd.unique(crt_codes.dropna())
        inside = {c for c in codes if crt in self.crt_chain_of(c)}
        return crt_codes.isin(inside)

    @cached_property
    def memo_roots(self) -> tuple[str, ...]:
        """The roots of the memo items in the CRT tree (1.D, 5.F: outside the total)."""
        t = self.crt_tree
        return tuple(c for c in t.index[t["parent"] == ""] if c != "TOTAL")

    def is_memo_code(self, code: str) -> bool:
        """A memo item (reported outside the national total), in the tree or not (1.D.3)."""
        return any(code == r or code.startswith(r + ".") for r in self.memo_roots)

    def sector_of(self, crt: str) -> str:
        """The CRT sector code ('1'..'6') of a CRT code ('' for TOTAL)."""
        chain = self.crt_chain_of(crt)
        return chain[-2] if len(chain) >= 2 and chain[-1] == "TOTAL" else (
            chain[-1] if chain[-1] != "TOTAL" else "")

    @cached_property
    def ipcc_titles(self) -> dict[str, str]:
        t = self.table("review/categories.csv")
        if t is not None:
            t = t.drop_duplicates("category")
            return dict(zip(t["category"], t["title"].fillna(""), strict=True))
        return {}

    @cached_property
    def crt_of_ipcc(self) -> dict[str, str]:
        """IPCC 2006 code -> CRT code, as the run mapped them (the most frequent mapping when
        an IPCC code splits by activity or gas)."""
        t = self.category_pairs
        first = t.drop_duplicates("category", keep="first")
        return dict(zip(first["category"], first["crt_category"], strict=True))

    @cached_property
    def category_pairs(self) -> pd.DataFrame:
        """(IPCC category, CRT category, rows) of the emission rows, most rows first
        (``review/categories.csv``, else counted from the emissions)."""
        t = self.table("review/categories.csv")
        if t is None:
            e = self.emissions
            t = (e.groupby(["category", "crt_category"]).size().rename("rows").reset_index()
                 .sort_values(["category", "rows"], ascending=[True, False], kind="stable"))
        return t.reset_index(drop=True)

    @cached_property
    def region_names(self) -> dict[str, str]:
        """code -> name for the party and its regions (codes when the run has no names)."""
        t = self.table("review/regions.csv")
        names = {self.party_code: self.party}
        if t is not None:
            names.update(dict(zip(t["code"], t["name"].fillna(t["code"]), strict=True)))
        for c in self.manifest.get("regions") or []:
            names.setdefault(str(c), str(c))
        return names

    def region_label(self, code: str) -> str:
        name = self.region_names.get(code, code)
        return f"{name} ({code})" if name and name != code else code


def load_run(run_dir: Path | str | None = None) -> ReviewRun:
    """The run folder (``$GHGI_RUN_DIR`` wins over ``run_dir``); tables load on first use."""
    path = resolve_run_dir(run_dir)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return ReviewRun(run_dir=path, manifest=manifest)
