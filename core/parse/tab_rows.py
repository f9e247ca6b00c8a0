"""Tables of a plain-text report written one row to a line, cells separated by tabs.

Word's 另存为纯文本, Excel's tab-delimited text and a table copied from a browser or Word into
a text editor all give the same shape: a row per line, a tab between two cells (an empty cell
is nothing between two tabs, so a row whose first cell is empty starts with a tab). The layout
grammar's own table form is a cell per tab-prefixed line and an empty line after each row;
these rows are taken here instead of in the grammar, after the lines are built, so that every
cell keeps its exact line and column in the user's file.

Only a plain-text source is read this way (`Source.origins is None`): the .docx, .html, .pdf
and spreadsheet readers render their tables in the layout form themselves, and a tab in a
Word paragraph is an alignment stop, not a cell boundary. A run of such lines is a table
only when two of its rows have two cells filled or more: one line with a tab in it (a
signature spaced with a tab) stays a paragraph. A short line without a tab right between two
rows is a row of one cell merged across the table.
"""

from __future__ import annotations

from typing import Optional

from reportlint import regex_cache
from .model import Cell, Paragraph, Row, parsed_cell, parsed_row, parsed_span
from ..input.source import Source

MIN_FILLED_ROWS = 2  # rows with two cells filled or more that make a run a table
MAX_MERGED_ROW = 60  # a tab-less line between two rows longer than this is prose
_SPACES = " \t\u3000\xa0"  # around a cell's text (a tab only in a pipe row's cells: parse.pipe_rows)
# a tab after a cell's text; the tab first, so that `re` looks for it with a plain search
# instead of trying the class at every character (20x faster on a table-heavy report)
_TAB_AFTER_TEXT = regex_cache.compile(r"\t(?<=[^\t\n ]\t)")


def tab_separated_rows(items: list, source: Source) -> list:
    """`items` with each run of tab-separated lines made rows (see the module docstring)."""
    if source.origins is not None or "\t" not in source.text:
        return items
    # the lines with a tab after a cell's text (the layout form has tabs only before its cells):
    # most files have none (or one), and their items are not looked at
    lines = {source.position(match.start())[0] for match in _TAB_AFTER_TEXT.finditer(source.text)}
    if len(lines) < MIN_FILLED_ROWS:  # a row with two cells filled has a tab after text
        return items
    rows_of = [_as_rows(item, source, lines) for item in items]
    for index in range(1, len(items) - 1):  # a row merged across the table: one cell, no tab
        if rows_of[index] is None and rows_of[index - 1] and rows_of[index + 1]:
            rows_of[index] = _merged_between(items[index], rows_of[index - 1][-1], rows_of[index + 1][0])
    out: list = []
    run: list[int] = []
    for index, item in enumerate(items):
        if rows_of[index]:
            run.append(index)
            continue
        _close(run, items, rows_of, out)
        run = []
        out.append(item)
    _close(run, items, rows_of, out)
    return out


def _close(run: list[int], items: list, rows_of: list, out: list) -> None:
    """A finished run: its rows when it is a table, else the items it came from."""
    if not run:
        return
    rows = [row for index in run for row in rows_of[index]]
    if fills_a_table(rows):
        out.extend(rows)
    else:
        out.extend(items[index] for index in run)


def fills_a_table(rows: list[Row]) -> bool:
    """Whether a run of delimited lines is a table: MIN_FILLED_ROWS of its rows fill two cells or more."""
    return sum(1 for row in rows if sum(1 for cell in row.cells if cell.text) >= 2) >= MIN_FILLED_ROWS


def _as_rows(item: object, source: Source, lines: set[int]) -> Optional[list[Row]]:
    """The rows an item is written as; None when it is no row. `lines`: those with a tab after text."""
    if type(item) is Paragraph:
        if item.kind != "paragraph" or item.span.line not in lines:
            return None
        # the line as written: its trailing tabs are empty cells the paragraph's text left out
        row = _row(source.line_text(item.span.line), item.span.line)
        return None if row is None else [row]
    if type(item) is Row and any(line in lines for line in range(item.span.line, item.span.end_line + 1)):
        # the grammar took a line that starts with a tab (an empty first cell) for a layout
        # row, and the lines after it for its cell's wrapped text: each of them is a row
        # (a line without a tab among them is a row of one cell, merged across the table)
        rows = []
        for line in range(item.span.line, item.span.end_line + 1):
            text = source.line_text(line)
            row = _row(text, line) if "\t" in text else _one_cell_row(text, line)
            if row is not None:
                rows.append(row)
        return rows or None
    return None


def _merged_between(item: object, above: Row, below: Row) -> Optional[list[Row]]:
    """A short tab-less paragraph on the line right between two rows: a row of one merged cell."""
    if type(item) is not Paragraph or item.kind != "paragraph" or len(item.text) > MAX_MERGED_ROW:
        return None
    line = item.span.line
    if above.span.end_line != line - 1 or below.span.line != line + 1:
        return None
    return [parsed_row([parsed_cell(item.text, item.span)], item.span)]


def _row(text: str, line: int) -> Optional[Row]:
    """The row of a line with a tab in it; None when no cell of it is filled."""
    pieces, start = [], 0
    for piece in text.split("\t"):
        pieces.append((start, start + len(piece)))
        start += len(piece) + 1
    return row_of(text, line, pieces)


def row_of(text: str, line: int, pieces: list[tuple[int, int]]) -> Optional[Row]:
    """The row of line `line` (its text `text`) cut into cells at `pieces`, [start, end)
    offsets: each cell its text without the spaces around it, at its column in the file.
    None when no cell is filled. Shared by tab rows and pipe rows (parse.pipe_rows)."""
    cells: list[Cell] = []
    for start, end in pieces:
        piece = text[start:end]
        content = piece.strip(_SPACES)
        column = 1 + start + (len(piece) - len(piece.lstrip(_SPACES)))
        cells.append(parsed_cell(content, parsed_span(line, column, line, column + len(content))))
    filled = [cell for cell in cells if cell.text]
    if not filled:
        return None
    return parsed_row(cells, parsed_span(line, filled[0].span.column, line, filled[-1].span.end_column))


def _one_cell_row(text: str, line: int) -> Optional[Row]:
    """The row of one cell that a line without a tab is in a table (None for an empty line)."""
    content = text.strip(_SPACES)
    if not content:
        return None
    column = 1 + text.index(content)
    span = parsed_span(line, column, line, column + len(content))
    return parsed_row([parsed_cell(content, span)], span)
