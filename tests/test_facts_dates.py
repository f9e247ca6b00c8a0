"""The dates and report facts (core/facts/dates.py, core/facts/report.py) on the four seeds and beyond."""

from __future__ import annotations

import time
from datetime import date

import pytest

from reportlint.facts import Facts
from reportlint.facts.dates import DateMention, DateRange, DocumentNumber, dates_in, every_point, read_text_dates
from reportlint.facts.report import ReportFacts, YearClaim
from reportlint.input.source import Source
from reportlint.parse.outline import evaluated_year, reporting_unit
from reportlint.plugins.dates.rules import ImpossibleDate
from reportlint.run.runner import get_manager, parse_with
from util import at, check, inject, seed_text


def facts_of(text: str) -> Facts:
    source = Source(text, "report.txt")
    return Facts(parse_with(source, get_manager(), None), source)


def seed_facts(key: str) -> Facts:
    return facts_of(seed_text(key))


def on_line(facts: Facts, line: int) -> list:
    return [item for item in facts.dates if item.line == line]


def row_of(item) -> tuple:
    row = item.row()
    return (row["kind"], row["line"], row["label"], row["year"], row["value"], row["qualifier"], row["text"])


# -- the four seeds: values, labels, years, lines ------------------------------------------
def test_seed_000_dates():
    facts = seed_facts("000")
    assert len(facts.dates) == 23 and sum(isinstance(item, DateRange) for item in facts.dates) == 3
    assert [row_of(item) for item in on_line(facts, 10)] == [
        ("date", 10, "填报日期", 2022, "2022-05-18", "done", "2022年5月18日")]
    (schedule,) = on_line(facts, 79)
    assert row_of(schedule) == ("date_range", 79, "", 2022, "2022-04-08/2022-04-18", "done", "2022年4月8至18日")
    assert (schedule.first.day, schedule.last.day, schedule.last.in_range) == (8, 18, True)
    assert schedule.section[:3] == ("自评工作开展情况", "制定工作方案情况", "工作时间安排")
    (sent,) = on_line(facts, 89)
    assert row_of(sent) == ("date", 89, "报送自评材料将于", 2022, "2022-05-20", "planned", "2022年5月20日")
    (april,) = [item for item in on_line(facts, 27) if item.precision == "day"]
    assert (april.year, april.year_stated, april.shown, april.label) == (2021, False, "（2021年）4月26日", "返京后于")
    assert (april.span.line, april.span.column, april.span.end_column) == (27, 88, 93)


def test_seed_000_document_numbers():
    numbers = seed_facts("000").document_numbers
    assert [(n.line, n.text, n.issuer, n.year, n.serial) for n in numbers] == [
        (11, "湛改委发〔2020〕1号", "湛改委发", 2020, 1), (11, "财〔预2020〕10号", "财", 2020, 10),
        (11, "湛财评〔2019〕26号", "湛财评", 2019, 26), (11, "湛财绩〔2022〕3号", "湛财绩", 2022, 3)]
    malformed = numbers[1]
    assert malformed.problem and "括号内应只写年份" in malformed.problem
    assert malformed.shown == malformed.suggestion == "财预〔2020〕10号"
    assert malformed.row()["qualifier"] == "malformed" and numbers[0].row()["qualifier"] == ""


def test_seed_000_report():
    report = seed_facts("000").report
    assert (report.year, report.evaluated_year.source, report.evaluated_year.span.line) == (2021, "评价年度", 4)
    assert [(c.source, c.year, c.fits, c.line, c.text) for c in report.claims] == [
        ("评价年度", 2021, (2021,), 4, "2021年度"), ("前言", 2021, (2021,), 11, "2021年"),
        ("自评通知", 2022, (2021,), 11, "2022年"), ("通知文号", 2022, (2021, 2022), 11, "湛财绩〔2022〕3号")]
    assert report.supporting == report.claims and report.contradicting == []
    assert report.filing_date.value == date(2022, 5, 18) and report.filing_date.span.line == 10
    assert (report.unit.value, report.unit.source) == ("湛江市人民政府驻北京联络处本级", "评价单位")
    assert (report.profile.value, report.profile.source) == ("guangdong-zhanjiang", "模板识别")


def test_seed_001():
    facts = seed_facts("001")
    assert len(facts.dates) == 17
    (formed,) = on_line(facts, 58)
    assert row_of(formed) == ("date", 58, "", 2020, "2020-08-03", "done", "2020年8月3日")
    assert formed.section == ("自评工作开展情况", "评价小组情况")
    (founded,) = on_line(facts, 18)
    assert (founded.label, founded.year, founded.precision) == ("市府办公室成立于", 1983, "year")
    (number,) = facts.document_numbers
    assert (number.line, number.text, number.year, number.serial, number.problem) == (12, "湛财绩[2021]5号", 2021, 5, None)
    report = facts.report
    assert (report.year, report.evaluated_year.source) == (2020, "评价年度")
    assert report.filing_date.value == date(2021, 6, 1) and report.filing.line == 11
    assert report.unit.value == "湛江市人民政府办公室"


def test_seed_002():
    facts = seed_facts("002")
    assert len(facts.dates) == 14
    assert [(item.year, item.text) for item in on_line(facts, 77)] == [(2024, "2024年"), (2024, "2024年"), (2023, "2023年")]
    (may,) = on_line(facts, 95)
    assert (may.year, may.month, may.day, may.label, may.row()["value"]) == (None, 5, 14, "自评材料于", "--05-14")
    (founded,) = on_line(facts, 14)[:1]
    assert (founded.label, founded.row()["value"]) == ("广州办成立于", "1958-11")
    assert [(n.line, n.year, n.serial) for n in facts.document_numbers] == [(9, 2025, 2), (18, 2010, 311)]
    assert facts.document_numbers[0].label == "根据湛江市财政局关于开展2025年市级财政资金绩效自评工作的通知"
    report = facts.report
    assert report.year == 2024 and report.filing_date.value == date(2025, 5, 14)
    assert {c.source: c.fits for c in report.claims} == {"评价年度": (2024,), "前言": (2024,), "自评通知": (2024,),
                                                         "通知文号": (2024, 2025)}
    assert (report.unit.value, report.unit.span.line) == ("湛江市人民政府驻广州办事处", 7)


def test_seed_004():
    facts = seed_facts("004")
    assert len(facts.dates) == 33 and facts.document_numbers == []
    (filed,) = on_line(facts, 189)
    assert (filed.iso, filed.label, filed.section) == ("2024-06-06", "填报日期", ("附件1-1 部门整体支出绩效评价基础数据表",))
    (plan,) = on_line(facts, 261)
    assert row_of(plan) == ("date_range", 261, "", 2021, "2021/2035", "done", "2021-2035年")
    (done,) = on_line(facts, 293)
    assert (done.iso, done.precision, done.mood) == ("2023-12-21", "day", "done")
    assert [item.iso for item in on_line(facts, 259)] == ["2023-05", "2023-06"]  # year from 2023年 earlier in the cell
    report = facts.report
    assert (report.year, report.evaluated_year.source, report.evaluated_year.text) == (2023, "标题", "2023年")
    assert [c.source for c in report.claims] == ["标题"]
    assert report.filing_date.value == date(2024, 6, 6) and report.filing_date.span.line == 189
    assert (report.unit.value, report.unit.source, report.unit.span.line) == ("湖南省怀化市人民政府驻北京联络处", "填报单位", 67)
    assert report.profile.value == "hunan"


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_every_fact_is_typed_placed_and_exportable(key):
    facts = seed_facts(key)
    text = seed_text(key).split("\n")
    for item in [*facts.dates, *facts.document_numbers, *facts.report.claims, *facts.report.filings]:
        row = item.row()
        assert set(row) == {"kind", "line", "column", "section", "label", "year", "value", "unit", "qualifier", "text"}
        line = text[item.span.line - 1]
        assert line[item.span.column - 1:item.span.end_column - 1] == item.text  # the span covers the text
        assert item == item and item != item.model_copy()  # facts compare by identity
    for item in facts.dates:
        assert isinstance(item, (DateMention, DateRange)) and dates_in(facts, item.block) is not None
        assert item in dates_in(facts, item.block).dates()
    points = list(every_point(facts))
    assert len(points) == len(facts.dates) + sum(isinstance(item, DateRange) for item in facts.dates)
    assert facts.get("dates") is facts.dates  # extracted once


# -- moods -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, mood", [
    ("2022年5月18日召开会议", "done"),
    ("将于2022年5月20日寄出", "planned"),
    ("定于2022年5月20日召开", "planned"),
    ("2022年5月20日前完成自评", "deadline"),
    ("截至2022年12月31日，已完成", "deadline"),
    ("计划于2022年5月20日前完成", "planned"),  # a plan word wins over a deadline
    ("2022年5月20日完成。将开展下一步", "done"),  # the plan is another sentence
])
def test_moods(text, mood):
    (first, *_) = read_text_dates(text).dates()
    assert first.mood == mood


# -- one evaluated year everywhere -------------------------------------------------------
def test_evaluated_year_is_one_answer_where_the_outline_used_to_differ():
    # 评价年度 says 2023, the preamble, the notice and its number say 2024: the old outline
    # reading (评价年度 first) gave 2023 to SCO and `reportlint parse`, DAT said 2024.
    text = inject(seed_text("002"), 6, "2024年度", "2023年度")
    facts = facts_of(text)
    report = facts.report
    assert report.year == 2024 and report.evaluated_year.source == "前言"
    assert [c.source for c in report.contradicting] == ["评价年度"]
    assert evaluated_year(facts.document) == 2024
    assert at(check(text, select=["DAT003"])) == [("DAT003", 6)]


def test_evaluated_year_in_chinese_numerals():
    text = inject(seed_text("000"), 4, "2021年度", "二〇二一年度")  # the old outline regex read no year here
    facts = facts_of(text)
    assert facts.report.year == 2021 and evaluated_year(facts.document) == 2021
    assert facts.report.evaluated_year.text == "二〇二一年度"


def test_a_built_document_where_field_and_prose_disagree():
    text = ("部门整体支出绩效自评报告\n评价年度：2021年度\n"
            "根据《关于开展2023年市级财政资金绩效自评工作的通知》（湛财绩〔2023〕2号），"
            "现将2022年度部门整体支出绩效自评情况报告如下：\n一、部门基本情况\n")
    facts = facts_of(text)
    assert [(c.source, c.fits) for c in facts.report.claims] == [
        ("评价年度", (2021,)), ("前言", (2022,)), ("自评通知", (2022,)), ("通知文号", (2022, 2023))]
    assert facts.report.year == 2022 == evaluated_year(facts.document)
    assert [c.source for c in facts.report.contradicting] == ["评价年度"]


def test_a_year_that_begins_the_projects_name_gives_way_to_the_stated_year():
    text = ("某县交通运输局2021年乡村公路养护补助资金项目支出绩效自评报告\n（2022年度）\n"
            "项目名称：2021年乡村公路养护补助资金项目\n一、项目基本情况\n")
    report = facts_of(text).report
    assert [(c.source, c.year, c.fits) for c in report.claims] == [("标题", 2021, (2021, 2022)), ("表头", 2022, (2022,))]
    assert report.year == 2022 and report.evaluated_year.source == "表头" and report.contradicting == []
    # 2021年度 in a title names the year evaluated, the name or not
    department = facts_of(text.replace("2021年乡村", "2021年度乡村", 1)).report
    assert department.year == 2021 and [c.source for c in department.contradicting] == ["表头"]


def test_a_cited_notice_alone_settles_nothing():
    report = facts_of("部门整体支出绩效自评报告\n根据《关于开展2023年市级财政资金绩效自评工作的通知》要求，我单位开展自评。\n").report
    assert [c.source for c in report.claims] == ["自评通知"] and report.year is None and report.evaluated_year is None


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_the_outline_functions_give_the_report_facts(key):
    facts = seed_facts(key)
    assert evaluated_year(facts.document) == facts.report.year
    assert reporting_unit(facts.document) == facts.report.unit.value


def test_report_rows_and_models():
    report = seed_facts("000").report
    assert isinstance(report, ReportFacts) and all(isinstance(c, YearClaim) for c in report.claims)
    rows = report.rows()
    assert [(r["kind"], r["line"], r["label"], r["year"]) for r in rows] == [
        ("year_claim", 4, "评价年度", 2021), ("filing_date", 10, "填报日期", 2022), ("year_claim", 11, "自评通知", 2022),
        ("year_claim", 11, "通知文号", 2022), ("year_claim", 11, "前言", 2021)]
    assert rows[1]["value"] == "2022-05-18"


# -- robustness: no crash, no quadratic blow-up ---------------------------------------------
@pytest.mark.parametrize("text", ["", "年", "〔", "填报日期：\n", "2022年" * 3000, "5月" * 3000 + "18日",
                                  "湛财绩〔" * 2000, "计划" + "2022年5月1日，" * 2000, "二〇二二年十三月四十日至" * 200])
def test_hostile_text_is_read_quickly(text):
    start = time.perf_counter()
    facts = facts_of(text)
    facts.dates, facts.document_numbers, facts.report
    assert time.perf_counter() - start < 2.0


def test_a_crashing_rule_is_reported_and_the_others_still_report(monkeypatch):
    def broken(self, context):
        raise RuntimeError("boom")

    monkeypatch.setattr(ImpossibleDate, "check", broken)
    findings = check(seed_text("000"), select=["DAT", "PRS001"])
    assert at(findings) == [("DAT008", 11), ("PRS001", 1)]
    assert "DAT001" in [f for f in findings if f.rule == "PRS001"][0].message


def test_document_number_fact_kinds():
    (number,) = read_text_dates("湛财绩〔20241号").numbers
    assert isinstance(number, DocumentNumber) and number.shown == "湛财绩〔2024〕1号"
    assert number.row()["value"] == "湛财绩〔2024〕1号" and number.row()["year"] == 2024


def test_plan_words_are_data():
    from reportlint.facts.vocabulary import Vocabulary

    text = "部门整体支出绩效自评报告\n有望于2022年5月20日完成\n"
    source = Source(text, "report.txt")
    document = parse_with(source, get_manager(), None)
    assert [d.mood for d in Facts(document, source).dates] == ["done"]
    vocab = Vocabulary.load(extra={"moods": {"planned": ["有望"]}})
    assert [d.mood for d in Facts(document, source, vocab=vocab).dates] == ["planned"]


@pytest.mark.parametrize("text, first, last", [
    ("某局2022年1-9月部门整体支出绩效评价报告", (2022, 1), (2022, 9)),
    ("2023年1至6月，支出进度为45%", (2023, 1), (2023, 6)),
    ("2021年3—5月开展培训", (2021, 3), (2021, 5)),
])
def test_the_months_of_a_year_written_with_one_month_word_are_one_range(text, first, last):
    found = read_text_dates(text)
    assert [(r.first.year, r.first.month, r.last.year, r.last.month, r.first.day, r.last.day)
            for r in found.ranges] == [(*first, *last, None, None)]
    assert [(p.year, p.month) for p in found.points] == [first, last]


@pytest.mark.parametrize("text, points", [
    ("2022年1-9月30日完成", [(2022, None, None), (2022, 9, 30)]),  # a day follows: not the months 1 to 9
    ("2022年9-3月", [(2022, None, None), (2022, 3, None)]),  # backwards: no span of months
    ("2022年度1-9月", [(2022, None, None), (2022, 9, None)]),  # a fiscal year: read as before
])
def test_what_is_no_span_of_months_is_read_as_before(text, points):
    found = read_text_dates(text)
    assert found.ranges == []
    assert [(p.year, p.month, p.day) for p in found.points] == points


# -- the anchored scan is a speed device: it finds what a plain left-to-right scan finds ------
def _plain_points(text: str) -> list[tuple[int, int, str]]:
    from reportlint.facts.dates import _POINT

    return [(m.start(), m.end(), m.group()) for m in _POINT.finditer(text)]


def _anchored_points(text: str) -> list[tuple[int, int, str]]:
    from reportlint.facts.dates import _point_matches

    return [(m.start(), m.end(), m.group()) for m in _point_matches(text)]


@pytest.mark.parametrize("text, expected", [
    ("支出3132.88万元，于2022-05-18完成，2022.5.20验收", [(13, 23, "2022-05-18"), (26, 35, "2022.5.20")]),
    ("规划（二〇二一至二〇三五年）", [(3, 13, "二〇二一至二〇三五年")]),
    ("一是加强管理，二是5月14日前完成", [(9, 14, "5月14日")]),
    ("版本1.2.3，编号10.5.6，共12.5人", []),
    ("金额2022.50万元，2020.1.5日发文，3.2020-1-8", [(12, 20, "2020.1.5")]),
    ("预计2023.12完成，共1999.5.8", [(13, 21, "1999.5.8")]),
])
def test_points_are_found_at_their_offsets_among_decimals_and_numerals(text, expected):
    assert _anchored_points(text) == expected == _plain_points(text)


def test_the_anchored_scan_agrees_with_a_plain_scan_on_many_mixed_strings():
    import random

    pieces = ["2022", "2021年", "年", "月", "日", "号", "度", "至", "-", "/", ".", "12", "5", "31", "3132.88",
              "十二", "二〇二二", "〇", "一", "十", " ", "，", "为", "万元", "1,000", "第", "A", "19", "20", "1999",
              "2020.1", "12.5"]
    chooser = random.Random(11)
    for _ in range(6000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 24)))
        assert _anchored_points(text) == _plain_points(text), text


def test_a_cell_of_plain_figures_has_no_dates_and_a_cell_with_a_day_has_one():
    facts = facts_of("2022年部门整体支出绩效自评报告\n\n| 项目 | 金额 | 日期 |\n| --- | --- | --- |\n"
                     "| 基本支出 | 3132.88 | 2022年5月18日 |\n")
    found = [(item.text, item.year, item.month, item.day, item.line) for item in facts.dates
             if isinstance(item, DateMention) and item.day is not None]
    assert found == [("2022年5月18日", 2022, 5, 18, 5)]
    assert all("3132.88" not in item.text for item in facts.dates)


# -- document numbers: read from the bracket, the issuer read back in code ---------------------
# The patterns the reader used before, issuer first: the reference the bracket-first reading
# must agree with, number for number (start, end, issuer).
_REFERENCE_ISSUER = r"(?P<issuer>(?<=[（(《“\"‘'：:，,、 ])[\u4e00-\u9fff]{7,10}|[\u4e00-\u9fff]{0,6})"
_REFERENCE_DOCNO = (_REFERENCE_ISSUER + r"(?P<open>[〔\[［【(（])\s*(?P<body>[\u4e00-\u9fff]{0,3}(?:19|20)\d{2})\s*"
                    r"(?P<close>[〕\]］】)）])\s*(?P<serial>\d{1,4})\s*号")
_REFERENCE_FUSED = _REFERENCE_ISSUER + r"(?P<open>[〔［【\[])\s*(?P<year>(?:19|20)\d{2})(?P<serial>\d{1,4})\s*号"


def _reference_numbers(text: str) -> list[tuple[int, int, str]]:
    import re

    found = [(m.start(), m.end(), m.group("issuer")) for m in re.finditer(_REFERENCE_DOCNO, text)]
    for m in re.finditer(_REFERENCE_FUSED, text):
        if not any(start <= m.start("open") < end for start, end, _ in found):
            found.append((m.start(), m.end(), m.group("issuer")))
    return sorted(found)


def _numbers(text: str) -> list[tuple[int, int, str]]:
    return sorted((n.start, n.end, n.issuer) for n in read_text_dates(text).numbers)


@pytest.mark.parametrize("text", [
    "根据（双桥经开财务发〔2022〕6号）", "（双桥经开财务发〔20226号）", "根据要求湛财绩〔2022〕3号执行",
    "：示范区管委会办公室综合发〔2022〕5号", "湛财绩〔2022〕3号湛财绩〔2023〕4号", "财〔预2020〕10号",
    "（一二三四五六七八九十一〔2022〕3号）", "号〔2022〕3号", "湛财绩〔20221号湛财绩〔20232号", "（〔2022〕3号", "，七个字的代字〔20221号",
])
def test_document_numbers_agree_with_the_issuer_first_patterns(text):
    assert _numbers(text) == _reference_numbers(text)


def test_document_numbers_agree_with_the_issuer_first_patterns_on_random_text():
    import random

    chooser = random.Random(7)
    pieces = ["湛", "财", "绩", "发", "号", "〔", "〕", "[", "]", "【", "】", "（", "）", "(", ")", "《", "“",
              "：", "，", "、", " ", "2022", "2023", "19", "3", "12", "5", "预", "年", "a"]
    for _ in range(6000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 40)))
        assert _numbers(text) == _reference_numbers(text), text
