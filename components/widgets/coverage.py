"""The coverage section: share (or count) of articles per topic per period in several views, spikes marked, the
chart's data as CSV; a click on a point or a brushed time range selects articles, and the selection panel says what
sets them apart (distinctive terms, representative articles) above the list, which is narrowed to them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from components import data
from components.widgets import charts, state
from components.widgets.filters import FilterState
from components.widgets.safe import safe_text
from newsdesk.analysis import analytics
from newsdesk.analysis.queries import GRANULARITIES, Filters, Granularity, period_bounds

GRANULARITY_KEY = "cov_granularity"
MEASURE_KEY = "cov_measure"
VIEW_KEY = "cov_view"
SMOOTH_KEY = "cov_smooth"
BAND_KEY = "cov_band"
TOPIC_KEY = "cov_topic"  # the topic of the one-site-against-all view
SITE_KEY = "cov_site"  # the site of that view
GRANULARITY_LABELS: dict[Granularity, str] = {
    "day": "Day",
    "week": "Week",
    "month": "Month",
    "quarter": "Quarter",
    "year": "Year",
}
MEASURE_LABELS: dict[charts.Measure, str] = {"share": "Share of all", "count": "Articles"}
VIEW_LABELS: dict[charts.View, str] = {
    "lines": "Lines",
    "stacked": "Stacked areas",
    "stream": "Streamgraph",
    "sites": "Small multiples by site",
    "heatmap": "Topic × site heatmap",
    "site_vs_all": "One site against all sites",
}
DEFAULT_MEASURE: charts.Measure = "share"  # Media Cloud's default: attention, not volume
DEFAULT_VIEW: charts.View = "lines"
DEFAULT_BAND = True
SMOOTH_MAX = 24
BRUSH_VIEWS: tuple[charts.View, ...] = ("lines", "stacked", "stream", "site_vs_all")
BAND_VIEWS: tuple[charts.View, ...] = ("lines", "site_vs_all")
# Default granularity from the corpus span: up to this many days a line per day, up to the next a line per week;
# both keep a chart under ~100 points per topic, which stays legible at dashboard width.
DAILY_MAX_DAYS = 62
WEEKLY_MAX_DAYS = 366
# Past this many rows (periods x topics x sites) a view is too dense to read and slow to draw: ask for a coarser
# granularity instead. Measured on the demo corpus in Chromium: the daily line chart (11 topics, 2.5 years, ~10,000
# rows; Streamlit draws it on a canvas) loads in ~7 s against ~5.5 s for the monthly one.
MAX_CHART_ROWS = 25_000
CSV_EXTRA = {
    "share_avg": "share_moving_average",
    "count_avg": "count_moving_average",
    "share_lo": "share_low_95",
    "share_hi": "share_high_95",
    "partial": "incomplete",
    "spike": "spike",
}
TERMS_SHOWN = 10


@dataclass(frozen=True)
class Point:
    """A clicked point: one topic in one period (on one site, in the per-site views)."""

    topic_id: str
    topic: str
    start: dt.date | None  # None: no bound of its own (a heatmap tile over the sidebar's whole range)
    end: dt.date | None
    label: str
    site: str | None = None  # None: the sidebar's sites; "": every site (the all-sites line); else that site


@dataclass(frozen=True)
class Selection:
    """What the chart selects: a clicked point, a brushed date range (whole periods), or neither."""

    point: Point | None = None
    span: tuple[dt.date, dt.date] | None = None

    @property
    def label(self) -> str | None:
        if self.point is not None:
            return f"{self.point.topic}, {self.point.label}"
        if self.span is not None:
            return span_label(*self.span)
        return None


def default_granularity(first: dt.date | None, last: dt.date | None) -> Granularity:
    if not first or not last:
        return "month"
    days = (last - first).days
    return "day" if days <= DAILY_MAX_DAYS else "week" if days <= WEEKLY_MAX_DAYS else "month"


def span_label(start: dt.date, end: dt.date) -> str:
    """ "3 Mar – 10 Apr 2024", "3 Mar 2024" for one day."""
    if start == end:
        return f"{start.day} {start.strftime('%b %Y')}"
    head = f"{start.day} {start.strftime('%b')}" + ("" if start.year == end.year else f" {start.year}")
    return f"{head} – {end.day} {end.strftime('%b %Y')}"


def _picked(selection: Any) -> dict[str, Any] | None:
    try:
        picked = (selection or {}).get(charts.SELECTION) or []
    except AttributeError:
        return None
    first = picked[0] if isinstance(picked, list) and picked else picked
    return first if isinstance(first, dict) and first else None


def point_from_selection(
    selection: Any,
    frame: pd.DataFrame,
    granularity: Granularity,
    *,
    whole: tuple[dt.date | None, dt.date | None] | None = None,
    whole_label: str = "all dates",
) -> Point | None:
    """The clicked point named by Streamlit's selection state, if it is still in the chart's data. A point without
    a period (a heatmap tile) covers `whole`, the charted date range (None ends: unbounded), read as `whole_label`."""
    first = _picked(selection)
    if first is None or frame.empty:
        return None
    rows = frame[frame["topic"] == first.get("topic")]
    if "period_key" in first:
        if "period_key" not in frame.columns:
            return None
        rows = rows[rows["period_key"] == first.get("period_key")]
    elif whole is None:
        return None
    site = first.get("site")
    if site is not None and "site" in frame.columns:
        rows = rows[rows["site"] == site]
    if rows.empty:
        return None
    row = rows.iloc[0]
    site_name = None if site is None else str(site)  # "" is the all-sites line of the one-site view
    if "period_key" in first:
        start, end = period_bounds(dt.date.fromisoformat(str(row["period_key"])), granularity)
        label = str(row["period_label"])
    else:
        assert whole is not None
        start, end = whole
        label = whole_label
    if site_name is not None:
        label = f"{label} · {site_name or charts.ALL_SITES}"
    return Point(str(row["topic_id"]), str(row["topic"]), start, end, label, site_name)


def _instant(value: Any) -> pd.Timestamp | None:
    """A brushed x value (epoch milliseconds, or an ISO date string) as a UTC-naive timestamp."""
    try:
        if isinstance(value, int | float):
            return pd.Timestamp(value, unit="ms")
        ts = pd.Timestamp(str(value))
        return ts.tz_convert(None) if ts.tzinfo else ts
    except (ValueError, TypeError, OverflowError):
        return None


def span_from_selection(
    selection: Any, frame: pd.DataFrame, granularity: Granularity
) -> tuple[dt.date, dt.date] | None:
    """The brushed date range, widened to whole periods: from the first to the last period whose point lies inside
    the brush (or the brush's own dates when it holds no point)."""
    try:
        raw = (selection or {}).get(charts.BRUSH)
    except AttributeError:
        return None
    if not isinstance(raw, Mapping) or not raw:
        return None
    values = raw.get("period", next(iter(raw.values())))
    if not isinstance(values, list | tuple) or len(values) != 2:
        return None
    ends = [_instant(v) for v in values]
    if ends[0] is None or ends[1] is None:
        return None
    lo, hi = sorted((ends[0], ends[1]))
    periods = sorted(pd.to_datetime(frame["period"]).unique()) if not frame.empty else []
    inside = [pd.Timestamp(p) for p in periods if lo <= pd.Timestamp(p) <= hi]
    if inside:
        return inside[0].date(), period_bounds(inside[-1].date(), granularity)[1]
    return lo.date(), hi.date()


def _selection(event: Any) -> Any:
    """The selection part of a chart event (a VegaLiteState, or the plain dict a test puts in session state)."""
    return event.get("selection") if isinstance(event, Mapping) else None


def narrow(filters: Filters, point: Point | None) -> Filters:
    """The list's filters: the sidebar's, narrowed to the clicked topic and period (and site)."""
    if point is None:
        return filters
    start = max(filters.start, point.start) if filters.start and point.start else point.start or filters.start
    end = min(filters.end, point.end) if filters.end and point.end else point.end or filters.end
    sites = filters.sites if point.site is None else (point.site,) if point.site else ()
    return dataclasses.replace(filters, start=start, end=end, sites=sites, topics=(point.topic_id,))


def zoom(filters: Filters, span: tuple[dt.date, dt.date] | None) -> Filters:
    """The sidebar's filters within a brushed date range."""
    if span is None:
        return filters
    start = max(filters.start, span[0]) if filters.start else span[0]
    end = min(filters.end, span[1]) if filters.end else span[1]
    return dataclasses.replace(filters, start=start, end=end)


def selected(filters: Filters, sel: Selection) -> Filters:
    """What the list shows: a clicked point wins (it is the narrower choice), else the brushed range, else all."""
    return narrow(filters, sel.point) if sel.point is not None else zoom(filters, sel.span)


# --------------------------------------------------------------------------------------------------- controls
def _ensure(key: str, options: Sequence[Any], default: Any) -> None:
    """Give a control its default, or repair a value (from a shared link) it cannot show, before it is drawn."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def _ensure_int(key: str, lo: int, hi: int, default: int) -> None:
    value = st.session_state.get(key)
    try:
        ok = value is not None and not isinstance(value, bool) and lo <= int(value) <= hi and int(value) == value
    except (TypeError, ValueError):
        ok = False
    if not ok or not isinstance(value, int):
        st.session_state[key] = int(value) if ok else default  # type: ignore[arg-type]


def _controls(
    first: dt.date | None, last: dt.date | None
) -> tuple[charts.View, Granularity, charts.Measure, int, bool]:
    _ensure(VIEW_KEY, list(VIEW_LABELS), DEFAULT_VIEW)
    _ensure(GRANULARITY_KEY, list(GRANULARITIES), default_granularity(first, last))
    _ensure(MEASURE_KEY, list(MEASURE_LABELS), DEFAULT_MEASURE)
    _ensure_int(SMOOTH_KEY, 0, SMOOTH_MAX, 0)
    _ensure(BAND_KEY, [True, False], DEFAULT_BAND)
    head, view_col = st.columns([3, 2], vertical_alignment="bottom")
    head.subheader("Coverage by topic", anchor=False)
    view: charts.View = view_col.selectbox("View", list(VIEW_LABELS), format_func=VIEW_LABELS.__getitem__, key=VIEW_KEY)
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        granularity: Granularity = (
            st.segmented_control(
                "Per",
                list(GRANULARITY_LABELS),
                format_func=GRANULARITY_LABELS.__getitem__,
                required=True,
                key=GRANULARITY_KEY,
                disabled=view == "heatmap",
            )
            or "month"
        )
        measure: charts.Measure = (
            st.segmented_control(
                "Show",
                list(MEASURE_LABELS),
                format_func=MEASURE_LABELS.__getitem__,
                required=True,
                key=MEASURE_KEY,
                help="Share: the topic's articles as a part of all articles of the period (what passes the filters "
                "other than topics), so a busier month does not look like more attention. Articles: raw counts.",
            )
            or DEFAULT_MEASURE
        )
        smooth = int(
            st.number_input(
                "Moving average",
                min_value=0,
                max_value=SMOOTH_MAX,
                step=1,
                key=SMOOTH_KEY,
                help="Average each point with the periods before it (this many in all; 0 or 1 = off). Shares are "
                "pooled: the summed articles over the summed totals.",
                width=150,
                disabled=view == "heatmap",
            )
            or 0
        )
        band = st.toggle(
            "95% interval",
            key=BAND_KEY,
            disabled=measure != "share" or view not in BAND_VIEWS,
            help="A band around each share (Wilson 95% interval): wide where a period has few articles, so a jump "
            "carried by three articles is not read as news. Shown on shares, in the line views.",
        )
    return view, granularity, measure, smooth, bool(band)


# ------------------------------------------------------------------------------------------------------ render
def _last_day(last: dt.date | None, filters: Filters) -> dt.date | None:
    """The last day the chart's data can cover: the corpus's last date, or the date filter's end if earlier."""
    if last is None:
        return filters.end
    return min(last, filters.end) if filters.end else last


def _with_headlines(
    path: str, version: int, filters: Filters, spikes: pd.DataFrame, granularity: Granularity
) -> pd.DataFrame:
    if spikes.empty:
        return spikes
    spikes = spikes.copy()
    spikes["start"] = [period_bounds(pd.Timestamp(p).date(), granularity)[0] for p in spikes["period"]]
    spikes["end"] = [period_bounds(pd.Timestamp(p).date(), granularity)[1] for p in spikes["period"]]
    cells = tuple((str(t), s, e) for t, s, e in zip(spikes["topic_id"], spikes["start"], spikes["end"], strict=True))
    heads = data.spike_headlines(path, version, filters, cells)
    return spikes.merge(heads, on=["topic_id", "start"], how="left")


def _open_article(article_id: str) -> None:
    st.session_state[state.READER_KEY] = article_id


def _chart_key(view: charts.View, granularity: Granularity) -> str:
    nonce = st.session_state.get(state.CHART_NONCE_KEY, 0)
    return f"coverage_{granularity}_{nonce}" if view == "lines" else f"coverage_{view}_{granularity}_{nonce}"


def _draw(chart: Any, view: charts.View, granularity: Granularity) -> Any:
    modes = [charts.SELECTION, charts.BRUSH] if view in BRUSH_VIEWS else [charts.SELECTION]
    return st.altair_chart(
        chart,
        on_select="rerun",
        selection_mode=modes,
        key=_chart_key(view, granularity),
        width="content" if view == "sites" else "stretch",
    )


def _site_pickers(path: str, version: int, fs: FilterState) -> tuple[str | None, str | None, str | None]:
    """The topic and site of the one-site view: (topic_id, topic name, site)."""
    topic_df = data.topics(path, version, fs.kind)
    names = dict(zip(topic_df["id"], topic_df["name"], strict=True))
    if fs.filters.topics:
        names = {t: n for t, n in names.items() if t in fs.filters.topics}
    site_df = data.sites(path, version)
    sites = [s for s in site_df["site"] if not fs.filters.sites or s in fs.filters.sites]
    if not names or not sites:
        return None, None, None
    _ensure(TOPIC_KEY, list(names), next(iter(names)))
    _ensure(SITE_KEY, sites, sites[0])
    left, right, _ = st.columns([1, 1, 1])
    topic_id = left.selectbox("Topic", list(names), format_func=names.__getitem__, key=TOPIC_KEY)
    site = right.selectbox("Site", sites, key=SITE_KEY)
    return str(topic_id), names[topic_id], str(site)


def render(path: str, data_version: int, fs: FilterState) -> Selection:
    """Draw the chart section; returns what the chart selects."""
    first, last = data.date_bounds(path, data_version)
    view, granularity, measure, smooth, band = _controls(first, last)
    last_day = _last_day(last, fs.filters)
    notes: list[str] = []
    sel = Selection()
    frame = pd.DataFrame()
    spikes = pd.DataFrame()
    undated = data.undated_count(path, data_version, fs.filters)
    if not fs.topic_names:
        st.info(f"There are no {fs.kind} topics yet, so there is nothing to chart.", icon=":material/info:")
    elif view == "heatmap":
        frame, sel = _heatmap(path, data_version, fs, measure, first, last)
    elif view == "sites":
        frame, sel = _sites(path, data_version, fs, granularity, measure, smooth, last_day)
    elif view == "site_vs_all":
        frame, sel = _site_vs_all(path, data_version, fs, granularity, measure, smooth, band, last_day)
    else:
        frame, sel, spikes = _topics(path, data_version, fs, view, granularity, measure, smooth, band, last_day)
    if not frame.empty:
        notes.append(_hint(view, measure))
        if view == "lines" and band and measure == "share" and frame["topic"].nunique() > charts.BAND_ALL_TOPICS:
            notes.append("A topic's 95% interval shows when it is picked in the legend.")
        if "partial" in frame.columns and bool(frame["partial"].any()):
            last_period = frame.loc[frame["partial"], "period_label"].iloc[0]
            notes.append(
                f"{last_period} is incomplete (the data end on {span_label(last_day, last_day)}): "
                "its segment is dashed and its point hollow."
                if last_day
                else f"{last_period} is incomplete."
            )
    if undated:
        notes.append(
            f"{undated:,} articles without a date are not charted."
            if undated != 1
            else "1 article without a date is not charted."
        )
    if notes or not frame.empty:
        text_col, csv_col = st.columns([5, 1], vertical_alignment="top")
        if notes:
            text_col.caption(safe_text(" ".join(notes)))
        if not frame.empty:
            csv_col.download_button(
                "Chart data",
                data=_csv(frame, view, smooth, band and measure == "share"),
                file_name=f"coverage-{view}-{granularity}.csv" if view != "heatmap" else "coverage-heatmap.csv",
                mime="text/csv",
                icon=":material/download:",
                on_click="ignore",
                key="download_chart_csv",
                help="What the chart shows: period, topic, count, total_count, share (and the moving average, "
                "interval, incomplete and spike columns where the chart has them).",
                width="stretch",
            )
    if not spikes.empty:
        _spike_list(spikes, granularity)
    return sel


def _hint(view: charts.View, measure: charts.Measure) -> str:
    if view == "heatmap":
        return "Click a tile to list its articles (double-click clears)."
    legend = " click a legend entry to highlight a topic."
    if view == "sites":
        return "Click a point to list its articles (double-click clears);" + legend
    hint = "Click a point to list its articles; drag across the chart to zoom to a time range (double-click clears);"
    if view == "site_vs_all":
        return hint.rstrip(";") + "."
    if view == "stacked" and measure == "share":
        legend += " An article with several topics counts in each, so stacked shares can pass 100%."
    return hint + legend


def _csv(frame: pd.DataFrame, view: charts.View, smooth: int, band: bool) -> str:
    out = frame.copy()
    if view == "heatmap":
        return analytics.chart_csv(out)
    if "site" in out.columns:
        out["site"] = out["site"].replace("", charts.ALL_SITES)
    extra = ["partial"]
    if smooth > 1:
        extra += ["share_avg", "count_avg"]
    if band:
        extra += ["share_lo", "share_hi"]
    if "spike" in out.columns:
        extra.append("spike")
    out = out.rename(columns={k: v for k, v in CSV_EXTRA.items() if k in extra})
    return analytics.chart_csv(out, extra=[CSV_EXTRA[k] for k in extra])


def _too_dense(rows: int) -> bool:
    if rows <= MAX_CHART_ROWS:
        return False
    st.info(
        f"This view would draw {rows:,} points, too many to read: choose a coarser period (week, month, …) or "
        "fewer topics or sites.",
        icon=":material/zoom_out:",
    )
    return True


def _topics(
    path: str,
    version: int,
    fs: FilterState,
    view: charts.View,
    granularity: Granularity,
    measure: charts.Measure,
    smooth: int,
    band: bool,
    last_day: dt.date | None,
) -> tuple[pd.DataFrame, Selection, pd.DataFrame]:
    """Lines, stacked areas or a streamgraph of every charted topic."""
    cov = data.coverage(path, version, fs.filters, granularity, fs.kind)
    if cov.empty:
        st.info("No dated article matches these filters, so there is nothing to chart.", icon=":material/info:")
        return pd.DataFrame(), Selection(), pd.DataFrame()
    if _too_dense(len(cov)):
        return pd.DataFrame(), Selection(), pd.DataFrame()
    frame = charts.chart_frame(cov, granularity, last_day=last_day, steps=smooth)
    spikes = pd.DataFrame()
    if view == "lines":
        spikes = _with_headlines(path, version, fs.filters, analytics.detect_spikes(cov), granularity)
        chart = charts.coverage_chart(
            frame,
            all_topics=fs.topic_names,
            measure=measure,
            granularity=granularity,
            steps=smooth,
            band=band,
            spikes=spikes,
        )
        frame = charts.mark_spikes(frame, spikes)
    else:
        chart = charts.area_chart(
            frame,
            all_topics=fs.topic_names,
            measure=measure,
            granularity=granularity,
            steps=smooth,
            stream=view == "stream",
        )
    event = _draw(chart, view, granularity)
    selection = _selection(event)
    point = point_from_selection(selection, frame, granularity)
    span = span_from_selection(selection, frame, granularity)
    return frame, Selection(point, span), spikes


def _sites(
    path: str,
    version: int,
    fs: FilterState,
    granularity: Granularity,
    measure: charts.Measure,
    smooth: int,
    last_day: dt.date | None,
) -> tuple[pd.DataFrame, Selection]:
    by_site = data.coverage_by_site(path, version, fs.filters, granularity, fs.kind)
    if by_site.empty:
        st.info("No dated article with a site matches these filters, so there is nothing to compare by site.")
        return pd.DataFrame(), Selection()
    if _too_dense(len(by_site)):
        return pd.DataFrame(), Selection()
    frame = charts.chart_frame(by_site, granularity, last_day=last_day, steps=smooth, by=("site", "topic_id"))
    chart = charts.site_multiples_chart(
        frame, all_topics=fs.topic_names, measure=measure, granularity=granularity, steps=smooth
    )
    n_sites = data.sites(path, version)["site"].nunique()
    if frame["site"].nunique() < n_sites and not fs.filters.sites:
        st.caption(f"The {frame['site'].nunique()} sites with the most articles; pick others in the sidebar.")
    event = _draw(chart, "sites", granularity)
    return frame, Selection(point_from_selection(_selection(event), frame, granularity))


def _heatmap(
    path: str,
    version: int,
    fs: FilterState,
    measure: charts.Measure,
    first: dt.date | None,
    last: dt.date | None,
) -> tuple[pd.DataFrame, Selection]:
    counts = data.topic_site_counts(path, version, fs.filters, fs.kind)
    if counts.empty or first is None or last is None:
        st.info("No article with a site matches these filters, so there is no topic × site table to draw.")
        return pd.DataFrame(), Selection()
    # The tiles count every matching article, dated or not, unless the sidebar sets dates: so does a tile's list.
    whole = (fs.filters.start, fs.filters.end)
    shown = (fs.filters.start or first, fs.filters.end or last)
    label = span_label(*shown) if fs.filters.start or fs.filters.end else "all dates"
    chart = charts.heatmap_chart(counts, all_topics=fs.topic_names, measure=measure)
    event = _draw(chart, "heatmap", "month")
    frame = counts.copy()
    frame["period"] = f"{shown[0].isoformat()}/{shown[1].isoformat()}"
    point = point_from_selection(_selection(event), counts, "month", whole=whole, whole_label=label)
    return frame, Selection(point)


def _site_vs_all(
    path: str,
    version: int,
    fs: FilterState,
    granularity: Granularity,
    measure: charts.Measure,
    smooth: int,
    band: bool,
    last_day: dt.date | None,
) -> tuple[pd.DataFrame, Selection]:
    topic_id, topic, site = _site_pickers(path, version, fs)
    if topic_id is None or topic is None or site is None:
        st.info("This view needs at least one topic and one site.", icon=":material/info:")
        return pd.DataFrame(), Selection()
    one = dataclasses.replace(fs.filters, sites=(site,), topics=(topic_id,))
    everywhere = dataclasses.replace(fs.filters, sites=(), topics=(topic_id,))
    all_cov = data.coverage(path, version, everywhere, granularity, fs.kind)
    if all_cov.empty:
        st.info("No dated article matches these filters, so there is nothing to chart.", icon=":material/info:")
        return pd.DataFrame(), Selection()
    site_cov = data.coverage(path, version, one, granularity, fs.kind)
    raw = charts.site_vs_all_frame(site_cov, all_cov, site)
    frame = charts.chart_frame(raw, granularity, last_day=last_day, steps=smooth, by=("site", "topic_id"))
    chart = charts.site_vs_all_chart(
        frame,
        topic=topic,
        site=site,
        all_topics=fs.topic_names,
        measure=measure,
        granularity=granularity,
        steps=smooth,
        band=band,
    )
    event = _draw(chart, "site_vs_all", granularity)
    selection = _selection(event)
    return frame, Selection(
        point_from_selection(selection, frame, granularity), span_from_selection(selection, frame, granularity)
    )


def _spike_list(spikes: pd.DataFrame, granularity: Granularity) -> None:
    """Every detected spike with the headline that represents it (a click opens that article)."""
    n = len(spikes)
    with st.expander(f"{n} spike{'s' if n != 1 else ''}: periods where a topic jumped well above its usual share"):
        st.caption(
            f"A period is a spike when its share is at least {analytics.SPIKE_MIN_RATIO:g}× the median of the "
            f"{analytics.SPIKE_WINDOW} periods before it and {analytics.SPIKE_Z:g} robust standard deviations above "
            f"it, with at least {analytics.SPIKE_MIN_COUNT} articles. The headline is the article nearest to what "
            "that topic's articles of the period have in common."
        )
        for i, row in enumerate(spikes.itertuples(index=False)):
            ratio = "from nothing" if pd.isna(row.ratio) or row.ratio == float("inf") else f"{row.ratio:.1f}× usual"
            period = pd.Timestamp(row.period)
            left, right = st.columns([2, 3], vertical_alignment="center")
            left.markdown(
                f"**{safe_text(row.topic)}** · {safe_text(charts.period_label(period, granularity))}  \n"
                f":gray[{row.count:,} articles, {row.share:.1%} of all ({safe_text(ratio)})]"
            )
            headline = getattr(row, "headline", None)
            article_id = getattr(row, "id", None)
            if isinstance(headline, str) and headline and isinstance(article_id, str):
                right.button(
                    safe_text(headline),
                    key=f"spike_open_{i}",
                    on_click=_open_article,
                    args=(article_id,),
                    type="tertiary",
                    icon=":material/article:",
                )


# --------------------------------------------------------------------------------------------- selection panel
def render_selection(path: str, data_version: int, fs: FilterState, sel: Selection, shown: Filters) -> None:
    """What sets the selection apart: its distinctive terms and most representative articles (the list below is
    narrowed to it)."""
    if sel.point is None and sel.span is None:
        return
    with st.container(border=True):
        head, clear = st.columns([5, 1], vertical_alignment="center")
        title = f"{sel.point.topic} · {sel.point.label}" if sel.point else f"Zoomed to {sel.label}"
        head.markdown(f"**{safe_text(title)}**")
        clear.button(
            "Clear", key="selection_clear", on_click=state.clear_point, icon=":material/close:", width="stretch"
        )
        summary = data.selection_summary(path, data_version, shown, sel.point.topic_id if sel.point else None)
        if summary.articles == 0:
            st.caption("No articles in this selection.")
            return
        sample = f" (read from {summary.sampled:,} of them)" if summary.sampled < summary.articles else ""
        these = "this article" if summary.articles == 1 else f"these {summary.articles:,} articles"
        terms_col, arts_col = st.columns([2, 3], gap="large")
        with terms_col:
            st.markdown("**What stands out**")
            st.caption(
                f"Words in more of {these}{sample} than in the rest of the corpus (log-odds with an informative prior)."
            )
            if summary.terms.empty:
                st.caption("Nothing stands out: too few articles, or they read like the rest.")
            else:
                lines = [
                    f"**{safe_text(t.term)}** :gray[{t.share:.0%} of these · {t.rest_share:.1%} elsewhere]"
                    for t in summary.terms.head(TERMS_SHOWN).itertuples(index=False)
                ]
                st.markdown("  \n".join(lines))
        with arts_col:
            st.markdown("**Most representative**")
            st.caption("Nearest to what these articles have in common; click to read.")
            for i, art in enumerate(summary.representative.itertuples(index=False)):
                when = pd.Timestamp(art.published).strftime("%-d %b %Y") if pd.notna(art.published) else "no date"
                label = f"{art.title or '(untitled)'} · {art.site or 'unknown site'} · {when}"
                st.button(
                    safe_text(label),
                    key=f"selection_article_{i}",
                    on_click=_open_article,
                    args=(str(art.id),),
                    type="tertiary",
                    icon=":material/article:",
                )
