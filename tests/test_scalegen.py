"""bench/scalegen.py, the scale bench's corpus generator: same seed, same bytes; records shaped like a news API
export; copies, near copies, other languages and undated stories in the shares it promises (on 2,000 records);
what the real pipeline makes of a generated file. Then bench/scale.py end to end on 300 records, in a subprocess,
checking its JSON line names every measure (never a timing: timing is a benchmark)."""

from __future__ import annotations

import collections
import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsdesk.analysis.topics import RuleMatcher, load_rules
from newsdesk.ids import canonical_url
from newsdesk.models import Article
from newsdesk.pipeline import extract_paths

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
N = 2_000
PER_FILE = 500
URL_RE = re.compile(r"^https://www\.[a-z]+-[a-z]+\.example/[a-z-]+/(\d{4}/\d{2}/\d{2}/)?[a-z0-9-]+(\?utm_[a-z=&_]+)?$")
# On 2,000 records a 1% share is 20 +- 4.5 (binomial sd): these bounds hold for any seed but a freak one.
SHARE_BOUNDS = {"duplicate": (0.004, 0.02), "near_duplicate": (0.004, 0.02), "foreign": (0.004, 0.02)}


def _load() -> ModuleType:
    """bench/scalegen.py as a module (bench/ holds scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("scalegen", BENCH / "scalegen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


scalegen = _load()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("scalegen") / "corpus"
    return out, scalegen.write_corpus(out, N, per_file=PER_FILE)


@pytest.fixture(scope="module")
def records(corpus: tuple[Path, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(file number, record) for every line of every file, parsed with json."""
    out = []
    folder, summary = corpus
    for k, name in enumerate(summary.files):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            out.append((k, json.loads(line)))
    return out


def test_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    a = scalegen.write_corpus(tmp_path / "a", 300, seed=7, per_file=120)
    b = scalegen.write_corpus(tmp_path / "b", 300, seed=7, per_file=120)
    c = scalegen.write_corpus(tmp_path / "c", 300, seed=8, per_file=120)
    assert a.files == b.files == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    for name in a.files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / a.files[0]).read_bytes() != (tmp_path / "c" / c.files[0]).read_bytes()
    assert a.records == 300 and a.bytes == sum((tmp_path / "a" / f).stat().st_size for f in a.files)


def test_every_line_is_the_json_of_its_record(corpus: tuple[Path, Any]) -> None:
    """The writer's fast JSON must be byte for byte what json.dumps gives, on every generated record."""
    folder, summary = corpus
    lines = "".join((folder / name).read_text(encoding="utf-8") for name in summary.files).splitlines(keepends=True)
    generated = list(scalegen.iter_records(N, per_file=PER_FILE))
    assert len(lines) == len(generated) == N
    for line, (record, _) in zip(lines, generated, strict=True):
        assert line == json.dumps(record, ensure_ascii=False) + "\n"


def test_records_look_like_a_news_api_export(records: list[tuple[int, dict[str, Any]]]) -> None:
    sites, paragraphs = set(), collections.Counter()
    for _, r in records:
        assert set(r) - {"language", "published"} == {"url", "title", "authors", "section", "text"}
        assert URL_RE.match(r["url"]), r["url"]
        assert r["title"] and r["section"]
        assert 1 <= len(r["authors"]) <= 2 and all(" " in a for a in r["authors"])
        if "published" in r:
            when = dt.datetime.fromisoformat(r["published"].replace("Z", "+00:00"))
            assert dt.date(2022, 1, 1) <= when.date() <= dt.date(2024, 12, 31)
            assert r["url"].split("/")[4:7] == r["published"][:10].split("-")  # the URL's date is the story's
        words = len(r["text"].split())
        assert scalegen.WORDS_MIN <= words <= scalegen.WORDS_MAX + 40, words  # a near copy's edit adds a sentence
        paragraphs[len(r["text"].split("\n\n"))] += 1
        sites.add(r["url"].split("/")[2])
    assert set(paragraphs) <= set(range(scalegen.PARAGRAPHS_MIN, scalegen.PARAGRAPHS_MAX + 1))
    assert len(sites) == len(scalegen.SITES)
    n = len(records)
    assert 0.015 <= sum("published" not in r for _, r in records) / n <= 0.05  # ~3% undated
    assert 0.4 <= sum("language" in r for _, r in records) / n <= 0.6  # ~half declare their language


def test_copies_near_copies_and_other_languages_come_in_their_shares(
    records: list[tuple[int, dict[str, Any]]],
) -> None:
    """Read from the files themselves: an exact copy is an earlier story again under its URL (tracking parameters
    aside), from an earlier file once there is one; a near copy has an earlier story's title on another URL with
    all but one paragraph the same; a story in another language has no English "the"."""
    first_seen: dict[str, tuple[int, dict[str, Any]]] = {}
    by_title: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    found = collections.Counter()
    for file, r in records:
        key = canonical_url(r["url"])
        assert key is not None
        if key in first_seen:
            earlier_file, earlier = first_seen[key]
            assert earlier_file < file or file == 0  # from an earlier file once there is one
            assert {**r, "url": ""} == {**earlier, "url": ""}
            found["duplicate"] += 1
            continue
        first_seen[key] = (file, r)
        for earlier in by_title[r["title"]]:
            old, new = earlier["text"].split("\n\n"), r["text"].split("\n\n")
            if len(old) == len(new) and sum(a != b for a, b in zip(old, new, strict=True)) == 1:
                found["near_duplicate"] += 1
                break
        by_title[r["title"]].append(r)
        if " the " not in r["text"]:
            found["foreign"] += 1
    kinds = collections.Counter(info.kind for _, info in scalegen.iter_records(N, per_file=PER_FILE))
    for kind, (lo, hi) in SHARE_BOUNDS.items():
        assert lo <= found[kind] / N <= hi, (kind, found[kind])
        assert found[kind] == kinds[kind], kind  # what the files show is what the generator says it wrote


def test_the_pipeline_reads_a_generated_file_and_finds_its_rule_topics(corpus: tuple[Path, Any]) -> None:
    folder, summary = corpus
    infos = [info for _, info in scalegen.iter_records(N, per_file=PER_FILE)][:PER_FILE]
    matcher = RuleMatcher(load_rules(ROOT / "data" / "topics.toml"))
    items = list(extract_paths([folder / summary.files[0]], matcher))
    assert all(isinstance(a, Article) for a in items), [a for a in items if not isinstance(a, Article)][:3]
    assert len(items) == PER_FILE
    with_rule = [(a, i) for a, i in zip(items, infos, strict=True) if i.rule and i.kind != "foreign"]
    free = [(a, i) for a, i in zip(items, infos, strict=True) if not i.rule and i.kind != "foreign"]
    assert sum(i.rule in a.topics for a, i in with_rule) / len(with_rule) >= 0.95
    assert sum(not a.topics for a, _ in free) / len(free) >= 0.9
    assert 0.1 <= len(free) / PER_FILE <= 0.3  # ~20% about no rule topic
    foreign = [a for a, i in zip(items, infos, strict=True) if i.kind == "foreign"]
    assert all(a.language in ("fr", "de", "es") for a in foreign)
    assert all(a.language == "en" for a, _ in with_rule + free)


def test_topic_popularity_has_seeded_spikes() -> None:
    """A spike month holds more of its topic than the months around it: charts have news to show."""
    gen = scalegen.Generator(10)
    assert len(gen.spikes) == scalegen.SPIKES
    names = [t.name for t in scalegen.RULE_THEMES]
    for spike in gen.spikes:
        theme, month = spike.rsplit(" ", 1)
        year, mon = map(int, month.split("-"))
        m = (year - scalegen.FIRST_DAY.year) * 12 + mon - 1
        k = names.index(theme)

        def share(m: int, k: int = k) -> float:
            row = gen.month_cum[m]
            return (row[k] - (row[k - 1] if k else 0.0)) / row[-1]

        assert share(m) > 1.5 * max(share(m - 2), share(m - 3))


def test_scale_bench_runs_end_to_end_and_reports_every_measure(tmp_path: Path) -> None:
    """The harness on 300 records: generate, ingest through the CLI, seed reviews, measure in a fresh process;
    its JSON line has a figure for every measure and interaction."""
    proc = subprocess.run(
        [sys.executable, str(BENCH / "scale.py"), "--sizes", "300", "--repeat", "2", "--work", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    (result,) = out["results"]
    assert result["size"] == 300
    assert result["generate"]["records"] == 300
    ingest = result["ingest"]
    for key in ("seconds", "records_per_s", "articles", "peak_rss_tree_mb", "peak_pss_tree_mb", "peak_rss_main_mb",
                "store_mb", "prior_decisions"):  # fmt: skip
        assert ingest[key] is not None, key
    assert 280 <= ingest["articles"] <= 300  # exact copies are stored once
    measure = result["measure"]
    for key in ("open_store_ms", "review_queue_ms", "peak_rss_mb", "rss_after_first_render_mb"):
        assert measure[key] > 0, key
    names = {
        "first_render", "filter_site", "filter_topic", "filter_dates", "search_rare", "search_common", "chart_click",
        "reader", "topics_page", "rule_edit", "review_decision",
    }  # fmt: skip
    assert set(measure["interactions"]) == names
    for name, figures in measure["interactions"].items():
        assert figures["n"] == 2, name
        for key in ("cold_ms", "p50_ms", "p95_ms"):
            assert figures[key] is not None and figures[key] > 0, (name, key)
    assert set(measure["search_shares"]) and all(0 <= v <= 1 for v in measure["search_shares"].values())
    table = proc.stdout
    for row in ("ingest records/s", "ingest peak RSS, process tree", "first render cold", "Review: one decision p95",
                "measure process peak RSS", "target at 1M"):  # fmt: skip
        assert row in table, row
    assert (tmp_path / "300" / "corpus.json").exists() and (tmp_path / "300" / "store").is_dir()
