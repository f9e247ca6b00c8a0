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


def test_seed_004_line_6_is_consistent():
    assert [f for f in check_seed("004", select=["FRM010"])] == []
