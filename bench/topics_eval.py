"""Discovered topics vs editors' categories on the News Category dev set (../shared/bench/topics/).

Prints NMI and ARI (one topic per record: its top topic) and records/s for newsdesk.topics.discover_topics and
for the plain baseline (default TfidfVectorizer + default NMF, argmax) in the same run, plus a few labels.
Data: News Category Dataset by Rishabh Misra (CC BY 4.0, arXiv:2209.11429).

    .venv/bin/python bench/topics_eval.py [PATH]
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.topics import BLAS_THREADS, Doc, RuleMatcher, discover_topics, load_rules  # noqa: E402

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "topics.toml"

DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "topics" / "topics-dev.jsonl"


def load(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    docs: list[tuple[str, str]] = []
    gold: list[str] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        record = json.loads(line)
        gold.append(record.pop("category"))  # dropped before discovery
        text = f"{record.get('headline', '')} {record.get('short_description', '')}".strip()
        docs.append((f"{n:06d}", text))
    return docs, gold


def main(argv: list[str]) -> int:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    from threadpoolctl import threadpool_limits

    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    if not path.exists():
        print(f"skipped: {path} not found (the shared benchmark folder is not mounted)")
        return 0
    docs, gold = load(path)
    k = len(set(gold))
    print(f"{len(docs)} records, {k} categories -> {k} topics")

    t0 = time.perf_counter()
    # Same BLAS thread limit as discover_topics, so docs/s compares methods, not thread contention.
    with threadpool_limits(limits=BLAS_THREADS), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # default NMF warns that it did not converge in 200 iterations
        w = NMF(n_components=k).fit_transform(TfidfVectorizer().fit_transform([t for _, t in docs]))
    base_s = time.perf_counter() - t0
    base = [int(i) for i in w.argmax(axis=1)]

    t0 = time.perf_counter()
    disc = discover_topics(docs, k, seed=0)
    ours_s = time.perf_counter() - t0
    top: dict[str, tuple[int, float]] = {}
    for doc_id, topic, weight in disc.assignments:
        if doc_id not in top or weight > top[doc_id][1]:
            top[doc_id] = (topic, weight)
    ours = [top.get(doc_id, (-1, 0.0))[0] for doc_id, _ in docs]

    print(f"{'method':32s} {'NMI':>6s} {'ARI':>6s} {'docs/s':>8s}")
    for name, pred, secs in (
        ("baseline TF-IDF + NMF", base, base_s),
        ("newsdesk discover_topics", ours, ours_s),
    ):
        nmi = normalized_mutual_info_score(gold, pred)
        ari = adjusted_rand_score(gold, pred)
        print(f"{name:32s} {nmi:6.3f} {ari:6.3f} {len(docs) / secs:8.0f}")
    print(f"ratio vs baseline: time x{ours_s / base_s:.2f}")
    print(f"topics per record: {len(disc.assignments) / len(docs):.2f}; records without a topic: {ours.count(-1)}")
    print("largest topics:")
    for topic in disc.topics[:8]:
        print(f"  {topic.size:4d}  {topic.label}")
    rule_speed(docs)
    return 0


def rule_speed(docs: list[tuple[str, str]]) -> None:
    """Rule matching on ~600-word articles (records glued together): all rules vs tokenising alone."""
    rules = load_rules(RULES_PATH)
    if not rules:
        return
    matcher = RuleMatcher(rules)
    texts = [" ".join(t for _, t in docs[i : i + 20]) for i in range(0, len(docs), 20)] * 5
    t0 = time.perf_counter()
    for text in texts:
        Doc.of("", text)
    tok_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = sum(len(matcher.match("", text)) for text in texts)
    match_s = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(
        f"rule topics ({len(rules)} rules, {len(texts)} articles of ~{words:.0f} words): "
        f"{len(texts) / match_s:.0f} articles/s, tokenising alone {len(texts) / tok_s:.0f}/s "
        f"(matching adds x{match_s / tok_s - 1:.2f}), {hits / len(texts):.1f} topics per article"
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
