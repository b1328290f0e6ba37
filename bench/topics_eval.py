"""Discovered topics vs editors' categories, in-process (no CLI, no store): a quick loop for tuning discovery.

Prints NMI and ARI (one topic per record: its top topic) and records/s for topics.discover_topics and for
the plain baseline of bench/topics.py (TfidfVectorizer(stop_words="english") + default NMF, mean of its seeds),
on the text the store gives discovery (headline + "\n" + lede), plus the largest topics' labels and the rule
topics' speed. bench/topics.py is the benchmark of record (through ingest and export); this one skips the CLI.
Data: News Category Dataset by Rishabh Misra (CC BY 4.0, arXiv:2209.11429).

    .venv/bin/python bench/topics_eval.py [PATH]
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.analysis.topics import Doc, RuleMatcher, discover_topics, load_rules  # noqa: E402


def _bench_topics() -> ModuleType:
    """bench/topics.py, for its baseline and metrics (one definition for both scripts)."""
    spec = importlib.util.spec_from_file_location("newsdesk_bench_topics", Path(__file__).with_name("topics.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
        text = f"{record.get('headline', '')}\n{record.get('short_description', '')}".strip()  # as the store joins
        docs.append((f"{n:06d}", text))
    return docs, gold


def main(argv: list[str]) -> int:
    bench = _bench_topics()
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    if not path.exists():
        print(f"skipped: {path} not found (the shared benchmark folder is not mounted)")
        return 0
    docs, gold = load(path)
    k = len(set(gold))
    print(f"{len(docs)} records, {k} categories -> {k} topics")

    texts = [t for _, t in docs]
    t0 = time.perf_counter()
    base_nmi, base_ari, lo, hi = bench.baseline_scores(gold, texts, k)
    base_s = (time.perf_counter() - t0) / bench.BASELINE_SEEDS

    t0 = time.perf_counter()
    disc = discover_topics(docs, k, seed=0)
    ours_s = time.perf_counter() - t0
    top: dict[str, tuple[int, float]] = {}
    for doc_id, topic, weight in disc.assignments:
        if doc_id not in top or weight > top[doc_id][1]:
            top[doc_id] = (topic, weight)
    ours = [top.get(doc_id, (-1, 0.0))[0] for doc_id, _ in docs]
    nmi, ari = bench.scores(gold, ours)

    print(f"{'method':40s} {'NMI':>6s} {'ARI':>6s} {'docs/s':>8s}")
    print(f"{f'baseline (mean of {bench.BASELINE_SEEDS} seeds, {lo:.3f}-{hi:.3f})':40s} "
          f"{base_nmi:6.3f} {base_ari:6.3f} {len(docs) / base_s:8.0f}")  # fmt: skip
    print(f"{'newsdesk discover_topics':40s} {nmi:6.3f} {ari:6.3f} {len(docs) / ours_s:8.0f}")
    print(f"NMI ratio x{nmi / base_nmi:.2f}; time x{ours_s / base_s:.2f} of one baseline fit")
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
