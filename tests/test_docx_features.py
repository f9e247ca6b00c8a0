"""Word features as budget units use them: each report is written twice, consistent (no finding,
or exactly the plain text's findings) and with one real mistake, which must be found, with its
figures, at the place in the Word file where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from docx_builder import (build_xml_docx, xml_cell, xml_field, xml_paragraph, xml_row, xml_run, xml_table,
                          xml_text_box)
from reportlint.input.readers.docx import read_docx_report
from reportlint.run.runner import check_path

TITLE = "某某区教育局2023年度部门整体支出绩效自评报告"
INCOME = "2023年度收入合计500.00万元，其中财政拨款收入420.00万元，其他收入{other}.00万元。"


def head(date: str = "2024年3月15日") -> str:
    return xml_paragraph(TITLE) + xml_paragraph("填报单位：某某区教育局") + xml_paragraph(f"填报日期：{date}")


def part_one(income: str | None = None) -> str:
    return (xml_paragraph("部门基本情况", num=(1, 0)) + xml_paragraph("部门职能", num=(1, 1))
            + xml_paragraph("本局负责全区基础教育的统筹管理，下设三个内设机构。")
            + xml_paragraph("预算收支情况", num=(1, 1))
            + (income if income is not None else xml_paragraph(INCOME.format(other=80)))
            + xml_paragraph("2023年度支出合计480.00万元，其中基本支出300.00万元，项目支出180.00万元。"))


def part_two(score_text: str = "本部门整体支出绩效自评得分94分，评价等级为优。") -> str:
    return (xml_paragraph("绩效自评情况", num=(1, 0)) + xml_paragraph("预算执行情况", num=(1, 1))
            + xml_paragraph("全年预算执行率为96.00%，较上年有所提高。")
            + xml_paragraph("自评得分情况", num=(1, 1)) + xml_paragraph(score_text))


def tail() -> str:
    return (xml_paragraph("存在的问题", num=(1, 0)) + xml_paragraph("部分项目支出进度偏慢。")
            + xml_paragraph("改进措施", num=(1, 0)) + xml_paragraph("加强预算执行监控，按季度通报支出进度。"))


HEADER = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
ROWS = [["投入", "预算编制", "预算编制科学性", "10", "9"], ["", "预算执行", "预算执行率", "20", "18"],
        ["过程", "资金管理", "资金使用合规性", "20", "20"], ["产出", "产出数量", "培训完成率", "25", "23"],
        ["效益", "满意度", "服务对象满意度", "25", "24"]]


def score_rows(rows=ROWS) -> list[str]:
    """The scoring table's header and indicator rows; 投入 spans two rows (w:vMerge)."""
    out = [xml_row(*HEADER)]
    for index, row in enumerate(rows):
        cells = []
        for column, text in enumerate(row):
            tcpr = ""
            if column == 0 and text and index + 1 < len(rows) and rows[index + 1][0] == "":
                tcpr = '<w:vMerge w:val="restart"/>'
            elif column == 0 and not text:
                tcpr = "<w:vMerge/>"
            cells.append(xml_cell(text, tcpr=tcpr) if text else xml_cell(tcpr=tcpr))
        out.append(xml_row(*cells))
    return out


def total_row(score: int) -> str:
    return xml_row("合计", xml_cell(), xml_cell(), "100", str(score))


def findings(path: Path):
    result = check_path(str(path))
    assert result.error is None, result.error
    return [f for f in result.findings if f.rule != "PRS005"]


def read(path: Path):
    return read_docx_report(path.read_bytes(), str(path))


# -- tables -------------------------------------------------------------------------------
@pytest.mark.parametrize("score", [94, 95])
def test_a_scoring_table_in_a_frame_is_a_table(tmp_path, score):
    """A one-column table drawn around the scoring table (a frame) is unwrapped: the inner table
    is checked as a table, numbered after its frame; before, its cells were one cell's lines."""
    inner = xml_table(*score_rows(), total_row(score))
    frame = xml_table(xml_row(f'<w:tc>{xml_paragraph("部门整体支出绩效评分表")}{inner}<w:p/></w:tc>'), columns=1)
    path = build_xml_docx(tmp_path / "frame.docx", head() + part_one() + part_two() + frame + tail())
    source = read(path)
    assert "部门整体支出绩效评分表" in source.lines  # the frame's paragraph is a line of its own
    found = findings(path)
    if score == 94:
        assert found == []
        return
    by_rule = {f.rule: f for f in found}
    assert set(by_rule) == {"SCO004", "SCO005"}
    total = by_rule["SCO004"]
    assert "95分" in total.message and "94" in total.message
    assert "表格2 第7行第5列：“95”" in total.location
    assert source.lines[total.line - 1] == "\t95"


@pytest.mark.parametrize("score", [94, 95])
def test_a_row_deleted_with_track_changes_is_not_scored(tmp_path, score):
    rows = score_rows()
    deleted = xml_row("产出", "产出质量", "合格率", "5", "5",
                      trpr='<w:del w:id="9" w:author="审核" w:date="2024-03-01T00:00:00Z"/>')
    table = xml_table(*rows[:4], deleted, *rows[4:], total_row(score))
    path = build_xml_docx(tmp_path / "deleted_row.docx", head() + part_one() + part_two() + table + tail())
    assert "\t合格率" not in read(path).lines
    found = findings(path)
    if score == 94:
        assert found == []  # before: 分值之和105 (SCO003) and 得分之和99 (SCO004), both false
        return
    total = next(f for f in found if f.rule == "SCO004")
    assert "各项得分之和为94分" in total.message and "表格1 第7行第5列" in total.location


def test_a_table_straight_after_a_table_goes_on_with_its_rows(tmp_path):
    """Two w:tbl with nothing between are one table in Word: one number, rows counted on."""
    rows = score_rows()
    tables = xml_table(*rows[:3]) + xml_table(*rows[3:], total_row(95))
    path = build_xml_docx(tmp_path / "adjacent.docx", head() + part_one() + part_two() + tables + tail())
    total = next(f for f in findings(path) if f.rule == "SCO004")
    assert "表格1 第7行第5列：“95”" in total.location
    origins = {str(read(path).word_origin(total.line))}
    assert origins == {"表格1 第7行 第5列"}


def test_a_table_after_a_frame_is_a_table_of_its_own(tmp_path):
    inner = xml_table(*score_rows()[:2])
    frame = xml_table(xml_row(f"<w:tc>{inner}<w:p/></w:tc>"), columns=1)
    after = xml_table(*score_rows()[2:], total_row(95))
    path = build_xml_docx(tmp_path / "frame_then_table.docx", head() + part_one() + part_two() + frame + after + tail())
    source = read(path)
    origins = {str(source.word_origin(number)) for number, line in enumerate(source.lines, 1) if line == "\t95"}
    assert origins == {"表格3 第5行 第5列"}  # the frame is 表格1, the table in it 表格2


# -- tracked changes and hidden text -------------------------------------------------------
DELETED_MARK = '<w:rPr><w:del w:id="3" w:author="审核" w:date="2024-03-01T00:00:00Z"/></w:rPr>'


def deleted(text: str) -> str:
    return (f'<w:del w:id="4" w:author="审核" w:date="2024-03-01T00:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def test_a_deleted_numbered_paragraph_takes_no_number(tmp_path):
    """A numbered heading deleted with track changes (its text and its mark) is gone in Word:
    the next heading is 三、, and a typed 三、 after it is no repeat; before, it rendered as an
    empty 三、 line and the real heading became 四、."""
    gone = xml_paragraph(deleted("旧的章节"), num=(1, 0), ppr=DELETED_MARK)
    body = head() + part_one() + part_two() + gone + xml_paragraph("三、存在的问题") + xml_paragraph("部分项目支出进度偏慢。")
    body += xml_paragraph("四、改进措施") + xml_paragraph("加强预算执行监控。")
    path = build_xml_docx(tmp_path / "deleted_heading.docx", body)
    assert "三、" not in read(path).lines
    assert findings(path) == []


def test_a_deleted_paragraph_mark_joins_the_next_paragraph(tmp_path):
    """The sentence was split in two paragraphs and the break deleted: Word shows one paragraph,
    and its parts are checked together."""
    income = (xml_paragraph("2023年度收入合计500.00万元，其中财政拨款收入420.00万元，", ppr=DELETED_MARK)
              + xml_paragraph("其他收入90.00万元。"))
    path = build_xml_docx(tmp_path / "joined.docx", head() + part_one(income) + part_two() + tail())
    source = read(path)
    assert INCOME.format(other=90) in source.lines
    (finding,) = findings(path)
    assert finding.rule == "FRM002" and "510.00万元" in finding.message and "相差 10.00万元" in finding.message
    assert finding.location.startswith("一、部门基本情况 › （二）预算收支情况 第1段")


def test_a_hidden_paragraph_mark_runs_the_heading_into_its_text(tmp_path):
    """Word's style separator: a heading paragraph whose mark is hidden shows on one line with
    the paragraph after it, its number first."""
    hidden = "<w:rPr><w:vanish/></w:rPr>"
    income = (xml_paragraph("收入情况。", num=(1, 2), ppr=hidden) + xml_paragraph(INCOME.format(other=90)))
    path = build_xml_docx(tmp_path / "separator.docx", head() + part_one(income) + part_two() + tail())
    source = read(path)
    line = "1.收入情况。" + INCOME.format(other=90)
    assert line in source.lines
    assert source.word_origin(source.lines.index(line) + 1).marker == 2
    (finding,) = findings(path)
    assert finding.rule == "FRM002" and "相差 10.00万元" in finding.message
    assert source.lines[finding.line - 1] == line


def test_text_hidden_by_its_character_style_is_not_read(tmp_path):
    styles = ('<w:style w:type="character" w:styleId="HiddenNote"><w:name w:val="Hidden Note"/>'
              '<w:rPr><w:vanish/></w:rPr></w:style>'
              '<w:style w:type="character" w:styleId="HiddenChild"><w:name w:val="Hidden Child"/>'
              '<w:basedOn w:val="HiddenNote"/></w:style>')
    income = xml_paragraph("2023年度收入合计500.00万元，其中财政拨款收入420.00万元，其他收入80.00万元",
                           xml_run("（原稿：其他收入90.00万元）", '<w:rStyle w:val="HiddenChild"/>'),
                           xml_run("，已核实", '<w:rStyle w:val="HiddenNote"/><w:vanish w:val="0"/>'), "。")
    path = build_xml_docx(tmp_path / "hidden_style.docx", head() + part_one(income) + part_two() + tail(),
                          styles=styles)
    source = read(path)
    assert INCOME.format(other=80).replace("。", "，已核实。") in source.lines  # w:vanish="0" shows it again
    assert "原稿" not in source.text
    assert findings(path) == []


# -- fields --------------------------------------------------------------------------------
def test_a_field_nested_in_a_field_code_is_not_shown(tmp_path):
    """{ IF { MERGEFIELD 其他收入 } = "" "80" "80" }: Word shows the IF's result (80), not the
    result of the MERGEFIELD inside its code; before, both were read: 其他收入9080.00万元."""
    code = ('<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
            + xml_field("MERGEFIELD 其他收入", xml_run("90"))
            + '<w:r><w:instrText xml:space="preserve"> = "" "80" "80" </w:instrText></w:r>')
    income = xml_paragraph("2023年度收入合计500.00万元，其中财政拨款收入420.00万元，其他收入",
                           xml_field("", xml_run("80"), code_xml=code), ".00万元。")
    path = build_xml_docx(tmp_path / "nested_field.docx", head() + part_one(income) + part_two() + tail())
    assert INCOME.format(other=80) in read(path).lines
    assert findings(path) == []


@pytest.mark.parametrize("date,expected", [("2024年3月15日", None), ("2023年3月15日", "第3段")])
def test_a_date_field_is_read_as_its_cached_result(tmp_path, date, expected):
    filed = xml_paragraph("填报日期：", xml_field('DATE \\@ "yyyy年M月d日"', xml_run(date)))
    body = xml_paragraph(TITLE) + xml_paragraph("填报单位：某某区教育局") + filed + part_one() + part_two() + tail()
    found = findings(build_xml_docx(tmp_path / "date.docx", body))
    if expected is None:
        assert found == []
        return
    (finding,) = found
    assert finding.rule == "DAT002" and "2023年3月15日" in finding.message
    assert finding.location.startswith("第3段：") and finding.line == 3


@pytest.mark.parametrize("other", [80, 90])
def test_a_table_of_contents_field_reads_as_typed_contents(tmp_path, other):
    """A TOC field: hyperlinked entries with PAGEREF page numbers; the report after it is checked
    as without it, and a finding is placed in its own section, not in the contents."""
    entries = []
    headings = [("一、", "部门基本情况", "1"), ("（一）", "部门职能", "1"), ("（二）", "预算收支情况", "1"),
                ("二、", "绩效自评情况", "2"), ("三、", "存在的问题", "2"), ("四、", "改进措施", "3")]
    for index, (marker, text, page) in enumerate(headings):
        page_field = xml_field(f"PAGEREF _Toc{index} " + "\\h", xml_run(page))
        runs = (f'<w:hyperlink w:anchor="_Toc{index}" w:history="1">{xml_run(marker)}<w:r><w:tab/></w:r>'
                f'{xml_run(text)}<w:r><w:tab/></w:r>{page_field}</w:hyperlink>')
        if index == 0:
            runs = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" '
                    '\\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>') + runs
        if index == len(headings) - 1:
            runs += '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        entries.append(f"<w:p>{runs}</w:p>")
    income = xml_paragraph(INCOME.format(other=other))
    body = head() + xml_paragraph("目录") + "".join(entries) + part_one(income) + part_two() + tail()
    path = build_xml_docx(tmp_path / "toc.docx", body)
    assert "一、\t部门基本情况\t1" in read(path).lines
    found = findings(path)
    if other == 80:
        assert found == []
        return
    (finding,) = found
    assert finding.rule == "FRM002" and "相差 10.00万元" in finding.message
    assert finding.location.startswith("一、部门基本情况 › （二）预算收支情况 第1段")


# -- the cover --------------------------------------------------------------------------------
@pytest.mark.parametrize("date", ["2024年3月15日", "2023年3月15日"])
def test_a_cover_in_a_text_box_is_checked_where_it_is(tmp_path, date):
    cover = xml_paragraph(xml_text_box(["填报单位：某某区教育局", f"填报日期：{date}"]))
    path = build_xml_docx(tmp_path / "cover.docx", xml_paragraph(TITLE) + cover + part_one() + part_two() + tail())
    found = findings(path)
    if date.startswith("2024"):
        assert found == []
        return
    (finding,) = found
    assert finding.rule == "DAT002" and "2023年3月15日" in finding.message
    assert finding.location.startswith("第1段后的文本框：")


# -- equations and phonetic guides -----------------------------------------------------------
MATH = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'


def math_run(text: str) -> str:
    return f"<m:r><m:t>{text}</m:t></m:r>"


@pytest.mark.parametrize("result", ["96.00%", "98.00%"])
def test_an_equation_is_read_as_its_linear_text(tmp_path, result):
    """An equation (Office Math) is text of the report: a fraction reads numerator/denominator,
    brackets as drawn; before, all of it was dropped."""
    equation = (f'<m:oMath {MATH}>{math_run("预算执行率=")}<m:f><m:num>{math_run("480.00")}</m:num>'
                f'<m:den>{math_run("500.00")}</m:den></m:f>{math_run("×100%=" + result)}</m:oMath>')
    brackets = (f'<m:oMath {MATH}><m:d><m:dPr><m:begChr m:val="（"/><m:endChr m:val="）"/></m:dPr>'
                f'<m:e>{math_run("300.00+180.00")}</m:e></m:d>{math_run("=480.00")}</m:oMath>')
    body = (head() + part_one() + part_two() + xml_paragraph("其中", equation, "。")
            + xml_paragraph("支出合计：", brackets, "万元。") + tail())
    path = build_xml_docx(tmp_path / "equation.docx", body)
    source = read(path)
    assert f"其中预算执行率=480.00/500.00×100%={result}。" in source.lines
    assert "支出合计：（300.00+180.00）=480.00万元。" in source.lines
    found = findings(path)
    if result == "96.00%":
        assert found == []
        return
    (finding,) = found
    assert finding.rule == "FRM001" and "96.00%" in finding.message and "98.00%" in finding.message
    assert finding.location.startswith("二、绩效自评情况 › （二）自评得分情况 第2段")


def test_a_phonetic_guide_is_not_read_into_the_text(tmp_path):
    ruby = ('<w:r><w:ruby><w:rubyPr><w:hps w:val="10"/></w:rubyPr><w:rt><w:r><w:t>bō kuǎn 12</w:t></w:r></w:rt>'
            '<w:rubyBase><w:r><w:t>拨款</w:t></w:r></w:rubyBase></w:ruby></w:r>')
    income = xml_paragraph("2023年度收入合计500.00万元，其中财政", ruby, "收入420.00万元，其他收入80.00万元。")
    path = build_xml_docx(tmp_path / "ruby.docx", head() + part_one(income) + part_two() + tail())
    assert INCOME.format(other=80) in read(path).lines
    assert findings(path) == []


def test_broken_fields_hide_one_paragraph_at_most(tmp_path):
    """Field marks without their end (or an end without a beginning) cost nothing further: the
    code of an unfinished field ends with its paragraph."""
    opened = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' * 2000
    results = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' * 2000)
    stray = '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    body = (xml_paragraph("前文", opened, "代码") + xml_paragraph("后文") + xml_paragraph(results, "结果")
            + xml_paragraph(stray, "仍可见") + "".join(xml_paragraph(f"第{n}段") for n in range(200)))
    lines = read(build_xml_docx(tmp_path / "fields.docx", body, numbering=None)).lines
    assert lines[:4] == ["前文", "后文", "结果", "仍可见"] and lines[-1] == "第199段"
