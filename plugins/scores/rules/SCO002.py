"""SCO002 group-weight-mismatch: a group heading's weight against the sum of its rows' weights."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.facts.scores import points, written
from reportlint.numbers import sum_intervals
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import finding_at, related, sum_text, terms


class GroupWeightMismatch(Rule):
    """An indicator group's stated weight is not the sum of its indicators' weights.

    ## What it does
    Reads weights stated in group headings (产出指标（50分）, 效益指标（30分）) and adds the
    分值 of the rows under each group (a blank, merged group cell continues the group above).

    ## Why is this bad?
    The group heading and the rows disagree on how much the group is worth; one of them was
    not updated when the indicators changed.

    ## Example
    `效益指标标注40分，但其下各项分值之和为30分：10（精准招商）+10（发挥桥梁作用）+10（提升宣传、信访维护水平）=30`
    """

    code = "SCO002"
    name = "group-weight-mismatch"
    title = "指标组分值与下级之和不符"

    def check(self, context: Any) -> Iterator[Finding]:
        for table in context.facts.score_tables:
            if table.uncertain:
                continue
            for group in table.groups:
                if group.weight is None:
                    continue
                items = [(r.name, r.weight) for r in table.rows_of(group) if r.weight is not None]
                if not items:
                    continue
                total = sum_intervals([points(figure) for _, figure in items])
                if total.meets(points(group.weight)):
                    continue
                computed = sum_text(total, [f for _, f in items])
                expression = f"{terms(items)}={computed}"
                stated = written(group.weight)
                yield finding_at(context, self, group.weight,
                                 f"{group.name}标注{stated}分，但其下各项分值之和为{computed}分：{expression}",
                                 stated=stated, computed=computed, expression=expression,
                                 figures=[written(f) for _, f in items], related=related(items))
