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
