"""The DuckDB store: schema declared once, incremental and idempotent ingest, topics kept up to date.

A file is remembered by path, size, mtime and content hash: an unchanged file is skipped, a changed one is
re-extracted (its old articles and errors replaced). An article seen in several files is one row, with every file
it came from in `article_sources`. Every failure is an `ingest_errors` row; the batch always goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from newsdesk import sources
from newsdesk.analysis import flags, topic_admin
from newsdesk.analysis.topics import RuleMatcher, RuleTopic, discover_topics
from newsdesk.models import Article, ExtractError, RawDoc, ReadError, Skipped
from newsdesk.pipeline import Item, extract_doc, finalize

SCHEMA_VERSION = "1"

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY,
        url VARCHAR, site VARCHAR, title VARCHAR, authors VARCHAR[],
        published VARCHAR, published_day DATE, published_source VARCHAR, page_date VARCHAR,
        language VARCHAR, section VARCHAR, tags VARCHAR[], description VARCHAR,
        text VARCHAR, word_count INTEGER, reading_minutes DOUBLE, reading_minutes_stated INTEGER,
        related_headlines VARCHAR[], warnings VARCHAR[], top_image VARCHAR, field_sources VARCHAR,
        removed VARCHAR, raw VARCHAR, source VARCHAR, path VARCHAR, format VARCHAR, ingested_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS article_sources (
        article_id VARCHAR, source VARCHAR, path VARCHAR, PRIMARY KEY (article_id, source))""",
    """CREATE TABLE IF NOT EXISTS topics (
        id VARCHAR PRIMARY KEY, kind VARCHAR, name VARCHAR, terms VARCHAR[], query VARCHAR, description VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS article_topics (
        article_id VARCHAR, topic_id VARCHAR, score DOUBLE, evidence VARCHAR, PRIMARY KEY (article_id, topic_id))""",
    """CREATE TABLE IF NOT EXISTS reviews (
        article_id VARCHAR PRIMARY KEY, status VARCHAR, note VARCHAR, reviewer VARCHAR, updated_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS ingest_errors (
        path VARCHAR, source VARCHAR, format VARCHAR, reason VARCHAR, logged_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS ingested_files (
        path VARCHAR PRIMARY KEY, size BIGINT, mtime DOUBLE, sha256 VARCHAR,
        articles INTEGER, errors INTEGER, skipped INTEGER, ingested_at TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE INDEX IF NOT EXISTS article_topics_topic ON article_topics (topic_id)",
    # The reader and the review page read one article's topics and flags on every step: a lookup, not a scan of
    # every article's rows (10 ms -> 2 ms on 100,000 articles, bench/review.py).
    "CREATE INDEX IF NOT EXISTS article_topics_article ON article_topics (article_id)",
    # Review history (newsdesk.review.decisions): inserts only, never UPDATE or DELETE, so two reviewers writing at once
    # through two cursors never meet a write-write conflict and an undo or a wipe is itself a row. No primary key:
    # ids come from the sequence, and an index would only slow every insert down.
    "CREATE SEQUENCE IF NOT EXISTS review_event_ids START 1",
    """CREATE TABLE IF NOT EXISTS review_events (
        id BIGINT DEFAULT nextval('review_event_ids'), article_id VARCHAR, kind VARCHAR, field VARCHAR,
        value VARCHAR, reviewer VARCHAR, logged_at TIMESTAMP, undoes BIGINT)""",
    # Quality flags (analysis.flags): per-article ones written with the article, cross-article ones after each ingest.
    "CREATE TABLE IF NOT EXISTS article_flags (article_id VARCHAR, flag VARCHAR, detail VARCHAR)",
    "CREATE INDEX IF NOT EXISTS article_flags_article ON article_flags (article_id)",
    """CREATE TABLE IF NOT EXISTS article_signatures (
        article_id VARCHAR PRIMARY KEY, text_hash UBIGINT, minhash UINTEGER[])""",
    # Events that still count: after the last wipe, not undone. Corrections are JSON values, status and note plain.
    """CREATE OR REPLACE VIEW review_live AS
        SELECT e.* FROM review_events e
        WHERE e.kind IN ('status', 'note', 'correction')
          AND e.id > coalesce((SELECT max(w.id) FROM review_events w WHERE w.kind = 'wipe'), 0)
          AND e.id NOT IN (SELECT u.undoes FROM review_events u WHERE u.kind = 'undo' AND u.undoes IS NOT NULL)""",
    # One row per article with any live event: its latest status, note and corrected values (NULL: not corrected, or
    # the correction was cleared). A GROUP BY on article_id, so a filter on it reaches the events scan.
    """CREATE OR REPLACE VIEW review_state AS
        SELECT article_id, status, nullif(note, '') AS note, json_extract_string(title, '$') AS title,
            TRY_CAST(json_extract_string(published_day, '$') AS DATE) AS published_day,
            from_json(authors, '["VARCHAR"]') AS authors, json_extract_string(section, '$') AS section,
            from_json(topics, '["VARCHAR"]') AS topics, reviewer, updated_at
        FROM (
            SELECT article_id,
                arg_max_null(value, id) FILTER (WHERE kind = 'status') AS status,
                arg_max_null(value, id) FILTER (WHERE kind = 'note') AS note,
                arg_max_null(value, id) FILTER (WHERE kind = 'correction' AND field = 'title') AS title,
                arg_max_null(value, id) FILTER (WHERE kind = 'correction' AND field = 'published_day') AS published_day,
                arg_max_null(value, id) FILTER (WHERE kind = 'correction' AND field = 'authors') AS authors,
                arg_max_null(value, id) FILTER (WHERE kind = 'correction' AND field = 'section') AS section,
                arg_max_null(value, id) FILTER (WHERE kind = 'correction' AND field = 'topics') AS topics,
                arg_max(reviewer, id) AS reviewer, arg_max(logged_at, id) AS updated_at
            FROM review_live GROUP BY article_id)""",
    # review_state materialised, one row per article: every read joins this small table instead of re-deriving
    # the state from the whole history (planning those views alone took ~30 ms a query). Only review writes touch
    # it, each inside the transaction that appends its events and under REVIEW_LOCK, so writes never overlap and
    # cannot conflict; it is rebuilt from the history at every open, so it can never drift from review_events.
    """CREATE TABLE IF NOT EXISTS review_latest (
        article_id VARCHAR, status VARCHAR, note VARCHAR, title VARCHAR, published_day DATE, authors VARCHAR[],
        section VARCHAR, topics VARCHAR[], reviewer VARCHAR, updated_at TIMESTAMP)""",
    # What every read goes through: the extracted rows with reviewers' corrections applied, the extracted values
    # beside them (`*_extracted`) and the review status. The dashboard never reads `articles` directly.
    """CREATE OR REPLACE VIEW article_view AS
        SELECT a.* REPLACE (
                coalesce(r.title, a.title) AS title,
                coalesce(r.authors, a.authors) AS authors,
                coalesce(r.section, a.section) AS section,
                CASE WHEN r.published_day IS NULL THEN a.published ELSE CAST(r.published_day AS VARCHAR) END
                    AS published,
                CASE WHEN r.published_day IS NULL THEN a.published_source ELSE 'reviewer' END AS published_source,
                coalesce(r.published_day, a.published_day) AS published_day),
            a.title AS title_extracted, a.authors AS authors_extracted, a.section AS section_extracted,
            a.published AS published_extracted, a.published_day AS published_day_extracted,
            coalesce(r.status, 'unreviewed') AS review_status, r.note AS review_note,
            r.reviewer AS reviewed_by, r.updated_at AS reviewed_at
        FROM articles a LEFT JOIN review_latest r ON r.article_id = a.id""",
    # An article's rule topics corrected by a reviewer replace the matched ones; discovered topics stay.
    """CREATE OR REPLACE VIEW article_topic_view AS
        SELECT t.article_id, t.topic_id, t.score, t.evidence FROM article_topics t
        WHERE t.topic_id NOT LIKE 'rule:%'
           OR t.article_id NOT IN (SELECT article_id FROM review_latest WHERE topics IS NOT NULL)
        UNION ALL
        SELECT r.article_id, unnest(r.topics) AS topic_id, 1.0 AS score, 'set by a reviewer' AS evidence
        FROM review_latest r WHERE r.topics IS NOT NULL""",
)

ARTICLE_COLUMNS = (
    "id url site title authors published published_day published_source page_date language section tags "
    "description text word_count reading_minutes reading_minutes_stated related_headlines warnings top_image "
    "field_sources removed raw source path format ingested_at"
).split()

# Discovered topics are recomputed when the corpus changes; below this many articles they mean nothing.
MIN_ARTICLES_FOR_DISCOVERY = 20


# Every review write in this process holds this lock (a DuckDB file has one writing process, so that is all of
# them): its events and the review_latest rows they change are written in one transaction, one write at a time.
REVIEW_LOCK = threading.RLock()


def refresh_review_latest(cur: duckdb.DuckDBPyConnection, article_ids: Sequence[str] | None = None) -> None:
    """Re-derive the current review state of these articles (every stored article when None) from the history.
    The caller holds REVIEW_LOCK, inside a transaction."""
    if article_ids is None:  # only stored articles: a topics correction of a removed article must not count
        cur.execute("DELETE FROM review_latest")
        cur.execute(
            "INSERT INTO review_latest BY NAME SELECT * FROM review_state WHERE article_id IN (SELECT id FROM articles)"
        )
        return
    ids = sorted(set(article_ids))
    if ids:
        cur.execute("DELETE FROM review_latest WHERE list_contains(?, article_id)", [ids])
        cur.execute(
            "INSERT INTO review_latest BY NAME SELECT * FROM review_state WHERE list_contains(?, article_id)", [ids]
        )


def data_version(cur: duckdb.DuckDBPyConnection) -> int:
    """`Store.data_version` for a plain cursor (newsdesk.review.decisions uses it)."""
    row = cur.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    version = int(row[0]) if row else 0
    try:  # two plain queries: one with two scalar subqueries took several times longer to plan
        last = cur.execute("SELECT max(id) FROM review_events").fetchone()
    except duckdb.CatalogException:  # a database from before review history, opened read-only
        return version
    return version + (int(last[0]) if last and last[0] is not None else 0)


class StoreLockedError(RuntimeError):
    """The database file is held by another process (usually the running dashboard)."""


@dataclass
class IngestSummary:
    files_seen: int = 0
    new: int = 0
    changed: int = 0
    skipped: int = 0  # unchanged files
    articles: int = 0  # articles added or updated
    duplicates: int = 0  # articles already stored from another file
    records_skipped: int = 0  # records a reader passed over on purpose (e.g. non-HTML WARC records)
    errors: int = 0
    error_rows: list[ReadError | ExtractError] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{_n(self.files_seen, 'file')} seen: {self.new} new, {self.changed} changed, {self.skipped} unchanged; "
            f"{_n(self.articles, 'article')} stored, {_n(self.duplicates, 'duplicate')}, {_n(self.errors, 'error')}"
        )


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


Progress = Callable[[int, int, str], None]  # (files done, files total, current path)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _published_day(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Pending rows are written in one transaction every this many rows: large enough that DuckDB's per-statement cost
# vanishes (single-row INSERTs cost ~10 ms each), small enough to bound memory on a big folder.
FLUSH_EVERY = 500

ARROW_TYPES: dict[str, dict[str, pa.DataType]] = {
    "articles": {
        **{c: pa.string() for c in ARTICLE_COLUMNS},
        **{c: pa.list_(pa.string()) for c in ("authors", "tags", "related_headlines", "warnings")},
        "published_day": pa.date32(),
        "word_count": pa.int32(),
        "reading_minutes": pa.float64(),
        "reading_minutes_stated": pa.int32(),
        "ingested_at": pa.timestamp("us"),
    },
    "article_sources": {"article_id": pa.string(), "source": pa.string(), "path": pa.string()},
    "article_topics": {
        "article_id": pa.string(),
        "topic_id": pa.string(),
        "score": pa.float64(),
        "evidence": pa.string(),
    },
    "ingest_errors": {
        "path": pa.string(),
        "source": pa.string(),
        "format": pa.string(),
        "reason": pa.string(),
        "logged_at": pa.timestamp("us"),
    },
    "ingested_files": {
        "path": pa.string(),
        "size": pa.int64(),
        "mtime": pa.float64(),
        "sha256": pa.string(),
        "articles": pa.int32(),
        "errors": pa.int32(),
        "skipped": pa.int32(),
        "ingested_at": pa.timestamp("us"),
    },
}


def _insert(cur: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]], mode: str = "") -> None:
    """Bulk-insert tuples (in the table's column order) through an Arrow table."""
    if not rows:
        return
    types = ARROW_TYPES[table]
    columns = list(zip(*rows, strict=True))
    arrow = pa.table({name: pa.array(list(col), type=types[name]) for name, col in zip(types, columns, strict=True)})
    cur.register("_pending", arrow)
    try:
        cur.execute(f"INSERT {mode} INTO {table} BY NAME SELECT * FROM _pending")
    finally:
        cur.unregister("_pending")


@dataclass
class _Batch:
    """Rows waiting to be written, and the word count of every stored id, so duplicates are settled before the
    write: of two copies of a story the one with more text wins (a full page over an export's stub), whatever
    order the files come in."""

    known: dict[str, int]
    articles: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    topics: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    replaced: set[str] = field(default_factory=set)  # stored ids whose row a richer copy replaces
    sources: list[tuple[Any, ...]] = field(default_factory=list)
    errors: list[tuple[Any, ...]] = field(default_factory=list)
    files: list[tuple[Any, ...]] = field(default_factory=list)
    flags: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # per-article quality flags
    signatures: dict[str, tuple[str, int | None, list[int] | None]] = field(default_factory=dict)
    corpus_changed: bool = False

    def size(self) -> int:
        return len(self.articles) + len(self.sources) + len(self.errors) + len(self.files)

    def clear(self) -> None:
        for rows in (
            self.articles,
            self.topics,
            self.replaced,
            self.sources,
            self.errors,
            self.files,
            self.flags,
            self.signatures,
        ):
            rows.clear()

    def article(self, art: Article, matcher: RuleMatcher, s: IngestSummary) -> None:
        self.sources.append((art.id, art.source, art.path))
        if art.id in self.known:
            s.duplicates += 1
            if art.word_count <= self.known[art.id]:
                return
            if art.id not in self.articles:
                self.replaced.add(art.id)
        else:
            s.articles += 1
        self.known[art.id] = art.word_count
        ingested_at = _now()
        values = {
            **{c: getattr(art, c, None) for c in ARTICLE_COLUMNS},
            "published_day": _published_day(art.published),
            "field_sources": json.dumps(art.field_sources, sort_keys=True),
            "ingested_at": ingested_at,
        }
        self.articles[art.id] = tuple(values[c] for c in ARTICLE_COLUMNS)
        self.topics[art.id] = [
            (art.id, f"rule:{name}", 1.0, ev) for name, ev in matcher.match(art.title or "", art.text)
        ]
        self.flags[art.id], self.signatures[art.id] = flags.article_rows(
            art.id,
            published=art.published,
            url=art.url,
            text=art.text,
            word_count=art.word_count,
            crawled=art.page_date,
            ingested=ingested_at.date(),
        )
        self.corpus_changed = True

    def error(self, err: ReadError | ExtractError, s: IngestSummary) -> None:
        self.errors.append((err.path, err.source, err.format, err.reason, _now()))
        s.errors += 1
        s.error_rows.append(err)


def _known_ids(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(cur.execute("SELECT id, coalesce(word_count, 0) FROM articles").fetchall())


@dataclass(frozen=True)
class _FilePlan:
    path: Path
    size: int
    mtime: float
    digest: str


# Below this many files a process pool costs more to start (imports in every worker) than it saves.
MIN_FILES_FOR_POOL = 16
POOL_CHUNK = 4  # files per task sent to a worker: amortises pickling without starving the other worker


def extract_file(path: Path) -> list[Item]:
    """Everything one file holds, extracted: articles, error values and skipped records, in file order."""
    items: list[Item] = []
    for item in sources.read_file(path):
        items.append(extract_doc(item) if isinstance(item, RawDoc) else item)
    return items


def _extract_files(paths: Sequence[Path], workers: int) -> Iterator[list[Item]]:
    """`extract_file` over paths, in order; in a pool of `workers` processes when that pays. As with any process
    pool, workers import the caller's main module: a script calling this needs an `if __name__ == "__main__"`."""
    if workers <= 1 or len(paths) < MIN_FILES_FOR_POOL:
        yield from map(extract_file, paths)
        return
    # forkserver, not fork: the parent holds DuckDB's threads, and forking a threaded process is unsafe.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(extract_file, paths, chunksize=POOL_CHUNK)


class Store:
    """One DuckDB database. The connection is shared; every thread or script run takes its own `cursor()`."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"{self.path} is in use by another process (is the dashboard running?); "
                    "stop it, or pass --db with another file"
                ) from exc
            raise
        self._write_lock = threading.Lock()
        if not read_only:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        cur = self.con.cursor()
        for stmt in DDL:
            cur.execute(stmt)
        cur.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        self._refresh_reviews(cur)

    @staticmethod
    def _refresh_reviews(cur: duckdb.DuckDBPyConnection) -> None:
        """Rebuild review_latest from the history: at open (so it can never drift) and after the corpus changed
        (a removed article's state leaves it, a re-ingested one's comes back)."""
        with REVIEW_LOCK:
            cur.execute("BEGIN TRANSACTION")
            try:
                refresh_review_latest(cur)
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise

    def data_version(self) -> int:
        """A number that grows with every write, so cached reads can be keyed on it: the ingest counter plus the
        last review event id (every review write is an insert, so it bumps the version without an UPDATE that two
        reviewers could conflict on)."""
        return data_version(self.cursor())

    def _bump_version(self, cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute(
            "INSERT OR REPLACE INTO meta VALUES ('data_version', CAST(? AS VARCHAR))",
            [self.data_version() + 1],
        )

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    def close(self) -> None:
        self.con.close()

    # ---- ingest ---------------------------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        rules: Sequence[RuleTopic] = (),
        progress: Progress | None = None,
        n_topics: int | None = None,
        workers: int = 1,
    ) -> IngestSummary:
        """Ingest every supported file under `paths`; unchanged files are skipped. Then bring rule topics and
        discovered topics up to date when the rules or the corpus changed. `workers` > 1 extracts in that many
        processes (extraction is a pure function of one file); results are stored in file order either way."""
        with self._write_lock:
            cur = self.cursor()
            summary = IngestSummary()
            matcher = RuleMatcher(rules)
            batch = _Batch(known=_known_ids(cur))
            files: list[Path] = []
            for item in sources.iter_files(paths):
                if isinstance(item, ReadError):
                    batch.error(item, summary)
                else:
                    files.append(item)
            summary.files_seen = len(files)
            seen = dict(cur.execute("SELECT path, sha256 FROM ingested_files").fetchall())
            todo = [plan for path in files if (plan := self._plan_file(cur, path, seen, batch, summary))]
            done = len(files) - len(todo)
            for plan, items in zip(todo, _extract_files([p.path for p in todo], workers), strict=True):
                if progress:
                    progress(done, len(files), str(plan.path))
                self._apply_file(plan, items, matcher, batch, summary)
                done += 1
                if batch.size() >= FLUSH_EVERY:
                    self._flush(cur, batch)
            self._flush(cur, batch)
            if progress:
                progress(len(files), len(files), "")
            rules_changed = self._rules_changed(cur, rules)
            if rules_changed:
                self._store_rule_topics(cur, rules, matcher)
            if batch.corpus_changed or self._discovery_missing(cur):
                self.refresh_discovered(n_topics, cur=cur)
            if batch.corpus_changed or flags.missing(cur):
                flags.refresh(cur)
            if batch.corpus_changed:
                self._refresh_reviews(cur)
            if batch.corpus_changed or rules_changed or summary.errors:
                self._bump_version(cur)
            return summary

    def add_articles(self, articles: Iterable[Article], *, rules: Sequence[RuleTopic] = ()) -> int:
        """Store already-extracted articles (from code, a notebook or a test), match rule topics, refresh
        discovered topics; returns how many were new."""
        with self._write_lock:
            cur = self.cursor()
            matcher = RuleMatcher(rules)
            batch = _Batch(known=_known_ids(cur))
            summary = IngestSummary()
            for art in articles:
                if not art.id:
                    finalize(art)
                batch.article(art, matcher, summary)
            self._flush(cur, batch)
            if self._rules_changed(cur, rules):
                self._store_rule_topics(cur, rules, matcher)
            if summary.articles:
                self.refresh_discovered(cur=cur)
            if batch.corpus_changed or flags.missing(cur):
                flags.refresh(cur)
            if batch.corpus_changed:
                self._refresh_reviews(cur)
            self._bump_version(cur)
            return summary.articles

    def _plan_file(
        self, cur: duckdb.DuckDBPyConnection, path: Path, seen: dict[str, str], batch: _Batch, s: IngestSummary
    ) -> _FilePlan | None:
        """Whether a file needs reading: None when it is unchanged (or unreadable, which is an error row). A
        changed file's old articles and errors are dropped here, before its new ones arrive."""
        key = str(path)
        try:
            st = path.stat()
            digest = _file_hash(path.read_bytes())
        except OSError as exc:
            batch.error(ReadError(key, key, "unknown", f"cannot read file: {exc.strerror or exc}"), s)
            return None
        if seen.get(key) == digest:
            s.skipped += 1
            return None
        if key in seen:
            s.changed += 1
            self._flush(cur, batch)  # what is pending may belong to the file about to be forgotten
            batch.corpus_changed |= self._forget_file(cur, key)
            batch.known = _known_ids(cur)
        else:
            s.new += 1
        return _FilePlan(path, st.st_size, st.st_mtime, digest)

    @staticmethod
    def _apply_file(plan: _FilePlan, items: list[Item], matcher: RuleMatcher, batch: _Batch, s: IngestSummary) -> None:
        n_articles = n_errors = n_skipped = 0
        for item in items:
            if isinstance(item, Article):
                batch.article(item, matcher, s)
                n_articles += 1
            elif isinstance(item, Skipped):
                s.records_skipped += 1
                n_skipped += 1
            else:
                batch.error(item, s)
                n_errors += 1
        key = str(plan.path)
        batch.files.append((key, plan.size, plan.mtime, plan.digest, n_articles, n_errors, n_skipped, _now()))

    def _flush(self, cur: duckdb.DuckDBPyConnection, batch: _Batch) -> None:
        """Write what is pending in one transaction, a table at a time (DuckDB is fast in bulk, slow row by row)."""
        if not batch.size():
            return
        cur.execute("BEGIN TRANSACTION")
        try:
            if batch.replaced:
                gone = sorted(batch.replaced)
                cur.execute("DELETE FROM articles WHERE list_contains(?, id)", [gone])
                cur.execute(
                    "DELETE FROM article_topics WHERE list_contains(?, article_id) AND topic_id LIKE 'rule:%'", [gone]
                )
            _insert(cur, "articles", list(batch.articles.values()))
            _insert(cur, "article_sources", batch.sources, "OR IGNORE")
            _insert(cur, "article_topics", [row for rows in batch.topics.values() for row in rows], "OR REPLACE")
            _insert(cur, "ingest_errors", batch.errors)
            _insert(cur, "ingested_files", batch.files, "OR REPLACE")
            flags.write_article_rows(
                cur, [row for rows in batch.flags.values() for row in rows], list(batch.signatures.values())
            )
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
        batch.clear()

    def _forget_file(self, cur: duckdb.DuckDBPyConnection, key: str) -> bool:
        """Drop what a changed file contributed: its errors, its source rows, and articles no file holds any more."""
        cur.execute("DELETE FROM ingest_errors WHERE path = ?", [key])
        cur.execute("DELETE FROM article_sources WHERE path = ?", [key])
        orphans = [
            r[0]
            for r in cur.execute(
                "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_sources)"
            ).fetchall()
        ]
        if orphans:
            cur.execute("DELETE FROM article_topics WHERE list_contains(?, article_id)", [orphans])
            cur.execute("DELETE FROM articles WHERE list_contains(?, id)", [orphans])
        return bool(orphans)

    # ---- topics ---------------------------------------------------------------------------------------------

    @staticmethod
    def _rules_hash(rules: Sequence[RuleTopic]) -> str:
        return topic_admin.rules_hash(rules)

    def _rules_changed(self, cur: duckdb.DuckDBPyConnection, rules: Sequence[RuleTopic]) -> bool:
        return not topic_admin.rules_applied(cur, rules)

    def _store_rule_topics(
        self, cur: duckdb.DuckDBPyConnection, rules: Sequence[RuleTopic], m: RuleMatcher
    ) -> topic_admin.RulesApplied:
        """Bring every stored article's rule topics in line with `rules` (after the rules changed), in one
        transaction: unchanged queries keep their rows, new and changed ones are matched (newsdesk.analysis.topic_admin;
        the same rows `m` would give, found in SQL on a large corpus)."""
        return topic_admin.apply_rules(cur, rules)

    def set_rules(self, rules: Sequence[RuleTopic]) -> topic_admin.RulesApplied:
        """Apply a new set of rule topics to the stored corpus without re-ingesting; says what it matched again."""
        with self._write_lock:
            cur = self.cursor()
            applied = self._store_rule_topics(cur, rules, RuleMatcher(rules))
            self._bump_version(cur)
            return applied

    def _discovery_missing(self, cur: duckdb.DuckDBPyConnection) -> bool:
        """Whether discovery must run although the corpus did not change: enough articles and no discovered topics
        yet, or topics from before their raw result was kept (so renames and merges could not be laid over them)."""
        n = cur.execute("SELECT count(*) FROM articles").fetchone()
        has = cur.execute("SELECT count(*) FROM topics WHERE kind = 'discovered'").fetchone()
        if not (n and has):
            return False
        if has[0] > 0:
            return not topic_admin.has_raw_discovery(cur)
        return n[0] >= MIN_ARTICLES_FOR_DISCOVERY

    def refresh_discovered(
        self, n_topics: int | None = None, *, cur: duckdb.DuckDBPyConnection | None = None, reuse: bool = False
    ) -> int:
        """Learn topics from the whole stored corpus and replace the discovered ones, then lay the person's choices
        over them (analysis.topic_admin: the number of topics, used unless `n_topics` is given, renames and merges).
        `reuse=True` skips learning and re-applies the choices to the last result. With `cur` the caller holds the
        write lock and bumps the data version (ingest); without, this does both. Returns how many topics show."""
        if cur is None:
            with self._write_lock:
                cur = self.cursor()
                shown = self.refresh_discovered(n_topics, cur=cur, reuse=reuse)
                self._bump_version(cur)
                return shown
        if reuse and topic_admin.has_raw_discovery(cur):
            return topic_admin.apply_choices(cur)
        asked = n_topics if n_topics is not None else topic_admin.load_choices(cur).n_topics
        rows = cur.execute(
            "SELECT id, coalesce(title, '') || '\n' || coalesce(text, '') FROM articles ORDER BY id"
        ).fetchall()
        discovery = discover_topics([(r[0], r[1]) for r in rows], asked)
        return topic_admin.store_discovery(cur, discovery, asked)

    # ---- small reads the CLI needs (the dashboard's queries are in analysis.queries) ---------------------------

    def counts(self) -> dict[str, int]:
        cur = self.cursor()
        out = {}
        for table in ("articles", "ingest_errors", "ingested_files", "topics"):
            row = cur.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def iter_articles(self, batch: int = 500) -> Iterable[dict[str, Any]]:
        """Every stored article with its topics, review state and quality flags, for export: corrected values
        where a reviewer corrected them, the extracted ones beside them (`title_extracted` ...)."""
        cur = self.cursor()
        cur.execute(
            """WITH tp AS (
                SELECT atp.article_id,
                    list(t.name ORDER BY t.name) FILTER (WHERE t.kind = 'rule') AS rule_topics,
                    list(t.id ORDER BY atp.score DESC) FILTER (WHERE t.kind = 'discovered') AS discovered_ids,
                    list(t.name ORDER BY atp.score DESC) FILTER (WHERE t.kind = 'discovered') AS discovered_labels
                FROM article_topic_view atp JOIN topics t ON t.id = atp.topic_id GROUP BY atp.article_id)
            SELECT a.* EXCLUDE (raw, removed, published_day, published_day_extracted, review_status, review_note,
                                reviewed_by, reviewed_at),
                   coalesce(tp.rule_topics, []) AS rule_topics,
                   coalesce(tp.discovered_ids, []) AS discovered_ids,
                   coalesce(tp.discovered_labels, []) AS discovered_labels,
                   a.review_status, a.review_note, a.reviewed_by, a.reviewed_at,
                   coalesce((SELECT list(f.flag ORDER BY f.flag) FROM article_flags f WHERE f.article_id = a.id), [])
                       AS quality_flags
            FROM article_view a LEFT JOIN tp ON tp.article_id = a.id
            ORDER BY a.published_day NULLS LAST, a.id"""
        )
        cols = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(batch):
            for row in chunk:
                yield dict(zip(cols, row, strict=True))
