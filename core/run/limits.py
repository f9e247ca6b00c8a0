"""A per-file time limit that works in any thread (no signals).

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

import ctypes
import heapq
import itertools
import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional


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
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.get_ident()), None)


def timed_out_message(seconds: float) -> str:
    """The one-line error of a file that ran out of time (the same as a batch's)."""
    return f"timed out after {seconds:g} s / 检查超时（{seconds:g} 秒）"
