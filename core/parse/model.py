"""The document model: what a report *is* once parsed.

Every node carries a `Span` in the file as the user sees it (1-based lines and columns,
`end_column` one past the last character, as in SARIF). Every text-bearing node's `text`
is an exact slice of the source text, so a checker can turn an offset inside `text` into
a line and column with `CheckContext.span_in(block, start, end)`.

The parser builds its nodes with `parsed` and the builders beside it (`parsed_span`,
`parsed_paragraph`, `parsed_cell`, `parsed_row`, `parsed_section`): the values it holds are
of the declared types by construction (ints from the lexer's positions, slices of the source
text), so they are set directly, as `core/facts/base.construct` does for facts, instead of
being validated again (a paragraph and its span in about half the time of `model_validate`
on a dict), and kept in the instances' inline values rather than a dict each (see below).
`tests/test_parse.py` validates the model of every seed, so a builder that set a wrong type
is caught there. Nodes the parser builds give every field, so they share one
`__pydantic_fields_set__` per class (`SHARED_FIELDS`) instead of holding a set each: that
set was 216 of the ~490 bytes of a span. Tables and attachments, filled in place while
the outline is assembled, are built the same way and changed with `assign`; the Document
(one per report) uses `model_construct`.
"""


from bisect import bisect_right
from typing import Any, ClassVar, Iterator, Literal, Optional, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .inline import set_fields, setter_of, share_names


class Node(BaseModel):
    # defer_build: nodes are built unvalidated (`parsed_*`, `set_fields`), so a check never
    # needs their validators; the schema is built when something first validates or dumps one
    model_config = ConfigDict(extra="forbid", defer_build=True)


N = TypeVar("N", bound=Node)


class Span(Node):
    """Where a node stands: 1-based line and column; `end_column` is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


class Enumeration(Node):
    """An in-paragraph enumeration marker such as 一是 / 二要, recorded in order of appearance."""

    marker: str  # 一是
    number: int  # 1
    word: str  # 是
    span: Span


class Paragraph(Node):
    """One line of prose (the .docx extraction gives one paragraph per line).

    `kind` is "heading" for the line of a section heading (its full text, marker included),
    "field" for a header-field line (评价年度：2021年度), "paragraph" otherwise.

    A paragraph a plain-text file wrapped over several lines (text copied from a PDF:
    parse.wrapped_lines) is one paragraph of the lines' texts joined; `breaks` says where each
    line after the first starts: (offset in `text`, line, column in the file). Empty for a
    paragraph on one line, whose offsets are its line's columns from `span.column`. Not a
    field: only a joined paragraph holds it (in its instance), every other one reads the
    class's empty tuple, so a report's paragraphs take no room for it (and exports, which
    give each paragraph's span, are unchanged).
    """

    kind: Literal["paragraph", "heading", "field"] = "paragraph"
    text: str
    span: Span
    enumerations: list[Enumeration] = []
    breaks: ClassVar[tuple[tuple[int, int, int], ...]] = ()


class Cell(Node):
    """A table cell; its text may span several lines (wrapped cell text)."""

    text: str
    span: Span

    @property
    def kind(self) -> str:
        return "cell"


class Row(Node):
    cells: list[Cell]
    span: Span


class Table(Node):
    kind: Literal["table"] = "table"
    rows: list[Row]
    span: Span

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, widest row's cell count)."""
        return len(self.rows), max((len(r.cells) for r in self.rows), default=0)


Block = Union[Paragraph, Table]


class HeaderField(Node):
    """A labelled field such as 评价年度：2021年度 or 填报日期： 2024年6月6日."""

    label: str  # normalised: qualifiers such as （公章） removed
    raw_label: str
    value: str
    span: Span  # the whole field, label to value
    value_span: Optional[Span] = None


class Section(Node):
    """A numbered (or recognised unnumbered) section and everything under it.

    `level` is the outline depth (1 = 一、). `marker` is the marker as written (None when the
    heading lost it); `style` names the marker family (cn-dun 一、, cn-paren （一）, arabic-dot
    1., arabic-paren （1）, circled ①); `number` the value of the marker. `borrowed` marks a
    list that uses a higher level's markers inside a deeper section (一、 under （五）).
    `canonical` is the template title the heading was matched to, when a profile matched it.
    """

    kind: Literal["section"] = "section"
    marker: Optional[str] = None
    style: Optional[str] = None
    level: int
    number: Optional[int] = None
    title: str
    heading: Paragraph
    span: Span  # the heading line
    end_line: int  # last line of the section's content, children included
    body: list[Block] = []
    children: list["Section"] = []
    canonical: Optional[str] = None
    borrowed: bool = False

    @property
    def unmarked(self) -> bool:
        return self.marker is None

    def walk(self) -> Iterator["Section"]:
        """This section and all below it, in document order."""
        return _walk([self])


class Attachment(Node):
    """An attached table or form (附件1-1 部门整体支出绩效评价基础数据表)."""

    kind: Literal["attachment"] = "attachment"
    label: str  # 附件1-1
    number: str  # 1-1
    title: str = ""
    span: Span
    end_line: int
    body: list[Block] = []

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.body if isinstance(b, Table)]


class ProfileMatch(Node):
    """Which report template the document was matched to, with the runner-up."""

    name: Optional[str] = None
    title: Optional[str] = None
    score: float = 0.0
    runner_up: Optional[str] = None
    runner_up_score: float = 0.0
    forced: bool = False  # named with --profile rather than detected
    family: Optional[str] = None  # the template family (hunan, guangdong, generic, form)
    version: Optional[str] = None  # the version within the family (2018-2022, 2023, 附件6 …)
    kind: Optional[str] = None  # department | project | form (| rectification: no template applies)
    confidence: Optional[str] = None  # high | low (a narrow margin over the runner-up)
    matched: list[str] = []  # the outline titles found (detection's evidence)


class _Flat:
    """The flat lists of a Document's sections and tables (`Document.section_list`), with the
    lists they were read from, so that a document given new lists reads them afresh."""

    __slots__ = ("sections", "attachments", "front", "all_sections", "tables")

    def __init__(self, document: "Document"):
        self.sections, self.attachments, self.front = document.sections, document.attachments, document.front
        self.all_sections: tuple[Section, ...] = tuple(_walk(document.sections))
        self.tables: Optional[tuple[tuple[Optional[Section | Attachment], Table], ...]] = None

    def reads(self, document: "Document") -> bool:
        return (self.sections is document.sections and self.attachments is document.attachments
                and self.front is document.front)

    # A cache, not part of the document's value: two documents compare equal (pydantic's ==
    # compares private attributes too) whether or not either has been asked for its lists.
    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, _Flat)

    __hash__ = None  # type: ignore[assignment]


class Document(Node):
    """A parsed report."""

    path: str
    title: str = ""
    title_span: Optional[Span] = None
    template_label: str = ""  # 附件6 above the title of a Guangdong report
    header: list[HeaderField] = []
    front: list[Block] = []  # title, header and preamble lines
    sections: list[Section] = []
    attachments: list[Attachment] = []
    profile: ProfileMatch = Field(default_factory=ProfileMatch)
    line_count: int = 0
    # web page furniture set aside (索引号/发布日期 tables, breadcrumbs, 打印/关闭, download
    # lines) and a table of contents (目录 and its entries): never read as title, heading,
    # field or date (reportlint.parse.furniture, reportlint.parse.contents)
    furniture: list[Block] = []
    _flat: Optional[_Flat] = PrivateAttr(default=None)  # section_list / table_list, once worked out

    def field(self, label: str) -> Optional[HeaderField]:
        """The first header field with this (normalised) label, or None."""
        for item in self.header:
            if item.label == label:
                return item
        return None

    def walk_sections(self) -> Iterator[Section]:
        """Every section, depth first, in document order."""
        return _walk(self.sections)

    def section_list(self) -> tuple[Section, ...]:
        """Every section, depth first, in document order: `walk_sections()` as a tuple, worked
        out on the first call and then shared by every caller (rules and facts walk the
        sections of a report many times).

        A snapshot: assigning new `sections`, `attachments` or `front` lists is seen (the
        next call reads them afresh), but adding to those lists in place after the first call
        is not. The parser's document is complete when it is returned and rules never edit
        it; code that edits a document walks it with `walk_sections()`.
        """
        private = self.__pydantic_private__  # (not `self._flat`: pydantic's __getattr__, per call)
        flat = private.get("_flat") if private is not None else None
        if flat is None or not flat.reads(self):
            flat = _Flat(self)
            if private is not None:
                private["_flat"] = flat
            else:
                self._flat = flat
        return flat.all_sections

    def table_list(self) -> tuple[tuple[Optional[Section | Attachment], Table], ...]:
        """Every table with its container: `tables()` as a tuple, worked out once (a snapshot,
        as `section_list` is)."""
        sections = self.section_list()  # (refreshes the snapshot when the lists were replaced)
        private = self.__pydantic_private__
        flat = private["_flat"] if private is not None else self._flat
        if flat.tables is None:
            flat.tables = tuple(self._tables(sections))
        return flat.tables

    def tables(self) -> Iterator[tuple[Optional[Section | Attachment], Table]]:
        """Every table with its container (None for the front matter)."""
        return self._tables(self.walk_sections())

    def _tables(self, sections) -> Iterator[tuple[Optional[Section | Attachment], Table]]:
        for block in self.front:
            if isinstance(block, Table):
                yield None, block
        for section in sections:
            for block in section.body:
                if isinstance(block, Table):
                    yield section, block
        for attachment in self.attachments:
            for table in attachment.tables:
                yield attachment, table

    def text_blocks(self) -> Iterator[tuple[Optional[Section | Attachment], Paragraph | Cell]]:
        """Every piece of text in document order, with its container.

        Heading lines come as Paragraph(kind="heading"), so figures written in a heading
        (（3）财政资金结转结余率，为6.62%) are seen like any other text; table cells come
        one by one.
        """
        for block in self.front:
            yield from _block_text(None, block)
        for section in self.walk_sections():
            yield section, section.heading
            for block in section.body:
                yield from _block_text(section, block)
        for attachment in self.attachments:
            for block in attachment.body:
                yield from _block_text(attachment, block)

    def section_path(self, line: int) -> list[str]:
        """Titles of the sections that contain a line, outermost first."""
        path: list[str] = []
        sections = self.sections
        while True:
            found = _last_containing(sections, line)
            if found is None:
                break
            path.append(found.title)
            sections = found.children
        if not path:
            for attachment in self.attachments:
                if attachment.span.line <= line <= attachment.end_line:
                    return [attachment.label + (" " + attachment.title if attachment.title else "")]
        return path


def _walk(sections: list["Section"]) -> Iterator["Section"]:
    """`sections` and all below them, depth first, in document order.

    One generator with a stack of sections still to visit: nested `yield from` passed each
    section up through a generator per level above it, and rules walk the sections of
    every report many times.
    """
    stack = sections[::-1]
    while stack:
        section = stack.pop()
        yield section
        if section.children:
            stack.extend(reversed(section.children))


def _last_containing(sections: list["Section"], line: int) -> Optional["Section"]:
    """The one of `sections` whose lines hold `line`, if any.

    Siblings come in document order and do not overlap, so a binary search finds the only
    candidate, the last one starting at or before the line (every finding asks, and a
    hostile report can have 10,000 siblings).
    """
    index = bisect_right(sections, line, key=lambda section: section.span.line)
    if index and line <= sections[index - 1].end_line:
        return sections[index - 1]
    return None


def _block_text(container, block):
    if isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:
                yield container, cell
    else:
        yield container, block


# One "every field was set" set per class, for the nodes the parser builds with all fields.
# A field assigned later (paragraph.kind = …) is already in it, so pydantic's
# `fields_set.add(name)` never changes the shared set.
SHARED_FIELDS: dict[type[Node], set[str]] = {
    cls: set(cls.model_fields) for cls in (Span, Enumeration, Paragraph, Cell, Row, HeaderField, Section,
                                           Table, Attachment)}
_SET = object.__setattr__
_SPAN_FIELDS, _ENUMERATION_FIELDS = SHARED_FIELDS[Span], SHARED_FIELDS[Enumeration]
_PARAGRAPH_FIELDS, _CELL_FIELDS = SHARED_FIELDS[Paragraph], SHARED_FIELDS[Cell]
_ROW_FIELDS, _FIELD_FIELDS = SHARED_FIELDS[Row], SHARED_FIELDS[HeaderField]
_SECTION_FIELDS = SHARED_FIELDS[Section]


_new = object.__new__


def joined_paragraph(pieces: list[Paragraph]) -> Paragraph:
    """One paragraph of the lines a plain-text file wrapped it over (parse.wrapped_lines):
    their texts joined, its span from the first line's start to the last one's end, each
    later line's start in `breaks`, every line's enumerations."""
    first, last = pieces[0], pieces[-1]
    text, breaks, enumerations = first.text, [], list(first.enumerations)
    for piece in pieces[1:]:
        breaks.append((len(text), piece.span.line, piece.span.column))
        text += piece.text
        enumerations.extend(piece.enumerations)
    node = parsed_paragraph(first.kind, text, parsed_span(first.span.line, first.span.column, last.span.end_line,
                                                          last.span.end_column), enumerations)
    _SET(node, "breaks", tuple(breaks))
    return node


def position_in(block: Any, offset: int, closing: bool = False) -> Optional[tuple[int, int]]:
    """(line, column) in the file of `block.text[offset]` for a paragraph joined from wrapped
    lines (`Paragraph.breaks`); None for any other block (its offsets count from its span).
    `closing`: the offset ends a span, so one at a line's start is the end of the line before."""
    breaks = block.breaks if type(block) is Paragraph else None
    if not breaks:
        return None
    line, column, start = block.span.line, block.span.column, 0
    for at, piece_line, piece_column in breaks:
        if offset > at or (offset == at and not closing):
            line, column, start = piece_line, piece_column, at
        else:
            break
    return line, column + offset - start


# A parser-built node holds its fields in the instance, with no dict of its own
# (reportlint.parse.inline); each class is given its field names here, when it is new, in
# declaration order. tests/test_parse.py::test_document_memory_is_linear_and_compact fails
# if nodes get a dict again.
for _cls in SHARED_FIELDS:
    share_names(_cls, _cls.model_fields)


def parsed(cls: type[N], values: dict[str, Any]) -> N:
    """A node of a parser-built class from all its field values, in declaration order.

    Unvalidated (see the module docstring): `values` must give every field of `cls`, of its
    type, in the order the class declares them (`model_dump` writes fields in the order of
    the node's `__dict__`). The node gets its class's shared fields set. The hot nodes have
    builders of their own below (positional, no dict to build).
    """
    node = _new(cls)
    set_on = set_fields(node, values)
    set_on("__pydantic_fields_set__", SHARED_FIELDS[cls])
    set_on("__pydantic_extra__", None)
    set_on("__pydantic_private__", None)
    return node


def parsed_section(marker: Optional[str], style: Optional[str], level: int, number: Optional[int], title: str,
                   heading: Paragraph, canonical: Optional[str], borrowed: bool) -> Section:
    """A Section built as `parsed` builds nodes, at its heading line, with no content yet
    (`end_line` is the heading's until the outline is closed)."""
    node = _new(Section)
    set_on = setter_of(node)
    set_on("kind", "section")
    set_on("marker", marker)
    set_on("style", style)
    set_on("level", level)
    set_on("number", number)
    set_on("title", title)
    set_on("heading", heading)
    set_on("span", heading.span)
    set_on("end_line", heading.span.end_line)
    set_on("body", [])
    set_on("children", [])
    set_on("canonical", canonical)
    set_on("borrowed", borrowed)
    set_on("__pydantic_fields_set__", _SECTION_FIELDS)
    set_on("__pydantic_extra__", None)
    set_on("__pydantic_private__", None)
    return node


def assign(node: Node, name: str, value: Any) -> None:
    """Set a field of a parser-built node (the outline closing a section, a table's span
    growing): what pydantic's assignment does for these models (no validation on assignment;
    the name is already in the shared fields set), without giving the node a dict."""
    _SET(node, name, value)


def parsed_span(line: int, column: int, end_line: int, end_column: int) -> Span:
    """A Span built as `parsed` builds nodes (one per line, cell and marker: written out)."""
    span = _new(Span)
    set_on = setter_of(span)
    set_on("line", line)
    set_on("column", column)
    set_on("end_line", end_line)
    set_on("end_column", end_column)
    set_on("__pydantic_fields_set__", _SPAN_FIELDS)
    set_on("__pydantic_extra__", None)
    set_on("__pydantic_private__", None)
    return span


def parsed_paragraph(kind: str, text: str, span: Span, enumerations: list[Enumeration]) -> Paragraph:
    """A Paragraph built as `parsed` builds nodes (one per line: written out)."""
    node = _new(Paragraph)
    set_on = setter_of(node)
    set_on("kind", kind)
    set_on("text", text)
    set_on("span", span)
    set_on("enumerations", enumerations)
    set_on("__pydantic_fields_set__", _PARAGRAPH_FIELDS)
    set_on("__pydantic_extra__", None)
    set_on("__pydantic_private__", None)
    return node


def parsed_cell(text: str, span: Span) -> Cell:
    """A Cell built as `parsed` builds nodes (one per cell: written out)."""
    node = _new(Cell)
    set_on = setter_of(node)
    set_on("text", text)
    set_on("span", span)
    set_on("__pydantic_fields_set__", _CELL_FIELDS)
    set_on("__pydantic_extra__", None)
    set_on("__pydantic_private__", None)
    return node


def parsed_row(cells: list[Cell], span: Span) -> Row:
    """A Row built as `parsed` builds nodes (one per row: written out)."""
    node = _new(Row)
    set_on = setter_of(node)
    set_on("cells", cells)
    set_on("span", span)
    set_on("__pydantic_fields_set__", _ROW_FIELDS)
    set_on("__pydantic_extra__", None)
    set_on("__pydantic_private__", None)
    return node


def share_fields_set(node: Node) -> Node:
    """Give a parser-built node (and the nodes in it) its class's shared fields set.

    Only for nodes built with every field given (what `model_fields_set` then reports is
    unchanged); the node's own set is freed.
    """
    if isinstance(node, Paragraph):
        _SET(node, "__pydantic_fields_set__", _PARAGRAPH_FIELDS)
        _SET(node.span, "__pydantic_fields_set__", _SPAN_FIELDS)
        for enumeration in node.enumerations:
            _SET(enumeration, "__pydantic_fields_set__", _ENUMERATION_FIELDS)
            _SET(enumeration.span, "__pydantic_fields_set__", _SPAN_FIELDS)
    elif isinstance(node, Row):
        _SET(node, "__pydantic_fields_set__", _ROW_FIELDS)
        _SET(node.span, "__pydantic_fields_set__", _SPAN_FIELDS)
        for cell in node.cells:
            _SET(cell, "__pydantic_fields_set__", _CELL_FIELDS)
            _SET(cell.span, "__pydantic_fields_set__", _SPAN_FIELDS)
    elif isinstance(node, HeaderField):
        _SET(node, "__pydantic_fields_set__", _FIELD_FIELDS)
        _SET(node.span, "__pydantic_fields_set__", _SPAN_FIELDS)
        if node.value_span is not None:
            _SET(node.value_span, "__pydantic_fields_set__", _SPAN_FIELDS)
    elif isinstance(node, Span):
        _SET(node, "__pydantic_fields_set__", _SPAN_FIELDS)
    else:
        raise TypeError(f"share_fields_set: not a parser-built node: {type(node).__name__}")
    return node
