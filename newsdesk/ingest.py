"""Ingest: stored files into the store, incrementally and idempotently, in batches that commit whole.

    walk      sources.iter_files: every supported file under the paths given
    plan      per file: unchanged (same hash as stored) -> skipped; changed -> what it gave before is forgotten;
              interrupted (a killed ingest committed part of it) -> resumed after the items already stored
    extract   items streamed from each file to a pool of worker processes (pipeline.extract_doc, then the rule
              topics, quality flags and duplicate signature of each article: all pure functions of one document)
    batch     results in file order; a story already stored (or earlier in the batch) is a duplicate unless this
              copy has more text, which then replaces it
    flush     every FLUSH_ARTICLES articles (or FLUSH_BYTES of text): parts written, then one catalog commit
              (articles, topics, flags, signatures, search postings, sources, errors, files done, progress)
    finish    rule topics again if the rules changed; discovered topics (new articles placed by the saved model, or
              learned again when the corpus grew); corpus-wide flags (duplicates, languages); small parts merged

Memory stays bounded whatever the corpus size: one file's bytes, the in-flight tasks and one batch. The whole
ingest holds the store's writer lock (readers and reviewers are never blocked); a SIGKILL at any moment loses
nothing committed, and running the ingest again finishes the job without duplicates. Pool workers die with the
ingest (newsdesk.pool).
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import dataclasses
import hashlib
import json
import resource
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from newsdesk import sources
from newsdesk.analysis import analytics, discovery, flags, topic_admin
from newsdesk.analysis.topics import RuleMatcher, RuleTopic
from newsdesk.models import Article, ExtractError, RawDoc, ReadError, Skipped
from newsdesk.pipeline import Extracted, Result, enrich, finalize, now_utc, process, worker_init
from newsdesk.pool import OrderedPool, release_memory
from newsdesk.store import Store, Writer
from newsdesk.store.core import FLAG_ROW_SCHEMA, SIGNATURE_SCHEMA, TOPIC_ROW_SCHEMA, scratch_duckdb
from newsdesk.store.schema import ARTICLE_PART_SCHEMA, tuples_table

# A batch is committed at this many articles or this much text, whichever comes first: large enough that the
# per-commit cost (a part per kind, the postings build, one catalog transaction) is small against the batch and a
# million articles make ~100 parts, small enough that the parent stays well under 1 GB (a batch of 20,000 ~3 KB
# articles took the parent from 436 to 832 MB while it was written).
FLUSH_ARTICLES = 10_000
FLUSH_BYTES = 48 * 1024 * 1024
# ... and at least this often, so a slow ingest (HTML pages) shows articles in the dashboard as it goes.
FLUSH_SECONDS = 60.0
# While it ingests, this process's DuckDB may use this much (building a batch's search index and terms spills to
# disk past it): the workers, the batch and the imports need the rest of the 1 GB.
INGEST_DUCKDB_MEMORY = "256MB"
# A Spark job's output folder (newsdesk.spark) says what it is in this file, written last: `ingest DIR` attaches it.
SPARK_MANIFEST = "_newsdesk.json"
DERIVED_STALE = "derived_stale"  # catalog meta key: articles changed after the derived data were last refreshed
SPARK_KIND = "newsdesk-spark-output"
# Below this many documents a pool costs more to start (imports in every worker) than it saves.
MIN_DOCS_FOR_POOL = 64
# Documents per task sent to a worker (fewer when they are large): amortises pickling without starving a worker.
TASK_DOCS = 32
TASK_BYTES = 4 * 1024 * 1024


@dataclass
class IngestSummary:
    files_seen: int = 0
    new: int = 0
    changed: int = 0
    skipped: int = 0  # unchanged files
    resumed: int = 0  # files an interrupted ingest had started
    articles: int = 0  # articles added or updated
    duplicates: int = 0  # articles already stored from another file
    records_skipped: int = 0  # records a reader passed over on purpose (e.g. non-HTML WARC records)
    errors: int = 0
    error_rows: list[ReadError | ExtractError] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per phase (files, topics, flags, ...)
    peak_mb: dict[str, int] = field(default_factory=dict)  # this process's peak resident memory after each phase

    def timing_line(self) -> str:
        return ", ".join(
            f"{name} {secs:.1f} s" + (f" (peak {self.peak_mb[name]:,} MB)" if name in self.peak_mb else "")
            for name, secs in self.seconds.items()
        )

    def line(self) -> str:
        resumed = f", {self.resumed} resumed" if self.resumed else ""
        return (
            f"{_n(self.files_seen, 'file')} seen: {self.new} new, {self.changed} changed, {self.skipped} unchanged"
            f"{resumed}; {_n(self.articles, 'article')} stored, {_n(self.duplicates, 'duplicate')}, "
            f"{_n(self.errors, 'error')}"
        )


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


Progress = Callable[[int, int, str], None]  # (files done, files total, current path)


# ---- the parent side ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FilePlan:
    index: int
    path: Path
    size: int
    mtime: float
    digest: str
    skip_items: int  # items an interrupted ingest already committed


@dataclass
class _FileCount:
    plan: _FilePlan
    items: int = 0
    articles: int = 0
    errors: int = 0
    skipped: int = 0


@dataclass
class _Batch:
    """Articles waiting to be written, richest copy per id, and the bookkeeping that commits with them."""

    rows: dict[str, Extracted] = field(default_factory=dict)
    sources: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[ReadError | ExtractError] = field(default_factory=list)
    files_done: list[_FileCount] = field(default_factory=list)
    progress: dict[str, tuple[str, int]] = field(default_factory=dict)
    text_bytes: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, ex: Extracted, s: IngestSummary) -> None:
        aid = str(ex.row["id"])
        self.sources.append((aid, str(ex.row["source"]), str(ex.row["path"])))
        held = self.rows.get(aid)
        if held is not None:
            s.duplicates += 1
            if int(ex.row["word_count"] or 0) <= int(held.row["word_count"] or 0):
                return
            self.text_bytes -= len(held.row["text"] or "") + len(held.row["raw"] or "")
        self.rows[aid] = ex
        self.text_bytes += len(ex.row["text"] or "") + len(ex.row["raw"] or "")

    limit: int = FLUSH_ARTICLES

    def full(self) -> bool:
        return (
            len(self.rows) >= self.limit
            or self.text_bytes >= FLUSH_BYTES
            or time.monotonic() - self.started >= FLUSH_SECONDS
        )

    def empty(self) -> bool:
        return not (self.rows or self.sources or self.errors or self.files_done or self.progress)


def _terms_missing(w: Writer) -> bool:
    row = w.cursor().execute("SELECT EXISTS (SELECT 1 FROM articles a ANTI JOIN doc_terms t ON t.doc = a.doc)")
    got = row.fetchone()
    return bool(got and got[0])


def _backfill_terms(w: Writer) -> None:
    """Stored terms for articles without them (a store converted from the first layout); committed before the
    background, which reads them."""
    if not _terms_missing(w):
        return
    cur = w.cursor()
    reader = (
        cur.cursor()
        .sql(
            """SELECT a.doc, a.id, a.published_day, a.title, a.text FROM articles a
               ANTI JOIN doc_terms t ON t.doc = a.doc"""  # unsorted: a sort would hold every text at once
        )
        .to_arrow_reader(FLUSH_ARTICLES)
    )
    assert reader is not None
    for batch in reader:
        with scratch_duckdb() as con:
            w.add_part("doc_terms", analytics.doc_terms_table(con, pa.Table.from_batches([batch])))
    w.commit()


def spark_output(path: Path) -> dict[str, Any] | None:
    """The manifest of a Spark job's output folder (newsdesk.spark), or None when `path` is not one."""
    manifest = path / SPARK_MANIFEST
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("kind") == SPARK_KIND else None


_ARTICLE_FIELDS = {f.name for f in dataclasses.fields(Article)}


def _article_of(row: dict[str, Any], path: str) -> Article:
    """An article row another tool wrote (schema.ARTICLE_SCHEMA) as an Article, bookkept under `path`."""
    fields = {k: v for k, v in row.items() if k in _ARTICLE_FIELDS}
    for name in ("authors", "tags", "related_headlines", "warnings"):
        fields[name] = list(fields.get(name) or [])
    fields["field_sources"] = json.loads(row.get("field_sources") or "{}")
    fields["raw"] = row.get("raw") or row.get("text") or ""
    fields["removed"] = row.get("removed") or ""
    fields["text"] = row.get("text") or ""
    art = Article(**fields)
    art.path = path
    return art


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class _Ingest:
    def __init__(
        self,
        store: Store,
        w: Writer,
        rules: Sequence[RuleTopic],
        progress: Progress | None,
        workers: int,
        batch: int = FLUSH_ARTICLES,
    ) -> None:
        self.store, self.w, self.rules, self.progress, self.workers = store, w, rules, progress, workers
        self.batch_articles = batch
        self.s = IngestSummary()
        self.batch = _Batch(limit=batch)
        # True when the articles changed since the derived data (discovered topics, corpus flags, terms) were last
        # brought up to date: by this ingest, or by an earlier one killed between its last batch and its end.
        self.corpus_changed = store.meta(DERIVED_STALE) is not None
        self.spark_outputs: list[Path] = []
        self._committer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="newsdesk-commit")
        self._committing: concurrent.futures.Future[None] | None = None

    # -- planning

    def plan(self, paths: Iterable[str | Path]) -> list[_FilePlan]:
        files: list[Path] = []
        given = [Path(p) for p in paths]
        self.spark_outputs = [p for p in given if spark_output(p) is not None]
        for item in sources.iter_files([p for p in given if p not in self.spark_outputs]):
            if isinstance(item, ReadError):
                self._error(item)
            else:
                files.append(item)
        self.s.files_seen = len(files)
        seen = self.store.catalog.file_hashes()
        started = self.store.catalog.progress()
        plans: list[_FilePlan] = []
        for i, path in enumerate(files):
            key = str(path)
            try:
                st = path.stat()
                digest = _file_hash(path)
            except OSError as exc:
                self._error(ReadError(key, key, "unknown", f"cannot read file: {exc.strerror or exc}"))
                continue
            if seen.get(key) == digest:
                self.s.skipped += 1
                continue
            skip = 0
            if key in started and started[key][0] == digest:
                skip = started[key][1]
                self.s.resumed += 1
            elif key in seen or key in started:
                self.s.changed += 1
                self._forget(key)
            else:
                self.s.new += 1
            plans.append(_FilePlan(i, path, st.st_size, st.st_mtime, digest, skip))
        return plans

    def _forget(self, key: str) -> None:
        """A changed file: its errors and source rows go, and its articles that no other file holds (committed
        now, before its new contents are read)."""
        cat = self.store.catalog
        ids = [r[0] for r in cat.query("SELECT DISTINCT article_id FROM article_sources WHERE path = ?", [key])]
        others = {
            r[0]
            for r in cat.query(
                "SELECT DISTINCT article_id FROM article_sources WHERE path <> ? AND article_id IN "
                "(SELECT article_id FROM article_sources WHERE path = ?)",
                [key, key],
            )
        }
        orphans = [a for a in ids if a not in others]
        if orphans:
            docs = self.store.cursor().execute("SELECT doc FROM articles WHERE list_contains(?, id)", [orphans])
            self.w.delete_docs([int(r[0]) for r in docs.fetchall()])
            self._changed()
        self.w.forget_file(key)
        self.w.progress[key] = None
        self.w.commit()

    # -- streaming

    def _tasks(self, plans: Sequence[_FilePlan]) -> Iterator[tuple[Any, list[Any]]]:
        """Tasks of documents; a task's tag lists (file count, item kind) per item so results find their file.
        Items a reader returns as errors or skips pass through without a worker."""
        items: list[Any] = []
        tags: list[tuple[_FileCount, str]] = []
        size = 0
        for plan in plans:
            count = _FileCount(plan)
            n = 0
            for item in sources.read_file(plan.path):
                n += 1
                if n <= plan.skip_items:
                    continue
                if isinstance(item, RawDoc):
                    items.append(item)
                    tags.append((count, "doc"))
                    size += len(item.content)
                else:
                    items.append(None)
                    tags.append((count, item))  # type: ignore[arg-type]
                if len(items) >= TASK_DOCS or size >= TASK_BYTES:
                    yield tags, [x for x in items if x is not None]
                    items, tags, size = [], [], 0
            tags.append((count, "end"))
            items.append(None)
        if tags:
            yield tags, [x for x in items if x is not None]

    def run(self, plans: Sequence[_FilePlan]) -> None:
        total = self.s.files_seen
        done = total - len(plans)
        workers = self.workers if self._worth_a_pool(plans) else 1
        try:
            with OrderedPool(workers, worker_init, (list(self.rules),)) as pool:
                for tags, results in _mapped(pool, self._tasks(plans)):
                    it = iter(results)
                    for count, what in tags:
                        if what == "end":
                            self._file_done(count)
                            done += 1
                            if self.progress:
                                self.progress(done, total, str(count.plan.path))
                            continue
                        result = next(it) if what == "doc" else what
                        self._result(count, result)
                    if self.batch.full():
                        self.flush(wait=False)
            self.flush()
        finally:  # an error or Ctrl+C: the batch being committed lands whole before the writer lets go
            with contextlib.suppress(Exception):
                self.wait_for_commit()
        if self.progress:
            self.progress(total, total, "")

    def attach_spark(self, folder: Path) -> None:
        """Store the articles and errors a Spark job wrote (already extracted: only the per-article topics, flags
        and signatures are computed, in the pool), bookkept as one file: its manifest. A re-run of the job writes a
        new manifest, so the folder counts as changed and its earlier rows are replaced."""
        manifest = folder / SPARK_MANIFEST
        key = str(manifest)
        digest = _file_hash(manifest)
        seen = self.store.catalog.file_hashes()
        started = self.store.catalog.progress()
        self.s.files_seen += 1
        if seen.get(key) == digest:
            self.s.skipped += 1
            return
        skip = 0
        if key in started and started[key][0] == digest:
            skip, self.s.resumed = started[key][1], self.s.resumed + 1
        elif key in seen or key in started:
            self.s.changed += 1
            self._forget(key)
        else:
            self.s.new += 1
        st = manifest.stat()
        plan = _FilePlan(-1, manifest, st.st_size, st.st_mtime, digest, skip)
        count = _FileCount(plan)
        cur = self.store.cursor()
        errors = folder / "errors"
        if skip == 0 and errors.is_dir() and any(errors.rglob("*.parquet")):
            for path, source, fmt, reason in cur.execute(
                "SELECT path, source, format, reason FROM read_parquet(?)", [str(errors / "**" / "*.parquet")]
            ).fetchall():
                self._error(ExtractError(source=source, path=key, format=fmt, reason=f"{reason} (in {path})"))
        articles = folder / "articles"
        if not (articles.is_dir() and any(articles.rglob("*.parquet"))):
            self._file_done(count)
            return
        reader = (
            cur.cursor()
            .sql(
                "SELECT * EXCLUDE (month) FROM read_parquet(?, hive_partitioning = true) OFFSET ?",
                params=[str(articles / "**" / "*.parquet"), skip],
            )
            .to_arrow_reader(TASK_DOCS * 8)
        )
        assert reader is not None

        def tasks() -> Iterator[tuple[Any, list[Any]]]:
            for rb in reader:
                arts = [_article_of(row, key) for row in rb.to_pylist()]
                yield [(count, "doc")] * len(arts), arts

        workers = self.workers if self.workers > 1 else 1
        with OrderedPool(workers, worker_init, (list(self.rules),)) as pool:
            for tags, results in _mapped(pool, tasks()):
                for (c, _), result in zip(tags, results, strict=True):
                    self._result(c, result)
                if self.batch.full():
                    self.flush()
        self._file_done(count)

    def _worth_a_pool(self, plans: Sequence[_FilePlan]) -> bool:
        if self.workers <= 1:
            return False
        docs = 0
        for p in plans:  # a records file holds many documents: its size says more than the file count
            docs += max(1, p.size // 4096)
            if docs >= MIN_DOCS_FOR_POOL:
                return True
        return False

    def _result(self, count: _FileCount, result: Result | Skipped | ReadError) -> None:
        count.items += 1
        if isinstance(result, Extracted):
            count.articles += 1
            self.batch.add(result, self.s)
        elif isinstance(result, Skipped):
            count.skipped += 1
            self.s.records_skipped += 1
        else:
            count.errors += 1
            self._error(result)
        plan = count.plan
        self.batch.progress[str(plan.path)] = (plan.digest, plan.skip_items + count.items)

    def _file_done(self, count: _FileCount) -> None:
        self.batch.files_done.append(count)
        self.batch.progress.pop(str(count.plan.path), None)

    def _error(self, err: ReadError | ExtractError) -> None:
        self.batch.errors.append(err)
        self.s.errors += 1
        self.s.error_rows.append(err)

    # -- writing

    def flush(self, *, wait: bool = True) -> None:
        """Commit the batch gathered so far. With `wait` off the commit runs in the background while the pool
        extracts the next batch (one commit at a time, in order: each batch's duplicates are settled against every
        batch before it); measured at 20,000 records, the workers sat idle for a quarter of the files phase while
        the parent committed. `wait` (and any error in a background commit) is taken up on the next call."""
        b = self.batch
        self.batch = _Batch(limit=self.batch_articles)
        self.wait_for_commit()
        if b.empty():
            return
        if wait:
            self._commit_batch(b)
        else:
            self._committing = self._committer.submit(self._commit_batch, b)

    def close(self) -> None:
        """Wait for the background commit, then stop its thread."""
        try:
            self.wait_for_commit()
        finally:
            self._committer.shutdown()

    def wait_for_commit(self) -> None:
        """Block until the background commit (if any) is done; re-raises its error."""
        pending, self._committing = self._committing, None
        if pending is not None:
            pending.result()

    def _commit_batch(self, b: _Batch) -> None:
        w = self.w
        if b.rows:
            cur = self.store.cursor()
            stored = {
                r[0]: (int(r[1]), int(r[2] or 0))
                for r in cur.execute(  # a join: list_contains tested every stored id against the list (3x slower)
                    """SELECT a.id, a.doc, a.word_count FROM articles a
                       SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS id) b ON a.id = b.id""",
                    [list(b.rows)],
                ).fetchall()
            }
            keep: list[Extracted] = []
            for aid, ex in b.rows.items():
                held = stored.get(aid)
                if held is None:
                    self.s.articles += 1
                    keep.append(ex)
                    continue
                self.s.duplicates += 1
                if int(ex.row["word_count"] or 0) > held[1]:  # a richer copy replaces the stored one
                    w.delete_docs([held[0]])
                    keep.append(ex)
            if keep:
                self._write_articles(keep)
                self._changed()
        w.add_sources(b.sources)
        for err in b.errors:
            w.add_error(err.path, err.source, err.format, err.reason)
        for path, (digest, items) in b.progress.items():
            w.file_progress(path, digest, items)
        for c in b.files_done:
            p = c.plan
            w.file_done(str(p.path), p.size, p.mtime, p.digest, c.articles, c.errors, c.skipped)
        w.commit()
        w.lock.set_progress(f"{self.s.articles:,} articles stored")
        release_memory()

    def _changed(self) -> None:
        """The articles change in the commit being staged: so does the marker that the derived data are behind,
        which only the end of `finish` clears (a killed ingest leaves it for the next one)."""
        self.corpus_changed = True
        self.w.set_meta(DERIVED_STALE, "1")

    def _write_articles(self, items: list[Extracted]) -> None:
        first = self.w.alloc_docs(len(items))
        rows = []
        topic_rows: list[tuple[int, str, str, float, str]] = []
        flag_rows: list[tuple[int, str, str, str]] = []
        sig_rows: list[tuple[int, str, int | None, list[int] | None]] = []
        for doc, ex in enumerate(items, first):
            aid = str(ex.row["id"])
            rows.append({**ex.row, "doc": doc})
            topic_rows += [(doc, aid, t, 1.0, ev) for t, ev in ex.topics]
            flag_rows += [(doc, aid, f, d) for f, d in ex.flags]
            sig_rows.append((doc, aid, ex.signature[0], ex.signature[1]))
        table = pa.table(
            {f.name: pa.array([r.get(f.name) for r in rows], type=f.type) for f in ARTICLE_PART_SCHEMA},
            schema=ARTICLE_PART_SCHEMA,
        ).sort_by([("published_day", "ascending"), ("doc", "ascending")])
        self.w.add_articles(table)
        with scratch_duckdb() as con:
            self.w.add_part("doc_terms", analytics.doc_terms_table(con, table))
        self.w.add_part("rule_topics", tuples_table(TOPIC_ROW_SCHEMA, topic_rows))
        self.w.add_part("flags", tuples_table(FLAG_ROW_SCHEMA, flag_rows))
        self.w.add_part("signatures", tuples_table(SIGNATURE_SCHEMA, sig_rows))

    # -- after the files

    def rules_first(self) -> None:
        """The stored articles get this ingest's rules before new ones arrive (which the workers match with the same
        rules), so one rule set holds for the whole corpus. On an empty store that is only a note of the rules."""
        w = self.w
        if not topic_admin.rules_applied(w.cursor(), self.rules):
            w.lock.set_progress("matching rule topics")
            topic_admin.apply_rules_with(w, self.rules)
            w.commit()

    def finish(self, n_topics: int | None) -> None:
        w = self.w
        if self.corpus_changed or discovery.missing(w.cursor()):
            with self._phase("discovered topics"):
                w.lock.set_progress("placing articles in discovered topics")
                discovery.refresh(w, n_topics, changed=self.corpus_changed, workers=self.workers)
        if self.corpus_changed or flags.missing(w.cursor()):
            with self._phase("duplicates and languages"):
                w.lock.set_progress("checking duplicates and languages")
                flags.refresh(w)
        if self.corpus_changed or _terms_missing(w):
            with self._phase("terms for the selection panel"):
                w.lock.set_progress("indexing terms")
                _backfill_terms(w)
                w.replace_kind("term_background", [analytics.background_table(w.cursor())])
        with self._phase("merging parts"):
            for kind in ("articles", "rule_topics", "disc_topics", "disc_raw", "flags", "signatures", "postings"):
                w.compact(kind)
            if self.corpus_changed:  # the marker is set exactly then; clearing an absent one would be a commit
                w.set_meta(DERIVED_STALE, None)
            w.commit()

    @contextlib.contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.s.seconds[name] = self.s.seconds.get(name, 0.0) + time.monotonic() - started
            self.s.peak_mb[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _mapped(pool: OrderedPool, tasks: Iterable[tuple[Any, list[Any]]]) -> Iterator[tuple[Any, list[Result]]]:
    """(tags, results) of each task: its documents go through the pool, its tags stay in this process. A tag holds
    the file's count (a class of this module): sent to a worker, unpickling it imported this module there, and with
    it DuckDB, Arrow and the store (~90 MB in each worker), and the tags crossed twice per task."""
    pending: collections.deque[Any] = collections.deque()

    def items() -> Iterator[list[Any]]:
        for tags, docs in tasks:
            pending.append(tags)
            yield docs

    for results in pool.map(process, items()):
        yield pending.popleft(), results


@contextlib.contextmanager
def _duckdb_memory(store: Store, limit: str) -> Iterator[None]:
    cur = store.duck.cursor()
    row = cur.execute("SELECT current_setting('memory_limit')").fetchone()
    cur.execute(f"SET memory_limit = '{limit}'")
    try:
        yield
    finally:
        if row:
            cur.execute(f"SET memory_limit = '{row[0]}'")


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    rules: Sequence[RuleTopic] = (),
    progress: Progress | None = None,
    n_topics: int | None = None,
    workers: int = 1,
    wait: float | None = None,
    batch: int = FLUSH_ARTICLES,
) -> IngestSummary:
    """Ingest every supported file under `paths` (unchanged files are skipped), then bring rule topics, discovered
    topics and quality flags up to date. `workers` > 1 extracts in that many processes; `batch` articles are
    committed at a time (at most). Waits up to `wait` seconds (None: as long as it takes) for another writer of the
    store to finish (StoreLockedError after that)."""
    with store.writer("an ingest", wait=wait) as w, _duckdb_memory(store, INGEST_DUCKDB_MEMORY):
        job = _Ingest(store, w, rules, progress, workers, batch)
        try:
            with job._phase("rule topics"):
                job.rules_first()
            with job._phase("files"):
                plans = job.plan(paths)
                job.run(plans)
                for folder in job.spark_outputs:
                    job.attach_spark(folder)
                job.flush()
            job.finish(n_topics)
        finally:
            job.close()
        return job.s


def add_articles(store: Store, articles: Iterable[Article], *, rules: Sequence[RuleTopic] = ()) -> int:
    """Store already-extracted articles (from code, a notebook or a test) with rule topics, flags and discovered
    topics; returns how many were new."""
    matcher = RuleMatcher(rules)
    now = now_utc()
    with store.writer("adding articles") as w:
        job = _Ingest(store, w, rules, None, 1)
        job.rules_first()
        for art in articles:
            if not art.id:
                finalize(art)
            job.batch.add(enrich(art, matcher, now), job.s)
            if job.batch.full():
                job.flush()
        job.flush()
        job.finish(None)
        job.close()
        return job.s.articles
