"""One capability for every check: registered rules that return the offending rows, and one
policy that decides what happens to them.

A :class:`Check` has a name (``<sector or core>.<rule>``), the stage it runs at (``intake``:
on the staged activity and parameters; ``emissions``: on the combined emissions;
``analyses``: with the analysis tables too), a severity and a ``find`` function returning the
offending rows (empty = passed). The project's policy (``inventory.yml``)::

    checks:
      default: record                  # raise | warn | record, for warnings and info
      energy.year_on_year_jumps: warn  # per check

decides whether a failed check stops the run (``raise``), is printed and recorded (``warn``) or
only recorded (``record``). Checks of severity ``error`` always raise: they guard the contract
(a value outside its physical domain, a table that does not add up), and no policy can let
those through. Every finding lands in ``checks.csv`` (one line per offending row, with region,
year, category, activity, gas and the input cell where known) and the full rows of each check in
``checks/<check>.csv``; the review app shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from inventory.errors import InputError
from inventory.products import RunContext

__all__ = ["Check", "register_check", "registered_checks", "CheckPolicy", "run_checks",
           "FINDING_COLUMNS", "ACTIONS", "SEVERITIES", "CheckFailed", "findings_frame"]

ACTIONS = ("raise", "warn", "record")
SEVERITIES = ("error", "warning", "info")
STAGES = ("intake", "emissions", "analyses")
FINDING_COLUMNS = ["check", "severity", "action", "stage", "sector", "message", "region",
                   "year", "category", "activity", "gas", "source_ref", "details"]
_KEY_COLUMNS = ("region", "year", "category", "activity", "gas", "source_ref")


class CheckFailed(InputError):
    """A check whose policy is ``raise`` found offending rows."""


@dataclass(frozen=True)
class Check:
    name: str
    stage: str
    severity: str
    doc: str                                   # what the rule is, with its reference
    find: Callable[[RunContext], pd.DataFrame]
    message: str = ""                          # one line for each finding (default: doc)
    sector: str | None = None

    def __post_init__(self):
        if self.stage not in STAGES:
            raise ValueError(f"check {self.name}: stage {self.stage!r} not in {STAGES}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"check {self.name}: severity {self.severity!r} not in {SEVERITIES}")


_CHECKS: dict[str, Check] = {}


def register_check(check: Check) -> Check:
    if check.name in _CHECKS and _CHECKS[check.name] != check:
        raise ValueError(f"check {check.name} registered twice")
    _CHECKS[check.name] = check
    return check


def registered_checks(stage: str | None = None) -> list[Check]:
    from inventory.plugins import load_sectors

    load_sectors()
    return sorted((c for c in _CHECKS.values() if stage is None or c.stage == stage),
                  key=lambda c: c.name)


@dataclass(frozen=True)
class CheckPolicy:
    default: str = "record"
    per_check: Mapping[str, str] | None = None

    @classmethod
    def from_config(cls, raw: Mapping | None, where: str = "inventory.yml, key 'checks'"
                    ) -> CheckPolicy:
        raw = dict(raw or {})
        default = raw.pop("default", "record")
        for k, v in {"default": default, **raw}.items():
            if v not in ACTIONS:
                raise InputError(f"check policy {k}: {v!r}", where, " | ".join(ACTIONS))
        return cls(default, raw)

    def action(self, check: Check) -> str:
        if check.severity == "error":
            return "raise"
        return (self.per_check or {}).get(check.name, self.default)


def _details(rows: pd.DataFrame) -> pd.Series:
    other = [c for c in rows.columns if c not in _KEY_COLUMNS]
    if not other or rows.empty:
        return pd.Series([""] * len(rows), index=rows.index, dtype=object)
    parts = []
    for c in other:
        v = rows[c]
        txt = v.map(lambda x: f"{x:.6g}" if isinstance(x, (float, np.floating)) else str(x))
        parts.append(c + "=" + txt.where(v.notna(), ""))
    out = parts[0]
    for p in parts[1:]:
        out = out + "; " + p
    return out


def findings_frame(check: Check, action: str, rows: pd.DataFrame) -> pd.DataFrame:
    """One finding per offending row, in the columns of :data:`FINDING_COLUMNS`."""
    out = pd.DataFrame(index=rows.index)
    out["check"] = check.name
    out["severity"] = check.severity
    out["action"] = action
    out["stage"] = check.stage
    out["sector"] = check.sector or ""
    out["message"] = check.message or check.doc
    for c in _KEY_COLUMNS:
        out[c] = rows[c].to_numpy() if c in rows else None
    out["details"] = _details(rows).to_numpy()
    return out.reset_index(drop=True)[FINDING_COLUMNS]


def _describe(check: Check, rows: pd.DataFrame, limit: int = 3) -> str:
    items = []
    for _, r in rows.head(limit).iterrows():
        keys = [f"{c} {r[c]}" for c in ("region", "year", "category", "activity", "gas")
                if c in r and pd.notna(r[c])]
        ref = r.get("source_ref") if "source_ref" in r else None
        items.append(", ".join(keys) + (f" ({ref})" if isinstance(ref, str) and ref else ""))
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return "; ".join(items) + more


def run_checks(stage: str, ctx: RunContext, policy: CheckPolicy,
               warn: Callable[[str], None] | None = None,
               only: Callable[[Check], bool] | None = None
               ) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Run the checks of ``stage``; returns (findings, {check name: offending rows}). A failed
    check whose action is ``raise`` raises :class:`CheckFailed` after all checks of the stage
    ran (its findings are attached as ``exc.findings``)."""
    frames, full, raising = [], {}, []
    for check in registered_checks(stage):
        if only is not None and not only(check):
            continue
        rows = check.find(ctx)
        if rows is None or len(rows) == 0:
            continue
        rows = rows.reset_index(drop=True)
        action = policy.action(check)
        full[check.name] = rows
        frames.append(findings_frame(check, action, rows))
        if action == "raise":
            raising.append((check, rows))
        elif action == "warn" and warn is not None:
            warn(f"check {check.name}: {len(rows)} finding(s): {check.message or check.doc} "
                 f"- {_describe(check, rows)}")
    findings = (pd.concat(frames, ignore_index=True) if frames
                else pd.DataFrame(columns=FINDING_COLUMNS))
    if raising:
        check, rows = raising[0]
        exc = CheckFailed(f"check {check.name} failed for {len(rows)} row(s): "
                          f"{check.message or check.doc}: {_describe(check, rows)}",
                          rows["source_ref"].iloc[0] if "source_ref" in rows
                          and isinstance(rows["source_ref"].iloc[0], str) else None)
        exc.findings = findings
        raise exc
    return findings, full
