"""The reporting unit read from a form: a column heading is never taken for the unit's name."""

import pytest

from reportlint.facts.report import _column_label


@pytest.mark.parametrize("text", ["预算数", "全年执行数", "执行金额", "执行率", "年度指标值", "分值", "得分",
                                  "资金总额（万元）", "占比（%）", "所占比例"])
def test_column_headings_are_not_unit_names(text):
    assert _column_label(text)


@pytest.mark.parametrize("text", ["某某县文化馆", "某某市财政局", "某某县大数据中心", "某某区人民政府办公室",
                                  "某某镇农业综合服务站"])
def test_unit_names_are_kept(text):
    assert not _column_label(text)


def _paragraphs_forwards(document):
    """The report's own paragraphs in reading order, walked from the start (what the signature
    was once looked for in)."""
    from reportlint.parse.model import Paragraph

    out = [block for block in document.front if isinstance(block, Paragraph)]
    for section in document.walk_sections():
        out.append(section.heading)
        out.extend(block for block in section.body if isinstance(block, Paragraph))
    return out


@pytest.mark.parametrize("text", [None, "前言\n一、甲\n正文一\n（一）乙\n正文二\n1.丙\n正文三\n二、丁\n正文四\n（一）戊\n"
                                        "\n某某县财政局\n2023年4月25日\n"])
def test_the_signature_is_looked_for_from_the_end_in_reading_order(text):
    from reportlint.facts.report import _main_paragraphs_backwards
    from reportlint.input.source import Source
    from reportlint.run.runner import get_manager, parse_with
    from util import SEED_NAMES, seed_text

    texts = [seed_text(name) for name in SEED_NAMES] if text is None else [text]
    for body in texts:
        document = parse_with(Source(body, "report.txt"), get_manager(), None)
        backwards = list(_main_paragraphs_backwards(document))
        assert [id(p) for p in backwards[::-1]] == [id(p) for p in _paragraphs_forwards(document)]
        assert len(backwards) > 3


def _report(text):
    from reportlint.facts import Facts
    from reportlint.input.source import Source
    from reportlint.run.runner import get_manager, parse_with

    source = Source(text, "report.txt")
    return Facts(parse_with(source, get_manager(), None), source).report


_COVER = ("长乐县2022年度部门整体支出绩效评价自评报告\n部门(单位)名称:长乐县白沙镇人民政府\n评价机构:部门(单位)评价组\n"
          "{fields}长乐县财政局(制)\n一、部门(单位)基本概况\n人员编制60人。\n")


def test_a_cover_report_date_is_the_filing_date():
    report = _report(_COVER.format(fields="报告日期:2023年3月18日\n"))
    assert report.filing_date is not None and str(report.filing_date.value) == "2023-03-18"
    assert report.filing_date.source == "报告日期" and report.filing_date.span.line == 4
    assert [(f.source, f.value) for f in report.filings] == [("报告日期", "2023年3月18日")]


def test_a_filing_field_comes_before_the_cover_report_date():
    report = _report(_COVER.format(fields="填报日期：2023年3月5日\n报告日期:2022年12月31日\n"))
    assert report.filing_date.source == "填报日期" and str(report.filing_date.value) == "2023-03-05"
    assert [f.source for f in report.filings] == ["填报日期"]  # the other is no filing date to check


@pytest.mark.parametrize("line", ["本报告日期为2023年3月18日。\n", "报告日期说明：2023年3月18日\n"])
def test_a_sentence_on_the_report_date_is_no_field(line):
    assert _report(_COVER.format(fields=line)).filing_date is None


@pytest.mark.parametrize("title, unit", [
    ("2021年林业局部门整体支出绩效自评报告", "林业局"),  # a year, then a unit of two characters and its kind
    ("关于2021年度水利局部门整体支出绩效自评报告", "水利局"),  # 年度 before it: not 度水利局
    ("某某市林业局2021年度部门整体支出绩效自评报告", "某某市林业局"),
    ("2021年某某市发展和改革局整体支出绩效自评报告", "某某市发展和改革局"),
    ("本局2021年度部门整体支出绩效自评报告", None),  # 本局 names no unit
])
def test_the_unit_a_title_names(title, unit):
    from reportlint.facts.report import title_unit

    assert title_unit(title) == unit


def test_a_title_with_a_year_before_a_short_unit_name_gives_that_unit():
    report = _report("2021年林业局部门整体支出绩效自评报告\n一、部门基本情况\n本局编制20人。\n")
    assert report.unit is not None and (report.unit.value, report.unit.source) == ("林业局", "标题")


def test_a_cover_tables_filing_date_cell_is_the_filing_date():
    report = _report("某某县文化馆2023年度部门整体支出绩效自评报告\n\t填报单位\n\t某某县文化馆\n\n\t填报日期：\n\t2024年3月15日\n\n"
                     "一、部门基本情况\n本馆编制12人。\n")
    assert report.filing_date is not None and str(report.filing_date.value) == "2024-03-15"
    assert (report.filing_date.source, report.filing_date.span.line, report.filing_date.span.column) == ("填报日期", 6, 2)


def test_a_filing_date_cell_inside_the_report_is_no_cover():
    # a table under a heading is the report's content, not its cover
    report = _report("某某县文化馆2023年度部门整体支出绩效自评报告\n一、部门基本情况\n\t填报日期\n\t2023年3月15日\n\n本馆编制12人。\n")
    assert report.filing_date is None


@pytest.mark.parametrize("title, unit", [
    ("玄马镇关于农村厕所革命建设项目的绩效自评报告", "玄马镇"),  # not 玄马镇关于农村厕所 (厕所 ends in 所)
    ("示范县水利局关于2023年度部门整体支出绩效自评情况的报告", "示范县水利局"),
    ("湛江市财政局关于开展2022年市级财政资金绩效自评工作的通知", None),  # a notice's title: as before
    ("2021年茂名市发展和改革局整体支出绩效自评报告", "茂名市发展和改革局"),
])
def test_the_unit_a_title_names_stands_before_its_guanyu(title, unit):
    from reportlint.facts.report import title_unit

    assert title_unit(title) == unit
