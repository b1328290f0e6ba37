"""newsdesk.ingest at the edges of a real machine: a SIGKILL in the middle of a batch, pool workers that must die with
the ingest, a re-run that finishes the job exactly once, and batches that show up while the ingest is still running.
The ingests run through the CLI in their own processes, as people run them."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk import cli, ingest
from newsdesk.store import Store, parts

REPO = Path(__file__).resolve().parent.parent
FILES, PER_FILE = 30, 100  # 3,000 articles: long enough on two cores to be killed after a few batches
BATCH = 100  # articles per commit in these runs
KILL_AFTER = 3 * BATCH  # articles committed before the kill


def _corpus(folder: Path) -> int:
    """JSONL files of invented stories, each URL unique; returns how many articles they hold."""
    rng = random.Random(7)
    words = "council harbour budget ferry school hospital election court storm rail museum market".split()
    folder.mkdir(parents=True)
    for f in range(FILES):
        lines = []
        for r in range(PER_FILE):
            body = " ".join(rng.choice(words) for _ in range(120))
            lines.append(
                json.dumps(
                    {
                        "url": f"https://kill-test.example/{f}/{r}",
                        "title": f"Story {f}-{r} about the {rng.choice(words)}",
                        "published": f"2024-0{1 + f % 9}-1{r % 10}",
                        "language": "en",
                        "text": f"{body.capitalize()}.\n\n{body}.",
                    }
                )
            )
        (folder / f"part-{f:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return FILES * PER_FILE


def _cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsdesk", "ingest", str(folder), "--db", str(db), "--workers", "2"] + [
        "--batch",
        str(BATCH),
        "--quiet",
    ]


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (the pool's forkserver and its workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _count(db: Path, sql: str) -> int:
    store = Store(db, read_only=True)
    try:
        row = store.cursor().execute(sql).fetchone()
        return int(row[0]) if row else 0
    finally:
        store.close()


def test_sigkill_mid_batch_loses_nothing_leaves_no_worker_and_a_rerun_stores_each_article_once(
    tmp_path: Path,
) -> None:
    folder, db = tmp_path / "in", tmp_path / "store"
    total = _corpus(folder)
    Store(db).close()
    proc = subprocess.Popen(_cmd(folder, db), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 240
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            workers |= _descendants(proc.pid)
            stored = _count(db, "SELECT count(*) FROM articles")
            if stored >= KILL_AFTER:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the ingest finished before it could be killed: make the corpus larger"
        assert stored >= KILL_AFTER
        workers |= _descendants(proc.pid)
        assert len(workers) >= 2, "the pool should have started (a forkserver and its workers)"
        os.kill(proc.pid, signal.SIGKILL)  # the ingest only: its workers must notice on their own
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not [p for p in workers if _alive(p)], "pool processes outlived the killed ingest"

    after_kill = _count(db, "SELECT count(*) FROM articles")
    assert after_kill >= stored, "a committed batch was lost"
    assert after_kill < total

    rerun = subprocess.run(_cmd(folder, db), cwd=REPO, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "resumed" in rerun.stdout or "unchanged" in rerun.stdout
    assert _count(db, "SELECT count(*) FROM articles") == total
    assert _count(db, "SELECT count(DISTINCT id) FROM articles") == total
    store = Store(db, read_only=True)
    try:
        listed = store.catalog.known_files()
        assert {f for f in parts.all_part_files(store.path)} <= listed, "files a killed writer left were not cleaned"
        assert store.writer_info() is None
    finally:
        store.close()


def test_batches_show_while_the_ingest_runs_and_readers_never_wait(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "store"
    total = _corpus(folder)
    reader = Store(db)  # a dashboard's store, open the whole time
    proc = subprocess.Popen(_cmd(folder, db), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[int] = []
    try:
        while proc.poll() is None:
            cur = reader.cursor()
            seen.append(int(cur.execute("SELECT count(*) FROM articles").fetchone()[0]))  # type: ignore[index]
            time.sleep(0.3)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
    finally:
        if proc.poll() is None:
            proc.kill()
    assert any(0 < n < total for n in seen), f"no partial batch was visible while the ingest ran: {seen[:20]}"
    assert seen == sorted(seen), "a reader saw the corpus shrink"
    assert reader.data_version() and reader.cursor().execute("SELECT count(*) FROM articles").fetchone() == (total,)
    reader.close()


def test_the_cli_states_the_same_batch_size_as_ingest() -> None:
    assert cli.FLUSH_ARTICLES == ingest.FLUSH_ARTICLES


def test_an_ingest_killed_after_its_last_batch_has_its_topics_and_flags_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The articles commit batch by batch; discovered topics, duplicate flags and terms come after the last batch.
    An ingest that dies in between (here: discovery raises) leaves a mark in the catalog, and the next ingest, with
    no new file to read, finishes that work for the articles the dead one stored."""
    from newsdesk.analysis import discovery

    first, second = tmp_path / "first", tmp_path / "second"
    _corpus(first)
    (second).mkdir()
    dup = (first / "part-000.jsonl").read_text(encoding="utf-8").splitlines()[0]
    copy = json.loads(dup) | {"url": "https://elsewhere.example/the-same-story"}  # same text, another site
    (second / "more.jsonl").write_text(json.dumps(copy) + "\n", encoding="utf-8")
    store = Store(tmp_path / "db")
    ingest.ingest(store, [first], batch=BATCH)
    placed = "SELECT count(DISTINCT doc) FROM article_topics WHERE topic_id LIKE 'disc:%'"
    duplicates = "SELECT count(*) FROM article_flags WHERE flag = 'duplicate'"
    assert store.cursor().execute(placed).fetchone() == (FILES * PER_FILE,)
    assert store.cursor().execute(duplicates).fetchone() == (0,)

    def dies(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed before discovery finished")

    with monkeypatch.context() as m:
        m.setattr(discovery, "refresh", dies)
        with pytest.raises(RuntimeError, match="killed before discovery"):
            ingest.ingest(store, [second], batch=BATCH)
    assert store.cursor().execute("SELECT count(*) FROM articles").fetchone() == (FILES * PER_FILE + 1,)
    assert store.cursor().execute(placed).fetchone() == (FILES * PER_FILE,)  # the new article is not placed yet
    assert store.meta(ingest.DERIVED_STALE) is not None

    summary = ingest.ingest(store, [second], batch=BATCH)
    assert summary.articles == 0 and "discovered topics" in summary.seconds
    assert store.cursor().execute(placed).fetchone() == (FILES * PER_FILE + 1,)
    assert store.cursor().execute(duplicates).fetchone() == (2,)  # the story and its copy
    assert store.meta(ingest.DERIVED_STALE) is None
    store.close()


def test_task_tags_stay_in_the_ingest_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a task's documents go to a worker: its tags (the file's count, a class of newsdesk.ingest) stay here, so
    a worker never unpickles one (that imported the ingest, DuckDB and Arrow in every worker: ~90 MB each), and each
    task's results still meet its own tags, in order. A tag that cannot be pickled at all proves it never crosses."""
    import threading

    from newsdesk.pool import OrderedPool
    from tests import pool_probe

    unpicklable = threading.Lock()
    tasks = [([(unpicklable, k, i) for i in range(3)], [f"doc {k}.{i}" for i in range(3)]) for k in range(40)]
    monkeypatch.setattr(ingest, "process", pool_probe.shout)
    with OrderedPool(2) as pool:
        out = list(ingest._mapped(pool, iter(tasks)))
    assert [tags for tags, _ in out] == [tags for tags, _ in tasks]
    assert [results for _, results in out] == [[d.upper() for d in docs] for _, docs in tasks]
