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

from importlib import import_module

# public name -> module (loaded on first use: the CLI imports this package for its options
# and must not pay for pandas, the server side must not load for a loader)
_EXPORTS = {
    "analyses": ("CHECK_COLUMNS", "KCA_COLUMNS", "UNCERTAINTY_COLUMNS", "analysis_table",
                 "check_findings", "check_summary", "key_categories", "uncertainty_table"),
    "fmt": ("html_table", "year_ranges"),
    "run": ("ENV_RUN_DIR", "ReviewRun", "check_run_dir", "load_run", "resolve_run_dir"),
    "selections": ("ALL_GASES", "TABLE_COLUMNS", "category_options", "gas_options",
                   "ief_choices", "ief_options", "ief_series", "ipcc_title", "notation_rows",
                   "region_options", "trend", "trend_by_gas", "year_options", "year_rows"),
    "submissions": ("RECALC_COLUMNS", "recalculation_diff"),
    "server": ("serve", "voila_command", "APP_NOTEBOOK"),
}
_WHERE = {name: mod for mod, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        return getattr(import_module(f"inventory.review.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'inventory.review' has no attribute {name!r}")
