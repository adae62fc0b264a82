"""Timely carbon-emission accounts (an extension package, entry-point group ``ghgi.extensions``):
the annual carbon-emission accounting report, the quick report from monthly proxies, the
electricity-carbon model, and projection with early warning against targets, all built on the
emission rows of inventory runs (docs/timely.md). ``ghgi report annual|quick|outlook <project>``
(:mod:`timely.cli`), the synthetic demo ``ghgi demo-timely`` (:mod:`timely.demo`)."""

from pathlib import Path

import pandas as pd

from inventory.labels import register_labels

_DATA = Path(__file__).resolve().parent / "data"


def _indicator_labels() -> pd.DataFrame:
    t = pd.read_csv(_DATA / "indicators.csv", comment="#", dtype=str, keep_default_na=False)
    return pd.DataFrame({"key": "timely.indicator." + t["indicator"], "zh": t["zh"],
                         "en": t["en"]})


register_labels("timely", _DATA / "labels.csv")
register_labels("timely.indicators", _indicator_labels)

from timely import cli, demo  # noqa: E402,F401  (register the subcommands)
