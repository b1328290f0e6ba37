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
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


@dataclass
class Run:
    """One way of extracting the pages: wall seconds, CPU seconds (None where they cannot be read), articles."""

    name: str
    cores: int
    seconds: float
    cpu: float | None
    articles: int


def children_cpu() -> float:
    """CPU seconds of this process's finished (and waited-for) children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_cpu() -> float | None:
    """CPU seconds of this process's live descendants and of the children they waited for (Linux /proc): the Spark
    JVM, its Python daemon and workers. None where /proc cannot be read."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    try:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
                cpu[int(entry.name)] = sum(int(f) for f in fields[11:15]) / tick  # utime stime cutime cstime
    except OSError:
        return None
    found, todo = set(), [os.getpid()]
    while todo:
        pid = todo.pop()
        kids = [p for p, parent in parents.items() if parent == pid and p not in found]
        found.update(kids)
        todo.extend(kids)
    return sum(cpu[p] for p in found)


def run_cli(folder: Path) -> Run:
    before, start = children_cpu(), time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "extract", str(folder)], cwd=ROOT, capture_output=True, check=True
    )
    elapsed, cpu = time.perf_counter() - start, children_cpu() - before
    articles = sum(1 for line in proc.stdout.splitlines() if b'"error"' not in line[:200])
    return Run("extract (1 process)", 1, elapsed, cpu, articles)


def run_pool(folder: Path, cores: int) -> Run:
    files = sorted(str(p) for p in folder.iterdir())
    before, start = children_cpu(), time.perf_counter()
    with multiprocessing.Pool(cores) as pool:
        articles = sum(pool.imap_unordered(extract_file, files))
    # the workers were forked after this process's imports: they pay none of the start-up the other two pay
    return Run(f"pool ({cores} processes)", cores, time.perf_counter() - start, children_cpu() - before, articles)


def run_spark(folder: Path, out: Path, cores: int, files_per_task: int) -> tuple[Run, float, int]:
    """The job's run, the JVM's start (seconds, apart from the run) and the number of files it listed."""
    from newsdesk.spark import job

    start = time.perf_counter()
    spark = job.spark_session(f"local[{cores}]", SPARK_CONF)
    try:
        spark.range(1).count()  # the JVM and its first job, apart from the run
        jvm = time.perf_counter() - start
        before = tree_cpu()
        summary = job.run_job(spark, [str(folder)], str(out), files_per_task)
        after = tree_cpu()  # before stopping: the workers' CPU is read while they are alive
    finally:
        spark.stop()
    cpu = after - before if after is not None and before is not None else None
    name = f"spark local[{cores}]" + (f", {files_per_task} files/task" if files_per_task > 1 else "")
    return Run(name, cores, summary.seconds, cpu, summary.articles), jvm, summary.files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES)
    parser.add_argument("--per-warc", type=int, default=DEFAULT_PER_WARC)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--layout", choices=("warc", "files"), default="warc")
    parser.add_argument("--files-per-task", type=int, default=1, help="the job's --files-per-task (default 1)")
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
        runs = [run_cli(corpus), run_pool(corpus, args.cores)]
        spark_run, jvm_s, spark_files = run_spark(corpus, Path(tmp) / "out", args.cores, args.files_per_task)
        runs.append(spark_run)
        assert spark_files == n_files, (spark_files, n_files)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    base, base_cpu = runs[0], runs[0].cpu
    head = ("seconds", "articles", "pages/s", "/core", "ratio", "CPU s", "pages/CPU-s")
    print(f"{'':34} " + " ".join(f"{h:>{w}}" for h, w in zip(head, (8, 8, 8, 6, 6, 7, 11), strict=True)))
    for run in runs:
        rate = args.pages / run.seconds
        ratio = base.seconds / run.seconds
        cpu = f"{run.cpu:7.1f} {args.pages / run.cpu:11.1f}" if run.cpu else f"{'-':>7} {'-':>11}"
        per_core = rate / run.cores
        print(f"{run.name:34} {run.seconds:8.1f} {run.articles:8d} {rate:8.1f} {per_core:6.1f} {ratio:5.2f}x {cpu}")
    spark_run = runs[2]
    print(f"spark JVM start (not in the run above): {jvm_s:.1f} s")
    print(
        f"spark against extract: {base.seconds / spark_run.seconds:.2f}x the pages/s, "
        f"{base.seconds / spark_run.seconds / args.cores:.2f}x per core; against the pool: "
        f"{runs[1].seconds / spark_run.seconds:.2f}x"
    )
    if spark_run.cpu and base_cpu:
        pool_cpu = (runs[1].cpu or 0) / base_cpu
        print(f"CPU per page: spark {spark_run.cpu / base_cpu:.2f}x of extract's, pool {pool_cpu:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
