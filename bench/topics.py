"""Discovered topics against editors' categories, end to end through the CLI, with the plain baseline in one run.

    .venv/bin/python bench/topics.py [PATH]      # default ../shared/bench/topics/topics-dev.jsonl

PATH is a JSON Lines file of news records with an editor's `category` (the News Category Dataset's fields:
headline, short_description, authors, link, date, category; see ../shared/bench/README.md). The run:
1. copies the records to a temporary folder with `category` removed (the JSONL reader takes `category` as the
   article's section, so left in it could leak into what is measured);
2. ingests the copy with `python -m newsdesk ingest --n-topics K` into a temporary DuckDB file, K being the number
   of distinct categories, and times it (wall clock of the whole command: start-up, extraction, rule topics,
   discovery and storing);
3. exports every article with `python -m newsdesk export --format jsonl` and takes each article's top discovered
   topic (the first of `discovered_ids`, which the export orders by weight), matched back to its record through
   `source` (`file#N`, N counting the file's records from 1);
4. scores the topics against the held-out categories: normalised mutual information (arithmetic mean, sklearn's
   default) and adjusted Rand index, one topic per article;
5. runs the plain baseline on the same articles and the same text (each exported article's title + text, i.e.
   headline + lede): scikit-learn TfidfVectorizer + NMF(n_components=K), all else default, top topic per article.

Which baseline. The issue (and ../shared/bench/README.md) give the plain baseline as NMI ~0.21 (0.206, ARI 0.048);
TfidfVectorizer() with every default scores 0.150 here (mean of 10 NMF seeds, range 0.140-0.163; scikit-learn
1.9.1), which is the 0.14-0.16 an earlier session measured. The gap is stop words: with `stop_words="english"` and
nothing else changed it scores 0.197 (0.184-0.207, ARI 0.042), the issue's figure. The text fields are not the
cause: the stored title + text are exactly headline + lede, and headline alone scores 0.124, lede alone 0.096. So
`baseline_nmi` is TfidfVectorizer(stop_words="english") + NMF default, the stronger of the two; the all-defaults
row is printed too. Both are averaged over BASELINE_SEEDS seeds (NMF's default start is random: see there).
Target (issue 4): Newsdesk NMI >= 1.3 x baseline_nmi in the same run.

Prints one table and the largest topics' labels (with the editors' category most of their articles carry), and
ends with one JSON line {"nmi", "ari", "baseline_nmi", "articles_per_s", ...}. Exits 0 with a message when PATH
does not exist. Data: News Category Dataset by Rishabh Misra (CC BY 4.0, arXiv:2209.11429).
A run takes ~45 s on a quiet 2-core machine (most of it the baseline's ten NMF fits).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT.parent / "shared" / "bench" / "topics" / "topics-dev.jsonl"
LABEL_FIELD = "category"
NO_TOPIC = "(none)"  # the prediction for an article with no discovered topic: a cluster of its own
TARGET_RATIO = 1.3  # issue 4: Newsdesk NMI at least this many times the baseline's
MIN_ARTICLES_PER_S = 40.0  # issue 4: ingest speed floor on this machine
SHOW_TOPICS = 12  # largest topics listed with their labels
# NMF's default start (NNDSVDA) runs a randomised SVD, and its default random_state=None makes every run differ:
# on the dev file, 10 seeds gave NMI 0.184-0.207 (mean 0.197) with English stop words and 0.140-0.163 (mean 0.150)
# with none. The baseline is the mean of seeds 0..BASELINE_SEEDS-1: reproducible, and not one lucky or unlucky draw.
BASELINE_SEEDS = 5


def strip_labels(src: Path, dst: Path, field: str = LABEL_FIELD) -> list[str]:
    """Copy the JSONL `src` to `dst` without `field`; returns each record's `field` value in record order.

    Blank lines are dropped, so record N of `dst` (counted from 1, as the JSONL reader's `#N` does) is the N-th
    entry of the returned list. A record without the field gets "" (still a record, so the numbering holds)."""
    gold: list[str] = []
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            record = json.loads(line)
            gold.append(str(record.pop(field, "") or ""))
            fout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return gold


def record_number(source: str) -> int | None:
    """The 1-based record number in an exported `source` such as "/tmp/x/articles.jsonl#12"; None without one."""
    _, sep, tail = str(source).rpartition("#")
    return int(tail) if sep and tail.isdigit() else None


def top_topics(rows: Iterable[dict[str, Any]]) -> dict[int, tuple[str, str, str]]:
    """Record number -> (top discovered topic id or NO_TOPIC, its label, the article's title + "\\n" + text)."""
    out: dict[int, tuple[str, str, str]] = {}
    for row in rows:
        n = record_number(row.get("source") or "")
        if n is None:
            continue
        ids = row.get("discovered_ids") or []
        labels = row.get("discovered_labels") or []
        text = f"{row.get('title') or ''}\n{row.get('text') or ''}"
        out[n] = (str(ids[0]) if ids else NO_TOPIC, str(labels[0]) if labels else "", text)
    return out


def scores(gold: Sequence[str], pred: Sequence[Any]) -> tuple[float, float]:
    """(NMI, ARI) of a partition against the categories, one label per article."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return float(normalized_mutual_info_score(gold, pred)), float(adjusted_rand_score(gold, pred))


def baseline_topics(texts: Sequence[str], k: int, *, stop_words: str | None = "english", seed: int = 0) -> list[int]:
    """The plain baseline: TfidfVectorizer (defaults, plus `stop_words`) + NMF(n_components=k) (defaults but the
    seed of its randomised-SVD start), top topic per text."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    x = TfidfVectorizer(stop_words=stop_words).fit_transform(texts)
    # One BLAS thread: the same result, and many times faster than threads fighting over a busy 2-core machine.
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # default NMF warns that it did not converge in 200 iterations
        w = NMF(n_components=k, random_state=seed).fit_transform(x)
    return [int(i) for i in w.argmax(axis=1)]


def baseline_scores(
    gold: Sequence[str], texts: Sequence[str], k: int, *, stop_words: str | None = "english"
) -> tuple[float, float, float, float]:
    """(mean NMI, mean ARI, min NMI, max NMI) of the baseline over BASELINE_SEEDS seeds."""
    runs = [scores(gold, baseline_topics(texts, k, stop_words=stop_words, seed=s)) for s in range(BASELINE_SEEDS)]
    nmis = [r[0] for r in runs]
    return sum(nmis) / len(runs), sum(r[1] for r in runs) / len(runs), min(nmis), max(nmis)


def majority(gold: Sequence[str], pred: Sequence[str], topic: str) -> tuple[str, float]:
    """The category most of `topic`'s articles carry, and the share of them that do."""
    cats = Counter(g for g, p in zip(gold, pred, strict=True) if p == topic)
    if not cats:
        return "", 0.0
    cat, n = cats.most_common(1)[0]
    return cat, n / sum(cats.values())


def _cli(args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "newsdesk", *args], cwd=ROOT, env=env, text=True, check=True, **kw)


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    if not path.exists():
        print(f"skipped: {path} not found (the shared benchmark folder is not mounted)")
        return 0
    with tempfile.TemporaryDirectory(prefix="newsdesk-topics-bench-") as tmp:
        articles = Path(tmp) / "articles.jsonl"
        db = Path(tmp) / "bench.duckdb"
        gold_all = strip_labels(path, articles)
        k = len(set(gold_all))
        print(f"{path.name}: {len(gold_all):,} records, {k} categories -> {k} discovered topics")

        t0 = time.perf_counter()
        _cli(["ingest", "--db", str(db), "--quiet", "--n-topics", str(k), str(articles)], capture_output=True)
        ingest_s = time.perf_counter() - t0
        exported = _cli(["export", "--db", str(db), "--format", "jsonl"], capture_output=True).stdout
    rows = [json.loads(line) for line in exported.splitlines() if line.strip()]
    found = top_topics(rows)
    numbers = sorted(n for n in found if 1 <= n <= len(gold_all))
    missing = len(gold_all) - len(numbers)  # records not stored (exact duplicates, errors)
    gold = [gold_all[n - 1] for n in numbers]
    ours = [found[n][0] for n in numbers]
    texts = [found[n][2] for n in numbers]
    labels = {found[n][0]: found[n][1] for n in numbers}

    nmi, ari = scores(gold, ours)
    t0 = time.perf_counter()
    base_nmi, base_ari, base_lo, base_hi = baseline_scores(gold, texts, k)
    base_s = (time.perf_counter() - t0) / BASELINE_SEEDS
    plain_nmi, plain_ari, plain_lo, plain_hi = baseline_scores(gold, texts, k, stop_words=None)
    per_s = len(numbers) / ingest_s

    print(f"{len(rows):,} articles exported, {missing} records not stored; ingest {ingest_s:.1f} s")
    print(f"{'method':54s} {'NMI':>6s} {'(seed range)':>13s} {'ARI':>6s} {'topics':>6s} {'articles/s':>10s}")
    table = (
        ("baseline: TfidfVectorizer() + NMF, all defaults", plain_nmi, f"{plain_lo:.3f}-{plain_hi:.3f}", plain_ari, ""),
        (
            "baseline: TfidfVectorizer(stop_words='english') + NMF",
            base_nmi,
            f"{base_lo:.3f}-{base_hi:.3f}",
            base_ari,
            f"{len(texts) / base_s:.0f}",
        ),
        ("newsdesk: ingest -> export", nmi, "", ari, f"{per_s:.0f}"),
    )
    for name, a, spread, b, speed in table:
        print(f"{name:54s} {a:6.3f} {spread:>13s} {b:6.3f} {k:6d} {speed:>10s}")
    ratio = nmi / base_nmi if base_nmi else float("inf")
    print(
        f"NMI ratio {ratio:.2f} (target >= {TARGET_RATIO}: {'met' if ratio >= TARGET_RATIO else 'NOT met'}); "
        f"ingest {per_s:.0f} articles/s (floor {MIN_ARTICLES_PER_S:.0f}: "
        f"{'met' if per_s > MIN_ARTICLES_PER_S else 'NOT met'}; the baseline's articles/s is its fit alone); "
        f"articles without a topic: {ours.count(NO_TOPIC)}"
    )
    print("largest topics (size, label, editors' majority category and its share):")
    for topic, size in Counter(ours).most_common(SHOW_TOPICS):
        cat, share = majority(gold, ours, topic)
        print(f"  {size:5d}  {labels.get(topic) or topic:45s} {cat} {share:.0%}")
    result = {
        "nmi": round(nmi, 4),
        "ari": round(ari, 4),
        "baseline_nmi": round(base_nmi, 4),
        "articles_per_s": round(per_s, 1),
        "baseline_ari": round(base_ari, 4),
        "nmi_ratio": round(ratio, 3),
        "articles": len(numbers),
        "topics": k,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
