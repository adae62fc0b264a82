"""Demoland timely accounts: a SYNTHETIC demo (``ghgi demo-timely``) on top of the Demoland
provinces demo (``demo/demoland_provinces``: five fictional provinces and the nation, energy
balance tables 2021-2023).

The monthly proxies and the electricity consumption are made with a known relation to the
provinces' balance tables: each indicator's annual value is the physical quantity of the
balance rows it stands for (e.g. ``thermal_generation`` = the electricity output of thermal
power, ``elec_industry`` = industry's electricity use) times a statistical noise of 1 %
(seeded), spread over the months by a seasonal profile; 2024 and January-June 2025 continue
each series with a drawn growth (no balance exists for them). Drivers (GDP at constant 2021
prices, population), targets and scenarios are invented round numbers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from inventory.commands import folder_command

__all__ = ["write_demo_timely", "demo_balances", "indicator_quantities", "SEED", "MONTHS"]

SEED = 20271203
QUICK_YEARS = (2024, 2025)
MONTHS = 6                         # months of 2025 published so far in the demo
# winter-heavy profile of thermal power, coal and gas (heating season), flatter otherwise
SEASON_HEAT = np.array([1.18, 1.02, 1.0, 0.92, 0.9, 0.95, 1.05, 1.06, 0.93, 0.92, 0.98, 1.09])
SEASON_FLAT = np.array([0.97, 0.86, 1.0, 0.98, 1.01, 1.02, 1.06, 1.07, 1.0, 1.0, 1.0, 1.03])
HEATING = {"thermal_generation", "coal_apparent", "gas_apparent", "elec_households"}
COKE_AS_RAW_COAL = 0.9714 / 0.7143        # GB/T 2589 standard-coal coefficients


def demo_balances() -> dict[str, dict[int, dict]]:
    """The balance tables of the provinces demo by region (the nation under its code),
    regenerated in memory by :func:`provincial.demo.demo_balances`."""
    from provincial.demo import NATIONAL
    from provincial.demo import demo_balances as balances

    prov, nat = balances()
    return {**prov, NATIONAL[0]: nat}


def indicator_quantities(b: dict) -> dict[str, float]:
    """The physical quantity each indicator stands for in one balance table (the demo's known
    relation)."""
    def g(row, p):
        return float(b.get(row, {}).get(p, 0.0) or 0.0)

    oil = ("gasoline", "diesel", "kerosene", "fuel_oil", "lpg")
    final_rows = ("agriculture", "industry", "construction", "transport", "commerce",
                  "other_sectors", "urban_households", "rural_households")
    q = {
        "thermal_generation": g("thermal_power", "electricity"),
        "coal_apparent": g("industry", "raw_coal") - g("nonenergy_use", "raw_coal")
        + g("industry", "coke") * COKE_AS_RAW_COAL,
        "oil_products_apparent": sum(g(r, p) for r in final_rows for p in oil),
        "gas_apparent": sum(g(r, "natural_gas") for r in final_rows)
        - g("nonenergy_use", "natural_gas"),
        "coal_production": g("production", "raw_coal"),
        "crude_production": g("production", "crude_oil"),
        "gas_production": g("production", "natural_gas"),
        "crude_processed": -g("refining", "crude_oil"),
        "elec_agriculture": g("agriculture", "electricity"),
        "elec_industry": g("industry", "electricity"),
        "elec_construction": g("construction", "electricity"),
        "elec_transport": g("transport", "electricity"),
        "elec_services": g("commerce", "electricity") + g("other_sectors", "electricity"),
        "elec_households": g("urban_households", "electricity")
        + g("rural_households", "electricity"),
    }
    q["elec_total"] = sum(v for k, v in q.items() if k.startswith("elec_"))
    return q


ELEC_SECTORS = {"agriculture": "elec_agriculture", "industry": "elec_industry",
                "construction": "elec_construction", "transport": "elec_transport",
                "services": "elec_services", "households": "elec_households"}


def _monthly(annual: float, name: str, rng: np.random.Generator, months: int = 12
             ) -> np.ndarray:
    prof = (SEASON_HEAT if name in HEATING else SEASON_FLAT) * rng.uniform(0.98, 1.02, 12)
    return np.round(annual * prof / prof.sum(), 4)[:months]


def ippu_regions() -> tuple:
    """The regions of the demo's IPPU inventory: the five provinces and the nation (its own
    statistics, share 1 of the national series)."""
    from inventory.demo import DEMO_REGIONS
    from provincial.demo import NATIONAL

    return (*DEMO_REGIONS, (NATIONAL[0], "Demoland (national)", 1.0))


def ippu_quantities(activity: pd.DataFrame) -> dict[tuple[str, int], dict[str, float]]:
    """Indicators from the IPPU inventory's activity (the known relation of the process
    proxies): clinker and cement [10^4 t], flat glass [10^4 weight cases of 50 kg], crude
    steel (BOF + EAF) and pig iron [10^4 t], from the activity in kt."""
    a = activity.assign(value=pd.to_numeric(activity["value"], errors="coerce")).fillna(
        {"value": 0.0})
    v = a.groupby(["region", "year", "activity"])["value"].sum()
    out = {}
    for region, year in {(r, y) for r, y, _ in v.index}:
        def q(act, region=region, year=year):
            return float(v.get((region, year, act), 0.0))
        out[(region, year)] = {"clinker": q("clinker") / 10, "cement": q("clinker") / 0.7 / 10,
                               "flat_glass": q("glass") * 2,
                               "crude_steel": (q("steel_bof") + q("steel_eaf")) / 10,
                               "pig_iron": q("pig_iron") / 10}
    return out


def ippu_activity() -> pd.DataFrame:
    from inventory.demo import demo_activity

    return demo_activity(ippu_regions(), range(2021, 2024), ("ippu",))


def _series(balances: dict, ippu: dict | None = None) -> pd.DataFrame:
    """Annual indicator values per region and year 2021-2025 (noise 1 %; 2024 and 2025 by a
    drawn growth), then months."""
    rng = np.random.default_rng(SEED)
    ippu = ippu or {}
    rows = []
    for region, years in balances.items():
        last = {}
        for y, b in sorted(years.items()):
            for k, v in {**indicator_quantities(b), **ippu.get((region, y), {})}.items():
                val = v * (1 + rng.normal(0, 0.01))
                rows.append((region, k, y, val))
                last[k] = val
        growth = {k: rng.normal(0.03, 0.03) for k in last}
        for i, y in enumerate(QUICK_YEARS):
            for k, v in last.items():
                rows.append((region, k, y, v * (1 + growth[k]) ** (i + 1)))
    return pd.DataFrame(rows, columns=["region", "indicator", "year", "annual"])


def _units() -> dict[str, str]:
    t = pd.read_csv(Path(__file__).resolve().parent / "data" / "indicators.csv", comment="#")
    return dict(zip(t["indicator"], t["unit"], strict=True))


def demo_tables(balances: dict | None = None) -> dict[str, pd.DataFrame]:
    """The sheets of the demo workbook."""
    from provincial.demo import NATIONAL, PROVINCES

    balances = balances or demo_balances()
    rng = np.random.default_rng([SEED, 1])
    series = _series(balances, ippu_quantities(ippu_activity()))
    units = _units()
    prox, elec = [], []
    for r in series.itertuples(index=False):
        months = MONTHS if r.year == QUICK_YEARS[-1] else 12
        vals = _monthly(r.annual, r.indicator, rng, months)
        for m, v in enumerate(vals, start=1):
            if r.indicator in ELEC_SECTORS.values():
                sector = next(s for s, k in ELEC_SECTORS.items() if k == r.indicator)
                elec.append((r.region, sector, r.year, m, v, "10^8 kWh"))
            prox.append((r.region, r.indicator, r.year, m, v, units[r.indicator]))
    proxies = pd.DataFrame(prox, columns=["region", "indicator", "year", "month", "value",
                                          "unit"])
    electricity = pd.DataFrame(elec, columns=["region", "sector", "year", "month", "value",
                                              "unit"])
    shares = {c: s for c, _, _, s in PROVINCES}
    drivers = []
    for code in [*shares, NATIONAL[0]]:
        share = shares.get(code, 1.0)
        for i, y in enumerate((2021, 2022, 2023)):
            gdp = 60000.0 * share * (1.05 + 0.01 * (code == "CAP")) ** i
            pop = 8000.0 * share * 1.002 ** i
            if code == "NTH":       # current prices and the real index: Eq. A2
                drivers.append((code, y, None, round(gdp * 1.0, 2) if i == 0 else
                                round(gdp * 1.02 ** i, 2), 100.0 if i == 0 else 105.0,
                                round(pop, 2)))
            else:
                drivers.append((code, y, round(gdp, 2), None, None, round(pop, 2)))
    drivers = pd.DataFrame(drivers, columns=["region", "year", "gdp", "gdp_current",
                                             "gdp_index", "population"])
    targets, scen = [], []
    for code in [*shares, NATIONAL[0]]:
        targets += [(code, "intensity_reduction", 2021, 2025, 14.0, None,
                     "intensity reduction 2021-2025 (synthetic)"),
                    (code, "cap", None, 2030, None, None, "total CO2 cap (synthetic)"),
                    (code, "peak", None, 2030, None, None, "peak before 2030")]
    ei = {"NTH": -1.0, "STH": -4.0, "EST": -3.0, "WST": -2.2, "CAP": -3.5, "DLP": -3.0}
    for code, e in ei.items():
        scen += [(code, "baseline", 2024, 2030, 0.2, 4.8, e, -1.0),
                 (code, "baseline", 2031, 2035, 0.0, 4.0, e, -1.5),
                 (code, "policy", 2024, 2035, 0.2, 4.5, e - 1.5, -2.5)]
    return {"drivers": drivers, "proxies": proxies, "electricity": electricity,
            "targets": pd.DataFrame(targets, columns=["region", "target", "base_year",
                                                      "target_year", "value", "base_value",
                                                      "note"]),
            "scenarios": pd.DataFrame(scen, columns=["region", "scenario", "from_year",
                                                     "to_year", "population", "gdp_per_capita",
                                                     "energy_intensity", "carbon_intensity"])}


CO2_PER_TCE = {"raw_coal": 2.66, "cleaned_coal": 2.66, "coke": 2.9, "crude_oil": 2.1,
               "gasoline": 2.0, "kerosene": 2.05, "diesel": 2.1, "fuel_oil": 2.15, "lpg": 1.8,
               "refinery_gas": 1.7, "natural_gas": 1.63}
TCE = {"raw_coal": 0.7143, "cleaned_coal": 0.9, "coke": 0.9714, "crude_oil": 1.4286,
       "gasoline": 1.4714, "kerosene": 1.4714, "diesel": 1.4571, "fuel_oil": 1.4286,
       "lpg": 1.7143, "refinery_gas": 1.5714, "natural_gas": 13.3}   # 10^4 tce per unit


def rough_co2_kt(b: dict) -> float:
    """A rough CO2 [kt] of one balance (fuel burnt in final use, power and heat x round
    factors per tce): only to size the demo's synthetic caps."""
    rows = ("agriculture", "industry", "construction", "transport", "commerce",
            "other_sectors", "urban_households", "rural_households")
    t = 0.0
    for p, f in CO2_PER_TCE.items():
        burnt = sum(float(b[r].get(p, 0.0)) for r in rows) - float(
            b["nonenergy_use"].get(p, 0.0)) - sum(float(b[r].get(p, 0.0)) for r in
                                                   ("thermal_power", "heating"))
        t += burnt * TCE[p] * f * 10.0                  # 10^4 tce x t/tce -> kt
    return t


def _fill_targets(tables: dict, balances: dict) -> None:
    """Synthetic caps: 38 % above the rough 2023 energy CO2 of the balance (room for the
    process CO2 of about a fifth and some growth; NTH 20 %, so that the demo shows a red
    light)."""
    t = tables["targets"]
    for i in t.index[t["target"] == "cap"]:
        code = t.at[i, "region"]
        t.at[i, "value"] = round(rough_co2_kt(balances[code][2023])
                                 * (1.20 if code == "NTH" else 1.38), -1)


def write_demo_timely(root: Path | str = Path("demo/demoland_timely")) -> Path:
    """Write ``timely.yml``, ``data/timely_inputs.xlsx`` and the IPPU inventory ``ippu/`` (the
Demoland IPPU generators for the five provinces and the nation, 2021-2023)."""
    root = Path(root)
    balances = demo_balances()
    tables = demo_tables(balances)
    _fill_targets(tables, balances)
    (root / "data").mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(root / "data" / "timely_inputs.xlsx", engine="openpyxl") as xw:
        pd.DataFrame({"SYNTHETIC DEMO DATA 合成示例数据": [
            "Demoland and its provinces are fictional; generated by `ghgi demo-timely`.",
            "Sheets: drivers, proxies, electricity, targets, scenarios (docs/timely.md)."]}
                     ).to_excel(xw, sheet_name="README", index=False)
        for name, df in tables.items():
            df.to_excel(xw, sheet_name=name, index=False)
        xw.book.properties.created = xw.book.properties.modified = \
            __import__("datetime").datetime(2026, 1, 1)
    from inventory.demo import write_demo

    write_demo(root / "ippu", regions=ippu_regions(), years=range(2021, 2024),
               sectors=("ippu",), name="demoland_timely_ippu")
    cfg = {"name": "demoland_timely", "synthetic": True, "language": "zh+en",
           "base_year": 2021,
           "inventories": [{"project": "../demoland_provinces/provinces"},
                           {"project": "../demoland_provinces/national"},
                           {"project": "ippu"}],
           "nation": "DLP", "workbook": "data/timely_inputs.xlsx",
           "grid_factor": {"*": "average:China"}, "horizon": 2035,
           "status": {"green_max": 0.0, "amber_max": 1.0}}
    head = ("# SYNTHETIC demo (Demoland timely accounts, fictional). Generated by "
            "`ghgi demo-timely`; keys in docs/timely.md.\n")
    (root / "timely.yml").write_text(head + yaml.safe_dump(cfg, sort_keys=False,
                                                           allow_unicode=True), encoding="utf-8")
    return root


folder_command("demo-timely", "write the synthetic Demoland timely-accounts demo (monthly "
               "proxies, electricity, drivers, targets, scenarios)",
               Path("demo/demoland_timely"), write_demo_timely)
