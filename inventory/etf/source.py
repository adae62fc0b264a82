"""A finished run folder, read back into what the CRT sheet writers need.

``ghgi etf export`` and ``ghgi nid`` work on a run folder (``outputs/<name>/<run id>/``), the
same way ``ghgi compare`` does: the combined emissions (``emissions.parquet``), the staged
background tables (``stage/tables/*.parquet``), the analysis tables (``kca.csv`` ...) and the
manifest (party, years, GWP set, guidelines). Nothing is recomputed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from inventory.errors import InputError

__all__ = ["RunSource", "load_run"]


@dataclass
class RunSource:
    run_dir: Path
    manifest: dict
    emissions: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    analysis: dict = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        first, last = self.manifest["years"]
        return list(range(int(first), int(last) + 1))

    @property
    def gwp_set(self) -> str:
        return str(self.manifest["gwp_set"])

    @property
    def party(self) -> str:
        return str(self.manifest.get("party", ""))

    def prepared(self):
        """The emissions prepared for the CRT sheets (:func:`inventory.crt.data.prepare`)."""
        from inventory.crt.data import prepare

        p = prepare(self.emissions, gwp_set=self.gwp_set)
        p.analysis = dict(self.analysis)
        p.tables = dict(self.tables)
        return p


def load_run(run_dir: Path | str) -> RunSource:
    """Read a finished run folder (see the module docstring)."""
    from inventory.analysis.stage import load_analysis
    from inventory.notation import NOTATION_DTYPE
    from inventory.pipeline import STAGE_DIR, load_stage

    run_dir = Path(run_dir)
    man = run_dir / "manifest.json"
    if not man.exists():
        raise InputError("not a finished run folder (no manifest.json)", str(run_dir),
                         "a folder written by 'ghgi compile' or 'ghgi run'")
    manifest = json.loads(man.read_text(encoding="utf-8"))
    em = pd.read_parquet(run_dir / "emissions.parquet")
    em["notation_key"] = em["notation_key"].astype(object).astype(NOTATION_DTYPE)
    tables = {p.stem: load_stage(run_dir, f"tables/{p.stem}")
              for p in sorted((run_dir / STAGE_DIR / "tables").glob("*.parquet"))}
    return RunSource(run_dir, manifest, em, tables, load_analysis(run_dir))
