"""HTML pages (.html/.htm/.xhtml) -> one RawDoc(format="html"), with the URL a browser wrote when saving it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.models import RawDoc

from .base import Item, Origin, text_or_error

# Browsers that save a page ("Save as... Web page, complete") write `<!-- saved from url=(0044)https://... -->`
# near the top (the number is the URL's length); SingleFile writes "Page saved with SingleFile ... url: ...".
# Looked for in the first few KB only: the comment sits before or just after the doctype.
SAVED_FROM_SCAN_CHARS = 4096
SAVED_FROM_RE = re.compile(r"<!--\s*saved from url=\(\s*\d+\s*\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
SINGLEFILE_RE = re.compile(r"<!--\s*Page saved with SingleFile\s+url:\s*(https?://\S+)", re.IGNORECASE)


def saved_from_url(text: str) -> str | None:
    """The page's original URL from a browser's "saved from" comment, if the page carries one."""
    head = text[:SAVED_FROM_SCAN_CHARS]
    m = SAVED_FROM_RE.search(head) or SINGLEFILE_RE.search(head)
    return m.group(1) if m else None


def read_html(origin: Origin, data: bytes, declared: str | None = None) -> Iterator[Item]:
    """Yield the page as one RawDoc, or a ReadError for an empty or binary file."""
    decoded = text_or_error(origin, "html", data, declared)
    if not isinstance(decoded, tuple):
        yield decoded
        return
    text, encoding = decoded
    text = text.lstrip("\ufeff")
    yield RawDoc(
        source=origin.source,
        path=origin.path,
        format="html",
        content=text,
        url=saved_from_url(text),
        encoding=encoding,
    )
