"""The ``options`` of ``inventory.yml``. Each section belongs to a sector plug-in (the keys it
declares in ``Sector.options``), to the analyses (``inventory.analysis.options``, checked
when the project loads) or to the review app. A misspelt section or key would otherwise be
ignored and its default used without a word, so both are refused before any input is read."""

from __future__ import annotations

from inventory.errors import InputError

__all__ = ["REVIEW_OPTIONS", "check_option_sections"]

REVIEW_OPTIONS = ("block_approval_on", "language")   # docs/review.md


def check_option_sections(options: dict, where: str) -> None:
    """Refuse an ``options`` section that nothing reads and a key its owner does not know."""
    from inventory.plugins import sectors

    owners = {s.name: tuple(s.options) for s in sectors()}
    owners["review"] = REVIEW_OPTIONS
    for section, values in (options or {}).items():
        if section == "analysis":
            continue
        if section not in owners:
            raise InputError(f"unknown options section {section!r}", f"{where}, key 'options'",
                             f"one of {', '.join(['analysis', *owners])}")
        extra = sorted(set(values or {}) - set(owners[section]))
        if extra:
            known = ", ".join(sorted(owners[section])) or "none (the sector has no options)"
            raise InputError(f"unknown option(s) {extra} of {section}",
                             f"{where}, key 'options: {section}'", f"keys among {known}")
