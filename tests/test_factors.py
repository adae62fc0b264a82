"""Layered factor lookup: IPCC default < national < provincial < plant."""

import numpy as np
import pandas as pd
import pytest

from inventory.errors import MethodInputError
from inventory.factors import FactorDB
from tests.conftest import national_parameters


def keys(*rows):
    return pd.DataFrame(rows, columns=["region", "year", "category", "activity"])


@pytest.fixture(scope="module")
def layered():
    p = national_parameters(
        ("NCV", "*", "other_bituminous_coal", "-", 23.6, "TJ/kt"),
        ("NCV", "*", "other_bituminous_coal", "-", 22.4, "TJ/kt", "provincial", "NTH"),
        ("NCV", "1.A.1.a", "other_bituminous_coal", "-", 21000, "TJ/Mt", "plant", "NTH"),
    )
    p.loc[2, "year_from"] = 2020
    return FactorDB.with_defaults(p)


def test_most_specific_layer_wins(layered):
    r = layered.lookup(keys(("STH", 2010, "1.A.2.f", "other_bituminous_coal"),
                            ("NTH", 2010, "1.A.2.f", "other_bituminous_coal"),
                            ("NTH", 2021, "1.A.1.a", "other_bituminous_coal"),
                            ("NTH", 2019, "1.A.1.a", "other_bituminous_coal"),
                            ("NTH", 2010, "1.A.2.f", "lignite")), "NCV", "TJ/kt")
    # 21000 TJ/Mt = 21.0 TJ/kt (unit converted by pint); lignite: Table 1.2 default 11.9
    assert r.value.tolist() == pytest.approx([23.6, 22.4, 21.0, 22.4, 11.9])
    assert r.layer.tolist() == ["national", "provincial", "plant", "provincial", "ipcc_default"]
    assert r.source[-1] == "IPCC 2006 Vol.2 Ch.1 Table 1.2"


def test_category_specificity_within_a_layer(ipcc_factors):
    # Table 2.2 (1.A.1) gives coal CH4 1 kg/TJ, Table 2.5 (1.A.4.b) gives 300 kg/TJ
    r = ipcc_factors.lookup(keys(("X", 2000, "1.A.1.a", "other_bituminous_coal"),
                                 ("X", 2000, "1.A.4.b", "other_bituminous_coal")),
                            "EF", "kg/TJ", "CH4")
    assert r.value.tolist() == [1.0, 300.0]
    assert "Table 2.2" in r.source[0] and "Table 2.5" in r.source[1]


def test_missing_factor_is_a_clear_error(ipcc_factors):
    with pytest.raises(MethodInputError, match=r"no EF CO2 factor at Tier 2 for natural_gas "
                                               r"in 1.A.1.a"):
        ipcc_factors.require(keys(("X", 2000, "1.A.1.a", "natural_gas")), "EF", "kg/TJ", "CO2",
                             ("national",), tier=2)


def test_not_found_is_nan(ipcc_factors):
    r = ipcc_factors.lookup(keys(("X", 2000, "1.A.1.a", "no_such_fuel")), "EF", "kg/TJ", "CO2")
    assert not r.found[0] and np.isnan(r.value[0])
