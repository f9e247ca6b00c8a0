"""Totals in tables: a total row and its sub-rows, column by column.

Two shapes occur in the attached tables (附件1-1 基础数据表, 附件1-2 自评表):

* rows: a row with figures (三公经费 | 25.12 | 34.50 | 34.12) followed by numbered sub-rows
  (1.… 2.… 3.…, "4其他…" too) is the sum of them, column by column: the template lists all
  its parts. 其中 rows (其中：公车购置, then indented rows such as 公车运行维护) list
  selected items only, so they may fall short of their row but never exceed it.
* stacked cells: a column of `label：value` cells, a total (按支出性质分：303.36) and below it
  a 其中 list (其中：基本支出：194.30 / 项目支出：106.06 / 转入结余分配：0.12), read as
  the prose 其中 rule reads it: complete unless it says 等 or 主要.

An empty cell (or ——) is unknown, not zero: with unknown parts only "the known parts
exceed the total" can be claimed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from reportlint.parse.model import Cell, Row, Table
from reportlint.numbers import Interval, parse_decimal, sum_intervals
from reportlint.input.source import fold

from .figures import Figure, cell_figure

_NUMBERED = re.compile(r"^\s*(\d{1,2})(?:[.．、]\s*|(?=[\u4e00-\u9fff]))")
_QIZHONG = re.compile(r"^\s*其中")
_STACKED = re.compile(r"^\s*(其中[：:]\s*)?([^：:\d]{2,40}?)[：:]\s*([-+]?\d+(?:,\d{3})*(?:\.\d+)?)?\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")
_ARTIFACT = re.compile(r"\[bookmark:[^\]]*\]")  # .docx extraction residue, not report text


def _blank_artifacts(text: str) -> str:
    """The parse view of a cell: folded (full-width digits as ASCII) and extraction artifacts
    as spaces; same length, so offsets stay offsets in the cell."""
    text = fold(text)
    return _ARTIFACT.sub(lambda m: " " * len(m.group()), text) if "[" in text else text


@dataclass
class TableTotal:
    """A total cell and the cells that should make it."""

    total: Figure
    parts: list[Figure]
    unknown: list[str]  # labels of parts whose cell is empty
    complete: bool  # the parts are all of the total (numbered rows, a complete 其中 list)
    row_label: str
    column: str = ""  # the column's heading (2023年预算数), when the table has one
    part_labels: list[str] = field(default_factory=list)
    _sum: Optional[Interval] = field(default=None, init=False, repr=False, compare=False)

    @property
    def sum(self) -> Interval:
        if self._sum is None:
            self._sum = sum_intervals([p.interval for p in self.parts])
        return self._sum

    def problem(self) -> Optional[str]:
        """'exceeds' / 'short' / None."""
        if not self.parts:
            return None
        total = self.total.interval
        if self.sum.low > total.high:
            return "exceeds"
        if self.complete and not self.unknown and self.sum.high < total.low:
            return "short"
        return None


@dataclass
class _Line:
    row: Row
    label: str
    label_cell: Optional[Cell]
    label_index: int
    values: dict[int, Optional[Figure]]  # column index → figure (None: empty or not a number)
    numeric: bool = False  # some cell of the row is a plain number (so it is not a heading row)


CellReader = Callable[[Cell], Optional[Figure]]


def table_totals(table: Table, container: Any, figure_of: Optional[CellReader] = None) -> list[TableTotal]:
    """Every total of the table with its parts (consistent or not).

    `figure_of` reads a cell's number; the plugin passes one that reads each cell once per
    document (the same cells are read by the rate definitions too).
    """
    if figure_of is None:
        figure_of = lambda cell: cell_figure(cell, container)  # noqa: E731
    try:
        lines = [_line(row, figure_of) for row in table.rows]
        return _row_groups(lines) + _stacked(table, container)
    except (IndexError, ValueError, AttributeError):  # odd tables: say nothing rather than crash
        return []


def _line(row: Row, figure_of: CellReader) -> _Line:
    label, label_cell, label_index = "", None, -1
    for index, cell in enumerate(row.cells):
        if _CJK.search(cell.text or ""):
            label, label_cell, label_index = _SPACE.sub("", cell.text), cell, index
            break
    values = {}
    numeric = False
    for index, cell in enumerate(row.cells):
        figure = figure_of(cell)
        numeric = numeric or figure is not None and not figure.unit
        if index <= label_index:
            continue
        if figure is not None and figure.is_percent:
            figure = None
        values[index] = figure
    return _Line(row, label, label_cell, label_index, values, numeric)


def _has_figures(line: _Line) -> bool:
    return any(v is not None for v in line.values.values())


def _indent(line: _Line) -> int:
    return line.label_cell.span.column if line.label_cell is not None else 0


def _row_groups(lines: list[_Line]) -> list[TableTotal]:
    totals: list[TableTotal] = []
    headings = _headings_above(lines)
    index = 0
    while index < len(lines):
        head = lines[index]
        if not head.label or not _has_figures(head) or _NUMBERED.match(head.label) or _QIZHONG.match(head.label):
            index += 1
            continue
        numbered: list[tuple[_Line, list[_Line]]] = []
        direct_qizhong: list[_Line] = []
        expected = 1
        cursor = index + 1
        in_qizhong = False
        while cursor < len(lines):
            line = lines[cursor]
            number = _NUMBERED.match(line.label) if line.label else None
            if number and int(number.group(1)) == expected and line.label_index == head.label_index:
                numbered.append((line, []))
                expected += 1
                in_qizhong = False
            elif line.label and _QIZHONG.match(line.label):
                in_qizhong = True
                (numbered[-1][1] if numbered else direct_qizhong).append(line)
            elif in_qizhong and line.label and _indent(line) > _indent(head):
                (numbered[-1][1] if numbered else direct_qizhong).append(line)
            else:
                break
            cursor += 1
        if numbered:
            totals += _column_totals(head, [n for n, _ in numbered], True, headings[index])
            for child, subrows in numbered:
                if subrows and _has_figures(child):
                    position = next(i for i, line in enumerate(lines) if line is child)
                    totals += _column_totals(child, subrows, False, headings[position])
        elif direct_qizhong:
            totals += _column_totals(head, direct_qizhong, False, headings[index])
        index = cursor if cursor > index + 1 else index + 1
    return totals


def _column_totals(head: _Line, children: list[_Line], complete: bool,
                   heading: Optional[list[str]]) -> list[TableTotal]:
    found = []
    for column, total in head.values.items():
        if total is None:
            continue
        parts, unknown, labels = [], [], []
        for child in children:
            figure = child.values.get(column)
            if figure is None:
                unknown.append(child.label)
            else:
                parts.append(figure)
                labels.append(child.label)
        found.append(TableTotal(total=total, parts=parts, unknown=unknown, complete=complete,
                                row_label=head.label, column=_column_heading(heading, column),
                                part_labels=labels))
    return found


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


def _column_heading(heading: Optional[list[str]], column: int) -> str:
    """The heading row's text over a column (2023年预算数), '' when there is none."""
    if heading is None or column >= len(heading) or not _CJK.search(heading[column]):
        return ""
    return _SPACE.sub("", heading[column])


def _stacked(table: Table, container: Any) -> list[TableTotal]:
    found = []
    width = max((len(r.cells) for r in table.rows), default=0)
    rows = table.rows
    for column in range(width):
        cells = [r.cells[column] if column < len(r.cells) else None for r in rows]
        if not any(c is not None and "其中" in c.text for c in cells):
            continue  # a stacked list needs a 其中 cell in its column
        matches = [_STACKED.match(_blank_artifacts(c.text))
                   if c is not None and c.text and ("：" in c.text or ":" in c.text) else None for c in cells]
        index = 0
        while index < len(cells) - 1:
            head, following = matches[index], matches[index + 1]
            if not (head and head.group(3) and not head.group(1) and following and following.group(1)):
                index += 1
                continue
            total = _stacked_figure(cells[index], head, container)
            parts, unknown, labels = [], [], []
            cursor = index + 1
            while cursor < len(cells) and matches[cursor] is not None:
                if cursor > index + 1 and matches[cursor].group(1):
                    break  # a second 其中 starts another list
                name = _SPACE.sub("", matches[cursor].group(2))
                figure = _stacked_figure(cells[cursor], matches[cursor], container)
                if figure is None:
                    unknown.append(name)
                else:
                    parts.append(figure)
                    labels.append(name)
                cursor += 1
            partial = any("等" in n[-1:] or "主要" in n for n in labels + unknown)
            if total is not None and parts:
                found.append(TableTotal(total=total, parts=parts, unknown=unknown, complete=not partial,
                                        row_label=_SPACE.sub("", head.group(2)), part_labels=labels))
            index = cursor
    return found


def _stacked_figure(cell: Cell, match: re.Match, container: Any) -> Optional[Figure]:
    number = match.group(3)
    if not number:
        return None
    value = parse_decimal(number)
    if value is None:
        return None
    return Figure(block=cell, container=container, start=match.start(3), end=match.end(3), number=number,
                  value=value, unit="", label=_SPACE.sub("", match.group(2)))
