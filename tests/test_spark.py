"""spark: the job in local mode writes the rows `python -m newsdesk extract` gives for the same files (through
`store.schema.article_row`), error rows beside them, one row per article id, and replaces its output on a re-run.

One Spark session for the module (one JVM start). Skipped loudly (a warning in pytest's summary) when pyspark or
Java is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from newsdesk.cli import build_parser
from newsdesk.models import Article
from newsdesk.spark import cli as spark_cli
from newsdesk.spark import job
from newsdesk.store import schema

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "articles" / "demo"
WARC = ROOT / "tests" / "fixtures" / "spark" / "crawl.warc.gz"
# Small shuffles and no UI: the fixtures are a few hundred rows on two cores.
TEST_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
}
# The demo corpus is 476 small files; grouping 8 per task keeps the test's share of two shared cores reasonable.
# One task per file (the default) is checked on the WARC fixture and by test_one_task_per_file.
DEMO_FILES_PER_TASK = 8
# Every stored column `extract` also prints (raw and removed it leaves out; ingested_at is the run's time).
COMPARED = tuple(c for c in schema.ARTICLE_COLUMNS if c not in ("raw", "removed", "ingested_at"))


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    reason = job.spark_missing_reason()
    if reason:
        warnings.warn(reason, stacklevel=1)
        pytest.skip(reason)
    session = job.spark_session("local[2]", TEST_CONF)
    try:
        yield session
    finally:
        session.stop()


def extract_cli(*paths: Path) -> list[dict[str, Any]]:
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "extract", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def expected(objects: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str]]]:
    """`extract`'s output as stored rows: one per id (more words wins, then the earlier, as the local store keeps),
    and the (source, reason) of each error."""
    rows: dict[str, dict[str, Any]] = {}
    errors = []
    for obj in objects:
        if "error" in obj:
            errors.append((obj["source"], obj["error"]))
            continue
        row = schema.article_row(Article(**obj), dt.datetime(2024, 1, 1))
        if row["id"] not in rows or row["word_count"] > rows[row["id"]]["word_count"]:
            rows[row["id"]] = row
    return {i: {c: r[c] for c in COMPARED} for i, r in rows.items()}, sorted(errors)


def written(out: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str]]]:
    articles = ds.dataset(out / job.ARTICLES_DIR, format="parquet", partitioning="hive").to_table().to_pylist()
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids)), "an article id written twice"
    errors = ds.dataset(out / job.ERRORS_DIR, format="parquet").to_table().to_pylist()
    return {a["id"]: {c: a[c] for c in COMPARED} for a in articles}, sorted((e["source"], e["reason"]) for e in errors)


def assert_same_rows(got: dict[str, dict[str, Any]], want: dict[str, dict[str, Any]]) -> None:
    assert sorted(got) == sorted(want)
    for article_id, row in want.items():
        diff = {c: (got[article_id][c], v) for c, v in row.items() if got[article_id][c] != v}
        assert not diff, (article_id, diff)


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / job.MANIFEST_NAME).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_out(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The job run once on the demo corpus: (output folder, summary)."""
    out = tmp_path_factory.mktemp("spark") / "demo-out"
    return out, job.run_job(spark, [str(DEMO)], str(out), files_per_task=DEMO_FILES_PER_TASK)


def test_demo_corpus_rows_equal_extract(demo_out: tuple[Path, Any]) -> None:
    out, summary = demo_out
    want, want_errors = expected(extract_cli(DEMO))
    got, got_errors = written(out)
    assert_same_rows(got, want)
    assert got_errors == want_errors
    assert {r["format"] for r in want.values()} == {"html", "text", "record"}  # every kind of input went through
    assert summary.articles == len(want) and summary.duplicates > 0
    meta = manifest(out)
    assert meta["kind"] == job.MANIFEST_KIND and meta["schema_version"] == schema.SCHEMA_VERSION
    assert meta["inputs"] == [str(DEMO)] and meta["articles"] == len(want) and meta["errors"] == len(want_errors)
    assert dt.datetime.fromisoformat(meta["finished_at"]).tzinfo is not None


def test_warc_rows_errors_layout_and_rerun(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "warc-out"
    first = job.run_job(spark, [str(WARC)], str(out))
    want, want_errors = expected(extract_cli(WARC))
    got, got_errors = written(out)
    assert_same_rows(got, want)
    assert (
        got_errors == want_errors == [(f"{WARC}#6", "file is a PNG image, not html; it is not a saved page or export")]
    )
    # the tram story twice in the crawl: the first, longer copy is the one stored
    assert got["2676f6d9475fc514"]["source"] == f"{WARC}#3"
    assert (first.articles, first.duplicates, first.errors, first.skipped) == (3, 1, 1, 3)
    months = sorted(p.name for p in (out / job.ARTICLES_DIR).iterdir() if p.is_dir())
    assert months == ["month=2024-03", "month=2024-04", f"month={schema.UNDATED}"]
    part = next((out / job.ARTICLES_DIR / "month=2024-03").glob("part-*.parquet"))
    assert ds.dataset(part).schema.names == [c for c in schema.ARTICLE_COLUMNS if c != job.PARTITION_COLUMN]
    error_part = next((out / job.ERRORS_DIR).glob("part-*.parquet"))
    assert ds.dataset(error_part).schema.names == schema.ERROR_SCHEMA.names

    again = job.run_job(spark, [str(WARC)], str(out))
    assert (again.articles, again.errors) == (first.articles, first.errors)
    assert written(out) == (got, got_errors)
    assert len(list((out / job.ARTICLES_DIR).rglob("part-*.parquet"))) == 3  # replaced, not added to
    assert [p.name for p in tmp_path.iterdir()] == ["warc-out"]  # no staging directory left behind
    assert manifest(out)["articles"] == 3


def test_uris_are_listed_by_hadoop_and_fetched_by_the_executors(spark: Any, tmp_path: Path) -> None:
    crawl = tmp_path / "bucket" / "crawls" / "2024"
    crawl.mkdir(parents=True)
    shutil.copy(WARC, crawl / WARC.name)
    (crawl / ".hidden.warc.gz").write_bytes(b"not read")
    (crawl / "notes.md").write_text("not a supported format", encoding="utf-8")
    root = f"file://{tmp_path / 'bucket'}"
    out = tmp_path / "uri-out"
    summary = job.run_job(spark, [f"{root}/crawls/", f"{root}/missing/"], str(out))
    got, got_errors = written(out)
    uri = f"{root}/crawls/2024/{WARC.name}"
    want, _ = expected(extract_cli(WARC))
    assert sorted(r["source"] for r in got.values()) == sorted(
        r["source"].replace(str(WARC), uri) for r in want.values()
    )
    assert {r["path"] for r in got.values()} == {uri}
    assert got_errors == [
        (f"{uri}#6", "file is a PNG image, not html; it is not a saved page or export"),
        (f"{root}/missing/", f"no such file or folder: {root}/missing/; check the path"),
    ]
    assert summary.files == 1


def test_one_task_per_file(spark: Any) -> None:
    files, errors = job.list_inputs(spark, [str(DEMO / "exports"), str(WARC), str(DEMO / "nowhere")])
    assert [Path(f.location).name for f in files][-1] == WARC.name and len(files) == 7
    assert [e.reason for e in errors] == [f"no such file or folder: {DEMO / 'nowhere'}; check the path"]
    tasks = job.task_rdd(spark, files).glom().collect()
    assert [[t[1] for t in task] for task in tasks] == [[f.location] for f in files]
    grouped = job.task_rdd(spark, files, files_per_task=3).glom().collect()
    assert [len(task) for task in grouped] == [2, 2, 3]  # at most 3 each, spread evenly, in input order
    assert [t[1] for task in grouped for t in task] == [f.location for f in files]


def test_command_line_and_missing_dependencies(monkeypatch: pytest.MonkeyPatch) -> None:
    args = build_parser().parse_args(["spark", "a.warc.gz", "s3a://b/k/", "--out", "o", "--conf", "k=v=w"])
    assert args.func is spark_cli.run and args.master == spark_cli.DEFAULT_MASTER
    assert args.inputs == ["a.warc.gz", "s3a://b/k/"] and args.conf == [("k", "v=w")] and args.files_per_task == 1
    monkeypatch.setenv("JAVA_HOME", "/nonexistent")
    assert "Java" in (job.spark_missing_reason() or "")
    monkeypatch.setattr(job.importlib.util, "find_spec", lambda name: None)
    assert "requirements-spark.txt" in (job.spark_missing_reason() or "")
    assert [job.is_uri(a) for a in ("s3a://b/k", "file:///x", "data/x.warc.gz", "C:\\x")] == [True, True, False, False]


def _ingest(paths: list[Path], db: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "ingest", *map(str, paths), "--db", str(db), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


def test_the_store_attaches_the_output_and_the_dashboard_charts_it_as_a_local_ingest(
    spark: Any, demo_out: tuple[Path, Any], tmp_path: Path
) -> None:
    """`ingest DIR` on the job's output gives the articles `ingest` stores from the files themselves (ids, titles,
    dates, text), errors included, and the dashboard's coverage chart reads the same data from either store."""
    from newsdesk.analysis import queries
    from newsdesk.analysis.queries import Filters
    from newsdesk.store import Store

    out, _ = demo_out
    warc_out = tmp_path / "warc-out"
    job.run_job(spark, [str(WARC)], str(warc_out))  # a broken record: an error row to compare too
    local, attached = tmp_path / "local", tmp_path / "attached"
    _ingest([DEMO, WARC], local)
    _ingest([out, warc_out], attached)
    a, b = Store(local, read_only=True), Store(attached, read_only=True)
    try:
        cols = "id, title, published, published_day, site, authors, text, word_count"
        rows = [s.cursor().execute(f"SELECT {cols} FROM articles ORDER BY id").fetchall() for s in (a, b)]
        assert rows[0] == rows[1] and len(rows[0]) > 600
        local_errors = sorted((source, reason) for _, _, source, _, reason in a.ingest_errors())
        attached_errors = sorted((source, reason.split(" (in ")[0]) for _, _, source, _, reason in b.ingest_errors())
        assert attached_errors == local_errors and len(local_errors) == 1
        for kind in ("rule", "discovered"):
            for granularity in ("month", "week"):
                charts = [queries.coverage(s.cursor(), Filters(), granularity, kind) for s in (a, b)]
                assert charts[0].equals(charts[1]), (kind, granularity)
        by_site = [queries.coverage_by_site(s.cursor(), Filters(), "quarter", "rule") for s in (a, b)]
        assert by_site[0].equals(by_site[1])
    finally:
        a.close()
        b.close()
