"""The submission store: every compiled submission archived immutably in a SQLite database
file (embedded, no server), with its manifest, its emissions table and its output files, and the
compiler's reasons for recalculations.

    store = SubmissionStore("outputs/submissions.sqlite")      # or "sqlite:///path", $GHGI_STORE_URL
    sid = store.submit(run_dir, label="2025 submission")       # archive a run folder
    store.list()                                                # id, label, time, run id ...
    store.emissions(sid)                                        # the archived emissions table

Safety:

* one submission = one SQLite transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``) in WAL mode
  with ``synchronous=FULL``: a writer killed at any point (even SIGKILL) leaves the database
  consistent with every earlier submission intact and nothing of the interrupted one;
* triggers refuse any UPDATE or DELETE of archived rows ("submissions are immutable");
* a run folder whose files differ from its ``manifest.json`` checksums is refused;
* the same run submitted twice is refused (same manifest content hash), naming the
  submission that holds it: a store holds each run once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd

from inventory.errors import InputError

__all__ = ["SubmissionStore", "ENV_STORE_URL", "DEFAULT_STORE_NAME", "resolve_store_url",
           "store_path", "SubmissionNotFound", "DuplicateSubmission", "connect",
           "refuse_changes"]

ENV_STORE_URL = "GHGI_STORE_URL"
DEFAULT_STORE_NAME = "submissions.sqlite"
SCHEMA_VERSION = 1

EMISSION_COLUMNS = ("region", "year", "category", "crt_category", "activity", "gas", "memo",
                    "value", "notation_key", "value_co2eq", "tier", "method", "equation",
                    "activity_value", "activity_unit", "ief", "ief_unit", "factor_layer",
                    "factor_source", "activity_ids", "parameter_ids", "gwp_set")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    submitted_utc TEXT NOT NULL,
    run_id TEXT NOT NULL,
    project TEXT,
    party TEXT,
    party_code TEXT,
    gwp_set TEXT,
    first_year INTEGER,
    last_year INTEGER,
    manifest TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    emission_rows INTEGER NOT NULL,
    files INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS submission_emissions (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    {{columns}}
);
CREATE INDEX IF NOT EXISTS submission_emissions_id ON submission_emissions(submission_id);
CREATE TABLE IF NOT EXISTS submission_files (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (submission_id, path)
);
CREATE TABLE IF NOT EXISTS recalculation_reasons (
    against_id INTEGER NOT NULL REFERENCES submissions(id),
    node TEXT NOT NULL,
    gas_group TEXT NOT NULL,
    reason TEXT NOT NULL,
    updated_utc TEXT NOT NULL,
    PRIMARY KEY (against_id, node, gas_group)
);
"""
_INTEGER = ("year", "memo", "tier")
_REAL = ("value", "value_co2eq", "activity_value", "ief")
_SCHEMA = _SCHEMA.replace("{{columns}}", ", ".join(
    f"{c} {'INTEGER' if c in _INTEGER else 'REAL' if c in _REAL else 'TEXT'}"
    for c in EMISSION_COLUMNS))
_IMMUTABLE = ("submissions", "submission_emissions", "submission_files")


class SubmissionNotFound(InputError):
    pass


class DuplicateSubmission(InputError):
    """The run is in the store already (same manifest content hash)."""


def store_path(url: str | os.PathLike) -> Path:
    """The database file of a store URL: ``sqlite:///relative.sqlite``,
    ``sqlite:////absolute.sqlite`` or a plain path. Other schemes are refused (the store is
    the embedded SQLite file)."""
    text = os.fspath(url)
    if "://" not in text:
        return Path(text)
    scheme, rest = text.split("://", 1)
    if scheme != "sqlite":
        raise InputError(f"store URL scheme '{scheme}' is not supported",
                         f"store URL {text!r}", "sqlite:///path/to/submissions.sqlite")
    if not rest.startswith("/") or rest == "/":
        raise InputError("no database file in the URL", f"store URL {text!r}",
                         "sqlite:///relative/path.sqlite or sqlite:////absolute/path.sqlite")
    return Path(rest[1:])


def resolve_store_url(explicit: str | None = None, run_dir: Path | None = None,
                      configured: str | None = None) -> str:
    """``explicit`` (--db), else $GHGI_STORE_URL, else ``configured`` (inventory.yml), else
    ``<output root>/submissions.sqlite`` of ``run_dir`` (outputs/<project>/<run id>), else
    ``outputs/submissions.sqlite``."""
    for v in (explicit, os.environ.get(ENV_STORE_URL), configured):
        if v:
            return str(v)
    if run_dir is not None:
        return str(Path(run_dir).resolve().parent.parent / DEFAULT_STORE_NAME)
    return str(Path("outputs") / DEFAULT_STORE_NAME)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def connect(path: Path) -> sqlite3.Connection:
    """A connection to a store file as every writer of it opens one: WAL journal,
    ``synchronous=FULL``, foreign keys, explicit transactions."""
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    return con


def refuse_changes(con: sqlite3.Connection, tables, message: str) -> None:
    """Triggers that make the database itself refuse UPDATE and DELETE on ``tables``."""
    for table in tables:
        for op in ("UPDATE", "DELETE"):
            con.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} "
                        f"ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END")


class SubmissionStore:
    """A SQLite submission store (see the module doc)."""

    def __init__(self, url: str | os.PathLike, create: bool = True):
        self.url = os.fspath(url)
        self.path = store_path(url)
        if not self.path.exists():
            if not create:
                raise InputError("no submission store", str(self.path),
                                 "a store made by 'ghgi submit'")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con:
            con.executescript(_SCHEMA)
            refuse_changes(con, _IMMUTABLE, "submissions are immutable")
            con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                        (str(SCHEMA_VERSION),))
            con.commit()

    def _connect(self) -> sqlite3.Connection:
        return connect(self.path)

    # ------------------------------------------------------------------ writing
    def submit(self, run_dir: Path | str, label: str = "") -> int:
        """Archive a run folder (manifest, emissions, output files); returns the id."""
        run_dir = Path(run_dir)
        mpath = run_dir / "manifest.json"
        if not mpath.exists():
            raise InputError("no manifest.json", str(run_dir),
                             "a run folder written by 'ghgi compile' or 'ghgi run'")
        manifest_bytes = mpath.read_bytes()
        try:
            manifest = json.loads(manifest_bytes)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"manifest.json is not valid JSON ({exc})", str(run_dir),
                             "a run folder written by 'ghgi compile' or 'ghgi run'") from None
        files: dict[str, bytes] = {"manifest.json": manifest_bytes}
        for rel, digest in sorted((manifest.get("outputs") or {}).items()):
            p = run_dir / rel
            if not p.exists():
                raise InputError(f"output file {rel} of the manifest is missing", str(run_dir),
                                 "an unaltered run folder")
            data = p.read_bytes()
            if _sha256(data) != digest:
                raise InputError(f"output file {rel} differs from its manifest checksum",
                                 str(run_dir), "an unaltered run folder")
            files[rel] = data
        if "emissions.parquet" in files:
            emissions = pd.read_parquet(io.BytesIO(files["emissions.parquet"]))
        else:
            raise InputError("the run has no emissions.parquet", str(run_dir),
                             "a complete run folder")
        return self.submit_frames(manifest, emissions, files, label or
                                  f"run {manifest.get('run_id', '')}")

    def submit_frames(self, manifest: dict, emissions: pd.DataFrame, files: dict[str, bytes],
                      label: str) -> int:
        """Archive one submission in one transaction; returns its id."""
        em = emissions.copy()
        for c in EMISSION_COLUMNS:
            if c not in em:
                em[c] = None
        em = em[list(EMISSION_COLUMNS)]
        em["notation_key"] = em["notation_key"].astype(object).where(
            em["notation_key"].notna(), None)
        em["memo"] = em["memo"].astype(bool).astype(int)
        em = em.astype(object).where(em.notna(), None)
        mtext = json.dumps(manifest, sort_keys=True, default=str)
        years = manifest.get("years") or [None, None]
        with closing(self._connect()) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                dup = con.execute("SELECT id, label FROM submissions WHERE manifest_sha256 = ?",
                                  (_sha256(mtext.encode()),)).fetchone()
                if dup is not None:
                    raise DuplicateSubmission(
                        f"run {manifest.get('run_id', '')} is already archived as submission "
                        f"{dup[0]} ('{dup[1]}'); a store holds each run once", str(self.path),
                        "a new run (ghgi compile) to submit again")
                cur = con.execute(
                    "INSERT INTO submissions (label, submitted_utc, run_id, project, party, "
                    "party_code, gwp_set, first_year, last_year, manifest, manifest_sha256, "
                    "emission_rows, files) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (str(label), _now(), str(manifest.get("run_id", "")),
                     manifest.get("project"), manifest.get("party"),
                     manifest.get("party_code"), manifest.get("gwp_set"), years[0], years[-1],
                     mtext, _sha256(mtext.encode()), len(em), len(files)))
                sid = int(cur.lastrowid)
                cols = ", ".join(EMISSION_COLUMNS)
                marks = ", ".join("?" * (len(EMISSION_COLUMNS) + 1))
                con.executemany(
                    f"INSERT INTO submission_emissions (submission_id, {cols}) VALUES ({marks})",
                    ((sid, *row) for row in em.itertuples(index=False, name=None)))
                con.executemany(
                    "INSERT INTO submission_files VALUES (?,?,?,?)",
                    ((sid, p, _sha256(b), sqlite3.Binary(b)) for p, b in files.items()))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return sid

    def set_reasons(self, against_id: int, reasons: pd.DataFrame) -> int:
        """Store the compiler's reasons (columns node, gas_group, reason) for the
        recalculations against submission ``against_id``; empty reasons are skipped.
        Returns the number stored."""
        self.get(against_id)
        r = reasons[reasons["reason"].fillna("").astype(str).str.strip() != ""]
        with closing(self._connect()) as con:
            con.execute("BEGIN IMMEDIATE")
            con.executemany("INSERT OR REPLACE INTO recalculation_reasons VALUES (?,?,?,?,?)",
                            ((int(against_id), str(n), str(g), str(t).strip(), _now())
                             for n, g, t in r[["node", "gas_group", "reason"]].itertuples(
                                 index=False)))
            con.execute("COMMIT")
        return len(r)

    # ------------------------------------------------------------------ reading
    def list(self) -> pd.DataFrame:
        with closing(self._connect()) as con:
            return pd.read_sql_query(
                "SELECT id, label, submitted_utc, run_id, project, party_code, gwp_set, "
                "first_year, last_year, emission_rows, files FROM submissions ORDER BY id", con)

    def get(self, sid: int) -> dict:
        """The submission's record with its manifest (dict)."""
        with closing(self._connect()) as con:
            con.row_factory = sqlite3.Row
            row = con.execute("SELECT * FROM submissions WHERE id = ?", (int(sid),)).fetchone()
        if row is None:
            raise SubmissionNotFound(f"no submission {sid}", str(self.path),
                                     "an id of 'ghgi submit' (see the store's list)")
        rec = dict(row)
        rec["manifest"] = json.loads(rec["manifest"])
        return rec

    def emissions(self, sid: int) -> pd.DataFrame:
        """The archived emissions table (notation keys as a categorical, memo as bool)."""
        from inventory.notation import NOTATION_DTYPE

        self.get(sid)
        with closing(self._connect()) as con:
            df = pd.read_sql_query(
                f"SELECT {', '.join(EMISSION_COLUMNS)} FROM submission_emissions "
                "WHERE submission_id = ? ORDER BY rowid", con, params=(int(sid),))
        df["memo"] = df["memo"].astype(bool)
        df["notation_key"] = df["notation_key"].astype(object).astype(NOTATION_DTYPE)
        for c in ("value", "value_co2eq", "activity_value", "ief"):
            df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
        df["year"] = df["year"].astype("int64")
        df["tier"] = df["tier"].astype("int64")
        return df

    def file(self, sid: int, path: str) -> bytes:
        with closing(self._connect()) as con:
            row = con.execute("SELECT content FROM submission_files WHERE submission_id = ? "
                              "AND path = ?", (int(sid), path)).fetchone()
        if row is None:
            raise SubmissionNotFound(f"submission {sid} has no file {path}", str(self.path))
        return bytes(row[0])

    def reasons(self, against_id: int) -> pd.DataFrame:
        with closing(self._connect()) as con:
            return pd.read_sql_query(
                "SELECT node, gas_group, reason, updated_utc FROM recalculation_reasons "
                "WHERE against_id = ? ORDER BY node, gas_group", con, params=(int(against_id),))

    def latest(self, party_code: str | None = None, exclude_run: str | None = None
               ) -> int | None:
        """The newest submission (of ``party_code``), not counting run ``exclude_run``."""
        q = "SELECT id FROM submissions WHERE 1=1"
        args: list = []
        if party_code:
            q += " AND party_code = ?"
            args.append(party_code)
        if exclude_run:
            q += " AND run_id != ?"
            args.append(exclude_run)
        with closing(self._connect()) as con:
            row = con.execute(q + " ORDER BY id DESC LIMIT 1", args).fetchone()
        return int(row[0]) if row else None

    def integrity(self) -> str:
        with closing(self._connect()) as con:
            return con.execute("PRAGMA integrity_check").fetchone()[0]
