"""The layout is read by the layout grammar's lexer alone (reportlint.parse.layout.parse_layout).

That is sound only while grammars/report.lark's start rule takes every sequence of its line
terminals: then the LALR pass accepts whatever the lexer cuts and decides nothing. These
tests check that property on the grammar's LALR automaton (an edit that gives the layout a
structure fails here, not silently in the field), that the check itself sees a grammar with
structure, and that the lexer's tokens are exactly those the LALR parse gives, on every
fixture report and on texts made to be awkward.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark, Token

from reportlint.input.source import Source
from reportlint.parse.grammar_files import load_grammar
from reportlint.parse.layout import (_LexerThread, _line_lexer, _line_scanner, _line_tokens, layout_parser,
                                     parse_layout)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt")) + sorted(
    (ROOT / "tests" / "fixtures" / "wild").glob("*.txt"))


def _sequences_not_taken(grammar: str, max_depth: int = 6) -> list[str]:
    """Where an LALR parser of `grammar` refuses a line terminal or the end of input after some
    sequence of line terminals (empty when it takes every sequence).

    Walks the parser's configurations breadth first, feeding one token of each terminal: a
    flat `start: (A | B | …)*` reaches only a few, each taking every terminal and the end. A
    configuration deeper than `max_depth` tokens on its stack means nesting: reported too.
    """
    parser = Lark(grammar, parser="lalr", lexer="basic")
    terminals = sorted(t.name for t in parser.terminals)
    everything = set(terminals) | {"$END"}
    problems: list[str] = []
    start = parser.parse_interactive("")
    todo, seen = [(start, ())], set()
    while todo:
        interactive, fed = todo.pop(0)
        stack = tuple(interactive.parser_state.state_stack)
        if stack in seen:
            continue
        seen.add(stack)
        if len(stack) > max_depth:
            problems.append(f"after {' '.join(fed)}: the stack keeps growing")
            continue
        refused = everything - interactive.accepts()
        if refused:
            problems.append(f"after {' '.join(fed) or 'nothing'}: refuses {', '.join(sorted(refused))}")
        for name in terminals:
            if name in refused:
                continue
            step = interactive.copy()
            step.feed_token(Token(name, "x\n"))
            todo.append((step, fed + (name,)))
    return problems


def test_the_start_rule_takes_every_sequence_of_line_terminals():
    assert _sequences_not_taken(load_grammar("report.lark")) == []


@pytest.mark.parametrize("start", [
    "start: FIELD_LINE* TEXT_LINE*",  # the header fields first: a field line after text is refused
    "start: (TEXT_LINE | ROW)+",  # an empty report is refused
    "start: (TEXT_LINE ROW?)*",  # two rows in a row are refused
])
def test_a_grammar_with_structure_is_seen(start):
    grammar = load_grammar("report.lark")
    head, _, rest = grammar.partition("start:")
    rest = rest[rest.index(")*") + 2:]
    assert _sequences_not_taken(head + start + rest)


def _lexed(text: str) -> list[tuple[str, str, int, int]]:
    return [(t.type, t.value, t.start_pos, t.line) for t in _LexerThread.from_text(_line_lexer(), text).lex(None)]


def _parsed(parser: Lark, text: str) -> list[tuple[str, str, int, int]]:
    return [(t.type, t.value, t.start_pos, t.line) for t in parser.parse(text).children]


def _parse_text(path: Path) -> str:
    """The text parse_layout gives the lexer: the parse view and the closing blank lines."""
    view = Source(path.read_text(encoding="utf-8"), str(path)).view
    return view + ("\n" if view.endswith("\n") else "\n\n")


AWKWARD = [
    "\n\n\n一、标题\n\n\n",  # empty lines first
    "   \n  \n正文\n\n",  # space-only lines
    "\t单元格一\n续行（1）不是标题\n\t单元格二\n\n1.5亿元不是标题\n\n",  # a row, a decimal
    "附件1-1 基础数据表\n评价年度：2023年\n（一）小标题\n①要点\n第一部分 概述\n\n",
    "正文",  # no line break at the end (parse_layout adds the closing blank lines)
]


@pytest.mark.parametrize("text", [pytest.param(_parse_text(p), id=p.name) for p in FIXTURES]
                         + [pytest.param(t + ("\n" if t.endswith("\n") else "\n\n"), id=f"awkward{i}")
                            for i, t in enumerate(AWKWARD)])
def test_the_lexer_gives_the_tokens_of_the_lalr_parse(text):
    # lark itself, with the contextual lexer the parse used before: the same tokens, one for one
    parser = Lark(load_grammar("report.lark"), parser="lalr", lexer="contextual", maybe_placeholders=False)
    lexed = _lexed(text)
    assert lexed == _parsed(parser, text)
    assert "".join(value for _, value, _, _ in lexed) == text  # every character is in one line token


@pytest.mark.parametrize("text", [pytest.param(_parse_text(p), id=p.name) for p in FIXTURES]
                         + [pytest.param(t + ("\n" if t.endswith("\n") else "\n\n"), id=f"awkward{i}")
                            for i, t in enumerate(AWKWARD)])
def test_the_layouts_token_loop_gives_lark_lexers_tokens(text):
    # parse_layout's loop over the scanner pattern of Lark's lexer, against Lark's own loop
    assert _line_scanner() is not None  # the plain lexer: the lean loop runs, not the fallback
    assert list(_line_tokens(text)) == _lexed(text)


def test_a_text_the_pattern_cannot_cut_goes_to_larks_loop():
    # no closing line break: the last line matches no terminal, and Lark's loop says where
    with pytest.raises(Exception) as failed:
        list(_line_tokens("一、标题\n正文"))
    assert type(failed.value).__name__ == "UnexpectedCharacters"


def test_parse_layout_builds_one_item_per_content_line():
    source = Source("一、总体情况\n\n评价年度：2023年\n\n\t项目\n\t金额\n\n   \n正文。\n", "x.txt")
    items = parse_layout(source)
    assert [type(item).__name__ for item in items] == ["HeadingLine", "FieldLine", "Row", "Paragraph"]
    heading, fields, row, paragraph = items
    assert (heading.level, heading.title, heading.paragraph.span.line) == (1, "总体情况", 1)
    assert [(f.label, f.value) for f in fields.fields] == [("评价年度", "2023年")]
    assert [cell.text for cell in row.cells] == ["项目", "金额"] and row.span.line == 5
    assert (paragraph.text, paragraph.span.line, paragraph.span.column) == ("正文。", 9, 1)
    assert layout_parser().options.lexer == "basic"


# -- fields on one header line ------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    # two spaces or more before any label
    ("填表人：  李明   填报日期： 2024年6月6日", [("填表人", "李明", 7), ("填报日期", "2024年6月6日", 18)]),
    # one space before a header label: 填报日期 is a field of its own, not part of the unit
    # (labels are read in simplified script, values kept as written)
    ("单位名称:东林镇人民政府 填报日期:2021.5.18", [("单位名称", "东林镇人民政府", 6), ("填报日期", "2021.5.18", 19)]),
    ("項目名稱：鄉村道路養護 實施單位：交通運輸局", [("项目名称", "鄉村道路養護", 6), ("实施单位", "交通運輸局", 18)]),
    # one space before a word that is no header label: the value goes on
    ("单位名称：东林镇 备注:无", [("单位名称", "东林镇 备注:无", 6)]),
    ("项目名称：2021年 填报日期前完成的项目", [("项目名称", "2021年 填报日期前完成的项目", 6)]),
])
def test_a_header_line_is_split_into_its_fields(line, expected):
    (item,) = parse_layout(Source(line + "\n", "x.txt"))
    assert [(f.label, f.value, f.value_span.column) for f in item.fields] == expected


def test_the_header_labels_are_those_of_the_grammar():
    from reportlint.parse.layout import HEADER_LABELS
    grammar = load_grammar("report.lark")
    (alternatives,) = [line for line in grammar.splitlines() if line.startswith("FIELD_LINE")]
    labels = alternatives.split("(?:", 1)[1].split(")", 1)[0].split("|")
    assert set(labels) == set(HEADER_LABELS)


@pytest.mark.parametrize("line, title", [
    ("一、\t部门基本情况", "部门基本情况"),  # a tab typed after the marker, as a space
    ("（一）\t部门职能", "部门职能"),
    ("1. \t\t产出指标", "产出指标"),
])
def test_a_tab_between_a_marker_and_its_title_is_a_heading(line, title):
    (item,) = parse_layout(Source(line + "\n", "x.txt"))
    assert type(item).__name__ == "HeadingLine" and item.title == title


@pytest.mark.parametrize("line", ["1.\t产出指标\t20\t18", "2.\t30", "（一）\t☑是"])
def test_a_marker_then_cells_is_a_forms_row_not_a_heading(line):
    assert all(type(item).__name__ != "HeadingLine" for item in parse_layout(Source(line + "\n", "x.txt")))


def test_headings_typed_with_a_tab_are_the_outline_not_a_table():
    from reportlint.run.runner import get_manager, parse_with

    text = ("某某局2023年度部门整体支出绩效自评报告\n一、\t部门基本情况\n（一）\t部门职能\n本局负责全区教育管理。\n"
            "（二）\t预算收支情况\n本年收入合计500.00万元。\n二、\t绩效自评情况\n自评得分90分。\n")
    document = parse_with(Source(text, "x.txt"), get_manager(), None)
    assert [(s.marker, s.title) for s in document.sections] == [("一、", "部门基本情况"), ("二、", "绩效自评情况")]
    assert [s.title for s in document.sections[0].children] == ["部门职能", "预算收支情况"]
    assert not list(document.table_list())
