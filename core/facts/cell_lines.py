"""Tables a web page exported one cell per line: `年度资金总额: |`, `30 |`, `|` for an empty cell.

Such a copy keeps each cell's text and its bar, but not where a row ends (a line of bars
alone, `||`, sometimes ends one and sometimes pads merged cells), so it cannot be rebuilt as
a model Table. What can be read is the stream of cells in reading order: a heading cell is
followed, some cells later, by the cells under it in the same order. `cell_runs` gives the
runs of such lines (six or more consecutive paragraphs of one container ending with a bar);
readers that know a table's headings in order (the budget block of a 自评表,
`scores.stream_execution_tables`) read their rows from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from .text import BlockText

if TYPE_CHECKING:
    from .store import Facts

MIN_RUN = 6  # fewer lines ending with a bar are a paragraph's own bars, not an exported table
_BARS = frozenset("| \u3000")


class CellLine(NamedTuple):
    """One exported cell: its paragraph, and its text (`item.view[start:end]`, '' when empty)."""

    item: BlockText
    text: str
    start: int
    end: int


def _cell_line(item: BlockText) -> Any:
    """The CellLine of a paragraph that is one exported cell (its text, then a bar), else None."""
    view = item.view
    stripped = view.rstrip(" \u3000")
    if not stripped.endswith("|") or item.is_cell or item.block.kind != "paragraph":
        return None
    if all(char in _BARS for char in stripped):
        return CellLine(item, "", 0, 0)  # `|` or `||`: an empty cell (or a row's padding)
    end = stripped.rstrip("| \u3000")
    if "|" in end:
        return None  # a pipe-copied row (a | b | c |): the layout reader's, not one cell
    start = len(end) - len(end.lstrip(" \u3000"))
    return CellLine(item, end[start:], start, len(end))


def cell_runs(facts: "Facts") -> list[list[CellLine]]:
    """The runs of exported cells of the document, each in reading order (read once per file)."""
    def read() -> list[list[CellLine]]:
        runs: list[list[CellLine]] = []
        source = facts.source
        if source is not None and "|\n" not in source.text and not source.text[-64:].rstrip().endswith("|"):
            return runs  # no line ends with a bar (most reports): one find over the text, no walk (and
            # only its last characters stripped: a whole-text rstrip copies a large report)
        current: list[CellLine] = []
        container: Any = None
        for item in facts.blocks:
            line = _cell_line(item) if item.view.endswith(("|", "| ", "|\u3000")) else None
            if line is None or current and item.container is not container:
                if len(current) >= MIN_RUN:
                    runs.append(current)
                current = [] if line is None else [line]
                container = item.container
                continue
            if not current:
                container = item.container
            current.append(line)
        if len(current) >= MIN_RUN:
            runs.append(current)
        return runs
    return facts.memo("cell_lines.runs", read)
