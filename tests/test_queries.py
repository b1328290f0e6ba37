"""queries: coverage counts and shares recomputed independently in Python, filters, paging, one article."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest

from newsdesk.analysis.queries import (
    Filters,
    count_articles,
    coverage,
    get_article,
    list_articles,
    period_bounds,
    sites,
    topics,
    undated_count,
)
from newsdesk.analysis.topics import RuleTopic
from newsdesk.ingest import add_articles
from newsdesk.models import Article
from newsdesk.store import Store

WORDS = {
    "Economy": "inflation interest rates recession unemployment economists",
    "Sport": "tournament league striker goalkeeper championship season",
    "Climate": "emissions heatwave drought wildfire carbon",
}
RULES = [RuleTopic(name, " OR ".join(words.split())) for name, words in WORDS.items()]
SITES = ["a.example", "b.example", "c.example"]


@pytest.fixture(scope="module", params=[False, True], ids=["parts", "hot"])
def corpus(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> tuple[Store, list[Article]]:
    """The corpus, read as the CLI reads it (parts) and as the dashboard does (hot tables)."""
    rng = random.Random(7)
    arts: list[Article] = []
    for i in range(240):
        names = rng.sample(sorted(WORDS), rng.choice([0, 1, 1, 2]))
        text = " ".join(WORDS[n] for n in names) + f" filler words number {i} about the town"
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 500))
        site = rng.choice(SITES)
        arts.append(
            Article(
                source=f"gen#{i}",
                url=f"https://{site}/story/{i}",
                title=f"Story {i}" + (" about the harbour" if i % 5 == 0 else ""),
                text=text,
                published=None if i % 17 == 0 else day.isoformat(),
            )
        )
    path = tmp_path_factory.mktemp("q") / "q.duckdb"
    store = Store(path)
    add_articles(store, arts, rules=RULES)
    if request.param:
        store.close()
        store = Store(path, hot=True)
    return store, arts


def _topics_of(a: Article) -> set[str]:
    return {n for n, words in WORDS.items() if any(w in a.text.split() for w in words.split())}


def _expected(arts: list[Article], f: Filters, gran: str) -> dict[tuple[dt.date, str], tuple[int, int]]:
    def keep(a: Article) -> bool:
        if a.published is None:
            return False
        d = dt.date.fromisoformat(a.published)
        if (f.start and d < f.start) or (f.end and d > f.end):
            return False
        if f.sites and a.url.split("/")[2] not in f.sites:
            return False
        return all(w.lower() in (a.title + " " + a.text).lower() for w in f.search.split())

    kept = [a for a in arts if keep(a)]
    start = {a.id: period_bounds(dt.date.fromisoformat(a.published), gran)[0] for a in kept}
    totals = Counter(start.values())
    counts: Counter[tuple[dt.date, str]] = Counter()
    for a in kept:
        for t in _topics_of(a):
            counts[(start[a.id], t)] += 1
    return {(p, t): (counts[(p, t)], totals[p]) for p in totals for t in WORDS}


@pytest.mark.parametrize(
    "f",
    [
        Filters(),
        Filters(sites=("a.example",)),
        Filters(start=dt.date(2023, 6, 1), end=dt.date(2023, 12, 31)),
        Filters(search="harbour"),
        Filters(sites=("b.example", "c.example"), search="story"),
    ],
)
@pytest.mark.parametrize("gran", ["day", "week", "month"])
def test_coverage_equals_independent_counts(corpus: tuple[Store, list[Article]], f: Filters, gran: str) -> None:
    store, arts = corpus
    df = coverage(store.cursor(), f, gran, "rule")  # type: ignore[arg-type]
    got = {(r.period.date(), r.topic): (r.count, r.total) for r in df.itertuples()}
    want = _expected(arts, f, gran)
    for key, value in want.items():
        assert got[key] == value, key
    # every other row is an empty period, shown as zero
    assert all(v[0] == 0 and v[1] == 0 for k, v in got.items() if k not in want)
    assert ((df["share"] - df["count"] / df["total"].where(df["total"] > 0)).fillna(0).abs() < 1e-9).all()


def test_coverage_fills_empty_periods_and_respects_topic_filter(corpus: tuple[Store, list[Article]]) -> None:
    store, _ = corpus
    df = coverage(store.cursor(), Filters(topics=("rule:Sport",)), "month")
    assert set(df["topic"]) == {"Sport"}
    months = sorted(df["period"])
    assert len(months) == len(set(months))
    span = (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month + 1
    assert len(months) == span  # no gaps


def test_list_filters_sort_and_page(corpus: tuple[Store, list[Article]]) -> None:
    store, arts = corpus
    cur = store.cursor()
    f = Filters(topics=("rule:Climate",))
    n = count_articles(cur, f)
    assert n == sum("Climate" in _topics_of(a) for a in arts)
    page1 = list_articles(cur, f, limit=10)
    page2 = list_articles(cur, f, limit=10, offset=10)
    assert len(page1) == 10 and not set(page1["id"]) & set(page2["id"])
    dates = [d for d in page1["published"] if d is not None]
    assert dates == sorted(dates, reverse=True)
    assert all("Climate" in t for t in page1["topics"])
    by_words = list_articles(cur, Filters(), sort="words", descending=False, limit=5)
    assert list(by_words["words"]) == sorted(by_words["words"])
    assert undated_count(cur, Filters()) == sum(a.published is None for a in arts)


def test_search_escapes_like_wildcards(corpus: tuple[Store, list[Article]]) -> None:
    store, _ = corpus
    assert count_articles(store.cursor(), Filters(search="%")) == 0
    assert count_articles(store.cursor(), Filters(search="_")) == 0


def test_get_article_sites_and_topics(corpus: tuple[Store, list[Article]]) -> None:
    store, arts = corpus
    cur = store.cursor()
    a = next(x for x in arts if len(_topics_of(x)) == 2)
    got = get_article(cur, a.id)
    assert got is not None and got["title"] == a.title
    assert {t["name"] for t in got["topic_rows"] if t["kind"] == "rule"} == _topics_of(a)
    assert got["sources"] == [a.source]
    assert get_article(cur, "nope") is None
    assert set(sites(cur)["site"]) == set(SITES)
    t = topics(cur, "rule")
    assert set(t["name"]) == set(WORDS)
    assert int(t["articles"].sum()) == sum(len(_topics_of(x)) for x in arts)
    disc = topics(cur, "discovered")
    assert len(disc) >= 2  # learned from 240 articles


def test_period_bounds() -> None:
    assert period_bounds(dt.date(2024, 2, 14), "month") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period_bounds(dt.date(2024, 3, 7), "week") == (dt.date(2024, 3, 4), dt.date(2024, 3, 10))
    assert period_bounds(dt.date(2024, 3, 7), "day") == (dt.date(2024, 3, 7), dt.date(2024, 3, 7))


def test_store_path_is_created(tmp_path: Path) -> None:
    Store(tmp_path / "deep" / "er" / "x.duckdb").close()
    assert (tmp_path / "deep" / "er" / "x.duckdb").exists()
