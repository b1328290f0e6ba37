"""The view in the URL (widgets/urlstate.py): the text codec, then the dashboard through AppTest — a link sets
the widgets, the widgets write the link, a link survives a round trip, and bad links only cost a notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.widgets import urlstate
from tests.conftest import APP_N_DATED, APP_N_UNDATED
from tests.helpers import StoreSQL

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
FIRST_DAY, LAST_DAY = dt.date(2024, 1, 1), dt.date(2024, 3, 31)  # the fixture corpus's published span
FOREIGN = {"review_pos": "3", "utm_source": "mail"}  # not ours: must come through untouched


# --------------------------------------------------------------------------------------------------- the codec
@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "",
        "comma, and \\ backslash",
        True,
        False,
        0,
        24,
        -3,
        0.25,
        dt.date(2024, 2, 29),
        ["rule:Economy", "rule:Arts, Culture", "back\\slash"],
        [],
        (dt.date(2024, 1, 5), dt.date(2024, 2, 1)),
        [3, 7],
    ],
)
def test_encode_decode_round_trip(value: Any) -> None:
    text = urlstate.encode(value)
    assert text is not None
    assert urlstate.decode(text, value) == value
    assert type(urlstate.decode(text, value)) is type(value)


@pytest.mark.parametrize(
    ("text", "like"),
    [("maybe", True), ("3.5", 0), ("x", 0.5), ("nan", 0.5), ("2024-13-01", dt.date(2024, 1, 1)), ("a", [1])],
)
def test_decode_refuses_text_of_another_type(text: str, like: Any) -> None:
    with pytest.raises(ValueError):
        urlstate.decode(text, like)


def test_encode_leaves_out_what_has_no_text_form() -> None:
    assert urlstate.encode(dt.datetime(2024, 1, 1, 9, 30)) is None
    assert urlstate.encode({"a": 1}) is None
    assert urlstate.encode([["nested"]]) is None
    assert urlstate.encode(float("inf")) is None
    assert urlstate.encode(None) == ""


def test_split_list_escapes_and_drops_empty_items() -> None:
    assert urlstate.split_list("a,,b\\,c,") == ["a", "b,c"]
    assert urlstate.split_list("") == []
    assert urlstate.split_list("trailing\\") == ["trailing\\"]


def test_names_the_review_feature_owns_are_never_ours() -> None:
    for name in ("article", "review_queue", "review_pos", "Review", "embed"):
        assert not urlstate.ownable(name)
    assert urlstate.ownable("per") and urlstate.ownable("q")


def test_generic_names_strip_the_prefix_unless_taken() -> None:
    assert urlstate.generic_name("cov_extra") == "extra"
    assert urlstate.generic_name("flt_status") == "status"
    assert urlstate.generic_name("flt_hide_irrelevant") == "hide_irrelevant"
    assert urlstate.generic_name("cov_sites") == "cov_sites"  # "sites" is the site filter's
    assert urlstate.generic_name("flt_review_x") == "flt_review_x"  # "review_x" would be the review feature's


# ------------------------------------------------------------------------------------------- the dashboard
def _app(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _ours(at: AppTest) -> dict[str, str]:
    return {k: v for k, v in at.query_params.items() if urlstate.ownable(k) and k not in FOREIGN}


def _toasts(at: AppTest) -> str:
    return " ".join(t.value for t in at.toast).replace("\\", "")


def _listed(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if c.value.startswith("Showing"))
    return int(caption.split(" of ")[1].split()[0].replace(",", ""))


def _chart_data(at: AppTest) -> list[pd.DataFrame]:
    frames = []
    for chart in at.get("vega_lite_chart"):
        for ds in chart.proto.datasets:
            frames.append(dataframe_util.convert_arrow_bytes_to_pandas_df(ds.data.data))
    return frames


def _dates_key() -> str:
    return f"flt_dates_{FIRST_DAY}_{LAST_DAY}"


def _count(db: Path, sql: str) -> int:
    con = StoreSQL(db)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    assert row is not None
    return int(row[0])


def _discovered(db: Path) -> list[str]:
    con = StoreSQL(db)
    try:
        ids = [str(r[0]) for r in con.execute("SELECT id FROM topics WHERE kind = 'discovered' ORDER BY id").fetchall()]
    finally:
        con.close()
    assert len(ids) >= 2, "the fixture corpus should have discovered topics"
    return ids


def test_a_link_sets_the_widgets(app_env: Path) -> None:
    at = _app(
        {
            "q": "hospital",
            "from": "2024-02-01",
            "sites": "herald.example,daily.example",
            "topics": "rule:Health,rule:Economy",
            "per": "week",
            "show": "count",
            "smooth": "3",
            "sort": "oldest",
            **FOREIGN,
        }
    )
    ss = at.session_state
    assert at.sidebar.text_input(key="flt_search").value == "hospital"
    assert at.sidebar.multiselect(key="flt_sites").value == ["herald.example", "daily.example"]
    assert at.sidebar.multiselect(key="flt_topics_rule").value == ["rule:Health", "rule:Economy"]
    assert at.sidebar.date_input(key=_dates_key()).value == (dt.date(2024, 2, 1), LAST_DAY)
    assert ss["cov_granularity"] == "week" and ss["cov_measure"] == "count" and ss["cov_smooth"] == 3
    assert at.selectbox(key="list_sort").value == "Oldest first"
    assert _toasts(at) == ""
    n = _count(
        app_env,
        """SELECT count(*) FROM article_view a WHERE (a.title ILIKE '%hospital%' OR a.text ILIKE '%hospital%')
           AND a.published_day >= DATE '2024-02-01' AND a.site IN ('herald.example', 'daily.example')
           AND a.id IN (SELECT article_id FROM article_topic_view WHERE topic_id IN ('rule:Health', 'rule:Economy'))""",
    )
    assert _listed(at) == n > 0
    assert {k: at.query_params[k] for k in FOREIGN} == FOREIGN


def test_widgets_write_the_link_and_defaults_leave_it(app_env: Path) -> None:
    at = _app(FOREIGN)
    assert _ours(at) == {}, "a fresh view puts nothing in the URL"
    at.sidebar.text_input(key="flt_search").set_value("inflation").run()
    at.sidebar.multiselect(key="flt_sites").set_value(["courier.example"]).run()
    at.sidebar.multiselect(key="flt_topics_rule").set_value(["rule:Sport", "rule:Climate"]).run()
    at.sidebar.date_input(key=_dates_key()).set_value((FIRST_DAY, dt.date(2024, 2, 15))).run()
    at.segmented_control(key="cov_granularity").set_value("day").run()
    at.number_input(key="cov_smooth").set_value(4).run()
    at.selectbox(key="list_sort").set_value("Title A–Z").run()
    assert not at.exception
    assert _ours(at) == {
        "q": "inflation",
        "sites": "courier.example",
        "topics": "rule:Sport,rule:Climate",
        "to": "2024-02-15",
        "per": "day",
        "smooth": "4",
        "sort": "title",
    }
    assert {k: at.query_params[k] for k in FOREIGN} == FOREIGN

    at.sidebar.text_input(key="flt_search").set_value("").run()
    at.number_input(key="cov_smooth").set_value(0).run()
    at.selectbox(key="list_sort").set_value("Newest first").run()
    assert set(_ours(at)) == {"sites", "topics", "to", "per"}, "back at its default, a value leaves the URL"

    next(b for b in at.sidebar.button if b.label == "Reset filters").click().run()
    assert set(_ours(at)) == {"per"}, _ours(at)
    assert {k: at.query_params[k] for k in FOREIGN} == FOREIGN


def test_a_link_reproduces_the_view(app_env: Path) -> None:
    first = _app()
    first.sidebar.multiselect(key="flt_sites").set_value(["herald.example", "courier.example"]).run()
    first.sidebar.segmented_control(key="flt_kind").set_value("discovered").run()
    first.sidebar.multiselect(key="flt_topics_discovered").set_value(_discovered(app_env)[:2]).run()
    first.sidebar.date_input(key=_dates_key()).set_value((dt.date(2024, 1, 10), dt.date(2024, 3, 20))).run()
    first.segmented_control(key="cov_granularity").set_value("month").run()  # the corpus default is week
    first.segmented_control(key="cov_measure").set_value("count").run()
    assert not first.exception
    link = dict(first.query_params)
    assert link["kind"] == "discovered" and link["per"] == "month"
    assert link["topics"] == ",".join(_discovered(app_env)[:2])

    second = _app(link)
    assert _toasts(second) == ""
    for key in ("flt_sites", "flt_kind", "flt_topics_discovered", _dates_key(), "cov_granularity", "cov_measure"):
        assert second.session_state[key] == first.session_state[key], key
    assert _listed(second) == _listed(first) < APP_N_DATED + APP_N_UNDATED + 1
    (a, *_), (b, *_) = _chart_data(first), _chart_data(second)
    pd.testing.assert_frame_equal(a, b)
    assert dict(second.query_params) == link


def test_a_kind_is_inferred_from_discovered_topic_ids(app_env: Path) -> None:
    some = _discovered(app_env)[0]
    at = _app({"topics": some})
    assert at.session_state["flt_kind"] == "discovered"
    assert at.session_state["flt_topics_discovered"] == [some]
    assert _ours(at) == {"kind": "discovered", "topics": some}
    assert _toasts(at) == ""


def test_bad_or_stale_params_are_ignored_with_a_notice(app_env: Path) -> None:
    at = _app(
        {
            "topics": "rule:Health,rule:Astrology",
            "from": "yesterday",
            "to": "2023-06-01",
            "sites": "nowhere.example",
            "kind": "psychic",
            "per": "fortnight",
            "smooth": "lots",
            "band": "perhaps",
            "sort": "random",
            **FOREIGN,
        }
    )
    notices = _toasts(at)
    for bit in ("rule:Astrology", "yesterday", "2023-06-01", "nowhere.example", "psychic", "fortnight", "lots"):
        assert bit in notices, (bit, notices)
    for bit in ("perhaps", "random"):
        assert bit in notices, (bit, notices)
    assert at.sidebar.multiselect(key="flt_topics_rule").value == ["rule:Health"], "the valid part is kept"
    assert at.sidebar.multiselect(key="flt_sites").value == []
    assert at.sidebar.date_input(key=_dates_key()).value == (FIRST_DAY, LAST_DAY)
    assert at.session_state["flt_kind"] == "rule"
    assert at.session_state["cov_granularity"] in ("day", "week", "month")
    assert _ours(at) == {"topics": "rule:Health"}, "refused values leave the URL"
    assert {k: at.query_params[k] for k in FOREIGN} == FOREIGN


def test_dates_past_the_corpus_mean_the_whole_span(app_env: Path) -> None:
    at = _app({"from": "2000-01-01", "to": "2030-01-01"})
    assert _toasts(at) == ""
    assert at.sidebar.date_input(key=_dates_key()).value == (FIRST_DAY, LAST_DAY)
    assert "from" not in at.query_params and "to" not in at.query_params


def test_notices_show_link_text_literally(app_env: Path) -> None:
    at = _app({"topics": "**bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>"})
    (toast,) = at.toast
    assert "<img" not in toast.value and "](" not in toast.value and "**bold**" not in toast.value
    assert "&lt;img" in toast.value


def test_share_box_says_where_the_link_is(app_env: Path) -> None:
    at = _app()
    assert any("address bar holds this view" in c.value for c in at.sidebar.caption)


# ------------------------------------------------------------------------ keys nobody declared (the fallback)
def _extra_widgets_page() -> None:
    """A page with controls urlstate was never told about: a slider, a toggle, a multiselect and a button."""
    import streamlit as st

    from components.widgets import urlstate

    @urlstate.keep_in_url
    def render() -> None:
        st.slider("Extra", 1, 20, 5, key="cov_extra")
        st.toggle("Hide irrelevant", key="flt_hide_irrelevant")
        st.multiselect("Status", ["ok", "flagged", "needs fix"], key="flt_status")
        st.button("Go", key="cov_go")
        st.session_state["cov_internal"] = {"not": "a widget"}
        st.write("values", st.session_state.cov_extra, st.session_state.flt_hide_irrelevant)

    render()


def _extra(params: dict[str, str]) -> AppTest:
    at = AppTest.from_function(_extra_widgets_page, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_undeclared_keys_are_read_from_a_link(app_env: Path) -> None:
    at = _extra({"extra": "12", "hide_irrelevant": "1", "status": "flagged,needs fix", "go": "1", "internal": "x"})
    assert at.slider(key="cov_extra").value == 12
    assert at.toggle(key="flt_hide_irrelevant").value is True
    assert at.multiselect(key="flt_status").value == ["flagged", "needs fix"]
    assert at.button(key="cov_go").value is False, "a button is never set from a link"
    assert _toasts(at) == ""
    assert at.query_params["go"] == "1" and at.query_params["internal"] == "x", "params no widget owns stay"


def test_undeclared_keys_write_the_link(app_env: Path) -> None:
    at = _extra({})
    assert _ours(at) == {}
    at.slider(key="cov_extra").set_value(9).run()
    at.toggle(key="flt_hide_irrelevant").set_value(True).run()
    at.button(key="cov_go").click().run()
    assert _ours(at) == {"extra": "9", "hide_irrelevant": "1"}
    at.slider(key="cov_extra").set_value(5).run()
    assert _ours(at) == {"hide_irrelevant": "1"}


def test_undeclared_keys_refuse_bad_values(app_env: Path) -> None:
    at = _extra({"extra": "many", "status": "flagged,lost", "hide_irrelevant": "sometimes"})
    notices = _toasts(at)
    assert "many" in notices and "sometimes" in notices and "lost" in notices
    assert at.slider(key="cov_extra").value == 5
    assert at.toggle(key="flt_hide_irrelevant").value is False
    assert "extra" not in at.query_params and "hide_irrelevant" not in at.query_params


def test_url_is_read_once_per_session_not_on_every_rerun(app_env: Path) -> None:
    at = _app({"q": "hospital"})
    at.sidebar.text_input(key="flt_search").set_value("tournament").run()
    at.query_params["q"] = "hospital"  # a rerun carrying an old query string must not undo the change
    at.run()
    assert at.sidebar.text_input(key="flt_search").value == "tournament"
    assert at.query_params["q"] == "tournament"
