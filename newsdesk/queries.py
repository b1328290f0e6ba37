"""The dashboard's reads, as SQL over the store. Each takes a cursor and plain values, so it can be cached and
tested without Streamlit; the cost of each follows what is on screen (a page of rows, pre-grouped counts)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

import duckdb
import pandas as pd

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")
TopicKind = Literal["rule", "discovered"]
SORTABLE = ("published", "title", "site", "words")  # columns of the article list a user may sort by


@dataclass(frozen=True)
class Filters:
    """What the sidebar (and a chart selection) narrows the corpus to. Hashable, so it can key a cache."""

    start: dt.date | None = None
    end: dt.date | None = None
    sites: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # topic ids ("rule:Economy", "disc:3"); an article needs any one of them
    search: str = ""  # every word must appear in the title or the text, case-insensitively


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(f: Filters, *, with_topics: bool = True) -> tuple[str, list[Any]]:
    """SQL conditions on `articles a` for the filters, and their parameters."""
    conds: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.start:
        conds.append("a.published_day >= ?")
        params.append(f.start)
    if f.end:
        conds.append("a.published_day <= ?")
        params.append(f.end)
    if f.sites:
        conds.append("list_contains(?, a.site)")
        params.append(list(f.sites))
    if with_topics and f.topics:
        conds.append("a.id IN (SELECT article_id FROM article_topic_view WHERE list_contains(?, topic_id))")
        params.append(list(f.topics))
    for word in f.search.split():
        conds.append("(a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')")
        params += [_like(word), _like(word)]
    return " AND ".join(conds), params


def period_bounds(period: dt.date, granularity: Granularity) -> tuple[dt.date, dt.date]:
    """First and last day of the period that starts on `period` (weeks start on Monday)."""
    if granularity == "day":
        return period, period
    if granularity == "week":
        start = period - dt.timedelta(days=period.weekday())
        return start, start + dt.timedelta(days=6)
    start = period.replace(day=1)
    nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, nxt - dt.timedelta(days=1)


def topics(cur: duckdb.DuckDBPyConnection, kind: TopicKind | None = None) -> pd.DataFrame:
    """Every topic with its article count: id, kind, name, terms, query, description, articles."""
    sql = """SELECT t.id, t.kind, t.name, t.terms, t.query, t.description, count(atp.article_id) AS articles
             FROM topics t LEFT JOIN article_topic_view atp ON atp.topic_id = t.id
             WHERE ? IS NULL OR t.kind = ? GROUP BY ALL ORDER BY t.kind DESC, articles DESC, t.name"""
    return cur.execute(sql, [kind, kind]).df()


def sites(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return cur.execute(
        "SELECT site, count(*) AS articles FROM article_view WHERE site IS NOT NULL GROUP BY site ORDER BY articles DESC"
    ).df()


def date_bounds(cur: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    row = cur.execute("SELECT min(published_day), max(published_day) FROM article_view").fetchone()
    return (row[0], row[1]) if row else (None, None)


def coverage(
    cur: duckdb.DuckDBPyConnection,
    f: Filters,
    granularity: Granularity = "month",
    kind: TopicKind = "rule",
) -> pd.DataFrame:
    """Articles per topic per period: period, topic_id, topic, count, total, share.

    `total` is every article in the period that passes the filters other than topics, so `share` is the share of
    all coverage; periods with no articles of a topic are zero rows, so lines do not skip gaps. The topics shown
    are the filter's topics, or every topic of `kind`. Articles without a publication date cannot be placed.
    """
    cond, params = where(f, with_topics=False)
    topic_params: list[Any]
    if f.topics:
        topic_cond, topic_params = "list_contains(?, t.id)", [list(f.topics)]
    else:
        topic_cond, topic_params = "t.kind = ?", [kind]
    sql = f"""
    WITH base AS (
        SELECT a.id, CAST(date_trunc('{granularity}', a.published_day) AS DATE) AS period
        FROM article_view a WHERE a.published_day IS NOT NULL AND {cond}),
    totals AS (SELECT period, count(*) AS total FROM base GROUP BY period),
    span AS (SELECT min(period) AS lo, max(period) AS hi FROM base),
    periods AS (
        SELECT CAST(unnest(generate_series(lo, hi, INTERVAL 1 {granularity})) AS DATE) AS period
        FROM span WHERE lo IS NOT NULL),
    shown AS (SELECT t.id, t.name FROM topics t WHERE {topic_cond}),
    counts AS (
        SELECT b.period, atp.topic_id, count(*) AS n
        FROM base b JOIN article_topic_view atp ON atp.article_id = b.id
        WHERE atp.topic_id IN (SELECT id FROM shown) GROUP BY ALL)
    SELECT p.period, s.id AS topic_id, s.name AS topic,
           coalesce(c.n, 0) AS count, coalesce(tot.total, 0) AS total,
           CASE WHEN coalesce(tot.total, 0) = 0 THEN 0.0 ELSE coalesce(c.n, 0) / tot.total END AS share
    FROM periods p CROSS JOIN shown s
    LEFT JOIN counts c ON c.period = p.period AND c.topic_id = s.id
    LEFT JOIN totals tot ON tot.period = p.period
    ORDER BY p.period, s.name"""
    df = cur.execute(sql, params + topic_params).df()
    df["count"] = df["count"].astype("int64")
    df["total"] = df["total"].astype("int64")
    return df


def count_articles(cur: duckdb.DuckDBPyConnection, f: Filters) -> int:
    cond, params = where(f)
    row = cur.execute(f"SELECT count(*) FROM article_view a WHERE {cond}", params).fetchone()
    return int(row[0]) if row else 0


def undated_count(cur: duckdb.DuckDBPyConnection, f: Filters) -> int:
    cond, params = where(Filters(sites=f.sites, topics=f.topics, search=f.search))
    row = cur.execute(f"SELECT count(*) FROM article_view a WHERE a.published_day IS NULL AND {cond}", params).fetchone()
    return int(row[0]) if row else 0


def list_articles(
    cur: duckdb.DuckDBPyConnection,
    f: Filters,
    *,
    sort: str = "published",
    descending: bool = True,
    limit: int = 200,
    offset: int = 0,
) -> pd.DataFrame:
    """One page of the article list: id, published, title, site, topics (rule names), discovered, words."""
    cond, params = where(f)
    order = sort if sort in SORTABLE else "published"
    direction = "DESC" if descending else "ASC"
    sql = f"""
    WITH page AS (
        SELECT a.id, a.published_day AS published, a.title, a.site, a.word_count AS words
        FROM article_view a WHERE {cond}
        ORDER BY {order} {direction} NULLS LAST, a.id LIMIT ? OFFSET ?)
    SELECT p.id, p.published, p.title, p.site,
        coalesce(list(t.name ORDER BY t.name) FILTER (WHERE t.kind = 'rule'), []) AS topics,
        coalesce(list(t.name ORDER BY atp.score DESC) FILTER (WHERE t.kind = 'discovered'), []) AS discovered,
        p.words
    FROM page p LEFT JOIN article_topic_view atp ON atp.article_id = p.id LEFT JOIN topics t ON t.id = atp.topic_id
    GROUP BY p.id, p.published, p.title, p.site, p.words
    ORDER BY p.{order} {direction} NULLS LAST, p.id"""
    return cur.execute(sql, params + [limit, offset]).df()


def get_article(cur: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """Everything about one article: its columns, its topics with evidence, the files it was found in."""
    cur.execute("SELECT * FROM article_view WHERE id = ?", [article_id])
    row = cur.fetchone()
    if row is None:
        return None
    out = dict(zip([d[0] for d in cur.description], row, strict=True))
    out["field_sources"] = json.loads(out.get("field_sources") or "{}")
    out["topic_rows"] = [
        dict(zip(("id", "kind", "name", "score", "evidence", "terms"), r, strict=True))
        for r in cur.execute(
            """SELECT t.id, t.kind, t.name, atp.score, atp.evidence, t.terms FROM article_topic_view atp
               JOIN topics t ON t.id = atp.topic_id WHERE atp.article_id = ? ORDER BY t.kind DESC, atp.score DESC""",
            [article_id],
        ).fetchall()
    ]
    out["sources"] = [
        r[0]
        for r in cur.execute(
            "SELECT source FROM article_sources WHERE article_id = ? ORDER BY source", [article_id]
        ).fetchall()
    ]
    return out


def ingest_errors(cur: duckdb.DuckDBPyConnection, limit: int = 1000) -> pd.DataFrame:
    return cur.execute(
        "SELECT logged_at AS time, path, source, format, reason FROM ingest_errors "
        "ORDER BY logged_at DESC, source LIMIT ?",
        [limit],
    ).df()


def ingested_files(cur: duckdb.DuckDBPyConnection, limit: int = 1000) -> pd.DataFrame:
    """The files the store has read, newest first: ingested_at, path, size, articles, errors, skipped."""
    return cur.execute(
        "SELECT ingested_at, path, size, articles, errors, skipped FROM ingested_files "
        "ORDER BY ingested_at DESC, path LIMIT ?",
        [limit],
    ).df()


def corpus_stats(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = cur.execute(
        """SELECT (SELECT count(*) FROM article_view), (SELECT count(*) FROM article_view WHERE published_day IS NULL),
                  (SELECT count(DISTINCT site) FROM article_view), (SELECT count(*) FROM ingest_errors),
                  (SELECT count(*) FROM ingested_files)"""
    ).fetchone()
    keys = ("articles", "undated", "sites", "errors", "files")
    return dict(zip(keys, (int(v) for v in row), strict=True)) if row else dict.fromkeys(keys, 0)
