"""The whole flow from stored files to articles, in order.

1. `newsdesk.sources` reads each file into RawDocs (one per page or record), or ReadError/Skipped rows;
2. a RawDoc is extracted by its format: "html" -> `newsdesk.extract.html.extract_html` (trafilatura body, newspaper3k
   fallback, metadata from JSON-LD/Open Graph/meta tags),
   "text" -> `newsdesk.extract.textclean.clean_dump` (plain-text page dumps), "record" -> the record's own fields;
3. what a record stated itself (its hints) wins over what extraction found, and says so in `field_sources`;
4. `finalize` fills what every article has: id (canonical URL or normalised text), site, word count, reading
   time, language;
5. rule topics are matched per article here; discovered topics need the whole corpus, so `newsdesk.store` runs them;
6. `enrich` adds what the store keeps of each article besides its row: rule topics, quality flags, duplicate
   signature (newsdesk.analysis.article_flags). The ingest's pool workers run `process`.
Every step is a pure function of one document, so it can run in any process; failures become ExtractError values.
This module (and what it imports) loads no store, Arrow, DuckDB or scikit-learn: a pool worker that imports it holds
~45 MB where one importing newsdesk.ingest held ~150 MB.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk import sources
from newsdesk.analysis.article_flags import article_rows
from newsdesk.analysis.topics import RuleMatcher, RuleTopic, words
from newsdesk.extract.dates import parse_date
from newsdesk.extract.html import extract_html
from newsdesk.extract.language import detect_language
from newsdesk.extract.textclean import clean_dump
from newsdesk.ids import article_id, site_from_url
from newsdesk.models import Article, ExtractError, RawDoc, ReadError, Skipped, article_row

# Silent reading speed for non-fiction in English: 238 words per minute (Brysbaert 2019, a meta-analysis of 190
# studies). Reading time is rounded up to whole minutes, with 1 minute the least.
WORDS_PER_MINUTE = 238

Item = Article | ReadError | Skipped | ExtractError


def count_words(text: str) -> int:
    return len(words(text)) if text.isascii() else len(re.findall(r"\w+", text))


def _split_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[;,]", value) if v.strip()]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def from_record(doc: RawDoc) -> Article:
    """A JSONL/CSV record that already holds extracted text: the record's fields are the article."""
    art = Article(source=doc.source, path=doc.path, format="record", url=doc.url, raw=doc.content)
    text = doc.content.strip()
    if not text and doc.hints.get("description"):
        text = str(doc.hints["description"]).strip()
        art.warnings.append("record has no body text; the description stands in for it")
    art.text = re.sub(r"\n\s*\n+", "\n\n", text)
    art.field_sources["text"] = "record"
    return art


def apply_hints(art: Article, hints: dict[str, object]) -> None:
    """What a record or container stated about itself wins over what extraction found; both are kept."""
    for name in ("title", "description", "section", "language", "site"):
        value = hints.get(name)
        if isinstance(value, str) and value.strip():
            old = getattr(art, name)
            if old and old != value.strip():
                art.warnings.append(f"{name}: record says {value.strip()!r}, page says {old!r}")
            setattr(art, name, value.strip())
            art.field_sources[name] = "record"
    for name in ("authors", "tags"):
        values = _split_list(hints.get(name))
        if values:
            setattr(art, name, values)
            art.field_sources[name] = "record"
    published = hints.get("published")
    if published:
        parsed = parse_date(str(published))
        if parsed is None:
            art.warnings.append(f"published: record value {published!r} is not a date")
        else:
            if art.published and art.published[:10] != parsed.iso[:10]:
                art.warnings.append(f"published: record says {parsed.iso}, page says {art.published}")
            art.published = parsed.iso
            art.published_source = "record"
            art.field_sources["published"] = "record"
    noticed = hints.get("warnings")  # what a reader noticed (a cut NewsAPI text)
    if isinstance(noticed, list):
        art.warnings.extend(str(w) for w in noticed)
    importer = hints.get("importer")
    fields = hints.get("importer_fields")
    if importer and isinstance(fields, dict):  # a named tool's export: say which of its fields each value came from
        for name, key in fields.items():
            if art.field_sources.get(name) == "record":
                art.field_sources[name] = f"record ({importer} {key})"
    crawl = hints.get("crawl_date")
    if isinstance(crawl, str) and crawl:
        art.field_sources["crawl_date"] = "warc"
        if art.published and art.published[:10] > crawl[:10]:
            art.warnings.append(f"published {art.published} is after the page was crawled ({crawl[:10]})")


def finalize(art: Article) -> Article:
    """Fill the fields every article has, whatever its format."""
    art.text = art.text.strip()
    if not art.site:
        art.site = site_from_url(art.url)
        if art.site:
            art.field_sources.setdefault("site", "url host")
    art.id = article_id(art.url, art.title, art.text)
    art.word_count = count_words(art.text)
    art.reading_minutes = float(max(1, math.ceil(art.word_count / WORDS_PER_MINUTE))) if art.word_count else 0.0
    if not art.language:
        art.language = detect_language(f"{art.title or ''}\n{art.text}")
        if art.language:
            art.field_sources["language"] = "detected from text"
    if art.published is None and not any(w.startswith("no publication date") for w in art.warnings):
        art.warnings.append("no publication date found")
    if not art.text:
        art.warnings.append("no article text found")
    return art


def extract_doc(doc: RawDoc, matcher: RuleMatcher | None = None) -> Article | ExtractError:
    """One RawDoc to one Article; any failure inside an extractor becomes an ExtractError naming it."""
    try:
        if doc.format == "html":
            crawl = doc.hints.get("crawl_date")
            art = extract_html(
                doc.content, url=doc.url, source=doc.source, crawl_date=crawl if isinstance(crawl, str) else None
            )
        elif doc.format == "text":
            art = clean_dump(doc.content, source=doc.source, url=doc.url)
        else:
            art = from_record(doc)
        art.source, art.path = doc.source, doc.path
        if doc.url and not art.url:
            art.url = doc.url
        apply_hints(art, doc.hints)
        finalize(art)
        if matcher is not None:
            art.topics = [name for name, _ in matcher.match(art.title or "", art.text)]
        return art
    except Exception as exc:  # an extractor bug must cost one document, not the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = f"extraction failed: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        return ExtractError(source=doc.source, path=doc.path, format=doc.format, reason=reason[:500])


def extract_paths(paths: Iterable[str | Path], matcher: RuleMatcher | None = None) -> Iterator[Item]:
    """Every article (or error) under the given paths, in input order, without touching a database."""
    for item in sources.read_paths(paths):
        yield extract_doc(item, matcher) if isinstance(item, RawDoc) else item


def now_utc() -> dt.datetime:
    """Now in UTC, naive (the store's timestamps)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ---- in the ingest's pool workers: one document to what the store keeps of it ------------------------------------


@dataclass
class Extracted:
    """One article as a worker hands it back: its row and everything else computed from it alone."""

    row: dict[str, Any]
    topics: list[tuple[str, str]]  # (rule topic id, evidence)
    flags: list[tuple[str, str]]  # (flag, detail)
    signature: tuple[int | None, list[int] | None]


Result = Extracted | ReadError | ExtractError | Skipped

_MATCHER: RuleMatcher | None = None


def enrich(art: Article, matcher: RuleMatcher, ingested_at: dt.datetime) -> Extracted:
    found = article_rows(
        art.id,
        published=art.published,
        url=art.url,
        text=art.text,
        word_count=art.word_count,
        crawled=art.page_date,
        ingested=ingested_at.date(),
    )
    return Extracted(
        row=article_row(art, ingested_at),
        topics=[(f"rule:{name}", ev) for name, ev in matcher.match(art.title or "", art.text)],
        flags=[(f, d) for _, f, d in found[0]],
        signature=(found[1][1], found[1][2]),
    )


def process(items: Sequence[RawDoc | Article]) -> list[Result]:
    """A task: extract and enrich documents (or enrich articles already extracted). Runs in a worker."""
    matcher = _MATCHER or RuleMatcher(())
    now = now_utc()
    out: list[Result] = []
    for item in items:
        art = extract_doc(item) if isinstance(item, RawDoc) else item
        out.append(art if isinstance(art, ExtractError) else enrich(art, matcher, now))
    return out


def worker_init(rules: Sequence[RuleTopic]) -> None:
    """In each pool worker (and in this process when there is no pool): the rules its articles are matched with."""
    global _MATCHER
    _MATCHER = RuleMatcher(rules)
