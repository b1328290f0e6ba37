"""Parquet parts: immutable files, written whole and renamed into place, listed in the catalog when committed.

A part is written under a temporary name, flushed to disk and renamed (atomic on one file system), so a reader never
opens half a file. Until the catalog lists it, a part is not in the corpus: a writer killed between the rename and
the commit leaves an orphan, which the next writer deletes (it holds the writer lock, so no other writer can be
halfway through its own parts).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PARTS_DIR = "parts"
TMP_SUFFIX = ".tmp"
# Rows per row group of a part: small enough that a reader looking for one article decompresses little text, large
# enough that per-group overhead stays negligible (DuckDB reads row groups in parallel; 8,192 rows of ~3 KB text).
ROW_GROUP_ROWS = 8_192
COMPRESSION = "zstd"


def part_path(root: Path, kind: str) -> Path:
    """A new, unique file name for a part of `kind` (relative paths in the catalog are under `root`)."""
    return root / PARTS_DIR / kind / f"{uuid.uuid4().hex}.parquet"


def write_part(root: Path, kind: str, table: pa.Table, *, row_group_rows: int = ROW_GROUP_ROWS) -> str:
    """Write `table` as a new part of `kind`; returns its path relative to `root` (what the catalog stores)."""
    final = part_path(root, kind)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(final.name + TMP_SUFFIX)
    pq.write_table(table, tmp, row_group_size=row_group_rows, compression=COMPRESSION)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    return str(final.relative_to(root))


def all_part_files(root: Path) -> list[str]:
    """Every file under the parts folder (relative to `root`), temporary ones included."""
    base = root / PARTS_DIR
    if not base.is_dir():
        return []
    return sorted(str(p.relative_to(root)) for p in base.rglob("*") if p.is_file())


def remove_files(root: Path, files: list[str]) -> int:
    """Delete part files (missing ones are fine); returns how many were deleted."""
    gone = 0
    for rel in files:
        try:
            (root / rel).unlink()
            gone += 1
        except FileNotFoundError:
            pass
    return gone
