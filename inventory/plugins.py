"""Sector plug-ins: how the core finds the sectors without ever importing them.

A sector is a Python package that exposes one :class:`Sector` object and names it in the
entry-point group ``ghgi.sectors`` (``pyproject.toml``)::

    [project.entry-points."ghgi.sectors"]
    energy = "sectors.energy:SECTOR"

Loading the entry point imports the package, and importing the package registers everything
it brings in the core's registries: methods (:mod:`inventory.methods`), data-entry sheets
(:mod:`inventory.io.sheets`), CRT sheets (:mod:`inventory.crt.registry`), checks
(:mod:`inventory.checks`), report products and background tables (:mod:`inventory.products`).
Its ``data/`` folder holds its default-factor tables, CRT rows and crosswalk rows. The core
reads all of these through the registries; it never names a sector (a test walks the import
graph). A package can also be registered explicitly with :func:`register_sector` (tests, or a
sector that is not installed as a distribution).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path

__all__ = ["Sector", "ENTRY_POINT_GROUP", "sectors", "sector", "sector_names",
           "register_sector", "data_files", "load_sectors", "EXTENSION_GROUP"]

ENTRY_POINT_GROUP = "ghgi.sectors"
EXTENSION_GROUP = "ghgi.extensions"   # packages that are not sectors (input formats, reports)


@dataclass(frozen=True)
class Sector:
    """What the core needs to know about a sector package.

    ``order`` follows the CRT (energy 100, IPPU 200, agriculture 300, LULUCF 400, waste 500):
    sectors run, report and appear in that order. ``demo`` names the module with the
    sector's part of the synthetic demo (``demo_activity``, ``demo_parameters``,
    ``DEMO_TIERS``, ``DEMO_OPTIONS``). ``options`` lists the keys the sector reads from its
    ``options: <name>`` section of inventory.yml; any other key is refused at intake."""

    name: str
    title: str
    crt_code: str
    order: int
    package: str
    demo: str | None = None
    options: tuple[str, ...] = ()   # keys of its ``options: <name>`` section (inventory.options)

    @property
    def data_dir(self) -> Path:
        """The sector's ``data/`` folder (default tables, CRT rows, crosswalk rows)."""
        return Path(str(resources.files(self.package).joinpath("data")))


_EXPLICIT: dict[str, Sector] = {}


def register_sector(sector: Sector) -> Sector:
    """Add a sector that is not (or not yet) installed with an entry point."""
    _EXPLICIT[sector.name] = sector
    load_sectors.cache_clear()
    return sector


def _from_entry_points() -> list[Sector]:
    found = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        obj = ep.load()
        if not isinstance(obj, Sector):
            raise TypeError(f"entry point {ep.name} = {ep.value} is not an inventory.plugins."
                            "Sector")
        found.append(obj)
    return found


@cache
def load_sectors() -> tuple[Sector, ...]:
    """Every installed or registered sector, in CRT order; importing each package registers
    its methods, sheets, checks and products."""
    by_name: dict[str, Sector] = {}
    for s in [*_from_entry_points(), *_EXPLICIT.values()]:
        other = by_name.get(s.name)
        if other is not None and other != s:
            raise ValueError(f"two sectors named '{s.name}': {other.package}, {s.package}")
        by_name[s.name] = s
    for s in by_name.values():
        importlib.import_module(s.package)
    for ep in metadata.entry_points(group=EXTENSION_GROUP):
        importlib.import_module(ep.value.split(":")[0])   # importing registers its parts
    out = tuple(sorted(by_name.values(), key=lambda s: (s.order, s.name)))
    orders = [s.order for s in out]
    if len(set(orders)) != len(orders):
        raise ValueError(f"sectors share an order: {[(s.name, s.order) for s in out]}")
    return out


def sectors() -> tuple[Sector, ...]:
    return load_sectors()


def sector_names() -> tuple[str, ...]:
    return tuple(s.name for s in load_sectors())


def sector(name: str) -> Sector:
    for s in load_sectors():
        if s.name == name:
            return s
    raise KeyError(f"no sector '{name}' (installed: {', '.join(sector_names())})")


def data_files(name: str) -> list[Path]:
    """``data/<name>`` of every sector that has one, in sector order."""
    return [p for s in load_sectors() if (p := s.data_dir / name).is_file()]
