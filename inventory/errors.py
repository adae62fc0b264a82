"""Errors that point the compiler at the exact place of bad input."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["InputError", "Location", "MethodInputError"]


@dataclass(frozen=True)
class Location:
    """Where a value came from: file, sheet (Excel only), 1-based row as the user sees it, column."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [f"file {self.file}"]
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


class InputError(ValueError):
    """Bad input: the message names file, sheet, row, column and what was expected."""

    def __init__(self, problem: str, location: Location | str | None = None, expected: str = ""):
        self.problem = problem
        self.location = location
        self.expected = expected
        where = f"{location}: " if location else ""
        tail = f" (expected {expected})" if expected else ""
        super().__init__(f"{where}{problem}{tail}")


class MethodInputError(InputError):
    """A chosen tier lacks an input it needs (a factor, a parameter): never a silent fallback."""
