"""A pool function for tests/test_ingest.py, in a module that imports nothing else: a worker that unpickles it
loads only this, so what else the worker holds came from what the pool sent it."""

from __future__ import annotations

import sys


def heavy_modules(docs: list[object]) -> list[bool]:
    """For each document, whether this process has DuckDB or Arrow loaded."""
    loaded = any(m.startswith(("duckdb", "pyarrow")) for m in sys.modules)
    return [loaded for _ in docs]
