"""The Spark job's arguments, shared by `python -m newsdesk spark` (cli.py) and `spark-submit` (job.py's `main`).

Kept light: building the command line imports neither pyspark nor the extractors (every `python -m newsdesk`
command builds its parser).
"""

from __future__ import annotations

import argparse

DEFAULT_MASTER = "local[*]"  # this machine, one task per core


def _conf_pair(value: str) -> tuple[str, str]:
    key, sep, setting = value.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {value!r}")
    return key.strip(), setting


def positive_int(value: str) -> int:
    """argparse type for counts that must be at least 1 (a clear error instead of a crash later); the CLI's too."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def add_arguments(parser: argparse.ArgumentParser, default_master: str | None) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files or folders, any format `ingest` reads: local paths (on every node), or URIs the cluster can "
        "read (s3a://, gs://, hdfs://, file://)",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="output folder (a plain path is on Spark's default filesystem), replaced by a re-run: "
        "articles/month=YYYY-MM/*.parquet, errors/*.parquet, _newsdesk.json",
    )
    parser.add_argument(
        "--master",
        default=default_master,
        help=f"Spark master (default: {default_master or 'what spark-submit was given'})",
    )
    parser.add_argument(
        "--files-per-task",
        type=positive_int,
        default=1,
        metavar="N",
        help="at most N files per task (default 1: one task per file, right for WARC files); raise it for many "
        "small files, where a task's own cost (tens of ms) outweighs extracting one page",
    )
    parser.add_argument(
        "--conf",
        type=_conf_pair,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Spark setting, repeatable (e.g. spark.driver.memory=4g)",
    )
