"""The corpus on disk, shared by several processes: immutable Parquet parts, a SQLite catalog of which parts are live
(plus ingest bookkeeping, topics, settings and the review history), and per reading process a DuckDB whose views
read them. Nothing here knows about extraction or analysis. May import: newsdesk.models, newsdesk.settings."""

from newsdesk.store.core import (
    PART_SCHEMAS,
    Store,
    StoreLockedError,
    StoreNotFoundError,
    Writer,
    is_store,
    store_of,
)
from newsdesk.store.lock import WriterInfo

__all__ = [
    "PART_SCHEMAS",
    "Store",
    "StoreLockedError",
    "StoreNotFoundError",
    "Writer",
    "WriterInfo",
    "is_store",
    "store_of",
]
