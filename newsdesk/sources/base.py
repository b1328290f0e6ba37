"""What every reader shares: the item type they yield, the size caps, format names and small helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.models import RawDoc, ReadError, Skipped

from .encoding import decode_bytes, looks_binary

Item = RawDoc | ReadError | Skipped

MB = 1024 * 1024

# A single page or text dump above this is not an article (the largest aeb page is 1.6 MB as served); the cap
# keeps one stray video renamed .html from being decoded into memory.
MAX_FILE_BYTES = 64 * MB
# Record exports (JSON, CSV) are read whole into memory; a scraper's export of ~100k articles is a few hundred MB, so
# they get a larger cap. JSON Lines files on disk are streamed a line at a time, so only a runaway file is refused.
MAX_RECORDS_FILE_BYTES = 512 * MB
MAX_JSONL_FILE_BYTES = 64 * 1024 * MB
# WARC files are streamed record by record, so the file itself may be large; each record is capped instead.
MAX_WARC_FILE_BYTES = 8 * 1024 * MB
MAX_WARC_RECORD_BYTES = MAX_FILE_BYTES
# Zip bomb guards: total bytes inflated from one archive (nested archives included), and per member (a member
# is held to the same cap as the file it would be on disk). A zip archive's own size is capped at the total.
ZIP_MAX_TOTAL_BYTES = 500 * MB
ZIP_MAX_MEMBER_BYTES = MAX_FILE_BYTES
# Zip inside zip is read one level deep (an export of exports); deeper nesting is a ReadError.
ZIP_MAX_DEPTH = 1
# A .gz file is inflated in memory up to the cap of the format inside it.
# Parquet is streamed a batch of rows at a time; it keeps the records cap (on its compressed size: it may hold a few
# times the text a JSONL file of that size does).
MAX_PARQUET_FILE_BYTES = MAX_RECORDS_FILE_BYTES

# Suffix -> format name used in ReadError.format / Skipped.format.
FORMATS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".xml": "xml",
    ".parquet": "parquet",
    ".zip": "zip",
    ".warc": "warc",
}

MAX_BYTES_BY_FORMAT: dict[str, int] = {
    "html": MAX_FILE_BYTES,
    "text": MAX_FILE_BYTES,
    "jsonl": MAX_JSONL_FILE_BYTES,
    "json": MAX_RECORDS_FILE_BYTES,
    "csv": MAX_RECORDS_FILE_BYTES,
    "xml": MAX_FILE_BYTES,  # one article per file (trafilatura --xml)
    "parquet": MAX_PARQUET_FILE_BYTES,
    "zip": ZIP_MAX_TOTAL_BYTES,
    "warc": MAX_WARC_FILE_BYTES,
}


def inflated_limit(fmt: str, default: int) -> int:
    """How large a .gz of `fmt` may inflate (in memory): a JSON Lines file inside one gets the records cap, not the
    streamed file's."""
    limit = MAX_BYTES_BY_FORMAT.get(fmt, default)
    return min(limit, MAX_RECORDS_FILE_BYTES) if fmt == "jsonl" else limit


# The fix to suggest when a text-format file turns out to be a known container.
BINARY_FIXES: dict[str, str] = {
    "gzip-compressed data": "; add .gz to its name",
    "a ZIP archive": "; rename it to .zip",
}


@dataclass
class Origin:
    """Where a blob of bytes came from: `source` names it for the user, `path` is the file on disk holding it."""

    source: str
    path: str


def split_suffix(name: str) -> tuple[str, bool]:
    """(inner suffix, gzipped?) of a file name: "a.HTML.gz" -> (".html", True); "a.warc.gz" -> (".warc", True)."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    dot = lower.rfind(".")
    slash = max(lower.rfind("/"), lower.rfind("\\"))
    suffix = lower[dot:] if dot > slash + 1 else ""  # ".bashrc" is a hidden name, not a suffix
    return suffix, gz


def format_of(name: str) -> str:
    """The format name for a file name: "html", ..., "gz" for a compressed supported file, "unknown" otherwise."""
    suffix, gz = split_suffix(name)
    fmt = FORMATS.get(suffix)
    if fmt is None:
        return "unknown"
    if gz and fmt != "warc":
        return "gz"
    return fmt


def norm_key(key: str) -> str:
    """A field name as records are matched: lower case, letters and digits only ("publishedAt" -> "publishedat")."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


def one_line(text: str, limit: int = 300) -> str:
    """Collapse a message to one line of bounded length (exception texts can hold newlines or whole inputs)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def human_size(n: int) -> str:
    """1234567 -> "1.2 MB"."""
    if n < 1024:
        return f"{n} bytes"
    if n < MB:
        return f"{n / 1024:.1f} KB"
    if n < 1024 * MB:
        return f"{n / MB:.1f} MB"
    return f"{n / (1024 * MB):.1f} GB"


def too_big(origin: Origin, fmt: str, size: int, limit: int) -> ReadError:
    """The ReadError for a file or member above its size cap."""
    return ReadError(
        origin.source,
        origin.path,
        fmt,
        f"file is {human_size(size)}, above the {human_size(limit)} limit for {fmt} files; split it into smaller files",
    )


def text_or_error(origin: Origin, fmt: str, data: bytes, declared: str | None = None) -> tuple[str, str] | ReadError:
    """Decode the bytes of a text format, or the ReadError for an empty or binary file."""
    if not data.strip():
        return ReadError(origin.source, origin.path, fmt, "empty file")
    kind = looks_binary(data)
    if kind:
        fix = BINARY_FIXES.get(kind, "; it is not a saved page or export")
        return ReadError(origin.source, origin.path, fmt, f"file is {kind}, not {fmt}{fix}")
    text, encoding = decode_bytes(data, declared)
    if not text.strip():
        return ReadError(origin.source, origin.path, fmt, "empty file")
    return text, encoding
