"""FRM on hostile and odd input: deep formulas, 万-grouped numbers, full-width digits, long comma runs.

Each case is a regression from an adversarial review; the inputs are built here.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from reportlint.facts.formulas import MAX_SYMBOLS, evaluate, evaluate_chain, find_chains, names_in, parse_expression
from reportlint.facts.quantities import block_quantities
from reportlint.facts.text import BlockText
from reportlint.input.source import fold
from reportlint.plugins.formulas.rates import heading_key
from reportlint.plugins.formulas.reading import FIGURE_UNITS
from reportlint.parse.model import Paragraph, Span

from util import SEED_NAMES, at, inject, seed_text
from util import check as _check


def check(text: str, **settings):
    """util.check that fails the test when an FRM rule crashed (a PRS001 finding naming it):
    a test expecting silence must not pass because a rule raised."""
    if settings.get("select") is not None:
        settings["select"] = [*settings["select"], "PRS001"]
    findings = _check(text, **settings)
    assert [f.message for f in findings if f.rule == "PRS001" and ("FRM" in f.message or "formulas" in f.message)] == []
    return findings

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# -- 1. deep formulas: no RecursionError (PRS001), silence beyond the cap -------------------
DEEP_LINES = {
    "a thousand minus signs": "-" * 1000 + "1+1=3",
    "a thousand additions": "1" + "+1" * 1000 + "=3",
    "a thousand percent signs": "1" + "%" * 1000,
    "a thousand percent signs in a chain": "1+1" + "%" * 1000 + "=3",
}


@pytest.mark.parametrize("line", list(DEEP_LINES.values()), ids=list(DEEP_LINES))
def test_deep_formula_does_not_crash_the_plugin(line):
    findings = check(line + "\n")
    assert at(findings, "PRS001") == []
    assert at(findings, "FRM") == []  # past the cap: nothing to claim


def test_a_wrong_formula_next_to_the_deep_one_is_still_found():
    text = "-" * 1000 + "1+1=3\n合计=1+1=3。\n"
    assert at(check(text, select=["FRM", "PRS001"])) == [("FRM001", 2)]


@pytest.mark.parametrize("expression, value", [
    ("-" * 1001 + "1", Decimal(-1)),
    ("1" + "+1" * 1000, Decimal(1001)),
    ("(" * 800 + "7" + ")" * 800, Decimal(7)),
])
def test_evaluator_walks_deep_trees_without_recursion(expression, value):
    tree = parse_expression(expression)
    assert tree is not None
    result = evaluate(tree, point=True)
    assert result.value.low == value == result.value.high


def test_evaluator_deep_percent_and_order_of_figures():
    result = evaluate(parse_expression("5" + "%" * 500), point=True)
    assert result.percent and result.value.low == Decimal(5) / Decimal(100) ** 500
    # figures are reported in writing order (the message lists them)
    ordered = evaluate(parse_expression("(3257.65-3132.88)/3132.88*100%"))
    assert ordered.figures == ["3257.65", "3132.88", "3132.88", "100"]
    assert ordered.value.meets(evaluate(parse_expression("3.98%"), constants=False).value)


def test_names_in_a_deep_definition():
    assert names_in(parse_expression("+".join(["预算数"] * 1500) + "-决算数")) == {"预算数", "决算数"}


def _disagreeing(chain):
    text, start, members = chain
    return [step for step in evaluate_chain(members) if step.agrees is not True]


def test_formula_cap_is_generous_for_real_formulas():
    long_but_real = "+".join(["1"] * 40) + "=40"
    formulas = find_chains(long_but_real)
    assert len(formulas) == 1 and _disagreeing(formulas[0]) == []
    wrong = "+".join(["1"] * 40) + "=41"
    assert len(_disagreeing(find_chains(wrong)[0])) == 1
    beyond = "+".join(["1"] * (MAX_SYMBOLS + 2)) + "=1"
    assert find_chains(beyond) == []


# -- 2. a number grouped by 万 is one number, not a figure from its middle ---------------------
WAN_GROUPED = "2023年收入合计1,0000万元，其中财政拨款8000万元、其他收入2000万元。"


def _figures(text: str):
    """The figures FRM reads in one paragraph (the shared quantities in FRM's units)."""
    block = Paragraph(text=text, span=Span(line=1, column=1, end_line=1, end_column=len(text) + 1))
    item = BlockText(block=block, container=None, view=fold(text), section=())
    return [(q.number, q.unit) for q in block_quantities(item) if q.unit in FIGURE_UNITS]


def test_wan_grouped_number_is_not_split():
    assert ("0000", "万元") not in _figures(WAN_GROUPED)
    assert _figures(WAN_GROUPED) == [("8000", "万元"), ("2000", "万元")]
    assert _figures("经费1,0000,00万元") == []


def test_wan_grouped_total_gives_no_false_alarm():
    assert at(check("一、部门基本情况\n" + WAN_GROUPED + "\n", select=["FRM", "PRS001"])) == []


def test_comma_grouping_and_comma_lists_still_read():
    assert _figures("收入合计1,000万元，其中拨款600万元") == [("1,000", "万元"), ("600", "万元")]
    assert _figures("分别为100万元,200万元") == [("100", "万元"), ("200", "万元")]
    text = "一、部门基本情况\n2023年收入合计1,000万元，其中财政拨款800万元、其他收入300万元。\n"
    found = [f for f in check(text, select=["FRM"]) if f.rule == "FRM002"]
    assert [(f.rule, f.line) for f in found] == [("FRM002", 2)] and "1100" in found[0].message


# -- 3. full-width digits: the same findings as ASCII ----------------------------------------
def test_heading_key_drops_a_full_width_year():
    assert heading_key("２０２３年实际在职人数") == heading_key("2023年实际在职人数") == "实际在职人数"


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_full_width_seed_gives_the_same_findings(key):
    text = seed_text(key)
    ascii_findings = at(check(text, select=["FRM", "PRS001"]))
    assert at(check(text.translate(FULL_WIDTH), select=["FRM", "PRS001"])) == ascii_findings
    assert [rule for rule, _ in ascii_findings if rule.startswith("PRS")] == []
    if key == "004":  # the 在职人员控制率 of the table under a 2023年 heading (the review's case)
        assert ("FRM004", 76) in ascii_findings


def test_full_width_seed_004_keeps_message_numbers():
    findings = {(f.rule, f.line): f for f in check(seed_text("004").translate(FULL_WIDTH), select=["FRM"])}
    assert "52.63%" in findings[("FRM004", 76)].message
    assert "194.30 + 106.06 + 0.12 = 300.48" in findings[("FRM003", 222)].message


def test_full_width_injected_defect_is_found():
    text = inject(seed_text("002"), 14, "在职15人", "在职17人").translate(FULL_WIDTH)
    assert ("FRM002", 14) not in at(check(text, select=["FRM"]))
    text = inject(seed_text("002"), 14, "在职15人", "在职16人").translate(FULL_WIDTH)
    assert ("FRM002", 14) in at(check(text, select=["FRM"]))


# -- 4. a long run of comma groups is scanned in linear time ---------------------------------
def test_long_comma_run_is_fast():
    text = "1" + ",000" * 5000 + "\n"  # 20 KB; took 1.6–2.3 s before the scan was made linear
    assert at(check(text, select=["FRM", "PRS001"])) == []  # warm up (plugin loading, grammar)
    started = time.perf_counter()
    findings = check(text, select=["FRM", "PRS001"])
    elapsed = time.perf_counter() - started
    assert at(findings) == []
    assert elapsed < 1.0, f"{elapsed:.2f}s"


def test_long_comma_run_with_unit_is_one_figure():
    text = "1" + ",000" * 2000 + "万元"
    figures = _figures(text)
    assert len(figures) == 1 and figures[0][0] == text[:-2]


# -- 5. unclosed [bookmark: residue is read in linear time ---------------------------------
def test_many_unclosed_bookmarks_check_fast():
    # a ~200 KB report: a stacked 其中 column whose total cell holds thousands of unclosed
    # "[bookmark: " marks (the unbounded bookmark regex rescanned to the end of the cell from
    # each of them: 1.5 s for such a report), and prose full of them
    marks = "[bookmark: _GoBack " * 9000
    table = f"\t按支出性质分：{marks}303.36\n\t其中：基本支出：194.30\n\t项目支出：106.06\n\n"
    prose = "支出293.53万元，其中人员支出197.19万元" + "[bookmark: x" * 1000 + "，公用经费24万元。\n"
    text = "一、部门基本情况\n" + table + prose
    assert 180_000 < len(text.encode("utf-8")) < 260_000
    check("一、情况\n" + prose, select=["FRM"])  # warm up
    started = time.perf_counter()
    findings = check(text, select=["FRM", "PRS001"])
    elapsed = time.perf_counter() - started
    assert at(findings, "PRS") == []
    assert elapsed < 0.5, f"{elapsed:.2f}s"


# -- 6. many list-opening words in one paragraph stay linear (issue 13) -------------------------
@pytest.mark.parametrize("piece", ["合计5万元即", "有3个即甲、乙", "合计5万元其中", "支出3万元，较上年增加1万元、增长50%，",
                                   "甲区1万元，乙区2万元，共计3万元，", "甲区1万元，乙区2万元，丙区4万元，共计9万元，"])
def test_many_list_words_in_one_paragraph_are_fast(piece):
    small = "一、情况\n" + piece * 1000 + "\n"
    large = "一、情况\n" + piece * 4000 + "\n"
    timings = []
    for text in (small, large):
        started = time.perf_counter()
        check(text, select=["FRM", "SCO"])
        timings.append(time.perf_counter() - started)
    assert timings[1] < 12 * timings[0] + 0.5  # 4× the text: about 4× the time, never 16×


# -- 7. forms copied as lines or one cell per line stay linear -----------------------------
@pytest.mark.parametrize("piece", ["全年预算数 |\n", "1 |\n", "其中:甲 1\n", "年度资金总额: |\n30 |\n|\n"])
def test_forms_copied_line_by_line_are_fast(piece):
    small = "一、情况\n总额: 5\n" + piece * 2500
    large = "一、情况\n总额: 5\n" + piece * 10000
    timings = []
    for text in (small, large):
        started = time.perf_counter()
        findings = check(text, select=["FRM", "SCO"])
        timings.append(time.perf_counter() - started)
        assert at(findings, "PRS001") == []
    assert timings[1] < 12 * timings[0] + 0.5  # 4× the text: about 4× the time, never 16×


def test_minutes_are_no_score_and_do_not_cut_the_next_figures_label():
    """15分钟阅读圈: 15分 followed by 钟 is a time, not a score; the money after it keeps its name."""
    text = "2022年下达15分钟阅读圈建设专项资金120万元，其中市级资金80万元、区级资金40万元。"
    block = Paragraph(text=text, span=Span(line=1, column=1, end_line=1, end_column=len(text) + 1))
    found = block_quantities(BlockText(block=block, container=None, view=fold(text), section=()))
    assert [(q.number, q.unit) for q in found] == [("120", "万元"), ("80", "万元"), ("40", "万元")]
    assert "15分钟阅读圈建设专项资金" in found[0].label
    assert [(q.number, q.unit) for q in block_quantities(BlockText(
        block=Paragraph(text="自评得分15分。", span=Span(line=1, column=1, end_line=1, end_column=9)),
        container=None, view="自评得分15分。", section=()))] == [("15", "分")]
