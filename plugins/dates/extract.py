"""Every date a report writes, understood: days, months, years, ranges and document numbers.

Forms read (on the parse view, so full-width digits count as digits):
2022年5月18日 / 5月18号, 2022-05-18, 2022/5/18, 2022.5.18, 二〇二二年五月十八日 (〇 or 零),
5月14日 (year from the same block when it names one earlier), 2022年4月, 2021年 / 2021年度,
ranges 2022年4月8至18日, 2022年4月19日至5月15日, 2022年4月8日-18日, 2022年4月至6月,
2021-2035年, and document numbers 湛财绩〔2022〕3号 / 湛财绩[2021]5号 (with the malformed
〔20241号 and 财〔预2020〕10号 recognised as such).

A mention keeps its offsets in the block's text, so a finding can point at the exact
characters. Nothing here judges a date except `problem()`, which says why a day cannot exist.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Optional

from reportlint.numerals import cn_to_int
from reportlint.input.source import fold

CN_YEAR_DIGITS = "〇零○Ｏ一二三四五六七八九"
CN_SMALL = "一二三四五六七八九十"

_Y = rf"(?:(?:19|20)\d{{2}}|[{CN_YEAR_DIGITS}]{{4}})"
_N = rf"(?:\d{{1,2}}|[{CN_SMALL}]{{1,3}})"  # a month or a day
_CONN = r"(?:至|到|[-—–~～])"

_POINT = re.compile(
    rf"(?P<iso>(?<![\d.])(?P<iy>(?:19|20)\d{{2}})(?P<sep>[-/.])(?P<im>\d{{1,2}})(?P=sep)(?P<id>\d{{1,2}})(?![\d%]|\.\d))"
    rf"|(?P<yrange>(?<![\d.])(?P<ya>{_Y})\s*(?P<yconn>{_CONN})\s*(?P<yb>{_Y})\s*年(?P<yfy>度)?)"
    rf"|(?P<cjk>(?:(?<![\d.])(?P<y>{_Y})\s*年\s*)?(?<![\d.])(?P<m>{_N})\s*月(?:\s*(?P<d>{_N})\s*[日号])?)"
    rf"|(?P<yr>(?<![\d.])(?P<yy>{_Y})\s*年(?P<fy>度)?)"
)
# the day of a range's start written without 日: 2022年4月8至18日
_BARE_DAY = re.compile(rf"\s*(?P<d>{_N})(?=\s*{_CONN}\s*(?:{_Y}\s*年\s*)?(?:{_N}\s*月\s*)?{_N}\s*[日号])")
_TAIL = re.compile(
    rf"\s*(?P<conn>{_CONN})\s*(?:(?P<y>{_Y})\s*年\s*)?(?:(?P<m>{_N})\s*月\s*)?(?:(?P<d>{_N})\s*[日号])?")

_DATE_CHARS = re.compile(r"[0-9年月号〔]")
_ANCHOR = re.compile(r"[年月]|\d[-/.]\d")
_REACH = 16  # the farthest a point's anchor lies from its start (二〇二一 至 二〇三五年)
_BRACKET_OPEN = "〔[［【(（"
_BRACKET_CLOSE = "〕]］】)）"
_DOCNO = re.compile(
    rf"(?P<issuer>[\u4e00-\u9fff]{{0,6}})(?P<open>[{re.escape(_BRACKET_OPEN)}])\s*"
    rf"(?P<body>[\u4e00-\u9fff]{{0,3}}(?:19|20)\d{{2}})\s*(?P<close>[{re.escape(_BRACKET_CLOSE)}])\s*"
    rf"(?P<serial>\d{{1,4}})\s*号")
# 〔20241号: the closing bracket lost, year and serial run together
_DOCNO_FUSED = re.compile(
    rf"(?P<issuer>[\u4e00-\u9fff]{{0,6}})(?P<open>[〔［【\[])\s*(?P<year>(?:19|20)\d{{2}})(?P<serial>\d{{1,4}})\s*号")


def _number(text: Optional[str]) -> Optional[int]:
    if not text:
        return None
    text = text.strip()
    return int(text) if text.isdigit() else cn_to_int(text)


def _is_cn(text: Optional[str]) -> bool:
    return bool(text) and not text.strip().isdigit()


@dataclass
class DateMention:
    """A date as written: a day, a month or a year, at `block.text[start:end]`.

    `year_stated` is False when the year was taken from earlier in the same block (or
    filled in by a checker from the report's context).
    """

    block: Any
    start: int
    end: int
    text: str
    year: Optional[int]
    month: Optional[int] = None
    day: Optional[int] = None
    year_stated: bool = True
    fiscal: bool = False  # 2021年度
    form: str = "cjk"  # cjk | iso | cn (Chinese numerals) | year

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def problem(self) -> Optional[str]:
        """Why this date cannot exist (Chinese, for the message), or None."""
        if self.month is not None and not 1 <= self.month <= 12:
            return f"没有{self.month}月"
        if self.day is not None:
            month = self.month or 1
            days = calendar.monthrange(self.year if self.year else 2000, month)[1]  # unknown year: allow 2月29日
            if not 1 <= self.day <= days:
                if self.year and month == 2 and self.day == 29:
                    return f"{self.year}年不是闰年，2月只有28天"
                return f"{month}月{'最多' if self.year is None and month == 2 else '只'}有{days}天"
        return None

    @property
    def valid(self) -> bool:
        return self.problem() is None

    def with_year(self, year: Optional[int]) -> "DateMention":
        """The same mention with a year taken from context (when it has none)."""
        if self.year is not None or year is None:
            return self
        return DateMention(self.block, self.start, self.end, self.text, year, self.month, self.day,
                           False, self.fiscal, self.form)

    def first_day(self) -> Optional[date]:
        """The earliest day the mention can mean (None without a year or when impossible)."""
        if self.year is None or not self.valid:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> Optional[date]:
        if self.year is None or not self.valid:
            return None
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def label(self) -> str:
        """The date in the report's own style: 2022年5月18日 (year in brackets when inferred)."""
        parts = []
        if self.year is not None:
            parts.append(f"{self.year}年" if self.year_stated else f"（{self.year}年）")
        if self.month is not None:
            parts.append(f"{self.month}月")
        if self.day is not None:
            parts.append(f"{self.day}日")
        if self.month is None and self.fiscal:
            parts.append("度")
        return "".join(parts)


@dataclass
class DateRange:
    """Two mentions joined by 至 / 到 / - : `first` .. `last`, at `block.text[start:end]`."""

    block: Any
    start: int
    end: int
    text: str
    first: DateMention
    last: DateMention
    last_year_written: bool = True  # False for 4月19日至5月15日's end, whose year comes from the start

    def label(self) -> str:
        return f"{self.first.label()}至{self.last.label()}"


@dataclass
class DocumentNumber:
    """A document number with a year: 湛财绩〔2022〕3号. `problem` says how it is malformed."""

    block: Any
    start: int
    end: int
    text: str
    issuer: str
    year: int
    serial: int
    problem: Optional[str] = None
    suggestion: Optional[str] = None


@dataclass
class BlockDates:
    """What one paragraph, heading or cell says about dates."""

    block: Any
    mentions: list[DateMention] = field(default_factory=list)  # points, including range ends
    ranges: list[DateRange] = field(default_factory=list)
    numbers: list[DocumentNumber] = field(default_factory=list)

    def first_mention(self, before: int) -> Optional[DateMention | DateRange]:
        """The first date or range starting before offset `before` (a step's own date)."""
        items: list[DateMention | DateRange] = list(self.ranges)
        in_range = {(r.first.start, r.first.end) for r in self.ranges}
        items += [m for m in self.mentions if m.precision != "year" and (m.start, m.end) not in in_range
                  and not any(r.start <= m.start < r.end for r in self.ranges)]
        items = [item for item in items if item.start < before]
        return min(items, key=lambda item: item.start) if items else None


def _cjk_mention(block, y, m, d, start, end, text) -> DateMention:
    year = _number(y)
    form = "cn" if (_is_cn(y) or _is_cn(m) or _is_cn(d)) else "cjk"
    return DateMention(block, start, end, text[start:end], year, _number(m), _number(d),
                       year_stated=year is not None, form=form)


def _point_matches(view: str) -> Iterator[re.Match]:
    """`_POINT` matches, left to right, tried only near a 年, 月 or 2022-05 (speed).

    Every point contains such an anchor within `_REACH` characters of its start, so no
    match is lost; a match found past its anchor's window is left for its own anchor.
    """
    pos = 0
    for anchor in _ANCHOR.finditer(view):
        at = anchor.start()
        if at < pos:
            continue
        match = _POINT.search(view, max(pos, at - _REACH), at + 2 * _REACH)
        if match is None or match.start() > at:
            continue
        pos = match.end()
        yield match


def extract_block(block: Any, text: Optional[str] = None) -> BlockDates:
    """Read every date, range and document number in `block.text`."""
    raw = block.text if text is None else text
    view = fold(raw)
    found = BlockDates(block)
    if not _DATE_CHARS.search(view):  # cheap exit for dateless text
        return found
    last_year: Optional[int] = None
    pos = 0
    for match in _point_matches(view):
        if match.start() < pos:
            continue  # inside a range already read
        pos = match.end()
        if match.group("iso"):
            mention = DateMention(block, match.start(), match.end(), raw[match.start():match.end()],
                                  int(match.group("iy")), int(match.group("im")), int(match.group("id")),
                                  form="iso")
            found.mentions.append(mention)
            last_year = mention.year
            continue
        if match.group("yrange"):
            ya, yb = _number(match.group("ya")), _number(match.group("yb"))
            fiscal = bool(match.group("yfy"))
            s, e = match.start(), match.end()
            first = DateMention(block, s, match.start("yconn"), raw[s:match.start("yconn")], ya,
                                fiscal=fiscal, form="cn" if _is_cn(match.group("ya")) else "year")
            last = DateMention(block, match.start("yb"), e, raw[match.start("yb"):e], yb,
                               fiscal=fiscal, form="cn" if _is_cn(match.group("yb")) else "year")
            if ya is not None and yb is not None and 1900 <= ya <= 2100 and 1900 <= yb <= 2100:
                found.mentions += [first, last]
                found.ranges.append(DateRange(block, s, e, raw[s:e], first, last))
                # a span of years (规划（2021-2035年）) names no year for the dates after it
            continue
        if match.group("yr"):
            year = _number(match.group("yy"))
            if year is not None and 1900 <= year <= 2100:
                found.mentions.append(DateMention(block, match.start(), match.end(), raw[match.start():match.end()],
                                                  year, fiscal=bool(match.group("fy")),
                                                  form="cn" if _is_cn(match.group("yy")) else "year"))
                last_year = year
            continue
        # a 年/月/日 date, perhaps the start of a range
        y, m, d = match.group("y"), match.group("m"), match.group("d")
        if y is None and d is None and (_is_cn(m) or (_number(m) or 0) > 12):
            continue  # 十月 alone, 13月 alone: too weak to be a date
        if y is not None and not 1900 <= (_number(y) or 0) <= 2100:
            continue
        start, end = match.start(), match.end()
        if d is None:
            bare = _BARE_DAY.match(view, end)
            if bare:
                d, end = bare.group("d"), bare.end()
        first = _cjk_mention(block, y, m, d, start, end, raw)
        if first.year is None and last_year is not None:
            first = first.with_year(last_year)
        found.mentions.append(first)
        if first.year_stated:
            last_year = first.year
        tail = _TAIL.match(view, end)
        last = _range_end(block, first, tail, raw) if tail else None
        if last is not None:
            found.mentions.append(last)
            found.ranges.append(DateRange(block, start, last.end, raw[start:last.end], first, last,
                                          last_year_written=tail.group("y") is not None))
            if last.year_stated:
                last_year = last.year
            pos = last.end
    _document_numbers(block, view, raw, found)
    return found


def _range_end(block, first: DateMention, tail, raw: str) -> Optional[DateMention]:
    """The end of a range whose start is `first`, when the tail fits its precision."""
    y, m, d = tail.group("y"), tail.group("m"), tail.group("d")
    if first.day is not None:
        if d is None:
            return None
    elif first.month is not None:
        if m is None or d is not None:
            return None
    else:
        return None
    start = tail.start("y") if y else tail.start("m") if m else tail.start("d")
    year = _number(y) if y else first.year
    month = _number(m) if m else first.month
    mention = DateMention(block, start, tail.end(), raw[start:tail.end()], year, month, _number(d),
                          year_stated=bool(y) or first.year_stated,
                          form="cn" if (_is_cn(y) or _is_cn(m) or _is_cn(d)) else "cjk")
    if y is None and not first.year_stated:
        mention.year_stated = False
    return mention


def _document_numbers(block, view: str, raw: str, found: BlockDates) -> None:
    if "号" not in view:
        return
    for match in _DOCNO.finditer(view):
        body = match.group("body")
        year = int(body[-4:])
        issuer = match.group("issuer")
        start, end = match.start(), match.end()
        number = DocumentNumber(block, start, end, raw[start:end], issuer, year, int(match.group("serial")))
        prefix = body[:-4]
        if prefix:
            number.problem = f"括号内应只写年份，“{prefix}”应写在括号前的机关代字中"
            number.suggestion = f"{issuer}{prefix}〔{year}〕{int(match.group('serial'))}号"
        found.numbers.append(number)
    for match in _DOCNO_FUSED.finditer(view):
        start, end = match.start(), match.end()
        if any(n.start <= match.start("open") < n.end for n in found.numbers):
            continue
        # the bracket never closes before 号: a close bracket between would have matched _DOCNO
        year, serial = int(match.group("year")), int(match.group("serial"))
        issuer = match.group("issuer")
        found.numbers.append(DocumentNumber(
            block, start, end, raw[start:end], issuer, year, serial,
            problem="缺少右括号，年份与序号连在一起",
            suggestion=f"{issuer}〔{year}〕{serial}号"))
    found.numbers.sort(key=lambda n: n.start)


def parse_date_value(text: str) -> Optional[DateMention]:
    """The one full date a field value holds (填报日期：2024年6月6日), or None."""

    class _Value:
        def __init__(self, value: str):
            self.text = value

    days = [m for m in extract_block(_Value(text)).mentions if m.precision == "day" and m.year_stated]
    return days[0] if len(days) == 1 else None
