"""A report's table of contents (目录): a list of its headings, not headings of its own.

Longer reports (and the 决算 or third-party evaluation documents a self-evaluation is filed
with) open with a 目录. Read as headings, its entries make every section appear twice: the
body's 一、 comes back after the contents' 三、 (SEC007 "编号倒退"), and each entry is a
section with nothing in it (SEC009). The outline builder sets the contents aside with the
page furniture (`Document.furniture`), so they are never a heading, the title or a date.

Set aside only on evidence, never on the look of the lines alone:
- a line that is 目录 (目 录, 目錄, 目次) and nothing else, before the report's prose starts
  (a cover's table, such as the evaluation group's members, may stand before it);
- then at least two entries: headings, the attachments listed after them (附件1 成本分析报告),
  or short lines ending in a page number (……3, 第3页; a Word contents copied as text keeps
  its field codes, 一、概况 PAGEREF _Toc123 h 3),
  with perhaps an entry's words wrapped onto a short line of their own between them;
- then the body restarting with the first entry's title (a repeated report title may stand
  in between; the body may write its first part as a plain line with the template's note,
  摘要（2000字以内） for the entry 一、摘要), or entries that mostly end in a page number, or
  (a copy that lost most entries: 目 录 / （二）… / （五）… / 一、项目基本情况) a heading above
  every entry before it, with the body's prose under it, or (a contents without page numbers:
  目录 / 摘要 / 一、… / 五、附件 / 附件1.… / 附件2.…) at least two headings closed by two or more
  listed attachments, then the body's prose. A heading with no page number right above the
  body's prose is the body's first heading, never the last entry (目 录 / 附件2:…28 / the
  title / 一、基本情况 / 为深入贯彻…).
Without all of it nothing is set aside, and the lines are read as they are written. A
contents without its 目录 line (a page that shows the list alone) is set aside on stronger
evidence: at least three entries where the report opens, nothing but entries among them
(headings, entries whose numeral the copy lost, 、绩效目标 or 部分 名词解释, and listed attachments), and then
the body restarting with the first two entries, in order (perhaps after the report's title,
written again on one or two short lines). An attachment listed with its name
glued to its number (附件1成本费用分析报告) is an entry too.
"""

from __future__ import annotations

from typing import Optional, Sequence

from reportlint import regex_cache
from .layout import AttachmentMark, FieldLine, HeadingLine, Item, normalise_title
from .markers import read_marker
from .model import Paragraph

_CONTENTS_WORDS = ("目录", "目次")
_BLANK = " \t\u3000\xa0"
_LEADERS = ".…·．。-—_"
# a page number at the end of a line: 3, 12, 第3页 (what stands before it is looked at in code:
# a pattern of leaders, spaces and digits together backtracks on a long run of spaces)
_TRAILING_NUMBER = regex_cache.compile(
    r"(?:(?:第[ \t]*)?\d{1,3}[ \t]*页?|[(（][ \t]*\d{1,3}[ \t]*[)）])$")  # …3, 第3页, ( 1 )
# the field codes of a Word contents copied as text: HYPERLINK \l "_Toc123" before an entry,
# PAGEREF _Toc123 \h before its page number (the backslash often lost: PAGEREF _Toc25831 h 3)
_FIELD_CODES = regex_cache.compile(r'HYPERLINK[ \t]+\\?l[ \t]+"?_Toc\d+"?|PAGEREF[ \t]+_Toc\d+(?:[ \t]+\\?h(?![A-Za-z]))?')
# what an entry and the heading it lists may differ by, besides what `normalise_title` leaves
# out (spaces, end marks, bracket widths): the leaders between an entry and its page number
_NO_LEADERS = str.maketrans("", "", _LEADERS)
MAX_ENTRY = 80  # a longer line is the report's prose: the contents have ended
MAX_WRAPPED = 30  # a line in the contents that is no entry: an entry's wrapped words, or the title
MAX_PROSE_BEFORE = 60  # a paragraph this long before 目录: the report's body has begun, no contents to look for
LOOK_AHEAD = 80  # the items 目录 is looked for in


def set_aside_contents(items: Sequence[Item]) -> tuple[list[Item], list[Paragraph]]:
    """The items without the table of contents, and its lines (the 目录 line and its entries)."""
    at = _contents_line(items)
    if at is None:
        return _unlabelled_contents(items)
    entries: list[tuple[Item, bool, bool]] = []  # (line, it ends in a page number, it is an entry)
    first_key: Optional[str] = None
    end = at + 1
    restarted = False
    while end < len(items):
        item = items[end]
        text = _listed_attachment(item) if isinstance(item, AttachmentMark) else _line_text(item)
        if text is None:
            break
        key, paged = _read_entry(text)
        if len(key) > MAX_ENTRY:  # (measured without its leaders: ……… may fill a line)
            break
        if first_key is not None and (key == first_key or _split_restart(items, end, key, first_key)
                                      or isinstance(item, Paragraph) and _bare_title(key) == _bare_title(first_key)):
            # the body's first heading: the contents end before it (or its first part written
            # as a plain line with the template's note: 一、摘要 listed, 摘要（2000字以内） in the body)
            restarted = True
            break
        entry = (paged or isinstance(item, (HeadingLine, AttachmentMark))
                 or isinstance(item, Paragraph) and (_ATTACHMENT_ENTRY.match(text) is not None
                                                     or _LOST_NUMERAL.match(text) is not None
                                                     or not entries and key in _FRONT_ENTRY))
        if not entry and (not entries or not isinstance(item, Paragraph) or len(text.strip(_BLANK)) > MAX_WRAPPED):
            break
        # (not an entry: an entry's words wrapped onto a line of their own, 会议费 / 况说明, or the
        # report's title written again above its body; which one is decided once the end is known)
        entries.append((item, paged, entry))
        if first_key is None:
            first_key = key
        end += 1
    after = items[end] if end < len(items) else None
    if (isinstance(after, Paragraph) and len(after.text.strip(_BLANK)) > MAX_WRAPPED and entries
            and isinstance(entries[-1][0], HeadingLine) and not entries[-1][1]):
        # a heading with no page number right above the body's prose is the body's first heading
        # (目 录 / 附件2:…28 / the title / 一、基本情况 / 为深入贯彻…), not an entry
        entries.pop()
        end -= 1
    while entries and not entries[-1][2]:  # lines after the last entry are the report's: its title
        entries.pop()
        end -= 1
    if sum(entry for _, _, entry in entries) < 2:
        return list(items), []
    if not restarted and end + 1 < len(items) and isinstance(items[end], Paragraph):
        # the report's title written again above its body: 目录 … then the title, then 一、
        after = _line_text(items[end + 1])
        restarted = after is not None and _key(after) == first_key
    listed = [paged for _, paged, entry in entries if entry]
    mostly_paged = 2 * sum(listed) >= len(listed)
    if not (restarted or mostly_paged or _closed_by_attachments(items, entries, end)):
        body = _body_above(items, at + 1, end)
        if body is None:
            return list(items), []
        end = body
    aside = [_paragraph(item) for item in items[at:end]]
    return [*items[:at], *items[end:]], aside


def _closed_by_attachments(items: Sequence[Item], entries: list[tuple[Item, bool, bool]], end: int) -> bool:
    """A contents without page numbers whose body does not restart with its first entry (目录 /
    摘要 / 一、… / （一）… / 五、附件 / 附件1.… / 附件2.…, then the 摘要's prose): at least two
    headings, then at least two attachments listed after them and nothing else, then prose."""
    after = items[end] if end < len(items) else None
    if not isinstance(after, Paragraph) or len(after.text.strip(_BLANK)) <= MAX_WRAPPED:
        return False
    tail = 0
    for item, _, _ in reversed(entries):
        if not _is_listed_attachment(item):
            break
        tail += 1
    headings = sum(isinstance(item, HeadingLine) for item, _, _ in entries[:len(entries) - tail])
    return tail >= 2 and headings >= 2


def _is_listed_attachment(item: Item) -> bool:
    if isinstance(item, AttachmentMark):
        return True
    return isinstance(item, Paragraph) and _ATTACHMENT_ENTRY.match(item.text) is not None


def _body_above(items: Sequence[Item], first: int, end: int) -> Optional[int]:
    """Where the body starts in a contents that lost most of its entries (目 录 / （二）… / （五）… /
    一、项目基本情况 and its text): the first heading above every entry listed before it, with
    prose under it, after at least two entries that are all headings. None when there is none."""
    deepest = None  # the highest level (smallest number) among the entries so far
    for index in range(first, min(end + 1, len(items))):
        item = items[index]
        if not isinstance(item, HeadingLine):
            return None
        if deepest is not None and index - first >= 2 and item.level < deepest:
            after = items[index + 1] if index + 1 < len(items) else None
            if isinstance(after, Paragraph) and len(after.text.strip(_BLANK)) > MAX_WRAPPED:
                return index
        deepest = item.level if deepest is None else min(deepest, item.level)
    return None


def _unlabelled_contents(items: Sequence[Item]) -> tuple[list[Item], list[Paragraph]]:
    """A contents without its 目录 line (a page that shows the list alone): a run of at least
    MIN_UNLABELLED entries with no text between them, right where the report opens, and then
    the body restarting with the first two entries' headings, in order."""
    start = _first_heading(items)
    if start is None:
        return list(items), []
    first = _entry_key(items[start])
    second = _entry_key(items[start + 1]) if start + 1 < len(items) else None
    if first is None or second is None:
        return list(items), []
    end = start + 1
    while end + 1 < len(items):
        key = _entry_key(items[end]) or _listed_entry(items[end])
        if key is None:
            title = _title_then_restart(items, end, first, second) if end - start >= MIN_UNLABELLED else None
            if title is not None:  # the report's title written again above the body (one or two lines)
                aside = [_paragraph(item) for item in items[start:end]]
                return [*items[:start], *items[end:]], aside
            break  # a line of text, a table or a field: no contents, or the end of them
        if end - start >= MIN_UNLABELLED and key == first and _entry_key(items[end + 1]) == second:
            aside = [_paragraph(item) for item in items[start:end]]
            return [*items[:start], *items[end:]], aside
        end += 1
    return list(items), []


def _title_then_restart(items: Sequence[Item], at: int, first: str, second: str) -> Optional[int]:
    """Where the body restarts with the first two entries, after one or two short lines from `at`
    (the report's title written again: 某镇人民政府 / 2024年度部门整体支出绩效评价报告); else None."""
    for lines in (1, 2):
        restart = at + lines
        if restart + 1 >= len(items):
            return None
        short = items[at + lines - 1]
        if not isinstance(short, Paragraph) or len(short.text.strip(_BLANK)) > MAX_TITLE_LINE:
            return None
        if _entry_key(items[restart]) == first and _entry_key(items[restart + 1]) == second:
            return restart
    return None


MAX_TITLE_LINE = 40  # a line of the report's title written again between its contents and its body
MIN_UNLABELLED = 3  # the entries a contents without its 目录 line must have before the body restarts
# an entry whose numeral the copy lost (、绩效目标: the 二 of an automatic list; 部分  名词解释: the
# 第三 of 第三部分), a short title after it
_LOST_NUMERAL = regex_cache.compile(r"[ \t\u3000]*(?:、[ \t\u3000]*[\u4e00-\u9fff][^。；;，,：:]{1,24}"
                                    r"|部分[ \t\u3000]+[\u4e00-\u9fff0-9][^。；;，,：:]{1,40})$")


def _listed_entry(item: Item) -> Optional[str]:
    """The key of a contents line that is no heading: an entry that lost its numeral
    (、绩效目标) or an attachment listed after the headings (附件1 成本费用分析报告)."""
    if isinstance(item, AttachmentMark):
        text = _listed_attachment(item)
    elif isinstance(item, Paragraph):
        text = item.text
        if not (_LOST_NUMERAL.match(text) or _ATTACHMENT_ENTRY.match(text)):
            return None
    else:
        return None
    if text is None or len(text.strip(_BLANK)) > MAX_ENTRY:
        return None
    return _key(text)


def _first_heading(items: Sequence[Item]) -> Optional[int]:
    """Where the first heading stands, when nothing but short lines come before it."""
    for index, item in enumerate(items[:LOOK_AHEAD]):
        if isinstance(item, HeadingLine):
            return index
        if not isinstance(item, (Paragraph, FieldLine)) or (isinstance(item, Paragraph)
                                                             and len(item.text.strip(_BLANK)) > MAX_PROSE_BEFORE):
            return None
    return None


def _entry_key(item: Item) -> Optional[str]:
    """The key of a heading, or of a short line ending in a page number; None for anything else."""
    text = _line_text(item)
    if text is None:
        return None
    key, paged = _read_entry(text)
    if isinstance(item, HeadingLine) or (paged and len(key) <= MAX_ENTRY):
        return key
    return None


def _split_restart(items: Sequence[Item], at: int, key: str, first_key: str) -> bool:
    """The body's first heading written on two lines (第一部分 / 某某局概况): the two give the first entry."""
    if not isinstance(items[at], HeadingLine) or at + 1 >= len(items) or not first_key.startswith(key):
        return False
    after = _line_text(items[at + 1])
    return after is not None and key + _key(after) == first_key


def _contents_line(items: Sequence[Item]) -> Optional[int]:
    """Where the 目录 line stands, when it comes before the report's prose."""
    for index, item in enumerate(items[:LOOK_AHEAD]):
        if isinstance(item, Paragraph):
            text = item.text.strip(_BLANK)
            if len(text) <= 8 and _key(text) in _CONTENTS_WORDS:
                return index
            if len(text) > MAX_PROSE_BEFORE:
                return None
        elif isinstance(item, AttachmentMark):
            return None  # an attachment before any 目录: the body has begun, none to set aside
        # (a table may stand before it: the cover's table of the evaluation group's members)
    return None


def _line_text(item: Item) -> Optional[str]:
    """The whole line of a heading or a paragraph (None for rows, fields and attachments)."""
    if isinstance(item, HeadingLine):
        return item.paragraph.text
    if isinstance(item, Paragraph):
        return item.text
    return None


def _listed_attachment(item: AttachmentMark) -> Optional[str]:
    """The line of an attachment the contents list after the headings (附件1 成本分析报告):
    an entry like them. None when the mark has no line of its own to set aside."""
    return item.paragraph.text if item.paragraph is not None else None


def _paragraph(item: Item) -> Paragraph:
    if isinstance(item, (HeadingLine, AttachmentMark)):
        return item.paragraph  # type: ignore[return-value]  (an AttachmentMark set aside has one)
    return item  # type: ignore[return-value]


def _without_page_number(text: str) -> Optional[str]:
    """The line without the page number it ends in (……3, ....12, 　5, 第3页), or None when it
    ends in none: the number must follow two leaders or a space, so 第3条 or 2022 stay."""
    text = text.rstrip(_BLANK)
    found = _TRAILING_NUMBER.search(text)
    if found is None:
        return None
    before = text[:found.start()]
    spaced = before.rstrip(_BLANK)
    entry = spaced.rstrip(_LEADERS + _BLANK)
    if not entry or (len(spaced) == len(before) and len(before) - len(entry) < 2):
        return None  # no space before the number, and fewer than two leaders
    return entry


def _read_entry(text: str) -> tuple[str, bool]:
    """An entry's title as its heading is compared (no page number, leaders, spaces, end marks,
    with brackets and script unified as `normalise_title` does), and whether it ends in a page number."""
    if "_Toc" in text:
        text = _FIELD_CODES.sub(" ", text)
    bare = _without_page_number(text)
    return normalise_title(bare if bare is not None else text).translate(_NO_LEADERS), bare is not None


def _key(text: str) -> str:
    return _read_entry(text)[0]


# an attachment the contents list, its name glued to its number (附件1成本费用分析报告)
# (附件1. 成本效益分析报告 too: a full stop after the number, but not 附件1.2)
_ATTACHMENT_ENTRY = regex_cache.compile(r"[ \t\u3000]*附件[ \t]*\d{1,2}(?!\d|[.．]\d)")
# the front part a contents may list first, a line of its own before the numbered headings
_FRONT_ENTRY = frozenset(("摘要", "报告摘要", "前言", "引言"))
# a closing note in brackets (（2000字以内）)
_CLOSING_NOTE = regex_cache.compile(r"（[^（）]{1,20}）$")


def _bare_title(key: str) -> str:
    """An entry's key without its marker (the outline's own marker syntax) and a closing note:
    一、摘要 and 摘要（2000字以内） → 摘要."""
    marker = read_marker(key)
    bare = key[marker.end:] if marker is not None else key
    stripped = _CLOSING_NOTE.sub("", bare)
    return stripped if len(stripped) >= 2 else bare
