"""Quality flags one article earns on its own, and its duplicate signature: pure functions of one document, run in
the ingest's pool workers (newsdesk.pipeline.enrich), so this module imports no store, Arrow or DuckDB. The corpus
pass that compares articles (duplicates, languages) is newsdesk.analysis.flags.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np

from newsdesk.analysis.topics import words
from newsdesk.extract.dates import date_from_url

# A story is rarely under 50 words; below that the text is a teaser, a stub or a failed extraction. (The shortest
# gold body of ../shared/bench/aeb has 66 words; the demo corpus's shortest article has 59.)
SHORT_TEXT_WORDS = 50
# Dates one day apart are the same story in two time zones (a 23:30 UTC story is dated the next day in Asia).
DATE_TOLERANCE = dt.timedelta(days=1)
# Boilerplate: the share of the text's words in paragraphs that textclean's line classifier does not call body
# text (prose, sentence-like lines, tables): navigation, legal lines, "Read more", share bars, teaser lists, bylines.
# Measured on ../shared/bench/aeb: 0.25 flags 83% of the raw page dumps (boilerplate and all) and 4.9% of the gold
# article bodies; at least 3 such paragraphs, so one odd line in a short story is not enough.
BOILERPLATE_SHARE = 0.25
BOILERPLATE_MIN_PARAGRAPHS = 3
BODY_KINDS = frozenset({"prose", "medium", "table"})
# Duplicates are looked for among texts of at least this many words: shorter ones (stubs, captions) are alike by
# nature and are already flagged short.
MIN_DUPLICATE_WORDS = 20
SHINGLE_WORDS = 5  # word 5-grams: long enough that two unrelated stories share almost none
MINHASH_SIZE = 32
_PRIME = (1 << 31) - 1
_RNG = np.random.default_rng(20240521)  # fixed: signatures stored in a database must mean the same in every run
_A = _RNG.integers(1, _PRIME, size=MINHASH_SIZE, dtype=np.uint64)
_B = _RNG.integers(0, _PRIME, size=MINHASH_SIZE, dtype=np.uint64)
_SHINGLE_MULT = np.uint64(1_000_003)
_WORD = re.compile(r"\w+")
# Words' hashes kept per process: a news vocabulary repeats, so most words are hashed once (0.30 -> 0.19 ms a text).
TOKEN_HASH_CACHE = 200_000


@dataclass(frozen=True)
class Signature:
    """What the duplicate search needs of one text: a hash of its normalised words, and its MinHash."""

    text_hash: int | None
    minhash: list[int] | None


# ---- per-article flags (pure) ---------------------------------------------------------------------------------


def _day(value: str | dt.date | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def boilerplate_share(text: str) -> tuple[float, list[str]]:
    """The share of words in paragraphs that read as page furniture, and those paragraphs (textclean's line
    classifier, the one that cleans page dumps, applied to the stored text's paragraphs)."""
    from newsdesk.extract.textclean import _classify

    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs:
        return 0.0, []
    blocks = _classify(paragraphs)
    total = sum(b.words for b in blocks) or 1
    furniture = [b for b in blocks if b.kind not in BODY_KINDS]
    return sum(b.words for b in furniture) / total, [b.text for b in furniture]


def article_flags(
    *,
    published: str | dt.date | None,
    url: str | None,
    text: str,
    word_count: int,
    crawled: str | dt.date | None = None,
    ingested: dt.date | None = None,
) -> list[tuple[str, str]]:
    """The flags one article earns on its own, as (flag, detail). `crawled` is when the page was saved (a WARC date,
    a dump's "Today:" line); without it the ingest day stands in, since a page cannot predate its own saving."""
    out: list[tuple[str, str]] = []
    day = _day(published)
    if day is None:
        out.append(("no_date", "no publication date was found"))
    else:
        reference = _day(crawled) or ingested or dt.date.today()
        if day > reference + DATE_TOLERANCE:
            what = "the page was saved" if _day(crawled) else "ingest"
            out.append(("future_date", f"dated {day.isoformat()}, after {what} on {reference.isoformat()}"))
        in_url = _day(date_from_url(url))
        if in_url is not None and abs(day - in_url) > DATE_TOLERANCE:
            out.append(("url_date_mismatch", f"the URL says {in_url.isoformat()}, the article {day.isoformat()}"))
    if word_count < SHORT_TEXT_WORDS:
        out.append(("short_text", f"{word_count} words"))
    if text:
        share, furniture = boilerplate_share(text)
        if share >= BOILERPLATE_SHARE and len(furniture) >= BOILERPLATE_MIN_PARAGRAPHS:
            sample = "; ".join(repr(p[:40]) for p in furniture[:3])
            out.append(("boilerplate", f"{share:.0%} of the words look like page furniture: {sample}"))
    return out


@functools.lru_cache(maxsize=TOKEN_HASH_CACHE)
def _token_hash(token: str) -> int:
    return zlib.crc32(token.encode())


def signature(text: str) -> Signature:
    """The text's duplicate-search signature; both parts None for texts too short to compare."""
    tokens = words(text) if text.isascii() else _WORD.findall(text.lower())  # the same words where ASCII
    if len(tokens) < MIN_DUPLICATE_WORDS:
        return Signature(None, None)
    text_hash = int.from_bytes(hashlib.blake2b(" ".join(tokens).encode(), digest_size=8).digest(), "big")
    hashes = np.fromiter(map(_token_hash, tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - SHINGLE_WORDS + 1
    shingles = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        shingles = shingles * _SHINGLE_MULT + hashes[k : k + n]  # wraps modulo 2^64, as a hash may
    shingles = shingles % np.uint64(_PRIME)  # repeats left in: they cannot change a minimum (a sort cost 20%)
    mins = ((shingles[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)).min(axis=0)
    return Signature(text_hash, [int(v) for v in mins])


def article_rows(
    article_id: str,
    *,
    published: str | dt.date | None,
    url: str | None,
    text: str,
    word_count: int,
    crawled: str | dt.date | None = None,
    ingested: dt.date | None = None,
) -> tuple[list[tuple[str, str, str]], tuple[str, int | None, list[int] | None]]:
    """One article's flag rows and signature row, as the ingest stores them (pure: runs in the pool workers)."""
    found = article_flags(
        published=published, url=url, text=text, word_count=word_count, crawled=crawled, ingested=ingested
    )
    sig = signature(text)
    return [(article_id, f, d) for f, d in found], (article_id, sig.text_hash, sig.minhash)
