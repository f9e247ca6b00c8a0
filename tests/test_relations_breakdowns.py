"""Shapes 1 and 9 of issue 13: lists of parts not opened by 其中, counts inside a part's name,
；-separated parts, exhaustive lists of counts, and lists that must stop at a run-in heading."""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from reportlint.input.source import Source
from reportlint.run.runner import get_manager, parse_with

from util import check


def frm002(text: str):
    return [f for f in check("一、部门基本情况\n" + text + "\n", select=["FRM002"])]


def breakdowns(text: str):
    source = Source("一、部门基本情况\n" + text + "\n", "report.txt")
    return Facts(parse_with(source, get_manager(), None), source).breakdowns


@pytest.mark.parametrize("text", [
    "2023年专项资金150.00万元，分别为设备购置90.00万元、人员培训60.00万元。",
    "2023年办公经费45万元，即水电费20万元、印刷费25万元。",
    "2023年专项资金150.00万元，具体为设备购置90.00万元，人员培训60.00万元。",
    # honest rounding: 3 × [33.325, 33.335] = [99.975, 100.005] meets 100.0 = [99.95, 100.05]
    "2023年会议经费100.0万元，分别为一季度33.33万元、二季度33.33万元、三季度33.33万元。",
    # a count inside a part's name is part of the name, not the end of the list
    "2023年工作经费30万元，其中街道和8个社区工作经费12万元，机关工作经费18万元。",
    # 包括 / 主要用于 make a list partial: it may fall short
    "2023年项目资金200万元，包括设备购置120万元、培训50万元。",
    "2023年项目资金200万元，主要用于设备购置120万元、培训50万元。",
    # a list of 件 opened by 其中 may name highlights only
    "全年办理案件10件，其中行政复议4件、行政诉讼5件。",
])
def test_consistent_or_partial_lists_stay_silent(text):
    assert frm002(text) == []


def test_fenbie_list_that_falls_short_is_found_with_its_numbers():
    [finding] = frm002("2023年专项资金150.00万元，分别为设备购置90.00万元、人员培训50.00万元。")
    assert finding.line == 2
    assert "90.00万元 + 50.00万元 = 140.00万元" in finding.message and "相差 10.00万元" in finding.message
    assert finding.evidence.stated == "150.00万元" and finding.evidence.computed == "140.00万元"


def test_ji_list_that_exceeds_is_found():
    [finding] = frm002("2023年办公经费45万元，即水电费20万元、印刷费30万元。")
    assert "20万元 + 30万元 = 50万元" in finding.message and "超过总数 45万元" in finding.message


def test_count_in_a_part_name_no_longer_cuts_the_list():
    [listing] = breakdowns("2023年工作经费30万元，其中街道和8个社区工作经费12万元，机关工作经费18万元。")
    assert [p.number for p in listing.parts] == ["12", "18"]
    [finding] = frm002("2023年工作经费30万元，其中街道和8个社区工作经费12万元，机关工作经费15万元。")
    assert "12万元 + 15万元 = 27万元" in finding.message


def test_semicolon_separated_parts_after_a_full_stop():
    text = "本项目共申请资金90万元。其中：30万元用于预算编制；30万元用于工程审计；{}万元用于规划测绘。"
    assert frm002(text.format(30)) == []
    [finding] = frm002(text.format(40))
    assert "30万元 + 30万元 + 40万元 = 100万元" in finding.message and finding.line == 2


def test_semicolon_does_not_extend_a_comma_list():
    # the ；ends the 基本支出 list: 项目支出 is not one of its parts
    text = "2023年基本支出100万元，其中人员经费60万元，公用经费40万元；项目支出50万元。"
    assert frm002(text) == []
    [listing] = breakdowns(text)
    assert [p.number for p in listing.parts] == ["60", "40"]


def test_exhaustive_counts_must_add_up():
    [finding] = frm002("全年办理案件10件，分别为行政复议4件、行政诉讼5件。")
    assert "4件 + 5件 = 9件" in finding.message and "少于总数 10件" in finding.message
    [finding] = frm002("获奖共10项，其中国家级2项，省级3项，市级4项。")
    assert "2项 + 3项 + 4项 = 9项" in finding.message
    assert frm002("获奖共9项，其中国家级2项，省级3项，市级4项。") == []
    assert frm002("全年办理案件9件，分别为行政复议4件、行政诉讼5件。") == []


def test_list_stops_at_a_run_in_heading():
    text = "2023年基本支出100万元，其中人员经费60万元，公用经费40万元，二、项目支出情况 项目支出30万元。"
    [listing] = breakdowns(text)
    assert [p.number for p in listing.parts] == ["60", "40"]
    assert frm002(text) == []
    # without the heading stop the 30万元 would have been a part: 130 > 100
    text = "2023年基本支出100万元，其中人员经费60万元，公用经费40万元 （二）项目支出30万元。"
    assert [p.number for p in breakdowns(text)[0].parts] == ["60", "40"]


def test_numbered_parts_are_not_headings():
    text = "2023年专项经费100万元，其中：一、培训费60万元，二、宣传费40万元。"
    [listing] = breakdowns(text)
    assert [p.number for p in listing.parts] == ["60", "40"]


def test_the_opening_word_is_kept_on_the_fact():
    [listing] = breakdowns("全年办理案件10件，分别为行政复议4件、行政诉讼6件。")
    assert (listing.introduced_by, listing.exhaustive, listing.complete) == ("分别为", True, True)
    [listing] = breakdowns("2023年项目资金200万元，包括设备购置120万元、培训50万元。")
    assert (listing.introduced_by, listing.partial, listing.exhaustive) == ("包括", True, False)


@pytest.mark.parametrize("closer", ["另有", "此外", "另外"])
def test_a_list_stops_where_the_report_adds_what_is_not_of_the_total(closer):
    # the retirees after 另有 are not among the 15 in post: the list is 8 + 7, which adds up
    assert frm002(f"年底在职人数15人，其中行政编制8名，事业编制7名，{closer}退休人员6人。") == []
    [listing] = [b for b in breakdowns(f"年底在职人数15人，其中行政编制8名，事业编制7名，{closer}退休人员6人。")
                 if b.total.number == "15"]
    assert [part.number for part in listing.parts] == ["8", "7"]
    # a real shortfall before 另有 is still found, with the parts before it only
    [finding] = frm002(f"年底在职人数15人，其中行政编制8名，事业编制9名，{closer}退休人员6人。")
    assert finding.line == 2 and "8名 + 9名 = 17人" in finding.message and "6人" not in finding.message


@pytest.mark.parametrize("rest", ["以及其他支出", "及其他费用", "和其它零星支出"])
def test_parts_named_without_a_figure_after_the_last_make_the_list_partial(rest):
    # 30 + 20 + 40 = 90 of 100: the rest is 其他支出, named without its figure
    text = f"公用经费支出100万元，为办公费30万元、水电费20万元、差旅费40万元{rest}。"
    assert frm002(text) == []
    [listing] = [b for b in breakdowns(text) if b.total.number == "100"]
    assert listing.partial and listing.rest_in_words
    # a list that names the rest and still exceeds the total is found
    [finding] = frm002(f"公用经费支出100万元，为办公费30万元、水电费40万元、差旅费40万元{rest}。")
    assert finding.line == 2 and "= 110万元，超过总数 100万元" in finding.message


def test_a_decrease_part_is_taken_away_on_the_fact():
    (listing,) = breakdowns("下达资金6.4万元，其中：设备购置费5.2万元，培训费核减1.6万元，差旅费2.8万元。")
    assert listing.signs == [1, -1, 1] and listing.unknown == []
    assert listing.terms() == "5.2万元 − 1.6万元 + 2.8万元"
    assert listing.row()["text"] == "5.2万元 − 1.6万元 + 2.8万元"
    assert not listing.exceeds() and not listing.falls_short()


@pytest.mark.parametrize("text, unknown", [
    ("下达资金18.6万元，其中：道路维修费 点击查看>> 万元，绿化养护费4.6万元，路灯电费5万元。", "道路维修费 点击查看>> 万元"),
    ("下达资金18.6万元，其中：道路维修费 万元，绿化养护费4.6万元，路灯电费5万元。", "道路维修费 万元"),
    ("下达资金18.6万元，其中：绿化养护费4.6万元，道路维修费，路灯电费5万元。", "道路维修费"),
    ("下达资金6.4万元，其中：设备购置费5.2万元，收回培训费1.6万元，差旅费2.8万元。", "收回培训费"),
])
def test_an_item_without_a_figure_or_of_unclear_sign_is_of_unknown_value(text, unknown):
    (listing,) = breakdowns(text)
    assert listing.unknown == [unknown]
    assert frm002(text) == []


def test_names_sharing_a_figure_are_one_part():
    (listing,) = breakdowns("下达资金18.6万元，其中：绿化养护费4.6万元，道路、桥梁维修费7万元。")
    assert listing.unknown == [] and listing.signs == []


def test_a_count_opening_each_part_names_it_and_its_amount_is_the_part():
    (listing,) = breakdowns("财政资金1850.40万元，其中“优”的项目40个，财政资金1620.00万元；“良”的项目8个，"
                            "财政资金150.40万元；“差”的项目4个，财政资金90.00万元。")
    assert [p.shown for p in listing.parts] == ["1620.00万元", "150.40万元", "90.00万元"]
    assert listing.unknown == [] and listing.exceeds()
    # the last part gives a count and no amount: the list cannot be added up
    (listing,) = breakdowns("财政资金1850.40万元，其中“优”的项目40个，财政资金1620.00万元；“良”的项目8个，"
                            "财政资金150.40万元；“差”的项目4个。")
    assert [p.shown for p in listing.parts] == ["1620.00万元", "150.40万元"] and listing.unknown == ["差的项目"]
