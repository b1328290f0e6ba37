"""The coverage chart: articles (or share of articles) per topic per day, week or month; a click on a point
narrows the article list to that topic and period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from components import charts, data, state
from components.filters import FilterState
from components.safe import safe_text
from newsdesk.queries import Filters, Granularity, period_bounds

GRANULARITY_KEY = "cov_granularity"
MEASURE_KEY = "cov_measure"
GRANULARITY_LABELS: dict[Granularity, str] = {"day": "Day", "week": "Week", "month": "Month"}
MEASURE_LABELS: dict[charts.Measure, str] = {"count": "Articles", "share": "Share of all"}
# Default granularity from the corpus span: up to this many days a line per day, up to the next a line per week;
# both keep a chart under ~100 points per topic, which stays legible at dashboard width.
DAILY_MAX_DAYS = 62
WEEKLY_MAX_DAYS = 366


@dataclass(frozen=True)
class Point:
    """A clicked point: one topic in one period."""

    topic_id: str
    topic: str
    start: dt.date
    end: dt.date
    label: str


def default_granularity(first: dt.date | None, last: dt.date | None) -> Granularity:
    if not first or not last:
        return "month"
    days = (last - first).days
    return "day" if days <= DAILY_MAX_DAYS else "week" if days <= WEEKLY_MAX_DAYS else "month"


def point_from_selection(selection: Any, frame: pd.DataFrame, granularity: Granularity) -> Point | None:
    """The clicked point named by Streamlit's selection state, if it is still in the chart's data."""
    try:
        picked = (selection or {}).get(charts.SELECTION) or []
    except AttributeError:
        return None
    if not picked or frame.empty:
        return None
    first = picked[0] if isinstance(picked, list) else picked
    if not isinstance(first, dict):
        return None
    rows = frame[(frame["topic"] == first.get("topic")) & (frame["period_key"] == first.get("period_key"))]
    if rows.empty:
        return None
    row = rows.iloc[0]
    start, end = period_bounds(dt.date.fromisoformat(str(row["period_key"])), granularity)
    return Point(str(row["topic_id"]), str(row["topic"]), start, end, str(row["period_label"]))


def _selection(event: Any) -> Any:
    """The selection part of a chart event (a VegaLiteState, or the plain dict a test puts in session state)."""
    return event.get("selection") if isinstance(event, Mapping) else None


def narrow(filters: Filters, point: Point | None) -> Filters:
    """The list's filters: the sidebar's, narrowed to the clicked topic and period."""
    if point is None:
        return filters
    start = max(filters.start, point.start) if filters.start else point.start
    end = min(filters.end, point.end) if filters.end else point.end
    return Filters(start=start, end=end, sites=filters.sites, topics=(point.topic_id,), search=filters.search)


def render(path: str, data_version: int, fs: FilterState) -> Point | None:
    """Draw the chart section; returns the clicked point, if any."""
    first, last = data.date_bounds(path, data_version)
    head, controls = st.columns([1, 1], vertical_alignment="bottom")
    head.subheader("Coverage by topic", anchor=False)
    with controls.container(horizontal=True, horizontal_alignment="right"):
        granularity: Granularity = (
            st.segmented_control(
                "Per",
                list(GRANULARITY_LABELS),
                format_func=GRANULARITY_LABELS.__getitem__,
                default=default_granularity(first, last),
                required=True,
                key=GRANULARITY_KEY,
            )
            or "month"
        )
        measure: charts.Measure = (
            st.segmented_control(
                "Show",
                list(MEASURE_LABELS),
                format_func=MEASURE_LABELS.__getitem__,
                default="count",
                required=True,
                key=MEASURE_KEY,
            )
            or "count"
        )
    cov = data.coverage(path, data_version, fs.filters, granularity, fs.kind)
    undated = data.undated_count(path, data_version, fs.filters)
    if not fs.topic_names:
        st.info(f"There are no {fs.kind} topics yet, so there is nothing to chart.", icon=":material/info:")
        point = None
    elif cov.empty:
        st.info("No dated article matches these filters, so there is nothing to chart.", icon=":material/info:")
        point = None
    else:
        chart = charts.coverage_chart(cov, all_topics=fs.topic_names, measure=measure, granularity=granularity)
        nonce = st.session_state.get(state.CHART_NONCE_KEY, 0)
        event = st.altair_chart(
            chart,
            on_select="rerun",
            selection_mode=[charts.SELECTION],
            key=f"coverage_{granularity}_{nonce}",
            width="stretch",
        )
        point = point_from_selection(_selection(event), charts.chart_frame(cov, granularity), granularity)
    notes = ["Click a point to list its articles (double-click clears); click a legend entry to highlight a topic."]
    notes = notes if fs.topic_names and not cov.empty else []
    if undated:
        notes.append(
            f"{undated:,} articles without a date are not charted."
            if undated != 1
            else "1 article without a date is not charted."
        )
    if notes:
        st.caption(safe_text(" ".join(notes)))
    return point
