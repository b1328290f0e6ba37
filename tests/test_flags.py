"""analysis.flags: per-article checks (pure), MinHash near-duplicate search, and the flags a store computes at ingest
(each a filter, so a review queue)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import numpy as np

from newsdesk.analysis import flags, queries
from newsdesk.analysis.queries import Filters
from newsdesk.ingest import add_articles, ingest
from newsdesk.models import Article
from newsdesk.review import decisions as review
from newsdesk.store import Store
from tests.helpers import PARAGRAPHS

BODY = "\n\n".join(PARAGRAPHS)  # 4 prose paragraphs, about 170 words
TODAY = dt.date(2024, 6, 1)


def names(found: list[tuple[str, str]]) -> list[str]:
    return [f for f, _ in found]


def check(**kw: object) -> list[str]:
    args: dict[str, object] = {"published": "2024-03-05", "url": None, "text": BODY, "word_count": 170}
    args.update(kw)
    return names(flags.article_flags(ingested=TODAY, **args))  # type: ignore[arg-type]


def test_a_clean_article_has_no_flag() -> None:
    assert check(url="https://post.example/news/2024/03/05/tram") == []


def test_date_flags() -> None:
    assert check(published=None) == ["no_date"]
    assert check(published="2024-06-02") == []  # a day ahead: a time zone, not the future
    assert check(published="2024-06-09") == ["future_date"]
    assert check(published="2024-03-09", crawled="2024-03-07") == ["future_date"]  # after the page was saved
    assert check(published="2024-03-09", crawled="2024-03-08T23:00:00") == []
    assert check(url="https://post.example/2024/03/04/tram") == []
    assert check(url="https://post.example/news/2023/11/20/tram") == ["url_date_mismatch"]
    detail = dict(flags.article_flags(published="2024-03-05", url="https://x.example/20231120/a", text=BODY,
                                      word_count=170, ingested=TODAY))  # fmt: skip
    assert detail["url_date_mismatch"] == "the URL says 2023-11-20, the article 2024-03-05"


def test_short_and_boilerplate_text() -> None:
    assert check(text="Tram line approved. More soon.", word_count=5) == ["short_text"]
    furniture = "\n".join(
        [
            "Home | News | Sport | Opinion",
            PARAGRAPHS[0],
            "Share this article",
            "Sign up for our newsletter",
            "Most read",
            "Harbour festival returns",
            "Ferry fares rise again",
            "© 2024 The Riverton Post. All rights reserved.",
            "Privacy policy | Terms of use | Cookie settings",
        ]
    )
    found = flags.article_flags(published="2024-03-05", url=None, text=furniture, word_count=80, ingested=TODAY)
    assert names(found) == ["boilerplate"]
    assert "page furniture" in dict(found)["boilerplate"]


def _variant(text: str, rng: random.Random, changes: int) -> str:
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = "edited"
    return " ".join(words)


def test_signature_and_near_duplicate_pairs() -> None:
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(3000)]
    originals = [" ".join(rng.choice(vocab) for _ in range(300)) for _ in range(40)]
    a = flags.signature(originals[0])
    assert a.text_hash == flags.signature(originals[0].upper()).text_hash  # normalised words
    assert flags.signature("too short to compare").minhash is None
    texts = originals + [
        _variant(originals[0], rng, 3),
        _variant(originals[1], rng, 4),
        _variant(originals[2], rng, 60),
    ]
    sigs = [flags.signature(t) for t in texts]
    matrix = np.array([s.minhash for s in sigs], dtype=np.uint32)
    pairs = {(i, j) for i, j, _ in flags.near_duplicate_pairs(matrix)}
    assert pairs == {(0, 40), (1, 41)}  # a heavily edited copy (60 of 300 words) is another story


def test_near_duplicate_search_stays_linear_on_a_template() -> None:
    """A thousand texts that share one template land in the same buckets: paired with one member, not with all."""
    rng = random.Random(5)
    template = " ".join(f"t{i}" for i in range(200))
    texts = [template + " " + " ".join(f"x{rng.randrange(10**6)}" for _ in range(5)) for _ in range(1000)]
    matrix = np.array([flags.signature(t).minhash for t in texts], dtype=np.uint32)
    pairs = flags.near_duplicate_pairs(matrix)
    assert len(pairs) < 20 * len(texts)
    assert {i for p in pairs for i in p[:2]} == set(range(1000))  # every copy is found


def _article(i: int, text: str, *, url: str | None = None, language: str = "en", published: str | None = None):
    return Article(
        source=f"t.jsonl#{i}",
        path="t.jsonl",
        format="record",
        url=url or f"https://news.example/story/{i}",
        title=f"Story {i}",
        text=text,
        language=language,
        published=published if published is not None else "2024-03-05",
    )


def _corpus() -> list[Article]:
    rng = random.Random(11)
    vocab = [f"v{i}" for i in range(5000)]
    base = [" ".join(rng.choice(vocab) for _ in range(250)) for _ in range(25)]
    arts = [_article(i, t) for i, t in enumerate(base[:24])]
    arts.append(_article(100, base[0], url="https://other.example/wire/copy"))  # syndicated, word for word
    arts.append(_article(101, _variant(base[1], rng, 3), url="https://third.example/a"))  # near copy
    arts.append(_article(102, base[24], language="de"))
    arts.append(_article(103, "Just a teaser.", published=""))
    return arts


def test_store_computes_flags_at_ingest(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.duckdb")
    arts = _corpus()
    add_articles(store, arts)
    cur = store.cursor()
    ids = {a.source: a.id for a in arts}
    counts = flags.counts(cur)
    assert counts["duplicate"] == 2 and counts["near_duplicate"] == 2
    assert counts["other_language"] == 1 and counts["no_date"] == 1 and counts["short_text"] == 1
    dup = dict(review.flags(cur, ids["t.jsonl#100"]))
    assert dup["duplicate"] == f"same text as {ids['t.jsonl#0']}"
    near = dict(review.flags(cur, ids["t.jsonl#1"]))["near_duplicate"]
    assert near.startswith(f"like {ids['t.jsonl#101']} (")
    assert review.flags(cur, ids["t.jsonl#102"]) == [("other_language", "de, while most articles are en")]
    assert names(review.flags(cur, ids["t.jsonl#103"])) == ["no_date", "short_text"]
    # each flag is a filter, so a queue
    assert set(review.queue(cur, Filters(flags=("duplicate",)))) == {ids["t.jsonl#0"], ids["t.jsonl#100"]}
    assert queries.count_articles(cur, Filters(flags=("no_date", "other_language"))) == 2
    # the flag picker's counts, in one read, agree with counting each flag as a filter, within other filters too
    for f in (Filters(), Filters(search="v1"), Filters(flags=("duplicate",), sites=("news.example",))):
        each = {flag: queries.count_articles(cur, Filters(**{**vars(f), "flags": (flag,)})) for flag in flags.FLAGS}
        assert queries.flag_counts(cur, f, flags.FLAGS) == each
    assert queries.flag_counts(cur, Filters(), flags.FLAGS) == counts
    store.close()


def test_flags_follow_the_corpus(tmp_path: Path) -> None:
    """Articles stored without flags (written by another tool) get them at the next ingest; a replaced copy is
    re-checked."""
    folder = tmp_path / "in"
    folder.mkdir()
    rng = random.Random(2)
    text = " ".join(rng.choice([f"u{i}" for i in range(4000)]) for _ in range(200))
    records = [
        {"url": "https://a.example/1", "title": "One", "text": text, "published": "2024-01-02"},
        {"url": "https://b.example/2", "title": "Two", "text": text, "published": "2024-01-02"},
    ]
    (folder / "x.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    store = Store(tmp_path / "db.duckdb")
    ingest(store, [folder])
    cur = store.cursor()
    assert flags.counts(cur)["duplicate"] == 2
    with store.writer("a test") as w:  # as another tool would have left them: articles only
        for kind in ("flags", "corpus_flags", "signatures"):
            w.replace_kind(kind)
    assert flags.missing(cur)
    ingest(store, [folder])  # nothing changed on disk: the flags are filled in anyway
    assert flags.counts(cur)["duplicate"] == 2
    records[1]["text"] = "A different story entirely, about the council's new budget. " * 10
    (folder / "x.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    ingest(store, [folder])
    assert flags.counts(cur)["duplicate"] == 0
    assert cur.execute("SELECT count(*) FROM article_signatures").fetchone() == (2,)
    store.close()
