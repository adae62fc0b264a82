"""``inventory.yml`` read strictly: UTF-8, YAML without duplicate keys, and a schema.

A configuration that is not what it looks like is refused with one message naming the key:

* the file must be UTF-8 (a Latin-1 file is named, not half-read);
* a key given twice in one mapping is an error naming both lines (plain YAML silently keeps
  the last ``gwp:``);
* every key is known (a misspelt ``tier:`` would otherwise be ignored) and has its type, with
  no coercion: ``synthetic: "no"`` is text, not a boolean; ``base_year: first`` is not a year;
  ``tiers: {1.A: two}`` is not a tier (pydantic v2 in strict mode).

:func:`read_config` returns the checked :class:`Config`; :mod:`inventory.project` builds the
:class:`~inventory.project.Project` from it.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from inventory.errors import InputError
from inventory.factors import DEFAULT_GUIDELINES, GUIDELINES
from inventory.gases import DEFAULT_GWP_SET, GWP_SETS
from inventory.labels import LANGUAGES

__all__ = ["Config", "IntakeSettings", "read_config", "load_yaml_strict", "FIRST_YEAR",
           "LAST_YEAR", "MAX_PARTY_CHARS", "YEARS_OUTSIDE_RANGE"]

FIRST_YEAR, LAST_YEAR = 1900, 2100       # the years the IPCC default tables are valid for
MAX_PARTY_CHARS = 200
MAX_CONFIG_BYTES = 1 << 20
YEARS_OUTSIDE_RANGE = ("warn", "error")
_CODE = r"^[\w.-]{1,40}$"                # region and party codes: letters, digits, _ . -


def _fail(message: str, expected: str = ""):
    return PydanticCustomError("ghgi", message, {"expected": expected})


# ------------------------------------------------------------------ strict YAML
class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key that is a list or mapping", key_node.start_mark
            ) from None
        line = key_node.start_mark.line + 1
        if key in seen:
            raise _DuplicateKey(key, seen[key], line)
        seen[key] = line
    return loader.construct_mapping_plain(node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key, first: int, second: int):
        self.key, self.first, self.second = key, first, second
        super().__init__(f"key {key!r} given twice (lines {first} and {second})")


_StrictLoader.construct_mapping_plain = yaml.SafeLoader.construct_mapping
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                              lambda loader, node: _construct_mapping(loader, node, True))


def load_yaml_strict(path: Path) -> Any:
    """Parse a YAML file: UTF-8 only, no duplicate keys; errors are InputErrors naming the
    file and line."""
    where = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a folder, not a file", where, "an inventory.yml file") from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", where) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise InputError(f"is {len(data):,} bytes long", where,
                         f"a configuration under {MAX_CONFIG_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}; "
                         "was it saved as Latin-1 or Windows-1252?)", where,
                         "the file saved with UTF-8 encoding") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except _DuplicateKey as exc:
        raise InputError(f"key {exc.key!r} is given twice (lines {exc.first} and "
                         f"{exc.second}); YAML would silently keep the last",
                         f"{where}, line {exc.second}", "each key once") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where}, line {mark.line + 1}" if mark is not None else where
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"not valid YAML: {problem}", at) from None


# ------------------------------------------------------------------ schema
def _mapping(v, expected: str) -> dict:
    """``v`` as a mapping (None: empty); anything else is refused with ``expected``."""
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise _fail(f"{v!r} is not a mapping", expected)
    return v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class RegionSpec(_Strict):
    code: Annotated[StrictStr, Field(pattern=_CODE)]
    name: StrictStr | None = None

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, v):
        if not isinstance(v, dict):
            raise _fail(f"{v!r} is not a mapping", "{code: NTH, name: Northland}")
        if "code" not in v:
            raise _fail(f"{v!r} has no 'code'", "{code: NTH, name: Northland}")
        return v


class InputSpec(_Strict):
    """One ``inputs`` item: ``file``, ``table`` (``activity``, ``parameters``, nothing for an
    Excel template, or an input format registered by a sector or extension,
    :mod:`inventory.io.input_readers`) and, for a registered format, the keys it declares
    (``options``, e.g. ``region``, ``year``, ``unit`` of ``table: energy_balance``)."""

    file: StrictStr
    table: StrictStr | None = None
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _file(cls, v):
        if isinstance(v, str):
            return {"file": v}
        if not isinstance(v, dict):
            raise _fail(f"{v!r} is not a mapping", "{file: data/x.xlsx} or {file: data/a.csv, "
                                                   "table: activity}")
        if not v.get("file"):
            raise _fail(f"{v!r} has no 'file'", "{file: data/x.xlsx}")
        if "options" in v:
            raise _fail("'options' is not a key of an input", "file, table and the keys of "
                                                               "the table's format")
        table = v.get("table")
        extra = {k: x for k, x in v.items() if k not in ("file", "table")}
        if table is None or table in ("activity", "parameters"):
            return v                       # extra keys: refused as unknown by the schema
        if not isinstance(table, str):
            return v
        from inventory.io.input_readers import input_readers

        readers = input_readers()
        if table not in readers:
            raise _fail(f"table '{table}' is not an input format",
                        "activity or parameters (or nothing for an Excel template), or a "
                        f"registered input format: {', '.join(readers) or 'none'}")
        return {"file": v["file"], "table": table,
                "options": readers[table].check_options(extra)}


class IntakeSettings(_Strict):
    """``inventory.yml`` key ``intake``: how strictly the inputs are read."""

    #: a year column (wide sheet) or year row (long CSV) outside ``years``: ``warn`` (the
    #: values are left out, a warning says which) or ``error``
    years_outside_range: Literal["warn", "error"] = "warn"
    #: a country parameter more than this factor outside the IPCC default range is a
    #: reviewer finding (check ``core.parameter_implausible``)
    implausible_factor: Annotated[StrictInt | StrictFloat, Field(gt=1)] = 10
    #: rows read per sheet or CSV file at most (a larger table is an error, never a hang)
    max_rows: Annotated[StrictInt, Field(gt=0)] = 200_000


def _flexibility_provisions() -> list[str]:
    """The provision keys of inventory/data/flexibility_provisions.csv (CRT Flex_summary)."""
    path = Path(__file__).resolve().parent / "data" / "flexibility_provisions.csv"
    lines = [x for x in path.read_text(encoding="utf-8").splitlines()
             if x and not x.startswith("#")]
    return [x.split(",", 1)[0] for x in lines[1:]]


class FlexibilitySetting(_Strict):
    """``inventory.yml`` ``flexibility: {<provision>: {...}}`` (CRT Flex_summary; the provisions
    are the lines of inventory/data/flexibility_provisions.csv)."""

    applied: StrictBool = False
    description: StrictStr = ""
    constraints: StrictStr = ""
    timeframe: StrictStr = ""


class EtfSettings(_Strict):
    """``inventory.yml`` key ``etf``: the CRT Data Exchange JSON (docs/etf.md)."""

    #: the ETF metadata file downloaded from the reporting tool (a path inside the project);
    #: without it, UIDs come from the shipped CRF-CRT common-variables table
    metadata: StrictStr | None = None
    #: type name of numbers: ``numeric`` (IPCC Inventory Software) or ``number`` (invdb-py)
    number_type: Literal["numeric", "number"] = "numeric"
    #: ``inventory_year`` written as "2023" rather than 2023
    year_as_string: StrictBool = False


class FactorSetSpec(_Strict):
    """``factor_set``: the factor set (``ipcc_default`` or ``national_cn``) by default, per
    category prefix and per fuel; ``edition`` of the provincial guideline. A plain name is the
    default. The names and editions are checked by :mod:`provincial.factors`."""

    default: StrictStr = "ipcc_default"
    edition: StrictStr | StrictInt | None = None
    by_category: dict[str, StrictStr] = Field(default_factory=dict)
    by_fuel: dict[str, StrictStr] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _name(cls, v):
        if isinstance(v, str):
            return {"default": v}
        _mapping(v, "a factor set name (ipcc_default, national_cn) or {default, edition, "
                    "by_category, by_fuel}")
        return v


class ProvincialSpec(_Strict):
    """``provincial``: ``report: true`` writes the provincial guideline's report tables."""

    report: StrictBool = False


class ReconcileSpec(_Strict):
    """``reconcile``: the region that is the national inventory in a project with both levels,
    the relative threshold [% of the national value] and the absolute one [kt CO2 eq] above
    which a gap is a finding (defaults in :mod:`provincial.reconcile`)."""

    national_region: Annotated[StrictStr, Field(pattern=_CODE)]
    threshold_pct: Annotated[StrictInt | StrictFloat, Field(ge=0)] | None = None
    min_kt: Annotated[StrictInt | StrictFloat, Field(ge=0)] | None = None


class Config(_Strict):
    """The schema of ``inventory.yml`` (docs/data_format.md, "The project folder")."""

    name: StrictStr
    party: Annotated[StrictStr, Field(min_length=1, max_length=MAX_PARTY_CHARS)]
    party_code: Annotated[StrictStr, Field(pattern=_CODE)] | None = None
    synthetic: StrictBool = False
    regions: Annotated[list[RegionSpec], Field(min_length=1)]
    years: Annotated[list[StrictInt], Field(min_length=2, max_length=2)]
    base_year: StrictInt | None = None
    gwp: Literal[GWP_SETS] = DEFAULT_GWP_SET  # type: ignore[valid-type]
    guidelines: Literal[tuple(GUIDELINES)] = DEFAULT_GUIDELINES  # type: ignore[valid-type]
    tiers: dict[str, StrictInt | dict[str, StrictInt]] = Field(default_factory=dict)
    checks: dict[str, StrictStr] = Field(default_factory=dict)
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    not_reported: list[StrictStr] = Field(default_factory=list)
    intake: IntakeSettings = Field(default_factory=IntakeSettings)
    flexibility: dict[str, FlexibilitySetting] = Field(default_factory=dict)
    etf: EtfSettings = Field(default_factory=EtfSettings)
    inputs: Annotated[list[InputSpec], Field(min_length=1)]
    #: labels of the tables that have both (provincial report tables, energy balance messages)
    language: Literal[LANGUAGES] = "en"  # type: ignore[valid-type]
    #: China's default factors per category or fuel (provincial/factors.py)
    factor_set: FactorSetSpec | None = None
    #: the provincial guideline's report tables (provincial/report.py)
    provincial: ProvincialSpec | None = None
    #: one project with both levels: national-provincial reconciliation (provincial/reconcile.py)
    reconcile: ReconcileSpec | None = None

    @field_validator("tiers", mode="before")
    @classmethod
    def _tiers(cls, v):
        v = _mapping(v, "{category prefix: tier} or {category prefix: {gas: tier}}, e.g. "
                        "{1.A: 1, 1.A.1.a: 2}")
        out = {}
        for k, t in v.items():
            key = str(k)
            vals = t.values() if isinstance(t, dict) else [t]
            for x in vals:
                if isinstance(x, bool) or not isinstance(x, int) or x not in (1, 2, 3):
                    raise _fail(f"the tier of {key} is {x!r}", "tier 1, 2 or 3")
            out[key] = {str(g): x for g, x in t.items()} if isinstance(t, dict) else t
        return out

    @field_validator("flexibility", mode="before")
    @classmethod
    def _flexibility(cls, v):
        v = _mapping(v, "{<provision>: {applied: true, description, constraints, timeframe}}")
        known = _flexibility_provisions()
        for k in v:
            if k not in known:
                raise _fail(f"flexibility provision {k!r}", " | ".join(known))
        return v

    @field_validator("checks", mode="before")
    @classmethod
    def _checks(cls, v):
        v = _mapping(v, "{default: record, <check name>: warn}")
        for k, x in v.items():
            if x not in ("raise", "warn", "record"):
                raise _fail(f"check policy {k}: {x!r}", "raise | warn | record")
        return {str(k): x for k, x in v.items()}

    @field_validator("options", mode="before")
    @classmethod
    def _options(cls, v):
        v = _mapping(v, "{<sector or analysis>: {setting: value}}")
        if not all(isinstance(x, dict) or x is None for x in v.values()):
            raise _fail(f"{v!r} is not a mapping of mappings",
                        "{<sector or analysis>: {setting: value}}")
        return {str(k): dict(x or {}) for k, x in v.items()}

    @model_validator(mode="after")
    def _years(self):
        first, last = self.years
        if not (FIRST_YEAR <= first <= last <= LAST_YEAR):
            raise _fail(f"years is {self.years}",
                        f"[first, last] with {FIRST_YEAR} <= first <= last <= {LAST_YEAR}")
        if self.base_year is not None and not first <= self.base_year <= last:
            raise _fail(f"base_year {self.base_year} is outside the inventory years "
                        f"{first}-{last}", "a year of the inventory (its first year, usually)")
        codes = [r.code for r in self.regions]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise _fail(f"region codes {dup} appear more than once", "unique codes")
        return self


_EXPECTED = {
    "int_type": "a whole number", "bool_type": "true or false (unquoted)",
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "float_type": "a number",
    "model_attributes_type": "a mapping",
}


def _key(loc: tuple) -> str:
    parts = []
    for p in loc:
        if isinstance(p, int):
            parts.append(f"item {p + 1}")
        elif p in ("int", "dict[str,int]", "str") or "[" in str(p):
            continue                       # pydantic's union member tags
        else:
            parts.append(str(p))
    out = ""
    for p in parts:
        if p.startswith("item "):
            out += f" {p}"
        elif out.split(" ")[-2:-1] == ["item"]:
            out += f", {p}"
        else:
            out += f".{p}" if out else p
    return out


def _translate(err: dict, where: str) -> InputError:
    kind = err["type"]
    key = _key(tuple(err["loc"]))
    at = f"{where}, key '{key}'" if key else where
    value = err.get("input")
    shown = repr(value) if not isinstance(value, str) or len(value) <= 60 else \
        repr(value[:60]) + f"... ({len(value):,} characters)"
    ctx = err.get("ctx") or {}
    if kind == "ghgi":
        return InputError(err["msg"], at, ctx.get("expected", ""))
    if kind == "missing":
        return InputError(f"missing key '{key}'", where, _HINTS.get(key.split(".")[0], ""))
    if kind == "extra_forbidden":
        parent = key.rsplit(".", 1)[0] if "." in key else ""
        known = _known_keys(parent)
        close = difflib.get_close_matches(key.rsplit(".", 1)[-1], known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return InputError(f"unknown key '{key}'{hint}", where,
                          "one of " + ", ".join(known))
    if kind == "literal_error":
        return InputError(f"{key} is {shown}", at, str(ctx.get("expected", "")))
    if kind == "string_pattern_mismatch":
        return InputError(f"{key} is {shown}", at,
                          "a code of letters, digits, '_', '-' or '.' (at most 40)")
    if kind in ("too_short", "too_long", "string_too_long", "string_too_short"):
        return InputError(f"{key} is {shown}: {err['msg'].lower()}", at,
                          _HINTS.get(key.split(".")[0], ""))
    if kind in ("greater_than", "greater_than_equal"):
        return InputError(f"{key} is {shown}", at, err["msg"].lower())
    expected = _EXPECTED.get(kind, err["msg"])
    hint = _HINTS.get(key.split(".")[0].split(" ")[0], "")
    return InputError(f"{key} is {shown}, not {expected}", at, hint)


_HINTS = {
    "name": "a folder-safe name, e.g. 'demoland'", "party": "the party name as printed in the CRT",
    "regions": "a list of {code, name}", "years": "[first, last], e.g. [2005, 2023]",
    "base_year": "a year of the inventory, e.g. 2005", "inputs": "a list of {file, table}",
    "synthetic": "true or false", "tiers": "{category prefix: tier 1, 2 or 3}",
    "not_reported": "a list of sector names",
}


def _known_keys(parent: str) -> list[str]:
    model = {"": Config, "intake": IntakeSettings, "factor_set": FactorSetSpec,
             "provincial": ProvincialSpec, "reconcile": ReconcileSpec}.get(parent.split(" ")[0])
    if parent.startswith("regions"):
        model = RegionSpec
    elif parent.startswith("inputs"):
        model = InputSpec
    return list(model.model_fields) if model else []


def read_config(path: Path) -> Config:
    """``path`` (an inventory.yml) parsed strictly and checked against :class:`Config`."""
    raw = load_yaml_strict(path)
    where = str(path)
    if raw is None:
        raise InputError("is empty", where, "the keys of docs/data_format.md")
    if not isinstance(raw, dict):
        raise InputError(f"holds a {type(raw).__name__}, not a mapping of keys", where,
                         "name:, party:, regions:, years:, inputs: ...")
    bad_keys = [k for k in raw if not isinstance(k, str)]
    if bad_keys:
        raise InputError(f"top-level key {bad_keys[0]!r} is not a name", where,
                         "the keys of docs/data_format.md")
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        raise _translate(exc.errors()[0], where) from None
