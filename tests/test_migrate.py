"""newsdesk.store.migrate: a database of the first layout (one DuckDB file) is converted on first open, with its
articles, sources, errors, files, topics and their settings, flags and the whole review history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from newsdesk.analysis import queries
from newsdesk.analysis.queries import Filters
from newsdesk.review import decisions as review
from newsdesk.store import Store

# The first layout's tables, as its store created them (the columns the conversion reads).
OLD_DDL = (
    """CREATE TABLE articles (id VARCHAR PRIMARY KEY, url VARCHAR, site VARCHAR, title VARCHAR, authors VARCHAR[],
        published VARCHAR, published_day DATE, published_source VARCHAR, page_date VARCHAR, language VARCHAR,
        section VARCHAR, tags VARCHAR[], description VARCHAR, text VARCHAR, word_count INTEGER,
        reading_minutes DOUBLE, reading_minutes_stated INTEGER, related_headlines VARCHAR[], warnings VARCHAR[],
        top_image VARCHAR, field_sources VARCHAR, removed VARCHAR, raw VARCHAR, source VARCHAR, path VARCHAR,
        format VARCHAR, ingested_at TIMESTAMP)""",
    "CREATE TABLE article_sources (article_id VARCHAR, source VARCHAR, path VARCHAR)",
    "CREATE TABLE topics (id VARCHAR, kind VARCHAR, name VARCHAR, terms VARCHAR[], query VARCHAR, description VARCHAR)",
    "CREATE TABLE article_topics (article_id VARCHAR, topic_id VARCHAR, score DOUBLE, evidence VARCHAR)",
    "CREATE TABLE ingest_errors (path VARCHAR, source VARCHAR, format VARCHAR, reason VARCHAR, logged_at TIMESTAMP)",
    """CREATE TABLE ingested_files (path VARCHAR, size BIGINT, mtime DOUBLE, sha256 VARCHAR, articles INTEGER,
        errors INTEGER, skipped INTEGER, ingested_at TIMESTAMP)""",
    "CREATE TABLE meta (key VARCHAR, value VARCHAR)",
    """CREATE TABLE review_events (id BIGINT, article_id VARCHAR, kind VARCHAR, field VARCHAR, value VARCHAR,
        reviewer VARCHAR, logged_at TIMESTAMP, undoes BIGINT)""",
    "CREATE TABLE article_flags (article_id VARCHAR, flag VARCHAR, detail VARCHAR)",
    "CREATE TABLE article_signatures (article_id VARCHAR, text_hash UBIGINT, minhash UINTEGER[])",
    "CREATE TABLE discovered_assignments (article_id VARCHAR, topic INTEGER, weight DOUBLE)",
)
N = 30


def _old_store(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        for stmt in OLD_DDL:
            con.execute(stmt)
        at = dt.datetime(2024, 5, 1, 9, 0)
        for i in range(N):
            day = dt.date(2024, 1 + i % 3, 1 + i)
            text = f"Ferry story {i}. The harbour board met on Monday to discuss the ferry timetable and fares."
            con.execute(
                "INSERT INTO articles VALUES (?, ?, 'port.example', ?, ['Ana Ruiz'], ?, ?, 'json-ld', NULL, 'en', "
                "'Local', [], NULL, ?, 16, 1.0, NULL, [], [], NULL, '{}', '', ?, ?, 'old.jsonl', 'record', ?)",
                [f"{i:016x}", f"https://port.example/{i}", f"Ferry {i}", day.isoformat(), day, text, text,
                 f"old.jsonl#{i}", at],
            )  # fmt: skip
            con.execute("INSERT INTO article_sources VALUES (?, ?, 'old.jsonl')", [f"{i:016x}", f"old.jsonl#{i}"])
            con.execute("INSERT INTO article_topics VALUES (?, 'rule:Transport', 1.0, 'ferry')", [f"{i:016x}"])
            con.execute("INSERT INTO article_topics VALUES (?, 'disc:0', 0.9, '')", [f"{i:016x}"])
            con.execute("INSERT INTO discovered_assignments VALUES (?, 0, 0.9)", [f"{i:016x}"])
            con.execute("INSERT INTO article_signatures VALUES (?, ?, NULL)", [f"{i:016x}", i])
        con.execute("INSERT INTO article_flags VALUES ('0000000000000001', 'short_text', '16 words')")
        con.execute("INSERT INTO topics VALUES ('rule:Transport', 'rule', 'Transport', [], 'ferry', '')")
        con.execute("INSERT INTO topics VALUES ('disc:0', 'discovered', 'ferry · harbour', ['ferry'], NULL, '')")
        con.execute("INSERT INTO ingest_errors VALUES ('bad.html', 'bad.html', 'html', 'empty file', ?)", [at])
        con.execute("INSERT INTO ingested_files VALUES ('old.jsonl', 100, 1.0, 'abc', ?, 0, 0, ?)", [N, at])
        con.execute("INSERT INTO meta VALUES ('rules_hash', 'h'), ('data_version', '3'), ('schema_version', '1')")
        con.execute(
            "INSERT INTO review_events VALUES (1, '0000000000000002', 'status', NULL, 'irrelevant', 'ann', ?, NULL),"
            " (2, '0000000000000003', 'correction', 'title', '\"Ferry fares rise\"', 'bob', ?, NULL)",
            [at, at],
        )
    finally:
        con.close()


def test_a_first_layout_database_is_converted_on_first_open(tmp_path: Path) -> None:
    old = tmp_path / "newsdesk.duckdb"
    _old_store(old)
    store = Store(old)
    try:
        assert store.path == tmp_path / "newsdesk"  # beside the file, named after it; the file is left as it was
        assert old.is_file()
        cur = store.cursor()
        assert cur.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (N, N)
        assert queries.count_articles(cur, Filters(topics=("rule:Transport",))) == N
        assert queries.count_articles(cur, Filters(search="harbour")) == N  # the search index was built
        assert review.state(cur, "0000000000000002").status == "irrelevant"
        assert queries.get_article(cur, "0000000000000003", store)["title"] == "Ferry fares rise"
        assert store.article_sources("0000000000000005") == ["old.jsonl#5"]
        assert [r[4] for r in store.ingest_errors()] == ["empty file"]
        assert store.catalog.file_hashes() == {"old.jsonl": "abc"}
        assert review.flags(cur, "0000000000000001") == [("short_text", "16 words")]
        assert store.meta("rules_hash") == "h"
        new_id = review.decide(cur, "0000000000000004", "ok", reviewer="cy")
        assert new_id > 2  # the history goes on after the carried ids
    finally:
        store.close()
    again = Store(old)  # the old path keeps working, now naming the converted folder
    try:
        assert again.path == tmp_path / "newsdesk"
        assert review.state(again.cursor(), "0000000000000004").status == "ok"
    finally:
        again.close()
    assert Store(tmp_path / "newsdesk").counts()["articles"] == N


def test_the_default_folder_picks_up_a_first_layout_file_beside_it(tmp_path: Path) -> None:
    _old_store(tmp_path / "newsdesk.duckdb")
    store = Store(tmp_path / "newsdesk")  # NEWSDESK_DB's new default, with the old default's file beside it
    try:
        assert store.counts()["articles"] == N
    finally:
        store.close()


def test_a_file_that_is_not_a_store_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello", encoding="utf-8")
    with pytest.raises(ValueError, match="not a Newsdesk store"):
        Store(bogus)
