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

from inventory.registry import Registry

__all__ = ["InputReader", "ParameterSource", "register_input_reader", "input_readers",
           "register_parameter_source", "parameter_sources", "BUILTIN_TABLES"]

BUILTIN_TABLES = ("activity", "parameters")


@dataclass(frozen=True)
class InputReader:
    """``read(item, project) -> (activity, parameters)``; ``item`` is the project's
    :class:`inventory.project.InputFile` (path, table, options)."""

    name: str
    read: Callable
    doc: str
    sector: str | None = None


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
