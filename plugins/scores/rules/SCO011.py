"""SCO011 heading-scores-mismatch: a heading's score against the scores of the headings under it."""

from __future__ import annotations

from typing import Any, Iterator, Optional

from reportlint.facts.scores import ScoreStatement, points, written
from reportlint.numbers import Interval
from reportlint.parse.model import Section
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import finding_at, sum_text


class HeadingScoresMismatch(Rule):
    """A heading's score is not the sum of the scores written in the headings under it.

    ## What it does
    Reads the scores earned that headings state (`（一）产出指标（自评得分50分）`, `1.数量指标
    （自评得分20分）`) and, for a heading with one such score whose every sub-heading (two or
    more) states one too, adds the sub-headings' scores and compares the sum with the
    heading's. A score written with decimals is compared as the interval it rounds; only a
    score labelled with 得分 counts (a 分值 or 满分 in a heading is the part's weight), and a
    heading with two scores earned, or a sub-heading without one, leaves the heading alone (the
    sub-headings may then not be all of its parts).

    ## Why is this bad?
    The headings are the report's own score sheet: a part whose score does not add up to its
    items' scores means one of them was changed and the other was not, and the total quoted
    from it may be wrong.

    ## Example
    `（一）产出指标（自评得分50分）` over `1.数量指标（自评得分20分）`, `2.质量指标（自评得分10分）`,
    `3.时效指标（自评得分10分）`, `4.成本指标（自评得分5分）` →
    `标题所写得分50分，与其下各项标题所写得分之和不符：20+10+10+5 = 45分`
    """

    code = "SCO011"
    name = "heading-scores-mismatch"
    title = "标题得分与其下各项得分之和不符"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Finding]:
        statements = [s for s in context.facts.get("score_statements") if s.role == "actual" and "得分" in s.label]
        if len(statements) < 3:
            return
        by_block: dict[int, list[ScoreStatement]] = {}
        for statement in statements:
            by_block.setdefault(id(statement.block), []).append(statement)
        for section in context.document.walk_sections():
            if len(section.children) < 2:
                continue
            own = _heading_score(section, by_block)
            if own is None:
                continue
            parts = [_heading_score(child, by_block) for child in section.children]
            if any(part is None for part in parts):
                continue
            figures: list[ScoreStatement] = [part for part in parts if part is not None]
            total = Interval.exact(0)
            for figure in figures:
                total = total + points(figure)
            if total.meets(points(own)):
                continue
            shown = written(own)
            added = "+".join(written(figure) for figure in figures)
            computed = sum_text(total, figures)
            yield finding_at(
                context, self, own,
                f"标题所写得分{shown}分，与其下各项标题所写得分之和不符：{added} = {computed}分",
                stated=shown, computed=computed, expression=f"{added} = {computed}",
                figures=[written(figure) for figure in figures],
                related=[{"line": figure.block.span.line, "text": written(figure)} for figure in figures])


def _heading_score(section: Section, by_block: dict[int, list[ScoreStatement]]) -> Optional[ScoreStatement]:
    """The one score earned a heading states, else None (none, or two)."""
    found = by_block.get(id(section.heading), [])
    return found[0] if len(found) == 1 else None
