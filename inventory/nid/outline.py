"""The outline of the National Inventory Document (NID).

Chapters follow the outline of the NID in the modalities, procedures and guidelines for the
ETF (decision 5/CMA.3, annex V "Outline of the national inventory document"): executive
summary; national circumstances, institutional arrangements and cross-cutting information;
trends; one chapter per sector (energy, IPPU, agriculture, LULUCF, waste, other) with, per
category, description, methodological issues, uncertainty and time-series consistency,
category-specific QA/QC, recalculations and planned improvements; indirect emissions;
recalculations and improvements; annexes (key categories, uncertainty, methods and data,
the CRT). Headings in English and Chinese (``language: en | zh | zh+en`` in inventory.yml).
"""

from __future__ import annotations

__all__ = ["T", "SECTOR_CHAPTERS", "CATEGORY_SECTIONS", "heading"]

# id -> (English, Chinese)
T: dict[str, tuple[str, str]] = {
    "title": ("National Inventory Document", "国家温室气体清单文件"),
    "es": ("Executive summary", "执行摘要"),
    "es.background": ("Background information on greenhouse gas inventories",
                      "温室气体清单背景信息"),
    "es.trends": ("Summary of national emission and removal trends", "国家排放和清除趋势摘要"),
    "es.overview": ("Overview of source and sink category estimates and trends",
                    "排放源和吸收汇类别估算及趋势概述"),
    "ch1": ("National circumstances, institutional arrangements and cross-cutting information",
            "国情、机构安排和跨领域信息"),
    "ch1.circumstances": ("National circumstances and institutional arrangements",
                          "国情和机构安排"),
    "ch1.preparation": ("Inventory preparation, data collection, processing and storage",
                        "清单编制、数据收集、处理和储存"),
    "ch1.methods": ("Methodologies and data sources", "方法学和数据来源"),
    "ch1.metrics": ("Metrics (GWP values used)", "度量（所用全球增温潜势）"),
    "ch1.kca": ("Key categories", "关键类别"),
    "ch1.qaqc": ("Quality assurance, quality control and verification", "质量保证、质量控制和核查"),
    "ch1.uncertainty": ("Uncertainty assessment", "不确定性评估"),
    "ch1.completeness": ("Assessment of completeness", "完整性评估"),
    "ch1.flexibility": ("Flexibility provisions applied", "所采用的灵活性条款"),
    "ch2": ("Trends in greenhouse gas emissions and removals", "温室气体排放和清除趋势"),
    "ch2.aggregate": ("Aggregate emission trends", "总排放趋势"),
    "ch2.gas": ("Emission trends by gas", "按气体的排放趋势"),
    "ch2.sector": ("Emission trends by sector", "按部门的排放趋势"),
    "overview": ("Overview of the sector", "部门概述"),
    "description": ("Category description", "类别描述"),
    "methods": ("Methodological issues (methods, activity data, emission factors)",
                "方法学问题（方法、活动数据、排放因子）"),
    "uncertainty": ("Uncertainties and time-series consistency", "不确定性和时间序列一致性"),
    "qaqc": ("Category-specific QA/QC and verification", "类别特定的质量保证/质量控制和核查"),
    "recalc": ("Category-specific recalculations", "类别特定的重新计算"),
    "improvements": ("Category-specific planned improvements", "类别特定的计划改进"),
    "ch_indirect": ("Indirect CO2 and N2O emissions", "间接二氧化碳和氧化亚氮排放"),
    "ch_recalc": ("Recalculations and improvements", "重新计算和改进"),
    "ch_recalc.explain": ("Explanations and justifications for recalculations",
                          "重新计算的说明和理由"),
    "ch_recalc.planned": ("Planned improvements", "计划改进"),
    "annexes": ("Annexes", "附件"),
    "annex.kca": ("Annex I: Key categories", "附件一：关键类别"),
    "annex.uncertainty": ("Annex II: Uncertainty assessment", "附件二：不确定性评估"),
    "annex.methods": ("Annex III: Detailed methods and data, including the reference approach",
                      "附件三：详细方法和数据，包括参考方法"),
    "annex.crt": ("Annex IV: Common reporting tables", "附件四：通用报告表"),
    "placeholder": ("To be written by the compiler", "由清单编制人员撰写"),
    "table.sector_trend": ("Emissions by sector [kt CO2 eq]", "按部门排放量 [千吨二氧化碳当量]"),
    "table.categories": ("Emissions, methods and factors by category and gas (latest year)",
                         "按类别和气体的排放量、方法和因子（最新年份）"),
    "table.activity": ("Activity data, implied emission factors (range over regions) and "
                       "factor sources by category, activity and gas",
                       "按类别、活动和气体的活动数据、隐含排放因子（各地区范围）和因子来源"),
    "chart.trend": ("Emissions by sector", "按部门排放量"),
    "chart.gas": ("Emissions by gas in the latest year", "最新年份按气体的排放量"),
}

SECTOR_CHAPTERS: tuple[tuple[str, str, str], ...] = (
    ("1", "Energy", "能源"),
    ("2", "Industrial processes and product use", "工业过程和产品使用"),
    ("3", "Agriculture", "农业"),
    ("4", "Land use, land-use change and forestry", "土地利用、土地利用变化和林业"),
    ("5", "Waste", "废弃物"),
    ("6", "Other", "其他"),
)
CATEGORY_SECTIONS = ("description", "methods", "uncertainty", "qaqc", "recalc", "improvements")


def heading(key: str, language: str) -> str:
    """The heading text of ``key`` for ``language`` (en, zh, zh+en)."""
    en, zh = T[key]
    if language == "zh":
        return zh
    if language in ("en+zh", "zh+en", "both"):
        return f"{en} / {zh}"
    return en
