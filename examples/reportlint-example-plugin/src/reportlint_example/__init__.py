"""An example third-party reportlint plugin: doubled-character typos.

Everything a plugin needs is here: Rule subclasses with their docstrings and options model,
`reportlint_register_rules` to declare them, a rule that checks itself on the shared facts
(`SatisfactionAboveHundred.check`, a few lines on `context.facts.rates`), and
`reportlint_check_document` for a check that reads the document's text.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from reportlint.hookspecs import hookimpl
from reportlint.rules import Rule

__version__ = "0.1.0"

# wrong → right. Only doublings that never occur in correct text: "年年末" (年 + 年末),
# "项目目标" (项目 + 目标) or "投资资金" (投资 + 资金) are correct and must not be listed.
TYPOS: dict[str, str] = {
    "预预期": "预期",
    "预预算": "预算",
    "指指标": "指标",
    "绩绩效": "绩效",
    "效益益": "效益",
    "万元元": "万元",
}
# Continuations that make a listed doubling correct after all: 效益 + 益处, 万元 + 元旦/元月.
ALLOWED_AFTER: dict[str, str] = {"效益益": "处", "万元元": "旦月"}


class DoubledCharacterOptions(BaseModel):
    """Options of EXA001."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    extra_typos: dict[str, str] = Field(default_factory=dict, alias="extra-typos")


class DoubledCharacter(Rule):
    """A character typed twice inside a common report term (预预期, 指指标, 万元元).

    ## What it does
    Finds a fixed list of doubled-character typos in paragraphs, headings and table cells:
    预预期, 预预算, 指指标, 绩绩效, 效益益, 万元元. Only doublings that cannot be correct are
    listed; 年年末 (年 + 年末) or 项目目标 (项目 + 目标) are never reported.

    ## Why is this bad?
    A published report with typos in its own technical terms reads as unchecked, and a
    reviewer starts doubting its figures too.

    ## Example
    ```text
    预预期目标          →  预期目标
    决算数为215.06万元元  →  决算数为215.06万元
    ```

    ## Options
    - `extra-typos` (table of wrong → right, default empty): more pairs to look for.
    """

    code = "EXA001"
    name = "doubled-character"
    title = "重复输入"
    severity = "warning"
    Options = DoubledCharacterOptions


class SatisfactionAboveHundred(Rule):
    """A satisfaction rate above 100% (满意度 / 满意率 of 105%).

    ## What it does
    Reads every rate the report states (`context.facts.rates`) and reports one whose label
    names a satisfaction (满意度, 满意率) and whose value is above 100%.

    ## Why is this bad?
    A share of satisfied respondents cannot exceed all respondents: the figure was mistyped
    (98.5% written as 985%, 100.5% for 100%).

    ## Example
    ```text
    服务对象满意度达105%   →  满意度不能超过100%
    ```
    """

    code = "EXA002"
    name = "satisfaction-above-hundred"
    title = "满意度超过100%"
    severity = "warning"

    def check(self, context):
        for rate in context.facts.rates:
            if ("满意度" in rate.label or "满意率" in rate.label) and rate.value > 100:
                yield context.finding(self, f"{rate.label}为{rate.shown}，满意度不能超过100%", rate.span,
                                      evidence={"stated": rate.shown, "expected": "≤ 100%"})


_PATTERNS: dict[tuple, re.Pattern] = {}


def _pattern(typos: dict[str, str]) -> re.Pattern:
    key = tuple(sorted(typos.items()))
    if key not in _PATTERNS:
        parts = []
        for wrong in sorted(typos, key=len, reverse=True):
            after = ALLOWED_AFTER.get(wrong)
            parts.append(re.escape(wrong) + (f"(?![{after}])" if after else ""))
        _PATTERNS[key] = re.compile("|".join(parts))
    return _PATTERNS[key]


_pattern(TYPOS)  # compile the default list at import


@hookimpl
def reportlint_register_rules():
    return [DoubledCharacter, SatisfactionAboveHundred]


@hookimpl
def reportlint_check_document(document, context):
    if not context.enabled("EXA001"):
        return []
    typos = {**TYPOS, **context.options("EXA001").extra_typos}
    pattern = _pattern(typos)
    findings = []
    for _, block in document.text_blocks():
        text = block.text
        for match in pattern.finditer(text):
            wrong = match.group()
            right = typos[wrong]
            findings.append(context.finding(
                "EXA001", f"疑似重复输入：“{wrong}”应为“{right}”",
                block=block, start=match.start(), end=match.end(),
                evidence={"stated": wrong, "expression": f"{wrong} → {right}"}, suggestion=f"改为“{right}”"))
    return findings
