"""Batch runs: many reports, in parallel processes, each under a time limit.

`run_batch` checks files in worker processes (`--jobs N`, default: the machine's cores).
Results are put back in the order the files were collected, so the output is the same
whatever N is. Each file gets `settings.timeout` seconds; a worker that overruns is killed
and replaced, the file becomes a FileResult with an error, and the batch goes on. The
limit is enforced with processes, not signals, because a pathological input can hang in C
code (a regular expression, the XML parser) where a Python-level alarm is never delivered.

The in-process path serves what has no batch to protect: a run without a time limit on one
process (`--jobs 1 --timeout 0`), and a run of a single file, where a worker would cost
10-30 ms against ~3 ms for checking a report. A single file still gets its time limit from
a SIGALRM timer where one is available (POSIX, main thread); that interrupts Python code
but not a hang inside C code, which only matters for a batch and is why batches use
workers. Workers are forked from the parent after the plugins and the grammar are loaded,
with the parent's heap frozen for the garbage collector (gc.freeze) so the children do not
copy it page by page; with that, `--jobs 1` through a worker costs the same per file as in
process (see docs/inputs-and-review.md for the measurements).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional, Sequence, TextIO

from .config import Settings
from ..errors import ConfigError
from ..parse.records import Record
from ..pluginapi.findings import SEVERITY_RANK
from .runner import FileResult, RunResult, check_path, collect_paths, get_manager, plugin_load_findings

SEVERITY_CN = {"error": "错误", "warning": "警告", "info": "提示"}


def run_batch(paths: Sequence[str | Path], *, settings: Settings,
              settings_for: Optional[Callable[[Path], Settings]] = None, jobs: Optional[int] = None,
              keep_text: bool = False, progress: bool = False,
              on_result: Optional[Callable[[FileResult], FileResult]] = None, timings: bool = False) -> RunResult:
    """Check every report under `paths`; never raises for one bad file.

    `on_result(file_result)` is called for each file in the order of the files, as soon as
    it and every file before it are checked (workers finish out of order); what it returns
    is what the run keeps in `files` (the command line writes a streaming format's part
    and keeps a `compact` copy).
    """
    started = time.perf_counter()
    manager = get_manager(settings.disable_plugins)
    manager.rules()  # registration problems become load errors before they are reported
    manager.profiles()
    manager.configure(settings)
    result = RunResult(settings=settings, extra=plugin_load_findings(manager))
    files = collect_paths(paths, settings.exclude)
    tasks, refused = _settings_per_file(files, settings, settings_for)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    bar = Progress(len(tasks)) if progress and len(tasks) > 1 and _is_terminal(sys.stderr) else None
    limited = any(task[1].timeout and task[1].timeout > 0 for task in tasks)
    # files whose configuration could not be read are in their place, as errors
    order = InOrder([refused.get(path) for path in files], on_result)
    places = [index for index, path in enumerate(files) if path not in refused]

    def done(index: int, file_result: FileResult) -> None:
        order.put(places[index], file_result)
        if bar:
            bar.advance()

    order.flush()  # refused files before the first checked one
    if len(tasks) <= 1 or (jobs == 1 and not limited):
        _run_inline(tasks, keep_text, done, timings)
    else:
        _run_workers(tasks, jobs, keep_text, done, settings, timings)
    result.files = order.results()
    if bar:
        bar.close()
    result.wall_seconds = time.perf_counter() - started  # type: ignore[attr-defined]
    return result


def _settings_per_file(files: list[str], settings: Settings,
                       settings_for: Optional[Callable[[Path], Settings]]):
    """(path, settings) per file, and the files whose configuration is broken, as FileResults.

    A configuration file that cannot be read or names something unknown costs only the files
    it governs: each is reported with one line (exit code 2), the other files are checked.
    (When it governs every report of the run, the command line ends the run with that one
    error before it starts: reportlint.cli._base_settings.)
    """
    tasks: list[tuple[str, Settings]] = []
    refused: dict[str, FileResult] = {}
    for path in files:
        if settings_for is None:
            tasks.append((path, settings))
            continue
        try:
            tasks.append((path, settings_for(Path(path))))
        except ConfigError as exc:
            refused[path] = FileResult(path=path, error=f"not checked: bad configuration: {exc} / 配置文件有误，未检查")
    return tasks, refused


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class InOrder:
    """Results that arrive in any order, handed on in the order of their places.

    `slots` holds what is known from the start (None for what is still to come); each
    result goes to `on_result` as soon as every place before it is filled, and the slot
    then keeps what `on_result` returned.
    """

    def __init__(self, slots: list[Optional[FileResult]],
                 on_result: Optional[Callable[[FileResult], FileResult]] = None) -> None:
        self.slots = slots
        self.on_result = on_result
        self.next = 0  # the first place not yet handed on

    def put(self, place: int, file_result: FileResult) -> None:
        self.slots[place] = file_result
        self.flush()

    def flush(self) -> None:
        while self.next < len(self.slots) and self.slots[self.next] is not None:
            if self.on_result is not None:
                self.slots[self.next] = self.on_result(self.slots[self.next])  # type: ignore[arg-type]
            self.next += 1

    def results(self) -> list[FileResult]:
        return [item for item in self.slots if item is not None]


class Tally(NamedTuple):
    """What the summary and the exit code read of a finding already written out."""

    rule: str
    severity: str
    path: str


def compact(file_result: FileResult) -> FileResult:
    """A file's result once its findings are written: a Tally per finding, no report text.

    A batch streamed to its output keeps this much per file (for the summary, the exit
    code and the closing count) instead of every finding until the end.
    """
    return FileResult(path=file_result.path, findings=[Tally(f.rule, f.severity, f.path) for f in file_result.findings],
                      error=file_result.error, seconds=file_result.seconds, profile=file_result.profile,
                      timings=file_result.timings)


# -- in process -------------------------------------------------------------------------
def _run_inline(tasks, keep_text: bool, done: Callable[[int, FileResult], None], timings: bool = False) -> None:
    for index, (path, file_settings) in enumerate(tasks):
        done(index, _check_with_alarm(path, file_settings, keep_text, timings))


class _TimedOut(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` on the way swallows it."""


def _check_with_alarm(path: str, file_settings: Settings, keep_text: bool, timings: bool = False) -> FileResult:
    manager = get_manager(file_settings.disable_plugins)
    limit = file_settings.timeout if file_settings.timeout and file_settings.timeout > 0 else None
    if limit is None or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return check_path(path, file_settings, manager, keep_text, timings)

    def on_alarm(signum, frame):
        raise _TimedOut()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return check_path(path, file_settings, manager, keep_text, timings)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimedOut:
        return _timed_out(path, limit)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _timed_out(path: str, limit: float) -> FileResult:
    return FileResult(path=path, error=f"timed out after {limit:g} s / 检查超时（{limit:g} 秒）", seconds=limit)


# -- worker processes --------------------------------------------------------------------
def _die_with_parent(parent_pid: int) -> None:
    """Make this worker end when the parent does, however the parent ends (SIGKILL included).

    On Linux the kernel sends SIGKILL to the worker when its parent dies
    (prctl PR_SET_PDEATHSIG): that also stops a worker stuck in C code holding the GIL.
    Everywhere, a watchdog thread sees the worker re-parented (os.getppid changes) and
    ends the process. A parent that died before either was in place is caught by the
    first check.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCHDOG_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="reportlint-parent-watchdog", daemon=True).start()


WATCHDOG_SECONDS = 0.5


def _worker_main(conn, keep_text: bool, settings: Settings, parent_pid: Optional[int] = None,
                 timings: bool = False) -> None:
    """Check the files the parent sends, one at a time, until it sends None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    get_manager(settings.disable_plugins).configure(settings)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path, file_settings = task
        try:
            result = check_path(path, file_settings, get_manager(file_settings.disable_plugins), keep_text, timings)
        except MemoryError:  # even the answer did not fit: the parent reports this file as died
            return
        try:
            conn.send((index, result))
        except (OSError, ValueError):
            return


class _Worker(Record):
    __slots__ = ("process", "conn", "task")

    process: Any
    conn: Any
    task: Optional[tuple[int, str, float]]  # (index, path, deadline)

    def __init__(self, process: Any, conn: Any, task: Optional[tuple[int, str, float]] = None) -> None:
        self.process = process
        self.conn = conn
        self.task = task


def _context():
    """fork where it exists (workers inherit the loaded plugins and grammar), spawn elsewhere."""
    import multiprocessing  # only a batch with workers pays for it

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _warm_up(tasks) -> None:
    """Build, in the parent, what every worker needs, so forked workers start warm."""
    from ..parse.layout import layout_parser

    layout_parser()
    if any(path.lower().endswith(".docx") for path, _ in tasks):
        try:
            import docx  # noqa: F401
        except ImportError:
            pass


def _run_workers(tasks, jobs: int, keep_text: bool, done: Callable[[int, FileResult], None],
                 settings: Settings, timings: bool = False) -> None:
    from multiprocessing.connection import wait

    context = _context()
    if context.get_start_method() == "fork":
        _warm_up(tasks)
    pending = deque(enumerate(tasks))
    workers: list[_Worker] = []

    def start() -> _Worker:
        parent, child = context.Pipe()
        process = context.Process(target=_worker_main, args=(child, keep_text, settings, os.getpid(), timings),
                                  daemon=True)
        gc.freeze()  # the child's collector leaves the inherited heap alone: no copy-on-write storm
        try:
            process.start()
        finally:
            gc.unfreeze()
        child.close()
        worker = _Worker(process, parent)
        workers.append(worker)
        return worker

    def retire(worker: _Worker, kill: bool) -> None:
        workers.remove(worker)
        if kill:
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()

    def finish(index: int, result: FileResult) -> None:
        done(index, result)

    terminated = False
    previous_term = None
    if threading.current_thread() is threading.main_thread():
        def on_term(signum, frame):  # SIGTERM (a CI job cancelled, `kill`): stop the workers, then exit
            raise SystemExit(128 + signum)

        previous_term = signal.signal(signal.SIGTERM, on_term)
    try:
        for _ in range(jobs):
            start()
        while pending or any(w.task for w in workers):
            for worker in list(workers):
                if worker.task is None and pending:
                    index, (path, file_settings) = pending.popleft()
                    limit = file_settings.timeout if file_settings.timeout and file_settings.timeout > 0 else None
                    deadline = time.monotonic() + limit if limit else float("inf")
                    try:
                        worker.conn.send((index, path, file_settings))
                    except (OSError, ValueError):  # the worker is gone: give the task to a new one
                        pending.appendleft((index, (path, file_settings)))
                        retire(worker, kill=True)
                        start()
                        continue
                    worker.task = (index, path, deadline)
            busy = [w for w in workers if w.task]
            if not busy:
                continue
            now = time.monotonic()
            wait_for = max(0.0, min(w.task[2] for w in busy) - now)
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                             timeout=None if wait_for == float("inf") else wait_for))
            now = time.monotonic()
            for worker in busy:
                index, path, deadline = worker.task
                if worker.conn in ready:
                    try:
                        got_index, result = worker.conn.recv()
                    except (EOFError, OSError):
                        got_index, result = index, None
                    if result is not None and got_index == index:
                        worker.task = None
                        finish(index, result)
                        continue
                if worker.conn in ready or worker.process.sentinel in ready:
                    worker.process.join(timeout=2)  # the pipe can close just before the exit code is known
                    code = worker.process.exitcode
                    retire(worker, kill=True)
                    finish(index, FileResult(path=path, error=f"the checking process died (exit code {code}) "
                                                               f"/ 检查进程异常退出", seconds=0.0))
                    start()
                elif now >= deadline:
                    retire(worker, kill=True)
                    finish(index, _timed_out(path, tasks[index][1].timeout))
                    start()
    except BaseException:  # SIGTERM, Ctrl-C, an error of ours: the workers go at once, nothing waits
        terminated = True
        raise
    finally:
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
        if terminated:
            for worker in list(workers):
                worker.process.kill()
        else:
            for worker in list(workers):
                try:
                    worker.conn.send(None)
                except (OSError, ValueError):
                    pass
        for worker in list(workers):
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            worker.conn.close()
        workers.clear()


# -- progress --------------------------------------------------------------------------
class Progress:
    """A one-line progress bar on stderr (only ever created for a terminal)."""

    WIDTH = 28

    def __init__(self, total: int, stream: TextIO = sys.stderr, delay: float = 0.3):
        self.total, self.done, self.stream = total, 0, stream
        self.started = time.monotonic()
        self.delay = delay  # short runs finish before the bar would appear
        self.last = 0.0
        self.shown = False

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.last < 0.1 and self.done < self.total):
            return
        self.last = now
        filled = int(self.WIDTH * self.done / max(1, self.total))
        rate = self.done / max(1e-9, now - self.started)
        left = (self.total - self.done) / rate if rate else 0
        self.stream.write(f"\r\033[K检查中 [{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} "
                          f"{rate:.0f} 个/秒 剩余约 {left:.0f} 秒")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


# -- summary ---------------------------------------------------------------------------
def print_summary(result: RunResult, stream: TextIO, slowest: int = 0, *,
                  fails: Optional[Callable[[FileResult], bool]] = None, rules: Optional[dict] = None,
                  listed: int = 20) -> None:
    """A closing summary of a batch (more than one file, or any skipped) on `stream`, in plain Chinese.

    Counts, then each file that did not pass (不通过: a finding at or above its fail level;
    无法读取: it could not be read) by name, every file with 通过 / 不通过 when there are at
    most `listed` of them, files that were skipped (Word lock files, temporary files), and
    the findings by rule. `fails(file_result)` decides 不通过 (the command line passes each
    file's own `fail-on`); without it the run's settings decide. `slowest` is accepted for
    callers of the old signature and ignored.
    """
    files = result.files
    skipped = list(getattr(result, "skipped", None) or [])
    if len(files) <= 1 and not skipped:  # one file: the formatter's own count line is enough
        return
    judge = fails or _fails_by(result.settings or Settings())
    unreadable = [f for f in files if f.error]
    failing = [f for f in files if not f.error and judge(f)]
    passing = len(files) - len(unreadable) - len(failing)
    findings = result.findings
    wall = getattr(result, "wall_seconds", None) or sum(f.seconds for f in files)
    head = f"检查 {len(files)} 个文件：通过 {passing} 个，不通过 {len(failing)} 个"
    if unreadable:
        head += f"，无法读取 {len(unreadable)} 个"
    if skipped:
        head += f"，跳过 {len(skipped)} 个"
    out = ["", "—— 汇总 ——", f"{head}（用时 {wall:.1f} 秒）"]
    severities = Counter(f.severity for f in findings)
    out.append(f"问题 {len(findings)} 个：错误 {severities['error']}，警告 {severities['warning']}，"
               f"提示 {severities['info']}")
    if len(files) <= listed:
        out.append("各文件：")
        for item in files:
            out.append(f"  {_verdict(item, judge)}  {_safe(item.path)}{_counts(item)}")
    elif failing or unreadable:
        out.append("未通过的文件：")
        shown = [f for f in files if f.error or judge(f)]
        for item in shown[:listed]:
            out.append(f"  {_verdict(item, judge)}  {_safe(item.path)}{_counts(item)}")
        if len(shown) > listed:
            out.append(f"  …… 另有 {len(shown) - listed} 个")
    if skipped:
        out.append("已跳过（不是报告）：")
        for path, reason in skipped[:listed]:
            out.append(f"  {_safe(path)}：{reason}")
        if len(skipped) > listed:
            out.append(f"  …… 另有 {len(skipped) - listed} 个")
    by_rule = Counter((f.rule, f.severity) for f in findings)
    if by_rule:
        out.append("按规则：")
        ranked = sorted(by_rule.items(), key=lambda item: (-SEVERITY_RANK[item[0][1]], -item[1], item[0][0]))
        for (rule, severity), count in ranked:
            title = _rule_title(rules, rule)
            out.append(f"  {rule:<8} {SEVERITY_CN[severity]}  {count}" + (f"  {title}" if title else ""))
    stream.write("\n".join(out) + "\n")
    stream.flush()


def _fails_by(settings: Settings) -> Callable[[FileResult], bool]:
    return lambda item: any(settings.fails(f.severity) for f in item.findings)


def _verdict(item: FileResult, judge: Callable[[FileResult], bool]) -> str:
    if item.error:
        return "无法读取"
    return "不通过" if judge(item) else "通过  "


def _counts(item: FileResult) -> str:
    if item.error:
        return f"：{_safe(item.error)}"
    counts = Counter(f.severity for f in item.findings)
    parts = [f"{SEVERITY_CN[s]} {counts[s]}" for s in ("error", "warning", "info") if counts[s]]
    return f"（{'，'.join(parts)}）" if parts else ""


def _rule_title(rules: Optional[dict], code: str) -> str:
    """The rule's Chinese title when its plugin gives one (`title`), else nothing."""
    rule = (rules or {}).get(code)
    title = getattr(rule, "title", None) if rule is not None else None
    return _safe(title) if isinstance(title, str) else ""


def _safe(text: object) -> str:
    from ..formatters.terminal import inert

    return inert(text)
