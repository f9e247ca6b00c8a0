"""SEC014 inline-list-numbering: a numbered list inside one paragraph skips, repeats or goes back."""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint import regex_cache
from reportlint.parse.layout import CHECKBOXES
from reportlint.parse.model import Paragraph
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule
from reportlint.parse.records import Record

# 1.… 2.… or 1、… 2、… or （1）… （2）… inside running text: after the start of the text, a
# sentence or clause mark, a colon or a space; not after a digit, 第 or a letter (第1、2项,
# 2022.5.18, 3.5万元), and not followed by a digit (1、2月 is a list of months).
_INLINE = regex_cache.compile(
    r"(?:^|(?<=[。；;：:，,！？!?\s]))"
    r"(?:(?P<dot>\d{1,2})[ ]*(?:[.．](?!\d)|、)(?![\d、.．])|[（(](?P<paren>\d{1,2})[）)])"
)
_CHECKBOX = regex_cache.compile(f"[{CHECKBOXES}]")
_OPTION = 20  # how far after its marker an option's checkbox stands (1、部门预算项目 □)
MIN_ITEMS = 3  # fewer markers than this in a paragraph are not a list worth checking
_DIGIT = regex_cache.compile(r"\d")  # every marker has one (a regex finds it at C speed)


class InlineSlip(Record):
    __slots__ = ("rule_kind", "start", "end", "written", "expected", "previous")

    rule_kind: str  # skip | repeat | back
    start: int
    end: int
    written: str
    expected: str
    previous: str

    def __init__(self, rule_kind: str, start: int, end: int, written: str, expected: str, previous: str) -> None:
        self.rule_kind = rule_kind
        self.start = start
        self.end = end
        self.written = written
        self.expected = expected
        self.previous = previous


def _is_a_choice(text: str, found: list[tuple[int, int, int, str]]) -> bool:
    """Whether the numbered items are a flattened form's options, a checkbox after one of them
    (1、常年性 √ 2、延续性□ 4、新增性□ … 3、一次性□): the form's cells in the order its text came out
    (a PDF's reading order), not a list the writer numbered."""
    if _CHECKBOX.search(text) is None:
        return False
    ends = [start for start, _, _, _ in found[1:]] + [len(text)]
    return any(_CHECKBOX.search(text, end, min(next_start, end + _OPTION)) is not None
               for (_, end, _, _), next_start in zip(found, ends))


def inline_slips(text: str, has_digits: Optional[bool] = None) -> list[InlineSlip]:
    """The slips of the numbered lists written inside one paragraph (offsets in `text`).
    `has_digits`: whether the text holds a digit, when the caller knows (a block's fact)."""
    if not (_DIGIT.search(text) is not None if has_digits is None else has_digits):
        return []
    # each marker holds one closing character (. ． 、 or ） ), so a list of MIN_ITEMS needs as many
    if text.count("、") + text.count(".") + text.count("．") < MIN_ITEMS and text.count("）") + text.count(")") < MIN_ITEMS:
        return []
    by_style: dict[str, list[tuple[int, int, int, str]]] = {"dot": [], "paren": []}
    for match in _INLINE.finditer(text):
        style = "dot" if match.group("dot") else "paren"
        number = int(match.group(style))
        by_style[style].append((match.start(), match.end(), number, match.group(0)))
    slips: list[InlineSlip] = []
    for style, found in by_style.items():
        if len(found) < MIN_ITEMS or found[0][2] != 1:
            continue  # a list is checked from its first item 1 on
        if _is_a_choice(text, found):
            continue
        previous: Optional[tuple[int, int, int, str]] = None
        for item in found:
            start, end, number, written = item
            if previous is None or number == 1:
                previous = item
                continue
            last = previous[2]
            expected = _render(style, last + 1, written)
            if number == last + 1:
                pass
            elif number == last:
                slips.append(InlineSlip("repeat", start, end, written, expected, previous[3]))
            elif number > last + 1:
                slips.append(InlineSlip("skip", start, end, written, expected, previous[3]))
            else:
                slips.append(InlineSlip("back", start, end, written, expected, previous[3]))
            previous = item
    slips.sort(key=lambda slip: slip.start)
    return slips


def _render(style: str, number: int, written: str) -> str:
    if style == "paren":
        return f"（{number}）"
    return f"{number}{'、' if '、' in written else '.'}"


# a heading too: a line of items copied from a form's cell (1.…。2.…。3.…) is read as the
# heading its first marker opens, and the list runs on in the heading's own line
_LIST_KINDS = frozenset({"paragraph", "heading"})

_WORDS = {"skip": "跳号", "repeat": "重复", "back": "倒退"}


class InlineListNumbering(Rule):
    """A numbered list written inside one paragraph skips, repeats or goes back.

    ## What it does
    Reads the numbered items a paragraph lists in its running text — 1.… 2.… 3.…,
    1、… 2、…, （1）… （2）… — and reports an item whose number does not follow the one
    before it: 1.…2.…3.…4.…4.…5.… (a repeat), 1.…2.…4.… (a skip), 1.…3.…2.… (going
    back). A heading's line is read the same way: a form's cell of items copied as one line
    (1.…。2.…。3.…) opens with a marker the outline takes as a heading. A list is checked
    from its item 1 on, and only when the paragraph holds at
    least three markers of one style; a marker after a digit, 第 or a letter (第1、2项,
    2022.5.18) or followed by a digit (1、2月) is no list item, and the options of a form
    flattened into text, a checkbox after them (1、常年性 √ 2、延续性□ 4、新增性□ … 3、一次性□, in
    the order a PDF gave its cells), are no list. Lists of headings are
    SEC005 … SEC007; this rule is for the lists a paragraph runs together.

    ## Why is this bad?
    When line breaks are lost, or items are inserted and deleted while editing, the
    numbering inside a paragraph is what the reader has to find the items by; a repeated
    or missing number also hides a lost item.

    ## Example
    `……3.开展业务培训；4.完善档案管理；4.加强资产管理；5.……` →
    `段内编号重复：“4.”之后应为“5.”，此处为“4.”`

    ## Options
    None.
    """

    code = "SEC014"
    name = "inline-list-numbering"
    title = "段内编号跳号或重复"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for item in context.facts.blocks:
            block = item.block
            if not isinstance(block, Paragraph) or block.kind not in _LIST_KINDS or len(block.text) < 12:
                continue
            for slip in inline_slips(item.view, item.has_digits):
                message = (f"段内编号{_WORDS[slip.rule_kind]}：“{slip.previous.strip('：:，,。；; ')}”之后应为"
                           f"“{slip.expected}”，此处为“{slip.written.strip('：:，,。；; ')}”")
                yield context.finding(self, message, block=block, start=slip.start, end=slip.end,
                                      evidence={"stated": slip.written.strip(), "computed": slip.expected})
