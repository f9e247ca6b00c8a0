"""SCO004 table-total-mismatch: the total row's score against the sum of the rows' scores."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.facts.scores import points, written
from reportlint.numbers import sum_intervals
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import finding_at, related, sum_text, terms


class TableTotalMismatch(Rule):
    """A scoring table's total score is not the sum of its rows' scores.

    ## What it does
    Adds the 得分 of every scored row (the budget-execution row included) and compares the
    sum with the total row's 得分. Whole-number scores are exact; a score written with
    decimals stands for its rounding interval.

    ## Why is this bad?
    The total is the figure the grade and the report's conclusion are based on.

    ## Example
    `自评表总分栏得分98分，但各项得分之和为97分：10（年度资金总额）+20（重点工作完成数）+…+7=97`
    """

    code = "SCO004"
    name = "table-total-mismatch"
    title = "评分表合计得分有误"

    def check(self, context: Any) -> Iterator[Finding]:
        for table in context.facts.score_tables:
            if table.uncertain or table.total is None or table.total.score is None:
                continue
            stated = table.total.score
            items = table.scored_items()
            if any(score is None and weight is not None for _, weight, score in items):
                continue  # a weighted row without a readable score
            scores = [(label, score) for label, _, score in items if score is not None]
            if len(scores) < 2:
                continue
            total = sum_intervals([points(figure) for _, figure in scores])
            if total.meets(points(stated)):
                continue
            computed = sum_text(total, [f for _, f in scores])
            expression = f"{terms(scores)}={computed}"
            shown = written(stated)
            yield finding_at(context, self, stated,
                             f"{table.title}总分栏得分{shown}分，但各项得分之和为{computed}分：{expression}",
                             stated=shown, computed=computed, expression=expression,
                             figures=[written(f) for _, f in scores], related=related(scores))
