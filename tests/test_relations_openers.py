"""Issue 13, plain 为 as a list opener: `合计45.6万元，为：A 12万元、B 8.6万元、C 25万元` (FRM002)
and `直属单位3个，为A、B、C` (FRM010); 为 anywhere else (执行率为95%, 作为, 主要为) opens nothing."""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from reportlint.input.source import Source
from reportlint.run.runner import get_manager, parse_with

from util import check


def facts_of(text: str) -> Facts:
    source = Source("一、部门基本情况\n" + text + "\n", "report.txt")
    return Facts(parse_with(source, get_manager(), None), source)


def frm(text: str, rule: str = "FRM002"):
    return check("一、部门基本情况\n" + text + "\n", select=[rule])


@pytest.mark.parametrize("text", [
    "2023年专项经费合计45.6万元，为：培训费12万元、印刷费8.6万元、差旅费25万元。",
    "2023年专项经费合计45.6万元为培训费12万元、印刷费8.6万元以及差旅费25万元。",
    # honest rounding: 33.33 × 3 = 99.99 meets 100.0
    "2023年会议经费100.0万元，为一季度33.33万元；二季度33.33万元；三季度33.33万元。",
    "全年办理案件10件，为行政复议4件、行政诉讼6件。",
])
def test_consistent_lists_after_wei_stay_silent(text):
    assert frm(text) == []
    [listing] = facts_of(text).breakdowns
    assert listing.introduced_by == "为" and listing.exhaustive


@pytest.mark.parametrize("text", [
    "2023年预算执行率为95%，较上年提高2个百分点。",
    "项目资金100万元，为全年预算100万元，执行率100%。",      # one part, then a rate
    "完成支出147.64万元，为年初预算50万元的295%。",
    "本年支出80万元，作为培训费30万元、资料费20万元的补充。",  # 作为: a word before 为
    "本年支出80万元，主要为培训费30万元、资料费20万元。",      # 主要为: not right after the total
    "实际支出50万元，为年初预算30万元与追加10万元之和。",      # 与 is not a separator of parts
])
def test_wei_elsewhere_opens_no_list(text):
    assert [b for b in facts_of(text).breakdowns if b.introduced_by == "为"] == []
    assert frm(text) == []


def test_wei_list_that_falls_short_is_found_at_its_line():
    [finding] = frm("本单位基本情况如下。\n2023年专项经费合计45.6万元，为：培训费12万元、印刷费8.6万元、差旅费20万元。")
    assert finding.line == 3 and finding.evidence.stated == "45.6万元" and finding.evidence.computed == "40.6万元"
    assert "12万元 + 8.6万元 + 20万元 = 40.6万元，少于总数 45.6万元（相差 5.0万元）" in finding.message


def test_wei_list_of_counts_must_add_up():
    [finding] = frm("全年办理案件10件，为行政复议4件、行政诉讼5件。")
    assert "4件 + 5件 = 9件" in finding.message and finding.evidence.computed == "9件"


def test_wei_list_that_exceeds_is_found():
    [finding] = frm("2023年办公经费45万元，为水电费20万元、印刷费30万元。")
    assert "20万元 + 30万元 = 50万元，超过总数 45万元" in finding.message


def test_names_after_wei_are_counted():
    assert frm("直属单位3个，为档案馆、方志馆、史志研究中心。", "FRM010") == []
    [finding] = frm("直属单位4个，为档案馆、方志馆、史志研究中心。", "FRM010")
    assert finding.line == 2 and finding.evidence.stated == "4个" and finding.evidence.computed == "3"
    assert "列出 3 个名称（档案馆、方志馆、史志研究中心），少于所写数目" in finding.message


@pytest.mark.parametrize("text", [
    "举办活动3项，为干部、职工讲解政策。",           # not a count of bodies: 为 means "for"
    "制定3个行为规范、考核办法。",                     # 为 inside a word
    "下属单位4个，为民服务、便民利民。",               # 为民: still not a list of four names
])
def test_wei_after_other_counts_is_not_a_list_of_names(text):
    lists = [n for n in facts_of(text).get("named_lists") if n.marker_word == "为"]
    assert frm(text, "FRM010") == [] or lists == []


def test_a_noun_with_wei_inside_does_not_hide_the_real_marker():
    [listing] = facts_of("设立4个行为监督组，分别为：甲组、乙组、丙组、丁组。").get("named_lists")
    assert (listing.marker_word, listing.fewest) == ("分别为", 4)
