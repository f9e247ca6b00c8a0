"""FRM001 formula-result-mismatch: a written formula whose stated result its arithmetic does not give."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.pluginapi.rules import Rule

from ..display import show


class FormulaResultMismatch(Rule):
    """A written formula whose stated result its own arithmetic does not give.

    ## What it does
    Finds arithmetic written inline (`差异率=（3257.65-3132.88）/3132.88*100%=3.98%`,
    `531.95/535.58=99.32%`), evaluates it on Decimal intervals (each figure stands for the
    values that round to it) and reports a stated result that the computation cannot reach,
    with the computed value and the figures used. `X%` is read as X/100; a result that
    agrees when `*100` was meant for `*100%` is not reported.

    ## Why is this bad?
    A reader re-doing the sum gets another number: either a figure in the formula or the
    result was mistyped, and the rate built on it is wrong.

    ## Example
    `预决算差异率=（3257.65-3132.88）/3132.88*100%=3.89%` → 按算式计算为 3.98%，与所写 3.89% 不符。
    """

    code = "FRM001"
    name = "formula-result-mismatch"
    title = "算式结果与计算不符"
    severity = "error"

    def check(self, context: Any) -> Iterator[Any]:
        for formula in context.facts.formulas:
            for step in formula.steps:
                if step.agrees is not False:
                    continue
                stated_text, expression = step.stated.text, step.expression.text
                computed = show(step.point, _decimals(stated_text), step.stated.is_percent)
                message = (f"算式 {expression} 按所列数字计算为 {computed}，与所写结果 {stated_text} 不符"
                           f"（参与计算的数字：{'、'.join(step.figures)}）")
                yield context.finding(
                    self, message, block=formula.block, start=formula.start, end=formula.end,
                    evidence={"stated": stated_text, "computed": computed, "expression": expression,
                              "figures": step.figures,
                              "computed_range": [format(step.computed.low, "f"), format(step.computed.high, "f")]},
                    suggestion=f"核对算式中的数字，或将结果改为 {computed}")


def _decimals(text: str) -> int:
    """Decimals of a stated result as written (3.98% → 2), to round the computed value alike."""
    digits = text.rstrip("%％万元人名个次件 ")
    return len(digits.split(".")[1]) if "." in digits else 0
