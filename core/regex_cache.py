"""Compiled regular expressions kept across runs: `compile` is `re.compile` with a disk cache.

Why: reportlint's patterns hold CJK ranges (`[\\u4e00-\\u9fff]`) and long word lists, and
Python's `re` compiles them in pure Python at every start (about 60 ms of a cold check, the
largest single part of it). No library keeps compiled patterns between processes (`regex`
compiles in Python too, and a pickled pattern is compiled again when it is loaded), so this
module keeps what `re` compiles a pattern *to*: the code list that `_sre.compile` takes.
At the next start a pattern is built from that code in microseconds.

Safety: the cache file's name holds the Python version and the `_sre` magic number, so a
new Python never reads codes made by another one; `_sre.compile` validates the code it is
given (invalid code raises), and any failure to read, build or write falls back to
`re.compile`: nothing fails because of the cache. A cached pattern equals the one
`re.compile` makes (`Pattern.__eq__` compares the code; tests/test_regex_cache.py checks
every pattern of a run).

The file is `patterns-<digest>.marshal` in reportlint's per-user cache folder (see
`reportlint.parse.grammar_files.user_cache_dir`); `REPORTLINT_PATTERN_CACHE=0` turns it off.
It is written once, at exit, by a process that compiled a pattern it did not find.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from typing import Any, Optional

try:  # CPython 3.11+: the compiler re.compile uses; elsewhere the cache stays off
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - not CPython
    _sre = None  # type: ignore[assignment]

Entry = tuple[int, list[int], int, dict[str, int], tuple[Optional[str], ...]]

_MAX_ENTRIES = 4000  # past this, only the patterns this process used are written back
_entries: Optional[dict[tuple[str, int], Entry]] = None
_used: set[tuple[str, int]] = set()
_dirty = False


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name, on purpose
    """`re.compile(pattern, flags)`, built from the cached code when this pattern was seen before."""
    if _sre is None or not isinstance(pattern, str) or not _enabled():
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    entries = _load()
    entry = entries.get(key)
    if entry is not None:
        try:
            compiled = _sre.compile(pattern, *entry)
            _used.add(key)
            return compiled
        except Exception:  # noqa: BLE001 - a damaged entry: compile afresh below
            entries.pop(key, None)
    try:
        compiled, entry = _compile_keeping_code(pattern, int(flags))
    except re.error:
        raise  # a bad pattern is refused as re.compile refuses it
    except Exception:  # noqa: BLE001 - an internal of another Python: no cache, plain re
        return re.compile(pattern, flags)
    _remember(key, entry)
    return compiled


def _compile_keeping_code(pattern: str, flags: int) -> tuple[re.Pattern[str], Entry]:
    """What re._compiler.compile does, keeping the arguments it passes to _sre.compile."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    state = parsed.state
    groupindex = dict(state.groupdict)
    indexgroup: list[Optional[str]] = [None] * state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: Entry = (int(flags | state.flags), [int(op) for op in code], state.groups - 1, groupindex, tuple(indexgroup))
    return _sre.compile(pattern, *entry), entry


def _enabled() -> bool:
    return os.environ.get("REPORTLINT_PATTERN_CACHE", "1") not in ("0", "", "false", "no")


def cache_file() -> Optional[str]:
    """This Python's cache file, or None when there is no cache folder to use."""
    from .parse.grammar_files import user_cache_dir

    version = "-".join(str(part) for part in sys.version_info[:3])
    return os.path.join(user_cache_dir(), f"patterns-{sys.implementation.name}{version}-{_sre.MAGIC}.marshal")


def _load() -> dict[tuple[str, int], Entry]:
    global _entries
    if _entries is None:
        _entries = {}
        try:
            path = cache_file()
            if path is not None:
                with open(path, "rb") as handle:
                    loaded = marshal.load(handle)
                if isinstance(loaded, dict):
                    _entries = loaded
        except (OSError, EOFError, ValueError, TypeError):
            _entries = {}  # missing or unreadable: every pattern is compiled (and the file rewritten)
    return _entries


def _remember(key: tuple[str, int], entry: Entry) -> None:
    global _dirty
    entries = _load()
    entries[key] = entry
    _used.add(key)
    if not _dirty:
        _dirty = True
        atexit.register(save)


def save() -> None:
    """Write the cache (atomically) if this process compiled patterns it did not find."""
    global _dirty
    if not _dirty or _entries is None:
        return
    _dirty = False
    entries: dict[Any, Any] = _entries
    if len(entries) > _MAX_ENTRIES:  # patterns of older versions pile up: keep this run's
        entries = {key: value for key, value in entries.items() if key in _used}
    try:
        path = cache_file()
        if path is None:
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
        pass  # a read-only or full disk: the next start compiles again, nothing else changes


class ReModule:
    """The part of the `re` module Lark's lexers use, compiling through this cache.

    Lark compiles its lexers' patterns (each lexer state's terminals joined into one
    pattern) when a state is first lexed: about 10 ms of a cold check for grammars/report.lark.
    `reportlint.parse.grammar_files` gives the lexers of a built parser this object instead of
    `re`; anything else is `re`'s own.
    """

    compile = staticmethod(compile)
    error = re.error

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)


RE_MODULE = ReModule()
