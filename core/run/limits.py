"""Limits on what checking one report may cost: time (any thread) and memory.

Memory is bounded in two ways. Every input is bounded up front, by sizes and counts, before
its cost is paid (the readers' limits, and `check_report_size`: at most `MAX_REPORT_CHARS`
characters and `MAX_REPORT_LINES` lines reach the checks, which cost up to ~500 bytes a
character and ~5 KB a table line: about 1 GB for a report at the limits). That holds in any
process, an API host included. A process that exists only to check reports (the CLI, a
batch worker) may also lower its own address-space limit, `apply_memory_limit`, so that
whatever the bounds missed ends in a MemoryError, one line (`out_of_memory_message`), instead
of the machine's OOM killer. RLIMIT_AS is process-wide: never set it in a host process.

`time_limit(seconds)` bounds the Python code run inside it in the calling thread: when the
time is up, a watchdog thread raises `TimeLimitExceeded` in that thread
(`PyThreadState_SetAsyncExc`, the mechanism behind KeyboardInterrupt in threads). It works
where SIGALRM cannot: off the main thread (a Dask worker's task threads, a web server's
thread pool, `reportlint.api` called from any thread) and on systems without
`setitimer`. One watchdog thread serves every limit of the process.

Like SIGALRM, it interrupts Python code, not a call stuck inside C code (a pathological
regular expression, the XML parser): the exception is raised when that call returns to
Python. Batches that must survive such a hang run files in worker processes
(reportlint.run.batch), which can be killed.

    with time_limit(30):
        result = work()          # raises TimeLimitExceeded after 30 s of it
"""

from __future__ import annotations

import heapq
import itertools
import os
import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional

from ..errors import InputError

MAX_REPORT_CHARS = 3_000_000  # a 300-page report has about 0.5 million; benchmarks/ checks 2.6 million
MAX_REPORT_LINES = 200_000  # a 300-page report of nothing but tables has about 80 000
DEFAULT_MEMORY_LIMIT = 4 * 1024 ** 3  # address space of a CLI run or worker: 4x a report at the limits
MEMORY_LIMIT_VARIABLE = "REPORTLINT_MEMORY_LIMIT"  # megabytes; 0 turns the limit off


class TimeLimitExceeded(BaseException):
    """The time limit of the current file ran out. A BaseException, so that no
    `except Exception` on the way (a plugin's guard, the runner's) swallows it."""


class _Watchdog:
    """One daemon thread that raises TimeLimitExceeded in threads whose deadline passed."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int, int]] = []  # (deadline, token, thread id)
        self._active: dict[int, int] = {}  # token -> thread id, while its limit is on
        self._tokens = itertools.count(1)
        self._thread: Optional[threading.Thread] = None

    def arm(self, seconds: float) -> int:
        token = next(self._tokens)
        with self._lock:
            self._active[token] = threading.get_ident()
            heapq.heappush(self._heap, (time.monotonic() + seconds, token, threading.get_ident()))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="reportlint-time-limit", daemon=True)
                self._thread.start()
            self._lock.notify()
        return token

    def disarm(self, token: int) -> bool:
        """Turn a limit off; False if it already fired (its exception is pending or raised)."""
        with self._lock:
            return self._active.pop(token, None) is not None

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._heap and self._heap[0][1] not in self._active:
                    heapq.heappop(self._heap)  # disarmed in time
                if not self._heap:
                    self._lock.wait(5.0)
                    continue
                deadline, token, ident = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                heapq.heappop(self._heap)
                if self._active.pop(token, None) is None:
                    continue
                import ctypes  # only when a limit fires (its import is 2 ms of every start)

                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(TimeLimitExceeded))


_WATCHDOG = _Watchdog()


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Raise TimeLimitExceeded in this thread if the block runs longer than `seconds`
    (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    token = _WATCHDOG.arm(seconds)
    try:
        yield
    except TimeLimitExceeded:
        _WATCHDOG.disarm(token)
        raise
    finally:
        if not _WATCHDOG.disarm(token):
            # it fired as the block ended: the exception may still be pending in this
            # thread; clear it so it cannot land in the caller's code afterwards
            import ctypes

            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.get_ident()), None)


def timed_out_message(seconds: float) -> str:
    """The one-line error of a file that ran out of time (the same as a batch's)."""
    return f"timed out after {seconds:g} s / 检查超时（{seconds:g} 秒）"


# -- memory ----------------------------------------------------------------------------
def check_report_size(text: str, path: str) -> None:
    """InputError unless a report's text is within MAX_REPORT_CHARS and MAX_REPORT_LINES (what
    the checks may cost grows with both; bounded here for every reader and every caller)."""
    if len(text) > MAX_REPORT_CHARS:
        raise InputError(path, f"report too long ({len(text):,} characters, limit {MAX_REPORT_CHARS:,}) / 报告过长")
    lines = text.count("\n") + 1
    if lines > MAX_REPORT_LINES:
        raise InputError(path, f"report too long ({lines:,} lines, limit {MAX_REPORT_LINES:,}) / 报告过长")


def memory_limit_setting(environ: Optional[dict] = None) -> Optional[int]:
    """The address-space limit in bytes for this process: REPORTLINT_MEMORY_LIMIT (megabytes,
    0 = none) or DEFAULT_MEMORY_LIMIT; None for no limit. ValueError for a value that is not
    a whole number of megabytes (the caller reports it as a configuration error)."""
    value = (os.environ if environ is None else environ).get(MEMORY_LIMIT_VARIABLE)
    if value is None or not value.strip():
        return DEFAULT_MEMORY_LIMIT
    megabytes = int(value)
    if megabytes < 0:
        raise ValueError(f"{MEMORY_LIMIT_VARIABLE} must be 0 (no limit) or a number of megabytes")
    return megabytes * 1024 * 1024 if megabytes else None


def apply_memory_limit(limit: Optional[int]) -> Optional[int]:
    """Lower this process's address-space limit (RLIMIT_AS soft limit) to `limit` bytes; the
    limit now in force (None: unlimited, or not available on this system).

    Only ever lowers: a tighter limit set by the caller (ulimit -v, a container) is kept. For
    a process that only checks reports (the CLI, a batch worker); never in an API host.
    """
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    current = None if soft == resource.RLIM_INFINITY else soft
    if limit is None or (current is not None and current <= limit):
        return current
    if hard != resource.RLIM_INFINITY and limit > hard:
        limit = hard
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return current
    return limit


def current_memory_limit() -> Optional[int]:
    """This process's address-space limit in bytes (None: unlimited or unknown)."""
    try:
        import resource
    except ImportError:
        return None
    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    return None if soft == resource.RLIM_INFINITY else soft


def out_of_memory_message(limit: Optional[int] = None) -> str:
    """The one-line error of a report that ran out of memory."""
    if limit:
        return (f"out of memory (address-space limit {limit // (1024 * 1024)} MB; set {MEMORY_LIMIT_VARIABLE} "
                f"to raise it) / 内存不足，无法检查")
    return "out of memory / 内存不足，无法检查"
