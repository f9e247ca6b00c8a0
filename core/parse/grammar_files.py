"""Loading the .lark grammars from the installed package, and building their parsers.

`load_grammar` reads a grammar shipped in the package (`package_file`: works from a wheel, not
only a checkout). `build_parser` builds its LALR parser with Lark's `cache=`: the analysed grammar
is pickled to a per-user cache folder and loaded from there at the next start (about 2 ms
instead of ~20 ms of grammar analysis). The cache file's name is a hash of the grammar text,
the parser options and the versions of Lark and Python, so an edited grammar or a new Lark
never loads a stale table (Lark also checks the hash written inside the file). When the
folder cannot be created or written, the parser is built as without a cache: nothing fails.

The folder is `$REPORTLINT_CACHE_DIR/grammars`, else `$XDG_CACHE_HOME/reportlint/grammars`,
else `~/.cache/reportlint/grammars`; `REPORTLINT_GRAMMAR_CACHE=0` turns the cache off.

A check runs its parsers on Lark's standalone runtime (`reportlint.parse.lark_runtime`), which
`build_parser` is used to write; it builds the parsers itself when that runtime cannot be used.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from .cache_trust import trusted_file
from .package_files import package_file


@lru_cache(maxsize=None)
def load_grammar(name: str) -> str:
    """Text of grammars/<name> (reportlint.parse.package_files: from a wheel too, not only a checkout)."""
    return package_file("reportlint.grammars", name).read_text(encoding="utf-8")


def user_cache_dir() -> Path:
    """reportlint's per-user cache folder (not created here)."""
    explicit = os.environ.get("REPORTLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reportlint"


def cache_enabled(variable: str) -> bool:
    """Whether the cache a `REPORTLINT_*_CACHE` variable switches is on: it is unless the
    variable is set to 0, false, no or nothing (each cache of the per-user folder has one)."""
    return os.environ.get(variable, "1") not in ("0", "", "false", "no")


def folder_for_writing(folder: Path) -> bool:
    """Whether files can be written in `folder`, made first when it is missing (the grammar
    cache and the Lark runtime keep theirs there)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _grammar_cache_file(name: str, grammar: str, options: dict[str, Any]) -> Optional[str]:
    """Where the analysed grammar is cached, or None when no usable cache folder exists."""
    if not cache_enabled("REPORTLINT_GRAMMAR_CACHE"):
        return None
    import hashlib
    import sys

    import lark

    hashable = {k: v for k, v in sorted(options.items()) if k != "transformer"}
    key = "\x1f".join([grammar, repr(hashable), lark.__version__, sys.version.split()[0]])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    folder = user_cache_dir() / "grammars"
    path = folder / f"{Path(name).stem}-{digest}.lark.pickle"
    if not trusted_file(path):  # Lark loads the pickle: never one another user could have written
        return None
    if not folder_for_writing(folder):
        # Lark would still read an existing file; without one it could only fail to write it
        return str(path) if path.is_file() else None
    return str(path)


def build_parser(name: str, **options: Any) -> Any:
    """The LALR parser of grammars/<name> (`lark.Lark`), loaded from the grammar cache when it can be.

    `options` are Lark's (`parser="lalr"` is implied; `transformer=` is allowed and is not
    part of the cache key: it is given again at every load).
    """
    from lark import Lark

    options.setdefault("parser", "lalr")
    grammar = load_grammar(name)
    cache_file = _grammar_cache_file(name, grammar, options)
    if cache_file is None:
        return _lexing_through_pattern_cache(Lark(grammar, **options))
    try:
        parser = Lark(grammar, cache=cache_file, **options)
    except (OSError, EOFError):  # an unreadable or truncated cache file: build without it
        parser = Lark(grammar, **options)
    return _lexing_through_pattern_cache(parser)


def _lexing_through_pattern_cache(parser: Any) -> Any:
    """Let the parser's lexers compile their patterns through `reportlint.regex_cache`.

    Lark compiles a lexer state's terminals, joined into one pattern, when the state is first
    lexed (about 10 ms of a cold check for report.lark) with the `re` module it holds; Lark
    has no option for another module, so each lexer not yet built is given one that compiles
    through the cache (the same patterns, `tests/test_regex_cache.py`). Should a later Lark
    name these parts otherwise, nothing is changed and Lark compiles as it always did.
    """
    import re

    from .. import regex_cache

    lexer = getattr(getattr(parser, "parser", None), "lexer", None)
    for each in [lexer, getattr(lexer, "root_lexer", None), *getattr(lexer, "lexers", {}).values()]:
        if getattr(each, "re", None) is re and getattr(each, "_scanner", True) is None:
            each.re = regex_cache.RE_MODULE
    return parser
