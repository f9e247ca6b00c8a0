"""Parse trees of text that ships with the data, kept across runs (the formula definitions).

Why: the formulas plugin's definitions (执行率 = 实际支出 / 预算数 …) and control words are
formulas in its data files, parsed with grammars/formula.lark at every start. Parsing them
meant loading the formula grammar's parser (about 1% of a cold one-file check) even for a
report that writes no formula at all, and most write none. `cached_tree(grammar, text, parse)`
gives what `parse(text)` gives, from a marshal file when this text was parsed before with
this grammar: the key is a digest of the grammar's text and Lark's version with the text, so
an edited grammar or another Lark parses afresh. Only constant text goes through it (the
data's formulas, a profile's), never a report's words: the file stays small.

A tree is kept as nested tuples (a Tree as its rule and children, a Token as its type,
value and positions) and rebuilt as the runtime's Tree and Token objects (reportlint.parse.lark_runtime), equal to the parsed
ones (tests/test_tree_cache.py). The file is `trees-<python>-<lark>.marshal` in the per-user
cache folder (reportlint.parse.marshal_file says what a damaged file does: nothing), and
`REPORTLINT_GRAMMAR_CACHE=0` turns it off with the grammar cache.
"""

import hashlib
from functools import lru_cache
from typing import Any, Callable, Optional

from .grammar_files import cache_enabled
from .marshal_file import MarshalFile, python_cache_file

_NONE = ("none",)  # what `parse` gave when it gave None (text that is not one expression)


def _cache_file() -> Optional[str]:
    from .lark_runtime import runtime

    return python_cache_file("trees", "lark" + runtime().__version__.replace(".", "-"))


TREES = MarshalFile(_cache_file, max_entries=2000)


def cached_tree(grammar: str, text: str, parse: Callable[[str], Any]) -> Any:
    """`parse(text)` (a Lark tree, a token or None), from the cache when `text` was parsed before
    with grammars/`grammar`."""
    if not cache_enabled("REPORTLINT_GRAMMAR_CACHE"):
        return parse(text)
    key = (_grammar_digest(grammar), text)
    kept = TREES.get(key)
    if kept is not None:
        try:
            return None if kept == _NONE else _decode(kept)
        except Exception:  # noqa: BLE001 - a damaged entry: parsed afresh below
            TREES.forget(key)
    tree = parse(text)
    encoded = _NONE if tree is None else _encode(tree)
    if encoded is not None:  # (a tree holding something else is returned, not kept)
        TREES.put(key, encoded)
    return tree


@lru_cache(maxsize=None)
def _grammar_digest(grammar: str) -> str:
    from .grammar_files import load_grammar
    from .lark_runtime import runtime

    text = load_grammar(grammar) + "\x1f" + runtime().__version__
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _classes() -> tuple[Any, Any]:
    """The runtime's Token and Tree (reportlint.parse.lark_runtime: the parser's own classes)."""
    from .lark_runtime import runtime

    found = runtime()
    return found.Token, found.Tree


def _encode(node: Any, classes: Optional[tuple[Any, Any]] = None) -> Any:
    """A Tree as ("n", rule, rule's token type or None, children), a Token as ("t", type,
    value, start_pos, line, column, end_line, end_column, end_pos); None for anything else."""
    Token, Tree = classes = classes or _classes()
    if isinstance(node, Token):
        return ("t", node.type, str(node), node.start_pos, node.line, node.column,
                node.end_line, node.end_column, node.end_pos)
    if isinstance(node, Tree) and isinstance(node.data, str):
        children = []
        for child in node.children:
            encoded = _encode(child, classes)
            if encoded is None:
                return None
            children.append(encoded)
        rule_type = node.data.type if isinstance(node.data, Token) else None
        return ("n", str(node.data), rule_type, tuple(children))
    return None


def _decode(kept: Any, classes: Optional[tuple[Any, Any]] = None) -> Any:
    Token, Tree = classes = classes or _classes()
    if kept[0] == "t":
        _, kind, value, start_pos, line, column, end_line, end_column, end_pos = kept
        return Token(kind, value, start_pos, line, column, end_line, end_column, end_pos)
    _, rule, rule_type, children = kept
    data = Token(rule_type, rule) if rule_type is not None else rule
    return Tree(data, [_decode(child, classes) for child in children])
