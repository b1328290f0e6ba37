"""Stores of the first layout (one DuckDB file, `data/newsdesk.duckdb`) are converted once, on first open.

The conversion writes a new store folder beside the file (its name without `.duckdb`) under a temporary name and
renames it into place at the end, so an interrupted conversion is simply done again; the old file is left as it was
(delete it once the dashboard shows your articles). Everything is carried over: articles, where they were found,
ingest errors and files, topics and their settings, quality flags, and the whole review history with its ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from newsdesk.store.catalog import timestamp

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
MIGRATE_CHUNK = 20_000  # articles per part written by the conversion
CORPUS_FLAGS = ("duplicate", "near_duplicate", "other_language")  # flags recomputed over the corpus (flags.py)
CARRIED_META = ("rules_hash", "discovery", "discovered_choices")


def is_old_store(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'old'").fetchall()}


def attach_old(con: duckdb.DuckDBPyConnection, old: Path) -> None:
    """Attach the DuckDB file `old` to `con` as `old`, read-only; a clear error when another process holds it."""
    try:
        con.execute(f"ATTACH '{str(old).replace(chr(39), chr(39) * 2)}' AS old (READ_ONLY)")
    except duckdb.IOException as exc:
        raise RuntimeError(
            f"cannot convert {old}: it is in use by another process (an older Newsdesk dashboard?); stop it and try "
            "again"
        ) from exc


def copy_old_store(con: duckdb.DuckDBPyConnection, store: Any) -> None:
    """Copy everything of the attached old store into `store` (a new, empty newsdesk.store.Store)."""
    have = _tables(con)
    with store.writer("converting a store of the first layout") as w:
        n = int(con.execute("SELECT count(*) FROM old.articles").fetchone()[0])  # type: ignore[index]
        first = w.alloc_docs(n)
        con.execute(
            """CREATE TABLE memory.idmap AS SELECT id, CAST(row_number() OVER (ORDER BY published_day NULLS LAST, id)
               + ? - 1 AS INTEGER) AS doc FROM old.articles""",
            [first],
        )
        for lo in range(first, first + n, MIGRATE_CHUNK):
            table = (
                con.cursor()
                .sql(
                    """SELECT m.doc, a.* EXCLUDE (raw), nullif(a.raw, a.text) AS raw,
                          CASE WHEN a.published_day IS NULL THEN 'undated' ELSE strftime(a.published_day, '%Y-%m')
                          END AS month
                   FROM old.articles a JOIN idmap m USING (id) WHERE m.doc BETWEEN ? AND ?
                   ORDER BY a.published_day NULLS LAST, m.doc""",
                    params=[lo, lo + MIGRATE_CHUNK - 1],
                )
                .to_arrow_table()
            )
            w.add_articles(table)
        topic_rows = """SELECT m.doc, t.article_id, t.topic_id, t.score, t.evidence FROM old.article_topics t
                        JOIN idmap m ON m.id = t.article_id WHERE t.topic_id LIKE ? ORDER BY m.doc"""
        w.add_part("rule_topics", con.cursor().sql(topic_rows, params=["rule:%"]).to_arrow_table())
        w.add_part("disc_topics", con.cursor().sql(topic_rows, params=["disc:%"]).to_arrow_table())
        if "discovered_assignments" in have:
            w.add_part(
                "disc_raw",
                con.cursor()
                .sql(
                    """SELECT m.doc, d.article_id, d.topic, d.weight FROM old.discovered_assignments d
                       JOIN idmap m ON m.id = d.article_id ORDER BY m.doc"""
                )
                .to_arrow_table(),
            )
        if "article_flags" in have:
            flag_rows = """SELECT m.doc, f.article_id, f.flag, f.detail FROM old.article_flags f
                           JOIN idmap m ON m.id = f.article_id WHERE {} list_contains(?, f.flag) ORDER BY m.doc"""
            w.add_part("flags", con.cursor().sql(flag_rows.format("NOT"), params=[list(CORPUS_FLAGS)]).to_arrow_table())
            w.add_part(
                "corpus_flags", con.cursor().sql(flag_rows.format(""), params=[list(CORPUS_FLAGS)]).to_arrow_table()
            )
        if "article_signatures" in have:
            w.add_part(
                "signatures",
                con.cursor()
                .sql(
                    """SELECT m.doc, s.article_id, s.text_hash, s.minhash FROM old.article_signatures s
                       JOIN idmap m ON m.id = s.article_id ORDER BY m.doc"""
                )
                .to_arrow_table(),
            )
        w.add_sources(
            [tuple(r) for r in con.execute("SELECT article_id, source, path FROM old.article_sources").fetchall()]
        )
        for path, source, fmt, reason, at in con.execute("SELECT * FROM old.ingest_errors").fetchall():
            w.errors.append((path, source, fmt, reason, at))
        for row in con.execute("SELECT * FROM old.ingested_files").fetchall():
            w.files.append(tuple(row))
        w.set_topics(
            "rule",
            [tuple(r) for r in con.execute("SELECT * FROM old.topics WHERE kind = 'rule'").fetchall()],  # type: ignore[misc]
        )
        w.set_topics(
            "discovered",
            [tuple(r) for r in con.execute("SELECT * FROM old.topics WHERE kind = 'discovered'").fetchall()],  # type: ignore[misc]
        )
        for key, value in con.execute("SELECT key, value FROM old.meta").fetchall():
            if key in CARRIED_META:
                w.set_meta(key, value)
    if "review_events" in have:
        events = con.execute(
            "SELECT id, article_id, kind, field, value, reviewer, logged_at, undoes FROM old.review_events ORDER BY id"
        ).fetchall()
        with store.catalog.transaction() as c:
            c.executemany(
                "INSERT INTO review_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(*e[:6], timestamp(e[6]), e[7]) for e in events],
            )
