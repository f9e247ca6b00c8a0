"""The facts the formulas stage reads: quantities, formulas, breakdowns, changes, on the four seeds.

Each seed's facts are pinned (values, labels, years, lines), so a change to the shared
reading shows here before it shows as a moved or lost FRM finding.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportlint.facts import Facts
from reportlint.facts.breakdowns import Breakdown
from reportlint.facts.changes import Change
from reportlint.facts.formulas import Formula
from reportlint.input.source import Source
from reportlint.plugins.formulas.reading import blocks, cell_figure
from reportlint.run.runner import get_manager, parse_with

from util import SEED_NAMES, seed_text

EXPORT_KEYS = {"kind", "line", "column", "section", "label", "year", "value", "unit", "qualifier", "text"}


def facts_of(text: str, path: str = "report.txt") -> Facts:
    source = Source(text, path)
    return Facts(parse_with(source, get_manager(), None), source)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Facts]:
    return {key: facts_of(seed_text(key), SEED_NAMES[key]) for key in SEED_NAMES}


# -- quantities ----------------------------------------------------------------------
def test_seed_004_line_23_project_expenditure(seeds):
    found = [(q.kind, q.label, q.number, q.unit, q.year, q.qualifier, q.basis)
             for q in seeds["004"].quantities if q.line == 23]
    assert found == [
        ("amount", "年初预算", "72.34", "万元", 2023, "年初预算", "budget"),
        ("amount", "年中追加预算", "51.79", "万元", 2023, "追加", "budget"),
        ("amount", "全年预算", "106.06", "万元", 2023, "全年预算", "budget"),
        ("amount", "实际支出", "106.06", "万元", 2023, "执行数", "actual"),
    ]
    first = next(q for q in seeds["004"].quantities if q.line == 23)
    line = seed_text("004").split("\n")[22]
    assert line[first.span.column - 1:first.span.end_column - 1] == "72.34万元"
    assert first.in_yuan.low == Decimal("723350") and first.in_yuan.high == Decimal("723450")


@pytest.mark.parametrize("key,line,expected", [
    ("000", 16, [("行政执法编制", "8", "名", None), ("财政供养在职人员", "8", "人", 2021), ("退休人员", "3", "人", 2021)]),
    ("001", 54, [("收入预算", "3057.90", "万元", 2020), ("支出预算", "3057.90", "万元", 2020),
                 ("决算总收入", "3257.65", "万元", 2020), ("决算总支出", "3577.86", "万元", 2020)]),
    ("002", 14, [("年底在职人数", "15", "人", 2024), ("后勤服务人员", "9", "名", 2024)]),
    ("002", 77, [("决算收入", "1557.15", "万元", 2024), ("基本支出", "655.69", "万元", 2024),
                 ("决算支出", "1564.1", "万元", 2023)]),
])
def test_seed_quantities_with_label_and_year(seeds, key, line, expected):
    found = [(q.label, q.number, q.unit, q.year) for q in seeds[key].quantities if q.line == line]
    for item in expected:
        assert item in found


def test_frm_reads_figures_not_scores_or_households():
    facts = facts_of("一、情况\n2023年帮扶困难群众300户，得分10分，支出12.5万元。\n")
    [item] = blocks(facts)
    assert [q.shown for q in item.figures] == ["12.5万元"]
    assert {q.unit for q in facts.quantities} == {"户", "分", "万元"}  # the shared reading keeps them


def test_cell_figure_reads_lone_numbers_in_frm_units():
    facts = facts_of("一、情况\n\t项目\n\t金额\n\n\t经费\n\t34.50\n\n\t得分\n\t10分\n\n")
    values = {cell.text: cell_figure(facts, cell) for _, table in facts.document.tables()
              for row in table.rows for cell in row.cells}
    assert values["34.50"].number == "34.50" and values["34.50"].unit == ""
    assert values["10分"] is None and values["经费"] is None


# -- formulas ------------------------------------------------------------------------
def test_seed_formulas(seeds):
    found = [(f.line, f.label, f.text, [s.agrees for s in f.steps]) for f in seeds["001"].formulas]
    assert found == [
        (88, "财政拨款收入预决算差异率", "（3257.65万元-3132.88万元）/3132.88万元*100%=3.98%", [True]),
        (95, "支出完成率", "（3577.86/（3257.65+468.6））*100%=96.02%", [True]),
        (95, "二是结转结余率", "（148.391/(468.6+3257.65））=3.98%", [True]),
        (95, "国库集中支付结转结余存量资金变动率", "（2.65/169.45-1）*100%=-98.44%", [True]),
        (95, "本年度实际政府采购金额与年度政府采购预算的比率", "531.95/535.58=99.32%", [True]),
        (99, "固定资产利用率", "（5674.91/5674.91）*100%=100%", [True]),
    ]
    for key in ("000", "002", "004"):
        assert seeds[key].formulas == []
    first = seeds["001"].formulas[0]
    assert isinstance(first, Formula) and first.section and first.result.text == "3.98%"
    assert first.steps[0].figures == ["3257.65", "3132.88", "3132.88", "100"]
    row = first.row()
    assert set(row) == EXPORT_KEYS
    assert (row["kind"], row["line"], row["year"], row["value"], row["unit"], row["qualifier"]) == (
        "formula", 88, 2020, "3.98", "%", "agrees")


def test_formula_that_disagrees_and_one_that_cannot_be_computed():
    facts = facts_of("一、情况\n差异率=（3257.65-3132.88）/3132.88*100%=3.89%。规模控制率=0/0=100%。\n")
    wrong, zero = facts.formulas
    [step] = wrong.steps
    assert step.agrees is False and step.point.percent().show(2) == "3.98"
    assert step.computed.meets(step.point) and wrong.row()["qualifier"] == "disagrees"
    [step] = zero.steps
    assert step.agrees is None and step.problem and zero.row()["qualifier"] == "not computable"
    assert zero.label == "规模控制率" and zero.span.line == 2


def test_definition_in_words_before_the_figures_is_skipped():
    facts = facts_of("一、情况\n资金到位率=到位资金÷预算资金×100%=650.00÷650.00×100%=100%。"
                     "预算执行率=(实际支出÷预算资金)×100%=628.40÷650.00×100%=96.86%。\n")
    full, rate = facts.formulas
    assert [m.text for m in full.members] == ["650.00÷650.00×100%", "100%"] and full.label == "资金到位率"
    assert full.row()["qualifier"] == "agrees"
    assert [m.text for m in rate.members] == ["628.40÷650.00×100%", "96.86%"] and rate.label == "预算执行率"
    [step] = rate.steps
    assert step.agrees is False and step.point.percent().show(2) == "96.68"


@pytest.mark.parametrize("sentence", [
    "预算执行率=实际支出÷预算资金×100%。",  # words only: no formula
    "预算执行率=实际支出÷预算资金×100%=96.86%。",  # words and a result: nothing to compute
    "预算执行率=实际支出÷650.00×100%=628.40÷650.00×100%=96.86%。",  # names and figures mixed: not read
    "执行率=实际支出÷预算×100%=628.40÷预算×100%=96.86%。",  # the figures' member names a quantity
])
def test_definitions_in_words_that_are_no_formula(sentence):
    assert facts_of("一、情况\n" + sentence + "\n").formulas == []


# -- breakdowns ----------------------------------------------------------------------
SEED_BREAKDOWNS = {
    "000": [(16, "prose", "8人", ["1人"], False), (22, "prose", "139人次", ["8人次", "21人次"], True),
            (134, "prose", "139人次", ["8人次", "21人次"], True)],
    "001": [(72, "prose", "17次", ["11次"], False), (78, "prose", "309件", ["3件", "45件", "261件"], False)],
    "002": [(14, "prose", "17名", ["8名", "9名"], False), (14, "prose", "15人", ["8名", "9名"], False),
            (14, "prose", "9名", ["8名"], False), (19, "prose", "50人", ["23人", "10人", "16人", "1人"], False),
            (77, "prose", "1557.15万元", ["655.69万元", "898.41万元"], False),
            (77, "prose", "1564.1万元", ["665.69万元", "898.41万元"], False)],
}


@pytest.mark.parametrize("key", sorted(SEED_BREAKDOWNS))
def test_seed_prose_breakdowns(seeds, key):
    found = [(b.line, b.source, b.total.shown, [p.shown for p in b.parts], b.partial) for b in seeds[key].breakdowns]
    assert found == SEED_BREAKDOWNS[key]


def test_seed_004_breakdowns(seeds):
    found = [(b.line, b.source, b.row_label or b.label, b.total.number, [p.number for p in b.parts], b.partial,
              b.unknown, b.column) for b in seeds["004"].breakdowns]
    assert (18, "prose", "年初预算", "293.53", ["197.19", "24", "72.34"], False, [], "") in found
    assert (115, "rows", "项目支出：", "72.34", ["62.34", "10.00", "51.79"], False, ["4其他事业类发展资金"],
            "2023年预算数") in found
    assert (89, "rows", "1.公务用车购置和维护经费", "14.70", ["14.70"], True, ["其中：公车购置"], "2022年决算数") in found
    assert found[-1] == (222, "stacked", "按支出性质分", "303.36", ["194.30", "106.06", "0.12"], False, [], "")
    assert [b.source for b in seeds["004"].breakdowns].count("rows") == 12
    stacked = seeds["004"].breakdowns[-1]
    assert stacked.part_labels == ["基本支出", "项目支出", "转入结余分配"]
    assert stacked.sum.mid == Decimal("300.48") and stacked.falls_short() and not stacked.exceeds()
    assert [p.line for p in stacked.parts] == [226, 230, 234]
    line = seed_text("004").split("\n")[221]  # the total after a [bookmark: _GoBack] residue
    assert line[stacked.span.column - 1:stacked.span.end_column - 1] == "303.36"
    row = stacked.row()
    assert set(row) == EXPORT_KEYS and (row["kind"], row["value"], row["qualifier"]) == ("breakdown", "303.36", "complete")
    assert row["text"] == "194.30 + 106.06 + 0.12"


@pytest.mark.parametrize("sentence,partial", [
    ("支出293.53万元，其中人员支出197.19万元、公用经费24万元。", False),
    ("支出293.53万元，其中人员支出197.19万元、公用经费24万元等。", True),
    ("支出293.53万元，其中主要是人员支出197.19万元、公用经费24万元。", True),
    ("支出293.53万元，其中包括人员支出197.19万元、公用经费24万元。", True),
])
def test_partial_words_come_from_the_vocabulary(sentence, partial):
    [breakdown] = facts_of("一、情况\n" + sentence + "\n").breakdowns
    assert isinstance(breakdown, Breakdown) and breakdown.partial is partial
    assert breakdown.label == "支出" and breakdown.total.number == "293.53"


def test_comparison_ends_a_breakdown():
    [breakdown] = facts_of("一、情况\n支出300万元，其中人员支出200万元，较上年增加68.35万元。\n").breakdowns
    assert [p.number for p in breakdown.parts] == ["200"]


# -- changes -------------------------------------------------------------------------
def test_seed_changes(seeds):
    found = [(c.line, c.label, c.text, c.direction, c.relative, c.compared_to, c.base_year,
              c.current.shown if c.current else None) for key in sorted(seeds) for c in seeds[key].changes]
    assert found == [
        (74, "市政府（市府办）共发文", "比去年同期减少32.6%", "decrease", True, "去年同期", None, "376件"),
        (74, "重点精简类文件发文", "比去年同期减少10.6%", "decrease", True, "去年同期", None, "42件"),
        (17, "收入", "较上年增加68.35万元", "increase", False, "上年", None, None),
        (18, "支出", "较上年增加68.35万元", "increase", False, "上年", 2022, None),
        # 较上年预算数减少: the figure compared may be named between 较上年 and the verb
        (25, "三公经费预算数", "较上年预算数减少16.08万元", "decrease", False, "上年", 2022, None),
        (25, "三公经费预算数", "下降31.79%", "decrease", True, "上年", 2022, None),
    ]
    row = seeds["004"].changes[1].row()
    assert set(row) == EXPORT_KEYS
    assert (row["kind"], row["line"], row["year"], row["value"], row["unit"]) == ("change", 18, 2023, "68.35", "万元")


def test_change_continued_and_signed():
    facts = facts_of("一、情况\n2023年部门支出300.48万元，较上年增加12.50万元、增长4.34%；收入同比下降3%。\n")
    more, rate, fall = facts.changes
    assert isinstance(more, Change) and more.text == "较上年增加12.50万元" and more.current.number == "300.48"
    assert (more.label, more.base_year, more.relative, more.signed_value) == ("部门支出", 2022, False, Decimal("12.50"))
    assert rate.text == "增长4.34%" and rate.relative and rate.current is more.current
    assert fall.direction == "decrease" and fall.delta.high < 0 and fall.compared_to == "同比"


def test_no_change_without_a_verb_or_in_a_list():
    facts = facts_of("一、情况\n支出较上年68万元。两项分别增长3%、5%。\n")
    assert facts.changes == []
