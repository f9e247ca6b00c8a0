"""DAT008 malformed-document-number."""

from __future__ import annotations

from typing import Iterator

from reportlint.facts.dates import FUSED_NUMBER
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule


_CLOSERS = "〕﹞"


class MalformedDocumentNumber(Rule):
    """A document number (发文字号) whose year bracket is malformed.

    ## What it does
    Flags document numbers whose 〔year〕 is not closed (〔20241号, year and serial run
    together), holds more than the year (财〔预2020〕10号, where 预 belongs to the issuer's
    code: 财预〔2020〕10号), or lost its 〔 inside the round brackets that quote it
    (（皖财绩2023〕297号）: 皖财绩〔2023〕297号). The small brackets ﹝﹞ count as 〔〕.
    When two or more numbers lack their 〕 and the text holds no 〕 at all, the character was
    lost in a copy (a web page's glyph) as likely as by the writer: one finding names them
    all (`全文5个发文字号都缺少右括号“〕”…`) instead of one per number.

    ## Why is this bad?
    A document number identifies the cited document; written wrongly, it cannot be looked up
    and its year cannot be read.

    ## Example
    `湛财绩〔20241号` → `发文字号“湛财绩〔20241号”格式有误：缺少右括号，年份与序号连在一起，应为“湛财绩〔2024〕1号”`
    """

    code = "DAT008"
    name = "malformed-document-number"
    title = "发文字号年份括号错误"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        numbers = context.facts.document_numbers
        fused = [number for number in numbers if number.problem == FUSED_NUMBER]
        if len(fused) >= 2 and not any(mark in context.source.text for mark in _CLOSERS):
            # every 〔 of the text lacks its 〕, and no 〕 is written anywhere: a copy that lost the
            # character (a web page's glyph), one finding for all, not one per number
            first = fused[0]
            yield context.finding(
                self, f"全文{len(fused)}个发文字号都缺少右括号“〕”，年份与序号连在一起（如“{first.text}”，应为"
                      f"“{first.suggestion}”）：可能是复制时丢失了该字符，请核对原文并补上",
                first.span, evidence={"stated": first.text, "computed": first.suggestion,
                                      "figures": [number.text for number in fused]},
                suggestion=first.suggestion)
            numbers = [number for number in numbers if number.problem != FUSED_NUMBER]
        for number in numbers:
            if number.problem is None:
                continue
            yield context.finding(
                self, f"发文字号“{number.text}”格式有误：{number.problem}，应为“{number.suggestion}”", number.span,
                evidence={"stated": number.text, "computed": number.suggestion, "figures": [str(number.year)]},
                suggestion=number.suggestion)
