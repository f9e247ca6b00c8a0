"""Paragraphs a plain-text file wrapped over several lines, joined back into one.

Text copied from a PDF (pdftotext, a viewer's copy, a web page that publishes a PDF's lines)
breaks every paragraph where the page's line ended: `全年执行数为450万元，预算执` / `行率为95%。`.
Read line by line, no sentence of such a paragraph is whole, and what it states (a rate and
its figures, a total and its parts) is never checked. The PDF reader joins such lines from
the page's geometry; a plain-text file has no geometry, only its shape: most of its prose
lines stop at about the same width without ending their sentence.

So the lines are joined only where the whole file shows that shape (`wrap_width`): at least
`MIN_WRAPPED` paragraph lines of about one width end mid-sentence, they are most of the
lines of that width, and hardly any prose line is longer. Then a paragraph line of that width
that does not end its sentence runs on into the next line when that one is prose too (not a
heading, a field line, a table row or an empty line). Never joined: a line that ends with 。
；！？：… (or a closing quote or bracket after one), a next line indented as a new
paragraph, and a digit followed by a digit (2,105.6 / 7 might be two figures). A report
written a paragraph to a line (Word's plain-text export, a .docx, a web page's paragraphs)
has no such shape, and nothing is joined. Only plain-text sources are read this way
(`Source.origins is None`): the other readers know their paragraphs.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

from reportlint import regex_cache
from .model import Paragraph, joined_paragraph
from ..input.source import Source

MIN_WRAPPED = 4  # lines of the wrap width that end mid-sentence, for a file to be read as wrapped
MIN_WIDTH = 40  # display columns: a wrap width is a page's line (20 CJK characters or more)
WINDOW = 8  # display columns a wrapped line may fall short of the wrap width (half-width figures, a justified line)
MOST = 0.6  # the share of prose lines near the wrap width that must end mid-sentence
LONGER = 0.2  # the share of prose lines that may be longer than the wrap width (a table line run together)
SENTENCE_ENDS = frozenset("。；;！？!?：:…")
CLOSERS = frozenset("”’」』）)》〉]】")
_WIDE = regex_cache.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
_INDENT = " \u3000\t\xa0"


def display_width(text: str) -> int:
    """Columns `text` takes on a page: a CJK or full-width character two, others one.

    By hand rather than wcwidth (a dependency, for the text format): this runs while every
    plain-text report is parsed, and importing wcwidth there would add to every cold start
    for an estimate that needs only wide or not."""
    return len(text) + len(_WIDE.findall(text))


def ends_sentence(text: str) -> bool:
    """Whether a line ends its sentence: 。；！？：… , also before closing quotes or brackets."""
    stripped = text.rstrip(_INDENT)
    while stripped and stripped[-1] in CLOSERS:
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in SENTENCE_ENDS


def join_wrapped_lines(items: list, source: Source) -> list:
    """`items` with the paragraphs a wrapping file split over lines joined (module docstring)."""
    if source.origins is not None:
        return items
    width = wrap_width(items, source)
    if width is None:
        return items
    out: list = []
    run: list[Paragraph] = []
    for item in items:
        if run and _continues(run[-1], item, width, source):
            run.append(item)
            continue
        if run:
            out.append(run[0] if len(run) == 1 else joined_paragraph(run))
            run = []
        if _prose(item):
            run = [item]
        else:
            out.append(item)
    if run:
        out.append(run[0] if len(run) == 1 else joined_paragraph(run))
    return out


def wrap_width(items: list, source: Source) -> Optional[int]:
    """The width the file's prose is wrapped at, or None when it is not wrapped (docstring)."""
    prose = [item for item in items if _prose(item)]
    if len(prose) < MIN_WRAPPED:
        return None
    # the lines that stop mid-sentence with prose on the next line: few in a report written a
    # paragraph to a line, which is told here without measuring a line's width
    shortest = (MIN_WIDTH - WINDOW) // 2  # characters: a CJK character is two columns
    open_lines = [item for item, after in zip(prose, prose[1:])
                  if len(item.text) >= shortest and after.span.line == item.span.end_line + 1
                  and not ends_sentence(item.text)]
    if len(open_lines) < MIN_WRAPPED:
        return None
    open_ended = Counter(width for width in map(display_width, (item.text for item in open_lines))
                         if width >= MIN_WIDTH - WINDOW)
    best, count = 0, 0
    for width in sorted(open_ended):  # the window of WINDOW columns holding the most open-ended lines
        inside = sum(n for w, n in open_ended.items() if width - WINDOW <= w <= width)
        if inside > count or inside == count and width > best:
            best, count = width, inside
    if best < MIN_WIDTH or count < MIN_WRAPPED:
        return None
    widths = [display_width(item.text) for item in prose if len(item.text) >= (best - WINDOW) // 2]
    near = sum(1 for width in widths if best - WINDOW <= width <= best + WINDOW // 2)
    longer = sum(1 for width in widths if width > best + WINDOW // 2)
    if count < MOST * near or longer > LONGER * len([w for w in widths if w >= best - WINDOW]):
        return None
    return best


def _prose(item: object) -> bool:
    return type(item) is Paragraph and item.kind == "paragraph" and bool(item.text)


def _continues(last: Paragraph, item: object, width: int, source: Source) -> bool:
    """Whether `item` is the next line of the paragraph whose line so far is `last`."""
    if not _prose(item) or item.span.line != last.span.end_line + 1:  # type: ignore[attr-defined]
        return False
    if ends_sentence(last.text) or display_width(last.text) < width - WINDOW:
        return False
    text: str = item.text  # type: ignore[attr-defined]
    if last.text[-1:].isdigit() and text[:1].isdigit():
        return False  # 2,105.6 / 7: maybe one figure, maybe two
    written = source.line_text(item.span.line)  # type: ignore[attr-defined]
    return not written[:1] in _INDENT  # an indented line opens a paragraph of its own
