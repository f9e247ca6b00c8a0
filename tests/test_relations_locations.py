"""Issue 17 in the relation messages: a message that names another place of the report names
it as a person finds it (context.where): the Word place in a .docx, 第N行 in a .txt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docx_builder import build_docx
from reportlint.run.runner import check_path, get_manager

from util import check

# the same figure stated twice with two values (FRM005), and a balance that its budget and
# spending do not make, with the spending in another paragraph's sentence (FRM008 names it)
REPORT = """某某中心2023年度部门整体支出绩效自评报告
一、部门基本情况
本中心主要承担全市的档案保管工作。
2023年收入预算3000.00万元，较上年有所增加。
二、绩效自评情况
（一）预算执行情况
2023年收入预算为3100.00万元，全部为财政拨款。
三、存在的问题
资料整理进度有待加快。
"""


@pytest.fixture(scope="module")
def docx_findings(tmp_path_factory) -> list:
    out = tmp_path_factory.mktemp("locations") / "报告.docx"
    build_docx(REPORT, out)
    result = check_path(out, manager=get_manager())
    assert result.error is None
    return result.findings


def test_txt_message_names_the_line():
    [finding] = [f for f in check(REPORT, select=["FRM005"])]
    assert finding.line == 7
    assert "此处为 3100.00万元，而第4行为 3000.00万元" in finding.message


def test_docx_message_names_the_word_place_not_a_line(docx_findings):
    [finding] = [f for f in docx_findings if f.rule == "FRM005"]
    assert "3100.00万元" in finding.message and "3000.00万元" in finding.message
    assert "第4行" not in finding.message
    # the earlier statement is named by its section and paragraph, with a quote to search for
    assert "而一、部门基本情况 第2段：“" in finding.message
    assert "2023年收入预算3000.00万元" in finding.message


def test_a_score_message_names_the_table_cell_in_word(tmp_path):
    from test_relations_scores import rows_carry, table_report

    text = table_report(rows_carry()).replace("本单位负责相关工作。", "本单位负责相关工作，自评得分95分。")
    [in_text] = check(text, select=["SCO005"])
    assert "总分栏得分92分（第" in in_text.message and "行）不一致" in in_text.message
    out = tmp_path / "评分.docx"
    build_docx(text, out)
    result = check_path(out, manager=get_manager())
    [finding] = [f for f in result.findings if f.rule == "SCO005"]
    assert "总分栏得分92分（" in finding.message and "表格1" in finding.message
    assert not re.search(r"第\d+行）不一致", finding.message)
