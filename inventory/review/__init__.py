"""The reviewer's workbench: loaders over a run folder and the submission store, the review
workflow (comments, sign-off, audit trail) and the Voila app that shows them.

Modules (each small; the views never compute an emission, they select and format what the
run wrote):

* :mod:`.run`          -- :class:`ReviewRun`, the run folder's files, read lazily
* :mod:`.selections`   -- the sector / category view's loaders (trends, rows, implied factors)
* :mod:`.overview`     -- totals, sectors over time, changes, counts
* :mod:`.crtview`      -- CRT sheets as tables, the emission rows behind a cell
* :mod:`.provenance`   -- from an emission row to its input cells and input row
* :mod:`.analyses`     -- key categories, uncertainty, check findings
* :mod:`.submissions`  -- stored submissions and the recalculations against them
* :mod:`.workflow`     -- :class:`ReviewLog`: comments, status, sign-off, reasons, audit (SQLite)
* :mod:`.export`       -- Excel and CSV of any table and of the review log
* :mod:`.fmt`, :mod:`.charts`, :mod:`.labels` -- numbers, SVG charts, en/zh texts
* :mod:`.products`     -- the small files the run writes for the app (report products)
* :mod:`.server`, :mod:`.accounts` -- local and team serving (Voila, accounts, culling)
* :mod:`.views`        -- the ipywidgets views; ``notebooks/apps/review.py`` displays them

    run = load_run("outputs/demoland/<run id>")
    trend(run, region="DML", crt="1.A.1", gas="CO2")        # year, value_co2eq, notation_key
    year_rows(run, "DML", "1.A.1", "CO2", 2020)              # emission rows with provenance
    ief_choices(run, "1.A", "CO2")                          # every factor with an IPCC default
"""

from inventory.review.analyses import (
    CHECK_COLUMNS,
    KCA_COLUMNS,
    UNCERTAINTY_COLUMNS,
    analysis_table,
    check_findings,
    check_summary,
    key_categories,
    uncertainty_table,
)
from inventory.review.fmt import html_table, year_ranges
from inventory.review.run import ENV_RUN_DIR, ReviewRun, check_run_dir, load_run, resolve_run_dir
from inventory.review.selections import (
    ALL_GASES,
    TABLE_COLUMNS,
    category_options,
    gas_options,
    ief_choices,
    ief_options,
    ief_series,
    ipcc_title,
    notation_rows,
    region_options,
    trend,
    trend_by_gas,
    year_options,
    year_rows,
)
from inventory.review.submissions import RECALC_COLUMNS, recalculation_diff

__all__ = ["ALL_GASES", "APP_NOTEBOOK", "ENV_RUN_DIR", "ReviewRun", "load_run", "check_run_dir",
           "resolve_run_dir", "region_options", "year_options", "category_options",
           "gas_options", "trend", "trend_by_gas", "year_rows", "ief_options", "ief_choices",
           "ief_series", "notation_rows", "html_table", "serve", "voila_command",
           "TABLE_COLUMNS", "ipcc_title", "year_ranges", "analysis_table", "key_categories",
           "uncertainty_table", "recalculation_diff", "KCA_COLUMNS", "UNCERTAINTY_COLUMNS",
           "RECALC_COLUMNS", "check_summary", "check_findings", "CHECK_COLUMNS"]


def __getattr__(name):  # the server side loads on demand (voila and jupytext are slow)
    if name in ("serve", "voila_command", "APP_NOTEBOOK"):
        from inventory.review import server

        return getattr(server, name)
    raise AttributeError(name)
