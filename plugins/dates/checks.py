"""The DAT checks: each reads `ReportDates` and yields findings for one rule."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterator, Optional

from reportlint.parse.model import Cell, Paragraph, Section
from reportlint.input.source import fold

from .extract import CN_YEAR_DIGITS, DateMention, DateRange, _number, extract_block
from .facts import FilingDate, ReportDates

_Y = rf"(?:(?:19|20)\d{{2}}|[{CN_YEAR_DIGITS}]{{4}})"
_SENTENCE_END = frozenset("。；;！？!?\n")

# a result figure: 2023年决算支出1564.1万元, 2020年收入决算数为3257.65万元
_RESULT = re.compile(
    rf"(?<![\d.])(?P<y>{_Y})\s*年度?(?P<what>[^，。；,;：:\d]{{0,8}}?(?:决算|实际支出|实际收入|执行数)"
    rf"[^，。；,;\d]{{0,8}}?)(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)")
_COMPARISON = re.compile(r"上年|去年|上一年|前一年|同比|较|比上|相比|对比|比较|增加|减少|增长|下降|增幅|降幅|"
                         r"变动|同期|以前年度|历年|分别")
_SCHEDULE_TITLE = re.compile(r"时间安排|进度安排|工作安排|时间节点|实施步骤|工作步骤|进度计划|时间进度")
_SELF_EVALUATION_PART = ("自评工作", "评价小组", "自评材料", "评价工作")
_SELF_EVALUATION_WORK = re.compile(r"自评|评价小组|评价工作|评价报告|工作小组|领导小组|审议|报送|寄出|上交|上报|"
                                   r"报告公开|工作方案")
_PLAN = re.compile(r"将于|将在|将会|计划|拟|预计|准备|待")


def _line(block: Any) -> int:
    return block.span.line


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (up to 。；！？ or a line break) around text[start:end]."""
    left = start
    while left > 0 and text[left - 1] not in _SENTENCE_END:
        left -= 1
    right = end
    while right < len(text) and text[right] not in _SENTENCE_END:
        right += 1
    return left, right


def _filing_words(filing: Optional[FilingDate]) -> str:
    if filing is None or filing.date is None:
        return ""
    return f"填报日期{filing.date.label()}（第{_line(filing.block)}行）"


# -- DAT001 --------------------------------------------------------------------------
def impossible_dates(facts: ReportDates, context) -> Iterator:
    for _, found in facts.blocks:
        for mention in found.mentions:
            problem = mention.problem()
            if problem is None:
                continue
            yield context.finding(
                "DAT001", f"日期“{mention.text}”不存在：{problem}", block=mention.block,
                start=mention.start, end=mention.end,
                evidence={"stated": mention.text, "figures": [str(v) for v in (mention.year, mention.month, mention.day)
                                                              if v is not None]})
    for filing in facts.filings:
        if filing.date is not None:
            continue
        value = filing.block.text
        if not any(ch.isdigit() for ch in fold(value)):
            continue  # left blank (年 月 日): not a date mistake
        if any(not m.valid for m in extract_block(filing.block).mentions):
            continue  # 2022年2月30日: reported above as an impossible date
        yield context.finding(
            "DAT001", f"填报日期“{value.strip()}”不是完整的日期（应写作如2025年5月14日）",
            block=filing.block, start=0, end=len(value), evidence={"stated": value.strip()},
            suggestion="写明年、月、日")


# -- DAT002 --------------------------------------------------------------------------
def filing_date(facts: ReportDates, context) -> Iterator:
    year = facts.evaluated_year
    if year is None:
        return
    limit = context.options("DAT002").latest_months_after_year_end
    source = _evaluated_source(facts)
    for filing in facts.filings:
        day = filing.date.first_day() if filing.date is not None else None
        if day is None:
            continue
        mention = filing.date
        if day <= date(year, 12, 31):
            yield context.finding(
                "DAT002", f"填报日期{mention.label()}早于评价年度{year}年结束（{year}年12月31日）；"
                          f"对{year}年度的自评应在{year + 1}年填报（{source}）",
                block=filing.block, start=mention.start, end=mention.end,
                evidence={"stated": mention.label(), "computed": f"{year + 1}-01-01 之后",
                          "figures": [str(year)]})
            continue
        months = (day.year - year - 1) * 12 + day.month
        if months > limit:
            yield context.finding(
                "DAT002", f"填报日期{mention.label()}距评价年度{year}年结束已{months}个月，超过{limit}个月，"
                          f"年份可能有误（{source}）",
                block=filing.block, start=mention.start, end=mention.end,
                evidence={"stated": mention.label(), "computed": str(months), "figures": [str(year), str(limit)]})


def _evaluated_source(facts: ReportDates) -> str:
    return "；".join(f"{claim.describe()}，第{claim.line}行" for claim in facts.evaluated_by
                    if len(claim.fits) == 1) or f"评价年度{facts.evaluated_year}年"


# -- DAT003 --------------------------------------------------------------------------
def evaluated_year(facts: ReportDates, context) -> Iterator:
    year = facts.evaluated_year
    if year is None:
        return
    source = _evaluated_source(facts)
    for claim in facts.claims:
        if year in claim.fits:
            continue
        yield context.finding(
            "DAT003", f"{claim.describe()}与评价年度{year}年不一致（{source}）",
            block=claim.block, start=claim.start, end=claim.end,
            evidence={"stated": str(claim.year), "computed": str(year),
                      "related": [{"line": c.line, "source": c.source, "year": c.year} for c in facts.evaluated_by]})


# -- DAT004 --------------------------------------------------------------------------
def reversed_ranges(facts: ReportDates, context) -> Iterator:
    for _, found in facts.blocks:
        for span in found.ranges:
            first, last = span.first, span.last
            if not (first.valid and last.valid) or first.year is None or last.year is None:
                continue
            if not span.last_year_written and first.month and last.month and first.month >= 11 and last.month <= 2:
                continue  # 12月20日至1月10日: into the next year
            start, end = _key(first), _key(last)
            if end < start:
                yield context.finding(
                    "DAT004", f"日期范围“{span.text}”的结束日期{last.label()}早于开始日期{first.label()}",
                    block=span.block, start=span.start, end=span.end,
                    evidence={"stated": span.text, "figures": [first.label(), last.label()]})


def _key(mention: DateMention) -> tuple:
    """Compare at the coarser precision of the two ends: a month-range end needs no day."""
    return (mention.year or 0, mention.month or 0, mention.day or 0)


# -- DAT005 --------------------------------------------------------------------------
def schedules(facts: ReportDates, context) -> Iterator:
    for section in facts.document.walk_sections():
        if not _SCHEDULE_TITLE.search(section.title):
            continue
        steps = [child.heading for child in section.children] or \
                [block for block in section.body if isinstance(block, Paragraph)]
        yield from _schedule_steps(facts, context, steps)


def _step_date(facts: ReportDates, block: Paragraph) -> Optional[DateMention | DateRange]:
    found = facts.dates_of(block)
    if found is None:
        return None
    text = block.text
    comma = min((i for i in (text.find("，"), text.find(","), text.find("。")) if i >= 0), default=len(text))
    item = found.first_mention(before=comma)
    if item is None or item.start > 8:  # the step's own date opens it, after the marker
        return None
    return item


def _schedule_steps(facts: ReportDates, context, steps: list[Paragraph]) -> Iterator:
    previous: Optional[tuple[Paragraph, DateMention]] = None
    for block in steps:
        item = _step_date(facts, block)
        if item is None:
            continue
        start = item.first if isinstance(item, DateRange) else item
        if start.year is None and previous is not None:
            start = start.with_year(previous[1].year)
        if not start.valid or start.year is None:
            continue
        if previous is not None and start.first_day() < previous[1].first_day():
            before = previous[1]
            marker = block.text[:max(0, start.start)].strip() or "本"
            yield context.finding(
                "DAT005", f"时间安排中“{marker}”步的开始日期{start.label()}早于上一步（第{_line(previous[0])}行）"
                          f"的开始日期{before.label()}",
                block=block, start=item.start, end=item.end,
                evidence={"stated": start.label(), "figures": [before.label(), start.label()],
                          "related": [{"line": _line(previous[0]), "text": before.text}]})
        previous = (block, start)


# -- DAT006 --------------------------------------------------------------------------
def result_years(facts: ReportDates, context) -> Iterator:
    year = facts.evaluated_year
    if year is None:
        return
    for _, found in facts.blocks:
        block = found.block
        if isinstance(block, Cell) or not isinstance(block, Paragraph) or "决算" not in block.text \
                and "实际" not in block.text and "执行数" not in block.text:
            continue
        view = fold(block.text)
        results = [(m, _number(m.group("y"))) for m in _RESULT.finditer(view)]
        own = [m for m, y in results if y == year]
        if not own:
            continue
        for match, stated in results:
            if stated is None or stated == year:
                continue
            left, right = _sentence(view, match.start(), match.end())
            sentence = view[left:right]
            if _COMPARISON.search(sentence) or str(year) in sentence:
                continue
            same = own[0]
            yield context.finding(
                "DAT006", f"评价年度为{year}年，本段写有“{block.text[same.start():same.end()]}”，"
                          f"此处却是“{block.text[match.start():match.end()]}”：若是本年度数字，年份应为{year}年；"
                          f"若是与{stated}年的比较，请写明",
                block=block, start=match.start("y"), end=match.end(),
                evidence={"stated": str(stated), "computed": str(year), "figures": [match.group("amount")],
                          "related": [{"line": _line(block), "text": block.text[same.start():same.end()]}]},
                suggestion=f"{year}年{match.group('what')}{match.group('amount')}{match.group('unit')}")


# -- DAT007 --------------------------------------------------------------------------
def self_evaluation_work(facts: ReportDates, context) -> Iterator:
    year = facts.evaluated_year
    filing = facts.filing
    if year is None:
        return
    year_end = date(year, 12, 31)
    filed = filing.date.first_day() if filing is not None else None
    for container, found in facts.blocks:
        block = found.block
        if not _in_self_evaluation_part(facts, container, block):
            continue
        text = block.text
        for item in _dated_items(found):
            left, right = _sentence(text, item.start, item.end)
            sentence = text[left:right]
            if not _SELF_EVALUATION_WORK.search(sentence):
                continue
            first = item.first if isinstance(item, DateRange) else item
            last = item.last if isinstance(item, DateRange) else item
            default = filed.year if filed is not None else year + 1
            first, last = first.with_year(default), last.with_year(first.year or default)
            begins, ends = first.last_day(), last.first_day()
            if begins is None or ends is None:
                continue
            if begins <= year_end:
                yield context.finding(
                    "DAT007", f"自评工作日期{first.label()}早于评价年度{year}年结束（{year}年12月31日）："
                              f"对{year}年度的自评应在年度结束后开展" +
                              (f"；{_filing_words(filing)}" if filing else ""),
                    block=block, start=item.start, end=item.end,
                    evidence={"stated": first.label(), "computed": f"{year + 1}-01-01 之后", "figures": [str(year)]})
            elif filed is not None and ends > filed and not _PLAN.search(sentence):
                yield context.finding(
                    "DAT007", f"自评工作日期{last.label()}晚于{_filing_words(filing)}：填报时尚未发生的事"
                              f"不应写成已完成；若为计划，请写明“将于”",
                    block=block, start=item.start, end=item.end,
                    evidence={"stated": last.label(), "computed": filing.date.label(),
                              "related": [{"line": _line(filing.block), "field": "填报日期"}]})


def _in_self_evaluation_part(facts: ReportDates, container, block) -> bool:
    if container is None:
        return isinstance(block, Paragraph) and block.kind == "paragraph"
    if not isinstance(container, Section):
        return False
    titles = facts.document.section_path(block.span.line)
    return any(word in title for title in titles for word in _SELF_EVALUATION_PART)


def _dated_items(found) -> list[DateMention | DateRange]:
    """Ranges, and the day- or month-precision dates outside them."""
    items: list = list(found.ranges)
    for mention in found.mentions:
        if mention.precision == "year" or any(r.start <= mention.start < r.end for r in found.ranges):
            continue
        items.append(mention)
    return sorted(items, key=lambda item: item.start)


# -- DAT008 --------------------------------------------------------------------------
def document_numbers(facts: ReportDates, context) -> Iterator:
    for _, found in facts.blocks:
        for number in found.numbers:
            if number.problem is None:
                continue
            yield context.finding(
                "DAT008", f"发文字号“{number.text}”格式有误：{number.problem}，应为“{number.suggestion}”",
                block=number.block, start=number.start, end=number.end,
                evidence={"stated": number.text, "computed": number.suggestion, "figures": [str(number.year)]},
                suggestion=number.suggestion)


CHECKS = {
    "DAT001": impossible_dates,
    "DAT002": filing_date,
    "DAT003": evaluated_year,
    "DAT004": reversed_ranges,
    "DAT005": schedules,
    "DAT006": result_years,
    "DAT007": self_evaluation_work,
    "DAT008": document_numbers,
}
