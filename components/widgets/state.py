"""Session-state keys the pages share, and the callbacks that reset them (run before the next rerun's widgets)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

FILTER_PREFIX = "flt_"  # every sidebar filter widget's key starts with this
KIND_KEY = "flt_kind"  # rule or discovered topics: a view choice, kept by "reset filters"
SEARCH_KEY = "flt_search"
SITES_KEY = "flt_sites"
DATES_PREFIX = "flt_dates_"  # + the corpus bounds: see date_key
TOPICS_PREFIX = "flt_topics_"  # + the topic kind: see topics_key
COVERAGE_PREFIX = "cov_"  # every coverage control's key starts with this
READER_KEY = "reader_article"  # id of the article open in the reader
LIST_NONCE_KEY = "reader_closed_count"  # bumped when the reader closes, to redraw the list with no row ticked
CHART_NONCE_KEY = "chart_nonce"  # bumped to remount the chart with no point selected


def date_key(lo: dt.date, hi: dt.date) -> str:
    """The date filter's key holds the corpus bounds, so a widget made for an older corpus never holds a value
    outside them (an ingest that widens the span starts a fresh widget)."""
    return f"{DATES_PREFIX}{lo}_{hi}"


def topics_key(kind: str) -> str:
    """One topic picker per kind, so switching kind keeps each kind's picks apart."""
    return f"{TOPICS_PREFIX}{kind}"


def clear_point() -> None:
    st.session_state[CHART_NONCE_KEY] = st.session_state.get(CHART_NONCE_KEY, 0) + 1


def close_reader() -> None:
    st.session_state.pop(READER_KEY, None)
    st.session_state[LIST_NONCE_KEY] = st.session_state.get(LIST_NONCE_KEY, 0) + 1


def reset_filters() -> None:
    """Back to the whole corpus: every filter widget returns to its default and the chart selection is cleared."""
    for key in list(st.session_state.keys()):
        if str(key).startswith(FILTER_PREFIX) and key != KIND_KEY:
            del st.session_state[key]
    clear_point()
