"""DAT006 result-dated-wrong-year."""

from __future__ import annotations

from typing import Iterator

from reportlint import regex_cache
from reportlint.facts.dates import BlockDates, DateMention, block_dates
from reportlint.facts.quantities import Quantity
from reportlint.facts.store import Facts
from reportlint.parse.model import Paragraph
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

# what names a result figure between its year and its amount: 2023年决算支出1564.1万元
_RESULT_WORDS = regex_cache.compile(r"[^，。；,;：:\d]{0,8}?(?:决算|实际支出|实际收入|执行数)[^，。；,;\d]{0,8}?")
_RESULT_HINTS = ("决算", "实际", "执行数")
_ANY_HINT = regex_cache.compile("|".join(_RESULT_HINTS))  # one search instead of a substring test each
_PLAIN_NUMBER = regex_cache.compile(r"\d+(?:\.\d+)?")
# 本年 right after a year (2018年度本年收入合计: the mention's text ends at 年 or 年度), then what it names
_THIS_YEAR = regex_cache.compile(r"(?:度)?(?:的)?本年度?(?:[\u4e00-\u9fff]{1,8})")
_MONEY = ("万元", "亿元", "元")
_COMPARISON = regex_cache.compile(r"上年|去年|上一年|前一年|同比|较|比上|相比|对比|比较|增加|减少|增长|下降|增幅|降幅|"
                         r"变动|同期|以前年度|历年|分别")


class ResultDatedWrongYear(Rule):
    """A figure of the evaluated year's own results dated with another year.

    ## What it does
    In a paragraph that states the evaluated year's 决算 figures (2024年决算收入1557.15万元),
    flags another 决算 / 实际支出 figure dated with a different year in a sentence that
    does not present it as a comparison (上年, 较2022年, 同比, 增加 …). Table cells are
    left alone: a 2022年决算数 column is a legitimate comparison. A year written right
    before 本年 (`本部门2018年度本年收入合计…` in the 2019 report) is flagged too: 本年 is the
    year the report is about (again not in a sentence that compares years or names the
    evaluated one).

    ## Why is this bad?
    The evaluated year's results dated with another year (2023年决算支出 in the 2024
    report) are either a typing slip or last year's figure left in the text; either way
    the reader is misled.

    ## Example
    `2024年决算收入1557.15万元…；2023年决算支出1564.1万元，其中…` in the 2024 report →
    `评价年度为2024年，本段写有2024年决算收入1557.15万元，此处却是“2023年决算支出1564.1万元”`
    """

    code = "DAT006"
    name = "result-dated-wrong-year"
    title = "结果数据年份有误"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        year = facts.report.year
        if year is None:
            return
        for found in block_dates(facts):
            block = found.block
            if not isinstance(block, Paragraph):
                continue
            if "本年" in block.text:
                yield from self._this_year(context, found, year)
            if not _ANY_HINT.search(block.text):
                continue
            results = _results(facts, found)
            own = [result for result in results if result[0].year == year]
            if not own:
                continue
            text, view = block.text, found.item.view
            same = text[own[0][0].start:own[0][1].end]
            for mention, amount in results:
                if mention.year == year:
                    continue
                left, right = found.item.sentence_bounds(mention.start)
                sentence = view[left:right]
                if _COMPARISON.search(sentence) or str(year) in sentence:
                    continue
                what = view[mention.end:amount.start]
                yield context.finding(
                    self, f"评价年度为{year}年，本段写有“{same}”，"
                          f"此处却是“{text[mention.start:amount.end]}”：若是本年度数字，年份应为{year}年；"
                          f"若是与{mention.year}年的比较，请写明",
                    block=block, start=mention.start, end=amount.end,
                    evidence={"stated": str(mention.year), "computed": str(year), "figures": [amount.number],
                              "related": [{"line": block.span.line, "text": same}]},
                    suggestion=f"{year}年{what}{amount.number}{amount.unit}")


    def _this_year(self, context: CheckContext, found: BlockDates, year: int) -> Iterator[Finding]:
        """A year written right before 本年 (本部门2018年度本年收入合计…): 本年 is the year the report
        is about, so the year must be the evaluated one (unless the sentence compares years)."""
        view, text = found.item.view, found.block.text
        for mention in found.points:
            if mention.precision != "year" or mention.year is None or mention.year == year:
                continue
            after = _THIS_YEAR.match(view, mention.end)
            if after is None:
                continue
            left, right = found.item.sentence_bounds(mention.start)
            sentence = view[left:right]
            if _COMPARISON.search(sentence) or str(year) in sentence:
                continue
            shown = text[mention.start:after.end()]
            yield context.finding(
                self, f"评价年度为{year}年，“{shown}”中的“本年”即评价年度，年份却写作{mention.year}年："
                      f"年份应为{year}年，或删去“本年”",
                block=found.block, start=mention.start, end=after.end(),
                evidence={"stated": str(mention.year), "computed": str(year), "figures": [shown]},
                suggestion=f"{year}" + text[mention.start + 4:after.end()])


def _results(facts: Facts, found: BlockDates) -> list[tuple[DateMention, Quantity]]:
    """(year, amount) of each result figure: a year, the words of a result, then its money."""
    quantities = facts.quantities_in(found.block)
    view = found.item.view
    out: list[tuple[DateMention, Quantity]] = []
    index = 0
    for mention in found.points:
        if mention.precision != "year" or mention.year is None:
            continue
        while index < len(quantities) and quantities[index].start < mention.end:
            index += 1
        if index == len(quantities):
            break
        amount = quantities[index]
        if amount.unit in _MONEY and _PLAIN_NUMBER.fullmatch(amount.number) \
                and _RESULT_WORDS.fullmatch(view, mention.end, amount.start):
            out.append((mention, amount))
    return out
