"""The compiled small project (two Demoland provinces, 2021-2023; shared session fixture):
agriculture's background tables and products are in the run folder, every national
agriculture parameter of the demo is used and named (no finding of
core.country_parameter_not_used), and the tiers are the demo's (DEMO_TIERS)."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from inventory.products import background_tables, report_products


def test_run_folder_has_the_agriculture_tables_and_products(small_run):
    for name, spec in background_tables().items():
        if spec.sector != "agriculture":
            continue
        df = pd.read_csv(small_run / "tables" / f"{name}.csv")
        assert list(df.columns) == spec.column_names and len(df), name
    for p in report_products(sector="agriculture"):
        assert len(pd.read_csv(small_run / p.filename)), p.name
    em = pd.read_csv(small_run / "emissions.csv", dtype={"category": str})
    assert "detail" not in em.columns


def test_every_national_agriculture_parameter_is_used(small_run):
    params = pd.read_parquet(small_run / "stage" / "parameters.parquet")
    lulucf = params["category"].astype(str).str.match(r"3\.(B|D\.1)(\.|$)")  # land, HWP
    agri = params[params["category"].astype(str).str.startswith("3.") & ~lulucf
                  & (params["layer"] != "ipcc_default")]
    # fuel_consumed (grassland, 3.C.1.c Tier 2) and buffalo Bo: the 2006 defaults are not
    # shipped (the Table 2.4 grassland rows and the Annex 10A.2 buffalo Bo are unverified)
    assert set(agri["parameter"]) == {"EF_C", "Frac_LeachMS", "fuel_consumed", "Bo"}
    em = pd.read_csv(small_run / "emissions.csv", dtype={"category": str}, low_memory=False)
    used = {p for s in em["parameter_ids"].dropna() for p in str(s).split(";")}
    assert set(agri["parameter_id"]) <= used
    path = small_run / "checks" / "core.country_parameter_not_used.csv"
    if path.exists():
        unused = pd.read_csv(path, dtype={"category": str})
        assert not unused["category"].str.startswith("3.").any()
    leach = em[(em["category"] == "3.C.6") & (em["activity"] == "leaching")]
    assert (leach["tier"] == 2).all() and (leach["factor_layer"] == "national").all()
    can = em[em["category"] == "3.C.8"]
    assert (can["tier"] == 2).all() and (can["factor_layer"] == "national").all()


def test_demo_table3d_organic_soils_in_kha(small_run):
    em = pd.read_csv(small_run / "emissions.csv", dtype={"category": str}, low_memory=False)
    last = int(em["year"].max())
    area = em[(em["year"] == last) & (em["activity"] == "organic_soils_temperate")]
    wb = openpyxl.load_workbook(next((small_run / "crt").glob(f"*_{last}.xlsx")), read_only=True)
    row = next(r for r in wb["Table3.D"].iter_rows(values_only=True)
               if r[0] == "6. Cultivation of organic soils (i.e. histosols)")
    assert row[1] == pytest.approx(area["activity_value"].sum() / 1e3)
