"""The vectorised fuel-combustion path (lookups per distinct key, provenance per distinct
combination of factor rows, text columns taken by code) against the row-wise semantics:
a documented row-by-row factor choice, each activity row computed on its own, the CRT
roll-up with an explicit ancestor explode."""

import numpy as np
import pandas as pd
import pytest

from inventory.categories import aggregate_crt, crt_ancestors, to_crt
from inventory.errors import MethodInputError
from inventory.factors import LAYER_RANK, FactorDB, Lookup
from inventory.methods import combine_lookups
from inventory.notation import rollup
from tests.conftest import activity_rows, national_parameters
from tests.test_energy_kit import run_energy

pytestmark = pytest.mark.xdist_group("energy_vectorised")

FIELDS = ("value", "lower", "upper", "parameter_id", "layer", "source", "found")


def _params() -> pd.DataFrame:
    """EF CO2 candidates of every kind: a wildcard default, an exact default, a national
    value for region R1 in 2000-2005 only, a provincial value for R2, a national wildcard
    activity with a narrow year range."""
    p = national_parameters(
        ("EF", "1.A", "*", "CO2", 70_000, "kg/TJ", "ipcc_default"),
        ("EF", "1.A.1", "natural_gas", "CO2", 56_100, "kg/TJ", "ipcc_default"),
        ("EF", "1.A.1.a", "natural_gas", "CO2", 55_000, "kg/TJ", "national", "R1"),
        ("EF", "1.A.1.a", "natural_gas", "CO2", 54_000, "kg/TJ", "provincial", "R2"),
        ("EF", "1.A.1.a", "*", "CO2", 57_000, "kg/TJ", "national"),
        ("EF", "1.A.1.a", "*", "CO2", 57_500, "g/GJ", "national", "*"),
    )
    p.loc[2, ["year_from", "year_to"]] = (2000, 2005)
    p.loc[4, ["year_from", "year_to"]] = (2002, 2004)
    p.loc[5, ["year_from", "year_to"]] = (2003, 2003)
    return p


def _rows(n_copies: int = 1) -> pd.DataFrame:
    keys = [(r, y, c, a) for r in ("R0", "R1", "R2") for y in range(1998, 2008)
            for c in ("1.A.1.a", "1.A.2.c") for a in ("natural_gas", "diesel_oil")]
    df = pd.DataFrame(keys * n_copies, columns=["region", "year", "category", "activity"])
    df["year"] = df["year"].astype("int64")
    return df


def _reference(table: pd.DataFrame, rows: pd.DataFrame, layers) -> list:
    """The documented rule, row by row (docs/data_format.md): among the matching rows the
    most specific layer, then category depth, a specific region, an exact activity, a
    narrower year range; a tie goes to the later row. Returns the chosen table positions."""
    out = []
    for r in rows.itertuples(index=False):
        best, score = -1, None
        for i, p in enumerate(table.itertuples(index=False)):
            if p.parameter != "EF" or p.gas != "CO2" or p.layer not in layers:
                continue
            if not (p.category == "*" or r.category == p.category
                    or r.category.startswith(p.category + ".")):
                continue
            if p.activity not in ("*", r.activity) or p.region not in ("*", r.region):
                continue
            if not p.year_from <= r.year <= p.year_to:
                continue
            s = (LAYER_RANK[p.layer], p.category.count(".") + 1, p.region != "*",
                 p.activity != "*", -(p.year_to - p.year_from))
            if score is None or s >= score:
                best, score = i, s
        out.append(best)
    return out


ALL = ("ipcc_default", "national", "provincial", "plant")


# 120 rows (the dict path) and 20,400 rows (the factorized path)
@pytest.mark.parametrize("copies, layers", [(1, ("ipcc_default",)), (1, ALL), (170, ALL)])
def test_lookup_equals_row_by_row_choice(copies, layers):
    db = FactorDB(_params())
    rows = _rows(copies)
    got = db.lookup(rows, "EF", "kg/TJ", "CO2", layers)
    want = np.tile(_reference(db.table, _rows(1), layers), copies)
    assert got.code.tolist() == want.tolist()
    assert got.found.tolist() == (want >= 0).tolist()
    # the national value overrides the default only for R1 in 2000-2005; 57,500 g/GJ is
    # converted by pint to 57,500 kg/TJ (1 g/GJ = 1 kg/TJ)
    value = dict(zip(db.table.index, db.table["value"], strict=True))
    assert np.allclose(got.value, [value[i] for i in want])
    for f in ("parameter_id", "layer", "source"):
        assert getattr(got, f).tolist() == db.table[f].to_numpy(dtype=object)[want].tolist()
    if len(layers) > 1:
        gas_power = ((rows["category"] == "1.A.1.a") & (rows["activity"] == "natural_gas")
                     ).to_numpy()

        def values(region, years):
            m = gas_power & (rows["region"] == region).to_numpy() & \
                rows["year"].isin(years).to_numpy()
            return {round(v, 6) for v in got.value[m].tolist()}

        # R1: its national value in 2000-2005 only, the exact IPCC default outside
        assert values("R1", range(2000, 2006)) == {55_000}
        assert values("R1", [1998, 1999, 2006, 2007]) == {56_100}
        # R2: provincial beats national; R0: the narrower national range wins in 2003
        assert values("R2", range(1998, 2008)) == {54_000}
        assert values("R0", [2002, 2004]) == {57_000} and values("R0", [2003]) == {57_500}


def test_provenance_per_code_equals_per_row():
    db = FactorDB(_params())
    rows = _rows(1)
    a = db.lookup(rows, "EF", "kg/TJ", "CO2")
    b = db.lookup(rows, "EF", "kg/TJ", "CO2", ("ipcc_default",))
    coded = combine_lookups([a, b, None], len(rows))
    plain = combine_lookups([Lookup(*(getattr(x, f) for f in FIELDS)) for x in (a, b)],
                            len(rows))
    for c, p in zip(coded, plain, strict=True):
        assert list(c) == list(p)
    # the most specific layer either lookup used, every id once
    i = rows.index[(rows["region"] == "R1") & (rows["year"] == 2001)
                   & (rows["category"] == "1.A.1.a") & (rows["activity"] == "natural_gas")][0]
    assert coded[0][i] == "national" and coded[2][i] == "p2;p1"


def _inventory():
    """Coal in kt in two regions and years (a national NCV for region NTH in 2021 only),
    natural gas in TJ, wood (biomass CO2 as memo), and notation-key rows."""
    return activity_rows(
        ("NTH", 2021, "1.A.2.f", "other_bituminous_coal", 100.0, "kt"),
        ("NTH", 2022, "1.A.2.f", "other_bituminous_coal", 120.0, "kt"),
        ("CAP", 2021, "1.A.2.f", "other_bituminous_coal", 80.0, "kt"),
        ("NTH", 2021, "1.A.1.a", "natural_gas", 1000.0),
        ("CAP", 2022, "1.A.1.a", "natural_gas", 500.0),
        ("CAP", 2021, "1.A.4.b", "wood_wood_waste", 300.0),
        ("NTH", 2021, "1.A.4.b", "natural_gas", "NO"),
        ("CAP", 2022, "1.A.2.f", "other_bituminous_coal", "IE"),
    )


def _national_ncv() -> FactorDB:
    p = national_parameters(("NCV", "1.A", "other_bituminous_coal", "-", 24.0, "TJ/kt",
                             "national", "NTH"))
    p.loc[0, ["year_from", "year_to"]] = (2021, 2021)
    return FactorDB.with_defaults(p)


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["region", "year", "category", "activity", "gas"]).reset_index(
        drop=True)


@pytest.mark.slow          # one compile per activity row (~0.3 s each)
def test_fuel_combustion_batch_equals_each_row_alone():
    act, db = _inventory(), _national_ncv()
    batch = run_energy(act, db)
    alone = pd.concat([run_energy(act.iloc[[i]], db) for i in range(len(act))],
                      ignore_index=True)
    pd.testing.assert_frame_equal(_sorted(batch), _sorted(alone), check_exact=True)
    b = _sorted(batch).set_index(["region", "year", "category", "activity", "gas"])
    # national NCV for NTH 2021 only: 100 kt x 24 TJ/kt = 2,400 TJ; x 94,600 kg/TJ = 227.04 kt
    nat = b.loc[("NTH", 2021, "1.A.2.f", "other_bituminous_coal", "CO2")]
    assert nat["activity_value"] == pytest.approx(2400.0)
    assert nat["value"] == pytest.approx(227.04)
    assert nat["factor_layer"] == "national" and "p0" in nat["parameter_ids"].split(";")
    # the other rows keep the IPCC default NCV 25.8 TJ/kt (Table 1.2): 120 x 25.8 = 3,096 TJ
    dflt = b.loc[("NTH", 2022, "1.A.2.f", "other_bituminous_coal", "CO2")]
    assert dflt["activity_value"] == pytest.approx(3096.0)
    assert dflt["factor_layer"] == "ipcc_default"
    # notation keys as typed values, one row per gas, no number
    keyed = b.loc[("NTH", 2021, "1.A.4.b", "natural_gas")]
    assert list(keyed["notation_key"].astype(str)) == ["NO", "NO", "NO"]
    assert keyed["value"].isna().all()
    assert str(b.loc[("CAP", 2022, "1.A.2.f", "other_bituminous_coal", "CH4"),
                     "notation_key"]) == "IE"
    # biomass CO2 is a memo item, its CH4 is not
    assert bool(b.loc[("CAP", 2021, "1.A.4.b", "wood_wood_waste", "CO2"), "memo"])
    assert not bool(b.loc[("CAP", 2021, "1.A.4.b", "wood_wood_waste", "CH4"), "memo"])


def test_missing_factors_named_once_on_many_rows(ipcc_factors):
    keys = [(f"R{i:03d}", y, "1.A.1.a", "natural_gas", 10.0) for i in range(420)
            for y in range(1990, 2040)]            # 21,000 rows: the factorized path
    act = activity_rows(*keys)
    with pytest.raises(MethodInputError) as err:
        run_energy(act, ipcc_factors, tiers={"1.A.1.a": 2})
    msg = str(err.value)
    # one message naming every missing parameter (Tier 2 takes country factors only)
    assert "missing 2 parameter(s)" in msg
    assert "EF CH4 at Tier 2" in msg and "EF N2O at Tier 2" in msg
    assert msg.count("natural_gas in 1.A.1.a") == 2


def _aggregate_by_explode(em: pd.DataFrame, by=("region", "year", "gas")) -> pd.DataFrame:
    """The CRT roll-up as written before the coded path: map each leaf to its ancestor
    chain and explode."""
    crt = to_crt(em["category"], activities=em["activity"], gases=em["gas"])
    outside = crt.map(lambda c: "TOTAL" not in crt_ancestors(c)).to_numpy(dtype=bool)
    keep = ~em["memo"].astype(bool).to_numpy() | outside
    slim = em[keep][[*by, "value", "notation_key"]].assign(crt=crt[keep].to_numpy())
    leaves = rollup(slim, [*by, "crt"])
    anc = {c: crt_ancestors(c) for c in pd.unique(leaves["crt"])}
    exploded = leaves.assign(crt=leaves["crt"].map(anc)).explode("crt")
    return rollup(exploded, [*by, "crt"], incomplete="incomplete")


def test_crt_aggregation_equals_explode():
    em = run_energy(_inventory(), _national_ncv())
    for by in (("region", "year", "gas"), ("gas",)):
        got = aggregate_crt(em, by=by)
        pd.testing.assert_frame_equal(got, _aggregate_by_explode(em, by), check_exact=True)
    tot = aggregate_crt(em)
    # the memo biomass CO2 stays out of TOTAL; the IE/NO rows carry no number
    cap = tot[(tot["region"] == "CAP") & (tot["year"] == 2021) & (tot["gas"] == "CO2")]
    assert cap.set_index("crt").loc["TOTAL", "value"] == pytest.approx(
        em[(em["region"] == "CAP") & (em["year"] == 2021) & (em["gas"] == "CO2")
           & ~em["memo"]]["value"].sum())
