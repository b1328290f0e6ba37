"""The pure parts of the chart section: a clicked point back to a topic and period, and the list filters it gives."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from components import charts
from components.coverage import Point, default_granularity, narrow, point_from_selection
from components.header import date_span
from newsdesk.queries import Filters

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
