"""Coverage analytics speed on a large synthetic corpus: the chart's queries and a selection's summary.

    .venv/bin/python bench/coverage.py [--articles 100000]

Builds a fresh temporary store of N synthetic articles (two and a half years, 12 sites, 11 rule topics, ~400 words
each, generated inside DuckDB) and times, each as the best of three runs: the coverage query per month and per day,
the per-site query, the topic x site table, spike detection, the term background (done once per data version and
cached by the app), a selection's summary (distinctive terms and representative articles) for one topic-month and
for a whole year, and the headlines of every spike. Each is printed with its ratio to a baseline run in the same
process: one full scan of every article's text (`SELECT sum(length(text))`). Timing is a benchmark, never a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.analysis import analytics, queries  # noqa: E402
from newsdesk.analysis.queries import Filters  # noqa: E402
from newsdesk.store import Store  # noqa: E402

TOPICS = ("Climate", "Conflict", "Crime", "Economy", "Elections", "Energy", "Health", "Housing", "Immigration",
          "Sport", "Technology")  # fmt: skip
SITES = 12
WORDS = 400
VOCAB = 5000
FIRST = dt.date(2023, 1, 1)
DAYS = 912


def build(path: Path, n: int) -> None:
    """N articles written by SQL: words drawn from a Zipf-like vocabulary, a topic word or two per article, one
    topic's share tripled in one month so there is a spike to find."""
    store = Store(path)
    cur = store.cursor()
    cur.execute("SET enable_progress_bar = false")
    # letters only (the term tokenizer keeps letter runs): rank r becomes a 4-letter word, drawn Zipf-like
    cur.execute(
        f"""CREATE TEMP TABLE vocab AS
            SELECT vi, chr(97 + r % 26) || chr(97 + (r // 26) % 26) || chr(97 + (r // 676) % 26) || 'x' AS word
            FROM (SELECT vi, CAST(floor(pow({VOCAB}, random())) AS INTEGER) AS r FROM range({VOCAB}) t(vi))"""
    )
    words = cur.execute("SELECT list(word ORDER BY vi) FROM vocab").fetchone()[0]  # type: ignore[index]
    cur.execute(
        f"""INSERT INTO articles (id, url, site, title, published, published_day, text, word_count)
        SELECT printf('%016x', hash(i)), 'https://s' || (i % {SITES}) || '.example/' || i,
               's' || (i % {SITES}) || '.example', 'Story ' || i || ' about ' || lower(topic), CAST(d AS VARCHAR), d,
               lower(topic) || ' ' || array_to_string(
                   list_transform(range({WORDS}),
                                  lambda j: $words[1 + CAST(hash(i * {WORDS} + j) % {VOCAB} AS INTEGER)]), ' '),
               {WORDS}
        FROM (SELECT i, DATE '{FIRST}' + CAST(hash(i, 7) % {DAYS} AS INTEGER) AS d,
                     $topics[1 + CAST(hash(i, 3) % {len(TOPICS)} AS INTEGER)] AS topic
              FROM range($n) s(i))""",
        {"words": words, "topics": list(TOPICS), "n": n},
    )
    cur.execute("INSERT INTO topics SELECT 'rule:' || unnest(?), 'rule', unnest(?), [], '', ''", [TOPICS, TOPICS])
    cur.execute(
        """INSERT INTO article_topics
           SELECT a.id, 'rule:' || t.name, 1.0, lower(t.name)
           FROM articles a JOIN topics t ON a.text LIKE lower(t.name) || ' %'"""
    )
    # the spike: June 2024, Floods-like surge of Energy
    cur.execute(
        """INSERT OR IGNORE INTO article_topics
           SELECT id, 'rule:Energy', 1.0, 'energy' FROM articles
           WHERE published_day BETWEEN '2024-06-01' AND '2024-06-30' AND hash(id) % 3 = 0"""
    )
    store.close()


def best(fn: Callable[[], Any], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        build(path, args.articles)
        print(f"built {args.articles:,} synthetic articles in {time.perf_counter() - start:.1f} s")
        store = Store(path)
        cur = store.cursor()
        cur.execute("SET enable_progress_bar = false")
        bg = analytics.background(cur)
        month_cov = queries.coverage(cur, Filters(), "month")
        spikes = analytics.detect_spikes(month_cov)
        cells = [
            (str(r.topic_id), *queries.period_bounds(r.period.date(), "month")) for r in spikes.itertuples(index=False)
        ]
        one = Filters(topics=("rule:Energy",), start=dt.date(2024, 6, 1), end=dt.date(2024, 6, 30))
        year = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("coverage per month", lambda: queries.coverage(cur, Filters(), "month")),
            ("coverage per day", lambda: queries.coverage(cur, Filters(), "day")),
            ("coverage by site per month", lambda: queries.coverage_by_site(cur, Filters(), "month")),
            ("topic x site table", lambda: queries.topic_site_counts(cur, Filters())),
            ("spike detection (month)", lambda: analytics.detect_spikes(month_cov)),
            ("term background (once per version)", lambda: analytics.background(cur)),
            ("summary: one topic, one month", lambda: analytics.summarize(cur, one, bg, topic_id="rule:Energy")),
            ("summary: a whole year", lambda: analytics.summarize(cur, year, bg)),
            (f"headlines of {len(cells)} spikes", lambda: analytics.spike_headlines(cur, Filters(), cells, bg)),
        ]
        base = best(lambda: cur.execute("SELECT sum(length(text)) FROM article_view").fetchone())
        print(f"{'baseline: one scan of all text':40s} {base * 1000:8.1f} ms   1.00x")
        for name, fn in cases:
            seconds = best(fn)
            print(f"{name:40s} {seconds * 1000:8.1f} ms {seconds / base:6.2f}x")
        summary = analytics.summarize(cur, one, bg, topic_id="rule:Energy")
        print(f"spikes found: {len(spikes)}; one-month summary read {summary.sampled:,} of {summary.articles:,}")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
