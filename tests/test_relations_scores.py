"""Shape 8 of issue 13: an indicator short of its target with full marks (SCO009), and weights
that do not add to the total (SCO003), on the seed 004 自评表."""

from __future__ import annotations

import pytest

from util import check, check_seed, inject, seed_text

TARGET, ACTUAL = 271, 272          # 重点工作完成数: 指标值 3次, 实际完成值 3次, 分值 20, 得分 20
SAT_TARGET, SAT_ACTUAL = 356, 357  # 社会公众满意度: 95%, 95%, 10, 10


def sco(text: str, rule: str = "SCO009"):
    return check(text, select=[rule])


def test_seed_tables_are_silent():
    for key in ("000", "001", "002", "004"):
        assert check_seed(key, select=["SCO009"]) == []


def test_count_short_of_its_target_with_full_marks():
    [finding] = sco(inject(seed_text("004"), ACTUAL, "3次", "2次"))
    assert finding.line == 274 and finding.evidence.stated == "20" and finding.evidence.computed == "13.33"
    assert "实际完成值2次未达到指标值3次" in finding.message and "20×2/3" in finding.message
    assert finding.evidence.figures == ["3次", "2次", "20", "20"]


def test_short_with_a_reduced_score_is_silent():
    text = inject(seed_text("004"), ACTUAL, "3次", "2次")
    text = inject(text, 274, "20", "13")
    assert sco(text) == []


@pytest.mark.parametrize("target,actual", [
    ("≥3次", "4次"),       # above a floor
    ("95%", "94.6%"),     # within the rounding of 95%
    ("≥90%", "95%"),
])
def test_met_targets_stay_silent(target, actual):
    text = inject(seed_text("004"), SAT_TARGET, "95%", target)
    text = inject(text, SAT_ACTUAL, "95%", actual)
    assert sco(text) == []


def test_ceiling_exceeded_with_full_marks():
    text = inject(seed_text("004"), SAT_TARGET, "95%", "≤5%")
    text = inject(text, SAT_ACTUAL, "95%", "8%")
    [finding] = sco(text)
    assert finding.line == 359 and "8%超过指标值≤5%" in finding.message and finding.evidence.computed == "6.25"


def test_units_that_differ_are_not_compared():
    text = inject(seed_text("004"), ACTUAL, "3次", "2项")
    assert sco(text) == []


def test_group_weights_that_overrun_the_total():
    # 产出 50 + 效益 40 + 满意度 10 + 执行率 10 = 110 against 总分 100, rows agreeing with their groups
    text = inject(seed_text("004"), 312, "30", "40")
    text = inject(text, 317, "10", "20")
    [finding] = check(text, select=["SCO002", "SCO003"])
    assert (finding.rule, finding.line) == ("SCO003", 363)
    assert "各项分值之和为110分" in finding.message and "总分栏分值100分" in finding.message


# -- weights carried by the groups only (issue 13, shape 4) ------------------------------
HEAD = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"]


def table_report(rows: list[list[str]]) -> str:
    """A report whose 附件1-2 is a scoring table of `rows` (layout text: a tab before each cell)."""
    lines = []
    for row in rows:
        lines += ["\t" + cell for cell in row] + [""]
    return ("某单位2023年度部门整体支出绩效自评报告\n一、部门基本情况\n本单位负责相关工作。\n"
            "附件1-2\n部门整体支出绩效自评表\n" + "\n".join(lines) + "\n")


def headings_carry(execution: str = "10", benefit: str = "30", benefit_score: str = "25") -> list[list[str]]:
    """Group weights in the 一级指标 cells, rows with an empty 分值."""
    return [HEAD,
            ["预算执行率", "", "", "", "", execution, "10"],
            ["产出指标（50分）", "数量指标", "重点工作完成数", "3次", "3次", "", "20"],
            ["", "质量指标", "达标完成率", "100%", "100%", "", "20"],
            ["", "时效指标", "及时完成率", "100%", "100%", "", "8"],
            [f"效益指标（{benefit}分）", "社会效益指标", "发挥桥梁作用", "明显", "明显", "", benefit_score],
            ["满意度指标（10分）", "服务对象满意度", "群众满意度", "95%", "95%", "", "9"],
            ["总分", "100", "92"]]


def rows_carry(output_weights: tuple[str, str, str] = ("", "", ""), output: str = "50",
               output_score: str = "48") -> list[list[str]]:
    """Each group on a row of its own with its 分值 and a subtotal 得分; rows below it."""
    a, b, c = output_weights
    return [HEAD,
            ["预算执行率", "", "", "", "", "10", "10"],
            ["产出指标", "", "", "", "", output, output_score],
            ["", "数量指标", "重点工作完成数", "3次", "3次", a, "20"],
            ["", "质量指标", "达标完成率", "100%", "100%", b, "20"],
            ["", "时效指标", "及时完成率", "100%", "100%", c, "8"],
            ["效益指标", "", "", "", "", "30", "25"],
            ["", "社会效益指标", "发挥桥梁作用", "明显", "明显", "" if not a else "30", "25"],
            ["满意度指标", "", "", "", "", "10", "9"],
            ["", "服务对象满意度", "群众满意度", "95%", "95%", "" if not a else "10", "9"],
            ["总分", "100", "92"]]


SCO = ["SCO001", "SCO002", "SCO003", "SCO004"]


@pytest.mark.parametrize("rows", [
    headings_carry(),
    rows_carry(),
    # rows carry weights and the group rows subtotals: counted once, not twice
    rows_carry(("20", "20", "10")),
])
def test_consistent_group_weights_stay_silent(rows):
    assert check(table_report(rows), select=SCO) == []


def test_group_weights_that_overrun_the_total_are_found():
    # 执行率 10 + 产出 50 + 效益 40 + 满意度 10 = 110 against 总分 100
    [finding] = check(table_report(headings_carry(benefit="40")), select=SCO)
    assert (finding.rule, finding.line) == ("SCO003", 63)  # the 总分 row's 分值
    assert "各项分值之和为110分，与总分栏分值100分不一致" in finding.message
    assert "10（预算执行率）+50（产出指标）+40（效益指标）+10（满意度指标）=110" in finding.message


def test_group_rows_that_overrun_the_total_are_found():
    [finding] = check(table_report(rows_carry(output="60", output_score="48")), select=SCO)
    assert finding.rule == "SCO003" and "10（预算执行率）+60（产出指标）+30（效益指标）+10（满意度指标）=110" in finding.message


def test_row_scores_above_their_group_weight_are_found():
    # 效益指标（30分） over one row scored 35: the table total also disagrees (SCO004)
    findings = check(table_report(headings_carry(benefit_score="35")), select=SCO)
    [over] = [f for f in findings if f.rule == "SCO001"]
    assert over.line == 46 and over.evidence.stated == "30" and over.evidence.computed == "35"
    assert "效益指标分值为30分，但其下“发挥桥梁作用”得分35分，超过分值" in over.message
    rows = headings_carry()
    rows[4][6] = "15"  # 20 + 20 + 15 = 55 under 产出指标（50分）
    [over] = [f for f in check(table_report(rows), select=["SCO001"])]
    assert "产出指标分值为50分，但其下各项得分之和为55分" in over.message and "20（重点工作完成数）+20（达标完成率）+15（及时完成率）=55" in over.message


def test_a_group_subtotal_above_its_weight_is_found():
    [finding] = check(table_report(rows_carry(output_score="52")), select=["SCO001"])
    assert "“产出指标”得分52分，超过其分值50分" in finding.message


def test_row_weights_that_miss_their_group_row_are_found_and_the_group_is_not_added_again():
    group, total = check(table_report(rows_carry(("20", "20", "15"))), select=SCO)
    assert group.rule == "SCO002" and "产出指标标注50分，但其下各项分值之和为55分" in group.message
    # the total adds the rows (105), not the rows and their group rows (105 + 90)
    assert total.rule == "SCO003" and "各项分值之和为105分" in total.message and "（产出指标）" not in total.message


# -- a two-level project form (一级指标 | 二级指标 | 分值 | 得分), weights on the group rows ------
def project_form(output_weight: str = "50", total_score: str = "96") -> str:
    rows = [["一级指标", "二级指标", "分值", "得分"],
            ["产出指标", "", output_weight, "48"],
            ["", "数量指标", "", "25"],
            ["", "质量指标", "", "23"],
            ["效益指标", "", "30", "29"],
            ["", "社会效益", "", "29"],
            ["满意度指标", "", "10", "9"],
            ["预算执行率", "", "10", "10"],
            ["总分", "", "100", total_score]]
    lines = []
    for row in rows:
        lines += ["\t" + cell for cell in row] + [""]
    return "某项目2023年度项目支出绩效自评表\n\n" + "\n".join(lines) + "\n"


def test_a_consistent_two_level_form_is_silent():
    assert check(project_form(), select=SCO) == []


def test_two_level_form_weights_that_overrun_the_total_are_found():
    text = project_form(output_weight="60")
    [finding] = check(text, select=SCO)
    assert finding.rule == "SCO003" and finding.line == text.split("\n").index("\t100") + 1  # the 总分 row's 分值
    assert "60（产出指标）+30（效益指标）+10（满意度指标）+10（预算执行率）=110" in finding.message


def test_two_level_form_total_score_against_its_rows():
    text = project_form(total_score="95")
    [finding] = check(text, select=SCO)
    assert finding.rule == "SCO004" and finding.line == text.split("\n").index("\t95") + 1  # the 总分 row's 得分
    assert "总分栏得分95分，但各项得分之和为96分" in finding.message
    assert "25（数量指标）+23（质量指标）+29（社会效益）+9（满意度指标）+10（预算执行率）=96" in finding.message
