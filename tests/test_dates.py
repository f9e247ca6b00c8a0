"""The dates plugin (DAT): every date form understood, every rule in both directions."""

from __future__ import annotations

import time

import pytest

from reportlint.facts import Facts
from reportlint.facts.dates import read_text_dates
from reportlint.input.source import Source
from reportlint.plugins.dates.rules import RULES
from reportlint.run.runner import get_manager, parse_with
from util import at, check, check_seed, inject, seed_text


def extract_block(text: str):
    return read_text_dates(text)


def points(text: str) -> list[tuple]:
    return [(m.year, m.month, m.day) for m in extract_block(text).points]


def ranges(text: str) -> list[tuple]:
    return [((r.first.year, r.first.month, r.first.day), (r.last.year, r.last.month, r.last.day))
            for r in extract_block(text).ranges]


def facts_of(text: str, path: str = "report.txt") -> Facts:
    source = Source(text, path)
    return Facts(parse_with(source, get_manager(), None), source)


def no_crash(findings) -> list:
    """The findings, after asserting that no rule or plugin crashed (a crash is a PRS001 finding)."""
    crashes = [f.message for f in findings if f.rule == "PRS001"]
    assert crashes == [], crashes
    return findings


# -- every date form -------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("填报日期：2022年5月18日", (2022, 5, 18)),
    ("于2022-05-18完成", (2022, 5, 18)),
    ("于2022/5/18完成", (2022, 5, 18)),
    ("于2022.5.18完成", (2022, 5, 18)),
    ("二〇二二年五月十八日", (2022, 5, 18)),
    ("二零二一年十二月三十一日", (2021, 12, 31)),
    ("２０２２年５月１８日", (2022, 5, 18)),
    ("２０２２．５．１８", (2022, 5, 18)),
    ("5月18号寄出", (None, 5, 18)),
    ("2022年4月", (2022, 4, None)),
    ("2021年度", (2021, None, None)),
    ("2021年", (2021, None, None)),
])
def test_every_point_form(text, expected):
    assert points(text) == [expected]


def test_a_date_without_year_takes_the_year_named_earlier_in_the_block():
    found = extract_block("2021年新年伊始，返京后于4月26日召开专题会议").points
    assert [(m.year, m.month, m.day, m.year_stated) for m in found] == [(2021, None, None, True), (2021, 4, 26, False)]
    assert found[1].shown == "（2021年）4月26日"


def test_a_span_of_years_lends_no_year_to_later_dates():
    found = extract_block("规划（2021-2035年）中期调整时。9月3日，座谈会").points
    assert found[-1].year is None and (found[-1].month, found[-1].day) == (9, 3)


@pytest.mark.parametrize("text, expected", [
    ("2022年4月8至18日", [((2022, 4, 8), (2022, 4, 18))]),
    ("2022年4月19日至5月15日", [((2022, 4, 19), (2022, 5, 15))]),
    ("2022年4月8日-18日", [((2022, 4, 8), (2022, 4, 18))]),
    ("2022年4月至6月", [((2022, 4, None), (2022, 6, None))]),
    ("4月19日至5月15日", [((None, 4, 19), (None, 5, 15))]),
    ("二〇二二年五月八日至十八日", [((2022, 5, 8), (2022, 5, 18))]),
    ("（2021-2035年）", [((2021, None, None), (2035, None, None))]),
    ("2021年12月20日至2022年1月10日", [((2021, 12, 20), (2022, 1, 10))]),
])
def test_every_range_form(text, expected):
    assert ranges(text) == expected


@pytest.mark.parametrize("text", ["金额2022.55万元", "增长3.5%", "共13个月", "第1.2.3条", "十九届六中全会", "13月"])
def test_numbers_that_are_not_dates(text):
    assert points(text) == [] and ranges(text) == []


@pytest.mark.parametrize("text, year, serial, problem", [
    ("湛财绩〔2022〕3号", 2022, 3, None),
    ("湛财绩[2021]5号", 2021, 5, None),
    ("湛财绩〔20241号", 2024, 1, "缺少右括号"),
    ("财〔预2020〕10号", 2020, 10, "括号内应只写年份"),
])
def test_document_numbers(text, year, serial, problem):
    (number,) = extract_block(text).numbers
    assert (number.year, number.serial) == (year, serial)
    assert (number.problem is None) if problem is None else (problem in number.problem)


@pytest.mark.parametrize("text, issuer", [
    ("根据（东山经开财务发〔2022〕3号）执行", "东山经开财务发"),  # a long code after a bracket: whole
    ("见《示范区管委会办公室发〔2022〕5号》", "示范区管委会办公室发"),
    ("根据要求湛财绩〔2022〕3号执行", "据要求湛财绩"),  # running text: the six characters before it
    ("湛财绩〔2022〕3号", "湛财绩"),
])
def test_the_issuer_is_a_long_code_whole_or_six_characters_of_running_text(text, issuer):
    (number,) = extract_block(text).numbers
    assert number.issuer == issuer
    assert number.text == text[text.index(issuer):text.index("号") + 1]


def test_a_fused_number_after_a_long_code_is_quoted_and_fixed_whole():
    text = "根据《关于开展绩效自评的通知》(东山经开财务发〔20223号)要求，现报告如下。\n"
    (finding,) = check(text, select=["DAT008"])
    assert (finding.line, finding.column) == (1, text.index("东") + 1)
    assert "“东山经开财务发〔20223号”" in finding.message and "应为“东山经开财务发〔2022〕3号”" in finding.message


@pytest.mark.parametrize("text, problem", [
    ("2022年2月30日", "2月只有28天"),
    ("5月38日", "5月只有31天"),
    ("2022年13月", "没有13月"),
    ("13月5日", "没有13月"),
    ("2023年2月29日", "2023年不是闰年"),
    ("二〇二二年五月三十二日", "5月只有31天"),
])
def test_impossible_dates_say_why(text, problem):
    (mention,) = extract_block(text).points
    assert problem in mention.problem()


def test_leap_day_and_unknown_year_february_29_are_possible():
    assert all(m.valid for m in extract_block("2024年2月29日，2月29日").points)


@pytest.mark.parametrize("value, expected", [
    ("2022年5月18日", (2022, 5, 18)), (" 2024年6月6日", (2024, 6, 6)), ("202511", None), ("2025年11月", None), ("", None),
])
def test_filing_date_values(value, expected):
    filing = facts_of(f"评价年度：2021年度\n填报日期：{value}\n").report.filings
    mention = filing[0].date if filing else None
    assert (None if mention is None else (mention.year, mention.month, mention.day)) == expected


# -- the report's own dates ------------------------------------------------------------
@pytest.mark.parametrize("key, year, filed", [
    ("000", 2021, (2022, 5, 18)), ("001", 2020, (2021, 6, 1)), ("002", 2024, (2025, 5, 14)), ("004", 2023, (2024, 6, 6)),
])
def test_evaluated_year_and_filing_date_of_the_seeds(key, year, filed):
    report = facts_of(seed_text(key)).report
    assert report.year == year and report.evaluated_year.value == year
    date = report.filing.date
    assert report.filing_date.value == date.first_day()
    assert (date.year, date.month, date.day) == filed


def test_the_notice_year_is_the_year_after_the_evaluated_year():
    report = facts_of(seed_text("002")).report
    sources = {claim.source: (claim.year, sorted(claim.fits)) for claim in report.claims}
    assert sources == {"评价年度": (2024, [2024]), "前言": (2024, [2024]), "自评通知": (2025, [2024]),
                       "通知文号": (2025, [2024, 2025])}


# -- the seeds: only their real mistakes -------------------------------------------------
@pytest.mark.parametrize("key, expected", [
    ("000", [("DAT008", 11)]),
    ("001", [("DAT007", 58)]),
    ("002", [("DAT006", 77)]),
    ("004", []),
])
def test_seed_findings(key, expected):
    assert at(check_seed(key, select=["DAT"])) == expected


def test_002_77_points_at_the_wrong_year_and_names_both_figures():
    (finding,) = check_seed("002", select=["DAT006"])
    line = seed_text("002").split("\n")[76]
    assert line[finding.column - 1:finding.end_column - 1] == "2023年决算支出1564.1万元"
    assert "2024年决算收入1557.15万元" in finding.message and "2023年决算支出1564.1万元" in finding.message
    assert finding.evidence.stated == "2023" and finding.evidence.computed == "2024"
    assert finding.suggestion == "2024年决算支出1564.1万元"


def test_001_58_names_the_date_the_year_end_and_the_filing_date():
    (finding,) = check_seed("001", select=["DAT007"])
    assert (finding.line, finding.column, finding.end_column) == (58, 33, 42)
    assert "2020年8月3日" in finding.message and "2020年12月31日" in finding.message
    assert "填报日期2021年6月1日（第11行）" in finding.message


# -- injected defects: found, and the consistent original silent -------------------------
def _check(key, line, old, new, rule):
    return at(check(inject(seed_text(key), line, old, new), select=[rule]))


def test_filing_date_inside_the_evaluated_year():
    assert _check("000", 10, "2022年5月18日", "2021年5月18日", "DAT002") == [("DAT002", 10)]
    assert _check("000", 10, "2022年5月18日", "2022年1月1日", "DAT002") == []
    findings = check(inject(seed_text("001"), 11, "2021年6月1日", "2020年12月31日"), select=["DAT002"])
    assert "填报日期2020年12月31日未晚于评价年度2020年结束（2020年12月31日）" in findings[0].message


def test_filing_date_implausibly_late():
    assert _check("004", 189, "2024年6月6日", "2025年1月6日", "DAT002") == [("DAT002", 189)]
    assert _check("004", 189, "2024年6月6日", "2024年12月6日", "DAT002") == []


def test_impossible_dates_in_seed_copies():
    assert _check("000", 85, "2022年5月18日", "2022年2月30日", "DAT001") == [("DAT001", 85)]
    assert _check("004", 293, "2023年12月21日", "二〇二三年十三月二十一日", "DAT001") == [("DAT001", 293)]
    assert _check("002", 8, "2025年5月14日", "202511", "DAT001") == [("DAT001", 8)]
    assert _check("002", 8, "2025年5月14日", "    年  月  日", "DAT001") == []  # left blank: not a date mistake


def test_reversed_range_in_seed_copy():
    assert _check("000", 79, "4月8至18日", "4月18至8日", "DAT004") == [("DAT004", 79)]
    assert _check("000", 81, "至5月15日", "至3月15日", "DAT004") == [("DAT004", 81)]


def test_schedule_going_back_in_seed_copy():
    assert _check("000", 85, "(4)2022年5月18日", "(4)2022年5月8日", "DAT005") == [("DAT005", 85)]
    assert _check("000", 85, "(4)2022年5月18日", "(4)2022年5月15日", "DAT005") == []  # same day as the step above


def test_evaluated_year_mismatch_in_seed_copies():
    assert _check("000", 11, "现将2021年度", "现将二〇二〇年度", "DAT003") == [("DAT003", 11)]
    assert _check("000", 11, "现将2021年度", "现将二〇二一年度", "DAT003") == []
    assert _check("001", 12, "湛财绩[2021]5号", "湛财绩[2019]5号", "DAT003") == [("DAT003", 12)]
    assert _check("001", 12, "湛财绩[2021]5号", "湛财绩[2020]5号", "DAT003") == []  # issued in the year's last weeks


def test_self_evaluation_work_in_seed_copies():
    assert _check("000", 89, "将于2022年5月20日寄出", "于2022年5月20日寄出", "DAT007") == [("DAT007", 89)]
    assert _check("000", 83, "2022年5月15日至18日", "2022年5月15日至19日", "DAT007") == [("DAT007", 83)]
    assert _check("001", 58, "2020年8月3日", "2021年1月3日", "DAT007") == []
    assert _check("002", 83, "2025年绩效自评工作", "2024年绩效自评工作", "DAT007") == []  # a year is not a date of work


def test_result_dated_wrong_year_leaves_comparisons_alone():
    text = "评价年度：2024年度\n2024年决算收入1557.15万元；2023年决算支出1564.1万元，较上年增加10万元。\n"
    assert at(check(text, select=["DAT006"])) == []
    text = "评价年度：2024年度\n2024年决算收入1557.15万元；2023年决算支出1564.1万元。\n"
    assert at(check(text, select=["DAT006"])) == [("DAT006", 2)]
    text = "评价年度：2024年度\n2023年决算支出1564.1万元。\n"  # nothing dated 2024 beside it: stay silent
    assert at(check(text, select=["DAT006"])) == []


def test_malformed_document_number_in_seed_copy():
    assert _check("002", 9, "湛财绩[2025]2号", "湛财绩〔20252号", "DAT008") == [("DAT008", 9)]
    assert _check("000", 11, "财〔预2020〕10号", "财预〔2020〕10号", "DAT008") == []


# -- robustness and speed ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "填报日期：", "评价年度：年度\n填报日期：2022年", "二、自评工作开展情况\n4.工作时间安排\n(1)\n(2)至", "〔", "年月日号",
    "2022年5月至", "至18日", "9999年99月99日", "二〇二二年十三月四十日至", "评价年度：2021年度\n填报日期：2021年2月30日",
])
def test_odd_input_never_crashes(text):
    no_crash(check(text, select=["DAT", "PRS001"]))
    facts = facts_of(text)
    assert isinstance(facts.dates, list) and isinstance(facts.document_numbers, list) and facts.report is not None


def test_rules_are_well_formed_and_documented():
    assert [rule.code for rule in RULES] == [f"DAT{i:03d}" for i in range(1, 16)]
    for rule in RULES:
        assert rule.problems() == []


def test_speed_per_report():
    texts = [seed_text(key) for key in ("000", "001", "002", "004")]
    documents = [(parse_with(Source(text, "r.txt"), get_manager(), None), Source(text, "r.txt")) for text in texts]
    start = time.perf_counter()
    for _ in range(5):
        for document, source in documents:
            facts = Facts(document, source)
            facts.dates, facts.report
    per_report = (time.perf_counter() - start) / 20
    assert per_report < 0.01, f"{per_report * 1000:.2f} ms per report"


def test_an_impossible_filing_date_is_reported_once():
    findings = check("评价年度：2021年度\n填报日期：2022年2月30日\n", select=["DAT"])
    assert at(findings) == [("DAT001", 2)] and "2月只有28天" in findings[0].message
    findings = check("评价年度：2021年度\n填报日期：202511\n", select=["DAT"])
    assert at(findings) == [("DAT001", 2)] and "202511" in findings[0].message


# -- dates in the words of the messages -------------------------------------------------------
ISO_DATE = __import__("re").compile(r"\d{4}-\d{1,2}-\d{1,2}")


def test_dates_in_messages_and_evidence_are_written_in_chinese_not_iso():
    """填报日期2021年5月18日 … 应在2022年1月1日及以后: a reader of the report writes dates the
    Chinese way; 2022-01-01 in a Chinese sentence is a programmer's date."""
    text = inject(seed_text("000"), 10, "2022年5月18日", "2021年5月18日")  # DAT002: filed before the year ended
    text = inject(text, 89, "将于2022年5月20日寄出", "于2021年8月3日寄出")  # DAT007: work before the year ended
    findings = no_crash(check(text, path="000.txt"))
    dated = [f for f in findings if f.rule in ("DAT002", "DAT007") and "早于评价年度2021年结束" in f.message]
    assert {(f.rule, f.line) for f in dated} == {("DAT002", 10), ("DAT007", 89)}, at(findings, "DAT")
    for finding in dated:
        assert finding.evidence.computed == "2022年1月1日及以后"
    for finding in findings:
        shown = [finding.message, finding.suggestion or "", finding.evidence.stated or "", finding.evidence.computed or ""]
        assert not any(ISO_DATE.search(words) for words in shown), finding


@pytest.mark.parametrize("sentences", [
    ["2023年度我校教学设备购置项目财政资金总额16.20万元，拨付使用16.20万元，预算执行率100%。"],
    ["2023年度我校教学设备购置项目财政资金总额16.20万元，拨付使用16.20万元，预算执行率100%。",
     "2022年度我校教学设备购置项目财政资金总额16.20万元，拨付使用16.20万元，预算执行率100%。"],
])
def test_a_sentence_repeated_thousands_of_times_is_compared_in_linear_time(sentences):
    """DAT014 compares the ways a sentence is dated, not every pair of its copies."""
    title = "某县第一中学2023年度项目支出绩效自评报告\n一、基本情况\n"
    timings, found = [], []
    for copies in (1000, 4000):
        text = title + "\n".join(sentences * copies) + "\n"
        started = time.perf_counter()
        findings = check(text, select=["DAT014", "PRS001"])
        timings.append(time.perf_counter() - started)
        assert at(findings, "PRS001") == []
        found.append(len(at(findings, "DAT014")))
    assert timings[1] < 7 * timings[0] + 0.2, timings  # 4× the text: about 4× the time, never 16×
    assert found == ([0, 0] if len(sentences) == 1 else [1000, 4000])  # each 2022 copy, once
