# The reviewer's workbench for one run folder (`ghgi review [run]`): overview, sector /
# category, CRT browser, checks, recalculations, key categories and uncertainty, comments and
# sign-off. It reads the run's output files and the submission store; reviewer comments,
# sign-offs and recalculation reasons are the only things it writes (to the store's review
# log). The views are in `inventory/review/views/`, their loaders in `inventory/review/`.

# %% tags=["parameters"]
run_dir = ""      # $GHGI_RUN_DIR wins (set by `ghgi review`)
reviewer = None   # the signed-in account, set by the team server; None: sign in on the page

# %%
from IPython.display import display

from inventory.review.views.app import build_app

display(build_app(run_dir, reviewer=reviewer))
