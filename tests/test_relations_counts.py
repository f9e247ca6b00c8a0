"""Shape 2 of issue 13: a count against the names listed after it (FRM010, facts.get("named_lists"))."""

from __future__ import annotations

import pytest

from reportlint.facts import Facts
from reportlint.facts.breakdowns import NamedList
from reportlint.input.source import Source
from reportlint.run.runner import get_manager, parse_with

from util import check, check_seed


def frm010(text: str):
    return check("一、部门基本情况\n" + text + "\n", select=["FRM010"])


@pytest.mark.parametrize("text", [
    "单位内设4个科室，分别为：办公室、财务科、法规科及执法大队。",
    "单位内设3个科室，分别为：办公室、财务科、法规和执法科。",   # 法规和执法科 may be one name or two
    "单位内设4个科室，分别为：办公室、财务科、法规和执法科。",
    "下属单位5家，包括市档案馆、市方志馆等。",                  # partial: may name fewer
    "下属单位2家，即市档案馆和市方志馆。",                      # no 、: not read as a list
])
def test_counts_that_fit_their_names_stay_silent(text):
    assert frm010(text) == []


def test_count_above_the_names_is_found():
    [finding] = frm010("直属事业单位4个，即市档案馆、市方志馆、市史志研究中心。")
    assert finding.line == 2 and finding.evidence.stated == "4个" and finding.evidence.computed == "3"
    assert "列出 3 个名称（市档案馆、市方志馆、市史志研究中心）" in finding.message


def test_count_below_the_names_is_found_even_in_a_partial_list():
    [finding] = frm010("下设3个中心，包括培训中心、信息中心、后勤中心、财务中心。")
    assert "列出 4 个名称" in finding.message and "多于所写数目" in finding.message


def test_count_above_the_most_generous_reading():
    [finding] = frm010("单位内设5个科室，分别为：办公室、财务科、法规科及执法大队。")
    assert "列出 4 个名称" in finding.message and "少于所写数目" in finding.message


def test_the_fact():
    source = Source("一、情况\n内设4个科室，分别为：综合科、招商引资科、接待科及信访维稳科。\n", "r.txt")
    [listing] = Facts(parse_with(source, get_manager(), None), source).get("named_lists")
    assert isinstance(listing, NamedList)
    assert (listing.count.shown, listing.fewest, listing.most, listing.partial) == ("4个", 3, 4, False)
    assert listing.names == ["综合科", "招商引资科", "接待科及信访维稳科"]
    assert listing.row()["kind"] == "named_list"



# -- a bracket after a name is that name's alias or note --------------------------------
@pytest.mark.parametrize("text", [
    "本局下设3个股室，分别为：办公室、科技管理股（成果转化股）、知识产权股。",
    "本局下设3个股室，分别为：办公室、科技管理股(成果转化股)、知识产权股。",        # half-width
    "本局内设4个科室，分别为：综合股（含办公室、财务室）、规划股、建设股、监督股。",  # 、 inside: no split
    "本局内设4个科室，即综合股、规划股（加挂审批股牌子）、建设股、监督股（含质量、安全）。",
    "本局内设3个科室，分别为：办公室（3人）、规划股（2人）、建设股（5人）。",         # its figures are not the list's
    "本局内设3个科室，分别为：办公室、规划股、建设股（其中办公室、规划股为参公科室）。",
])
def test_a_bracketed_alias_is_part_of_its_name(text):
    assert frm010(text) == []


def test_a_count_against_names_with_aliases_is_still_checked():
    [finding] = frm010("本局下设4个股室，分别为：办公室、科技管理股（成果转化股）、知识产权股。")
    assert finding.evidence.computed == "3"
    assert "列出 3 个名称（办公室、科技管理股（成果转化股）、知识产权股）" in finding.message
    [finding] = frm010("本局内设5个科室，分别为：综合股（含办公室、财务室）、规划股、建设股、监督股。")
    assert finding.evidence.computed == "4" and "少于所写数目" in finding.message


def test_a_bracket_that_is_no_alias_still_ends_the_list():
    # a bracket before any name, or one never closed in the clause, is no name's alias
    assert frm010("本局内设3个科室，分别为：（一）办公室、（二）规划股。") == []
    [finding] = frm010("本局内设4个科室，分别为：办公室、规划股、建设股（审批股。")
    assert finding.evidence.computed == "3"


def test_seed_004_line_6_is_consistent():
    assert [f for f in check_seed("004", select=["FRM010"])] == []


# -- 其中N个…，剩余/其余…: the last part is the rest of the count --------------------------
def frm002(text: str):
    return check("一、部门基本情况\n" + text + "\n", select=["FRM002"])


@pytest.mark.parametrize("text", [
    "共实施项目10个，其中3个已完工，剩余7个正在推进。",
    "全年开展培训12次，其中线上5次，线下4次，其余3次为现场观摩。",
    "共实施项目10个，其中3个已完工，另有6个在建。",          # 另有 is not the rest: may be partial
    "全年开展活动10次，其中培训4次，其他会议3次。",          # 其他 may be one more kind
    # the rest is named in words, without a figure: the list is partial
    "2023年支出合计100万元，其中人员经费60万元、公用经费30万元，其余为项目支出。",
    "2023年支出合计100万元，为人员经费60万元、公用经费30万元，剩余部分用于设备购置。",
])
def test_counts_whose_rest_fits_or_may_be_partial_stay_silent(text):
    assert frm002(text) == []


def test_a_rest_that_does_not_make_the_count_is_found():
    [finding] = frm002("共实施项目10个，其中3个已完工，剩余6个正在推进。")
    assert finding.line == 2 and finding.evidence.stated == "10个" and finding.evidence.computed == "9个"
    assert "3个 + 6个 = 9个，少于总数 10个" in finding.message
    assert "「剩余」应为 10个 − 3个 = 7个" in finding.message
    [finding] = frm002("全年开展培训12次，其中线上5次，线下4次，其余4次为现场观摩。")
    assert "5次 + 4次 + 4次 = 13次，超过总数 12次" in finding.message


def test_names_listed_for_the_rest_count_it():
    names = "、".join(f"{c}街道项目" for c in "东南西北中")
    assert frm010(f"共实施项目8个，其中3个已完工，其余为{names}。") == []
    [finding] = frm010(f"共实施项目9个，其中3个已完工，其余为{names}。")
    assert finding.line == 2 and finding.evidence.stated == "9个" and finding.evidence.computed == "5"
    assert "其中已列 3个，其余应为 9个 − 3个 = 6个，而其后列出 5 个名称" in finding.message
    # a partial rest (包括 … 等) may name fewer
    assert frm010("共实施项目9个，其中3个已完工，其余项目包括东街道项目、西街道项目等。") == []


def test_the_rest_on_the_fact():
    source = Source("一、情况\n共实施项目8个，其中3个已完工，其余为甲项目、乙项目、丙项目、丁项目、戊项目。\n", "r.txt")
    [listing] = Facts(parse_with(source, get_manager(), None), source).get("named_lists")
    assert [q.shown for q in listing.given] == ["3个"] and listing.expected == 5 and listing.fewest == 5
