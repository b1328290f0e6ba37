"""The sidebar: date range, sites, topics (rule or discovered), free-text search and review state (status, quality
flags, irrelevant left out), turned into a `Filters`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from components import data
from components.widgets import state
from newsdesk.analysis.queries import Filters, TopicKind
from newsdesk.review import decisions as review

KIND_LABELS: dict[TopicKind, str] = {"rule": "Rule topics", "discovered": "Discovered"}


@dataclass(frozen=True)
class FilterState:
    """The filters plus what the charts need to colour topics the same way whatever is selected."""

    filters: Filters
    kind: TopicKind
    topic_names: tuple[str, ...]  # every topic of `kind`, the colour domain


def _seed(key: str, default: object) -> None:
    """A widget's default goes into session state, not into the widget call: a value a shared link put there first
    (components/widgets/urlstate.py) then wins without Streamlit warning about a default set twice."""
    if key not in st.session_state:
        st.session_state[key] = default


def _date_range(path: str, data_version: int) -> tuple[dt.date | None, dt.date | None]:
    lo, hi = data.date_bounds(path, data_version)
    if lo is None or hi is None:
        st.caption("No article has a publication date yet.")
        return None, None
    key = state.date_key(lo, hi)
    _seed(key, (lo, hi))
    picked = st.date_input(
        "Published",
        min_value=lo,
        max_value=hi,
        format="YYYY-MM-DD",
        key=key,
        help="Articles without a publication date are listed only while the whole range is selected.",
    )
    if not isinstance(picked, tuple) or len(picked) != 2:
        return None, None  # a range being picked: one end chosen so far
    start, end = picked
    return (None if start <= lo else start), (None if end >= hi else end)


def render(path: str, data_version: int) -> FilterState:
    """Draw the sidebar filters and return what they select (keys start with `state.FILTER_PREFIX`)."""
    sb = st.sidebar
    with sb:
        st.header("Filters", anchor=False)
        search = st.text_input(
            "Search",
            key=state.SEARCH_KEY,
            placeholder="Words in the title or text",
            help="Every word must appear in the title or the text (case does not matter).",
        )
        start, end = _date_range(path, data_version)
        site_df = data.sites(path, data_version)
        site_counts = dict(zip(site_df["site"], site_df["articles"], strict=True))
        picked_sites = st.multiselect(
            "Sites",
            list(site_counts),
            format_func=lambda s: f"{s} · {site_counts[s]:,}",
            key=state.SITES_KEY,
            placeholder="All sites",
        )
        _seed(state.KIND_KEY, "rule")
        kind: TopicKind = (
            st.segmented_control(
                "Topics",
                list(KIND_LABELS),
                format_func=KIND_LABELS.__getitem__,
                required=True,
                key=state.KIND_KEY,
                help="Rule topics are the keyword queries in the topics file; discovered topics are learned "
                "from the corpus and labelled by their top terms.",
            )
            or "rule"
        )
        topic_df = data.topics(path, data_version, kind)
        names = dict(zip(topic_df["id"], topic_df["name"], strict=True))
        counts = dict(zip(topic_df["id"], topic_df["articles"], strict=True))
        if names:
            picked_topics = st.multiselect(
                "Topics of this kind",
                list(names),
                format_func=lambda t: f"{names[t]} · {counts[t]:,}",
                key=state.topics_key(kind),
                placeholder="All topics",
                label_visibility="collapsed",
            )
        else:
            picked_topics = []
            st.caption("No discovered topics yet: they are learned once the corpus has enough articles.")
        statuses, flags, hide_irrelevant = _review_filters(path, data_version)
        st.button("Reset filters", on_click=state.reset_filters, icon=":material/restart_alt:", width="stretch")
    filters = Filters(
        start=start,
        end=end,
        sites=tuple(picked_sites),
        topics=tuple(picked_topics),
        search=" ".join(search.split()) if search else "",
        statuses=statuses,
        flags=flags,
        hide_irrelevant=hide_irrelevant,
    )
    return FilterState(filters=filters, kind=kind, topic_names=tuple(sorted(set(names.values()))))


def _review_filters(path: str, data_version: int) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """Review status, quality flags and the one toggle that leaves irrelevant articles out of charts and list."""
    hide = st.toggle(
        "Leave out irrelevant articles",
        key=f"{state.FILTER_PREFIX}hide_irrelevant",
        help="Articles a reviewer marked irrelevant are left out of the charts (and their totals) and the list.",
    )
    with st.expander("Review status and quality flags"):
        statuses = st.multiselect(
            "Review status",
            list(review.STATUSES),
            format_func=review.STATUS_LABELS.__getitem__,
            key=f"{state.FILTER_PREFIX}status",
            placeholder="Any status",
        )
        flag_counts = data.flag_counts(path, data_version, Filters())
        flags = st.multiselect(
            "Quality flags",
            list(review.FLAGS),
            format_func=lambda f: f"{review.FLAG_LABELS[f]} · {flag_counts.get(f, 0):,}",
            key=f"{state.FILTER_PREFIX}flags",
            placeholder="Any article",
            help="Flags computed at ingest so reviewers start where problems are; an article needs any one of them.",
        )
    return tuple(statuses), tuple(flags), bool(hide)
