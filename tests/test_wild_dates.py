"""Dates in the wild (issue 12): events after the filing date, the self-evaluation's own survey,
deadlines of a form, plan words, document-number brackets, and web-page dates set aside.

Each shape has a positive and a silent case, written for these tests.
"""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from reportlint.facts.vocabulary import vocabulary
from util import check, parse

HEAD = "某县农业农村局2022年度部门整体支出绩效自评报告\n\n评价年度：2022年度\n\n填报日期：2023年4月20日\n\n"


def codes(text: str, select: list[str]) -> list[str]:
    return [f.rule for f in check(text, select=select)]


# -- DAT009 event-after-filing-date ---------------------------------------------------------------

def test_a_past_event_after_the_filing_date_outside_the_self_evaluation_part():
    text = HEAD + "一、部门基本情况\n\n2023年6月15日，完成全部灌溉设备安装并投入使用。\n"
    found = check(text, select=["DAT009"])
    assert [f.rule for f in found] == ["DAT009"]
    assert "2023年6月15日晚于填报日期2023年4月20日" in found[0].message


@pytest.mark.parametrize("sentence", [
    "项目定于2023年6月15日完成全部设备安装。",        # a plan word (定于)
    "计划于2023年6月15日完成全部设备安装。",
    "2023年6月15日前完成全部设备安装。",             # a deadline
    "2023年3月15日，完成全部灌溉设备安装并投入使用。",  # before the filing date
])
def test_plans_deadlines_and_earlier_events_stay_silent(sentence):
    assert codes(HEAD + "一、部门基本情况\n\n" + sentence + "\n", ["DAT009"]) == []


def test_a_section_about_what_comes_next_is_all_plans():
    text = HEAD + "一、部门基本情况\n\n正文。\n\n二、下一步改进措施\n\n2023年6月，完成设备更新。\n"
    assert codes(text, ["DAT009"]) == []


def test_the_signature_date_is_the_filing_date_for_dat009():
    text = ("某县农业农村局2022年度部门整体支出绩效自评报告\n\n一、部门基本情况\n\n2023年6月15日，完成设备安装。\n\n"
            "某县农业农村局\n\n2023年4月20日\n")
    found = check(text, select=["DAT009"])
    assert [f.rule for f in found] == ["DAT009"] and "落款" in found[0].message


# -- DAT010 survey-before-year-end -----------------------------------------------------------------

def test_the_self_evaluations_own_survey_dated_inside_the_evaluated_year():
    text = HEAD + "一、绩效指标分析\n\n评价小组于2022年10月发放满意度调查问卷120份，满意度96%。\n"
    found = check(text, select=["DAT010"])
    assert [f.rule for f in found] == ["DAT010"] and "2022年10月" in found[0].message


@pytest.mark.parametrize("sentence", [
    "评价小组于2023年3月发放满意度调查问卷120份，满意度96%。",   # after the year: right
    "2022年10月，我局开展农技服务满意度调查，满意度96%。",        # the unit's own work, not the self-evaluation's
])
def test_a_survey_after_the_year_or_not_of_the_self_evaluation_stays_silent(sentence):
    assert codes(HEAD + "一、绩效指标分析\n\n" + sentence + "\n", ["DAT010"]) == []


# -- DAT011 deadline-year-mismatch -----------------------------------------------------------------

FORM = "项目支出绩效自评表\n\n（2022年度）\n\n\t项目名称\n\t农村道路养护\n\n\t实施周期\n\t{period}\n\n\t时效指标\n\t{deadline}\n\n"


def test_a_deadline_left_from_last_years_form():
    text = FORM.format(period="2022年1月-2022年12月", deadline="2021年12月31日前完成")
    found = check(text, select=["DAT011"])
    assert [f.rule for f in found] == ["DAT011"] and "实施周期" in found[0].message


@pytest.mark.parametrize("period,deadline", [
    ("2022年1月-2022年12月", "2022年12月31日前完成"),
    ("2021年7月-2022年6月", "2021年12月31日前完成"),   # inside a period that began the year before
    ("2022年1月-2022年12月", "截至2021年底已完成前期工作"),  # no deadline: a state at a date
])
def test_a_deadline_in_the_forms_year_or_period_stays_silent(period, deadline):
    assert codes(FORM.format(period=period, deadline=deadline), ["DAT011"]) == []


# -- plan words (data) and the DAT007 false alarms -------------------------------------------------

def test_plan_words_are_data_and_include_dingyu():
    planned = vocabulary().moods.planned
    assert "定于" in planned and "将于" in planned


def test_dingyu_after_the_filing_date_raises_no_dat007():
    text = HEAD + "一、自评工作开展情况\n\n（一）自评材料报送时间及质量\n\n自评材料定于2023年5月20日寄出。\n"
    assert codes(text, ["DAT007"]) == []
    assert codes(text.replace("定于", "已于"), ["DAT007"]) == ["DAT007"]


def test_a_publication_date_of_the_web_page_is_no_work_date():
    page = ("发布日期：2023-06-30\n浏览次数：12\n" + HEAD +
            "一、自评工作开展情况\n\n2023年3月1日成立自评工作小组。\n")
    facts = Facts(parse(page))
    assert [b.span.line for b in parse(page).furniture] == [1, 2]
    assert all(d.line > 2 for d in facts.dates)
    assert codes(page, ["DAT"]) == []


# -- DAT012 document-number-brackets ---------------------------------------------------------------

@pytest.mark.parametrize("number", ["湘财绩【2022】3号", "湛财绩[2021]5号", "粤财绩（2022）2号"])
def test_other_brackets_around_the_year_are_a_low_severity_finding_when_selected(number):
    text = f"一、基本情况\n\n根据{number}文件要求开展自评。\n"
    found = check(text, select=["DAT012"])
    assert [(f.rule, f.severity) for f in found] == [("DAT012", "info")]
    assert "〔" in found[0].message
    assert [f.rule for f in check(text) if f.rule.startswith("DAT")] == []  # off by default


def test_hexagonal_brackets_are_right():
    assert codes("一、基本情况\n\n根据湘财绩〔2022〕3号文件要求开展自评。\n", ["DAT012"]) == []
