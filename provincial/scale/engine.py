"""County-scale compile out of core: DuckDB streams the activity Parquet, the in-memory methods
give the factors (docs/scale.md; the choice of DuckDB: docs/design.md, "County scale").

The emissions of a fuel-combustion row are linear in its activity: (value x unit conversion x
NCV) x EF x 1e-6 [kt], and its CO2 equivalent that times the GWP. Everything that is not the
activity value (NCV, EF, tier, factor layer, source, parameter ids, equation, CRT code, memo
flag, GWP) depends only on (region for the factor lookup, year, category, fuel, unit). So:

1. DuckDB reads the activity once for its distinct keys (province, year, category, fuel, unit)
   and checks every row (numbers >= 0, known province, county and unit, covered category).
2. The keys are reduced to the ones that can differ: provinces without a provincial parameter
   row share one representative, and years share one where no parameter row's year range
   starts or ends between them (the factor lookup reads nothing else of region and year).
3. The registered in-memory method (``sectors.energy`` fuel combustion, the same FactorDB with
   the project's national/provincial overrides and the same tier plan) runs on one row of 1
   canonical unit per reduced key, and :func:`inventory.combine.combine_emissions` gives CRT
   code, memo status and CO2 equivalent: the *factor table* (kt, TJ and kt CO2-eq per unit,
   with the provenance, the edition and the EFDB ids of the default rows used).
4. DuckDB joins every activity row to its factor rows (one per gas), multiplies and sums to
   county x year x CRT leaf x gas in one streaming pass (memory_limit, spilling to
   temp_directory), then rolls the leaves up the CRT tree for counties, provinces and the
   nation. Results go to Parquet/CSV in an atomic run folder with a manifest.

Covered: IPCC 1.A fuel combustion rows (stationary 1.A.1, 1.A.2, 1.A.4, 1.A.5 and mobile 1.A.3,
1.A.4.c.ii/iii, 1.A.5.b) at Tier 1 or 2 with factor layers ipcc_default, national and
provincial (region = province code). Not covered (refused with a message): Tier 3 plant data,
technology/phase split rows (``<fuel>:<part>``), notation keys, county-specific parameters and
every other sector (use ``ghgi compile``).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from inventory import schema
from inventory.atomic import atomic_dir
from inventory.errors import InputError
from provincial.scale.duck import set_option, sql_str

__all__ = ["compile_scale", "read_scale_config", "read_parameters", "factor_table",
           "COVERED", "CONFIG_KEYS", "REQUIRED_COLUMNS"]

COVERED = "1.A"
CONFIG_KEYS = ("name", "years", "gwp", "guidelines", "tiers", "options", "activity", "regions",
               "parameters")
REQUIRED_COLUMNS = {"region": "VARCHAR", "province": "VARCHAR", "year": "INTEGER",
                    "category": "VARCHAR", "activity": "VARCHAR", "value": "DOUBLE",
                    "unit": "VARCHAR"}
_ENERGY_UNITS = ("TJ", "kt", "m3")   # canonical units the fuel-combustion method reads
_PARAM_COLUMNS = ("parameter", "category", "activity", "gas", "region", "year_from", "year_to",
                  "value", "unit", "lower", "upper", "distribution", "source", "layer", "note")


# ---------------------------------------------------------------------------- inputs
def read_scale_config(folder: Path) -> dict:
    """``scale.yml`` of a scale project, checked (unknown keys, years, GWP set, guidelines)."""
    from inventory.config import load_yaml_strict
    from inventory.factors import check_guidelines
    from inventory.gases import gwp_table

    path = folder / "scale.yml"
    if not path.is_file():
        raise InputError("no scale.yml", str(folder),
                         "a scale project folder (ghgi scale generate writes one)")
    cfg = load_yaml_strict(path)
    if not isinstance(cfg, dict):
        raise InputError("not a mapping", str(path), "keys " + ", ".join(CONFIG_KEYS))
    unknown = [k for k in cfg if k not in CONFIG_KEYS]
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r}", f"{path}",
                         "one of " + ", ".join(CONFIG_KEYS))
    years = cfg.get("years")
    if (not isinstance(years, list) or len(years) != 2
            or not all(isinstance(y, int) and not isinstance(y, bool) for y in years)
            or not 1900 <= years[0] <= years[1] <= 2100):
        raise InputError(f"years {years!r}", f"{path}, key 'years'",
                         "[first, last], years in 1900-2100")
    out = {"name": str(cfg.get("name") or folder.name), "years": years,
           "gwp": str(cfg.get("gwp", "AR5GWP100")),
           "guidelines": check_guidelines(cfg.get("guidelines"), f"{path}, key 'guidelines'"),
           "tiers": cfg.get("tiers") or {}, "options": cfg.get("options") or {},
           "activity": str(cfg.get("activity", "activity")),
           "regions": str(cfg.get("regions", "regions.csv")),
           "parameters": cfg.get("parameters")}
    try:
        gwp_table(out["gwp"])
    except Exception:
        raise InputError(f"unknown GWP set {out['gwp']!r}", f"{path}, key 'gwp'",
                         "AR4GWP100, AR5GWP100 or AR6GWP100") from None
    for key in ("tiers", "options"):
        if not isinstance(out[key], dict):
            raise InputError(f"{key} is not a mapping", f"{path}, key '{key}'",
                             "a mapping of category -> tier" if key == "tiers"
                             else "a mapping of sector -> settings")
    return out


def _read_csv_input(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise InputError("file not found", str(path), "the file named in scale.yml")
    df = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    for col in required:
        if col not in df:
            raise InputError(f"column '{col}' missing", f"file {path.name}",
                             "columns " + ", ".join(required))
    # a tuple, not an array: pandas compares attrs with == when frames are concatenated
    df.attrs["lines"] = tuple(int(n) for n in _csv_data_lines(path, len(df)))
    return df


def _csv_data_lines(path: Path, n: int) -> np.ndarray:
    """The file line number of each data row: pandas skips comment and blank lines, which
    messages and parameter ids must still count (a row number is where the user looks)."""
    kept = [i for i, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(),
                                       start=1)
            if line.strip() and not line.lstrip().startswith("#")]
    lines = np.asarray(kept[1:], dtype=np.int64)        # the first kept line is the header
    return lines[:n] if len(lines) >= n else np.arange(n) + 2


def read_regions(path: Path, province_codes: set[str]) -> pd.DataFrame:
    """The county list (region, province, name); every province one of ``province_codes``."""
    df = _read_csv_input(path, ("region", "province"))
    bad = ~df["province"].isin(province_codes)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"unknown province {df['province'].iloc[i]!r}",
                         f"file {path.name}, row {df.attrs['lines'][i]}, column 'province'",
                         "a two-digit province code of provincial/data/provinces.csv")
    dup = df["region"].duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise InputError(f"county {df['region'].iloc[i]!r} listed twice",
                         f"file {path.name}, row {df.attrs['lines'][i]}, column 'region'",
                         "one row per county")
    df.attrs.clear()
    return df


def read_parameters(path: Path | None, province_codes: set[str]) -> pd.DataFrame:
    """The project's country-specific parameters (parameters contract) with ids; region '*'
    (national) or a province code (provincial)."""
    if path is None:
        return schema.empty("parameters")
    df = _read_csv_input(path, ("parameter", "category", "activity", "gas", "region", "value",
                                "unit", "source", "layer"))
    for col, default in (("year_from", "1900"), ("year_to", "2100"), ("lower", ""),
                         ("upper", ""), ("distribution", ""), ("note", "")):
        if col not in df:
            df[col] = default
    rows = df.attrs["lines"]
    for col in ("value", "lower", "upper", "year_from", "year_to"):
        raw = df[col].astype(str).str.strip()
        num = pd.to_numeric(raw.replace("", np.nan), errors="coerce").astype("float64")
        bad = (raw != "") & ~np.isfinite(num.to_numpy())
        if col in ("value", "year_from", "year_to"):
            bad = bad | (raw == "")
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(f"{df[col].iloc[i]!r} in a numeric column",
                             f"file {path.name}, row {rows[i]}, column '{col}'",
                             "a number" if col in ("value", "lower", "upper") else "a year")
        df[col] = num
    bad = ~(df["region"].isin(province_codes) | (df["region"] == "*"))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"region {df['region'].iloc[i]!r}",
                         f"file {path.name}, row {rows[i]}, column 'region'",
                         "'*' (national) or a province code: the scale engine looks factors up "
                         "per province, county-specific parameters are not supported")
    df["year_from"] = df["year_from"].astype("int64")
    df["year_to"] = df["year_to"].astype("int64")
    df = df.replace({"distribution": {"": None}, "note": {"": None}})
    df["parameter_id"] = [f"{path.stem}:{r}" for r in rows]
    df["source_ref"] = [f"{path.name}!row {r}" for r in rows]
    out = schema.ensure_valid(df[[c.name for c in schema.PARAMETERS]].reset_index(drop=True),
                              "parameters")
    out.attrs.clear()   # the line numbers served the messages and ids above
    return out


# ---------------------------------------------------------------------------- factors
def _year_representatives(years: np.ndarray, table: pd.DataFrame) -> dict[int, int]:
    """Each year -> the first year of its segment: years between which no parameter row's
    year range starts or ends get the same lookup result."""
    cuts = np.unique(np.r_[table["year_from"].to_numpy(), table["year_to"].to_numpy() + 1])
    years = np.unique(np.asarray(years, dtype="int64"))
    seg = np.searchsorted(cuts, years, side="right")
    first: dict[int, int] = {}
    for y, s in zip(years.tolist(), seg.tolist(), strict=True):
        first.setdefault(s, y)
    return {y: first[s] for y, s in zip(years.tolist(), seg.tolist(), strict=True)}


def factor_table(keys: pd.DataFrame, db, tiers: dict, options: dict, gwp: str,
                 guidelines: str) -> pd.DataFrame:
    """Emissions per canonical unit of activity for each key (key_region, key_year, category,
    activity, unit): the registered methods run on one row of 1 unit per key, then the run's
    combine step. One row per key and gas with ``kt_per_unit``, ``tj_per_unit``,
    ``co2eq_per_unit`` and the provenance of the emission rows."""
    from inventory.combine import combine_emissions
    from inventory.methods import TierPlan, run_methods
    from inventory.notation import NOTATION_DTYPE

    n = len(keys)
    act = pd.DataFrame({
        "region": keys["key_region"].to_numpy(dtype=object),
        "year": keys["key_year"].to_numpy(dtype="int64"),
        "category": keys["category"].to_numpy(dtype=object),
        "activity": keys["activity"].to_numpy(dtype=object), "value": np.ones(n),
        "unit": keys["unit"].to_numpy(dtype=object),
        "notation_key": pd.Series([None] * n, dtype=object).astype(NOTATION_DTYPE),
        "source": None, "note": None,
        "activity_id": [f"key{i}" for i in range(n)],
        "source_ref": keys["source_ref"].to_numpy(dtype=object)})
    act = schema.ensure_valid(act, "activity")
    plan = TierPlan(tiers)
    co2_tier = plan.resolve(act["category"], "CO2")
    if (co2_tier == 3).any():
        cat = act.loc[co2_tier == 3, "category"].iloc[0]
        raise InputError(f"Tier 3 for {cat}", "scale.yml, key 'tiers'",
                         "tier 1 or 2: facility data (Tier 3) are not row-wise and are compiled "
                         "with ghgi compile")
    em = run_methods(act, db, plan, options=options)
    em = combine_emissions([em], gwp, guidelines)
    other = em["method"] != "fuel_combustion_emissions"
    if other.any():
        raise InputError(f"category {em.loc[other, 'category'].iloc[0]} is computed by "
                         f"{em.loc[other, 'method'].iloc[0]}", "scale engine",
                         "fuel combustion rows (1.A)")
    key_index = em["activity_ids"].str.removeprefix("key").astype("int64").to_numpy()
    out = keys.iloc[key_index].reset_index(drop=True)[
        ["key_region", "key_year", "category", "activity", "unit"]]
    for col in ("gas", "tier", "method", "equation", "factor_layer", "factor_source",
                "parameter_ids", "crt_category", "memo", "memo_item", "gwp_set", "guidelines"):
        out[col] = em[col].to_numpy()
    out["kt_per_unit"] = em["value"].to_numpy(dtype=float)
    out["tj_per_unit"] = em["activity_value"].to_numpy(dtype=float)
    out["co2eq_per_unit"] = em["value_co2eq"].to_numpy(dtype=float)
    out["ief_kg_per_tj"] = em["ief"].to_numpy(dtype=float)
    out["editions"], out["efdb_ids"] = _default_provenance(out["parameter_ids"])
    out.insert(0, "factor_key", np.arange(len(out), dtype="int64"))
    return out


def _default_provenance(parameter_ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The editions and EFDB ids of the IPCC default rows among each row's parameter ids."""
    from inventory.factors import default_table_paths, read_default_provenance

    ids = {i for v in parameter_ids.dropna() for i in str(v).split(";") if i}
    prov = {}
    for path in default_table_paths():
        t = read_default_provenance(path)
        lines = [f"{path.stem}:{n}" for n in _data_lines(path, len(t))]
        for pid, ed, efdb in zip(lines, t["edition"], t["efdb_id"], strict=True):
            if pid in ids:
                prov[pid] = (str(ed), str(efdb))
    eds, efdbs = [], []
    for v in parameter_ids:
        parts = [prov[i] for i in str(v or "").split(";") if i in prov]
        eds.append(";".join(dict.fromkeys(p[0] for p in parts if p[0])) or None)
        efdbs.append(";".join(dict.fromkeys(p[1] for p in parts if p[1])) or None)
    return np.array(eds, dtype=object), np.array(efdbs, dtype=object)


def _data_lines(path: Path, n: int) -> np.ndarray:
    """Line numbers of a default table's data rows, as its parameter ids use them."""
    n_comment = sum(1 for line in path.read_text(encoding="utf-8").splitlines()
                    if line.startswith("#"))
    return np.arange(n) + n_comment + 2


# ---------------------------------------------------------------------------- compile
class _Stages:
    """Wall and CPU time of each stage (CPU of this process: DuckDB's threads included)."""

    def __init__(self):
        self.rows: list[dict] = []

    def __call__(self, name: str, fn, *a, **kw):
        t, c = time.perf_counter(), _cpu()
        out = fn(*a, **kw)
        self.rows.append({"stage": name, "wall_s": round(time.perf_counter() - t, 3),
                          "cpu_s": round(_cpu() - c, 3)})
        return out


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


KEY_COLUMNS = ("province", "region", "year", "category", "activity", "unit")


def _first_null_row(con, glob: str, root: Path) -> InputError:
    """The first empty key cell (a row without its year or fuel would drop out of the joins
    and its emissions with it)."""
    counts = con.execute("SELECT " + ", ".join(
        f"count(*) FILTER (WHERE {c} IS NULL)" for c in KEY_COLUMNS) + " FROM act").fetchone()
    column = next(c for c, n in zip(KEY_COLUMNS, counts, strict=True) if n)
    return _first_bad_row(con, glob, f"{column} IS NULL", column, root,
                          f"the {column} of every row", lambda v: "empty cell")


def _first_bad_row(con, glob: str, where: str, column: str, root: Path, expected: str,
                   what=None) -> InputError:
    """An InputError naming the file, row and column of the first row matching ``where``."""
    found = con.execute(
        f"SELECT filename, file_row_number, {column} FROM read_parquet({sql_str(glob)}, "
        f"filename=true, file_row_number=true, hive_partitioning=false) WHERE {where} "
        "ORDER BY filename, file_row_number LIMIT 1").fetchone()
    if found is None:   # the scan saw it but the re-read did not: still refuse, less precisely
        return InputError(f"a row with a bad {column}", f"activity files under {root}, column "
                          f"'{column}'", expected)
    f, r, v = found
    rel = os.path.relpath(f, root)
    return InputError(what(v) if what else f"{v!r}",
                      f"file {rel}, row {int(r) + 1}, column '{column}'", expected)


def _open_activity(con, folder: Path, sub: str) -> str:
    base = folder / sub
    files = sorted(base.rglob("*.parquet")) if base.is_dir() else []
    if not files:
        raise InputError("no Parquet files", str(base),
                         "the activity folder of scale.yml with <name>.parquet files")
    glob = str(base / "**" / "*.parquet")
    con.execute(f"CREATE VIEW act AS SELECT * FROM read_parquet({sql_str(glob)}, "
                "hive_partitioning=false)")
    have = {r[0]: r[1] for r in con.execute("DESCRIBE act").fetchall()}
    for col, typ in REQUIRED_COLUMNS.items():
        if col not in have:
            raise InputError(f"column '{col}' missing", f"file {os.path.relpath(files[0], folder)}",
                             "columns " + ", ".join(REQUIRED_COLUMNS))
        ok = {"VARCHAR": ("VARCHAR",), "INTEGER": ("INTEGER", "BIGINT", "SMALLINT"),
              "DOUBLE": ("DOUBLE", "FLOAT", "INTEGER", "BIGINT")}[typ]
        if have[col] not in ok:
            raise InputError(f"column '{col}' of type {have[col]}",
                             f"activity files under {sub}", f"type {typ}")
    return glob


def _check_keys(con, keys: pd.DataFrame, glob: str, folder: Path, cfg: dict,
                codes: set[str]) -> dict[str, tuple[str, float]]:
    """Check the distinct keys (province, year, category, unit); name the first bad row.
    Returns unit -> (canonical unit, factor)."""
    from inventory.units import canonical_unit_of, check_input_unit, conversion_factor

    first, last = cfg["years"]
    bad = keys[~keys["province"].isin(codes)]
    if len(bad):
        raise _first_bad_row(con, glob, f"province = {sql_str(bad['province'].iloc[0])}",
                             "province", folder, "a two-digit province code of "
                             "provincial/data/provinces.csv")
    bad = keys[(keys["year"] < first) | (keys["year"] > last)]
    if len(bad):
        raise _first_bad_row(con, glob, f"year = {int(bad['year'].iloc[0])}", "year", folder,
                             f"a year in {first}-{last} (scale.yml, key 'years')")
    cats = keys["category"].astype(str)
    covered = (cats == COVERED) | cats.str.startswith(COVERED + ".")
    bad = keys[~covered.to_numpy()]
    if len(bad):
        raise _first_bad_row(con, glob, f"category = {sql_str(bad['category'].iloc[0])}",
                             "category", folder, "a fuel combustion category under 1.A; other "
                             "sectors: ghgi compile",
                             lambda v: f"category {v!r} is not covered by the scale engine")
    bad = keys[keys["activity"].astype(str).str.contains(":", regex=False).to_numpy()]
    if len(bad):
        raise _first_bad_row(con, glob, f"activity = {sql_str(bad['activity'].iloc[0])}",
                             "activity", folder, "a fuel id; Tier 3 plant rows and technology/"
                             "phase splits are not row-wise: ghgi compile",
                             lambda v: f"activity {v!r} is not covered by the scale engine")
    units = {}
    for u in pd.unique(keys["unit"].astype(str)):
        try:
            check_input_unit(u)
            canon = canonical_unit_of(u)
            if canon not in _ENERGY_UNITS:
                raise ValueError(f"unit '{u}' is not energy, mass or volume")
            units[u] = (canon, conversion_factor(u, canon))
        except Exception as exc:  # noqa: BLE001 - pint and our whitelist raise different types
            raise _first_bad_row(con, glob, f"unit = {sql_str(u)}", "unit", folder,
                                 "an energy (TJ, GJ ...), mass (t, kt ...) or volume (m3, Mm3 "
                                 "...) unit", lambda v, e=exc: f"unit {v!r}: {e}") from None
    return units


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def compile_scale(folder: Path | str, out: Path | str = "outputs", memory_limit: str = "4GB",
                  threads: int | None = None, temp_dir: Path | str | None = None,
                  rows: bool = False, hash_inputs: bool = True) -> Path:
    """Compile a scale project out of core; returns the run folder
    ``<out>/<name>/<run id>/`` (written under a temporary name, renamed when complete).

    ``memory_limit``, ``threads``, ``temp_dir``: DuckDB's settings (spills go to ``temp_dir``,
    default a folder inside the temporary run folder). ``rows``: also write every emission
    row (``emissions/``, county x year x category x fuel x gas; large). DuckDB's refusals of
    the input (unreadable Parquet, files with different columns, a bad setting, memory or
    disk exhausted) become one-line InputErrors."""
    import duckdb

    try:
        return _compile(Path(folder), out, memory_limit, threads, temp_dir, rows, hash_inputs)
    except duckdb.OutOfMemoryException as exc:
        raise InputError(f"DuckDB ran out of memory: {_first_line(exc)}",
                         f"memory_limit {memory_limit}", "a larger --memory-limit, or a "
                         "--temp-dir with free space for DuckDB to spill to") from None
    except (duckdb.IOException, duckdb.InvalidInputException, duckdb.ConversionException,
            duckdb.BinderException) as exc:
        raise InputError(f"DuckDB could not read the input: {_first_line(exc)}",
                         f"{folder}", "Parquet files with the columns "
                         + ", ".join(REQUIRED_COLUMNS) + " and valid settings") from None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:300]


def _compile(folder: Path, out, memory_limit: str, threads, temp_dir, rows: bool,
             hash_inputs: bool) -> Path:
    import duckdb

    from inventory.factors import FactorDB
    from inventory.pipeline import new_run_id
    from provincial.scale.generate import provinces

    t_all, c_all = time.perf_counter(), _cpu()
    stages = _Stages()
    cfg = read_scale_config(folder)
    codes = set(provinces()["code"])
    regions = read_regions(folder / cfg["regions"], codes)
    params = read_parameters(folder / cfg["parameters"] if cfg["parameters"] else None, codes)
    run_id = new_run_id()
    target = Path(out) / cfg["name"] / run_id
    with atomic_dir(target) as tmp:
        spill = Path(temp_dir) if temp_dir else tmp / ".duckdb_tmp"
        con = duckdb.connect()
        set_option(con, "memory_limit", sql_str(memory_limit), "--memory-limit",
             "a size such as 4GB or 500MB")
        con.execute(f"SET temp_directory={sql_str(str(spill))}")
        con.execute("SET preserve_insertion_order=false")
        if threads is not None:
            set_option(con, "threads", int(threads), "--threads", "a whole number of threads >= 1")
        glob = _open_activity(con, folder, cfg["activity"])

        # 1. distinct keys and the row checks, in one pass
        keys = stages("scan: keys and checks", lambda: con.execute("""
            SELECT province, year, category, activity, unit, count(*) AS n_rows,
              count(*) FILTER (WHERE province IS NULL OR region IS NULL OR year IS NULL
                               OR category IS NULL OR activity IS NULL OR unit IS NULL)
                AS n_null,
              count(*) FILTER (WHERE value IS NULL OR isnan(value) OR isinf(value)
                               OR value < 0) AS n_bad
            FROM act GROUP BY ALL""").df())
        if keys["n_null"].sum():
            raise _first_null_row(con, glob, folder)
        if keys["n_bad"].sum():
            raise _first_bad_row(con, glob, "value IS NULL OR isnan(value) OR isinf(value) OR "
                                 "value < 0", "value", folder, "a number >= 0; the scale engine "
                                 "reads numbers only, no notation keys",
                                 lambda v: "empty cell" if v is None else f"{v!r}")
        units = _check_keys(con, keys, glob, folder, cfg, codes)
        counties = stages("scan: counties", lambda: con.execute(
            "SELECT DISTINCT region, province FROM act").df())
        known = counties.merge(regions[["region", "province"]], on="region", how="left",
                               suffixes=("", "_listed"))
        bad = known["province_listed"].isna() | (known["province_listed"] != known["province"])
        if bad.any():
            b = known[bad.to_numpy()].iloc[0]
            raise _first_bad_row(
                con, glob, f"region = {sql_str(b['region'])} AND province = "
                f"{sql_str(b['province'])}", "region", folder,
                f"a county of {cfg['regions']} in its province",
                lambda v, b=b: (f"county {v!r} not listed" if pd.isna(b["province_listed"])
                                else f"county {v!r} of province {b['province_listed']} in a row "
                                f"of province {b['province']}"))

        # 2. reduced keys: provinces without provincial rows share one, years share segments
        db = stages("factor database", FactorDB.with_defaults, params, cfg["guidelines"])
        own = set(db.table["region"]) & codes
        present = sorted(set(keys["province"]))
        shared = next((p for p in present if p not in own), None)
        pmap = pd.DataFrame({"province": present,
                             "key_region": [p if p in own else shared for p in present]})
        ymap_d = _year_representatives(keys["year"].to_numpy(), db.table)
        ymap = pd.DataFrame({"year": list(ymap_d), "key_year": list(ymap_d.values())})
        umap = pd.DataFrame({"unit": list(units), "canon_unit": [u[0] for u in units.values()],
                             "unit_factor": [u[1] for u in units.values()]})
        k = (keys.merge(pmap, on="province").merge(ymap, on="year")
             .merge(umap, on="unit"))
        k = k.sort_values(["key_region", "key_year", "category", "activity", "canon_unit"])
        reduced = (k.groupby(["key_region", "key_year", "category", "activity", "canon_unit"],
                             as_index=False, sort=False).first()
                   .drop(columns="unit").rename(columns={"canon_unit": "unit"}))
        reduced["source_ref"] = [f"{cfg['activity']} (province {p}, year {y}, {c}, {a})"
                                 for p, y, c, a in reduced[["province", "year", "category",
                                                            "activity"]].itertuples(index=False)]
        factors = stages("factor table (in-memory methods)", factor_table, reduced, db,
                         cfg["tiers"], cfg["options"], cfg["gwp"], cfg["guidelines"])
        from inventory.categories import _outside_total, crt_ancestors

        crt = factors["crt_category"].astype(object)
        factors["in_tree"] = ~factors["memo"].astype(bool).to_numpy() | _outside_total(crt)
        anc = pd.DataFrame([(c, a) for c in pd.unique(crt) for a in crt_ancestors(c)],
                           columns=["crt_category", "crt"])
        for name, df in (("pmap", pmap), ("ymap", ymap), ("umap", umap), ("anc", anc)):
            con.register(f"{name}_df", df)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_df")
        fcols = ["factor_key", "key_region", "key_year", "category", "activity", "unit", "gas",
                 "kt_per_unit", "tj_per_unit", "co2eq_per_unit", "crt_category", "in_tree",
                 "memo_item"]
        con.register("factors_df", factors[fcols])
        con.execute("CREATE TABLE factors AS SELECT * FROM factors_df")
        con.execute("""
            CREATE VIEW em AS
            SELECT a.region, a.province, a.year, a.category, a.activity, f.gas, f.factor_key,
              a.value * u.unit_factor * f.tj_per_unit AS activity_tj,
              a.value * u.unit_factor * f.kt_per_unit AS value,
              a.value * u.unit_factor * f.co2eq_per_unit AS value_co2eq,
              f.crt_category, f.in_tree, f.memo_item
            FROM act a JOIN umap u ON a.unit = u.unit
              JOIN pmap p ON a.province = p.province
              JOIN ymap y ON a.year = y.year
              JOIN factors f ON f.key_region = p.key_region AND f.key_year = y.key_year
                AND f.category = a.category AND f.activity = a.activity
                AND f.unit = u.canon_unit""")

        # 3. one streaming pass: county x year x CRT leaf x gas
        leaves = tmp / ".county_leaves.parquet"
        stages("scan: county leaves", con.execute, f"""
            COPY (SELECT region, province, year, crt_category, in_tree, memo_item, gas,
                    sum(value) AS value, sum(value_co2eq) AS value_co2eq, count(*) AS n_rows
                  FROM em GROUP BY ALL)
            TO {sql_str(str(leaves))} (FORMAT parquet)""")
        if rows:
            stages("scan: emission rows", con.execute, f"""
                COPY (SELECT region, province, year, category, activity, gas, value,
                        activity_tj, value_co2eq, crt_category, factor_key FROM em)
                TO {sql_str(str(tmp / 'emissions'))}
                (FORMAT parquet, PARTITION_BY (province))""")
        con.execute(f"CREATE VIEW leaves AS SELECT * FROM read_parquet({sql_str(str(leaves))})")
        meta = ("'{gwp}' AS gwp_set").format(gwp=cfg["gwp"])
        level_sql = {
            "county": ("region, province, year", "region, province, year"),
            "province": ("province AS region, year", "province, year"),
            "national": ("'national' AS region, year", "year"),
        }
        written = {}
        for level, (sel, grp) in level_sql.items():
            sql = f"""
                SELECT {sel}, anc.crt, gas, sum(value) AS value,
                       sum(value_co2eq) AS value_co2eq, {meta}
                FROM leaves JOIN anc ON leaves.crt_category = anc.crt_category
                WHERE in_tree GROUP BY {grp}, anc.crt, gas
                {"" if level == "county" else "ORDER BY ALL"}"""
            path = tmp / f"{level}.parquet"
            stages(f"roll-up: {level}", con.execute,
                   f"COPY ({sql}) TO {sql_str(str(path))} (FORMAT parquet)")
            written[level] = con.execute(
                f"SELECT count(*) FROM read_parquet({sql_str(str(path))})").fetchone()[0]
            if level != "county":
                con.execute(f"COPY (SELECT * FROM read_parquet({sql_str(str(path))})) TO "
                            f"{sql_str(str(tmp / f'{level}.csv'))} (HEADER)")
        memo = """
            SELECT 'province' AS level, province AS region, year, memo_item, gas,
                   sum(value) AS value FROM leaves WHERE NOT in_tree GROUP BY ALL
            UNION ALL
            SELECT 'national', 'national', year, memo_item, gas, sum(value)
            FROM leaves WHERE NOT in_tree GROUP BY ALL ORDER BY ALL"""
        con.execute(f"COPY ({memo}) TO {sql_str(str(tmp / 'memo_items.csv'))} (HEADER)")
        totals = """
            SELECT 'province' AS level, region, year, sum(value_co2eq) AS total_co2eq
            FROM read_parquet('{p}') WHERE crt = 'TOTAL' GROUP BY ALL
            UNION ALL
            SELECT 'national', region, year, sum(value_co2eq)
            FROM read_parquet('{n}') WHERE crt = 'TOTAL' GROUP BY ALL ORDER BY ALL""".format(
            p=tmp / "province.parquet", n=tmp / "national.parquet")
        con.execute(f"COPY ({totals}) TO {sql_str(str(tmp / 'totals.csv'))} (HEADER)")
        n_rows = int(con.execute("SELECT sum(n_rows) FROM leaves").fetchone()[0] or 0)
        duck_version = duckdb.__version__
        con.close()
        leaves.unlink()
        if not temp_dir:
            import shutil

            shutil.rmtree(spill, ignore_errors=True)
        keep = [c for c in factors.columns if c != "in_tree"]
        factors[keep].to_parquet(tmp / "factors.parquet", index=False)
        factors[keep].to_csv(tmp / "factors.csv", index=False)
        inputs = {}
        if hash_inputs:
            def _hash_all():
                for p in sorted((folder / cfg["activity"]).rglob("*.parquet")):
                    inputs[str(p.relative_to(folder))] = {"bytes": p.stat().st_size,
                                                          "sha256": _sha256(p)}
            stages("hash inputs", _hash_all)
        for name in ("scale.yml", cfg["regions"], cfg["parameters"]):
            if name:
                p = folder / name
                inputs[name] = {"bytes": p.stat().st_size, "sha256": _sha256(p)}
        manifest = {
            "kind": "ghgi scale compile", "run_id": run_id, "project": str(folder.resolve()),
            "name": cfg["name"], "years": cfg["years"], "gwp_set": cfg["gwp"],
            "guidelines": cfg["guidelines"], "tiers": cfg["tiers"],
            "covered": "IPCC 1.A fuel combustion rows (stationary and mobile), Tier 1/2, "
                       "factor layers ipcc_default, national, provincial; method "
                       "sectors.energy fuel_combustion_emissions via the factor table",
            "not_covered": "Tier 3 plant rows, technology/phase splits, notation keys, "
                           "county-specific parameters, sectors other than 1.A",
            "activity_rows": int(keys["n_rows"].sum()), "emission_rows": n_rows,
            "output_rows": written, "factor_keys": int(len(reduced)),
            "factor_rows": int(len(factors)),
            "duckdb": {"version": duck_version, "memory_limit": memory_limit,
                       "threads": threads or os.cpu_count(),
                       "temp_directory": str(temp_dir) if temp_dir else "(inside the run)"},
            "versions": {"python": platform.python_version(), "pandas": pd.__version__,
                         "numpy": np.__version__},
            "inputs": inputs,
            "factor_sources": sorted(set(factors["factor_source"].dropna())),
            "stages": stages.rows,
            "wall_s": round(time.perf_counter() - t_all, 3),
            "cpu_s": round(_cpu() - c_all, 3),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "load_average": list(os.getloadavg()),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str),
                                           encoding="utf-8")
    return target
