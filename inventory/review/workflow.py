"""The review workflow, kept in the SQLite store beside the submissions: comments with
threaded replies, their status, sign-off per sector and for the inventory, the compiler's
recalculation reasons, and an audit trail of everything.

    log = ReviewLog("outputs/submissions.sqlite")          # the store's file (or URL)
    tid = log.post_comment("Ana", "reviewer", "CH4 IEF of 3.A.1 looks high", run_id=rid,
                           year=2023, region="DML", crt_category="3.A.1", gas="CH4",
                           crt_sheet="Table3.A", crt_cell="K13")
    log.reply(tid, "Li", "compiler", "corrected the Ym", answer=True, new_run_id=rid2)
    log.set_status(tid, "resolved", "Ana", "reviewer")
    log.transition(rid, "3", "under_review", "Li", "compiler")
    log.transition(rid, "3", "approved", "Mei", "approver")   # refused while comments are open

Rules:

* **Append-only.** Nothing is ever updated or deleted: a status change, a sign-off step or a
  new reason is a new row; the current state is the latest row. Triggers in the database
  refuse every ``UPDATE`` and ``DELETE`` on the review tables ("review history is
  append-only"), whoever writes to the file.
* **Audit trail.** Triggers copy every insert into ``review_audit`` (time, actor, role,
  action, object and its details), so the trail cannot be skipped by a client.
* **Status** of a thread: ``open`` -> ``answered`` (a compiler's answer, optionally pointing
  to the run that fixes it) -> ``resolved`` (a reviewer or approver); ``reopen`` goes back to
  ``open``.
* **Sign-off** per CRT sector (``"1"`` ... ``"6"``) and for the inventory (``"inventory"``):
  ``draft`` -> ``under_review`` -> ``approved`` (the states of the ETF reporting tool);
  ``under_review`` -> ``draft`` returns it to the compiler, ``approved`` -> ``under_review``
  reopens it. Approval is refused while comments block it: the setting ``block_on`` is
  ``unresolved`` (default: open or answered threads of the scope block), ``open`` (only open
  ones) or ``never``. The inventory is approved only when every sector of the run is.
* **Roles** decide who may do what (:data:`PERMISSIONS`): reviewers comment and resolve,
  compilers answer and write recalculation reasons, approvers approve.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

import pandas as pd

from inventory.errors import InputError

__all__ = ["ReviewLog", "ReviewRefused", "ROLES", "STATUSES", "STATES", "PERMISSIONS",
           "TRANSITIONS", "INVENTORY", "BLOCK_SETTINGS", "sector_of_code", "allowed"]

ROLES = ("reviewer", "compiler", "approver")
STATUSES = ("open", "answered", "resolved")
STATES = ("draft", "under_review", "approved")
INVENTORY = "inventory"
BLOCK_SETTINGS = ("unresolved", "open", "never")
TRANSITIONS = {("draft", "under_review"), ("under_review", "approved"),
               ("under_review", "draft"), ("approved", "under_review")}
PERMISSIONS: dict[str, frozenset[str]] = {
    "comment": frozenset(ROLES),
    "reply": frozenset(ROLES),
    "answer": frozenset({"compiler"}),
    "resolve": frozenset({"reviewer", "approver"}),
    "reopen": frozenset({"reviewer", "approver"}),
    "reason": frozenset({"compiler"}),
    "draft->under_review": frozenset({"compiler", "approver"}),
    "under_review->approved": frozenset({"approver"}),
    "under_review->draft": frozenset({"reviewer", "approver"}),
    "approved->under_review": frozenset({"approver"}),
}

_TABLES = ("review_comments", "review_status", "review_signoffs", "review_reasons",
           "review_audit")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER REFERENCES review_comments(id),   -- NULL: the thread's first comment
    created_utc TEXT NOT NULL,
    author TEXT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'reply', 'answer')),
    body TEXT NOT NULL,
    run_id TEXT,
    submission_id INTEGER,
    year INTEGER,
    region TEXT,
    crt_category TEXT,
    gas TEXT,
    crt_sheet TEXT,
    crt_cell TEXT,
    new_run_id TEXT
);
CREATE INDEX IF NOT EXISTS review_comments_run ON review_comments(run_id);
CREATE TABLE IF NOT EXISTS review_status (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES review_comments(id),
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'resolved')),
    time_utc TEXT NOT NULL,
    author TEXT NOT NULL,
    role TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS review_signoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'under_review', 'approved')),
    time_utc TEXT NOT NULL,
    author TEXT NOT NULL,
    role TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS review_reasons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    against_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    gas_group TEXT NOT NULL,
    reason TEXT NOT NULL,
    time_utc TEXT NOT NULL,
    author TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_utc TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    details TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS review_comments_audit AFTER INSERT ON review_comments BEGIN
    INSERT INTO review_audit (time_utc, actor, role, action, object, object_id, details)
    VALUES (NEW.created_utc, NEW.author, NEW.role, NEW.kind, 'comment', NEW.id,
            json_object('thread', COALESCE(NEW.thread_id, NEW.id), 'run_id', NEW.run_id,
                        'submission_id', NEW.submission_id, 'year', NEW.year,
                        'region', NEW.region, 'crt_category', NEW.crt_category,
                        'gas', NEW.gas, 'crt_sheet', NEW.crt_sheet, 'crt_cell', NEW.crt_cell,
                        'new_run_id', NEW.new_run_id, 'body', NEW.body));
END;
CREATE TRIGGER IF NOT EXISTS review_status_audit AFTER INSERT ON review_status BEGIN
    INSERT INTO review_audit (time_utc, actor, role, action, object, object_id, details)
    VALUES (NEW.time_utc, NEW.author, NEW.role, 'status ' || NEW.status, 'thread',
            NEW.thread_id, json_object('note', NEW.note));
END;
CREATE TRIGGER IF NOT EXISTS review_signoffs_audit AFTER INSERT ON review_signoffs BEGIN
    INSERT INTO review_audit (time_utc, actor, role, action, object, object_id, details)
    VALUES (NEW.time_utc, NEW.author, NEW.role, 'sign-off ' || NEW.state, 'sign-off',
            NEW.id, json_object('run_id', NEW.run_id, 'scope', NEW.scope, 'note', NEW.note));
END;
CREATE TRIGGER IF NOT EXISTS review_reasons_audit AFTER INSERT ON review_reasons BEGIN
    INSERT INTO review_audit (time_utc, actor, role, action, object, object_id, details)
    VALUES (NEW.time_utc, NEW.author, NEW.role, 'recalculation reason', 'reason', NEW.id,
            json_object('run_id', NEW.run_id, 'against', NEW.against_id, 'node', NEW.node,
                        'gas_group', NEW.gas_group, 'reason', NEW.reason));
END;
"""


class ReviewRefused(InputError):
    """A workflow step the rules do not allow (role, state, open comments)."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def sector_of_code(code: str | None) -> str | None:
    """CRT sector of a CRT code: '3.A.1' -> '3', '4(V)' -> '4'; None for TOTAL or none."""
    if not code:
        return None
    m = re.match(r"^(\d+)", str(code))
    return m.group(1) if m else None


def allowed(action: str, role: str) -> bool:
    return role in PERMISSIONS.get(action, frozenset())


def _need(action: str, role: str) -> None:
    if not allowed(action, role):
        who = ", ".join(sorted(PERMISSIONS.get(action, ())))
        raise ReviewRefused(f"a {role} may not {action.replace('->', ' -> ')}",
                            "review workflow", f"a user with the role {who}")


class ReviewLog:
    """The review tables of a store file (created beside the submissions when missing)."""

    def __init__(self, url: str | os.PathLike):
        from inventory.store import refuse_changes, store_path

        self.url = os.fspath(url)
        self.path = Path(store_path(url))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con:
            con.executescript(_SCHEMA)
            refuse_changes(con, _TABLES, "review history is append-only")

    def _connect(self) -> sqlite3.Connection:
        from inventory.store import connect

        return connect(self.path)

    @contextmanager
    def _transaction(self):
        """One write transaction (``BEGIN IMMEDIATE``): checks and inserts see one state."""
        with closing(self._connect()) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def _query(self, sql: str, params=()) -> pd.DataFrame:
        with closing(self._connect()) as con:
            return pd.read_sql_query(sql, con, params=params)

    # ------------------------------------------------------------------ comments
    def post_comment(self, author: str, role: str, body: str, *, run_id: str | None = None,
                     submission_id: int | None = None, year: int | None = None,
                     region: str | None = None, crt_category: str | None = None,
                     gas: str | None = None, crt_sheet: str | None = None,
                     crt_cell: str | None = None) -> int:
        """A new thread anchored to a run (or a submission) and a selection; returns its id.
        The thread starts ``open``."""
        _need("comment", role)
        author, body = _text(author, "author"), _text(body, "comment")
        if not run_id and submission_id is None:
            raise ReviewRefused("a comment needs a run or a submission", "review workflow")
        now = _now()
        with self._transaction() as con:
            cur = con.execute(
                "INSERT INTO review_comments (thread_id, created_utc, author, role, kind, "
                "body, run_id, submission_id, year, region, crt_category, gas, crt_sheet, "
                "crt_cell) VALUES (NULL, ?, ?, ?, 'comment', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now, author, role, body, run_id, submission_id,
                 None if year is None else int(year), region, crt_category, gas,
                 crt_sheet, crt_cell))
            tid = int(cur.lastrowid)
            con.execute("INSERT INTO review_status (thread_id, status, time_utc, author, "
                        "role) VALUES (?, 'open', ?, ?, ?)", (tid, now, author, role))
        return tid

    def reply(self, thread_id: int, author: str, role: str, body: str, *,
              answer: bool = False, new_run_id: str | None = None) -> int:
        """A reply in a thread; ``answer=True`` (compilers) marks the thread ``answered``,
        optionally naming the run that carries the fix."""
        _need("answer" if answer else "reply", role)
        author, body = _text(author, "author"), _text(body, "reply")
        root = self._root(thread_id)
        now = _now()
        with self._transaction() as con:
            cur = con.execute(
                "INSERT INTO review_comments (thread_id, created_utc, author, role, kind, "
                "body, run_id, submission_id, year, region, crt_category, gas, crt_sheet, "
                "crt_cell, new_run_id) SELECT ?, ?, ?, ?, ?, ?, run_id, submission_id, "
                "year, region, crt_category, gas, crt_sheet, crt_cell, ? "
                "FROM review_comments WHERE id = ?",
                (root, now, author, role, "answer" if answer else "reply", body,
                 new_run_id or None, root))
            cid = int(cur.lastrowid)
            if answer:
                con.execute("INSERT INTO review_status (thread_id, status, time_utc, "
                            "author, role, note) VALUES (?, 'answered', ?, ?, ?, ?)",
                            (root, now, author, role,
                             f"fixed in run {new_run_id}" if new_run_id else ""))
        return cid

    def set_status(self, thread_id: int, status: str, author: str, role: str,
                   note: str = "") -> None:
        """``resolved`` (reviewers, approvers) or ``open`` again (reopen)."""
        if status not in ("resolved", "open"):
            raise ReviewRefused(f"status '{status}' is set by an answer, not directly",
                                "review workflow", "resolved or open")
        _need("resolve" if status == "resolved" else "reopen", role)
        root = self._root(thread_id)
        current = self.status(root)
        if current == status:
            raise ReviewRefused(f"thread {root} is already {status}", "review workflow")
        with closing(self._connect()) as con:
            con.execute("INSERT INTO review_status (thread_id, status, time_utc, author, role, "
                        "note) VALUES (?, ?, ?, ?, ?, ?)",
                        (root, status, _now(), _text(author, "author"), role, note or ""))

    def _root(self, thread_id: int) -> int:
        with closing(self._connect()) as con:
            row = con.execute("SELECT COALESCE(thread_id, id) FROM review_comments WHERE id = ?",
                              (int(thread_id),)).fetchone()
        if row is None:
            raise ReviewRefused(f"no comment {thread_id}", "review workflow")
        return int(row[0])

    def status(self, thread_id: int) -> str:
        with closing(self._connect()) as con:
            row = con.execute("SELECT status FROM review_status WHERE thread_id = ? "
                              "ORDER BY id DESC LIMIT 1", (int(thread_id),)).fetchone()
        return row[0] if row else "open"

    _THREADS = """
        SELECT c.id AS thread, c.created_utc, c.author, c.role, c.body, c.run_id,
               c.submission_id, c.year, c.region, c.crt_category, c.gas, c.crt_sheet,
               c.crt_cell,
               (SELECT s.status FROM review_status s WHERE s.thread_id = c.id
                ORDER BY s.id DESC LIMIT 1) AS status,
               (SELECT COUNT(*) FROM review_comments r WHERE r.thread_id = c.id) AS replies,
               COALESCE((SELECT MAX(r.created_utc) FROM review_comments r
                         WHERE r.thread_id = c.id), c.created_utc) AS last_activity,
               (SELECT GROUP_CONCAT(DISTINCT r.new_run_id) FROM review_comments r
                WHERE r.thread_id = c.id AND r.new_run_id IS NOT NULL) AS answered_in
        FROM review_comments c WHERE c.thread_id IS NULL"""

    def threads(self, run_id: str | None = None, status: str | None = None,
                sector: str | None = None) -> pd.DataFrame:
        """One row per thread (newest first): anchor, author, current status, replies, last
        activity, and the runs an answer pointed to. ``run_id``: the threads on that run or
        answered in it; ``sector``: threads on that CRT sector (``inventory``: all)."""
        sql, params = self._THREADS, []
        if run_id:
            sql += (" AND (c.run_id = ? OR EXISTS (SELECT 1 FROM review_comments r WHERE "
                    "r.thread_id = c.id AND r.new_run_id = ?))")
            params += [run_id, run_id]
        df = self._query(sql + " ORDER BY c.id DESC", params)
        df["sector"] = df["crt_category"].map(sector_of_code)
        if status:
            df = df[df["status"] == status]
        if sector and sector != INVENTORY:
            df = df[df["sector"] == sector]
        return df.reset_index(drop=True)

    def thread(self, thread_id: int) -> pd.DataFrame:
        """The comments of a thread in order, with the status history."""
        root = self._root(thread_id)
        return self._query(
            "SELECT id, created_utc, author, role, kind, body, new_run_id FROM review_comments "
            "WHERE id = ? OR thread_id = ? ORDER BY id", (root, root))

    def status_history(self, thread_id: int) -> pd.DataFrame:
        return self._query("SELECT status, time_utc, author, role, note FROM review_status "
                           "WHERE thread_id = ? ORDER BY id", (self._root(thread_id),))

    def comment_counts(self, run_id: str, sector: str | None = None) -> dict[str, int]:
        t = self.threads(run_id, sector=sector)
        counts = t["status"].value_counts().to_dict()
        return {s: int(counts.get(s, 0)) for s in STATUSES}

    # ------------------------------------------------------------------ sign-off
    def signoffs(self, run_id: str) -> pd.DataFrame:
        """The current state of every scope signed so far: scope, state, author, role, time,
        note (scopes never moved are in ``draft``)."""
        return self._query(
            "SELECT scope, state, author, role, time_utc, note FROM review_signoffs s "
            "WHERE run_id = ? AND id = (SELECT MAX(id) FROM review_signoffs t "
            "WHERE t.run_id = s.run_id AND t.scope = s.scope) ORDER BY scope", (run_id,))

    def state(self, run_id: str, scope: str) -> str:
        with closing(self._connect()) as con:
            row = con.execute("SELECT state FROM review_signoffs WHERE run_id = ? AND scope = ? "
                              "ORDER BY id DESC LIMIT 1", (run_id, str(scope))).fetchone()
        return row[0] if row else "draft"

    def blockers(self, run_id: str, scope: str, block_on: str = "unresolved") -> pd.DataFrame:
        """The threads that block approving ``scope`` under the setting ``block_on``."""
        if block_on not in BLOCK_SETTINGS:
            raise ReviewRefused(f"setting block_on={block_on!r}", "review settings",
                                " | ".join(BLOCK_SETTINGS))
        t = self.threads(run_id, sector=None if scope == INVENTORY else str(scope))
        if block_on == "never":
            return t.iloc[0:0]
        blocking = ("open",) if block_on == "open" else ("open", "answered")
        return t[t["status"].isin(blocking)]

    def transition(self, run_id: str, scope: str, to: str, author: str, role: str,
                   note: str = "", block_on: str = "unresolved",
                   sectors: list[str] | tuple[str, ...] = ()) -> None:
        """Move a scope to state ``to`` (see the module doc for the rules); ``sectors`` are
        the sectors of the run, all of which must be approved before the inventory is."""
        scope = str(scope)
        if to not in STATES:
            raise ReviewRefused(f"unknown state '{to}'", "sign-off", " -> ".join(STATES))
        author = _text(author, "author")
        with self._transaction() as con:  # the checks and the insert see the same state
            row = con.execute("SELECT state FROM review_signoffs WHERE run_id = ? AND "
                              "scope = ? ORDER BY id DESC LIMIT 1", (run_id, scope)).fetchone()
            current = row[0] if row else "draft"
            if (current, to) not in TRANSITIONS:
                raise ReviewRefused(f"{scope} is {current}: it cannot move to {to}",
                                    "sign-off", "draft -> under_review -> approved")
            _need(f"{current}->{to}", role)
            if to == "approved":
                self._check_approval(run_id, scope, block_on, sectors)
            con.execute("INSERT INTO review_signoffs (run_id, scope, state, time_utc, "
                        "author, role, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (run_id, scope, to, _now(), author, role, note or ""))

    def _check_approval(self, run_id: str, scope: str, block_on: str, sectors) -> None:
        blocking = self.blockers(run_id, scope, block_on)
        if len(blocking):
            ids = ", ".join(f"#{i}" for i in blocking["thread"].head(10))
            raise ReviewRefused(f"{len(blocking)} comment thread(s) of {scope} are not "
                                f"resolved ({ids})", "sign-off",
                                f"every blocking thread resolved first (setting block_on="
                                f"{block_on})")
        if scope == INVENTORY:
            states = self.signoffs(run_id).set_index("scope")["state"].to_dict()
            pending = [s for s in sectors if states.get(str(s)) != "approved"]
            if pending:
                raise ReviewRefused(f"sectors {', '.join(pending)} are not approved",
                                    "sign-off", "every sector approved before the inventory")

    # ------------------------------------------------------------------ reasons
    def set_reason(self, run_id: str, against_id: int, node: str, gas_group: str,
                   reason: str, author: str, role: str) -> None:
        """The compiler's reason for a recalculation (a new row; the latest one counts).
        Also stored as the current reason of the submission store (``ghgi compare`` reads
        it for the Table8 drafts)."""
        _need("reason", role)
        reason = _text(reason, "reason")
        with closing(self._connect()) as con:
            con.execute("INSERT INTO review_reasons (run_id, against_id, node, gas_group, "
                        "reason, time_utc, author, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (run_id, int(against_id), str(node), str(gas_group), reason, _now(),
                         _text(author, "author"), role))
        try:
            from inventory.store import SubmissionStore

            SubmissionStore(self.url).set_reasons(
                int(against_id), pd.DataFrame({"node": [str(node)], "gas_group": [gas_group],
                                               "reason": [reason]}))
        except InputError:
            pass  # the submission is not in this store: the history keeps the reason

    def reasons(self, run_id: str, against_id: int) -> pd.DataFrame:
        """The latest reason per (node, gas_group) for the run against a submission."""
        return self._query(
            "SELECT node, gas_group, reason, author, time_utc FROM review_reasons r "
            "WHERE run_id = ? AND against_id = ? AND id = (SELECT MAX(id) FROM review_reasons "
            "q WHERE q.run_id = r.run_id AND q.against_id = r.against_id AND q.node = r.node "
            "AND q.gas_group = r.gas_group) ORDER BY node, gas_group", (run_id, int(against_id)))

    # ------------------------------------------------------------------ export
    def audit(self, run_id: str | None = None) -> pd.DataFrame:
        df = self._query("SELECT id, time_utc, actor, role, action, object, object_id, details "
                         "FROM review_audit ORDER BY id")
        if run_id:
            threads = set(self.threads(run_id)["thread"])
            keep = df["details"].str.contains(f'"run_id":"{run_id}"', regex=False) | \
                ((df["object"] == "thread") & df["object_id"].isin(threads))
            df = df[keep]
        return df.reset_index(drop=True)

    def export_frames(self, run_id: str | None = None) -> dict[str, pd.DataFrame]:
        """The review log as tables (for Excel/CSV): threads, every comment, status
        changes, sign-off steps, recalculation reasons and the audit trail."""
        where, params = ("", ())
        if run_id:
            where = " WHERE run_id = ?"
            params = (run_id,)
        threads = self.threads(run_id)
        ids = tuple(int(i) for i in threads["thread"]) or (-1,)
        marks = ",".join("?" * len(ids))
        comments = self._query(
            "SELECT id, COALESCE(thread_id, id) AS thread, created_utc, author, role, kind, body, "
            "run_id, submission_id, year, region, crt_category, gas, crt_sheet, crt_cell, "
            f"new_run_id FROM review_comments WHERE COALESCE(thread_id, id) IN ({marks}) "
            "ORDER BY id", ids)
        status = self._query(
            "SELECT id, thread_id AS thread, status, time_utc, author, role, note FROM "
            f"review_status WHERE thread_id IN ({marks}) ORDER BY id", ids)
        signoffs = self._query("SELECT id, run_id, scope, state, time_utc, author, role, note "
                               f"FROM review_signoffs{where} ORDER BY id", params)
        reasons = self._query("SELECT id, run_id, against_id, node, gas_group, reason, "
                              f"time_utc, author, role FROM review_reasons{where} ORDER BY id",
                              params)
        return {"threads": threads, "comments": comments, "status": status,
                "signoffs": signoffs, "reasons": reasons, "audit": self.audit(run_id)}


def _text(value: str, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ReviewRefused(f"empty {what}", "review workflow", f"a {what}")
    return text
