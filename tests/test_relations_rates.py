"""Shapes 4 and 5 of issue 13: rates whose operands stand in the next or previous sentence
(FRM004), and an overall rate of several items (FRM009)."""

from __future__ import annotations

import pytest

from util import check


def run(text: str, rule: str):
    return check("一、部门基本情况\n" + text + "\n", select=[rule])


# -- shape 4: operands in a neighbouring sentence --------------------------------------
@pytest.mark.parametrize("text", [
    "2023年项目全年预算200.00万元。截至年底已完成拨付190.00万元，执行率95.00%。",
    "2023年项目全年预算200万元。已拨付191万元，执行率95.5%。",                # 191/200 = 95.5%
    "截至年底已完成拨付190.00万元，执行率95.00%。全年预算为200.00万元。",     # the budget after it
    # two budgets in the sentence before: ambiguous, nothing is claimed
    "2023年项目全年预算200.00万元，上年全年预算180.00万元。已完成拨付190.00万元，执行率50.00%。",
    # the budget two sentences away is not read
    "2023年项目全年预算200.00万元。项目进展顺利。已完成拨付190.00万元，执行率50.00%。",
    # a budget of another year is not this rate's
    "2022年项目全年预算200.00万元。2023年已完成拨付190.00万元，执行率50.00%。",
])
def test_consistent_or_unclear_neighbours_stay_silent(text):
    assert run(text, "FRM004") == []


def test_rate_against_the_budget_of_the_previous_sentence():
    [finding] = run("2023年项目全年预算200.00万元。截至年底已完成拨付190.00万元，执行率96.00%。", "FRM004")
    assert finding.line == 2 and finding.evidence.stated == "96.00%" and finding.evidence.computed == "95.00%"
    assert "截至年底已完成拨付 190.00" in finding.message and "项目全年预算 200.00" in finding.message



# -- a sentence's own figures and subject come first -----------------------------------
@pytest.mark.parametrize("text", [
    # the project states its own budget as 项目预算资金: the department's budget before is not its base
    "2022年本部门全年预算356.80万元。科技创新项目预算资金12.00万元，已支付11.40万元，预算执行率95%。",
    "2022年本部门全年预算356.80万元，其中基本支出300.00万元，项目支出56.80万元。"
    "科技创新项目预算资金12.00万元，已支付11.40万元，预算执行率95%。",
    "2022年部门全年预算356.80万元。科技创新项目安排预算12.00万元，已拨付11.40万元，执行率95%。",
    # … nor the budget after it
    "科技创新项目预算资金12.00万元，已支付11.40万元，预算执行率95%。部门全年预算356.80万元。",
    # a department's rate: the next sentence's 已支付 is a project's, paired with its own budget …
    "2022年部门全年预算200.00万元，预算执行率95%。农业示范项目预算资金38.00万元，已支付38.00万元，资金拨付率100%。",
    "2022年部门全年预算200.00万元，预算执行率95%。农业示范项目全年预算38.00万元，已支付38.00万元。",
    # … or named as the project's
    "2022年部门全年预算200.00万元，预算执行率95%；农业示范项目已支付38.00万元，资金拨付率100%。",
    # … or the department's own spending is in the sentence, worded 实际支出
    "2022年部门全年预算200.00万元，实际支出190.00万元，预算执行率95%。农业示范项目已支付38.00万元。",
    # a project's rate is not the department's budget of the sentence before
    "2022年部门全年预算356.80万元。科技创新项目已支付11.40万元，执行率95%。",
    # two budgets in one sentence, one in words the definition does not list: which is meant is unsure
    "2022年部门全年预算200.00万元，项目预算资金12.00万元，已支付11.40万元，执行率95%。",
])
def test_a_rate_is_not_computed_from_another_subjects_figures(text):
    assert run(text, "FRM004") == []


@pytest.mark.parametrize("text, computed", [
    # the project's own budget in the definition's words
    ("2022年部门全年预算356.80万元。科技创新项目全年预算12.00万元，已支付11.40万元，预算执行率90%。", "95.00%"),
    # the same subject in both sentences, or none named in the rate's
    ("2022年部门全年预算200.00万元。部门已支付190.00万元，执行率90%。", "95.00%"),
    ("2022年农业示范项目全年预算40.00万元。该项目已支付38.00万元，执行率90%。", "95.00%"),
    ("2022年农业示范项目全年预算40.00万元。农业示范项目已支付38.00万元，执行率90%。", "95.00%"),
    # a 年初预算 beside the rate is a stage of its own, no stand-in for the 全年预算 before
    ("2022年全年预算200.00万元。年初预算180.00万元，已完成拨付190.00万元，执行率105.56%。", "95.00%"),
])
def test_a_rate_against_its_own_subjects_figures_is_still_checked(text, computed):
    [finding] = run(text, "FRM004")
    assert finding.evidence.computed == computed


# -- shape 5: an overall rate of several items -----------------------------------------
ITEMS = "2023年培训项目支出30.00万元，执行率75.00%；宣传项目支出120.00万元，执行率96.00%；两个项目整体执行率{}。"


@pytest.mark.parametrize("text", [
    ITEMS.format("90.91%"),
    ITEMS.format("90.9%"),                                  # honest rounding
    "2023年培训项目预算40.00万元，执行率75.00%；宣传项目预算125.00万元，执行率96.00%；整体执行率90.91%。",
    # one item only: nothing combined
    "2023年培训项目支出30.00万元，执行率75.00%；整体执行率90.00%。",
])
def test_consistent_combined_rates_stay_silent(text):
    assert run(text, "FRM009") == []


def test_overall_rate_that_its_items_do_not_give():
    [finding] = run(ITEMS.format("92.50%"), "FRM009")
    assert finding.line == 2 and finding.evidence.stated == "92.50%" and finding.evidence.computed == "90.91%"
    assert "30.00万元 ÷ 75.00% = 预算40.00万元" in finding.message
    assert "120.00万元 ÷ 96.00% = 预算125.00万元" in finding.message
    assert "合计支出 150.00万元 ÷ 合计预算 165.00万元 = 90.91%" in finding.message


def test_simple_average_is_named():
    [finding] = run("2023年培训项目预算40.00万元，执行率75.00%；宣传项目预算125.00万元，执行率96.00%；"
                    "整体执行率85.50%。", "FRM009")
    assert "简单平均（85.50%）" in finding.message and finding.evidence.computed == "90.91%"


def test_a_rate_of_one_listed_item_is_not_set_against_the_whole_budget():
    assert run("2023年全年预算300.00万元。其中培训项目已完成拨付50.00万元，执行率100.00%。", "FRM004") == []


def test_a_borrowed_operand_the_paragraph_names_twice_is_only_info():
    [finding] = run("2023年项目全年预算200.00万元。已完成拨付190.00万元，执行率96.00%。"
                    "项目进展顺利。配套项目全年预算50.00万元。", "FRM004")
    assert finding.severity == "info" and finding.evidence.computed == "95.00%"
    [finding] = run("2023年项目全年预算200.00万元。已完成拨付190.00万元，执行率96.00%。", "FRM004")
    assert finding.severity == "warning"
    assert [r["line"] for r in finding.evidence.related] == [2, 2]
