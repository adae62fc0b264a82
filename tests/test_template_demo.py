"""The Excel template round-trips, and the demo is exactly what its generator writes."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from inventory.demo import demo_activity, demo_parameters, write_demo
from inventory.io.readers import read_inputs, read_template_workbook
from inventory.io.template import write_template
from inventory.project import load_config
from tests.conftest import DEMO


@pytest.mark.slow
def test_demo_in_repo_is_what_the_generator_writes(tmp_path):
    write_demo(tmp_path / "d")
    for rel in ("inventory.yml", "data/demoland.xlsx"):
        a = hashlib.sha256((tmp_path / "d" / rel).read_bytes()).hexdigest()
        b = hashlib.sha256((DEMO / rel).read_bytes()).hexdigest()
        assert a == b, f"{rel} differs: regenerate with `ghgi demo`"


def test_demo_is_labelled_synthetic():
    p = load_config(DEMO)
    assert p.synthetic and "synthetic" in p.party.lower() and "SYNTHETIC" in p.banner


def test_template_round_trip(tmp_path, small_project):
    from tests.conftest import SMALL_REGIONS, SMALL_YEARS

    project = load_config(small_project)
    act = demo_activity(SMALL_REGIONS, SMALL_YEARS)
    pars = demo_parameters(None, SMALL_REGIONS, SMALL_YEARS)
    # parameters of regions the project does not have are refused on reading
    pars = pars[pars["region"].isin(["*", *project.region_codes])]
    path = write_template(tmp_path / "t.xlsx", project, act, pars)
    activity, params = read_template_workbook(path, project)
    assert len(activity) == len(act) and len(params) == len(pars)
    # 2021 NTH coal in power: kt stays kt; Mm3 of gas becomes m3 (x 1e6)
    src = act[(act.region == "NTH") & (act.year == 2021) & (act.category == "1.A.1.a")]
    got = activity[(activity.region == "NTH") & (activity.year == 2021)
                   & (activity.category == "1.A.1.a")]
    for fuel, factor in (("other_bituminous_coal", 1.0), ("natural_gas", 1e6)):
        v_src = src[src.activity == fuel]["value"].iloc[0]
        v_got = got[got.activity == fuel]["value"].iloc[0]
        assert v_got == pytest.approx(v_src * factor)
    keyed = activity[activity.notation_key.notna()]
    # 'NA' must survive the Excel reader (pandas reads 'NA' as a missing value by default)
    assert set(keyed.notation_key) == {"NO", "IE", "NE", "NA"}
    na = keyed[keyed.notation_key == "NA"]
    assert set(na.category) == {"2.H.1", "2.H.2"}
    assert keyed["value"].isna().all()


def test_empty_template_has_the_sheets_and_reads_back_empty(tmp_path):
    project = load_config(DEMO)
    path = write_template(tmp_path / "empty.xlsx", project)
    book = pd.read_excel(path, sheet_name=None, header=None)
    from inventory.io.sheets import data_sheets

    assert list(book) == ["README", *[s.name for s in data_sheets()], "Parameters", "Lists"]
    header = book["Energy"].iloc[0].tolist()
    assert header[:6] == ["region", "category", "activity", "unit", "source", "note"]
    assert [int(h) for h in header[6:]] == list(range(2005, 2024))


# slow tier: reads the whole demo (5 regions x 19 years), a demo-sized run
@pytest.mark.slow
def test_demo_reads_with_hashes():
    activity, params, records = read_inputs(load_config(DEMO))
    assert len(records) == 1 and len(records[0].sha256) == 64
    assert np.isfinite(activity["value"]).sum() > 3000
