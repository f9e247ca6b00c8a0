"""How the FRM rules read the facts stage: which quantities are figures, and what names them.

The rules read only `context.facts` (docs/facts.md). This module is the family's one view
of it, built once per document with `facts.memo`:

* a *figure* is a prose quantity whose unit FRM adds or compares (money, %, heads, counts of
  things, areas; not 分 or 户/家/所/座/套/台, which FRM has never checked);
* a *cell figure* is the number a table cell holds alone, bare or in 万元 / 元 / %;
* a figure inside a written formula is named by the formula, not by the prose: it carries
  no label here (the shared quantity keeps its own).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Optional, Sequence

from reportlint.facts import Facts, Quantity
from reportlint.parse.records import Record

# The units FRM reads in prose, and in table cells.
FIGURE_UNITS = frozenset({"亿元", "万元", "千元", "元", "%", "人次", "批次", "人", "名", "个", "次", "件", "项",
                          "篇", "份", "期", "批", "条", "场", "宗", "辆", "套", "台", "座", "㎡", "平方米"})
CELL_UNITS = frozenset({"", "%", "万元", "元"})


class BlockFigures(Record):
    """The figures of one paragraph or table cell, in order."""

    __slots__ = ("container", "block", "section", "figures", "text")

    container: Any
    block: Any
    section: tuple[str, ...]
    figures: list[Quantity]
    text: Any  # the block's BlockText (facts.block_text)

    def __init__(self, container: Any,
                 block: Any,
                 section: tuple[str, ...],
                 figures: list[Quantity],
                 text: Any = None) -> None:
        self.container = container
        self.block = block
        self.section = section
        self.figures = figures
        self.text = text


def blocks(facts: Facts) -> list[BlockFigures]:
    """Every block that states a figure, in document order (built once per document)."""
    return facts.memo("formulas.blocks", lambda: _read(facts))


def formulas_by_block(facts: Facts) -> dict[int, list[Any]]:
    """id(block) → the written formulas in it (built once per document)."""
    def index() -> dict[int, list[Any]]:
        by_block: dict[int, list[Any]] = {}
        for formula in facts.formulas:
            by_block.setdefault(id(formula.block), []).append(formula)
        return by_block
    return facts.memo("formulas.by_block", index)


def prose_figures(facts: Facts) -> list[BlockFigures]:
    """Every block that states a figure, with its figures as the facts stage reads them (labels
    inside written formulas kept), in document order (built once per document; `blocks` and
    identities.py read it; `blocks` shares the entries of blocks without a formula).

    Read off `facts.quantities` (document order, a block's own together): a block that holds
    no quantity, most of them, costs nothing.
    """
    def read() -> list[BlockFigures]:
        by_block: dict[int, list[Quantity]] = {}
        order: list[Any] = []
        for quantity in facts.quantities:
            if quantity.in_cell or quantity.unit not in FIGURE_UNITS:
                continue
            figures = by_block.get(id(quantity.block))
            if figures is None:
                figures = by_block[id(quantity.block)] = []
                order.append(quantity.block)
            figures.append(quantity)
        out = []
        for block in order:
            item = facts.block_text(block)
            if item is not None:
                out.append(BlockFigures(item.container, item.block, item.section, by_block[id(block)], item))
        return out
    return facts.memo("formulas.prose_figures", read)


def _read(facts: Facts) -> list[BlockFigures]:
    in_formulas = formulas_by_block(facts)
    out: list[BlockFigures] = []
    for found in prose_figures(facts):
        formulas = in_formulas.get(id(found.block))
        if formulas:
            figures = [q.model_copy(update={"label": ""}) if q.label and any(f.covers(q.start) for f in formulas)
                       else q for q in found.figures]
            found = BlockFigures(found.container, found.block, found.section, figures, found.text)
        out.append(found)  # without a formula, the entry of prose_figures itself (one object, not two)
    return out


def tables(facts: Facts) -> Sequence[tuple[Any, Any]]:
    """Every table with its container: the document's shared `table_list()` (FRM004, FRM011)."""
    return facts.document.table_list()


def cell_figure(facts: Facts, cell: Any) -> Optional[Quantity]:
    """The number a table cell holds alone (25.12, 100%, 34.50万元), None for anything else."""
    for quantity in facts.quantities_in(cell):
        if quantity.in_cell:
            return quantity if quantity.unit in CELL_UNITS else None
    return None


def stated_numbers(facts: Facts) -> Counter[str]:
    """How often each number is stated as a figure or a cell figure (to corroborate one)."""
    def count() -> Counter[str]:
        return Counter(quantity.number for quantity in facts.quantities  # (Counter counts an iterable in C)
                       if quantity.unit in FIGURE_UNITS or quantity.in_cell and quantity.unit in CELL_UNITS)
    return facts.memo("formulas.stated_numbers", count)


def label_of(facts: Facts, quantity: Quantity) -> str:
    """A quantity's label as FRM reads it: none inside a written formula."""
    formulas = formulas_by_block(facts).get(id(quantity.block))
    if formulas and any(f.covers(quantity.start) for f in formulas):
        return ""
    return quantity.label
