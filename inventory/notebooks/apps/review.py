# The reviewer's workbench for one run folder (`ghgi review [run]`): overview, sector /
# category, CRT browser, checks, recalculations, key categories and uncertainty, comments and
# sign-off. It reads the run's output files and the submission store; reviewer comments,
# sign-offs and recalculation reasons are the only things it writes (to the store's review
# log). The views are in `inventory/review/views/`, their loaders in `inventory/review/`.

# %% tags=["parameters"]
run_dir = ""      # $GHGI_RUN_DIR wins (set by `ghgi review`)

# %%
from IPython.display import display

from inventory.review.views.app import open_app, reviewer_of_request

app = open_app(run_dir)
display(app.widget)

# %%
# The server may have started this kernel before anyone asked for the page: wait for the
# request, then take the account the team server signed in (None in local mode).
app.start(reviewer_of_request())
