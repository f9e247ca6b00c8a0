"""FRM011 text-table-mismatch: a figure the prose states differs from every value its table row gives for that year."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterator, Optional

from reportlint import regex_cache
from reportlint.facts import Facts, Quantity
from reportlint.facts.text import YEAR, clean_cell
from reportlint.input.source import fold
from reportlint.numbers import Interval
from reportlint.parse.model import Paragraph
from reportlint.pluginapi.rules import Rule

from .. import rates
from ..reading import blocks, cell_figure, tables
from .FRM005 import label_key
from reportlint.parse.records import Record

_NUMBERING = regex_cache.compile(r"^\s*(?:其中[：:]?|\d{1,2}[.．、]?|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、)\s*")
_CJK = regex_cache.compile(r"[\u4e00-\u9fff]")
_SCALES = (Decimal(1), Decimal(10000), Decimal("0.0001"))  # a table in 万元 and prose in 元, or the reverse


class Cell(Record):
    __slots__ = ("quantity", "heading", "year")

    quantity: Quantity
    heading: str
    year: int

    def __init__(self, quantity: Quantity, heading: str, year: int) -> None:
        self.quantity = quantity
        self.heading = heading
        self.year = year


def table_rows(facts: Facts) -> dict[str, list[tuple[str, list[Cell]]]]:
    """Label key → [(row label, its cells under a heading that names a year)], every non-scoring table."""
    # built on each call, not memoised: FRM011 alone reads it, and a memo would keep it for the
    # rest of the document's check
    index: dict[str, list[tuple[str, list[Cell]]]] = {}
    scoring = {id(table) for table in rates.scoring_tables(facts)}
    for _, table in tables(facts):
        if not any(YEAR.search(fold(c.text or "")) for r in table.rows[:12] for c in r.cells
                   if "年" in (c.text or "") and len(c.text or "") < 40) or id(table) in scoring:
            continue  # no heading names a year (cheap test first), or a scoring table (SCO's)
        headings: Optional[dict[int, tuple[str, int]]] = None
        for row in table.rows:
            if not any(cell_figure(facts, c) is not None for c in row.cells):
                texts = [c.text or "" for c in row.cells]
                if sum(1 for t in texts if _CJK.search(t)) >= 2:
                    years = {i: YEAR.search(fold(t)) for i, t in enumerate(texts)}
                    headings = {i: (clean_cell(texts[i]), int(m.group(1))) for i, m in years.items() if m}
                continue
            if not headings:
                continue  # no heading row above names a year
            figures = {i: cell_figure(facts, c) for i, c in enumerate(row.cells)}
            texts = [c.text or "" for c in row.cells]
            label_index = next((i for i, t in enumerate(texts) if _CJK.search(t)), None)
            if label_index is None:
                continue
            label = _NUMBERING.sub("", clean_cell(texts[label_index]))
            key = label_key(label)
            if key is None:
                continue
            cells = [Cell(f, headings[i][0], headings[i][1]) for i, f in figures.items()
                     if f is not None and i in headings and not f.is_percent]
            if cells:
                index.setdefault(key, []).append((label, cells))
    return index


class TextTableMismatch(Rule):
    """A figure stated in the prose differs from every value its table row gives for that year.

    ## What it does
    Reads the tables that are not scoring tables: under a heading row whose headings name a
    year (2022年决算数, 2023年预算数 …), each row's label (公用经费, 三公经费; numbering and
    其中 dropped) and its figures. A money figure of the prose with the same label (the
    comparable labels of FRM005) and a stated year is compared with every figure of that
    row under a heading of that year, whatever the heading's budget or actual word: it is
    reported only when it meets none of them (also read with 元 and 万元 swapped). The message
    lists the table's values with their headings and lines.

    ## Why is this bad?
    The text and the attached table state the same thing with two values: one of them was
    not updated.

    ## Example
    text `2023年公用经费26.00万元`; table row `公用经费 | 21.86 | 24.00 | 23.46` under
    `2022年决算数 | 2023年预算数 | 2023年决算数` → 26.00 is neither 24.00 nor 23.46.

    ## Options
    None.
    """

    code = "FRM011"
    name = "text-table-mismatch"
    title = "正文数据与表格不符"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        index = table_rows(facts)
        if not index:
            return
        for item in blocks(facts):
            if not isinstance(item.block, Paragraph):
                continue
            for figure in item.figures:
                if figure.family != "money" or figure.year is None:
                    continue
                key = _key(figure.label)
                if key is None or key not in index:
                    continue
                rows = index[key]
                same_year = [(label, [c for c in cells if c.year == figure.year]) for label, cells in rows]
                same_year = [(label, cells) for label, cells in same_year if cells]
                if not same_year:
                    continue
                if any(_meets(figure, c.quantity) for _, cells in same_year for c in cells):
                    continue
                values = "；".join(f"{c.heading} {c.quantity.number}（{context.where(c.quantity.line)}）"
                                   for _, cells in same_year for c in cells)
                message = (f"正文{figure.year}年「{figure.label}」为 {figure.shown}，而表中「{same_year[0][0]}」"
                           f"{figure.year}年的数值为 {values}，均不相符。")
                yield context.finding(
                    self, message, block=figure.block, start=figure.start, end=figure.end,
                    evidence={"stated": figure.shown,
                              "figures": [c.quantity.number for _, cells in same_year for c in cells],
                              "related": [{"line": c.quantity.line, "label": c.heading, "value": c.quantity.number}
                                          for _, cells in same_year for c in cells]})


@lru_cache(maxsize=4096)
def _key(label: str) -> Optional[str]:
    return label_key(label)


def _meets(figure: Quantity, cell: Quantity) -> bool:
    stated = figure.interval
    value = cell.interval
    return any(Interval(value.low * scale, value.high * scale).meets(stated) for scale in _SCALES)
