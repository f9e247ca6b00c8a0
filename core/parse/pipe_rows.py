"""Tables of a plain-text report written with pipes between cells: Markdown and web-page copies.

A report converted to Markdown (pandoc, markitdown, a site's "copy as text") writes each table
row on a line with a `|` between two cells, `| 项目 | 预算数 | 执行数 |`, and a rule under the
heading row, `|---|---:|`; text copied through some readers gives the same rows without the
leading pipe (`项目 | 预算数 | 执行数 |`) and an empty cell as nothing between two pipes. These
lines are read as rows here, after the lines are built (as `tab_rows` does for tabs), so that
every cell keeps its exact line and column in the user's file.

Only a plain-text source is read this way (`Source.origins is None`: the other readers render
their tables themselves). A line is a row when it has two pipes or more (a full-width ｜
counts as one); a `\\|` is text. A run of such lines, rules included, is a table only when two
of its rows fill two cells or more, as for tabs: one line with pipes in it (a site's
`首页 | 政务公开 | 互动交流` menu between two paragraphs) stays a paragraph. A heading's line
is never one: a marker followed by a pipe is a form's row already (`layout.not_a_heading`).
"""

from __future__ import annotations

import re
from typing import Optional

from reportlint import regex_cache
from .model import Paragraph, Row
from .tab_rows import MIN_FILLED_ROWS, fills_a_table, row_of
from ..input.source import Source

_SPACES = " \t\u3000\xa0"
_PIPES = "|｜"
# a pipe between cells: not one escaped with a backslash (Markdown's \| is a | in a cell's text)
_PIPE = regex_cache.compile(r"(?<!\\)[|｜]")
# a line of two pipes or more; searched over the whole text only when it has a pipe at all
_PIPE_LINE = regex_cache.compile(r"^[^\n|｜]*[|｜][^\n|｜]*[|｜][^\n]*$", re.MULTILINE)
# Markdown's rule under the heading row: |---|:---:|---:|
_RULE = regex_cache.compile(r"^[ \t]*[|｜]?(?:[ \t]*:?-{2,}:?[ \t]*[|｜])+(?:[ \t]*:?-{2,}:?[ \t]*)?$")


def pipe_separated_rows(items: list, source: Source) -> list:
    """`items` with each run of pipe-separated lines made rows (see the module docstring)."""
    text = source.text
    if source.origins is not None or ("|" not in text and "｜" not in text):
        return items
    lines = {source.position(match.start())[0] for match in _PIPE_LINE.finditer(text)}
    if len(lines) < MIN_FILLED_ROWS:
        return items
    out: list = []
    run: list[tuple[object, str]] = []  # (paragraph, its line as written)
    for item in items:
        if type(item) is Paragraph and item.kind == "paragraph" and item.span.line in lines:
            run.append((item, source.line_text(item.span.line)))
            continue
        _close(run, out)
        run = []
        out.append(item)
    _close(run, out)
    return out


def _close(run: list[tuple[object, str]], out: list) -> None:
    """A finished run of pipe lines: its rows when it is a table, else the items it came from.

    A pipe before a line's first cell opens that cell when every line of the run starts with
    one (Markdown: `| a | b |`); otherwise it closes an empty first cell (` | 19 | 10 |` among
    `项目 | 预算数 |` lines: a row whose first cell is blank). A rule line makes no row; a
    line of empty cells ends a table."""
    if not run:
        return
    opened = all(text.lstrip(_SPACES)[:1] in _PIPES for _, text in run if not _RULE.match(text))
    table: list[tuple[object, Optional[Row]]] = []  # (line's paragraph, its row; None for a rule)
    for item, text in run:
        if _RULE.match(text):
            table.append((item, None))
            continue
        row = _row(text, item.span.line, opened)  # type: ignore[attr-defined]
        if row is not None:
            table.append((item, row))
            continue
        _keep(table, out)
        table = []
        out.append(item)
    _keep(table, out)


def _keep(table: list[tuple[object, Optional[Row]]], out: list) -> None:
    """Rows that are a table (two of them fill two cells or more), else the lines they were."""
    if fills_a_table([row for _, row in table if row is not None]):
        out.extend(row for _, row in table if row is not None)
    else:
        out.extend(item for item, _ in table)


def _row(text: str, line: int, opened: bool) -> Optional[Row]:
    """The row of a line with pipes in it; None when it has fewer than two pipes or no cell filled.
    `opened`: a pipe before the first cell opens it (else it closes an empty first cell)."""
    cuts = [match.start() for match in _PIPE.finditer(text)]
    if len(cuts) < 2:
        return None
    bounds = [-1, *cuts, len(text)]
    pieces = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
    if opened and not text[:cuts[0]].strip(_SPACES):  # | a | b: the leading pipe opens the first cell
        pieces = pieces[1:]
    if not text[cuts[-1] + 1:].strip(_SPACES):  # a | b |: the trailing pipe closes the last one
        pieces = pieces[:-1]
    return row_of(text, line, pieces)
