"""Shape 6 of issue 13: identities between stated figures, as data (FRM008, data/identities.toml)."""

from __future__ import annotations

import pytest

from reportlint.parse.profiles import Profile
from reportlint.plugins.formulas.identities import builtin_identities, identities_for
from reportlint.plugins.formulas.rates import DefinitionError
from reportlint.plugins.formulas.identities import parse_identities

from util import check, check_seed, inject, seed_text
from util import check as check_text


def frm008(text: str):
    return check("一、部门基本情况\n" + text + "\n", select=["FRM008"])


@pytest.mark.parametrize("text", [
    "2023年全年预算120.00万元，实际支出110.50万元，结余9.50万元。",
    "2023年全年预算120万元，实际支出110.5万元，结余9.5万元。",
    "2023年基本支出80.5万元，人员支出60.2万元，公用经费20.3万元。",
    "2023年基本支出80.5万元，人员支出60.24万元，公用经费20.31万元。",        # 80.55 meets 80.5 ± 0.05
    "2023年总支出100.00万元，基本支出80.50万元，项目支出19.50万元。",
    # 年初结转结余 is last year's money: not 预算 − 支出
    "2023年全年预算120.00万元，实际支出110.50万元，年初结转结余30.00万元。",
    # two 预算 figures: ambiguous (19.50 = 130.00 − 110.50)
    "2023年全年预算120.00万元，调整后预算130.00万元，实际支出110.50万元，结余19.50万元。",
    # figures of different years
    "2023年全年预算120.00万元，实际支出110.50万元。2022年结余8.50万元。",
])
def test_consistent_or_unclear_identities_stay_silent(text):
    assert frm008(text) == []


def test_balance_that_budget_minus_spending_does_not_give():
    [finding] = frm008("2023年全年预算120.00万元，实际支出110.50万元，结余8.50万元。")
    assert finding.line == 2 and finding.severity == "warning"
    assert finding.evidence.stated == "8.50万元" and finding.evidence.computed == "9.50万元"
    assert "全年预算 120.00万元（第2行）" in finding.message and "实际支出 110.50万元（第2行）" in finding.message
    assert [r["line"] for r in finding.evidence.related] == [2, 2]


def test_balance_above_the_formula_is_only_info():
    [finding] = frm008("2023年全年预算120.00万元，实际支出110.50万元，结余12.50万元。")
    assert finding.severity == "info" and finding.evidence.computed == "9.50万元"


def test_basic_expenditure_parts():
    [finding] = frm008("2023年基本支出80.5万元，人员支出60.2万元，公用经费21.3万元。")
    assert finding.evidence.computed == "81.5万元" and "人员支出 60.2万元" in finding.message


def test_total_below_its_two_parts_is_a_warning_above_only_info():
    [below] = frm008("2023年总支出100.00万元，基本支出80.50万元，项目支出29.50万元。")
    assert below.severity == "warning" and below.evidence.computed == "110.00万元"
    [above] = frm008("2023年总支出100.00万元，基本支出70.50万元，项目支出19.50万元。")
    assert above.severity == "info" and "未列出的项目" in above.message


def test_a_qizhong_list_of_the_same_total_is_left_to_frm002():
    assert frm008("2023年基本支出80.5万元，其中人员支出60.2万元，公用经费21.3万元。") == []


def test_completion_and_balance_rates_across_the_report_at_info():
    text = "（1）支出完成率。预算支出完成率为93.38%。\n（2）结转结余率。财政资金结转结余率，为{}。"
    assert frm008(text.format("6.62%")) == []
    [finding] = frm008(text.format("6.72%"))
    assert finding.severity == "info" and finding.line == 3
    assert finding.evidence.computed == "6.62%" and "预算支出完成率 93.38%（第2行）" in finding.message


@pytest.mark.parametrize("key,line,old,new", [
    ("000", 121, "6.62%", "6.72%"),            # 93.38% + 6.72% ≠ 100%
    ("001", 95, "=3.98%", "=4.98%"),           # the written formula's result, under its label
])
def test_seeds_state_both_rates(key, line, old, new):
    assert check_seed(key, select=["FRM008"]) == []
    found = check_text(inject(seed_text(key), line, old, new), select=["FRM008"])
    assert [(f.rule, f.line, f.severity) for f in found] == [("FRM008", line, "info")]


def test_identities_are_data_a_profile_extends_and_disables():
    names = [i.name for i in builtin_identities()]
    assert names == ["结余", "支出完成率与结转结余率", "基本支出", "支出合计", "支出构成", "净资产"]
    profile = Profile(name="x", title="x", extensions={"formulas": {
        "disable_identities": ["结余"],
        "identities": [{"name": "公用经费", "result": ["公用经费"], "formula": "办公费 + 差旅费",
                        "operands": {"办公费": ["办公费"], "差旅费": ["差旅费"]}}]}})
    assert [i.name for i in identities_for(profile)] == ["支出完成率与结转结余率", "基本支出", "支出合计", "支出构成", "净资产", "公用经费"]
    assert [i.qualified for i in builtin_identities()] == [False, False, False, False, True, False]
    with pytest.raises(DefinitionError):
        parse_identities([{"name": "x", "result": ["a"], "formula": "b", "operands": {"b": ["b"]}, "scope": "page"}])


def test_the_total_word_the_shared_label_drops_is_kept():
    assert frm008("2023年支出合计100.00万元，基本支出80.50万元，项目支出19.50万元。") == []
    [finding] = frm008("2023年支出合计为100.00万元，基本支出80.50万元，项目支出29.50万元。")
    assert "「支出合计」" in finding.message and finding.evidence.computed == "110.00万元"


def test_the_figure_the_report_does_not_repeat_is_named():
    text = ("2023年全年预算120.00万元，实际支出110.50万元，结余8.50万元。\n"
            "二、预算执行情况\n2023年全年预算数120.00万元，实际支出数110.50万元。")
    [finding] = check("一、部门基本情况\n" + text + "\n", select=["FRM008"])
    assert "8.50万元 最可能有误" in finding.message
