"""A process pool for work that is a pure function of its input (extraction, placing articles in topics): results in
input order, a bounded number of tasks in flight (memory stays flat whatever the corpus size), and workers that die
with the process that started them, even when it is killed with SIGKILL (PR_SET_PDEATHSIG where Linux offers it,
and a watchdog thread that notices the parent is gone).

Workers are started with forkserver, not fork: the parent holds DuckDB's threads, and forking a threaded process is
unsafe. As with any such pool, workers import the caller's main module: a script using one needs an
`if __name__ == "__main__"` guard. A leaf module: may import nothing of newsdesk.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

TASKS_AHEAD = 4  # in-flight tasks per worker: keeps workers busy, bounds memory
WATCHDOG_SECONDS = 1.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _bootstrap(parent: int, init: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    """In each worker: die with the parent, leave Ctrl+C to it, then the caller's own set-up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    launcher = os.getppid()  # the forkserver, which exits when the parent does

    def watchdog() -> None:
        while True:
            time.sleep(WATCHDOG_SECONDS)
            gone = os.getppid() != launcher
            if not gone:
                try:
                    os.kill(parent, 0)
                except ProcessLookupError:
                    gone = True
                except PermissionError:
                    pass
            if gone:
                os._exit(1)

    threading.Thread(target=watchdog, daemon=True, name="newsdesk-watchdog").start()
    if init is not None:
        init(*args)


def release_memory() -> None:
    """Hand freed memory back to the system: Arrow's allocator and glibc both keep freed blocks for reuse, so a
    long job's resident memory would otherwise stay at its highest point (a written batch, a fitted model)."""
    with contextlib.suppress(Exception):
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)


class OrderedPool:
    """`map` over a pool of `workers` processes (in this process when `workers` <= 1), in order."""

    def __init__(self, workers: int, init: Callable[..., None] | None = None, args: tuple[Any, ...] = ()) -> None:
        self.workers = max(1, workers)
        self.pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=_bootstrap,
                initargs=(os.getpid(), init, args),
            )
        elif init is not None:
            init(*args)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        if self.pool is None:
            yield from map(fn, items)
            return
        window: collections.deque[Future[R]] = collections.deque()
        for item in items:
            window.append(self.pool.submit(fn, item))
            if len(window) >= self.workers * TASKS_AHEAD:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def close(self) -> None:
        """Stop the workers whatever they are doing (a task in flight is abandoned)."""
        if self.pool is None:
            return
        procs = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            with contextlib.suppress(Exception):
                p.terminate()
        for p in procs:
            with contextlib.suppress(Exception):
                p.join(timeout=5)
        self.pool = None

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
