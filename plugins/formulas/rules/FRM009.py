"""FRM009 combined-rate-mismatch: an overall rate that its items' amounts and rates do not give."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.facts import Facts
from reportlint.numbers import Interval
from reportlint.pluginapi.rules import Rule

from ..combined import combined_rates
from ..display import show


class CombinedRateMismatch(Rule):
    """An overall rate that the amounts and rates of its items, stated before it, do not give.

    ## What it does
    Reads a paragraph that states several items each with an amount and its own rate, then
    an overall rate (`A项目支出30.00万元，执行率75.00%；B项目支出120.00万元，执行率96.00%；
    整体执行率92.50%`). Each item's budget is its spending over its rate (or its spending the
    budget times the rate, when the amount is the budget), and the overall rate is the
    spending added over the budgets added. Every figure stands for its rounding interval, so
    honest rounding is silent. The words are data (`[combined_rates]` of
    plugins/formulas/data/identities.toml).

    ## Why is this bad?
    An overall rate is not the average of the items' rates: a writer who averages them, or
    mistypes one figure, misstates how much of the money was used.

    ## Example
    30.00万元 at 75.00% and 120.00万元 at 96.00% imply budgets 40.00 and 125.00万元: the whole
    is 150.00 / 165.00 = 90.91%, not 92.50%.

    ## Options
    None.
    """

    code = "FRM009"
    name = "combined-rate-mismatch"
    title = "总体执行率与各项目不符"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        for combined in combined_rates(facts):
            stated = combined.overall
            if combined.computed.meets(stated.interval):
                continue
            decimals = max(stated.decimals, 2)
            point_spent = sum((i.amount.value if i.amount_is_spending else i.amount.value * i.rate.value / 100)
                              for i in combined.items)
            point_budget = sum((i.amount.value / (i.rate.value / 100) if i.amount_is_spending else i.amount.value)
                               for i in combined.items)
            computed = show(Interval.exact(point_spent / point_budget), decimals, True)
            unit = combined.items[0].amount.unit
            parts = []
            for i in combined.items:
                if i.amount_is_spending:
                    budget = i.amount.value / (i.rate.value / 100)
                    parts.append(f"{i.amount.shown} ÷ {i.rate.shown} = 预算{_round(budget)}{unit}")
                else:
                    spent = i.amount.value * i.rate.value / 100
                    parts.append(f"预算{i.amount.shown} × {i.rate.shown} = 支出{_round(spent)}{unit}")
            average = sum(i.rate.value for i in combined.items) / len(combined.items)
            message = (f"「{stated.label}」为 {stated.shown}，而各项 {'；'.join(parts)}，合计支出 "
                       f"{_round(point_spent)}{unit} ÷ 合计预算 {_round(point_budget)}{unit} = {computed}。")
            if Interval.stated(average, 2).meets(Interval(stated.interval.low * 100, stated.interval.high * 100)):
                message += f"所写数值是各项执行率的简单平均（{_round(average)}%），应按金额加权。"
            yield context.finding(
                self, message, block=stated.block, start=stated.start, end=stated.end,
                evidence={"stated": stated.shown, "computed": computed,
                          "expression": "Σ支出 / Σ(支出 ÷ 执行率)",
                          "figures": [f"{i.amount.shown}@{i.rate.shown}" for i in combined.items],
                          "related": [{"line": i.amount.line, "label": i.amount.label, "value": i.amount.shown}
                                      for i in combined.items]})


def _round(value: Any) -> str:
    return format(value.quantize(type(value)("0.01")), "f")
