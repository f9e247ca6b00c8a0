"""Breakdowns: a total and the parts a report gives for it, with whether the list is complete.

Three shapes, one fact (`Breakdown.source`):

* `prose`: `年初预算293.53万元，其中人员支出197.19万元，公用经费24万元，…`, and the lists the
  other words of vocabulary.toml `[breakdowns] markers` open (分别为 具体为 即 包括 主要用于 …).
  The quantity right before the word (same clause, or ending the previous sentence) is the
  total; the quantities after it, to the end of the sentence, the next 其中, the bracket the
  其中 opened in or a run-in heading (二、 （三）), are its parts (those in brackets opened
  after 其中 belong to a part and are left out; across ；when the first part ends with ；;
  a count followed by a part of the total's family is part of its name: 8个社区工作经费12万元,
  and so are the counts opening two or more parts before their amounts: 优的项目40个，财政资金
  1620万元；良的项目8个，财政资金150万元). The list stops at a
  quantity of another unit family or a comparison (较上年增加68.35万元), and lists whose parts
  mix 收入 and 支出 are not breakdowns. Read item by item (between 、，；): a part whose figure
  follows a decrease word (森林抚育补助调减2.8万元) or a glued minus is taken away (`signs`);
  an item with no figure (公益林补偿资金 万元, 点击查看>>) or of unclear sign (收回资金2万元) is
  of unknown value (`unknown`), and the list cannot be added up. Parts may also come first,
  closed by their total (`…，乙县56.5万元，共计266.6万元`: `closing_breakdowns`, introduced_by
  共计 / 合计 / 总计, exhaustive).
* `rows`: in a table, a row with figures followed by numbered sub-rows (1. 2. 3., `4其他…`)
  at the same position is their sum, column by column (complete); 其中 rows (and the more
  indented rows after them) list selected items (partial).
* `stacked`: a column of `label：value` cells, a total (按支出性质分：303.36) and below it a
  其中 list (其中：基本支出：194.30 / 项目支出：106.06 / …).

Plain 为 (the `strict` markers of data/lists.toml) opens a list only right after the total,
nothing or a comma between, before two or more parts separated by 、，；以及
(`专项经费合计45.6万元，为：培训费12万元、印刷费8.6万元、差旅费25万元`): 执行率为95% and 主要为
are not lists. A last part named by a `remainder` word (剩余, 其余) is the rest of the total:
`共实施项目10个，其中3个已完工，剩余7个正在推进` names every part (exhaustive).

A list is partial (its parts may fall short of the total) when it says so with a word of
vocabulary.toml `[breakdowns] partial`: in the list, in the total's label or right after
the last part (`…公用经费24万元等`); in a stacked column, in a part's label. Empty table cells
(or ——) are parts of unknown value, kept by label in `unknown`; percentages and scores are
never summed. `NamedList` (kind `named_lists`): a count and the names listed after it, or
after 其余 / 剩余 once some of the count is given as parts (`项目10个，其中3个已完工，其余为A、B`).
"""


import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Optional

from reportlint import regex_cache
from ..numbers import Interval, parse_decimal, sum_intervals
from ..parse.model import Cell, Row, Table
from ..parse.records import FrozenRecord, Record
from ..parse.toml_files import load_toml
from ..parse.package_files import package_file
from .base import Fact, kept_property
from .quantities import Quantity, Rate, Score, quantity_at, unit_family
from .vocabulary import vocabulary
from ..input.source import fold
from .text import BOOKMARK, BlockText, clean_cell

if TYPE_CHECKING:
    from .store import Facts

Source = Literal["prose", "rows", "stacked"]


class ListWords(FrozenRecord):
    """The words of data/lists.toml: strict markers (为), what separates their parts, the
    bodies a strict list of names may count, the words that name the rest (其余), and the
    words that make a part a decrease (调减), the posts a list of leaders names (局长), and the
    kinds of 编制 a list of staff may count (行政编制)."""

    __slots__ = ("strict", "separators", "bodies", "remainder", "closers", "others", "decreases", "posts",
                 "establishments")

    strict: tuple[str, ...]
    separators: tuple[str, ...]
    bodies: tuple[str, ...]
    remainder: tuple[str, ...]
    closers: tuple[str, ...]
    others: tuple[str, ...]
    decreases: tuple[str, ...]
    posts: tuple[str, ...]
    establishments: tuple[str, ...]

    def __init__(self, strict: tuple[str, ...],
                 separators: tuple[str, ...],
                 bodies: tuple[str, ...],
                 remainder: tuple[str, ...],
                 closers: tuple[str, ...] = (),
                 others: tuple[str, ...] = (),
                 decreases: tuple[str, ...] = (),
                 posts: tuple[str, ...] = (),
                 establishments: tuple[str, ...] = ()) -> None:
        object.__setattr__(self, "strict", strict)
        object.__setattr__(self, "separators", separators)
        object.__setattr__(self, "bodies", bodies)
        object.__setattr__(self, "remainder", remainder)
        object.__setattr__(self, "closers", closers)
        object.__setattr__(self, "others", others)
        object.__setattr__(self, "decreases", decreases)
        object.__setattr__(self, "posts", posts)
        object.__setattr__(self, "establishments", establishments)


@lru_cache(maxsize=1)
def list_words() -> ListWords:
    data = load_toml(package_file("reportlint.facts", "data", "lists.toml").read_text(encoding="utf-8"))
    return ListWords(*(tuple(str(w) for w in data.get(key, [])) for key in ("strict", "separators", "bodies", "remainder", "closers", "others",
                                                                       "decreases", "posts", "establishments")))


def _posts_of_people(total: str, labels: list[str], establishments: tuple[str, ...]) -> bool:
    """Whether a count of people (工作人员73人) is listed by kinds of 编制 (行政编制25人、参公编制20人):
    those on no 编制 are no part of the list. A count of 编制 (核定编制73名) is made of its kinds."""
    return (bool(establishments) and not total.endswith(establishments)
            and all(label.endswith(establishments) for label in labels))


class Breakdown(Fact):
    """A total and its parts (`facts.breakdowns`)."""

    kind: ClassVar[str] = "breakdown"

    source: Source  # prose | rows | stacked
    total: Quantity
    parts: list[Quantity]
    part_labels: list[str] = []  # what names each part (its label, or its table row)
    unknown: list[str] = []  # labels of parts of unknown value: an empty table cell; in prose an item
    # with no figure (公益林补偿资金 万元) or a part whose sign the text leaves unclear (收回资金2万元)
    partial: bool = False  # the list names only some parts (等, 主要, 包括 …; 其中 rows)
    row_label: str = ""  # tables: the total's row (三公经费, 按支出性质分)
    column: str = ""  # tables: the heading over the total's column (2023年预算数), when there is one
    marker: int = -1  # prose: offset of 其中 in the block
    introduced_by: str = ""  # prose: the word that opens the list (其中, 分别为, 即 …)
    exhaustive: bool = False  # prose: the list says every part follows (分别为, 即; its parts are levels; 其余 …)
    rest_in_words: bool = False  # prose: after the last part the rest is named without a figure (，其余为…)
    signs: list[int] = []  # prose: -1 for a part the list takes away (调减2.8万元, 森林抚育-2.8万元), else 1 ([]: all add)
    # prose: the share of the total each part states after it (财政拨款5402.37万元，占99.82%), None for
    # a part that states none ((): no part does). A list is read only when its shares are of its
    # total: every share but at most one is its part over the total (docs/formulas.md)
    shares: tuple[Optional[Quantity], ...] = ()

    def sign_of(self, index: int) -> int:
        """-1 when the part at `index` is taken from the others (调减2.8万元), else 1."""
        return self.signs[index] if index < len(self.signs) else 1

    def signed_value(self, index: int) -> Interval:
        """The part at `index` as the list adds it: its value, negated for a decrease."""
        value = self.value_of(self.parts[index])
        return -value if self.sign_of(index) < 0 else value

    def terms(self, shown: Optional[list[str]] = None) -> str:
        """The parts as a sum: `4.5万元 − 2.8万元 + 1.5万元` (a decrease or a negative figure subtracted)."""
        out = ""
        for index, part in enumerate(self.parts):
            text = (shown[index] if shown is not None else part.shown).lstrip("-−－")
            negative = (self.sign_of(index) < 0) != (part.value < 0)
            out += ("−" if negative else "") + text if index == 0 else (" − " if negative else " + ") + text
        return out

    @property
    def complete(self) -> bool:
        return not self.partial

    def value_of(self, quantity: Quantity) -> Interval:
        """A quantity as the breakdown adds it: money in 元 in prose, the cell's own figure in tables."""
        return quantity.in_yuan if self.source == "prose" else quantity.interval

    # asked by exceeds() and falls_short() and again by the rules' messages: added up once per
    # breakdown and kept in the instance (never exported; a fact is not edited once read)
    @kept_property
    def sum(self) -> Interval:
        """The parts added up (in 元 for money in prose; in the table's own unit in tables)."""
        return sum_intervals([self.signed_value(index) for index in range(len(self.parts))])

    def exceeds(self) -> bool:
        """The parts add up to more than the total can be."""
        return bool(self.parts) and self.sum.low > self.value_of(self.total).high

    def falls_short(self) -> bool:
        """The parts add up to less than the total can be."""
        return bool(self.parts) and self.sum.high < self.value_of(self.total).low

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.total.year, value=self.total.number, unit=self.total.unit,
                   qualifier="partial" if self.partial else "complete",
                   text=self.terms())
        return row


def _breakdown(source: Source, total: Quantity, parts: list[Quantity], labels: list[str], partial: bool,
               *, unknown: Optional[list[str]] = None, row_label: str = "", column: str = "",
               marker: int = -1, **prose: Any) -> Breakdown:
    """A Breakdown (`prose`: a prose list's introduced_by, exhaustive, rest_in_words)."""
    return Breakdown.build(span=total.span, section=total.section, label=total.label or row_label, text=total.text,
                     block=total.block, container=total.container, start=total.start, end=total.end,
                     source=source, total=total, parts=parts, part_labels=labels, unknown=unknown or [],
                     partial=partial, row_label=row_label, column=column, marker=marker, **prose)


# -- prose -----------------------------------------------------------------------------
_TOTAL_GAP = regex_cache.compile(r"^[\s，,：:（(]*$")
_SENTENCE_GAP = regex_cache.compile(r"^\s*[。.]\s*$")
# The words that compare a figure with another (较上年, 同比, 增长): one list for the three patterns
# below, each of which adds or leaves out a few (a rate, a plain decrease)
_COMPARING = ("较", "比", "同比", "同口径", "上年", "去年", "增长", "下降")
_COMPARISON = regex_cache.compile("|".join(_COMPARING + ("增加", "减少", "率")))  # ends a list of parts
_STOP = "。；;\n"
_MAX_LIST = 500  # characters a list of parts may run (a longer one is left alone)
_SEPARATORS = "，,、；;"
# a run-in heading (二、 （三） (3)) after a boundary: a list never runs past it
_HEADING = regex_cache.compile(r"(?:[一二三四五六七八九十]{1,3}、|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)])")
_LIST_OPENING = regex_cache.compile(r"[\s：:]*")
_HEADING_BOUNDARY = "。；;，, \t\u3000"


@lru_cache(maxsize=8)
def _marker_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(set(markers), key=lambda word: (-len(word), word))
    return regex_cache.compile("|".join(re.escape(w) for w in words) if words else r"(?!)")


def prose_breakdowns(item: BlockText, quantities: list[Quantity], partial_words: list[str],
                     markers: tuple[str, ...] = ("其中",), exhaustive: tuple[str, ...] = (),
                     levels: tuple[str, ...] = (), words: Optional[ListWords] = None) -> list[Breakdown]:
    """Every list of parts of one block (after 其中, 分别为, 即 …) whose total and parts can be told apart."""
    view = item.view
    if len(quantities) < 2:
        return []
    words = words or list_words()
    found: list[Breakdown] = []
    taken: set[int] = set()  # a total is listed once (其中 … 分别为 … after the same figure)
    for match in _marker_pattern(markers).finditer(view):
        word = match.group()
        strict = word in words.strict
        if strict and not _right_after_a_figure(view, quantities, match.start()):
            continue  # 执行率为95%, 作为, 主要为: not a list opener (cheap test first)
        read = _prose_list(view, quantities, match.start(), match.end(), partial_words, words.remainder)
        if read is None or id(read[0]) in taken:
            continue
        if _semicolon_next(view, read[1][-1].end) and _falls_short(read):
            read = _across_semicolons(view, quantities, match, partial_words, words.remainder, read)
        total, parts, labels, partial, rest_in_words, signs, unknown, shares = read
        if strict and not _separated_parts(view, parts, words.separators):
            continue
        taken.add(id(total))
        # 包括, 主要用于: the word itself says only some parts follow; 局长1名、副局长2名: the
        # leaders among the staff, not its kinds; 工作人员73人，其中行政编制25人、事业编制26人: the
        # staff on a 编制, not the staff (编外, 临聘 are not listed)
        partial = (partial or any(partial_word in word for partial_word in partial_words)
                   or total.family == "heads" and (all(label.endswith(words.posts) for label in labels)
                                                   or _posts_of_people(total.label, labels, words.establishments)))
        names_every_part = not partial and (
            word in exhaustive or bool(levels) and all(label in levels for label in labels)
            or _names_the_rest(labels[-1], words.remainder))
        found.append(_breakdown("prose", total, parts, labels, partial, unknown=unknown, marker=match.start(),
                                introduced_by=word, exhaustive=names_every_part, rest_in_words=rest_in_words,
                                signs=signs if -1 in signs else [], shares=shares))
    if "（" in view or "(" in view:
        found.extend(_bracketed_lists(view, quantities, partial_words, words, taken))
    return found


# -- a total closing its parts: 分配甲区24.6万元，乙县56.5万元，…，共计266.6万元 ----------------
# what stands between the last part and the total (the closer right before the total's figure)
_CLOSER = regex_cache.compile(r"[，,、；;]\s*(?:共计|合计|总计|共)\s*[为是：:]?\s*")
CLOSING_WORDS = ("共计", "合计", "总计")
# a bare 共 closes the parts too, right before the total's figure (…、…30万元，共219万元); as a word
# of a label it is no total (公共卫生服务经费), so it is not one of CLOSING_WORDS
CLOSERS = CLOSING_WORDS + ("共",)
_BARE_CLOSER = regex_cache.compile(r"[，,、；;]\s*共\s*[为是：:]?\s*[0-9０-９]")
_CLOSING_WORD = regex_cache.compile("|".join(CLOSING_WORDS))  # (one search per block, not one per word)
# a part's lead (the words since the figure before it) that makes it no parallel part: a rate or a
# figure per head (每户, 人均), a comparison, an estimate, a list of its own (其中), a share
# (增 and 减 as a change: 增加, 增长, 减少 …; 增设发酵池 and 新增设备 name parts)
_NOT_A_PART = regex_cache.compile(r"每|均|其中|分别|包括|含|较|比|同比|增加|增长|增幅|增减|减少|减幅|减去|调减|核减|"
                                  r"率|占|约|不|超|达|累计|剩余|其余|余额|结余")
_LEAD_SEPARATOR = regex_cache.compile(r"[，,、；;]")
_MAX_LEAD = 16  # a part's name after its separator is a few words (甲区, 市本级专项资金)
# the first part's lead is the sentence's opening: a verb and whom it is for may come with its name
# (分配某市艺术剧院有限公司梨簧戏演出补助50万元，…，共计100万元)
_MAX_FIRST_LEAD = 32
_MAX_CLOSED_PARTS = 60  # a longer run before 共计 is no list a report writes (and the walk stays short)


def closing_breakdowns(item: BlockText, quantities: list[Quantity], partial_words: list[str],
                       taken: set[int]) -> list[Breakdown]:
    """Parts listed first and closed by their total (…，乙县56.5万元，共计266.6万元): the figures
    of one unit right before 共计 / 合计 / 总计, walked back while each is a parallel part (its
    name after a separator, a few words, none that makes it a rate, a comparison or a list of its
    own). The parts are every figure so read, unless the last few of them already make the
    total: then the list is those (项目投资500万元，本年投资100万元、200万元，合计300万元)."""
    view = item.view
    found: list[Breakdown] = []
    for index in range(2, len(quantities)):
        total = quantities[index]
        previous = quantities[index - 1]
        if total.is_percent or total.family not in ("money", "heads", "counts") or id(total) in taken:
            continue
        closer = _CLOSER.fullmatch(view, previous.end, total.start)
        if closer is None:
            continue
        parts: list[Quantity] = []
        first = index - 1
        # parts set apart by ；and closed after one (…；购置电锅炉一台6.75万元；共计40.83万元): the
        # list runs across the ；to the full stop before it
        opening = _clause_start(view, total.start) if closer.group()[0] in "；;" else None

        def in_list(quantity: Quantity) -> bool:
            """In the total's sentence, or (after a ；) in its full sentence."""
            return quantity.sentence == total.sentence or opening is not None and quantity.start >= opening

        while first >= 0 and len(parts) < _MAX_CLOSED_PARTS:
            part = quantities[first]
            if part.unit != total.unit or id(part) in taken or part.value < 0 or not in_list(part):
                break
            lead_start = quantities[first - 1].end if first else item.sentence_bounds(part.start)[0]
            if opening is not None:
                lead_start = max(lead_start, opening)
            lead = view[lead_start:part.start]
            separators = list(_LEAD_SEPARATOR.finditer(lead))
            name = lead[separators[-1].end():] if separators else lead
            if _NOT_A_PART.search(name) or len(name.strip()) > (_MAX_LEAD if separators else _MAX_FIRST_LEAD):
                break
            parts.insert(0, part)
            if not separators or first == 0 or not in_list(quantities[first - 1]):
                break  # the first part: nothing but its name before it in the sentence
            first -= 1
        if len(parts) < 2:
            continue
        value = total.in_yuan
        running = Interval.exact(0)
        for start in range(len(parts) - 1, -1, -1):  # the last few parts alone may make the total
            running = running + parts[start].in_yuan
            if running.meets(value):
                parts = parts[start:]
                break
        if len(parts) < 2:
            continue
        clause = view[parts[0].start:total.start]
        labels = [part.label for part in parts]
        partial = any(word in clause for word in partial_words)
        found.append(_breakdown("prose", total, parts, labels, partial, marker=closer.start(),
                                introduced_by=closer.group().strip("，,、；;：: 为是"), exhaustive=True))
        taken.update(id(part) for part in parts)
        taken.add(id(total))
    return found


def _clause_start(view: str, at: int) -> int:
    """Where the full sentence holding `at` starts: after the last 。 or line break before it
    (a ；does not end it)."""
    return max(view.rfind("。", 0, at), view.rfind("\n", 0, at)) + 1


# a bracket after a figure that holds something else than its parts: a comparison, a share,
# an estimate, or a word another reader takes (其中) or that makes one part of it (含, 包括)
_NOT_PARTS = ("其中", "含", "包括", "较", "比", "占", "约", "同比", "增", "减", "率", "不", "其余")
_MAX_BRACKET = 120


@lru_cache(maxsize=8)
def _bracket_after_figure(units: tuple[str, ...]) -> re.Pattern[str]:
    """A bracket right after a figure's digits or the last character of a unit of the
    vocabulary (…18人（, …50万元（): what _bracketed_lists may read."""
    ends = sorted({unit[-1] for unit in units if unit} | set("0123456789"))
    return regex_cache.compile("[" + "".join(re.escape(ch) for ch in ends) + "][（(]")


def _bracketed_lists(view: str, quantities: list[Quantity], partial_words: list[str], words: ListWords,
                     taken: set[int]) -> list[Breakdown]:
    """A figure followed right away by its parts in brackets, every figure in them a part of its
    family, separated like a list's (在职人员18人（公务员12人，机关工人2人，事业人员5人）). Read as
    a partial list: a bracket may name only some of the kinds (a shortfall says nothing), but parts
    over the total are wrong whatever else there is."""
    out: list[Breakdown] = []
    for total in quantities:
        end = total.end
        if end >= len(view) or view[end] not in "（(" or id(total) in taken or total.is_percent or total.in_cell:
            continue
        close = _closing_bracket(view, end)
        if close < 0 or any(word in view[end + 1:close] for word in _NOT_PARTS):
            continue
        read = _prose_list(view, quantities, end + 1, end + 1, partial_words, words.remainder)
        if read is None or read[0] is not total:
            continue
        parts = read[1]
        inside = [q for q in quantities if end < q.start < close]
        if (len(parts) < 2 or parts[-1].end > close or len(inside) != len(parts) or read[6]
                or not _separated_parts(view, parts, words.separators)):
            continue  # (another figure in the bracket: 18人（平均年龄45岁…）, or an item without a figure)
        taken.add(id(total))
        out.append(_breakdown("prose", total, parts, read[2], True, unknown=[], marker=end, introduced_by="（",
                              exhaustive=False, rest_in_words=read[4], signs=read[5] if -1 in read[5] else [],
                              shares=read[7]))
    return out


def _closing_bracket(view: str, opening: int) -> int:
    """Where the bracket opened at `opening` closes (its own close, nested ones skipped), or -1
    when it does not within _MAX_BRACKET characters or the sentence ends first."""
    depth = 0
    for index in range(opening, min(len(view), opening + _MAX_BRACKET)):
        ch = view[index]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth == 0:
                return index
        elif ch in "。\n":
            return -1
    return -1


# words after a ；that open a statement of its own (its own list), not more parts of this one
_NEW_STATEMENT = ("其中", "分别", "合计", "共计", "总计")


def _semicolon_next(view: str, position: int, stops: str = "。！？\n") -> bool:
    """A ；comes after `position` before any of `stops` (by default the sentence's end: where a
    list may have stopped), within 200 characters."""
    for ch in view[position:position + 200]:
        if ch in "；;":
            return True
        if ch in stops:
            return False
    return False


def _falls_short(read: tuple[Any, ...]) -> bool:
    """A list read in full (not partial, every part known and added) whose parts make less than its total."""
    total, parts, _, partial, _, signs, unknown, _ = read
    if partial or unknown or -1 in signs:
        return False
    return bool(sum_intervals([part.in_yuan for part in parts]).high < total.in_yuan.low)


def _across_semicolons(view: str, quantities: list[Quantity], match: "re.Match[str]", partial_words: list[str],
                       remainder: tuple[str, ...], read: tuple[Any, ...]) -> tuple[Any, ...]:
    """A list that falls short, read on across ；. A list whose first part is closed by ，stops
    at ；(what follows may be about something else), but one whose groups of parts are set off
    by ；(其中A工程监理费22万元，测绘费4.98万元；B工程监理费12.66万元，测绘费2.68万元) names more
    of its parts after it: read across them, its parts make the total, or still fall short (by
    less: the gap the report has). When they exceed it after the ；, the list is taken as
    partial (no shortfall is claimed on a reading the text does not settle)."""
    longer = _prose_list(view, quantities, match.start(), match.end(), partial_words, remainder, across=True)
    if longer is None or longer[0] is not read[0] or len(longer[1]) <= len(read[1]) or longer[3] or longer[6]:
        return read
    if -1 in longer[5]:
        return read
    more = longer[1][len(read[1]):]
    year = read[0].year
    if (any(word in view[read[1][-1].end:more[-1].end] for word in _NEW_STATEMENT)
            or year is not None and any(part.year not in (None, year) for part in more)):
        return read  # after the ；, another statement: 2023年决算支出1564.1万元，其中…
    added, total = sum_intervals([part.in_yuan for part in longer[1]]), read[0].in_yuan
    if added.low > total.high:  # short before the ；, over after it: which parts are the total's is unsure
        return (*read[:3], True, *read[4:])
    return longer  # it makes the total, or falls short by less: the gap the report has


def _right_after_a_figure(view: str, quantities: list[Quantity], marker: int) -> bool:
    """A figure ends right before `marker`, nothing or a comma between (合计45.6万元，为：…)."""
    index = _first_at(quantities, marker) - 1
    if index < 0:
        return False
    gap = view[quantities[index].end:marker].strip()
    return gap in ("", "，", ",")


def _separated_parts(view: str, parts: list[Quantity], separators: tuple[str, ...]) -> bool:
    """Two or more parts, each separated from the next by one of `separators` (、，；以及)."""
    return len(parts) >= 2 and all(any(s in view[a.end:b.start] for s in separators)
                                   for a, b in zip(parts, parts[1:]))


def _names_the_rest(label: str, remainder: tuple[str, ...]) -> bool:
    """The part's label opens with a word for the rest (剩余7个, 其余5个项目)."""
    return any(label.startswith(word) for word in remainder)


def names_the_rest(listing: Breakdown) -> bool:
    """A prose list whose last part is the rest of the total (剩余7个): it names every part."""
    return bool(listing.part_labels) and _names_the_rest(listing.part_labels[-1], list_words().remainder)


def _prose_list(view: str, quantities: list[Quantity], marker: int, after: int, partial_words: list[str],
                remainder: tuple[str, ...] = (), across: bool = False
                ) -> Optional[tuple[Quantity, list[Quantity], list[str], bool, bool, list[int], list[str],
                                    tuple[Optional[Quantity], ...]]]:
    """The list after the marker at `marker`: (total, parts, their labels, partial, rest_in_words,
    signs, unknown, each part's stated share), None when there is none (the Breakdown is built by
    the caller, with every field at once). `across`: the list goes on across ；whatever closes
    its first part."""
    # quantities are in order and do not overlap: binary search on their starts (a block with
    # many markers stays linear)
    index = _first_at(quantities, marker) - 1
    while index >= 0 and quantities[index].end > marker:
        index -= 1
    if index < 0:
        return None
    total = quantities[index]
    choices = _unit_choices(view, total)  # 16954套(台、块、项): the units its parts may be counted in
    gap = view[total.end + choices[1]:marker]
    in_bracket = "（" in gap or "(" in gap
    if not (_TOTAL_GAP.match(gap) or _SENTENCE_GAP.match(gap)):
        return None
    behind = _compared_total(quantities, index)
    if behind is not None:
        # 收入共计4215.36万元，较上年减少238.14万元，降低5.35%。其中：…万元，占99.17%；…: the
        # figure compared is the total, when the parts' shares say so (checked below)
        total = behind
    end = _scope_end(view, after, in_bracket, quantities, total, across)
    if end < 0:
        return None  # no end within _MAX_LIST characters: not a list a report writes
    end = _before_a_nested_list(view, quantities, after, end)
    inside = quantities[_first_at(quantities, after):_first_at(quantities, end)]
    parts: list[Quantity] = []
    depth = 0
    position = after
    stop = end  # where the list stops: the end of its scope, or the clause of the figure that ends it
    unsure: Optional[Quantity] = None  # the figure that ends the list may be one more part, a decrease
    paired: Optional[tuple[set[int], str]] = None  # counts that open their part (read when first met)
    unpaired: Optional[Quantity] = None
    counts: list[Quantity] = []  # the paired counts, each in the item before its amount's
    shares: list[tuple[Quantity, Quantity]] = []  # (part, its share of the total: 占本年收入99.82%)
    for index, quantity in enumerate(inside):
        depth += bracket_depth(view[position:quantity.start])
        position = quantity.start
        if depth > 0:  # inside a bracket opened after 其中: （其中雇员8名） belongs to a part
            continue
        if quantity.family != total.family and not _one_count(view, quantity, total, choices[0]):
            if parts and quantity.is_percent and not total.is_percent and _SHARE.fullmatch(view, parts[-1].end,
                                                                                           quantity.start):
                shares.append((parts[-1], quantity))
                continue  # 财政拨款收入5402.37万元，占本年收入99.82%；…: the part's share, the list goes on
            following = inside[index + 1] if index + 1 < len(inside) else None
            if (following is not None and following.family == total.family
                    and not any(ch in _SEPARATORS for ch in view[quantity.end:following.start])):
                continue  # 街道和8个社区工作经费12万元: the count names the part, the part goes on
            if paired is None:
                paired = _paired_counts(view, inside, after, total)
            if index in paired[0]:
                counts.append(quantity)
                continue  # “优”的项目40个，财政资金1620.00万元；…: each part gives its count, then its amount
            if paired[0] and quantity.unit == paired[1]:
                unpaired = quantity  # “差”的项目2个 after the paired parts, with no amount: its part is unknown
            stop = quantity.start
            break
        if _CLOSING_WORD.search(quantity.label) is not None:
            stop = quantity.start  # …，总计支出69.9776万元: another total (of the figures before), no part
            break
        if parts and (_other_side(total, quantity) or _progress(total, quantity, parts)):
            stop = quantity.start  # 全年预算600万元，其中财政拨款500万元，实际支出475万元: the list has ended
            break
        if len(parts) >= 2 and quantity.unit == total.unit and quantity.value == total.value:
            stop = quantity.start  # 下达48万元，其中：A 19万元，B 17万元，C 12万元，到位资金48万元: the whole again
            break
        if _COMPARISON.search(quantity.label):
            stop = quantity.start
            # 森林抚育补助减少2.8万元 after the parts: a decrease of the total or a comparison (较上年
            # 减少); the text does not tell, so the parts cannot be checked
            if parts and _decrease_patterns()[0].search(quantity.label) and not _COMPARED.search(quantity.label):
                unsure = quantity
            break
        parts.append(quantity)
    if not parts:
        return None
    shared = _shares_of(total, shares)
    if shared is None or behind is not None and not shares:
        return None  # 原值482.46万元，…，净值320.32万元。其中：房屋134.67万元，占27.91%: the shares are of another total
    signs, unknown = _items(view, after, stop, parts, total, tuple(counts))
    if unsure is not None:
        unknown.append(unsure.label)
    if unpaired is not None:
        unknown.append(unpaired.label)
    labels = [p.label for p in parts]
    if any("收入" in a for a in labels) and any("支出" in b for b in labels):
        return None
    clause = view[after:parts[-1].end]
    trailing = view[parts[-1].end:end].lstrip()
    partial = any(word in clause or trailing.startswith(word) or _label_says(total.label, word)
                  for word in partial_words)
    partial = partial or shared is False  # shares that do not make 100%: some parts are not listed
    # 其中人员经费60万元、公用经费30万元，其余为项目支出 / …差旅费40万元以及其他支出: the rest is
    # named, without a figure
    rest_in_words = any(word in trailing for word in remainder) or any(word in trailing for word in list_words().others)
    part_shares = {id(part): share for part, share in shares}
    stated_shares = tuple(part_shares.get(id(part)) for part in parts) if shares else ()
    return total, parts, labels, partial or rest_in_words, rest_in_words, signs, unknown, stated_shares


# 等 after the senders of a notice (省财政厅等部门下达…专项资金412.85万元，其中…) says nothing of the parts
_SENDERS_ETC = regex_cache.compile(r"等(?:部门|单位|文件|通知|有关部门)")


def _label_says(label: str, word: str) -> bool:
    """Whether the total's label makes its list partial with `word` (主要支出…, 办公费等支出…), not
    where 等 closes the senders of a notice (省财政厅等部门下达)."""
    if word not in label:
        return False
    return word != "等" or label.count("等") > len(_SENDERS_ETC.findall(label))


# the other units a count may be in, bracketed after its own: 16954套(台、块、项), 14666台(套)
_UNIT_CHOICES = regex_cache.compile(r"[（(]([\u4e00-\u9fff]{1,2}(?:[、/，,][\u4e00-\u9fff]{1,2}){0,5})[）)]")
_NO_CHOICES: tuple[frozenset[str], int] = (frozenset(), 0)


def _unit_choices(view: str, quantity: Quantity) -> tuple[frozenset[str], int]:
    """The units a count says it is in, its own and those bracketed after it (16954套(台、块、项):
    套, 台, 块, 项), and the length of the bracket; (empty, 0) when none is bracketed after it.
    Only counts, and only a bracket of measure words, one a count unit of the vocabulary:
    3个(其中新建2个) and 5处(村部) are no list of units."""
    if quantity.family in ("money", "%", "heads") or view[quantity.end:quantity.end + 1] not in ("（", "("):
        return _NO_CHOICES
    match = _UNIT_CHOICES.match(view, quantity.end)
    if match is None:
        return _NO_CHOICES
    units = re.split(r"[、/，,]", match.group(1))
    counts = vocabulary().units.counts
    # (块 and other measure words the vocabulary does not count in may stand beside known ones)
    if not any(unit in counts for unit in units) or not all(unit in counts or len(unit) == 1 for unit in units):
        return _NO_CHOICES
    return frozenset([quantity.unit, *units]), match.end() - match.start()


def _one_count(view: str, part: Quantity, total: Quantity, total_units: frozenset[str]) -> bool:
    """Whether a count in another unit than the total's is counted in the same things: the total
    or the part lists the other's unit among its own (16954套(台、块、项) and 14666台(套))."""
    if part.family in ("money", "%", "heads") or total.family in ("money", "%", "heads"):
        return False
    return part.unit in total_units or total.unit in _unit_choices(view, part)[0]


def _compared_total(quantities: list[Quantity], index: int) -> Optional[Quantity]:
    """The figure a comparison right before 其中 compares (收入共计4215.36万元 in 收入共计4215.36万元，
    较上年减少238.14万元，降低5.35%。其中…): the last figure of the comparison's sentence before it
    that is no comparison and no rate; None when the figure before 其中 is no comparison."""
    last = quantities[index]
    if not _CHANGE.search(last.label):
        return None
    for earlier in range(index - 1, -1, -1):
        candidate = quantities[earlier]
        if candidate.sentence != last.sentence:
            return None
        if not candidate.is_percent and not _CHANGE.search(candidate.label):
            return candidate
    return None


# a comparison with another figure (较上年减少, 降低, 增长; not a rate such as 优良率): what _compared_total walks back over
_CHANGE = regex_cache.compile("|".join(_COMPARING + ("增加", "减少", "降低")))


def _shares_of(total: Quantity, shares: list[tuple[Quantity, Quantity]]) -> Optional[bool]:
    """What the parts' shares say of the list: None when they are not the parts' shares of this
    total (none of them is, or more than one is not: the parts are of another figure), True when
    they make the whole (100%), False when they make less (parts are missing), True when no part
    gives a share. One share that is not its part's may come from a mistyped part."""
    if not shares:
        return True
    if total.in_yuan.low <= 0:
        return None
    misses = sum(not share_of_total(part, total).meets(share.interval) for part, share in shares)
    if misses == len(shares) or misses > 1:
        return None
    return sum_intervals([share.interval for _, share in shares]).meets(Interval.exact(1))


def share_of_total(part: Quantity, total: Quantity) -> Interval:
    """The part's share of a total above zero, as a fraction (the values both figures stand for):
    what a stated share (，占99.82%) is compared with, here and by FRM012."""
    return part.in_yuan / total.in_yuan


# an item that is only the share of the part before it (，占本年收入99.82%；)
_SHARE_ITEM = regex_cache.compile(r"占[\u4e00-\u9fff“”\"]{0,8}[0-9.]+[%％]")
# what stands between a part and its share of the total: ，占 / ，占本年收入 / （占
_SHARE = regex_cache.compile(r"[，,\s（(]*占[\u4e00-\u9fff“”\"]{0,8}")


def _other_side(total: Quantity, quantity: Quantity) -> bool:
    """`quantity` is spent where `total` is budgeted, or budgeted where it is spent (the basis of
    their qualifiers, vocabulary.toml [basis]; 结余 and 结转 are no spending: 上年结转 is part of a budget)."""
    if total.basis == "budget":
        return quantity.qualifier in ("执行数", "决算")
    if total.qualifier in ("执行数", "决算"):
        # 决算收入38953.21万元，其中：一般公共预算30942.99万元…: a kind of fund, not a budget figure
        return quantity.basis == "budget" and not (quantity.qualifier == "预算" and _names_a_fund(quantity.label))
    return False


# the four kinds of government fund: their names hold 预算 and name no budget figure
_FUND_KINDS = regex_cache.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算")


def _names_a_fund(label: str) -> bool:
    """The label's 预算 is only in a fund kind's name (一般公共预算财政拨款, 政府性基金预算)."""
    return _FUND_KINDS.search(label) is not None and "预算" not in _FUND_KINDS.sub("", label)


def _progress(total: Quantity, quantity: Quantity, parts: list[Quantity]) -> bool:
    """`quantity` says how much of the total was spent, after parts that were not (资金303万元，其中
    项目管理费3万元，目前项目资金已拨付270万元): the progress of the whole, not one more part. A
    list of spent and unspent parts (其中已拨付270万元，未拨付33万元) opens with a spent one."""
    return (total.basis != "actual" and quantity.basis == "actual"
            and not any(part.basis == "actual" for part in parts))


# A part the list takes away from the others (下达资金3.2万元，其中：造林补助4.5万元，森林抚育补助
# 调减2.8万元，…): the word stands right before the figure. Elsewhere in the part's clause
# (收回资金2万元, 调减为2万元) it may name the part or give what is left: the sign is unclear.
# The words are data/lists.toml `decreases`.
@lru_cache(maxsize=1)
def _decrease_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A decrease word anywhere, and one right before a figure (its words end with it)."""
    words = "|".join(re.escape(word) for word in list_words().decreases) or "(?!)"
    return regex_cache.compile(f"(?:{words})"), regex_cache.compile(f"(?:{words})" + r"[\s：:]*$")


_MINUS = "-－−"
# a comparison, not a decrease of the total: 较上年减少 (what _COMPARISON says besides 减少)
_COMPARED = regex_cache.compile("|".join(_COMPARING + ("率", "增加")))
# where a list's items end (at bracket depth 0) and where its brackets open and close; the comma
# of a thousands separator (21,402.56万元) is inside a figure and ends no item
_ITEM_MARKS = regex_cache.compile(r"[，、；;（()）]|(?<![0-9]),|,(?![0-9]{3})")
# a figure the page or the writer left out: 点击查看>>, ××, ＿＿
_PLACEHOLDER = regex_cache.compile(r"点击查看|[×XxＸ*＊_＿□]{2,}")
# a figure whose unit lost its 元 (救助站86万。): its value is not the text's to say
_CUT_UNIT = regex_cache.compile(r"\d\s*[千万亿]\s*$")


@lru_cache(maxsize=16)
def _bare_unit(family: str) -> re.Pattern[str]:
    """A unit of `family` ending an item, no number before it (公益林补偿资金 万元)."""
    units = [u for u in vocabulary().units.all() if u and unit_family(u) == family]
    if not units:
        return regex_cache.compile(r"(?!)")
    return regex_cache.compile(r"(?<![\d.])\s*(?:" + "|".join(re.escape(u) for u in units) + r")\s*$")


def _items(view: str, after: int, stop: int, parts: list[Quantity], total: Quantity,
           counts: tuple[Quantity, ...] = ()) -> tuple[list[int], list[str]]:
    """The sign of each part and the items of unknown value, reading the list item by item (the
    text between 、，； at its own bracket depth, from the marker to where the list stops).

    A part whose figure follows a decrease word (调减2.8万元) or a minus glued to it
    (森林抚育-2.8万元) is taken away (-1); one with a decrease word elsewhere in its clause
    (收回资金2万元) is of unknown value. So is an item with no figure: a unit with no number
    (公益林补偿资金 万元), a placeholder (点击查看>>), or words closed by ，or ；between two
    figured items (造林补助3.5万元，公益林补偿资金，…: a part whose figure is missing, or text the
    sum cannot be read past), or a figure whose unit lost its 元 (救助站86万). An item holding one of `counts` (自评为“良”的项目8个，财政资金150.40万元)
    opens the part whose amount follows."""
    signs = [1] * len(parts)
    unknown: list[str] = []
    decrease, decrease_before = _decrease_patterns()
    bounds: list[tuple[int, int, str]] = []  # the items at depth 0, with the mark that ends each
    depth = 0
    begin = after
    for mark in _ITEM_MARKS.finditer(view, after, stop):
        ch = mark.group()
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            bounds.append((begin, mark.start(), ch))
            begin = mark.end()
    bounds.append((begin, stop, ""))
    bare = _bare_unit(total.family)
    index = 0  # the next part
    counted = 0  # the next of `counts`
    for start, end, closing in bounds:
        clause = start
        figured = False
        while index < len(parts) and parts[index].start < end:
            part = parts[index]
            words = view[clause:part.start]
            # 森林抚育补助-2.8万元 (the figure reader takes a sign only after 为 ： ， or a space); not a
            # range (1-2.8万元)
            glued = (part.start > 1 and view[part.start - 1] in _MINUS and _CJK.match(view[part.start - 2]) is not None
                     and not part.number.startswith("-"))
            if glued:
                words = words[:-1]
            if decrease_before.search(words) and not glued and not part.number.startswith("-"):
                signs[index] = -1
            elif decrease.search(words):
                unknown.append(part.label)  # 收回资金2万元, 调减为2万元, 调减-2万元: name, rest or sign unclear
            elif glued:
                signs[index] = -1
            clause = part.end
            figured = True
            index += 1
        if figured:
            continue
        while counted < len(counts) and counts[counted].start < start:
            counted += 1
        if counted < len(counts) and counts[counted].start < end:
            continue
        item = view[start:end].strip(" \t\u3000：:")
        if not item or _SHARE_ITEM.fullmatch(item):
            continue  # 占本年收入99.82%: the share of the part before it
        if (bare.search(item) or _PLACEHOLDER.search(item) or 0 < index < len(parts) and closing not in "、"
                or _CUT_UNIT.search(item)):
            # 公益林补偿资金 万元 / 点击查看>> / words between two parts closed by ，；(not 、: 抚育、
            # 管护补助2万元 names one part)
            unknown.append(item)
    return signs, unknown


_CLOSER_BOUNDARY = "，,；;、"
# The places where `_scope_end` may stop or count a bracket: a bracket, a stop, the 其 of
# 其中, or right after a boundary (a closer or a heading may start there). It jumps from one
# to the next instead of stepping through every character in Python.
_SCOPE_MARKS = regex_cache.compile("[" + re.escape("（()）" + _STOP + "其") + "]|(?<=["
                                   + re.escape(_CLOSER_BOUNDARY + _HEADING_BOUNDARY) + "])")


# a list opened right after a part's figure: the figures after it are that part's parts
_NESTED_OPENER = regex_cache.compile(r"[，,：:\s]*(?:分别|具体为|具体是|具体包括|包括)")  # (分别为, 分别支持 …)


def _before_a_nested_list(view: str, quantities: list[Quantity], after: int, end: int) -> int:
    """Where a list ends when one of its parts opens a list of its own (其中：一是风险基金2531.96万元，
    分别为A 2258.96万元、B 23.00万元…；二是业务经费282.80万元…; 第一批资金9910万元，分别支持…):
    right after that part, whose own list is read from its own marker; else `end`."""
    if view.find("分别", after, end) < 0 and view.find("具体", after, end) < 0 and view.find("包括", after, end) < 0:
        return end
    for quantity in quantities[_first_at(quantities, after):_first_at(quantities, end)]:
        if _NESTED_OPENER.match(view, quantity.end, end) is not None:
            return quantity.end
    return end


def _scope_end(view: str, start: int, in_bracket: bool, quantities: Optional[list[Quantity]] = None,
               total: Optional[Quantity] = None, across: bool = False) -> int:
    """End of the list: the sentence end, the next 其中, the bracket it opened in, a word that
    adds what is not of the total (，另有…; data/lists.toml `closers`) or a run-in heading (二、…). A list whose first part is closed by ；(其中：A 10万元；B 20万元；…)
    goes on across ；, to the sentence end."""
    semicolons = across or quantities is not None and total is not None and _semicolon_list(view, start, quantities, total)
    opening = _LIST_OPENING.match(view, start)
    headings = not (opening is not None and _HEADING.match(view, opening.end()))  # 其中：一、… numbers its parts
    closers = list_words().closers
    depth = 0
    length = len(view)
    limit = start + _MAX_LIST
    search = _SCOPE_MARKS.search
    index = start
    while True:
        mark = search(view, index)
        if mark is None or mark.start() >= length:
            break
        index = mark.start()
        if index > limit:
            return -1
        ch = view[index]
        if ch in "（(":
            if (headings and depth == 0 and index > start and view[index - 1] in _HEADING_BOUNDARY
                    and _HEADING.match(view, index)):
                return index
            depth += 1
        elif ch in "）)":
            if depth == 0 and in_bracket:
                return index
            depth = max(0, depth - 1)
        elif depth == 0:
            if ch in _STOP and not (semicolons and ch in "；;"):
                return index
            if view.startswith("其中", index):
                return index
            if index > start and view[index - 1] in _CLOSER_BOUNDARY and view.startswith(closers, index):
                return index  # 其中行政编制8名，事业编制7名，另有退休人员6人: the retirees are not of the 15
            if headings and index > start and view[index - 1] in _HEADING_BOUNDARY and _HEADING.match(view, index):
                return index
        index += 1
    return -1 if length - 1 > limit else length  # (no stop within _MAX_LIST characters: -1)


def _first_at(quantities: list[Quantity], start: int) -> int:
    """Index of the first quantity starting at or after `start` (binary search, no list built)."""
    low, high = 0, len(quantities)
    while low < high:
        middle = (low + high) // 2
        if quantities[middle].start < start:
            low = middle + 1
        else:
            high = middle
    return low


def _semicolon_list(view: str, start: int, quantities: list[Quantity], total: Quantity) -> bool:
    """The first part after the marker is followed by ；before any ，、 (the parts are ；-separated;
    a count that opens the first part, 优的项目40个，财政资金1620万元；…, is read past)."""
    position = _first_at(quantities, start)
    first = quantities[position] if position < len(quantities) else None
    if first is not None and first.family != total.family and position + 1 < len(quantities):
        amount = quantities[position + 1]
        if amount.family == total.family and _PAIR_GAP.fullmatch(view, first.end, amount.start):
            first = amount
    if first is None or first.family != total.family:
        return False
    share = quantities[position + 1] if position + 1 < len(quantities) and first is quantities[position] else None
    if (share is not None and share.is_percent and not total.is_percent
            and _SHARE.fullmatch(view, first.end, share.start)):
        first = share  # 财政拨款收入5402.37万元，占99.82%；其他收入…: the part ends after its share
    after = first.end + _unit_choices(view, first)[1]  # (558套(台、块、项)；…: past its units)
    return _semicolon_next(view, after, "，,、。\n")


# between a part's count and its amount: the counted noun, then at most one comma and the
# amount's words (项目40个，财政资金1620.00万元 / 79个财政资金3038.38万元)
_PAIR_GAP = regex_cache.compile(r"[^，,、；;。\n（()）]{0,8}(?:[，,]\s*([^，,、；;。\n（()）]{0,8}))?")


def _paired_counts(view: str, inside: list[Quantity], after: int, total: Quantity) -> tuple[set[int], str]:
    """The counts (indices into `inside`) that open a part whose amount follows, and their unit:
    `其中自评为“优”的项目40个，财政资金1620.00万元；自评为“良”的项目8个，财政资金150.40万元；…`.

    The list must open with such a part and have two or more of them in a row, every count of
    one unit, the parts separated by 、，；. Where a comma stands between a count and its amount
    the parts are told apart by ；, or by the same words before every amount (…40个，资金…万元，
    …8个，资金…万元); else (A 10万元，B 5个，C 3万元: a part that is a count) nothing is paired."""
    figures: list[int] = []  # the figures at the list's own bracket depth
    depth, position = 0, after
    for index, quantity in enumerate(inside):
        depth += bracket_depth(view[position:quantity.start])
        position = quantity.start
        if depth == 0:
            figures.append(index)
    pairs: list[tuple[int, int, Optional[str]]] = []  # (count, amount, the amount's words after a comma)
    for k in range(0, len(figures) - 1, 2):
        count, amount = inside[figures[k]], inside[figures[k + 1]]
        # a count is a number of things or people: an amount followed by its share (收入4180.36万元，
        # 占99.17%；其他收入35.00万元，占0.83%) is no count opening a part of a rate
        if (count.family in ("money", "%") or count.family == total.family or amount.family != total.family
                or _COMPARISON.search(amount.label)
                or pairs and count.unit != inside[pairs[0][0]].unit):
            break
        gap = _PAIR_GAP.fullmatch(view, count.end, amount.start)
        if gap is None:
            break
        if pairs and not any(ch in _SEPARATORS for ch in view[inside[pairs[-1][1]].end:count.start]):
            break
        comma = any(ch in "，," for ch in view[count.end:amount.start])
        pairs.append((figures[k], figures[k + 1], (gap.group(1) or "").strip() if comma else None))
    if len(pairs) < 2:
        return set(), ""
    if any(words is not None for _, _, words in pairs):
        by_semicolons = all(any(ch in "；;" for ch in view[inside[a].end:inside[c].start])
                            for (_, a, _), (c, _, _) in zip(pairs, pairs[1:]))
        alike = {words for _, _, words in pairs}
        if not by_semicolons and (len(alike) != 1 or not next(iter(alike))):
            return set(), ""
    return {count for count, _, _ in pairs}, inside[pairs[0][0]].unit


def bracket_depth(text: str) -> int:
    """Brackets opened minus brackets closed (four counts written out: asked for every part)."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


# -- tables ----------------------------------------------------------------------------
_NUMBERED = regex_cache.compile(r"^\s*(\d{1,2})(?:[.．、]\s*|(?=[\u4e00-\u9fff]))")
_TABLE_QIZHONG = regex_cache.compile(r"^\s*其中")
_STACKED = regex_cache.compile(r"^\s*(其中[：:]\s*)?([^：:\d]{2,40}?)[：:]\s*([-+]?\d+(?:,\d{3})*(?:\.\d+)?)?\s*$")
_CJK = regex_cache.compile(r"[\u4e00-\u9fff]")
_SPACE = regex_cache.compile(r"\s+")
# a row that totals the rows above or below it: its label is 合计 or 总计 alone
_TOTAL_ROW = regex_cache.compile(r"^(?:合\s*计|总\s*计)$")
# a column whose figures are not added up: rates, shares, ranks, serial numbers, scores, prices
_NOT_SUMMED = regex_cache.compile(r"率|%|％|年份|比例|比重|占比|序号|编号|排名|名次|分值|得分|权重|单价|平均|人均|标准")


class _Line(Record):
    __slots__ = ("row", "label", "label_cell", "label_index", "values", "numeric")

    row: Row
    label: str
    label_cell: Optional[Cell]
    label_index: int
    values: dict[int, Optional[Quantity]]  # column index → quantity (None: empty, not a number, a rate)
    numeric: bool  # some cell of the row is a bare number (so it is not a heading row)

    def __init__(self, row: Row,
                 label: str,
                 label_cell: Optional[Cell],
                 label_index: int,
                 values: dict[int, Optional[Quantity]],
                 numeric: bool = False) -> None:
        self.row = row
        self.label = label
        self.label_cell = label_cell
        self.label_index = label_index
        self.values = values
        self.numeric = numeric


class _TableReader(Record):
    __slots__ = ("facts", "partial_words", "found")

    facts: "Facts"
    partial_words: list[str]
    found: list[Breakdown]

    def __init__(self, facts: "Facts", partial_words: list[str], found: Optional[list[Breakdown]] = None) -> None:
        self.facts = facts
        self.partial_words = partial_words
        self.found = list() if found is None else found

    def lone(self, cell: Cell) -> Optional[Quantity]:
        """The number a cell holds alone (scores are never summed here: they are the scoring table's)."""
        for quantity in self.facts.quantities_in(cell):
            if quantity.in_cell:
                return None if isinstance(quantity, Score) else quantity
        return None

    def read(self, table: Table) -> list[Breakdown]:
        try:
            lines = [self._line(row) for row in table.rows]
            headings = _headings_above(lines)  # (one pass, for both readers of rows)
            return self._row_groups(lines, headings) + self._total_rows(lines, headings) + self._stacked(table)
        except (IndexError, ValueError, AttributeError):  # odd tables: say nothing rather than crash
            return []

    def _line(self, row: Row) -> _Line:
        label, label_cell, label_index = "", None, -1
        for index, cell in enumerate(row.cells):
            if _CJK.search(cell.text or ""):
                label, label_cell, label_index = clean_cell(cell.text), cell, index
                break
        values: dict[int, Optional[Quantity]] = {}
        numeric = False
        for index, cell in enumerate(row.cells):
            quantity = self.lone(cell)
            numeric = numeric or quantity is not None and not quantity.unit
            if index <= label_index:
                continue
            values[index] = None if isinstance(quantity, Rate) else quantity
        return _Line(row, label, label_cell, label_index, values, numeric)

    def _row_groups(self, lines: list[_Line], headings: list[Optional[list[str]]]) -> list[Breakdown]:
        totals: list[Breakdown] = []
        index = 0
        while index < len(lines):
            head = lines[index]
            if (not head.label or not _has_figures(head) or _NUMBERED.match(head.label)
                    or _TABLE_QIZHONG.match(head.label)):
                index += 1
                continue
            # (position of the sub-row, its 其中 rows, whether they are a list of its parts)
            numbered: list[tuple[int, list[_Line], bool]] = []
            direct_qizhong: list[_Line] = []
            expected = 1
            cursor = index + 1
            in_qizhong = False
            while cursor < len(lines):
                line = lines[cursor]
                number = _NUMBERED.match(line.label) if line.label else None
                subrows = numbered[-1][1] if numbered else direct_qizhong
                if number and int(number.group(1)) == expected and line.label_index == head.label_index:
                    numbered.append((cursor, [], True))
                    expected += 1
                    in_qizhong = False
                elif line.label and _TABLE_QIZHONG.match(line.label):
                    in_qizhong = True
                    subrows.append(line)
                elif in_qizhong and line.label and _indent(line) > _indent(head):
                    subrows.append(line)
                elif number is None and line.label and numbered and (
                        following := _next_sibling(lines, cursor, expected, head.label_index)) is not None:
                    # rows between numbered rows are the sub-rows of the one above (their indentation
                    # lost in the copy: 其中：公车购置 / 公车运行维护 under 1.公务用车购置和维护经费);
                    # a list of its parts when they continue its 其中 row
                    between = lines[cursor:following]
                    position, rows, _ = numbered[-1]
                    parts = in_qizhong and not any(_TABLE_QIZHONG.match(row.label) for row in between)
                    numbered[-1] = (position, rows + between, parts)
                    cursor, in_qizhong = following, False
                    continue
                else:
                    if number is None and line.label and (numbered or subrows):
                        # rows after a numbered row or a 其中 row that make the row above (with its
                        # 其中 rows): the rest of its parts; the list ends with them
                        parent = lines[numbered[-1][0]] if numbered else head
                        run = _completing(parent, subrows, lines, cursor)
                        subrows.extend(run)
                        cursor += len(run)
                    break
                cursor += 1
            if numbered:
                totals += self._column_totals(head, [lines[n] for n, _, _ in numbered], False, headings[index])
                for position, subrows, parts in numbered:
                    child = lines[position]
                    if subrows and parts and _has_figures(child):
                        totals += self._column_totals(child, subrows, True, headings[position])
            elif direct_qizhong:
                sources = self._funding_sources(head, direct_qizhong, lines, cursor, headings[index])
                if sources is not None:
                    rows, columns = sources
                    totals += self._source_totals(head, rows, columns, headings[index])
                    cursor = max(cursor, _index_of(lines, rows[-1]) + 1)
                else:
                    totals += self._column_totals(head, direct_qizhong, True, headings[index])
            index = cursor if cursor > index + 1 else index + 1
        return totals

    def _funding_sources(self, head: _Line, qizhong: list[_Line], lines: list[_Line], cursor: int,
                         heading: Optional[list[str]]) -> Optional[tuple[list[_Line], list[int]]]:
        """A 自评表's budget block: 年度资金总额 over its funding sources (其中：当年财政拨款 /
        上年结转资金 / 其他资金; Sichuan: 财政资金 / 财政专户管理资金 / 单位资金 / 其他资金), which the
        form defines as every part of it. The source rows (the 其中 row, the source rows the
        reader took after it, and those right after them) and the amount columns (headed 预算 /
        执行数 / 决算, no rate); None when the block is not one."""
        if head.label.rstrip("：:") not in _BUDGET_TOTALS or heading is None:
            return None
        if heading and _AMOUNT_COLUMN.match(_column_heading(heading, 0)):
            return None  # a heading row without the label column (年初预算数 | 全年预算数 | …): columns unsure
        rows = list(qizhong)
        position = max(cursor, _index_of(lines, rows[-1]) + 1)
        while position < len(lines) and _is_source(lines[position].label):
            rows.append(lines[position])
            position += 1
        if len(rows) < 2 or not all(_is_source(_TABLE_QIZHONG.sub("", row.label).lstrip("：: ")) for row in rows):
            return None
        columns = [column for column, total in head.values.items() if total is not None
                   and _AMOUNT_HEADING.search(_column_heading(heading, column)) and "率" not in heading[column]]
        return (rows, columns) if columns else None

    def _source_totals(self, head: _Line, rows: list[_Line], columns: list[int],
                       heading: Optional[list[str]]) -> list[Breakdown]:
        """Each amount column's total against every source: a source with no figure in any amount
        column (— / blank: none of it) adds nothing; a dash in a column adds nothing; any other
        cell without a figure is of unknown value."""
        found: list[Breakdown] = []
        for column in columns:
            total = head.values[column]
            assert total is not None  # (`_funding_sources` keeps only the columns with a total)
            parts: list[Quantity] = []
            labels: list[str] = []
            unknown: list[str] = []
            for row in rows:
                quantity = row.values.get(column)
                if quantity is not None:
                    parts.append(quantity)
                    labels.append(row.label)
                    continue
                cells = row.row.cells
                text = clean_cell(cells[column].text) if column < len(cells) else ""
                if text in _DASHES and (text or not any(row.values.get(other) for other in columns)):
                    continue  # none of this source
                unknown.append(row.label)
            if parts:
                found.append(_breakdown("rows", total, parts, labels, False, unknown=unknown,
                                        row_label=head.label, column=_column_heading(heading, column)))
        return found

    def _total_rows(self, lines: list[_Line], headings: list[Optional[list[str]]]) -> list[Breakdown]:
        """A 合计 / 总计 row and the flat run of rows it closes (above it) or opens (below it).

        Read only where nothing else can be meant: every part a labelled row with figures at
        the total's label column, none of them numbered, a 其中 row, a subtotal or a row that
        its next rows add up to (a parent and its sub-rows); only columns under a heading
        that is no rate, share, rank or score; and only when at least one such column adds
        up, which says these rows are the total's parts. Then each column is a Breakdown.
        """
        found: list[Breakdown] = []
        if not any(line.label and _TOTAL_ROW.match(line.label) for line in lines):
            return found  # most tables have no total row: one pass over the labels
        for position, total_line in enumerate(lines):
            if not (total_line.label and _TOTAL_ROW.match(total_line.label) and _has_figures(total_line)):
                continue
            above = _flat_run(lines, position, -1, total_line.label_index)
            below = _flat_run(lines, position, 1, total_line.label_index)
            if (len(above) >= 2) == (len(below) >= 2):
                continue  # no run of parts, or one on each side: which the total closes is unsure
            parts = above if len(above) >= 2 else below
            if _has_parent(parts):
                continue
            heading = headings[position]  # the heading row above the total (and above its parts)
            # column → (its total, the parts' figures): the columns every part fills
            columns: dict[int, tuple[Quantity, list[Quantity]]] = {}
            for column, total in total_line.values.items():
                figures = [row.values.get(column) for row in parts]
                if total is not None and _summed_column(heading, column) and all(f is not None for f in figures):
                    columns[column] = (total, [f for f in figures if f is not None])
            if not any(sum_intervals([f.interval for f in added]).meets(stated.interval)
                       for stated, added in columns.values()):
                continue  # no column adds up: the rows may not be its parts
            for column, (stated, added) in columns.items():
                found.append(_breakdown("rows", stated, added, [row.label for row in parts], False,
                                        row_label=total_line.label, column=_column_heading(heading, column)))
        return found

    def _column_totals(self, head: _Line, children: list[_Line], partial: bool,
                       heading: Optional[list[str]]) -> list[Breakdown]:
        found: list[Breakdown] = []
        for column, total in head.values.items():
            if total is None:
                continue
            parts: list[Quantity] = []
            unknown: list[str] = []
            labels: list[str] = []
            for child in children:
                quantity = child.values.get(column)
                if quantity is None:
                    unknown.append(child.label)
                else:
                    parts.append(quantity)
                    labels.append(child.label)
            found.append(_breakdown("rows", total, parts, labels, partial, unknown=unknown,
                                    row_label=head.label, column=_column_heading(heading, column)))
        return found

    def _stacked(self, table: Table) -> list[Breakdown]:
        found: list[Breakdown] = []
        rows = table.rows
        if not any("其中" in cell.text for row in rows for cell in row.cells):
            return found  # a stacked list needs a 其中 cell (most tables have none: one pass, not one per column)
        width = max((len(r.cells) for r in table.rows), default=0)
        for column in range(width):
            cells = [r.cells[column] if column < len(r.cells) else None for r in rows]
            if not any(c is not None and "其中" in c.text for c in cells):
                continue  # a stacked list needs a 其中 cell in its column
            matches = [_STACKED.match(_blank_artifacts(c.text))
                       if c is not None and c.text and ("：" in c.text or ":" in c.text) else None for c in cells]
            index = 0
            while index < len(cells) - 1:
                head, following = matches[index], matches[index + 1]
                head_cell = cells[index]
                if not (head and head.group(3) and not head.group(1) and following and following.group(1)
                        and head_cell is not None):
                    index += 1
                    continue
                total = self._stacked_quantity(head_cell, head)
                parts: list[Quantity] = []
                unknown: list[str] = []
                labels: list[str] = []
                cursor = index + 1
                while cursor < len(cells):
                    match, cell = matches[cursor], cells[cursor]
                    if match is None or cell is None:
                        break
                    if cursor > index + 1 and match.group(1):
                        break  # a second 其中 starts another list
                    name = _SPACE.sub("", match.group(2))
                    quantity = self._stacked_quantity(cell, match)
                    if quantity is None:
                        unknown.append(name)
                    else:
                        parts.append(quantity)
                        labels.append(name)
                    cursor += 1
                partial = any(word in name for name in labels + unknown for word in self.partial_words)
                if total is not None and parts:
                    found.append(_breakdown("stacked", total, parts, labels, partial, unknown=unknown,
                                            row_label=_SPACE.sub("", head.group(2))))
                index = cursor
        return found

    def _stacked_quantity(self, cell: Cell, match: "re.Match[str]") -> Optional[Quantity]:
        number = match.group(3)
        if not number:
            return None
        value = parse_decimal(number)
        item = self.facts.block_text(cell)
        if value is None or item is None:
            return None
        return quantity_at(item, self.facts.source, match.start(3), match.end(3), number, value, "",
                           _SPACE.sub("", match.group(2)), in_cell=True)


def _blank_artifacts(text: str) -> str:
    """A cell's parse view with extraction artifacts ([bookmark: _GoBack]) as spaces: same length,
    so offsets stay offsets in the cell (the bounded BOOKMARK pattern: linear on hostile cells)."""
    view = fold(text)
    return BOOKMARK.sub(lambda m: " " * len(m.group()), view) if "[bookmark:" in view else view


def _flat_run(lines: list[_Line], start: int, step: int, label_index: int) -> list[_Line]:
    """The rows next to `start` (above it for step -1, below for 1) that may be a total row's
    parts: labelled at its label column, with figures, none numbered, 其中, 小计 or a total;
    the run stops at the first row that is none of these (a heading row, an empty row)."""
    run: list[_Line] = []
    position = start + step
    while 0 <= position < len(lines):
        line = lines[position]
        label = line.label
        if not label or line.label_index != label_index or not _has_figures(line) or _TOTAL_ROW.match(label):
            break
        if _NUMBERED.match(label) or "其中" in label or "小计" in label:
            return []  # a numbered, 其中 or subtotal row among the parts: not a flat list
        run.append(line)
        position += step
    if step < 0:
        run.reverse()
    return run


def _has_parent(rows: list[_Line]) -> bool:
    """Some row is the sum of two or more of the rows right after it (a parent over sub-rows
    that lost their indentation): adding every row would count those twice. Sub-rows are looked
    for as far as numbered rows are (`_SIBLING_REACH`): bounded on a table of many rows."""
    for index in range(len(rows) - 2):
        for end in range(index + 3, min(len(rows), index + 1 + _SIBLING_REACH) + 1):
            if _adds_up(rows[index], rows[index + 1:end]):
                return True
    return False


def _summed_column(heading: Optional[list[str]], column: int) -> bool:
    """A column whose figures a total row adds up: it has a heading, and the heading names no
    rate, share, rank, score or price."""
    if heading is None or column >= len(heading):
        return False
    text = clean_cell(heading[column])
    return bool(text) and _NOT_SUMMED.search(text) is None


def _has_figures(line: _Line) -> bool:
    return any(v is not None for v in line.values.values())


_SIBLING_REACH = 12  # rows looked ahead for the next numbered row


def _next_sibling(lines: list[_Line], start: int, expected: int, label_index: int) -> Optional[int]:
    """Where the numbered row `expected` stands after unnumbered labelled rows from `start`
    (the sub-rows of the row above it), None when another row comes first."""
    for position in range(start, min(len(lines), start + _SIBLING_REACH)):
        line = lines[position]
        if not line.label:
            return None
        number = _NUMBERED.match(line.label)
        if number is not None:
            return position if int(number.group(1)) == expected and line.label_index == label_index else None
    return None


def _completing(parent: _Line, subrows: list[_Line], lines: list[_Line], start: int) -> list[_Line]:
    """The fewest unnumbered rows from `start` that, with `subrows`, add up to `parent` in every
    column that both state (at least one): the rest of its parts, their indentation lost. [] if
    none; without a 其中 row first, one row alike its parent is no list of parts (two are)."""
    run: list[_Line] = []
    stated = 0
    for position in range(start, min(len(lines), start + _SIBLING_REACH)):
        line = lines[position]
        if not line.label or _NUMBERED.match(line.label) or _TABLE_QIZHONG.match(line.label):
            return []
        run.append(line)
        if not _has_figures(line):
            continue
        stated += 1
        verdict = _adds_up(parent, subrows + run)
        if verdict is not None:
            return run if verdict and (subrows or stated > 1) else []
    return []


def _adds_up(parent: _Line, rows: list[_Line]) -> Optional[bool]:
    """True when `rows` add up to `parent` in every column both state, False when they exceed it
    in one of them, None while they still fall short in one (or no column is stated by both)."""
    short = compared = False
    for column, total in parent.values.items():
        if total is None:
            continue
        known = [q for q in (row.values.get(column) for row in rows) if q is not None]
        if not known:
            continue
        compared = True
        added = sum_intervals([quantity.in_yuan for quantity in known])
        if added.meets(total.in_yuan):
            continue
        if added.low > total.in_yuan.high:
            return False
        short = True
    if not compared or short:
        return None
    return True


def _indent(line: _Line) -> int:
    return line.label_cell.span.column if line.label_cell is not None else 0


def _headings_above(lines: list[_Line]) -> list[Optional[list[str]]]:
    """For each row, the texts of the nearest heading row above it (no figures, 2+ worded cells)."""
    found: list[Optional[list[str]]] = []
    current: Optional[list[str]] = None
    for line in lines:
        found.append(current)
        if line.numeric:
            continue
        texts = [c.text for c in line.row.cells]
        if sum(1 for t in texts if _CJK.search(t)) >= 2:
            current = texts
    return found


# the budget block of a 自评表 and its funding sources (`_TableReader._funding_sources`)
_BUDGET_TOTALS = frozenset({"年度资金总额", "资金总额", "总额", "年度财政资金总额"})
_SOURCE_LABEL = regex_cache.compile(r"^[\u4e00-\u9fff（）()]{2,14}$")
_SOURCE_WORDS = ("资金", "拨款", "结转")
_AMOUNT_HEADING = regex_cache.compile(r"预算|执行数|决算")
# an amount column's own heading (not 预算执行情况（10分）, the block's): 年初预算数, 全年执行数(B) …
_AMOUNT_COLUMN = regex_cache.compile(r"^(?:年初|全年|调整后)?(?:预算|执行|预算执行|决算)数?(?:[（(][^）)]*[）)])?$")
_DASHES = frozenset({"", "—", "——", "-", "--", "－", "/", "／"})


def _index_of(lines: list[_Line], line: _Line) -> int:
    """Where `line` itself stands in `lines` (a _Line compares by its fields: not `lines.index`)."""
    return next((index for index, other in enumerate(lines) if other is line), -1)


def _is_source(label: str) -> bool:
    """A funding source's row label: a few words naming money (上年结转资金, 其他资金, 当年财政拨款)."""
    return bool(_SOURCE_LABEL.match(label)) and any(word in label for word in _SOURCE_WORDS)


def _column_heading(heading: Optional[list[str]], column: int) -> str:
    """The heading row's text over a column (2023年预算数), '' when there is none."""
    if heading is None or column >= len(heading) or not _CJK.search(heading[column]):
        return ""
    return clean_cell(heading[column])


# -- the kind --------------------------------------------------------------------------
def extract_breakdowns(facts: "Facts") -> list[Breakdown]:
    """Every breakdown of the document (`facts.breakdowns`): prose lists in block order, then tables."""
    vocab = facts.vocabulary.breakdowns
    words = list(vocab.partial)
    markers, exhaustive, levels = tuple(vocab.markers), tuple(vocab.exhaustive), tuple(vocab.levels)
    pattern = _marker_pattern(markers)
    bracket_after_figure = _bracket_after_figure(tuple(facts.vocabulary.units.all()))
    lists = list_words()
    out: list[Breakdown] = []
    stacked: list[int] = []  # the blocks a stacked list of lines may open at (其中:中央补助 166.00)
    for index, item in enumerate(facts.blocks):
        view = item.view
        if not item.has_digits:
            continue
        if len(view) <= 60 and view.find("其中", 0, 8) >= 0:  # (find within bounds: no slice made)
            stacked.append(index)
        closes = ("计" in view and _CLOSING_WORD.search(view) is not None  # (a one-character find first)
                  or "共" in view and _BARE_CLOSER.search(view) is not None)
        if not closes and pattern.search(view) is None and not (
                ("（" in view or "(" in view) and bracket_after_figure.search(view)):
            continue  # (a list needs a marker word, a closing 共计, or a bracket right after a figure: 18人（…）)
        prose = [q for q in facts.quantities_in(item.block) if not q.in_cell]
        listed = prose_breakdowns(item, prose, words, markers, exhaustive, levels, lists)
        out.extend(listed)
        if closes and not item.is_cell and len(prose) >= 3:
            taken = {id(q) for listing in listed for q in (listing.total, *listing.parts)}
            out.extend(closing_breakdowns(item, prose, words, taken))
    out.extend(_stacked_lines(facts, words, stacked))
    reader = _TableReader(facts, words)
    for _, table in facts.document.table_list():
        out.extend(reader.read(table))
    return out


# a form copied as lines, one `label value` per line (年度预算资金总额: 321.25 / 其中:中央补助 166.00 /
# 市级资金 136.00): the label (no digit, no colon inside), a colon or a space, then the number alone
_STACKED_LINE = regex_cache.compile(r"^\s*(其中[：:]\s*)?([^：:\d]{2,40}?)(?:\s*[：:]\s*|\s+)"
                                    r"([-+]?\d+(?:,\d{3})*(?:\.\d+)?)\s*$")


def _stacked_lines(facts: "Facts", partial_words: list[str], starts: list[int]) -> list[Breakdown]:
    """The stacked shape of a form copied as lines (`source` "stacked"): a `label value` line, then
    `其中:label value` and the `label value` lines right after it, each one paragraph of the same
    container; the list ends at the first other line (a second 其中 opens another list). `starts`:
    the indices of the blocks that may open one (其中 in their first characters)."""
    found: list[Breakdown] = []
    blocks = facts.blocks
    for index in starts:
        item = blocks[index]
        if not index or not item.view.lstrip().startswith("其中") or item.is_cell:
            continue
        head, first = _line_match(blocks[index - 1], item.container), _line_match(item, item.container)
        if head is None or head.group(1) or first is None or not first.group(1):
            continue
        parts: list[Quantity] = []
        labels: list[str] = []
        cursor = index
        while cursor < len(blocks):
            match = _line_match(blocks[cursor], item.container)
            if match is None or cursor > index and match.group(1):
                break
            labels.append(_SPACE.sub("", match.group(2)))
            parts.append(_line_quantity(facts, blocks[cursor], match))
            cursor += 1
        if len(parts) < 2:
            continue
        total = _line_quantity(facts, blocks[index - 1], head)
        partial = any(word in label for label in labels for word in partial_words)
        found.append(_breakdown("stacked", total, parts, labels, partial, row_label=_SPACE.sub("", head.group(2))))
    return found


def _line_match(item: BlockText, container: Any) -> Optional["re.Match[str]"]:
    """A paragraph of `container` that is one `label value` line (_STACKED_LINE), else None."""
    if item.is_cell or item.container is not container or item.block.kind != "paragraph" or len(item.view) > 60:
        return None
    return _STACKED_LINE.match(item.view)


def _line_quantity(facts: "Facts", item: BlockText, match: "re.Match[str]") -> Quantity:
    number = match.group(3)
    value = parse_decimal(number)
    assert value is not None  # the pattern's number always parses
    return quantity_at(item, facts.source, match.start(3), match.end(3), number, value, "",
                       _SPACE.sub("", match.group(2)), in_cell=True)


# -- counts and the names they count ---------------------------------------------------
class NamedList(Fact):
    """A count and the names listed after it (`facts.get("named_lists")`):
    `内设4个科室，分别为：综合科、招商引资科、接待科及信访维稳科`."""

    kind: ClassVar[str] = "named_list"

    count: Quantity  # 4个
    names: list[str]  # the names split at 、 (the last one may join two with 及 / 和), and the
    # short bare phrases after commas that may be the last names (…、食堂,接待室,档案室。)
    fewest: int  # names counted at 、 only (a name may contain 和: 招商和引资科)
    most: int  # names counted at 、 and at each join word of the last name
    partial: bool = False  # the list says 等 / 包括 …: it may name fewer than the count
    marker_word: str = ""
    noun: str = ""  # what the count counts, written after it (4个科室，分别为: 科室; its bracketed note dropped)
    # parts of the count stated as figures before the names, which then count the rest
    # (项目10个，其中3个已完工，其余为A、B、C: the names count 10 − 3)
    given: list[Quantity] = []

    @property
    def expected(self) -> int:
        """How many names the list should have: the count, less the parts given as figures."""
        return int(self.count.value - sum((q.value for q in self.given), Decimal(0)))

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.count.year, value=self.count.number, unit=self.count.unit,
                   qualifier="partial" if self.partial else "complete", text="、".join(self.names))
        return row


_NAMES_GAP = regex_cache.compile(r"[\s，,]*")
# the longest bracketed note after the counted noun (内设机构（正处级）): part of the noun
_MAX_NOUN_NOTE = 12
_NAMES_END = "，,。；;\n（(：:"
_HAS_DIGIT = regex_cache.compile(r"\d")


def block_named_lists(item: BlockText, quantities: list[Quantity], markers: list[str], joins: list[str],
                      units: list[str], partial_words: list[str],
                      words: Optional[ListWords] = None) -> list[NamedList]:
    view = item.view
    words = words or list_words()
    ordered = sorted((m for m in markers if m not in words.strict), key=lambda word: (-len(word), word))
    found: list[NamedList] = []
    for quantity in quantities:
        if quantity.in_cell or quantity.unit not in units or quantity.decimals or not 2 <= quantity.value <= 60:
            continue
        position = _NAMES_GAP.match(view, quantity.end)
        cursor = position.end() if position else quantity.end
        # 直属单位3个，为…: a strict marker right after a count of bodies
        word = next((m for m in words.strict if view.startswith(m, cursor)), None)
        start = cursor
        noun = ""
        if word is not None and (not quantity.label.endswith(words.bodies) or view[start - 1] == "、"):
            word = None
        if word is None:
            # the counted noun may follow the count (4个科室，分别为), then the marker
            noun_end = cursor
            note = 0  # the characters of a bracketed note after the noun: 4个内设机构（正处级），即…
            while (noun_end < len(view) and noun_end - quantity.end - note <= 8 and view[noun_end] not in "，,：:。；;、"
                   and not any(view.startswith(m, noun_end) for m in ordered)):
                if view[noun_end] in _OPENING:
                    close = _closing(view, noun_end, min(len(view), noun_end + _MAX_NOUN_NOTE))
                    if close is None:
                        break
                    note += close + 1 - noun_end
                    noun_end = close + 1
                    continue
                noun_end += 1
            gap = _NAMES_GAP.match(view, noun_end)
            start = gap.end() if gap else noun_end
            word = next((m for m in ordered if view.startswith(m, start)), None)
            noun = _bare_name(view[quantity.end:noun_end].strip(" ，,"))  # (its note dropped, as a name's)
            if word is None and noun_end < len(view) and view[noun_end] in "：:":
                # 本级内设7个科室：办公室、…: a colon right after a count of bodies opens their names
                if (noun or quantity.label).endswith(words.bodies):
                    start, word = noun_end, view[noun_end]
        if word is None:
            continue
        listed = _names_at(view, start + len(word), joins)
        if listed is None:
            continue
        end, names, text, fewest, most = listed
        if word in words.strict and not (view.startswith(("：", ":"), start + len(word))
                                         or all(name.endswith(words.bodies) for name in names)):
            continue  # 下属单位4个，为民服务、便民利民: 为 opens names of bodies, or says so with ：
        if word in "：:" and not all(_bare_name(name).endswith(words.bodies) for name in names):
            continue  # 4个科室：办公室、交通专厅…: after a bare colon only names of bodies are counted
        partial = word in partial_words or any(w in text for w in partial_words)
        found.append(NamedList.build(span=quantity.span, section=quantity.section, label=quantity.label,
                               text=item.text[quantity.start:end], block=item.block,
                               container=item.container, start=quantity.start, end=quantity.end,
                               count=quantity, names=names, fewest=fewest, most=most,
                               partial=partial, marker_word=word, noun=noun))
    return found


def _names_at(view: str, start: int, joins: list[str]) -> Optional[tuple[int, list[str], str, int, int]]:
    """The names listed from `start` (after the marker) to the clause end: (end, names, their
    text, the fewest and the most names they can be); None when what follows is not a list of
    names. The names shown end with the phrases after commas that may be the last names.

    A bracket right after a name is its alias or note (科技管理股（成果转化股）, 综合股（含办公室、
    财务室）): part of that name, neither a name of its own nor a place to split at; its words
    and figures are not the list's. A bracket anywhere else ends the list, as before."""
    while start < len(view) and view[start] in "：: ":
        start += 1
    end = start
    limit = min(len(view), start + 400)
    brackets: list[tuple[int, int]] = []  # [open, close] offsets of the names' brackets
    while True:
        while end < limit and view[end] not in _NAMES_END:
            end += 1
        if end < limit and view[end] in _OPENING and end > start and view[end - 1] != "、":
            close = _closing(view, end, limit)
            if close is not None:
                brackets.append((end, close))
                end = close + 1
                continue
        break
    if end == limit and limit < len(view):
        return None  # no end in sight: not a list of names
    raw = view[start:end]
    bare = _without(raw, brackets, start)  # the names without their brackets
    if not bare.strip() or _HAS_DIGIT.search(bare) or "、" not in bare:
        return None
    shown = [name.strip() for name in _split_outside(raw, brackets, start)]
    names = [name.strip() for name in bare.split("、")]
    if any(not name or len(name) > 20 for name in names):
        return None
    # only the last name may join two (A、B、C和D, or 法规和执法科 for 法规科 and 执法科): a join
    # word inside any other name is part of it (提案和社会法制委员会、…), since a list joins its
    # last item only
    most = len(names) + sum(names[-1].count(j) for j in joins if j != "以及")
    more = _MORE_NAMES.match(view, end)
    if more is not None:  # 办公室、财务科、综合科，垃圾填埋场。: the last names may follow commas
        after = [name for name in _COMMAS.split(more.group().rstrip("。；;")) if name]
        most += len(after)
        shown += after
    return end, shown, bare.strip(), len(names), max(most, len(names))


# short bare phrases after the names' commas that close the sentence: perhaps more names, written
# after a comma for a 、 (…、综合科，垃圾填埋场。 …、食堂,接待室,档案室。), unless one opens with a
# word of a clause (均为, 负责 …)
_COMMAS = regex_cache.compile(r"[，,]")
_MORE_NAMES = regex_cache.compile(r"(?:[，,](?!均|共|为|是|负责|主要|分别|承担|其中|另|并|已|以|在|和|与|及|现|目前|各|都|全)"
                                  r"[\u4e00-\u9fff]{2,8})+(?:[。；;]|$)")


_OPENING = {"（": "）", "(": ")"}
_CLAUSE_END = frozenset("。；;\n")


def _closing(view: str, at: int, limit: int) -> Optional[int]:
    """The offset of the bracket that closes the one at `at`, within the clause; None if none."""
    close = _OPENING[view[at]]
    for index in range(at + 1, min(limit, at + 40)):
        char = view[index]
        if char == close:
            return index
        if char in _CLAUSE_END or char in _OPENING:
            return None
    return None


_TRAILING_BRACKET = regex_cache.compile(r"\s*[（(][^（()）]*[）)]$")


def _bare_name(name: str) -> str:
    """A name without the alias or note in brackets after it (科技管理股（成果转化股） → 科技管理股)."""
    return _TRAILING_BRACKET.sub("", name)


def _without(text: str, brackets: list[tuple[int, int]], offset: int) -> str:
    """`text` (starting at view offset `offset`) with the bracketed spans cut out."""
    kept, cursor = [], 0
    for opening, closing in brackets:
        kept.append(text[cursor:opening - offset])
        cursor = closing + 1 - offset
    kept.append(text[cursor:])
    return "".join(kept)


def _split_outside(text: str, brackets: list[tuple[int, int]], offset: int) -> list[str]:
    """`text` split at the 、 outside its brackets (each name keeps its alias)."""
    inside = {i - offset for opening, closing in brackets for i in range(opening, closing + 1)}
    names, cursor = [], 0
    for index, char in enumerate(text):
        if char == "、" and index not in inside:
            names.append(text[cursor:index])
            cursor = index + 1
    names.append(text[cursor:])
    return names


_REST_OPENING = regex_cache.compile(r"[^，,；;。\n]{0,12}[，,；;]\s*")


def remainder_lists(item: BlockText, listings: list[Breakdown], markers: list[str], joins: list[str],
                    units: list[str], partial_words: list[str], words: ListWords) -> list[NamedList]:
    """Names listed for the rest of a count some of whose parts are figures:
    `共实施项目10个，其中3个已完工，其余为A项目、B项目` (the names count 10 − 3)."""
    view = item.view
    ordered = sorted(set(markers) | set(words.strict), key=lambda word: (-len(word), word))
    found: list[NamedList] = []
    for listing in listings:
        total, parts = listing.total, listing.parts
        if (listing.partial and not listing.rest_in_words or total.unit not in units or total.decimals
                or any(p.unit != total.unit or p.decimals for p in parts)):
            continue
        opening = _REST_OPENING.match(view, parts[-1].end)  # the last part's clause, then ，
        if opening is None:
            continue
        cursor = opening.end()
        rest = next((w for w in words.remainder if view.startswith(w, cursor)), None)
        if rest is None:
            continue
        cursor += len(rest)
        noun_end = cursor  # 其余项目为 / 其余为 / 其余的分别是
        while noun_end - cursor <= 8 and noun_end < len(view) and view[noun_end] not in "，,：:。；;、" \
                and not any(view.startswith(m, noun_end) for m in ordered):
            noun_end += 1
        word = next((m for m in ordered if view.startswith(m, noun_end)), None)
        if word is None:
            continue
        listed = _names_at(view, noun_end + len(word), joins)
        if listed is None:
            continue
        end, names, text, fewest, most = listed
        partial = word in partial_words or any(w in text for w in partial_words)
        found.append(NamedList.build(span=total.span, section=total.section, label=total.label,
                               text=item.text[total.start:end], block=item.block, container=item.container,
                               start=total.start, end=total.end, count=total, names=names,
                               fewest=fewest, most=most, partial=partial, marker_word=rest + word,
                               given=list(parts)))
    return found


# a count, its noun and a colon (内设7个科室：…): the names may follow without a marker word
_COLON_AFTER_COUNT = regex_cache.compile(r"\d\s*[^\d，,。；;、：:\n]{1,9}(?:[（(][^（()）]{1,10}[）)])?[：:]")


def extract_named_lists(facts: "Facts") -> list[NamedList]:
    """Every count followed by the names it counts (`facts.get("named_lists")`)."""
    vocab = facts.vocabulary
    lists = vocab.named_lists
    markers = lists.markers
    words = list_words()
    partial = list(vocab.breakdowns.partial)
    out: list[NamedList] = []
    any_marker = _marker_pattern(tuple(markers))  # one search for "any of the markers in the view"
    for item in facts.blocks:
        view = item.view
        if "、" not in view or not item.has_digits or item.is_cell or (
                any_marker.search(view) is None and _COLON_AFTER_COUNT.search(view) is None):
            continue
        out.extend(block_named_lists(item, facts.quantities_in(item.block), markers, lists.joins, lists.units,
                                     partial, words))
    by_block: dict[int, list[Breakdown]] = {}
    for listing in facts.breakdowns:
        text = facts.block_text(listing.block)
        if listing.source == "prose" and text is not None and "、" in text.view:
            by_block.setdefault(id(listing.block), []).append(listing)
    for item in facts.blocks if by_block else ():
        if id(item.block) in by_block:
            out.extend(remainder_lists(item, by_block[id(item.block)], markers, lists.joins, lists.units,
                                       partial, words))
    out.sort(key=lambda listing: (listing.line, listing.span.column))
    return out


from .store import Facts as _Facts  # noqa: E402  (registration; store does not import this module)

_Facts.register("named_lists", extract_named_lists)
