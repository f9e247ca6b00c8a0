"""Writing what a run produces (`-o FILE`, `--write-baseline FILE`) without ever losing a file.

- **Atomic.** The data goes to a temporary file in the destination's own folder, is flushed
  to disk, and then replaces the destination with one `os.replace`. A crash, a full disk or
  Ctrl-C leaves the old file or the new one, never an empty, partial or spliced one, and two
  runs writing the same file at once each rename a complete file of their own: the last
  writer wins, neither corrupts the other. An existing file keeps its permission bits; a
  symbolic link is followed (its target is replaced, the link stays).
- **Never over an input.** A destination that is one of the run's reports, its
  configuration file (the one in use, or any file named reportlint.toml, .reportlint.toml
  or pyproject.toml), its suppressions or baseline file, or the other output of the same
  run, is refused with one line (exit code 2) before anything is written.
- A destination that exists and is not a regular file (`-o /dev/stdout`, a FIFO a reader
  waits on) is written directly: there is nothing to replace atomically. A folder is refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Optional

from ..errors import ConfigError
from ..formatters.escape import safe_text
from .config import CONFIG_NAMES


def _identity(path: str | os.PathLike) -> tuple[Optional[tuple[int, int]], str]:
    """(device, inode) when the file exists, and the resolved path, to compare two names of one file."""
    try:
        info = os.stat(path)
        ident: Optional[tuple[int, int]] = (info.st_dev, info.st_ino)
    except OSError:
        ident = None
    return ident, os.path.realpath(os.fspath(path))


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    ident_a, real_a = _identity(a)
    ident_b, real_b = _identity(b)
    if ident_a is not None and ident_b is not None:
        return ident_a == ident_b
    return real_a == real_b


def check_destination(destination: str | os.PathLike, what: str,
                      protected: Iterable[tuple[str, str | os.PathLike]] = ()) -> None:
    """Refuse (ConfigError) a destination that is a folder, a configuration file or one of `protected`.

    `protected` holds (description, path) pairs: the run's inputs, configuration,
    suppressions and baseline files, the other output.
    """
    target = Path(destination)
    if target.is_dir():
        raise ConfigError(f"{what} {os.fspath(destination)!r} is a folder; name a file")
    if target.name in CONFIG_NAMES and (not target.exists() or target.is_file()):
        raise ConfigError(f"refusing to write the {what} over {os.fspath(destination)!r}: "
                          "it is (or would be taken for) a configuration file")
    for description, path in protected:
        if path is not None and same_file(destination, path):
            raise ConfigError(f"refusing to write the {what} over {os.fspath(destination)!r}: "
                              f"it is {description}")


def write_atomic(destination: str | os.PathLike, data: str | bytes, what: str = "output") -> None:
    """Write `data` to `destination` through a temporary file and os.replace.

    Text is written as UTF-8; a lone surrogate left in it (a non-UTF-8 file name) is shown as
    `\\xNN` rather than failing the write (reportlint.formatters.escape.safe_text).
    """
    with AtomicFile(destination, what) as handle:
        handle.write(data)


class AtomicFile:
    """A destination written piece by piece (a streamed batch's output), replaced at the end.

    `write` appends to a temporary file in the destination's folder; leaving the `with`
    block normally flushes it to disk and renames it over the destination, leaving it by an
    exception removes it: the destination is the old file or the whole new one, never a
    part. A destination that is not a regular file (/dev/stdout, a FIFO) is written directly.
    """

    def __init__(self, destination: str | os.PathLike, what: str = "output") -> None:
        self.destination, self.what = destination, what
        target = Path(os.path.realpath(os.fspath(destination)))  # replace a link's target, keep the link
        try:
            info: Optional[os.stat_result] = os.stat(target)
        except OSError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise ConfigError(f"{what} {os.fspath(destination)!r} is a folder; name a file")
        self.target, self.info = target, info
        self.temporary: Optional[str] = None
        try:
            if info is not None and not stat.S_ISREG(info.st_mode):  # /dev/stdout, a FIFO, a terminal
                self.handle = open(target, "wb")
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, self.temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        except OSError as exc:
            raise self._error(exc) from None
        self.handle = os.fdopen(fd, "wb")

    def _error(self, exc: OSError) -> ConfigError:
        return ConfigError(f"{self.what} {os.fspath(self.destination)}: cannot write: {exc.strerror or exc}")

    def write(self, data: str | bytes) -> None:
        payload = safe_text(data).encode("utf-8") if isinstance(data, str) else data
        try:
            self.handle.write(payload)
        except OSError as exc:
            self._abort()
            raise self._error(exc) from None

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        if kind is not None:
            self._abort()
            return
        try:
            if self.temporary is None:
                self.handle.close()
                return
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            if self.info is not None:
                os.chmod(self.temporary, stat.S_IMODE(self.info.st_mode))
            else:  # what open(…, "w") would have given: 0666 less the umask (mkstemp makes 0600)
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.temporary, 0o666 & ~umask)
            os.replace(self.temporary, self.target)
        except OSError as exc:
            self._abort()
            raise self._error(exc) from None
        except BaseException:
            self._abort()
            raise

    def _abort(self) -> None:
        try:
            self.handle.close()
        except OSError:
            pass
        if self.temporary is not None:
            try:
                os.unlink(self.temporary)
            except OSError:
                pass
            self.temporary = None
