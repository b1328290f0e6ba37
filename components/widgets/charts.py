"""Chart builders: pure functions from a data frame of grouped counts to an Altair chart, so tests read the spec.

Colour is keyed on the topic name over a fixed domain (every topic of the kind, sorted), so a topic keeps its colour
whatever subset the filters show, in every chart and every view. Each builder takes the coverage rows (period,
topic_id, topic, count, total, share[, site]) and prepares them with `chart_frame`, which adds the labels, the
incomplete-period marks, the moving average and the interval (newsdesk.analysis.analytics).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd

from newsdesk.analysis import analytics
from newsdesk.analysis.queries import Granularity

Measure = Literal["count", "share"]
MEASURES: tuple[Measure, ...] = ("share", "count")
View = Literal["lines", "stacked", "stream", "sites", "heatmap", "site_vs_all"]
VIEWS: tuple[View, ...] = ("lines", "stacked", "stream", "sites", "heatmap", "site_vs_all")

# Tableau 20, strong shades first then their light partners: ten well-separated colours before any pair looks alike,
# and readable on a white background (the light shades only come in past ten topics).
PALETTE: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#a0cbe8", "#ffbe7d", "#8cd17d", "#86bcb6", "#ff9d9a", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e", "#b6992d",
)  # fmt: skip
ALL_SITES = "All sites"  # the baseline series of the one-site view
ALL_SITES_COLOR = "#6b6b6b"  # not a topic, so a neutral grey beside the topic's own colour
SELECTION = "pick"  # name of the point selection; Streamlit returns the clicked point under this key
BRUSH = "span"  # name of the interval selection on x; Streamlit returns the brushed range under this key
SELECTION_FIELDS = ("topic", "period_key")  # enough to find the topic and the period behind a clicked point
SITE_FIELDS = ("topic", "period_key", "site")  # ... and the site, in the per-site views
HEATMAP_FIELDS = ("topic", "site")  # a heatmap cell covers the whole date range
LEGEND_SELECTION = "focus"  # clicking a legend entry fades the other topics (view only: the app ignores it)
CHART_HEIGHT = 320
DENSE_PERIODS = 60  # past this many periods on ~780 px of plot, points shrink (about 13 px apart at 60)
FACET_WIDTH = 220  # px per small multiple: three across fit a laptop-width main column beside the legend
FACET_HEIGHT = 130
FACET_COLUMNS = 3
SPIKE_LABELS = 4  # the strongest spikes carry their headline on the chart; every spike gets a ring and a tooltip
LABEL_PX = 200  # a spike's headline is cut (with an ellipsis) past this width ...
LABEL_WIDTH = 0.26  # ... about this fraction of the plot's width at dashboard width (~780 px of plot)
LABEL_LANES = 3  # rows of labels above the points, so labels close in time stack instead of overlapping
LANE_PX = 14
BAND_ALL_TOPICS = 3  # up to this many topics every band shows; past it, a band shows for the legend-picked topic
BAND_OPACITY = 0.13
AREA_OPACITY = 0.85
HEAT_MIN_OPACITY = 0.06  # an empty heatmap cell stays visible as a faint tile

# Days and weeks use Vega's own multi-scale labels (the year shows at each new year, months in between).
_AXIS_FORMAT = {"month": "%b %Y", "quarter": "Q%q %Y", "year": "%Y"}
_TICK_STEP = {"quarter": ("month", 3), "year": ("year", 1)}  # ticks on period starts, so a label names a period
_MEASURE_TITLE = {"share": "Share of all articles", "count": "Articles"}


def period_label(period: object, granularity: str) -> str:
    """How a period reads in tooltips and chips: "4 Mar 2024", "Week of 4 Mar 2024", "March 2024", "Q1 2024"."""
    ts = pd.Timestamp(period)
    if granularity == "month":
        return ts.strftime("%B %Y")
    if granularity == "quarter":
        return f"Q{(ts.month - 1) // 3 + 1} {ts.year}"
    if granularity == "year":
        return str(ts.year)
    day = f"{ts.day} {ts.strftime('%b %Y')}"
    return f"Week of {day}" if granularity == "week" else day


def topic_color_scale(all_topics: Sequence[str]) -> alt.Scale:
    """One colour per topic name over the full sorted list, independent of which topics are on screen."""
    domain = sorted(set(all_topics))
    return alt.Scale(domain=domain, range=[PALETTE[i % len(PALETTE)] for i in range(len(domain))])


def topic_color(topic: str, all_topics: Sequence[str]) -> str:
    """The colour `topic_color_scale` gives `topic` (the first colour for a name outside the list)."""
    domain = sorted(set(all_topics))
    return PALETTE[domain.index(topic) % len(PALETTE)] if topic in domain else PALETTE[0]


def _pct(value: float) -> str:
    return "–" if value is None or np.isnan(value) else f"{value:.1%}"


def chart_frame(
    coverage: pd.DataFrame,
    granularity: str,
    *,
    last_day: dt.date | None = None,
    steps: int = 0,
    by: Sequence[str] = ("topic_id",),
) -> pd.DataFrame:
    """The coverage rows plus what the charts show: period_key and period_label; `partial` (the last period, when
    the data end before it does) and `tail` (the last two periods, drawn dashed when the last is partial); the
    moving average (`count_avg`, `share_avg`) and the Wilson interval (`share_lo`, `share_hi`, `interval`)."""
    g: Granularity = granularity  # type: ignore[assignment]
    df = analytics.enrich(coverage, g, last_day=last_day, steps=steps, by=by)
    df["period_key"] = df["period"].dt.strftime("%Y-%m-%d")
    df["period_label"] = [period_label(p, granularity) for p in df["period"]]
    periods = sorted(df["period"].unique())
    partial_any = bool(df["partial"].any())
    df["tail"] = df["period"] >= periods[-2] if partial_any and len(periods) > 1 else df["partial"]
    df["interval"] = [f"{_pct(lo)}–{_pct(hi)}" for lo, hi in zip(df["share_lo"], df["share_hi"], strict=True)]
    base = ["period", "period_key", "period_label"]
    base += ["site"] if "site" in df.columns else []
    base += ["topic_id", "topic", "count", "total", "share", "partial", "tail"]
    base += ["count_avg", "share_avg", "share_lo", "share_hi", "interval"]
    extra = [c for c in df.columns if c not in base]
    return (
        df[base + extra]
        .sort_values(["period", *[c for c in ("site", "topic") if c in df.columns]])
        .reset_index(drop=True)
    )


def _prepared(
    df: pd.DataFrame, granularity: str, last_day: dt.date | None, steps: int, by: Sequence[str]
) -> pd.DataFrame:
    """`df` as `chart_frame` makes it, unless it already is one."""
    return df if "period_key" in df.columns else chart_frame(df, granularity, last_day=last_day, steps=steps, by=by)


def mark_spikes(frame: pd.DataFrame, spikes: pd.DataFrame | None, *, by: Sequence[str] = ("topic_id",)) -> pd.DataFrame:
    """The chart frame with `spike` (bool), `spike_rank` (1 = strongest) and `spike_note` (how far above its usual
    level, and the headline that represents it: `spikes` may carry a `headline` column)."""
    df = frame.copy()
    df["spike"] = False
    df["spike_rank"] = 0
    df["spike_note"] = ""
    df["spike_label"] = ""
    df["spike_lane"] = -1
    df["spike_align"] = "center"
    if spikes is None or spikes.empty:
        return df
    keys = [*by, "period"]
    sp = spikes.copy()
    sp["period"] = pd.to_datetime(sp["period"])
    sp["spike_rank"] = np.arange(1, len(sp) + 1)
    headline = sp["headline"].fillna("") if "headline" in sp.columns else pd.Series("", index=sp.index)
    sp["spike_label"] = headline.astype(str)
    sp["spike_note"] = [
        ("up from none before" if np.isinf(r) else f"{r:.1f}× its usual share") + (f" · {h}" if h else "")
        for r, h in zip(sp["ratio"], sp["spike_label"], strict=True)
    ]
    merged = df.drop(columns=["spike_rank", "spike_note", "spike_label", "spike_lane", "spike_align"]).merge(
        sp[[*keys, "spike_rank", "spike_note", "spike_label"]], on=keys, how="left"
    )
    merged["spike"] = merged["spike_rank"].notna()
    merged["spike_rank"] = merged["spike_rank"].fillna(0).astype("int64")
    merged["spike_note"] = merged["spike_note"].fillna("")
    merged["spike_label"] = merged["spike_label"].fillna("")
    merged["spike_lane"], merged["spike_align"] = _label_places(merged)
    return merged


def _label_places(df: pd.DataFrame) -> tuple[list[int], list[str]]:
    """Where each of the strongest spikes' headlines goes: a lane (0 just above its point, 1 and 2 higher) so that
    two labels close in time do not overlap, and an alignment that keeps labels near the edges inside the plot.
    -1: not labelled. Positions are fractions of the x span, since the chart's pixel width is the browser's."""
    lanes = [-1] * len(df)
    aligns = ["center"] * len(df)
    periods = pd.to_datetime(df["period"])
    lo, hi = periods.min(), periods.max()
    span = (hi - lo).total_seconds() or 1.0
    placed: list[tuple[int, float, float]] = []  # lane, left, right (fractions)
    order = df.index[(df["spike_rank"] > 0) & (df["spike_label"] != "")]
    for i in sorted(order, key=lambda j: int(df.at[j, "spike_rank"]))[:SPIKE_LABELS]:
        pos = df.index.get_loc(i)
        x = (periods.iloc[pos] - lo).total_seconds() / span
        align = "left" if x < LABEL_WIDTH / 2 else "right" if x > 1 - LABEL_WIDTH / 2 else "center"
        left = x if align == "left" else x - LABEL_WIDTH if align == "right" else x - LABEL_WIDTH / 2
        right = left + LABEL_WIDTH
        for lane in range(LABEL_LANES):
            if all(not (a < right and left < b) for ln, a, b in placed if ln == lane):
                placed.append((lane, left, right))
                lanes[pos], aligns[pos] = lane, align
                break
    return lanes, aligns


def _y_field(measure: Measure, smoothed: bool) -> str:
    if measure == "share":
        return "share_avg" if smoothed else "share"
    return "count_avg" if smoothed else "count"


def _y(measure: Measure, smoothed: bool, *, title: str | None = None) -> alt.Y:
    field = _y_field(measure, smoothed)
    label = title or _MEASURE_TITLE[measure] + (" (moving average)" if smoothed else "")
    if measure == "share":
        return alt.Y(f"{field}:Q", title=label, axis=alt.Axis(format="%"))
    return alt.Y(f"{field}:Q", title=label, axis=alt.Axis(tickMinStep=1))


def _x(granularity: str) -> alt.X:
    fmt = _AXIS_FORMAT.get(granularity)
    if granularity in _TICK_STEP:
        interval, step = _TICK_STEP[granularity]
        axis = alt.Axis(format=fmt, labelAngle=0, tickCount=alt.TimeIntervalStep(interval=interval, step=step))
    else:
        axis = alt.Axis(format=fmt, labelAngle=0) if fmt else alt.Axis(labelAngle=0)
    return alt.X("period:T", title=None, axis=axis)


def _legend() -> alt.Legend:
    return alt.Legend(
        title=None,
        orient="right",
        labelLimit=220,
        labelFontSize=12,
        symbolType="circle",
        symbolSize=70,
        symbolOpacity=1,
        rowPadding=1,
    )


def _color(all_topics: Sequence[str], *, legend: bool = True) -> alt.Color:
    return alt.Color("topic:N", scale=topic_color_scale(all_topics), legend=_legend() if legend else None)


def _tooltip(measure: Measure, smoothed: bool, band: bool, *, site: bool = False, spikes: bool = False) -> list:
    tips: list[alt.Tooltip] = [alt.Tooltip("topic:N", title="Topic")]
    if site:
        tips.append(alt.Tooltip("site:N", title="Site"))
    tips += [
        alt.Tooltip("period_label:N", title="Period"),
        alt.Tooltip("count:Q", title="Articles", format=","),
        alt.Tooltip("share:Q", title="Share", format=".1%"),
        alt.Tooltip("total:Q", title="All articles", format=","),
    ]
    if smoothed:
        fmt = ".1%" if measure == "share" else ".1f"
        tips.append(alt.Tooltip(f"{_y_field(measure, True)}:Q", title="Moving average", format=fmt))
    if band and measure == "share":
        tips.append(alt.Tooltip("interval:N", title="95% interval"))
    if spikes:
        tips.append(alt.Tooltip("spike_note:N", title="Spike"))
    return tips


def _partial_points(
    base: alt.Chart, pick: Any, focus: Any, tooltip: list, all_topics: Sequence[str], *, dense: bool
) -> alt.Chart:
    """The clickable points: filled, the last incomplete period's hollow (white inside, topic-coloured ring);
    smaller where there are many periods, so a weekly or daily chart stays lines rather than a carpet of dots."""
    fill = alt.condition(
        "datum.partial", alt.value("white"), alt.Fill("topic:N", scale=topic_color_scale(all_topics), legend=None)
    )
    picked, other = (36, 18) if dense else (90, 50)
    return (
        base.mark_point(filled=False, strokeWidth=1.2 if dense else 2, cursor="pointer")
        .encode(
            fill=fill,
            tooltip=tooltip,
            opacity=alt.when(pick & focus).then(alt.value(1.0)).otherwise(alt.value(0.2)),
            size=alt.condition(pick, alt.value(picked), alt.value(other)),
        )
        .add_params(pick)
    )


def coverage_chart(
    coverage: pd.DataFrame,
    *,
    all_topics: Sequence[str],
    measure: Measure = "share",
    granularity: str = "month",
    steps: int = 0,
    band: bool = False,
    last_day: dt.date | None = None,
    spikes: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Articles per topic per period as lines with clickable points and a brushable x axis; y is the share of all
    articles (default) or the count. Optional: a moving average over `steps` periods, the Wilson 95% band on shares,
    spike rings with the strongest spikes' headlines. The last, incomplete period is dashed and hollow."""
    data = _prepared(coverage, granularity, last_day, steps, ("topic_id",))
    data = mark_spikes(data, spikes)
    smoothed = steps > 1
    show_band = band and measure == "share"
    has_spikes = bool(data["spike"].any())
    pick = alt.selection_point(name=SELECTION, fields=list(SELECTION_FIELDS), on="click", clear="dblclick")
    brush = alt.selection_interval(name=BRUSH, encodings=["x"], clear="dblclick")
    focus = alt.selection_point(name=LEGEND_SELECTION, fields=["topic"], bind="legend")
    color = _color(all_topics)
    base = alt.Chart(data).encode(x=_x(granularity), y=_y(measure, smoothed), color=color)
    fade = alt.condition(focus, alt.value(0.85), alt.value(0.12))
    layers: list[alt.Chart] = []
    if show_band:
        layers.append(
            base.mark_area(interpolate="monotone", aria=False).encode(
                y=alt.Y("share_lo:Q"),
                y2=alt.Y2("share_hi:Q"),
                opacity=alt.when(focus, empty=bool(data["topic"].nunique() <= BAND_ALL_TOPICS))
                .then(alt.value(BAND_OPACITY))
                .otherwise(alt.value(0.0)),
                tooltip=alt.value(None),
            )
        )
    solid = base.mark_line(strokeWidth=2).encode(opacity=fade).transform_filter("!datum.partial").add_params(focus)
    layers.append(solid.add_params(brush))
    layers.append(base.mark_line(strokeWidth=2, strokeDash=[4, 3]).encode(opacity=fade).transform_filter("datum.tail"))
    tooltip = _tooltip(measure, smoothed, show_band, spikes=has_spikes)
    if has_spikes:
        spiked = base.transform_filter("datum.spike")
        layers.append(
            spiked.mark_point(size=300, strokeWidth=2, filled=False, aria=False).encode(
                opacity=alt.condition(focus, alt.value(0.9), alt.value(0.15)), tooltip=tooltip
            )
        )
    dense = int(data["period"].nunique()) > DENSE_PERIODS
    layers.append(_partial_points(base, pick, focus, tooltip, all_topics, dense=dense))
    placed = data[data["spike_lane"] >= 0] if has_spikes else data.iloc[0:0]
    for lane, align in sorted(set(zip(placed["spike_lane"], placed["spike_align"], strict=True))):
        dx = {"left": -6, "right": 6, "center": 0}[align]
        layers.append(
            base.transform_filter(f"datum.spike_lane == {lane} && datum.spike_align == '{align}'")
            .mark_text(dy=-17 - LANE_PX * lane, dx=dx, align=align, fontSize=11, limit=LABEL_PX, aria=False)
            .encode(
                text=alt.Text("spike_label:N"),
                opacity=alt.condition(focus, alt.value(1.0), alt.value(0.15)),
                color=alt.value("#333333"),
            )
        )
    return alt.LayerChart(layer=layers, height=CHART_HEIGHT)


def stack_frame(frame: pd.DataFrame, value: str, *, center: bool) -> pd.DataFrame:
    """`frame` with y0/y1 (the band of each topic, stacked in topic-name order per period) and ym (its middle, where
    the clickable point sits); `center` offsets each period's stack around zero (a streamgraph)."""
    df = frame.sort_values(["period", "topic"], kind="stable").copy()
    v = df[value].astype(float).fillna(0.0)
    df["y1"] = v.groupby(df["period"]).cumsum()
    df["y0"] = df["y1"] - v
    if center:
        half = v.groupby(df["period"]).transform("sum") / 2
        df["y0"] -= half
        df["y1"] -= half
    df["ym"] = (df["y0"] + df["y1"]) / 2
    return df.reset_index(drop=True)


def area_chart(
    coverage: pd.DataFrame,
    *,
    all_topics: Sequence[str],
    measure: Measure = "share",
    granularity: str = "month",
    steps: int = 0,
    last_day: dt.date | None = None,
    stream: bool = False,
) -> alt.LayerChart:
    """Topics stacked as areas (or centred, as a streamgraph): how the whole of coverage divides between them. A
    point in the middle of each band is clickable; the x axis is brushable; the incomplete period gets a rule."""
    data = _prepared(coverage, granularity, last_day, steps, ("topic_id",))
    smoothed = steps > 1
    data = stack_frame(data, _y_field(measure, smoothed), center=stream)
    pick = alt.selection_point(name=SELECTION, fields=list(SELECTION_FIELDS), on="click", clear="dblclick")
    brush = alt.selection_interval(name=BRUSH, encodings=["x"], clear="dblclick")
    focus = alt.selection_point(name=LEGEND_SELECTION, fields=["topic"], bind="legend")
    title = _MEASURE_TITLE[measure] + (", stacked" if not stream else "") + (" (moving average)" if smoothed else "")
    if stream:
        y = alt.Y("y1:Q", title=title, axis=None)
    else:
        y = alt.Y("y1:Q", title=title, axis=alt.Axis(format="%" if measure == "share" else "d"))
    base = alt.Chart(data).encode(x=_x(granularity), color=_color(all_topics))
    areas = (
        base.mark_area(interpolate="monotone", line={"strokeWidth": 0.5})
        .encode(
            y=y,
            y2=alt.Y2("y0:Q"),
            opacity=alt.condition(focus, alt.value(AREA_OPACITY), alt.value(0.15)),
            order=alt.Order("topic:N"),
        )
        .add_params(focus, brush)
    )
    points = (
        base.mark_point(filled=True, size=36, cursor="pointer", strokeWidth=0)
        .encode(
            y=alt.Y("ym:Q"),
            color=alt.value("white"),
            opacity=alt.when(pick, empty=False).then(alt.value(0.9)).otherwise(alt.value(0.0)),
            tooltip=_tooltip(measure, smoothed, False),
        )
        .add_params(pick)
    )
    layers: list[alt.Chart] = [areas, points]
    if bool(data["partial"].any()):
        # one row per period (the frame holds one per topic), from the same data so the chart keeps one dataset
        last = alt.Chart(data).transform_filter("datum.partial").transform_aggregate(period="min(period)")
        rule = last.mark_rule(strokeDash=[4, 3], color="#888888", aria=False).encode(x="period:T")
        text = last.mark_text(
            align="right", baseline="top", dx=-4, y=2, fontSize=11, color="#666666", text="incomplete", aria=False
        ).encode(x="period:T")
        layers += [rule, text]
    return alt.LayerChart(layer=layers, height=CHART_HEIGHT)


def site_multiples_chart(
    by_site: pd.DataFrame,
    *,
    all_topics: Sequence[str],
    measure: Measure = "share",
    granularity: str = "month",
    steps: int = 0,
    last_day: dt.date | None = None,
) -> alt.FacetChart:
    """One small chart per site, the same topics in the same colours and a shared y scale, so sites compare."""
    data = _prepared(by_site, granularity, last_day, steps, ("site", "topic_id"))
    smoothed = steps > 1
    pick = alt.selection_point(name=SELECTION, fields=list(SITE_FIELDS), on="click", clear="dblclick")
    focus = alt.selection_point(name=LEGEND_SELECTION, fields=["topic"], bind="legend")
    y = _y(measure, smoothed, title="Share of the site's articles" if measure == "share" else "Articles")
    base = alt.Chart().encode(x=_x(granularity), y=y, color=_color(all_topics))
    fade = alt.condition(focus, alt.value(0.85), alt.value(0.1))
    solid = base.mark_line(strokeWidth=1.5).encode(opacity=fade).transform_filter("!datum.partial").add_params(focus)
    dashed = base.mark_line(strokeWidth=1.5, strokeDash=[3, 2]).encode(opacity=fade).transform_filter("datum.tail")
    points = (
        base.mark_point(filled=True, size=18, cursor="pointer")
        .encode(
            tooltip=_tooltip(measure, smoothed, False, site=True),
            opacity=alt.when(pick & focus).then(alt.value(0.9)).otherwise(alt.value(0.15)),
        )
        .add_params(pick)
    )
    layered = alt.layer(solid, dashed, points, data=data).properties(width=FACET_WIDTH, height=FACET_HEIGHT)
    n_sites = max(1, int(data["site"].nunique()))
    return layered.facet(
        facet=alt.Facet("site:N", title=None, header=alt.Header(labelFontSize=12, labelFontWeight="bold")),
        columns=min(FACET_COLUMNS, n_sites),
    ).resolve_axis(x="independent")


def _alpha(strength: pd.Series) -> np.ndarray:
    return HEAT_MIN_OPACITY + (1 - HEAT_MIN_OPACITY) * strength.to_numpy(dtype=float)


def _ink(color: str, alpha: float) -> str:
    """White text on a tile dark enough for it (the topic colour at `alpha` over white), else dark text."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    blended = [alpha * c + (1 - alpha) * 255 for c in rgb]
    luminance = (0.2126 * blended[0] + 0.7152 * blended[1] + 0.0722 * blended[2]) / 255
    return "white" if luminance < 0.55 else "#333333"


def heatmap_chart(topic_site: pd.DataFrame, *, all_topics: Sequence[str], measure: Measure = "share") -> alt.LayerChart:
    """Topics (rows) by sites (columns): each tile in the topic's own colour, stronger where the topic takes a larger
    share of the site's articles (or more articles); the value is written on the tile. A tile is clickable."""
    df = topic_site.copy()
    value = df[measure].astype(float)
    top = float(value.max()) if len(value) and value.max() > 0 else 1.0
    df["strength"] = value / top
    df["alpha"] = _alpha(df["strength"])
    df["label"] = [f"{v:.0%}" if measure == "share" else f"{int(v):,}" for v in value]
    df["ink"] = [_ink(topic_color(t, all_topics), a) for t, a in zip(df["topic"], _alpha(df["strength"]), strict=True)]
    sites = list(dict.fromkeys(df.sort_values(["total", "site"], ascending=[False, True])["site"]))
    pick = alt.selection_point(name=SELECTION, fields=list(HEATMAP_FIELDS), on="click", clear="dblclick")
    x = alt.X("site:N", sort=sites, title=None, axis=alt.Axis(labelAngle=-30, labelLimit=160, orient="top"))
    y = alt.Y("topic:N", sort="ascending", title=None, axis=alt.Axis(labelLimit=220))
    base = alt.Chart(df).encode(x=x, y=y)
    tiles = (
        base.mark_rect(cursor="pointer", strokeWidth=1.5)
        .encode(
            color=_color(all_topics, legend=False),
            opacity=alt.Opacity("alpha:Q", scale=None, legend=None),
            tooltip=[
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("site:N", title="Site"),
                alt.Tooltip("count:Q", title="Articles", format=","),
                alt.Tooltip("share:Q", title="Share of the site's articles", format=".1%"),
                alt.Tooltip("total:Q", title="The site's articles", format=","),
            ],
            stroke=alt.when(pick, empty=False).then(alt.value("#222222")).otherwise(alt.value("white")),
        )
        .add_params(pick)
    )
    labels = base.mark_text(fontSize=11, aria=False).encode(text="label:N", color=alt.Color("ink:N", scale=None))
    n_topics = max(1, int(df["topic"].nunique()))
    return alt.LayerChart(layer=[tiles, labels], height=max(CHART_HEIGHT, 26 * n_topics))


def site_vs_all_frame(site_cov: pd.DataFrame, all_cov: pd.DataFrame, site: str) -> pd.DataFrame:
    """One topic's coverage rows on `site` and on all sites, on the all-sites period axis (periods the site did not
    publish in are zeros), with `site` naming the series ("" for all sites, so a click knows which)."""
    key = ["period", "topic_id", "topic"]
    a = all_cov.copy()
    a["period"] = pd.to_datetime(a["period"])
    s = site_cov.copy()
    s["period"] = pd.to_datetime(s["period"])
    s = (
        a[key]
        .merge(s[[*key, "count", "total", "share"]], on=key, how="left")
        .fillna({"count": 0, "total": 0, "share": 0.0})
    )
    s["site"] = site
    a["site"] = ""
    out = pd.concat([s, a[[*key, "count", "total", "share", "site"]]], ignore_index=True)
    out["count"] = out["count"].astype("int64")
    out["total"] = out["total"].astype("int64")
    return out


def site_vs_all_chart(
    frame: pd.DataFrame,
    *,
    topic: str,
    site: str,
    all_topics: Sequence[str],
    measure: Measure = "share",
    granularity: str = "month",
    steps: int = 0,
    band: bool = True,
    last_day: dt.date | None = None,
) -> alt.LayerChart:
    """One topic on one site (in the topic's colour) against all sites (grey), with bands: is this site's coverage
    of the topic out of line with everyone's?"""
    data = _prepared(frame, granularity, last_day, steps, ("site", "topic_id"))
    data = data.copy()
    data["series"] = np.where(data["site"] == "", ALL_SITES, site)
    smoothed = steps > 1
    show_band = band and measure == "share"
    pick = alt.selection_point(name=SELECTION, fields=list(SITE_FIELDS), on="click", clear="dblclick")
    brush = alt.selection_interval(name=BRUSH, encodings=["x"], clear="dblclick")
    scale = alt.Scale(domain=[site, ALL_SITES], range=[topic_color(topic, all_topics), ALL_SITES_COLOR])
    legend = alt.Legend(title=topic, orient="top", labelLimit=260, symbolOpacity=1, labelFontSize=12)
    color = alt.Color("series:N", scale=scale, legend=legend)
    y_title = "Share of articles" + (" (moving average)" if smoothed else "") if measure == "share" else None
    base = alt.Chart(data).encode(x=_x(granularity), y=_y(measure, smoothed, title=y_title), color=color)
    layers: list[alt.Chart] = []
    if show_band:
        layers.append(
            base.mark_area(interpolate="monotone", opacity=BAND_OPACITY + 0.04, aria=False).encode(
                y=alt.Y("share_lo:Q"), y2=alt.Y2("share_hi:Q"), tooltip=alt.value(None)
            )
        )
    layers.append(base.mark_line(strokeWidth=2.2).transform_filter("!datum.partial").add_params(brush))
    layers.append(base.mark_line(strokeWidth=2.2, strokeDash=[4, 3]).transform_filter("datum.tail"))
    tips = _tooltip(measure, smoothed, show_band)
    tips.insert(1, alt.Tooltip("series:N", title="Where"))
    layers.append(
        base.mark_point(filled=False, size=60, strokeWidth=2, cursor="pointer")
        .encode(
            fill=alt.condition("datum.partial", alt.value("white"), alt.Fill("series:N", scale=scale, legend=None)),
            tooltip=tips,
            opacity=alt.when(pick).then(alt.value(1.0)).otherwise(alt.value(0.25)),
        )
        .add_params(pick)
    )
    return alt.LayerChart(layer=layers, height=CHART_HEIGHT)
