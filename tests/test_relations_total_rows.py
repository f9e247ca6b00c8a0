"""A 合计 / 总计 row of a table and the flat run of rows it totals (FRM003, facts.breakdowns `rows`):
read only when the rows are plainly its parts (another column adds up), in each of the shapes a
table reaches reportlint in: a cell per tab-prefixed line (.docx text), a tab-separated row per
line, and a Word table."""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from reportlint.input.source import Source
from reportlint.run.runner import get_manager, parse_with

from util import at, check

HEAD = ["支出类别", "2023年预算数", "2023年决算数", "执行率"]


def cell_lines(rows: list[list[str]]) -> str:
    """The table as the seeds write a Word table: a cell per tab-prefixed line, a blank line after a row."""
    return "\n\n".join("\n".join("\t" + cell for cell in row) for row in [HEAD] + rows) + "\n\n"


def report(table: str) -> str:
    return "某局2023年度部门整体支出绩效自评报告\n一、部门整体支出情况\n表1 支出情况\n" + table


def breakdowns(text: str):
    source = Source(text, "report.txt")
    return [b for b in Facts(parse_with(source, get_manager(), None), source).breakdowns if b.row_label == "合计"]


WRONG = [["人员经费", "100.00", "90.00", "90%"], ["公用经费", "50.00", "45.00", "90%"],
         ["合计", "160.00", "135.00", "84%"]]


def test_the_total_row_is_read_column_by_column_with_its_headings():
    found = breakdowns(report(cell_lines(WRONG)))
    assert [(b.source, b.column, b.total.number, [p.number for p in b.parts], b.part_labels) for b in found] == [
        ("rows", "2023年预算数", "160.00", ["100.00", "50.00"], ["人员经费", "公用经费"]),
        ("rows", "2023年决算数", "135.00", ["90.00", "45.00"], ["人员经费", "公用经费"]),
    ]  # the 执行率 column is not summed


def test_the_wrong_column_is_found_at_the_total_cell():
    text = report(cell_lines(WRONG))
    findings = check(text, select=["FRM003"])
    line = text.split("\n").index("\t160.00") + 1
    assert at(findings) == [("FRM003", line)]
    assert "100.00 + 50.00 = 150.00" in findings[0].message and "相差 10.00" in findings[0].message
    assert findings[0].evidence.computed == "150.00"


def test_a_tab_separated_row_per_line_gives_the_same_finding():
    text = report("\n".join("\t".join(row) for row in [HEAD] + WRONG) + "\n")
    findings = check(text, select=["FRM003"])
    assert at(findings) == [("FRM003", 7)] and "= 150.00" in findings[0].message


def test_a_word_table_gives_the_same_finding(tmp_path):
    from docx_builder import build_docx
    from reportlint.run.config import make_settings
    from reportlint.run.runner import check_path

    out = tmp_path / "total.docx"
    build_docx(report(cell_lines(WRONG)), out)
    findings = check_path(out, make_settings({"select": ["FRM003"]})).findings
    assert [f.rule for f in findings] == ["FRM003"] and "= 150.00" in findings[0].message


def test_a_total_above_its_rows():
    rows = [["合计", "150.00", "138.00", "92%"], ["人员经费", "100.00", "90.00", "90%"],
            ["公用经费", "50.00", "45.00", "90%"]]
    findings = check(report(cell_lines(rows)), select=["FRM003"])
    assert len(findings) == 1 and "90.00 + 45.00 = 135.00" in findings[0].message


@pytest.mark.parametrize("rows", [
    # every column adds up
    [["人员经费", "100.00", "90.00", "90%"], ["公用经费", "50.00", "45.00", "90%"], ["合计", "150.00", "135.00", "90%"]],
    # no column adds up: the rows may not be the total's parts
    [["人员经费", "100.00", "90.00", ""], ["公用经费", "50.00", "45.00", ""], ["合计", "160.00", "140.00", ""]],
    # a parent row over its sub-rows (their indentation lost): counted once they would add up
    [["基本支出", "100.00", "90.00", ""], ["人员经费", "60.00", "50.00", ""], ["公用经费", "40.00", "40.00", ""],
     ["项目支出", "50.00", "45.00", ""], ["合计", "150.00", "135.00", ""]],
    # a 小计 row among the rows
    [["人员经费", "100.00", "90.00", ""], ["公用经费", "50.00", "45.00", ""], ["小计", "150.00", "135.00", ""],
     ["项目支出", "40.00", "40.00", ""], ["合计", "200.00", "175.00", ""]],
    # an empty cell in a part: that column is not compared (the other adds up)
    [["人员经费", "100.00", "", ""], ["公用经费", "50.00", "45.00", ""], ["合计", "150.00", "140.00", ""]],
    # rows on both sides of the total: which it closes is unsure
    [["人员经费", "100.00", "90.00", ""], ["公用经费", "50.00", "45.00", ""], ["合计", "150.00", "140.00", ""],
     ["项目一", "10.00", "9.00", ""], ["项目二", "20.00", "19.00", ""]],
])
def test_silent_where_the_rows_are_not_plainly_the_totals_parts(rows):
    assert check(report(cell_lines(rows)), select=["FRM003", "PRS001"]) == []
