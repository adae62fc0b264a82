"""Unit normalisation (pint) and GWP sets."""

import pandas as pd
import pytest

from inventory.errors import InputError
from inventory.gases import co2_equivalent, gwp_table
from inventory.units import canonical_unit_of, conversion_factor, to_canonical


@pytest.mark.parametrize("unit,canon,factor", [
    ("TJ", "TJ", 1.0), ("GJ", "TJ", 1e-3), ("PJ", "TJ", 1e3),
    ("tce", "TJ", 0.0293076),        # 1 tce = 29.3076 GJ (GB/T 2589)
    ("toe", "TJ", 0.041868),         # 1 toe = 41.868 GJ (IEA)
    ("t", "kt", 1e-3), ("kt", "kt", 1.0), ("Gg", "kt", 1.0), ("Mt", "kt", 1e3),
    ("kg", "kt", 1e-6), ("10^4 t", "kt", 10.0),
    ("m3", "m3", 1.0), ("Mm3", "m3", 1e6), ("10^4 m3", "m3", 1e4),
    ("head", "head", 1.0), ("ha", "ha", 1.0),
])
def test_canonical_units(unit, canon, factor):
    assert canonical_unit_of(unit) == canon
    assert conversion_factor(unit, canon) == pytest.approx(factor)


def test_kt_is_kilotonne_not_knot():
    assert conversion_factor("kt", "t") == 1000.0


def test_unknown_unit_names_the_row():
    with pytest.raises(InputError, match=r"row 7.*unknown unit 'barrels of fun'"):
        to_canonical(pd.Series([1.0, 2.0]), pd.Series(["TJ", "barrels of fun"]),
                     pd.Series(["file a.xlsx, sheet 'Energy', row 6",
                                "file a.xlsx, sheet 'Energy', row 7"]))


def test_column_conversion():
    v, u = to_canonical(pd.Series([1500.0, 2.0, 3.0]), pd.Series(["GJ", "Mt", "TJ"]))
    assert v.tolist() == pytest.approx([1.5, 2000.0, 3.0]) and u.tolist() == ["TJ", "kt", "TJ"]


def test_gwp_sets():
    # AR5 WG1 Ch.8 Table 8.A.1: CH4 28, N2O 265; AR4 WG1 Table 2.14: 25, 298; AR6 Table 7.15
    # (non-fossil CH4) 27.0 / fossil 29.8 -> globalwarmingpotentials gives 27.9, N2O 273
    assert gwp_table("AR5GWP100")[["CO2", "CH4", "N2O"]].tolist() == [1, 28, 265]
    assert gwp_table("AR4GWP100")[["CH4", "N2O"]].tolist() == [25, 298]
    assert gwp_table("AR6GWP100")[["CH4", "N2O"]].tolist() == [27.9, 273]
    eq = co2_equivalent(pd.Series([1.0, 2.0, 0.5]), pd.Series(["CO2", "CH4", "N2O"]))
    assert eq.tolist() == [1.0, 56.0, 132.5]


def test_unknown_gwp_set():
    with pytest.raises(InputError, match="AR9"):
        gwp_table("AR9GWP100")
