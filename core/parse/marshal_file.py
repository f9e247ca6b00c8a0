"""One dict of plain values kept across runs in a marshal file of the per-user cache folder.

What reportlint keeps between processes to start faster (the compiled patterns of
`reportlint.regex_cache`, the parsed TOML of `reportlint.parse.toml_files`) is a dict from a
key to plain values (str, bytes, int, float, bool, None, and lists, tuples and dicts of them),
which `marshal` reads back in microseconds. A `MarshalFile` is read on first use and written
back once, at exit, by a process that added entries; the write is atomic (a temporary file
renamed over the old one), so a reader sees the old file or the new one, never half of one.

Nothing fails because of a cache file: a missing, unreadable, truncated or foreign file is
an empty cache, and a folder that cannot be written is no error. Callers check the values
they take out (`marshal` rebuilds whatever types the file holds).
"""

import atexit
import marshal
import os
from typing import Any, Callable, Optional

from .cache_trust import trusted_file, trusted_folder


def python_cache_file(kind: str, tag: object) -> str:
    """`<kind>-<python version>-<tag>.marshal` in the per-user cache folder: a file for this
    Python only (`tag`: the version of what the entries are made for, e.g. `_sre`'s magic)."""
    import sys

    from .grammar_files import user_cache_dir

    version = "-".join(str(part) for part in sys.version_info[:3])
    return os.path.join(user_cache_dir(), f"{kind}-{sys.implementation.name}{version}-{tag}.marshal")


class MarshalFile:
    """A dict kept in one marshal file; `path` gives the file (None: no cache folder)."""

    def __init__(self, path: Callable[[], Optional[str]], max_entries: int):
        self._path = path
        self._max_entries = max_entries  # past this, only the entries this process used are written back
        self._entries: Optional[dict[Any, Any]] = None
        self.used: set[Any] = set()
        self.dirty = False

    @property
    def entries(self) -> dict[Any, Any]:
        """The entries, read from the file on first use ({} when there is none to read)."""
        if self._entries is None:
            self._entries = {}
            try:
                path = self._path()
                if path is not None and trusted_file(path):  # never a file another user could write
                    with open(path, "rb") as handle:
                        data = handle.read()
                    # loads on the bytes, not load on the file: marshal.load reads a file
                    # object a few bytes at a time (tens of thousands of reads, 30 ms against 2)
                    loaded = marshal.loads(data)
                    if isinstance(loaded, dict):
                        self._entries = loaded
            except (OSError, EOFError, ValueError, TypeError):
                self._entries = {}  # missing or unreadable: every entry is made again (and the file rewritten)
        return self._entries

    def get(self, key: Any) -> Any:
        """The entry of `key` (None when there is none), counted as used by this process."""
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def forget(self, key: Any) -> None:
        """Drop a damaged entry: it is made again and the file rewritten."""
        self.entries.pop(key, None)

    def put(self, key: Any, value: Any) -> None:
        """Keep a new entry; the file is written at exit."""
        self.entries[key] = value
        self.used.add(key)
        if not self.dirty:
            self.dirty = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write the file (atomically) if this process added entries."""
        if not self.dirty or self._entries is None:
            return
        self.dirty = False
        entries = self._entries
        if len(entries) > self._max_entries:  # entries of older versions pile up: keep this run's
            entries = {key: value for key, value in entries.items() if key in self.used}
        try:
            path = self._path()
            if path is None or not trusted_folder(os.path.dirname(path)):
                return
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = marshal.dumps(entries)
            temporary = f"{path}.{os.getpid()}.tmp"
            try:
                with open(temporary, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, path)  # readers see the old file or the new one, never half of one
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        except (OSError, ValueError):
            pass  # a read-only or full disk: the next start makes the entries again, nothing else changes
