"""The pure parts of the chart section: a clicked point back to a topic and period, and the list filters it gives."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from components.widgets import charts, coverage
from components.widgets.coverage import (
    Point,
    Selection,
    default_granularity,
    narrow,
    point_from_selection,
    selected,
    span_from_selection,
    span_label,
    zoom,
)
from components.widgets.header import date_span
from newsdesk.analysis.queries import Filters

D = dt.date


def _frame(granularity: str) -> pd.DataFrame:
    cov = pd.DataFrame(
        {
            "period": pd.to_datetime(["2024-02-01", "2024-03-01"]),
            "topic_id": ["rule:Economy", "rule:Economy"],
            "topic": ["Economy", "Economy"],
            "count": [3, 4],
            "total": [10, 10],
            "share": [0.3, 0.4],
        }
    )
    return charts.chart_frame(cov, granularity)


def test_point_from_selection_month() -> None:
    sel = {charts.SELECTION: [{"topic": "Economy", "period_key": "2024-02-01"}]}
    p = point_from_selection(sel, _frame("month"), "month")
    assert p == Point("rule:Economy", "Economy", D(2024, 2, 1), D(2024, 2, 29), "February 2024")


@pytest.mark.parametrize(
    "selection",
    [None, {}, {charts.SELECTION: []}, {charts.SELECTION: {}}, {charts.SELECTION: [{"topic": "Sport"}]}],
)
def test_no_or_stale_selection_is_none(selection: object) -> None:
    assert point_from_selection(selection, _frame("month"), "month") is None


def test_narrow_intersects_dates_and_replaces_topics() -> None:
    point = Point("rule:Economy", "Economy", D(2024, 2, 1), D(2024, 2, 29), "February 2024")
    f = Filters(start=D(2024, 2, 10), sites=("a.example",), topics=("rule:Sport", "rule:Economy"), search="rate")
    got = narrow(f, point)
    assert got == Filters(D(2024, 2, 10), D(2024, 2, 29), ("a.example",), ("rule:Economy",), "rate")
    assert narrow(f, None) is f


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (D(2024, 1, 1), D(2024, 2, 15), "day"),
        (D(2024, 1, 1), D(2024, 9, 1), "week"),
        (D(2022, 1, 1), D(2024, 1, 1), "month"),
        (None, None, "month"),
    ],
)
def test_default_granularity(first: dt.date | None, last: dt.date | None, expected: str) -> None:
    assert default_granularity(first, last) == expected


def test_date_span() -> None:
    assert date_span(D(2024, 1, 3), D(2024, 3, 30)) == "Jan–Mar 2024"
    assert date_span(D(2023, 11, 3), D(2024, 3, 30)) == "Nov 2023–Mar 2024"
    assert date_span(D(2024, 3, 3), D(2024, 3, 30)) == "Mar 2024"
    assert date_span(None, None) == "no dates"


# ---------------------------------------------------------------------------------------------- issue 4 additions
def test_narrow_keeps_every_other_filter() -> None:
    f = Filters(search="rate", hide_irrelevant=True, statuses=("ok",))
    point = Point("rule:Economy", "Economy", D(2024, 2, 1), D(2024, 2, 29), "February 2024")
    got = narrow(f, point)
    assert got.hide_irrelevant and got.statuses == ("ok",) and got.search == "rate"


def test_narrow_to_a_site_or_to_every_site() -> None:
    f = Filters(sites=("a.example", "b.example"))
    on_b = Point("rule:Economy", "Economy", D(2024, 2, 1), D(2024, 2, 29), "February 2024 · b.example", "b.example")
    assert narrow(f, on_b).sites == ("b.example",)
    everywhere = Point("rule:Economy", "Economy", D(2024, 2, 1), D(2024, 2, 29), "February 2024 · All sites", "")
    assert narrow(f, everywhere).sites == ()


def test_point_from_selection_on_a_site() -> None:
    by_site = pd.concat([_frame("month").assign(site=s) for s in ("a.example", "b.example")], ignore_index=True)
    sel = {charts.SELECTION: [{"topic": "Economy", "period_key": "2024-03-01", "site": "b.example"}]}
    p = point_from_selection(sel, by_site, "month")
    assert p == Point("rule:Economy", "Economy", D(2024, 3, 1), D(2024, 3, 31), "March 2024 · b.example", "b.example")
    sel_all = {charts.SELECTION: [{"topic": "Economy", "period_key": "2024-03-01", "site": ""}]}
    with_all = by_site.assign(site="")
    assert point_from_selection(sel_all, with_all, "month").label == "March 2024 · All sites"  # type: ignore[union-attr]
    gone = {charts.SELECTION: [{"topic": "Economy", "period_key": "2024-03-01", "site": "c.example"}]}
    assert point_from_selection(gone, by_site, "month") is None


def test_point_from_a_heatmap_tile_covers_the_whole_range() -> None:
    tiles = pd.DataFrame({"site": ["a.example"], "topic_id": ["rule:Sport"], "topic": ["Sport"]})
    sel = {charts.SELECTION: [{"topic": "Sport", "site": "a.example"}]}
    whole = (D(2023, 1, 2), D(2024, 12, 18))
    p = point_from_selection(sel, tiles, "month", whole=whole, whole_label="2 Jan 2023 – 18 Dec 2024")
    assert p == Point("rule:Sport", "Sport", *whole, "2 Jan 2023 – 18 Dec 2024 · a.example", "a.example")
    assert point_from_selection(sel, tiles, "month") is None  # no range to give it
    unbounded = point_from_selection(sel, tiles, "month", whole=(None, None))
    assert unbounded == Point("rule:Sport", "Sport", None, None, "all dates · a.example", "a.example")
    f = Filters(start=D(2024, 1, 1))
    assert narrow(f, unbounded) == Filters(start=D(2024, 1, 1), sites=("a.example",), topics=("rule:Sport",))


def _quarters() -> pd.DataFrame:
    cov = pd.DataFrame(
        {"period": pd.to_datetime(["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]), "topic_id": "rule:A",
         "topic": "A", "count": 1, "total": 2, "share": 0.5}
    )  # fmt: skip
    return charts.chart_frame(cov, "quarter")


def _ms(day: str) -> float:
    return pd.Timestamp(day).value / 1e6


@pytest.mark.parametrize(
    ("brush", "expected"),
    [
        ([_ms("2024-03-15"), _ms("2024-08-02")], (D(2024, 4, 1), D(2024, 9, 30))),  # Q2 and Q3 points inside
        ([_ms("2024-08-02"), _ms("2024-03-15")], (D(2024, 4, 1), D(2024, 9, 30))),  # dragged right to left
        (["2024-03-15T00:00:00.000Z", "2024-08-02T00:00:00.000Z"], (D(2024, 4, 1), D(2024, 9, 30))),
        ([_ms("2024-04-10"), _ms("2024-05-20")], (D(2024, 4, 10), D(2024, 5, 20))),  # between two points
    ],
)
def test_span_from_a_brush_snaps_to_whole_periods(brush: list, expected: tuple[dt.date, dt.date]) -> None:
    assert span_from_selection({charts.BRUSH: {"period": brush}}, _quarters(), "quarter") == expected


@pytest.mark.parametrize(
    "selection",
    [None, {}, {charts.BRUSH: {}}, {charts.BRUSH: {"period": [1]}}, {charts.BRUSH: {"period": ["x", "y"]}}],
)
def test_no_or_bad_brush_is_none(selection: object) -> None:
    assert span_from_selection(selection, _quarters(), "quarter") is None


def test_zoom_and_selected() -> None:
    f = Filters(start=D(2024, 5, 1), sites=("a.example",))
    span = (D(2024, 4, 1), D(2024, 9, 30))
    assert zoom(f, span) == Filters(start=D(2024, 5, 1), end=D(2024, 9, 30), sites=("a.example",))
    assert zoom(f, None) is f
    point = Point("rule:A", "A", D(2024, 7, 1), D(2024, 9, 30), "Q3 2024")
    assert selected(f, Selection(point, span)) == narrow(f, point)  # a clicked point is the narrower choice
    assert selected(f, Selection(None, span)) == zoom(f, span)
    assert selected(f, Selection()) is f


def test_selection_labels() -> None:
    point = Point("rule:A", "A", D(2024, 7, 1), D(2024, 9, 30), "Q3 2024")
    assert Selection(point).label == "A, Q3 2024"
    assert Selection(None, (D(2024, 3, 3), D(2024, 4, 10))).label == "3 Mar – 10 Apr 2024"
    assert Selection().label is None
    assert span_label(D(2023, 12, 30), D(2024, 1, 2)) == "30 Dec 2023 – 2 Jan 2024"
    assert span_label(D(2024, 1, 2), D(2024, 1, 2)) == "2 Jan 2024"


def test_csv_of_the_lines_view() -> None:
    frame = _frame("month")
    frame = charts.mark_spikes(frame, None)
    text = coverage._csv(frame, "lines", 3, True)
    back = pd.read_csv(io.StringIO(text))
    assert list(back.columns[:5]) == ["period", "topic", "count", "total_count", "share"]
    assert {"incomplete", "share_moving_average", "count_moving_average", "share_low_95", "share_high_95",
            "spike"} <= set(back.columns)  # fmt: skip
    assert list(back["count"]) == [3, 4] and list(back["total_count"]) == [10, 10]
    plain = pd.read_csv(io.StringIO(coverage._csv(charts.mark_spikes(_frame("month"), None), "lines", 0, False)))
    assert "share_moving_average" not in plain.columns and "share_low_95" not in plain.columns


def test_csv_names_the_all_sites_line() -> None:
    frame = _frame("month").assign(site=["a.example", ""])
    back = pd.read_csv(io.StringIO(coverage._csv(frame, "site_vs_all", 0, False)))
    assert list(back["site"]) == ["a.example", charts.ALL_SITES]
