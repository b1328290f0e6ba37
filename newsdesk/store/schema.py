"""The shape of stored rows, declared once: Arrow schemas of the Parquet parts and the one function that turns an
Article into an article row. The local ingest and the Spark job (newsdesk.spark) both write rows through
`article_row`, so the same file gives the same row whichever wrote it.

An article row has every field of the CLI contract plus provenance (`field_sources` as JSON, the text cleaning
removed, the raw content) and two derived columns: `published_day` (the day of `published`, for charts) and `month`
(`YYYY-MM` of that day, or `undated`), which names the partition a part belongs to. A part in the store adds `doc`,
the store's own dense integer for the article (joins on it are several times faster than on the hex id).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

# The row itself is built in newsdesk.models, which pool workers import without Arrow; re-exported here.
from newsdesk.models import UNDATED as UNDATED
from newsdesk.models import article_row as article_row
from newsdesk.models import month_of as month_of
from newsdesk.models import published_day as published_day

SCHEMA_VERSION = "2"  # 1: one DuckDB file (before 2026-12); 2: Parquet parts + SQLite catalog

_STRINGS = pa.list_(pa.string())

# Columns of an article row, in order (what `extract` prints, plus provenance and the two derived columns).
ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("title", pa.string()),
        ("authors", _STRINGS),
        ("published", pa.string()),
        ("published_day", pa.date32()),
        ("published_source", pa.string()),
        ("page_date", pa.string()),
        ("language", pa.string()),
        ("section", pa.string()),
        ("tags", _STRINGS),
        ("description", pa.string()),
        ("text", pa.string()),
        ("word_count", pa.int32()),
        ("reading_minutes", pa.float64()),
        ("reading_minutes_stated", pa.int32()),
        ("related_headlines", _STRINGS),
        ("warnings", _STRINGS),
        ("top_image", pa.string()),
        ("field_sources", pa.string()),
        ("removed", pa.string()),
        ("raw", pa.string()),
        ("source", pa.string()),
        ("path", pa.string()),
        ("format", pa.string()),
        ("ingested_at", pa.timestamp("us")),
        ("month", pa.string()),
    ]
)
ARTICLE_COLUMNS: tuple[str, ...] = tuple(ARTICLE_SCHEMA.names)

# A part of the store: the article row with the store's integer `doc` first.
ARTICLE_PART_SCHEMA = pa.schema([("doc", pa.int32()), *ARTICLE_SCHEMA])

# A file or record that could not be read or extracted (the Spark job writes these beside the articles).
ERROR_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("source", pa.string()),
        ("format", pa.string()),
        ("reason", pa.string()),
        ("logged_at", pa.timestamp("us")),
    ]
)


def tuples_table(schema: pa.Schema, rows: Sequence[Sequence[Any]]) -> pa.Table:
    """Rows as tuples in the schema's column order, as an Arrow table of exactly that schema."""
    cols: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.table({f.name: pa.array(list(c), type=f.type) for f, c in zip(schema, cols, strict=True)}, schema=schema)


def rows_table(rows: list[dict[str, Any]], schema: pa.Schema = ARTICLE_SCHEMA) -> pa.Table:
    """Rows (dicts with the schema's keys) as an Arrow table of exactly that schema."""
    return pa.table({f.name: pa.array([r.get(f.name) for r in rows], type=f.type) for f in schema}, schema=schema)
