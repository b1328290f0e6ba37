"""`python -m newsdesk`: ingest, extract, export and demo-data, as DESIGN.md specifies (a stable contract)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from newsdesk import settings
from newsdesk.spark.args import positive_int

if TYPE_CHECKING:
    from newsdesk.store import Store


def _progress_bar(stream: TextIO) -> Any:
    """A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise)."""
    start = time.monotonic()
    tty = stream.isatty()
    last = [-1]

    def show(done: int, total: int, path: str) -> None:
        pct = 100 if total == 0 else int(100 * done / total)
        if not tty and (pct // 10 == last[0] // 10 and done != total):
            return
        last[0] = pct
        width = 30
        filled = width * pct // 100
        name = Path(path).name[:40] if path else ""
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files {time.monotonic() - start:5.1f}s {name}"
        stream.write(("\r" + line.ljust(100)) if tty else line + "\n")
        if tty and done == total:
            stream.write("\n")
        stream.flush()

    return show


def cmd_ingest(args: argparse.Namespace) -> int:
    from newsdesk.analysis.topics import TopicsFileError, load_rules
    from newsdesk.ingest import ingest
    from newsdesk.store import Store, StoreLockedError

    paths = args.paths or [str(settings.ARTICLES.path())]
    try:
        rules = load_rules(args.topics)
        store = Store(args.db)
    except (TopicsFileError, ValueError, RuntimeError) as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    try:
        bar = None if args.quiet else _progress_bar(sys.stderr)
        if not args.quiet and (holder := store.writer_info()) is not None:
            print(f"newsdesk: waiting for {holder.describe()} to finish writing {args.db}", file=sys.stderr)
        try:
            summary = ingest(
                store, paths, rules=rules, progress=bar, workers=args.workers, n_topics=args.n_topics, batch=args.batch
            )
        except StoreLockedError as exc:
            print(f"newsdesk: {exc}", file=sys.stderr)
            return 2
        counts = store.counts()
    finally:
        store.close()
    print(summary.line())
    if summary.seconds:
        print(f"time: {summary.timing_line()}")
    if summary.records_skipped:
        print(f"{summary.records_skipped} records skipped on purpose (not articles, e.g. non-HTML WARC records)")
    for err in summary.error_rows[:50]:
        print(f"  error: {err.source} [{err.format}]: {err.reason}")
    if len(summary.error_rows) > 50:
        print(f"  ... and {len(summary.error_rows) - 50} more (see the Ingest page in the dashboard)")
    print(f"store {store.path}: {counts['articles']:,} articles, {counts['ingest_errors']:,} errors in all")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from newsdesk.analysis.topics import RuleMatcher, TopicsFileError, load_rules
    from newsdesk.models import Article, RawDoc, Skipped
    from newsdesk.pipeline import extract_doc
    from newsdesk.sources import read_paths

    try:
        matcher = RuleMatcher(load_rules(args.topics))
    except TopicsFileError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    out = sys.stdout
    for item in read_paths(args.paths):
        if isinstance(item, RawDoc):
            if args.format != "auto" and item.format in ("html", "text"):
                item.format = args.format
            result = extract_doc(item, matcher)
            obj = result.to_json() if isinstance(result, Article) else {"source": result.source, "error": result.reason}
        elif isinstance(item, Skipped):
            continue
        else:
            obj = {"source": item.source, "error": item.reason}
        out.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    out.flush()
    return 0


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _open_ingested(db: str | Path) -> Store | None:
    """A read-only store, or None once a one-line message says what to fix (no store yet: run ingest)."""
    from newsdesk.store import Store, StoreNotFoundError

    try:
        return Store(db, read_only=True)
    except StoreNotFoundError:
        print(f"newsdesk: no database at {db}; run `python -m newsdesk ingest` first", file=sys.stderr)
    except (ValueError, RuntimeError) as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
    return None


def cmd_export(args: argparse.Namespace) -> int:
    store = _open_ingested(args.db)
    if store is None:
        return 2
    try:
        from newsdesk.analysis.queries import export_parquet, iter_export

        if args.format == "parquet":
            if args.out == "-" and sys.stdout.isatty():
                print("newsdesk: Parquet is binary: pass --out FILE (or redirect standard output)", file=sys.stderr)
                return 2
            n = export_parquet(store.cursor(), "/dev/stdout" if args.out == "-" else args.out)
            if args.out != "-":
                print(f"wrote {n:,} articles to {args.out}", file=sys.stderr)
            return 0
        out: TextIO = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="")  # noqa: SIM115
        rows = iter_export(store.cursor())
        if args.format == "jsonl":
            for row in rows:
                out.write(json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
        else:
            writer: Any = None
            for row in rows:
                flat = {k: "; ".join(map(str, v)) if isinstance(v, list) else _jsonable(v) for k, v in row.items()}
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(flat))
                    writer.writeheader()
                writer.writerow(flat)
        if out is not sys.stdout:
            out.close()
    finally:
        store.close()
    return 0


def cmd_review_export(args: argparse.Namespace) -> int:
    from newsdesk.review import decisions as review

    store = _open_ingested(args.db)
    if store is None:
        return 2
    try:
        data = review.export_decisions(store.cursor(), args.format)
    finally:
        store.close()
    if args.out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(args.out).write_bytes(data)
        rows = len(data.splitlines()) - (1 if args.format == "csv" and data else 0)
        print(f"wrote {rows} decisions to {args.out}", file=sys.stderr)
    return 0


def cmd_review_import(args: argparse.Namespace) -> int:
    from newsdesk.review import decisions as review
    from newsdesk.store import Store

    path = Path(args.file)
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else path.read_bytes()
    except OSError as exc:
        print(f"newsdesk: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    fmt: Literal["csv", "jsonl"] = args.format or (
        "jsonl" if path.suffix.lower() in (".jsonl", ".json", ".ndjson") else "csv"
    )
    try:
        store = Store(args.db)
    except (ValueError, RuntimeError) as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    try:
        report = review.import_decisions(store.cursor(), data, fmt, reviewer=args.reviewer)
    except (ValueError, KeyError, UnicodeDecodeError) as exc:  # a malformed file: say which, no traceback
        print(f"newsdesk: {args.file} is not a {fmt} decisions file: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(report.line())
    for item in report.unmatched[:50]:
        print(f"  unmatched: {item}")
    if len(report.unmatched) > 50:
        print(f"  ... and {len(report.unmatched) - 50} more")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from newsdesk.demo.corpus import write_demo_corpus

    summary = write_demo_corpus(Path(args.out))
    print(
        f"wrote {summary.articles} articles in {summary.files} files to {args.out} "
        f"({summary.first_date} .. {summary.last_date}); by format: "
        + ", ".join(f"{k} {v}" for k, v in sorted(summary.by_format.items()))
    )
    return 0


FLUSH_ARTICLES = 10_000  # newsdesk.ingest.FLUSH_ARTICLES, restated so `--help` does not import the extractors


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m newsdesk", description="Read, chart and review stored news articles.")
    sub = p.add_subparsers(dest="command", required=True)
    db_help = f"store folder (default: {settings.DB.name} or {settings.DB.default}; an old .duckdb file is converted)"
    topics_help = f"rule topics file (default: {settings.TOPICS.name} or {settings.TOPICS.default})"

    ing = sub.add_parser("ingest", help="ingest stored articles into the database (unchanged files are skipped)")
    ing.add_argument("paths", nargs="*", help=f"files or folders (default: {settings.ARTICLES.default})")
    ing.add_argument("--db", default=str(settings.DB.path()), help=db_help)
    ing.add_argument("--topics", default=str(settings.TOPICS.path()), help=topics_help)
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes extracting in parallel (default: one per core)",
    )
    ing.add_argument(
        "--batch",
        type=positive_int,
        default=FLUSH_ARTICLES,
        metavar="N",
        help=f"articles committed together (default {FLUSH_ARTICLES:,}); each batch shows in the dashboard as it "
        "lands, and an interrupted ingest resumes after the last one",
    )
    ing.add_argument(
        "--n-topics",
        type=positive_int,
        default=None,
        metavar="N",
        help="number of discovered topics when discovery runs, i.e. when the corpus changed or has none yet "
        "(default: from the corpus size, 3 to 25)",
    )
    ing.set_defaults(func=cmd_ingest)

    ext = sub.add_parser("extract", help="print articles as JSON Lines, without touching the database")
    ext.add_argument("paths", nargs="+", help="files or folders, any supported format")
    ext.add_argument("--format", choices=("auto", "html", "text"), default="auto", help="force how pages are read")
    ext.add_argument("--topics", default=str(settings.TOPICS.path()), help=topics_help)
    ext.set_defaults(func=cmd_extract)

    dem = sub.add_parser("demo-data", help="regenerate the synthetic demo corpus")
    dem.add_argument("--out", default="data/articles/demo", help="output folder (default: data/articles/demo)")
    dem.set_defaults(func=cmd_demo)

    exp = sub.add_parser("export", help="every stored article with its topics and review state")
    exp.add_argument("--db", default=str(settings.DB.path()), help=db_help)
    exp.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    exp.add_argument("--out", default="-", help="output file (default: standard output)")
    exp.set_defaults(func=cmd_export)

    rex = sub.add_parser("review-export", help="review decisions and corrections as CSV or JSON Lines")
    rex.add_argument("--db", default=str(settings.DB.path()), help=db_help)
    rex.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    rex.add_argument("--out", default="-", help="output file (default: standard output)")
    rex.set_defaults(func=cmd_review_export)

    rim = sub.add_parser("review-import", help="merge a review-export file into the database (by id or url)")
    rim.add_argument("file", help="a CSV or JSON Lines file from review-export ('-' reads standard input)")
    rim.add_argument("--db", default=str(settings.DB.path()), help=db_help)
    rim.add_argument("--format", choices=("csv", "jsonl"), default=None, help="default: from the file extension")
    rim.add_argument("--reviewer", default=None, help="reviewer for rows that name none (default: import)")
    rim.set_defaults(func=cmd_review_import)
    from newsdesk.spark.cli import add_parser as add_spark_parser  # the Spark job (newsdesk/spark), pyspark optional

    add_spark_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
