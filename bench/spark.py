"""The Spark job in local mode against the local extraction, on the same pages, in one run.

    .venv/bin/python bench/spark.py [--pages N] [--per-warc N] [--cores N] [--layout warc|files]

Builds N pages (default 3,000) from the shared bench pages (../shared/bench/aeb/html/*.html.gz or --bench DIR,
read from there, never copied into the repo; exits 0 with a message when absent): the 103 pages repeated, each copy
given its own canonical URL so that every page is a distinct article. They are written to a temporary folder as
WARC files of --per-warc pages each (default 100, the way crawls arrive), or with --layout files as one .html file
per page (the worst case for one task per file). On the same files, in this process:

    extract   `python -m newsdesk extract DIR` (one process; its start-up, ~2 s, included)
    pool      a multiprocessing pool of --cores processes (default: every core), each file read and extracted by
              `sources.read_file` + `pipeline.extract_doc`, as the executors do
    spark     `python -m newsdesk spark` in local[--cores]: the whole job (listing, extraction, de-duplication,
              Parquet written, manifest); the JVM start is timed apart

and prints pages/s and pages/s per core of each, and the ratios against `extract`. Timing is a benchmark, never a
test assertion; on a machine shared with other work the ratios of one run mean more than the absolute figures.
"""

from __future__ import annotations

import argparse
import gzip
import io
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsdesk import sources  # noqa: E402
from newsdesk.models import Article, RawDoc  # noqa: E402
from newsdesk.pipeline import extract_doc  # noqa: E402

AEB_HTML = Path("shared", "bench", "aeb", "html")
# ../shared beside the checkout (or beside the folder holding a worktree of it)
SHARED_PAGES = next((p / AEB_HTML for p in ROOT.parents if (p / AEB_HTML).is_dir()), ROOT.parent / AEB_HTML)
DEFAULT_PAGES = 3000
DEFAULT_PER_WARC = 100  # pages per WARC file: a small crawl segment (Common Crawl's hold ~40,000)
BENCH_URL = "https://bench.newsdesk.example/copy/{copy}/page/{page}"
# The local-mode JVM holds the cached rows (each carries its raw page, ~170 KB for these pages) before writing.
# Where a page states its own URL (the extractor's id comes from it), and where a page without one gets ours.
_PAGE_URL = re.compile(rb"<link[^>]*\bcanonical\b[^>]*>|<meta[^>]*og:url[^>]*>", re.I)
_HEAD = re.compile(rb"<head\b[^>]*>", re.I)
SPARK_CONF = {"spark.ui.showConsoleProgress": "false", "spark.driver.memory": "3g"}


def load_pages(folder: Path) -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("*.html.gz"))]


def with_canonical(page: bytes, url: str) -> bytes:
    """The page with `url` as its canonical link (and og:url), so each copy is its own article (own id) while the
    body extracted stays the page's."""
    link = f'<link rel="canonical" href="{url}">'.encode()
    page, n = _PAGE_URL.subn(link, page)
    if n:
        return page
    head = _HEAD.search(page)
    return page[: head.end()] + link + page[head.end() :] if head else link + page


def build_corpus(folder: Path, pages: list[bytes], n: int, per_warc: int, layout: str) -> int:
    """Write n pages under folder; the number of files written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    copies = [(i // len(pages), i % len(pages)) for i in range(n)]
    if layout == "files":
        for copy, page in copies:
            url = BENCH_URL.format(copy=copy, page=page)
            (folder / f"{copy:04d}-{page:03d}.html").write_bytes(with_canonical(pages[page], url))
        return n
    files = 0
    for start in range(0, n, per_warc):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        for copy, page in copies[start : start + per_warc]:
            url = BENCH_URL.format(copy=copy, page=page)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            body = io.BytesIO(with_canonical(pages[page], url))
            writer.write_record(writer.create_warc_record(url, "response", payload=body, http_headers=http))
        (folder / f"segment-{files:05d}.warc.gz").write_bytes(buffer.getvalue())
        files += 1
    return files


def extract_file(path: str) -> int:
    """Articles extracted from one file (the pool's unit of work, the same as one Spark task's)."""
    return sum(
        isinstance(extract_doc(item), Article) for item in sources.read_file(Path(path)) if isinstance(item, RawDoc)
    )


def time_cli(folder: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "extract", str(folder)], cwd=ROOT, capture_output=True, check=True
    )
    elapsed = time.perf_counter() - start
    return elapsed, sum(1 for line in proc.stdout.splitlines() if b'"error"' not in line[:200])


def time_pool(folder: Path, cores: int) -> tuple[float, int]:
    files = sorted(str(p) for p in folder.iterdir())
    start = time.perf_counter()
    with multiprocessing.Pool(cores) as pool:
        articles = sum(pool.imap_unordered(extract_file, files))
    return time.perf_counter() - start, articles


def time_spark(folder: Path, out: Path, cores: int) -> tuple[float, float, int, int]:
    from newsdesk.spark import job

    start = time.perf_counter()
    spark = job.spark_session(f"local[{cores}]", SPARK_CONF)
    spark.range(1).count()  # the JVM and its first job, apart from the run
    started = time.perf_counter() - start
    try:
        summary = job.run_job(spark, [str(folder)], str(out))
    finally:
        spark.stop()
    return started, summary.seconds, summary.articles, summary.files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES)
    parser.add_argument("--per-warc", type=int, default=DEFAULT_PER_WARC)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--layout", choices=("warc", "files"), default="warc")
    parser.add_argument("--bench", type=Path, default=SHARED_PAGES, help="folder of *.html.gz pages")
    args = parser.parse_args()
    pages = load_pages(args.bench) if args.bench.is_dir() else []
    if not pages:
        print(f"bench/spark.py: no pages at {args.bench}; nothing to measure")
        return 0
    from newsdesk.spark import job

    reason = job.spark_missing_reason()
    if reason:
        print(f"bench/spark.py: {reason}")
        return 0
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-spark-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n_files = build_corpus(corpus, pages, args.pages, args.per_warc, args.layout)
        size = sum(p.stat().st_size for p in corpus.iterdir())
        print(
            f"{args.pages} pages ({len(pages)} distinct bodies) in {n_files} files ({args.layout}, "
            f"{size / 1e6:.0f} MB), {args.cores} cores, load average {os.getloadavg()[0]:.1f}"
        )
        cli_s, cli_n = time_cli(corpus)
        pool_s, pool_n = time_pool(corpus, args.cores)
        jvm_s, spark_s, spark_n, spark_files = time_spark(corpus, Path(tmp) / "out", args.cores)
        assert spark_files == n_files, (spark_files, n_files)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    base = args.pages / cli_s
    print(f"{'':28} {'seconds':>8} {'articles':>9} {'pages/s':>8} {'per core':>9} {'ratio':>6}")
    for name, seconds, articles, cores in (
        ("extract (1 process)", cli_s, cli_n, 1),
        (f"pool ({args.cores} processes)", pool_s, pool_n, args.cores),
        (f"spark local[{args.cores}]", spark_s, spark_n, args.cores),
    ):
        rate = args.pages / seconds
        print(f"{name:28} {seconds:8.1f} {articles:9d} {rate:8.1f} {rate / cores:9.1f} {rate / base:5.2f}x")
    print(f"spark JVM start (not in the run above): {jvm_s:.1f} s")
    print(
        f"spark per core against extract: {args.pages / spark_s / args.cores / base:.2f}x; "
        f"against the pool: {pool_s / spark_s:.2f}x of its speed"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
