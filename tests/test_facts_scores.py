"""The scores facts (reportlint.facts.scores) on the four seeds: scoring tables, rows, groups,
the budget-execution and total rows, and the scores and grades the prose states."""

from __future__ import annotations

import gc
from decimal import Decimal

import pytest

from reportlint.facts import Facts
from reportlint.facts.scores import (ExecutionRow, GradeStatement, ScoreGroup, ScoreRow, ScoreStatement,
                                     ScoreTable, TotalRow, header_roles, main_table, points, written)
from reportlint.input.source import Source
from reportlint.numbers import Interval
from util import parse, seed_text

ROW_KEYS = ("kind", "line", "column", "section", "label", "year", "value", "unit", "qualifier", "text")


def facts_of(key: str) -> Facts:
    text = seed_text(key)
    return Facts(parse(text), Source(text, "report.txt"))


def facts_of_text(text: str) -> Facts:
    return Facts(parse(text), Source(text, "report.txt"))


# -- seed 004: 附件1-2 部门整体支出绩效自评表 ----------------------------------------------------
def test_seed_004_has_one_scoring_table():
    tables = facts_of("004").score_tables
    assert len(tables) == 1
    table = tables[0]
    assert isinstance(table, ScoreTable)
    assert (table.title, table.label, table.line, table.uncertain) == (
        "附件1-2部门整体支出绩效自评表", "附件1-2部门整体支出绩效自评表", 194, False)
    assert table.section == ("附件1-2 部门整体支出绩效自评表",)


def test_seed_004_indicator_rows_with_names_by_level_weight_and_score():
    table = facts_of("004").score_tables[0]
    rows = [(r.line, r.name, r.level1, r.level2, r.weight and r.weight.value, r.score and r.score.value)
            for r in table.rows]
    assert rows == [
        (244, "重点工作完成数", "产出指标", "数量指指标", 20, 20),
        (277, "达标完成率", "产出指标", "质量指指标", 10, 10),
        (288, "及时完成情况", "产出指标", "时效指指标", 10, 10),
        (299, "成本控制", "产出指标", "成本指标", 10, 10),
        (309, "精准招商", "效益指标", "经济效益指标", 10, 10),
        (321, "发挥桥梁作用", "效益指标", "社会效益益指标", 10, 10),
        (331, "无", "效益指标", "生态效益指标", None, None),  # 生态效益指标: not scored
        (341, "提升宣传、信访维护水平", "效益指标", "可持续影响指标", 10, 8),
        (351, "社会公众满意度", "满满意度指标", "服务对象满意度指标", 10, 10),
    ]
    assert all(isinstance(r, ScoreRow) and r.label == r.name for r in table.rows)
    first = table.rows[0]
    assert (first.target, first.actual) == ("3次", "3次")
    assert (table.rows[-1].target, table.rows[-1].actual) == ("95%", "95%")
    # the figures are the digits as written, where they stand
    assert [(r.score.line, written(r.score)) for r in table.rows if r.score is not None][-2:] == [
        (348, "8"), (359, "10")]


def test_seed_004_scored_items_add_up_to_98_of_100():
    table = facts_of("004").score_tables[0]
    items = table.scored_items()
    assert [label for label, _, _ in items][:2] == ["年度资金总额", "重点工作完成数"]
    scores = [score.value for _, _, score in items if score is not None]
    weights = [weight.value for _, weight, _ in items if weight is not None]
    assert scores == [10, 20, 10, 10, 10, 10, 10, 8, 10] and sum(scores) == 98
    assert weights == [10, 20, 10, 10, 10, 10, 10, 10, 10] and sum(weights) == 100
    assert (table.total.weight.value, table.total.score.value) == (100, 98)


def test_seed_004_execution_and_total_rows():
    table = facts_of("004").score_tables[0]
    execution = table.execution
    assert isinstance(execution, ExecutionRow) and isinstance(table.total, TotalRow)
    assert (execution.label, execution.line) == ("年度资金总额", 211)
    figures = [(f.line, f.number, f.unit) for f in (execution.initial, execution.budget, execution.executed,
                                                    execution.weight, execution.rate, execution.score)]
    assert figures == [(213, "293.53", ""), (214, "300.48", ""), (215, "300.36", ""), (216, "10", ""),
                       (217, "102.32", "%"), (218, "10", "")]
    assert execution.rate.value == Decimal("102.32")
    total = table.total
    assert (total.label, total.line, total.weight.line, total.score.line) == ("总分", 362, 363, 364)


def test_seed_004_groups_and_rows_name_each_other_by_index():
    table = facts_of("004").score_tables[0]
    level1 = [(g.name, g.weight.value, g.weight.line, g.rows) for g in table.groups if g.level == 1]
    assert level1 == [("产出指标", 50, 267, [0, 1, 2, 3]), ("效益指标", 30, 312, [4, 5, 6, 7]),
                      ("满满意度指标", 10, 353, [8])]
    assert all(isinstance(g, ScoreGroup) for g in table.groups)
    assert [g.name for g in table.groups if g.level == 2 and g.weight is not None] == []
    for index, row in enumerate(table.rows):
        for group in table.groups_of(row):
            assert index in group.rows
    assert [r.name for r in table.rows_of(table.groups[0])] == ["重点工作完成数", "达标完成率", "及时完成情况", "成本控制"]
    # a group heading's weight is a Score fact of its own, covering 50分
    weight = table.groups[0].weight
    assert (weight.text, weight.number, weight.unit, weight.kind) == ("50分", "50", "分", "score")


def test_seed_004_table_figures_are_the_shared_cell_quantities():
    facts = facts_of("004")
    table = facts.score_tables[0]
    row = table.rows[7]
    assert facts.quantities_in(row.score.block) == [row.score]  # the same object: one reading
    assert facts.quantities_in(table.execution.rate.block) == [table.execution.rate]


def test_seed_004_statements_in_the_prose():
    facts = facts_of("004")
    scores = facts.get("score_statements")
    assert all(isinstance(s, ScoreStatement) for s in scores)
    assert [(s.role, s.label, s.value, s.line, s.span.column, s.text) for s in scores] == [
        ("full", "总评分", 100, 34, 34, "100"), ("actual", "实际得分", 98, 34, 43, "98")]
    grades = facts.get("grade_statements")
    assert all(isinstance(g, GradeStatement) for g in grades)
    assert [(g.text, g.grade, g.line, g.span.column, g.score.value, g.evaluation, g.years) for g in grades] == [
        ("优秀", "优", 34, 62, 98, True, (2023,))]
    assert grades[0].score is scores[1]


def test_seed_004_main_table_is_the_only_one_with_a_total():
    facts = facts_of("004")
    assert main_table(facts.score_tables) is facts.score_tables[0]


def test_seed_004_export_rows_of_the_scoring_rows():
    rows = [fact.row() for fact in facts_of("004").get("score_rows")]
    assert all(set(ROW_KEYS) <= row.keys() for row in rows)
    scored = [(r["kind"], r["line"], r["label"], r["value"], r["weight"], r["unit"], r["text"])
              for r in rows if r["kind"] != "score_group"]
    assert scored[0] == ("execution_row", 211, "年度资金总额", "10", "10", "分", "执行率102.32%，分值10，得分10")
    assert ("score_row", 341, "提升宣传、信访维护水平", "8", "10", "分", "分值10，得分8") in scored
    assert scored[-1] == ("score_total", 362, "总分", "98", "100", "分", "分值100，得分98")
    assert len([r for r in rows if r["kind"] == "score_row"]) == 9
    groups = [(r["label"], r["value"]) for r in rows if r["kind"] == "score_group" and r["value"]]
    assert groups == [("产出指标", "50"), ("效益指标", "30"), ("满满意度指标", "10")]
    assert [r["line"] for r in rows] == sorted(r["line"] for r in rows)
    statement = [s.row() for s in facts_of("004").get("score_statements")][1]
    assert {k: statement[k] for k in ("kind", "line", "label", "value", "unit", "qualifier")} == {
        "kind": "score_statement", "line": 34, "label": "实际得分", "value": "98", "unit": "分", "qualifier": "actual"}


# -- the Guangdong seeds: no scoring table, a score and grades in the prose -----------------------
@pytest.mark.parametrize("key, scores, grades", [
    ("000", [("actual", "自评分数", 100, 97, 61)],
     [("优秀", "优", 87, 80, None, ("自评工作过程",)), ("第一等级", "优", 97, 67, 100, ("自评结果",))]),
    ("001", [("actual", "自评分数", 100, 84, 8)], [("优", "优", 84, 16, 100, ("自评结果",))]),
    ("002", [("actual", "自评分数", 100, 105, 10)],
     [("优秀", "优", 93, 109, None, ("自评工作过程",)), ("优", "优", 105, 17, 100, ("自评结果",))]),
])
def test_guangdong_seeds_statements(key, scores, grades):
    facts = facts_of(key)
    assert facts.score_tables == [] and facts.get("score_rows") == []
    assert [(s.role, s.label, s.value, s.line, s.span.column) for s in facts.get("score_statements")] == scores
    found = [(g.text, g.grade, g.line, g.span.column, g.score.value if g.score else None, g.section[-1:])
             for g in facts.get("grade_statements")]
    assert found == grades
    assert all(g.evaluation and g.years == () for g in facts.get("grade_statements"))
    assert all(s.year is None for s in facts.get("score_statements"))


# -- properties of the stage -------------------------------------------------------------------
@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_no_reference_cycles(key):
    facts = facts_of(key)
    facts.blocks, facts.quantities  # noqa: B018 - built before the collector is paused
    gc.collect()
    gc.disable()
    try:
        facts.score_tables, facts.get("score_rows"), facts.get("score_statements"), facts.get("grade_statements")  # noqa: B018
        del facts
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_points_are_exact_for_whole_numbers_and_rounded_otherwise():
    table = facts_of("004").score_tables[0]
    assert points(table.rows[0].weight) == Interval.exact(Decimal(20))
    text = "三、绩效自评情况\n满分100分，自评得分95.5分。\n"
    statement = facts_of_text(text).get("score_statements")[1]
    assert points(statement) == Interval.stated(Decimal("95.5"))


def test_heading_roles_come_from_the_vocabulary():
    roles = header_roles()
    assert roles["评价得分"] == "score"  # in [table_roles].score: one list for FRM and SCO
    assert roles["分值"] == roles["标准分值"] == "weight"
    assert (roles["一级指标"], roles["三级指标"], roles["全年执行数"]) == ("level1", "name", "executed")
    table = ("\t三级指标\n\t指标值\n\t实际完成值\n\t分值\n\t评价得分\n\n"
             "\t完成数\n\t3次\n\t3次\n\t60\n\t55\n\n\t合格率\n\t100%\n\t98%\n\t40\n\t38\n\n\t总分\n\t100\n\t93\n")
    tables = facts_of_text(table).score_tables
    assert [(r.name, r.target, r.weight.value, r.score.value) for r in tables[0].rows] == [
        ("完成数", "3次", 60, 55), ("合格率", "100%", 40, 38)]


# -- a group on a row of its own: its 分值 and a subtotal 得分 (issue 13) ---------------------
def test_a_group_row_is_a_group_with_weight_and_subtotal_not_an_indicator():
    from test_relations_scores import rows_carry, table_report

    [table] = facts_of_text(table_report(rows_carry())).score_tables
    level1 = [(g.name, g.weight and g.weight.number, g.score and g.score.number, len(g.rows))
              for g in table.groups if g.level == 1]
    assert level1 == [("预算执行率", "10", "10", 0), ("产出指标", "50", "48", 3), ("效益指标", "30", "25", 1),
                      ("满意度指标", "10", "9", 1)]
    assert "（未命名指标）" not in [r.name for r in table.rows]
    assert all(table.group_only(g) for g in table.groups if g.level == 1)
    # weights: the groups stand for their rows; scores: the rows, the subtotals not added again
    assert [label for label, _, _ in table.weighted_items()] == ["预算执行率", "产出指标", "效益指标", "满意度指标"]
    assert sum(s.value for _, _, s in table.scored_items() if s) == 92
    assert "预算执行率" in [label for label, _, _ in table.scored_items()]
