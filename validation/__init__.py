"""Great Expectations validation of the input tables (activity, parameters).

Import is cheap: great_expectations (10-20 s to import) is loaded only inside
:func:`validation.run.validate_tables`. See :mod:`validation.suites` for the suites.
"""

from __future__ import annotations

__all__ = ["validate_tables", "ValidationReport"]


def __getattr__(name: str):
    if name in __all__:
        from validation import run

        return getattr(run, name)
    raise AttributeError(f"module 'validation' has no attribute {name!r}")
