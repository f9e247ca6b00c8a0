"""Grade bands a report writes itself (85分（含）以上为优秀，70分（含）至85分为良好 …).

Why: the bands differ between provinces, years and kinds of evaluation, and a profile holds
one set (default 财预〔2020〕10号: 90 / 80 / 60). A report that writes the bands it applied
is judged by its own words: SCO006 grades it by the lowest scores it writes for each grade,
and not at all when what it writes does not make one set of bands.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterator, Optional

from reportlint import regex_cache
from reportlint.parse.profiles import GradeBand

_NUMBER = r"(\d{2,3}(?:\.\d+)?)"
_INCLUDED = r"\s*分?\s*(?:[（(](?:含|不含)[^）)]{0,4}[)）])?\s*"
_LINK = r"\s*(?:的|者)?\s*(?:为|评为|定为|属于|属|是|即为|：|:)?\s*[“\"「]?"


@lru_cache(maxsize=8)
def _patterns(grades: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    words = "|".join(re.escape(g) for g in sorted(grades, key=len, reverse=True))
    return (
        # 90分（含）以上为优 / 85分及以上的为优秀 / ≥90分为优
        regex_cache.compile(rf"(?:≥|>=|＞=)?\s*{_NUMBER}{_INCLUDED}(?:及|或)?(?:以上|以上（含）){_LINK}({words})"),
        # 80（含）-90分为良 / 75至89分为良好 / 80≤得分<90为良
        regex_cache.compile(rf"{_NUMBER}{_INCLUDED}(?:[-—–~～至到]|≤\s*(?:得分|分数|总分)?\s*[<＜])\s*\d{{2,3}}(?:\.\d+)?"
                            rf"{_INCLUDED}(?:之间)?{_LINK}({words})"),
        # 优（90分以上）/ 良好（80-89分）/ 优秀：90分及以上
        regex_cache.compile(rf"({words})\s*[（(：:]\s*(?:≥|>=)?\s*{_NUMBER}{_INCLUDED}(?:及|或)?(?:以上|[-—–~～至到])"),
    )


def stated_minimums(facts: Any, bands: list[GradeBand]) -> Iterator[tuple[GradeBand, Decimal]]:
    """(band named, the lowest score the report says earns it) for every band definition written."""
    names: dict[str, GradeBand] = {}
    for band in bands:
        for name in (band.grade, *band.synonyms):
            names.setdefault(name, band)
    if not names:
        return
    number_first, range_first, grade_first = _patterns(tuple(names))
    for item in facts.blocks:
        view = item.view
        if "分" not in view or not any(name in view for name in names):
            continue
        for pattern in (number_first, range_first):
            for match in pattern.finditer(view):
                yield names[match.group(2)], Decimal(match.group(1))
        for match in grade_first.finditer(view):
            yield names[match.group(1)], Decimal(match.group(2))


def bands_as_stated(facts: Any, bands: list[GradeBand]) -> Optional[list[GradeBand]]:
    """`bands` with each lowest score the report writes put in, the upper bounds following
    (a band ends where the next better one starts); `bands` when the report writes none,
    None when what it writes is not one set (two lowest scores for one grade, or a worse
    grade starting above a better one)."""
    written: dict[str, Decimal] = {}
    for band, minimum in stated_minimums(facts, bands):
        if written.setdefault(band.grade, minimum) != minimum:
            return None
    if not written:
        return bands
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)  # best first
    out: list[GradeBand] = []
    above: Optional[Decimal] = None
    for band in ordered:
        minimum = written.get(band.grade, band.min)
        if above is not None and minimum >= above:
            return None
        out.append(band.model_copy(update={"min": minimum, "max": above if band.max is not None else None}))
        above = minimum
    return out
