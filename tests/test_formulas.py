"""FRM: written formulas, 其中 sums, table totals, defined figures, repeated figures.

Both directions on the real seeds, and defects injected into copies of them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportlint.facts import Facts
from reportlint.facts.formulas import evaluate, parse_expression
from reportlint.numbers import Interval
from reportlint.plugins.formulas.rates import (DefinitionError, check_table, definitions_for, is_scoring_table,
                                               parse_definitions)
from reportlint.plugins.formulas.reading import cell_figure
from reportlint.parse.profiles import Profile

from util import SEED_NAMES, at, inject, parse, seed_text
from util import check as _check
from util import check_seed as _check_seed


def check(text: str, **settings):
    """util.check that fails the test when an FRM rule crashed (a PRS001 finding naming it):
    a test expecting silence must not pass because a rule raised."""
    if settings.get("select") is not None:
        settings["select"] = [*settings["select"], "PRS001"]
    findings = _check(text, **settings)
    assert [f.message for f in findings if f.rule == "PRS001" and ("FRM" in f.message or "formulas" in f.message)] == []
    return findings


def check_seed(key: str, **settings):
    return check(seed_text(key), path=SEED_NAMES[key], **settings)


def formulas_in(line: str):
    """The Formula facts of one line of prose."""
    return Facts(parse("一、情况\n" + line + "\n")).formulas

EXPECTED = {
    "000": [],
    "001": [("FRM005", 88)],
    "002": [("FRM002", 14), ("FRM002", 77)],
    # 004:217 (执行率 102.32% in the 自评表) is SCO007's: FRM004 leaves scoring tables to the scores plugin
    "004": [("FRM003", 115), ("FRM003", 222), ("FRM004", 23), ("FRM004", 76)],
}


def frm(findings):
    return [f for f in findings if f.rule.startswith("FRM")]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed_findings_are_exactly_the_known_mistakes(key):
    assert at(check_seed(key, select=["FRM"]), "FRM") == sorted(EXPECTED[key])


def test_messages_carry_the_numbers():
    by_line = {(f.rule, f.line): f for f in check_seed("004", select=["FRM"])}
    assert "124.13" in by_line[("FRM004", 23)].message and "106.06" in by_line[("FRM004", 23)].message
    table = by_line[("FRM003", 115)]
    assert "62.34 + 10.00 + 51.79 = 124.13" in table.message and "72.34" in table.message
    assert table.evidence.stated == "72.34" and table.evidence.computed == "124.13"
    stacked = by_line[("FRM003", 222)]
    assert "303.36" in stacked.message and "194.30 + 106.06 + 0.12 = 300.48" in stacked.message
    assert "合计 303.36 最可能有误" in stacked.message
    control = by_line[("FRM004", 76)]
    assert "52.63%" in control.message and "10" in control.message and "19" in control.message
    two = {(f.rule, f.line): f for f in check_seed("002", select=["FRM"])}
    assert "「年底在职人数」15人" in two[("FRM002", 14)].message and "8名 + 9名 = 17人" in two[("FRM002", 14)].message
    assert "1554.10" in two[("FRM002", 77)].message and "655.69 最可能有误" in two[("FRM002", 77)].message
    one = check_seed("001", select=["FRM"])[0]
    assert "3057.90" in one.message and "3132.88" in one.message and "第54行" in one.message
    assert one.evidence.related[0]["line"] == 54


def test_findings_point_at_the_figure():
    finding = next(f for f in check_seed("002", select=["FRM002"]) if f.line == 14)
    line = seed_text("002").split("\n")[13]
    assert line[finding.column - 1:finding.end_column - 1] == "15人"


# -- injected defects -----------------------------------------------------------------
@pytest.mark.parametrize("line,old,new,rule,needle", [
    (88, "=3.98%", "=3.89%", "FRM001", "3.98%"),
    (95, "=96.02%", "=96.20%", "FRM001", "96.02%"),
    (95, "531.95/535.58", "531.95/553.58", "FRM001", "96.09%"),
    (95, "-98.44%", "-98.14%", "FRM001", "-98.44%"),
    (99, "=100%", "=90%", "FRM001", "100"),
])
def test_changed_formula_result_is_found(line, old, new, rule, needle):
    text = inject(seed_text("001"), line, old, new)
    found = [f for f in check(text, path=SEED_NAMES["001"], select=[rule]) if f.line == line]
    assert len(found) == 1 and needle in found[0].message


def test_changed_part_is_found():
    text = inject(seed_text("004"), 18, "公用经费24万元", "公用经费26万元")
    assert ("FRM002", 18) in at(check(text, select=["FRM002"]))
    text = inject(seed_text("002"), 19, "湛江大厦16人", "湛江大厦18人")
    assert ("FRM002", 19) in at(check(text, select=["FRM002"]))
    text = inject(seed_text("001"), 78, "市的261件", "市的271件")
    assert ("FRM002", 78) in at(check(text, select=["FRM002"]))


def test_partial_list_may_fall_short_but_not_exceed():
    short = "一、情况\n支出293.53万元，其中人员支出197.19万元、公用经费24万元等。\n"
    assert at(check(short, select=["FRM"])) == []
    over = "一、情况\n支出293.53万元，其中人员支出297.19万元、公用经费24万元等。\n"
    assert at(check(over, select=["FRM"])) == [("FRM002", 2)]


def test_changed_table_cell_is_found():
    text = inject(seed_text("004"), 110, "21.50", "22.50")  # 3.公务接待, 2023年预算数
    assert ("FRM003", 85) in at(check(text, select=["FRM003"]))
    text = inject(seed_text("004"), 226, "194.30", "197.18")  # stacked 其中 now makes 303.36
    assert ("FRM003", 222) not in at(check(text, select=["FRM003"]))


def test_empty_cells_are_unknown_not_zero():
    # 三公经费 columns add up with 2.出国经费 empty; filling it with a figure breaks them
    text = inject(seed_text("004"), 105, "\t", "\t5.00")
    assert ("FRM003", 85) in at(check(text, select=["FRM003"]))


def test_fixed_repeated_figure_goes_quiet():
    text = inject(seed_text("001"), 88, "收入预算数为3132.88万元", "收入预算数为3057.90万元")
    assert ("FRM005", 88) not in at(check(text, select=["FRM005"]))


@pytest.mark.parametrize("restated,expected", [("59人", []), ("57人", [("FRM005", 54)])])
def test_new_repeated_figure_conflict_is_found(restated, expected):
    # line 19 states 2020年年末在职人员59人; restating it on line 54 is silent when it agrees
    text = inject(seed_text("001"), 54, "2020年收入预算", f"2020年年末在职人员{restated}。2020年收入预算")
    found = [f for f in check(text, path=SEED_NAMES["001"], select=["FRM005"]) if f.line != 88]
    assert at(found) == expected
    if expected:
        [finding] = found
        assert "57人" in finding.message and "59人" in finding.message and "第19行" in finding.message
        assert finding.evidence.related[0]["line"] == 19
        line = text.split("\n")[53]
        assert line[finding.column - 1:finding.end_column - 1] == "57人"


# -- one mistake, one finding: the 自评表's 执行率 is the scores plugin's -------------------
def test_scoring_table_rate_is_reported_once():
    findings = [f for f in check_seed("004") if f.line == 217]
    assert [f.rule for f in findings] == ["SCO007"]
    assert "99.96%" in findings[0].message


SCORING_TABLE = """一、绩效自评情况
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
\t293.53
\t300.48
\t300.36
\t10
\t102.32%
\t10
"""


@pytest.mark.parametrize("text", [SCORING_TABLE, SCORING_TABLE.replace("\t分值\n", "").replace("\t得分\n", "")
                                  .replace("\t10\n\t102.32%\n\t10\n", "\t102.32%\n")],
                         ids=["scoring-table", "budget-execution-block"])
def test_frm004_leaves_scoring_and_budget_execution_tables_to_sco(text):
    rate_line = text.split("\n").index("\t102.32%") + 1
    assert [(f.rule, f.line) for f in check(text) if f.rule in ("FRM004", "SCO007")] == [("SCO007", rate_line)]
    # the rate is wrong and FRM004's table reading sees it: the silence is the hand-over, not blindness
    document = parse(text)
    [(container, table)] = list(document.tables())
    assert is_scoring_table(table)
    facts = Facts(document)
    [check_] = check_table(table, definitions_for(None), lambda cell: cell_figure(facts, cell))
    assert check_.stated.number == "102.32" and check_.hint[2] == "年初预算数"


def test_rate_in_prose_is_still_checked():
    text = "一、情况\n2023年预算执行率为102.32%，全年预算数300.48万元，年初预算数293.53万元，全年执行数300.36万元。\n"
    [finding] = [f for f in check(text) if f.line == 2]
    assert finding.rule == "FRM004"
    assert "99.96%" in finding.message and "300.36" in finding.message and "300.48" in finding.message
    assert "年初预算数" in finding.message  # the writer divided by 年初预算数
    assert at(check(text.replace("102.32%", "99.96%"), select=["FRM"])) == []


def test_rate_in_a_non_scoring_table_is_still_checked():
    # 附件1-1 基础数据表: 编制数 19, 实际在职人数 10, 控制率 100%
    assert ("FRM004", 76) in at(check_seed("004", select=["FRM004"]))
    text = inject(seed_text("004"), 76, "100%", "52.63%")
    assert ("FRM004", 76) not in at(check(text, select=["FRM004"]))


# -- 001:109 公用经费: 80.90% = 215.06 / 265.82, in two sentences ---------------------------
def test_consistent_public_expense_ratio_stays_silent():
    assert [f for f in check_seed("001") if f.line == 109 and f.rule.startswith("FRM")] == []
    said_together = inject(seed_text("001"), 109, "总额的比率=80.90%。日常", "总额的比率，即公用经费控制率为80.90%，日常")
    assert [f for f in check(said_together, select=["FRM"]) if f.line == 109] == []
    wrong = inject(said_together, 109, "控制率为80.90%", "控制率为80.09%")
    [finding] = [f for f in check(wrong, select=["FRM"]) if f.line == 109]
    assert finding.rule == "FRM004" and "80.90%" in finding.message and "215.06" in finding.message


# -- the arithmetic itself ------------------------------------------------------------
def test_formula_chain_is_evaluated_on_intervals():
    [written] = formulas_in("差异率=（3257.65万元-3132.88万元）/3132.88万元*100%=3.98%。")
    assert [step.agrees for step in written.steps] == [True]
    [written] = formulas_in("差异率=（3257.65-3132.88）/3132.88*100%=3.89%")
    [step] = written.steps
    assert step.agrees is False and step.point.percent().show(2) == "3.98"
    assert written.label == "差异率"


def test_division_by_zero_is_not_a_crash():
    [written] = formulas_in("规模控制率=0/0=100%")
    [step] = written.steps
    assert step.agrees is None and "zero" in step.problem
    assert ("FRM006", 2) in at(check("一、情况\n规模控制率=0/0=100%。\n", select=["FRM"]))


def test_full_width_and_operators():
    tree = parse_expression("（１２×３）÷４－１")
    assert evaluate(tree).value.meets(Interval.exact(Decimal(8)))


@pytest.mark.parametrize("text", ["", "其中", "=", "1+=2", "（（（", "其中：\n\t", "a=b=c", "20%=", "5/0",
                                  "\t分值\n\t得分\n", "\t全年预算数\n\t全年执行数\n\t执行率\n\n\t\n\t\n\t5%\n",
                                  "\t其中：\n\t其中：基本支出：\n"])
def test_odd_text_never_crashes(text):
    findings = check("一、情况\n" + text + "\n", select=["FRM", "PRS001"])
    assert at(findings, "PRS") == []


# -- definitions as data --------------------------------------------------------------
def test_profile_can_override_and_disable_definitions():
    profile = Profile(name="x", title="x", extensions={"formulas": {
        "disable": ["执行率"],
        "definitions": [{"name": "公用经费控制率", "result": ["公用经费控制率"], "formula": "决算数 / 预算数",
                         "percent": True, "operands": {"决算数": ["决算"], "预算数": ["预算"]}}]}})
    names = {d.name for d in definitions_for(profile)}
    assert "执行率" not in names and "公用经费控制率" in names
    with pytest.raises(DefinitionError):
        parse_definitions([{"name": "bad", "result": ["x"], "formula": "甲 / 乙", "operands": {"甲": ["a"]}}])


# -- rules as units ---------------------------------------------------------------------
def test_each_rule_is_its_own_module_and_checks_itself():
    from reportlint.plugins.formulas.rules import RULES

    assert [rule.code for rule in RULES] == [f"FRM{n:03d}" for n in range(1, 13)]
    for rule in RULES:
        assert rule.checks_itself() and rule.__module__.endswith("rules." + rule.code)
        assert rule.problems() == []


def test_a_failing_rule_loses_only_its_own_findings(monkeypatch):
    from reportlint.plugins.formulas.rules.FRM003 import TableTotalMismatch

    def broken(self, context):
        raise RuntimeError("boom")

    monkeypatch.setattr(TableTotalMismatch, "check", broken)
    findings = _check_seed("004", select=["FRM", "PRS001"])
    [failure] = [f for f in findings if f.rule == "PRS001"]
    assert "FRM003" in failure.message and "boom" in failure.message
    assert at(findings, "FRM") == [("FRM004", 23), ("FRM004", 76)]


def test_a_disabled_rule_is_never_called(monkeypatch):
    from reportlint.plugins.formulas.rules.FRM003 import TableTotalMismatch

    def broken(self, context):
        raise RuntimeError("boom")

    monkeypatch.setattr(TableTotalMismatch, "check", broken)
    findings = check_seed("004", select=["FRM"], ignore=["FRM003"])
    assert at(findings) == [("FRM004", 23), ("FRM004", 76)]


def test_a_unit_slip_is_named_only_when_the_parts_make_the_totals_number():
    """补助471.23元 over 189.63万元 + 281.6万元: the unit is the slip; over 291.6万元 it is not."""
    slipped = check("一、资金情况\n全年补助471.23元，其中中央补助189.63万元，地方补助281.6万元。\n",
                    select=["FRM002", "PRS001"])
    [finding] = slipped
    assert (finding.rule, finding.line) == ("FRM002", 2)
    assert finding.message.endswith("所列各项之和为471.23万元，与总数的数字相同：总数的单位“元”可能应为“万元”。")
    other = check("一、资金情况\n全年补助471.23元，其中中央补助189.63万元，地方补助291.6万元。\n",
                  select=["FRM002", "PRS001"])
    [finding] = other
    assert (finding.rule, finding.line) == ("FRM002", 2)
    assert "可能应为" not in finding.message and finding.message.endswith("（相差 4811828.77元）。")
