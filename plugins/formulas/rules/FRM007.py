"""FRM007 change-rate-mismatch: a growth rate that the difference and the figure stated with it do not give."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from reportlint.facts import Facts, Quantity
from reportlint.facts.changes import Change
from reportlint.numbers import Interval
from reportlint.pluginapi.rules import Rule

from ..display import show


class ChangeRateMismatch(Rule):
    """A growth rate that the difference and the current figure stated with it do not give.

    ## What it does
    Reads `facts.changes`: a figure, then its change against an earlier one as a difference
    and a rate (`2023年支出300.48万元，较上年增加12.50万元、增长4.34%`; the year compared with
    may be named: `比2018年度增加253.71万元，增长27%`). The earlier figure is
    the current one minus the difference (plus it, for a decrease), and the rate is the
    difference over the earlier figure. Each figure stands for the values that round to it,
    so honest rounding is silent. When the stated rate is instead the difference over the
    current figure, the message says so: the rate was computed on the wrong base.

    ## Why is this bad?
    The reader re-doing the division gets another rate: one of the three figures was
    mistyped, or the rate was divided by the new figure instead of the old one.

    ## Example
    `支出300.48万元，较上年增加12.50万元、增长4.16%` → 上年为 300.48 − 12.50 = 287.98万元，
    增长率应为 12.50 / 287.98 = 4.34%；所写 4.16% 是 12.50 / 300.48，以本年数为基数算错了。

    ## Options
    None. Only a difference and a rate written as one comparison, with the current figure
    right before it (only a comma between), are read; nothing else is guessed. When the rate
    fits another figure of the sentence before it (`收入总计1000万元，其中本年收入900万元，
    较上年增加100万元，增长11.11%`: the total's change), nothing is reported.
    """

    code = "FRM007"
    name = "change-rate-mismatch"
    title = "增减幅度计算有误"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        for change in facts.changes:
            implied = change.implied_rate()
            if implied is None:
                continue
            right, wrong_base = implied
            stated = change.amount
            if right.meets(stated.interval):
                continue
            first = change.continues
            assert first is not None and first.current is not None
            if any(_rate_on(other, first).meets(stated.interval) for other in _other_bases(facts, first)):
                continue  # 收入总计1000万元，其中本年收入900万元，较上年增加…: the change may be the total's
            yield self._finding(context, change, first, right, wrong_base)

    def _finding(self, context: Any, change: Change, first: Change, right: Any, wrong_base: Any) -> Any:
        stated, current, delta = change.amount, first.current, first.amount
        assert current is not None
        decimals = max(stated.decimals, 2)
        computed = show(right, decimals, True)
        sign = "−" if first.direction == "increase" else "+"
        earlier_value = current.value - delta.value if first.direction == "increase" else current.value + delta.value
        earlier = f"{earlier_value:f}{current.unit}"
        verb = "增长" if change.direction == "increase" else "下降"
        earlier_name = "上年同期" if change.compared_to == "同比" else change.compared_to
        message = (f"{earlier_name}数为 {current.shown} {sign} {delta.shown} = {earlier}，"
                   f"{verb}率应为 {delta.number} / {earlier_value:f} = {computed}，与所写 {stated.shown} 不符。")
        likely = ""
        if wrong_base.meets(stated.interval):
            likely = "current"
            message += (f"所写数值等于 {delta.number} / {current.number}（以本年数 {current.shown} 为基数），"
                        f"应以{earlier_name}数 {earlier} 为基数。")
        return context.finding(
            self, message, block=stated.block, start=stated.start, end=stated.end,
            evidence={"stated": stated.shown, "computed": computed,
                      "expression": f"{delta.number} / ({current.number} {sign} {delta.number})",
                      "figures": [current.shown, delta.shown, stated.shown],
                      "likely_wrong": likely or "unknown",
                      "related": [{"line": current.line, "label": current.label, "value": current.shown},
                                  {"line": delta.line, "label": first.label, "value": delta.shown}]})


def _other_bases(facts: Facts, first: Change) -> list[Quantity]:
    """The other figures of the sentence before the current one that the change may be about
    (same unit family, not a rate, not a change)."""
    current = first.current
    assert current is not None
    changed = {id(c.amount) for c in facts.changes}
    return [q for q in facts.quantities_in(current.block)
            if q.sentence == current.sentence and q.end <= current.start and q.family == current.family
            and not q.is_percent and id(q) not in changed]


def _rate_on(current: Quantity, first: Change) -> Interval:
    """The rate the difference gives against `current` as the figure it is about."""
    delta = first.amount.in_yuan
    base = current.in_yuan - delta if first.direction == "increase" else current.in_yuan + delta
    if base.low <= 0:
        return Interval(Decimal(-1), Decimal(-1))
    return delta / base
