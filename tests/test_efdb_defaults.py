"""Every shipped IPCC default is checked against the IPCC Emission Factor Database (EFDB) row it
cites.

The reference is the EFDB export in ``<repo>/../shared/reference/efdb_ipcc_defaults.csv.gz``
(or ``$GHGI_REFERENCE_DIR``; see that folder's README). The product never reads it: only this
test does, and it is skipped with the reason when the file is absent.

Columns of a default table read here (docs/default_factors.md explains them to users):

* ``efdb_id``: space-separated tokens ``[role=]<EF ID>[[label]][*scale]``

  - ``role``: ``value`` (default), ``lower`` or ``upper``: which shipped number the EFDB row
    gives. A ``value`` row printed as a point must equal ``value``; printed as a range
    ``low-high`` it must equal the shipped ``lower``/``upper`` where they are shipped, and the
    shipped value must lie inside it; printed as ``v (low - high)`` both.
  - ``label``: a named part of a composite EFDB value (``n = 15 years; FYL = 7; AL = 0.5``:
    ``[FYL]``; spaces in the label written as ``_``); ``{label}`` instead takes the number
    after ``label:`` in the row's *Parameters / Conditions* (``{Live_weight}``: the live
    weight the 2019 Refinement prints beside each N excretion and VS rate).
  - ``scale``: factor from the EFDB unit to the shipped unit (``*0.01`` for % to a fraction).

  Equal means: equal to the EFDB text within half a unit of its last printed digit.
* ``efdb_disagrees``: the shipped value knowingly differs from the cited row (an EFDB
  transcription fault, or a value the project takes from the printed table instead); the note
  gives the evidence. Such a row must really disagree, else the note is stale.
* ``efdb_note``: why a row cites no EFDB row (the IPCC gives it in text, derives it, the EFDB
  lacks the table ...), or what verified a cited row whose EFDB value is empty.
* ``edition``: a ``2019R`` row cites 2019 Refinement rows; a ``2006`` row cites 2006 rows.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from inventory.factors import default_table_paths, read_default_provenance

# slow tier: an audit of every shipped default row against the EFDB reference (seconds of
# parsing); it changes only with the default tables, and `make test` (CI) runs it
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_NAME = "efdb_ipcc_defaults.csv.gz"


def reference_path() -> Path | None:
    for folder in (os.environ.get("GHGI_REFERENCE_DIR"), ROOT.parent / "shared" / "reference",
                   ROOT.parent.parent / "shared" / "reference"):
        if folder and (Path(folder) / REFERENCE_NAME).exists():
            return Path(folder) / REFERENCE_NAME
    return None


NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
TOKEN = re.compile(r"^(?:(value|lower|upper)=)?(\d+)(?:\[([^\]]+)\]|\{([^}]+)\})?(?:\*("
                   + NUM + r"))?$")


@dataclass(frozen=True)
class Printed:
    """An EFDB number as printed: the value and its text (for the printed digits)."""

    text: str

    @property
    def value(self) -> float:
        return float(self.text)

    @property
    def tolerance(self) -> float:
        mant, _, exp = self.text.lower().partition("e")
        decimals = len(mant.split(".")[1]) if "." in mant else 0
        return 0.5 * 10.0 ** (-decimals) * (10.0 ** int(exp) if exp else 1.0)

    def agrees(self, shipped: float, scale: float = 1.0) -> bool:
        return abs(shipped - self.value * scale) <= self.tolerance * abs(scale) * (1 + 1e-9) \
            + 1e-12 * abs(self.value * scale)


@dataclass(frozen=True)
class Parsed:
    point: Printed | None = None
    low: Printed | None = None
    high: Printed | None = None


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def parse_value(text: str, label: str | None = None) -> Parsed | None:
    """An EFDB ``Value`` cell: '0.5', '0.1-0.5', '1.3 (0.80 - 2.20)', '0.013 (0.007 ? 0.019)',
    '0.01 (0.003 0.03)', '6.5 +/- 1.0' (range 5.5-7.5), '1.2 (+/- 50%)' (the point only),
    '2.0 (min); 6.0 (max)', or a labelled part of 'n = 15 years; FYL = 7'.
    None when the cell holds no number."""
    s = str(text).strip().replace("\u2013", "-").replace("\u2212", "-")
    if label is not None:
        want = label.replace("_", " ").lower()
        for part in re.split(r"[;,]", s):
            key, eq, val = part.partition("=")
            if eq and key.strip().lower() == want:
                s = re.sub(r"\s*(years?|kg|%)\s*$", "", val.strip())
                break
        else:
            return None
    s = s.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s) else s
    if m := re.fullmatch(rf"({NUM})", s):
        return Parsed(point=Printed(m[1]))
    if m := re.fullmatch(rf"({NUM})\s*-\s*({NUM})", s):
        return Parsed(low=Printed(m[1]), high=Printed(m[2]))
    if m := re.fullmatch(rf"({NUM})\s*\(\s*({NUM})\s*(?:[-?]|\s)\s*({NUM})\s*\)?", s):
        return Parsed(Printed(m[1]), Printed(m[2]), Printed(m[3]))
    if m := re.fullmatch(rf"({NUM})\s*\+/-\s*({NUM})", s):
        # '6.5 +/- 1.0': the range is the point -/+ the printed deviation
        dec = max(_decimals(m[1]), _decimals(m[2]))
        v, dv = float(m[1]), float(m[2])
        return Parsed(Printed(m[1]), Printed(f"{v - dv:.{dec}f}"), Printed(f"{v + dv:.{dec}f}"))
    if m := re.fullmatch(rf"({NUM})\s*\(\s*\+/-\s*{NUM}\s*%\s*\)", s):
        return Parsed(point=Printed(m[1]))
    if m := re.fullmatch(rf"({NUM})\s*\(min\);\s*({NUM})\s*\(max\)", s):
        return Parsed(low=Printed(m[1]), high=Printed(m[2]))
    if m := re.fullmatch(rf"({NUM})\s*\[.*\]", s):
        return Parsed(point=Printed(m[1]))
    return None


def parse_condition(text: str, label: str) -> Parsed | None:
    """The number after ``label:`` (or ``label =``) in a *Parameters / Conditions* cell."""
    want = re.escape(label.replace("_", " "))
    m = re.search(rf"{want}\s*[:=]\s*({NUM})", str(text), flags=re.I)
    return Parsed(point=Printed(m[1])) if m else None


def compare(row: pd.Series, efdb: dict[str, pd.Series]) -> tuple[list[str], list[str]]:
    """(problems, empty) for one shipped row: ``problems`` lists each disagreement with its
    cited EFDB row, ``empty`` the cited rows whose EFDB value holds no number."""
    problems, empty = [], []
    for token in str(row["efdb_id"]).split():
        m = TOKEN.match(token)
        if not m:
            problems.append(f"bad efdb_id token {token!r}")
            continue
        role, ef_id, label, field, scale = m[1] or "value", m[2], m[3], m[4], float(m[5] or 1.0)
        ref = efdb.get(ef_id)
        if ref is None:
            problems.append(f"EF ID {ef_id} is not in the EFDB export")
            continue
        parsed = (parse_value(ref["Value"], label) if field is None
                  else parse_condition(ref["Parameters / Conditions"], field))
        if parsed is None:
            empty.append(ef_id)
            continue
        got = {"value": row["value"], "lower": row["lower"], "upper": row["upper"]}
        if role != "value":
            ref_point = parsed.point
            if ref_point is None or pd.isna(got[role]) or not ref_point.agrees(got[role], scale):
                problems.append(f"{role} {got[role]:g} vs EF ID {ef_id} '{ref['Value']}'")
            continue
        if parsed.point is not None and not parsed.point.agrees(row["value"], scale):
            problems.append(f"value {row['value']:g} vs EF ID {ef_id} '{ref['Value']}'"
                            + (f" x {scale:g}" if scale != 1 else ""))
        if parsed.low is not None:
            if parsed.point is None and not (
                    parsed.low.value * scale - parsed.low.tolerance * scale
                    <= row["value"] <= parsed.high.value * scale + parsed.high.tolerance * scale):
                problems.append(f"value {row['value']:g} outside EF ID {ef_id} range "
                                f"'{ref['Value']}'")
            for side, printed in (("lower", parsed.low), ("upper", parsed.high)):
                if not pd.isna(got[side]) and not printed.agrees(got[side], scale):
                    problems.append(f"{side} {got[side]:g} vs EF ID {ef_id} '{ref['Value']}'")
    return problems, empty


def edition_problem(row: pd.Series, efdb: dict[str, pd.Series]) -> str | None:
    kinds = {efdb[m[2]]["Type of parameter"] for t in str(row["efdb_id"]).split()
             if (m := TOKEN.match(t)) and m[2] in efdb}
    if row["edition"] == "2019R" and kinds - {"2019 Refinement default"}:
        return f"a 2019R row cites {sorted(kinds)}"
    if row["edition"] == "2006" and "2019 Refinement default" in kinds:
        return "a 2006 row cites a 2019 Refinement row"
    return None


def shipped_defaults() -> pd.DataFrame:
    frames = []
    for path in default_table_paths():
        df = read_default_provenance(path)
        df["file"] = str(path.relative_to(ROOT))
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def status_of(row: pd.Series, problems: list[str], empty: list[str]) -> str:
    if not str(row["efdb_id"]).strip():
        return "no EFDB row"
    if str(row["efdb_disagrees"]).strip():
        return "explicit deviation"
    if empty and not problems:
        return "EFDB row without a value"
    return "EFDB match"


@pytest.fixture(scope="module")
def efdb() -> dict[str, pd.Series]:
    path = reference_path()
    if path is None:
        pytest.skip(f"EFDB reference {REFERENCE_NAME} not found in ../shared/reference or "
                    "$GHGI_REFERENCE_DIR (CI always has it)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {r["EF ID"]: r for _, r in df.iterrows()}


def test_every_default_row_cites_an_efdb_row_or_says_why():
    df = shipped_defaults()
    bad = df[(df["efdb_id"].str.strip() == "") & (df["efdb_note"].str.strip() == "")]
    assert bad.empty, "rows without efdb_id and without efdb_note:\n" + bad[
        ["file", "parameter_id", "parameter", "activity", "gas"]].to_string()


def test_shipped_values_equal_their_efdb_rows(efdb):
    df = shipped_defaults()
    failures, counts = [], Counter()
    for _, row in df.iterrows():
        if not str(row["efdb_id"]).strip():
            counts[status_of(row, [], [])] += 1
            continue
        problems, empty = compare(row, efdb)
        where = f"{row['parameter_id']} {row['parameter']} {row['activity']} {row['gas']}"
        if (ed := edition_problem(row, efdb)) is not None:
            failures.append(f"{where}: {ed}")
        if empty and not str(row["efdb_note"]).strip():
            failures.append(f"{where}: EF ID(s) {empty} have no value in the EFDB; "
                            "say in efdb_note what verified the value")
        if str(row["efdb_disagrees"]).strip():
            if not problems and not empty:
                failures.append(f"{where}: efdb_disagrees is set but the value agrees "
                                "with the EFDB (stale note)")
        elif problems:
            failures.append(f"{where}: " + "; ".join(problems))
        counts[status_of(row, problems, empty)] += 1
    print("\nshipped default rows by status:", dict(sorted(counts.items())))
    assert not failures, f"{len(failures)} default rows disagree with the EFDB:\n" + "\n".join(
        failures)


@pytest.mark.parametrize(("text", "label", "expect"), [
    ("0.60", None, (0.60, None, None)),
    ("0.1-0.5", None, (None, 0.1, 0.5)),
    ("1.3 (0.80 - 2.20)", None, (1.3, 0.8, 2.2)),
    ("0.013 (0.007 ? 0.019)", None, (0.013, 0.007, 0.019)),
    ("2.0 (min); 6.0 (max)", None, (None, 2.0, 6.0)),
    ("n = 15 years; FYL = 7; AL = 0.5; EOLL = 85.5", "EOLL", (85.5, None, None)),
    ("M = 0.5-1.5 kg; d = 9-16 years; k = 0.2-0.5", "k", (None, 0.2, 0.5)),
])
def test_parse_value(text, label, expect):
    p = parse_value(text, label)
    got = tuple(None if x is None else x.value for x in (p.point, p.low, p.high))
    assert got == pytest.approx(expect)


def test_printed_digits_tolerance():
    assert Printed("0.60").agrees(0.604) and not Printed("0.60").agrees(0.606)
    assert Printed("1.3").agrees(1.30) and not Printed("1.3").agrees(1.36)
    assert Printed("85.5").agrees(0.855, 0.01) and not Printed("85.5").agrees(0.86, 0.01)
    assert Printed("1.03E-03").agrees(0.00103) and not Printed("1.03E-03").agrees(0.00104)


def test_parse_condition():
    assert parse_condition("Animal category: Swine. Live weight: 77 kg.", "Live_weight").point \
        .value == 77.0
    assert parse_condition("Animal category: Swine.", "Live_weight") is None
