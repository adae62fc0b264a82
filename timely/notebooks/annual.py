# %% [markdown]
# # Annual carbon-emission accounting report
# Runs `ghgi report annual` for the project (the same function, `timely.report.annual_report`)
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

from timely.report import annual_report

folder = annual_report(Path(project_dir), Path(out_root), run_id=run_id, recompile=recompile)
print(folder)

# %%
for name in "summary.csv account_by_sector.csv".split():
    path = folder / name
    if path.is_file():
        print(name)
        display(pd.read_csv(path).round(3))
