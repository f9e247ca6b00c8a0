"""The sections plugin (SEC) on the seeds and on seed copies with injected defects."""

from __future__ import annotations

import time

import pytest

from reportlint.plugins.sections.rules import RULES
from util import at, check, check_seed, inject, seed_text, SEED_NAMES

SEC = ["SEC"]


def sec(findings, *, default_only=True):
    """The SEC findings; a PRS001 (a rule that crashed loses its findings) fails the test."""
    crashed = [f.message for f in findings if f.rule == "PRS001"]
    assert not crashed, crashed
    return [f for f in findings if f.rule.startswith("SEC") and not (default_only and f.rule == "SEC011")]


def seed_sec(key):
    return sec(check_seed(key, select=SEC))


def edited(key, *edits, **settings):
    text = seed_text(key)
    for line, old, new in edits:
        text = inject(text, line, old, new)
    return sec(check(text, path=SEED_NAMES[key], select=settings.pop("select", SEC), **settings))


def covered(finding, key):
    """The text a finding points at (single-line findings)."""
    line = seed_text(key).split("\n")[finding.line - 1]
    return line[finding.column - 1:finding.end_column - 1]


# -- the seeds ---------------------------------------------------------------------------

def test_seed_000_only_the_lost_top_marker():
    findings = seed_sec("000")
    assert at(findings) == [("SEC004", 13)]
    assert "应为“一、单位基本情况”" in findings[0].message
    assert covered(findings[0], "000") == "单位基本情况"


def test_seed_001_findings():
    findings = seed_sec("001")
    assert at(findings) == [("SEC004", 14), ("SEC004", 85), ("SEC006", 95), ("SEC006", 97),
                            ("SEC010", 58), ("SEC010", 62)]
    by_line = {f.line: f for f in findings}
    assert covered(by_line[58], "001") == "简介评价小组成立情况，人员构成，职能分工等。"
    assert covered(by_line[62], "001") == "简介自评材料报送时间和质量。"
    assert "“（二）部门整体支出绩效指标分析”" in by_line[85].message
    assert covered(by_line[95], "001") == "四是" and by_line[95].column == 192
    assert by_line[95].evidence.stated == "四是" and by_line[95].evidence.computed == "五是"
    assert covered(by_line[97], "001") == "（2）" and "第95行" in by_line[97].message


def test_seed_002_findings():
    findings = seed_sec("002")
    assert at(findings) == [("SEC004", line) for line in (11, 13, 31, 75, 91, 107, 116, 119)] + [
        ("SEC008", 123), ("SEC012", 93)]
    expected = {11: "一、", 13: "（一）", 31: "（二）", 75: "（四）", 91: "（二）", 107: "（二）", 116: "（三）", 119: "（四）"}
    for finding in findings:
        if finding.rule == "SEC004":
            assert f"应为“{expected[finding.line]}" in finding.message, finding.message
            assert finding.evidence.model_extra["expected"] == expected[finding.line]
    run_in = next(f for f in findings if f.rule == "SEC012")
    assert covered(run_in, "002") == "（三）自评材料报送时间及质量。"
    borrowed = next(f for f in findings if f.rule == "SEC008")
    assert "“一 、”“二、”" in borrowed.message and "“1.”“2.”" in borrowed.message
    assert [r["line"] for r in borrowed.evidence.related] == [123, 124]


def test_seed_004_is_silent():
    assert seed_sec("004") == []


def test_no_required_section_reported_missing_on_any_seed():
    for key in SEED_NAMES:
        assert not [f for f in seed_sec(key) if f.rule in ("SEC001", "SEC003", "SEC009", "SEC013", "SEC002")]


# -- injected defects: each rule found and silent ---------------------------------------

def test_removed_section_is_named_with_its_place():
    findings = edited("001", (60, "（二）自评工作过程。", ""))
    missing = [f for f in findings if f.rule == "SEC001"]
    assert len(missing) == 1 and missing[0].line == 62
    assert "“自评工作过程”" in missing[0].message and "“（一）评价小组情况”之后" in missing[0].message
    assert ("SEC005", 62) in at(findings)


def test_removed_parent_section_reports_only_the_parent():
    text = seed_text("004")
    for line, old in ((26, "三、政府性基金预算支出情况"), (27, "2023年无政府性基金预算支出。")):
        text = inject(text, line, old, "")
    findings = sec(check(text, select=["SEC001"]))
    assert at(findings) == [("SEC001", 28)] and "政府性基金预算支出情况" in findings[0].message


def test_missing_and_blank_header_fields():
    assert at(edited("000", (10, "填报日期：2022年5月18日", "")), "SEC002") == [("SEC002", 2)]
    blank = [f for f in edited("000", (6, "湛江市人民政府驻北京联络处本级", "")) if f.rule == "SEC002"]
    assert [(f.line, f.message) for f in blank] == [(6, "表头“评价单位”未填写")]


def test_sections_out_of_order():
    findings = edited("004", (51, "七、存在的问题及原因分析", "七、下一步改进措施"),
                      (54, "八、下一步改进措施", "八、存在的问题及原因分析"))
    assert at(findings, "SEC003") == [("SEC003", 54)]


def test_number_repeated_skipped_and_going_back():
    assert at(edited("004", (24, "（三）“三公”", "（二）“三公”")), "SEC00") == [("SEC006", 24)]
    assert at(edited("004", (26, "三、政府性基金", "四、政府性基金")), "SEC00") == [("SEC005", 26)]
    back = edited("004", (30, "五、社会保险", "三、社会保险"))
    assert at(back, "SEC00") == [("SEC007", 30)]
    assert "此处应为“五、”" in back[0].message


def test_enumeration_skip_across_paragraphs_and_fix_of_001_95():
    findings = edited("001", (28, "二要善统筹", "三要善统筹"))
    assert ("SEC005", 28) in at(findings)
    fixed = edited("001", (95, "本单位无需批复下属单位预算。四是", "本单位无需批复下属单位预算。五是"),
                   (95, "五是财务合规性", "六是财务合规性"))
    assert ("SEC006", 95) not in at(fixed)


def test_nested_enumeration_restart_is_not_an_error():
    text = "一、总体情况\n一是争取支持；\n二是继续开展。一是安排活动；二是组织比赛。\n三是过生日。\n"
    assert sec(check(text, select=SEC)) == []
    text = "一、总体情况\n工作有三项。一是甲；二是乙；三是丙；二是丁。\n"
    assert at(check(text, select=SEC), "SEC") == [("SEC007", 2)]


def test_section_emptied():
    findings = edited("004", (27, "2023年无政府性基金预算支出。", ""))
    assert at(findings) == [("SEC009", 26)]


def test_placeholders_inserted():
    findings = edited("000", (16, "本部门为湛江市人民政府派出机构",
                              "本部门为XXX派出机构，成立于____年，（单位名称）【请填写】××"))
    leftovers = [f for f in findings if f.rule == "SEC010"]
    assert [f.evidence.stated for f in leftovers] == [
        "XXX", "____", "（单位名称）", "【请填写】", "××"]
    assert [f.column for f in leftovers] == [5, 16, 22, 28, 33]


def test_legitimate_brackets_are_not_hints():
    text = "一、总体情况\n详见附表（请见附件1），金额（万元）按决算数填列，盖章（公章），编号〔2021〕5号。\n"
    assert at(check(text, select=["SEC010"]), "SEC") == []


def test_borrowed_markers_fixed():
    assert at(edited("002", (123, "一 、", "1."), (124, "二、", "2.")), "SEC008") == []


def test_mixed_marker_style_is_opt_in():
    assert at(check_seed("001"), "SEC011") == []
    assert at(check_seed("001", select=["SEC011"]), "SEC011") == [("SEC011", 123)]


def test_run_in_heading_fixed():
    findings = edited("002", (93, "      （三）自评材料报送时间及质量。", ""), (94, "", "（三）自评材料报送时间及质量。"))
    assert at(findings, "SEC012") == [] and at(findings, "SEC001") == []


def test_missing_attachment():
    findings = edited("004", (192, "附件1-2", ""), (193, "部门整体支出绩效自评表", ""))
    assert [f.rule for f in findings] == ["SEC013"]
    assert "附件1-2 部门整体支出绩效自评表" in findings[0].message


def test_forced_profile_and_no_profile():
    findings = sec(check(seed_text("000"), select=SEC, profile="hunan"))
    assert "SEC001" in {f.rule for f in findings}  # checked against the other template
    odd = check("某某情况说明\n一、总体\n二、细节\n二、重复\n", select=["SEC", "PRS"])
    assert at(odd) == [("PRS003", 1), ("SEC006", 4)]


@pytest.mark.parametrize("text", ["", "\n\n", "一、\n", "（一）\n（一）\n", "一是\n二是三是\n",
                                  "附件1\n\t表\n", "单位基本情况\n", "____\n【】\n（）\n"])
def test_odd_input_never_crashes(text):
    findings = check(text, select=["ALL"], profile="guangdong-zhanjiang")
    assert not [f for f in findings if f.rule == "PRS001"]
    findings = check(text, select=["ALL"])  # and without a profile
    assert not [f for f in findings if f.rule == "PRS001"]


def test_a_rule_that_raises_loses_only_its_own_findings(monkeypatch):
    from reportlint.plugins.sections.rules.SEC006 import NumberingRepeat

    def broken(self, context):
        raise RuntimeError("boom")

    text = "某某情况说明\n一、总体\n二、细节\n二、重复\nXXX\n"
    assert at(check(text, select=["SEC", "PRS001"])) == [("SEC006", 4), ("SEC010", 5)]
    monkeypatch.setattr(NumberingRepeat, "check", broken)
    findings = check(text, select=["SEC", "PRS001"])
    assert at(findings) == [("PRS001", 1), ("SEC010", 5)]
    crashed = [f for f in findings if f.rule == "PRS001"]
    assert "规则 SEC006" in crashed[0].message and "boom" in crashed[0].message


def test_a_disabled_rule_is_never_called(monkeypatch):
    from reportlint.plugins.sections.rules.SEC006 import NumberingRepeat

    def broken(self, context):
        raise RuntimeError("boom")

    monkeypatch.setattr(NumberingRepeat, "check", broken)
    findings = check("一、总体\n二、细节\n二、重复\n", select=["SEC", "PRS001"], ignore=["SEC006"])
    assert at(findings) == []


def test_rules_are_one_per_module():
    for rule in RULES:
        assert rule.__module__ == f"reportlint.plugins.sections.rules.{rule.code}"
        assert rule.checks_itself()


def test_rules_are_well_declared():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)) and all(code.startswith("SEC") for code in codes)
    for rule in RULES:
        assert rule.problems() == []
    assert {rule.code for rule in RULES if not rule.enabled_by_default} == {"SEC011"}


def test_speed():
    texts = [seed_text(key) for key in SEED_NAMES]
    from reportlint.run.runner import get_manager, parse_with
    from reportlint.input.source import Source
    from reportlint.pluginapi.context import CheckContext
    from reportlint.run.config import make_settings
    manager = get_manager()
    settings = make_settings({"select": ["ALL"]})
    prepared = []
    for index, text in enumerate(texts):
        source = Source(text, f"{index}.txt")
        document = parse_with(source, manager)
        profile = next((p for p in manager.profiles() if p.name == document.profile.name), None)
        prepared.append((document, CheckContext(source, document, settings, manager.rules(), profile)))
    start = time.perf_counter()
    for _ in range(10):
        for document, context in prepared:
            for rule in RULES:
                list(rule().check(context) or ())
    per_report = (time.perf_counter() - start) / (10 * len(prepared))
    assert per_report < 0.01, per_report
