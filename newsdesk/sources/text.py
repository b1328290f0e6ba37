"""Plain-text page dumps (.txt) -> one RawDoc(format="text"), line endings normalised to "\\n"."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.models import RawDoc

from .base import Item, Origin, text_or_error


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR (old Mac, some Windows tools) become LF; a leading BOM character is dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_text(origin: Origin, data: bytes) -> Iterator[Item]:
    """Yield the dump as one RawDoc, or a ReadError for an empty or binary file."""
    decoded = text_or_error(origin, "text", data)
    if not isinstance(decoded, tuple):
        yield decoded
        return
    text, encoding = decoded
    yield RawDoc(
        source=origin.source,
        path=origin.path,
        format="text",
        content=normalize_newlines(text),
        encoding=encoding,
    )
