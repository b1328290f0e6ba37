"""Parquet files of articles (.parquet) -> one record per row, columns matched like JSONL/CSV fields.

Read with pyarrow a batch of rows at a time, and only the columns some table of records.py/tools.py reads (an
embedding or raw-HTML-dump column is never decoded unless it is the article), so a large file never becomes
Python objects all at once. A file pyarrow cannot open, or data that turns out corrupt mid-file, is a ReadError
(after the rows read before it).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from newsdesk.models import ReadError

from .base import Item, Origin, norm_key, one_line
from .records import READ_KEYS, record_to_item

# Rows turned into Python objects at a time: article rows run to a few KB of text, so a batch is a few MB.
PARQUET_BATCH_ROWS = 512
# Column names shown in the error for a file with no article columns.
SHOWN_COLUMNS = 12


def read_parquet(origin: Origin, file: bytes | Path) -> Iterator[Item]:
    """Yield a RawDoc (or ReadError) per row, numbered from 1 like JSONL records."""
    import pyarrow as pa  # imported here: only Parquet input pays for loading Arrow
    import pyarrow.parquet as pq

    source = io.BytesIO(file) if isinstance(file, bytes) else str(file)
    n = 0
    try:
        parquet = pq.ParquetFile(source)
        names = list(parquet.schema_arrow.names)
        columns = [name for name in names if norm_key(name) in READ_KEYS]
        if not columns:
            shown = ", ".join(names[:SHOWN_COLUMNS]) or "none"
            reason = f"Parquet file has no article columns (columns: {shown}); name the article column text or title"
            yield ReadError(origin.source, origin.path, "parquet", reason)
            return
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            for row in batch.to_pylist():
                n += 1
                yield record_to_item(origin, "parquet", n, row, None)
    except (pa.ArrowException, OSError, ValueError, EOFError) as err:
        detail = one_line(str(err), 120)
        if n:
            reason = f"Parquet data is corrupt after row {n} ({detail}); the rest was not read; re-export the file"
        else:
            reason = f"not a readable Parquet file ({detail}); re-export it"
        yield ReadError(origin.source, origin.path, "parquet", reason)
        return
    if n == 0:
        yield ReadError(origin.source, origin.path, "parquet", "Parquet file has no rows")
