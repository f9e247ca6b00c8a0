"""The indicators the prose states with target and actual value, and what the report says of
its targets as a whole (reportlint.facts.indicators)."""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from util import parse

REPORT = """某区民政局2023年度中央转移支付绩效自评报告
一、绩效目标分解下达情况
2023年下达救助补助资金36万元，已按照计划全部完成目标。
二、绩效目标完成情况分析
1、产出数量指标：第一，临时救助人次年初指标值为不低于240人次，全年实际完成值205人次。
第二，项目总成本年度指标值为不超过36万元，实际完成值35.8万元。
（3）救助对象认定准确率目标值≥98%，实际完成值99%。
培训人数年度指标值为不低于200人，实际完成值180人次。
三、偏离绩效目标的原因和下一步改进措施
无。
"""


def test_each_statement_gives_its_indicator_target_actual_and_comparison():
    found = Facts(parse(REPORT)).get("indicator_statements")
    assert [(s.line, s.label, s.target_text, s.actual.shown, s.comparison, s.short) for s in found] == [
        (5, "临时救助人次", "不低于240人次", "205人次", "at_least", True),
        (6, "项目总成本", "不超过36万元", "35.8万元", "at_most", False),
        (7, "救助对象认定准确率", "≥98%", "99%", "at_least", False),
    ]  # (人 against 人次: two units, not read)
    first = found[0]
    assert (first.span.line, first.span.column) == (5, 13)  # from the indicator's name
    row = first.row()
    assert (row["kind"], row["value"], row["unit"], row["qualifier"]) == ("indicator", "205", "人次", "不低于240人次")


def test_what_the_report_says_of_its_targets():
    claims = Facts(parse(REPORT)).get("target_claims")
    assert [(c.how, c.line, c.text) for c in claims] == [("all_met", 3, "全部完成目标"), ("no_deviation", 10, "无。")]


@pytest.mark.parametrize("sentence,claimed", [
    ("对照年度绩效目标，各项指标均已完成。", True),
    ("全面完成年度绩效目标。", True),
    ("该资金项目已按照计划完成目标，达到预期效果。", True),
    ("各项绩效目标基本完成。", False),
    ("除培训人数外，其余指标均已完成目标。", False),
    ("项目已全部完工。", False),  # a project finished is no claim about its targets
])
def test_an_all_met_sentence_is_one_that_says_every_target_was_met(sentence, claimed):
    claims = Facts(parse("某镇2022年度项目支出绩效自评报告\n一、项目基本情况\n" + sentence + "\n")).get("target_claims")
    assert bool([c for c in claims if c.how == "all_met"]) is claimed


@pytest.mark.parametrize("answer,how", [
    ("无。", "no_deviation"), ("本项目未偏离绩效目标。", "no_deviation"), ("无偏离。", "no_deviation"),
    ("培训人数未达标，原因是部分学员调离。", "deviation_stated"),
])
def test_the_deviation_section_says_none_or_states_a_deviation(answer, how):
    text = "某镇2022年度项目绩效自评报告\n一、绩效目标完成情况分析\n资金执行率100%。\n三、偏离绩效目标的原因和下一步改进措施\n" + answer + "\n"
    claims = Facts(parse(text)).get("target_claims")
    assert [(c.how, c.line) for c in claims] == [(how, 5)]
