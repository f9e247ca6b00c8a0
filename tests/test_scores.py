"""The scores plugin (SCO): scoring tables, stated scores and grades, on the seeds and injected copies."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from reportlint.facts import Facts
from reportlint.facts.scores import without_unit
from reportlint.run.config import make_settings
from reportlint.pluginapi.context import CheckContext
from reportlint.plugins.scores.rules import RULES
from reportlint.plugins.scores.rules.SCO006 import band_for
from reportlint.parse.profiles import DEFAULT_GRADES, GradeBand, Profile
from reportlint.run.runner import get_manager
from reportlint.input.source import Source
from util import SEED_NAMES, at, check, check_seed, inject, parse, seed_text


def line_of(figure) -> int:
    """The line a figure stands on (a cell's text may wrap over several lines)."""
    return figure.block.span.line + figure.block.text[:figure.start].count("\n")


def crashes(findings) -> list[str]:
    """PRS001 findings of the scores family: a SCO rule (or the scores plugin) that raised.

    Other families' failures are theirs (their tests catch them); a crash of ours must fail
    the test even where the test expects no finding at all.
    """
    return [f.message for f in findings if f.rule == "PRS001" and f.message.startswith(("规则 SCO", "插件 scores"))]


def sco(findings):
    """The SCO findings, after asserting that no SCO rule crashed (a crash is a PRS001 finding)."""
    assert not crashes(findings), crashes(findings)
    return [f for f in findings if f.rule.startswith("SCO")]


def facts_of(text: str, profile=None) -> Facts:
    """The facts stage of `text` (what the SCO rules read)."""
    return Facts(parse(text), Source(text, "report.txt"), profile)


def read_score_tables(document_text: str):
    return facts_of(document_text).score_tables


def read_text_scores(text: str):
    facts = facts_of(text)
    return facts.get("score_statements"), facts.get("grade_statements")


def check_with_profile(text: str, profile: Profile):
    """SCO findings on `text` checked against a hand-made profile (each rule checks itself)."""
    manager = get_manager()
    document = parse(text)
    context = CheckContext(Source(text, "report.txt"), document, make_settings({}), manager.rules(), profile,
                           manager.profiles())
    findings = manager.check(document, context)
    return sco(findings)


# -- the rules are well declared ------------------------------------------------------
def test_rules_are_documented_and_registered():
    codes = [f"SCO{n:03d}" for n in range(1, 12)]
    assert [rule.code for rule in RULES] == codes
    for rule in RULES:
        assert rule.problems() == []
    assert set(codes) <= set(get_manager().rules())


# -- reading 004's 附件1-2 ---------------------------------------------------------------
def test_seed_004_scoring_table_is_understood():
    tables = read_score_tables(seed_text("004"))
    assert len(tables) == 1
    table = tables[0]
    assert table.title == "附件1-2部门整体支出绩效自评表"
    assert not table.uncertain
    level1 = [(g.name, g.weight.value, line_of(g.weight)) for g in table.groups if g.level == 1]
    assert level1 == [("产出指标", 50, 267), ("效益指标", 30, 312), ("满满意度指标", 10, 353)]
    rows = [(r.line, r.name, r.weight and r.weight.value, r.score and r.score.value, table.groups_of(r)[0].name)
            for r in table.rows]
    assert rows == [
        (244, "重点工作完成数", 20, 20, "产出指标"), (277, "达标完成率", 10, 10, "产出指标"),
        (288, "及时完成情况", 10, 10, "产出指标"), (299, "成本控制", 10, 10, "产出指标"),
        (309, "精准招商", 10, 10, "效益指标"), (321, "发挥桥梁作用", 10, 10, "效益指标"),
        (331, "无", None, None, "效益指标"),  # 生态效益指标: not scored
        (341, "提升宣传、信访维护水平", 10, 8, "效益指标"), (351, "社会公众满意度", 10, 10, "满满意度指标")]
    # merged cells: 质量/时效/成本 rows carry a blank group cell and stay in 产出指标
    assert [g.name for g in table.groups_of(table.rows[1])] == ["产出指标", "质量指指标"]
    assert (table.rows[1].level1, table.rows[1].level2) == ("产出指标", "质量指指标")
    # groups name their rows by index: no reference cycles between rows and groups
    assert [table.rows[i].name for i in table.groups[0].rows][:2] == ["重点工作完成数", "达标完成率"]
    execution = table.execution
    assert (execution.label, execution.initial.value, execution.budget.value, execution.executed.value,
            execution.weight.value, execution.rate.value, execution.score.value) == (
        "年度资金总额", Decimal("293.53"), Decimal("300.48"), Decimal("300.36"), 10, Decimal("102.32"), 10)
    assert execution.rate.block.span.line == 217
    assert (table.total.weight.value, table.total.score.value) == (100, 98)
    assert (table.total.weight.block.span.line, table.total.score.block.span.line) == (363, 364)
    weights = sum(w.value for _, w, _ in table.scored_items() if w)
    scores = sum(s.value for _, _, s in table.scored_items() if s)
    assert (weights, scores) == (100, 98)


def test_guangdong_seeds_have_no_scoring_table():
    for key in ("000", "001", "002"):
        assert read_score_tables(seed_text(key)) == []


# -- reading the text ------------------------------------------------------------------
@pytest.mark.parametrize("key, scores, grades", [
    ("000", [("actual", "自评分数", 100, 97)], [("优秀", "优", 87, None), ("第一等级", "优", 97, 100)]),
    ("001", [("actual", "自评分数", 100, 84)], [("优", "优", 84, 100)]),
    ("002", [("actual", "自评分数", 100, 105)], [("优秀", "优", 93, None), ("优", "优", 105, 100)]),
    ("004", [("full", "总评分", 100, 34), ("actual", "实际得分", 98, 34)], [("优秀", "优", 34, 98)]),
])
def test_stated_scores_and_grades_are_read(key, scores, grades):
    found, graded = read_text_scores(seed_text(key))
    assert [(s.role, s.label, s.value, s.line) for s in found] == scores
    assert [(g.text, g.grade, g.line, g.score.value if g.score else None) for g in graded] == grades


def test_grade_bands_lower_bound_included():
    assert [band_for(Decimal(v), DEFAULT_GRADES).grade for v in ("100", "90", "89.9", "80", "60", "59.5", "0")] == [
        "优", "优", "良", "良", "中", "差", "差"]


# -- the seeds ---------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_guangdong_seeds_are_silent(key):
    assert sco(check_seed(key)) == []


def test_seed_004_reports_only_its_execution_rate():
    findings = sco(check_seed("004"))
    assert at(findings) == [("SCO007", 217)]
    finding = findings[0]
    assert (finding.column, finding.end_column) == (2, 8)  # the digits of 102.32%
    assert "300.36/300.48×100%=99.96%" in finding.message  # 全年执行数/全年预算数
    assert "300.36/293.53×100%=102.3268%" in finding.message  # 全年执行数/年初预算数, truncated
    assert "年初预算数" in finding.message and "截尾" in finding.message
    assert finding.evidence.stated == "102.32%" and finding.evidence.computed == "99.96%"


# -- injected defects --------------------------------------------------------------------
INJECTED = [
    # one row's score changed: the total row no longer adds up
    ("004", 348, "8", "7", [("SCO004", 364)], ["98", "=97", "7（提升宣传、信访维护水平）"]),
    # a score above its weight
    ("004", 348, "8", "12", [("SCO001", 348), ("SCO004", 364)], ["12", "10"]),
    # the text total changed
    ("004", 34, "实际得分98分", "实际得分96分", [("SCO005", 34)], ["96", "98", "364"]),
    # a grade the score does not earn
    ("004", 34, "评价为优秀", "评价为良好", [("SCO006", 34)], ["98", "良好", "优"]),
    ("001", 84, "等级是优", "等级是良", [("SCO006", 84)], ["100", "良"]),
    ("000", 97, "第一等级", "第二等级", [("SCO006", 97)], ["第二等级"]),
    ("002", 105, "等级优", "等级中", [("SCO006", 105)], ["100", "中"]),
    ("002", 93, "自评结果优秀", "自评结果良好", [("SCO006", 93)], ["第105行", "100"]),
    ("001", 84, "100分", "85分", [("SCO006", 84)], ["85", "良"]),
    # a group weight changed
    ("004", 312, "30", "40", [("SCO002", 312)], ["40", "=30", "10（精准招商）"]),
    ("004", 267, "50", "45", [("SCO002", 267)], ["45", "=50"]),
    # a row weight changed: its group and the table's weights stop adding up
    ("004", 273, "20", "25", [("SCO002", 267), ("SCO003", 363)], ["=105", "=55"]),
    # the 预算执行率 row's score against its rate
    ("004", 218, "10", "8", [("SCO004", 364), ("SCO008", 218)], ["应得10分", "表中得分8分"]),
    # the rate restated as 全年执行数/全年预算数: SCO007 silent, score 10 still fits 99.96%
    ("004", 217, "102.32", "99.96", [], []),
    # total score changed in the table: the rows, the text and the table disagree
    ("004", 364, "98", "99", [("SCO004", 364), ("SCO005", 34)], ["99", "98"]),
]


@pytest.mark.parametrize("key, line, old, new, expected, words", INJECTED)
def test_injected_defects_are_found_at_the_right_line(key, line, old, new, expected, words):
    text = inject(seed_text(key), line, old, new)
    findings = [f for f in sco(check(text, path=SEED_NAMES[key])) if f.rule != "SCO007"]
    assert at(findings) == sorted(expected)
    messages = " ".join(f.message for f in findings)
    for word in words:
        assert word in messages


# -- a scoring table with its header (project table layout) ------------------------------
HEADED = """部门整体支出绩效自评报告
三、绩效自评情况
经自评，综合评分为95分，等级为优。
\t一级指标
\t二级指标
\t三级指标
\t指标值
\t实际完成值
\t分值
\t得分
\t偏差原因分析

\t产出指标（40分）
\t数量指标
\t完成数
\t3次
\t3次
\t20
\t20
\t

\t
\t质量指标
\t合格率
\t100%
\t98%
\t20
\t18
\t略有偏差

\t效益指标（60分）
\t社会效益指标
\t服务对象
\t好
\t好
\t60
\t57
\t

\t总分
\t100
\t95
"""


def test_headed_table_is_read_by_its_header_and_silent_when_consistent():
    table = read_score_tables(HEADED)[0]
    assert [(r.name, r.weight.value, r.score.value) for r in table.rows] == [
        ("完成数", 20, 20), ("合格率", 20, 18), ("服务对象", 60, 57)]
    assert [g.name for g in table.groups if g.weight is not None] == ["产出指标", "效益指标"]
    assert sco(check(HEADED)) == []


def test_headed_table_defects():
    assert at(sco(check(HEADED.replace("\t57\n", "\t67\n")))) == [("SCO001", 37), ("SCO004", 42)]
    assert at(sco(check(HEADED.replace("综合评分为95分", "综合评分为93分")))) == [("SCO005", 3)]
    assert at(sco(check(HEADED.replace("综合评分为95分，等级为优", "综合评分为95分，等级为良")))) == [("SCO006", 3)]
    assert at(sco(check(HEADED.replace("效益指标（60分）", "效益指标（50分）")))) == [("SCO002", 31)]


# -- statements that are not the overall score or grade ------------------------------------
@pytest.mark.parametrize("sentence", [
    "预算编制指标满分20分，自评得分18分，评价为优。",  # one indicator's score
    "该项指标自评得分18分，等级为优。",
    "我处3名同志年度考核结果为优秀的比例达到20%。",  # staff appraisal, not the evaluation grade
    "2022年度自评分数为85分，等级为良。",  # another year, consistent in itself
    "项目运行结果良好，得分10分。",
    "评价工作持续优化，等级划分清晰。",
])
def test_other_scores_and_grades_raise_nothing(sentence):
    text = "三、绩效自评情况\n自评分数为98分，等级为优。\n" + sentence + "\n"
    assert sco(check(text)) == []


def test_grade_without_score_in_another_year_is_not_judged():
    text = "三、绩效自评情况\n自评分数为98分，等级为优。\n2022年自评结果良好。\n"
    assert sco(check(text)) == []
    text = "三、绩效自评情况\n自评分数为98分，等级为优。\n自评结果良好。\n"
    assert at(sco(check(text))) == [("SCO006", 3)]


# -- profile-driven bands, full score and execution-rate rule ------------------------------
def test_grade_bands_come_from_the_profile():
    text = "三、绩效自评情况\n自评分数为88分，等级为优秀。\n"
    assert at(sco(check(text))) == [("SCO006", 2)]
    lenient = Profile(name="lenient", title="t", grades=[
        GradeBand(grade="优", min=Decimal(85), synonyms=["优秀"]),
        GradeBand(grade="良", min=Decimal(0), max=Decimal(85))])
    assert check_with_profile(text, lenient) == []


BUDGET_ROW = """部门整体支出绩效自评表
\t年度预算申请（万元）
\t
\t年初预算数
\t全年预算数
\t全年执行数
\t分值
\t执行率
\t得分

\t
\t年度资金总额
\t100.00
\t100.00
\t92.00
\t10
\t92.00%
\t{score}
"""


def test_execution_score_follows_the_rule():
    assert sco(check(BUDGET_ROW.format(score="9.2"))) == []
    findings = sco(check(BUDGET_ROW.format(score="10")))
    assert at(findings) == [("SCO008", 18)]
    assert "应得9.2分" in findings[0].message and "92.00%" in findings[0].message
    steps = Profile(name="steps", title="t", extensions={"scores": {"execution_rate": {
        "below": "steps", "steps": [{"at_least": 90, "share": "1"}, {"at_least": 80, "share": "0.5"}]}}})
    assert check_with_profile(BUDGET_ROW.format(score="10"), steps) == []
    assert [f.rule for f in check_with_profile(BUDGET_ROW.format(score="9.2"), steps)] == ["SCO008"]


def test_execution_rate_without_another_explanation():
    text = BUDGET_ROW.format(score="9.5").replace("\t92.00%", "\t95.00%")
    findings = sco(check(text))
    assert at(findings) == [("SCO007", 17)]
    assert "92.00/100.00×100%=92%" in findings[0].message and "实为" not in findings[0].message


def test_full_score_from_the_profile():
    table = HEADED.replace("\t100\n\t95", "\t120\n\t95")
    found = at(sco(check(table)))
    assert found == [("SCO003", 41)]
    assert at(check_with_profile(table, Profile(name="p", title="t", full_score=Decimal(120)))) == [("SCO003", 41)]
    assert at(check_with_profile(HEADED, Profile(name="p", title="t", full_score=Decimal(120)))) == [("SCO003", 41)]


# -- odd input ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "x", "总分\n", "\t总分\n\t100\n\t98\n", "\t总分\n\t" + "9" * 39 + "\n\t98\n",
    "\t年度资金总额\n\t0\n\t0\n\t0\n\t10\n\t100%\n\t10\n", "\t产出指标（50分）\n\t\n\t\n", "自评分数为分，等级为。",
])
def test_odd_input_does_not_crash(text):
    findings = check(text, select=["SCO", "PRS001"])
    assert not crashes(findings)
    facts = facts_of(text)  # and the facts stage reads it without raising
    assert isinstance(facts.score_tables, list) and isinstance(facts.get("grade_statements"), list)


@pytest.mark.parametrize("sentence, expected", [
    ("经综合评定，综合评分为97分，等级为优。", [("actual", "综合评分", Decimal(97))]),
    ("总分100分，得分98分，评价为优秀。", [("full", "总分", Decimal(100)), ("actual", "得分", Decimal(98))]),
    ("满分100分，自评得分95.5分。", [("full", "满分", Decimal(100)), ("actual", "自评得分", Decimal("95.5"))]),
    ("各项指标得分10分。", []),  # a bare 得分 without a full score is not the total
    ("满分20分，自评得分18分。", []),  # not the report's full score: one indicator
])
def test_score_sentences(sentence, expected):
    found, _ = read_text_scores("三、绩效自评情况\n" + sentence + "\n")
    assert [(s.role, s.label, s.value) for s in found] == expected


# -- text scores above the stated full score (SCO001) ---------------------------------------
@pytest.mark.parametrize("sentence, column, words", [
    ("满分100分，自评得分120分。", 12, "自评得分120分，超过同句所述满分100分"),
    ("总分100分，得分120分，评价为优。", 10, "得分120分，超过同句所述总分100分"),
])
def test_text_score_above_the_full_score_is_found(sentence, column, words):
    findings = [f for f in sco(check("三、绩效自评情况\n" + sentence + "\n")) if f.rule == "SCO001"]
    assert [(f.rule, f.line, f.column) for f in findings] == [("SCO001", 2, column)]
    assert words in findings[0].message


@pytest.mark.parametrize("sentence", [
    "满分100分，自评得分100分。",  # at the full score: fine
    "满分100分，自评得分99.5分。",
    "满分100分。自评得分120分。",  # another sentence: not paired
    "满分20分，自评得分25分。",  # one indicator's full score: not the report's
])
def test_text_score_within_or_unpaired_is_silent(sentence):
    assert [f for f in sco(check("三、绩效自评情况\n" + sentence + "\n")) if f.rule == "SCO001"] == []


# -- speed: inputs that were quadratic (seconds) must stay linear ---------------------------
# Bounds are generous for a loaded 2-core machine; before the fix each took 5–15 s.
SLOW_BOUND = 1.0


def timed_sco(text: str) -> tuple[float, list]:
    start = time.perf_counter()
    findings = check(text, select=["SCO", "PRS001"])
    return time.perf_counter() - start, sco(findings)


def test_long_paragraph_of_scores_is_linear():
    # 得分10分 ×4000 in one sentence: every score used to rescan the paragraph for its
    # sentence and compare itself with every other score in it.
    seconds, findings = timed_sco("三、绩效自评情况\n" + "得分10分" * 4000 + "\n")
    assert seconds < SLOW_BOUND and findings == []
    seconds, findings = timed_sco("三、绩效自评情况\n" + "满分100分，自评得分120分，等级为优。" * 3000 + "\n")
    assert seconds < SLOW_BOUND
    assert len([f for f in findings if f.rule == "SCO001"]) == 3000


def test_long_whitespace_after_a_label_is_linear():
    # 得分 / 等级 then a long blank run: `\s*(…)?\s*` backtracked quadratically.
    for label in ("得分", "等级"):
        seconds, findings = timed_sco("三、绩效自评情况\n" + label + "　" * 20000 + "x\n")
        assert seconds < SLOW_BOUND and findings == []


def test_cells_full_of_brackets_are_linear():
    # （1 ×20000 in two cells: the unit-suffix regex was retried at every bracket.
    seconds, findings = timed_sco("\t" + "（1" * 20000 + "\n\t" + "（1" * 20000 + "\n")
    assert seconds < SLOW_BOUND and findings == []
    seconds, findings = timed_sco("\t" + "[bookmark: " * 20000 + "\n\tx\n")
    assert seconds < SLOW_BOUND and findings == []


def test_wide_rows_are_linear():
    # a row of 20000 text cells: each candidate column used to rescan every cell right of it
    seconds, findings = timed_sco("\t" + "\n\t".join(["x"] * 20000) + "\n")
    assert seconds < SLOW_BOUND and findings == []


def test_header_with_unit_is_still_read():
    # the linear unit stripping keeps 分值（分） / 得分(分) headers as before
    _without_unit = without_unit
    assert _without_unit("分值（分）") == "分值" and _without_unit("得分(分)") == "得分"
    assert _without_unit("分值（（分）") == "分值" and _without_unit("a(b)c（分）") == "a(b)c"
    assert _without_unit("分值") == "分值" and _without_unit("）") == "）"
    headed = HEADED.replace("\t分值\n", "\t分值（分）\n").replace("\t得分\n", "\t得分(分)\n")
    assert "分值（分）" in headed and "得分(分)" in headed
    table = read_score_tables(headed)[0]
    assert [(r.name, r.weight.value, r.score.value) for r in table.rows] == [
        ("完成数", 20, 20), ("合格率", 20, 18), ("服务对象", 60, 57)]
    wrong = headed.replace("\t57\n", "\t58\n")
    assert at(sco(check(wrong))) == [("SCO004", 42)]
