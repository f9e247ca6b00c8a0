"""Tables of a plain-text report written a row to a line, cells separated by tabs
(Word's 另存为纯文本, Excel's tab-delimited text, a table copied into a text editor).

The strongest check: each seed rewritten in that form gives the very findings the seed gives,
each pointing at the same words of its own file. Then the shapes one at a time, both ways.
"""

from __future__ import annotations

import pytest

from reportlint.input.source import Source
from reportlint.parse.layout import parse_layout
from reportlint.parse.model import Paragraph, Row

from util import SEED_NAMES, check, seed_text


def as_plain_text_export(layout: str) -> str:
    """A layout-form report (a cell per tab-prefixed line, an empty line after each row) as
    Word writes it to plain text: a row per line, its cells joined by tabs. A cell's wrapped
    lines are joined; its leading spaces (indented sub-items) are kept."""
    out: list[str] = []
    row: list[str] = []
    cell = None
    for line in layout.split("\n"):
        if line.lstrip(" ").startswith("\t"):
            if cell is not None:
                row.append(cell)
            cell = line.lstrip(" ")[1:].rstrip()
        elif cell is not None:
            if line.strip():
                cell += line.strip()
                continue
            out.append("\t".join(row + [cell]))
            row, cell = [], None
        else:
            out.append(line)
    if cell is not None:
        out.append("\t".join(row + [cell]))
    return "\n".join(out)


def _pointed_at(text: str, finding) -> str:
    """The words of `text` a finding points at (its first line from its column on)."""
    line = text.split("\n")[finding.line - 1]
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    return line[finding.column - 1:end].strip()


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_a_seed_saved_as_plain_text_gives_its_findings_at_the_same_words(key):
    layout = seed_text(key)
    exported = as_plain_text_export(layout)
    assert exported != layout or "\t" not in layout
    before = check(layout, path=SEED_NAMES[key])
    after = check(exported, path=SEED_NAMES[key])
    assert [(f.rule, f.message) for f in after] == [(f.rule, f.message) for f in before]
    assert [_pointed_at(exported, f) for f in after] == [_pointed_at(layout, f) for f in before]


def test_the_table_findings_of_seed_004_are_found_in_its_plain_text_export():
    exported = as_plain_text_export(seed_text("004"))
    found = {(f.rule, f.line, f.column) for f in check(exported) if f.rule in ("FRM003", "SCO007")}
    # 项目支出： 83.19 72.34 … (line 77: the 2023 budget, 13th character), the execution rate
    # of the scoring table (line 99) and 按支出性质分 (line 100)
    assert {("FRM003", 77, 13), ("FRM003", 100, 42)} <= found
    assert any(rule == "SCO007" and line == 99 for rule, line, _ in found)


def rows(text: str, path: str = "report.txt", origins=None) -> list:
    return [item for item in parse_layout(Source(text, path, origins=origins))]


def cells(item) -> list[tuple[str, int]]:
    return [(cell.text, cell.span.column) for cell in item.cells]


def test_tab_separated_lines_are_rows_with_each_cell_where_it_is_written():
    items = rows("二、支出情况\n项目\t预算数\t执行数\n基本支出\t120.50\t118.20\n  项目支出\t\t30.00\t\n正文。\n")
    assert [type(item).__name__ for item in items] == ["HeadingLine", "Row", "Row", "Row", "Paragraph"]
    assert cells(items[1]) == [("项目", 1), ("预算数", 4), ("执行数", 8)]
    assert cells(items[2]) == [("基本支出", 1), ("120.50", 6), ("118.20", 13)]
    # an empty cell is nothing between two tabs, a trailing tab closes an empty last cell
    assert cells(items[3]) == [("项目支出", 3), ("", 8), ("30.00", 9), ("", 15)]
    assert items[3].span.line == 4


def test_a_row_whose_first_cell_is_empty_does_not_swallow_the_rows_after_it():
    """A line that starts with a tab is a layout-form row to the grammar, and the lines after
    it its cell's wrapped text: in a plain-text export each of them is a row."""
    items = rows("人员情况\t编制数\t实有人数\n\t19\t17\n经费\t2022年\t2023年\n三公经费\t5.20\t4.80\n")
    assert all(type(item) is Row for item in items)
    assert [cells(item)[1][0] for item in items] == ["编制数", "19", "2022年", "5.20"]
    assert cells(items[1]) == [("", 1), ("19", 2), ("17", 5)]


def test_a_short_line_without_a_tab_between_two_rows_is_a_merged_row():
    items = rows("指标\t分值\t得分\n产出指标\n数量指标\t20\t18\n")
    assert [cells(item) for item in items] == [[("指标", 1), ("分值", 4), ("得分", 7)], [("产出指标", 1)],
                                               [("数量指标", 1), ("20", 6), ("18", 9)]]


@pytest.mark.parametrize("text", [
    # one line with a tab: a signature or an aligned date, not a table
    "本单位对报告真实性负责。\n单位负责人：\t\t2023年5月8日\n",
    "一、基本情况\n本局内设科室4个\t编制12人。\n二、存在问题\n无。\n",
    # two lines with tabs but one cell filled each: aligned prose
    "甲\t\n乙\t\n",
])
def test_lines_with_a_tab_that_are_no_table_stay_paragraphs(text):
    assert not [item for item in rows(text) if type(item) is Row]


def test_a_long_line_between_two_rows_stays_prose():
    prose = "本年度严格执行预算，" * 8
    items = rows(f"项目\t金额\n基本支出\t20\n{prose}\n项目支出\t30\n其他\t5\n")
    assert [type(item).__name__ for item in items] == ["Row", "Row", "Paragraph", "Row", "Row"]


def test_a_rendered_document_is_not_read_this_way():
    """The .docx, .html, .pdf and spreadsheet readers render their own tables (origins given):
    a tab in a Word paragraph is an alignment stop."""
    text = "项目\t金额\n基本支出\t20\n"
    items = rows(text, "report.docx", origins=["段1", "段2", ""])
    assert [type(item) for item in items] == [Paragraph, Paragraph]


def test_a_score_total_that_disagrees_is_found_in_a_tab_separated_form():
    form = ("2023年度项目支出绩效自评表\n"
            "项目名称\t农村公路养护\n"
            "一级指标\t二级指标\t三级指标\t分值\t得分\n"
            "产出指标\t数量指标\t养护里程\t30\t30\n"
            "产出指标\t质量指标\t验收合格率\t30\t28\n"
            "效益指标\t社会效益\t通行条件改善\t30\t27\n"
            "满意度指标\t服务对象满意度\t群众满意度\t10\t9\n"
            "总分\t\t\t100\t96\n")
    found = [f for f in check(form) if f.rule == "SCO004"]
    assert [(f.line, f.evidence.stated, f.evidence.computed) for f in found] == [(8, "96", "94")]
    consistent = form.replace("\t100\t96", "\t100\t94")
    assert not [f for f in check(consistent) if f.rule.startswith("SCO")]
