"""Dates: every date a report writes, understood, as DateMention, DateRange and DocumentNumber.

Forms read (on the parse view, so full-width digits count as digits):
2022年5月18日 / 5月18号, 2022-05-18, 2022/5/18, 2022.5.18, 二〇二二年五月十八日 (〇 or 零),
5月14日 (year from the same block when it names one earlier), 2022年4月, 2021年 / 2021年度,
ranges 2022年4月8至18日, 2022年4月19日至5月15日, 2022年4月8日-18日, 2022年4月至6月,
2021-2035年, and document numbers 湛财绩〔2022〕3号 / 湛财绩[2021]5号 (with the malformed
〔20241号 and 财〔预2020〕10号 recognised as such).

Each date has a mood read from the words of its sentence (data/vocabulary.toml `[moods]`):
`planned` (将于, 计划, 拟 … anywhere in the sentence), `deadline` (5月20日前完成, 截至2022年
12月31日) or `done`. Nothing here judges a date except `DateMention.problem()`, which says
why a day cannot exist; the DAT rules do the judging.

`facts.dates` is every range and every date outside a range, in document order (a range's
two ends are its `first` and `last`); `dates_in(facts, block)` gives one block's dates with
the range ends as well (`BlockDates`).
"""


import calendar
import re
from bisect import bisect_right
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Optional, Union, cast

from reportlint import regex_cache
from ..input.source import Source, fold
from ..numerals import cn_to_int
from ..parse.model import Span
from .base import Fact, copy_with
from .quantities import clause_label
from .text import BlockIndex, BlockText, one_copy, span_of
from .vocabulary import Vocabulary, vocabulary
from ..parse.records import IdentityRecord

if TYPE_CHECKING:
    from .store import Facts

CN_YEAR_DIGITS = "〇零○Ｏ一二三四五六七八九"
CN_SMALL = "一二三四五六七八九十"

# A year as written: 2022 or 二〇二二 (the one year pattern of the dates and report facts).
YEAR = rf"(?:(?:19|20)\d{{2}}|[{CN_YEAR_DIGITS}]{{4}})"
_N = rf"(?:\d{{1,2}}|[{CN_SMALL}]{{1,3}})"  # a month or a day
_CONN = r"(?:至|到|[-—–~～])"

_POINT = regex_cache.compile(
    rf"(?P<iso>(?<![\d.])(?P<iy>(?:19|20)\d{{2}})(?P<sep>[-/.])(?P<im>\d{{1,2}})(?P=sep)(?P<id>\d{{1,2}})(?![\d%]|\.\d))"
    rf"|(?P<yrange>(?<![\d.])(?P<ya>{YEAR})\s*(?P<yconn>{_CONN})\s*(?P<yb>{YEAR})\s*年(?P<yfy>度)?)"
    rf"|(?P<cjk>(?:(?<![\d.])(?P<y>{YEAR})\s*年\s*)?(?<![\d.])(?P<m>{_N}|元)\s*月(?:\s*(?P<d>{_N})\s*[日号])?)"
    rf"|(?P<yr>(?<![\d.])(?P<yy>{YEAR})\s*年(?P<fy>度)?)"
)
# the day of a range's start written without 日: 2022年4月8至18日
_BARE_DAY = regex_cache.compile(rf"\s*(?P<d>{_N})(?=\s*{_CONN}\s*(?:{YEAR}\s*年\s*)?(?:{_N}\s*月\s*)?{_N}\s*[日号])")
# the months of a year written with one 月: 2022年1-9月 (the part of the year a report covers), not
# the start of a day (2022年1-9月30日)
_MONTH_SPAN = regex_cache.compile(rf"\s*(?P<m>\d{{1,2}})\s*(?P<conn>{_CONN})\s*(?P<m2>\d{{1,2}})\s*月(?!\s*{_N}\s*[日号])")
# (a start may say 起 before the connector: 2016年1月起至2016年12月止)
_TAIL = regex_cache.compile(
    rf"\s*(?:起\s*)?(?P<conn>{_CONN})\s*(?:(?P<y>{YEAR})\s*年\s*)?(?:(?P<m>{_N})\s*月\s*)?(?:(?P<d>{_N})\s*[日号])?")

DATE_CHARS = regex_cache.compile(r"[0-9年月号〔﹝]")  # a block without any of these holds no date
# 年, 月 or 2022-05 (`[年月]|(19|20)\d\d[-/.]\d`): every point holds one (the only points
# without 年 or 月 are 2022-05-18 and its kin, and their first separator follows a year).
# Found by the 年, 月 or separator, a character class the regex engine skips to (a report has
# far fewer of them than digits); a decimal point (3132.88, 12.5%) is no anchor, so a cell of
# figures gets no reader. `_point_matches` turns these into the anchors that pattern would
# find, left to right.
_ANCHOR = regex_cache.compile(r"[年月\-/.](?:(?<=[年月])|(?<=(?:19|20)\d\d[-/.])(?=\d))")
_REACH = 16  # the farthest a point's anchor lies from its start (二〇二一 至 二〇三五年)
# Where a point may start: every alternative of _POINT opens with `(?<![\d.])` and one of these
# characters (the lookbehind is checked after the character, so the engine skips to them; 元
# opens 元月).
_START_CHARS = rf"[\d{CN_YEAR_DIGITS}{CN_SMALL}元]"
_START = regex_cache.compile(rf"{_START_CHARS}(?<![\d.]{_START_CHARS})")
_BRACKET_OPEN = "〔﹝[［【(（"  # (﹝﹞, the small form of 〔〕, as many documents print it)
_BRACKET_CLOSE = "〕﹞]］】)）"
# A number is found from its bracket on, and its issuer's code read back from the bracket in
# code (`_issuer_start`): a pattern that opens with the code is tried at every character of text.
_DOCNO = regex_cache.compile(
    rf"(?P<open>[{re.escape(_BRACKET_OPEN)}])\s*"
    rf"(?P<body>[\u4e00-\u9fff]{{0,3}}(?:19|20)\d{{2}})\s*(?P<close>[{re.escape(_BRACKET_CLOSE)}])\s*"
    rf"(?P<serial>\d{{1,4}})\s*号")
_DOCNO_OPEN = regex_cache.compile(rf"[{re.escape(_BRACKET_OPEN)}]")  # (_DOCNO_FUSED's brackets are among these)
# 〔20241号: the closing bracket lost, year and serial run together
_DOCNO_FUSED = regex_cache.compile(r"(?P<open>[〔﹝［【\[])\s*(?P<year>(?:19|20)\d{2})(?P<serial>\d{1,4})\s*号")
FUSED_NUMBER = "缺少右括号，年份与序号连在一起"  # the problem of 〔20241号 (DAT008 tells it from the others)
_ISSUER_MARKS = frozenset("（(《“\"‘'：:，,、 ")  # what a long issuer's code may follow
ISSUER_RUN, LONG_ISSUER = 6, 10


def _issuer_start(view: str, at: int, floor: int) -> int:
    """Where the issuer's code before the bracket at `at` starts (湛财绩〔…), never before `floor`
    (the end of the number found before it).

    Up to ISSUER_RUN characters of running text (要求湛财绩〔…: 求湛财绩 is quoted, which still
    fixes the number where it stands), or the whole of a longer code, up to LONG_ISSUER, that
    follows a bracket, quote or mark (（双桥经开财务发〔…: quoted whole, not cut to its last six).
    """
    start = at
    lowest = max(floor, at - LONG_ISSUER - 1)
    while start > lowest and "\u4e00" <= view[start - 1] <= "\u9fff":
        start -= 1
    run = at - start
    if ISSUER_RUN < run <= LONG_ISSUER and start > 0 and view[start - 1] in _ISSUER_MARKS:
        return start
    return at - min(run, ISSUER_RUN)


Mood = str  # done | planned | deadline
_LABEL_STARTS = (" ", "\t", "《", "〈", "“")  # a date's label starts after the last of these


@lru_cache(maxsize=2048)
def number_of(text: Optional[str]) -> Optional[int]:
    """A year, month or day as written (18, 十八, 二〇二二) as an int (cached: they recur)."""
    if not text:
        return None
    text = text.strip()
    return int(text) if text.isdigit() else cn_to_int(text)


def year_of(text: Optional[str]) -> Optional[int]:
    """A written year (2021, 二〇二一) when it is a plausible one (1900-2100)."""
    value = number_of(text)
    return value if value is not None and 1900 <= value <= 2100 else None


def _is_cn(text: Optional[str]) -> bool:
    return bool(text) and not (text or "").strip().isdigit()


class DateMention(Fact):
    """A date as written: a day, a month or a year, at `block.text[start:end]`.

    `year_stated` is False when the year was taken from earlier in the same block (or
    filled in by a rule from the report's context with `with_year`); `year_from_fiscal` says
    that year was lent by a fiscal year (为做好2021年度绩效自评，我局于3月10日成立…: the year
    evaluated, not surely the year of the date).
    """

    kind: ClassVar[str] = "date"

    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    year_stated: bool = True
    fiscal: bool = False  # 2021年度
    form: str = "cjk"  # cjk | iso | cn (Chinese numerals) | year
    mood: Mood = "done"  # done | planned | deadline
    in_range: bool = False  # one end of a DateRange
    year_from_fiscal: bool = False  # the year was lent by a fiscal year (2021年度) earlier in the block

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

    def with_year(self, year: Optional[int], from_fiscal: bool = False) -> "DateMention":
        """The same mention with a year taken from context (when it has none); `from_fiscal`: that
        year was a fiscal year's (2021年度), one copy for both."""
        if self.year is not None or year is None:
            return self
        return copy_with(self, {"year": year, "year_stated": False, "year_from_fiscal": from_fiscal})

    def first_day(self) -> Optional[date]:
        """The earliest day the mention can mean (None without a year or when impossible)."""
        if self.year is None or not self.valid:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> Optional[date]:
        """The latest day the mention can mean (None without a year or when impossible)."""
        if self.year is None or not self.valid:
            return None
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    @property
    def shown(self) -> str:
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

    @property
    def iso(self) -> str:
        """2022-05-18, 2022-05, 2022; without a year --05-18 (ISO 8601's reduced forms)."""
        year = f"{self.year:04d}" if self.year is not None else "-"
        parts = [year]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.year, value=self.iso, qualifier=self.mood)
        return row


class DateRange(Fact):
    """Two dates joined by 至 / 到 / - : `first` .. `last`, at `block.text[start:end]`."""

    kind: ClassVar[str] = "date_range"

    first: DateMention
    last: DateMention
    last_year_written: bool = True  # False for 4月19日至5月15日's end, whose year comes from the start
    mood: Mood = "done"

    @property
    def year(self) -> Optional[int]:
        return self.first.year

    @property
    def shown(self) -> str:
        return f"{self.first.shown}至{self.last.shown}"

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.first.year, value=f"{self.first.iso}/{self.last.iso}", qualifier=self.mood)
        return row


class DocumentNumber(Fact):
    """A document number with a year: 湛财绩〔2022〕3号. `problem` says how it is malformed."""

    kind: ClassVar[str] = "document_number"

    issuer: str  # 湛财绩
    year: int
    serial: int
    problem: Optional[str] = None
    suggestion: Optional[str] = None  # the number written correctly, when it is malformed

    @property
    def shown(self) -> str:
        """The number written correctly: 湛财绩〔2022〕3号 (财预〔2020〕10号 for 财〔预2020〕10号)."""
        return self.suggestion or f"{self.issuer}〔{self.year}〕{self.serial}号"

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.year, value=self.shown, qualifier="malformed" if self.problem else "")
        return row


DateFact = Union[DateMention, DateRange]


class BlockDates(IdentityRecord):
    """What one paragraph, heading, cell or field value says about dates (slotted: one per
    block that has any)."""

    __slots__ = ("item", "points", "ranges", "numbers")

    item: BlockText
    points: list[DateMention]  # every date, range ends included, in order
    ranges: list[DateRange]
    numbers: list[DocumentNumber]

    def __init__(self, item: BlockText,
                 points: Optional[list[DateMention]] = None,
                 ranges: Optional[list[DateRange]] = None,
                 numbers: Optional[list[DocumentNumber]] = None) -> None:
        self.item = item
        self.points = list() if points is None else points
        self.ranges = list() if ranges is None else ranges
        self.numbers = list() if numbers is None else numbers

    @property
    def block(self) -> Any:
        return self.item.block

    def dates(self) -> list[DateFact]:
        """The ranges and the dates outside them, in order (what `facts.dates` lists)."""
        return sorted([*self.ranges, *(p for p in self.points if not p.in_range)], key=_start)

    def dated(self) -> list[DateFact]:
        """The ranges and the day- or month-precision dates outside them, in order."""
        return [item for item in self.dates() if not (isinstance(item, DateMention) and item.precision == "year")]


def _start(item: Fact) -> int:
    return item.start


_MOOD_PATTERNS: dict[int, tuple[Vocabulary, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]]] = {}


def _alternation(words: list[str]) -> str:
    """A regex alternation of the words, longest first ((?!) for none: it never matches)."""
    return "|".join(re.escape(word) for word in sorted(words, key=lambda word: (-len(word), word)) if word) or "(?!)"


def _mood_patterns(vocab: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The plan words (anywhere in the sentence) and deadline words (beside the date), compiled."""
    cached = _MOOD_PATTERNS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    moods = vocab.moods
    planned = regex_cache.compile(_alternation(moods.planned))
    after = regex_cache.compile(r"\s*(?:" + _alternation(moods.deadline) + ")")
    before = regex_cache.compile("(?:" + _alternation(moods.deadline) + r")[于到至]?\s*$")
    if len(_MOOD_PATTERNS) > 8:
        _MOOD_PATTERNS.clear()
    _MOOD_PATTERNS[id(vocab)] = (vocab, (planned, after, before))
    return planned, after, before


class _Reader:
    """Reads one block's dates (the state of one pass: the block, its sentences, its moods)."""

    def __init__(self, item: BlockText, source: Optional[Source], vocab: Vocabulary):
        self.item = item
        self.source = source
        self.raw = item.text
        self.view = item.view
        self.planned, self.after, self.before = _mood_patterns(vocab)
        self.found = BlockDates(item)
        self.floor = 0  # where the last date ended: a label never reaches back past it
        self._plan_in: dict[int, bool] = {}  # sentence index → it holds a plan word

    def mood(self, start: int, end: int, index: Optional[int] = None) -> Mood:
        """planned (a plan word in the sentence), deadline (a deadline word beside it) or done.
        `index`: the sentence of `start`, when the caller knows it."""
        if index is None:
            index = self.item.sentence_index(start)
        planned = self._plan_in.get(index)
        if planned is None:
            left, right = self.item.sentence_bounds(start)
            planned = self._plan_in[index] = self.planned.search(self.view, left, max(right, end)) is not None
        if planned:
            return "planned"
        if self.after.match(self.view, end) or self.before.search(self.view, max(0, start - 8), start):
            return "deadline"
        return "done"

    def mention(self, start: int, end: int, year: Optional[int], month: Optional[int] = None,
                day: Optional[int] = None, *, year_stated: bool = True, fiscal: bool = False,
                form: str = "cjk", year_from_fiscal: bool = False) -> DateMention:
        item = self.item
        starts = item.sentence_starts
        sentence = bisect_right(starts, start) - 1  # item.sentence_index(start)
        floor = max(starts[sentence], min(self.floor, start))
        self.floor = end
        return DateMention.build(
            span=span_of(self.source, item.block, start, end), section=item.section,
            label=self.label(floor, start), text=one_copy(self.raw[start:end]), block=item.block,
            container=item.container, start=start, end=end, year=year, month=month, day=day,
            year_stated=year_stated, fiscal=fiscal, form=form, mood=self.mood(start, end, sentence),
            in_range=False, year_from_fiscal=year_from_fiscal)  # every field: construct's quick way

    def label(self, floor: int, start: int) -> str:
        """The words before a date in its clause (填报日期, 返京后于), from the last space or quote on."""
        view = self.view
        stop = floor + len(view[floor:start].rstrip())  # 填报日期： 2024年…: not the space before the date
        for mark in _LABEL_STARTS:
            floor = max(floor, view.rfind(mark, floor, stop) + 1)
        return clause_label(view, floor, start)

    def range(self, first: DateMention, last: DateMention, last_year_written: bool = True) -> DateRange:
        item = self.item
        start, end = first.start, last.end
        first.in_range = last.in_range = True
        found = DateRange.build(
            span=span_of(self.source, item.block, start, end), section=item.section, label=first.label,
            text=self.raw[start:end], block=item.block, container=item.container, start=start, end=end,
            first=first, last=last, last_year_written=last_year_written, mood=self.mood(start, end))
        self.found.ranges.append(found)
        return found

    def cjk(self, y: Optional[str], m: Optional[str], d: Optional[str], start: int, end: int) -> DateMention:
        year = number_of(y)
        form = "cn" if (_is_cn(y) or _is_cn(m) or _is_cn(d)) else "cjk"
        return self.mention(start, end, year, number_of(m), number_of(d), year_stated=year is not None, form=form)

    def read(self) -> BlockDates:
        view, found = self.view, self.found
        if not DATE_CHARS.search(view):  # cheap exit for dateless text
            return found
        last_year: Optional[int] = None
        fiscal_year = False  # last_year was written as a fiscal year (2021年度)
        pos = 0
        for match in _point_matches(view):
            if match.start() < pos:
                continue  # inside a range already read
            pos = match.end()
            kind = match.lastgroup  # the alternative that matched (iso, yrange, cjk, yr: each a group around it)
            if kind == "iso":
                mention = self.mention(match.start(), match.end(), int(match.group("iy")), int(match.group("im")),
                                       int(match.group("id")), form="iso")
                found.points.append(mention)
                last_year, fiscal_year = mention.year, False
                continue
            if kind == "yrange":
                ya, yb = number_of(match.group("ya")), number_of(match.group("yb"))
                if ya is not None and yb is not None and 1900 <= ya <= 2100 and 1900 <= yb <= 2100:
                    fiscal = bool(match.group("yfy"))
                    first = self.mention(match.start(), match.start("yconn"), ya, fiscal=fiscal,
                                         form="cn" if _is_cn(match.group("ya")) else "year")
                    last = self.mention(match.start("yb"), match.end(), yb, fiscal=fiscal,
                                        form="cn" if _is_cn(match.group("yb")) else "year")
                    found.points += [first, last]
                    self.range(first, last)
                    # a span of years (规划（2021-2035年）) names no year for the dates after it
                continue
            if kind == "yr":
                year = number_of(match.group("yy"))
                span = None if match.group("fy") else _MONTH_SPAN.match(view, match.end())
                if (span is not None and year is not None and 1900 <= year <= 2100
                        and 1 <= int(span.group("m")) < int(span.group("m2")) <= 12):
                    # 2022年1-9月: the months from the first to the last, one range
                    first = self.mention(match.start(), span.start("conn"), year, int(span.group("m")))
                    last = self.mention(span.start("m2"), span.end(), year, int(span.group("m2")))
                    found.points += [first, last]
                    self.range(first, last, last_year_written=False)
                    last_year, fiscal_year = year, False
                    pos = span.end()
                    continue
                if year is not None and 1900 <= year <= 2100:
                    found.points.append(self.mention(match.start(), match.end(), year, fiscal=bool(match.group("fy")),
                                                     form="cn" if _is_cn(match.group("yy")) else "year"))
                    last_year, fiscal_year = year, bool(match.group("fy"))
                continue
            # a 年/月/日 date, perhaps the start of a range
            y, m, d = match.group("y"), match.group("m"), match.group("d")
            if y is None and d is None and (_is_cn(m) or (number_of(m) or 0) > 12):
                continue  # 十月 alone, 13月 alone: too weak to be a date (元月 alone too)
            if m == "元":
                m = "一"  # 元月: January
            if y is not None and not 1900 <= (number_of(y) or 0) <= 2100:
                continue
            start, end = match.start(), match.end()
            if d is None:
                bare = _BARE_DAY.match(view, end)
                if bare:
                    d, end = bare.group("d"), bare.end()
            first = self.cjk(y, m, d, start, end)
            if first.year is None and last_year is not None:
                first = first.with_year(last_year, fiscal_year)
            found.points.append(first)
            if first.year_stated:
                last_year, fiscal_year = first.year, False
            tail = _TAIL.match(view, end)
            end_mention = self._range_end(first, tail) if tail else None
            if end_mention is not None and tail is not None:
                found.points.append(end_mention)
                self.range(first, end_mention, last_year_written=tail.group("y") is not None)
                if end_mention.year_stated:
                    last_year, fiscal_year = end_mention.year, False
                pos = end_mention.end
        self._document_numbers()
        return found

    def _range_end(self, first: DateMention, tail: re.Match[str]) -> Optional[DateMention]:
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
        year = number_of(y) if y else first.year
        month = number_of(m) if m else first.month
        stated = bool(y) or first.year_stated
        if y is None and not first.year_stated:
            stated = False
        return self.mention(start, tail.end(), year, month, number_of(d), year_stated=stated,
                            form="cn" if (_is_cn(y) or _is_cn(m) or _is_cn(d)) else "cjk",
                            year_from_fiscal=y is None and first.year_from_fiscal)

    def _document_numbers(self) -> None:
        view, found = self.view, self.found
        if "号" not in view or _DOCNO_OPEN.search(view) is None:  # both patterns need 号 and a bracket
            return
        floor = 0
        for match in _DOCNO.finditer(view):
            start = _issuer_start(view, match.start(), floor)
            floor = match.end()
            body = match.group("body")
            year, serial = int(body[-4:]), int(match.group("serial"))
            issuer = view[start:match.start()]
            prefix = body[:-4]
            problem = suggestion = None
            if prefix and match.group("open") in "（(" and match.group("close") not in "）)":
                # （皖财绩2023﹞297号）: the round bracket quotes the number, whose 〔 was lost
                start, issuer = match.start() + 1, prefix
                problem = "年份前缺少左括号“〔”"
                suggestion = f"{prefix}〔{year}〕{serial}号"
            elif prefix:
                problem = f"括号内应只写年份，“{prefix}”应写在括号前的机关代字中"
                suggestion = f"{issuer}{prefix}〔{year}〕{serial}号"
            found.numbers.append(self._number(start, match.end(), issuer, year, serial, problem, suggestion))
        floor = 0
        for match in _DOCNO_FUSED.finditer(view):
            start = _issuer_start(view, match.start(), floor)
            floor = match.end()
            if any(n.start <= match.start() < n.end for n in found.numbers):
                continue
            # the bracket never closes before 号: a close bracket between would have matched _DOCNO
            year, serial = int(match.group("year")), int(match.group("serial"))
            issuer = view[start:match.start()]
            found.numbers.append(self._number(start, match.end(), issuer, year, serial,
                                              FUSED_NUMBER, f"{issuer}〔{year}〕{serial}号"))
        found.numbers.sort(key=_start)

    def _number(self, start: int, end: int, issuer: str, year: int, serial: int, problem: Optional[str],
                suggestion: Optional[str]) -> DocumentNumber:
        item = self.item
        return DocumentNumber.build(
            span=span_of(self.source, item.block, start, end), section=item.section,
            label=clause_label(self.view, item.sentence_bounds(start)[0], start), text=self.raw[start:end],
            block=item.block, container=item.container, start=start, end=end, issuer=issuer, year=year,
            serial=serial, problem=problem, suggestion=suggestion)


def _point_matches(view: str) -> Iterator[re.Match[str]]:
    """`_POINT` matches, left to right, tried only near a 年, 月 or 2022-05 (speed).

    Every point contains such an anchor within `_REACH` characters of its start, so no
    match is lost; a match found past its anchor's window is left for its own anchor.
    Within a window `_POINT` is tried only where a point may start (`_START`): the first
    of those that matches is what `_POINT.search` over the window would find.

    The anchors are where `[年月]|(19|20)\\d\\d[-/.]\\d` matches, left to right, each after the last
    one's end: a 2022-05 anchor starts at the digit before its separator and takes three characters
    (found here, not by a generator of their own: a report has hundreds of them).
    """
    pos = 0
    anchored = 0  # where the last anchor ended
    for found in _ANCHOR.finditer(view):
        at = found.start()
        if view[at] in "年月":
            stop = at + 1
        else:
            at, stop = at - 1, at + 2
        if at < anchored:
            continue
        anchored = stop
        if at < pos:
            continue
        limit = at + 2 * _REACH
        start = _START.search(view, max(pos, at - _REACH), at + 1)
        while start is not None:
            match = _POINT.match(view, start.start(), limit)
            if match is not None:
                pos = match.end()
                yield match
                break
            start = _START.search(view, start.start() + 1, at + 1)


class TextBlock:
    """A piece of text read as a block of its own (a header field's value, the title, a test string)."""

    def __init__(self, text: str, span: Optional[Span] = None):
        self.text = text
        self.span = span if span is not None else Span(line=1, column=1, end_line=1, end_column=len(text) + 1)


def text_item(text: str, span: Optional[Span] = None) -> BlockText:
    """`text` as a BlockText outside the document (its offsets are offsets in `text`)."""
    # BlockText.block is typed Paragraph | Cell; a TextBlock has what it reads of one (text, span)
    return BlockText(block=cast(Any, TextBlock(text, span)), container=None, view=fold(text), section=())


def read_text_dates(text: str, span: Optional[Span] = None, source: Optional[Source] = None) -> BlockDates:
    """The dates of a piece of text (2022年5月18日, 填报日期 values …), as `read_block_dates` reads a block."""
    return read_block_dates(text_item(text, span), source)


def read_block_dates(item: BlockText, source: Optional[Source] = None,
                     vocab: Optional[Vocabulary] = None) -> BlockDates:
    """Every date, range and document number of one block (a paragraph, cell or field value)."""
    return _Reader(item, source, vocab or vocabulary()).read()


def block_dates(facts: "Facts") -> list[BlockDates]:
    """The dates of every block that has any, in document order (built once per document)."""
    def build() -> list[BlockDates]:
        out: list[BlockDates] = []
        for item in facts.blocks:
            view = item.view
            # every point holds an anchor and every document number a 号: a table cell of
            # plain figures (most cells) is passed over without a reader
            if "号" not in view and _ANCHOR.search(view) is None:
                continue
            found = _Reader(item, facts.source, facts.vocabulary).read()
            if found.points or found.numbers:
                out.append(found)
        return out
    return facts.memo("dates.blocks", build)


def dates_in(facts: "Facts", block: Any) -> Optional[BlockDates]:
    """One block's dates (None when it has none)."""
    index = facts.memo("dates.by_block", lambda: BlockIndex(block_dates(facts)))
    return index.get(block)


def extract_dates(facts: "Facts") -> list[DateFact]:
    """Every DateRange and every DateMention outside a range, in document order."""
    return [item for found in block_dates(facts) for item in found.dates()]


def extract_document_numbers(facts: "Facts") -> list[DocumentNumber]:
    """Every DocumentNumber (湛财绩〔2022〕3号, and the malformed ones), in document order."""
    return [number for found in block_dates(facts) for number in found.numbers]


def every_point(facts: "Facts") -> Iterator[DateMention]:
    """Every date the report writes, range ends included, in document order."""
    for found in block_dates(facts):
        yield from found.points
