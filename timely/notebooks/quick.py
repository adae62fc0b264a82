# %% [markdown]
# # Quick report: monthly proxies and the electricity-carbon model
# Runs `ghgi report quick` for the project (the same function, `timely.report.quick_report`)
# and shows the tables it wrote; the notebook orchestrates and computes nothing itself
# (equations and inputs: docs/timely.md).

# %% tags=["parameters"]
project_dir = "demo/demoland_timely"
out_root = "outputs"
run_id = None
recompile = False

# %%
from pathlib import Path

import pandas as pd
from IPython.display import display

from timely.report import quick_report

folder = quick_report(Path(project_dir), Path(out_root), run_id=run_id, recompile=recompile)
print(folder)

# %%
for name in "quick_summary.csv backtest_statistics.csv revision.csv electricity_carbon_annual.csv".split():
    path = folder / name
    if path.is_file():
        print(name)
        display(pd.read_csv(path).round(3))
