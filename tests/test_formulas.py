"""FRM: written formulas, 其中 sums, table totals, defined figures, repeated figures.

Both directions on the real seeds, and defects injected into copies of them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportlint.numbers import Interval
from reportlint.plugins.formulas.formula import check_formula, find_formulas, parse_expression, evaluate
from reportlint.plugins.formulas.rates import DefinitionError, definitions_for, parse_definitions
from reportlint.profiles import Profile

from util import SEED_NAMES, at, check, check_seed, inject, seed_text

EXPECTED = {
    "000": [],
    "001": [("FRM005", 88)],
    "002": [("FRM002", 14), ("FRM002", 77)],
    "004": [("FRM003", 115), ("FRM003", 222), ("FRM004", 23), ("FRM004", 76), ("FRM004", 217)],
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
    rate = by_line[("FRM004", 217)]
    assert "99.96%" in rate.message and "年初预算数" in rate.message
    two = {(f.rule, f.line): f for f in check_seed("002", select=["FRM"])}
    assert "8名 + 9名 = 17人" in two[("FRM002", 14)].message
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


def test_changed_repeated_figure_is_found():
    text = inject(seed_text("001"), 88, "收入预算数为3132.88万元", "收入预算数为3057.90万元")
    assert ("FRM005", 88) not in at(check(text, select=["FRM005"]))


# -- the arithmetic itself ------------------------------------------------------------
def test_formula_chain_is_evaluated_on_intervals():
    [written] = find_formulas("差异率=（3257.65万元-3132.88万元）/3132.88万元*100%=3.98%。")
    assert check_formula(written) == []
    [written] = find_formulas("差异率=（3257.65-3132.88）/3132.88*100%=3.89%")
    [problem] = check_formula(written)
    assert problem.point.percent().show(2) == "3.98"


def test_division_by_zero_is_not_a_crash():
    [written] = find_formulas("规模控制率=0/0=100%")
    [problem] = check_formula(written)
    assert type(problem).__name__ == "FormulaProblem"
    assert ("FRM006", 2) in at(check("一、情况\n规模控制率=0/0=100%。\n", select=["FRM"]))


def test_full_width_and_operators():
    tree = parse_expression("（１２×３）÷４－１")
    assert evaluate(tree).value.meets(Interval.exact(Decimal(8)))


@pytest.mark.parametrize("text", ["", "其中", "=", "1+=2", "（（（", "其中：\n\t", "a=b=c", "20%=", "5/0"])
def test_odd_text_never_crashes(text):
    check("一、情况\n" + text + "\n", select=["FRM"])


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
