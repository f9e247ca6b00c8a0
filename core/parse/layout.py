"""Source text → flat list of layout items, with the Lark LALR parser of grammars/report.lark.

The parser sees lines; this module turns its tree into model nodes (paragraphs, heading
lines with their decoded marker, header fields, attachment marks, table rows) in document
order. Nesting them into sections is the job of `reportlint.parse.outline`. The marker
syntax (the grammar's heading terminals, decoding a marker, 一是 enumerations) is
`reportlint.parse.markers`.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

from lark import Lark, Token, Transformer

from reportlint import regex_cache
from .folding import fold_traditional
from .grammar_files import load_grammar
from .markers import find_enumerations, grammar_disagreements, read_marker
from .model import HeaderField, Paragraph, Row, Span, share_fields_set
from ..input.source import Source, fold

_PARAGRAPH = Paragraph.model_validate
_ROW = Row.model_validate
# A field label at the start of a line or after a run of spaces: 填表人：  向芳   填报日期： 2024年6月6日
_FIELD = regex_cache.compile(r"(?:^|(?<=[ ]{2}))[ ]*(?P<label>[^\s：:，。]{2,16}?)[ ]*[：:]")
_QUALIFIER = regex_cache.compile(r"[（(][^）)]*[）)]")
# Where a heading's title ends and its running text begins.
_TITLE_END = regex_cache.compile(r"[。：:；;]")


@dataclass(slots=True)
class HeadingLine:
    """A line with a numbering marker: the raw material of a Section."""

    style: str
    level: int
    marker: str
    number: int
    title: str
    paragraph: Paragraph


@dataclass(slots=True)
class FieldLine:
    paragraph: Paragraph
    fields: list[HeaderField]


_ATTACHMENT_MARK = regex_cache.compile(r"[ ]*附件[ ]*[0-9０-９]{1,2}(?:[ ]*[-－—–][ ]*[0-9０-９]{1,2})?[ ]*[：:]?")


@dataclass(slots=True)
class AttachmentMark:
    label: str
    number: str
    span: Span
    title: str = ""  # the title written on the same line (附件1-1 部门整体支出绩效评价基础数据表)
    paragraph: Optional[Paragraph] = None


Item = Union[HeadingLine, Paragraph, FieldLine, AttachmentMark, Row]


class _LineRules(Transformer):
    """Builds each layout item as the LALR parser reduces its line's rule.

    Run inline (Lark's `transformer=` with LALR), so no parse tree is built or kept: on a
    long report the tree of every token and subtree, held next to the model, was what made
    cost grow faster than the input. The builder of the report being parsed is per thread.
    """

    def __init__(self) -> None:
        super().__init__()
        self._local = threading.local()

    @property
    def builder(self) -> "_Builder":
        return self._local.builder

    @builder.setter
    def builder(self, value: "Optional[_Builder]") -> None:
        self._local.builder = value

    def paragraph(self, children):
        return self.builder.paragraph(children[0])

    def heading(self, children):
        return self.builder.heading(children[0])

    def row(self, children):
        return self.builder.row(children[0])

    def field_line(self, children):
        return self.builder.field_line(children[0])

    def attachment(self, children):
        return self.builder.attachment(children[0])

    def start(self, children):
        # Empty and space-only lines carry nothing: only the built items remain.
        return [child for child in children if not isinstance(child, Token)]


_LINE_RULES = _LineRules()


@lru_cache(maxsize=1)
def layout_parser() -> Lark:
    """The LALR parser, built once per process, building items as it parses."""
    grammar = load_grammar("report.lark")
    problems = grammar_disagreements(grammar)
    if problems:  # the heading terminals are defined by reportlint.parse.markers
        raise RuntimeError("grammars/report.lark and reportlint.parse.markers disagree: " + "; ".join(problems))
    from .grammar_files import build_parser; return build_parser("report.lark", lexer="contextual", maybe_placeholders=False, transformer=_LINE_RULES)  # noqa: E702 - cached (grammar_files)


def parse_layout(source: Source) -> list[Item]:
    """Parse the source into layout items in document order."""
    view = source.view
    text = view + ("\n" if view.endswith("\n") else "\n\n")
    _LINE_RULES.builder = _Builder(source, text)
    try:
        return layout_parser().parse(text)
    finally:
        _LINE_RULES.builder = None


def _span(line: int, column: int, end_line: int, end_column: int) -> dict:
    """A span as a dict, validated into a Span together with the node that holds it.

    Building nodes with model_validate on plain dicts lets pydantic-core (Rust) do the
    nested construction in one call: faster than model_construct's Python loop, and
    than building the Span first.
    """
    return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}


class _Builder:
    def __init__(self, source: Source, parse_text: str):
        self.source = source
        self.text = source.text
        self.view = source.view
        self.parse_text = parse_text  # the view plus the closing blank line(s) the grammar needs
        self.in_notes = False  # after 注： / 填表说明：, 1. 2. … are the notes of a form, not headings

    def _line_slice(self, token: Token) -> tuple[int, int, int]:
        """Offsets of the token's text without the line break and surrounding spaces; and its line."""
        start = token.start_pos
        end = start + token.value.index("\n")  # the line's content, without its break and following empty lines
        view = self.view
        while start < end and view[start] in " \t":
            start += 1
        while end > start and view[end - 1] in " \t":
            end -= 1
        return start, end, token.line

    def _paragraph(self, token: Token, kind: str = "paragraph") -> Paragraph:
        start, end, line = self._line_slice(token)
        column = start - (token.start_pos - token.column + 1) + 1
        text = self.text[start:end]
        span = _span(line, column, line, column + len(text))
        return share_fields_set(_PARAGRAPH({"kind": kind, "text": text, "span": span,
                                            "enumerations": self._enumerations(start, end, line, column)}))

    def _enumerations(self, start: int, end: int, line: int, column: int) -> list[dict]:
        found = []
        for match in find_enumerations(self.view[start:end]):
            col = column + match.start
            found.append({"marker": match.marker, "number": match.number, "word": match.word,
                          "span": _span(line, col, line, col + len(match.marker))})
        return found

    def paragraph(self, token: Token) -> Paragraph:
        paragraph = self._paragraph(token)
        if paragraph.text[:1] in _NOTES_FIRST and _NOTES_START.match(paragraph.text):
            self.in_notes = True
        return paragraph

    def heading(self, token: Token) -> Union[HeadingLine, Paragraph]:
        paragraph = self._paragraph(token, "heading")
        view_text = self.view[token.start_pos:token.start_pos + token.value.index("\n")].strip(" \t")
        match = read_marker(view_text)
        if match is None:  # cannot happen for tokens of the heading terminals
            paragraph.kind = "paragraph"
            return paragraph
        if match.level <= 2:
            self.in_notes = False
        if not_a_heading(view_text, match.end, in_notes=self.in_notes and match.level >= 3):
            paragraph.kind = "paragraph"
            return paragraph
        marker = paragraph.text[: match.end].rstrip()
        rest = paragraph.text[match.end:]
        return HeadingLine(match.style.name, match.level, marker, match.number, heading_title(rest), paragraph)

    def field_line(self, token: Token) -> FieldLine:
        paragraph = self._paragraph(token, "field")
        text = paragraph.text
        fields: list[HeaderField] = []
        matches = list(_FIELD.finditer(self.view[token.start_pos:token.start_pos + token.value.index("\n")].strip(" \t")))
        line, col0 = paragraph.span.line, paragraph.span.column
        for i, match in enumerate(matches):
            value_start = match.end()
            value_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            raw_value = text[value_start:value_end]
            value = raw_value.strip(" \u3000\xa0")
            lead = len(raw_value) - len(raw_value.lstrip(" \u3000\xa0"))
            raw_label = match.group("label")
            label = fold_traditional(_QUALIFIER.sub("", raw_label).strip())
            label_col = col0 + match.start("label")
            value_col = col0 + value_start + lead
            fields.append(share_fields_set(HeaderField.model_validate({
                "label": label, "raw_label": raw_label, "value": value,
                "span": _span(line, label_col, line, value_col + len(value)),
                "value_span": _span(line, value_col, line, value_col + len(value)) if value else None})))
        return FieldLine(paragraph, fields)

    def attachment(self, token: Token) -> Union[AttachmentMark, Paragraph]:
        paragraph = self._paragraph(token)
        mark = _ATTACHMENT_MARK.match(paragraph.text)
        if mark is None:  # cannot happen for tokens of ATTACHMENT_LINE
            return paragraph
        label = mark.group(0).rstrip("：: ")
        title = paragraph.text[mark.end():].strip(" ：:\u3000")
        number = re.sub(r"\s", "", fold(label)).strip("附件：:")
        return AttachmentMark(label, number, paragraph.span, title, paragraph)

    def row(self, token: Token) -> Row:
        """Split a ROW token into cells: a cell starts at a line whose first non-space is a tab.

        Positions come from the row's own line offsets (the token knows its first line), not
        from a search of the whole file per cell: rows are most of a table-heavy report.
        """
        view, text = self.parse_text, self.text
        lines = token.value.rstrip("\n").split("\n")
        offsets: list[int] = []
        offset = token.start_pos
        for line in lines:
            offsets.append(offset)
            offset += len(line) + 1
        end_of_row = offset  # one past the last content line's "\n"
        starts = [index for index, line in enumerate(lines) if line.lstrip(" ").startswith("\t")]
        first_line = token.line
        cells = []
        for number, index in enumerate(starts):
            end = (offsets[starts[number + 1]] if number + 1 < len(starts) else end_of_row) - 1
            start = offsets[index] + lines[index].index("\t") + 1
            while start < end and view[start] in " \t":
                start += 1
            while end > start and view[end - 1] in " \t\n":
                end -= 1
            line, column = first_line + index, start - offsets[index] + 1
            if end > start:
                last = bisect_right(offsets, end) - 1
                end_line, end_column = first_line + last, end - offsets[last] + 1
            else:
                end_line, end_column = line, column
            cells.append({"text": text[start:end], "span": _span(line, column, end_line, end_column)})
        last_span = cells[-1]["span"]
        return share_fields_set(_ROW({"cells": cells,
                                      "span": _span(first_line, 1, last_span["end_line"], last_span["end_column"])}))


# -- lines that start with a marker but are not headings ------------------------------------
# A form flattened into text: checkbox rows (1、部门预算项目 □ 2、县直专项 ☑), cells run together
# on one line (a tab, a | or wide gaps between them), and a form's notes (注：1.预算执行率=…；
# 2.…). Their 1、 2、 are an item list of the form, not the report's heading numbering.
CHECKBOXES = "□☑☐■☒✓√✔▢◻"
_NOTES_FIRST = "注备说填指 \u3000"
_NOTES_START = regex_cache.compile(r"^[ \u3000]*(?:注|备注|说明|填表说明|填报说明|指标说明)[ \u3000]*[:：]")
_FORM_MARK = regex_cache.compile(f"[{CHECKBOXES}\t|｜]")
_WIDE_GAP = regex_cache.compile(r"[ \u3000\xa0]{3,}")
# a note that defines a figure: 1.预算执行率=实际支出/预算数×100%
_FORMULA = regex_cache.compile(r"^[ ]*[\u4e00-\u9fff（）()A-Za-z]{2,20}[ ]*[=＝]")


def not_a_heading(line: str, marker_end: int, *, in_notes: bool = False) -> bool:
    """Whether a line that opens with a marker is a form's row or note rather than a heading.

    `line` is the parse view of the line (stripped), `marker_end` where its marker ends;
    `in_notes`: the line follows a 注： / 填表说明： of a form.
    """
    rest = line[marker_end:]
    if _FORM_MARK.search(rest):  # a checkbox, a tab or a | between cells
        return True
    if "   " in rest and len(_WIDE_GAP.findall(rest.strip())) >= 2:  # cells spaced out on one line
        return True
    if ("=" in rest or "＝" in rest) and _FORMULA.match(rest):
        return True
    return in_notes


def heading_title(rest: str) -> str:
    """The title part of a heading line: up to the first 。/：/；, trailing punctuation removed.

    （一）制定工作方案情况。根据市财政局通知要求… → 制定工作方案情况
    """
    match = _TITLE_END.search(rest)
    title = rest[: match.start()] if match else rest
    if len(title) > 40:  # a running sentence: 1.收入预算，2023年年初预算数… → 收入预算
        comma = title.find("，")
        if 0 < comma <= 25:
            title = title[:comma]
    return title.strip(" \u3000\xa0。.，,、").strip()


_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "（", "]": "）", "［": "（", "］": "）", "【": "（", "】": "）",
                           "〔": "（", "〕": "）", "“": None, "”": None, '"': None, "‘": None, "’": None})


@lru_cache(maxsize=8192)
def normalise_title(title: str) -> str:
    """Key for comparing titles: no spaces, unified brackets, no trailing punctuation, simplified script.

    部门（单位）基本情况, 部门(单位)基本情况 and 部門（單位）基本情況 give the same key.
    """
    title = fold_traditional(title).translate(_BRACKETS)
    return re.sub(r"[\s\u3000\xa0。.：:；;，,]", "", title)
