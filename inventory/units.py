"""Unit normalisation of inputs with pint.

Canonical units the methods work in: energy [TJ], mass [kt] (= Gg), volume [m3], count [head]
(livestock) or [item] (equipment: AWACS planes, particle accelerators), area [ha], length [km].
Statistics offices report in many others (GJ, PJ, tce, toe, t, Mt, kg, Mm3, 10^4 t ...):
:func:`to_canonical` converts a whole column at once, one pint conversion per
distinct unit, and names the offending row for a unit it does not know.

Watch-out: pint's own 'kt' is the knot; this registry redefines kt, Mt, Gt as tonnes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pint

from inventory.errors import InputError

__all__ = ["ureg", "unit_registry", "CANONICAL", "parse_unit", "conversion_factor", "to_canonical",
           "canonical_unit_of", "magnitude_in", "values_in", "ACCEPTED_SYMBOLS", "ALIASES",
           "check_input_unit", "UnitNotAccepted"]

_REGISTRY_OPTIONS = {"autoconvert_offset_to_baseunit": True, "on_redefinition": "ignore"}
_PINT_CACHE_COMPLETE = "complete"


def _pint_cache_folder() -> Path | None:
    """The per-user cache of pint's parsed definition files (inventory.cache), one folder per
    pint version and definition files (name, size, modification time), so an entry pint would
    find stale (and rewrite) is never in the folder it reads; None when caching is off."""
    from inventory.cache import cache_dir

    here = Path(pint.__file__).resolve().parent
    h = hashlib.sha256(pint.__version__.encode())
    for f in sorted(here.glob("*.txt")):
        st = f.stat()
        h.update(f"{f.name}|{st.st_size}|{st.st_mtime_ns}".encode())
    return cache_dir(f"pint-{h.hexdigest()[:16]}")


def unit_registry() -> pint.UnitRegistry:
    """pint's registry, its definition files parsed once per user (docs/design.md, "One-region
    one-year compile").

    Parsing pint's definition files costs ~0.15 s CPU in every process (each compile, CRT
    worker and test subprocess). pint's own ``cache_folder`` writes its files in place, so
    processes starting together read half-written files (every later command failed at
    import): here the first process fills a folder of its own, moves each file into the
    shared folder with an atomic rename and then writes the ``complete`` marker; pint reads
    the shared folder only once the marker exists. Any failure to read it falls back to
    parsing the files, as without a cache."""
    folder = _pint_cache_folder()
    if folder is None:
        return pint.UnitRegistry(**_REGISTRY_OPTIONS)
    if not (folder / _PINT_CACHE_COMPLETE).exists():
        try:
            build = Path(tempfile.mkdtemp(prefix=".build-", dir=folder))
        except OSError:
            return pint.UnitRegistry(**_REGISTRY_OPTIONS)
        try:
            pint.UnitRegistry(cache_folder=build, **_REGISTRY_OPTIONS)
            for f in sorted(build.iterdir()):
                os.replace(f, folder / f.name)
            (folder / _PINT_CACHE_COMPLETE).touch()
        except OSError:
            return pint.UnitRegistry(**_REGISTRY_OPTIONS)
        finally:
            shutil.rmtree(build, ignore_errors=True)
    try:
        return pint.UnitRegistry(cache_folder=folder, **_REGISTRY_OPTIONS)
    except Exception:  # a damaged or foreign entry: parse the files
        return pint.UnitRegistry(**_REGISTRY_OPTIONS)


ureg = unit_registry()
for _definition in (
    "tonne = 1000 * kilogram = t",
    "kt = 1000 * tonne",
    "Mt = 1e6 * tonne",
    "Gt = 1e9 * tonne",
    "wan_t = 1e4 * tonne",               # China statistics: 10^4 t (万吨)
    "wan_m3 = 1e4 * meter ** 3",          # 10^4 m3 (万立方米)
    "Mm3 = 1e6 * meter ** 3",
    "bcm = 1e9 * meter ** 3",
    "tce = 29.3076 * gigajoule",          # tonne of coal equivalent (GB/T 2589)
    "toe = 41.868 * gigajoule",           # tonne of oil equivalent (IEA)
    "head = [livestock] = animal",
    "item = [equipment] = items = plane = planes = accelerator = accelerators",
    "m3 = meter ** 3",
    "fraction = 1 = frac",
):
    ureg.define(_definition)

CANONICAL = ("TJ", "kt", "m3", "head", "item", "ha", "km")
_ALIASES = {"m^3": "m3", "10^4 t": "wan_t", "10^4 m3": "wan_m3", "1000 t": "kt",
            "heads": "head", "hectare": "ha", "tonnes": "tonne"}
#: Whole-unit spellings accepted on input besides the symbols (docs/data_format.md).
ALIASES = {"10^4 t": "10,000 t (Chinese statistics)", "10^4 m3": "10,000 m3",
           "1000 t": "kt", "1000 m3": "1,000 m3", "m^3": "m3", "heads": "head",
           "hectare": "ha", "tonne": "t", "tonnes": "t"}
#: Unit symbols accepted in input files, case-sensitive (``mt`` would be a millitonne, ``MT``
#: a megatesla: both are refused). Compound units combine them with ``/``, ``*``, ``^``.
ACCEPTED_SYMBOLS = {
    "energy": ("TJ", "GJ", "MJ", "kJ", "J", "PJ", "EJ", "kWh", "MWh", "GWh", "TWh", "tce",
               "toe", "ktoe", "Mtoe"),
    "mass": ("t", "kt", "Mt", "Gt", "g", "kg", "Mg", "Gg", "Tg", "tonne", "tonnes"),
    "volume": ("m3", "Mm3", "bcm", "L"),
    "count": ("head", "heads", "item", "items", "plane", "planes", "accelerator",
              "accelerators"),
    "area and length": ("ha", "hectare", "m2", "km2", "m", "km"),
    "time": ("yr", "year", "years", "d", "day", "days", "h", "min"),
    "other": ("%", "fraction", "frac", "mV"),
}
_PLURALS = ("heads", "items", "planes", "accelerators", "tonnes", "years", "days", "frac",
            "hectare", "tonne", "m^3")
_SYMBOLS = frozenset(s for group in ACCEPTED_SYMBOLS.values() for s in group)
_LOWER = {}
for _s in sorted(_SYMBOLS):
    _LOWER.setdefault(_s.lower(), []).append(_s)
_TOKEN = re.compile(r"[A-Za-z%][A-Za-z%0-9]*")


class UnitNotAccepted(ValueError):
    """A unit outside the input whitelist (:data:`ACCEPTED_SYMBOLS`, :data:`ALIASES`)."""

    def __init__(self, unit: str, token: str):
        self.unit, self.token = unit, token
        close = [c for c in _LOWER.get(token.lower(), []) if c != token]
        if close:
            fixed = re.sub(rf"(?<![A-Za-z%]){re.escape(token)}(?![A-Za-z%0-9])", close[0], unit)
            msg = (f"unit '{unit}' is not accepted: unit symbols are case-sensitive "
                   f"('{token}' is not '{close[0]}'); did you mean '{fixed}'?")
        else:
            part = f" ('{token}' is not a unit symbol the tool accepts)" if token != unit else ""
            msg = f"unknown unit '{unit}'{part}"
        super().__init__(msg)

    @staticmethod
    def expected() -> str:
        shown = [u for group in ACCEPTED_SYMBOLS.values() for u in group
                 if u not in _PLURALS]
        return ("a unit of the accepted symbols (case-sensitive) " + ", ".join(shown)
                + ", or " + ", ".join(a for a in ALIASES if a not in _PLURALS)
                + "; compound units combine them, e.g. kg/TJ")


def check_input_unit(text: str) -> None:
    """Raise :class:`UnitNotAccepted` unless every symbol of ``text`` is on the input
    whitelist (case-sensitive) or ``text`` is one of :data:`ALIASES`."""
    t = str(text).strip()
    if t in ALIASES or t in _SYMBOLS:
        return
    tokens = _TOKEN.findall(t)
    if not tokens:
        raise UnitNotAccepted(t, t or "(empty)")
    for tok in tokens:
        if tok not in _SYMBOLS:
            raise UnitNotAccepted(t, tok)


@lru_cache(maxsize=512)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string ('GJ', 'kg/TJ', '1000 m3' ...); raises ValueError for unknown units."""
    t = str(text).strip()
    t = _ALIASES.get(t, t)
    try:
        q = ureg.parse_expression(t)
    except Exception as exc:  # pint raises several error types
        raise ValueError(f"unknown unit '{text}'") from exc
    if not isinstance(q, pint.Quantity) or (q.dimensionless and q.magnitude != 1):
        # a bare number is not a unit
        raise ValueError(f"unknown unit '{text}'")
    if q.magnitude == 1:
        return q.units
    # a scaled unit such as '1000 m3': give it a name of its own
    name = "u_" + "".join(ch if ch.isalnum() else "_" for ch in t)
    ureg.define(f"{name} = {q.magnitude} * {q.units}")
    return ureg.Unit(name)


@lru_cache(maxsize=2048)
def conversion_factor(src: str, dst: str) -> float:
    """Multiply a value in ``src`` by this to get it in ``dst``."""
    return float(ureg.Quantity(1.0, parse_unit(src)).to(parse_unit(dst)).magnitude)


@lru_cache(maxsize=512)
def canonical_unit_of(unit: str) -> str:
    """Canonical unit for the dimension of ``unit`` (e.g. 'GJ' -> 'TJ'); the unit itself if its
    dimension has no canonical entry (compound units such as 'TJ/kt')."""
    dim = parse_unit(unit).dimensionality
    for canon in CANONICAL:
        if parse_unit(canon).dimensionality == dim:
            return canon
    return unit


def to_canonical(values: pd.Series, units: pd.Series, refs: pd.Series | None = None,
                 column: str = "unit") -> tuple[pd.Series, pd.Series]:
    """Convert ``values`` given in ``units`` to canonical units; returns (values, units).

    One pint call per distinct unit, so it is fast on large tables. ``refs`` (file!sheet!row)
    name the first offending row of an unknown unit.
    """
    factors = {}
    canon = {}
    for u in pd.unique(units.astype(str)):
        try:
            check_input_unit(u)
            canon[u] = canonical_unit_of(u)
            factors[u] = conversion_factor(u, canon[u])
        except (ValueError, pint.DimensionalityError) as exc:
            first = units.astype(str) == u
            where = refs[first].iloc[0] if refs is not None and len(refs) else f"column '{column}'"
            raise InputError(f"{exc}", where, UnitNotAccepted.expected()) from None
    u = units.astype(str)
    f = u.map(factors).astype("float64").to_numpy()
    return pd.Series(values.to_numpy(dtype="float64") * f, index=values.index), u.map(canon)


def magnitude_in(values: np.ndarray | pd.Series, unit: str, target: str) -> np.ndarray:
    """Values given in ``unit`` expressed in ``target`` (dimension checked by pint)."""
    return np.asarray(values, dtype="float64") * conversion_factor(unit, target)


def values_in(rows: pd.DataFrame, unit: str, what: str) -> np.ndarray:
    """The activity rows' ``value`` converted from their own ``unit`` column to ``unit``; a unit
    of another dimension is an InputError naming the first such row (e.g. an area typed in
    'm3'). ``what`` names the quantity in the message."""
    out = np.full(len(rows), np.nan)
    units = rows["unit"].astype(str).to_numpy()
    vals = rows["value"].to_numpy(dtype=float)
    for u in pd.unique(units):
        sel = units == u
        try:
            f = conversion_factor(u, unit)
        except Exception:
            bad = rows[sel].iloc[0]
            raise InputError(f"{what} '{bad['activity']}' given in '{u}'",
                             bad.get("source_ref"), f"a unit convertible to {unit}") from None
        out[sel] = vals[sel] * f
    return out

