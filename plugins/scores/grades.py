"""Grade bands: which grade a score earns, and the words reports use for each grade.

The bands come from the profile (`profile.grades`; default 财预〔2020〕10号: 90–100 优,
80–90 良, 60–80 中, under 60 差, lower bound included). A band's synonyms (优秀, 第一等级)
name the same grade.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from reportlint.parse.profiles import DEFAULT_GRADES, GradeBand


def bands_of(profile) -> list[GradeBand]:
    grades = getattr(profile, "grades", None) if profile is not None else None
    return list(grades) if grades else list(DEFAULT_GRADES)


def full_score_of(profile) -> Decimal:
    value = getattr(profile, "full_score", None) if profile is not None else None
    return Decimal(value) if value is not None else Decimal(100)


def grade_names(bands: list[GradeBand]) -> dict[str, GradeBand]:
    """Every word for a grade (the grade and its synonyms) → its band."""
    names: dict[str, GradeBand] = {}
    for band in bands:
        for name in (band.grade, *band.synonyms):
            names.setdefault(name, band)
    return names


def band_for(score: Decimal, bands: list[GradeBand]) -> Optional[GradeBand]:
    """The band whose [min, max) holds the score (max None: no upper bound)."""
    for band in bands:
        if score >= band.min and (band.max is None or score < band.max):
            return band
    return None


def describe(band: GradeBand) -> str:
    """'90分及以上' / '80（含）至90分' for a message."""
    low = format(band.min.normalize(), "f")
    if band.max is None:
        return f"{low}分及以上"
    return f"{low}（含）至{format(band.max.normalize(), 'f')}分"
