"""FRM008 identity-mismatch: figures that a known identity ties together disagree (结余 = 预算 − 支出 …)."""

from __future__ import annotations

from typing import Any, Iterator, Optional

from reportlint.facts import Facts, Quantity
from reportlint.facts.formulas import evaluate, stated_matches
from reportlint.numbers import ArithmeticProblem, Interval
from reportlint.pluginapi.rules import Rule

from ..corroboration import corroborated
from ..display import show
from ..identities import (Identity, Named, by_section, identities_for, may_hold_qualified, named_figures, pick,
                          pick_qualified)


class IdentityMismatch(Rule):
    """Figures that a known identity ties together disagree.

    ## What it does
    Checks identities between figures the report states, as data
    (plugins/formulas/data/identities.toml, extended per profile): 结余 = 预算 − 支出,
    支出完成率 + 结转结余率 = 100%, 基本支出 = 人员支出 + 公用经费, 基本支出 + 项目支出 =
    支出合计, a funding source's 支出 = its 基本支出 + its 项目支出 (一般公共预算财政拨款支出
    in 二、 and the same words with 基本支出 and 项目支出 in its 1. and 2.), and 净资产 =
    资产总额 − 负债总额. Each identity has a
    scope: one paragraph, one section with its subsections, or the whole report (each label
    then stated once, or always with the same value); a qualified identity pairs only labels
    that share their qualifier (一般公共预算财政拨款, not 政府性基金). The figures are the facts stage's
    quantities with their labels; a written formula's result counts under the formula's
    label. All must name the same year (or none); a label that names two different values
    in the scope is ambiguous and the identity is not checked there. Figures stand for their
    rounding intervals, so honest rounding is silent.

    ## Why is this bad?
    The figures cannot all be right: one was mistyped, or taken from another version of the
    budget.

    ## Example
    `全年预算120.00万元，实际支出110.50万元，结余8.50万元` → 120.00 − 110.50 = 9.50，不是 8.50。

    ## Options
    `[extensions.formulas]` of a profile: `identities = [...]` (same shape as the data
    file), `disable_identities = ["name"]`, `replace_identities = true`. An identity with
    `severity = "info"` (支出完成率 + 结转结余率, whose 结转结余率 some regions divide by
    支出 instead of 预算) reports at info; `above = "info"` does so only when the stated figure
    is above what the formula gives (a 支出合计 may hold items the report does not name).
    """

    code = "FRM008"
    name = "identity-mismatch"
    title = "数据间恒等关系不成立"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        identities = identities_for(context.profile)
        if not identities:
            return
        blocks = named_figures(facts)
        everything = [named for block in blocks for named in block]
        sections: Optional[list[list[Named]]] = None
        breakdown_totals = {id(b.total) for b in facts.breakdowns}
        seen: set[tuple[str, int]] = set()
        for identity in identities:
            if identity.qualified and not may_hold_qualified(everything, identity):
                continue  # no qualifier names every operand (the usual report): nothing to pair
            if identity.scope == "section" and sections is None:
                sections = by_section(blocks)
            scopes = ([everything] if identity.scope == "report" else sections if identity.scope == "section"
                      else blocks)
            for candidates in scopes or []:
                for found in self._check(identity, candidates):
                    stated, chosen, computed = found
                    key = (identity.name, id(stated.figure))
                    if key in seen or id(stated.figure) in breakdown_totals and identity.scope == "block":
                        continue  # a 其中 list of the same total is FRM002's
                    seen.add(key)
                    yield self._finding(context, identity, stated, chosen, computed)

    def _check(self, identity: Identity, candidates: list[Named]
               ) -> Iterator[tuple[Named, dict[str, Named], Interval]]:
        """The stated results the identity's operands, stated with them in the scope, do not give."""
        definition = identity.definition
        if identity.unless and any(word in named.label for named in candidates for word in identity.unless):
            return  # 上年结转10万元，到位资金100万元，实际支出90万元，结余资金20万元: the 结余 holds the carry-over
        if identity.qualified:
            picked = pick_qualified(candidates, identity)
        else:
            picked = []
            stated = pick(candidates, definition.result, identity.exclude, definition.percent, [])
            if stated is None:
                return
            chosen: dict[str, Named] = {}
            for name, synonyms in definition.operands.items():
                found = pick(candidates, synonyms, identity.exclude, definition.percent,
                             [stated.figure, *(n.figure for n in chosen.values())])
                if found is None:
                    return
                chosen[name] = found
            picked.append((stated, chosen))
        for stated, chosen in picked:
            years = {n.figure.year for n in (stated, *chosen.values())} - {None}
            if len(years) > 1:
                continue
            values = {name: n.figure.in_yuan for name, n in chosen.items()}
            try:
                computed = evaluate(definition.tree, values).value
            except (ArithmeticProblem, KeyError):
                continue
            if not stated_matches(computed, stated.figure.in_yuan, False, False):
                yield stated, chosen, computed

    def _finding(self, context: Any, identity: Identity, stated: Named, chosen: dict[str, Named],
                 computed: Interval) -> Any:
        definition = identity.definition
        figure = stated.figure
        percent = definition.percent
        exact = {name: _exact(n.figure) for name, n in chosen.items()}
        point = evaluate(definition.tree, exact).value
        money = context.facts.vocabulary.units.money
        factor = money.get(figure.unit)
        if factor is not None:
            point = Interval(point.low / factor, point.high / factor)
        decimals = max(figure.decimals, 2) if percent else figure.decimals
        shown = show(point, decimals, percent) + ("" if percent else figure.unit)
        used = "，".join(f"{n.label} {n.figure.shown}（{context.where(n.figure.line)}）" for n in chosen.values())
        message = (f"「{stated.label}」为 {figure.shown}，按 {definition.name}：{definition.result[0]} = "
                   f"{definition.formula}，以 {used} 计算应为 {shown}。")
        message += _likely_wrong(context.facts, stated, chosen)
        severity = identity.severity
        if identity.above is not None and computed.high < figure.in_yuan.low:
            severity = identity.above
            message += "若总数还包含未列出的项目，请在文中写明。"
        finding = context.finding(
            self, message, block=figure.block, start=figure.start, end=figure.end,
            evidence={"stated": figure.shown, "computed": shown, "expression": definition.formula,
                      "figures": [f"{n.label}={n.figure.shown}" for n in chosen.values()],
                      "related": [{"line": n.figure.line, "label": n.label, "value": n.figure.shown}
                                  for n in chosen.values()]})
        if severity == "info" and finding.severity == self.severity:
            finding = finding.model_copy(update={"severity": "info"})
        return finding


def _exact(figure: Quantity) -> Interval:
    """A figure as written, in 元 for money (a % as a fraction), for the value a message shows."""
    if figure.is_percent:
        return Interval.exact(figure.value / 100)
    factor = figure.in_yuan.mid / figure.interval.mid if figure.interval.mid else 1
    return Interval.exact(figure.value * factor)


def _likely_wrong(facts: Facts, stated: Named, chosen: dict[str, Named]) -> str:
    """Which figure is most likely wrong, when the rest of the report tells: every other one
    is stated again elsewhere and this one is not."""
    operands = [n.figure for n in chosen.values()]
    if not corroborated(facts, stated.figure) and stated.figure.significant and all(
            corroborated(facts, f) for f in operands):
        return f"其余数字在报告别处均出现过，{stated.figure.shown} 最可能有误。"
    doubtful = [f for f in operands if f.significant and not corroborated(facts, f)]
    if corroborated(facts, stated.figure) and len(doubtful) == 1 and all(
            corroborated(facts, f) or not f.significant for f in operands if f is not doubtful[0]):
        return f"{stated.figure.shown} 在报告别处也出现，{doubtful[0].shown} 最可能有误。"
    return ""
