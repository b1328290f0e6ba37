"""newsdesk.review.decisions: decisions, notes, corrections, undo, queue, export/import, survival across restarts and
re-ingest. Each test works on its own copy of the `app_db` fixture corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsdesk import cli
from newsdesk.analysis.queries import Filters
from newsdesk.ingest import ingest
from newsdesk.review import decisions as review
from newsdesk.store import Store


@pytest.fixture
def store(app_store: Store) -> Store:
    return app_store


def ids_by_date(store: Store) -> list[str]:
    """Every id, newest first, undated last: computed here from the table, not through review.queue."""
    rows = store.cursor().execute("SELECT id, published_day FROM articles").fetchall()
    dated = sorted((r for r in rows if r[1] is not None), key=lambda r: (-r[1].toordinal(), r[0]))
    return [r[0] for r in dated] + sorted(r[0] for r in rows if r[1] is None)


def test_decide_sets_status_and_note_and_counts(store: Store) -> None:
    cur = store.cursor()
    a, b, c = ids_by_date(store)[:3]
    review.decide(cur, a, "ok", reviewer="ann")
    review.decide(cur, b, "needs_fix", reviewer="ann", note="date looks wrong")
    review.decide(cur, c, "irrelevant", reviewer="bob")
    st = review.state(cur, b)
    assert (st.status, st.note, st.reviewer) == ("needs_fix", "date looks wrong", "ann")
    assert review.state(cur, ids_by_date(store)[5]).status == "unreviewed"
    counts = review.status_counts(cur)
    total = len(ids_by_date(store))
    assert counts == {"unreviewed": total - 3, "ok": 1, "needs_fix": 1, "irrelevant": 1, "flagged": 0}
    assert review.status_counts(cur, [a, b]) == {
        "unreviewed": 0,
        "ok": 1,
        "needs_fix": 1,
        "irrelevant": 0,
        "flagged": 0,
    }
    review.set_note(cur, b, "", reviewer="bob")
    assert review.state(cur, b).note is None


def test_bad_input_is_refused(store: Store) -> None:
    cur = store.cursor()
    a = ids_by_date(store)[0]
    with pytest.raises(ValueError):
        review.decide(cur, a, "great", reviewer="ann")
    with pytest.raises(ValueError):
        review.decide(cur, a, "ok", reviewer="  ")
    with pytest.raises(KeyError):
        review.decide(cur, "no-such-article", "ok", reviewer="ann")
    with pytest.raises(ValueError):
        review.correct(cur, a, "text", "x", reviewer="ann")
    with pytest.raises(ValueError):
        review.correct(cur, a, "topics", ["disc:1"], reviewer="ann")
    assert cur.execute("SELECT count(*) FROM review_events").fetchone() == (0,)


def test_corrections_keep_the_extracted_value_and_none_clears(store: Store) -> None:
    cur = store.cursor()
    a = ids_by_date(store)[0]
    title, day, authors, section = cur.execute(
        "SELECT title, published_day, authors, section FROM articles WHERE id = ?", [a]
    ).fetchone()
    review.correct(cur, a, "title", "A better headline", reviewer="ann")
    review.correct(cur, a, "published_day", dt.date(2023, 12, 24), reviewer="ann")
    review.correct(cur, a, "authors", "Zoe Park; Ann Lee", reviewer="ann")
    review.correct(cur, a, "section", "Local", reviewer="ann")
    review.correct(cur, a, "topics", ["Sport", "rule:Health"], reviewer="ann")
    corr = review.state(cur, a).corrections
    assert corr["title"] == (title, "A better headline")
    assert corr["published_day"] == (day, dt.date(2023, 12, 24))
    assert corr["authors"] == (authors, ["Zoe Park", "Ann Lee"])
    assert corr["section"] == (section, "Local")
    assert corr["topics"][1] == ["rule:Health", "rule:Sport"]
    review.correct(cur, a, "title", None, reviewer="ann")
    review.correct(cur, a, "published_day", "", reviewer="ann")
    assert set(review.state(cur, a).corrections) == {"authors", "section", "topics"}


def test_undo_walks_back_this_reviewers_actions_only(store: Store) -> None:
    cur = store.cursor()
    a, b = ids_by_date(store)[:2]
    review.decide(cur, a, "ok", reviewer="ann")
    review.decide(cur, b, "flagged", reviewer="bob")
    review.decide(cur, a, "needs_fix", reviewer="ann", note="title cut off")
    assert review.undo(cur, reviewer="ann") is not None  # the decision and its note, as one action
    st = review.state(cur, a)
    assert (st.status, st.note) == ("ok", None)
    assert review.undo(cur, reviewer="ann") is not None
    assert review.state(cur, a).status == "unreviewed"
    assert review.undo(cur, reviewer="ann") is None  # nothing left of ann's
    assert review.state(cur, b).status == "flagged"  # bob's decision untouched
    hist = review.state(cur, a).history
    assert [e["kind"] for e in hist] == ["status", "status", "note", "undo", "undo", "undo"]
    assert not any(e["live"] for e in hist)


def test_undo_by_event_id_and_another_reviewers_later_decision_wins(store: Store) -> None:
    cur = store.cursor()
    a = ids_by_date(store)[0]
    first = review.decide(cur, a, "ok", reviewer="ann")
    review.decide(cur, a, "irrelevant", reviewer="bob")
    assert review.state(cur, a).status == "irrelevant"
    review.undo(cur, reviewer="ann", event_id=first)
    assert review.state(cur, a).status == "irrelevant"
    assert review.undo(cur, reviewer="ann", event_id=first) is None  # already undone
    review.undo(cur, reviewer="bob")
    assert review.state(cur, a).status == "unreviewed"


def test_every_write_bumps_the_data_version(store: Store) -> None:
    cur = store.cursor()
    a = ids_by_date(store)[0]
    seen = [store.data_version()]
    review.decide(cur, a, "ok", reviewer="ann")
    seen.append(review.bump(cur))
    review.correct(cur, a, "title", "T", reviewer="ann")
    seen.append(store.data_version())
    review.undo(cur, reviewer="ann")
    seen.append(store.data_version())
    review.wipe_decisions(cur)
    seen.append(store.data_version())
    assert seen == sorted(set(seen))


def test_queue_newest_first_with_undated_last(store: Store) -> None:
    cur = store.cursor()
    assert review.queue(cur, Filters()) == ids_by_date(store)
    assert review.queue(cur, Filters(), limit=5) == ids_by_date(store)[:5]
    march = review.queue(cur, Filters(start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31)))
    days = [
        d for (d,) in cur.execute("SELECT published_day FROM articles WHERE list_contains(?, id)", [march]).fetchall()
    ]
    assert march and all(dt.date(2024, 3, 1) <= d <= dt.date(2024, 3, 31) for d in days)


def _strata(store: Store, ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    """Each article's possible (rule topic, month) strata, from the tables."""
    rows = (
        store.cursor()
        .execute(
            """SELECT a.id, coalesce(t.topic_id, ''), coalesce(strftime(a.published_day, '%Y-%m'), '')
           FROM articles a LEFT JOIN article_topics t ON t.article_id = a.id AND t.topic_id LIKE 'rule:%'
           WHERE list_contains(?, a.id)""",
            [ids],
        )
        .fetchall()
    )
    out: dict[str, set[tuple[str, str]]] = {}
    for aid, topic, month in rows:
        out.setdefault(aid, set()).add((topic, month))
    return out


def test_sample_queue_is_seeded_and_spread_over_topics_and_months(store: Store) -> None:
    cur = store.cursor()
    every = review.queue(cur, Filters(), order="sample", seed=7)
    assert sorted(every) == sorted(ids_by_date(store))
    assert review.queue(cur, Filters(), order="sample", seed=7) == every
    assert review.queue(cur, Filters(), order="sample", seed=8) != every
    # 4 topics x 3 months: the first twelve of the sample cover at least eight different (topic, month) cells,
    # where the newest-first queue's first twelve (a few weeks of March) cover at most the three March cells x topics.
    first = every[:12]
    strata = _strata(store, first)
    months = {m for aid in first for _, m in strata[aid]}
    assert len(months) >= 3
    topics = {t for aid in first for t, _ in strata[aid]}
    assert len(topics) >= 4
    newest = review.queue(cur, Filters(), limit=12)
    assert len({m for aid in newest for _, m in _strata(store, newest)[aid]}) < len(months)


def test_status_and_flag_filters_make_queues(store: Store) -> None:
    cur = store.cursor()
    a, b, c = ids_by_date(store)[:3]
    review.decide(cur, a, "needs_fix", reviewer="ann")
    review.decide(cur, b, "irrelevant", reviewer="ann")
    assert review.queue(cur, Filters(statuses=("needs_fix",))) == [a]
    assert set(review.queue(cur, Filters(statuses=("needs_fix", "irrelevant")))) == {a, b}
    unreviewed = review.queue(cur, Filters(statuses=("unreviewed",)))
    assert c in unreviewed and a not in unreviewed and b not in unreviewed
    assert b not in review.queue(cur, Filters(hide_irrelevant=True))
    undated = review.queue(cur, Filters(flags=("no_date",)))
    expected = {r[0] for r in cur.execute("SELECT id FROM articles WHERE published_day IS NULL").fetchall()}
    assert set(undated) == expected and expected


def test_next_unreviewed_skips_decided_and_wraps(store: Store) -> None:
    cur = store.cursor()
    ids = ids_by_date(store)[:6]
    assert review.next_unreviewed(cur, ids, None) == ids[0]
    review.decide(cur, ids[1], "ok", reviewer="ann")
    review.decide(cur, ids[2], "ok", reviewer="ann")
    assert review.next_unreviewed(cur, ids, ids[0]) == ids[3]
    assert review.next_unreviewed(cur, ids, ids[5]) == ids[0]  # round to the start
    assert review.next_unreviewed(cur, ids, "not-in-queue") == ids[0]
    for aid in ids:
        review.decide(cur, aid, "ok", reviewer="ann")
    assert review.next_unreviewed(cur, ids, ids[3]) is None
    assert review.next_unreviewed(cur, [], None) is None


def _review_some(store: Store) -> dict[str, tuple[str, str | None, dict[str, object]]]:
    cur = store.cursor()
    ids = ids_by_date(store)
    review.decide(cur, ids[0], "ok", reviewer="ann")
    review.decide(cur, ids[1], "needs_fix", reviewer="bob", note="byline, not author")
    review.correct(cur, ids[1], "authors", ["Ann Lee"], reviewer="bob")
    review.correct(cur, ids[2], "published_day", "2024-01-02", reviewer="ann")
    review.correct(cur, ids[2], "topics", ["Climate"], reviewer="ann")
    review.decide(cur, ids[3], "irrelevant", reviewer="ann", note='quotes "and", commas; semicolons')
    review.correct(cur, ids[3], "title", "Title, with a comma", reviewer="ann")
    review.correct(cur, ids[4], "section", "Opinion", reviewer="bob")
    out = {}
    for aid in ids[:5]:
        st = review.state(cur, aid)
        out[aid] = (st.status, st.note, {f: v[1] for f, v in st.corrections.items()})
    return out


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_wipe_import_gets_everything_back(store: Store, fmt: str) -> None:
    cur = store.cursor()
    before = _review_some(store)
    data = review.export_decisions(cur, fmt)  # type: ignore[arg-type]
    assert review.wipe_decisions(cur) == 5
    assert review.status_counts(cur)["unreviewed"] == len(ids_by_date(store))
    assert all(review.state(cur, aid).corrections == {} for aid in before)
    report = review.import_decisions(cur, data, fmt)  # type: ignore[arg-type]
    assert (report.merged, report.skipped, report.unmatched) == (5, 0, [])
    after = {}
    for aid in before:
        st = review.state(cur, aid)
        after[aid] = (st.status, st.note, {f: v[1] for f, v in st.corrections.items()})
    assert after == before
    assert review.state(cur, ids_by_date(store)[1]).reviewer == "bob"  # the row's reviewer, not the importer
    again = review.import_decisions(cur, data, fmt)  # type: ignore[arg-type]
    assert (again.merged, again.skipped) == (0, 5)


def test_export_columns_and_extracted_values(store: Store) -> None:
    cur = store.cursor()
    _review_some(store)
    lines = review.export_decisions(cur, "jsonl").decode().splitlines()
    rows = {r["id"]: r for r in map(json.loads, lines)}
    ids = ids_by_date(store)
    title_x = cur.execute("SELECT title FROM articles WHERE id = ?", [ids[3]]).fetchone()[0]
    row = rows[ids[3]]
    assert (row["title"], row["title_extracted"], row["corrected"]) == ("Title, with a comma", title_x, ["title"])
    assert rows[ids[2]]["published_day"] == "2024-01-02"
    assert rows[ids[2]]["topics"] == ["Climate"]
    assert set(row) == set(review.EXPORT_COLUMNS)
    header = review.export_decisions(cur, "csv").decode().splitlines()[0]
    assert header.split(",") == review.EXPORT_COLUMNS


def test_import_matches_by_url_and_reports_unmatched(store: Store) -> None:
    cur = store.cursor()
    a, b = ids_by_date(store)[:2]
    url_a = cur.execute("SELECT url FROM articles WHERE id = ?", [a]).fetchone()[0]
    data = (
        "id,url,status,note,reviewer,time\n"
        f",{url_a},flagged,from a colleague,cara,2024-05-01T10:00:00\n"
        f"{b},,ok,,,\n"
        ",https://nowhere.example/x,ok,,,\n"
        "deadbeefdeadbeef,,ok,,,\n"
    ).encode()
    report = review.import_decisions(cur, data, "csv")
    assert report.merged == 2 and report.skipped == 0
    assert report.unmatched == ["https://nowhere.example/x", "deadbeefdeadbeef"]
    st = review.state(cur, a)
    assert (st.status, st.note, st.reviewer) == ("flagged", "from a colleague", "cara")
    assert st.updated_at == dt.datetime(2024, 5, 1, 10, 0)
    assert review.state(cur, b).reviewer == "import"


def test_wipe_keeps_history(store: Store) -> None:
    cur = store.cursor()
    a = ids_by_date(store)[0]
    review.decide(cur, a, "ok", reviewer="ann")
    review.wipe_decisions(cur, reviewer="ann")
    hist = review.state(cur, a).history
    assert [(e["kind"], e["live"]) for e in hist] == [("status", False), ("wipe", False)]
    assert review.export_decisions(cur, "jsonl") == b""


def _jsonl_corpus(folder: Path, extra: str = "") -> None:
    folder.mkdir(exist_ok=True)
    body = " ".join(["The harbour board met on Monday to discuss the ferry timetable and the new pier."] * 6)
    records = [
        {"url": f"https://port.example/news/{i}", "title": f"Ferry story {i}", "text": f"{body} Item {i}. {extra}"}
        for i in range(4)
    ]
    (folder / "export.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def test_decisions_survive_restart_and_reingest(tmp_path: Path) -> None:
    _jsonl_corpus(tmp_path / "in")
    db = tmp_path / "db.duckdb"
    store = Store(db)
    ingest(store, [tmp_path / "in"])
    ids = [r[0] for r in store.cursor().execute("SELECT id FROM articles ORDER BY url").fetchall()]
    review.decide(store.cursor(), ids[0], "irrelevant", reviewer="ann", note="advert")
    review.correct(store.cursor(), ids[1], "title", "Corrected", reviewer="ann")
    store.close()
    store = Store(db)
    try:
        # the file changes (every article re-extracted with new text): ids are URL-based, so decisions stay
        _jsonl_corpus(tmp_path / "in", extra="Updated later.")
        summary = ingest(store, [tmp_path / "in"])
        assert summary.changed == 1
        cur = store.cursor()
        assert [r[0] for r in cur.execute("SELECT id FROM articles ORDER BY url").fetchall()] == ids
        assert review.state(cur, ids[0]).status == "irrelevant"
        assert cur.execute("SELECT title FROM article_view WHERE id = ?", [ids[1]]).fetchone() == ("Corrected",)
    finally:
        store.close()


def test_cli_review_export_and_import(store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before = _review_some(store)
    db = str(store.path)
    store.close()
    out = tmp_path / "decisions.jsonl"
    assert cli.main(["review-export", "--db", db, "--format", "jsonl", "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == len(before)
    s = Store(db)
    review.wipe_decisions(s.cursor())
    s.close()
    capsys.readouterr()
    assert cli.main(["review-import", str(out), "--db", db]) == 0
    assert capsys.readouterr().out.startswith("5 merged, 0 skipped")
    assert cli.main(["review-export", "--db", db]) == 0
    csv_text = capsys.readouterr().out
    assert csv_text.splitlines()[0].startswith("id,url,title,") and len(csv_text.splitlines()) == 6
    assert cli.main(["review-import", str(tmp_path / "missing.csv"), "--db", db]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    assert cli.main(["review-import", str(bad), "--db", db]) == 2
    assert "not a jsonl decisions file" in capsys.readouterr().err


def test_materialised_state_matches_the_history_after_any_sequence(store: Store) -> None:
    """review_latest, kept up to date write by write, equals a derivation of the whole history by the SQL view;
    and a store reopened after the table was damaged rebuilds it from the history."""
    import random

    cur = store.cursor()
    ids = ids_by_date(store)[:8]
    rng = random.Random(4)
    values = {"title": ["A", "B", None], "section": ["X", None], "published_day": ["2024-01-09", None],
              "authors": [["P Q"], []], "topics": [["Sport"], [], None]}  # fmt: skip
    for step in range(120):
        aid, who = rng.choice(ids), rng.choice(("ann", "bob"))
        action = rng.random()
        if action < 0.4:
            review.decide(cur, aid, rng.choice(review.STATUSES), reviewer=who, note=rng.choice([None, "", "n"]))
        elif action < 0.7:
            fld = rng.choice(review.CORRECTABLE)
            review.correct(cur, aid, fld, rng.choice(values[fld]), reviewer=who)
        elif action < 0.95:
            review.undo(cur, reviewer=who)
        elif step % 3 == 0:
            data = review.export_decisions(cur, "jsonl")
            review.wipe_decisions(cur)
            review.import_decisions(cur, data, "jsonl")
        latest = cur.execute("SELECT * EXCLUDE (doc) FROM review_latest ORDER BY article_id").fetchall()
        assert latest == cur.execute("SELECT * FROM review_state ORDER BY article_id").fetchall()
    before = cur.execute("SELECT * FROM review_latest ORDER BY article_id").fetchall()
    assert before
    cur.execute("DELETE FROM review_latest")
    path = store.path
    store.close()
    reopened = Store(path)
    try:
        assert reopened.cursor().execute("SELECT * FROM review_latest ORDER BY article_id").fetchall() == before
    finally:
        reopened.close()


def test_import_matches_a_url_written_differently(tmp_path: Path) -> None:
    """An export from another copy of the corpus may carry the page's URL with tracking or http/www: it still
    names the same article, whose id is the hash of the canonical URL."""
    _jsonl_corpus(tmp_path / "in")
    store = Store(tmp_path / "db.duckdb")
    try:
        ingest(store, [tmp_path / "in"])
        data = b"url,status\nhttp://www.port.example/news/2/?utm_source=mail,irrelevant\n"
        report = review.import_decisions(store.cursor(), data, "csv")
        assert (report.merged, report.unmatched) == (1, [])
        row = store.cursor().execute("SELECT url, review_status FROM article_view WHERE review_status <> 'unreviewed'")
        assert row.fetchall() == [("https://port.example/news/2", "irrelevant")]
    finally:
        store.close()


def test_next_unreviewed_past_many_decided_articles(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review, "PROBE_SIZE", 2)  # so the queue outruns the probes and the full read takes over
    cur = store.cursor()
    ids = ids_by_date(store)[:20]
    for aid in ids[:15]:
        review.decide(cur, aid, "ok", reviewer="ann")
    assert review.next_unreviewed(cur, ids, None) == ids[15]
    assert review.next_unreviewed(cur, ids, ids[17]) == ids[18]
    assert review.next_unreviewed(cur, ids, ids[19]) == ids[15]  # round past the decided start
    for aid in ids[15:]:
        review.decide(cur, aid, "flagged", reviewer="ann")
    assert review.next_unreviewed(cur, ids, ids[3]) is None
