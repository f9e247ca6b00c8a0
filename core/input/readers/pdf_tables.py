"""Tables without ruling lines in a PDF: rows of whitespace-aligned runs, read as rows of
cells only when their columns line up and hold numbers (docs/inputs-and-review.md, PDF)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any, Optional

from reportlint import regex_cache
from .pdf_runs import Segment, join_text, runs_of, text_of


@dataclass
class Borderless:
    """A whitespace-aligned table: its rows of cells (a cell is its lines)."""

    top: float
    cells: list[list[Optional[list[str]]]]


_NUMBER_CELL = regex_cache.compile(r"^[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:%|‰|万元|元|人|个|项|次)?$")
_CAPTION = regex_cache.compile(r"^(?:附件|附表|表\s*\d|[一二三四五六七八九十]+\s*[、.．])")
MIN_TABLE_ROWS = 3
MAX_LABEL_ROWS = 3  # rows with one run (group labels, wrapped cells) in a row inside a table
MAX_TABLE_ROWS = 200  # baseline rows one table is looked for in (a page holds about 50): bounds the work


def split_borderless_tables(rows: list[list[dict]], size: float) -> list[Any]:
    """Rows as they are (text lines), except runs that are confidently a whitespace-aligned table.

    Confident means: at least `MIN_TABLE_ROWS` consecutive rows, close together, with two or more
    runs of text each, whose runs line up in the same two or more columns, and numbers in the
    cells of at least two rows (and a third of them). A row with one run inside such a table
    (a group label with empty number cells) is a row of the table when it lies in one column.
    """
    segments = [runs_of(row, size) for row in rows]
    out: list[Any] = []
    index = 0
    while index < len(rows):
        if len(segments[index]) >= 2:
            end = index
            probe = index + 1
            while probe < len(rows) and _close(rows[probe - 1], rows[probe], size) and probe - end <= MAX_LABEL_ROWS \
                    and probe - index < MAX_TABLE_ROWS:
                if len(segments[probe]) >= 2:
                    end = probe
                elif _CAPTION.match(text_of(rows[probe])):
                    break  # the caption of the next table, or a heading: the table ends above it
                probe += 1
            aligned, cells = _align(rows[index:end + 1], segments[index:end + 1], size)
            if cells is not None:
                out.append(Borderless(min(c["top"] for c in rows[index]), cells))
                index += aligned
                continue
            # rows that line up but hold too few numbers: text lines, all of them (no table starts
            # inside them either: this keeps the search linear on a page of aligned words)
            out.extend(rows[index:index + max(1, aligned)])
            index += max(1, aligned)
            continue
        out.append(rows[index])
        index += 1
    return out


def _close(above: list[dict], below: list[dict], size: float) -> bool:
    return min(c["top"] for c in below) - max(c["bottom"] for c in above) <= size * 2.0


def _align(rows: list[list[dict]], segments: list[list[Segment]], size: float
           ) -> tuple[int, Optional[list[list[Optional[list[str]]]]]]:
    """How many leading rows line up in columns, and their rows of cells when they are a table."""
    width = max(len(row) for row in segments)
    reference = [row for row in segments if len(row) == width]
    if width < 2 or len(reference) < 2:
        return 0, None
    columns = [(min(row[c].x0 for row in reference), max(row[c].x1 for row in reference)) for c in range(width)]
    if any(columns[c][1] >= columns[c + 1][0] for c in range(width - 1)):
        return 0, None  # the widest rows do not line up
    tolerance = size * 0.5
    placed: list[list[Optional[Segment]]] = []  # per row: the segment starting each cell, None for an empty one
    for row in segments:
        owner: dict[int, Segment] = {}
        spans: dict[int, int] = {}
        for segment in row:
            hit = [c for c, (x0, x1) in enumerate(columns)
                   if segment.x0 < x1 + tolerance and segment.x1 > x0 - tolerance]
            if not hit or any(c in owner for c in hit):
                break
            for c in hit:
                owner[c] = segment
            spans[hit[0]] = len(hit)
        else:
            if len(row) == 1 and max(spans.values()) > 1:
                break  # one run across several columns: a caption or prose, not a row
            cells: list[Optional[Segment]] = []
            column = 0
            while column < width:
                cells.append(owner[column] if column in spans else None)
                column += spans.get(column, 1)
            placed.append(cells)
            continue
        break
    while placed and sum(1 for cell in placed[-1] if cell) < 2:
        placed.pop()  # a table ends on a full row
    used = len(placed)
    table: list[list[Optional[list[str]]]] = [[[text_of(cell.chars)] if cell else [] for cell in row]
                                              for row in placed]
    full_rows = [row for row in table if sum(1 for cell in row if cell) >= 2]
    numeric = [row for row in table if any(cell and _NUMBER_CELL.match(cell[0]) for cell in row)]
    if len(full_rows) < MIN_TABLE_ROWS or len(numeric) < max(2, len(table) / 3):
        return used, None
    return used, _join_wrapped_cells(table, [min(c["top"] for c in row) for row in rows[:used]])


def _join_wrapped_cells(table: list[list[Optional[list[str]]]], tops: list[float]) -> list[list[Optional[list[str]]]]:
    """Rows that are the second line of a wrapped cell, joined to the row above.

    Without rules, a wrapped cell shows only by spacing: its lines are closer together than the
    rows of the table. A row closer than 0.8 of the usual distance to the one above, with the
    same cells and no number in them, is such a line. With even spacing nothing is joined.
    """
    if len(table) < 3:
        return table
    pitches = [below - above for above, below in zip(tops, tops[1:])]
    usual = statistics.median(pitches)
    out = [table[0]]
    for row, pitch in zip(table[1:], pitches):
        above = out[-1]
        numbers = any(cell and _NUMBER_CELL.match(cell[0]) for cell in row)
        if pitch < 0.8 * usual and not numbers and len(row) == len(above):
            for column, cell in enumerate(row):
                if cell:
                    target = above[column]
                    if target:
                        target[-1] = join_text(target[-1], cell[0])
                    else:
                        above[column] = list(cell)
            continue
        out.append(row)
    return out
