"""Source text → flat list of layout items, read with the Lark grammar grammars/report.lark.

The grammar's lexer cuts the text into lines, one token each, by its line terminals; this
module turns each token into its model nodes (paragraphs, heading lines with their decoded
marker, header fields, attachment marks, table rows), in document order. Nesting them into
sections is the job of `reportlint.parse.outline`. The marker syntax (the grammar's heading
terminals, decoding a marker, 一是 enumerations) is `reportlint.parse.markers`.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator, Optional, Union

from reportlint import regex_cache
from .folding import fold_traditional
from .grammar_files import load_grammar
from ..numerals import cn_to_int
from .markers import (MARKER_NUMERALS, STYLE_BY_NAME, MarkerMatch, find_enumerations, grammar_disagreements,
                      read_marker)
from .model import (Enumeration, HeaderField, Paragraph, Row, Span, parsed, parsed_cell, parsed_paragraph,
                    parsed_row, parsed_span)
from ..input.source import Source, fold
from .records import Record
from .pipe_rows import pipe_separated_rows
from .wrapped_lines import join_wrapped_lines
from .tab_rows import tab_separated_rows
from .lark_runtime import parser as runtime_parser, runtime

if TYPE_CHECKING:
    from lark import Lark
    from lark.lexer import LexerThread as _LexerThread
else:  # the runtime's classes (reportlint.parse.lark_runtime)
    _RUNTIME = runtime()
    Lark, _LexerThread = _RUNTIME.Lark, _RUNTIME.LexerThread

# The header labels of grammars/report.lark's FIELD_LINE (tests/test_layout_fields.py holds them equal)
HEADER_LABELS = ("评价年度", "评价单位", "评价部门", "填报日期", "填报单位", "填报人", "填表人", "联系电话",
                 "预算单位名称", "单位名称", "主管部门", "市级预算部门单位", "预算部门", "项目名称", "实施单位",
                 "評價年度", "評價單位", "評價部門", "填報日期", "填報單位", "填報人", "聯繫電話", "預算單位名稱",
                 "單位名稱", "主管部門", "預算部門", "項目名稱", "實施單位")
# A field label at the start of a line, after a run of spaces or a tab (填表人：  向芳   填报日期： 2024年6月6日,
# 填表人：向芳\t填报日期：…: a cell of a form copied as text), or, for a header label, after one
# space (单位名称:塘湖镇政府 填报日期:2021.5.18)
_FIELD = regex_cache.compile(
    r"(?:^|(?<=[ ]{2})|(?<=\t)|(?<=[^ ] )(?=(?:" + "|".join(HEADER_LABELS) + r")[^\s：:]{0,8}[：:]))"
    r"[ ]*(?P<label>[^\s：:，。]{2,16}?)[ ]*[：:]")
_QUALIFIER = regex_cache.compile(r"[（(][^）)]*[）)]")
# The comma after a run-in heading's title, either width (a half-width one between digits is
# a thousands separator: 1,234.50)
_CLAUSE_COMMA = regex_cache.compile(r"，|,(?!\d)|(?<!\d),")
# Where a heading's title ends and its running text begins.
_TITLE_END = regex_cache.compile(r"[。：:；;]")
_SPACE = regex_cache.compile(r"\s")
# a character's pinyin reading in brackets after it, as mirror sites annotate traditional script: 標(biāo)
_READING = regex_cache.compile(r"(?<=[\u4e00-\u9fff])（[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}）")  # (brackets unified)
_TITLE_NOISE = regex_cache.compile(r"[\s\u3000\xa0。.：:；;，,]")  # what titles compared by `normalise_title` leave out


class HeadingLine(Record):
    """A line with a numbering marker: the raw material of a Section."""

    __slots__ = ("style", "level", "marker", "number", "title", "paragraph")

    style: str
    level: int
    marker: str
    number: int
    title: str
    paragraph: Paragraph

    def __init__(self, style: str, level: int, marker: str, number: int, title: str, paragraph: Paragraph) -> None:
        self.style = style
        self.level = level
        self.marker = marker
        self.number = number
        self.title = title
        self.paragraph = paragraph


class FieldLine(Record):
    __slots__ = ("paragraph", "fields")

    paragraph: Paragraph
    fields: list[HeaderField]

    def __init__(self, paragraph: Paragraph, fields: list[HeaderField]) -> None:
        self.paragraph = paragraph
        self.fields = fields


_ATTACHMENT_MARK = regex_cache.compile(r"[ ]*附件[ ]*[0-9０-９]{1,2}(?:[ ]*[-－—–][ ]*[0-9０-９]{1,2})?[ ]*[：:]?")


class AttachmentMark(Record):
    __slots__ = ("label", "number", "span", "title", "paragraph")

    label: str
    number: str
    span: Span
    title: str  # the title written on the same line (附件1-1 部门整体支出绩效评价基础数据表)
    paragraph: Optional[Paragraph]

    def __init__(self, label: str,
                 number: str,
                 span: Span,
                 title: str = "",
                 paragraph: Optional[Paragraph] = None) -> None:
        self.label = label
        self.number = number
        self.span = span
        self.title = title
        self.paragraph = paragraph


Item = Union[HeadingLine, Paragraph, FieldLine, AttachmentMark, Row]


# The builder method of each line terminal; the empty lines (BLANKS, SPACE_LINE) build nothing.
_BUILT_BY = {"TEXT_LINE": "paragraph", "ROW": "row", "FIELD_LINE": "field_line", "ATTACHMENT_LINE": "attachment",
             # every heading level is built the same way: read_marker decodes the marker's level
             **{f"HEADING_L{level}": "heading" for level in range(6)}}
EMPTY_LINES = ("BLANKS", "SPACE_LINE")  # the terminals that build nothing


def unbuilt_terminals(parser: Lark) -> list[str]:
    """The grammar's line terminals that `_Builder` has no method for (empty when sound).

    Items are built from tokens by terminal name and the tokens of a terminal without a
    method are passed over, so a terminal added to the grammar without its method here would
    lose its lines silently: the parser refuses to build.
    """
    return sorted(t.name for t in parser.terminals if t.name not in EMPTY_LINES and t.name not in _BUILT_BY)


@lru_cache(maxsize=1)
def layout_parser() -> Lark:
    """The layout grammar's Lark parser, built once per process (its lexer reads the lines)."""
    grammar = load_grammar("report.lark")
    problems = grammar_disagreements(grammar)
    if problems:  # the heading terminals are defined by reportlint.parse.markers
        raise RuntimeError("grammars/report.lark and reportlint.parse.markers disagree: " + "; ".join(problems))
    # the options are reportlint.parse.lark_runtime's PARSER_OPTIONS (basic lexer, no placeholders)
    parser: Any = runtime_parser("report.lark")
    missing = unbuilt_terminals(parser)
    if missing:
        raise RuntimeError(f"grammars/report.lark has line terminals reportlint.parse.layout does not build: {missing}")
    return parser


@lru_cache(maxsize=1)
def _line_lexer() -> Any:
    """The layout parser's own lexer (Lark's basic lexer over the line terminals)."""
    return layout_parser().parser.lexer


@lru_cache(maxsize=1)
def _line_scanner() -> Optional[Any]:
    """The compiled pattern Lark's basic lexer matches at each position: the line terminals as
    one alternation of named groups, in Lark's priority order (its Scanner builds it from the
    grammar). None when the lexer is not the plain kind `_line_tokens` reproduces (terminals
    split over several patterns, ignored terminals or lexer callbacks): Lark's own loop then."""
    lexer = _line_lexer()
    patterns = getattr(getattr(lexer, "scanner", None), "_mres", None)
    if (not isinstance(patterns, list) or len(patterns) != 1 or getattr(lexer, "ignore_types", None)
            or getattr(lexer, "callback", None) or not hasattr(patterns[0], "match")):
        return None
    return patterns[0]


def _line_tokens(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(terminal, value, offset, line) of each line token of `text`, as Lark's lexer cuts them.

    What Lark's BasicLexer does for this grammar, token by token: match its terminals' pattern
    at the position, take the group that matched as the terminal, count the line breaks. Its
    loop makes a Token, a line counter step and a few checks per line that the layout never
    reads: this one is about a fifth of its cost (tests/test_layout_lexing.py holds the two
    equal on every fixture). Tokens are given one at a time, as Lark's lexer gives them, so a
    long report's lines are never all held at once. A text the pattern cannot cut (not one
    from parse_layout, which ends every text with a line break) is given to Lark's loop, which
    raises its error where the cut fails.
    """
    scanner = _line_scanner()
    if scanner is None:
        for token in _LexerThread.from_text(_line_lexer(), text).lex(None):
            yield token.type, token.value, token.start_pos, token.line
        return
    match, end = scanner.match, len(text)
    position, line = 0, 1
    while position < end:
        found = match(text, position)
        if found is None:
            for _ in _LexerThread.from_text(_line_lexer(), text).lex(None):
                pass  # raises UnexpectedCharacters at the same place
            raise RuntimeError(f"the layout lexer stopped at offset {position} and Lark's did not")
        value = found.group()
        yield found.lastgroup, value, position, line
        position += len(value)
        line += value.count("\n")


def parse_layout(source: Source) -> list[Item]:
    """Parse the source into layout items in document order.

    The grammar's start rule takes any sequence of its line terminals (tests/test_layout_lexing.py
    checks it on the grammar's LALR automaton), so its LALR pass accepts every text the lexer
    can cut into lines and decides nothing: Lark's lexer pattern cuts the lines, by the
    terminals' patterns and priorities (`_line_tokens`), and each line's item is built from its
    token, as Lark's own `Lark.lex` runs it. Skipping the pass (a shift, a reduction and a
    callback per line) made the layout a quarter faster (docs/scale.md).
    """
    view = source.view
    text = view + ("\n" if view.endswith("\n") else "\n\n")
    builder = _Builder(source, text)
    methods = {name: getattr(builder, method) for name, method in _BUILT_BY.items()}
    items: list[Item] = []
    for terminal, value, offset, line in _line_tokens(text):
        build = methods.get(terminal)
        if build is not None:
            item = build(value, offset, line)
            if type(item) is list:  # headings stacked on one line
                items.extend(item)
            else:
                items.append(item)
    return join_wrapped_lines(pipe_separated_rows(tab_separated_rows(items, source), source), source)


class _Builder:
    def __init__(self, source: Source, parse_text: str):
        self.source = source
        self.text = source.text
        self.parse_text = parse_text  # the view plus the closing blank line(s) the grammar needs
        self.in_notes = False  # after 注： / 填表说明：, 1. 2. … are the notes of a form, not headings
        self.top_number = 0  # the number of the last 一、 heading (0 at the start and after 第X部分)

    @staticmethod
    def _line(value: str, start: int) -> tuple[int, str, int]:
        """Where a line token (`value`, at offset `start`) starts without its indent, and its
        parse view without the line break and the spaces and tabs around it; and its column.

        The token's value is the parse view (NBSP and ideographic spaces folded to " "), so
        they are stripped too.
        """
        raw = value[:value.index("\n")]  # the line's content, without its break and following empty lines
        content = raw.lstrip(" \t")
        lead = len(raw) - len(content)
        return start + lead, content.rstrip(" \t"), 1 + lead  # (a token starts its line)

    def _paragraph(self, start: int, view: str, line: int, column: int, kind: str = "paragraph") -> Paragraph:
        """The Paragraph of a line's content (`view`, its parse view, starting at offset `start`)."""
        text = self.text[start:start + len(view)]
        return parsed_paragraph(kind, text, parsed_span(line, column, line, column + len(text)),
                                _enumerations(view, line, column))

    def paragraph(self, value: str, offset: int, line: int) -> Paragraph:
        start, view, column = self._line(value, offset)
        paragraph = self._paragraph(start, view, line, column)
        text = paragraph.text  # the text, not the view: an NBSP after 注 does not open the notes
        if text[:1] in _NOTES_FIRST and _NOTES_START.match(text):
            self.in_notes = True
        return paragraph

    def heading(self, value: str, offset: int, line: int) -> Union[HeadingLine, Paragraph]:
        start, view, column = self._line(value, offset)
        match = read_marker(view)
        if match is None:  # cannot happen for tokens of the heading terminals
            return self._paragraph(start, view, line, column)
        if match.level <= 2:
            self.in_notes = False
        if not_a_heading(view, match.end, in_notes=self.in_notes and match.level >= 3):
            return self._paragraph(start, view, line, column)
        if match.level <= 1:
            # 一、二级指标… where 一、 is not the next heading of its level is a list of ranks
            if match.level == 1 and match.number != self.top_number + 1 and lists_ranks(view, match):
                return self._paragraph(start, view, line, column)
            self.top_number = match.number if match.level == 1 else 0
        stacked = _stacked_markers(view, match)
        if stacked:  # 一、基本情况 (一)项目概况 1.资金用途: a heading for each marker
            return [self._heading_part(start, view, line, column, at, end, part)
                    for (at, part), end in zip(stacked, [at for at, _ in stacked[1:]] + [len(view)])]
        return self._heading_part(start, view, line, column, 0, len(view), match)

    def _heading_part(self, start: int, view: str, line: int, column: int, at: int, end: int,
                      match: MarkerMatch) -> HeadingLine:
        """The heading of `view[at:end]`: the whole line, or one of the headings stacked on it."""
        part = view[at:end].rstrip(" \t") if at or end != len(view) else view
        paragraph = self._paragraph(start + at, part, line, column + at, "heading")
        text = paragraph.text
        return HeadingLine(match.style.name, match.level, text[: match.end].rstrip(), match.number,
                           heading_title(text[match.end:]), paragraph)

    def field_line(self, value: str, offset: int, line: int) -> FieldLine:
        start, view, col0 = self._line(value, offset)
        paragraph = self._paragraph(start, view, line, col0, "field")
        text = paragraph.text
        fields: list[HeaderField] = []
        matches = list(_FIELD.finditer(view))
        for i, match in enumerate(matches):
            value_start = match.end()
            value_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            raw_value = text[value_start:value_end]
            value = raw_value.strip(" \t\u3000\xa0")
            lead = len(raw_value) - len(raw_value.lstrip(" \t\u3000\xa0"))
            raw_label = match.group("label")
            label = fold_traditional(_QUALIFIER.sub("", raw_label).strip())
            label_col = col0 + match.start("label")
            value_col = col0 + value_start + lead
            fields.append(parsed(HeaderField, {
                "label": label, "raw_label": raw_label, "value": value,
                "span": parsed_span(line, label_col, line, value_col + len(value)),
                "value_span": parsed_span(line, value_col, line, value_col + len(value)) if value else None}))
        return FieldLine(paragraph, fields)

    def attachment(self, value: str, offset: int, line: int) -> Union[AttachmentMark, Paragraph]:
        start, view, column = self._line(value, offset)
        paragraph = self._paragraph(start, view, line, column)
        mark = _ATTACHMENT_MARK.match(paragraph.text)
        if mark is None:  # cannot happen for tokens of ATTACHMENT_LINE
            return paragraph
        label = mark.group(0).rstrip("：: ")
        title = paragraph.text[mark.end():].strip(" ：:\u3000")
        number = _SPACE.sub("", fold(label)).strip("附件：:")
        return AttachmentMark(label, number, paragraph.span, title, paragraph)

    def row(self, value: str, offset: int, first_line: int) -> Row:
        """Split a ROW token into cells: a cell starts at a line whose first non-space is a tab.

        Positions come from the row's own line offsets (the token knows its first line), not
        from a search of the whole file per cell: rows are most of a table-heavy report.
        """
        view, text = self.parse_text, self.text
        lines = value.rstrip("\n").split("\n")
        offsets: list[int] = []
        for line in lines:
            offsets.append(offset)
            offset += len(line) + 1
        end_of_row = offset  # one past the last content line's "\n"
        starts = [index for index, line in enumerate(lines) if line.lstrip(" ").startswith("\t")]
        cells = []
        for number, index in enumerate(starts):
            # the cell: after its tab, up to the next cell's line (or the row's end), without
            # the spaces, tabs and line breaks around it
            start = offsets[index] + lines[index].index("\t") + 1
            raw = view[start:(offsets[starts[number + 1]] if number + 1 < len(starts) else end_of_row) - 1]
            content = raw.lstrip(" \t")
            start += len(raw) - len(content)
            content = content.rstrip(" \t\n")
            end = start + len(content)
            line, column = first_line + index, start - offsets[index] + 1
            if "\n" in content:  # wrapped onto the following lines
                last = bisect_right(offsets, end) - 1
                end_line, end_column = first_line + last, end - offsets[last] + 1
            else:
                end_line, end_column = line, column + len(content)
            cells.append(parsed_cell(text[start:end], parsed_span(line, column, end_line, end_column)))
        last_span = cells[-1].span
        return parsed_row(cells, parsed_span(first_line, 1, last_span.end_line, last_span.end_column))


def _enumerations(view: str, line: int, column: int) -> list[Enumeration]:
    """The 一是 / 二要 enumerations of a line (its parse view `view`, at `column` of `line`)."""
    found = []
    for match in find_enumerations(view):
        col = column + match.start
        found.append(parsed(Enumeration, {"marker": match.marker, "number": match.number, "word": match.word,
                                          "span": parsed_span(line, col, line, col + len(match.marker))}))
    return found


# -- lines that start with a marker but are not headings ------------------------------------
# A form flattened into text: checkbox rows (1、部门预算项目 □ 2、县直专项 ☑), cells run together
# on one line (a tab, a | or wide gaps between them), and a form's notes (注：1.预算执行率=…；
# 2.…). Their 1、 2、 are an item list of the form, not the report's heading numbering.
CHECKBOXES = "□☑☐■☒✓√✔▢◻"
_NOTES_FIRST = "注备说填指 \u3000"
_NOTES_START = regex_cache.compile(r"^[ \u3000]*(?:注|备注|说明|填表说明|填报说明|指标说明)[ \u3000]*[:：]")
_FORM_MARK = regex_cache.compile(f"[{CHECKBOXES}\t|｜]")
_WIDE_GAP = regex_cache.compile(r"[ \u3000\xa0]{3,}")
# a named quantity and its formula after a marker: （一）预算执行率=356.48/360.00×100%, ③合计=①+②
_FORMULA = regex_cache.compile(r"^[ ]*[\u4e00-\u9fff（）()A-Za-z]{2,20}[ ]*[=＝]")
# the marker styles a table's columns are numbered with, whose terms a formula names: ①+②, （1）+（2）
_TERM_OF_STYLE = {name: regex_cache.compile(STYLE_BY_NAME[name].pattern())
                  for name in ("cn-paren", "arabic-paren", "circled")}
# what follows a number that is a term of a formula, not a heading's marker (③=①+②, ④=③/②)
_OPERATORS = frozenset("=＝+＋×÷/／*＊")
# what a site masks a name with (1、****残联依据…, 2、××县…): a run of two or more, or one before
# the rest of the name (1、×县残联); an item's text, not a formula's operator (③=①+②, ④=③×②)
_MASK = regex_cache.compile(r"[*＊×]{2,}|[*＊×](?=[\u4e00-\u9fff])")


def not_a_heading(line: str, marker_end: int, *, in_notes: bool = False) -> bool:
    """Whether a line that opens with a marker is a form's row or note rather than a heading.

    `line` is the parse view of the line (stripped), `marker_end` where its marker ends;
    `in_notes`: the line follows a 注： / 填表说明： of a form.
    """
    rest = line[marker_end:]
    if rest.lstrip(" \u3000")[:1] == "\t":
        # 一、<Tab>部门基本情况: a tab typed between the marker and its title, as a space (Word's
        # own numbering puts one there); a form's row has another cell after it, or no words
        title = rest.lstrip(" \u3000\t")
        if "\u4e00" <= title[:1] <= "\u9fff" and not _FORM_MARK.search(title):
            rest = title
    if _FORM_MARK.search(rest):  # a checkbox, a tab or a | between cells
        return True
    if "   " in rest and len(_WIDE_GAP.findall(rest.strip())) >= 2:  # cells spaced out on one line
        return True
    if ("=" in rest or "＝" in rest) and _defined_by_fellow_terms(line, marker_end):
        return True
    after = rest.lstrip(" \u3000")
    if after[:1] in _OPERATORS and _MASK.match(after) is None:  # a column's formula under a table's head: ③=①+②
        return True
    return in_notes


def _defined_by_fellow_terms(line: str, marker_end: int) -> bool:
    """Whether the line defines its numbered quantity by others numbered the same way
    (③合计=①+②, （3）小计=（1）+（2）): its marker is a term of a table's formulas.

    A marker followed by a quantity and the formula of its figures (（一）预算执行率=356.48/
    360.00×100%=99.02%) is an item of the list like any other.
    """
    rest = line[marker_end:]
    formula = _FORMULA.match(rest)
    if formula is None:
        return False
    own = read_marker(line)
    term = _TERM_OF_STYLE.get(own.style.name) if own is not None else None
    return term is not None and term.search(rest, formula.end()) is not None


# the numerals after 一、 in a list of ranks: 一、二级指标, 一、二、三级, 一、二季度 (the last one joined to its counter)
_RANKS_LISTED = regex_cache.compile(f"((?:[{MARKER_NUMERALS}]{{1,3}}、)*[{MARKER_NUMERALS}]{{1,3}})(?:级|类|等|档|批|期|季度)")


def lists_ranks(line: str, match: MarkerMatch) -> bool:
    """Whether a line that opens with 一、 may open a list of ranks instead: 一、二级指标 (first-
    and second-level indicators), 一、二、三级, 二、三季度, each numeral one more than the one
    before it and the last joined to its counter. (二、三级指标完成情况 may be either.)"""
    end = match.end
    if match.style.name != "cn-dun" or line[end:end + 1] not in MARKER_NUMERALS or line[end - 1] != "、":
        return False
    ranks = _RANKS_LISTED.match(line, end)
    if ranks is None:
        return False
    numbers = [match.number] + [cn_to_int(numeral) for numeral in ranks.group(1).split("、")]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


# A marker after a space inside a heading line: 一、基本情况 (一)项目概况 1.资金用途
_INNER_MARKER_AT = regex_cache.compile(r"(?<=[ \t])(?=[（(一二三四五六七八九十0-9①-⑳第])")
MAX_STACKED_TITLE = 30  # a stacked heading's title is short; a longer run is prose


def _stacked_markers(view: str, first: MarkerMatch) -> list[tuple[int, MarkerMatch]]:
    """The headings a line stacks when its line breaks were lost: after the first marker,
    each deeper level's first marker (（一） then 1.), after a space and a short title.
    [] when the line holds one heading (most lines: no space after a short title)."""
    if " " not in view[first.end:] and "\t" not in view:
        return []
    found = [(0, first)]
    level, previous_end = first.level, first.end
    for space in _INNER_MARKER_AT.finditer(view, first.end):
        at = space.start()
        if at - previous_end > MAX_STACKED_TITLE + 2:
            break
        inner = read_marker(view[at:])
        if inner is None or inner.level <= level or inner.number != 1 or at + inner.end >= len(view):
            continue
        title = view[previous_end:at].strip()
        if not title or _TITLE_END.search(title):
            break
        found.append((at, inner))  # its end is counted from `at`
        level, previous_end = inner.level, at + inner.end
    return found if len(found) > 1 else []


def heading_title(rest: str) -> str:
    """The title part of a heading line: up to the first 。/：/；, trailing punctuation removed.

    （一）制定工作方案情况。根据市财政局通知要求… → 制定工作方案情况
    """
    match = _TITLE_END.search(rest)
    title = rest[: match.start()] if match else rest
    if len(title) > 40:  # a running sentence: 1.收入预算，2023年年初预算数… → 收入预算 (, as well)
        comma = _CLAUSE_COMMA.search(title, 0, 26)
        if comma is not None and comma.start() > 0:
            title = title[:comma.start()]
    return title.strip(" \u3000\xa0。.，,、").strip()


_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "（", "]": "）", "［": "（", "］": "）", "【": "（", "】": "）",
                           "〔": "（", "〕": "）", "“": None, "”": None, '"': None, "‘": None, "’": None})


@lru_cache(maxsize=8192)
def normalise_title(title: str) -> str:
    """Key for comparing titles: no spaces, unified brackets, no trailing punctuation, simplified script.

    部门（单位）基本情况, 部门(单位)基本情况 and 部門（單位）基本情況 give the same key, and so does
    績效目標(biāo)分解下達(dá)情況: the reading a mirror site writes after a character is no part of it.
    """
    title = fold_traditional(title).translate(_BRACKETS)
    if "（" in title:
        title = _READING.sub("", title)
    return _TITLE_NOISE.sub("", title)
