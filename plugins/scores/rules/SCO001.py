"""SCO001 score-exceeds-weight: a score above its weight (table) or above the stated full score (text)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from reportlint.facts.scores import ScoreStatement, ScoreTable, points, points_of, written
from reportlint.numbers import sum_intervals
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import finding_at, related, sum_text, terms


class ScoreExceedsWeight(Rule):
    """A row of a scoring table scores more than its weight, or less than zero.

    ## What it does
    Compares each indicator's 得分 with its 分值 in the self-evaluation table (and the
    total row's score with the total weight), and a score stated in the text with the full
    score stated in the same sentence (满分100分，自评得分120分), and a part's score in the text
    with the weight written right before it (投入25分，自评得分27分). Where only a group carries
    the weight for its rows (产出指标（60分） over rows with an empty 分值), their scores together
    may not exceed it, nor may the group's own 得分.

    ## Why is this bad?
    An indicator cannot earn more points than it is worth: either the score or the weight
    was typed wrong, and the total built on it is wrong too.

    ## Example
    `可持续影响指标“提升宣传、信访维护水平”得分12分，超过其分值10分`
    """

    code = "SCO001"
    name = "score-exceeds-weight"
    title = "得分超过分值"

    def check(self, context: Any) -> Iterator[Finding]:
        for table in context.facts.score_tables:
            yield from self._table(table, context)
            if not table.uncertain:
                yield from self._groups(table, context)
        yield from self._text(context.facts.get("score_statements"), context)

    def _groups(self, table: ScoreTable, context: Any) -> Iterator[Finding]:
        """A group that carries the weight for its rows: their scores (or its own subtotal) above it."""
        for group in table.groups:
            if group.weight is None or not table.group_only(group):
                continue
            ceiling = written(group.weight)
            if group.score is not None and points(group.score).low > points(group.weight).high:
                shown = written(group.score)
                yield finding_at(context, self, group.score, f"“{group.name}”得分{shown}分，超过其分值{ceiling}分",
                                 stated=shown, computed=ceiling, figures=[shown, ceiling],
                                 expression=f"{shown} ≤ {ceiling}")
                continue
            items = [(r.name, r.score) for r in table.rows_of(group) if r.score is not None]
            if not items:
                continue
            total = sum_intervals([points(score) for _, score in items])
            if total.low <= points(group.weight).high:
                continue
            computed = sum_text(total, [score for _, score in items])
            expression = f"{terms(items)}={computed}"
            said = (f"其下“{items[0][0]}”得分{computed}分" if len(items) == 1
                    else f"其下各项得分之和为{computed}分，超过分值：{expression}")
            yield finding_at(context, self, group.weight,
                             f"{group.name}分值为{ceiling}分，但{said}" + ("，超过分值" if len(items) == 1 else ""),
                             stated=ceiling, computed=computed, expression=expression,
                             figures=[written(score) for _, score in items], related=related(items))

    def _table(self, table: ScoreTable, context: Any) -> Iterator[Finding]:
        rows = [(r.name, r.weight, r.score) for r in table.rows]
        if table.execution is not None:
            rows.append((table.execution.label, table.execution.weight, table.execution.score))
        if table.total is not None:
            rows.append(("总分", table.total.weight, table.total.score))
        for name, weight, score in rows:
            if score is None:
                continue
            shown = written(score)
            if score.value < 0:
                yield finding_at(context, self, score, f"“{name}”得分{shown}分为负数，得分应在0至分值之间",
                                 stated=shown)
            elif weight is not None and points(score).low > points(weight).high:
                ceiling = written(weight)
                yield finding_at(context, self, score, f"“{name}”得分{shown}分，超过其分值{ceiling}分",
                                 stated=shown, computed=ceiling, figures=[shown, ceiling],
                                 expression=f"{shown} ≤ {ceiling}")

    def _text(self, statements: list[ScoreStatement], context: Any) -> Iterator[Finding]:
        """满分100分，自评得分120分: a score above the full score stated in the same sentence."""
        full: dict[tuple[int, tuple[int, int]], ScoreStatement] = {}
        for statement in statements:
            if statement.role == "full":
                full.setdefault((id(statement.block), statement.sentence), statement)
        for statement in statements:
            if statement.role != "actual":
                continue
            if statement.weight is not None:  # 投入25分，自评得分27分: a part's score above its weight
                if points(statement).low > points_of(Decimal(statement.weight)).high:
                    score = written(statement)
                    yield finding_at(context, self, statement,
                                     f"正文所述{statement.label}{score}分，超过其前所写分值{statement.weight}分",
                                     stated=score, computed=statement.weight, figures=[score, statement.weight],
                                     expression=f"{score} ≤ {statement.weight}")
                continue
            ceiling = full.get((id(statement.block), statement.sentence))
            if ceiling is None or points(statement).low <= points(ceiling).high:
                continue
            score, top = written(statement), written(ceiling)
            yield finding_at(context, self, statement,
                             f"正文所述{statement.label}{score}分，超过同句所述{ceiling.label}{top}分",
                             stated=score, computed=top, figures=[score, top], expression=f"{score} ≤ {top}")
