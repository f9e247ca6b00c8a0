"""Issue 13, the 控制率 of a 专项 (FRM004, plugins/formulas/control.py): `三公经费预算20万元，
实际支出15万元，控制率75%` is 实际 / 预算; a rate that the saving-rate readings give, or whose
sentence compares with another year, is left alone (regions define 控制率 differently)."""

from __future__ import annotations

import pytest

from util import check, check_seed


def frm004(text: str):
    return check("一、部门基本情况\n" + text + "\n", select=["FRM004"])


@pytest.mark.parametrize("text", [
    "2023年三公经费预算20万元，实际支出15万元，控制率75%。",
    "2023年“三公”经费预算数为20.00万元，决算数为15.00万元，“三公”经费控制率为75.00%。",
    "2023年会议费预算3.00万元，实际支出2.50万元，会议费控制率83.33%。",
    "2023年培训费预算8.00万元，实际支出6.00万元，控制率75%。",
    # honest rounding: 2.5 / 3 is anywhere in [70%, 102%] when 3 has no decimals
    "2023年会议费预算3万元，实际支出2.5万元，会议费控制率85%。",
    "2023年专项支出预算120.00万元，实际支出96.00万元，专项支出控制率80.00%。",
    "2023年财政拨款收入362.79万元，支出362.79万元，控制率为100%。",   # spending over 收入
    # the saving rate (预算 − 实际) / 预算 and its signed form: other regions' definitions
    "2023年三公经费预算20万元，实际支出15万元，控制率25%。",
    "2023年三公经费预算20万元，实际支出15万元，控制率-25%。",
    # 控制率100% of spending within its budget: the control target met, another reading
    "2023年三公经费预算20万元，实际支出15万元，未超预算，三公经费控制率100%。",
    # a comparison with last year: the rate may be a change rate
    "2023年三公经费预算20万元，实际支出15万元，较上年减少3万元，控制率60%。",
    # the rate names another subject than its figures
    "2023年公用经费预算30万元，实际支出28万元，三公经费控制率50%。",
    # two subjects: which pair is meant is unsure
    "2023年公用经费预算30万元，三公经费支出28万元，控制率50%。",
    # 在职人员控制率 is a head count ([[definition]] 在职人员控制率), not money
    "2023年人员经费预算30万元，实际支出28万元，在职人员控制率90%。",
])
def test_consistent_or_ambiguous_control_rates_stay_silent(text):
    assert frm004(text) == []


def test_a_control_rate_no_reading_gives_is_found_with_its_numbers():
    [finding] = frm004("本单位严格控制三公经费。\n2023年三公经费预算20万元，实际支出15万元，控制率70%。")
    assert finding.line == 3 and finding.severity == "warning"
    assert finding.evidence.stated == "70%" and finding.evidence.computed == "75.00%"
    assert "以 实际支出 15万元、三公经费预算 20万元 计算应为 75.00%" in finding.message
    assert "按 (预算 − 实际) / 预算 为 25.00%" in finding.message


@pytest.mark.parametrize("text,computed", [
    ("2023年会议费预算3.00万元，实际支出2.50万元，会议费控制率85.33%。", "83.33%"),
    ("2023年专项支出预算120.00万元，实际支出96.00万元，专项支出控制率85.00%。", "80.00%"),
    ("2023年财政拨款收入362.79万元，支出362.79万元，控制率为98%。", "100.00%"),
])
def test_special_purpose_forms_are_found(text, computed):
    [finding] = frm004(text)
    assert finding.evidence.computed == computed and finding.line == 2


def test_a_rate_its_definition_reads_is_reported_once():
    # 三公经费决算数 / 三公经费预算数 is the [[definition]] 三公经费控制率: one finding, not two
    [finding] = frm004("2023年三公经费预算数20.00万元，三公经费决算数15.00万元，三公经费控制率70.00%。")
    assert "三公经费决算数 15.00" in finding.message


def test_seed_control_rates_stay_silent():
    # seed 000 line 44: 控制率为100% after 财政拨款收入 / 支出, and after 专项收入 / 完成支出
    assert check_seed("000", select=["FRM004"]) == []


def test_a_full_control_rate_of_spending_over_its_budget_is_found():
    [finding] = frm004("2023年三公经费预算20万元，实际支出25万元，三公经费控制率100%。")
    assert finding.line == 2 and "「三公经费控制率」为 100%" in finding.message and "计算应为 125.00%" in finding.message
