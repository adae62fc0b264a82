"""A synthetic China-sized county inventory (SYNTHETIC DATA, not any real county's).

``ghgi scale generate <dir> --counties 2844 --years 1990-2024`` writes a scale project
(docs/scale.md): the large synthetic inventory's 965 category/fuel pairs
(:func:`sectors.energy.demo.benchmark_streams`: the demo's fuel-use streams, stationary and
mobile, plus every fuel of IPCC 2006 Table 1.4 in every stationary 1.A sub-sector the demo
uses) for every county and year, as Parquet partitioned by province (``activity/province=<code>/
part-0.parquet``), with the county list, the country-specific parameters and ``scale.yml``.

The counties are spread over the 31 provinces of ``provincial/data/provinces.csv`` (2,844 over
31: 92 or 91 each); county codes are the province's two GB/T 2260 digits and a running number
(synthetic codes, not the real ones). Each stream's national value in the first year (the
demo's times :data:`NATION_SCALE`) is split evenly over the counties with a county level of
0.5-1.5 and a year-to-year noise of +-2.5 %, both from a hash of (seed, county, stream, year),
so the data are the same on every machine and every thread count. Values are rounded to 4
decimals in the stream's unit (kt, Mm3 or TJ).

The rows are written by DuckDB straight from SQL (one COPY per province), so generation needs
no more memory than one province's row group.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from inventory.atomic import atomic_dir
from inventory.errors import InputError

__all__ = ["provinces", "generate", "county_table", "stream_table", "county_parameters",
           "DEFAULT_TIERS", "SOURCE", "NATION_SCALE"]

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCE = "county energy statistics (synthetic)"
#: Tiers of the synthetic project: Tier 1 everywhere; road passenger cars and domestic aviation
#: at Tier 2 with the demo's national factors (the demo's Tier 3 power plants and the
#: technology/phase splits are not row-wise and are not part of the scale engine).
DEFAULT_TIERS = {"1.A": 1, "1.A.3.a.ii": 2, "1.A.3.b.i": 2}
#: The demo nation's streams times this make a China-sized nation: about 6 Gt CO2 from fuel
#: combustion in 1990 and 12 Gt in 2024 (synthetic; China's reported energy CO2 is of that
#: order in the 2020s, not in 1990: the trend is the demo's, not China's)
NATION_SCALE = 25
#: Synthetic provincial coal NCVs [TJ/kt] (layer provincial), two year ranges for Shanxi
_PROVINCIAL_NCV = (("14", 1900, 2009, 24.9), ("14", 2010, 2100, 24.2), ("15", 1900, 2100, 19.3),
                   ("65", 1900, 2100, 21.8))


def provinces() -> pd.DataFrame:
    """code, name_zh, name_en of the 31 provincial-level divisions (GB/T 2260)."""
    return pd.read_csv(DATA / "provinces.csv", comment="#", dtype=str)


def county_table(n_counties: int) -> pd.DataFrame:
    """``region`` (6-digit synthetic county code), ``province`` and ``name`` of ``n_counties``
    counties spread evenly over the 31 provinces."""
    if n_counties < 1:
        raise InputError(f"--counties {n_counties}", "ghgi scale generate", "at least 1")
    prov = provinces()["code"].to_numpy()
    per = np.full(len(prov), n_counties // len(prov))
    per[: n_counties % len(prov)] += 1
    codes = [f"{p}{i + 1:04d}" for p, n in zip(prov, per, strict=True) for i in range(n)]
    return pd.DataFrame({"region": codes, "province": [c[:2] for c in codes],
                         "name": [f"County {c} (synthetic)" for c in codes]})


def stream_table() -> pd.DataFrame:
    """The 965 category/fuel pairs with their unit, first-year national value and growth."""
    from sectors.energy.demo import benchmark_streams

    df = pd.DataFrame([vars(s) for s in benchmark_streams()])
    df = df.drop_duplicates(["category", "activity"]).reset_index(drop=True)
    df["stream"] = np.arange(len(df), dtype="int64")
    return df


def county_parameters() -> pd.DataFrame:
    """The country-specific parameters of the synthetic project (parameters contract without
    the ids): the demo's national NCVs and its Tier 2 road and aviation factors, plus synthetic
    provincial coal NCVs (layer provincial, region = province code)."""
    from sectors.energy.demo import demo_parameters

    p = demo_parameters()
    keep = ((p["region"] == "*") & ~p["activity"].str.contains(":", regex=False)
            & (p["parameter"].isin(["NCV", "NCV_volume"])
               | p["category"].isin(["1.A.3.b", "1.A.3.a"])))
    p = p[keep].assign(year_from=1900, year_to=2100)
    rows = [("NCV", "*", "other_bituminous_coal", "-", code, y0, y1, v, "TJ/kt", v * 0.93,
             v * 1.07, f"province {code} coal quality survey (synthetic)", "provincial")
            for code, y0, y1, v in _PROVINCIAL_NCV]
    cols = ["parameter", "category", "activity", "gas", "region", "year_from", "year_to",
            "value", "unit", "lower", "upper", "source", "layer"]
    out = pd.concat([p[cols], pd.DataFrame(rows, columns=cols)], ignore_index=True)
    out["distribution"] = "normal"
    out["note"] = "synthetic"
    return out


def _years(text: str) -> tuple[int, int]:
    try:
        a, _, b = str(text).partition("-")
        first, last = int(a), int(b or a)
    except ValueError:
        raise InputError(f"--years {text!r}", "ghgi scale generate",
                         "a year or a range like 1990-2024") from None
    if not 1900 <= first <= last <= 2100:
        raise InputError(f"--years {text!r}", "ghgi scale generate",
                         "first <= last, both in 1900-2100")
    return first, last


def generate(folder: Path | str, counties: int = 2844, years: str = "1990-2024",
             seed: int = 7, threads: int | None = None, memory_limit: str = "2GB") -> dict:
    """Write the synthetic county project to ``folder`` (which must not exist; written under a
    temporary name and renamed when complete). Returns a summary (rows, files, seconds)."""
    import time

    import duckdb

    from provincial.scale.duck import set_option, sql_str

    first, last = _years(years)
    folder = Path(folder)
    t0 = time.perf_counter()
    cty = county_table(counties)
    streams = stream_table()
    with atomic_dir(folder) as tmp:
        con = duckdb.connect()
        set_option(con, "memory_limit", sql_str(memory_limit), "--memory-limit",
             "a size such as 4GB or 500MB")
        con.execute(f"SET temp_directory={sql_str(str(tmp / '.duckdb_tmp'))}")
        con.execute("SET preserve_insertion_order=false")
        if threads is not None:
            set_option(con, "threads", int(threads), "--threads", "a whole number of threads >= 1")
        con.register("counties_df", cty)
        con.register("streams_df", streams)
        con.execute("CREATE TABLE counties AS SELECT * FROM counties_df")
        con.execute("CREATE TABLE streams AS SELECT * FROM streams_df")
        con.execute(f"CREATE TABLE years AS SELECT range::INTEGER AS year "
                    f"FROM range({first}, {last + 1})")
        (tmp / "activity").mkdir()
        for prov in pd.unique(cty["province"]):
            part = tmp / "activity" / f"province={prov}"
            part.mkdir()
            con.execute(f"""
                COPY (
                  SELECT c.region, c.province, y.year, s.category, s.activity,
                    round(s.base * {NATION_SCALE} / {counties}
                      * (0.5 + (hash({seed}, c.region, s.stream) % 1000000) / 1e6)
                      * pow(1 + s.growth, least(y.year, s.turn) - {first})
                      * pow(1 + s.growth_late, greatest(y.year - s.turn, 0))
                      * (0.975 + 0.05 * (hash({seed}, c.region, s.stream, y.year) % 1000000)
                         / 1e6), 4) AS value,
                    s.unit, '{SOURCE}' AS source
                  FROM counties c, years y, streams s
                  WHERE c.province = '{prov}'
                  ORDER BY c.region, y.year, s.stream
                ) TO '{part / "part-0.parquet"}'
                (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 500000)""")
        con.close()
        shutil.rmtree(tmp / ".duckdb_tmp", ignore_errors=True)
        cty.to_csv(tmp / "regions.csv", index=False)
        county_parameters().to_csv(tmp / "parameters.csv", index=False)
        n_rows = len(cty) * (last - first + 1) * len(streams)
        (tmp / "scale.yml").write_text(
            "# A synthetic county-scale inventory written by `ghgi scale generate` (SYNTHETIC\n"
            "# DATA, not any real county's). Compile: ghgi scale compile <this folder>\n"
            f"name: counties_synthetic\nyears: [{first}, {last}]\ngwp: AR5GWP100\n"
            "guidelines: ipcc2006\n"
            f"tiers: {json.dumps(DEFAULT_TIERS)}\n"
            "activity: activity\nregions: regions.csv\nparameters: parameters.csv\n",
            encoding="utf-8")
    return {"folder": str(folder), "counties": len(cty), "years": last - first + 1,
            "category_fuel_pairs": len(streams), "activity_rows": n_rows,
            "seconds": round(time.perf_counter() - t0, 3)}
