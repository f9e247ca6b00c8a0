"""Chinese numerals as used in markers (一、 （十二）), enumerations (三是) and dates (二〇二二年)."""

from __future__ import annotations

from typing import Optional

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ① … ⑳


def cn_to_int(text: str) -> Optional[int]:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99, 二〇二二 → 2022 (digit by digit). None if not a numeral."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" not in text and "百" not in text:
        value = 0
        for ch in text:
            if ch not in DIGITS:
                return None
            value = value * 10 + DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


INT_TO_CN = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}
CN_DIGITS = "〇一二三四五六七八九"  # ideographic digits: 二〇二二, Word's ideographDigital
CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"  # financial (大写) digits, Word's chineseLegalSimplified


def int_to_cn(value: int, digits: str = CN_DIGITS, ten: str = "十", hundred: str = "百",
              thousand: str = "千") -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十; outside 1-9999 the digits.

    The one converter of the project: messages that suggest the expected marker, and Word's
    numbering formats (`chineseCounting`; with `CN_LEGAL`, 拾, 佰, 仟 the legal 壹拾贰). A
    hostile report can number hundreds of items, and Word lists thousands.
    """
    if not 1 <= value <= 9999:
        return str(value)
    zero = "零" if digits[0] == "〇" else digits[0]
    out: list[str] = []
    rest, pending_zero = value, False
    for size, name in ((1000, thousand), (100, hundred), (10, ten)):
        count, rest = divmod(rest, size)
        if count:
            if pending_zero:
                out.append(zero)
                pending_zero = False
            out.append(("" if size == 10 and count == 1 and not out else digits[count]) + name)  # 十二, not 一十二
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out.append(zero)
        out.append(digits[rest])
    return "".join(out)


def int_to_cn_digits(value: int, digits: str = CN_DIGITS) -> str:
    """2022 → 二〇二二 (digit by digit, as years are written); negative numbers as they are."""
    return "".join(digits[int(d)] for d in str(value)) if value >= 0 else str(value)
