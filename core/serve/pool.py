"""Checking uploads in worker processes, each file under a hard time limit.

The same design as `reportlint.run.batch` (a worker per process, the parent waits on a pipe
with a deadline, a worker that overruns is killed and replaced, a worker that dies costs only
its file), with two differences a long-running service needs:

* the workers receive the upload's *bytes* (nothing is written to disk) and run the reader
  themselves, so a hostile file is opened only inside a worker;
* workers are started by a *forkserver* (where the platform has one), not forked from the
  server: the server runs threads (the event loop, request threads), and forking a threaded
  process can copy a lock held by another thread. The forkserver is a small single-threaded
  process that imports `reportlint.serve.worker` once (plugins, grammar, python-docx loaded),
  so each new worker starts warm in a few milliseconds.

A worker is retired after `max_tasks` files, which bounds any slow growth of its heap.
Every message the caller sees for a timeout or a dead worker is the batch runner's own.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, Optional

from ..run.batch import _timed_out
from ..run.config import Settings
from ..run.runner import FileResult


@dataclass
class _Worker:
    process: Any
    conn: Any
    tasks: int = 0


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reportlint.serve.worker"])
        return context
    return multiprocessing.get_context("spawn")


class CheckPool:
    """A fixed number of checking processes shared by all requests (thread-safe)."""

    def __init__(self, size: int, settings: Settings, max_tasks: int = 500):
        self.size = max(1, size)
        self.settings = settings
        self.max_tasks = max_tasks
        self._context = _context()
        self._idle: "queue.Queue[_Worker]" = queue.Queue()
        self._all: set[int] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.stats = {"checked": 0, "timed_out": 0, "died": 0, "restarted": 0}
        for _ in range(self.size):
            self._idle.put(self._start())

    # -- workers ---------------------------------------------------------------------------
    def _start(self) -> _Worker:
        from .worker import worker_main

        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, self.settings), daemon=True,
                                        name="reportlint-check")
        process.start()
        child.close()
        with self._lock:
            self._all.add(process.pid)
        return _Worker(process, parent)

    def _retire(self, worker: _Worker, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                worker.process.kill()
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout=5)
        worker.conn.close()
        with self._lock:
            self._all.discard(worker.process.pid)

    def _replace(self, worker: _Worker, kill: bool) -> None:
        self._retire(worker, kill)
        self.stats["restarted"] += 1
        if not self._closed:
            self._idle.put(self._start())

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(self._all)

    # -- checking ----------------------------------------------------------------------------
    def check(self, data: bytes, filename: str, settings: Settings, keep_text: bool = False) -> FileResult:
        """Check one upload in a worker; never raises for a bad input, a hang or a crash."""
        if self._closed:
            raise RuntimeError("the checking pool is closed")
        limit = settings.timeout if settings.timeout and settings.timeout > 0 else None
        worker = self._idle.get()
        try:
            worker.conn.send((data, filename, settings, keep_text))
        except (OSError, ValueError):  # the worker is gone: try once more on a fresh one
            self._replace(worker, kill=True)
            worker = self._idle.get()
            worker.conn.send((data, filename, settings, keep_text))
        started = time.monotonic()
        if worker.conn.poll(limit):
            try:
                result: Optional[FileResult] = worker.conn.recv()
            except (EOFError, OSError):
                result = None
            if result is not None:
                worker.tasks += 1
                self.stats["checked"] += 1
                if worker.tasks >= self.max_tasks:
                    self._replace(worker, kill=False)
                else:
                    self._idle.put(worker)
                return result
            worker.process.join(timeout=2)
            code = worker.process.exitcode
            self.stats["died"] += 1
            self._replace(worker, kill=True)
            return FileResult(path=filename, error=f"the checking process died (exit code {code}) / 检查进程异常退出",
                              seconds=time.monotonic() - started)
        self.stats["timed_out"] += 1
        self._replace(worker, kill=True)
        return _timed_out(filename, settings.timeout)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            self._retire(worker, kill=False)
