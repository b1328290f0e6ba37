"""Web archives (.warc, .warc.gz) -> one html RawDoc per HTML response record; every other record is Skipped.

The record's WARC-Target-URI is the URL and its WARC-Date the `crawl_date` hint; the body is decoded with the
HTTP Content-Type charset as the declared one. A truncated or corrupt file yields what came before, then a
ReadError.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from newsdesk.models import RawDoc, ReadError, Skipped

from .base import MAX_WARC_RECORD_BYTES, Item, Origin, one_line, text_or_error, too_big
from .encoding import charset_from_content_type

# A WARC file starts with a version line ("WARC/1.0"); warcio also reads the older ARC format ("filedesc://").
# Checked on the first bytes because warcio parses arbitrary text leniently as records instead of failing.
WARC_MAGICS = (b"WARC/", b"filedesc://")
WARC_HEAD_BYTES = 512
# Read size when skipping the rest of a record to check it is complete.
DRAIN_CHUNK_BYTES = 1024 * 1024
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Record types that carry a page: `response` (a crawler's HTTP exchange) and `resource` (wget/browsertrix
# store some pages this way, with the media type in the WARC header).
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
# A payload without a Content-Type is taken as HTML when its first bytes, lowercased, hold one of these.
HTML_SNIFF_BYTES = 1024
HTML_SNIFF_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body")


def sniff_html(payload: bytes) -> bool:
    """True when a body with no declared media type starts like an HTML page."""
    head = payload[:HTML_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(marker in head for marker in HTML_SNIFF_MARKERS)


def _media_type(content_type: str | None) -> str | None:
    return content_type.split(";", 1)[0].strip().lower() or None if content_type else None


def _record_item(origin: Origin, n: int, record: Any) -> Item:
    source = f"{origin.source}#{n}"
    rec_type = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f" for {uri}" if uri else ""
    if rec_type not in PAGE_RECORD_TYPES:
        return Skipped(source, origin.path, "warc", f"WARC {rec_type} record{where}, not a page")
    if rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            return Skipped(source, origin.path, "warc", f"HTTP {status} response{where}, not a page")
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    media = _media_type(content_type)
    if media is not None and media not in HTML_MEDIA_TYPES:
        return Skipped(source, origin.path, "warc", f"{media} {rec_type}{where}, not HTML")
    try:
        payload = record.content_stream().read(MAX_WARC_RECORD_BYTES + 1)
    except (zlib.error, OSError, EOFError, ValueError) as err:
        reason = f"{rec_type}{where} has a body that cannot be decoded ({one_line(str(err), 120)})"
        return ReadError(source, origin.path, "warc", reason)
    if len(payload) > MAX_WARC_RECORD_BYTES:
        return too_big(Origin(source, origin.path), "html", len(payload), MAX_WARC_RECORD_BYTES)
    if media is None and not sniff_html(payload):
        return Skipped(source, origin.path, "warc", f"{rec_type}{where} has no Content-Type and is not HTML")
    if not payload.strip():
        return Skipped(source, origin.path, "warc", f"empty {rec_type}{where}")
    decoded = text_or_error(Origin(source, origin.path), "html", payload, charset_from_content_type(content_type))
    if not isinstance(decoded, tuple):
        return decoded
    text, encoding = decoded
    hints: dict[str, Any] = {}
    crawl_date = record.rec_headers.get_header("WARC-Date")
    if crawl_date:
        hints["crawl_date"] = crawl_date
    return RawDoc(source, origin.path, "html", text.lstrip("\ufeff"), url=uri, hints=hints, encoding=encoding)


def _truncated(record: Any) -> bool:
    """True when the file ended before the record's Content-Length (warcio itself stops silently at EOF)."""
    raw = record.raw_stream
    while raw.read(DRAIN_CHUNK_BYTES):
        pass
    return bool(getattr(raw, "limit", 0))


def _head(data: bytes) -> bytes:
    """The first bytes of a WARC file, inflated when it is gzip-compressed."""
    if not data.startswith(b"\x1f\x8b"):
        return data.lstrip()
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, WARC_HEAD_BYTES).lstrip()
    except zlib.error:
        return data


def read_warc(origin: Origin, file: bytes | Path) -> Iterator[Item]:
    """Every record of a WARC file (gzip-compressed or not), numbered from 1 in file order."""
    n = 0
    stream: BinaryIO = io.BytesIO(file) if isinstance(file, bytes) else open(file, "rb")  # noqa: SIM115
    with stream:
        head = _head(stream.read(WARC_HEAD_BYTES))
        stream.seek(0)
        if not head.startswith(WARC_MAGICS):
            shown = one_line(head[:40].decode("latin-1"), 40)
            reason = f"not a WARC file (it starts with {shown!r}); check it is a .warc or .warc.gz web archive"
            yield ReadError(origin.source, origin.path, "warc", reason)
            return
        try:
            for record in ArchiveIterator(stream):
                item = _record_item(origin, n + 1, record)
                n += 1
                if _truncated(record):
                    uri = record.rec_headers.get_header("WARC-Target-URI") or "no URI"
                    reason = f"WARC is truncated: record {n} ({uri}) is cut off; the records before it were read"
                    yield ReadError(f"{origin.source}#{n}", origin.path, "warc", reason)
                    return
                yield item
        except Exception as err:  # warcio raises many types on bad input (ArchiveLoadFailed, EOFError, zlib...)
            detail = one_line(f"{type(err).__name__}: {err}", 160)
            if n == 0:
                reason = f"not a readable WARC file ({detail}); check it is a .warc or .warc.gz web archive"
            else:
                reason = f"WARC is truncated or corrupt at record {n + 1} ({detail}); the records before it were read"
            yield ReadError(origin.source, origin.path, "warc", reason)
