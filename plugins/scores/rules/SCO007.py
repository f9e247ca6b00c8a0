"""SCO007 execution-rate-mismatch: the 预算执行率 row's rate against 全年执行数 / 全年预算数."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Iterator, Optional

from reportlint.facts.scores import ExecutionRow, ScoreTable, written
from reportlint.numbers import Interval
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..execution import AMOUNT_LABELS, computed_rate, rule_for
from ..wording import finding_at, show


def _exact_rate(row: ExecutionRow, numerator: str, denominator: str) -> Optional[Decimal]:
    top, bottom = getattr(row, numerator), getattr(row, denominator)
    if top is None or bottom is None or bottom.value == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        value: Decimal = top.value / bottom.value * 100
        return value


def _names(row: ExecutionRow, numerator: str, denominator: str) -> str:
    """全年执行数/全年预算数, in the table's own headings where it has them (预算执行数/调整后预算数)."""
    names = row.names
    return f"{names.get(numerator) or AMOUNT_LABELS[numerator]}/{names.get(denominator) or AMOUNT_LABELS[denominator]}"


def _expression(row: ExecutionRow, numerator: str, denominator: str) -> tuple[str, Optional[Decimal]]:
    value = _exact_rate(row, numerator, denominator)
    shown = show(value, 2) if value is not None else "?"
    return f"{written(getattr(row, numerator))}/{written(getattr(row, denominator))}×100%={shown}%", value


class ExecutionRateMismatch(Rule):
    """The budget-execution rate in a scoring table is not 全年执行数 / 全年预算数.

    ## What it does
    Recomputes the rate of the 年度资金总额 / 预算执行率 row from the amounts in the same row
    (by default 全年执行数 / 全年预算数 × 100%, see the profile's
    `extensions.scores.execution_rate`) and compares it with the rate stated. When the stated
    rate is what another denominator gives (年初预算数), the message says so. The block is
    found by its headings (vocabulary.toml `[table_roles]`): the Hunan form's 年初预算数 |
    全年预算数 | 全年执行数 | 执行率, or other forms' words beside a 权重 or 得分 column, such
    as Sichuan's 部门预算项目支出绩效自评表 (总额 | 年初预算 | 调整后预算数 | 预算执行数 |
    预算执行率 | 权重 | 得分, under a 预算执行情况（10分） cell that spans the block; in a
    copied table the rows under it lack that cell, or keep the header's width with that cell
    left out and an empty one at the end). A heading row with no label column (全年预算数(A)
    | 全年执行数(B) | 分值 | 执行率 | 得分, under 资金情况（万元） on the line above) is read one
    cell to the right; where a row's figures fit the headings only one cell left or right,
    they are read so, and otherwise not at all. Plain 预算数 / 执行数 head any budget table
    and are the block's only when the rate's own heading names them by letter (预算数(A) |
    执行数(B) | 执行率(B/A)). The message names the amounts in the table's own headings
    (预算执行数/调整后预算数).

    ## Why is this bad?
    The execution rate is scored; a rate computed on the wrong base overstates (or
    understates) how much of the budget was spent.

    ## Example
    `执行率102.32%与全年执行数/全年预算数不符：300.36/300.48×100%=99.96%；102.32%是全年执行数/年初预算数：300.36/293.53×100%=102.33%`
    """

    code = "SCO007"
    name = "execution-rate-mismatch"
    title = "预算执行率计算有误"

    def check(self, context: Any) -> Iterator[Finding]:
        for table in context.facts.score_tables:
            yield from self._table(table, context)

    def _table(self, table: ScoreTable, context: Any) -> Iterator[Finding]:
        row = table.execution
        if row is None or row.rate is None:
            return
        rate = row.rate
        rule = rule_for(context.profile)
        computed = computed_rate(row, rule.numerator, rule.denominator)
        if computed is None:
            return
        stated = Interval.stated(rate.value, truncated=True)
        if stated.meets(computed):
            return
        shown_rate = written(rate)
        main_expression, main_value = _expression(row, rule.numerator, rule.denominator)
        message = f"执行率{shown_rate}%与{_names(row, rule.numerator, rule.denominator)}不符：{main_expression}"
        related = []
        for other in ("initial", "budget"):
            if other == rule.denominator or getattr(row, other) is None:
                continue
            alternative = computed_rate(row, rule.numerator, other)
            if alternative is not None and stated.meets(alternative):
                alt_expression, alt_value = _expression(row, rule.numerator, other)
                if alt_value is not None:
                    places = rate.decimals
                    cut = alt_value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
                    rounded = alt_value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
                    if cut == rate.value and rounded != rate.value:  # 102.3268 written 102.32: cut, not rounded
                        alt_expression = (f"{written(getattr(row, rule.numerator))}/{written(getattr(row, other))}"
                                          f"×100%={show(alt_value, places + 2)}%，截尾为{shown_rate}%")
                message += f"；所填{shown_rate}%实为{_names(row, rule.numerator, other)}：{alt_expression}"
                related.append({"expression": alt_expression, "label": _names(row, rule.numerator, other)})
        yield finding_at(context, self, rate, message, stated=shown_rate + "%",
                         computed=(show(main_value, 2) + "%") if main_value is not None else None,
                         expression=main_expression,
                         figures=[written(f) for f in (row.initial, row.budget, row.executed) if f is not None],
                         related=related)
