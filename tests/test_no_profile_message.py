"""PRS003 speaks to a report writer: the nearest template by its title and the name that
--profile takes, never an internal score."""

import reportlint
from reportlint.run.runner import get_manager

NO_PROFILE = "一、基本情况\n我单位2023年预算100万元。\n"


def test_the_nearest_template_is_named_by_title_without_a_score():
    [finding] = reportlint.check_text(NO_PROFILE, config={"select": ["PRS"]})
    assert finding.rule == "PRS003" and finding.line == 1
    assert "匹配度" not in finding.message and "0." not in finding.message
    assert "最接近的是“" in finding.message and "可用 --profile 指定模板" in finding.message
    name = finding.message.split("”（", 1)[1].split("）", 1)[0]
    titles = {profile.name: profile.title for profile in get_manager().profiles()}
    assert name in titles and f"“{titles[name]}”（{name}）" in finding.message
