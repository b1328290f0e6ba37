"""The dashboard end to end with Streamlit's AppTest, on the seeded fixture corpus of tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.widgets import article_list
from newsdesk.ingest import ingest
from tests.conftest import APP_N_DATED, APP_N_UNDATED, APP_XSS_TITLE
from tests.helpers import APP, run_app, sql

TIMEOUT = 60


def _run(**state: object) -> AppTest:
    return run_app(TIMEOUT, **state)


def _chart_data(at: AppTest) -> pd.DataFrame:
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    (dataset,) = [d for d in chart.proto.datasets if d.name == spec["data"]["name"]]
    return dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)


def _article_table(at: AppTest) -> pd.DataFrame:
    (table,) = at.main.dataframe
    return table.value


def _showing(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Showing"))


def test_app_runs_and_shows_the_corpus(app_env: Path) -> None:
    at = _run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == str(APP_N_DATED + APP_N_UNDATED + 1)
    assert metrics["Sites"] == "3"
    assert metrics["Ingest errors"] == "1"
    assert len(_article_table(at)) == APP_N_DATED + APP_N_UNDATED + 1
    assert any(f"{APP_N_UNDATED} articles without a date are not charted" in c.value for c in at.caption)


def test_site_filter(app_env: Path) -> None:
    at = _run()
    at.sidebar.multiselect(key="flt_sites").set_value(["herald.example"]).run()
    rows = _article_table(at)
    (n,) = sql(app_env, "SELECT count(*) FROM articles WHERE site = 'herald.example'")[0]
    assert set(rows["site"]) == {"herald.example"} and len(rows) == n
    assert _showing(at).endswith(f"of {n}") or f"of {n} " in _showing(at)


def test_topic_filter(app_env: Path) -> None:
    at = _run()
    at.sidebar.multiselect(key="flt_topics_rule").set_value(["rule:Health"]).run()
    rows = _article_table(at)
    (n,) = sql(app_env, "SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Health'")[0]
    assert len(rows) == n > 0
    assert all("Health" in list(t) for t in rows["topics"])


def test_date_range_filter(app_env: Path) -> None:
    at = _run()
    start, end = dt.date(2024, 2, 1), dt.date(2024, 2, 29)
    at.sidebar.date_input[0].set_value((start, end)).run()
    rows = _article_table(at)
    (n,) = sql(app_env, "SELECT count(*) FROM articles WHERE published_day BETWEEN ? AND ?", [start, end])[0]
    assert len(rows) == n > 0
    assert rows["date"].min().date() >= start and rows["date"].max().date() <= end


def test_search_filter(app_env: Path) -> None:
    at = _run()
    at.sidebar.text_input(key="flt_search").set_value("TOURNAMENT").run()
    rows = _article_table(at)
    (n,) = sql(app_env, "SELECT count(*) FROM articles WHERE text ILIKE '%tournament%' OR title ILIKE '%tournament%'")[
        0
    ]
    assert len(rows) == n > 0
    assert n < APP_N_DATED


CHART_CASES = [
    ({}, "month", "", []),
    ({"flt_sites": ["daily.example"]}, "month", "AND a.site = 'daily.example'", []),
    ({"flt_topics_rule": ["rule:Economy", "rule:Sport"]}, "week", "AND t.name IN ('Economy', 'Sport')", []),
    ({"flt_search": "hospital"}, "day", "AND (a.title ILIKE '%hospital%' OR a.text ILIKE '%hospital%')", []),
]


@pytest.mark.parametrize(("state", "granularity", "cond", "params"), CHART_CASES)
def test_chart_data_equals_sql_counts(app_env: Path, state: dict, granularity: str, cond: str, params: list) -> None:
    at = _run(cov_granularity=granularity, **state)
    chart = _chart_data(at)
    got = {(r.period_key, r.topic): int(r.count) for r in chart.itertuples() if r.count}
    expected = {
        (period, topic): n
        for period, topic, n in sql(
            app_env,
            f"""SELECT strftime(date_trunc('{granularity}', a.published_day), '%Y-%m-%d'), t.name, count(*)
                FROM articles a JOIN article_topics x ON x.article_id = a.id JOIN topics t ON t.id = x.topic_id
                WHERE t.kind = 'rule' AND a.published_day IS NOT NULL {cond} GROUP BY ALL""",
            params,
        )
    }
    assert got == expected and got
    # every topic of the kind keeps its colour: the domain is the full list, not the filtered one
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == ["Climate", "Economy", "Health", "Sport"]
    # share is against every article of the period that passes the non-topic filters
    row = chart[chart["count"] > 0].iloc[0]
    assert row["share"] == pytest.approx(row["count"] / row["total"])


def test_chart_point_selection_narrows_the_list(app_env: Path) -> None:
    at = _run(cov_granularity="month")
    key = next(k for k in at.session_state if str(k).startswith("coverage_"))
    at.session_state[key] = {"selection": {"pick": [{"topic": "Economy", "period_key": "2024-02-01"}]}}
    at.run()
    assert not at.exception
    rows = _article_table(at)
    (n,) = sql(
        app_env,
        """SELECT count(*) FROM articles a JOIN article_topics x ON x.article_id = a.id
           WHERE x.topic_id = 'rule:Economy' AND a.published_day BETWEEN '2024-02-01' AND '2024-02-29'""",
    )[0]
    assert len(rows) == n > 0
    chip = at.button(key="point_chip")
    assert "Economy" in chip.label and "February 2024" in chip.label
    chip.click().run()
    assert len(_article_table(at)) == APP_N_DATED + APP_N_UNDATED + 1


def test_selecting_an_article_opens_the_reader(app_env: Path) -> None:
    ((aid, title, site, text),) = sql(
        app_env, "SELECT id, title, site, text FROM articles WHERE published_day IS NOT NULL ORDER BY id LIMIT 1"
    )
    at = _run(reader_article=aid)
    assert any(h.value == title.replace(":", "\\:") for h in at.header)
    body = "\n".join(m.value for m in at.markdown)
    first_words = " ".join(text.split()[:3])
    assert first_words in body
    assert site.replace(".", "\\.") in body
    assert ":gray[· record]" in body  # field sources are shown
    assert re.search(
        r"\*\*(Economy|Climate|Health|Sport)\*\* · rule · matched (inflation|emissions|hospital|tournament)", body
    )
    assert "· discovered · weight" in body


def test_row_selection_opens_the_reader(app_env: Path) -> None:
    at = _run()
    key = next(k for k in at.session_state if str(k).startswith(article_list.TABLE_KEY_PREFIX))
    first_title = _article_table(at)["title"].iloc[0]
    at.session_state[key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert at.session_state["reader_article"]
    assert any(first_title.replace(":", "\\:") == h.value for h in at.header)
    at.button(key="reader_close").click().run()
    assert not at.main.header


def test_hostile_article_is_shown_escaped(app_env: Path) -> None:
    at = _run(reader_article="xss0000000000001")
    values = [h.value for h in at.header] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    everything = "\n".join(values)
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in everything
    assert "&lt;img src\\=x onerror\\=alert\\(1\\)&gt;" in everything
    assert "<script" not in everything and "<img" not in everything and "<b>" not in everything
    assert APP_XSS_TITLE not in everything


def test_show_removed_text(app_env: Path) -> None:
    ((aid,),) = sql(app_env, "SELECT id FROM articles WHERE removed <> '' ORDER BY id LIMIT 1")
    at = _run(reader_article=aid)
    assert not any("Subscribe now" in m.value for m in at.markdown)
    at.toggle(key="reader_show_removed").set_value(True).run()
    assert any("Subscribe now \\| Cookie settings" in m.value for m in at.markdown)


def test_no_match_shows_empty_state_and_reset(app_env: Path) -> None:
    at = _run()
    at.sidebar.text_input(key="flt_search").set_value("zzzz-no-such-word").run()
    assert any("No articles match these filters" in i.value for i in at.info)
    assert not at.main.dataframe
    at.button(key="empty_reset").click().run()
    assert len(_article_table(at)) == APP_N_DATED + APP_N_UNDATED + 1


def test_empty_database(monkeypatch: pytest.MonkeyPatch, app_dirs: Path, app_empty_db: Path) -> None:
    monkeypatch.setenv("NEWSDESK_DB", str(app_empty_db))
    monkeypatch.setenv("NEWSDESK_ARTICLES", str(app_dirs / "articles"))
    at = _run()
    assert any("No articles yet" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")


def test_locked_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from components import data
    from newsdesk.store import StoreLockedError

    def locked(path: str, **_: object) -> None:
        raise StoreLockedError(f"{path} is in use by another process (is the dashboard running?)")

    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "locked.duckdb"))
    monkeypatch.setattr(data, "Store", locked)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    (err,) = at.error
    assert "in use by another process" in err.value and "reload" in err.value


def test_first_start_ingests_the_articles_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    records = [
        {"url": f"https://first.example/{i}", "title": f"First run {i}", "published": "2024-05-0{i}",
         "text": f"Inflation story number {i}. " * 30}
        for i in range(1, 4)
    ]  # fmt: skip
    (articles / "export.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (tmp_path / "topics.toml").write_text('[[topic]]\nname = "Economy"\nquery = "inflation"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "fresh.duckdb"))
    monkeypatch.setenv("NEWSDESK_ARTICLES", str(articles))
    monkeypatch.setenv("NEWSDESK_TOPICS", str(tmp_path / "topics.toml"))
    at = _run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "3"
    assert set(_article_table(at)["title"]) == {"First run 1", "First run 2", "First run 3"}


def test_an_ingest_cut_short_is_finished_on_the_next_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from newsdesk.store import Store

    articles = tmp_path / "articles"
    articles.mkdir()
    topics = tmp_path / "topics.toml"
    topics.write_text('[[topic]]\nname = "Economy"\nquery = "inflation"\n', encoding="utf-8")
    for i in (1, 2):
        record = {"url": f"https://cut.example/{i}", "title": f"Cut short {i}", "text": f"Inflation note {i}. " * 30}
        (articles / f"part{i}.jsonl").write_text(json.dumps(record), encoding="utf-8")
        if i == 1:  # the first visitor left after one file
            store = Store(tmp_path / "cut.duckdb")
            ingest(store, [articles])
            store.close()
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "cut.duckdb"))
    monkeypatch.setenv("NEWSDESK_ARTICLES", str(articles))
    monkeypatch.setenv("NEWSDESK_TOPICS", str(topics))
    at = _run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
    assert set(_article_table(at)["title"]) == {"Cut short 1", "Cut short 2"}


def test_bad_topics_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("A headline\n\nSome text about inflation.\n", encoding="utf-8")
    (tmp_path / "topics.toml").write_text("[[topic]\nname = ", encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "fresh.duckdb"))
    monkeypatch.setenv("NEWSDESK_ARTICLES", str(articles))
    monkeypatch.setenv("NEWSDESK_TOPICS", str(tmp_path / "topics.toml"))
    at = _run()
    (err,) = at.error
    assert "topics file" in err.value and "topics\\.toml" in err.value


INGEST_PAGE = """
from components.pages import ingest as ingest_page
ingest_page.render()
"""


def test_ingest_page_lists_errors_and_files(app_env: Path) -> None:
    at = AppTest.from_string(INGEST_PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    errors = at.dataframe[0].value
    assert list(errors.columns) == ["time", "source", "format", "reason"]
    assert errors.iloc[0]["source"] == "broken.json" and "not valid JSON" in errors.iloc[0]["reason"]
    assert any(b.label == "Re-scan the articles folder" for b in at.button)
    assert at.file_uploader[0].accept_multiple_files
    assert {"html", "txt", "jsonl", "csv", "zip", "warc", "gz"} <= {
        t.lstrip(".") for t in at.file_uploader[0].allowed_type
    }


def test_upload_is_saved_then_ingested(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (tmp_path / "topics.toml").write_text('[[topic]]\nname = "Economy"\nquery = "inflation"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "upload.duckdb"))
    monkeypatch.setenv("NEWSDESK_ARTICLES", str(articles))
    monkeypatch.setenv("NEWSDESK_TOPICS", str(tmp_path / "topics.toml"))
    at = AppTest.from_string(INGEST_PAGE, default_timeout=TIMEOUT).run()
    good = json.dumps({"url": "https://up.example/1", "title": "Uploaded", "text": "Inflation rose. " * 40})
    at.file_uploader[0].set_value(
        [("../../good.jsonl", good.encode(), "application/json"), ("bad.json", b"{", "application/json")]
    )
    at.run()
    next(b for b in at.button if b.label.startswith("Save and ingest 2 files")).click().run()
    assert not at.exception
    assert sorted(p.name for p in (articles / "uploads").iterdir()) == ["bad.json", "good.jsonl"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "1" and metrics["Ingest errors"] == "1"
    assert any(s.value.startswith("2 files seen") for s in at.success)
    assert at.dataframe[0].value.iloc[0]["source"].endswith("bad.json")
