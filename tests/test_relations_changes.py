"""Shape 3 of issue 13: a change stated as a difference and a rate (FRM007), the wrong base named."""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from reportlint.input.source import Source
from reportlint.run.runner import get_manager, parse_with

from util import check, check_seed, inject, seed_text
from util import check as check_text


def frm007(text: str):
    return check("一、部门基本情况\n" + text + "\n", select=["FRM007"])


@pytest.mark.parametrize("text", [
    "2023年部门支出300.48万元，较上年增加12.50万元、增长4.34%。",
    "2023年收入200.00万元，较上年减少20.00万元，下降9.09%。",
    "全年发文376件，比去年同期减少32件、下降7.84%。",
    "2023年收入200万元，同比增加20万元，增长11.1%。",          # 20/180 = 11.11%: honest rounding
    "2023年收入200万元，同比增加20万元，增长11%。",            # 11% stands for [10.5%, 11.5%]
    "2023年部门支出300.48万元，较上年增加12.50万元。",          # no rate: nothing to recompute
    "两项支出分别增长3%、5%。",                                 # 分别 lists are not read
])
def test_consistent_changes_stay_silent(text):
    assert frm007(text) == []


def test_rate_on_the_wrong_base_is_named():
    [finding] = frm007("2023年部门支出300.48万元，较上年增加12.50万元、增长4.16%。")
    assert finding.line == 2 and finding.evidence.stated == "4.16%" and finding.evidence.computed == "4.34%"
    assert "300.48万元 − 12.50万元 = 287.98万元" in finding.message
    assert "12.50 / 287.98 = 4.34%" in finding.message
    assert "12.50 / 300.48（以本年数 300.48万元 为基数）" in finding.message
    assert finding.evidence.model_extra["likely_wrong"] == "current"


def test_decrease_on_the_wrong_base():
    [finding] = frm007("2023年收入200.00万元，较上年减少20.00万元，下降10.00%。")
    assert "200.00万元 + 20.00万元 = 220.00万元" in finding.message and "= 9.09%" in finding.message
    assert "以本年数 200.00万元 为基数" in finding.message


def test_plain_mistake_without_a_known_cause():
    [finding] = frm007("全年发文376件，比去年同期减少32件、下降9.5%。")
    assert "7.84%" in finding.message and "基数" not in finding.message.split("。")[1]
    assert finding.evidence.model_extra["likely_wrong"] == "unknown"


def test_the_change_fact_links_the_rate_to_its_difference():
    source = Source("一、情况\n2023年部门支出300.48万元，较上年增加12.50万元、增长4.34%。\n", "r.txt")
    difference, rate = Facts(parse_with(source, get_manager(), None), source).changes
    assert rate.continues is difference and difference.continues is None
    right, wrong = rate.implied_rate()
    assert right.low < rate.amount.interval.high and wrong.high < rate.amount.interval.low


def test_seed_004_line_25_is_read_and_silent():
    # 较上年预算数减少16.08万元，下降31.79%: no current figure in its sentence, so nothing is claimed
    assert check_seed("004", select=["FRM007"]) == []


def test_seed_004_with_a_current_figure_added():
    text = inject(seed_text("004"), 25, "2023年“三公”经费预算数较上年预算数减少16.08万元",
                  "2023年“三公”经费预算数34.50万元，较上年预算数减少16.08万元")
    assert [f for f in check_text(text, select=["FRM007"])] == []     # 16.08 / 50.58 = 31.79%
    text = inject(text, 25, "下降31.79%", "下降46.61%")                  # 16.08 / 34.50: wrong base
    [finding] = check_text(text, select=["FRM007"])
    assert finding.line == 25 and "31.79%" in finding.message and "以本年数 34.50万元 为基数" in finding.message


def test_a_change_that_fits_the_total_before_its_part_is_silent():
    text = "2023年收入总计1000.00万元，其中本年收入900.00万元，较上年增加100.00万元，增长{}。"
    assert frm007(text.format("11.11%")) == []      # 100 / 900: the total's change
    assert frm007(text.format("12.50%")) == []      # 100 / 800: the part's change
    [finding] = frm007(text.format("15.00%"))
    assert "12.50%" in finding.message


def test_yu_shangnian_xiangbi():
    assert frm007("2023年收入合计220.00万元，与上年相比增加20.00万元，增长10.00%。") == []
    [finding] = frm007("2023年收入合计220.00万元，与上年相比增加20.00万元，增长9.09%。")
    assert "220.00万元 − 20.00万元 = 200.00万元" in finding.message and "以本年数 220.00万元 为基数" in finding.message
