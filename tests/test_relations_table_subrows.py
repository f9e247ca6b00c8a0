"""Sub-rows of a table row whose indentation the text copy lost (FRM003, facts.breakdowns `rows`):
附件1-1's `1.公务用车购置和维护经费` over `其中：公车购置` and `公车运行维护`, written flush left, are
the parts of the row above them, not siblings of the numbered rows."""

from __future__ import annotations

import re

import pytest

from util import at, check, inject, seed_text

from test_tab_rows import as_plain_text_export


def flush_left(text: str) -> str:
    """Every table cell's leading spaces dropped, as a copy that loses the indentation writes it
    (a cell a line in the layout form, a row a line in a plain-text export)."""
    return re.sub(r"(?m)^ +(?=[^\n]*\t)", "", re.sub(r"(?m)^\t +", "\t", text))


def table(rows: list[list[str]]) -> str:
    """A small 附件1-1 table in the seeds' layout form: a cell per tab-prefixed line, a blank line after a row."""
    head = [["经费控制情况", "2022年决算数", "2023年预算数", "2023年决算数"]]
    cells = "\n\n".join("\n".join("\t" + cell for cell in row) for row in head + rows)
    return "附件1-1\n部门整体支出绩效评价基础数据表\n" + cells + "\n\n"


def frm003(text: str) -> list:
    return check(text, select=["FRM003"])


SEED_004 = [("FRM003", 115), ("FRM003", 222)]  # the seed's own two mistakes


def test_seed_004_flush_left_gives_the_seeds_findings():
    text = flush_left(seed_text("004"))
    assert "\n\t其中：公车购置\n" in text and "\n\t公车运行维护\n" in text
    assert at(frm003(text)) == SEED_004


def test_seed_004_flush_left_in_a_plain_text_export_gives_the_exports_findings():
    exported = as_plain_text_export(seed_text("004"))
    assert "\n       其中：公车购置" in exported and "\n其中：公车购置" in flush_left(exported)
    indented = sorted(f.message for f in frm003(exported))
    assert len(indented) == 2 and sorted(f.message for f in frm003(flush_left(exported))) == indented


def test_seed_004_flush_left_as_docx_gives_the_seeds_findings(tmp_path):
    from docx_builder import build_docx
    from reportlint.run.config import make_settings
    from reportlint.run.runner import check_path

    out = tmp_path / "flush-left.docx"
    build_docx(flush_left(seed_text("004")), out)
    findings = check_path(out, make_settings({"select": ["FRM003"]})).findings
    assert at(findings) == SEED_004


def test_a_changed_cell_of_the_flush_left_table_is_still_found():
    text = inject(flush_left(seed_text("004")), 110, "21.50", "22.50")  # 3.公务接待, 2023年预算数
    assert ("FRM003", 85) in at(frm003(text))
    text = inject(flush_left(seed_text("004")), 99, "14.70", "15.70")  # 公车运行维护 now exceeds its row
    assert ("FRM003", 89) in at(frm003(text))


@pytest.mark.parametrize("rows", [
    # no 其中 word: the rows between 1. and 2. are the parts of 1.
    [["三公经费", "25.12", "34.50", "34.12"], ["1.公务用车购置和维护经费", "14.70", "13.00", "12.69"],
     ["公车购置", "", "", ""], ["公车运行维护", "14.70", "13.00", "12.69"], ["2.出国经费", "", "", ""],
     ["3.公务接待", "10.42", "21.50", "21.43"]],
    # 其中 under the last numbered row, its rest after it, then the next total
    [["三公经费", "25.12", "34.50", "34.12"], ["1.公务用车购置和维护经费", "14.70", "13.00", "12.69"],
     ["2.出国经费", "", "", ""], ["3.公务接待", "10.42", "21.50", "21.43"],
     ["其中：外宾接待", "0.42", "1.50", "1.43"], ["国内公务接待", "10.00", "20.00", "20.00"],
     ["项目支出", "83.19", "72.34", "46.78"], ["1.专项业务（工作）经费", "83.19", "72.34", "46.78"]],
    # 其中 under a total without numbered rows, its rest flush left
    [["公用经费", "21.86", "24.00", "23.46"], ["其中：办公费", "10.00", "12.00", "11.46"],
     ["水费、电费、差旅费", "11.86", "12.00", "12.00"]],
    # a sub-row with a 其中 of its own between two numbered rows: the parts of 1. are unclear, the total still adds up
    [["基本支出", "100.00", "110.00", "105.00"], ["1.人员经费", "80.00", "90.00", "85.00"],
     ["工资福利", "70.00", "75.00", "72.00"], ["其中：基本工资", "40.00", "42.00", "41.00"],
     ["社会保障缴费", "10.00", "15.00", "13.00"], ["2.公用经费", "20.00", "20.00", "20.00"]],
])
def test_flush_left_sub_rows_are_no_siblings(rows):
    assert frm003(table(rows)) == []


def test_a_total_its_numbered_rows_exceed_is_still_found_past_flush_left_sub_rows():
    rows = [["三公经费", "25.12", "34.50", "34.12"], ["1.公务用车购置和维护经费", "14.70", "13.00", "12.69"],
            ["其中：公车购置", "", "", ""], ["公车运行维护", "14.70", "13.00", "12.69"], ["2.出国经费", "", "", ""],
            ["3.公务接待", "10.42", "22.50", "21.43"]]
    findings = frm003(table(rows))
    assert [(f.evidence.stated, f.evidence.computed) for f in findings] == [("34.50", "35.50")]


def test_sub_rows_that_exceed_their_row_are_found():
    rows = [["三公经费", "25.12", "34.50", "34.12"], ["1.公务用车购置和维护经费", "14.70", "13.00", "12.69"],
            ["其中：公车购置", "5.00", "", ""], ["公车运行维护", "14.70", "13.00", "12.69"], ["2.出国经费", "", "", ""],
            ["3.公务接待", "10.42", "21.50", "21.43"]]
    [finding] = frm003(table(rows))
    assert finding.evidence.stated == "14.70" and "1.公务用车购置和维护经费" in finding.message


def test_a_flush_left_row_that_does_not_complete_its_row_is_left_alone():
    # 政府采购金额 after 公用经费's 其中 rows does not make 公用经费 with them: not one of its parts
    rows = [["公用经费", "21.86", "24.00", "23.46"], ["其中：办公费", "0.00", "1.00", "0.40"],
            ["政府采购金额", "30.00", "4.00", "2.05"]]
    assert frm003(table(rows)) == []


def test_a_next_total_alike_the_last_numbered_row_is_still_a_total():
    # 项目支出 equals 3.公务接待 by chance: one row is no list of its parts, and its own rows are checked
    rows = [["三公经费", "20.00", "20.00", "20.00"], ["1.公务用车购置和维护经费", "5.00", "5.00", "5.00"],
            ["2.出国经费", "5.00", "5.00", "5.00"], ["3.公务接待", "10.00", "10.00", "10.00"],
            ["项目支出", "10.00", "10.00", "10.00"], ["1.专项业务（工作）经费", "6.00", "6.00", "6.00"],
            ["2.维权维稳（工作）经费", "4.00", "5.00", "4.00"]]
    [finding] = frm003(table(rows))
    assert finding.evidence.stated == "10.00" and "项目支出" in finding.message and "11.00" in finding.message
