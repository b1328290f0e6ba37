"""Shared fixtures. `app_*`: a small seeded corpus stored through `Store.add_articles`, for the dashboard tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.ingest import add_articles

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
    from newsdesk.analysis.topics import load_rules
    from newsdesk.store import Store

    store = Store(path)
    try:
        if articles:
            add_articles(store, articles, rules=load_rules(topics_file))
        with store.writer("a test fixture") as w:
            w.add_error("broken.json", "broken.json", "json", "not valid JSON: line 1 column 2")
            w.errors[-1] = (*w.errors[-1][:4], dt.datetime(2024, 4, 1, 9, 30))
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
    from tests.helpers import use_corpus

    use_corpus(monkeypatch, app_db, app_dirs / "articles", app_dirs / "topics.toml")
    yield app_db


@pytest.fixture(params=[False, True], ids=["parts", "hot"])
def app_store(app_db: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator:  # -> Store
    """A Store on a private copy of `app_db`: what a test decides or corrects never leaks into other tests. Each
    test runs on a store reading the parts (as the CLI does) and on one keeping the hot tables (as the dashboard)."""
    from newsdesk.store import Store
    from tests.helpers import copy_db

    store = Store(copy_db(app_db, tmp_path / "review.duckdb"), hot=request.param)
    try:
        yield store
    finally:
        store.close()


# ----------------------------------------------------------------------------------------------------------------
# browser_*: a real Streamlit server on a copy of the demo corpus and Debian's Chromium (tests/test_browser.py).
@pytest.fixture(scope="module")
def browser_executable() -> str:
    """Chromium's path; skips (loudly: a warning in pytest's summary too) when it is missing, so only these skip."""
    import warnings

    from tests import browser_support

    reason = browser_support.chromium_missing_reason()
    if reason:
        warnings.warn(reason, stacklevel=1)
        pytest.skip(reason)
    pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install -r requirements-dev.txt"
    )
    return browser_support.chromium_path()


@pytest.fixture(scope="module")
def browser_server(browser_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """`streamlit run app.py` on a tmp copy of the demo corpus, ingested by the CLI; stopped after the module."""
    from tests import browser_support

    server = browser_support.start_server(tmp_path_factory.mktemp("browser"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser_chromium(browser_executable: str) -> Iterator:
    """One headless Chromium for the module (each test gets its own context, so its own Streamlit session)."""
    from playwright.sync_api import sync_playwright

    from tests import browser_support

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=browser_executable, args=list(browser_support.CHROMIUM_ARGS))
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def browser_context(browser_chromium) -> Iterator:
    """One browser context for the module, sized like a laptop screen: its cache spares each test the app's
    JavaScript download, while each page (tab) still gets its own Streamlit session."""
    from tests import browser_support

    context = browser_chromium.new_context(viewport=browser_support.VIEWPORT)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def browser_page(browser_context, browser_server) -> Iterator:
    """A fresh tab, so a new app session: no filters, no open article, no chart selection."""
    from tests import browser_support

    page = browser_context.new_page()
    page.set_default_timeout(browser_support.RERUN_MS)
    try:
        yield page
    finally:
        page.close()


@pytest.fixture
def browser_events(browser_page) -> dict:
    """What the page did behind the user's back: JavaScript dialogs, uncaught errors, requests off loopback."""
    from tests import browser_support

    return browser_support.record_page_events(browser_page)
