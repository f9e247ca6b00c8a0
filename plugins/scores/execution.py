"""The budget-execution row's rule: how its rate is computed and what score it earns (SCO007, SCO008).

Data, not code: the defaults are in data/execution_rate.toml and a profile may override
any key under `[extensions.scores.execution_rate]`, so a province whose rule is "full
marks from 95%" or a step table needs no new code.
"""


from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict

from reportlint import regex_cache
from reportlint.facts.scores import ExecutionRow, stated
from reportlint.numbers import ArithmeticProblem, Interval
from reportlint.parse.toml_files import load_toml
from reportlint.parse.package_files import package_file

AMOUNT_LABELS = {"initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at_least: Decimal
    share: Decimal


class ExecutionRateRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    numerator: Literal["executed"] = "executed"
    denominator: Literal["budget", "initial"] = "budget"
    full_marks_at: Decimal = Decimal(100)
    below: Literal["proportional", "steps", "zero"] = "proportional"
    steps: list[Step] = []

    def describe(self) -> str:
        at = format(self.full_marks_at.normalize(), "f")
        if self.below == "proportional":
            return f"执行率达到{at}%得满分，低于{at}%按执行率/{at}%×分值计分"
        if self.below == "zero":
            return f"执行率达到{at}%得满分，否则不得分"
        parts = [f"≥{format(s.at_least.normalize(), 'f')}%得分值×{format(s.share.normalize(), 'f')}" for s in self.steps]
        return f"执行率达到{at}%得满分；" + "，".join(parts)


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    path = package_file("reportlint.plugins.scores", "data", "execution_rate.toml")
    values: dict[str, Any] = load_toml(path.read_text(encoding="utf-8")).get("execution_rate", {})
    return values


def rule_for(profile: Any) -> ExecutionRateRule:
    """The default rule overlaid with the profile's `extensions.scores.execution_rate`."""
    values = dict(_defaults())
    extensions = getattr(profile, "extensions", None) or {}
    override = (extensions.get("scores") or {}).get("execution_rate") or {}
    if isinstance(override, dict):
        values.update(override)
    try:
        return ExecutionRateRule.model_validate(values)
    except ValueError:
        return ExecutionRateRule()


def computed_rate(row: ExecutionRow, numerator: str, denominator: str) -> Optional[Interval]:
    """numerator / denominator × 100 on the stated amounts' intervals; None when not computable."""
    top, bottom = getattr(row, numerator), getattr(row, denominator)
    if top is None or bottom is None:
        return None
    try:
        return (stated(top) / stated(bottom)).percent()
    except ArithmeticProblem:
        return None


def expected_score(rule: ExecutionRateRule, rate: Interval, weight: Decimal) -> Interval:
    """The scores the rule gives for every rate in `rate` (the rule is monotonic in the rate)."""
    return Interval(_score_at(rule, rate.low, weight), _score_at(rule, rate.high, weight))


def _score_at(rule: ExecutionRateRule, rate: Decimal, weight: Decimal) -> Decimal:
    if rate >= rule.full_marks_at:
        return weight
    if rule.below == "proportional":
        return max(Decimal(0), weight * rate / rule.full_marks_at)
    if rule.below == "steps":
        for step in sorted(rule.steps, key=lambda s: s.at_least, reverse=True):
            if rate >= step.at_least:
                return weight * step.share
    return Decimal(0)


# A rule for the execution rate's score written in the report itself (a 评分标准 cell or a
# 评分说明 line): a threshold that earns full marks (执行率达到90%（含）以上得满分, ≥95%计10分)
# or a deduction per point (每降低1个百分点扣0.5分). A stated result (执行率为94%，得9.4分)
# names no threshold word, so it is not a rule.
_THRESHOLD = regex_cache.compile(
    r"执行率[^。；;\n]{0,12}?(?:(?:达到|达|≥|>=|＞=|不低于|大于等于|大于或等于|高于|在)\s*(\d{1,3}(?:\.\d+)?)\s*[%％]"
    r"|(\d{1,3}(?:\.\d+)?)\s*[%％]\s*(?:[（(]含[)）])?\s*及?以上)"
    r"[^。；;\n]{0,24}?(?:满分|全额|得\s*\d|计\s*\d|不扣分)")
_PER_POINT = regex_cache.compile(r"执行率[^。；;\n]{0,40}?每[^。；;\n]{0,20}?扣")


def states_another_rule(facts: Any, rule: ExecutionRateRule) -> bool:
    """Whether the report writes its own scoring rule for the execution rate, other than `rule`.

    Scoring rules for this indicator differ between provinces and years; where the report
    states the one it applied, scoring it by another would be a false alarm, so SCO008 stays
    silent (a threshold equal to the rule's own is the same rule, and is checked)."""
    for item in facts.blocks:
        view = item.view
        if "执行率" not in view:
            continue
        for match in _THRESHOLD.finditer(view):
            if Decimal(match.group(1) or match.group(2)) != rule.full_marks_at:
                return True
        if _PER_POINT.search(view):
            return True
    return False
