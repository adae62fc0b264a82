"""DuckDB settings and SQL text shared by the county-scale generator and engine."""

from __future__ import annotations

from inventory.errors import InputError

__all__ = ["sql_str", "set_option"]


def sql_str(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def set_option(con, setting: str, value, option: str, expected: str) -> None:
    """A DuckDB setting from a command-line option; DuckDB's refusal becomes one line."""
    import duckdb

    try:
        con.execute(f"SET {setting}={value}")
    except duckdb.Error as exc:
        raise InputError(f"{option} {value}: {str(exc).splitlines()[0]}", option,
                         expected) from None
