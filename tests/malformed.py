"""The malformed-input suite: copies of the shared small project (two provinces, 2021-2023,
every sector; tests/conftest.py ``small_project``), each broken in one way, run through
``inventory.cli.main`` (issue 13).

A :class:`Case` edits a copy of the project (the inventory.yml text or mapping, the cells of
the workbook, extra CSV files) and says what must happen: ``error`` (exit code 2, one message
naming what is at fault and where, in ``where``) or ``accepted`` (exit code 0, with the
warning or finding the case must raise, if any). The workbook is parsed once per session
(:class:`Template`); a case that changes cells writes a new workbook from those rows
(:func:`write_book`: shared strings, Booleans, dates and formulas stored as Excel stores
them).

``klass`` names what the case covers: one of the 16 silent-wrong-result classes of the issue
(``S01``..``S16``, :data:`SILENT_CLASSES`), a former traceback (``T``), paths and processes
(``P``) or structure (``X``: renamed or missing sheets and columns, unknown ids, duplicates,
odd notation keys).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["Case", "CASES", "Template", "Formula", "SILENT_CLASSES", "build_case", "hashes"]

#: The 16 silent wrong results of issue 13 (each has at least one case here).
SILENT_CLASSES = {
    "S01": "negative or zero physical parameter (NCV, EF, carbon content must be > 0)",
    "S02": "fraction outside [0, 1]",
    "S03": "shares of one family that do not add up to 1",
    "S04": "implausible but possible parameter (10x outside the IPCC range): a finding",
    "S05": "sector sheet with only its header (the whole sector silently NE)",
    "S06": "category or fuel present last year (or in the previous submission), absent now",
    "S07": "unit in the wrong case read as another unit ('mt' = millitonne)",
    "S08": "Boolean cell read as 1",
    "S09": "date cell read as a number",
    "S10": "formula cell read as its cached value or as empty",
    "S11": "non-finite or absurd magnitude passing intake (inf, 1e400, 1e308)",
    "S12": "year column outside the inventory years dropped silently",
    "S13": "long-CSV rows outside the inventory years dropped silently",
    "S14": "YAML coercion: synthetic: 'no' read as true",
    "S15": "duplicate YAML key silently keeping the last (gwp:)",
    "S16": "formula-leading text (=HYPERLINK) written raw into CSV outputs",
}


class Formula(str):
    """A cell written as an Excel formula."""


@dataclass
class Template:
    """The small project's workbook, parsed once: {sheet: rows of cell values}."""

    sheets: dict[str, list[list]]
    config_text: str
    book: Path

    @classmethod
    def parse(cls, project: Path) -> Template:
        import openpyxl

        book = project / "data" / "small.xlsx"
        wb = openpyxl.load_workbook(book, read_only=True)
        sheets = {n: [list(r) for r in wb[n].iter_rows(values_only=True)]
                  for n in wb.sheetnames if n not in ("README", "Lists")}
        wb.close()
        return cls(sheets, (project / "inventory.yml").read_text(encoding="utf-8"), book)


class Sheets(dict):
    """Editable copy of the template's sheets with Excel-style addressing."""

    def col(self, sheet: str, header: str) -> int:
        return [str(h) for h in self[sheet][0]].index(header)

    def set(self, sheet: str, header: str, row: int, value) -> None:
        """Set the cell in column ``header`` of Excel row ``row`` (1 = header)."""
        r = self[sheet][row - 1]
        c = self.col(sheet, header)
        while len(r) <= c:
            r.append(None)
        r[c] = value

    def find(self, sheet: str, **match) -> int:
        """The Excel row of the first data row whose cells equal ``match``."""
        cols = {k: self.col(sheet, k) for k in match}
        for i, r in enumerate(self[sheet][1:], start=2):
            if all(r[c] == match[k] for k, c in cols.items()):
                return i
        raise KeyError(f"no row {match} on {sheet}")

    def rows(self, sheet: str, **match) -> list[int]:
        cols = {k: self.col(sheet, k) for k in match}
        return [i for i, r in enumerate(self[sheet][1:], start=2)
                if all(r[c] == match[k] for k, c in cols.items())]


@dataclass
class Case:
    id: str
    klass: str
    expect: str                                   # "error" | "accepted"
    pattern: str                                  # regex the message must match
    where: tuple[str, ...] = ()                   # parts the message must name
    config: Callable[[dict], None] | None = None  # edit the inventory.yml mapping
    text: Callable[[str], str | bytes] | None = None  # edit the inventory.yml text
    sheets: Callable[[Sheets], None] | None = None
    files: Callable[[Path], None] | None = None   # add or change files in the copy
    argv: tuple[str, ...] = ()
    cmd: str | None = None                        # default: compile (error), check (accepted)
    note: str = ""
    extra: dict = field(default_factory=dict)


def hashes(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _col(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _esc(t: str) -> str:
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def write_book(path: Path, sheets: dict[str, list[list]]) -> None:
    """A minimal .xlsx as Excel writes one (shared strings, one date style), much faster than
    a general writer: numbers, text, Booleans (t="b"), dates (a number in a date format) and
    formulas (<f>) are written as Excel stores them."""
    import zipfile

    strings: dict[str, int] = {}
    parts = {}
    for k, rows in enumerate(sheets.values(), start=1):
        out = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, v in (row.items() if isinstance(row, dict) else enumerate(row)):
                if v is None:
                    continue
                ref = f"{_col(c)}{r}"
                if isinstance(v, Formula):
                    cells.append(f'<c r="{ref}"><f>{_esc(str(v)[1:])}</f></c>')
                elif isinstance(v, bool):
                    cells.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
                elif isinstance(v, (dt.date, dt.datetime)):
                    serial = (dt.datetime(v.year, v.month, v.day) - dt.datetime(1899, 12, 30)).days
                    cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                elif isinstance(v, str):
                    i = strings.setdefault(v, len(strings))
                    cells.append(f'<c r="{ref}" t="s"><v>{i}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{float(v)!r}</v></c>')
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
        parts[f"xl/worksheets/sheet{k}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}>'
            f'<sheetData>{"".join(out)}</sheetData></worksheet>')
    names = list(sheets)
    sst = "".join(f'<si><t xml:space="preserve">{_esc(t)}</t></si>' for t in strings)
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} '
                                     f'count="{len(strings)}" uniqueCount="{len(strings)}">'
                                     f'{sst}</sst>')
    parts["xl/styles.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {_NS}>'
                              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" '
                              'applyNumberFormat="1"/></cellXfs></styleSheet>')
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_RNS}><sheets>'
        + "".join(f'<sheet name="{_esc(n)}" sheetId="{k}" r:id="rId{k}"/>'
                  for k, n in enumerate(names, start=1)) + "</sheets></workbook>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{k}" Type="{rel}/worksheet" '
                  f'Target="worksheets/sheet{k}.xml"/>' for k in range(1, len(names) + 1))
        + f'<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        + f'<Relationship Id="rIdT" Type="{rel}/styles" Target="styles.xml"/>'
        + "</Relationships>")
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" '
                  f'ContentType="{ct}.worksheet+xml"/>' for k in range(1, len(names) + 1))
        + f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
        + f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>')
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name in ("[Content_Types].xml", "_rels/.rels", *[p for p in parts if p[0] != "["
                                                            and p != "_rels/.rels"]):
            z.writestr(name, parts[name])


def build_case(case: Case, template: Template, root: Path) -> Path:
    """The project copy of ``case`` under ``root``; returns its folder."""
    proj = root / "proj"
    (proj / "data").mkdir(parents=True)
    text = template.config_text
    if case.config is not None:
        cfg = yaml.safe_load(text)
        case.config(cfg)
        text = yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True)
    data = case.text(text) if case.text is not None else text
    (proj / "inventory.yml").write_bytes(data if isinstance(data, bytes)
                                         else data.encode("utf-8"))
    if case.sheets is not None:
        sheets = Sheets(copy.deepcopy(template.sheets))
        case.sheets(sheets)
        write_book(proj / "data" / "small.xlsx", sheets)
    else:
        shutil.copyfile(template.book, proj / "data" / "small.xlsx")
    if case.files is not None:
        case.files(proj)
    return proj


# ------------------------------------------------------------------ editing helpers
def _set(sheet, header, row, value):
    return lambda s: s.set(sheet, header, row, value)


def _cfg(**kw):
    return lambda c: c.update(kw)


def _add_input(entry):
    return lambda c: c["inputs"].append(entry)


def _csv(name: str, text: str, encoding: str = "utf-8"):
    def files(proj: Path) -> None:
        (proj / "data" / name).write_bytes(text.encode(encoding))
    return files


def _both(*fns):
    def run(x):
        for f in fns:
            f(x)
    return run


def _drop_sheet(name):
    return lambda s: s.pop(name)


def _header_only(name):
    return lambda s: s.__setitem__(name, s[name][:1])


def _param(s: Sheets, parameter: str, header: str, value, **match) -> None:
    s.set("Parameters", header, s.find("Parameters", parameter=parameter, **match), value)


def _param_edit(parameter: str, header: str, value, **match):
    return lambda s: _param(s, parameter, header, value, **match)


def _add_year_column(year: int, value=1.0, sheet="Energy"):
    def edit(s: Sheets) -> None:
        rows = s[sheet]
        rows[0] = [*rows[0], str(year)]
        for r in rows[1:]:
            r.append(value)
    return edit


def _dup_row(sheet: str, row: int):
    return lambda s: s[sheet].append(list(s[sheet][row - 1]))


def _sparse(rows: int):
    """One cell in column XFD (16384) on each of ``rows`` rows below the Energy data: a used
    range far beyond the data (the issue's 300,000-row case in miniature; the reader stops
    at the first block of 1,000 empty rows whatever the used range)."""
    def edit(s: Sheets) -> None:
        s["Energy"].extend({16383: "x"} for _ in range(rows))
    return edit


WIDE = "file small.xlsx"
EN = "sheet 'Energy'"
PAR = "sheet 'Parameters'"
YML = "inventory.yml"


def _long_csv(rows: list[str]) -> str:
    return "region,year,category,activity,value,unit,source,note\n" + "\n".join(rows) + "\n"


_LONG_OK = ["NTH,2021,1.A.4.a,lpg,10,TJ,survey,", "NTH,2022,1.A.4.a,lpg,11,TJ,survey,",
            "NTH,2023,1.A.4.a,lpg,12,TJ,survey,"]
_WIDE_CSV = ("region,category,activity,unit,source,note,2021,2022,2023\n"
             "NTH,1.A.4.a,lpg,TJ,survey,,10,11,12\n")
_PARAMS_CSV_HEAD = ("parameter,category,activity,gas,region,year_from,year_to,value,unit,"
                    "lower,upper,distribution,source,layer,note\n")


def _activity_csv(name: str, text: str, encoding: str = "utf-8"):
    return dict(config=_add_input({"file": f"data/{name}", "table": "activity"}),
                files=_csv(name, text, encoding))


def _symlink_out(proj: Path) -> None:
    outside = proj.parent / "elsewhere.xlsx"
    shutil.copyfile(proj / "data" / "small.xlsx", outside)
    (proj / "data" / "link.xlsx").symlink_to(outside)


def _outside_abs(proj: Path) -> None:
    shutil.copyfile(proj / "data" / "small.xlsx", proj.parent / "abs.xlsx")


CASES: list[Case] = [
    # ---------------------------------------------------------------- inventory.yml
    Case("yaml_tiers_word", "T", "error", r"tier of 1\.A is 'two'", (YML, "key 'tiers'"),
         config=lambda c: c["tiers"].update({"1.A": "two"})),
    Case("yaml_tiers_list", "T", "error", r"tiers.*is not a mapping", (YML,),
         config=_cfg(tiers=[1, 2])),
    Case("yaml_tier_4", "T", "error", r"tier of 1\.A\.1\.a is 4", (YML,),
         config=lambda c: c["tiers"].update({"1.A.1.a": 4})),
    Case("yaml_tier_unknown_category", "X", "error", r"'1\.A\.9\.z' is not an IPCC 2006",
         (YML,), config=lambda c: c["tiers"].update({"1.A.9.z": 2})),
    Case("yaml_regions_strings", "T", "error", r"'NTH' is not a mapping",
         (YML, "regions item 1"), config=_cfg(regions=["NTH", "CAP"])),
    Case("yaml_region_without_code", "T", "error", r"has no 'code'", (YML, "regions item 1"),
         config=_cfg(regions=[{"name": "Northland"}])),
    Case("yaml_region_code_formula", "S16", "error", r"HYPERLINK", (YML, "code"),
         config=lambda c: c["regions"].append({"code": '=HYPERLINK("http://x","y")',
                                               "name": "x"})),
    Case("yaml_duplicate_region", "X", "error", r"region codes \['NTH'\] appear more than once",
         (YML,), config=lambda c: c["regions"].append({"code": "NTH", "name": "again"})),
    Case("yaml_input_without_file", "T", "error", r"has no 'file'", (YML, "inputs item 1"),
         config=_cfg(inputs=[{"table": "activity"}])),
    Case("yaml_empty_inputs", "T", "error", r"inputs is \[\]", (YML, "key 'inputs'"),
         config=_cfg(inputs=[])),
    Case("yaml_base_year_word", "T", "error", r"base_year is 'first', not a whole number",
         (YML,), config=_cfg(base_year="first")),
    Case("yaml_base_year_1850", "T", "error", r"base_year 1850 is outside the inventory years",
         (YML,), config=_cfg(base_year=1850)),
    Case("yaml_synthetic_quoted_no", "S14", "error", r"synthetic is 'no', not true or false",
         (YML, "key 'synthetic'"), config=_cfg(synthetic="no")),
    Case("yaml_duplicate_gwp", "S15", "error", r"key 'gwp' is given twice \(lines \d+ and \d+\)",
         (YML,), text=lambda t: t + "gwp: AR4GWP100\n"),
    Case("yaml_duplicate_nested_key", "S15", "error", r"key '1\.A' is given twice", (YML,),
         text=lambda t: t.replace("tiers:\n", "tiers:\n  1.A: 2\n", 1)),
    Case("yaml_latin1", "T", "error", r"is not UTF-8 text.*Latin-1", (YML,),
         text=lambda t: t.replace("Demoland (synthetic)", "Démoland (synthétique)")
         .encode("latin-1")),
    Case("yaml_party_5000_chars", "T", "error", r"party is .*5,000 characters.*at most 200",
         (YML, "key 'party'"), config=_cfg(party="P" * 5000)),
    Case("yaml_name_dotdot", "P", "error", r"name '\.\./\.\./\.\./x' contains a path separator",
         (YML, "key 'name'"), config=_cfg(name="../../../x")),
    Case("yaml_name_absolute", "P", "error", r"name '/some/absolute/dir' contains a path sep",
         (YML, "key 'name'"), config=_cfg(name="/some/absolute/dir")),
    Case("yaml_name_hidden", "P", "error", r"name '\.hidden' starts with '\.'", (YML,),
         config=_cfg(name=".hidden")),
    Case("yaml_unknown_key_tier", "X", "error", r"unknown key 'tier'; did you mean 'tiers'",
         (YML,), config=lambda c: c.update(tier=c.pop("tiers"))),
    Case("yaml_gwp_unknown", "T", "error", r"gwp is 'AR7GWP100'", (YML, "key 'gwp'"),
         config=_cfg(gwp="AR7GWP100")),
    Case("yaml_years_reversed", "T", "error", r"years is \[2023, 2021\]", (YML,),
         config=_cfg(years=[2023, 2021])),
    Case("yaml_years_text", "T", "error", r"years is '2021-2023', not a list", (YML,),
         config=_cfg(years="2021-2023")),
    Case("yaml_missing_party", "T", "error", r"missing key 'party'", (YML,),
         config=lambda c: c.pop("party")),
    Case("yaml_not_valid", "T", "error", r"not valid YAML", (YML, "line"),
         text=lambda t: t + "inputs: [\n"),
    Case("yaml_empty_file", "T", "error", r"is empty", (YML,), text=lambda t: ""),
    Case("yaml_a_list", "T", "error", r"holds a list, not a mapping", (YML,),
         text=lambda t: "- name: x\n"),
    Case("yaml_not_reported_unknown", "X", "error", r"not_reported: unknown sector 'energie'",
         (YML,), config=_cfg(not_reported=["energie"])),
    Case("yaml_intake_setting_unknown_value", "X", "error",
         r"years_outside_range is 'ignore'", (YML,),
         config=_cfg(intake={"years_outside_range": "ignore"})),
    Case("yaml_check_policy_bad", "T", "error", r"check policy default: 'explode'", (YML,),
         config=_cfg(checks={"default": "explode"})),
    Case("yaml_analysis_option_bad", "T", "error", r"kca_threshold is 2\.0", (YML,),
         config=lambda c: c["options"]["analysis"].update(kca_threshold=2)),
    # a misspelt options section or key would leave the default in force without a word
    Case("yaml_option_key_misspelt", "X", "error",
         r"unknown option\(s\) \['delay_month'\] of waste", (YML, "key 'options: waste'"),
         config=lambda c: c["options"].setdefault("waste", {}).update(delay_month=3)),
    Case("yaml_option_section_unknown", "X", "error", r"unknown options section 'wastes'",
         (YML, "key 'options'"), config=lambda c: c["options"].update(wastes={"msw": "bulk"})),
    Case("yaml_option_of_a_sector_without_options", "X", "error",
         r"unknown option\(s\) \['tier'\] of ippu", (YML, "key 'options: ippu'"),
         config=lambda c: c["options"].update(ippu={"tier": 2})),
    Case("yaml_waste_history_key_misspelt", "X", "error",
         r"unknown history option\(s\) \['methd'\]", (YML, "history"),
         config=lambda c: c["options"].setdefault("waste", {}).update(
             history={"methd": "population"})),
    # inventory.yml keys of the provincial extension and registered input formats (issue 16)
    Case("yaml_language_unknown", "X", "error", r"language is 'fr'", (YML, "key 'language'"),
         config=_cfg(language="fr")),
    Case("yaml_factor_set_key_misspelt", "X", "error",
         r"unknown key 'factor_set\.by_fule'; did you mean 'by_fuel'\?", (YML,),
         config=_cfg(factor_set={"by_fule": {"diesel_oil": "national_cn"}})),
    Case("yaml_factor_set_unknown_set", "X", "error", r"factor set 'china'", (YML,),
         config=_cfg(factor_set="china")),
    Case("yaml_reconcile_without_region", "X", "error", r"missing key 'reconcile\.national_region'",
         (YML,), config=_cfg(reconcile={"threshold_pct": 5})),
    Case("yaml_input_table_unknown", "X", "error", r"table 'balance' is not an input format",
         (YML, "key 'inputs item 1'", "energy_balance"),
         config=lambda c: c["inputs"][0].update(table="balance")),
    Case("yaml_input_key_of_a_format_misspelt", "X", "error",
         r"unknown key 'regoin' for table 'energy_balance'", (YML, "region, year, unit"),
         config=_add_input({"file": "data/small.xlsx", "table": "energy_balance",
                            "regoin": "NTH"})),
    Case("yaml_input_unit_of_a_format_unknown", "X", "error", r"unit is 'Mtce'",
         (YML, "region, year, unit"),
         config=_add_input({"file": "data/small.xlsx", "table": "energy_balance",
                            "unit": "Mtce"})),
    Case("yaml_tiers_per_gas", "X", "accepted", r"",
         config=lambda c: c["tiers"].update({"1.A.1.a": {"CO2": 3, "*": 1}})),
    Case("yaml_synthetic_unquoted_no", "S14", "accepted", r"", config=_cfg(synthetic=False)),
    # ---------------------------------------------------------------- paths
    Case("path_input_absolute", "P", "error", r"input file '/.*abs\.xlsx' is an absolute path",
         (YML, "key 'inputs'", "--allow-outside-inputs"),
         files=_outside_abs, extra={"abs_input": "abs.xlsx"}),
    Case("path_input_absolute_allowed", "P", "accepted", r"",
         files=_outside_abs, argv=("--allow-outside-inputs",),
         extra={"abs_input": "abs.xlsx"}),
    Case("path_input_dotdot", "P", "error", r"steps out of the project folder \('\.\.'\)",
         (YML,), config=_cfg(inputs=[{"file": "../elsewhere.xlsx"}]),
         files=lambda p: shutil.copyfile(p / "data" / "small.xlsx", p.parent / "elsewhere.xlsx")),
    Case("path_input_symlink_out", "P", "error", r"symbolic link .* leads out of the project",
         (YML,), config=_cfg(inputs=[{"file": "data/link.xlsx"}]), files=_symlink_out),
    Case("path_input_is_directory", "T", "error", r"input is a folder, not a file",
         ("data/sub",), config=_cfg(inputs=[{"file": "data/sub"}]),
         files=lambda p: (p / "data" / "sub").mkdir()),
    Case("path_input_missing", "X", "error", r"input file not found", ("data/nothere.xlsx",),
         config=_cfg(inputs=[{"file": "data/nothere.xlsx"}])),
    Case("path_run_id_dotdot", "P", "error", r"run id '\.\./escape' contains a path separator",
         ("--run-id",), argv=("--run-id", "../escape")),
    Case("path_input_old_xls", "T", "error", r"old \.xls \(Excel 97-2003\) workbook",
         ("old.xlsx",), config=_cfg(inputs=[{"file": "data/old.xlsx"}]),
         files=lambda p: (p / "data" / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)),
    Case("path_input_not_zip", "T", "error", r"not an \.xlsx workbook", ("junk.xlsx",),
         config=_cfg(inputs=[{"file": "data/junk.xlsx"}]),
         files=lambda p: (p / "data" / "junk.xlsx").write_text("region,category\n")),
    Case("path_csv_is_workbook", "T", "error", r"is an Excel workbook, not a CSV file",
         ("book.csv",), config=_add_input({"file": "data/book.csv", "table": "activity"}),
         files=lambda p: shutil.copyfile(p / "data" / "small.xlsx", p / "data" / "book.csv")),
    # ---------------------------------------------------------------- workbook structure
    Case("sheet_renamed", "X", "error", r"sheet 'Energie' is not a sheet of the template.*"
         r"did you mean 'Energy'", (WIDE, "sheet 'Energie'"),
         sheets=lambda s: s.__setitem__("Energie", s.pop("Energy"))),
    Case("sheet_unknown_extra", "X", "error", r"sheet 'Notes' is not a sheet of the template",
         (WIDE,), sheets=lambda s: s.__setitem__("Notes", [["anything"]])),
    Case("sheet_header_only", "S05", "error", r"header but no data rows.*not estimated",
         (WIDE, EN, "row 2", "not_reported: [energy]"), sheets=_header_only("Energy")),
    Case("sheet_header_only_declared", "S05", "accepted", r"",
         sheets=_both(*(_header_only(n) for n in ("Energy", "EnergyBalance", "Fugitives"))),
         config=_cfg(not_reported=["energy"])),
    Case("sheet_data_but_declared_not_reported", "S05", "error",
         r"declares energy not reported", (WIDE, EN), config=_cfg(not_reported=["energy"])),
    Case("sheet_absent_finding", "S05", "accepted", r"core\.sector_without_data",
         sheets=_drop_sheet("Waste")),
    Case("sheet_completely_empty", "X", "error", r"the sheet is empty", (WIDE, "sheet 'Waste'",
                                                                         "row 1"),
         sheets=lambda s: s.__setitem__("Waste", [])),
    Case("column_unit_renamed", "X", "error", r"column 'unit' is missing from the header row"
         r".*'units'", (WIDE, EN, "row 1"), sheets=_set("Energy", "unit", 1, "units")),
    Case("column_region_twice", "X", "error", r"column 'region' appears 2 times \(columns A, F\)",
         (WIDE, EN, "row 1"), sheets=_set("Energy", "note", 1, "region")),
    Case("column_year_missing", "X", "error", r"no column for inventory year 2022",
         (WIDE, EN, "row 1"), sheets=_set("Energy", "2022", 1, "Notes")),
    Case("column_year_twice", "X", "error", r"year 2022 has two columns \(H and J\)",
         (WIDE, EN, "row 1"), sheets=_add_year_column(2022)),
    Case("column_year_number_header", "X", "accepted", r"",
         sheets=_set("Energy", "2022", 1, 2022)),
    Case("param_column_missing_layer", "X", "error", r"column 'layer' is missing",
         (WIDE, PAR, "row 1"), sheets=_set("Parameters", "layer", 1, "level")),
    Case("param_column_renamed_value", "X", "error", r"column 'value' is missing.*'valeu'",
         (WIDE, PAR, "row 1"), sheets=_set("Parameters", "value", 1, "valeu")),
    Case("year_column_2024_warns", "S12", "accepted",
         r"year column\(s\) 2024 left out: outside the inventory years 2021-2023",
         sheets=_add_year_column(2024)),
    Case("year_column_2024_error", "S12", "error",
         r"year column\(s\) 2024 outside the inventory years 2021-2023",
         (WIDE, EN, "row 1", "column 'J (2024)'"), sheets=_add_year_column(2024),
         config=_cfg(intake={"years_outside_range": "error"})),
    Case("year_column_2020_blank_ignored", "S12", "accepted", r"",
         sheets=_add_year_column(2020, value=None)),
    Case("rows_over_cap", "P", "error", r"more than 50 data rows", (WIDE, EN, "row 52"),
         config=_cfg(intake={"max_rows": 50})),
    Case("sparse_xfd_rows", "P", "accepted", r"reading stopped after 1,000 empty rows",
         sheets=_sparse(1500)),
    # ---------------------------------------------------------------- activity cells
    Case("cell_text", "X", "error", r"text 'about 40' in a numeric cell",
         (WIDE, EN, "row 3", "column 'H (2022)'"), sheets=_set("Energy", "2022", 3, "about 40")),
    Case("cell_boolean_true", "S08", "error", r"boolean TRUE in a numeric cell",
         (WIDE, EN, "row 3", "column 'H (2022)'"), sheets=_set("Energy", "2022", 3, True)),
    Case("cell_boolean_false", "S08", "error", r"boolean FALSE in a numeric cell",
         (WIDE, EN, "row 4", "column 'G (2021)'"), sheets=_set("Energy", "2021", 4, False)),
    Case("cell_date", "S09", "error", r"date '2023-01-01T00:00:00' in a numeric cell",
         (WIDE, EN, "row 3", "column 'I (2023)'"),
         sheets=_set("Energy", "2023", 3, dt.date(2023, 1, 1))),
    Case("cell_formula", "S10", "error", r"formula '=40\+2' in a numeric cell.*paste values",
         (WIDE, EN, "row 5", "column 'H (2022)'"),
         sheets=_set("Energy", "2022", 5, Formula("=40+2"))),
    Case("cell_formula_reference", "S10", "error", r"formula '=G3\*1\.1' in a numeric cell",
         (WIDE, EN, "row 3", "column 'H (2022)'"),
         sheets=_set("Energy", "2022", 3, Formula("=G3*1.1"))),
    Case("cell_formula_in_region", "S10", "error", r"formula '=\"NTH\"' in the text column "
         r"'region'", (WIDE, EN, "row 2", "column 'A (region)'"),
         sheets=_set("Energy", "region", 2, Formula('="NTH"'))),
    Case("cell_empty", "X", "error", r"empty cell", (WIDE, EN, "row 6", "column 'I (2023)'"),
         sheets=_set("Energy", "2023", 6, None)),
    Case("cell_blank_text", "X", "error", r"empty cell", (WIDE, EN, "row 6", "I (2023)"),
         sheets=_set("Energy", "2023", 6, "   ")),
    Case("cell_inf_text", "S11", "error", r"'inf' is not a finite number",
         (WIDE, EN, "row 3", "column 'H (2022)'"), sheets=_set("Energy", "2022", 3, "inf")),
    Case("cell_minus_inf_text", "S11", "error", r"'-inf' is not a finite number",
         (WIDE, EN, "row 3", "H (2022)"), sheets=_set("Energy", "2022", 3, "-inf")),
    Case("cell_1e400_text", "S11", "error", r"'1e400' is not a finite number",
         (WIDE, EN, "row 4", "column 'G (2021)'"), sheets=_set("Energy", "2021", 4, "1e400")),
    Case("cell_1e308_number", "S11", "error", r"1e\+308 is beyond any inventory",
         (WIDE, EN, "row 4", "column 'G (2021)'"), sheets=_set("Energy", "2021", 4, 1e308)),
    Case("cell_1e16_number", "S11", "error", r"1e\+16 is beyond any inventory",
         (WIDE, EN, "row 2", "G (2021)"), sheets=_set("Energy", "2021", 2, 1e16)),
    Case("cell_huge_after_conversion", "S11", "error", r"is beyond any inventory.*once converted",
         (WIDE, EN, "row 2", "G (2021)"),
         sheets=_both(_set("Energy", "2021", 2, 1e13), _set("Energy", "unit", 2, "Mt"))),
    Case("cell_nan_text", "X", "error", r"text 'nan' in a numeric cell", (WIDE, EN, "row 3"),
         sheets=_set("Energy", "2022", 3, "nan")),
    Case("cell_negative", "X", "error", r"negative value", (WIDE, EN, "row 4", "H (2022)"),
         sheets=_set("Energy", "2022", 4, -12.0)),
    Case("cell_thousands_separator", "X", "error", r"text '1,234\.5' in a numeric cell",
         (WIDE, EN, "row 3", "G (2021)"), sheets=_set("Energy", "2021", 3, "1,234.5")),
    Case("cell_decimal_comma", "X", "error", r"text '12,5' in a numeric cell",
         (WIDE, EN, "row 3", "G (2021)"), sheets=_set("Energy", "2021", 3, "12,5")),
    Case("cell_number_as_text", "X", "accepted", r"", sheets=_set("Energy", "2021", 3, "1124.9")),
    Case("key_odd_dotted", "X", "error", r"text 'n\.e\.' in a numeric cell",
         (WIDE, EN, "row 3", "G (2021)"), sheets=_set("Energy", "2021", 3, "n.e.")),
    Case("key_combined", "X", "error", r"text 'NE,IE' in a numeric cell", (WIDE, EN, "row 3"),
         sheets=_set("Energy", "2021", 3, "NE,IE")),
    Case("key_dash", "X", "error", r"text '-' in a numeric cell", (WIDE, EN, "row 3"),
         sheets=_set("Energy", "2021", 3, "-")),
    Case("key_zero_o", "X", "error", r"text 'N0' in a numeric cell", (WIDE, EN, "row 3"),
         sheets=_set("Energy", "2021", 3, "N0")),
    Case("key_lowercase", "X", "accepted", r"", sheets=_set("Energy", "2021", 3, "ne")),
    Case("key_n_slash_a", "X", "accepted", r"", sheets=_set("Energy", "2021", 3, "N/A")),
    Case("key_padded", "X", "accepted", r"", sheets=_set("Energy", "2021", 3, " NO ")),
    Case("id_unknown_region", "X", "error", r"unknown region 'ATLANTIS'",
         (WIDE, EN, "row 9", "column 'A (region)'"),
         sheets=_set("Energy", "region", 9, "ATLANTIS")),
    Case("id_region_lowercase", "X", "error", r"unknown region 'nth'", (WIDE, EN, "row 2"),
         sheets=_set("Energy", "region", 2, "nth")),
    Case("id_empty_region", "X", "error", r"empty 'region' cell", (WIDE, EN, "row 2", "A (region)"),
         sheets=_set("Energy", "region", 2, None)),
    Case("id_unknown_category", "X", "error", r"unknown IPCC 2006 category '1\.A\.9\.z'",
         (WIDE, EN, "row 5"), sheets=_set("Energy", "category", 5, "1.A.9.z")),
    Case("id_category_of_other_sheet", "X", "error", r"category 4\.A\.1 does not belong on this",
         (WIDE, EN, "row 5"), sheets=_set("Energy", "category", 5, "4.A.1")),
    Case("id_parent_category", "X", "error", r"category 1\.A does not belong on this sheet",
         (WIDE, EN, "row 5"), sheets=_set("Energy", "category", 5, "1.A")),
    Case("id_empty_activity", "X", "error", r"empty 'activity' cell", (WIDE, EN, "row 4",
                                                                      "C (activity)"),
         sheets=_set("Energy", "activity", 4, None)),
    Case("id_numeric_activity", "X", "error", r"number 42 in the text column 'activity'",
         (WIDE, EN, "row 4", "C (activity)"), sheets=_set("Energy", "activity", 4, 42)),
    Case("duplicate_row", "X", "error", r"duplicate rows", (WIDE, EN, "row 2"),
         sheets=_dup_row("Energy", 2)),
    # ---------------------------------------------------------------- units
    Case("unit_mt_lowercase", "S07", "error", r"unit 'mt' is not accepted: unit symbols are "
         r"case-sensitive.*did you mean 'Mt'.*TJ, GJ.*kt, Mt", (WIDE, EN, "row 2", "D (unit)"),
         sheets=_set("Energy", "unit", 2, "mt")),
    Case("unit_MT_upper", "S07", "error", r"unit 'MT' is not accepted.*did you mean 'Mt'",
         (WIDE, EN, "row 2"), sheets=_set("Energy", "unit", 2, "MT")),
    Case("unit_KT_upper", "S07", "error", r"unit 'KT' is not accepted.*did you mean 'kt'",
         (WIDE, EN, "row 2"), sheets=_set("Energy", "unit", 2, "KT")),
    Case("unit_tj_lower", "S07", "error", r"unit 'tj' is not accepted.*did you mean 'TJ'",
         (WIDE, EN, "row 5"), sheets=_set("Energy", "unit", 5, "tj")),
    Case("unit_unknown", "X", "error", r"unknown unit 'bananas'", (WIDE, EN, "row 8"),
         sheets=_set("Energy", "unit", 8, "bananas")),
    Case("unit_Mt_accepted", "S07", "accepted", r"", sheets=_set("Energy", "unit", 2, "Mt")),
    Case("unit_wan_t_accepted", "S07", "accepted", r"",
         sheets=_set("Energy", "unit", 2, "10^4 t")),
    Case("unit_padded_accepted", "X", "accepted", r"", sheets=_set("Energy", "unit", 2, " kt ")),
    # ---------------------------------------------------------------- parameters
    Case("param_ncv_negative", "S01", "error",
         r"NCV -38\.9 TJ/kt is outside its physical domain.*a value > 0",
         (WIDE, PAR, "row 3", "column 'H (value)'"),
         sheets=_param_edit("NCV", "value", -38.9, region="*")),
    Case("param_ncv_zero", "S01", "error", r"NCV 0 TJ/kt is outside its physical domain",
         (WIDE, PAR, "row 4", "H (value)"),
         sheets=_param_edit("NCV", "value", 0, region="NTH")),
    Case("param_ef_negative", "S01", "error", r"EF -55800 kg/TJ is outside its physical domain",
         (WIDE, PAR, "H (value)"),
         sheets=_param_edit("EF", "value", -55800, category="1.A.1.a",
                            activity="natural_gas", gas="CO2")),
    Case("param_carbon_content_zero", "S01", "error",
         r"carbon_content 0 t/TJ is outside its physical domain", (WIDE, PAR, "row 5"),
         sheets=_param_edit("carbon_content", "value", 0)),
    Case("param_ncv_lower_negative", "S01", "error", r"NCV -1 TJ/kt is outside",
         (WIDE, PAR, "row 3", "J (lower)"),
         sheets=_param_edit("NCV", "lower", -1, region="*")),
    Case("param_oxidation_above_one", "S02", "error",
         r"oxidation 1\.2 fraction is outside its physical domain.*between 0 and 1",
         (WIDE, PAR, "row 6", "H (value)"), sheets=_param_edit("oxidation", "value", 1.2)),
    Case("param_oxidation_percent_above", "S02", "error", r"oxidation 120 % is outside",
         (WIDE, PAR, "row 6"),
         sheets=_both(_param_edit("oxidation", "value", 120),
                      _param_edit("oxidation", "unit", "%"),
                      _param_edit("oxidation", "lower", None),
                      _param_edit("oxidation", "upper", None))),
    Case("param_oxidation_percent_ok", "S02", "accepted", r"",
         sheets=_both(_param_edit("oxidation", "value", 98),
                      _param_edit("oxidation", "unit", "%"),
                      _param_edit("oxidation", "lower", 96),
                      _param_edit("oxidation", "upper", 99))),
    Case("param_msw_shares_not_one", "S03", "error",
         r"the 11 shares msw_fraction of 4.*add up to 1\.1, not 1", (WIDE, PAR, "row"),
         sheets=_param_edit("msw_fraction", "value", 0.5, activity="food")),
    Case("param_wastewater_group_not_one", "S03", "error",
         r"the 4 shares T of 4\.D\.1 rural:\*.*add up to 0\.85, not 1", (WIDE, PAR),
         sheets=_param_edit("T", "value", 0.2, activity="rural:latrine_dry_small")),
    Case("param_ncv_ten_times", "S04", "accepted", r"core\.parameter_implausible",
         sheets=_param_edit("NCV", "value", 472.0, region="*")),
    Case("param_ef_tenth", "S04", "accepted", r"core\.parameter_implausible",
         sheets=_param_edit("EF", "value", 5000, category="1.A.1.a", activity="natural_gas",
                            gas="CO2")),
    Case("param_value_text", "X", "error", r"text 'high' in a numeric cell",
         (WIDE, PAR, "row 3", "H (value)"), sheets=_param_edit("NCV", "value", "high",
                                                              region="*")),
    Case("param_value_boolean", "S08", "error", r"boolean TRUE in a numeric cell",
         (WIDE, PAR, "row 3", "H (value)"), sheets=_param_edit("NCV", "value", True, region="*")),
    Case("param_value_formula", "S10", "error", r"formula '=23\.6\*1' in a numeric cell",
         (WIDE, PAR, "row 3", "H (value)"),
         sheets=_param_edit("NCV", "value", Formula("=23.6*1"), region="*")),
    Case("param_value_date", "S09", "error", r"date '2021-01-01T00:00:00' in a numeric cell",
         (WIDE, PAR, "row 3"), sheets=_param_edit("NCV", "value", dt.date(2021, 1, 1),
                                                  region="*")),
    Case("param_value_inf", "S11", "error", r"'inf' is not a finite number",
         (WIDE, PAR, "row 3", "H (value)"), sheets=_param_edit("NCV", "value", "inf", region="*")),
    Case("param_value_1e308", "S11", "error", r"not a finite number of a sensible size",
         (WIDE, PAR, "row 3"), sheets=_param_edit("NCV", "value", 1e308, region="*")),
    Case("param_value_empty", "X", "error", r"empty value cell", (WIDE, PAR, "row 3", "H (value)"),
         sheets=_param_edit("NCV", "value", None, region="*")),
    Case("param_unit_lowercase", "S07", "error", r"unit 'tj/kt' is not accepted.*'TJ/kt'",
         (WIDE, PAR, "row 3", "I (unit)"), sheets=_param_edit("NCV", "unit", "tj/kt", region="*")),
    Case("param_unknown_layer", "X", "error", r"unknown layer", (PAR,),
         sheets=_param_edit("NCV", "layer", "regional", region="*")),
    Case("param_unknown_region", "X", "error", r"unknown region 'ATL'", (WIDE, PAR, "row 4",
                                                                        "E (region)"),
         sheets=_param_edit("NCV", "region", "ATL", region="NTH")),
    Case("param_years_reversed", "X", "error", r"year_from after year_to", (PAR,),
         sheets=_param_edit("NCV", "year_from", 2200, region="*")),
    Case("param_year_fraction", "X", "error", r"year 2021\.5 is not a whole year",
         (WIDE, PAR, "row 3", "F (year_from)"),
         sheets=_param_edit("NCV", "year_from", 2021.5, region="*")),
    Case("param_empty_source", "X", "error", r"empty 'source' cell", (WIDE, PAR, "row 3"),
         sheets=_param_edit("NCV", "source", None, region="*")),
    Case("param_duplicate_row", "X", "error", r"duplicate rows", (PAR,),
         sheets=lambda s: s["Parameters"].append(list(s["Parameters"][2]))),
    Case("param_unknown_name_finding", "X", "accepted", r"",
         sheets=_param_edit("NCV", "parameter", "NVC", region="*"),
         note="an unknown parameter name is never used: core.country_parameter_not_used "
              "reports it once the sectors ran"),
    # ---------------------------------------------------------------- CSV inputs
    Case("csv_semicolon", "T", "error", r"separated by semicolons, not commas",
         ("file extra.csv", "row 1"),
         **_activity_csv("extra.csv", _WIDE_CSV.replace(",", ";"))),
    Case("csv_tab", "T", "error", r"separated by tabs", ("file extra.csv", "row 1"),
         **_activity_csv("extra.csv", _WIDE_CSV.replace(",", "\t"))),
    Case("csv_wide_ok", "X", "accepted", r"", **_activity_csv("extra.csv", _WIDE_CSV)),
    Case("csv_long_ok", "X", "accepted", r"", **_activity_csv("extra.csv", _long_csv(_LONG_OK))),
    Case("csv_long_1990_warns", "S13", "accepted",
         r"rows for year\(s\) 1990 left out: outside the inventory years",
         **_activity_csv("extra.csv", _long_csv([*_LONG_OK, "NTH,1990,1.A.4.a,lpg,9,TJ,old,"]))),
    Case("csv_long_1990_error", "S13", "error", r"rows for year\(s\) 1990 outside the inventory",
         ("file extra.csv", "row 5", "column 'year'"),
         config=_both(_add_input({"file": "data/extra.csv", "table": "activity"}),
                      _cfg(intake={"years_outside_range": "error"})),
         files=_csv("extra.csv", _long_csv([*_LONG_OK, "NTH,1990,1.A.4.a,lpg,9,TJ,old,"]))),
    Case("csv_long_year_dropped", "S06", "accepted", r"core\.series_dropped",
         **_activity_csv("extra.csv", _long_csv(_LONG_OK[:2]))),
    Case("csv_long_year_text", "X", "error", r"year 'twenty' is not a year",
         ("file extra.csv", "row 2", "column 'year'"),
         **_activity_csv("extra.csv", _long_csv(["NTH,twenty,1.A.4.a,lpg,10,TJ,s,"]))),
    Case("csv_long_inf", "S11", "error", r"'inf' is not a finite number",
         ("file extra.csv", "row 3", "column 'value'"),
         **_activity_csv("extra.csv", _long_csv([_LONG_OK[0], "NTH,2022,1.A.4.a,lpg,inf,TJ,s,"]))),
    Case("csv_long_unit_mt", "S07", "error", r"unit 'mt' is not accepted",
         ("file extra.csv", "row 2", "column 'unit'"),
         **_activity_csv("extra.csv", _long_csv(["NTH,2021,1.A.4.a,lpg,10,mt,s,"]))),
    Case("csv_latin1", "T", "error", r"is not UTF-8 text", ("extra.csv",),
         **_activity_csv("extra.csv", _WIDE_CSV.replace("survey", "enquête"), "latin-1")),
    Case("csv_header_only", "S05", "error", r"header but no data rows", ("file extra.csv",
                                                                        "row 2"),
         **_activity_csv("extra.csv", _WIDE_CSV.splitlines()[0] + "\n")),
    Case("csv_empty_file", "X", "error", r"the file is empty", ("file extra.csv", "row 1"),
         **_activity_csv("extra.csv", "")),
    Case("csv_long_missing_unit", "X", "error", r"column 'unit' is missing from the header",
         ("file extra.csv", "row 1"),
         **_activity_csv("extra.csv", "region,year,category,activity,value\nNTH,2021,1.A.4.a,"
                                      "lpg,10\n")),
    Case("csv_params_ncv_negative", "S01", "error", r"NCV -38\.9 TJ/kt is outside its physical",
         ("file params.csv", "row 2", "column 'value'"),
         config=_add_input({"file": "data/params.csv", "table": "parameters"}),
         files=_csv("params.csv", _PARAMS_CSV_HEAD + "NCV,*,natural_gas_liquids,-,*,1900,2100,"
                    "-38.9,TJ/kt,,,,survey,national,\n")),
    Case("csv_params_semicolon", "T", "error", r"separated by semicolons",
         ("file params.csv",),
         config=_add_input({"file": "data/params.csv", "table": "parameters"}),
         files=_csv("params.csv", _PARAMS_CSV_HEAD.replace(",", ";"))),
    Case("csv_workbook_with_table", "X", "error", r"an Excel workbook listed with table",
         (YML,), config=_cfg(inputs=[{"file": "data/small.xlsx", "table": "activity"}])),
]
