"""SCO010 shortfall-said-met: an indicator stated short of its target in a report that says no target was missed."""

from __future__ import annotations

from typing import Any, Iterator, Optional

from reportlint import regex_cache
from reportlint.facts.indicators import IndicatorStatement, TargetClaim
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import finding_at, show

# the sentence itself (or the next) gives the reason for the shortfall: the report owns up to it
_REASON = regex_cache.compile(r"原因|由于|因为|主要是|受[\u4e00-\u9fff“”]{1,16}影响|未达到|未完成|未达标|差距")


class ShortfallSaidMet(Rule):
    """An indicator stated short of its target, in a report that says no target was missed.

    ## What it does
    Reads the indicators the prose states with their target and actual value in one clause
    (`facts.get("indicator_statements")`: `临时救助人次年初指标值为不低于250人次，全年实际完成值212人次`,
    `目标值≥95%，实际完成值90%`), and the places where the report says no target was missed
    (`facts.get("target_claims")`): the first words of the section on deviation from the
    targets (偏离绩效目标的原因…: `无。`, `未偏离绩效目标`) after the indicator, or, when no such
    section explains a deviation, a sentence of the same top-level section saying every target
    was met (`已按照计划全部完成目标`, `各项指标均已完成`). An indicator whose actual value is worse than its target beyond
    rounding (below a ≥ target, above a ≤ one) is reported, with the claim it contradicts.
    An indicator whose sentence, or the next, gives a reason or owns the shortfall (原因, 由于,
    受…影响, 未达到) is left alone, as are targets in words and figures of two units.

    ## Why is this bad?
    The report states a missed target and, elsewhere, that nothing was missed: either a
    figure is wrong, or the deviation section must explain the shortfall and say what will be
    done about it, as the 偏离绩效目标的原因和下一步改进措施 section asks.

    ## Example
    `临时救助人次年初指标值为不低于250人次，全年实际完成值212人次。` with `三、偏离绩效目标的原因和下一步改进措施 / 无。`
    → `「临时救助人次」实际完成值212人次未达到指标值不低于250人次（相差38人次），但“偏离绩效目标的原因和下一步改进措施”一节写“无。”（第13行）：…`

    ## Options
    None.
    """

    code = "SCO010"
    name = "shortfall-said-met"
    title = "未达目标却称无偏离"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Finding]:
        facts = context.facts
        statements: list[IndicatorStatement] = facts.get("indicator_statements")
        if not statements or not any(statement.short for statement in statements):
            return
        claims: list[TargetClaim] = facts.get("target_claims")
        if not claims:
            return
        for statement in statements:
            if not statement.short or self._explained(facts, statement):
                continue
            claim = self._claim_against(statement, claims)
            if claim is None:
                continue
            yield self._finding(context, statement, claim)

    @staticmethod
    def _explained(facts: Any, statement: IndicatorStatement) -> bool:
        """The statement's sentence (after its actual value) or the next one gives a reason."""
        item = facts.block_text(statement.block)
        if item is None:
            return False
        left, right = item.sentence_bounds(statement.start)
        following_end = item.sentence_bounds(right + 1)[1] if right + 1 < len(item.view) else right
        return _REASON.search(item.view, left, max(right, following_end)) is not None

    @staticmethod
    def _claim_against(statement: IndicatorStatement, claims: list[TargetClaim]) -> Optional[TargetClaim]:
        """The claim the shortfall contradicts: the deviation section after it saying none, else
        an all-met sentence of its own top-level section, when no deviation section explains
        some deviation (there, the report owns the shortfall)."""
        after = [claim for claim in claims if claim.how != "all_met" and claim.line > statement.line]
        if after:
            return after[0] if after[0].how == "no_deviation" else None
        if any(claim.how == "deviation_stated" for claim in claims):
            return None
        top = statement.section[:1]
        same = [claim for claim in claims if claim.how == "all_met" and top and claim.section[:1] == top]
        return same[0] if same else None

    def _finding(self, context: Any, statement: IndicatorStatement, claim: TargetClaim) -> Finding:
        target, actual = statement.target, statement.actual
        gap = show(abs(actual.value - target.value), max(target.decimals, actual.decimals))
        relation = "超过" if statement.comparison == "at_most" else "未达到"
        name = f"「{statement.label}」" if statement.label else "该指标"
        if claim.how == "no_deviation":
            where = f"但“{claim.section[-1]}”一节写“{claim.text}”（第{claim.line}行）"
        else:
            where = f"但报告称“{claim.text}”（第{claim.line}行）"
        message = (f"{name}实际完成值{actual.shown}{relation}指标值{statement.target_text}（相差{gap}{actual.unit}），"
                   f"{where}：请在偏离原因中说明未达标的原因和改进措施，或核对指标值与完成值。")
        return finding_at(context, self, actual, message, stated=claim.text, computed=actual.shown,
                          expression=f"{actual.shown} vs {statement.target_text}",
                          figures=[statement.target_text, actual.shown],
                          related=[{"line": claim.line, "label": claim.section[-1] if claim.section else "",
                                    "text": claim.text},
                                   {"line": statement.line, "label": "指标值", "text": statement.target_text}])
