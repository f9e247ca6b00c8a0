"""SCO003 weights-total-mismatch: the rows' weights against the total row and the full score."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.facts.scores import full_score_of, points, written
from reportlint.numbers import sum_intervals
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import finding_at, num, sum_text, terms


class WeightsTotalMismatch(Rule):
    """The weights of a scoring table do not add up to its stated full score.

    ## What it does
    Adds the 分值 of every scored row (the budget-execution row included) and compares the
    sum with the total row's 分值, and that with the profile's full score (100 by default).
    Where only the groups carry weights (产出指标（60分） over rows with an empty 分值, or a
    group's own row `产出指标 | 60 | 55`), the group's weight stands for its rows; a group
    whose rows carry weights is not added again (its weight is a subtotal, SCO002's).

    ## Why is this bad?
    A scoring table whose weights do not total the full score gives a score that cannot be
    read on the grade bands.

    ## Example
    `自评表各项分值之和为105分，与总分栏分值100分不一致：10（年度资金总额）+25（重点工作完成数）+…=105`
    """

    code = "SCO003"
    name = "weights-total-mismatch"
    title = "分值合计与总分不符"

    def check(self, context: Any) -> Iterator[Finding]:
        full_score = full_score_of(context.profile)
        for table in context.facts.score_tables:
            if table.uncertain or table.total is None or table.total.weight is None:
                continue
            stated = table.total.weight
            shown = written(stated)
            items = table.weighted_items()
            if any(weight is None and score is not None for _, weight, score in items):
                continue  # a scored row whose weight we could not read
            weights = [(label, weight) for label, weight, _ in items if weight is not None]
            if len(weights) >= 2:
                total = sum_intervals([points(figure) for _, figure in weights])
                if not total.meets(points(stated)):
                    computed = sum_text(total, [f for _, f in weights])
                    expression = f"{terms(weights)}={computed}"
                    yield finding_at(context, self, stated,
                                     f"{table.title}各项分值之和为{computed}分，与总分栏分值{shown}分不一致：{expression}",
                                     stated=shown, computed=computed, expression=expression,
                                     figures=[written(f) for _, f in weights])
                    continue
            if not points(stated).contains(full_score):
                yield finding_at(context, self, stated,
                                 f"{table.title}总分栏分值为{shown}分，而评价满分为{num(full_score)}分",
                                 stated=shown, computed=num(full_score))
