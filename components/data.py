"""The only module that caches. The Store is a resource (one per store folder and process, shared by every
session); query results are cached data keyed by plain values: the store path, its `data_version` (which grows
with every write, by this process or another: an ingest in a terminal refreshes every read) and the frozen
`Filters`. Nothing here reads a widget.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from newsdesk import settings
from newsdesk.analysis import analytics, queries, topic_admin
from newsdesk.analysis.queries import Filters, Granularity, TopicKind
from newsdesk.review import decisions as review
from newsdesk.store import Store

# Cached results kept per function: plenty for one analyst's back-and-forth between filter states, small enough
# that a page of 100 rows times this stays far below Community Cloud's 1 GB.
MAX_ENTRIES = 64
# The files table can grow with the corpus; the page shows the most recent ones.
FILES_LIMIT = 1000


def db_path() -> str:
    """The store folder from NEWSDESK_DB, as a string so it can key the caches."""
    return str(settings.DB.path())


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    """Open (and create) the store once per process; an error is not cached, so a reload retries."""
    return Store(path, hot=True)


@st.cache_resource(show_spinner=False)
def startup_state(path: str) -> dict[str, bool]:
    """Per process and database: {"checked": whether the articles folder has been compared with it yet}."""
    return {"checked": False}


def version(path: str) -> int:
    """The store's data version, read fresh on every rerun (one pragma read when nothing changed) so cached reads
    never go stale."""
    return get_store(path).data_version()


def corpus_version(path: str) -> int:
    """The version of what the corpus holds (not review decisions): what the new-articles notice compares."""
    return get_store(path).versions()[0]


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def stats(path: str, data_version: int) -> dict[str, Any]:
    store = get_store(path)
    out: dict[str, Any] = dict(queries.corpus_stats(store))
    out["first"], out["last"] = queries.date_bounds(store.cursor())
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
    store = get_store(path)
    return queries.get_article(store.cursor(), article_id, store)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def ingest_errors(path: str, data_version: int) -> pd.DataFrame:
    return queries.ingest_errors(get_store(path))


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def ingested_files(path: str, data_version: int) -> pd.DataFrame:
    return queries.ingested_files(get_store(path), FILES_LIMIT)


# ---- review (components/review_*.py) ---------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def review_queue(
    path: str, data_version: int, filters: Filters, order: review.QueueOrder, seed: int, limit: int | None
) -> tuple[str, ...]:
    """A review queue's article ids (the Review page freezes them once computed, so corrections never reshuffle)."""
    return tuple(review.queue(get_store(path).cursor(), filters, order=order, seed=seed, limit=limit))


@st.cache_resource(show_spinner=False)
def frozen_queues(path: str) -> dict[str, tuple[str, ...]]:
    """Review queues as frozen when chosen, by token, for every session of this process (insertion order: the
    Review page drops the oldest past its limit). A reload is a new session; the token in its URL finds the same
    queue here."""
    return {}


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def review_counts(path: str, data_version: int, queue_key: str, _ids: tuple[str, ...] | None) -> dict[str, int]:
    """Articles per status in a queue (None: the whole store). `queue_key` names the ids: hashing ten thousand ids
    on every keypress would cost more than the query, so `_ids` stays out of the cache key."""
    return review.status_counts(get_store(path).cursor(), _ids)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def review_state(path: str, data_version: int, article_id: str) -> review.ReviewState:
    return review.state(get_store(path).cursor(), article_id)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def review_flags(path: str, data_version: int, article_id: str) -> list[tuple[str, str]]:
    return review.flags(get_store(path).cursor(), article_id)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def flag_counts(path: str, data_version: int, filters: Filters) -> dict[str, int]:
    """Articles per quality flag within `filters`, for the Review page's flag picker."""
    return queries.flag_counts(get_store(path).cursor(), filters, review.FLAGS)


# ---------------------------------------------------------------------------- coverage analytics (components/coverage)
@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def coverage_by_site(
    path: str, data_version: int, filters: Filters, granularity: Granularity, kind: TopicKind
) -> pd.DataFrame:
    return queries.coverage_by_site(get_store(path).cursor(), filters, granularity, kind)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def topic_site_counts(path: str, data_version: int, filters: Filters, kind: TopicKind) -> pd.DataFrame:
    return queries.topic_site_counts(get_store(path).cursor(), filters, kind)


@st.cache_resource(show_spinner="Reading a sample of the corpus…", max_entries=2)
def term_background(path: str, corpus_version: int) -> analytics.Background:
    """The terms of a fixed sample of the corpus: read once per corpus version (a review decision changes no text,
    so it does not count; ~1.5 s on 100,000 articles, see bench/coverage.py), shared by every selection and session;
    a resource, so its ~750,000 (id, term) pairs are not copied on every read. Never modified."""
    return analytics.background(get_store(path).cursor())


@st.cache_data(show_spinner="Reading the selection…", max_entries=MAX_ENTRIES)
def selection_summary(path: str, data_version: int, filters: Filters, topic_id: str | None) -> analytics.Summary:
    bg = term_background(path, corpus_version(path))
    return analytics.summarize(get_store(path).cursor(), filters, bg, topic_id=topic_id)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def spike_headlines(
    path: str, data_version: int, filters: Filters, cells: tuple[tuple[str, dt.date, dt.date], ...]
) -> pd.DataFrame:
    bg = term_background(path, corpus_version(path))
    return analytics.spike_headlines(get_store(path).cursor(), filters, cells, bg)


def export_rows(
    path: str, data_version: int, filters: Filters, sort: str, descending: bool, with_text: bool
) -> list[dict[str, Any]]:
    """The article list's download rows. Deliberately not cached: Streamlit builds a download only when its button
    is clicked (in a thread of its own, hence a fresh cursor), and a full-text export of a big corpus is hundreds
    of MB that a 1 GB Community Cloud process should not keep around for a second click."""
    cur = get_store(path).cursor()
    return queries.export_rows(cur, filters, sort=sort, descending=descending, with_text=with_text)


# ---------------------------------------------------------------------------- topics page (components/topics_page)
@st.cache_data(show_spinner="Counting the matching articles…", max_entries=MAX_ENTRIES)
def rule_preview(
    path: str, data_version: int, query: str, sample: int, saved_topic: str | None = None
) -> topic_admin.Preview:
    """What a rule query would match now (or what is wrong with it), before it is saved; for a saved rule whose rows
    the store holds (`saved_topic`), read from those rows."""
    cur = get_store(path).cursor()
    if saved_topic is not None:
        return topic_admin.stored_preview(cur, saved_topic, query, sample)
    return topic_admin.preview_query(cur, query, sample)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def applied_rules_hash(path: str, data_version: int) -> str | None:
    return topic_admin.applied_rules_hash(get_store(path).cursor())


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def discovered_topics(path: str, data_version: int) -> list[dict[str, Any]]:
    return topic_admin.discovered_table(get_store(path).cursor())


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def discovery_info(path: str, data_version: int) -> dict[str, Any]:
    """The last discovery ({"asked": number asked or None, "found": topics}), the number chosen ("chosen") and how
    the person's choices fit it ("status", a topic_admin.ChoiceStatus)."""
    cur = get_store(path).cursor()
    info = topic_admin.discovery_info(cur)
    return {
        "asked": info["n_topics"],
        "found": info["found"],
        "chosen": topic_admin.load_choices(cur).n_topics,
        "status": topic_admin.choice_status(cur),
    }


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def rule_topic_names(path: str, data_version: int) -> dict[str, str]:
    """Rule topic id -> name without article counts: the Review page's topics picker, re-read after every decision."""
    return review.rule_topics(get_store(path).cursor())
