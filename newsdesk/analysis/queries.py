"""The dashboard's reads, as SQL over the store. Each takes a cursor and plain values, so it can be cached and
tested without Streamlit; the cost of each follows what is on screen (a page of rows, pre-grouped counts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import duckdb
import pandas as pd
import pyarrow as pa

from newsdesk.store import Store, search, store_of

Granularity = Literal["day", "week", "month", "quarter", "year"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month", "quarter", "year")
# The step between two periods, as a DuckDB interval (DuckDB's date_trunc names every granularity above).
PERIOD_STEP: dict[Granularity, str] = {
    "day": "1 day",
    "week": "7 days",
    "month": "1 month",
    "quarter": "3 months",
    "year": "1 year",
}
TopicKind = Literal["rule", "discovered"]
SORTABLE = ("published", "title", "site", "words")  # columns of the article list a user may sort by


@dataclass(frozen=True)
class Filters:
    """What the sidebar (and a chart selection) narrows the corpus to. Hashable, so it can key a cache."""

    start: dt.date | None = None
    end: dt.date | None = None
    sites: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # topic ids ("rule:Economy", "disc:3"); an article needs any one of them
    search: str = ""  # every word must begin a word of the title or the text (case and accents ignored)
    statuses: tuple[
        str, ...
    ] = ()  # review statuses (newsdesk.review.decisions.STATUSES); an article needs any one of them
    flags: tuple[str, ...] = ()  # quality flags (newsdesk.analysis.flags.FLAGS); an article needs any one of them
    hide_irrelevant: bool = False  # leave out articles a reviewer marked irrelevant


def where(cur: duckdb.DuckDBPyConnection, f: Filters, *, with_topics: bool = True) -> tuple[str, list[Any]]:
    """SQL conditions on `article_index a` for the filters, and their parameters. Topics, flags and search select
    docs (integers: several times cheaper to match than the hex ids on a large corpus); search goes through the
    store's index (newsdesk.store.search), so its cost follows the matches, not the corpus."""
    conds: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.start or f.end:
        day_cond, day_params = day_range(cur, f.start, f.end)
        conds.append(day_cond)
        params += day_params
    if f.sites:
        conds.append("list_contains(?, a.site)")
        params.append(list(f.sites))
    if with_topics and f.topics:
        conds.append("a.doc IN (SELECT doc FROM topic_index WHERE list_contains(?, topic_id))")
        params.append(list(f.topics))
    if f.search.strip():
        found, found_params = search.search_conditions(cur, f.search, token_table=_token_tables(cur))
        conds += found
        params += found_params
    if f.statuses:
        conds.append("list_contains(?, a.review_status)")
        params.append(list(f.statuses))
    if f.flags:
        conds.append("a.doc IN (SELECT doc FROM flag_index WHERE list_contains(?, flag))")
        params.append(list(f.flags))
    if f.hide_irrelevant:
        conds.append("a.review_status <> 'irrelevant'")
    return " AND ".join(conds), params


def _token_tables(cur: duckdb.DuckDBPyConnection) -> Callable[[str], str | None] | None:
    """The store's cache of search tokens' docs, when `cur` reads a hot store."""
    try:
        store = store_of(cur)
    except RuntimeError:
        return None
    return store.token_table if store.hot else None


def day_range(cur: duckdb.DuckDBPyConnection, start: dt.date | None, end: dt.date | None) -> tuple[str, list[Any]]:
    """SQL on `article_index a` for a publication-day range that DuckDB can push into the Parquet scan.

    `a.published_day` may be a reviewer's correction (a coalesce over the review join), which no scan can filter
    on, so every article's text columns were read for a one-month filter (56 ms against 5 ms at 100,000 articles).
    The range is therefore stated on the extracted day, which is a plain column, or'ed with the few articles whose
    day a reviewer corrected, and then exactly on the corrected day."""
    bounds = []
    params: list[Any] = []
    for op, day in ((">=", start), ("<=", end)):
        if day:
            bounds.append(f"{{col}} {op} ?")
            params.append(day)
    exact = " AND ".join(b.format(col="a.published_day") for b in bounds)
    extracted = " AND ".join(b.format(col="a.published_day_extracted") for b in bounds)
    row = cur.execute("SELECT list(doc) FROM review_latest WHERE published_day IS NOT NULL").fetchone()
    fixed = [int(d) for d in (row[0] if row and row[0] else [])]
    if not fixed:
        return f"({extracted}) AND ({exact})", params + params
    return f"(({extracted}) OR list_contains(?, a.doc)) AND ({exact})", [*params, fixed, *params]


def period_bounds(period: dt.date, granularity: Granularity) -> tuple[dt.date, dt.date]:
    """First and last day of the period that holds `period` (weeks start on Monday, quarters in Jan/Apr/Jul/Oct)."""
    if granularity == "day":
        return period, period
    if granularity == "week":
        start = period - dt.timedelta(days=period.weekday())
        return start, start + dt.timedelta(days=6)
    if granularity == "year":
        return period.replace(month=1, day=1), period.replace(month=12, day=31)
    months = 3 if granularity == "quarter" else 1
    start = period.replace(month=period.month - (period.month - 1) % months, day=1)
    after = start.month - 1 + months  # months from January of start's year to the next period's start
    nxt = dt.date(start.year + after // 12, after % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def topics(cur: duckdb.DuckDBPyConnection, kind: TopicKind | None = None) -> pd.DataFrame:
    """Every topic with its article count: id, kind, name, terms, query, description, articles."""
    sql = """WITH n AS (SELECT topic_id, count(*) AS articles FROM topic_index GROUP BY topic_id)
             SELECT t.id, t.kind, t.name, t.terms, t.query, t.description, coalesce(n.articles, 0) AS articles
             FROM topics t LEFT JOIN n ON n.topic_id = t.id
             WHERE ? IS NULL OR t.kind = ? ORDER BY t.kind DESC, articles DESC, t.name"""
    return cur.execute(sql, [kind, kind]).df()


def sites(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return cur.execute(
        "SELECT site, count(*) AS articles FROM article_index WHERE site IS NOT NULL "
        "GROUP BY site ORDER BY articles DESC"
    ).df()


def date_bounds(cur: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    row = cur.execute("SELECT min(published_day), max(published_day) FROM article_index").fetchone()
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
    _check_granularity(granularity)
    cond, params = where(cur, f, with_topics=False)
    topic_cond, topic_params = _shown_topics(f, kind)
    sql = f"""
    WITH base AS (
        SELECT a.doc, CAST(date_trunc('{granularity}', a.published_day) AS DATE) AS period
        FROM article_index a WHERE a.published_day IS NOT NULL AND {cond}),
    totals AS (SELECT period, count(*) AS total FROM base GROUP BY period),
    {_periods_sql(granularity)},
    shown AS (SELECT t.id, t.name FROM topics t WHERE {topic_cond}),
    counts AS (
        SELECT b.period, atp.topic_id, count(*) AS n
        FROM base b JOIN topic_index atp ON atp.doc = b.doc
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
    cond, params = where(cur, f)
    row = cur.execute(f"SELECT count(*) FROM article_index a WHERE {cond}", params).fetchone()
    return int(row[0]) if row else 0


def flag_counts(cur: duckdb.DuckDBPyConnection, f: Filters, flags: tuple[str, ...]) -> dict[str, int]:
    """Articles per quality flag among those `f` selects (its own flag filter aside), every flag in `flags` present:
    one grouped read, where counting each flag on its own would filter the corpus once per flag."""
    cond, params = where(cur, dataclasses.replace(f, flags=()))
    out = dict.fromkeys(flags, 0)
    sql = f"""SELECT flag, count(DISTINCT doc) FROM flag_index
              WHERE doc IN (SELECT a.doc FROM article_index a WHERE {cond}) GROUP BY flag"""
    for flag, n in cur.execute(sql, params).fetchall():
        if flag in out:
            out[flag] = int(n)
    return out


def undated_count(cur: duckdb.DuckDBPyConnection, f: Filters) -> int:
    cond, params = where(cur, dataclasses.replace(f, start=None, end=None))
    row = cur.execute(
        f"SELECT count(*) FROM article_index a WHERE a.published_day IS NULL AND {cond}", params
    ).fetchone()
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
    cond, params = where(cur, f)
    order = sort if sort in SORTABLE else "published"
    direction = "DESC" if descending else "ASC"
    if order == "published" and (cut := _day_cutoff(cur, cond, params, limit + offset, descending)) is not None:
        days, day_params = day_range(cur, cut, None) if descending else day_range(cur, None, cut)
        cond, params = f"{cond} AND {days}", params + day_params
    sql = f"""
    WITH page AS (
        SELECT a.doc, a.id, a.published_day AS published, a.title, a.site, a.word_count AS words
        FROM article_index a WHERE {cond}
        ORDER BY {order} {direction} NULLS LAST, a.id LIMIT ? OFFSET ?)
    SELECT p.id, p.published, p.title, p.site,
        coalesce(list(t.name ORDER BY t.name) FILTER (WHERE t.kind = 'rule'), []) AS topics,
        coalesce(list(t.name ORDER BY atp.score DESC) FILTER (WHERE t.kind = 'discovered'), []) AS discovered,
        p.words
    FROM page p LEFT JOIN topic_index atp ON atp.doc = p.doc LEFT JOIN topics t ON t.id = atp.topic_id
    GROUP BY p.id, p.published, p.title, p.site, p.words
    ORDER BY p.{order} {direction} NULLS LAST, p.id"""
    return cur.execute(sql, params + [limit, offset]).df()


def _day_cutoff(
    cur: duckdb.DuckDBPyConnection, cond: str, params: list[Any], need: int, descending: bool
) -> dt.date | None:
    """The publication day by which the list, newest (or oldest) first, holds at least `need` dated articles; None
    when it never does (the undated, listed last, are needed). The page is then read from that day on, which the
    Parquet scan prunes to a few row groups: sorting every row for one page took 280 ms at a million articles, the
    day counts and the pruned page 130 ms."""
    rows = cur.execute(
        f"""SELECT a.published_day AS day, count(*) FROM article_index a WHERE {cond} AND a.published_day IS NOT NULL
            GROUP BY 1 ORDER BY 1 {"DESC" if descending else "ASC"}""",
        params,
    ).fetchall()
    seen = 0
    for day, n in rows:
        seen += int(n)
        if seen >= need:
            return day  # type: ignore[no-any-return]
    return None


def article_key(
    cur: duckdb.DuckDBPyConnection, article_id: str, *, day_column: str = "published_day"
) -> tuple[str, list[Any]] | None:
    """A condition (and its parameters) selecting the article `article_id` by its doc and extracted day as well
    (`day_column` names the extracted day in the view it is used on), which the Parquet scan prunes to one row group
    where the random hex id prunes nothing; None when there is no such article. One look-up in the narrow index."""
    found = cur.execute("SELECT doc, published_day FROM hot_articles WHERE id = ? LIMIT 1", [article_id]).fetchone()
    if found is None:
        return None
    doc, day = found
    if day is None:
        return f"doc = ? AND {day_column} IS NULL AND id = ?", [doc, article_id]
    return f"doc = ? AND {day_column} = ? AND id = ?", [doc, day, article_id]


def get_article(cur: duckdb.DuckDBPyConnection, article_id: str, store: Store | None = None) -> dict[str, Any] | None:
    """Everything about one article: its columns, its topics with evidence, the files it was found in (from the
    store's catalog; the article's own source alone when no store is given). The id is looked up in the narrow
    index first: its doc and day then let the Parquet scan skip every part and row group but one (an id, random
    hex, prunes nothing: 110 ms at a million articles)."""
    key = article_key(cur, article_id, day_column="published_day_extracted")
    if key is None:
        return None
    cur.execute(f"SELECT * FROM article_view WHERE {key[0]}", key[1])
    row = cur.fetchone()
    if row is None:
        return None
    out = dict(zip([d[0] for d in cur.description], row, strict=True))
    out["field_sources"] = json.loads(out.get("field_sources") or "{}")
    out["topic_rows"] = [
        dict(zip(("id", "kind", "name", "score", "evidence", "terms"), r, strict=True))
        for r in cur.execute(
            """SELECT t.id, t.kind, t.name, atp.score, atp.evidence, t.terms FROM article_topic_view atp
               JOIN topics t ON t.id = atp.topic_id WHERE atp.doc = ? ORDER BY t.kind DESC, atp.score DESC""",
            [out["doc"]],
        ).fetchall()
    ]
    out["sources"] = store.article_sources(article_id) if store is not None else [out["source"]]
    return out


def ingest_errors(store: Store, limit: int = 1000) -> pd.DataFrame:
    return pd.DataFrame(store.ingest_errors(limit), columns=["time", "path", "source", "format", "reason"])


def ingested_files(store: Store, limit: int = 1000) -> pd.DataFrame:
    """The files the store has read, newest first: ingested_at, path, size, articles, errors, skipped."""
    return pd.DataFrame(
        store.ingested_files(limit), columns=["ingested_at", "path", "size", "articles", "errors", "skipped"]
    )


def corpus_stats(store: Store) -> dict[str, int]:
    """articles, undated, sites (from the views), errors and files (from the catalog)."""
    row = (
        store.cursor()
        .execute(
            "SELECT count(*), count(*) FILTER (WHERE published_day IS NULL), count(DISTINCT site) FROM article_index"
        )
        .fetchone()
    )
    counts = store.catalog.counts()
    articles, undated, sites = (int(v) for v in row) if row else (0, 0, 0)
    return {
        "articles": articles,
        "undated": undated,
        "sites": sites,
        "errors": counts["errors"],
        "files": counts["files"],
    }


# ---------------------------------------------------------------------------------------- coverage analytics reads
# Site views chart the sites with the most articles (small multiples stay legible; the rest is one filter away).
MAX_SITES = 12


def _check_granularity(granularity: str) -> None:
    """Granularities are put into SQL text (date_trunc, intervals), so only the known names may pass."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"unknown granularity {granularity!r}: expected one of {', '.join(GRANULARITIES)}")


def _shown_topics(f: Filters, kind: TopicKind) -> tuple[str, list[Any]]:
    if f.topics:
        return "list_contains(?, t.id)", [list(f.topics)]
    return "t.kind = ?", [kind]


def _periods_sql(granularity: Granularity) -> str:
    """CTEs `span` and `periods`: every period from the first to the last in `base`, so a topic's empty periods
    become zero rows and chart lines do not skip gaps."""
    return f"""span AS (SELECT min(period) AS lo, max(period) AS hi FROM base),
    periods AS (
        SELECT CAST(unnest(generate_series(lo, hi, INTERVAL '{PERIOD_STEP[granularity]}')) AS DATE) AS period
        FROM span WHERE lo IS NOT NULL)"""


def coverage_by_site(
    cur: duckdb.DuckDBPyConnection,
    f: Filters,
    granularity: Granularity = "month",
    kind: TopicKind = "rule",
    max_sites: int = MAX_SITES,
) -> pd.DataFrame:
    """Articles per topic per site per period: period, site, topic_id, topic, count, total, share.

    As `coverage`, per site: `total` is the site's articles in the period that pass the filters other than topics,
    so `share` is the share of that site's coverage. Every site shares one period axis (the filtered corpus's span),
    empty periods are zero rows. Only the `max_sites` sites with the most matching articles; articles without a
    site cannot be placed.
    """
    _check_granularity(granularity)
    cond, params = where(cur, f, with_topics=False)
    topic_cond, topic_params = _shown_topics(f, kind)
    sql = f"""
    WITH base AS (
        SELECT a.doc, a.site, CAST(date_trunc('{granularity}', a.published_day) AS DATE) AS period
        FROM article_index a WHERE a.published_day IS NOT NULL AND {cond}),
    top_sites AS (
        SELECT site FROM base WHERE site IS NOT NULL GROUP BY site ORDER BY count(*) DESC, site LIMIT ?),
    totals AS (
        SELECT period, site, count(*) AS total FROM base WHERE site IN (SELECT site FROM top_sites) GROUP BY ALL),
    {_periods_sql(granularity)},
    shown AS (SELECT t.id, t.name FROM topics t WHERE {topic_cond}),
    counts AS (
        SELECT b.period, b.site, atp.topic_id, count(*) AS n
        FROM base b JOIN topic_index atp ON atp.doc = b.doc
        WHERE atp.topic_id IN (SELECT id FROM shown) AND b.site IN (SELECT site FROM top_sites) GROUP BY ALL)
    SELECT p.period, ts.site, s.id AS topic_id, s.name AS topic,
           coalesce(c.n, 0) AS count, coalesce(tot.total, 0) AS total,
           CASE WHEN coalesce(tot.total, 0) = 0 THEN 0.0 ELSE coalesce(c.n, 0) / tot.total END AS share
    FROM periods p CROSS JOIN top_sites ts CROSS JOIN shown s
    LEFT JOIN counts c ON c.period = p.period AND c.site = ts.site AND c.topic_id = s.id
    LEFT JOIN totals tot ON tot.period = p.period AND tot.site = ts.site
    ORDER BY p.period, ts.site, s.name"""
    df = cur.execute(sql, [*params, max_sites, *topic_params]).df()
    df["count"] = df["count"].astype("int64")
    df["total"] = df["total"].astype("int64")
    return df


def topic_site_counts(
    cur: duckdb.DuckDBPyConnection, f: Filters, kind: TopicKind = "rule", max_sites: int = MAX_SITES
) -> pd.DataFrame:
    """Articles per topic per site over the whole filtered range: site, topic_id, topic, count, total, share,
    where `total` is the site's articles passing the filters other than topics (the topic x site heatmap)."""
    cond, params = where(cur, f, with_topics=False)
    topic_cond, topic_params = _shown_topics(f, kind)
    sql = f"""
    WITH base AS (SELECT a.doc, a.site FROM article_index a WHERE a.site IS NOT NULL AND {cond}),
    totals AS (SELECT site, count(*) AS total FROM base GROUP BY site ORDER BY total DESC, site LIMIT ?),
    shown AS (SELECT t.id, t.name FROM topics t WHERE {topic_cond}),
    counts AS (
        SELECT b.site, atp.topic_id, count(*) AS n
        FROM base b JOIN topic_index atp ON atp.doc = b.doc
        WHERE atp.topic_id IN (SELECT id FROM shown) GROUP BY ALL)
    SELECT tot.site, s.id AS topic_id, s.name AS topic, coalesce(c.n, 0) AS count, tot.total,
           coalesce(c.n, 0) / tot.total AS share
    FROM totals tot CROSS JOIN shown s LEFT JOIN counts c ON c.site = tot.site AND c.topic_id = s.id
    ORDER BY tot.total DESC, tot.site, s.name"""
    df = cur.execute(sql, [*params, max_sites, *topic_params]).df()
    df["count"] = df["count"].astype("int64")
    df["total"] = df["total"].astype("int64")
    return df


def _terms_sql(chars: int, docs: str = "docs") -> str:
    """Distinct accent-folded, lower-cased letter runs (id, term) of each `docs` row's title and first `chars`
    characters of text: the headline and lede carry what a story is about, and bound the cost on long articles."""
    return f"""
    SELECT DISTINCT id, term FROM (
        SELECT d.id, unnest(regexp_split_to_array(
            strip_accents(lower(coalesce(d.title, '') || ' ' || left(coalesce(d.text, ''), {int(chars)}))),
            '[^\\p{{L}}]+')) AS term
        FROM {docs} d)
    WHERE length(term) BETWEEN ? AND ? AND term NOT IN (SELECT unnest(?::VARCHAR[]))"""


TERMS_SLICE = 2_500  # articles a query gives terms for (bounds the aggregation's memory, as for the postings)


def doc_terms_table(
    cur: duckdb.DuckDBPyConnection,
    articles: pa.Table,
    *,
    chars: int,
    stop_words: list[str],
    min_len: int = 3,
    max_len: int = 30,
) -> pa.Table:
    """Each article's distinct terms as `_terms_sql` defines them (doc, published_day, terms), for a batch of article
    rows (doc, id, published_day, title, text): computed once when the articles are stored, so the selection panel
    and spike headlines read a period's terms instead of every text of it."""
    cur = cur.cursor()
    tables = []
    for start in range(0, articles.num_rows, TERMS_SLICE):
        cur.register(
            "_terms_batch", articles.slice(start, TERMS_SLICE).select(["doc", "id", "published_day", "title", "text"])
        )
        try:
            table = cur.sql(
                f"""WITH pairs AS ({_terms_sql(chars, "_terms_batch")})
                    SELECT b.doc, b.published_day, list(p.term ORDER BY p.term) AS terms
                    FROM pairs p JOIN _terms_batch b ON b.id = p.id GROUP BY b.doc, b.published_day""",
                params=[min_len, max_len, stop_words],
            ).to_arrow_table()
        finally:
            cur.unregister("_terms_batch")
        assert table is not None
        tables.append(table)
    if not tables:
        return pa.table({"doc": pa.array([], pa.int32())})
    return pa.concat_tables(tables).sort_by([("published_day", "ascending"), ("doc", "ascending")])


# The background sample: the articles with the smallest hash of their id, the same rows on every call for the same
# corpus, so a selection can tell which of its articles are part of it.
_SAMPLE_SQL = "SELECT doc, id FROM hot_articles ORDER BY hash(id), id LIMIT ?"


def background_table(cur: duckdb.DuckDBPyConnection, *, sample: int) -> pa.Table:
    """(id, term) of the background sample, from the stored per-article terms: what the ingest keeps as the
    term_background part, so no dashboard reads a sample of texts."""
    table = (
        cur.cursor()
        .sql(
            f"""SELECT s.id, unnest(t.terms) AS term FROM ({_SAMPLE_SQL}) s JOIN doc_terms t ON t.doc = s.doc
            ORDER BY s.id, term""",
            params=[sample],
        )
        .to_arrow_table()
    )
    assert table is not None
    return table


def background_terms(cur: duckdb.DuckDBPyConnection, *, sample: int) -> tuple[int, pd.DataFrame]:
    """The terms of a fixed sample of `sample` articles of the whole corpus: (articles in the sample, DataFrame of
    distinct id, term pairs); the stored background when the ingest kept one, else worked out now."""
    stored = cur.execute("SELECT count(DISTINCT id) FROM term_background").fetchone()
    if stored and stored[0]:
        pairs = cur.execute("SELECT id, term FROM term_background").df()
        n = cur.execute(f"SELECT count(*) FROM ({_SAMPLE_SQL})", [sample]).fetchone()
        return (int(n[0]) if n else 0), pairs
    pairs = background_table(cur, sample=sample).to_pandas()
    row = cur.execute(f"SELECT count(*) FROM ({_SAMPLE_SQL})", [sample]).fetchone()
    return (int(row[0]) if row else 0), pairs


def in_sample(cur: duckdb.DuckDBPyConnection, f: Filters, *, sample: int) -> list[str]:
    """Ids of the articles matching `f` that are in `background_terms`' sample of the same size."""
    cond, params = where(cur, f)
    sql = f"""WITH bg AS MATERIALIZED ({_SAMPLE_SQL})
              SELECT a.id FROM article_index a JOIN bg ON bg.doc = a.doc WHERE {cond}"""
    return [str(r[0]) for r in cur.execute(sql, [sample, *params]).fetchall()]


def doc_terms(cur: duckdb.DuckDBPyConnection, f: Filters, *, limit: int) -> pd.DataFrame:
    """The distinct (id, term) pairs of at most `limit` articles matching `f`: a fixed, hash-ordered sample (the
    same articles on every call), so a large selection costs what `limit` articles cost. Their terms are the stored
    ones, found by the join alone: DuckDB skips the rows of other docs while it scans, and a date condition on the
    terms' parts only made it read more (110-155 against 65-80 ms for a month's selection at a million articles)."""
    cond, params = where(cur, f)
    cur = cur.cursor()
    # The sample as a table of its own, so DuckDB knows its size (see cell_headlines).
    docs = cur.sql(
        f"SELECT a.doc, a.id FROM article_index a WHERE {cond} ORDER BY hash(a.id), a.id LIMIT ?",
        params=[*params, limit],
    ).to_arrow_table()
    cur.register("_docs", docs)
    try:
        return cur.execute("SELECT d.id, unnest(t.terms) AS term FROM _docs d JOIN doc_terms t ON t.doc = d.doc").df()
    finally:
        cur.unregister("_docs")


def cell_headlines(
    cur: duckdb.DuckDBPyConnection,
    base: Filters,
    cells: list[tuple[str, dt.date, dt.date]],
    weights: pa.Table,
    *,
    limit: int,
    centroid_terms: int,
) -> pd.DataFrame:
    """For each (topic_id, first day, last day) cell within the `base` filters (their own topics aside), the article
    nearest to the term centroid of a hash-ordered sample of at most `limit` of the cell's articles (the same sample
    `doc_terms` and `topic_scores` take): cell (index into `cells`), id, title, similarity. `weights` (term,
    weight) weighs terms, a term it lacks weighing its largest weight.

    This is `analytics.representative` (top 1) in SQL, tie for tie (terms ordered by how many articles share them,
    then by their first article in the sample, then A-Z; similarities rounded so equal term sets tie exactly), so
    the ~100,000 (article, term) rows of five spikes at a million articles never leave DuckDB: carried into pandas
    they cost 200 ms of a 300 ms rerun. The terms are found by the join alone (a date range over the spikes' months
    made DuckDB read 670 ms of terms at a million articles, against ~120 ms without). tests/test_analytics.py checks
    the two agree."""
    if not cells:
        return pd.DataFrame(columns=["cell", "id", "title", "similarity"])
    cond, params = where(cur, dataclasses.replace(base, topics=()))
    table = pa.table(
        {
            "cell": pa.array(range(len(cells)), pa.int32()),
            "topic_id": pa.array([c[0] for c in cells], pa.string()),
            "lo": pa.array([c[1] for c in cells], pa.date32()),
            "hi": pa.array([c[2] for c in cells], pa.date32()),
        }
    )
    # The samples first, as a table of their own: DuckDB then knows they are a few hundred rows and scans the terms
    # against them (with no filter on the corpus, its estimate of a CTE made it hash a million terms lists: 2 s).
    hits_sql = f"""
        SELECT * FROM (
            SELECT c.cell, a.doc, a.id, a.title, atp.score,
                row_number() OVER (PARTITION BY c.cell ORDER BY hash(a.id), a.id) AS rank
            FROM _cells c JOIN topic_index atp ON atp.topic_id = c.topic_id
            JOIN article_index a ON a.doc = atp.doc AND a.published_day BETWEEN c.lo AND c.hi
            WHERE {cond})
        WHERE rank <= ?"""
    sql = """
    WITH pairs AS MATERIALIZED (
        SELECT h.cell, h.rank, unnest(t.terms) AS term
        FROM _hits h JOIN doc_terms t ON t.doc = h.doc),
    default_weight AS (SELECT coalesce(max(weight), 1.0) AS w FROM _weights),
    weighted AS (
        SELECT p.cell, p.rank, p.term, coalesce(w.weight, (SELECT w FROM default_weight)) AS w
        FROM pairs p LEFT JOIN _weights w ON w.term = p.term),
    sizes AS (SELECT cell, count(DISTINCT rank) AS n FROM pairs GROUP BY cell),
    shares AS (SELECT cell, term, count(*) AS df, min(rank) AS first FROM pairs GROUP BY cell, term),
    kept AS (
        SELECT cell, term, df FROM (
            SELECT d.cell, d.term, d.df,
                row_number() OVER (PARTITION BY d.cell ORDER BY d.df DESC, d.first, d.term) AS k
            FROM shares d JOIN sizes s ON s.cell = d.cell WHERE d.df >= least(2, s.n))
        WHERE k <= ?),
    centroid AS (
        SELECT k.cell, k.term, k.df / s.n * coalesce(w.weight, (SELECT w FROM default_weight)) AS c
        FROM kept k JOIN sizes s ON s.cell = k.cell LEFT JOIN _weights w ON w.term = k.term),
    centroid_norm AS (SELECT cell, sqrt(sum(c * c)) AS norm FROM centroid GROUP BY cell),
    docs AS (
        SELECT x.cell, x.rank, sum(x.w * coalesce(c.c, 0)) AS dot, sqrt(sum(x.w * x.w)) AS norm
        FROM weighted x LEFT JOIN centroid c ON c.cell = x.cell AND c.term = x.term GROUP BY x.cell, x.rank),
    sims AS (
        SELECT d.cell, h.id, h.title,
            round(d.dot / ((CASE WHEN d.norm > 0 THEN d.norm ELSE 1 END) * coalesce(nullif(cn.norm, 0), 1))
                  * greatest(coalesce(h.score, 1), 0), 12) AS similarity
        FROM docs d JOIN _hits h ON h.cell = d.cell AND h.rank = d.rank
        LEFT JOIN centroid_norm cn ON cn.cell = d.cell)
    SELECT cell, id, title, similarity FROM (
        SELECT *, row_number() OVER (PARTITION BY cell ORDER BY similarity DESC, id) AS best FROM sims)
    WHERE best = 1 ORDER BY cell"""
    cur = cur.cursor()
    cur.register("_cells", table)
    cur.register("_weights", weights)
    try:
        hits = cur.sql(hits_sql, params=[*params, limit]).to_arrow_table()
        cur.register("_hits", hits)
        try:
            return cur.execute(sql, [centroid_terms]).df()
        finally:
            cur.unregister("_hits")
    finally:
        cur.unregister("_cells")
        cur.unregister("_weights")


def articles_brief(cur: duckdb.DuckDBPyConnection, ids: list[str], topic_id: str | None = None) -> pd.DataFrame:
    """id, title, site, published, score (the article's weight for `topic_id`, NULL without one) for `ids`."""
    return cur.execute(
        """SELECT a.id, a.title, a.site, a.published_day AS published, atp.score
           FROM article_index a
           LEFT JOIN topic_index atp ON atp.doc = a.doc AND atp.topic_id = ?
           WHERE list_contains(?, a.id)""",
        [topic_id, list(ids)],
    ).df()


def topic_scores(cur: duckdb.DuckDBPyConnection, f: Filters, topic_id: str, limit: int) -> pd.DataFrame:
    """id, score of the articles matching `f` for `topic_id` (the same hash-ordered sample as `doc_terms`)."""
    cond, params = where(cur, f)
    return cur.execute(
        f"""WITH docs AS (SELECT a.doc, a.id FROM article_index a WHERE {cond} ORDER BY hash(a.id), a.id LIMIT ?)
            SELECT d.id, atp.score FROM docs d JOIN topic_index atp ON atp.doc = d.doc
            WHERE atp.topic_id = ?""",
        [*params, limit, topic_id],
    ).df()


# The article list's download: these columns, in this order (`text` only when asked for).
EXPORT_COLUMNS = "id url published title site authors section language topics discovered words review_status".split()


def export_rows(
    cur: duckdb.DuckDBPyConnection,
    f: Filters,
    *,
    sort: str = "published",
    descending: bool = True,
    with_text: bool = False,
) -> list[dict[str, Any]]:
    """Every article the filters select (the whole list, not one page) in the list's order, as plain Python values:
    EXPORT_COLUMNS (published is the day; topics = rule topic names A-Z, discovered = labels best first), plus
    `text` when `with_text`. Built only when a download is asked for, so its cost is paid then, not per rerun."""
    cond, params = where(cur, f)
    order = sort if sort in SORTABLE else "published"
    direction = "DESC" if descending else "ASC"
    text_col = ", a.text" if with_text else ""
    sql = f"""
    WITH sel AS (
        SELECT a.doc, a.id, a.url, a.published_day AS published, a.title, a.site, a.authors, a.section, a.language,
               a.word_count AS words, a.review_status{text_col}
        FROM article_view a WHERE {cond}),
    tops AS (
        SELECT atp.doc,
            list(t.name ORDER BY t.name) FILTER (WHERE t.kind = 'rule') AS topics,
            list(t.name ORDER BY atp.score DESC, t.name) FILTER (WHERE t.kind = 'discovered') AS discovered
        FROM topic_index atp JOIN topics t ON t.id = atp.topic_id
        WHERE atp.doc IN (SELECT doc FROM sel) GROUP BY atp.doc)
    SELECT s.id, s.url, s.published, s.title, s.site, coalesce(s.authors, []) AS authors, s.section, s.language,
           coalesce(tp.topics, []) AS topics, coalesce(tp.discovered, []) AS discovered, s.words,
           s.review_status{text_col.replace("a.", "s.")}
    FROM sel s LEFT JOIN tops tp ON tp.doc = s.doc
    ORDER BY s.{order} {direction} NULLS LAST, s.id"""
    cur.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# Every stored article with its topics, review state and quality flags (`python -m newsdesk export`): corrected values
# where a reviewer corrected them, the extracted ones beside them (`title_extracted` ...).
EXPORT_SQL = """WITH tp AS (
        SELECT atp.doc,
            list(t.name ORDER BY t.name) FILTER (WHERE t.kind = 'rule') AS rule_topics,
            list(t.id ORDER BY atp.score DESC) FILTER (WHERE t.kind = 'discovered') AS discovered_ids,
            list(t.name ORDER BY atp.score DESC) FILTER (WHERE t.kind = 'discovered') AS discovered_labels
        FROM topic_index atp JOIN topics t ON t.id = atp.topic_id GROUP BY atp.doc),
    fl AS (SELECT doc, list(DISTINCT flag ORDER BY flag) AS quality_flags FROM article_flags GROUP BY doc)
    SELECT a.* EXCLUDE (doc, month, raw, removed, published_day, published_day_extracted, review_status,
                        review_note, reviewed_by, reviewed_at),
           coalesce(tp.rule_topics, []) AS rule_topics,
           coalesce(tp.discovered_ids, []) AS discovered_ids,
           coalesce(tp.discovered_labels, []) AS discovered_labels,
           a.review_status, a.review_note, a.reviewed_by, a.reviewed_at,
           coalesce(fl.quality_flags, []) AS quality_flags
    FROM article_view a LEFT JOIN tp ON tp.doc = a.doc LEFT JOIN fl ON fl.doc = a.doc
    ORDER BY a.published_day NULLS LAST, a.id"""


def iter_export(cur: duckdb.DuckDBPyConnection, batch: int = 500) -> Iterator[dict[str, Any]]:
    """EXPORT_SQL's rows as dicts, a batch at a time."""
    cur.execute(EXPORT_SQL)
    cols = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(batch):
        for row in chunk:
            yield dict(zip(cols, row, strict=True))


def export_parquet(cur: duckdb.DuckDBPyConnection, path: str) -> int:
    """EXPORT_SQL's rows written as one Parquet file at `path` (streamed by DuckDB, whatever the corpus size);
    returns the number of rows."""
    row = cur.execute(f"COPY ({EXPORT_SQL}) TO ? (FORMAT parquet, COMPRESSION zstd)", [path]).fetchone()
    return int(row[0]) if row else 0
