"""The provincial report's labels: ``data/labels.csv`` (sheet names, column headers, fuels,
gases, units, memo lines, README text) and the report categories of ``data/crosswalk.csv``
(keys ``category.<code>``), registered in the one label table of :mod:`inventory.labels`;
``label(key, language)`` is that table's function."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from inventory.labels import LANGUAGES, label, labels, register_labels

__all__ = ["labels", "label", "category_names", "LANGUAGES"]

DATA = Path(__file__).resolve().parent / "data"


def _categories() -> pd.DataFrame:
    cw = pd.read_csv(DATA / "crosswalk.csv", comment="#", dtype=str, keep_default_na=False)
    return pd.DataFrame({"key": "category." + cw["code"], "zh": cw["zh"], "en": cw["en"]})


register_labels("provincial", DATA / "labels.csv")
register_labels("provincial.categories", _categories)


def category_names(language: str = "en") -> dict[str, str]:
    """Report category code -> name in ``language``."""
    keys = [k for k in labels().index if k.startswith("category.")]
    return {k.split(".", 1)[1]: label(k, language) for k in keys}
