"""How a story is known: its canonical URL and the id hashed from it (or from its text where there is no URL), so the
same story read from two files is one row. A leaf module: the store, review import and Spark jobs use it without the
extractors."""

from __future__ import annotations

import functools
import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track a click and never change which story a URL names.
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|src|smid|share)$", re.I)
ID_LENGTH = 16  # hex characters of sha256: 64 bits, collision-free far past any corpus this tool will hold


@functools.lru_cache(maxsize=256)  # an article's URL is canonicalised for its site and again for its id
def canonical_url(url: str | None) -> str | None:
    """The URL a story is known by: lower-case host without `www.`, no fragment, tracking parameters or
    trailing slash, http and https the same. None for anything that is not an absolute web URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))


def normalised_text(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def article_id(url: str | None, title: str | None, text: str) -> str:
    """A stable id: the hash of the canonical URL, or of the normalised title and text when there is no URL,
    so the same story read from two files is one row."""
    key = canonical_url(url)
    basis = f"url:{key}" if key else f"text:{normalised_text((title or '') + ' ' + text)}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:ID_LENGTH]


def site_from_url(url: str | None) -> str | None:
    key = canonical_url(url)
    return urlsplit(key).hostname if key else None
