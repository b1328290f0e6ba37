"""Discovered topics over a stored corpus of any size: learned on a sample, every article placed by the model.

A corpus of up to `topics.FIT_SAMPLE_DOCS` articles is learned whole at every ingest that changes it (what
`topics.discover_topics` gives for the whole corpus). A larger one is learned from a fixed sample of that many
articles (the smallest hashes of their ids: the same sample on every run), then every article is placed by the
learned model in chunks read from the parts, so memory stays bounded. The model is kept in the store; a later
ingest places only its new articles with it, and learns again only when the corpus has grown REFIT_GROWTH times
since the last fit, or when the person asks for another number of topics. The raw result goes to `disc_raw` parts
and the meta key `discovery`; `topic_admin` lays the person's renames and merges over it.
"""

from __future__ import annotations

import json
import pickle
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from newsdesk.analysis import placing, topic_admin
from newsdesk.analysis.topics import FIT_SAMPLE_DOCS, MAX_DOC_CHARS, TopicModel, fit_topic_model, name_topics
from newsdesk.pool import OrderedPool, release_memory
from newsdesk.store import Store, Writer
from newsdesk.store.core import DISC_RAW_SCHEMA

# Below this many articles there are no discovered topics: clustering a handful of stories only echoes them back.
MIN_ARTICLES_FOR_DISCOVERY = 20
# Learn again once the corpus is this many times the size it was learned on (the new half may hold new subjects);
# until then new articles are placed by the kept model, which costs a fraction of learning.
REFIT_GROWTH = 2.0
STATE_KEY = "discovery_state"  # meta: how the kept model was learned (DiscoveryState as JSON)
SEED = 0
# Articles read and placed per task (their text, TF-IDF rows and mix weights: a few MB), and the number of articles
# to place from which a pool of processes pays for starting (each worker loads the model and sklearn).
PLACE_BATCH = 2_000
MIN_DOCS_FOR_POOL = 20_000
_DOC_TEXT = f"coalesce(title, '') || '\n' || left(coalesce(text, ''), {MAX_DOC_CHARS})"


@dataclass
class DiscoveryState:
    model: str  # blob name of the pickled TopicModel
    fitted_on: int  # articles in the corpus when it was learned
    asked: int | None  # number of topics asked for (None: automatic)
    doc_hi: int  # highest doc placed so far
    topic_of_group: dict[str, int]  # model group -> topic id (topics are numbered by size at the fit)


def _state(cur: duckdb.DuckDBPyConnection) -> DiscoveryState | None:
    row = cur.execute("SELECT value FROM meta WHERE key = ?", [STATE_KEY]).fetchone()
    if not row or not row[0]:
        return None
    try:
        return DiscoveryState(**json.loads(row[0]))
    except (TypeError, ValueError):
        return None


def missing(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether discovery must run although the corpus did not change: enough articles and no discovered topics
    yet, or topics from before their raw result was kept (so renames and merges could not be laid over them)."""
    row = cur.execute("SELECT count(*) FROM articles").fetchone()
    n = int(row[0]) if row else 0
    has = cur.execute("SELECT count(*) FROM topics WHERE kind = 'discovered'").fetchone()
    if has and has[0] > 0:
        return not topic_admin.has_raw_discovery(cur)
    return n >= MIN_ARTICLES_FOR_DISCOVERY and not topic_admin.has_raw_discovery(cur)


def _batches(cur: duckdb.DuckDBPyConnection, after: int) -> Iterator[tuple[list[int], list[str]]]:
    """(docs, texts) of the articles above doc `after`, PLACE_BATCH at a time, in the order the parts hold them
    (a deterministic order; sorting a million texts by doc made DuckDB hold them all, and run out of memory)."""
    reader = (
        cur.cursor()
        .sql(f"SELECT doc, {_DOC_TEXT} AS body FROM articles WHERE doc > ?", params=[after])
        .to_arrow_reader(PLACE_BATCH)
    )
    assert reader is not None
    for batch in reader:
        yield batch.column("doc").to_pylist(), batch.column("body").to_pylist()


def _place(model: TopicModel, cur: duckdb.DuckDBPyConnection, after: int, workers: int = 1) -> tuple[pa.Table, int]:
    """Every article with a doc above `after`, placed (in `workers` processes when there are many): (doc,
    article_id, group, weight) rows and the highest doc. Picks come back as arrays (a million articles are ~1.3
    million picks: 20 MB as arrays, several hundred MB as Python tuples)."""
    chunks: list[tuple[Any, Any, Any]] = []
    row = cur.execute("SELECT count(*), max(doc) FROM articles WHERE doc > ?", [after]).fetchone()
    if not row or not row[0]:
        return pa.table({"doc": pa.array([], pa.int32()), "article_id": pa.array([], pa.string()),
                         "group": pa.array([], pa.int32()), "weight": pa.array([], pa.float64())}), after  # fmt: skip
    if row[0] < MIN_DOCS_FOR_POOL:
        workers = 1
    with OrderedPool(workers, placing.set_model, (pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL),)) as pool:
        chunks.extend(pool.map(placing.place_task, _batches(cur, after)))
    docs = np.concatenate([c[0] for c in chunks]) if chunks else np.zeros(0, np.int32)
    placed = pa.table(
        {
            "doc": pa.array(docs, type=pa.int32()),
            "group": pa.array(np.concatenate([c[1] for c in chunks]) if chunks else np.zeros(0, np.int32)),
            "weight": pa.array(np.concatenate([c[2] for c in chunks]) if chunks else np.zeros(0)),
        }
    )
    ids = cur.cursor()  # its own: a registered table belongs to one cursor
    ids.register("_placed", placed)
    try:
        table = ids.sql(
            """SELECT p.doc, a.id AS article_id, p."group", p.weight
               FROM _placed p JOIN (SELECT doc, id FROM articles WHERE doc > ?) a ON a.doc = p.doc ORDER BY p.doc""",
            params=[after],
        ).to_arrow_table()
    finally:
        ids.unregister("_placed")
    assert table is not None
    return table, int(row[1])


def _raw_rows(placed: pa.Table, topic_of_group: dict[int, int]) -> pa.Table:
    groups = placed.column("group").to_numpy()
    lookup = np.full(max(topic_of_group, default=0) + 1, -1, dtype=np.int32)
    for g, t in topic_of_group.items():
        lookup[g] = t
    topics = lookup[groups] if len(groups) else np.zeros(0, np.int32)
    keep = topics >= 0
    table = pa.table(
        {
            "doc": placed.column("doc"),
            "article_id": placed.column("article_id"),
            "topic": pa.array(topics, type=pa.int32()),
            "weight": placed.column("weight"),
        }
    )
    return table.filter(pa.array(keep)).cast(DISC_RAW_SCHEMA)


def _sample_texts(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """The texts discovery learns from: every article when the corpus is small, else a fixed sample (smallest id
    hashes), in id order (as `discover_topics` orders a corpus)."""
    rows = cur.execute(
        f"""SELECT text FROM (SELECT id, {_DOC_TEXT} AS text FROM articles ORDER BY hash(id), id LIMIT ?)
            WHERE trim(text) <> '' ORDER BY id""",
        [FIT_SAMPLE_DOCS],
    ).fetchall()
    return [str(r[0]) for r in rows]


def _clear(w: Writer, asked: int | None) -> int:
    w.replace_kind("disc_raw")
    w.replace_kind("disc_topics")
    w.set_topics("discovered", [])
    w.set_meta(topic_admin.DISCOVERY_KEY, json.dumps({"topics": [], "n_topics": asked}))
    w.set_meta(STATE_KEY, None)
    return 0


def refresh(
    w: Writer,
    n_topics: int | None = None,
    *,
    changed: bool = True,
    refit: bool = False,
    choices: topic_admin.Choices | None = None,
    workers: int = 1,
) -> int:
    """Bring discovered topics up to date (staged in `w`): learn again when needed (see the module docstring), else
    place the articles stored since the last run. `n_topics` overrides the person's chosen number. Returns how
    many discovered topics show."""
    cur = w.cursor()
    choices = topic_admin.load_choices(cur) if choices is None else choices
    asked = n_topics if n_topics is not None else choices.n_topics
    row = cur.execute("SELECT count(*) FROM articles").fetchone()
    n = int(row[0]) if row else 0
    if n < MIN_ARTICLES_FOR_DISCOVERY:
        return _clear(w, asked)
    state = _state(cur)
    model = _load(w, state)
    learn = (
        refit
        or state is None
        or model is None
        or state.asked != asked
        or n <= FIT_SAMPLE_DOCS
        or n >= REFIT_GROWTH * state.fitted_on
    )
    if not learn and not changed:
        return topic_admin.apply_choices_with(w, choices=choices)
    if learn:
        return _learn(w, cur, n, asked, choices, state, workers)
    assert state is not None and model is not None
    return _place_new(w, cur, model, state, choices, workers)


def _load(w: Writer, state: DiscoveryState | None) -> TopicModel | None:
    if state is None:
        return None
    data = w.store.blob(state.model)
    if data is None:
        return None
    try:
        model = pickle.loads(data)
    except Exception:  # a model from another version of the libraries: learn again
        return None
    return model if isinstance(model, TopicModel) else None


def _learn(
    w: Writer,
    cur: duckdb.DuckDBPyConnection,
    n: int,
    asked: int | None,
    choices: topic_admin.Choices,
    old: DiscoveryState | None,
    workers: int,
) -> int:
    model = fit_topic_model(_sample_texts(cur), asked, seed=SEED)
    release_memory()  # the fit's matrices, before the placing workers start
    if model is None:
        return _clear(w, asked)
    placed, hi = _place(model, cur, 0, workers)
    sizes = np.bincount(placed.column("group").to_numpy(), minlength=model.k) if placed.num_rows else np.zeros(1)
    new_id, topics = name_topics(model, [int(s) for s in sizes])
    raw_rows = _raw_rows(placed, new_id)
    name = f"discovery-{uuid.uuid4().hex}.pkl"
    w.put_blob(name, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    state = DiscoveryState(name, n, asked, hi, {str(g): t for g, t in new_id.items()})
    raw = [{"id": t.id, "label": t.label, "terms": list(t.terms), "size": t.size} for t in topics]
    w.replace_kind("disc_raw", [raw_rows])
    w.set_meta(topic_admin.DISCOVERY_KEY, json.dumps({"topics": raw, "n_topics": asked}, ensure_ascii=False))
    w.set_meta(STATE_KEY, json.dumps(asdict(state)))
    raw_topics = [topic_admin.RawTopic(t.id, t.label, tuple(t.terms), t.size) for t in topics]
    shown = topic_admin.apply_choices_with(w, raw=raw_topics, choices=choices, raw_rows=raw_rows)
    w.commit()
    if old is not None and old.model != name:
        w.remove_blob(old.model)
    return shown


def _place_new(
    w: Writer,
    cur: duckdb.DuckDBPyConnection,
    model: TopicModel,
    state: DiscoveryState,
    choices: topic_admin.Choices,
    workers: int,
) -> int:
    placed, hi = _place(model, cur, state.doc_hi, workers)
    topic_of_group = {int(g): t for g, t in state.topic_of_group.items()}
    new_rows = _raw_rows(placed, topic_of_group)
    raw = topic_admin.raw_topics(cur)
    if new_rows.num_rows:
        counts = np.bincount(new_rows.column("topic").to_numpy(), minlength=len(raw) or 1)
        raw = [
            topic_admin.RawTopic(t.id, t.label, t.terms, t.size + int(counts[t.id]) if t.id < len(counts) else t.size)
            for t in raw
        ]
        w.add_part("disc_raw", new_rows)
    info: dict[str, Any] = json.loads(topic_admin._meta(cur, topic_admin.DISCOVERY_KEY) or "{}")
    info["topics"] = [{"id": t.id, "label": t.label, "terms": list(t.terms), "size": t.size} for t in raw]
    w.set_meta(topic_admin.DISCOVERY_KEY, json.dumps(info, ensure_ascii=False))
    state.doc_hi = hi
    w.set_meta(STATE_KEY, json.dumps(asdict(state)))
    shown = topic_admin.shown_topics(raw, choices)
    added = topic_admin.shown_rows(cur, new_rows, shown)
    w.add_part("disc_topics", added)
    sizes = Counter(
        dict(
            cur.execute(
                "SELECT topic_id, count(*) FROM article_topics WHERE topic_id LIKE 'disc:%' GROUP BY 1"
            ).fetchall()
        )
    )
    sizes.update(added.column("topic_id").to_pylist())
    w.set_topics("discovered", topic_admin.topic_rows(shown, dict(sizes)))
    return len(shown)


def rediscover(store: Store, n_topics: int | None = None, wait: float | None = None) -> int:
    """Learn the discovered topics again from the stored corpus (the person's choices laid over them); returns how
    many show. Holds the store's writer lock (waits up to `wait` seconds for an ingest)."""
    with store.writer("a topic discovery", wait=wait) as w:
        return refresh(w, n_topics, refit=True)


def set_topic_count(store: Store, n_topics: int | None) -> int:
    """Keep the number of discovered topics to ask for (None: automatic) and run discovery with it; returns how
    many topics it found (it may find fewer than asked on a small corpus)."""
    with topic_admin.CHOICES_LOCK, store.writer("a topic discovery", wait=topic_admin.PAGE_WAIT_SECONDS) as w:
        choices = topic_admin.load_choices(w.cursor())
        choices.n_topics = n_topics
        w.set_meta(topic_admin.CHOICES_KEY, choices.to_json())
        return refresh(w, n_topics, refit=True, choices=choices)
