"""SEC016 empty-indicator-row: a form's numbered indicator rows left empty."""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint import regex_cache
from reportlint.parse.model import Paragraph, Table
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

# what an unfilled indicator row holds: its number or its numbered label, nothing else
_ROW_LABEL = regex_cache.compile(r"^[ \u3000]*(?:(?:指标|三级指标|二级指标)[ ]*\d{1,2}|\d{1,2}[ ]*[.．、]?)[ \u3000]*[:：]?[ \u3000]*$")
_EMPTY = regex_cache.compile(r"^[ \u3000\-—/／…]*$")
# a flattened form row: 指标1：  or  指标2：    （value missing)
_LINE_LABEL = regex_cache.compile(r"^[ \u3000]*(?:指标|三级指标)[ ]*\d{1,2}[ \u3000]*[:：]?[ \u3000]*$")


class EmptyIndicatorRow(Rule):
    """A numbered indicator row of the form left in the report empty.

    ## What it does
    In the report's tables, reports a row that holds only an indicator's number or numbered
    label (1 / 指标1 / 指标2：) and nothing in its other cells (blank, —, /); in text flattened
    from a form, a line that is only such a label (指标3：). A row with any value, any
    indicator name or any score is left alone.

    ## Why is this bad?
    The template prints numbered rows for the indicators to fill in; the ones not needed
    should be deleted. An empty row left in says the form was not finished, and a reader
    cannot tell a deleted indicator from a forgotten one.

    ## Example
    `指标3 |  |  |  |` → `表中留有未填写的编号指标行“指标3”：请填写或删除该行`

    ## Options
    None.
    """

    code = "SEC016"
    name = "empty-indicator-row"
    title = "表格指标行未填写"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        for _container, table in document.table_list():
            for row in table.rows:
                cells = row.cells
                if len(cells) < 3:
                    continue
                label = _only_filled(cells)
                if label is None or not _ROW_LABEL.match(label.text):
                    continue
                yield context.finding(self, f"表中留有未填写的编号指标行“{label.text.strip()}”：请填写或删除该行",
                                      block=label, start=0, end=len(label.text),
                                      evidence={"stated": label.text.strip()})
        for item in context.facts.blocks:
            block = item.block
            if isinstance(block, Paragraph) and _LINE_LABEL.match(item.view):
                yield context.finding(self, f"表中留有未填写的编号指标行“{block.text.strip()}”：请填写或删除该行",
                                      block=block, start=0, end=len(block.text), evidence={"stated": block.text.strip()})


def _only_filled(cells: list) -> Optional[object]:
    """The one cell of the row that is not empty, None when there are none or several.

    The same rows as "one cell is a numbered label and every other is empty" (a label holds a
    digit, an empty cell none), found with a test or two per row: a filled row is passed over
    at its second filled cell, without matching the label pattern against every cell.
    """
    found = None
    for cell in cells:
        if not _EMPTY.match(cell.text):
            if found is not None:
                return None
            found = cell
    return found


__all__ = ["EmptyIndicatorRow", "Table"]
