"""The two record types every stage passes along: a RawDoc read from a file, an Article extracted from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal

DocFormat = Literal["html", "text", "record"]


@dataclass
class RawDoc:
    """One document as a reader found it, before any extraction.

    `format` says which extractor gets it: "html" (a whole page), "text" (a plain-text page dump) or
    "record" (a JSONL/CSV record whose `content` is already-extracted text). `hints` carries metadata a
    record or container stated itself (title, published, authors, section, tags, language, site, crawl_date),
    which wins over what extraction finds.
    """

    source: str  # input path, with "#N" for the N-th record of a multi-record file
    path: str  # the file on disk the document came from (the container for zip/jsonl members)
    format: DocFormat
    content: str
    url: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None


@dataclass
class ReadError:
    """A file or record that could not be read; becomes an ingest_errors row, never an exception."""

    source: str
    path: str
    format: str
    reason: str


@dataclass
class Skipped:
    """A record deliberately passed over (e.g. a non-HTML WARC record): counted in the summary, not an error."""

    source: str
    path: str
    format: str
    reason: str


@dataclass
class ExtractError:
    """A document that was read but could not be extracted."""

    source: str
    path: str
    format: str
    reason: str


@dataclass
class Article:
    """An extracted article: the fields of the CLI contract in DESIGN.md plus provenance.

    `field_sources` maps a field name to where its value came from (e.g. "published": "json-ld");
    `removed` is the text that cleaning dropped, kept so a reviewer can see it; `raw` is the original
    content, kept so cleaning can be re-run.
    """

    source: str
    path: str = ""
    format: str = ""
    id: str = ""
    url: str | None = None
    site: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None
    page_date: str | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    text: str = ""
    word_count: int = 0
    reading_minutes: float = 0.0
    reading_minutes_stated: int | None = None
    related_headlines: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    top_image: str | None = None
    field_sources: dict[str, str] = field(default_factory=dict)
    removed: str = ""
    raw: str = ""

    def to_json(self, *, include_raw: bool = False) -> dict[str, Any]:
        """The CLI's JSON object for this article (raw content and removed text left out unless asked)."""
        out = dataclasses.asdict(self)
        if not include_raw:
            out.pop("raw")
            out.pop("removed")
        return out


# ---- the stored row ----------------------------------------------------------------------------------------------
# Declared with the Arrow schemas in newsdesk.store.schema; built here, where a pool worker can build it without
# importing Arrow or DuckDB.

UNDATED = "undated"  # the month partition of articles without a publication date


def published_day(published: str | None) -> dt.date | None:
    """The day of an ISO `published` value (None when missing or not a date)."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def month_of(day: dt.date | None) -> str:
    return day.strftime("%Y-%m") if day else UNDATED


def article_row(art: Article, ingested_at: dt.datetime) -> dict[str, Any]:
    """The stored row of an extracted article (keys: ARTICLE_COLUMNS). `raw` is left out when it is the text itself
    (a record that was already extracted): keeping it twice would double the store for nothing."""
    day = published_day(art.published)
    return {
        "id": art.id,
        "url": art.url,
        "site": art.site,
        "title": art.title,
        "authors": list(art.authors),
        "published": art.published,
        "published_day": day,
        "published_source": art.published_source,
        "page_date": art.page_date,
        "language": art.language,
        "section": art.section,
        "tags": list(art.tags),
        "description": art.description,
        "text": art.text,
        "word_count": art.word_count,
        "reading_minutes": art.reading_minutes,
        "reading_minutes_stated": art.reading_minutes_stated,
        "related_headlines": list(art.related_headlines),
        "warnings": list(art.warnings),
        "top_image": art.top_image,
        "field_sources": json.dumps(art.field_sources, sort_keys=True),
        "removed": art.removed,
        "raw": None if art.raw.strip() == art.text else art.raw,
        "source": art.source,
        "path": art.path,
        "format": art.format,
        "ingested_at": ingested_at,
        "month": month_of(day),
    }
