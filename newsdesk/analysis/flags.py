"""Quality flags, computed at ingest so reviewers start where problems are.

Two kinds: flags one article shows on its own (`article_flags`: no date, a date in the future of its crawl, a date
that disagrees with its URL's, very short text, text that still looks like page furniture), written with the
article; and flags that need the whole corpus (exact and near duplicates, a language other than the corpus's main
one), recomputed by one bulk pass (`refresh`) after every ingest. Near duplicates (syndicated copies with small
edits) are found with MinHash over word shingles and banded LSH, so the pass grows with the corpus, not its square:
each article's signature is computed once, at ingest, and kept in `article_signatures`.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow.compute as pc

# The per-article half (flags, signatures) lives in article_flags, which pool workers import without the store.
from newsdesk.analysis.article_flags import MINHASH_SIZE, article_flags, article_rows, signature
from newsdesk.store import Writer
from newsdesk.store.core import FLAG_ROW_SCHEMA, SIGNATURE_SCHEMA, arrow
from newsdesk.store.schema import tuples_table

FLAGS = (
    "no_date",
    "future_date",
    "url_date_mismatch",
    "short_text",
    "boilerplate",
    "duplicate",
    "near_duplicate",
    "other_language",
)
FLAG_LABELS: dict[str, str] = {
    "no_date": "No date",
    "future_date": "Date in the future",
    "url_date_mismatch": "Date differs from the URL's",
    "short_text": "Very short text",
    "boilerplate": "Looks like boilerplate",
    "duplicate": "Exact duplicate",
    "near_duplicate": "Near duplicate",
    "other_language": "Other language",
}
__all__ = ["article_flags", "article_rows", "signature"]  # and the corpus pass below
CORPUS_FLAGS = ("duplicate", "near_duplicate", "other_language")

BANDS, ROWS = 8, 4  # LSH: a pair with Jaccard 0.8 becomes a candidate with p = 0.985, one with 0.5 with p = 0.40
NEAR_DUPLICATE_SIMILARITY = 0.75  # estimated Jaccard of shingle sets over which two texts are copies of one story
MAX_BUCKET = 50  # a bucket larger than this is paired with its first member only, so a template cannot go quadratic
MAX_PARTNERS_SHOWN = 3  # ids named in a duplicate flag's detail
PAIR_CHUNK = 262_144  # candidate pairs checked at a time (their two signatures: 64 MB)


# ---- corpus flags (one bulk pass) -----------------------------------------------------------------------------

BACKFILL_CHUNK = 5000


def _backfill(w: Writer) -> int:
    """Compute per-article flags and signatures for stored articles that have none (articles written by another
    tool, e.g. a Spark job's output); returns how many."""
    cur = w.cursor()
    if not missing(cur):  # the usual case: a cheap check that reads no text
        return 0
    reader = cur.execute(
        """SELECT a.doc, a.id, a.published, a.url, coalesce(a.text, ''), coalesce(a.word_count, 0), a.page_date,
                  CAST(a.ingested_at AS DATE)
           FROM articles a ANTI JOIN article_signatures s ON s.doc = a.doc"""  # unsorted: a sort holds all texts
    )
    done = 0
    while rows := reader.fetchmany(BACKFILL_CHUNK):
        flag_rows: list[tuple[int, str, str, str]] = []
        sig_rows: list[tuple[int, str, int | None, list[int] | None]] = []
        for doc, aid, published, url, text, words, crawled, ingested in rows:
            f, s = article_rows(
                aid, published=published, url=url, text=text, word_count=words, crawled=crawled, ingested=ingested
            )
            flag_rows += [(doc, aid, flag, detail) for _, flag, detail in f]
            sig_rows.append((doc, aid, s[1], s[2]))
        w.add_part("flags", tuples_table(FLAG_ROW_SCHEMA, flag_rows))
        w.add_part("signatures", tuples_table(SIGNATURE_SCHEMA, sig_rows))
        done += len(rows)
    return done


def _band_keys(m: np.ndarray, band: int) -> np.ndarray:
    cols = m[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
    key = np.zeros(len(m), dtype=np.uint64)
    for c in range(ROWS):
        key = key * np.uint64(0x9E3779B97F4A7C15) + cols[:, c]
    return key


def near_duplicate_pairs(minhash: np.ndarray) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) of rows of an (n, MINHASH_SIZE) array whose estimated Jaccard similarity is at
    least NEAR_DUPLICATE_SIMILARITY: candidates from banded LSH, each checked on the whole signature."""
    n = len(minhash)
    if n < 2:
        return []
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for band in range(BANDS):
        keys = _band_keys(minhash, band)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for s, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
            members = order[s : s + size]
            if size > MAX_BUCKET:
                firsts.append(np.full(size - 1, members[0]))
                seconds.append(members[1:])
            else:
                i, j = np.triu_indices(size, k=1)
                firsts.append(members[i])
                seconds.append(members[j])
    if not firsts:
        return []
    # Each candidate pair once, as one number (lo * n + hi, sorted as the pairs are), checked a chunk at a time: a
    # million template-like texts give millions of candidates, and their signatures gathered at once took 600 MB.
    a, b = np.concatenate(firsts).astype(np.int64), np.concatenate(seconds).astype(np.int64)
    del firsts, seconds
    keys = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
    del a, b
    out: list[tuple[int, int, float]] = []
    for start in range(0, len(keys), PAIR_CHUNK):
        lo, hi = np.divmod(keys[start : start + PAIR_CHUNK], n)
        sims = (minhash[lo] == minhash[hi]).mean(axis=1)
        keep = sims >= NEAR_DUPLICATE_SIMILARITY
        out += [(int(i), int(j), float(s)) for i, j, s in zip(lo[keep], hi[keep], sims[keep], strict=True)]
    return out


def _partners_detail(prefix: str, partners: Sequence[tuple[str, float | None]]) -> str:
    shown = ", ".join(pid if sim is None else f"{pid} ({sim:.0%})" for pid, sim in partners[:MAX_PARTNERS_SHOWN])
    more = len(partners) - MAX_PARTNERS_SHOWN
    return f"{prefix} {shown}" + (f" and {more} more" if more > 0 else "")


SIGNATURE_CHUNK = 65_536  # signatures read at a time into the matrix


def _representatives(cur: duckdb.DuckDBPyConnection) -> tuple[np.ndarray, np.ndarray]:
    """One article per text (its smallest id), ordered by id: their docs and an (n, MINHASH_SIZE) matrix of their
    signatures, 4 bytes a number and no Python object per article (a million signatures: 128 MB). The order comes
    from a query of docs alone and the signatures are streamed into their rows: sorting the signatures themselves,
    then copying them out of Arrow, took the ingest of a million articles from 850 MB to 1.5 GB."""
    docs = (
        arrow(
            cur,
            """SELECT doc FROM (
                   SELECT s.doc, s.article_id FROM article_signatures s WHERE s.minhash IS NOT NULL
                   QUALIFY row_number() OVER (PARTITION BY s.text_hash ORDER BY s.article_id) = 1)
               ORDER BY article_id""",
        )
        .column("doc")
        .to_numpy()
    )
    matrix = np.zeros((len(docs), MINHASH_SIZE), dtype=np.uint32)
    if len(docs) < 2:
        return docs, matrix
    row_of = np.full(int(docs.max()) + 1, -1, dtype=np.int64)
    row_of[docs] = np.arange(len(docs))
    reader = (
        cur.cursor()
        .sql("SELECT doc, minhash FROM article_signatures WHERE minhash IS NOT NULL")
        .to_arrow_reader(SIGNATURE_CHUNK)
    )
    assert reader is not None
    for batch in reader:
        at = batch.column("doc").to_numpy()
        rows = np.where(at < len(row_of), row_of[np.minimum(at, len(row_of) - 1)], -1)
        keep = rows >= 0
        flat = pc.list_flatten(batch.column("minhash")).to_numpy().reshape(len(at), MINHASH_SIZE)
        matrix[rows[keep]] = flat[keep]
    return docs, matrix


def _duplicate_flags(cur: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str, str]]:
    """Exact duplicates by text hash (grouped in SQL), then near duplicates among one representative of each text,
    with the signatures fetched as columns of numbers (a list per row through Python is ten times slower)."""
    out: list[tuple[int, str, str, str]] = []
    groups = cur.execute(
        """SELECT list(s.article_id ORDER BY s.article_id), list(s.doc ORDER BY s.article_id) FROM article_signatures s
           WHERE s.text_hash IS NOT NULL GROUP BY s.text_hash HAVING count(*) > 1"""
    ).fetchall()
    for members, docs in groups:
        for aid, doc in zip(members, docs, strict=True):
            others = [(o, None) for o in members if o != aid]
            out.append((doc, aid, "duplicate", _partners_detail("same text as", others)))
    docs, matrix = _representatives(cur)
    if len(docs) < 2:
        return out
    pairs = near_duplicate_pairs(matrix)
    del matrix
    found_docs = sorted({int(docs[i]) for i, j, _ in pairs} | {int(docs[j]) for i, j, _ in pairs})
    id_of = dict(
        cur.execute(
            """SELECT s.doc, s.article_id FROM article_signatures s
               SEMI JOIN (SELECT unnest(?::INTEGER[]) AS doc) f ON f.doc = s.doc""",
            [found_docs],
        ).fetchall()
    )
    partners: dict[str, list[tuple[str, float | None]]] = {}
    doc_of: dict[str, int] = {}
    for i, j, sim in pairs:
        a, b = str(id_of[int(docs[i])]), str(id_of[int(docs[j])])
        doc_of[a], doc_of[b] = int(docs[i]), int(docs[j])
        partners.setdefault(a, []).append((b, sim))
        partners.setdefault(b, []).append((a, sim))
    for aid, found in sorted(partners.items()):
        found.sort(key=lambda p: (-(p[1] or 0.0), p[0]))
        out.append((doc_of[aid], aid, "near_duplicate", _partners_detail("like", found)))
    return out


def main_language(cur: duckdb.DuckDBPyConnection) -> str | None:
    """The corpus's main language: the most common detected or declared one."""
    row = cur.execute(
        "SELECT language FROM articles WHERE language IS NOT NULL GROUP BY language ORDER BY count(*) DESC, language "
        "LIMIT 1"
    ).fetchone()
    return str(row[0]) if row else None


def _language_flags(cur: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str, str]]:
    main = main_language(cur)
    if main is None:
        return []
    rows = cur.execute(
        "SELECT doc, id, language FROM articles WHERE language IS NOT NULL AND language <> ? ORDER BY id", [main]
    ).fetchall()
    return [(doc, aid, "other_language", f"{lang}, while most articles are {main}") for doc, aid, lang in rows]


def refresh(w: Writer) -> int:
    """The bulk pass after an ingest (staged in `w`): per-article flags for articles that lack them, then the corpus
    flags (duplicates, near duplicates, other language) recomputed and replaced whole. Returns the number of corpus
    flag rows."""
    if _backfill(w):
        w.commit()  # the signatures just computed are what the duplicate search reads
    cur = w.cursor()
    rows = _duplicate_flags(cur) + _language_flags(cur)
    w.replace_kind("corpus_flags", [tuples_table(FLAG_ROW_SCHEMA, rows)])
    return len(rows)


def missing(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether some stored article has no flags computed yet (articles another tool wrote)."""
    row = cur.execute("SELECT EXISTS (SELECT 1 FROM articles a ANTI JOIN article_signatures s ON s.doc = a.doc)")
    got = row.fetchone()
    return bool(got and got[0])


def counts(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Articles per flag, every flag present (zeros included)."""
    out = dict.fromkeys(FLAGS, 0)
    for flag, n in cur.execute("SELECT flag, count(DISTINCT doc) FROM article_flags GROUP BY flag").fetchall():
        out[str(flag)] = int(n)
    return out
