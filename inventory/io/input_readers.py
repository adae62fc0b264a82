"""Input formats and parameter sources that plug into the intake.

The intake (:func:`inventory.io.readers.read_inputs`) reads the Excel template and the
activity/parameters CSV files itself. Other formats (a statistical energy balance table, a
facility register ...) are registered here by the package that understands them, and named in
``inventory.yml`` by the ``table`` key of an input::

    inputs:
      - file: data/balance_2021.xlsx
        table: energy_balance        # a registered InputReader
        region: NTH                  # further keys are the reader's own (item.options)

A **parameter source** adds parameter rows that do not come from a file of the project (a
published national factor set chosen in ``inventory.yml``); it sees the project and the
activity read so far, and returns rows of the parameters contract (or an empty table).

The core never imports the packages that register here: sectors register on import
(:mod:`inventory.plugins`), other extensions through the entry-point group
``ghgi.extensions``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from inventory.registry import Registry

__all__ = ["InputReader", "ParameterSource", "register_input_reader", "input_readers",
           "register_parameter_source", "parameter_sources", "BUILTIN_TABLES"]

BUILTIN_TABLES = ("activity", "parameters")


@dataclass(frozen=True)
class InputReader:
    """``read(item, project) -> (activity, parameters)``; ``item`` is the project's
    :class:`inventory.project.InputFile` (path, table, options). ``options`` is a pydantic
    model of the keys the format takes on its ``inputs`` item (strict, no unknown keys): the
    configuration schema (:mod:`inventory.config`) checks them when ``inventory.yml`` is
    read."""

    name: str
    read: Callable
    doc: str
    sector: str | None = None
    options: type[BaseModel] | None = None

    def check_options(self, given: dict) -> dict:
        """The item's further keys checked against :attr:`options` (an error names the key)."""
        if self.options is None:
            if given:
                raise PydanticCustomError(
                    "ghgi", f"unknown keys {sorted(given)} for table '{self.name}'",
                    {"expected": "file and table only"})
            return {}
        try:
            return self.options.model_validate(given).model_dump(exclude_none=True)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(p) for p in err["loc"])
            if err["type"] == "extra_forbidden":
                msg = f"unknown key '{key}' for table '{self.name}'"
            else:
                msg = f"{key} is {err.get('input')!r}: {err['msg']}"
            raise PydanticCustomError("ghgi", msg, {"expected": "keys of table "
                                      f"'{self.name}': {', '.join(self.options.model_fields)}"}
                                      ) from None


@dataclass(frozen=True)
class ParameterSource:
    """``build(project, activity) -> parameters`` (rows of the parameters contract)."""

    name: str
    build: Callable[..., pd.DataFrame]
    doc: str


_READERS: Registry[InputReader] = Registry("input table", BUILTIN_TABLES)
_SOURCES: Registry[ParameterSource] = Registry("parameter source")


def register_input_reader(reader: InputReader) -> InputReader:
    return _READERS.add(reader)


def input_readers() -> dict[str, InputReader]:
    return _READERS.all()


def register_parameter_source(source: ParameterSource) -> ParameterSource:
    return _SOURCES.add(source)


def parameter_sources() -> list[ParameterSource]:
    return list(_SOURCES.all().values())
