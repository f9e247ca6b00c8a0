"""DAT012 document-number-brackets."""

from __future__ import annotations

from typing import Iterator

from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

_WRONG = "【】[]［］()（）"


class DocumentNumberBrackets(Rule):
    """A document number with 【】, [ ] or ( ) around its year instead of 〔〕.

    ## What it does
    Flags document numbers (发文字号) that are complete and readable but write the year in
    【2022】, [2022], ［2022］ or （2022） rather than the hexagonal brackets 〔2022〕 that
    GB/T 9704-2012 prescribes. A malformed number (a bracket lost, the year run into the
    serial) is DAT008's.

    ## Why is this bad?
    It is a matter of form only — the number can still be looked up — hence the low
    severity, and the rule is off by default (`--select DAT012` or `select = ["DAT012"]`
    turns it on); but published reports are expected to cite documents as issued.

    ## Example
    `湘财绩【2022】3号` → `发文字号“湘财绩【2022】3号”的年份应使用六角括号：湘财绩〔2022〕3号`

    ## Options
    None.
    """

    code = "DAT012"
    name = "document-number-brackets"
    title = "发文字号年份未用六角括号"
    severity = "info"
    enabled_by_default = False

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for number in context.facts.document_numbers:
            if number.problem is not None:
                continue
            text = number.text
            at = text.find(str(number.year))
            if at <= 0 or text[at - 1] not in _WRONG:
                continue
            issuer = text[:at - 1]
            suggestion = f"{issuer}〔{number.year}〕{number.serial}号"
            yield context.finding(
                self, f"发文字号“{text}”的年份应使用六角括号：{suggestion}", number.span,
                evidence={"stated": text, "computed": suggestion}, suggestion=suggestion)
