"""SCO009 shortfall-with-full-marks: an indicator whose actual value falls short of its target earns full marks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Optional

from reportlint import regex_cache
from reportlint.facts.indicators import COMPARISON, LOWER_IS_BETTER, LOWER_SUFFIXES, SUFFIX
from reportlint.facts.scores import ScoreRow, points, written
from reportlint.numbers import Interval, decimals_of
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import finding_at, num, show

# 指标值 / 实际完成值 written as one figure: ≥12次, 不低于95%, ≤90万元, 3次, 100%
_VALUE = regex_cache.compile(
    rf"^\s*(?P<op>{COMPARISON})?\s*"
    rf"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>%|％|[\u4e00-\u9fff]{{1,3}})?\s*(?P<suffix>{SUFFIX})?\s*$")
_NOT_UNITS = {"年", "月", "日", "完成", "以上", "以内", "以下"}


class ShortfallWithFullMarks(Rule):
    """An indicator whose actual value falls short of its target is given full marks.

    ## What it does
    Reads each indicator row of a scoring table (`facts.score_tables`) whose 指标值 and
    实际完成值 are each one figure in the same unit (`≥12次` and `9次`, `≥95%` and `90%`,
    `≤90万元` and `95万元`), and reports a row whose actual value is worse than its target,
    beyond rounding, while its 得分 equals its 分值. The message gives the proportional score
    the usual rule (财预〔2020〕10号: 未达到指标值的按完成比例计分) would give.
    Targets in words (效果明显), dates and rows without a score are not read.

    ## Why is this bad?
    The table says the target was missed and scores it as met: either a figure or the
    score is wrong, and the total score is overstated.

    ## Example
    `培训次数 | ≥12次 | 9次 | 10 | 10` → 9次未达到指标值≥12次，却得满分10分；按完成比例应为 7.5分。

    ## Options
    None.
    """

    code = "SCO009"
    name = "shortfall-with-full-marks"
    title = "未达目标仍得满分"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Finding]:
        for table in context.facts.score_tables:
            if table.uncertain:
                continue
            for row in table.rows:
                found = self._row(context, row)
                if found is not None:
                    yield found

    def _row(self, context: Any, row: ScoreRow) -> Optional[Finding]:
        if row.score is None or row.weight is None or not row.target or not row.actual:
            return None
        if points(row.score) != points(row.weight) or row.weight.value <= 0:
            return None
        target, actual = _read(row.target), _read(row.actual)
        if target is None or actual is None:
            return None
        t_value, t_unit, lower_better = target
        a_value, a_unit, _ = actual
        if a_unit and t_unit and a_unit != t_unit:
            return None
        unit = t_unit or a_unit
        t_interval, a_interval = _interval(t_value, unit), _interval(a_value, unit)
        if lower_better:
            short = a_interval.low > t_interval.high
        else:
            short = a_interval.high < t_interval.low
        if not short:
            return None
        ratio = (t_value / a_value if lower_better else a_value / t_value) if a_value and t_value else Decimal(0)
        proportional = show(row.weight.value * ratio, 2)
        score = written(row.score)
        relation = "超过" if lower_better else "未达到"
        message = (f"“{row.name}”实际完成值{row.actual.strip()}{relation}指标值{row.target.strip()}，"
                   f"却得满分{score}分（分值{written(row.weight)}分）；按完成比例计分应为 {proportional}分"
                   f"（{num(row.weight.value)}×{num(a_value if not lower_better else t_value)}/"
                   f"{num(t_value if not lower_better else a_value)}）")
        return finding_at(context, self, row.score, message, stated=score, computed=proportional,
                          expression=f"{num(row.weight.value)}×{num(a_value if not lower_better else t_value)}/"
                                     f"{num(t_value if not lower_better else a_value)}",
                          figures=[row.target.strip(), row.actual.strip(), written(row.weight), score],
                          related=[{"line": row.line, "label": "指标值", "text": row.target.strip()},
                                   {"line": row.line, "label": "实际完成值", "text": row.actual.strip()}])


def _interval(value: Decimal, unit: str) -> Interval:
    """Whole counts of things (3次, 12个) are exact; rates, money and decimals stand for their rounding."""
    decimals = decimals_of(value)
    if decimals == 0 and unit and unit not in ("%", "万元", "元", "亿元"):
        return Interval.exact(value)
    return Interval.stated(value, decimals)


def _read(text: str) -> Optional[tuple[Decimal, str, bool]]:
    """(value, unit, lower is better) of a target or actual value written as one figure."""
    match = _VALUE.match(text.replace("％", "%"))
    if match is None:
        return None
    unit = match.group("unit") or ""
    if unit in _NOT_UNITS or any(word in unit for word in _NOT_UNITS):
        return None
    op, suffix = match.group("op") or "", match.group("suffix") or ""
    return Decimal(match.group("number")), unit, op in LOWER_IS_BETTER or suffix in LOWER_SUFFIXES
