"""The Review page with Streamlit's AppTest, on a private copy of the seeded fixture corpus (tests/conftest.py):
the reviewer gate, decisions through the buttons, undo, the queue and its progress, corrections beside the
extracted values, links (`?article=`, the queue in the URL), flags, import and wipe. Expected values come from our
own SQL on the store, not from the app's queries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newsdesk.store import Store
from newsdesk.store.core import FLAG_ROW_SCHEMA
from newsdesk.store.schema import tuples_table
from tests.conftest import APP_N_DATED, APP_N_UNDATED
from tests.helpers import APP, checked, copy_db, sql, use_corpus

TIMEOUT = 60
TOTAL = APP_N_DATED + APP_N_UNDATED + 1
REVIEW = """
from components import bootstrap
from components.pages import review as review_page
bootstrap.open_store()
review_page.render()
"""
NEWEST = "SELECT id FROM articles ORDER BY published_day DESC NULLS LAST, published DESC NULLS LAST, id"


@pytest.fixture
def review_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_dirs: Path, app_db: Path) -> Iterator[Path]:
    """A copy of the fixture database per test: decisions and corrections never leak into other tests."""
    db = copy_db(app_db, tmp_path / "review.duckdb")
    use_corpus(monkeypatch, db, app_dirs / "articles", app_dirs / "topics.toml")
    yield db


def _open(reviewer: str | None = "Ana", params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_string(REVIEW, default_timeout=TIMEOUT)
    if reviewer:
        at.session_state["review_reviewer"] = reviewer
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return checked(at.run())


def _click(at: AppTest, key: str) -> AppTest:
    return checked(at.button(key=key).click().run())


def _current(at: AppTest) -> str:
    value = at.query_params["review_id"]
    return value[0] if isinstance(value, list) else value


def _params(at: AppTest) -> dict[str, str]:
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def _progress(at: AppTest) -> str:
    (bar,) = at.get("progress")
    return str(bar.proto.text)


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.subheader]
    return "\n".join(parts)


def _key(at: AppTest, prefix: str) -> str:
    """The session key of a per-article widget (its key carries the article id and a history stamp)."""
    (key,) = [k for k in at.session_state if str(k).startswith(prefix)]
    return str(key)


def test_reviewer_name_is_asked_first_and_can_change(review_db: Path) -> None:
    at = _open(reviewer=None)
    assert [b.label for b in at.button] == ["Start reviewing"], "only the name form shows before a name is given"
    assert not at.get("progress")
    at.button[0].click().run()  # no name
    assert any("Enter a name" in w.value for w in at.warning)
    assert "review_reviewer" not in at.session_state

    at.text_input(key="review_name_input").set_value("  Ana   Ruiz ")
    checked(at.button[0].click().run())
    assert at.session_state["review_reviewer"] == "Ana Ruiz"
    assert any("Reviewing as **Ana Ruiz**" in m.value for m in at.sidebar.markdown)
    assert _progress(at).startswith(f"**0 of {TOTAL} reviewed**")

    _click(at, "review_change_name")
    assert [b.label for b in at.button] == ["Start reviewing"]
    assert at.text_input(key="review_name_input").value == "Ana Ruiz"  # changing starts from the old name
    at.text_input(key="review_name_input").set_value("Ben")
    checked(at.button[0].click().run())
    _click(at, "review_ok")
    assert sql(review_db, "SELECT reviewer FROM review_events") == [("Ben",)]


def test_decisions_move_to_the_next_article_and_count(review_db: Path) -> None:
    ids = [r[0] for r in sql(review_db, NEWEST)]
    at = _open()
    assert _current(at) == ids[0]
    _click(at, "review_needs_fix")
    assert _current(at) == ids[1]
    _click(at, "review_ok")
    _click(at, "review_flagged")
    assert _current(at) == ids[3]
    events = sql(review_db, "SELECT article_id, kind, value, reviewer FROM review_events ORDER BY id")
    assert events == [
        (ids[0], "status", "needs_fix", "Ana"),
        (ids[1], "status", "ok", "Ana"),
        (ids[2], "status", "flagged", "Ana"),
    ]
    assert _progress(at) == f"**3 of {TOTAL} reviewed** · article 4 of {TOTAL}"
    chips = _text(at)
    for chip in ("OK 1]", "Needs fix 1]", "Flagged 1]", "Irrelevant 0]", f"Unreviewed {TOTAL - 3}]"):
        assert chip in chips, chip
    # Going back shows the decision on the article, as the highlighted key and in its status line.
    _click(at, "review_previous")
    assert _current(at) == ids[2]
    assert at.button(key="review_flagged").proto.type == "primary"
    assert at.button(key="review_ok").proto.type == "secondary"
    assert ":red-badge[Flagged · Ana" in chips or "Flagged · Ana" in _text(at)


def test_next_unreviewed_skips_decided_articles(review_db: Path) -> None:
    ids = [r[0] for r in sql(review_db, NEWEST)]
    at = _open()
    _click(at, "review_ok")  # ids[0]
    _click(at, "review_next")
    _click(at, "review_ok")  # ids[2]
    for _ in range(3):
        _click(at, "review_previous")
    assert _current(at) == ids[0]
    _click(at, "review_next_unreviewed")
    assert _current(at) == ids[1]
    _click(at, "review_next_unreviewed")
    assert _current(at) == ids[3], "the decided article in between is skipped"


def test_sample_order_is_another_queue_of_the_same_articles(review_db: Path) -> None:
    ids = [r[0] for r in sql(review_db, NEWEST)]
    at = _open()
    checked(at.segmented_control(key="review_order_pick").set_value("sample").run())
    seen = [_current(at)]
    for _ in range(9):
        _click(at, "review_next")
        seen.append(_current(at))
    assert _progress(at).endswith(f"article 10 of {min(TOTAL, 100)}")
    assert len(set(seen)) == 10 and set(seen) <= set(ids)
    assert seen != ids[:10], "a sample is not the date order"
    assert json.loads(_params(at)["review_queue"])["o"] == "sample"


def test_undo_takes_back_the_last_change_and_returns_to_it(review_db: Path) -> None:
    ids = [r[0] for r in sql(review_db, NEWEST)]
    at = _open()
    _click(at, "review_ok")
    _click(at, "review_irrelevant")
    assert _current(at) == ids[2]
    _click(at, "review_undo_button")
    assert _current(at) == ids[1], "undo goes back to the article it changed"
    state = dict(sql(review_db, "SELECT article_id, status FROM review_state WHERE status IS NOT NULL"))
    assert state == {ids[0]: "ok"}
    assert "Undone" in _text(at)
    _click(at, "review_undo_button")
    assert _current(at) == ids[0]
    assert sql(review_db, "SELECT count(*) FROM review_state WHERE status IS NOT NULL") == [(0,)]
    # Nothing is erased: both decisions and both undos are in the history, and the page lists them.
    kinds = [r[0] for r in sql(review_db, "SELECT kind FROM review_events ORDER BY id")]
    assert kinds == ["status", "status", "undo", "undo"]
    assert _progress(at).startswith(f"**0 of {TOTAL} reviewed**")
    history = _text(at)
    assert "~~" in history and "marked **OK**" in history


def test_chart_selection_becomes_the_queue(review_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["review_reviewer"] = "Ana"
    at.session_state["cov_granularity"] = "month"
    checked(at.run())
    chart_key = next(k for k in at.session_state if str(k).startswith("coverage_"))
    at.session_state[chart_key] = {"selection": {"pick": [{"topic": "Economy", "period_key": "2024-02-01"}]}}
    checked(at.run())
    expected = [
        r[0]
        for r in sql(
            review_db,
            """SELECT a.id FROM articles a JOIN article_topics x ON x.article_id = a.id
               WHERE x.topic_id = 'rule:Economy' AND a.published_day BETWEEN '2024-02-01' AND '2024-02-29'
               ORDER BY a.published_day DESC, a.published DESC, a.id""",
        )
    ]
    n = len(expected)
    assert 1 < n < TOTAL
    button = at.button(key="review_these")
    assert button.label == f"Review these {n} articles"
    _click(at, "review_these")

    assert any("**Economy, February 2024**" in m.value for m in at.sidebar.markdown)
    assert _progress(at) == f"**0 of {n} reviewed** · article 1 of {n}"
    assert at.button(key="review_previous").disabled
    seen = [_current(at)]
    for _ in range(n - 1):
        _click(at, "review_next")
        seen.append(_current(at))
    assert seen == expected
    assert at.button(key="review_next").disabled
    spec = json.loads(_params(at)["review_queue"])
    assert spec["f"] == {"start": "2024-02-01", "end": "2024-02-29", "topics": ["rule:Economy"]}


def test_queue_position_survives_a_reload(review_db: Path) -> None:
    ids = [r[0] for r in sql(review_db, NEWEST)]
    at = _open()
    for _ in range(3):
        _click(at, "review_next")
    _click(at, "review_ok")
    assert _current(at) == ids[4]
    params = _params(at)
    assert params["review_pos"] == "5"

    again = _open(params=params)  # a reload: a new session with the same URL
    assert _current(again) == ids[4]
    assert _progress(again) == f"**1 of {TOTAL} reviewed** · article 5 of {TOTAL}"
    # The id wins over the position when the queue has moved: the same article shows.
    moved = _open(params={**params, "review_pos": "1"})
    assert _current(moved) == ids[4]


def test_a_reload_keeps_the_queue_a_correction_changed(review_db: Path) -> None:
    feb = [
        r[0]
        for r in sql(
            review_db,
            "SELECT id FROM articles WHERE published_day BETWEEN '2024-02-01' AND '2024-02-29' "
            "ORDER BY published_day DESC, published DESC, id",
        )
    ]
    n = len(feb)
    spec = json.dumps({"f": {"start": "2024-02-01", "end": "2024-02-29"}, "l": "February", "o": "newest"})
    at = _open(params={"review_queue": spec})
    assert _progress(at).endswith(f"article 1 of {n}")
    at.date_input(key=_key(at, "review_fix_published_day_")).set_value(dt.date(2023, 6, 1))  # out of February
    checked(next(b for b in at.button if b.label == "Save corrections").click().run())
    _click(at, "review_next")
    _click(at, "review_next")
    assert _progress(at).endswith(f"article 3 of {n}"), "the session's queue is frozen"
    params = _params(at)

    again = _open(params=params)
    assert _progress(again).endswith(f"article 3 of {n}"), "a reload gets the same frozen queue"
    assert _current(again) == feb[2]
    # Without the token (the server restarted), the queue is computed again: one article fewer, same article.
    restarted = _open(params={k: v for k, v in params.items() if k != "review_q"})
    assert _progress(restarted).endswith(f"article 2 of {n - 1}")
    assert _current(restarted) == feb[2]


def test_corrections_show_beside_the_extracted_values(review_db: Path) -> None:
    at = _open()
    aid = _current(at)
    ((title, day),) = sql(review_db, "SELECT title, published_day FROM articles WHERE id = ?", [aid])
    assert day is not None
    new_day = dt.date(2023, 5, 4)
    at.date_input(key=_key(at, "review_fix_published_day_")).set_value(new_day)
    at.text_input(key=_key(at, "review_fix_title_")).set_value("A corrected headline")
    checked(next(b for b in at.button if b.label == "Save corrections").click().run())

    view = sql(
        review_db,
        "SELECT title, published_day, title_extracted, published_day_extracted FROM article_view WHERE id = ?",
        [aid],
    )
    assert view == [("A corrected headline", new_day, title, day)]
    assert _current(at) == aid, "a correction does not move on"
    assert at.date_input(key=_key(at, "review_fix_published_day_")).value == new_day
    assert any(h.value == "A corrected headline" for h in at.subheader)
    shown_day = day.isoformat().replace("-", "\\-")  # as safe_text escapes it
    date_label = at.date_input(key=_key(at, "review_fix_published_day_")).label
    assert date_label == f"Publication date :orange[· corrected · extracted: {shown_day}]"
    title_label = at.text_input(key=_key(at, "review_fix_title_")).label
    assert title_label.startswith("Title :orange[· corrected · extracted: Report ") and "\\:" in title_label
    section_label = at.text_input(key=_key(at, "review_fix_section_")).label
    assert section_label == "Section :gray[· extracted]", "an uncorrected field says it is the extracted value"
    assert at.text_input(key=_key(at, "review_fix_authors_")).label == "Authors :gray[· extracted from byline]"

    # The dashboard's reader shows the corrected values too, each with the extracted one beside it.
    reader = AppTest.from_file(APP, default_timeout=TIMEOUT)
    reader.session_state["reader_article"] = aid
    body = "\n".join(m.value for m in checked(reader.run()).markdown)
    new_shown = new_day.isoformat().replace("-", "\\-")
    assert f"**Published** {new_shown} :gray[· corrected by a reviewer · extracted" in body
    assert "**Title** A corrected headline :gray[· corrected by a reviewer · extracted\\: Report" in body

    # Undo takes the whole save back; a date set back to the extracted one clears that correction.
    _click(at, "review_undo_button")
    assert sql(review_db, "SELECT title, published_day FROM article_view WHERE id = ?", [aid]) == [(title, day)]
    at.date_input(key=_key(at, "review_fix_published_day_")).set_value(new_day)
    checked(next(b for b in at.button if b.label == "Save corrections").click().run())
    assert sql(review_db, "SELECT published_day FROM article_view WHERE id = ?", [aid]) == [(new_day,)]
    at.date_input(key=_key(at, "review_fix_published_day_")).set_value(day)
    checked(next(b for b in at.button if b.label == "Save corrections").click().run())
    assert sql(review_db, "SELECT published_day FROM article_view WHERE id = ?", [aid]) == [(day,)]
    assert sql(review_db, "SELECT count(*) FROM review_state WHERE published_day IS NOT NULL") == [(0,)]


def test_note_is_saved_with_the_reviewer(review_db: Path) -> None:
    at = _open()
    aid = _current(at)
    checked(at.text_area(key=_key(at, "review_note_")).set_value("Byline is the desk, not a person").run())
    assert sql(review_db, "SELECT note, reviewer FROM review_state WHERE article_id = ?", [aid]) == [
        ("Byline is the desk, not a person", "Ana")
    ]
    assert at.text_area(key=_key(at, "review_note_")).value == "Byline is the desk, not a person"


def test_article_link_opens_the_reader(review_db: Path) -> None:
    ((aid, title),) = sql(
        review_db, "SELECT id, title FROM articles WHERE published_day IS NOT NULL ORDER BY id LIMIT 1"
    )
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["article"] = aid
    checked(at.run())
    assert at.session_state["reader_article"] == aid
    assert any(h.value == title.replace(":", "\\:") for h in at.header)
    assert "article" not in at.query_params, "the link is read once"
    # The review page offers the same link for the article under review.
    review = _open()
    links = [c.value for c in at.get("code")] + [c.value for c in review.get("code")]
    assert any(link.endswith(f"/?article={_current(review)}") for link in links), links


def test_flag_is_a_queue(review_db: Path) -> None:
    store = Store(review_db)
    try:
        con = store.cursor()
        newest = [r[0] for r in con.execute(f"SELECT id FROM ({NEWEST}) LIMIT 30").fetchall()][5::10]
        some = con.execute("SELECT doc, id FROM articles WHERE list_contains(?, id)", [newest]).fetchall()
        with store.writer("a test") as w:
            w.add_part(
                "flags", tuples_table(FLAG_ROW_SCHEMA, [(doc, aid, "boilerplate", "menu lines") for doc, aid in some])
            )
        flagged = [
            r[0]
            for r in store.cursor()
            .execute(
                f"SELECT id FROM ({NEWEST}) WHERE id IN "
                "(SELECT article_id FROM article_flags WHERE flag = 'boilerplate')"
            )
            .fetchall()
        ]
    finally:
        store.close()
    n = len(flagged)
    assert n >= 3
    at = _open()
    picker = at.selectbox(key="review_flag_pick")
    assert f"Looks like boilerplate · {n}" in picker.options
    checked(picker.set_value("boilerplate").run())
    assert _progress(at) == f"**0 of {n} reviewed** · article 1 of {n}"
    seen = [_current(at)]
    for _ in range(n - 1):
        _click(at, "review_next")
        seen.append(_current(at))
    assert seen == flagged
    assert "Looks like boilerplate" in _text(at)


def test_hostile_article_is_escaped(review_db: Path) -> None:
    spec = json.dumps({"f": {"search": "bell"}, "l": "bell", "o": "newest"})
    at = _open(params={"review_queue": spec})
    assert _progress(at).endswith("article 1 of 1")
    everything = _text(at)
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in everything
    assert "<script" not in everything and "<img" not in everything


def test_import_reports_and_wipe_asks_first(review_db: Path) -> None:
    ids = [r[0] for r in sql(review_db, NEWEST)]
    at = _open()
    _click(at, "review_ok")
    rows = ["id,status,note", f"{ids[0]},ok,", f"{ids[1]},irrelevant,off topic", "nosuchid000000000,ok,"]
    at.sidebar.file_uploader[0].set_value([("decisions.csv", "\n".join(rows).encode(), "text/csv")])
    checked(at.run())
    _click(at, "review_import_go")
    summary = " ".join(s.value for s in at.success)
    assert "**1 merged**, 1 skipped (already so), 1 could not be matched" in summary
    assert "nosuchid000000000" in _text(at)
    assert dict(sql(review_db, "SELECT article_id, status FROM review_state")) == {ids[0]: "ok", ids[1]: "irrelevant"}

    _click(at, "review_wipe")
    assert sql(review_db, "SELECT count(*) FROM review_state") == [(2,)], "nothing is wiped before the confirmation"
    _click(at, "review_wipe_confirm")
    assert sql(review_db, "SELECT count(*) FROM review_state") == [(0,)]
    assert any("Wiped the decisions on 2 articles" in s.value for s in at.success)
    assert _progress(at).startswith(f"**0 of {TOTAL} reviewed**")
