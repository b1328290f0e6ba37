"""Review speed: the time from a decision key to the next article being ready, server side, on 100,000 articles.

    .venv/bin/python bench/review.py [--articles 100000] [--iterations 300] [--db PATH]

Builds a synthetic store (seeded; cheap generated text with paragraphs, rule topics, some undated, duplicated,
near-duplicated and foreign-language articles) by bulk insert, computes its quality flags through the real pass
(`flags.refresh`, timed: that is what an ingest of that many articles adds), then replays what the Review
page does on a key press, through the same functions it calls (components/pages/review.py: `review.decide`, then the
fragment's rerun: the data version, `queries.get_article`, `review.status_counts` over the queue, `review.state`,
`review.flags`, `review.rule_topics`), plus `review.next_unreviewed`. The page caches reads keyed by the data version,
which every decision bumps, so every read here is a cache miss, as on the page. Ends with one JSON line.
Timing is a benchmark, never a test assertion.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.analysis import flags, queries
from newsdesk.review import decisions as review  # noqa: E402
from newsdesk.store import ARROW_TYPES, Store, data_version  # noqa: E402

SEED = 20240521
TOPICS = ("Economy", "Climate", "Health", "Sport", "Politics", "Science", "Culture", "Transport")
SITES = tuple(f"site{i:02d}.example" for i in range(20))
FIRST_DAY = dt.date(2021, 1, 1)
DAYS = 3 * 365
UNDATED_SHARE = 0.03
COPY_SHARE = 0.01  # exact copies (syndication)
NEAR_COPY_SHARE = 0.01  # copies with a changed sentence
FOREIGN_SHARE = 0.01
PRIOR_DECISIONS = 5_000  # history already in the store when the timing starts
QUEUE_MAX = 10_000  # the Review page's longest queue (components/review_queue.QUEUE_MAX)


def _vocabulary(rng: random.Random, n: int = 4000) -> list[str]:
    syllables = [a + b for a in "bcdfghklmnprstvw" for b in "aeiou"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(n)]


def _text(rng: random.Random, vocab: list[str], topic_words: list[str]) -> str:
    paragraphs = []
    for _ in range(rng.randint(3, 7)):
        words = [rng.choice(vocab) for _ in range(rng.randint(25, 60))]
        for w in topic_words:
            words[rng.randrange(len(words))] = w
        paragraphs.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(paragraphs)


def build(store: Store, n: int) -> None:
    """Bulk-insert `n` synthetic articles with rule topics (no extraction, no topic discovery)."""
    rng = random.Random(SEED)
    vocab = _vocabulary(rng)
    now = dt.datetime(2024, 6, 1)
    cols: dict[str, list[object]] = {c: [] for c in ARROW_TYPES["articles"]}
    topic_rows: list[tuple[str, str, float, str]] = []
    texts: list[str] = []
    for i in range(n):
        aid = f"{i:016x}"
        names = rng.sample(TOPICS, rng.choice((1, 1, 2)))
        r = rng.random()
        if texts and r < COPY_SHARE:
            text = rng.choice(texts)
        elif texts and r < COPY_SHARE + NEAR_COPY_SHARE:
            paras = rng.choice(texts).split("\n\n")
            paras[rng.randrange(len(paras))] = _text(rng, vocab, []).split("\n\n")[0]
            text = "\n\n".join(paras)
        else:
            text = _text(rng, vocab, [t.lower() for t in names])
        texts.append(text)
        day = None if rng.random() < UNDATED_SHARE else FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        site = SITES[i % len(SITES)]
        values = {
            "id": aid,
            "url": f"https://{site}/news/{day.isoformat().replace('-', '/') if day else 'undated'}/story-{i}",
            "site": site,
            "title": " ".join(rng.choice(vocab) for _ in range(rng.randint(5, 10))).capitalize(),
            "authors": [f"Reporter {rng.randrange(200)}"],
            "published": day.isoformat() if day else None,
            "published_day": day,
            "published_source": "json-ld" if day else None,
            "language": "de" if rng.random() < FOREIGN_SHARE else "en",
            "section": rng.choice(("World", "Business", "Science", "Local")),
            "tags": [],
            "text": text,
            "word_count": len(text.split()),
            "reading_minutes": len(text.split()) / 238,
            "related_headlines": [],
            "warnings": [],
            "field_sources": "{}",
            "source": f"bench.jsonl#{i}",
            "path": "bench.jsonl",
            "format": "record",
            "ingested_at": now,
        }
        for c in cols:
            cols[c].append(values.get(c))
        topic_rows += [(aid, f"rule:{t}", 1.0, t.lower()) for t in names]
    types = ARROW_TYPES["articles"]
    cur = store.cursor()
    cur.register("_bench_articles", pa.table({c: pa.array(v, type=types[c]) for c, v in cols.items()}))
    cur.execute("INSERT INTO articles BY NAME SELECT * FROM _bench_articles")
    cur.unregister("_bench_articles")
    ttypes = ARROW_TYPES["article_topics"]
    tcols = list(zip(*topic_rows, strict=True))
    cur.register(
        "_bench_topics", pa.table({c: pa.array(list(v), type=ttypes[c]) for c, v in zip(ttypes, tcols, strict=True)})
    )
    cur.execute("INSERT INTO article_topics BY NAME SELECT * FROM _bench_topics")
    cur.unregister("_bench_topics")
    for t in TOPICS:
        cur.execute("INSERT INTO topics VALUES (?, 'rule', ?, [], ?, '')", [f"rule:{t}", t, t.lower()])


def prior_history(store: Store, ids: list[str]) -> None:
    """Decisions already made before the timed run (one bulk import), so the views derive state from a history."""
    rng = random.Random(SEED + 1)
    rows = [
        {"id": aid, "status": rng.choice(review.STATUSES[1:]), "reviewer": rng.choice(("ann", "bob")), "note": ""}
        for aid in rng.sample(ids, min(PRIOR_DECISIONS, len(ids) // 2))  # half stays unreviewed for the run
    ]
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    review.import_decisions(store.cursor(), data, "jsonl")


def key_press(cur: Any, ids: list[str], article_id: str, status: str, steps: dict[str, list[float]]) -> str | None:
    """One decision and everything the page reads to show the next article; each step's time goes in `steps`."""

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        out = fn()
        steps.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        return out

    timed("decide", lambda: review.decide(cur, article_id, status, reviewer="bench"))
    timed("data version", lambda: data_version(cur))
    nxt = timed("next unreviewed", lambda: review.next_unreviewed(cur, ids, article_id))
    if nxt is None:
        return None
    timed("get_article", lambda: queries.get_article(cur, nxt))
    timed("status counts", lambda: review.status_counts(cur, ids))
    timed("state", lambda: review.state(cur, nxt))
    timed("flags", lambda: review.flags(cur, nxt))
    timed("topics (panel)", lambda: review.rule_topics(cur))
    return str(nxt)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--db", default=None, help="database file (default: a temporary one, removed after)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "review-bench.duckdb"
        store = Store(path)
        cur = store.cursor()
        stored = cur.execute("SELECT count(*) FROM articles").fetchone()
        if stored and stored[0]:  # --db naming a store this script built before: reuse it
            args.articles = int(stored[0])
            print(f"reusing {path}: {args.articles:,} articles")
        else:
            t0 = time.perf_counter()
            build(store, args.articles)
            t1 = time.perf_counter()
            flags.refresh(cur)
            t2 = time.perf_counter()
            flag_counts = flags.counts(cur)
            print(f"built {args.articles:,} articles in {t1 - t0:.1f}s; quality flags in {t2 - t1:.1f}s: {flag_counts}")
            t3 = time.perf_counter()
            flags.refresh(cur)  # again: per-article flags are kept, so this is the cross-article pass alone
            print(f"cross-article flags pass (duplicates, near duplicates, language): {time.perf_counter() - t3:.1f}s")
            prior_history(store, review.queue(cur, queries.Filters()))
            cur.execute("CHECKPOINT")  # as the app finds a store: written to the file, not pending in the WAL
        t4 = time.perf_counter()
        ids = review.queue(cur, queries.Filters(), limit=QUEUE_MAX)
        t5 = time.perf_counter()
        sample = review.queue(cur, queries.Filters(), order="sample", seed=1, limit=100)
        t6 = time.perf_counter()
        prior = min(PRIOR_DECISIONS, args.articles // 2)
        print(f"queue of {len(ids):,} newest in {(t5 - t4) * 1000:.0f} ms; sample of {len(sample)} in "
              f"{(t6 - t5) * 1000:.0f} ms; {prior:,} decisions already in the history")  # fmt: skip
        rng = random.Random(SEED + 2)
        current = review.next_unreviewed(cur, ids, None)
        times: list[float] = []
        steps: dict[str, list[float]] = {}
        for _ in range(args.iterations):
            if current is None:
                break
            start = time.perf_counter()
            current = key_press(cur, ids, current, rng.choice(review.STATUSES[1:]), steps)
            times.append((time.perf_counter() - start) * 1000)
        store.close()
    if not times:
        print("no unreviewed article left to time: use a larger --articles or a fresh --db", file=sys.stderr)
        return 1
    print("median per step: " + ", ".join(f"{name} {statistics.median(v):.1f} ms" for name, v in steps.items()))
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    print(f"decision -> next article ready, {len(times)} key presses: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(times):.1f} ms (target p95 < 300 ms)")  # fmt: skip
    print(
        json.dumps(
            {
                "articles": args.articles,
                "decision_to_next_ms_p50": round(p50, 1),
                "decision_to_next_ms_p95": round(p95, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
