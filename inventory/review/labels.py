"""Every text the review app shows, in English and Chinese, in one place.

The language comes from the run (:func:`language_of`): the manifest key ``language`` when the
project sets one, else ``options.review.language`` of ``inventory.yml`` (recorded in the
manifest's ``options``), else English. Missing Chinese strings fall back to English, so a new
label never shows a key.

    t("tab.overview", "zh")          # '概览'
    t("n_open_comments", "en", n=3)  # '3 open comments'
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "STRINGS", "NOTATION_MEANINGS", "t", "language_of", "notation_meaning"]

LANGUAGES = ("en", "zh")

# key -> (English, Chinese)
STRINGS: dict[str, tuple[str, str]] = {
    # header and identity
    "app.title": ("Inventory review", "清单审核"),
    "app.run": ("Run", "运行"),
    "app.gwp": ("GWP set", "GWP 值"),
    "app.guidelines": ("Guidelines", "指南版本"),
    "app.years": ("Years", "年份"),
    "app.created": ("Created (UTC)", "创建时间 (UTC)"),
    "app.synthetic": ("SYNTHETIC DEMO DATA \u2013 not a real inventory", "合成演示数据 \u2013 非真实清单"),
    "app.guidelines_unknown": ("not recorded by this run", "本次运行未记录"),
    "login.title": ("Sign in to comment and sign off", "登录以评论和签核"),
    "login.name": ("Name", "姓名"),
    "login.role": ("Role", "角色"),
    "login.button": ("Sign in", "登录"),
    "login.as": ("Signed in as", "当前用户"),
    "login.switch": ("Switch user", "切换用户"),
    "login.team": ("account of the review server", "审核服务器账户"),
    "login.need": ("Sign in (top of the page) to write.", "请先登录（页面顶部）再编辑。"),
    "role.reviewer": ("reviewer", "审核员"),
    "role.compiler": ("compiler", "编制人"),
    "role.approver": ("approver", "批准人"),
    # tabs
    "tab.overview": ("Overview", "概览"),
    "tab.sector": ("Sector / category", "部门 / 类别"),
    "tab.crt": ("CRT browser", "CRT 表格"),
    "tab.checks": ("Checks", "检查"),
    "tab.recalc": ("Recalculations", "重新计算"),
    "tab.kca": ("Key categories & uncertainty", "关键类别与不确定性"),
    "tab.review": ("Comments & sign-off", "评论与签核"),
    "tab.reconcile": ("National-provincial reconciliation", "国家与省级核对"),
    "tab.lulucf": ("LULUCF", "土地利用、土地利用变化和林业"),
    "lulucf.year": ("Year", "年份"),
    "lulucf.matrix": ("Land-use change matrix [kha]", "土地利用变化矩阵 [千公顷]"),
    "lulucf.pools": ("Carbon stock change per pool [kt C]", "各碳库碳储量变化 [千吨碳]"),
    "lulucf.hwp": ("HWP carbon stock at the start of the year [Mt C]",
                   "年初采伐木产品碳储量 [百万吨碳]"),
    "lulucf.none": ("This run has no LULUCF table.", "本次运行没有 LULUCF 表。"),
    "loading": ("loading\u2026", "加载中\u2026"),
    # overview
    "ov.total_with": ("National total with LULUCF", "国家总量（含 LULUCF）"),
    "ov.total_without": ("National total without LULUCF", "国家总量（不含 LULUCF）"),
    "ov.latest": ("latest year", "最新年份"),
    "ov.vs_base": ("vs base year", "较基准年"),
    "ov.vs_prev": ("vs previous year", "较上一年"),
    "ov.by_sector": ("Emissions by sector", "分部门排放"),
    "ov.top_kca": ("Top key categories (latest year, without LULUCF)",
                   "主要关键类别（最新年份，不含 LULUCF）"),
    "ov.open_comments": ("open comments", "未关闭的评论"),
    "ov.answered_comments": ("answered, awaiting the reviewer", "已答复，待审核员确认"),
    "ov.resolved_comments": ("resolved comments", "已解决的评论"),
    "ov.failed_checks": ("check findings (warnings and errors)", "检查发现（警告和错误）"),
    "ov.info_checks": ("informational findings", "提示性发现"),
    "ov.signoff": ("Sign-off", "签核"),
    "ov.no_lulucf": ("no LULUCF rows in this run", "本次运行无 LULUCF 数据"),
    # sector view
    "sec.region": ("Region", "地区"),
    "sec.year": ("Year", "年份"),
    "sec.category": ("Category", "类别"),
    "sec.gas": ("Gas", "气体"),
    "sec.all_gases": ("All gases (CO2-eq)", "所有气体（CO2 当量）"),
    "sec.compare": ("Previous submission", "上一次提交"),
    "sec.no_submission": ("none stored", "无已存档提交"),
    "sec.trend": ("Trend by gas", "分气体趋势"),
    "sec.rows": ("Emission rows", "排放记录"),
    "sec.rows_hint": ("click a row to open the input cells it came from",
                      "点击一行可查看其来源的输入单元格"),
    "sec.ief": ("Implied emission factors against the IPCC default and 95 % range",
                "隐含排放因子与 IPCC 缺省值及 95% 范围对比"),
    "sec.ief_pick": ("Factor", "因子"),
    "sec.ief_none": ("No category under this selection has an IPCC default to compare with.",
                     "此选择下没有具有 IPCC 缺省值的类别。"),
    "sec.notation": ("Notation keys", "注释符号"),
    "sec.no_rows": ("No emission rows for this selection.", "此选择下无排放记录。"),
    "sec.comment": ("Comment on this selection", "评论此选择"),
    "sec.no_rows_sector": ("no emission rows in this run", "本次运行无排放记录"),
    # CRT browser
    "crt.year": ("Year", "年份"),
    "crt.sheet": ("Sheet", "表"),
    "crt.hint": ("click a number or key to see the emission rows behind it",
                 "点击数值或注释符号以查看其背后的排放记录"),
    "crt.cell": ("Cell", "单元格"),
    "crt.rows_behind": ("Emission rows behind the cell", "单元格背后的排放记录"),
    "crt.inputs": ("Input cells of the selected emission row", "所选排放记录的输入单元格"),
    "crt.input_row": ("The input row as in the workbook", "工作簿中的输入行"),
    "crt.no_match": ("No emission rows could be matched to this cell.",
                     "未能匹配到此单元格的排放记录。"),
    "crt.comment": ("Comment on this cell", "评论此单元格"),
    "crt.none": ("This run has no CRT workbooks.", "本次运行没有 CRT 工作簿。"),
    # checks
    "chk.check": ("Check", "检查"),
    "chk.severity": ("Severity", "严重程度"),
    "chk.all": ("all", "全部"),
    "chk.summary": ("Checks with findings", "有发现的检查"),
    "chk.findings": ("Findings", "发现"),
    "chk.hint": ("click a finding to see its emission and input rows",
                 "点击一项发现以查看相关排放记录和输入行"),
    "chk.none": ("This run has no checks.csv (made before checks were recorded).",
                 "本次运行没有 checks.csv（早于检查记录功能）。"),
    "chk.rows": ("Rows of the finding", "该发现涉及的记录"),
    # recalculations
    "rc.against": ("Against submission", "对比提交"),
    "rc.none": ("No submission in the store to compare with: archive a run with "
                "<code>ghgi submit</code>.",
                "存储中没有可对比的提交：请先用 <code>ghgi submit</code> 存档一次运行。"),
    "rc.changed": ("changed category/gas/year cells", "个类别/气体/年份单元发生变化"),
    "rc.unchanged": ("No recalculations: every estimate equals the submission's.",
                     "无重新计算：所有估算值与该提交相同。"),
    "rc.keys": ("Notation-key changes", "注释符号变化"),
    "rc.reason": ("Reason for the recalculation", "重新计算原因"),
    "rc.save": ("Save reason", "保存原因"),
    "rc.only_compiler": ("Only a compiler can write reasons.", "只有编制人可以填写原因。"),
    "rc.pick": ("Category and gas", "类别和气体"),
    "rc.saved": ("Reason stored.", "原因已保存。"),
    # key categories and uncertainty
    "kca.coverage": ("LULUCF", "LULUCF"),
    "kca.without": ("without LULUCF", "不含 LULUCF"),
    "kca.with": ("with LULUCF", "含 LULUCF"),
    "kca.title": ("Key categories", "关键类别"),
    "kca.n": ("key categories", "个关键类别"),
    "kca.none": ("No key category analysis in this run folder.", "本次运行无关键类别分析。"),
    "rec.method": ("allocation method", "分配方法"),
    "rec.flagged": ("gap(s) above", "项差异超过"),
    "rec.gap_map": ("Gap map (national - provinces, % of national)", "差异图（国家 - 省级，占国家 %）"),
    "rec.findings": ("Findings", "发现的问题"),
    "rec.none": ("The reconciliation table is empty.", "核对表为空。"),
    "rec.no_findings": ("No gap above the threshold.", "没有超过阈值的差异。"),
    "unc.title": ("Uncertainty (IPCC 2006 Vol.1 Table 3.3)", "不确定性（IPCC 2006 第1卷 表3.3）"),
    "unc.none": ("No uncertainty analysis in this run folder.", "本次运行无不确定性分析。"),
    # review workflow
    "rv.comments": ("Comments", "评论"),
    "rv.status": ("Status", "状态"),
    "rv.thread": ("Thread", "讨论"),
    "rv.new": ("New comment", "新评论"),
    "rv.text": ("Comment", "评论内容"),
    "rv.post": ("Post comment", "发表评论"),
    "rv.reply": ("Reply", "回复"),
    "rv.answer": ("Answer (compiler)", "答复（编制人）"),
    "rv.new_run": ("answered in run", "已在以下运行中答复"),
    "rv.resolve": ("Resolve", "解决"),
    "rv.reopen": ("Reopen", "重新打开"),
    "rv.signoff": ("Sign-off", "签核"),
    "rv.scope": ("Scope", "范围"),
    "rv.inventory": ("whole inventory", "整个清单"),
    "rv.state": ("State", "状态"),
    "rv.to": ("Move to", "变更为"),
    "rv.apply": ("Apply", "执行"),
    "rv.note": ("Note", "备注"),
    "rv.log": ("Review log", "审核日志"),
    "rv.export_log": ("Export the review log", "导出审核日志"),
    "rv.no_comments": ("No comments yet.", "暂无评论。"),
    "rv.anchor": ("Anchor", "定位"),
    "rv.filter": ("Show", "显示"),
    "rv.all": ("all", "全部"),
    "state.draft": ("draft", "草稿"),
    "state.under_review": ("under review", "审核中"),
    "state.approved": ("approved", "已批准"),
    "status.open": ("open", "未处理"),
    "status.answered": ("answered", "已答复"),
    "status.resolved": ("resolved", "已解决"),
    # export
    "exp.excel": ("Excel", "Excel"),
    "exp.csv": ("CSV", "CSV"),
    "exp.download": ("download", "下载"),
    "exp.label": ("Export", "导出"),
    # units and column headers
    "unit.kt_co2eq": ("kt CO2-eq", "千吨 CO2 当量"),
    "col.year": ("Year", "年份"),
    "col.region": ("Region", "地区"),
    "col.sector": ("Sector", "部门"),
    "col.total": ("Total", "合计"),
}

NOTATION_MEANINGS: dict[str, tuple[str, str]] = {
    "NO": ("not occurring", "未发生"),
    "NE": ("not estimated", "未估算"),
    "NA": ("not applicable", "不适用"),
    "IE": ("included elsewhere", "已包含在其他类别中"),
    "C": ("confidential", "保密"),
}


def t(key: str, lang: str = "en", **fmt) -> str:
    """The text of ``key`` in ``lang`` (English when there is no translation); ``fmt`` fills
    ``{placeholders}``. An unknown key is returned as is, so a missing label is visible."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "zh" and pair[1] else pair[0]
    return text.format(**fmt) if fmt else text


def notation_meaning(key: str, lang: str = "en") -> str:
    pair = NOTATION_MEANINGS.get(str(key))
    if pair is None:
        return ""
    return pair[1] if lang == "zh" else pair[0]


def language_of(manifest: dict) -> str:
    """``en`` or ``zh``: the manifest's ``language`` (the project's ``language``: en, zh or
    zh+en), else ``options.review.language``."""
    lang = manifest.get("language")
    if not lang:
        review = ((manifest.get("options") or {}).get("review") or {})
        lang = review.get("language") if isinstance(review, dict) else None
    # a project in "zh+en" (report tables in both) reads the app in Chinese
    lang = str(lang or "en").lower().split("+")[0].split("-")[0].split("_")[0]
    return lang if lang in LANGUAGES else "en"
