"""bench/topics.py's own code on a tiny synthetic JSONL: label stripping, matching exports back to records, the
metrics and the baseline, and the CLI path it drives (`ingest --n-topics N`, then `export`), end to end in-process.
"""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType

import pytest

from newsdesk import cli

BENCH_SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "topics.py"

SUBJECTS = {
    "SPACE": "rocket orbit astronaut satellite launch telescope planet lunar mission galaxy comet".split(),
    "FOOD": "recipe chef bake flour oven pasta sauce garlic butter dessert kitchen spice".split(),
    "SPORT": "striker goal league referee stadium midfielder penalty coach tournament defender keeper".split(),
}


def _load_bench() -> ModuleType:
    """bench/topics.py as a module (bench/ is scripts, not a package): one definition of the metric for both."""
    spec = importlib.util.spec_from_file_location("newsdesk_bench_topics", BENCH_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def _records(per_subject: int = 12, seed: int = 5) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for cat, words in SUBJECTS.items():
        for i in range(per_subject):
            out.append(
                {
                    "category": cat,
                    "headline": " ".join(rng.sample(words, 4)).title(),
                    "short_description": " ".join(rng.sample(words, 6)) + ".",
                    "link": f"https://example.org/{cat.lower()}/{i}",
                    "date": f"2024-01-{i + 1:02d}",
                }
            )
    rng.shuffle(out)
    return out


def _write(path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_strip_labels_removes_the_field_and_keeps_record_numbers(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(
        '{"category": "A", "headline": "one"}\n\n{"headline": "two"}\n  \n{"category": "B", "headline": "three"}\n',
        encoding="utf-8",
    )
    gold = bench.strip_labels(src, dst)
    assert gold == ["A", "", "B"]
    lines = dst.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{"headline": "one"}, {"headline": "two"}, {"headline": "three"}]
    assert "category" not in dst.read_text(encoding="utf-8")


def test_record_number_and_top_topics() -> None:
    assert bench.record_number("/tmp/a/articles.jsonl#12") == 12
    assert bench.record_number("/tmp/a#b/articles.jsonl#3") == 3
    assert bench.record_number("/tmp/a/page.html") is None
    rows = [
        {"source": "f.jsonl#2", "discovered_ids": ["disc:1", "disc:0"], "discovered_labels": ["b", "a"], "title": "T"},
        {"source": "f.jsonl#1", "discovered_ids": [], "discovered_labels": [], "title": "U", "text": "x"},
        {"source": "page.html", "discovered_ids": ["disc:0"], "discovered_labels": ["a"]},
    ]
    assert bench.top_topics(rows) == {2: ("disc:1", "b", "T\n"), 1: (bench.NO_TOPIC, "", "U\nx")}


def test_scores_and_majority() -> None:
    gold = ["a", "a", "b", "b"]
    assert bench.scores(gold, ["x", "x", "y", "y"]) == pytest.approx((1.0, 1.0))
    nmi, ari = bench.scores(gold, ["x", "y", "x", "y"])
    assert nmi == pytest.approx(0.0, abs=1e-9) and ari < 0
    assert bench.majority(["a", "a", "b", "c"], ["t", "t", "t", "u"], "t") == ("a", pytest.approx(2 / 3))
    assert bench.majority(gold, ["x"] * 4, "missing") == ("", 0.0)


def test_baseline_is_reproducible_and_finds_separate_vocabularies() -> None:
    records = _records()
    texts = [f"{r['headline']}\n{r['short_description']}" for r in records]
    gold = [r["category"] for r in records]
    first = bench.baseline_topics(texts, 3, seed=1)
    assert first == bench.baseline_topics(texts, 3, seed=1)
    assert bench.scores(gold, first)[0] > 0.8  # three disjoint vocabularies: even the baseline separates them
    mean, _, lo, hi = bench.baseline_scores(gold, texts, 3)
    assert lo <= mean <= hi


def test_ingest_n_topics_then_export_recovers_the_categories(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    records = _records()
    src, articles, db = tmp_path / "labelled.jsonl", tmp_path / "articles.jsonl", tmp_path / "t.duckdb"
    _write(src, records)
    gold = bench.strip_labels(src, articles)
    no_rules = tmp_path / "none.toml"
    assert cli.main(["ingest", "--db", str(db), "--quiet", "--workers", "1", "--topics", str(no_rules),
                     "--n-topics", "3", str(articles)]) == 0  # fmt: skip
    capsys.readouterr()
    assert cli.main(["export", "--db", str(db), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(not r.get("section") for r in rows), "the category must not reach the store"
    found = bench.top_topics(rows)
    assert sorted(found) == list(range(1, len(records) + 1))
    pred = [found[n][0] for n in sorted(found)]
    assert len(set(pred)) == 3  # --n-topics 3 reached discovery
    nmi, ari = bench.scores(gold, pred)
    assert nmi > 0.8 and ari > 0.7
    for n, (_, label, text) in found.items():
        assert label and text.split("\n")[0] == records[n - 1]["headline"]


def test_n_topics_must_be_positive(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        cli.main(["ingest", "--n-topics", "0", "nowhere"])
    assert "must be at least 1" in capsys.readouterr().err


def test_bench_skips_cleanly_without_the_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert bench.main(["topics.py", str(tmp_path / "absent.jsonl")]) == 0
    assert "skipped" in capsys.readouterr().out
