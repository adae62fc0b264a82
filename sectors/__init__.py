"""Sector methods (IPCC 2006 Vols. 2-5). Importing this package imports every sector
sub-package, which registers its methods, data sheets and CRT sheets."""

import importlib
import pkgutil

SECTOR_ORDER = ("energy", "ippu", "agriculture", "lulucf", "waste")

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: (
        SECTOR_ORDER.index(m.name) if m.name in SECTOR_ORDER else 99, m.name)):
    if _info.ispkg:
        importlib.import_module(f"{__name__}.{_info.name}")
