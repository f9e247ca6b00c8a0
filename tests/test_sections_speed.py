"""The sections plugin (SEC) on hostile shapes: time stays linear, odd counts never crash.

Each input is built in code and big enough that the quadratic code it replaced took many
seconds (measured before the fix: 20,000 × “，一是” 5 s in enumerations; 5,000 sibling
headings 12 s in Document.section_path; 6,000 unmarked headings 4 s in numbering's
per-heading rescans of their list; 20,000 placeholders on one line 8 s in the
leftover overlap test); the bound is generous so that a slow machine does not fail it.
Only the SEC rules are timed (parsing is not this plugin's cost); they are called directly,
so a rule that raises fails the test instead of becoming a PRS001 finding, and every run
through the whole pipeline asserts that no PRS001 appears.
"""

from __future__ import annotations

import time

from reportlint.run.config import make_settings
from reportlint.pluginapi.context import CheckContext
from reportlint.plugins.sections.enumerations import MAX_OPEN_LISTS
from reportlint.plugins.sections.leftovers import find_leftovers
from reportlint.plugins.sections.rules import RULES
from reportlint.numerals import int_to_cn
from reportlint.parse.markers import render
from reportlint.run.runner import get_manager, parse_with
from reportlint.input.source import Source
from util import at, seed_text
from util import check as check_all


def check(text: str, **settings):
    """All findings on `text`; a PRS001 (a rule that crashed and lost its findings) fails the test."""
    findings = check_all(text, **settings)
    crashed = [f.message for f in findings if f.rule == "PRS001"]
    assert not crashed, crashed
    return findings

BOUND = 1.0  # seconds, for the SEC rules alone


def timed_sec(text: str):
    """(SEC findings, seconds the SEC rules took) on `text`, every default SEC rule on."""
    manager = get_manager()
    source = Source(text, "report.txt")
    document = parse_with(source, manager)
    profile = next((p for p in manager.profiles() if p.name == document.profile.name), None)
    context = CheckContext(source, document, make_settings({"select": ["SEC"]}), manager.rules(), profile,
                           manager.profiles())
    started = time.perf_counter()
    findings = [finding for rule in RULES if context.enabled(rule.code) for finding in rule().check(context)]
    return [f for f in findings if f.rule != "SEC011"], time.perf_counter() - started


def test_thousands_of_opened_enumerations_are_linear():
    # the adversarial review's input: every 一是 opens a list, none is continued
    findings, seconds = timed_sec("一、标题\n" + "，一是" * 20000 + "\n")
    assert findings == []
    assert seconds < BOUND, f"{seconds:.2f}s"


def test_slip_after_thousands_of_opened_lists_is_still_found():
    text = "一、标题\n" + "，一是" * 20000 + "，三是。\n"
    findings, seconds = timed_sec(text)
    assert at(findings) == [("SEC005", 2)]
    assert "此处为“三是”，缺少“二是”" in findings[0].message
    assert findings[0].column == 3 * 20000 + 2  # the 三是 itself, after 20,000 “，一是” and a “，”
    assert seconds < BOUND, f"{seconds:.2f}s"


def test_nesting_up_to_the_kept_depth_still_continues_outer_lists():
    # 一是 opened MAX_OPEN_LISTS times, then continued from the innermost outwards: all in order
    text = "一、标题\n" + "一是甲，" * MAX_OPEN_LISTS + "二是乙，" * MAX_OPEN_LISTS + "。\n"
    assert at(check(text, select=["SEC005", "SEC006", "SEC007"])) == []
    # one 二是 more than there are open lists is a repeat
    text = "一、标题\n一是甲，二是乙，二是丙。\n"
    assert at(check(text, select=["SEC005", "SEC006", "SEC007"])) == [("SEC006", 2)]


def test_thousands_of_sibling_headings_are_linear():
    # every 1. repeats the one before: 4,999 SEC006, each asking for its section path
    findings, seconds = timed_sec("一、标题\n" + "1.项目\n" * 5000)
    assert len(findings) == 4999 and {f.rule for f in findings} == {"SEC006"}
    assert findings[-1].line == 5001 and findings[-1].section == ["标题", "项目"]
    assert seconds < BOUND * 2, f"{seconds:.2f}s"


def test_thousands_of_alternating_heading_levels_are_linear():
    findings, seconds = timed_sec("一、标题\n" + "1.项目\n（1）数量\n" * 2500)
    assert {f.rule for f in findings} == {"SEC006"}
    assert seconds < BOUND * 2, f"{seconds:.2f}s"


def test_hundreds_of_unmarked_headings_neither_crash_nor_slow_down():
    # numbers past 109 used to raise KeyError in the Chinese numeral (PRS001, no SEC at all)
    text = seed_text("000") + "\n" + "单位基本情况\n正文。\n" * 6000
    findings, seconds = timed_sec(text)
    assert {f.rule for f in findings} == {"SEC004"} and len(findings) == 6001
    assert findings[0].line == 13 and "应为“一、单位基本情况”" in findings[0].message
    assert "应为“一百三十四、单位基本情况”" in findings[130].message
    assert seconds < BOUND * 2, f"{seconds:.2f}s"
    assert not [f for f in check(seed_text("000") + "\n" + "单位基本情况\n正文。\n" * 200) if f.rule == "PRS001"]


def test_thousands_of_placeholders_on_one_line_are_linear():
    text = "一、标题\n" + "XXXX年XX月XX日，" * 20000 + "\n"
    started = time.perf_counter()
    leftovers = list(find_leftovers(Source(text, "report.txt"), None))
    seconds = time.perf_counter() - started
    assert len(leftovers) == 60000 and {kind for _, _, kind, _ in leftovers} == {"placeholder"}
    assert [t for _, _, _, t in leftovers[:3]] == ["XXXX", "XX", "XX"]
    assert seconds < BOUND, f"{seconds:.2f}s"


def test_overlapping_leftovers_are_kept_once():
    # a hint that holds a placeholder: the earlier pattern wins, the overlap is dropped
    text = "一、标题\n（请填写XX名称）与____。\n"
    kinds = [(kind, t) for _, _, kind, t in find_leftovers(Source(text, "report.txt"), None)]
    assert kinds == [("placeholder", "XX"), ("blank", "____")]


def test_long_gap_names_its_ends_not_every_marker():
    findings = check("一、标题\n1.项目\n99.项目\n", select=["SEC005"])
    assert at(findings) == [("SEC005", 3)]
    assert "缺少“2.”至“98.”（共97个）" in findings[0].message
    findings = check("一、标题\n一是安排，九十九是组织。\n", select=["SEC005"])
    assert "缺少“二是”至“九十八是”（共97个）" in findings[0].message
    # a short gap still lists them
    findings = check("一、标题\n1.项目\n4.项目\n", select=["SEC005"])
    assert "缺少“2.”、“3.”" in findings[0].message


def test_chinese_numerals_past_ninety_nine():
    assert [int_to_cn(n) for n in (1, 10, 19, 99, 100, 101, 110, 134, 999, 1000, 1005, 10000)] == [
        "一", "十", "十九", "九十九", "一百", "一百零一", "一百一十", "一百三十四", "九百九十九", "一千",
        "一千零五", "10000"]
    assert render("cn-paren", 120) == "（一百二十）"


def test_a_very_long_line_is_linear():
    line = "简介评价小组成立情况。一是安排，二是组织。（单位名称）" * 5000
    findings, seconds = timed_sec("一、标题\n" + line + "\n")
    assert {f.rule for f in findings} == {"SEC010"}
    assert seconds < BOUND * 2, f"{seconds:.2f}s"


def test_a_heading_run_into_a_long_paragraph_is_found():
    # the run-in heading pattern is tried on the paragraph's tail only (tails._earliest_start):
    # whatever precedes it, and the spaces its marker and title may hold, change nothing
    lines = seed_text("002").split("\n")
    heading = "（三）自评材料报送时间及质量。"
    assert lines[92].endswith(heading)
    head = lines[92][:-len(heading)]
    for tail in [heading, " （ 三 ）   自评材料报送时间及质量。  ", "（三）" + " " * 40 + "自评材料报送时间及质量",
                 "（三） 自评材料报送时间及质量 \u3000", "三、自评材料报送时间及质量"]:
        for before in ("", "工作有序开展，" * 20000):
            lines[92] = before + head + tail
            findings = check("\n".join(lines), select=["SEC012"])
            assert [(f.rule, f.line, f.column) for f in findings] == [("SEC012", 93, len(before) + 118 + (tail[0] == " "))]


def test_placeholders_on_thousands_of_lines_are_linear_and_gated():
    # each shape runs only on the lines that hold its anchor characters; its matches still count
    # only when the text holds one of its gates (Xｘ alone is no placeholder, beside XX it is)
    text = "一、标题\n" + "金额XX万元，面积≥** 平方米。\n" * 20000
    started = time.perf_counter()
    leftovers = list(find_leftovers(Source(text, "report.txt"), None))
    seconds = time.perf_counter() - started
    assert len(leftovers) == 40000 and [t for _, _, _, t in leftovers[:2]] == ["XX", "≥**"]
    assert seconds < BOUND, f"{seconds:.2f}s"
    kinds = lambda text: [(kind, t) for _, _, kind, t in find_leftovers(Source(text, "report.txt"), None)]
    assert kinds("一、标题\n单位Xｘ名\n") == []
    assert kinds("一、标题\n单位Xｘ名\n编号XX\n") == [("placeholder", "Xｘ"), ("placeholder", "XX")]


def test_the_run_in_heading_window_holds_the_longest_marker():
    # tails._earliest_start looks back at most _MARKER_MAX characters besides spaces for the
    # marker: no marker the parser's alternation accepts may hold more
    import re._parser

    from reportlint.parse.markers import marker_alternation
    from reportlint.plugins.sections import tails

    widest = re._parser.parse(marker_alternation(run_in=True).replace("[ ]*", "")).getwidth()[1]
    assert widest <= tails._MARKER_MAX


def test_labelled_items_from_the_first_label_word_are_those_of_the_whole_text():
    # SEC015 scans from the first label word on (its look-behind still reads the character before)
    from reportlint.plugins.sections.rules import SEC015

    for text in ["措施1：甲。措施2：乙", "，问题一、甲；建议三、乙", "x措施1：甲。问题2：", "措施1措施2：", "说明。\n经验12、甲\n",
                 "部分做法。任务3"]:
        first = SEC015._ANY_WORD.search(text)
        assert first is not None
        assert SEC015.labelled_items(text, first.start()) == SEC015.labelled_items(text), text


def test_an_indicator_row_is_one_numbered_label_among_empty_cells():
    # SEC016 looks for the row's one filled cell, then tests it as a label: the rows it reports
    # are those where exactly one cell is a numbered label and every other cell is empty
    import itertools
    import re

    from reportlint.plugins.sections.rules import SEC016

    texts = ["", " ", "—", "/", "指标1", "3.", "12、", "指标 2：", "数量", "100", "1.5", "\n", "指标1\n"]

    class Cell:
        def __init__(self, text):
            self.text = text

    for row in itertools.product(texts, repeat=3):
        cells = [Cell(t) for t in row]
        labels = [c for c in cells if SEC016._ROW_LABEL.match(c.text)]
        expected = labels[0] if len(labels) == 1 and all(
            SEC016._EMPTY.match(c.text) for c in cells if c is not labels[0]) else None
        found = SEC016._only_filled(cells)
        got = found if found is not None and SEC016._ROW_LABEL.match(found.text) else None
        assert got is expected, row
    assert not any(SEC016._EMPTY.match(t) and re.search(r"\d", t) for t in texts)
