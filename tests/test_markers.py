"""reportlint.parse.markers: the one definition of the heading-marker syntax."""

from __future__ import annotations

import re

import pytest

from reportlint.input.source import Source, fold
from reportlint.parse.grammar_files import load_grammar
from reportlint.parse.layout import HeadingLine, layout_parser, parse_layout
from reportlint.parse.markers import (
    ENUMERATION_WORDS, LEVEL_OF_STYLE, MAX_LEVEL, NUMERAL_RUN, STYLE_OF_LEVEL, STYLES, find_enumerations,
    grammar_disagreements, grammar_terminals, marker_alternation, matched_style, read_marker, render,
    render_as_written, render_enumeration, style_named)

# every written form: (text, style, number)
FORMS = [
    ("一、", "cn-dun", 1), ("一 、", "cn-dun", 1), ("一．", "cn-dun", 1), ("一.", "cn-dun", 1), ("十二、", "cn-dun", 12),
    ("九十九、", "cn-dun", 99),
    ("（一）", "cn-paren", 1), ("(一)", "cn-paren", 1), ("（一)", "cn-paren", 1), ("(一）", "cn-paren", 1),
    ("（ 三 ）", "cn-paren", 3), ("（十一）", "cn-paren", 11),
    ("1.", "arabic-dot", 1), ("1、", "arabic-dot", 1), ("1．", "arabic-dot", 1), ("12 .", "arabic-dot", 12),
    ("１.", "arabic-dot", 1),  # full-width digit: read on the parse view
    ("（1）", "arabic-paren", 1), ("(2)", "arabic-paren", 2), ("（ 10 )", "arabic-paren", 10),
    ("（１２）", "arabic-paren", 12),
    ("①", "circled", 1), ("⑤", "circled", 5), ("⑳", "circled", 20),
]


@pytest.mark.parametrize("written,style,number", FORMS)
def test_every_marker_form(written, style, number):
    match = read_marker(fold(written + "标题文字"))
    assert match is not None, written
    assert (match.style.name, match.number, match.level) == (style, number, LEVEL_OF_STYLE[style])
    assert match.end == len(written)
    # and the layout pass makes the same heading of it
    (item,) = parse_layout(Source(f"{written}标题文字\n", "m.txt"))
    assert isinstance(item, HeadingLine)
    assert (item.style, item.level, item.number, item.marker, item.title) == (
        style, LEVEL_OF_STYLE[style], number, written.rstrip(), "标题文字")


@pytest.mark.parametrize("text", ["1.5万元", "一是加强管理", "附件1", "十十十十、", "(a)", "100.项目", "（一百）", "",
                                  "统一、规范", "二〇二二年"])
def test_what_is_not_a_marker(text):
    assert read_marker(fold(text)) is None, text


def test_levels_and_styles():
    assert [s.name for s in STYLES] == ["part", "cn-dun", "cn-paren", "arabic-dot", "arabic-paren", "circled"]
    assert STYLE_OF_LEVEL == {0: "part", 1: "cn-dun", 2: "cn-paren", 3: "arabic-dot", 4: "arabic-paren", 5: "circled"}
    assert {v: k for k, v in LEVEL_OF_STYLE.items()} == STYLE_OF_LEVEL and MAX_LEVEL == 5
    assert [s.example for s in STYLES] == ["第一部分", "一、", "（一）", "1.", "（1）", "①"]
    assert style_named("cn-paren").level == 2


@pytest.mark.parametrize("style,limit", [("part", 99), ("cn-dun", 99), ("cn-paren", 99), ("arabic-dot", 99),
                                         ("arabic-paren", 99), ("circled", 20)])
def test_round_trip_number_and_text(style, limit):
    for number in range(1, limit + 1):
        text = render(style, number)
        match = read_marker(text)
        assert match is not None and (match.style.name, match.number) == (style, number), text
        assert match.end == len(text)
        assert render(match.style.name, match.number) == text


def test_render_edges():
    assert [render(s.name, 3) for s in STYLES] == ["第三部分", "三、", "（三）", "3.", "（3）", "③"]
    assert render("cn-dun", 134) == "一百三十四、" and render("cn-paren", 120) == "（一百二十）"
    assert render("circled", 21) == "(21)"
    assert render("cn-dun", 0) == "?" and render(None, 0) == "?"
    assert render(None, 3) == "3" and render("no-such-style", 4) == "4"


def test_enumerations():
    found = find_enumerations("工作有三项。一是甲；二要乙，十一是丙；统一是丁")
    assert [(e.marker, e.number, e.word) for e in found] == [("一是", 1, "是"), ("二要", 2, "要"), ("十一是", 11, "是")]
    assert found[0].start == 6 and found[0].end == 8
    assert find_enumerations("没有分项") == [] and ENUMERATION_WORDS == ("是", "要")
    assert render_enumeration(3) == "三是" and render_enumeration(12, "要") == "十二要"
    for number in range(1, 100):
        (match,) = find_enumerations(render_enumeration(number))
        assert match.number == number


def test_run_in_markers_are_stricter():
    run_in = re.compile(marker_alternation(run_in=True))
    assert run_in.fullmatch("三、") and run_in.fullmatch("（三）") and run_in.fullmatch("3.")
    assert not run_in.fullmatch("三．") and not run_in.fullmatch("③")
    match = run_in.fullmatch("（ 3）")
    assert matched_style(match).name == "arabic-paren"
    with pytest.raises(ValueError):
        style_named("circled").pattern(run_in=True)


def test_numeral_run_gives_the_written_form():
    assert [NUMERAL_RUN.sub("N", m) for m in ("（十二）", "(3)", "一 、", "⑤", "12.")] == ["（N）", "(N)", "N 、", "N", "N."]


# -- the grammar and this module agree ----------------------------------------------------------

def test_grammar_terminals_are_those_of_markers_py():
    grammar = load_grammar("report.lark")
    assert grammar_disagreements(grammar) == []
    for line in grammar_terminals():
        assert line in grammar.splitlines()


def test_a_grammar_that_drifts_is_refused():
    grammar = load_grammar("report.lark")
    drifted = grammar.replace("[①-⑳]", "[①-⑩]")
    assert drifted != grammar
    problems = grammar_disagreements(drifted)
    assert len(problems) == 2 and any("HEADING_L5" in p for p in problems)
    assert grammar_disagreements(grammar.replace(grammar_terminals()[0] + "\n", ""))  # a level left out


def test_every_line_terminal_builds_an_item():
    # the layout pass builds items from tokens, by terminal name: a terminal without a builder
    # method would have its lines dropped, so the parser refuses to build
    from reportlint.parse.layout import EMPTY_LINES, unbuilt_terminals

    parser = layout_parser()
    assert unbuilt_terminals(parser) == []
    names = {t.name for t in parser.terminals}
    assert set(EMPTY_LINES) <= names and {f"HEADING_L{style.level}" for style in STYLES} <= names


def test_compiled_terminals_match_the_marker_patterns():
    parser = layout_parser()
    for style in STYLES:
        terminal = parser.get_terminal(f"HEADING_L{style.level}")
        assert terminal.pattern.value == f"[ ]*{style.pattern()}[^\n]*\n\n*"
        assert terminal.priority == 4


@pytest.mark.parametrize("written,style,number", FORMS)
def test_the_terminal_of_a_marker_is_its_level(written, style, number):
    # the lexer's terminal (HEADING_Ln) and read_marker agree on the level of every form
    parser = layout_parser()
    tokens = [t for t in parser.lex(fold(f"{written}标题\n\n")) if t.type.startswith("HEADING")]
    assert [t.type for t in tokens] == [f"HEADING_L{LEVEL_OF_STYLE[style]}"]


@pytest.mark.parametrize("written,style,number,expected", [
    ("3、", "arabic-dot", 4, "4、"), ("3.", "arabic-dot", 4, "4."), ("3．", "arabic-dot", 12, "12．"),
    ("(3)", "arabic-paren", 4, "(4)"), ("（3）", "arabic-paren", 4, "（4）"),
    ("三、", "cn-dun", 4, "四、"), ("三.", "cn-dun", 11, "十一."), ("(三)", "cn-paren", 4, "(四)"),
    ("③", "circled", 4, "④"),
    ("", "arabic-dot", 4, "4."),  # nothing written: the style's own form
    ("三、", "arabic-dot", 4, "4."),  # a numeral of another kind: the style's own form
    ("3、", "arabic-dot", 0, "?"),
])
def test_a_number_is_rendered_with_the_punctuation_the_report_writes(written, style, number, expected):
    assert render_as_written(written, style, number) == expected


@pytest.mark.parametrize("text, number", [("1.2024年度部门整体支出绩效自评报告", 1), ("2.2020 年度“科技发展专项资金”绩效自评报告", 2)])
def test_a_marker_before_a_year_is_no_decimal(text, number):
    """1.2024年度… and 2.2020 年度… (a space before 年) are item 1 and 2 before a year; 2.2020万元 is a decimal."""
    match = read_marker(fold(text))
    assert match is not None and (match.style.name, match.number, match.end) == ("arabic-dot", number, 2)
    (item,) = parse_layout(Source(text + "\n", "m.txt"))
    assert isinstance(item, HeadingLine) and item.number == number
    assert read_marker(fold("2.2020万元")) is None
