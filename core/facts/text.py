"""The report's text as the facts stage reads it: blocks, their folded view, sentences, years.

One splitter, one year pattern, one section lookup for every kind of fact and every plugin
(before this stage each family had its own, and they disagreed). A block's view is the
parse view of its text (full-width digits and signs as ASCII, same length), sliced from the
source's view, so an offset in the view is an offset in what the user sees.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import Any, Generic, Iterator, Optional, Protocol, Sequence, TypeVar, Union

from reportlint import regex_cache
from ..input.source import Source, fold
from ..parse.model import Cell, Document, Paragraph, Section, Span, position_in
from .base import make_span
from ..parse.records import IdentityRecord

Block = Union[Paragraph, Cell]

SENTENCE_END = regex_cache.compile(r"[。；;！？!?\n]")
SENTENCE_END_CHARS = frozenset("。；;！？!?\n")
# A year and 年, not after a digit or a point: `(?<![\d.])((?:19|20)\d{2})\s*年`, with the check on
# what precedes written after the first digit so that the regex engine can skip to a 1 or a 2
# (a lookbehind first makes it try the pattern at every character; twice as fast on a report).
YEAR = regex_cache.compile(r"((?:1(?<![\d.]1)9|2(?<![\d.]2)0)\d{2})\s*年")
_DIGIT = regex_cache.compile(r"\d")
_ONE_SENTENCE = [0]  # the sentence starts of every block of one sentence (read only, like all of them)
_NO_YEARS: tuple[list[int], list[int], list[int]] = ([], [], [])  # shared by the blocks naming no year (read only)


class _HasBlock(Protocol):
    @property
    def block(self) -> Any: ...


_Item = TypeVar("_Item", bound=_HasBlock)


class _Mark(tuple):  # type: ignore[type-arg]
    """A mark kept in BlockText._quantities: empty and falsy, and not `()` itself."""

    __slots__ = ()


_NO_DIGITS, _UNREAD = _Mark(), _Mark()


class BlockText(IdentityRecord):
    """One paragraph, heading line or table cell, read once for every kind of fact.

    Slotted (no per-block __dict__): a report has a BlockText per paragraph and per cell.
    """

    __slots__ = ("block", "container", "view", "section", "_starts", "_years", "_quantities")

    block: Block
    container: Any  # Section | Attachment | None (front matter)
    view: str  # folded text, same length as block.text
    section: tuple[str, ...]
    _starts: Optional[list[int]]
    _years: Optional[tuple[list[int], list[int], list[int]]]
    # whether it has digits and its quantities once read, in one slot (a report has a
    # BlockText per block): None (not asked yet), _NO_DIGITS, _UNREAD (digits, quantities
    # not read yet), or its quantities (`Facts.quantities_in`; () when it has none)
    _quantities: Any

    def __init__(self, block: Block,
                 container: Any,
                 view: str,
                 section: tuple[str, ...],
                 _starts: Optional[list[int]] = None,
                 _years: Optional[tuple[list[int], list[int], list[int]]] = None,
                 _quantities: Any = None) -> None:
        self.block = block
        self.container = container
        self.view = view
        self.section = section
        self._starts = _starts
        self._years = _years
        self._quantities = _quantities

    @property
    def text(self) -> str:
        return self.block.text

    @property
    def line(self) -> int:
        return self.block.span.line

    @property
    def is_cell(self) -> bool:
        # isinstance, without the __class__ it reads (the slow way, on a pydantic node) when
        # the type is not a Cell's: the nodes are never proxies, so their type says it all
        return issubclass(type(self.block), Cell)

    @property
    def has_digits(self) -> bool:
        found = self._quantities
        if found is None:  # asked by every kind of fact of every block: searched once
            found = self._quantities = _UNREAD if _DIGIT.search(self.view) is not None else _NO_DIGITS
        return found is not _NO_DIGITS

    @property
    def read_quantities(self) -> Any:
        """Its quantities once read (`Facts.quantities_in`; () when it has none), None before."""
        found = self._quantities
        if found is None or found is _UNREAD:
            return None
        return () if found is _NO_DIGITS else found

    @read_quantities.setter
    def read_quantities(self, found: Any) -> None:
        self._quantities = found

    # -- sentences -------------------------------------------------------------------
    @property
    def sentence_starts(self) -> list[int]:
        """Offsets where each sentence of the block starts (the first is 0)."""
        if self._starts is None:
            ends = [m.end() for m in SENTENCE_END.finditer(self.view)]
            self._starts = [0, *ends] if ends else _ONE_SENTENCE
        return self._starts

    def sentence_index(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """[start, end) of the sentence holding `offset` (end excludes the closing mark)."""
        starts = self.sentence_starts
        index = bisect_right(starts, offset) - 1
        start = starts[index]
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.view)
        return start, end

    def sentence_at(self, offset: int) -> str:
        start, end = self.sentence_bounds(offset)
        return self.text[start:end]

    def sentences(self) -> Iterator[tuple[int, int]]:
        starts = self.sentence_starts
        for index, start in enumerate(starts):
            end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.view)
            if end > start:
                yield start, end

    # -- years -----------------------------------------------------------------------
    def year_before(self, offset: int, floor: Optional[int] = None) -> Optional[int]:
        """The last year written in the sentence before `offset` (2020年收入决算数为… → 2020).

        The block's years are found once; each question is a binary search, so a sentence
        with thousands of figures costs linear time, not quadratic.
        """
        if floor is None:
            floor = self.sentence_bounds(offset)[0]
        if self._years is None:
            found = [(m.start(), m.end(), int(m.group(1))) for m in YEAR.finditer(self.view)]
            self._years = ([start for start, _, _ in found], [end for _, end, _ in found],
                           [year for _, _, year in found]) if found else _NO_YEARS
        starts, ends, years = self._years
        index = bisect_right(ends, offset) - 1
        if index < 0 or starts[index] < floor:
            return None
        return years[index]


class BlockIndex(Generic[_Item]):
    """The BlockText of a block (Paragraph or Cell), found by the block's identity (or any
    list of things with a `.block`, such as the BlockDates of the blocks that have dates).

    Two arrays instead of a dict keyed by `id(block)`: the blocks' ids, sorted, and where
    each block stands in document order; a lookup is a binary search in C. A dict held an
    int object and a table entry per block, ~60 bytes against 12 here: 5 MB of a 300-copy
    report's peak memory against 1.
    """

    __slots__ = ("_blocks", "_ids", "_order")

    def __init__(self, blocks: Sequence[_Item]):
        keyed = sorted((id(item.block), position) for position, item in enumerate(blocks))
        self._blocks = blocks
        self._ids = array("Q", [key for key, _ in keyed])
        self._order = array("I", [position for _, position in keyed])  # (4 bytes: "L" is 8 here)

    def get(self, block: Any) -> Optional[_Item]:
        key = id(block)
        ids = self._ids
        at = bisect_right(ids, key) - 1  # (a block listed twice: its last place, as a dict kept)
        if at >= 0 and ids[at] == key:
            return self._blocks[self._order[at]]
        return None


def section_titles(document: Document) -> dict[int, tuple[str, ...]]:
    """id(container) → titles from the outermost section down to it (what section_path gives)."""
    paths: dict[int, tuple[str, ...]] = {}
    stack: list[tuple[Section, tuple[str, ...]]] = [(s, ()) for s in reversed(document.sections)]
    while stack:
        section, prefix = stack.pop()
        path = (*prefix, section.title)
        paths[id(section)] = path
        stack.extend((child, path) for child in reversed(section.children))
    for attachment in document.attachments:
        paths[id(attachment)] = (attachment.label + (" " + attachment.title if attachment.title else ""),)
    return paths


def read_blocks(document: Document, source: Optional[Source]) -> list[BlockText]:
    """Every text block of the document in order, each with its view and section path.

    A block with nothing to fold (most) keeps its own text as its view: one string, not two.
    """
    paths = section_titles(document)
    out: list[BlockText] = []
    append = out.append
    view = source.view if source is not None else None
    offset = source.offset if source is not None else None
    # nothing folded in the whole report (most): a block sliced from it is its own view, which
    # startswith tells without slicing a copy to compare
    unfolded = view if source is not None and view is source.text else None
    for container, block in document.text_blocks():
        text = block.text
        if view is not None and offset is not None and text and type(block) is Paragraph and block.breaks:
            folded = _joined_view(block, view, offset)
        elif view is not None and offset is not None and text:
            span = block.span
            start = offset(span.line, span.column)
            if unfolded is not None and unfolded.startswith(text, start):
                folded = text
            else:
                folded = view[start:start + len(text)]
                if folded == text:
                    folded = text
                elif len(folded) != len(text):  # a block not sliced from this source (built by hand)
                    folded = fold(text)
        else:
            folded = fold(text)
        append(BlockText(block, container, folded, paths.get(id(container), ()) if container is not None else ()))
    return out


def _joined_view(block: Paragraph, view: str, offset: Any) -> str:
    """The parse view of a paragraph joined from wrapped lines: each line's part of the source's view."""
    starts = [(0, block.span.line, block.span.column), *block.breaks]
    pieces = []
    for index, (at, line, column) in enumerate(starts):
        length = (starts[index + 1][0] if index + 1 < len(starts) else len(block.text)) - at
        begin = offset(line, column)
        pieces.append(view[begin:begin + length])
    folded = "".join(pieces)
    return folded if len(folded) == len(block.text) else fold(block.text)


def span_of(source: Optional[Source], block: Block, start: int, end: int) -> Span:
    """The file span of `block.text[start:end]`: the block's own Span object when that is the
    whole block (a cell's lone figure: one Span fewer per fact; spans are never edited)."""
    span = block.span
    # each field read once: an attribute of a pydantic instance is read the slow way (its
    # class has a __getattr__), and this runs for nearly every fact
    first_line, first_column, last_line, last_column = span.line, span.column, span.end_line, span.end_column
    if last_line != first_line and type(block) is Paragraph and block.breaks:  # joined from wrapped lines
        line, column = position_in(block, start)  # type: ignore[misc]
        end_line, end_column = position_in(block, max(start, end), closing=True)  # type: ignore[misc]
        if start == 0 and (line, column, end_line, end_column) == (first_line, first_column, last_line, last_column):
            return span
        return make_span(line, column, end_line, end_column)
    if source is None or last_line == first_line:  # a block on one line: no line lookup
        end_column = first_column + max(start, end)
        if start == 0 and end_column == last_column and last_line == first_line:
            return span
        return make_span(first_line, first_column + start, first_line, end_column)
    base = source.offset(first_line, first_column)
    line, column = source.position(base + start)
    end_line, end_column = source.position(base + max(start, end))
    if line == first_line and column == first_column and end_line == last_line and end_column == last_column:
        return span
    return make_span(line, column, end_line, end_column)


_TEXTS: dict[str, str] = {}


def one_copy(text: str) -> str:
    """One string object for equal short texts kept by facts (a figure, a unit, a date as
    written): a report repeats them again and again (100%, 万元, 2023年), and a big report
    holds tens of thousands of facts."""
    found = _TEXTS.get(text)
    if found is None:
        if len(_TEXTS) > 4096:
            _TEXTS.clear()
        found = _TEXTS[text] = text
    return found


# `[bookmark: _GoBack]` and the like: extraction residue, not report text. Bounded: an
# unbounded [^\]]* would rescan to the end of a block from every unclosed "[bookmark: "
# (quadratic on a hostile report); Word bookmark names are at most 40 characters.
BOOKMARK = regex_cache.compile(r"\[bookmark:[^\]\n]{0,100}\]")
_SPACE = regex_cache.compile(r"\s+")


def clean_cell(text: str) -> str:
    """A cell's text without extraction artifacts, folded, whitespace and line breaks removed."""
    return _SPACE.sub("", BOOKMARK.sub("", fold(text)))
