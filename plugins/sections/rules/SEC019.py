"""SEC019 half-bracketed-marker: a heading whose （N） lost one of its brackets (三) …, (三…)."""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint import regex_cache
from reportlint.numerals import cn_to_int, int_to_cn
from reportlint.parse.model import Paragraph, Section
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

_CN = "一二三四五六七八九十"
# 三) 当年部门整体支出绩效 (the opening bracket lost) / (三当年部门整体支出绩效 (the closing one);
# a title follows: a CJK character, not a numeral or a bracket
# (not the words that open with a numeral: （三公经费…）, （一般公共预算…）, “十四五”)
_TERMS = "三公|一般|三农|三重|三保|五险|十[三四五]五"
_LOST_OPEN = regex_cache.compile(rf"[ \t\u3000]*(?!{_TERMS})(?P<n>[{_CN}]{{1,3}})[)）][ \t\u3000]*(?=[\u4e00-\u9fff“])")
_LOST_CLOSE = regex_cache.compile(rf"[ \t\u3000]*[(（](?!{_TERMS})(?P<n>[{_CN}]{{1,3}})(?![{_CN})）、是])(?=[\u4e00-\u9fff“])"
                                  r"[^)）]*$")  # (no closing bracket anywhere after: （三公经费支出情况）)
_STYLE = "cn-paren"


_OPENERS = frozenset(_CN + "(（")


def _may_open_half(block: object) -> bool:
    """The block is a paragraph whose first character may open a half-bracketed marker."""
    if not isinstance(block, Paragraph):
        return False
    text = block.text
    return bool(text) and (text[0] in _OPENERS or text[0] in " \t\u3000" and text.lstrip(" \t\u3000")[:1] in _OPENERS)


def _half_marker(block: Paragraph) -> Optional[tuple[int, int, int, str]]:
    """(number, start, end, which bracket is lost) of a paragraph opening with a half-bracketed
    （N）, else None."""
    for pattern, lost in ((_LOST_OPEN, "左"), (_LOST_CLOSE, "右")):
        found = pattern.match(block.text)
        if found is not None:
            number = cn_to_int(found.group("n"))
            if number is not None:
                start = found.start("n") - (1 if lost == "右" else 0)
                end = found.end("n") + (1 if lost == "左" else 0)
                return number, start, end, lost
    return None


class HalfBracketedMarker(Rule):
    """A heading whose （三） lost one of its brackets, so that it is read as text.

    ## What it does
    Looks at the paragraphs under a （N） heading, its subsections' included (and before the
    first （N） of a part):
    one that opens with 三) or （三 and a title (`三) 当年部门整体支出绩效`, `(三当年部门整体支出绩效`)
    whose number continues the （N） headings around it (after （二）, or before a first
    （四）) is that next heading with a bracket lost. The numbers must continue: a list of
    its own that starts at 一) is left alone, and so are Arabic lists (1) 2) …).

    ## Why is this bad?
    With a bracket lost, the line is no heading: its section runs into the one before, the
    numbering seems to skip (SEC005 reports （三） missing), and the reader sees a marker
    no template uses.

    ## Example
    `（二）年度工作目标` … `三) 当年部门整体支出绩效` →
    `序号“三)”缺少左括号，应为“（三）”：此行接续“（二）年度工作目标”（第36行）的编号`

    ## Options
    None.
    """

    code = "SEC019"
    name = "half-bracketed-marker"
    title = "标题序号括号残缺"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        if not any(_may_open_half(block) for section in document.walk_sections() for block in section.body):
            return  # (one cheap pass: most reports have no paragraph opening with a numeral or a bracket)
        parts: list[tuple[list, list[Section]]] = [(list(document.front), list(document.sections))]
        parts += [(section.body, section.children) for section in document.walk_sections()]
        for body, children in parts:
            first = next((child for child in children if child.style == _STYLE), None)
            if first is not None and first.number is not None and first.number > 1:
                # 一) 部门概况 before the part's first （二）: the first heading lost a bracket
                yield from self._lost_in(context, body, first.number - 1, first, before=True)
        for section in document.walk_sections():
            if section.style == _STYLE and section.number is not None and not section.borrowed:
                # the line is read as text of the last section open before it: (二)'s, or a ① under (二)
                yield from self._lost_in(context, [block for part in section.walk() for block in part.body], section.number + 1, section)

    def _lost_in(self, context: CheckContext, body: list, expected: int, neighbour: Section,
                 before: bool = False) -> Iterator[Finding]:
        """The half-bracketed markers in `body` numbered from `expected` on (one after another)."""
        for block in body:
            if not _may_open_half(block) or block.kind != "paragraph":  # type: ignore[attr-defined]
                continue
            half = _half_marker(block)  # type: ignore[arg-type]
            if half is None or half[0] != expected:
                continue
            number, start, end, lost = half
            written = block.text[start:end]
            place = context.where(neighbour.span.line)
            relation = "其后" if before else "接续"
            yield context.finding(
                self, f"序号“{written}”缺少{lost}括号，应为“（{int_to_cn(number)}）”：此行{relation}"
                      f"“{neighbour.heading.text.strip()[:30]}”（{place}）的编号",
                block=block, start=start, end=end,
                evidence={"stated": written, "computed": f"（{int_to_cn(number)}）",
                          "related": [{"line": neighbour.span.line, "heading": neighbour.title}]},
                suggestion=f"（{int_to_cn(number)}）")
            if before:
                return
            expected += 1
