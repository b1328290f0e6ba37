"""Rule topic changes on a large store: Store.set_rules (newsdesk.analysis.topic_admin) against RuleMatcher, in one run.

    .venv/bin/python bench/rules.py [--articles 100000] [--seed 7]

Builds a synthetic store of N articles in a temporary folder (headlines and sentences from newsdesk/demo/text.py,
each article about one topic, a few names with accents, as in the demo corpus), then times:

- one rule change (the Elections query gains a word): Store.set_rules, which matches only the changed rule, in SQL
  (analysis/rulesql.py), against RuleMatcher re-running the rules over every article (what `set_rules` did before);
- applying all the rules of data/topics.toml to a store that has none: the SQL path forced (rulesql.match_rules),
  RuleMatcher, and Store.set_rules, which picks one of the two (topic_admin.SQL_MAX_RULES).

Every path must give the same rows (checked and printed). Ends with a JSON line. Timing is a benchmark, never a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.analysis import rulesql  # noqa: E402
from newsdesk.analysis.topics import RuleMatcher, RuleTopic, load_rules  # noqa: E402
from newsdesk.demo import text as T  # noqa: E402
from newsdesk.settings import TOPICS  # noqa: E402
from newsdesk.store import Store  # noqa: E402

_SLOT = re.compile(r"\{(\w+)\}")
SENTENCES_PER_ARTICLE = (6, 14)  # topic sentences; as many generic ones again: ~1,700 characters, like the demo


def _filler(rng: random.Random) -> dict[str, Sequence[str]]:
    people = [f"{rng.choice(T.FIRST_NAMES)} {rng.choice(T.LAST_NAMES)}" for _ in range(200)]
    people += list(T.ACCENTED_NAMES)
    return {"person": people, "place": T.CITIES, **T.COMMON_VOCAB}


def _fill(template: str, vocab: dict[str, Sequence[str]], rng: random.Random) -> str:
    def one(m: re.Match[str]) -> str:
        key = m.group(1)
        if key in vocab:
            return rng.choice(vocab[key])
        if key.startswith(("n", "pct", "money")):
            return str(rng.randint(2, 900))
        return rng.choice(vocab["person"] if key in ("Q", "leader") else vocab["place"])

    return _SLOT.sub(one, template)


def synthetic_articles(n: int, seed: int) -> pa.Table:
    """n articles: id, title, text, site, published_day (cheap to make: sentences drawn from the demo kit)."""
    rng = random.Random(seed)
    base = _filler(rng)
    kits = []
    for topic in T.TOPICS:
        vocab = {**base, **topic.vocab, "inst": topic.institutions, "Inst": topic.institutions}
        pool = [_fill(s, vocab, rng) for s in topic.sentences for _ in range(4)]
        pool += [_fill(lede, vocab, rng) for _, lede in topic.stories for _ in range(4)]
        heads = [_fill(h, vocab, rng) for h, _ in topic.stories for _ in range(8)]
        generic = [_fill(s, vocab, rng) for s in T.GENERIC_SENTENCES for _ in range(2)]
        kits.append((pool, heads, generic))
    ids, titles, texts, days = [], [], [], []
    first = dt.date(2023, 1, 1)
    for i in range(n):
        pool, heads, generic = rng.choice(kits)
        k = rng.randint(*SENTENCES_PER_ARTICLE)
        sentences = rng.sample(pool, min(k, len(pool))) + rng.sample(generic, min(k, len(generic)))
        rng.shuffle(sentences)
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        ids.append(f"s{i:07d}")
        titles.append(rng.choice(heads))
        texts.append("\n\n".join(paragraphs))
        days.append(first + dt.timedelta(days=rng.randrange(900)))
    return pa.table(
        {
            "id": ids,
            "title": titles,
            "text": texts,
            "site": pa.array([f"site{i % 7}.example" for i in range(n)]),
            "published_day": pa.array(days, type=pa.date32()),
            "word_count": pa.array([len(t.split()) for t in texts], type=pa.int32()),
        }
    )


def python_rows(store: Store, rules: Sequence[RuleTopic]) -> set[tuple[str, str, str]]:
    """What RuleMatcher gives for every stored article (the Python path: read, tokenise, match)."""
    matcher = RuleMatcher(rules)
    rows = store.cursor().execute("SELECT id, coalesce(title, ''), coalesce(text, '') FROM articles").fetchall()
    return {(aid, f"rule:{name}", ev) for aid, title, text in rows for name, ev in matcher.match(title, text)}


def stored_rows(store: Store) -> set[tuple[str, str, str]]:
    rows = (
        store.cursor()
        .execute("SELECT article_id, topic_id, evidence FROM article_topics WHERE topic_id LIKE 'rule:%'")
        .fetchall()
    )
    return {(a, t, e) for a, t, e in rows}


def timed(fn, *args):  # type: ignore[no-untyped-def]
    """(seconds, result) of one call."""
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def table_rows(table: pa.Table) -> set[tuple[str, str, str]]:
    cols = [table.column(c).to_pylist() for c in ("article_id", "topic_id", "evidence")]
    return set(zip(*cols, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rules = load_rules(TOPICS.path())
    changed = [RuleTopic(r.name, r.query + " OR polls", r.description) if r.name == "Elections" else r for r in rules]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        table = synthetic_articles(args.articles, args.seed)
        store = Store(Path(tmp) / "bench.duckdb")
        cur = store.cursor()
        cur.register("_synthetic", table)
        cur.execute("INSERT INTO articles BY NAME SELECT * FROM _synthetic")
        cur.unregister("_synthetic")
        mb = sum(len(t) for t in table.column("text").to_pylist()) / 1e6
        print(f"store: {args.articles:,} articles, {mb:.0f} MB of text, built in {time.perf_counter() - start:.1f} s")

        store_all, _ = timed(store.set_rules, rules)
        sql_all, forced = timed(rulesql.match_rules, store.cursor(), rules)
        py_all, expected = timed(python_rows, store, rules)
        same_all = stored_rows(store) == expected == table_rows(forced)
        store_one, applied_one = timed(store.set_rules, changed)
        py_one, expected_one = timed(python_rows, store, changed)
        same_one = stored_rows(store) == expected_one
        store.close()

    same = same_all and same_one
    print(f"{'seconds':<52} {'new path':>9} {'RuleMatcher':>12} {'ratio':>7}")
    print(f"{'one rule changed: set_rules (SQL, that rule only)':<52} {store_one:9.2f} {py_one:12.2f} "
          f"{py_one / store_one:6.1f}x")  # fmt: skip
    print(f"{f'all {len(rules)} rules applied: SQL path forced':<52} {sql_all:9.2f} {py_all:12.2f} "
          f"{py_all / sql_all:6.1f}x")  # fmt: skip
    print(f"{f'all {len(rules)} rules applied: set_rules (picks a path)':<52} {store_all:9.2f} {py_all:12.2f} "
          f"{py_all / store_all:6.1f}x")  # fmt: skip
    print(f"rows: {len(expected):,} after the first apply, {len(expected_one):,} after the change (matched again: "
          f"{', '.join(applied_one.matched)}); identical on every path: {same}")  # fmt: skip
    print(
        json.dumps(
            {
                "articles": args.articles,
                "one_rule_s": round(store_one, 2),
                "one_rule_python_s": round(py_one, 2),
                "one_rule_ratio": round(py_one / store_one, 1),
                "all_rules_sql_s": round(sql_all, 2),
                "all_rules_python_s": round(py_all, 2),
                "all_rules_set_rules_s": round(store_all, 2),
                "identical": same,
            }
        )
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
