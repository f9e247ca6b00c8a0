"""The shortcuts the facts readers take for speed find exactly what the plain way finds.

Each reader skips text cheaply before its real pattern (a hint, a jump to the next place that
matters); these tests hold each shortcut to the plain scan it replaced, on the seed reports
and on random text made of the characters that matter.
"""

from __future__ import annotations

import random

import pytest

from reportlint.facts import breakdowns, scores
from reportlint.facts.breakdowns import _scope_end, list_words
from reportlint.parse.model import Paragraph
from reportlint.run.runner import get_manager, parse_with, read_source
from reportlint.facts import Facts
from util import SEED_NAMES, seed_path


def _seed_views() -> list[str]:
    views = []
    for key in sorted(SEED_NAMES):
        source = read_source(seed_path(key), get_manager())
        facts = Facts(parse_with(source, get_manager(), None), source)
        views += [item.view for item in facts.blocks if isinstance(item.block, Paragraph)]
    return views


def _random_texts(alphabet: list[str], count: int = 3000, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(count)]


@pytest.fixture(scope="module")
def seed_views() -> list[str]:
    return _seed_views()


def test_grade_statements_are_found_where_finditer_finds_them(seed_views):
    grade_re = scores._grade_regex(tuple(scores.grade_names(scores.bands_of(None))))
    words = ["等级", "等次", "评级", "自评", "评价", "评估", "属于", "属", "评定为", "评为", "为", "：", "结果",
             "优秀", "良好", "中", "差", "较差", "第一等级", "“", "”", "分", "，", "等", "评"]
    for view in seed_views + _random_texts(words):
        assert [m.span() for m in scores._grade_matches(grade_re, view)] == [m.span() for m in grade_re.finditer(view)]


def test_every_score_statement_passes_the_hint(seed_views):
    words = ["满分", "自评", "总得分", "总分", "得分", "分数", "分值", "分", "综合", "评价", "评分", "实际", "最终",
             "为", "是", "达到", "共计", "合计", "：", ":", " ", "9", "98", "100", ".5", "数", "值"]
    for view in seed_views + _random_texts(words):
        if scores._SCORE.search(view):
            assert scores._SCORE_HINT.search(view), view


def _scope_end_by_steps(view, start, in_bracket, semicolons=False, headings=True):
    """The list's end found character by character (the loop `_scope_end` jumps through)."""
    closers = list_words().closers
    depth, index, limit = 0, start, start + breakdowns._MAX_LIST
    while index < len(view):
        if index > limit:
            return -1
        ch = view[index]
        if ch in "（(":
            if (headings and depth == 0 and index > start and view[index - 1] in breakdowns._HEADING_BOUNDARY
                    and breakdowns._HEADING.match(view, index)):
                return index
            depth += 1
        elif ch in "）)":
            if depth == 0 and in_bracket:
                return index
            depth = max(0, depth - 1)
        elif depth == 0:
            if ch in breakdowns._STOP and not (semicolons and ch in "；;"):
                return index
            if view.startswith("其中", index):
                return index
            if index > start and view[index - 1] in breakdowns._CLOSER_BOUNDARY and view.startswith(closers, index):
                return index
            if (headings and index > start and view[index - 1] in breakdowns._HEADING_BOUNDARY
                    and breakdowns._HEADING.match(view, index)):
                return index
        index += 1
    return len(view)


def test_a_list_ends_where_the_character_by_character_scan_ends(monkeypatch, seed_views):
    alphabet = list("（()）。；;\n其中，,、 \t\u3000一二三ab12：:") + list(list_words().closers[:3]) + ["（三）", "二、"]
    rnd = random.Random(3)
    for limit in (500, 12):
        monkeypatch.setattr(breakdowns, "_MAX_LIST", limit)
        for view in seed_views[:200] + _random_texts(alphabet, 4000):
            for start in {0, len(view) // 2, rnd.randint(0, len(view))}:
                opening = breakdowns._LIST_OPENING.match(view, start)
                headings = not (opening is not None and breakdowns._HEADING.match(view, opening.end()))
                for in_bracket in (False, True):
                    assert _scope_end(view, start, in_bracket) == _scope_end_by_steps(
                        view, start, in_bracket, headings=headings), (view, start, in_bracket)


def test_the_year_pattern_finds_what_the_plain_one_finds(seed_views):
    import re

    from reportlint.facts.text import YEAR

    plain = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")
    rnd = random.Random(5)
    for view in seed_views + _random_texts(list("12019200.年 3a"), 20000):
        start, end = sorted((rnd.randint(0, len(view)), rnd.randint(0, len(view))))
        assert ([(m.span(), m.group(1)) for m in YEAR.finditer(view, start, end)]
                == [(m.span(), m.group(1)) for m in plain.finditer(view, start, end)]), view


def _walked_clause_start(view: str, floor: int, end: int) -> int:
    """The clause start found by walking back one character at a time (the plain way)."""
    from reportlint.facts.quantities import _CLAUSE_BREAK

    cut = end
    while cut > floor:
        ch = view[cut - 1]
        if ch in "）)":
            opening = max(view.rfind("（", floor, cut - 1), view.rfind("(", floor, cut - 1))
            if opening < 0:
                break
            cut = opening
            continue
        if ch in _CLAUSE_BREAK:
            break
        cut -= 1
    return cut


@pytest.mark.parametrize("view, expected", [
    ("支出情况：专项业务（工作）经费120万元", 5),  # the bracketed words are stepped over
    ("其中，基本支出(人员)为", 3),
    ("工作）经费", 3),  # a closing bracket with nothing open before it ends the walk
    ("一是完成，（二）培训费", 5),  # the opening bracket of a stepped-over pair is no break
    ("无标点的标签", 0),
])
def test_a_clause_starts_where_the_character_walk_stops(view, expected):
    from reportlint.facts.quantities import _clause_start

    assert _clause_start(view, 0, len(view)) == _walked_clause_start(view, 0, len(view)) == expected


def test_the_clause_start_agrees_with_the_walk_on_the_seeds_and_random_text(seed_views):
    from reportlint.facts.quantities import _clause_start

    pieces = list("，,。；;：:、（()）\n") + ["经费", "支出", "1", "为", " ", "（工作）", "(a)", "其中"]
    rnd = random.Random(3)
    cases = [(view, rnd.randint(0, len(view)), len(view)) for view in seed_views]
    cases += [(view, 0, len(view)) for view in seed_views]
    for text in _random_texts(pieces, count=6000):
        floor = rnd.randint(0, len(text))
        cases.append((text, floor, rnd.randint(floor, len(text))))
    for view, floor, end in cases:
        assert _clause_start(view, floor, end) == _walked_clause_start(view, floor, end), (view, floor, end)
