"""Two reviewers at once, as two Streamlit sessions on one server: one shared DuckDB connection, a cursor per
thread, decisions on the same and on different articles at the same moment, with an ingest running beside them.
Nothing may fail, and nothing may be lost: every event is in the history and the state agrees with it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from newsdesk.ingest import ingest
from newsdesk.review import decisions as review
from newsdesk.store import Store

ROUNDS = 60


@pytest.fixture
def store(app_store: Store) -> Store:
    return app_store


def _reviewer(store: Store, name: str, shared: str, own: list[str], barrier: threading.Barrier, log: dict) -> None:
    cur = store.cursor()  # one cursor per thread, like one per Streamlit script run
    barrier.wait()
    mine: list[int] = []
    last_own: dict[str, str] = {}
    for i in range(ROUNDS):
        status = review.STATUSES[1 + (i + len(name)) % 4]
        mine.append(review.decide(cur, shared, status, reviewer=name, note=f"{name} round {i}"))
        target = own[i % len(own)]
        mine.append(review.decide(cur, target, status, reviewer=name))
        last_own[target] = status
        if i % 5 == 0:
            mine.append(review.correct(cur, shared, "title", f"{name} title {i}", reviewer=name))
    log[name] = {"events": mine, "last_own": last_own}


def _ingest_meanwhile(store: Store, folder: Path, barrier: threading.Barrier, log: dict) -> None:
    barrier.wait()
    log["ingest"] = ingest(store, [folder]).articles


def test_two_reviewers_and_an_ingest_lose_nothing(store: Store, tmp_path: Path) -> None:
    ids = [r[0] for r in store.cursor().execute("SELECT id FROM articles ORDER BY id").fetchall()]
    shared, ann_own, bob_own = ids[0], ids[1:6], ids[6:11]
    folder = tmp_path / "more"
    folder.mkdir()
    body = "The ferry company said on Friday that winter timetables would start a week early. " * 8
    records = [{"url": f"https://ferry.example/{i}", "title": f"Ferry {i}", "text": body + str(i)} for i in range(30)]
    (folder / "more.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    log: dict = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def guard(fn, *args):  # noqa: ANN001, ANN202
        def run() -> None:
            try:
                fn(*args)
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
                barrier.abort()

        return threading.Thread(target=run)

    threads = [
        guard(_reviewer, store, "ann", shared, ann_own, barrier, log),
        guard(_reviewer, store, "bob", shared, bob_own, barrier, log),
        guard(_ingest_meanwhile, store, folder, barrier, log),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert log["ingest"] == 30
    cur = store.cursor()

    # every event of both reviewers is in the history, with its reviewer
    expected = {eid: name for name in ("ann", "bob") for eid in log[name]["events"]}
    stored = dict(
        cur.execute("SELECT id, reviewer FROM review_events WHERE kind IN ('status', 'correction')").fetchall()
    )
    assert stored == expected
    notes = cur.execute("SELECT reviewer, count(*) FROM review_events WHERE kind = 'note' GROUP BY 1 ORDER BY 1")
    assert notes.fetchall() == [("ann", ROUNDS), ("bob", ROUNDS)]

    # different articles: each reviewer's last decision stands
    for name in ("ann", "bob"):
        for aid, status in log[name]["last_own"].items():
            st = review.state(cur, aid)
            assert (st.status, st.reviewer) == (status, name)

    # the shared article: both histories are kept, and the state is the last decision, whoever made it
    hist = review.state(cur, shared).history
    assert {e["reviewer"] for e in hist} == {"ann", "bob"}
    assert sum(e["kind"] == "status" for e in hist) == 2 * ROUNDS
    last_status = max((e for e in hist if e["kind"] == "status"), key=lambda e: e["id"])
    last_title = max((e for e in hist if e["kind"] == "correction"), key=lambda e: e["id"])
    view = cur.execute("SELECT review_status, title FROM article_view WHERE id = ?", [shared]).fetchone()
    assert view == (last_status["value"], last_title["value"])

    # the materialised state agrees with a derivation from the whole history
    assert _latest(cur) == _derived(cur)


def _latest(cur) -> list[tuple]:  # noqa: ANN001
    return cur.execute("SELECT * EXCLUDE (doc) FROM review_latest ORDER BY article_id").fetchall()


def _derived(cur) -> list[tuple]:  # noqa: ANN001
    return cur.execute("SELECT * FROM review_state ORDER BY article_id").fetchall()


def test_undo_races_never_undo_one_action_twice(store: Store) -> None:
    ids = [r[0] for r in store.cursor().execute("SELECT id FROM articles ORDER BY id LIMIT 20").fetchall()]
    cur = store.cursor()
    for aid in ids:
        review.decide(cur, aid, "ok", reviewer="ann")
    barrier = threading.Barrier(2)
    undone: list[int | None] = []

    def press_undo() -> None:
        c = store.cursor()
        barrier.wait()
        for _ in range(5):
            undone.append(review.undo(c, reviewer="ann"))

    threads = [threading.Thread(target=press_undo) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    targets = [r[0] for r in cur.execute("SELECT undoes FROM review_events WHERE kind = 'undo'").fetchall()]
    assert len(targets) == len(set(targets)) == 10
    assert review.status_counts(cur, ids)["ok"] == 10
    assert _latest(cur) == _derived(cur)
