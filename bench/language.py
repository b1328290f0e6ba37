"""The language detector's function-word fast path against py3langid alone, on real and synthetic texts.

    .venv/bin/python bench/language.py [--bench PATH] [--records N]

Texts: title + extracted body of every page of ../shared/bench (aeb/, dates/, metadata/: 584 pages, many languages),
headline + description of the topics/ records, the text-dump fixtures of tests/fixtures/textclean (six languages),
the demo corpus, and N records of bench/scalegen.py (seeded; ~1% French, German or Spanish). For each text the
detector's sample (language.MAX_CHARS) goes through both paths. Prints how often the fast path answers, whether it
ever disagrees with py3langid where it answers (each disagreement listed), and the time of each path per text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction import DEFAULT_BENCH, decode  # noqa: E402
from newsdesk.extract import language  # noqa: E402


def bench_texts(bench: Path) -> Iterator[tuple[str, str]]:
    from newsdesk.extract.html import extract_html

    for name in ("aeb", "dates", "metadata"):
        folder = bench / name
        if not (folder / "ground-truth.json").exists():
            continue
        for path in sorted((folder / "html").glob("*.html.gz")):
            art = extract_html(decode(gzip.decompress(path.read_bytes())))
            yield f"{name}/{path.name}", f"{art.title or ''}\n{art.text}"
    topics = bench / "topics" / "topics-dev.jsonl"
    if topics.exists():
        for i, line in enumerate(topics.read_text(encoding="utf-8").splitlines()):
            rec = json.loads(line)
            yield f"topics/{i}", f"{rec.get('headline', '')}\n{rec.get('short_description', '')}"


def own_texts(records: int) -> Iterator[tuple[str, str]]:
    from bench.scalegen import write_corpus
    from newsdesk.extract.textclean import clean_dump

    for path in sorted((ROOT / "tests" / "fixtures" / "textclean").rglob("*.txt")):
        art = clean_dump(path.read_text(encoding="utf-8"))
        yield f"fixtures/{path.parent.name}/{path.name}", f"{art.title or ''}\n{art.text}"
    for path in sorted((ROOT / "data" / "articles" / "demo").rglob("*.txt")):
        art = clean_dump(path.read_text(encoding="utf-8"))
        yield f"demo/{path.name}", f"{art.title or ''}\n{art.text}"
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), records, per_file=records)
        for path in sorted(Path(tmp).glob("*.jsonl")):
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                rec = json.loads(line)
                yield f"records/{i}", f"{rec.get('title', '')}\n{rec.get('text', '')}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--records", type=int, default=5000)
    args = ap.parse_args()
    language.model_language("warm up the model " * 10)
    rows: dict[str, list[int]] = {}  # set -> [texts, answered, disagreed]
    fast_s = model_s = 0.0
    disagreements: list[str] = []
    for key, text in [*bench_texts(args.bench), *own_texts(args.records)]:
        sample = text[: language.MAX_CHARS]
        t0 = time.perf_counter()
        fast = language._by_function_words(sample)
        t1 = time.perf_counter()
        model = language.model_language(sample)
        t2 = time.perf_counter()
        fast_s, model_s = fast_s + t1 - t0, model_s + t2 - t1
        counts = rows.setdefault(key.split("/")[0], [0, 0, 0])
        counts[0] += 1
        if fast is not None:
            counts[1] += 1
            if fast != model:
                counts[2] += 1
                disagreements.append(f"  {key}: fast path {fast}, py3langid {model}: {sample[:80]!r}")
    total = [sum(c[i] for c in rows.values()) for i in range(3)]
    print(f"{'set':10s} {'texts':>6s} {'fast path answers':>18s} {'differs from py3langid':>23s}")
    for name, (n, answered, differ) in [*rows.items(), ("all", total)]:
        print(f"{name:10s} {n:6d} {answered:11d} ({answered / max(n, 1):4.0%}) {differ:23d}")
    print("\n".join(disagreements) or "no disagreement")
    n = max(total[0], 1)
    print(
        f"time per text: fast path {fast_s / n * 1e3:.3f} ms, py3langid {model_s / n * 1e3:.3f} ms "
        f"({model_s / max(fast_s, 1e-9):.1f}x)"
    )


if __name__ == "__main__":
    main()
