"""reportlint.parse.tree_cache: the data's formulas parsed once and kept across runs, their trees
the same as the formula parser's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint.facts.formulas import parse_expression
from reportlint.parse.lark_runtime import runtime
from reportlint.parse import tree_cache
from reportlint.parse.marshal_file import MarshalFile
from reportlint.plugins.formulas.control import FORMULA, words
from reportlint.plugins.formulas.datafiles import data_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seeds" / "004_1a1813143cd16474.txt"  # writes no formula
DATA_FORMULAS = list(dict.fromkeys([entry["formula"] for entry in data_file("definitions.toml")["definition"]]
                                   + [FORMULA, *words().also]))  # (two definitions share a formula)


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty tree cache in a folder of its own, and a parse that counts its calls."""
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REPORTLINT_GRAMMAR_CACHE", raising=False)
    monkeypatch.setattr(tree_cache, "TREES", MarshalFile(tree_cache._cache_file, max_entries=2000))
    calls: list[str] = []

    def parse(text):
        calls.append(text)
        return parse_expression(text)
    return parse, calls


def _reloaded(monkeypatch):
    """The cache as a new process reads it: saved, then read back from the file."""
    tree_cache.TREES.save()
    monkeypatch.setattr(tree_cache, "TREES", MarshalFile(tree_cache._cache_file, max_entries=2000))


def test_every_data_formula_comes_back_as_the_tree_the_parser_makes(fresh, monkeypatch):
    parse, calls = fresh
    assert len(DATA_FORMULAS) >= 8
    first = [tree_cache.cached_tree("formula.lark", text, parse) for text in DATA_FORMULAS]
    assert len(calls) == len(DATA_FORMULAS)
    _reloaded(monkeypatch)
    again = [tree_cache.cached_tree("formula.lark", text, parse) for text in DATA_FORMULAS]
    assert len(calls) == len(DATA_FORMULAS)  # nothing parsed the second time
    for text, made, kept in zip(DATA_FORMULAS, first, again):
        assert made is not None, text
        assert kept == made and repr(kept) == repr(made), text
        tokens, made_tokens = _tokens(kept), _tokens(made)
        assert tokens
        assert [(t.type, t.start_pos, t.line, t.column, t.end_pos) for t in tokens] == \
               [(t.type, t.start_pos, t.line, t.column, t.end_pos) for t in made_tokens]
        assert type(kept.data) is type(made.data)


def _tokens(node):
    """The tokens of a tree, in order (the runtime's Tree: Lark's standalone one has no scan_values)."""
    if isinstance(node, runtime().Token):
        return [node]
    return [token for child in node.children for token in _tokens(child)]


def test_text_that_is_not_one_expression_is_kept_as_none(fresh, monkeypatch):
    parse, calls = fresh
    assert tree_cache.cached_tree("formula.lark", "1=2=3 和 4", parse) is None
    _reloaded(monkeypatch)
    assert tree_cache.cached_tree("formula.lark", "1=2=3 和 4", parse) is None
    assert calls == ["1=2=3 和 4"]


def test_another_grammar_text_parses_afresh(fresh, monkeypatch):
    parse, calls = fresh
    tree_cache.cached_tree("formula.lark", "1+2", parse)
    _reloaded(monkeypatch)
    monkeypatch.setattr(tree_cache, "_grammar_digest", lambda grammar: "an edited grammar")
    assert tree_cache.cached_tree("formula.lark", "1+2", parse) == parse_expression("1+2")
    assert calls == ["1+2", "1+2"]


def test_a_damaged_entry_is_parsed_again_and_replaced(fresh, monkeypatch):
    parse, calls = fresh
    key = (tree_cache._grammar_digest("formula.lark"), "3/4")
    for damaged in [("n", "div"), ("t",), ("x", 1, 2), ("n", "div", None, (("q",),))]:
        tree_cache.TREES.entries[key] = damaged
        assert tree_cache.cached_tree("formula.lark", "3/4", parse) == parse_expression("3/4")
    assert len(calls) == 4
    assert tree_cache.TREES.entries[key][0] == "n"


def test_the_grammar_cache_switch_turns_it_off(fresh, monkeypatch):
    parse, calls = fresh
    monkeypatch.setenv("REPORTLINT_GRAMMAR_CACHE", "0")
    for _ in range(2):
        tree_cache.cached_tree("formula.lark", "1+2", parse)
    assert calls == ["1+2", "1+2"] and tree_cache.TREES.entries == {}


def test_a_tree_holding_something_else_is_returned_but_not_kept(fresh):
    odd = runtime().Tree("add", [object()])
    assert tree_cache.cached_tree("formula.lark", "odd", lambda text: odd) is odd
    assert tree_cache.TREES.entries == {}


_PROBE = r"""
import json, sys
from reportlint.runner import check_path
import reportlint.facts.formulas as formulas
result = check_path(sys.argv[1])
print(json.dumps({"formula parser built": formulas.parser.cache_info().currsize,
                  "findings": [(f.rule, f.line) for f in result.findings]}))
"""


def test_a_report_without_formulas_does_not_load_the_formula_grammar_once_cached(tmp_path):
    environment = {**os.environ, "REPORTLINT_CACHE_DIR": str(tmp_path)}
    runs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", _PROBE, str(SEED)], capture_output=True, text=True,
                              env=environment, timeout=120)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert runs[0]["formula parser built"] == 1  # the definitions parsed, then kept
    assert runs[1]["formula parser built"] == 0
    assert runs[1]["findings"] == runs[0]["findings"] and ["FRM004", 76] in runs[1]["findings"]
