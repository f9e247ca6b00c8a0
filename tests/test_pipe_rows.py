"""Tables written with pipes between cells (Markdown, text copied through a reader) and
Markdown reports (.md: # headings, **bold** run-in headings, - list items).

The strongest check, as for tab-separated rows: each seed rewritten with pipe tables, and
as a Markdown document, gives the very findings the seed gives, each pointing at the same
words of its own file. Then the shapes one at a time, both ways.
"""

from __future__ import annotations

import re

import pytest

from reportlint.input.readers.markdown import markdown_view, read_markdown_report
from reportlint.input.source import Source
from reportlint.parse.layout import parse_layout
from reportlint.parse.model import Paragraph, Row
from reportlint.run.config import make_settings
from reportlint.run.runner import check_path, check_source, get_manager

from test_tab_rows import as_plain_text_export
from util import SEED_NAMES, at, check, seed_text

_HEADING = re.compile(r"^([一二三四五六七八九十]+、)")


def as_pipe_tables(layout: str, leading: bool = True) -> str:
    """A layout-form report with each table as pipe rows (`| a | b |`, a `|---|` rule under its
    first row; without `leading`, the copied-text shape `a | b |`, no rule)."""
    out: list[str] = []
    previous_was_row = False
    for line in as_plain_text_export(layout).split("\n"):
        if "\t" in line:
            cells = [cell.strip() for cell in line.split("\t")]
            out.append(("| " if leading else "") + " | ".join(cells) + " |")
            if leading and not previous_was_row:
                out.append("|" + "---|" * len(cells))
            previous_was_row = True
        else:
            out.append(line)
            previous_was_row = False
    return "\n".join(out)


def as_markdown(layout: str) -> str:
    """The report as a converter writes it to Markdown: ## before each 一、 heading, pipe tables."""
    return "\n".join("## " + line if _HEADING.match(line) else line for line in as_pipe_tables(layout).split("\n"))


def _pointed_at(text: str, finding) -> str:
    line = text.split("\n")[finding.line - 1]
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    return line[finding.column - 1:end].strip()


def _check_markdown(text: str, path: str) -> list:
    source = read_markdown_report(text.encode("utf-8"), path)
    return check_source(source, make_settings({}), get_manager()).findings


@pytest.mark.parametrize("leading", [True, False], ids=["markdown rows", "copied rows"])
@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_a_seed_with_pipe_tables_gives_its_findings_at_the_same_words(key, leading):
    layout = seed_text(key)
    piped = as_pipe_tables(layout, leading)
    assert piped.count("|") > 20 or "\t" not in layout
    before = check(layout, path=SEED_NAMES[key])
    after = check(piped, path=SEED_NAMES[key])
    assert [(f.rule, f.message) for f in after] == [(f.rule, f.message) for f in before]
    assert [_pointed_at(piped, f) for f in after] == [_pointed_at(layout, f) for f in before]


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_a_seed_as_markdown_gives_its_findings_at_the_same_words(key):
    layout = seed_text(key)
    markdown = as_markdown(layout)
    assert markdown.count("## ") >= 3
    before = check(layout, path=SEED_NAMES[key])
    after = _check_markdown(markdown, SEED_NAMES[key].replace(".txt", ".md"))
    assert [(f.rule, f.message) for f in after] == [(f.rule, f.message) for f in before]
    assert [_pointed_at(markdown, f) for f in after] == [_pointed_at(layout, f) for f in before]


def test_the_table_findings_of_seed_004_are_found_in_its_markdown_tables():
    markdown = as_markdown(seed_text("004"))
    found = _check_markdown(markdown, "report.md")
    rows = [f for f in found if f.rule in ("FRM003", "SCO007")]
    assert {f.rule for f in rows} == {"FRM003", "SCO007"}
    for finding in rows:  # each points at a figure of a pipe row
        line = markdown.split("\n")[finding.line - 1]
        assert line.startswith("| ") and re.match(r"[\d.]+%?", _pointed_at(markdown, finding)), (finding.rule, line)


def items(text: str, path: str = "report.txt", origins=None) -> list:
    return list(parse_layout(Source(text, path, origins=origins)))


def cells(item) -> list[tuple[str, int]]:
    return [(cell.text, cell.span.column) for cell in item.cells]


def test_pipe_rows_are_rows_with_each_cell_where_it_is_written():
    found = items("二、支出情况\n| 项目 | 预算数 | 执行数 |\n|:---|---:|---:|\n| 基本支出 | 120.50 | |\n正文。\n")
    rows = [item for item in found if type(item) is Row]
    assert [cells(row) for row in rows] == [[("项目", 3), ("预算数", 8), ("执行数", 14)],
                                            [("基本支出", 3), ("120.50", 10), ("", 19)]]
    assert rows[1].span.line == 4  # the rule line makes no row
    assert type(found[-1]) is Paragraph and found[-1].text == "正文。"


def test_copied_rows_without_the_leading_pipe_keep_their_empty_cells():
    rows = [item for item in items("项目 | 预算数 | 执行数 |\n其中：财政拨款 | | 30.00 | ||\n") if type(item) is Row]
    assert [cells(row) for row in rows] == [[("项目", 1), ("预算数", 6), ("执行数", 12)],
                                            [("其中：财政拨款", 1), ("", 11), ("30.00", 13), ("", 21), ("", 22)]]


def test_a_total_row_of_a_pipe_table_is_checked_at_its_cell(tmp_path):
    text = ("某局2023年度部门整体支出绩效自评报告\n一、部门整体支出情况\n"
            "| 支出类别 | 2023年预算数 | 2023年决算数 |\n|---|---|---|\n"
            "| 人员经费 | 100.00 | 90.00 |\n| 公用经费 | 50.00 | 45.00 |\n| 合计 | 160.00 | 135.00 |\n")
    path = tmp_path / "报告.md"
    path.write_text(text, encoding="utf-8")
    findings = check_path(path, make_settings({"select": ["FRM003"]})).findings
    assert at(findings) == [("FRM003", 7)] and findings[0].column == 8
    assert "100.00 + 50.00 = 150.00" in findings[0].message
    fixed = text.replace("| 160.00 |", "| 150.00 |")
    path.write_text(fixed, encoding="utf-8")
    assert check_path(path, make_settings({"select": ["FRM003"]})).findings == []


@pytest.mark.parametrize("text", [
    "首页 | 政务公开 | 互动交流\n一、部门基本情况\n本局编制20人。\n",  # a site's menu: one line
    "甲 | 乙\n丙 | 丁\n",  # one pipe a line: no rows
    "|---|---|\n|---|---|\n",  # rules only
    "\\| 转义 \\| 的竖线 \\|\n\\| 不是 \\| 单元格 \\|\n",  # escaped pipes are text
], ids=["menu line", "one pipe a line", "rules only", "escaped pipes"])
def test_lines_that_are_no_table_stay_paragraphs(text):
    found = items(text)
    assert not any(type(item) is Row for item in found)
    assert len([item for item in found if type(item) is Paragraph]) >= 2  # every line kept


def test_a_docx_renders_its_own_tables_and_a_pipe_in_it_is_text():
    text = "项目 | 预算数 | 执行数 |\n基本支出 | 120.50 | 118.20 |\n"
    assert not any(type(item) is Row for item in items(text, "report.docx", origins=["正文第1段", "正文第2段", ""]))


def test_markdown_marks_are_spaces_in_the_view_and_the_text_is_kept():
    text = "## 一、部门基本情况\n**（一）部门职能**\n- 一是加强预算管理。\n> 引文\n执行数*100%=95%\n"
    view = markdown_view(text)
    assert len(view) == len(text)
    assert view.split("\n")[:4] == ["   一、部门基本情况", "  （一）部门职能  ", "  一是加强预算管理。", "  引文"]
    assert view.split("\n")[4] == "执行数*100%=95%"  # a lone * is a formula's, kept
    source = read_markdown_report(text.encode("utf-8"), "report.md")
    assert source.text == text and source.view == view


def test_markdown_headings_are_the_reports_headings():
    source = read_markdown_report("# 某局2023年度部门整体支出绩效自评报告\n\n## 一、部门基本情况\n\n本局编制20人。\n\n"
                                  "**（一）部门职能**\n\n负责全县林业工作。\n".encode("utf-8"), "report.md")
    from reportlint.run.runner import parse_with

    document = parse_with(source, get_manager(), None)
    top = document.sections[0]
    assert (top.marker, top.title, top.span.line, top.span.column) == ("一、", "部门基本情况", 3, 4)
    assert [(child.marker, child.title) for child in top.children] == [("（一）", "部门职能")]
    assert document.title == "某局2023年度部门整体支出绩效自评报告"


def test_a_copied_row_whose_first_cell_is_blank_starts_with_its_pipe():
    """Among rows without a leading pipe, ` | 19 | 10 |` is a row whose first cell is empty."""
    found = [item for item in items("编制数 | 实有人数 | 控制率 |\n | 19 | 10 |\n") if type(item) is Row]
    assert [cells(row) for row in found] == [[("编制数", 1), ("实有人数", 7), ("控制率", 14)],
                                             [("", 2), ("19", 4), ("10", 9)]]
