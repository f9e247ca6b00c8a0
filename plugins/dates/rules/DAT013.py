"""DAT013 received-before-issued."""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint import regex_cache
from reportlint.facts.dates import BlockDates, DateMention, DocumentNumber, block_dates
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

_RECEIVED = regex_cache.compile(r"收到|接到|收悉")
# between the date and 收到: who received it, nothing else (2023年5月20日，我省收到); no act of
# issuing (2022年6月14日印发…), no other document or date
_RECEIVER = regex_cache.compile(r"[，,]?[\u4e00-\u9fff]{0,10}")
_ISSUING = regex_cache.compile(r"印发|下发|下达|发布|出台|签发|制定|发文|批复")
# between 收到 and the number: the issuer's words or the document's one title, then its bracket
# (收到《关于下达2023年…的通知》（财建〔2023〕88号）, 收到财政部财建〔2023〕88号文件)
_TO_NUMBER = regex_cache.compile(r"(?P<pre>[\u4e00-\u9fff]{0,12})(?:(?P<title>《[^《》]{1,100}》)[（(]|[（(]?)")
# words after 收到 that make the number another thing's than the document received (收到资金后根据…)
_NOT_THE_DOCUMENT = regex_cache.compile(r"后|据|照|依|资金|款|并|及|和|与|、")
# a document then when it was received: 《…》（财建〔2023〕88号）于2013年5月20日收悉
_NUMBER_TO_DATE = regex_cache.compile(r"[）)][，,]?(?:[\u4e00-\u9fff]{0,4}?于)?")
_DATE_TO_VERB = regex_cache.compile(r"(?:已|正式)?")


class ReceivedBeforeIssued(Rule):
    """A document received on a date before the year of its own document number.

    ## What it does
    Flags a date of receipt (收到, 接到, 收悉) that is earlier than the year in the 〔〕 of the
    document received: the date, the verb and the document's number in one clause, the number
    the received document's own — right after 收到 and at most its title
    (`2013年5月20日，我省收到《…》（财建〔2023〕88号）`), or right before `于…收悉` after its title.
    A document issued in 2023 cannot have been received in 2013: one of the two years is a typo,
    most often the date's.

    Left alone: a date that is the document's own issue date (`收到财政部2013年5月20日印发的…`),
    a date with an act of issuing between it and 收到, a number of another document in the same
    sentence, a year-less date or one whose year is taken from earlier in the paragraph, and
    documents named by their title only (a `关于提前下达2023年…` notice is issued the year before).

    ## Why is this bad?
    A receipt dated years before the document existed is plainly wrong to any reader, and
    casts doubt on the timeline of how the money was allotted.

    ## Example
    `2013年5月20日，我省收到《财政部关于下达2023年服务业发展资金预算的通知》（财建〔2023〕88号）` →
    `2013年5月20日收到的文件文号为财建〔2023〕88号（2023年印发），收到日期早于印发年份`

    ## Options
    None.
    """

    code = "DAT013"
    name = "received-before-issued"
    title = "收文日期早于发文年份"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for found in block_dates(context.facts):
            if not found.numbers or not found.points:
                continue
            view = found.item.view
            if "收" not in view and "接到" not in view:  # cheapest test first
                continue
            for verb in _RECEIVED.finditer(view):
                if verb.start() and view[verb.start() - 1] == "验":
                    continue  # 验收到位: an inspection, not a receipt
                pair = _before(found, verb.start(), verb.end()) or _after(found, verb.start())
                if pair is None:
                    continue
                mention, number, shown = pair
                if mention.year is None or mention.year >= number.year:
                    continue
                yield context.finding(
                    self, f"{mention.shown}收到的文件文号为{shown}（{number.year}年印发），"
                          f"收到日期早于印发年份",
                    block=found.block, start=mention.start, end=mention.end,
                    evidence={"stated": mention.shown, "computed": str(number.year),
                              "related": [{"line": number.line, "text": shown}]})


def _bracket(view: str, number: DocumentNumber) -> int:
    """Where the number's year bracket stands (after its issuer)."""
    return max(number.start, view.find(str(number.year), number.start, number.end) - 1)


def _dated(mention: DateMention) -> bool:
    """A day or a month whose year is written, not one end of a range."""
    return mention.year_stated and mention.year is not None and not mention.in_range \
        and mention.precision != "year"


def _sentence(found: BlockDates, start: int, end: int) -> bool:
    """Whether [start, end) lies in one sentence of the block."""
    left, right = found.item.sentence_bounds(start)
    return left <= end <= right


def _before(found: BlockDates, verb: int, verb_end: int) -> Optional[tuple[DateMention, DocumentNumber, str]]:
    """The date right before 收到 (only the receiver between) and the number of what was received."""
    view = found.item.view
    mention = next((point for point in reversed(found.points) if point.end <= verb), None)
    if mention is None or not _dated(mention) or not _sentence(found, mention.start, verb):
        return None
    gap = view[mention.end:verb]
    if _RECEIVER.fullmatch(gap) is None or _ISSUING.search(gap):
        return None
    number = next((number for number in found.numbers if number.end > verb_end), None)
    if number is None or number.problem is not None or not _sentence(found, verb, number.end):
        return None
    if number.start < verb_end:  # 我局收到农财〔2022〕41号: the issuer read with the words before it
        bracket = _bracket(view, number)
        if number.start > verb or bracket < verb_end or _NOT_THE_DOCUMENT.search(view, verb_end, bracket) \
                or "的" in view[verb_end:bracket]:
            return None
        return mention, number, number.shown[verb_end - number.start:]
    if any(verb_end <= point.start < number.start for point in found.points if point.precision != "year"):
        return None  # a date between 收到 and the number: the document's own date
    words = _TO_NUMBER.fullmatch(view, verb_end, number.start)
    if words is None:
        return None
    said = words.group("pre") + view[number.start:_bracket(view, number)]  # with the issuer
    if _NOT_THE_DOCUMENT.search(said) or (words.group("title") is None and "的" in said):
        return None
    return mention, number, number.shown


def _after(found: BlockDates, verb: int) -> Optional[tuple[DateMention, DocumentNumber, str]]:
    """《…》（number）于 a date 收悉: the date right before the verb, the number right before the date."""
    view = found.item.view
    mention = next((point for point in reversed(found.points) if point.end <= verb), None)
    if mention is None or not _dated(mention) or _DATE_TO_VERB.fullmatch(view, mention.end, verb) is None:
        return None
    number = next((number for number in reversed(found.numbers) if number.end <= mention.start), None)
    if number is None or number.problem is not None or not _sentence(found, number.start, verb):
        return None
    if _NUMBER_TO_DATE.fullmatch(view, number.end, mention.start) is None:
        return None
    opening = view.rfind("（", 0, number.start), view.rfind("(", 0, number.start)
    at = max(opening)
    if at < 1 or view[at - 1] != "》" or view[at + 1:number.start].strip():
        return None  # the number in brackets right after the received document's title
    return mention, number, number.shown
