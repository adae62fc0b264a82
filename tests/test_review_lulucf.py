"""The review app's LULUCF loaders (inventory/review_lulucf.py) on the shared small run: they
only read the run's tables/lulucf.*.csv."""

from __future__ import annotations

import pandas as pd
import pytest

from inventory import review_lulucf as rl


def test_loaders_read_the_run_tables(small_run):
    assert rl.lulucf_available(small_run)
    years = rl.lulucf_years(small_run)
    assert years == [2021, 2022, 2023]
    m = rl.land_matrix(small_run, 2023)
    raw = pd.read_csv(small_run / "tables" / "lulucf.land_matrix.csv")
    assert m.to_numpy().sum() == pytest.approx(raw[raw["year"] == 2023]["area"].sum() / 1e3)
    assert list(m.index) == list(rl.LAND_USES)
    one = rl.land_matrix(small_run, 2023, "CAP")
    assert one.to_numpy().sum() < m.to_numpy().sum()
    pools = rl.carbon_by_pool(small_run)
    carbon = pd.read_csv(small_run / "tables" / "lulucf.carbon.csv")
    c23 = carbon[carbon["year"] == 2023]
    assert pools.loc[2023, "above_ground"] == pytest.approx(
        (c23["agb_gain"] - c23["agb_loss"]).sum() / 1e3)
    forest = rl.carbon_by_pool(small_run, category="3.B.1")
    assert forest.loc[2023, "above_ground"] > 0
    hwp = rl.hwp_stock(small_run)
    assert {"sawnwood", "wood_panels", "paper"} <= set(hwp["product"])
    assert hwp["history"].any()
    areas = rl.land_use_areas(small_run)
    assert areas.sum(axis=1).nunique() <= 2      # the land area stays (rounding aside)


def test_a_run_without_lulucf(tmp_path):
    assert not rl.lulucf_available(tmp_path)
    assert rl.land_matrix(tmp_path, 2023) is None and rl.lulucf_years(tmp_path) == []


def test_lulucf_tab_of_the_review_app(small_run, tmp_path):
    """The app's LULUCF tab (inventory/review/views/lulucf.py) shows the loaders' tables."""
    from inventory.review.run import load_run
    from inventory.review.views.app import ReviewApp, open_session

    app = ReviewApp(open_session(load_run(small_run), str(tmp_path / "store.sqlite")))
    keys = [k for k, _, _ in app.tab_list]
    app.open_tab(keys.index("lulucf"))
    view = app.views["lulucf"]
    assert view.year.value == 2023 and "forest" in view.matrix.value
    view.year.value = 2021
    assert "forest" in view.matrix.value
    html = "".join(getattr(w, "value", "") for w in view.widget.children
                   if isinstance(getattr(w, "value", None), str))
    assert "Land-use change matrix" in html
