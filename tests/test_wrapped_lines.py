"""Paragraphs a plain-text file wrapped over lines (text copied from a PDF), joined back
(parse.wrapped_lines): what a wrapped sentence states is checked, at the line and column of
the file where it is written, and a file written a paragraph to a line is never joined."""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from reportlint.input.source import Source
from reportlint.parse import wrapped_lines
from reportlint.parse.layout import parse_layout
from reportlint.parse.model import Paragraph
from reportlint.run.runner import get_manager, parse_with

from util import SEED_NAMES, at, check, seed_text

# A report as pdftotext gives it: every paragraph broken where the page's line ended (about
# 26 CJK characters), headings on lines of their own.
WRAPPED = """某县水利局2023年度部门整体支出
绩效自评报告
一、部门基本情况
本局负责全县水利工程建设与管理、水资源保护、防汛抗
旱和农村饮水安全等工作，内设综合股、工程股等科室。
二、部门整体支出情况
2023 年部门收入 1,286.40 万元，其中财政拨款收入
1,136.40 万元，其他收入 160.00 万元。全年支出 1,205.80
万元，较上年增加 45.20 万元，主要用于农村饮水巩固提升。
全年预算数 1,286.40 万元，预算执行率=执行数/预算数×
100%=1,205.80/1,286.40×100%=94.73%。本年度各项工作
均按计划推进，资金拨付及时，未发生违规使用资金的情况。
三、存在问题
部分项目前期工作不够充分，年底集中支付较多，支出进度
前慢后快，个别项目绩效目标设置不够细化。
四、改进措施
加强项目前期论证和资金支付进度管理，细化绩效目标。
"""
# 1,136.40 + 160.00 = 1,296.40 (not 1,286.40); 1,205.80 / 1,286.40 = 93.73% (not 94.73%)


def lines(text: str) -> list[str]:
    return text.split("\n")


def test_a_wrapped_sentence_is_checked_where_it_is_written():
    findings = sorted(check(WRAPPED, select=["FRM001", "FRM002"]), key=lambda f: f.line)
    assert at(findings) == [("FRM001", 11), ("FRM002", 7)]
    total, formula = findings
    assert "1,136.40万元 + 160.00万元 = 1296.40万元" in total.message and total.column == 12
    # the formula is written over lines 10 and 11; the finding points at its figures, on line 11
    assert "93.73%" in formula.message and "1,205.80/1,286.40×100%" in formula.message
    assert lines(WRAPPED)[10][formula.column - 1:formula.end_column - 1] == "1,205.80/1,286.40×100%=94.73%"


def test_the_consistent_report_is_silent():
    fixed = WRAPPED.replace("1,136.40 万元", "1,126.40 万元").replace("=94.73%", "=93.73%")
    assert check(fixed, select=["FRM", "DAT", "SCO", "PRS001"]) == []


def test_the_figures_keep_their_own_line_and_column():
    source = Source(WRAPPED, "report.txt")
    facts = Facts(parse_with(source, get_manager(), None), source)
    by_number = {q.number: (q.line, q.span.column) for q in facts.quantities}
    assert by_number["1,136.40"] == (8, 1) and by_number["160.00"] == (8, 18)
    assert by_number["1,205.80"][0] == 8 and by_number["45.20"] == (9, 10)
    spanning = next(q for q in facts.quantities if q.number == "1,205.80")  # 1,205.80 / 万元 over a break
    assert (spanning.text, spanning.span.line, spanning.span.column, spanning.span.end_line,
            spanning.span.end_column) == ("1,205.80万元", 8, 33, 9, 3)
    for number, (line, column) in by_number.items():  # each figure is where the file writes it
        assert lines(WRAPPED)[line - 1][column - 1:].startswith(number), number


def test_the_joined_paragraphs_and_what_stays_apart():
    paragraphs = [item for item in parse_layout(Source(WRAPPED, "report.txt")) if type(item) is Paragraph]
    texts = [p.text for p in paragraphs if p.kind == "paragraph"]
    assert "本局负责全县水利工程建设与管理、水资源保护、防汛抗旱和农村饮水安全等工作，内设综合股、工程股等科室。" in texts
    joined = next(p for p in paragraphs if p.text.startswith("2023 年部门收入"))
    assert (joined.span.line, joined.span.end_line) == (7, 9) and joined.text.endswith("农村饮水巩固提升。")
    assert joined.breaks == ((len("2023 年部门收入 1,286.40 万元，其中财政拨款收入"), 8, 1),
                             (len("2023 年部门收入 1,286.40 万元，其中财政拨款收入1,136.40 万元，其他收入 160.00 万元。全年支出 1,205.80"), 9, 1))
    # a line that ends its sentence (…提升。) ends its paragraph; the title lines are short
    assert "某县水利局2023年度部门整体支出" in texts and "全年预算数 1,286.40 万元，预算执行率=执行数/预算数×100%=1,205.80/1,286.40×100%=94.73%。本年度各项工作均按计划推进，资金拨付及时，未发生违规使用资金的情况。" in texts


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_a_report_written_a_paragraph_to_a_line_is_never_joined(key):
    items = parse_layout(Source(seed_text(key), "report.txt"))
    assert wrapped_lines.wrap_width(items, Source(seed_text(key), "report.txt")) is None
    assert not any(type(item) is Paragraph and item.breaks for item in items)


def test_lines_that_do_not_run_on_stay_apart():
    text = WRAPPED.replace("1,136.40 万元，其他收入", "  1,136.40 万元，其他收入")  # an indented line opens a paragraph
    paragraphs = [item.text for item in parse_layout(Source(text, "report.txt")) if type(item) is Paragraph]
    assert "2023 年部门收入 1,286.40 万元，其中财政拨款收入" in paragraphs
    digits = WRAPPED.replace("全年支出 1,205.80\n万元", "全年支出 1,205.80\n2万元")  # a digit after a digit
    joined = [item.text for item in parse_layout(Source(digits, "report.txt")) if type(item) is Paragraph]
    assert any(t.endswith("全年支出 1,205.80") for t in joined)


def test_a_docx_renders_its_own_paragraphs():
    source = Source(WRAPPED, "report.docx", origins=["正文"] * len(lines(WRAPPED)))
    assert not any(type(item) is Paragraph and item.breaks for item in parse_layout(source))


def test_a_few_short_open_lines_are_no_wrapping():
    text = "某局2023年度部门整体支出绩效自评报告\n一、部门基本情况\n单位名称\n某县某局\n联系人\n张三\n二、绩效情况\n全年执行率为95%。\n"
    assert wrapped_lines.wrap_width(parse_layout(Source(text, "r.txt")), Source(text, "r.txt")) is None
