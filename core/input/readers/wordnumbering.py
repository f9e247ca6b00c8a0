"""Word's automatic numbering (numbering.xml) rendered as the marker a reader sees.

A heading numbered by Word has no `一、` in its text: the marker lives in numbering.xml as a
format and a counter. Rendering it is what makes a Word-numbered heading a heading for the
grammar. Counters behave as in Word (see `Numbering`); the Chinese numerals come from
`reportlint.numerals`, the project's one converter.

Bounded so that a tiny numbering.xml cannot cost more than the markers it shows: levels are
0-8 (Word's nine; another ilvl has no marker), a number attribute longer than 11 characters
is invalid (Word's values are 32-bit), a value above `MAX_FORMATTED_VALUE` is shown as
digits whatever its format (no run of ten million letters), and an lvlText longer than
`MAX_LEVEL_TEXT` is refused (`LimitExceeded`): real ones are a few characters (``%1、``,
``%1.%2.%3``), and every paragraph of the list renders it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from reportlint import regex_cache
from ...errors import LimitExceeded
from ...numerals import CN_DIGITS, CN_LEGAL, int_to_cn, int_to_cn_digits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FALSE = {"0", "false", "off"}
LEVELS = range(9)  # w:ilvl 0-8
MAX_FORMATTED_VALUE = 10_000  # above it every format is shown as digits
MAX_LEVEL_TEXT = 255  # characters of one w:lvlText
_MAX_NUMBER_CHARS = 11  # "-2147483648"


def chinese_counting(value: int, digits: str = CN_DIGITS, ten: str = "十", hundred: str = "百",
                     thousand: str = "千") -> str:
    """Word's chineseCounting (1 → 一, 12 → 十二, 105 → 一百零五): `numerals.int_to_cn`."""
    return int_to_cn(value, digits, ten, hundred, thousand)


def _letters(value: int, upper: bool) -> str:
    if value <= 0:
        return str(value)
    letter = chr(ord("A" if upper else "a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _roman(value: int, upper: bool) -> str:
    if value <= 0 or value >= 4000:
        return str(value)
    out = ""
    for number, text in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= number:
            out += text
            value -= number
    return out.upper() if upper else out


def _enclosed(first: int, last: int):
    return lambda v: chr(first + v - 1) if 1 <= v <= last else str(v)


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda v: f"{v:02d}",
    "decimalFullWidth": lambda v: str(v).translate(_FULLWIDTH),
    "decimalFullWidth2": lambda v: str(v).translate(_FULLWIDTH),
    "decimalEnclosedCircle": _enclosed(0x2460, 20),
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 20),
    "decimalEnclosedParen": _enclosed(0x2474, 20),
    "decimalEnclosedFullstop": _enclosed(0x2488, 20),
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,
    "chineseLegalSimplified": lambda v: chinese_counting(v, CN_LEGAL, "拾", "佰", "仟"),
    "ideographLegalTraditional": lambda v: chinese_counting(v, CN_LEGAL, "拾", "佰", "仟"),
    "ideographDigital": int_to_cn_digits,
    "taiwaneseDigital": int_to_cn_digits,
    "ideographTraditional": lambda v: "甲乙丙丁戊己庚辛壬癸"[v - 1] if 1 <= v <= 10 else str(v),
    "ideographZodiac": lambda v: "子丑寅卯辰巳午未申酉戌亥"[v - 1] if 1 <= v <= 12 else str(v),
    "lowerLetter": lambda v: _letters(v, False),
    "upperLetter": lambda v: _letters(v, True),
    "lowerRoman": lambda v: _roman(v, False),
    "upperRoman": lambda v: _roman(v, True),
    "none": lambda v: "",
}
_SUFFIX = {"tab": " ", "space": " ", "nothing": ""}
_LEVEL_REF = regex_cache.compile(r"%([1-9])")


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: Optional[int] = None  # w:lvlRestart: None = after any higher level; 0 = never
    legal: bool = False  # w:isLgl: referenced levels shown as decimal
    suffix: str = " "
    style: Optional[str] = None  # w:pStyle: the paragraph style bound to this level


def w_val(element, name: str) -> Optional[str]:
    child = element.find(W + name) if element is not None else None
    return child.get(W + "val") if child is not None else None


def w_int(value: Optional[str], default: Optional[int] = None) -> Optional[int]:
    """A WordprocessingML number attribute; `default` when missing or invalid (too long for
    Word's 32-bit values: a thousand-digit start value is not a start value)."""
    if value is None or len(value) > _MAX_NUMBER_CHARS:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def format_value(fmt: str, value: int) -> str:
    """`value` in the numbering format `fmt` (decimal for unknown formats and large values)."""
    if value > MAX_FORMATTED_VALUE and fmt != "none":
        return str(value)
    return _FORMATS.get(fmt, str)(value)


def _parse_level(element, base: Optional[Level] = None) -> Level:
    level = Level(**base.__dict__) if base else Level()
    if element.find(W + "start") is not None:
        level.start = w_int(w_val(element, "start"), level.start)
    if element.find(W + "numFmt") is not None:
        level.fmt = w_val(element, "numFmt") or "decimal"
    text_el = element.find(W + "lvlText")
    if text_el is not None:
        level.text = text_el.get(W + "val") or ""
        if len(level.text) > MAX_LEVEL_TEXT:
            raise LimitExceeded(f"numbering.xml: a list level's text (w:lvlText) has {len(level.text)} characters, "
                                f"over the limit of {MAX_LEVEL_TEXT} / 自动编号格式过长，拒绝处理")
    if element.find(W + "lvlRestart") is not None:
        level.restart = w_int(w_val(element, "lvlRestart"))
    legal = element.find(W + "isLgl")
    if legal is not None:
        level.legal = (legal.get(W + "val") or "1").lower() not in FALSE
    if element.find(W + "suff") is not None:
        level.suffix = _SUFFIX.get(w_val(element, "suff") or "tab", " ")
    if element.find(W + "pStyle") is not None:
        level.style = w_val(element, "pStyle")
    if element.find(W + "lvlPicBulletId") is not None:
        level.fmt, level.text = "bullet", "•"
    return level


class Numbering:
    """Word's list counters, advanced paragraph by paragraph in document order.

    Counters belong to the abstract definition (Word continues a list across `w:num`
    instances of one abstractNum); a `w:num` whose `w:lvlOverride` has a `w:startOverride`
    restarts those levels the first time it is used ("restart numbering" in Word).
    """

    def __init__(self, numbering_element=None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        if numbering_element is None:
            return
        links: dict[str, str] = {}
        style_owner: dict[str, str] = {}
        for abstract in numbering_element.iterfind(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            levels = {}
            for lvl in abstract.iterfind(W + "lvl"):
                ilvl = w_int(lvl.get(W + "ilvl"), 0)
                if ilvl in LEVELS:
                    levels[ilvl] = _parse_level(lvl)
            self.abstract[abstract_id] = levels
            if w_val(abstract, "numStyleLink"):
                links[abstract_id] = w_val(abstract, "numStyleLink")
            if w_val(abstract, "styleLink"):
                style_owner[w_val(abstract, "styleLink")] = abstract_id
        for abstract_id, style in links.items():  # a list that borrows another's definition by style
            owner = style_owner.get(style)
            if owner and not self.abstract[abstract_id]:
                self.abstract[abstract_id] = self.abstract.get(owner, {})
        for num in numbering_element.iterfind(W + "num"):
            num_id = num.get(W + "numId")
            abstract_id = w_val(num, "abstractNumId")
            base = self.abstract.get(abstract_id, {})
            levels, starts = dict(base), {}
            for override in num.iterfind(W + "lvlOverride"):
                ilvl = w_int(override.get(W + "ilvl"), 0)
                if ilvl not in LEVELS:
                    continue
                start = w_int(w_val(override, "startOverride"))
                if start is not None:
                    starts[ilvl] = start
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _parse_level(lvl, base.get(ilvl))
            self.nums[num_id] = (abstract_id, levels, starts)

    def level_for_style(self, num_id: str, style_id: str) -> Optional[int]:
        entry = self.nums.get(num_id)
        if entry:
            for ilvl, level in entry[1].items():
                if level.style == style_id:
                    return ilvl
        return None

    def marker(self, num_id: str, ilvl: int) -> str:
        """Advance the counters for one numbered paragraph and return its marker ('' if none)."""
        entry = self.nums.get(num_id)
        if entry is None or ilvl not in LEVELS:
            return ""
        abstract_id, levels, starts = entry
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for overridden in starts:
                counters.pop(overridden, None)
        level = levels.get(ilvl) or Level()

        def start_of(index: int) -> int:
            return starts.get(index, (levels.get(index) or Level()).start)

        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start_of(ilvl)
        for deeper in [d for d in counters if d > ilvl]:
            restart = (levels.get(deeper) or Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            symbol = level.text or "•"
            return ("•" if any(0xE000 <= ord(ch) <= 0xF8FF for ch in symbol) else symbol) + level.suffix

        def replace(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            value = counters.get(index, start_of(index))
            fmt = "decimal" if level.legal else (levels.get(index) or Level()).fmt
            return format_value(fmt, value)

        text = _LEVEL_REF.sub(replace, level.text)
        return text + level.suffix if text else ""
