"""The coverage section end to end with AppTest on the seeded corpus of tests/coverage_corpus.py: share by default,
counts one toggle away, every view and granularity, a clicked point and a brushed range narrowing the list, the
selection panel, spikes, the chart data download, and values a shared link cannot set."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.widgets import charts, coverage
from tests import coverage_corpus as cc
from tests.helpers import run_app, sql, use_corpus

TIMEOUT = 90
SPIKE_ID = f"rule:{cc.SPIKE_TOPIC}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("app_coverage")
    cc.build(root / "c.duckdb", root / "topics.toml")
    (root / "articles").mkdir()
    return root


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, corpus: Path) -> Iterator[Path]:
    use_corpus(monkeypatch, corpus / "c.duckdb", corpus / "articles", corpus / "topics.toml")
    yield corpus / "c.duckdb"


def _run(**state: object) -> AppTest:
    return run_app(TIMEOUT, **state)


def _chart(at: AppTest) -> tuple[dict, pd.DataFrame]:
    """The coverage chart's spec and the rows it is given."""
    chart = at.get("vega_lite_chart")[0]
    spec = json.loads(chart.proto.spec)
    name = spec["data"]["name"]
    (dataset,) = [d for d in chart.proto.datasets if d.name == name]
    return spec, dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)


def _shown_total(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if c.value.startswith("Showing"))
    return int(re.search(r"of ([\d,]+)", caption).group(1).replace(",", ""))  # type: ignore[union-attr]


def _chart_key(at: AppTest) -> str:
    return next(str(k) for k in at.session_state if str(k).startswith("coverage_"))


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_share_is_the_default_and_counts_are_one_toggle_away(env: Path) -> None:
    at = _run()
    assert at.session_state[coverage.MEASURE_KEY] == "share"
    assert at.session_state[coverage.VIEW_KEY] == "lines"
    assert at.session_state[coverage.GRANULARITY_KEY] == "month"  # two years of data
    spec, rows = _chart(at)
    y_fields = {ly["encoding"]["y"]["field"] for ly in spec["layer"] if "y" in ly.get("encoding", {})}
    assert "share" in y_fields and "count" not in y_fields
    assert {p["name"] for p in spec["params"]} >= {charts.SELECTION, charts.BRUSH}
    row = rows[rows["count"] > 0].iloc[0]
    assert row["share"] == pytest.approx(row["count"] / row["total"])

    at.segmented_control(key=coverage.MEASURE_KEY).set_value("count").run()
    spec, _ = _chart(at)
    y_fields = {ly["encoding"]["y"]["field"] for ly in spec["layer"] if "y" in ly.get("encoding", {})}
    assert "count" in y_fields and "share" not in y_fields
    assert not any(ly["mark"]["type"] == "area" for ly in spec["layer"])  # no band on counts


@pytest.mark.parametrize(("granularity", "first"), [("quarter", "2023-01-01"), ("year", "2023-01-01")])
def test_quarter_and_year(env: Path, granularity: str, first: str) -> None:
    at = _run(cov_granularity=granularity)
    _, rows = _chart(at)
    keys = sorted(set(rows["period_key"]))
    assert keys[0] == first
    step = 3 if granularity == "quarter" else 12
    assert all(pd.Timestamp(k).month % step == 1 % step and pd.Timestamp(k).day == 1 for k in keys)
    (n,) = sql(env, "SELECT count(*) FROM articles WHERE published_day IS NOT NULL")[0]
    per_period = rows.drop_duplicates("period_key")["total"].sum()
    assert per_period == n
    assert rows.loc[rows["period_key"] == keys[-1], "partial"].all()  # the data end before the period does
    assert any("is incomplete" in c.value for c in at.caption)


@pytest.mark.parametrize("view", list(coverage.VIEW_LABELS))
def test_every_view_draws_a_chart(env: Path, view: str) -> None:
    at = _run(cov_view=view, cov_granularity="quarter")
    spec, rows = _chart(at)
    assert not rows.empty
    assert any(b.label == "Chart data" for b in at.get("download_button"))
    if view in ("sites", "heatmap"):
        assert set(rows["site"]) == set(cc.SITES)
    if view == "site_vs_all":
        assert set(rows["site"]) == {at.session_state[coverage.SITE_KEY], ""}


def test_moving_average_and_band(env: Path) -> None:
    at = _run(cov_smooth=3, cov_band=True)
    spec, rows = _chart(at)
    y_fields = {ly["encoding"]["y"]["field"] for ly in spec["layer"] if "y" in ly.get("encoding", {})}
    assert "share_avg" in y_fields and "share_lo" in y_fields
    floods = rows[rows["topic"] == cc.SPIKE_TOPIC].sort_values("period_key")
    k = floods["count"].rolling(3, min_periods=1).sum()
    n = floods["total"].rolling(3, min_periods=1).sum()
    assert list(floods["share_avg"]) == pytest.approx(list(k / n))


def test_spike_is_listed_with_its_headline(env: Path) -> None:
    at = _run()
    (expander,) = [e for e in at.expander if "spike" in e.label]
    assert expander.label.startswith("1 spike")
    body = _markdown(at)
    assert f"**{cc.SPIKE_TOPIC}** · June 2024" in body
    (button,) = [b for b in at.button if str(b.key).startswith("spike_open_")]
    assert button.label.startswith("Levee breach")
    button.click().run()
    assert not at.exception
    (title, published) = sql(
        env, "SELECT title, published_day FROM articles WHERE id = ?", [at.session_state["reader_article"]]
    )[0]
    assert title.startswith("Levee breach") and published.strftime("%Y-%m") == "2024-06"
    _, rows = _chart(at)
    spiked = rows[rows["spike"]]
    assert list(zip(spiked["topic"], spiked["period_key"], strict=True)) == [(cc.SPIKE_TOPIC, "2024-06-01")]


def test_clicking_a_point_narrows_the_list_and_summarises_it(env: Path) -> None:
    at = _run()
    at.session_state[_chart_key(at)] = {
        "selection": {charts.SELECTION: [{"topic": cc.SPIKE_TOPIC, "period_key": "2024-06-01"}]}
    }
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (n,) = sql(
        env,
        """SELECT count(*) FROM articles a JOIN article_topics x ON x.article_id = a.id
           WHERE x.topic_id = ? AND a.published_day BETWEEN '2024-06-01' AND '2024-06-30'""",
        [SPIKE_ID],
    )[0]
    assert _shown_total(at) == n > cc.N_SPIKE - 1
    body = _markdown(at)
    assert f"**{cc.SPIKE_TOPIC} · June 2024**" in body
    assert "**What stands out**" in body and "**levee**" in body and "**breach**" in body
    reps = [b for b in at.button if str(b.key).startswith("selection_article_")]
    assert 1 <= len(reps) <= 5 and all(b.label.startswith("Levee breach") for b in reps)
    reps[0].click().run()
    assert at.session_state["reader_article"]
    assert "Selected" in at.button(key="point_chip").label


def test_brushing_a_range_zooms_the_list(env: Path) -> None:
    at = _run(cov_granularity="quarter")
    lo, hi = pd.Timestamp("2023-03-20").value / 1e6, pd.Timestamp("2023-08-01").value / 1e6
    at.session_state[_chart_key(at)] = {"selection": {charts.BRUSH: {"period": [lo, hi]}}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # the Q2 and Q3 2023 points are inside the brush: the whole of both quarters
    (n,) = sql(env, "SELECT count(*) FROM articles WHERE published_day BETWEEN '2023-04-01' AND '2023-09-30'")[0]
    assert _shown_total(at) == n
    assert "**Zoomed to 1 Apr – 30 Sep 2023**" in _markdown(at)
    at.button(key="selection_clear").click().run()
    (everything,) = sql(env, "SELECT count(*) FROM articles")[0]
    assert _shown_total(at) == everything


def test_clicking_a_heatmap_tile_lists_that_topic_on_that_site(env: Path) -> None:
    at = _run(cov_view="heatmap")
    at.session_state[_chart_key(at)] = {"selection": {charts.SELECTION: [{"topic": "Health", "site": "beta.example"}]}}
    at.run()
    (n,) = sql(
        env,
        """SELECT count(*) FROM articles a JOIN article_topics x ON x.article_id = a.id
           WHERE x.topic_id = 'rule:Health' AND a.site = 'beta.example'""",
    )[0]
    assert _shown_total(at) == n > 0


def test_one_site_against_all_picks_a_site_point(env: Path) -> None:
    at = _run(cov_view="site_vs_all", cov_topic="rule:Economy", cov_site="gamma.example", cov_granularity="year")
    at.session_state[_chart_key(at)] = {
        "selection": {charts.SELECTION: [{"topic": "Economy", "period_key": "2023-01-01", "site": "gamma.example"}]}
    }
    at.run()
    (n,) = sql(
        env,
        """SELECT count(*) FROM articles a JOIN article_topics x ON x.article_id = a.id
           WHERE x.topic_id = 'rule:Economy' AND a.site = 'gamma.example' AND year(a.published_day) = 2023""",
    )[0]
    assert _shown_total(at) == n > 0


def test_values_a_link_cannot_set_fall_back_to_defaults(env: Path) -> None:
    at = _run(cov_view="pie", cov_measure="ratio", cov_smooth=99, cov_granularity="decade", cov_band="yes")
    assert at.session_state[coverage.VIEW_KEY] == "lines"
    assert at.session_state[coverage.MEASURE_KEY] == "share"
    assert at.session_state[coverage.SMOOTH_KEY] == 0
    assert at.session_state[coverage.GRANULARITY_KEY] == "month"
    assert at.session_state[coverage.BAND_KEY] is True
    _chart(at)


def test_no_topic_no_chart(env: Path) -> None:
    at = _run(flt_kind="discovered", flt_search="zzzz")
    assert not at.get("vega_lite_chart")


def test_csv_download_matches_the_chart(env: Path) -> None:
    at = _run(cov_granularity="year")
    _, rows = _chart(at)
    frame = rows.assign(period=pd.to_datetime(rows["period_key"]))
    text = coverage._csv(frame, "lines", 0, False)
    lines = text.splitlines()
    assert lines[0].startswith("period,topic,count,total_count,share")
    assert len(lines) == 1 + len(rows)
    first = dt.date.fromisoformat(lines[1].split(",")[0])
    assert first == dt.date(2023, 1, 1)
