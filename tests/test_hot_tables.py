"""The dashboard's in-memory hot tables (store.views.HOT_TABLES): every read through them equals the same read
through the Parquet parts, when the corpus grows (appended), loses articles (reloaded) and is searched (the token
cache follows the corpus)."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from newsdesk.analysis import queries
from newsdesk.analysis.queries import Filters
from newsdesk.analysis.topics import RuleTopic
from newsdesk.ingest import add_articles
from newsdesk.models import Article
from newsdesk.review import decisions as review
from newsdesk.store import Store

WORDS = ["harbour", "tram", "budget", "striker", "drought", "museum"]
RULES = [RuleTopic("Transport", "tram OR harbour"), RuleTopic("Money", "budget"), RuleTopic("Sport", "striker")]
SITES = ["a.example", "b.example", "c.example"]


def _articles(first: int, n: int, seed: int, extra: str = "") -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(first, first + n):
        words = " ".join(rng.sample(WORDS, 2))
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(200))
        site = rng.choice(SITES)
        out.append(
            Article(
                source=f"gen#{i}",
                url=f"https://{site}/story/{i}",
                title=f"Story {i} on the {words.split()[0]}",
                text=f"{words} {extra} and more words for story {i} in the town".strip(),
                published=None if i % 11 == 0 else day.isoformat(),
            )
        )
    return out


FILTERS = [
    Filters(),
    Filters(sites=("b.example",)),
    Filters(topics=("rule:Transport",)),
    Filters(start=dt.date(2024, 3, 1), end=dt.date(2024, 4, 30)),
    Filters(search="budget"),
    Filters(search="tram harb"),
    Filters(statuses=("ok",)),
    Filters(flags=("no_date",)),
    Filters(hide_irrelevant=True, sites=("a.example", "c.example")),
]


def _reads(store: Store) -> dict[str, object]:
    cur = store.cursor()
    out: dict[str, object] = {
        "stats": queries.corpus_stats(store),
        "sites": queries.sites(cur),
        "bounds": queries.date_bounds(cur),
        "topics": queries.topics(cur),
    }
    for k, f in enumerate(FILTERS):
        out[f"count{k}"] = queries.count_articles(cur, f)
        out[f"undated{k}"] = queries.undated_count(cur, f)
        out[f"list{k}"] = queries.list_articles(cur, f, limit=7)
        out[f"coverage{k}"] = queries.coverage(cur, f, "month")
        out[f"flags{k}"] = queries.flag_counts(cur, f, ("no_date", "duplicate"))
    ids = [r[0] for r in cur.execute("SELECT id FROM article_view ORDER BY id LIMIT 5").fetchall()]
    for aid in ids:
        got = queries.get_article(cur, aid, store)
        assert got is not None
        out[f"article {aid}"] = {k: v for k, v in got.items() if k != "topic_rows"} | {
            "topic_rows": sorted((r["id"], r["score"]) for r in got["topic_rows"])
        }
    return out


def _assert_same(hot: Store, parts: Store) -> None:
    a, b = _reads(hot), _reads(parts)
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], pd.DataFrame):
            pd.testing.assert_frame_equal(a[key], b[key], check_dtype=False, obj=key)  # type: ignore[arg-type]
        else:
            assert a[key] == b[key], key


@pytest.fixture
def stores(tmp_path):
    path = tmp_path / "hot.store"
    writer = Store(path)
    add_articles(writer, _articles(0, 120, seed=1), rules=RULES)
    hot = Store(path, hot=True)
    parts = Store(path, read_only=True)
    try:
        yield writer, hot, parts
    finally:
        for s in (hot, parts, writer):
            s.close()


def test_hot_reads_equal_the_parts_as_the_corpus_grows_and_loses_articles(stores) -> None:
    writer, hot, parts = stores
    _assert_same(hot, parts)
    # An ingest batch is appended to what is loaded: a row put in by hand survives it (a reload would drop it).
    hot.duck.cursor().execute("INSERT INTO hot_articles (doc, id) VALUES (-1, 'sentinel')")
    add_articles(writer, _articles(120, 60, seed=2), rules=RULES)
    hot.sync()
    assert hot.duck.cursor().execute("SELECT count(*) FROM hot_articles WHERE doc = -1").fetchone() == (1,)
    hot.duck.cursor().execute("DELETE FROM hot_articles WHERE doc = -1")
    _assert_same(hot, parts)
    assert queries.corpus_stats(hot)["articles"] == 180
    # A richer copy of a stored article replaces it (the old doc is deleted): the tables are reloaded.
    richer = _articles(0, 3, seed=1, extra="with a much longer text " * 5)
    add_articles(writer, richer, rules=RULES)
    _assert_same(hot, parts)
    assert queries.corpus_stats(hot)["articles"] == 180
    assert "much longer" in queries.get_article(hot.cursor(), _ids(hot, "gen#0")[0], hot)["text"]


def test_reviewers_corrections_reach_the_hot_reads(stores) -> None:
    writer, hot, parts = stores
    cur = hot.cursor()
    listed = queries.list_articles(cur, Filters(), limit=3)
    first, second, third = (str(i) for i in listed["id"])
    review.decide(cur, first, "irrelevant", reviewer="ana")
    review.correct(cur, second, "title", "A corrected budget headline", reviewer="ana")
    review.correct(cur, third, "published_day", dt.date(2023, 12, 24), reviewer="ana")
    review.correct(cur, first, "topics", ["rule:Sport"], reviewer="ana")
    parts.sync()
    _assert_same(hot, parts)
    assert queries.count_articles(hot.cursor(), Filters(search="corrected")) == 1
    shown = queries.list_articles(hot.cursor(), Filters(), limit=200).set_index("id")
    assert shown.loc[second, "title"] == "A corrected budget headline"
    assert pd.Timestamp(shown.loc[third, "published"]).date() == dt.date(2023, 12, 24)
    assert list(shown.loc[first, "topics"]) == ["Sport"]
    assert queries.count_articles(hot.cursor(), Filters(end=dt.date(2023, 12, 31))) == 1


def test_a_searched_word_follows_new_articles(stores) -> None:
    writer, hot, parts = stores
    cur = hot.cursor()
    before = queries.count_articles(cur, Filters(search="zeppelin"))
    assert before == 0 and hot.token_table("zeppelin") is not None  # cached, with no docs
    add_articles(writer, _articles(500, 4, seed=3, extra="zeppelin"), rules=RULES)
    assert queries.count_articles(hot.cursor(), Filters(search="zeppelin")) == 4
    assert queries.count_articles(parts.cursor(), Filters(search="zeppelin")) == 4


def _ids(store: Store, source: str) -> list[str]:
    return [r[0] for r in store.cursor().execute("SELECT id FROM article_view WHERE source = ?", [source]).fetchall()]


def test_token_tables_stay_few_and_outlive_a_corpus_change(stores, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.store import core

    writer, hot, parts = stores
    monkeypatch.setattr(core, "TOKEN_TABLES", 2)

    def tables() -> set[str]:
        rows = hot.duck.cursor().execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '_token_docs_%'")
        return {r[0] for r in rows.fetchall()}

    for word in ["story", "town", "words", "more", "harbour", "tram", "budget"]:
        assert queries.count_articles(hot.cursor(), Filters(search=word)) == queries.count_articles(
            parts.cursor(), Filters(search=word)
        )
    assert len(tables()) <= 4  # two handed out, two retired
    held = hot.token_table("budget")
    add_articles(writer, _articles(700, 2, seed=4, extra="budget"), rules=RULES)
    hot.sync()
    assert held in tables()  # a query built just before the change still finds its table
    assert hot.token_table("budget") != held
    add_articles(writer, _articles(710, 2, seed=5), rules=RULES)
    hot.sync()
    assert held not in tables()  # dropped one change later
