"""Record exports (JSON Lines, JSON, CSV) -> one RawDoc per record, with the record's own metadata as hints.

A record carrying the page as `html` becomes an html RawDoc (extracted like a saved page, with the record's URL);
one carrying already-extracted `text` becomes a "record" RawDoc; one with only a title or description becomes a
"record" RawDoc with empty content. Field names are matched case-insensitively, ignoring `_`, `-` and spaces,
against the aliases below; unknown fields are ignored. A record in the shape of a known tool's export (news-please,
Media Cloud, GDELT, NewsAPI, trafilatura: tools.py) is read through that tool's field table instead, and its hints
name the tool (`importer`) and the key behind each field (`importer_fields`). A bad record is a ReadError and the
file goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from newsdesk.models import RawDoc, ReadError

from .base import Item, Origin, norm_key, text_or_error
from .text import normalize_newlines
from .tools import TOOL_FIELDS, TOOL_INDEX, TOOL_KEYS, language_code, recognise

# Field -> accepted column names, in order of preference. The first block of each is the common scraper/export
# spelling; the tail covers the news APIs whose exports people save (NewsAPI, the Guardian, the NYT).
ALIASES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "uri", "canonical_url", "article_url", "web_url", "webUrl"),
    "title": ("title", "headline", "webTitle"),
    "published": (
        "published",
        "date",
        "publish_date",
        "published_at",
        "pubdate",
        "date_published",
        "datetime",
        "publication_date",
        "pub_date",
        "webPublicationDate",
    ),
    "authors": ("authors", "author", "byline", "creator", "writer"),
    "text": (
        "text",
        "body",
        "content",
        "article",
        "articlebody",
        "full_text",
        "maintext",
        "article_text",
        "bodyText",
        "content_text",
    ),
    "html": ("html", "raw_html", "page", "source_html", "content_html"),
    "description": ("description", "summary", "short_description", "lede", "abstract", "excerpt"),
    "section": ("section", "category", "section_name", "sectionName"),
    "tags": ("tags", "keywords"),
    "language": ("language", "lang"),
    "site": ("site", "site_name", "publisher", "source_name", "domain"),
}
HINT_KEYS = ("title", "published", "authors", "description", "section", "tags", "language", "site")
LIST_FIELDS = frozenset({"authors", "tags"})

# Where a JSON file wraps its list of records in an object ({"articles": [...]} from NewsAPI, {"response":
# {"results": [...]}} from the Guardian, {"response": {"docs": [...]}} from the NYT), in the order tried.
WRAPPER_KEYS = ("articles", "items", "results", "docs", "records", "entries", "data", "posts", "stories", "news")
WRAPPER_MAX_DEPTH = 3

# When a value is an object rather than a string ({"name": "Reuters"}, NYT's {"main": "Headline"}), the first
# of these keys that holds a string is taken.
NAME_KEYS = ("name", "main", "value", "@value", "text", "original", "title")

AUTHOR_SPLIT_RE = re.compile(r"\s*(?:,|;|\band\b|&)\s*", re.IGNORECASE)
AUTHOR_PREFIX_RE = re.compile(r"^\s*by\s+", re.IGNORECASE)
TAG_SPLIT_RE = re.compile(r"\s*[,;]\s*")

# ISO 8601 "basic" timestamps without separators, as GDELT writes `seendate` (20240501T083000Z); the date parser
# reads the extended form, so these are rewritten to it.
COMPACT_DATE_RE = re.compile(
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"
    r"(?:T?(?P<hh>\d{2})(?P<mi>\d{2})(?P<ss>\d{2})?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)

# Epoch timestamps in a date field: seconds for 2001-09..5138, milliseconds for 1973..5138.
EPOCH_SECONDS_RANGE = (1e9, 1e11)
EPOCH_MILLIS_RANGE = (1e11, 1e14)

CSV_DELIMITERS = (",", ";", "\t")
# Rows looked at to choose the delimiter: the one giving the most rows as wide as the header (then the widest).
CSV_SNIFF_ROWS = 50
CSV_SNIFF_CHARS = 256 * 1024
# Article bodies in one cell routinely pass csv's default 128 KB field limit.
CSV_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


_norm = norm_key

ALIAS_INDEX: dict[str, tuple[str, ...]] = {name: tuple(_norm(a) for a in aliases) for name, aliases in ALIASES.items()}
KNOWN_KEYS = frozenset(k for names in ALIAS_INDEX.values() for k in names)
# Every key some table reads: the Parquet reader reads only these columns.
READ_KEYS = KNOWN_KEYS | TOOL_KEYS


def _as_str(value: Any) -> str | None:
    """A scalar field's string value: strings stripped, numbers as text, named objects by name, lists by first."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        for key in NAME_KEYS:
            if isinstance(value.get(key), str) and value[key].strip():
                return str(value[key]).strip()
        return None
    if isinstance(value, list):
        for item in value:
            text = _as_str(item)
            if text:
                return text
    return None


def _as_date(value: Any) -> str | None:
    """A date field as given; ISO for an epoch number (seconds or milliseconds), a date/datetime value (Parquet)
    or a compact ISO timestamp (20240501T083000Z)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
        if EPOCH_MILLIS_RANGE[0] <= seconds < EPOCH_MILLIS_RANGE[1]:
            seconds /= 1000
        if EPOCH_SECONDS_RANGE[0] <= seconds < EPOCH_SECONDS_RANGE[1]:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    text = _as_str(value)
    m = COMPACT_DATE_RE.match(text) if text else None
    if m:
        iso = f"{m['y']}-{m['m']}-{m['d']}"
        if m["hh"]:
            iso += f"T{m['hh']}:{m['mi']}:{m['ss'] or '00'}{m['tz'] or ''}"
        return iso
    return text


def _as_body(value: Any) -> str | None:
    """A text/html field: a string, or a list of paragraph strings joined by blank lines."""
    if isinstance(value, list):
        parts = [p.strip() for p in value if isinstance(p, str) and p.strip()]
        return "\n\n".join(parts) or None
    return value if isinstance(value, str) and value.strip() else None


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def split_authors(value: Any) -> list[str]:
    """Author names from a string ("A, B and C", "By A & B"), a list of strings, or a list of {"name": ...}."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for v in values:
        text = _as_str(v)
        if text:
            names.extend(AUTHOR_PREFIX_RE.sub("", part).strip() for part in AUTHOR_SPLIT_RE.split(text))
    return _dedupe(names)


def split_tags(value: Any) -> list[str]:
    """Tags from a list or a comma/semicolon separated string."""
    values = value if isinstance(value, list) else [value]
    tags: list[str] = []
    for v in values:
        text = _as_str(v)
        if text:
            tags.extend(t.strip() for t in TAG_SPLIT_RE.split(text))
    return _dedupe(tags)


def _value(name: str, raw: Any) -> Any:
    """The value of a field as Newsdesk holds it, from what a record gave for it; None/empty when there is none."""
    if name == "authors":
        return split_authors(raw)
    if name == "tags":
        return split_tags(raw)
    if name == "published":
        return _as_date(raw)
    if name == "text":
        return _as_body(raw)
    if name == "html":
        html = _as_body(raw)
        return html if html and "<" in html else None  # "page": "A12" is a print page number, not markup
    text = _as_str(raw)
    if name == "section" and text:
        return text.split(";")[0].strip() or None  # trafilatura joins several categories with ";": the first
    if name == "language" and text:
        return language_code(text)
    return text


@dataclass
class Fields:
    """The known fields of one record under Newsdesk's names, and which tool's table (and key) gave each."""

    values: dict[str, Any] = field(default_factory=dict)
    tool: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # field -> the record's own key it came from
    warnings: list[str] = field(default_factory=list)


def map_fields(record: Mapping[str, Any], tool: str | None = None) -> Fields:
    """Read a record through `tool`'s table (recognised from its keys when not given), else the generic aliases."""
    by_norm: dict[str, tuple[str, Any]] = {}
    for key, given in record.items():
        if isinstance(key, str):
            by_norm.setdefault(_norm(key), (key, given))
    tool = tool or recognise(by_norm)
    table = {**ALIAS_INDEX, **TOOL_INDEX[tool][1]} if tool else ALIAS_INDEX
    out = Fields(tool=tool)
    for name, keys in table.items():
        for key in keys:
            if key not in by_norm:
                continue
            given, raw = by_norm[key]
            value = _value(name, raw)
            if value:
                out.values[name] = value
                out.keys[name] = given
                break
    cut = TOOL_FIELDS[tool].text_cut if tool else None
    text = out.values.get("text")
    m = cut.search(text) if cut and text else None
    if m and text:
        out.values["text"] = text[: m.start()].rstrip()
        out.warnings.append(f"text is truncated in the {tool} export ({m['chars']} more characters were left out)")
        if not out.values["text"]:
            del out.values["text"]
    return out


def extract_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """The known fields of one record under their canonical names; absent or empty fields are left out."""
    return map_fields(record).values


def record_to_item(
    origin: Origin, fmt: str, n: int, record: Any, encoding: str | None, tool: str | None = None
) -> Item:
    """The RawDoc for the n-th record of a file (read as `tool`'s export when given), or a ReadError saying why not."""
    source = f"{origin.source}#{n}"
    if not isinstance(record, Mapping):
        kind = "null" if record is None else type(record).__name__
        kind = {"str": "a string", "list": "a list", "int": "a number", "float": "a number"}.get(kind, kind)
        return ReadError(source, origin.path, fmt, f"record is {kind}, not an object with fields like url, title, text")
    mapped = map_fields(record, tool)
    fields = mapped.values
    hints: dict[str, Any] = {k: fields[k] for k in HINT_KEYS if k in fields}
    if mapped.tool:
        hints["importer"] = mapped.tool
        hints["importer_fields"] = {k: v for k, v in mapped.keys.items() if k in hints or k == "text"}
    if mapped.warnings:
        hints["warnings"] = mapped.warnings
    url = fields.get("url")
    if "html" in fields:
        return RawDoc(source, origin.path, "html", fields["html"], url=url, hints=hints, encoding=encoding)
    if "text" in fields:
        text = normalize_newlines(fields["text"])
        return RawDoc(source, origin.path, "record", text, url=url, hints=hints, encoding=encoding)
    if "title" in fields or "description" in fields:
        return RawDoc(source, origin.path, "record", "", url=url, hints=hints, encoding=encoding)
    seen = ", ".join(sorted(str(k) for k in record)[:12]) or "none"
    return ReadError(
        source,
        origin.path,
        fmt,
        f"record has no text, html, title or description field (fields: {seen}); "
        "name the article column text, html or title",
    )


def _json_error(err: json.JSONDecodeError) -> str:
    return f"{err.msg} at line {err.lineno} column {err.colno}"


def _records_from_lines(origin: Origin, fmt: str, lines: Iterable[str], encoding: str) -> Iterator[Item]:
    n = 0
    for line in lines:
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        n += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            reason = f"line is not valid JSON ({err.msg} at column {err.colno}); fix or remove that line"
            yield ReadError(f"{origin.source}#{n}", origin.path, fmt, reason)
            continue
        except RecursionError:
            yield ReadError(f"{origin.source}#{n}", origin.path, fmt, "line nests too deeply to read")
            continue
        yield record_to_item(origin, fmt, n, record, encoding)


def read_jsonl(origin: Origin, data: bytes) -> Iterator[Item]:
    """JSON Lines: one JSON object per line; blank lines ignored; records numbered from 1."""
    decoded = text_or_error(origin, "jsonl", data)
    if not isinstance(decoded, tuple):
        yield decoded
        return
    text, encoding = decoded
    # split on "\n" only: str.splitlines would also split on U+2028, which JSON allows unescaped in strings
    yield from _records_from_lines(origin, "jsonl", text.split("\n"), encoding)


# A JSON Lines file on disk is read a line at a time; its encoding is told from this much of its start (cut at a line
# end, so a character is never split).
JSONL_SNIFF_BYTES = 1024 * 1024


def read_jsonl_file(origin: Origin, path: Path) -> Iterator[Item]:
    """JSON Lines streamed from a file: memory holds one line, whatever the file's size (an export of a million
    articles is gigabytes). The encoding is told from the file's start; UTF-16/32 files, whose lines are not
    byte-separated, are read whole."""
    with open(path, "rb") as fh:
        head = fh.read(JSONL_SNIFF_BYTES)
        cut = head.rfind(b"\n")
        decoded = text_or_error(origin, "jsonl", head[: cut + 1] if cut > 0 else head)
        if not isinstance(decoded, tuple):
            yield decoded
            return
        encoding = decoded[1]
        fh.seek(0)
        if encoding.replace("_", "-").startswith(("utf-16", "utf-32")):
            yield from read_jsonl(origin, fh.read())
            return
        lines = (raw.decode(encoding, errors="replace") for raw in fh)  # a binary file splits on b"\n" only
        yield from _records_from_lines(origin, "jsonl", lines, encoding)


def _looks_like_record(obj: Mapping[str, Any]) -> bool:
    return any(isinstance(k, str) and _norm(k) in KNOWN_KEYS for k in obj)


def _unwrap(value: Any, depth: int = 0) -> list[Any] | None:
    """The list of records in a parsed JSON document: the array itself, the one object, or a wrapper's list."""
    if isinstance(value, list):
        return value
    if not isinstance(value, Mapping) or depth > WRAPPER_MAX_DEPTH:
        return None
    by_norm = {_norm(k): v for k, v in value.items() if isinstance(k, str)}
    for key in WRAPPER_KEYS:  # before the record test: a feed has a title of its own beside its items
        listed = by_norm.get(key)
        if isinstance(listed, list) and listed and all(isinstance(x, Mapping) for x in listed):
            return listed
    if _looks_like_record(value):
        return [value]
    for key in WRAPPER_KEYS:
        if key in by_norm:
            found = _unwrap(by_norm[key], depth + 1)
            if found is not None:
                return found
    values = list(value.values())
    if len(values) > 1 and all(isinstance(v, Mapping) and _looks_like_record(v) for v in values):
        return values  # {id: record, ...}
    for v in values:
        if isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v):
            return v
        if isinstance(v, Mapping):
            found = _unwrap(v, depth + 1)
            if found is not None:
                return found
    return None


def read_json(origin: Origin, data: bytes) -> Iterator[Item]:
    """A JSON file: an array of records, one record, or an object wrapping a list of records."""
    decoded = text_or_error(origin, "json", data)
    if not isinstance(decoded, tuple):
        yield decoded
        return
    text, encoding = decoded
    try:
        parsed = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":  # JSON Lines saved as .json
            yield from _records_from_lines(origin, "json", text.split("\n"), encoding)
            return
        yield ReadError(origin.source, origin.path, "json", f"not valid JSON: {_json_error(err)}")
        return
    except RecursionError:
        yield ReadError(origin.source, origin.path, "json", "JSON nests too deeply to read")
        return
    records = _unwrap(parsed)
    if records is None:
        keys = ", ".join(sorted(str(k) for k in parsed)[:12]) if isinstance(parsed, Mapping) else ""
        what = f"an object with no article fields and no list of articles (keys: {keys})" if keys else "no records"
        yield ReadError(origin.source, origin.path, "json", f"JSON holds {what}; expected an array of articles")
        return
    if not records:
        yield ReadError(origin.source, origin.path, "json", "JSON holds an empty list of articles")
        return
    for n, record in enumerate(records, start=1):
        yield record_to_item(origin, "json", n, record, encoding)


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; and tab that splits the first rows most consistently into the most columns."""
    sample = text[:CSV_SNIFF_CHARS]
    best, best_score = ",", (-1.0, 0)
    for delim in CSV_DELIMITERS:
        try:
            rows = []
            for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delim):
                if row:
                    rows.append(row)
                if len(rows) > CSV_SNIFF_ROWS:
                    break
        except csv.Error:
            continue
        if len(sample) == CSV_SNIFF_CHARS and len(rows) > 1:
            rows = rows[:-1]  # the last row of a cut sample may be cut
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(r) == width for r in rows) / len(rows), width)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(origin: Origin, data: bytes) -> Iterator[Item]:
    """CSV with a header row; delimiter sniffed among , ; tab; quoted fields may hold delimiters and newlines."""
    decoded = text_or_error(origin, "csv", data)
    if not isinstance(decoded, tuple):
        yield decoded
        return
    text, encoding = decoded
    text = text.lstrip("\ufeff")
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    header: list[str] | None = None
    n = 0
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                continue
            n += 1
            yield record_to_item(origin, "csv", n, dict(zip(header, row, strict=False)), encoding)
    except csv.Error as err:
        where = f"after record {n}" if n else "in the header"
        yield ReadError(origin.source, origin.path, "csv", f"CSV is malformed {where}: {err}")
        return
    if n == 0:
        yield ReadError(origin.source, origin.path, "csv", "CSV has a header row but no records")
