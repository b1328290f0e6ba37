"""Small helpers shared by tests: page builders (invented articles in the shapes real stored pages take), and the
set-up of AppTest runs on a private copy of a fixture corpus, checked with our own SQL."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest
    from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the tram network to the northern suburbs, ending a debate that "
    "had run for almost three years and divided residents of the old harbour district.",
    "Supporters said the line would cut commuting times by a third and bring new investment to neighbourhoods that "
    "had been left behind, while opponents warned that construction would close streets for months.",
    "The mayor, speaking after the vote, said the decision showed that the council could still act on long-term "
    "projects. \u201cWe owe this to the people who will live here in twenty years,\u201d she said.",
    "Work on the first section is expected to begin next spring, with the full line due to open by the end of the "
    "decade, according to the transport department.",
]


def news_page(
    title: str = "Council approves northern tram extension",
    *,
    url: str = "https://www.riverton-post.example/news/2024/03/05/council-tram-extension",
    published: str = "2024-03-05T09:30:00+01:00",
    author: str = "Mara Ellison",
    site: str = "The Riverton Post",
    paragraphs: list[str] | None = None,
    charset: str = "utf-8",
) -> str:
    """A whole news page with navigation, JSON-LD, Open Graph and a footer, like a saved page."""
    paras = paragraphs if paragraphs is not None else PARAGRAPHS
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": published,
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": site},
    }
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{html.escape(title)} | {html.escape(site)}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="article:published_time" content="{published}">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/opinion">Opinion</a></nav></header>
<main><article>
<h1>{html.escape(title)}</h1>
<p class="byline">By {html.escape(author)}</p>
{body}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Harbour festival returns</a></li><li><a href="/b">Ferry fares rise</a></li></ul></aside>
</main>
<footer><p>&copy; 2024 {html.escape(site)}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def text_dump(title: str = "Council approves northern tram extension", date: str = "5 March 2024") -> str:
    """A plain-text dump of a whole page, boilerplate and all, one block per line."""
    lines = [
        "Today: 12 April 2025",
        "Home",
        "News",
        "Sport",
        date,
        "2 min read",
        "",
        title,
        "",
        *[p + "\n" for p in PARAGRAPHS],
        "ALSO READ: Ferry fares rise for the third time this year",
        "",
        "Previous Story",
        "Harbour festival returns after a five-year break",
        "Next Story",
        "New bridge opens to cyclists",
        "",
        "Latest from -City",
        "Library hours extended",
        "The central library will stay open until 10pm on weekdays from next month, the council said",
        "",
        "\u00a9 2025 The Riverton Post. All rights reserved.",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ AppTest and SQL
def copy_db(src: Path, dst: Path) -> Path:
    """Copy a store folder to `dst`, so a test can change it without leaking."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("writer.lock"))
    return dst


class StoreSQL:
    """Our own SQL on a store's views, as another process sees them (a store opened read-only): `execute` like a
    DuckDB connection, `cursor()` for code that takes one, `close()` when done."""

    def __init__(self, db: Path) -> None:
        from newsdesk.store import Store

        self.store = Store(db, read_only=True)
        self._cur = self.store.cursor()

    def execute(self, query: str, params: list | None = None):  # -> DuckDBPyConnection
        return self.store.cursor().execute(query, params or [])

    def cursor(self):  # -> DuckDBPyConnection
        return self.store.cursor()

    def close(self) -> None:
        self.store.close()


def use_corpus(monkeypatch: pytest.MonkeyPatch, db: Path, articles: Path, topics: Path) -> None:
    """Point the app's settings at a test corpus for one test."""
    monkeypatch.setenv("NEWSDESK_DB", str(db))
    monkeypatch.setenv("NEWSDESK_ARTICLES", str(articles))
    monkeypatch.setenv("NEWSDESK_TOPICS", str(topics))


def sql(db: Path, query: str, params: list | None = None) -> list[tuple]:
    """Rows from our own SQL on the store's views, not the app's queries (a store of its own, opened read-only: what
    another process sees)."""
    from newsdesk.store import Store

    store = Store(db, read_only=True)
    try:
        return store.cursor().execute(query, params or []).fetchall()
    finally:
        store.close()


def checked(at: AppTest) -> AppTest:
    """`at`, after asserting its last run raised nothing (returns it, to chain after `.run()`)."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_app(timeout: float, **state: object) -> AppTest:
    """One checked run of the whole dashboard with `state` set in session_state first."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in state.items():
        at.session_state[key] = value
    return checked(at.run())
