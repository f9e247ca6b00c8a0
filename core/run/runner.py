"""Checking files: read → parse → plugins → selection, per file; then suppressions and baselines.

`check_source` is the whole pipeline for one decoded report; `check_path` adds reading;
`run` checks many paths (sequentially here; reportlint.run.batch runs them in parallel).
Nothing in here lets an exception out for one file: an unreadable file becomes a
FileResult with `error`, and the other files go on.
"""

from __future__ import annotations

import gc
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from .config import Settings
from .limits import check_report_size
from ..pluginapi.context import CheckContext
from ..errors import ConfigError, InputError
from ..pluginapi.findings import Finding
from ..parse.model import Document
from ..parse.parser import parse_source
from ..pluginapi.manager import PluginManager
from ..input.source import MAX_BYTES, Source

REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".xlsx", ".xls", ".doc", ".wps")


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: Optional[str] = None  # one line: why the file could not be checked
    seconds: float = 0.0
    text: Optional[str] = None  # the layout text, for formatters that show the report (html)
    profile: Optional[str] = None
    timings: Optional[dict[str, float]] = None  # --timings: seconds per part of the check (reportlint.run.timings)


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    extra: list[Finding] = field(default_factory=list)  # run-level findings (plugin load errors, …)
    settings: Optional[Settings] = None
    suppressed: int = 0  # findings removed by the suppressions file
    baselined: int = 0  # findings removed because the baseline already had them

    @property
    def findings(self) -> list[Finding]:
        out = [f for result in self.files for f in result.findings]
        return out + self.extra

    @property
    def errors(self) -> list[FileResult]:
        return [result for result in self.files if result.error]

    def exit_code(self, settings: Optional[Settings] = None) -> int:
        settings = settings or self.settings or Settings()
        if self.errors:
            return 2
        return 1 if any(settings.fails(f.severity) for f in self.findings) else 0


_MANAGERS: dict[tuple, PluginManager] = {}


def get_manager(disable: Sequence[str] = ()) -> PluginManager:
    """One plugin manager per set of disabled plugins, per process."""
    key = tuple(sorted(disable))
    if key not in _MANAGERS:
        _MANAGERS[key] = PluginManager(disable=key)
    return _MANAGERS[key]


def parse_with(source: Source, manager: PluginManager, profile: Optional[str] = None) -> Document:
    return parse_source(source, manager.profiles(), profile)


def check_source(source: Source, settings: Optional[Settings] = None,
                 manager: Optional[PluginManager] = None, keep_text: bool = False,
                 timings: bool = False) -> FileResult:
    """Run every enabled check on one decoded report.

    The cyclic garbage collector is paused for the whole check: a report's document, facts
    and findings are built and dropped together, and the collector's passes over them cost
    time (more than linearly on a long report) without finding anything to free. What the
    check leaves in cycles is collected by the next pass after it.

    With `timings`, the result says where the check's time went (reportlint.run.timings).
    """
    check_report_size(source.text, source.path)  # InputError: what a check may cost grows with both
    settings = settings or Settings()
    manager = manager or get_manager(settings.disable_plugins)
    started = time.perf_counter()
    stopwatch = None
    if timings:
        from .timings import Stopwatch

        stopwatch = Stopwatch()
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        rules = manager.rules()
        if stopwatch is None:
            document = parse_with(source, manager, settings.profile)
        else:
            document = stopwatch.call("parse", parse_with, source, manager, settings.profile)
        profile = next((p for p in manager.profiles() if p.name == document.profile.name), None)
        context = CheckContext(source, document, settings, rules, profile, manager.profiles())
        context.stopwatch = stopwatch
        findings = manager.check(document, context)
        # the rules' decisions for this file, already made for the rules that ran
        kept = [f for f in findings if f.rule == "PRS001" or context.enabled(f.rule)]
        profile_name = document.profile.name
        # freed by reference counting while the collector is still off: re-enabled with them
        # alive, its next pass would walk the whole document and its facts for nothing
        del document, context, profile
    finally:
        if paused:
            gc.enable()
    kept.sort(key=Finding.sort_key)
    seconds = time.perf_counter() - started
    return FileResult(path=source.path, findings=kept, seconds=seconds,
                      text=source.text if keep_text else None, profile=profile_name,
                      timings=stopwatch.finish(seconds) if stopwatch is not None else None)


def read_source(path: str | Path, manager: PluginManager) -> Source:
    """Read a file with the reader registered for its suffix (text for unknown suffixes)."""
    shown, data = read_report_bytes(path)
    return reader_for(os.fspath(path), manager)(data, shown)


def reader_for(path: str, manager: PluginManager):
    """The reader registered for the file's suffix (the text reader for unknown suffixes)."""
    readers = manager.readers()
    suffix = Path(path).suffix.lower()  # .doc/.wps: the legacy reader converts them (LibreOffice) or refuses
    return readers.get(suffix) or readers[".txt"]


def read_report_bytes(path: str | Path) -> tuple[str, bytes]:
    """(the path as named, the file's bytes), with the guards every report read gets.

    A missing file, a folder, anything that is not a regular file and a file over MAX_BYTES
    are refused (InputError) before a byte is read.
    """
    shown = os.fspath(path)  # as named on the command line: ./a.txt stays ./a.txt
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(shown, "no such file / 文件不存在") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc} / 无法读取") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(shown, "is a directory / 这是一个目录")
    if not stat.S_ISREG(info.st_mode):  # /dev/zero, a FIFO: reading could never end
        raise InputError(shown, "not a regular file / 不是普通文件")
    if info.st_size > MAX_BYTES:  # refuse before reading a byte of it
        raise InputError(shown, f"file too large ({info.st_size} bytes, limit {MAX_BYTES}) / 文件过大")
    try:
        with open(path, "rb") as handle:
            # read(n) allocates n bytes before it shrinks to what it read: ask for the size stat
            # gave (and a byte more), not MAX_BYTES, or every report costs a 50 MB allocation
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # the file grew between stat and read: up to the limit
                data += handle.read(MAX_BYTES + 1 - len(data))
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc} / 无法读取") from None
    return shown, data


def check_path(path: str | Path, settings: Optional[Settings] = None,
               manager: Optional[PluginManager] = None, keep_text: bool = False,
               timings: bool = False) -> FileResult:
    """Read and check one file; never raises for a bad input."""
    settings = settings or Settings()
    manager = manager or get_manager(settings.disable_plugins)
    started = time.perf_counter()
    try:
        source = read_source(path, manager)
        return check_source(source, settings, manager, keep_text, timings)
    except InputError as exc:
        return FileResult(path=str(path), error=exc.message, seconds=time.perf_counter() - started)
    except ConfigError:
        raise
    except RecursionError:
        return FileResult(path=str(path), error="report nesting too deep to parse / 结构过深，无法解析",
                          seconds=time.perf_counter() - started)
    except MemoryError:
        pass  # answered below, once the traceback and the half-built report it holds are freed
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not stop the batch
        return FileResult(path=str(path), error=f"internal error, please report it: {type(exc).__name__}: {exc}",
                          seconds=time.perf_counter() - started)
    from .limits import current_memory_limit, out_of_memory_message

    return FileResult(path=str(path), error=out_of_memory_message(current_memory_limit()),
                      seconds=time.perf_counter() - started)


def plugin_load_findings(manager: PluginManager) -> list[Finding]:
    """PRS002 findings for plugins that could not be loaded (once per run)."""
    out = []
    for info in manager.load_errors:
        out.append(Finding(path=f"<plugin {info.name}>", rule="PRS002", name="plugin-load-error",
                           severity="error", message=f"插件 {info.name} 无法加载：{info.error}",
                           line=1, column=1, end_line=1, end_column=1, plugin="core",
                           fingerprint=f"plugin-load-{info.name}"))
    return out


def collect_paths(paths: Sequence[str | Path], exclude: Sequence[str] = (), *,
                  extend_exclude: Sequence[str] = (), force_exclude: bool = False,
                  respect_gitignore: bool = True, root: Optional[str | Path] = None) -> list[str]:
    """Files to check: named files as given, folders walked for REPORT_SUFFIXES, sorted.

    Folders leave out the default excludes (.git, .venv, node_modules, build, … — replaced by
    `exclude` when it is given, ruff's rule), `extend_exclude`, what `.gitignore` ignores,
    and Word lock and temporary files; see reportlint.run.discovery, whose `discover` also
    returns the skipped files.
    """
    from .discovery import discover

    return discover(paths, REPORT_SUFFIXES, exclude=list(exclude) or None, extend_exclude=extend_exclude,
                    force_exclude=force_exclude, respect_gitignore=respect_gitignore, root=root).files


def run(paths: Sequence[str | Path], settings: Optional[Settings] = None, keep_text: bool = False,
        settings_for: Any = None, timings: bool = False) -> RunResult:
    """Check every path in order. `settings_for(path)` may give per-file settings (config discovery)."""
    settings = settings or Settings()
    manager = get_manager(settings.disable_plugins)
    manager.rules()  # registration problems become load errors before they are reported
    manager.profiles()
    manager.configure(settings)
    result = RunResult(settings=settings, extra=plugin_load_findings(manager))
    for path in collect_paths(paths, settings.exclude):
        file_settings = settings_for(Path(path)) if settings_for else settings
        result.files.append(check_path(path, file_settings, manager, keep_text, timings))
    return result
