"""What a reading process sees: DuckDB views over the live Parquet parts, and small tables mirrored from the
catalog (topics, settings, deleted docs, the review history and the review state derived from it).

The dashboard never reads parts directly: every read goes through `article_view` / `article_topic_view`, which apply
reviewers' corrections, so a corrected value wins in the list, the reader, the charts, search, counts and exports.
Views are rebuilt when the catalog changes, specialised to what is there (no review join when nobody reviewed, no
deleted-doc filter when nothing was deleted): the common case pays for nothing it does not use.

The list, the filters, the counts and the charts read only a few narrow columns of each article (doc, id, day, site,
title, words, language) and each article's topic ids. They go through `article_index` / `topic_index` (and
`flag_index`), the same corrections applied. In the CLI these read the parts like everything else; a process that
reads on every click (the dashboard) keeps those columns as in-memory tables (`HOT_TABLES`) loaded when the corpus
changes, appending just the new parts after an ingest batch. Measured on a million articles: each view over ~100
parts costs ~40 ms per reference even for a count, the tables cost ~170 MB and 0.8 s to load, and the article list's
page fell from 283 to 12 ms, a month x topic chart from 519 to 75 ms, a site count from 45 to 5 ms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from newsdesk.store.catalog import Catalog

MIRROR_DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS topics (
        id VARCHAR, kind VARCHAR, name VARCHAR, terms VARCHAR[], query VARCHAR, description VARCHAR)""",
    "CREATE TABLE IF NOT EXISTS deleted_docs (doc INTEGER)",
    """CREATE TABLE IF NOT EXISTS review_events (
        id BIGINT, article_id VARCHAR, kind VARCHAR, field VARCHAR, value VARCHAR, reviewer VARCHAR,
        logged_at TIMESTAMP, undoes BIGINT)""",
    # One row per stored article with any live review event: its current state (see review_state) and its doc.
    """CREATE TABLE IF NOT EXISTS review_latest (
        article_id VARCHAR, status VARCHAR, note VARCHAR, title VARCHAR, published_day DATE, authors VARCHAR[],
        section VARCHAR, topics VARCHAR[], reviewer VARCHAR, updated_at TIMESTAMP, doc INTEGER)""",
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
)

# The review columns of article_view when nobody has reviewed anything yet.
_NO_REVIEW = """a.title AS title_extracted, a.authors AS authors_extracted, a.section AS section_extracted,
    a.published AS published_extracted, a.published_day AS published_day_extracted,
    'unreviewed' AS review_status, CAST(NULL AS VARCHAR) AS review_note, CAST(NULL AS VARCHAR) AS reviewed_by,
    CAST(NULL AS TIMESTAMP) AS reviewed_at"""

# The extracted rows with reviewers' corrections applied, the extracted values beside them (`*_extracted`) and the
# review status. Joined on the integer doc: a join on the hex id costs several times more on a million rows.
_ARTICLE_VIEW = """CREATE OR REPLACE VIEW article_view AS
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
    FROM articles a LEFT JOIN review_latest r ON r.doc = a.doc"""

# An article's rule topics corrected by a reviewer replace the matched ones; discovered topics stay.
_TOPIC_VIEW = """CREATE OR REPLACE VIEW article_topic_view AS
    SELECT t.doc, t.article_id, t.topic_id, t.score, t.evidence FROM article_topics t
    WHERE t.topic_id NOT LIKE 'rule:%' OR t.doc NOT IN (SELECT doc FROM review_latest WHERE topics IS NOT NULL)
    UNION ALL
    SELECT r.doc, r.article_id, unnest(r.topics) AS topic_id, 1.0 AS score, 'set by a reviewer' AS evidence
    FROM review_latest r WHERE r.topics IS NOT NULL"""

LATEST_COLUMNS = "article_id status note title published_day authors section topics reviewer updated_at".split()
# Up to this many articles, review_latest rows are re-derived for just those articles; more (an import, a wipe, a
# corpus change) re-derive the whole table in one pass.
INCREMENTAL_MAX = 200


# The in-memory copies a reading process may keep: table -> (the part kinds it is loaded from, its columns, the
# order rows are loaded in). Articles by day, so a date range skips DuckDB's row groups as it skips Parquet's.
HOT_TABLES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "hot_articles": (
        ("articles",),
        "doc, id, published_day, site, title, word_count, language",
        "ORDER BY published_day NULLS LAST, doc",
    ),
    "hot_topics": (("rule_topics", "disc_topics"), "doc, topic_id, score", "ORDER BY topic_id, doc"),
    "hot_flags": (("flags", "corpus_flags"), "doc, flag", ""),
}
# What each hot table stands for when it is not kept in memory: the same columns read through the part views.
_HOT_SOURCES = {"hot_articles": "articles", "hot_topics": "article_topics", "hot_flags": "article_flags"}
HotState = dict[str, tuple[frozenset[str], int]]  # table -> (the part files loaded, hash of the deleted docs left out)

# The narrow article view: article_view's corrected title and day, the extracted day, the review status.
_ARTICLE_INDEX = """CREATE OR REPLACE VIEW article_index AS
    SELECT a.* REPLACE (coalesce(r.title, a.title) AS title,
                        coalesce(r.published_day, a.published_day) AS published_day),
        a.published_day AS published_day_extracted, coalesce(r.status, 'unreviewed') AS review_status
    FROM hot_articles a LEFT JOIN review_latest r ON r.doc = a.doc"""
_ARTICLE_INDEX_NO_REVIEW = """CREATE OR REPLACE VIEW article_index AS
    SELECT a.*, a.published_day AS published_day_extracted, 'unreviewed' AS review_status FROM hot_articles a"""
_TOPIC_INDEX = """CREATE OR REPLACE VIEW topic_index AS
    SELECT t.doc, t.topic_id, t.score FROM hot_topics t
    WHERE t.topic_id NOT LIKE 'rule:%' OR t.doc NOT IN (SELECT doc FROM review_latest WHERE topics IS NOT NULL)
    UNION ALL
    SELECT r.doc, unnest(r.topics) AS topic_id, 1.0 AS score FROM review_latest r WHERE r.topics IS NOT NULL"""


def sql_list(paths: Sequence[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def create_tables(con: duckdb.DuckDBPyConnection, part_schemas: dict[str, pa.Schema]) -> None:
    """The mirrored tables, the review views, and one empty table per part kind (a view over no parts reads it)."""
    cur = con.cursor()
    for stmt in MIRROR_DDL:
        cur.execute(stmt)
    for kind, schema in part_schemas.items():
        cur.register("_empty_schema", schema.empty_table())
        try:
            cur.execute(f"CREATE TABLE IF NOT EXISTS _empty_{kind} AS SELECT * FROM _empty_schema")
        finally:
            cur.unregister("_empty_schema")


# A query being edited is counted on a sample of the corpus past this many articles: matching it over every text
# took 17-22 s at a million articles (two regex scans of 2.4 GB: the query, and the texts only RuleMatcher can
# judge), on each change of the query box. Whole article parts are taken, evenly spread over the ingest order, until
# the sample holds PREVIEW_SAMPLE_ROWS articles; the count is scaled up and shown as an estimate.
PREVIEW_EXACT_MAX = 200_000
PREVIEW_SAMPLE_ROWS = 50_000


def _spread(n: int) -> Iterator[int]:
    """0..n-1 in an order whose every prefix is spread evenly over the range (van der Corput: 0, n/2, n/4, 3n/4...)."""
    seen: set[int] = set()
    m = 0
    while len(seen) < n:
        x, step, k = 0.0, 1.0, m
        while k:
            step /= 2
            x += (k & 1) * step
            k >>= 1
        i = int(x * n)
        if i not in seen:
            seen.add(i)
            yield i
        m += 1


def sample_parts(parts: Sequence[tuple[str, int]]) -> list[str]:
    """The article part files (file, rows) the preview sample reads: all of them up to PREVIEW_EXACT_MAX articles,
    else parts spread evenly over the ingest order (oldest first in the result) until PREVIEW_SAMPLE_ROWS."""
    if sum(n for _, n in parts) <= PREVIEW_EXACT_MAX:
        return [f for f, _ in parts]
    picked: list[int] = []
    rows = 0
    for i in _spread(len(parts)):
        if rows >= PREVIEW_SAMPLE_ROWS:
            break
        picked.append(i)
        rows += parts[i][1]
    return [parts[i][0] for i in sorted(picked)]


def load_corpus(
    cur: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    root: Path,
    part_views: dict[str, tuple[str, ...]],
    part_schemas: dict[str, pa.Schema],
) -> None:
    """Point the part views at the live parts, and mirror deleted docs, topics and settings."""
    files: dict[str, list[str]] = defaultdict(list)
    article_parts: list[tuple[str, int]] = []
    for _, kind, rel, rows in catalog.live_parts():
        files[kind].append(str(root / rel))
        if kind == "articles":
            article_parts.append((str(root / rel), rows))
    deleted = catalog.deleted_docs()
    cur.execute("BEGIN TRANSACTION")
    try:
        cur.execute("DELETE FROM deleted_docs")
        if deleted:
            cur.register("_deleted", pa.table({"doc": pa.array(deleted, type=pa.int32())}))
            cur.execute("INSERT INTO deleted_docs SELECT doc FROM _deleted")
            cur.unregister("_deleted")
        for view, kinds in part_views.items():
            found = [f for k in kinds for f in files.get(k, [])]
            source = f"read_parquet({sql_list(found)})" if found else f"_empty_{kinds[0]}"
            cond = ""
            if deleted and "doc" in part_schemas[kinds[0]].names:
                cond = " WHERE doc NOT IN (SELECT doc FROM deleted_docs)"
            # A record's raw content is its text, stored once (schema.article_row); readers see it either way.
            columns = "* REPLACE (coalesce(raw, text) AS raw)" if view == "articles" else "*"
            cur.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT {columns} FROM {source}{cond}")
        sampled = sample_parts(article_parts)
        source = f"read_parquet({sql_list(sampled)})" if sampled else "_empty_articles"
        cond = " WHERE doc NOT IN (SELECT doc FROM deleted_docs)" if deleted else ""
        columns = "id, published_day, title, text"
        cur.execute(f"CREATE OR REPLACE VIEW preview_sample AS SELECT {columns} FROM {source}{cond}")
        cur.execute("DELETE FROM topics")
        topics = catalog.topics()
        if topics:
            cur.executemany("INSERT INTO topics VALUES (?, ?, ?, ?, ?, ?)", [list(t) for t in topics])
        cur.execute("DELETE FROM meta")
        meta = catalog.all_meta()
        if meta:
            cur.executemany("INSERT INTO meta VALUES (?, ?)", [[k, v] for k, v in meta.items()])
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


def alias_hot(cur: duckdb.DuckDBPyConnection) -> None:
    """In a process that keeps no hot tables, their names as views over the part views (after load_corpus)."""
    for table, (_, columns, _) in HOT_TABLES.items():
        cur.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {columns} FROM {_HOT_SOURCES[table]}")


def load_hot(cur: duckdb.DuckDBPyConnection, catalog: Catalog, root: Path, state: HotState) -> HotState:
    """Bring the in-memory HOT_TABLES up to the catalog's live parts; returns the new state to pass next time. When
    the parts only grew (an ingest batch) and no doc was deleted since, just the new parts are appended; anything
    else (rules re-applied, topics re-fitted, parts merged, articles deleted) reloads the table."""
    files: dict[str, list[str]] = defaultdict(list)
    for _, kind, rel, _ in catalog.live_parts():
        files[kind].append(rel)
    deleted_docs = catalog.deleted_docs()
    deleted = hash(frozenset(deleted_docs))
    out: HotState = {}
    for table, (kinds, columns, order) in HOT_TABLES.items():
        live = frozenset(f for k in kinds for f in files.get(k, []))
        loaded, was_deleted = state.get(table, (None, -1))
        grow = loaded is not None and loaded <= live and was_deleted == deleted
        new = sorted(live - loaded) if grow and loaded is not None else sorted(live)
        if grow and not new:
            out[table] = (live, deleted)
            continue
        source = f"read_parquet({sql_list([str(root / f) for f in new])})" if new else f"_empty_{kinds[0]}"
        keep = " WHERE doc NOT IN (SELECT doc FROM deleted_docs)" if deleted_docs else ""
        select = f"SELECT {columns} FROM {source}{keep} {order}"
        if grow:
            cur.execute(f"INSERT INTO {table} {select}")
        else:
            cur.execute(f"CREATE OR REPLACE TABLE {table} AS {select}")
        out[table] = (live, deleted)
    return out


_EVENT_TYPES = {
    "id": pa.int64(),
    "article_id": pa.string(),
    "kind": pa.string(),
    "field": pa.string(),
    "value": pa.string(),
    "reviewer": pa.string(),
    "logged_at": pa.timestamp("us"),
    "undoes": pa.int64(),
}


def pull_events(cur: duckdb.DuckDBPyConnection, catalog: Catalog, last: int, *, refresh_all: bool) -> int:
    """Mirror the review events committed after `last` and bring review_latest up to date (for the articles they
    touch, or for every article when `refresh_all` or a wipe came in). Returns the last event id now mirrored."""
    rows = catalog.events_after(last)
    touched: set[str] = set()
    everything = refresh_all
    if rows:
        cols = list(zip(*rows, strict=True))
        table = pa.table(
            {name: pa.array(list(col), type=t) for (name, t), col in zip(_EVENT_TYPES.items(), cols, strict=True)}
        )
        cur.register("_new_events", table)
        try:
            cur.execute("INSERT INTO review_events SELECT * FROM _new_events")
        finally:
            cur.unregister("_new_events")
        for r in rows:
            if r[2] == "wipe":
                everything = True
            elif r[1] is not None:
                touched.add(str(r[1]))
        last = int(rows[-1][0])
    if everything or len(touched) > INCREMENTAL_MAX:
        refresh_latest(cur, None)
    elif touched:
        refresh_latest(cur, sorted(touched))
    return last


def refresh_latest(cur: duckdb.DuckDBPyConnection, article_ids: Sequence[str] | None) -> None:
    """Re-derive review_latest from the history for these articles (every stored article when None). Only stored
    articles get a row: a topics correction of an article that is gone must not count."""
    cols = ", ".join(f"s.{c}" for c in LATEST_COLUMNS)
    cur.execute("BEGIN TRANSACTION")
    try:
        if article_ids is None:
            cur.execute("DELETE FROM review_latest")
            cur.execute(
                f"INSERT INTO review_latest SELECT {cols}, a.doc "
                "FROM review_state s JOIN articles a ON a.id = s.article_id"
            )
        else:
            ids = list(article_ids)
            cur.execute("DELETE FROM review_latest WHERE list_contains(?, article_id)", [ids])
            cur.execute(
                f"""INSERT INTO review_latest SELECT {cols}, a.doc
                    FROM (SELECT * FROM review_state WHERE list_contains(?, article_id)) s
                    JOIN (SELECT id, doc FROM articles WHERE list_contains(?, id)) a ON a.id = s.article_id""",
                [ids, ids],
            )
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


def build_views(cur: duckdb.DuckDBPyConnection) -> None:
    """article_view, article_topic_view and their narrow twins article_index, topic_index, flag_index, specialised
    to the review state there is."""
    row = cur.execute("SELECT count(*), count(*) FILTER (WHERE topics IS NOT NULL) FROM review_latest").fetchone()
    reviewed, topic_fixes = (int(row[0]), int(row[1])) if row else (0, 0)
    if reviewed:
        cur.execute(_ARTICLE_VIEW)
        cur.execute(_ARTICLE_INDEX)
    else:
        cur.execute(f"CREATE OR REPLACE VIEW article_view AS SELECT a.*, {_NO_REVIEW} FROM articles a")
        cur.execute(_ARTICLE_INDEX_NO_REVIEW)
    if topic_fixes:
        cur.execute(_TOPIC_VIEW)
        cur.execute(_TOPIC_INDEX)
    else:
        cur.execute(
            "CREATE OR REPLACE VIEW article_topic_view AS "
            "SELECT t.doc, t.article_id, t.topic_id, t.score, t.evidence FROM article_topics t"
        )
        cur.execute("CREATE OR REPLACE VIEW topic_index AS SELECT t.doc, t.topic_id, t.score FROM hot_topics t")
    cur.execute("CREATE OR REPLACE VIEW flag_index AS SELECT doc, flag FROM hot_flags")
