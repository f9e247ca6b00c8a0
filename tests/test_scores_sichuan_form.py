"""Sichuan's 部门预算项目支出绩效自评表: its budget block (总额 | 年初预算 | 调整后预算数 | 预算执行数 |
预算执行率 | 权重 | 得分) is the scoring table's budget-execution row, in each shape the form
reaches reportlint in: a Word table (the 预算执行情况（10分） cell merged down the block), a
tab-separated copy whose rows keep that cell empty, one whose rows lack it, and one whose rows
lack their empty last cells. The rate is checked against the table's own amounts (SCO007), and a
plain budget table in the same words stays FRM004's, row by row."""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from reportlint.input.source import Source
from reportlint.run.runner import get_manager, parse_with

from util import at, check

TITLE = "部门预算项目支出绩效自评表（2023年度）\n项目名称\t某县农机购置补贴项目\n"
HEAD = ["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"]
BUDGET = ["总额", "40.00", "52.00", "48.00", "100.00%", "10", "10"]  # 48/52 = 92.31%, not 100%
PART = ["其中：财政资金", "40.00", "52.00", "48.00", "100.00%", "/", "/"]


def execution(text: str):
    source = Source(text, "report.txt")
    tables = Facts(parse_with(source, get_manager(), None), source).score_tables
    rows = [table.execution for table in tables if table.execution is not None]
    assert len(rows) == 1, rows
    return rows[0]


def tab_rows(rows: list[list[str]]) -> str:
    return TITLE + "\n".join("\t".join(row) for row in [HEAD] + rows) + "\n"


SHAPES = {
    "rows keep the spanning cell empty": [["", *BUDGET, ""], ["", *PART, ""]],
    "rows lack the spanning cell": [BUDGET, PART],
    "rows lack their empty last cells": [["", *BUDGET], ["", *PART]],
}


@pytest.mark.parametrize("rows", SHAPES.values(), ids=SHAPES.keys())
def test_the_budget_block_is_read_in_each_copied_shape(rows):
    row = execution(tab_rows(rows))
    assert (row.label, row.initial.number, row.budget.number, row.executed.number, row.rate.number,
            row.weight.number, row.score.number) == ("总额", "40.00", "52.00", "48.00", "100.00", "10", "10")
    assert row.names == {"initial": "年初预算", "budget": "调整后预算数", "executed": "预算执行数", "rate": "预算执行率"}


@pytest.mark.parametrize("rows", SHAPES.values(), ids=SHAPES.keys())
def test_a_rate_its_amounts_do_not_give_is_found_in_the_forms_words(rows):
    findings = check(tab_rows(rows), select=["SCO007", "SCO008", "FRM004"])
    assert at(findings) == [("SCO007", 4)]
    assert findings[0].message == "执行率100.00%与预算执行数/调整后预算数不符：48.00/52.00×100%=92.31%"
    assert findings[0].evidence.computed == "92.31%"


def test_a_word_table_gives_the_same_finding(tmp_path):
    from docx_builder import build_docx
    from reportlint.run.config import make_settings
    from reportlint.run.runner import check_path

    cells = [HEAD, ["", *BUDGET, "预算执行率=预算执行数/调整后预算数"], ["", *PART, ""]]
    text = TITLE + "\n\n".join("\n".join("\t" + cell for cell in row) for row in cells) + "\n\n"
    out = tmp_path / "自评表.docx"
    build_docx(text, out)
    findings = check_path(out, make_settings({"select": ["SCO007", "SCO008", "FRM004"]})).findings
    assert [f.rule for f in findings] == ["SCO007"]
    assert "48.00/52.00×100%=92.31%" in findings[0].message
    assert findings[0].location.startswith("表格1 第2行第6列：“100.00%”")


def test_a_score_right_for_the_amounts_under_a_wrong_rate_is_one_mistake_not_two():
    rows = [["", "总额", "40.00", "52.00", "48.00", "100.00%", "10", "9.23", ""]]
    findings = check(tab_rows(rows), select=["SCO007", "SCO008"])
    assert at(findings) == [("SCO007", 4)]  # the score 9.23 is what 92.31% earns: SCO008 is silent


def test_the_consistent_form_is_silent():
    rows = [["", "总额", "40.00", "52.00", "48.00", "92.31%", "10", "9.23", ""], ["", *PART[:4], "92.31%", "/", "/", ""]]
    assert check(tab_rows(rows), select=["SCO", "FRM", "DAT", "PRS001"]) == []


def test_a_row_of_figures_without_a_label_is_not_the_budget_row():
    """Neither way of lining a short row up puts a label left of the amounts: nothing is read."""
    rows = [["40.00", "52.00", "48.00", "100.00%", "10", "10"]]
    source = Source(tab_rows(rows), "report.txt")
    tables = Facts(parse_with(source, get_manager(), None), source).score_tables
    assert all(table.execution is None for table in tables)
    assert at(check(tab_rows(rows), select=["SCO007"])) == []


def test_a_plain_budget_table_in_the_same_words_is_checked_row_by_row():
    text = ("某县2023年度项目支出情况\n项目名称\t调整后预算数（万元）\t预算执行数（万元）\t预算执行率\n"
            "甲项目\t100.00\t90.00\t90.00%\n乙项目\t50.00\t40.00\t90.00%\n")
    findings = check(text, select=["SCO007", "FRM004"])
    assert at(findings) == [("FRM004", 4)]
    assert "预算执行数 40.00，调整后预算数 50.00 计算应为 80.00%" in findings[0].message


HUNAN_ROWS = "某县2023年度项目支出情况\n项目名称\t全年预算数\t全年执行数\t执行率\n"


def test_a_table_of_hunan_budget_rows_has_its_later_rows_checked_by_frm004():
    """全年预算数 | 全年执行数 | 执行率 with no 分值 or 得分, a row per project: the first row is
    the scores plugin's budget row (SCO007), every other row FRM004's."""
    text = HUNAN_ROWS + "甲项目\t100.00\t90.00\t90.00%\n乙项目\t50.00\t40.00\t90.00%\n"
    findings = check(text, select=["SCO007", "FRM004"])
    assert at(findings) == [("FRM004", 4)]
    assert "全年执行数 40.00，全年预算数 50.00 计算应为 80.00%" in findings[0].message


def test_the_first_hunan_budget_row_is_reported_once():
    text = HUNAN_ROWS + "甲项目\t100.00\t80.00\t90.00%\n乙项目\t50.00\t45.00\t90.00%\n"
    assert at(check(text, select=["SCO007", "FRM004"])) == [("SCO007", 3)]
    consistent = HUNAN_ROWS + "甲项目\t100.00\t90.00\t90.00%\n乙项目\t50.00\t45.00\t90.00%\n"
    assert check(consistent, select=["SCO", "FRM", "PRS001"]) == []
