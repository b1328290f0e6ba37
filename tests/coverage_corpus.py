"""A seeded corpus for the coverage tests: two years of articles on four sites, five rule topics, one planted surge.

Built in code (like Datasette's fixture databases) so every figure a test checks is recomputed from the store, never
typed in. Shapes the charts must handle: articles without a site, without a date or without a topic; a last month,
quarter and year the data do not reach the end of; a topic that is rare until it surges in June 2024.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from newsdesk.ingest import add_articles

SEED = 20240607
SITES = ("alpha.example", "beta.example", "gamma.example", "delta.example")
TOPIC_WORDS = {
    "Economy": "inflation",
    "Climate": "emissions",
    "Health": "hospital",
    "Sport": "tournament",
    "Floods": "levee",
}
TOPICS_TOML = "".join(f'[[topic]]\nname = "{name}"\nquery = "{word}"\n\n' for name, word in TOPIC_WORDS.items())
FIRST = dt.date(2023, 1, 2)
LAST = dt.date(2024, 12, 18)  # a Wednesday: December, Q4 and 2024 end after it, so each is incomplete
N_REGULAR = 520
SPIKE_TOPIC = "Floods"
SPIKE_MONTH = dt.date(2024, 6, 1)
N_SPIKE = 28  # extra Floods articles in June 2024, about four times its usual share
SPIKE_WORDS = ("levee", "breach", "sandbags", "evacuation", "riverbank")
FILLER = (
    "the council said on tuesday that officials would meet again next week to review the plan and publish a "
    "report on the budget before the summer recess while residents asked questions about schools and roads"
).split()
NO_SITE_EVERY = 25  # one article in 25 has no site
UNDATED_EVERY = 40  # one in 40 has no date
UNTOPICAL_EVERY = 15  # one in 15 matches no topic


def _article(i: int, rng: random.Random, published: dt.date | None, words: list[str], title: str, site: str | None):
    from newsdesk.models import Article

    body = " ".join(rng.choice(FILLER) for _ in range(70))
    text = f"{title}. Story {i} is about {' and '.join(words) or 'local matters'}.\n\n{body}."
    url = f"https://{site or 'unknown.example'}/news/{i}"
    return Article(
        source=f"coverage.jsonl#{i}",
        path="coverage.jsonl",
        format="record",
        id=hashlib.sha256(url.encode()).hexdigest()[:16],
        url=url,
        site=site,
        title=title,
        published=published.isoformat() if published else None,
        published_source="record" if published else None,
        language="en",
        text=text,
        word_count=len(text.split()),
        field_sources={"title": "record"},
    )


def articles() -> list:
    rng = random.Random(SEED)
    span = (LAST - FIRST).days
    common = [name for name in TOPIC_WORDS if name != SPIKE_TOPIC]
    out = []
    for i in range(N_REGULAR):
        published = None if i % UNDATED_EVERY == 7 else FIRST + dt.timedelta(days=rng.randrange(span + 1))
        site = None if i % NO_SITE_EVERY == 3 else rng.choice(SITES)
        if i % UNTOPICAL_EVERY == 5:
            names: list[str] = []
        elif rng.random() < 0.04:
            names = [SPIKE_TOPIC]
        else:
            names = rng.sample(common, rng.choice([1, 1, 2]))
        words = [TOPIC_WORDS[n] for n in names]
        title = f"Report {i}: {names[0].lower() if names else 'council'} update"
        out.append(_article(i, rng, published, words, title, site))
    for j in range(N_SPIKE):
        published = SPIKE_MONTH + dt.timedelta(days=rng.randrange(30))
        words = list(rng.sample(SPIKE_WORDS, 4))
        title = f"Levee breach floods riverside district {j}"
        out.append(_article(N_REGULAR + j, rng, published, words, title, rng.choice(SITES)))
    return out


def build(path: Path, topics_file: Path) -> None:
    """Write TOPICS_TOML to `topics_file` and store `articles()` in a new database at `path`."""
    from newsdesk.analysis.topics import load_rules
    from newsdesk.store import Store

    topics_file.write_text(TOPICS_TOML, encoding="utf-8")
    store = Store(path)
    try:
        add_articles(store, articles(), rules=load_rules(topics_file))
    finally:
        store.close()
