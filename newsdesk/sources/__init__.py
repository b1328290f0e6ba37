"""Readers, one per input format, each yielding RawDoc, ReadError or Skipped; this module picks the reader.

    iter_files(paths)   folders -> every supported file under them (sorted); missing paths -> ReadError; a symbolic
                        link under a folder that leads outside it -> ReadError, never followed
    read_file(path)     suffix -> reader: html.py, text.py, records.py (jsonl/json/csv, and the exports of known
                        tools through tools.py), xml.py (trafilatura XML), parquet.py, archive.py (zip, .gz),
                        warc.py; size caps and unreadable files -> ReadError
    read_paths(paths)   both, in input order

Nothing here raises on bad input: every problem is a ReadError naming the file (and record) and the fix.
May import: newsdesk.models.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsdesk.models import RawDoc, ReadError, Skipped

from .archive import Budget, read_gz, read_zip
from .base import (
    FORMATS,
    MAX_BYTES_BY_FORMAT,
    MAX_FILE_BYTES,
    MAX_RECORDS_FILE_BYTES,
    MAX_WARC_FILE_BYTES,
    ZIP_MAX_DEPTH,
    ZIP_MAX_MEMBER_BYTES,
    ZIP_MAX_TOTAL_BYTES,
    Item,
    Origin,
    format_of,
    one_line,
    split_suffix,
    too_big,
)
from .encoding import decode_bytes, looks_binary
from .html import read_html
from .parquet import read_parquet
from .records import read_csv, read_json, read_jsonl, read_jsonl_file
from .text import read_text
from .warc import read_warc
from .xml import read_xml

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_RECORDS_FILE_BYTES",
    "MAX_WARC_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ZIP_MAX_MEMBER_BYTES",
    "ZIP_MAX_TOTAL_BYTES",
    "Item",
    "RawDoc",
    "ReadError",
    "Skipped",
    "decode_bytes",
    "is_supported",
    "iter_files",
    "looks_binary",
    "read_file",
    "read_paths",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (
    *FORMATS,
    *(suffix + ".gz" for suffix in FORMATS),
)
# Streamed formats (zip, warc) are checked for being whitespace only when no larger than this.
EMPTY_CHECK_BYTES = 4096
# Formats read from the file as they go rather than loaded whole into memory first.
STREAMED_FORMATS = frozenset({"zip", "warc", "parquet", "jsonl"})  # read from the file as they go, not whole
SUPPORTED_TEXT = ", ".join(FORMATS) + " (each may also be .gz-compressed)"


def is_supported(path: Path | str) -> bool:
    """True when the file name has a suffix some reader handles (case-insensitive, .gz of any of them too)."""
    return format_of(Path(path).name) != "unknown"


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Each path as given; a folder as every supported, non-hidden file under it, sorted; missing -> ReadError.

    A path given here is read even when it is a symbolic link (the caller chose it); under a folder, a link is
    followed only when it leads to a file inside that folder, so a link in a shared or uploaded folder cannot pull
    in files from elsewhere on the machine."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            fmt = format_of(path.name)
            yield ReadError(str(path), str(path), fmt, f"no such file or folder: {path}; check the path")


def _outside_link(path: Path, root: Path, kind: str) -> ReadError:
    reason = f"symbolic link to a {kind} outside {root}: not followed; copy the {kind} into the folder to read it"
    return ReadError(str(path), str(path), format_of(path.name) if kind == "file" else "unknown", reason)


def _walk(root: Path) -> Iterator[Path | ReadError]:
    """The supported files under `root`; links out of it become ReadErrors. Links to folders are not descended:
    one leading inside names files read at their own place anyway (and could loop), one leading outside is an error."""
    found: list[tuple[tuple[str, ...], Path | ReadError]] = []
    errors: list[ReadError] = []
    real_root = root.resolve()

    def on_error(err: OSError) -> None:
        where = err.filename or str(root)
        errors.append(ReadError(str(where), str(where), "unknown", f"cannot list folder: {err.strerror or err}"))

    def inside(path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(real_root)
        except (OSError, RuntimeError):  # a link loop cannot be resolved: it leads nowhere inside
            return False

    for folder, dirnames, filenames in os.walk(root, onerror=on_error):
        for name in dirnames:
            path = Path(folder) / name
            if not name.startswith(".") and path.is_symlink() and not inside(path):
                found.append((path.relative_to(root).parts, _outside_link(path, root, "folder")))
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or not is_supported(name):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root).parts
            if path.is_symlink() and not inside(path):
                found.append((rel, _outside_link(path, root, "file")))
            else:
                found.append((rel, path))
    yield from errors
    yield from (item for _, item in sorted(found, key=lambda pair: pair[0]))


def read_paths(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every document under the given files and folders, in input order: iter_files, then read_file on each."""
    for item in iter_files(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_file(item)


def read_file(path: Path, data: bytes | None = None) -> Iterator[Item]:
    """The documents in one file; `data` is its bytes when already in memory (an upload), else it is read."""
    path = Path(path)
    origin = Origin(str(path), str(path))
    try:
        yield from _read_file(path, origin, data)
    except Exception as err:  # a bug, not bad input: report it on this file and let the batch go on
        detail = one_line(f"{type(err).__name__}: {err}", 200)
        reason = f"internal error while reading ({detail}); please report it with the file"
        yield ReadError(origin.source, origin.path, format_of(path.name), reason)


def _read_file(path: Path, origin: Origin, data: bytes | None) -> Iterator[Item]:
    name = path.name
    fmt = format_of(name)
    if fmt == "unknown":
        yield _unsupported(origin, name)
        return
    suffix, _ = split_suffix(name)
    limit = MAX_BYTES_BY_FORMAT[FORMATS[suffix]]
    if data is not None:
        if len(data) > limit:
            yield too_big(origin, fmt, len(data), limit)
            return
        yield from _read_blob(origin, name, data, 0, None)
        return
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        yield ReadError(origin.source, origin.path, fmt, f"no such file or folder: {path}; check the path")
        return
    except OSError as err:
        yield ReadError(origin.source, origin.path, fmt, f"cannot read file: {err.strerror or err}")
        return
    if path.is_dir():
        yield ReadError(origin.source, origin.path, fmt, "is a folder, not a file; pass it to read_paths")
        return
    if size > limit:
        yield too_big(origin, fmt, size, limit)
        return
    if size == 0:
        yield ReadError(origin.source, origin.path, fmt, "empty file")
        return
    try:
        with open(path, "rb") as handle:  # fail early and clearly on permissions, also for streamed formats
            head = handle.read(EMPTY_CHECK_BYTES)
        if size <= EMPTY_CHECK_BYTES and not head.strip():
            yield ReadError(origin.source, origin.path, fmt, "empty file")
            return
        streamed = fmt in STREAMED_FORMATS and not split_suffix(name)[1]
        file: bytes | Path = path if streamed else path.read_bytes()
    except PermissionError:
        reason = "cannot read file: permission denied; check the file's permissions"
        yield ReadError(origin.source, origin.path, fmt, reason)
        return
    except OSError as err:
        yield ReadError(origin.source, origin.path, fmt, f"cannot read file: {err.strerror or err}")
        return
    yield from _read_blob(origin, name, file, 0, None)


def _unsupported(origin: Origin, name: str) -> ReadError:
    suffix, gz = split_suffix(name)
    shown = f"'{suffix}{'.gz' if gz else ''}'" if suffix else "(the file name has no suffix)"
    return ReadError(origin.source, origin.path, "unknown", f"unsupported format {shown}; supported: {SUPPORTED_TEXT}")


def _read_blob(origin: Origin, name: str, file: bytes | Path, depth: int, budget: Budget | None) -> Iterator[Item]:
    """Read bytes (or a file to stream) named `name` with the reader for its suffix; `depth` counts enclosing zips."""
    suffix, gz = split_suffix(name)
    fmt = FORMATS.get(suffix)
    if fmt is None:
        yield _unsupported(origin, name)
        return
    if isinstance(file, bytes) and not file.strip():
        yield ReadError(origin.source, origin.path, format_of(name), "empty file")
        return
    if fmt == "warc":
        yield from read_warc(origin, file)
    elif fmt == "jsonl" and isinstance(file, Path):
        yield from read_jsonl_file(origin, file)
    elif fmt == "parquet" and not gz:
        yield from read_parquet(origin, file)
    elif gz:
        yield from read_gz(origin, name, file, depth, budget, _read_blob)
    elif fmt == "zip":
        if depth > ZIP_MAX_DEPTH:
            reason = "zip nested more than one level inside another zip; unpack the outer archive first"
            yield ReadError(origin.source, origin.path, "zip", reason)
        else:
            yield from read_zip(origin, file, depth, budget, _read_blob)
    else:
        data = file if isinstance(file, bytes) else file.read_bytes()
        if fmt == "html":
            yield from read_html(origin, data)
        elif fmt == "text":
            yield from read_text(origin, data)
        elif fmt == "jsonl":
            yield from read_jsonl(origin, data)
        elif fmt == "json":
            yield from read_json(origin, data)
        elif fmt == "xml":
            yield from read_xml(origin, data)
        else:
            yield from read_csv(origin, data)
