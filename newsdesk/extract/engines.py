"""The third-party extractors behind extract.py, each wrapped to be offline, bounded and never raising.

trafilatura finds the body (it measures best on bench/aeb), newspaper3k is the fallback when trafilatura finds
nothing, and htmldate dates pages whose markup states no date. All of them get the already-parsed lxml tree or
the page string, never a URL to fetch: nothing here opens a network connection.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from lxml.etree import _Element

log = logging.getLogger(__name__)

# trafilatura settings, calibrated on bench/aeb (body F1, pages/s on 2 cores, trafilatura 2.3.1):
# balanced 0.962 at 34/s, fast 0.963 at 45/s, precision 0.970 at 27/s, precision+fast 0.960 at 43/s,
# recall 0.959 at 38/s. Precision is the setting at the 0.97; `fast` (no readability/justext
# comparison) costs 19 ms CPU a page instead of 32 ms and differs on 3 of 103 pages, two of them where the fast
# run found (almost) nothing: extract.py runs fast first and the thorough mode only on a short result.
TRAFILATURA_PRECISION = True
# Tables hold real article content often enough (results, figures) that dropping them lost 0.005 F1.
TRAFILATURA_TABLES = True

# htmldate's extensive search (free-text patterns, dateparser) on the pages our markup rules leave undated:
# on bench/dates 0.902 exact day with it, 0.897 without, at the same pages/s (it runs on 1 page in 25).
HTMLDATE_EXTENSIVE = True

# Languages newspaper3k has stopwords for (its resources/text/stopwords-XX.txt); others fall back to English.
NEWSPAPER_LANGUAGES = frozenset(
    "ar be bg da de el en es et fa fi fr he hi hr hu id it ja ko mk nb nl no pl pt ro ru "
    "sl sr sv sw tr uk vi zh".split()
)


def trafilatura_body(doc: _Element, url: str | None, warnings: list[str], *, fast: bool = True) -> str:
    """Main text by trafilatura (comments excluded), newline-separated paragraphs; "" with a warning on failure.

    `fast` skips trafilatura's comparison with its fallback algorithms. trafilatura copies the tree it is given,
    so `doc` stays usable by the caller.
    """
    try:
        import trafilatura

        text = trafilatura.extract(
            doc,
            url=url,
            output_format="txt",
            include_comments=False,
            include_tables=TRAFILATURA_TABLES,
            include_images=False,
            include_links=False,
            favor_precision=TRAFILATURA_PRECISION,
            fast=fast,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception as exc:
        warnings.append(f"trafilatura: failed ({type(exc).__name__}: {str(exc)[:200]})")
        return ""
    return text or ""


def newspaper_parse(html: str, url: str | None, language: str, warnings: list[str]) -> Any | None:
    """newspaper3k's Article parsed offline (no download, no images, no nlp); None with a warning on failure."""
    try:
        from newspaper import Article as NArticle
        from newspaper import Config

        config = Config()
        config.fetch_images = False
        config.memoize_articles = False
        config.follow_meta_refresh = False
        config.use_meta_language = False
        config.set_language(language if language in NEWSPAPER_LANGUAGES else "en")
        np_art = NArticle(url or "http://localhost/", config=config)
        np_art.set_html(html)
        np_art.parse()
    except Exception as exc:
        warnings.append(f"newspaper: failed ({type(exc).__name__}: {str(exc)[:200]})")
        return None
    return np_art


def htmldate_date(doc: _Element, url: str | None, crawl_date: str | None, warnings: list[str]) -> str | None:
    """The original publication day htmldate finds in the page (extensive search), as YYYY-MM-DD, or None.

    `crawl_date` is the latest date it may return. htmldate deep-copies an lxml tree before pruning it.
    """
    try:
        from htmldate import find_date

        kwargs: dict[str, Any] = {}
        if crawl_date:
            kwargs["max_date"] = crawl_date[:10]
        found = find_date(
            doc,
            url=url,
            extensive_search=HTMLDATE_EXTENSIVE,
            original_date=True,
            outputformat="%Y-%m-%d",
            verbose=False,
            **kwargs,
        )
    except Exception as exc:
        warnings.append(f"htmldate: failed ({type(exc).__name__}: {str(exc)[:200]})")
        return None
    if not isinstance(found, str):
        return None
    try:
        date.fromisoformat(found[:10])
    except ValueError:
        return None
    return found[:10]
