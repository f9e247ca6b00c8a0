"""Template text left in a report: the template's instructions and its unfilled blanks.

Two sources: the profile's `template_phrases` (its exact instructions) and `placeholders`
(its own blank patterns), and shapes any template shares: a sentence that starts like an
instruction (简介… / 简述… / 请填写…; not 简要说明：<the writer's text>, a label), XXX, ××, 【请填写】, （单位名称）, the template's word
limit left after its prompt (（100字以内）), a figure never filled in (≥** 平方米), ____,
年  月  日.
Matching runs on the folded text (full-width digits as ASCII; same length as the text).
Shared by SEC010 (which reports them) and SEC009 (a section holding only instructions is
empty).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator, Optional

from reportlint import regex_cache
from reportlint.facts.indicators import COMPARISON
from reportlint.facts.text import SENTENCE_END_CHARS
from reportlint.parse.profiles import Profile
from reportlint.input.source import fold
from reportlint.parse.records import Record

# An instruction to the writer: a sentence that opens with 简介/简述/请填写… and ends within a
# short clause. The sentence start (text start, line start, after 。；！？) is checked by hand:
# a pattern that starts with a literal is scanned much faster than one with a lookbehind.
_INSTRUCTION = regex_cache.compile(
    r"(?P<prompt>简介|简述|简要(?:介绍|说明|描述)|请(?:简述|简要|填写|填报|说明|列明|列示|据实))"
    r"[^。；;！!？?\n]{2,40}[。；;]?"
)
_LABEL_END = "：:"  # a prompt word followed by a colon is the label of what follows it (简要说明：…)
_GAP = " \t\u3000\xa0"
_SENTENCE_END = SENTENCE_END_CHARS
# Placeholder shapes: (kind, anchors, gates, pattern). Every match holds one of its anchors, so
# the pattern runs only on the lines that hold one (str.find is much faster than the regex
# engine trying every position); None: the pattern starts with a literal, which the engine
# finds fast on its own. The gates are the shape's condition on the whole text: its matches
# count only when one of them is in it (tested only once a match is found).
_WORD_LIMIT_SOURCE = r"[（(][ ]*(?:限|不超过|不多于)?[ ]*\d{2,4}[ ]*字(?:以内|以下|左右)?[ ]*[）)]"
_PLACEHOLDER_PARTS = [
    ("placeholder", ("X", "x", "Ｘ", "ｘ"), ("XX", "xx", "Xx", "xX", "ＸＸ", "ｘｘ"),
     r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])"),
    ("placeholder", ("×", "✕"), ("××", "✕✕"), r"[×✕]{2,}"),
    # (not a headline's bracket that names a filled sample: 【项目支出绩效自评表填写样例】)
    ("hint", None, ("【",), r"【(?![^】\n]*(?:样例|范例|示例|范文))[^】\n]{0,30}?(?:请|填写|填报|输入|简述|简介|名称|此处)[^】\n]{0,30}】"),
    ("hint", ("请", "称", "填", "此", "比", "需"), ("名称", "全称", "（请", "(请", "填写", "此处", "比照", "（需", "(需"),
     r"[（(](?:请(?:填写|填报|输入|简述|简要|说明|列明|列示|补充|选择)[^）)\n]{0,30}"
     r"|[^）)\n：:，,]{0,8}(?:名称|全称)|填写[^）)\n]{0,20}|此处[^）)\n]{0,20}"
     # a template's note on what the part must hold: （比照预算公开的内容格式）, （需公开内设机构数量…）
     r"|比照[^）)\n]{1,20}(?:格式|口径|内容)|需(?:公开|填写|填报|列明|注明|写明)[^）)\n]{0,30})[）)]"),
    # the template's word limit left after a prompt: 项目主要内容及成效（100字以内）
    ("hint", ("字",), ("字以内", "字以下", "字左右", "不超过", "限"), _WORD_LIMIT_SOURCE),
    # a figure never filled in: ≥** 平方米, ≤**%, **万元
    ("placeholder", ("*", "＊"), ("*", "＊"),
     r"[≥≤>＜<＞＝=][ ]*[*＊]{1,4}|(?<![*＊\w])[*＊]{2,4}(?=[ ]*(?:[%％元个人项次户家分天年月日号]|万元|平方米|公里|米))"),
    ("blank", ("_", "＿"), ("___", "＿＿"), r"_{3,}|＿{2,}"),
    ("blank", None, ("年  ", "年\u3000", "年 \u3000", "年\xa0"), r"年[ \u3000\xa0]{2,}月[ \u3000\xa0]{2,}日"),
]
_PLACEHOLDERS = [(kind, anchors, gates, regex_cache.compile(pattern))
                 for kind, anchors, gates, pattern in _PLACEHOLDER_PARTS]
_WORD_LIMIT = next(pattern for _, _, _, pattern in _PLACEHOLDERS if pattern.pattern == _WORD_LIMIT_SOURCE)
# A duty that holds only when a condition is met, stated by the form itself in its notes: 预算执行率
# 未达到90%的需说明原因（100字以内）, 如有调整，请说明理由（100字以内）. Every filled copy prints it, so
# its word limit is the form's own text, not a prompt left unanswered (说明相关任务的完成情况（100字以内）
# is one: an unconditional prompt). Looked for in the clause before the limit.
_CONDITIONAL_DUTY = regex_cache.compile(
    r"(?:的|(?:如|若|如果)[^。；;！？]{1,30}?)[，,]?(?:则)?(?:需|须|应|请|要)(?:当|另行|单独)?"
    r"(?:说明|写明|注明|列明|阐明|分析)[^。；;！？（(]{0,12}$")
_CLAUSE_BACK = 48  # how far back the clause of a word limit is looked at
_SPACE = regex_cache.compile(r"[\s\u3000\xa0]+")
_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}


class Leftover(Record):
    __slots__ = ("block", "start", "end", "kind", "text")

    block: object  # Paragraph or Cell
    start: int
    end: int
    kind: str  # instruction | placeholder | hint | blank
    text: str

    def __init__(self, block: object, start: int, end: int, kind: str, text: str) -> None:
        self.block = block
        self.start = start
        self.end = end
        self.kind = kind
        self.text = text


def _phrase_pattern(phrase: str) -> Optional[str]:
    """The phrase, tolerant of spaces and punctuation width, with its closing 。 if any."""
    chars = [c for c in _SPACE.sub("", phrase).rstrip("。.") if c]
    if not chars:
        return None
    parts = []
    for char in chars:
        alternatives = {char, _PUNCT.get(char, char)} | {k for k, v in _PUNCT.items() if v == char}
        parts.append("[" + "".join(re.escape(a) for a in sorted(alternatives)) + "]" if len(alternatives) > 1
                     else re.escape(char))
    return r"[ \u3000\xa0]*".join(parts) + r"[ \u3000\xa0]*[。.]?"


_PROFILE_CACHE: dict[int, tuple[Profile, Optional[re.Pattern], Optional[re.Pattern]]] = {}


def _profile_patterns(profile: Optional[Profile]) -> tuple[Optional[re.Pattern], Optional[re.Pattern]]:
    """The profile's phrases and placeholders, each as one alternation (compiled once per profile)."""
    if profile is None:
        return None, None
    cached = _PROFILE_CACHE.get(id(profile))
    if cached is not None and cached[0] is profile:
        return cached[1], cached[2]
    phrases = [p for p in (_phrase_pattern(text) for text in profile.template_phrases) if p is not None]
    # longest first, so that a phrase and a longer one that starts like it match the longer
    phrases.sort(key=len, reverse=True)
    phrase_re = regex_cache.compile("|".join(f"(?:{p})" for p in phrases)) if phrases else None
    blank_re = regex_cache.compile("|".join(f"(?:{p})" for p in profile.placeholders)) if profile.placeholders else None
    _PROFILE_CACHE[id(profile)] = (profile, phrase_re, blank_re)
    return phrase_re, blank_re


def find_in_text(block, profile: Optional[Profile], view: Optional[str] = None,
                 instructions_only: bool = False) -> list[Leftover]:
    """Leftovers in one piece of text (a Paragraph or Cell); offsets in block.text.

    `view` is the block's folded text (`context.facts.block_text(block).view`), folded here if not given.
    `instructions_only`: only the instructions (SEC009), found as in a full scan (they come first).
    """
    text = block.text
    if not text:
        return []
    if view is None or len(view) != len(text):
        view = fold(text)
    return [Leftover(block, start, end, kind, text[start:end])
            for start, end, kind in _scan(view, profile, instructions_only)]


def _scan(view: str, profile: Optional[Profile], instructions_only: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the leftovers in `view`, without overlaps (the profile's phrases first)."""
    phrases, blanks = _profile_patterns(profile)
    found: list[tuple[int, int, str]] = []
    # the kept spans never overlap, so sorted by start they are sorted by end too: a new span
    # overlaps one only if it overlaps its neighbour on either side (no scan of all of them)
    starts: list[int] = []
    ends: list[int] = []

    def add(start: int, end: int, kind: str) -> None:
        if end <= start:
            return
        at = bisect_right(starts, start)
        if (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            return
        starts.insert(at, start)
        ends.insert(at, end)
        found.append((start, end, kind))

    if phrases is not None:
        for match in phrases.finditer(view):
            add(match.start(), match.end(), "instruction")
    for match in _instructions(view):
        before = match.start() - 1
        while before >= 0 and view[before] in " \t\u3000\xa0":
            before -= 1
        if (before < 0 or view[before] in _SENTENCE_END) and not _labels_the_writers_text(view, match):
            add(match.start(), match.end(), "instruction")
    if instructions_only:  # the instructions are added first: what comes next never displaces one
        found.sort()
        return found
    if blanks is not None:
        for match in blanks.finditer(view):
            add(match.start(), match.end(), "placeholder")
    for kind, anchors, gates, pattern in _PLACEHOLDERS:
        lines = _lines_with(view, anchors) if anchors is not None else None
        if lines is None:
            matches = list(pattern.finditer(view))
        else:
            matches = [match for start, end in lines for match in pattern.finditer(view, start, end)]
        if matches and any(gate in view for gate in gates):
            for match in matches:
                if pattern is _WORD_LIMIT and _in_a_conditional_duty(view, match.start()):
                    continue
                if anchors == ("*", "＊") and (_named_then_filled(view, match) or _in_a_scoring_note(view, match)):
                    continue
                add(match.start(), match.end(), kind)
    found.sort()
    return found


# a form's printed note on scoring a kind of indicator, its target's shape in brackets as "any
# value": 若定量指标为正向指标（即指标值为≥*），则得分=…; 若为反向指标(即指标值≤*) (the note, in
# its sentence, after 若/如 and a word for the indicator)
_SCORING_NOTE = regex_cache.compile(r"(?:若|如果?)[^。；;\n]{0,30}?指标[^。；;\n（(）)]{0,12}?[（(][ ]*即?[^（(）)\n]{0,8}$")


def _in_a_scoring_note(view: str, match: re.Match) -> bool:
    """Whether an unfilled figure (≥*) stands in a form's note on how a kind of indicator is scored."""
    start = match.start()
    return _SCORING_NOTE.search(view, max(0, start - 50), start) is not None


# an indicator named as the indicator library names it, its target's shape at its end, in
# brackets or not: 农村低保发放人数(按月平均)(≥**人), 受益建档立卡贫困人口数≥**人
_NAME_SPEC_END = regex_cache.compile(r"[^（()）\n|\t，,。；;]{0,10}?(?:[）)]|[ \u3000]*(?:[|\t\n]|$))")
_FILLED_TARGET = regex_cache.compile(rf"(?:{COMPARISON})[ ]*\d")
_CJK_CHAR = regex_cache.compile(r"[\u4e00-\u9fff）)]")


def _named_then_filled(view: str, match: re.Match) -> bool:
    """Whether an unfilled figure (≥**) is the indicator library's shape of a target ending the
    indicator's name (after its words, in brackets or not, at the end of its cell or line), its
    filled target in the next cells (≥21933人): the library's name, copied as it is, not a blank
    left in the report. A target cell left unfilled (≥**人 alone) has no name before it."""
    start = match.start()
    before = start - 1
    if before >= 0 and view[before] in "（(":
        before -= 1
    if before < 0 or _CJK_CHAR.match(view, before) is None:
        return False
    close = _NAME_SPEC_END.match(view, match.end())
    if close is None:
        return False
    return _FILLED_TARGET.search(view, close.end(), close.end() + 120) is not None


def _labels_the_writers_text(view: str, match: re.Match) -> bool:
    """Whether the instruction's prompt word is a label and the writer's own text follows it
    (简要说明：本局下设三个股室。): the template's prompt, answered. It is left over when
    what follows the label is still the template's instruction (简要说明：请填写项目情况。)."""
    after = match.end("prompt")
    while after < len(view) and view[after] in _GAP:
        after += 1
    if after >= len(view) or view[after] not in _LABEL_END:
        return False
    after += 1
    while after < len(view) and view[after] in _GAP:
        after += 1
    return _INSTRUCTION.match(view, after) is None


def _in_a_conditional_duty(view: str, start: int) -> bool:
    """The word limit at `start` closes a duty the form states for a condition (the form's notes)."""
    begin = max(view.rfind("\n", 0, start) + 1, start - _CLAUSE_BACK)
    clause = view[begin:start]
    for mark in "。；;！？":
        clause = clause.rpartition(mark)[2]
    return _CONDITIONAL_DUTY.search(clause) is not None


def _instructions(view: str) -> Iterator[re.Match]:
    """`_INSTRUCTION.finditer(view)`, tried only where 简 or 请 stands (every match starts with
    one): the same matches, without the regex engine trying every position of the text."""
    simple, please = view.find("简"), view.find("请")
    while simple >= 0 or please >= 0:
        at = please if simple < 0 or 0 <= please < simple else simple
        match = _INSTRUCTION.match(view, at)
        if match is not None:
            yield match
        resume = match.end() if match is not None else at + 1
        if 0 <= simple < resume:
            simple = view.find("简", resume)
        if 0 <= please < resume:
            please = view.find("请", resume)


_MAX_LINES = 64  # more lines with an anchor than this: the whole view is scanned, in one call


def _lines_with(view: str, anchors: tuple[str, ...]) -> Optional[list[tuple[int, int]]]:
    """(start, end) of each line of `view` that holds one of `anchors`, in order, without its "\\n";
    None when more than _MAX_LINES do (a report full of them: scanning it all is as fast).

    No placeholder pattern matches a "\\n", so its matches in the view are its matches in these lines.
    """
    lines: set[tuple[int, int]] = set()
    for anchor in anchors:
        at = view.find(anchor)
        while at >= 0:
            start = view.rfind("\n", 0, at) + 1
            end = view.find("\n", at)
            if end < 0:
                end = len(view)
            lines.add((start, end))
            if len(lines) > _MAX_LINES:
                return None
            at = view.find(anchor, end)
    return sorted(lines)


def find_leftovers(source, profile: Optional[Profile]) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, kind, text) of every leftover in the whole source text, in one pass.

    Each pattern stops at line ends, so a match never spans two paragraphs or cells.
    """
    text = source.text
    for start, end, kind in _scan(source.view, profile):
        yield start, end, kind, text[start:end]

