"""Bilingual labels: one table (``data/labels.csv``: key, zh, en) for every string of the
provincial report tables (sheet names, column headers, instructions, memo lines, the fixed parts
of messages) and the fuel and gas names; the report categories come from ``data/crosswalk.csv``,
which has both names as well.

``label(key, language)`` gives the Chinese, the English or both ("中文 / English") text;
``language`` is the project's ``inventory.yml`` key (``zh``, ``en`` or ``zh+en``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

__all__ = ["labels", "label", "category_names", "LANGUAGES"]

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("zh", "en", "zh+en")


@cache
def labels() -> pd.DataFrame:
    """The label table indexed by key (categories of the crosswalk as ``category.<code>``)."""
    df = pd.read_csv(DATA / "labels.csv", comment="#", dtype=str, keep_default_na=False)
    cw = pd.read_csv(DATA / "crosswalk.csv", comment="#", dtype=str, keep_default_na=False)
    cats = pd.DataFrame({"key": "category." + cw["code"], "zh": cw["zh"], "en": cw["en"]})
    out = pd.concat([df, cats], ignore_index=True)
    dup = out["key"][out["key"].duplicated()]
    if len(dup):
        raise ValueError(f"labels.csv: keys given twice {sorted(set(dup))}")
    return out.set_index("key")


def _join(zh: str, en: str, language: str, sep: str) -> str:
    if language == "zh":
        return zh
    if language == "en":
        return en
    if language == "zh+en":
        return f"{zh}{sep}{en}"
    raise ValueError(f"language {language!r} (one of {LANGUAGES})")


def label(key: str, language: str = "en", sep: str = " / ") -> str:
    """The text of ``key`` in ``language``; an unknown key is an error (no silent English)."""
    t = labels()
    if key not in t.index:
        raise KeyError(f"no label '{key}' in provincial/data/labels.csv")
    r = t.loc[key]
    return _join(r["zh"], r["en"], language, sep)


def category_names(language: str = "en") -> dict[str, str]:
    """Report category code -> name in ``language``."""
    t = labels()
    cats = t[t.index.str.startswith("category.")]
    return {k.split(".", 1)[1]: _join(r["zh"], r["en"], language, " / ")
            for k, r in cats.iterrows()}
