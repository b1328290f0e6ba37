"""The coverage charts' specs: encodings, tooltips, one colour per topic whatever is shown and in every view, the
selections a click and a brush make, the marks for incomplete periods, intervals and spikes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from components.widgets import charts

ALL_TOPICS = ["Sport", "Economy", "Climate", "Health", "Elections"]
MONTHS = [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]


def _coverage(topics: list[str], months: list[dt.date] = MONTHS, site: str | None = None) -> pd.DataFrame:
    rows = []
    for i, month in enumerate(months):
        total = 10 + i
        for j, name in enumerate(topics):
            n = (i + j) % 4
            row = {"period": pd.Timestamp(month), "topic_id": f"rule:{name}", "topic": name, "count": n,
                   "total": total, "share": n / total}  # fmt: skip
            if site is not None:
                row["site"] = site
            rows.append(row)
    return pd.DataFrame(rows)


def _spec(chart) -> dict:
    return chart.to_dict()


def _lines(measure: charts.Measure = "share", topics: list[str] | None = None, **kw) -> dict:
    cov = _coverage(topics or ["Economy", "Sport"])
    return _spec(charts.coverage_chart(cov, all_topics=ALL_TOPICS, measure=measure, granularity="month", **kw))


def _marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] for layer in spec.get("layer") or spec["spec"]["layer"]]


def _params(spec: dict) -> dict[str, dict]:
    """Every selection parameter by name (Altair lifts them to the top, naming the views that define them)."""
    found: dict[str, dict] = {}
    for node in [spec, spec.get("spec", {}), *spec.get("layer", []), *spec.get("spec", {}).get("layer", [])]:
        found.update({p["name"]: p for p in node.get("params", [])})
    return found


def _has_param(spec: dict, layer: dict, name: str) -> bool:
    param = _params(spec).get(name)
    if param is None:
        return False
    own = {p["name"] for p in layer.get("params", [])}
    return name in own or layer.get("name") in param.get("views", [])


def _layer(spec: dict, mark: str, *, with_param: str | None = None, filt: str | None = None) -> dict:
    layers = spec.get("layer") or spec["spec"]["layer"]
    for layer in layers:
        if layer["mark"]["type"] != mark:
            continue
        filters = [t.get("filter") for t in layer.get("transform", [])]
        if (with_param is None or _has_param(spec, layer, with_param)) and (filt is None or filt in filters):
            return layer
    raise AssertionError(f"no {mark} layer with {with_param or filt}: {_marks(spec)}")


def test_default_measure_is_share() -> None:
    spec = _spec(charts.coverage_chart(_coverage(["Economy"]), all_topics=ALL_TOPICS))
    points = _layer(spec, "point", with_param=charts.SELECTION)
    assert points["encoding"]["y"]["field"] == "share"
    assert points["encoding"]["y"]["axis"]["format"] == "%"
    assert charts.MEASURES[0] == "share"


def test_lines_with_points_on_period_and_topic() -> None:
    spec = _lines("count")
    line = _layer(spec, "line", filt="!datum.partial")
    point = _layer(spec, "point", with_param=charts.SELECTION)
    for layer in (line, point):
        enc = layer["encoding"]
        assert enc["x"]["field"] == "period" and enc["x"]["type"] == "temporal"
        assert enc["y"]["field"] == "count"
        assert enc["color"]["field"] == "topic"


def test_moving_average_plots_the_average() -> None:
    spec = _lines("share", steps=3)
    point = _layer(spec, "point", with_param=charts.SELECTION)
    assert point["encoding"]["y"]["field"] == "share_avg"
    assert "moving average" in point["encoding"]["y"]["title"]
    tips = {t["title"] for t in point["encoding"]["tooltip"]}
    assert "Moving average" in tips


def test_tooltip_names_topic_period_count_share_total() -> None:
    point = _layer(_lines("count"), "point", with_param=charts.SELECTION)
    tips = {t["field"]: t for t in point["encoding"]["tooltip"]}
    assert set(tips) == {"topic", "period_label", "count", "share", "total"}
    assert tips["share"]["format"] == ".1%"
    assert tips["period_label"]["title"] == "Period" and tips["count"]["title"] == "Articles"


@pytest.mark.parametrize("shown", [["Economy"], ["Sport", "Climate"], ALL_TOPICS])
def test_colour_domain_is_every_topic_sorted_whatever_is_shown(shown: list[str]) -> None:
    point = _layer(_lines(topics=shown), "point", with_param=charts.SELECTION)
    scale = point["encoding"]["color"]["scale"]
    assert scale["domain"] == sorted(ALL_TOPICS)
    assert scale["range"] == list(charts.PALETTE[: len(ALL_TOPICS)])


def test_same_topic_same_colour_in_every_view() -> None:
    expected = charts.topic_color("Sport", ALL_TOPICS)
    assert expected == charts.PALETTE[sorted(ALL_TOPICS).index("Sport")]

    def colour(scale: dict) -> str:
        return scale["range"][scale["domain"].index("Sport")]

    cov = _coverage(["Sport", "Economy"])
    by_site = pd.concat([_coverage(["Sport"], site="a.example"), _coverage(["Sport"], site="b.example")])
    tiles = pd.DataFrame({"site": ["a.example"], "topic_id": ["rule:Sport"], "topic": ["Sport"], "count": [2],
                          "total": [5], "share": [0.4]})  # fmt: skip
    views = {
        "lines": charts.coverage_chart(cov, all_topics=ALL_TOPICS),
        "stacked": charts.area_chart(cov, all_topics=ALL_TOPICS),
        "stream": charts.area_chart(cov, all_topics=ALL_TOPICS, stream=True),
        "sites": charts.site_multiples_chart(by_site, all_topics=ALL_TOPICS),
        "heatmap": charts.heatmap_chart(tiles, all_topics=ALL_TOPICS),
    }
    for name, chart in views.items():
        spec = chart.to_dict()
        layers = spec.get("layer") or spec["spec"]["layer"]
        scales = [ly["encoding"]["color"]["scale"] for ly in layers if ly["encoding"].get("color", {}).get("scale")]
        assert scales and all(colour(s) == expected for s in scales), name
    one = charts.site_vs_all_frame(_coverage(["Sport"]), _coverage(["Sport"]), "a.example")
    spec = charts.site_vs_all_chart(one, topic="Sport", site="a.example", all_topics=ALL_TOPICS).to_dict()
    scale = _layer(spec, "line", with_param=charts.BRUSH)["encoding"]["color"]["scale"]
    assert scale["domain"] == ["a.example", charts.ALL_SITES]
    assert scale["range"] == [expected, charts.ALL_SITES_COLOR]


def test_point_selection_and_brush() -> None:
    spec = _lines()
    params = _params(spec)
    assert params[charts.SELECTION]["select"]["type"] == "point"
    assert params[charts.SELECTION]["select"]["fields"] == ["topic", "period_key"]
    assert params[charts.BRUSH]["select"]["type"] == "interval"
    assert params[charts.BRUSH]["select"]["encodings"] == ["x"]
    # the brush lives on the line layer, below the points, so points inside a brushed range stay clickable
    brush_at = next(i for i, ly in enumerate(spec["layer"]) if _has_param(spec, ly, charts.BRUSH))
    pick_at = next(i for i, ly in enumerate(spec["layer"]) if _has_param(spec, ly, charts.SELECTION))
    assert spec["layer"][brush_at]["mark"]["type"] == "line" and brush_at < pick_at


def test_legend_click_only_fades_other_topics() -> None:
    focus = _params(_lines())[charts.LEGEND_SELECTION]
    assert focus["bind"] == "legend" and focus["select"]["fields"] == ["topic"]


def test_incomplete_last_period_is_dashed_and_hollow() -> None:
    spec = _lines(last_day=dt.date(2024, 3, 12))
    dashed = _layer(spec, "line", filt="datum.tail")
    assert dashed["mark"]["strokeDash"]
    point = _layer(spec, "point", with_param=charts.SELECTION)
    fill = point["encoding"]["fill"]
    assert fill["condition"]["test"] == "datum.partial" and fill["condition"]["value"] == "white"
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    assert list(rows.drop_duplicates("period_key")["partial"]) == [False, False, True]
    assert list(rows.drop_duplicates("period_key")["tail"]) == [False, True, True]


def test_complete_data_have_no_dashed_segment() -> None:
    rows = charts.chart_frame(_coverage(["Economy"]), "month", last_day=dt.date(2024, 3, 31))
    assert not rows["partial"].any() and not rows["tail"].any()


def test_band_on_shares_only() -> None:
    with_band = _lines("share", band=True)
    area = _layer(with_band, "area")
    assert area["encoding"]["y"]["field"] == "share_lo" and area["encoding"]["y2"]["field"] == "share_hi"
    assert "area" not in _marks(_lines("count", band=True))
    assert "area" not in _marks(_lines("share", band=False))
    tips = {t["title"] for t in _layer(with_band, "point", with_param=charts.SELECTION)["encoding"]["tooltip"]}
    assert "95% interval" in tips


def test_bands_of_many_topics_wait_for_the_legend() -> None:
    few = _layer(_lines("share", topics=["Economy", "Sport"], band=True), "area")
    many = _layer(_lines("share", topics=ALL_TOPICS, band=True), "area")
    (few_if,) = few["encoding"]["opacity"]["condition"]
    (many_if,) = many["encoding"]["opacity"]["condition"]
    assert few_if["param"] == many_if["param"] == charts.LEGEND_SELECTION
    assert few_if["empty"] is True and many_if["empty"] is False
    assert many["encoding"]["opacity"]["value"] == 0


def _spikes(cov: pd.DataFrame) -> pd.DataFrame:
    rows = cov[(cov["topic"] == "Economy") & (cov["period"] == pd.Timestamp("2024-02-01"))].copy()
    rows["baseline"], rows["z"], rows["ratio"] = 0.05, 6.0, 4.0
    rows["headline"] = "Markets <b>rally</b> as rates fall"
    return rows


def test_spikes_are_ringed_and_labelled_with_their_headline() -> None:
    cov = _coverage(["Economy", "Sport"])
    spec = _spec(charts.coverage_chart(cov, all_topics=ALL_TOPICS, spikes=_spikes(cov)))
    rings = _layer(spec, "point", filt="datum.spike")
    assert rings["mark"]["aria"] is False  # not a second clickable point for the same period
    text = next(ly for ly in spec["layer"] if ly["mark"]["type"] == "text")
    assert text["encoding"]["text"]["field"] == "spike_label"
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    hit = rows[rows["spike"]]
    assert list(zip(hit["topic"], hit["period_key"], strict=True)) == [("Economy", "2024-02-01")]
    assert hit["spike_label"].iloc[0] == "Markets <b>rally</b> as rates fall"  # Vega draws text, never HTML
    assert "4.0× its usual share" in hit["spike_note"].iloc[0]
    tips = {t["title"] for t in _layer(spec, "point", with_param=charts.SELECTION)["encoding"]["tooltip"]}
    assert "Spike" in tips


def test_labels_close_in_time_take_different_lanes() -> None:
    months = [dt.date(2024, m, 1) for m in range(1, 13)]
    frame = charts.chart_frame(_coverage(["Economy", "Sport"], months), "month")
    spikes = frame[frame["period"].isin(pd.to_datetime(["2024-06-01", "2024-07-01"])) & (frame["topic"] == "Sport")]
    spikes = spikes.assign(ratio=3.0, headline=["June story", "July story"])
    marked = charts.mark_spikes(frame, spikes)
    lanes = marked.loc[marked["spike"], "spike_lane"]
    assert sorted(lanes) == [0, 1]
    edge = frame[(frame["period"] == pd.Timestamp("2024-12-01")) & (frame["topic"] == "Sport")].assign(
        ratio=3.0, headline="December story"
    )
    assert charts.mark_spikes(frame, edge).loc[lambda d: d["spike"], "spike_align"].iloc[0] == "right"


def test_stack_frame_stacks_and_centres() -> None:
    frame = charts.chart_frame(_coverage(["Economy", "Sport", "Climate"]), "month")
    stacked = charts.stack_frame(frame, "count", center=False)
    for _, g in stacked.groupby("period"):
        g = g.sort_values("topic")
        assert g["y0"].iloc[0] == 0 and list(g["y0"].iloc[1:]) == list(g["y1"].iloc[:-1])
        assert g["y1"].iloc[-1] == g["count"].sum()
    stream = charts.stack_frame(frame, "count", center=True)
    for _, g in stream.groupby("period"):
        assert g["y0"].min() == pytest.approx(-g["y1"].max())


@pytest.mark.parametrize("stream", [False, True])
def test_area_views_click_and_brush(stream: bool) -> None:
    spec = _spec(charts.area_chart(_coverage(["Economy", "Sport"]), all_topics=ALL_TOPICS, stream=stream))
    params = _params(spec)
    assert params[charts.SELECTION]["select"]["fields"] == list(charts.SELECTION_FIELDS)
    assert params[charts.BRUSH]["select"]["encodings"] == ["x"]
    area = _layer(spec, "area")
    assert area["encoding"]["y"]["field"] == "y1" and area["encoding"]["y2"]["field"] == "y0"
    points = _layer(spec, "point", with_param=charts.SELECTION)
    assert points["encoding"]["y"]["field"] == "ym"


def test_area_view_marks_the_incomplete_period() -> None:
    chart = charts.area_chart(_coverage(["Economy"]), all_topics=ALL_TOPICS, last_day=dt.date(2024, 3, 5))
    spec = chart.to_dict()
    assert "rule" in _marks(spec) and "text" in _marks(spec)


def test_small_multiples_facet_by_site_with_site_in_the_selection() -> None:
    by_site = pd.concat([_coverage(["Sport"], site=s) for s in ("a.example", "b.example", "c.example", "d.example")])
    spec = _spec(charts.site_multiples_chart(by_site, all_topics=ALL_TOPICS))
    assert spec["facet"]["field"] == "site" and spec["columns"] == charts.FACET_COLUMNS
    assert _params(spec)[charts.SELECTION]["select"]["fields"] == list(charts.SITE_FIELDS)
    tips = {t["field"] for t in spec["spec"]["layer"][-1]["encoding"]["tooltip"]}
    assert "site" in tips


def test_heatmap_tiles_topic_by_site() -> None:
    tiles = pd.DataFrame(
        {"site": ["a.example", "a.example", "b.example", "b.example"], "topic_id": ["rule:Sport", "rule:Health"] * 2,
         "topic": ["Sport", "Health"] * 2, "count": [9, 1, 0, 4], "total": [10, 10, 4, 4],
         "share": [0.9, 0.1, 0.0, 1.0]}
    )  # fmt: skip
    spec = _spec(charts.heatmap_chart(tiles, all_topics=ALL_TOPICS))
    rect = _layer(spec, "rect", with_param=charts.SELECTION)
    assert rect["encoding"]["x"]["field"] == "site" and rect["encoding"]["y"]["field"] == "topic"
    assert _params(spec)[charts.SELECTION]["select"]["fields"] == list(charts.HEATMAP_FIELDS)
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]]).set_index(["site", "topic"])
    assert rows.loc[("b.example", "Health"), "alpha"] == pytest.approx(1.0)
    assert rows.loc[("b.example", "Sport"), "alpha"] == pytest.approx(charts.HEAT_MIN_OPACITY)
    assert rows.loc[("b.example", "Health"), "label"] == "100%"
    # white ink only on a tile dark enough for it: a full dark tile yes, a faint or light-coloured one no
    assert charts._ink("#4e79a7", 1.0) == "white" and charts._ink("#4e79a7", 0.1) == "#333333"
    assert charts._ink("#edc948", 1.0) == "#333333"


def test_site_vs_all_frame_aligns_the_site_on_the_all_sites_axis() -> None:
    everywhere = _coverage(["Sport"])
    site = _coverage(["Sport"]).iloc[1:2]  # the site published in February only
    frame = charts.site_vs_all_frame(site, everywhere, "a.example")
    mine = frame[frame["site"] == "a.example"]
    assert list(mine["period"]) == list(pd.to_datetime(everywhere["period"]))
    assert list(mine["count"]) == [0, int(site["count"].iloc[0]), 0]
    assert list(frame.loc[frame["site"] == "", "count"]) == list(everywhere["count"])


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
    assert charts.period_label(dt.date(2024, 7, 1), "quarter") == "Q3 2024"
    assert charts.period_label(dt.date(2024, 1, 1), "year") == "2024"


@pytest.mark.parametrize(("granularity", "interval"), [("quarter", ("month", 3)), ("year", ("year", 1))])
def test_quarter_and_year_ticks_fall_on_period_starts(granularity: str, interval: tuple[str, int]) -> None:
    cov = _coverage(["Economy"])
    x = charts.coverage_chart(cov, all_topics=ALL_TOPICS, granularity=granularity).to_dict()["layer"][0]["encoding"][
        "x"
    ]
    assert x["axis"]["tickCount"] == {"interval": interval[0], "step": interval[1]}


def test_palette_cycles_past_its_length() -> None:
    names = [f"t{i:02d}" for i in range(len(charts.PALETTE) + 3)]
    scale = charts.topic_color_scale(names).to_dict()
    assert len(scale["range"]) == len(names)
    assert scale["range"][len(charts.PALETTE)] == charts.PALETTE[0]
