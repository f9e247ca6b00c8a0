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
_PLACES = ("", "十", "百", "千")


def int_to_cn(value: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十; outside 1-9999 the digits.

    For messages that suggest the expected marker; a hostile report can number hundreds of items.
    """
    if not 1 <= value <= 9999:
        return str(value)
    digits = str(value)
    out: list[str] = []
    zero_pending = False
    for index, digit in enumerate(digits):
        place = len(digits) - index - 1
        if digit == "0":
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(INT_TO_CN[int(digit)] + _PLACES[place])
    text = "".join(out)
    return text[1:] if 10 <= value < 20 else text  # 十二, not 一十二
