"""The report's own dates: which year it evaluates (and who says so), when it was filed.

Built once per document from the extracted mentions; every DAT check reads it.
The evaluated year is stated in up to four places (评价年度, the title, the preamble
现将2021年度…报告如下, the self-evaluation notice it cites). They are `YearClaim`s; the
year most of them support is the evaluated year, and a claim that does not fit it is a
finding (DAT003).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from reportlint.parse.model import Document, HeaderField, Paragraph, Span
from reportlint.input.source import fold

from .extract import CN_YEAR_DIGITS, BlockDates, DateMention, DocumentNumber, extract_block, parse_date_value

_Y = rf"(?:(?:19|20)\d{{2}}|[{CN_YEAR_DIGITS}]{{4}})"
_PREAMBLE = re.compile(rf"现将\s*(?P<y>{_Y})\s*年")
# 《湛江市财政局关于开展2022年市级财政资金绩效自评工作的通知》: the round of work, held the year after
_NOTICE = re.compile(rf"关于开展\s*(?P<y>{_Y})\s*年(?P<fy>度)?[^》〉]{{0,40}}?自评[^》〉]{{0,20}}?通知")
_FILING_LABEL = "填报日期"
_DIRECT = ("评价年度", "标题", "前言")


class FieldValue:
    """A header field's value as a block: `text` and the `span` it occupies."""

    def __init__(self, text: str, span: Span):
        self.text = text
        self.span = span


@dataclass
class YearClaim:
    """One place that says which year the report evaluates."""

    source: str  # 评价年度 | 标题 | 前言 | 自评通知 | 通知文号
    year: int  # the year as written there
    fits: frozenset[int]  # evaluated years this statement is consistent with
    block: Any
    start: int
    end: int

    @property
    def line(self) -> int:
        return self.block.span.line

    def describe(self) -> str:
        if self.source in ("自评通知", "通知文号"):
            evaluated = "或".join(str(y) for y in sorted(self.fits))
            return f"{self.source}“{self.block.text[self.start:self.end]}”（对应评价年度{evaluated}年）"
        return f"{self.source}“{self.block.text[self.start:self.end]}”"


@dataclass
class FilingDate:
    field: HeaderField
    block: FieldValue
    date: Optional[DateMention]  # None when the value is not one complete date


@dataclass
class ReportDates:
    document: Document
    blocks: list[tuple[Any, BlockDates]] = field(default_factory=list)  # (container, dates) in order
    claims: list[YearClaim] = field(default_factory=list)
    evaluated_year: Optional[int] = None
    evaluated_by: list[YearClaim] = field(default_factory=list)  # the claims that agree on it
    filings: list[FilingDate] = field(default_factory=list)
    _by_block: dict[int, BlockDates] = field(default_factory=dict, repr=False)

    @property
    def filing(self) -> Optional[FilingDate]:
        """The first 填报日期 that is a real, complete date."""
        for item in self.filings:
            if item.date is not None and item.date.valid:
                return item
        return None

    @property
    def year_end(self) -> Optional[date]:
        return date(self.evaluated_year, 12, 31) if self.evaluated_year else None

    def dates_of(self, block: Any) -> Optional[BlockDates]:
        if len(self._by_block) != len(self.blocks):
            self._by_block = {id(found.block): found for _, found in self.blocks}
        return self._by_block.get(id(block))


def _year(text: str) -> Optional[int]:
    from .extract import _number

    value = _number(text)
    return value if value is not None and 1900 <= value <= 2100 else None


def _field_block(item: HeaderField) -> Optional[FieldValue]:
    if item.value_span is None or not item.value:
        return None
    return FieldValue(item.value, item.value_span)


def _first_year(found: BlockDates) -> Optional[DateMention]:
    for mention in found.mentions:
        if mention.year is not None and mention.year_stated:
            return mention
    return None


def read_report_dates(document: Document) -> ReportDates:
    """Extract every block's dates once and work out the evaluated year and the filing date."""
    facts = ReportDates(document)
    for container, block in document.text_blocks():
        facts.blocks.append((container, extract_block(block)))
    _collect_claims(document, facts)
    _settle_evaluated_year(facts)
    for item in document.header:
        if item.label == _FILING_LABEL:
            block = _field_block(item)
            if block is not None:
                facts.filings.append(FilingDate(item, block, parse_date_value(item.value)))
    return facts


def _collect_claims(document: Document, facts: ReportDates) -> None:
    evaluated = document.field("评价年度")
    block = _field_block(evaluated) if evaluated else None
    if block is not None:
        mention = _first_year(extract_block(block))
        if mention is not None:
            facts.claims.append(YearClaim("评价年度", mention.year, frozenset({mention.year}),
                                          block, mention.start, mention.end))
    if document.title and document.title_span is not None:
        block = FieldValue(document.title, document.title_span)
        mention = _first_year(extract_block(block))
        if mention is not None:
            facts.claims.append(YearClaim("标题", mention.year, frozenset({mention.year}),
                                          block, mention.start, mention.end))
    for block in document.front:
        if not isinstance(block, Paragraph) or block.kind != "paragraph":
            continue
        view = fold(block.text)
        preamble = _PREAMBLE.search(view)
        if preamble and (year := _year(preamble.group("y"))):
            facts.claims.append(YearClaim("前言", year, frozenset({year}), block,
                                          preamble.start("y"), preamble.end()))
        notice = _NOTICE.search(view)
        if notice and (year := _year(notice.group("y"))):
            fits = {year - 1, year} if notice.group("fy") else {year - 1}
            facts.claims.append(YearClaim("自评通知", year, frozenset(fits), block,
                                          notice.start("y"), notice.end("y") + 1 + bool(notice.group("fy"))))
            number = _notice_number(block, facts, notice.end())
            if number is not None:
                # a notice is issued in the evaluated year's last weeks or, usually, the year after
                facts.claims.append(YearClaim("通知文号", number.year, frozenset({number.year - 1, number.year}),
                                              block, number.start, number.end))


def _notice_number(block: Any, facts: ReportDates, after: int) -> Optional[DocumentNumber]:
    found = facts.dates_of(block)
    if found is None:
        return None
    for number in found.numbers:
        if after <= number.start <= after + 12 and number.problem is None:
            return number
    return None


def _settle_evaluated_year(facts: ReportDates) -> None:
    if not facts.claims:
        return
    candidates: dict[int, int] = {}
    for claim in facts.claims:
        for year in claim.fits:
            candidates[year] = candidates.get(year, 0) + 1
    order = {claim.year: rank for rank, claim in reversed(list(enumerate(facts.claims)))
             if len(claim.fits) == 1}
    best = max(candidates, key=lambda y: (candidates[y], -order.get(y, 99)))
    if not any(claim.source in _DIRECT for claim in facts.claims):
        return  # a cited notice alone does not settle what the report evaluates
    facts.evaluated_year = best
    facts.evaluated_by = [claim for claim in facts.claims if best in claim.fits]
