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
It is written once, at exit, by a process that compiled a pattern it did not find
(reportlint.parse.marshal_file, which also says what a damaged file does: nothing).
"""

from __future__ import annotations

import re
from typing import Any, Optional

from .parse.grammar_files import cache_enabled
from .parse.marshal_file import MarshalFile, python_cache_file

try:  # CPython 3.11+: the compiler re.compile uses; elsewhere the cache stays off
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - not CPython
    _sre = None  # type: ignore[assignment]

Entry = tuple[int, list[int], int, dict[str, int], tuple[Optional[str], ...]]

# (pattern, flags) → the arguments _sre.compile takes; at most 4000 kept across versions
PATTERNS = MarshalFile(lambda: cache_file(), max_entries=4000)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name, on purpose
    """`re.compile(pattern, flags)`, built from the cached code when this pattern was seen before."""
    if _sre is None or not isinstance(pattern, str) or not _enabled():
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    entry = PATTERNS.get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)
        except Exception:  # noqa: BLE001 - a damaged entry: compile afresh below
            PATTERNS.forget(key)
    try:
        compiled, entry = _compile_keeping_code(pattern, int(flags))
    except re.error:
        raise  # a bad pattern is refused as re.compile refuses it
    except Exception:  # noqa: BLE001 - an internal of another Python: no cache, plain re
        return re.compile(pattern, flags)
    PATTERNS.put(key, entry)
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
    return cache_enabled("REPORTLINT_PATTERN_CACHE")


def cache_file() -> Optional[str]:
    """This Python's cache file, or None when there is no cache folder to use."""
    return python_cache_file("patterns", _sre.MAGIC)


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
