"""The extraction as a Spark job, shaped like Common Crawl's cc-pyspark jobs: one task per input file, its records
streamed, the rows written as Parquet.

    driver     lists the input files in input order: local paths with `sources.iter_files` (as `ingest` does),
               URIs (s3a://, gs://, hdfs://, file://) with the cluster's Hadoop FileSystem through the JVM gateway,
               so listing uses the connectors and credentials the cluster already has
    executors  `parallelize(files, numSlices=len(files))`: one task per file. `mapPartitions` streams the file's
               records through `sources.read_file` -> `pipeline.extract_doc` -> `schema.article_row` and yields
               each row as it is made (never a whole file's rows at once). A remote file is first copied to the
               executor's disk with `pyarrow.fs` (cc-pyspark copies WARCs from S3 to a temporary file the same way),
               so WARC and zip files are still read record by record
    shuffle    rows by article id; of two copies the one with more words wins, then the earlier in input order (as
               in the local store); the result is cached, so extraction runs once for both outputs
    driver     error rows -> DIR/errors/, articles -> DIR/articles/month=YYYY-MM/, both into a hidden sibling
               directory renamed into place, then DIR/_newsdesk.json last: a half-written DIR is never attached, and a
               re-run replaces the output instead of adding to it

A bad file or record becomes an error row, never a failed task. pyspark is imported only inside functions: the
module loads (and `spark_missing_reason` answers) where pyspark is not installed.

    spark-submit --py-files dist/newsdesk.zip newsdesk/spark/job.py INPUT... --out DIR
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pyarrow as pa

from newsdesk import sources
from newsdesk.models import Article, ExtractError, RawDoc, ReadError, Skipped
from newsdesk.pipeline import extract_doc
from newsdesk.sources.base import FORMATS, MAX_BYTES_BY_FORMAT, Origin, format_of, one_line, split_suffix, too_big
from newsdesk.spark import args as spark_args
from newsdesk.store import schema

if TYPE_CHECKING:
    from pyarrow import fs as pafs
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

APP_NAME = "newsdesk-extract"
MANIFEST_NAME = "_newsdesk.json"
MANIFEST_KIND = "newsdesk-spark-output"
ARTICLES_DIR = "articles"
ERRORS_DIR = "errors"
PARTITION_COLUMN = "month"

# Read size when copying a remote file to the executor's disk.
COPY_CHUNK_BYTES = 8 * 1024 * 1024

KIND_ARTICLE = "article"
KIND_ERROR = "error"
KIND_SKIPPED = "skipped"  # a record passed over on purpose (e.g. a WARC request record): counted, not written

# A row as a task yields it: every article column, the error columns articles lack, its kind, and its place in the
# input (file, then record) so that of two copies of an article the same one wins as in the local store.
ROW_SCHEMA = pa.schema(
    [
        *schema.ARTICLE_SCHEMA,
        *(f for f in schema.ERROR_SCHEMA if f.name not in schema.ARTICLE_SCHEMA.names),
        ("kind", pa.string()),
        ("file_index", pa.int32()),
        ("record_index", pa.int64()),
    ]
)
ROW_COLUMNS: tuple[str, ...] = tuple(ROW_SCHEMA.names)
# A task's file: (index in input order, path or URI, remote?, size when listed remotely or -1).
Task = tuple[int, str, bool, int]

# What executors can fetch with pyarrow.fs, by URI scheme (Hadoop's spellings included), and which of those name a
# bucket in the URI's host (pyarrow paths then start with the bucket).
ARROW_SCHEMES: dict[str, str] = {
    "s3": "s3",
    "s3a": "s3",
    "s3n": "s3",
    "gs": "gs",
    "gcs": "gs",
    "hdfs": "hdfs",
    "file": "file",
}
BUCKET_SCHEMES = frozenset({"s3", "gs"})
# Session settings the job relies on (a --conf given by the user still wins). The job caches rows after its
# shuffle; this lets adaptive execution shrink that shuffle's 200 default partitions to what the data needs before
# the cache, instead of every later stage running 200 tasks over a small output.
SESSION_DEFAULTS: dict[str, str] = {"spark.sql.optimizer.canChangeCachedPlanOutputPartitioning": "true"}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def spark_missing_reason() -> str | None:
    """Why Spark cannot start here (pyspark or Java missing), or None. A one-line message naming the fix."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed: pip install -r requirements-spark.txt"
    java_home = os.environ.get("JAVA_HOME")
    if java_home and not Path(java_home, "bin", "java").exists():
        return f"JAVA_HOME={java_home} holds no bin/java: point it at a Java 17 or 21 installation, or unset it"
    if not java_home and not shutil.which("java"):
        return "Java is not installed (Spark 4 needs Java 17 or 21): install a JDK, e.g. openjdk-17-jre-headless"
    return None


def is_uri(arg: str) -> bool:
    """True for "s3a://b/k" or "file:///x"; False for plain paths (also Windows "C:\\x")."""
    return bool(_URI.match(arg))


def spark_schema(arrow: pa.Schema) -> StructType:
    """The Spark schema of an Arrow one (naive timestamps stay naive: TIMESTAMP_NTZ, as the local store writes)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(arrow, prefer_timestamp_ntz=True)


def spark_session(master: str | None = None, conf: Mapping[str, str] | None = None) -> SparkSession:
    """A session for the job; `master` None keeps what spark-submit set."""
    # pyspark warns about pandas 3 on import; the job converts no pandas data, so the warning only misleads
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(APP_NAME)
    if master:
        builder = builder.master(master)
    for key, value in {**SESSION_DEFAULTS, **(conf or {})}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    if (sc.master or "").startswith("local"):
        # Local workers import what this process imports: its interpreter (not python3 on PATH) and this newsdesk
        # (found through sys.path, which the workers do not inherit). A cluster ships both (README).
        if not os.environ.get("PYSPARK_PYTHON"):
            sc.pythonExec = sys.executable
        package_root = str(Path(__file__).resolve().parents[2])
        sc.environment["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, sc.environment.get("PYTHONPATH")) if p)
    return spark


# ---------------------------------------------------------------------------------------------------- driver: input


@dataclass(frozen=True)
class InputFile:
    """One task's file: a local path (as given, like ingest) or a URI with its listed size."""

    location: str
    remote: bool
    size: int = -1


def list_inputs(spark: SparkSession, inputs: Iterable[str]) -> tuple[list[InputFile], list[ReadError]]:
    """Every file under the inputs, in input order (a folder's files sorted), and what could not be listed."""
    files: list[InputFile] = []
    errors: list[ReadError] = []
    for arg in inputs:
        listed = _list_uri(spark, arg) if is_uri(arg) else _list_local(arg)
        for item in listed:
            if isinstance(item, ReadError):
                errors.append(item)
            else:
                files.append(item)
    return files, errors


def _list_local(arg: str) -> Iterator[InputFile | ReadError]:
    for item in sources.iter_files([arg]):
        yield item if isinstance(item, ReadError) else InputFile(str(item), remote=False)


def _list_uri(spark: SparkSession, uri: str) -> list[InputFile | ReadError]:
    """A URI's files through the cluster's Hadoop FileSystem, with the same rules as `sources.iter_files`: a file as
    given, a folder as its supported, non-hidden files sorted by relative path."""
    from py4j.protocol import Py4JJavaError

    sc = spark.sparkContext
    hadoop_fs: Any = sc._jvm.org.apache.hadoop.fs  # type: ignore[union-attr]
    try:
        root = hadoop_fs.Path(uri)
        fs = root.getFileSystem(sc._jsc.hadoopConfiguration())  # type: ignore[union-attr]
        status = fs.getFileStatus(root)
        if status.isFile():
            return [InputFile(uri, remote=True, size=int(status.getLen()))]
        base = fs.makeQualified(root).toString().rstrip("/")
        found: list[tuple[tuple[str, ...], int]] = []
        listing = fs.listFiles(root, True)
        while listing.hasNext():
            entry = listing.next()
            parts = tuple(entry.getPath().toString()[len(base) + 1 :].split("/"))
            if not any(p.startswith(".") for p in parts) and sources.is_supported(parts[-1]):
                found.append((parts, int(entry.getLen())))
    except Py4JJavaError as err:
        return [ReadError(uri, uri, format_of(uri), _listing_reason(uri, err))]
    return [InputFile(f"{uri.rstrip('/')}/{'/'.join(parts)}", True, size) for parts, size in sorted(found)]


def _listing_reason(uri: str, err: Any) -> str:
    java = err.java_exception
    name = str(java.getClass().getName())
    if name.endswith("FileNotFoundException"):
        return f"no such file or folder: {uri}; check the path"
    if name.endswith("UnsupportedFileSystemException"):
        scheme = uri.split(":", 1)[0]
        return (
            f"this cluster has no Hadoop connector for {scheme}://; add it (e.g. --packages "
            f"org.apache.hadoop:hadoop-aws for s3a://) or use the scheme your platform provides"
        )
    return f"cannot list {uri}: {one_line(str(java.getMessage()), 200)}"


# ------------------------------------------------------------------------------------------------- executors: tasks


def extract_files(tasks: Iterable[Task], started_at: dt.datetime) -> Iterator[tuple[Any, ...]]:
    """The `mapPartitions` body: the rows (ROW_COLUMNS order) of each file's records, yielded as they are made.
    Runs in the executors' Python workers, which import this module (and trafilatura, lxml) once each."""
    for file_index, location, remote, size in tasks:
        items = _read_remote(location, size) if remote else sources.read_file(Path(location))
        for n, item in enumerate(items, start=1):
            row = task_row(item, started_at, file_index, n)
            yield tuple(row.get(c) for c in ROW_COLUMNS)


def task_row(
    item: RawDoc | Article | ReadError | ExtractError | Skipped, started_at: dt.datetime, file_index: int, n: int
) -> dict[str, Any]:
    """The row of one record: a RawDoc is extracted here; whatever fails becomes an error row naming the record."""
    place = {"file_index": file_index, "record_index": n}
    try:
        result = extract_doc(item) if isinstance(item, RawDoc) else item
        if isinstance(result, Article):
            return {**schema.article_row(result, started_at), "kind": KIND_ARTICLE, **place}
    except Exception as exc:  # a bug must cost one record, not the task (extract_doc itself never raises)
        reason = f"internal error while storing ({one_line(f'{type(exc).__name__}: {exc}', 200)}); please report it"
        result = ExtractError(item.source, item.path, item.format, reason)
    kind = KIND_SKIPPED if isinstance(result, Skipped) else KIND_ERROR
    error = {"path": result.path, "source": result.source, "format": result.format, "reason": result.reason}
    return {**error, "logged_at": started_at, "kind": kind, **place}


def _read_remote(uri: str, size: int) -> Iterator[sources.Item]:
    """A remote file's records, read from a copy on the executor's disk (deleted after), named by the URI."""
    name = PurePosixPath(urlsplit(uri).path).name
    suffix, _ = split_suffix(name)
    if suffix not in FORMATS:  # only a file named directly gets here: no need to copy it to say so
        yield from (_renamed(item, name, uri) for item in sources.read_file(Path(name)))
        return
    limit = MAX_BYTES_BY_FORMAT[FORMATS[suffix]]
    if size > limit:
        yield too_big(Origin(uri, uri), format_of(name), size, limit)
        return
    with tempfile.TemporaryDirectory(prefix="newsdesk-spark-") as tmp:
        local = Path(tmp) / name
        try:
            filesystem, path = arrow_location(uri)
            with filesystem.open_input_stream(path, compression=None) as src, open(local, "wb") as dst:
                shutil.copyfileobj(src, dst, COPY_CHUNK_BYTES)
        except Exception as exc:  # no credentials, no connector, gone since the listing: this file's error row
            reason = f"cannot fetch {uri} in the executor: {one_line(f'{type(exc).__name__}: {exc}', 200)}"
            yield ReadError(uri, uri, format_of(name), reason)
            return
        for item in sources.read_file(local):
            yield _renamed(item, str(local), uri)


def _renamed(item: sources.Item, local: str, uri: str) -> sources.Item:
    """The item as if read from the URI (sources and paths start with the local copy's name)."""

    def swap(text: str) -> str:
        return uri + text[len(local) :] if text.startswith(local) else text

    if isinstance(item, RawDoc):
        return dataclasses.replace(item, source=swap(item.source), path=swap(item.path))
    return dataclasses.replace(
        item, source=swap(item.source), path=swap(item.path), reason=item.reason.replace(local, uri)
    )


def arrow_location(uri: str) -> tuple[pafs.FileSystem, str]:
    """The pyarrow filesystem and path of a URI (s3/s3a, gs, hdfs, file)."""
    parts = urlsplit(uri)
    scheme = ARROW_SCHEMES.get(parts.scheme.lower())
    if scheme is None:
        known = ", ".join(f"{s}://" for s in ARROW_SCHEMES)
        raise ValueError(f"executors read {known} only; copy the files there or mount them and pass local paths")
    path = f"{parts.netloc}{parts.path}" if scheme in BUCKET_SCHEMES else parts.path
    return _arrow_filesystem(scheme, parts.netloc), path


@functools.cache
def _arrow_filesystem(scheme: str, netloc: str) -> pafs.FileSystem:
    """One client per bucket or namenode per Python worker (an S3 client looks up the bucket's region once)."""
    from pyarrow import fs as pafs

    if scheme == "file":
        return pafs.LocalFileSystem()
    if scheme == "hdfs":
        return pafs.HadoopFileSystem.from_uri(f"hdfs://{netloc}") if netloc else pafs.HadoopFileSystem("default")
    return pafs.FileSystem.from_uri(f"{scheme}://{netloc}")[0]


# --------------------------------------------------------------------------------------------------- driver: output


@dataclass
class JobSummary:
    """What one run wrote."""

    out: str
    files: int
    articles: int
    duplicates: int
    errors: int
    skipped: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.articles} articles ({self.duplicates} duplicates dropped), {self.errors} errors, "
            f"{self.skipped} records skipped, from {self.files} files in {self.seconds:.1f}s -> {self.out}"
        )


class OutputDir:
    """DIR on the Hadoop filesystem Spark writes to (a plain path is on the default one: the local disk in local
    mode). The job writes into a hidden sibling, then `publish` swaps it in and the manifest goes last."""

    def __init__(self, spark: SparkSession, out: str) -> None:
        sc = spark.sparkContext
        self._path: Any = sc._jvm.org.apache.hadoop.fs.Path  # type: ignore[union-attr]
        target = self._path(out)
        self._fs = target.getFileSystem(sc._jsc.hadoopConfiguration())  # type: ignore[union-attr]
        self.target = self._fs.makeQualified(target)
        name = f".{self.target.getName()}.partial-{uuid.uuid4().hex[:12]}"
        self.staging = self._path(self.target.getParent(), name)

    def staged(self, child: str) -> str:
        return str(self._path(self.staging, child).toString())

    def publish(self, manifest: Mapping[str, Any]) -> None:
        """Replace DIR by the staged output: the old manifest goes first (the old DIR stops being attachable), the
        new one is written last."""
        if self._fs.exists(self.target):
            self._fs.delete(self._path(self.target, MANIFEST_NAME), False)
            self._fs.delete(self.target, True)
        if not self._fs.rename(self.staging, self.target):
            raise OSError(f"could not move {self.staging.toString()} to {self.target.toString()}")
        stream = self._fs.create(self._path(self.target, MANIFEST_NAME), True)
        try:
            stream.write(bytearray(json.dumps(manifest, indent=2).encode("utf-8")))
        finally:
            stream.close()

    def discard(self) -> None:
        self._fs.delete(self.staging, True)


def run_job(spark: SparkSession, inputs: Sequence[str], out: str, files_per_task: int = 1) -> JobSummary:
    """Extract every file under `inputs` on the cluster and write DIR (see the module docstring). `files_per_task`
    above 1 lets consecutive files share a task, for many small files (cc-pyspark's --num_input_partitions)."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    start = time.monotonic()
    started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # naive UTC, as the local store stamps rows
    files, listing_errors = list_inputs(spark, inputs)
    rows = _rows(spark, files, listing_errors, started_at, files_per_task)
    # Of two copies of an article the first by (more words, input order) is kept; errors only pass through the
    # same shuffle (keyed by source, so they spread), which lets one cache serve the counts and both writes.
    is_article = F.col("kind") == KIND_ARTICLE
    key = F.when(is_article, F.col("id")).otherwise(F.col("source"))
    first = Window.partitionBy("kind", key).orderBy(F.desc("word_count"), "file_index", "record_index")
    ranked = rows.withColumn("copy", F.row_number().over(first)).persist(StorageLevel.MEMORY_AND_DISK)
    output = OutputDir(spark, out)
    try:
        counted = ranked.groupBy("kind").agg(F.count("*").alias("rows"), F.count_if(F.col("copy") == 1).alias("ids"))
        counts = {r["kind"]: (int(r["rows"]), int(r["ids"])) for r in counted.collect()}
        errors = ranked.filter(F.col("kind") == KIND_ERROR).select(*schema.ERROR_SCHEMA.names)
        errors.hint("rebalance").write.parquet(output.staged(ERRORS_DIR))
        articles = ranked.filter(is_article & (F.col("copy") == 1)).select(*schema.ARTICLE_COLUMNS)
        # rebalance: each month's rows in files of about spark.sql.adaptive.advisoryPartitionSizeInBytes, instead
        # of one file per month per shuffle partition
        articles.hint("rebalance", PARTITION_COLUMN).write.partitionBy(PARTITION_COLUMN).parquet(
            output.staged(ARTICLES_DIR)
        )
    except BaseException:
        output.discard()
        raise
    finally:
        ranked.unpersist()
    n_rows, n_articles = counts.get(KIND_ARTICLE, (0, 0))
    n_errors = counts.get(KIND_ERROR, (0, 0))[0]
    n_skipped = counts.get(KIND_SKIPPED, (0, 0))[0]
    manifest = {
        "kind": MANIFEST_KIND,
        "schema_version": schema.SCHEMA_VERSION,
        "inputs": [arg if is_uri(arg) else str(Path(arg).resolve()) for arg in inputs],
        "articles": n_articles,
        "errors": n_errors,
        "files": len(files),
        "duplicates": n_rows - n_articles,
        "skipped": n_skipped,
        "started_at": started_at.isoformat(timespec="seconds") + "Z",
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    output.publish(manifest)
    return JobSummary(
        out=str(output.target.toString()),
        files=len(files),
        articles=n_articles,
        duplicates=n_rows - n_articles,
        errors=n_errors,
        skipped=n_skipped,
        seconds=time.monotonic() - start,
    )


def task_rdd(spark: SparkSession, files: Sequence[InputFile], files_per_task: int = 1) -> RDD[Task]:
    """The files as an RDD with one partition, so one task, per file, in input order; with `files_per_task` N,
    consecutive files share a task, at most N per task."""
    tasks: list[Task] = [(i, f.location, f.remote, f.size) for i, f in enumerate(files)]
    return spark.sparkContext.parallelize(tasks, numSlices=max(1, -(-len(tasks) // max(1, files_per_task))))


def _rows(
    spark: SparkSession,
    files: Sequence[InputFile],
    listing_errors: Sequence[ReadError],
    started_at: dt.datetime,
    files_per_task: int,
) -> DataFrame:
    """Every row of the run, lazily: one task per file (or per `files_per_task` files), plus the driver's listing
    errors."""
    row_type = spark_schema(ROW_SCHEMA)
    driver_rows = [task_row(err, started_at, -1, 0) for err in listing_errors]
    listed = spark.createDataFrame([tuple(r.get(c) for c in ROW_COLUMNS) for r in driver_rows], row_type)
    if not files:
        return listed
    extracted = task_rdd(spark, files, files_per_task).mapPartitions(
        functools.partial(extract_files, started_at=started_at)
    )
    rows = spark.createDataFrame(extracted, row_type)
    return rows.unionByName(listed) if driver_rows else rows


def run(args: argparse.Namespace) -> int:
    """Run the job with parsed arguments (newsdesk.spark.args); prints the summary."""
    reason = spark_missing_reason()
    if reason:
        print(f"newsdesk: {reason}", file=sys.stderr)
        return 2
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None  # a platform's (Databricks) or notebook's session stays up
    spark = spark_session(args.master, dict(args.conf))
    try:
        summary = run_job(spark, args.inputs, args.out, args.files_per_task)
    finally:
        if owned:
            spark.stop()
    print(summary.line())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The standalone command line (spark-submit): the master comes from spark-submit unless --master is given."""
    parser = argparse.ArgumentParser(
        prog="spark-submit newsdesk/spark/job.py", description="Extract articles on Spark; Parquet out."
    )
    spark_args.add_arguments(parser, None)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # run from the package module, so executors unpickle its functions by reference
    from newsdesk.spark import job

    raise SystemExit(job.main())
