"""store: schema, incremental and idempotent ingest, duplicates, errors as rows, topics kept up to date."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from newsdesk.analysis import topic_admin
from newsdesk.analysis.queries import iter_export
from newsdesk.analysis.topics import RuleTopic
from newsdesk.ingest import ingest
from newsdesk.store import Store, StoreLockedError
from tests.helpers import PARAGRAPHS, news_page, text_dump

RULES = [
    RuleTopic("Transport", "tram* OR ferry OR commut*"),
    RuleTopic("Council", '"city council" OR mayor'),
]


def _corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tram.html").write_text(news_page(), encoding="utf-8")
    (folder / "dump.txt").write_text(text_dump("Mayor opens the new library wing"), encoding="utf-8")
    records = [
        {
            "url": "https://www.riverton-post.example/news/2024/03/05/council-tram-extension",
            "title": "dup",
            "text": "Same story as the HTML page, from an API export.",
        },
        {
            "link": "https://other.example/ferry",
            "headline": "Ferry fares rise",
            "date": "2024-02-01",
            "body": "Ferry fares rise again. " * 20,
            "byline": "Sam Ortiz",
        },
    ]
    (folder / "export.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def _count(store: Store, sql: str) -> int:
    row = store.cursor().execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_ingest_is_incremental_and_idempotent(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    store = Store(tmp_path / "db.duckdb")
    first = ingest(store, [tmp_path / "in"], rules=RULES)
    assert (first.files_seen, first.new, first.skipped, first.errors) == (3, 3, 0, 0)
    assert first.articles == 3 and first.duplicates == 1  # the JSONL copy of the HTML story is one row
    assert _count(store, "SELECT count(*) FROM articles") == 3
    assert store.catalog.one("SELECT count(*) FROM article_sources") == 4
    assert _count(store, "SELECT count(*) FROM articles WHERE raw IS NULL OR raw = ''") == 0  # raw content kept
    v1 = store.data_version()

    again = ingest(store, [tmp_path / "in"], rules=RULES)
    assert (again.new, again.changed, again.skipped, again.articles) == (0, 0, 3, 0)
    assert _count(store, "SELECT count(*) FROM articles") == 3
    assert store.data_version() == v1  # nothing changed, caches stay valid

    (tmp_path / "in" / "dump.txt").write_text(text_dump("Mayor closes the old library wing"), encoding="utf-8")
    changed = ingest(store, [tmp_path / "in"], rules=RULES)
    assert (changed.changed, changed.skipped) == (1, 2)
    titles = [r[0] for r in store.cursor().execute("SELECT title FROM articles ORDER BY title").fetchall()]
    assert "Mayor closes the old library wing" in titles
    assert "Mayor opens the new library wing" not in titles  # the changed file's old article is gone
    assert store.data_version() > v1


def test_rule_topics_are_matched_and_can_change_without_reingest(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    store = Store(tmp_path / "db.duckdb")
    ingest(store, [tmp_path / "in"], rules=RULES)
    transport = _count(store, "SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Transport'")
    assert transport == 3  # the tram page, the dump (same tram paragraphs) and the ferry record
    evidence = (
        store.cursor()
        .execute("SELECT evidence FROM article_topics WHERE topic_id = 'rule:Transport' ORDER BY evidence")
        .fetchall()
    )
    assert all(e[0] for e in evidence)
    topic_admin.set_rules(store, [RuleTopic("Libraries", "librar*")])
    assert _count(store, "SELECT count(*) FROM article_topics WHERE topic_id LIKE 'rule:%'") == 1
    assert _count(store, "SELECT count(*) FROM topics WHERE kind = 'rule'") == 1


def test_bad_inputs_become_error_rows_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _corpus(folder)
    (folder / "empty.html").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (folder / "truncated.html.gz").write_bytes(gzip.compress(news_page().encode())[:200])
    latin = news_page("Zoë Müller wins the café prize", url="https://riverton-post.example/zoe", charset="windows-1252")
    (folder / "latin1.html").write_bytes(latin.encode("cp1252"))
    big_paras = [PARAGRAPHS[i % 4] + f" Paragraph {i}." for i in range(100_000)]  # about 20 MB of page
    big = news_page("A very long page", url="https://riverton-post.example/long", paragraphs=big_paras)
    assert len(big) > 20_000_000
    (folder / "huge.html").write_text(big, encoding="utf-8")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as zf:
        zf.writestr("inner/story.html", news_page("Zip story", url="https://riverton-post.example/zip"))
        zf.writestr("inner/notes.bin", b"\x00\x01")

    store = Store(tmp_path / "db.duckdb")
    summary = ingest(store, [folder], rules=RULES)
    errors = {Path(r[0]).name: r[1] for r in store.catalog.query("SELECT path, reason FROM ingest_errors")}
    for name in ("empty.html", "image.html", "broken.zip", "truncated.html.gz"):
        assert name in errors, f"{name} should be an error row; errors: {errors}"
        assert errors[name]
    assert "PNG" in errors["image.html"]
    titles = {r[0] for r in store.cursor().execute("SELECT title FROM articles").fetchall()}
    assert "Zoë Müller wins the café prize" in titles  # decoded, not mojibake
    assert "Zip story" in titles
    assert "Council approves northern tram extension" in titles
    huge = store.cursor().execute("SELECT count(*) FROM articles WHERE title = 'A very long page'").fetchone()
    huge_err = [r for n, r in errors.items() if n == "huge.html"]
    assert (huge is not None and huge[0] == 1) or huge_err  # a clean article or an error row, never a crash
    assert summary.errors == len(store.catalog.query("SELECT * FROM ingest_errors"))


def test_another_writer_never_blocks_readers_and_a_second_writer_says_who_holds_it(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    _corpus(tmp_path / "in")
    store = Store(db)
    ingest(store, [tmp_path / "in"], rules=RULES)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, '.'); from newsdesk.store import Store; "
            f"s = Store({str(db)!r}); w = s.writer('a test holder'); w.__enter__(); print('ok', flush=True); "
            "time.sleep(30)",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        reader = Store(db)  # opening and reading never wait for a writer
        assert _count(reader, "SELECT count(*) FROM articles") == 3
        assert reader.writer_info() is not None and "a test holder" in reader.writer_info().describe()
        with pytest.raises(StoreLockedError, match="being written by a test holder"):
            ingest(reader, [tmp_path / "in"], rules=RULES, wait=0.5)
    finally:
        holder.kill()
        holder.wait()
    assert Store(db).writer_info() is None  # the kernel let go of the lock with the process


def test_export_rows_carry_topics_and_review_state(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    store = Store(tmp_path / "db.duckdb")
    ingest(store, [tmp_path / "in"], rules=RULES)
    rows = list(iter_export(store.cursor()))
    assert len(rows) == 3
    tram = next(r for r in rows if r["title"] == "Council approves northern tram extension")
    assert tram["rule_topics"] == ["Council", "Transport"]
    assert tram["review_status"] == "unreviewed"
    assert "raw" not in tram


def test_parallel_ingest_stores_the_same_as_serial(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _corpus(folder)
    for i in range(20):  # enough files for the pool to be used
        title = f"Harbour story number {i}"
        url = f"https://riverton-post.example/news/{i}"
        (folder / f"page{i:02}.html").write_text(news_page(title, url=url), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")

    def stored(workers: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        # Through the CLI, as people run it: a pool re-imports the main module in its workers, and under pytest
        # that can be a script another test left as __main__.
        db = tmp_path / f"w{workers}.duckdb"
        cmd = [sys.executable, "-m", "newsdesk", "ingest", str(folder), "--db", str(db), "--quiet"]
        proc = subprocess.run([*cmd, "--workers", str(workers)], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        store = Store(db)
        cur = store.cursor()
        arts = cur.execute("SELECT id, title, published, text, source FROM articles ORDER BY id").fetchall()
        errs = store.catalog.query("SELECT source, reason FROM ingest_errors ORDER BY source")
        store.close()
        return arts, errs

    serial, parallel = stored(1), stored(2)
    assert len(serial[0]) == 23 and len(serial[1]) == 1
    assert parallel == serial


def test_small_parts_are_merged_and_nothing_is_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.analysis.queries import Filters, count_articles
    from newsdesk.ingest import add_articles
    from newsdesk.models import Article
    from newsdesk.store import core

    monkeypatch.setattr(core, "MAX_SMALL_PARTS", 3)
    store = Store(tmp_path / "db")
    for i in range(6):  # six small ingests: six small parts of each kind
        text = f"Harbour story {i}. " + "The ferry board met again on Monday about the timetable. " * 6
        add_articles(store, [Article(source=f"s{i}", url=f"https://merge.example/{i}", title=f"Ferry {i}", text=text)])
    live = store.catalog.live_parts("articles")
    assert len(live) <= 4, live  # merged once more than three had piled up
    cur = store.cursor()
    assert cur.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (6, 6)
    assert count_articles(cur, Filters(search="harbour")) == 6  # the index was merged too
    store.close()
