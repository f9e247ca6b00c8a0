"""What runs inside a checking process: bytes in, FileResult out.

Imported once by the forkserver (see pool.py), which loads the plugins, the grammar and
python-docx here so that every worker forked from it starts warm.
"""

from __future__ import annotations

import signal
import time
from pathlib import PurePosixPath

from ..errors import ConfigError, InputError
from ..input.source import MAX_BYTES
from ..run.config import Settings
from ..run.runner import FileResult, check_source, get_manager

# The command line's words for a legacy .doc named .doc (reportlint.run.runner.read_source).
LEGACY_DOC = ("legacy Word .doc is not supported; convert it with "
              "`libreoffice --headless --convert-to docx FILE` / 请先转换为 .docx")


def check_upload(data: bytes, filename: str, settings: Settings, keep_text: bool = False) -> FileResult:
    """Read and check one upload the way `reportlint check` reads and checks a file.

    `filename` only chooses the reader (its suffix) and names the report in findings; it is
    never opened.
    """
    manager = get_manager(settings.disable_plugins)
    started = time.perf_counter()
    try:
        if len(data) > MAX_BYTES:
            raise InputError(filename, f"file too large ({len(data)} bytes, limit {MAX_BYTES}) / 文件过大")
        suffix = PurePosixPath(filename).suffix.lower()
        readers = manager.readers()
        if suffix == ".doc" and suffix not in readers:  # no legacy reader: the runner's own refusal
            raise InputError(filename, LEGACY_DOC)
        reader = readers.get(suffix) or readers[".txt"]
        return check_source(reader(data, filename), settings, manager, keep_text)
    except InputError as exc:
        return FileResult(path=filename, error=exc.message, seconds=time.perf_counter() - started)
    except ConfigError as exc:
        return FileResult(path=filename, error=f"{exc}", seconds=time.perf_counter() - started)
    except RecursionError:
        return FileResult(path=filename, error="report nesting too deep to parse / 结构过深，无法解析",
                          seconds=time.perf_counter() - started)
    except MemoryError:
        from ..run.limits import current_memory_limit, out_of_memory_message

        return FileResult(path=filename, error=out_of_memory_message(current_memory_limit()),
                          seconds=time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - a bug of ours costs this file only
        return FileResult(path=filename, error=f"internal error, please report it: {type(exc).__name__}: {exc}",
                          seconds=time.perf_counter() - started)


def no_conversion() -> None:
    """The service never converts .doc/.wps with LibreOffice: that would write the upload to a
    temporary folder and run a large program on it. Such files get the legacy reader's refusal
    (the line `reportlint check` prints where LibreOffice is not installed)."""
    try:
        from ..input.readers import legacy
    except ImportError:
        return
    legacy.COMMANDS = ()


def worker_main(conn, settings: Settings) -> None:
    """Check uploads the server sends, one at a time, until it sends None or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's business
    no_conversion()
    get_manager(settings.disable_plugins).configure(settings)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        data, filename, file_settings, keep_text = task
        result = check_upload(data, filename, file_settings, keep_text)
        try:
            conn.send(result)
        except (OSError, ValueError):
            return


def _warm_up() -> None:
    try:
        from ..parse.layout import layout_parser

        manager = get_manager()
        manager.rules()
        manager.profiles()
        manager.readers()
        layout_parser()
        import docx  # noqa: F401
    except Exception:  # noqa: BLE001 - warming up is an optimisation; the worker reports real errors
        pass


if __name__ != "__main__":
    _warm_up()
