"""Scoring tables and the scores and grades a report states (docs/facts.md, "Scoring tables").

`facts.score_tables` reads every 自评表 that gives its indicators a weight (分值) and a score
(得分). The shape (Hunan 附件1-2 部门整体支出绩效自评表; project tables look the same):

    一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | 偏差原因
    产出指标（50分） | 数量指标 | 重点工作完成数 | 3次 | 3次 | 20 | 20 |
    (blank: merged cell, same group) | 质量指标 | 达标完成率 | 100% | 100% | 10 | 10 |
    ...
    总分 | 100 | 98

plus a budget row (年度资金总额: 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分).

Columns are found by their header row (the words are `[table_roles]` of data/vocabulary.toml)
where the extraction kept one and the row has the header's width. Where the header is lost or
the row has another width (merged cells in the .docx extraction collapse or multiply cells, as
in seed 004), they are found by content: the weight and score are the rightmost pair of
adjacent plain numbers, and the column offset from the row's end that most rows agree on is
applied to every row. A blank group cell is a vertically merged cell: the row continues the
group above. The numbers are the shared cell quantities (`facts.quantities_in(cell)`).

`facts.get("score_statements")` and `facts.get("grade_statements")` are the overall scores and
grades written in the prose (自评分数为100分，属第一等级 / 总评分为100分，实际得分98分，…评价为优秀).

No fact points back at another that points at it: a row names its groups by index in
`table.groups`, a group its rows by index in `table.rows` (no reference cycles to collect).
"""


import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, Iterator, Optional, Union

from reportlint import regex_cache
from ..input.source import fold
from ..numbers import Interval, decimals_of
from ..parse.model import Cell, Paragraph, Row, Table
from ..parse.profiles import DEFAULT_GRADES, GradeBand
from .base import Fact
from .cell_lines import CellLine, cell_runs
from .quantities import Quantity, Score, figure_alone
from .store import Facts
from .text import YEAR, BlockText, clean_cell, span_of
from .vocabulary import vocabulary

# A figure as the SCO rules read it: a shared quantity (a cell's number, a group heading's
# weight) or a score stated in the prose; both have number, value, block and start.
Written = Union[Quantity, "ScoreStatement"]


# -- reading a figure ----------------------------------------------------------------
def written(figure: Written) -> str:
    """The digits as the report writes them (without the unit): '102.32'."""
    text: str = figure.block.text
    return text[figure.start:figure.start + len(figure.number)]


def digits_end(figure: Written) -> int:
    """Where the digits end in `figure.block.text` (a finding covers the digits, not the unit)."""
    return figure.start + len(figure.number)


def points(figure: Written) -> Interval:
    """A score or weight: exact when written as a whole number (8 means 8 points), else its
    rounding interval (8.33 may be a rounded third)."""
    return points_of(figure.value)


def points_of(value: Decimal) -> Interval:
    """`points` of a number read without its figure (a part's weight written in the prose)."""
    if decimals_of(value) == 0:
        return Interval.exact(value)
    return Interval.stated(value)


def stated(figure: Written) -> Interval:
    """The values a written figure stands for, in its own unit (a rate as its percent value)."""
    return Interval.stated(figure.value)


# -- the facts -------------------------------------------------------------------------
def _shown(figure: Optional[Quantity]) -> str:
    return written(figure) if figure is not None else ""


class ScoreGroup(Fact):
    """An indicator group (一级 or 二级指标) and the weight its heading cell states (产出指标（50分）),
    or its own row states (`产出指标 |  |  | 60 | 55`: the group's 分值 and a subtotal 得分)."""

    kind: ClassVar[str] = "score_group"

    name: str  # 产出指标
    level: int  # 1 (一级指标) or 2 (二级指标)
    weight: Optional[Quantity] = None  # the 50 of 产出指标（50分）, or the 60 of its own row
    score: Optional[Quantity] = None  # the 55 its own row states (a subtotal), when it has one
    rows: list[int] = []  # indices of its indicator rows in `table.rows`

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(value=self.weight.number if self.weight is not None else None,
                   unit="分" if self.weight is not None else "", qualifier="分值")
        return row


class ScoreRow(Fact):
    """One indicator of a scoring table: its names by level, weight (分值) and score (得分)."""

    kind: ClassVar[str] = "score_row"

    name: str  # 三级指标: 重点工作完成数 (also `label`)
    level1: str = ""  # the 一级指标 group it is under: 产出指标
    level2: str = ""  # the 二级指标 group: 数量指标
    groups: tuple[int, ...] = ()  # indices of its groups in `table.groups`, level 1 first
    target: Optional[str] = None  # 指标值 as written, where the table has the column: 3次
    actual: Optional[str] = None  # 实际完成值: 3次
    weight: Optional[Quantity] = None  # 分值
    score: Optional[Quantity] = None  # 得分
    row_node: Any = None  # the model Row (not exported)

    def row(self) -> dict[str, Any]:
        return _score_row(self, super().row(), self.weight, self.score)


class ExecutionRow(Fact):
    """The budget-execution row (年度资金总额 / 预算执行率): amounts, the rate stated, weight, score."""

    kind: ClassVar[str] = "execution_row"

    initial: Optional[Quantity] = None  # 年初预算数
    budget: Optional[Quantity] = None  # 全年预算数
    executed: Optional[Quantity] = None  # 全年执行数
    weight: Optional[Quantity] = None  # 分值
    rate: Optional[Quantity] = None  # 执行率 (%)
    score: Optional[Quantity] = None  # 得分
    # the table's own headings of the amounts ("budget" → 调整后预算数), for messages in the
    # report's words; empty for a row read by its label (the 年度资金总额 row without a header)
    names: dict[str, str] = {}
    row_node: Any = None

    def row(self) -> dict[str, Any]:
        out = _score_row(self, super().row(), self.weight, self.score)
        if self.rate is not None:
            out["text"] = f"执行率{written(self.rate)}%，" + out["text"]
        return out


class TotalRow(Fact):
    """The row that states the table's total (总分 | 100 | 98)."""

    kind: ClassVar[str] = "score_total"

    weight: Optional[Quantity] = None  # the total 分值
    score: Optional[Quantity] = None  # the total 得分
    row_node: Any = None

    def row(self) -> dict[str, Any]:
        return _score_row(self, super().row(), self.weight, self.score)


def _score_row(fact: Fact, row: dict[str, Any], weight: Optional[Quantity],
               score: Optional[Quantity]) -> dict[str, Any]:
    """Export: value = the score, `weight` beside it; text = 分值10，得分8."""
    row.update(value=score.number if score is not None else None, unit="分", qualifier="得分",
               weight=weight.number if weight is not None else None,
               text=f"分值{_shown(weight) or '—'}，得分{_shown(score) or '—'}")
    return row


class ScoreTable(Fact):
    """A scoring table as understood; `uncertain` when some row could not be read for sure."""

    kind: ClassVar[str] = "score_table"

    title: str  # 附件1-2部门整体支出绩效自评表 (an attached table), else 评分表
    rows: list[ScoreRow] = []  # the indicators, table order
    groups: list[ScoreGroup] = []  # every group heading, table order
    execution: Optional[ExecutionRow] = None
    total: Optional[TotalRow] = None
    uncertain: bool = False
    table: Any = None  # the model Table (not exported)

    def rows_of(self, group: ScoreGroup) -> list[ScoreRow]:
        return [self.rows[index] for index in group.rows]

    def groups_of(self, row: ScoreRow) -> list[ScoreGroup]:
        return [self.groups[index] for index in row.groups]

    def group_only(self, group: ScoreGroup) -> bool:
        """The group carries the weight for its rows: it states one and none of its rows does
        (产出指标（60分） over rows with an empty 分值), or it has no rows (预算执行率 | 10 | 10)."""
        return group.weight is not None and all(r.weight is None for r in self.rows_of(group))

    def weighted_items(self) -> list[tuple[str, Optional[Quantity], Optional[Quantity]]]:
        """(label, weight, score) of what carries the weights of the total, table order: each
        row, or in place of its rows the outermost group that carries their weight (a group
        and its rows are never both counted); the score is the row's, or the group's own."""
        return self._items(lambda group: self.group_only(group))

    def scored_items(self) -> list[tuple[str, Optional[Quantity], Optional[Quantity]]]:
        """(label, weight, score) of what carries the scores of the total, table order: each
        row, or in place of its rows a group whose own row states their score and none of
        them does (a subtotal is never counted with the scores it sums)."""
        return self._items(lambda group: group.score is not None and all(r.score is None for r in self.rows_of(group)))

    def _items(self, replaces: Any) -> list[tuple[str, Optional[Quantity], Optional[Quantity]]]:
        items: list[tuple[int, str, Optional[Quantity], Optional[Quantity]]] = []
        if self.execution is not None:
            items.append((self.execution.line, self.execution.label, self.execution.weight,
                          self.execution.score))
        covered: set[int] = set()
        for group in self.groups:
            if group.weight is None and group.score is None or not replaces(group):
                continue
            if any(index in covered for index in group.rows) or not group.rows and id(group) in covered:
                continue  # an outer group already stands for these rows
            covered.update(group.rows)
            covered.add(id(group))
            items.append((group.line, group.name, group.weight, group.score))
        for index, indicator in enumerate(self.rows):
            if index not in covered:
                items.append((indicator.line, indicator.name, indicator.weight, indicator.score))
        items.sort(key=lambda item: item[0])
        return [(label, weight, score) for _, label, weight, score in items]

    def row(self) -> dict[str, Any]:
        total = self.total
        return _score_row(self, super().row(), total.weight if total else None, total.score if total else None)


class ScoreStatement(Fact):
    """A score written in the prose: `role` actual (the score earned) or full (the maximum)."""

    kind: ClassVar[str] = "score_statement"

    role: str  # actual | full
    number: str  # '98' (folded digits; `text` is as written)
    value: Decimal
    year: Optional[int] = None  # the year its sentence names before it
    sentence: tuple[int, int] = (0, 0)  # [start, end) of its sentence in the paragraph
    # written in a heading that does not name the overall result ((一)产出指标（自评得分50分）):
    # a part's score, not the report's (SCO011 adds them up; SCO005 and SCO006 leave them)
    part: bool = False
    # the part's weight written right before its score (投入25分，自评得分24分: '25'), else None
    weight: Optional[str] = None

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.year, value=self.number, unit="分", qualifier=self.role)
        return row


class GradeStatement(Fact):
    """A grade written in the prose, the band it names, and the score it goes with."""

    kind: ClassVar[str] = "grade_statement"

    grade: str  # the band's grade: 优 (`text` is as written: 优秀)
    band: GradeBand
    score: Optional[ScoreStatement] = None  # the actual score stated with it (same paragraph)
    evaluation: bool = False  # its sentence is about the evaluation, not one indicator
    years: tuple[int, ...] = ()  # the years its sentence names

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(value=self.grade, year=self.years[-1] if self.years else None,
                   qualifier="等级")
        return row


# -- the profile's scoring --------------------------------------------------------------
def bands_of(profile: Any) -> list[GradeBand]:
    """The profile's grade bands (default 财预〔2020〕10号)."""
    grades = getattr(profile, "grades", None) if profile is not None else None
    return list(grades) if grades else list(DEFAULT_GRADES)


def full_score_of(profile: Any) -> Decimal:
    value = getattr(profile, "full_score", None) if profile is not None else None
    return Decimal(value) if value is not None else Decimal(100)


def grade_names(bands: list[GradeBand]) -> dict[str, GradeBand]:
    """Every word for a grade (the grade and its synonyms) → its band."""
    names: dict[str, GradeBand] = {}
    for band in bands:
        for name in (band.grade, *band.synonyms):
            names.setdefault(name, band)
    return names


def main_table(tables: list[ScoreTable]) -> Optional[ScoreTable]:
    """The table whose total the text reports: the only one with a total, else the 整体 one."""
    totals = [t for t in tables if t.total is not None and t.total.score is not None]
    if len(totals) == 1:
        return totals[0]
    whole = [t for t in totals if "整体" in t.title]
    return whole[0] if len(whole) == 1 else None


# -- table headings ----------------------------------------------------------------------
# The roles vocabulary.toml's [table_roles] has no list for yet (see the report of issue 11):
# the indicator level columns.
_LEVEL_ROLES = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name"}
_BUDGET_ROLE_NAMES = ("initial", "budget", "executed", "rate")
TOTAL_LABELS = frozenset({"总分", "合计", "总计", "总得分", "综合得分", "得分合计", "分值合计", "合计得分"})
EXECUTION_LABELS = frozenset({"年度资金总额", "预算执行率", "资金总额", "预算资金执行率"})

_OPEN, _CLOSE = "（(", "）)"
_HEADER_MAX = 60  # a header cell is a few words (分值（分）); a longer cell is content
_GROUP_MAX = 80  # 产出指标（50分） and its line breaks; longer is not a group heading
# 产出指标（50分） / 满意度指标\n（10分） / 产出\n指标\n（50分) — mixed brackets occur.
_GROUP = regex_cache.compile(r"^\s*(?P<name>[^（()）]{1,30}?)\s*[（(]\s*(?P<weight>\d+(?:\.\d+)?)\s*(?P<unit>分)\s*[)）]\s*$",
                    re.S)


@lru_cache(maxsize=1)
def _standalone_words() -> frozenset[str]:
    """vocabulary.toml `standalone_block`, as heading words are compared (unit dropped)."""
    return frozenset(without_unit(clean(word)) for word in vocabulary().table_roles.standalone_block)


@lru_cache(maxsize=1)
def header_roles() -> dict[str, str]:
    """Heading words (unit in brackets removed) → column role, from vocabulary.toml."""
    roles = vocabulary().table_roles
    out: dict[str, str] = dict(_LEVEL_ROLES)
    for role, words in (("target", roles.target), ("actual", roles.actual), ("weight", roles.weight),
                        ("score", roles.score)):
        for word in words:
            out.setdefault(without_unit(clean(word)), role)
    for role in _BUDGET_ROLE_NAMES:  # the budget block's words win over the others (as they always did)
        for word in getattr(roles, role):
            out[without_unit(clean(word))] = role
    return out


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """A cell's text as compared with heading words (cached: several readers look at a cell)."""
    return clean_cell(text)


def without_unit(text: str) -> str:
    """分值（分） → 分值: drop a trailing bracketed part (from the first bracket opened after
    the last inner close). Done with rfind/find, not a `[（(][^）)]*[）)]$` search, which is
    retried at every bracket and so quadratic on a cell full of brackets.
    """
    if not text or text[-1] not in _CLOSE:
        return text
    body = text[:-1]
    after = max(body.rfind(close) for close in _CLOSE) + 1
    opens = [i for i in (body.find(bracket, after) for bracket in _OPEN) if i >= 0]
    return text[:min(opens)] if opens else text


def _is_blank(cell: Cell) -> bool:
    return not clean(cell.text)


# -- reading the tables --------------------------------------------------------------------
def extract_score_tables(facts: Facts) -> list[ScoreTable]:
    """Every table of the document that reads as a scoring table, then the budget blocks of the
    tables a web page exported one cell per line (`stream_execution_tables`)."""
    out: list[ScoreTable] = []
    for container, table in facts.document.table_list():
        try:
            found = _TableReader(facts, table, container).read()
        except (IndexError, ValueError):  # odd shapes: not a scoring table we understand
            found = None
        if found is not None:
            out.append(found)
    out.extend(stream_execution_tables(facts))
    return out


# the label of the budget block's first row in a stream of exported cells (Sichuan's form: 总额)
_STREAM_LABELS = EXECUTION_LABELS | {"总额"}
_STREAM_REACH = 4  # cells between the headings and the label (a row's padding, the label's own heading)
_STREAM_HEADINGS = 12  # a block's heading cells are a few (and each start's walk stays short)


def stream_execution_tables(facts: Facts) -> list[ScoreTable]:
    """The budget block of a 自评表 exported one cell per line (`cell_lines`): its heading cells in
    the order written (全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分, with 分值 or 得分
    among them, or Hunan's own words), then, a few cells on, the 年度资金总额 / 总额 cell and one
    cell per heading after it in the same order. Read only when every figure fits its heading:
    amounts under the budget and executed ones, a percentage under the rate's."""
    out: list[ScoreTable] = []
    for run in cell_runs(facts):
        execution = _stream_execution(facts, run)
        if execution is not None:
            out.append(ScoreTable.build(span=execution.span, section=execution.section, label="评分表", text="",
                                        container=execution.container, title="评分表", execution=execution))
    return out


def _stream_execution(facts: Facts, run: list[CellLine]) -> Optional[ExecutionRow]:
    words = header_roles()
    texts = [clean(line.text) for line in run]
    for first, text in enumerate(texts):
        if words.get(without_unit(text)) not in ("initial", "budget", "executed"):
            continue
        # the heading cells: from this one while they are headings (a role's words, or a few
        # words of no role: 原因), never a figure or an empty cell
        roles: dict[str, int] = {}
        last = first
        for index in range(first, min(len(texts), first + _STREAM_HEADINGS)):
            cell = texts[index]
            role = words.get(without_unit(cell)) if cell else None
            if role is None and (not cell or cell.rstrip("：:") in _STREAM_LABELS
                                 or _stream_figure(facts, run[index]) is not None):
                break  # (预算执行率 heads the rate column here, though Hunan's form labels its row so)
            if role is not None and role not in roles:
                roles[role] = index - first
                last = index
        if "rate" in roles and not {"budget", "executed"} <= roles.keys():
            _lettered_roles([line.text for line in run[first:last + 1]], roles)
        if not ({"budget", "executed", "rate"} <= roles.keys() and roles.keys() & {"weight", "score"}
                or all(without_unit(texts[first + i]) in _standalone_words() for i in roles.values()
                       if texts[first + i]) and {"budget", "executed", "rate"} <= roles.keys()):
            continue
        label_at = next((index for index in range(last + 1, min(last + 2 + _STREAM_REACH, len(texts)))
                         if texts[index].rstrip("：:") in _STREAM_LABELS), None)
        if label_at is None:
            continue
        values = run[label_at + 1:label_at + 1 + max(roles.values()) + 1]
        if len(values) <= max(roles.values()):
            continue
        figures = {role: _stream_figure(facts, values[index]) for role, index in roles.items()}
        budget, executed, rate = figures.get("budget"), figures.get("executed"), figures.get("rate")
        if (budget is None or executed is None or rate is None or not rate.is_percent
                or budget.is_percent or executed.is_percent):
            continue
        label_line = run[label_at]
        names = {role: without_unit(texts[first + index]) for role, index in roles.items()
                 if role in _BUDGET_ROLE_NAMES}
        item = label_line.item
        return ExecutionRow.build(span=item.block.span, section=item.section, label=texts[label_at].rstrip("：:"),
                                  text=item.block.text, block=item.block, container=item.container,
                                  start=label_line.start, end=label_line.end, initial=figures.get("initial"),
                                  budget=budget, executed=executed, weight=_plain(figures.get("weight")), rate=rate,
                                  score=_plain(figures.get("score")), names=names)
    return None


def _stream_figure(facts: Facts, line: CellLine) -> Optional[Quantity]:
    """The number an exported cell holds alone (with its unit), as a cell quantity."""
    return figure_alone(line.item, facts.source, line.start, line.end) if line.text else None


def _plain(figure: Optional[Quantity]) -> Optional[Quantity]:
    return figure if figure is not None and figure.unit in ("", "分") else None


def extract_score_rows(facts: Facts) -> list[Fact]:
    """Every group heading, indicator, budget and total row of every scoring table, in order."""
    out: list[Fact] = []
    for table in facts.score_tables:
        items: list[Fact] = [*table.groups, *table.rows]
        if table.execution is not None:
            items.append(table.execution)
        if table.total is not None:
            items.append(table.total)
        items.sort(key=lambda fact: (fact.span.line, fact.span.column))
        out.extend(items)
    return out


class _Layout:
    """Column positions of an indicator row: weight and score, and the cells left of them."""

    __slots__ = ("weight", "score", "name", "level1", "level2", "target", "actual")

    def __init__(self, weight: int, score: int, name: int, level1: int, level2: int,
                 target: Optional[int], actual: Optional[int]) -> None:
        self.weight, self.score, self.name = weight, score, name
        self.level1, self.level2 = level1, level2
        self.target, self.actual = target, actual


_Header = tuple[dict[str, int], int]


class _TableReader:
    """Reads one table; groups and rows are collected as plain lists and made facts at the end."""

    def __init__(self, facts: Facts, table: Table, container: Any) -> None:
        self.facts = facts
        self.table = table
        self.container = container
        self.groups: list[ScoreGroup] = []
        self.rows: list[ScoreRow] = []
        self.execution: Optional[ExecutionRow] = None
        self.total: Optional[TotalRow] = None
        self._amount_names: dict[str, str] = {}  # the last header's amount headings (ExecutionRow.names)
        self.uncertain = False
        self.levels: Optional[_Header] = None  # a header row that names the level columns only
        self.section = self._section()

    def _section(self) -> tuple[str, ...]:
        for row in self.table.rows:
            for cell in row.cells:
                item = self.facts.block_text(cell)
                if item is not None:
                    return item.section
        return ()

    # -- cells ---------------------------------------------------------------------
    def number(self, cell: Cell) -> Optional[Quantity]:
        """The number a cell holds when it holds nothing but a number (unit allowed)."""
        found = self.facts.quantities_in(cell)
        return found[0] if found and found[0].in_cell else None

    def plain(self, cell: Cell) -> Optional[Quantity]:
        figure = self.number(cell)
        return figure if figure is not None and figure.unit in ("", "分") else None

    def _fact_args(self, block: Any, label: str) -> dict[str, Any]:
        """The Fact fields of a row or group: a cell's span and text (a Row has no text of its own)."""
        if isinstance(block, Cell):
            return {"span": block.span, "section": self.section, "label": label, "text": block.text,
                    "block": block, "container": self.container, "start": 0, "end": len(block.text)}
        return {"span": block.span, "section": self.section, "label": label, "container": self.container}

    # -- the table -----------------------------------------------------------------
    def read(self) -> Optional[ScoreTable]:
        header: Optional[_Header] = None
        indicator_offset: Optional[int] = None  # weight column's offset from the row end, from a header
        pending: list[tuple[Row, Optional[_Layout]]] = []  # indicator candidates, table order
        has_score_header = False
        # the header's first cell spans its block's rows (预算执行情况（10分） over the budget
        # rows): a copied table's rows under it then lack that cell, one fewer than the header
        spans_left = False

        for row in self.table.rows:
            cells = row.cells
            roles = self._header_roles(cells)
            if len(roles) >= 2:
                header = (roles, len(cells))
                spans_left = 0 not in roles.values() and _GROUP.match(self._view(cells[0])) is not None
                self._amount_names = {role: without_unit(clean(cells[index].text)) for role, index in roles.items()
                                      if role in _BUDGET_ROLE_NAMES}
                if "weight" not in roles and "name" in roles:
                    # the second row of a two-row header (指标 | 分值 | 得分 over 一级指标 | 二级指标 |
                    # 三级指标 | | ): where the indicators' names stand in rows of its width
                    self.levels = header
                if "weight" in roles and "score" in roles and not {"budget", "executed"} & roles.keys():
                    indicator_offset = len(cells) - roles["weight"]
                has_score_header = has_score_header or "score" in roles
                continue
            total = self._total_row(row, header)
            if total is not None:
                self.total = total
                continue
            if header is not None and self.execution is None and len(cells) == header[1] + 1:
                shifted = self._label_left_out(row, header[0])
                if shifted is not None:
                    execution = self._execution_from_header(row, shifted)
                    if execution is not None:
                        self.execution = execution
                        continue
            if header is not None and len(cells) == header[1]:
                roles = header[0]
                if self._execution_header(roles):
                    execution = self._execution_from_header(row, self._aligned(row, roles))
                    if execution is not None and self.execution is None:
                        self.execution = execution
                    continue
                if "weight" in roles and "score" in roles:
                    pending.append((row, _layout_from_header(roles)))
                    continue
            elif header is not None and self.execution is None and len(cells) < header[1]:
                execution = self._execution_in_short_row(row, header[0], spans_left)
                if execution is not None:
                    self.execution = execution
                    continue
                header = None
            else:
                header = None
            execution = self._execution_by_label(row)
            if execution is not None:
                if self.execution is None:
                    self.execution = execution
                continue
            pending.append((row, None))

        offset = indicator_offset or self._dominant_offset([row for row, layout in pending if layout is None])
        self._read_indicators(pending, offset)

        weighted_group = any(group.weight is not None for group in self.groups)
        if not self.rows and self.execution is None:
            return None
        if self.rows and not (weighted_group or self.total is not None or has_score_header):
            if self.execution is None:
                return None
            self.rows, self.groups = [], []
        return ScoreTable.build(span=self.table.span, section=self.section, label=self._title(), text="",
                          container=self.container, title=self._title(), rows=self.rows, groups=self.groups,
                          execution=self.execution, total=self.total, uncertain=self.uncertain, table=self.table)

    def _title(self) -> str:
        """附件1-2部门整体支出绩效自评表 for an attached table, 评分表 for one in the text."""
        container = self.container
        label = getattr(container, "label", "") if container is not None else ""
        if getattr(container, "kind", "") == "attachment" and label:
            return str(label) + str(getattr(container, "title", ""))
        return "评分表"

    def _header_roles(self, cells: list[Cell]) -> dict[str, int]:
        words = header_roles()
        roles: dict[str, int] = {}
        for index, cell in enumerate(cells):
            text = clean(cell.text)
            if len(text) > _HEADER_MAX:
                continue
            role = words.get(without_unit(text))
            if role is not None and role not in roles:
                roles[role] = index
        if "rate" in roles and not {"budget", "executed"} <= roles.keys():
            _lettered_roles([cell.text for cell in cells], roles)
        if ("name" not in roles and "level2" in roles and "weight" in roles
                and roles.get("level1", -1) < roles["level2"] < roles["weight"] <= roles["level2"] + 3):
            # a two-level form (一级指标 | 二级指标 | 分值 | 得分): the indicators are named in the
            # 二级指标 column, groups stand in the 一级指标 one
            roles["name"], roles["level2"] = roles["level2"], -1
        elif ("name" not in roles and "level2" not in roles and "level1" in roles and "weight" in roles
                and "score" in roles and roles["level1"] < roles["weight"] <= roles["level1"] + 3):
            # a one-level form (一级指标 | 分值 | 得分, the summary of a prose report): each row is
            # an indicator group scored as a whole, named in the 一级指标 column
            roles["name"], roles["level1"] = roles["level1"], -1
        return roles

    def _dominant_offset(self, rows: list[Row]) -> Optional[int]:
        """The weight column's offset from the row end that most candidate rows agree on.

        A candidate's pair is the rightmost two adjacent plain numbers with nothing numeric
        after them (a trailing 偏差原因 cell may hold text or nothing).
        """
        offsets: Counter[int] = Counter()
        for row in rows:
            cells = row.cells
            for index in range(len(cells) - 2, 2, -1):
                # cells[index + 2:] numeric? Only cells[index + 2] is new at this step (the
                # ones right of it were checked before), so the scan stays linear in the row.
                if index + 2 < len(cells) and self.number(cells[index + 2]) is not None:
                    break
                if self.plain(cells[index]) is not None and self.plain(cells[index + 1]) is not None:
                    offsets[len(cells) - index] += 1
                    break
        if not offsets:
            return None
        return offsets.most_common(1)[0][0]

    def _read_indicators(self, pending: list[tuple[Row, Optional[_Layout]]], offset: Optional[int]) -> None:
        current: dict[int, Optional[int]] = {1: None, 2: None}  # level → index in self.groups
        started = False
        for row, layout in pending:
            cells = row.cells
            if layout is None:
                if offset is None or len(cells) - offset < 3:
                    continue
                layout = _layout_from_offset(cells, offset, self.levels)
            if layout.score >= len(cells) or layout.name < 0 or layout.weight < 0:
                continue
            weight_cell, score_cell, name_cell = cells[layout.weight], cells[layout.score], cells[layout.name]
            weight, score = self.plain(weight_cell), self.plain(score_cell)
            readable = ((weight is not None or _is_blank(weight_cell))
                        and (score is not None or _is_blank(score_cell)))
            if not readable:
                if started:
                    self.uncertain = True
                continue
            if weight is None and score is None and not started:
                continue  # blank cells before the first scored row: not an indicator row
            if started and self.plain(name_cell) is not None:
                # a bare number where the indicator's name should be: the row's cells do not stand
                # in the columns (merged cells left out, 配套设备购置 | 550 | 20 | 9.3 | 9.3 | | |)
                self.uncertain = True
                continue
            name = clean(name_cell.text).strip("“”\"‘’")
            if not name and weight is None and score is None:
                # 效益指标(30分) | 经济效益指标 | (nothing else): the row only names the groups
                # that the rows below it are in
                if started:
                    self._update_groups(cells, layout, current)
                continue
            started = True
            opened = self._update_groups(cells, layout, current)
            deepest = current[max(opened)] if opened else None
            if not name and deepest is not None and self._group_row(cells, layout):
                # 产出指标 |  |  |  | 60 | 55: the group's own row, its 分值 and a subtotal 得分
                heading = self.groups[deepest]
                heading.weight = heading.weight if heading.weight is not None else weight
                heading.score = score
                continue
            groups = tuple(index for index in (current[1], current[2]) if index is not None)
            index = len(self.rows)
            for group in groups:
                self.groups[group].rows.append(index)
            name = name or "（未命名指标）"
            args = self._fact_args(name_cell, name)
            args["span"] = row.span
            self.rows.append(ScoreRow.build(
                **args, name=name, groups=groups,
                level1=self.groups[current[1]].name if current[1] is not None else "",
                level2=self.groups[current[2]].name if current[2] is not None else "",
                target=self._text_at(cells, layout.target, layout), actual=self._text_at(cells, layout.actual, layout),
                weight=weight, score=score, row_node=row))

    @staticmethod
    def _text_at(cells: list[Cell], index: Optional[int], layout: _Layout) -> Optional[str]:
        if index is None or index <= layout.name or index >= layout.weight or index >= len(cells):
            return None
        return clean(cells[index].text) or None

    @staticmethod
    def _group_row(cells: list[Cell], layout: _Layout) -> bool:
        """Nothing between the group's name and its figures: no indicator name, target or value."""
        first = max(layout.level1, layout.level2) + 1
        return all(_is_blank(cells[i]) for i in range(first, layout.weight) if 0 <= i < len(cells))

    def _update_groups(self, cells: list[Cell], layout: _Layout, current: dict[int, Optional[int]]) -> list[int]:
        """Open the groups this row's heading cells start (their levels are returned); blank
        heading cells continue the group above."""
        found: dict[int, ScoreGroup] = {}
        for index in range(0, layout.name):
            cell = cells[index]
            match = _GROUP.match(self._view(cell)) if len(cell.text) <= _GROUP_MAX else None
            if match is not None:
                level = 2 if index == layout.level2 else 1
                name = clean(match.group("name"))
                found[level] = ScoreGroup.build(**self._fact_args(cell, name), name=name, level=level,
                                          weight=self._group_weight(cell, match, name))
            elif index in (layout.level1, layout.level2) and not _is_blank(cell):
                level = 1 if index == layout.level1 else 2
                if level not in found:
                    name = clean(cell.text)
                    found[level] = ScoreGroup.build(**self._fact_args(cell, name), name=name, level=level)
        if 1 in found:
            current[1] = len(self.groups)
            current[2] = None
            self.groups.append(found[1])
        if 2 in found:
            current[2] = len(self.groups)
            self.groups.append(found[2])
        return sorted(found)

    def _view(self, cell: Cell) -> str:
        item = self.facts.block_text(cell)
        return item.view if item is not None else fold(cell.text)

    def _group_weight(self, cell: Cell, match: "re.Match[str]", name: str) -> Score:
        start, end = match.start("weight"), match.end("unit")
        number = match.group("weight")
        return Score.build(span=span_of(self.facts.source, cell, start, end), section=self.section, label=name,
                     text=cell.text[start:end], block=cell, container=self.container, start=start, end=end,
                     number=number, value=Decimal(number), unit="分", in_cell=True)

    def _total_row(self, row: Row, header: Optional[_Header]) -> Optional[TotalRow]:
        cells = row.cells
        first = next((i for i, c in enumerate(cells) if not _is_blank(c)), None)
        if first is None or clean(cells[first].text) not in TOTAL_LABELS:
            return None
        label = clean(cells[first].text)
        args = self._fact_args(cells[first], label)
        args["span"] = row.span
        if header is not None and len(cells) == header[1] and {"weight", "score"} <= header[0].keys():
            roles = header[0]
            return TotalRow.build(**args, weight=self.plain(cells[roles["weight"]]),
                            score=self.plain(cells[roles["score"]]), row_node=row)
        rest = [c for c in cells[first + 1:] if not _is_blank(c)]
        figures = [self.plain(c) for c in rest]
        if len(figures) == 2 and figures[0] is not None and figures[1] is not None:
            return TotalRow.build(**args, weight=figures[0], score=figures[1], row_node=row)
        return TotalRow.build(**args, row_node=row)

    def _label_of(self, cells: list[Cell]) -> tuple[str, Optional[Cell]]:
        for cell in cells:
            if not _is_blank(cell) and self.number(cell) is None:
                return clean(cell.text), cell
        return "年度资金总额", None

    def _execution_args(self, row: Row, label: str, cell: Optional[Cell]) -> dict[str, Any]:
        args = self._fact_args(cell if cell is not None else row, label)
        args["span"] = row.span
        return args

    def _execution_from_header(self, row: Row, roles: dict[str, int]) -> Optional[ExecutionRow]:
        cells = row.cells

        def at(role: str) -> Optional[Quantity]:
            index = roles.get(role)
            return self.number(cells[index]) if index is not None and index < len(cells) else None

        rate = at("rate")
        if rate is not None and not rate.is_percent:
            rate = None
        executed, score = at("executed"), at("score")
        if executed is None and rate is None and score is None:
            return None
        label, cell = self._label_of(cells)
        return ExecutionRow.build(**self._execution_args(row, label, cell), initial=at("initial"), budget=at("budget"),
                            executed=executed, weight=at("weight"), rate=rate, score=score,
                            names=self._amount_names, row_node=row)

    def _execution_header(self, roles: dict[str, int]) -> bool:
        """Whether the last heading row (`roles`, `_amount_names`) heads the budget-execution block."""
        if not ({"budget", "executed"} <= roles.keys() or "rate" in roles):
            return False
        return ("weight" in roles or "score" in roles
                or all(word in _standalone_words() for word in self._amount_names.values()))

    def _label_left_out(self, row: Row, roles: dict[str, int]) -> Optional[dict[str, int]]:
        """The budget block's roles one cell to the right, when its heading row has no label
        column (全年预算数(A) | 全年执行数(B) | 分值 | 执行率 | 得分 under 资金情况（万元）, which spans
        the label column from the line above) and the row's figures fit them so (`_fits`)."""
        if not any(index == 0 and role in _BUDGET_ROLE_NAMES for role, index in roles.items()) \
                or not self._execution_header(roles):
            return None
        return self._fits(row, roles, 1)

    def _execution_in_short_row(self, row: Row, roles: dict[str, int], spans_left: bool) -> Optional[ExecutionRow]:
        """The budget row when it has fewer cells than its header: a copied table drops the
        empty cells at a row's end, and the cell that spans the block from the header's left
        (预算执行情况（10分）, see `read`). Each way the cells may line up is tried: the row is
        read only when exactly one puts its label left of every amount, a percentage under the
        rate heading and figures under the budget and executed ones."""
        if not self._execution_header(roles):
            return None
        fits = [moved for shift in ((0, -1) if spans_left else (0,)) if (moved := self._fits(row, roles, shift))]
        return self._execution_from_header(row, fits[0]) if len(fits) == 1 else None

    def _aligned(self, row: Row, roles: dict[str, int]) -> dict[str, int]:
        """The budget block's roles as a row of the header's width lines up with them: as the
        header says when its figures fit there; else the one shift by a cell that fits (a
        heading row with a cell more on its left, 预算执行情况（10分） | 年度预算数（万元） | 年初预算
        | …, over 总额 | 0.00 | 3.36 | …; or one without the label column, `_label_left_out`)."""
        if self._fits(row, roles, 0):
            return roles
        fits = [moved for shift in (-1, 1) if (moved := self._fits(row, roles, shift))]
        return fits[0] if len(fits) == 1 else roles

    def _fits(self, row: Row, roles: dict[str, int], shift: int) -> Optional[dict[str, int]]:
        """The roles moved by `shift` cells when the row fits them: its label left of every
        amount, figures under the budget and executed headings, a percentage under the rate's."""
        cells = row.cells
        label_at = next((index for index, cell in enumerate(cells) if not _is_blank(cell)), None)
        if label_at is None or self.number(cells[label_at]) is not None:
            return None
        moved = {role: index + shift for role, index in roles.items()}
        if label_at >= min(moved.values()):
            return None
        figures = {role: self.number(cells[index]) if index < len(cells) else None
                   for role, index in moved.items() if role in ("budget", "executed", "rate")}
        if any(figure is None for figure in figures.values()):
            return None
        rate = figures.get("rate")
        if rate is not None and not rate.is_percent:
            return None
        if any(figure is not None and figure.is_percent for role, figure in figures.items() if role != "rate"):
            return None
        return moved

    def _execution_by_label(self, row: Row) -> Optional[ExecutionRow]:
        """The Hunan budget row without its header: label, then 年初, 全年预算, 全年执行, 分值, 执行率%, 得分."""
        cells = row.cells
        for index, cell in enumerate(cells):
            label = clean(cell.text)
            if label in EXECUTION_LABELS:
                figures = [self.number(c) for c in cells[index + 1:] if not _is_blank(c)]
                if len(figures) != 6:
                    return None
                found = [f for f in figures if f is not None]
                if len(found) != 6 or [f.is_percent for f in found] != [False, False, False, False, True, False]:
                    return None
                initial, budget, executed, weight, rate, score = found
                return ExecutionRow.build(**self._execution_args(row, label, cell), initial=initial, budget=budget,
                                    executed=executed, weight=weight, rate=rate, score=score, row_node=row)
        return None


# a rate heading that states its formula over lettered columns: 执行率(B/A) / 预算执行率（B/A×100%）
_RATE_OF_LETTERS = regex_cache.compile(r"[（(]\s*B\s*[/／÷]\s*A\b")
_LETTER_TAG = regex_cache.compile(r"[（(]\s*([AB])\s*[）)]$")


def _lettered_roles(texts: list[str], roles: dict[str, int]) -> None:
    """The budget and executed columns a rate's own formula names (执行率(B/A) over 预算数(A) |
    执行数(B)), where their words alone are not the block's (预算数 / 执行数 head any budget table).
    `texts`: the heading cells' texts."""
    if not _RATE_OF_LETTERS.search(clean(texts[roles["rate"]])):
        return
    for index, text in enumerate(texts):
        tag = _LETTER_TAG.search(clean(text))
        if tag is not None:
            roles.setdefault("budget" if tag.group(1) == "A" else "executed", index)


def _layout_from_header(roles: dict[str, int]) -> _Layout:
    weight = roles["weight"]
    return _Layout(weight=weight, score=roles["score"], name=roles.get("name", weight - 3),
                   level1=roles.get("level1", weight - 5), level2=roles.get("level2", weight - 4),
                   target=roles.get("target"), actual=roles.get("actual"))


def _layout_from_offset(cells: list[Cell], offset: int, levels: Optional[_Header] = None) -> _Layout:
    """The columns of a row by the weight's offset from its end; the level columns by a header
    row that names them (`levels`: 一级指标 | 二级指标 | 三级指标 under a merged 指标 heading) when
    the row has its width and they stand left of the weight, else 3, 5 and 4 before it."""
    weight = len(cells) - offset
    if levels is not None and len(cells) == levels[1]:
        roles = levels[0]
        name = roles["name"]
        if name < weight and roles.get("level1", -1) < name and roles.get("level2", -1) < name:
            between = [index for index in (roles.get("target"), roles.get("actual")) if index is not None]
            return _Layout(weight=weight, score=weight + 1, name=name, level1=roles.get("level1", -1),
                           level2=roles.get("level2", -1),
                           target=roles.get("target") if between else None,
                           actual=roles.get("actual") if between else None)
    return _Layout(weight=weight, score=weight + 1, name=weight - 3, level1=weight - 5, level2=weight - 4,
                   target=weight - 2, actual=weight - 1)


# -- scores and grades in the prose --------------------------------------------------------
_SCORE = regex_cache.compile(
    r"(?P<label>满分|自评(?:总得分|总分|得分|分数|分值|分)|综合(?:评价得分|评分|得分)|总评分|总得分|总分"
    r"|实际得分|最终得分|评价得分|得分)"
    r"(?:\s*(?:为|是|达到|共计|合计|：|:))?\s*(?P<value>\d{1,3}(?:\.\d+)?)\s*分(?![值数])")
_FULL_LABELS = frozenset({"满分"})
_FULL_WHEN_PAIRED = frozenset({"总评分", "总分"})  # 总评分为100分，实际得分98分
_NEEDS_PAIR = frozenset({"得分"})
_ONE_INDICATOR = regex_cache.compile(r"该项(?!目)|该指标|此项(?!目)|本项(?!目)|指标分值|分值为|权重|实际完成值"
                                     # one indicator's target, with its figure: 年初目标值≥90%
                                     r"|(?:目标值|指标值)[为是：:]?\s*(?:[≥≤><=＞＜]|不低于|不少于|不超过|\d)")
# a part's weight written right before its score: 投入25分，自评得分25分 / 产出指标30分，得分28分
_PART_WEIGHT = regex_cache.compile(r"(?P<weight>\d{1,3}(?:\.\d+)?)\s*分\s*[，,、]?\s*$")
_PART_WEIGHT_REACH = 12  # how far before the label the weight may end (its digits, 分 and a comma)
_OVERALL_CONTEXT = regex_cache.compile(r"自评|绩效|评价|评分")
_NOT_CJK_AFTER = r"(?:(?![\u4e00-\u9fff])|(?=等[级次]))"
_CUES = ("分", "等", "评", "属")
_CUE = regex_cache.compile("[分等评属]")  # a paragraph without any of _CUES states no score or grade
# every _SCORE match holds its label's last 分 (分数, 分值) and then, past a link word, the
# value's first digit: a cheap test before the pattern of many words (分 is common: 部分, 分别)
_SCORE_HINT = regex_cache.compile(r"分[数值]?(?:\s*(?:为|是|达到|共计|合计|：|:))?\s*\d")


@lru_cache(maxsize=16)
def _grade_regex(names: tuple[str, ...]) -> "re.Pattern[str]":
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=lambda name: (-len(name), name)))
    cue = (r"(?:(?:等级|等次|评级)(?:\s*(?:评定为|为|是|属于|属|：|:))?"
           r"|(?:自评|评价|评估)(?:结果|结论|等级)?\s*(?:评定为|为|是|：|:)"
           r"|(?:自评|评价)(?:结果|结论)"
           r"|属于|属|评定为|评为)")
    return regex_cache.compile(cue + r"\s*[“\"「]?(?P<grade>" + alternatives + r")[”\"」]?" + _NOT_CJK_AFTER)


# The first characters of the cue words above: every grade statement starts with one of them.
_GRADE_STARTS = regex_cache.compile("[等评自属]")


def _grade_matches(grade_re: "re.Pattern[str]", view: str) -> Iterator["re.Match[str]"]:
    """`grade_re.finditer(view)`, tried only where a cue word may start (2-3 times faster: the
    regex engine cannot skip ahead to the cue words by itself)."""
    position = 0
    while True:
        start = _GRADE_STARTS.search(view, position)
        if start is None:
            return
        match = grade_re.match(view, start.start())
        if match is None:
            position = start.start() + 1
        else:
            yield match
            position = match.end()


class _SentenceScores:
    """What a sentence's scores say together, gathered in one pass (no per-score rescans)."""

    __slots__ = ("other_full_score", "last_actual_start", "full_or_paired")

    def __init__(self) -> None:
        self.other_full_score = False  # a 满分 that is not the report's full score
        self.last_actual_start = -1  # offset of the last score not labelled 满分
        self.full_or_paired = 0  # how many scores are labelled 满分 / 总评分 / 总分

    def add(self, label: str, value: Decimal, start: int, full_score: Decimal) -> None:
        if label in _FULL_LABELS:
            self.other_full_score = self.other_full_score or value != full_score
        else:
            self.last_actual_start = max(self.last_actual_start, start)
        if label in _FULL_LABELS or label in _FULL_WHEN_PAIRED:
            self.full_or_paired += 1


class _Paragraph:
    """One paragraph's sentences, each question answered once per sentence (cached)."""

    def __init__(self, item: BlockText) -> None:
        self.item = item
        self._one_indicator: dict[tuple[int, int], bool] = {}
        self._context: dict[tuple[int, int], tuple[bool, tuple[int, ...]]] = {}

    def about_one_indicator(self, sentence: tuple[int, int]) -> bool:
        if sentence not in self._one_indicator:
            self._one_indicator[sentence] = bool(_ONE_INDICATOR.search(self.item.view, *sentence))
        return self._one_indicator[sentence]

    def context(self, sentence: tuple[int, int]) -> tuple[bool, tuple[int, ...]]:
        """(about the evaluation as a whole, the years the sentence names)."""
        if sentence not in self._context:
            view = self.item.view
            overall = bool(_OVERALL_CONTEXT.search(view, *sentence)) and not self.about_one_indicator(sentence)
            years = tuple(sorted({int(m.group(1)) for m in YEAR.finditer(view, *sentence)}))
            self._context[sentence] = (overall, years)
        return self._context[sentence]


def _statement_args(facts: Facts, item: BlockText, start: int, end: int, label: str) -> dict[str, Any]:
    return {"span": span_of(facts.source, item.block, start, end), "section": item.section, "label": label,
            "text": item.text[start:end], "block": item.block, "container": item.container,
            "start": start, "end": end}


def _part_weight_before(view: str, sentence_start: int, label_start: int, full_score: Decimal) -> Optional[str]:
    """A weight other than the full score that ends right before the score's label (投入25分，
    自评得分…: '25'): the sentence scores one part of the evaluation (a group of the table), not
    the whole. None when there is none."""
    found = _PART_WEIGHT.search(view, max(sentence_start, label_start - _PART_WEIGHT_REACH), label_start)
    if found is None or Decimal(found.group("weight")) == full_score:
        return None
    return found.group("weight")


def _paragraph_scores(facts: Facts, paragraph: _Paragraph, full_score: Decimal, part: bool = False) -> list[ScoreStatement]:
    item = paragraph.item
    view = item.view
    raw: list[tuple[str, "re.Match[str]", tuple[int, int]]] = []
    by_sentence: dict[tuple[int, int], _SentenceScores] = {}
    for match in _SCORE.finditer(view):
        label = match.group("label")
        sentence = item.sentence_bounds(match.start())
        raw.append((label, match, sentence))
        by_sentence.setdefault(sentence, _SentenceScores()).add(
            label, Decimal(match.group("value")), match.start("value"), full_score)
    out: list[ScoreStatement] = []
    for label, match, sentence in raw:
        if paragraph.about_one_indicator(sentence):
            continue
        summary = by_sentence[sentence]
        if summary.other_full_score:
            continue  # 满分20分，得分18分: one indicator's score, not the total
        weight = _part_weight_before(view, sentence[0], match.start(), full_score)
        start, end = match.start("value"), match.end("value")
        later_actual = summary.last_actual_start > start
        if weight is not None:  # 投入25分，自评得分25分: one part's weight and score, not the total
            if label in _FULL_LABELS:
                continue
            role = "actual"
        elif label in _FULL_LABELS or (label in _FULL_WHEN_PAIRED and later_actual):
            role = "full"
        elif label in _NEEDS_PAIR:
            if summary.full_or_paired == 0:  # a bare 得分 is not itself one of these labels
                continue
            role = "actual"
        else:
            role = "actual"
        number = match.group("value")
        out.append(ScoreStatement.build(**_statement_args(facts, item, start, end, label), role=role, number=number,
                                  value=Decimal(number), year=item.year_before(start, sentence[0]),
                                  sentence=sentence, part=part or weight is not None, weight=weight))
    return out


def _read_statements(facts: Facts) -> tuple[list[ScoreStatement], list[GradeStatement]]:
    """Every overall score and grade stated in the report's paragraphs (table cells excluded)."""
    names = grade_names(bands_of(facts.profile))
    full_score = full_score_of(facts.profile)
    grade_re = _grade_regex(tuple(names))
    scores: list[ScoreStatement] = []
    grades: list[GradeStatement] = []
    for item in facts.blocks:
        view = item.view
        if not view or not isinstance(item.block, Paragraph) or _CUE.search(view) is None:
            continue
        paragraph = _Paragraph(item)
        part = item.block.kind == "heading" and _OVERALL_HEADING.search(view) is None
        found = _paragraph_scores(facts, paragraph, full_score, part) if _SCORE_HINT.search(view) else []
        scores.extend(found)
        actual = [s for s in found if s.role == "actual" and s.weight is None]  # (a part's score grades nothing)
        index = 0  # actual scores before the grade (grades come in text order)
        for match in _grade_matches(grade_re, view):
            written_grade = match.group("grade")
            start, end = match.start("grade"), match.end("grade")
            while index < len(actual) and actual[index].start < start:
                index += 1
            score = actual[index - 1] if index > 0 else (actual[0] if actual else None)
            evaluation, years = paragraph.context(item.sentence_bounds(start))
            band = names[written_grade]
            grades.append(GradeStatement.build(**_statement_args(facts, item, start, end, written_grade),
                                         grade=band.grade, band=band, score=score, evaluation=evaluation,
                                         years=years))
    return scores, grades


# a heading that names the overall result: its score is the report's (二、自评结论（自评得分95分）)
_OVERALL_HEADING = regex_cache.compile(r"结论|总分|总体|综合|整体|自评结果|评价结果|自评情况|评价情况|得分情况|评分情况")


def _statements(facts: Facts) -> tuple[list[ScoreStatement], list[GradeStatement]]:
    return facts.memo("scores.statements", lambda: _read_statements(facts))


def extract_score_statements(facts: Facts) -> list[ScoreStatement]:
    return _statements(facts)[0]


def extract_grade_statements(facts: Facts) -> list[GradeStatement]:
    return _statements(facts)[1]


Facts.register("score_rows", extract_score_rows)
Facts.register("score_statements", extract_score_statements)
Facts.register("grade_statements", extract_grade_statements)
