"""Shape 7 of issue 13: the same figure in the prose and in a table row (FRM011), and a named
figure stated with two values in two sections (FRM005)."""

from __future__ import annotations

import pytest

from util import check, check_seed, inject, seed_text
from util import check as check_text


@pytest.mark.parametrize("old,new", [
    ("公用经费24万元", "公用经费24.00万元"),      # the same value, another precision
    ("公用经费24万元", "公用经费23.46万元"),      # the 决算数 of the year: the prose may mean either
])
def test_seed_004_prose_that_matches_a_column_of_its_row_is_silent(old, new):
    assert check_text(inject(seed_text("004"), 18, old, new), select=["FRM011"]) == []


def test_seed_004_public_funds_in_the_text_and_the_table():
    assert check_seed("004", select=["FRM011"]) == []
    [finding] = check_text(inject(seed_text("004"), 18, "公用经费24万元", "公用经费26万元"), select=["FRM011"])
    assert finding.line == 18 and finding.evidence.stated == "26万元"
    assert "2023年预算数 24.00（第140行）" in finding.message and "2023年决算数 23.46（第141行）" in finding.message
    assert finding.evidence.figures == ["24.00", "23.46"]


def test_a_row_of_another_year_only_is_not_compared():
    text = inject(seed_text("004"), 18, "2023年年初预算293.53万元", "2021年年初预算293.53万元")
    text = inject(text, 18, "公用经费24万元", "公用经费26万元")
    assert check_text(text, select=["FRM011"]) == []


TWO_SECTIONS = """一、部门基本情况
2023年收到中央级资金转移支付85.60万元，用于农村公路养护。
二、项目支出情况
（一）专项资金
2023年中央级资金转移支付{}万元，已全部拨付。
"""


def test_named_figure_in_two_sections():
    assert check(TWO_SECTIONS.format("85.60"), select=["FRM005"]) == []
    [finding] = check(TWO_SECTIONS.format("58.60"), select=["FRM005"])
    assert finding.line == 5 and "58.60万元" in finding.message and "第2行为 85.60万元" in finding.message


def test_generic_labels_stay_per_section():
    text = """一、部门基本情况
（一）基本支出
2023年基本支出年初预算100万元。
（二）项目支出
2023年项目支出年初预算50万元。
"""
    assert check(text, select=["FRM005"]) == []
