"""Ingest speed: one process against a pool of workers, on the same files, in one run.

    .venv/bin/python bench/ingest.py [FOLDER] [--workers N]

Ingests FOLDER (default: the demo corpus) into a fresh temporary database once with workers=1 (the baseline) and
once with N workers (default: one per core), and prints files and articles per second and the ratio. Timing is a
benchmark, never a test assertion.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.analysis.topics import load_rules  # noqa: E402
from newsdesk.ingest import ingest
from newsdesk.settings import TOPICS  # noqa: E402
from newsdesk.store import Store  # noqa: E402


def run(folder: Path, workers: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        summary = ingest(store, [folder], rules=load_rules(TOPICS.path()), workers=workers)
        seconds = time.perf_counter() - start
        store.close()
    return seconds, summary.files_seen, summary.articles + summary.duplicates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parent.parent / "data/articles/demo"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    folder = Path(args.folder)
    base = run(folder, 1)
    pooled = run(folder, args.workers)
    print(f"{'run':<12} {'seconds':>8} {'files/s':>8} {'articles/s':>11}")
    for name, (secs, files, arts) in (("1 process", base), (f"{args.workers} workers", pooled)):
        print(f"{name:<12} {secs:8.1f} {files / secs:8.1f} {arts / secs:11.1f}")
    print(f"speed-up: {base[0] / pooled[0]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
