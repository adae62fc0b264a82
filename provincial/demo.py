"""Demoland provinces: a SYNTHETIC demo of provincial inventories the Chinese way.

Five fictional provinces of the fictional country Demoland (Chinese and English names) and the
nation, each with its statistical energy balance tables (physical quantities, the yearbook
layout, bilingual labels) for 2021-2023; a provincial project (the five provinces) and a national
project (one region, the nation's own balance, which does not equal the sum of the provinces,
as in real statistics). ``ghgi demo-provinces [folder]`` writes ``demo/demoland_provinces/``;
a test checks the committed files equal the generator's. Then::

    ghgi compile demo/demoland_provinces/provinces
    ghgi compile demo/demoland_provinces/national
    ghgi reconcile --national outputs/demoland_national/<run> \\
                   --provinces outputs/demoland_provinces/<run>

Numbers are random but deterministic (seeded) and balanced: every balance closes with its
statistical-difference row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml
from openpyxl import Workbook

from inventory.commands import Command, register_command

__all__ = ["PROVINCES", "YEARS", "NATIONAL", "write_demo_provinces", "province_balance",
           "balance_rows", "demo_balances"]

PROVINCES = (("NTH", "北原省", "Northland", 0.32), ("STH", "南湾省", "Southland", 0.24),
             ("EST", "东岸省", "Eastshore", 0.21), ("WST", "西岭省", "Westridge", 0.15),
             ("CAP", "京畿区", "Capital District", 0.08))
NATIONAL = ("DLP", "德莫兰全国", "Demoland (national)")
YEARS = (2021, 2022, 2023)
SEED = 20270110
PRODUCTS = ("raw_coal", "cleaned_coal", "coke", "crude_oil", "gasoline", "kerosene", "diesel",
            "fuel_oil", "lpg", "refinery_gas", "natural_gas", "heat", "electricity")
# national final consumption by sector and product [physical unit of the product]
FINAL = {
    "agriculture": {"diesel": 60, "electricity": 90, "raw_coal": 40},
    "industry": {"raw_coal": 1400, "coke": 520, "diesel": 90, "fuel_oil": 60, "lpg": 40,
                 "refinery_gas": 55, "natural_gas": 120, "heat": 900, "electricity": 2600},
    "construction": {"diesel": 70, "electricity": 70},
    "transport": {"gasoline": 600, "diesel": 700, "kerosene": 180, "fuel_oil": 120, "lpg": 20,
                  "electricity": 80},
    "commerce": {"natural_gas": 30, "lpg": 25, "electricity": 420, "heat": 120},
    "other_sectors": {"diesel": 40, "electricity": 260, "natural_gas": 10},
    "urban_households": {"natural_gas": 140, "lpg": 45, "heat": 600, "electricity": 520},
    "rural_households": {"raw_coal": 90, "lpg": 30, "electricity": 330},
}
NONENERGY = {"natural_gas": 25, "lpg": 12, "raw_coal": 60}
# the rows of the demo's tables in yearbook order: (flow, heading number or '' for a sub-row);
# labels from sectors/energy/data/energy_balance_flows.csv and energy_balance_products.csv
ROWS = (("available_supply", "一、"), ("production", "1."), ("inflow", "2."), ("imports", "3."),
        ("outflow", "4."), ("exports", "5."), ("stock_change", "6."),
        ("transformation", "二、"), ("thermal_power", "1."), ("heating", "2."),
        ("coal_washing", "3."), ("coking", "4."), ("refining", "5."), ("losses", "三、"),
        ("final_consumption", "四、"), ("agriculture", "1."), ("industry", "2."),
        ("nonenergy_use", "其中："), ("construction", "3."), ("transport", "4."),
        ("commerce", "5."), ("other_sectors", "6."), ("households", "7."),
        ("urban_households", ""), ("rural_households", ""), ("statistical_difference", "五、"))


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    from sectors.energy.balance import flows, products

    f, p = flows(), products()
    rows = {k: f"{n}{f.loc[k, 'zh']} {f.loc[k, 'en']}".replace("其中：其中：", "其中：")
            for k, n in ROWS}
    return rows, {k: f"{p.loc[k, 'zh']} {p.loc[k, 'en']}" for k in PRODUCTS}


UNITS = {"natural_gas": "亿立方米", "heat": "万百万千焦", "electricity": "亿千瓦时"}


def _r(x: float) -> float:
    return float(np.round(x, 2))


def province_balance(scale: float, rng: np.random.Generator, inter: bool = True,
                     final: dict | None = None, thermal_elec: float | None = None) -> dict:
    """One balance {row: {product: value}} (physical units): final consumption scaled from
    :data:`FINAL` with noise, transformation sized to supply it, supply closing it; the
    statistical difference row makes it close exactly after rounding. ``inter``: a province
    (inflow/outflow from other provinces) or the nation (imports/exports). ``final``: the
    final consumption and non-energy use rows to use instead of drawing them;
    ``thermal_elec``: the electricity made by thermal power [10^8 kWh] instead of a draw."""
    b: dict[str, dict[str, float]] = {k: {} for k, _ in ROWS}
    if final is not None:
        for k, row in final.items():
            b[k] = dict(row)
    else:
        for sector, row in FINAL.items():
            for p, v in row.items():
                b[sector][p] = _r(v * scale * rng.uniform(0.8, 1.2) / 10)
        for p, v in NONENERGY.items():
            b["nonenergy_use"][p] = min(_r(v * scale * rng.uniform(0.8, 1.2) / 10),
                                        b["industry"].get(p, 0.0))
    for p in PRODUCTS:
        hh = [b[k].get(p, 0.0) for k in ("urban_households", "rural_households")]
        if any(hh):
            b["households"][p] = _r(sum(hh))
    final = {p: _r(sum(b[s].get(p, 0.0) for s in (*FINAL, "households")
                       if s not in ("urban_households", "rural_households"))) for p in PRODUCTS}
    b["losses"]["electricity"] = _r(final["electricity"] * 0.05)
    b["losses"]["natural_gas"] = _r(final["natural_gas"] * 0.02)
    b["losses"]["heat"] = _r(final["heat"] * 0.04)
    # refining: crude in, products out (outputs 0.95 of the input in standard coal)
    oil_out = {p: final[p] * rng.uniform(0.6, 1.0) for p in ("gasoline", "kerosene", "diesel",
                                                              "fuel_oil", "lpg",
                                                              "refinery_gas")}
    coef = {"gasoline": 1.4714, "kerosene": 1.4714, "diesel": 1.4571, "fuel_oil": 1.4286,
            "lpg": 1.7143, "refinery_gas": 1.5714}
    crude_in = sum(v * coef[p] for p, v in oil_out.items()) / 0.95 / 1.4286
    b["refining"] = {"crude_oil": -_r(crude_in), **{p: _r(v) for p, v in oil_out.items()}}
    # coking: cleaned coal in, coke out; coal washing: raw coal in, cleaned coal out
    coke = final["coke"] * rng.uniform(0.7, 1.1)
    clean_in = coke * 0.9714 / 0.82 / 0.9
    b["coking"] = {"cleaned_coal": -_r(clean_in), "coke": _r(coke)}
    raw_wash = clean_in * 0.9 / 0.88 / 0.7143
    b["coal_washing"] = {"raw_coal": -_r(raw_wash), "cleaned_coal": _r(clean_in)}
    # power and heat: part of the electricity and heat made in the region
    elec = (final["electricity"] + b["losses"]["electricity"]) * rng.uniform(0.5, 1.1) \
        if thermal_elec is None else thermal_elec
    gas_power = rng.uniform(5, 15) * scale / 10
    coal_power = (elec * 1e5 * 0.1229 / 0.40 - gas_power * 1e5 * 1.33) / (1e4 * 0.7143)
    heat_chp = (final["heat"] + b["losses"]["heat"]) * 0.6
    b["thermal_power"] = {"raw_coal": -_r(coal_power), "natural_gas": -_r(gas_power),
                          "electricity": _r(elec), "heat": _r(heat_chp)}
    heat_boiler = (final["heat"] + b["losses"]["heat"]) * 0.4
    b["heating"] = {"raw_coal": -_r(heat_boiler * 1e4 * 0.03412 / 0.75 / 7143),
                    "heat": _r(heat_boiler)}
    transf = {p: _r(sum(b[t].get(p, 0.0) for t in ("thermal_power", "heating", "coal_washing",
                                                   "coking", "refining"))) for p in PRODUCTS}
    b["transformation"] = {p: v for p, v in transf.items() if v}
    # supply: what final use, losses and transformation need
    for p in PRODUCTS:
        need = final[p] + b["losses"].get(p, 0.0) - transf[p]
        prod = 0.0
        if p in ("raw_coal", "crude_oil", "natural_gas"):
            prod = need * rng.uniform(0.3, 1.4)
        if p == "electricity":
            prod = need * rng.uniform(0.05, 0.3)          # hydro, wind, solar, nuclear
        if prod:
            b["production"][p] = _r(prod)
        gap = need - prod
        extra = max(need, 1.0) * rng.uniform(0.02, 0.1)
        into, out = ("inflow", "outflow") if inter else ("imports", "exports")
        if abs(need) < 1e-9 and p in ("heat",):
            continue
        if p == "heat":
            continue                                        # heat is not traded
        b[into][p] = _r(max(gap, 0.0) + extra)
        b[out][p] = -_r(max(-gap, 0.0) + extra)
        b["stock_change"][p] = _r(rng.normal(0, 0.01) * max(need, 1.0))
        supply = sum(b[k].get(p, 0.0) for k in ("production", into, out, "stock_change"))
        b["available_supply"][p] = _r(supply)
    for p in PRODUCTS:
        b["final_consumption"][p] = final[p]
        supply = b["available_supply"].get(p, 0.0)
        diff = supply + transf[p] - b["losses"].get(p, 0.0) - final[p]
        b["statistical_difference"][p] = _r(diff)
    return b


def _national_final(prov: dict, year: int, rng: np.random.Generator) -> dict:
    """The nation's final consumption: the provinces' sum, 2-8 % lower per sector and product
    (provincial energy statistics add up to more than the national ones)."""
    out: dict[str, dict[str, float]] = {}
    for k in (*FINAL, "nonenergy_use"):
        for p in PRODUCTS:
            total = sum(prov[c][year][k].get(p, 0.0) for c in prov)
            if total:
                out.setdefault(k, {})[p] = _r(total * rng.uniform(0.92, 0.98))
    for p, v in list(out.get("nonenergy_use", {}).items()):
        out["nonenergy_use"][p] = min(v, out.get("industry", {}).get(p, 0.0))
    return out


def balance_rows(b: dict) -> list[list]:
    labels, header = _labels()
    rows = [["项目 Item", *(header[p] for p in PRODUCTS)],
            ["", *(UNITS.get(p, "万吨") for p in PRODUCTS)]]
    for k, lab in labels.items():
        rows.append([lab, *(b[k].get(p) if b[k].get(p) not in (0.0,) else None
                            for p in PRODUCTS)])
    return rows


def _write_workbook(path: Path, sheets: dict[str, list[list]], title: str) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    readme = wb.create_sheet("README")
    readme.append([title])
    readme.append(["SYNTHETIC DEMO DATA 合成示例数据 - Demoland and its provinces are fictional"])
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append([f"{name} 能源平衡表（实物量） Energy Balance Table (physical quantity) "
                   "SYNTHETIC"])
        for r in rows:
            ws.append(r)
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2026, 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _config(name: str, party: str, regions: list[dict], files: list[str]) -> dict:
    return {"name": name, "party": party, "party_code": "DLP", "synthetic": True,
            "language": "zh+en", "regions": regions, "years": [YEARS[0], YEARS[-1]],
            "base_year": YEARS[0], "gwp": "AR5GWP100",
            "tiers": {"1.A.3.b": {"CO2": 2, "*": 1}},
            "factor_set": {"default": "national_cn", "edition": "2025"},
            "provincial": {"report": True},
            "not_reported": ["ippu", "agriculture", "lulucf", "waste"],   # energy only
            "options": {"energy": {"grid_factor": {"*": "average:China"}},
                        "analysis": {"approach2": False, "compare_against": "none"}},
            "inputs": [{"file": f, "table": "energy_balance"} for f in files]}


def demo_balances() -> tuple[dict, dict]:
    """The demo's balances: {province: {year: balance}} and the nation's {year: balance}
    (seeded; the timely-accounts demo derives its proxies from them)."""
    rng = np.random.default_rng(SEED)
    prov = {code: {y: province_balance(share * 10, rng) for y in YEARS}
            for code, _, _, share in PROVINCES}
    nat = {y: province_balance(
        10.0, nrng, inter=False, final=_national_final(prov, y, nrng),
        thermal_elec=sum(prov[c][y]["thermal_power"]["electricity"] for c in prov)
        * nrng.uniform(0.96, 0.99)) for y in YEARS for nrng in [np.random.default_rng([SEED, y])]}
    return prov, nat


def write_demo_provinces(root: Path | str = Path("demo/demoland_provinces")) -> Path:
    """Write the demo folder (both projects and their balance workbooks)."""
    root = Path(root)
    prov, nat = demo_balances()
    head = "# SYNTHETIC demo (Demoland provinces, fictional). Generated by `ghgi demo-provinces`.\n"
    for code, zh, en, _ in PROVINCES:
        _write_workbook(root / "provinces" / "data" / f"balance_{code}.xlsx",
                        {f"{code} {y}": balance_rows(prov[code][y]) for y in YEARS},
                        f"{zh} {en}: energy balance tables {YEARS[0]}-{YEARS[-1]}")
    cfg = _config("demoland_provinces", "Demoland provinces (synthetic)",
                  [{"code": c, "name": f"{zh} {en}"} for c, zh, en, _ in PROVINCES],
                  [f"data/balance_{c}.xlsx" for c, *_ in PROVINCES])
    (root / "provinces" / "inventory.yml").write_text(
        head + yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    code, zh, en = NATIONAL
    _write_workbook(root / "national" / "data" / f"balance_{code}.xlsx",
                    {f"{code} {y}": balance_rows(nat[y]) for y in YEARS},
                    f"{zh} {en}: national energy balance tables {YEARS[0]}-{YEARS[-1]}")
    cfg = _config("demoland_national", "Demoland (synthetic)", [{"code": code,
                                                                "name": f"{zh} {en}"}],
                  [f"data/balance_{code}.xlsx"])
    (root / "national" / "inventory.yml").write_text(
        head + yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def _add_arguments(p) -> None:
    p.add_argument("folder", type=Path, nargs="?", default=Path("demo/demoland_provinces"))


register_command(Command("demo-provinces", "write the synthetic Demoland provinces demo "
                         "(energy balance tables, provincial and national projects)",
                         _add_arguments, lambda a: print(write_demo_provinces(a.folder))))
