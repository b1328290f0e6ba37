"""Session-state keys the pages share, and the callbacks that reset them (run before the next rerun's widgets)."""

from __future__ import annotations

import streamlit as st

FILTER_PREFIX = "flt_"  # every sidebar filter widget's key starts with this
KIND_KEY = "flt_kind"  # rule or discovered topics: a view choice, kept by "reset filters"
READER_KEY = "reader_article"  # id of the article open in the reader
LIST_NONCE_KEY = "reader_closed_count"  # bumped when the reader closes, to redraw the list with no row ticked
CHART_NONCE_KEY = "chart_nonce"  # bumped to remount the chart with no point selected


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
