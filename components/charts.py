"""Chart builders: pure functions from a data frame of grouped counts to an Altair chart, so tests read the spec.

Colour is keyed on the topic name over a fixed domain (every topic of the kind, sorted), so a topic keeps its colour
whatever subset the filters show, in every chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import altair as alt
import pandas as pd

Measure = Literal["count", "share"]
MEASURES: tuple[Measure, ...] = ("count", "share")

# Tableau 20, strong shades first then their light partners: ten well-separated colours before any pair looks alike,
# and readable on a white background (the light shades only come in past ten topics).
PALETTE: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#a0cbe8", "#ffbe7d", "#8cd17d", "#86bcb6", "#ff9d9a", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e", "#b6992d",
)  # fmt: skip
SELECTION = "pick"  # name of the point selection; Streamlit returns the clicked point under this key
SELECTION_FIELDS = ("topic", "period_key")  # enough to find the topic and the period behind a clicked point
LEGEND_SELECTION = "focus"  # clicking a legend entry fades the other topics (view only: the app ignores it)
CHART_HEIGHT = 320

_AXIS_FORMAT = {"day": "%-d %b", "week": "%-d %b", "month": "%b %Y"}


def period_label(period: object, granularity: str) -> str:
    """How a period reads in tooltips and chips: "4 Mar 2024", "Week of 4 Mar 2024", "March 2024"."""
    ts = pd.Timestamp(period)
    if granularity == "month":
        return ts.strftime("%B %Y")
    day = f"{ts.day} {ts.strftime('%b %Y')}"
    return f"Week of {day}" if granularity == "week" else day


def topic_color_scale(all_topics: Sequence[str]) -> alt.Scale:
    """One colour per topic name over the full sorted list, independent of which topics are on screen."""
    domain = sorted(set(all_topics))
    return alt.Scale(domain=domain, range=[PALETTE[i % len(PALETTE)] for i in range(len(domain))])


def chart_frame(coverage: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """The coverage rows (period, topic_id, topic, count, total, share) plus the labels the chart shows."""
    df = coverage.copy()
    df["period"] = pd.to_datetime(df["period"])
    df["period_key"] = df["period"].dt.strftime("%Y-%m-%d")
    df["period_label"] = [period_label(p, granularity) for p in df["period"]]
    return df[["period", "period_key", "period_label", "topic_id", "topic", "count", "total", "share"]]


def coverage_chart(
    coverage: pd.DataFrame,
    *,
    all_topics: Sequence[str],
    measure: Measure = "count",
    granularity: str = "month",
) -> alt.LayerChart:
    """Articles per topic per period as lines with clickable points; y is the count or the share of all articles."""
    data = chart_frame(coverage, granularity)
    pick = alt.selection_point(name=SELECTION, fields=list(SELECTION_FIELDS), on="click", clear="dblclick")
    if measure == "share":
        y = alt.Y("share:Q", title="Share of all articles", axis=alt.Axis(format="%"))
    else:
        y = alt.Y("count:Q", title="Articles", axis=alt.Axis(tickMinStep=1))
    color = alt.Color(
        "topic:N",
        scale=topic_color_scale(all_topics),
        legend=alt.Legend(
            title=None,
            orient="right",
            labelLimit=220,
            labelFontSize=12,
            symbolType="circle",
            symbolSize=70,
            rowPadding=1,
        ),
    )
    x = alt.X("period:T", title=None, axis=alt.Axis(format=_AXIS_FORMAT.get(granularity, "%b %Y"), labelAngle=0))
    tooltip = [
        alt.Tooltip("topic:N", title="Topic"),
        alt.Tooltip("period_label:N", title="Period"),
        alt.Tooltip("count:Q", title="Articles", format=","),
        alt.Tooltip("share:Q", title="Share", format=".1%"),
        alt.Tooltip("total:Q", title="All articles", format=","),
    ]
    focus = alt.selection_point(name=LEGEND_SELECTION, fields=["topic"], bind="legend")
    base = alt.Chart(data).encode(x=x, y=y, color=color)
    lines = (
        base.mark_line(strokeWidth=2)
        .encode(opacity=alt.condition(focus, alt.value(0.85), alt.value(0.12)))
        .add_params(focus)
    )
    points = (
        base.mark_point(filled=True, size=70, cursor="pointer")
        .encode(
            tooltip=tooltip,
            opacity=alt.when(pick & focus).then(alt.value(1.0)).otherwise(alt.value(0.2)),
            size=alt.condition(pick, alt.value(90), alt.value(50)),
        )
        .add_params(pick)
    )
    return alt.LayerChart(layer=[lines, points], height=CHART_HEIGHT)
