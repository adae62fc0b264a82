"""Value encoding of the ETF Data Exchange JSON.

Each value is ``{"variable_uid": uid, "value": {"type": ..., "value": ...}}``:

* numbers: ``{"type": "numeric" | "number", "value": 1.5}`` -- writers disagree on the type
  name (the IPCC Inventory Software writes ``numeric``, US EPA's invdb-py ``number``): an
  option of the writer (:class:`EncodeOptions`), both are read;
* notation keys: ``{"type": "NK", "value": <bitmask>}``, several keys add up (IE + NO = 2080);
* method / emission-factor codes (Summary3, the ``Method`` and ``Emission factor information``
  variables): ``{"type": "drop_down", "value": <bitmask>}`` (T1 + CS = 131076);
* text (documentation boxes): ``{"type": "text", "value": "..."}``.

Bit values (the ETF reporting tool's drop-down list as public writers use it: USEPA/invdb-py
``chalicelib/src/unfccc/helpers.py`` ``notation_keys``): C 1, CR 2, CS 4, D 8, GCV 16, IE 32,
IO 64, M 128, NA 256, NCV 512, NE 1024, NO 2048, OTH 8192, PS 16384, R 32768, RA 65536,
T1 131072, T1a 262144, T1b 524288, T1c 1048576, T2 2097152, T3 4194304, FX 8388608.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["BITS", "NOTATION_KEYS", "CODE_MEASURES", "EncodeOptions", "encode_bits",
           "decode_bits", "encode_cell", "decode_value", "NUMBER_TYPES"]

BITS: dict[str, int] = {
    "C": 1, "CR": 2, "CS": 4, "D": 8, "GCV": 16, "IE": 32, "IO": 64, "M": 128, "NA": 256,
    "NCV": 512, "NE": 1024, "NO": 2048, "OTH": 8192, "PS": 16384, "R": 32768, "RA": 65536,
    "T1": 131072, "T1a": 262144, "T1b": 524288, "T1c": 1048576, "T2": 2097152, "T3": 4194304,
    "FX": 8388608,
}
NOTATION_KEYS = ("NO", "NE", "NA", "IE", "C")
# measures whose values are drop-down codes rather than text
CODE_MEASURES = ("Method", "Emission factor information")
NUMBER_TYPES = ("numeric", "number")


@dataclass(frozen=True)
class EncodeOptions:
    """Choices where the public writers disagree (docs/etf.md#options).

    number_type : "numeric" (default; IPCC Inventory Software export) or "number" (invdb-py).
    year_as_string : False (default; integers as the IPCC Inventory Software writes them) or
        True ("2023", as invdb-py writes them).
    """

    number_type: str = "numeric"
    year_as_string: bool = False

    def __post_init__(self):
        if self.number_type not in NUMBER_TYPES:
            raise ValueError(f"number_type must be one of {NUMBER_TYPES}")

    def year(self, year: int) -> int | str:
        return str(int(year)) if self.year_as_string else int(year)


def encode_bits(codes: str) -> int:
    """'IE,NO' -> 2080; unknown code -> ValueError."""
    total = 0
    for c in (p.strip() for p in str(codes).split(",") if p.strip()):
        if c not in BITS:
            raise ValueError(f"'{c}' is not a notation key or method/EF code of the ETF list")
        total |= BITS[c]
    return total


def decode_bits(mask: int) -> str:
    """2080 -> 'IE,NO' (codes in the order of :data:`BITS`)."""
    mask = int(mask)
    out = [c for c, b in BITS.items() if mask & b]
    if sum(BITS[c] for c in out) != mask:
        raise ValueError(f"{mask} has bits outside the ETF list")
    return ",".join(out)


def encode_cell(kind: str, value: float | None, text: str | None, measure: str,
                scale: float, options: EncodeOptions) -> dict:
    """One captured cell -> the ``value`` object of the JSON."""
    if kind == "number":
        v = float(value) * float(scale)
        if math.isnan(v) or math.isinf(v):
            raise ValueError(f"{v} is not a reportable number")
        return {"type": options.number_type, "value": v}
    if kind == "key":
        return {"type": "NK", "value": encode_bits(text or "")}
    if measure in CODE_MEASURES and all(p.strip() in BITS for p in str(text).split(",")):
        return {"type": "drop_down", "value": encode_bits(text or "")}
    return {"type": "text", "value": str(text)}


def decode_value(obj: dict) -> tuple[str, float | None, str | None]:
    """The ``value`` object -> (kind, number, text) as captured; ``scale`` is undone by the
    caller."""
    t = str(obj.get("type", ""))
    v = obj.get("value")
    if t in NUMBER_TYPES:
        return "number", float(v), None
    if t == "NK":
        return "key", None, decode_bits(int(v))
    if t == "drop_down":
        codes = decode_bits(int(v))
        kind = "key" if all(c in NOTATION_KEYS for c in codes.split(",")) else "text"
        return kind, None, codes
    if t == "text":
        return "text", None, str(v)
    raise ValueError(f"unknown value type '{t}'")
