"""The Lark runtime the layout and formula parsers run on, loaded without importing lark.

Why: importing lark (its grammar compiler, Earley parsers, tree matchers and tools) and then
loading each analysed grammar from Lark's cache was about 15 ms of a cold one-file check, a
twelfth of it, for parsers that only ever run LALR. Lark can write a *standalone* parser
(`python -m lark.tools.standalone`): one Python module that holds Lark's LALR runtime (lexer,
parser, `Tree`, `Token`, `Transformer`, `LarkError`) and a grammar's analysed tables as
literals. `runtime()` has Lark write one such module for both grammars, grammars/report.lark
and grammars/formula.lark with the options they are built with (`PARSER_OPTIONS`), keeps its
compiled code in the per-user cache folder and runs it from there at the next start: a start
then loads about 8 ms of runtime and never imports lark. The grammars stay Lark grammars,
analysed by Lark; only where the analysed tables are kept changes.

The cache file's name is a digest of both grammars' text, their options, the installed lark
(its `__init__.py`: path, size and modification time, so an upgrade writes a new module),
Python's version and this module's format. The code is kept as marshal bytes (not left to
the import system's bytecode cache, which PYTHONDONTWRITEBYTECODE turns off), and the source
next to it so that a traceback shows its lines. It is the user's own cache folder, as for the
grammar, pattern and results caches: nothing from a report is ever in it.

Whenever the module cannot be written, read or run (the cache turned off with
`REPORTLINT_GRAMMAR_CACHE=0`, a folder that cannot be written, a damaged file, a future Lark
whose standalone tool differs), `runtime()` is lark itself and `parser()` builds through
`reportlint.parse.grammar_files.build_parser` as before: the same parsers, Lark's classes.
Within a process one runtime is used throughout, so a `Tree` from the parser and the
`Tree` the formulas code tests for are one class. tests/test_lark_runtime.py compares the
two runtimes' parses of the seeds.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import types
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from .cache_trust import trusted_file, trusted_folder
from .grammar_files import (_lexing_through_pattern_cache, build_parser, cache_enabled, folder_for_writing, load_grammar,
                            user_cache_dir)

# The grammars the runtime holds, with the options their parsers are built with (a transformer,
# given at load, is the caller's). The first is the standalone module's own DATA and MEMO.
PARSER_OPTIONS: dict[str, dict[str, Any]] = {
    # the layout is read by the parser's lexer alone (reportlint.parse.layout.parse_layout)
    "report.lark": {"parser": "lalr", "lexer": "basic", "maybe_placeholders": False},
    "formula.lark": {"parser": "lalr", "maybe_placeholders": False},
}
FORMAT = "1"  # of the generated module; changed when what this module writes changes
KEEP = 8  # runtimes kept in the folder (each ~400 KB): other installations' and grammars' too
MODULE_NAME = "lark_standalone_for_reportlint"  # Lark's code, not reportlint's: named apart from reportlint.*


class _LarkItself:
    """The runtime when there is no standalone module: lark's own classes."""

    standalone = False

    def __init__(self) -> None:
        import lark
        from lark.lexer import LexerThread

        self.Lark, self.Token, self.Tree, self.LexerThread = lark.Lark, lark.Token, lark.Tree, LexerThread
        self.Transformer, self.LarkError = lark.Transformer, lark.LarkError
        self.__version__ = lark.__version__


@lru_cache(maxsize=1)
def runtime() -> Any:
    """The runtime of this process: the standalone module (its `Lark`, `Token`, `Tree`,
    `Transformer`, `LexerThread`, `LarkError`, `__version__`), or lark itself (`standalone` tells which)."""
    if cache_enabled("REPORTLINT_GRAMMAR_CACHE"):
        try:
            module = _standalone()
        except Exception:  # noqa: BLE001 - any failure: lark itself, which parses the same
            module = None
        if module is not None:
            return module
    return _LarkItself()


def parser(name: str, **load_options: Any) -> Any:
    """The LALR parser of grammars/`name` (one of `PARSER_OPTIONS`), with `load_options`
    given at load (Lark allows `transformer`, `lexer_callbacks`, … there)."""
    found = runtime()
    if found.standalone:
        data, memo = found.GRAMMAR_TABLES[name]
        return _lexing_through_pattern_cache(found.Lark._load_from_dict(data, memo, **load_options))
    return build_parser(name, **PARSER_OPTIONS[name], **load_options)


# -- the standalone module ------------------------------------------------------------------
def _standalone() -> Optional[types.ModuleType]:
    """The module from the cache folder, written first when it is not there; None when it
    can be neither read nor written."""
    code_file = _code_file()
    if code_file is None or not trusted_folder(code_file.parent):
        return None  # (a folder another user can write: lark's own parsers, nothing kept)
    code = _read_code(code_file) if trusted_file(code_file) else None
    if code is None:
        if not folder_for_writing(code_file.parent):
            return None  # writing it at every start would cost more than importing lark
        source = _generate()
        code = compile(source, str(code_file.with_suffix(".py")), "exec")
        _write(code_file, source, marshal.dumps(code))
    module = types.ModuleType(MODULE_NAME)
    module.__file__ = str(code_file.with_suffix(".py"))
    sys.modules[MODULE_NAME] = module  # (its classes name this module: pickling finds them)
    try:
        exec(code, module.__dict__)  # noqa: S102 - Lark's own generated runtime, from our grammars
    except BaseException:
        sys.modules.pop(MODULE_NAME, None)
        raise
    module.standalone = True  # type: ignore[attr-defined]
    return module


def _code_file() -> Optional[Path]:
    """Where this installation's runtime is kept (None: no folder to keep it in)."""
    spec = importlib.util.find_spec("lark")  # where lark is, without importing it
    if spec is None or not spec.origin:
        return None
    stat = os.stat(spec.origin)
    parts = [FORMAT, sys.implementation.name, sys.version, spec.origin, str(stat.st_size), str(stat.st_mtime_ns)]
    for name, options in PARSER_OPTIONS.items():
        parts += [name, repr(sorted(options.items())), load_grammar(name)]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return user_cache_dir() / "grammars" / f"lark-runtime-{digest}.marshal"


def _read_code(path: Path) -> Optional[types.CodeType]:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None  # damaged: written again
    return code if isinstance(code, types.CodeType) else None


def _generate() -> str:
    """The standalone module's source: Lark's runtime and the first grammar's tables as
    Lark's tool writes them, then the other grammars' tables and `GRAMMAR_TABLES`."""
    from lark.grammar import Rule
    from lark.lexer import TerminalDef
    from lark.tools.standalone import gen_standalone

    lines: list[str] = []

    def output(*parts: Any) -> None:  # what the tool's print would write
        lines.append(" ".join(str(part) for part in parts))

    names = list(PARSER_OPTIONS)
    built = {name: build_parser(name, **PARSER_OPTIONS[name]) for name in names}
    gen_standalone(built[names[0]], output=output)  # type: ignore[no-untyped-call]
    tables = [f"{names[0]!r}: (DATA, MEMO)"]
    for index, name in enumerate(names[1:], start=1):
        data, memo = built[name].memo_serialize([TerminalDef, Rule])
        lines += [f"_DATA_{index} = {data!r}", f"_MEMO_{index} = {memo!r}"]
        tables.append(f"{name!r}: (_DATA_{index}, _MEMO_{index})")
    lines.append("GRAMMAR_TABLES = {" + ", ".join(tables) + "}")
    return "\n".join(lines) + "\n"


def _write(code_file: Path, source: str, code: bytes) -> None:
    """Keep the code (and its source, for tracebacks), atomically, and drop all but the `KEEP`
    newest runtimes of the folder (each grammar edit or Lark upgrade writes one; another
    installation sharing the folder keeps its own among them). A failed write is no error (the
    module is still run from memory this time)."""
    try:
        for path, data in ((code_file.with_suffix(".py"), source.encode("utf-8")), (code_file, code)):
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                temporary.write_bytes(data)
                os.replace(temporary, path)
            finally:
                if temporary.exists():
                    temporary.unlink()
        kept = sorted(code_file.parent.glob("lark-runtime-*.marshal"), key=_age)
        for old in kept[KEEP:]:
            for path in (old, old.with_suffix(".py")):
                path.unlink(missing_ok=True)
    except OSError:
        pass


def _age(path: Path) -> float:
    """Newest first (a file gone meanwhile sorts last)."""
    try:
        return -path.stat().st_mtime
    except OSError:
        return 0.0
