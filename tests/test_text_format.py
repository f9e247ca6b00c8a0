"""The text format shows a window of a long line around the finding, with the caret under it."""

from __future__ import annotations

from reportlint.formatters.text import TextFormatter, display_width
from reportlint.run.runner import get_manager
from util import check, check_seed


def test_long_line_is_windowed_with_the_caret_under_the_finding():
    findings = [f for f in check_seed("001") if f.rule == "SEC006" and f.line == 95]
    assert len(findings) == 1
    finding = findings[0]
    formatter = TextFormatter(get_manager().rules())
    excerpt, caret = formatter._excerpt(finding)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert display_width(excerpt) < 200 < display_width(finding.snippet)
    start = caret.index("^")
    # the caret stands under 四是, the repeated enumeration marker
    prefix_width = 0
    for index, ch in enumerate(excerpt):
        if prefix_width == start:
            assert excerpt[index:index + 2] == "四是"
            break
        prefix_width += display_width(ch)
    else:
        raise AssertionError("caret does not start at a character boundary")
    assert caret.count("^") == display_width("四是")


def test_short_line_is_shown_whole():
    finding = next(f for f in check_seed("000") if f.rule == "SEC004")
    excerpt, caret = TextFormatter(get_manager().rules())._excerpt(finding)
    assert excerpt == "单位基本情况" and caret == "^" * display_width("单位基本情况")


def test_a_finding_past_the_400th_character_is_shown_with_its_own_words():
    """A web page's paragraph of many hundred characters: the snippet runs on past the finding,
    so the window and its caret show the finding, not the end of the line's first 400."""
    cited = "".join(f"《关于印发示范管理办法第{n}号的通知》(示财发〔2019〕{n}号)、" for n in range(1, 21))
    text = "示范馆2023年度部门整体支出绩效自评报告\n根据" + cited + "《关于开展年度绩效自评工作的通知》(示财绩〔20245号)要求,现将自评情况报告如下。\n"
    finding = next(f for f in check(text, select=["DAT008"]))
    assert finding.column > 500
    assert len(finding.snippet) >= finding.end_column - 1
    excerpt, caret = TextFormatter(get_manager().rules())._excerpt(finding)
    start = caret.index("^")
    width = 0
    for index, ch in enumerate(excerpt):
        if width == start:
            assert excerpt[index:].startswith("示财绩〔20245号")
            break
        width += display_width(ch)
    else:
        raise AssertionError("caret does not start at a character boundary")
