"""Shared fixtures. `app_*`: a small seeded corpus stored through `Store.add_articles`, for the dashboard tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

APP_SEED = 20240301
APP_SITES = ("daily.example", "herald.example", "courier.example")
# Words each rule topic of APP_TOPICS_TOML matches; an article mentions one or two of them.
APP_TOPIC_WORDS = {
    "Economy": "inflation",
    "Climate": "emissions",
    "Health": "hospital",
    "Sport": "tournament",
}
APP_TOPICS_TOML = "".join(f'[[topic]]\nname = "{name}"\nquery = "{word}"\n\n' for name, word in APP_TOPIC_WORDS.items())
APP_FILLER = "the council said on tuesday that officials would meet again next week to review the plan".split()
APP_XSS_TITLE = "Markets <img src=x onerror=alert(1)> rally"
APP_XSS_TEXT = "Before the bell <script>alert(1)</script> traders bought.\n\nSecond paragraph on inflation."
APP_N_DATED = 90
APP_N_UNDATED = 5


def _article(i: int, rng: random.Random, published: dt.date | None):  # -> Article
    from newsdesk.models import Article

    names = rng.sample(list(APP_TOPIC_WORDS), rng.choice([1, 1, 2]))
    words = [APP_TOPIC_WORDS[n] for n in names]
    body = " ".join(rng.choice(APP_FILLER) for _ in range(60))
    text = f"Story {i} opens with {' and '.join(words)}.\n\n{body}."
    site = APP_SITES[i % len(APP_SITES)]
    url = f"https://{site}/news/{i}"
    return Article(
        source=f"fixture.jsonl#{i}",
        path="fixture.jsonl",
        format="record",
        id=hashlib.sha256(url.encode()).hexdigest()[:16],
        url=url,
        site=site,
        title=f"Report {i}: {names[0].lower()} update",
        authors=[rng.choice(["Ana Ruiz", "Ben Okafor", "Chen Li"])],
        published=published.isoformat() if published else None,
        published_source="record" if published else None,
        language="en",
        section=rng.choice(["World", "Business", "Science"]),
        text=text,
        word_count=len(text.split()),
        reading_minutes=len(text.split()) / 238,
        field_sources={"title": "record", "text": "record", "authors": "byline"},
        removed="Subscribe now | Cookie settings",
    )


def app_corpus() -> list:
    """The fixture corpus: APP_N_DATED dated articles over Jan-Mar 2024, a few undated, one hostile article."""
    from newsdesk.models import Article

    rng = random.Random(APP_SEED)
    first = dt.date(2024, 1, 1)
    arts = [_article(i, rng, first + dt.timedelta(days=rng.randrange(91))) for i in range(APP_N_DATED)]
    arts += [_article(APP_N_DATED + i, rng, None) for i in range(APP_N_UNDATED)]
    arts.append(
        Article(
            source="hostile.html",
            path="hostile.html",
            format="html",
            id="xss0000000000001",
            url="https://herald.example/markets",
            site="herald.example",
            title=APP_XSS_TITLE,
            authors=["<b>Mallory</b>"],
            published="2024-02-15",
            published_source="json-ld",
            text=APP_XSS_TEXT,
            word_count=14,
            reading_minutes=0.1,
            field_sources={"title": "og:title", "published": "json-ld"},
            warnings=["title and og:title differ"],
        )
    )
    return arts


def _build(path: Path, articles: list, topics_file: Path) -> None:
    from newsdesk.store import Store
    from newsdesk.topics import load_rules

    store = Store(path)
    try:
        if articles:
            store.add_articles(articles, rules=load_rules(topics_file))
        store.cursor().execute(
            "INSERT INTO ingest_errors VALUES (?, ?, ?, ?, ?)",
            ["broken.json", "broken.json", "json", "not valid JSON: line 1 column 2", dt.datetime(2024, 4, 1, 9, 30)],
        )
    finally:
        store.close()


@pytest.fixture(scope="session")
def app_dirs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("app")
    (root / "topics.toml").write_text(APP_TOPICS_TOML, encoding="utf-8")
    (root / "articles").mkdir()
    return root


@pytest.fixture(scope="session")
def app_db(app_dirs: Path) -> Path:
    """A database holding `app_corpus()` and one ingest error."""
    path = app_dirs / "corpus.duckdb"
    _build(path, app_corpus(), app_dirs / "topics.toml")
    return path


@pytest.fixture(scope="session")
def app_empty_db(app_dirs: Path) -> Path:
    path = app_dirs / "empty.duckdb"
    _build(path, [], app_dirs / "topics.toml")
    return path


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, app_dirs: Path, app_db: Path) -> Iterator[Path]:
    """Point the app's settings at the fixture corpus (an empty articles folder: no first-run ingest)."""
    monkeypatch.setenv("NEWSDESK_DB", str(app_db))
    monkeypatch.setenv("NEWSDESK_ARTICLES", str(app_dirs / "articles"))
    monkeypatch.setenv("NEWSDESK_TOPICS", str(app_dirs / "topics.toml"))
    yield app_db
