"""SCO008 execution-rate-score: the 预算执行率 row's score against what its rate earns."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.facts.scores import ScoreTable, stated, written
from reportlint.numbers import Interval
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..execution import computed_rate, expected_score, rule_for, states_another_rule
from ..wording import finding_at, num, show


class ExecutionRateScore(Rule):
    """The budget-execution row's score is not what its rate earns under the scoring rule.

    ## What it does
    Applies the profile's rule for the budget-execution indicator (default: full weight at
    100% and above, weight × rate below) to the rate stated in the row (recomputed from the
    amounts when no rate is stated) and compares the result with the row's 得分, allowing
    for rounding of the score. Where the report writes its own rule for this indicator (a
    threshold such as 执行率达到90%（含）以上得满分 other than the rule's, or a deduction per
    point), the row is not checked: the report may apply a rule of its province or year.
    When the stated rate is not what the row's amounts give and the score is what those
    amounts earn, the mistake is the rate, which SCO007 reports; this rule stays silent.

    ## Why is this bad?
    The score of this indicator follows from the rate by rule; any other score changes the
    total and possibly the grade.

    ## Example
    `执行率85.00%按规则（执行率达到100%得满分，低于100%按执行率/100%×分值计分）应得8.5分，表中得分10分`
    """

    code = "SCO008"
    name = "execution-rate-score"
    title = "预算执行率得分有误"

    def check(self, context: Any) -> Iterator[Finding]:
        for table in context.facts.score_tables:
            yield from self._table(table, context)

    @staticmethod
    def _scored_on_amounts(row: Any, rule: Any, stated_rate: Interval) -> bool:
        """Whether the row's score is what the rate its amounts give earns, that rate not the stated one."""
        computed = computed_rate(row, rule.numerator, rule.denominator)
        if computed is None or stated_rate.meets(computed):
            return False
        return stated(row.score).meets(expected_score(rule, computed, row.weight.value))

    def _table(self, table: ScoreTable, context: Any) -> Iterator[Finding]:
        row = table.execution
        if row is None or row.weight is None or row.score is None:
            return
        rule = rule_for(context.profile)
        if row.rate is not None:
            rate, rate_text = Interval.stated(row.rate.value, truncated=True), f"{written(row.rate)}%"
        else:
            computed = computed_rate(row, rule.numerator, rule.denominator)
            if computed is None:
                return
            rate = computed
            rate_text = (f"{rate.show(2)}%（{written(getattr(row, rule.numerator))}/"
                         f"{written(getattr(row, rule.denominator))}）")
        expected = expected_score(rule, rate, row.weight.value)
        if stated(row.score).meets(expected) or states_another_rule(context.facts, rule):
            return
        if row.rate is not None and self._scored_on_amounts(row, rule, rate):
            return  # the score is what the amounts earn: the stated rate is wrong (SCO007 says so)
        shown = show(expected.mid, 2)
        weight = written(row.weight)
        yield finding_at(context, self, row.score,
                         f"执行率{rate_text}按评分规则（{rule.describe()}）应得{shown}分，表中得分{written(row.score)}分",
                         stated=written(row.score), computed=shown,
                         expression=f"{weight}×min({rate_text},{num(rule.full_marks_at)}%)/{num(rule.full_marks_at)}%"
                         if rule.below == "proportional" else rule.describe())
