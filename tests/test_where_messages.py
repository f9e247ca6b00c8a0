"""Messages that name another place (…之后应为… （第10行）, 晚于填报日期…（第2行）) name it as the
writer finds it: in a .docx its Word place (section path, paragraph, 表格N 第r行第c列) from
`CheckContext.where`, in a .txt still 第N行, so that text messages stay as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docx_builder import build_docx
from reportlint.input.readers.docx import read_docx_report
from reportlint.pluginapi.context import CheckContext
from reportlint.run.config import make_settings
from reportlint.run.runner import check_path, get_manager, parse_with
from util import inject, seed_text

# a small report with a form table (the unit's name in a cell) and headings Word numbers itself;
# each of its slips names the place of the line it goes wrong against
REPORT = """某某县文化馆2023年度部门整体支出绩效自评报告
填报日期：2024年3月15日
\t（2023年度）

\t单位名称
\t某某县文化馆

现将2022年度某某县图书馆部门整体支出绩效自评情况报告如下：
一、部门基本情况
（一）部门职能
本馆负责全县群众文化活动的组织与辅导。
（三）人员情况
本馆年末在职人员12人。
（二）资产情况
本馆房屋面积1200平方米。
二、部门整体支出情况
全年接待群众2.1万人次。2024年6月10日，完成馆舍维修验收。
三、自评工作开展情况
（一）工作时间安排
(1)2024年2月20日，成立自评工作小组；
(2)2024年2月10日，收集整理资料；
(3)2024年3月10日，审议自评报告；
(4)2024年4月2日，报送自评报告。
四、改进措施
措施1：加快预算执行。
措施3：细化绩效目标。
五、存在的问题
一是资金使用进度偏慢；
一是绩效目标设置不够细化。
三是绩效监控不够及时。
"""

# the same report with every slip put right
FIXED = (REPORT.replace("现将2022年度某某县图书馆", "现将2023年度某某县文化馆")
         .replace("（三）人员情况", "（二）人员情况").replace("（二）资产情况", "（三）资产情况")
         .replace("2024年6月10日，完成", "2023年11月10日，完成")
         .replace("(2)2024年2月10日", "(2)2024年2月25日").replace("(4)2024年4月2日，报送", "(4)将于2024年3月20日报送")
         .replace("措施3：", "措施2：").replace("三是绩效监控", "二是绩效监控"))

# rule → (the place a .docx message names, the same place in the .txt message)
PLACES = {
    "DAT003": ("（标题“2023年度”，第1段：“某某县文化馆2023年度部门整体支出绩效自评报告”；"
               "表头“2023年”，表格1 第1行第1列：“（2023年度）”）", "（标题“2023年度”，第1行；表头“2023年”，第3行）"),
    "SEC017": ("“某某县文化馆”（表格1 第2行第2列：“某某县文化馆”）不一致", "“某某县文化馆”（第6行）不一致"),
    "SEC007": ("“（三）”（一、部门基本情况 › （三）人员情况 标题：“人员情况”）之后出现“（二）”", "“（三）”（第12行）之后出现“（二）”"),
    "DAT009": ("晚于填报日期2024年3月15日（第2段：“填报日期：2024年3月15日”），却", "晚于填报日期2024年3月15日（第2行），却"),
    "DAT007": ("晚于填报日期2024年3月15日（第2段：“填报日期：2024年3月15日”）：", "晚于填报日期2024年3月15日（第2行）："),
    "DAT005": ("早于上一步（三、自评工作开展情况 › （一）工作时间安排 › (1)2024年2月20日", "早于上一步（第20行）的开始日期"),
    "SEC015": ("“措施1”（四、改进措施 第1段：“措施1：加快预算执行。”）之后应为“措施2”", "“措施1”（第25行）之后应为“措施2”"),
}
# SEC005 twice: a heading that skips, an enumeration (一是…三是) that skips
SKIPS = [("“（一）”（一、部门基本情况 › （一）部门职能 标题：“部门职能”）之后应为“（二）”", "“（一）”（第10行）之后应为“（二）”"),
         ("“一是”（五、存在的问题 第2段：“一是绩效目标设置不够细化。”）之后应为“二是”", "“一是”（第29行）之后应为“二是”")]
RULES = {*PLACES, "SEC005"}


def _write(folder: Path, text: str) -> tuple[Path, Path]:
    as_text, as_docx = folder / "报告.txt", folder / "报告.docx"
    as_text.write_text(text, encoding="utf-8")
    build_docx(text, as_docx)
    return as_text, as_docx


def _findings(path: Path) -> list:
    result = check_path(path, manager=get_manager())
    assert result.error is None
    return [f for f in result.findings if f.rule in RULES]


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    as_text, as_docx = _write(tmp_path_factory.mktemp("where"), REPORT)
    return _findings(as_text), _findings(as_docx), as_docx


@pytest.mark.parametrize("rule", sorted(PLACES))
def test_a_docx_message_names_the_word_place_and_a_text_message_the_line(checked, rule):
    as_text, as_docx, _ = checked
    in_word, in_text = PLACES[rule]
    [docx_finding] = [f for f in as_docx if f.rule == rule]
    [text_finding] = [f for f in as_text if f.rule == rule]
    assert in_word in docx_finding.message, docx_finding.message
    assert in_text in text_finding.message, text_finding.message
    assert docx_finding.line == text_finding.line  # the finding itself is at the same place


def test_numbering_skips_of_headings_and_enumerations_name_the_item_they_follow(checked):
    as_text, as_docx, _ = checked
    docx_skips = sorted((f.line, f.message) for f in as_docx if f.rule == "SEC005")
    text_skips = sorted((f.line, f.message) for f in as_text if f.rule == "SEC005")
    assert [line for line, _ in docx_skips] == [line for line, _ in text_skips] == [12, 30]
    for (_, docx_message), (_, text_message), (in_word, in_text) in zip(docx_skips, text_skips, SKIPS):
        assert in_word in docx_message and in_text in text_message


def test_docx_messages_name_no_line_number(checked):
    """A Word user has no line numbers: once the Word places are taken out, no 第N行 is left."""
    _, as_docx, path = checked
    manager = get_manager()
    source = read_docx_report(path.read_bytes(), str(path))
    context = CheckContext(source, parse_with(source, manager), make_settings({}), manager.rules(), None)
    places = sorted({context.where(line) for line in range(1, len(source.lines) + 1)}, key=len, reverse=True)
    assert len(as_docx) == len(PLACES) + len(SKIPS)
    for finding in as_docx:
        message = finding.message
        for place in places:
            message = message.replace(place, "")
        assert not re.search(r"第\d+行", message), finding.message


def test_the_report_put_right_is_silent_in_both_forms(tmp_path):
    as_text, as_docx = _write(tmp_path, FIXED)
    assert _findings(as_text) == []
    assert _findings(as_docx) == []


def test_sections_out_of_template_order_name_the_later_section_in_word(tmp_path):
    """SEC003 (a seed with two sections swapped): 应在“七、下一步改进措施”（…）之前."""
    text = inject(inject(seed_text("004"), 51, "七、存在的问题及原因分析", "七、下一步改进措施"),
                  54, "八、下一步改进措施", "八、存在的问题及原因分析")
    as_text, as_docx = _write(tmp_path, text)
    [in_text] = [f for f in check_path(as_text, manager=get_manager()).findings if f.rule == "SEC003"]
    [in_docx] = [f for f in check_path(as_docx, manager=get_manager()).findings if f.rule == "SEC003"]
    assert "应在“七、下一步改进措施”（第51行）之前" in in_text.message
    assert "应在“七、下一步改进措施”（七、下一步改进措施 标题：“下一步改进措施”）之前" in in_docx.message, in_docx.message
