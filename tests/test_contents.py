"""A table of contents (目录) is set aside, on evidence only (reportlint.parse.contents).

Each shape has the case where the contents are set aside (and the findings its entries used
to raise are gone) and the case where the lines stay headings because the evidence is missing.
"""

from __future__ import annotations

import time

import pytest

from reportlint.parse.contents import _without_page_number
from reportlint.parse.render import parse_extras
from util import check, parse

BODY = """一、部门基本情况
示范局内设科室4个，年末在职人员18人。
二、绩效自评情况
全年预算执行率为96.50%。
三、存在的问题及改进措施
个别项目支出进度偏慢，下一步将按月通报进度。
"""
TITLE = "某市示范局2022年度部门整体支出绩效自评报告\n"
ENTRIES = "一、部门基本情况\n二、绩效自评情况\n三、存在的问题及改进措施\n"


def headings(text: str) -> list[tuple[int, str]]:
    return [(s.span.line, f"{s.marker}{s.title}") for s in parse(text).walk_sections()]


def furniture(text: str) -> list[int]:
    return [block.span.line for block in parse(text).furniture]


def rules(text: str) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in check(text) if f.rule.startswith("SEC"))


@pytest.mark.parametrize("contents", ["目录", "目 录", "目　录", "目錄", "目次", " 目  录 "])
def test_the_contents_and_their_line_are_set_aside_and_the_body_is_the_outline(contents):
    text = TITLE + contents + "\n" + ENTRIES + BODY
    assert furniture(text) == [2, 3, 4, 5]
    assert headings(text) == [(6, "一、部门基本情况"), (8, "二、绩效自评情况"), (10, "三、存在的问题及改进措施")]
    assert rules(text) == []


def test_read_as_headings_the_same_lines_gave_empty_sections():
    """What the entries did before they were set aside: the same text with 目录 renamed. The
    body's 一、 after the entries' 三、 starts a list again, which is no numbering slip (SEC007
    reported it before lists that restart at 1 were read as new lists)."""
    text = TITLE + "目标\n" + ENTRIES + BODY  # 目标 is no contents line: nothing is set aside
    assert furniture(text) == []
    assert rules(text) == [("SEC009", 3), ("SEC009", 4), ("SEC009", 5)]


def test_entries_with_page_numbers_need_no_repeated_heading():
    text = TITLE + "目  录\n一、部门基本情况……1\n二、绩效自评情况……3\n三、存在问题……5\n" + "以下为正文。\n" + BODY
    assert furniture(text) == [2, 3, 4, 5]
    assert headings(text)[0] == (7, "一、部门基本情况")


def test_attachments_listed_after_the_headings_are_entries_of_the_contents():
    """A 目录 that ends with the attachments (附件1 …, 附件2 …): before, the first 附件 line ended
    the contents, nothing was set aside, and the body became paragraphs of an attachment."""
    listed = ENTRIES + "附件1 部门整体支出绩效评价基础数据表\n附件2 成本分析报告\n"
    text = TITLE + "目录\n" + listed + "某市示范局\n2022年度部门整体支出绩效自评报告\n" + BODY
    assert furniture(text) == [2, 3, 4, 5, 6, 7]
    assert headings(text) == [(10, "一、部门基本情况"), (12, "二、绩效自评情况"), (14, "三、存在的问题及改进措施")]
    assert rules(text) == []


def test_an_attachment_after_one_heading_is_no_contents():
    """One heading and an attachment under a 目录 line are not the two entries a contents needs
    when the body does not restart with them."""
    text = TITLE + "目录\n一、部门基本情况\n附件1 基础数据表\n" + "附件说明：见后表。\n"
    assert furniture(text) == []


def test_the_title_written_again_between_the_contents_and_the_body_stays_the_title_line():
    text = TITLE + "目录\n" + ENTRIES + TITLE + BODY
    assert furniture(text) == [2, 3, 4, 5]
    document = parse(text)
    assert document.title == TITLE.strip()
    assert [s.span.line for s in document.walk_sections()] == [7, 9, 11]
    assert any("furniture  目录" in line for line in parse_extras(document))


def test_an_entry_wrapped_onto_a_line_of_its_own_stays_in_the_contents():
    """Text copied from a PDF wraps a long entry (…培训费及会议费 / 情况说明); the contents go on after it."""
    entries = "一、部门基本情况\n二、“三公”经费、培训费及会议费\n情况说明\n三、存在的问题及改进措施\n"
    text = TITLE + "目录\n" + entries + BODY
    assert furniture(text) == [2, 3, 4, 5, 6]
    assert headings(text)[0] == (7, "一、部门基本情况")
    assert rules(text) == []
    # the same short line after the last entry, with no heading repeated after it: nothing is set aside
    assert furniture(TITLE + "目录\n一、部门基本情况\n二、绩效自评情况\n情况说明\n" + "示范局内设科室4个，年末在职人员18人，全年预算执行率96.50%，自评得分95分。\n") == []


def test_leaders_filling_the_line_and_bracketed_page_numbers_are_entries():
    leaders = "." * 90
    entries = f"一、部门基本情况{leaders}( 1 )\n二、绩效自评情况{leaders}（2）\n三、存在的问题及改进措施{leaders}(4)\n"
    text = TITLE + "目录\n" + entries + BODY
    assert furniture(text) == [2, 3, 4, 5]
    assert rules(text) == []


def test_the_body_restarting_with_its_first_heading_split_over_two_lines():
    """第一部分 / 某某局概况: the two lines together are the first entry."""
    text = (TITLE + "目录\n第一部分 示范局概况\n一、部门职责\n第二部分 名词解释\n"
            "第一部分\n示范局概况\n一、部门职责\n示范局负责全市示范点管理。\n第二部分 名词解释\n无。\n")
    assert furniture(text) == [2, 3, 4, 5]
    assert not [r for r in rules(text) if r[0] == "SEC007"]


@pytest.mark.parametrize("text", [
    # no 目录 line, and only the first entry comes back before the body's text: not enough
    TITLE + ENTRIES + BODY,
    # 目录 after the report's prose has begun: a word of the report, not its contents
    TITLE + "本报告依据市财政局关于开展年度绩效自评工作的通知编写，自评范围包括本部门全部预算资金和转移支付资金，现将有关情况报告如下。\n目录\n" + ENTRIES + BODY,
    # one entry only
    TITLE + "目录\n一、部门基本情况\n" + "示范局内设科室4个，年末在职人员18人。\n",
    # entries without page numbers, and no body heading repeating the first one
    TITLE + "目录\n一、部门基本情况\n二、绩效自评情况\n" + "示范局内设科室4个，年末在职人员18人。\n",
])
def test_without_the_evidence_nothing_is_set_aside(text):
    assert furniture(text) == []


@pytest.mark.parametrize("line, entry", [
    ("一、部门基本情况……1", "一、部门基本情况"),
    ("二、绩效自评情况 ........ 12", "二、绩效自评情况"),
    ("第一部分　部门基本情况　3", "第一部分　部门基本情况"),
    ("四、存在问题 第5页", "四、存在问题"),
    ("三、存在问题··5  ", "三、存在问题"),
    ("第3条", None),  # no space or leaders before the number
    ("收入合计2022", None),
    ("二、2022年度情况", None),
    ("情况.3", None),  # one point: a decimal, not a leader
    ("……3", None),  # nothing before the leaders
    ("一、概况.........( 1 )", "一、概况"),
    ("二、决算情况说明（12）", None),  # a bracketed number with no leader or space before it
])
def test_a_page_number_is_one_after_two_leaders_or_a_space(line, entry):
    assert _without_page_number(line) == entry


def test_long_runs_of_spaces_and_many_entries_stay_linear():
    def seconds(n: int) -> float:
        entries = "".join(f"{i}.第{i}项工作……{i % 900 + 1}\n" for i in range(1, n + 1))
        text = TITLE + "目录\n" + entries + " " * (50 * n) + "甲\n" + BODY
        started = time.perf_counter()
        parse(text)
        return time.perf_counter() - started

    small, large = seconds(200), seconds(1600)
    assert large < 20 * small + 0.5, (small, large)


def test_an_entry_compares_with_its_heading_as_titles_do_whatever_the_bracket_width_or_script():
    """The contents write (一)部门基本情况, the body （一）部門基本情況: the same heading, so the body restarts there."""
    body = "（一）部門基本情況\n示范局内设科室4个。\n（二）绩效自评情况\n全年预算执行率为96.50%。\n"
    text = TITLE + "目录\n(一)部门基本情况\n(二)绩效自评情况\n" + body
    assert furniture(text) == [2, 3, 4]
    assert headings(text)[0][0] == 5
    # and a body that starts elsewhere is no restart: unpaged entries stay as they are written
    assert furniture(TITLE + "目录\n(一)部门基本情况\n(二)绩效自评情况\n（三）存在问题\n示范局内设科室4个。\n") == []


WORD_FIELD_ENTRIES = ("一、部门基本情况 PAGEREF _Toc25831 h 1\n"
                      "二、绩效自评情况 PAGEREF _Toc32310 \\h 3\n"
                      'HYPERLINK \\l "_Toc8401" 三、存在的问题及改进措施 PAGEREF _Toc8401 \\h 5\n')


def test_a_word_contents_copied_with_its_field_codes_is_set_aside():
    """A Word contents copied as text keeps PAGEREF _Toc… \\h before each page number (the
    backslash often lost) and HYPERLINK \\l "_Toc…" before an entry; a site's 公开日期 line may
    stand between 目录 and the entries. Read as headings, the entries gave SEC007 at the body
    (before a list that starts again at 1 was read as a new list)."""
    text = TITLE + "目录\n公开日期:2024926\n" + WORD_FIELD_ENTRIES + BODY
    assert furniture(text) == [2, 3, 4, 5, 6]
    assert headings(text) == [(7, "一、部门基本情况"), (9, "二、绩效自评情况"), (11, "三、存在的问题及改进措施")]
    assert rules(text) == []
    # the same entries under 目标 (no contents line) stay headings; the body's 一、 after them
    # starts its list again, which is no numbering slip
    unlabelled = text.replace("目录\n", "目标\n")
    assert headings(unlabelled)[:2] == [(4, "一、部门基本情况 PAGEREF _Toc25831 h 1"),
                                        (5, "二、绩效自评情况 PAGEREF _Toc32310 \\h 3")]
    assert rules(unlabelled) == []


@pytest.mark.parametrize("line,key", [
    ("一、部门概况 PAGEREF _Toc25831 h 3", "一、部门概况"),
    ('HYPERLINK \\l "_Toc123" 一、部门概况 PAGEREF _Toc123 \\h 12', "一、部门概况"),
    ("一、部门概况 PAGEREF _Toc25831 hello", "一、部门概况hello"),  # no h of a field: words stay
])
def test_field_codes_are_left_out_of_an_entry(line, key):
    from reportlint.parse.contents import _read_entry

    assert _read_entry(line)[0] == key


UNLABELLED = ("第一部分 示范局概况\n一、部门职责\n二、机构设置\n第二部分 绩效自评情况\n一、预算执行情况\n"
              "第三部分 名词解释\n")
UNLABELLED_BODY = ("第一部分 示范局概况\n一、部门职责\n示范局负责全市示范点管理。\n二、机构设置\n内设科室4个。\n"
                   "第二部分 绩效自评情况\n一、预算执行情况\n全年预算执行率为96.50%。\n第三部分 名词解释\n无。\n")


def test_a_contents_without_its_line_is_set_aside_when_the_body_restarts_with_its_first_two_entries():
    """A page that shows the contents alone (no 目录 line): read as headings, the body's
    第一部分 after the contents' 第三部分 gave SEC007 at line 7."""
    text = UNLABELLED + UNLABELLED_BODY
    assert furniture(text) == [1, 2, 3, 4, 5, 6]
    assert headings(text)[:2] == [(7, "第一部分示范局概况"), (8, "一、部门职责")]
    assert rules(text) == []


@pytest.mark.parametrize("text", [
    # only two entries before the restart: too few to be a contents without its line
    "第一部分 示范局概况\n一、部门职责\n" + UNLABELLED_BODY,
    # the body restarts with the first entry, but the second does not follow it
    UNLABELLED + "第一部分 示范局概况\n示范局负责全市示范点管理。\n",
    # text between the entries: a report with empty sections, read as written
    "第一部分 示范局概况\n一、部门职责\n本部分从略。\n二、机构设置\n第一部分 示范局概况\n一、部门职责\n正文。\n",
])
def test_a_run_of_headings_without_the_evidence_is_read_as_written(text):
    assert furniture(text) == []
