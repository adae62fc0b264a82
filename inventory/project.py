"""An inventory project folder, described by ``inventory.yml``.

```yaml
name: demoland                  # folder-safe id, used for outputs/<name>/
party: Demoland (synthetic)     # as printed in the CRT
party_code: DML
synthetic: true                 # prints a "synthetic data" banner on every output
regions:                        # provinces; the national inventory is their sum
  - {code: NTH, name: Northland}
years: [2005, 2023]             # first and last inventory year
base_year: 2005
gwp: AR5GWP100                  # AR4GWP100 | AR5GWP100 | AR6GWP100
tiers: {"1.A": 1, "1.A.1.a": 2} # most specific category prefix wins; default 1
                                # per gas: {"2.C.3": {"*": 2, "CO2": 1}}
options:                        # per-sector method settings
  agriculture: {ipcc_region: Asia}
inputs:                         # Excel templates (ghgi template) and/or CSV files
  - file: data/demoland.xlsx
  - file: data/more_activity.csv
    table: activity             # activity | parameters
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from inventory.errors import InputError
from inventory.gases import DEFAULT_GWP_SET, GWP_SETS

__all__ = ["Project", "load_config", "Region"]


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@dataclass(frozen=True)
class InputFile:
    path: Path
    table: str | None = None  # None: an Excel template with the sheets of the template


@dataclass(frozen=True)
class Project:
    root: Path
    name: str
    party: str
    party_code: str
    regions: tuple[Region, ...]
    first_year: int
    last_year: int
    base_year: int
    gwp: str
    tiers: dict[str, int | dict[str, int]]
    inputs: tuple[InputFile, ...]
    synthetic: bool = False
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def region_codes(self) -> list[str]:
        return [r.code for r in self.regions]

    @property
    def config_path(self) -> Path:
        return self.root / "inventory.yml"

    @property
    def options(self) -> dict:
        """Per-sector method settings, ``inventory.yml`` key ``options`` (e.g.
        ``{"agriculture": {"ipcc_region": "Asia", "climate_zone": "warm_temperate_moist"}}``)."""
        return dict(self.raw.get("options") or {})

    @property
    def banner(self) -> str:
        return "SYNTHETIC DEMO DATA - not a real country" if self.synthetic else ""


def _need(cfg: dict, key: str, where: str, expected: str):
    if key not in cfg or cfg[key] in (None, ""):
        raise InputError(f"missing key '{key}'", where, expected)
    return cfg[key]


def load_config(root: Path | str) -> Project:
    """Read and check ``<root>/inventory.yml``."""
    root = Path(root)
    path = root / "inventory.yml" if root.is_dir() else root
    root = path.parent
    if not path.exists():
        raise InputError("inventory.yml not found", str(path),
                         "a project folder with an inventory.yml (see docs/data_format.md)")
    try:
        cfg = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", str(path)) from None
    where = str(path)
    years = _need(cfg, "years", where, "[first, last], e.g. [2005, 2023]")
    if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int)
                                                                 for y in years)
            and years[0] <= years[1]):
        raise InputError(f"years is {years!r}", f"{where}, key 'years'",
                         "[first, last] with first <= last")
    regions = tuple(Region(str(r["code"]), str(r.get("name", r["code"])))
                    for r in _need(cfg, "regions", where, "a list of {code, name}"))
    codes = [r.code for r in regions]
    if len(set(codes)) != len(codes):
        raise InputError(f"duplicate region codes in {codes}", f"{where}, key 'regions'",
                         "unique codes")
    gwp = cfg.get("gwp", DEFAULT_GWP_SET)
    if gwp not in GWP_SETS:
        raise InputError(f"unknown GWP set '{gwp}'", f"{where}, key 'gwp'", ", ".join(GWP_SETS))
    tiers = {str(k): ({str(g): int(t) for g, t in v.items()} if isinstance(v, dict)
                      else int(v)) for k, v in (cfg.get("tiers") or {}).items()}
    bad_tier = {k: v for k, v in tiers.items()
                if any(t not in (1, 2, 3) for t in (v.values() if isinstance(v, dict) else [v]))}
    if bad_tier:
        raise InputError(f"tiers {bad_tier}", f"{where}, key 'tiers'", "tier 1, 2 or 3")
    inputs = []
    for i, item in enumerate(_need(cfg, "inputs", where, "a list of {file, table}")):
        item = {"file": item} if isinstance(item, str) else item
        table = item.get("table")
        if table not in (None, "activity", "parameters"):
            raise InputError(f"table '{table}'", f"{where}, key 'inputs' item {i + 1}",
                             "activity or parameters (or nothing for an Excel template)")
        inputs.append(InputFile(root / item["file"], table))
    return Project(
        root=root, name=str(_need(cfg, "name", where, "a folder-safe name")),
        party=str(_need(cfg, "party", where, "the party name")),
        party_code=str(cfg.get("party_code", cfg["name"])).upper(), regions=regions,
        first_year=years[0], last_year=years[1], base_year=int(cfg.get("base_year", years[0])),
        gwp=gwp, tiers=tiers, inputs=tuple(inputs), synthetic=bool(cfg.get("synthetic")),
        raw=cfg,
    )
