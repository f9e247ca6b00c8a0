"""DAT014 repeated-sentence-year-differs: a sentence written twice, the second time with an earlier year."""

from __future__ import annotations

from typing import Iterator, NamedTuple, Optional

from reportlint.facts.dates import BlockDates, DateMention, block_dates
from reportlint.facts.store import Facts
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

# A sentence so long, with so many figures, is not written twice by chance: shorter ones
# (2023年预算执行率100%) may well be true of two years.
_MIN_CHARS = 24
_MIN_FIGURES = 2
_YEAR_MARK = "\x00"  # stands for each year in the sentence's key
_MAX_DATINGS = 12  # more ways of dating one sentence than this is a table of years, not a slip


class _Written(NamedTuple):
    """One sentence that names years: where it is and the years in it, in order."""

    found: BlockDates
    start: int  # of the sentence, in the block's view
    years: tuple[DateMention, ...]


class RepeatedSentenceYearDiffers(Rule):
    """A sentence written twice, word for word and figure for figure, once with the evaluated year and once with an earlier one.

    ## What it does
    Compares the report's sentences with their years left out (spaces too). When two
    sentences are the same but for their years, and where they differ one names the
    evaluated year and the other an earlier year, the earlier year is reported. Only
    sentences of at least 24 characters with at least two figures are compared: a short
    one (2023年预算执行率100%) may well be true of two years, a long one with the same
    figures is the same statement. A later year is left alone (a plan for next year may
    repeat this year's target), and so are sentences whose years differ where neither
    is the evaluated year.

    ## Why is this bad?
    It is the mark of a report written over last year's: the sentence was updated in one
    place (the text, the 自评表) and left with last year's date in the other, so the two
    places date the same results differently.

    ## Example
    In the 2023 report, line 11 `2022年度我校教育专项经费财政资金总额16.20万元，拨付使用16.20万元，预算执行率100%`
    and line 31 the same with `2023年度` →
    `此句与第31行的句子除年份外完全相同，那里是评价年度2023年，这里却写作2022年：年份应为2023年`

    ## Options
    None.
    """

    code = "DAT014"
    name = "repeated-sentence-year-differs"
    title = "重复语句年份不一致"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        year = facts.report.year
        if year is None:
            return
        for group in _repeated(facts):
            # one sentence per way of dating it: a sentence repeated a thousand times with the
            # same years is compared once, not a thousand times over
            by_years: dict[tuple[Optional[int], ...], list[_Written]] = {}
            for written in group:
                by_years.setdefault(tuple(m.year for m in written.years), []).append(written)
            if len(by_years) < 2 or len(by_years) > _MAX_DATINGS:
                continue
            for years, others in by_years.items():
                found = next(((candidates[0], where) for candidate_years, candidates in by_years.items()
                              if candidate_years != years
                              and (where := _earlier_where_evaluated(candidate_years, years, year))), None)
                if found is None or _figures(facts, others[0]) < _MIN_FIGURES:
                    continue  # (the sentences are the same but for their years: so are their figures)
                right, where = found
                for other in others:
                    yield self._finding(context, other, right, [other.years[i] for i in where], year)

    def _finding(self, context: CheckContext, other: _Written, right: _Written,
                 differing: list[DateMention], year: int) -> Finding:
        first = differing[0]
        block, text = other.found.block, other.found.block.text
        line = context.span_in(right.found.block, right.start).line
        stated = "、".join(f"{m.year}年" for m in differing)
        return context.finding(
            self, f"此句与第{line}行的句子除年份外完全相同，那里是评价年度{year}年，"
                  f"这里却写作{stated}：若说的是同一件事，年份应为{year}年",
            block=block, start=first.start, end=first.end,
            evidence={"stated": str(first.year), "computed": str(year),
                      "related": [{"line": line, "text": right.found.block.text[right.start:right.start + 60]}]},
            suggestion=str(year) + text[first.start + 4:first.end])


def _earlier_where_evaluated(right: tuple[Optional[int], ...], other: tuple[Optional[int], ...],
                             year: int) -> list[int]:
    """The positions where `other`'s year is earlier than `year` and `right`'s is `year`; []
    unless the two datings differ only there."""
    differing: list[int] = []
    for index, (mine, theirs) in enumerate(zip(right, other)):
        if mine == theirs:
            continue
        if mine != year or theirs is None or theirs >= year:
            return []
        differing.append(index)
    return differing


def _figures(facts: Facts, written: _Written) -> int:
    """How many figures the sentence states."""
    item = written.found.item
    _, end = item.sentence_bounds(written.start)
    return sum(1 for q in facts.quantities_in(written.found.block) if written.start <= q.start < end)


def _repeated(facts: Facts) -> Iterator[list[_Written]]:
    """The sentences written more than once but for their years, in groups. Sentences are
    first told apart by their length and number of years (cheap), and their text compared only
    within a bucket of several."""
    buckets: dict[tuple[int, int], list[tuple[_Written, int]]] = {}
    for written, end in _sentences(facts):
        buckets.setdefault((end - written.start, len(written.years)), []).append((written, end))
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        by_key: dict[str, list[_Written]] = {}
        for written, end in bucket:
            by_key.setdefault(_key(written, end), []).append(written)
        for group in by_key.values():
            if len(group) > 1:
                yield group


def _key(written: _Written, end: int) -> str:
    """The sentence without its years and spaces."""
    view = written.found.item.view
    pieces, at = [], written.start
    for mention in written.years:
        pieces.append(view[at:mention.start])
        at = mention.start + 4
    pieces.append(view[at:end])
    return _YEAR_MARK.join(pieces).replace(" ", "").replace("\u3000", "")


def _sentences(facts: Facts) -> Iterator[tuple[_Written, int]]:
    """Each long sentence with years written in digits, with the offset where it ends."""
    for found in block_dates(facts):
        mentions = [m for m in found.points if m.year is not None and m.year_stated]
        if not mentions:
            continue
        item = found.item
        view = item.view
        if len(view) < _MIN_CHARS:
            continue
        index = 0
        while index < len(mentions):
            left, right = item.sentence_bounds(mentions[index].start)
            years: list[DateMention] = []
            while index < len(mentions) and mentions[index].start < right:
                mention = mentions[index]
                if view[mention.start:mention.start + 4] == str(mention.year):
                    years.append(mention)
                index += 1
            if years and right - left >= _MIN_CHARS:
                yield _Written(found, left, tuple(years)), right
