"""Free-text search through an inverted index: for each word, the sorted list of docs whose title or text holds it.

Scanning every article's text for a word costs seconds on a million articles (2.4 GB of text: 2-3.5 s measured on
2 cores), so each batch of articles gets a postings part `(token, docs)` when it is stored, sorted by token, and a
search reads only the row groups whose token range holds the word. Words are cut and folded by one SQL expression
(`TOKENS_SQL`) on both sides, the stored text and the searched words, so they always agree: lower case, accents
dropped, split on anything that is not a letter or a digit.

Search semantics: every word of the search must begin a word of the title or the text ("elect" finds "election",
"Élections" and "electric"; "lection" finds nothing), case and accents ignored. A search word with no letter or digit
("%", "--") matches nothing. A title a reviewer corrected is searched too (review_latest is small: read as it is).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pyarrow as pa

POSTINGS_SCHEMA = pa.schema([("token", pa.string()), ("docs", pa.list_(pa.int32()))])
MAX_TOKEN_CHARS = 40  # longer runs are hashes, URLs or base64, never searched for
# One search word becomes at most this many tokens ("covid-19" -> covid, 19); the rest are ignored.
MAX_TOKENS_PER_WORD = 4
# Postings row groups: a search reads the groups whose token range can hold its word, so a group holds about this
# many doc numbers (~256 KB), whatever the vocabulary: a news batch's 15,000 tokens or a template corpus's 1,500 common
# ones (one group of those was 6 MB, read whole for every word: 120 ms a search at 100,000 articles).
POSTINGS_GROUP_ENTRIES = 65_536
POSTINGS_MAX_GROUP_ROWS = 4_096


def tokens_sql(expr: str) -> str:
    """SQL for the list of folded tokens of the text expression `expr` (duplicates kept)."""
    return f"regexp_split_to_array(strip_accents(lower({expr})), '[^\\p{{L}}\\p{{N}}]+')"


# Articles indexed per query: the token aggregation of 10,000 articles took 150 MB; slices keep it to a quarter. A
# token then has one row per slice in a part, which search reads the same way.
POSTINGS_SLICE = 2_500


def build_postings(con: duckdb.DuckDBPyConnection, articles: pa.Table) -> pa.Table:
    """The postings of a batch of article rows (columns doc, title, text): rows of (token, its docs sorted), sorted
    by token (a token may have a row per slice of the batch)."""
    cur = con.cursor()
    expr = "coalesce(title, '') || ' ' || coalesce(text, '')"
    tables = []
    for start in range(0, articles.num_rows, POSTINGS_SLICE):
        cur.register("_postings_batch", articles.slice(start, POSTINGS_SLICE).select(["doc", "title", "text"]))
        try:
            table = cur.sql(
                f"""SELECT token, list(doc ORDER BY doc) AS docs FROM (
                        SELECT DISTINCT doc, unnest({tokens_sql(expr)}) AS token FROM _postings_batch)
                    WHERE length(token) BETWEEN 1 AND {MAX_TOKEN_CHARS} GROUP BY token"""
            ).to_arrow_table()
        finally:
            cur.unregister("_postings_batch")
        assert table is not None
        tables.append(table.cast(POSTINGS_SCHEMA))
    if not tables:
        return POSTINGS_SCHEMA.empty_table()
    return pa.concat_tables(tables).sort_by([("token", "ascending")])


def postings_row_group(table: pa.Table) -> int:
    """Rows per row group for a postings part, so each group holds about POSTINGS_GROUP_ENTRIES doc numbers."""
    import pyarrow.compute as pc

    entries = int(pc.sum(pc.list_value_length(table.column("docs"))).as_py() or 0)
    per_token = max(1.0, entries / max(1, table.num_rows))
    return int(min(POSTINGS_MAX_GROUP_ROWS, max(8, POSTINGS_GROUP_ENTRIES / per_token)))


def query_tokens(cur: duckdb.DuckDBPyConnection, word: str) -> list[str]:
    """The folded tokens a search word stands for, through the same SQL as the stored text."""
    row = cur.execute(f"SELECT {tokens_sql('?')}", [word]).fetchone()
    tokens = [t for t in (row[0] if row else []) if t and len(t) <= MAX_TOKEN_CHARS]
    return tokens[:MAX_TOKENS_PER_WORD]


def token_upper(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for a range scan)."""
    return prefix + "\U0010ffff"


def search_conditions(
    cur: duckdb.DuckDBPyConnection,
    search: str,
    doc_column: str = "a.doc",
    token_table: Callable[[str], str | None] | None = None,
) -> tuple[list[str], list[Any]]:
    """SQL conditions (to AND together) and their parameters selecting the docs that match `search`. `token_table`
    may name a table (doc) already holding a token's docs (a hot store's Store.token_table), read instead of the
    postings."""
    conds: list[str] = []
    params: list[Any] = []
    for word in search.split():
        tokens = query_tokens(cur, word)
        if not tokens:
            conds.append("FALSE")  # nothing can match a word with no letter or digit
            continue
        for token in tokens:
            table = token_table(token) if token_table is not None else None
            if table is not None:
                docs, docs_params = f"SELECT doc FROM {table}", []
            else:
                docs, docs_params = (
                    "SELECT unnest(docs) FROM postings WHERE token >= ? AND token < ?",
                    [
                        token,
                        token_upper(token),
                    ],
                )
            conds.append(
                f"""({doc_column} IN ({docs})
                     OR {doc_column} IN (SELECT doc FROM review_latest WHERE title IS NOT NULL
                        AND len(list_filter({tokens_sql("title")}, lambda w: starts_with(w, ?))) > 0))"""
            )
            params += [*docs_params, token]
    return conds, params
