"""Containers: .zip archives (members read in memory, never extracted) and .gz single-file compression.

Both hand each inner blob back to the dispatcher (`ReadBlob`) so a member is read exactly like a file of the same
name. Guards: member names that are absolute or climb out with `..` are refused, a member and a whole archive
have inflated-size caps (zip bombs), and a zip is opened inside a zip only `ZIP_MAX_DEPTH` levels deep.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsdesk.models import ReadError, Skipped

from .base import (
    FORMATS,
    ZIP_MAX_MEMBER_BYTES,
    ZIP_MAX_TOTAL_BYTES,
    Item,
    Origin,
    format_of,
    human_size,
    inflated_limit,
    one_line,
    split_suffix,
    too_big,
)

# Names of members that are a tool's bookkeeping, not content (macOS resource forks, Windows thumbnails).
IGNORED_MEMBER_PARTS = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini"})
DRIVE_LETTER_RE = re.compile(r"^[A-Za-z]:")
# Bytes read per step when inflating a gzip stream, so a bomb is stopped at the cap, not after inflating.
GZIP_CHUNK_BYTES = 1024 * 1024


@dataclass
class Budget:
    """Bytes an archive may still inflate; shared by nested archives and .gz members so the total is capped."""

    remaining: int = ZIP_MAX_TOTAL_BYTES


ReadBlob = Callable[[Origin, str, bytes | Path, int, Budget | None], Iterator[Item]]


def unsafe_member_name(name: str) -> bool:
    """True for a member name that would land outside a folder it was extracted to (absolute, drive, `..`)."""
    name = name.replace("\\", "/")
    return name.startswith("/") or bool(DRIVE_LETTER_RE.match(name)) or ".." in name.split("/")


def _ignored(name: str) -> bool:
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    return any(p.startswith(".") or p in IGNORED_MEMBER_PARTS for p in parts)


def read_zip(
    origin: Origin, file: bytes | Path, depth: int, budget: Budget | None, read_blob: ReadBlob
) -> Iterator[Item]:
    """Every supported member of a zip, in name order, each read by `read_blob` as `zip!member`."""
    budget = budget if budget is not None else Budget()
    source: BinaryIO | Path = io.BytesIO(file) if isinstance(file, bytes) else file
    try:
        archive = zipfile.ZipFile(source)
        infos = sorted(archive.infolist(), key=lambda i: i.filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as err:
        reason = f"not a readable zip archive ({one_line(str(err), 120)}); re-create the archive"
        yield ReadError(origin.source, origin.path, "zip", reason)
        return
    with archive:
        readable = 0
        for info in infos:
            name = info.filename
            member = Origin(f"{origin.source}!{name}", origin.path)
            if info.is_dir():
                continue
            if unsafe_member_name(name):
                reason = "unsafe member name (absolute or with '..'); it was not read"
                yield ReadError(member.source, member.path, "zip", reason)
                continue
            if _ignored(name):
                continue
            suffix, _ = split_suffix(name)
            fmt = format_of(name)
            if fmt == "unknown":
                reason = f"member format '{suffix or 'no suffix'}' is not supported"
                yield Skipped(member.source, member.path, "zip", reason)
                continue
            readable += 1
            if info.file_size > ZIP_MAX_MEMBER_BYTES:
                yield too_big(member, fmt, info.file_size, ZIP_MAX_MEMBER_BYTES)
                continue
            limit = min(ZIP_MAX_MEMBER_BYTES, budget.remaining)
            try:
                with archive.open(info) as handle:
                    data = handle.read(limit + 1)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as err:
                reason = f"member cannot be read ({one_line(str(err), 120)}); re-create the archive"
                yield ReadError(member.source, member.path, "zip", reason)
                continue
            if len(data) > limit:
                if limit == ZIP_MAX_MEMBER_BYTES:
                    yield too_big(member, fmt, len(data), ZIP_MAX_MEMBER_BYTES)
                    continue
                yield _bomb(origin)
                return
            budget.remaining -= len(data)
            yield from read_blob(member, name, data, depth + 1, budget)
        if not readable:
            supported = ", ".join(FORMATS)
            reason = f"zip archive holds no supported files ({supported}); nothing was read"
            yield ReadError(origin.source, origin.path, "zip", reason)


def _bomb(origin: Origin) -> ReadError:
    reason = (
        f"archive inflates to more than {human_size(ZIP_MAX_TOTAL_BYTES)} (zip bomb guard); "
        "the rest was not read; split it into smaller archives"
    )
    return ReadError(origin.source, origin.path, "zip", reason)


def gunzip(file: bytes | Path, limit: int) -> bytes | str:
    """The inflated bytes (at most limit + 1 of them, so a caller sees it went over), or an error reason."""
    try:
        fileobj = io.BytesIO(file) if isinstance(file, bytes) else None
        with gzip.GzipFile(filename=None if fileobj else file, fileobj=fileobj, mode="rb") as stream:
            chunks: list[bytes] = []
            total = 0
            while total <= limit:
                chunk = stream.read(min(GZIP_CHUNK_BYTES, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            return b"".join(chunks)
    except EOFError:
        return "gzip data is truncated (the file was cut off while copying or downloading); fetch it again"
    except (gzip.BadGzipFile, zlib.error, OSError) as err:
        return f"not valid gzip data ({one_line(str(err), 120)}); re-compress the file"


def read_gz(
    origin: Origin, name: str, file: bytes | Path, depth: int, budget: Budget | None, read_blob: ReadBlob
) -> Iterator[Item]:
    """A gzip-compressed supported file (`page.html.gz`, `export.jsonl.gz`), read as the file inside."""
    inner = name[:-3]
    inner_fmt = format_of(inner)
    limit = inflated_limit(inner_fmt, ZIP_MAX_MEMBER_BYTES)
    if budget is not None:
        limit = min(limit, budget.remaining)
    data = gunzip(file, limit)
    if isinstance(data, str):
        yield ReadError(origin.source, origin.path, "gz", data)
        return
    if len(data) > limit:
        if budget is not None and limit == budget.remaining:
            yield _bomb(origin)
            return
        reason = (
            f"decompresses to more than {human_size(limit)}, the limit for {inner_fmt} files; "
            "split it into smaller files"
        )
        yield ReadError(origin.source, origin.path, "gz", reason)
        return
    if budget is not None:
        budget.remaining -= len(data)
    yield from read_blob(origin, inner, data, depth, budget)
