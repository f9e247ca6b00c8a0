"""FRM006 formula-not-computable: a written formula that divides by a stated zero."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.pluginapi.rules import Rule


class FormulaNotComputable(Rule):
    """A written formula divides by a stated zero.

    ## What it does
    Reports a written formula whose divisor is a stated 0 (or a figure that rounds to 0), so
    that the stated result cannot come from it. Formulas that do not parse are ignored.

    ## Why is this bad?
    The ratio is undefined; the stated result was not computed from the figures shown.

    ## Example
    `规模控制率=0/0=100%`
    """

    code = "FRM006"
    name = "formula-not-computable"
    title = "算式除数为零"
    severity = "info"

    def check(self, context: Any) -> Iterator[Any]:
        for formula in context.facts.formulas:
            for step in formula.steps:
                if not step.problem:
                    continue
                member = step.expression
                yield context.finding(
                    self, f"算式 {member.text} 的除数为 0，无法得出所写结果",
                    block=formula.block, start=formula.start + member.start, end=formula.start + member.end,
                    evidence={"expression": member.text})
