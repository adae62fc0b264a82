"""The review workbench without a browser (fast tier, on the shared small run):

* loaders of every view against the run's own files (numbers shown = numbers written);
* the CRT browser: a cell's emission rows add up to the cell, and lead to the input cells;
* the review log: comments, threads, status, sign-off rules, reasons, the audit trail, and
  the database refusing UPDATE and DELETE of history;
* export to Excel and CSV; accounts; the views built and driven in Python.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3

import numpy as np
import openpyxl
import pandas as pd
import pytest

from inventory import review as rv
from inventory.review import analyses as an
from inventory.review import crtview as cv
from inventory.review import export as ex
from inventory.review import overview as ov
from inventory.review import provenance as pv
from inventory.review import submissions as subs
from inventory.review.charts import Band, Series, line_chart, nice_ticks
from inventory.review.fmt import Col, fmt_number, fmt_value, html_table
from inventory.review.labels import STRINGS, language_of, t
from inventory.review.workflow import ReviewLog, ReviewRefused


@pytest.fixture(scope="module")
def run(small_run):
    return rv.load_run(small_run)


# ------------------------------------------------------------------ formats, charts, labels
def test_numbers_for_humans():
    assert fmt_number(544878.4972, 2) == "544,878.50"
    assert fmt_number(0.0004, 3) == "< 0.001" and fmt_number(-0.0004, 3) == "> -0.001"
    assert fmt_number(-0.0, 2) == "0.00"
    assert fmt_value(0.2286, "share") == "22.9 %"
    assert fmt_value(7.25, "pct") == "7.2 %" or fmt_value(7.25, "pct") == "7.3 %"
    assert fmt_value(1234.5678, "kt_co2eq") == "1,234.57"
    assert fmt_value(56100.0, "num", "kg/TJ") == "56,100.0"
    assert fmt_value(2015, "year") == "2015" and fmt_value(None, "kt") == ""
    assert fmt_value("NE", "kt") == "NE"
    df = pd.DataFrame({"x": [82196.31, np.nan], "k": ["<b>", "NO"]})
    out = html_table(df, [Col("x", "Emissions", "kt CO2-eq", "kt_co2eq"), Col("k", "Key")],
                     row_ids=True, row_key="k")
    assert "Emissions [kt CO2-eq]" in out and "82,196.31" in out and "8.22e+04" not in out
    assert "&lt;b&gt;" in out and 'data-row="1"' in out and 'data-key="NO"' in out


def test_svg_chart_holds_its_numbers():
    svg = line_chart([2020, 2021, 2022], [Series("CO2", [1.0, None, 3.0]),
                                          Series("4 LULUCF", [-2.0, -2.0, -1.0], kind="area"),
                                          Series("3", [5.0, 6.0, 7.0], kind="area")],
                     unit="kt CO2-eq", band=Band("range", [0, 0, 0], [9, 9, 9]), highlight=2021)
    assert svg.count('class="series') == 3 and "data-values=\"[1.0, null, 3.0]\"" in svg
    assert "<title>CO2 2022: 3.000 kt CO2-eq</title>" in svg
    ticks = nice_ticks(-2.0, 9.0)
    assert ticks[0] <= -2.0 and ticks[-1] >= 9.0
    assert "no data" in line_chart([], [])


def test_labels_in_one_place():
    assert t("tab.overview", "zh") == "概览" and t("tab.overview") == "Overview"
    assert t("no.such.key", "zh") == "no.such.key"
    assert all(len(v) == 2 and v[0] for v in STRINGS.values())
    assert language_of({"language": "zh-CN"}) == "zh"
    assert language_of({"language": "zh+en"}) == "zh"
    assert language_of({"options": {"review": {"language": "zh"}}}) == "zh"
    assert language_of({"language": "fr"}) == "en" and language_of({}) == "en"


# ------------------------------------------------------------------ loaders
def test_the_run_writes_the_review_files(run, small_run):
    tree = pd.read_csv(small_run / "review" / "crt_tree.csv", dtype=str)
    assert {"TOTAL", "1", "4", "5"} <= set(tree["code"])  # LULUCF is in the tree
    regions = pd.read_csv(small_run / "review" / "regions.csv")
    assert dict(zip(regions["code"], regions["name"], strict=True))["NTH"] == "Northland"
    cats = pd.read_csv(small_run / "review" / "categories.csv", dtype=str)
    em = pd.read_parquet(small_run / "emissions.parquet")
    assert set(cats["category"]) == set(em["category"])
    assert run.region_label("NTH") == "Northland (NTH)"
    m = json.loads((small_run / "manifest.json").read_text())
    assert run.guidelines == m["guidelines"] and run.language == m["language"] == "en"
    assert run.guidelines_label.startswith("2006 IPCC Guidelines")


def test_sector_loaders(run, small_run, monkeypatch):
    monkeypatch.delenv(rv.ENV_RUN_DIR, raising=False)
    m = json.loads((small_run / "manifest.json").read_text())
    assert [c for _, c in rv.region_options(run)] == ["DML", *m["regions"]]
    assert "Northland" in dict((c, lab) for lab, c in rv.region_options(run))["NTH"]
    assert rv.year_options(run) == list(range(m["years"][0], m["years"][1] + 1))
    cats = dict((c, label) for label, c in rv.category_options(run))
    assert list(cats)[0] == "TOTAL" and "Public electricity" in cats["1.A.1.a"]
    assert "IPCC 1.A.3.a.ii" in cats["1.A.3.a"]
    # every CRT sector is listed; one without rows says so (the small project has LULUCF now)
    assert "4" in cats and "no emission rows" not in cats["4"]
    assert "6" in cats and "no emission rows" in cats["6"]
    # trend = the run's crt_aggregates.csv rows, unchanged; all gases = national total
    agg = pd.read_csv(small_run / "crt_aggregates.csv", dtype={"crt": str})
    t1 = rv.trend(run, "DML", "1.A.1", "CO2")
    want = agg[(agg["region"] == "DML") & (agg["crt"] == "1.A.1") & (agg["gas"] == "CO2")]
    assert t1["value_co2eq"].tolist() == pytest.approx(want.sort_values("year")["value_co2eq"])
    totals = pd.read_csv(small_run / "national_totals.csv")
    every = rv.trend(run, "DML", "TOTAL", rv.ALL_GASES)
    assert every["value_co2eq"].tolist() == pytest.approx(
        totals.sort_values("year")["total_with_lulucf"].tolist())
    by_gas = rv.trend_by_gas(run.aggregates, "DML", "TOTAL")
    assert by_gas.sum(axis=1).tolist() == pytest.approx(every["value_co2eq"].tolist())
    # the year's rows: provenance columns, the subtree's rows of every region
    rows = rv.year_rows(run, "DML", "1.A.1", "CO2", 2022)
    em = pd.read_parquet(small_run / "emissions.parquet")
    sel = em[(em["year"] == 2022) & (em["gas"] == "CO2")
             & em["crt_category"].str.startswith("1.A.1.")]
    assert len(rows) == len(sel) > 0
    assert {"tier", "factor_layer", "factor_source", "equation", "activity_ids"} <= set(rows)
    assert rows["value"].sum() == pytest.approx(sel["value"].sum())
    assert set(rv.year_rows(run, "NTH", "1.A.1", "CO2", 2022)["region"]) == {"NTH"}
    # implied factors: every factor with an IPCC default, never an empty chart
    choices = rv.ief_choices(run, "TOTAL")
    assert len(choices) > 0 and choices["ipcc_default"].notna().all()
    one = choices.iloc[0]
    s = rv.ief_series(run, one["category"], one["activity"], one["gas"])
    assert len(s) == len(rv.year_options(run)) and s["out_of_range"].dtype == bool
    assert (s["ipcc_lower"] <= s["ipcc_upper"]).all()
    assert rv.ief_choices(run, "5.A", "CO2").empty or \
        rv.ief_choices(run, "5.A", "CO2")["gas"].eq("CO2").all()
    # notation keys with their meaning and the compiler's explanation (completeness.csv)
    keys = rv.notation_rows(run, "DML", "TOTAL", rv.ALL_GASES)
    assert {"NO", "NE", "IE"} <= set(keys["notation_key"])
    ne = keys[keys["notation_key"] == "NE"]
    assert (ne["meaning"] == "not estimated").all() and (ne["explanation"] != "").any()
    assert rv.year_ranges([2005, 2006, 2007, 2010]) == "2005\u20132007, 2010"
    # the environment variable wins over the parameter; a missing folder is named
    monkeypatch.setenv(rv.ENV_RUN_DIR, str(small_run))
    assert rv.load_run("does/not/exist").run_dir == small_run
    monkeypatch.delenv(rv.ENV_RUN_DIR)
    with pytest.raises(FileNotFoundError, match="not a complete run folder"):
        rv.load_run(small_run / "nope")


def test_overview_loaders(run, small_run):
    totals = pd.read_csv(small_run / "national_totals.csv")
    t = ov.totals(run)
    assert t["total_without_lulucf"].tolist() == pytest.approx(
        totals.sort_values("year")["total_without_lulucf"].tolist())
    sectors = ov.sector_series(run)
    assert list(sectors.columns) == [c for c in ("1", "2", "3", "4", "5") if c in sectors]
    assert sectors.sum(axis=1).tolist() == pytest.approx(t["total_with_lulucf"].tolist())
    ch = ov.changes(run)
    first, last = t.iloc[0], t.iloc[-1]
    assert ch.latest == pytest.approx(last["total_without_lulucf"])
    assert ch.vs_base_pct == pytest.approx(
        (last["total_without_lulucf"] / first["total_without_lulucf"] - 1) * 100)
    top = ov.top_key_categories(run, 5)
    assert 0 < len(top) <= 5 and top["level"].between(0, 1).all()
    checks = pd.read_csv(small_run / "checks.csv")
    assert sum(ov.check_counts(run).values()) == len(checks)


def test_checks_kca_uncertainty(run, small_run):
    summary = an.check_summary(run)
    findings = pd.read_csv(small_run / "checks.csv", dtype=str)
    assert summary["findings"].sum() == len(findings)
    one = summary["check"].iloc[0]
    rows = an.check_findings(run, one)
    assert len(rows) == int(summary.set_index("check").loc[one, "findings"])
    assert set(rows.columns) == set(an.CHECK_COLUMNS)
    sev = summary["severity"].iloc[0]
    assert (an.check_findings(run, severity=sev)["severity"] == sev).all()
    f = rows.iloc[0]
    assert len(an.check_findings(run, text=str(f["category"]))) >= 1
    linked = an.finding_rows(run, f)
    if isinstance(f["category"], str) and isinstance(f["gas"], str) and f["gas"]:
        assert len(linked["emissions"]) > 0
        assert (linked["emissions"]["category"] == f["category"]).all()
    params = an.check_findings(run, "core.country_parameter_not_used")
    if len(params):  # a finding on a parameter leads to the parameter row of its cell
        got = an.finding_rows(run, params.iloc[0])["parameters"]
        assert len(got) == 1 and got["source_ref"].iloc[0] == params["source_ref"].iloc[0]
    k = an.key_categories(run, "excluding")
    assert k["latest_estimate"].abs().is_monotonic_decreasing
    u = an.uncertainty_table(run, "excluding")
    assert u["kca_label"].iloc[-1] == "Total"


def test_crt_browser_cells_lead_to_rows_and_inputs(run, small_run):
    books = cv.crt_workbooks(run)
    year = max(books)
    names = cv.crt_sheet_names(run, year)
    assert "Summary1" in names and "Table1.A(a)s1" in names
    s = cv.crt_sheet(run, year, "Summary1")
    html = cv.sheet_html(s, commented={cv.cell_ref(s.data_start, 1)})
    assert 'data-cell="' in html and "commented" in html
    # national CO2 of the total: the rows behind add up to the cell
    a = cv.cell_anchor(run, s, s.data_start, 1)
    assert a.crt == "TOTAL" and a.gases == ("CO2",) and a.measure == "emissions"
    rows = cv.cell_rows(run, a)
    kt, _ = cv.rows_total(rows)
    assert kt == pytest.approx(float(s.rows[s.data_start][1]), rel=1e-9)
    # a fuel-group sub-row of Table1.A(a)s1
    t1 = cv.crt_sheet(run, year, "Table1.A(a)s1")
    k = next(i for i in range(t1.data_start, len(t1.rows)) if t1.rows[i][0] == "Liquid fuels")
    col = next(c for c in range(1, t1.ncols) if t1.header(c)[0] == "EMISSIONS"
               and t1.header(c)[1] == "CO2")
    a = cv.cell_anchor(run, t1, k, col)
    assert a.fuel_group == "liquid" and a.crt == "1.A"
    rows = cv.cell_rows(run, a)
    assert (rows["fuel_group"] == "liquid").all()
    assert cv.rows_total(rows)[0] == pytest.approx(float(t1.rows[k][col]), rel=1e-9)
    # the input cells of a row, and the input row itself (one column per year)
    row = rows[rows["activity_ids"].astype(str) != ""].iloc[0]
    cells = pv.input_cells(run, row["activity_ids"])
    assert len(cells) >= 1 and cells["source_ref"].str.startswith("file ").all()
    wide = pv.input_row(run, cells["activity_id"].iloc[0])
    assert len(wide) == 1 and str(year) in wide.columns
    inp = pd.read_parquet(small_run / "stage" / "input_activity.parquet")
    hit = inp[inp["activity_id"] == cells["activity_id"].iloc[0]].iloc[0]
    assert wide[str(int(hit["year"]))].iloc[0] == pytest.approx(hit["value"])
    assert len(pv.parameter_rows(run, row["parameter_ids"])) >= 0


def test_crt_emission_cells_add_up_to_their_rows(run):
    """Every emission cell (kt, kt CO2-eq) the browser anchors without a caveat leads to rows
    that add up to it: Summary1, Table1 ... Table5 of the latest year, 95 % at least (sub-rows
    below the level the run maps rows to say so instead). The fast tier checks the two
    sheets that reach every sector (Summary1, Table1); CI checks all of them."""
    import math

    from tests.tiers import FULL

    year = max(cv.crt_workbooks(run))
    n = equal = 0
    sheets = ("Summary1", "Table1", "Table1.A(a)s1", "Table1.A(a)s2", "Table1.A(a)s3",
              "Table1.A(a)s4", "Table1.D", "Table2(I)", "Table3", "Table3.A", "Table5")
    for name in sheets if FULL else sheets[:2]:
        if name not in cv.crt_sheet_names(run, year):
            continue
        s = cv.crt_sheet(run, year, name)
        for k in range(s.data_start, len(s.rows)):
            for c in range(1, s.ncols):
                v = s.rows[k][c]
                if not isinstance(v, (int, float)) or not s.codes[k]:
                    continue
                a = cv.cell_anchor(run, s, k, c)
                unit = a.unit.lower()
                if a.measure != "emissions" or a.note or not (unit == "(kt)" or "co2 eq" in
                                                              unit):
                    continue
                kt, eq = cv.rows_total(cv.cell_rows(run, a), bool(a.code) and
                                       run.is_memo_code(a.code))
                got = eq if "co2 eq" in unit else kt
                n += 1
                equal += got == got and math.isclose(got, float(v), rel_tol=1e-6, abs_tol=1e-9)
    assert n > 100 and equal / n >= 0.95, f"{equal} of {n} cells add up"


def test_recalculations_against_any_stored_submission(run, small_run, tmp_path):
    from inventory.store import SubmissionStore

    url = str(tmp_path / "store.sqlite")
    sid = SubmissionStore(url).submit(small_run, label="first")
    assert subs.submissions(url, run.party_code)["id"].tolist() == [sid]
    assert subs.submissions(url, run.party_code, exclude_run=run.run_id).empty
    same = subs.recalculations(run, url, sid)
    assert same is not None and same.empty  # the run against itself
    # a recalculated copy of the run: one CO2 value and one notation key changed
    copy = tmp_path / "run2"
    shutil.copytree(small_run, copy)
    tr = pd.read_csv(copy / "trends.csv", dtype={"node": str}, keep_default_na=False,
                     na_values=[""])
    i = tr.index[(tr["node"] == "1.A.1") & (tr["gas_group"] == "CO2")][0]
    tr.loc[i, "value_co2eq"] *= 1.1
    tr.to_csv(copy / "trends.csv", index=False)
    run2 = rv.load_run(copy)
    log = ReviewLog(url)
    log.set_reason(run2.run_id, sid, "1.A.1", "CO2", "new NCV of coal", "Li", "compiler")
    r = subs.recalculations(run2, url, sid, log.reasons(run2.run_id, sid))
    got = r[(r["node"] == "1.A.1") & (r["gas_group"] == "CO2")]
    assert len(got) >= 1 and (got["change"] == "recalculated").all()
    assert got["difference_pct"].iloc[0] == pytest.approx(10.0)
    assert (got["reason"] == "new NCV of coal").all()
    # the reason is also the store's current reason (ghgi compare reads it)
    assert SubmissionStore(url).reasons(sid)["reason"].tolist() == ["new NCV of coal"]


# ------------------------------------------------------------------ the review log
def test_review_workflow_rules_and_audit(tmp_path):
    log = ReviewLog(tmp_path / "s.sqlite")
    tid = log.post_comment("Ana", "reviewer", "CH4 IEF of dairy cattle looks high",
                           run_id="r1", year=2023, region="DML", crt_category="3.A.1",
                           gas="CH4", crt_sheet="Table3.A", crt_cell="K13")
    assert log.status(tid) == "open"
    with pytest.raises(ReviewRefused, match="reviewer may not answer"):
        log.reply(tid, "Ana", "reviewer", "answer myself", answer=True)
    # sign-off: draft -> under review -> approved, refused while the thread is not resolved
    with pytest.raises(ReviewRefused, match="cannot move to approved"):
        log.transition("r1", "3", "approved", "Mei", "approver")
    log.transition("r1", "3", "under_review", "Li", "compiler")
    with pytest.raises(ReviewRefused, match="compiler may not"):
        log.transition("r1", "3", "approved", "Li", "compiler")
    with pytest.raises(ReviewRefused, match="not resolved"):
        log.transition("r1", "3", "approved", "Mei", "approver")
    log.reply(tid, "Li", "compiler", "Ym corrected", answer=True, new_run_id="r2")
    assert log.status(tid) == "answered"
    with pytest.raises(ReviewRefused, match="not resolved"):  # answered still blocks
        log.transition("r1", "3", "approved", "Mei", "approver")
    log.transition("r1", "3", "approved", "Mei", "approver", block_on="open")  # the setting
    log.transition("r1", "3", "under_review", "Mei", "approver", note="reopened")
    log.set_status(tid, "resolved", "Ana", "reviewer")
    log.transition("r1", "3", "approved", "Mei", "approver")
    assert log.state("r1", "3") == "approved"
    assert log.comment_counts("r1") == {"open": 0, "answered": 0, "resolved": 1}
    assert log.threads("r2")["thread"].tolist() == [tid]  # answered in the new run
    # the inventory waits for every sector
    log.transition("r1", "inventory", "under_review", "Li", "compiler")
    with pytest.raises(ReviewRefused, match="sectors 1 are not approved"):
        log.transition("r1", "inventory", "approved", "Mei", "approver", sectors=["1", "3"])
    # comments elsewhere do not block sector 3
    other = log.post_comment("Ana", "reviewer", "waste", run_id="r1", crt_category="5.A")
    assert len(log.blockers("r1", "3")) == 0 and len(log.blockers("r1", "5")) == 1
    assert len(log.blockers("r1", "inventory")) == 1
    assert log.thread(tid)["kind"].tolist() == ["comment", "answer"]
    # the audit trail has every step, written by the database itself
    audit = log.audit()
    assert audit["action"].tolist().count("sign-off approved") == 2
    assert {"comment", "answer", "status answered", "status resolved"} <= set(audit["action"])
    assert json.loads(audit.iloc[0]["details"])["crt_cell"] == "K13"
    assert other in set(log.threads("r1")["thread"])


def test_the_database_refuses_to_rewrite_history(tmp_path):
    path = tmp_path / "s.sqlite"
    log = ReviewLog(path)
    tid = log.post_comment("Ana", "reviewer", "first", run_id="r1")
    log.transition("r1", "1", "under_review", "Li", "compiler")
    log.set_reason("r1", 1, "1.A", "CO2", "why", "Li", "compiler")
    con = sqlite3.connect(path)
    for sql in ("UPDATE review_comments SET body = 'rewritten'",
                "DELETE FROM review_comments", "UPDATE review_status SET status = 'resolved'",
                "DELETE FROM review_status", "UPDATE review_signoffs SET state = 'approved'",
                "DELETE FROM review_signoffs", "UPDATE review_reasons SET reason = ''",
                "DELETE FROM review_reasons", "UPDATE review_audit SET actor = 'nobody'",
                "DELETE FROM review_audit"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(sql)
    con.close()
    assert log.thread(tid)["body"].tolist() == ["first"]
    # a second ReviewLog on the same file keeps the rules (triggers live in the file)
    assert ReviewLog(path).state("r1", "1") == "under_review"


def test_export_of_the_review_log_and_tables(tmp_path):
    log = ReviewLog(tmp_path / "s.sqlite")
    tid = log.post_comment("李明", "reviewer", "=HYPERLINK(\"x\") 数值偏高", run_id="r1",
                           crt_category="1.A")
    log.reply(tid, "Li", "compiler", "fixed", answer=True)
    frames = log.export_frames("r1")
    data = ex.to_xlsx_bytes(frames, "Review log", {"run": "r1"})
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert {"About", "threads", "comments", "status", "signoffs", "reasons", "audit"} <= set(
        wb.sheetnames)
    bodies = [c.value for c in wb["comments"]["G"]]
    assert "=HYPERLINK(\"x\") 数值偏高" in bodies  # text stays text, Chinese kept
    assert wb["comments"]["G2"].data_type == "s"
    csv = ex.to_csv_bytes(ex.review_log_csv(frames)).decode("utf-8-sig")
    assert "数值偏高" in csv and "answer" in csv
    assert "'=HYPERLINK" in csv  # a spreadsheet opening the CSV does not run the comment
    link = ex.download_link(b"abc", "a b.csv", ex.CSV_MIME, "download")
    assert 'download="a_b.csv"' in link and "base64,YWJj" in link


def test_accounts_and_tokens(tmp_path):
    from jupyter_server.auth.security import passwd_check

    from inventory.review.accounts import add_account, load_accounts, remove_account, token_hash

    path = tmp_path / "acc.yml"
    token = add_account(path, "ana", "Ana Silva", "reviewer", "s3cret")
    acc = load_accounts(path)["ana"]
    assert acc.role == "reviewer" and acc["token_sha256"] == token_hash(token)
    assert token not in path.read_text() and "s3cret" not in path.read_text()
    assert passwd_check(acc["password"], "s3cret") and not passwd_check(acc["password"], "x")
    assert (path.stat().st_mode & 0o077) == 0
    add_account(path, "li", "李明", "compiler")
    assert set(load_accounts(path)) == {"ana", "li"}
    assert remove_account(path, "ana") and set(load_accounts(path)) == {"li"}
    from inventory.errors import InputError

    with pytest.raises(InputError):
        add_account(path, "x", "", "admin")


# ------------------------------------------------------------------ the views, driven in Python
def test_views_build_and_follow_selections(small_run, tmp_path):
    from inventory.review.views.app import TABS, ReviewApp, open_session

    s = open_session(rv.load_run(small_run), str(tmp_path / "store.sqlite"))
    app = ReviewApp(s)
    for k in range(len(TABS)):
        app.open_tab(k)
    for key, view in app.views.items():
        assert view is not None, f"view {key} failed to build"
    assert "ghgi-count-open" in app.views["overview"].counts.value
    sector = app.views["sector"]
    sector.category.value = "1.A.1"
    assert "1.A.1" in sector.trend.value and 'class="series' in sector.trend.value
    sector.rows.clicked = {"row": 0, "n": 1}
    assert "input row" in sector.prov.row.value.lower()
    crt = app.views["crt"]
    crt.sheet.value = "Summary1"
    crt.table.clicked = {"cell": f"{crt._sheet.data_start},1", "n": 1}
    assert "emission rows" in crt.cell_info.value and len(crt._rows) > 0
    # nobody signed in: no comment; then a reviewer comments on the cell
    crt.comment_text.value = "check the coal NCV"
    crt._comment(None)
    assert "Sign in" in crt.comment_msg.value
    app.start({"username": "ana", "name": "Ana", "role": "reviewer"})
    crt.comment_text.value = "check the coal NCV"
    crt._comment(None)
    threads = s.log.threads(s.run.run_id)
    assert len(threads) == 1 and threads["crt_sheet"].iloc[0] == "Summary1"
    assert '<b>1</b>' in app.views["overview"].counts.value.replace(
        'class="v ghgi-count-open">1<', "<b>1</b>")
    review = app.views["review"]
    assert "check the coal NCV" in review.threads.html


def test_reconciliation_tab_only_when_the_run_has_one(small_run, tmp_path):
    """``ghgi reconcile`` output in <run>/reconciliation/ adds a tab with the gap map and the
    findings (issue 16's loader); a run without one keeps the seven tabs (and LULUCF's)."""
    import shutil

    from inventory.review.views.app import TABS, ReviewApp, open_session
    from provincial.reconcile import run_reconciliation

    s = open_session(rv.load_run(small_run), str(tmp_path / "store.sqlite"))
    assert [k for k, _, _ in ReviewApp(s).tab_list] == [k for k, _, _ in TABS] + ["lulucf"]
    run = tmp_path / "run"
    shutil.copytree(small_run, run)
    prov = tmp_path / "prov"
    prov.mkdir()
    em = pd.read_parquet(small_run / "emissions.parquet")
    half = em["category"].astype(str).str.startswith("1.A.1")
    em.loc[half, ["value", "value_co2eq"]] *= 0.5
    em.to_parquet(prov / "emissions.parquet")
    run_reconciliation(run, [prov], run / "reconciliation", method="pro_rata")
    s = open_session(rv.load_run(run), str(tmp_path / "store.sqlite"))
    app = ReviewApp(s)
    assert app.tab_list[-1][0] == "reconcile"
    app.open_tab(len(app.tab_list) - 1)
    view = app.views["reconcile"]
    text = "".join(getattr(w, "value", "") for w in view.widget.children
                   if isinstance(getattr(w, "value", None), str))
    assert "pro_rata" in text
    gaps = view.gaps.set_index("item")
    assert (gaps.abs() > 1).any().any()  # the halved 1.A.1 rows show as a gap in %
    assert len(view.findings) > 0
    assert "provincial.reconciliation_gap" in view.findings_html.value
