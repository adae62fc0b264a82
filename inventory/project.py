"""An inventory project folder, described by ``inventory.yml``.

```yaml
name: demoland                  # folder-safe id, used for outputs/<name>/
party: Demoland (synthetic)     # as printed in the CRT (at most 200 characters)
party_code: DML
synthetic: true                 # prints a "synthetic data" banner on every output
regions:                        # provinces; the national inventory is their sum
  - {code: NTH, name: Northland}
years: [2005, 2023]             # first and last inventory year
base_year: 2005
gwp: AR5GWP100                  # AR4GWP100 | AR5GWP100 | AR6GWP100
guidelines: ipcc2006            # ipcc2006 | ipcc2006_2019r: edition of the IPCC defaults
tiers: {"1.A": 1, "1.A.1.a": 2} # most specific category prefix wins; default 1
                                # per gas: {"2.C.3": {"*": 2, "CO2": 1}}
options:                        # per-sector method settings
  agriculture: {ipcc_region: Asia}
not_reported: []                # sectors the project does not report (e.g. [lulucf])
intake:                         # how strictly inputs are read (defaults shown)
  years_outside_range: warn     # warn | error: year columns/rows outside `years`
  implausible_factor: 10        # country parameter this far outside the IPCC range: finding
  max_rows: 200000              # rows per sheet or CSV file at most
inputs:                         # Excel templates (ghgi template) and/or CSV files
  - file: data/demoland.xlsx
  - file: data/more_activity.csv
    table: activity             # activity | parameters | a registered format (energy_balance)
language: en                    # en | zh | zh+en: labels of the report tables that have both
```

The file is read strictly (:mod:`inventory.config`): UTF-8, no duplicate keys, every key
known and of its type. Input paths are relative to the project folder and must stay inside it
(checked when they are read, :func:`inventory.io.readers.read_inputs`, unless the run allows
outside inputs explicitly: ``ghgi compile --allow-outside-inputs``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from inventory.config import IntakeSettings, read_config
from inventory.errors import InputError
from inventory.factors import DEFAULT_GUIDELINES
from inventory.labels import LANGUAGES
from inventory.paths import check_path_part, slugify

__all__ = ["Project", "load_config", "Region", "InputFile", "LANGUAGES"]


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@dataclass(frozen=True)
class InputFile:
    path: Path
    table: str | None = None  # None: an Excel template with the sheets of the template
    given: str = ""           # the path as written in inventory.yml
    options: dict = field(default_factory=dict, compare=False)  # a registered reader's keys


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
    language: str = "en"
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    not_reported: tuple[str, ...] = ()
    intake: IntakeSettings = field(default_factory=IntakeSettings, compare=False)
    #: ``inventory.yml`` key ``guidelines``: ``ipcc2006`` (the printed 2006 defaults) or
    #: ``ipcc2006_2019r`` (2019 Refinement defaults where it changed a default); the IPCC
    #: default tables of this setting are loaded (``FactorDB.with_defaults(..., guidelines=)``)
    guidelines: str = DEFAULT_GUIDELINES

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
    def folder(self) -> str:
        """The project's folder name under the outputs root (``name``, checked on loading)."""
        return slugify(self.name, fallback="project")

    @property
    def options(self) -> dict:
        """Per-sector method settings, ``inventory.yml`` key ``options`` (e.g.
        ``{"agriculture": {"ipcc_region": "Asia", "climate_zone": "warm_temperate_moist"}}``)."""
        return dict(self.raw.get("options") or {})

    @property
    def banner(self) -> str:
        return "SYNTHETIC DEMO DATA - not a real country" if self.synthetic else ""


def load_config(root: Path | str) -> Project:
    """Read and check ``<root>/inventory.yml`` (or the YAML file ``root``)."""
    root = Path(root)
    if not root.exists():
        raise InputError("project folder not found", str(root),
                         "a project folder with an inventory.yml (see docs/data_format.md)")
    path = root / "inventory.yml" if root.is_dir() else root
    root = path.parent
    if not path.exists():
        raise InputError("inventory.yml not found", str(path),
                         "a project folder with an inventory.yml (see docs/data_format.md)")
    cfg = read_config(path)
    where = str(path)
    check_path_part(cfg.name, "name", f"{where}, key 'name'")
    if any(ord(ch) < 32 for ch in cfg.party):
        raise InputError("party contains control characters", f"{where}, key 'party'",
                         "the party name on one line")
    _check_tier_keys(cfg.tiers, where)
    _check_sectors(cfg.not_reported, where)
    if "analysis" in cfg.options:  # checked now, not after the sectors ran
        from inventory.analysis.options import AnalysisOptions

        AnalysisOptions.from_dict(cfg.options["analysis"], f"{where}, options.analysis")
    raw = cfg.model_dump(mode="python")
    inputs = tuple(InputFile(root / item.file, item.table, item.file, dict(item.options))
                   for item in cfg.inputs)
    first, last = cfg.years
    return Project(
        root=root, name=cfg.name, party=cfg.party,
        party_code=(cfg.party_code or slugify(cfg.name, "PARTY")).upper(),
        regions=tuple(Region(r.code, r.name or r.code) for r in cfg.regions),
        first_year=first, last_year=last,
        base_year=cfg.base_year if cfg.base_year is not None else first,
        gwp=cfg.gwp, tiers=dict(cfg.tiers), inputs=inputs, synthetic=cfg.synthetic, raw=raw,
        language=cfg.language,
        not_reported=tuple(cfg.not_reported), intake=cfg.intake,
        guidelines=cfg.guidelines,
    )


def _check_tier_keys(tiers: dict, where: str) -> None:
    """A tier for a category that does not exist would be silently ignored."""
    if not tiers:
        return
    from inventory.categories import ipcc2006_codes

    codes = set(ipcc2006_codes())
    for key in tiers:
        if key != "*" and key not in codes:
            import difflib

            close = difflib.get_close_matches(key, sorted(codes), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise InputError(f"tiers: '{key}' is not an IPCC 2006 category{hint}",
                             f"{where}, key 'tiers'", "an IPCC 2006 code such as 1.A.1.a")


def _check_sectors(names: list[str], where: str) -> None:
    if not names:
        return
    from inventory.plugins import sector_names

    known = sector_names()
    for n in names:
        if n not in known:
            raise InputError(f"not_reported: unknown sector '{n}'", f"{where}, key "
                             "'not_reported'", "one of " + ", ".join(known))
