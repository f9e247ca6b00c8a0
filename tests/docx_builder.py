"""Test helper: turn a layout-text report (a seed .txt) into a real Word .docx.

Body lines become paragraphs; runs of tab-prefixed cell lines become real Word tables
(a row with fewer cells than the table's widest row gets its last cell merged across the
rest, `w:gridSpan`; an empty first cell under a filled one becomes a vertical merge,
`w:vMerge`); headings whose marker is `一、`, `（一）`, `1.` or `（1）` at the start of the
line are numbered by Word's automatic numbering (the marker is removed from the text and
produced by numbering.xml: one multi-level list, chineseCounting / decimal formats, and a
new `w:num` with `w:startOverride` wherever the text's number is not the one Word would
produce next, i.e. Word's "restart/set numbering value").

The builder simulates Word's counters on its own (it does not use the reader's code), so
the round trip text → .docx → reader checks the reader against an independent model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

CELL = re.compile(r"^[ ]*\t")
CN = "一二三四五六七八九十"
CN_VALUE = {ch: i + 1 for i, ch in enumerate(CN)}

# (level, regex on the line, format, lvlText)
LIST_LEVELS = [
    (0, re.compile(rf"^([{CN}]{{1,2}})、(?=\S)"), "chineseCounting", "%1、"),
    (1, re.compile(rf"^（([{CN}]{{1,2}})）(?=\S)"), "chineseCounting", "（%2）"),
    (2, re.compile(r"^(\d{1,2})\.(?![\d\s])"), "decimal", "%3."),
    (3, re.compile(r"^（(\d{1,2})）(?=\S)"), "decimal", "（%4）"),
]
ABSTRACT_ID = 90
FIRST_NUM_ID = 90


def _cn_value(text: str) -> int:
    if len(text) == 1:
        return CN_VALUE[text]
    if text[0] == "十":
        return 10 + CN_VALUE[text[1]]
    if text[1] == "十":
        return CN_VALUE[text[0]] * 10
    return -1


@dataclass
class Table:
    rows: list[list[list[str]]] = field(default_factory=list)  # row → cell → lines


@dataclass
class BuildStats:
    paragraphs: int = 0
    numbered: int = 0
    restarts: int = 0
    tables: int = 0
    hmerges: int = 0
    vmerges: int = 0


def split_blocks(text: str) -> list[Union[str, Table]]:
    """Body lines (str) and tables, as the layout grammar groups them."""
    lines = text.split("\n")
    blocks: list[Union[str, Table]] = []
    i, n = 0, len(lines)
    while i < n:
        if not CELL.match(lines[i]):
            blocks.append(lines[i])
            i += 1
            continue
        table = Table()
        while i < n and CELL.match(lines[i]):
            row: list[list[str]] = []
            while i < n and lines[i] != "":
                if CELL.match(lines[i]):
                    row.append([CELL.sub("", lines[i], count=1)])
                else:
                    row[-1].append(lines[i])
                i += 1
            table.rows.append(row)
            i += 1  # the empty line that ends the row
        blocks.append(table)
    return blocks


class _ListState:
    """Word's counters for the builder's one list, to decide when a restart is needed."""

    def __init__(self, numbering_el):
        self.numbering_el = numbering_el
        self.counters: dict[int, int] = {}
        self.starts: dict[int, int] = {}  # the current w:num's startOverride values
        self.next_num_id = FIRST_NUM_ID
        self.current = self._new_num({})

    def _new_num(self, overrides: dict[int, int]) -> int:
        num_id = self.next_num_id
        self.next_num_id += 1
        xml = f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{ABSTRACT_ID}"/>'
        for level, start in overrides.items():
            xml += f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        self.numbering_el.append(parse_xml(xml + "</w:num>"))
        return num_id

    def use(self, level: int, number: int) -> tuple[int, bool]:
        """The numId that renders `number` at `level` next; True when it is a restart."""
        restarted = False
        expected = self.counters[level] + 1 if level in self.counters else self.starts.get(level, 1)
        if expected != number:
            # Word's "set numbering value": a new w:num whose startOverride is the level's start
            # value for that instance, also when the level restarts after a higher level later.
            self.current = self._new_num({level: number})
            self.starts = {level: number}
            restarted = True
        self.counters[level] = number
        for deeper in [d for d in self.counters if d > level]:
            del self.counters[deeper]
        return self.current, restarted


def _abstract_xml() -> str:
    levels = ""
    for level, _, fmt, text in LIST_LEVELS:
        levels += (f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_ID}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')


def _numbered(line: str):
    for level, pattern, _, _ in LIST_LEVELS:
        match = pattern.match(line)
        if match:
            raw = match.group(1)
            number = int(raw) if raw.isdigit() else _cn_value(raw)
            if number > 0:
                return level, number, line[match.end():]
    return None


def _set_numbering(paragraph, num_id: int, level: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build_docx(text: str, out: Path, numbering: bool = True) -> BuildStats:
    """Write `text` as a .docx at `out`; returns what was built (for tests to assert on)."""
    document = docx.Document()
    stats = BuildStats()
    numbering_el = document.part.numbering_part.element
    first_num = numbering_el.find(qn("w:num"))
    abstract = parse_xml(_abstract_xml())
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering_el.append(abstract)
    state = _ListState(numbering_el)
    for block in split_blocks(text):
        if isinstance(block, Table):
            _add_table(document, block, stats)
            continue
        stats.paragraphs += 1
        found = _numbered(block) if numbering else None
        if found:
            level, number, rest = found
            paragraph = document.add_paragraph(rest)
            num_id, restarted = state.use(level, number)
            _set_numbering(paragraph, num_id, level)
            stats.numbered += 1
            stats.restarts += restarted
        else:
            document.add_paragraph(block)
    document.save(str(out))
    return stats


def _add_table(document, block: Table, stats: BuildStats) -> None:
    stats.tables += 1
    width = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=width)
    for r, row in enumerate(block.rows):
        if len(row) < width:
            table.cell(r, len(row) - 1).merge(table.cell(r, width - 1))
            stats.hmerges += 1
    for r in range(1, len(block.rows)):
        row, above = block.rows[r], block.rows[r - 1]
        if len(row) >= 2 and len(above) >= 2 and row[0] == [""] and (above[0] != [""] or _is_continuation(table, r - 1)):
            table.cell(r - 1, 0).merge(table.cell(r, 0))
            stats.vmerges += 1
    for r, row in enumerate(block.rows):
        tr = table.rows[r]._tr
        tcs = tr.findall(qn("w:tc"))
        for c, lines in enumerate(row):
            tc = tcs[c]
            if _tc_is_continuation(tc):
                continue
            cell = docx.table._Cell(tc, table)
            cell.paragraphs[0].text = lines[0]
            for extra in lines[1:]:
                cell.add_paragraph(extra)
    # Word needs a paragraph between two tables; the text has the row's empty line for it.


def _tc_is_continuation(tc) -> bool:
    tc_pr = tc.tcPr
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(qn("w:vMerge"))
    return v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"


def _is_continuation(table, r: int) -> bool:
    return _tc_is_continuation(table.rows[r]._tr.findall(qn("w:tc"))[0])
