"""The only module that caches. The Store is a resource (one DuckDB connection per database file, shared by every
session); query results are cached data keyed by plain values: the database path, its `data_version` (which grows
with every write, so an ingest refreshes every read) and the frozen `Filters`. Nothing here reads a widget.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from newsdesk import queries, settings
from newsdesk.queries import Filters, Granularity, TopicKind
from newsdesk.store import Store

# Cached results kept per function: plenty for one analyst's back-and-forth between filter states, small enough
# that a page of 100 rows times this stays far below Community Cloud's 1 GB.
MAX_ENTRIES = 64
# The files table can grow with the corpus; the page shows the most recent ones.
FILES_LIMIT = 1000


def db_path() -> str:
    """The database file from NEWSDESK_DB, as a string so it can key the caches."""
    return str(settings.DB.path())


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    """Open (and create) the store once per process; a StoreLockedError is not cached, so a reload retries."""
    return Store(path)


@st.cache_resource(show_spinner=False)
def startup_state(path: str) -> dict[str, bool]:
    """Per process and database: {"checked": whether the articles folder has been compared with it yet}."""
    return {"checked": False}


def version(path: str) -> int:
    """The store's data version, read fresh on every rerun (one tiny query) so cached reads never go stale."""
    return get_store(path).data_version()


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def stats(path: str, data_version: int) -> dict[str, Any]:
    cur = get_store(path).cursor()
    out: dict[str, Any] = dict(queries.corpus_stats(cur))
    out["first"], out["last"] = queries.date_bounds(cur)
    return out


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def topics(path: str, data_version: int, kind: TopicKind | None = None) -> pd.DataFrame:
    return queries.topics(get_store(path).cursor(), kind)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def sites(path: str, data_version: int) -> pd.DataFrame:
    return queries.sites(get_store(path).cursor())


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def date_bounds(path: str, data_version: int) -> tuple[dt.date | None, dt.date | None]:
    return queries.date_bounds(get_store(path).cursor())


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def coverage(path: str, data_version: int, filters: Filters, granularity: Granularity, kind: TopicKind) -> pd.DataFrame:
    return queries.coverage(get_store(path).cursor(), filters, granularity, kind)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def undated_count(path: str, data_version: int, filters: Filters) -> int:
    return queries.undated_count(get_store(path).cursor(), filters)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def count_articles(path: str, data_version: int, filters: Filters) -> int:
    return queries.count_articles(get_store(path).cursor(), filters)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def article_page(
    path: str, data_version: int, filters: Filters, sort: str, descending: bool, limit: int, offset: int
) -> pd.DataFrame:
    cur = get_store(path).cursor()
    return queries.list_articles(cur, filters, sort=sort, descending=descending, limit=limit, offset=offset)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def article(path: str, data_version: int, article_id: str) -> dict[str, Any] | None:
    return queries.get_article(get_store(path).cursor(), article_id)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def ingest_errors(path: str, data_version: int) -> pd.DataFrame:
    return queries.ingest_errors(get_store(path).cursor())


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def ingested_files(path: str, data_version: int) -> pd.DataFrame:
    return queries.ingested_files(get_store(path).cursor(), FILES_LIMIT)
