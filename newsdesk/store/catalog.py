"""The catalog: the store's one mutable file, a SQLite database in WAL mode that several processes share.

It says which Parquet parts make up the corpus (a part is live from the commit that lists it), and holds the small
state that changes in place: ingest bookkeeping (files, per-file progress, errors, where each article was found),
topics and their settings, and the review history. SQLite lets any number of processes read while one writes, and
a writer waits (BUSY_TIMEOUT_MS) instead of failing; every write is one short transaction, so a reader never sees
half a batch and a process killed mid-write leaves the last committed state.

`corpus_version` (meta) grows with every commit that changes what the corpus holds; the review history's last id
grows with every decision. Readers compare both to what they loaded (`PRAGMA data_version` tells, for free, whether
any other connection committed since the last look).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

CATALOG_FILE = "catalog.sqlite"
# A writer waits this long for another process's transaction (they last milliseconds; an ingest commits each batch
# in one short transaction) before SQLite reports "database is locked".
BUSY_TIMEOUT_MS = 30_000

DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    # One row per Parquet file. `dropped_at` set: no longer part of the corpus (replaced or compacted); the file
    # stays on disk for a grace period so a reader that has not synced yet can finish its query.
    """CREATE TABLE IF NOT EXISTS parts (
        id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, file TEXT NOT NULL UNIQUE, rows INTEGER NOT NULL,
        doc_lo INTEGER, doc_hi INTEGER, created_at TEXT NOT NULL, dropped_at TEXT)""",
    "CREATE INDEX IF NOT EXISTS parts_kind ON parts (kind, dropped_at)",
    # Articles no longer in the corpus (their file changed, or a richer copy replaced them): parts are never
    # rewritten in place, so readers leave these docs out until a compaction drops their rows.
    "CREATE TABLE IF NOT EXISTS deleted_docs (doc INTEGER PRIMARY KEY)",
    """CREATE TABLE IF NOT EXISTS ingested_files (
        path TEXT PRIMARY KEY, size INTEGER, mtime REAL, sha256 TEXT, articles INTEGER, errors INTEGER,
        skipped INTEGER, ingested_at TEXT)""",
    # How far an interrupted ingest got in a file (items committed), so a re-run resumes instead of re-extracting.
    "CREATE TABLE IF NOT EXISTS file_progress (path TEXT PRIMARY KEY, sha256 TEXT, items INTEGER)",
    """CREATE TABLE IF NOT EXISTS ingest_errors (
        id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT, source TEXT, format TEXT, reason TEXT, logged_at TEXT)""",
    "CREATE INDEX IF NOT EXISTS ingest_errors_path ON ingest_errors (path)",
    """CREATE TABLE IF NOT EXISTS article_sources (
        article_id TEXT NOT NULL, source TEXT NOT NULL, path TEXT, PRIMARY KEY (article_id, source)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS article_sources_path ON article_sources (path)",
    # `terms` is a JSON list.
    """CREATE TABLE IF NOT EXISTS topics (
        id TEXT PRIMARY KEY, kind TEXT, name TEXT, terms TEXT, query TEXT, description TEXT)""",
    # Review history (newsdesk.review): appended, never updated, so two reviewers never erase each other.
    """CREATE TABLE IF NOT EXISTS review_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT, kind TEXT, field TEXT, value TEXT, reviewer TEXT,
        logged_at TEXT, undoes INTEGER)""",
    "CREATE INDEX IF NOT EXISTS review_events_article ON review_events (article_id)",
)

EVENT_COLUMNS = ("article_id", "kind", "field", "value", "reviewer", "logged_at", "undoes")
ReviewEvent = tuple[str | None, str, str | None, str | None, str, dt.datetime, int | None]


def _ts(value: dt.datetime | None) -> str | None:
    return value.isoformat(sep=" ") if value is not None else None


def parse_ts(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class Catalog:
    """The SQLite catalog of one store. One connection per process, shared by its threads under a lock (SQLite
    serialises a connection's statements anyway); other processes have their own."""

    def __init__(self, folder: Path, *, read_only: bool = False) -> None:
        self.path = folder / CATALOG_FILE
        self.read_only = read_only
        self._lock = threading.RLock()
        self.con = sqlite3.connect(
            str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
        )
        self.con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            self.con.execute("PRAGMA journal_mode = WAL")
            self.con.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at checkpoints, never corrupt
            with self.transaction() as con:
                for stmt in DDL:
                    con.execute(stmt)

    def close(self) -> None:
        with self._lock:
            self.con.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: takes the write lock at once, so it never fails half way)."""
        with self._lock:
            self.con.execute("BEGIN IMMEDIATE")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.con.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    # ---- versions --------------------------------------------------------------------------------------------

    def changed_marker(self) -> int:
        """SQLite's `data_version`: changes when another connection committed, costs no table read."""
        return int(self.one("PRAGMA data_version"))

    def versions(self) -> tuple[int, int]:
        """(corpus version, last review event id)."""
        with self._lock:
            row = self.con.execute(
                "SELECT (SELECT value FROM meta WHERE key = 'corpus_version'), (SELECT max(id) FROM review_events)"
            ).fetchone()
        return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)

    # ---- meta ------------------------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        value = self.one("SELECT value FROM meta WHERE key = ?", [key])
        return None if value is None else str(value)

    def all_meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.query("SELECT key, value FROM meta") if v is not None}

    @staticmethod
    def set_meta(con: sqlite3.Connection, key: str, value: str | None) -> None:
        if value is None:
            con.execute("DELETE FROM meta WHERE key = ?", [key])
        else:
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    @staticmethod
    def bump(con: sqlite3.Connection) -> None:
        """Inside a transaction: the corpus changed."""
        con.execute(
            """INSERT INTO meta VALUES ('corpus_version', '1')
               ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"""
        )

    # ---- parts -----------------------------------------------------------------------------------------------

    def live_parts(self, kind: str | None = None) -> list[tuple[int, str, str, int]]:
        """(id, kind, file, rows) of live parts (of `kind`), oldest first."""
        sql = "SELECT id, kind, file, rows FROM parts WHERE dropped_at IS NULL"
        params: list[Any] = []
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        return [(int(i), str(k), str(f), int(n)) for i, k, f, n in self.query(sql + " ORDER BY id", params)]

    def known_files(self) -> set[str]:
        return {str(r[0]) for r in self.query("SELECT file FROM parts")}

    def expired_parts(self, before: dt.datetime) -> list[tuple[int, str]]:
        return [(int(i), str(f)) for i, f in self.query(
            "SELECT id, file FROM parts WHERE dropped_at IS NOT NULL AND dropped_at < ?", [_ts(before)]
        )]  # fmt: skip

    def deleted_docs(self) -> list[int]:
        return [int(r[0]) for r in self.query("SELECT doc FROM deleted_docs ORDER BY doc")]

    # ---- bookkeeping reads -----------------------------------------------------------------------------------

    def file_hashes(self) -> dict[str, str]:
        return {str(p): str(h) for p, h in self.query("SELECT path, sha256 FROM ingested_files")}

    def progress(self) -> dict[str, tuple[str, int]]:
        return {str(p): (str(h), int(n)) for p, h, n in self.query("SELECT path, sha256, items FROM file_progress")}

    def counts(self) -> dict[str, int]:
        with self._lock:
            row = self.con.execute(
                "SELECT (SELECT count(*) FROM ingest_errors), (SELECT count(*) FROM ingested_files)"
            ).fetchone()
        return {"errors": int(row[0]), "files": int(row[1])} if row else {"errors": 0, "files": 0}

    def sources_of(self, article_id: str) -> list[str]:
        return [str(r[0]) for r in self.query(
            "SELECT source FROM article_sources WHERE article_id = ? ORDER BY source", [article_id]
        )]  # fmt: skip

    def topics(self) -> list[tuple[str, str, str, list[str], str | None, str | None]]:
        return [
            (str(i), str(k), str(n), list(json.loads(t or "[]")), q, d)
            for i, k, n, t, q, d in self.query("SELECT id, kind, name, terms, query, description FROM topics")
        ]

    # ---- review history --------------------------------------------------------------------------------------

    def append_events(self, events: Sequence[ReviewEvent]) -> list[int]:
        """Append review events in one transaction; returns their ids in order."""
        ids: list[int] = []
        with self.transaction() as con:
            for aid, kind, fld, value, who, at, undoes in events:
                cur = con.execute(
                    "INSERT INTO review_events (article_id, kind, field, value, reviewer, logged_at, undoes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [aid, kind, fld, value, who, _ts(at), undoes],
                )
                ids.append(int(cur.lastrowid or 0))
        return ids

    def events_after(self, last_id: int) -> list[tuple[Any, ...]]:
        """Review events with an id above `last_id`, oldest first, timestamps parsed."""
        rows = self.query(
            "SELECT id, article_id, kind, field, value, reviewer, logged_at, undoes FROM review_events "
            "WHERE id > ? ORDER BY id",
            [last_id],
        )
        return [(r[0], r[1], r[2], r[3], r[4], r[5], parse_ts(r[6]), r[7]) for r in rows]


def timestamp(value: dt.datetime | None) -> str | None:
    """How the catalog stores a time (naive UTC, ISO)."""
    return _ts(value)
