"""The article list's downloads (CSV and JSON Lines): the files the buttons serve hold exactly the filtered list,
every page of it, in the list's order, recomputed here from the store with SQL of our own.

The buttons build their file only when clicked (a callable given to st.download_button); the test records the
callables Streamlit registers, finds the one behind each button and calls it, as a click would.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime import media_file_manager
from streamlit.testing.v1 import AppTest

from components.widgets import article_list
from newsdesk.analysis.queries import EXPORT_COLUMNS
from tests.helpers import StoreSQL

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60

# (query params that set the view, SQL condition on `article_view a`, its parameters, ORDER BY of the list)
NEWEST = "a.published_day DESC NULLS LAST, a.id"
CASES: list[tuple[dict[str, str], str, list[Any], str]] = [
    ({}, "TRUE", [], NEWEST),
    ({"sites": "herald.example"}, "a.site = ?", ["herald.example"], NEWEST),
    (
        {"topics": "rule:Health,rule:Sport", "sort": "oldest"},
        "a.id IN (SELECT article_id FROM article_topic_view WHERE topic_id IN ('rule:Health', 'rule:Sport'))",
        [],
        "a.published_day ASC NULLS LAST, a.id",
    ),
    (
        {"q": "inflation", "from": "2024-02-01", "to": "2024-03-15", "sort": "title"},
        "(a.title ILIKE '%inflation%' OR a.text ILIKE '%inflation%') AND a.published_day BETWEEN ? AND ?",
        ["2024-02-01", "2024-03-15"],
        "a.title ASC NULLS LAST, a.id",
    ),
    (
        {"sites": "daily.example,courier.example", "topics": "rule:Economy", "sort": "longest"},
        "a.site IN ('daily.example', 'courier.example') "
        "AND a.id IN (SELECT article_id FROM article_topic_view WHERE topic_id = 'rule:Economy')",
        [],
        "a.word_count DESC NULLS LAST, a.id",
    ),
]


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, tuple[Callable[[], Any], str]]]:
    """file id -> (the callable a download button registered, its file name): what a click runs and saves."""
    seen: dict[str, tuple[Callable[[], Any], str]] = {}
    original = media_file_manager.MediaFileManager.add_deferred

    def spy(self: Any, fn: Callable[[], Any], *args: Any, **kwargs: Any) -> str:
        file_id = original(self, fn, *args, **kwargs)
        seen[file_id] = (fn, str(kwargs.get("file_name")))
        return str(file_id)

    monkeypatch.setattr(media_file_manager.MediaFileManager, "add_deferred", spy)
    yield seen


def _expected(db: Path, cond: str, params: list[Any], order: str) -> list[dict[str, Any]]:
    con = StoreSQL(db)
    try:
        rows = con.execute(
            f"""SELECT a.id, a.url, a.published_day, a.title, a.site, a.authors, a.section, a.language,
                       a.word_count, a.review_status, a.text
                FROM article_view a WHERE {cond} ORDER BY {order}""",
            params,
        ).fetchall()
        topics = con.execute(
            "SELECT atp.article_id, t.kind, t.name, atp.score FROM article_topic_view atp "
            "JOIN topics t ON t.id = atp.topic_id"
        ).fetchall()
    finally:
        con.close()
    rule: dict[str, list[str]] = {}
    disc: dict[str, list[tuple[float, str]]] = {}
    for article_id, kind, name, score in topics:
        if kind == "rule":
            rule.setdefault(article_id, []).append(name)
        else:
            disc.setdefault(article_id, []).append((-score, name))
    return [
        {
            "id": r[0],
            "url": r[1],
            "published": r[2].isoformat() if r[2] else None,
            "title": r[3],
            "site": r[4],
            "authors": list(r[5] or []),
            "section": r[6],
            "language": r[7],
            "topics": sorted(rule.get(r[0], [])),
            "discovered": [name for _, name in sorted(disc.get(r[0], []))],
            "words": r[8],
            "review_status": r[9],
            "text": r[10],
        }
        for r in rows
    ]


def _downloads(
    params: dict[str, str], deferred: dict[str, tuple[Callable[[], Any], str]]
) -> tuple[AppTest, bytes, bytes]:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    buttons = {b.proto.label: b.proto for b in at.get("download_button") if b.key and b.key.startswith("list_")}
    assert set(buttons) == {"CSV", "JSON Lines"}
    assert "without the article text" in buttons["CSV"].help
    (csv_fn, csv_name), (jsonl_fn, jsonl_name) = (deferred[buttons[b].deferred_file_id] for b in buttons)
    assert csv_name.endswith(".csv") and jsonl_name.endswith(".jsonl")
    return at, csv_fn(), jsonl_fn()


def _listed_total(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if c.value.startswith("Showing"))
    return int(caption.split(" of ")[1].split()[0].replace(",", ""))


@pytest.mark.parametrize(("params", "cond", "sql_params", "order"), CASES, ids=lambda v: str(v)[:40])
def test_downloads_hold_the_filtered_list(
    app_env: Path,
    deferred: dict[str, tuple[Callable[[], Any], str]],
    params: dict[str, str],
    cond: str,
    sql_params: list[Any],
    order: str,
) -> None:
    expected = _expected(app_env, cond, sql_params, order)
    assert expected, "a case that selects nothing proves little"
    at, csv_bytes, jsonl_bytes = _downloads(params, deferred)
    assert _listed_total(at) == len(expected)

    lines = jsonl_bytes.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [list(r) for r in records[:1]] == [[*EXPORT_COLUMNS, "text"]]
    assert records == expected

    table = list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8"))))
    assert list(table[0]) == list(EXPORT_COLUMNS)  # no text column
    flat = [
        {k: "; ".join(v) if isinstance(v, list) else "" if v is None else str(v) for k, v in row.items() if k != "text"}
        for row in expected
    ]
    assert table == flat


def test_download_covers_every_page_not_only_the_one_shown(
    app_env: Path, deferred: dict[str, tuple[Callable[[], Any], str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_list, "PAGE_SIZE", 7)  # the fixture corpus fits one page of 100
    at, csv_bytes, _ = _downloads({}, deferred)
    assert len(at.main.dataframe[0].value) == 7
    rows = list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8"))))
    assert len(rows) == _listed_total(at) > 7


def test_hostile_text_stays_data(app_env: Path, deferred: dict[str, tuple[Callable[[], Any], str]]) -> None:
    """Markup in a title or text is exported as the characters it is (CSV quoting and JSON escaping hold)."""
    from tests.conftest import APP_XSS_TEXT, APP_XSS_TITLE

    _, csv_bytes, jsonl_bytes = _downloads({"q": "bell"}, deferred)
    (row,) = csv.DictReader(io.StringIO(csv_bytes.decode("utf-8")))
    assert row["title"] == APP_XSS_TITLE and row["authors"] == "<b>Mallory</b>"
    (record,) = [json.loads(line) for line in jsonl_bytes.decode("utf-8").splitlines()]
    assert record["text"] == APP_XSS_TEXT


def test_serializers_on_lists_with_separators() -> None:
    row = {
        "id": "a1",
        "url": None,
        "published": None,
        "title": 'Quote "this", then\nthat',
        "site": "x.example",
        "authors": ["Ana, Jr.", "Ben"],
        "section": None,
        "language": "en",
        "topics": [],
        "discovered": ["one · two"],
        "words": 3,
        "review_status": "unreviewed",
        "text": "Body",
    }
    (parsed,) = csv.DictReader(io.StringIO(article_list.export_csv([row]).decode("utf-8")))
    assert parsed["title"] == row["title"] and parsed["authors"] == "Ana, Jr.; Ben" and parsed["published"] == ""
    assert "text" not in parsed
    assert json.loads(article_list.export_jsonl([row])) == row


def test_files_are_built_only_when_a_button_is_clicked(
    app_env: Path, deferred: dict[str, tuple[Callable[[], Any], str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from components import data

    calls: list[bool] = []
    real = data.export_rows

    def counting(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        calls.append(kwargs.get("with_text", args[-1] if args else None))
        return real(*args, **kwargs)

    monkeypatch.setattr(data, "export_rows", counting)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.sidebar.text_input(key="flt_search").set_value("hospital").run()
    assert not at.exception and calls == [], "a rerun must not build the downloads"
    (csv_id,) = [b.proto.deferred_file_id for b in at.get("download_button") if b.key == "list_download_csv"]
    deferred[csv_id][0]()
    assert calls == [False], "the CSV is built once, without the text"
