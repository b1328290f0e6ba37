"""The store: a folder of immutable Parquet parts, a SQLite catalog saying which parts make up the corpus, and, in
each process that reads it, an in-memory DuckDB whose views read those parts.

    <store>/catalog.sqlite       parts, deleted docs, ingest bookkeeping, topics, settings, review history
    <store>/parts/<kind>/*.parquet   articles, rule_topics, disc_topics, disc_raw, flags, corpus_flags, signatures,
                                 postings (see PART_SCHEMAS)
    <store>/writer.lock          one writer of the corpus at a time (an ingest, a rule change, a discovery)

Why this shape: an ingest in a terminal, the dashboard, a second dashboard and a Spark job's output must share one
corpus, and nothing may hold it locked while it merely reads. Parts are written whole and renamed into place, then
listed in the catalog by one short SQLite transaction, so a reader sees a batch entirely or not at all, and a
writer killed at any moment leaves the last committed state (its unlisted files are deleted by the next writer).
Review decisions are catalog rows, appended in their own short transactions, so a reviewer never waits for an
ingest and an ingest never loses a decision. Readers compare the catalog's versions on every call (SQLite tells
whether anyone committed without reading a table) and rebuild their views when the corpus changed.

Every process-wide connection is shared by threads: each thread or script run takes its own `cursor()`.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import datetime as dt
import functools
import json
import os
import shutil
import tempfile
import threading
import uuid
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from newsdesk import settings
from newsdesk.store import catalog as cat
from newsdesk.store import migrate, parts, search, views
from newsdesk.store.catalog import Catalog, ReviewEvent
from newsdesk.store.lock import WriterBusyError, WriterInfo, WriterLock
from newsdesk.store.schema import ARTICLE_PART_SCHEMA, SCHEMA_VERSION

_STRINGS = pa.list_(pa.string())
TOPIC_ROW_SCHEMA = pa.schema(
    [("doc", pa.int32()), ("article_id", pa.string()), ("topic_id", pa.string()), ("score", pa.float64()),
     ("evidence", pa.string())]
)  # fmt: skip
FLAG_ROW_SCHEMA = pa.schema(
    [("doc", pa.int32()), ("article_id", pa.string()), ("flag", pa.string()), ("detail", pa.string())]
)
SIGNATURE_SCHEMA = pa.schema(
    [("doc", pa.int32()), ("article_id", pa.string()), ("text_hash", pa.uint64()), ("minhash", pa.list_(pa.uint32()))]
)
DISC_RAW_SCHEMA = pa.schema(
    [("doc", pa.int32()), ("article_id", pa.string()), ("topic", pa.int32()), ("weight", pa.float64())]
)
DOC_TERMS_SCHEMA = pa.schema([("doc", pa.int32()), ("published_day", pa.date32()), ("terms", pa.list_(pa.string()))])
TERM_BACKGROUND_SCHEMA = pa.schema([("id", pa.string()), ("term", pa.string())])
# Every kind of part and its columns. Kinds that end up in one view share a schema.
PART_SCHEMAS: dict[str, pa.Schema] = {
    "articles": ARTICLE_PART_SCHEMA,
    "rule_topics": TOPIC_ROW_SCHEMA,  # per article, from ingest; replaced whole when the rules change
    "disc_topics": TOPIC_ROW_SCHEMA,  # discovered topics as shown (the person's renames and merges applied)
    "disc_raw": DISC_RAW_SCHEMA,  # discovered topics as found, so renames and merges can be laid over them again
    "flags": FLAG_ROW_SCHEMA,  # quality flags one article earns alone, from ingest
    "corpus_flags": FLAG_ROW_SCHEMA,  # duplicates and other-language flags: replaced after every ingest
    "signatures": SIGNATURE_SCHEMA,  # what the duplicate search needs of each text
    "postings": search.POSTINGS_SCHEMA,  # the search index
    # Each article's distinct terms (headline and lede) for the selection panel and spike headlines, sorted by day
    # like the articles, so a period's terms are a few row groups, not a read of every text.
    "doc_terms": DOC_TERMS_SCHEMA,
    "term_background": TERM_BACKGROUND_SCHEMA,  # the terms of a fixed sample of the corpus (distinctive terms' base)
}
# Rows per row group, by kind (articles carry text; the rest are small rows read in bulk).
ROW_GROUPS: dict[str, int] = {"articles": parts.ROW_GROUP_ROWS, "doc_terms": 2048}
# How rows are sorted in a part: articles by day, so a date filter skips row groups; postings by token, so a search
# reads only the groups that can hold its word.
PART_ORDER: dict[str, str] = {
    "articles": "ORDER BY published_day NULLS LAST, doc",
    "doc_terms": "ORDER BY published_day NULLS LAST, doc",
    "postings": "ORDER BY token",
}
# Views over parts: name -> the kinds it unions (rows of deleted docs are left out of each).
PART_VIEWS: dict[str, tuple[str, ...]] = {
    "articles": ("articles",),
    "article_topics": ("rule_topics", "disc_topics"),
    "discovered_assignments": ("disc_raw",),
    "article_flags": ("flags", "corpus_flags"),
    "article_signatures": ("signatures",),
    "postings": ("postings",),
    "doc_terms": ("doc_terms",),
    "term_background": ("term_background",),
}
BLOBS_DIR = "blobs"  # files a writer keeps beside the parts (a fitted topic model), named in the catalog's meta
# A dropped part stays on disk this long, so a reader that has not synced yet can finish what it is reading.
DROPPED_GRACE = dt.timedelta(minutes=10)
# Parts under this many rows are small (a few files ingested, an upload); when more than MAX_SMALL_PARTS of a kind
# pile up they are merged into one, so a query does not open hundreds of files. A big ingest's batches are larger.
SMALL_PART_ROWS = 5_000
MAX_SMALL_PARTS = 24
DUCKDB_THREADS = max(1, min(os.cpu_count() or 1, 4))
# Search tokens whose matching docs a hot store keeps (Store.token_table): a 20% word at a million articles is 0.8 MB.
TOKEN_TABLES = 32


class StoreLockedError(RuntimeError):
    """The store cannot be written now: another process is writing the corpus and did not finish in time."""


class StoreNotFoundError(FileNotFoundError):
    """No store at the path (opened read-only, so none is created)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def is_store(path: Path) -> bool:
    return (path / cat.CATALOG_FILE).is_file()


def resolve_store_path(path: Path) -> Path:
    """The store folder for `path`: the folder itself; or, for a DuckDB file of the first layout (or a folder path
    whose `.duckdb` file of that layout exists), the folder it converts to, converting it first when needed."""
    if path.is_dir():
        return path
    if path.is_file():
        if not migrate.is_old_store(path):
            raise ValueError(f"{path} is a file, not a Newsdesk store; pass a folder (or the old .duckdb file)")
        target = path.with_suffix("") if path.suffix == ".duckdb" else path.with_name(path.name + ".store")
        if not is_store(target):
            convert_old_store(path, target)
        return target
    old = path.with_name(path.name + ".duckdb")
    if not path.suffix and old.is_file() and migrate.is_old_store(old):
        convert_old_store(old, path)
    return path


def convert_old_store(old: Path, target: Path) -> None:
    """Convert the DuckDB store `old` into a new store folder `target`: built aside, then renamed into place, so an
    interrupted conversion is simply done again (newsdesk.store.migrate says what is carried over)."""
    work = target.with_name(target.name + ".migrating")
    shutil.rmtree(work, ignore_errors=True)
    con = duckdb.connect()
    try:
        migrate.attach_old(con, old)
        store = Store(work, resolve=False)
        try:
            migrate.copy_old_store(con, store)
        finally:
            store.close()
    finally:
        con.close()
    work.rename(target)


# Open stores by the token their DuckDB holds, so code given only a cursor (the review functions, which take the
# cursor a page or a test already has) can reach the store it reads: `store_of(cur)`.
_OPEN: weakref.WeakValueDictionary[str, Store] = weakref.WeakValueDictionary()


# A scratch database for heavy per-batch work (the search index, terms): what it allocates is given back when it
# closes, where the store's long-lived connection would keep its high-water mark for the whole ingest.
SCRATCH_MEMORY = "256MB"


@functools.lru_cache(maxsize=1)
def spill_directory() -> str:
    """Where this process's DuckDB connections spill what exceeds their memory limit: a private folder under the
    system's temporary directory, removed at exit. DuckDB's default for an in-memory database is `.tmp` in the
    working directory, where two processes' spill files would collide (and a read-only checkout cannot write)."""
    path = tempfile.mkdtemp(prefix="newsdesk-duckdb-")
    atexit.register(shutil.rmtree, path, True)
    return path


@contextlib.contextmanager
def scratch_duckdb() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(
        config={"threads": DUCKDB_THREADS, "memory_limit": SCRATCH_MEMORY, "temp_directory": spill_directory()}
    )
    try:
        yield con
    finally:
        con.close()


def arrow(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
    """A query's rows as an Arrow table, on a cursor of its own (a result left pending on `cur` never blocks it)."""
    table = cur.cursor().sql(sql, params=list(params) if params is not None else None).to_arrow_table()
    assert table is not None
    return table


def store_of(cur: duckdb.DuckDBPyConnection) -> Store:
    """The store whose views `cur` reads."""
    row = cur.execute("SELECT token FROM _store_token").fetchone()
    store = _OPEN.get(str(row[0])) if row else None
    if store is None:
        raise RuntimeError("this cursor does not belong to an open Newsdesk store")
    return store


class Store:
    """One store folder. Reads go through `cursor()` (DuckDB views kept in step with the catalog); writes of the
    corpus through `writer()`; review events through `append_review_events()`."""

    def __init__(self, path: str | Path, *, read_only: bool = False, resolve: bool = True, hot: bool = False) -> None:
        """`hot`: keep the columns the list, filters and charts read in memory (views.HOT_TABLES), for a process that
        reads on every click (the dashboard); a CLI run reads the parts."""
        self.path = resolve_store_path(Path(path)) if resolve else Path(path)
        self.read_only = read_only
        if read_only and not is_store(self.path):
            raise StoreNotFoundError(f"no Newsdesk store at {self.path}; run `python -m newsdesk ingest` first")
        self.path.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(self.path, read_only=read_only)
        if not read_only and self.catalog.meta("schema_version") is None:
            with self.catalog.transaction() as con:
                Catalog.set_meta(con, "schema_version", SCHEMA_VERSION)
        self.duck = duckdb.connect(
            config={
                "threads": DUCKDB_THREADS,
                "memory_limit": settings.DUCKDB_MEMORY.value(),
                "enable_object_cache": True,
                "temp_directory": spill_directory(),
            }
        )
        self._sync_lock = threading.RLock()
        self._marker: int | None = None
        self._corpus_version = -1
        self._last_event = 0
        self._dirty = True
        self.hot = hot
        self._hot_state: views.HotState = {}
        self._token_tables: collections.OrderedDict[str, str] = collections.OrderedDict()
        self._retired_tables: list[str] = []  # token tables of the previous corpus version (see _drop_token_tables)
        self._token_lock = threading.Lock()
        views.create_tables(self.duck, PART_SCHEMAS)
        token = uuid.uuid4().hex
        self.duck.execute("CREATE TABLE _store_token AS SELECT ? AS token", [token])
        _OPEN[token] = self
        self.sync()

    # ---- reading ---------------------------------------------------------------------------------------------

    def sync(self) -> bool:
        """Bring this process's views up to the catalog (new parts, deletions, topics, review events); returns
        whether anything changed. Cheap when nothing did: one pragma read."""
        with self._sync_lock:
            marker = self.catalog.changed_marker()
            if marker == self._marker and not self._dirty:
                return False
            self._marker, self._dirty = marker, False
            corpus_version, last_event = self.catalog.versions()
            corpus_changed = corpus_version != self._corpus_version
            events_changed = last_event != self._last_event
            if not (corpus_changed or events_changed):
                return False
            cur = self.duck.cursor()
            if corpus_changed:
                views.load_corpus(cur, self.catalog, self.path, PART_VIEWS, PART_SCHEMAS)
                if self.hot:
                    self._hot_state = views.load_hot(cur, self.catalog, self.path, self._hot_state)
                    self._drop_token_tables(cur)
                elif self._corpus_version < 0:
                    views.alias_hot(cur)
                self._corpus_version = corpus_version
            if events_changed or corpus_changed:
                self._last_event = views.pull_events(cur, self.catalog, self._last_event, refresh_all=corpus_changed)
            views.build_views(cur)
            return True

    def cursor(self) -> duckdb.DuckDBPyConnection:
        self.sync()
        return self.duck.cursor()

    def data_version(self) -> int:
        """A number that grows with every write (corpus commits and review decisions), so cached reads can be keyed
        on it; reading it also brings the views up to date."""
        self.sync()
        return self._corpus_version + self._last_event

    def versions(self) -> tuple[int, int]:
        """(corpus version, last review event id) as this process has loaded them."""
        self.sync()
        return self._corpus_version, self._last_event

    def meta(self, key: str) -> str | None:
        return self.catalog.meta(key)

    def token_table(self, token: str) -> str | None:
        """In a hot store, the name of an in-memory table (doc) of the articles a search token matches, read from
        the postings once per corpus version: a search runs through every read of a rerun (count, chart, list,
        spikes), and each read of a common word's postings costs ~100 ms at a million articles. A doc may be listed
        more than once (the prefix matched several words): it is only ever used in `IN (...)`. None otherwise."""
        if not self.hot:
            return None
        self.sync()
        with self._token_lock:
            name = self._token_tables.get(token)
            if name is not None:
                self._token_tables.move_to_end(token)
                return name
            name = f"_token_docs_{uuid.uuid4().hex[:12]}"
            cur = self.duck.cursor()
            cur.execute(
                f"CREATE TABLE {name} AS SELECT unnest(docs) AS doc FROM postings WHERE token >= ? AND token < ?",
                [token, search.token_upper(token)],
            )
            self._token_tables[token] = name
            while len(self._token_tables) > TOKEN_TABLES:
                _, old = self._token_tables.popitem(last=False)
                self._retired_tables.append(old)
            while len(self._retired_tables) > TOKEN_TABLES:
                cur.execute(f"DROP TABLE IF EXISTS {self._retired_tables.pop(0)}")
            return name

    def _drop_token_tables(self, cur: duckdb.DuckDBPyConnection) -> None:
        """The corpus changed: its token tables stop being handed out, and are dropped at the next change, so a
        query another thread built a moment ago on one of them still finds it (the same for tables evicted)."""
        with self._token_lock:
            for name in self._retired_tables:
                cur.execute(f"DROP TABLE IF EXISTS {name}")
            self._retired_tables = list(self._token_tables.values())
            self._token_tables.clear()

    def counts(self) -> dict[str, int]:
        cur = self.cursor()
        out = {
            "articles": int(cur.execute("SELECT count(*) FROM articles").fetchone()[0]),  # type: ignore[index]
            "topics": int(cur.execute("SELECT count(*) FROM topics").fetchone()[0]),  # type: ignore[index]
        }
        c = self.catalog.counts()
        out["ingest_errors"], out["ingested_files"] = c["errors"], c["files"]
        return out

    def article_sources(self, article_id: str) -> list[str]:
        """Every file (or record) the article was found in."""
        return self.catalog.sources_of(article_id)

    def ingest_errors(self, limit: int = 1000) -> list[tuple[Any, ...]]:
        """(time, path, source, format, reason), newest first."""
        return [
            (cat.parse_ts(t), p, s, f, r)
            for t, p, s, f, r in self.catalog.query(
                "SELECT logged_at, path, source, format, reason FROM ingest_errors "
                "ORDER BY logged_at DESC, source LIMIT ?",
                [limit],
            )
        ]

    def ingested_files(self, limit: int = 1000) -> list[tuple[Any, ...]]:
        """(ingested_at, path, size, articles, errors, skipped), newest first."""
        return [
            (cat.parse_ts(t), p, size, a, e, s)
            for t, p, size, a, e, s in self.catalog.query(
                "SELECT ingested_at, path, size, articles, errors, skipped FROM ingested_files "
                "ORDER BY ingested_at DESC, path LIMIT ?",
                [limit],
            )
        ]

    def blob(self, name: str) -> bytes | None:
        """A file a writer kept beside the parts (e.g. a fitted model), or None when it is not there."""
        try:
            return (self.path / BLOBS_DIR / name).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None

    def writer_info(self) -> WriterInfo | None:
        """Who is writing the corpus now (an ingest, a rule change), or None."""
        return WriterLock(self.path).holder()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.duck.close()
        self.catalog.close()

    # ---- writing ---------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def writer(self, what: str, wait: float | None = None) -> Iterator[Writer]:
        """Hold the corpus's writer lock for a block of work; what the block committed stays, what it staged and
        did not commit is removed. Raises StoreLockedError after `wait` seconds (None: wait as long as it takes)."""
        if self.read_only:
            raise PermissionError(f"{self.path} is open read-only")
        lock = WriterLock(self.path)
        try:
            lock.acquire(what, wait)
        except WriterBusyError as exc:
            raise StoreLockedError(str(exc)) from exc
        w = Writer(self, lock)
        try:
            w.clean_up()
            yield w
            w.commit()
        except BaseException:
            w.abort()
            raise
        finally:
            lock.release()
            self._dirty = True

    def append_review_events(self, events: Sequence[ReviewEvent]) -> list[int]:
        """Append review events (any process, no writer lock: a short catalog transaction) and make them visible
        to this process's reads at once. Returns their ids."""
        ids = self.catalog.append_events(events)
        self._dirty = True
        self.sync()
        return ids

    def mark_changed(self) -> None:
        """This process committed through its own catalog connection: SQLite's marker does not change for the
        connection that wrote, so the next read must look."""
        self._dirty = True


class Writer:
    """Staged changes to the corpus, made visible together by `commit()` (one catalog transaction)."""

    def __init__(self, store: Store, lock: WriterLock) -> None:
        self.store = store
        self.lock = lock
        self.root = store.path
        self._reset()
        self.next_doc = int(store.catalog.meta("next_doc") or 1)

    def _reset(self) -> None:
        self.staged: list[tuple[str, str, int, int | None, int | None]] = []  # kind, file, rows, doc lo, doc hi
        self.drop_kinds: set[str] = set()
        self.drop_ids: set[int] = set()
        self.deleted: list[int] = []
        self.sources: list[tuple[str, str, str]] = []
        self.errors: list[tuple[str, str, str, str, dt.datetime]] = []
        self.files: list[tuple[Any, ...]] = []
        self.progress: dict[str, tuple[str, int] | None] = {}
        self.forget: list[str] = []
        self.topic_sets: dict[str, list[tuple[str, str, str, list[str], str | None, str | None]]] = {}
        self.metas: dict[str, str | None] = {}

    @property
    def pending(self) -> bool:
        return bool(
            self.staged or self.drop_kinds or self.drop_ids or self.deleted or self.sources or self.errors
            or self.files or self.progress or self.forget or self.topic_sets or self.metas
        )  # fmt: skip

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A read cursor on the committed corpus (what this writer staged is not in it until commit)."""
        return self.store.cursor()

    # -- staging

    def alloc_docs(self, n: int) -> int:
        """Reserve `n` doc numbers; returns the first. Committed with the parts that use them."""
        first = self.next_doc
        self.next_doc += n
        return first

    def add_part(self, kind: str, table: pa.Table) -> str | None:
        """Write `table` as a part of `kind` (cast to its schema); listed in the corpus at commit."""
        if table.num_rows == 0:
            return None
        schema = PART_SCHEMAS[kind]
        table = table.select(schema.names).cast(schema)
        lo = hi = None
        if "doc" in schema.names:
            docs = table.column("doc")
            lo, hi = int(pc.min(docs).as_py()), int(pc.max(docs).as_py())
        rows = search.postings_row_group(table) if kind == "postings" else ROW_GROUPS.get(kind, 65_536)
        rel = parts.write_part(self.root, kind, table, row_group_rows=rows)
        self.staged.append((kind, rel, table.num_rows, lo, hi))
        return rel

    def add_articles(self, table: pa.Table) -> None:
        """An articles part and its search postings (every path that stores articles indexes them)."""
        self.add_part("articles", table)
        with scratch_duckdb() as con:
            self.add_part("postings", search.build_postings(con, table))

    def replace_kind(self, kind: str, tables: Sequence[pa.Table] = ()) -> None:
        """At commit, every live part of `kind` is replaced by these tables (none: the kind becomes empty)."""
        self.drop_kinds.add(kind)
        for t in tables:
            self.add_part(kind, t)

    def delete_docs(self, docs: Sequence[int]) -> None:
        self.deleted.extend(int(d) for d in docs)

    def add_sources(self, rows: Sequence[tuple[str, str, str]]) -> None:
        self.sources.extend(rows)

    def add_error(self, path: str, source: str, fmt: str, reason: str) -> None:
        self.errors.append((path, source, fmt, reason, _now()))

    def file_done(
        self, path: str, size: int, mtime: float, sha256: str, articles: int, errors: int, skipped: int
    ) -> None:
        self.files.append((path, size, mtime, sha256, articles, errors, skipped, _now()))
        self.progress[path] = None

    def file_progress(self, path: str, sha256: str, items: int) -> None:
        self.progress[path] = (sha256, items)

    def forget_file(self, path: str) -> None:
        """At commit: the file's errors and source rows go (call before staging its new ones)."""
        self.forget.append(path)

    def set_topics(self, kind: str, rows: Sequence[tuple[str, str, str, list[str], str | None, str | None]]) -> None:
        """At commit, the topics of `kind` become exactly these (id, kind, name, terms, query, description)."""
        self.topic_sets[kind] = list(rows)

    def set_meta(self, key: str, value: str | None) -> None:
        self.metas[key] = value

    def put_blob(self, name: str, data: bytes) -> None:
        """Keep a file beside the parts (written whole, then renamed into place); name it in meta to use it."""
        folder = self.root / BLOBS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / (name + parts.TMP_SUFFIX)
        tmp.write_bytes(data)
        os.replace(tmp, folder / name)

    def remove_blob(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / BLOBS_DIR / name).unlink()

    # -- commit

    def commit(self) -> bool:
        """Make everything staged part of the corpus in one catalog transaction; returns whether anything was."""
        if not self.pending:
            return False
        now = cat.timestamp(_now())
        with self.store.catalog.transaction() as con:
            for kind in sorted(self.drop_kinds):
                con.execute("UPDATE parts SET dropped_at = ? WHERE kind = ? AND dropped_at IS NULL", [now, kind])
            for pid in sorted(self.drop_ids):
                con.execute("UPDATE parts SET dropped_at = ? WHERE id = ? AND dropped_at IS NULL", [now, pid])
            con.executemany(
                "INSERT INTO parts (kind, file, rows, doc_lo, doc_hi, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(k, f, n, lo, hi, now) for k, f, n, lo, hi in self.staged],
            )
            con.executemany("INSERT OR IGNORE INTO deleted_docs VALUES (?)", [(d,) for d in self.deleted])
            for path in self.forget:
                con.execute("DELETE FROM ingest_errors WHERE path = ?", [path])
                con.execute("DELETE FROM article_sources WHERE path = ?", [path])
            # in key order: a batch of random ids inserted as they came touched the table's pages at random
            con.executemany("INSERT OR IGNORE INTO article_sources VALUES (?, ?, ?)", sorted(self.sources))
            con.executemany(
                "INSERT INTO ingest_errors (path, source, format, reason, logged_at) VALUES (?, ?, ?, ?, ?)",
                [(p, s, f, r, cat.timestamp(t)) for p, s, f, r, t in self.errors],
            )
            con.executemany(
                "INSERT OR REPLACE INTO ingested_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(*row[:7], cat.timestamp(row[7])) for row in self.files],
            )
            for path, prog in self.progress.items():
                if prog is None:
                    con.execute("DELETE FROM file_progress WHERE path = ?", [path])
                else:
                    con.execute("INSERT OR REPLACE INTO file_progress VALUES (?, ?, ?)", [path, *prog])
            for kind, rows in self.topic_sets.items():
                con.execute("DELETE FROM topics WHERE kind = ?", [kind])
                con.executemany(
                    "INSERT OR REPLACE INTO topics VALUES (?, ?, ?, ?, ?, ?)",
                    [(i, k, n, json.dumps(list(t), ensure_ascii=False), q, d) for i, k, n, t, q, d in rows],
                )
            for key, value in self.metas.items():
                Catalog.set_meta(con, key, value)
            Catalog.set_meta(con, "next_doc", str(self.next_doc))
            Catalog.bump(con)
        self._reset()
        self.store.mark_changed()
        self.store.sync()  # this process's cursors see the commit at once
        return True

    def abort(self) -> None:
        """Remove the files staged and not committed (the catalog never listed them)."""
        parts.remove_files(self.root, [f for _, f, _, _, _ in self.staged])
        self._reset()

    # -- housekeeping (under the lock)

    def clean_up(self) -> None:
        """Delete orphans (files no commit listed: a writer died before committing) and dropped parts whose grace
        period is over."""
        known = self.store.catalog.known_files()
        orphans = [f for f in parts.all_part_files(self.root) if f not in known]
        parts.remove_files(self.root, orphans)
        expired = self.store.catalog.expired_parts(_now() - DROPPED_GRACE)
        if expired:
            parts.remove_files(self.root, [f for _, f in expired])
            with self.store.catalog.transaction() as con:
                con.executemany("DELETE FROM parts WHERE id = ?", [(i,) for i, _ in expired])

    def compact(self, kind: str) -> int:
        """Merge the small live parts of `kind` into one when more than MAX_SMALL_PARTS have piled up (small
        ingests, uploads), dropping rows of deleted docs on the way; returns how many parts were merged. Large parts
        (a big ingest's batches) are left alone: rewriting them costs what writing them did. DuckDB writes the merged
        part itself, streaming, so memory stays flat whatever the parts hold. Staged for the next commit."""
        small = [p for p in self.store.catalog.live_parts(kind) if p[3] < SMALL_PART_ROWS]
        if len(small) <= MAX_SMALL_PARTS:
            return 0
        files = views.sql_list([str(self.root / f) for _, _, f, _ in small])
        has_doc = "doc" in PART_SCHEMAS[kind].names
        keep = "WHERE doc NOT IN (SELECT doc FROM deleted_docs)" if has_doc else ""
        order = PART_ORDER.get(kind, "ORDER BY doc" if has_doc else "")
        if kind == "postings":  # merge the token lists of several parts
            sql = f"""SELECT token, list(d ORDER BY d) AS docs FROM (
                        SELECT token, unnest(docs) AS d FROM read_parquet({files}))
                      WHERE d NOT IN (SELECT doc FROM deleted_docs) GROUP BY token {order}"""
        else:
            sql = f"SELECT * FROM read_parquet({files}) {keep} {order}"
        final = parts.part_path(self.root, kind)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(final.name + parts.TMP_SUFFIX)
        rows = ROW_GROUPS.get(kind, search.POSTINGS_MAX_GROUP_ROWS if kind == "postings" else 65_536)
        cur = self.store.duck.cursor()
        cur.execute(f"COPY ({sql}) TO '{tmp}' (FORMAT parquet, COMPRESSION {parts.COMPRESSION}, ROW_GROUP_SIZE {rows})")
        os.replace(tmp, final)
        rel = str(final.relative_to(self.root))
        cols = "count(*), min(doc), max(doc)" if has_doc else "count(*), NULL, NULL"
        got = cur.execute(f"SELECT {cols} FROM read_parquet('{final}')").fetchone()
        n, lo, hi = (int(got[0]), got[1], got[2]) if got else (0, None, None)
        self.staged.append((kind, rel, n, lo, hi))
        self.drop_ids.update(pid for pid, _, _, _ in small)
        return len(small)
