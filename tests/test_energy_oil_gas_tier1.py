"""Oil and gas fugitives at Tier 1 from the shipped IPCC 2006 Vol.2 Ch.4 Tables 4.2.4 and
4.2.5 (EFDB rows 124617-124849): one hand calculation per segment, the table and range-point
options, and the CRT Table1.B.2 row they fill."""

import pytest

from inventory.errors import InputError
from inventory.methods import MethodInput, resolve_tiers
from sectors.energy.fugitives import compute_fugitives
from tests.conftest import activity_rows


def run(rows, factors, options):
    act = activity_rows(*rows)
    return compute_fugitives(MethodInput(act, resolve_tiers(act["category"], {}), factors,
                                         dict(options)))


def one(out, cat, act, gas):
    r = out[(out.category == cat) & (out.activity == act) & (out.gas == gas)]
    assert len(r) == 1, (cat, act, gas, len(r))
    return r.iloc[0]


DEVELOPED = {"oil_gas_tier1_table": "4.2.4", "oil_gas_range_point": "low"}


def test_gas_production_table_4_2_4(ipcc_factors):
    # 1,000 Mm3 gas produced. Table 4.2.4 gas production fugitives CH4 0.00038-0.0023 Gg per
    # 10^6 m3 (EF ID 124627), low end: 1,000 x 0.00038 = 0.38 kt CH4; CO2 0.000014-0.000082
    # (124628): 1,000 x 0.000014 = 0.014 kt. Flaring (1.B.2.b.ii): CO2 0.0012 (124631) ->
    # 1.2 kt; CH4 7.6E-07 (124630) -> 0.00076 kt; N2O 2.1E-08 (124633) -> 2.1E-05 kt.
    out = run([("DML", 2020, "1.B.2.b.iii.2", "gas_production", 1e9, "m3"),
               ("DML", 2020, "1.B.2.b.ii", "gas_production", 1e9, "m3")],
              ipcc_factors, DEVELOPED)
    ch4 = one(out, "1.B.2.b.iii.2", "gas_production", "CH4")
    assert ch4.value == pytest.approx(0.38) and ch4.tier == 1
    assert ch4.factor_source == "IPCC 2006 Vol.2 Ch.4 Table 4.2.4"
    assert one(out, "1.B.2.b.iii.2", "gas_production", "CO2").value == pytest.approx(0.014)
    assert one(out, "1.B.2.b.ii", "gas_production", "CO2").value == pytest.approx(1.2)
    assert one(out, "1.B.2.b.ii", "gas_production", "CH4").value == pytest.approx(0.00076)
    assert one(out, "1.B.2.b.ii", "gas_production", "N2O").value == pytest.approx(2.1e-5)
    # the high end of the same range: 1,000 x 0.0023 = 2.3 kt CH4
    high = run([("DML", 2020, "1.B.2.b.iii.2", "gas_production", 1e9, "m3")], ipcc_factors,
               {**DEVELOPED, "oil_gas_range_point": "high"})
    assert one(high, "1.B.2.b.iii.2", "gas_production", "CH4").value == pytest.approx(2.3)


def test_gas_processing_sweet_plants_corrected_upper_bound(ipcc_factors):
    # 200 Mm3 raw gas feed of sweet plants. Table 4.2.4 CH4 fugitives 0.00048-0.00103 (EF ID
    # 124634 prints the upper as 0.000103; 1.03E-03 taken, see the CSV header), high end:
    # 200 x 0.00103 = 0.206 kt CH4; mid: 200 x (0.00048 + 0.00103) / 2 = 0.151 kt
    rows = [("DML", 2020, "1.B.2.b.iii.3", "gas_processed_sweet", 2e8, "m3")]
    hi = run(rows, ipcc_factors, {**DEVELOPED, "oil_gas_range_point": "high"})
    assert one(hi, "1.B.2.b.iii.3", "gas_processed_sweet", "CH4").value == pytest.approx(0.206)
    mid = run(rows, ipcc_factors, {**DEVELOPED, "oil_gas_range_point": "mid"})
    assert one(mid, "1.B.2.b.iii.3", "gas_processed_sweet", "CH4").value == pytest.approx(0.151)


def test_gas_processing_default_table_4_2_5(ipcc_factors):
    # Table 4.2.5 gas processing (default weighted total), 1,000 Mm3 gas production:
    # CH4 fugitives 0.00015-0.00035 (EF ID 124774), high: 0.35 kt; raw CO2 venting 0.04-0.095
    # (124781, described as N2O in the EFDB, shipped as CO2), high: 95 kt CO2
    out = run([("DML", 2020, "1.B.2.b.iii.3", "gas_processed", 1e9, "m3"),
               ("DML", 2020, "1.B.2.b.i", "gas_processed", 1e9, "m3")], ipcc_factors,
              {"oil_gas_tier1_table": "4.2.5", "oil_gas_range_point": "high"})
    assert one(out, "1.B.2.b.iii.3", "gas_processed", "CH4").value == pytest.approx(0.35)
    assert one(out, "1.B.2.b.i", "gas_processed", "CO2").value == pytest.approx(95)
    assert not (out.gas == "N2O").any()


def test_gas_transmission_and_storage_table_4_2_5_mid(ipcc_factors):
    # 500 Mm3 marketable gas. Table 4.2.5 transmission fugitives CH4: 6.6E-05 (lower bound
    # taken as in Table 4.2.4; EF ID 124782 prints 1.66E-04) to 0.0011, mid = 0.000583:
    # 500 x 0.000583 = 0.2915 kt; venting CH4 0.000044-0.00074 (124785), mid 0.000392 ->
    # 0.196 kt; storage CH4 0.000025-0.000058 (124788), mid 0.0000415 -> 0.02075 kt
    out = run([("DML", 2020, "1.B.2.b.iii.4", "gas_transmission", 5e8, "m3"),
               ("DML", 2020, "1.B.2.b.i", "gas_transmission", 5e8, "m3"),
               ("DML", 2020, "1.B.2.b.iii.4", "gas_storage", 5e8, "m3")], ipcc_factors,
              {"oil_gas_tier1_table": "4.2.5", "oil_gas_range_point": "mid"})
    assert one(out, "1.B.2.b.iii.4", "gas_transmission", "CH4").value == pytest.approx(0.2915)
    assert one(out, "1.B.2.b.i", "gas_transmission", "CH4").value == pytest.approx(0.196)
    assert one(out, "1.B.2.b.iii.4", "gas_storage", "CH4").value == pytest.approx(0.02075)


def test_gas_distribution(ipcc_factors):
    # 200 Mm3 utility sales. Table 4.2.4 CH4 0.0011 (EF ID 124673) -> 0.22 kt, CO2 0.000051
    # (124674) -> 0.0102 kt; Table 4.2.5 high end CH4 0.0025 (124791) -> 0.5 kt
    rows = [("DML", 2020, "1.B.2.b.iii.5", "gas_distribution", 2e8, "m3")]
    dev = run(rows, ipcc_factors, DEVELOPED)
    assert one(dev, "1.B.2.b.iii.5", "gas_distribution", "CH4").value == pytest.approx(0.22)
    assert one(dev, "1.B.2.b.iii.5", "gas_distribution", "CO2").value == pytest.approx(0.0102)
    dvg = run(rows, ipcc_factors, {"oil_gas_tier1_table": "4.2.5",
                                   "oil_gas_range_point": "high"})
    assert one(dvg, "1.B.2.b.iii.5", "gas_distribution", "CH4").value == pytest.approx(0.5)


def test_oil_production_default_total(ipcc_factors):
    # 1e6 m3 = 1,000 x 10^3 m3 oil produced. Table 4.2.4 oil production (default weighted
    # total): fugitives CH4 0.0022 Gg per 10^3 m3 (EF ID 124716) -> 2.2 kt; venting CH4 0.0087
    # (124719) -> 8.7 kt; flaring CO2 0.034 (124723) -> 34 kt, N2O 5.4E-07 (124725) ->
    # 0.00054 kt
    out = run([("DML", 2020, "1.B.2.a.iii.2", "oil_production", 1e6, "m3"),
               ("DML", 2020, "1.B.2.a.i", "oil_production", 1e6, "m3"),
               ("DML", 2020, "1.B.2.a.ii", "oil_production", 1e6, "m3")],
              ipcc_factors, DEVELOPED)
    assert one(out, "1.B.2.a.iii.2", "oil_production", "CH4").value == pytest.approx(2.2)
    assert one(out, "1.B.2.a.i", "oil_production", "CH4").value == pytest.approx(8.7)
    assert one(out, "1.B.2.a.ii", "oil_production", "CO2").value == pytest.approx(34)
    assert one(out, "1.B.2.a.ii", "oil_production", "N2O").value == pytest.approx(0.00054)


def test_oil_transport(ipcc_factors):
    # 1,000 x 10^3 m3 by pipeline: CH4 5.4E-06 Gg per 10^3 m3 (EF ID 124726) -> 0.0054 kt;
    # 100 x 10^3 m3 by tanker truck and rail car, venting CH4 2.5E-05 (124729, printed with the
    # pipeline unit) -> 0.0025 kt
    out = run([("DML", 2020, "1.B.2.a.iii.3", "oil_transport_pipeline", 1e6, "m3"),
               ("DML", 2020, "1.B.2.a.i", "oil_transport_tanker", 1e5, "m3")],
              ipcc_factors, DEVELOPED)
    assert one(out, "1.B.2.a.iii.3", "oil_transport_pipeline", "CH4").value == \
        pytest.approx(0.0054)
    assert one(out, "1.B.2.a.i", "oil_transport_tanker", "CH4").value == pytest.approx(0.0025)


def test_oil_refining(ipcc_factors):
    # 10,000 x 10^3 m3 refined. Table 4.2.4 CH4 2.6E-06 - 4.1E-05 Gg per 10^3 m3 (EF ID
    # 124732): low 0.026 kt, mid 10,000 x 2.18E-05 = 0.2180 kt (0.21800 exactly: (0.0000026 +
    # 0.000041) / 2 = 0.0000218)
    rows = [("DML", 2020, "1.B.2.a.iii.4", "oil_refined", 1e7, "m3")]
    assert one(run(rows, ipcc_factors, DEVELOPED), "1.B.2.a.iii.4", "oil_refined",
               "CH4").value == pytest.approx(0.026)
    mid = run(rows, ipcc_factors, {**DEVELOPED, "oil_gas_range_point": "mid"})
    assert one(mid, "1.B.2.a.iii.4", "oil_refined", "CH4").value == pytest.approx(0.218)


def test_options_are_required_and_checked(ipcc_factors):
    rows = [("DML", 2020, "1.B.2.b.iii.2", "gas_production", 1e9, "m3")]
    with pytest.raises(InputError, match="oil_gas_tier1_table"):
        run(rows, ipcc_factors, {})
    with pytest.raises(InputError, match="oil_gas_range_point"):
        run(rows, ipcc_factors, {"oil_gas_tier1_table": "4.2.4"})
    with pytest.raises(InputError, match="oil_gas_tier1_table is '4.2.6'"):
        run(rows, ipcc_factors, {"oil_gas_tier1_table": "4.2.6"})
    # a single-valued row needs no range point: distribution CH4 0.0011 (Table 4.2.4)
    out = run([("DML", 2020, "1.B.2.b.iii.5", "gas_distribution", 1e6, "m3")], ipcc_factors,
              {"oil_gas_tier1_table": "4.2.4"})
    assert one(out, "1.B.2.b.iii.5", "gas_distribution", "CH4").value == pytest.approx(0.0011)
