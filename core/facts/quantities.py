"""Quantities: the amounts, rates, counts and scores a report states, with what names them.

A quantity is a number with a unit (元 万元 亿元 % 分 人 个 件 项 次 …, see the `units` of
data/vocabulary.toml) in prose, or a number alone in a table cell (unit allowed). Each keeps
its written precision (a figure with d decimals is the interval ±½·10⁻ᵈ), its place (span,
block offsets, section path, sentence), the label that names it in its clause
(`收入预算数为3132.88万元` → 收入预算数), the budget-cycle qualifier the label carries
(年初预算 / 全年预算 / 调整后预算 / 决算 / 执行数 / 结余 …), whether that is the budget or
the actual side, and the year its sentence speaks of.
"""


import re
from bisect import bisect_right
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, ClassVar, Optional

from reportlint import regex_cache
from ..numbers import Interval, decimals_of, parse_decimal
from .base import Fact, construct, kept_property
from .text import BlockText, clean_cell, one_copy, span_of
from .vocabulary import Vocabulary, vocabulary

_CLAUSE_BREAK = "，,。；;：:、（()）\n"
# The last clause break (closing brackets among them) before a point (the search's end): one scan in C
# where walking back character by character took a loop turn per character of the label.
_LAST_STOP = regex_cache.compile(f"[{re.escape(_CLAUSE_BREAK)}][^{re.escape(_CLAUSE_BREAK)}]*\\Z")
# What a label may open with, each at most once and in this order: a list marker （1） / 2、,
# a year 2021年度, lead words 其中 / 我单位 (one pattern: one regex call for the three).
_LABEL_MARKER = r"(?:[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．](?!\d))"
# (2022年底在职…: 底 is the year's, not the label's; 2022年初预算数 keeps 年初, the opening budget's word)
_LABEL_YEAR = r"(?:(?:19|20)\d{2}\s*(?:(?=年初)|年(?:度|底|末)?))"
_LABEL_LEAD = r"(?:其中|我单位|本单位|本部门|我部门|我处|我办|共|全部)+"
_LABEL_OPENING = regex_cache.compile(rf"(?:{_LABEL_MARKER})?(?:{_LABEL_YEAR})?(?:{_LABEL_LEAD})?")
_QUOTES = regex_cache.compile(r"[“”\"'‘’《》\s\u3000]")
_FORMULA_CHARS = regex_cache.compile(r"[=*/+×÷]")
_LABEL_TAIL = regex_cache.compile(r"(?:为|是|达到|达|共计|合计|共|计|约|了|\s)+$")
_TAIL_ENDS = frozenset("为是到达计共约了")  # the last characters of _LABEL_TAIL's words (or a space)
_CJK = regex_cache.compile(r"[\u4e00-\u9fff]")
_BARE_LINK = regex_cache.compile(r"^\s*(?:为|是|达到|达)\s*$")
_HEAD_STATE = regex_cache.compile(r"(?:在职|在编|在岗|实有|现有|退休|离休|离退休)$")
_CELL_UNITS = ("万元", "亿元", "千元", "元", "%", "分")


class Quantity(Fact):
    """A stated number with its unit (base of Amount, Rate, Count, Score)."""

    kind: ClassVar[str] = "quantity"

    number: str  # as written (folded), without the unit: '3132.88'
    value: Decimal
    unit: str  # '' for a bare number in a table cell
    year: Optional[int] = None  # the year its sentence names before it
    qualifier: Optional[str] = None  # 年初预算 | 全年预算 | 调整后预算 | 追加 | 调减 | 决算 | 执行数 | 结余 | 预算
    basis: Optional[str] = None  # budget | actual (from the qualifier)
    sentence: int = 0  # index of the sentence inside the block
    in_cell: bool = False

    @property
    def decimals(self) -> int:
        return decimals_of(self.value)

    @property
    def family(self) -> str:
        """Units that add together: money (in 元), heads (人/名), % and the rest by name."""
        return unit_family(self.unit)

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    # `interval` and `in_yuan` are asked for again and again by the relations the rules check:
    # each is worked out once per quantity and kept in the instance (never exported). A
    # model_copy(update=…) keeps them too: update only what they do not depend on (the label).
    @kept_property
    def interval(self) -> Interval:
        """The values the figure stands for, in its own unit (a % as a fraction: 3.98% → 0.0398).

        A whole count of people or things (15人, 309件) is exact; amounts, rates and
        scores written with decimals stand for their rounding interval.
        """
        family = self.family
        if self.unit and family not in ("money", "%") and self.decimals == 0:
            return Interval.exact(self.value)
        stated = Interval.stated(self.value, self.decimals)
        if self.is_percent:
            return Interval(stated.low / 100, stated.high / 100)
        return stated

    @kept_property
    def in_yuan(self) -> Interval:
        """Money in 元 (so 万元 and 元 figures compare); other units unchanged."""
        factor = vocabulary().units.money.get(self.unit)
        stated = self.interval
        return stated if factor is None else Interval(stated.low * factor, stated.high * factor)

    @property
    def shown(self) -> str:
        """As a message writes it: the number and its unit (万元, %, 人)."""
        return self.number + self.unit

    @property
    def significant(self) -> bool:
        """Specific enough that meeting the same number elsewhere corroborates it (not '8', '0')."""
        return significant_number(self.number)

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.year, value=self.number, unit=self.unit, qualifier=self.qualifier or "")
        return row


class Amount(Quantity):
    """Money: 元 / 千元 / 万元 / 亿元."""

    kind: ClassVar[str] = "amount"


class Rate(Quantity):
    """A percentage."""

    kind: ClassVar[str] = "rate"


class Count(Quantity):
    """People or things counted: 人, 个, 件, 项, 次 …, and areas (平方米)."""

    kind: ClassVar[str] = "count"


class Score(Quantity):
    """Points: 分 (or a bare number in a scoring table's score or weight column)."""

    kind: ClassVar[str] = "score"


class Number(Quantity):
    """A bare number alone in a table cell, unit unknown (the table's headings say what it is)."""

    kind: ClassVar[str] = "number"


def unit_family(unit: str) -> str:
    vocab = vocabulary()
    cached = _FAMILIES.get(unit)  # asked for every part of every breakdown and by the rules
    if cached is not None and cached[0] is vocab:
        return cached[1]
    units = vocab.units
    found = "money" if unit in units.money else "heads" if unit in units.heads else unit
    if len(_FAMILIES) > 1000:
        _FAMILIES.clear()
    _FAMILIES[unit] = (vocab, found)
    return found


# unit → (the vocabulary it was read with, its family)
_FAMILIES: dict[str, tuple[Vocabulary, str]] = {}


def class_for(unit: str) -> type[Quantity]:
    vocab = vocabulary()
    cached = _CLASSES.get(unit)
    if cached is not None and cached[0] is vocab:
        return cached[1]
    found = _class_for(vocab, unit)
    if len(_CLASSES) > 1000:
        _CLASSES.clear()
    _CLASSES[unit] = (vocab, found)
    return found


# unit → (the vocabulary it was read with, its class): asked for every quantity
_CLASSES: dict[str, tuple[Vocabulary, type[Quantity]]] = {}


def _class_for(vocab: Vocabulary, unit: str) -> type[Quantity]:
    units = vocab.units
    if unit in units.money:
        return Amount
    if unit in units.rate:
        return Rate
    if unit in units.score:
        return Score
    if not unit:
        return Number
    return Count


def significant_number(number: str) -> bool:
    """'3132.88', '0.12', '309' are specific; '8', '10', '0' are not (they recur by chance)."""
    digits = len(number) - number.count(".") - number.count(",") - number.count("-")
    return digits >= 3 and ("." in number or any(ch not in "0-," for ch in number))


@lru_cache(maxsize=4)
def _patterns(vocab_id: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    units = "|".join(re.escape(unit) for unit in vocabulary().units.all())
    # A number and its unit. The pattern opens with the class [-\d] so the regex engine can
    # skip to candidate characters; the checks on what precedes come after it as lookbehinds:
    # a sign counts only after 为 是 ： = （ ， or a space, and a number may not continue a
    # word, a code or another number (A1, 第3, [2], 1.2.3), nor start after a digit and a
    # comma: the `0000万元` of `1,0000万元` (grouped by 万) is part of one number, and never
    # restarting inside a run of digits and commas keeps the scan linear (`1,000,000,…`).
    # The number is an atomic group: when no unit follows it (2021年, 第3条), giving back its
    # digits cannot let one match, since no unit opens with a digit, a comma, a point or a
    # space; without it the engine tries every unit after every shorter prefix of the number.
    atomic = not any(unit[:1].isdigit() or unit[:1] in ",." or unit[:1].isspace() for unit in vocabulary().units.all())
    number = r"\d*(?:,\d{3})*(?:\.\d+)?"
    figure = regex_cache.compile(
        r"([-\d](?:(?<=[为是：:=（(，, ]-)(?=\d)|(?<=\d)(?<![\d.A-Za-z\[【第]\d)(?<!\d,\d))"
        + (f"(?>{number})" if atomic else number) + rf")\s?({units})(?!(?<=分)钟)")  # 15分钟 is no score
    cell_units = "|".join(re.escape(unit) for unit in _CELL_UNITS)
    cell = regex_cache.compile(rf"^\s*([-+]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)\s*({cell_units})?\s*$")
    return figure, cell


@lru_cache(maxsize=4096)
def _decimal(number: str) -> Optional[Decimal]:
    """A matched number (folded); one with commas must group by thousands.

    Cached: the same figures recur within and across reports, and a Decimal is immutable,
    so the facts share one (less to parse, less to keep)."""
    if "," in number:
        return parse_decimal(number)
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


def block_quantities(item: BlockText, source: Any = None) -> list[Quantity]:
    """The quantities of one block of prose, each with its label, qualifier and year."""
    view = item.view
    if not view or not item.has_digits:
        return []
    vocab = vocabulary()
    figure_re, _ = _patterns(id(vocab))
    heads = vocab.units.heads
    out: list[Quantity] = []
    previous_end = 0
    starts: Optional[list[int]] = None
    for match in figure_re.finditer(view):
        number, unit = match.groups()
        value = _decimal(number)
        if value is None:
            continue
        if starts is None:
            starts = item.sentence_starts
        start, end = match.start(1), match.end()
        sentence = bisect_right(starts, start) - 1  # item.sentence_index(start)
        sentence_start = starts[sentence]
        label = clause_label(view, max(previous_end, sentence_start), start)
        if unit in heads and _HEAD_STATE.search(label):
            label += "人数"  # 年底在职15人 → 「年底在职人数」: name the count, not the state
        out.append(_make(item, source, vocab, start, end, number, value, unit, label,
                         item.year_before(start, sentence_start), sentence, False))
        previous_end = end
    return out


def cell_quantity(item: BlockText, source: Any = None) -> Optional[Quantity]:
    """A table cell that holds only a number (25.12, 100%, 34.50万元, 10分, 1,234.50)."""
    view = item.view
    if not view or len(view) > 60 or not item.has_digits:
        return None
    vocab = vocabulary()
    _, cell_re = _patterns(id(vocab))
    match = cell_re.match(view)
    if match is None:
        if "[bookmark:" not in view:
            return None
        cleaned = clean_cell(view)  # 72.34[bookmark: _GoBack]
        match = cell_re.match(cleaned)
        if match is None:
            return None
        offset = view.find(match.group(1))
        if offset < 0:
            return None
        number, unit = match.group(1), match.group(2) or ""
        start, end = offset, offset + len(number)
    else:
        number, unit = match.group(1), match.group(2) or ""
        start, end = match.start(1), match.end(2) if match.group(2) else match.end(1)
    value = _decimal(number.lstrip("+"))
    if value is None:
        return None
    return _make(item, source, vocab, start, end, number, value, unit, "", None, 0, in_cell=True)


def figure_alone(item: BlockText, source: Any, start: int, end: int) -> Optional[Quantity]:
    """The number `item.view[start:end]` holds alone, read as a table cell's (its unit a cell's:
    25.12, 100%, 34.50万元), for a reader whose cells are pieces of a paragraph (a table a web page
    exported one cell per line: `30 |`)."""
    vocab = vocabulary()
    _, cell_re = _patterns(id(vocab))
    match = cell_re.match(item.view[start:end])
    if match is None:
        return None
    number, unit = match.group(1), match.group(2) or ""
    value = _decimal(number.lstrip("+"))
    if value is None:
        return None
    first = start + match.start(1)
    return _make(item, source, vocab, first, first + len(number), number, value, unit, "", None,
                 item.sentence_index(first), in_cell=True)


def quantity_at(item: BlockText, source: Any, start: int, end: int, number: str, value: Decimal, unit: str,
                label: str, *, in_cell: bool, year: Optional[int] = None) -> Quantity:
    """A quantity at `item.text[start:end]` read by another kind's reader (a table's `label：value`
    cell), built like the ones this module reads: class from the unit, qualifier from the label."""
    return _make(item, source, vocabulary(), start, end, number, value, unit, label, year,
                 item.sentence_index(start), in_cell=in_cell)


def _make(item: BlockText, source: Any, vocab: Vocabulary, start: int, end: int, number: str,
          value: Decimal, unit: str, label: str, year: Optional[int], sentence: int,
          in_cell: bool) -> Quantity:
    qualifier = _qualifier(vocab, label) if label else None
    block = item.block
    text = block.text
    if start or end != len(text):
        text = one_copy(text[start:end])
    cached = _CLASSES.get(unit)  # class_for(unit), without asking for the vocabulary again
    cls = cached[1] if cached is not None and cached[0] is vocab else class_for(unit)
    # every field given (so `construct` fills in no default and shares the all-fields set)
    return construct(cls, {
        "span": span_of(source, block, start, end), "section": item.section, "label": label,
        "text": text, "block": block, "container": item.container, "start": start,
        "end": end, "number": one_copy(number), "value": value, "unit": one_copy(unit), "year": year, "qualifier": qualifier,
        "basis": vocab.basis.get(qualifier) if qualifier else None, "sentence": sentence, "in_cell": in_cell})


_QUALIFIERS: dict[tuple[int, str], Optional[str]] = {}


def _qualifier(vocab: Vocabulary, label: str) -> Optional[str]:
    """`vocab.qualifier_of(label)`, remembered (labels recur within and across reports)."""
    key = (id(vocab), label)
    if key in _QUALIFIERS:
        return _QUALIFIERS[key]
    if len(_QUALIFIERS) > 20000:
        _QUALIFIERS.clear()
    found = _QUALIFIERS[key] = vocab.qualifier_of(label)
    return found


def clause_label(view: str, floor: int, start: int) -> str:
    """The words that name a figure: from the clause start (or the previous figure) to the figure."""
    cut = _clause_start(view, floor, start)
    label = view[cut:start]
    if not label.strip() and cut > floor and view[cut - 1] in "：:":
        # 基本支出：194.30 — the name stands before the colon
        end = cut - 1
        label = view[_clause_start(view, floor, end):end]
    elif cut > floor and view[cut - 1] in "，," and _BARE_LINK.match(label):
        # 财政资金结转结余率，为6.62% — the clause says only 为: the name is the clause before
        end = cut - 1
        label = view[_clause_start(view, floor, end):end]
    return normalise_label(label)


def _clause_start(view: str, floor: int, end: int) -> int:
    """Walk back to the clause break, stepping over bracketed words (专项业务（工作）经费).

    From `end` back to `floor`: the first clause break met is where the clause starts (just
    after it); a closing bracket is stepped over to the last opening bracket before it (a
    closing bracket with none before it ends the walk, as a break does)."""
    cut = end
    while cut > floor:
        stop = _LAST_STOP.search(view, floor, cut)
        if stop is None:
            return floor
        at = stop.start()
        if view[at] in "）)":
            opening = max(view.rfind("（", floor, at), view.rfind("(", floor, at))
            if opening < 0:
                return at + 1
            cut = opening
            continue
        return at + 1
    return cut


@lru_cache(maxsize=8192)
def normalise_label(label: str) -> str:
    """A clause's words as a label: quotes, list markers, years, lead and link words removed
    ('' when nothing worded is left). Cached: the same clauses recur within and across reports."""
    label = _QUOTES.sub("", label.strip())
    opening = _LABEL_OPENING.match(label)
    if opening is not None and opening.end():
        label = label[opening.end():]
    if label and (label[-1] in _TAIL_ENDS or label[-1].isspace()):  # else _LABEL_TAIL cannot match
        label = _LABEL_TAIL.sub("", label)
    if _FORMULA_CHARS.search(label):
        return ""
    return label if _CJK.search(label) else ""
