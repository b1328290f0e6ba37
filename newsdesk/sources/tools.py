"""The exports of tools researchers already use, recognised by their keys and read through one table per tool.

A record (a JSON object, a CSV row, a Parquet row) holding every `signature` key of a tool is read through that
tool's field table instead of the generic aliases of records.py: the table names which of the tool's keys fill
each Newsdesk field, in order of preference; a field the table does not name falls back to the generic aliases.
Tools are tried in table order. Adding a tool is one entry in TOOL_FIELDS; records.py does the reading.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from .base import norm_key

# NewsAPI cuts `content` to about 200 characters and appends how much it left out: "… [+1234 chars]".
NEWSAPI_CUT_RE = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+(?P<chars>\d+) chars\]\s*$")


@dataclass(frozen=True)
class ToolShape:
    """How one tool writes an article: the keys that identify its records and the key(s) behind each field."""

    signature: tuple[str, ...]  # keys every record of the tool has (null or not); empty: chosen by a reader only
    fields: dict[str, tuple[str, ...]]  # Newsdesk field -> the tool's keys, first non-empty wins
    text_cut: re.Pattern[str] | None = None  # a marker the tool appends to text it cut; stripped, with a warning


TOOL_FIELDS: dict[str, ToolShape] = {
    # news-please JSON, one file per article or JSON Lines: https://github.com/fhamborg/news-please (README, "Output")
    "news-please": ToolShape(
        signature=("date_publish", "source_domain"),
        fields={
            "url": ("url",),
            "title": ("title", "title_page", "title_rss"),
            "text": ("maintext", "text"),
            "description": ("description",),
            "published": ("date_publish",),
            "authors": ("authors",),
            "site": ("source_domain",),
            "language": ("language",),
        },
    ),
    # Media Cloud search API (story_list), search.mediacloud.org CSV download: https://www.mediacloud.org/documentation
    "mediacloud": ToolShape(
        signature=("indexed_date", "media_name"),
        fields={
            "url": ("url",),
            "title": ("title",),
            "published": ("publish_date",),
            "site": ("media_name",),
            "language": ("language",),
        },
    ),
    # Media Cloud legacy API v2/v3 story lists and Explorer CSVs: https://github.com/mediacloud/backend (api_2_0_spec)
    "mediacloud-legacy": ToolShape(
        signature=("stories_id", "media_id"),
        fields={
            "url": ("url",),
            "title": ("title",),
            "published": ("publish_date",),
            "site": ("media_name",),
            "language": ("language",),
            "tags": ("themes",),
        },
    ),
    # GDELT DOC 2.0 API, mode=artlist&format=json: https://blog.gdeltproject.org/gdelt-doc-2-0-api-debuts/
    # (`seendate` is when GDELT first saw the article, its only date; `language` is an English name)
    "gdelt": ToolShape(
        signature=("seendate", "domain"),
        fields={
            "url": ("url",),
            "title": ("title",),
            "published": ("seendate",),
            "site": ("domain",),
            "language": ("language",),
        },
    ),
    # NewsAPI /v2/everything and /v2/top-headlines responses: https://newsapi.org/docs/endpoints/everything
    "newsapi": ToolShape(
        signature=("publishedAt", "urlToImage"),
        fields={
            "url": ("url",),
            "title": ("title",),
            "text": ("content",),
            "description": ("description",),
            "published": ("publishedAt",),
            "authors": ("author",),
            "site": ("source",),
        },
        text_cut=NEWSAPI_CUT_RE,
    ),
    # trafilatura --json / extract(output_format="json", with_metadata=True): https://trafilatura.readthedocs.io
    "trafilatura": ToolShape(
        signature=("fingerprint", "source-hostname"),
        fields={
            "url": ("source", "url"),
            "title": ("title",),
            "text": ("text", "raw_text"),
            "description": ("excerpt", "description"),
            "published": ("date",),
            "authors": ("author",),
            "site": ("source-hostname", "hostname"),
            "section": ("categories",),
            "tags": ("tags",),
            "language": ("language",),
        },
    ),
    # trafilatura --xml: the attributes of <doc>, its <main> as "text" (xml.py builds the record and names the tool)
    "trafilatura-xml": ToolShape(
        signature=(),
        fields={
            "url": ("url",),
            "title": ("title",),
            "text": ("text",),
            "description": ("description",),
            "published": ("date",),
            "authors": ("author",),
            "site": ("sitename", "hostname"),
            "section": ("categories",),
            "tags": ("tags",),
            "language": ("language",),
        },
    ),
}

# Language names as GDELT writes them (its DOC API's `language` and `sourcelang:` values) -> ISO 639-1 codes.
LANGUAGE_NAMES: dict[str, str] = {
    "afrikaans": "af", "albanian": "sq", "arabic": "ar", "armenian": "hy", "azerbaijani": "az", "belarusian": "be",
    "bengali": "bn", "bosnian": "bs", "bulgarian": "bg", "catalan": "ca", "chinese": "zh", "croatian": "hr",
    "czech": "cs", "danish": "da", "dutch": "nl", "english": "en", "estonian": "et", "finnish": "fi", "french": "fr",
    "galician": "gl", "georgian": "ka", "german": "de", "greek": "el", "gujarati": "gu", "hebrew": "he",
    "hindi": "hi", "hungarian": "hu", "icelandic": "is", "indonesian": "id", "irish": "ga", "italian": "it",
    "japanese": "ja", "kannada": "kn", "kazakh": "kk", "korean": "ko", "latvian": "lv", "lithuanian": "lt",
    "macedonian": "mk", "malay": "ms", "malayalam": "ml", "marathi": "mr", "mongolian": "mn", "nepali": "ne",
    "norwegian": "no", "persian": "fa", "polish": "pl", "portuguese": "pt", "punjabi": "pa", "romanian": "ro",
    "russian": "ru", "serbian": "sr", "sinhala": "si", "sinhalese": "si", "slovak": "sk", "slovenian": "sl",
    "somali": "so", "spanish": "es", "swahili": "sw", "swedish": "sv", "tagalog": "tl", "tamil": "ta",
    "telugu": "te", "thai": "th", "tibetan": "bo", "turkish": "tr", "ukrainian": "uk", "urdu": "ur",
    "uzbek": "uz", "vietnamese": "vi", "welsh": "cy",
}  # fmt: skip

# The tables with normalised keys, as records are matched.
TOOL_INDEX: dict[str, tuple[frozenset[str], dict[str, tuple[str, ...]]]] = {
    name: (
        frozenset(norm_key(k) for k in shape.signature),
        {field: tuple(norm_key(k) for k in keys) for field, keys in shape.fields.items()},
    )
    for name, shape in TOOL_FIELDS.items()
}
TOOL_KEYS = frozenset(
    key for signature, fields in TOOL_INDEX.values() for key in (*signature, *(k for ks in fields.values() for k in ks))
)


def recognise(keys: Collection[str]) -> str | None:
    """The first tool whose signature keys are all among `keys` (normalised field names), or None."""
    present = set(keys)
    for name, (signature, _) in TOOL_INDEX.items():
        if signature and signature <= present:
            return name
    return None


def language_code(value: str) -> str:
    """A language name a tool wrote ("English") as its ISO 639-1 code; anything else unchanged."""
    return LANGUAGE_NAMES.get(value.strip().casefold(), value)
