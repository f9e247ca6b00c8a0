"""The heading-marker syntax: the one definition of how a report numbers its headings and lists.

Five marker styles, one per heading level, each accepted full- or half-width and with or
without spaces inside (the text is read on the parse view, where full-width digits are
ASCII already):

=====  ================  ====================================  ========
level  style             written as                            rendered
=====  ================  ====================================  ========
0      ``part``          第一部分 第二部分                      第一部分
1      ``cn-dun``        一、 一 、 一． 一.                      一、
2      ``cn-paren``      （一） (一) （一) (一）                  （一）
3      ``arabic-dot``    1. 1、 1． (not a decimal: 1.5)        1.
4      ``arabic-paren``  （1） (1)                              （1）
5      ``circled``       ① … ⑳                                 ①
=====  ================  ====================================  ========

(1.2024年度… and 2.2020 年度… are the marker before a year: no decimal goes on with 年), and the
enumerations inside a paragraph: 一是 / 二要 after the start of the text or a punctuation mark.

Everything that needs the syntax takes it from here: the layout grammar's heading
terminals (`grammars/report.lark`, checked against `grammar_terminals()` when the parser
is built), the layout pass that decodes a heading's marker (`read_marker`), the outline,
and the sections plugin (headings run into a paragraph, messages that name the marker a
place calls for: `render`). Chinese numerals themselves are `reportlint.numerals`.

``python -m reportlint.parse.markers`` prints the grammar's heading terminals.
"""

from __future__ import annotations

import re
from typing import Optional

from reportlint import regex_cache
from ..numerals import CIRCLED, cn_to_int, int_to_cn
from .records import FrozenRecord

#: The Chinese numerals a marker may use (一 … 十, up to three of them: 九十九).
MARKER_NUMERALS = "一二三四五六七八九十"
_CN = f"[{MARKER_NUMERALS}]{{1,3}}"
_ARABIC = r"\d{1,2}"
_CIRCLED = "[①-⑳]"
_OPEN = "[（(][ ]*"
_CLOSE = "[ ]*[）)]"


class MarkerStyle(FrozenRecord):
    """One way of numbering a heading level: the pieces of its regex and how it is written.

    A marker is ``before`` + the number (``numeral``) + ``after``. ``run_in_after`` is the
    ending accepted when the marker stands inside running text (a heading run into the end
    of a paragraph), where 一．is too likely to be something else; None when the style is
    not recognised there at all.
    """

    __slots__ = ("name", "level", "before", "numeral", "after", "run_in_after", "template")

    name: str
    level: int
    before: str
    numeral: str
    after: str
    run_in_after: Optional[str]
    template: str  # how the style writes a number: {n} the number in the style's digits

    def __init__(self, name: str,
                 level: int,
                 before: str,
                 numeral: str,
                 after: str,
                 run_in_after: Optional[str],
                 template: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "before", before)
        object.__setattr__(self, "numeral", numeral)
        object.__setattr__(self, "after", after)
        object.__setattr__(self, "run_in_after", run_in_after)
        object.__setattr__(self, "template", template)

    @property
    def group(self) -> str:
        """The regex group name of the style's number: cn-dun → cn_dun."""
        return self.name.replace("-", "_")

    def pattern(self, *, group: bool = False, run_in: bool = False) -> str:
        """The marker's regex; with `group`, the number is the named group `self.group`."""
        after = self.run_in_after if run_in else self.after
        if after is None:
            raise ValueError(f"marker style {self.name} is not recognised in running text")
        numeral = f"(?P<{self.group}>{self.numeral})" if group else self.numeral
        return f"{self.before}{numeral}{after}"

    def number_of(self, raw: str) -> int:
        """The value of the number as written (the group of `pattern`); 0 if it has none."""
        if self.name == "circled":
            return CIRCLED.get(raw, 0)
        if raw.isdigit():
            return int(raw)
        return cn_to_int(raw) or 0

    def render(self, number: int) -> str:
        """The canonical way to write `number` in this style: 一、 （二） 3. （4） ⑤."""
        if number < 1:
            return "?"
        if self.name == "circled":
            return chr(0x245F + number) if number <= 20 else f"({number})"
        digits = int_to_cn(number) if self.numeral == _CN else str(number)
        return self.template.format(n=digits)

    @property
    def example(self) -> str:
        """The style's first marker: 一、 （一） 1. （1） ①."""
        return self.render(1)

    def terminal(self) -> str:
        """The layout grammar's terminal definition for a heading line of this style."""
        # a heading line: optional indent, the marker, the rest of the line, its break and
        # the empty lines after it (which carry no content; see grammars/report.lark)
        return f"HEADING_L{self.level}.4: /[ ]*{self.pattern()}[^\\n]*\\n\\n*/"


STYLES: tuple[MarkerStyle, ...] = (
    # the parts above the outline: 第一部分 部门概况 … 第二部分 … (each part numbers its 一、 afresh)
    MarkerStyle("part", 0, "第", _CN, "[ ]*部分", None, "第{n}部分"),
    # 一． is folded to 一. on the parse view: both are accepted (before, 一． was never a heading)
    MarkerStyle("cn-dun", 1, "", _CN, "[ ]*[、．.]", "[ ]*、", "{n}、"),
    MarkerStyle("cn-paren", 2, _OPEN, _CN, _CLOSE, _CLOSE, "（{n}）"),
    # (1.5万元 is a decimal, not a marker; 1.2024年度… and 2.2020 年度… are the marker before a year)
    MarkerStyle("arabic-dot", 3, "", _ARABIC, r"[ ]*(?:[.．](?!\d)|[.．](?=(?:19|20)\d\d[ ]?年)|、)",
                r"[ ]*(?:[.．](?!\d)|[.．](?=(?:19|20)\d\d[ ]?年)|、)", "{n}."),
    MarkerStyle("arabic-paren", 4, _OPEN, _ARABIC, _CLOSE, _CLOSE, "（{n}）"),
    MarkerStyle("circled", 5, "", _CIRCLED, "", None, "{n}"),
)
STYLE_BY_NAME: dict[str, MarkerStyle] = {style.name: style for style in STYLES}
STYLE_BY_GROUP: dict[str, MarkerStyle] = {style.group: style for style in STYLES}
STYLE_OF_LEVEL: dict[int, str] = {style.level: style.name for style in STYLES}
LEVEL_OF_STYLE: dict[str, int] = {style.name: style.level for style in STYLES}
MAX_LEVEL = max(LEVEL_OF_STYLE.values())


def style_named(name: str) -> MarkerStyle:
    """The style called `name` (cn-dun, cn-paren, arabic-dot, arabic-paren, circled)."""
    return STYLE_BY_NAME[name]


def marker_alternation(*, run_in: bool = False) -> str:
    """One regex matching any style's marker, each style's number in its named group.

    The styles are tried in level order; `run_in` leaves out the styles not recognised in
    running text and uses their stricter endings.
    """
    return "|".join(style.pattern(group=True, run_in=run_in) for style in STYLES
                    if not run_in or style.run_in_after is not None)


def matched_style(match: "re.Match[str]") -> MarkerStyle:
    """The style whose number group took part in a match of `marker_alternation`."""
    for group, style in STYLE_BY_GROUP.items():
        if group in match.re.groupindex and match.group(group) is not None:
            return style
    raise ValueError("the match holds no marker group")


# A heading line's marker, from its start (leading and trailing spaces included).
_MARKER = regex_cache.compile(rf"[ ]*(?:{marker_alternation()})[ ]*")


class MarkerMatch(FrozenRecord):
    """A marker read at the start of a line: its style, the number it gives, where it ends."""

    __slots__ = ("style", "number", "end")

    style: MarkerStyle
    number: int
    end: int  # offset after the marker and the spaces after it

    def __init__(self, style: MarkerStyle, number: int, end: int) -> None:
        object.__setattr__(self, "style", style)
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "end", end)

    @property
    def level(self) -> int:
        return self.style.level


def read_marker(text: str) -> Optional[MarkerMatch]:
    """The marker at the start of `text` (the parse view of a line), or None.

    "（二）绩效目标" → cn-paren, 2, end 3; "1.5万元" → None (a decimal, not a marker).
    """
    match = _MARKER.match(text)
    if match is None:
        return None
    group = match.lastgroup
    style = STYLE_BY_GROUP[group] if group else matched_style(match)
    return MarkerMatch(style, style.number_of(match.group(group or style.group)), match.end())


def render(style: Optional[str], number: int) -> str:
    """`number` written in the style named `style`: 一、 （二） 3. （4） ⑤; ``?`` below 1.

    An unknown or missing style gives the bare number.
    """
    known = STYLE_BY_NAME.get(style) if style is not None else None
    if known is None:
        return "?" if number < 1 else str(number)
    return known.render(number)


# Every digit a marker's number may be written with: the marker without its number is its
# written form (（N）, N、, N.).
NUMERAL_RUN = regex_cache.compile(f"[{MARKER_NUMERALS}\\d①-⑳]+")


def render_as_written(written: str, style: Optional[str], number: int) -> str:
    """`number` with the punctuation of the marker `written` (4、 for 3、, （4） for (3)):
    what a writer who writes markers so would write; `render` when `written` has no numeral.
    """
    canonical = render(style, number)
    known = STYLE_BY_NAME.get(style) if style is not None else None
    numeral = NUMERAL_RUN.search(written)
    if known is None or known.name == "circled" or number < 1 or numeral is None or numeral.group().isdigit() \
            != (known.numeral != _CN):
        return canonical
    digits = int_to_cn(number) if known.numeral == _CN else str(number)
    return written[:numeral.start()] + digits + written[numeral.end():]


# -- enumerations inside a paragraph: 一是 … 二是 …, 一要 … 二要 … -----------------------------

#: The words that make a numeral an enumeration marker.
ENUMERATION_WORDS = ("是", "要")
# after the start of the text or a punctuation mark (so 统一是 is no enumeration)
ENUMERATION = regex_cache.compile(
    rf"(?:^|(?<=[。；;，,：:！？!?\s”“\"）)]))({_CN})({'|'.join(ENUMERATION_WORDS)})")


class EnumerationMatch(FrozenRecord):
    """An enumeration marker found in a paragraph: 三是 → number 3, word 是."""

    __slots__ = ("start", "end", "marker", "number", "word")

    start: int
    end: int
    marker: str
    number: int
    word: str

    def __init__(self, start: int, end: int, marker: str, number: int, word: str) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "marker", marker)
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "word", word)


# A numeral right before the word: what every enumeration holds. Prose holds 是 and 要 often
# and the enumeration pattern's look-behind is slow to try at every character, so a line
# without this pair is not scanned with it.
_NUMERAL_WORD = regex_cache.compile(f"[{MARKER_NUMERALS}](?:{'|'.join(ENUMERATION_WORDS)})")


def find_enumerations(text: str) -> list[EnumerationMatch]:
    """Every enumeration marker in `text` (the parse view of a paragraph), in order."""
    for word in ENUMERATION_WORDS:  # most lines hold neither word: no regex scan (a loop: no generator per line)
        if word in text:
            break
    else:
        return []
    if _NUMERAL_WORD.search(text) is None:
        return []
    found: list[EnumerationMatch] = []
    for match in ENUMERATION.finditer(text):
        number = cn_to_int(match.group(1))
        if number is None:
            continue
        found.append(EnumerationMatch(match.start(), match.end(), match.group(0), number, match.group(2)))
    return found


def render_enumeration(number: int, word: str = "是") -> str:
    """`number` as an enumeration marker: 3 → 三是."""
    return f"{int_to_cn(number)}{word}"


# -- the layout grammar --------------------------------------------------------------------

def grammar_terminals() -> list[str]:
    """The heading terminals of grammars/report.lark, one definition line per level."""
    return [style.terminal() for style in STYLES]


_TERMINAL_LINE = regex_cache.compile(r"^HEADING_L\d+(?:\.\d+)?:.*$", re.MULTILINE)


def grammar_disagreements(grammar: str) -> list[str]:
    """How the heading terminals of a grammar's text differ from `grammar_terminals()`.

    Empty when they agree; the layout parser refuses to build otherwise, so the grammar and
    this module cannot drift apart silently.
    """
    written = _TERMINAL_LINE.findall(grammar)
    expected = grammar_terminals()
    problems = [f"grammar lacks {line}" for line in expected if line not in written]
    problems += [f"grammar has {line}, not what reportlint.parse.markers defines"
                 for line in written if line not in expected]
    return problems


if __name__ == "__main__":  # pragma: no cover - a maintenance helper
    print("\n".join(grammar_terminals()))
