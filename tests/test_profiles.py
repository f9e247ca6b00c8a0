"""Report profiles: the shipped data files, their model, and detection on the seeds."""

from __future__ import annotations

import re

import pytest

from reportlint.parse.layout import normalise_title
from reportlint.plugins.profiles import builtin_profiles
from reportlint.parse.profiles import Profile
from util import parse, seed_text


def by_name():
    return {p.name: p for p in builtin_profiles()}


def test_builtin_profiles_load_and_are_distinct():
    profiles = by_name()
    assert {"guangdong-zhanjiang", "guangdong-city", "hunan", "hunan-2018", "department-generic",
            "project-generic", "transfer-payment", "project-form", "department-form"} <= set(profiles)
    for profile in profiles.values():
        names = [normalise_title(n) for e in profile.entries() for n in e.names()]
        assert len(names) == len(set(names)), f"{profile.name}: a title or synonym used twice"
        for pattern in profile.placeholders:
            re.compile(pattern)


def test_guangdong_outline_levels_numbers_and_options():
    profile = by_name()["guangdong-zhanjiang"]
    assert [e.title for e in profile.outline] == ["单位基本情况", "自评工作开展情况", "绩效自评情况", "其他自评情况"]
    assert [len(e.children) for e in profile.outline] == [4, 4, 5, 0]
    analysis = profile.outline[2].children[1]
    assert (analysis.title, analysis.level, analysis.number) == ("部门整体支出绩效指标分析", 2, 2)
    practice = profile.outline[2].children[-1]
    assert (practice.title, practice.required, practice.ordered) == ("主要做法和经验", False, False)
    assert profile.required_fields == ["评价年度", "评价单位", "填报日期"]
    assert "简介评价小组成立情况，人员构成，职能分工等" in profile.template_phrases
    assert "评价小组情况" in [e.title for e in profile.entries()]
    assert "制定工作方案情况" in profile.outline[1].children[0].synonyms


def test_hunan_outline_and_attachments():
    profile = by_name()["hunan"]
    assert [e.number for e in profile.outline] == list(range(1, 10))
    assert profile.outline[-1].title == "其他需要说明的情况"
    assert [(a.label, a.title) for a in profile.attachments] == [
        ("附件1-1", "部门整体支出绩效评价基础数据表"), ("附件1-2", "部门整体支出绩效自评表")]


@pytest.mark.parametrize("key,name", [("000", "guangdong-zhanjiang"), ("001", "guangdong-zhanjiang"),
                                      ("002", "guangdong-zhanjiang"), ("004", "hunan")])
def test_seed_detection_with_score_and_runner_up(key, name):
    """Each seed gets its template with a clear margin over the runner-up (another version of the
    family, or the generic outline, which fit much of any report of the kind)."""
    match = parse(seed_text(key)).profile
    assert match.name == name and not match.forced
    assert match.score >= 0.8 and match.runner_up and match.runner_up != name
    assert match.score - match.runner_up_score >= 0.08
    assert match.kind == "department" and match.family in ("guangdong", "hunan")


def test_every_present_required_section_is_recognised():
    """The titles of the seeds map onto the template (the SEC001 check relies on it)."""
    doc = parse(seed_text("002"))
    canonical = {s.canonical for s in doc.walk_sections()}
    assert {"单位基本情况", "单位机构设置、部门职能情况", "部门整体支出情况", "自评工作过程", "部门整体支出绩效指标分析",
            "主要做法和经验", "部门整体支出绩效管理存在问题", "改进措施"} <= canonical


def test_forced_profile_and_unknown_profile():
    match = parse(seed_text("000"), profile="hunan").profile
    assert (match.name, match.forced) == ("hunan", True)
    from reportlint.errors import ConfigError

    with pytest.raises(ConfigError):
        parse(seed_text("000"), profile="nowhere")


def test_profile_model_rejects_bad_data():
    with pytest.raises(ValueError):
        Profile.model_validate({"name": "x", "title": "x", "placeholders": ["(unclosed"]})
    with pytest.raises(ValueError):
        Profile.model_validate({"name": "x", "title": "x", "outline": [{"title": "a", "orderd": False}]})
    profile = Profile.model_validate({"name": "x", "title": "x", "outline": [
        {"title": "a", "children": [{"title": "b"}, {"title": "c", "number": 5}]}]})
    assert [(e.title, e.level, e.number) for e in profile.entries()] == [("a", 1, 1), ("b", 2, 1), ("c", 2, 5)]
