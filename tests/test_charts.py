"""The coverage chart's spec: encodings, tooltips, a colour domain that never depends on the filters, selection."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from components import charts

ALL_TOPICS = ["Sport", "Economy", "Climate", "Health", "Elections"]


def _coverage(topics: list[str]) -> pd.DataFrame:
    rows = []
    for i, month in enumerate([dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]):
        total = 10 + i
        for j, name in enumerate(topics):
            n = (i + j) % 4
            rows.append(
                {"period": pd.Timestamp(month), "topic_id": f"rule:{name}", "topic": name, "count": n,
                 "total": total, "share": n / total}
            )  # fmt: skip
    return pd.DataFrame(rows)


def _layers(measure: charts.Measure = "count", topics: list[str] | None = None) -> tuple[dict, dict, dict]:
    chart = charts.coverage_chart(
        _coverage(topics or ["Economy", "Sport"]), all_topics=ALL_TOPICS, measure=measure, granularity="month"
    )
    spec = chart.to_dict()
    line, point = spec["layer"]
    return spec, line, point


def test_lines_with_points_on_period_and_topic() -> None:
    _, line, point = _layers()
    assert line["mark"]["type"] == "line"
    assert point["mark"]["type"] == "point"
    for layer in (line, point):
        enc = layer["encoding"]
        assert enc["x"]["field"] == "period" and enc["x"]["type"] == "temporal"
        assert enc["y"]["field"] == "count"
        assert enc["color"]["field"] == "topic"


def test_share_measure_plots_share_as_percent() -> None:
    _, line, point = _layers("share")
    assert point["encoding"]["y"]["field"] == "share"
    assert point["encoding"]["y"]["axis"]["format"] == "%"
    assert line["encoding"]["y"]["field"] == "share"


def test_tooltip_names_topic_period_count_share_total() -> None:
    _, _, point = _layers()
    tips = {t["field"]: t for t in point["encoding"]["tooltip"]}
    assert set(tips) == {"topic", "period_label", "count", "share", "total"}
    assert tips["share"]["format"] == ".1%"


@pytest.mark.parametrize("shown", [["Economy"], ["Sport", "Climate"], ALL_TOPICS])
def test_colour_domain_is_every_topic_sorted_whatever_is_shown(shown: list[str]) -> None:
    _, _, point = _layers(topics=shown)
    scale = point["encoding"]["color"]["scale"]
    assert scale["domain"] == sorted(ALL_TOPICS)
    assert scale["range"] == list(charts.PALETTE[: len(ALL_TOPICS)])


def test_same_topic_same_colour_across_subsets() -> None:
    def colour(topic: str, shown: list[str]) -> str:
        scale = _layers(topics=shown)[2]["encoding"]["color"]["scale"]
        return scale["range"][scale["domain"].index(topic)]

    assert colour("Sport", ["Sport"]) == colour("Sport", ["Economy", "Sport", "Climate"])


def test_point_selection_on_topic_and_period() -> None:
    spec, _, point = _layers()
    params = spec.get("params", []) + point.get("params", [])
    pick = next(p for p in params if p["name"] == charts.SELECTION)
    assert pick["select"]["type"] == "point"
    assert pick["select"]["fields"] == ["topic", "period_key"]


def test_chart_data_carries_counts_and_labels() -> None:
    cov = _coverage(["Economy"])
    frame = charts.chart_frame(cov, "month")
    assert list(frame["count"]) == list(cov["count"])
    assert list(frame["period_key"]) == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert frame["period_label"].iloc[2] == "March 2024"


def test_period_labels() -> None:
    assert charts.period_label(dt.date(2024, 3, 4), "day") == "4 Mar 2024"
    assert charts.period_label(dt.date(2024, 3, 4), "week") == "Week of 4 Mar 2024"
    assert charts.period_label(dt.date(2024, 3, 1), "month") == "March 2024"


def test_palette_cycles_past_its_length() -> None:
    names = [f"t{i:02d}" for i in range(len(charts.PALETTE) + 3)]
    scale = charts.topic_color_scale(names).to_dict()
    assert len(scale["range"]) == len(names)
    assert scale["range"][len(charts.PALETTE)] == charts.PALETTE[0]


def test_legend_click_only_fades_other_topics() -> None:
    spec, line, _ = _layers()
    params = spec.get("params", []) + line.get("params", [])
    focus = next(p for p in params if p["name"] == charts.LEGEND_SELECTION)
    assert focus["bind"] == "legend" and focus["select"]["fields"] == ["topic"]
