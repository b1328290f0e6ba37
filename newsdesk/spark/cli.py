"""`python -m newsdesk spark INPUT... --out DIR [--master local[*]]`: registers the command; the job (and pyspark)
is imported only when it runs."""

from __future__ import annotations

import argparse
from typing import Any

from newsdesk.spark.args import DEFAULT_MASTER, add_arguments


def add_parser(subparsers: Any) -> None:
    """Register `spark` on the `python -m newsdesk` command line."""
    p = subparsers.add_parser(
        "spark", help="the same extraction on Apache Spark, Parquet out (pip: requirements-spark)"
    )
    add_arguments(p, DEFAULT_MASTER)
    p.set_defaults(func=run)


def run(parsed: argparse.Namespace) -> int:
    from newsdesk.spark import job

    return job.run(parsed)
