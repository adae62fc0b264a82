"""Bilingual labels (Chinese / English): one table of strings, filled by the packages that own
them, for everything a project in ``language: zh | en | zh+en`` shows in two languages (report
tables, category and fuel names, sheet headers, the fixed parts of messages).

A package registers a label file (CSV with the columns ``key, zh, en`` after ``#`` comment
lines) or a function returning such a frame; keys are namespaced by their owner
(``energy.msg.unknown_product``, ``category.E1.1``, ``fuel.natural_gas``). A key given twice is
an error, and so is a key without both names (tested), so no string silently stays in one
language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

__all__ = ["register_labels", "labels", "label", "LANGUAGES", "read_label_file"]

LANGUAGES = ("en", "zh", "zh+en")
_SOURCES: dict[str, Callable[[], pd.DataFrame]] = {}
_CACHE: dict[str, pd.DataFrame] = {}


def read_label_file(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)[["key", "zh", "en"]]


def register_labels(name: str, source: Path | Callable[[], pd.DataFrame]) -> None:
    """Add the labels of ``source`` (a CSV path or a function returning key, zh, en)."""
    fn = (lambda p=Path(source): read_label_file(p)) if isinstance(source, (str, Path)) \
        else source
    _SOURCES[name] = fn
    _CACHE.clear()


def labels() -> pd.DataFrame:
    """Every registered label, indexed by key (read once)."""
    if "all" not in _CACHE:
        from inventory.plugins import load_sectors

        load_sectors()
        frames = [fn().assign(owner=name) for name, fn in sorted(_SOURCES.items())]
        df = (pd.concat(frames, ignore_index=True) if frames
              else pd.DataFrame(columns=["key", "zh", "en", "owner"]))
        dup = df["key"][df["key"].duplicated()]
        if len(dup):
            raise ValueError(f"labels given twice: {sorted(set(dup))}")
        _CACHE["all"] = df.set_index("key")
    return _CACHE["all"]


def label(key: str, language: str = "en", sep: str = " / ") -> str:
    """The text of ``key`` in ``language`` (``zh+en``: both, joined by ``sep``)."""
    t = labels()
    if key not in t.index:
        raise KeyError(f"no label '{key}' (registered label tables: {sorted(_SOURCES)})")
    zh, en = t.at[key, "zh"], t.at[key, "en"]
    if language == "zh":
        return zh
    if language == "en":
        return en
    if language == "zh+en":
        return f"{zh}{sep}{en}"
    raise ValueError(f"language {language!r} (one of {LANGUAGES})")


# the core's own strings: the Excel data-entry template (inventory/io/template.py)
register_labels("template", Path(__file__).resolve().parent / "data" / "labels_template.csv")
