"""One writer of the corpus at a time, across processes: an advisory lock on `<store>/writer.lock`.

Readers never take it (they read committed parts and the catalog), and review decisions do not need it (they are
short catalog transactions). The kernel releases the lock when its process dies, even on SIGKILL, so a killed ingest
never leaves the store locked. The lock file also says who holds it (what, pid, since, progress), for the dashboard.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOCK_FILE = "writer.lock"
POLL_SECONDS = 0.1


class WriterBusyError(RuntimeError):
    """Another process is writing the corpus (an ingest, usually) and did not finish within the wait."""

    def __init__(self, holder: WriterInfo | None, waited: float) -> None:
        self.holder = holder
        what = holder.describe() if holder else "another process"
        super().__init__(f"the corpus is being written by {what}; waited {waited:.0f} s. Try again when it is done")


@dataclass(frozen=True)
class WriterInfo:
    what: str
    pid: int
    since: str  # ISO time (UTC)
    progress: str = ""

    def describe(self) -> str:
        started = self.since[11:16] if len(self.since) >= 16 else self.since
        extra = f", {self.progress}" if self.progress else ""
        return f"{self.what} (pid {self.pid}, since {started} UTC{extra})"


class WriterLock:
    """The lock of one store folder; use `hold()` to take it for a block of work."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self._fd: int | None = None
        self._info: WriterInfo | None = None

    @contextlib.contextmanager
    def hold(self, what: str, wait: float | None = None) -> Iterator[WriterLock]:
        """Take the lock (waiting up to `wait` seconds, forever when None), run the block, release it."""
        self.acquire(what, wait)
        try:
            yield self
        finally:
            self.release()

    def acquire(self, what: str, wait: float | None = None) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if wait is not None and waited >= wait:
                    os.close(fd)
                    raise WriterBusyError(self.holder(), waited) from None
                time.sleep(POLL_SECONDS)
        self._fd = fd
        since = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
        self._info = WriterInfo(what, os.getpid(), since)
        self._write_info()

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
        self._info = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def set_progress(self, progress: str) -> None:
        """Say how far the work is (shown by readers); only the holder calls this."""
        if self._info is not None:
            self._info = WriterInfo(self._info.what, self._info.pid, self._info.since, progress)
            self._write_info()

    def _write_info(self) -> None:
        if self._fd is None or self._info is None:
            return
        data = json.dumps(self._info.__dict__).encode()
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, data, 0)

    def holder(self) -> WriterInfo | None:
        """Who writes the corpus now (None: nobody). A probe: when the lock can be taken nobody holds it."""
        if self._fd is not None:
            return self._info
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _read_info(self.path)
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)


def _read_info(path: Path) -> WriterInfo:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8") or "{}")
        return WriterInfo(str(data["what"]), int(data["pid"]), str(data["since"]), str(data.get("progress", "")))
    except (OSError, ValueError, KeyError):
        return WriterInfo("another process", 0, "")
